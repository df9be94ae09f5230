use super::*;
use crate::catalog::catalog;
use crate::edit::{self, NewBacklogItem, NewEvidence};
use crate::model::{Category, ItemStatus, MilestoneStatus};
use crate::starter::starter_workbook;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn base() -> Workbook {
    let mut wb = starter_workbook("Acme", None, d("2026-11-22"));
    wb.team.push(Member {
        id: "maria".into(),
        name: "Maria".into(),
        role: "CTO".into(),
    });
    wb
}

fn lines(old: &Workbook, new: &Workbook) -> Vec<String> {
    diff(catalog(), old, new)
        .iter()
        .map(|c| format!("{} {} {}", c.area.label(), c.kind.sign(), c.line()))
        .collect()
}

#[test]
fn no_change_is_an_empty_diff() {
    let wb = base();
    assert!(diff(catalog(), &wb, &wb.clone()).is_empty());
}

#[test]
fn a_checklist_item_reads_as_status_owner_and_evidence() {
    let old = base();
    let mut new = old.clone();
    let k = edit::resolve_item(catalog(), &new, "access-review-quarterly").unwrap();
    edit::set_item_status(&mut new, &k, ItemStatus::InProgress, None).unwrap();
    let mid = new.clone();
    edit::set_item_status(&mut new, &k, ItemStatus::Implemented, None).unwrap();
    edit::set_item_owner(&mut new, &k, Some("maria")).unwrap();
    let ev = NewEvidence {
        reference: "TICKET-412".into(),
        collected: Some(d("2027-01-15")),
        ..NewEvidence::default()
    };
    edit::add_evidence(
        catalog(),
        &mut new,
        &k,
        ev,
        d("2027-01-20"),
        &mut fastrand::Rng::with_seed(3),
    )
    .unwrap();
    let title = &catalog().item("access-review-quarterly").unwrap().1.title;
    let short: String = if title.chars().count() > 48 {
        title.chars().take(47).chain(['…']).collect()
    } else {
        title.clone()
    };
    assert_eq!(
        lines(&mid, &new),
        vec![format!(
            "Checklist ~ {} · {short}: in progress → implemented (owner maria, evidence TICKET-412, 2027-01-15)",
            k.criterion
        )]
    );
}

#[test]
fn backlog_milestones_scope_and_team_changes_are_grouped_in_report_order() {
    let old = base();
    let mut new = old.clone();
    let id = edit::add_backlog_item(
        catalog(),
        &mut new,
        NewBacklogItem {
            title: "Formalize offboarding".into(),
            due: Some(d("2027-02-01")),
            ..NewBacklogItem::default()
        },
        d("2026-11-23"),
        &mut fastrand::Rng::with_seed(9),
    )
    .unwrap();
    new.milestones[1].end = d("2027-03-01");
    new.milestones[0].status = MilestoneStatus::Done;
    let ms = new.milestones[1].clone();
    let old_end = old.milestones[1].end;
    let removed = new.milestones.pop().unwrap();
    edit::override_category(
        &mut new,
        Category::Availability,
        true,
        "uptime SLA in contracts",
    )
    .unwrap();
    new.scope.observation_months = Some(12);
    new.team[0].role = "CEO".into();
    new.organization.industry = "fintech".into();

    let got = lines(&old, &new);
    let want = vec![
        "Organization ~ industry \"\" → \"fintech\"".to_string(),
        "Scope ~ observation window: 6 months → 12 months".into(),
        "Scope ~ Availability: out of scope → in scope (uptime SLA in contracts)".into(),
        "Team ~ maria: role \"CTO\" → \"CEO\"".into(),
        format!("Backlog + {id} Formalize offboarding (due 2027-02-01)"),
        format!("Milestones - {} {}", removed.id, removed.name),
        format!(
            "Milestones ~ {} {}: planned → done",
            old.milestones[0].id, old.milestones[0].name
        ),
        format!(
            "Milestones ~ {} {}: end {old_end} → 2027-03-01",
            ms.id, ms.name
        ),
    ];
    assert_eq!(got, want);
}

#[test]
fn conflicts_appear_and_resolve() {
    let old = base();
    let mut new = old.clone();
    new.conflicts.push(crate::model::Conflict {
        location: "organization name".into(),
        ours: "Acme".into(),
        theirs: "Acme Inc".into(),
    });
    assert_eq!(
        lines(&old, &new),
        vec![
            "Merge conflicts + conflict at organization name (ours \"Acme\", theirs \"Acme Inc\")"
        ]
    );
    assert_eq!(
        lines(&new, &old),
        vec!["Merge conflicts - conflict at organization name resolved"]
    );
}

#[test]
fn a_policy_parameter_reads_as_the_teams_number_against_the_default() {
    let old = base();
    let mut new = old.clone();
    let k = edit::resolve_item(catalog(), &new, "offboarding-revocation-sla").unwrap();
    edit::set_item_parameter(catalog(), &mut new, &k, "hours", 12).unwrap();
    assert_eq!(
        lines(&old, &new),
        vec![
            "Checklist ~ CC6.2 · All access revoked within 12 hours of someone l…: hours 24 → 12"
                .to_string()
        ]
    );
    let mut back = new.clone();
    edit::set_item_parameter(catalog(), &mut back, &k, "hours", 24).unwrap();
    assert!(
        back.item("CC6.2", "offboarding-revocation-sla")
            .is_some_and(|r| r.parameters.is_empty()),
        "the default is not stored"
    );
    assert!(
        edit::set_item_parameter(catalog(), &mut back, &k, "days", 3).is_err(),
        "a parameter the control does not have is refused"
    );
}
