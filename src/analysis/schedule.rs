//! The plan: milestones from scoping to report, and where the observation window sits.
//!
//! Why these durations: they are the middle of the ranges practitioners report for a first
//! audit (readiness 2–8 weeks, remediation 1–3 months, fieldwork and report 2–6 weeks
//! each), so a first Type II with a 6-month window comes out about a year long. A Type I
//! when controls already run takes 1–3 months from readiness to report, its remediation
//! sized by the open gaps; its follow-up is the first Type II window, opening the day after
//! the Type I's as-of date. A Type II's next period starts the day after its window ends.

use crate::catalog::Catalog;
use crate::model::ids::{MILESTONE_PREFIX, new_id};
use crate::model::{Answer, Date, Milestone, MilestoneStatus, Phase, ReportType, Scope, Workbook};

/// Length of each phase of a Type II in days; the windows come from the scope instead.
pub const PHASE_DAYS: [(Phase, i64); 8] = [
    (Phase::Readiness, 42),
    (Phase::Engagement, 14),
    (Phase::Remediation, 84),
    (Phase::Policies, 28),
    (Phase::InternalTest, 14),
    (Phase::SystemDescription, 42),
    (Phase::RequestList, 28),
    (Phase::Fieldwork, 28),
];

/// Phase lengths of a Type I, which tests design at a date: shorter readiness, fieldwork
/// and report (the remediation is sized separately, see [`PlanInput::remediation_days`]).
pub const TYPE_I_DAYS: [(Phase, i64); 6] = [
    (Phase::Readiness, 21),
    (Phase::Engagement, 7),
    (Phase::SystemDescription, 21),
    (Phase::RequestList, 14),
    (Phase::Fieldwork, 14),
    (Phase::Report, 14),
];

/// Report writing after a Type II's fieldwork, in days.
const REPORT_DAYS: i64 = 28;
/// A renewal period covers 12 months, back to back with the last one.
const RENEWAL_MONTHS: i32 = 12;
/// The first Type II after a Type I defaults to this window.
pub const FIRST_TYPE_II_MONTHS: u8 = 6;

/// The observation window length when the scope has none.
pub const DEFAULT_WINDOW_MONTHS: u8 = 6;

fn days(report_type: ReportType, phase: Phase) -> i64 {
    let table: &[(Phase, i64)] = match report_type {
        ReportType::TypeII => &PHASE_DAYS,
        ReportType::TypeI => &TYPE_I_DAYS,
    };
    table
        .iter()
        .find(|(p, _)| *p == phase)
        .or_else(|| PHASE_DAYS.iter().find(|(p, _)| *p == phase))
        .map_or(
            match phase {
                Phase::Report => REPORT_DAYS,
                _ => 0,
            },
            |(_, d)| *d,
        )
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
    /// Applicable items not yet implemented with evidence: sizes a Type I's remediation.
    pub open_gaps: Option<usize>,
    /// How long the main controls have run (scoping answer `controls_running_months`).
    pub controls_running_months: Option<u32>,
}

impl PlanInput {
    /// The plan input a workbook's scope describes.
    pub fn from_scope(scope: &Scope, today: Date) -> PlanInput {
        let running = match scope.answers.get("controls_running_months") {
            Some(Answer::Number(n)) => Some(*n),
            _ => None,
        };
        PlanInput {
            report_type: scope.report_type,
            window_months: scope.observation_months.unwrap_or(DEFAULT_WINDOW_MONTHS),
            readiness_start: scope.readiness_start,
            target_report_date: scope.target_report_date,
            today,
            open_gaps: None,
            controls_running_months: running,
        }
    }

    /// The plan input of a workbook, with the open gaps counted from its checklist.
    pub fn for_workbook(cat: &Catalog, wb: &Workbook, today: Date) -> PlanInput {
        let counts = super::readiness::design_readiness(cat, wb).overall;
        PlanInput {
            open_gaps: Some(counts.applicable().saturating_sub(counts.implemented)),
            ..PlanInput::from_scope(&wb.scope, today)
        }
    }

    /// Remediation length in days. A Type II keeps the 12 weeks a first audit needs. A
    /// Type I when controls have run at least 3 months takes one week plus a day per two
    /// open gaps (at most five weeks), two weeks more when they have run under 6 months,
    /// never over six weeks (so readiness to report stays within three months);
    /// otherwise the controls still have to be built, and that takes the full 12 weeks.
    pub fn remediation_days(&self) -> i64 {
        let full = days(ReportType::TypeII, Phase::Remediation);
        match (self.report_type, self.controls_running_months) {
            (ReportType::TypeI, Some(running)) if running >= 3 => {
                let gaps = i64::try_from(self.open_gaps.unwrap_or(40)).unwrap_or(i64::MAX);
                let sized = (7 + gaps / 2).clamp(7, 35);
                (sized + if running < 6 { 14 } else { 0 }).min(42)
            }
            _ => full,
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

/// The sequential steps of a plan; every other step is placed relative to these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Chain {
    readiness: (Date, Date),
    remediation: (Date, Date),
    window: Option<(Date, Date)>,
    fieldwork: (Date, Date),
    report: (Date, Date),
}

/// How one sequential step is placed: its natural start (the day after the step before)
/// and its span from a start; the answer is the step's dates.
type Place<'a> = dyn Fn(Phase, Date, &dyn Fn(Date) -> (Date, Date)) -> (Date, Date) + 'a;

/// The last word on a step's dates once it is placed (a re-plan keeps what a person set).
type Fix<'a> = dyn Fn(Phase, (Date, Date)) -> (Date, Date) + 'a;

fn chain(input: &PlanInput, start: Date, place: &Place<'_>) -> Chain {
    let rt = input.report_type;
    let span = |d: i64| move |s: Date| (s, s.add_days(d - 1));
    let readiness = place(Phase::Readiness, start, &span(days(rt, Phase::Readiness)));
    let remediation = place(
        Phase::Remediation,
        readiness.1.add_days(1),
        &span(input.remediation_days()),
    );
    let mut next = remediation.1.add_days(1);
    let window = (rt == ReportType::TypeII).then(|| {
        let months = i32::from(input.window_months);
        let w = place(Phase::Observation, next, &move |s: Date| {
            (s, s.add_months(months).add_days(-1))
        });
        next = w.1.add_days(1);
        w
    });
    let fieldwork = place(Phase::Fieldwork, next, &span(days(rt, Phase::Fieldwork)));
    let report = place(
        Phase::Report,
        fieldwork.1.add_days(1),
        &span(days(rt, Phase::Report)),
    );
    Chain {
        readiness,
        remediation,
        window,
        fieldwork,
        report,
    }
}

/// Every step of a plan from its sequential steps: the engagement letter at the end of
/// readiness, policies in the last weeks of remediation, the mid-window internal test, the
/// system description and request list before fieldwork, and the next period.
fn steps(input: &PlanInput, c: &Chain, fix: &Fix<'_>) -> Vec<PlannedPhase> {
    let rt = input.report_type;
    let before = |end: Date, phase: Phase| (end.add_days(1 - days(rt, phase)), end);
    let mut out = Vec::new();
    let mut push = |phase, name, (start, end): (Date, Date)| {
        let (start, end) = fix(phase, (start.max(c.readiness.0).min(end), end));
        out.push(PlannedPhase {
            phase,
            name,
            start,
            end,
        });
    };
    push(
        Phase::Readiness,
        "Scoping and readiness assessment",
        c.readiness,
    );
    push(
        Phase::Engagement,
        "CPA firm chosen, engagement letter signed",
        before(c.readiness.1, Phase::Engagement),
    );
    push(Phase::Remediation, "Remediation complete", c.remediation);
    push(
        Phase::Policies,
        "Policies approved and staff trained",
        before(c.remediation.1, Phase::Policies),
    );
    let fieldwork_eve = c.fieldwork.0.add_days(-1);
    if let Some(w) = c.window {
        push(Phase::Observation, "Observation window", w);
        let mid = w.0.add_months(i32::from(input.window_months / 2).max(1));
        push(
            Phase::InternalTest,
            "Mid-window internal test",
            (
                mid,
                mid.add_days(days(rt, Phase::InternalTest) - 1).min(w.1),
            ),
        );
    }
    push(
        Phase::SystemDescription,
        "System description and management assertion",
        before(fieldwork_eve, Phase::SystemDescription),
    );
    push(
        Phase::RequestList,
        "Request list prepared",
        before(fieldwork_eve, Phase::RequestList),
    );
    push(Phase::Fieldwork, "Audit fieldwork", c.fieldwork);
    push(Phase::Report, "Report issued", c.report);
    match c.window {
        // Back to back: the next period starts the day after the window ends, while
        // fieldwork and the report of the last one are still under way.
        Some(w) => {
            let start = w.1.add_days(1);
            push(
                Phase::Renewal,
                "Next observation period (renewal)",
                (start, start.add_months(RENEWAL_MONTHS).add_days(-1)),
            );
        }
        // After a Type I the first Type II window opens the day after its as-of date.
        None => {
            let start = c.remediation.1.add_days(1);
            let months = i32::from(FIRST_TYPE_II_MONTHS);
            push(
                Phase::Renewal,
                "First Type II observation window",
                (start, start.add_months(months).add_days(-1)),
            );
        }
    }
    out
}

fn free(_: Phase, natural: Date, span: &dyn Fn(Date) -> (Date, Date)) -> (Date, Date) {
    span(natural)
}

/// The phases in order with their dates, planned forwards from a start date.
fn forward(input: &PlanInput, start: Date) -> Vec<PlannedPhase> {
    steps(input, &chain(input, start, &free), &|_, span| span)
}

/// The generated plan: backwards from the target report date if set, else forwards from
/// the readiness start (or today).
pub fn plan(input: &PlanInput) -> Vec<PlannedPhase> {
    forward(input, plan_start(input))
}

/// Where a plan starts: the readiness start, or today, or (with a target report date) the
/// start that makes the report come out on the target.
fn plan_start(input: &PlanInput) -> Date {
    let Some(target) = input.target_report_date else {
        return input.readiness_start.unwrap_or(input.today);
    };
    let report_end = |start: Date| chain(input, start, &free).report.1;
    // Plan forwards from the target, shift back by the length, then correct the day or two
    // of drift that month lengths cause (month arithmetic is not shift-invariant).
    let mut start = target.add_days(report_end(target).days_until(target));
    for _ in 0..3 {
        let drift = report_end(start).days_until(target);
        if drift == 0 {
            break;
        }
        start = start.add_days(drift);
    }
    start
}

/// The plan a re-plan proposes: the scope's plan, but never with work not yet done in the
/// past. Steps that started (in progress, done) keep their start, done and pinned ones
/// keep their dates, and every step not started begins today at the earliest.
pub fn replanned(cat: &Catalog, wb: &Workbook, today: Date) -> Vec<PlannedPhase> {
    replanned_holding(cat, wb, today, true)
}

/// The same, with `hold` false treating pinned and done steps like any other: where the
/// plan alone would put them, to tell a person what keeping them means.
fn replanned_holding(cat: &Catalog, wb: &Workbook, today: Date, hold: bool) -> Vec<PlannedPhase> {
    let mut input = PlanInput::for_workbook(cat, wb, today);
    if input.readiness_start.is_none() {
        input.readiness_start = existing(wb, Phase::Readiness).map(|m| m.start);
    }
    anchored(&input, wb, plan_start(&input), today, hold)
}

fn existing(wb: &Workbook, phase: Phase) -> Option<&Milestone> {
    wb.milestones.iter().find(|m| m.phase == phase)
}

fn anchored(
    input: &PlanInput,
    wb: &Workbook,
    start: Date,
    today: Date,
    hold: bool,
) -> Vec<PlannedPhase> {
    // Where the scope's plan alone puts each step: a step not started never goes earlier
    // (so a plan towards a target date still ends on it), never before the step before it
    // ends, and never before today.
    let desired = chain(input, start, &free);
    let not_before = |phase: Phase| match phase {
        Phase::Readiness => desired.readiness.0,
        Phase::Remediation => desired.remediation.0,
        Phase::Observation => desired.window.map_or(today, |w| w.0),
        Phase::Fieldwork => desired.fieldwork.0,
        _ => desired.report.0,
    };
    let place = |phase: Phase, natural: Date, span: &dyn Fn(Date) -> (Date, Date)| {
        let held = existing(wb, phase);
        match held {
            Some(m) if hold && (m.pinned || m.status == MilestoneStatus::Done) => (m.start, m.end),
            Some(m) if m.status == MilestoneStatus::Done => span(m.start),
            Some(m) if m.status == MilestoneStatus::InProgress => {
                let (s, e) = span(m.start);
                (s, e.max(today))
            }
            _ => span(natural.max(today).max(not_before(phase))),
        }
    };
    // Steps alongside the sequence (the engagement letter, the internal test…) keep what a
    // person set too, and one not started never lies in the past either.
    let fix = |phase: Phase, (s, e): (Date, Date)| match existing(wb, phase) {
        Some(m) if hold && (m.pinned || m.status == MilestoneStatus::Done) => (m.start, m.end),
        Some(m) if m.status == MilestoneStatus::Done => (s, e),
        Some(m) if m.status == MilestoneStatus::InProgress => (m.start.min(s), e.max(today)),
        // Wholly in the past: it is due now, for as long as it takes. Partly: from today.
        _ if e < today => (today, today.add_days(s.days_until(e))),
        _ => (s.max(today), e),
    };
    steps(input, &chain(input, start, &place), &fix)
}

/// When the report could come out at the earliest from today with this report type and
/// window, keeping what has started or is done.
pub fn earliest_report(
    cat: &Catalog,
    wb: &Workbook,
    today: Date,
    report_type: ReportType,
    window_months: u8,
) -> Option<Date> {
    let input = PlanInput {
        report_type,
        window_months,
        target_report_date: None,
        readiness_start: None,
        ..PlanInput::for_workbook(cat, wb, today)
    };
    let start = existing(wb, Phase::Readiness)
        .filter(|m| m.status != MilestoneStatus::Planned || m.pinned)
        .map_or(today, |m| m.start);
    anchored(&input, wb, start, today, true)
        .iter()
        .find(|p| p.phase == Phase::Report)
        .map(|p| p.end)
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

/// When customers start needing a bridge letter: from the day the report is issued, for
/// the months after the period it covers (the window's end for a Type II, the as-of date
/// for a Type I) until the next report arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BridgeLetter {
    /// The report's issue date: letters are asked for from here on.
    pub from: Date,
    /// The last day the report covers; a letter covers the days after it.
    pub covered_until: Date,
}

impl BridgeLetter {
    /// One line for the timeline.
    pub fn describe(&self) -> String {
        format!(
            "Bridge letter: from {} (report issued) customers need one for the days after {} until the next report",
            self.from, self.covered_until
        )
    }
}

/// The bridge letter a plan implies, if it has a report.
pub fn bridge_letter(wb: &Workbook) -> Option<BridgeLetter> {
    let report = existing(wb, Phase::Report)?;
    let covered_until = match observation_window(wb) {
        Some((_, end)) => end,
        None => existing(wb, Phase::Remediation)?.end,
    };
    Some(BridgeLetter {
        from: report.end,
        covered_until,
    })
}

/// Something the scoping answers suggest for the plan that the scope does not have yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Suggestion {
    /// The report type, and why.
    ReportType(ReportType, String),
    /// The observation window in months, and why.
    WindowMonths(u8, String),
    /// The date the team answered they want the report in hand.
    TargetDate(Date),
}

impl Suggestion {
    /// One line for a person.
    pub fn describe(&self) -> String {
        match self {
            Suggestion::ReportType(rt, why) => format!("a {} ({why})", rt.label()),
            Suggestion::WindowMonths(m, why) => format!("a {m}-month window ({why})"),
            Suggestion::TargetDate(d) => format!("the report by {d} (your target date)"),
        }
    }
}

/// What the questionnaire's answers suggest for the plan (report type, window, target
/// date) where the scope differs, so the plan can apply them with one key.
pub fn suggestions(wb: &Workbook) -> Vec<Suggestion> {
    let d = crate::catalog::scoping::derive(
        crate::catalog::scoping::questionnaire(),
        &wb.scope.answers,
    );
    let mut out = Vec::new();
    let report_type = match &d.report_type {
        Some((rt, why)) if *rt != wb.scope.report_type => {
            out.push(Suggestion::ReportType(*rt, why.clone()));
            *rt
        }
        _ => wb.scope.report_type,
    };
    if report_type == ReportType::TypeII
        && let Some((m, why)) = &d.window_months
        && (3..=12).contains(m)
        && wb.scope.observation_months != Some(*m)
    {
        out.push(Suggestion::WindowMonths(*m, why.clone()));
    }
    if let Some(Answer::Date(target)) = wb.scope.answers.get("target_report_date")
        && wb.scope.target_report_date != Some(*target)
    {
        out.push(Suggestion::TargetDate(*target));
    }
    out
}

/// A problem with the plan that a person should see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanWarning {
    pub message: String,
}

/// The steps that follow one another; the rest run alongside them.
const SEQUENCE: [Phase; 5] = [
    Phase::Readiness,
    Phase::Remediation,
    Phase::Observation,
    Phase::Fieldwork,
    Phase::Report,
];

/// Milestones out of order, overlapping where they cannot, or ending before they start;
/// open remediation items due after the window opens; a gap before the next period; a
/// target date or a stated deadline the plan misses, with the earliest date it can reach
/// and the alternatives; a plan that starts in the past.
pub fn plan_warnings(wb: &Workbook, today: Date) -> Vec<PlanWarning> {
    let cat = crate::catalog::catalog();
    let mut out = Vec::new();
    let mut warn = |message: String| out.push(PlanWarning { message });
    let mut chain: Vec<&Milestone> = wb
        .milestones
        .iter()
        .filter(|m| SEQUENCE.contains(&m.phase))
        .collect();
    chain.sort_by_key(|m| m.phase);
    for pair in chain.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.phase != b.phase && b.start < a.start {
            warn(format!(
                "milestones out of order: \"{}\" ({}) starts before \"{}\" ({})",
                b.name, b.start, a.name, a.start
            ));
        }
    }
    let fieldwork = existing(wb, Phase::Fieldwork);
    let report = existing(wb, Phase::Report);
    if let (Some(f), Some(r)) = (fieldwork, report)
        && f.end > r.end
    {
        warn(format!(
            "fieldwork \"{}\" runs to {}, past the report's issue on {}: the report cannot come out before fieldwork ends",
            f.name, f.end, r.end
        ));
    }
    if let Some(f) = fieldwork {
        for phase in [
            Phase::Engagement,
            Phase::SystemDescription,
            Phase::RequestList,
        ] {
            if let Some(m) = existing(wb, phase)
                && m.end >= f.start
                && m.status != MilestoneStatus::Done
            {
                warn(format!(
                    "\"{}\" ends {}, not before fieldwork starts on {}: it has to be ready first",
                    m.name, m.end, f.start
                ));
            }
        }
    }
    if let (Some((_, end)), Some(next)) = (observation_window(wb), existing(wb, Phase::Renewal))
        && next.start > end.add_days(1)
    {
        warn(format!(
            "the next observation period starts {}, not the day after the window ends ({end}): {} days that no report covers; start it on {}",
            next.start,
            end.days_until(next.start) - 1,
            end.add_days(1)
        ));
    }
    if let Some(target) = wb.scope.target_report_date
        && let Some(r) = report
        && r.end > target
    {
        warn(format!(
            "the plan issues the report on {} but the target is {target}: {} days late",
            r.end,
            target.days_until(r.end)
        ));
    }
    for m in &wb.milestones {
        if m.end < m.start {
            warn(format!(
                "milestone \"{}\" ends ({}) before it starts ({})",
                m.name, m.end, m.start
            ));
        }
    }
    if let Some((start, _)) = observation_window(wb) {
        // Counted, with the first three named: the timeline asks on every frame, and
        // a large backlog can hold tens of thousands of such items.
        let (mut risky, mut ids) = (0usize, Vec::new());
        for b in wb
            .backlog
            .iter()
            .filter(|b| super::backlog::is_at_risk(b, Some(start)))
        {
            risky += 1;
            if ids.len() < 3 {
                ids.push(b.id.as_str());
            }
        }
        if risky > 0 {
            if risky > 3 {
                ids.push("…");
            }
            warn(format!(
                "{} open remediation item{} due after the observation window opens on {start} (or undated): {}",
                risky,
                if risky == 1 { " is" } else { "s are" },
                ids.join(", ")
            ));
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
            warn(format!(
                "the target report date {target} needs readiness to start by {}, which is in the past",
                first.start
            ));
        }
    }
    if let Some(message) = deadline_miss(cat, wb, today) {
        warn(message);
    }
    out.extend(super::policy::plan_warnings(
        crate::catalog::policies::policy_set(),
        wb,
    ));
    if let Some((start, end)) = observation_window(wb)
        && let Some(m) = super::risk::assessment_mark(wb, today)
        && !m.done
    {
        out.push(PlanWarning {
            message: format!(
                "the annual risk assessment does not fall inside the window ({start} → {end}) yet: planned {} (R), hold it by {end}",
                m.date
            ),
        });
    }
    out
}

/// The date the team stated the report is needed by: the target report date, else what
/// the scoping answer "when does a customer need a report" means from today.
pub fn stated_deadline(wb: &Workbook, today: Date) -> Option<(Date, &'static str)> {
    if let Some(target) = wb.scope.target_report_date {
        return Some((target, "the target report date"));
    }
    match wb.scope.answers.get("report_deadline") {
        Some(Answer::Choice(c)) if c == "within_weeks" => {
            Some((today.add_days(56), "a customer needs a report within weeks"))
        }
        Some(Answer::Choice(c)) if c == "within_months" => Some((
            today.add_months(6),
            "a customer needs a report within about six months",
        )),
        _ => None,
    }
}

/// When the plan cannot meet the stated deadline: the earliest date it can reach from
/// today and what would reach the deadline instead (a shorter window, a Type I first).
fn deadline_miss(cat: &Catalog, wb: &Workbook, today: Date) -> Option<String> {
    let (deadline, what) = stated_deadline(wb, today)?;
    let rt = wb.scope.report_type;
    let months = wb.scope.observation_months.unwrap_or(DEFAULT_WINDOW_MONTHS);
    let earliest = earliest_report(cat, wb, today, rt, months)?;
    let planned = existing(wb, Phase::Report).map(|m| m.end);
    if earliest <= deadline && planned.is_none_or(|p| p <= deadline) {
        return None;
    }
    let kind = match rt {
        ReportType::TypeII => format!("a Type II with a {months}-month window"),
        ReportType::TypeI => "a Type I".to_string(),
    };
    let mut alternatives = Vec::new();
    if rt == ReportType::TypeII {
        if months > 3
            && let Some(d) = earliest_report(cat, wb, today, rt, 3)
        {
            alternatives.push(format!("a 3-month window reaches {d}"));
        }
        if let Some(d) = earliest_report(cat, wb, today, ReportType::TypeI, months) {
            alternatives.push(format!(
                "a Type I first reaches {d}, then the Type II window opens the day after its as-of date"
            ));
        }
    }
    let alternatives = if alternatives.is_empty() {
        String::new()
    } else {
        format!("; alternatives: {}", alternatives.join("; "))
    };
    Some(format!(
        "the plan misses the deadline {deadline} ({what}): the earliest {kind} can be issued is {earliest}{alternatives}"
    ))
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

/// What re-planning would do: every milestone whose dates the new plan changes, added or
/// removed. The new plan runs backwards from the target report date if set, else forwards
/// from the readiness start, else from where the current plan starts (or today); work not
/// yet done never lands in the past, started steps keep their start, and pinned and done
/// milestones are reported as kept and never moved.
pub fn replan(wb: &Workbook, today: Date) -> Vec<PlannedMove> {
    let cat = crate::catalog::catalog();
    let fresh = replanned(cat, wb, today);
    let unheld = replanned_holding(cat, wb, today, false);
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
                // A kept step: say where the plan alone would put it.
                let to = match kept(m) {
                    Some(_) => unheld
                        .iter()
                        .find(|p| p.phase == step.phase)
                        .map_or(to, |p| (p.start, p.end)),
                    None => to,
                };
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
            open_gaps: None,
            controls_running_months: None,
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
        assert!(
            (120..=140).contains(&type_i),
            "a Type I whose controls still have to be built is {type_i} days"
        );
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
                Phase::InternalTest,
                Phase::SystemDescription,
                Phase::RequestList,
                Phase::Fieldwork,
                Phase::Report,
                Phase::Renewal
            ]
        );
        let window = &moves[0];
        assert_eq!(window.to.unwrap().1, d("2028-05-09"));
        assert_eq!(window.kept, None);
        let report = &moves[5];
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
        wb.backlog.push(
            crate::model::BacklogItem {
                id: "RB-late".into(),
                due: Some(d("2027-06-01")),
                ..Default::default()
            }
            .into(),
        );
        wb.backlog.push(
            crate::model::BacklogItem {
                id: "RB-fine".into(),
                due: Some(d("2027-03-01")),
                ..Default::default()
            }
            .into(),
        );
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

    #[test]
    fn a_type_i_when_controls_already_run_takes_one_to_three_months_from_readiness_to_report() {
        for (gaps, running) in [(0, 12), (10, 6), (40, 4), (200, 3)] {
            let mut inp = input(ReportType::TypeI, 6);
            inp.open_gaps = Some(gaps);
            inp.controls_running_months = Some(running);
            let p = plan(&inp);
            let length = p[0].start.days_until(find(&p, Phase::Report).unwrap().end) + 1;
            assert!(
                (28..=92).contains(&length),
                "{gaps} gaps, controls running {running} months: {length} days"
            );
        }
        let few = {
            let mut inp = input(ReportType::TypeI, 6);
            inp.controls_running_months = Some(12);
            inp.open_gaps = Some(2);
            inp.remediation_days()
        };
        let many = {
            let mut inp = input(ReportType::TypeI, 6);
            inp.controls_running_months = Some(12);
            inp.open_gaps = Some(50);
            inp.remediation_days()
        };
        assert!(few < many, "remediation is sized by the open gaps");
    }

    #[test]
    fn after_a_type_i_the_first_type_ii_window_opens_the_day_after_its_as_of_date() {
        let p = plan(&input(ReportType::TypeI, 6));
        let as_of = find(&p, Phase::Remediation).unwrap().end;
        let next = find(&p, Phase::Renewal).unwrap();
        assert_eq!(next.start, as_of.add_days(1));
        assert_eq!(next.name, "First Type II observation window");
        assert_eq!(next.end, as_of.add_days(1).add_months(6).add_days(-1));
    }

    #[test]
    fn the_renewal_period_starts_the_day_after_the_window_ends_overlapping_fieldwork() {
        let p = plan(&input(ReportType::TypeII, 6));
        let window = find(&p, Phase::Observation).unwrap();
        let next = find(&p, Phase::Renewal).unwrap();
        assert_eq!(next.start, window.end.add_days(1), "back to back, no gap");
        assert_eq!(next.end, window.end.add_months(12), "12 months");
        let report = find(&p, Phase::Report).unwrap();
        assert!(
            next.start < report.end,
            "it runs while the report is written"
        );
    }

    #[test]
    fn the_plan_engages_the_auditor_tests_mid_window_and_prepares_for_fieldwork() {
        let p = plan(&input(ReportType::TypeII, 6));
        let readiness = find(&p, Phase::Readiness).unwrap();
        let window = find(&p, Phase::Observation).unwrap();
        let fieldwork = find(&p, Phase::Fieldwork).unwrap();
        let engagement = find(&p, Phase::Engagement).unwrap();
        assert!(engagement.start >= readiness.start && engagement.end == readiness.end);
        let test = find(&p, Phase::InternalTest).unwrap();
        assert_eq!(test.start, window.start.add_months(3), "half way through");
        for phase in [Phase::SystemDescription, Phase::RequestList] {
            let step = find(&p, phase).unwrap();
            assert_eq!(
                step.end.add_days(1),
                fieldwork.start,
                "{phase:?} ready for fieldwork"
            );
        }
        let wb = Workbook {
            milestones: milestones(&p, &mut fastrand::Rng::with_seed(1), &Workbook::default()),
            ..Workbook::default()
        };
        assert!(
            plan_warnings(&wb, d("2026-12-01")).is_empty(),
            "{:?}",
            plan_warnings(&wb, d("2026-12-01"))
        );
    }

    #[test]
    fn fieldwork_running_past_the_report_issue_is_warned_about() {
        let today = d("2026-11-22");
        let mut wb = planned_workbook(today);
        let report_end = wb
            .milestones
            .iter()
            .find(|m| m.phase == Phase::Report)
            .unwrap()
            .end;
        let fieldwork = wb
            .milestones
            .iter_mut()
            .find(|m| m.phase == Phase::Fieldwork)
            .unwrap();
        fieldwork.end = report_end.add_days(5);
        let w = plan_warnings(&wb, today);
        assert!(
            w.iter()
                .any(|w| w.message.contains("past the report's issue")),
            "{w:?}"
        );
    }

    #[test]
    fn a_gap_before_the_next_period_is_warned_about() {
        let today = d("2026-11-22");
        let mut wb = planned_workbook(today);
        let renewal = wb
            .milestones
            .iter_mut()
            .find(|m| m.phase == Phase::Renewal)
            .unwrap();
        renewal.start = renewal.start.add_days(60);
        let w = plan_warnings(&wb, today);
        assert!(
            w.iter()
                .any(|w| w.message.contains("not the day after the window ends")),
            "{w:?}"
        );
    }

    #[test]
    fn the_bridge_letter_is_needed_from_the_report_for_the_days_after_the_window() {
        let today = d("2026-11-22");
        let wb = planned_workbook(today);
        let b = bridge_letter(&wb).unwrap();
        let window = observation_window(&wb).unwrap();
        assert_eq!(b.covered_until, window.1);
        assert_eq!(
            b.from,
            wb.milestones
                .iter()
                .find(|m| m.phase == Phase::Report)
                .unwrap()
                .end
        );
    }

    #[test]
    fn a_missed_deadline_names_the_earliest_date_and_the_alternatives() {
        let today = d("2026-11-22");
        let mut wb = planned_workbook(today);
        wb.scope.target_report_date = Some(d("2027-06-30"));
        let w = plan_warnings(&wb, today);
        let miss = w
            .iter()
            .find(|w| w.message.contains("misses the deadline 2027-06-30"))
            .unwrap_or_else(|| panic!("{w:?}"));
        assert!(
            miss.message
                .contains("the earliest a Type II with a 6-month window can be issued is"),
            "{}",
            miss.message
        );
        assert!(
            miss.message.contains("a 3-month window reaches"),
            "{}",
            miss.message
        );
        assert!(
            miss.message.contains("a Type I first reaches"),
            "{}",
            miss.message
        );
    }

    #[test]
    fn a_deadline_within_weeks_is_missed_by_a_type_ii_and_says_so() {
        let today = d("2026-11-22");
        let mut wb = planned_workbook(today);
        wb.scope.answers.insert(
            "report_deadline".into(),
            Answer::Choice("within_weeks".into()),
        );
        let w = plan_warnings(&wb, today);
        assert!(
            w.iter()
                .any(|w| w.message.contains("a customer needs a report within weeks")),
            "{w:?}"
        );
    }

    #[test]
    fn replanning_never_puts_work_not_yet_done_in_the_past() {
        let today = d("2027-03-01");
        // A plan made months ago and never started: everything would lie in the past.
        let mut wb = Workbook::default();
        wb.scope.readiness_start = Some(d("2026-09-01"));
        let p = plan(&PlanInput::from_scope(&wb.scope, today));
        wb.milestones = milestones(&p, &mut fastrand::Rng::with_seed(2), &Workbook::default());
        for m in replan(&wb, today) {
            let (start, _) = m.to.unwrap();
            assert!(start >= today, "{} would start {start}", m.name);
        }
    }

    #[test]
    fn replanning_keeps_a_started_phase_anchored_and_a_target_in_the_past_plans_forward() {
        let today = d("2027-03-01");
        let mut wb = Workbook::default();
        wb.scope.readiness_start = Some(d("2027-01-04"));
        let p = plan(&PlanInput::from_scope(&wb.scope, today));
        wb.milestones = milestones(&p, &mut fastrand::Rng::with_seed(2), &Workbook::default());
        let readiness = wb
            .milestones
            .iter_mut()
            .find(|m| m.phase == Phase::Readiness)
            .unwrap();
        readiness.status = MilestoneStatus::InProgress;
        let started = readiness.start;
        wb.scope.target_report_date = Some(d("2027-04-30"));
        let fresh = replanned(crate::catalog::catalog(), &wb, today);
        let r = find(&fresh, Phase::Readiness).unwrap();
        assert_eq!(r.start, started, "a started phase keeps its start");
        assert!(
            r.end >= today,
            "and does not end in the past while not done"
        );
        for p in fresh
            .iter()
            .filter(|p| p.phase != Phase::Readiness && p.phase != Phase::Engagement)
        {
            assert!(p.start >= today, "{p:?}");
        }
    }
}
