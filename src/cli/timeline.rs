//! `soc2 timeline`: the plan as a Gantt chart that fits in 80 columns, with the warnings a
//! person should act on, or as JSON for scripts.

use std::path::PathBuf;

use serde_json::json;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::analysis::coverage::{PeriodState, coverage, markers};
use crate::analysis::gantt::{chart_range, layout};
use crate::analysis::schedule::{bridge_letter, observation_window, plan_warnings, suggestions};
use crate::catalog::catalog;
use crate::model::{Date, MilestoneStatus, ReportType, Workbook};
use crate::store;
use crate::text::sanitize;

use super::{EXIT_OK, Format, output};

/// Width of the name column of the chart.
const NAME_WIDTH: usize = 22;
/// Width of the chart itself; with the name column and a space, 79 columns.
const CHART_WIDTH: u16 = 56;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workbook whose plan to show.
    pub path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: Args, today: Date) -> anyhow::Result<u8> {
    let loaded = match store::load(&args.path) {
        Ok(l) => l,
        Err(err) => return Ok(output::store_error(&err)),
    };
    let wb = &loaded.workbook;
    match args.format {
        Format::Json => {
            output::print_json(&json_value(wb, today))?;
        }
        Format::Text => output::print(&text(wb, today)),
    }
    Ok(EXIT_OK)
}

/// The plan for scripts: the milestones, the same warnings the text shows, and the
/// observation window's coverage of each recurring control.
fn json_value(wb: &Workbook, today: Date) -> serde_json::Value {
    let cat = catalog();
    let milestones: Vec<serde_json::Value> = wb
        .milestones
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "name": m.name,
                "phase": m.phase.label(),
                "start": m.start.to_string(),
                "end": m.end.to_string(),
                "status": m.status.label(),
                "pinned": m.pinned,
            })
        })
        .collect();
    let cov = coverage(cat, wb, today);
    let window = observation_window(wb);
    let state = |s: PeriodState| match s {
        PeriodState::Met => "met",
        PeriodState::Missed => "missed",
        PeriodState::Due => "due",
        PeriodState::Upcoming => "upcoming",
    };
    json!({
        "report_type": wb.scope.report_type.label(),
        "observation_window": window.map(|(s, e)| json!({"start": s.to_string(), "end": e.to_string()})),
        "milestones": milestones,
        "warnings": plan_warnings(wb, today).iter().map(|w| w.message.clone()).collect::<Vec<_>>(),
        "suggestions": suggestions(wb).iter().map(|s| s.describe()).collect::<Vec<_>>(),
        "bridge_letter": bridge_letter(wb).map(|b| json!({
            "from": b.from.to_string(),
            "covers_after": b.covered_until.to_string(),
        })),
        "risk_assessment": crate::analysis::risk::assessment_mark(wb, today).map(|m| json!({
            "date": m.date.to_string(),
            "done": m.done,
            "missed": m.missed,
            "latest": m.latest.to_string(),
            "inside_window": window.is_some_and(|(s, e)| s <= m.date && m.date <= e),
        })),
        "coverage": {
            "operating_percent": crate::analysis::population::operating_percent(
                &cov,
                &crate::analysis::population::populations(catalog(), wb, today),
                today,
            ),
            "controls": cov.iter().map(|c| json!({
                "criterion": c.criterion,
                "item": c.item,
                "title": c.title,
                "cadence": c.cadence.label(),
                "required": c.required(),
                "met": c.met(),
                "missed": c.missed(),
                "last_performed": c.last_performed.map(|d| d.to_string()),
                "next_due": c.next_due.map(|d| d.to_string()),
                "periods": c.periods.iter().map(|p| json!({
                    "start": p.start.to_string(),
                    "end": p.end.to_string(),
                    "state": state(p.state),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        },
    })
}

/// `text` cut or padded to exactly `width` terminal columns, with `…` when cut.
pub(super) fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return format!("{text}{}", " ".repeat(width - text.width()));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    format!("{out}{}", " ".repeat(width.saturating_sub(used + 1)))
}

/// The chart and the milestone list as lines of text, at most 80 columns wide.
fn text(wb: &Workbook, today: Date) -> String {
    let window = match (wb.scope.report_type, wb.scope.observation_months) {
        (ReportType::TypeII, Some(m)) => format!(" with a {m}-month window"),
        _ => String::new(),
    };
    let mut lines = vec![format!(
        "{}: SOC 2 {} plan{window}, today {today}",
        sanitize(&wb.organization.name),
        wb.scope.report_type.label()
    )];
    match chart_range(&wb.milestones) {
        None => lines.push(
            "No milestones planned. A new workbook gets a starter plan from `soc2 new`.".into(),
        ),
        Some((start, end)) => chart(wb, today, start, end, &mut lines),
    }
    let warnings = plan_warnings(wb, today);
    lines.push(String::new());
    if warnings.is_empty() {
        lines.push("No warnings.".into());
    } else {
        lines.push("Warnings:".into());
        for w in &warnings {
            lines.extend(wrap(&sanitize(&w.message), "  ! ", "    ", 80));
        }
    }
    let suggested = suggestions(wb);
    if !suggested.is_empty() {
        let list: Vec<String> = suggested.iter().map(|s| s.describe()).collect();
        lines.extend(wrap(
            &sanitize(&format!(
                "Your scoping answers suggest {}: the app's Timeline applies them with r.",
                list.join(", ")
            )),
            "",
            "  ",
            80,
        ));
    }
    if let Some(b) = bridge_letter(wb) {
        let text = b.describe();
        lines.extend(wrap(&text, "", "  ", 80));
    }
    if let Some(text) = crate::analysis::risk::describe_mark(wb, today) {
        lines.extend(wrap(&text, "", "  ", 80));
    }
    lines.join("\n")
}

fn chart(wb: &Workbook, today: Date, start: Date, end: Date, lines: &mut Vec<String>) {
    let spans: Vec<(Date, Date)> = wb.milestones.iter().map(|m| (m.start, m.end)).collect();
    let l = layout(&spans, start, end, CHART_WIDTH, today);
    let width = usize::from(CHART_WIDTH);
    let empty_row = || {
        let mut row = vec![' '; width];
        for t in &l.ticks {
            if let Some(c) = row.get_mut(usize::from(t.col)) {
                *c = '·';
            }
        }
        if let Some(c) = l.today.and_then(|t| row.get_mut(usize::from(t))) {
            *c = '│';
        }
        row
    };
    let mut today_row = vec![' '; width];
    if let Some(c) = l.today.and_then(|t| today_row.get_mut(usize::from(t))) {
        *c = '▼';
    }
    lines.push(String::new());
    lines.push(
        format!("{} {}", " ".repeat(NAME_WIDTH), l.axis())
            .trim_end()
            .to_string(),
    );
    lines.push(
        format!(
            "{} {}",
            " ".repeat(NAME_WIDTH),
            today_row.iter().collect::<String>()
        )
        .trim_end()
        .to_string(),
    );
    for (m, bar) in wb.milestones.iter().zip(&l.bars) {
        let mut row = empty_row();
        if let Some(bar) = bar {
            let fill = if m.status == MilestoneStatus::Done {
                '▓'
            } else {
                '█'
            };
            let span = usize::from(bar.start)..=usize::from(bar.end).min(width - 1);
            if let Some(cells) = row.get_mut(span) {
                cells.fill(fill);
            }
            if bar.clipped_start {
                row[usize::from(bar.start)] = '◀';
            }
            if bar.clipped_end {
                row[usize::from(bar.end).min(width - 1)] = '▶';
            }
        }
        lines.push(
            format!(
                "{} {}",
                fit(&sanitize(&m.name), NAME_WIDTH),
                row.iter().collect::<String>()
            )
            .trim_end()
            .to_string(),
        );
    }
    let all = markers(catalog(), wb, today);
    for (name, backlog) in [("Remediation due", true), ("Recurring controls", false)] {
        let mut row = empty_row();
        for mk in all.iter().filter(|m| m.kind.is_backlog() == backlog) {
            if let Some(cell) = l.column(mk.date).and_then(|c| row.get_mut(usize::from(c)))
                && (*cell != '!' || mk.kind.is_risk_assessment())
            {
                *cell = mk.kind.glyph();
            }
        }
        lines.push(
            format!(
                "{} {}",
                fit(name, NAME_WIDTH),
                row.iter().collect::<String>()
            )
            .trim_end()
            .to_string(),
        );
    }
    lines.push(if all.iter().any(|m| m.kind.is_risk_assessment()) {
        "  █ planned  ▓ done  ◀▶ continues  │ today  ◆ due  R risk assessment  ! missed".to_string()
    } else {
        "  █ planned  ▓ done  ◀▶ continues  │ today  ◆ due  ! overdue or missed".to_string()
    });
    lines.push(String::new());
    for m in &wb.milestones {
        let pinned = if m.pinned { ", dates set by hand" } else { "" };
        lines.push(format!(
            "  {} {} → {}  {}{pinned}",
            fit(&sanitize(&m.name), 36),
            m.start,
            m.end,
            m.status.label()
        ));
    }
}

/// Word-wraps `text` to `width` columns, the first line after `first`, the rest after `rest`.
fn wrap(text: &str, first: &str, rest: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ') {
        if !empty && line.width() + 1 + word.width() > width {
            out.push(std::mem::replace(&mut line, rest.to_string()));
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push(line);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_with_an_ellipsis_and_pads() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("Scoping and readiness assessment", 10), "Scoping a…");
        assert_eq!(fit("日本語の名前", 6).width(), 6);
    }

    #[test]
    fn warnings_wrap_to_the_width() {
        let long = "the target report date 2027-03-31 needs readiness to start by 2026-03-01, which is in the past";
        let lines = wrap(long, "  ! ", "    ", 40);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| l.width() <= 40), "{lines:?}");
        assert!(lines[0].starts_with("  ! the") && lines[1].starts_with("    "));
        assert_eq!(
            lines.join(" ").split_whitespace().count(),
            long.split(' ').count() + 1
        );
    }
}
