//! Policies and People keys and popups: switch tabs, approve, review, acknowledge, owner,
//! and a person's training, background check and device enrolment.

use ratatui::layout::Rect;

use crate::analysis::policy::is_active;
use crate::model::Date;
use crate::tui::action::Action;
use crate::tui::edits::Edit;
use crate::tui::msg::{Cx, Goto, Msg};
use crate::tui::popup::{Answer, Choice, Chosen, Input, Pick, Popup};
use crate::tui::text::clean;
use crate::tui::views::{clicked_index, inner};

use super::{
    State, Tab, Then, policy_ids, selected_person, selected_person_index, selected_policy,
    selected_policy_index, then,
};

/// Rows of the table above the detail lines (kept in step with `render.rs`).
pub(super) const DETAIL_ROWS: u16 = 6;

fn ask(title: &str, prompt: String, text: String, t: Then) -> Msg {
    Msg::Open(Popup::Input(Input::new(title, &prompt, &text, then(t))))
}

/// Handles an action while the view has the focus; `false` when it does not apply.
pub fn update(cx: &Cx, st: &mut State, action: Action, area: Rect, out: &mut Vec<Msg>) -> bool {
    let wb = cx.wb;
    out.push(Msg::RecheckFiles);
    let page = usize::from(area.height.saturating_sub(DETAIL_ROWS + 3)).max(1);
    match action {
        Action::Left | Action::Right => {
            st.tab = match st.tab {
                Tab::Policies => Tab::People,
                Tab::People => Tab::Policies,
            };
            return true;
        }
        _ => {}
    }
    let ids = policy_ids(wb);
    let moved = match st.tab {
        Tab::Policies => st
            .policy
            .step(ids.len(), |i| ids.get(i).copied(), action, page),
        Tab::People => st.person.step(
            wb.team.len(),
            |i| wb.team.get(i).map(|m| m.id.as_str()),
            action,
            page,
        ),
    };
    if moved {
        return true;
    }
    if let Action::Click { column, row } = action {
        let mut list = inner(area);
        list.y = list.y.saturating_add(1);
        list.height = list.height.saturating_sub(1 + DETAIL_ROWS);
        match st.tab {
            Tab::Policies => {
                let at = selected_policy_index(wb, st);
                if let Some(i) = clicked_index(list, row, column, at, ids.len()) {
                    st.policy.set(i, |i| ids.get(i).copied());
                }
            }
            Tab::People => {
                let at = selected_person_index(wb, st);
                if let Some(i) = clicked_index(list, row, column, at, wb.team.len()) {
                    st.person.set(i, |i| wb.team.get(i).map(|m| m.id.as_str()));
                }
            }
        }
        return true;
    }
    let msg = match st.tab {
        Tab::Policies => policy_key(cx, st, action),
        Tab::People => person_key(cx, st, action),
    };
    match msg {
        Some(m) => {
            out.push(m);
            true
        }
        None => false,
    }
}

/// Who is likely approving or reviewing: the person at the keyboard, else the owner.
fn default_person(cx: &Cx, owner: Option<&str>) -> String {
    cx.me.or(owner).unwrap_or_default().to_string()
}

fn policy_key(cx: &Cx, st: &State, action: Action) -> Option<Msg> {
    let wb = cx.wb;
    let Some(id) = selected_policy(wb, st) else {
        return (action == Action::ApprovePolicy).then(|| {
            Msg::Error(
                "the register is empty: `soc2 policy init PATH` writes the standard set".into(),
            )
        });
    };
    let record = &wb.policies[id];
    let id = id.to_string();
    let who = default_person(cx, record.owner.as_deref());
    Some(match action {
        Action::ApprovePolicy => ask(
            "Approve",
            format!(
                "Approve {} as its file is now: approver, date (a changed file becomes a new version)",
                clean(&id)
            ),
            format!("{who}, {}", cx.today),
            Then::Approve(id),
        ),
        Action::ReviewPolicy => ask(
            "Review",
            format!(
                "Reviewed {} and it stays as it is: reviewer, date",
                clean(&id)
            ),
            format!("{who}, {}", cx.today),
            Then::Review(id),
        ),
        Action::AckPolicy => {
            let Some(approval) = record.current_approval() else {
                return Some(Msg::Error(format!(
                    "{} is not approved yet: a approves it, then staff acknowledge it",
                    clean(&id)
                )));
            };
            let options: Vec<Choice> = wb
                .team
                .iter()
                .filter(|m| is_active(m, cx.today) && record.ack(&m.id, approval.version).is_none())
                .map(|m| Choice::new(format!("{} ({})", m.name, m.id), &m.id))
                .collect();
            if options.is_empty() {
                return Some(Msg::Info(format!(
                    "everyone on the team has acknowledged {} version {}",
                    clean(&id),
                    approval.version
                )));
            }
            Msg::Open(Popup::Pick(Pick {
                title: "Acknowledged".into(),
                prompt: format!(
                    "Who acknowledged {} version {} today ({})?",
                    clean(&id),
                    approval.version,
                    cx.today
                ),
                options,
                selected: 0,
                then: then(Then::AckBy(id)),
            }))
        }
        Action::Enter => {
            let control = crate::catalog::policies::policy_set()
                .get(&id)
                .and_then(|p| p.controls.first())
                .and_then(|c| crate::catalog::catalog().item(c));
            match control {
                Some((home, item)) => Msg::Goto(Goto::Checklist {
                    criterion: home.id.clone(),
                    item: Some(item.id.clone()),
                }),
                None => Msg::Info(format!("{} backs no catalog control", clean(&id))),
            }
        }
        Action::RecordTraining | Action::SetBackgroundCheck | Action::SetDeviceEnrolled => {
            Msg::Info("that is a person's record: → opens the People tab".into())
        }
        Action::SetOwner => {
            let mut options: Vec<Choice> = wb
                .team
                .iter()
                .filter(|m| is_active(m, cx.today))
                .map(|m| Choice::new(format!("{} ({})", m.name, m.id), &m.id))
                .collect();
            options.push(Choice::nothing("(nobody)"));
            Msg::Open(Popup::Pick(Pick {
                title: "Policy owner".into(),
                prompt: format!("Who keeps {} current?", clean(&id)),
                options,
                selected: 0,
                then: then(Then::Owner(id)),
            }))
        }
        _ => return None,
    })
}

fn person_key(cx: &Cx, st: &State, action: Action) -> Option<Msg> {
    let wb = cx.wb;
    let m = selected_person(wb, st)?;
    let id = m.id.clone();
    let date = |d: Option<Date>| d.map_or_else(String::new, |d| d.to_string());
    Some(match action {
        Action::AckPolicy => {
            let options: Vec<Choice> = wb
                .policies
                .iter()
                .filter_map(|(pid, p)| {
                    let a = p.current_approval()?;
                    p.ack(&id, a.version).is_none().then(|| {
                        Choice::new(
                            format!(
                                "{} version {}",
                                crate::analysis::policy::title(
                                    crate::catalog::policies::policy_set(),
                                    pid
                                ),
                                a.version
                            ),
                            pid,
                        )
                    })
                })
                .collect();
            if options.is_empty() {
                return Some(Msg::Info(format!(
                    "{} has acknowledged every approved policy",
                    clean(&id)
                )));
            }
            Msg::Open(Popup::Pick(Pick {
                title: "Acknowledged".into(),
                prompt: format!(
                    "Which policy did {} acknowledge today ({})?",
                    clean(&id),
                    cx.today
                ),
                options,
                selected: 0,
                then: then(Then::AckOf(id)),
            }))
        }
        Action::Enter => Msg::Goto(Goto::Member(id)),
        Action::ApprovePolicy | Action::ReviewPolicy | Action::SetOwner => {
            Msg::Info("that is a policy's record: ← opens the Policies tab".into())
        }
        Action::RecordTraining => ask(
            "Training",
            format!(
                "When {} completed security awareness training, YYYY-MM-DD",
                clean(&id)
            ),
            cx.today.to_string(),
            Then::Training(id),
        ),
        Action::SetBackgroundCheck => ask(
            "Background check",
            format!(
                "When {}'s background check was finished, YYYY-MM-DD (before system access; blank: none)",
                clean(&id)
            ),
            date(m.background_check),
            Then::BackgroundCheck(id),
        ),
        Action::SetDeviceEnrolled => ask(
            "Device",
            format!(
                "When {}'s work device was enrolled in device management, YYYY-MM-DD (blank: not enrolled)",
                clean(&id)
            ),
            m.device_enrolled
                .map_or_else(|| cx.today.to_string(), |d| d.to_string()),
            Then::Device(id),
        ),
        _ => return None,
    })
}

/// `maria, 2026-11-22` → the handle and the date (today when left out).
fn who_and_when(text: &str, today: Date) -> Result<(String, Date), String> {
    let (who, when) = text.split_once(',').unwrap_or((text, ""));
    let who = who.trim().to_string();
    if who.is_empty() {
        return Err("name the person first: handle, date".into());
    }
    let when = match when.trim() {
        "" => today,
        d => d.parse::<Date>().map_err(|e| e.to_string())?,
    };
    Ok((who, when))
}

fn date_or_blank(text: &str) -> Result<Option<Date>, String> {
    match text.trim() {
        "" => Ok(None),
        d => d.parse::<Date>().map(Some).map_err(|e| e.to_string()),
    }
}

/// Carries out what a popup of this view was opened for.
pub fn complete(cx: &Cx, _st: &mut State, t: Then, answer: Answer, out: &mut Vec<Msg>) {
    let value = answer.text().to_string();
    let fail = |out: &mut Vec<Msg>, e: String| out.push(Msg::Error(e));
    let edit = match t {
        Then::Approve(id) => match who_and_when(&value, cx.today) {
            Ok((by, date)) => {
                let sha = cx
                    .wb
                    .policies
                    .get(&id)
                    .and_then(|p| crate::evidence::file_hash(cx.path, &p.file));
                Edit::ApprovePolicy { id, by, date, sha }
            }
            Err(e) => return fail(out, e),
        },
        Then::Review(id) => match who_and_when(&value, cx.today) {
            Ok((by, date)) => Edit::ReviewPolicy { id, by, date },
            Err(e) => return fail(out, e),
        },
        Then::AckBy(id) => Edit::AckPolicy {
            id,
            member: value,
            date: cx.today,
        },
        Then::AckOf(member) => Edit::AckPolicy {
            id: value,
            member,
            date: cx.today,
        },
        Then::Owner(id) => Edit::PolicyOwner {
            id,
            owner: match answer {
                Answer::Chosen(Chosen::Value(v)) => Some(v),
                _ => None,
            },
        },
        Then::Training(member) => match date_or_blank(&value) {
            Ok(Some(date)) => Edit::Training { member, date },
            Ok(None) => return fail(out, "a training needs its date".into()),
            Err(e) => return fail(out, e),
        },
        Then::BackgroundCheck(member) => match date_or_blank(&value) {
            Ok(date) => Edit::BackgroundCheck { member, date },
            Err(e) => return fail(out, e),
        },
        Then::Device(member) => match date_or_blank(&value) {
            Ok(date) => Edit::DeviceEnrolled { member, date },
            Err(e) => return fail(out, e),
        },
    };
    out.push(Msg::Edit(edit));
}
