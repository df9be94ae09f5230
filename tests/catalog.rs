//! Guards on the embedded catalog and questionnaire that other code relies on.
//!
//! Why a separate test file: these pin the public contract (criterion ids, item ids, the
//! COSO mapping) from the outside, the way the rest of the workbook sees it.

use std::collections::BTreeSet;

use soc2_workbook::catalog::{self, QuestionKind, catalog, questionnaire};
use soc2_workbook::model::Category;

/// Every criterion id of the 2017 Trust Services Criteria, in report order.
const CRITERIA: [&str; 61] = [
    "CC1.1", "CC1.2", "CC1.3", "CC1.4", "CC1.5", "CC2.1", "CC2.2", "CC2.3", "CC3.1", "CC3.2",
    "CC3.3", "CC3.4", "CC4.1", "CC4.2", "CC5.1", "CC5.2", "CC5.3", "CC6.1", "CC6.2", "CC6.3",
    "CC6.4", "CC6.5", "CC6.6", "CC6.7", "CC6.8", "CC7.1", "CC7.2", "CC7.3", "CC7.4", "CC7.5",
    "CC8.1", "CC9.1", "CC9.2", "A1.1", "A1.2", "A1.3", "PI1.1", "PI1.2", "PI1.3", "PI1.4", "PI1.5",
    "C1.1", "C1.2", "P1.1", "P2.1", "P3.1", "P3.2", "P4.1", "P4.2", "P4.3", "P5.1", "P5.2", "P6.1",
    "P6.2", "P6.3", "P6.4", "P6.5", "P6.6", "P6.7", "P7.1", "P8.1",
];

/// Every control id ever shipped (the 218 of format version 1), in their first order.
/// Workbooks store these ids as keys, so this list never shrinks: a control merged into
/// another keeps resolving through `assets/retired-ids.ron`.
const SHIPPED_IDS: [&str; 218] = [
    "code-of-conduct-signed",
    "code-of-conduct-annual-ack",
    "background-checks",
    "nda-at-onboarding",
    "disciplinary-process",
    "board-security-review",
    "board-oversight-charter",
    "independent-adviser",
    "board-annual-risk-briefing",
    "org-chart-review",
    "security-owner-named",
    "job-descriptions-security",
    "security-policy-roles",
    "security-training-onboarding",
    "security-training-annual",
    "secure-coding-training",
    "structured-hiring",
    "control-owner-matrix",
    "performance-reviews",
    "sanctions-applied",
    "asset-inventory",
    "data-flow-diagrams",
    "data-classification-policy",
    "central-logging",
    "report-completeness-check",
    "policy-portal-ack",
    "security-reporting-channel",
    "whistleblower-line",
    "system-description-internal",
    "contract-commitments",
    "trust-page",
    "customer-change-notice",
    "customer-responsibilities",
    "service-commitments-doc",
    "risk-management-policy",
    "security-objectives-planning",
    "risk-assessment-annual",
    "risk-register",
    "risk-inputs",
    "fraud-risk-scenarios",
    "dual-approval-payments",
    "privileged-action-logging",
    "risk-reassess-on-change",
    "new-system-security-review",
    "threat-intel-watch",
    "continuous-control-monitoring",
    "pentest-annual",
    "internal-control-review",
    "findings-tracked",
    "remediation-report-leadership",
    "retest-before-close",
    "risk-control-matrix",
    "risk-treatment-approval",
    "segregation-of-duties",
    "itgc-policies",
    "infra-as-code-baseline",
    "standard-security-tooling",
    "policy-annual-review",
    "policy-acknowledgement",
    "runbooks",
    "policies-version-controlled",
    "sso-central-idp",
    "mfa-everywhere",
    "phishing-resistant-admin-mfa",
    "cloud-root-locked",
    "encryption-at-rest",
    "key-rotation",
    "secrets-manager",
    "network-segmentation",
    "access-request-approval",
    "onboarding-checklist",
    "offboarding-revocation-sla",
    "hr-idp-sync",
    "access-review-quarterly",
    "role-based-groups",
    "admin-access-review",
    "role-change-tickets",
    "just-in-time-prod",
    "cloud-provider-physical",
    "office-badge-lifecycle",
    "badge-list-review",
    "visitor-log",
    "laptop-wipe-offboarding",
    "certified-destruction",
    "disposal-procedure",
    "minimal-exposed-ports",
    "firewall-rule-review",
    "admin-via-zero-trust",
    "waf-ddos",
    "cloud-threat-detection",
    "tls-everywhere",
    "internal-tls",
    "laptop-disk-encryption",
    "removable-media-blocked",
    "encrypted-bulk-transfer",
    "edr-all-endpoints",
    "no-local-admin",
    "dependency-scanning-ci",
    "immutable-deploys",
    "vuln-scanning",
    "vuln-scan-review-monthly",
    "vuln-remediation-sla",
    "cspm-config-monitoring",
    "log-retention-1y",
    "security-alerting",
    "uptime-monitoring",
    "alert-triage-procedure",
    "incident-response-plan",
    "event-triage-log",
    "incident-data-impact",
    "ir-plan-annual-review",
    "ir-tabletop-annual",
    "incident-ticket-record",
    "on-call-rotation",
    "postmortem-actions",
    "restore-runbooks",
    "recovery-test-annual",
    "pr-peer-review",
    "branch-protection",
    "ci-tests-required",
    "deploy-via-pipeline",
    "no-direct-prod-changes",
    "separate-environments",
    "emergency-change",
    "patch-management",
    "bcp-dr-plan",
    "business-impact-analysis",
    "bcp-test-annual",
    "cyber-insurance",
    "vendor-inventory-tiers",
    "vendor-due-diligence",
    "vendor-soc2-review",
    "vendor-dpa",
    "vendor-offboarding",
    "autoscaling",
    "capacity-alerts",
    "capacity-review-quarterly",
    "automated-backups",
    "backup-offsite-immutable",
    "backup-failure-alerts",
    "backup-restore-test",
    "multi-az",
    "cloud-provider-environmental",
    "dr-test-annual",
    "dr-plan-updated",
    "dr-runbook-offline",
    "api-docs-published",
    "data-dictionary",
    "processing-schedule",
    "input-validation",
    "rejected-input-errors",
    "import-reconciliation",
    "calc-logic-tests",
    "job-failure-alerts",
    "processing-reconciliation",
    "reconciliation-exception-review",
    "output-reconciliation",
    "tenant-isolation-tests",
    "delivery-monitoring",
    "db-integrity-constraints",
    "stored-data-integrity-checks",
    "processing-records-retention",
    "confidential-data-map",
    "confidential-access-restricted",
    "customer-data-encrypted",
    "retention-schedule-review",
    "third-party-nda",
    "customer-data-deletion-sla",
    "lifecycle-deletion-rules",
    "deletion-verification-annual",
    "privacy-notice-published",
    "privacy-notice-annual-review",
    "privacy-change-notice",
    "consent-management",
    "consent-records",
    "lawful-basis-record",
    "privacy-review-new-features",
    "personal-data-map",
    "third-party-source-vetting",
    "explicit-opt-in-sensitive",
    "explicit-consent-evidence",
    "purpose-limitation-review",
    "personal-data-access-limits",
    "prod-data-use-rules",
    "personal-data-retention-schedule",
    "personal-data-auto-expiry",
    "deletion-request-workflow",
    "hard-delete-jobs",
    "backup-expiry-aligned",
    "dsar-procedure",
    "self-service-export",
    "controller-request-assist",
    "self-service-profile-edit",
    "correction-request-workflow",
    "corrections-to-subprocessors",
    "subprocessor-list",
    "subprocessor-dpa",
    "new-disclosure-approval",
    "disclosure-log",
    "legal-request-procedure",
    "breach-register",
    "privacy-incident-flag",
    "vendor-privacy-commitments",
    "vendor-privacy-review-annual",
    "vendor-issue-remediation",
    "vendor-breach-clause",
    "vendor-incident-intake",
    "breach-notification-procedure",
    "breach-notice-templates",
    "breach-legal-assessment",
    "dsar-includes-recipients",
    "recipient-tracking",
    "personal-data-validation",
    "data-quality-review-annual",
    "stale-data-cleanup",
    "privacy-contact-published",
    "privacy-complaint-log",
    "privacy-compliance-review-annual",
];

#[test]
fn exactly_the_61_criteria_in_report_order() {
    let ids: Vec<&str> = catalog().criteria.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, CRITERIA);
}

/// Controls added in format version 2 (new ids need no mapping; they join the shipped list
/// for every later version).
const ADDED_IN_V2: [&str; 8] = [
    "system-segregation",
    "unique-user-ids",
    "key-rotation-manual-annual",
    "log-source-silence-alerts",
    "mdm-patching-screen-lock",
    "status-page-outage-notice",
    "prod-data-fix-ticket",
    "consent-before-disclosure",
];

/// The controls merged in format version 2: retired id → the control that absorbed it.
const MERGED: [(&str, &str); 11] = [
    ("board-annual-risk-briefing", "board-security-review"),
    ("cloud-provider-environmental", "vendor-soc2-review"),
    ("cloud-provider-physical", "vendor-soc2-review"),
    ("dr-test-annual", "bcp-test-annual"),
    ("ir-plan-annual-review", "incident-response-plan"),
    ("new-system-security-review", "vendor-due-diligence"),
    ("policy-acknowledgement", "policy-portal-ack"),
    ("recovery-test-annual", "bcp-test-annual"),
    ("restore-runbooks", "runbooks"),
    ("third-party-nda", "nda-at-onboarding"),
    ("vendor-privacy-review-annual", "vendor-soc2-review"),
];

#[test]
fn every_id_ever_shipped_resolves_to_a_control() {
    let cat = catalog();
    for id in SHIPPED_IDS {
        let now = cat.resolve_id(id);
        assert!(
            cat.item(now).is_some(),
            "shipped id {id} resolves to {now}, which is not a control: a workbook that \
             stores it would lose its record. Map it in assets/retired-ids.ron."
        );
    }
    let shipped: BTreeSet<&str> = SHIPPED_IDS.into_iter().chain(ADDED_IN_V2).collect();
    let new: Vec<&str> = cat
        .items()
        .map(|(_, it)| it.id.as_str())
        .filter(|id| !shipped.contains(id))
        .collect();
    assert!(
        new.is_empty(),
        "new control ids {new:?}: add them to SHIPPED_IDS (new ids are fine, renames need a mapping)"
    );
    let retired: Vec<(&str, &str)> = cat
        .retired
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(retired, MERGED);
    assert_eq!(
        cat.items().count(),
        SHIPPED_IDS.len() - MERGED.len() + ADDED_IN_V2.len()
    );
}

#[test]
fn merged_controls_meet_every_criterion_their_parts_met() {
    let cat = catalog();
    for (criterion, control) in [
        ("CC6.4", "vendor-soc2-review"),
        ("A1.2", "vendor-soc2-review"),
        ("CC9.2", "vendor-soc2-review"),
        ("P6.4", "vendor-soc2-review"),
        ("CC9.1", "bcp-test-annual"),
        ("A1.3", "bcp-test-annual"),
        ("CC7.5", "bcp-test-annual"),
        ("CC2.2", "policy-portal-ack"),
        ("CC5.3", "policy-portal-ack"),
        ("CC7.3", "incident-response-plan"),
        ("CC7.4", "incident-response-plan"),
        ("CC5.3", "runbooks"),
        ("CC7.5", "runbooks"),
        ("CC1.1", "nda-at-onboarding"),
        ("C1.1", "nda-at-onboarding"),
        ("CC1.1", "background-checks"),
        ("CC1.4", "background-checks"),
        ("CC3.4", "vendor-due-diligence"),
        ("CC9.2", "vendor-due-diligence"),
        ("A1.2", "backup-restore-test"),
        ("A1.3", "backup-restore-test"),
    ] {
        assert!(
            cat.criteria_of(control).contains(&criterion),
            "{control} should meet {criterion}: {:?}",
            cat.criteria_of(control)
        );
        let listed = cat.checklist_of(criterion);
        assert!(
            listed.iter().any(|(_, it)| it.id == control),
            "{criterion}'s checklist should show {control}"
        );
    }
}

/// The words of a title that say what the control is, for spotting the same work twice.
fn title_words(title: &str) -> BTreeSet<String> {
    const COMMON: &[&str] = &[
        "a", "an", "and", "the", "of", "to", "for", "in", "on", "or", "by", "with", "every",
        "each", "is", "are", "be", "its", "their", "from", "at", "all", "yearly", "year", "annual",
        "quarter", "reviewed", "review", "before", "after", "within", "days", "hours", "personal",
        "data",
    ];
    title
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.len() > 1 && !COMMON.contains(&w.as_str()) && w.parse::<u32>().is_err())
        .collect()
}

/// Pairs whose titles share many words but describe different work, each checked by hand.
const KNOWN_DISTINCT: [(&str, &str); 7] = [
    ("security-policy-roles", "policy-annual-review"),
    ("security-training-onboarding", "security-training-annual"),
    ("contract-commitments", "vendor-dpa"),
    ("role-change-tickets", "prod-data-fix-ticket"),
    ("bcp-dr-plan", "bcp-test-annual"),
    ("third-party-source-vetting", "consent-before-disclosure"),
    ("deletion-request-workflow", "dsar-procedure"),
];

#[test]
fn no_two_controls_describe_the_same_work() {
    let items: Vec<_> = catalog().items().map(|(_, it)| it).collect();
    let mut similar = Vec::new();
    for (i, a) in items.iter().enumerate() {
        for b in &items[i + 1..] {
            let (wa, wb) = (title_words(&a.title), title_words(&b.title));
            let shared = wa.intersection(&wb).count();
            let all = wa.union(&wb).count().max(1);
            if shared * 100 / all >= 30 {
                similar.push((a.id.as_str(), b.id.as_str()));
            }
        }
    }
    assert_eq!(
        similar, KNOWN_DISTINCT,
        "controls whose titles read alike: merge them into one control that meets both \
         criteria (and map the retired id), or, if they are different work, list the pair"
    );
    for (old, new) in MERGED {
        assert!(
            catalog().item(old).is_none() && catalog().item(new).is_some(),
            "{old} was merged into {new}"
        );
    }
}

#[test]
fn ids_unique_and_well_formed() {
    let mut seen = BTreeSet::new();
    for (c, item) in catalog().items() {
        assert!(
            seen.insert(item.id.as_str()),
            "duplicate item id {}",
            item.id
        );
        assert!(
            catalog::is_item_slug(&item.id),
            "bad item id {} in {}",
            item.id,
            c.id
        );
        assert_eq!(
            catalog().item(&item.id).map(|(c2, _)| c2.id.as_str()),
            Some(c.id.as_str())
        );
    }
    let criteria: BTreeSet<&str> = catalog().criteria.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(criteria.len(), 61);
}

#[test]
fn categories_match_id_prefixes() {
    for c in &catalog().criteria {
        let want = if c.id.starts_with("CC") {
            Category::Security
        } else if c.id.starts_with("PI") {
            Category::ProcessingIntegrity
        } else if c.id.starts_with('A') {
            Category::Availability
        } else if c.id.starts_with('C') {
            Category::Confidentiality
        } else {
            Category::Privacy
        };
        assert_eq!(c.category, want, "{}", c.id);
        assert_eq!(catalog::category_of_id(&c.id), Some(want));
    }
    let count = |cat| catalog().in_category(cat).count();
    assert_eq!(count(Category::Security), 33);
    assert_eq!(count(Category::Availability), 3);
    assert_eq!(count(Category::ProcessingIntegrity), 5);
    assert_eq!(count(Category::Confidentiality), 2);
    assert_eq!(count(Category::Privacy), 18);
}

#[test]
fn coso_principles_follow_the_reference() {
    let expected = |id: &str| -> Option<u8> {
        let (series, n) = id.split_once('.')?;
        let n: u8 = n.parse().ok()?;
        Some(match series {
            "CC1" => n,
            "CC2" => 12 + n,
            "CC3" => 5 + n,
            "CC4" => 15 + n,
            "CC5" => 9 + n,
            _ => return None,
        })
    };
    for c in &catalog().criteria {
        assert_eq!(c.coso_principle, expected(&c.id), "{}", c.id);
    }
    let all: BTreeSet<u8> = catalog()
        .criteria
        .iter()
        .filter_map(|c| c.coso_principle)
        .collect();
    assert_eq!(all, (1..=17).collect());
}

#[test]
fn each_criterion_has_two_to_eight_complete_items() {
    for c in &catalog().criteria {
        let listed = catalog().checklist_of(&c.id).len();
        assert!(
            !c.items.is_empty() && (2..=8).contains(&listed),
            "{} has {listed} items",
            c.id,
        );
        assert!(
            !c.title.trim().is_empty() && c.title.chars().count() <= 60,
            "{}",
            c.id
        );
        assert!(!c.explanation.trim().is_empty(), "{}", c.id);
        assert!((2..=4).contains(&c.highlights.len()), "{}", c.id);
        for it in &c.items {
            let shown = it.title_with(|_| None);
            assert!(
                !shown.trim().is_empty() && shown.chars().count() <= 80,
                "{}",
                it.id
            );
            assert!(!it.evidence.trim().is_empty(), "{} has no evidence", it.id);
        }
    }
    assert!(
        catalog().problems().is_empty(),
        "{:?}",
        catalog().problems()
    );
}

#[test]
fn recurring_controls_named_in_the_brief_carry_a_cadence() {
    use soc2_workbook::model::Cadence::*;
    for (id, cadence) in [
        ("access-review-quarterly", Quarterly),
        ("risk-assessment-annual", Annual),
        ("security-training-annual", Annual),
        ("pentest-annual", Annual),
        ("dr-test-annual", Annual),
        ("vendor-soc2-review", Annual),
        ("vuln-scan-review-monthly", Monthly),
        ("backup-restore-test", Quarterly),
        ("policy-annual-review", Annual),
        ("ir-tabletop-annual", Annual),
    ] {
        let item = catalog()
            .item(catalog().resolve_id(id))
            .map(|(_, it)| it.cadence);
        assert_eq!(item, Some(Some(cadence)), "{id}");
    }
}

#[test]
fn no_control_characters_anywhere() {
    let bad = |s: &str| s.chars().any(char::is_control);
    for c in &catalog().criteria {
        for s in [&c.id, &c.series, &c.title, &c.explanation]
            .into_iter()
            .chain(&c.highlights)
        {
            assert!(!bad(s), "{}: {s:?}", c.id);
        }
        for it in &c.items {
            assert!(
                !bad(&it.id) && !bad(&it.title) && !bad(&it.evidence),
                "{}",
                it.id
            );
        }
    }
    let q = questionnaire();
    for qq in &q.questions {
        assert!(
            !bad(&qq.id) && !bad(&qq.section) && !bad(&qq.text) && !bad(&qq.help),
            "{}",
            qq.id
        );
        if let QuestionKind::Choice(options) = &qq.kind {
            for o in options {
                assert!(!bad(&o.id) && !bad(&o.label), "{}", o.id);
            }
        }
    }
    for r in &q.rules {
        assert!(!bad(&r.reason), "{}", r.reason);
    }
}

#[test]
fn scoping_rules_reference_real_questions_and_options() {
    let problems = questionnaire().problems();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let ids: BTreeSet<&str> = questionnaire()
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(
        ids.len(),
        questionnaire().questions.len(),
        "duplicate question id"
    );
}

#[test]
fn every_question_id_a_workbook_may_already_store_still_exists() {
    // Answers are stored under these ids: removing or renaming one orphans old answers.
    let released = [
        "employee_count",
        "has_office",
        "customer_type",
        "customer_regions",
        "uptime_sla",
        "critical_operations",
        "financial_reporting_impact",
        "public_summary",
        "report_deadline",
        "first_report",
        "controls_running_months",
        "target_report_date",
        "processes_transactions",
        "accuracy_commitment",
        "cloud_provider",
        "identity_provider",
        "payment_processor",
        "confidential_customer_data",
        "deletion_on_exit",
        "end_user_personal_data",
        "health_data",
        "card_data",
    ];
    for id in released {
        assert!(questionnaire().question(id).is_some(), "{id} was removed");
    }
}

#[test]
fn the_questionnaire_asks_what_an_auditor_needs_to_scope() {
    use soc2_workbook::catalog::scoping::QuestionKind;
    let kind = |id: &str| questionnaire().question(id).map(|q| q.kind.clone());
    // Which categories customers asked for: one yes/no each, so answers merge per category.
    for id in [
        "customers_ask_availability",
        "customers_ask_confidentiality",
        "customers_ask_processing_integrity",
        "customers_ask_privacy",
        "health_systems",
        "moves_customer_money",
        "data_pipeline",
        "own_privacy_notice",
    ] {
        assert_eq!(kind(id), Some(QuestionKind::YesNo), "{id}");
    }
    let options = |id: &str| match kind(id) {
        Some(QuestionKind::Choice(options)) => options.into_iter().map(|o| o.id).collect(),
        _ => Vec::new(),
    };
    assert_eq!(options("last_report"), ["none", "type_i", "type_ii"]);
    let months = options("customers_fiscal_year_end");
    assert_eq!(months.len(), 13);
    assert_eq!(months[0], "not_needed");
    assert_eq!(months[12], "december");
}

#[test]
fn readiness_counts_a_control_that_meets_three_criteria_once() {
    use soc2_workbook::analysis::readiness::{criterion_counts, design_readiness};
    use soc2_workbook::catalog::Tier;
    use soc2_workbook::model::{CategoryDecision, Evidence, ItemStatus, Workbook};
    let cat = catalog();
    let mut wb = Workbook::default();
    wb.scope.categories.insert(
        Category::Availability,
        CategoryDecision {
            in_scope: true,
            ..CategoryDecision::default()
        },
    );
    let baseline_in_scope = cat
        .items()
        .filter(|(c, it)| wb.in_scope(c.category) && it.tier == Tier::Baseline)
        .count();
    assert_eq!(design_readiness(cat, &wb).overall.total, baseline_in_scope);

    let record = wb.item_mut("A1.3", "bcp-test-annual");
    record.status = ItemStatus::Implemented;
    record.evidence.push(Evidence {
        id: "EV-abcd".into(),
        reference: "docs/dr-2026.md".into(),
        ..Evidence::default()
    });
    let r = design_readiness(cat, &wb);
    assert_eq!(r.overall.implemented, 1, "one control, counted once");
    assert_eq!(r.overall.total, baseline_in_scope);
    for criterion in ["CC9.1", "CC7.5", "A1.3"] {
        let c = cat.criterion(criterion).unwrap();
        assert_eq!(
            criterion_counts(c, &wb).implemented,
            1,
            "{criterion} shows it"
        );
    }
    assert!(wb.checklist["CC9.1"].contains_key("bcp-test-annual"));
    assert!(!wb.checklist.contains_key("A1.3"), "recorded once, at home");
}

#[test]
fn a_recommended_control_counts_only_once_adopted() {
    use soc2_workbook::analysis::readiness::design_readiness;
    use soc2_workbook::model::{ItemStatus, Workbook};
    let cat = catalog();
    let mut wb = Workbook::default();
    let before = design_readiness(cat, &wb).overall.total;
    assert_eq!(
        catalog().item("hr-idp-sync").map(|(_, it)| it.tier),
        Some(catalog::Tier::Recommended)
    );
    wb.item_mut("CC6.2", "hr-idp-sync").status = ItemStatus::InProgress;
    assert_eq!(design_readiness(cat, &wb).overall.total, before + 1);
}

#[test]
fn controls_sampled_from_an_event_list_are_per_event() {
    use soc2_workbook::model::Cadence;
    for id in [
        "offboarding-revocation-sla",
        "access-request-approval",
        "pr-peer-review",
        "emergency-change",
        "incident-ticket-record",
        "vendor-due-diligence",
        "security-training-onboarding",
        "background-checks",
        "customer-data-deletion-sla",
        "deletion-request-workflow",
        "dsar-procedure",
        "prod-data-fix-ticket",
    ] {
        let cadence = catalog().item(id).and_then(|(_, it)| it.cadence);
        assert_eq!(cadence, Some(Cadence::PerEvent), "{id}");
    }
    assert_eq!(
        catalog()
            .item("automated-backups")
            .and_then(|(_, it)| it.cadence),
        Some(Cadence::Daily)
    );
    let security_per_event = catalog()
        .items()
        .filter(|(c, it)| c.category == Category::Security && it.cadence == Some(Cadence::PerEvent))
        .count();
    assert!(
        (30..=36).contains(&security_per_event),
        "{security_per_event}"
    );
}

#[test]
fn good_practice_beyond_the_baseline_is_recommended() {
    for id in [
        "hr-idp-sync",
        "just-in-time-prod",
        "infra-as-code-baseline",
        "whistleblower-line",
        "dual-approval-payments",
    ] {
        assert_eq!(
            catalog().item(id).map(|(_, it)| it.tier),
            Some(catalog::Tier::Recommended),
            "{id}"
        );
    }
    for id in [
        "mfa-everywhere",
        "system-segregation",
        "unique-user-ids",
        "pr-peer-review",
    ] {
        assert_eq!(
            catalog().item(id).map(|(_, it)| it.tier),
            Some(catalog::Tier::Baseline),
            "{id}"
        );
    }
}

/// An auditor's control matrix says of every control whether a person or a system performs
/// it and whether it prevents, detects or corrects; the catalog carries both for each one.
#[test]
fn every_control_says_manual_or_automated_and_preventive_detective_or_corrective() {
    use soc2_workbook::catalog::{Nature, Operation};
    let missing: Vec<&str> = catalog()
        .items()
        .filter(|(_, it)| it.operation.is_none() || it.nature.is_none())
        .map(|(_, it)| it.id.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "controls without operation/nature: {missing:?}"
    );
    let kind = |id: &str| {
        let (_, it) = catalog().item(id).expect("control exists");
        (it.operation, it.nature)
    };
    assert_eq!(
        kind("branch-protection"),
        (Some(Operation::Automated), Some(Nature::Preventive))
    );
    assert_eq!(
        kind("access-review-quarterly"),
        (Some(Operation::Manual), Some(Nature::Detective))
    );
    assert_eq!(
        kind("incident-response-plan"),
        (Some(Operation::Manual), Some(Nature::Corrective))
    );
}
