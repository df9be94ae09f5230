//! Scoping from a script, as a practitioner would walk a new client through it: start from
//! `soc2 new`, answer with `soc2 scope answer` alone, and read the scope back from
//! `soc2 scope show`, `soc2 status` and the Dashboard.

mod cli_support;
mod tui_support;

use std::path::Path;

use cli_support::{new_workbook, soc2, stderr, stdout};
use serde_json::Value;
use soc2_workbook::store;
use soc2_workbook::tui::theme::Theme;

fn answer(path: &Path, question: &str, value: &str) -> String {
    let out = soc2()
        .args(["scope", "answer", path.to_str().unwrap(), question, value])
        .output()
        .unwrap();
    assert!(out.status.success(), "{question} {value}: {}", stderr(&out));
    stdout(&out)
}

fn answer_all(path: &Path, answers: &[(&str, &str)]) {
    for (q, v) in answers {
        answer(path, q, v);
    }
}

fn show(path: &Path) -> Value {
    let out = soc2()
        .args(["scope", "show", path.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn in_scope(shown: &Value) -> Vec<String> {
    shown["categories"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["in_scope"] == Value::Bool(true))
        .map(|c| c["category"].as_str().unwrap().to_string())
        .collect()
}

fn advice_ids(shown: &Value) -> Vec<String> {
    shown["advisories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

fn status_json(path: &Path) -> Value {
    let out = soc2()
        .args(["status", path.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

/// A B2B project-management SaaS: business users sign up, an uptime SLA, a deletion clause
/// in the MSA, Stripe bills its own plans, no deal deadline, first report.
const PROJECT_MANAGEMENT_SAAS: &[(&str, &str)] = &[
    ("employee_count", "25"),
    ("has_office", "no"),
    ("customer_type", "businesses"),
    ("customer_regions", "us_only"),
    ("uptime_sla", "yes"),
    ("critical_operations", "no"),
    ("financial_reporting_impact", "no"),
    ("report_deadline", "no_deadline"),
    ("first_report", "yes"),
    ("processes_transactions", "no"),
    ("moves_customer_money", "no"),
    ("cloud_provider", "aws"),
    ("identity_provider", "google_workspace"),
    ("payment_processor", "stripe"),
    ("confidential_customer_data", "no"),
    ("deletion_on_exit", "yes"),
    ("end_user_personal_data", "yes"),
    ("health_data", "no"),
    ("card_data", "no"),
];

#[test]
fn a_b2b_project_management_saas_is_security_and_availability_type_ii() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "pm.ron");
    answer_all(&path, PROJECT_MANAGEMENT_SAAS);
    let shown = show(&path);
    assert_eq!(in_scope(&shown), ["Security", "Availability"]);
    assert_eq!(shown["suggested"]["report_type"]["type"], "Type II");
    assert_eq!(shown["suggested"]["window_months"]["months"], 6);
    // Business users signing up: advised to consider Privacy, not scoped into it; the
    // deletion clause alone is advice too; Stripe billing our own plans is a vendor.
    let advice = advice_ids(&shown);
    assert!(
        advice.contains(&"consider_privacy".to_string()),
        "{advice:?}"
    );
    assert!(advice.contains(&"deletion_commitments".to_string()));
    let subservices: Vec<&str> = shown["subservices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(subservices, ["Amazon Web Services", "Google Workspace"]);
    let status = status_json(&path);
    assert_eq!(
        status["categories_in_scope"],
        serde_json::json!(["Security", "Availability"])
    );
    assert_eq!(status["criteria_in_scope"], 36);
}

#[test]
fn a_mid_market_fintech_adds_confidentiality_and_is_advised_on_pi_and_soc1() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "fintech.ron");
    answer_all(
        &path,
        &[
            ("customer_type", "businesses"),
            ("customer_regions", "us_and_europe"),
            ("uptime_sla", "yes"),
            ("critical_operations", "yes"),
            ("financial_reporting_impact", "yes"),
            ("report_deadline", "within_months"),
            ("first_report", "yes"),
            ("processes_transactions", "yes"),
            ("moves_customer_money", "yes"),
            ("payment_processor", "adyen"),
            ("cloud_provider", "aws"),
            ("confidential_customer_data", "yes"),
            ("deletion_on_exit", "yes"),
            ("end_user_personal_data", "yes"),
            ("card_data", "no"),
        ],
    );
    let shown = show(&path);
    assert_eq!(
        in_scope(&shown),
        ["Security", "Availability", "Confidentiality"]
    );
    assert_eq!(shown["suggested"]["report_type"]["type"], "Type II");
    let advice = advice_ids(&shown);
    for id in [
        "soc1",
        "iso27001",
        "consider_processing_integrity",
        "consider_privacy",
    ] {
        assert!(
            advice.contains(&id.to_string()),
            "{id} missing from {advice:?}"
        );
    }
    // Moving customers' money makes the processor a subservice organization.
    assert!(
        shown["subservices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "Adyen")
    );
    // Promising accurate processing brings Processing Integrity in, with its reason.
    let out = answer(&path, "accuracy_commitment", "yes");
    assert!(
        out.contains("Processing Integrity is now in scope: you process customers' transactions or calculations and contracts promise complete, accurate processing"),
        "{out}"
    );
    assert!(out.contains("Advice no longer applies: Consider Processing Integrity"));
}

#[test]
fn a_health_data_platform_for_hospital_systems_gets_the_hitrust_advisory_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "health.ron");
    answer_all(
        &path,
        &[
            ("customer_type", "businesses"),
            ("uptime_sla", "yes"),
            ("critical_operations", "yes"),
            ("first_report", "yes"),
            ("report_deadline", "no_deadline"),
            ("confidential_customer_data", "yes"),
            ("health_data", "yes"),
        ],
    );
    let out = answer(&path, "health_systems", "yes");
    assert_eq!(
        out.trim(),
        "New advice: HITRUST: your customers are hospitals, health systems or health plans"
    );
    let shown = show(&path);
    assert_eq!(
        in_scope(&shown),
        ["Security", "Availability", "Confidentiality"]
    );
    assert_eq!(advice_ids(&shown), ["hipaa", "hitrust"]);

    // `soc2 status`, text and JSON.
    let text = soc2()
        .args(["status", path.to_str().unwrap()])
        .output()
        .unwrap();
    let text = stdout(&text);
    assert!(
        text.contains("  HITRUST: your customers are hospitals, health systems or health plans"),
        "{text}"
    );
    assert!(text.contains("  HIPAA: you handle health information about patients"));
    let status = status_json(&path);
    let hitrust = status["advisories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "hitrust")
        .cloned()
        .unwrap();
    assert_eq!(hitrust["title"], "HITRUST");
    assert_eq!(
        hitrust["reason"],
        "your customers are hospitals, health systems or health plans"
    );

    // The Dashboard, at both sizes.
    let wb = store::load(&path).unwrap().workbook;
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = tui_support::app_with(wb.clone(), Theme::color());
        let screen = tui_support::text(&tui_support::draw(&mut app, w, h));
        assert!(screen.contains("Advice (2)"), "{w}x{h}:\n{screen}");
        assert!(
            screen.contains("HITRUST: your customers are hospitals"),
            "{w}x{h}:\n{screen}"
        );
    }
}

#[test]
fn a_bad_value_lists_the_valid_ones_and_leaves_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "w.ron");
    let before = std::fs::read(&path).unwrap();
    for (question, value, expected) in [
        (
            "last_report",
            "soc1",
            "which takes one of none, type_i, type_ii",
        ),
        ("uptime_sla", "maybe", "which takes yes or no"),
        ("employee_count", "many", "which takes a whole number"),
        (
            "target_report_date",
            "next june",
            "which takes a date, YYYY-MM-DD",
        ),
        (
            "no_such_question",
            "yes",
            "the questions are: employee_count, has_office",
        ),
    ] {
        let out = soc2()
            .args(["scope", "answer", path.to_str().unwrap(), question, value])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{question}");
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
    // Neither a value nor --clear is a usage error too.
    soc2()
        .args(["scope", "answer", path.to_str().unwrap(), "uptime_sla"])
        .assert()
        .code(2);
}

#[test]
fn clearing_an_answer_says_what_it_undid() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "w.ron");
    answer(&path, "customers_ask_privacy", "yes");
    let out = soc2()
        .args([
            "scope",
            "answer",
            path.to_str().unwrap(),
            "customers_ask_privacy",
            "--clear",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        stdout(&out).trim(),
        "Privacy is no longer in scope: no answer calls for it"
    );
    let out = answer(&path, "customers_fiscal_year_end", "september");
    assert!(
        out.contains("Suggested window end is now the end of September"),
        "{out}"
    );
    assert_eq!(show(&path)["suggested"]["window_end_month"]["month"], 9);
    assert_eq!(
        answer(&path, "employee_count", "12").trim(),
        "answer saved; the scope did not change"
    );
}

#[test]
fn a_hand_edited_answer_fails_check_until_the_scope_is_re_derived_or_overridden() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "w.ron");
    answer(&path, "confidential_customer_data", "yes");
    // A hand edit (or a text merge) flips the answer but not the category.
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace(
        "\"confidential_customer_data\": Yes",
        "\"confidential_customer_data\": No",
    );
    assert_ne!(text, edited);
    std::fs::write(&path, &edited).unwrap();

    let out = soc2()
        .args(["check", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("scope Confidentiality: the scope contradicts answer confidential_customer_data: Confidentiality is in scope but the answers no longer call for it; override with a reason or re-derive"),
        "{}",
        stderr(&out)
    );
    // Other scripted edits refuse the contradicting workbook…
    soc2()
        .args([
            "item",
            "set",
            path.to_str().unwrap(),
            "mfa-everywhere",
            "--status",
            "done",
        ])
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    // …the app opens it editable, to fix it there…
    let wb = store::load(&path).unwrap().workbook;
    assert_eq!(soc2_workbook::tui::reload::findings_reason(&wb), None);
    let mut app = tui_support::app_with(wb, Theme::color());
    let screen = tui_support::text(&tui_support::draw(&mut app, 120, 40));
    assert!(
        screen.contains("! the scope contradicts answer"),
        "{screen}"
    );
    assert!(
        screen.contains("confidential_customer_data: Confidentiality is in"),
        "{screen}"
    );
    // …and `soc2 scope derive` re-derives it, saying what changed.
    let out = soc2()
        .args(["scope", "derive", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "Confidentiality is no longer in scope: no answer calls for it"
    );
    soc2()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .success();
    // A consistent file stays byte-identical through load and save.
    let consistent = std::fs::read(&path).unwrap();
    soc2()
        .args(["fmt", path.to_str().unwrap()])
        .assert()
        .success();
    soc2()
        .args(["scope", "derive", path.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(std::fs::read(&path).unwrap(), consistent);
}

#[test]
fn an_override_with_a_reason_is_never_a_contradiction() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "w.ron");
    let mut wb = store::load(&path).unwrap().workbook;
    soc2_workbook::edit::override_category(
        &mut wb,
        soc2_workbook::model::Category::Privacy,
        true,
        "our DPA promises Privacy controls",
    )
    .unwrap();
    store::save(&path, &wb).unwrap();
    soc2()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .success();
    let out = answer(&path, "end_user_personal_data", "yes");
    assert!(out.contains("New advice: Consider Privacy"), "{out}");
    let shown = show(&path);
    let privacy = &shown["categories"][4];
    assert_eq!(privacy["category"], "Privacy");
    assert_eq!(privacy["in_scope"], true);
    assert_eq!(privacy["overridden"], true);
}

#[test]
fn answering_a_contradicting_workbook_re_derives_it_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "w.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    // A merge brought in an answer without its category.
    let edited = text.replace(
        "answers: {},",
        "answers: {\n            \"uptime_sla\": Yes,\n        },",
    );
    assert_ne!(text, edited);
    std::fs::write(&path, &edited).unwrap();
    soc2()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .code(1);
    let out = answer(&path, "employee_count", "30");
    assert_eq!(
        out.trim(),
        "Availability is now in scope: you commit to an uptime SLA"
    );
    soc2()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .success();
}
