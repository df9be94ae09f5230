//! `soc2 requests`: the auditor's own request list (IRL): import it from their CSV, list
//! it with the controls each request maps to, set a request's status, owner or due date.
//!
//! Why the population reader's helpers: one way to find columns and read dates, and one
//! error shape (`FILE: row R, column C (name): …`) for every CSV the tool takes.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::catalog::catalog;
use crate::edit::{self, RequestChange, RequestRow};
use crate::model::{Date, RequestStatus, Workbook};
use crate::store;
use crate::text::sanitize;

use super::edit_file::edit_workbook;
use super::population_csv::{Col, date_cell, find_any};
use super::{EXIT_INVALID, EXIT_OK, Format, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: RequestsCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum RequestsCommand {
    /// Import the auditor's request list from CSV (columns found by header: request id,
    /// request text, criterion reference, due, owner, status); a re-import updates by id.
    Import(ImportArgs),
    /// List the auditor's requests with their controls, owner, due date and status.
    List(ListArgs),
    /// Set one request's status, owner or due date.
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    pub path: PathBuf,
    /// The auditor's CSV file.
    #[arg(long)]
    pub csv: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    pub path: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn parse_status(s: &str) -> Result<RequestStatus, String> {
    RequestStatus::parse(s).ok_or_else(|| {
        format!(
            "expected one of {}",
            RequestStatus::ALL.map(|s| s.label()).join(", ")
        )
    })
}

fn parse_due(s: &str) -> Result<Option<Date>, String> {
    if s.trim().is_empty() || s == "none" {
        return Ok(None);
    }
    s.parse::<Date>().map(Some).map_err(|e| e.to_string())
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("change").required(true).multiple(true).args(["status", "owner", "due"])))]
pub struct SetArgs {
    pub path: PathBuf,
    /// The auditor's request id.
    pub id: String,
    /// open, in progress, provided or accepted.
    #[arg(long, value_parser = parse_status)]
    pub status: Option<RequestStatus>,
    /// A team member's handle, or `none`.
    #[arg(long)]
    pub owner: Option<String>,
    /// YYYY-MM-DD, or `none`.
    #[arg(long, value_parser = parse_due)]
    pub due: Option<Option<Date>>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    match args.command {
        RequestsCommand::Import(a) => import(&a),
        RequestsCommand::List(a) => list(&a),
        RequestsCommand::Set(a) => set(a),
    }
}

const ID: &[&str] = &[
    "request id",
    "id",
    "request #",
    "request no",
    "ref",
    "ref #",
    "no",
    "#",
    "pbc id",
    "irl id",
];
const TEXT: &[&str] = &[
    "request",
    "request text",
    "description",
    "request description",
    "text",
    "requested item",
    "details",
    "item",
];
const CRITERION: &[&str] = &[
    "criterion",
    "criteria",
    "tsc",
    "tsc reference",
    "criterion reference",
    "reference",
    "control reference",
    "mapping",
];
const DUE: &[&str] = &["due", "due date", "deadline", "date due"];
const OWNER: &[&str] = &["owner", "assignee", "assigned to", "responsible"];
const STATUS: &[&str] = &["status", "state"];

/// Reads the auditor's file: every bad cell is reported by row and column, nothing is kept
/// when any row is bad.
fn read(path: &Path, wb: &Workbook) -> Result<Vec<RequestRow>, Vec<String>> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| vec![format!("{file}: cannot read: {e}")])?;
    let text = String::from_utf8_lossy(&bytes);
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| vec![format!("{file}: the header row cannot be read: {e}")])?
        .iter()
        .map(str::to_string)
        .collect();
    let need = |names: &[&str], taken: &[usize], what: &str| {
        find_any(names, &header, taken).ok_or_else(|| {
            vec![format!(
                "{file}: no column for the {what} (looked for {}; the header has: {})",
                names.join(", "),
                header.join(", ")
            )]
        })
    };
    let id = need(ID, &[], "request id")?;
    let text_col = need(TEXT, &[id.index], "request text")?;
    let taken = [id.index, text_col.index];
    let criterion = find_any(CRITERION, &header, &taken);
    let due = find_any(DUE, &header, &taken);
    let owner = find_any(OWNER, &header, &taken);
    let status = find_any(STATUS, &header, &taken);
    let mut rows: Vec<RequestRow> = Vec::new();
    let mut errors = Vec::new();
    let mut seen: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e
                    .position()
                    .map_or(String::new(), |p| format!(" row {},", p.line()));
                errors.push(format!("{file}:{at} not valid CSV: {e}"));
                continue;
            }
        };
        let row = record.position().map_or(0, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |c: &Col| record.get(c.index).map(str::trim).unwrap_or("");
        let opt = |c: &Option<Col>| c.as_ref().map(&cell).filter(|v| !v.is_empty());
        let bad = |c: &Col, msg: String| {
            format!(
                "{file}: row {row}, column {} ({}): {msg}",
                c.index + 1,
                c.name
            )
        };
        let rid = cell(&id).to_string();
        if rid.is_empty() {
            errors.push(bad(
                &id,
                "missing; every request needs the auditor's id".into(),
            ));
            continue;
        }
        if let Some(first) = seen.insert(rid.clone(), row) {
            errors.push(bad(
                &id,
                format!("request \"{rid}\" is also on row {first}"),
            ));
            continue;
        }
        if cell(&text_col).is_empty() {
            errors.push(bad(
                &text_col,
                "missing; what does the auditor ask for?".into(),
            ));
        }
        let due_date = match (&due, opt(&due)) {
            (Some(c), Some(v)) => match date_cell(v) {
                Some(d) => Some(d),
                None => {
                    errors.push(bad(c, format!("expected YYYY-MM-DD, found \"{v}\"")));
                    None
                }
            },
            _ => None,
        };
        let state = match (&status, opt(&status)) {
            (Some(c), Some(v)) => match parse_status(v) {
                Ok(s) => Some(s),
                Err(e) => {
                    errors.push(bad(c, format!("{e}, found \"{v}\"")));
                    None
                }
            },
            _ => None,
        };
        let who = opt(&owner).map(str::to_string);
        if let (Some(c), Some(w)) = (&owner, &who)
            && wb.member(w).is_none()
        {
            errors.push(bad(
                c,
                format!(
                    "\"{w}\" is not in the team; use a member's handle ({})",
                    wb.team
                        .iter()
                        .map(|m| m.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        rows.push(RequestRow {
            id: rid,
            text: cell(&text_col).to_string(),
            criterion: opt(&criterion).map(str::to_string),
            due: due_date,
            owner: who,
            status: state,
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

fn import(args: &ImportArgs) -> anyhow::Result<u8> {
    let wb = match store::load_model(&args.path) {
        Ok(wb) => wb,
        Err(err) => return Ok(output::store_error(&err)),
    };
    let rows = match read(&args.csv, &wb) {
        Ok(r) => r,
        Err(errors) => {
            for e in &errors {
                output::error(&format!("error: {e}"));
            }
            output::error("nothing imported: fix the rows above and import again");
            return Ok(EXIT_INVALID);
        }
    };
    match edit_workbook(&args.path, |wb| edit::import_requests(catalog(), wb, &rows)) {
        Ok(s) => {
            let mut lines = vec![format!(
                "imported {} requests from {}: {} added, {} updated, {} unchanged",
                rows.len(),
                args.csv.display(),
                s.added,
                s.updated,
                s.unchanged
            )];
            if !s.unmatched.is_empty() {
                lines.push(format!(
                    "not mapped to any control ({}): {}; map them in the app or give a criterion reference",
                    s.unmatched.len(),
                    s.unmatched.join(", ")
                ));
            }
            output::print(&lines.join("\n"));
            Ok(EXIT_OK)
        }
        Err(code) => Ok(code),
    }
}

/// The requests for scripts (`status --format json` uses this too).
pub fn requests_json(wb: &Workbook) -> serde_json::Value {
    json!(
        wb.requests
            .iter()
            .map(|(id, r)| json!({
                "id": id,
                "text": r.text,
                "criterion": r.criterion,
                "controls": r.controls,
                "matched_by": r.matched_by.label(),
                "owner": r.owner,
                "due": r.due.map(|d| d.to_string()),
                "status": r.status.label(),
            }))
            .collect::<Vec<_>>()
    )
}

/// One line per request, for people.
pub fn request_line(id: &str, r: &crate::model::AuditorRequest) -> String {
    format!(
        "  {id} [{}] {} · {} ({}){}{}",
        r.status.label(),
        r.text,
        if r.controls.is_empty() {
            "no control".to_string()
        } else {
            r.controls.join(", ")
        },
        r.matched_by.label(),
        r.owner
            .as_deref()
            .map_or_else(String::new, |o| format!(" · {o}")),
        r.due.map_or_else(String::new, |d| format!(" · due {d}")),
    )
}

fn list(args: &ListArgs) -> anyhow::Result<u8> {
    let wb = match store::load_model(&args.path) {
        Ok(wb) => wb,
        Err(err) => return Ok(output::store_error(&err)),
    };
    match args.format {
        Format::Json => output::print_json(&requests_json(&wb))?,
        Format::Text => {
            let mut lines = vec![format!("Auditor requests ({}):", wb.requests.len())];
            lines.extend(wb.requests.iter().map(|(id, r)| request_line(id, r)));
            output::print(&lines.join("\n"));
        }
    }
    Ok(EXIT_OK)
}

fn set(args: SetArgs) -> anyhow::Result<u8> {
    let change = RequestChange {
        status: args.status,
        owner: args
            .owner
            .as_deref()
            .map(|o| (o != "none").then(|| o.to_string())),
        due: args.due,
    };
    match edit_workbook(&args.path, |wb| edit::set_request(wb, &args.id, &change)) {
        Ok(()) => {
            output::print(&format!("request {} updated", sanitize(&args.id)));
            Ok(EXIT_OK)
        }
        Err(code) => Ok(code),
    }
}
