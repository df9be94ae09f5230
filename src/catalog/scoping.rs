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
        d.advisories.iter().any(|(t, _)| t == title)
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
        assert!((15..=25).contains(&q.questions.len()));
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
            then: Effect::WindowMonths(4),
            reason: "y".into(),
        });
        q.rules.push(Rule {
            when: Condition::AtLeast("uptime_sla".into(), 1),
            then: Effect::Include(Category::Security),
            reason: "z".into(),
        });
        let problems = q.problems();
        assert!(problems.iter().any(|p| p.contains("no option oracle")));
        assert!(problems.iter().any(|p| p.contains("no_such_question")));
        assert!(problems.iter().any(|p| p.contains("3, 6 or 12")));
        assert!(problems.iter().any(|p| p.contains("not a number question")));
        assert!(problems.iter().any(|p| p.contains("Security is always")));
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
    fn processing_on_customers_behalf_brings_processing_integrity() {
        assert!(in_scope(
            &run(&[("processes_transactions", Answer::Yes)]),
            Category::ProcessingIntegrity
        ));
        assert!(in_scope(
            &run(&[("accuracy_commitment", Answer::Yes)]),
            Category::ProcessingIntegrity
        ));
    }

    #[test]
    fn confidential_data_brings_confidentiality() {
        assert!(in_scope(
            &run(&[("confidential_customer_data", Answer::Yes)]),
            Category::Confidentiality
        ));
        assert!(in_scope(
            &run(&[("deletion_on_exit", Answer::Yes)]),
            Category::Confidentiality
        ));
    }

    #[test]
    fn end_user_personal_data_brings_privacy() {
        assert!(in_scope(
            &run(&[("end_user_personal_data", Answer::Yes)]),
            Category::Privacy
        ));
        assert!(!in_scope(
            &run(&[("end_user_personal_data", Answer::No)]),
            Category::Privacy
        ));
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
    fn window_advice() {
        let w = |list: &[(&str, Answer)]| run(list).window_months.map(|w| w.0);
        assert_eq!(w(&[("first_report", Answer::No)]), Some(12));
        assert_eq!(w(&[("report_deadline", choice("within_months"))]), Some(3));
        assert_eq!(
            w(&[
                ("first_report", Answer::Yes),
                ("controls_running_months", Answer::Number(8))
            ]),
            Some(6)
        );
        assert_eq!(
            w(&[
                ("first_report", Answer::Yes),
                ("controls_running_months", Answer::Number(1))
            ]),
            Some(3)
        );
        assert_eq!(w(&[("first_report", Answer::Yes)]), Some(3));
        assert_eq!(
            w(&[
                ("first_report", Answer::No),
                ("report_deadline", choice("within_months"))
            ]),
            Some(12)
        );
    }

    #[test]
    fn health_data_advises_hipaa_hitrust() {
        assert!(advised(
            &run(&[("health_data", Answer::Yes)]),
            "HIPAA and HITRUST"
        ));
        assert!(!advised(
            &run(&[("health_data", Answer::No)]),
            "HIPAA and HITRUST"
        ));
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
            ("payment_processor", choice("stripe")),
        ]);
        let names: Vec<&str> = d.subservices.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(names, ["Amazon Web Services", "Okta", "Stripe"]);
        assert!(
            d.subservices
                .iter()
                .all(|(_, s, r)| !s.is_empty() && !r.is_empty())
        );
        let d = run(&[
            ("cloud_provider", choice("gcp")),
            ("payment_processor", choice("none")),
        ]);
        let names: Vec<&str> = d.subservices.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(names, ["Google Cloud"]);
        assert!(
            run(&[("cloud_provider", choice("other"))])
                .subservices
                .is_empty()
        );
    }

    #[test]
    fn derive_is_pure() {
        let list = [("uptime_sla", Answer::Yes), ("health_data", Answer::Yes)];
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
                .any(|c| c.starts_with("Suggested observation window is now 3 months:"))
        );
        assert!(changes.contains(&"New advice: SOC 3".to_string()));
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
}
