//! The register and people rules, each phrased as what an auditor would find.

use super::*;
use crate::catalog::catalog;
use crate::catalog::policies::policy_set;
use crate::edit;
use crate::model::{Date, Milestone, Phase, Workbook};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn unknown(_: &str) -> FileNow {
    FileNow::Unknown
}

/// A three-person team, everyone fully on record, with an approved access-control policy.
fn team() -> Workbook {
    let mut wb = Workbook::default();
    for id in ["maria", "tomas", "lena"] {
        edit::add_member(&mut wb, id, id, "").unwrap();
        let m = wb.team.iter_mut().find(|m| m.id == id).unwrap();
        m.joined = Some(d("2026-06-01"));
        m.background_check = Some(d("2026-05-20"));
        m.training = vec![d("2026-06-10")];
        m.device_enrolled = Some(d("2026-06-01"));
    }
    edit::register_policy(&mut wb, "access-control", "policies/access-control.md").unwrap();
    edit::approve_policy(
        &mut wb,
        "access-control",
        "maria",
        d("2027-01-10"),
        None,
        Some("aa".into()),
    )
    .unwrap();
    for id in ["maria", "tomas", "lena"] {
        edit::acknowledge_policy(&mut wb, "access-control", id, None, d("2027-01-12")).unwrap();
    }
    wb
}

fn gaps(wb: &Workbook, today: &str) -> Vec<String> {
    people_gaps(catalog(), policy_set(), wb, d(today))
        .iter()
        .map(|g| format!("{}: {}", g.member, g.describe(policy_set())))
        .collect()
}

#[test]
fn a_team_fully_on_record_has_no_exceptions() {
    assert_eq!(gaps(&team(), "2027-02-01"), Vec::<String>::new());
}

#[test]
fn a_new_hire_has_the_policys_days_to_acknowledge_then_it_is_overdue() {
    let mut wb = team();
    edit::add_member(&mut wb, "sam", "Sam", "").unwrap();
    let sam = wb.team.iter_mut().find(|m| m.id == "sam").unwrap();
    sam.joined = Some(d("2027-03-01"));
    sam.background_check = Some(d("2027-02-20"));
    sam.device_enrolled = Some(d("2027-03-01"));
    sam.training = vec![d("2027-03-05")];
    assert_eq!(
        gaps(&wb, "2027-03-10"),
        ["sam: has not acknowledged Access Control Policy version 1: due by 2027-03-31"]
    );
    assert_eq!(
        gaps(&wb, "2027-04-01"),
        ["sam: has not acknowledged Access Control Policy version 1: overdue since 2027-03-31"]
    );
}

#[test]
fn a_new_version_must_be_acknowledged_again_by_everyone_already_there() {
    let mut wb = team();
    edit::approve_policy(
        &mut wb,
        "access-control",
        "maria",
        d("2027-05-01"),
        None,
        Some("bb".into()),
    )
    .unwrap();
    let found = gaps(&wb, "2027-06-05");
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found[0].contains("version 2: overdue since 2027-05-31"),
        "{found:?}"
    );
}

#[test]
fn an_acknowledgement_older_than_a_year_is_due_again() {
    let found = gaps(&team(), "2028-01-20");
    assert!(
        found.contains(
            &"tomas: yearly acknowledgement of Access Control Policy: overdue since 2028-01-12"
                .to_string()
        ),
        "{found:?}"
    );
}

#[test]
fn a_background_check_finished_after_system_access_is_an_exception() {
    let mut wb = team();
    wb.team[1].background_check = Some(d("2026-06-15"));
    wb.team[2].background_check = None;
    assert_eq!(
        gaps(&wb, "2027-02-01"),
        [
            "tomas: background check finished 2026-06-15, after system access on 2026-06-01",
            "lena: no background check recorded"
        ]
    );
}

#[test]
fn training_on_hire_is_judged_by_the_teams_own_deadline_then_yearly() {
    let mut wb = team();
    wb.team[0].training = vec![d("2026-06-20")];
    let (home, _) = catalog().item("security-training-onboarding").unwrap();
    wb.item_mut(&home.id.clone(), "security-training-onboarding")
        .parameters
        .insert("days".into(), 14);
    let found = gaps(&wb, "2027-02-01");
    assert_eq!(
        found,
        ["maria: on-hire security training completed 2026-06-20, after the deadline 2026-06-15"]
    );
    let found = gaps(&wb, "2027-06-25");
    assert!(
        found
            .iter()
            .any(|g| g == "tomas: yearly security awareness training: overdue since 2027-06-10"),
        "{found:?}"
    );
}

#[test]
fn leavers_stay_on_record_but_owe_nothing() {
    let mut wb = team();
    wb.team[2].left = Some(d("2027-01-31"));
    wb.team[2].device_enrolled = None;
    assert_eq!(gaps(&wb, "2027-02-01"), Vec::<String>::new());
    let f = figures(catalog(), policy_set(), &wb, &unknown, d("2027-02-01"));
    assert_eq!((f.active_people, f.leavers), (2, 1));
    assert_eq!(
        wb.team.len(),
        3,
        "the leaver is kept for the leaver population"
    );
}

#[test]
fn an_edited_policy_file_shows_as_changed_since_approval() {
    let wb = team();
    let edited = |_: &str| FileNow::Hash("cc".into());
    let rows = policy_rows(policy_set(), &wb, &edited, d("2027-02-01"));
    assert_eq!(rows[0].state, PolicyState::Changed);
    let same = |_: &str| FileNow::Hash("aa".into());
    let rows = policy_rows(policy_set(), &wb, &same, d("2027-02-01"));
    assert_eq!(rows[0].state, PolicyState::Current);
    assert_eq!((rows[0].acknowledged, rows[0].to_acknowledge), (3, 3));
}

#[test]
fn a_policy_not_reviewed_within_a_year_is_overdue() {
    let wb = team();
    let rows = policy_rows(policy_set(), &wb, &unknown, d("2028-01-11"));
    assert_eq!(rows[0].state, PolicyState::ReviewOverdue);
    assert_eq!(rows[0].next_review, Some(d("2028-01-10")));
    let w = warnings(catalog(), policy_set(), &wb, &unknown, d("2028-01-11"));
    assert!(w.iter().any(|f| f.entity == "policy access-control"
        && f.message.starts_with("review overdue since 2028-01-10")));
}

#[test]
fn a_team_that_keeps_no_people_register_gets_no_people_warnings() {
    let mut wb = Workbook::default();
    edit::add_member(&mut wb, "maria", "Maria", "").unwrap();
    assert!(warnings(catalog(), policy_set(), &wb, &unknown, d("2027-02-01")).is_empty());
}

#[test]
fn the_plan_warns_when_the_annual_review_and_training_miss_the_window() {
    let mut wb = team();
    wb.milestones.push(Milestone {
        id: "MS-aaaa".into(),
        name: "Observation".into(),
        phase: Phase::Observation,
        start: d("2027-02-01"),
        end: d("2027-07-31"),
        ..Milestone::default()
    });
    for m in &mut wb.team {
        m.training.push(d("2027-01-20"));
    }
    let messages: Vec<String> = plan_warnings(policy_set(), &wb)
        .into_iter()
        .map(|w| w.message)
        .collect();
    assert_eq!(
        messages,
        [
            "the review of Access Control Policy does not fall inside the window (2027-02-01 → 2027-07-31): it is next due after it ends; review it by 2027-07-31",
            "security training of maria, tomas, lena does not fall inside the window (2027-02-01 → 2027-07-31): train each by 2027-07-31",
        ]
    );
    edit::review_policy(&mut wb, "access-control", "maria", d("2027-06-01")).unwrap();
    for m in &mut wb.team {
        m.training.push(d("2027-06-02"));
    }
    assert!(plan_warnings(policy_set(), &wb).is_empty());
}

#[test]
fn a_new_hire_signs_the_code_of_conduct_before_day_one() {
    let mut wb = team();
    edit::register_policy(&mut wb, "code-of-conduct", "policies/code-of-conduct.md").unwrap();
    edit::approve_policy(
        &mut wb,
        "code-of-conduct",
        "maria",
        d("2027-01-10"),
        None,
        None,
    )
    .unwrap();
    for id in ["maria", "tomas", "lena"] {
        edit::acknowledge_policy(&mut wb, "code-of-conduct", id, None, d("2027-01-20")).unwrap();
    }
    edit::add_member(&mut wb, "sam", "Sam", "").unwrap();
    let sam = wb.team.iter_mut().find(|m| m.id == "sam").unwrap();
    (sam.joined, sam.background_check) = (Some(d("2027-03-01")), Some(d("2027-02-20")));
    (sam.device_enrolled, sam.training) = (Some(d("2027-03-01")), vec![d("2027-03-02")]);
    edit::acknowledge_policy(&mut wb, "access-control", "sam", None, d("2027-03-02")).unwrap();
    edit::acknowledge_policy(&mut wb, "code-of-conduct", "sam", None, d("2027-03-02")).unwrap();
    assert_eq!(
        gaps(&wb, "2027-03-05"),
        [
            "sam: acknowledged Code of Conduct version 1 on 2027-03-02, after the deadline 2027-03-01"
        ],
        "everyone already there had 30 days; the new hire had until day one"
    );
}

#[test]
fn an_acknowledgement_by_someone_outside_the_team_or_of_a_draft_version_is_an_error() {
    let mut wb = team();
    let p = wb.policies.get_mut("access-control").unwrap();
    p.acknowledgements.push(crate::model::Ack {
        member: "ghost".into(),
        version: 1,
        date: d("2027-01-12"),
    });
    p.acknowledgements.push(crate::model::Ack {
        member: "tomas".into(),
        version: 2,
        date: d("2027-01-12"),
    });
    let found: Vec<String> =
        crate::analysis::check::check(catalog(), crate::catalog::scoping::questionnaire(), &wb)
            .into_iter()
            .filter(|f| f.entity == "policy access-control")
            .map(|f| f.message)
            .collect();
    assert_eq!(
        found,
        [
            "acknowledgement by \"ghost\" is not in the team; add them to `team` or pick a member",
            "tomas acknowledged version 2, which was never approved",
        ]
    );
}
