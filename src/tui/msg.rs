//! The typed messages a view's input handler returns, the read-only context it reads, and
//! the id-based cursor every list keeps.
//!
//! Why messages: a view's handler sees the workbook and its own state only; anything
//! beyond that (a workbook edit, a popup, a jump to another view, a status line, a
//! preference) is a [`Msg`] that the one `App::apply` carries out, so no view reaches into
//! another view's state and a test can assert "this key produces this edit".

use std::path::Path;

use super::app::Effect;
use super::edits::Edit;
use super::keymap::Keymap;
use super::popup::Popup;
use crate::edit::ItemKey;
use crate::model::{Date, Workbook};

/// What a view's input handler reads: shared, read-only.
#[derive(Clone, Copy)]
pub struct Cx<'a> {
    pub wb: &'a Workbook,
    pub today: Date,
    /// Bumped by every change to the workbook (caches key on it).
    pub generation: u64,
    pub keymap: &'a Keymap,
    /// Where the workbook lives (evidence paths are relative to its repository).
    pub path: &'a Path,
    /// Who the person at the keyboard said they are, if still in the team.
    pub me: Option<&'a str>,
}

/// Where a message sends the person: a view with one thing selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Goto {
    /// A criterion in the Checklist, and optionally one of its items.
    Checklist {
        criterion: String,
        item: Option<String>,
    },
    /// A backlog item, clearing the filters if they hide it.
    BacklogItem(String),
    /// The Backlog filtered to one owner.
    BacklogOwner(String),
    /// A milestone in the Timeline.
    Milestone(String),
    /// The Timeline at a backlog item's due date, the item highlighted.
    BacklogDue(String),
    /// A scoping question.
    Question(String),
    /// A member in the Team view.
    Member(String),
    /// A vendor in the Vendors view, by id.
    Vendor(String),
    /// A risk in the Risks view.
    Risk(String),
}

/// One thing a handler asks the update to do; applied in order, and a refused
/// [`Msg::Edit`] drops the messages after it (they assumed it succeeded).
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// A change to the workbook, applied through `App::edit_touching` (undo, touch).
    Edit(Edit),
    /// Opens a popup on top.
    Open(Popup),
    /// Opens another view with something selected.
    Goto(Goto),
    Info(String),
    Error(String),
    /// Something only the event loop can do (`$EDITOR`).
    Effect(Effect),
    /// "This is me" (per-user prefs, never the workbook).
    SetMe(String),
    /// The Checklist shows or hides out-of-scope criteria (kept in the prefs).
    ShowOutOfScope(bool),
    /// Offers the timeline's re-plan (`true`: the scope changed).
    OfferReplan(bool),
    /// What the last scoping answer changed (the Scoping view lists it).
    ScopeEffects(Vec<String>),
    /// The Scoping list selects this subservice organization (just added).
    SelectSubservice(String),
    /// The Vendors list selects this vendor (just added).
    SelectVendor(String),
    /// The scoping walk-through moves on to this question (after an answer).
    WalkTo(usize),
    /// Pops the top popup.
    Close,
    /// Reads the policy (and evidence) files again, off the UI thread when a worker runs:
    /// one may have been edited outside the app while its view is open.
    RecheckFiles,
}

/// A list's selection, stored as the id of the selected thing: an edit that re-sorts the
/// list or a reload that inserts rows keeps it on the same thing. `at` remembers where it
/// was, so a selected thing that disappears hands the cursor to its neighbour.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    id: Option<String>,
    at: usize,
}

impl Cursor {
    /// A cursor on `id`.
    pub fn on(id: impl Into<String>) -> Cursor {
        Cursor {
            id: Some(id.into()),
            at: 0,
        }
    }

    /// The id of the selected thing, as last set.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The row shown selected in a list of `len` rows whose ids `id_at` gives: the row
    /// holding the id, else the row at the last position (its neighbour), clamped.
    pub fn index<'a>(&self, len: usize, id_at: impl Fn(usize) -> Option<&'a str>) -> usize {
        if len == 0 {
            return 0;
        }
        if let Some(id) = self.id.as_deref() {
            if self.at < len && id_at(self.at) == Some(id) {
                return self.at;
            }
            if let Some(i) = (0..len).find(|&i| id_at(i) == Some(id)) {
                return i;
            }
        }
        self.at.min(len - 1)
    }

    /// Selects row `i` (whose id `id_at` gives).
    pub fn set<'a>(&mut self, i: usize, id_at: impl Fn(usize) -> Option<&'a str>) {
        self.at = i;
        self.id = id_at(i).map(str::to_string);
    }

    /// Re-anchors the cursor on the row it shows now (after a change of the list).
    pub fn settle<'a>(&mut self, len: usize, id_at: impl Fn(usize) -> Option<&'a str> + Copy) {
        let i = self.index(len, id_at);
        self.set(i, id_at);
    }

    /// Selects the thing with this id wherever it is.
    pub fn select(&mut self, id: impl Into<String>) {
        self.id = Some(id.into());
    }

    /// Moves by one list action (↑/↓, page, top/bottom); `false` when `action` is not one.
    pub fn step<'a>(
        &mut self,
        len: usize,
        id_at: impl Fn(usize) -> Option<&'a str> + Copy,
        action: super::action::Action,
        page: usize,
    ) -> bool {
        let now = self.index(len, id_at);
        match super::views::step(now, len, action, page) {
            Some(next) => {
                self.set(next, id_at);
                true
            }
            None => false,
        }
    }
}

/// An item key as the checklist's cursor id: `criterion/item`.
pub fn item_id(key: &ItemKey) -> String {
    format!("{}/{}", key.criterion, key.item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_follows_its_id_and_falls_to_a_neighbour() {
        let ids = ["a", "b", "c"];
        let at = |l: &'static [&'static str]| move |i: usize| l.get(i).copied();
        let mut c = Cursor::default();
        c.set(1, at(&["a", "b", "c"]));
        assert_eq!(c.index(3, |i| ids.get(i).copied()), 1);
        // Re-sorted: still on "b".
        assert_eq!(c.index(3, at(&["c", "a", "b"])), 2);
        // "b" deleted: its neighbour in the same place.
        assert_eq!(c.index(2, at(&["a", "c"])), 1);
        assert_eq!(c.index(1, at(&["a"])), 0);
        assert_eq!(c.index(0, at(&[])), 0);
    }
}

/// How far a detail pane is scrolled, for the selection it was scrolled on: a new
/// selection reads from the top again without every move having to reset it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetailScroll {
    of: Option<String>,
    by: usize,
    /// The furthest the pane could scroll when last drawn (set by the render).
    max: std::cell::Cell<usize>,
}

impl DetailScroll {
    /// Lines scrolled past for the selection `id` (0 for any other selection).
    pub fn offset(&self, id: Option<&str>) -> usize {
        if self.of.as_deref() == id { self.by } else { 0 }
    }

    /// Scrolls by `delta` lines for selection `id`, within what was last drawn; `false`
    /// when the pane did not move (all of it shows, or already at that end).
    pub fn scroll(&mut self, id: Option<&str>, delta: isize) -> bool {
        let now = self.offset(id);
        let next = now.saturating_add_signed(delta).min(self.max.get());
        self.of = id.map(str::to_string);
        self.by = next;
        next != now
    }

    /// What the render found the pane can scroll to.
    pub fn set_max(&self, max: usize) {
        self.max.set(max);
    }
}
