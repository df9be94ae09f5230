//! The auditor's requests in the app: a list opened from the Dashboard (`r`) where each
//! request shows its controls, owner and due date, and its status and owner change with
//! one key each, undoable like any edit.
//!
//! Why a list over the Dashboard: the requests arrive from the auditor's own file
//! (`soc2 requests import`), so the app only tracks them; a popup is the smallest thing a
//! person finds from the place they start, and it copies the conflicts list's shape.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::action::Action;
use super::app::App;
use super::edits::Edit;
use super::msg::{Cursor, Msg};
use super::popup::{self, Popup, PopupKind};
use super::text::{fit, pad};
use super::views::{scroll_offset, step};
use crate::model::{RequestStatus, Workbook};

/// The list's state: the selected request by the auditor's id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestList {
    pub selected: Cursor,
}

fn ids(wb: &Workbook) -> Vec<&str> {
    wb.requests.keys().map(String::as_str).collect()
}

impl RequestList {
    /// The selected request's row.
    pub fn index(&self, wb: &Workbook) -> usize {
        let ids = ids(wb);
        self.selected.index(ids.len(), |i| ids.get(i).copied())
    }
}

/// `r` on the Dashboard: opens the list, or says how to bring the auditor's list in.
pub fn open(app: &mut App) {
    if app.wb().requests.is_empty() {
        app.info("no auditor requests yet: `soc2 requests import WORKBOOK --csv THEIR-LIST.csv` brings them in");
        return;
    }
    app.open(Popup::Requests(RequestList::default()));
}

/// The status after `s`: open → in progress → provided → accepted → open.
fn next_status(s: RequestStatus) -> RequestStatus {
    let all = RequestStatus::ALL;
    let at = all.iter().position(|x| *x == s).unwrap_or(0);
    all[(at + 1) % all.len()]
}

/// The owner after `o`: the next current team member, then nobody.
fn next_owner(wb: &Workbook, owner: Option<&str>) -> Option<String> {
    let team: Vec<&str> = wb
        .team
        .iter()
        .filter(|m| m.left.is_none())
        .map(|m| m.id.as_str())
        .collect();
    let at = owner.and_then(|o| team.iter().position(|m| *m == o));
    match at {
        None => team.first().map(|m| m.to_string()),
        Some(i) => team.get(i + 1).map(|m| m.to_string()),
    }
}

/// Keys while the list is open.
pub fn update(app: &mut App, action: Action) {
    let Some(Popup::Requests(list)) = app.popups.last() else {
        return;
    };
    let wb = &app.doc.workbook;
    let at = list.index(wb);
    let Some((id, r)) = wb.requests.iter().nth(at) else {
        app.popups.pop();
        return;
    };
    let id = id.clone();
    match action {
        Action::Back => {
            app.popups.pop();
        }
        Action::NextRequestStatus => {
            let status = next_status(r.status);
            app.apply(vec![Msg::Edit(Edit::RequestStatus { id, status })]);
        }
        Action::NextRequestOwner => {
            let owner = next_owner(wb, r.owner.as_deref());
            app.apply(vec![Msg::Edit(Edit::RequestOwner { id, owner })]);
        }
        Action::Undo => app.undo_step(),
        Action::Redo => app.redo_step(),
        other => {
            let len = wb.requests.len();
            if let (Some(n), Some(Popup::Requests(list))) =
                (step(at, len, other, 3), app.popups.last_mut())
            {
                let ids = ids(&app.doc.workbook);
                list.selected.set(n, |i| ids.get(i).copied());
            }
        }
    }
}

/// Draws the list: each request's id, status and text, then its controls, owner and due.
pub fn render(app: &App, list: &RequestList, frame: &mut Frame) {
    let screen = frame.area();
    let wb = app.wb();
    let inner_w = usize::from(screen.width.min(78).saturating_sub(2)).max(1);
    let open = wb.requests.values().filter(|r| r.status.is_open()).count();
    let mut lines: Vec<Line> = vec![Line::styled(
        fit(
            &format!(
                "{open} of {} still open · s: next status · o: next owner",
                wb.requests.len()
            ),
            inner_w,
        ),
        app.theme.dim,
    )];
    let wanted = 1 + wb.requests.len() * 2 + 1;
    let h = u16::try_from(wanted + 2)
        .unwrap_or(u16::MAX)
        .min(screen.height.saturating_sub(2).max(5));
    let rect = popup::centered(screen, 78, h);
    let room = usize::from(rect.height.saturating_sub(2)).saturating_sub(lines.len() + 1);
    let per_page = (room / 2).max(1);
    let selected = list.index(wb);
    let offset = scroll_offset(selected, per_page);
    for (i, (id, r)) in wb.requests.iter().enumerate().skip(offset).take(per_page) {
        let head = format!(" {id} [{}] {}", r.status.label(), r.text);
        let style = if i == selected {
            app.theme.selected
        } else {
            app.theme.title
        };
        lines.push(Line::styled(pad(&fit(&head, inner_w), inner_w), style));
        let controls = if r.controls.is_empty() {
            "no control mapped".to_string()
        } else {
            format!("{} ({})", r.controls.join(", "), r.matched_by.label())
        };
        let detail = format!(
            "   {} · {}{}",
            r.owner.as_deref().unwrap_or("no owner"),
            r.due
                .map_or_else(|| "no due date".to_string(), |d| format!("due {d}")),
            format_args!(" · {controls}")
        );
        lines.push(Line::styled(fit(&detail, inner_w), app.theme.base));
    }
    while lines.len() + 1 < usize::from(rect.height.saturating_sub(2)) {
        lines.push(Line::default());
    }
    lines.push(popup::hint_line(app, PopupKind::Requests));
    frame.render_widget(Clear, rect);
    let title = format!("Auditor requests ({})", wb.requests.len());
    let block = popup::frame_block(app, &title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines), inner);
}
