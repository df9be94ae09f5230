//! The bundled example workbook stays in step with the catalog and the scoping rules.

use std::path::Path;

use soc2_workbook::analysis::readiness::{design_readiness, summary};
use soc2_workbook::catalog::{catalog, scoping};
use soc2_workbook::model::{Category, Date, ItemStatus};
use soc2_workbook::store;

fn example() -> soc2_workbook::model::Workbook {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks/example.ron");
    store::load(&path).unwrap().workbook
}

#[test]
fn category_decisions_match_the_scoping_rules_unless_overridden() {
    let wb = example();
    let mut derived = wb.scope.clone();
    scoping::apply(
        &scoping::derive(scoping::questionnaire(), &wb.scope.answers),
        &mut derived,
    );
    assert_eq!(derived.categories, wb.scope.categories);
    let in_scope: Vec<Category> = Category::ALL
        .into_iter()
        .filter(|c| wb.in_scope(*c))
        .collect();
    assert_eq!(
        in_scope,
        [
            Category::Security,
            Category::Availability,
            Category::Confidentiality
        ]
    );
}

#[test]
fn the_example_is_mid_way_through_readiness() {
    let wb = example();
    let r = design_readiness(catalog(), &wb);
    let share = r.overall.implemented * 100 / r.overall.total;
    assert!(
        (30..=45).contains(&share),
        "about a third implemented, got {share}%"
    );
    assert!(r.overall.not_applicable >= 3);
    assert!(wb.backlog.len() >= 8);
    assert!((4..=6).contains(&wb.team.len()));
    let implemented_without_evidence: Vec<_> = wb
        .checklist
        .iter()
        .flat_map(|(c, items)| items.iter().map(move |(i, r)| (c, i, r)))
        .filter(|(_, _, r)| r.status == ItemStatus::Implemented && r.evidence.is_empty())
        .map(|(c, i, _)| format!("{c}/{i}"))
        .collect();
    assert!(
        implemented_without_evidence.is_empty(),
        "{implemented_without_evidence:?}"
    );
    let today: Date = "2026-11-22".parse().unwrap();
    let s = summary(catalog(), &wb, today);
    assert_eq!(s.backlog_overdue, 1);
    assert_eq!(
        s.next_milestone.map(|m| m.name.as_str()),
        Some("Remediation complete")
    );
}

#[test]
fn the_example_analytics_pipeline_is_advised_on_processing_integrity_not_scoped_into_it() {
    let wb = example();
    let q = scoping::questionnaire();
    assert!(scoping::contradictions(q, &wb.scope).is_empty());
    let d = scoping::derive(q, &wb.scope.answers);
    assert!(!wb.in_scope(Category::ProcessingIntegrity));
    let ids: Vec<&str> = d.advisories.iter().map(|a| a.id.as_str()).collect();
    assert!(ids.contains(&"consider_processing_integrity"), "{ids:?}");
    // Its deletion clause sits beside contractually confidential data, so no deletion advice.
    assert!(!ids.contains(&"deletion_commitments"), "{ids:?}");
}
