//! Detail panes scroll in place (`]` down, `[` up) with a marker saying what is above and
//! below; a new selection reads from the top again.

mod tui_support;

use soc2_workbook::edit;
use soc2_workbook::model::Answer;
use soc2_workbook::tui::theme::Theme;
use soc2_workbook::tui::views::scoping;
use tui_support::*;

/// The line of the screen holding the detail pane's marker, if any.
fn marker(screen: &str) -> Option<String> {
    screen
        .lines()
        .find(|l| l.contains("v reads it all"))
        .and_then(|l| {
            let at = l.rfind("│↑").or_else(|| l.rfind("│↓"))?;
            Some(l[at..].trim_matches('│').trim().to_string())
        })
}

#[test]
fn the_checklist_item_details_scroll_with_a_marker_and_reset_on_a_new_selection() {
    let mut wb = workbook();
    let note = (1..=12)
        .map(|i| format!("Step {i} of the background check runbook."))
        .collect::<Vec<_>>()
        .join(" ");
    edit::set_item_notes(&mut wb, &key("CC1.1", "background-checks"), &note);
    let mut app = app_with(wb, Theme::color());
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "background-checks");
    let top = text(&draw(&mut app, 80, 24));
    let first = marker(&top).expect("the details overflow at 80x24");
    assert!(first.starts_with('↓'), "{first}");

    assert!(press(&mut app, "]"));
    let screen = text(&draw(&mut app, 80, 24));
    let m = marker(&screen).unwrap();
    assert!(m.starts_with("↑ 1 above · ↓"), "{m}\n{screen}");
    press(&mut app, "]");
    let m = marker(&text(&draw(&mut app, 80, 24))).unwrap();
    assert!(m.starts_with("↑ 2 above"), "{m}");
    press(&mut app, "[");
    let m = marker(&text(&draw(&mut app, 80, 24))).unwrap();
    assert!(m.starts_with("↑ 1 above"), "{m}");

    // To the end: it stops there and says so.
    for _ in 0..40 {
        press(&mut app, "]");
        draw(&mut app, 80, 24);
    }
    let m = marker(&text(&draw(&mut app, 80, 24))).unwrap();
    assert!(m.contains("end"), "{m}");
    assert!(
        app.message()
            .is_some_and(|m| m.text.contains("the end of the details")),
        "{:?}",
        app.message()
    );

    // Another item, and back: each reads from the top.
    press(&mut app, "j");
    press(&mut app, "k");
    let m = marker(&text(&draw(&mut app, 80, 24))).unwrap();
    assert_eq!(m, first, "the scroll reset with the selection");
    press(&mut app, "[");
    assert!(
        app.message()
            .is_some_and(|m| m.text.contains("the top of the details"))
    );
}

#[test]
fn the_scoping_details_scroll_in_place() {
    let mut wb = workbook();
    edit::answer(&mut wb, "uptime_sla", Some(Answer::No));
    let mut app = app_with(wb, Theme::color());
    press(&mut app, "2");
    app.views_mut().scoping.walk = false;
    // The row with the longest detail: some category decision.
    let rows = scoping::rows(app.wb());
    let mut found = None;
    for i in 0..rows.len() {
        let (doc, views) = app.doc_and_views();
        scoping::select_row(&doc.workbook, &mut views.scoping, i);
        if marker(&text(&draw(&mut app, 80, 24))).is_some() {
            found = Some(i);
            break;
        }
    }
    assert!(found.is_some(), "some scoping detail overflows at 80x24");
    assert!(press(&mut app, "]"));
    let m = marker(&text(&draw(&mut app, 80, 24))).unwrap();
    assert!(m.starts_with("↑ 1 above"), "{m}");
    press(&mut app, "j");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(
        marker(&screen).is_none_or(|m| !m.starts_with('↑')),
        "a new row reads from the top"
    );
}

#[test]
fn the_scroll_keys_are_in_help_and_the_palette() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    press(&mut app, "?");
    let help = text(&draw(&mut app, 100, 50));
    assert!(help.contains("scroll the item's details down"), "{help}");
    press(&mut app, "esc");
    press(&mut app, ":");
    type_text(&mut app, "scroll the item");
    let palette = text(&draw(&mut app, 100, 30));
    assert!(palette.contains("scroll the item's details"), "{palette}");
    assert!(palette.contains(']'), "{palette}");
}

#[test]
fn the_backlog_item_details_scroll_while_the_table_has_the_keys() {
    let mut wb = workbook();
    let id = wb.backlog[0].id.clone();
    let description = (1..=30)
        .map(|i| format!("Step {i}: do the next part of the fix."))
        .collect::<Vec<_>>()
        .join("\n");
    let title = wb.backlog[0].title.clone();
    edit::set_backlog_text(&mut wb, &id, &title, &description).unwrap();
    let mut app = app_with(wb, Theme::color());
    press(&mut app, "4");
    let first = marker(&text(&draw(&mut app, 80, 24))).expect("the details overflow");
    assert!(first.starts_with('↓'), "{first}");
    assert!(press(&mut app, "]"));
    let m = marker(&text(&draw(&mut app, 80, 24))).unwrap();
    assert!(m.starts_with("↑ 1 above · ↓"), "{m}");
    press(&mut app, "[");
    let m = marker(&text(&draw(&mut app, 80, 24))).unwrap();
    assert_eq!(m, first);
}
