//! Operating readiness: were recurring controls performed in every period the window needs?
//!
//! Why: a Type II auditor asks for the population of each recurring control over the
//! observation window and samples it. A quarterly access review in a 6-month window needs
//! two occurrences, a monthly scan review six; a missing period is an exception. This
//! module splits the window into cadence periods and matches recorded occurrences to them.

use crate::catalog::Catalog;
use crate::model::{Cadence, Date, ItemStatus, Workbook};

use super::readiness::{criteria_in_scope, items_of};
use super::schedule::observation_window;

/// Where one period of a recurring control stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodState {
    /// Performed at least once in the period.
    Met,
    /// The period ended without an occurrence: an exception in the making.
    Missed,
    /// The period is running and not yet performed.
    Due,
    /// The period has not started.
    Upcoming,
}

/// One cadence period inside the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodCoverage {
    pub start: Date,
    pub end: Date,
    pub state: PeriodState,
}

/// The coverage of one recurring control.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlCoverage {
    pub criterion: String,
    pub item: String,
    pub title: String,
    pub cadence: Cadence,
    /// Periods of the observation window (empty without a window).
    pub periods: Vec<PeriodCoverage>,
    pub last_performed: Option<Date>,
    /// When the next occurrence is due: end of the first unmet period, or last + cadence.
    pub next_due: Option<Date>,
}

impl ControlCoverage {
    /// Occurrences the whole window requires (one per period).
    pub fn required(&self) -> usize {
        self.periods.len()
    }

    /// Periods with a recorded occurrence.
    pub fn met(&self) -> usize {
        self.periods
            .iter()
            .filter(|p| p.state == PeriodState::Met)
            .count()
    }

    /// Periods that ended without an occurrence.
    pub fn missed(&self) -> usize {
        self.periods
            .iter()
            .filter(|p| p.state == PeriodState::Missed)
            .count()
    }

    /// Whether an occurrence is overdue as of `today`.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.missed() > 0 || self.next_due.is_some_and(|d| d < today)
    }
}

/// Splits `[start, end]` into cadence periods anchored at `start` (start + k periods, never
/// counted from the previous boundary, so month ends clamp instead of drifting). A trailing
/// stub shorter than half a period folds into the one before it, the usual audit rule: a
/// 12-month window has 52 weekly periods (365 or 366 days leave a 1- or 2-day stub), a
/// 371-day window 53. A per-event control has no periods.
pub fn periods(cadence: Cadence, start: Date, end: Date) -> Vec<(Date, Date)> {
    let Some(period) = cadence.period() else {
        return Vec::new();
    };
    let mut out: Vec<(Date, Date)> = Vec::new();
    let mut k = 0i64;
    while out.len() < 10_000 {
        let from = period.nth(start, k);
        if from > end {
            break;
        }
        let next = period.nth(start, k + 1);
        let full = from.days_until(next);
        let to = next.add_days(-1).min(end);
        let is_stub = to < next.add_days(-1) && from.days_until(to) + 1 < (full + 1) / 2;
        match out.last_mut() {
            Some(last) if is_stub => last.1 = to,
            _ => out.push((from, to)),
        }
        k += 1;
    }
    out
}

fn coverage_of(
    cadence: Cadence,
    performed: &[Date],
    window: Option<(Date, Date)>,
    today: Date,
) -> (Vec<PeriodCoverage>, Option<Date>, Option<Date>) {
    let last = performed.iter().max().copied();
    let Some(period) = cadence.period() else {
        // Per event: the auditor samples the population; nothing falls due on a calendar.
        return (Vec::new(), last, None);
    };
    let Some((start, end)) = window else {
        let next = last.map_or(today, |l| period.after(l));
        return (Vec::new(), last, Some(next));
    };
    let periods: Vec<PeriodCoverage> = periods(cadence, start, end)
        .into_iter()
        .map(|(from, to)| {
            let done = performed.iter().any(|d| (from..=to).contains(d));
            let state = if done {
                PeriodState::Met
            } else if to < today {
                PeriodState::Missed
            } else if from <= today {
                PeriodState::Due
            } else {
                PeriodState::Upcoming
            };
            PeriodCoverage {
                start: from,
                end: to,
                state,
            }
        })
        .collect();
    let in_window = periods
        .iter()
        .find(|p| matches!(p.state, PeriodState::Due | PeriodState::Upcoming))
        .map(|p| p.end);
    let next_due = if today < start {
        // Before the window opens the cadence already runs: the next occurrence follows
        // the last one, and a control never performed must be running when the window opens.
        let due = last.map_or(start, |l| period.after(l));
        Some(in_window.map_or(due, |first_end| due.min(first_end)))
    } else {
        // After (or without pending periods in) the window, keep the cadence going.
        in_window.or_else(|| Some(last.map_or(today, |l| period.after(l))))
    };
    (periods, last, next_due)
}

/// Coverage of every in-scope, applicable recurring control, in catalog order.
pub fn coverage(cat: &Catalog, wb: &Workbook, today: Date) -> Vec<ControlCoverage> {
    let window = observation_window(wb);
    let mut out = Vec::new();
    for criterion in criteria_in_scope(cat, wb) {
        // A control met elsewhere is covered once, under its home criterion (the homes of
        // shared controls are in Security or in the same category, so always in scope).
        for item in items_of(criterion, wb).into_iter().filter(|i| !i.elsewhere) {
            let Some(cadence) = item.cadence else {
                continue;
            };
            if item.status() == ItemStatus::NotApplicable {
                continue;
            }
            let performed = item.record.map_or(&[][..], |r| &r.performed[..]);
            let (periods, last_performed, next_due) =
                coverage_of(cadence, performed, window, today);
            out.push(ControlCoverage {
                criterion: criterion.id.clone(),
                item: item.id.to_string(),
                title: item.title.to_string(),
                cadence,
                periods,
                last_performed,
                next_due,
            });
        }
    }
    out
}

/// Operating readiness: each recurring control's share of its periods due so far (ended,
/// or running and met) that were performed, averaged over the controls with a period due.
/// Each control weighs the same, so an annual pen test never performed costs as much as a
/// monthly review never performed instead of vanishing among a hundred monthly periods.
/// `None` before the window opens, when nothing can have been required yet.
pub fn operating_percent(coverage: &[ControlCoverage], today: Date) -> Option<u8> {
    let (mut controls, mut sum) = (0usize, 0usize);
    for c in coverage {
        let (mut due, mut met) = (0usize, 0usize);
        for p in &c.periods {
            match p.state {
                PeriodState::Met if p.start <= today => {
                    due += 1;
                    met += 1;
                }
                PeriodState::Missed => due += 1,
                _ => {}
            }
        }
        if let Some(share) = (met * 10_000).checked_div(due) {
            controls += 1;
            sum += share;
        }
    }
    (controls > 0).then(|| u8::try_from(sum / controls / 100).unwrap_or(100))
}

/// A stretch of consecutive periods of one control that ended without an occurrence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperatingMiss {
    pub criterion: String,
    pub item: String,
    pub title: String,
    pub cadence: Cadence,
    pub start: Date,
    pub end: Date,
    /// How many periods the stretch spans (a daily control can miss many in a row).
    pub periods: usize,
}

/// Every missed period, consecutive ones of a control joined, in catalog order: the
/// exceptions an auditor would write up if the window closed today.
pub fn operating_misses(coverage: &[ControlCoverage]) -> Vec<OperatingMiss> {
    let mut out: Vec<OperatingMiss> = Vec::new();
    for c in coverage {
        let mut open: Option<OperatingMiss> = None;
        for p in &c.periods {
            if p.state == PeriodState::Missed {
                match open.as_mut() {
                    Some(m) => {
                        m.end = p.end;
                        m.periods += 1;
                    }
                    None => {
                        open = Some(OperatingMiss {
                            criterion: c.criterion.clone(),
                            item: c.item.clone(),
                            title: c.title.clone(),
                            cadence: c.cadence,
                            start: p.start,
                            end: p.end,
                            periods: 1,
                        });
                    }
                }
            } else if let Some(m) = open.take() {
                out.push(m);
            }
        }
        out.extend(open);
    }
    out
}

/// What a dated marker on the timeline stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkerKind {
    /// An open remediation item is due.
    BacklogDue,
    /// An open remediation item's due date has passed.
    BacklogOverdue,
    /// A recurring control's period ends and it has not been performed yet.
    ControlDue,
    /// A recurring control's period ended without an occurrence.
    ControlMissed,
    /// The annual risk assessment, planned inside the window (not held yet).
    RiskAssessmentPlanned,
    /// The annual risk assessment, held on this date.
    RiskAssessmentHeld,
    /// The window ended without a risk assessment.
    RiskAssessmentMissed,
}

impl MarkerKind {
    /// Whether the marker belongs on the backlog row (else the recurring-controls row).
    pub fn is_backlog(self) -> bool {
        matches!(self, MarkerKind::BacklogDue | MarkerKind::BacklogOverdue)
    }

    /// Whether it needs attention now.
    pub fn is_alarm(self) -> bool {
        matches!(
            self,
            MarkerKind::BacklogOverdue
                | MarkerKind::ControlMissed
                | MarkerKind::RiskAssessmentMissed
        )
    }

    /// The one character drawn on the chart's marker rows.
    pub fn glyph(self) -> char {
        match self {
            _ if self.is_alarm() => '!',
            MarkerKind::RiskAssessmentPlanned | MarkerKind::RiskAssessmentHeld => 'R',
            _ => '◆',
        }
    }

    /// Whether it is the risk assessment's marker (drawn over the controls' ones).
    pub fn is_risk_assessment(self) -> bool {
        matches!(
            self,
            MarkerKind::RiskAssessmentPlanned
                | MarkerKind::RiskAssessmentHeld
                | MarkerKind::RiskAssessmentMissed
        )
    }

    /// What it means, for a legend.
    pub fn label(self) -> &'static str {
        match self {
            MarkerKind::BacklogDue => "remediation due",
            MarkerKind::BacklogOverdue => "remediation overdue",
            MarkerKind::ControlDue => "control due",
            MarkerKind::ControlMissed => "control period missed",
            MarkerKind::RiskAssessmentPlanned => "risk assessment planned",
            MarkerKind::RiskAssessmentHeld => "risk assessment held",
            MarkerKind::RiskAssessmentMissed => "risk assessment missed",
        }
    }
}

/// What a marker points at, so a view can jump to it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkerTarget {
    /// A backlog item by id.
    Backlog(String),
    /// A checklist item: criterion id and item id.
    Item { criterion: String, item: String },
    /// The annual risk assessment (the Risks view).
    RiskAssessment,
}

/// One dated marker for the timeline's Gantt rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    pub date: Date,
    pub kind: MarkerKind,
    pub target: MarkerTarget,
}

/// Every marker the timeline shows, by date: due dates of open backlog items and, for each
/// in-scope recurring control, the ends of its missed and pending window periods (or its
/// next due date when there is no window), and the annual risk assessment (held, planned
/// inside the window, or missed) when the team keeps a risk register.
pub fn markers(cat: &Catalog, wb: &Workbook, today: Date) -> Vec<Marker> {
    let mut out = Vec::new();
    each_marker(cat, wb, today, |date, kind, target| {
        out.push(Marker {
            date,
            kind,
            target: target(),
        });
    });
    out.sort_by(|a, b| (a.date, a.kind, &a.target).cmp(&(b.date, b.kind, &b.target)));
    out
}

/// The date and kind of every marker, in no order: what the chart draws on every frame,
/// without copying 100,000 backlog ids and sorting them.
pub fn marker_days(cat: &Catalog, wb: &Workbook, today: Date) -> Vec<(Date, MarkerKind)> {
    let mut out = Vec::new();
    each_marker(cat, wb, today, |date, kind, _| out.push((date, kind)));
    out
}

/// Calls `f` with each marker's date, kind and a maker of its target.
fn each_marker(
    cat: &Catalog,
    wb: &Workbook,
    today: Date,
    mut f: impl FnMut(Date, MarkerKind, &dyn Fn() -> MarkerTarget),
) {
    for b in wb.backlog.iter().filter(|b| b.status.is_open()) {
        let Some(due) = b.due else { continue };
        let kind = if due < today {
            MarkerKind::BacklogOverdue
        } else {
            MarkerKind::BacklogDue
        };
        f(due, kind, &|| MarkerTarget::Backlog(b.id.clone()));
    }
    for c in coverage(cat, wb, today) {
        let target = || MarkerTarget::Item {
            criterion: c.criterion.clone(),
            item: c.item.clone(),
        };
        for p in &c.periods {
            let kind = match p.state {
                PeriodState::Met => continue,
                // A daily control would paint every day of the window; only its misses and
                // its running day are worth a marker.
                PeriodState::Upcoming if c.cadence == Cadence::Daily => continue,
                PeriodState::Missed => MarkerKind::ControlMissed,
                PeriodState::Due | PeriodState::Upcoming => MarkerKind::ControlDue,
            };
            f(p.end, kind, &target);
        }
        if c.periods.is_empty()
            && let Some(next) = c.next_due
        {
            f(next, MarkerKind::ControlDue, &target);
        }
    }
    if let Some(m) = crate::analysis::risk::assessment_mark(wb, today) {
        let kind = match (m.done, m.missed) {
            (true, _) => MarkerKind::RiskAssessmentHeld,
            (false, true) => MarkerKind::RiskAssessmentMissed,
            (false, false) => MarkerKind::RiskAssessmentPlanned,
        };
        f(m.date, kind, &|| MarkerTarget::RiskAssessment);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_six_month_window_needs_two_quarterly_and_six_monthly_occurrences() {
        let (s, e) = (d("2027-01-01"), d("2027-06-30"));
        assert_eq!(periods(Cadence::Quarterly, s, e).len(), 2);
        assert_eq!(periods(Cadence::Monthly, s, e).len(), 6);
        assert_eq!(periods(Cadence::Annual, s, e).len(), 1);
        assert_eq!(
            periods(Cadence::Annual, s, e)[0].1,
            e,
            "cut at the window end"
        );
        assert_eq!(
            periods(Cadence::Quarterly, s, e)[1],
            (d("2027-04-01"), d("2027-06-30"))
        );
    }

    #[test]
    fn a_window_opening_on_the_31st_gets_exactly_its_months() {
        let monthly = periods(Cadence::Monthly, d("2027-01-31"), d("2027-07-30"));
        assert_eq!(
            monthly.len(),
            6,
            "six months need six monthly occurrences, not seven"
        );
        assert_eq!(monthly[1], (d("2027-02-28"), d("2027-03-30")));
        assert_eq!(
            monthly[2].0,
            d("2027-03-31"),
            "anchored at the 31st, clamped only in short months"
        );
        assert_eq!(monthly[5], (d("2027-06-30"), d("2027-07-30")));
    }

    #[test]
    fn quarterly_from_november_30th_over_six_months_needs_two_reviews() {
        let q = periods(Cadence::Quarterly, d("2026-11-30"), d("2027-05-29"));
        assert_eq!(
            q,
            [
                (d("2026-11-30"), d("2027-02-27")),
                (d("2027-02-28"), d("2027-05-29"))
            ]
        );
    }

    #[test]
    fn a_twelve_month_window_has_52_weekly_periods_and_a_stub_folds_into_the_last() {
        let year = periods(Cadence::Weekly, d("2027-01-01"), d("2027-12-31"));
        assert_eq!(
            year.len(),
            52,
            "365 days: the 1-day stub folds into week 52"
        );
        assert_eq!(year[51].1, d("2027-12-31"));
        let leap = periods(Cadence::Weekly, d("2028-01-01"), d("2028-12-31"));
        assert_eq!(leap.len(), 52, "366 days: a 2-day stub folds too");
        let long = periods(Cadence::Weekly, d("2027-01-01"), d("2028-01-06"));
        assert_eq!(long.len(), 53, "371 days are 53 whole weeks");
        let half = periods(Cadence::Weekly, d("2027-01-01"), d("2027-01-11"));
        assert_eq!(
            half.len(),
            2,
            "a 4-day remainder is half a week or more: its own period"
        );
    }

    #[test]
    fn a_monthly_review_on_the_25th_of_each_month_meets_every_period_of_a_window_opening_on_the_31st()
     {
        let window = Some((d("2027-01-31"), d("2027-07-30")));
        let done: Vec<Date> = (2..=7).map(|m| Date::new(2027, m, 25).unwrap()).collect();
        let (p, _, _) = coverage_of(Cadence::Monthly, &done, window, d("2027-08-15"));
        assert!(p.iter().all(|p| p.state == PeriodState::Met), "{p:?}");
        let c = ControlCoverage {
            criterion: "CC7.1".into(),
            item: "x".into(),
            title: "x".into(),
            cadence: Cadence::Monthly,
            periods: p,
            last_performed: None,
            next_due: None,
        };
        assert_eq!(operating_percent(&[c], d("2027-08-15")), Some(100));
    }

    #[test]
    fn a_daily_control_has_one_period_per_day() {
        assert_eq!(
            periods(Cadence::Daily, d("2027-01-01"), d("2027-06-30")).len(),
            181
        );
    }

    #[test]
    fn a_per_event_control_is_sampled_not_missed_by_the_calendar() {
        let window = Some((d("2027-01-01"), d("2027-06-30")));
        let (p, last, next) = coverage_of(Cadence::PerEvent, &[], window, d("2027-06-01"));
        assert!(p.is_empty(), "no calendar periods to miss");
        assert_eq!((last, next), (None, None), "nothing falls due on a date");
    }

    fn control(
        cadence: Cadence,
        performed: &[Date],
        window: (Date, Date),
        today: Date,
    ) -> ControlCoverage {
        let (periods, last_performed, next_due) =
            coverage_of(cadence, performed, Some(window), today);
        ControlCoverage {
            criterion: "CC4.1".into(),
            item: format!("{cadence:?}"),
            title: format!("{cadence:?} control"),
            cadence,
            periods,
            last_performed,
            next_due,
        }
    }

    #[test]
    fn a_pen_test_never_performed_is_a_named_miss_not_hidden_by_pooling() {
        let window = (d("2027-01-01"), d("2027-12-31"));
        let today = d("2028-01-15");
        let weekly: Vec<Date> = (0..52).map(|k| d("2027-01-02").add_days(7 * k)).collect();
        let cov = vec![
            control(Cadence::Weekly, &weekly, window, today),
            control(Cadence::Annual, &[], window, today),
        ];
        let misses = operating_misses(&cov);
        assert_eq!(misses.len(), 1);
        assert_eq!(
            (misses[0].cadence, misses[0].start, misses[0].end),
            (Cadence::Annual, d("2027-01-01"), d("2027-12-31"))
        );
        let percent = operating_percent(&cov, today).unwrap();
        assert_eq!(
            percent, 50,
            "one of two controls never ran; pooled periods read 98 %"
        );
    }

    #[test]
    fn consecutive_missed_periods_of_a_control_are_named_as_one_stretch() {
        let window = (d("2027-01-01"), d("2027-06-30"));
        let cov = vec![control(
            Cadence::Monthly,
            &[d("2027-03-10")],
            window,
            d("2027-06-10"),
        )];
        let m: Vec<(Date, Date, usize)> = operating_misses(&cov)
            .iter()
            .map(|m| (m.start, m.end, m.periods))
            .collect();
        assert_eq!(
            m,
            [
                (d("2027-01-01"), d("2027-02-28"), 2),
                (d("2027-04-01"), d("2027-05-31"), 2)
            ]
        );
    }

    #[test]
    fn periods_are_met_missed_due_or_upcoming() {
        let window = Some((d("2027-01-01"), d("2027-06-30")));
        let (p, last, next) = coverage_of(
            Cadence::Monthly,
            &[d("2027-01-20"), d("2027-03-02")],
            window,
            d("2027-04-10"),
        );
        let states: Vec<_> = p.iter().map(|p| p.state).collect();
        use PeriodState::*;
        assert_eq!(states, vec![Met, Missed, Met, Due, Upcoming, Upcoming]);
        assert_eq!(last, Some(d("2027-03-02")));
        assert_eq!(next, Some(d("2027-04-30")));
    }

    #[test]
    fn before_the_window_the_cadence_already_runs() {
        let window = Some((d("2027-01-05"), d("2027-07-04")));
        let (_, _, next) = coverage_of(
            Cadence::Monthly,
            &[d("2026-11-04")],
            window,
            d("2026-11-22"),
        );
        assert_eq!(
            next,
            Some(d("2026-12-04")),
            "a month after the last scan review"
        );
        let (_, _, never) = coverage_of(Cadence::Quarterly, &[], window, d("2026-11-22"));
        assert_eq!(
            never,
            Some(d("2027-01-05")),
            "running by the time the window opens"
        );
        let (_, _, annual) =
            coverage_of(Cadence::Annual, &[d("2026-10-10")], window, d("2026-11-22"));
        assert_eq!(
            annual,
            Some(d("2027-07-04")),
            "within the window's only period"
        );
    }

    #[test]
    fn without_a_window_the_next_occurrence_follows_the_last() {
        let (p, _, next) = coverage_of(
            Cadence::Quarterly,
            &[d("2027-01-15")],
            None,
            d("2027-02-01"),
        );
        assert!(p.is_empty());
        assert_eq!(next, Some(d("2027-04-15")));
        let (_, _, never) = coverage_of(Cadence::Quarterly, &[], None, d("2027-02-01"));
        assert_eq!(never, Some(d("2027-02-01")), "never performed: due now");
    }

    #[test]
    fn operating_percent_counts_only_periods_due_so_far() {
        let window = Some((d("2027-01-01"), d("2027-06-30")));
        let today = d("2027-04-10");
        let (periods, last_performed, next_due) = coverage_of(
            Cadence::Monthly,
            &[d("2027-01-20"), d("2027-03-02")],
            window,
            today,
        );
        let c = ControlCoverage {
            criterion: "CC7.1".into(),
            item: "x".into(),
            title: "x".into(),
            cadence: Cadence::Monthly,
            periods,
            last_performed,
            next_due,
        };
        assert_eq!(c.required(), 6);
        assert_eq!(c.met(), 2);
        assert!(c.is_overdue(today));
        // Jan met, Feb missed, Mar met; April is running and not yet counted.
        assert_eq!(operating_percent(&[c], today), Some(66));
        assert_eq!(operating_percent(&[], today), None);
    }

    #[test]
    fn markers_cover_open_backlog_dues_and_unmet_control_periods() {
        use crate::catalog::catalog;
        use crate::model::{BacklogItem, BacklogStatus, Milestone, Phase};
        let cat = catalog();
        let today = d("2027-02-10");
        let mut wb = Workbook::default();
        wb.milestones.push(Milestone {
            id: "MS-win".into(),
            name: "Observation window".into(),
            phase: Phase::Observation,
            start: d("2027-01-01"),
            end: d("2027-06-30"),
            ..Milestone::default()
        });
        wb.backlog.push(
            BacklogItem {
                id: "RB-late".into(),
                due: Some(d("2027-02-01")),
                ..BacklogItem::default()
            }
            .into(),
        );
        wb.backlog.push(
            BacklogItem {
                id: "RB-next".into(),
                due: Some(d("2027-03-01")),
                ..BacklogItem::default()
            }
            .into(),
        );
        wb.backlog.push(
            BacklogItem {
                id: "RB-done".into(),
                due: Some(d("2027-01-15")),
                status: BacklogStatus::Done,
                ..BacklogItem::default()
            }
            .into(),
        );
        let all = markers(cat, &wb, today);
        assert!(
            all.windows(2).all(|w| w[0].date <= w[1].date),
            "sorted by date"
        );
        let backlog: Vec<(Date, MarkerKind)> = all
            .iter()
            .filter(|m| m.kind.is_backlog())
            .map(|m| (m.date, m.kind))
            .collect();
        assert_eq!(
            backlog,
            [
                (d("2027-02-01"), MarkerKind::BacklogOverdue),
                (d("2027-03-01"), MarkerKind::BacklogDue)
            ],
            "done items have no marker"
        );
        // A monthly control never performed: January missed, February due, then upcoming.
        let monthly = coverage(cat, &wb, today)
            .into_iter()
            .find(|c| c.cadence == Cadence::Monthly)
            .expect("the catalog has a monthly control");
        let of_monthly: Vec<(Date, MarkerKind)> = all
            .iter()
            .filter(|m| {
                m.target
                    == MarkerTarget::Item {
                        criterion: monthly.criterion.clone(),
                        item: monthly.item.clone(),
                    }
            })
            .map(|m| (m.date, m.kind))
            .collect();
        assert_eq!(of_monthly.len(), 6);
        assert_eq!(of_monthly[0], (d("2027-01-31"), MarkerKind::ControlMissed));
        assert_eq!(of_monthly[1], (d("2027-02-28"), MarkerKind::ControlDue));
    }
}
