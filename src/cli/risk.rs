//! `soc2 risk …`: the risk register from a script — add the starter set, add and rate
//! risks, link controls, accept, record the annual assessment and the changes that should
//! trigger the next one, list the register and print the risk–control matrix.

use std::path::PathBuf;

use clap::ValueEnum;
use serde_json::json;

use crate::analysis::risk::{self as rules, RiskFinding};
use crate::catalog::catalog;
use crate::catalog::risks::risk_vocabulary;
use crate::edit::{self, NewRisk, RiskField};
use crate::model::{Date, RiskAssessment, SignOff, Treatment, Workbook};
use crate::spreadsheet::Csv;
use crate::store;

use super::edit_file::edit_workbook;
use super::{EXIT_OK, EXIT_USAGE, output, parse_date};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: RiskCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum RiskCommand {
    /// Add the starter set of typical startup risks (existing ids are kept as they are).
    Init(PathArgs),
    /// Add a risk; its id is a slug of the title.
    Add(AddArgs),
    /// Change a risk: rating, residual, owner, treatment, controls, acceptance, text.
    Set(SetArgs),
    /// List the register (text, JSON or CSV).
    List(ListArgs),
    /// The risk–control matrix: each risk's controls, then each control's risks.
    Matrix(PathArgs),
    /// Record the (annual) risk assessment and its sign-off.
    Assess(AssessArgs),
    /// Changes that should trigger a reassessment.
    Trigger(TriggerArgs),
    /// The likelihood and impact scales, the bands, the appetite and the categories.
    Scale,
}

#[derive(Debug, clap::Args)]
pub struct PathArgs {
    /// The workbook.
    pub path: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The workbook.
    pub path: PathBuf,
    /// What could go wrong, in a line.
    pub title: String,
    /// A category id (`soc2 risk scale` lists them).
    #[arg(long)]
    pub category: String,
    /// 1 (rare) to 5 (almost certain).
    #[arg(long)]
    pub likelihood: u8,
    /// 1 (negligible) to 5 (severe).
    #[arg(long)]
    pub impact: u8,
    /// The owner's handle.
    #[arg(long)]
    pub owner: Option<String>,
    /// mitigate, accept, transfer or avoid.
    #[arg(long, value_parser = parse_treatment)]
    pub treatment: Option<Treatment>,
    /// A mitigating control id (repeat for more).
    #[arg(long = "control")]
    pub controls: Vec<String>,
    /// A longer description.
    #[arg(long, default_value = "")]
    pub description: String,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("change").required(true).multiple(true).args(
    ["field", "likelihood", "impact", "residual", "owner", "treatment", "control", "controls", "accept_by"]
)))]
pub struct SetArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The risk id (see `soc2 risk list`).
    pub id: String,
    /// A field to set: title, description, category, notes (with VALUE).
    #[arg(requires = "value", value_parser = ["title", "description", "category", "notes"])]
    pub field: Option<String>,
    /// The field's new value.
    pub value: Option<String>,
    #[arg(long)]
    pub likelihood: Option<u8>,
    #[arg(long)]
    pub impact: Option<u8>,
    /// Residual likelihood and impact after controls, `L,I` (`none` clears).
    #[arg(long)]
    pub residual: Option<String>,
    /// The owner's handle (`none` to clear).
    #[arg(long)]
    pub owner: Option<String>,
    /// mitigate, accept, transfer, avoid (`none` to clear).
    #[arg(long)]
    pub treatment: Option<String>,
    /// Link a control, or unlink it when already linked (repeat for more).
    #[arg(long)]
    pub control: Vec<String>,
    /// The whole list of mitigating controls, comma-separated (`none` clears).
    #[arg(long)]
    pub controls: Option<String>,
    /// Record the acceptance: the approver's handle (`none` clears).
    #[arg(long = "accept-by")]
    pub accept_by: Option<String>,
    /// The acceptance date (default today).
    #[arg(long = "accept-on", value_parser = parse_date, requires = "accept_by")]
    pub accept_on: Option<Date>,
}

/// How `risk list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The workbook.
    pub path: PathBuf,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    /// The workbook.
    pub path: PathBuf,
    /// When it was held (default today).
    #[arg(long, value_parser = parse_date)]
    pub on: Option<Date>,
    /// Who performed it.
    #[arg(long)]
    pub by: String,
    /// Who signed it off.
    #[arg(long = "signed-off-by")]
    pub signed_off_by: Option<String>,
    /// When it was signed off (default the assessment's date).
    #[arg(long, value_parser = parse_date, requires = "signed_off_by")]
    pub signed: Option<Date>,
    /// A short summary of the result.
    #[arg(long, default_value = "")]
    pub summary: String,
}

#[derive(Debug, clap::Args)]
pub struct TriggerArgs {
    #[command(subcommand)]
    pub command: TriggerCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum TriggerCommand {
    /// Record a change: `risk trigger add PATH KIND TEXT --on DATE`.
    Add(TriggerAddArgs),
}

#[derive(Debug, clap::Args)]
pub struct TriggerAddArgs {
    /// The workbook.
    pub path: PathBuf,
    /// new-product, new-subservice, incident, re-architecture, acquisition, new-region, other.
    pub kind: String,
    /// What changed.
    pub text: String,
    /// When (default today).
    #[arg(long, value_parser = parse_date)]
    pub on: Option<Date>,
}

fn parse_treatment(s: &str) -> Result<Treatment, String> {
    Treatment::parse(s).ok_or_else(|| "use mitigate, accept, transfer or avoid".to_string())
}

/// `L,I` (or `none`) as residual ratings.
fn parse_residual(s: &str) -> Result<Option<(u8, u8)>, String> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let (l, i) = s
        .split_once(',')
        .ok_or_else(|| format!("--residual {s}: write likelihood,impact (`2,3`) or none"))?;
    let n = |t: &str| {
        t.trim()
            .parse::<u8>()
            .map_err(|_| format!("--residual {s}: {t} is not a number from 1 to 5"))
    };
    Ok(Some((n(l)?, n(i)?)))
}

fn none_or(s: &str) -> Option<String> {
    (!s.trim().eq_ignore_ascii_case("none")).then(|| s.trim().to_string())
}

pub fn run(args: Args, today: Date) -> anyhow::Result<u8> {
    let v = risk_vocabulary();
    let cat = catalog();
    match args.command {
        RiskCommand::Init(a) => {
            let done = edit_workbook(&a.path, |wb| Ok(edit::add_starter_risks(cat, v, wb)));
            Ok(report(done, |added| {
                format!(
                    "{} starter risk{} added to {}; rate each for your system (`soc2 risk set`) and name owners",
                    added.len(),
                    if added.len() == 1 { "" } else { "s" },
                    a.path.display()
                )
            }))
        }
        RiskCommand::Add(a) => {
            let new = NewRisk {
                title: a.title,
                category: a.category,
                likelihood: a.likelihood,
                impact: a.impact,
                owner: a.owner,
                treatment: a.treatment,
                controls: a.controls,
                description: a.description,
            };
            let done = edit_workbook(&a.path, |wb| edit::add_risk(cat, v, wb, new));
            Ok(report(done, |id| format!("added risk {id}")))
        }
        RiskCommand::Set(a) => set(a, today),
        RiskCommand::List(a) => list(a, today),
        RiskCommand::Matrix(a) => matrix(a),
        RiskCommand::Assess(a) => {
            let date = a.on.unwrap_or(today);
            let assessment = RiskAssessment {
                date,
                by: a.by,
                signed_off: a.signed_off_by.map(|by| SignOff {
                    by,
                    date: a.signed.unwrap_or(date),
                }),
                summary: a.summary,
            };
            let done = edit_workbook(&a.path, |wb| edit::record_assessment(wb, assessment));
            Ok(report(done, |()| {
                format!("risk assessment of {date} recorded")
            }))
        }
        RiskCommand::Trigger(t) => match t.command {
            TriggerCommand::Add(a) => {
                let date = a.on.unwrap_or(today);
                let done = edit_workbook(&a.path, |wb| {
                    edit::add_trigger(v, wb, &a.kind, &a.text, date)
                });
                Ok(report(done, |()| {
                    format!(
                        "trigger recorded on {date}: the next `soc2 check` asks for a reassessment"
                    )
                }))
            }
        },
        RiskCommand::Scale => {
            output::print(&scale_text());
            Ok(EXIT_OK)
        }
    }
}

fn report<T>(done: Result<T, u8>, message: impl FnOnce(T) -> String) -> u8 {
    match done {
        Ok(v) => {
            output::print(&message(v));
            EXIT_OK
        }
        Err(code) => code,
    }
}

fn set(a: SetArgs, today: Date) -> anyhow::Result<u8> {
    let v = risk_vocabulary();
    let cat = catalog();
    let mut fields = Vec::new();
    if let (Some(field), Some(value)) = (&a.field, &a.value) {
        fields.push(match field.as_str() {
            "title" => RiskField::Title(value.clone()),
            "description" => RiskField::Description(value.clone()),
            "category" => RiskField::Category(value.clone()),
            _ => RiskField::Notes(value.clone()),
        });
    }
    if let Some(n) = a.likelihood {
        fields.push(RiskField::Likelihood(n));
    }
    if let Some(n) = a.impact {
        fields.push(RiskField::Impact(n));
    }
    if let Some(r) = &a.residual {
        match parse_residual(r) {
            Ok(r) => fields.push(RiskField::Residual(r)),
            Err(e) => {
                output::error(&format!("error: {e}; {} was not changed", a.path.display()));
                return Ok(EXIT_USAGE);
            }
        }
    }
    if let Some(o) = &a.owner {
        fields.push(RiskField::Owner(none_or(o)));
    }
    if let Some(t) = &a.treatment {
        let t = match none_or(t) {
            None => None,
            Some(t) => match Treatment::parse(&t) {
                Some(t) => Some(t),
                None => {
                    output::error(&format!(
                        "error: --treatment {t}: use mitigate, accept, transfer, avoid or none; {} was not changed",
                        a.path.display()
                    ));
                    return Ok(EXIT_USAGE);
                }
            },
        };
        fields.push(RiskField::Treatment(t));
    }
    if let Some(list) = &a.controls {
        let ids = none_or(list).map_or_else(Vec::new, |l| {
            l.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        });
        fields.push(RiskField::Controls(ids));
    }
    for c in &a.control {
        fields.push(RiskField::ToggleControl(c.clone()));
    }
    if let Some(by) = &a.accept_by {
        fields.push(RiskField::Acceptance(none_or(by).map(|by| SignOff {
            by,
            date: a.accept_on.unwrap_or(today),
        })));
    }
    let done = edit_workbook(&a.path, |wb| {
        for f in fields {
            edit::set_risk(cat, v, wb, &a.id, f)?;
        }
        Ok(())
    });
    Ok(report(done, |()| format!("{}: updated", a.id)))
}

/// The columns of the list, for every format.
const COLUMNS: [&str; 11] = [
    "id",
    "title",
    "category",
    "likelihood",
    "impact",
    "inherent",
    "residual",
    "treatment",
    "owner",
    "controls",
    "accepted",
];

fn cells(id: &str, r: &crate::model::Risk) -> [String; 11] {
    [
        id.to_string(),
        r.title.clone(),
        r.category.clone(),
        r.likelihood.to_string(),
        r.impact.to_string(),
        r.inherent().to_string(),
        r.residual().map_or_else(String::new, |n| n.to_string()),
        r.treatment.map_or("", Treatment::label).to_string(),
        r.owner.clone().unwrap_or_default(),
        r.controls.join(" "),
        r.acceptance
            .as_ref()
            .map_or_else(String::new, |a| format!("{} {}", a.by, a.date)),
    ]
}

fn list(a: ListArgs, today: Date) -> anyhow::Result<u8> {
    let loaded = match store::load(&a.path) {
        Ok(l) => l,
        Err(err) => return Ok(output::store_error(&err)),
    };
    let wb = &loaded.workbook;
    match a.format {
        ListFormat::Csv => {
            let mut csv = Csv::new();
            csv.record(COLUMNS);
            for (id, r) in &wb.risks {
                csv.record(cells(id, r));
            }
            output::print_export(&csv.finish());
        }
        ListFormat::Json => {
            let v = risk_vocabulary();
            let risks: Vec<serde_json::Value> = wb
                .risks
                .iter()
                .map(|(id, r)| {
                    json!({
                        "id": id,
                        "title": r.title,
                        "description": r.description,
                        "category": r.category,
                        "likelihood": r.likelihood,
                        "impact": r.impact,
                        "inherent": r.inherent(),
                        "residual_likelihood": r.residual_likelihood,
                        "residual_impact": r.residual_impact,
                        "residual": r.residual(),
                        "band": v.band(r.current()).id,
                        "treatment": r.treatment.map(Treatment::label),
                        "owner": r.owner,
                        "controls": r.controls,
                        "acceptance": r.acceptance.as_ref().map(|s| json!({"by": s.by, "date": s.date.to_string()})),
                        "notes": r.notes,
                    })
                })
                .collect();
            output::print_json(&json!({ "risks": risks, "status": status_json(wb, today) }))?;
        }
        ListFormat::Text => {
            if wb.risks.is_empty() {
                output::print(
                    "The register is empty: `soc2 risk init PATH` adds the starter set of typical risks.",
                );
                return Ok(EXIT_OK);
            }
            let mut lines = vec![format!(
                "{:<26} {:<15} {:>3} {:>3} {:<9} {:<10}",
                "Risk", "Category", "Inh", "Res", "Treatment", "Owner"
            )];
            for (id, r) in &wb.risks {
                lines.push(format!(
                    "{} {:<15} {:>3} {:>3} {:<9} {:<10}",
                    super::timeline::fit(id, 26),
                    r.category,
                    r.inherent(),
                    r.residual()
                        .map_or_else(|| "-".to_string(), |n| n.to_string()),
                    r.treatment.map_or("-", Treatment::label),
                    r.owner.as_deref().unwrap_or("-"),
                ));
            }
            lines.extend(status_text(wb, today));
            output::print(&lines.join("\n"));
        }
    }
    Ok(EXIT_OK)
}

fn matrix(a: PathArgs) -> anyhow::Result<u8> {
    let loaded = match store::load(&a.path) {
        Ok(l) => l,
        Err(err) => return Ok(output::store_error(&err)),
    };
    let wb = &loaded.workbook;
    let cat = catalog();
    let title = |c: &str| {
        cat.item(c)
            .map(|(_, i)| i.title.clone())
            .unwrap_or_else(|| "(not in the catalog)".to_string())
    };
    let mut lines = vec!["Risk → mitigating controls".to_string()];
    for (id, r) in &wb.risks {
        lines.push(format!("  {id} (inherent {}): {}", r.inherent(), r.title));
        if r.controls.is_empty() {
            lines.push("      (no control)".to_string());
        }
        for c in &r.controls {
            lines.push(format!("      {c}  {}", title(c)));
        }
    }
    lines.push(String::new());
    lines.push("Control → risks it mitigates".to_string());
    for (c, risks) in rules::control_to_risks(wb) {
        lines.push(format!("  {c}: {}", risks.join(", ")));
    }
    output::print(&lines.join("\n"));
    Ok(EXIT_OK)
}

fn scale_text() -> String {
    let v = risk_vocabulary();
    let mut lines = vec!["Likelihood:".to_string()];
    lines.extend(
        v.likelihood
            .iter()
            .map(|l| format!("  {} {}: {}", l.value, l.label, l.meaning)),
    );
    lines.push("Impact:".to_string());
    lines.extend(
        v.impact
            .iter()
            .map(|l| format!("  {} {}: {}", l.value, l.label, l.meaning)),
    );
    lines.push(format!(
        "Score = likelihood × impact. Bands (appetite {}: above it needs an acceptance):",
        v.appetite
    ));
    lines.extend(
        v.bands
            .iter()
            .map(|b| format!("  {} {} up to {}: {}", b.letter, b.id, b.max, b.meaning)),
    );
    lines.push("Categories:".to_string());
    lines.extend(
        v.categories
            .iter()
            .map(|c| format!("  {}: {}", c.id, c.meaning)),
    );
    lines.push("Reassessment trigger kinds:".to_string());
    lines.extend(
        v.trigger_kinds
            .iter()
            .map(|c| format!("  {}: {}", c.id, c.meaning)),
    );
    lines.join("\n")
}

fn finding_json(f: &RiskFinding, wb: &Workbook) -> serde_json::Value {
    let b = f.suggested_backlog(wb);
    json!({
        "kind": f.kind.id(),
        "risk": f.risk,
        "criterion": f.kind.criterion(),
        "message": f.message,
        "suggested_backlog": {"title": b.title, "criteria": b.criteria, "items": b.items},
    })
}

/// `status`'s `risks` key: counts by band, the heat maps, the assessment and the findings
/// (`null` when the workbook keeps no register).
pub fn status_json(wb: &Workbook, today: Date) -> serde_json::Value {
    if !rules::keeps_register(wb) {
        return serde_json::Value::Null;
    }
    let v = risk_vocabulary();
    let bands: serde_json::Map<String, serde_json::Value> = rules::band_counts(v, wb)
        .into_iter()
        .map(|(b, n)| (b.to_string(), json!(n)))
        .collect();
    let mark = rules::assessment_mark(wb, today);
    let latest = rules::latest_assessment(wb);
    json!({
        "total": wb.risks.len(),
        "appetite": v.appetite,
        "by_band": bands,
        "heat_map": {
            "rows": "likelihood 1..5",
            "columns": "impact 1..5",
            "inherent": rules::heat_map(wb, false),
            "residual": rules::heat_map(wb, true),
        },
        "assessment": {
            "latest": latest.map(|a| a.date.to_string()),
            "signed_off": latest.and_then(|a| a.signed_off.as_ref()).map(|s| json!({"by": s.by, "date": s.date.to_string()})),
            "rule": rules::rule(wb),
            "done": mark.is_some_and(|m| m.done),
            "date": mark.map(|m| m.date.to_string()),
            "latest_allowed": mark.map(|m| m.latest.to_string()),
        },
        "pending_triggers": rules::pending_triggers(v, wb).iter().map(|t| json!({"date": t.date.to_string(), "kind": t.kind, "text": t.text})).collect::<Vec<_>>(),
        "findings": rules::findings(catalog(), v, wb, today).iter().map(|f| finding_json(f, wb)).collect::<Vec<_>>(),
    })
}

/// `status`'s lines about the register (none when the workbook keeps none).
pub fn status_text(wb: &Workbook, today: Date) -> Vec<String> {
    if !rules::keeps_register(wb) {
        return Vec::new();
    }
    let v = risk_vocabulary();
    let bands: Vec<String> = rules::band_counts(v, wb)
        .into_iter()
        .map(|(b, n)| format!("{n} {b}"))
        .collect();
    let assessment = match rules::assessment_mark(wb, today) {
        Some(m) if m.done => format!("assessed {}", m.date),
        Some(m) if m.missed => format!("assessment missed (was due by {})", m.latest),
        Some(m) => format!("assessment planned {} (by {})", m.date, m.latest),
        None => String::new(),
    };
    let mut lines = vec![
        String::new(),
        format!(
            "Risks: {} in the register ({}); {assessment}",
            wb.risks.len(),
            bands.join(", ")
        ),
    ];
    for f in rules::findings(catalog(), v, wb, today) {
        lines.push(format!("  {}: {}", f.entity(), f.message));
    }
    lines
}
