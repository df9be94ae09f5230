//! The Policies view (tab 8) and its People tab, driven by keys as a person types them:
//! approve, acknowledge, review, owner, training, background check, device.

mod tui_support;

use soc2_workbook::edit;
use soc2_workbook::model::{Date, Workbook};
use soc2_workbook::tui::app::App;
use soc2_workbook::tui::views::View;
use soc2_workbook::tui::views::policies::{self, Tab};
use tui_support::{draw, text};

fn press(app: &mut App, name: &str) {
    tui_support::press(app, name);
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// maria, tomas and lena, everyone on record; access-control approved and acknowledged by
/// maria only, encryption still a draft.
fn register() -> Workbook {
    let mut wb = tui_support::workbook();
    edit::add_member(&mut wb, "tomas", "Tomás Okafor", "CTO").unwrap();
    edit::add_member(&mut wb, "lena", "Lena Fischer", "People").unwrap();
    for m in &mut wb.team {
        m.joined = Some(d("2026-06-01"));
        m.background_check = Some(d("2026-05-20"));
        m.training = vec![d("2026-06-10")];
        m.device_enrolled = Some(d("2026-06-01"));
    }
    wb.team[2].device_enrolled = None;
    for p in ["access-control", "encryption"] {
        edit::register_policy(&mut wb, p, &format!("policies/{p}.md")).unwrap();
    }
    edit::approve_policy(
        &mut wb,
        "access-control",
        "maria",
        d("2027-01-05"),
        None,
        None,
    )
    .unwrap();
    edit::acknowledge_policy(&mut wb, "access-control", "maria", None, d("2027-01-06")).unwrap();
    wb
}

fn policies_app() -> App {
    let mut app = tui_support::app_with(register(), soc2_workbook::tui::theme::Theme::color());
    app.set_size(ratatui::layout::Rect::new(0, 0, 80, 24));
    app
}

fn screen(app: &mut App) -> String {
    text(&draw(app, 80, 24))
}

fn select_policy(app: &mut App, id: &str) {
    press(app, "g");
    while policies::selected_policy(app.wb(), &app.views().policies) != Some(id) {
        let before = app.views().policies.policy.clone();
        press(app, "j");
        assert_ne!(
            before,
            app.views().policies.policy,
            "{id} not in the register"
        );
    }
}

#[test]
fn key_8_opens_the_register_with_each_policys_state_and_acknowledgements() {
    let mut app = policies_app();
    press(&mut app, "8");
    assert_eq!(app.view(), View::Policies);
    let s = screen(&mut app);
    insta::assert_snapshot!("policies_80x24", s);
    let access = s.lines().find(|l| l.contains("access-control")).unwrap();
    assert!(
        access.contains("approved") && access.contains("1/3"),
        "{access}"
    );
    let enc = s.lines().find(|l| l.contains("encryption")).unwrap();
    assert!(enc.contains("not approved"), "{enc}");
}

#[test]
fn a_approves_o_sets_the_owner_s_records_a_signature_and_r_a_review() {
    let mut app = policies_app();
    press(&mut app, "8");
    select_policy(&mut app, "encryption");
    press(&mut app, "o");
    press(&mut app, "enter");
    assert_eq!(
        app.wb().policies["encryption"].owner.as_deref(),
        Some("maria")
    );
    press(&mut app, "a");
    press(&mut app, "enter");
    let p = &app.wb().policies["encryption"];
    assert_eq!(p.approvals.len(), 1, "approved by the owner, today");
    assert_eq!(
        (p.approvals[0].by.as_str(), p.approvals[0].date),
        ("maria", d("2027-01-15"))
    );
    press(&mut app, "s");
    press(&mut app, "enter");
    assert!(app.wb().policies["encryption"].ack("maria", 1).is_some());
    press(&mut app, "r");
    press(&mut app, "enter");
    assert_eq!(app.wb().policies["encryption"].reviews.len(), 1);
    press(&mut app, "u");
    assert!(
        app.wb().policies["encryption"].reviews.is_empty(),
        "u undoes the review"
    );
}

#[test]
fn the_people_tab_lists_what_each_person_owes_and_records_training_and_devices() {
    let mut app = policies_app();
    press(&mut app, "8");
    press(&mut app, "l");
    assert_eq!(app.views().policies.tab, Tab::People);
    let s = screen(&mut app);
    insta::assert_snapshot!("people_80x24", s);
    assert!(s.contains("[People]"), "{s}");
    press(&mut app, "G");
    let lena = policies::selected_person(app.wb(), &app.views().policies)
        .unwrap()
        .id
        .clone();
    assert_eq!(lena, "lena");
    press(&mut app, "D");
    press(&mut app, "enter");
    assert_eq!(
        app.wb().member("lena").unwrap().device_enrolled,
        Some(d("2027-01-15"))
    );
    press(&mut app, "t");
    press(&mut app, "enter");
    assert_eq!(
        app.wb().member("lena").unwrap().training.last(),
        Some(&d("2027-01-15"))
    );
    press(&mut app, "s");
    press(&mut app, "enter");
    assert!(app.wb().policies["access-control"].ack("lena", 1).is_some());
    let s = screen(&mut app);
    assert!(s.contains("Lena Fischer · nothing owed"), "{s}");
}

#[test]
fn a_policy_file_edited_after_its_approval_shows_as_changed_at_the_next_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("policies")).unwrap();
    std::fs::write(dir.path().join("policies/encryption.md"), "# Encryption\n").unwrap();
    let path = dir.path().join("wb.ron");
    let mut app = tui_support::app_with(register(), soc2_workbook::tui::theme::Theme::color());
    app.doc_mut().path = path;
    press(&mut app, "8");
    select_policy(&mut app, "encryption");
    press(&mut app, "o");
    press(&mut app, "enter");
    press(&mut app, "a");
    press(&mut app, "enter");
    assert!(
        app.wb().policies["encryption"].approvals[0]
            .sha256
            .is_some()
    );
    let row = |app: &mut App| {
        screen(app)
            .lines()
            .find(|l| l.contains("encryption "))
            .unwrap()
            .to_string()
    };
    assert!(row(&mut app).contains("approved"), "{}", row(&mut app));
    std::fs::write(
        dir.path().join("policies/encryption.md"),
        "# Encryption\nedited\n",
    )
    .unwrap();
    press(&mut app, "g");
    assert!(
        row(&mut app).contains("changed since approval"),
        "{}",
        row(&mut app)
    );
}

#[test]
fn the_status_bar_hints_only_the_keys_of_the_tab_in_front() {
    let mut app = policies_app();
    press(&mut app, "8");
    let hints = |app: &mut App| screen(app).lines().last().unwrap_or_default().to_string();
    let on_policies = hints(&mut app);
    assert!(on_policies.contains("approve"), "{on_policies}");
    assert!(!on_policies.contains("training"), "{on_policies}");
    press(&mut app, "right");
    let on_people = hints(&mut app);
    assert!(!on_people.contains("approve"), "{on_people}");
    assert!(on_people.contains("training"), "{on_people}");
}
