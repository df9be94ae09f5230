//! The timeline's keys and popups: milestone dates (which pin them), status, notes, re-plan.

use crate::tui::history::Touch;
use ratatui::layout::Rect;

use crate::edit;
use crate::model::{Date, MilestoneStatus};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::popup::{Choice, Input, Popup};
use crate::tui::text::fit;

use crate::tui::views::{clicked_index, inner, step};

use super::render::{coverage_of, coverage_rows, parts, warning_lines};
use super::{Focus, Then, offer_replan, then};

/// Carries out what a timeline popup was opened for.
pub fn complete(app: &mut App, t: Then, value: String) {
    match t {
        Then::Dates(id) => {
            let dates: Vec<&str> = value
                .split(|c: char| c.is_whitespace() || c == '→' || c == ',')
                .filter(|s| !s.is_empty() && *s != "to")
                .collect();
            let parsed: Result<Vec<Date>, _> = dates.iter().map(|d| d.parse::<Date>()).collect();
            match parsed {
                Ok(d) if d.len() == 2 => {
                    let (s, e) = (d[0], d[1]);
                    if app
                        .edit_touching("set milestone dates", Touch::Small, |wb, _| {
                            edit::set_milestone_dates(wb, &id, s, e)
                        })
                        .is_some()
                    {
                        app.info(format!(
                            "{s} → {e}, pinned: a re-plan will not move it (x unpins)"
                        ));
                    }
                }
                Ok(_) => app.error("type two dates: start and end (YYYY-MM-DD YYYY-MM-DD)"),
                Err(e) => app.error(e.to_string()),
            }
        }
        Then::Status(id) => {
            let Some(status) = MilestoneStatus::ALL
                .into_iter()
                .find(|s| s.label() == value)
            else {
                return;
            };
            if app
                .edit_touching("set milestone status", Touch::Small, |wb, _| {
                    edit::set_milestone_status(wb, &id, status)
                })
                .is_some()
            {
                app.info(format!("milestone is {}", status.label()));
            }
        }
        Then::Notes(id) => {
            if app
                .edit_touching("milestone notes", Touch::Small, |wb, _| {
                    edit::set_milestone_notes(wb, &id, &value)
                })
                .is_some()
            {
                app.info("notes saved");
            }
        }
    }
}

pub(super) fn selected_id(app: &mut App) -> Option<String> {
    let id = app
        .wb()
        .milestones
        .get(app.timeline.selected)
        .map(|m| m.id.clone());
    if id.is_none() {
        app.error("no milestone selected");
    }
    id
}

/// Handles the timeline's keys.
pub fn update(app: &mut App, action: Action, area: Rect) -> bool {
    let len = app.wb().milestones.len();
    app.timeline.selected = app.timeline.selected.min(len.saturating_sub(1));
    let cov_len = coverage_of(app).len();
    app.timeline.coverage = app.timeline.coverage.min(cov_len.saturating_sub(1));
    let cols = usize::from(inner(area).width);
    let p = parts(app, area, warning_lines(app, cols).len());
    match action {
        Action::Replan => offer_replan(app, false),
        Action::EditDates => {
            let Some(id) = selected_id(app) else {
                return true;
            };
            let Some(m) = app.wb().milestones.get(app.timeline.selected) else {
                return true;
            };
            let text = format!("{} {}", m.start, m.end);
            let name = m.name.clone();
            app.open(Popup::Input(Input::new(
                &format!("Dates of {}", fit(&name, 40)),
                "Start and end, YYYY-MM-DD YYYY-MM-DD. Dates you set are pinned: a re-plan never moves them.",
                &text,
                then(Then::Dates(id)),
            )));
        }
        Action::SetMilestoneStatus => {
            let Some(id) = selected_id(app) else {
                return true;
            };
            let current = app.wb().milestones[app.timeline.selected].status;
            let options: Vec<Choice> = MilestoneStatus::ALL
                .iter()
                .map(|s| Choice::new(s.label(), s.label()))
                .collect();
            let selected = MilestoneStatus::ALL
                .iter()
                .position(|s| *s == current)
                .unwrap_or(0);
            app.pick(
                "Milestone status",
                "",
                options,
                selected,
                then(Then::Status(id)),
            );
        }
        Action::EditNoteInline => {
            let Some(id) = selected_id(app) else {
                return true;
            };
            let notes = app.wb().milestones[app.timeline.selected].notes.clone();
            app.open(Popup::Input(Input::new(
                "Milestone notes",
                "One line (the auditor, a decision, what is left)",
                &notes.replace('\n', " / "),
                then(Then::Notes(id)),
            )));
        }
        Action::Unpin => {
            let Some(id) = selected_id(app) else {
                return true;
            };
            if app
                .edit_touching("unpin milestone", Touch::Small, |wb, _| {
                    edit::unpin_milestone(wb, &id)
                })
                .is_some()
            {
                app.info("the plan may move these dates again: r re-plans");
            }
        }
        Action::Right if app.timeline.focus == Focus::Milestones && cov_len > 0 => {
            app.timeline.focus = Focus::Coverage;
        }
        Action::Left | Action::Back if app.timeline.focus == Focus::Coverage => {
            app.timeline.focus = Focus::Milestones;
        }
        Action::Back if app.timeline.highlight.is_some() => {
            app.timeline.highlight = None;
        }
        Action::Enter if app.timeline.focus == Focus::Coverage => {
            if let Some(c) = coverage_of(app).get(app.timeline.coverage) {
                let (crit, item) = (c.criterion.clone(), c.item.clone());
                crate::tui::finder::show_in_checklist(app, &crit, Some(&item));
            }
        }
        Action::Enter => {
            app.timeline.focus = Focus::Coverage;
            return cov_len > 0;
        }
        Action::Click { column, row } => {
            let inside = |r: Rect| r.contains(ratatui::layout::Position::new(column, row));
            if inside(p.milestones) {
                let i = p.offset + usize::from(row - p.milestones.y);
                if i < len {
                    app.timeline.selected = i;
                    app.timeline.focus = Focus::Milestones;
                }
            } else if let Some(i) = clicked_index(
                coverage_rows(p.coverage),
                row,
                column,
                app.timeline.coverage,
                cov_len,
            ) {
                app.timeline.coverage = i;
                app.timeline.focus = Focus::Coverage;
            } else {
                return false;
            }
        }
        other => {
            let page = usize::from(coverage_rows(p.coverage).height).max(1);
            return match app.timeline.focus {
                Focus::Milestones => step(app.timeline.selected, len, other, page)
                    .map(|n| app.timeline.selected = n)
                    .is_some(),
                Focus::Coverage => step(app.timeline.coverage, cov_len, other, page)
                    .map(|n| app.timeline.coverage = n)
                    .is_some(),
            };
        }
    }
    true
}
