//! Every change a person (or a script) can make to a workbook, as checked pure functions.
//!
//! Why one module: the app's `update`, the scriptable `soc2 item set` / `backlog add`
//! commands and the tests must apply the same rules — N/A needs a reason, owners come from
//! the team, status changes are dated, new ids never collide — so none of them edits the
//! model's fields directly.

use crate::catalog::Catalog;
use crate::model::ids::{
    BACKLOG_PREFIX, CUSTOM_ITEM_PREFIX, EVIDENCE_PREFIX, MILESTONE_PREFIX, new_id,
};
use crate::model::{
    BacklogItem, BacklogStatus, Cadence, Category, CategoryDecision, CustomItem, Date, Evidence,
    ItemStatus, Milestone, MilestoneStatus, Priority, StatusChange, Workbook,
};

/// A change that would make the workbook wrong, refused with the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("no checklist item \"{0}\" (see `soc2 catalog` for item ids)")]
    UnknownItem(String),
    #[error("no criterion \"{0}\" (ids look like CC6.1, A1.2, C1.1)")]
    UnknownCriterion(String),
    #[error("\"{0}\" is not in the team; add them first or pick a member")]
    UnknownMember(String),
    #[error("no backlog item \"{0}\"")]
    UnknownBacklogItem(String),
    #[error("no milestone \"{0}\"")]
    UnknownMilestone(String),
    #[error("marking an item N/A needs a reason (auditors ask why a control does not apply)")]
    ReasonRequired,
    #[error("{0} cannot be empty")]
    Empty(&'static str),
    #[error("Security is in every SOC 2 report and cannot be taken out of scope")]
    SecurityRequired,
    #[error("{0}")]
    Invalid(String),
}

/// Where an item lives: its criterion id and its own id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ItemKey {
    pub criterion: String,
    pub item: String,
}

/// Finds the criterion of a catalog item or a custom item by the item's id alone.
pub fn resolve_item(cat: &Catalog, wb: &Workbook, item: &str) -> Result<ItemKey, EditError> {
    if let Some((criterion, _)) = cat.item(item) {
        return Ok(ItemKey {
            criterion: criterion.id.clone(),
            item: item.to_string(),
        });
    }
    wb.checklist
        .iter()
        .find(|(_, items)| items.get(item).is_some_and(|r| r.custom.is_some()))
        .map(|(criterion, _)| ItemKey {
            criterion: criterion.clone(),
            item: item.to_string(),
        })
        .ok_or_else(|| EditError::UnknownItem(item.to_string()))
}

fn check_member(wb: &Workbook, who: Option<&str>) -> Result<(), EditError> {
    match who {
        Some(id) if wb.member(id).is_none() => Err(EditError::UnknownMember(id.to_string())),
        _ => Ok(()),
    }
}

fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
}

/// Sets an item's status; N/A requires a reason, other statuses drop a stale one.
pub fn set_item_status(
    wb: &mut Workbook,
    key: &ItemKey,
    status: ItemStatus,
    reason: Option<&str>,
) -> Result<(), EditError> {
    let reason = non_empty(reason);
    let record = wb.item_mut(&key.criterion, &key.item);
    if status == ItemStatus::NotApplicable {
        let reason = reason
            .or_else(|| non_empty(record.reason.as_deref()))
            .ok_or(EditError::ReasonRequired)?;
        record.reason = Some(reason);
    } else {
        record.reason = None;
    }
    record.status = status;
    Ok(())
}

/// Sets or clears an item's owner (a team member's handle).
pub fn set_item_owner(
    wb: &mut Workbook,
    key: &ItemKey,
    owner: Option<&str>,
) -> Result<(), EditError> {
    check_member(wb, owner)?;
    wb.item_mut(&key.criterion, &key.item).owner = owner.map(String::from);
    Ok(())
}

/// Replaces an item's notes.
pub fn set_item_notes(wb: &mut Workbook, key: &ItemKey, notes: &str) {
    wb.item_mut(&key.criterion, &key.item).notes = notes.trim_end().to_string();
}

/// What a person records as evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewEvidence {
    pub reference: String,
    pub collected: Option<Date>,
    pub by: Option<String>,
    pub sha256: Option<String>,
}

/// Adds an evidence reference; for a recurring control the collection date also counts as
/// an occurrence (an access review's ticket is proof it was performed that day).
pub fn add_evidence(
    cat: &Catalog,
    wb: &mut Workbook,
    key: &ItemKey,
    ev: NewEvidence,
    today: Date,
    rng: &mut fastrand::Rng,
) -> Result<String, EditError> {
    let reference =
        non_empty(Some(&ev.reference)).ok_or(EditError::Empty("the evidence reference"))?;
    check_member(wb, ev.by.as_deref())?;
    let recurring = cadence_of(cat, wb, key).is_some();
    let id = new_id(EVIDENCE_PREFIX, rng, |id| wb.id_taken(id));
    let collected = ev.collected.unwrap_or(today);
    let record = wb.item_mut(&key.criterion, &key.item);
    record.evidence.push(Evidence {
        id: id.clone(),
        reference,
        collected,
        by: ev.by,
        sha256: ev.sha256,
    });
    if recurring {
        insert_sorted(&mut record.performed, collected);
    }
    Ok(id)
}

/// Records one performance of a recurring control ("access review done today").
pub fn record_occurrence(wb: &mut Workbook, key: &ItemKey, date: Date) {
    insert_sorted(&mut wb.item_mut(&key.criterion, &key.item).performed, date);
}

fn insert_sorted(dates: &mut Vec<Date>, date: Date) {
    if let Err(pos) = dates.binary_search(&date) {
        dates.insert(pos, date);
    }
}

/// The cadence of a catalog or custom item.
pub fn cadence_of(cat: &Catalog, wb: &Workbook, key: &ItemKey) -> Option<Cadence> {
    cat.item(&key.item)
        .and_then(|(_, i)| i.cadence)
        .or_else(|| {
            wb.item(&key.criterion, &key.item)
                .and_then(|r| r.custom.as_ref())
                .and_then(|c| c.cadence)
        })
}

/// Adds a team-made item to a criterion and returns its new id.
pub fn add_custom_item(
    cat: &Catalog,
    wb: &mut Workbook,
    criterion: &str,
    title: &str,
    cadence: Option<Cadence>,
    rng: &mut fastrand::Rng,
) -> Result<ItemKey, EditError> {
    if cat.criterion(criterion).is_none() {
        return Err(EditError::UnknownCriterion(criterion.to_string()));
    }
    let title = non_empty(Some(title)).ok_or(EditError::Empty("the item title"))?;
    let id = new_id(CUSTOM_ITEM_PREFIX, rng, |id| wb.id_taken(id));
    wb.item_mut(criterion, &id).custom = Some(CustomItem {
        title,
        evidence: String::new(),
        cadence,
    });
    Ok(ItemKey {
        criterion: criterion.to_string(),
        item: id,
    })
}

/// What a person fills in for a new remediation item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewBacklogItem {
    pub title: String,
    pub description: String,
    pub criteria: Vec<String>,
    pub items: Vec<String>,
    pub priority: Option<Priority>,
    pub owner: Option<String>,
    pub due: Option<Date>,
}

/// Adds a remediation item and returns its new id.
pub fn add_backlog_item(
    cat: &Catalog,
    wb: &mut Workbook,
    new: NewBacklogItem,
    today: Date,
    rng: &mut fastrand::Rng,
) -> Result<String, EditError> {
    let title = non_empty(Some(&new.title)).ok_or(EditError::Empty("the title"))?;
    check_member(wb, new.owner.as_deref())?;
    for c in &new.criteria {
        if cat.criterion(c).is_none() {
            return Err(EditError::UnknownCriterion(c.clone()));
        }
    }
    for i in &new.items {
        resolve_item(cat, wb, i)?;
    }
    let priority = new
        .priority
        .unwrap_or_else(|| crate::analysis::backlog::suggested_priority(&new.criteria));
    let id = new_id(BACKLOG_PREFIX, rng, |id| wb.id_taken(id));
    wb.backlog.push(BacklogItem {
        id: id.clone(),
        title,
        description: new.description.trim_end().to_string(),
        criteria: new.criteria,
        items: new.items,
        priority,
        owner: new.owner,
        status: BacklogStatus::Open,
        due: new.due,
        created: today,
        done: None,
        history: Vec::new(),
    });
    Ok(id)
}

fn backlog_mut<'a>(wb: &'a mut Workbook, id: &str) -> Result<&'a mut BacklogItem, EditError> {
    wb.backlog
        .iter_mut()
        .find(|b| b.id == id)
        .ok_or_else(|| EditError::UnknownBacklogItem(id.to_string()))
}

/// Changes a backlog item's status, dating the change and the completion.
pub fn set_backlog_status(
    wb: &mut Workbook,
    id: &str,
    status: BacklogStatus,
    today: Date,
) -> Result<(), EditError> {
    let item = backlog_mut(wb, id)?;
    if item.status == status {
        return Ok(());
    }
    item.status = status;
    item.history.push(StatusChange {
        date: today,
        status,
    });
    item.done = (status == BacklogStatus::Done).then_some(today);
    Ok(())
}

/// Sets or clears a backlog item's owner.
pub fn set_backlog_owner(
    wb: &mut Workbook,
    id: &str,
    owner: Option<&str>,
) -> Result<(), EditError> {
    check_member(wb, owner)?;
    backlog_mut(wb, id)?.owner = owner.map(String::from);
    Ok(())
}

/// Sets or clears a backlog item's due date.
pub fn set_backlog_due(wb: &mut Workbook, id: &str, due: Option<Date>) -> Result<(), EditError> {
    backlog_mut(wb, id)?.due = due;
    Ok(())
}

/// Sets a backlog item's priority (a person overriding the suggestion).
pub fn set_backlog_priority(
    wb: &mut Workbook,
    id: &str,
    priority: Priority,
) -> Result<(), EditError> {
    backlog_mut(wb, id)?.priority = priority;
    Ok(())
}

/// Sets a backlog item's title and description.
pub fn set_backlog_text(
    wb: &mut Workbook,
    id: &str,
    title: &str,
    description: &str,
) -> Result<(), EditError> {
    let title = non_empty(Some(title)).ok_or(EditError::Empty("the title"))?;
    let item = backlog_mut(wb, id)?;
    item.title = title;
    item.description = description.trim_end().to_string();
    Ok(())
}

/// Removes a backlog item.
pub fn delete_backlog_item(wb: &mut Workbook, id: &str) -> Result<BacklogItem, EditError> {
    let pos = wb
        .backlog
        .iter()
        .position(|b| b.id == id)
        .ok_or_else(|| EditError::UnknownBacklogItem(id.to_string()))?;
    Ok(wb.backlog.remove(pos))
}

/// Turns a checklist gap into a linked backlog item: title from the catalog, the item's
/// owner, due a week before the observation window opens (or in 30 days without one).
pub fn gap_to_backlog(
    cat: &Catalog,
    wb: &mut Workbook,
    key: &ItemKey,
    today: Date,
    rng: &mut fastrand::Rng,
) -> Result<String, EditError> {
    let title = cat
        .item(&key.item)
        .map(|(_, i)| i.title.clone())
        .or_else(|| {
            wb.item(&key.criterion, &key.item)
                .and_then(|r| r.custom.as_ref())
                .map(|c| c.title.clone())
        })
        .ok_or_else(|| EditError::UnknownItem(key.item.clone()))?;
    let owner = wb
        .item(&key.criterion, &key.item)
        .and_then(|r| r.owner.clone());
    let due = match crate::analysis::schedule::observation_window(wb) {
        Some((start, _)) if start.add_days(-7) > today => start.add_days(-7),
        _ => today.add_days(30),
    };
    add_backlog_item(
        cat,
        wb,
        NewBacklogItem {
            title: format!("Close gap: {title}"),
            description: String::new(),
            criteria: vec![key.criterion.clone()],
            items: vec![key.item.clone()],
            priority: None,
            owner,
            due: Some(due),
        },
        today,
        rng,
    )
}

/// A person decides a category against (or along with) the scoping answers.
pub fn override_category(
    wb: &mut Workbook,
    category: Category,
    in_scope: bool,
    reason: &str,
) -> Result<(), EditError> {
    if category == Category::Security && !in_scope {
        return Err(EditError::SecurityRequired);
    }
    let reason = non_empty(Some(reason)).ok_or(EditError::Empty("the reason"))?;
    wb.scope.categories.insert(
        category,
        CategoryDecision {
            in_scope,
            reason,
            overridden: true,
        },
    );
    Ok(())
}

/// Hands a category back to the scoping rules.
pub fn clear_category_override(wb: &mut Workbook, category: Category) {
    if let Some(decision) = wb.scope.categories.get_mut(&category) {
        decision.overridden = false;
    }
    let derivation = crate::catalog::scoping::derive(
        crate::catalog::scoping::questionnaire(),
        &wb.scope.answers,
    );
    crate::catalog::scoping::apply(&derivation, &mut wb.scope);
}

/// Records a scoping answer (or clears it with `None`) and re-derives the categories a
/// person has not overridden; returns the plain-English effects ("Availability is now in scope: …").
pub fn answer(
    wb: &mut Workbook,
    question: &str,
    answer: Option<crate::model::Answer>,
) -> Vec<String> {
    use crate::catalog::scoping::{apply, derive, describe_changes, questionnaire};
    let q = questionnaire();
    let before = derive(q, &wb.scope.answers);
    match answer {
        Some(a) => wb.scope.answers.insert(question.to_string(), a),
        None => wb.scope.answers.remove(question),
    };
    let after = derive(q, &wb.scope.answers);
    apply(&after, &mut wb.scope);
    describe_changes(&before, &after)
}

fn milestone_mut<'a>(wb: &'a mut Workbook, id: &str) -> Result<&'a mut Milestone, EditError> {
    wb.milestones
        .iter_mut()
        .find(|m| m.id == id)
        .ok_or_else(|| EditError::UnknownMilestone(id.to_string()))
}

/// Sets a milestone's dates and pins it, so a later re-plan never moves it silently.
pub fn set_milestone_dates(
    wb: &mut Workbook,
    id: &str,
    start: Date,
    end: Date,
) -> Result<(), EditError> {
    if end < start {
        return Err(EditError::Invalid(format!(
            "a milestone cannot end ({end}) before it starts ({start})"
        )));
    }
    let m = milestone_mut(wb, id)?;
    m.start = start;
    m.end = end;
    m.pinned = true;
    Ok(())
}

/// Hands a milestone's dates back to the plan: the next re-plan may move it again.
pub fn unpin_milestone(wb: &mut Workbook, id: &str) -> Result<(), EditError> {
    milestone_mut(wb, id)?.pinned = false;
    Ok(())
}

/// Sets a milestone's status.
pub fn set_milestone_status(
    wb: &mut Workbook,
    id: &str,
    status: MilestoneStatus,
) -> Result<(), EditError> {
    milestone_mut(wb, id)?.status = status;
    Ok(())
}

/// Replaces a milestone's notes.
pub fn set_milestone_notes(wb: &mut Workbook, id: &str, notes: &str) -> Result<(), EditError> {
    milestone_mut(wb, id)?.notes = notes.trim_end().to_string();
    Ok(())
}

/// Renames a milestone.
pub fn set_milestone_name(wb: &mut Workbook, id: &str, name: &str) -> Result<(), EditError> {
    let name = non_empty(Some(name)).ok_or(EditError::Empty("the milestone name"))?;
    milestone_mut(wb, id)?.name = name;
    Ok(())
}

/// Applies the re-plan a person was shown (from `analysis::schedule::replan`): moves,
/// adds and removes milestones, skipping every move marked kept and any milestone pinned
/// or done since. Returns how many changes were made.
pub fn apply_replan(
    wb: &mut Workbook,
    moves: &[crate::analysis::schedule::PlannedMove],
    rng: &mut fastrand::Rng,
) -> usize {
    let mut applied = 0;
    for mv in moves.iter().filter(|m| m.kept.is_none()) {
        match (&mv.milestone, mv.to) {
            (Some(id), to) => {
                let Some(pos) = wb.milestones.iter().position(|m| &m.id == id) else {
                    continue;
                };
                let m = &mut wb.milestones[pos];
                if m.pinned || m.status == MilestoneStatus::Done {
                    continue;
                }
                match to {
                    Some((start, end)) => {
                        m.start = start;
                        m.end = end;
                    }
                    None => {
                        wb.milestones.remove(pos);
                    }
                }
                applied += 1;
            }
            (None, Some((start, end))) => {
                let id = new_id(MILESTONE_PREFIX, rng, |id| wb.id_taken(id));
                let milestone = Milestone {
                    id,
                    name: mv.name.clone(),
                    phase: mv.phase,
                    start,
                    end,
                    status: MilestoneStatus::Planned,
                    notes: String::new(),
                    pinned: false,
                };
                // Keep the plan in phase order so the file and the chart read top to bottom.
                let at = wb
                    .milestones
                    .iter()
                    .position(|m| m.phase > mv.phase)
                    .unwrap_or(wb.milestones.len());
                wb.milestones.insert(at, milestone);
                applied += 1;
            }
            (None, None) => {}
        }
    }
    applied
}

#[cfg(test)]
mod milestone_tests;
/// Which side of a merge conflict a person keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictSide {
    Ours,
    Theirs,
}

/// Settles the merge conflict at `index` of `wb.conflicts` by writing the chosen side's
/// recorded value back into its place, then removes the record.
pub fn resolve(wb: &mut Workbook, index: usize, side: ConflictSide) -> Result<(), EditError> {
    let conflict = wb
        .conflicts
        .get(index)
        .cloned()
        .ok_or_else(|| EditError::Invalid(format!("no merge conflict #{}", index + 1)))?;
    let value = match side {
        ConflictSide::Ours => &conflict.ours,
        ConflictSide::Theirs => &conflict.theirs,
    };
    let mut next = wb.clone();
    crate::merge::apply_value(&mut next, &conflict.location, value)
        .map_err(|e| EditError::Invalid(e.to_string()))?;
    next.conflicts.remove(index);
    *wb = next;
    Ok(())
}

/// Adds a person to the team so items and backlog entries can name them as owner.
pub fn add_member(wb: &mut Workbook, id: &str, name: &str, role: &str) -> Result<(), EditError> {
    let id = non_empty(Some(id)).ok_or(EditError::Empty("the member's handle"))?;
    if id.contains(char::is_whitespace) {
        return Err(EditError::Invalid(format!(
            "\"{id}\" has a space; a handle is one short word such as \"maria\""
        )));
    }
    if wb.member(&id).is_some() {
        return Err(EditError::Invalid(format!(
            "\"{id}\" is already in the team"
        )));
    }
    let name = non_empty(Some(name)).unwrap_or_else(|| id.clone());
    wb.team.push(crate::model::Member {
        id,
        name,
        role: role.trim().to_string(),
    });
    Ok(())
}

/// Chooses the report type (Type I: design at a date; Type II: operation over a window).
pub fn set_report_type(wb: &mut Workbook, report_type: crate::model::ReportType) {
    wb.scope.report_type = report_type;
}

/// Sets the Type II observation window length; only 3, 6 or 12 months are offered by auditors.
pub fn set_observation_months(wb: &mut Workbook, months: u8) -> Result<(), EditError> {
    if ![3, 6, 12].contains(&months) {
        return Err(EditError::Invalid(format!(
            "an observation window is 3, 6 or 12 months, not {months}"
        )));
    }
    wb.scope.observation_months = Some(months);
    Ok(())
}

/// Sets or clears the date the team wants the report in hand.
pub fn set_target_report_date(wb: &mut Workbook, date: Option<Date>) {
    wb.scope.target_report_date = date;
}

/// Replaces the description of the system under audit.
pub fn set_system_description(wb: &mut Workbook, description: &str) {
    wb.organization.description = description.trim_end().to_string();
}

/// Which list of the system boundary a person edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundaryList {
    Products,
    Environments,
    DataTypes,
}

/// Replaces one boundary list; blank entries are dropped, order is kept.
pub fn set_boundary(wb: &mut Workbook, list: BoundaryList, entries: &[&str]) {
    let entries: Vec<String> = entries
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
        .map(String::from)
        .collect();
    let b = &mut wb.scope.boundary;
    match list {
        BoundaryList::Products => b.products = entries,
        BoundaryList::Environments => b.environments = entries,
        BoundaryList::DataTypes => b.data_types = entries,
    }
}

/// Names a vendor as a subservice organization (carve-out by default); returns its position.
pub fn add_subservice(wb: &mut Workbook, name: &str, service: &str) -> Result<usize, EditError> {
    let name = non_empty(Some(name)).ok_or(EditError::Empty("the vendor's name"))?;
    if wb.scope.subservices.iter().any(|s| s.name == name) {
        return Err(EditError::Invalid(format!(
            "{name} is already a subservice organization"
        )));
    }
    wb.scope.subservices.push(crate::model::Subservice {
        name,
        service: service.trim().to_string(),
        ..crate::model::Subservice::default()
    });
    Ok(wb.scope.subservices.len() - 1)
}

/// One change to a subservice organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubserviceChange {
    Name(String),
    Service(String),
    Method(crate::model::SubserviceMethod),
    /// When we last reviewed their SOC 2 report; `None`: not reviewed.
    Reviewed(Option<Date>),
}

/// Changes one field of the subservice organization at `index`.
pub fn update_subservice(
    wb: &mut Workbook,
    index: usize,
    change: SubserviceChange,
) -> Result<(), EditError> {
    let taken = |wb: &Workbook, name: &str| {
        wb.scope
            .subservices
            .iter()
            .enumerate()
            .any(|(i, s)| i != index && s.name == name)
    };
    if let SubserviceChange::Name(name) = &change {
        let name = name.trim();
        if name.is_empty() {
            return Err(EditError::Empty("the vendor's name"));
        }
        if taken(wb, name) {
            return Err(EditError::Invalid(format!(
                "{name} is already a subservice organization"
            )));
        }
    }
    let sub =
        wb.scope.subservices.get_mut(index).ok_or_else(|| {
            EditError::Invalid(format!("no subservice organization #{}", index + 1))
        })?;
    match change {
        SubserviceChange::Name(name) => sub.name = name.trim().to_string(),
        SubserviceChange::Service(service) => sub.service = service.trim().to_string(),
        SubserviceChange::Method(method) => sub.method = method,
        SubserviceChange::Reviewed(date) => sub.reviewed = date,
    }
    Ok(())
}

/// Removes the subservice organization at `index`.
pub fn remove_subservice(
    wb: &mut Workbook,
    index: usize,
) -> Result<crate::model::Subservice, EditError> {
    if index >= wb.scope.subservices.len() {
        return Err(EditError::Invalid(format!(
            "no subservice organization #{}",
            index + 1
        )));
    }
    Ok(wb.scope.subservices.remove(index))
}

#[cfg(test)]
mod tests;
