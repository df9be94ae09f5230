//! The user's config file as a person meets it: `soc2 config …` and `soc2 keys` run as
//! real processes, and the app driven by real key events through the configured keymap.

mod cli_support;
mod tui_support;

use std::path::Path;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use soc2_workbook::model::BacklogStatus;
use soc2_workbook::tui::config;
use soc2_workbook::tui::event_loop;
use soc2_workbook::tui::views::View;

use cli_support::{soc2, stderr, stdout};

/// Presses a key as the terminal would report it, through the app's keymap.
fn press(app: &mut soc2_workbook::tui::app::App, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = event_loop::action_for(app, &event) {
        app.update(action);
    }
}

fn app_with_config(text: &str) -> soc2_workbook::tui::app::App {
    let mut app = tui_support::app();
    let cfg = config::parse(text, "config.toml").expect("a valid config");
    app.set_keymap(cfg.keymap);
    app
}

const DONE_ON_X: &str = "[keys.backlog]\n\"x\" = \"set-backlog-status-done\"\n\"d\" = \"none\"\n";

#[test]
fn an_override_changes_what_a_key_does() {
    let mut plain = tui_support::app();
    press(&mut plain, KeyCode::Char('4'));
    assert_eq!(plain.view(), View::Backlog);
    press(&mut plain, KeyCode::Char('x'));
    assert_ne!(
        plain.wb().backlog[0].status,
        BacklogStatus::Done,
        "x is unbound by default"
    );

    let mut app = app_with_config(DONE_ON_X);
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Char('d'));
    assert_ne!(
        app.wb().backlog[0].status,
        BacklogStatus::Done,
        "d was unbound"
    );
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(app.wb().backlog[0].status, BacklogStatus::Done);
}

#[test]
fn help_and_hints_show_the_overridden_key() {
    let mut app = app_with_config(DONE_ON_X);
    press(&mut app, KeyCode::Char('4'));
    let screen = tui_support::text(&tui_support::draw(&mut app, 120, 30));
    let hints = screen.lines().nth(29).unwrap_or_default();
    assert!(hints.contains("x done"), "{hints}");
    assert!(!hints.contains("d done"), "{hints}");
    press(&mut app, KeyCode::Char('?'));
    let help = tui_support::text(&tui_support::draw(&mut app, 120, 40));
    let line = help
        .lines()
        .find(|l| l.contains("status: done"))
        .unwrap_or_default();
    assert!(line.contains(" x "), "{line}");
    assert!(!line.contains("d/"), "{line}");
}

#[test]
fn a_bad_config_still_starts_with_the_defaults_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "theme = \"light\"\n\n[keys.backlog]\n\"x\" = \"mark-done\"\n",
    )
    .unwrap();
    let mut app = tui_support::app();
    config::apply(&mut app, config::settings(Some(&path), None));
    let screen = tui_support::text(&tui_support::draw(&mut app, 120, 30));
    assert!(screen.contains("Config not used"), "{screen}");
    assert!(
        screen.contains("config.toml:4:7: error: unknown action `mark-done`"),
        "{screen}"
    );
    assert!(screen.contains("soc2 config check"), "{screen}");
    let narrow = tui_support::text(&tui_support::draw(&mut app, 80, 24));
    assert!(
        narrow.contains("lists every action's name)"),
        "wrapped, not cut:\n{narrow}"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Char('d'));
    assert_eq!(
        app.wb().backlog[0].status,
        BacklogStatus::Done,
        "the default keys work"
    );
}

fn with_config(path: &Path) -> assert_cmd::Command {
    let mut cmd = soc2();
    cmd.env("SOC2_CONFIG", path);
    cmd
}

#[test]
fn config_path_names_the_file_in_the_per_user_config_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = soc2()
        .args(["config", "path"])
        .env_remove("SOC2_CONFIG")
        .env_remove("SOC2_NO_PREFS")
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("conf"))
        .assert()
        .success();
    let printed = stdout(out.get_output());
    assert_eq!(
        printed.trim_end(),
        dir.path()
            .join("conf/soc2/config.toml")
            .display()
            .to_string()
    );
    let named = dir.path().join("mine.toml");
    let out = with_config(&named)
        .args(["config", "path"])
        .assert()
        .success();
    assert_eq!(
        stdout(out.get_output()).trim_end(),
        named.display().to_string()
    );
}

#[test]
fn config_check_accepts_none_and_a_good_file_and_names_the_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let out = with_config(&path)
        .args(["config", "check"])
        .assert()
        .code(0);
    assert!(stdout(out.get_output()).contains("no config file, using defaults"));
    std::fs::write(
        &path,
        "theme = \"light\"\n[keys.backlog]\n\"x\" = \"set-backlog-status-done\"\n",
    )
    .unwrap();
    with_config(&path)
        .args(["config", "check"])
        .assert()
        .code(0);
    std::fs::write(
        &path,
        "theme = \"light\"\n\n[keys.backlog]\n\"x\" = \"mark-done\"\n\"ctrl-x\" = \"undo\"\n\"ctrl-X\" = \"redo\"\n",
    )
    .unwrap();
    let out = with_config(&path)
        .args(["config", "check"])
        .assert()
        .code(1);
    let err = stderr(out.get_output());
    let shown = path.display();
    assert!(
        err.contains(&format!("{shown}:4:7: error: unknown action `mark-done`")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{shown}:6:1: error: key `ctrl-x` is bound twice in [keys.backlog]: to `undo` and to `redo`"
        )),
        "{err}"
    );
    std::fs::write(&path, "theme = \"light\"\ntheme = \"dark\"\n").unwrap();
    let out = with_config(&path)
        .args(["config", "check"])
        .assert()
        .code(1);
    assert!(stderr(out.get_output()).contains(&format!("{shown}:2:1: error:")));
}

#[test]
fn config_init_writes_a_valid_example_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/config.toml");
    with_config(&path).args(["config", "init"]).assert().code(0);
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("[keys.backlog]"));
    with_config(&path)
        .args(["config", "check"])
        .assert()
        .code(0);
    std::fs::write(&path, "theme = \"mono\"\n").unwrap();
    let out = with_config(&path).args(["config", "init"]).assert().code(2);
    assert!(stderr(out.get_output()).contains("never overwrites"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "theme = \"mono\"\n"
    );
}

#[test]
fn keys_shows_the_effective_keymap_and_defaults_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, DONE_ON_X).unwrap();
    let out = with_config(&path).arg("keys").assert().success();
    let keys = stdout(out.get_output());
    assert!(
        keys.contains("| `x` | status: done | `set-backlog-status-done` |"),
        "{keys}"
    );
    let out = with_config(&path)
        .args(["keys", "--defaults"])
        .assert()
        .success();
    let keys = stdout(out.get_output());
    assert!(
        keys.contains("| `d` | status: done | `set-backlog-status-done` |"),
        "{keys}"
    );
    std::fs::write(&path, "[keys.backlog]\n\"x\" = \"mark-done\"\n").unwrap();
    let out = with_config(&path).arg("keys").assert().success();
    assert!(stderr(out.get_output()).contains("unknown action `mark-done`"));
    assert!(stdout(out.get_output()).contains("| `d` | status: done |"));
}

#[test]
fn the_configured_theme_draws_unless_no_color_is_set() {
    use soc2_workbook::tui::theme::Theme;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "theme = \"light\"\n[colors]\ntitle = \"magenta\"\n").unwrap();
    let light = config::settings(Some(&path), None);
    assert_eq!(light.problem, None);
    assert_eq!(light.theme.selected, Theme::light().selected);
    assert_eq!(light.theme.title.fg, Some(ratatui::style::Color::Magenta));
    let mut app = tui_support::app_with(tui_support::workbook(), light.theme);
    let buf = tui_support::draw(&mut app, 100, 30);
    let tab = buf[(1, 0)].style();
    assert_eq!(
        tab.bg,
        Theme::light().tab_active.bg,
        "the active tab is drawn in the light theme"
    );
    let mono = config::settings(Some(&path), Some(std::ffi::OsStr::new("1")));
    assert_eq!(mono.theme, Theme::mono(), "NO_COLOR wins over the config");
}
