//! The event loop: block on the terminal, update, redraw only when something changed.
//!
//! Why no tick: an idle app must not redraw or recompute. The loop blocks in crossterm's
//! `poll`, waking for a pending autosave or, every `reload::POLL`, to stat the workbook
//! file (it redraws only if the file really changed). Saves are debounced: the first
//! change schedules a save one second later, so a crash loses at most a second of work,
//! and pending edits are written before any exit.

use std::io;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

use super::action::Action;
use super::app::{App, Effect};
use super::keymap::{Key, Scope};
use super::reload::{self, Wake};
use super::terminal::{self, Signals, Term};
use super::ui;

/// How long after a change the workbook is written.
pub const AUTOSAVE_DELAY: Duration = Duration::from_secs(1);

/// When the next save is due; time is passed in, so tests need no sleeping.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Autosave {
    due: Option<Instant>,
}

impl Autosave {
    /// A change happened at `now`: schedule a save unless one is already scheduled.
    pub fn note_change(&mut self, now: Instant) {
        if self.due.is_none() {
            self.due = Some(now + AUTOSAVE_DELAY);
        }
    }

    /// How long the loop may block before saving; `None` when nothing is pending.
    pub fn timeout(&self, now: Instant) -> Option<Duration> {
        self.due.map(|due| due.saturating_duration_since(now))
    }

    /// Whether the save is due at `now`.
    pub fn is_due(&self, now: Instant) -> bool {
        self.due.is_some_and(|due| now >= due)
    }

    /// Whether a save is scheduled.
    pub fn is_pending(&self) -> bool {
        self.due.is_some()
    }

    /// The save happened (or was given up).
    pub fn done(&mut self) {
        self.due = None;
    }
}

/// The key scope of what has the focus: the top popup, or the view.
pub fn scope(app: &App) -> Scope {
    match app.popups.last() {
        Some(p) => Scope::Popup(p.kind()),
        None => Scope::View(app.view),
    }
}

/// What a terminal event means, if anything.
pub fn action_for(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(k) => app.keymap.resolve(scope(app), Key::from_event(*k)?),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollUp => Some(Action::ScrollUp),
            MouseEventKind::ScrollDown => Some(Action::ScrollDown),
            _ => None,
        },
        _ => None,
    }
}

/// One terminal event through the keymap and the one `update`, exactly as the loop
/// handles it (the tests press keys through this too); whether it meant anything.
pub fn dispatch(app: &mut App, event: &Event) -> bool {
    let Some(action) = action_for(app, event) else {
        return false;
    };
    app.update(action);
    true
}

/// Writes pending edits (after looking at the file on disk); `reload::save` reports a
/// failure in the status bar itself and retries it when idle.
pub fn save(app: &mut App) {
    let _ = reload::save(app, Instant::now());
}

/// Hands the signal thread what it must save if the loop gets stuck.
fn note_pending(app: &App, signals: &Signals) {
    signals.set_pending(
        (app.doc.is_dirty() && app.doc.read_only.is_none()).then(|| terminal::Pending {
            path: app.doc.path.clone(),
            workbook: app.doc.workbook.clone(),
            base: app.doc.shared_base(),
            known: app.sync.known().cloned(),
        }),
    );
}

/// The workbook changed: schedule a save, and hand the signal thread a copy of the
/// latest edits. Every change, not just the first of a save window: when the terminal
/// goes away the loop is stuck in crossterm and that copy is all the signal thread can
/// save. One copy per change (an edit, not a keystroke in a text field) is cheap next to
/// losing the last edit.
fn note_change(app: &mut App, autosave: &mut Autosave, signals: &Signals) {
    super::drift::refresh(app);
    note_pending(app, signals);
    autosave.note_change(Instant::now());
}

/// Runs until the user quits, a signal arrives or the terminal goes away.
pub fn run(term: &mut Term, app: &mut App, signals: &Signals) -> io::Result<()> {
    let mut autosave = Autosave::default();
    let mut seen = app.doc.generation;
    let mut redraw = true;
    loop {
        if redraw {
            let size = term.size()?;
            app.size = Rect::new(0, 0, size.width, size.height);
            term.draw(|f| ui::render(app, f))?;
            redraw = false;
        }
        if signals.received().is_some() {
            return Ok(());
        }
        if signals.take_resumed() {
            terminal::resume(term)?;
            redraw = true;
            continue;
        }
        let now = Instant::now();
        if autosave.is_due(now) {
            autosave.done();
            // The signal thread waits for `writing` before it saves, so its copy is not
            // needed meanwhile; dropping it first keeps a large workbook from being held
            // four times.
            let writing = signals.writing();
            signals.set_pending(None);
            save(app);
            note_pending(app, signals);
            drop(writing);
            redraw = true;
            continue;
        }
        // Blocks until input, the autosave, or the slow look at the file on disk; an idle
        // look that finds nothing draws nothing.
        let wait = autosave
            .timeout(now)
            .map_or(reload::POLL, |t| t.min(reload::POLL));
        if !event::poll(wait)? {
            if reload::tick(app, Instant::now(), Wake::Idle) {
                redraw = true;
            }
            if app.doc.generation != seen {
                seen = app.doc.generation;
                note_change(app, &mut autosave, signals);
            }
            continue;
        }
        let event = event::read()?;
        if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            return Ok(());
        }
        if let Event::Resize(..) = event {
            redraw = true;
            continue;
        }
        if let Event::Paste(text) = &event {
            // Lands whole in the focused field; anywhere else it is dropped, never keys.
            redraw = app.paste(text);
            continue;
        }
        if !dispatch(app, &event) {
            continue;
        }
        redraw = true;
        if let Some(effect) = app.effect.take() {
            handle_effect(term, app, effect)?;
        }
        reload::tick(app, Instant::now(), Wake::Input);
        if app.doc.generation != seen {
            seen = app.doc.generation;
            note_change(app, &mut autosave, signals);
        }
        if app.should_quit {
            return Ok(());
        }
    }
}

fn handle_effect(term: &mut Term, app: &mut App, effect: Effect) -> io::Result<()> {
    match effect {
        Effect::Suspend => {
            save(app);
            terminal::suspend(term)
        }
        Effect::EditNote(_, ref text) | Effect::EditDescription(ref text) => {
            let text = text.clone();
            match terminal::edit_in_editor(term, &text)? {
                Some(new) => app.finish_editor(effect, new),
                None => app.error("the editor failed; nothing changed"),
            }
            Ok(())
        }
        Effect::EditBacklogDescription(_, ref text) => {
            let text = text.clone();
            match terminal::edit_in_editor(term, &text)? {
                Some(new) => app.finish_editor(effect, new),
                None => app.error("the editor failed; nothing changed"),
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_change_schedules_one_save_a_second_later() {
        let t0 = Instant::now();
        let mut a = Autosave::default();
        assert_eq!(a.timeout(t0), None, "idle: block without a timeout");
        assert!(!a.is_due(t0));
        a.note_change(t0);
        a.note_change(t0 + Duration::from_millis(500));
        assert_eq!(a.timeout(t0), Some(AUTOSAVE_DELAY));
        assert!(!a.is_due(t0 + Duration::from_millis(999)));
        assert!(
            a.is_due(t0 + Duration::from_millis(1000)),
            "later changes do not push the save back"
        );
        assert_eq!(a.timeout(t0 + Duration::from_secs(3)), Some(Duration::ZERO));
        a.done();
        assert!(!a.is_pending());
        a.note_change(t0 + Duration::from_secs(5));
        assert!(a.is_due(t0 + Duration::from_secs(6)));
    }
}
