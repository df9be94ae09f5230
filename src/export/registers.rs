//! The plain registers of the package: the evidence index, the backlog and each control's
//! population, as CSV.
//!
//! Why CSV only: these are lists the auditor filters and samples from, and CSV opens
//! everywhere; every cell is neutralised against formulas and kept otherwise as written.

use crate::analysis::population::{events, populations};
use crate::analysis::readiness::is_overdue;
use crate::analysis::schedule::observation_window;
use crate::model::Date;
use crate::spreadsheet::Csv;

use super::matrix::owner_text;
use super::pbc::population_file;
use super::{File, Input};

/// Where a collection date falls against the observation window.
fn period_of(window: Option<(Date, Date)>, collected: Date) -> String {
    match window {
        Some((start, end)) if collected < start => format!("before the window ({start} to {end})"),
        Some((start, end)) if collected > end => format!("after the window ({start} to {end})"),
        Some((start, end)) => format!("{start} to {end}"),
        None => "point in time (Type I)".to_string(),
    }
}

/// Every evidence entry of the checklist: reference, hash, when, by whom, for which control.
pub fn evidence_csv(input: &Input<'_>) -> String {
    let wb = input.workbook;
    let window = observation_window(wb);
    let mut csv = Csv::new();
    csv.record([
        "Evidence ID",
        "Reference",
        "SHA-256",
        "Collected",
        "By",
        "Control ID",
        "Criterion",
        "Period",
    ]);
    for (criterion, items) in &wb.checklist {
        for (item, record) in items {
            for e in &record.evidence {
                csv.record([
                    e.id.clone(),
                    e.reference.clone(),
                    e.sha256.clone().unwrap_or_default(),
                    e.collected.to_string(),
                    owner_text(wb, e.by.as_deref()),
                    item.clone(),
                    criterion.clone(),
                    period_of(window, e.collected),
                ]);
            }
        }
    }
    csv.finish()
}

/// The remediation backlog, one task per row, overdue as of the package's date.
pub fn backlog_csv(input: &Input<'_>) -> String {
    let wb = input.workbook;
    let mut csv = Csv::new();
    csv.record([
        "ID",
        "Title",
        "Status",
        "Priority",
        "Owner",
        "Due",
        "Overdue",
        "Created",
        "Done",
        "Criteria",
        "Controls",
        "Description",
    ]);
    let date = |d: Option<Date>| d.map_or_else(String::new, |d| d.to_string());
    for b in &wb.backlog {
        csv.record([
            b.id.clone(),
            b.title.clone(),
            b.status.label().to_string(),
            b.priority.label().to_string(),
            owner_text(wb, b.owner.as_deref()),
            date(b.due),
            if is_overdue(b, input.as_of) {
                "yes"
            } else {
                ""
            }
            .to_string(),
            b.created.to_string(),
            date(b.done),
            b.criteria.join(", "),
            b.items.join(", "),
            b.description.clone(),
        ]);
    }
    csv.finish()
}

/// One CSV per control with a population: every event, its result, evidence and whether
/// it is in the committed sample.
pub fn population_files(input: &Input<'_>) -> Vec<File> {
    let wb = input.workbook;
    populations(input.catalog, wb, input.as_of)
        .into_iter()
        .map(|p| {
            let sample = wb
                .populations
                .get(&p.item)
                .and_then(|pop| pop.sample.as_ref());
            let mut csv = Csv::new();
            csv.record([
                "Event ID",
                "Date",
                "Description",
                "Result",
                "Evidence",
                "In sample",
                "Exception",
            ]);
            for e in events(wb, &p.item) {
                csv.record([
                    e.id.clone(),
                    e.date.to_string(),
                    e.description.clone(),
                    e.result.label().to_string(),
                    e.evidence.join("; "),
                    if sample.is_some_and(|s| s.events.contains(&e.id)) {
                        "yes"
                    } else {
                        ""
                    }
                    .to_string(),
                    e.exception
                        .as_ref()
                        .map_or_else(String::new, |x| x.what_failed.clone()),
                ]);
            }
            File {
                name: population_file(&p.item),
                bytes: csv.finish().into_bytes(),
            }
        })
        .collect()
}
