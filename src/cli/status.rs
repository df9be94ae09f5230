//! `soc2 status`: the readiness summary, for people (text) and scripts (JSON).

use std::path::PathBuf;

use serde_json::json;

use crate::analysis::coverage::{coverage, operating_misses};
use crate::analysis::population::{ControlPopulation, populations};
use crate::analysis::readiness::{Counts, implemented_without_evidence, summary};
use crate::catalog::catalog;
use crate::catalog::scoping::{Advisory, derive, questionnaire};
use crate::model::{Date, ReportType};
use crate::store;

use super::{EXIT_OK, Format, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workbook to summarize.
    pub path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// A fixed-width bar such as `[██████░░░░]`.
pub fn bar(percent: u8, width: usize) -> String {
    let filled = usize::from(percent.min(100)) * width / 100;
    format!("[{}{}]", "█".repeat(filled), "░".repeat(width - filled))
}

fn counts_line(label: &str, c: &Counts) -> String {
    format!(
        "  {label:<21} {} {:>3}%  {}/{} implemented",
        bar(c.percent(), 20),
        c.percent(),
        c.implemented,
        c.applicable()
    )
}

/// The scoping advice as `{id, title, reason, text}` objects, for scripts.
fn advisories_json(advice: &[Advisory]) -> Vec<serde_json::Value> {
    advice
        .iter()
        .map(|a| json!({"id": a.id, "title": a.title, "reason": a.reason, "text": a.text}))
        .collect()
}

/// "Advice: HITRUST (your customers are hospitals, …)", one line each, after a blank line.
fn advisories_text(advice: &[Advisory]) -> Vec<String> {
    if advice.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![String::new(), format!("Advice ({}):", advice.len())];
    lines.extend(
        advice
            .iter()
            .map(|a| format!("  {}: {}", a.title, a.reason)),
    );
    lines
}

pub fn run(args: Args, today: Date) -> anyhow::Result<u8> {
    // Only the model is needed: the text is never held whole (half the peak memory).
    let loaded = match store::load_model(&args.path) {
        Ok(wb) => wb,
        Err(err) => return Ok(output::store_error(&err)),
    };
    let wb = &loaded;
    let cat = catalog();
    let s = summary(cat, wb, today);
    let cov = coverage(cat, wb, today);
    let pops = populations(cat, wb, today);
    let operating = crate::analysis::population::operating_percent(&cov, &pops, today);
    let misses = operating_misses(&cov);
    let unevidenced = implemented_without_evidence(cat, wb);
    let advice = derive(questionnaire(), &wb.scope.answers).advisories;
    match args.format {
        Format::Json => {
            let value = json!({
                "organization": s.organization,
                "report_type": s.report_type.label(),
                "observation_months": wb.scope.observation_months.filter(|_| s.report_type == ReportType::TypeII),
                "categories_in_scope": s.categories_in_scope.iter().map(|c| c.label()).collect::<Vec<_>>(),
                "criteria_in_scope": s.criteria_in_scope,
                "items_total": s.design.overall.total,
                "items_implemented": s.design.overall.implemented,
                "items_in_progress": s.design.overall.in_progress,
                "items_not_started": s.design.overall.not_started,
                "items_not_applicable": s.design.overall.not_applicable,
                "readiness_percent": s.design.overall.percent(),
                "operating_percent": operating,
                "operating_misses": misses.iter().map(|m| json!({
                    "criterion": m.criterion,
                    "item": m.item,
                    "title": m.title,
                    "cadence": m.cadence.label(),
                    "start": m.start.to_string(),
                    "end": m.end.to_string(),
                    "periods": m.periods,
                })).collect::<Vec<_>>(),
                "items_implemented_without_evidence": s.design.overall.unevidenced,
                "implemented_without_evidence": unevidenced.iter().map(|u| json!({
                    "criterion": u.criterion,
                    "item": u.item,
                    "title": u.title,
                })).collect::<Vec<_>>(),
                "by_category": s.design.by_category.iter().map(|(c, n)| json!({
                    "category": c.label(),
                    "items_total": n.total,
                    "items_implemented": n.implemented,
                    "items_not_applicable": n.not_applicable,
                    "readiness_percent": n.percent(),
                })).collect::<Vec<_>>(),
                "backlog_open": s.backlog_open,
                "backlog_overdue": s.backlog_overdue,
                "next_milestone": s.next_milestone.map(|m| json!({
                    "name": m.name,
                    "start": m.start.to_string(),
                    "end": m.end.to_string(),
                })),
                "advisories": advisories_json(&advice),
                "populations": pops.iter().map(population_json).collect::<Vec<_>>(),
                "exceptions": exceptions_json(wb),
            });
            let mut value = value;
            let (policies, people) = super::policy::status_json(&args.path, wb, today);
            value["policies"] = policies;
            value["people"] = people;
            let reviews = crate::analysis::vendor::review(cat, wb, today);
            value["vendors"] = reviews
                .iter()
                .map(|r| super::vendor::vendor_json(r, today))
                .collect::<Vec<_>>()
                .into();
            value["vendor_findings"] = reviews
                .iter()
                .map(|r| r.findings.len())
                .sum::<usize>()
                .into();
            value["cuec_gaps"] = crate::analysis::vendor::checklist_gaps(cat, wb, today)
                .iter()
                .map(|(vendor, f)| json!({"vendor": vendor, "message": f.message(), "item": match &f.kind {
                    crate::analysis::vendor::FindingKind::CuecControlNotDone { criterion, control, .. } => json!({"criterion": criterion, "item": control}),
                    _ => serde_json::Value::Null,
                }}))
                .collect::<Vec<_>>()
                .into();
            value["risks"] = super::risk::status_json(wb, today);
            value["requests"] = super::requests::requests_json(wb);
            output::print_json(&value)?;
        }
        Format::Text => {
            let window = match (wb.scope.report_type, wb.scope.observation_months) {
                (ReportType::TypeII, Some(m)) => format!(" with a {m}-month window"),
                _ => String::new(),
            };
            let system = if wb.organization.system.is_empty()
                || wb.organization.system == wb.organization.name
            {
                String::new()
            } else {
                format!(" · {}", wb.organization.system)
            };
            let mut lines = vec![
                format!(
                    "{}{system}: SOC 2 {}{window}",
                    s.organization,
                    s.report_type.label()
                ),
                format!(
                    "In scope: {} ({} criteria)",
                    s.categories_in_scope
                        .iter()
                        .map(|c| c.label())
                        .collect::<Vec<_>>()
                        .join(", "),
                    s.criteria_in_scope
                ),
                String::new(),
                format!(
                    "Design readiness {}%: {} of {} applicable items implemented, {} in progress, {} not started, {} N/A",
                    s.design.overall.percent(),
                    s.design.overall.implemented,
                    s.design.overall.applicable(),
                    s.design.overall.in_progress,
                    s.design.overall.not_started,
                    s.design.overall.not_applicable
                ),
            ];
            lines.extend(
                s.design
                    .by_category
                    .iter()
                    .map(|(c, n)| counts_line(c.label(), n)),
            );
            if !unevidenced.is_empty() {
                lines.push(format!(
                    "Implemented without evidence ({}), not counted until proof is recorded:",
                    unevidenced.len()
                ));
                lines.extend(
                    unevidenced
                        .iter()
                        .map(|u| format!("  {} {} · {}", u.criterion, u.item, u.title)),
                );
            }
            lines.push(match operating {
                Some(p) => format!("Operating readiness {p}%: each recurring control's periods performed so far in the window"),
                None => "Operating readiness: the observation window has not started".to_string(),
            });
            if !misses.is_empty() {
                lines.push(format!("Missed periods ({}):", misses.len()));
                lines.extend(misses.iter().map(|m| {
                    format!(
                        "  {} {} ({}): {} → {}",
                        m.criterion,
                        m.title,
                        m.cadence.label(),
                        m.start,
                        m.end
                    )
                }));
            }
            lines.extend(populations_text(&pops));
            lines.push(String::new());
            lines.push(format!(
                "Backlog: {} open, {} overdue",
                s.backlog_open, s.backlog_overdue
            ));
            lines.push(match s.next_milestone {
                Some(m) => format!(
                    "Next milestone: {} ({} → {}, {} days left)",
                    m.name,
                    m.start,
                    m.end,
                    today.days_until(m.end).max(0)
                ),
                None => "Next milestone: none planned".to_string(),
            });
            lines.extend(advisories_text(&advice));
            lines.extend(super::policy::status_text(&args.path, wb, today));
            lines.extend(vendors_text(cat, wb, today));
            lines.extend(super::risk::status_text(wb, today));
            lines.extend(requests_text(wb, today));
            output::print(&lines.join("\n"));
        }
    }
    Ok(EXIT_OK)
}

/// The vendor register's findings: one line per finding, after a blank line.
fn vendors_text(
    cat: &crate::catalog::Catalog,
    wb: &crate::model::Workbook,
    today: Date,
) -> Vec<String> {
    if wb.vendors.is_empty() {
        return Vec::new();
    }
    let reviews = crate::analysis::vendor::review(cat, wb, today);
    let total: usize = reviews.iter().map(|r| r.findings.len()).sum();
    let subservices = reviews
        .iter()
        .filter(|r| r.vendor.subservice.is_some())
        .count();
    let mut lines = vec![
        String::new(),
        format!(
            "Vendors: {} ({subservices} subservice organizations), {total} finding{}",
            reviews.len(),
            if total == 1 { "" } else { "s" }
        ),
    ];
    for r in &reviews {
        for f in &r.findings {
            lines.push(format!("  {}: {}", r.vendor.name, f.message()));
        }
    }
    lines
}

/// One control's population figures, for scripts (`soc2 status --format json`).
pub fn population_json(p: &ControlPopulation) -> serde_json::Value {
    json!({
        "criterion": p.criterion,
        "item": p.item,
        "title": p.title,
        "cadence": p.cadence.label(),
        "population": p.population,
        "tested": p.tested,
        "passed": p.passed,
        "exceptions": p.exceptions,
        "with_evidence": p.with_evidence,
        "sample_size": p.sample_size,
        "sampled": p.sampled,
        "sample_ready": p.sample_ready,
    })
}

/// Every logged exception, in the words the report will carry.
fn exceptions_json(wb: &crate::model::Workbook) -> Vec<serde_json::Value> {
    wb.populations
        .iter()
        .flat_map(|(control, p)| p.events.iter().map(move |e| (control, e)))
        .filter_map(|(control, e)| {
            let x = e.exception.as_ref()?;
            Some(json!({
                "control": control,
                "event": e.id,
                "date": e.date.to_string(),
                "what_failed": x.what_failed,
                "found": x.found.to_string(),
                "root_cause": x.root_cause,
                "remediation": x.remediation,
                "response": x.response,
            }))
        })
        .collect()
}

/// One control's population on one line.
pub fn population_line(p: &ControlPopulation) -> String {
    format!(
        "  {} {} ({}): {} events, {} tested, {} exceptions, sample {}{}",
        p.criterion,
        p.item,
        p.cadence.label(),
        p.population,
        p.tested,
        p.exceptions,
        p.sample_size,
        if p.sample_ready { ", sample-ready" } else { "" }
    )
}

/// The populations section: controls with events, then how many have none yet.
fn populations_text(pops: &[ControlPopulation]) -> Vec<String> {
    let with: Vec<&ControlPopulation> = pops.iter().filter(|p| p.population > 0).collect();
    let mut lines = vec![format!(
        "Populations: {} of {} per-event, daily and weekly controls have events",
        with.len(),
        pops.len()
    )];
    lines.extend(with.iter().map(|p| population_line(p)));
    lines
}

/// The auditor's requests: how many are still open or overdue, then each open one.
fn requests_text(wb: &crate::model::Workbook, today: Date) -> Vec<String> {
    if wb.requests.is_empty() {
        return Vec::new();
    }
    let open: Vec<_> = wb
        .requests
        .iter()
        .filter(|(_, r)| r.status.is_open())
        .collect();
    let overdue = open
        .iter()
        .filter(|(_, r)| r.due.is_some_and(|d| d < today))
        .count();
    let mut lines = vec![
        String::new(),
        format!(
            "Auditor requests: {} of {} open, {overdue} overdue",
            open.len(),
            wb.requests.len()
        ),
    ];
    lines.extend(
        open.iter()
            .map(|(id, r)| super::requests::request_line(id, r)),
    );
    lines
}
