//! A window that may look but not touch: `--read-only` for reviewers and auditors, a
//! second instance while another soc2 has the workbook open, a file that does not load.
//!
//! Why one gate in front of the views: an edit key is refused before it opens a field or
//! a list, with the reason in the status bar, so a read-only window never asks for input
//! it will throw away; every other key (views, navigation, finder, help) works as usual.

use super::action::Action;
use super::app::App;

/// Why a workbook opened with `--read-only` refuses edits.
pub const REVIEWER: &str = "read-only: opened with --read-only";

/// Whether an action would change the workbook (or start a change): the table of edits.
pub fn is_edit(action: Action) -> bool {
    matches!(
        action,
        Action::Undo
            | Action::NextRequestStatus
            | Action::NextRequestOwner
            | Action::Redo
            | Action::SetStatus(_)
            | Action::SetOwner
            | Action::EditNoteInline
            | Action::EditNoteInEditor
            | Action::AddEvidence
            | Action::RecordOccurrence
            | Action::AddCustomItem
            | Action::GapToBacklog
            | Action::AnswerYes
            | Action::AnswerNo
            | Action::ClearAnswer
            | Action::AddSubservice
            | Action::Delete
            | Action::AddBacklogItem
            | Action::EditTitle
            | Action::EditDescription
            | Action::SetBacklogStatus(_)
            | Action::PriorityUp
            | Action::PriorityDown
            | Action::AcceptSuggestedPriority
            | Action::SetDue
            | Action::EditDates
            | Action::SetMilestoneStatus
            | Action::Unpin
            | Action::Replan
            | Action::AddPopulationEvent
            | Action::MarkEventPassed
            | Action::MarkEventUntested
            | Action::LogException
            | Action::DrawSample
            | Action::AddVendor
            | Action::EditVendor
            | Action::AddVendorReport
            | Action::AddBridgeLetter
            | Action::AddCuec
            | Action::AddCsoc
    )
}

/// Refuses an edit in a read-only window, saying why; `true` when refused.
pub fn refuses(app: &mut App, action: Action) -> bool {
    if !is_edit(action) {
        return false;
    }
    let Some(why) = app.doc.read_only.clone() else {
        return false;
    };
    app.error(why);
    true
}

/// The state the status bar shows for a read-only window: `READ-ONLY` for a reviewer,
/// how to get out for a second instance, `read-only` otherwise; `None` when editable.
pub fn status(app: &App) -> Option<String> {
    app.doc.read_only.as_ref()?;
    let quit = app
        .keymap
        .bindings()
        .iter()
        .find(|b| b.scope == super::keymap::Scope::Global && b.action == Action::Quit)
        .map_or_else(|| "q".to_string(), |b| b.key.label());
    Some(if app.sync.reviewer {
        format!("READ-ONLY · {quit} quits")
    } else if let Some(holder) = &app.sync.held_by {
        format!(
            "read-only: open in another soc2 (pid {}) · {quit} quits",
            holder.pid
        )
    } else {
        "read-only".to_string()
    })
}
