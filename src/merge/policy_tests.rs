//! Merging the policy register and the people records: independent acknowledgements
//! combine, the same record made two ways is a conflict a person resolves.

use super::*;
use crate::edit;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn base() -> Workbook {
    let mut wb = Workbook::default();
    for id in ["maria", "tomas", "lena"] {
        edit::add_member(&mut wb, id, id, "").unwrap();
    }
    for p in ["access-control", "code-of-conduct"] {
        edit::register_policy(&mut wb, p, &format!("policies/{p}.md")).unwrap();
        edit::approve_policy(&mut wb, p, "maria", d("2027-01-10"), None, Some(p.into())).unwrap();
    }
    wb
}

#[test]
fn two_branches_that_acknowledged_different_policies_merge_cleanly() {
    let b = base();
    let mut ours = b.clone();
    edit::acknowledge_policy(&mut ours, "access-control", "tomas", None, d("2027-01-11")).unwrap();
    edit::add_training(&mut ours, "tomas", d("2027-01-11")).unwrap();
    let mut theirs = b.clone();
    edit::acknowledge_policy(
        &mut theirs,
        "code-of-conduct",
        "tomas",
        None,
        d("2027-01-12"),
    )
    .unwrap();
    edit::acknowledge_policy(&mut theirs, "access-control", "lena", None, d("2027-01-12")).unwrap();
    edit::add_training(&mut theirs, "tomas", d("2026-06-01")).unwrap();
    let merged = merge3(&b, &ours, &theirs);
    assert!(merged.is_clean(), "{:?}", merged.conflicts);
    let wb = &merged.workbook;
    assert!(wb.policies["access-control"].ack("tomas", 1).is_some());
    assert!(wb.policies["access-control"].ack("lena", 1).is_some());
    assert!(wb.policies["code-of-conduct"].ack("tomas", 1).is_some());
    assert_eq!(
        wb.member("tomas").unwrap().training,
        [d("2026-06-01"), d("2027-01-11")]
    );
}

#[test]
fn the_same_acknowledgement_dated_two_ways_is_a_conflict_either_side_can_win() {
    let b = base();
    let mut ours = b.clone();
    edit::acknowledge_policy(&mut ours, "access-control", "tomas", None, d("2027-01-11")).unwrap();
    let mut theirs = b.clone();
    edit::acknowledge_policy(
        &mut theirs,
        "access-control",
        "tomas",
        None,
        d("2027-01-15"),
    )
    .unwrap();
    let merged = merge3(&b, &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    let c = &merged.conflicts[0];
    assert_eq!(c.location, "policy access-control ack tomas 1");
    let mut wb = merged.workbook.clone();
    assert_eq!(
        wb.policies["access-control"].ack("tomas", 1).unwrap().date,
        d("2027-01-11")
    );
    apply_value(&mut wb, &c.location, &c.theirs).unwrap();
    assert_eq!(
        wb.policies["access-control"].ack("tomas", 1).unwrap().date,
        d("2027-01-15")
    );
}

#[test]
fn two_different_approvals_of_the_next_version_conflict() {
    let b = base();
    let mut ours = b.clone();
    edit::approve_policy(
        &mut ours,
        "access-control",
        "maria",
        d("2027-03-01"),
        None,
        Some("x".into()),
    )
    .unwrap();
    let mut theirs = b.clone();
    edit::approve_policy(
        &mut theirs,
        "access-control",
        "tomas",
        d("2027-03-02"),
        None,
        Some("y".into()),
    )
    .unwrap();
    let merged = merge3(&b, &ours, &theirs);
    let at: Vec<&str> = merged
        .conflicts
        .iter()
        .map(|c| c.location.as_str())
        .collect();
    assert_eq!(at, ["policy access-control approval 2"]);
    assert_eq!(merged.workbook.policies["access-control"].version, 2);
}

#[test]
fn a_person_one_side_removed_stays_while_the_other_side_recorded_their_acknowledgement() {
    let b = base();
    let mut ours = b.clone();
    edit::remove_member(&mut ours, "lena", None).unwrap();
    let mut theirs = b.clone();
    edit::acknowledge_policy(&mut theirs, "access-control", "lena", None, d("2027-01-12")).unwrap();
    let merged = merge3(&b, &ours, &theirs);
    assert!(merged.workbook.member("lena").is_some());
    assert!(
        !merged.is_clean(),
        "the removal is recorded, not silently dropped"
    );
}

#[test]
fn a_background_check_recorded_two_ways_conflicts_on_that_field() {
    let b = base();
    let mut ours = b.clone();
    edit::set_background_check(&mut ours, "tomas", Some(d("2026-05-01"))).unwrap();
    let mut theirs = b.clone();
    edit::set_background_check(&mut theirs, "tomas", Some(d("2026-05-03"))).unwrap();
    let merged = merge3(&b, &ours, &theirs);
    let at: Vec<&str> = merged
        .conflicts
        .iter()
        .map(|c| c.location.as_str())
        .collect();
    assert_eq!(at, ["team tomas background_check"]);
}
