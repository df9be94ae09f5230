use super::*;
use crate::catalog::{catalog, scoping::questionnaire};
use crate::model::*;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn base() -> Workbook {
    let mut wb = Workbook {
        version: FORMAT_VERSION,
        ..Workbook::default()
    };
    wb.team.push(Member {
        id: "maria".into(),
        name: "Maria".into(),
        role: String::new(),
        ..Default::default()
    });
    wb
}

fn findings(wb: &Workbook) -> Vec<String> {
    check(catalog(), questionnaire(), wb)
        .into_iter()
        .map(|f| format!("{}: {}", f.entity, f.message))
        .collect()
}

fn has(wb: &Workbook, needle: &str) {
    let f = findings(wb);
    assert!(
        f.iter().any(|f| f.contains(needle)),
        "expected {needle:?} in {f:#?}"
    );
}

#[test]
fn a_clean_workbook_has_no_findings() {
    assert_eq!(findings(&base()), Vec::<String>::new());
}

#[test]
fn unknown_criteria_and_items_are_reported() {
    let mut wb = base();
    wb.item_mut("CC6.9", "mfa-everywhere");
    has(&wb, "checklist CC6.9: no such criterion");
    let mut wb = base();
    wb.item_mut("CC6.1", "no-such-item");
    has(
        &wb,
        "checklist CC6.1 / no-such-item: no such checklist item",
    );
    let mut wb = base();
    wb.item_mut("CC6.1", "offboarding-revocation-sla");
    has(&wb, "item belongs to CC6.2, not CC6.1");
}

#[test]
fn not_applicable_without_reason_is_reported() {
    let mut wb = base();
    wb.item_mut("CC6.2", "offboarding-revocation-sla").status = ItemStatus::NotApplicable;
    has(&wb, "N/A needs a reason");
}

#[test]
fn owners_outside_the_team_are_reported_everywhere() {
    let mut wb = base();
    wb.item_mut("CC6.2", "offboarding-revocation-sla").owner = Some("bob".into());
    wb.backlog.push(
        BacklogItem {
            id: "RB-abcd".into(),
            title: "x".into(),
            owner: Some("eve".into()),
            ..BacklogItem::default()
        }
        .into(),
    );
    has(
        &wb,
        "checklist CC6.2 / offboarding-revocation-sla: owner \"bob\" is not in the team",
    );
    has(
        &wb,
        "backlog RB-abcd \"x\": owner \"eve\" is not in the team",
    );
}

#[test]
fn duplicate_ids_and_dangling_links_are_reported() {
    let mut wb = base();
    let item = BacklogItem {
        id: "RB-abcd".into(),
        title: "x".into(),
        criteria: vec!["CC42.1".into()],
        items: vec!["ghost-item".into()],
        ..BacklogItem::default()
    };
    wb.backlog.push(item.clone().into());
    wb.backlog.push(item.into());
    has(&wb, "backlog RB-abcd: duplicate id");
    has(&wb, "links to unknown criterion \"CC42.1\"");
    has(&wb, "links to unknown checklist item \"ghost-item\"");
}

#[test]
fn dates_out_of_order_are_reported() {
    let mut wb = base();
    wb.milestones.push(Milestone {
        id: "MS-abcd".into(),
        name: "M".into(),
        start: d("2027-02-01"),
        end: d("2027-01-01"),
        ..Milestone::default()
    });
    has(
        &wb,
        "milestone MS-abcd \"M\": ends (2027-01-01) before it starts (2027-02-01)",
    );
}

#[test]
fn scope_problems_are_reported() {
    let mut wb = base();
    wb.scope.categories.insert(
        Category::Security,
        CategoryDecision {
            in_scope: false,
            reason: "x".into(),
            overridden: true,
        },
    );
    wb.scope.observation_months = Some(13);
    wb.scope
        .answers
        .insert("uptime_sla".into(), Answer::Number(3));
    wb.scope
        .answers
        .insert("not_a_question".into(), Answer::Yes);
    wb.scope
        .answers
        .insert("cloud_provider".into(), Answer::Choice("mars".into()));
    has(&wb, "cannot be left out");
    has(&wb, "observation_months is 13");
    has(
        &wb,
        "scoping answer \"uptime_sla\": the answer has the wrong kind; expected Yes or No",
    );
    has(
        &wb,
        "scoping answer \"not_a_question\": no scoping question has this id",
    );
    has(&wb, "\"mars\" is not an option");
}

#[test]
fn conflict_records_are_reported_until_resolved() {
    let mut wb = base();
    wb.conflicts.push(Conflict {
        location: "backlog RB-abcd title".into(),
        ours: "A".into(),
        theirs: "B".into(),
    });
    has(&wb, "unresolved merge conflict");
}

#[test]
fn a_scope_that_contradicts_its_answers_fails_check_until_overridden_or_re_derived() {
    let mut wb = base();
    wb.scope.answers.insert("uptime_sla".into(), Answer::Yes);
    let findings = check(catalog(), questionnaire(), &wb);
    let contradiction = findings
        .iter()
        .find(|f| crate::analysis::check::is_scope_contradiction(f));
    assert_eq!(
        contradiction.map(|f| (f.entity.as_str(), f.message.as_str())),
        Some((
            "scope Availability",
            "the scope contradicts answer uptime_sla: Availability is out of scope but the answers call for it; override with a reason or re-derive (`soc2 scope derive PATH`, or `x` on the category in the app)"
        ))
    );
    crate::edit::rederive(&mut wb);
    assert!(check(catalog(), questionnaire(), &wb).is_empty());
    wb.scope.answers.insert("uptime_sla".into(), Answer::No);
    crate::edit::override_category(&mut wb, Category::Availability, true, "our MSA has an SLA")
        .unwrap();
    assert!(check(catalog(), questionnaire(), &wb).is_empty());
}

#[test]
fn a_vendor_report_ending_before_it_starts_or_reviewed_by_a_stranger_fails_check() {
    let mut wb = base();
    wb.vendors.insert(
        "aws".into(),
        Vendor {
            name: "AWS".into(),
            owner: Some("nobody".into()),
            reports: vec![SocReport {
                period: Some(DateRange {
                    start: d("2026-09-30"),
                    end: d("2025-10-01"),
                }),
                reviewed_by: Some("ghost".into()),
                ..SocReport::default()
            }],
            ..Vendor::default()
        },
    );
    has(
        &wb,
        "vendor aws: report 2026-09-30: period ends (2025-10-01) before it starts (2026-09-30)",
    );
    has(&wb, "vendor aws: report 2026-09-30: reviewed by \"ghost\"");
    has(&wb, "vendor aws: owner \"nobody\" is not in the team");
}
