//! What each view shows at 80×24 and 120×40 (text snapshots), where the highlight is
//! (style-aware buffer checks), that no size panics, that `NO_COLOR` has no colour but a
//! visible selection, and that hostile workbook text is shown as markers.

mod tui_support;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use soc2_workbook::tui::app::App;
use soc2_workbook::tui::theme::Theme;
use soc2_workbook::tui::views::View;
use tui_support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snapshot_view(name: &str, mut setup: impl FnMut(&mut App)) {
    for (w, h) in SIZES {
        let mut app = app();
        setup(&mut app);
        let buf = draw(&mut app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&buf));
    }
}

#[test]
fn dashboard() {
    snapshot_view("dashboard", |_| {});
}

#[test]
fn dashboard_explanation() {
    snapshot_view("dashboard_explain", |app| {
        press(app, "enter");
    });
}

#[test]
fn scoping_walk_through() {
    snapshot_view("scoping_walk", |app| {
        press(app, "2");
        app.views_mut().scoping.walk = true;
        app.views_mut().scoping.question = 4;
    });
}

#[test]
fn scoping_list() {
    snapshot_view("scoping_list", |app| {
        press(app, "2");
        app.views_mut().scoping.walk = false;
        for _ in 0..5 {
            press(app, "↓");
        }
        press(app, "n");
    });
}

#[test]
fn checklist() {
    snapshot_view("checklist", |app| {
        open_criterion(app, "CC1.1");
        select(app, "code-of-conduct-signed");
    });
}

#[test]
fn checklist_with_a_popup() {
    snapshot_view("checklist_owner", |app| {
        open_criterion(app, "CC1.1");
        select(app, "background-checks");
        press(app, "o");
    });
}

#[test]
fn backlog() {
    snapshot_view("backlog", |app| {
        press(app, "4");
    });
}

#[test]
fn timeline() {
    snapshot_view("timeline", |app| {
        press(app, "5");
    });
}

#[test]
fn help_overlay() {
    snapshot_view("help", |app| {
        press(app, "3");
        press(app, "?");
    });
}

#[test]
fn read_only_banner() {
    let mut app = app();
    app.doc_mut().read_only = Some("read-only: 1 problem(s), first backlog RB-x: owner".into());
    let buf = draw(&mut app, 80, 24);
    assert!(
        text(&buf)
            .lines()
            .nth(1)
            .unwrap()
            .contains("read-only: 1 problem")
    );
    assert!(text(&buf).contains("read-only"));
}

#[test]
fn the_selected_row_is_highlighted_with_the_theme() {
    let theme = Theme::color();
    // Checklist: the selected item in the focused item pane.
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "background-checks");
    let buf = draw(&mut app, 120, 40);
    let y = row_of(&buf, "Background check finished");
    let x = column_of(&buf, y, "Background check finished");
    assert_eq!(buf[(x, y)].bg, theme.selected.bg.unwrap());
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    let other = row_of(&buf, "Everyone re-acknowledges");
    assert_ne!(buf[(x, other)].bg, theme.selected.bg.unwrap());
    // The tree's selection is shown but not as the focused one.
    let tree_y = row_of(&buf, "CC1.1 Leadership");
    assert_eq!(buf[(6, tree_y)].bg, theme.selected_unfocused.bg.unwrap());

    // Dashboard: the selected category row; the active tab.
    let mut app = tui_support::app();
    press(&mut app, "↓");
    let buf = draw(&mut app, 80, 24);
    let y = row_of(&buf, "Availability");
    assert_eq!(buf[(4, y)].bg, theme.selected.bg.unwrap());
    assert_ne!(
        buf[(4, row_of(&buf, "  Security "))].bg,
        theme.selected.bg.unwrap()
    );
    assert_eq!(buf[(3, 0)].bg, theme.tab_active.bg.unwrap(), "active tab");
}

#[test]
fn no_size_panics_and_small_terminals_say_so() {
    type Setup = Box<dyn Fn(&mut App)>;
    let setups: Vec<(&str, Setup)> = vec![
        ("dashboard", Box::new(|_| {})),
        (
            "explain",
            Box::new(|a| {
                press(a, "enter");
            }),
        ),
        (
            "walk",
            Box::new(|a| {
                press(a, "2");
                a.views_mut().scoping.walk = true;
            }),
        ),
        (
            "list",
            Box::new(|a| {
                press(a, "2");
                a.views_mut().scoping.walk = false;
                press(a, "G");
            }),
        ),
        ("checklist", Box::new(|a| open_criterion(a, "CC1.1"))),
        (
            "na",
            Box::new(|a| {
                open_criterion(a, "CC1.1");
                press(a, "n");
                type_text(
                    a,
                    "a long reason that will not fit anywhere small at all, 日本語",
                );
            }),
        ),
        (
            "owner",
            Box::new(|a| {
                open_criterion(a, "CC1.1");
                press(a, "o");
            }),
        ),
        (
            "help",
            Box::new(|a| {
                press(a, "?");
            }),
        ),
        (
            "backlog",
            Box::new(|a| {
                press(a, "4");
            }),
        ),
        (
            "timeline",
            Box::new(|a| {
                press(a, "5");
            }),
        ),
        (
            "backlog-links",
            Box::new(|a| {
                press(a, "4");
                press(a, "enter");
                press(a, "↓");
            }),
        ),
        (
            "backlog-add",
            Box::new(|a| {
                press(a, "4");
                press(a, "a");
                type_text(
                    a,
                    "a long title that will not fit anywhere small at all, 日本語",
                );
            }),
        ),
        (
            "coverage",
            Box::new(|a| {
                press(a, "5");
                press(a, "→");
            }),
        ),
        (
            "replan",
            Box::new(|a| {
                press(a, "5");
                press(a, "r");
            }),
        ),
        (
            "finder",
            Box::new(|a| {
                press(a, "/");
                type_text(a, "evil");
            }),
        ),
    ];
    for (name, setup) in &setups {
        let mut app = app_with(hostile_workbook(), Theme::color());
        setup(&mut app);
        sweep_every_size(name, &mut app, |_| {});
    }
    let mut app = app();
    let buf = draw(&mut app, 59, 16);
    insta::assert_snapshot!("too_small_59x16", text(&buf));
}

fn assert_monochrome(buf: &Buffer, what: &str) {
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            assert!(
                c.fg == Color::Reset && c.bg == Color::Reset,
                "{what}: colour at {x},{y}: {:?}/{:?}",
                c.fg,
                c.bg
            );
        }
    }
}

#[test]
fn no_color_has_no_colours_and_a_visible_selection() {
    assert_eq!(
        Theme::for_no_color(Some(std::ffi::OsStr::new("1"))),
        Theme::mono()
    );
    assert_eq!(
        Theme::for_no_color(Some(std::ffi::OsStr::new(""))),
        Theme::color(),
        "an empty NO_COLOR is not set"
    );
    let mut app = app_with(workbook(), Theme::mono());
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "background-checks");
    let buf = draw(&mut app, 100, 30);
    assert_monochrome(&buf, "checklist");
    let y = row_of(&buf, "Background check finished");
    let x = column_of(&buf, y, "Background check finished");
    assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
    let other = row_of(&buf, "Everyone re-acknowledges");
    assert!(!buf[(x, other)].modifier.contains(Modifier::REVERSED));

    for view in View::ALL {
        let mut app = app_with(workbook(), Theme::mono());
        press(&mut app, &view.number().to_string());
        let buf = draw(&mut app, 100, 30);
        assert_monochrome(&buf, view.title());
        let reversed = (0..buf.area.width)
            .filter(|x| buf[(*x, 0)].modifier.contains(Modifier::REVERSED))
            .count();
        assert!(reversed > 0, "{}: the active tab is reversed", view.title());
    }
    let mut app = app_with(workbook(), Theme::mono());
    press(&mut app, "?");
    assert_monochrome(&draw(&mut app, 100, 30), "help");
}

#[test]
fn hostile_text_is_shown_as_markers() {
    let mut app = app_with(hostile_workbook(), Theme::color());
    open_criterion(&mut app, "CC1.1");
    let custom = soc2_workbook::tui::views::checklist::selected_item(&app);
    assert!(custom.is_some());
    let id = app
        .wb()
        .checklist
        .get("CC1.1")
        .unwrap()
        .iter()
        .find(|(_, r)| r.custom.is_some())
        .map(|(id, _)| id.clone())
        .unwrap();
    select(&mut app, &id);
    let buf = draw(&mut app, 200, 40);
    let t = text(&buf);
    assert!(t.contains("Evil ␛[2J title ⟨U+202E⟩desrever"), "{t}");
    assert!(!t.contains('\u{1b}') && !t.contains('\u{202E}'));

    // Organization names and dashboard explanations too.
    let mut wb = workbook();
    wb.organization.name = "Acme\u{1b}]0;pwned\u{7}".into();
    let mut app = app_with(wb, Theme::color());
    // Wide enough for every full tab title and the name after them.
    let t = text(&draw(&mut app, 160, 40));
    assert!(t.contains("Acme␛]0;pwned␇"), "{t}");
}
