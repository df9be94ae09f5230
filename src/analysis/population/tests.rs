use super::*;
use crate::catalog::catalog;
use crate::model::{Member, Milestone, Phase, Population, ReportType};

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn event(id: &str, day: &str, result: EventResult, evidence: &[&str]) -> Event {
    Event {
        id: id.into(),
        date: date(day),
        result,
        evidence: evidence.iter().map(|s| s.to_string()).collect(),
        ..Event::default()
    }
}

/// A Type II workbook whose window runs through 2026.
fn windowed() -> Workbook {
    let mut wb = Workbook::default();
    wb.scope.report_type = ReportType::TypeII;
    wb.milestones.push(Milestone {
        id: "MS-2222".into(),
        name: "Observation".into(),
        phase: Phase::Observation,
        start: date("2026-01-01"),
        end: date("2026-12-31"),
        ..Milestone::default()
    });
    wb
}

#[test]
fn the_embedded_table_parses_and_names_only_per_event_controls() {
    let r = rules();
    let cat = catalog();
    for id in r.hires.iter().chain(&r.leavers) {
        let (_, item) = cat
            .item(id)
            .unwrap_or_else(|| panic!("{id} is not a control"));
        assert_eq!(item.cadence, Some(Cadence::PerEvent), "{id}");
    }
    assert_eq!(r.cadences[&Cadence::Daily].draw, 25);
}

#[test]
fn sample_sizes_follow_common_practice_and_the_auditors_own_numbers() {
    let mut wb = Workbook::default();
    assert_eq!(
        sample_size(&wb, Cadence::PerEvent, 4),
        4,
        "all of a tiny population"
    );
    assert_eq!(sample_size(&wb, Cadence::PerEvent, 30), 10);
    assert_eq!(sample_size(&wb, Cadence::PerEvent, 200), 25);
    assert_eq!(sample_size(&wb, Cadence::PerEvent, 5000), 40);
    assert_eq!(sample_size(&wb, Cadence::Daily, 180), 25);
    assert_eq!(sample_size(&wb, Cadence::Weekly, 26), 5);
    assert_eq!(
        sample_size(&wb, Cadence::Daily, 10),
        10,
        "never more than the population"
    );
    wb.sample_sizes.insert(Cadence::Daily, 40);
    assert_eq!(sample_size(&wb, Cadence::Daily, 180), 40);
    assert_eq!(band_text(Cadence::Daily), "20–60");
}

#[test]
fn a_seed_draws_the_same_events_every_time_and_another_seed_others() {
    let ids: Vec<String> = (0..200).map(|i| format!("PR-{i}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let a = draw(&refs, 25, 42);
    assert_eq!(a, draw(&refs, 25, 42));
    assert_eq!(a.len(), 25);
    assert_ne!(a, draw(&refs, 25, 43));
    let mut sorted = a.clone();
    sorted.sort_by_key(|id| refs.iter().position(|r| r == id));
    sorted.dedup();
    assert_eq!(sorted, a, "distinct, in population order");
    // The stream is this module's own: pinned so a future build draws the same sample.
    assert_eq!(draw(&refs[..10], 3, 1), ["PR-1", "PR-5", "PR-8"]);
}

#[test]
fn leavers_in_the_window_join_the_leaver_population_with_stable_ids() {
    let mut wb = windowed();
    wb.team = vec![
        Member {
            id: "sam".into(),
            name: "Sam".into(),
            left: Some(date("2026-03-01")),
            ..Member::default()
        },
        Member {
            id: "old".into(),
            name: "Old".into(),
            left: Some(date("2025-03-01")),
            ..Member::default()
        },
    ];
    let evs = events(&wb, "offboarding-revocation-sla");
    let ids: Vec<&str> = evs.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        ["leaver:sam"],
        "a leaver before the window is not in it"
    );
    assert!(events(&wb, "pr-peer-review").is_empty());
    // A result recorded on it stores the event under the same id, once.
    wb.populations.insert(
        "offboarding-revocation-sla".into(),
        Population {
            events: vec![event(
                "leaver:sam",
                "2026-03-01",
                EventResult::Passed,
                &["IT-1"],
            )],
            sample: None,
        }
        .into(),
    );
    let evs = events(&wb, "offboarding-revocation-sla");
    assert_eq!(evs.len(), 1);
    assert_eq!(evs[0].result, EventResult::Passed);
}

#[test]
fn a_window_with_leavers_but_no_tested_leaver_is_not_operating_ready() {
    let cat = catalog();
    let mut wb = windowed();
    let today = date("2026-06-30");
    wb.populations.insert(
        "offboarding-revocation-sla".into(),
        Population {
            events: vec![
                event("E1", "2026-02-01", EventResult::Untested, &[]),
                event("E2", "2026-03-01", EventResult::Untested, &[]),
            ],
            sample: None,
        }
        .into(),
    );
    let cov = crate::analysis::coverage::coverage(cat, &wb, today);
    let pops = populations(cat, &wb, today);
    let after = operating_percent(&cov, &pops, today);
    let p = pops
        .iter()
        .find(|p| p.item == "offboarding-revocation-sla")
        .unwrap();
    assert_eq!((p.population, p.tested, p.sample_ready), (2, 0, false));
    for e in &mut wb
        .populations
        .get_mut("offboarding-revocation-sla")
        .unwrap()
        .events
    {
        e.result = EventResult::Passed;
        e.evidence.push("IT-9".into());
    }
    let pops = populations(cat, &wb, today);
    let p = pops
        .iter()
        .find(|p| p.item == "offboarding-revocation-sla")
        .unwrap();
    assert!(p.sample_ready);
    let ready = operating_percent(&cov, &pops, today);
    assert!(
        after < ready,
        "untested leavers {after:?} < tested {ready:?}"
    );
}

#[test]
fn what_an_event_lacks_is_said_in_words() {
    assert_eq!(
        lacks(&event("E1", "2026-01-01", EventResult::Untested, &[])),
        ["evidence", "a result"]
    );
    assert!(lacks(&event("E1", "2026-01-01", EventResult::Passed, &["x"])).is_empty());
    assert_eq!(
        lacks(&event("E1", "2026-01-01", EventResult::Exception, &["x"])),
        ["an exception record"]
    );
}
