//! Changes to populations: record, import, mark, attach evidence, log an exception, record
//! a drawn sample. Events stay in date order (then id), so a file diff stays small.
//!
//! Why checked here: the CLI and the app must refuse the same things — an event for a
//! control without a population, a second event with the same id, an exception without
//! what failed, a remediation that is not a backlog item.

use std::collections::HashMap;

use crate::analysis::population::{control_of, derived_events, has_population};
use crate::catalog::Catalog;
use crate::model::{Event, EventResult, ExceptionRecord, Sample, Workbook};

use super::EditError;

/// The control id a population is kept under (a retired id resolves), refused unless the
/// control is per event, daily or weekly.
pub fn population_control(
    cat: &Catalog,
    wb: &Workbook,
    control: &str,
) -> Result<String, EditError> {
    let (_, id, cadence) =
        control_of(cat, wb, control).ok_or_else(|| EditError::UnknownItem(control.to_string()))?;
    match cadence {
        Some(c) if has_population(c) => Ok(id),
        other => Err(EditError::Invalid(format!(
            "\"{id}\" is {} control: populations are for per-event, daily and weekly controls",
            other.map_or("not a recurring".to_string(), |c| format!(
                "a {}",
                c.label()
            ))
        ))),
    }
}

fn sort(events: &mut [Event]) {
    events.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
}

/// A stable id for an event its source gives none: a hash of its date, description and
/// evidence, so the same row imported again (or typed again) is the same event.
pub fn row_id(date: crate::model::Date, description: &str, evidence: &str) -> String {
    use sha2::{Digest, Sha256};
    use std::fmt::Write as _;
    let mut h = Sha256::new();
    h.update(format!("{date}\u{1f}{description}\u{1f}{evidence}").as_bytes());
    let digest = h.finalize();
    let mut out = String::from("row-");
    for b in &digest[..5] {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// [`row_id`] of an event typed with a date and a description only.
pub fn event_id_for(date: crate::model::Date, description: &str) -> String {
    row_id(date, description, "")
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    /// Events already recorded that got new evidence.
    pub updated: usize,
    pub unchanged: usize,
}

/// Adds events; one already recorded with the same id is the same event (re-importing a
/// file adds nothing) unless its date or description differ, which is refused rather than
/// silently picking one. Evidence of a known event is added to it.
pub fn import_events(
    cat: &Catalog,
    wb: &mut Workbook,
    control: &str,
    incoming: Vec<Event>,
) -> Result<Imported, EditError> {
    let id = population_control(cat, wb, control)?;
    let derived = derived_events(wb, &id);
    let pop = wb.populations.entry(id.clone()).or_default();
    let mut done = Imported::default();
    // An index, not a scan per row: an export can hold tens of thousands of events.
    let mut at: HashMap<String, usize> = pop
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    for e in incoming {
        if e.id.trim().is_empty() {
            return Err(EditError::Empty("an event id"));
        }
        match at.get(&e.id).map(|i| &mut pop.events[*i]) {
            Some(x) => {
                if x.date != e.date || (!e.description.is_empty() && x.description != e.description)
                {
                    return Err(EditError::Invalid(format!(
                        "event \"{}\" is already recorded as {} \"{}\"; the new one says {} \"{}\"",
                        e.id, x.date, x.description, e.date, e.description
                    )));
                }
                let before = x.evidence.len();
                for r in e.evidence {
                    if !x.evidence.contains(&r) {
                        x.evidence.push(r);
                    }
                }
                if x.evidence.len() > before {
                    done.updated += 1;
                } else {
                    done.unchanged += 1;
                }
            }
            None => {
                if derived.iter().any(|d| d.id == e.id) {
                    return Err(EditError::Invalid(format!(
                        "\"{}\" is fed by the team list; record its evidence or result instead",
                        e.id
                    )));
                }
                at.insert(e.id.clone(), pop.events.len());
                pop.events.push(e);
                done.added += 1;
            }
        }
    }
    sort(&mut pop.events);
    drop_if_empty(wb, &id);
    Ok(done)
}

fn drop_if_empty(wb: &mut Workbook, id: &str) {
    if wb.populations.get(id).is_some_and(|p| p.is_empty()) {
        wb.populations.remove(id);
    }
}

/// Records one event; refused if its id is taken.
pub fn add_event(
    cat: &Catalog,
    wb: &mut Workbook,
    control: &str,
    event: Event,
) -> Result<(), EditError> {
    let id = population_control(cat, wb, control)?;
    if crate::analysis::population::events(wb, &id)
        .iter()
        .any(|e| e.id == event.id)
    {
        return Err(EditError::Invalid(format!(
            "the population of {id} already has an event \"{}\"",
            event.id
        )));
    }
    import_events(cat, wb, &id, vec![event]).map(|_| ())
}

/// The stored event to change: a recorded one, or one the team list feeds, stored now
/// under its stable id so what a person records on it has a place in the file.
fn event_mut<'a>(
    cat: &Catalog,
    wb: &'a mut Workbook,
    control: &str,
    event: &str,
) -> Result<&'a mut Event, EditError> {
    let id = population_control(cat, wb, control)?;
    let stored = wb
        .populations
        .get(&id)
        .is_some_and(|p| p.event(event).is_some());
    if !stored {
        let derived = derived_events(wb, &id)
            .into_iter()
            .find(|e| e.id == event)
            .ok_or_else(|| {
                EditError::Invalid(format!("no event \"{event}\" in the population of {id}"))
            })?;
        let pop = wb.populations.entry(id.clone()).or_default();
        pop.events.push(derived);
        sort(&mut pop.events);
    }
    wb.populations
        .get_mut(&id)
        .and_then(|p| p.events.iter_mut().find(|e| e.id == event))
        .ok_or_else(|| {
            EditError::Invalid(format!("no event \"{event}\" in the population of {id}"))
        })
}

/// Records a passed or untested result; an exception is logged with [`log_exception`].
pub fn mark_event(
    cat: &Catalog,
    wb: &mut Workbook,
    control: &str,
    event: &str,
    result: EventResult,
) -> Result<(), EditError> {
    if result == EventResult::Exception {
        return Err(EditError::Invalid(
            "an exception needs what failed: log it with `soc2 population exception` (or `x` in the app)".into(),
        ));
    }
    let e = event_mut(cat, wb, control, event)?;
    if e.exception.is_some() {
        return Err(EditError::Invalid(format!(
            "event \"{event}\" has a logged exception; clear it first (`soc2 population exception --clear`)"
        )));
    }
    e.result = result;
    Ok(())
}

/// Adds a reference to proof (kept once).
pub fn attach_event_evidence(
    cat: &Catalog,
    wb: &mut Workbook,
    control: &str,
    event: &str,
    reference: &str,
) -> Result<(), EditError> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(EditError::Empty("an evidence reference"));
    }
    let e = event_mut(cat, wb, control, event)?;
    if !e.evidence.iter().any(|r| r == reference) {
        e.evidence.push(reference.to_string());
    }
    Ok(())
}

/// Attaches many references at once (an export matched to the population by event id);
/// an unknown event id is refused with `unknown(index of the pair)` before anything changes.
/// Returns how many references were new.
pub fn attach_evidence_many(
    cat: &Catalog,
    wb: &mut Workbook,
    control: &str,
    pairs: &[(String, String)],
    unknown: impl Fn(usize) -> EditError,
) -> Result<usize, EditError> {
    let id = population_control(cat, wb, control)?;
    let derived = derived_events(wb, &id);
    let pop = wb.populations.entry(id.clone()).or_default();
    let mut at: HashMap<String, usize> = pop
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    for (n, (event, _)) in pairs.iter().enumerate() {
        if at.contains_key(event) {
            continue;
        }
        match derived.iter().find(|d| &d.id == event) {
            Some(d) => {
                at.insert(d.id.clone(), pop.events.len());
                pop.events.push(d.clone());
            }
            None => {
                drop_if_empty(wb, &id);
                return Err(unknown(n));
            }
        }
    }
    let mut added = 0;
    for (event, reference) in pairs {
        let reference = reference.trim();
        let Some(e) = at.get(event).map(|i| &mut pop.events[*i]) else {
            continue;
        };
        if !reference.is_empty() && !e.evidence.iter().any(|r| r == reference) {
            e.evidence.push(reference.to_string());
            added += 1;
        }
    }
    sort(&mut pop.events);
    Ok(added)
}

/// Logs an exception on an event (its result becomes an exception).
pub fn log_exception(
    cat: &Catalog,
    wb: &mut Workbook,
    control: &str,
    event: &str,
    record: ExceptionRecord,
) -> Result<(), EditError> {
    if record.what_failed.trim().is_empty() {
        return Err(EditError::Empty("what failed"));
    }
    if let Some(b) = &record.remediation
        && wb.backlog_item(b).is_none()
    {
        return Err(EditError::UnknownBacklogItem(b.clone()));
    }
    let e = event_mut(cat, wb, control, event)?;
    e.result = EventResult::Exception;
    e.exception = Some(Box::new(record));
    Ok(())
}

/// Removes a logged exception (a mistaken log): the event is untested again.
pub fn clear_exception(
    cat: &Catalog,
    wb: &mut Workbook,
    control: &str,
    event: &str,
) -> Result<(), EditError> {
    let e = event_mut(cat, wb, control, event)?;
    e.exception = None;
    e.result = EventResult::Untested;
    Ok(())
}

/// Records a drawn sample (replacing the last one).
pub fn record_sample(
    cat: &Catalog,
    wb: &mut Workbook,
    control: &str,
    sample: Sample,
) -> Result<(), EditError> {
    let id = population_control(cat, wb, control)?;
    wb.populations.entry(id).or_default().sample = Some(sample);
    Ok(())
}

/// Sets the auditor's own sample size for a cadence; `None` goes back to common practice.
pub fn set_sample_size(
    wb: &mut Workbook,
    cadence: crate::model::Cadence,
    size: Option<u32>,
) -> Result<(), EditError> {
    match size {
        Some(0) => Err(EditError::Invalid("a sample size is at least 1".into())),
        Some(n) => {
            wb.sample_sizes.insert(cadence, n);
            Ok(())
        }
        None => {
            wb.sample_sizes.remove(&cadence);
            Ok(())
        }
    }
}
