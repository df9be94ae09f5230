//! The app's views: one module each, holding its small state struct, its `render` (from
//! `&App` only) and its `update` (actions it understands while it has the focus).
//!
//! A view's `update(cx, state, action, area, out)` reads the workbook through the
//! read-only [`Cx`](super::msg::Cx), changes only its own `State`, and pushes typed
//! [`Msg`](super::msg::Msg)s (edits, popups, jumps) that `App::apply` carries out; its
//! `complete(cx, state, then, answer, out)` does the same with a popup's typed answer.
//! Lists keep their selection as a [`Cursor`](super::msg::Cursor) (the selected id).
//!
//! The larger views are folders split along the data flow: `mod.rs` (state and
//! selection), `render.rs` (draw from `&App`), `input.rs` (keys and popup answers → messages).
//!
//! Adding a view: add a variant to [`View`] and a row to [`View::ALL`]/[`View::title`], a
//! module here with `State`, `render`, `update` and `complete`, bindings with
//! `Scope::View(..)` in `keymap.rs`, one arm in [`render`] and one in each of
//! `App::update_view` and `App::complete` (`update.rs`).

pub mod backlog;
pub mod checklist;
pub mod dashboard;
pub mod policies;
pub mod populations;
pub mod risks;
pub mod scoping;
pub mod team;
pub mod timeline;
pub mod vendors;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::action::Action;
use super::app::App;

/// The area inside a one-cell border.
pub fn inner(rect: Rect) -> Rect {
    rect.inner(ratatui::layout::Margin::new(1, 1))
}

/// One tab of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum View {
    Dashboard,
    Scoping,
    Checklist,
    Backlog,
    Timeline,
    Team,
    Populations,
    Policies,
    Vendors,
    Risks,
}

impl View {
    /// In tab order; `1`–`9` and `0` (the tenth) jump to them.
    pub const ALL: [View; 10] = [
        View::Dashboard,
        View::Scoping,
        View::Checklist,
        View::Backlog,
        View::Timeline,
        View::Team,
        View::Populations,
        View::Policies,
        View::Vendors,
        View::Risks,
    ];

    /// The tab's label.
    pub fn title(self) -> &'static str {
        match self {
            View::Dashboard => "Dashboard",
            View::Scoping => "Scoping",
            View::Checklist => "Checklist",
            View::Backlog => "Backlog",
            View::Timeline => "Timeline",
            View::Team => "Team",
            View::Populations => "Populations",
            View::Policies => "Policies",
            View::Vendors => "Vendors",
            View::Risks => "Risks",
        }
    }

    /// The label a narrow tab bar shows (an 80-column bar has no room for every title).
    pub fn short_title(self) -> &'static str {
        match self {
            View::Dashboard => "Dash",
            View::Scoping => "Scope",
            View::Checklist => "Check",
            View::Backlog => "Backlog",
            View::Timeline => "Time",
            View::Team => "Team",
            View::Populations => "Pop",
            View::Policies => "Policy",
            View::Vendors => "Vendor",
            View::Risks => "Risk",
        }
    }

    /// The number the tab bar shows: the digit key that opens the view (the keymap
    /// table's, so a tenth tab shows the `0` that opens it).
    pub fn number(self) -> usize {
        use super::keymap::{BINDINGS, Scope};
        BINDINGS
            .iter()
            .filter(|b| b.scope == Scope::Global && b.action == Action::GoTo(self))
            .find_map(|b| match b.key.code {
                crossterm::event::KeyCode::Char(c) => c.to_digit(10),
                _ => None,
            })
            .and_then(|d| usize::try_from(d).ok())
            .unwrap_or(self.index() + 1)
    }

    /// Position in the tab bar.
    pub fn index(self) -> usize {
        View::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }

    /// The next tab, wrapping around.
    pub fn next(self) -> View {
        View::ALL[(self.index() + 1) % View::ALL.len()]
    }

    /// The previous tab, wrapping around.
    pub fn prev(self) -> View {
        View::ALL[(self.index() + View::ALL.len() - 1) % View::ALL.len()]
    }
}

/// Draws the focused view into the main area.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    match app.view {
        View::Dashboard => dashboard::render(app, frame, area),
        View::Scoping => scoping::render(app, frame, area),
        View::Checklist => checklist::render(app, frame, area),
        View::Backlog => backlog::render(app, frame, area),
        View::Timeline => timeline::render(app, frame, area),
        View::Team => team::render(app, frame, area),
        View::Populations => populations::render(app, frame, area),
        View::Policies => policies::render(app, frame, area),
        View::Vendors => vendors::render(app, frame, area),
        View::Risks => risks::render(app, frame, area),
    }
}

/// Whether the focused view offers `action` now, so the status bar hints only keys that act.
pub fn hint_applies(app: &App, action: Action) -> bool {
    match app.view {
        View::Policies => policies::hint_applies(&app.views.policies, action),
        _ => true,
    }
}

/// The row of a list that shows `selected` with `height` rows, scrolling as little as
/// possible from the top (stateless, so mouse clicks map back to the same rows).
pub fn scroll_offset(selected: usize, height: usize) -> usize {
    if height == 0 {
        return 0;
    }
    selected.saturating_sub(height - 1)
}

/// The list index a click on screen row `row` hits, for a list drawn at `area`.
pub fn clicked_index(
    area: Rect,
    row: u16,
    column: u16,
    selected: usize,
    len: usize,
) -> Option<usize> {
    let inside = column >= area.x
        && column < area.x.saturating_add(area.width)
        && row >= area.y
        && row < area.y.saturating_add(area.height);
    if !inside {
        return None;
    }
    let offset = scroll_offset(selected, usize::from(area.height));
    let index = offset + usize::from(row - area.y);
    (index < len).then_some(index)
}

/// Moves a selection by one step of a list action, clamped to `len`.
pub fn step(selected: usize, len: usize, action: Action, page: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let last = len - 1;
    let next = match action {
        Action::Up | Action::ScrollUp => selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => (selected + 1).min(last),
        Action::PageUp => selected.saturating_sub(page.max(1)),
        Action::PageDown => (selected + page.max(1)).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    };
    Some(next)
}
