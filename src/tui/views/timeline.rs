//! Timeline: the plan as a Gantt chart across months with a today marker, backlog and
//! recurring-control due dates as markers, the plan's warnings, each milestone editable,
//! and the observation coverage of every in-scope recurring control, period by period.
//!
//! Why coverage sits under the chart: a Type II auditor samples the population of each
//! recurring control over the window, so a missed period is an exception; seeing the
//! periods next to the window's bar is how a team notices one before the auditor does.
//! Why re-planning asks first: dates a person set (pinned) or milestones already done are
//! never moved, and every other move is shown before it happens.

use crate::tui::history::Touch;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::analysis::backlog::is_overdue;
use crate::analysis::coverage::{ControlCoverage, PeriodState, coverage, markers};
use crate::analysis::gantt::{chart_range, layout};
use crate::analysis::schedule::{PlannedMove, observation_window, plan_warnings, replan};
use crate::catalog::catalog;
use crate::edit;
use crate::model::{Date, MilestoneStatus, ReportType, Workbook};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::popup::{Choice, Input, Popup, PopupKind, centered, draw_lines};
use crate::tui::text::{fit, pad, width, wrap};

use super::{View, clicked_index, inner, scroll_offset, step};

/// What a timeline popup was opened for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    Dates(String),
    Status(String),
    Notes(String),
}

fn then(t: Then) -> crate::tui::popup::Then {
    crate::tui::popup::Then::Timeline(t)
}

/// Which part has the keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    Milestones,
    Coverage,
}

/// What the plan is generated from; a change of it is a reason to offer a re-plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeKey {
    pub report_type: ReportType,
    pub window_months: Option<u8>,
    pub target: Option<Date>,
    pub readiness_start: Option<Date>,
}

/// The plan-relevant part of a workbook's scope.
pub fn scope_key(wb: &Workbook) -> ScopeKey {
    ScopeKey {
        report_type: wb.scope.report_type,
        window_months: wb.scope.observation_months,
        target: wb.scope.target_report_date,
        readiness_start: wb.scope.readiness_start,
    }
}

/// The timeline's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// The selected milestone.
    pub selected: usize,
    pub focus: Focus,
    /// The selected row of the coverage table.
    pub coverage: usize,
    /// The scope the plan was last offered (or made) for.
    pub seen_scope: Option<ScopeKey>,
    /// A backlog item whose due date is marked on the chart (from the Backlog's `T`).
    pub highlight: Option<String>,
}

/// The re-plan popup: what would move, applied on yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replan {
    pub title: String,
    pub intro: String,
    pub moves: Vec<PlannedMove>,
    pub scroll: usize,
}

/// Opens the Timeline on one milestone.
pub fn show_milestone(app: &mut App, id: &str) {
    if let Some(pos) = app.wb().milestones.iter().position(|m| m.id == id) {
        app.timeline.selected = pos;
        app.timeline.focus = Focus::Milestones;
    }
    app.view = View::Timeline;
}

/// Opens the Timeline with a backlog item's due date marked, selecting the milestone
/// the date falls in.
pub fn show_backlog_due(app: &mut App, id: &str) {
    let Some(b) = app.wb().backlog_item(id) else {
        return;
    };
    let Some(due) = b.due else {
        app.error(format!("{id} has no due date (D sets one)"));
        return;
    };
    let milestone =
        app.wb().milestones.iter().position(|m| {
            m.phase != crate::model::Phase::Policies && m.start <= due && due <= m.end
        });
    if let Some(pos) = milestone {
        app.timeline.selected = pos;
    }
    app.timeline.focus = Focus::Milestones;
    app.timeline.highlight = Some(id.to_string());
    app.view = View::Timeline;
}

/// After every action: when the Timeline is shown and the scope changed since the plan
/// was last offered, offer to re-plan (once per change).
pub fn after_update(app: &mut App) {
    let key = scope_key(app.wb());
    match app.timeline.seen_scope {
        None => app.timeline.seen_scope = Some(key),
        Some(seen) if seen != key && app.view == View::Timeline && app.popups.is_empty() => {
            app.timeline.seen_scope = Some(key);
            offer_replan(app, true);
        }
        _ => {}
    }
}

fn scope_words(wb: &Workbook) -> String {
    let mut s = match (wb.scope.report_type, wb.scope.observation_months) {
        (ReportType::TypeII, Some(m)) => format!("Type II, {m}-month window"),
        (rt, _) => rt.label().to_string(),
    };
    if let Some(t) = wb.scope.target_report_date {
        s.push_str(&format!(", report by {t}"));
    }
    s
}

/// Shows what a re-plan would move and asks; says so when nothing would.
pub fn offer_replan(app: &mut App, scope_changed: bool) {
    let moves = replan(app.wb(), app.today);
    let movable = moves.iter().filter(|m| m.kept.is_none()).count();
    if movable == 0 {
        if moves.is_empty() {
            if !scope_changed {
                app.info("the plan already matches the scope");
            }
        } else {
            app.info(format!(
                "the plan differs from the scope in {} milestone(s), all kept (dates set by hand or done)",
                moves.len()
            ));
        }
        return;
    }
    let words = scope_words(app.wb());
    let intro = if scope_changed {
        format!(
            "The scope changed ({words}). Re-planning would make {movable} change(s); milestones with dates set by a person or already done stay where they are."
        )
    } else {
        format!(
            "A plan from the scope ({words}) would make {movable} change(s); milestones with dates set by a person or already done stay where they are."
        )
    };
    app.open(Popup::Replan(Replan {
        title: if scope_changed {
            "The scope changed: re-plan?".into()
        } else {
            "Re-plan?".into()
        },
        intro,
        moves,
        scroll: 0,
    }));
}

fn replan_lines(app: &App, r: &Replan, cols: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = wrap(&r.intro, cols).into_iter().map(Line::from).collect();
    lines.push(Line::default());
    for m in &r.moves {
        let style = if m.kept.is_some() {
            app.theme.dim
        } else {
            app.theme.base
        };
        let mark = if m.kept.is_some() { "  = " } else { "  → " };
        for (i, l) in wrap(
            &crate::text::sanitize(&m.describe()),
            cols.saturating_sub(4),
        )
        .into_iter()
        .enumerate()
        {
            let lead = if i == 0 { mark } else { "    " };
            lines.push(Line::styled(format!("{lead}{l}"), style));
        }
    }
    lines
}

/// Draws the re-plan popup.
pub fn render_replan(app: &App, r: &Replan, frame: &mut Frame) {
    let screen = frame.area();
    let cols = usize::from(screen.width.min(90).saturating_sub(2)).max(1);
    let lines = replan_lines(app, r, cols);
    let h = u16::try_from(lines.len() + 3).unwrap_or(u16::MAX);
    let rect = centered(screen, 90, h);
    draw_lines(
        app,
        frame,
        rect,
        &r.title,
        &lines,
        r.scroll,
        PopupKind::Replan,
    );
}

/// Handles a key while the re-plan popup is on top.
pub fn replan_update(app: &mut App, action: Action, _page: usize) {
    let Some(Popup::Replan(r)) = app.popups.last_mut() else {
        return;
    };
    match action {
        Action::Back => {
            app.popups.pop();
            app.info("plan unchanged (r offers the re-plan again)");
        }
        Action::Enter => {
            let moves = r.moves.clone();
            app.popups.pop();
            let kept = moves.iter().filter(|m| m.kept.is_some()).count();
            if let Some(n) = app.edit_touching("re-plan", Touch::Small, |wb, rng| {
                Ok(edit::apply_replan(wb, &moves, rng))
            }) {
                app.info(format!(
                    "re-planned: {n} change(s){}",
                    if kept > 0 {
                        format!(", {kept} kept as set")
                    } else {
                        String::new()
                    }
                ));
            }
        }
        Action::Up | Action::ScrollUp => r.scroll = r.scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown => r.scroll += 1,
        _ => {}
    }
}

/// Where each part of the view goes.
struct Parts {
    /// Month labels and the today marker (two rows).
    axis: Rect,
    /// One row per shown milestone.
    milestones: Rect,
    /// The first milestone shown (when not all fit).
    offset: usize,
    /// Backlog and recurring-control markers (two rows).
    markers: Rect,
    legend: Option<Rect>,
    detail: Rect,
    warnings: Rect,
    /// The coverage heading, column header and rows.
    coverage: Rect,
}

fn name_width(cols: u16) -> u16 {
    if cols >= 100 { 30 } else { 22 }
}

fn warning_lines(app: &App, cols: usize) -> Vec<String> {
    let mut out = Vec::new();
    for w in plan_warnings(app.wb(), app.today) {
        for (i, l) in wrap(
            &crate::text::sanitize(&w.message),
            cols.saturating_sub(2).max(1),
        )
        .into_iter()
        .enumerate()
        {
            out.push(format!("{}{l}", if i == 0 { "! " } else { "  " }));
        }
    }
    out
}

fn parts(app: &App, area: Rect, warnings: usize) -> Parts {
    let body = inner(area);
    let n = app.wb().milestones.len();
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
    let offset = scroll_offset(app.timeline.selected, usize::from(milestones.height));
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
fn coverage_rows(r: Rect) -> Rect {
    Rect::new(
        r.x,
        r.y.saturating_add(2),
        r.width,
        r.height.saturating_sub(2),
    )
}

fn period_glyph(app: &App, state: PeriodState) -> (char, Style) {
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
    let nw = name_width(body.width).min(body.width / 2);
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
    let ms_focused = app.timeline.focus == Focus::Milestones;
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
            MilestoneStatus::Planned => ('█', t.title),
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
        let name_style = if i == app.timeline.selected {
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

    let all = markers(catalog(), wb, app.today);
    let mut lines = Vec::new();
    for (name, backlog) in [(" Remediation due", true), (" Recurring controls", false)] {
        let mut row = base_row();
        for mk in all.iter().filter(|m| m.kind.is_backlog() == backlog) {
            if let Some(cell) = l.column(mk.date).and_then(|c| row.get_mut(usize::from(c)))
                && cell.0 != '!'
            {
                *cell = if mk.kind.is_alarm() {
                    ('!', t.bad)
                } else {
                    ('◆', t.warn)
                };
            }
        }
        if backlog
            && let Some(b) = app
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
                    " █ planned  █ in progress  ▓ done  │ today  ◆ due  ! overdue or missed  * dates set by hand",
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

fn render_detail(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let cols = usize::from(area.width);
    let Some(m) = app.wb().milestones.get(app.timeline.selected) else {
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
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(fit(&first, cols), t.title),
            Line::styled(fit(&notes, cols), t.dim),
        ]),
        area,
    );
}

/// The coverage rows: every in-scope recurring control.
pub fn coverage_of(app: &App) -> Vec<ControlCoverage> {
    coverage(catalog(), app.wb(), app.today)
}

fn render_coverage(app: &App, frame: &mut Frame, area: Rect) {
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
    let focused = app.timeline.focus == Focus::Coverage;
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
    let offset = scroll_offset(app.timeline.coverage, height);
    if cov.is_empty() {
        lines.push(Line::styled("No in-scope recurring control.", t.dim));
    }
    for (i, c) in cov.iter().enumerate().skip(offset).take(height) {
        let selected = focused && i == app.timeline.coverage;
        let row_style = if selected {
            t.selected
        } else if c.missed() > 0 {
            t.bad
        } else {
            t.base
        };
        let count = if c.required() > 0 {
            format!("{}/{}", c.met(), c.required())
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

/// Carries out what a timeline popup was opened for.
pub fn complete(app: &mut App, t: Then, value: String) {
    match t {
        Then::Dates(id) => {
            let dates: Vec<&str> = value
                .split(|c: char| c.is_whitespace() || c == '→' || c == ',')
                .filter(|s| !s.is_empty() && *s != "to")
                .collect();
            let parsed: Result<Vec<Date>, _> = dates.iter().map(|d| d.parse::<Date>()).collect();
            match parsed {
                Ok(d) if d.len() == 2 => {
                    let (s, e) = (d[0], d[1]);
                    if app
                        .edit_touching("set milestone dates", Touch::Small, |wb, _| {
                            edit::set_milestone_dates(wb, &id, s, e)
                        })
                        .is_some()
                    {
                        app.info(format!(
                            "{s} → {e}, pinned: a re-plan will not move it (x unpins)"
                        ));
                    }
                }
                Ok(_) => app.error("type two dates: start and end (YYYY-MM-DD YYYY-MM-DD)"),
                Err(e) => app.error(e.to_string()),
            }
        }
        Then::Status(id) => {
            let Some(status) = MilestoneStatus::ALL
                .into_iter()
                .find(|s| s.label() == value)
            else {
                return;
            };
            if app
                .edit_touching("set milestone status", Touch::Small, |wb, _| {
                    edit::set_milestone_status(wb, &id, status)
                })
                .is_some()
            {
                app.info(format!("milestone is {}", status.label()));
            }
        }
        Then::Notes(id) => {
            if app
                .edit_touching("milestone notes", Touch::Small, |wb, _| {
                    edit::set_milestone_notes(wb, &id, &value)
                })
                .is_some()
            {
                app.info("notes saved");
            }
        }
    }
}

fn selected_id(app: &mut App) -> Option<String> {
    let id = app
        .wb()
        .milestones
        .get(app.timeline.selected)
        .map(|m| m.id.clone());
    if id.is_none() {
        app.error("no milestone selected");
    }
    id
}

/// Handles the timeline's keys.
pub fn update(app: &mut App, action: Action, area: Rect) -> bool {
    let len = app.wb().milestones.len();
    app.timeline.selected = app.timeline.selected.min(len.saturating_sub(1));
    let cov_len = coverage_of(app).len();
    app.timeline.coverage = app.timeline.coverage.min(cov_len.saturating_sub(1));
    let cols = usize::from(inner(area).width);
    let p = parts(app, area, warning_lines(app, cols).len());
    match action {
        Action::Replan => offer_replan(app, false),
        Action::EditDates => {
            let Some(id) = selected_id(app) else {
                return true;
            };
            let Some(m) = app.wb().milestones.get(app.timeline.selected) else {
                return true;
            };
            let text = format!("{} {}", m.start, m.end);
            let name = m.name.clone();
            app.open(Popup::Input(Input::new(
                &format!("Dates of {}", fit(&name, 40)),
                "Start and end, YYYY-MM-DD YYYY-MM-DD. Dates you set are pinned: a re-plan never moves them.",
                &text,
                then(Then::Dates(id)),
            )));
        }
        Action::SetMilestoneStatus => {
            let Some(id) = selected_id(app) else {
                return true;
            };
            let current = app.wb().milestones[app.timeline.selected].status;
            let options: Vec<Choice> = MilestoneStatus::ALL
                .iter()
                .map(|s| Choice::new(s.label(), s.label()))
                .collect();
            let selected = MilestoneStatus::ALL
                .iter()
                .position(|s| *s == current)
                .unwrap_or(0);
            app.pick(
                "Milestone status",
                "",
                options,
                selected,
                then(Then::Status(id)),
            );
        }
        Action::EditNoteInline => {
            let Some(id) = selected_id(app) else {
                return true;
            };
            let notes = app.wb().milestones[app.timeline.selected].notes.clone();
            app.open(Popup::Input(Input::new(
                "Milestone notes",
                "One line (the auditor, a decision, what is left)",
                &notes.replace('\n', " / "),
                then(Then::Notes(id)),
            )));
        }
        Action::Unpin => {
            let Some(id) = selected_id(app) else {
                return true;
            };
            if app
                .edit_touching("unpin milestone", Touch::Small, |wb, _| {
                    edit::unpin_milestone(wb, &id)
                })
                .is_some()
            {
                app.info("the plan may move these dates again: r re-plans");
            }
        }
        Action::Right if app.timeline.focus == Focus::Milestones && cov_len > 0 => {
            app.timeline.focus = Focus::Coverage;
        }
        Action::Left | Action::Back if app.timeline.focus == Focus::Coverage => {
            app.timeline.focus = Focus::Milestones;
        }
        Action::Back if app.timeline.highlight.is_some() => {
            app.timeline.highlight = None;
        }
        Action::Enter if app.timeline.focus == Focus::Coverage => {
            if let Some(c) = coverage_of(app).get(app.timeline.coverage) {
                let (crit, item) = (c.criterion.clone(), c.item.clone());
                crate::tui::finder::show_in_checklist(app, &crit, Some(&item));
            }
        }
        Action::Enter => {
            app.timeline.focus = Focus::Coverage;
            return cov_len > 0;
        }
        Action::Click { column, row } => {
            let inside = |r: Rect| r.contains(ratatui::layout::Position::new(column, row));
            if inside(p.milestones) {
                let i = p.offset + usize::from(row - p.milestones.y);
                if i < len {
                    app.timeline.selected = i;
                    app.timeline.focus = Focus::Milestones;
                }
            } else if let Some(i) = clicked_index(
                coverage_rows(p.coverage),
                row,
                column,
                app.timeline.coverage,
                cov_len,
            ) {
                app.timeline.coverage = i;
                app.timeline.focus = Focus::Coverage;
            } else {
                return false;
            }
        }
        other => {
            let page = usize::from(coverage_rows(p.coverage).height).max(1);
            return match app.timeline.focus {
                Focus::Milestones => step(app.timeline.selected, len, other, page)
                    .map(|n| app.timeline.selected = n)
                    .is_some(),
                Focus::Coverage => step(app.timeline.coverage, cov_len, other, page)
                    .map(|n| app.timeline.coverage = n)
                    .is_some(),
            };
        }
    }
    true
}
