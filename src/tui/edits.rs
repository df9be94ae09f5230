//! Every change the app makes to a workbook, as a typed command: its undo label, the
//! part of the workbook it touches, and the `crate::edit` function it calls.
//!
//! Why an enum, not closures: a test can assert that a key produces exactly this edit,
//! the undo label and the `Touch` declaration live next to the call they describe, and
//! what a successful edit reports (the new id, what moved) is written once, here.

use crate::analysis::schedule::{PlannedMove, Suggestion};
use crate::catalog::catalog;
use crate::edit::{self, BoundaryList, ConflictSide, EditError, ItemKey, SubserviceChange};
use crate::model::{
    Answer, BacklogStatus, Cadence, Category, Date, ItemStatus, MilestoneStatus, Priority,
    ReportType, Workbook,
};

use super::history::Touch;
use super::msg::{Goto, Msg};
use super::popup::{FieldError, Form, Popup};
use super::text::clean;

/// What a new team member is made owner of, when added from an owner picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owns {
    Item(ItemKey),
    Backlog(String),
}

/// Which date of a member a [`Edit::MemberDates`] was asked for (what it reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberDate {
    Joined,
    Left,
}

/// A change to one control's population (see [`Edit::Population`]).
#[derive(Debug, Clone, PartialEq)]
pub enum PopChange {
    Add(crate::model::Event),
    Mark(String, crate::model::EventResult),
    Evidence(String, String),
    Exception(String, crate::model::ExceptionRecord),
    /// Draw the sample with a fresh seed (recorded with the workbook).
    Sample,
}

/// A change to the risk register (see [`Edit::Risk`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RiskChange {
    Add(edit::NewRisk),
    Set {
        id: String,
        field: edit::RiskField,
    },
    /// Likelihood and impact before controls, in one step.
    Rate {
        id: String,
        likelihood: u8,
        impact: u8,
    },
    Assess(crate::model::RiskAssessment),
    /// A finding's suggested remediation item, added to the backlog.
    ToBacklog(edit::NewBacklogItem),
}

/// One change to the workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    // Checklist.
    ItemStatus {
        key: ItemKey,
        status: ItemStatus,
        reason: Option<String>,
    },
    ItemOwner {
        key: ItemKey,
        owner: Option<String>,
    },
    ItemNotes {
        key: ItemKey,
        notes: String,
    },
    Evidence {
        key: ItemKey,
        evidence: edit::NewEvidence,
    },
    Occurrence {
        key: ItemKey,
        date: Date,
        evidence: Option<edit::NewEvidence>,
    },
    CustomItem {
        criterion: String,
        title: String,
        cadence: Option<Cadence>,
    },
    GapToBacklog(ItemKey),
    // Backlog.
    AddBacklogItem {
        new: edit::NewBacklogItem,
        /// The form it came from, reopened with the refusal on the field it is about.
        form: Box<Form>,
    },
    BacklogTitle {
        id: String,
        title: String,
    },
    BacklogDescription {
        id: String,
        description: String,
    },
    BacklogOwner {
        id: String,
        owner: Option<String>,
    },
    BacklogDue {
        id: String,
        due: Option<Date>,
    },
    BacklogStatus {
        id: String,
        status: BacklogStatus,
    },
    BacklogPriority {
        id: String,
        priority: Priority,
    },
    DeleteBacklogItem(String),
    // Team.
    AddMember {
        id: String,
        name: String,
        role: String,
        owns: Option<Owns>,
    },
    RenameMember {
        id: String,
        name: String,
    },
    MemberRole {
        id: String,
        role: String,
    },
    MemberDates {
        id: String,
        joined: Option<Date>,
        left: Option<Date>,
        asked: MemberDate,
    },
    RemoveMember {
        id: String,
        to: Option<String>,
    },
    // Timeline.
    MilestoneDates {
        id: String,
        start: Date,
        end: Date,
    },
    MilestoneStatus {
        id: String,
        status: MilestoneStatus,
    },
    MilestoneNotes {
        id: String,
        notes: String,
    },
    Unpin(String),
    Replan {
        suggestions: Vec<Suggestion>,
        moves: Vec<PlannedMove>,
    },
    // Scoping.
    Answer {
        question: String,
        answer: Option<Answer>,
    },
    FollowAnswers(Category),
    OverrideCategory {
        category: Category,
        in_scope: bool,
        reason: String,
    },
    ReportType(ReportType),
    ObservationMonths(u8),
    TargetDate(Option<Date>),
    SystemDescription(String),
    Boundary {
        list: BoundaryList,
        entries: Vec<String>,
    },
    AddSubservice {
        name: String,
        service: String,
    },
    /// A change to the subservice organization named `name` (names are unique; a popup
    /// names its vendor, never a position a reload may have moved).
    Subservice {
        name: String,
        change: SubserviceChange,
    },
    RemoveSubservice(String),
    // The vendor register, named by vendor id.
    AddVendor {
        name: String,
        service: String,
    },
    Vendor {
        id: String,
        change: edit::VendorChange,
    },
    RemoveVendor(String),
    /// A vendor finding's suggested backlog item.
    VendorBacklog(edit::NewBacklogItem),
    // Merge conflicts, named by location.
    Resolve {
        location: String,
        side: ConflictSide,
    },
    // Policies and People.
    ApprovePolicy {
        id: String,
        by: String,
        date: Date,
        /// The file's SHA-256 as approved, when it is in the repository.
        sha: Option<String>,
    },
    ReviewPolicy {
        id: String,
        by: String,
        date: Date,
    },
    AckPolicy {
        id: String,
        member: String,
        date: Date,
    },
    PolicyOwner {
        id: String,
        owner: Option<String>,
    },
    Training {
        member: String,
        date: Date,
    },
    BackgroundCheck {
        member: String,
        date: Option<Date>,
    },
    DeviceEnrolled {
        member: String,
        date: Option<Date>,
    },
    // The auditor's requests.
    RequestStatus {
        id: String,
        status: crate::model::RequestStatus,
    },
    RequestOwner {
        id: String,
        owner: Option<String>,
    },
    /// A change to one control's population.
    Population {
        control: String,
        change: PopChange,
    },
    /// A change to the risk register or its assessments.
    Risk(RiskChange),
}

fn is(status: impl Into<String>) -> String {
    status.into()
}

impl Edit {
    /// The undo label ("undid: …").
    pub fn label(&self) -> String {
        match self {
            Edit::ItemStatus { status, .. } => format!("mark {}", status.label()),
            Edit::ItemOwner { .. } | Edit::BacklogOwner { .. } => is("set owner"),
            Edit::ItemNotes { .. } => is("edit note"),
            Edit::Evidence { .. } => is("add evidence"),
            Edit::Occurrence { .. } => is("record occurrence"),
            Edit::CustomItem { .. } => is("add custom item"),
            Edit::GapToBacklog(_) => is("gap to backlog"),
            Edit::AddBacklogItem { .. } => is("add backlog item"),
            Edit::BacklogTitle { .. } => is("edit title"),
            Edit::BacklogDescription { .. } => is("edit description"),
            Edit::BacklogDue { .. } => is("set due date"),
            Edit::BacklogStatus { status, .. } => format!("mark {}", status.label()),
            Edit::BacklogPriority { .. } => is("set priority"),
            Edit::DeleteBacklogItem(_) => is("delete backlog item"),
            Edit::AddMember { .. } => is("add team member"),
            Edit::RenameMember { .. } => is("rename team member"),
            Edit::MemberRole { .. } => is("change role"),
            Edit::MemberDates {
                asked: MemberDate::Joined,
                ..
            } => is("record joined date"),
            Edit::MemberDates { .. } => is("record leaving date"),
            Edit::RemoveMember { .. } => is("remove team member"),
            Edit::MilestoneDates { .. } => is("set milestone dates"),
            Edit::MilestoneStatus { .. } => is("set milestone status"),
            Edit::MilestoneNotes { .. } => is("milestone notes"),
            Edit::Unpin(_) => is("unpin milestone"),
            Edit::Replan { .. } => is("re-plan"),
            Edit::Answer { .. } => is("answer"),
            Edit::FollowAnswers(_) => is("follow the answers"),
            Edit::OverrideCategory { .. } => is("override category"),
            Edit::ReportType(_) => is("set report type"),
            Edit::ObservationMonths(_) => is("set observation window"),
            Edit::TargetDate(_) => is("set target date"),
            Edit::SystemDescription(_) => is("edit system description"),
            Edit::Boundary { .. } => is("edit boundary"),
            Edit::AddSubservice { .. } => is("add subservice organization"),
            Edit::Subservice { change, .. } => match change {
                SubserviceChange::Name(_) => is("rename subservice organization"),
                SubserviceChange::Service(_) => is("edit subservice service"),
                SubserviceChange::Method(_) => is("change subservice method"),
                SubserviceChange::Reviewed(_) => is("record subservice review"),
                SubserviceChange::ReportPeriod(_) => is("set subservice report period"),
                SubserviceChange::ReliedControls(_) => is("set controls relied on"),
            },
            Edit::RemoveSubservice(_) => is("remove subservice organization"),
            Edit::AddVendor { .. } => is("add vendor"),
            Edit::Vendor { change, .. } => is(change.label()),
            Edit::RemoveVendor(_) => is("remove vendor"),
            Edit::VendorBacklog(_) => is("vendor finding to backlog"),
            Edit::Population { change, .. } => is(match change {
                PopChange::Add(_) => "add event",
                PopChange::Mark(..) => "mark event",
                PopChange::Evidence(..) => "attach event evidence",
                PopChange::Exception(..) => "log exception",
                PopChange::Sample => "draw sample",
            }),
            Edit::Resolve { location, side } => format!(
                "keep {} at {location}",
                match side {
                    ConflictSide::Ours => "ours",
                    ConflictSide::Theirs => "theirs",
                }
            ),
            Edit::ApprovePolicy { .. } => is("approve policy"),
            Edit::ReviewPolicy { .. } => is("record policy review"),
            Edit::AckPolicy { .. } => is("record acknowledgement"),
            Edit::PolicyOwner { .. } => is("set policy owner"),
            Edit::Training { .. } => is("record training"),
            Edit::BackgroundCheck { .. } => is("record background check"),
            Edit::DeviceEnrolled { .. } => is("record device enrolment"),
            Edit::Risk(change) => is(match change {
                RiskChange::Add(_) => "add risk",
                RiskChange::Rate { .. } => "rate risk",
                RiskChange::Set { field, .. } => match field {
                    edit::RiskField::Residual(_) => "rate residual risk",
                    edit::RiskField::Treatment(_) => "set treatment",
                    edit::RiskField::Owner(_) => "set risk owner",
                    edit::RiskField::ToggleControl(_) | edit::RiskField::Controls(_) => {
                        "link control"
                    }
                    edit::RiskField::Acceptance(_) => "accept risk",
                    _ => "edit risk",
                },
                RiskChange::Assess(_) => "record risk assessment",
                RiskChange::ToBacklog(_) => "finding to backlog",
            }),
            Edit::RequestStatus { .. } => is("set request status"),
            Edit::RequestOwner { .. } => is("set request owner"),
        }
    }

    /// What the change modifies, so undo keeps only that (see `history`).
    pub fn touch(&self) -> Touch {
        match self {
            Edit::ItemStatus { key, .. }
            | Edit::ItemOwner { key, .. }
            | Edit::ItemNotes { key, .. }
            | Edit::Evidence { key, .. }
            | Edit::Occurrence { key, .. } => Touch::Criterion(key.criterion.clone()),
            Edit::CustomItem { criterion, .. } => Touch::Criterion(criterion.clone()),
            Edit::GapToBacklog(_) | Edit::AddBacklogItem { .. } | Edit::VendorBacklog(_) => {
                Touch::BacklogAppend
            }
            Edit::BacklogTitle { id, .. }
            | Edit::BacklogDescription { id, .. }
            | Edit::BacklogOwner { id, .. }
            | Edit::BacklogDue { id, .. }
            | Edit::BacklogStatus { id, .. }
            | Edit::BacklogPriority { id, .. }
            | Edit::DeleteBacklogItem(id) => Touch::BacklogItem(id.clone()),
            Edit::AddMember { owns, .. } => match owns {
                None => Touch::Small,
                Some(Owns::Item(key)) => Touch::Criterion(key.criterion.clone()),
                Some(Owns::Backlog(id)) => Touch::BacklogItem(id.clone()),
            },
            Edit::RemoveMember { .. } | Edit::Resolve { .. } => Touch::Everything,
            Edit::Population { control, .. } => Touch::Population(control.clone()),
            Edit::Risk(RiskChange::ToBacklog(_)) => Touch::BacklogAppend,
            _ => Touch::Small,
        }
    }

    /// Makes the change; what it reports on success (a status line, where to go next).
    pub fn run(
        &self,
        wb: &mut Workbook,
        rng: &mut fastrand::Rng,
        today: Date,
    ) -> Result<Vec<Msg>, EditError> {
        let cat = catalog();
        let info = |text: String| Ok(vec![Msg::Info(text)]);
        match self {
            Edit::ItemStatus {
                key,
                status,
                reason,
            } => {
                edit::set_item_status(wb, key, *status, reason.as_deref())?;
                match (status, reason) {
                    (ItemStatus::NotApplicable, Some(r)) => {
                        info(format!("{} is N/A: {}", key.item, r.trim()))
                    }
                    _ => info(format!("{} is {}", key.item, status.label())),
                }
            }
            Edit::ItemOwner { key, owner } => {
                edit::set_item_owner(wb, key, owner.as_deref())?;
                info(match owner {
                    Some(o) => format!("{} is owned by {o}", key.item),
                    None => format!("{} has no owner", key.item),
                })
            }
            Edit::ItemNotes { key, notes } => {
                edit::set_item_notes(wb, key, notes);
                info("note saved".into())
            }
            Edit::Evidence { key, evidence } => {
                let hashed = evidence.sha256.is_some();
                let (id, started) =
                    edit::add_evidence_of_occurrence(cat, wb, key, evidence.clone(), today, rng)?;
                info(format!(
                    "evidence {id} added{}{}",
                    if hashed { " with its SHA-256" } else { "" },
                    if started {
                        "; the control is now in progress"
                    } else {
                        ""
                    }
                ))
            }
            Edit::Occurrence {
                key,
                date,
                evidence,
            } => {
                let status = |wb: &Workbook| {
                    wb.item(&key.criterion, &key.item)
                        .map(|r| r.status)
                        .unwrap_or_default()
                };
                let was = status(wb);
                edit::record_occurrence(wb, key, *date, today)?;
                if let Some(e) = evidence {
                    edit::add_evidence(cat, wb, key, e.clone(), today, rng)?;
                }
                let moved = if was == ItemStatus::NotStarted && status(wb) == ItemStatus::InProgress
                {
                    "; it was not started, so it is now in progress"
                } else {
                    ""
                };
                info(format!("{} performed on {date}{moved}", key.item))
            }
            Edit::CustomItem {
                criterion,
                title,
                cadence,
            } => {
                let key = edit::add_custom_item(cat, wb, criterion, title, *cadence, rng)?;
                Ok(vec![
                    Msg::Info(format!("added {} to {criterion}", key.item)),
                    Msg::Goto(Goto::Checklist {
                        criterion: key.criterion,
                        item: Some(key.item),
                    }),
                ])
            }
            Edit::GapToBacklog(key) => {
                let id = edit::gap_to_backlog(cat, wb, key, today, rng)?;
                let due = wb
                    .backlog_item(&id)
                    .and_then(|b| b.due)
                    .map_or(String::new(), |d| format!(", due {d}"));
                info(format!("backlog item {id} created for {}{due}", key.item))
            }
            Edit::AddBacklogItem { new, .. } => {
                let id = edit::add_backlog_item(cat, wb, new.clone(), today, rng)?;
                Ok(vec![
                    Msg::Goto(Goto::BacklogItem(id.clone())),
                    Msg::Info(format!("added {id}")),
                ])
            }
            Edit::BacklogTitle { id, title } => {
                let description = wb
                    .backlog_item(id)
                    .map(|b| b.description.clone())
                    .unwrap_or_default();
                edit::set_backlog_text(wb, id, title, &description)?;
                info(format!("{id} renamed"))
            }
            Edit::BacklogDescription { id, description } => {
                let title = wb
                    .backlog_item(id)
                    .map(|b| b.title.clone())
                    .unwrap_or_default();
                edit::set_backlog_text(wb, id, &title, description)?;
                info("description saved".into())
            }
            Edit::BacklogOwner { id, owner } => {
                edit::set_backlog_owner(wb, id, owner.as_deref())?;
                info(match owner {
                    Some(o) => format!("{id} is owned by {o}"),
                    None => format!("{id} has no owner"),
                })
            }
            Edit::BacklogDue { id, due } => {
                edit::set_backlog_due(wb, id, *due)?;
                info(match due {
                    Some(d) => format!("{id} is due {d}"),
                    None => format!("{id} has no due date"),
                })
            }
            Edit::BacklogStatus { id, status } => {
                edit::set_backlog_status(wb, id, *status, today)?;
                info(format!("{id} is {} ({today})", status.label()))
            }
            Edit::BacklogPriority { id, priority } => {
                edit::set_backlog_priority(wb, id, *priority)?;
                info(format!("{id} is {}", priority.label()))
            }
            Edit::DeleteBacklogItem(id) => {
                edit::delete_backlog_item(wb, id)?;
                info(format!("{id} deleted (u undoes)"))
            }
            Edit::AddMember {
                id,
                name,
                role,
                owns,
            } => {
                edit::add_member(wb, id, name, role)?;
                match owns {
                    None => info(format!("{} joined the team", clean(id))),
                    Some(Owns::Item(key)) => {
                        edit::set_item_owner(wb, key, Some(id))?;
                        info(format!("{} joined the team", clean(id)))
                    }
                    Some(Owns::Backlog(item)) => {
                        edit::set_backlog_owner(wb, item, Some(id))?;
                        info(format!("{} joined the team and owns {item}", clean(id)))
                    }
                }
            }
            Edit::RenameMember { id, name } => {
                edit::rename_member(wb, id, name)?;
                info(format!(
                    "{} is now called {}",
                    clean(id),
                    clean(name.trim())
                ))
            }
            Edit::MemberRole { id, role } => {
                edit::set_member_role(wb, id, role)?;
                Ok(Vec::new())
            }
            Edit::MemberDates {
                id,
                joined,
                left,
                asked,
            } => {
                edit::set_member_dates(wb, id, *joined, *left)?;
                Ok(match (asked, left) {
                    (MemberDate::Left, Some(left)) => vec![Msg::Info(format!(
                        "{} left on {left}; kept in the team so past ownership reads right (X removes)",
                        clean(id)
                    ))],
                    _ => Vec::new(),
                })
            }
            Edit::RemoveMember { id, to } => {
                let moved = edit::remove_member(wb, id, to.as_deref())?;
                let heir = to
                    .as_deref()
                    .map_or("nobody".to_string(), |t| clean(t).into_owned());
                info(format!(
                    "removed {}; {} items went to {heir} (u undoes)",
                    clean(id),
                    moved.items + moved.backlog
                ))
            }
            Edit::MilestoneDates { id, start, end } => {
                edit::set_milestone_dates(wb, id, *start, *end)?;
                info(format!(
                    "{start} → {end}, pinned: a re-plan will not move it (x unpins)"
                ))
            }
            Edit::MilestoneStatus { id, status } => {
                edit::set_milestone_status(wb, id, *status)?;
                info(format!("milestone is {}", status.label()))
            }
            Edit::MilestoneNotes { id, notes } => {
                edit::set_milestone_notes(wb, id, notes)?;
                info("notes saved".into())
            }
            Edit::Unpin(id) => {
                edit::unpin_milestone(wb, id)?;
                info("the plan may move these dates again: r re-plans".into())
            }
            Edit::Replan { suggestions, moves } => {
                edit::apply_suggestions(wb, suggestions);
                let n = edit::apply_replan(wb, moves, rng);
                let kept = moves.iter().filter(|m| m.kept.is_some()).count();
                info(format!(
                    "re-planned: {n} change(s){}",
                    if kept > 0 {
                        format!(", {kept} kept as set")
                    } else {
                        String::new()
                    }
                ))
            }
            Edit::Answer { question, answer } => {
                let effects = edit::answer(wb, question, answer.clone());
                let line = match effects.first() {
                    Some(first) if effects.len() > 1 => {
                        format!("{first} (+{} more)", effects.len() - 1)
                    }
                    Some(first) => first.clone(),
                    None => "answer saved; the scope did not change".to_string(),
                };
                Ok(vec![Msg::ScopeEffects(effects), Msg::Info(line)])
            }
            Edit::FollowAnswers(c) => {
                edit::clear_category_override(wb, *c);
                info(format!("{} follows the scoping answers", c.label()))
            }
            Edit::OverrideCategory {
                category,
                in_scope,
                reason,
            } => {
                edit::override_category(wb, *category, *in_scope, reason)?;
                info(format!(
                    "{} is {} by your decision",
                    category.label(),
                    if *in_scope {
                        "in scope"
                    } else {
                        "out of scope"
                    }
                ))
            }
            Edit::ReportType(rt) => {
                edit::set_report_type(wb, *rt);
                Ok(Vec::new())
            }
            Edit::ObservationMonths(m) => {
                edit::set_observation_months(wb, *m)?;
                Ok(Vec::new())
            }
            Edit::TargetDate(d) => {
                edit::set_target_report_date(wb, *d);
                Ok(Vec::new())
            }
            Edit::SystemDescription(text) => {
                edit::set_system_description(wb, text);
                Ok(Vec::new())
            }
            Edit::Boundary { list, entries } => {
                let entries: Vec<&str> = entries.iter().map(String::as_str).collect();
                edit::set_boundary(wb, *list, &entries);
                Ok(Vec::new())
            }
            Edit::AddSubservice { name, service } => {
                edit::add_subservice(wb, name, service)?;
                Ok(vec![
                    Msg::SelectSubservice(name.trim().to_string()),
                    Msg::Info(format!(
                        "{} added as a carve-out subservice organization",
                        name.trim()
                    )),
                ])
            }
            Edit::Subservice { name, change } => {
                edit::update_subservice(wb, subservice_at(wb, name)?, change.clone())?;
                Ok(Vec::new())
            }
            Edit::AddVendor { name, service } => {
                let id = edit::add_vendor(wb, name, service, None)?;
                Ok(vec![
                    Msg::SelectVendor(id.clone()),
                    Msg::Info(format!("{} added as {id}", name.trim())),
                ])
            }
            Edit::Vendor { id, change } => {
                edit::update_vendor(cat, wb, id, change.clone())?;
                Ok(Vec::new())
            }
            Edit::RemoveVendor(id) => {
                let v = edit::remove_vendor(wb, id)?;
                info(format!("{} removed from the vendor register", v.name))
            }
            Edit::VendorBacklog(new) => {
                let id = edit::add_backlog_item(cat, wb, new.clone(), today, rng)?;
                info(format!("{id} added to the backlog: {}", new.title))
            }
            Edit::RemoveSubservice(name) => {
                let s = edit::remove_subservice(wb, subservice_at(wb, name)?)?;
                info(format!("{} removed", s.name))
            }
            Edit::Resolve { location, side } => {
                let index = wb
                    .conflicts
                    .iter()
                    .position(|c| &c.location == location)
                    .ok_or_else(|| {
                        EditError::Invalid(format!(
                            "the conflict at {location} is no longer there (resolved on disk?)"
                        ))
                    })?;
                edit::resolve(wb, index, *side)?;
                Ok(Vec::new())
            }
            Edit::ApprovePolicy { id, by, date, sha } => {
                let done = edit::approve_policy(wb, id, by, *date, None, sha.clone())?;
                info(match done {
                    edit::Approved::First(v) => {
                        format!("{} version {v} approved by {by} on {date}", clean(id))
                    }
                    edit::Approved::NewVersion(v) => format!(
                        "{}: the file changed, version {v} approved; everyone acknowledges it again",
                        clean(id)
                    ),
                })
            }
            Edit::ReviewPolicy { id, by, date } => {
                edit::review_policy(wb, id, by, *date)?;
                info(format!("{} reviewed by {by} on {date}", clean(id)))
            }
            Edit::AckPolicy { id, member, date } => {
                edit::acknowledge_policy(wb, id, member, None, *date)?;
                info(format!(
                    "{} acknowledged {} on {date}",
                    clean(member),
                    clean(id)
                ))
            }
            Edit::PolicyOwner { id, owner } => {
                edit::set_policy_owner(wb, id, owner.as_deref())?;
                Ok(Vec::new())
            }
            Edit::Training { member, date } => {
                edit::add_training(wb, member, *date)?;
                info(format!("{} trained on {date}", clean(member)))
            }
            Edit::BackgroundCheck { member, date } => {
                edit::set_background_check(wb, member, *date)?;
                Ok(Vec::new())
            }
            Edit::DeviceEnrolled { member, date } => {
                edit::set_device_enrolled(wb, member, *date)?;
                Ok(Vec::new())
            }
            Edit::Population { control, change } => run_population(wb, rng, today, control, change),
            Edit::Risk(RiskChange::ToBacklog(new)) => {
                let id = edit::add_backlog_item(cat, wb, new.clone(), today, rng)?;
                Ok(vec![
                    Msg::Info(format!("{id} added to the backlog: {}", clean(&new.title))),
                    Msg::Goto(Goto::BacklogItem(id)),
                ])
            }
            Edit::Risk(change) => run_risk(wb, change),
            Edit::RequestStatus { id, status } => {
                let change = edit::RequestChange {
                    status: Some(*status),
                    ..Default::default()
                };
                edit::set_request(wb, id, &change)?;
                info(format!("request {id}: {}", status.label()))
            }
            Edit::RequestOwner { id, owner } => {
                let change = edit::RequestChange {
                    owner: Some(owner.clone()),
                    ..Default::default()
                };
                edit::set_request(wb, id, &change)?;
                info(format!(
                    "request {id}: owner {}",
                    owner.as_deref().unwrap_or("nobody")
                ))
            }
        }
    }

    /// What to show instead of the plain refusal, when the edit came from a form: the
    /// form again, the error on the field it is about.
    pub fn refused(&self, err: &EditError) -> Option<Msg> {
        let Edit::AddBacklogItem { form, .. } = self else {
            return None;
        };
        let mut form = form.as_ref().clone();
        let (field, message) = match err {
            EditError::UnknownMember(who) => (
                super::views::backlog::FIELD_OWNER,
                format!(
                    "\"{who}\" is not in the team: add them in the Team view (6), or leave the owner blank"
                ),
            ),
            EditError::UnknownCriterion(_) => {
                (super::views::backlog::FIELD_CRITERIA, err.to_string())
            }
            EditError::Empty(_) => (super::views::backlog::FIELD_TITLE, err.to_string()),
            other => (form.focus, other.to_string()),
        };
        form.fail(FieldError { field, message });
        Some(Msg::Open(Popup::Form(form)))
    }
}

/// Where the subservice organization a popup named is now (names are unique).
fn subservice_at(wb: &Workbook, name: &str) -> Result<usize, EditError> {
    wb.subservices()
        .iter()
        .position(|s| s.name == name)
        .ok_or_else(|| {
            EditError::Invalid(format!(
                "{name} is no longer a subservice organization (changed on disk?); nothing changed"
            ))
        })
}

/// Carries out a [`RiskChange`].
fn run_risk(wb: &mut Workbook, change: &RiskChange) -> Result<Vec<Msg>, EditError> {
    let cat = catalog();
    let v = crate::catalog::risks::risk_vocabulary();
    match change {
        RiskChange::Add(new) => {
            let id = edit::add_risk(cat, v, wb, new.clone())?;
            Ok(vec![
                Msg::Info(format!("added risk {}", clean(&id))),
                Msg::Goto(Goto::Risk(id)),
            ])
        }
        RiskChange::Set { id, field } => {
            edit::set_risk(cat, v, wb, id, field.clone())?;
            let r = &wb.risks[id];
            Ok(vec![Msg::Info(match field {
                edit::RiskField::Residual(Some(_)) => format!(
                    "{}: residual {} (inherent {})",
                    clean(id),
                    r.current(),
                    r.inherent()
                ),
                edit::RiskField::ToggleControl(c) if r.controls.contains(c) => {
                    format!("{} is mitigated by {}", clean(id), clean(c))
                }
                edit::RiskField::ToggleControl(c) => {
                    format!("{} no longer names {}", clean(id), clean(c))
                }
                edit::RiskField::Acceptance(Some(a)) => {
                    format!("{} accepted by {} on {}", clean(id), clean(&a.by), a.date)
                }
                _ => format!("{} updated", clean(id)),
            })])
        }
        RiskChange::Rate {
            id,
            likelihood,
            impact,
        } => {
            // Both ratings or neither: check the second before writing the first.
            let mut copy = wb.clone();
            edit::set_risk(
                cat,
                v,
                &mut copy,
                id,
                edit::RiskField::Likelihood(*likelihood),
            )?;
            edit::set_risk(cat, v, &mut copy, id, edit::RiskField::Impact(*impact))?;
            edit::set_risk(cat, v, wb, id, edit::RiskField::Likelihood(*likelihood))?;
            edit::set_risk(cat, v, wb, id, edit::RiskField::Impact(*impact))?;
            Ok(vec![Msg::Info(format!(
                "{}: inherent {}",
                clean(id),
                likelihood * impact
            ))])
        }
        RiskChange::ToBacklog(_) => Err(EditError::Invalid(
            "a backlog item is added by the edit itself".into(),
        )),
        RiskChange::Assess(a) => {
            edit::record_assessment(wb, a.clone())?;
            Ok(vec![Msg::Info(format!(
                "risk assessment of {} recorded{}",
                a.date,
                if a.signed_off.is_some() {
                    " and signed off"
                } else {
                    "; it still needs a sign-off"
                }
            ))])
        }
    }
}

/// Carries out a [`PopChange`] on `control`'s population.
fn run_population(
    wb: &mut Workbook,
    rng: &mut fastrand::Rng,
    today: Date,
    control: &str,
    change: &PopChange,
) -> Result<Vec<Msg>, EditError> {
    use crate::analysis::population as pop;
    let cat = catalog();
    let info = |text: String| Ok(vec![Msg::Info(text)]);
    match change {
        PopChange::Add(event) => {
            edit::add_event(cat, wb, control, event.clone())?;
            info(format!("{} added to {}", clean(&event.id), clean(control)))
        }
        PopChange::Mark(id, result) => {
            edit::mark_event(cat, wb, control, id, *result)?;
            info(format!("{} is {}", clean(id), result.label()))
        }
        PopChange::Evidence(id, reference) => {
            edit::attach_event_evidence(cat, wb, control, id, reference)?;
            info(format!(
                "{} has evidence {}",
                clean(id),
                clean(reference.trim())
            ))
        }
        PopChange::Exception(id, record) => {
            edit::log_exception(cat, wb, control, id, record.clone())?;
            info(format!("exception logged on {}", clean(id)))
        }
        PopChange::Sample => {
            let id = edit::population_control(cat, wb, control)?;
            let events = pop::events(wb, &id);
            let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
            if ids.is_empty() {
                return Err(EditError::Invalid(format!(
                    "{id} has no events to sample yet (a adds one)"
                )));
            }
            let cadence = pop::control_of(cat, wb, &id)
                .and_then(|(_, _, c)| c)
                .unwrap_or(Cadence::PerEvent);
            let seed = rng.u64(..);
            let size = pop::sample_size(wb, cadence, ids.len());
            let drawn = pop::draw(&ids, size, seed);
            let n = drawn.len();
            let total = ids.len();
            drop(events);
            edit::record_sample(
                cat,
                wb,
                &id,
                crate::model::Sample {
                    seed,
                    drawn: today,
                    events: drawn,
                },
            )?;
            info(format!(
                "sampled {n} of {total} (seed {seed}); n walks through what they lack"
            ))
        }
    }
}
