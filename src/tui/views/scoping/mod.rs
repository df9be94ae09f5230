//! Scoping: the questionnaire, what it puts in scope, and the report's frame.
//!
//! Why a walk-through and a list: a founder answers one question at a time with its help
//! text and sees the effect at once ("Availability is now in scope: …"); a returning user
//! jumps around the list. The list also holds the category decisions (with overrides and
//! their reasons), the report settings and the subservice organizations.
//!
//! `render.rs` draws, `input.rs` handles keys and popups; this file holds the state and
//! the rows the list shows.

mod input;
mod render;

pub use input::{complete, update};
pub use render::full_text;
pub use render::render;

use crate::catalog::scoping::{Question, QuestionKind, derive, questionnaire};
use crate::edit::BoundaryList;
use crate::model::{Answer, Category, ReportType, Workbook};
use crate::tui::msg::Cursor;

/// What a scoping popup was opened for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    Answer(String),
    Category(Category),
    OverrideReason(Category, bool),
    ReportType,
    ObservationMonths,
    TargetDate,
    Description,
    Boundary(BoundaryList),
    AddSubservice,
    // The subservice popups name their vendor, not a position: a reload may reorder the
    // list while the popup is open, and the answer must still go to the vendor shown.
    SubserviceField(String),
    SubserviceName(String),
    SubserviceService(String),
    SubserviceReviewed(String),
    SubservicePeriod(String),
    SubserviceRelied(String),
    RemoveSubservice(String),
}

fn then(t: Then) -> crate::tui::popup::Then {
    crate::tui::popup::Then::Scoping(t)
}

/// The scoping view's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// One question at a time (true) or the list of everything (false).
    pub walk: bool,
    /// The question shown in walk-through mode.
    pub question: usize,
    /// The selected row in list mode.
    /// The selected list row, by [`row_key`].
    pub selected: Cursor,
    /// What the last answer changed, one sentence each.
    pub last_effects: Vec<String>,
    /// How far the detail pane is scrolled (`]`, `[`).
    pub detail: crate::tui::msg::DetailScroll,
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

pub(super) const SETTINGS: [(Setting, &str); 7] = [
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
    rows.extend((0..wb.subservices().len()).map(Row::Subservice));
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

/// A Report row's value with what the answers suggest when it differs, so the person sees
/// both before pressing `r` in the Timeline to apply them.
pub(super) fn setting_value(wb: &Workbook, setting: Setting) -> String {
    let value = stored_setting_value(wb, setting);
    match suggested_setting(wb, setting) {
        Some(s) if s != value => format!("{value} (answers suggest {s})"),
        _ => value,
    }
}

/// What the scoping answers suggest for a Report row, if anything.
fn suggested_setting(wb: &Workbook, setting: Setting) -> Option<String> {
    let d = derive(questionnaire(), &wb.scope.answers);
    match setting {
        Setting::ReportType => d.report_type.map(|(t, _)| t.label().to_string()),
        Setting::ObservationMonths if wb.scope.report_type != ReportType::TypeI => {
            d.window_months.map(|(m, _)| format!("{m} months"))
        }
        Setting::TargetDate => d.target_report_date.map(|t| t.to_string()),
        _ => None,
    }
}

fn stored_setting_value(wb: &Workbook, setting: Setting) -> String {
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

pub(super) fn row_text(wb: &Workbook, row: Row) -> (String, String) {
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
            let list = wb.subservices();
            let Some(s) = list.get(i) else {
                return (String::new(), String::new());
            };
            let reviewed = s.reviewed().map_or("report not reviewed".to_string(), |d| {
                format!("reviewed {d}")
            });
            (
                format!("  {} ({})", s.name, s.service),
                format!("{} · {reviewed}", s.method().label()),
            )
        }
        Row::AddSubservice => (
            "  + add a subservice organization (a)".into(),
            String::new(),
        ),
    }
}

/// A list row's id: stable across a reload that adds or reorders rows (a subservice
/// organization is named by its name, a question by its id).
pub fn row_key(wb: &Workbook, row: Row) -> String {
    match row {
        Row::Heading(h) => format!("heading:{h}"),
        Row::Question(i) => format!(
            "question:{}",
            questionnaire()
                .questions
                .get(i)
                .map_or("", |q| q.id.as_str())
        ),
        Row::Category(c) => format!("category:{}", c.label()),
        Row::Setting(s) => format!(
            "setting:{}",
            SETTINGS
                .iter()
                .find(|(x, _)| *x == s)
                .map_or("", |(_, label)| *label)
        ),
        Row::Subservice(i) => wb
            .subservices()
            .get(i)
            .map_or_else(String::new, |s| row_key_subservice(&s.name)),
        Row::AddSubservice => "add-subservice".to_string(),
    }
}

/// The row id of the subservice organization named `name`.
pub fn row_key_subservice(name: &str) -> String {
    format!("subservice:{name}")
}

/// The row ids of `rows`.
pub fn row_keys(wb: &Workbook, rows: &[Row]) -> Vec<String> {
    rows.iter().map(|r| row_key(wb, *r)).collect()
}

/// The selected row among `rows`.
pub fn selected_index(wb: &Workbook, rows: &[Row], st: &State) -> usize {
    let keys = row_keys(wb, rows);
    st.selected
        .index(keys.len(), |i| keys.get(i).map(String::as_str))
}

/// Selects list row `pos`.
pub fn select_row(wb: &Workbook, st: &mut State, pos: usize) {
    let keys = row_keys(wb, &rows(wb));
    st.selected.set(pos, |i| keys.get(i).map(String::as_str));
}
