//! Large synthetic workbooks for benchmarks and stress tests.
//!
//! Why in the library: the `gen_workbook` example, the benchmarks and the tests must all
//! measure the same realistic shape — all 61 criteria in scope, every checklist item
//! touched, N backlog items, M evidence references and a full plan — deterministically
//! from a seed. The result passes `soc2 check`.

use std::collections::HashSet;

use crate::analysis::schedule::{PlanInput, milestones, plan};
use crate::catalog::{catalog, scoping};
use crate::model::ids::{BACKLOG_PREFIX, EVIDENCE_PREFIX, new_id};
use crate::model::{
    Answer, BacklogItem, BacklogStatus, Date, Evidence, ItemStatus, Member, Priority, Shared,
    StatusChange, Workbook,
};
use crate::starter::starter_workbook;

const FIRST: [&str; 10] = [
    "Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jun",
];
const LAST: [&str; 5] = ["Silva", "Novak", "Ito", "Okoye", "Berg"];
const VERBS: [&str; 6] = [
    "Automate", "Document", "Enforce", "Review", "Fix", "Re-test",
];

/// A large workbook: `backlog` items, `evidence` references, everything touched, seeded.
pub fn large_workbook(backlog: usize, evidence: usize, seed: u64, today: Date) -> Workbook {
    let mut rng = fastrand::Rng::with_seed(seed);
    let cat = catalog();
    let mut wb = starter_workbook("Large Co", Some("Large Platform"), today);
    for q in [
        "uptime_sla",
        "processes_transactions",
        "accuracy_commitment",
        "confidential_customer_data",
        "own_privacy_notice",
    ] {
        wb.scope.answers.insert(q.into(), Answer::Yes);
    }
    scoping::apply(
        &scoping::derive(scoping::questionnaire(), &wb.scope.answers),
        &mut wb.scope,
    );
    let start = today.add_months(-6);
    wb.scope.readiness_start = Some(start);
    wb.milestones = milestones(
        &plan(&PlanInput::from_scope(&wb.scope, today)),
        &mut rng,
        &Workbook::default(),
    );
    wb.team = (0..25)
        .map(|i| Member {
            id: format!("user{i:02}"),
            name: format!("{} {}", FIRST[i % FIRST.len()], LAST[i % LAST.len()]),
            role: if i == 0 {
                "Security lead".into()
            } else {
                "Engineer".into()
            },
            ..Default::default()
        })
        .collect();
    let owner = |rng: &mut fastrand::Rng| format!("user{:02}", rng.usize(..25));
    let mut taken: HashSet<String> = wb.milestones.iter().map(|m| m.id.clone()).collect();
    let fresh = |rng: &mut fastrand::Rng, prefix: &str, taken: &mut HashSet<String>| {
        let id = new_id(prefix, rng, |id| taken.contains(id));
        taken.insert(id.clone());
        id
    };

    let all_items: Vec<_> = cat.items().collect();
    for (criterion, item) in &all_items {
        let status = ItemStatus::ALL[rng.usize(..4)];
        let rec = wb.item_mut(&criterion.id, &item.id);
        rec.status = status;
        rec.owner = Some(owner(&mut rng));
        if status == ItemStatus::NotApplicable {
            rec.reason = Some("Not relevant to how this system is built".into());
        }
        if rng.bool() {
            rec.notes = format!("Tracked in ticket OPS-{}", rng.u32(100..99_999));
        }
    }
    for n in 0..evidence {
        let (criterion, item) = all_items[n % all_items.len()];
        let collected = today.add_days(-(rng.i64(0..365)));
        let id = fresh(&mut rng, EVIDENCE_PREFIX, &mut taken);
        let by = Some(owner(&mut rng));
        let rec = wb.item_mut(&criterion.id, &item.id);
        rec.evidence.push(Evidence {
            id,
            reference: format!("https://tickets.example.com/SEC-{}", 1000 + n),
            collected,
            by,
            sha256: None,
        });
        if item.cadence.is_some()
            && let Err(pos) = rec.performed.binary_search(&collected)
        {
            rec.performed.insert(pos, collected);
        }
    }
    for n in 0..backlog {
        let (criterion, item) = all_items[rng.usize(..all_items.len())];
        let status = BacklogStatus::ALL[rng.usize(..4)];
        let created = today.add_days(-(rng.i64(30..400)));
        let changed = created.add_days(rng.i64(1..30));
        let id = fresh(&mut rng, BACKLOG_PREFIX, &mut taken);
        wb.backlog.push(Shared::new(BacklogItem {
            id,
            title: format!(
                "{} {} (#{n})",
                VERBS[rng.usize(..VERBS.len())],
                item.title.to_lowercase()
            ),
            description: format!("Gap found in {} during the readiness review.", criterion.id),
            criteria: vec![criterion.id.clone()],
            items: vec![item.id.clone()],
            priority: Priority::ALL[rng.usize(..4)],
            owner: Some(owner(&mut rng)),
            status,
            due: Some(created.add_days(rng.i64(14..200))),
            created,
            done: (status == BacklogStatus::Done).then_some(changed),
            history: if status == BacklogStatus::Open {
                Vec::new()
            } else {
                vec![StatusChange {
                    date: changed,
                    status,
                }]
            },
        }));
    }
    policy_register(&mut wb, &mut rng, today);
    wb
}

/// The policy register and people records of a team well into its audit: every policy of
/// the scope approved, most people on record, some acknowledgements and training missing
/// (drawn last, so the rest of the workbook is what the same seed always gave).
fn policy_register(wb: &mut Workbook, rng: &mut fastrand::Rng, today: Date) {
    use crate::model::{Ack, Approval, PolicyRecord, Review};
    for m in &mut wb.team {
        let joined = today.add_days(-(rng.i64(60..900)));
        m.joined = Some(joined);
        m.background_check = rng.bool().then(|| joined.add_days(-rng.i64(1..20)));
        m.training = vec![joined.add_days(rng.i64(1..25))];
        if rng.bool() {
            m.training.push(today.add_days(-rng.i64(1..300)));
            m.training.sort();
        }
        m.device_enrolled = (rng.u8(..10) > 0).then_some(joined);
    }
    let set = crate::catalog::policies::policy_set();
    for t in set.for_scope(wb) {
        let approved = today.add_days(-rng.i64(30..330));
        let by = format!("user{:02}", rng.usize(..3));
        let mut acknowledgements = Vec::new();
        for m in &wb.team {
            if rng.u8(..10) > 1 {
                let from = approved.max(m.joined.unwrap_or(approved));
                acknowledgements.push(Ack {
                    member: m.id.clone(),
                    version: 1,
                    date: from.add_days(rng.i64(0..20)),
                });
            }
        }
        wb.policies.insert(
            t.id.clone(),
            PolicyRecord {
                file: format!("policies/{}", t.template),
                owner: Some(by.clone()),
                version: 1,
                approvals: vec![Approval {
                    version: 1,
                    by: by.clone(),
                    date: approved,
                    commit: None,
                    sha256: None,
                }],
                review_months: None,
                reviews: if rng.bool() {
                    vec![Review {
                        date: approved.add_days(20),
                        by,
                    }]
                } else {
                    Vec::new()
                },
                acknowledgements,
            },
        );
    }
}

/// Adds `events` population events to a generated workbook, spread over every in-scope
/// per-event, daily and weekly control and over the observation window (or the half year
/// before `today` without one): most tested with evidence, some exceptions with a
/// management response, the rest untested, and a committed sample per control. Seeded,
/// so the same arguments give the same events.
pub fn add_events(wb: &mut Workbook, events: usize, seed: u64, today: Date) {
    use crate::analysis::population::{draw, populations, sample_size};
    use crate::model::{Event, EventResult, ExceptionRecord, Sample};
    let mut rng = fastrand::Rng::with_seed(seed ^ 0xe7e7);
    let controls: Vec<(String, crate::model::Cadence)> = populations(catalog(), wb, today)
        .into_iter()
        .map(|p| (p.item, p.cadence))
        .collect();
    if controls.is_empty() {
        return;
    }
    let (start, end) =
        crate::analysis::schedule::observation_window(wb).unwrap_or((today.add_days(-182), today));
    let days = start.days_until(end).max(1);
    let remediation = wb.backlog.first().map(|b| b.id.clone());
    for n in 0..events {
        let (control, _) = &controls[n % controls.len()];
        let roll = rng.u8(..100);
        let result = match roll {
            0..60 => EventResult::Passed,
            60..64 => EventResult::Exception,
            _ => EventResult::Untested,
        };
        let date = start.add_days(rng.i64(0..=days));
        let event = Event {
            id: format!("GEN-{n:06}"),
            date,
            description: format!("{} #{n}", FIRST[n % FIRST.len()]),
            evidence: if roll < 80 {
                vec![format!("https://tickets.example.com/OPS-{}", 10_000 + n)]
            } else {
                Vec::new()
            },
            result,
            exception: (result == EventResult::Exception).then(|| ExceptionRecord {
                what_failed: "Performed after the deadline the policy sets".into(),
                found: date.add_days(7),
                root_cause: "Hand-off by email".into(),
                remediation: remediation.clone(),
                response: "Management has automated the hand-off.".into(),
            }),
        };
        wb.populations
            .entry(control.clone())
            .or_default()
            .events
            .push(event);
    }
    for (control, cadence) in &controls {
        let Some(pop) = wb.populations.get_mut(control) else {
            continue;
        };
        pop.events
            .sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        let ids: Vec<&str> = pop.events.iter().map(|e| e.id.as_str()).collect();
        let size = sample_size(&Workbook::default(), *cadence, ids.len());
        let events = draw(&ids, size, seed);
        pop.sample = Some(Sample {
            seed,
            drawn: today,
            events,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_workbook_passes_check_and_round_trips() {
        let today: Date = "2026-11-22".parse().unwrap();
        let wb = large_workbook(300, 600, 7, today);
        assert_eq!(wb.backlog.len(), 300);
        let evidence: usize = wb
            .checklist
            .values()
            .flat_map(|i| i.values())
            .map(|r| r.evidence.len())
            .sum();
        assert_eq!(evidence, 600);
        assert!(
            crate::model::Category::ALL.iter().all(|c| wb.in_scope(*c)),
            "every category in scope, all 61 criteria"
        );
        let findings = crate::analysis::check::check(catalog(), scoping::questionnaire(), &wb);
        assert!(findings.is_empty(), "{findings:?}");
        let mut with_events = wb.clone();
        add_events(&mut with_events, 2_000, 7, today);
        let n: usize = with_events
            .populations
            .values()
            .map(|p| p.events.len())
            .sum();
        assert_eq!(n, 2_000);
        let findings =
            crate::analysis::check::check(catalog(), scoping::questionnaire(), &with_events);
        assert!(findings.is_empty(), "{findings:?}");
        let text = crate::store::to_canonical(&wb);
        assert_eq!(
            crate::store::parse(&text, std::path::Path::new("g.ron")).unwrap(),
            wb
        );
        assert_eq!(
            large_workbook(300, 600, 7, today),
            wb,
            "same seed, same workbook"
        );
    }
}
