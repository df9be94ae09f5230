//! Every change a person (or a script) can make to a workbook, as checked pure functions.
//!
//! Why one module: the app's `update`, the scriptable `soc2 item set` / `backlog add`
//! commands and the tests must apply the same rules — N/A needs a reason, owners come from
//! the team, status changes are dated, new ids never collide — so none of them edits the
//! model's fields directly. One file per part of the workbook; all are re-exported here.

mod backlog;
mod checklist;
mod conflicts;
mod milestones;
mod policy;
mod population;
mod requests;
mod risk;
mod scope;
mod team;
mod vendor;

pub use backlog::*;
pub use checklist::*;
pub use conflicts::*;
pub use milestones::*;
pub use policy::*;
pub use population::*;
pub use requests::*;
pub use risk::*;
pub use scope::*;
pub use team::*;
pub use vendor::*;

use crate::catalog::Catalog;
use crate::model::Workbook;

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
    // A retired id still names the control that absorbed it.
    let current = cat.resolve_id(item);
    if let Some((criterion, _)) = cat.item(current) {
        return Ok(ItemKey {
            criterion: criterion.id.clone(),
            item: current.to_string(),
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

#[cfg(test)]
mod milestone_tests;
#[cfg(test)]
mod tests;
