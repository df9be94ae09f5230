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

use crate::model::{Answer, Category, CategoryDecision, Date, ReportType, Scope};

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
    /// Show a piece of advice (another framework, a report or category to consider…); the
    /// id is what scripts match on (`soc2 status --format json`), so it never changes.
    Advise {
        id: String,
        title: String,
        text: String,
    },
    /// Suggest this report type (first matching rule wins).
    ReportType(ReportType),
    /// Suggest this observation window in months, 3 to 12 (first matching rule wins).
    WindowMonths(u8),
    /// Suggest ending the window at the end of this month, 1 to 12 (first matching rule
    /// wins): customers want a period aligned to their fiscal year.
    WindowEndMonth(u8),
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
    /// The month (1–12) the window should end in, at its last day, and why.
    #[serde(default)]
    pub window_end_month: Option<(u8, String)>,
    /// The date the team wants the report in hand (the `target_report_date` answer).
    #[serde(default)]
    pub target_report_date: Option<Date>,
    /// When a deal needs a report (the option id of the `report_deadline` answer).
    #[serde(default)]
    pub report_deadline: Option<String>,
    /// Each piece of advice, first occurrence of an id kept (with that rule's reason).
    pub advisories: Vec<Advisory>,
    /// (name, service, reason) of each suggested subservice organization.
    pub subservices: Vec<(String, String, String)>,
}

/// One piece of advice and the answers behind it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
pub struct Advisory {
    /// Stable snake_case id, such as `hitrust`.
    pub id: String,
    pub title: String,
    pub text: String,
    /// Why it applies: "your customers are hospitals, health systems or health plans".
    pub reason: String,
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
/// The question whose date answer is the team's target report date.
pub const TARGET_DATE_QUESTION: &str = "target_report_date";
/// The question whose choice answer says when a deal needs a report.
pub const DEADLINE_QUESTION: &str = "report_deadline";

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
        let mut advice = BTreeMap::new();
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
                    if !(3..=12).contains(m) {
                        problems.push(format!("{at}: window must be 3 to 12 months"));
                    }
                }
                Effect::WindowEndMonth(m) => {
                    if !(1..=12).contains(m) {
                        problems.push(format!("{at}: a month is 1 to 12"));
                    }
                }
                Effect::Advise { id, title, text } => {
                    if title.trim().is_empty() || text.trim().is_empty() {
                        problems.push(format!("{at}: advice needs a title and text"));
                    }
                    if !is_snake_case(id) {
                        problems.push(format!("{at}: advice id {id:?} is not snake_case"));
                    }
                    match advice.insert(id.as_str(), (title, text)) {
                        Some(first) if first != (title, text) => problems.push(format!(
                            "{at}: advice {id} has another title or text in an earlier rule"
                        )),
                        _ => {}
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
    if let Some(Answer::Date(date)) = answers.get(TARGET_DATE_QUESTION) {
        d.target_report_date = Some(*date);
    }
    if let Some(Answer::Choice(option)) = answers.get(DEADLINE_QUESTION) {
        d.report_deadline = Some(option.clone());
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
            Effect::Advise { id, title, text } => {
                if !d.advisories.iter().any(|a| &a.id == id) {
                    d.advisories.push(Advisory {
                        id: id.clone(),
                        title: title.clone(),
                        text: text.clone(),
                        reason: rule.reason.clone(),
                    });
                }
            }
            Effect::WindowEndMonth(m) => {
                if d.window_end_month.is_none() {
                    d.window_end_month = Some((*m, rule.reason.clone()));
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
    if before.window_end_month.as_ref().map(|w| w.0) != after.window_end_month.as_ref().map(|w| w.0)
    {
        match &after.window_end_month {
            Some((m, why)) => out.push(format!(
                "Suggested window end is now the end of {}: {why}",
                month_name(*m)
            )),
            None => out.push("No window end month is suggested any more".to_string()),
        }
    }
    for a in &after.advisories {
        if !before.advisories.iter().any(|b| b.id == a.id) {
            out.push(format!("New advice: {}: {}", a.title, a.reason));
        }
    }
    for b in &before.advisories {
        if !after.advisories.iter().any(|a| a.id == b.id) {
            out.push(format!("Advice no longer applies: {}", b.title));
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

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "December" for 12; an out-of-range month reads as its number.
pub fn month_name(month: u8) -> String {
    MONTHS
        .get(usize::from(month).wrapping_sub(1))
        .map_or_else(|| month.to_string(), |m| (*m).to_string())
}

/// The last day of `month` (1–12) on or after `earliest`: where a window aligned to a
/// customer's fiscal year end closes. `None` for a month outside 1–12.
pub fn month_end_on_or_after(month: u8, earliest: Date) -> Option<Date> {
    let month = i8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    (0..=1).find_map(|later| {
        let year = earliest.year().checked_add(later)?;
        let end = Date::new(year, month, 1)?.add_months(1).add_days(-1);
        (end >= earliest).then_some(end)
    })
}

/// Reads a typed answer for a question: `yes`/`no` (also `y`/`n`), a choice's option id,
/// a whole number or a `YYYY-MM-DD` date. The error says what the question accepts.
pub fn parse_answer(q: &Question, value: &str) -> Result<Answer, String> {
    let value = value.trim();
    let bad = || {
        format!(
            "\"{value}\" is not an answer to {}, which takes {}",
            q.id,
            accepted(q)
        )
    };
    match &q.kind {
        QuestionKind::YesNo => match value.to_ascii_lowercase().as_str() {
            "yes" | "y" => Ok(Answer::Yes),
            "no" | "n" => Ok(Answer::No),
            _ => Err(bad()),
        },
        QuestionKind::Choice(options) => options
            .iter()
            .find(|o| o.id.eq_ignore_ascii_case(value))
            .map(|o| Answer::Choice(o.id.clone()))
            .ok_or_else(bad),
        QuestionKind::Number => value.parse::<u32>().map(Answer::Number).map_err(|_| bad()),
        QuestionKind::Date => value.parse::<Date>().map(Answer::Date).map_err(|_| bad()),
    }
}

/// What a question accepts, for error messages and `soc2 scope show`.
pub fn accepted(q: &Question) -> String {
    match &q.kind {
        QuestionKind::YesNo => "yes or no".to_string(),
        QuestionKind::Choice(options) => format!(
            "one of {}",
            options
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        QuestionKind::Number => "a whole number".to_string(),
        QuestionKind::Date => "a date, YYYY-MM-DD".to_string(),
    }
}

/// A category decision that no longer follows from the answers (a hand edit or a merge
/// changed an answer without re-deriving), and the answers involved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contradiction {
    pub category: Category,
    /// What the workbook records.
    pub recorded_in_scope: bool,
    /// What the answers call for.
    pub derived_in_scope: bool,
    /// The answered questions the category's rules read, such as `uptime_sla`.
    pub answers: Vec<String>,
}

impl Contradiction {
    /// "the scope contradicts answer uptime_sla: Availability is out of scope but the
    /// answers call for it"; the fix is left to the caller, which knows its commands.
    pub fn message(&self) -> String {
        let which = match self.answers.as_slice() {
            [] => "the scope contradicts the answers".to_string(),
            [one] => format!("the scope contradicts answer {one}"),
            many => format!("the scope contradicts answers {}", many.join(", ")),
        };
        let (is, calls) = if self.recorded_in_scope {
            ("in scope", "no longer call for it")
        } else {
            ("out of scope", "call for it")
        };
        format!(
            "{which}: {} is {is} but the answers {calls}",
            self.category.label()
        )
    }
}

/// The categories whose recorded decision differs from what the answers derive, ignoring
/// overrides (a person decided those, with a reason). Empty for a consistent scope.
pub fn contradictions(q: &Questionnaire, scope: &Scope) -> Vec<Contradiction> {
    let derived = derive(q, &scope.answers);
    let mut out = Vec::new();
    for category in Category::ALL {
        let decision = scope.categories.get(&category);
        if decision.is_some_and(|d| d.overridden) {
            continue;
        }
        let recorded = category == Category::Security || decision.is_some_and(|d| d.in_scope);
        let wanted = derived
            .categories
            .get(&category)
            .is_some_and(|d| d.in_scope);
        if recorded == wanted {
            continue;
        }
        let mut answers: Vec<String> = Vec::new();
        for rule in &q.rules {
            if rule.then != Effect::Include(category)
                || (wanted && !rule.when.holds(&scope.answers))
            {
                continue;
            }
            for id in rule.when.questions() {
                if scope.answers.contains_key(id) && !answers.iter().any(|a| a == id) {
                    answers.push(id.to_string());
                }
            }
        }
        out.push(Contradiction {
            category,
            recorded_in_scope: recorded,
            derived_in_scope: wanted,
            answers,
        });
    }
    out
}

impl Condition {
    /// Every question the condition reads, in order, repeats kept.
    pub fn questions(&self) -> Vec<&str> {
        match self {
            Condition::Yes(q)
            | Condition::No(q)
            | Condition::Is(q, _)
            | Condition::AtLeast(q, _)
            | Condition::AtMost(q, _)
            | Condition::Answered(q) => vec![q.as_str()],
            Condition::Any(cs) | Condition::All(cs) => {
                cs.iter().flat_map(Condition::questions).collect()
            }
            Condition::Not(c) => c.questions(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(list: &[(&str, Answer)]) -> BTreeMap<String, Answer> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn choice(id: &str) -> Answer {
        Answer::Choice(id.to_string())
    }

    fn run(list: &[(&str, Answer)]) -> Derivation {
        derive(questionnaire(), &answers(list))
    }

    fn in_scope(d: &Derivation, c: Category) -> bool {
        d.categories.get(&c).is_some_and(|d| d.in_scope)
    }

    fn advised(d: &Derivation, title: &str) -> bool {
        d.advisories.iter().any(|a| a.title == title)
    }

    fn advice_ids(d: &Derivation) -> Vec<&str> {
        d.advisories.iter().map(|a| a.id.as_str()).collect()
    }

    fn subservice_names(d: &Derivation) -> Vec<&str> {
        d.subservices.iter().map(|(n, _, _)| n.as_str()).collect()
    }

    #[test]
    fn embedded_questionnaire_is_sound() {
        let q = questionnaire();
        let problems = q.problems();
        assert!(
            problems.is_empty(),
            "scoping problems:\n{}",
            problems.join("\n")
        );
        assert!((15..=35).contains(&q.questions.len()));
        let has = |f: fn(&QuestionKind) -> bool| q.questions.iter().any(|qq| f(&qq.kind));
        assert!(
            has(|k| matches!(k, QuestionKind::YesNo)),
            "no yes/no question"
        );
        assert!(
            has(|k| matches!(k, QuestionKind::Choice(_))),
            "no choice question"
        );
        assert!(
            has(|k| matches!(k, QuestionKind::Number)),
            "no number question"
        );
        assert!(has(|k| matches!(k, QuestionKind::Date)), "no date question");
    }

    #[test]
    fn problems_catch_bad_references() {
        let mut q = questionnaire().clone();
        q.rules.push(Rule {
            when: Condition::Is("cloud_provider".into(), "oracle".into()),
            then: Effect::Include(Category::Availability),
            reason: "x".into(),
        });
        q.rules.push(Rule {
            when: Condition::Yes("no_such_question".into()),
            then: Effect::WindowMonths(13),
            reason: "y".into(),
        });
        q.rules.push(Rule {
            when: Condition::Yes("health_data".into()),
            then: Effect::Advise {
                id: "hipaa".into(),
                title: "Something else".into(),
                text: "t".into(),
            },
            reason: "w".into(),
        });
        q.rules.push(Rule {
            when: Condition::AtLeast("uptime_sla".into(), 1),
            then: Effect::Include(Category::Security),
            reason: "z".into(),
        });
        let problems = q.problems();
        assert!(problems.iter().any(|p| p.contains("no option oracle")));
        assert!(problems.iter().any(|p| p.contains("no_such_question")));
        assert!(problems.iter().any(|p| p.contains("3 to 12 months")));
        assert!(problems.iter().any(|p| p.contains("not a number question")));
        assert!(problems.iter().any(|p| p.contains("Security is always")));
        assert!(
            problems
                .iter()
                .any(|p| p.contains("advice hipaa has another title"))
        );
    }

    #[test]
    fn no_answers_means_security_only() {
        let d = run(&[]);
        assert_eq!(d.categories.len(), 5);
        assert!(in_scope(&d, Category::Security));
        assert_eq!(
            d.categories[&Category::Security].reasons,
            vec![SECURITY_REASON]
        );
        for c in &Category::ALL[1..] {
            assert!(!in_scope(&d, *c), "{c:?}");
        }
        assert!(d.report_type.is_none());
        assert!(d.window_months.is_none());
        assert!(d.advisories.is_empty());
        assert!(d.subservices.is_empty());
    }

    #[test]
    fn unanswered_makes_conditions_false_but_not_true() {
        let none = BTreeMap::new();
        assert!(!Condition::Yes("uptime_sla".into()).holds(&none));
        assert!(!Condition::No("uptime_sla".into()).holds(&none));
        assert!(!Condition::Answered("uptime_sla".into()).holds(&none));
        assert!(!Condition::AtMost("employee_count".into(), 5).holds(&none));
        assert!(Condition::Not(Box::new(Condition::Yes("uptime_sla".into()))).holds(&none));
        assert!(Condition::All(vec![]).holds(&none));
        assert!(!Condition::Any(vec![]).holds(&none));
        // A wrong answer kind does not match either.
        let odd = answers(&[("uptime_sla", Answer::Number(1))]);
        assert!(!Condition::Yes("uptime_sla".into()).holds(&odd));
    }

    #[test]
    fn uptime_sla_brings_availability() {
        let d = run(&[("uptime_sla", Answer::Yes)]);
        assert!(in_scope(&d, Category::Availability));
        assert_eq!(
            d.categories[&Category::Availability].reasons,
            vec!["you commit to an uptime SLA"]
        );
        assert!(!in_scope(
            &run(&[("uptime_sla", Answer::No)]),
            Category::Availability
        ));
    }

    #[test]
    fn critical_operations_bring_availability_with_both_reasons() {
        let d = run(&[
            ("uptime_sla", Answer::Yes),
            ("critical_operations", Answer::Yes),
        ]);
        assert_eq!(d.categories[&Category::Availability].reasons.len(), 2);
    }

    #[test]
    fn processing_integrity_needs_customers_transactions_and_an_accuracy_commitment() {
        let d = run(&[
            ("processes_transactions", Answer::Yes),
            ("accuracy_commitment", Answer::Yes),
        ]);
        assert!(in_scope(&d, Category::ProcessingIntegrity));
        assert!(!advice_ids(&d).contains(&"consider_processing_integrity"));
        // Customers asking for it is reason enough on its own.
        assert!(in_scope(
            &run(&[("customers_ask_processing_integrity", Answer::Yes)]),
            Category::ProcessingIntegrity
        ));
    }

    #[test]
    fn a_data_pipeline_or_analytics_product_alone_is_advised_to_consider_processing_integrity() {
        for answers in [
            vec![("data_pipeline", Answer::Yes)],
            vec![("processes_transactions", Answer::Yes)],
            vec![("accuracy_commitment", Answer::Yes)],
            vec![
                ("data_pipeline", Answer::Yes),
                ("processes_transactions", Answer::Yes),
            ],
        ] {
            let d = run(&answers);
            assert!(
                !in_scope(&d, Category::ProcessingIntegrity),
                "{answers:?} put PI in scope"
            );
            assert_eq!(
                advice_ids(&d)
                    .iter()
                    .filter(|id| **id == "consider_processing_integrity")
                    .count(),
                1,
                "{answers:?}"
            );
        }
        let d = run(&[("data_pipeline", Answer::Yes)]);
        assert!(d.advisories[0].reason.contains("data pipeline"));
    }

    #[test]
    fn contractually_confidential_data_brings_confidentiality() {
        assert!(in_scope(
            &run(&[("confidential_customer_data", Answer::Yes)]),
            Category::Confidentiality
        ));
        assert!(in_scope(
            &run(&[("customers_ask_confidentiality", Answer::Yes)]),
            Category::Confidentiality
        ));
    }

    #[test]
    fn a_deletion_on_exit_clause_alone_does_not_put_confidentiality_in_scope() {
        let d = run(&[("deletion_on_exit", Answer::Yes)]);
        assert!(!in_scope(&d, Category::Confidentiality));
        assert_eq!(advice_ids(&d), ["deletion_commitments"]);
        let d = run(&[
            ("deletion_on_exit", Answer::Yes),
            ("confidential_customer_data", Answer::Yes),
        ]);
        assert!(in_scope(&d, Category::Confidentiality));
        assert_eq!(
            d.categories[&Category::Confidentiality].reasons,
            ["customers entrust you with contractually confidential data"]
        );
        assert!(advice_ids(&d).is_empty());
    }

    #[test]
    fn a_b2b_product_whose_business_users_sign_up_is_advised_to_consider_privacy_not_scoped_into_it()
     {
        let d = run(&[
            ("customer_type", choice("businesses")),
            ("end_user_personal_data", Answer::Yes),
        ]);
        assert!(!in_scope(&d, Category::Privacy));
        assert_eq!(advice_ids(&d), ["consider_privacy"]);
        // Unanswered customer type: still only advice.
        let d = run(&[("end_user_personal_data", Answer::Yes)]);
        assert!(!in_scope(&d, Category::Privacy));
        assert!(advised(&d, "Consider Privacy"));
    }

    #[test]
    fn privacy_is_in_scope_for_a_controller_or_when_customers_ask() {
        for (answers, reason) in [
            (
                vec![
                    ("customer_type", choice("consumers")),
                    ("end_user_personal_data", Answer::Yes),
                ],
                "you collect personal information from consumers as the controller",
            ),
            (
                vec![
                    ("customer_type", choice("both")),
                    ("end_user_personal_data", Answer::Yes),
                ],
                "you collect personal information from consumers as the controller",
            ),
            (
                vec![
                    ("customer_type", choice("businesses")),
                    ("end_user_personal_data", Answer::Yes),
                    ("own_privacy_notice", Answer::Yes),
                ],
                "you collect personal information as the controller under your own privacy notice",
            ),
            (
                vec![("customers_ask_privacy", Answer::Yes)],
                "customers ask for Privacy in the report",
            ),
        ] {
            let d = run(&answers);
            assert!(in_scope(&d, Category::Privacy), "{answers:?}");
            assert_eq!(d.categories[&Category::Privacy].reasons, [reason]);
            assert!(!advised(&d, "Consider Privacy"), "{answers:?}");
        }
        assert!(!in_scope(
            &run(&[("end_user_personal_data", Answer::No)]),
            Category::Privacy
        ));
    }

    #[test]
    fn customers_asking_for_availability_bring_it() {
        let d = run(&[("customers_ask_availability", Answer::Yes)]);
        assert_eq!(
            d.categories[&Category::Availability].reasons,
            ["customers ask for Availability in the report"]
        );
    }

    #[test]
    fn report_type_advice() {
        let rt = |list: &[(&str, Answer)]| run(list).report_type.map(|r| r.0);
        assert_eq!(
            rt(&[("report_deadline", choice("within_weeks"))]),
            Some(ReportType::TypeI)
        );
        assert_eq!(
            rt(&[("report_deadline", choice("within_months"))]),
            Some(ReportType::TypeII)
        );
        assert_eq!(
            rt(&[("report_deadline", choice("no_deadline"))]),
            Some(ReportType::TypeII)
        );
        // A renewal is Type II even with an urgent deal: the first matching rule wins.
        assert_eq!(
            rt(&[
                ("first_report", Answer::No),
                ("report_deadline", choice("within_weeks"))
            ]),
            Some(ReportType::TypeII)
        );
        let d = run(&[("report_deadline", choice("within_weeks"))]);
        assert!(
            d.report_type
                .is_some_and(|(_, why)| why.contains("within weeks"))
        );
    }

    #[test]
    fn a_first_type_ii_is_suggested_a_6_month_window() {
        let w = |list: &[(&str, Answer)]| run(list).window_months.map(|w| w.0);
        assert_eq!(w(&[("first_report", Answer::Yes)]), Some(6));
        assert_eq!(w(&[("last_report", choice("none"))]), Some(6));
        assert_eq!(
            w(&[
                ("first_report", Answer::Yes),
                ("controls_running_months", Answer::Number(1))
            ]),
            Some(6)
        );
        // A deal that needs a Type II within months gets the shortest common window.
        assert_eq!(w(&[("report_deadline", choice("within_months"))]), Some(3));
    }

    #[test]
    fn a_renewal_after_a_type_i_is_a_first_type_ii_with_6_months_not_12() {
        let d = run(&[
            ("first_report", Answer::No),
            ("last_report", choice("type_i")),
        ]);
        assert_eq!(
            d.report_type.as_ref().map(|r| r.0),
            Some(ReportType::TypeII)
        );
        assert!(
            d.report_type
                .as_ref()
                .is_some_and(|(_, why)| why.contains("first Type II"))
        );
        assert_eq!(d.window_months.as_ref().map(|w| w.0), Some(6));
        // Even an urgent deal does not make it a Type I again.
        let d = run(&[
            ("last_report", choice("type_i")),
            ("report_deadline", choice("within_weeks")),
        ]);
        assert_eq!(d.report_type.map(|r| r.0), Some(ReportType::TypeII));
    }

    #[test]
    fn a_renewal_after_a_type_ii_covers_12_months_back_to_back() {
        for answers in [
            vec![("last_report", choice("type_ii"))],
            vec![("first_report", Answer::No)],
            vec![
                ("first_report", Answer::No),
                ("last_report", choice("type_ii")),
                ("report_deadline", choice("within_months")),
            ],
        ] {
            let d = run(&answers);
            assert_eq!(d.window_months.map(|w| w.0), Some(12), "{answers:?}");
            assert_eq!(
                d.report_type.map(|r| r.0),
                Some(ReportType::TypeII),
                "{answers:?}"
            );
        }
    }

    #[test]
    fn customers_fiscal_year_end_sets_the_suggested_window_end() {
        let d = run(&[("customers_fiscal_year_end", choice("june"))]);
        let (month, why) = d.window_end_month.unwrap_or_default();
        assert_eq!(month, 6);
        assert!(why.contains("June"), "{why}");
        assert!(
            run(&[("customers_fiscal_year_end", choice("not_needed"))])
                .window_end_month
                .is_none()
        );
        let day = |s: &str| s.parse::<Date>().ok();
        let from = day("2027-07-15").unwrap_or_default();
        assert_eq!(month_end_on_or_after(6, from), day("2028-06-30"));
        assert_eq!(month_end_on_or_after(12, from), day("2027-12-31"));
        assert_eq!(month_end_on_or_after(2, from), day("2028-02-29"));
        let last_day = day("2027-06-30").unwrap_or_default();
        assert_eq!(month_end_on_or_after(6, last_day), Some(last_day));
        assert_eq!(month_end_on_or_after(13, from), None);
        assert_eq!(month_end_on_or_after(0, from), None);
    }

    #[test]
    fn the_target_date_and_deadline_come_with_the_derivation() {
        let date = Date::new(2027, 6, 30).unwrap_or_default();
        let d = run(&[
            ("target_report_date", Answer::Date(date)),
            ("report_deadline", choice("within_months")),
        ]);
        assert_eq!(d.target_report_date, Some(date));
        assert_eq!(d.report_deadline.as_deref(), Some("within_months"));
    }

    #[test]
    fn health_data_for_hospital_systems_expects_hitrust_not_only_hipaa() {
        let d = run(&[("health_data", Answer::Yes)]);
        assert_eq!(advice_ids(&d), ["hipaa"]);
        let d = run(&[
            ("health_data", Answer::Yes),
            ("health_systems", Answer::Yes),
        ]);
        assert_eq!(advice_ids(&d), ["hipaa", "hitrust"]);
        let hitrust = &d.advisories[1];
        assert_eq!(hitrust.title, "HITRUST");
        assert!(hitrust.text.contains("r2"));
        assert_eq!(
            hitrust.reason,
            "your customers are hospitals, health systems or health plans"
        );
        assert!(!advised(&run(&[("health_data", Answer::No)]), "HIPAA"));
    }

    #[test]
    fn financial_impact_advises_soc1() {
        assert!(advised(
            &run(&[("financial_reporting_impact", Answer::Yes)]),
            "SOC 1"
        ));
    }

    #[test]
    fn customers_abroad_advise_iso27001_once() {
        assert!(advised(
            &run(&[("customer_regions", choice("worldwide"))]),
            "ISO 27001"
        ));
        assert!(advised(
            &run(&[("customer_regions", choice("us_and_europe"))]),
            "ISO 27001"
        ));
        assert!(!advised(
            &run(&[("customer_regions", choice("us_only"))]),
            "ISO 27001"
        ));
    }

    #[test]
    fn public_summary_advises_soc3() {
        assert!(advised(&run(&[("public_summary", Answer::Yes)]), "SOC 3"));
    }

    #[test]
    fn other_advice() {
        assert!(advised(&run(&[("card_data", Answer::Yes)]), "PCI DSS"));
        assert!(advised(
            &run(&[("has_office", Answer::No)]),
            "Remote company and physical access"
        ));
        assert!(advised(
            &run(&[("employee_count", Answer::Number(4))]),
            "Separation of duties in a tiny team"
        ));
        assert!(!advised(
            &run(&[("employee_count", Answer::Number(40))]),
            "Separation of duties in a tiny team"
        ));
        assert!(advised(
            &run(&[("identity_provider", choice("none"))]),
            "Adopt an identity provider"
        ));
        let young = |months| {
            advice_ids(&run(&[("controls_running_months", Answer::Number(months))]))
                .contains(&"controls_not_running_yet")
        };
        assert!(young(1));
        assert!(!young(3));
        let date = crate::model::Date::new(2027, 6, 30).map(Answer::Date);
        let date = date.unwrap_or(Answer::Number(0));
        assert!(advised(
            &run(&[("target_report_date", date)]),
            "Plan backwards from your target date"
        ));
        // Consumers with personal data unanswered: Not(Yes(..)) holds, so we nudge.
        let nudge = "Check your personal data";
        assert!(advised(
            &run(&[("customer_type", choice("consumers"))]),
            nudge
        ));
        assert!(!advised(
            &run(&[
                ("customer_type", choice("consumers")),
                ("end_user_personal_data", Answer::Yes)
            ]),
            nudge
        ));
    }

    #[test]
    fn subservice_suggestions() {
        let d = run(&[
            ("cloud_provider", choice("aws")),
            ("identity_provider", choice("okta")),
            ("moves_customer_money", Answer::Yes),
            ("payment_processor", choice("stripe")),
        ]);
        assert_eq!(
            subservice_names(&d),
            ["Amazon Web Services", "Okta", "Stripe"]
        );
        assert!(
            d.subservices
                .iter()
                .all(|(_, s, r)| !s.is_empty() && !r.is_empty())
        );
        let d = run(&[
            ("cloud_provider", choice("gcp")),
            ("payment_processor", choice("none")),
        ]);
        assert_eq!(subservice_names(&d), ["Google Cloud"]);
        assert!(
            run(&[("cloud_provider", choice("other"))])
                .subservices
                .is_empty()
        );
    }

    #[test]
    fn a_processor_that_only_bills_our_own_subscriptions_is_an_ordinary_vendor_not_a_subservice() {
        for answers in [
            vec![("payment_processor", choice("stripe"))],
            vec![
                ("payment_processor", choice("adyen")),
                ("moves_customer_money", Answer::No),
            ],
        ] {
            assert!(run(&answers).subservices.is_empty(), "{answers:?}");
        }
        let d = run(&[
            ("payment_processor", choice("braintree")),
            ("moves_customer_money", Answer::Yes),
        ]);
        assert_eq!(subservice_names(&d), ["Braintree"]);
    }

    #[test]
    fn derive_is_pure() {
        let list = [
            ("uptime_sla", Answer::Yes),
            ("health_data", Answer::Yes),
            ("customers_fiscal_year_end", choice("march")),
        ];
        assert_eq!(run(&list), run(&list));
    }

    #[test]
    fn apply_respects_overrides() {
        let d = run(&[
            ("uptime_sla", Answer::Yes),
            ("critical_operations", Answer::Yes),
        ]);
        let mut scope = Scope::default();
        scope.categories.insert(
            Category::Privacy,
            CategoryDecision {
                in_scope: true,
                reason: "our DPA promises it".into(),
                overridden: true,
            },
        );
        scope.categories.insert(
            Category::Confidentiality,
            CategoryDecision {
                in_scope: true,
                reason: "stale".into(),
                overridden: false,
            },
        );
        apply(&d, &mut scope);
        let get = |c| scope.categories.get(&c).cloned().unwrap_or_default();
        assert_eq!(get(Category::Security).reason, SECURITY_REASON);
        assert!(get(Category::Security).in_scope);
        assert_eq!(
            get(Category::Availability),
            CategoryDecision {
                in_scope: true,
                reason:
                    "you commit to an uptime SLA; customers run critical operations on your service"
                        .into(),
                overridden: false,
            }
        );
        assert_eq!(
            get(Category::Confidentiality),
            CategoryDecision {
                in_scope: false,
                reason: NOT_CALLED_FOR.into(),
                overridden: false,
            }
        );
        assert_eq!(get(Category::Privacy).reason, "our DPA promises it");
        assert!(get(Category::Privacy).overridden);
        assert_eq!(scope.categories.len(), 5);
    }

    #[test]
    fn apply_keeps_security_in_scope_even_from_an_empty_derivation() {
        let mut scope = Scope::default();
        apply(&Derivation::default(), &mut scope);
        let security = scope
            .categories
            .get(&Category::Security)
            .cloned()
            .unwrap_or_default();
        assert!(security.in_scope);
        assert!(!security.overridden);
    }

    #[test]
    fn describe_changes_reports_each_kind() {
        let before = run(&[]);
        let after = run(&[
            ("uptime_sla", Answer::Yes),
            ("report_deadline", choice("within_weeks")),
            ("first_report", Answer::Yes),
            ("public_summary", Answer::Yes),
            ("cloud_provider", choice("aws")),
        ]);
        let changes = describe_changes(&before, &after);
        assert!(
            changes
                .contains(&"Availability is now in scope: you commit to an uptime SLA".to_string())
        );
        assert!(
            changes
                .iter()
                .any(|c| c.starts_with("Suggested report type is now Type I:"))
        );
        assert!(
            changes
                .iter()
                .any(|c| c.starts_with("Suggested observation window is now 6 months:"))
        );
        assert!(
            changes.contains(&"New advice: SOC 3: you want a summary you can publish".to_string())
        );
        assert!(
            changes
                .iter()
                .any(|c| c.starts_with("Suggested subservice organization: Amazon Web Services"))
        );

        let back = describe_changes(&after, &before);
        assert!(
            back.contains(
                &"Availability is no longer in scope: no answer calls for it".to_string()
            )
        );
        assert!(back.contains(&"Advice no longer applies: SOC 3".to_string()));
        assert!(back.contains(&"No report type is suggested any more".to_string()));
        assert!(
            back.iter()
                .any(|c| c.contains("Amazon Web Services is no longer suggested"))
        );
        assert!(describe_changes(&after, &after).is_empty());
    }

    #[test]
    fn derivation_round_trips_through_ron() {
        let d = run(&[
            ("uptime_sla", Answer::Yes),
            ("cloud_provider", choice("aws")),
        ]);
        let text = ron::to_string(&d).unwrap_or_default();
        let back: Result<Derivation, _> = ron::from_str(&text);
        assert_eq!(back.ok(), Some(d));
    }

    #[test]
    fn describe_changes_names_the_window_end_month() {
        let after = run(&[("customers_fiscal_year_end", choice("september"))]);
        let changes = describe_changes(&run(&[]), &after);
        assert_eq!(
            changes,
            [
                "Suggested window end is now the end of September: customers need the period to end with their fiscal year in September"
            ]
        );
        assert_eq!(
            describe_changes(&after, &run(&[])),
            ["No window end month is suggested any more"]
        );
    }

    #[test]
    fn typed_answers_are_checked_against_the_question() {
        let q = questionnaire();
        let ask = |id: &str, v: &str| q.question(id).map(|qq| parse_answer(qq, v));
        assert_eq!(ask("uptime_sla", "Yes"), Some(Ok(Answer::Yes)));
        assert_eq!(ask("uptime_sla", "n"), Some(Ok(Answer::No)));
        assert_eq!(ask("last_report", "TYPE_I"), Some(Ok(choice("type_i"))));
        assert_eq!(ask("employee_count", " 12 "), Some(Ok(Answer::Number(12))));
        let date = Date::new(2027, 6, 30).map(Answer::Date);
        assert_eq!(ask("target_report_date", "2027-06-30"), date.map(Ok));
        let err = |id: &str, v: &str| ask(id, v).and_then(Result::err).unwrap_or_default();
        assert_eq!(
            err("uptime_sla", "maybe"),
            "\"maybe\" is not an answer to uptime_sla, which takes yes or no"
        );
        assert!(err("last_report", "soc1").ends_with("one of none, type_i, type_ii"));
        assert!(err("employee_count", "-3").ends_with("a whole number"));
        assert!(err("target_report_date", "30/06/2027").ends_with("a date, YYYY-MM-DD"));
    }

    fn scope_from(list: &[(&str, Answer)]) -> Scope {
        let mut scope = Scope {
            answers: answers(list),
            ..Scope::default()
        };
        apply(&derive(questionnaire(), &scope.answers), &mut scope);
        scope
    }

    #[test]
    fn a_derived_scope_has_no_contradictions() {
        let scope = scope_from(&[
            ("uptime_sla", Answer::Yes),
            ("confidential_customer_data", Answer::Yes),
        ]);
        assert!(contradictions(questionnaire(), &scope).is_empty());
        assert!(contradictions(questionnaire(), &Scope::default()).is_empty());
    }

    #[test]
    fn a_hand_edited_answer_contradicts_the_recorded_scope_until_re_derived() {
        let mut scope = scope_from(&[("confidential_customer_data", Answer::Yes)]);
        // Someone flips the answer in the file without re-deriving.
        scope
            .answers
            .insert("confidential_customer_data".into(), Answer::No);
        scope.answers.insert("uptime_sla".into(), Answer::Yes);
        let found = contradictions(questionnaire(), &scope);
        let messages: Vec<String> = found.iter().map(Contradiction::message).collect();
        assert_eq!(
            messages,
            [
                "the scope contradicts answer uptime_sla: Availability is out of scope but the answers call for it",
                "the scope contradicts answer confidential_customer_data: Confidentiality is in scope but the answers no longer call for it",
            ]
        );
        // An override is a person's decision, never a contradiction.
        scope.categories.insert(
            Category::Confidentiality,
            CategoryDecision {
                in_scope: true,
                reason: "our MSA calls the data confidential".into(),
                overridden: true,
            },
        );
        assert_eq!(contradictions(questionnaire(), &scope).len(), 1);
        apply(&derive(questionnaire(), &scope.answers), &mut scope);
        assert!(contradictions(questionnaire(), &scope).is_empty());
    }
}
