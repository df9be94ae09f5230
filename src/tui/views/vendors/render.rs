//! Drawing the Vendors view: the register as a table above, the selected vendor below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::analysis::vendor::{VendorReview, control_status, last_reviewed, review};
use crate::catalog::catalog;
use crate::model::{Date, Vendor};
use crate::tui::app::App;
use crate::tui::fulltext::FullText;
use crate::tui::text::{fit, pad, wrap_clean};
use crate::tui::theme::Theme;
use crate::tui::views::{inner, scroll_offset};

use super::{selected as selected_id, selected_index};

const NAME: usize = 20;
const TIER: usize = 8;
const METHOD: usize = 10;
const PERIOD: usize = 21;
const AGE: usize = 7;

/// The table's height for `len` vendors in a body of `height` rows: a third of the body
/// at most, so the detail below keeps most of the room.
pub(super) fn table_rows(len: usize, height: u16) -> usize {
    (len + 1).clamp(2, (usize::from(height) / 3).max(2))
}

fn cell(text: &str, cols: usize) -> String {
    pad(&fit(text, cols), cols)
}

fn date(d: Option<Date>) -> String {
    d.map_or_else(|| "–".to_string(), |d| d.to_string())
}

/// Draws the view.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let wb = app.wb();
    let reviews = review(catalog(), wb, app.today);
    let total: usize = reviews.iter().map(|r| r.findings.len()).sum();
    let subs = reviews
        .iter()
        .filter(|r| r.vendor.subservice.is_some())
        .count();
    let title = format!(
        " Vendors · {} ({subs} subservice) · {total} finding{} ",
        reviews.len(),
        if total == 1 { "" } else { "s" }
    );
    frame.render_widget(
        Block::default()
            .borders(Borders::ALL)
            .border_style(t.border_focused)
            .title(Span::styled(
                fit(&title, usize::from(area.width.saturating_sub(2))),
                t.title,
            )),
        area,
    );
    let body = inner(area);
    let cols = usize::from(body.width);
    let table_h = table_rows(reviews.len(), body.height);
    let header = format!(
        "  {} {} {} {} {} {:>4}",
        pad("Vendor", NAME),
        pad("Tier", TIER),
        pad("Method", METHOD),
        pad("Latest report", PERIOD),
        pad("Review", AGE),
        "Find"
    );
    let mut lines = vec![Line::styled(pad(&header, cols), t.dim)];
    if reviews.is_empty() {
        lines.push(Line::styled(
            fit(
                "  No vendors yet: a adds one (`soc2 vendor suggest PATH` adds the scoping's).",
                cols,
            ),
            t.dim,
        ));
        frame.render_widget(Paragraph::new(lines), body);
        return;
    }
    let selected = selected_index(wb, &app.views.vendors);
    let rows = table_h.saturating_sub(1).max(1);
    let offset = scroll_offset(selected, rows);
    for (i, r) in reviews.iter().enumerate().skip(offset).take(rows) {
        let v = r.vendor;
        let period = v
            .report_period()
            .map_or_else(|| "none".to_string(), |p| format!("{}→{}", p.start, p.end));
        let age = last_reviewed(v).map_or_else(
            || "never".to_string(),
            |d| format!("{}d", d.days_until(app.today)),
        );
        let text = format!(
            "  {} {} {} {} {} {:>4}",
            cell(&v.name, NAME),
            cell(r.tier.label(), TIER),
            cell(v.subservice.map_or("vendor", |m| m.label()), METHOD),
            cell(&period, PERIOD),
            cell(&age, AGE),
            r.findings.len()
        );
        let style = if i == selected {
            t.selected
        } else if !r.findings.is_empty() {
            t.warn
        } else {
            t.base
        };
        lines.push(Line::styled(pad(&text, cols), style));
    }
    while lines.len() < table_h {
        lines.push(Line::default());
    }
    lines.push(Line::styled("─".repeat(cols), t.border));
    let room = usize::from(body.height).saturating_sub(lines.len());
    if let Some(r) = reviews.get(selected) {
        // A finding wraps onto a second line (it is what to act on); the record fits one.
        let mut detail: Vec<Line<'static>> = Vec::new();
        for (text, style) in detail_lines(app, r, t) {
            if style != t.warn {
                detail.push(Line::styled(fit(&text, cols), style));
                continue;
            }
            let wraps = 2;
            let wrapped: Vec<String> = wrap_clean(&text, cols.max(1)).collect();
            let cut = wrapped.len() > wraps;
            for (k, l) in wrapped.into_iter().take(wraps).enumerate() {
                let l = if cut && k + 1 == wraps {
                    fit(&format!("{l}…"), cols)
                } else {
                    l
                };
                detail.push(Line::styled(l, style));
            }
        }
        // `]` / `[` scroll what does not fit, as every other detail pane does.
        lines.extend(crate::tui::fulltext::clip_scrolled(
            app,
            detail,
            room,
            &app.views.vendors.detail,
            selected_id(wb, &app.views.vendors),
        ));
    }
    frame.render_widget(Paragraph::new(lines), body);
}

type Styled = (String, ratatui::style::Style);

/// The selected vendor's record and findings, findings first (they are what to act on).
fn detail_lines(app: &App, r: &VendorReview<'_>, t: &Theme) -> Vec<Styled> {
    let v = r.vendor;
    let mut out: Vec<Styled> = Vec::new();
    let tier = if v.tier.is_some() && r.suggested.0 != r.tier {
        format!(
            "{} (the rule says {}: {})",
            r.tier.label(),
            r.suggested.0.label(),
            r.suggested.1
        )
    } else {
        format!("{} ({})", r.tier.label(), r.suggested.1)
    };
    out.push((
        format!(
            "{} · {} · owner {}",
            v.name,
            if v.service.is_empty() {
                "–"
            } else {
                &v.service
            },
            v.owner.as_deref().unwrap_or("nobody (o)")
        ),
        t.title,
    ));
    out.push((format!("tier {tier}"), t.base));
    for f in &r.findings {
        out.push((format!("! {}", f.message()), t.warn));
    }
    out.extend(record_lines(app, v).into_iter().map(|l| (l, t.base)));
    out
}

/// The vendor's record as plain lines (the detail pane and `v`).
fn record_lines(app: &App, v: &Vendor) -> Vec<String> {
    let wb = app.wb();
    let flag = |b: bool| if b { "yes" } else { "no" };
    let mut out = vec![format!(
        "contract {} · DPA {} · BAA {} · production access {} · due diligence {} · next review {}",
        flag(v.contract),
        flag(v.dpa),
        flag(v.baa),
        flag(v.production_access),
        date(v.due_diligence),
        date(v.next_review)
    )];
    if !v.data.is_empty() {
        out.push(format!("data: {}", v.data.join("; ")));
    }
    for rep in &v.reports {
        let period = rep.period.map_or_else(
            || "undated".to_string(),
            |p| format!("{} → {}", p.start, p.end),
        );
        let reviewed = match (rep.reviewed, rep.reviewed_by.as_deref()) {
            (Some(d), Some(by)) => format!("reviewed {d} by {by}"),
            (Some(d), None) => format!("reviewed {d}"),
            _ => "not reviewed".to_string(),
        };
        out.push(format!(
            "report {} {period} · {} · {reviewed}",
            rep.kind.label(),
            rep.opinion.map_or("opinion not recorded", |o| o.label())
        ));
        for e in &rep.exceptions {
            let response = if e.response.is_empty() {
                "no response yet"
            } else {
                &e.response
            };
            out.push(format!("  exception: {} → {response}", e.text));
        }
    }
    for b in &v.bridge_letters {
        out.push(format!(
            "bridge letter issued {} through {}",
            b.issued, b.through
        ));
    }
    let mapped = |controls: &[String]| -> String {
        if controls.is_empty() {
            return "not mapped".to_string();
        }
        controls
            .iter()
            .map(|c| match control_status(catalog(), wb, c) {
                Some((_, s)) => format!("{c} ({})", s.label()),
                None => format!("{c} (no such item)"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for c in &v.cuecs {
        out.push(format!("CUEC {} → {}", c.text, mapped(&c.controls)));
    }
    for c in &v.csocs {
        out.push(format!("CSOC {} → {}", c.text, mapped(&c.controls)));
    }
    out
}

/// The selected vendor in full, for `v`.
pub fn full_text(app: &App) -> Option<FullText> {
    let wb = app.wb();
    let id = super::selected(wb, &app.views.vendors)?;
    let reviews = review(catalog(), wb, app.today);
    let r = reviews.iter().find(|r| r.id == id)?;
    let t = &app.theme;
    let lines: Vec<String> = detail_lines(app, r, t)
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    Some(FullText::new(&r.vendor.name, lines))
}
