//! The Risks view (key `0`), driven by keys as a person types them: the register with its
//! heat map, add, rate before and after controls, link a control, accept, record the
//! annual assessment — and the Timeline showing that assessment inside the window.

mod tui_support;

use soc2_workbook::analysis::schedule::observation_window;
use soc2_workbook::catalog::risks::risk_vocabulary;
use soc2_workbook::edit;
use soc2_workbook::model::{Treatment, Workbook};
use soc2_workbook::tui::app::App;
use soc2_workbook::tui::theme::Theme;
use soc2_workbook::tui::views::View;
use soc2_workbook::tui::views::risks;
use tui_support::{draw, text, type_text};

fn press(app: &mut App, name: &str) {
    tui_support::press(app, name);
}

/// The starter workbook with three risks: a lost laptop (3×4, mitigated, owned by maria),
/// a fraud risk (3×4, residual 1×4) and a vendor outage (2×2).
fn register() -> Workbook {
    let mut wb = tui_support::workbook();
    let cat = soc2_workbook::catalog::catalog();
    let v = risk_vocabulary();
    for (title, category, l, i, control) in [
        ("Laptop lost", "security", 3, 4, "laptop-disk-encryption"),
        ("Unreviewed code to prod", "fraud", 3, 4, "pr-peer-review"),
        ("Vendor outage", "vendor", 2, 2, "multi-az"),
    ] {
        edit::add_risk(
            cat,
            v,
            &mut wb,
            edit::NewRisk {
                title: title.into(),
                category: category.into(),
                likelihood: l,
                impact: i,
                owner: Some("maria".into()),
                treatment: Some(Treatment::Mitigate),
                controls: vec![control.into()],
                description: String::new(),
            },
        )
        .unwrap();
    }
    edit::set_risk(
        cat,
        v,
        &mut wb,
        "unreviewed-code-to-prod",
        edit::RiskField::Residual(Some((1, 4))),
    )
    .unwrap();
    wb
}

fn risks_app(theme: Theme) -> App {
    let mut app = tui_support::app_with(register(), theme);
    app.set_size(ratatui::layout::Rect::new(0, 0, 80, 24));
    press(&mut app, "0");
    app
}

/// The heat map's row for one likelihood (the right-hand pane of the screen).
fn map_row(s: &str, likelihood: u8) -> String {
    s.lines()
        .map(|l| l.chars().skip(57).collect::<String>())
        .find(|l| l.trim_start().starts_with(&format!("{likelihood}  ")))
        .unwrap_or_else(|| panic!("no heat map row {likelihood}:\n{s}"))
}

fn screen(app: &mut App) -> String {
    text(&draw(app, 80, 24))
}

fn select(app: &mut App, id: &str) {
    press(app, "g");
    while risks::selected(app.wb(), &app.views().risks) != Some(id) {
        let before = app.views().risks.risk.clone();
        press(app, "j");
        assert_ne!(before, app.views().risks.risk, "{id} not in the register");
    }
}

/// Types into the open input, replacing what it holds, and confirms.
fn answer(app: &mut App, text: &str) {
    press(app, "ctrl-u");
    type_text(app, text);
    press(app, "enter");
}

#[test]
fn key_0_opens_the_register_with_a_heat_map_an_auditor_reads_without_colour() {
    let mut app = risks_app(Theme::mono());
    assert_eq!(app.view(), View::Risks);
    let s = screen(&mut app);
    insta::assert_snapshot!("risks_80x24", s);
    // Two risks at likelihood 3 × impact 4 (high), one at 2 × 2 (low): letters, not colours.
    let row3 = map_row(&s, 3);
    assert!(row3.contains("H2"), "{row3}");
    let row2 = map_row(&s, 2);
    assert!(row2.contains("L1"), "{row2}");
    assert!(s.contains("Inherent"));
    press(&mut app, "m");
    let s = screen(&mut app);
    assert!(
        s.contains("Residual"),
        "m flips the map to residual ratings"
    );
    let row1 = map_row(&s, 1);
    assert!(
        row1.contains("L1"),
        "the fraud risk is 1 × 4 = 4 (low) after controls: {row1}"
    );
    assert!(s.contains("2 not rated"));
}

#[test]
fn a_risk_added_by_keys_is_selected_and_refused_input_changes_nothing() {
    let mut app = risks_app(Theme::color());
    press(&mut app, "a");
    answer(&mut app, "9 4 security Phishing");
    assert!(
        !app.wb().risks.keys().any(|k| k == "phishing"),
        "9 is off the scale"
    );
    press(&mut app, "a");
    answer(&mut app, "4 4 security Credential phishing");
    let r = &app.wb().risks["credential-phishing"];
    assert_eq!(r.inherent(), 16);
    assert_eq!(
        risks::selected(app.wb(), &app.views().risks),
        Some("credential-phishing")
    );
    let s = screen(&mut app);
    assert!(
        s.contains("has no owner"),
        "the finding shows in the detail:\n{s}"
    );
    press(&mut app, "u");
    assert!(
        !app.wb().risks.contains_key("credential-phishing"),
        "undo removes it"
    );
}

#[test]
fn rating_linking_a_control_and_accepting_are_one_key_each() {
    let mut app = risks_app(Theme::color());
    select(&mut app, "laptop-lost");
    press(&mut app, "r");
    answer(&mut app, "3 4");
    assert_eq!(app.wb().risks["laptop-lost"].residual(), Some(12));
    assert!(
        screen(&mut app).contains("above the appetite"),
        "a residual of 12 is above the appetite of 9"
    );
    press(&mut app, "A");
    answer(&mut app, "maria, 2027-01-20");
    let a = app.wb().risks["laptop-lost"].acceptance.clone().unwrap();
    assert_eq!(
        (a.by.as_str(), a.date.to_string().as_str()),
        ("maria", "2027-01-20")
    );
    assert!(!screen(&mut app).contains("above the appetite"));
    // The picker lists the linked control first (choosing it unlinks), then the others.
    press(&mut app, "c");
    press(&mut app, "enter");
    assert!(app.wb().risks["laptop-lost"].controls.is_empty());
    assert!(screen(&mut app).contains("names no control"));
    press(&mut app, "c");
    press(&mut app, "enter");
    assert_eq!(app.wb().risks["laptop-lost"].controls.len(), 1);
    press(&mut app, "t");
    press(&mut app, "j");
    press(&mut app, "enter");
    assert_eq!(
        app.wb().risks["laptop-lost"].treatment,
        Some(Treatment::Accept)
    );
}

#[test]
fn b_turns_a_finding_into_a_backlog_item_linked_to_its_criterion() {
    let mut app = risks_app(Theme::color());
    select(&mut app, "laptop-lost");
    let before = app.wb().backlog.len();
    press(&mut app, "b");
    assert_eq!(app.wb().backlog.len(), before + 1);
    let item = app.wb().backlog.last().unwrap();
    // The risk's own finding first: 3 × 4 = 12 is carried above the appetite of 9.
    assert_eq!(
        item.title,
        "Risk Laptop lost: record leadership's acceptance or reduce it"
    );
    assert_eq!(item.criteria, vec!["CC3.1".to_string()]);
    assert_eq!(item.items, vec!["risk-treatment-approval".to_string()]);
    assert_eq!(item.owner.as_deref(), Some("maria"));
    assert_eq!(app.view(), View::Backlog, "the new item is shown");
}

#[test]
fn the_assessment_recorded_in_the_view_shows_on_the_timeline_inside_the_window() {
    let mut app = risks_app(Theme::color());
    let (start, end) = observation_window(app.wb()).expect("a Type II plan");
    press(&mut app, "5");
    let before = screen(&mut app);
    let recurring = before
        .lines()
        .find(|l| l.contains("Recurring controls"))
        .unwrap();
    assert!(
        recurring.contains('R'),
        "planned inside the window: {recurring}"
    );
    assert!(
        before.contains("risk assessment"),
        "the plan warns until it is held"
    );
    press(&mut app, "0");
    press(&mut app, "s");
    let held = start.add_days(20);
    answer(&mut app, &format!("maria, {held}, maria"));
    let a = app.wb().risk_assessments.last().cloned().unwrap();
    assert_eq!(a.date, held);
    assert!(a.signed_off.is_some());
    assert!(start <= a.date && a.date <= end);
    assert!(screen(&mut app).contains(&format!("assessed {held}")));
    press(&mut app, "5");
    let after = screen(&mut app);
    insta::assert_snapshot!("timeline_risk_assessment_80x24", after);
    assert!(
        !after.contains("risk assessment does not fall"),
        "held inside the window, no warning:\n{after}"
    );
}
