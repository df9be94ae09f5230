//! The scoping questionnaire and the rules that turn its answers into advice: which
//! categories, which report type, how long a window, which vendors to name.
//!
//! Why rules as data: auditors ask why a category was left out, so every suggestion carries
//! the human reason of the rule that produced it, and the rules live in `assets/scoping.ron`
//! where a reviewer can read them next to the questions they refer to.
//!
//! Unanswered questions: every condition that looks at an answer (`Yes`, `No`, `Is`,
//! `AtLeast`, `AtMost`, `Answered`) is false while its question is unanswered. `Not`
//! simply negates, so `Not(Yes(q))` is true for an unanswered `q`; use `No(q)` when only an
//! explicit "no" should count.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::{Answer, Category, CategoryDecision, ReportType, Scope};

/// The questionnaire asset, compiled in like the catalog.
const SCOPING_RON: &str = include_str!("../../assets/scoping.ron");

/// The embedded questionnaire, parsed once on first use.
pub fn questionnaire() -> &'static Questionnaire {
    static QUESTIONNAIRE: OnceLock<Questionnaire> = OnceLock::new();
    QUESTIONNAIRE.get_or_init(|| {
        ron::from_str(SCOPING_RON)
            .expect("embedded assets/scoping.ron must parse (guarded by the scoping tests)")
    })
}

/// The scoping questions and the rules that read their answers.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// In the order they are asked.
    pub questions: Vec<Question>,
    /// In priority order: for report type and window the first match wins.
    pub rules: Vec<Rule>,
}

/// One scoping question.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// A snake_case key; workbooks store answers under it, so it never changes.
    pub id: String,
    /// The heading it is shown under, such as "Your customers".
    pub section: String,
    pub text: String,
    /// Why an auditor cares about the answer.
    pub help: String,
    pub kind: QuestionKind,
}

/// What sort of answer a question takes.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum QuestionKind {
    YesNo,
    Choice(Vec<ChoiceOption>),
    Number,
    Date,
}

/// One option of a single-choice question.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// Stored in the workbook as `Answer::Choice(id)`.
    pub id: String,
    pub label: String,
}

/// If the condition holds, the effect applies, for the stated reason.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub when: Condition,
    pub then: Effect,
    /// Shown to the user after "because": "you commit to an uptime SLA".
    pub reason: String,
}

/// A test on the answers. Conditions on an unanswered question are false (see module docs).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// The yes/no question was answered yes.
    Yes(String),
    /// The yes/no question was answered no.
    No(String),
    /// The choice question was answered with this option id.
    Is(String, String),
    /// The number question was answered with at least this value.
    AtLeast(String, u32),
    /// The number question was answered with at most this value.
    AtMost(String, u32),
    /// The question has any answer.
    Answered(String),
    /// At least one holds (false when empty).
    Any(Vec<Condition>),
    /// Every one holds (true when empty).
    All(Vec<Condition>),
    /// The inner condition does not hold (true for an unanswered question).
    Not(Box<Condition>),
}

/// What a matching rule suggests.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put this category in scope.
    Include(Category),
    /// Show a piece of advice (another framework, a report to consider…).
    Advise { title: String, text: String },
    /// Suggest this report type (first matching rule wins).
    ReportType(ReportType),
    /// Suggest this observation window in months (first matching rule wins).
    WindowMonths(u8),
    /// Suggest naming this vendor as a subservice organization (carve-out by default).
    Subservice { name: String, service: String },
}

/// What the answers suggest, each suggestion with its reason.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
pub struct Derivation {
    /// All five categories; Security is always in scope.
    pub categories: BTreeMap<Category, DerivedCategory>,
    /// The suggested report type and why.
    pub report_type: Option<(ReportType, String)>,
    /// The suggested observation window and why.
    pub window_months: Option<(u8, String)>,
    /// (title, text) of each piece of advice, first occurrence of a title kept.
    pub advisories: Vec<(String, String)>,
    /// (name, service, reason) of each suggested subservice organization.
    pub subservices: Vec<(String, String, String)>,
}

/// Whether the answers call for one category, and which answers do.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
pub struct DerivedCategory {
    pub in_scope: bool,
    pub reasons: Vec<String>,
}

/// The reason Security carries: it is not a choice.
pub const SECURITY_REASON: &str = "always in scope: every SOC 2 report covers the Common Criteria";
/// The reason a category no rule asked for carries.
pub const NOT_CALLED_FOR: &str = "not in scope: no answer calls for it";

impl Condition {
    /// Whether the condition holds for these answers (unanswered questions make leaves false).
    pub fn holds(&self, answers: &BTreeMap<String, Answer>) -> bool {
        match self {
            Condition::Yes(q) => matches!(answers.get(q), Some(Answer::Yes)),
            Condition::No(q) => matches!(answers.get(q), Some(Answer::No)),
            Condition::Is(q, option) => {
                matches!(answers.get(q), Some(Answer::Choice(chosen)) if chosen == option)
            }
            Condition::AtLeast(q, n) => {
                matches!(answers.get(q), Some(Answer::Number(v)) if v >= n)
            }
            Condition::AtMost(q, n) => {
                matches!(answers.get(q), Some(Answer::Number(v)) if v <= n)
            }
            Condition::Answered(q) => answers.contains_key(q),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(answers)),
            Condition::All(cs) => cs.iter().all(|c| c.holds(answers)),
            Condition::Not(c) => !c.holds(answers),
        }
    }
}

impl Questionnaire {
    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Everything wrong with the questions and rules, empty when sound: rules must name
    /// existing questions of the right kind and existing options, so a typo in the asset
    /// cannot silently disable a rule.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen = BTreeMap::new();
        for q in &self.questions {
            if seen.insert(q.id.as_str(), ()).is_some() {
                problems.push(format!("question {} appears twice", q.id));
            }
            if !is_snake_case(&q.id) {
                problems.push(format!("question id {:?} is not snake_case", q.id));
            }
            let mut texts = vec![&q.section, &q.text, &q.help];
            if q.section.trim().is_empty() || q.text.trim().is_empty() || q.help.trim().is_empty() {
                problems.push(format!("question {} needs a section, text and help", q.id));
            }
            if let QuestionKind::Choice(options) = &q.kind {
                if options.len() < 2 {
                    problems.push(format!("question {} needs at least two options", q.id));
                }
                let mut ids = BTreeMap::new();
                for o in options {
                    if ids.insert(o.id.as_str(), ()).is_some() {
                        problems.push(format!("question {} repeats option {}", q.id, o.id));
                    }
                    if !is_snake_case(&o.id) {
                        problems.push(format!("option id {:?} is not snake_case", o.id));
                    }
                    texts.push(&o.label);
                }
            }
            if texts.iter().any(|t| t.chars().any(char::is_control)) {
                problems.push(format!("question {} has a control character", q.id));
            }
        }
        for (n, rule) in self.rules.iter().enumerate() {
            let at = format!("rule {} ({})", n + 1, rule.reason);
            self.check_condition(&rule.when, &at, &mut problems);
            if rule.reason.trim().is_empty() {
                problems.push(format!("{at}: empty reason"));
            }
            let mut texts = vec![&rule.reason];
            match &rule.then {
                Effect::Include(Category::Security) => {
                    problems.push(format!("{at}: Security is always in scope, no rule needed"));
                }
                Effect::Include(_) | Effect::ReportType(_) => {}
                Effect::WindowMonths(m) => {
                    if ![3, 6, 12].contains(m) {
                        problems.push(format!("{at}: window must be 3, 6 or 12 months"));
                    }
                }
                Effect::Advise { title, text } => {
                    if title.trim().is_empty() || text.trim().is_empty() {
                        problems.push(format!("{at}: advice needs a title and text"));
                    }
                    texts.extend([title, text]);
                }
                Effect::Subservice { name, service } => {
                    if name.trim().is_empty() || service.trim().is_empty() {
                        problems.push(format!("{at}: subservice needs a name and service"));
                    }
                    texts.extend([name, service]);
                }
            }
            if texts.iter().any(|t| t.chars().any(char::is_control)) {
                problems.push(format!("{at}: control character"));
            }
        }
        problems
    }

    fn check_condition(&self, c: &Condition, at: &str, problems: &mut Vec<String>) {
        let kind = |q: &str| self.question(q).map(|q| &q.kind);
        match c {
            Condition::Yes(q) | Condition::No(q) => {
                if !matches!(kind(q), Some(QuestionKind::YesNo)) {
                    problems.push(format!("{at}: {q} is not a yes/no question"));
                }
            }
            Condition::Is(q, option) => match kind(q) {
                Some(QuestionKind::Choice(options)) => {
                    if !options.iter().any(|o| &o.id == option) {
                        problems.push(format!("{at}: {q} has no option {option}"));
                    }
                }
                _ => problems.push(format!("{at}: {q} is not a choice question")),
            },
            Condition::AtLeast(q, _) | Condition::AtMost(q, _) => {
                if !matches!(kind(q), Some(QuestionKind::Number)) {
                    problems.push(format!("{at}: {q} is not a number question"));
                }
            }
            Condition::Answered(q) => {
                if kind(q).is_none() {
                    problems.push(format!("{at}: no question {q}"));
                }
            }
            Condition::Any(cs) | Condition::All(cs) => {
                for c in cs {
                    self.check_condition(c, at, problems);
                }
            }
            Condition::Not(c) => self.check_condition(c, at, problems),
        }
    }
}

fn is_snake_case(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !id.starts_with('_')
        && !id.ends_with('_')
}

/// What the answers suggest. Pure: same answers, same derivation.
pub fn derive(q: &Questionnaire, answers: &BTreeMap<String, Answer>) -> Derivation {
    let mut d = Derivation::default();
    for category in Category::ALL {
        d.categories.insert(category, DerivedCategory::default());
    }
    if let Some(security) = d.categories.get_mut(&Category::Security) {
        security.in_scope = true;
        security.reasons.push(SECURITY_REASON.to_string());
    }
    for rule in q.rules.iter().filter(|r| r.when.holds(answers)) {
        match &rule.then {
            Effect::Include(category) => {
                let entry = d.categories.entry(*category).or_default();
                entry.in_scope = true;
                if !entry.reasons.contains(&rule.reason) {
                    entry.reasons.push(rule.reason.clone());
                }
            }
            Effect::Advise { title, text } => {
                if !d.advisories.iter().any(|(t, _)| t == title) {
                    d.advisories.push((title.clone(), text.clone()));
                }
            }
            Effect::ReportType(rt) => {
                if d.report_type.is_none() {
                    d.report_type = Some((*rt, rule.reason.clone()));
                }
            }
            Effect::WindowMonths(m) => {
                if d.window_months.is_none() {
                    d.window_months = Some((*m, rule.reason.clone()));
                }
            }
            Effect::Subservice { name, service } => {
                if !d.subservices.iter().any(|(n, _, _)| n == name) {
                    d.subservices
                        .push((name.clone(), service.clone(), rule.reason.clone()));
                }
            }
        }
    }
    d
}

/// Brings a workbook's category decisions in line with a derivation, never touching ones a
/// person overrode; Security is always in scope.
pub fn apply(derivation: &Derivation, scope: &mut Scope) {
    for category in Category::ALL {
        if scope
            .categories
            .get(&category)
            .is_some_and(|d| d.overridden)
        {
            continue;
        }
        let derived = derivation.categories.get(&category);
        let in_scope = category == Category::Security || derived.is_some_and(|d| d.in_scope);
        let reasons = derived.map(|d| d.reasons.join("; ")).unwrap_or_default();
        let reason = match (in_scope, reasons.is_empty()) {
            (true, false) => reasons,
            (true, true) => SECURITY_REASON.to_string(),
            (false, _) => NOT_CALLED_FOR.to_string(),
        };
        scope.categories.insert(
            category,
            CategoryDecision {
                in_scope,
                reason,
                overridden: false,
            },
        );
    }
}

/// What an answer change did, one sentence each, such as
/// "Availability is now in scope: you commit to an uptime SLA".
pub fn describe_changes(before: &Derivation, after: &Derivation) -> Vec<String> {
    let mut out = Vec::new();
    for category in Category::ALL {
        let was = before.categories.get(&category);
        let now = after.categories.get(&category);
        let was_in = was.is_some_and(|d| d.in_scope);
        let now_in = now.is_some_and(|d| d.in_scope);
        match (was_in, now_in) {
            (false, true) => {
                let why = now.map(|d| d.reasons.join("; ")).unwrap_or_default();
                out.push(format!("{} is now in scope: {why}", category.label()));
            }
            (true, false) => out.push(format!(
                "{} is no longer in scope: no answer calls for it",
                category.label()
            )),
            _ => {}
        }
    }
    if before.report_type.as_ref().map(|r| r.0) != after.report_type.as_ref().map(|r| r.0) {
        match &after.report_type {
            Some((rt, why)) => out.push(format!(
                "Suggested report type is now {}: {why}",
                rt.label()
            )),
            None => out.push("No report type is suggested any more".to_string()),
        }
    }
    if before.window_months.as_ref().map(|w| w.0) != after.window_months.as_ref().map(|w| w.0) {
        match &after.window_months {
            Some((m, why)) => out.push(format!(
                "Suggested observation window is now {m} months: {why}"
            )),
            None => out.push("No observation window is suggested any more".to_string()),
        }
    }
    for (title, _) in &after.advisories {
        if !before.advisories.iter().any(|(t, _)| t == title) {
            out.push(format!("New advice: {title}"));
        }
    }
    for (title, _) in &before.advisories {
        if !after.advisories.iter().any(|(t, _)| t == title) {
            out.push(format!("Advice no longer applies: {title}"));
        }
    }
    for (name, service, why) in &after.subservices {
        if !before.subservices.iter().any(|(n, _, _)| n == name) {
            out.push(format!(
                "Suggested subservice organization: {name} ({service}): {why}"
            ));
        }
    }
    for (name, _, _) in &before.subservices {
        if !after.subservices.iter().any(|(n, _, _)| n == name) {
            out.push(format!(
                "{name} is no longer suggested as a subservice organization"
            ));
        }
    }
    out
}
