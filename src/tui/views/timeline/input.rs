//! The timeline's keys and popups: dates, status and notes of a milestone, unpinning,
//! the re-plan offer and the coverage table; each change a typed [`Edit`] message.

use ratatui::layout::Rect;

use crate::model::{Date, MilestoneStatus};
use crate::tui::action::Action;
use crate::tui::edits::Edit;
use crate::tui::msg::{Cx, Goto, Msg};
use crate::tui::popup::{Answer, Choice, Input, Pick, Popup};
use crate::tui::text::fit;

use crate::tui::views::{clicked_index, inner, step};

use super::render::{coverage_rows, parts_for, wrap_warnings};
use super::{Focus, State, Then, coverage_index, selected_index, selected_milestone, then};

/// Carries out what a timeline popup was opened for.
pub fn complete(_cx: &Cx, _st: &mut State, t: Then, answer: Answer, out: &mut Vec<Msg>) {
    let value = answer.text().to_string();
    let msg = match t {
        Then::Dates(id) => {
            let dates: Vec<&str> = value
                .split(|c: char| c.is_whitespace() || c == '→' || c == ',')
                .filter(|s| !s.is_empty() && *s != "to")
                .collect();
            let parsed: Result<Vec<Date>, _> = dates.iter().map(|d| d.parse::<Date>()).collect();
            match parsed {
                Ok(d) if d.len() == 2 => Msg::Edit(Edit::MilestoneDates {
                    id,
                    start: d[0],
                    end: d[1],
                }),
                Ok(_) => Msg::Error("type two dates: start and end (YYYY-MM-DD YYYY-MM-DD)".into()),
                Err(e) => Msg::Error(e.to_string()),
            }
        }
        Then::Status(id) => {
            let Some(status) = MilestoneStatus::ALL
                .into_iter()
                .find(|s| s.label() == value)
            else {
                return;
            };
            Msg::Edit(Edit::MilestoneStatus { id, status })
        }
        Then::Notes(id) => Msg::Edit(Edit::MilestoneNotes { id, notes: value }),
    };
    out.push(msg);
}

/// Handles the timeline's keys.
pub fn update(cx: &Cx, st: &mut State, action: Action, area: Rect, out: &mut Vec<Msg>) -> bool {
    let wb = cx.wb;
    let len = wb.milestones.len();
    let id_at = |i: usize| wb.milestones.get(i).map(|m| m.id.as_str());
    let selected = selected_index(wb, st);
    let derived = super::derived(wb, cx.today, cx.generation, st);
    let cov = &derived.coverage;
    let cov_len = cov.len();
    let cov_id = |i: usize| cov.get(i).map(|c| c.item.as_str());
    let cov_at = coverage_index(cov, st);
    let cols = usize::from(inner(area).width);
    let p = parts_for(wb, st, area, wrap_warnings(&derived.warnings, cols).len());
    let milestone = selected_milestone(wb, st);
    let need = |out: &mut Vec<Msg>| {
        if milestone.is_none() {
            out.push(Msg::Error("no milestone selected".into()));
        }
        milestone
    };
    let msg = match action {
        Action::Replan => Msg::OfferReplan(false),
        Action::EditDates => {
            let Some(m) = need(out) else {
                return true;
            };
            Msg::Open(Popup::Input(Input::new(
                &format!("Dates of {}", fit(&m.name, 40)),
                "Start and end, YYYY-MM-DD YYYY-MM-DD. Dates you set are pinned: a re-plan never moves them.",
                &format!("{} {}", m.start, m.end),
                then(Then::Dates(m.id.clone())),
            )))
        }
        Action::SetMilestoneStatus => {
            let Some(m) = need(out) else {
                return true;
            };
            let options: Vec<Choice> = MilestoneStatus::ALL
                .iter()
                .map(|s| Choice::new(s.label(), s.label()))
                .collect();
            let selected = MilestoneStatus::ALL
                .iter()
                .position(|s| *s == m.status)
                .unwrap_or(0);
            Msg::Open(Popup::Pick(Pick {
                title: "Milestone status".into(),
                prompt: String::new(),
                options,
                selected,
                then: then(Then::Status(m.id.clone())),
            }))
        }
        Action::EditNoteInline => {
            let Some(m) = need(out) else {
                return true;
            };
            Msg::Open(Popup::Input(Input::new(
                "Milestone notes",
                "One line (the auditor, a decision, what is left)",
                &m.notes.replace('\n', " / "),
                then(Then::Notes(m.id.clone())),
            )))
        }
        Action::Unpin => {
            let Some(m) = need(out) else {
                return true;
            };
            Msg::Edit(Edit::Unpin(m.id.clone()))
        }
        Action::Right if st.focus == Focus::Milestones && cov_len > 0 => {
            st.focus = Focus::Coverage;
            return true;
        }
        Action::Left | Action::Back if st.focus == Focus::Coverage => {
            st.focus = Focus::Milestones;
            return true;
        }
        Action::Back if st.highlight.is_some() => {
            st.highlight = None;
            return true;
        }
        Action::Enter if st.focus == Focus::Coverage => match cov.get(cov_at) {
            Some(c) => Msg::Goto(Goto::Checklist {
                criterion: c.criterion.clone(),
                item: Some(c.item.clone()),
            }),
            None => return true,
        },
        Action::Enter => {
            st.focus = Focus::Coverage;
            return cov_len > 0;
        }
        Action::Click { column, row } => {
            let inside = |r: Rect| r.contains(ratatui::layout::Position::new(column, row));
            if inside(p.milestones) {
                let i = p.offset + usize::from(row - p.milestones.y);
                if i < len {
                    st.selected.set(i, id_at);
                    st.focus = Focus::Milestones;
                }
            } else if let Some(i) =
                clicked_index(coverage_rows(p.coverage), row, column, cov_at, cov_len)
            {
                st.coverage.set(i, cov_id);
                st.focus = Focus::Coverage;
            } else {
                return false;
            }
            return true;
        }
        other => {
            let page = usize::from(coverage_rows(p.coverage).height).max(1);
            return match st.focus {
                Focus::Milestones => step(selected, len, other, page)
                    .map(|n| st.selected.set(n, id_at))
                    .is_some(),
                Focus::Coverage => step(cov_at, cov_len, other, page)
                    .map(|n| st.coverage.set(n, cov_id))
                    .is_some(),
            };
        }
    };
    out.push(msg);
    true
}
