//! The plan: milestones from scoping to report, and where the observation window sits.
//!
//! Why these durations: they are the middle of the ranges practitioners report for a first
//! audit (readiness 2–8 weeks, remediation 1–3 months, fieldwork and report 2–6 weeks
//! each), so a first Type II with a 6-month window comes out about a year long.

use crate::model::ids::{MILESTONE_PREFIX, new_id};
use crate::model::{Date, Milestone, MilestoneStatus, Phase, ReportType, Scope, Workbook};

/// Length of each phase in days; the observation window comes from the scope instead.
pub const PHASE_DAYS: [(Phase, i64); 6] = [
    (Phase::Readiness, 42),
    (Phase::Remediation, 84),
    (Phase::Policies, 28),
    (Phase::Fieldwork, 28),
    (Phase::Report, 28),
    (Phase::Renewal, 365),
];

fn days(phase: Phase) -> i64 {
    PHASE_DAYS
        .iter()
        .find(|(p, _)| *p == phase)
        .map_or(0, |(_, d)| *d)
}

/// What a plan is generated from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanInput {
    pub report_type: ReportType,
    /// Observation window in months (Type II only).
    pub window_months: u8,
    /// Plan forwards from this date when there is no target report date.
    pub readiness_start: Option<Date>,
    /// Plan backwards from this date when set.
    pub target_report_date: Option<Date>,
    pub today: Date,
}

impl PlanInput {
    /// The plan input a workbook's scope describes.
    pub fn from_scope(scope: &Scope, today: Date) -> PlanInput {
        PlanInput {
            report_type: scope.report_type,
            window_months: scope.observation_months.unwrap_or(6),
            readiness_start: scope.readiness_start,
            target_report_date: scope.target_report_date,
            today,
        }
    }
}

/// One generated step, before it gets an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedPhase {
    pub phase: Phase,
    pub name: &'static str,
    pub start: Date,
    pub end: Date,
}

/// The phases in order with their dates, planned forwards from a start date.
fn forward(input: &PlanInput, start: Date) -> Vec<PlannedPhase> {
    let mut out = Vec::new();
    let mut push = |phase, name, start: Date, end: Date| {
        out.push(PlannedPhase {
            phase,
            name,
            start,
            end,
        });
        end.add_days(1)
    };
    let readiness_end = start.add_days(days(Phase::Readiness) - 1);
    let mut next = push(
        Phase::Readiness,
        "Scoping and readiness assessment",
        start,
        readiness_end,
    );
    let remediation_end = next.add_days(days(Phase::Remediation) - 1);
    // Policies are approved and staff trained in the last weeks of remediation.
    let policies_start = remediation_end.add_days(1 - days(Phase::Policies));
    next = push(
        Phase::Remediation,
        "Remediation complete",
        next,
        remediation_end,
    );
    push(
        Phase::Policies,
        "Policies approved and staff trained",
        policies_start,
        remediation_end,
    );
    if input.report_type == ReportType::TypeII {
        let window_end = next.add_months(i32::from(input.window_months)).add_days(-1);
        next = push(Phase::Observation, "Observation window", next, window_end);
    }
    let fieldwork_end = next.add_days(days(Phase::Fieldwork) - 1);
    next = push(Phase::Fieldwork, "Audit fieldwork", next, fieldwork_end);
    let report_end = next.add_days(days(Phase::Report) - 1);
    next = push(Phase::Report, "Report issued", next, report_end);
    push(
        Phase::Renewal,
        "Annual renewal period",
        next,
        next.add_days(days(Phase::Renewal) - 1),
    );
    out
}

/// The generated plan: backwards from the target report date if set, else forwards from
/// the readiness start (or today).
pub fn plan(input: &PlanInput) -> Vec<PlannedPhase> {
    let Some(target) = input.target_report_date else {
        return forward(input, input.readiness_start.unwrap_or(input.today));
    };
    // Plan forwards from an arbitrary start, then shift so the report ends on the target.
    let probe = forward(input, target);
    let report_end = probe
        .iter()
        .find(|p| p.phase == Phase::Report)
        .map_or(target, |p| p.end);
    let shift = report_end.days_until(target);
    // Month arithmetic is not shift-invariant, so re-plan forwards from the shifted start.
    let start = target.add_days(shift);
    let mut plan = forward(input, start);
    // Correct any drift of a day or two from month lengths so the report ends on target.
    let drift = plan
        .iter()
        .find(|p| p.phase == Phase::Report)
        .map_or(0, |p| p.end.days_until(target));
    if drift != 0 {
        plan = forward(input, start.add_days(drift));
    }
    plan
}

/// Milestones for a plan, with fresh ids.
pub fn milestones(plan: &[PlannedPhase], rng: &mut fastrand::Rng, wb: &Workbook) -> Vec<Milestone> {
    let mut out: Vec<Milestone> = Vec::new();
    for p in plan {
        let id = new_id(MILESTONE_PREFIX, rng, |id| {
            wb.id_taken(id) || out.iter().any(|m| m.id == id)
        });
        out.push(Milestone {
            id,
            name: p.name.to_string(),
            phase: p.phase,
            start: p.start,
            end: p.end,
            status: MilestoneStatus::Planned,
            notes: String::new(),
            pinned: false,
        });
    }
    out
}

/// The observation window of a workbook's plan, if it has one.
pub fn observation_window(wb: &Workbook) -> Option<(Date, Date)> {
    if wb.scope.report_type != ReportType::TypeII {
        return None;
    }
    wb.milestones
        .iter()
        .find(|m| m.phase == Phase::Observation)
        .map(|m| (m.start, m.end))
}

/// A problem with the plan that a person should see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanWarning {
    pub message: String,
}

/// Milestones out of order or ending before they start, open remediation items due after
/// the window opens, a target date the plan misses, or a plan that starts in the past.
pub fn plan_warnings(wb: &Workbook, today: Date) -> Vec<PlanWarning> {
    let mut out = Vec::new();
    let mut by_phase: Vec<&Milestone> = wb.milestones.iter().collect();
    by_phase.sort_by_key(|m| m.phase);
    for pair in by_phase.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        // Policies overlap remediation by design; renewal follows the report.
        if a.phase != b.phase
            && b.phase != Phase::Policies
            && a.phase != Phase::Policies
            && b.start < a.start
        {
            out.push(PlanWarning {
                message: format!(
                    "milestones out of order: \"{}\" ({}) starts before \"{}\" ({})",
                    b.name, b.start, a.name, a.start
                ),
            });
        }
    }
    if let (Some(target), Some(report)) = (
        wb.scope.target_report_date,
        wb.milestones.iter().find(|m| m.phase == Phase::Report),
    ) && report.end > target
    {
        out.push(PlanWarning {
            message: format!(
                "the plan issues the report on {} but the target is {target}: {} days late",
                report.end,
                target.days_until(report.end)
            ),
        });
    }
    for m in &wb.milestones {
        if m.end < m.start {
            out.push(PlanWarning {
                message: format!(
                    "milestone \"{}\" ends ({}) before it starts ({})",
                    m.name, m.end, m.start
                ),
            });
        }
    }
    if let Some((start, _)) = observation_window(wb) {
        let risky = super::backlog::at_risk(wb);
        if !risky.is_empty() {
            let mut ids: Vec<&str> = risky.iter().take(3).map(|b| b.id.as_str()).collect();
            if risky.len() > 3 {
                ids.push("…");
            }
            out.push(PlanWarning {
                message: format!(
                    "{} open remediation item{} due after the observation window opens on {start} (or undated): {}",
                    risky.len(),
                    if risky.len() == 1 { " is" } else { "s are" },
                    ids.join(", ")
                ),
            });
        }
    }
    if let Some(target) = wb.scope.target_report_date {
        let needed = plan(&PlanInput {
            target_report_date: Some(target),
            ..PlanInput::from_scope(&wb.scope, today)
        });
        if let Some(first) = needed.first()
            && first.start < today
            && wb
                .milestones
                .iter()
                .all(|m| m.status != MilestoneStatus::Done)
        {
            out.push(PlanWarning {
                message: format!(
                    "the target report date {target} needs readiness to start by {}, which is in the past",
                    first.start
                ),
            });
        }
    }
    out
}

/// Why a re-plan leaves a milestone where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    /// A person set its dates.
    Pinned,
    /// It already happened.
    Done,
}

impl Kept {
    /// Why, in words.
    pub fn label(self) -> &'static str {
        match self {
            Kept::Pinned => "dates set by a person",
            Kept::Done => "already done",
        }
    }
}

/// One change a re-plan would make, shown to a person before anything moves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedMove {
    /// The milestone's id; `None` for a step the new plan adds.
    pub milestone: Option<String>,
    pub name: String,
    pub phase: Phase,
    /// Current dates; `None` for a step the new plan adds.
    pub from: Option<(Date, Date)>,
    /// Dates the new plan gives; `None` when the new plan has no such step (a Type I has
    /// no observation window).
    pub to: Option<(Date, Date)>,
    /// Set when the re-plan leaves this milestone alone, and why.
    pub kept: Option<Kept>,
}

impl PlannedMove {
    /// One line for a person: what would happen to this milestone.
    pub fn describe(&self) -> String {
        let span = |(s, e): (Date, Date)| format!("{s} → {e}");
        let change = match (self.from, self.to) {
            (Some(f), Some(t)) => format!("{} to {}", span(f), span(t)),
            (None, Some(t)) => format!("added at {}", span(t)),
            (Some(f), None) => format!("removed (was {})", span(f)),
            (None, None) => "unchanged".to_string(),
        };
        match self.kept {
            Some(k) => format!(
                "{}: kept ({}); the plan would move it {change}",
                self.name,
                k.label()
            ),
            None => format!("{}: {change}", self.name),
        }
    }
}

/// What re-planning after a scope change would do: every milestone whose dates the new
/// plan changes, added or removed. Pinned and done milestones are reported as kept and
/// never moved. The plan runs backwards from the target report date if set, else forwards
/// from the readiness start, else from where the current plan starts (or today).
pub fn replan(wb: &Workbook, today: Date) -> Vec<PlannedMove> {
    let mut input = PlanInput::from_scope(&wb.scope, today);
    if input.readiness_start.is_none() {
        input.readiness_start = wb
            .milestones
            .iter()
            .find(|m| m.phase == Phase::Readiness)
            .map(|m| m.start);
    }
    let fresh = plan(&input);
    let kept = |m: &Milestone| {
        if m.pinned {
            Some(Kept::Pinned)
        } else if m.status == MilestoneStatus::Done {
            Some(Kept::Done)
        } else {
            None
        }
    };
    let mut out = Vec::new();
    let mut used = vec![false; wb.milestones.len()];
    for step in &fresh {
        let existing = wb
            .milestones
            .iter()
            .enumerate()
            .find(|(i, m)| !used[*i] && m.phase == step.phase);
        let to = (step.start, step.end);
        match existing {
            Some((i, m)) => {
                used[i] = true;
                if (m.start, m.end) != to {
                    out.push(PlannedMove {
                        milestone: Some(m.id.clone()),
                        name: m.name.clone(),
                        phase: m.phase,
                        from: Some((m.start, m.end)),
                        to: Some(to),
                        kept: kept(m),
                    });
                }
            }
            None => out.push(PlannedMove {
                milestone: None,
                name: step.name.to_string(),
                phase: step.phase,
                from: None,
                to: Some(to),
                kept: None,
            }),
        }
    }
    // A phase the new plan no longer has (the window of a scope that became Type I).
    for (i, m) in wb.milestones.iter().enumerate() {
        if !used[i] && !fresh.iter().any(|p| p.phase == m.phase) {
            out.push(PlannedMove {
                milestone: Some(m.id.clone()),
                name: m.name.clone(),
                phase: m.phase,
                from: Some((m.start, m.end)),
                to: None,
                kept: kept(m),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn input(rt: ReportType, months: u8) -> PlanInput {
        PlanInput {
            report_type: rt,
            window_months: months,
            readiness_start: Some(d("2027-01-04")),
            target_report_date: None,
            today: d("2026-12-01"),
        }
    }

    fn find(plan: &[PlannedPhase], phase: Phase) -> Option<&PlannedPhase> {
        plan.iter().find(|p| p.phase == phase)
    }

    #[test]
    fn first_type_ii_with_six_months_is_about_a_year() {
        let plan = plan(&input(ReportType::TypeII, 6));
        let start = plan[0].start;
        let report = find(&plan, Phase::Report).unwrap();
        let length = start.days_until(report.end);
        assert!((330..=400).contains(&length), "plan is {length} days");
        let window = find(&plan, Phase::Observation).unwrap();
        assert_eq!(window.start, d("2027-05-10"));
        assert_eq!(window.end, d("2027-11-09"));
    }

    #[test]
    fn window_length_follows_the_scope() {
        for (months, end) in [(3, "2027-08-09"), (6, "2027-11-09"), (12, "2028-05-09")] {
            let plan = plan(&input(ReportType::TypeII, months));
            assert_eq!(
                find(&plan, Phase::Observation).unwrap().end,
                d(end),
                "{months} months"
            );
        }
    }

    #[test]
    fn type_i_skips_the_window() {
        let plan = plan(&input(ReportType::TypeI, 6));
        assert!(find(&plan, Phase::Observation).is_none());
        let remediation = find(&plan, Phase::Remediation).unwrap();
        let fieldwork = find(&plan, Phase::Fieldwork).unwrap();
        assert_eq!(remediation.end.add_days(1), fieldwork.start);
    }

    #[test]
    fn phases_are_in_order_and_policies_end_with_remediation() {
        let plan = plan(&input(ReportType::TypeII, 6));
        let rem = find(&plan, Phase::Remediation).unwrap();
        let pol = find(&plan, Phase::Policies).unwrap();
        assert_eq!(pol.end, rem.end);
        for p in &plan {
            assert!(p.start <= p.end, "{p:?}");
        }
    }

    #[test]
    fn backwards_plan_ends_on_the_target() {
        for months in [3, 6, 12] {
            let mut inp = input(ReportType::TypeII, months);
            inp.target_report_date = Some(d("2028-03-31"));
            let plan = plan(&inp);
            assert_eq!(
                find(&plan, Phase::Report).unwrap().end,
                d("2028-03-31"),
                "{months}"
            );
        }
    }

    #[test]
    fn a_target_in_the_past_is_warned_about() {
        let mut wb = Workbook::default();
        wb.scope.target_report_date = Some(d("2026-01-31"));
        let today = d("2026-11-22");
        let p = plan(&PlanInput::from_scope(&wb.scope, today));
        wb.milestones = milestones(&p, &mut fastrand::Rng::with_seed(1), &Workbook::default());
        let warnings = plan_warnings(&wb, today);
        assert!(
            warnings.iter().any(|w| w.message.contains("in the past")),
            "{warnings:?}"
        );
    }

    #[test]
    fn late_report_and_disorder_are_warned_about() {
        let today = d("2026-11-22");
        let mut wb = Workbook::default();
        let p = plan(&PlanInput::from_scope(&wb.scope, today));
        wb.milestones = milestones(&p, &mut fastrand::Rng::with_seed(1), &Workbook::default());
        assert!(
            plan_warnings(&wb, today).is_empty(),
            "{:?}",
            plan_warnings(&wb, today)
        );
        wb.scope.target_report_date = Some(d("2027-06-01"));
        let w = plan_warnings(&wb, today);
        assert!(w.iter().any(|w| w.message.contains("days late")), "{w:?}");
        let fieldwork = wb
            .milestones
            .iter_mut()
            .find(|m| m.phase == Phase::Fieldwork)
            .unwrap();
        fieldwork.start = d("2026-12-01");
        let w = plan_warnings(&wb, today);
        assert!(
            w.iter().any(|w| w.message.contains("out of order")),
            "{w:?}"
        );
    }

    #[test]
    fn plan_lengths_for_type_i_and_each_window() {
        let total = |rt, months| {
            let p = plan(&input(rt, months));
            p[0].start.days_until(find(&p, Phase::Report).unwrap().end)
        };
        let type_i = total(ReportType::TypeI, 6);
        assert!((150..=220).contains(&type_i), "Type I is {type_i} days");
        let (three, six, twelve) = (
            total(ReportType::TypeII, 3),
            total(ReportType::TypeII, 6),
            total(ReportType::TypeII, 12),
        );
        assert!(type_i < three && three < six && six < twelve);
        assert!(
            (88..=95).contains(&(six - three)),
            "3 more months: {}",
            six - three
        );
        assert!(
            (180..=186).contains(&(twelve - six)),
            "6 more months: {}",
            twelve - six
        );
    }

    #[test]
    fn type_i_plans_backwards_too() {
        let mut inp = input(ReportType::TypeI, 6);
        inp.target_report_date = Some(d("2027-09-30"));
        let p = plan(&inp);
        assert_eq!(find(&p, Phase::Report).unwrap().end, d("2027-09-30"));
        assert!(find(&p, Phase::Observation).is_none());
        assert_eq!(
            find(&p, Phase::Remediation).unwrap().end.add_days(1),
            find(&p, Phase::Fieldwork).unwrap().start
        );
    }

    #[test]
    fn a_target_in_the_past_still_plans_to_it_and_says_it_cannot_be_met() {
        let today = d("2026-11-22");
        let mut inp = input(ReportType::TypeII, 6);
        inp.today = today;
        inp.target_report_date = Some(d("2026-06-30"));
        let p = plan(&inp);
        assert_eq!(find(&p, Phase::Report).unwrap().end, d("2026-06-30"));
        assert!(p[0].start < today);
        let mut wb = Workbook::default();
        wb.scope.target_report_date = Some(d("2026-06-30"));
        wb.milestones = milestones(&p, &mut fastrand::Rng::with_seed(3), &Workbook::default());
        let w = plan_warnings(&wb, today);
        assert!(w.iter().any(|w| w.message.contains("in the past")), "{w:?}");
    }

    fn planned_workbook(today: Date) -> Workbook {
        let mut wb = Workbook::default();
        wb.scope.readiness_start = Some(d("2027-01-04"));
        let p = plan(&PlanInput::from_scope(&wb.scope, today));
        wb.milestones = milestones(&p, &mut fastrand::Rng::with_seed(7), &Workbook::default());
        wb
    }

    #[test]
    fn replan_after_an_unchanged_scope_moves_nothing() {
        let today = d("2026-11-22");
        assert!(replan(&planned_workbook(today), today).is_empty());
    }

    #[test]
    fn a_longer_window_moves_the_later_steps_and_keeps_pinned_ones() {
        let today = d("2026-11-22");
        let mut wb = planned_workbook(today);
        wb.scope.observation_months = Some(12);
        let report = wb
            .milestones
            .iter_mut()
            .find(|m| m.phase == Phase::Report)
            .unwrap();
        report.pinned = true;
        let report_dates = (report.start, report.end);
        let moves = replan(&wb, today);
        let phases: Vec<Phase> = moves.iter().map(|m| m.phase).collect();
        assert_eq!(
            phases,
            [
                Phase::Observation,
                Phase::Fieldwork,
                Phase::Report,
                Phase::Renewal
            ]
        );
        let window = &moves[0];
        assert_eq!(window.to.unwrap().1, d("2028-05-09"));
        assert_eq!(window.kept, None);
        let report = &moves[2];
        assert_eq!(report.kept, Some(Kept::Pinned));
        assert_eq!(report.from, Some(report_dates));
        assert!(report.describe().contains("kept"), "{}", report.describe());
    }

    #[test]
    fn switching_report_type_adds_or_removes_the_window() {
        let today = d("2026-11-22");
        let mut wb = planned_workbook(today);
        wb.scope.report_type = ReportType::TypeI;
        let moves = replan(&wb, today);
        let window = moves
            .iter()
            .find(|m| m.phase == Phase::Observation)
            .unwrap();
        assert!(window.milestone.is_some() && window.to.is_none());
        assert!(window.describe().contains("removed"));

        let mut wb = planned_workbook(today);
        wb.milestones.retain(|m| m.phase != Phase::Observation);
        let moves = replan(&wb, today);
        let window = moves
            .iter()
            .find(|m| m.phase == Phase::Observation)
            .unwrap();
        assert!(window.milestone.is_none() && window.from.is_none());
        assert_eq!(window.to, Some((d("2027-05-10"), d("2027-11-09"))));
    }

    #[test]
    fn items_due_after_the_window_opens_are_warned_about() {
        let today = d("2026-11-22");
        let mut wb = planned_workbook(today);
        wb.backlog.push(crate::model::BacklogItem {
            id: "RB-late".into(),
            due: Some(d("2027-06-01")),
            ..Default::default()
        });
        wb.backlog.push(crate::model::BacklogItem {
            id: "RB-fine".into(),
            due: Some(d("2027-03-01")),
            ..Default::default()
        });
        let w = plan_warnings(&wb, today);
        let risk = w
            .iter()
            .find(|w| w.message.contains("after the observation window"))
            .unwrap();
        assert!(
            risk.message.contains("RB-late") && !risk.message.contains("RB-fine"),
            "{risk:?}"
        );
        assert!(risk.message.starts_with("1 open remediation item is"));
    }

    #[test]
    fn a_milestone_ending_before_it_starts_is_warned_about() {
        let today = d("2026-11-22");
        let mut wb = planned_workbook(today);
        wb.milestones[0].end = wb.milestones[0].start.add_days(-1);
        let w = plan_warnings(&wb, today);
        assert!(
            w.iter().any(|w| w.message.contains("before it starts")),
            "{w:?}"
        );
    }
}
