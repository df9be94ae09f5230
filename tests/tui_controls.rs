//! One control, many criteria, as a user sees it in the checklist: a control met under
//! another criterion shows there, marked, and a change made there lands on its one record.

mod tui_support;

use soc2_workbook::model::ItemStatus;
use soc2_workbook::tui::action::Action;
use tui_support::*;

#[test]
fn a_control_met_elsewhere_shows_marked_and_edits_its_one_record() {
    let mut app = app();
    open_criterion(&mut app, "CC1.4");
    select(&mut app, "background-checks");
    let shown = text(&draw(&mut app, 120, 40));
    assert!(shown.contains("(met in CC1.1)"), "{shown}");
    let before = app
        .wb()
        .item("CC1.1", "background-checks")
        .map(|r| r.status);
    assert_ne!(before, Some(ItemStatus::Implemented));

    app.update(Action::SetStatus(ItemStatus::InProgress));
    let wb = app.wb();
    assert_eq!(
        wb.item("CC1.1", "background-checks").map(|r| r.status),
        Some(ItemStatus::InProgress)
    );
    assert_eq!(
        wb.item("CC1.4", "background-checks").map(|r| r.status),
        Some(ItemStatus::InProgress),
        "the same record, asked for under either criterion"
    );
    assert!(
        wb.checklist
            .get("CC1.4")
            .is_none_or(|items| !items.contains_key("background-checks")),
        "recorded once, under its home criterion"
    );

    open_criterion(&mut app, "CC1.1");
    select(&mut app, "background-checks");
    let shown = text(&draw(&mut app, 120, 40));
    assert!(
        !shown.contains("(met in"),
        "at home it carries no mark:\n{shown}"
    );
}

#[test]
fn a_recommended_control_reads_as_strengthening() {
    let mut app = app();
    open_criterion(&mut app, "CC1.4");
    select(&mut app, "secure-coding-training");
    let shown = text(&draw(&mut app, 120, 40));
    assert!(shown.contains("(strengthening)"), "{shown}");
}
