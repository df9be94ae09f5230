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
    risk_register(&mut wb, &mut rng, today);
    wb
}

/// A rated risk register: the starter set plus a few dozen more, owned, most rated after
/// controls, a few accepted, and an assessment a few months ago (drawn after everything
/// else, so the rest of the workbook is what the same seed always gave).
fn risk_register(wb: &mut Workbook, rng: &mut fastrand::Rng, today: Date) {
    use crate::model::{RiskAssessment, SignOff, Treatment};
    let v = crate::catalog::risks::risk_vocabulary();
    crate::edit::add_starter_risks(catalog(), v, wb);
    let controls: Vec<String> = catalog().items().map(|(_, i)| i.id.clone()).collect();
    for n in 0..24 {
        let category = &v.categories[rng.usize(..v.categories.len())].id;
        wb.risks.insert(
            format!("generated-risk-{n:02}"),
            crate::model::Risk {
                title: format!("Generated {category} risk {n}"),
                category: category.clone(),
                likelihood: rng.u8(1..=5),
                impact: rng.u8(1..=5),
                treatment: Some(Treatment::Mitigate),
                controls: (0..rng.usize(1..4))
                    .map(|_| controls[rng.usize(..controls.len())].clone())
                    .collect(),
                ..crate::model::Risk::default()
            },
        );
    }
    let team: Vec<String> = wb.team.iter().map(|m| m.id.clone()).collect();
    let assessed = today.add_days(-rng.i64(30..200));
    for r in wb.risks.values_mut() {
        r.controls.sort_unstable();
        r.controls.dedup();
        r.owner = team.get(rng.usize(..team.len().max(1))).cloned();
        if rng.u8(..10) > 1 {
            r.residual_likelihood = Some(rng.u8(1..=r.likelihood));
            r.residual_impact = Some(r.impact);
        }
        if r.current() > v.appetite && rng.bool() {
            r.acceptance = r.owner.clone().map(|by| SignOff { by, date: assessed });
        }
    }
    if let Some(by) = team.first() {
        wb.risk_assessments.push(RiskAssessment {
            date: assessed,
            by: by.clone(),
            signed_off: Some(SignOff {
                by: by.clone(),
                date: assessed.add_days(3),
            }),
            summary: "Annual risk assessment".into(),
        });
    }
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
            exception: (result == EventResult::Exception).then(|| {
                Box::new(ExceptionRecord {
                    what_failed: "Performed after the deadline the policy sets".into(),
                    found: date.add_days(7),
                    root_cause: "Hand-off by email".into(),
                    remediation: remediation.clone(),
                    response: "Management has automated the hand-off.".into(),
                })
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

/// Service names the generated vendors are made from.
const SERVICES: [(&str, &str, &str); 8] = [
    ("Cloud", "Cloud hosting", "Customer data"),
    ("Auth", "Identity and single sign-on", "Workforce accounts"),
    ("Mail", "Transactional email", "Customer user emails"),
    ("Pay", "Payment processing", "Payment card data"),
    ("Chat", "Team chat", "Internal confidential discussions"),
    ("Logs", "Log management", "Application logs"),
    ("Desk", "Customer support desk", "Customer tickets"),
    ("Docs", "Document signing", "Contracts"),
];

/// Adds `vendors` vendors to a generated workbook: one in eight a carve-out subservice
/// organization, most with a reviewed SOC 2 report (some ending before the window ends, a
/// few with a bridge letter), CUECs mapped to checklist items, and owners from the team.
/// Seeded, and drawn last, so the rest of the workbook is what the same seed always gave.
pub fn add_vendors(wb: &mut Workbook, vendors: usize, seed: u64, today: Date) {
    use crate::model::{
        DateRange, MappedControl, Opinion, SocReport, SubserviceMethod, Vendor, VendorBridgeLetter,
    };
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x7e7d);
    let items: Vec<String> = catalog().items().map(|(_, i)| i.id.clone()).collect();
    let owners: Vec<String> = wb.team.iter().map(|m| m.id.clone()).collect();
    for n in 0..vendors {
        let (brand, service, data) = SERVICES[n % SERVICES.len()];
        let name = format!("{brand}{n:04} Inc.");
        let end = today.add_days(-rng.i64(0..300));
        let reports = if rng.u8(..10) > 1 {
            vec![SocReport {
                period: Some(DateRange {
                    start: end.add_months(-12).add_days(1),
                    end,
                }),
                opinion: Some(if rng.u8(..20) == 0 {
                    Opinion::Qualified
                } else {
                    Opinion::Unqualified
                }),
                reviewed: Some(end.add_days(rng.i64(20..60))),
                reviewed_by: owners.get(rng.usize(..owners.len().max(1))).cloned(),
                ..SocReport::default()
            }]
        } else {
            Vec::new()
        };
        let bridge_letters = if !reports.is_empty() && rng.u8(..4) == 0 {
            vec![VendorBridgeLetter {
                issued: end.add_days(30),
                through: end.add_months(3),
            }]
        } else {
            Vec::new()
        };
        let cuecs = (0..rng.usize(0..3))
            .map(|k| MappedControl {
                text: format!("Customers configure {service} securely ({k})").to_lowercase(),
                controls: vec![items[rng.usize(..items.len())].clone()],
            })
            .collect();
        let id = crate::model::vendor::unique_id(&name, |id| wb.vendors.contains_key(id));
        wb.vendors.insert(
            id,
            Vendor {
                name,
                service: service.into(),
                data: vec![data.into()],
                subservice: (n % 8 == 0).then_some(SubserviceMethod::CarveOut),
                contract: rng.u8(..10) > 0,
                dpa: rng.bool(),
                owner: owners.get(rng.usize(..owners.len().max(1))).cloned(),
                next_review: Some(today.add_days(rng.i64(-30..330))),
                due_diligence: rng.bool().then(|| today.add_days(-rng.i64(30..700))),
                reports,
                bridge_letters,
                cuecs,
                ..Vendor::default()
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_vendors_pass_check_and_have_findings_to_show() {
        let today: Date = "2026-11-22".parse().unwrap();
        let mut wb = large_workbook(50, 50, 3, today);
        add_vendors(&mut wb, 40, 3, today);
        assert_eq!(wb.vendors.len(), 40);
        assert_eq!(wb.subservices().len(), 5);
        let findings = crate::analysis::check::check(catalog(), scoping::questionnaire(), &wb);
        assert!(findings.is_empty(), "{findings:?}");
        assert!(!crate::analysis::vendor::findings(catalog(), &wb, today).is_empty());
        let text = crate::store::to_canonical(&wb);
        assert_eq!(
            crate::store::parse(&text, std::path::Path::new("g.ron")).unwrap(),
            wb
        );
    }

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
