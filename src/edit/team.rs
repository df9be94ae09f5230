//! Changes to the team.

use super::{EditError, non_empty};
use crate::model::Workbook;

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
