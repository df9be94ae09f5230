//! Drawing the timeline: the Gantt chart with today and due-date markers, the selected
//! milestone, the warnings and the observation coverage table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::analysis::backlog::is_overdue;
use crate::analysis::coverage::{ControlCoverage, MarkerKind, PeriodState};
use crate::analysis::gantt::{chart_range, layout};
use crate::analysis::schedule::{bridge_letter, observation_window, plan_warnings, suggestions};
use crate::model::{Cadence, Date, MilestoneStatus, Workbook};
use crate::tui::app::App;
use crate::tui::fulltext::{FullText, title};
use crate::tui::text::{fit, pad, width, wrap};

use crate::tui::views::{inner, scroll_offset};

use super::{Focus, scope_words};

/// Where each part of the view goes.
pub(super) struct Parts {
    /// Month labels and the today marker (two rows).
    pub(super) axis: Rect,
    /// One row per shown milestone.
    pub(super) milestones: Rect,
    /// The first milestone shown (when not all fit).
    pub(super) offset: usize,
    /// Backlog and recurring-control markers (two rows).
    pub(super) markers: Rect,
    pub(super) legend: Option<Rect>,
    pub(super) detail: Rect,
    pub(super) warnings: Rect,
    /// The coverage heading, column header and rows.
    pub(super) coverage: Rect,
}

/// The milestone name column: as wide as the longest name (and its pin mark) needs, up
/// to two fifths of the chart, so names are cut only when the chart would otherwise
/// squeeze; the rest is the chart's.
pub(super) fn name_width(app: &App, cols: u16) -> u16 {
    let longest = app
        .wb()
        .milestones
        .iter()
        .map(|m| width(crate::tui::text::visible(&m.name, usize::from(cols))))
        .max()
        .unwrap_or(0);
    let want = u16::try_from(longest + 1).unwrap_or(u16::MAX);
    want.clamp(8, (cols / 5 * 2).max(8))
}

/// The warnings, then what the scoping answers suggest and when a bridge letter is needed.
pub(super) fn warning_lines(app: &App, cols: usize) -> Vec<String> {
    let d = super::derived(app.wb(), app.today, app.doc.generation, &app.views.timeline);
    wrap_warnings(&d.warnings, cols)
}

/// The plan's warnings and the suggestions of a workbook on a day, each with its mark.
pub(super) fn warnings(wb: &Workbook, today: Date) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for w in plan_warnings(wb, today) {
        out.push(("! ", w.message));
    }
    let suggested = suggestions(wb);
    if !suggested.is_empty() {
        let list: Vec<String> = suggested.iter().map(|s| s.describe()).collect();
        out.push((
            "› ",
            format!(
                "your scoping answers suggest {}: r applies them and re-plans",
                list.join(", ")
            ),
        ));
    }
    if let Some(b) = bridge_letter(wb) {
        out.push(("› ", b.describe()));
    }
    out
}

/// The warnings as lines `cols` wide, each continued line indented under its mark.
pub(super) fn wrap_warnings(warnings: &[(&'static str, String)], cols: usize) -> Vec<String> {
    let mut out = Vec::new();
    for (mark, text) in warnings {
        for (i, l) in wrap(&crate::text::sanitize(text), cols.saturating_sub(2).max(1))
            .into_iter()
            .enumerate()
        {
            out.push(format!("{}{l}", if i == 0 { mark } else { "  " }));
        }
    }
    out
}

pub(super) fn parts(app: &App, area: Rect, warnings: usize) -> Parts {
    parts_for(app.wb(), &app.views.timeline, area, warnings)
}

/// [`parts`] for a workbook and the timeline's state.
pub(super) fn parts_for(wb: &Workbook, st: &super::State, area: Rect, warnings: usize) -> Parts {
    let body = inner(area);
    let n = wb.milestones.len();
    let h = body.height;
    // Fixed needs: axis 2, markers 2, detail 2, warnings ≥1, coverage ≥ 3.
    let warn_h = u16::try_from(warnings.clamp(1, 4)).unwrap_or(4);
    let fixed = 2 + 2 + 2 + warn_h + 3;
    let ms_room = h.saturating_sub(fixed).max(1);
    let ms_h = u16::try_from(n).unwrap_or(u16::MAX).clamp(1, ms_room);
    let spare = h.saturating_sub(fixed + ms_h);
    let legend = spare >= 6;
    let mut y = body.y;
    let bottom = body.y + body.height;
    let mut take = |rows: u16| {
        let r = Rect::new(
            body.x,
            y.min(bottom),
            body.width,
            rows.min(bottom.saturating_sub(y)),
        );
        y = y.saturating_add(rows).min(bottom);
        r
    };
    let axis = take(2);
    let milestones = take(ms_h);
    let markers = take(2);
    let legend = legend.then(|| take(1));
    let detail = take(2);
    let warnings = take(warn_h);
    let coverage = take(u16::MAX);
    let offset = scroll_offset(
        super::selected_index(wb, st),
        usize::from(milestones.height),
    );
    Parts {
        axis,
        milestones,
        offset,
        markers,
        legend,
        detail,
        warnings,
        coverage,
    }
}

/// The coverage table's rows area (below its heading and column header).
pub(super) fn coverage_rows(r: Rect) -> Rect {
    Rect::new(
        r.x,
        r.y.saturating_add(2),
        r.width,
        r.height.saturating_sub(2),
    )
}

pub(super) fn period_glyph(app: &App, state: PeriodState) -> (char, Style) {
    match state {
        PeriodState::Met => ('■', app.theme.good),
        PeriodState::Missed => ('✗', app.theme.bad),
        PeriodState::Due => ('◆', app.theme.warn),
        PeriodState::Upcoming => ('·', app.theme.dim),
    }
}

/// Draws the chart, the selected milestone, the warnings and the coverage table.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let wb = app.wb();
    let title = format!(
        " Timeline · {} · {} milestones · today {} ",
        scope_words(wb),
        wb.milestones.len(),
        app.today
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
    let warnings = warning_lines(app, cols);
    let p = parts(app, area, warnings.len());
    let nw = name_width(app, body.width).min(body.width / 2);
    let cw = body.width.saturating_sub(nw + 1);
    let Some((start, end)) = chart_range(&wb.milestones) else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "No milestones planned: r makes a plan from the scope.",
                t.dim,
            )),
            body,
        );
        return;
    };
    let spans: Vec<(Date, Date)> = wb.milestones.iter().map(|m| (m.start, m.end)).collect();
    let l = layout(&spans, start, end, cw, app.today);
    let w = usize::from(cw);
    let base_row = || -> Vec<(char, Style)> {
        let mut row = vec![(' ', t.base); w];
        for tick in &l.ticks {
            if let Some(c) = row.get_mut(usize::from(tick.col)) {
                *c = ('·', t.dim);
            }
        }
        if let Some(c) = l.today.and_then(|x| row.get_mut(usize::from(x))) {
            *c = ('│', t.warn);
        }
        row
    };
    let to_spans = |row: Vec<(char, Style)>| -> Vec<Span<'static>> {
        let mut out: Vec<Span<'static>> = Vec::new();
        let mut run = String::new();
        let mut style = t.base;
        for (c, s) in row {
            if s != style && !run.is_empty() {
                out.push(Span::styled(std::mem::take(&mut run), style));
            }
            style = s;
            run.push(c);
        }
        if !run.is_empty() {
            out.push(Span::styled(run, style));
        }
        out
    };
    let name_pad = " ".repeat(usize::from(nw) + 1);
    let mut today_row = vec![(' ', t.base); w];
    if let Some(c) = l.today.and_then(|x| today_row.get_mut(usize::from(x))) {
        *c = ('▼', t.warn);
    }
    let mut today_spans = vec![Span::raw(name_pad.clone())];
    today_spans.extend(to_spans(today_row));
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(format!("{name_pad}{}", l.axis()), t.dim),
            Line::from(today_spans),
        ]),
        p.axis,
    );
    let ms_focused = app.views.timeline.focus == Focus::Milestones;
    let mut lines = Vec::new();
    for (i, (m, bar)) in wb
        .milestones
        .iter()
        .zip(&l.bars)
        .enumerate()
        .skip(p.offset)
        .take(usize::from(p.milestones.height))
    {
        let mut row = base_row();
        let fill = match m.status {
            MilestoneStatus::Done => ('▓', t.good),
            MilestoneStatus::InProgress => ('█', t.warn),
            MilestoneStatus::Planned => ('░', t.title),
        };
        if let Some(bar) = bar {
            let last = usize::from(bar.end).min(w.saturating_sub(1));
            for c in row.iter_mut().take(last + 1).skip(usize::from(bar.start)) {
                *c = fill;
            }
            if bar.clipped_start
                && let Some(c) = row.get_mut(usize::from(bar.start))
            {
                *c = ('◀', fill.1);
            }
            if bar.clipped_end
                && let Some(c) = row.get_mut(last)
            {
                *c = ('▶', fill.1);
            }
        }
        let name = format!("{}{}", if m.pinned { "*" } else { " " }, m.name);
        let name_style = if i == super::selected_index(app.wb(), &app.views.timeline) {
            if ms_focused {
                t.selected
            } else {
                t.selected_unfocused
            }
        } else {
            t.base
        };
        let mut spans = vec![
            Span::styled(
                pad(&fit(&name, usize::from(nw)), usize::from(nw)),
                name_style,
            ),
            Span::raw(" "),
        ];
        spans.extend(to_spans(row));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), p.milestones);

    let derived = super::derived(wb, app.today, app.doc.generation, &app.views.timeline);
    let all = &derived.markers;
    let mut lines = Vec::new();
    for (name, backlog) in [(" Remediation due", true), (" Recurring controls", false)] {
        let mut row = base_row();
        for (date, kind) in all.iter().filter(|(_, k)| k.is_backlog() == backlog) {
            if let Some(cell) = l.column(*date).and_then(|c| row.get_mut(usize::from(c)))
                && (cell.0 != '!' || kind.is_risk_assessment())
            {
                let style = match *kind {
                    k if k.is_alarm() => t.bad,
                    MarkerKind::RiskAssessmentHeld => t.good,
                    _ => t.warn,
                };
                *cell = (kind.glyph(), style);
            }
        }
        if backlog
            && let Some(b) = app
                .views
                .timeline
                .highlight
                .as_deref()
                .and_then(|id| wb.backlog_item(id))
            && let Some(cell) = b
                .due
                .and_then(|d| l.column(d))
                .and_then(|c| row.get_mut(usize::from(c)))
        {
            let glyph = if is_overdue(b, app.today) { '!' } else { '◆' };
            *cell = (glyph, t.selected);
        }
        let mut spans = vec![Span::styled(
            format!("{} ", pad(name, usize::from(nw))),
            t.dim,
        )];
        spans.extend(to_spans(row));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), p.markers);
    if let Some(r) = p.legend {
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(
                    if all.iter().any(|(_, k)| k.is_risk_assessment()) {
                        " ░ planned  █ in progress  ▓ done  │ today  ◆ due  R risk assessment  ! missed  * by hand"
                    } else {
                        " ░ planned  █ in progress  ▓ done  │ today  ◆ due  ! overdue or missed  * dates set by hand"
                    },
                    cols,
                ),
                t.dim,
            )),
            r,
        );
    }
    render_detail(app, frame, p.detail);
    let warn: Vec<Line> = if warnings.is_empty() {
        vec![Line::styled("No warnings.", t.dim)]
    } else {
        let room = usize::from(p.warnings.height);
        let mut v: Vec<Line> = warnings
            .iter()
            .take(room)
            .map(|w| Line::styled(fit(w, cols), t.warn))
            .collect();
        if warnings.len() > room
            && let Some(last) = v.last_mut()
        {
            *last = Line::styled(
                fit("  … (more warnings: `soc2 timeline` lists all)", cols),
                t.warn,
            );
        }
        v
    };
    frame.render_widget(Paragraph::new(warn), p.warnings);
    render_coverage(app, frame, p.coverage);
}

pub(super) fn render_detail(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let cols = usize::from(area.width);
    let Some(m) = super::selected_milestone(app.wb(), &app.views.timeline) else {
        return;
    };
    let days = m.start.days_until(m.end) + 1;
    let when = if app.today < m.start {
        format!("starts in {} days", app.today.days_until(m.start))
    } else if app.today <= m.end {
        format!("{} days left", app.today.days_until(m.end))
    } else {
        "ended".to_string()
    };
    let pinned = if m.pinned {
        " · dates set by hand (x hands them back to the plan)"
    } else {
        ""
    };
    let first = format!(
        "▸ {} · {} → {} ({days} days, {when}) · {}{pinned}",
        m.name,
        m.start,
        m.end,
        m.status.label()
    );
    let marked = app
        .views
        .timeline
        .highlight
        .as_deref()
        .and_then(|id| app.wb().backlog_item(id))
        .and_then(|b| b.due.map(|d| (b, d)));
    let notes = if let Some((b, due)) = marked {
        let window = observation_window(app.wb())
            .map(|(s, _)| {
                let days = due.days_until(s);
                if days > 0 {
                    format!(", {days} days before the observation window opens")
                } else {
                    format!(
                        ", {} days after the observation window opens: at risk",
                        -days
                    )
                }
            })
            .unwrap_or_default();
        format!(
            "  {} due {due}{window} (marked on Remediation due, esc clears) · {}",
            b.id, b.title
        )
    } else if m.notes.is_empty() {
        "  no notes · e dates · s status · n notes · r re-plan".to_string()
    } else {
        format!("  {}", m.notes.replace('\n', " / "))
    };
    let cut = width(&first) > cols || width(crate::tui::text::visible(&notes, cols)) > cols;
    const MORE: &str = " v: all";
    let notes_w = if cut {
        cols.saturating_sub(MORE.len())
    } else {
        cols
    };
    let mut second = vec![Span::styled(fit(&notes, notes_w), t.dim)];
    if cut {
        second.push(Span::styled(MORE, t.key));
    }
    let lines = vec![Line::styled(fit(&first, cols), t.title), Line::from(second)];
    frame.render_widget(Paragraph::new(lines), area);
}

/// What `v` reads in the Timeline: the selected milestone with its notes in full, then
/// every plan warning and suggestion.
pub fn full_text(app: &App) -> Option<FullText> {
    let m = super::selected_milestone(app.wb(), &app.views.timeline)?;
    let mut paragraphs = vec![
        format!(
            "{} · {} → {} · {}{}",
            m.name,
            m.start,
            m.end,
            m.status.label(),
            if m.pinned {
                " · dates set by hand"
            } else {
                ""
            }
        ),
        if m.notes.is_empty() {
            "no notes".to_string()
        } else {
            format!("Notes:\n{}", m.notes)
        },
    ];
    let warnings = warning_lines(app, 100_000);
    if !warnings.is_empty() {
        paragraphs.push(format!(
            "Warnings and suggestions:\n{}",
            warnings.join("\n")
        ));
    }
    Some(FullText::new(title(&m.id, &m.name), paragraphs))
}

/// The coverage rows: every in-scope recurring control.
pub fn coverage_of(app: &App) -> Vec<ControlCoverage> {
    let d = super::derived(app.wb(), app.today, app.doc.generation, &app.views.timeline);
    d.coverage.clone()
}

pub(super) fn render_coverage(app: &App, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let t = &app.theme;
    let cols = usize::from(area.width);
    let cov = coverage_of(app);
    let window = observation_window(app.wb());
    let needed: usize = cov.iter().map(ControlCoverage::required).sum();
    let met: usize = cov.iter().map(ControlCoverage::met).sum();
    let missed: usize = cov.iter().map(ControlCoverage::missed).sum();
    let heading = match window {
        Some((s, e)) => format!(
            "Observation coverage {s} → {e}: {} recurring controls, {met} of {needed} occurrences recorded{}",
            cov.len(),
            if missed > 0 {
                format!(", {missed} period(s) missed")
            } else {
                String::new()
            }
        ),
        None => format!(
            "Recurring controls ({}): no observation window, next due dates only",
            cov.len()
        ),
    };
    let focused = app.views.timeline.focus == Focus::Coverage;
    let cad_w = 11;
    let count_w = 7;
    let due_w = 10;
    let strip_w = cols
        .saturating_sub(cad_w + count_w + due_w + 4)
        .min(26)
        .min(cols / 3);
    let title_w = cols.saturating_sub(cad_w + count_w + due_w + strip_w + 4);
    let header = format!(
        "{} {} {} {} {}",
        pad("Control", title_w),
        pad("Cadence", cad_w),
        pad("Done", count_w),
        pad("Next due", due_w),
        "Periods: ■ done ✗ missed ◆ due · upcoming"
    );
    let mut lines = vec![
        Line::styled(fit(&heading, cols), if focused { t.key } else { t.title }),
        Line::styled(fit(&header, cols), t.dim),
    ];
    let rows = coverage_rows(area);
    let height = usize::from(rows.height);
    let cov_at = super::coverage_index(&cov, &app.views.timeline);
    let offset = scroll_offset(cov_at, height);
    if cov.is_empty() {
        lines.push(Line::styled("No in-scope recurring control.", t.dim));
    }
    for (i, c) in cov.iter().enumerate().skip(offset).take(height) {
        let selected = focused && i == cov_at;
        let row_style = if selected {
            t.selected
        } else if c.missed() > 0 {
            t.bad
        } else {
            t.base
        };
        let count = if c.required() > 0 {
            format!("{}/{}", c.met(), c.required())
        } else if c.cadence == Cadence::PerEvent {
            "sampled".into()
        } else {
            "-".into()
        };
        let due = c.next_due.map_or("-".into(), |d| d.to_string());
        let mut spans = vec![Span::styled(
            format!(
                "{} {} {} {} ",
                pad(&fit(&c.title, title_w), title_w),
                pad(c.cadence.label(), cad_w),
                pad(&count, count_w),
                pad(&due, due_w)
            ),
            row_style,
        )];
        for p in c.periods.iter().take(strip_w) {
            let (g, s) = period_glyph(app, p.state);
            spans.push(Span::styled(
                g.to_string(),
                if selected { t.selected } else { s },
            ));
        }
        if c.periods.len() > strip_w && strip_w > 0 {
            spans.push(Span::styled("…", t.dim));
        }
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        if selected && used < cols {
            spans.push(Span::styled(" ".repeat(cols - used), t.selected));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
