//! The small closed vocabularies of SOC 2 work: categories, cadences, statuses, phases.
//!
//! Why one file: the catalog, the workbook, analysis and both front ends name these the same
//! way, and each carries its human label here instead of in a `match` inside a view.

use serde::{Deserialize, Serialize};

/// A Trust Services Category. Security (the Common Criteria) is always in scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Category {
    Security,
    Availability,
    ProcessingIntegrity,
    Confidentiality,
    Privacy,
}

impl Category {
    /// Every category in report order.
    pub const ALL: [Category; 5] = [
        Category::Security,
        Category::Availability,
        Category::ProcessingIntegrity,
        Category::Confidentiality,
        Category::Privacy,
    ];

    /// The name auditors and customers use.
    pub fn label(self) -> &'static str {
        match self {
            Category::Security => "Security",
            Category::Availability => "Availability",
            Category::ProcessingIntegrity => "Processing Integrity",
            Category::Confidentiality => "Confidentiality",
            Category::Privacy => "Privacy",
        }
    }

    /// Finds a category by its label or its RON name, ignoring case and spaces.
    pub fn parse(text: &str) -> Option<Category> {
        let norm = |s: &str| s.replace([' ', '_', '-'], "").to_ascii_lowercase();
        let want = norm(text);
        Category::ALL.into_iter().find(|c| {
            norm(c.label()) == want || (want == "pi" && *c == Category::ProcessingIntegrity)
        })
    }
}

/// How often a recurring control must be performed.
///
/// `Daily` and `PerEvent` come last so older files (which never name them) keep their order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Cadence {
    Weekly,
    Monthly,
    Quarterly,
    SemiAnnual,
    Annual,
    Daily,
    /// Performed for each occurrence of an event (a leaver, a merged change, an incident):
    /// the auditor samples the population, so there are no calendar periods to miss.
    PerEvent,
}

impl Cadence {
    pub const ALL: [Cadence; 7] = [
        Cadence::Daily,
        Cadence::Weekly,
        Cadence::Monthly,
        Cadence::Quarterly,
        Cadence::SemiAnnual,
        Cadence::Annual,
        Cadence::PerEvent,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
            Cadence::SemiAnnual => "semi-annual",
            Cadence::Annual => "annual",
            Cadence::PerEvent => "per event",
        }
    }

    /// The length of one period; `None` for a per-event control, which has no periods.
    pub fn period(self) -> Option<Period> {
        match self {
            Cadence::Daily => Some(Period::Days(1)),
            Cadence::Weekly => Some(Period::Days(7)),
            Cadence::Monthly => Some(Period::Months(1)),
            Cadence::Quarterly => Some(Period::Months(3)),
            Cadence::SemiAnnual => Some(Period::Months(6)),
            Cadence::Annual => Some(Period::Months(12)),
            Cadence::PerEvent => None,
        }
    }
}

/// The length of one cadence period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Days(i64),
    Months(i32),
}

impl Period {
    /// The date one period after `from`.
    pub fn after(self, from: super::Date) -> super::Date {
        self.nth(from, 1)
    }

    /// The start of the `k`th period anchored at `anchor`: always counted from the anchor
    /// (anchor + k months), never from the previous boundary, so a window opening on the
    /// 31st gets Feb 28, Mar 31, Apr 30… instead of drifting to the 28th for good.
    pub fn nth(self, anchor: super::Date, k: i64) -> super::Date {
        match self {
            Period::Days(d) => anchor.add_days(d.saturating_mul(k)),
            Period::Months(m) => {
                let months = i64::from(m).saturating_mul(k).clamp(-200_000, 200_000);
                anchor.add_months(i32::try_from(months).unwrap_or(0))
            }
        }
    }
}

/// Type I tests design at a date; Type II tests operation over a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ReportType {
    TypeI,
    TypeII,
}

impl ReportType {
    pub fn label(self) -> &'static str {
        match self {
            ReportType::TypeI => "Type I",
            ReportType::TypeII => "Type II",
        }
    }
}

/// An answer to one scoping question.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Answer {
    Yes,
    No,
    /// The id of the chosen option of a single-choice question.
    Choice(String),
    Number(u32),
    Date(super::Date),
}

/// Where one checklist item stands.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum ItemStatus {
    #[default]
    NotStarted,
    InProgress,
    Implemented,
    NotApplicable,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 4] = [
        ItemStatus::NotStarted,
        ItemStatus::InProgress,
        ItemStatus::Implemented,
        ItemStatus::NotApplicable,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::NotStarted => "not started",
            ItemStatus::InProgress => "in progress",
            ItemStatus::Implemented => "implemented",
            ItemStatus::NotApplicable => "N/A",
        }
    }

    /// Accepts the label, the RON name, or a short form (`todo`, `wip`, `done`, `na`).
    pub fn parse(text: &str) -> Option<ItemStatus> {
        let t = text.replace([' ', '_', '-', '/'], "").to_ascii_lowercase();
        Some(match t.as_str() {
            "notstarted" | "todo" | "open" => ItemStatus::NotStarted,
            "inprogress" | "wip" | "started" => ItemStatus::InProgress,
            "implemented" | "done" => ItemStatus::Implemented,
            "notapplicable" | "na" => ItemStatus::NotApplicable,
            _ => return None,
        })
    }
}

/// Where one remediation backlog item stands.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum BacklogStatus {
    #[default]
    Open,
    InProgress,
    Blocked,
    Done,
}

impl BacklogStatus {
    pub const ALL: [BacklogStatus; 4] = [
        BacklogStatus::Open,
        BacklogStatus::InProgress,
        BacklogStatus::Blocked,
        BacklogStatus::Done,
    ];

    pub fn label(self) -> &'static str {
        match self {
            BacklogStatus::Open => "open",
            BacklogStatus::InProgress => "in progress",
            BacklogStatus::Blocked => "blocked",
            BacklogStatus::Done => "done",
        }
    }

    /// Whether work remains (anything but done).
    pub fn is_open(self) -> bool {
        self != BacklogStatus::Done
    }

    /// Accepts the label or the RON name, ignoring case, spaces, `-` and `_`.
    pub fn parse(text: &str) -> Option<BacklogStatus> {
        let t = text.replace([' ', '_', '-'], "").to_ascii_lowercase();
        BacklogStatus::ALL
            .into_iter()
            .find(|s| s.label().replace(' ', "") == t)
    }
}

/// How urgent a remediation item is; P1 first.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Priority {
    P1,
    P2,
    #[default]
    P3,
    P4,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::P1, Priority::P2, Priority::P3, Priority::P4];

    pub fn label(self) -> &'static str {
        match self {
            Priority::P1 => "P1",
            Priority::P2 => "P2",
            Priority::P3 => "P3",
            Priority::P4 => "P4",
        }
    }

    pub fn parse(text: &str) -> Option<Priority> {
        Priority::ALL
            .into_iter()
            .find(|p| p.label().eq_ignore_ascii_case(text.trim()))
    }
}

/// A phase of the road to a report, as practitioners run it.
///
/// Declared in plan order (the order the chart and a re-plan insert them in); files name
/// phases, so steps added here (engagement, internal test, system description, request
/// list) leave older files untouched.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Phase {
    #[default]
    Readiness,
    /// Choosing the CPA firm and signing the engagement letter.
    Engagement,
    Remediation,
    Policies,
    Observation,
    /// A mid-window internal test of the controls, so exceptions surface before the auditor.
    InternalTest,
    /// The system description and management's assertion, drafted before fieldwork.
    SystemDescription,
    /// The auditor's request list (populations, evidence) prepared before fieldwork.
    RequestList,
    Fieldwork,
    Report,
    /// The next observation period: back to back after a Type II window, or the first
    /// Type II window after a Type I's as-of date.
    Renewal,
}

impl Phase {
    pub const ALL: [Phase; 11] = [
        Phase::Readiness,
        Phase::Engagement,
        Phase::Remediation,
        Phase::Policies,
        Phase::Observation,
        Phase::InternalTest,
        Phase::SystemDescription,
        Phase::RequestList,
        Phase::Fieldwork,
        Phase::Report,
        Phase::Renewal,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Phase::Readiness => "scoping and readiness",
            Phase::Engagement => "CPA firm and engagement letter",
            Phase::Remediation => "remediation",
            Phase::Policies => "policies and training",
            Phase::Observation => "observation window",
            Phase::InternalTest => "mid-window internal test",
            Phase::SystemDescription => "system description and assertion",
            Phase::RequestList => "request list",
            Phase::Fieldwork => "audit fieldwork",
            Phase::Report => "report issued",
            Phase::Renewal => "next observation period",
        }
    }
}

/// Where one milestone stands.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum MilestoneStatus {
    #[default]
    Planned,
    InProgress,
    Done,
}

impl MilestoneStatus {
    pub const ALL: [MilestoneStatus; 3] = [
        MilestoneStatus::Planned,
        MilestoneStatus::InProgress,
        MilestoneStatus::Done,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MilestoneStatus::Planned => "planned",
            MilestoneStatus::InProgress => "in progress",
            MilestoneStatus::Done => "done",
        }
    }
}

/// How a subservice organization appears in the report.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum SubserviceMethod {
    /// Named in the description, its controls excluded and monitored (the usual choice).
    #[default]
    CarveOut,
    /// Its controls are described and tested as part of our report.
    Inclusive,
}

impl SubserviceMethod {
    pub fn label(self) -> &'static str {
        match self {
            SubserviceMethod::CarveOut => "carve-out",
            SubserviceMethod::Inclusive => "inclusive",
        }
    }
}
