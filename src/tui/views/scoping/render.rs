//! Drawing the scoping view: the list of questions, categories and settings, the detail
//! pane with help text and effects, and the one-question-at-a-time walk-through.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::catalog::scoping::{
    Question, QuestionKind, contradictions, derive, month_name, questionnaire,
};
use crate::model::{Category, SubserviceMethod};
use crate::tui::app::App;
use crate::tui::fulltext::{FullText, clip_scrolled, plain};
use crate::tui::text::{fit, pad, width, wrap_clean};

use crate::tui::views::{inner, scroll_offset};

use super::{Row, Setting, answer_label, row_text, rows, setting_value};

pub(super) fn list_and_detail(area: Rect) -> (Rect, Rect) {
    if area.width >= 100 {
        let [l, r] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(area);
        (l, r)
    } else {
        let [t, b] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
        (t, b)
    }
}

/// Draws the scoping view.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    if app.views.scoping.walk {
        render_walk(app, frame, area);
    } else {
        render_list(app, frame, area);
    }
}

pub(super) fn block(app: &App, title: &str, focused: bool) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            app.theme.border_focused
        } else {
            app.theme.border
        })
        .title(Span::styled(
            format!(" {}{title} ", app.theme.focus_mark(focused)),
            app.theme.title,
        ))
}

pub(super) fn render_list(app: &App, frame: &mut Frame, area: Rect) {
    let wb = app.wb();
    let t = &app.theme;
    let (list_rect, detail_rect) = list_and_detail(area);
    let rows = rows(wb);
    let answered = wb.scope.answers.len();
    let total = questionnaire().questions.len();
    let title = format!("Scoping · {answered}/{total} answered · w: one at a time");
    frame.render_widget(block(app, &title, true), list_rect);
    let list = inner(list_rect);
    let cols = usize::from(list.width);
    let height = usize::from(list.height);
    let selected = super::selected_index(wb, &rows, &app.views.scoping);
    let offset = scroll_offset(selected, height);
    let mut lines = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(offset).take(height) {
        let (label, value) = row_text(wb, *row);
        let value = fit(&value, cols / 3);
        let value_w = width(&value);
        let label_w = cols.saturating_sub(value_w + 1);
        let text = format!("{} {value}", pad(&fit(&label, label_w), label_w));
        let style = if i == selected {
            t.selected
        } else if matches!(row, Row::Heading(_)) {
            t.title
        } else {
            t.base
        };
        lines.push(Line::styled(text, style));
    }
    frame.render_widget(Paragraph::new(lines), list);

    frame.render_widget(block(app, "Details", false), detail_rect);
    let detail = inner(detail_rect);
    let row = rows.get(selected).copied().unwrap_or(Row::Heading(""));
    let lines = detail_lines(app, row, usize::from(detail.width));
    let key = super::row_key(wb, row);
    let lines = clip_scrolled(
        app,
        lines,
        usize::from(detail.height),
        &app.views.scoping.detail,
        Some(&key),
    );
    frame.render_widget(Paragraph::new(lines), detail);
}

/// Wide enough that no line of the full text is cut (the popup wraps it again).
const UNCUT: usize = 100_000;

/// What `v` reads in Scoping: the selected row's (or the question's) detail with every
/// reason, suggestion and piece of advice in full.
pub fn full_text(app: &App) -> Option<FullText> {
    let wb = app.wb();
    let (name, lines) = if app.views.scoping.walk {
        let qs = &questionnaire().questions;
        let q = qs.get(app.views.scoping.question.min(qs.len().saturating_sub(1)))?;
        let i = qs.iter().position(|x| x.id == q.id)?;
        (q.text.clone(), detail_lines(app, Row::Question(i), UNCUT))
    } else {
        let rows = rows(wb);
        let row = rows
            .get(super::selected_index(wb, &rows, &app.views.scoping))
            .copied()?;
        let (label, _) = row_text(wb, row);
        (label, detail_lines(app, row, UNCUT))
    };
    let mut paragraphs = plain(&lines);
    paragraphs.retain(|p| !p.is_empty());
    Some(FullText::new(fit(&name, 60), paragraphs))
}

pub(super) fn wrapped(text: &str, cols: usize, style: Style) -> Vec<Line<'static>> {
    // Only what can show: the detail pane is at most a screen high.
    wrap_clean(text, cols)
        .take(200)
        .map(|l| Line::styled(l, style))
        .collect()
}

pub(super) fn detail_lines(app: &App, row: Row, cols: usize) -> Vec<Line<'static>> {
    let wb = app.wb();
    let t = &app.theme;
    let mut lines = Vec::new();
    match row {
        Row::Heading(_) | Row::AddSubservice => {}
        Row::Question(i) => {
            let q = &questionnaire().questions[i];
            lines.extend(wrapped(&q.text, cols, t.title));
            lines.extend(wrapped(&q.help, cols, t.dim));
            lines.push(Line::raw(fit(
                &format!("Answer: {}", answer_label(q, wb.scope.answers.get(&q.id))),
                cols,
            )));
            lines.push(Line::styled(answer_keys(q), t.key));
        }
        Row::Category(c) => {
            let d = wb.scope.categories.get(&c);
            lines.push(Line::styled(
                format!(
                    "{}: {}",
                    c.label(),
                    if wb.in_scope(c) {
                        "in scope"
                    } else {
                        "out of scope"
                    }
                ),
                t.title,
            ));
            if let Some(d) = d {
                let who = if d.overridden {
                    "decided by a person"
                } else {
                    "from the answers"
                };
                lines.extend(wrapped(&format!("Why ({who}): {}", d.reason), cols, t.base));
            }
            lines.push(Line::styled(
                "Enter: override with a reason · x: follow the answers",
                t.key,
            ));
        }
        Row::Setting(s) => {
            lines.extend(wrapped(&setting_value(wb, s), cols, t.base));
            if s == Setting::Description {
                lines.extend(wrapped(&wb.organization.description, cols, t.dim));
            }
            lines.push(Line::styled("Enter: change", t.key));
        }
        Row::Subservice(i) => {
            let list = wb.subservices();
            let Some(s) = list.get(i) else {
                return lines;
            };
            lines.extend(wrapped(
                &format!("{} · {}", s.name, s.service),
                cols,
                t.title,
            ));
            lines.extend(wrapped(
                &format!(
                    "{}; {}",
                    match s.method() {
                        SubserviceMethod::CarveOut =>
                            "carve-out: named in the description, its controls monitored by us",
                        SubserviceMethod::Inclusive =>
                            "inclusive: its controls are described and tested in our report",
                    },
                    s.reviewed()
                        .map_or("their SOC 2 report is not reviewed yet".to_string(), |d| {
                            format!("their report was reviewed on {d}")
                        })
                ),
                cols,
                t.base,
            ));
            if let Some(r) = s.report_period() {
                lines.extend(wrapped(
                    &format!("Their report covers {} → {}", r.start, r.end),
                    cols,
                    t.base,
                ));
            }
            if !s.csocs.is_empty() {
                lines.extend(wrapped(
                    &format!("We rely on them for: {}", s.csoc_texts().join(", ")),
                    cols,
                    t.base,
                ));
            }
            lines.push(Line::styled(
                "Enter: edit · d: make an ordinary vendor · the Vendors tab (9) holds its reports, bridge letters and CUECs",
                t.key,
            ));
        }
    }
    lines.push(Line::default());
    lines.extend(effects_lines(app, cols));
    lines
}

pub(super) fn effects_lines(app: &App, cols: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let wb = app.wb();
    let mut lines = Vec::new();
    if !app.views.scoping.last_effects.is_empty() {
        lines.push(Line::styled("What your last answer changed", t.title));
        for e in &app.views.scoping.last_effects {
            lines.extend(wrapped(&format!("• {e}"), cols, t.good));
        }
    }
    lines.push(Line::styled("Scope now", t.title));
    for c in Category::ALL {
        let reason = wb
            .scope
            .categories
            .get(&c)
            .map(|d| d.reason.as_str())
            .unwrap_or("not in scope");
        let (mark, style) = if wb.in_scope(c) {
            ("✓", t.good)
        } else {
            ("·", t.dim)
        };
        let line = format!("{mark} {}: {reason}", c.label());
        lines.extend(wrapped(&line, cols, style));
    }
    for c in contradictions(questionnaire(), &wb.scope) {
        lines.extend(wrapped(
            &format!(
                "! {}: select {} and press x to follow the answers, or Enter to override with a reason",
                c.message(),
                c.category.label()
            ),
            cols,
            t.bad,
        ));
    }
    let d = derive(questionnaire(), &wb.scope.answers);
    if let Some((m, why)) = &d.window_months
        && wb.scope.report_type == crate::model::ReportType::TypeII
        && wb.scope.observation_months != Some(*m)
    {
        lines.extend(wrapped(
            &format!("Suggested: a {m}-month window ({why})"),
            cols,
            t.warn,
        ));
    }
    if let Some((m, why)) = &d.window_end_month {
        lines.extend(wrapped(
            &format!(
                "Suggested: end the window at the end of {} ({why})",
                month_name(*m)
            ),
            cols,
            t.warn,
        ));
    }
    if let Some((rt, why)) = &d.report_type
        && *rt != wb.scope.report_type
    {
        lines.extend(wrapped(
            &format!("Suggested: {} ({why})", rt.label()),
            cols,
            t.warn,
        ));
    }
    for a in &d.advisories {
        lines.extend(wrapped(
            &format!("Advice: {} ({}): {}", a.title, a.reason, a.text),
            cols,
            t.warn,
        ));
    }
    for (name, service, why) in &d.subservices {
        if !wb.is_subservice(name) {
            lines.extend(wrapped(
                &format!("Consider naming {name} ({service}) as a subservice organization: {why}"),
                cols,
                t.dim,
            ));
        }
    }
    lines
}

pub(super) fn answer_keys(q: &Question) -> String {
    match q.kind {
        QuestionKind::YesNo => "y: yes · n: no · x: clear · Enter: choose".into(),
        QuestionKind::Choice(_) => "Enter: choose · x: clear".into(),
        QuestionKind::Number => "Enter: type a number · x: clear".into(),
        QuestionKind::Date => "Enter: type a date · x: clear".into(),
    }
}

pub(super) fn render_walk(app: &App, frame: &mut Frame, area: Rect) {
    let wb = app.wb();
    let t = &app.theme;
    let qs = &questionnaire().questions;
    let index = app.views.scoping.question.min(qs.len().saturating_sub(1));
    let Some(q) = qs.get(index) else {
        return;
    };
    let title = format!(
        "Question {} of {} · {} · ←/→ move · w: list",
        index + 1,
        qs.len(),
        q.section
    );
    frame.render_widget(block(app, &title, true), area);
    let body = inner(area);
    let cols = usize::from(body.width.saturating_sub(2)).max(1);
    let mut lines = Vec::new();
    lines.push(Line::default());
    lines.extend(wrapped(&q.text, cols, t.title));
    lines.push(Line::default());
    lines.extend(wrapped(&q.help, cols, t.dim));
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::raw("Your answer: "),
        Span::styled(
            fit(&answer_label(q, wb.scope.answers.get(&q.id)), cols),
            t.title,
        ),
    ]));
    if let QuestionKind::Choice(options) = &q.kind {
        for o in options {
            lines.push(Line::raw(fit(&format!("  · {}", o.label), cols)));
        }
    }
    lines.push(Line::styled(answer_keys(q), t.key));
    lines.push(Line::default());
    lines.extend(effects_lines(app, cols));
    let padded = Rect::new(
        body.x + 1,
        body.y,
        body.width.saturating_sub(2),
        body.height,
    );
    frame.render_widget(Paragraph::new(lines), padded);
}
