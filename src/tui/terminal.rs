//! Taking over the terminal and always giving it back.
//!
//! Why one module: raw mode, the alternate screen, a hidden cursor and mouse capture must
//! be undone on every way out — quit, error, panic, Ctrl-C, SIGTERM, SIGHUP — and around
//! Ctrl-z and `$EDITOR`, or the user's shell is left unusable.

use std::io::{self, Stdout, Write};
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::model::Workbook;

/// The app's terminal.
pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode, alternate screen, mouse capture.
pub fn init() -> io::Result<Term> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    if let Err(e) = execute!(out, EnterAlternateScreen, EnableMouseCapture, cursor::Hide) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

/// Gives the terminal back: raw mode off, main screen, cursor shown, mouse capture off.
/// Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
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

/// How long the event loop gets to notice a signal before the signal thread saves the
/// pending edits itself and exits (the loop can be stuck in crossterm when the terminal
/// went away: crossterm#793).
const SIGNAL_GRACE: Duration = Duration::from_secs(2);

/// Unsaved edits the signal thread writes if the event loop cannot.
#[derive(Debug, Clone)]
pub struct Pending {
    pub path: PathBuf,
    pub workbook: Workbook,
    /// What the file held when last loaded or saved (the base for merging a change on disk).
    pub base: std::sync::Arc<Workbook>,
    /// The file's fingerprint then, to notice that someone else wrote it meanwhile.
    pub known: Option<crate::store::watch::Fingerprint>,
}

/// SIGTERM, SIGHUP and SIGINT, noted for the event loop instead of killing the app.
pub struct Signals {
    received: Arc<AtomicI32>,
    handled: Arc<AtomicBool>,
    pending: Arc<Mutex<Option<Pending>>>,
    lock: super::reload::LockSlot,
}

impl Signals {
    /// Starts listening. A received signal also raises SIGWINCH, which wakes crossterm's
    /// blocking read, so the loop needs no timer to notice it. If the loop has not
    /// acknowledged the signal within [`SIGNAL_GRACE`], this thread restores the
    /// terminal, saves the pending edits and exits.
    pub fn listen() -> io::Result<Signals> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGWINCH};
        let received = Arc::new(AtomicI32::new(0));
        let handled = Arc::new(AtomicBool::new(false));
        let pending: Arc<Mutex<Option<Pending>>> = Arc::new(Mutex::new(None));
        let lock = super::reload::LockSlot::default();
        let held = Arc::clone(&lock);
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
        let (flag, ack, slot) = (
            Arc::clone(&received),
            Arc::clone(&handled),
            Arc::clone(&pending),
        );
        std::thread::Builder::new()
            .name("soc2-signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    flag.store(signal, Ordering::SeqCst);
                    let _ = signal_hook::low_level::raise(SIGWINCH);
                    let deadline = Instant::now() + SIGNAL_GRACE;
                    while Instant::now() < deadline {
                        if ack.load(Ordering::SeqCst) {
                            return;
                        }
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    restore();
                    let rescue = slot.lock().ok().and_then(|mut p| p.take());
                    if let Some(p) = rescue {
                        super::reload::rescue(&p);
                    }
                    drop(held.lock().ok().and_then(|mut l| l.take()));
                    std::process::exit(128 + signal);
                }
            })?;
        Ok(Signals {
            received,
            handled,
            pending,
            lock,
        })
    }

    /// The signal that asks the app to stop, if one came; asking acknowledges it, so the
    /// signal thread leaves the shutdown to the event loop.
    pub fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::SeqCst) {
            0 => None,
            s => {
                self.handled.store(true, Ordering::SeqCst);
                Some(s)
            }
        }
    }

    /// The slot for the workbook's lock, which the signal thread removes on a forced exit.
    pub fn lock_slot(&self) -> super::reload::LockSlot {
        Arc::clone(&self.lock)
    }

    /// Records the edits the signal thread must save if the loop is stuck (`None`: saved).
    pub fn set_pending(&self, pending: Option<Pending>) {
        if let Ok(mut slot) = self.pending.lock() {
            *slot = pending;
        }
    }
}

/// Ctrl-z: restore the terminal, stop like any job, and take the terminal back on `fg`.
pub fn suspend(term: &mut Term) -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    resume(term)
}

fn resume(term: &mut Term) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        cursor::Hide
    )?;
    term.clear()
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
