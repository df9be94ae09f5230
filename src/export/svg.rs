//! Inline SVG charts for the HTML report: readiness bars, the plan's timeline and the
//! coverage grid.
//!
//! Why hand-written SVG: the page must be one self-contained file with no script and no
//! network, that prints; plain `<rect>` and `<text>` do all three.

use crate::analysis::coverage::{ControlCoverage, PeriodState};
use crate::analysis::gantt::chart_range;
use crate::model::{Date, Milestone};

/// Text escaped for HTML and SVG (the workbook's text is kept, only made inert).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // A page cannot show control characters (nor may XML carry them): name them.
            c if c.is_control() && c != '\n' && c != '\t' => {
                out.push_str(&format!("⟨U+{:04X}⟩", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Horizontal bars, one per `(label, percent, detail)`.
pub fn bars(rows: &[(String, u8, String)]) -> String {
    let (label_w, bar_w, row_h) = (170, 360, 28);
    let height = row_h * rows.len().max(1) + 8;
    let mut s = format!(
        r#"<svg class="chart" role="img" aria-label="Design readiness by category" viewBox="0 0 {w} {height}" width="{w}" height="{height}" xmlns="http://www.w3.org/2000/svg">"#,
        w = label_w + bar_w + 190
    );
    for (i, (label, percent, detail)) in rows.iter().enumerate() {
        let y = i * row_h + 4;
        let fill = usize::from((*percent).min(100)) * bar_w / 100;
        s.push_str(&format!(
            r#"<text x="0" y="{ty}" class="lbl">{label}</text><rect x="{label_w}" y="{y}" width="{bar_w}" height="18" class="track"/><rect x="{label_w}" y="{y}" width="{fill}" height="18" class="fill"/><text x="{tx}" y="{ty}" class="val">{percent}% · {detail}</text>"#,
            ty = y + 14,
            label = esc(label),
            tx = label_w + bar_w + 8,
            detail = esc(detail),
        ));
    }
    s.push_str("</svg>");
    s
}

fn x_of(date: Date, start: Date, end: Date, width: i64) -> i64 {
    let span = start.days_until(end).max(1);
    (start.days_until(date).clamp(0, span) * width) / span
}

/// The plan as a Gantt chart with the as-of day marked.
pub fn timeline(milestones: &[Milestone], as_of: Date) -> String {
    let Some((start, end)) = chart_range(milestones) else {
        return "<p>No plan yet.</p>".to_string();
    };
    let (label_w, chart_w, row_h) = (230i64, 480i64, 22usize);
    let height = row_h * milestones.len() + 30;
    let mut s = format!(
        r#"<svg class="chart" role="img" aria-label="Plan timeline" viewBox="0 0 {w} {height}" width="{w}" height="{height}" xmlns="http://www.w3.org/2000/svg">"#,
        w = label_w + chart_w + 10
    );
    for (i, m) in milestones.iter().enumerate() {
        let y = i * row_h + 4;
        let x0 = label_w + x_of(m.start, start, end, chart_w);
        let x1 = label_w + x_of(m.end, start, end, chart_w);
        s.push_str(&format!(
            r#"<text x="0" y="{ty}" class="lbl">{name}</text><rect x="{x0}" y="{y}" width="{bw}" height="14" class="bar {status}"><title>{name}: {ms} to {me}</title></rect>"#,
            ty = y + 12,
            name = esc(&m.name),
            bw = (x1 - x0).max(3),
            status = m.status.label().replace(' ', "-"),
            ms = m.start,
            me = m.end,
        ));
    }
    let axis_y = row_h * milestones.len() + 18;
    s.push_str(&format!(
        r#"<text x="{label_w}" y="{axis_y}" class="axis">{start}</text><text x="{xe}" y="{axis_y}" class="axis" text-anchor="end">{end}</text>"#,
        xe = label_w + chart_w
    ));
    if start <= as_of && as_of <= end {
        let x = label_w + x_of(as_of, start, end, chart_w);
        s.push_str(&format!(
            r#"<line x1="{x}" y1="0" x2="{x}" y2="{ly}" class="today"/><text x="{x}" y="{axis_y}" class="axis" text-anchor="middle">{as_of}</text>"#,
            ly = axis_y - 12
        ));
    }
    s.push_str("</svg>");
    s
}

fn state_class(state: PeriodState) -> &'static str {
    match state {
        PeriodState::Met => "met",
        PeriodState::Missed => "missed",
        PeriodState::Due => "due",
        PeriodState::Upcoming => "upcoming",
    }
}

/// One row per recurring control, one cell per period of the window, coloured by state.
pub fn coverage_grid(coverage: &[ControlCoverage]) -> String {
    // Per-event controls have no periods: their populations are listed below instead.
    let coverage: Vec<&ControlCoverage> =
        coverage.iter().filter(|c| !c.periods.is_empty()).collect();
    if coverage.is_empty() {
        return "<p>No recurring controls in scope.</p>".to_string();
    }
    let (label_w, cell_w, row_h) = (300usize, 480usize, 16usize);
    let height = row_h * coverage.len() + 4;
    let mut s = format!(
        r#"<svg class="chart" role="img" aria-label="Coverage of recurring controls" viewBox="0 0 {w} {height}" width="{w}" height="{height}" xmlns="http://www.w3.org/2000/svg">"#,
        w = label_w + cell_w + 10
    );
    for (i, c) in coverage.iter().enumerate() {
        let y = i * row_h + 2;
        s.push_str(&format!(
            r#"<text x="0" y="{ty}" class="small">{id} ({cadence})</text>"#,
            ty = y + 11,
            id = esc(&c.item),
            cadence = c.cadence.label()
        ));
        // Fractional cells, so a daily control's 180 periods fill the row like a quarterly's 2.
        let w = cell_w as f64 / c.periods.len().max(1) as f64;
        let gap = if w > 3.0 { 1.0 } else { 0.0 };
        for (k, p) in c.periods.iter().enumerate() {
            s.push_str(&format!(
                r#"<rect x="{x:.2}" y="{y}" width="{cw:.2}" height="12" class="cell {cls}"><title>{id} {ps} to {pe}: {cls}</title></rect>"#,
                x = label_w as f64 + k as f64 * w,
                cw = w - gap,
                cls = state_class(p.state),
                id = esc(&c.item),
                ps = p.start,
                pe = p.end,
            ));
        }
    }
    s.push_str("</svg>");
    s
}
