//! Taking over the terminal and always giving it back.
//!
//! Why one module: raw mode, the alternate screen, a hidden cursor, mouse capture and
//! bracketed paste must be undone on every way out — quit, error, panic, Ctrl-C, SIGTERM,
//! SIGQUIT, SIGHUP — and around Ctrl-z, a stop from outside and `$EDITOR`, or the user's
//! shell is left unusable; and the signal thread that does it when the event loop cannot
//! must hold the latest edits, so a closed window loses none.

use std::io::{self, Stdout, Write};
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGSTOP, SIGTERM, SIGTSTP, SIGWINCH};

use crate::model::Workbook;

/// The app's terminal.
pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode, alternate screen, mouse capture, bracketed paste.
pub fn init() -> io::Result<Term> {
    if let Err(e) = take_over() {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

fn take_over() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        cursor::Hide
    )
}

/// Gives the terminal back: raw mode off, main screen, cursor shown, mouse capture and
/// bracketed paste off. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

/// Restores the terminal before the default panic message is printed.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// How long the event loop gets to take a stopping signal over before the signal thread
/// saves the edits itself and exits. Short, because when the terminal went away (SIGHUP
/// after a closed window or a dropped SSH link) the loop is stuck in crossterm's read
/// (crossterm#793) and everything has to happen here, well within half a second.
const SIGNAL_GRACE: Duration = Duration::from_millis(150);

/// The signals that stop the app: each restores the terminal, saves and removes the lock.
const STOPPING: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];

/// Nobody has taken the shutdown over yet.
const OPEN: u8 = 0;
/// The event loop shuts down (a quit, or a signal it noticed).
const BY_LOOP: u8 = 1;
/// The signal thread saves and exits (the loop did not answer in time).
const BY_THREAD: u8 = 2;

/// Unsaved edits the signal thread writes if the event loop cannot.
#[derive(Debug, Clone)]
pub struct Pending {
    pub path: PathBuf,
    /// Shared with the save worker's snapshot, so the latest edits are held once.
    pub workbook: std::sync::Arc<Workbook>,
    /// What the file held when last loaded or saved (the base for merging a change on disk).
    pub base: std::sync::Arc<Workbook>,
    /// The file's fingerprint then, to notice that someone else wrote it meanwhile.
    pub known: Option<crate::store::watch::Fingerprint>,
}

/// What the event loop and the signal thread share.
#[derive(Default)]
struct Shared {
    /// The stopping signal received, 0 when none; set in the signal handler itself, so it
    /// is set before the process sees anything else of a hangup.
    received: Arc<AtomicUsize>,
    /// Who carries the shutdown out: [`OPEN`], [`BY_LOOP`] or [`BY_THREAD`].
    owner: AtomicU8,
    /// The process was continued (`fg`): the loop must take the terminal back and redraw.
    resumed: AtomicBool,
    /// The latest unsaved edits (`None`: nothing unsaved).
    pending: Arc<Mutex<Option<Pending>>>,
    /// Held while the loop or the save worker writes the workbook, so a forced exit never
    /// cuts a save short.
    writing: Arc<Mutex<()>>,
}

/// Stopping signals, Ctrl-z from outside and `fg`, noted for the event loop instead of
/// killing the app or leaving the terminal in the wrong mode.
pub struct Signals {
    shared: Arc<Shared>,
    lock: super::reload::LockSlot,
}

impl Signals {
    /// Starts listening. A received signal also raises SIGWINCH, which wakes crossterm's
    /// blocking read, so the loop needs no timer to notice it. If the loop has not taken
    /// the shutdown over within [`SIGNAL_GRACE`], this thread restores the terminal, saves
    /// the latest edits and exits. SIGTSTP gives the terminal back before stopping;
    /// SIGCONT asks the loop to take it again.
    pub fn listen() -> io::Result<Signals> {
        let shared = Arc::new(Shared::default());
        for signal in STOPPING {
            let value = usize::try_from(signal).unwrap_or(1);
            signal_hook::flag::register_usize(signal, Arc::clone(&shared.received), value)?;
        }
        let lock = super::reload::LockSlot::default();
        let mut wanted = STOPPING.to_vec();
        wanted.extend([SIGTSTP, SIGCONT]);
        let mut signals = signal_hook::iterator::Signals::new(wanted)?;
        let (state, held) = (Arc::clone(&shared), Arc::clone(&lock));
        std::thread::Builder::new()
            .name("soc2-signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    match signal {
                        SIGTSTP => {
                            restore();
                            let _ = signal_hook::low_level::raise(SIGSTOP);
                        }
                        SIGCONT => {
                            state.resumed.store(true, Ordering::SeqCst);
                            let _ = signal_hook::low_level::raise(SIGWINCH);
                        }
                        stop => stopping(&state, &held, stop),
                    }
                }
            })?;
        Ok(Signals { shared, lock })
    }

    /// The signal that asks the app to stop, if one came; asking takes the shutdown over,
    /// so the signal thread leaves it to the event loop.
    pub fn received(&self) -> Option<i32> {
        match self.shared.received.load(Ordering::SeqCst) {
            0 => None,
            s => {
                self.claim();
                Some(i32::try_from(s).unwrap_or(1))
            }
        }
    }

    /// The event loop is about to shut down (a quit, or after [`Signals::received`]): the
    /// signal thread will not save too. If the thread has already started its own rescue
    /// save, this never returns; the process exits from there.
    pub fn claim(&self) {
        let taken =
            self.shared
                .owner
                .compare_exchange(OPEN, BY_LOOP, Ordering::SeqCst, Ordering::SeqCst);
        if taken == Err(BY_THREAD) {
            loop {
                std::thread::park();
            }
        }
    }

    /// Whether the process was continued since the last call (`fg` after a stop).
    pub fn take_resumed(&self) -> bool {
        self.shared.resumed.swap(false, Ordering::SeqCst)
    }

    /// The slot for the workbook's lock, which the signal thread removes on a forced exit.
    pub fn lock_slot(&self) -> super::reload::LockSlot {
        Arc::clone(&self.lock)
    }

    /// Records the edits the signal thread must save if the loop is stuck (`None`: saved).
    pub fn set_pending(&self, pending: Option<Pending>) {
        if let Ok(mut slot) = self.shared.pending.lock() {
            *slot = pending;
        }
    }

    /// What the save worker shares with the signal thread: the lock it holds while it
    /// writes, and the edits the thread would rescue (updated the moment a write lands).
    pub fn gate(&self) -> Gate {
        Gate {
            writing: Arc::clone(&self.shared.writing),
            pending: Arc::clone(&self.shared.pending),
        }
    }

    /// Held around every write of the workbook by the loop.
    pub fn writing(&self) -> std::sync::MutexGuard<'_, ()> {
        self.shared
            .writing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The save worker's side of the handshake with the signal thread: exactly one of them
/// writes at a time, and after a worker's write the thread's rescue starts from it.
#[derive(Debug, Clone, Default)]
pub struct Gate {
    writing: Arc<Mutex<()>>,
    pending: Arc<Mutex<Option<Pending>>>,
}

impl Gate {
    /// Held around a write of the workbook; a forced exit waits for it.
    pub fn writing(&self) -> std::sync::MutexGuard<'_, ()> {
        self.writing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records the edits a forced exit must save (the loop does this through [`Signals`]).
    pub fn set_pending(&self, pending: Option<Pending>) {
        if let Ok(mut slot) = self.pending.lock() {
            *slot = pending;
        }
    }

    /// What a forced exit would save now, taking it (as the signal thread does).
    pub fn take_pending(&self) -> Option<Pending> {
        self.pending.lock().ok().and_then(|mut p| p.take())
    }

    /// `snapshot` is now on disk with `known`'s fingerprint: the rescue copy's base is that
    /// (so a rescue merges from it), and nothing is left to rescue if it is that.
    pub fn written(&self, snapshot: &Arc<Workbook>, known: &crate::store::watch::Fingerprint) {
        let Ok(mut slot) = self.pending.lock() else {
            return;
        };
        if slot
            .as_ref()
            .is_some_and(|p| Arc::ptr_eq(&p.workbook, snapshot))
        {
            *slot = None;
        } else if let Some(p) = slot.as_mut() {
            p.base = Arc::clone(snapshot);
            p.known = Some(known.clone());
        }
    }
}

/// On the signal thread: tell the loop, give it [`SIGNAL_GRACE`] to take over, else
/// restore the terminal, wait for a save in progress, save the latest edits, remove the
/// lock and exit with the conventional status.
fn stopping(state: &Shared, held: &super::reload::LockSlot, signal: i32) {
    let _ = signal_hook::low_level::raise(SIGWINCH);
    let deadline = Instant::now() + SIGNAL_GRACE;
    while Instant::now() < deadline {
        if state.owner.load(Ordering::SeqCst) == BY_LOOP {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    if state
        .owner
        .compare_exchange(OPEN, BY_THREAD, Ordering::SeqCst, Ordering::SeqCst)
        .is_err()
    {
        return;
    }
    restore();
    let _writing = state
        .writing
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let rescue = state.pending.lock().ok().and_then(|mut p| p.take());
    if let Some(p) = rescue {
        super::reload::rescue(&p);
    }
    drop(held.lock().ok().and_then(|mut l| l.take()));
    std::process::exit(128 + signal);
}

/// Ctrl-z: restore the terminal, stop like any job, and take the terminal back on `fg`.
/// SIGSTOP, because SIGTSTP is caught (an external one restores the terminal first).
pub fn suspend(term: &mut Term) -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(SIGSTOP)?;
    resume(term)
}

/// Takes the terminal back after a stop (raw mode, alternate screen, …) and clears it so
/// the next draw repaints everything. Not `Terminal::clear`: it asks the terminal where
/// the cursor is and fails when no answer comes.
pub fn resume(term: &mut Term) -> io::Result<()> {
    take_over()?;
    execute!(io::stdout(), Clear(ClearType::All))?;
    // Both buffers blank: the next draw writes every cell.
    term.swap_buffers();
    Ok(())
}

/// Lets go of a terminal already given back by [`restore`]. Dropping it would show the
/// cursor once more and, when the terminal went away, report that failure on a stderr
/// that is gone too (which panics); the process is about to exit anyway.
pub fn release(term: Term) {
    std::mem::forget(term);
}

/// Runs `$VISUAL`/`$EDITOR` (as `git commit` does) on a temporary file holding `text`
/// and returns what the person saved; `None` when the editor failed.
pub fn edit_in_editor(term: &mut Term, text: &str) -> io::Result<Option<String>> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|e| !e.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());
    let mut file = tempfile::Builder::new()
        .prefix("soc2-note-")
        .suffix(".md")
        .tempfile()?;
    file.write_all(text.as_bytes())?;
    file.flush()?;
    restore();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status();
    resume(term)?;
    match status {
        Ok(s) if s.success() => Ok(Some(std::fs::read_to_string(file.path())?)),
        _ => Ok(None),
    }
}
