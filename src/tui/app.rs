//! The app's state and its one `update` function.
//!
//! Why this shape: `App` holds the open [`Document`] (workbook, undo/redo, saved state),
//! one small state struct per view, and the popup stack. Every change to the workbook
//! goes through [`App::edit`], which calls `crate::edit`, records an undo snapshot and
//! marks the document changed; views draw from `&App` and never mutate. Things only the
//! event loop can do (run `$EDITOR`, suspend) are requested through [`Effect`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ratatui::layout::Rect;

use super::action::Action;
use super::history::{History, Touch};
use super::popup::{Answer, Choice, Confirm, Pick, Popup, Then};
use super::prefs::Prefs;
use super::theme::Theme;
use super::ui;
use super::views::{self, View, backlog, checklist, dashboard, scoping, timeline};
use crate::edit::{EditError, ItemKey};
use crate::model::{Date, Workbook};
use crate::store::{self, StoreError};

/// The workbook being edited, where it lives and what has been saved.
#[derive(Debug, Clone)]
pub struct Document {
    pub workbook: Workbook,
    pub path: PathBuf,
    /// What the file holds now (as far as we wrote or read it): the base of a reload's merge.
    saved: Arc<Workbook>,
    /// The history's revision the file holds; `None` when no revision matches the file.
    saved_revision: Option<u64>,
    history: History,
    /// Why the document may not be changed (`check` findings), if so.
    pub read_only: Option<String>,
    /// Bumped by every change, undo and redo: the event loop schedules a save when it moves.
    pub generation: u64,
    /// The last [`Document::snapshot`], and the (generation, revision) it was taken at.
    snapshot: Option<((u64, u64), Arc<Workbook>)>,
}

impl Document {
    /// A document for a workbook already on disk at `path`.
    pub fn new(workbook: Workbook, path: PathBuf) -> Document {
        let history = History::default();
        Document {
            saved: Arc::new(workbook.clone()),
            saved_revision: Some(history.revision()),
            workbook,
            path,
            history,
            read_only: None,
            generation: 0,
            snapshot: None,
        }
    }

    /// Loads a workbook; one with `check` findings opens read-only with the reason.
    pub fn open(path: &Path) -> Result<Document, StoreError> {
        let loaded = store::load(path)?;
        let mut doc = Document::new(loaded.workbook, path.to_path_buf());
        doc.read_only = super::reload::findings_reason(&doc.workbook);
        Ok(doc)
    }

    /// Whether the workbook differs from what was last saved (two numbers compared, so
    /// the status bar can ask on every frame).
    pub fn is_dirty(&self) -> bool {
        self.saved_revision != Some(self.history.revision())
    }

    /// Writes the workbook if it changed and may be written; `Ok(true)` when it wrote.
    pub fn save(&mut self) -> Result<bool, StoreError> {
        if self.read_only.is_some() || !self.is_dirty() {
            return Ok(false);
        }
        store::save(&self.path, &self.workbook)?;
        self.saved = Arc::new(self.workbook.clone());
        self.saved_revision = Some(self.history.revision());
        Ok(true)
    }

    /// [`Document::save`] through `write` (the caller's save under the workbook's write
    /// lock); `Ok(Some(..))` when it wrote.
    pub fn save_with<T>(
        &mut self,
        write: impl FnOnce(&Path, &Workbook) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        if self.read_only.is_some() || !self.is_dirty() {
            return Ok(None);
        }
        let written = write(&self.path, &self.workbook)?;
        self.saved = Arc::new(self.workbook.clone());
        self.saved_revision = Some(self.history.revision());
        Ok(Some(written))
    }

    /// The content state's number (what a save reports back as written).
    pub fn revision(&self) -> u64 {
        self.history.revision()
    }

    /// The workbook as it is now, shared: the save worker writes it and the signal thread
    /// keeps it as its rescue copy. Copied once per change, then handed out again.
    pub fn snapshot(&mut self) -> Arc<Workbook> {
        let key = (self.generation, self.history.revision());
        match &self.snapshot {
            Some((k, wb)) if *k == key => Arc::clone(wb),
            _ => {
                let wb = Arc::new(self.workbook.clone());
                self.snapshot = Some((key, Arc::clone(&wb)));
                wb
            }
        }
    }

    /// The save worker wrote `snapshot`, revision `revision`: that is the file now. Edits
    /// made since keep the document dirty, for the next save.
    pub fn saved_as(&mut self, revision: u64, snapshot: Arc<Workbook>) {
        self.saved = snapshot;
        self.saved_revision = Some(revision);
    }

    /// What the file held when it was last loaded or saved: the base of a reload's merge.
    pub fn base(&self) -> &Workbook {
        &self.saved
    }

    /// The base, shared rather than copied (the signal thread keeps it for a rescue save).
    pub fn shared_base(&self) -> Arc<Workbook> {
        Arc::clone(&self.saved)
    }

    /// Takes a new version from disk: `on_disk` is what the file holds now, `workbook` what
    /// the app shows (the same, or the person's edits merged into it). The undo history is
    /// dropped, because undoing past a reload would silently revert the other writer.
    pub fn reloaded(&mut self, on_disk: Workbook, workbook: Workbook) {
        let same = on_disk == workbook;
        self.saved = Arc::new(on_disk);
        self.workbook = workbook;
        let revision = self.history.reset();
        self.saved_revision = same.then_some(revision);
        self.generation += 1;
    }
}

/// Something only the event loop can do, requested by `update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Hand the terminal back to the shell (Ctrl-z).
    Suspend,
    /// Edit an item's notes in `$EDITOR`.
    EditNote(ItemKey, String),
    /// Edit the system description in `$EDITOR`.
    EditDescription(String),
    /// Edit a backlog item's description in `$EDITOR`: its id and the text before.
    EditBacklogDescription(String, String),
}

/// A line for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// Every view's own state: each view's handler gets its part mutably, nothing else
/// does (the update's jumps and "only mine" excepted).
#[derive(Debug, Clone, Default)]
pub struct Views {
    pub dashboard: dashboard::State,
    pub scoping: scoping::State,
    pub checklist: checklist::State,
    pub backlog: backlog::State,
    pub timeline: timeline::State,
    pub team: views::team::State,
    pub policies: views::policies::State,
    pub populations: views::populations::State,
    pub vendors: views::vendors::State,
    pub risks: views::risks::State,
}

/// The whole app state. Its fields are the shell's (`pub(crate)`); outside the crate
/// (tests, benches) it is read and driven through the accessors below and keys.
pub struct App {
    pub(crate) doc: Document,
    pub(crate) today: Date,
    /// The focused tab.
    pub(crate) view: View,
    pub(crate) views: Views,
    /// Open dialogs; the last one is on top and gets the keys.
    pub(crate) popups: Vec<Popup>,
    pub(crate) message: Option<Message>,
    pub(crate) theme: Theme,
    /// The keys: the defaults with the user's overrides (see `config`).
    pub(crate) keymap: super::keymap::Keymap,
    pub(crate) prefs: Prefs,
    /// Whether `prefs` changed and should be written on quit.
    pub(crate) prefs_changed: bool,
    /// The terminal's size, for mapping mouse clicks to what was drawn.
    pub(crate) size: Rect,
    pub(crate) should_quit: bool,
    pub(crate) effect: Option<Effect>,
    /// The lock, the file's fingerprint and a reload waiting for an answer.
    pub(crate) sync: super::reload::Sync,
    /// The finder's index, rebuilt only when the workbook changed.
    pub(crate) finder: super::finder::Cache,
    /// Evidence files that changed since they were collected (refreshed by the loop).
    pub(crate) drift: super::drift::Cache,
    rng: fastrand::Rng,
}

impl App {
    /// An app showing `doc` on the dashboard.
    pub fn new(doc: Document, today: Date, theme: Theme, prefs: Prefs) -> App {
        let mut app = App {
            doc,
            today,
            view: View::Dashboard,
            views: Views::default(),
            popups: Vec::new(),
            message: None,
            theme,
            keymap: super::keymap::Keymap::default(),
            prefs,
            prefs_changed: false,
            size: Rect::new(0, 0, 100, 30),
            should_quit: false,
            effect: None,
            sync: super::reload::Sync::default(),
            finder: super::finder::Cache::default(),
            drift: super::drift::Cache::default(),
            rng: fastrand::Rng::new(),
        };
        super::drift::refresh(&mut app);
        app.views.timeline.seen_scope = Some(timeline::scope_key(&app.doc.workbook));
        app.views.checklist.show_out_of_scope = app.prefs.show_out_of_scope;
        app.views.scoping.walk = app.doc.workbook.scope.answers.is_empty();
        app
    }

    /// Makes new ids reproducible (tests).
    pub fn seed(&mut self, seed: u64) {
        self.rng = fastrand::Rng::with_seed(seed);
    }

    /// The workbook being shown.
    pub fn wb(&self) -> &Workbook {
        &self.doc.workbook
    }

    /// Shows an informational message in the status bar.
    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    /// Shows an error in the status bar.
    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    /// Applies one change through `crate::edit`, recording an undo step when the workbook
    /// changed; a refused change shows its reason and changes nothing.
    pub fn edit<T>(
        &mut self,
        what: &str,
        f: impl FnOnce(&mut Workbook, &mut fastrand::Rng) -> Result<T, EditError>,
    ) -> Option<T> {
        self.edit_touching(what, Touch::Everything, f)
    }

    /// [`App::edit`] for a change that modifies only what `touch` names (besides the
    /// small parts): undo then keeps only those parts, which keeps a keystroke cheap on a
    /// large workbook. Debug builds check the declaration.
    pub fn edit_touching<T>(
        &mut self,
        what: &str,
        touch: Touch,
        f: impl FnOnce(&mut Workbook, &mut fastrand::Rng) -> Result<T, EditError>,
    ) -> Option<T> {
        if let Some(why) = &self.doc.read_only {
            let why = why.clone();
            self.error(why);
            return None;
        }
        let rng = &mut self.rng;
        let (result, changed) =
            self.doc
                .history
                .apply(&mut self.doc.workbook, what, &touch, |wb| f(wb, rng));
        if changed {
            self.doc.generation += 1;
        }
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.error(err.to_string());
                None
            }
        }
    }

    /// The main area's rectangle at the current size.
    pub fn main_area(&self) -> Rect {
        ui::layout(self.size, super::conflicts::banner(self).is_some()).main
    }

    /// Pasted text (bracketed paste) goes whole into the focused text field, its line
    /// breaks and tabs as spaces: every field is one line, and a pasted newline must not
    /// submit it. With no field focused (or the screen too small to show one) the paste
    /// is dropped, so pasted text never fires key bindings. `true` when something changed.
    pub fn paste(&mut self, text: &str) -> bool {
        if ui::too_small(self.size) {
            return false;
        }
        let line = super::popup::one_line(text);
        match self.popups.last_mut() {
            Some(Popup::Input(input)) => {
                input.insert(&line);
                true
            }
            Some(Popup::Form(form)) => {
                if let Some(field) = form.fields.get_mut(form.focus) {
                    field.input.insert(&line);
                }
                true
            }
            Some(Popup::Finder(_)) => super::finder::paste(self, &line),
            _ => false,
        }
    }

    /// Opens a popup on top of the others.
    pub fn open(&mut self, popup: Popup) {
        self.popups.push(popup);
    }

    /// Handles one user intent. While the "terminal too small" screen is up nothing is
    /// visible, so only quitting and suspending act: no key may change the workbook
    /// unseen.
    pub fn update(&mut self, action: Action) {
        if ui::too_small(self.size) {
            match action {
                Action::Quit => self.should_quit = true,
                Action::Suspend => self.effect = Some(Effect::Suspend),
                _ => {}
            }
            return;
        }
        if !matches!(
            action,
            Action::Click { .. } | Action::ScrollUp | Action::ScrollDown
        ) {
            self.message = None;
        }
        if !self.popups.is_empty() {
            self.update_popup(action);
            return;
        }
        if super::read_only::refuses(self, action) {
            return;
        }
        match action {
            Action::Quit => self.should_quit = true,
            Action::Suspend => self.effect = Some(Effect::Suspend),
            Action::Help => self.open(super::popup::help()),
            Action::NextView => self.view = self.view.next(),
            Action::PrevView => self.view = self.view.prev(),
            Action::GoTo(view) => self.view = view,
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::ShowConflicts => super::conflicts::open(self),
            Action::ReloadFromDisk => super::reload::reload_now(self),
            Action::ExportPackage => super::reload::export_package(self),
            Action::ShowRequests => super::requests::open(self),
            Action::OpenFinder => super::finder::open(self),
            Action::OpenPalette => super::palette::open(self),
            Action::ToggleMine => self.toggle_mine(),
            Action::ReadInFull => super::fulltext::open(self),
            Action::Click { column, row } => {
                if let Some(view) = ui::tab_at(self.size, self.view, column, row) {
                    self.view = view;
                } else {
                    let area = self.main_area();
                    self.update_view(action, area);
                }
            }
            _ => {
                let area = self.main_area();
                self.update_view(action, area);
            }
        }
        self.after_update();
    }

    fn undo(&mut self) {
        match self.doc.history.undo(&mut self.doc.workbook) {
            Some(what) => {
                self.doc.generation += 1;
                self.info(format!("undid: {what}"));
            }
            None => self.info("nothing to undo"),
        }
    }

    fn redo(&mut self) {
        match self.doc.history.redo(&mut self.doc.workbook) {
            Some(what) => {
                self.doc.generation += 1;
                self.info(format!("redid: {what}"));
            }
            None => self.info("nothing to redo"),
        }
    }

    fn update_popup(&mut self, action: Action) {
        if action == Action::Quit {
            self.should_quit = true;
            return;
        }
        let page = usize::from(self.size.height.saturating_sub(6)).max(1);
        let Some(top) = self.popups.last_mut() else {
            return;
        };
        match top {
            Popup::Help { .. } => super::popup::help_update(self, action, page),
            Popup::Info(info) => match action {
                Action::Back | Action::Enter => {
                    self.popups.pop();
                }
                Action::Up | Action::ScrollUp => info.scroll = info.scroll.saturating_sub(1),
                Action::Down | Action::ScrollDown => {
                    info.scroll = (info.scroll + 1).min(info.lines.len().saturating_sub(1));
                }
                Action::PageUp => info.scroll = info.scroll.saturating_sub(page),
                Action::PageDown => {
                    info.scroll = (info.scroll + page).min(info.lines.len().saturating_sub(1));
                }
                _ => {}
            },
            Popup::Input(input) => match action {
                Action::Back => {
                    self.popups.pop();
                }
                Action::Enter => {
                    let (then, text) = (input.then.clone(), input.text.clone());
                    self.popups.pop();
                    self.complete(then, Answer::Text(text));
                }
                other => {
                    input.edit(other);
                }
            },
            Popup::Pick(pick) => match action {
                Action::Back => {
                    self.popups.pop();
                }
                Action::Click { column, row } => {
                    // A click on an option chooses it, as Enter would.
                    if let Some(i) = super::popup::pick_option_at(self.size, pick, column, row) {
                        pick.selected = i;
                        self.update_popup(Action::Enter);
                    }
                }
                Action::ScrollUp | Action::ScrollDown => {
                    let step = if action == Action::ScrollUp {
                        Action::Up
                    } else {
                        Action::Down
                    };
                    if let Some(next) = views::step(pick.selected, pick.options.len(), step, page) {
                        pick.selected = next;
                    }
                }
                Action::Enter => {
                    let then = pick.then.clone();
                    let value = pick.options.get(pick.selected).map(|c| c.value.clone());
                    self.popups.pop();
                    if let Some(value) = value {
                        self.complete(then, Answer::Chosen(value));
                    }
                }
                other => {
                    if let Some(next) = views::step(pick.selected, pick.options.len(), other, page)
                    {
                        pick.selected = next;
                    }
                }
            },
            Popup::Conflicts(_) => super::conflicts::update(self, action),
            Popup::Requests(_) => super::requests::update(self, action),
            Popup::DiskChanged(_) => super::reload::update_popup(self, action),
            Popup::Finder(_) => super::finder::update(self, action, page),
            Popup::Form(_) => super::popup::form_update(self, action),
            Popup::Replan(_) => timeline::replan_update(self, action, page),
            Popup::Palette(_) => super::palette::update(self, action, page),
            Popup::Behind(_) => dashboard::behind_update(self, action, page),
            Popup::FullText(_) => super::fulltext::update(self, action),
            Popup::Confirm(confirm) => match action {
                Action::Back => {
                    self.popups.pop();
                }
                Action::Enter => {
                    let then = confirm.then.clone();
                    self.popups.pop();
                    self.complete(then, Answer::Yes);
                }
                _ => {}
            },
        }
    }

    /// Finishes an `$EDITOR` session with the text the person saved.
    pub fn finish_editor(&mut self, effect: Effect, text: String) {
        use super::edits::Edit;
        use super::msg::Msg;
        let unchanged = |before: &str| text.trim_end() == before.trim_end();
        let msgs = match effect {
            Effect::EditNote(_, before) if unchanged(&before) => {
                vec![Msg::Info("note unchanged".into())]
            }
            Effect::EditNote(key, _) => vec![Msg::Edit(Edit::ItemNotes { key, notes: text })],
            Effect::EditDescription(before) if unchanged(&before) => Vec::new(),
            Effect::EditDescription(_) => vec![Msg::Edit(Edit::SystemDescription(text))],
            Effect::EditBacklogDescription(_, before) if unchanged(&before) => {
                vec![Msg::Info("description unchanged".into())]
            }
            Effect::EditBacklogDescription(id, _) => vec![Msg::Edit(Edit::BacklogDescription {
                id,
                description: text,
            })],
            Effect::Suspend => Vec::new(),
        };
        self.apply(msgs);
    }

    /// Asks a yes/no question.
    pub fn confirm(&mut self, message: impl Into<String>, then: Then) {
        self.open(Popup::Confirm(Confirm {
            message: message.into(),
            then,
        }));
    }

    /// Offers a list of options.
    pub fn pick(
        &mut self,
        title: &str,
        prompt: &str,
        options: Vec<Choice>,
        selected: usize,
        then: Then,
    ) {
        self.open(Popup::Pick(Pick {
            title: title.to_string(),
            prompt: prompt.to_string(),
            options,
            selected,
            then,
        }));
    }
}

impl App {
    /// Undoes the last change (the conflicts list offers it without closing).
    pub fn undo_step(&mut self) {
        self.undo();
    }

    /// Redoes the last undone change.
    pub fn redo_step(&mut self) {
        self.redo();
    }
}

/// Reading and driving the app from outside the shell (tests, benches, the binary).
impl App {
    /// The open document.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The open document, to save or replace it (the loop, tests).
    pub fn doc_mut(&mut self) -> &mut Document {
        &mut self.doc
    }

    /// The day the app treats as today.
    pub fn today(&self) -> Date {
        self.today
    }

    /// The focused tab.
    pub fn view(&self) -> View {
        self.view
    }

    /// Every view's state (what is selected, sorted, filtered).
    pub fn views(&self) -> &Views {
        &self.views
    }

    /// Every view's state, to put a view in a given state before pressing keys (tests).
    pub fn views_mut(&mut self) -> &mut Views {
        &mut self.views
    }

    /// The document to read and the views' state to change, at once (tests put a view
    /// on a given row of the workbook's lists).
    pub fn doc_and_views(&mut self) -> (&Document, &mut Views) {
        (&self.doc, &mut self.views)
    }

    /// The preferences, to change them (tests).
    pub fn prefs_mut(&mut self) -> &mut Prefs {
        &mut self.prefs
    }

    /// The popup stack, bottom first.
    pub fn popups(&self) -> &[Popup] {
        &self.popups
    }

    /// The status bar's line.
    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The effective keymap.
    pub fn keymap(&self) -> &super::keymap::Keymap {
        &self.keymap
    }

    /// Puts the user's keymap in place (from the config file).
    pub fn set_keymap(&mut self, keymap: super::keymap::Keymap) {
        self.keymap = keymap;
    }

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// Whether the prefs changed and should be written on quit.
    pub fn prefs_changed(&self) -> bool {
        self.prefs_changed
    }

    /// The terminal's size as last drawn.
    pub fn size(&self) -> Rect {
        self.size
    }

    /// The terminal's size (the loop, on a resize; tests).
    pub fn set_size(&mut self, size: Rect) {
        self.size = size;
    }

    pub fn should_quit(&self) -> bool {
        self.should_quit
    }

    /// What the event loop was asked to do, if anything (pending).
    pub fn effect(&self) -> Option<&Effect> {
        self.effect.as_ref()
    }

    /// Takes the pending effect for the event loop to carry out.
    pub fn take_effect(&mut self) -> Option<Effect> {
        self.effect.take()
    }

    /// The lock, the file's fingerprint, the save worker.
    pub fn sync(&self) -> &super::reload::Sync {
        &self.sync
    }

    pub fn sync_mut(&mut self) -> &mut super::reload::Sync {
        &mut self.sync
    }

    /// The finder's index cache.
    pub fn finder(&self) -> &super::finder::Cache {
        &self.finder
    }

    /// Evidence files that changed since collected.
    pub fn drift(&self) -> &super::drift::Cache {
        &self.drift
    }
}
