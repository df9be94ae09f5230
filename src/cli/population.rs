//! `soc2 population import|add|list|mark|evidence|exception|sizes`: a control's events
//! from a script or an export, each change through the store's write lock.
//!
//! Why these verbs: they are the auditor's steps — get the population, attach the proof,
//! record each test's result, log an exception in the report's words.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::analysis::population::{self as pop, band_text, lacks, sample_size};
use crate::catalog::catalog;
use crate::edit::{self, EditError};
use crate::model::{Cadence, Date, Event, EventResult, ExceptionRecord};
use crate::spreadsheet::Csv;
use crate::store;

use super::edit_file::edit_workbook;
use super::population_csv::{self, Mapping};
use super::{EXIT_OK, EXIT_USAGE, output, parse_date};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: PopulationCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum PopulationCommand {
    /// Import events from a CSV export (idempotent; nothing is written if any row is bad).
    Import(ImportArgs),
    /// Record one event; prints its id.
    Add(AddArgs),
    /// List a control's events (or, without a control, every population's figures).
    List(ListArgs),
    /// Record an event's result: passed or untested (log an exception with `exception`).
    Mark(MarkArgs),
    /// Attach a reference to proof (a repo path, URL, ticket or evidence id) to an event.
    Evidence(EvidenceArgs),
    /// Log an exception on an event, in the words the report will carry (or clear one).
    Exception(ExceptionArgs),
    /// Show the sample sizes, or set the auditor's own number for a cadence.
    Sizes(SizesArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The control the events belong to (offboarding-revocation-sla).
    pub control: String,
    /// The CSV file (a header row names the columns unless --no-header).
    #[arg(long)]
    pub csv: PathBuf,
    /// The column holding each event's id (header name or 1-based number); without it an id
    /// is a stable hash of the row's date, description and evidence.
    #[arg(long)]
    pub id_column: Option<String>,
    /// The column holding the event date (default: "date").
    #[arg(long)]
    pub date_column: Option<String>,
    /// The column describing the event (default: "description", if present).
    #[arg(long)]
    pub description_column: Option<String>,
    /// The column holding a reference to proof (default: "evidence", if present).
    #[arg(long)]
    pub evidence_column: Option<String>,
    /// The file has no header row: give columns by number.
    #[arg(long)]
    pub no_header: bool,
    /// Add evidence to events already in the population (an access-revocation export
    /// matched to the leaver list by id) instead of adding events.
    #[arg(long)]
    pub attach: bool,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    pub path: PathBuf,
    pub control: String,
    #[arg(long, value_parser = parse_date)]
    pub date: Date,
    /// Who left, which PR, which incident.
    #[arg(long, default_value = "")]
    pub description: String,
    /// The source's id (default: a stable hash of date and description).
    #[arg(long)]
    pub id: Option<String>,
    /// References to proof, repeatable.
    #[arg(long)]
    pub evidence: Vec<String>,
}

/// How `population list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    pub path: PathBuf,
    /// The control; without it, one line per control with a population.
    pub control: Option<String>,
    /// Only events with this result: untested, passed or exception.
    #[arg(long, value_parser = parse_result)]
    pub result: Option<EventResult>,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, clap::Args)]
pub struct MarkArgs {
    pub path: PathBuf,
    pub control: String,
    pub event: String,
    /// passed or untested.
    #[arg(long, value_parser = parse_result)]
    pub result: EventResult,
}

#[derive(Debug, clap::Args)]
pub struct EvidenceArgs {
    pub path: PathBuf,
    pub control: String,
    pub event: String,
    /// `tickets/IT-4411`, `https://…`, `SEC-412` or an evidence id (`EV-k3fz`).
    pub reference: String,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["what_failed", "clear"])))]
pub struct ExceptionArgs {
    pub path: PathBuf,
    pub control: String,
    pub event: String,
    /// What failed, as the report will say it.
    #[arg(long)]
    pub what_failed: Option<String>,
    /// When it was found (default: today).
    #[arg(long, value_parser = parse_date)]
    pub found: Option<Date>,
    #[arg(long, default_value = "")]
    pub root_cause: String,
    /// The backlog item that remediates it (RB-k3fz).
    #[arg(long)]
    pub remediation: Option<String>,
    /// Management's response, in the report's words.
    #[arg(long, default_value = "")]
    pub response: String,
    /// Remove a mistakenly logged exception (the event is untested again).
    #[arg(long)]
    pub clear: bool,
}

#[derive(Debug, clap::Args)]
pub struct SizesArgs {
    pub path: PathBuf,
    /// The auditor's number for a cadence: `daily=30`, `per-event=25`; `daily=default`
    /// goes back to common practice. Repeatable.
    #[arg(long, value_parser = parse_size)]
    pub set: Vec<(Cadence, Option<u32>)>,
}

fn parse_result(s: &str) -> Result<EventResult, String> {
    EventResult::parse(s).ok_or_else(|| "use untested, passed or exception".into())
}

fn parse_cadence(s: &str) -> Option<Cadence> {
    let s = s.trim().replace('-', " ");
    Cadence::ALL
        .into_iter()
        .find(|c| c.label().replace('-', " ").eq_ignore_ascii_case(&s))
}

fn parse_size(s: &str) -> Result<(Cadence, Option<u32>), String> {
    let (c, n) = s.split_once('=').ok_or("use CADENCE=N, like daily=30")?;
    let cadence = parse_cadence(c).ok_or_else(|| {
        format!("\"{c}\" is not a cadence (daily, weekly, monthly, quarterly, semi-annual, annual, per-event)")
    })?;
    if n.trim().eq_ignore_ascii_case("default") {
        return Ok((cadence, None));
    }
    let n: u32 = n
        .trim()
        .parse()
        .map_err(|_| format!("\"{n}\" is not a number"))?;
    Ok((cadence, Some(n)))
}

pub fn run(args: Args, today: Date) -> anyhow::Result<u8> {
    let cat = catalog();
    let result: Result<String, u8> = match args.command {
        PopulationCommand::List(a) => return list(a, today),
        PopulationCommand::Sizes(a) if a.set.is_empty() => return sizes(a),
        PopulationCommand::Sizes(a) => edit_workbook(&a.path, |wb| {
            for (c, n) in &a.set {
                edit::set_sample_size(wb, *c, *n)?;
            }
            Ok(String::new())
        })
        .and_then(|_| sizes_text(&a.path)),
        PopulationCommand::Import(a) => import(a),
        PopulationCommand::Add(a) => edit_workbook(&a.path, |wb| {
            let mut event = Event {
                id: a.id.clone().unwrap_or_default(),
                date: a.date,
                description: a.description.trim().to_string(),
                evidence: a.evidence.iter().map(|e| e.trim().to_string()).collect(),
                ..Event::default()
            };
            if event.id.trim().is_empty() {
                event.id = population_csv::hashed_id(a.date, &event.description, "");
            }
            let id = event.id.clone();
            edit::add_event(cat, wb, &a.control, event)?;
            Ok(id)
        }),
        PopulationCommand::Mark(a) => edit_workbook(&a.path, |wb| {
            edit::mark_event(cat, wb, &a.control, &a.event, a.result)?;
            Ok(format!("{}: {}", a.event, a.result.label()))
        }),
        PopulationCommand::Evidence(a) => edit_workbook(&a.path, |wb| {
            edit::attach_event_evidence(cat, wb, &a.control, &a.event, &a.reference)?;
            Ok(format!("{}: evidence {}", a.event, a.reference.trim()))
        }),
        PopulationCommand::Exception(a) => edit_workbook(&a.path, |wb| {
            if a.clear {
                edit::clear_exception(cat, wb, &a.control, &a.event)?;
                return Ok(format!("{}: exception cleared, untested", a.event));
            }
            let record = ExceptionRecord {
                what_failed: a.what_failed.clone().unwrap_or_default().trim().to_string(),
                found: a.found.unwrap_or(today),
                root_cause: a.root_cause.trim().to_string(),
                remediation: a.remediation.clone(),
                response: a.response.trim().to_string(),
            };
            edit::log_exception(cat, wb, &a.control, &a.event, record)?;
            Ok(format!("{}: exception logged", a.event))
        }),
    };
    match result {
        Ok(line) => {
            if !line.is_empty() {
                output::print(&line);
            }
            Ok(EXIT_OK)
        }
        Err(code) => Ok(code),
    }
}

fn import(a: ImportArgs) -> Result<String, u8> {
    let map = Mapping {
        id: a.id_column.clone(),
        date: a.date_column.clone(),
        description: a.description_column.clone(),
        evidence: a.evidence_column.clone(),
        no_header: a.no_header,
    };
    let rows = population_csv::read(&a.csv, &map, a.attach).map_err(|errors| {
        for e in &errors {
            output::error(&format!("error: {e}"));
        }
        output::error(&format!(
            "{} row error(s); {} was not changed",
            errors.len(),
            a.path.display()
        ));
        EXIT_USAGE
    })?;
    let file = a.csv.display().to_string();
    let cat = catalog();
    edit_workbook(&a.path, |wb| {
        if !a.attach {
            let n = rows.len();
            let done = edit::import_events(
                cat,
                wb,
                &a.control,
                rows.into_iter().map(|r| r.event).collect(),
            )?;
            return Ok(format!(
                "{n} rows: {} added, {} got new evidence, {} already recorded",
                done.added, done.updated, done.unchanged
            ));
        }
        let pairs: Vec<(String, String)> = rows
            .iter()
            .map(|r| (r.event.id.clone(), r.event.evidence.concat()))
            .collect();
        let attached = edit::attach_evidence_many(cat, wb, &a.control, &pairs, |n| {
            let r = &rows[n];
            let (col, name) = r.id_column.clone().unwrap_or((0, "id".into()));
            EditError::Invalid(format!(
                "{file}: row {}, column {col} ({name}): no event \"{}\" in the population of {}",
                r.row, r.event.id, a.control
            ))
        })?;
        Ok(format!(
            "{} rows: {attached} references attached",
            rows.len()
        ))
    })
}

/// One event as a JSON object.
pub fn event_json(e: &Event, sampled: bool) -> serde_json::Value {
    serde_json::json!({
        "id": e.id,
        "date": e.date.to_string(),
        "description": e.description,
        "evidence": e.evidence,
        "result": e.result.label(),
        "sampled": sampled,
        "lacks": lacks(e),
        "exception": e.exception.as_ref().map(|x| serde_json::json!({
            "what_failed": x.what_failed,
            "found": x.found.to_string(),
            "root_cause": x.root_cause,
            "remediation": x.remediation,
            "response": x.response,
        })),
    })
}

fn load(path: &std::path::Path) -> Result<crate::model::Workbook, u8> {
    store::load(path)
        .map(|l| l.workbook)
        .map_err(|e| output::store_error(&e))
}

fn list(a: ListArgs, today: Date) -> anyhow::Result<u8> {
    let wb = match load(&a.path) {
        Ok(wb) => wb,
        Err(code) => return Ok(code),
    };
    let cat = catalog();
    let Some(control) = &a.control else {
        let pops = pop::populations(cat, &wb, today);
        match a.format {
            ListFormat::Json => output::print_json(&serde_json::Value::Array(
                pops.iter().map(super::status::population_json).collect(),
            ))?,
            ListFormat::Csv => {
                let mut out = Csv::new();
                out.record([
                    "control",
                    "criterion",
                    "cadence",
                    "population",
                    "tested",
                    "exceptions",
                    "sample_size",
                    "sample_ready",
                ]);
                for p in &pops {
                    out.record([
                        p.item.clone(),
                        p.criterion.clone(),
                        p.cadence.label().to_string(),
                        p.population.to_string(),
                        p.tested.to_string(),
                        p.exceptions.to_string(),
                        p.sample_size.to_string(),
                        p.sample_ready.to_string(),
                    ]);
                }
                output::print_export(&out.finish());
            }
            ListFormat::Text => {
                let mut lines = Vec::new();
                for p in pops.iter().filter(|p| p.population > 0 || p.sampled > 0) {
                    lines.push(super::status::population_line(p));
                }
                if lines.is_empty() {
                    lines
                        .push("No events recorded yet (`soc2 population import` or `add`).".into());
                }
                output::print(&lines.join("\n"));
            }
        }
        return Ok(EXIT_OK);
    };
    let id = match edit::population_control(cat, &wb, control) {
        Ok(id) => id,
        Err(e) => {
            output::error(&format!("error: {e}"));
            return Ok(EXIT_USAGE);
        }
    };
    let sample: Vec<String> = wb
        .populations
        .get(&id)
        .and_then(|p| p.sample.as_ref())
        .map(|s| s.events.clone())
        .unwrap_or_default();
    let events: Vec<_> = pop::events(&wb, &id)
        .into_iter()
        .filter(|e| a.result.is_none_or(|r| e.result == r))
        .collect();
    match a.format {
        ListFormat::Json => output::print_json(&serde_json::Value::Array(
            events
                .iter()
                .map(|e| event_json(e, sample.contains(&e.id)))
                .collect(),
        ))?,
        ListFormat::Csv => {
            let mut out = Csv::new();
            out.record([
                "id",
                "date",
                "description",
                "evidence",
                "result",
                "sampled",
                "what_failed",
                "remediation",
                "response",
            ]);
            for e in &events {
                let x = e.exception.as_ref();
                out.record([
                    e.id.clone(),
                    e.date.to_string(),
                    e.description.clone(),
                    e.evidence.join(" "),
                    e.result.label().to_string(),
                    sample.contains(&e.id).to_string(),
                    x.map(|x| x.what_failed.clone()).unwrap_or_default(),
                    x.and_then(|x| x.remediation.clone()).unwrap_or_default(),
                    x.map(|x| x.response.clone()).unwrap_or_default(),
                ]);
            }
            output::print_export(&out.finish());
        }
        ListFormat::Text => {
            let mut lines = vec![format!("{id}: {} events", events.len())];
            for e in &events {
                lines.push(event_line(e, sample.contains(&e.id)));
            }
            output::print(&lines.join("\n"));
        }
    }
    Ok(EXIT_OK)
}

/// One event on one line: date, id, result, what it lacks, its description.
pub fn event_line(e: &Event, sampled: bool) -> String {
    let missing = lacks(e);
    let lacking = if missing.is_empty() {
        "complete".to_string()
    } else {
        format!("lacks {}", missing.join(", "))
    };
    format!(
        "{} {} {:<9} {}{} · {lacking}{}",
        e.date,
        e.id,
        e.result.label(),
        if sampled { "[sampled] " } else { "" },
        e.description,
        e.exception
            .as_ref()
            .map(|x| format!("\n    exception: {}", x.what_failed))
            .unwrap_or_default()
    )
}

fn sizes_text(path: &std::path::Path) -> Result<String, u8> {
    let wb = load(path)?;
    let mut lines = vec![
        "Sample sizes (common practice, not an AICPA rule; the auditor's own where set):"
            .to_string(),
    ];
    for c in [
        Cadence::Annual,
        Cadence::SemiAnnual,
        Cadence::Quarterly,
        Cadence::Monthly,
        Cadence::Weekly,
        Cadence::Daily,
        Cadence::PerEvent,
    ] {
        let ours = wb.sample_sizes.get(&c);
        let drawn = if c == Cadence::PerEvent {
            "by population size".to_string()
        } else {
            format!("drawing {}", sample_size(&wb, c, usize::MAX))
        };
        lines.push(match ours {
            Some(n) => format!(
                "  {:<12} {n} (your auditor's number; common practice {})",
                c.label(),
                band_text(c)
            ),
            None => format!("  {:<12} {} ({drawn})", c.label(), band_text(c)),
        });
    }
    Ok(lines.join("\n"))
}

fn sizes(a: SizesArgs) -> anyhow::Result<u8> {
    match sizes_text(&a.path) {
        Ok(text) => {
            output::print(&text);
            Ok(EXIT_OK)
        }
        Err(code) => Ok(code),
    }
}
