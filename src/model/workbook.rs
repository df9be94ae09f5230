//! The workbook file's structure, field for field.
//!
//! Why these rules: the file is reviewed in pull requests. Maps are `BTreeMap` (sorted,
//! never `HashMap`), lists keep the user's order, empty optional fields are left out so a
//! one-field change is a one-line diff, and every struct refuses unknown fields so a typo
//! in a hand edit is an error instead of data the next save would drop.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::population::Population;
use super::vocab::*;
use super::{Date, Shared, unique};

/// The format version this build writes. Newer files are refused, older ones upgraded in
/// memory on load (version 2: one record per control, under its home criterion; version 3:
/// populations of events, samples and exceptions, policies and people; version 4: the
/// vendor register, which took over the scope's subservice organizations).
pub const FORMAT_VERSION: u32 = 4;

fn is_false(b: &bool) -> bool {
    !*b
}

/// One team's whole SOC 2 effort: one file in their repo.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workbook {
    pub version: u32,
    pub organization: Organization,
    pub scope: Scope,
    #[serde(default)]
    pub team: Vec<Member>,
    /// Criterion id → item id (catalog or custom) → the team's record of that item. A
    /// catalog control has one record, under its home criterion, for every criterion it
    /// meets; a custom item stays under the criterion it was made for. Each record is
    /// [`Shared`], so copying the workbook (a save, undo) shares it until it changes.
    #[serde(default, deserialize_with = "unique::deserialize")]
    pub checklist: BTreeMap<String, BTreeMap<String, Shared<ItemRecord>>>,
    /// Each item [`Shared`] between copies of the workbook until one changes it.
    #[serde(default)]
    pub backlog: Vec<Shared<BacklogItem>>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// Values a merge could not reconcile, kept side by side until a person picks one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// The policy register: policy id (`access-control`) → its file, approvals, reviews
    /// and acknowledgements.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique::deserialize"
    )]
    pub policies: BTreeMap<String, super::policy::PolicyRecord>,
    /// Control id → the events of its observation window, sample and exceptions
    /// (per-event, daily and weekly controls).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique::deserialize"
    )]
    pub populations: BTreeMap<String, Shared<Population>>,
    /// The auditor's own sample sizes by cadence, where they differ from common practice.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique::deserialize"
    )]
    pub sample_sizes: BTreeMap<Cadence, u32>,
    /// The vendor register: vendor id (`amazon-web-services`) → the vendor, its reports,
    /// bridge letters, CSOCs and CUECs. Subservice organizations are the vendors with a
    /// `subservice` method.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique::deserialize"
    )]
    pub vendors: BTreeMap<String, super::vendor::Vendor>,
    /// The risk register: risk id (`laptop-lost`) → its rating, treatment and controls.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique::deserialize"
    )]
    pub risks: BTreeMap<String, super::risk::Risk>,
    /// Each risk assessment performed, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risk_assessments: Vec<super::risk::RiskAssessment>,
    /// Changes recorded that should trigger a reassessment, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risk_triggers: Vec<super::risk::RiskTrigger>,
    /// The auditor's own request list: their request id → the request, its controls and
    /// where it stands (re-imports update by id).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique::deserialize"
    )]
    pub requests: BTreeMap<String, super::request::AuditorRequest>,
}

/// Who is being audited and what system the report describes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub name: String,
    #[serde(default)]
    pub system: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub industry: String,
}

/// What the report will cover and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Scoping question id → the team's answer.
    #[serde(default, deserialize_with = "unique::deserialize")]
    pub answers: BTreeMap<String, Answer>,
    /// The decision for each category, with its reason (auditors ask why one was left out).
    #[serde(default, deserialize_with = "unique::deserialize")]
    pub categories: BTreeMap<Category, CategoryDecision>,
    pub report_type: ReportType,
    /// Length of the Type II observation window: any whole number of months from 3 to 12.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observation_months: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_start: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_report_date: Option<Date>,
    #[serde(default)]
    pub boundary: Boundary,
    /// Version 3 kept subservice organizations here; read only from a version 3 file, moved
    /// into `Workbook::vendors` by the upgrade, never written (a version 4 file holding it
    /// is refused on load).
    #[serde(default, rename = "subservices", skip_serializing)]
    pub v3_subservices: Vec<Subservice>,
}

impl Default for Scope {
    fn default() -> Self {
        Scope {
            answers: BTreeMap::new(),
            categories: BTreeMap::new(),
            report_type: ReportType::TypeII,
            observation_months: Some(6),
            readiness_start: None,
            target_report_date: None,
            boundary: Boundary::default(),
            v3_subservices: Vec::new(),
        }
    }
}

/// Whether one category is in the report, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryDecision {
    pub in_scope: bool,
    #[serde(default)]
    pub reason: String,
    /// A person chose this against what the scoping answers suggest.
    #[serde(default, skip_serializing_if = "is_false")]
    pub overridden: bool,
}

/// What is inside the audited system.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Boundary {
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(default)]
    pub environments: Vec<String>,
    #[serde(default)]
    pub data_types: Vec<String>,
}

/// Version 3's subservice organization, kept only so a version 3 file can be read and
/// upgraded into a [`super::vendor::Vendor`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subservice {
    pub name: String,
    #[serde(default)]
    pub service: String,
    #[serde(default)]
    pub method: SubserviceMethod,
    /// The period their own SOC 2 report covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_period: Option<DateRange>,
    /// When we last reviewed their report; `None` means not reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Date>,
    /// Controls we rely on them to operate (complementary subservice organization controls).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relied_controls: Vec<String>,
}

/// An inclusive span of dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    pub start: Date,
    pub end: Date,
}

/// One person on the compliance effort.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// A short handle ("maria") used as owner everywhere else.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub role: String,
    /// When they joined the team (auditors ask who held a control when).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined: Option<Date>,
    /// When they left: a leaver stays listed, so past ownership still reads right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<Date>,
    /// When their background check was finished (it should be before `joined`, when they
    /// got system access).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background_check: Option<Date>,
    /// Dates they completed security awareness training: on hire, then every year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub training: Vec<Date>,
    /// When their work device was enrolled in device management (MDM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_enrolled: Option<Date>,
}

/// The team's record of one checklist item of one criterion.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRecord {
    #[serde(default)]
    pub status: ItemStatus,
    /// Why the item does not apply; required when the status is N/A.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Dates a recurring control was performed; the observation window is judged by these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub performed: Vec<Date>,
    /// The team's own numbers for the control's parameters (`hours: 24`), kept only where
    /// they differ from the catalog's typical default.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique::deserialize"
    )]
    pub parameters: BTreeMap<String, u32>,
    /// Present only for a team-made item that is not in the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<CustomItem>,
}

/// What the catalog would say about an item, for one the team made up.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomItem {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadence: Option<Cadence>,
}

/// A pointer to proof: a repo path, a URL or a ticket id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub id: String,
    /// `docs/policies/access.md`, `https://…` or `SEC-412`.
    pub reference: String,
    pub collected: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// SHA-256 of a file inside the repo when collected, so a later change shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// How a reference starts when it records why no evidence applies ("none: no leavers in
/// the period"): it stands in for proof of an implemented item, but is not an occurrence.
pub const NO_EVIDENCE_PREFIX: &str = "none:";

impl Evidence {
    /// Whether this entry is a recorded reason that no evidence applies, not a pointer to proof.
    pub fn is_statement_of_none(&self) -> bool {
        self.reference
            .trim_start()
            .get(..NO_EVIDENCE_PREFIX.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(NO_EVIDENCE_PREFIX))
    }
}

impl Default for Date {
    fn default() -> Self {
        Date::new(2000, 1, 1).unwrap_or_else(|| unreachable!("2000-01-01 exists"))
    }
}

/// One remediation task that closes a gap.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BacklogItem {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Criterion ids this item closes a gap in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<String>,
    /// Checklist item ids this item closes a gap in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    #[serde(default)]
    pub priority: Priority,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default)]
    pub status: BacklogStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    pub created: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<Date>,
    /// Status changes after creation, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<StatusChange>,
}

/// A dated status change of a backlog item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub date: Date,
    pub status: BacklogStatus,
}

/// One step of the plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub id: String,
    pub name: String,
    pub phase: Phase,
    pub start: Date,
    pub end: Date,
    #[serde(default)]
    pub status: MilestoneStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// A person set these dates: re-planning never moves them silently.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pinned: bool,
}

/// One field that two branches changed in two ways, kept until a person decides.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// Where: `backlog RB-k3fz title`, `checklist CC6.2 access-review status`.
    pub location: String,
    pub ours: String,
    pub theirs: String,
}

impl Workbook {
    /// The vendor a suggestion or an older file names, by name (ignoring case) or by the
    /// id its name becomes.
    pub fn vendor_named(&self, name: &str) -> Option<(&String, &super::vendor::Vendor)> {
        let id = super::vendor::slug(name);
        self.vendors
            .iter()
            .find(|(k, v)| v.name.eq_ignore_ascii_case(name.trim()) || **k == id)
    }

    /// The ids of the subservice organizations, in id order.
    pub fn subservice_ids(&self) -> Vec<String> {
        self.vendors
            .iter()
            .filter(|(_, v)| v.subservice.is_some())
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// The subservice organizations, in id order.
    pub fn subservices(&self) -> Vec<&super::vendor::Vendor> {
        self.vendors
            .values()
            .filter(|v| v.subservice.is_some())
            .collect()
    }

    /// Whether a vendor of this name is a subservice organization of the system.
    pub fn is_subservice(&self, name: &str) -> bool {
        self.vendor_named(name)
            .is_some_and(|(_, v)| v.subservice.is_some())
    }

    /// The team member with this handle.
    pub fn member(&self, id: &str) -> Option<&Member> {
        self.team.iter().find(|m| m.id == id)
    }

    /// The record of one item, if the team has touched it; a catalog control asked for
    /// under any criterion it meets answers with its one record.
    pub fn item(&self, criterion: &str, item: &str) -> Option<&ItemRecord> {
        let home = self.record_criterion(criterion, item);
        self.checklist.get(home)?.get(item).map(|r| &**r)
    }

    /// The record of one item, created empty on first touch (under the control's home).
    pub fn item_mut(&mut self, criterion: &str, item: &str) -> &mut ItemRecord {
        let home = self.record_criterion(criterion, item).to_string();
        self.checklist
            .entry(home)
            .or_default()
            .entry(item.to_string())
            .or_default()
    }

    /// Where an item's record lives: a custom item (or one already recorded there) under
    /// the criterion named, a catalog control under its home criterion.
    fn record_criterion<'a>(&self, criterion: &'a str, item: &str) -> &'a str {
        if self
            .checklist
            .get(criterion)
            .is_some_and(|items| items.contains_key(item))
        {
            return criterion;
        }
        // Only a criterion the control also meets is routed: any other pair stays as named,
        // so `soc2 check` can report it instead of it landing somewhere unexpected.
        match crate::catalog::catalog().item(item) {
            Some((home, control)) if control.also.iter().any(|a| a == criterion) => &home.id,
            _ => criterion,
        }
    }

    /// Whether a category is in scope (Security always is).
    pub fn in_scope(&self, category: Category) -> bool {
        category == Category::Security
            || self
                .scope
                .categories
                .get(&category)
                .is_some_and(|d| d.in_scope)
    }

    /// Every id a user-created entity already uses, for minting a new unique one.
    pub fn id_taken(&self, id: &str) -> bool {
        self.backlog.iter().any(|b| b.id == id)
            || self.milestones.iter().any(|m| m.id == id)
            || self.checklist.values().any(|items| {
                items.contains_key(id)
                    || items
                        .values()
                        .any(|r| r.evidence.iter().any(|e| e.id == id))
            })
    }

    /// The backlog item with this id.
    pub fn backlog_item(&self, id: &str) -> Option<&BacklogItem> {
        self.backlog.iter().find(|b| b.id == id).map(|b| &**b)
    }
}
