//! Populations keys and popups: focus, filter, add, mark, evidence, exception, sample, walk.

use ratatui::layout::Rect;

use crate::analysis::population::lacks;
use crate::model::{Date, Event, EventResult, ExceptionRecord};
use crate::tui::action::Action;
use crate::tui::edits::{Edit, PopChange};
use crate::tui::msg::{Cx, Msg};
use crate::tui::popup::{Answer, Input, Popup};
use crate::tui::text::clean;

use super::{
    Focus, State, Then, controls, next_filter, sampled, selected_control, shown_events, then,
};

fn ask(title: &str, prompt: &str, t: Then) -> Msg {
    Msg::Open(Popup::Input(Input::new(title, prompt, "", then(t))))
}

/// Handles an action while the Populations view has the focus; `false` when it does not apply.
pub fn update(cx: &Cx, st: &mut State, action: Action, area: Rect, out: &mut Vec<Msg>) -> bool {
    let wb = cx.wb;
    let rows = controls(wb, cx.today);
    let page = usize::from(area.height.saturating_sub(4)).max(1);
    let Some(control) = selected_control(&rows, st).map(|r| r.item.clone()) else {
        return false;
    };
    let evs = shown_events(wb, &control, st);
    match (st.focus, action) {
        (Focus::Controls, a)
            if st.control.step(
                rows.len(),
                |i| rows.get(i).map(|r| r.item.as_str()),
                a,
                page,
            ) =>
        {
            st.event = Default::default();
            return true;
        }
        (Focus::Events, a)
            if st
                .event
                .step(evs.len(), |i| evs.get(i).map(|e| e.id.as_str()), a, page) =>
        {
            return true;
        }
        (Focus::Controls, Action::Right | Action::Enter) => {
            st.focus = Focus::Events;
            return true;
        }
        (Focus::Events, Action::Left | Action::Back) => {
            st.focus = Focus::Controls;
            return true;
        }
        _ => {}
    }
    let event = {
        let i = st
            .event
            .index(evs.len(), |i| evs.get(i).map(|e| e.id.as_str()));
        evs.get(i)
            .filter(|_| st.focus == Focus::Events)
            .map(|e| e.id.clone())
    };
    let change = |change: PopChange| {
        Msg::Edit(Edit::Population {
            control: control.clone(),
            change,
        })
    };
    let msg = match (action, event) {
        (Action::FilterStatus, _) => {
            st.filter = next_filter(st.filter);
            Msg::Info(format!(
                "showing {} events",
                st.filter.map_or("all", |r| r.label())
            ))
        }
        (Action::AddPopulationEvent, _) => ask(
            "New event",
            &format!("{}: YYYY-MM-DD, description[, id]", clean(&control)),
            Then::Add(control.clone()),
        ),
        (Action::DrawSample, _) => change(PopChange::Sample),
        (Action::NextSampled, _) => {
            let all = crate::analysis::population::events(wb, &control);
            let sample = sampled(wb, &control);
            if sample.is_empty() {
                Msg::Error("no sample drawn yet: s draws one".into())
            } else {
                let now = st.event.id().map(str::to_string);
                let start = now
                    .as_ref()
                    .and_then(|id| sample.iter().position(|s| s == id))
                    .map_or(0, |p| p + 1);
                let next = (0..sample.len())
                    .map(|k| &sample[(start + k) % sample.len()])
                    .find(|id| all.iter().any(|e| &e.id == *id && !lacks(e).is_empty()));
                match next {
                    None => Msg::Info("every sampled event has evidence and a result".into()),
                    Some(id) => {
                        st.filter = None;
                        st.focus = Focus::Events;
                        st.event.select(id.clone());
                        let e = all.iter().find(|e| &e.id == id);
                        Msg::Info(format!(
                            "sampled {}: lacks {}",
                            clean(id),
                            e.map(|e| lacks(e).join(", ")).unwrap_or_default()
                        ))
                    }
                }
            }
        }
        (Action::MarkEventPassed, Some(id)) => change(PopChange::Mark(id, EventResult::Passed)),
        (Action::MarkEventUntested, Some(id)) => change(PopChange::Mark(id, EventResult::Untested)),
        (Action::AddEvidence, Some(id)) => ask(
            "Evidence",
            &format!(
                "Proof for {}: a repo path, URL, ticket or EV- id",
                clean(&id)
            ),
            Then::Evidence(control.clone(), id),
        ),
        (Action::LogException, Some(id)) => ask(
            "Exception",
            &format!(
                "{}: what failed | root cause | remediation (RB-…) | management's response",
                clean(&id)
            ),
            Then::Exception(control.clone(), id),
        ),
        (
            Action::MarkEventPassed
            | Action::MarkEventUntested
            | Action::AddEvidence
            | Action::LogException,
            None,
        ) => Msg::Error("select an event first (→ or Enter moves into the events)".into()),
        _ => return false,
    };
    out.push(msg);
    true
}

/// Carries out what a populations popup was opened for.
pub fn complete(cx: &Cx, st: &mut State, t: Then, answer: Answer, out: &mut Vec<Msg>) {
    let value = answer.text().trim().to_string();
    let (control, change) = match t {
        Then::Add(control) => {
            let mut parts = value.splitn(3, ',').map(str::trim);
            let date = parts.next().unwrap_or_default();
            let Ok(date) = date.parse::<Date>() else {
                out.push(Msg::Error(format!(
                    "\"{}\" is not a date (YYYY-MM-DD)",
                    clean(date)
                )));
                return;
            };
            let description = parts.next().unwrap_or_default().to_string();
            let id = parts.next().filter(|s| !s.is_empty()).map_or_else(
                || crate::edit::event_id_for(date, &description),
                str::to_string,
            );
            st.event.select(id.clone());
            st.focus = super::Focus::Events;
            let event = Event {
                id,
                date,
                description,
                ..Event::default()
            };
            (control, PopChange::Add(event))
        }
        Then::Evidence(control, id) => (control, PopChange::Evidence(id, value)),
        Then::Exception(control, id) => {
            let mut parts = value.splitn(4, '|').map(|s| s.trim().to_string());
            let mut next = || parts.next().unwrap_or_default();
            let what_failed = next();
            let root_cause = next();
            let remediation = Some(next()).filter(|s| !s.is_empty());
            let response = next();
            let record = ExceptionRecord {
                what_failed,
                found: cx.today,
                root_cause,
                remediation,
                response,
            };
            (control, PopChange::Exception(id, record))
        }
    };
    out.push(Msg::Edit(Edit::Population { control, change }));
}
