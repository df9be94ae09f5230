//! The full-screen workbook: `soc2` in a terminal, keyboard first, offline.
//!
//! Why this layout (after television, gitui and ratatui's demo2): one [`action::Action`]
//! enum, one keymap table ([`keymap`]) that also feeds the help and the hints, an
//! [`app::App`] whose `update` is the only place the workbook changes (through
//! `crate::edit`), views that draw from `&App`, a popup stack, and an event loop that
//! blocks on input and redraws only after something happened.

pub mod action;
pub mod app;
pub mod config;
pub mod conflicts;
pub mod drift;
pub mod edits;
pub mod event_loop;
pub mod finder;
pub mod fulltext;
pub mod history;
pub mod keymap;
pub mod msg;
pub mod opening;
pub mod palette;
pub mod popup;
pub mod prefs;
pub mod read_only;
pub mod reload;
pub mod requests;
pub mod startup;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod ui;
pub mod update;
pub mod views;
pub mod worker;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use app::App;
use prefs::PrefsStore;
use startup::{Outcome, Startup};
use theme::Theme;

use crate::model::Date;

/// Exit code for a workbook that cannot be opened.
const EXIT_INVALID: u8 = 1;

/// Opens the app on `path`, or finds a workbook in `./workbooks/` (picker / first run);
/// `read_only` (`--read-only`): look without touching, no lock, nothing saved.
pub fn run(path: Option<PathBuf>, today: Date, read_only: bool) -> anyhow::Result<ExitCode> {
    let settings = config::settings(
        config::path_from_env().as_deref(),
        std::env::var_os("NO_COLOR").as_deref(),
    );
    let theme = settings.theme;
    let store = PrefsStore::from_env();
    let prefs = store.load();
    terminal::install_panic_hook();
    let signals = terminal::Signals::listen()?;
    let path = match path {
        Some(p) => p,
        None => match choose(&prefs, &theme, today, &signals)? {
            Some(p) => p,
            None => return Ok(exit_code(&signals)),
        },
    };
    // A large workbook takes a moment to read: the first frame says so at once.
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    let mut opened = None;
    if size >= opening::SHOWN_FROM {
        let mut term = terminal::init()?;
        let _ = term.draw(|f| opening::render(f, &theme, &path, size));
        opened = Some(term);
    }
    let opened_app =
        reload::open_app_holding(&path, today, theme, prefs, read_only, signals.lock_slot());
    let mut app: App = match opened_app {
        Ok(app) => app,
        Err(err) => {
            if let Some(term) = opened {
                terminal::restore();
                terminal::release(term);
            }
            crate::cli::output::error(&err.to_string());
            return Ok(ExitCode::from(EXIT_INVALID));
        }
    };
    config::apply(&mut app, settings);
    app.prefs.remember(&path);
    app.sync.share_lock(signals.lock_slot());
    app.sync.start_worker(signals.gate());
    let mut term = match opened {
        Some(term) => term,
        None => terminal::init()?,
    };
    let result = event_loop::run(&mut term, &mut app, &signals);
    signals.claim();
    let saved = reload::save_on_exit(&mut app);
    app.sync.release_lock();
    terminal::restore();
    if let Some(copy) = &app.sync.rescued {
        crate::cli::output::error(&format!(
            "{} does not load, so your unsaved edits are in {}",
            path.display(),
            copy.display()
        ));
    }
    let _ = store.save(&app.prefs);
    terminal::release(term);
    if signals.received().is_none() {
        // After a stopping signal the terminal may be gone: its errors are expected then.
        result?;
    }
    if let Err(err) = saved {
        crate::cli::output::error(&format!("could not save {}: {err}", path.display()));
        return Ok(ExitCode::from(2));
    }
    Ok(exit_code(&signals))
}

/// 0, or the conventional exit status of a process ended by a signal.
fn exit_code(signals: &terminal::Signals) -> ExitCode {
    match signals.received() {
        Some(sig) => ExitCode::from(u8::try_from(128 + sig).unwrap_or(1)),
        None => ExitCode::SUCCESS,
    }
}

/// Picks the workbook to open when none was named; `None` when the person quit.
fn choose(
    prefs: &prefs::Prefs,
    theme: &Theme,
    today: Date,
    signals: &terminal::Signals,
) -> anyhow::Result<Option<PathBuf>> {
    let dir = Path::new(startup::WORKBOOKS_DIR);
    let mut candidates = startup::workbooks_in(dir);
    if candidates.len() == 1 {
        return Ok(candidates.pop());
    }
    if candidates.is_empty() {
        candidates = prefs
            .recent
            .iter()
            .filter(|p| p.is_file())
            .cloned()
            .collect();
    }
    let mut term = terminal::init()?;
    let outcome = startup::run(
        &mut term,
        Startup::for_candidates(candidates),
        theme,
        signals,
    );
    terminal::restore();
    terminal::release(term);
    match outcome? {
        Outcome::Open(p) => Ok(Some(p)),
        Outcome::Quit => Ok(None),
        Outcome::Create(org) => match startup::create_workbook(dir, &org, today) {
            Ok(p) => Ok(Some(p)),
            Err(err) => {
                crate::cli::output::error(&err.to_string());
                Ok(None)
            }
        },
    }
}
