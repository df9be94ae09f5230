//! The plain registers of the package: the evidence index, the backlog, each control's
//! population, the vendor register and the risk–control matrix, as CSV.
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

/// Yes for a flag that is set, blank otherwise, so a spreadsheet filter reads it at once.
fn yes(flag: bool) -> String {
    if flag { "yes" } else { "" }.to_string()
}

/// A mapped text with the controls that meet it: `text [control, control]`.
fn mapped(list: &[crate::model::MappedControl]) -> String {
    list.iter()
        .map(|m| {
            if m.controls.is_empty() {
                format!("{} [not mapped]", m.text)
            } else {
                format!("{} [{}]", m.text, m.controls.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The vendor register (CC9.2): one vendor per row with its tier, method, agreements, the
/// latest SOC report and how far it and the bridge letters cover, CSOCs, CUECs and what is
/// still open about it, as of the package's date.
pub fn vendors_csv(input: &Input<'_>) -> String {
    let wb = input.workbook;
    let mut csv = Csv::new();
    csv.record([
        "ID",
        "Vendor",
        "Service",
        "Tier",
        "Subservice organization",
        "Owner",
        "Contract",
        "DPA",
        "BAA",
        "Due diligence",
        "Next review",
        "Latest report",
        "Report period",
        "Opinion",
        "Reviewed",
        "Covered through",
        "Bridge letters",
        "CSOCs we rely on",
        "CUECs we operate",
        "Findings",
    ]);
    let date = |d: Option<Date>| d.map_or_else(String::new, |d| d.to_string());
    for r in crate::analysis::vendor::review(input.catalog, wb, input.as_of) {
        let v = r.vendor;
        let latest = v.reports.iter().max_by_key(|rep| rep.period.map(|p| p.end));
        csv.record([
            r.id.to_string(),
            v.name.clone(),
            v.service.clone(),
            r.tier.label().to_string(),
            v.subservice
                .map_or_else(String::new, |m| m.label().to_string()),
            owner_text(wb, v.owner.as_deref()),
            yes(v.contract),
            yes(v.dpa),
            yes(v.baa),
            date(v.due_diligence),
            date(v.next_review),
            latest.map_or_else(String::new, |rep| rep.kind.label().to_string()),
            latest
                .and_then(|rep| rep.period)
                .map_or_else(String::new, |p| format!("{} to {}", p.start, p.end)),
            latest
                .and_then(|rep| rep.opinion)
                .map_or_else(String::new, |o| o.label().to_string()),
            date(v.reviewed()),
            date(r.covered_through()),
            v.bridge_letters
                .iter()
                .map(|b| format!("issued {} through {}", b.issued, b.through))
                .collect::<Vec<_>>()
                .join("; "),
            mapped(&v.csocs),
            mapped(&v.cuecs),
            r.findings
                .iter()
                .map(|f| f.message())
                .collect::<Vec<_>>()
                .join("; "),
        ]);
    }
    csv.finish()
}

/// The risk register as the risk–control matrix (CC3.2, CC5.1): one risk per row with its
/// ratings before and after controls, treatment, acceptance and mitigating controls.
pub fn risks_csv(input: &Input<'_>) -> String {
    let wb = input.workbook;
    let vocab = crate::catalog::risks::risk_vocabulary();
    let mut csv = Csv::new();
    csv.record([
        "ID",
        "Risk",
        "Category",
        "Likelihood",
        "Impact",
        "Inherent score",
        "Inherent band",
        "Residual likelihood",
        "Residual impact",
        "Residual score",
        "Residual band",
        "Treatment",
        "Owner",
        "Accepted by",
        "Accepted on",
        "Mitigating controls",
        "Description",
    ]);
    let number = |n: Option<u8>| n.map_or_else(String::new, |n| n.to_string());
    for (id, r) in &wb.risks {
        let residual = r.residual();
        csv.record([
            id.clone(),
            r.title.clone(),
            r.category.clone(),
            r.likelihood.to_string(),
            r.impact.to_string(),
            r.inherent().to_string(),
            vocab.band(r.inherent()).id.clone(),
            number(r.residual_likelihood),
            number(r.residual_impact),
            number(residual),
            residual.map_or_else(String::new, |s| vocab.band(s).id.clone()),
            r.treatment
                .map_or_else(String::new, |t| t.label().to_string()),
            owner_text(wb, r.owner.as_deref()),
            r.acceptance
                .as_ref()
                .map_or_else(String::new, |a| owner_text(wb, Some(&a.by))),
            r.acceptance
                .as_ref()
                .map_or_else(String::new, |a| a.date.to_string()),
            r.controls.join(", "),
            r.description.clone(),
        ]);
    }
    csv.finish()
}
