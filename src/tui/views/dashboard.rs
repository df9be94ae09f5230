//! Dashboard: where the team stands, each figure explainable down to its items.
//!
//! Why both figures: design readiness (controls implemented) is what a Type I tests;
//! operating readiness (recurring controls performed in every period so far) is what a
//! Type II tests. Enter on a category lists the items behind both.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::analysis::coverage::{ControlCoverage, OperatingMiss, coverage, operating_misses};
use crate::analysis::population::{ControlPopulation, populations};
use crate::analysis::readiness::{
    Counts, Unevidenced, criteria_in_scope, implemented_without_evidence, items_of, summary,
};
use crate::catalog::catalog;
use crate::catalog::scoping::{contradictions, derive, questionnaire};
use crate::edit::ItemKey;
use crate::model::{Category, Date, ItemStatus, Workbook};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::fulltext::FullText;
use crate::tui::msg::{Cx, Goto, Msg};
use crate::tui::popup::{Info, InfoLine, Popup};
use crate::tui::text::{bar, fit, pad, wrap};

use super::clicked_index;

/// The dashboard's selection: a row of the readiness table (the last row is "Overall").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// The selected row, by category label ("all" for the total row).
    pub selected: crate::tui::msg::Cursor,
}

/// Days ahead that count as "coming due".
const DUE_SOON_DAYS: i64 = 30;

fn rows(app: &App) -> Vec<Option<Category>> {
    rows_of(app.wb())
}

fn rows_of(wb: &Workbook) -> Vec<Option<Category>> {
    let mut rows: Vec<Option<Category>> = crate::analysis::readiness::categories_in_scope(wb)
        .into_iter()
        .map(Some)
        .collect();
    rows.push(None);
    rows
}

fn category_of(criterion: &str) -> Option<Category> {
    catalog().criterion(criterion).map(|c| c.category)
}

fn operating_of(
    cov: &[ControlCoverage],
    pops: &[ControlPopulation],
    category: Option<Category>,
    app: &App,
) -> Option<u8> {
    let filtered: Vec<ControlCoverage> = cov
        .iter()
        .filter(|c| category.is_none() || category_of(&c.criterion) == category)
        .cloned()
        .collect();
    crate::analysis::population::operating_percent(&filtered, pops, app.today)
}

fn table_rect(area: Rect) -> Rect {
    let (left, _) = split(area);
    // Border, then a header row.
    Rect::new(
        left.x + 1,
        left.y + 2,
        left.width.saturating_sub(2),
        left.height.saturating_sub(3),
    )
}

fn split(area: Rect) -> (Rect, Rect) {
    if area.width >= 100 {
        let [l, r] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(area);
        (l, r)
    } else {
        let [t, b] = Layout::vertical([Constraint::Length(11), Constraint::Min(0)]).areas(area);
        (t, b)
    }
}

/// Draws the dashboard.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let cat = catalog();
    let wb = app.wb();
    let today = app.today;
    let s = summary(cat, wb, today);
    let cov = coverage(cat, wb, today);
    let pops = populations(cat, wb, today);
    let (left, right) = split(area);
    let t = &app.theme;

    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border_focused)
        .title(Span::styled(" Readiness ", t.title));
    let inner = block.inner(left);
    frame.render_widget(block, left);
    let cols = usize::from(inner.width);
    // "  name bar pct count  bar pct": widths add up to name_w + 2 * bar_w + 23.
    let bar_w = match cols {
        70.. => 12,
        56.. => 8,
        _ => 5,
    };
    let name_w = cols.saturating_sub(2 * bar_w + 23).clamp(8, 20);
    let design_w = bar_w + 14;
    let mut lines = vec![Line::styled(
        pad(
            &format!(
                "  {}{}  {}",
                pad("", name_w),
                pad("Design", design_w),
                "Operating"
            ),
            cols,
        ),
        t.dim,
    )];
    let window = crate::analysis::schedule::observation_window(wb);
    let rows = rows(app);
    for (i, row) in rows.iter().enumerate() {
        let counts: Counts = match row {
            Some(c) => s
                .design
                .by_category
                .iter()
                .find(|(k, _)| k == c)
                .map(|(_, n)| *n)
                .unwrap_or_default(),
            None => s.design.overall,
        };
        let name = row.map_or("Overall", |c| c.label());
        let operating = match operating_of(&cov, &pops, *row, app) {
            Some(p) => format!("{} {p:>3}%", bar(p, bar_w)),
            None => pad("–", bar_w + 5),
        };
        let text = format!(
            "  {}{} {:>3}% {:>8}  {}",
            pad(name, name_w),
            bar(counts.percent(), bar_w),
            counts.percent(),
            format!("{}/{}", counts.implemented, counts.applicable()),
            operating
        );
        let style = if i == selected_index(&rows, &app.views.dashboard) {
            t.selected
        } else {
            t.base
        };
        lines.push(Line::styled(pad(&text, cols), style));
    }
    let o = s.design.overall;
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::raw("  "),
        Span::styled(format!("{} implemented", o.implemented), t.good),
        Span::raw(" · "),
        Span::styled(format!("{} in progress", o.in_progress), t.warn),
    ]));
    lines.push(Line::raw(format!(
        "  {} not started · {} N/A",
        o.not_started, o.not_applicable
    )));
    let mut notes = vec![
        "Design: implemented over applicable items (what a Type I tests).".to_string(),
        match window {
            Some((start, end)) if start > today => format!(
                "Operating: recurring controls performed in every period of the window {start} → {end} (what a Type II tests); it has not opened yet."
            ),
            Some((start, end)) => format!(
                "Operating: recurring controls performed in every period so far of the window {start} → {end} (what a Type II tests)."
            ),
            None => "Operating: no observation window (Type I, or no plan).".to_string(),
        },
        format!(
            "{} · {} criteria in scope · Enter lists the items behind a row.",
            s.report_type.label(),
            s.criteria_in_scope
        ),
    ];
    if wb.scope.answers.is_empty() {
        notes.push("Start here: press 2 and answer the scoping questions.".to_string());
    }
    for n in notes {
        for l in wrap(&n, cols.saturating_sub(2).max(1)) {
            lines.push(Line::styled(format!("  {l}"), t.dim));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);

    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(" Plan and due dates ", t.title));
    let inner = block.inner(right);
    frame.render_widget(block, right);
    let cols = usize::from(inner.width);
    let mut lines = Vec::new();
    let overdue_style = if s.backlog_overdue > 0 { t.bad } else { t.base };
    lines.push(Line::from(vec![
        Span::raw(format!("Backlog: {} open, ", s.backlog_open)),
        Span::styled(format!("{} overdue", s.backlog_overdue), overdue_style),
    ]));
    if crate::analysis::policy::keeps_people_register(wb) {
        let f = super::policies::dashboard_figures(app);
        let changed = f.changed + f.review_overdue;
        lines.push(Line::from(vec![
            Span::raw(format!("Policies: {}/{} approved", f.approved, f.policies)),
            Span::styled(
                if changed > 0 {
                    format!(", {changed} to re-approve or review")
                } else {
                    String::new()
                },
                t.warn,
            ),
            Span::raw(" · People: "),
            Span::styled(
                format!("{} with something overdue (8)", f.people_with_overdue),
                if f.people_with_overdue > 0 {
                    t.bad
                } else {
                    t.base
                },
            ),
        ]));
    }
    let vendor_rows = vendor_lines(app, cols);
    let vendor_count = vendor_rows.len();
    lines.extend(vendor_rows);
    let milestone = match s.next_milestone {
        Some(m) => format!(
            "Next milestone: {} ({} → {}), {} days left",
            m.name,
            m.start,
            m.end,
            today.days_until(m.end).max(0)
        ),
        None => "Next milestone: none planned".to_string(),
    };
    for l in wrap(&crate::text::sanitize(&milestone), cols.max(1)) {
        lines.push(Line::raw(l));
    }
    lines.extend(advisory_lines(app, cols));
    let overdue: Vec<&ControlCoverage> = cov.iter().filter(|c| c.is_overdue(today)).collect();
    let soon: Vec<&ControlCoverage> = cov
        .iter()
        .filter(|c| !c.is_overdue(today))
        .filter(|c| {
            c.next_due
                .is_some_and(|d| (0..=DUE_SOON_DAYS).contains(&today.days_until(d)))
        })
        .collect();
    let misses = operating_misses(&cov);
    let unevidenced = implemented_without_evidence(cat, wb);
    // The vendor line is not counted: the lists below keep the share they had (their
    // estimate leaves a few rows spare).
    let room = usize::from(inner.height).saturating_sub(lines.len() - vendor_count + 5) / 4;
    lines.push(Line::default());
    lines.push(Line::styled(
        format!("Missed periods ({})", misses.len()),
        if misses.is_empty() { t.title } else { t.bad },
    ));
    push_misses(&mut lines, &misses, room.max(1), cols, app);
    lines.push(Line::styled(
        format!("Implemented without evidence ({})", unevidenced.len()),
        if unevidenced.is_empty() {
            t.title
        } else {
            t.warn
        },
    ));
    push_unevidenced(&mut lines, &unevidenced, room.max(1), cols, app);
    lines.push(Line::styled(
        format!("Overdue recurring controls ({})", overdue.len()),
        if overdue.is_empty() { t.title } else { t.bad },
    ));
    push_controls(&mut lines, &overdue, room.max(1), cols, app);
    lines.push(Line::styled(
        format!("Due in the next {DUE_SOON_DAYS} days ({})", soon.len()),
        t.title,
    ));
    push_controls(&mut lines, &soon, room.max(1), cols, app);
    let with_events: Vec<&ControlPopulation> = pops.iter().filter(|p| p.population > 0).collect();
    if !with_events.is_empty() {
        let exceptions: usize = with_events.iter().map(|p| p.exceptions).sum();
        lines.push(Line::styled(
            fit(
                &format!(
                    "Populations ({}, {exceptions} exceptions) · 7: Populations",
                    with_events.len()
                ),
                cols,
            ),
            if exceptions > 0 { t.bad } else { t.title },
        ));
        for p in with_events.iter().take(room.max(1)) {
            let text = format!(
                "  {} {} ev, {} tested, {} exc{}",
                p.item,
                p.population,
                p.tested,
                p.exceptions,
                if p.sample_ready { ", sample-ready" } else { "" }
            );
            lines.push(Line::raw(fit(&text, cols)));
        }
    }
    if crate::analysis::risk::keeps_register(wb) {
        lines.extend(risk_lines(app, cols));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The Risks entry: the register's size, what sits above the appetite, where the annual
/// assessment stands, and the first finding about the assessment itself.
fn risk_lines(app: &App, cols: usize) -> Vec<Line<'static>> {
    use crate::analysis::risk as rules;
    let t = &app.theme;
    let wb = app.wb();
    let v = crate::catalog::risks::risk_vocabulary();
    let above = wb
        .risks
        .values()
        .filter(|r| r.current() > v.appetite)
        .count();
    let findings = rules::findings(crate::catalog::catalog(), v, wb, app.today);
    let assessment = match rules::assessment_mark(wb, app.today) {
        Some(m) if m.done => format!("annual assessment held {}", m.date),
        Some(m) if m.missed => format!("annual assessment missed (window ended {})", m.latest),
        Some(m) => format!("annual assessment due by {}", m.latest),
        None => String::new(),
    };
    let mut lines = vec![Line::styled(
        fit(
            &format!(
                "Risks ({}, {above} above appetite, {} findings) · 0: Risks",
                wb.risks.len(),
                findings.len()
            ),
            cols,
        ),
        if findings.is_empty() { t.title } else { t.warn },
    )];
    lines.push(Line::raw(fit(&format!("  {assessment}"), cols)));
    if let Some(f) = findings.iter().find(|f| f.risk.is_none()) {
        lines.push(Line::styled(
            fit(&format!("  {}", crate::text::sanitize(&f.message)), cols),
            t.warn,
        ));
    }
    lines
}

/// The vendor register's findings on one line: the count, then the most pressing one (a
/// bridge-letter gap, then a checklist gap from a CUEC), which is what an auditor asks
/// about the subservice organizations first.
fn vendor_lines(app: &App, cols: usize) -> Vec<Line<'static>> {
    let wb = app.wb();
    if wb.vendors.is_empty() {
        return Vec::new();
    }
    let t = &app.theme;
    let reviews = crate::analysis::vendor::review(catalog(), wb, app.today);
    let rank = |f: &crate::analysis::vendor::Finding| match f.code() {
        "bridge-letter-gap" => 0,
        "cuec-control-not-done" => 1,
        _ => 2,
    };
    let total: usize = reviews.iter().map(|r| r.findings.len()).sum();
    let top = reviews
        .iter()
        .flat_map(|r| r.findings.iter().map(move |f| (r.vendor.name.as_str(), f)))
        .min_by_key(|(_, f)| rank(f));
    let mut text = format!("Vendors: {total} findings (9)");
    if let Some((name, f)) = top {
        text.push_str(&format!(" · {name}: {}", f.message()));
    }
    vec![Line::styled(
        fit(&text, cols),
        if total == 0 { t.base } else { t.warn },
    )]
}

/// The scoping advice (HITRUST, SOC 1, consider Privacy…) and any category that contradicts
/// the answers: the decisions that shape the whole audit belong where the team looks first.
pub fn advisory_lines(app: &App, cols: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let q = questionnaire();
    let scope = &app.wb().scope;
    let advice = derive(q, &scope.answers).advisories;
    let contradicted = contradictions(q, scope);
    if advice.is_empty() && contradicted.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::default(),
        Line::styled(
            fit(
                &format!("Advice ({}) · 2: Scoping · v: read in full", advice.len()),
                cols,
            ),
            t.title,
        ),
    ];
    for c in &contradicted {
        let text = format!(
            "! {}: press 2, select {} and press x to follow the answers",
            c.message(),
            c.category.label()
        );
        for l in wrap(&text, cols.saturating_sub(2).max(1)) {
            lines.push(Line::styled(format!("  {l}"), t.bad));
        }
    }
    for a in &advice {
        lines.push(Line::styled(
            fit(&format!("  {}: {}", a.title, a.reason), cols),
            t.warn,
        ));
    }
    lines
}

/// What `v` reads on the Dashboard: every piece of scoping advice in full (its title,
/// why it applies and what it says), any contradiction, and the next milestone.
pub fn full_text(app: &App) -> Option<FullText> {
    let q = questionnaire();
    let scope = &app.wb().scope;
    let mut paragraphs: Vec<String> = contradictions(q, scope)
        .iter()
        .map(|c| {
            format!(
                "! {}: press 2, select {} and press x to follow the answers",
                c.message(),
                c.category.label()
            )
        })
        .collect();
    for a in derive(q, &scope.answers).advisories {
        paragraphs.push(format!("{} ({})\n{}", a.title, a.reason, a.text));
    }
    if let Some(m) = crate::analysis::readiness::next_milestone(app.wb(), app.today) {
        paragraphs.push(format!(
            "Next milestone: {} ({} → {}) · {}\n{}",
            m.name,
            m.start,
            m.end,
            m.status.label(),
            m.notes
        ));
    }
    if paragraphs.is_empty() {
        return None;
    }
    Some(FullText::new("Advice and the next milestone", paragraphs))
}

fn push_controls(
    lines: &mut Vec<Line<'static>>,
    list: &[&ControlCoverage],
    room: usize,
    cols: usize,
    app: &App,
) {
    if list.is_empty() {
        lines.push(Line::styled("  none", app.theme.dim));
        return;
    }
    for (n, c) in list.iter().enumerate() {
        if n + 1 == room && list.len() > room {
            lines.push(Line::styled(
                format!("  … and {} more", list.len() - n),
                app.theme.dim,
            ));
            break;
        }
        let due = c.next_due.map(|d| d.to_string()).unwrap_or_default();
        lines.push(Line::raw(fit(
            &format!(
                "  {due} {} {} ({})",
                c.criterion,
                c.title,
                c.cadence.label()
            ),
            cols,
        )));
    }
}

/// Pushes up to `room` lines of a list, the last one saying how many more there are.
fn push_limited(
    lines: &mut Vec<Line<'static>>,
    texts: Vec<String>,
    room: usize,
    cols: usize,
    app: &App,
) {
    if texts.is_empty() {
        lines.push(Line::styled("  none", app.theme.dim));
        return;
    }
    let total = texts.len();
    for (n, text) in texts.into_iter().enumerate() {
        if n + 1 == room && total > room {
            lines.push(Line::styled(
                format!("  … and {} more", total - n),
                app.theme.dim,
            ));
            break;
        }
        lines.push(Line::raw(fit(&crate::text::sanitize(&text), cols)));
    }
}

/// The periods that ended without an occurrence, each control's run of them on one line:
/// the exceptions an auditor would write up, named rather than pooled into a percentage.
fn push_misses(
    lines: &mut Vec<Line<'static>>,
    misses: &[OperatingMiss],
    room: usize,
    cols: usize,
    app: &App,
) {
    let texts = misses
        .iter()
        .map(|m| {
            format!(
                "  {} → {} {} {} ({})",
                m.start,
                m.end,
                m.criterion,
                m.title,
                m.cadence.label()
            )
        })
        .collect();
    push_limited(lines, texts, room, cols, app);
}

/// Items marked implemented with nothing to show an auditor; readiness does not count them.
fn push_unevidenced(
    lines: &mut Vec<Line<'static>>,
    items: &[Unevidenced],
    room: usize,
    cols: usize,
    app: &App,
) {
    let texts = items
        .iter()
        .map(|u| format!("  {} {} · {}", u.criterion, u.item, u.title))
        .collect();
    push_limited(lines, texts, room, cols, app);
}

fn row_id(row: Option<Category>) -> &'static str {
    row.map_or("all", |c| c.label())
}

/// The selected row among `rows`.
fn selected_index(rows: &[Option<Category>], st: &State) -> usize {
    st.selected
        .index(rows.len(), |i| rows.get(i).map(|r| row_id(*r)))
}

/// Handles the dashboard's keys.
pub fn update(cx: &Cx, st: &mut State, action: Action, area: Rect, out: &mut Vec<Msg>) -> bool {
    let rows = rows_of(cx.wb);
    let len = rows.len();
    let id_at = |i: usize| rows.get(i).map(|r| row_id(*r));
    let selected = selected_index(&rows, st);
    match action {
        Action::Enter => {
            let row = rows.get(selected).copied().flatten();
            out.push(Msg::Open(Popup::Behind(behind_of(cx.wb, cx.today, row))));
            true
        }
        Action::Click { column, row } => {
            let hit = clicked_index(table_rect(area), row, column, 0, len);
            if let Some(i) = hit {
                st.selected.set(i, id_at);
            }
            hit.is_some()
        }
        other => st.selected.step(len, id_at, other, 5),
    }
}

/// The items behind one row's figures, each item line opening it in the Checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Behind {
    pub info: Info,
    /// Per line of `info`, the checklist item it names.
    pub targets: Vec<Option<ItemKey>>,
    /// The item under the cursor, by key (its line is derived: `Behind::line`).
    pub selected: Option<ItemKey>,
}

/// The "behind the figures" list for one row, the cursor on its first item.
pub fn behind(app: &App, category: Option<Category>) -> Behind {
    behind_of(app.wb(), app.today, category)
}

fn behind_of(wb: &Workbook, today: Date, category: Option<Category>) -> Behind {
    let (info, targets) = explain_with_targets(wb, today, category);
    let selected = targets.iter().flatten().next().cloned();
    Behind {
        info,
        targets,
        selected,
    }
}

/// The items behind one row's figures.
pub fn explain(app: &App, category: Option<Category>) -> Info {
    explain_with_targets(app.wb(), app.today, category).0
}

/// The next line with a target from `from` going `down` (or up), if any.
fn next_target(targets: &[Option<ItemKey>], from: usize, down: bool) -> Option<usize> {
    if down {
        (from + 1..targets.len()).find(|&i| targets[i].is_some())
    } else {
        (0..from.min(targets.len()))
            .rev()
            .find(|&i| targets[i].is_some())
    }
}

impl Behind {
    /// The line of the selected item (0 when the list names none).
    pub fn line(&self) -> usize {
        self.selected
            .as_ref()
            .and_then(|k| self.targets.iter().position(|t| t.as_ref() == Some(k)))
            .unwrap_or(0)
    }
}

/// Handles a key while the list is on top: the cursor moves over the item lines, Enter
/// opens the item in the Checklist with it selected, Esc closes.
pub fn behind_update(app: &mut App, action: Action, page: usize) {
    let Some(Popup::Behind(b)) = app.popups.last_mut() else {
        return;
    };
    let moves = |b: &Behind, down: bool, times: usize| {
        let mut at = b.line();
        for _ in 0..times {
            match next_target(&b.targets, at, down) {
                Some(next) => at = next,
                None => break,
            }
        }
        at
    };
    match action {
        Action::Back => {
            app.popups.pop();
        }
        Action::Enter => {
            let Some(key) = b.selected.clone() else {
                return;
            };
            app.popups.pop();
            app.goto(&Goto::Checklist {
                criterion: key.criterion,
                item: Some(key.item),
            });
        }
        Action::Up | Action::ScrollUp => {
            let at = moves(b, false, 1);
            b.selected = b.targets.get(at).cloned().flatten();
        }
        Action::Down | Action::ScrollDown => {
            let at = moves(b, true, 1);
            b.selected = b.targets.get(at).cloned().flatten();
        }
        Action::PageUp => {
            let at = moves(b, false, page);
            b.selected = b.targets.get(at).cloned().flatten();
        }
        Action::PageDown => {
            let at = moves(b, true, page);
            b.selected = b.targets.get(at).cloned().flatten();
        }
        Action::Top => {
            let at = moves(b, false, usize::MAX);
            b.selected = b.targets.get(at).cloned().flatten();
        }
        Action::Bottom => {
            let at = moves(b, true, usize::MAX);
            b.selected = b.targets.get(at).cloned().flatten();
        }
        _ => {}
    }
}

/// Draws the list: the explanation's lines, the selected item reversed.
pub fn render_behind(app: &App, b: &Behind, frame: &mut Frame) {
    use crate::tui::popup::{PopupKind, centered, draw_lines};
    let screen = frame.area();
    let line = b.line();
    let cols = usize::from(screen.width.min(90).saturating_sub(2)).max(1);
    let lines: Vec<Line> = b
        .info
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let style = if i == line && b.targets.get(i).is_some_and(Option::is_some) {
                app.theme.selected
            } else if l.heading {
                app.theme.title
            } else {
                app.theme.base
            };
            Line::styled(pad(&fit(&l.text, 200), cols), style)
        })
        .collect();
    let h = u16::try_from(lines.len() + 3).unwrap_or(u16::MAX);
    let rect = centered(screen, 90, h);
    let rows = usize::from(rect.height.saturating_sub(3)).max(1);
    let scroll = if line < rows { 0 } else { line + 1 - rows };
    draw_lines(
        app,
        frame,
        rect,
        &b.info.title,
        &lines,
        scroll,
        PopupKind::Behind,
    );
}

/// The explanation and, per line, the checklist item it names.
fn explain_with_targets(
    wb: &Workbook,
    today: Date,
    category: Option<Category>,
) -> (Info, Vec<Option<ItemKey>>) {
    let cat = catalog();
    let name = category.map_or("All in-scope categories", |c| c.label());
    let mut by_status: Vec<(ItemStatus, Vec<(String, ItemKey)>)> =
        ItemStatus::ALL.iter().map(|s| (*s, Vec::new())).collect();
    for criterion in criteria_in_scope(cat, wb) {
        if category.is_some_and(|c| c != criterion.category) {
            continue;
        }
        for item in items_of(criterion, wb) {
            let mut text = format!("  {} {} · {}", criterion.id, item.id, item.title);
            if let Some(reason) = item.record.and_then(|r| r.reason.as_deref()) {
                text.push_str(&format!(" (N/A: {reason})"));
            }
            if let Some((_, list)) = by_status.iter_mut().find(|(s, _)| *s == item.status()) {
                let key = ItemKey {
                    criterion: criterion.id.to_string(),
                    item: item.id.to_string(),
                };
                list.push((text, key));
            }
        }
    }
    let mut lines = vec![InfoLine::heading(format!(
        "Design readiness: implemented items over applicable ones ({name})"
    ))];
    let mut targets = vec![None];
    for (status, list) in by_status {
        lines.push(InfoLine::heading(format!(
            "{} ({})",
            status.label(),
            list.len()
        )));
        targets.push(None);
        for (text, key) in list {
            lines.push(InfoLine::plain(text));
            targets.push(Some(key));
        }
    }
    lines.push(InfoLine::plain(""));
    lines.push(InfoLine::heading(
        "Operating readiness: periods of each recurring control performed so far",
    ));
    let cov = coverage(cat, wb, today);
    let mut any = false;
    for c in cov
        .iter()
        .filter(|c| category.is_none() || category_of(&c.criterion) == category)
    {
        any = true;
        lines.push(InfoLine::plain(format!(
            "  {} {} ({}): {} of {} periods met, {} missed, next due {}",
            c.criterion,
            c.title,
            c.cadence.label(),
            c.met(),
            c.required(),
            c.missed(),
            c.next_due.map_or("-".to_string(), |d| d.to_string())
        )));
    }
    if !any {
        lines.push(InfoLine::plain("  no recurring controls in this category"));
    }
    targets.resize(lines.len(), None);
    let info = Info {
        title: format!("Behind the figures: {name}"),
        lines,
        scroll: 0,
    };
    (info, targets)
}
