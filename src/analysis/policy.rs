//! What the policy register and the people records say today: each policy's state, each
//! person's missing or overdue acknowledgements and training, late background checks and
//! unenrolled devices, and whether the annual review and training fall inside the window.
//!
//! Why pure: `soc2 check`, `soc2 status`, the Dashboard and the Policies and People views
//! must agree, and an auditor's question ("who had not acknowledged version 2 by March?")
//! depends on the date asked; the current hash of each policy file is passed in, so no
//! file is read here.

use crate::catalog::Catalog;
use crate::catalog::policies::{DEFAULT_ACK_DAYS, PolicySet, parameter};
use crate::model::{Approval, Date, Member, PolicyRecord, Workbook};

use super::check::Finding;
use super::schedule::{PlanWarning, observation_window};

/// Days after starting that the on-hire security training is due, when the team has not
/// set its own (`security-training-onboarding`'s `days`).
pub const DEFAULT_TRAINING_DAYS: u32 = 30;

/// Days everyone already on the team has to acknowledge a newly approved version.
pub const REVISION_ACK_DAYS: u32 = 30;

/// Where a policy stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PolicyState {
    /// Never approved: a draft.
    Draft,
    /// The file differs from the one approved.
    Changed,
    /// Approved, but the periodic review is past due.
    ReviewOverdue,
    /// Approved, unchanged, reviewed on time.
    Current,
}

impl PolicyState {
    /// The words the views and `status` use.
    pub fn label(self) -> &'static str {
        match self {
            PolicyState::Draft => "not approved",
            PolicyState::Changed => "changed since approval",
            PolicyState::ReviewOverdue => "review overdue",
            PolicyState::Current => "approved",
        }
    }

    /// The JSON name.
    pub fn id(self) -> &'static str {
        match self {
            PolicyState::Draft => "draft",
            PolicyState::Changed => "changed",
            PolicyState::ReviewOverdue => "review-overdue",
            PolicyState::Current => "approved",
        }
    }
}

/// What a policy file looks like on disk now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileNow {
    /// Its SHA-256.
    Hash(String),
    /// Not a file in the repository.
    Missing,
    /// Not looked at (the caller could not read files).
    Unknown,
}

/// One row of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRow<'a> {
    pub id: &'a str,
    pub title: String,
    pub record: &'a PolicyRecord,
    pub approval: Option<&'a Approval>,
    pub state: PolicyState,
    pub file_missing: bool,
    pub next_review: Option<Date>,
    /// Active people who acknowledged the version in force, and how many should have.
    pub acknowledged: usize,
    pub to_acknowledge: usize,
}

/// Whether a person is on the team today: joined (or no date) and not yet left.
pub fn is_active(m: &Member, today: Date) -> bool {
    m.joined.is_none_or(|j| j <= today) && m.left.is_none_or(|l| l > today)
}

/// The title of a register entry: the standard policy's, else its id.
pub fn title(set: &PolicySet, id: &str) -> String {
    set.get(id)
        .map_or_else(|| id.to_string(), |t| t.title.clone())
}

/// Days a person has to acknowledge this policy.
fn ack_days(set: &PolicySet, id: &str) -> u32 {
    set.get(id).map_or(DEFAULT_ACK_DAYS, |t| t.ack_days)
}

/// The register in id order, judged with each file's current state.
pub fn policy_rows<'a>(
    set: &PolicySet,
    wb: &'a Workbook,
    file_now: &dyn Fn(&str) -> FileNow,
    today: Date,
) -> Vec<PolicyRow<'a>> {
    let active: Vec<&Member> = wb.team.iter().filter(|m| is_active(m, today)).collect();
    wb.policies
        .iter()
        .map(|(id, record)| {
            let approval = record.current_approval();
            let now = file_now(&record.file);
            let changed = match (&now, approval.and_then(|a| a.sha256.as_ref())) {
                (FileNow::Hash(h), Some(approved)) => h != approved,
                _ => false,
            };
            let next_review = record.next_review();
            let state = match approval {
                None => PolicyState::Draft,
                Some(_) if changed => PolicyState::Changed,
                Some(_) if next_review.is_some_and(|n| n < today) => PolicyState::ReviewOverdue,
                Some(_) => PolicyState::Current,
            };
            let acknowledged = approval.map_or(0, |a| {
                active
                    .iter()
                    .filter(|m| record.ack(&m.id, a.version).is_some())
                    .count()
            });
            PolicyRow {
                id,
                title: title(set, id),
                record,
                approval,
                state,
                file_missing: now == FileNow::Missing,
                next_review,
                acknowledged,
                to_acknowledge: if approval.is_some() { active.len() } else { 0 },
            }
        })
        .collect()
}

/// What one person still owes, or did late.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GapKind {
    /// The version in force of a policy is not acknowledged.
    Ack { policy: String, version: u32 },
    /// The last acknowledgement of a policy is more than a year old.
    AnnualAck { policy: String },
    /// Acknowledged, but after the days the policy allows.
    LateAck {
        policy: String,
        version: u32,
        on: Date,
    },
    /// No security training yet since joining.
    HireTraining,
    /// The first training came after the on-hire deadline.
    LateHireTraining { on: Date },
    /// The last training is more than a year old.
    AnnualTraining,
    /// No background check is recorded.
    NoBackgroundCheck,
    /// The background check finished after the person got system access.
    BackgroundAfterAccess { check: Date, access: Date },
    /// The work device is not enrolled in device management.
    DeviceNotEnrolled,
}

/// One thing a person owes or did late, with its deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub member: String,
    pub kind: GapKind,
    /// When it was (or is) due; `None` when there is no deadline to count from.
    pub due: Option<Date>,
    /// Past its deadline (or without one): an auditor would list it as an exception.
    pub overdue: bool,
}

impl Gap {
    /// The gap in a practitioner's words, with the policy's title.
    pub fn describe(&self, set: &PolicySet) -> String {
        let due = |what: &str| match (self.due, self.overdue) {
            (Some(d), true) => format!("{what}: overdue since {d}"),
            (Some(d), false) => format!("{what}: due by {d}"),
            (None, _) => what.to_string(),
        };
        match &self.kind {
            GapKind::Ack { policy, version } => due(&format!(
                "has not acknowledged {} version {version}",
                title(set, policy)
            )),
            GapKind::AnnualAck { policy } => {
                due(&format!("yearly acknowledgement of {}", title(set, policy)))
            }
            GapKind::LateAck {
                policy,
                version,
                on,
            } => format!(
                "acknowledged {} version {version} on {on}, after the deadline {}",
                title(set, policy),
                self.due.map_or_else(String::new, |d| d.to_string())
            ),
            GapKind::HireTraining => due("no security awareness training since joining"),
            GapKind::LateHireTraining { on } => format!(
                "on-hire security training completed {on}, after the deadline {}",
                self.due.map_or_else(String::new, |d| d.to_string())
            ),
            GapKind::AnnualTraining => due("yearly security awareness training"),
            GapKind::NoBackgroundCheck => "no background check recorded".to_string(),
            GapKind::BackgroundAfterAccess { check, access } => {
                format!("background check finished {check}, after system access on {access}")
            }
            GapKind::DeviceNotEnrolled => {
                "work device not enrolled in device management".to_string()
            }
        }
    }
}

/// Whether the team keeps the people register at all: a team that has not started it
/// (no policy, no person record) gets no people warnings.
pub fn keeps_people_register(wb: &Workbook) -> bool {
    !wb.policies.is_empty()
        || wb.team.iter().any(|m| {
            m.background_check.is_some() || !m.training.is_empty() || m.device_enrolled.is_some()
        })
}

/// Days after starting that the on-hire training is due (the team's own number).
pub fn training_days(cat: &Catalog, wb: &Workbook) -> u32 {
    parameter(cat, wb, "security-training-onboarding", "days").unwrap_or(DEFAULT_TRAINING_DAYS)
}

fn days(n: u32) -> i64 {
    i64::from(n)
}

/// Everything one active person owes or did late, in a fixed order: acknowledgements
/// (policy by policy), training, background check, device.
pub fn person_gaps(
    cat: &Catalog,
    set: &PolicySet,
    wb: &Workbook,
    m: &Member,
    today: Date,
) -> Vec<Gap> {
    let mut out = Vec::new();
    if !is_active(m, today) {
        return out;
    }
    let mut gap = |kind: GapKind, due: Option<Date>, overdue: bool| {
        out.push(Gap {
            member: m.id.clone(),
            kind,
            due,
            overdue,
        });
    };
    for (id, record) in &wb.policies {
        let Some(approval) = record.current_approval() else {
            continue;
        };
        // A new hire within the policy's days of joining (0: before day one); people
        // already here when a version is approved within the revision days.
        let due = match m.joined {
            Some(j) if j > approval.date => j.add_days(days(ack_days(set, id))),
            _ => approval.date.add_days(days(REVISION_ACK_DAYS)),
        };
        match record.ack(&m.id, approval.version) {
            None => gap(
                GapKind::Ack {
                    policy: id.clone(),
                    version: approval.version,
                },
                Some(due),
                today > due,
            ),
            Some(a) if a.date > due => gap(
                GapKind::LateAck {
                    policy: id.clone(),
                    version: approval.version,
                    on: a.date,
                },
                Some(due),
                true,
            ),
            Some(_) => {}
        }
        if let Some(last) = record
            .acknowledgements
            .iter()
            .filter(|a| a.member == m.id)
            .map(|a| a.date)
            .max()
        {
            let again = last.add_months(12);
            if today > again {
                gap(GapKind::AnnualAck { policy: id.clone() }, Some(again), true);
            }
        }
    }
    let hire_due = m.joined.map(|j| j.add_days(days(training_days(cat, wb))));
    match (m.training.first(), hire_due) {
        (None, Some(due)) => gap(GapKind::HireTraining, Some(due), today > due),
        (None, None) => gap(GapKind::HireTraining, None, true),
        (Some(first), Some(due)) if *first > due => {
            gap(GapKind::LateHireTraining { on: *first }, Some(due), true);
        }
        _ => {}
    }
    if let Some(last) = m.training.iter().max() {
        let again = last.add_months(12);
        if today > again {
            gap(GapKind::AnnualTraining, Some(again), true);
        }
    }
    match (m.background_check, m.joined) {
        (None, _) => gap(GapKind::NoBackgroundCheck, m.joined, true),
        (Some(check), Some(access)) if check > access => gap(
            GapKind::BackgroundAfterAccess { check, access },
            Some(access),
            true,
        ),
        _ => {}
    }
    if m.device_enrolled.is_none() {
        gap(GapKind::DeviceNotEnrolled, m.joined, true);
    }
    out
}

/// Every active person's gaps, in team order (empty when the register is not kept).
pub fn people_gaps(cat: &Catalog, set: &PolicySet, wb: &Workbook, today: Date) -> Vec<Gap> {
    if !keeps_people_register(wb) {
        return Vec::new();
    }
    wb.team
        .iter()
        .flat_map(|m| person_gaps(cat, set, wb, m, today))
        .collect()
}

/// `soc2 check`'s warnings about the register and the people: drafts, files changed since
/// approval or gone, overdue reviews, and each person's gaps.
pub fn warnings(
    cat: &Catalog,
    set: &PolicySet,
    wb: &Workbook,
    file_now: &dyn Fn(&str) -> FileNow,
    today: Date,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for row in policy_rows(set, wb, file_now, today) {
        let entity = format!("policy {}", row.id);
        let mut warn = |message: String| {
            out.push(Finding {
                entity: entity.clone(),
                message,
            });
        };
        if row.file_missing {
            warn(format!(
                "its file {} is not in the repository; write it (`soc2 policy init`) or fix the path",
                row.record.file
            ));
        }
        match (row.state, row.approval) {
            (PolicyState::Draft, _) => warn(
                "not approved: an auditor asks for the approved version; approve it (`soc2 policy approve`)"
                    .to_string(),
            ),
            (PolicyState::Changed, Some(a)) => warn(format!(
                "{} changed since version {} was approved on {}: approve the new version (staff then acknowledge it)",
                row.record.file, a.version, a.date
            )),
            (PolicyState::ReviewOverdue, _) => warn(format!(
                "review overdue since {}: review it (`soc2 policy review`) or approve a new version",
                row.next_review.map_or_else(String::new, |d| d.to_string())
            )),
            _ => {}
        }
    }
    if !wb.policies.is_empty() {
        let missing: Vec<&str> = set
            .for_scope(wb)
            .into_iter()
            .filter(|t| !wb.policies.contains_key(&t.id))
            .map(|t| t.id.as_str())
            .collect();
        if !missing.is_empty() {
            out.push(Finding {
                entity: "policy register".to_string(),
                message: format!(
                    "the scope needs {} not in the register: {} (`soc2 policy init` adds them)",
                    if missing.len() == 1 {
                        "a policy"
                    } else {
                        "policies"
                    },
                    missing.join(", ")
                ),
            });
        }
    }
    for g in people_gaps(cat, set, wb, today) {
        out.push(Finding {
            entity: format!("team member {}", g.member),
            message: g.describe(set),
        });
    }
    out
}

/// The plan's warnings: a policy whose periodic review, or a person whose yearly training,
/// does not fall inside the observation window (an auditor cannot test a control that did
/// not operate in the period).
pub fn plan_warnings(set: &PolicySet, wb: &Workbook) -> Vec<PlanWarning> {
    let Some((start, end)) = observation_window(wb) else {
        return Vec::new();
    };
    let inside = |d: &Date| start <= *d && *d <= end;
    let mut out = Vec::new();
    let mut unreviewed = Vec::new();
    for (id, record) in &wb.policies {
        if record.approvals.is_empty() {
            continue;
        }
        let looked_at = record.approvals.iter().map(|a| a.date);
        let mut dates = looked_at.chain(record.reviews.iter().map(|r| r.date));
        if !dates.any(|d| inside(&d)) && record.next_review().is_some_and(|n| n > end) {
            unreviewed.push(title(set, id));
        }
    }
    if !unreviewed.is_empty() {
        let n = unreviewed.len();
        out.push(PlanWarning {
            message: format!(
                "the review of {} does not fall inside the window ({start} → {end}): {} next due after it ends; review {} by {end}",
                list(&unreviewed),
                if n == 1 { "it is" } else { "they are" },
                if n == 1 { "it" } else { "them" },
            ),
        });
    }
    if keeps_people_register(wb) {
        let late: Vec<&str> = wb
            .team
            .iter()
            .filter(|m| m.joined.is_none_or(|j| j <= end) && m.left.is_none_or(|l| l > end))
            .filter(|m| {
                !m.training.iter().any(inside)
                    && m.training
                        .iter()
                        .max()
                        .is_none_or(|l| l.add_months(12) > end)
                    && m.joined.is_none_or(|j| j < start)
            })
            .map(|m| m.id.as_str())
            .collect();
        if !late.is_empty() {
            out.push(PlanWarning {
                message: format!(
                    "security training of {} does not fall inside the window ({start} → {end}): train {} by {end}",
                    late.join(", "),
                    if late.len() == 1 { "them" } else { "each" }
                ),
            });
        }
    }
    out
}

/// `a`, `a and b`, `a, b and 2 more`: a short list for one warning line.
fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} more", rest.len()),
    }
}

/// The register and people figures the Dashboard and `status` show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub policies: usize,
    pub approved: usize,
    pub changed: usize,
    pub review_overdue: usize,
    pub drafts: usize,
    pub active_people: usize,
    pub leavers: usize,
    pub people_with_overdue: usize,
    pub acks_missing: usize,
}

/// Counts for the Dashboard and `status`.
pub fn figures(
    cat: &Catalog,
    set: &PolicySet,
    wb: &Workbook,
    file_now: &dyn Fn(&str) -> FileNow,
    today: Date,
) -> Figures {
    let rows = policy_rows(set, wb, file_now, today);
    let count = |s: PolicyState| rows.iter().filter(|r| r.state == s).count();
    let gaps = people_gaps(cat, set, wb, today);
    let mut overdue: Vec<&str> = gaps
        .iter()
        .filter(|g| g.overdue)
        .map(|g| g.member.as_str())
        .collect();
    overdue.dedup();
    Figures {
        policies: rows.len(),
        approved: rows.iter().filter(|r| r.approval.is_some()).count(),
        changed: count(PolicyState::Changed),
        review_overdue: count(PolicyState::ReviewOverdue),
        drafts: count(PolicyState::Draft),
        active_people: wb.team.iter().filter(|m| is_active(m, today)).count(),
        leavers: wb
            .team
            .iter()
            .filter(|m| m.left.is_some_and(|l| l <= today))
            .count(),
        people_with_overdue: overdue.len(),
        acks_missing: gaps
            .iter()
            .filter(|g| matches!(g.kind, GapKind::Ack { .. }))
            .count(),
    }
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
