//! Recording occurrences in the app as an auditor would check them: nothing dated after
//! today, and a control that is being performed is no longer "not started".

mod tui_support;

use soc2_workbook::model::ItemStatus;
use tui_support::{app, open_criterion, press, select, today, type_text};

#[test]
fn an_occurrence_dated_after_today_is_refused_with_a_clear_error() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "code-of-conduct-annual-ack");
    press(&mut app, "r");
    press(&mut app, "ctrl-u");
    let tomorrow = today().add_days(1).to_string();
    type_text(&mut app, &tomorrow);
    press(&mut app, "enter");
    let message = app.message().expect("a message");
    assert!(message.error, "{}", message.text);
    assert!(
        message.text.contains(&format!("{tomorrow} is after today")),
        "{}",
        message.text
    );
    assert!(
        app.wb()
            .item("CC1.1", "code-of-conduct-annual-ack")
            .is_none_or(|r| r.performed.is_empty()),
        "nothing recorded"
    );
}

#[test]
fn recording_an_occurrence_of_a_control_not_started_puts_it_in_progress_and_says_so() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "code-of-conduct-annual-ack");
    let before = app
        .wb()
        .item("CC1.1", "code-of-conduct-annual-ack")
        .map_or(ItemStatus::NotStarted, |r| r.status);
    assert_eq!(before, ItemStatus::NotStarted);
    press(&mut app, "r");
    press(&mut app, "ctrl-u");
    type_text(&mut app, &today().to_string());
    press(&mut app, "enter");
    let rec = app
        .wb()
        .item("CC1.1", "code-of-conduct-annual-ack")
        .unwrap();
    assert_eq!(rec.status, ItemStatus::InProgress);
    assert!(
        app.message()
            .cloned()
            .as_ref()
            .unwrap()
            .text
            .contains("now in progress"),
        "{}",
        app.message().unwrap().text
    );
}
