use proptest::prelude::*;

use crate::merge::{apply_value, merge3};
use crate::model::{Date, Event, EventResult, ExceptionRecord, Population, Workbook};

const C: &str = "offboarding-revocation-sla";

fn leaver(n: u32) -> Event {
    Event {
        id: format!("E-{n:03}"),
        date: Date::new(2026, 1, 1).unwrap().add_days(i64::from(n)),
        description: format!("Leaver {n}"),
        ..Event::default()
    }
}

fn with(events: Vec<Event>) -> Workbook {
    let mut wb = Workbook::default();
    if !events.is_empty() {
        wb.populations.insert(
            C.into(),
            Population {
                events,
                sample: None,
            }
            .into(),
        );
    }
    wb
}

fn ids(wb: &Workbook) -> Vec<String> {
    wb.populations
        .get(C)
        .map(|p| p.events.iter().map(|e| e.id.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn two_branches_importing_overlapping_exports_merge_to_the_union_without_duplicates() {
    let base = with(vec![]);
    let ours = with((1..=6).map(leaver).collect());
    let theirs = with((4..=9).map(leaver).collect());
    let m = merge3(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    let expected: Vec<String> = (1..=9).map(|n| leaver(n).id).collect();
    assert_eq!(ids(&m.workbook), expected);
}

#[test]
fn a_result_one_branch_recorded_on_a_shared_import_is_kept_and_evidence_unions() {
    let base = with(vec![]);
    let mut tested = leaver(1);
    tested.result = EventResult::Passed;
    tested.evidence = vec!["IT-1".into()];
    let mut attached = leaver(1);
    attached.evidence = vec!["IT-2".into()];
    let m = merge3(&base, &with(vec![tested]), &with(vec![attached]));
    assert!(m.is_clean(), "{:?}", m.conflicts);
    let e = &m.workbook.populations[C].events[0];
    assert_eq!(e.result, EventResult::Passed);
    assert_eq!(e.evidence, ["IT-1", "IT-2"]);
}

#[test]
fn two_results_for_one_event_are_a_conflict_that_can_be_resolved_either_way() {
    let base = with(vec![leaver(1)]);
    let mut passed = leaver(1);
    passed.result = EventResult::Passed;
    let mut failed = leaver(1);
    failed.result = EventResult::Exception;
    failed.exception = Some(Box::new(ExceptionRecord {
        what_failed: "Revoked three days late".into(),
        found: Date::new(2026, 2, 1).unwrap(),
        ..ExceptionRecord::default()
    }));
    let m = merge3(&base, &with(vec![passed]), &with(vec![failed]));
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    let c = &m.conflicts[0];
    assert_eq!(
        c.location,
        "population offboarding-revocation-sla event E-001 result+exception"
    );
    assert_eq!(
        m.workbook.populations[C].events[0].result,
        EventResult::Passed,
        "ours stays in place"
    );
    let mut resolved = m.workbook.clone();
    apply_value(&mut resolved, &c.location, &c.theirs).unwrap();
    let e = &resolved.populations[C].events[0];
    assert_eq!(e.result, EventResult::Exception);
    assert_eq!(
        e.exception.as_ref().unwrap().what_failed,
        "Revoked three days late"
    );
}

#[test]
fn a_sample_drawn_two_ways_is_a_conflict() {
    let base = with(vec![leaver(1), leaver(2)]);
    let draw = |seed: u64, id: &str| {
        let mut wb = base.clone();
        wb.populations.get_mut(C).unwrap().sample = Some(crate::model::Sample {
            seed,
            drawn: Date::new(2026, 3, 1).unwrap(),
            events: vec![id.into()],
        });
        wb
    };
    let m = merge3(&base, &draw(1, "E-001"), &draw(2, "E-002"));
    assert_eq!(
        m.conflicts
            .iter()
            .map(|c| c.location.as_str())
            .collect::<Vec<_>>(),
        ["population offboarding-revocation-sla sample"]
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x50c2_2026),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_two_overlapping_imports_merge_cleanly_to_their_sorted_union(
        base_set in prop::collection::btree_set(0u32..30, 0..10),
        our_set in prop::collection::btree_set(0u32..30, 0..20),
        their_set in prop::collection::btree_set(0u32..30, 0..20),
    ) {
        // Each side keeps the base and imports more (imports never delete).
        let base = with(base_set.iter().copied().map(leaver).collect());
        let ours = with(base_set.union(&our_set).copied().map(leaver).collect());
        let theirs = with(base_set.union(&their_set).copied().map(leaver).collect());
        let m = merge3(&base, &ours, &theirs);
        prop_assert!(m.is_clean(), "{:?}", m.conflicts);
        let all: Vec<String> = base_set
            .iter()
            .chain(&our_set)
            .chain(&their_set)
            .copied()
            .collect::<std::collections::BTreeSet<u32>>()
            .into_iter()
            .map(|n| leaver(n).id)
            .collect();
        prop_assert_eq!(ids(&m.workbook), all);
    }
}
