//! Settling a merge conflict recorded in the workbook by keeping one side.

use super::EditError;
use crate::model::Workbook;

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
