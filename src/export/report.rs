//! The readiness report, as Markdown and as one self-contained HTML page: design and
//! operating readiness per category with what is behind each figure, open gaps, the
//! backlog, the plan and coverage, advisories.
//!
//! Why the status functions: the report's figures must be the numbers `soc2 status` prints
//! for the same day, so both call the same analysis (readiness, coverage, populations).

use crate::analysis::coverage::{ControlCoverage, OperatingMiss, coverage, operating_misses};
use crate::analysis::population::{ControlPopulation, operating_percent, populations};
use crate::analysis::readiness::{
    Summary, Unevidenced, criteria_in_scope, implemented_without_evidence, is_overdue, items_of,
    summary,
};
use crate::catalog::scoping::{Advisory, derive, questionnaire};
use crate::model::{ItemStatus, ReportType};

use super::Input;
use super::svg::{bars, coverage_grid, esc, timeline};

/// An applicable item that is not implemented yet: what the auditor would find missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    pub criterion: String,
    pub item: String,
    pub title: String,
    pub status: ItemStatus,
}

/// Every figure of the report, computed once.
#[derive(Clone, Debug)]
pub struct Figures<'a> {
    pub summary: Summary<'a>,
    pub coverage: Vec<ControlCoverage>,
    pub populations: Vec<ControlPopulation>,
    pub operating: Option<u8>,
    pub misses: Vec<OperatingMiss>,
    pub unevidenced: Vec<Unevidenced>,
    pub advice: Vec<Advisory>,
    pub gaps: Vec<Gap>,
}

/// The figures as of the package's date (the numbers `soc2 status` prints that day).
pub fn figures<'a>(input: &Input<'a>) -> Figures<'a> {
    let (cat, wb, today) = (input.catalog, input.workbook, input.as_of);
    let cov = coverage(cat, wb, today);
    let pops = populations(cat, wb, today);
    let mut gaps = Vec::new();
    for criterion in criteria_in_scope(cat, wb) {
        for item in items_of(criterion, wb).into_iter().filter(|i| !i.elsewhere) {
            if item.counts()
                && matches!(
                    item.status(),
                    ItemStatus::NotStarted | ItemStatus::InProgress
                )
            {
                gaps.push(Gap {
                    criterion: criterion.id.clone(),
                    item: item.id.to_string(),
                    title: item.shown_title(),
                    status: item.status(),
                });
            }
        }
    }
    Figures {
        summary: summary(cat, wb, today),
        operating: operating_percent(&cov, &pops, today),
        misses: operating_misses(&cov),
        coverage: cov,
        populations: pops,
        unevidenced: implemented_without_evidence(cat, wb),
        advice: derive(questionnaire(), &wb.scope.answers).advisories,
        gaps,
    }
}

fn heading(input: &Input<'_>) -> (String, String) {
    let wb = input.workbook;
    let kind = match (wb.scope.report_type, wb.scope.observation_months) {
        (ReportType::TypeII, Some(m)) => format!("SOC 2 Type II, {m}-month window"),
        (t, _) => format!("SOC 2 {}", t.label()),
    };
    let commit = input.origin.commit.as_deref().map_or_else(
        || "not in git".to_string(),
        |c| format!("commit {}", &c[..c.len().min(12)]),
    );
    (
        format!("{} · readiness report", wb.organization.name),
        format!(
            "{kind} · figures as of {} · {commit} · {}",
            input.as_of, input.origin.path
        ),
    )
}

/// The report as Markdown.
pub fn markdown(input: &Input<'_>, f: &Figures<'_>) -> String {
    let s = &f.summary;
    let (title, sub) = heading(input);
    let mut out = vec![
        format!("# {title}"),
        String::new(),
        format!("_{sub}_"),
        String::new(),
    ];
    out.push("## Design readiness".into());
    out.push(String::new());
    out.push(format!(
        "**{}%**: {} of {} applicable items implemented, {} in progress, {} not started, {} N/A.",
        s.design.overall.percent(),
        s.design.overall.implemented,
        s.design.overall.applicable(),
        s.design.overall.in_progress,
        s.design.overall.not_started,
        s.design.overall.not_applicable
    ));
    out.push(String::new());
    out.push("| Category | Readiness | Implemented | Applicable | N/A |".into());
    out.push("| --- | ---: | ---: | ---: | ---: |".into());
    for (c, n) in &s.design.by_category {
        out.push(format!(
            "| {} | {}% | {} | {} | {} |",
            c.label(),
            n.percent(),
            n.implemented,
            n.applicable(),
            n.not_applicable
        ));
    }
    if !f.unevidenced.is_empty() {
        out.push(String::new());
        out.push(format!(
            "Implemented without evidence ({}), not counted until proof is recorded:",
            f.unevidenced.len()
        ));
        out.push(String::new());
        out.extend(
            f.unevidenced
                .iter()
                .map(|u| format!("- {} {} · {}", u.criterion, u.item, md(&u.title))),
        );
    }
    out.push(String::new());
    out.push("## Operating readiness".into());
    out.push(String::new());
    out.push(match f.operating {
        Some(p) => {
            format!("**{p}%**: each recurring control's periods performed so far in the window.")
        }
        None => "The observation window has not started.".to_string(),
    });
    if !f.misses.is_empty() {
        out.push(String::new());
        out.push(format!("Missed periods ({}):", f.misses.len()));
        out.push(String::new());
        out.extend(f.misses.iter().map(|m| {
            format!(
                "- {} {} ({}): {} → {}",
                m.criterion,
                md(&m.title),
                m.cadence.label(),
                m.start,
                m.end
            )
        }));
    }
    out.push(String::new());
    out.push(format!("## Open gaps ({})", f.gaps.len()));
    out.push(String::new());
    out.extend(f.gaps.iter().map(|g| {
        format!(
            "- {} {} · {} ({})",
            g.criterion,
            g.item,
            md(&g.title),
            g.status.label()
        )
    }));
    out.push(String::new());
    out.push(format!(
        "## Backlog: {} open, {} overdue",
        s.backlog_open, s.backlog_overdue
    ));
    out.push(String::new());
    for b in input.workbook.backlog.iter().filter(|b| b.status.is_open()) {
        out.push(format!(
            "- {} {} ({}, {}{}{})",
            b.id,
            md(&b.title),
            b.status.label(),
            b.priority.label(),
            b.due.map_or_else(String::new, |d| format!(", due {d}")),
            if is_overdue(b, input.as_of) {
                ", overdue"
            } else {
                ""
            }
        ));
    }
    out.push(String::new());
    out.push("## Plan".into());
    out.push(String::new());
    out.push(match s.next_milestone {
        Some(m) => format!("Next milestone: {} ({} → {})", md(&m.name), m.start, m.end),
        None => "Next milestone: none planned".to_string(),
    });
    out.push(String::new());
    out.push("| Milestone | Phase | Start | End | Status |".into());
    out.push("| --- | --- | --- | --- | --- |".into());
    for m in &input.workbook.milestones {
        out.push(format!(
            "| {} | {} | {} | {} | {} |",
            md(&m.name),
            m.phase.label(),
            m.start,
            m.end,
            m.status.label()
        ));
    }
    out.push(String::new());
    out.push("## Coverage of recurring controls".into());
    out.push(String::new());
    out.push("| Control | Cadence | Periods met | Missed | Required |".into());
    out.push("| --- | --- | ---: | ---: | ---: |".into());
    for c in &f.coverage {
        out.push(format!(
            "| {} {} | {} | {} | {} | {} |",
            c.criterion,
            c.item,
            c.cadence.label(),
            c.met(),
            c.missed(),
            c.required()
        ));
    }
    out.push(String::new());
    let with: Vec<&ControlPopulation> = f.populations.iter().filter(|p| p.population > 0).collect();
    out.push(format!(
        "## Populations: {} of {} per-event, daily and weekly controls have events",
        with.len(),
        f.populations.len()
    ));
    out.push(String::new());
    out.extend(with.iter().map(|p| {
        format!(
            "- {} {} ({}): {} events, {} tested, {} exceptions, sample {}",
            p.criterion,
            p.item,
            p.cadence.label(),
            p.population,
            p.tested,
            p.exceptions,
            p.sample_size
        )
    }));
    if !f.advice.is_empty() {
        out.push(String::new());
        out.push(format!("## Advice ({})", f.advice.len()));
        out.push(String::new());
        out.extend(f.advice.iter().map(|a| {
            format!(
                "- **{}** ({}): {}",
                md(&a.title),
                md(&a.reason),
                md(&a.text)
            )
        }));
    }
    out.push(String::new());
    out.join("\n")
}

/// Workbook text inside a Markdown table or list: pipes and line breaks would break it.
fn md(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

const CSS: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d2430;max-width:1040px;margin:24px auto;padding:0 24px;line-height:1.4}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #d5dbe5;padding-bottom:4px;margin-top:28px}
.sub{color:#596273;margin:0 0 18px}.kpis{display:flex;gap:14px;flex-wrap:wrap}
.kpi{border:1px solid #d5dbe5;border-radius:8px;padding:10px 16px;min-width:150px}.kpi b{display:block;font-size:28px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e3e7ee;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f2f4f8}td.n,th.n{text-align:right}
.chart text{font-size:12px;fill:#1d2430}.chart .small{font-size:10px}.chart .axis{font-size:10px;fill:#596273}
.track{fill:#e6e9ef}.fill{fill:#2f7d4f}.bar{fill:#3b6fb6}.bar.done{fill:#2f7d4f}.bar.not-started{fill:#9aa6b8}
.today{stroke:#c0392b;stroke-width:2}.cell.met{fill:#2f7d4f}.cell.missed{fill:#c0392b}.cell.due{fill:#e0a526}.cell.upcoming{fill:#d5dbe5}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}.chart,table,tr{break-inside:avoid}a{color:inherit}}
"#;

/// The report as one HTML page: inline CSS and SVG, no script, no external resource.
pub fn html(input: &Input<'_>, f: &Figures<'_>) -> String {
    let s = &f.summary;
    let (title, sub) = heading(input);
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    h.push_str(&format!(
        "<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(&title)
    ));
    h.push_str(&format!(
        "<h1>{}</h1>\n<p class=\"sub\">{}</p>\n",
        esc(&title),
        esc(&sub)
    ));
    let kpi = |label: &str, value: String, id: &str| {
        format!(
            "<div class=\"kpi\" id=\"{id}\"><b>{}</b>{}</div>",
            esc(&value),
            esc(label)
        )
    };
    h.push_str("<div class=\"kpis\">");
    h.push_str(&kpi(
        "design readiness",
        format!("{}%", s.design.overall.percent()),
        "design",
    ));
    h.push_str(&kpi(
        "operating readiness",
        f.operating
            .map_or_else(|| "not started".to_string(), |p| format!("{p}%")),
        "operating",
    ));
    h.push_str(&kpi("open gaps", f.gaps.len().to_string(), "gaps"));
    h.push_str(&kpi(
        "backlog open / overdue",
        format!("{} / {}", s.backlog_open, s.backlog_overdue),
        "backlog",
    ));
    h.push_str("</div>\n");
    h.push_str("<h2>Design readiness by category</h2>\n");
    h.push_str(&format!(
        "<p>{} of {} applicable items implemented, {} in progress, {} not started, {} N/A.</p>\n",
        s.design.overall.implemented,
        s.design.overall.applicable(),
        s.design.overall.in_progress,
        s.design.overall.not_started,
        s.design.overall.not_applicable
    ));
    let rows: Vec<(String, u8, String)> = s
        .design
        .by_category
        .iter()
        .map(|(c, n)| {
            (
                c.label().to_string(),
                n.percent(),
                format!("{}/{} implemented", n.implemented, n.applicable()),
            )
        })
        .collect();
    h.push_str(&bars(&rows));
    h.push('\n');
    if !f.unevidenced.is_empty() {
        h.push_str(&format!(
            "<p>Implemented without evidence ({}), not counted until proof is recorded:</p>\n<ul>",
            f.unevidenced.len()
        ));
        for u in &f.unevidenced {
            h.push_str(&format!(
                "<li>{} {} · {}</li>",
                esc(&u.criterion),
                esc(&u.item),
                esc(&u.title)
            ));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<h2>Operating readiness</h2>\n<p>");
    h.push_str(&match f.operating {
        Some(p) => {
            format!("<b>{p}%</b>: each recurring control's periods performed so far in the window.")
        }
        None => "The observation window has not started.".to_string(),
    });
    h.push_str("</p>\n");
    if !f.misses.is_empty() {
        h.push_str(&format!(
            "<p>Missed periods ({}):</p>\n<ul>",
            f.misses.len()
        ));
        for m in &f.misses {
            h.push_str(&format!(
                "<li>{} {} ({}): {} → {}</li>",
                esc(&m.criterion),
                esc(&m.title),
                m.cadence.label(),
                m.start,
                m.end
            ));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<h2>Coverage of recurring controls</h2>\n<p class=\"legend\"><span style=\"background:#2f7d4f\"></span>performed<span style=\"background:#c0392b\"></span>missed<span style=\"background:#e0a526\"></span>due<span style=\"background:#d5dbe5\"></span>upcoming</p>\n");
    h.push_str(&coverage_grid(&f.coverage));
    h.push_str("\n<h2>Plan</h2>\n<p>");
    h.push_str(&match s.next_milestone {
        Some(m) => format!("Next milestone: {} ({} → {})", esc(&m.name), m.start, m.end),
        None => "Next milestone: none planned".to_string(),
    });
    h.push_str("</p>\n");
    h.push_str(&timeline(&input.workbook.milestones, input.as_of));
    h.push_str(&format!("\n<h2>Open gaps ({})</h2>\n<table><thead><tr><th>Criterion</th><th>Control</th><th>Status</th></tr></thead><tbody>", f.gaps.len()));
    for g in &f.gaps {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&g.criterion),
            esc(&g.title),
            g.status.label()
        ));
    }
    h.push_str("</tbody></table>\n");
    h.push_str(&format!(
        "<h2>Backlog: {} open, {} overdue</h2>\n<table><thead><tr><th>ID</th><th>Task</th><th>Status</th><th>Priority</th><th>Due</th></tr></thead><tbody>",
        s.backlog_open, s.backlog_overdue
    ));
    for b in input.workbook.backlog.iter().filter(|b| b.status.is_open()) {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
            esc(&b.id),
            esc(&b.title),
            b.status.label(),
            b.priority.label(),
            b.due.map_or_else(String::new, |d| d.to_string()),
            if is_overdue(b, input.as_of) {
                " (overdue)"
            } else {
                ""
            }
        ));
    }
    h.push_str("</tbody></table>\n");
    let with: Vec<&ControlPopulation> = f.populations.iter().filter(|p| p.population > 0).collect();
    h.push_str(&format!(
        "<h2>Populations: {} of {} per-event, daily and weekly controls have events</h2>\n<table><thead><tr><th>Control</th><th>Cadence</th><th class=\"n\">Events</th><th class=\"n\">Tested</th><th class=\"n\">Exceptions</th><th class=\"n\">Sample</th></tr></thead><tbody>",
        with.len(),
        f.populations.len()
    ));
    for p in with {
        h.push_str(&format!(
            "<tr><td>{} {}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&p.criterion), esc(&p.item), p.cadence.label(), p.population, p.tested, p.exceptions, p.sample_size
        ));
    }
    h.push_str("</tbody></table>\n");
    if !f.advice.is_empty() {
        h.push_str(&format!("<h2>Advice ({})</h2>\n<ul>", f.advice.len()));
        for a in &f.advice {
            h.push_str(&format!(
                "<li><b>{}</b> ({}): {}</li>",
                esc(&a.title),
                esc(&a.reason),
                esc(&a.text)
            ));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}
