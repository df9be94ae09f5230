use super::*;
use crate::catalog::catalog;
use crate::catalog::risks::risk_vocabulary;
use crate::model::{Event, Member, Milestone, Phase, Population, SignOff};

fn d(s: &str) -> Date {
    s.parse().expect("date")
}

/// A Type II workbook with a window from 2026-07-01 to 2026-12-31 and one well-kept risk.
fn wb() -> Workbook {
    let mut wb = Workbook {
        team: vec![Member {
            id: "maria".into(),
            name: "Maria".into(),
            ..Member::default()
        }],
        milestones: vec![Milestone {
            id: "MS-obsv".into(),
            name: "Observation".into(),
            phase: Phase::Observation,
            start: d("2026-07-01"),
            end: d("2026-12-31"),
            ..Milestone::default()
        }],
        ..Workbook::default()
    };
    wb.risks.insert(
        "unreviewed-code-to-prod".into(),
        Risk {
            title: "Code reaches production without a second person".into(),
            category: "fraud".into(),
            likelihood: 3,
            impact: 4,
            residual_likelihood: Some(1),
            residual_impact: Some(4),
            owner: Some("maria".into()),
            treatment: Some(Treatment::Mitigate),
            controls: vec!["pr-peer-review".into()],
            ..Risk::default()
        },
    );
    wb
}

fn kinds(wb: &Workbook, today: &str) -> Vec<FindingKind> {
    findings(catalog(), risk_vocabulary(), wb, d(today))
        .into_iter()
        .map(|f| f.kind)
        .collect()
}

fn assessed(wb: &mut Workbook, date: &str, signed: bool) {
    wb.risk_assessments.push(RiskAssessment {
        date: d(date),
        by: "maria".into(),
        signed_off: signed.then(|| SignOff {
            by: "maria".into(),
            date: d(date),
        }),
        summary: String::new(),
    });
}

#[test]
fn a_type_ii_needs_the_assessment_inside_the_window_not_just_within_a_year() {
    let mut w = wb();
    assessed(&mut w, "2026-05-01", true);
    let f = findings(catalog(), risk_vocabulary(), &w, d("2026-08-01"));
    let due = f
        .iter()
        .find(|f| f.kind == FindingKind::AssessmentDue)
        .expect("an assessment before the window does not count");
    assert!(
        due.message.contains("hold it by 2026-12-31"),
        "{}",
        due.message
    );
    assessed(&mut w, "2026-09-15", true);
    assert_eq!(kinds(&w, "2026-10-01"), Vec::<FindingKind>::new());
    let mark = assessment_mark(&w, d("2026-10-01")).expect("mark");
    assert!(mark.done && mark.date == d("2026-09-15"));
}

#[test]
fn the_planned_assessment_sits_inside_the_window_and_is_missed_after_it() {
    let w = wb();
    let early = assessment_mark(&w, d("2026-03-01")).expect("mark");
    assert_eq!((early.date, early.done), (d("2026-08-01"), false));
    let late = assessment_mark(&w, d("2026-11-20")).expect("mark");
    assert_eq!(
        late.date,
        d("2026-11-20"),
        "not yet held: planned for today"
    );
    let after = assessment_mark(&w, d("2027-02-01")).expect("mark");
    assert!(after.missed && after.date == d("2026-12-31"));
}

#[test]
fn without_a_window_the_assessment_is_due_twelve_months_after_the_last() {
    let mut w = wb();
    w.scope.report_type = ReportType::TypeI;
    assessed(&mut w, "2025-06-01", true);
    assert_eq!(kinds(&w, "2026-05-31"), Vec::<FindingKind>::new());
    assert_eq!(kinds(&w, "2026-06-02"), vec![FindingKind::AssessmentDue]);
}

#[test]
fn an_unsigned_assessment_is_raised() {
    let mut w = wb();
    assessed(&mut w, "2026-09-01", false);
    assert_eq!(kinds(&w, "2026-10-01"), vec![FindingKind::NotSignedOff]);
}

#[test]
fn each_risk_needs_an_owner_a_treatment_and_controls_that_exist_and_are_in_scope() {
    let mut w = wb();
    assessed(&mut w, "2026-09-01", true);
    let r = w.risks.get_mut("unreviewed-code-to-prod").expect("risk");
    r.owner = None;
    r.controls = vec!["no-such-control".into(), "privacy-notice-published".into()];
    let k = kinds(&w, "2026-10-01");
    assert!(k.contains(&FindingKind::NoOwner));
    assert!(k.contains(&FindingKind::UnknownControl));
    assert!(
        k.contains(&FindingKind::ControlOutOfScope),
        "privacy is not in scope: {k:?}"
    );
    let r = w.risks.get_mut("unreviewed-code-to-prod").expect("risk");
    r.controls.clear();
    assert!(kinds(&w, "2026-10-01").contains(&FindingKind::NoControls));
    let r = w.risks.get_mut("unreviewed-code-to-prod").expect("risk");
    r.treatment = None;
    assert!(kinds(&w, "2026-10-01").contains(&FindingKind::NoTreatment));
}

#[test]
fn accepting_or_carrying_a_risk_above_appetite_needs_an_approval() {
    let mut w = wb();
    assessed(&mut w, "2026-09-01", true);
    let r = w.risks.get_mut("unreviewed-code-to-prod").expect("risk");
    r.residual_likelihood = Some(3);
    r.residual_impact = Some(4);
    assert_eq!(kinds(&w, "2026-10-01"), vec![FindingKind::AboveAppetite]);
    let r = w.risks.get_mut("unreviewed-code-to-prod").expect("risk");
    r.treatment = Some(Treatment::Accept);
    assert_eq!(
        kinds(&w, "2026-10-01"),
        vec![FindingKind::AcceptedWithoutApproval]
    );
    let r = w.risks.get_mut("unreviewed-code-to-prod").expect("risk");
    r.acceptance = Some(SignOff {
        by: "maria".into(),
        date: d("2026-09-02"),
    });
    assert_eq!(kinds(&w, "2026-10-01"), Vec::<FindingKind>::new());
}

#[test]
fn a_residual_above_the_inherent_score_is_a_data_error() {
    let mut w = wb();
    assessed(&mut w, "2026-09-01", true);
    let r = w.risks.get_mut("unreviewed-code-to-prod").expect("risk");
    r.residual_likelihood = Some(4);
    r.residual_impact = Some(2);
    r.likelihood = 1;
    r.impact = 4;
    assert_eq!(
        kinds(&w, "2026-10-01"),
        vec![FindingKind::ResidualAboveInherent]
    );
}

#[test]
fn a_register_without_fraud_risk_misses_cc3_3() {
    let mut w = wb();
    assessed(&mut w, "2026-09-01", true);
    w.risks
        .get_mut("unreviewed-code-to-prod")
        .expect("risk")
        .category = "operational".into();
    let f = findings(catalog(), risk_vocabulary(), &w, d("2026-10-01"));
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].kind.criterion(), "CC3.3");
    assert_eq!(
        f[0].suggested_backlog(&w).criteria,
        vec!["CC3.3".to_string()]
    );
}

#[test]
fn a_change_or_an_incident_after_the_assessment_calls_for_reassessment() {
    let mut w = wb();
    assessed(&mut w, "2026-08-01", true);
    w.risk_triggers.push(RiskTrigger {
        date: d("2026-07-15"),
        kind: "new-product".into(),
        text: "before the assessment: already considered".into(),
    });
    assert_eq!(kinds(&w, "2026-10-01"), Vec::<FindingKind>::new());
    w.populations.insert(
        "incident-ticket-record".into(),
        Population {
            events: vec![Event {
                id: "INC-7".into(),
                date: d("2026-09-03"),
                description: "phished support account".into(),
                ..Event::default()
            }],
            sample: None,
        }
        .into(),
    );
    let f = findings(catalog(), risk_vocabulary(), &w, d("2026-10-01"));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].kind, FindingKind::ReassessmentDue);
    assert!(
        f[0].message.contains("phished support account"),
        "{}",
        f[0].message
    );
    assessed(&mut w, "2026-09-20", true);
    assert_eq!(kinds(&w, "2026-10-01"), Vec::<FindingKind>::new());
}

#[test]
fn a_subservice_organization_taken_on_after_the_assessment_calls_for_reassessment() {
    let mut w = wb();
    assessed(&mut w, "2026-08-01", true);
    w.vendors.insert(
        "helpdesk".into(),
        crate::model::Vendor {
            name: "Helpdesk Co".into(),
            subservice: Some(crate::model::SubserviceMethod::CarveOut),
            due_diligence: Some(d("2026-07-01")),
            ..Default::default()
        },
    );
    assert_eq!(
        kinds(&w, "2026-10-01"),
        Vec::<FindingKind>::new(),
        "taken on before the assessment: already considered"
    );
    w.vendors.get_mut("helpdesk").expect("vendor").due_diligence = Some(d("2026-09-10"));
    let f = findings(catalog(), risk_vocabulary(), &w, d("2026-10-01"));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].kind, FindingKind::ReassessmentDue);
    assert!(f[0].message.contains("Helpdesk Co"), "{}", f[0].message);
    w.vendors.get_mut("helpdesk").expect("vendor").subservice = None;
    assert_eq!(
        kinds(&w, "2026-10-01"),
        Vec::<FindingKind>::new(),
        "an ordinary vendor is not a change to the system"
    );
}

#[test]
fn a_workbook_without_a_register_reports_nothing() {
    let mut w = wb();
    w.risks.clear();
    assert!(findings(catalog(), risk_vocabulary(), &w, d("2026-10-01")).is_empty());
    assert!(assessment_mark(&w, d("2026-10-01")).is_none());
}

#[test]
fn the_heat_map_counts_each_risk_in_its_cell_and_bands_follow_the_scores() {
    let w = wb();
    let inherent = heat_map(&w, false);
    assert_eq!(inherent[2][3], 1);
    let residual = heat_map(&w, true);
    assert_eq!(residual[0][3], 1);
    let bands = band_counts(risk_vocabulary(), &w);
    assert_eq!(
        bands.iter().find(|(b, _)| *b == "low").map(|b| b.1),
        Some(1)
    );
}

#[test]
fn bad_data_is_a_check_error() {
    let mut w = wb();
    let r = w.risks.get_mut("unreviewed-code-to-prod").expect("risk");
    r.category = "weather".into();
    r.likelihood = 9;
    r.owner = Some("ghost".into());
    let p = problems(risk_vocabulary(), &w);
    assert_eq!(p.len(), 3, "{p:?}");
}

#[test]
fn every_suggested_backlog_item_names_real_criteria_and_controls() {
    let mut w = wb();
    let r = w.risks.get_mut("unreviewed-code-to-prod").expect("risk");
    r.owner = None;
    r.treatment = None;
    r.category = "operational".into();
    r.residual_likelihood = Some(5);
    r.residual_impact = Some(5);
    r.controls = vec!["no-such-control".into()];
    w.risk_triggers.push(RiskTrigger {
        date: d("2026-09-02"),
        kind: "incident".into(),
        text: "x".into(),
    });
    assessed(&mut w, "2026-05-01", false);
    let f = findings(catalog(), risk_vocabulary(), &w, d("2026-10-01"));
    assert!(f.len() >= 7, "{f:?}");
    for finding in &f {
        let b = finding.suggested_backlog(&w);
        for c in &b.criteria {
            assert!(catalog().criterion(c).is_some(), "{c}");
        }
        for i in &b.items {
            assert!(catalog().item(i).is_some(), "{i}");
        }
        let mut copy = w.clone();
        let mut rng = fastrand::Rng::with_seed(1);
        crate::edit::add_backlog_item(catalog(), &mut copy, b, d("2026-10-01"), &mut rng)
            .expect("a suggestion is always a valid backlog item");
    }
}
