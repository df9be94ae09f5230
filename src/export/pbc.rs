//! The auditor's request list (PBC, "provided by client"): one request per control the
//! auditor will test and one per population, with the period, the file, what is on hand,
//! who provides it and by when.
//!
//! Why from the matrix rows: a request must name the same control, owner and evidence as
//! the matrix the auditor reads beside it.

use crate::analysis::population::populations;
use crate::model::{Phase, Workbook};
use crate::spreadsheet::Csv;

use super::matrix::{self, ControlRow, cell_text};
use super::xlsx::{self, Cell, Sheet};
use super::{ExportError, Input, period_text};

/// One request of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// `PBC-access-review-quarterly`, `POP-offboarding-revocation-sla`.
    pub id: String,
    /// `control evidence` or `population`.
    pub kind: &'static str,
    pub control: String,
    pub criteria: String,
    pub provide: String,
    pub period: String,
    /// The population's file inside the package, for a population request.
    pub file: String,
    pub on_hand: String,
    pub owner: String,
    pub due: String,
    /// The auditor's own request ids (imported IRL) that map to this control.
    pub auditor_ids: String,
}

/// When requests are due: the end of the plan's request-list step, else the start of
/// fieldwork; empty when the plan has neither.
pub fn due_date(wb: &Workbook) -> String {
    let find = |phase: Phase| wb.milestones.iter().find(|m| m.phase == phase);
    find(Phase::RequestList)
        .map(|m| m.end)
        .or_else(|| find(Phase::Fieldwork).map(|m| m.start))
        .map_or_else(String::new, |d| d.to_string())
}

/// The population file of a control inside the package.
pub fn population_file(control: &str) -> String {
    format!("populations/{control}.csv")
}

fn on_hand(row: &ControlRow) -> String {
    match row.evidence.len() {
        0 => "nothing recorded yet".to_string(),
        n => format!(
            "{n} item{}: {}",
            if n == 1 { "" } else { "s" },
            row.evidence
                .iter()
                .map(|(r, _)| r.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

/// Every request: controls first in report order, then populations.
pub fn requests(input: &Input<'_>) -> Vec<Request> {
    let wb = input.workbook;
    let rows = matrix::rows(input);
    let period = period_text(wb);
    let due = due_date(wb);
    let auditor = |control: &str| {
        wb.requests
            .iter()
            .filter(|(_, r)| r.controls.iter().any(|c| c == control))
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out: Vec<Request> = rows
        .iter()
        .filter(|r| matrix::tested(r))
        .map(|r| Request {
            id: format!("PBC-{}", r.id),
            kind: "control evidence",
            control: r.id.clone(),
            criteria: r.criteria.join(", "),
            provide: r.test_evidence.clone(),
            period: period.clone(),
            file: String::new(),
            on_hand: on_hand(r),
            owner: r.owner.clone(),
            due: due.clone(),
            auditor_ids: auditor(&r.id),
        })
        .collect();
    for p in populations(input.catalog, wb, input.as_of) {
        let row = rows.iter().find(|r| r.id == p.item);
        out.push(Request {
            id: format!("POP-{}", p.item),
            kind: "population",
            control: p.item.clone(),
            criteria: row.map_or_else(|| p.criterion.clone(), |r| r.criteria.join(", ")),
            provide: format!(
                "Complete list of every {} occurrence in the period, for the auditor to sample from ({} on file, {} exceptions).",
                p.cadence.label(),
                p.population,
                p.exceptions
            ),
            period: period.clone(),
            file: population_file(&p.item),
            on_hand: format!("{} events, {} with evidence", p.population, p.with_evidence),
            owner: row.map_or_else(String::new, |r| r.owner.clone()),
            due: due.clone(),
            auditor_ids: auditor(&p.item),
        });
    }
    out
}

const COLUMNS: [(&str, f64); 11] = [
    ("Request ID", 30.0),
    ("Type", 14.0),
    ("Control ID", 28.0),
    ("Criteria", 16.0),
    ("What to provide", 60.0),
    ("Period", 24.0),
    ("Population file", 36.0),
    ("Evidence on hand", 40.0),
    ("Owner", 22.0),
    ("Due", 12.0),
    ("Auditor request IDs", 20.0),
];

fn cells(r: &Request) -> Vec<Cell> {
    vec![
        r.id.as_str().into(),
        r.kind.into(),
        r.control.as_str().into(),
        r.criteria.as_str().into(),
        r.provide.as_str().into(),
        r.period.as_str().into(),
        r.file.as_str().into(),
        r.on_hand.as_str().into(),
        r.owner.as_str().into(),
        r.due.as_str().into(),
        r.auditor_ids.as_str().into(),
    ]
}

/// The request list as CSV.
pub fn csv(list: &[Request]) -> String {
    let mut csv = Csv::new();
    csv.record(COLUMNS.iter().map(|c| c.0));
    for r in list {
        csv.record(cells(r).iter().map(cell_text));
    }
    csv.finish()
}

/// The request list as XLSX: one "Requests" sheet.
pub fn xlsx(input: &Input<'_>, list: &[Request]) -> Result<Vec<u8>, ExportError> {
    let sheet = Sheet {
        name: "Requests".into(),
        columns: COLUMNS.to_vec(),
        rows: list.iter().map(cells).collect(),
    };
    xlsx::build(
        "request-list.xlsx",
        &format!("{} request list", input.workbook.organization.name),
        input.as_of,
        &[sheet],
    )
}
