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

/// Every record of a version 1 file, as `(criterion, item, record)`, read without upgrading.
fn v1_records() -> Vec<(String, String, soc2_workbook::model::ItemRecord)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/example-v1.ron");
    let text = std::fs::read_to_string(path).unwrap();
    let raw: soc2_workbook::model::Workbook = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(&text)
        .unwrap();
    assert_eq!(raw.version, 1);
    raw.checklist
        .into_iter()
        .flat_map(|(c, items)| {
            items
                .into_iter()
                .map(move |(i, r)| (c.clone(), i, r.into_inner()))
        })
        .collect()
}

#[test]
fn the_version_1_example_upgrades_with_no_status_evidence_or_occurrence_lost() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/example-v1.ron");
    let loaded = store::load(&path).unwrap();
    assert_eq!(loaded.upgrade_pending(), Some(1));
    let wb = &loaded.workbook;
    assert_eq!(wb.version, soc2_workbook::model::FORMAT_VERSION);
    let cat = catalog();
    let before = v1_records();
    assert!(before.len() > 40, "the fixture is the full example");
    for (criterion, item, old) in &before {
        let id = cat.resolve_id(item);
        let home = cat
            .item(id)
            .map_or(criterion.as_str(), |(c, _)| c.id.as_str());
        let place = format!("{criterion}/{item} -> {home}/{id}");
        let new = wb
            .checklist
            .get(home)
            .and_then(|items| items.get(id))
            .unwrap_or_else(|| panic!("{place}: record lost"));
        let status_kept = new.status == old.status
            || wb.conflicts.iter().any(|c| {
                c.location == format!("checklist {home} {id} status")
                    && c.theirs == format!("{:?}", old.status)
            });
        assert!(status_kept, "{place}: status {:?} lost", old.status);
        let owner_kept = new.owner == old.owner
            || wb.conflicts.iter().any(|c| {
                c.location == format!("checklist {home} {id} owner")
                    && Some(&c.theirs) == old.owner.as_ref()
            });
        assert!(owner_kept, "{place}: owner lost");
        let notes_kept = new.notes == old.notes
            || wb.conflicts.iter().any(|c| {
                c.location == format!("checklist {home} {id} notes") && c.theirs == old.notes
            });
        assert!(notes_kept, "{place}: notes lost");
        for e in &old.evidence {
            assert!(new.evidence.contains(e), "{place}: evidence {} lost", e.id);
        }
        for d in &old.performed {
            assert!(new.performed.contains(d), "{place}: occurrence {d} lost");
        }
    }
    let after: usize = wb.checklist.values().map(|items| items.len()).sum();
    let merged = before
        .iter()
        .filter(|(_, i, _)| cat.retired.contains_key(i.as_str()))
        .count();
    assert!(merged >= 4, "the example uses retired ids");
    assert!(
        after >= before.len() - merged,
        "{after} records after upgrade"
    );
}

#[test]
fn the_shipped_example_is_already_version_2_and_canonical() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks/example.ron");
    let loaded = store::load(&path).unwrap();
    assert_eq!(loaded.upgrade_pending(), None);
    assert!(loaded.is_canonical());
    assert!(loaded.workbook.conflicts.is_empty());
}
