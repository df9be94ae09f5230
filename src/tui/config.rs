//! The user's config file: key overrides and a theme, read at start, never written.
//!
//! Why TOML: a person edits this file by hand, and TOML's `[keys.backlog]` tables and
//! `"x" = "set-backlog-status-done"` lines read as what they mean, with comments; the
//! workbook stays RON because it is data the app writes. Why so strict: a typo in a
//! hand-written file must be named (file, line, column, the bad word) rather than
//! silently dropped, and a bad file leaves the defaults in force instead of half a config.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use super::keymap::{self, Keymap, Override};
use super::theme::{Role, Theme, ThemeName};

/// The file name inside the per-user config folder.
pub const FILE_NAME: &str = "config.toml";

/// The config file to read: `SOC2_CONFIG` when set, none when `SOC2_NO_PREFS` is set
/// (tests), otherwise `config.toml` in the platform's per-user config folder for `soc2`.
pub fn path_from_env() -> Option<PathBuf> {
    path_for(
        std::env::var_os("SOC2_CONFIG").as_deref(),
        std::env::var_os("SOC2_NO_PREFS").as_deref(),
    )
}

/// [`path_from_env`] with the variables passed in, so tests need no environment.
pub fn path_for(config: Option<&OsStr>, no_prefs: Option<&OsStr>) -> Option<PathBuf> {
    if let Some(p) = config.filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if no_prefs.is_some_and(|v| !v.is_empty()) {
        return None;
    }
    directories::ProjectDirs::from("", "", "soc2").map(|d| d.config_dir().join(FILE_NAME))
}

/// What is wrong with a config file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// Something at a place in the file.
    #[error("{path}:{line}:{column}: error: {message}")]
    At {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// The file exists but cannot be read as text.
    #[error("{path}: error: cannot read it: {message}")]
    Read { path: String, message: String },
}

/// A valid config: what it changes over the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    pub keymap: Keymap,
    pub theme: ThemeName,
    /// Per-role colours: `(role, foreground, background)`.
    pub colors: Vec<(Role, Option<Color>, Option<Color>)>,
}

impl Config {
    /// The theme to draw with; `NO_COLOR` (set and non-empty) wins over the config.
    pub fn theme(&self, no_color: Option<&OsStr>) -> Theme {
        let mut theme = Theme::named(self.theme, no_color);
        if no_color.is_some_and(|v| !v.is_empty()) {
            return theme;
        }
        for (role, fg, bg) in &self.colors {
            let style = theme.role_mut(*role);
            if let Some(fg) = fg {
                *style = style.fg(*fg);
            }
            if let Some(bg) = bg {
                *style = style.bg(*bg);
            }
        }
        theme
    }
}

/// The file as written, with where each part is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    theme: Option<Spanned<String>>,
    #[serde(default)]
    colors: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
}

/// Reads the config at `path`: `Ok(None)` when there is no such file.
pub fn load(path: &Path) -> Result<Option<Config>, Vec<ConfigError>> {
    let shown = path.display().to_string();
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(vec![ConfigError::Read {
            path: shown,
            message: e.to_string(),
        }]),
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse(&text, &shown).map(Some),
            Err(_) => Err(vec![ConfigError::Read {
                path: shown,
                message: "it is not UTF-8 text".into(),
            }]),
        },
    }
}

/// Parses and checks a config's text; every problem, in file order.
pub fn parse(text: &str, path: &str) -> Result<Config, Vec<ConfigError>> {
    let at = |span: std::ops::Range<usize>, message: String| {
        let (line, column) = line_col(text, span.start);
        ConfigError::At {
            path: crate::text::sanitize(path).into_owned(),
            line,
            column,
            message: crate::text::sanitize(&message).into_owned(),
        }
    };
    let raw: Raw = toml::from_str(text).map_err(|e| {
        vec![at(
            e.span().unwrap_or(0..0),
            e.message().trim_end().replace('\n', " "),
        )]
    })?;
    let mut errors: Vec<(usize, ConfigError)> = Vec::new();
    let mut config = Config::default();
    if let Some(name) = &raw.theme {
        match ThemeName::parse(name.get_ref()) {
            Some(t) => config.theme = t,
            None => errors.push((
                name.span().start,
                at(
                    name.span(),
                    format!(
                        "unknown theme `{}` (one of: {})",
                        name.get_ref(),
                        names(ThemeName::ALL.iter().map(|(_, n)| *n))
                    ),
                ),
            )),
        }
    }
    for (role, value) in &raw.colors {
        let Some(r) = Role::parse(role.get_ref()) else {
            errors.push((
                role.span().start,
                at(
                    role.span(),
                    format!(
                        "unknown colour role `{}` (one of: {})",
                        role.get_ref(),
                        names(Role::ALL.iter().map(|(_, n)| *n))
                    ),
                ),
            ));
            continue;
        };
        match parse_colors(value.get_ref()) {
            Ok((fg, bg)) => config.colors.push((r, fg, bg)),
            Err(message) => errors.push((value.span().start, at(value.span(), message))),
        }
    }
    let mut overrides: Vec<(Override, std::ops::Range<usize>)> = Vec::new();
    for (scope_name, table) in &raw.keys {
        let Some(scope) = keymap::scope_by_id(scope_name.get_ref()) else {
            errors.push((
                scope_name.span().start,
                at(
                    scope_name.span(),
                    format!(
                        "unknown key scope `{}` (one of: {})",
                        scope_name.get_ref(),
                        keymap::scopes()
                            .into_iter()
                            .map(keymap::scope_id)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            ));
            continue;
        };
        for (key_name, target) in table {
            let Some(key) = keymap::parse_key(key_name.get_ref()) else {
                errors.push((
                    key_name.span().start,
                    at(
                        key_name.span(),
                        format!(
                            "unknown key `{}` (write a character, or ctrl-x, alt-x, shift-tab, enter, esc, tab, space, up, down, left, right, pgup, pgdn, home, end, backspace, del, f1…f12)",
                            key_name.get_ref()
                        ),
                    ),
                ));
                continue;
            };
            match parse_target(target.get_ref()) {
                Ok((action, shadow)) => overrides.push((
                    Override {
                        scope,
                        key,
                        action,
                        shadow,
                    },
                    key_name.span(),
                )),
                Err(message) => errors.push((target.span().start, at(target.span(), message))),
            }
        }
    }
    overrides.sort_by_key(|(_, span)| span.start);
    let plain: Vec<Override> = overrides.iter().map(|(o, _)| *o).collect();
    match Keymap::with_overrides(&plain) {
        Ok(k) => config.keymap = k,
        Err(problems) => {
            for (i, message) in problems {
                if let Some((_, span)) = overrides.get(i) {
                    errors.push((span.start, at(span.clone(), message)));
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(config)
    } else {
        errors.sort_by_key(|(pos, _)| *pos);
        Err(errors.into_iter().map(|(_, e)| e).collect())
    }
}

fn names<'a>(all: impl Iterator<Item = &'a str>) -> String {
    all.collect::<Vec<_>>().join(", ")
}

/// An action name, `"none"`, or `{ action = "…", shadow = true }`.
fn parse_target(value: &toml::Value) -> Result<(Option<super::action::Action>, bool), String> {
    let (name, shadow) = match value {
        toml::Value::String(s) => (s.as_str(), false),
        toml::Value::Table(t) => {
            if let Some(k) = t.keys().find(|k| *k != "action" && *k != "shadow") {
                return Err(format!(
                    "unknown field `{k}` (write {{ action = \"…\", shadow = true }})"
                ));
            }
            let Some(toml::Value::String(name)) = t.get("action") else {
                return Err("missing `action = \"…\"`".to_string());
            };
            let shadow = match t.get("shadow") {
                None => false,
                Some(toml::Value::Boolean(b)) => *b,
                Some(_) => return Err("`shadow` is true or false".to_string()),
            };
            (name.as_str(), shadow)
        }
        _ => {
            return Err(
                "a key takes an action name, \"none\", or { action = \"…\", shadow = true }"
                    .to_string(),
            );
        }
    };
    if name == "none" {
        return Ok((None, shadow));
    }
    match keymap::action_by_id(name) {
        Some(a) => Ok((Some(a), shadow)),
        None => Err(format!(
            "unknown action `{name}` (`soc2 keys` lists every action's name)"
        )),
    }
}

/// `"red"`, `"white on blue"`, `"on #fff8dc"`: a foreground and/or a background.
fn parse_colors(value: &str) -> Result<(Option<Color>, Option<Color>), String> {
    let (fg, bg) = match value.split_once(" on ") {
        Some((fg, bg)) => (fg.trim(), Some(bg.trim())),
        None => match value.trim().strip_prefix("on ") {
            Some(bg) => ("", Some(bg.trim())),
            None => (value.trim(), None),
        },
    };
    let one = |s: &str| {
        s.parse::<Color>().map_err(|_| {
            format!(
                "unknown colour `{s}` (a name such as red or light-blue, a number 0–255, or #rrggbb; \"FG on BG\" sets both)"
            )
        })
    };
    let fg = if fg.is_empty() { None } else { Some(one(fg)?) };
    let bg = bg.map(one).transpose()?;
    if fg.is_none() && bg.is_none() {
        return Err("an empty colour".to_string());
    }
    Ok((fg, bg))
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// What the app starts with: the config's keymap and theme, or the defaults and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub keymap: Keymap,
    pub theme: Theme,
    /// The config's problems when it was not used, one per line.
    pub problem: Option<String>,
}

/// Loads the config at `path` (if any) for the app: a bad one gives the defaults and
/// the reason, so the app still starts.
pub fn settings(path: Option<&Path>, no_color: Option<&OsStr>) -> Settings {
    let defaults = |problem| Settings {
        keymap: Keymap::default(),
        theme: Config::default().theme(no_color),
        problem,
    };
    let Some(path) = path else {
        return defaults(None);
    };
    match load(path) {
        Ok(None) => defaults(None),
        Ok(Some(config)) => Settings {
            theme: config.theme(no_color),
            keymap: config.keymap,
            problem: None,
        },
        Err(errors) => defaults(Some(
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        )),
    }
}

/// Wide enough to read, narrow enough for the popup at 80 columns.
const POPUP_TEXT_WIDTH: usize = 72;

/// Gives the app its keymap and, for a config that was not used, says so in the status
/// bar and in a popup listing every problem (the app runs on the defaults meanwhile).
pub fn apply(app: &mut super::app::App, settings: Settings) {
    app.keymap = settings.keymap;
    let Some(problem) = settings.problem else {
        return;
    };
    app.error("config not used, it has errors: soc2 config check");
    let mut lines = vec![super::popup::InfoLine::heading(
        "Until these are fixed, soc2 uses the default keys and theme:",
    )];
    for line in problem.lines() {
        lines.extend(
            super::text::wrap(line, POPUP_TEXT_WIDTH)
                .into_iter()
                .map(super::popup::InfoLine::plain),
        );
    }
    lines.push(super::popup::InfoLine::plain(
        "`soc2 config check` checks it again; soc2 never changes this file.",
    ));
    app.popups
        .push(super::popup::Popup::Info(super::popup::Info {
            title: "Config not used".to_string(),
            lines,
            scroll: 0,
        }));
}

/// A commented example config (`soc2 config init`).
pub const EXAMPLE: &str = r#"# soc2's config: your keys and colours (this file is never rewritten by soc2).
# `soc2 config check` checks it; `soc2 keys` shows every key with its action name.

# dark (the default), light (for a white background) or mono. NO_COLOR wins over it.
theme = "dark"

# Colours of a part of the screen: a name, a number 0-255 or #rrggbb; "FG on BG" for both.
[colors]
# warn = "magenta"
# selected = "white on blue"

# Keys: "key" = "action" in a scope (global, a view, or a popup). A key you name replaces
# its default meaning there; the action's other keys stay. "none" unbinds a key.
[keys.global]
# "ctrl-l" = "reload-from-disk"

[keys.backlog]
# "x" = "set-backlog-status-done"
# A view key that hides a global one must say so:
# "q" = { action = "clear-filters", shadow = true }
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Action;
    use crate::tui::keymap::{Key, Scope};
    use crate::tui::views::View;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn ch(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            mods: KeyModifiers::NONE,
        }
    }

    fn errors(text: &str) -> Vec<String> {
        match parse(text, "c.toml") {
            Ok(_) => Vec::new(),
            Err(e) => e.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn the_example_is_a_valid_config() {
        let config = parse(EXAMPLE, "example").unwrap();
        assert_eq!(config, Config::default());
    }

    #[test]
    fn an_override_changes_what_a_key_does_in_its_view_only() {
        let c = parse(
            "[keys.backlog]\n\"x\" = \"set-backlog-status-done\"\n\"F\" = \"none\"\n",
            "c.toml",
        )
        .unwrap();
        let back = Scope::View(View::Backlog);
        assert_eq!(
            c.keymap.resolve(back, ch('x')),
            Some(Action::SetBacklogStatus(crate::model::BacklogStatus::Done))
        );
        assert_eq!(c.keymap.resolve(back, ch('F')), None, "unbound in the view");
        assert_eq!(
            c.keymap.resolve(back, ch('C')),
            Some(Action::ShowConflicts),
            "the view's keys do not hide the global C"
        );
        assert_eq!(
            c.keymap.resolve(Scope::View(View::Checklist), ch('x')),
            None
        );
    }

    #[test]
    fn errors_name_the_line_the_column_and_the_bad_word() {
        let text = "theme = \"light\"\n\n[keys.backlog]\n\"x\" = \"mark-done\"\n";
        assert_eq!(
            errors(text),
            [
                "c.toml:4:7: error: unknown action `mark-done` (`soc2 keys` lists every action's name)"
            ]
        );
        assert_eq!(
            errors("theme = \"sepia\"\n")[0],
            "c.toml:1:9: error: unknown theme `sepia` (one of: dark, light, mono)"
        );
        assert!(
            errors("[keys.backlgo]\n")[0]
                .starts_with("c.toml:1:7: error: unknown key scope `backlgo`")
        );
        assert!(
            errors("[keys.global]\n\"ctrl-\" = \"quit\"\n")[0]
                .starts_with("c.toml:2:1: error: unknown key `ctrl-`")
        );
        assert!(
            errors("[colors]\nwarn = \"mauve\"\n")[0]
                .starts_with("c.toml:2:8: error: unknown colour `mauve`")
        );
        assert!(
            errors("[colors]\nwran = \"red\"\n")[0]
                .starts_with("c.toml:2:1: error: unknown colour role `wran`")
        );
        let e = errors("them = \"light\"\n");
        assert!(
            e[0].starts_with("c.toml:1:1: error: unknown field `them`"),
            "{e:?}"
        );
        let e = errors("theme = \n");
        assert!(e[0].starts_with("c.toml:1:"), "{e:?}");
    }

    #[test]
    fn an_action_of_another_view_is_refused() {
        let e = errors("[keys.dashboard]\n\"x\" = \"set-backlog-status-done\"\n");
        assert_eq!(
            e,
            [
                "c.toml:2:1: error: action `set-backlog-status-done` does nothing in [keys.dashboard] (`soc2 keys` lists each scope's actions)"
            ]
        );
    }

    #[test]
    fn one_key_given_two_actions_in_a_scope_names_both() {
        let e = errors("[keys.backlog]\n\"ctrl-x\" = \"undo\"\n\"CTRL-x\" = \"redo\"\n");
        assert_eq!(
            e,
            [
                "c.toml:3:1: error: key `ctrl-x` is bound twice in [keys.backlog]: to `undo` and to `redo`"
            ]
        );
    }

    #[test]
    fn hiding_a_global_key_in_a_view_must_be_said() {
        let e = errors("[keys.backlog]\n\"q\" = \"clear-filters\"\n");
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with(
                "c.toml:2:1: error: `q` in [keys.backlog] would hide the global `q` (quit)"
            ),
            "{e:?}"
        );
        let c = parse(
            "[keys.backlog]\n\"q\" = { action = \"clear-filters\", shadow = true }\n",
            "c.toml",
        )
        .unwrap();
        assert_eq!(
            c.keymap.resolve(Scope::View(View::Backlog), ch('q')),
            Some(Action::ClearFilters)
        );
    }

    #[test]
    fn typing_keys_stay_typed_in_text_inputs() {
        let e = errors("[keys.input]\n\"x\" = \"back\"\n");
        assert!(
            e[0].contains("`x` is typed as text in [keys.input]"),
            "{e:?}"
        );
        let c = parse("[keys.input]\n\"ctrl-g\" = \"back\"\n", "c.toml").unwrap();
        assert_eq!(
            c.keymap.resolve(
                Scope::Popup(crate::tui::popup::PopupKind::Input),
                Key {
                    code: KeyCode::Char('g'),
                    mods: KeyModifiers::CONTROL
                }
            ),
            Some(Action::Back)
        );
    }

    #[test]
    fn colours_change_a_role_unless_no_color_is_set() {
        let c = parse(
            "theme = \"light\"\n[colors]\nwarn = \"white on red\"\n",
            "c.toml",
        )
        .unwrap();
        let t = c.theme(None);
        assert_eq!(t.warn.fg, Some(Color::White));
        assert_eq!(t.warn.bg, Some(Color::Red));
        assert_eq!(c.theme(Some(OsStr::new("1"))), Theme::mono());
    }

    #[test]
    fn a_bad_config_gives_the_defaults_and_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(
            settings(Some(&path), None).problem,
            None,
            "no file: defaults"
        );
        std::fs::write(
            &path,
            "theme = \"light\"\n[keys.global]\n\"x\" = \"frobnicate\"\n",
        )
        .unwrap();
        let s = settings(Some(&path), None);
        assert_eq!(s.theme, Theme::color());
        assert_eq!(s.keymap, Keymap::default());
        let problem = s.problem.unwrap();
        assert!(
            problem.contains("config.toml:3:7: error: unknown action `frobnicate`"),
            "{problem}"
        );
        std::fs::write(&path, [0xff, 0xfe]).unwrap();
        assert!(
            settings(Some(&path), None)
                .problem
                .unwrap()
                .contains("not UTF-8")
        );
    }

    #[test]
    fn the_config_path_follows_the_environment() {
        assert_eq!(
            path_for(Some(OsStr::new("/x/c.toml")), Some(OsStr::new("1"))),
            Some(PathBuf::from("/x/c.toml"))
        );
        assert_eq!(path_for(None, Some(OsStr::new("1"))), None);
    }
}
