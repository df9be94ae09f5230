//! The vendor findings, phrased as an auditor reviewing CC9.2 would.

use super::*;
use crate::catalog::catalog;
use crate::model::{
    MappedControl, Milestone, Phase, ReportException, SocReport, VendorBridgeLetter,
};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// A workbook whose observation window runs 2027-01-05 to 2027-07-04, with AWS as a
/// carve-out subservice organization whose report ends 2026-09-30.
fn workbook() -> Workbook {
    let mut wb = Workbook::default();
    wb.milestones.push(Milestone {
        id: "MS-obsv".into(),
        name: "Observation window".into(),
        phase: Phase::Observation,
        start: d("2027-01-05"),
        end: d("2027-07-04"),
        ..Milestone::default()
    });
    wb.vendors.insert(
        "aws".into(),
        Vendor {
            name: "Amazon Web Services".into(),
            subservice: Some(SubserviceMethod::CarveOut),
            tier: Some(Tier::Critical),
            contract: true,
            due_diligence: Some(d("2026-08-01")),
            reports: vec![SocReport {
                period: Some(DateRange {
                    start: d("2025-10-01"),
                    end: d("2026-09-30"),
                }),
                opinion: Some(Opinion::Unqualified),
                reviewed: Some(d("2026-11-05")),
                ..SocReport::default()
            }],
            ..Vendor::default()
        },
    );
    wb
}

fn codes(wb: &Workbook, today: &str) -> Vec<String> {
    findings(catalog(), wb, d(today))
        .iter()
        .map(|f| format!("{}: {}", f.code(), f.message()))
        .collect()
}

#[test]
fn a_report_that_ends_before_our_window_ends_is_a_bridge_letter_gap_until_a_letter_covers_it() {
    let mut wb = workbook();
    let found = codes(&wb, "2026-11-22");
    assert!(
        found.iter().any(|f| f.starts_with(
            "bridge-letter-gap: bridge-letter gap 2027-01-05 to 2027-07-04"
        )),
        "{found:?}"
    );
    let aws = wb.vendors.get_mut("aws").unwrap();
    aws.bridge_letters.push(VendorBridgeLetter {
        issued: d("2026-12-15"),
        through: d("2027-03-31"),
    });
    let found = codes(&wb, "2026-11-22");
    assert!(
        found.iter().any(|f| f.starts_with(
            "bridge-letter-gap: bridge-letter gap 2027-01-05 to 2027-07-04"
        )),
        "a letter vouches only up to its issue, not for the months after it: {found:?}"
    );
    let aws = wb.vendors.get_mut("aws").unwrap();
    aws.bridge_letters.clear();
    aws.bridge_letters.push(VendorBridgeLetter {
        issued: d("2027-04-02"),
        through: d("2027-03-31"),
    });
    let found = codes(&wb, "2026-11-22");
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("bridge-letter-gap: bridge-letter gap 2027-04-01 to 2027-07-04")),
        "a letter through March leaves April to July open: {found:?}"
    );
    wb.vendors
        .get_mut("aws")
        .unwrap()
        .bridge_letters
        .push(VendorBridgeLetter {
            issued: d("2027-07-10"),
            through: d("2027-07-04"),
        });
    assert!(
        !codes(&wb, "2026-11-22")
            .iter()
            .any(|f| f.starts_with("bridge-letter-gap")),
        "covered through the window's end"
    );
}

#[test]
fn while_the_window_runs_a_letter_through_today_is_enough() {
    let mut wb = workbook();
    wb.vendors
        .get_mut("aws")
        .unwrap()
        .bridge_letters
        .push(VendorBridgeLetter {
            issued: d("2027-02-01"),
            through: d("2027-02-01"),
        });
    let found = codes(&wb, "2027-02-01");
    assert!(
        !found.iter().any(|f| f.starts_with("bridge-letter-gap")),
        "{found:?}"
    );
    let found = codes(&wb, "2027-03-01");
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("bridge-letter-gap: bridge-letter gap 2027-02-02 to 2027-03-01")),
        "{found:?}"
    );
}

#[test]
fn a_report_period_outside_the_window_and_a_stale_review_are_flagged() {
    let wb = workbook();
    let found = codes(&wb, "2027-11-22");
    assert!(
        found.iter().any(|f| f.starts_with(
            "period-outside-window: latest report period 2025-10-01 to 2026-09-30 does not overlap our window 2027-01-05 to 2027-07-04"
        )),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("review-stale: last report review 2026-11-05")),
        "{found:?}"
    );
}

#[test]
fn a_qualified_opinion_and_an_exception_without_response_need_our_answer() {
    let mut wb = workbook();
    let r = &mut wb.vendors.get_mut("aws").unwrap().reports[0];
    r.opinion = Some(Opinion::Qualified);
    r.exceptions.push(ReportException {
        text: "Two leavers kept access for 40 days".into(),
        response: String::new(),
    });
    r.exceptions.push(ReportException {
        text: "Badge logs incomplete".into(),
        response: "Not relevant: we hold no hardware there".into(),
    });
    let found = codes(&wb, "2026-11-22");
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("opinion: the latest report's opinion is qualified"))
    );
    let unanswered: Vec<&String> = found
        .iter()
        .filter(|f| f.starts_with("exception-without-response"))
        .collect();
    assert_eq!(unanswered.len(), 1, "{found:?}");
    assert!(unanswered[0].contains("Two leavers"));
}

#[test]
fn a_critical_vendor_needs_due_diligence_a_contract_and_a_dpa_for_personal_data() {
    let mut wb = Workbook::default();
    wb.vendors.insert(
        "mailer".into(),
        Vendor {
            name: "Mailer".into(),
            data: vec!["Customer user accounts: names and work emails".into()],
            ..Vendor::default()
        },
    );
    let found = codes(&wb, "2026-11-22");
    for code in ["no-due-diligence", "no-contract", "no-dpa"] {
        assert!(
            found.iter().any(|f| f.starts_with(code)),
            "{code}: {found:?}"
        );
    }
    assert!(
        !found.iter().any(|f| f.starts_with("never-reviewed")),
        "no report on file is not a review that never happened: {found:?}"
    );
}

#[test]
fn an_unmet_cuec_is_a_checklist_gap_and_an_unmapped_one_is_flagged() {
    let mut wb = workbook();
    wb.vendors.get_mut("aws").unwrap().cuecs = vec![
        MappedControl {
            text: "Customers review IAM access".into(),
            controls: vec!["access-review-quarterly".into()],
        },
        MappedControl {
            text: "Customers encrypt their buckets".into(),
            controls: vec![],
        },
    ];
    let found = codes(&wb, "2026-11-22");
    assert!(
        found.iter().any(|f| f.starts_with(
            "cuec-control-not-done: CUEC \"Customers review IAM access\" relies on CC6.2 access-review-quarterly, which is not started: a checklist gap"
        )) || found.iter().any(|f| f.starts_with("cuec-control-not-done")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|f| f.starts_with("cuec-unmapped")),
        "{found:?}"
    );
    let gaps = checklist_gaps(catalog(), &wb, d("2026-11-22"));
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].0, "Amazon Web Services");
    assert_eq!(
        cuecs_of_item(&wb, "access-review-quarterly"),
        [("Amazon Web Services", "Customers review IAM access")]
    );
    let (home, _) = catalog().item("access-review-quarterly").unwrap();
    wb.item_mut(&home.id.clone(), "access-review-quarterly")
        .status = ItemStatus::Implemented;
    assert!(checklist_gaps(catalog(), &wb, d("2026-11-22")).is_empty());
}

#[test]
fn a_passed_next_review_date_is_overdue_and_suggests_a_backlog_item() {
    let mut wb = workbook();
    wb.vendors.get_mut("aws").unwrap().next_review = Some(d("2026-11-01"));
    let f = findings(catalog(), &wb, d("2026-11-22"));
    let overdue = f.iter().find(|f| f.code() == "review-overdue").unwrap();
    assert_eq!(overdue.message(), "next review was due 2026-11-01");
    let (title, criteria, _) = overdue.suggestion("Amazon Web Services");
    assert_eq!(title, "Review Amazon Web Services's SOC report");
    assert_eq!(criteria, ["CC9.2"]);
}
