//! The semantic diff of populations: each event added, removed or changed in plain words
//! ("E-103 Kim Lee: untested → exception: access revoked 2 days late"), samples drawn and
//! the auditor's sample sizes.
//!
//! Why apart from `diff.rs`: populations are a new part of the file with their own words;
//! `diff` only appends what this returns.

use std::collections::{BTreeSet, HashMap};

use crate::model::{Event, ExceptionRecord, Population, Sample, Workbook};

use super::diff::{Area, Change, Kind};

/// Above this many events added to one control in one change, they are summed up in one
/// line (an import of a whole export), so the review stays readable.
const LIST_AT_MOST: usize = 20;

fn change(kind: Kind, subject: String, detail: String) -> Change {
    Change {
        area: Area::Populations,
        kind,
        subject,
        detail,
    }
}

fn subject(control: &str, e: &Event) -> String {
    if e.description.is_empty() {
        format!("{control} · event {}", e.id)
    } else {
        format!("{control} · event {} {}", e.id, e.description)
    }
}

fn exception_words(x: &ExceptionRecord) -> String {
    let mut parts = vec![format!("\"{}\" found {}", x.what_failed, x.found)];
    if !x.root_cause.is_empty() {
        parts.push(format!("root cause \"{}\"", x.root_cause));
    }
    if let Some(b) = &x.remediation {
        parts.push(format!("remediation {b}"));
    }
    if !x.response.is_empty() {
        parts.push(format!("management's response \"{}\"", x.response));
    }
    parts.join(", ")
}

fn added_words(e: &Event) -> String {
    let mut parts = vec![e.date.to_string()];
    if !e.evidence.is_empty() {
        parts.push(format!("evidence {}", e.evidence.join(", ")));
    }
    match &e.exception {
        Some(x) => parts.push(format!("exception {}", exception_words(x))),
        None if !e.result.is_untested() => parts.push(e.result.label().to_string()),
        None => {}
    }
    format!("({})", parts.join(", "))
}

fn changed_words(a: &Event, b: &Event) -> String {
    let mut parts = Vec::new();
    if a.date != b.date {
        parts.push(format!("date {} → {}", a.date, b.date));
    }
    if a.description != b.description {
        parts.push(format!(
            "description \"{}\" → \"{}\"",
            a.description, b.description
        ));
    }
    for r in b.evidence.iter().filter(|r| !a.evidence.contains(r)) {
        parts.push(format!("evidence {r} attached"));
    }
    for r in a.evidence.iter().filter(|r| !b.evidence.contains(r)) {
        parts.push(format!("evidence {r} removed"));
    }
    if a.result != b.result {
        parts.push(format!("{} → {}", a.result.label(), b.result.label()));
    }
    match (&a.exception, &b.exception) {
        (None, Some(x)) => parts.push(format!("exception logged: {}", exception_words(x))),
        (Some(_), None) => parts.push("exception cleared".into()),
        (Some(x), Some(y)) if x != y => parts.push(format!("exception now {}", exception_words(y))),
        _ => {}
    }
    parts.join("; ")
}

fn sample_words(s: &Sample) -> String {
    format!(
        "{} events drawn {} with seed {}: {}",
        s.events.len(),
        s.drawn,
        s.seed,
        s.events.join(", ")
    )
}

fn one(control: &str, old: Option<&Population>, new: Option<&Population>, out: &mut Vec<Change>) {
    let none = Population::default();
    let (old, new) = (old.unwrap_or(&none), new.unwrap_or(&none));
    let before: HashMap<&str, &Event> = old.events.iter().map(|e| (e.id.as_str(), e)).collect();
    let after: HashMap<&str, &Event> = new.events.iter().map(|e| (e.id.as_str(), e)).collect();
    let added: Vec<&Event> = new
        .events
        .iter()
        .filter(|e| !before.contains_key(e.id.as_str()))
        .collect();
    if added.len() > LIST_AT_MOST {
        let first = added.iter().map(|e| e.date).min();
        let last = added.iter().map(|e| e.date).max();
        if let (Some(first), Some(last)) = (first, last) {
            out.push(change(
                Kind::Added,
                format!("{control} · {} events", added.len()),
                format!("({first} → {last})"),
            ));
        }
    } else {
        for e in &added {
            out.push(change(Kind::Added, subject(control, e), added_words(e)));
        }
    }
    for e in &new.events {
        if let Some(a) = before.get(e.id.as_str())
            && *a != e
        {
            out.push(change(
                Kind::Changed,
                subject(control, e),
                changed_words(a, e),
            ));
        }
    }
    for e in old
        .events
        .iter()
        .filter(|e| !after.contains_key(e.id.as_str()))
    {
        out.push(change(Kind::Removed, subject(control, e), String::new()));
    }
    match (&old.sample, &new.sample) {
        (None, Some(s)) => out.push(change(
            Kind::Added,
            format!("{control} · sample"),
            sample_words(s),
        )),
        (Some(_), None) => out.push(change(
            Kind::Removed,
            format!("{control} · sample"),
            String::new(),
        )),
        (Some(a), Some(b)) if a != b => out.push(change(
            Kind::Changed,
            format!("{control} · sample"),
            format!("redrawn: {}", sample_words(b)),
        )),
        _ => {}
    }
}

/// Every population change from `old` to `new`, by control id.
pub fn diff(old: &Workbook, new: &Workbook) -> Vec<Change> {
    let mut out = Vec::new();
    if old.populations == new.populations && old.sample_sizes == new.sample_sizes {
        return out;
    }
    let controls: BTreeSet<&String> = old
        .populations
        .keys()
        .chain(new.populations.keys())
        .collect();
    for c in controls {
        let (a, b) = (old.populations.get(c), new.populations.get(c));
        if a != b {
            one(c, a.map(|p| &**p), b.map(|p| &**p), &mut out);
        }
    }
    let cadences: BTreeSet<_> = old
        .sample_sizes
        .keys()
        .chain(new.sample_sizes.keys())
        .collect();
    for c in cadences {
        let (a, b) = (old.sample_sizes.get(c), new.sample_sizes.get(c));
        if a == b {
            continue;
        }
        let show = |n: Option<&u32>| n.map_or("common practice".to_string(), u32::to_string);
        out.push(change(
            Kind::Changed,
            format!("sample size {}", c.label()),
            format!("{} → {}", show(a), show(b)),
        ));
    }
    out
}
