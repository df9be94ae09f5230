//! `App::update` driven by actions, as a user's keys would: every change lands in the
//! workbook through `crate::edit`, can be undone, and refused changes explain themselves.

mod tui_support;

use soc2_workbook::model::{BacklogStatus, Category, ItemStatus, SubserviceMethod};
use soc2_workbook::tui::action::Action;
use soc2_workbook::tui::app::{App, Document, Effect};
use soc2_workbook::tui::popup::Popup;
use soc2_workbook::tui::views::scoping::{Row, rows};
use soc2_workbook::tui::views::{View, checklist, scoping};
use tui_support::*;

fn status_of(app: &soc2_workbook::tui::app::App, c: &str, i: &str) -> ItemStatus {
    app.wb()
        .item(c, i)
        .map_or(ItemStatus::NotStarted, |r| r.status)
}

#[test]
fn single_keys_change_an_items_status_and_undo_redo_restore_it() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "code-of-conduct-annual-ack");
    let generation = app.doc().generation;
    press(&mut app, "p");
    assert_eq!(
        status_of(&app, "CC1.1", "code-of-conduct-annual-ack"),
        ItemStatus::InProgress
    );
    press(&mut app, "d");
    assert_eq!(
        status_of(&app, "CC1.1", "code-of-conduct-annual-ack"),
        ItemStatus::Implemented
    );
    assert_eq!(app.doc().generation, generation + 2);
    assert!(app.doc().is_dirty());

    press(&mut app, "u");
    assert_eq!(
        status_of(&app, "CC1.1", "code-of-conduct-annual-ack"),
        ItemStatus::InProgress
    );
    assert!(app.message().unwrap().text.contains("undid"));
    press(&mut app, "u");
    assert_eq!(
        status_of(&app, "CC1.1", "code-of-conduct-annual-ack"),
        ItemStatus::NotStarted
    );
    assert!(!app.doc().is_dirty(), "undone back to what is on disk");
    press(&mut app, "ctrl-r");
    assert_eq!(
        status_of(&app, "CC1.1", "code-of-conduct-annual-ack"),
        ItemStatus::InProgress
    );
    press(&mut app, "t");
    press(&mut app, "ctrl-r");
    assert_eq!(
        status_of(&app, "CC1.1", "code-of-conduct-annual-ack"),
        ItemStatus::NotStarted,
        "a new change clears the redo history"
    );
}

#[test]
fn not_applicable_asks_for_a_reason_and_refuses_none() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "background-checks");
    press(&mut app, "n");
    assert!(matches!(app.popups().last(), Some(Popup::Input(_))));
    press(&mut app, "enter");
    assert!(app.message().unwrap().error, "empty reason refused");
    assert_eq!(
        status_of(&app, "CC1.1", "background-checks"),
        ItemStatus::InProgress
    );

    press(&mut app, "n");
    type_text(&mut app, "contractors only, checked by agency");
    press(&mut app, "enter");
    let rec = app.wb().item("CC1.1", "background-checks").unwrap();
    assert_eq!(rec.status, ItemStatus::NotApplicable);
    assert_eq!(
        rec.reason.as_deref(),
        Some("contractors only, checked by agency")
    );
    assert!(app.popups().is_empty());
}

#[test]
fn esc_cancels_a_popup_without_changing_anything() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    let before = app.wb().clone();
    press(&mut app, "n");
    type_text(&mut app, "q");
    press(&mut app, "esc");
    assert!(app.popups().is_empty());
    assert_eq!(app.wb(), &before);
    assert!(!app.should_quit(), "q typed into a field does not quit");
}

#[test]
fn owner_comes_from_the_team_and_the_picker_can_add_a_member() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "background-checks");
    press(&mut app, "o");
    let Some(Popup::Pick(pick)) = app.popups().last() else {
        panic!("owner picker expected");
    };
    assert!(pick.options[0].label.contains("Maria Lopez"));
    press(&mut app, "enter");
    assert_eq!(
        app.wb()
            .item("CC1.1", "background-checks")
            .unwrap()
            .owner
            .as_deref(),
        Some("maria")
    );

    press(&mut app, "o");
    press(&mut app, "G");
    press(&mut app, "enter");
    assert!(matches!(app.popups().last(), Some(Popup::Input(_))));
    type_text(&mut app, "sam, Sam Lee, Engineer");
    press(&mut app, "enter");
    assert_eq!(app.wb().member("sam").unwrap().role, "Engineer");
    assert_eq!(
        app.wb()
            .item("CC1.1", "background-checks")
            .unwrap()
            .owner
            .as_deref(),
        Some("sam")
    );
}

#[test]
fn evidence_gets_a_date_and_a_hash_for_files_in_the_repo() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/access.md"), "abc").unwrap();
    std::fs::create_dir(dir.path().join("workbooks")).unwrap();
    let mut app = app();
    *app.doc_mut() = Document::new(app.wb().clone(), dir.path().join("workbooks/acme.ron"));
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "background-checks");

    press(&mut app, "a");
    type_text(&mut app, "docs/access.md 2027-01-12");
    press(&mut app, "enter");
    press(&mut app, "a");
    type_text(&mut app, "SEC-412");
    press(&mut app, "enter");
    let ev = &app
        .wb()
        .item("CC1.1", "background-checks")
        .unwrap()
        .evidence;
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0].reference, "docs/access.md");
    assert_eq!(ev[0].collected.to_string(), "2027-01-12");
    assert_eq!(
        ev[0].sha256.as_deref(),
        Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        "SHA-256 of \"abc\""
    );
    assert_eq!(ev[1].collected, today());
    assert_eq!(ev[1].sha256, None, "a ticket is not a file");
}

#[test]
fn an_occurrence_of_a_recurring_control_is_recorded_with_its_evidence() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "disciplinary-process");
    press(&mut app, "r");
    assert!(app.popups().is_empty(), "not a recurring control");
    assert!(app.message().unwrap().error);

    select(&mut app, "code-of-conduct-annual-ack");
    press(&mut app, "r");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "2027-01-14 HR-77");
    press(&mut app, "enter");
    let rec = app
        .wb()
        .item("CC1.1", "code-of-conduct-annual-ack")
        .unwrap();
    assert_eq!(rec.performed.len(), 1);
    assert_eq!(rec.performed[0].to_string(), "2027-01-14");
    assert_eq!(rec.evidence[0].reference, "HR-77");
}

#[test]
fn a_gap_becomes_one_linked_backlog_item() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "code-of-conduct-annual-ack");
    let before = app.wb().backlog.len();
    press(&mut app, "b");
    assert_eq!(app.wb().backlog.len(), before + 1);
    let item = app.wb().backlog.last().unwrap();
    assert_eq!(item.criteria, vec!["CC1.1"]);
    assert_eq!(item.items, vec!["code-of-conduct-annual-ack"]);
    assert_eq!(item.status, BacklogStatus::Open);
    assert!(item.title.starts_with("Close gap: "));
    assert!(item.due.is_some());
    assert!(app.message().unwrap().text.contains(&item.id));

    press(&mut app, "b");
    assert_eq!(app.wb().backlog.len(), before + 1, "no duplicate");
    select(&mut app, "code-of-conduct-signed");
    press(&mut app, "b");
    assert_eq!(
        app.wb().backlog.len(),
        before + 1,
        "implemented is not a gap"
    );
}

#[test]
fn notes_inline_and_in_the_editor() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "background-checks");
    press(&mut app, "e");
    type_text(&mut app, "Checkr account set up");
    press(&mut app, "enter");
    assert_eq!(
        app.wb().item("CC1.1", "background-checks").unwrap().notes,
        "Checkr account set up"
    );
    press(&mut app, "E");
    let Some(effect) = app.take_effect() else {
        panic!("editor requested");
    };
    assert!(matches!(&effect, Effect::EditNote(_, text) if text == "Checkr account set up"));
    app.finish_editor(effect, "Line one\nLine two\n".into());
    assert_eq!(
        app.wb().item("CC1.1", "background-checks").unwrap().notes,
        "Line one\nLine two"
    );
    press(&mut app, "e");
    assert!(app.effect().is_some(), "a multi-line note opens the editor");
}

#[test]
fn custom_items_are_added_to_the_criterion() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    press(&mut app, "c");
    type_text(&mut app, "Founders sign the code too");
    press(&mut app, "enter");
    let key = soc2_workbook::tui::views::checklist::selected_item(&app).unwrap();
    assert!(key.item.starts_with("CI-"));
    let rec = app.wb().item("CC1.1", &key.item).unwrap();
    assert_eq!(
        rec.custom.as_ref().unwrap().title,
        "Founders sign the code too"
    );
}

#[test]
fn out_of_scope_criteria_are_hidden_until_asked_for() {
    let mut app = app();
    press(&mut app, "3");
    let visible = |app: &soc2_workbook::tui::app::App| {
        soc2_workbook::tui::views::checklist::tree_rows(app.wb(), &app.views().checklist)
            .iter()
            .any(|r| !r.in_scope)
    };
    assert!(!visible(&app));
    press(&mut app, ".");
    assert!(visible(&app));
    assert!(app.prefs().show_out_of_scope && app.prefs_changed());
    press(&mut app, ".");
    assert!(!visible(&app));
}

#[test]
fn answering_in_the_walk_through_shows_the_effect_and_moves_on() {
    let mut app = app_with(
        soc2_workbook::starter::starter_workbook("Acme", None, today()),
        soc2_workbook::tui::theme::Theme::color(),
    );
    assert!(
        app.views().scoping.walk,
        "a fresh workbook starts the walk-through"
    );
    press(&mut app, "2");
    let q = soc2_workbook::catalog::scoping::questionnaire();
    let uptime = q
        .questions
        .iter()
        .position(|q| q.id == "uptime_sla")
        .unwrap();
    app.views_mut().scoping.question = uptime;
    assert!(!app.wb().in_scope(Category::Availability));
    press(&mut app, "y");
    assert!(app.wb().in_scope(Category::Availability));
    assert!(
        app.views().scoping.last_effects[0].starts_with("Availability is now in scope"),
        "{:?}",
        app.views().scoping.last_effects
    );
    assert!(app.message().unwrap().text.contains("Availability"));
    assert_eq!(app.views().scoping.question, uptime + 1);
    press(&mut app, "←");
    press(&mut app, "x");
    assert!(!app.wb().in_scope(Category::Availability));
}

#[test]
fn choice_and_number_questions_are_answered_through_popups() {
    let mut app = app();
    press(&mut app, "2");
    app.views_mut().scoping.walk = true;
    let q = soc2_workbook::catalog::scoping::questionnaire();
    app.views_mut().scoping.question = q
        .questions
        .iter()
        .position(|q| q.id == "employee_count")
        .unwrap();
    press(&mut app, "y");
    assert!(app.message().unwrap().error, "not a yes/no question");
    press(&mut app, "enter");
    type_text(&mut app, "12x");
    press(&mut app, "enter");
    assert!(app.message().unwrap().error);
    app.views_mut().scoping.question -= 0;
    press(&mut app, "enter");
    type_text(&mut app, "12");
    press(&mut app, "enter");
    assert_eq!(
        app.wb().scope.answers.get("employee_count"),
        Some(&soc2_workbook::model::Answer::Number(12))
    );
}

fn select_row(app: &mut soc2_workbook::tui::app::App, row: Row) {
    press(app, "2");
    app.views_mut().scoping.walk = false;
    let pos = rows(app.wb()).iter().position(|r| *r == row).unwrap();
    let (doc, views) = app.doc_and_views();
    scoping::select_row(&doc.workbook, &mut views.scoping, pos);
}

#[test]
fn a_category_override_needs_a_reason_and_can_be_handed_back() {
    let mut app = app();
    select_row(&mut app, Row::Category(Category::Availability));
    assert!(app.wb().in_scope(Category::Availability));
    press(&mut app, "enter");
    press(&mut app, "↓");
    press(&mut app, "enter");
    press(&mut app, "enter");
    assert!(app.message().unwrap().error, "a reason is required");
    assert!(app.wb().in_scope(Category::Availability));
    press(&mut app, "enter");
    press(&mut app, "↓");
    press(&mut app, "enter");
    type_text(&mut app, "the SLA is best effort only");
    press(&mut app, "enter");
    let d = &app.wb().scope.categories[&Category::Availability];
    assert!(!d.in_scope && d.overridden);
    assert_eq!(d.reason, "the SLA is best effort only");
    press(&mut app, "x");
    assert!(
        app.wb().in_scope(Category::Availability),
        "back to the answers"
    );

    select_row(&mut app, Row::Category(Category::Security));
    press(&mut app, "enter");
    press(&mut app, "↓");
    press(&mut app, "enter");
    assert!(app.popups().is_empty());
    assert!(app.message().unwrap().error, "Security stays");
}

#[test]
fn report_settings_and_subservices_are_edited_from_the_list() {
    use soc2_workbook::tui::views::scoping::Setting;
    let mut app = app();
    select_row(&mut app, Row::Setting(Setting::ObservationMonths));
    press(&mut app, "enter");
    press(&mut app, "↓");
    press(&mut app, "enter");
    assert_eq!(
        app.wb().scope.observation_months,
        Some(7),
        "any whole month from 3 to 12 is offered; one down from 6 is 7"
    );
    select_row(&mut app, Row::Setting(Setting::ObservationMonths));
    press(&mut app, "enter");
    press(&mut app, "G");
    press(&mut app, "enter");
    assert_eq!(app.wb().scope.observation_months, Some(12));
    select_row(&mut app, Row::Setting(Setting::TargetDate));
    press(&mut app, "enter");
    type_text(&mut app, "2027-10-01");
    press(&mut app, "enter");
    assert_eq!(
        app.wb().scope.target_report_date.unwrap().to_string(),
        "2027-10-01"
    );

    press(&mut app, "a");
    type_text(&mut app, "AWS, cloud hosting");
    press(&mut app, "enter");
    let s = app.wb().subservices()[0];
    assert_eq!(
        (s.name.as_str(), s.service.as_str()),
        ("AWS", "cloud hosting")
    );
    let all = rows(app.wb());
    assert_eq!(
        all[scoping::selected_index(app.wb(), &all, &app.views().scoping)],
        Row::Subservice(0)
    );
    press(&mut app, "enter");
    press(&mut app, "↓");
    press(&mut app, "↓");
    press(&mut app, "enter");
    assert_eq!(
        app.wb().subservices()[0].method(),
        SubserviceMethod::Inclusive
    );
    press(&mut app, "enter");
    // The last option opens the vendor in the Vendors tab; the ones above it edit here.
    press(&mut app, "G");
    for _ in 0..4 {
        press(&mut app, "↑");
    }
    press(&mut app, "enter");
    press(&mut app, "enter");
    assert_eq!(app.wb().subservices()[0].reviewed(), Some(today()));
    // Their report's period, then the controls we rely on them for.
    press(&mut app, "enter");
    press(&mut app, "G");
    press(&mut app, "↑");
    press(&mut app, "↑");
    press(&mut app, "↑");
    press(&mut app, "enter");
    type_text(&mut app, "2025-10-01 2025-01-01");
    press(&mut app, "enter");
    assert!(
        app.message().unwrap().error,
        "an end before the start is refused"
    );
    press(&mut app, "enter");
    press(&mut app, "G");
    press(&mut app, "↑");
    press(&mut app, "↑");
    press(&mut app, "↑");
    press(&mut app, "enter");
    type_text(&mut app, "2025-10-01 2026-09-30");
    press(&mut app, "enter");
    press(&mut app, "enter");
    press(&mut app, "G");
    press(&mut app, "↑");
    press(&mut app, "↑");
    press(&mut app, "enter");
    type_text(&mut app, "physical security, , hardware disposal");
    press(&mut app, "enter");
    let s = app.wb().subservices()[0];
    assert_eq!(
        s.report_period()
            .map(|r| (r.start.to_string(), r.end.to_string())),
        Some(("2025-10-01".into(), "2026-09-30".into()))
    );
    assert_eq!(
        s.csoc_texts(),
        vec!["physical security", "hardware disposal"]
    );
    press(&mut app, "enter");
    press(&mut app, "G");
    press(&mut app, "enter");
    assert_eq!(app.view(), soc2_workbook::tui::views::View::Vendors);
    assert_eq!(
        app.views().vendors.vendor.id(),
        Some("aws"),
        "the subservice organization is selected there"
    );
    press(&mut app, "2");
    press(&mut app, "d");
    press(&mut app, "enter");
    assert!(app.wb().subservices().is_empty());
    assert_eq!(app.wb().vendors.len(), 1, "it stays an ordinary vendor");
}

#[test]
fn a_read_only_document_refuses_every_change() {
    let mut app = app();
    app.doc_mut().read_only = Some("read-only: a problem".into());
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "code-of-conduct-annual-ack");
    let before = app.wb().clone();
    press(&mut app, "d");
    press(&mut app, "b");
    assert_eq!(app.wb(), &before);
    assert!(app.message().unwrap().text.contains("read-only"));
    assert!(!app.doc_mut().save().unwrap());
}

#[test]
fn saving_writes_only_changes_and_never_a_read_only_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.ron");
    soc2_workbook::store::create(&path, &workbook()).unwrap();
    let mut doc = Document::open(&path).unwrap();
    assert!(doc.read_only.is_none());
    assert!(!doc.save().unwrap(), "nothing changed, nothing written");
    let mut app = app_with(
        doc.workbook.clone(),
        soc2_workbook::tui::theme::Theme::color(),
    );
    *app.doc_mut() = doc;
    open_criterion(&mut app, "CC1.1");
    press(&mut app, "p");
    assert!(app.doc_mut().save().unwrap());
    let back = soc2_workbook::store::load(&path).unwrap().workbook;
    assert_eq!(&back, app.wb());
    assert!(!app.doc().is_dirty());

    std::fs::write(
        &path,
        soc2_workbook::store::to_canonical(&{
            let mut wb = workbook();
            wb.backlog[0].owner = Some("ghost".into());
            wb
        }),
    )
    .unwrap();
    doc = Document::open(&path).unwrap();
    assert!(doc.read_only.as_ref().unwrap().contains("ghost"));
}

#[test]
fn views_tabs_help_and_quit() {
    let mut app = app();
    press(&mut app, "tab");
    assert_eq!(app.view(), View::Scoping);
    press(&mut app, "shift-tab");
    press(&mut app, "shift-tab");
    assert_eq!(
        Some(app.view()),
        View::ALL.last().copied(),
        "back from the first tab wraps to the last"
    );
    press(&mut app, "3");
    assert_eq!(app.view(), View::Checklist);
    press(&mut app, "?");
    assert!(matches!(app.popups().last(), Some(Popup::Help { .. })));
    press(&mut app, "esc");
    assert!(app.popups().is_empty());
    // A click on the second tab (" 2 Scoping " starts after " 1 Dashboard " and a space).
    app.update(Action::Click { column: 16, row: 0 });
    assert_eq!(app.view(), View::Scoping);
    press(&mut app, "ctrl-z");
    assert_eq!(app.take_effect(), Some(Effect::Suspend));
    press(&mut app, "q");
    assert!(app.should_quit());
}

#[test]
fn dashboard_enter_explains_a_figure() {
    let mut app = app();
    press(&mut app, "enter");
    let Some(Popup::Behind(behind)) = app.popups().last() else {
        panic!("explanation expected");
    };
    let info = &behind.info;
    assert!(info.title.contains("Security"));
    let text: Vec<&str> = info.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(text.iter().any(|l| l.contains("code-of-conduct-signed")));
    assert!(text.iter().any(|l| l.contains("N/A: no staff yet")));
    press(&mut app, "esc");
    press(&mut app, "↓");
    press(&mut app, "↓");
    press(&mut app, "↓");
    press(&mut app, "enter");
    let Some(Popup::Behind(behind)) = app.popups().last() else {
        panic!("explanation expected");
    };
    assert!(behind.info.title.contains("All in-scope"));
}

#[test]
fn mouse_clicks_select_rows_and_scrolling_moves() {
    let mut app = app();
    press(&mut app, "3");
    app.set_size(ratatui::layout::Rect::new(0, 0, 100, 30));
    // Tree rows start below the tab bar (row 1) and the pane border (row 2).
    app.update(Action::Click { column: 5, row: 4 });
    let tree_at = |app: &App| {
        let rows = checklist::tree_rows(app.wb(), &app.views().checklist);
        checklist::tree_index(&rows, &app.views().checklist)
    };
    assert_eq!(tree_at(&app), 2);
    app.update(Action::ScrollDown);
    assert_eq!(tree_at(&app), 3);
}

#[test]
fn evidence_lines_name_who_collected_it_and_custom_items_their_cadence() {
    use soc2_workbook::model::Cadence;
    use soc2_workbook::tui::views::checklist::{parse_custom_item, parse_evidence_line};
    let d = |s: &str| s.parse::<soc2_workbook::model::Date>().unwrap();
    assert_eq!(
        parse_evidence_line("SEC-412 2027-01-15 @maria"),
        (
            "SEC-412".into(),
            Some(d("2027-01-15")),
            Some("maria".into())
        )
    );
    assert_eq!(
        parse_evidence_line("docs/a b.md @maria 2027-01-15"),
        (
            "docs/a b.md".into(),
            Some(d("2027-01-15")),
            Some("maria".into())
        )
    );
    assert_eq!(
        parse_evidence_line("@maria"),
        ("@maria".into(), None, None),
        "a lone word is the reference"
    );
    assert_eq!(
        parse_custom_item("Badge log review (quarterly)"),
        ("Badge log review".into(), Some(Cadence::Quarterly))
    );
    assert_eq!(
        parse_custom_item("Keep a log (of visitors)"),
        ("Keep a log (of visitors)".into(), None)
    );

    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "background-checks");
    press(&mut app, "a");
    type_text(&mut app, "SEC-9 @maria");
    press(&mut app, "enter");
    let ev = &app
        .wb()
        .item("CC1.1", "background-checks")
        .unwrap()
        .evidence;
    assert_eq!(ev.last().and_then(|e| e.by.as_deref()), Some("maria"));
    press(&mut app, "a");
    type_text(&mut app, "SEC-10 @nobody");
    press(&mut app, "enter");
    assert!(
        app.message().unwrap().error,
        "an unknown collector is refused"
    );

    press(&mut app, "c");
    type_text(&mut app, "Visitor log reviewed (monthly)");
    press(&mut app, "enter");
    let custom = app.wb().checklist["CC1.1"]
        .values()
        .find_map(|r| r.custom.as_ref())
        .unwrap();
    assert_eq!(
        (custom.title.as_str(), custom.cadence),
        ("Visitor log reviewed", Some(Cadence::Monthly))
    );
}

#[test]
fn evidence_files_changed_since_collection_are_flagged_in_the_checklist() {
    use soc2_workbook::evidence::Drift;
    use soc2_workbook::tui::drift;
    use soc2_workbook::tui::prefs::Prefs;
    use soc2_workbook::tui::theme::Theme;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::create_dir(dir.path().join("workbooks")).unwrap();
    std::fs::write(dir.path().join("docs/conduct.md"), "v1").unwrap();
    let path = dir.path().join("workbooks/acme.ron");
    let mut app = app();
    *app.doc_mut() = Document::new(app.wb().clone(), path.clone());
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "background-checks");
    press(&mut app, "a");
    type_text(&mut app, "docs/conduct.md");
    press(&mut app, "enter");
    drift::refresh(&mut app);
    assert!(app.drift().all().is_empty(), "just collected: unchanged");

    std::fs::write(dir.path().join("docs/conduct.md"), "v2, edited later").unwrap();
    let wb = app.wb().clone();
    let mut app = soc2_workbook::tui::app::App::new(
        Document::new(wb, path),
        today(),
        Theme::color(),
        Prefs::default(),
    );
    let changed = &app.drift().all()[0];
    assert_eq!(
        (changed.item.as_str(), changed.drift),
        ("background-checks", Drift::Changed)
    );
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "background-checks");
    let screen = text(&draw(&mut app, 120, 40));
    assert!(
        screen.contains("⚠ changed since collected: 2027-01-15 EV-"),
        "{screen}"
    );
}

#[test]
fn a_click_on_a_pick_list_option_chooses_it() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "code-of-conduct-signed");
    press(&mut app, "o");
    assert!(matches!(app.popups().last(), Some(Popup::Pick(_))));
    let buf = draw(&mut app, 100, 30);
    let row = row_of(&buf, "(nobody)");
    let column = column_of(&buf, row, "(nobody)");
    app.update(Action::ScrollDown);
    app.update(Action::Click { column, row });
    assert!(
        app.popups().is_empty(),
        "the click chose and closed the list"
    );
    assert_eq!(
        app.wb()
            .item("CC1.1", "code-of-conduct-signed")
            .unwrap()
            .owner,
        None
    );
    // A click outside the options does nothing.
    press(&mut app, "o");
    app.update(Action::Click { column: 0, row: 0 });
    assert!(matches!(app.popups().last(), Some(Popup::Pick(_))));
}
