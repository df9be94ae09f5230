//! Changes to the plan: milestone dates (which pins them), status, notes, and re-planning.

use super::{EditError, non_empty};
use crate::model::ids::{MILESTONE_PREFIX, new_id};
use crate::model::{Date, Milestone, MilestoneStatus, Workbook};

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

/// Applies what the scoping answers suggest for the plan (report type, window, target
/// date), as the timeline offers before a re-plan.
pub fn apply_suggestions(wb: &mut Workbook, suggestions: &[crate::analysis::schedule::Suggestion]) {
    use crate::analysis::schedule::Suggestion;
    for s in suggestions {
        match s {
            Suggestion::ReportType(rt, _) => {
                wb.scope.report_type = *rt;
                if *rt == crate::model::ReportType::TypeII && wb.scope.observation_months.is_none()
                {
                    wb.scope.observation_months =
                        Some(crate::analysis::schedule::DEFAULT_WINDOW_MONTHS);
                }
            }
            Suggestion::WindowMonths(m, _) => wb.scope.observation_months = Some(*m),
            Suggestion::TargetDate(d) => wb.scope.target_report_date = Some(*d),
        }
    }
}
