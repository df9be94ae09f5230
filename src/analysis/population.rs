//! Populations as the auditor sees them: which controls have one, its events (recorded and
//! fed by the team list), sample sizes, a reproducible draw, and per-control figures.
//!
//! Why pure and here: `soc2 status`, `soc2 sample`, the dashboard and the Populations view
//! must agree on what a population holds, how big its sample is and whether it is ready.

use rustc_hash::FxHashSet as HashSet;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::catalog::Catalog;
use crate::model::{Cadence, Date, Event, EventResult, ItemStatus, Member, Workbook};

use super::coverage::{ControlCoverage, PeriodState};
use super::readiness::{criteria_in_scope, items_of};
use super::schedule::observation_window;

/// The sample-size table, compiled in (`assets/sampling.ron`).
const SAMPLING_RON: &str = include_str!("../../assets/sampling.ron");

/// The usual range of sample sizes for one cadence, and the size drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub low: u32,
    pub high: u32,
    pub draw: u32,
}

/// One step of the per-event table: populations up to `up_to` events draw `draw` (all when `None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub up_to: u32,
    pub draw: Option<u32>,
}

/// Common practice for sample sizes, and the controls the team list feeds.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub cadences: BTreeMap<Cadence, Band>,
    pub per_event: Vec<Step>,
    pub hires: Vec<String>,
    pub leavers: Vec<String>,
}

/// The embedded sampling rules, parsed once.
pub fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        ron::from_str(SAMPLING_RON)
            .expect("embedded assets/sampling.ron must parse (guarded by its unit test)")
    })
}

/// Whether controls of this cadence are tested through a population of events: per event,
/// and the frequent ones (each day or week is an event).
pub fn has_population(cadence: Cadence) -> bool {
    matches!(
        cadence,
        Cadence::PerEvent | Cadence::Daily | Cadence::Weekly
    )
}

/// Where a control lives and how often it runs: a catalog control (retired ids resolve) or
/// a custom item with a cadence. `None` when the id names neither.
pub fn control_of<'a>(
    cat: &'a Catalog,
    wb: &'a Workbook,
    control: &str,
) -> Option<(String, String, Option<Cadence>)> {
    let id = cat.resolve_id(control);
    if let Some((criterion, item)) = cat.item(id) {
        return Some((criterion.id.clone(), item.id.clone(), item.cadence));
    }
    wb.checklist.iter().find_map(|(criterion, items)| {
        let custom = items.get(control)?.custom.as_ref()?;
        Some((criterion.clone(), control.to_string(), custom.cadence))
    })
}

/// The id the team list gives a member's hire and leaver events.
pub fn hire_id(handle: &str) -> String {
    format!("hire:{handle}")
}

/// See [`hire_id`].
pub fn leaver_id(handle: &str) -> String {
    format!("leaver:{handle}")
}

/// The events the team list feeds into a control's population: a hire for each `joined`
/// date, a leaver for each `left` date, inside the observation window when there is one.
/// Derived, not stored, so a corrected date in the team list corrects the population; a
/// result or evidence recorded on one stores it under the same stable id.
pub fn derived_events(wb: &Workbook, control: &str) -> Vec<Event> {
    let r = rules();
    let window = observation_window(wb);
    let inside = |d: Date| window.is_none_or(|(s, e)| s <= d && d <= e);
    let mut out = Vec::new();
    let describe = |m: &Member, what: &str| {
        if m.role.is_empty() {
            format!("{} {what}", m.name)
        } else {
            format!("{} ({}) {what}", m.name, m.role)
        }
    };
    if r.hires.iter().any(|c| c == control) {
        for m in &wb.team {
            if let Some(d) = m.joined.filter(|d| inside(*d)) {
                out.push(Event {
                    id: hire_id(&m.id),
                    date: d,
                    description: describe(m, "joined"),
                    ..Event::default()
                });
            }
        }
    }
    if r.leavers.iter().any(|c| c == control) {
        for m in &wb.team {
            if let Some(d) = m.left.filter(|d| inside(*d)) {
                out.push(Event {
                    id: leaver_id(&m.id),
                    date: d,
                    description: describe(m, "left"),
                    ..Event::default()
                });
            }
        }
    }
    out
}

/// A control's whole population in date order: the recorded events, then those the team
/// list feeds that nothing is recorded for yet (`Cow::Owned`).
pub fn events<'a>(wb: &'a Workbook, control: &str) -> Vec<Cow<'a, Event>> {
    let stored = wb
        .populations
        .get(control)
        .map_or(&[][..], |p| &p.events[..]);
    let ids: HashSet<&str> = stored.iter().map(|e| e.id.as_str()).collect();
    let mut out: Vec<Cow<'a, Event>> = stored.iter().map(Cow::Borrowed).collect();
    let derived: Vec<Event> = derived_events(wb, control)
        .into_iter()
        .filter(|e| !ids.contains(e.id.as_str()))
        .collect();
    if !derived.is_empty() {
        out.extend(derived.into_iter().map(Cow::Owned));
        out.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    }
    out
}

/// How many events of a population of `size` the auditor would sample: the workbook's own
/// number for the cadence if it set one, else the common-practice table; never more than
/// the population.
pub fn sample_size(wb: &Workbook, cadence: Cadence, size: usize) -> usize {
    let r = rules();
    let wanted = match wb.sample_sizes.get(&cadence) {
        Some(n) => Some(*n),
        None if cadence == Cadence::PerEvent => r
            .per_event
            .iter()
            .find(|s| usize::try_from(s.up_to).is_ok_and(|u| size <= u))
            .map_or(Some(40), |s| s.draw),
        None => r.cadences.get(&cadence).map(|b| b.draw),
    };
    wanted.map_or(size, |n| usize::try_from(n).unwrap_or(size).min(size))
}

/// The common-practice range for a cadence, in words (`20–60`, `all up to 5, then 10–40`).
pub fn band_text(cadence: Cadence) -> String {
    let r = rules();
    if cadence == Cadence::PerEvent {
        let last = r.per_event.len().saturating_sub(1);
        let steps: Vec<String> = r
            .per_event
            .iter()
            .enumerate()
            .map(|(i, s)| match s.draw {
                None => format!("all of up to {}", s.up_to),
                Some(n) if i == last => format!("{n} above"),
                Some(n) => format!("{n} of up to {}", s.up_to),
            })
            .collect();
        return steps.join(", ");
    }
    match r.cadences.get(&cadence) {
        Some(b) if b.low == b.high => format!("{}", b.low),
        Some(b) => format!("{}–{}", b.low, b.high),
        None => "all".into(),
    }
}

/// SplitMix64: a tiny generator whose stream is fixed by these lines, so a committed
/// seed draws the same sample with every future build (a crate's stream may change).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform index below `n` (`n` > 0), by rejection so no index is favoured.
    fn below(&mut self, n: usize) -> usize {
        let n64 = n as u64;
        let zone = u64::MAX - u64::MAX % n64;
        loop {
            let x = self.next();
            if x < zone {
                return usize::try_from(x % n64).unwrap_or(0);
            }
        }
    }
}

/// Draws `size` of `ids` without replacement, the same ones for the same seed and list,
/// returned in list order (a partial Fisher–Yates shuffle of the positions).
pub fn draw(ids: &[&str], size: usize, seed: u64) -> Vec<String> {
    let mut rng = SplitMix(seed);
    let mut pos: Vec<usize> = (0..ids.len()).collect();
    let size = size.min(ids.len());
    for i in 0..size {
        let j = i + rng.below(ids.len() - i);
        pos.swap(i, j);
    }
    let mut chosen: Vec<usize> = pos[..size].to_vec();
    chosen.sort_unstable();
    chosen.into_iter().map(|i| ids[i].to_string()).collect()
}

/// What an event still lacks before the auditor could test it, in words.
pub fn lacks(event: &Event) -> Vec<&'static str> {
    let mut out = Vec::new();
    if event.evidence.is_empty() {
        out.push("evidence");
    }
    match event.result {
        EventResult::Untested => out.push("a result"),
        EventResult::Exception if event.exception.is_none() => out.push("an exception record"),
        EventResult::Exception => {
            if event
                .exception
                .as_ref()
                .is_some_and(|x| x.response.trim().is_empty())
            {
                out.push("management's response");
            }
        }
        EventResult::Passed => {}
    }
    out
}

/// One control's population in figures, as `soc2 status` and the dashboard show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlPopulation {
    pub criterion: String,
    pub item: String,
    pub title: String,
    pub cadence: Cadence,
    /// Events in the population (recorded and fed by the team list).
    pub population: usize,
    /// Events with a result (passed or exception).
    pub tested: usize,
    pub passed: usize,
    pub exceptions: usize,
    pub with_evidence: usize,
    /// Passed events from the window's start to today (operating readiness counts these).
    pub passed_so_far: usize,
    /// Events from the window's start to today.
    pub due_so_far: usize,
    pub sample_size: usize,
    /// Events in the committed sample.
    pub sampled: usize,
    /// Every event has evidence and a result: the population can be handed over.
    pub sample_ready: bool,
}

/// Figures for every in-scope, applicable control that has a population, in catalog order.
pub fn populations(cat: &Catalog, wb: &Workbook, today: Date) -> Vec<ControlPopulation> {
    let mut out = Vec::new();
    for criterion in criteria_in_scope(cat, wb) {
        for item in items_of(criterion, wb).into_iter().filter(|i| !i.elsewhere) {
            let Some(cadence) = item.cadence.filter(|c| has_population(*c)) else {
                continue;
            };
            if item.status() == ItemStatus::NotApplicable {
                continue;
            }
            out.push(figures(
                wb,
                criterion.id.clone(),
                item.id,
                item.title,
                cadence,
                today,
            ));
        }
    }
    out
}

fn figures(
    wb: &Workbook,
    criterion: String,
    item: &str,
    title: &str,
    cadence: Cadence,
    today: Date,
) -> ControlPopulation {
    let evs = events(wb, item);
    let window = observation_window(wb);
    let due = |e: &Event| window.is_some_and(|(start, _)| start <= e.date && e.date <= today);
    let count = |f: &dyn Fn(&Event) -> bool| evs.iter().filter(|e| f(e)).count();
    let population = evs.len();
    let tested = count(&|e| !e.result.is_untested());
    let with_evidence = count(&|e| !e.evidence.is_empty());
    ControlPopulation {
        criterion,
        item: item.to_string(),
        title: title.to_string(),
        cadence,
        population,
        tested,
        passed: count(&|e| e.result == EventResult::Passed),
        exceptions: count(&|e| e.result == EventResult::Exception),
        with_evidence,
        passed_so_far: count(&|e| e.result == EventResult::Passed && due(e)),
        due_so_far: count(&|e| due(e)),
        sample_size: sample_size(wb, cadence, population),
        sampled: wb
            .populations
            .get(item)
            .and_then(|p| p.sample.as_ref())
            .map_or(0, |s| s.events.len()),
        sample_ready: population > 0 && tested == population && with_evidence == population,
    }
}

/// Operating readiness with populations: a per-event, daily or weekly control whose
/// population holds events due so far counts by the share of them that passed (a window
/// with leavers but no tested leaver is not ready); every other recurring control counts by
/// its periods, as `coverage::operating_percent` does. Each control weighs the same.
pub fn operating_percent(
    coverage: &[ControlCoverage],
    pops: &[ControlPopulation],
    today: Date,
) -> Option<u8> {
    let by_item: BTreeMap<&str, &ControlPopulation> =
        pops.iter().map(|p| (p.item.as_str(), p)).collect();
    let (mut controls, mut sum) = (0usize, 0usize);
    for c in coverage {
        let (due, met) = match by_item.get(c.item.as_str()) {
            Some(p) if p.due_so_far > 0 => (p.due_so_far, p.passed_so_far),
            _ => c
                .periods
                .iter()
                .fold((0, 0), |(due, met), p| match p.state {
                    PeriodState::Met if p.start <= today => (due + 1, met + 1),
                    PeriodState::Missed => (due + 1, met),
                    _ => (due, met),
                }),
        };
        if let Some(share) = (met * 10_000).checked_div(due) {
            controls += 1;
            sum += share;
        }
    }
    (controls > 0).then(|| u8::try_from(sum / controls / 100).unwrap_or(100))
}

#[cfg(test)]
mod tests;
