//! What the Backlog and Timeline views and the finder popup show on the bundled example
//! workbook at 80×24 and 120×40 (text snapshots, today pinned), where the highlights are
//! (style-aware buffer checks), and that no size panics with them open.

mod tui_support;

use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier};
use soc2_workbook::edit;
use soc2_workbook::model::{Date, Workbook};
use soc2_workbook::store;
use soc2_workbook::tui::action::Action;
use soc2_workbook::tui::app::{App, Document};
use soc2_workbook::tui::prefs::Prefs;
use soc2_workbook::tui::theme::Theme;
use soc2_workbook::tui::views::View;
use soc2_workbook::tui::views::backlog;
use tui_support::{column_of, draw, press, row_of, sweep_every_size, text, type_text};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn example() -> Workbook {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks/example.ron");
    store::load(&path).unwrap().workbook
}

fn app_with(theme: Theme) -> App {
    let doc = Document::new(example(), PathBuf::from("workbooks/example.ron"));
    let mut app = App::new(
        doc,
        "2026-12-10".parse::<Date>().unwrap(),
        theme,
        Prefs::default(),
    );
    app.seed(1);
    app
}

fn snapshot(name: &str, setup: impl Fn(&mut App)) {
    for (w, h) in SIZES {
        let mut app = app_with(Theme::color());
        app.size = ratatui::layout::Rect::new(0, 0, w, h);
        setup(&mut app);
        let buf = draw(&mut app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&buf));
    }
}

#[test]
fn backlog_view() {
    snapshot("plan_backlog", |app| {
        press(app, "4");
        press(app, "↓");
    });
}

#[test]
fn backlog_sorted_and_filtered() {
    snapshot("plan_backlog_filtered", |app| {
        press(app, "4");
        press(app, "f");
        for _ in 0..7 {
            press(app, "s");
        }
        press(app, "enter");
    });
}

#[test]
fn backlog_add_form() {
    snapshot("plan_backlog_add", |app| {
        press(app, "4");
        press(app, "a");
        type_text(app, "Rotate the root credentials");
        press(app, "tab");
        type_text(app, "CC6.1");
    });
}

#[test]
fn timeline_view() {
    snapshot("plan_timeline", |app| {
        press(app, "5");
        press(app, "↓");
        press(app, "↓");
        press(app, "↓");
    });
}

#[test]
fn timeline_replan_popup() {
    snapshot("plan_timeline_replan", |app| {
        press(app, "5");
        app.edit("window", |wb, _| edit::set_observation_months(wb, 3));
        press(app, "↓");
    });
}

#[test]
fn finder_popup() {
    snapshot("plan_finder", |app| {
        press(app, "4");
        press(app, "/");
        type_text(app, "revoke");
        press(app, "↓");
    });
}

#[test]
fn overdue_items_stand_out_and_the_selection_is_highlighted() {
    let theme = Theme::color();
    let mut app = app_with(theme);
    press(&mut app, "4");
    let buf = draw(&mut app, 120, 40);
    // RB-7mqa was due 2026-12-01: overdue on 2026-12-10.
    let y = row_of(&buf, "RB-7mqa");
    let x = column_of(&buf, y, "RB-7mqa");
    assert_eq!(
        buf[(x, y)].fg,
        theme.bad.fg.unwrap(),
        "overdue row in the bad style"
    );
    let flag = column_of(&buf, y, "overdue");
    assert_eq!(buf[(flag, y)].fg, theme.bad.fg.unwrap());
    // RB-c4xe is due after the window opens: at risk, flagged in the warning style.
    let y_risk = row_of(&buf, "RB-c4xe");
    let flag = column_of(&buf, y_risk, "at risk");
    assert_eq!(buf[(flag, y_risk)].fg, theme.warn.fg.unwrap());
    assert_ne!(
        buf[(x, y_risk)].fg,
        theme.bad.fg.unwrap(),
        "at risk is not overdue"
    );
    // RB-v2nd is due later and not at risk: plain.
    let y_plain = row_of(&buf, "RB-v2nd");
    assert_eq!(buf[(x, y_plain)].fg, Color::Reset);
    // The selected row (the first) is in the selection style.
    let y_sel = row_of(&buf, "RB-k3fz Revoke");
    assert_eq!(buf[(x, y_sel)].bg, theme.selected.bg.unwrap());
    assert_ne!(buf[(x, y)].bg, theme.selected.bg.unwrap());
    // The detail pane says why.
    press(&mut app, "↓");
    let t = text(&draw(&mut app, 120, 40));
    assert!(t.contains("due 2026-12-01 (overdue)"), "{t}");
}

#[test]
fn the_finder_highlights_matched_characters() {
    let theme = Theme::color();
    let mut app = app_with(theme);
    press(&mut app, "/");
    type_text(&mut app, "k3fz");
    let buf = draw(&mut app, 120, 40);
    let y = row_of(&buf, "RB-k3fz Revoke");
    let x = column_of(&buf, y, "k3fz");
    for dx in 0..4 {
        let c = &buf[(x + dx, y)];
        assert!(
            c.modifier.contains(Modifier::UNDERLINED),
            "matched char {dx} underlined"
        );
    }
    let r = column_of(&buf, y, "Revoke");
    assert!(
        !buf[(r, y)].modifier.contains(Modifier::UNDERLINED),
        "unmatched plain"
    );
    // The first result is selected; its kind is shown.
    assert_eq!(buf[(r, y)].bg, theme.selected.bg.unwrap());
    assert!(
        text(&buf)
            .lines()
            .nth(usize::from(y))
            .unwrap()
            .contains("backlog")
    );
}

#[test]
fn the_timeline_marks_today_and_the_selected_milestone() {
    let theme = Theme::color();
    let mut app = app_with(theme);
    press(&mut app, "5");
    press(&mut app, "↓");
    let buf = draw(&mut app, 120, 40);
    let t = text(&buf);
    assert!(t.contains('▼'), "today marker:\n{t}");
    let y = row_of(&buf, "Remediation complete  ");
    let x = column_of(&buf, y, "Remediation complete");
    assert_eq!(buf[(x, y)].bg, theme.selected.bg.unwrap());
    let other = row_of(&buf, "Audit fieldwork  ");
    assert_ne!(buf[(x, other)].bg, theme.selected.bg.unwrap());
    // Overdue remediation shows as "!" in the bad style on the markers row.
    let markers = row_of(&buf, "Remediation due");
    let bang = column_of(&buf, markers, "!");
    assert_eq!(buf[(bang, markers)].fg, theme.bad.fg.unwrap());
    assert!(
        t.contains("Observation coverage 2027-01-05 → 2027-07-04"),
        "{t}"
    );
    assert!(t.contains("2 open remediation items are due after the observation window"));
}

#[test]
fn no_colour_keeps_the_highlights_visible() {
    let mut app = app_with(Theme::mono());
    press(&mut app, "/");
    type_text(&mut app, "k3fz");
    let buf = draw(&mut app, 100, 30);
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            assert!(
                c.fg == Color::Reset && c.bg == Color::Reset,
                "colour at {x},{y}"
            );
        }
    }
    let y = row_of(&buf, "RB-k3fz Revoke");
    let x = column_of(&buf, y, "k3fz");
    assert!(buf[(x, y)].modifier.contains(Modifier::UNDERLINED));
    assert!(
        buf[(x, y)].modifier.contains(Modifier::REVERSED),
        "selected row reversed"
    );
}

#[test]
fn no_size_panics_with_the_new_views_and_popups() {
    type Setup = Box<dyn Fn(&mut App)>;
    let setups: Vec<(&str, Setup)> = vec![
        (
            "backlog",
            Box::new(|a| {
                press(a, "4");
            }),
        ),
        (
            "backlog-links",
            Box::new(|a| {
                press(a, "4");
                press(a, "G");
                press(a, "enter");
                press(a, "↓");
            }),
        ),
        (
            "backlog-empty-filter",
            Box::new(|a| {
                press(a, "4");
                press(a, "f");
                press(a, "f");
                press(a, "f");
                press(a, "P");
            }),
        ),
        (
            "form",
            Box::new(|a| {
                press(a, "4");
                press(a, "a");
                type_text(
                    a,
                    "a very long title that will not fit anywhere small, 日本語テキスト",
                );
            }),
        ),
        (
            "timeline",
            Box::new(|a| {
                press(a, "5");
            }),
        ),
        (
            "coverage",
            Box::new(|a| {
                press(a, "5");
                press(a, "→");
                press(a, "G");
            }),
        ),
        (
            "replan",
            Box::new(|a| {
                press(a, "5");
                a.edit("window", |wb, _| edit::set_observation_months(wb, 12));
                press(a, "↓");
            }),
        ),
        (
            "finder",
            Box::new(|a| {
                press(a, "/");
                type_text(a, "rev");
            }),
        ),
        (
            "finder-none",
            Box::new(|a| {
                press(a, "/");
                type_text(a, "zzzzqqq");
            }),
        ),
    ];
    for (name, setup) in &setups {
        let mut app = app_with(Theme::color());
        setup(&mut app);
        // Drawing at every size never leaves the backlog's selection out of range.
        sweep_every_size(name, &mut app, |app| {
            if app.view == View::Backlog {
                assert!(backlog::rows(app).is_empty() || backlog::selected_item(app).is_some());
            }
        });
    }
}

#[test]
fn a_mouse_click_selects_rows_in_both_views() {
    let mut app = app_with(Theme::color());
    press(&mut app, "4");
    let buf = draw(&mut app, 100, 30);
    let y = row_of(&buf, "RB-h8tw");
    app.update(Action::Click { column: 10, row: y });
    assert_eq!(backlog::selected_item(&app).unwrap().id, "RB-h8tw");
    press(&mut app, "5");
    let buf = draw(&mut app, 100, 30);
    let y = row_of(&buf, "Audit fieldwork  ");
    app.update(Action::Click { column: 5, row: y });
    assert_eq!(
        soc2_workbook::tui::views::timeline::selected_milestone(app.wb(), &app.timeline)
            .unwrap()
            .name,
        "Audit fieldwork"
    );
}

#[test]
fn a_backlog_due_date_shown_on_the_timeline_is_marked_in_the_selection_style() {
    let theme = Theme::color();
    let mut app = app_with(theme);
    press(&mut app, "4");
    app.goto(&soc2_workbook::tui::msg::Goto::BacklogItem(
        "RB-t2ku".into(),
    ));
    press(&mut app, "T");
    let buf = draw(&mut app, 120, 40);
    let y = row_of(&buf, "Remediation due");
    let marked: Vec<u16> = (0..buf.area.width)
        .filter(|x| buf[(*x, y)].bg == theme.selected.bg.unwrap())
        .collect();
    assert_eq!(marked.len(), 1, "one marked cell");
    assert_eq!(buf[(marked[0], y)].symbol(), "◆");
    assert!(text(&buf).contains("RB-t2ku due 2026-12-18"));
}

#[test]
fn the_dashboard_names_missed_periods_and_items_implemented_without_evidence() {
    let doc = Document::new(example(), PathBuf::from("workbooks/example.ron"));
    // Three months into the example's window, with nothing recurring recorded since.
    let mut app = App::new(
        doc,
        "2027-04-10".parse::<Date>().unwrap(),
        Theme::color(),
        Prefs::default(),
    );
    app.seed(1);
    app.size = ratatui::layout::Rect::new(0, 0, 120, 40);
    app.edit("done without proof", |wb, _| {
        edit::set_item_status(
            wb,
            &edit::ItemKey {
                criterion: "CC1.4".into(),
                item: "secure-coding-training".into(),
            },
            soc2_workbook::model::ItemStatus::Implemented,
            None,
        )
    });
    press(&mut app, "1");
    let t = text(&draw(&mut app, 120, 40));
    let missed = t
        .lines()
        .find(|l| l.contains("Missed periods ("))
        .unwrap_or_else(|| panic!("{t}"));
    assert!(!missed.contains("Missed periods (0)"), "{missed}");
    assert!(
        t.contains("2027-01-05 → 2027-04-04 CC6.2 Quarterly review"),
        "the quarterly access review's missed first quarter is named with its dates:\n{t}"
    );
    assert!(t.contains("Implemented without evidence (1)"), "{t}");
    assert!(t.contains("secure-coding-training"), "{t}");
}
