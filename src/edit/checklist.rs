//! Changes to checklist items: status, owner, notes, evidence, occurrences, custom items.

use super::{EditError, ItemKey, check_member, non_empty};
use crate::catalog::Catalog;
use crate::model::ids::{CUSTOM_ITEM_PREFIX, EVIDENCE_PREFIX, new_id};
use crate::model::{Cadence, CustomItem, Date, Evidence, ItemStatus, Workbook};

/// Sets an item's status; N/A requires a reason (except for a Recommended control, which
/// is a strengthening nobody has to justify leaving out), other statuses drop a stale one.
pub fn set_item_status(
    wb: &mut Workbook,
    key: &ItemKey,
    status: ItemStatus,
    reason: Option<&str>,
) -> Result<(), EditError> {
    let reason = non_empty(reason);
    let optional = is_recommended(&key.item);
    let record = wb.item_mut(&key.criterion, &key.item);
    if status == ItemStatus::NotApplicable {
        let reason = reason.or_else(|| non_empty(record.reason.as_deref()));
        if reason.is_none() && !optional {
            return Err(EditError::ReasonRequired);
        }
        record.reason = reason;
    } else {
        record.reason = None;
    }
    record.status = status;
    Ok(())
}

/// Whether the embedded catalog files this control as Recommended (a strengthening).
pub fn is_recommended(item: &str) -> bool {
    crate::catalog::catalog()
        .item(item)
        .is_some_and(|(_, it)| it.tier == crate::catalog::Tier::Recommended)
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

/// Sets one of a control's policy parameters to the team's own number (revocation within
/// N hours). The typical default is not stored, so a workbook lists only what the team
/// changed; a parameter the control does not have is refused.
pub fn set_item_parameter(
    cat: &Catalog,
    wb: &mut Workbook,
    key: &ItemKey,
    name: &str,
    value: u32,
) -> Result<(), EditError> {
    let control = cat.item(&key.item).map(|(_, it)| it);
    let Some(param) = control.and_then(|it| it.parameters.iter().find(|p| p.key == name)) else {
        let known: Vec<&str> = control
            .map(|it| it.parameters.iter().map(|p| p.key.as_str()).collect())
            .unwrap_or_default();
        return Err(EditError::Invalid(if known.is_empty() {
            format!("{} has no parameters", key.item)
        } else {
            format!(
                "{} has no parameter \"{name}\"; it has {}",
                key.item,
                known.join(", ")
            )
        }));
    };
    if value == 0 {
        return Err(EditError::Invalid(format!(
            "{name} must be at least 1 ({})",
            param.meaning
        )));
    }
    let record = wb.item_mut(&key.criterion, &key.item);
    if value == param.default {
        record.parameters.remove(name);
    } else {
        record.parameters.insert(name.to_string(), value);
    }
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

/// Refuses a date after today: evidence collected or a control performed tomorrow is a
/// typo or a pre-filled record, and either would make an unmet period read as met.
fn not_in_future(what: &str, date: Date, today: Date) -> Result<(), EditError> {
    if date > today {
        return Err(EditError::Invalid(format!(
            "{what} {date} is after today ({today}); record it on or after the day it happens"
        )));
    }
    Ok(())
}

/// Adds an evidence reference; for a recurring control the collection date also counts as
/// an occurrence (an access review's ticket is proof it was performed that day). A
/// reference starting `none:` records why no evidence applies and is not an occurrence.
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
    let collected = ev.collected.unwrap_or(today);
    not_in_future("the evidence date", collected, today)?;
    let id = new_id(EVIDENCE_PREFIX, rng, |id| wb.id_taken(id));
    let entry = Evidence {
        id: id.clone(),
        reference,
        collected,
        by: ev.by,
        sha256: ev.sha256,
    };
    let occurrence = cadence_of(cat, wb, key).is_some() && !entry.is_statement_of_none();
    let record = wb.item_mut(&key.criterion, &key.item);
    record.evidence.push(entry);
    if occurrence {
        insert_sorted(&mut record.performed, collected);
    }
    Ok(id)
}

/// Evidence that also records an occurrence of a recurring control, and moves a control
/// "not started" to "in progress" as [`record_occurrence`] does. Kept apart from
/// [`add_evidence`] so a merge replaying evidence never changes a status by itself.
/// Returns the evidence id and whether the status moved.
pub fn add_evidence_of_occurrence(
    cat: &Catalog,
    wb: &mut Workbook,
    key: &ItemKey,
    ev: NewEvidence,
    today: Date,
    rng: &mut fastrand::Rng,
) -> Result<(String, bool), EditError> {
    let id = add_evidence(cat, wb, key, ev, today, rng)?;
    let occurred = wb
        .item(&key.criterion, &key.item)
        .and_then(|r| r.evidence.last())
        .is_some_and(|e| !e.is_statement_of_none())
        && cadence_of(cat, wb, key).is_some();
    let started = occurred && start_if_not_started(wb, key);
    Ok((id, started))
}

/// Moves an item "not started" to "in progress"; whether it did.
fn start_if_not_started(wb: &mut Workbook, key: &ItemKey) -> bool {
    let record = wb.item_mut(&key.criterion, &key.item);
    let moved = record.status == ItemStatus::NotStarted;
    if moved {
        record.status = ItemStatus::InProgress;
    }
    moved
}

/// Records one performance of a recurring control ("access review done today"). A control
/// that is being performed has started, so "not started" becomes "in progress".
pub fn record_occurrence(
    wb: &mut Workbook,
    key: &ItemKey,
    date: Date,
    today: Date,
) -> Result<(), EditError> {
    not_in_future("the occurrence date", date, today)?;
    insert_sorted(&mut wb.item_mut(&key.criterion, &key.item).performed, date);
    start_if_not_started(wb, key);
    Ok(())
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
