//! Drawing the Risks view: the register on the left, the likelihood × impact heat map on
//! the right, the selected risk's details below.
//!
//! The heat map never relies on colour: each cell shows its band's letter (L, M, H, C)
//! and its count, so it reads the same with `NO_COLOR`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::analysis::risk::{self as rules, RiskFinding};
use crate::catalog::catalog;
use crate::catalog::risks::{RiskVocabulary, risk_vocabulary};
use crate::model::Treatment;
use crate::tui::app::App;
use crate::tui::fulltext::FullText;
use crate::tui::text::{clean, fit, pad};
use crate::tui::theme::Theme;
use crate::tui::views::{inner, scroll_offset};

use super::input::{DETAIL_ROWS, MAP_WIDTH};
use super::selected_index;

const ID: usize = 22;
const CAT: usize = 8;
const TREAT: usize = 8;

fn cell(text: &str, cols: usize) -> String {
    pad(&fit(text, cols), cols)
}

/// The theme's style for a band, by its position (low, medium, high, critical).
fn band_style(t: &Theme, v: &RiskVocabulary, score: u8) -> Style {
    let band = v.band(score);
    match v.bands.iter().position(|b| b.id == band.id) {
        Some(0) => t.good,
        Some(1) => t.warn,
        _ => t.bad,
    }
}

/// Draws the view.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let wb = app.wb();
    let v = risk_vocabulary();
    let above = wb
        .risks
        .values()
        .filter(|r| r.current() > v.appetite)
        .count();
    let assessed = match rules::assessment_mark(wb, app.today) {
        Some(m) if m.done => format!("assessed {}", m.date),
        Some(m) if m.missed => "assessment missed".to_string(),
        Some(m) => format!("assessment due by {}", m.latest),
        None => "no assessment".to_string(),
    };
    let title = format!(
        " Risks · {} · {above} above appetite {} · {assessed} ",
        wb.risks.len(),
        v.appetite
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
    let top_h = body.height.saturating_sub(DETAIL_ROWS + 1);
    let map_w = MAP_WIDTH.min(body.width / 2);
    let list = Rect::new(body.x, body.y, body.width.saturating_sub(map_w), top_h);
    let map = Rect::new(list.x + list.width, body.y, map_w, top_h);
    frame.render_widget(Paragraph::new(list_lines(app, list)), list);
    frame.render_widget(Paragraph::new(heat_map_lines(app, map)), map);
    let detail = Rect::new(
        body.x,
        body.y + top_h,
        body.width,
        body.height.saturating_sub(top_h),
    );
    let cols = usize::from(detail.width);
    let mut lines = vec![Line::styled("─".repeat(cols), t.border)];
    lines.extend(detail_lines(app, cols));
    frame.render_widget(Paragraph::new(lines), detail);
}

fn list_lines(app: &App, area: Rect) -> Vec<Line<'static>> {
    let t = &app.theme;
    let wb = app.wb();
    let v = risk_vocabulary();
    let cols = usize::from(area.width);
    let header = format!(
        "  {} {} Inh Res {} Owner",
        pad("Risk", ID),
        pad("Category", CAT),
        pad("Treat", TREAT)
    );
    let mut lines = vec![Line::styled(fit(&header, cols), t.dim)];
    if wb.risks.is_empty() {
        lines.push(Line::styled(
            fit(
                "  No risks yet: a adds one; `soc2 risk init PATH` adds the starter set.",
                cols,
            ),
            t.dim,
        ));
        return lines;
    }
    let height = usize::from(area.height.saturating_sub(1));
    let selected = selected_index(wb, &app.views.risks);
    let offset = scroll_offset(selected, height);
    for (i, (id, r)) in wb.risks.iter().enumerate().skip(offset).take(height) {
        let mark = if i == selected { "▸ " } else { "  " };
        let res = r
            .residual()
            .map_or_else(|| "  –".to_string(), |n| format!("{n:>3}"));
        let front = format!(
            "{mark}{} {} ",
            cell(&clean(id), ID),
            cell(&clean(&r.category), CAT)
        );
        let back = format!(
            " {} {}",
            cell(r.treatment.map_or("–", Treatment::label), TREAT),
            clean(r.owner.as_deref().unwrap_or("–"))
        );
        let row_style = if i == selected { t.selected } else { t.base };
        let score_style = |s: u8| {
            if i == selected {
                t.selected
            } else {
                band_style(t, v, s)
            }
        };
        let spans = vec![
            Span::styled(front, row_style),
            Span::styled(format!("{:>3}", r.inherent()), score_style(r.inherent())),
            Span::styled(" ", row_style),
            Span::styled(res, r.residual().map_or(row_style, score_style)),
            Span::styled(back, row_style),
        ];
        let used: usize = spans.iter().map(|s| s.width()).sum();
        let mut spans = spans;
        if used < cols {
            spans.push(Span::styled(" ".repeat(cols - used), row_style));
        }
        lines.push(fit_line(spans, cols));
    }
    lines
}

/// A line cut to `cols` columns (the last span shortened).
fn fit_line(spans: Vec<Span<'static>>, cols: usize) -> Line<'static> {
    let mut out = Vec::new();
    let mut used = 0;
    for s in spans {
        let w = s.width();
        if used + w <= cols {
            used += w;
            out.push(s);
        } else {
            let room = cols.saturating_sub(used);
            if room > 0 {
                out.push(Span::styled(fit(&s.content, room), s.style));
            }
            break;
        }
    }
    Line::from(out)
}

/// The 5 × 5 grid: likelihood 5 at the top, impact 1 to 5 left to right, each cell its
/// band's letter and count.
fn heat_map_lines(app: &App, area: Rect) -> Vec<Line<'static>> {
    let t = &app.theme;
    let wb = app.wb();
    let v = risk_vocabulary();
    let residual = app.views.risks.residual;
    let cells = rules::heat_map(wb, residual);
    let cols = usize::from(area.width);
    let title = if residual {
        "Residual · m flips"
    } else {
        "Inherent · m flips"
    };
    let mut lines = vec![
        Line::styled(fit(&format!(" {title}"), cols), t.dim),
        Line::styled(fit("  L\\I  1  2  3  4  5", cols), t.dim),
    ];
    for l in (1..=5u8).rev() {
        let mut spans = vec![Span::styled(format!("   {l} "), t.dim)];
        for i in 1..=5u8 {
            let n = cells[usize::from(l - 1)][usize::from(i - 1)];
            let band = v.band(l * i);
            let style = band_style(t, v, l * i);
            let text = if n == 0 {
                format!(" {}·", band.letter.to_lowercase())
            } else if n < 10 {
                format!(" {}{n}", band.letter)
            } else {
                format!("{}{n}", band.letter)
            };
            let style = if n == 0 { t.dim } else { style };
            spans.push(Span::styled(text, style));
        }
        lines.push(fit_line(spans, cols));
    }
    let legend: Vec<String> = v
        .bands
        .iter()
        .map(|b| format!("{}≤{}", b.letter, b.max))
        .collect();
    lines.push(Line::styled(
        fit(&format!("  {}", legend.join(" ")), cols),
        t.dim,
    ));
    let unrated = wb.risks.values().filter(|r| r.residual().is_none()).count();
    if residual && unrated > 0 {
        lines.push(Line::styled(
            fit(&format!("  {unrated} not rated"), cols),
            t.warn,
        ));
    }
    lines
}

/// The findings about the selected risk, and the register's own when none is selected.
fn findings_of(app: &App, id: Option<&str>) -> Vec<RiskFinding> {
    rules::findings(catalog(), risk_vocabulary(), app.wb(), app.today)
        .into_iter()
        .filter(|f| f.risk.is_none() || f.risk.as_deref() == id)
        .collect()
}

fn detail_lines(app: &App, cols: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let wb = app.wb();
    let v = risk_vocabulary();
    let id = super::selected(wb, &app.views.risks);
    let mut lines = Vec::new();
    let findings = findings_of(app, id);
    if let Some(id) = id {
        let r = &wb.risks[id];
        let band = v.band(r.current());
        let residual = match (r.residual_likelihood, r.residual_impact) {
            (Some(l), Some(i)) => format!("residual {l}×{i}={}", l * i),
            _ => "residual not rated".to_string(),
        };
        lines.push(Line::styled(
            fit(
                &format!(
                    "▸ {} · inherent {}×{}={} · {residual} · {}",
                    clean(&r.title),
                    r.likelihood,
                    r.impact,
                    r.inherent(),
                    band.id
                ),
                cols,
            ),
            t.title,
        ));
        if !r.description.is_empty() {
            lines.push(Line::raw(fit(
                &format!("  {}", clean(&r.description)),
                cols,
            )));
        }
        let controls = if r.controls.is_empty() {
            "none (c links one)".to_string()
        } else {
            r.controls
                .iter()
                .map(|c| clean(c).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        };
        lines.push(Line::raw(fit(&format!("  Controls: {controls}"), cols)));
        let accepted = match &r.acceptance {
            Some(a) => format!("accepted by {} on {}", clean(&a.by), a.date),
            None => "not accepted".to_string(),
        };
        lines.push(Line::raw(fit(
            &format!(
                "  Treatment: {} · {accepted} · owner {}",
                r.treatment.map_or("none", Treatment::label),
                clean(r.owner.as_deref().unwrap_or("none"))
            ),
            cols,
        )));
    }
    for f in &findings {
        lines.push(Line::styled(
            fit(&format!("  ! {}", clean(&f.message)), cols),
            t.warn,
        ));
    }
    if findings.is_empty() && id.is_some() {
        lines.push(Line::styled("  No findings.", t.good));
    }
    lines.truncate(usize::from(DETAIL_ROWS));
    lines
}

/// The selected risk in full: every field, the scale's words and every finding.
pub fn full_text(app: &App) -> Option<FullText> {
    let wb = app.wb();
    let v = risk_vocabulary();
    let id = super::selected(wb, &app.views.risks)?;
    let r = &wb.risks[id];
    let level = |scale: &[crate::catalog::risks::Level], n: u8| {
        scale
            .iter()
            .find(|l| l.value == n)
            .map_or_else(|| n.to_string(), |l| format!("{n} {}", l.label))
    };
    let mut p = vec![
        r.description.clone(),
        format!(
            "Category: {} · likelihood {} · impact {} · inherent {} ({})",
            v.category(&r.category)
                .map_or(r.category.as_str(), |c| c.label.as_str()),
            level(&v.likelihood, r.likelihood),
            level(&v.impact, r.impact),
            r.inherent(),
            v.band(r.inherent()).id
        ),
    ];
    if let (Some(l), Some(i)) = (r.residual_likelihood, r.residual_impact) {
        p.push(format!(
            "Residual: likelihood {} · impact {} · score {} ({})",
            level(&v.likelihood, l),
            level(&v.impact, i),
            l * i,
            v.band(l * i).id
        ));
    }
    p.push(format!(
        "Treatment: {} · owner {}",
        r.treatment.map_or("none", Treatment::label),
        r.owner.as_deref().unwrap_or("none")
    ));
    let cat = catalog();
    let mut controls = vec!["Mitigating controls:".to_string()];
    controls.extend(r.controls.iter().map(|c| {
        format!(
            "  {c}  {}",
            cat.item(c)
                .map_or("(not in the catalog)", |(_, i)| i.title.as_str())
        )
    }));
    p.push(controls.join("\n"));
    if let Some(a) = &r.acceptance {
        p.push(format!("Accepted by {} on {}", a.by, a.date));
    }
    p.push(r.notes.clone());
    for f in findings_of(app, Some(id)) {
        p.push(format!("! {} ({})", f.message, f.kind.criterion()));
    }
    Some(FullText::new(crate::tui::fulltext::title(id, &r.title), p))
}
