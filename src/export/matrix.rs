//! The control matrix: one row per control of the in-scope categories, as the auditor's
//! testing workpapers list them (criteria, owner, cadence, kind, status, evidence, population).
//!
//! Why rows first: the CSV, the XLSX sheets and the request list all read the same rows, so
//! a control can never say one thing in one file and another in the next.

use crate::analysis::population::populations;
use crate::analysis::readiness::{criteria_in_scope, items_of};
use crate::catalog::Catalog;
use crate::model::{Cadence, Category, ItemStatus, Workbook};
use crate::spreadsheet::Csv;

use super::xlsx::{self, Cell, Sheet};
use super::{ExportError, Input};

/// One control as the matrix shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlRow {
    pub category: Category,
    /// The criterion the control is recorded under (its home).
    pub criterion: String,
    pub id: String,
    /// The control in the words of a control description (the team's parameters filled in).
    pub description: String,
    /// What the auditor inspects to test it.
    pub test_evidence: String,
    /// Every criterion it meets: home first, then `also`.
    pub criteria: Vec<String>,
    /// `Maria Lopez (maria)`, or empty when nobody owns it yet.
    pub owner: String,
    pub cadence: Option<Cadence>,
    pub tier: &'static str,
    pub operation: &'static str,
    pub nature: &'static str,
    pub status: ItemStatus,
    /// Evidence references with their SHA-256 where one was recorded.
    pub evidence: Vec<(String, Option<String>)>,
    /// Events in its population and exceptions among them, for controls that have one.
    pub population: Option<(usize, usize)>,
    /// A team-made control, not from the catalog.
    pub custom: bool,
}

/// An owner handle with the person's name, as the auditor reads it.
pub fn owner_text(wb: &Workbook, handle: Option<&str>) -> String {
    match handle {
        None => String::new(),
        Some(h) => match wb.member(h) {
            Some(m) if !m.name.is_empty() => format!("{} ({h})", m.name),
            _ => h.to_string(),
        },
    }
}

/// The rows of every control of the in-scope categories, in report order (each control
/// once, under its home criterion, then the team's own items of that criterion).
pub fn rows(input: &Input<'_>) -> Vec<ControlRow> {
    rows_of(input.catalog, input.workbook, input.as_of)
}

fn rows_of(cat: &Catalog, wb: &Workbook, as_of: crate::model::Date) -> Vec<ControlRow> {
    let pops = populations(cat, wb, as_of);
    let mut out = Vec::new();
    for criterion in criteria_in_scope(cat, wb) {
        for item in items_of(criterion, wb).into_iter().filter(|i| !i.elsewhere) {
            let record = item.record;
            let mut criteria = vec![criterion.id.clone()];
            if let Some(c) = item.control {
                criteria.extend(c.also.iter().cloned());
            }
            let mut description = item.shown_title();
            if !description.ends_with('.') {
                description.push('.');
            }
            out.push(ControlRow {
                category: criterion.category,
                criterion: criterion.id.clone(),
                id: item.id.to_string(),
                description,
                test_evidence: item.evidence_hint.to_string(),
                criteria,
                owner: owner_text(wb, record.and_then(|r| r.owner.as_deref())),
                cadence: item.cadence,
                tier: if item.custom { "team" } else { item.tier.id() },
                operation: item
                    .control
                    .and_then(|c| c.operation)
                    .map_or("", |o| o.label()),
                nature: item
                    .control
                    .and_then(|c| c.nature)
                    .map_or("", |n| n.label()),
                status: item.status(),
                evidence: record.map_or_else(Vec::new, |r| {
                    r.evidence
                        .iter()
                        .map(|e| (e.reference.clone(), e.sha256.clone()))
                        .collect()
                }),
                population: pops
                    .iter()
                    .find(|p| p.item == item.id)
                    .map(|p| (p.population, p.exceptions)),
                custom: item.custom,
            });
        }
    }
    out
}

/// The column headers, shared by the CSV and every sheet.
const COLUMNS: [(&str, f64); 14] = [
    ("Control ID", 28.0),
    ("Control description", 60.0),
    ("Criteria", 16.0),
    ("Category", 14.0),
    ("Owner", 22.0),
    ("Cadence", 12.0),
    ("Tier", 12.0),
    ("Manual/Automated", 12.0),
    ("Preventive/Detective", 12.0),
    ("Status", 14.0),
    ("Evidence (reference · SHA-256)", 50.0),
    ("Test evidence", 50.0),
    ("Population", 10.0),
    ("Exceptions", 10.0),
];

/// One evidence entry as a cell line: `ref · sha256:…` or the reference alone.
fn evidence_line((reference, sha): &(String, Option<String>)) -> String {
    match sha {
        Some(sha) => format!("{reference} · sha256:{sha}"),
        None => reference.clone(),
    }
}

fn cells(row: &ControlRow) -> Vec<Cell> {
    let count = |n: Option<usize>| n.map_or(Cell::Empty, |n| Cell::Number(n as u64));
    vec![
        row.id.as_str().into(),
        row.description.as_str().into(),
        row.criteria.join(", ").into(),
        row.category.label().into(),
        row.owner.as_str().into(),
        row.cadence.map_or("", |c| c.label()).into(),
        row.tier.into(),
        row.operation.into(),
        row.nature.into(),
        row.status.label().into(),
        row.evidence
            .iter()
            .map(evidence_line)
            .collect::<Vec<_>>()
            .join("\n")
            .into(),
        row.test_evidence.as_str().into(),
        count(row.population.map(|p| p.0)),
        count(row.population.map(|p| p.1)),
    ]
}

fn text_of(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        Cell::Number(n) => n.to_string(),
        Cell::Empty => String::new(),
    }
}

/// The matrix as CSV (header, then one record per control).
pub fn csv(rows: &[ControlRow]) -> String {
    let mut csv = Csv::new();
    csv.record(COLUMNS.iter().map(|c| c.0));
    for row in rows {
        csv.record(cells(row).iter().map(text_of));
    }
    csv.finish()
}

/// The matrix as XLSX: an "All" sheet, then one sheet per in-scope category.
pub fn xlsx(input: &Input<'_>, rows: &[ControlRow]) -> Result<Vec<u8>, ExportError> {
    let sheet = |name: &str, rows: Vec<&ControlRow>| Sheet {
        name: name.to_string(),
        columns: COLUMNS.to_vec(),
        rows: rows.into_iter().map(cells).collect(),
    };
    let mut sheets = vec![sheet("All", rows.iter().collect())];
    for category in crate::analysis::readiness::categories_in_scope(input.workbook) {
        sheets.push(sheet(
            category.label(),
            rows.iter().filter(|r| r.category == category).collect(),
        ));
    }
    xlsx::build(
        "control-matrix.xlsx",
        &format!("{} control matrix", input.workbook.organization.name),
        input.as_of,
        &sheets,
    )
}

/// A cell's text, for the request list and tests.
pub fn cell_text(cell: &Cell) -> String {
    text_of(cell)
}

/// Whether a control is something the auditor will test (not N/A, counted or adopted).
pub fn tested(row: &ControlRow) -> bool {
    row.status != ItemStatus::NotApplicable
        && (row.tier != "recommended"
            || matches!(row.status, ItemStatus::Implemented | ItemStatus::InProgress))
}
