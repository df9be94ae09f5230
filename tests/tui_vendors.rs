//! The Vendors view (tab 9), driven by keys as a person types them: add AWS, make it a
//! carve-out subservice organization, record its SOC 2 report, watch the bridge-letter
//! gap on the Dashboard until the bridge letter is recorded, and map a CUEC to a control
//! that is not done yet, which the Checklist then shows as a gap.

mod tui_support;

use soc2_workbook::analysis::schedule::observation_window;
use soc2_workbook::catalog::catalog;
use soc2_workbook::model::SubserviceMethod;
use soc2_workbook::tui::app::App;
use soc2_workbook::tui::views::View;
use tui_support::{draw, text, type_text};

fn press(app: &mut App, name: &str) {
    tui_support::press(app, name);
}

fn vendors_app() -> App {
    let mut app = tui_support::app_with(
        tui_support::workbook(),
        soc2_workbook::tui::theme::Theme::color(),
    );
    app.set_size(ratatui::layout::Rect::new(0, 0, 80, 24));
    app
}

fn screen(app: &mut App) -> String {
    text(&draw(app, 80, 24))
}

/// Answers the popup on top with `value` in place of what it offered.
fn answer(app: &mut App, value: &str) {
    press(app, "ctrl-u");
    type_text(app, value);
    press(app, "enter");
}

/// AWS as a carve-out subservice organization whose SOC 2 report ended before our window.
fn with_aws(app: &mut App) {
    press(app, "9");
    assert_eq!(app.view(), View::Vendors);
    press(app, "a");
    answer(app, "Amazon Web Services, Cloud hosting");
    // e → the second field (subservice) → carve-out.
    press(app, "e");
    press(app, "j");
    press(app, "enter");
    press(app, "enter");
    press(app, "r");
    answer(
        app,
        "soc2-type2, 2025-10-01 2026-09-30, unqualified, 2027-01-10, maria",
    );
}

#[test]
fn a_report_ending_before_our_window_shows_a_bridge_letter_gap_on_the_dashboard_until_the_letter() {
    let mut app = vendors_app();
    with_aws(&mut app);
    let aws = &app.wb().vendors["amazon-web-services"];
    assert_eq!(aws.subservice, Some(SubserviceMethod::CarveOut));
    assert_eq!(aws.reports.len(), 1, "{:?}", app.message());
    let s = screen(&mut app);
    assert!(s.contains("Amazon Web Services"), "{s}");
    assert!(s.contains("bridge-letter gap"), "{s}");
    press(&mut app, "1");
    let dash = screen(&mut app);
    assert!(
        dash.contains("Amazon Web Services: bridge-letter gap"),
        "{dash}"
    );

    let (_, end) = observation_window(app.wb()).unwrap();
    press(&mut app, "9");
    press(&mut app, "L");
    answer(&mut app, &format!("2027-01-14 {end}"));
    assert!(
        app.wb().vendors["amazon-web-services"]
            .bridge_letters
            .is_empty(),
        "a letter cannot vouch for days after its issue"
    );
    let said = format!("{:?}", app.message());
    assert!(said.contains("cannot cover days after its issue"), "{said}");
    assert!(screen(&mut app).contains("a bridge letter cannot"));
    press(&mut app, "esc");

    // At the window's end the vendor sends its letter, and the gap closes.
    let doc = soc2_workbook::tui::app::Document::new(
        app.wb().clone(),
        std::path::PathBuf::from("workbooks/acme-cloud.ron"),
    );
    let mut app = App::new(
        doc,
        end,
        soc2_workbook::tui::theme::Theme::color(),
        soc2_workbook::tui::prefs::Prefs::default(),
    );
    app.set_size(ratatui::layout::Rect::new(0, 0, 80, 24));
    press(&mut app, "1");
    assert!(
        screen(&mut app).contains("Amazon Web Services: bridge-letter gap"),
        "still open at the window's end without a letter"
    );
    press(&mut app, "9");
    press(&mut app, "L");
    answer(&mut app, &format!("{end} {end}"));
    assert_eq!(
        app.wb().vendors["amazon-web-services"].bridge_letters.len(),
        1
    );
    press(&mut app, "1");
    let dash = screen(&mut app);
    assert!(!dash.contains("bridge-letter gap"), "{dash}");
    press(&mut app, "u");
    press(&mut app, "1");
    assert!(
        screen(&mut app).contains("bridge-letter gap"),
        "undo brings it back"
    );
}

#[test]
fn an_unmet_cuec_mapped_from_the_picker_is_a_gap_in_the_checklist_detail() {
    let mut app = vendors_app();
    with_aws(&mut app);
    press(&mut app, "c");
    answer(&mut app, "Customers review IAM access every quarter");
    // The picker lists "(not mapped yet)" then every catalog control in catalog order.
    let at = catalog()
        .criteria
        .iter()
        .flat_map(|c| c.items.iter())
        .position(|i| i.id == "access-review-quarterly")
        .unwrap()
        + 1;
    for _ in 0..at {
        press(&mut app, "j");
    }
    press(&mut app, "enter");
    let cuecs = &app.wb().vendors["amazon-web-services"].cuecs;
    assert_eq!(cuecs[0].controls, ["access-review-quarterly"]);
    let s = screen(&mut app);
    assert!(s.contains("a checklist gap"), "{s}");
    insta::assert_snapshot!("vendors_80x24", s);
    // Enter opens the control the CUEC relies on, where the gap shows too.
    press(&mut app, "enter");
    assert_eq!(app.view(), View::Checklist);
    let s = screen(&mut app);
    assert!(s.contains("CUEC of Amazon Web Services"), "{s}");
}

#[test]
fn the_vendors_keys_are_in_the_keymap_and_a_read_only_window_refuses_them() {
    let mut app = vendors_app();
    press(&mut app, "9");
    press(&mut app, "?");
    let help = screen(&mut app);
    assert!(help.contains("record a bridge letter"), "{help}");
    press(&mut app, "esc");
    app.doc_mut().read_only = Some("read-only: opened with --read-only".into());
    press(&mut app, "a");
    assert!(
        app.popups().is_empty(),
        "no popup for an edit that cannot be saved"
    );
    assert!(app.wb().vendors.is_empty());
}

#[test]
fn a_vendor_s_details_that_do_not_fit_scroll_with_the_bracket_keys() {
    let mut wb = tui_support::workbook();
    let mut vendor = soc2_workbook::model::Vendor {
        name: "Datadog".into(),
        service: "Monitoring".into(),
        ..Default::default()
    };
    for n in 1..=30 {
        vendor.csocs.push(soc2_workbook::model::MappedControl {
            text: format!("Datadog control number {n:02}"),
            controls: Vec::new(),
        });
    }
    wb.vendors.insert("datadog".into(), vendor);
    let mut app = tui_support::app_with(wb, soc2_workbook::tui::theme::Theme::color());
    app.set_size(ratatui::layout::Rect::new(0, 0, 80, 24));
    press(&mut app, "9");
    let top = screen(&mut app);
    assert!(top.contains("control number 01"), "{top}");
    assert!(!top.contains("control number 30"), "{top}");
    assert!(top.contains("more lines · v reads it all"), "{top}");
    for _ in 0..40 {
        press(&mut app, "]");
        screen(&mut app);
    }
    let bottom = screen(&mut app);
    assert!(bottom.contains("control number 30"), "{bottom}");
    assert!(!bottom.contains("control number 01"), "{bottom}");
    assert!(bottom.contains("above · end · v reads it all"), "{bottom}");
    assert!(
        app.message()
            .is_some_and(|m| m.text.contains("end of the details")),
        "{:?}",
        app.message()
    );
    for _ in 0..40 {
        press(&mut app, "[");
    }
    // Back at the top: the same pane (the status line now says it is the top).
    let pane = |s: &str| s.lines().take(22).collect::<Vec<_>>().join("\n");
    let again = screen(&mut app);
    assert_eq!(pane(&again), pane(&top));
    assert!(again.contains("the top of the details"), "{again}");
}
