//! `soc2 scope answer|derive|show`: the scoping questionnaire from a script.
//!
//! Why here and not only in the app: answers are the source of the scope, so a script (or
//! a person in a terminal without the app) answers through the same `edit::answer` and
//! reads the same sentences the app shows; `show` prints what the app's Scoping view holds.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::analysis::check::is_scope_contradiction;
use crate::catalog::scoping::{
    Derivation, Questionnaire, accepted, contradictions, derive, month_name, parse_answer,
    questionnaire,
};
use crate::edit;
use crate::model::{Answer, Category, Workbook};
use crate::store;

use super::edit_file::edit_workbook_tolerating;
use super::{EXIT_OK, EXIT_USAGE, Format, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: ScopeCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ScopeCommand {
    /// Answer a scoping question (or clear it) and print what the answer changed.
    Answer(AnswerArgs),
    /// Bring the categories back in line with the answers (after a hand edit or a merge).
    Derive(PathArgs),
    /// List the questions and answers, the categories with reasons, and the advice.
    Show(ShowArgs),
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["value", "clear"])))]
pub struct AnswerArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The question id (`soc2 scope show PATH` lists them), such as uptime_sla.
    pub question: String,
    /// yes/no, a choice's option id, a whole number or a date (YYYY-MM-DD).
    pub value: Option<String>,
    /// Remove the answer instead.
    #[arg(long)]
    pub clear: bool,
}

#[derive(Debug, clap::Args)]
pub struct PathArgs {
    /// The workbook.
    pub path: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The workbook.
    pub path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    match args.command {
        ScopeCommand::Answer(a) => Ok(answer(&a)),
        ScopeCommand::Derive(a) => Ok(changed(edit_workbook_tolerating(
            &a.path,
            is_scope_contradiction,
            |wb| Ok(edit::rederive(wb)),
        ))),
        ScopeCommand::Show(a) => show(&a),
    }
}

fn answer(a: &AnswerArgs) -> u8 {
    let q = questionnaire();
    let Some(question) = q.question(&a.question) else {
        let ids: Vec<&str> = q.questions.iter().map(|q| q.id.as_str()).collect();
        output::error(&format!(
            "error: no scoping question {:?}; the questions are: {}",
            a.question,
            ids.join(", ")
        ));
        return EXIT_USAGE;
    };
    let value = match (&a.value, a.clear) {
        (Some(_), true) => {
            output::error("error: give a value or --clear, not both");
            return EXIT_USAGE;
        }
        (Some(v), false) => match parse_answer(question, v) {
            Ok(answer) => Some(answer),
            Err(e) => {
                output::error(&format!("error: {e}; {} was not changed", a.path.display()));
                return EXIT_USAGE;
            }
        },
        (None, _) => None,
    };
    changed(edit_workbook_tolerating(
        &a.path,
        is_scope_contradiction,
        |wb| Ok(edit::answer(wb, &question.id, value.clone())),
    ))
}

/// Prints the sentences of an edit, or that the scope did not change.
fn changed(result: Result<Vec<String>, u8>) -> u8 {
    match result {
        Ok(effects) if effects.is_empty() => {
            output::print("answer saved; the scope did not change");
            EXIT_OK
        }
        Ok(effects) => {
            output::print(&effects.join("\n"));
            EXIT_OK
        }
        Err(code) => code,
    }
}

/// An answer as `scope answer` takes it back: `yes`, an option id, `12`, `2027-06-30`.
fn answer_text(answer: Option<&Answer>) -> Option<String> {
    Some(match answer? {
        Answer::Yes => "yes".into(),
        Answer::No => "no".into(),
        Answer::Choice(id) => id.clone(),
        Answer::Number(n) => n.to_string(),
        Answer::Date(d) => d.to_string(),
    })
}

fn show(a: &ShowArgs) -> anyhow::Result<u8> {
    let loaded = match store::load(&a.path) {
        Ok(l) => l,
        Err(err) => return Ok(output::store_error(&err)),
    };
    let wb = &loaded.workbook;
    let q = questionnaire();
    let d = derive(q, &wb.scope.answers);
    match a.format {
        Format::Json => output::print_json(&show_json(q, wb, &d))?,
        Format::Text => output::print(&show_text(q, wb, &d, &a.path)),
    }
    Ok(EXIT_OK)
}

fn show_json(q: &Questionnaire, wb: &Workbook, d: &Derivation) -> serde_json::Value {
    let contradicted = contradictions(q, &wb.scope);
    json!({
        "questions": q.questions.iter().map(|qq| json!({
            "id": qq.id,
            "section": qq.section,
            "text": qq.text,
            "accepts": accepted(qq),
            "answer": answer_text(wb.scope.answers.get(&qq.id)),
        })).collect::<Vec<_>>(),
        "categories": Category::ALL.iter().map(|c| {
            let decision = wb.scope.categories.get(c);
            json!({
                "category": c.label(),
                "in_scope": wb.in_scope(*c),
                "reason": decision.map(|d| d.reason.as_str()).unwrap_or(""),
                "overridden": decision.is_some_and(|d| d.overridden),
                "answers_call_for_it": d.categories.get(c).is_some_and(|d| d.in_scope),
            })
        }).collect::<Vec<_>>(),
        "suggested": {
            "report_type": d.report_type.as_ref().map(|(rt, why)| json!({"type": rt.label(), "reason": why})),
            "window_months": d.window_months.as_ref().map(|(m, why)| json!({"months": m, "reason": why})),
            "window_end_month": d.window_end_month.as_ref().map(|(m, why)| json!({"month": m, "name": month_name(*m), "reason": why})),
            "target_report_date": d.target_report_date.map(|t| t.to_string()),
            "report_deadline": d.report_deadline,
        },
        "advisories": d.advisories.iter().map(|a| json!({
            "id": a.id, "title": a.title, "reason": a.reason, "text": a.text,
        })).collect::<Vec<_>>(),
        "subservices": d.subservices.iter().map(|(name, service, why)| json!({
            "name": name,
            "service": service,
            "reason": why,
            "named": wb.is_subservice(name),
        })).collect::<Vec<_>>(),
        "contradictions": contradicted.iter().map(|c| json!({
            "category": c.category.label(),
            "answers": c.answers,
            "message": c.message(),
        })).collect::<Vec<_>>(),
    })
}

fn show_text(q: &Questionnaire, wb: &Workbook, d: &Derivation, path: &Path) -> String {
    let mut lines = Vec::new();
    let mut section = "";
    for qq in &q.questions {
        if qq.section != section {
            section = &qq.section;
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.push(section.to_string());
        }
        let answer = answer_text(wb.scope.answers.get(&qq.id))
            .unwrap_or_else(|| format!("– ({})", accepted(qq)));
        lines.push(format!("  {} = {answer}", qq.id));
        lines.push(format!("      {}", qq.text));
    }
    lines.push(String::new());
    lines.push("Categories".to_string());
    for c in Category::ALL {
        let decision = wb.scope.categories.get(&c);
        let state = if wb.in_scope(c) { "in scope" } else { "out" };
        let who = if decision.is_some_and(|d| d.overridden) {
            " (override)"
        } else {
            ""
        };
        let reason = decision.map_or("", |d| d.reason.as_str());
        lines.push(format!("  {}: {state}{who}: {reason}", c.label()));
    }
    for c in contradictions(q, &wb.scope) {
        lines.push(format!(
            "  ! {}; run `soc2 scope derive {}` or override with a reason",
            c.message(),
            path.display()
        ));
    }
    lines.push(String::new());
    lines.push("Suggested".to_string());
    match &d.report_type {
        Some((rt, why)) => lines.push(format!("  report type: {} ({why})", rt.label())),
        None => lines.push("  report type: – (answer report_deadline)".to_string()),
    }
    if let Some((m, why)) = &d.window_months {
        lines.push(format!("  observation window: {m} months ({why})"));
    }
    if let Some((m, why)) = &d.window_end_month {
        lines.push(format!(
            "  window ends: at the end of {} ({why})",
            month_name(*m)
        ));
    }
    lines.push(format!(
        "  recorded: {}{}",
        wb.scope.report_type.label(),
        wb.scope
            .observation_months
            .filter(|_| wb.scope.report_type == crate::model::ReportType::TypeII)
            .map_or(String::new(), |m| format!(", {m}-month window"))
    ));
    lines.push(String::new());
    lines.push(format!("Advice ({})", d.advisories.len()));
    for a in &d.advisories {
        lines.push(format!("  {}: {}", a.title, a.reason));
        lines.push(format!("      {}", a.text));
    }
    if !d.subservices.is_empty() {
        lines.push(String::new());
        lines.push("Suggested subservice organizations".to_string());
        for (name, service, why) in &d.subservices {
            let named = if wb.is_subservice(name) {
                " (named)"
            } else {
                ""
            };
            lines.push(format!("  {name}{named}: {service} ({why})"));
        }
    }
    lines.join("\n")
}
