//! Scoping: the questionnaire, what it puts in scope, and the report's frame.
//!
//! Why a walk-through and a list: a founder answers one question at a time with its help
//! text and sees the effect at once ("Availability is now in scope: …"); a returning user
//! jumps around the list. The list also holds the category decisions (with overrides and
//! their reasons), the report settings and the subservice organizations.

use crate::tui::history::Touch;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::catalog::scoping::{Question, QuestionKind, derive, questionnaire};
use crate::edit::{self, BoundaryList, SubserviceChange};
use crate::model::{Answer, Category, Date, ReportType, SubserviceMethod, Workbook};
use crate::tui::action::Action;
use crate::tui::app::{App, Effect};
use crate::tui::popup::{Choice, Input, Popup, Then};
use crate::tui::text::{fit, pad, width, wrap};

use super::{clicked_index, inner, scroll_offset, step};

/// The scoping view's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// One question at a time (true) or the list of everything (false).
    pub walk: bool,
    /// The question shown in walk-through mode.
    pub question: usize,
    /// The selected row in list mode.
    pub selected: usize,
    /// What the last answer changed, one sentence each.
    pub last_effects: Vec<String>,
}

/// A report setting a person can edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    ReportType,
    ObservationMonths,
    TargetDate,
    Description,
    Boundary(BoundaryList),
}

const SETTINGS: [(Setting, &str); 7] = [
    (Setting::ReportType, "Report type"),
    (Setting::ObservationMonths, "Observation window"),
    (Setting::TargetDate, "Target report date"),
    (Setting::Description, "System description"),
    (
        Setting::Boundary(BoundaryList::Products),
        "Products in the boundary",
    ),
    (
        Setting::Boundary(BoundaryList::Environments),
        "Environments",
    ),
    (Setting::Boundary(BoundaryList::DataTypes), "Data types"),
];

/// One row of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Heading(&'static str),
    Question(usize),
    Category(Category),
    Setting(Setting),
    Subservice(usize),
    AddSubservice,
}

/// The list's rows for a workbook.
pub fn rows(wb: &Workbook) -> Vec<Row> {
    let mut rows = vec![Row::Heading("Questions")];
    rows.extend((0..questionnaire().questions.len()).map(Row::Question));
    rows.push(Row::Heading("Categories"));
    rows.extend(Category::ALL.into_iter().map(Row::Category));
    rows.push(Row::Heading("Report"));
    rows.extend(SETTINGS.iter().map(|(s, _)| Row::Setting(*s)));
    rows.push(Row::Heading("Subservice organizations"));
    rows.extend((0..wb.scope.subservices.len()).map(Row::Subservice));
    rows.push(Row::AddSubservice);
    rows
}

/// How an answer reads.
pub fn answer_label(q: &Question, answer: Option<&Answer>) -> String {
    match (answer, &q.kind) {
        (None, _) => "–".to_string(),
        (Some(Answer::Yes), _) => "Yes".into(),
        (Some(Answer::No), _) => "No".into(),
        (Some(Answer::Choice(id)), QuestionKind::Choice(options)) => options
            .iter()
            .find(|o| &o.id == id)
            .map_or_else(|| id.clone(), |o| o.label.clone()),
        (Some(Answer::Choice(id)), _) => id.clone(),
        (Some(Answer::Number(n)), _) => n.to_string(),
        (Some(Answer::Date(d)), _) => d.to_string(),
    }
}

fn setting_value(wb: &Workbook, setting: Setting) -> String {
    let list = |l: &Vec<String>| {
        if l.is_empty() {
            "–".to_string()
        } else {
            l.join(", ")
        }
    };
    match setting {
        Setting::ReportType => wb.scope.report_type.label().to_string(),
        Setting::ObservationMonths => match (wb.scope.report_type, wb.scope.observation_months) {
            (ReportType::TypeI, _) => "none (Type I)".into(),
            (_, Some(m)) => format!("{m} months"),
            (_, None) => "–".into(),
        },
        Setting::TargetDate => wb
            .scope
            .target_report_date
            .map_or("–".into(), |d| d.to_string()),
        Setting::Description => {
            let d = wb.organization.description.lines().next().unwrap_or("");
            if d.is_empty() {
                "–".into()
            } else {
                d.to_string()
            }
        }
        Setting::Boundary(BoundaryList::Products) => list(&wb.scope.boundary.products),
        Setting::Boundary(BoundaryList::Environments) => list(&wb.scope.boundary.environments),
        Setting::Boundary(BoundaryList::DataTypes) => list(&wb.scope.boundary.data_types),
    }
}

fn row_text(wb: &Workbook, row: Row) -> (String, String) {
    let q = questionnaire();
    match row {
        Row::Heading(h) => (h.to_string(), String::new()),
        Row::Question(i) => {
            let question = &q.questions[i];
            (
                format!("  {}", question.text),
                answer_label(question, wb.scope.answers.get(&question.id)),
            )
        }
        Row::Category(c) => {
            let d = wb.scope.categories.get(&c);
            let state = if wb.in_scope(c) { "in scope" } else { "out" };
            let mark = if d.is_some_and(|d| d.overridden) {
                " (override)"
            } else {
                ""
            };
            (format!("  {}", c.label()), format!("{state}{mark}"))
        }
        Row::Setting(s) => {
            let label = SETTINGS
                .iter()
                .find(|(k, _)| *k == s)
                .map_or("", |(_, l)| *l);
            (format!("  {label}"), setting_value(wb, s))
        }
        Row::Subservice(i) => {
            let s = &wb.scope.subservices[i];
            let reviewed = s.reviewed.map_or("report not reviewed".to_string(), |d| {
                format!("reviewed {d}")
            });
            (
                format!("  {} ({})", s.name, s.service),
                format!("{} · {reviewed}", s.method.label()),
            )
        }
        Row::AddSubservice => (
            "  + add a subservice organization (a)".into(),
            String::new(),
        ),
    }
}

fn list_and_detail(area: Rect) -> (Rect, Rect) {
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
    if app.scoping.walk {
        render_walk(app, frame, area);
    } else {
        render_list(app, frame, area);
    }
}

fn block(app: &App, title: &str, focused: bool) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            app.theme.border_focused
        } else {
            app.theme.border
        })
        .title(Span::styled(format!(" {title} "), app.theme.title))
}

fn render_list(app: &App, frame: &mut Frame, area: Rect) {
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
    let offset = scroll_offset(app.scoping.selected, height);
    let mut lines = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(offset).take(height) {
        let (label, value) = row_text(wb, *row);
        let value = fit(&value, cols / 3);
        let value_w = width(&value);
        let label_w = cols.saturating_sub(value_w + 1);
        let text = format!("{} {value}", pad(&fit(&label, label_w), label_w));
        let style = if i == app.scoping.selected {
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
    let row = rows
        .get(app.scoping.selected)
        .copied()
        .unwrap_or(Row::Heading(""));
    let lines = detail_lines(app, row, usize::from(detail.width));
    frame.render_widget(Paragraph::new(lines), detail);
}

fn wrapped(text: &str, cols: usize, style: Style) -> Vec<Line<'static>> {
    wrap(&crate::text::sanitize_multiline(text), cols)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

fn detail_lines(app: &App, row: Row, cols: usize) -> Vec<Line<'static>> {
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
            let s = &wb.scope.subservices[i];
            lines.extend(wrapped(
                &format!("{} · {}", s.name, s.service),
                cols,
                t.title,
            ));
            lines.extend(wrapped(
                &format!(
                    "{}; {}",
                    match s.method {
                        SubserviceMethod::CarveOut =>
                            "carve-out: named in the description, its controls monitored by us",
                        SubserviceMethod::Inclusive =>
                            "inclusive: its controls are described and tested in our report",
                    },
                    s.reviewed
                        .map_or("their SOC 2 report is not reviewed yet".to_string(), |d| {
                            format!("their report was reviewed on {d}")
                        })
                ),
                cols,
                t.base,
            ));
            lines.push(Line::styled("Enter: edit · d: remove", t.key));
        }
    }
    lines.push(Line::default());
    lines.extend(effects_lines(app, cols));
    lines
}

fn effects_lines(app: &App, cols: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let wb = app.wb();
    let mut lines = Vec::new();
    if !app.scoping.last_effects.is_empty() {
        lines.push(Line::styled("What your last answer changed", t.title));
        for e in &app.scoping.last_effects {
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
        lines.push(Line::styled(fit(&line, cols), style));
    }
    let d = derive(questionnaire(), &wb.scope.answers);
    if let Some((rt, why)) = &d.report_type
        && *rt != wb.scope.report_type
    {
        lines.extend(wrapped(
            &format!("Suggested: {} ({why})", rt.label()),
            cols,
            t.warn,
        ));
    }
    for (title, text) in &d.advisories {
        lines.extend(wrapped(&format!("Advice: {title}: {text}"), cols, t.warn));
    }
    for (name, service, why) in &d.subservices {
        if !wb.scope.subservices.iter().any(|s| &s.name == name) {
            lines.extend(wrapped(
                &format!("Consider naming {name} ({service}) as a subservice organization: {why}"),
                cols,
                t.dim,
            ));
        }
    }
    lines
}

fn answer_keys(q: &Question) -> String {
    match q.kind {
        QuestionKind::YesNo => "y: yes · n: no · x: clear · Enter: choose".into(),
        QuestionKind::Choice(_) => "Enter: choose · x: clear".into(),
        QuestionKind::Number => "Enter: type a number · x: clear".into(),
        QuestionKind::Date => "Enter: type a date · x: clear".into(),
    }
}

fn render_walk(app: &App, frame: &mut Frame, area: Rect) {
    let wb = app.wb();
    let t = &app.theme;
    let qs = &questionnaire().questions;
    let index = app.scoping.question.min(qs.len().saturating_sub(1));
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

fn selected_question(app: &App) -> Option<usize> {
    if app.scoping.walk {
        return Some(app.scoping.question);
    }
    match rows(app.wb()).get(app.scoping.selected) {
        Some(Row::Question(i)) => Some(*i),
        _ => None,
    }
}

fn selected_row(app: &App) -> Option<Row> {
    if app.scoping.walk {
        return Some(Row::Question(app.scoping.question));
    }
    rows(app.wb()).get(app.scoping.selected).copied()
}

/// Answers the question at `index` and, in walk-through mode, moves to the next one.
fn answer_and_advance(app: &mut App, index: usize, answer: Option<Answer>) {
    let Some(q) = questionnaire().questions.get(index) else {
        return;
    };
    let id = q.id.clone();
    let before = app.doc.generation;
    app.answer(&id, answer);
    if app.scoping.walk && app.doc.generation != before {
        let last = questionnaire().questions.len().saturating_sub(1);
        app.scoping.question = (index + 1).min(last);
    }
}

/// Handles the scoping view's keys.
pub fn update(app: &mut App, action: Action, area: Rect) -> bool {
    let nq = questionnaire().questions.len();
    let rows = rows(app.wb());
    app.scoping.selected = app.scoping.selected.min(rows.len().saturating_sub(1));
    match action {
        Action::ToggleWalkThrough => {
            app.scoping.walk = !app.scoping.walk;
            if app.scoping.walk {
                if let Some(Row::Question(i)) = rows.get(app.scoping.selected) {
                    app.scoping.question = *i;
                }
            } else if let Some(pos) = rows
                .iter()
                .position(|r| *r == Row::Question(app.scoping.question))
            {
                app.scoping.selected = pos;
            }
        }
        Action::AnswerYes | Action::AnswerNo => {
            let Some(i) = selected_question(app) else {
                return false;
            };
            if questionnaire().questions[i].kind != QuestionKind::YesNo {
                app.error("this question is not a yes/no question: press Enter to answer");
                return true;
            }
            let a = if action == Action::AnswerYes {
                Answer::Yes
            } else {
                Answer::No
            };
            answer_and_advance(app, i, Some(a));
        }
        Action::ClearAnswer => match selected_row(app) {
            Some(Row::Question(i)) => {
                let id = questionnaire().questions[i].id.clone();
                app.answer(&id, None);
            }
            Some(Row::Category(c)) => {
                app.edit_touching("follow the answers", Touch::Small, |wb, _| {
                    edit::clear_category_override(wb, c);
                    Ok(())
                });
                app.info(format!("{} follows the scoping answers again", c.label()));
            }
            _ => return false,
        },
        Action::Enter => match selected_row(app) {
            Some(row) => open_editor_for(app, row),
            None => return false,
        },
        Action::AddSubservice => open_add_subservice(app),
        Action::Delete => match selected_row(app) {
            Some(Row::Subservice(i)) => {
                let name = app.wb().scope.subservices[i].name.clone();
                app.confirm(
                    format!("Remove {name} from the subservice organizations?"),
                    Then::RemoveSubservice(i),
                );
            }
            _ => return false,
        },
        Action::Left | Action::Up | Action::ScrollUp if app.scoping.walk => {
            app.scoping.question = app.scoping.question.saturating_sub(1);
        }
        Action::Right | Action::Down | Action::ScrollDown if app.scoping.walk => {
            app.scoping.question = (app.scoping.question + 1).min(nq.saturating_sub(1));
        }
        Action::Top if app.scoping.walk => app.scoping.question = 0,
        Action::Bottom if app.scoping.walk => app.scoping.question = nq.saturating_sub(1),
        Action::Click { column, row } if !app.scoping.walk => {
            let (list_rect, _) = list_and_detail(area);
            match clicked_index(
                inner(list_rect),
                row,
                column,
                app.scoping.selected,
                rows.len(),
            ) {
                Some(i) => app.scoping.selected = i,
                None => return false,
            }
        }
        other if !app.scoping.walk => {
            let page = usize::from(area.height / 2).max(1);
            let Some(mut next) = step(app.scoping.selected, rows.len(), other, page) else {
                return false;
            };
            // Headings are not stops: keep going in the same direction.
            let down = next >= app.scoping.selected;
            while matches!(rows.get(next), Some(Row::Heading(_))) {
                next = if down {
                    if next + 1 >= rows.len() {
                        break;
                    }
                    next + 1
                } else {
                    if next == 0 {
                        next = 1;
                        break;
                    }
                    next - 1
                };
            }
            app.scoping.selected = next;
        }
        _ => return false,
    }
    true
}

fn open_editor_for(app: &mut App, row: Row) {
    let wb = app.wb().clone();
    match row {
        Row::Heading(_) => {}
        Row::Question(i) => {
            let q = &questionnaire().questions[i];
            let then = Then::Answer(q.id.clone());
            let current = wb.scope.answers.get(&q.id);
            match &q.kind {
                QuestionKind::YesNo => {
                    let options = vec![
                        Choice::new("Yes", "yes"),
                        Choice::new("No", "no"),
                        Choice::new("(no answer)", ""),
                    ];
                    let sel = match current {
                        Some(Answer::No) => 1,
                        _ => 0,
                    };
                    app.pick("Answer", &q.text, options, sel, then);
                }
                QuestionKind::Choice(opts) => {
                    let mut options: Vec<Choice> =
                        opts.iter().map(|o| Choice::new(&o.label, &o.id)).collect();
                    options.push(Choice::new("(no answer)", ""));
                    let sel = match current {
                        Some(Answer::Choice(id)) => {
                            opts.iter().position(|o| &o.id == id).unwrap_or(0)
                        }
                        _ => 0,
                    };
                    app.pick("Answer", &q.text, options, sel, then);
                }
                QuestionKind::Number | QuestionKind::Date => {
                    let hint = if q.kind == QuestionKind::Number {
                        "a whole number"
                    } else {
                        "a date, YYYY-MM-DD"
                    };
                    let text = current.map_or(String::new(), |a| answer_label(q, Some(a)));
                    app.open(Popup::Input(Input::new(
                        "Answer",
                        &format!("{}\n({hint}; empty clears the answer)", q.text),
                        &text,
                        then,
                    )));
                }
            }
        }
        Row::Category(c) => {
            let options = vec![
                Choice::new("In scope (my decision)", "in"),
                Choice::new("Out of scope (my decision)", "out"),
                Choice::new("Follow the scoping answers", "rules"),
            ];
            let sel = usize::from(!wb.in_scope(c));
            app.pick(
                c.label(),
                "Auditors ask why a category was included or left out: an override needs a reason.",
                options,
                sel,
                Then::Category(c),
            );
        }
        Row::Setting(Setting::ReportType) => {
            let sel = usize::from(wb.scope.report_type == ReportType::TypeII);
            app.pick(
                "Report type",
                "Type I tests design at one date; Type II tests operation over a window.",
                vec![
                    Choice::new("Type I", "TypeI"),
                    Choice::new("Type II", "TypeII"),
                ],
                sel,
                Then::ReportType,
            );
        }
        Row::Setting(Setting::ObservationMonths) => {
            let sel = match wb.scope.observation_months {
                Some(3) => 0,
                Some(12) => 2,
                _ => 1,
            };
            app.pick(
                "Observation window",
                "How long a Type II report observes your controls operating.",
                vec![
                    Choice::new("3 months", "3"),
                    Choice::new("6 months", "6"),
                    Choice::new("12 months", "12"),
                ],
                sel,
                Then::ObservationMonths,
            );
        }
        Row::Setting(Setting::TargetDate) => app.open(Popup::Input(Input::new(
            "Target report date",
            "When you need the report in hand (YYYY-MM-DD; empty clears it)",
            &wb.scope
                .target_report_date
                .map_or(String::new(), |d| d.to_string()),
            Then::TargetDate,
        ))),
        Row::Setting(Setting::Description) => {
            if wb.organization.description.contains('\n') {
                app.effect = Some(Effect::EditDescription(wb.organization.description.clone()));
            } else {
                app.open(Popup::Input(Input::new(
                    "System description",
                    "What the audited system does, in a sentence or two",
                    &wb.organization.description,
                    Then::Description,
                )));
            }
        }
        Row::Setting(Setting::Boundary(list)) => {
            let current = match list {
                BoundaryList::Products => &wb.scope.boundary.products,
                BoundaryList::Environments => &wb.scope.boundary.environments,
                BoundaryList::DataTypes => &wb.scope.boundary.data_types,
            };
            app.open(Popup::Input(Input::new(
                "System boundary",
                "Comma-separated list (for example: production, staging)",
                &current.join(", "),
                Then::Boundary(list),
            )));
        }
        Row::Subservice(i) => {
            let s = &wb.scope.subservices[i];
            let other = match s.method {
                SubserviceMethod::CarveOut => "inclusive",
                SubserviceMethod::Inclusive => "carve-out",
            };
            app.pick(
                &s.name,
                "",
                vec![
                    Choice::new("Rename", "name"),
                    Choice::new("Change what they do for us", "service"),
                    Choice::new(format!("Switch to {other}"), "method"),
                    Choice::new("Record that we reviewed their SOC 2 report", "reviewed"),
                    Choice::new("Remove", "remove"),
                ],
                0,
                Then::SubserviceField(i),
            );
        }
        Row::AddSubservice => open_add_subservice(app),
    }
}

fn open_add_subservice(app: &mut App) {
    app.open(Popup::Input(Input::new(
        "New subservice organization",
        "Vendor name, then what they do for you (for example: AWS, cloud hosting)",
        "",
        Then::AddSubservice,
    )));
}

fn parse_answer(q: &Question, value: &str) -> Result<Option<Answer>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    match q.kind {
        QuestionKind::YesNo => match value {
            "yes" => Ok(Some(Answer::Yes)),
            "no" => Ok(Some(Answer::No)),
            other => Err(format!("\"{other}\" is not yes or no")),
        },
        QuestionKind::Choice(_) => Ok(Some(Answer::Choice(value.to_string()))),
        QuestionKind::Number => value
            .parse::<u32>()
            .map(|n| Some(Answer::Number(n)))
            .map_err(|_| format!("\"{value}\" is not a whole number")),
        QuestionKind::Date => value
            .parse::<Date>()
            .map(|d| Some(Answer::Date(d)))
            .map_err(|e| e.to_string()),
    }
}

fn parse_date_or_empty(value: &str) -> Result<Option<Date>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value.parse::<Date>().map(Some).map_err(|e| e.to_string())
}

/// Completes the scoping popups.
pub fn complete(app: &mut App, then: Then, value: String) {
    match then {
        Then::Answer(id) => {
            let Some((index, q)) = questionnaire()
                .questions
                .iter()
                .enumerate()
                .find(|(_, q)| q.id == id)
            else {
                return;
            };
            match parse_answer(q, &value) {
                Ok(answer) => answer_and_advance(app, index, answer),
                Err(e) => app.error(e),
            }
        }
        Then::Category(c) => match value.as_str() {
            "rules" => {
                app.edit_touching("follow the answers", Touch::Small, |wb, _| {
                    edit::clear_category_override(wb, c);
                    Ok(())
                });
                app.info(format!("{} follows the scoping answers", c.label()));
            }
            choice => {
                let in_scope = choice == "in";
                if c == Category::Security && !in_scope {
                    app.error(edit::EditError::SecurityRequired.to_string());
                    return;
                }
                app.open(Popup::Input(Input::new(
                    "Reason",
                    &format!(
                        "Why is {} {}? Auditors will ask.",
                        c.label(),
                        if in_scope { "in scope" } else { "out of scope" }
                    ),
                    "",
                    Then::OverrideReason(c, in_scope),
                )));
            }
        },
        Then::OverrideReason(c, in_scope)
            if app
                .edit_touching("override category", Touch::Small, |wb, _| {
                    edit::override_category(wb, c, in_scope, &value)
                })
                .is_some() =>
        {
            app.info(format!(
                "{} is {} by your decision",
                c.label(),
                if in_scope { "in scope" } else { "out of scope" }
            ));
        }
        Then::ReportType => {
            let rt = if value == "TypeI" {
                ReportType::TypeI
            } else {
                ReportType::TypeII
            };
            app.edit_touching("set report type", Touch::Small, |wb, _| {
                edit::set_report_type(wb, rt);
                Ok(())
            });
        }
        Then::ObservationMonths => {
            let months = value.parse::<u8>().unwrap_or(6);
            app.edit_touching("set observation window", Touch::Small, |wb, _| {
                edit::set_observation_months(wb, months)
            });
        }
        Then::TargetDate => match parse_date_or_empty(&value) {
            Ok(date) => {
                app.edit_touching("set target date", Touch::Small, |wb, _| {
                    edit::set_target_report_date(wb, date);
                    Ok(())
                });
            }
            Err(e) => app.error(e),
        },
        Then::Description => {
            app.edit_touching("edit system description", Touch::Small, |wb, _| {
                edit::set_system_description(wb, &value);
                Ok(())
            });
        }
        Then::Boundary(list) => {
            let entries: Vec<&str> = value.split(',').collect();
            app.edit_touching("edit boundary", Touch::Small, |wb, _| {
                edit::set_boundary(wb, list, &entries);
                Ok(())
            });
        }
        Then::AddSubservice => {
            let (name, service) = value.split_once(',').unwrap_or((&value, ""));
            if let Some(i) =
                app.edit_touching("add subservice organization", Touch::Small, |wb, _| {
                    edit::add_subservice(wb, name, service)
                })
            {
                if let Some(pos) = rows(app.wb()).iter().position(|r| *r == Row::Subservice(i)) {
                    app.scoping.selected = pos;
                }
                app.info(format!(
                    "{} added as a carve-out subservice organization",
                    name.trim()
                ));
            }
        }
        Then::SubserviceField(i) => {
            let Some(s) = app.wb().scope.subservices.get(i).cloned() else {
                return;
            };
            match value.as_str() {
                "name" => app.open(Popup::Input(Input::new(
                    "Rename",
                    "The vendor's name",
                    &s.name,
                    Then::SubserviceName(i),
                ))),
                "service" => app.open(Popup::Input(Input::new(
                    "Service",
                    "What they do for you",
                    &s.service,
                    Then::SubserviceService(i),
                ))),
                "method" => {
                    let method = match s.method {
                        SubserviceMethod::CarveOut => SubserviceMethod::Inclusive,
                        SubserviceMethod::Inclusive => SubserviceMethod::CarveOut,
                    };
                    app.edit_touching("change subservice method", Touch::Small, |wb, _| {
                        edit::update_subservice(wb, i, SubserviceChange::Method(method))
                    });
                }
                "reviewed" => app.open(Popup::Input(Input::new(
                    "Report reviewed",
                    "When did you review their SOC 2 report? (YYYY-MM-DD; empty: not reviewed)",
                    &s.reviewed.unwrap_or(app.today).to_string(),
                    Then::SubserviceReviewed(i),
                ))),
                "remove" => app.confirm(
                    format!("Remove {} from the subservice organizations?", s.name),
                    Then::RemoveSubservice(i),
                ),
                _ => {}
            }
        }
        Then::SubserviceName(i) => {
            app.edit_touching("rename subservice organization", Touch::Small, |wb, _| {
                edit::update_subservice(wb, i, SubserviceChange::Name(value.clone()))
            });
        }
        Then::SubserviceService(i) => {
            app.edit_touching("edit subservice service", Touch::Small, |wb, _| {
                edit::update_subservice(wb, i, SubserviceChange::Service(value.clone()))
            });
        }
        Then::SubserviceReviewed(i) => match parse_date_or_empty(&value) {
            Ok(date) => {
                app.edit_touching("record subservice review", Touch::Small, |wb, _| {
                    edit::update_subservice(wb, i, SubserviceChange::Reviewed(date))
                });
            }
            Err(e) => app.error(e),
        },
        Then::RemoveSubservice(i) => {
            if let Some(s) =
                app.edit_touching("remove subservice organization", Touch::Small, |wb, _| {
                    edit::remove_subservice(wb, i)
                })
            {
                app.info(format!("{} removed", s.name));
            }
        }
        _ => {}
    }
}
