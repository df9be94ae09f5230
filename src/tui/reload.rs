//! Living with other writers: the sidecar lock, noticing that the workbook changed on disk
//! (a `git pull` or `checkout` while the app is open), and folding unsaved edits into it.
//!
//! Why a module of its own, driven by an injected `Instant`: the event loop only wakes it
//! (after a key, before every save, and every [`POLL`] while idle), so an idle app stats
//! one file now and then and redraws only when something really changed; and tests drive
//! every case — reload, merge, the conflict question, an unreadable file, a second
//! instance, a stale lock — without a terminal and without sleeping.
//!
//! The rules: a file that changed while nothing was unsaved is reloaded silently; unsaved
//! edits are merged into it with `merge::reload` (base: what was last loaded or saved);
//! if that merge conflicts, the person chooses; a file that no longer loads (a text merge
//! with conflict markers) is never overwritten — the app goes read-only until it loads
//! again; a file that is gone is recreated by the next save; a file its owner made
//! read-only is never written. A save always looks first, and then, under the workbook's
//! write lock, compares the file's content with what it last read, so a change made behind
//! its back (even one that kept size and mtime) is merged before the rename, never
//! overwritten. A save that fails keeps the edits in memory, says so, and is retried when
//! idle with a growing pause; quitting then writes them to `NAME.unsaved.ron`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::action::Action;
use super::app::{App, Document};
use super::popup::{self, Popup, PopupKind};
use super::prefs::Prefs;
use super::terminal::{Gate, Pending};
use super::text::{pad, wrap};
use super::theme::Theme;
use super::worker::{self, Job, Look, Looked, Outcome, Saver, Task, TaskKind};
use crate::catalog::{catalog, scoping::questionnaire};
use crate::model::{Date, Workbook};
use crate::store::lock::{self, Lock, LockError, LockInfo};
use crate::store::watch::{self, Change, Fingerprint};
use crate::store::{self, StoreError};

/// How often an idle app looks at the file (a stat; the file is read only if it changed).
pub const POLL: Duration = Duration::from_millis(1500);

/// Keys come fast; the file is looked at no more often than this while typing.
const INPUT_GAP: Duration = Duration::from_millis(300);

/// After this long, a fingerprint taken right after a write is retaken once, so later
/// looks can trust size and mtime instead of hashing the file every time.
const SETTLE: Duration = Duration::from_secs(3);

/// How long the app waits for a command-line save to finish before its own save fails
/// (and is retried when idle).
const SAVE_WAIT: Duration = Duration::from_secs(2);

/// How long quitting waits for a save in flight on the worker (it waits at most
/// [`SAVE_WAIT`] for the write lock, then writes).
pub const EXIT_WAIT: Duration = Duration::from_secs(60);

/// The pause before retrying a failed save, doubled after each failure up to [`RETRY_MAX`].
const RETRY_FIRST: Duration = Duration::from_secs(2);
const RETRY_MAX: Duration = Duration::from_secs(60);

/// The held lock, shared with the signal thread so even a forced exit removes it.
pub type LockSlot = Arc<Mutex<Option<Lock>>>;

/// Why the app looks at the file now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// After a key or click.
    Input,
    /// The event wait timed out: nothing else is happening.
    Idle,
    /// Just before an autosave.
    Save,
    /// Just before the last save on the way out: merge, never ask.
    Exit,
}

/// A new version on disk waiting for the person's choice.
#[derive(Debug, Clone)]
struct Arrival {
    on_disk: Workbook,
    merged: Workbook,
}

/// What the app knows about the file on disk and about other instances.
#[derive(Debug, Default)]
pub struct Sync {
    lock: LockSlot,
    /// The file as last read or written; `None`: the document is not watched.
    known: Option<Fingerprint>,
    /// When to retake `known` once so its metadata can be trusted.
    settle_at: Option<Instant>,
    last_check: Option<Instant>,
    /// The file disappeared (edits are kept; the next save recreates it).
    pub gone: bool,
    /// Another live soc2 holds the lock: this one is read-only and follows its saves.
    pub held_by: Option<LockInfo>,
    /// The file on disk does not load (why): read-only, never overwritten.
    pub unreadable: Option<String>,
    pending: Option<Arrival>,
    /// Where unsaved edits went when the file could not be written on the way out.
    pub rescued: Option<PathBuf>,
    /// The file's owner made it read-only: the app never writes it.
    pub file_read_only: bool,
    /// After a failed save: how many in a row, and when to try again.
    failures: u32,
    retry_at: Option<Instant>,
    /// Where the unsaved copy goes if the workbook's own folder cannot take it; `None`:
    /// the user's state folder, else the temporary folder.
    pub rescue_dir: Option<PathBuf>,
    /// Opened with `--read-only`: no lock taken, nothing ever written, changes followed.
    pub reviewer: bool,
    /// The I/O worker; `None`: saves and looks run on the calling thread.
    saver: Option<Saver>,
    /// The look in flight is an `R`.
    forced: bool,
    /// The evidence must be hashed again once the worker is free.
    drift_owed: bool,
    /// The audit package asked for while the worker was busy: written once it is free.
    export_owed: bool,
}

impl Sync {
    /// Whether this app holds the workbook's lock.
    pub fn holds_lock(&self) -> bool {
        self.lock.lock().is_ok_and(|l| l.is_some())
    }

    /// The fingerprint of the file as last read or written.
    pub fn known(&self) -> Option<&Fingerprint> {
        self.known.as_ref()
    }

    /// When a failed save is tried again, if one failed.
    pub fn retry_at(&self) -> Option<Instant> {
        self.retry_at
    }

    /// Whether a reload waits for the person to choose what happens to their edits.
    pub fn is_waiting(&self) -> bool {
        self.pending.is_some()
    }

    /// Moves the lock into `slot` (the signal thread's) and keeps using that slot.
    pub fn share_lock(&mut self, slot: LockSlot) {
        let mine = take(&self.lock);
        if let (Some(l), Ok(mut s)) = (mine, slot.lock()) {
            *s = Some(l);
        }
        self.lock = slot;
    }

    /// Starts the save worker thread (the app; tests use [`Sync::set_saver`]).
    pub fn start_worker(&mut self, gate: Gate) {
        self.saver = Saver::spawn(gate);
    }

    /// Uses `saver` for saves from now on.
    pub fn set_saver(&mut self, saver: Saver) {
        self.saver = Some(saver);
    }

    /// The save worker, if saves run off this thread.
    pub fn saver_mut(&mut self) -> Option<&mut Saver> {
        self.saver.as_mut()
    }

    /// Whether a save is in flight on the worker.
    pub fn saving(&self) -> bool {
        self.saver.as_ref().and_then(Saver::in_flight) == Some(TaskKind::Save)
    }

    /// Whether the worker has any job in flight (the file is not looked at meanwhile: a
    /// save's own write would look like someone else's, and one job runs at a time).
    pub fn busy(&self) -> bool {
        self.saver.as_ref().is_some_and(Saver::busy)
    }

    /// Removes the lock file now (quitting).
    pub fn release_lock(&mut self) {
        drop(take(&self.lock));
    }
}

impl Drop for Sync {
    fn drop(&mut self) {
        self.release_lock();
    }
}

fn take(slot: &LockSlot) -> Option<Lock> {
    slot.lock().map_or(None, |mut l| l.take())
}

/// What to tell the person when the app opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Another soc2 has it open: read-only.
    Held { holder: LockInfo, lock: PathBuf },
    /// A lock left by a crashed soc2 was replaced.
    TookOver(LockInfo),
    /// No lock could be taken (a read-only folder?).
    NoLock(String),
}

/// A workbook opened from disk: the document, its watch state and what to say about it.
#[derive(Debug)]
pub struct Opened {
    pub doc: Document,
    pub sync: Sync,
    pub notice: Option<Notice>,
}

/// Takes the lock (or learns who holds it), loads the workbook and fingerprints it.
pub fn open(path: &Path) -> Result<Opened, StoreError> {
    open_as(path, false)
}

/// [`open`], or with `reviewer` (`--read-only`) without touching anything on disk: no
/// debris cleaned, no lock taken (so it never blocks a writer), never written.
pub fn open_as(path: &Path, reviewer: bool) -> Result<Opened, StoreError> {
    open_as_in(path, reviewer, LockSlot::default())
}

/// [`open_as`], putting the lock into `slot` the moment it is taken: the signal thread
/// holds the same slot, so a stop while a large workbook is still being read removes the
/// lock instead of leaving it behind.
fn open_as_in(path: &Path, reviewer: bool, slot: LockSlot) -> Result<Opened, StoreError> {
    if reviewer {
        let (workbook, size, sha256) = store::load_hashed(path)?;
        let mut sync = Sync::default();
        sync.known = Fingerprint::of_hashed(path, size, sha256).ok();
        sync.settle_at = Some(Instant::now() + SETTLE);
        sync.file_read_only = store::is_read_only(path);
        sync.reviewer = true;
        let mut doc = Document::new(workbook, path.to_path_buf());
        doc.read_only = read_only_reason(&sync, &doc.workbook);
        return Ok(Opened {
            doc,
            sync,
            notice: None,
        });
    }
    // Temporary files of saves killed by a crash go first.
    store::clean_debris(path);
    let before = lock::recorded(path);
    let mut sync = Sync::default();
    sync.lock = slot;
    let notice = match Lock::acquire(path) {
        Ok(l) => {
            if let Ok(mut slot) = sync.lock.lock() {
                *slot = Some(l);
            }
            before.map(Notice::TookOver)
        }
        Err(LockError::Held { holder, lock, .. }) => {
            sync.held_by = Some(holder.clone());
            Some(Notice::Held { holder, lock })
        }
        Err(e) => Some(Notice::NoLock(e.to_string())),
    };
    let (workbook, size, sha256) = match store::load_hashed(path) {
        Ok(read) => read,
        Err(e) => {
            // Nothing opened: the lock this took goes, whoever else holds the slot.
            drop(sync.lock.lock().ok().and_then(|mut l| l.take()));
            return Err(e);
        }
    };
    sync.known = Fingerprint::of_hashed(path, size, sha256).ok();
    sync.settle_at = Some(Instant::now() + SETTLE);
    sync.file_read_only = store::is_read_only(path);
    let mut doc = Document::new(workbook, path.to_path_buf());
    doc.read_only = read_only_reason(&sync, &doc.workbook);
    Ok(Opened { doc, sync, notice })
}

/// Opens the app on a workbook file: lock, load, watch, and say what the lock found.
pub fn open_app(path: &Path, today: Date, theme: Theme, prefs: Prefs) -> Result<App, StoreError> {
    open_app_as(path, today, theme, prefs, false)
}

/// [`open_app`], read-only for a reviewer when `reviewer` (see [`open_as`]).
pub fn open_app_as(
    path: &Path,
    today: Date,
    theme: Theme,
    prefs: Prefs,
    reviewer: bool,
) -> Result<App, StoreError> {
    open_app_holding(path, today, theme, prefs, reviewer, LockSlot::default())
}

/// [`open_app_as`] with the lock kept in `slot` from the moment it is taken (the app
/// passes the signal thread's slot; see [`open_as_in`]).
pub fn open_app_holding(
    path: &Path,
    today: Date,
    theme: Theme,
    prefs: Prefs,
    reviewer: bool,
    slot: LockSlot,
) -> Result<App, StoreError> {
    let opened = open_as_in(path, reviewer, slot)?;
    let mut app = App::new(opened.doc, today, theme, prefs);
    app.sync = opened.sync;
    match opened.notice {
        Some(Notice::Held { holder, lock }) => app.info(held_notice(&holder, &lock)),
        Some(Notice::TookOver(old)) => app.info(format!(
            "took over a stale lock: {old} is no longer running"
        )),
        Some(Notice::NoLock(why)) => app.error(format!(
            "no lock taken, so another soc2 would not be warned: {}",
            why.lines().next().unwrap_or_default()
        )),
        None => {}
    }
    Ok(app)
}

/// What a read-only second instance says when it opens: in the status bar, so every
/// key keeps working (a popup here made the window look frozen).
fn held_notice(holder: &LockInfo, lock: &Path) -> String {
    format!(
        "read-only: open in another soc2 ({holder}); this window follows its saves and becomes editable when it closes (if it is gone for good, delete {})",
        lock.display()
    )
}

/// Why a workbook opens read-only because of `check` findings; merge conflicts and a scope
/// that contradicts its answers do not count (they are resolved in the app).
pub fn findings_reason(wb: &Workbook) -> Option<String> {
    let findings = if wb.conflicts.is_empty() {
        crate::analysis::check::check(catalog(), questionnaire(), wb)
    } else {
        let mut without = wb.clone();
        without.conflicts.clear();
        crate::analysis::check::check(catalog(), questionnaire(), &without)
    };
    let findings: Vec<_> = findings
        .into_iter()
        .filter(|f| !crate::analysis::check::is_scope_contradiction(f))
        .collect();
    findings.first().map(|first| {
        format!(
            "read-only: {} problem(s), first {}: {} (fix them, `soc2 check` lists all)",
            findings.len(),
            first.entity,
            first.message
        )
    })
}

fn read_only_reason(sync: &Sync, wb: &Workbook) -> Option<String> {
    if sync.reviewer {
        return Some(super::read_only::REVIEWER.to_string());
    }
    if sync.file_read_only {
        return Some(
            "read-only: the file is read-only on disk (make it writable, `chmod u+w`, then press R)"
                .into(),
        );
    }
    if let Some(holder) = &sync.held_by {
        return Some(format!(
            "read-only: open in another soc2 ({holder}); this window follows its saves"
        ));
    }
    if let Some(why) = &sync.unreadable {
        return Some(format!(
            "read-only: the file does not load (fix it, then press R): {why}"
        ));
    }
    findings_reason(wb)
}

fn refresh_read_only(app: &mut App) {
    app.doc.read_only = read_only_reason(&app.sync, &app.doc.workbook);
}

/// Looks at the lock and the file; `true` when the screen must be redrawn. Cheap when
/// nothing happened: one `stat`, and no drawing.
pub fn tick(app: &mut App, now: Instant, wake: Wake) -> bool {
    if wake == Wake::Input
        && app
            .sync
            .last_check
            .is_some_and(|t| now.saturating_duration_since(t) < INPUT_GAP)
    {
        return false;
    }
    app.sync.last_check = Some(now);
    let mut changed = false;
    if matches!(wake, Wake::Input | Wake::Idle) {
        changed |= follow_lock(app);
    }
    let retry = wake == Wake::Idle && app.sync.retry_at.is_some_and(|t| now >= t);
    if retry && app.sync.saver.is_some() && !app.sync.busy() {
        // The save on the worker compares the file's content itself, under the lock.
        app.sync.retry_at = None;
        start_save(app, now);
        return true;
    }
    changed |= look(app, now, wake);
    if wake == Wake::Idle && app.sync.retry_at.is_some_and(|t| now >= t) && !app.sync.busy() {
        app.sync.retry_at = None;
        // The outcome is reported in the status bar either way.
        if app.sync.saver.is_some() {
            start_save(app, now);
        } else {
            let _ = save(app, now);
        }
        changed = true;
    }
    changed
}

/// Whether the file's owner made it read-only (or writable again); `true` when it changed.
fn recheck_mode(app: &mut App) -> bool {
    let now = store::is_read_only(&app.doc.path);
    if now == app.sync.file_read_only {
        return false;
    }
    app.sync.file_read_only = now;
    refresh_read_only(app);
    if now {
        app.error("the workbook file was made read-only; nothing is written to it");
    } else {
        app.info("the workbook file is writable again");
    }
    true
}

/// A read-only second instance becomes the editor when the first one closes.
fn follow_lock(app: &mut App) -> bool {
    if app.sync.held_by.is_none() || lock::holder(&app.doc.path).is_some() {
        return false;
    }
    let Ok(l) = Lock::acquire(&app.doc.path) else {
        return false;
    };
    if let Ok(mut slot) = app.sync.lock.lock() {
        *slot = Some(l);
    }
    app.sync.held_by = None;
    refresh_read_only(app);
    app.info("the other soc2 closed this workbook; you can edit it now");
    true
}

fn adopt(app: &mut App, fingerprint: Fingerprint, now: Instant) {
    app.sync.known = Some(fingerprint);
    app.sync.settle_at = Some(now + SETTLE);
}

/// The file's fingerprint, then its content through `store`. In this order: if the file
/// changes in between, the fingerprint is the older one and the next look reads it again.
fn read(path: &Path) -> std::io::Result<(Parsed, Fingerprint)> {
    let fingerprint = Fingerprint::of_file(path)?;
    Ok((store::load(path).map(|l| l.workbook), fingerprint))
}

type Parsed = Result<Workbook, StoreError>;

/// Shows an error unless it is already shown (a failing look repeats every poll).
fn error_once(app: &mut App, text: String) -> bool {
    if app.message.as_ref().is_some_and(|m| m.text == text) {
        return false;
    }
    app.error(text);
    true
}

fn look(app: &mut App, now: Instant, wake: Wake) -> bool {
    if app.sync.pending.is_some() || app.sync.busy() {
        return false;
    }
    let Some(known) = app.sync.known.clone() else {
        return false;
    };
    let path = app.doc.path.clone();
    if app.sync.saver.is_some() && matches!(wake, Wake::Idle | Wake::Input) {
        return look_off_thread(app, now, known, path);
    }
    let was_gone = std::mem::replace(&mut app.sync.gone, false);
    match watch::changed_since(&path, &known) {
        Err(e) => error_once(app, format!("cannot look at {}: {e}", path.display())),
        Ok(Change::Gone) => {
            app.sync.gone = true;
            if was_gone {
                return false;
            }
            app.error(
                "the workbook file is gone from disk; what you see is kept, and the next save recreates it",
            );
            true
        }
        Ok(Change::Touched(fingerprint)) => {
            adopt(app, fingerprint, now);
            recheck_mode(app) | back(app, was_gone)
        }
        Ok(Change::Same) => {
            let settle = app.sync.settle_at.is_some_and(|t| now >= t);
            if !settle {
                return back(app, was_gone);
            }
            app.sync.settle_at = None;
            match Fingerprint::of_file(&path) {
                Ok(fingerprint) if fingerprint.sha256 == known.sha256 => {
                    app.sync.known = Some(fingerprint);
                    back(app, was_gone)
                }
                // Changed within the racy window: read it like any change.
                Ok(_) => match read(&path) {
                    Ok((parsed, fingerprint)) => arrive(app, parsed, fingerprint, now, wake),
                    Err(_) => false,
                },
                Err(_) => false,
            }
        }
        Ok(Change::Changed(_)) => match read(&path) {
            Ok((parsed, fingerprint)) => arrive(app, parsed, fingerprint, now, wake),
            Err(e) => error_once(app, format!("cannot read {}: {e}", path.display())),
        },
    }
}

/// One `stat` here; anything more (hashing, reading, parsing) on the worker, whose
/// answer [`finish_save`] applies.
fn look_off_thread(app: &mut App, now: Instant, known: Fingerprint, path: PathBuf) -> bool {
    let settle = app.sync.settle_at.is_some_and(|t| now >= t);
    if !settle && watch::looks_unchanged(&path, &known) {
        let was_gone = std::mem::replace(&mut app.sync.gone, false);
        return back(app, was_gone);
    }
    if settle {
        app.sync.settle_at = None;
    }
    let look = Look {
        path,
        known,
        settle,
        force: false,
    };
    if let Some(s) = app.sync.saver.as_mut()
        && s.submit(Task::Look(look))
    {
        app.sync.forced = false;
    }
    false
}

/// Applies what a look on the worker found, as [`look`] does on this thread.
fn looked(app: &mut App, found: Looked, now: Instant, wake: Wake) -> bool {
    let forced = std::mem::take(&mut app.sync.forced);
    let was_gone = std::mem::replace(&mut app.sync.gone, false);
    match found {
        Looked::Failed(text) if forced => {
            app.sync.gone = was_gone;
            app.error(text);
            true
        }
        Looked::Failed(text) => {
            app.sync.gone = was_gone;
            error_once(app, text)
        }
        Looked::Gone if forced => {
            app.sync.gone = true;
            app.error("the workbook file is not on disk; the next save recreates it");
            true
        }
        Looked::Gone => {
            app.sync.gone = true;
            if was_gone {
                return false;
            }
            app.error(
                "the workbook file is gone from disk; what you see is kept, and the next save recreates it",
            );
            true
        }
        Looked::Touched(fingerprint) => {
            adopt(app, fingerprint, now);
            recheck_mode(app) | back(app, was_gone)
        }
        Looked::Same(refreshed) => {
            if let Some(fp) = refreshed {
                app.sync.known = Some(fp);
            }
            back(app, was_gone)
        }
        Looked::Changed {
            parsed,
            fingerprint,
        } => arrive(app, parsed, fingerprint, now, wake),
        Looked::Read {
            parsed,
            fingerprint,
        } => {
            let same = app
                .sync
                .known
                .as_ref()
                .is_some_and(|k| k.sha256 == fingerprint.sha256);
            if same && app.sync.unreadable.is_none() {
                adopt(app, fingerprint, now);
                app.info("the file on disk is what you have; nothing to reload");
                true
            } else {
                arrive(app, parsed, fingerprint, now, Wake::Input)
            }
        }
    }
}

/// Hashes the evidence files again if the hashed entries changed: on the worker when
/// there is one (the answer lands with [`finish_save`]), else here.
pub fn refresh_drift(app: &mut App) {
    if app.sync.saver.is_none() {
        super::drift::refresh(app);
        return;
    }
    if app.sync.busy() {
        app.sync.drift_owed = true;
        return;
    }
    let Some(key) = super::drift::wanted(app) else {
        return;
    };
    let task = Task::Drift(worker::Hashing {
        path: app.doc.path.clone(),
        snapshot: app.doc.snapshot(),
        key,
    });
    if let Some(s) = app.sync.saver.as_mut() {
        s.submit(task);
    }
}

/// Where the app writes the audit package: `audit-package/` beside the workbook.
pub fn package_dir(app: &App) -> PathBuf {
    app.doc.path.parent().map_or_else(
        || PathBuf::from("audit-package"),
        |p| p.join("audit-package"),
    )
}

/// `W`: writes the audit package on the I/O worker (after the job in flight, if any),
/// with a progress line; without a worker, here.
pub fn export_package(app: &mut App) {
    if !app.doc.path.is_file() {
        app.error(
            "the workbook is not on disk yet: nothing exported (it is saved with the first edit)",
        );
        return;
    }
    let task = worker::Export {
        path: app.doc.path.clone(),
        snapshot: app.doc.snapshot(),
        out: package_dir(app),
        today: app.today(),
    };
    let shown = crate::text::sanitize(&task.out.display().to_string()).into_owned();
    if app.sync.saver.is_none() {
        if let Outcome::Exported(result) =
            worker::run(&Task::Export(task), &super::terminal::Gate::default())
        {
            exported(app, result);
        }
        return;
    }
    if app.sync.busy() {
        app.sync.export_owed = true;
        app.info(format!(
            "exporting the audit package to {shown} after the save…"
        ));
        return;
    }
    if let Some(s) = app.sync.saver.as_mut() {
        s.submit(Task::Export(task));
    }
    app.info(format!("exporting the audit package to {shown}…"));
}

/// Says where the package went, or why it did not.
fn exported(app: &mut App, result: Result<(PathBuf, usize), String>) {
    match result {
        Ok((dir, n)) => app.info(format!(
            "exported {n} files to {}",
            crate::text::sanitize(&dir.display().to_string())
        )),
        Err(e) => app.error(format!(
            "audit package not written: {}",
            crate::text::sanitize(&e)
        )),
    }
}

/// The file reappeared unchanged.
fn back(app: &mut App, was_gone: bool) -> bool {
    if was_gone {
        app.info("the workbook file is back on disk, unchanged");
    }
    was_gone
}

/// A new version of the file was read: reload, merge, ask, or go read-only.
fn arrive(
    app: &mut App,
    parsed: Parsed,
    fingerprint: Fingerprint,
    now: Instant,
    wake: Wake,
) -> bool {
    adopt(app, fingerprint, now);
    let on_disk = match parsed {
        Err(why) => {
            app.sync.unreadable = Some(short_error(&why.to_string(), &app.doc.path));
            refresh_read_only(app);
            app.error(
                "the workbook on disk does not load: nothing is written until it does; your edits are kept",
            );
            return true;
        }
        Ok(wb) => wb,
    };
    let was_unreadable = app.sync.unreadable.take().is_some();
    if on_disk == *app.doc.base() {
        // Same content in other words (reformatted by hand): nothing to show.
        if was_unreadable {
            refresh_read_only(app);
            app.info("the workbook on disk loads again");
        }
        return was_unreadable;
    }
    if !app.doc.is_dirty() {
        app.doc.reloaded(on_disk.clone(), on_disk);
        app.info("reloaded: changed on disk");
    } else {
        let result = crate::merge::reload(app.doc.base(), &app.doc.workbook, &on_disk);
        let conflicts = result.conflicts.len();
        if conflicts == 0 {
            app.doc.reloaded(on_disk, result.workbook);
            app.info("reloaded: changed on disk; your unsaved edits are merged in");
        } else if wake == Wake::Exit {
            app.doc.reloaded(on_disk, result.workbook);
        } else {
            app.sync.pending = Some(Arrival {
                on_disk,
                merged: result.workbook,
            });
            app.open(Popup::DiskChanged(DiskChanged {
                selected: 0,
                conflicts,
            }));
            app.info("the workbook changed on disk and your unsaved edits conflict with it");
        }
    }
    refresh_read_only(app);
    true
}

/// The first line of a load error without the path the banner already implies:
/// `/w/acme.ron:3:1: error: unresolved merge conflict` → `3:1 unresolved merge conflict`.
fn short_error(error: &str, path: &Path) -> String {
    let first = error.lines().next().unwrap_or_default();
    let rest = first
        .strip_prefix(path.display().to_string().as_str())
        .map_or(first, |r| r.trim_start_matches(':'));
    rest.replacen(": error: ", " ", 1)
}

/// `R`: read the file again now (after fixing a file that did not load, or to be sure).
pub fn reload_now(app: &mut App) {
    if app.sync.pending.is_some() {
        return;
    }
    if app.sync.busy() {
        app.info("the workbook is being saved or read; press R again in a moment");
        return;
    }
    let Some(known) = app.sync.known.clone() else {
        app.info("this workbook was not read from a file");
        return;
    };
    follow_lock(app);
    recheck_mode(app);
    let path = app.doc.path.clone();
    if let Some(s) = app.sync.saver.as_mut() {
        let look = Look {
            path,
            known,
            settle: false,
            force: true,
        };
        if s.submit(Task::Look(look)) {
            app.sync.forced = true;
            app.info("reading the workbook again…");
        }
        return;
    }
    match read(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            app.sync.gone = true;
            app.error("the workbook file is not on disk; the next save recreates it");
        }
        Err(e) => app.error(format!("cannot read {}: {e}", path.display())),
        Ok((parsed, fingerprint)) => {
            if fingerprint.sha256 == known.sha256 && app.sync.unreadable.is_none() {
                app.sync.gone = false;
                adopt(app, fingerprint, Instant::now());
                app.info("the file on disk is what you have; nothing to reload");
            } else {
                arrive(app, parsed, fingerprint, Instant::now(), Wake::Input);
            }
        }
    }
}

/// Saves pending edits, after looking at the file so a save never overwrites someone
/// else's change unseen; `Ok(true)` when it wrote. A failure is said in the status bar,
/// the edits stay in memory, and the save is retried when idle.
pub fn save(app: &mut App, now: Instant) -> Result<bool, StoreError> {
    if app.sync.pending.is_some() || app.doc.read_only.is_some() || !app.doc.is_dirty() {
        return Ok(false);
    }
    look(app, now, Wake::Save);
    if app.sync.pending.is_some() || app.doc.read_only.is_some() {
        return Ok(false);
    }
    match write(app, now, Wake::Save, SAVE_WAIT) {
        Ok(wrote) => {
            app.sync.retry_at = None;
            if std::mem::take(&mut app.sync.failures) > 0 && wrote {
                app.info("saved: the workbook is written again");
            }
            Ok(wrote)
        }
        Err(e) => {
            failed(app, now, &e);
            Err(e)
        }
    }
}

/// Hands pending edits to the save worker (or saves here without one); `true` when a
/// save started. Nothing starts while one is in flight: the edits made meanwhile go into
/// the next save, which the loop starts once this one has landed.
pub fn start_save(app: &mut App, now: Instant) -> bool {
    if app.sync.pending.is_some() || app.doc.read_only.is_some() || !app.doc.is_dirty() {
        return false;
    }
    if app.sync.saver.is_none() {
        return save(app, now).unwrap_or(false);
    }
    if app.sync.busy() {
        return false;
    }
    let job = Job {
        path: app.doc.path.clone(),
        snapshot: app.doc.snapshot(),
        revision: app.doc.revision(),
        known: app.sync.known.clone(),
        wait: SAVE_WAIT,
    };
    app.sync
        .saver
        .as_mut()
        .is_some_and(|s| s.submit(Task::Save(job)))
}

/// Takes in the worker's finished job (a save, a look, evidence hashing), waiting up to
/// `wait` for it; `true` when one landed (the screen may need redrawing).
pub fn finish_save(app: &mut App, now: Instant, wait: Duration) -> bool {
    take_in(app, now, wait).is_some()
}

/// [`finish_save`] saying more: `None` when nothing landed, else whether what landed
/// changed anything on screen (a look that found nothing does not, so an idle app still
/// draws nothing).
pub fn take_in(app: &mut App, now: Instant, wait: Duration) -> Option<bool> {
    finish_save_as(app, now, wait, Wake::Save)
}

fn finish_save_as(app: &mut App, now: Instant, wait: Duration, wake: Wake) -> Option<bool> {
    let outcome = app.sync.saver.as_mut().and_then(|s| s.take_within(wait))?;
    let visible = match outcome {
        Outcome::Saved {
            snapshot,
            revision,
            fingerprint,
        } => {
            app.doc.saved_as(revision, snapshot);
            if app.sync.known.is_some() {
                match fingerprint {
                    Some(fp) => {
                        app.sync.known = Some(fp);
                        app.sync.settle_at = None;
                    }
                    // Written, but not looked at: the next look reads it once.
                    None => app.sync.settle_at = Some(now),
                }
            }
            app.sync.retry_at = None;
            if std::mem::take(&mut app.sync.gone) {
                app.info("saved: the workbook file is recreated");
            }
            if std::mem::take(&mut app.sync.failures) > 0 {
                app.info("saved: the workbook is written again");
            }
            true
        }
        Outcome::Changed {
            parsed,
            fingerprint,
        } => {
            arrive(app, parsed, fingerprint, now, wake);
            true
        }
        Outcome::Failed(e) => {
            failed(app, now, &e);
            true
        }
        Outcome::Looked(found) => {
            let wake = if wake == Wake::Exit {
                Wake::Exit
            } else {
                Wake::Idle
            };
            looked(app, found, now, wake)
        }
        Outcome::Drifted { key, found, files } => {
            let visible = app.drift.all() != found.as_slice() || app.drift.policy_files() != &files;
            super::drift::store(app, key, found, files);
            visible
        }
        Outcome::Exported(result) => {
            exported(app, result);
            true
        }
    };
    if std::mem::take(&mut app.sync.drift_owed) {
        refresh_drift(app);
    }
    if std::mem::take(&mut app.sync.export_owed) {
        export_package(app);
    }
    Some(visible)
}

/// Says why a save failed and when it is tried again.
fn failed(app: &mut App, now: Instant, e: &StoreError) {
    let pause = RETRY_FIRST
        .saturating_mul(1 << app.sync.failures.min(8))
        .min(RETRY_MAX);
    app.sync.failures = app.sync.failures.saturating_add(1);
    app.sync.retry_at = Some(now + pause);
    let name = app
        .doc
        .path
        .file_stem()
        .map_or_else(|| "workbook".into(), |s| s.to_string_lossy().into_owned());
    app.error(format!(
        "could not save: {}; your edits are kept in memory and saving is retried in {} s (quitting writes them to {name}.unsaved.ron)",
        short_error(&e.to_string(), &app.doc.path),
        pause.as_secs()
    ));
}

/// Writes the document under the workbook's write lock. Under the lock, the file's content
/// is compared with what this app last read; if someone changed it meanwhile (however they
/// kept its size and times), it is read and merged first, exactly like a change seen by a
/// look, and nothing is written while a question about it is open.
fn write(app: &mut App, now: Instant, wake: Wake, wait: Duration) -> Result<bool, StoreError> {
    if app.doc.read_only.is_some() || !app.doc.is_dirty() {
        return Ok(false);
    }
    let path = app.doc.path.clone();
    let guard = store::lock_for_write(&path, wait)?;
    if let Some(known) = app.sync.known.clone() {
        let io = |source| StoreError::Io {
            path: path.clone(),
            action: "read",
            source,
        };
        if let Change::Changed(_) = watch::changed_content(&path, &known).map_err(io)? {
            let (parsed, fingerprint) = read(&path).map_err(io)?;
            arrive(app, parsed, fingerprint, now, wake);
            if app.sync.pending.is_some() || app.doc.read_only.is_some() {
                return Ok(false);
            }
        }
    }
    let was_gone = app.sync.gone;
    let written = app
        .doc
        .save_with(|_, wb| worker::write_hashed(guard.path(), wb))?;
    let wrote = written.is_some();
    if let Some((size, sha256)) = written
        && app.sync.known.is_some()
    {
        // On this thread (no worker: tests, scripted saves back to back) the fingerprint
        // settles as before; only the worker's, a second apart at most, is trusted at once.
        if let Ok(fingerprint) = Fingerprint::of_written(&path, size, sha256) {
            adopt(app, fingerprint.unsettled(), now);
        }
        app.sync.gone = false;
        if was_gone {
            app.info("saved: the workbook file is recreated");
        }
    }
    drop(guard);
    Ok(wrote)
}

/// The last save on the way out: a pending question is answered "keep both" (nothing is
/// lost, conflicts are recorded), a changed file is merged without asking, and edits that
/// cannot go into an unreadable file are written next to it.
pub fn save_on_exit(app: &mut App) -> Result<bool, StoreError> {
    if app.sync.busy() {
        // The worker's save lands first; what it could not write is written below.
        finish_save_as(app, Instant::now(), EXIT_WAIT, Wake::Exit);
    }
    if let Some(arrival) = app.sync.pending.take() {
        app.popups.retain(|p| !matches!(p, Popup::DiskChanged(_)));
        app.doc.reloaded(arrival.on_disk, arrival.merged);
        refresh_read_only(app);
    }
    let now = Instant::now();
    if app.sync.unreadable.is_none() && app.doc.read_only.is_none() && app.doc.is_dirty() {
        look(app, now, Wake::Exit);
    }
    if app.sync.unreadable.is_some() && app.doc.is_dirty() {
        let fallback = app.sync.rescue_dir.clone().unwrap_or_else(rescue_dir);
        app.sync.rescued = Some(write_rescue_copy_in(
            &app.doc.path,
            &app.doc.workbook,
            &fallback,
        )?);
        return Ok(false);
    }
    if app.doc.read_only.is_some() {
        if app.sync.file_read_only && app.doc.is_dirty() {
            let source = StoreError::ReadOnly {
                path: app.doc.path.clone(),
            };
            return Err(rescue_on_exit(app, source));
        }
        return Ok(false);
    }
    match write(app, now, Wake::Exit, store::LOCK_WAIT) {
        Ok(wrote) => Ok(wrote),
        Err(source) if app.doc.is_dirty() => Err(rescue_on_exit(app, source)),
        Err(source) => Err(source),
    }
}

/// The edits could not go into the workbook on the way out: they go to `NAME.unsaved.ron`
/// (next to it, else in the state folder), and the error says where.
fn rescue_on_exit(app: &App, source: StoreError) -> StoreError {
    let fallback = app.sync.rescue_dir.clone().unwrap_or_else(rescue_dir);
    match write_rescue_copy_in(&app.doc.path, &app.doc.workbook, &fallback) {
        Ok(copy) => StoreError::Unsaved {
            path: app.doc.path.clone(),
            copy,
            source: Box::new(source),
        },
        Err(_) => source,
    }
}

/// The user's state folder for soc2 (else the temporary folder): where an unsaved copy
/// goes when the workbook's own folder cannot take it.
fn rescue_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "soc2")
        .map(|d| {
            d.state_dir()
                .unwrap_or_else(|| d.data_local_dir())
                .to_path_buf()
        })
        .unwrap_or_else(std::env::temp_dir)
}

/// Writes `wb` as `NAME.unsaved.ron` (or `NAME.unsaved-2.ron`, …) next to the workbook,
/// or in the user's state folder if that fails.
fn write_rescue_copy(path: &Path, wb: &Workbook) -> Result<PathBuf, StoreError> {
    write_rescue_copy_in(path, wb, &rescue_dir())
}

/// [`write_rescue_copy`] with the folder to fall back on.
fn write_rescue_copy_in(
    path: &Path,
    wb: &Workbook,
    fallback: &Path,
) -> Result<PathBuf, StoreError> {
    let stem = path
        .file_stem()
        .map_or_else(|| "workbook".into(), |s| s.to_string_lossy().into_owned());
    let resolved = store::resolve(path);
    let beside = resolved
        .parent()
        .map_or_else(PathBuf::new, Path::to_path_buf);
    match create_numbered(&beside, &stem, wb) {
        Ok(copy) => Ok(copy),
        Err(first) => {
            if std::fs::create_dir_all(fallback).is_err() {
                return Err(first);
            }
            create_numbered(fallback, &stem, wb).map_err(|_| first)
        }
    }
}

/// Creates `STEM.unsaved.ron` (or `-2`, `-3`, …) in `folder`.
fn create_numbered(folder: &Path, stem: &str, wb: &Workbook) -> Result<PathBuf, StoreError> {
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}.unsaved.ron")
        } else {
            format!("{stem}.unsaved-{n}.ron")
        };
        let candidate = folder.join(name);
        match store::create(&candidate, wb) {
            Ok(()) => return Ok(candidate),
            Err(StoreError::Exists { .. }) if n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// The signal thread's save when the event loop is stuck: the same rules, no questions.
pub fn rescue(pending: &Pending) {
    let mut merged = None;
    if let Some(known) = &pending.known
        && let Ok(Change::Changed(_)) = watch::changed_since(&pending.path, known)
    {
        match store::load(&pending.path) {
            Ok(disk) => {
                merged = Some(
                    crate::merge::reload(&pending.base, &pending.workbook, &disk.workbook).workbook,
                );
            }
            Err(_) => {
                let _ = write_rescue_copy(&pending.path, &pending.workbook);
                return;
            }
        }
    }
    let wb = merged.as_ref().unwrap_or(&pending.workbook);
    if store::save(&pending.path, wb).is_err() {
        // Nobody is left to tell: keep the edits next to the workbook.
        let _ = write_rescue_copy(&pending.path, wb);
    }
}

/// The question asked when unsaved edits conflict with a new version on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskChanged {
    pub selected: usize,
    /// How many fields were changed both ways.
    pub conflicts: usize,
}

/// What the person can do with their edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Merge, recording each field changed both ways as a conflict to resolve.
    KeepBoth,
    /// Take the version on disk; the unsaved edits are dropped.
    Discard,
    /// Keep the version in memory; it overwrites the one on disk.
    KeepMine,
}

/// The options in the order shown (the first, safe one is selected).
pub const CHOICES: [(Choice, &str); 3] = [
    (
        Choice::KeepBoth,
        "Keep both: merge, and list the conflicts to resolve (C)",
    ),
    (
        Choice::Discard,
        "Discard my unsaved edits: take the version on disk",
    ),
    (
        Choice::KeepMine,
        "Keep mine: my version overwrites the one on disk",
    ),
];

/// Keys while the question is open; there is no "cancel": the edits must go somewhere.
pub fn update_popup(app: &mut App, action: Action) {
    let Some(Popup::DiskChanged(q)) = app.popups.last_mut() else {
        return;
    };
    match action {
        Action::Enter => {
            let choice = CHOICES[q.selected.min(CHOICES.len() - 1)].0;
            choose(app, choice);
        }
        other => {
            if let Some(n) = super::views::step(q.selected, CHOICES.len(), other, 1) {
                q.selected = n;
            }
        }
    }
}

/// Carries out the person's answer to the disk-changed question.
pub fn choose(app: &mut App, choice: Choice) {
    let conflicts = match app.popups.last() {
        Some(Popup::DiskChanged(q)) => q.conflicts,
        _ => 0,
    };
    app.popups.retain(|p| !matches!(p, Popup::DiskChanged(_)));
    let Some(arrival) = app.sync.pending.take() else {
        return;
    };
    match choice {
        Choice::KeepBoth => {
            app.doc.reloaded(arrival.on_disk, arrival.merged);
            let key = super::conflicts::key_text(app);
            app.info(format!(
                "merged with the version on disk: {conflicts} conflict(s) recorded; press {key} to resolve them"
            ));
        }
        Choice::Discard => {
            app.doc.reloaded(arrival.on_disk.clone(), arrival.on_disk);
            app.info("discarded your unsaved edits; showing the version on disk");
        }
        Choice::KeepMine => {
            let mine = app.doc.workbook.clone();
            app.doc.reloaded(arrival.on_disk, mine);
            app.info("kept your version; the next save overwrites the one on disk");
        }
    }
    refresh_read_only(app);
}

/// Draws the disk-changed question.
pub fn render(app: &App, q: &DiskChanged, frame: &mut Frame) {
    let screen = frame.area();
    let inner_w = usize::from(screen.width.min(70).saturating_sub(2)).max(1);
    let message = format!(
        "The workbook changed on disk (a git pull or checkout?) while you had unsaved edits, and {} field(s) were changed both ways. What should happen to your edits?",
        q.conflicts
    );
    let mut lines: Vec<Line> = wrap(&message, inner_w)
        .into_iter()
        .map(Line::from)
        .collect();
    lines.push(Line::default());
    for (i, (_, label)) in CHOICES.iter().enumerate() {
        let style = if i == q.selected {
            app.theme.selected
        } else {
            app.theme.base
        };
        lines.push(Line::styled(pad(&format!(" {label}"), inner_w), style));
    }
    lines.push(popup::hint_line(app, PopupKind::DiskChanged));
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = popup::centered(screen, 70, h);
    frame.render_widget(Clear, rect);
    let block = popup::frame_block(app, "Changed on disk");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines), inner);
}
