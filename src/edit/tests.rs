use super::*;
use crate::catalog::catalog;
use crate::model::{
    Answer, BacklogStatus, Cadence, Category, Date, ItemStatus, Member, Milestone, Phase, Priority,
};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn wb() -> Workbook {
    let mut wb = Workbook::default();
    wb.team.push(Member {
        id: "maria".into(),
        name: "Maria".into(),
        role: "CTO".into(),
        ..Default::default()
    });
    wb
}

fn key(item: &str) -> ItemKey {
    resolve_item(catalog(), &wb(), item).unwrap()
}

fn rng() -> fastrand::Rng {
    fastrand::Rng::with_seed(42)
}

#[test]
fn items_resolve_to_their_criterion() {
    assert_eq!(key("offboarding-revocation-sla").criterion, "CC6.2");
    assert!(matches!(
        resolve_item(catalog(), &wb(), "nope"),
        Err(EditError::UnknownItem(_))
    ));
}

#[test]
fn not_applicable_needs_a_reason_and_others_drop_it() {
    let mut wb = wb();
    let k = key("offboarding-revocation-sla");
    assert_eq!(
        set_item_status(&mut wb, &k, ItemStatus::NotApplicable, None),
        Err(EditError::ReasonRequired)
    );
    assert_eq!(
        set_item_status(&mut wb, &k, ItemStatus::NotApplicable, Some("  ")),
        Err(EditError::ReasonRequired)
    );
    set_item_status(&mut wb, &k, ItemStatus::NotApplicable, Some("no staff yet")).unwrap();
    let rec = wb.item(&k.criterion, &k.item).unwrap();
    assert_eq!(
        (rec.status, rec.reason.as_deref()),
        (ItemStatus::NotApplicable, Some("no staff yet"))
    );
    set_item_status(&mut wb, &k, ItemStatus::Implemented, None).unwrap();
    let rec = wb.item(&k.criterion, &k.item).unwrap();
    assert_eq!(
        (rec.status, rec.reason.as_deref()),
        (ItemStatus::Implemented, None)
    );
}

#[test]
fn owners_must_be_team_members() {
    let mut wb = wb();
    let k = key("mfa-everywhere");
    assert_eq!(
        set_item_owner(&mut wb, &k, Some("bob")),
        Err(EditError::UnknownMember("bob".into()))
    );
    set_item_owner(&mut wb, &k, Some("maria")).unwrap();
    assert_eq!(
        wb.item(&k.criterion, &k.item).unwrap().owner.as_deref(),
        Some("maria")
    );
    set_item_owner(&mut wb, &k, None).unwrap();
    assert_eq!(wb.item(&k.criterion, &k.item).unwrap().owner, None);
}

#[test]
fn evidence_on_a_recurring_control_records_an_occurrence() {
    let mut wb = wb();
    let k = key("access-review-quarterly");
    let ev = NewEvidence {
        reference: "SEC-412".into(),
        collected: Some(d("2027-01-15")),
        by: Some("maria".into()),
        sha256: None,
    };
    let id = add_evidence(catalog(), &mut wb, &k, ev, d("2027-01-20"), &mut rng()).unwrap();
    assert!(id.starts_with("EV-"));
    let rec = wb.item(&k.criterion, &k.item).unwrap();
    assert_eq!(rec.evidence[0].reference, "SEC-412");
    assert_eq!(rec.performed, vec![d("2027-01-15")]);

    let k2 = key("mfa-everywhere");
    let ev = NewEvidence {
        reference: "https://idp/policy".into(),
        ..NewEvidence::default()
    };
    add_evidence(catalog(), &mut wb, &k2, ev, d("2027-01-20"), &mut rng()).unwrap();
    let rec = wb.item(&k2.criterion, &k2.item).unwrap();
    assert_eq!(
        rec.evidence[0].collected,
        d("2027-01-20"),
        "defaults to today"
    );
    assert!(
        rec.performed.is_empty(),
        "a standing control has no occurrences"
    );

    let empty = NewEvidence::default();
    assert!(add_evidence(catalog(), &mut wb, &k2, empty, d("2027-01-20"), &mut rng()).is_err());
}

#[test]
fn occurrences_stay_sorted_and_unique() {
    let mut wb = wb();
    let k = key("access-review-quarterly");
    for day in ["2027-04-02", "2027-01-15", "2027-04-02"] {
        record_occurrence(&mut wb, &k, d(day), d("2027-05-01")).unwrap();
    }
    assert_eq!(
        wb.item(&k.criterion, &k.item).unwrap().performed,
        vec![d("2027-01-15"), d("2027-04-02")]
    );
}

#[test]
fn custom_items_get_ids_and_resolve() {
    let mut wb = wb();
    let k = add_custom_item(
        catalog(),
        &mut wb,
        "CC6.4",
        "Badge log review",
        Some(Cadence::Quarterly),
        &mut rng(),
    )
    .unwrap();
    assert!(k.item.starts_with("CI-"));
    assert_eq!(resolve_item(catalog(), &wb, &k.item).unwrap(), k);
    assert_eq!(cadence_of(catalog(), &wb, &k), Some(Cadence::Quarterly));
    assert!(add_custom_item(catalog(), &mut wb, "CC99.1", "x", None, &mut rng()).is_err());
}

#[test]
fn backlog_status_changes_are_dated() {
    let mut wb = wb();
    let new = NewBacklogItem {
        title: "Formalize offboarding".into(),
        criteria: vec!["CC6.2".into()],
        ..Default::default()
    };
    let id = add_backlog_item(catalog(), &mut wb, new, d("2026-11-20"), &mut rng()).unwrap();
    assert_eq!(
        wb.backlog_item(&id).unwrap().priority,
        Priority::P1,
        "access gaps are suggested P1"
    );
    set_backlog_status(&mut wb, &id, BacklogStatus::InProgress, d("2026-11-21")).unwrap();
    set_backlog_status(&mut wb, &id, BacklogStatus::Done, d("2026-12-01")).unwrap();
    let item = wb.backlog_item(&id).unwrap();
    assert_eq!(item.done, Some(d("2026-12-01")));
    assert_eq!(item.history.len(), 2);
    set_backlog_status(&mut wb, &id, BacklogStatus::Open, d("2026-12-02")).unwrap();
    assert_eq!(wb.backlog_item(&id).unwrap().done, None, "reopened");
    set_backlog_priority(&mut wb, &id, Priority::P4).unwrap();
    assert_eq!(wb.backlog_item(&id).unwrap().priority, Priority::P4);
    assert!(set_backlog_owner(&mut wb, &id, Some("bob")).is_err());
    delete_backlog_item(&mut wb, &id).unwrap();
    assert!(wb.backlog.is_empty());
}

#[test]
fn backlog_items_refuse_unknown_links() {
    let mut wb = wb();
    let new = NewBacklogItem {
        title: "x".into(),
        criteria: vec!["CC0.0".into()],
        ..Default::default()
    };
    assert!(add_backlog_item(catalog(), &mut wb, new, d("2026-11-20"), &mut rng()).is_err());
    let new = NewBacklogItem {
        title: "  ".into(),
        ..Default::default()
    };
    assert!(add_backlog_item(catalog(), &mut wb, new, d("2026-11-20"), &mut rng()).is_err());
}

#[test]
fn a_gap_becomes_a_linked_item_due_before_the_window() {
    let mut wb = wb();
    wb.milestones.push(Milestone {
        id: "MS-abcd".into(),
        name: "Window".into(),
        phase: Phase::Observation,
        start: d("2027-05-01"),
        end: d("2027-10-31"),
        ..Milestone::default()
    });
    let k = key("offboarding-revocation-sla");
    set_item_owner(&mut wb, &k, Some("maria")).unwrap();
    let id = gap_to_backlog(catalog(), &mut wb, &k, d("2026-11-22"), &mut rng()).unwrap();
    let item = wb.backlog_item(&id).unwrap();
    assert!(
        item.title.contains("revoked within 24 hours"),
        "{}",
        item.title
    );
    assert_eq!(item.criteria, vec!["CC6.2".to_string()]);
    assert_eq!(item.items, vec!["offboarding-revocation-sla".to_string()]);
    assert_eq!(item.owner.as_deref(), Some("maria"));
    assert_eq!(item.due, Some(d("2027-04-24")));
}

#[test]
fn scope_overrides_need_a_reason_and_security_stays() {
    let mut wb = wb();
    assert_eq!(
        override_category(&mut wb, Category::Security, false, "x"),
        Err(EditError::SecurityRequired)
    );
    assert!(override_category(&mut wb, Category::Privacy, true, "").is_err());
    override_category(&mut wb, Category::Privacy, true, "a customer asked").unwrap();
    assert!(wb.in_scope(Category::Privacy));
    // A new answer does not undo a person's decision.
    answer(&mut wb, "uptime_sla", Some(Answer::No));
    assert!(wb.in_scope(Category::Privacy));
    clear_category_override(&mut wb, Category::Privacy);
    assert!(!wb.in_scope(Category::Privacy));
}

#[test]
fn answers_derive_categories_and_say_what_changed() {
    let mut wb = wb();
    let effects = answer(&mut wb, "uptime_sla", Some(Answer::Yes));
    assert!(wb.in_scope(Category::Availability));
    assert!(
        effects.iter().any(|e| e.contains("Availability")),
        "{effects:?}"
    );
    let effects = answer(&mut wb, "uptime_sla", None);
    assert!(!wb.in_scope(Category::Availability));
    assert!(!effects.is_empty());
}

#[test]
fn members_need_a_unique_handle_without_spaces() {
    let mut wb = wb();
    add_member(&mut wb, "sam", "Sam Lee", "Engineer").unwrap();
    assert_eq!(wb.member("sam").unwrap().name, "Sam Lee");
    assert!(matches!(
        add_member(&mut wb, "sam", "Other", ""),
        Err(EditError::Invalid(_))
    ));
    assert!(matches!(
        add_member(&mut wb, "a b", "x", ""),
        Err(EditError::Invalid(_))
    ));
    assert_eq!(
        add_member(&mut wb, " ", "x", ""),
        Err(EditError::Empty("the member's handle"))
    );
    add_member(&mut wb, "kim", "", "").unwrap();
    assert_eq!(
        wb.member("kim").unwrap().name,
        "kim",
        "name defaults to handle"
    );
    let k = key("offboarding-revocation-sla");
    set_item_owner(&mut wb, &k, Some("sam")).unwrap();
}

#[test]
fn report_settings_are_checked() {
    let mut wb = wb();
    set_observation_months(&mut wb, 12).unwrap();
    assert_eq!(wb.scope.observation_months, Some(12));
    set_observation_months(&mut wb, 9).unwrap();
    assert!(
        set_observation_months(&mut wb, 13).is_err() && set_observation_months(&mut wb, 2).is_err()
    );
    set_report_type(&mut wb, crate::model::ReportType::TypeI);
    assert_eq!(wb.scope.report_type, crate::model::ReportType::TypeI);
    set_target_report_date(&mut wb, Some(d("2027-09-01")));
    assert_eq!(wb.scope.target_report_date, Some(d("2027-09-01")));
    set_system_description(&mut wb, "Hosted scheduling app\n");
    assert_eq!(wb.organization.description, "Hosted scheduling app");
    set_boundary(
        &mut wb,
        BoundaryList::Environments,
        &["production", " ", "staging "],
    );
    assert_eq!(
        wb.scope.boundary.environments,
        vec!["production", "staging"]
    );
}

#[test]
fn subservices_are_added_edited_and_removed() {
    use crate::model::SubserviceMethod;
    let mut wb = wb();
    let i = add_subservice(&mut wb, "AWS", "hosting").unwrap();
    add_subservice(&mut wb, "Okta", "identity").unwrap();
    assert!(add_subservice(&mut wb, "AWS", "again").is_err());
    assert!(add_subservice(&mut wb, "  ", "x").is_err());
    update_subservice(
        &mut wb,
        i,
        SubserviceChange::Method(SubserviceMethod::Inclusive),
    )
    .unwrap();
    update_subservice(
        &mut wb,
        i,
        SubserviceChange::Reviewed(Some(d("2027-02-01"))),
    )
    .unwrap();
    assert!(update_subservice(&mut wb, i, SubserviceChange::Name("Okta".into())).is_err());
    update_subservice(
        &mut wb,
        i,
        SubserviceChange::Name("Amazon Web Services".into()),
    )
    .unwrap();
    let s = wb.subservices()[i];
    assert_eq!(
        (s.name.as_str(), s.method(), s.reviewed()),
        (
            "Amazon Web Services",
            SubserviceMethod::Inclusive,
            Some(d("2027-02-01"))
        )
    );
    assert!(update_subservice(&mut wb, 9, SubserviceChange::Service("x".into())).is_err());
    assert_eq!(
        remove_subservice(&mut wb, 0).unwrap().name,
        "Amazon Web Services"
    );
    assert_eq!(wb.subservices().len(), 1);
    assert_eq!(
        wb.vendors.len(),
        2,
        "a removed subservice stays an ordinary vendor"
    );
    assert!(remove_subservice(&mut wb, 5).is_err());
}

#[test]
fn a_recommended_control_needs_no_reason_to_be_left_out_but_a_baseline_one_does() {
    let mut wb = wb();
    let k = key("hr-idp-sync");
    set_item_status(&mut wb, &k, ItemStatus::NotApplicable, None).unwrap();
    assert_eq!(
        wb.item(&k.criterion, &k.item).map(|r| r.status),
        Some(ItemStatus::NotApplicable)
    );
    assert!(
        crate::analysis::check::check(catalog(), crate::catalog::questionnaire(), &wb)
            .iter()
            .all(|f| !f.message.contains("N/A needs a reason")),
        "check accepts it"
    );
    let baseline = key("access-review-quarterly");
    assert!(matches!(
        set_item_status(&mut wb, &baseline, ItemStatus::NotApplicable, None),
        Err(EditError::ReasonRequired)
    ));
}
