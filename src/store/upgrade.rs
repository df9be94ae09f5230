//! The in-memory upgrade of an older workbook to the format this build writes.
//!
//! Why here, on load: every reader (the app, the CLI, the merge driver) then sees one
//! shape, and nothing is written until the next save or `soc2 fmt`. Version 1 kept one
//! record per criterion and item, so the same work could be recorded three times; version 2
//! keeps one record per control under its home criterion. Nothing is dropped on the way:
//! retired ids move to the control that absorbed them, two records that become one keep
//! both histories, and a value they disagree on becomes a recorded conflict. Version 3
//! only adds parts (populations of events, sample sizes, policies, people), each empty by
//! default, so a version 2 file lifts to version 3 by its number alone. Version 4 moves
//! the scope's subservice organizations into the vendor register: each becomes a vendor
//! with its method, its report period and review date become its first report review, and
//! its relied-on controls its CSOCs (as text, not yet mapped to our controls).

use std::collections::BTreeMap;

use crate::catalog::Catalog;
use crate::merge::encode;
use crate::model::vendor::unique_id;
use crate::model::{
    Conflict, FORMAT_VERSION, ItemRecord, MappedControl, Shared, SocReport, Vendor, Workbook,
};

/// Upgrades `wb` from its version to [`FORMAT_VERSION`]; a current workbook is untouched.
pub fn upgrade(wb: &mut Workbook, cat: &Catalog) {
    if wb.version < 2 {
        v1_to_v2(wb, cat);
    }
    if wb.version < 3 {
        v2_to_v3(wb);
    }
    if wb.version < 4 {
        v3_to_v4(wb);
    }
    wb.version = wb.version.max(FORMAT_VERSION);
}

/// Version 3 adds only optional parts, so nothing of a version 2 workbook moves or changes:
/// its populations start empty (the team's joined/left dates already feed the hire and
/// leaver populations, derived on read).
fn v2_to_v3(wb: &mut Workbook) {
    wb.version = 3;
}

/// Each version 3 subservice organization becomes a vendor, its id the slug of its name
/// (`-2`, `-3`… on a collision, see `model::vendor::slug`).
fn v3_to_v4(wb: &mut Workbook) {
    for s in std::mem::take(&mut wb.scope.v3_subservices) {
        let id = unique_id(&s.name, |id| wb.vendors.contains_key(id));
        let reports = if s.report_period.is_some() || s.reviewed.is_some() {
            vec![SocReport {
                period: s.report_period,
                reviewed: s.reviewed,
                ..SocReport::default()
            }]
        } else {
            Vec::new()
        };
        let vendor = Vendor {
            name: s.name,
            service: s.service,
            subservice: Some(s.method),
            reports,
            csocs: s
                .relied_controls
                .into_iter()
                .map(|text| MappedControl {
                    text,
                    controls: Vec::new(),
                })
                .collect(),
            ..Vendor::default()
        };
        wb.vendors.insert(id, vendor);
    }
    wb.version = wb.version.max(4);
}

/// One record per control: each v1 record moves to its control's home criterion.
fn v1_to_v2(wb: &mut Workbook, cat: &Catalog) {
    let mut old: Vec<(String, String, Shared<ItemRecord>)> = std::mem::take(&mut wb.checklist)
        .into_iter()
        .flat_map(|(c, items)| items.into_iter().map(move |(i, r)| (c.clone(), i, r)))
        .collect();
    // A control's own record goes first, so it is the one kept when a retired id's record
    // joins it; the stable sort keeps file order otherwise.
    old.sort_by_key(|(_, item, _)| cat.retired.contains_key(item));
    let mut next: BTreeMap<String, BTreeMap<String, Shared<ItemRecord>>> = BTreeMap::new();
    for (criterion, item, record) in old {
        let (home, id) = if record.custom.is_some() {
            (criterion, item)
        } else {
            let id = cat.resolve_id(&item).to_string();
            match cat.item(&id) {
                Some((home, _)) => (home.id.clone(), id),
                // Unknown to this catalog: kept where it was for `soc2 check` to report.
                None => (criterion, item),
            }
        };
        let slot = next.entry(home.clone()).or_default();
        match slot.get_mut(&id) {
            None => {
                slot.insert(id, record);
            }
            Some(kept) => {
                let location = format!("checklist {home} {id}");
                combine(kept, record.into_inner(), &location, &mut wb.conflicts);
            }
        }
    }
    wb.checklist = next;
    for b in &mut wb.backlog {
        let mut items: Vec<String> = Vec::new();
        for i in b.items.drain(..) {
            let id = cat.resolve_id(&i).to_string();
            if !items.contains(&id) {
                items.push(id);
            }
        }
        b.items = items;
    }
}

/// Folds `other` into `kept`: evidence and performed dates are the union of both; a status,
/// reason, owner or note that differs stays as `kept` has it and is recorded as a conflict
/// with `other`'s value, for a person to choose.
fn combine(kept: &mut ItemRecord, other: ItemRecord, location: &str, out: &mut Vec<Conflict>) {
    let mut differ = |field: &str, ours: String, theirs: String| {
        if ours != theirs {
            out.push(Conflict {
                location: format!("{location} {field}"),
                ours,
                theirs,
            });
        }
    };
    differ("status", encode(&kept.status), encode(&other.status));
    differ("reason", encode(&kept.reason), encode(&other.reason));
    differ("owner", encode(&kept.owner), encode(&other.owner));
    differ("notes", kept.notes.clone(), other.notes.clone());
    for e in other.evidence {
        if !kept.evidence.contains(&e) {
            kept.evidence.push(e);
        }
    }
    kept.performed.extend(other.performed);
    kept.performed.sort();
    kept.performed.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::model::{Date, Evidence, ItemStatus};

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn record(status: ItemStatus, owner: &str, evidence: &str, performed: &str) -> ItemRecord {
        ItemRecord {
            status,
            owner: Some(owner.into()),
            evidence: vec![Evidence {
                id: format!("EV-{evidence}"),
                reference: evidence.into(),
                collected: date(performed),
                ..Evidence::default()
            }],
            performed: vec![date(performed)],
            ..ItemRecord::default()
        }
    }

    #[test]
    fn three_records_of_one_exercise_become_one_with_both_histories_and_a_conflict() {
        let mut wb = Workbook {
            version: 1,
            ..Workbook::default()
        };
        wb.checklist.entry("CC9.1".into()).or_default().insert(
            "bcp-test-annual".into(),
            record(ItemStatus::Implemented, "maria", "bcp.md", "2026-03-01").into(),
        );
        wb.checklist.entry("A1.3".into()).or_default().insert(
            "dr-test-annual".into(),
            record(ItemStatus::InProgress, "li", "dr.md", "2026-04-01").into(),
        );
        wb.checklist.entry("CC7.5".into()).or_default().insert(
            "recovery-test-annual".into(),
            record(ItemStatus::Implemented, "maria", "bcp.md", "2026-03-01").into(),
        );
        upgrade(&mut wb, catalog());
        assert_eq!(wb.version, FORMAT_VERSION);
        assert_eq!(wb.checklist.len(), 1, "{:?}", wb.checklist.keys());
        let rec = &wb.checklist["CC9.1"]["bcp-test-annual"];
        assert_eq!(rec.status, ItemStatus::Implemented);
        assert_eq!(rec.evidence.len(), 2);
        assert_eq!(rec.performed, vec![date("2026-03-01"), date("2026-04-01")]);
        let locations: Vec<&str> = wb.conflicts.iter().map(|c| c.location.as_str()).collect();
        assert_eq!(
            locations,
            [
                "checklist CC9.1 bcp-test-annual status",
                "checklist CC9.1 bcp-test-annual owner"
            ]
        );
        assert_eq!(wb.conflicts[0].theirs, "InProgress");
        assert_eq!(wb.conflicts[1].theirs, "li");
    }

    #[test]
    fn a_control_met_elsewhere_moves_home_and_custom_items_stay() {
        let mut wb = Workbook {
            version: 1,
            ..Workbook::default()
        };
        let custom = ItemRecord {
            custom: Some(crate::model::CustomItem {
                title: "Our own".into(),
                ..Default::default()
            }),
            ..ItemRecord::default()
        };
        wb.checklist
            .entry("A1.3".into())
            .or_default()
            .insert("custom-x1".into(), custom.into());
        wb.checklist.entry("CC6.4".into()).or_default().insert(
            "cloud-provider-physical".into(),
            ItemRecord::default().into(),
        );
        upgrade(&mut wb, catalog());
        assert!(wb.checklist["A1.3"].contains_key("custom-x1"));
        assert!(wb.checklist["CC9.2"].contains_key("vendor-soc2-review"));
        assert!(!wb.checklist.contains_key("CC6.4"));
        assert!(wb.conflicts.is_empty());
    }
}
