//! `soc2 vendor …`: the vendor register from a script — add and set vendors, record SOC
//! report reviews, bridge letters, exceptions, CSOCs and CUECs, and list the register
//! with each vendor's findings (text, JSON or CSV).
//!
//! Why a command line: a vendor review is often done from a ticket or a script that
//! fetched the report, and the same checks as the app's Vendors view apply (the edits
//! go through `edit::vendor`).

use std::path::PathBuf;

use clap::ValueEnum;
use serde_json::json;

use crate::analysis::vendor::{VendorReview, last_reviewed, review};
use crate::catalog::catalog;
use crate::edit::{self, EditError, VendorChange};
use crate::model::{
    Date, DateRange, MappedControl, Opinion, ReportException, ReportKind, SocReport,
    SubserviceMethod, Tier, VendorBridgeLetter, Workbook,
};
use crate::spreadsheet::Csv;
use crate::store;

use super::edit_file::edit_workbook;
use super::{EXIT_OK, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: VendorCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum VendorCommand {
    /// Add a vendor to the register (its id is the slug of its name).
    Add(AddArgs),
    /// Set one field of a vendor: name, service, data, tier, subservice, contract, dpa,
    /// baa, production-access, owner, next-review, due-diligence.
    Set(SetArgs),
    /// Remove a vendor from the register.
    Remove(IdArgs),
    /// The register with each vendor's tier, latest report and findings.
    List(ListArgs),
    /// Add the subservice organizations the scoping answers suggest (cloud, identity…).
    Suggest(PathArgs),
    /// A SOC report of the vendor's we reviewed.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// A bridge letter extending the latest report past its period.
    Bridge {
        #[command(subcommand)]
        command: BridgeCommand,
    },
    /// A complementary user entity control the vendor's report expects of us.
    Cuec {
        #[command(subcommand)]
        command: MappedCommand,
    },
    /// A complementary subservice organization control we rely on the vendor for.
    Csoc {
        #[command(subcommand)]
        command: MappedCommand,
    },
    /// An exception noted in a vendor's report, with our response.
    Exception {
        #[command(subcommand)]
        command: ExceptionCommand,
    },
}

#[derive(Debug, clap::Args)]
pub struct PathArgs {
    /// The workbook.
    pub path: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct IdArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The vendor's id (see `soc2 vendor list`).
    pub id: String,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The vendor's name, such as "Amazon Web Services".
    pub name: String,
    /// What they do for you.
    #[arg(long, default_value = "")]
    pub service: String,
    /// The tier to record (critical, high, low); left out, the rule suggests one.
    #[arg(long, value_parser = parse_tier)]
    pub tier: Option<Tier>,
    /// A subservice organization of the system: carve-out or inclusive.
    #[arg(long, value_parser = parse_method)]
    pub subservice: Option<SubserviceMethod>,
    /// The team member who manages the vendor.
    #[arg(long)]
    pub owner: Option<String>,
    /// A data type or class they touch; repeatable.
    #[arg(long)]
    pub data: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The vendor's id.
    pub id: String,
    /// The field: name, service, data, tier, subservice, contract, dpa, baa,
    /// production-access, owner, next-review, due-diligence.
    pub field: String,
    /// The value; `none` clears an owner, a date, a tier (back to the rule) or makes a
    /// subservice organization an ordinary vendor; yes/no for the flags; data is
    /// comma-separated.
    pub value: String,
}

/// How `vendor list` prints.
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

#[derive(Debug, clap::Subcommand)]
pub enum ReportCommand {
    /// Record a report: its type, period and opinion, and who reviewed it when.
    Add(ReportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The vendor's id.
    pub id: String,
    /// SOC 2 Type II (default), SOC 2 Type I, SOC 1 Type II, SOC 1 Type I, SOC 3, ISO 27001.
    #[arg(long = "type", value_parser = parse_kind, default_value = "soc2-type2")]
    pub kind: ReportKind,
    /// The first day the report covers.
    #[arg(long, value_parser = super::parse_date)]
    pub from: Date,
    /// The last day the report covers.
    #[arg(long, value_parser = super::parse_date)]
    pub to: Date,
    /// unqualified, qualified, adverse or disclaimer.
    #[arg(long, value_parser = parse_opinion)]
    pub opinion: Option<Opinion>,
    /// When we reviewed it.
    #[arg(long, value_parser = super::parse_date)]
    pub reviewed: Option<Date>,
    /// Who reviewed it (a team handle).
    #[arg(long)]
    pub by: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
pub enum BridgeCommand {
    /// Record a bridge letter: when it was issued and the last day it speaks for.
    Add(BridgeArgs),
}

#[derive(Debug, clap::Args)]
pub struct BridgeArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The vendor's id.
    pub id: String,
    #[arg(long, value_parser = super::parse_date)]
    pub issued: Date,
    #[arg(long, value_parser = super::parse_date)]
    pub through: Date,
}

#[derive(Debug, clap::Subcommand)]
pub enum MappedCommand {
    /// Record it in the report's words, mapped to our controls.
    Add(MappedArgs),
}

#[derive(Debug, clap::Args)]
pub struct MappedArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The vendor's id.
    pub id: String,
    /// The control as the report words it.
    pub text: String,
    /// Our checklist item it maps to (see `soc2 catalog`); repeatable.
    #[arg(long)]
    pub control: Vec<String>,
}

#[derive(Debug, clap::Subcommand)]
pub enum ExceptionCommand {
    /// Record an exception of a report with our response.
    Add(ExceptionArgs),
}

#[derive(Debug, clap::Args)]
pub struct ExceptionArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The vendor's id.
    pub id: String,
    /// The exception as the report words it.
    pub text: String,
    /// Our response (a compensating control, an accepted risk); left out, it is open.
    #[arg(long, default_value = "")]
    pub response: String,
    /// The report's period start (YYYY-MM-DD); left out, the latest report.
    #[arg(long, value_parser = super::parse_date)]
    pub report: Option<Date>,
}

fn parse_tier(s: &str) -> Result<Tier, String> {
    Tier::parse(s).ok_or_else(|| format!("\"{s}\" is not a tier; use critical, high or low"))
}

fn parse_method(s: &str) -> Result<SubserviceMethod, String> {
    match s.to_ascii_lowercase().replace(['_', ' '], "-").as_str() {
        "carve-out" | "carveout" => Ok(SubserviceMethod::CarveOut),
        "inclusive" => Ok(SubserviceMethod::Inclusive),
        _ => Err(format!(
            "\"{s}\" is not a method; use carve-out or inclusive"
        )),
    }
}

fn parse_kind(s: &str) -> Result<ReportKind, String> {
    ReportKind::parse(s).ok_or_else(|| {
        format!("\"{s}\" is not a report type; use soc2-type2, soc2-type1, soc1-type2, soc1-type1, soc3 or iso27001")
    })
}

fn parse_opinion(s: &str) -> Result<Opinion, String> {
    Opinion::parse(s).ok_or_else(|| {
        format!("\"{s}\" is not an opinion; use unqualified, qualified, adverse or disclaimer")
    })
}

fn invalid(message: String) -> EditError {
    EditError::Invalid(message)
}

fn yes_no(field: &str, value: &str) -> Result<bool, EditError> {
    match value.to_ascii_lowercase().as_str() {
        "yes" | "true" | "y" => Ok(true),
        "no" | "false" | "n" | "none" => Ok(false),
        _ => Err(invalid(format!("{field} is yes or no, not \"{value}\""))),
    }
}

fn date_or_none(field: &str, value: &str) -> Result<Option<Date>, EditError> {
    if value.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    value
        .parse::<Date>()
        .map(Some)
        .map_err(|e| invalid(format!("{field}: {e} (or `none` to clear it)")))
}

/// The change `vendor set ID FIELD VALUE` asks for.
fn set_change(field: &str, value: &str) -> Result<VendorChange, EditError> {
    let none = value.eq_ignore_ascii_case("none");
    Ok(match field.replace('_', "-").as_str() {
        "name" => VendorChange::Name(value.into()),
        "service" => VendorChange::Service(value.into()),
        "data" => VendorChange::Data(value.split(',').map(str::to_string).collect()),
        "tier" if none || value.eq_ignore_ascii_case("rule") => VendorChange::Tier(None),
        "tier" => VendorChange::Tier(Some(parse_tier(value).map_err(invalid)?)),
        "subservice" if none => VendorChange::Subservice(None),
        "subservice" => VendorChange::Subservice(Some(parse_method(value).map_err(invalid)?)),
        "contract" => VendorChange::Contract(yes_no(field, value)?),
        "dpa" => VendorChange::Dpa(yes_no(field, value)?),
        "baa" => VendorChange::Baa(yes_no(field, value)?),
        "production-access" => VendorChange::ProductionAccess(yes_no(field, value)?),
        "owner" => VendorChange::Owner((!none).then(|| value.to_string())),
        "next-review" => VendorChange::NextReview(date_or_none(field, value)?),
        "due-diligence" => VendorChange::DueDiligence(date_or_none(field, value)?),
        _ => {
            return Err(invalid(format!(
                "no vendor field \"{field}\"; use name, service, data, tier, subservice, contract, dpa, baa, production-access, owner, next-review or due-diligence"
            )));
        }
    })
}

/// The position of the report starting on `start`, or of the latest one.
fn report_index(wb: &Workbook, id: &str, start: Option<Date>) -> Result<usize, EditError> {
    let v = wb
        .vendors
        .get(id)
        .ok_or_else(|| edit::unknown_vendor(wb, id))?;
    let found = match start {
        Some(s) => v
            .reports
            .iter()
            .position(|r| r.period.is_some_and(|p| p.start == s)),
        None => v
            .latest_report()
            .and_then(|l| v.reports.iter().position(|r| std::ptr::eq(r, l))),
    };
    found.ok_or_else(|| {
        invalid(match start {
            Some(s) => format!("{id} has no report whose period starts {s}"),
            None => format!("{id} has no report yet; add one with `soc2 vendor report add`"),
        })
    })
}

/// Runs one edit and prints `done` when it is saved.
fn edit(
    path: &std::path::Path,
    done: String,
    apply: impl FnOnce(&mut Workbook) -> Result<(), EditError>,
) -> u8 {
    match edit_workbook(path, apply) {
        Ok(()) => {
            output::print(&done);
            EXIT_OK
        }
        Err(code) => code,
    }
}

pub fn run(args: Args, today: Date) -> anyhow::Result<u8> {
    let cat = catalog();
    Ok(match args.command {
        VendorCommand::Add(a) => {
            let mut id = String::new();
            let code = match edit_workbook(&a.path, |wb| {
                id = edit::add_vendor(wb, &a.name, &a.service, a.subservice)?;
                if a.tier.is_some() {
                    edit::update_vendor(cat, wb, &id, VendorChange::Tier(a.tier))?;
                }
                if a.owner.is_some() {
                    edit::update_vendor(cat, wb, &id, VendorChange::Owner(a.owner.clone()))?;
                }
                if !a.data.is_empty() {
                    edit::update_vendor(cat, wb, &id, VendorChange::Data(a.data.clone()))?;
                }
                Ok(())
            }) {
                Ok(()) => EXIT_OK,
                Err(code) => code,
            };
            if code == EXIT_OK {
                output::print(&format!("{} added as {id}", a.name.trim()));
            }
            code
        }
        VendorCommand::Set(a) => edit(&a.path, format!("{}: {} set", a.id, a.field), |wb| {
            let change = set_change(&a.field, &a.value)?;
            edit::update_vendor(cat, wb, &a.id, change)
        }),
        VendorCommand::Remove(a) => edit(&a.path, format!("{} removed", a.id), |wb| {
            edit::remove_vendor(wb, &a.id).map(|_| ())
        }),
        VendorCommand::Suggest(a) => {
            let mut added = Vec::new();
            let code = match edit_workbook(&a.path, |wb| {
                added = edit::vendors_from_scoping(wb);
                Ok(())
            }) {
                Ok(()) => EXIT_OK,
                Err(code) => code,
            };
            if code == EXIT_OK {
                output::print(&if added.is_empty() {
                    "every subservice organization the scoping answers suggest is already in the register".to_string()
                } else {
                    format!("added as subservice organizations: {}", added.join(", "))
                });
            }
            code
        }
        VendorCommand::Report {
            command: ReportCommand::Add(a),
        } => {
            let report = SocReport {
                kind: a.kind,
                period: Some(DateRange {
                    start: a.from,
                    end: a.to,
                }),
                opinion: a.opinion,
                reviewed: a.reviewed,
                reviewed_by: a.by.clone(),
                exceptions: Vec::new(),
            };
            edit(
                &a.path,
                format!(
                    "{}: {} {} to {} recorded",
                    a.id,
                    a.kind.label(),
                    a.from,
                    a.to
                ),
                |wb| edit::update_vendor(cat, wb, &a.id, VendorChange::AddReport(report)),
            )
        }
        VendorCommand::Bridge {
            command: BridgeCommand::Add(a),
        } => edit(
            &a.path,
            format!("{}: bridge letter through {} recorded", a.id, a.through),
            |wb| {
                let letter = VendorBridgeLetter {
                    issued: a.issued,
                    through: a.through,
                };
                edit::update_vendor(cat, wb, &a.id, VendorChange::AddBridgeLetter(letter))
            },
        ),
        VendorCommand::Cuec {
            command: MappedCommand::Add(a),
        } => mapped(a, true),
        VendorCommand::Csoc {
            command: MappedCommand::Add(a),
        } => mapped(a, false),
        VendorCommand::Exception {
            command: ExceptionCommand::Add(a),
        } => edit(&a.path, format!("{}: exception recorded", a.id), |wb| {
            let i = report_index(wb, &a.id, a.report)?;
            let e = ReportException {
                text: a.text.clone(),
                response: a.response.clone(),
            };
            edit::update_vendor(cat, wb, &a.id, VendorChange::AddException(i, e))
        }),
        VendorCommand::List(a) => {
            let wb = match store::load_model(&a.path) {
                Ok(wb) => wb,
                Err(err) => return Ok(output::store_error(&err)),
            };
            let reviews = review(cat, &wb, today);
            match a.format {
                ListFormat::Json => output::print_json(&json!({
                    "vendors": reviews.iter().map(|r| vendor_json(r, today)).collect::<Vec<_>>(),
                }))?,
                ListFormat::Csv => output::print_export(&csv(&reviews, today)),
                ListFormat::Text => output::print(&text(&reviews, today)),
            }
            EXIT_OK
        }
    })
}

fn mapped(a: MappedArgs, cuec: bool) -> u8 {
    let what = if cuec { "CUEC" } else { "CSOC" };
    edit(&a.path, format!("{}: {what} recorded", a.id), |wb| {
        let m = MappedControl {
            text: a.text.clone(),
            controls: a.control.clone(),
        };
        let change = if cuec {
            VendorChange::AddCuec(m)
        } else {
            VendorChange::AddCsoc(m)
        };
        edit::update_vendor(catalog(), wb, &a.id, change)
    })
}

/// Days since a date, for "reviewed 17 days ago".
fn age(d: Option<Date>, today: Date) -> Option<i64> {
    d.map(|d| d.days_until(today))
}

/// One vendor with its findings, for scripts (`vendor list`, `status --format json`).
pub fn vendor_json(r: &VendorReview<'_>, today: Date) -> serde_json::Value {
    let v = r.vendor;
    let period = v.report_period();
    json!({
        "id": r.id,
        "name": v.name,
        "service": v.service,
        "tier": r.tier.label(),
        "tier_by_rule": r.suggested.0.label(),
        "tier_rule": r.suggested.1,
        "subservice": v.subservice.map(|m| m.label()),
        "owner": v.owner,
        "latest_report": period.map(|p| json!({"start": p.start.to_string(), "end": p.end.to_string()})),
        "covered_through": r.covered_through().map(|d| d.to_string()),
        "last_reviewed": last_reviewed(v).map(|d| d.to_string()),
        "review_age_days": age(last_reviewed(v), today),
        "next_review": v.next_review.map(|d| d.to_string()),
        "findings_count": r.findings.len(),
        "findings": r.findings.iter().map(|f| {
            let (title, criteria, items) = f.suggestion(&v.name);
            json!({
                "code": f.code(),
                "message": f.message(),
                "suggested_backlog": {"title": title, "criteria": criteria, "items": items},
            })
        }).collect::<Vec<_>>(),
    })
}

fn csv(reviews: &[VendorReview<'_>], today: Date) -> String {
    let mut out = Csv::new();
    out.record([
        "id",
        "name",
        "service",
        "tier",
        "subservice",
        "owner",
        "report_start",
        "report_end",
        "last_reviewed",
        "review_age_days",
        "next_review",
        "findings",
    ]);
    let show = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    for r in reviews {
        let v = r.vendor;
        let p = v.report_period();
        out.record([
            r.id.to_string(),
            v.name.clone(),
            v.service.clone(),
            r.tier.label().to_string(),
            v.subservice.map(|m| m.label()).unwrap_or("").to_string(),
            v.owner.clone().unwrap_or_default(),
            show(p.map(|p| p.start)),
            show(p.map(|p| p.end)),
            show(last_reviewed(v)),
            age(last_reviewed(v), today)
                .map(|a| a.to_string())
                .unwrap_or_default(),
            show(v.next_review),
            r.findings.len().to_string(),
        ]);
    }
    out.finish()
}

/// The register as lines: one per vendor, its findings below it.
pub fn text(reviews: &[VendorReview<'_>], today: Date) -> String {
    if reviews.is_empty() {
        return "no vendors yet; add one with `soc2 vendor add PATH NAME --service …` or `soc2 vendor suggest PATH`".into();
    }
    let mut lines = Vec::new();
    for r in reviews {
        let v = r.vendor;
        let method = v.subservice.map_or("vendor".to_string(), |m| {
            format!("subservice, {}", m.label())
        });
        let report = v.report_period().map_or("no report".to_string(), |p| {
            format!("report {} to {}", p.start, p.end)
        });
        let reviewed = match age(last_reviewed(v), today) {
            Some(days) => format!("reviewed {days} days ago"),
            None => "not reviewed".into(),
        };
        let rule = if v.tier.is_some() && r.suggested.0 != r.tier {
            format!(
                " (the rule suggests {}: {})",
                r.suggested.0.label(),
                r.suggested.1
            )
        } else {
            String::new()
        };
        lines.push(format!(
            "{} {} · {}{rule} · {method} · {report} · {reviewed} · {} finding{}",
            r.id,
            v.name,
            r.tier.label(),
            r.findings.len(),
            if r.findings.len() == 1 { "" } else { "s" }
        ));
        for f in &r.findings {
            lines.push(format!("  - {}", f.message()));
        }
    }
    lines.join("\n")
}
