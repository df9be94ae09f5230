//! The Populations view (7) with single keys, as a person preparing for the auditor uses
//! it: into a control's events, mark one passed, attach evidence, log an exception, draw
//! the sample and walk to the sampled events that still lack something; undo works.

mod tui_support;

use soc2_workbook::model::{Event, EventResult, Population};
use tui_support::*;

const C: &str = "offboarding-revocation-sla";

fn with_leavers() -> soc2_workbook::tui::app::App {
    let mut wb = workbook();
    let event = |id: &str, day: &str, who: &str| Event {
        id: id.into(),
        date: day.parse().unwrap(),
        description: who.into(),
        ..Event::default()
    };
    wb.populations.insert(
        C.into(),
        Population {
            events: vec![
                event("E-1", "2027-02-01", "Sam Ortiz"),
                event("E-2", "2027-02-10", "Jo Park"),
            ],
            sample: None,
        }
        .into(),
    );
    app_with(wb, soc2_workbook::tui::theme::Theme::color())
}

fn events(app: &soc2_workbook::tui::app::App) -> Vec<Event> {
    app.wb().populations[C].events.clone()
}

#[test]
fn single_keys_mark_attach_and_log_an_exception_on_the_selected_event() {
    let mut app = with_leavers();
    press(&mut app, "7");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("offboarding-revocation-sla"), "{screen}");
    assert!(
        screen.contains("2 events"),
        "controls with events come first:\n{screen}"
    );
    press(&mut app, "enter");
    press(&mut app, "p");
    assert_eq!(events(&app)[0].result, EventResult::Passed);
    press(&mut app, "j");
    press(&mut app, "e");
    type_text(&mut app, "IT-4520");
    press(&mut app, "enter");
    assert_eq!(events(&app)[1].evidence, ["IT-4520"]);
    press(&mut app, "x");
    type_text(
        &mut app,
        "Revoked two days late | HR emailed IT late | | Management automated the hand-off.",
    );
    press(&mut app, "enter");
    let e = &events(&app)[1];
    assert_eq!(e.result, EventResult::Exception);
    let x = e.exception.as_ref().unwrap();
    assert_eq!(x.what_failed, "Revoked two days late");
    assert_eq!(x.response, "Management automated the hand-off.");
    assert_eq!(x.remediation, None);
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("E-2        exception"), "{screen}");
    press(&mut app, "u");
    assert_eq!(
        events(&app)[1].result,
        EventResult::Untested,
        "u undoes the exception"
    );
}

#[test]
fn s_draws_the_sample_and_n_walks_to_what_each_sampled_event_lacks() {
    let mut app = with_leavers();
    press_all(&mut app, &["7", "s"]);
    let sample = app.wb().populations[C].sample.clone().unwrap();
    assert_eq!(sample.events, ["E-1", "E-2"], "all of a population of two");
    press(&mut app, "n");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(
        screen.contains("sampled E-1: lacks evidence, a result"),
        "{screen}"
    );
    press(&mut app, "n");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("sampled E-2: lacks"), "{screen}");
}

#[test]
fn f_filters_by_result_and_a_adds_an_event() {
    let mut app = with_leavers();
    press_all(&mut app, &["7", "enter", "p", "f"]);
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("only untested"), "{screen}");
    assert!(!screen.contains("Sam Ortiz"), "{screen}");
    press(&mut app, "a");
    type_text(&mut app, "2027-03-01, Kim Lee, E-3");
    press(&mut app, "enter");
    let ids: Vec<String> = events(&app).into_iter().map(|e| e.id).collect();
    assert_eq!(ids, ["E-1", "E-2", "E-3"]);
}
