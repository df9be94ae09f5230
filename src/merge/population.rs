//! The three-way merge of populations: events match by id within a control, so two branches
//! importing overlapping exports merge to their union; evidence merges as a set; a result
//! (with its exception record) two branches set differently is a recorded conflict, never
//! a silent pick.
//!
//! Why its own file: populations are a new part of the workbook with their own locations
//! (`population CONTROL event ID result+exception`); `merge3`, `value_at` and `apply_value`
//! only call in here.

use std::collections::BTreeMap;

use super::fields::{ApplyError, decode, encode};
use super::location::DELETED;
use super::{Ctx, Loc, by_key, keyed, no_keep, pairs, seq, sorted_by};
use crate::model::{Cadence, Event, Population, Shared, Workbook};

/// An event's result and its exception record, which only make sense together.
pub(super) const RESULT_EXCEPTION: &str = "result+exception";

/// The merged populations of `ours` and `theirs`.
pub(super) fn merge_populations(
    ctx: &mut Ctx,
    base: &Workbook,
    ours: &Workbook,
    theirs: &Workbook,
) -> BTreeMap<String, Shared<Population>> {
    keyed(
        ctx,
        pairs(&base.populations),
        pairs(&ours.populations),
        pairs(&theirs.populations),
        &|c| Loc::Population(String::clone(c), None),
        &no_keep,
        &mut |ctx, control, b, o, t| merge_population(ctx, control, b.map(|b| &**b), o, t).into(),
    )
    .into_iter()
    .map(|(k, v)| (k.clone(), v))
    .collect()
}

fn merge_population(
    ctx: &mut Ctx,
    control: &str,
    base: Option<&Population>,
    ours: &Population,
    theirs: &Population,
) -> Population {
    let empty = Population::default();
    let b = base.unwrap_or(&empty);
    let mut events: Vec<Event> = keyed(
        ctx,
        by_key(&b.events, |e| &e.id),
        by_key(&ours.events, |e| &e.id),
        by_key(&theirs.events, |e| &e.id),
        &|id| Loc::Event(control.to_string(), String::clone(id), None),
        &no_keep,
        &mut |ctx, id, b, o, t| merge_event(ctx, control, id, b, o, t),
    )
    .into_iter()
    .map(|(_, e)| e)
    .collect();
    let order = |e: &Event| (e.date, e.id.clone());
    if sorted_by(&ours.events, order) && sorted_by(&theirs.events, order) {
        events.sort_by(|x, y| (x.date, &x.id).cmp(&(y.date, &y.id)));
    }
    let sample = ctx.scalar(
        Loc::Population(control.to_string(), Some("sample".into())),
        base.map(|b| &b.sample),
        &ours.sample,
        &theirs.sample,
    );
    Population { events, sample }
}

/// One event both sides have. An event both added (the same row imported on two branches)
/// merges its result against "untested": a result one side recorded is taken, two different
/// results conflict; a date or description two sides gave differently conflicts.
fn merge_event(
    ctx: &mut Ctx,
    control: &str,
    id: &str,
    base: Option<&Event>,
    ours: &Event,
    theirs: &Event,
) -> Event {
    let at = |f: &str| Loc::Event(control.to_string(), id.to_string(), Some(f.to_string()));
    let mut out = ours.clone();
    out.date = ctx.scalar(at("date"), base.map(|b| &b.date), &ours.date, &theirs.date);
    out.description = ctx.scalar(
        at("description"),
        base.map(|b| &b.description),
        &ours.description,
        &theirs.description,
    );
    let untested = Event::default();
    let b = base.unwrap_or(&untested);
    out.evidence = seq::set(&b.evidence, &ours.evidence, &theirs.evidence);
    (out.result, out.exception) = ctx.pair(
        &at,
        ("result", "exception", RESULT_EXCEPTION),
        Some((&b.result, &b.exception)),
        (&ours.result, &ours.exception),
        (&theirs.result, &theirs.exception),
    );
    out
}

/// The merged auditor's sample sizes.
pub(super) fn merge_sample_sizes(
    ctx: &mut Ctx,
    base: &Workbook,
    ours: &Workbook,
    theirs: &Workbook,
) -> BTreeMap<Cadence, u32> {
    keyed(
        ctx,
        pairs(&base.sample_sizes),
        pairs(&ours.sample_sizes),
        pairs(&theirs.sample_sizes),
        &|c| Loc::SampleSize(**c),
        &no_keep,
        &mut |ctx, c, b, o, t| ctx.scalar(Loc::SampleSize(**c), b, o, t),
    )
    .into_iter()
    .map(|(k, v)| (*k, v))
    .collect()
}

fn whole<T: serde::Serialize>(v: Option<&T>) -> Option<String> {
    Some(v.map_or_else(|| DELETED.to_string(), encode))
}

fn get_event(e: &Event, field: &str) -> Option<String> {
    match field {
        "date" => Some(encode(&e.date)),
        "description" => Some(encode(&e.description)),
        "evidence" => Some(encode(&e.evidence)),
        "result" => Some(encode(&e.result)),
        "exception" => Some(encode(&e.exception)),
        RESULT_EXCEPTION => Some(encode(&(e.result, &e.exception))),
        _ => None,
    }
}

fn set_event(e: &mut Event, field: &str, value: &str) -> Result<bool, String> {
    match field {
        "date" => e.date = decode(value)?,
        "description" => e.description = decode(value)?,
        "evidence" => e.evidence = decode(value)?,
        "result" => e.result = decode(value)?,
        "exception" => e.exception = decode(value)?,
        RESULT_EXCEPTION => (e.result, e.exception) = decode(value)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// [`super::value_at`] for the population locations.
pub(super) fn value_at(wb: &Workbook, location: &Loc) -> Option<String> {
    match location {
        Loc::Population(c, None) => whole(wb.populations.get(c)),
        Loc::Population(c, Some(f)) if f == "sample" => {
            Some(encode(&wb.populations.get(c)?.sample))
        }
        Loc::Event(c, id, field) => {
            let e = wb.populations.get(c).and_then(|p| p.event(id));
            match field {
                None => whole(e),
                Some(f) => get_event(e?, f),
            }
        }
        Loc::SampleSize(c) => whole(wb.sample_sizes.get(c)),
        _ => None,
    }
}

/// [`super::apply_value`] for the population locations.
pub(super) fn apply(
    wb: &mut Workbook,
    loc: Loc,
    location: &str,
    value: &str,
) -> Result<(), ApplyError> {
    let bad = |message: String| ApplyError::BadValue {
        location: location.to_string(),
        value: value.to_string(),
        message,
    };
    let missing = || ApplyError::Missing(location.to_string());
    match loc {
        Loc::Population(c, None) => {
            if value == DELETED {
                wb.populations.remove(&c);
            } else {
                wb.populations.insert(c, decode(value).map_err(bad)?);
            }
            Ok(())
        }
        Loc::Population(c, Some(f)) if f == "sample" => {
            let p = wb.populations.get_mut(&c).ok_or_else(missing)?;
            p.sample = decode(value).map_err(bad)?;
            Ok(())
        }
        Loc::Event(c, id, None) => {
            let p = wb.populations.entry(c).or_default();
            if value == DELETED {
                p.events.retain(|e| e.id != id);
                return Ok(());
            }
            let e: Event = decode(value).map_err(bad)?;
            if e.id != id {
                return Err(bad(format!("the recorded entry is not {id}")));
            }
            match p.events.iter_mut().find(|x| x.id == id) {
                Some(slot) => *slot = e,
                None => p.events.push(e),
            }
            Ok(())
        }
        Loc::Event(c, id, Some(f)) => {
            let e = wb
                .populations
                .get_mut(&c)
                .and_then(|p| p.events.iter_mut().find(|e| e.id == id))
                .ok_or_else(missing)?;
            match set_event(e, &f, value) {
                Ok(true) => Ok(()),
                Ok(false) => Err(ApplyError::UnknownField(location.to_string())),
                Err(m) => Err(bad(m)),
            }
        }
        Loc::SampleSize(c) => {
            if value == DELETED {
                wb.sample_sizes.remove(&c);
            } else {
                wb.sample_sizes.insert(c, decode(value).map_err(bad)?);
            }
            Ok(())
        }
        _ => Err(ApplyError::UnknownField(location.to_string())),
    }
}

#[cfg(test)]
mod tests;
