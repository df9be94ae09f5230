//! The last step of a merge: a `soc2 check` finding that neither side had becomes a conflict.
//!
//! Why: two edits that are each valid can combine into an invalid workbook (a backlog item
//! linked to a custom item the other side deleted, two branches minting the same id). The
//! merge rules catch the combinations we know of; this net catches the rest, so a merge
//! that reports no conflict always passes `soc2 check`, and the person who resolves the
//! conflict sees both sides' version of the entry the finding is about. In place goes
//! ours, or theirs when only theirs is valid here, so that apart from its conflicts the
//! merged workbook still passes the check (the app opens it for editing).

use std::collections::{BTreeMap, BTreeSet};

use super::fields::{READINESS_TARGET, apply_value, value_at};
use super::{Ctx, Loc};
use crate::analysis::check::{Finding, check_apart_from_conflicts};
use crate::catalog::{catalog, scoping::questionnaire};
use crate::model::{Category, Workbook};

/// The findings of a workbook apart from its recorded conflicts.
fn findings(wb: &Workbook) -> Vec<Finding> {
    check_apart_from_conflicts(catalog(), questionnaire(), wb)
}

/// The findings of `wb` that are not in `known`.
fn new_findings(wb: &Workbook, known: &BTreeSet<(String, String)>) -> Vec<Finding> {
    findings(wb)
        .into_iter()
        .filter(|f| !known.contains(&(f.entity.clone(), f.message.clone())))
        .collect()
}

/// Records a conflict for every finding of `merged` that neither side had, at the entry the
/// finding names, with each side's version of that entry; then puts in place the side's
/// version that clears findings (ours first).
pub(super) fn new_findings_as_conflicts(
    ctx: &mut Ctx,
    ours: &Workbook,
    theirs: &Workbook,
    merged: &mut Workbook,
) {
    if findings(merged).is_empty() {
        return;
    }
    let known: BTreeSet<(String, String)> = findings(ours)
        .into_iter()
        .chain(findings(theirs))
        .map(|f| (f.entity, f.message))
        .collect();
    let found = new_findings(merged, &known);
    let wanted: BTreeSet<&str> = found.iter().map(|f| f.entity.as_str()).collect();
    let places = entities(merged, ours, &wanted);
    let mut recorded = Vec::new();
    for f in found {
        let at = match places.get(&f.entity) {
            Some(at) => at.clone(),
            None if f.entity == "scope" => scope_field(ours, theirs),
            None => continue,
        };
        let (Some(o), Some(t)) = (value_at(ours, &at), value_at(theirs, &at)) else {
            continue;
        };
        let location = at.to_string();
        if !ctx.has(&location) {
            ctx.record(&at, o.clone(), t.clone());
            recorded.push((location, [o, t]));
        }
    }
    for (location, values) in recorded {
        let left = new_findings(merged, &known).len();
        for value in values {
            let mut trial = merged.clone();
            if apply_value(&mut trial, &location, &value).is_ok()
                && new_findings(&trial, &known).len() < left
            {
                *merged = trial;
                break;
            }
        }
    }
}

/// The scope field the two sides disagree on, for a finding about the scope as a whole.
fn scope_field(ours: &Workbook, theirs: &Workbook) -> Loc {
    ["report_type", "observation_months", READINESS_TARGET]
        .into_iter()
        .map(|f| Loc::Scope(f.to_string()))
        .find(|at| value_at(ours, at) != value_at(theirs, at))
        .unwrap_or_else(|| Loc::Scope("observation_months".to_string()))
}

/// The entity names in `wanted` that `check` can report for `wb` (see `analysis::check`),
/// with the whole entry each is about. An id both sides minted is placed where ours does
/// not have it. Only wanted names are kept, so a few findings cost no map of every entity.
fn entities(wb: &Workbook, ours: &Workbook, wanted: &BTreeSet<&str>) -> BTreeMap<String, Loc> {
    let mut out = Places {
        map: BTreeMap::new(),
        wanted,
    };
    for c in Category::ALL {
        out.insert(format!("scope {}", c.label()), Loc::Category(c, None));
    }
    for id in wb.scope.answers.keys() {
        out.insert(format!("scoping answer \"{id}\""), Loc::Answer(id.clone()));
    }
    for id in wb.vendors.keys() {
        let at = Loc::Vendor(id.clone(), None);
        out.insert(format!("vendor {id}"), at);
    }
    for m in &wb.team {
        let at = Loc::Member(m.id.clone(), None);
        out.insert(format!("team member {}", m.id), at.clone());
        out.insert(format!("team member \"{}\"", m.id), at);
    }
    for (c, items) in &wb.checklist {
        out.insert(format!("checklist {c}"), Loc::Criterion(c.clone()));
        for (i, rec) in items {
            let at = Loc::Item(c.clone(), i.clone(), None);
            out.insert(format!("checklist {c} / {i}"), at.clone());
            let ours_lacks = ours.item(c, i).is_none();
            if ours_lacks || !out.contains_key(&format!("custom item {i}")) {
                out.insert(format!("custom item {i}"), at);
            }
            for e in &rec.evidence {
                let at = Loc::Evidence(c.clone(), i.clone(), e.id.clone(), None);
                out.insert(format!("checklist {c} / {i} evidence {}", e.id), at.clone());
                let name = format!("evidence {}", e.id);
                if !out.wants(&name) {
                    continue;
                }
                let ours_lacks = ours
                    .item(c, i)
                    .is_none_or(|r| r.evidence.iter().all(|x| x.id != e.id));
                if ours_lacks || !out.contains_key(&name) {
                    out.insert(name, at);
                }
            }
        }
    }
    for b in &wb.backlog {
        let at = Loc::Backlog(b.id.clone(), None);
        out.insert(format!("backlog {}", b.id), at.clone());
        out.insert(format!("backlog {} \"{}\"", b.id, b.title), at);
    }
    for m in &wb.milestones {
        let at = Loc::Milestone(m.id.clone(), None);
        out.insert(format!("milestone {}", m.id), at.clone());
        out.insert(format!("milestone {} \"{}\"", m.id, m.name), at);
    }
    for id in wb.policies.keys() {
        out.insert(format!("policy {id}"), Loc::Policy(id.clone(), None));
    }
    for (c, p) in &wb.populations {
        out.insert(format!("population {c}"), Loc::Population(c.clone(), None));
        for e in &p.events {
            let at = Loc::Event(c.clone(), e.id.clone(), None);
            out.insert(format!("population {c} event {}", e.id), at);
        }
    }
    out.map
}

/// The entity map being built, keeping only the names a finding asked for.
struct Places<'a> {
    map: BTreeMap<String, Loc>,
    wanted: &'a BTreeSet<&'a str>,
}

impl Places<'_> {
    fn wants(&self, name: &str) -> bool {
        self.wanted.contains(name)
    }

    fn insert(&mut self, name: String, at: Loc) {
        if self.wants(&name) {
            self.map.insert(name, at);
        }
    }

    fn contains_key(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }
}
