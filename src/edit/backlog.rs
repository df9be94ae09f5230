//! Changes to the remediation backlog, including turning a checklist gap into an item.

use super::{EditError, ItemKey, check_member, non_empty, resolve_item};
use crate::catalog::Catalog;
use crate::model::ids::{BACKLOG_PREFIX, new_id};
use crate::model::{BacklogItem, BacklogStatus, Date, Priority, StatusChange, Workbook};

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
    wb.backlog.push(
        BacklogItem {
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
        }
        .into(),
    );
    Ok(id)
}

fn backlog_mut<'a>(wb: &'a mut Workbook, id: &str) -> Result<&'a mut BacklogItem, EditError> {
    wb.backlog
        .iter_mut()
        .find(|b| b.id == id)
        .map(|b| &mut **b)
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
    Ok(wb.backlog.remove(pos).into_inner())
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
