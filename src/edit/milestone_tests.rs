use super::*;
use crate::analysis::schedule::{PlanInput, milestones, plan, replan};
use crate::model::{Date, MilestoneStatus, Phase, ReportType};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn planned() -> Workbook {
    let mut wb = Workbook::default();
    wb.scope.readiness_start = Some(d("2027-01-04"));
    let p = plan(&PlanInput::from_scope(&wb.scope, d("2026-11-22")));
    wb.milestones = milestones(&p, &mut fastrand::Rng::with_seed(9), &Workbook::default());
    wb
}

fn id_of(wb: &Workbook, phase: Phase) -> String {
    wb.milestones
        .iter()
        .find(|m| m.phase == phase)
        .unwrap()
        .id
        .clone()
}

#[test]
fn setting_dates_pins_and_refuses_reversed_dates() {
    let mut wb = planned();
    let id = id_of(&wb, Phase::Fieldwork);
    assert!(matches!(
        set_milestone_dates(&mut wb, &id, d("2027-12-10"), d("2027-12-01")),
        Err(EditError::Invalid(_))
    ));
    set_milestone_dates(&mut wb, &id, d("2027-12-01"), d("2027-12-20")).unwrap();
    let m = wb.milestones.iter().find(|m| m.id == id).unwrap();
    assert!(m.pinned);
    assert_eq!((m.start, m.end), (d("2027-12-01"), d("2027-12-20")));
    unpin_milestone(&mut wb, &id).unwrap();
    assert!(!wb.milestones.iter().find(|m| m.id == id).unwrap().pinned);
    assert_eq!(
        set_milestone_status(&mut wb, "MS-none", MilestoneStatus::Done),
        Err(EditError::UnknownMilestone("MS-none".into()))
    );
}

#[test]
fn status_notes_and_name_are_edited_with_checks() {
    let mut wb = planned();
    let id = id_of(&wb, Phase::Readiness);
    set_milestone_status(&mut wb, &id, MilestoneStatus::InProgress).unwrap();
    set_milestone_notes(&mut wb, &id, "kickoff with the auditor  \n").unwrap();
    assert_eq!(
        set_milestone_name(&mut wb, &id, "  "),
        Err(EditError::Empty("the milestone name"))
    );
    set_milestone_name(&mut wb, &id, "Readiness with Prescient").unwrap();
    let m = &wb.milestones[0];
    assert_eq!(m.status, MilestoneStatus::InProgress);
    assert_eq!(m.notes, "kickoff with the auditor");
    assert_eq!(m.name, "Readiness with Prescient");
}

#[test]
fn applying_a_replan_moves_only_what_a_person_did_not_set() {
    let today = d("2026-11-22");
    let mut wb = planned();
    wb.scope.observation_months = Some(3);
    let report = id_of(&wb, Phase::Report);
    set_milestone_dates(&mut wb, &report, d("2028-01-10"), d("2028-01-31")).unwrap();
    let moves = replan(&wb, today);
    assert!(
        moves
            .iter()
            .any(|m| m.milestone.as_deref() == Some(report.as_str()))
    );
    let applied = apply_replan(&mut wb, &moves, &mut fastrand::Rng::with_seed(1));
    assert_eq!(applied, moves.iter().filter(|m| m.kept.is_none()).count());
    let window = wb
        .milestones
        .iter()
        .find(|m| m.phase == Phase::Observation)
        .unwrap();
    assert_eq!(window.end, d("2027-08-09"));
    let kept = wb.milestones.iter().find(|m| m.id == report).unwrap();
    assert_eq!((kept.start, kept.end), (d("2028-01-10"), d("2028-01-31")));
    let again = replan(&wb, today);
    assert!(
        again.iter().all(|m| m.kept.is_some()),
        "only the pinned report is left to mention: {again:?}"
    );
}

#[test]
fn applying_a_replan_adds_and_removes_the_window() {
    let today = d("2026-11-22");
    let mut wb = planned();
    wb.scope.report_type = ReportType::TypeI;
    let moves = replan(&wb, today);
    apply_replan(&mut wb, &moves, &mut fastrand::Rng::with_seed(1));
    assert!(wb.milestones.iter().all(|m| m.phase != Phase::Observation));
    wb.scope.report_type = ReportType::TypeII;
    let moves = replan(&wb, today);
    apply_replan(&mut wb, &moves, &mut fastrand::Rng::with_seed(1));
    let phases: Vec<Phase> = wb.milestones.iter().map(|m| m.phase).collect();
    let mut sorted = phases.clone();
    sorted.sort();
    assert_eq!(phases, sorted, "the added window sits in phase order");
    assert!(replan(&wb, today).is_empty());
}
