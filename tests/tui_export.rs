//! `W` in the app: the audit package is written off the UI thread, with a progress line,
//! and the app says where the files went. A fake worker (`Saver::manual`) runs the job when
//! the test says so: no threads, no sleeping.

mod tui_support;

use std::time::{Duration, Instant};

use soc2_workbook::store;
use soc2_workbook::tui::prefs::Prefs;
use soc2_workbook::tui::reload;
use soc2_workbook::tui::terminal::Gate;
use soc2_workbook::tui::theme::Theme;
use soc2_workbook::tui::worker::Saver;
use tui_support::*;

#[test]
fn w_writes_the_audit_package_beside_the_workbook_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.ron");
    store::create(&path, &workbook()).unwrap();
    let mut app = reload::open_app(&path, today(), Theme::color(), Prefs::default()).unwrap();
    app.sync_mut().set_saver(Saver::manual(Gate::default()));
    assert!(press(&mut app, "W"));
    let screen = text(&draw(&mut app, 100, 24));
    assert!(
        screen.contains("exporting the audit package to"),
        "{screen}"
    );
    let out = dir.path().join("audit-package");
    assert!(!out.exists(), "nothing is written on the UI thread");
    assert!(app.sync_mut().saver_mut().unwrap().run_queued());
    assert!(reload::finish_save(
        &mut app,
        Instant::now(),
        Duration::ZERO
    ));
    let screen = text(&draw(&mut app, 160, 24));
    assert!(screen.contains("exported "), "{screen}");
    assert!(screen.contains("audit-package"), "{screen}");
    for name in [
        "control-matrix.csv",
        "control-matrix.xlsx",
        "readiness-report.html",
        "MANIFEST.json",
    ] {
        assert!(out.join(name).is_file(), "{name}");
    }
}

#[test]
fn the_export_key_is_in_help_and_the_palette() {
    let rows = soc2_workbook::tui::keymap::BINDINGS
        .iter()
        .filter(|b| b.action == soc2_workbook::tui::action::Action::ExportPackage)
        .count();
    assert_eq!(rows, 1);
    let mut app = app();
    press(&mut app, "?");
    let help = text(&draw(&mut app, 120, 60));
    assert!(help.contains("write the audit package"), "{help}");
}

fn with_requests() -> soc2_workbook::model::Workbook {
    use soc2_workbook::model::{AuditorRequest, RequestMatch};
    let mut wb = workbook();
    wb.requests.insert(
        "IRL-01".into(),
        AuditorRequest {
            text: "Quarterly user access reviews".into(),
            criterion: Some("CC6.2".into()),
            controls: vec!["access-review-quarterly".into()],
            matched_by: RequestMatch::Criterion,
            ..Default::default()
        },
    );
    wb
}

#[test]
fn r_on_the_dashboard_lists_the_auditor_s_requests_and_s_and_o_change_them() {
    use soc2_workbook::model::RequestStatus;
    let mut app = app_with(with_requests(), Theme::color());
    press(&mut app, "1");
    assert!(press(&mut app, "r"));
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("Auditor requests (1)"), "{screen}");
    assert!(
        screen.contains("IRL-01 [open] Quarterly user access reviews"),
        "{screen}"
    );
    assert!(
        screen.contains("access-review-quarterly (by criterion)"),
        "{screen}"
    );
    press(&mut app, "s");
    assert_eq!(
        app.wb().requests["IRL-01"].status,
        RequestStatus::InProgress
    );
    press(&mut app, "o");
    let first = app.wb().team[0].id.clone();
    assert_eq!(
        app.wb().requests["IRL-01"].owner.as_deref(),
        Some(first.as_str())
    );
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("IRL-01 [in progress]"), "{screen}");
    press(&mut app, "u");
    assert_eq!(
        app.wb().requests["IRL-01"].owner,
        None,
        "undo takes the owner back"
    );
    press(&mut app, "esc");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(!screen.contains("Auditor requests (1)"), "{screen}");
}

#[test]
fn r_without_requests_says_how_to_import_them() {
    let mut app = app();
    press(&mut app, "1");
    press(&mut app, "r");
    let screen = text(&draw(&mut app, 120, 24));
    assert!(screen.contains("no auditor requests yet"), "{screen}");
}

#[test]
fn w_on_a_workbook_not_on_disk_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let doc = soc2_workbook::tui::app::Document::new(workbook(), dir.path().join("gone/acme.ron"));
    let mut app = soc2_workbook::tui::app::App::new(doc, today(), Theme::color(), Prefs::default());
    press(&mut app, "W");
    let screen = text(&draw(&mut app, 120, 24));
    assert!(screen.contains("nothing exported"), "{screen}");
    assert!(!dir.path().join("gone").exists());
}
