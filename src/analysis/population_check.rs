//! `soc2 check`'s findings about populations: references that point nowhere, results that
//! contradict their record, and (as warnings) sampled events nobody has tested yet.
//!
//! Why apart from `check.rs`: these rules are about one new part of the file and read the
//! population helpers; `check` and `warnings` only append what this returns.

use rustc_hash::FxHashSet as HashSet;

use crate::catalog::Catalog;
use crate::model::ids::{EVIDENCE_PREFIX, is_well_formed};
use crate::model::{EventResult, Workbook};

use super::check::Finding;
use super::population::{control_of, events, has_population};

fn finding(entity: String, message: impl Into<String>) -> Finding {
    Finding {
        entity,
        message: message.into(),
    }
}

/// Errors: an unknown control or one without a population, duplicate or empty event ids,
/// an evidence id or remediation backlog item that does not exist, a result that
/// contradicts its exception record.
pub fn findings(cat: &Catalog, wb: &Workbook) -> Vec<Finding> {
    let mut out = Vec::new();
    if wb.populations.is_empty() && wb.sample_sizes.is_empty() {
        return out;
    }
    let evidence_ids: HashSet<&str> = wb
        .checklist
        .values()
        .flat_map(|items| items.values())
        .flat_map(|r| r.evidence.iter().map(|e| e.id.as_str()))
        .collect();
    for (cadence, n) in &wb.sample_sizes {
        if *n == 0 {
            out.push(finding(
                format!("sample size {}", cadence.label()),
                "a sample size is at least 1",
            ));
        }
    }
    for (control, pop) in &wb.populations {
        let entity = format!("population {control}");
        match control_of(cat, wb, control) {
            None => {
                out.push(finding(
                    entity,
                    "no such control (see `soc2 catalog` for control ids)",
                ));
                continue;
            }
            Some((_, id, _)) if id != *control => out.push(finding(
                entity.clone(),
                format!("\"{control}\" is a retired id; the control is now \"{id}\""),
            )),
            Some((_, _, cadence)) if !cadence.is_some_and(has_population) => {
                let what = cadence.map_or("not a recurring", |c| c.label());
                out.push(finding(
                    entity.clone(),
                    format!("a {what} control has no population; populations are for per-event, daily and weekly controls"),
                ));
            }
            Some(_) => {}
        }
        let mut seen = HashSet::default();
        for e in &pop.events {
            let at = format!("{entity} event {}", e.id);
            if e.id.trim().is_empty() {
                out.push(finding(entity.clone(), "an event has an empty id"));
            } else if !seen.insert(e.id.as_str()) {
                out.push(finding(
                    at.clone(),
                    "duplicate id: two events share it (a bad merge?); give one a new id",
                ));
            }
            for r in &e.evidence {
                if is_well_formed(EVIDENCE_PREFIX, r) && !evidence_ids.contains(r.as_str()) {
                    out.push(finding(
                        at.clone(),
                        format!("evidence \"{r}\" is not in the workbook"),
                    ));
                }
            }
            match (&e.result, &e.exception) {
                (EventResult::Exception, None) => out.push(finding(
                    at.clone(),
                    "marked an exception without a record of what failed (`soc2 population exception`)",
                )),
                (r, Some(_)) if *r != EventResult::Exception => out.push(finding(
                    at.clone(),
                    format!("has an exception record but is marked {}", r.label()),
                )),
                _ => {}
            }
            if let Some(x) = &e.exception {
                if x.what_failed.trim().is_empty() {
                    out.push(finding(at.clone(), "an exception must say what failed"));
                }
                if let Some(b) = &x.remediation
                    && wb.backlog_item(b).is_none()
                {
                    out.push(finding(
                        at.clone(),
                        format!("remediation \"{b}\" is not a backlog item"),
                    ));
                }
            }
        }
    }
    out
}

/// Warnings: sampled events that are untested or no longer in the population.
pub fn warnings(wb: &Workbook) -> Vec<Finding> {
    let mut out = Vec::new();
    for (control, pop) in &wb.populations {
        let Some(sample) = &pop.sample else {
            continue;
        };
        let evs = events(wb, control);
        for id in &sample.events {
            let entity = format!("population {control} event {id}");
            match evs.iter().find(|e| &e.id == id) {
                None => out.push(finding(
                    entity,
                    "sampled but no longer in the population; draw the sample again",
                )),
                Some(e) if e.result.is_untested() => out.push(finding(
                    entity,
                    "sampled but not tested yet: record a result (`soc2 population mark`)",
                )),
                Some(_) => {}
            }
        }
    }
    out
}
