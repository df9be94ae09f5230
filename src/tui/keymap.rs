//! The one table of key bindings: what each key does where, and how it is described.
//!
//! Why a table: the help overlay (`?`) and the status-bar hints are generated from it, so
//! they can never disagree with what the keys do, and a new view or popup adds rows here
//! instead of a new `match` on key codes.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::popup::PopupKind;
use super::views::View;
use crate::model::{BacklogStatus, ItemStatus};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere no popup is open.
    Global,
    /// While this view has the focus.
    View(View),
    /// While this popup is on top.
    Popup(PopupKind),
}

/// A key with its modifiers (Shift is folded into the character for letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

impl Key {
    /// The key as crossterm reports it, normalized (Shift dropped where the character or
    /// BackTab already says it).
    pub fn from_event(ev: KeyEvent) -> Option<Key> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(ev.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match ev.code {
            // A legacy terminal sends ctrl-\ as 0x1C, which crossterm reads as ctrl-4; a
            // terminal with the kitty protocol sends the backslash itself: one key either way.
            KeyCode::Char('\\') if mods.contains(KeyModifiers::CONTROL) => KeyCode::Char('4'),
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        Some(Key { code, mods })
    }

    /// How the help and the hints write the key.
    pub fn label(self) -> String {
        if self.code == KeyCode::Char('4') && self.mods == KeyModifiers::CONTROL {
            return "ctrl-\\".to_string();
        }
        let base = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "enter".into(),
            KeyCode::Esc => "esc".into(),
            KeyCode::Tab => "tab".into(),
            KeyCode::BackTab => "shift-tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "pgup".into(),
            KeyCode::PageDown => "pgdn".into(),
            KeyCode::Home => "home".into(),
            KeyCode::End => "end".into(),
            KeyCode::Backspace => "backspace".into(),
            KeyCode::Delete => "del".into(),
            other => format!("{other:?}").to_lowercase(),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("ctrl-{base}")
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("alt-{base}")
        } else {
            base
        }
    }
}

/// One row of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub scope: Scope,
    pub key: Key,
    pub action: Action,
    /// What the key does, for the help overlay.
    pub description: &'static str,
    /// The short label in the status bar's hints; empty: not shown there.
    pub hint: &'static str,
    /// Said on purpose: this view binding hides the global binding of the same key.
    pub shadow: bool,
}

const fn b(
    scope: Scope,
    key: Key,
    action: Action,
    description: &'static str,
    hint: &'static str,
) -> Binding {
    Binding {
        scope,
        key,
        action,
        description,
        hint,
        shadow: false,
    }
}

use KeyCode::{
    BackTab, Backspace, Delete, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};
use Scope::{Global as G, Popup as P};
const DASH: Scope = Scope::View(View::Dashboard);
const SCOPE: Scope = Scope::View(View::Scoping);
const CHECK: Scope = Scope::View(View::Checklist);
const HELP: Scope = P(PopupKind::Help);
const INPUT: Scope = P(PopupKind::Input);
const PICK: Scope = P(PopupKind::Pick);
const CONFIRM: Scope = P(PopupKind::Confirm);
const INFO: Scope = P(PopupKind::Info);
const CONFLICTS: Scope = P(PopupKind::Conflicts);
const REQUESTS: Scope = P(PopupKind::Requests);
const DISK: Scope = P(PopupKind::DiskChanged);
const BACK: Scope = Scope::View(View::Backlog);
const TIME: Scope = Scope::View(View::Timeline);
const FINDER: Scope = P(PopupKind::Finder);
const FORM: Scope = P(PopupKind::Form);
const REPLAN: Scope = P(PopupKind::Replan);
const PALETTE: Scope = P(PopupKind::Palette);
const BEHIND: Scope = P(PopupKind::Behind);
const TEAM: Scope = Scope::View(View::Team);
const POL: Scope = Scope::View(View::Policies);
const FULL: Scope = P(PopupKind::FullText);
const POP: Scope = Scope::View(View::Populations);
const VEND: Scope = Scope::View(View::Vendors);
const RISK: Scope = Scope::View(View::Risks);

/// Every binding of the app, in the order of the help overlay:
/// `(scope, key, action, description for the help, short hint for the status bar)`.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    b(G, ch('q'), Action::Quit, "quit (saves first)", "quit"),
    b(G, ctrl('c'), Action::Quit, "quit (saves first)", ""),
    // Ctrl-\ (SIGQUIT in a cooked terminal): terminals send it as 0x1c, which crossterm
    // reports as ctrl-4.
    b(G, ctrl('4'), Action::Quit, "quit (saves first)", ""),
    b(G, ch('?'), Action::Help, "help: every key of this view", "help"),
    b(G, code(Tab), Action::NextView, "next view", ""),
    b(G, code(BackTab), Action::PrevView, "previous view", ""),
    b(G, ch('1'), Action::GoTo(View::Dashboard), "Dashboard", ""),
    b(G, ch('2'), Action::GoTo(View::Scoping), "Scoping", ""),
    b(G, ch('3'), Action::GoTo(View::Checklist), "Checklist", ""),
    b(G, ch('4'), Action::GoTo(View::Backlog), "Backlog", ""),
    b(G, ch('5'), Action::GoTo(View::Timeline), "Timeline", ""),
    b(G, ch('6'), Action::GoTo(View::Team), "Team", ""),
    b(G, ch('8'), Action::GoTo(View::Policies), "Policies and People", ""),
    b(G, ch('7'), Action::GoTo(View::Populations), "Populations", ""),
    b(G, ch('9'), Action::GoTo(View::Vendors), "Vendors", ""),
    b(G, ch('0'), Action::GoTo(View::Risks), "Risks", ""),
    b(G, code(Up), Action::Up, "move up", ""),
    b(G, ch('k'), Action::Up, "move up", ""),
    b(G, code(Down), Action::Down, "move down", ""),
    b(G, ch('j'), Action::Down, "move down", ""),
    b(G, code(Left), Action::Left, "move left / back to the list", ""),
    b(G, ch('h'), Action::Left, "move left / back to the list", ""),
    b(G, code(Right), Action::Right, "move right / into the details", ""),
    b(G, ch('l'), Action::Right, "move right / into the details", ""),
    b(G, code(PageUp), Action::PageUp, "page up", ""),
    b(G, code(PageDown), Action::PageDown, "page down", ""),
    b(G, ch('g'), Action::Top, "first row", ""),
    b(G, code(Home), Action::Top, "first row", ""),
    b(G, ch('G'), Action::Bottom, "last row", ""),
    b(G, code(End), Action::Bottom, "last row", ""),
    b(G, code(Enter), Action::Enter, "open / choose", ""),
    b(G, code(Esc), Action::Back, "back", ""),
    b(G, ch('u'), Action::Undo, "undo", ""),
    b(G, ctrl('r'), Action::Redo, "redo", ""),
    b(G, ctrl('z'), Action::Suspend, "suspend to the shell (fg resumes)", ""),
    b(G, ch('C'), Action::ShowConflicts, "merge conflicts: list them, keep ours or theirs", ""),
    b(G, ch('R'), Action::ReloadFromDisk, "reload the workbook from disk now", ""),
    b(G, ch('/'), Action::OpenFinder, "find anything: criteria, items, backlog, milestones, team, questions", "find"),
    b(G, ch('W'), Action::ExportPackage, "write the audit package (matrix, requests, report…) to audit-package/ beside the workbook", ""),
    b(G, ch(':'), Action::OpenPalette, "command palette: find any action by what it does", ""),
    b(G, ctrl('p'), Action::OpenPalette, "command palette: find any action by what it does", ""),
    // Dashboard.
    b(DASH, code(Enter), Action::Enter, "list the items behind a row's figures", "explain"),
    b(DASH, ch('r'), Action::ShowRequests, "the auditor's requests: status, owner, due, controls", ""),
    // Scoping.
    b(SCOPE, ch('w'), Action::ToggleWalkThrough, "one question at a time / the list", "walk/list"),
    b(SCOPE, code(Enter), Action::Enter, "answer or edit the selected row", "answer"),
    b(SCOPE, ch('y'), Action::AnswerYes, "answer yes", "yes"),
    b(SCOPE, ch('n'), Action::AnswerNo, "answer no", "no"),
    b(SCOPE, ch('x'), Action::ClearAnswer, "clear the answer / the override", "clear"),
    b(SCOPE, ch('a'), Action::AddSubservice, "add a subservice organization", ""),
    b(SCOPE, ch('d'), Action::Delete, "make the selected subservice organization an ordinary vendor", ""),
    b(SCOPE, ch(']'), Action::DetailDown, "scroll the details down", ""),
    b(SCOPE, ch('['), Action::DetailUp, "scroll the details up", ""),
    // Checklist.
    b(CHECK, code(Enter), Action::Enter, "open the criterion / fold a group", ""),
    b(CHECK, ch('t'), Action::SetStatus(ItemStatus::NotStarted), "status: not started", ""),
    b(CHECK, ch('p'), Action::SetStatus(ItemStatus::InProgress), "status: in progress", "in progress"),
    b(CHECK, ch('d'), Action::SetStatus(ItemStatus::Implemented), "status: implemented (done)", "done"),
    b(CHECK, ch('n'), Action::SetStatus(ItemStatus::NotApplicable), "status: N/A (asks why)", "N/A"),
    b(CHECK, ch('o'), Action::SetOwner, "owner (from the team)", "owner"),
    b(CHECK, ch('e'), Action::EditNoteInline, "edit the note (one line)", "note"),
    b(CHECK, ch('E'), Action::EditNoteInEditor, "edit the note in $EDITOR", ""),
    b(CHECK, ch('a'), Action::AddEvidence, "add evidence (path, URL or ticket)", "evidence"),
    b(CHECK, ch('r'), Action::RecordOccurrence, "record that a recurring control was performed", ""),
    b(CHECK, ch('c'), Action::AddCustomItem, "add a custom item to the criterion", ""),
    b(CHECK, ch('b'), Action::GapToBacklog, "turn the gap into a backlog item", "to backlog"),
    b(CHECK, ch(']'), Action::DetailDown, "scroll the item's details down", ""),
    b(CHECK, ch('['), Action::DetailUp, "scroll the item's details up", ""),
    b(CHECK, ch('.'), Action::ToggleOutOfScope, "show / hide out-of-scope criteria", ""),
    b(CHECK, ch('M'), Action::ToggleMine, "only my items / everyone's (who you are: m in Team)", ""),
    // Backlog.
    b(BACK, code(Enter), Action::Enter, "into the links / open the linked criterion or item", ""),
    b(BACK, ch('a'), Action::AddBacklogItem, "add a remediation item", "add"),
    b(BACK, ch('e'), Action::EditTitle, "edit the title", ""),
    b(BACK, ch('E'), Action::EditDescription, "edit the description in $EDITOR", ""),
    b(BACK, ch('X'), Action::Delete, "delete the item (asks first)", ""),
    b(BACK, ch(']'), Action::DetailDown, "scroll the item's details down", ""),
    b(BACK, ch('['), Action::DetailUp, "scroll the item's details up", ""),
    b(BACK, code(Delete), Action::Delete, "delete the item (asks first)", ""),
    b(BACK, ch('t'), Action::SetBacklogStatus(BacklogStatus::Open), "status: open", ""),
    b(BACK, ch('p'), Action::SetBacklogStatus(BacklogStatus::InProgress), "status: in progress", ""),
    b(BACK, ch('b'), Action::SetBacklogStatus(BacklogStatus::Blocked), "status: blocked", ""),
    b(BACK, ch('d'), Action::SetBacklogStatus(BacklogStatus::Done), "status: done", "done"),
    b(BACK, ch('o'), Action::SetOwner, "owner (from the team)", "owner"),
    b(BACK, ch('+'), Action::PriorityUp, "priority up (towards P1)", ""),
    b(BACK, ch('-'), Action::PriorityDown, "priority down (towards P4)", ""),
    b(BACK, ch('='), Action::AcceptSuggestedPriority, "take the suggested priority", ""),
    b(BACK, ch('D'), Action::SetDue, "set or clear the due date", "due"),
    b(BACK, ch('T'), Action::ShowOnTimeline, "show the due date on the Timeline", ""),
    b(BACK, ch('s'), Action::SortNext, "sort by the next column", "sort"),
    b(BACK, ch('S'), Action::SortFlip, "flip the sort direction", ""),
    b(BACK, ch('f'), Action::FilterStatus, "filter by status (cycles)", "filter"),
    b(BACK, ch('O'), Action::FilterOwner, "filter by owner (cycles)", ""),
    b(BACK, ch('P'), Action::FilterPriority, "filter by priority (cycles)", ""),
    b(BACK, ch('F'), Action::ClearFilters, "clear the filters", ""),
    b(BACK, ch('M'), Action::ToggleMine, "only my items / everyone's (who you are: m in Team)", ""),
    // Timeline.
    b(TIME, code(Enter), Action::Enter, "into the coverage table / open its control in the Checklist", ""),
    b(TIME, ch('e'), Action::EditDates, "edit the milestone's dates (pins them)", "dates"),
    b(TIME, ch('s'), Action::SetMilestoneStatus, "milestone status", "status"),
    b(TIME, ch('n'), Action::EditNoteInline, "milestone notes", "notes"),
    b(TIME, ch('x'), Action::Unpin, "hand the dates back to the plan (unpin)", ""),
    b(TIME, ch('r'), Action::Replan, "re-plan from the scope (shows what moves first)", "re-plan"),
    b(TIME, code(Esc), Action::Back, "clear the marked backlog due date / back to the milestones", ""),
    // Team.
    b(TEAM, code(Enter), Action::Enter, "the member's backlog items", ""),
    b(TEAM, ch('a'), Action::AddMember, "add a member", "add"),
    b(TEAM, ch('e'), Action::RenameMember, "rename (the handle stays)", "rename"),
    b(TEAM, ch('r'), Action::SetRole, "change the role", "role"),
    b(TEAM, ch('J'), Action::SetJoined, "record the joined date", "joined"),
    b(TEAM, ch('L'), Action::SetLeft, "record the leaving date (kept, marked)", "left"),
    b(TEAM, ch('X'), Action::Delete, "remove, handing their items to someone (asks first)", "remove"),
    b(TEAM, code(Delete), Action::Delete, "remove, handing their items to someone (asks first)", ""),
    b(TEAM, ch('m'), Action::SetMe, "this is me (for \"only mine\")", "me"),
    b(TEAM, ch('M'), Action::ToggleMine, "only my items in Checklist and Backlog / everyone's", ""),
    // Policies and People.
    b(POL, code(Enter), Action::Enter, "the policy's first control in the Checklist / the person in Team", ""),
    b(POL, code(Left), Action::Left, "the Policies tab / the People tab", ""),
    b(POL, code(Right), Action::Right, "the Policies tab / the People tab", "tab"),
    b(POL, ch('a'), Action::ApprovePolicy, "approve the policy's file as it is now (a changed file: a new version)", "approve"),
    b(POL, ch('r'), Action::ReviewPolicy, "record the policy's periodic review (it stays as it is)", "review"),
    b(POL, ch('s'), Action::AckPolicy, "signed: record an acknowledgement of the version in force, today", "signed"),
    b(POL, ch('o'), Action::SetOwner, "the policy's owner (from the team)", "owner"),
    b(POL, ch('t'), Action::RecordTraining, "People: record a security training", "training"),
    b(POL, ch('b'), Action::SetBackgroundCheck, "People: the background check date", ""),
    b(POL, ch('D'), Action::SetDeviceEnrolled, "People: the device enrolment date", ""),
    // Populations.
    b(RISK, ch('a'), Action::AddRisk, "add a risk (likelihood impact category title)", "add"),
    b(RISK, ch('i'), Action::RateRisk, "rate likelihood × impact before controls (inherent)", "rate"),
    b(RISK, ch('r'), Action::RateResidual, "rate likelihood × impact after controls (residual)", "residual"),
    b(RISK, ch('t'), Action::SetTreatment, "treatment: mitigate, accept, transfer, avoid", "treat"),
    b(RISK, ch('o'), Action::SetOwner, "the risk's owner (from the team)", "owner"),
    b(RISK, ch('c'), Action::LinkControl, "link a mitigating control (or unlink one) from a picker", "control"),
    b(RISK, ch('A'), Action::AcceptRisk, "record leadership's acceptance (approver, date)", "accept"),
    b(RISK, ch('s'), Action::RecordAssessment, "record the annual risk assessment and its sign-off", "assess"),
    b(RISK, ch('m'), Action::ToggleHeatMap, "heat map: inherent / residual", "map"),
    b(RISK, ch('b'), Action::GapToBacklog, "the first finding (the risk's, else the register's) as a backlog item", "to backlog"),
    b(RISK, code(Enter), Action::Enter, "the risk's first control in the Checklist", ""),
    b(POP, code(Enter), Action::Enter, "into the control's events", ""),
    b(POP, ch('a'), Action::AddPopulationEvent, "add an event (date, description)", "add"),
    b(POP, ch('p'), Action::MarkEventPassed, "the event passed", "passed"),
    b(POP, ch('t'), Action::MarkEventUntested, "the event is untested again", ""),
    b(POP, ch('e'), Action::AddEvidence, "attach evidence to the event", "evidence"),
    b(POP, ch('x'), Action::LogException, "log an exception (what failed, cause, RB-…, response)", "exception"),
    b(POP, ch('f'), Action::FilterStatus, "filter by result (cycles)", "filter"),
    b(POP, ch('s'), Action::DrawSample, "draw the auditor's sample (recorded)", "sample"),
    b(POP, ch('n'), Action::NextSampled, "next sampled event that lacks something", "walk"),
    // Vendors.
    b(VEND, code(Enter), Action::Enter, "the control a CUEC relies on, in the Checklist", ""),
    b(VEND, ch('a'), Action::AddVendor, "add a vendor (name, service)", "add"),
    b(VEND, ch('e'), Action::EditVendor, "edit a field: tier, subservice method, contract/DPA/BAA, next review…", "edit"),
    b(VEND, ch('o'), Action::SetOwner, "the vendor's owner (from the team)", "owner"),
    b(VEND, ch('r'), Action::AddVendorReport, "record a SOC report review (type, period, opinion, reviewer)", "report"),
    b(VEND, ch('L'), Action::AddBridgeLetter, "record a bridge letter (issued, covers through)", "bridge"),
    b(VEND, ch('c'), Action::AddCuec, "add a CUEC mapped to one of our controls", "CUEC"),
    b(VEND, ch('s'), Action::AddCsoc, "add a CSOC mapped to one of our controls", ""),
    b(VEND, ch('x'), Action::LogException, "note an exception of the latest report, with our response", ""),
    b(VEND, ch('b'), Action::GapToBacklog, "turn the vendor's first finding into a backlog item", ""),
    b(VEND, ch('X'), Action::Delete, "remove the vendor (asks first)", ""),
    b(VEND, ch(']'), Action::DetailDown, "scroll the vendor's details down", ""),
    b(VEND, ch('['), Action::DetailUp, "scroll the vendor's details up", ""),
    // Popups.
    b(HELP, code(Esc), Action::Back, "close", "close"),
    b(HELP, code(Up), Action::Up, "scroll", ""),
    b(HELP, code(Down), Action::Down, "scroll", "scroll"),
    b(HELP, code(PageUp), Action::PageUp, "page up", ""),
    b(HELP, code(PageDown), Action::PageDown, "page down", ""),
    b(HELP, code(Backspace), Action::Backspace, "delete back (typing filters the keys)", ""),
    b(HELP, ctrl('u'), Action::ClearLine, "clear the filter", ""),
    b(INFO, code(Esc), Action::Back, "close", "close"),
    b(INFO, code(Enter), Action::Back, "close", ""),
    b(INFO, ch('q'), Action::Back, "close", ""),
    b(INFO, code(Up), Action::Up, "scroll", ""),
    b(INFO, ch('k'), Action::Up, "scroll", ""),
    b(INFO, code(Down), Action::Down, "scroll", "scroll"),
    b(INFO, ch('j'), Action::Down, "scroll", ""),
    b(INFO, code(PageDown), Action::PageDown, "page down", ""),
    b(INFO, code(PageUp), Action::PageUp, "page up", ""),
    b(INPUT, code(Enter), Action::Enter, "save", "save"),
    b(INPUT, code(Esc), Action::Back, "cancel", "cancel"),
    b(INPUT, code(Backspace), Action::Backspace, "delete back", ""),
    b(INPUT, code(Delete), Action::DeleteForward, "delete", ""),
    b(INPUT, code(Left), Action::Left, "cursor left", ""),
    b(INPUT, code(Right), Action::Right, "cursor right", ""),
    b(INPUT, code(Home), Action::Home, "start of line", ""),
    b(INPUT, ctrl('a'), Action::Home, "start of line", ""),
    b(INPUT, code(End), Action::End, "end of line", ""),
    b(INPUT, ctrl('e'), Action::End, "end of line", ""),
    b(INPUT, ctrl('u'), Action::ClearLine, "clear", ""),
    b(INPUT, ctrl('c'), Action::Back, "cancel", ""),
    b(PICK, code(Enter), Action::Enter, "choose", "choose"),
    b(PICK, code(Esc), Action::Back, "cancel", "cancel"),
    b(PICK, code(Up), Action::Up, "move up", ""),
    b(PICK, ch('k'), Action::Up, "move up", ""),
    b(PICK, code(Down), Action::Down, "move down", ""),
    b(PICK, ch('j'), Action::Down, "move down", ""),
    b(PICK, ch('q'), Action::Back, "cancel", ""),
    b(PICK, ch('g'), Action::Top, "first option", ""),
    b(PICK, code(Home), Action::Top, "first option", ""),
    b(PICK, ch('G'), Action::Bottom, "last option", ""),
    b(PICK, code(End), Action::Bottom, "last option", ""),
    b(PICK, code(PageUp), Action::PageUp, "page up", ""),
    b(PICK, code(PageDown), Action::PageDown, "page down", ""),
    b(CONFIRM, ch('y'), Action::Enter, "yes", "yes"),
    b(CONFIRM, code(Enter), Action::Enter, "yes", ""),
    b(CONFIRM, ch('n'), Action::Back, "no", "no"),
    b(CONFIRM, code(Esc), Action::Back, "no", ""),
    b(CONFLICTS, ch('o'), Action::KeepOurs, "keep ours (this branch / your edits)", "keep ours"),
    b(CONFLICTS, ch('t'), Action::KeepTheirs, "keep theirs (the other branch / on disk)", "keep theirs"),
    b(CONFLICTS, ch('u'), Action::Undo, "undo", "undo"),
    b(CONFLICTS, ctrl('r'), Action::Redo, "redo", ""),
    b(CONFLICTS, code(Up), Action::Up, "previous conflict", ""),
    b(CONFLICTS, ch('k'), Action::Up, "previous conflict", ""),
    b(CONFLICTS, code(Down), Action::Down, "next conflict", ""),
    b(CONFLICTS, ch('j'), Action::Down, "next conflict", ""),
    b(CONFLICTS, code(Esc), Action::Back, "close", "close"),
    b(REQUESTS, ch('s'), Action::NextRequestStatus, "next status (open, in progress, provided, accepted)", "status"),
    b(REQUESTS, ch('o'), Action::NextRequestOwner, "next owner (the team in turn, then nobody)", "owner"),
    b(REQUESTS, ch('u'), Action::Undo, "undo", "undo"),
    b(REQUESTS, ctrl('r'), Action::Redo, "redo", ""),
    b(REQUESTS, code(Up), Action::Up, "previous request", ""),
    b(REQUESTS, ch('k'), Action::Up, "previous request", ""),
    b(REQUESTS, code(Down), Action::Down, "next request", ""),
    b(REQUESTS, ch('j'), Action::Down, "next request", ""),
    b(REQUESTS, code(Esc), Action::Back, "close", "close"),
    b(REQUESTS, ch('q'), Action::Back, "close", ""),
    b(CONFLICTS, ch('q'), Action::Back, "close", ""),
    b(CONFLICTS, ch('C'), Action::Back, "close", ""),
    b(DISK, code(Enter), Action::Enter, "choose", "choose"),
    b(DISK, code(Up), Action::Up, "move up", ""),
    b(DISK, ch('k'), Action::Up, "move up", ""),
    b(DISK, code(Down), Action::Down, "move down", ""),
    b(DISK, ch('j'), Action::Down, "move down", ""),
    // The question must not trap a person: quitting keeps both versions and saves.
    b(DISK, ch('q'), Action::Quit, "quit (keeps both versions, saves)", ""),
    b(DISK, ctrl('c'), Action::Quit, "quit (keeps both versions, saves)", ""),
    b(FINDER, code(Enter), Action::Enter, "open it in its view", "open"),
    b(FINDER, code(Esc), Action::Back, "close", "close"),
    b(FINDER, ctrl('c'), Action::Back, "close", ""),
    b(FINDER, code(Up), Action::Up, "previous result", ""),
    b(FINDER, ctrl('p'), Action::Up, "previous result", ""),
    b(FINDER, code(Down), Action::Down, "next result", "choose"),
    b(FINDER, ctrl('n'), Action::Down, "next result", ""),
    b(FINDER, code(PageUp), Action::PageUp, "page up", ""),
    b(FINDER, code(PageDown), Action::PageDown, "page down", ""),
    b(FINDER, code(Backspace), Action::Backspace, "delete back", ""),
    b(FINDER, code(Delete), Action::DeleteForward, "delete", ""),
    b(FINDER, code(Left), Action::Left, "cursor left", ""),
    b(FINDER, code(Right), Action::Right, "cursor right", ""),
    b(FINDER, code(Home), Action::Home, "start of line", ""),
    b(FINDER, code(End), Action::End, "end of line", ""),
    b(FINDER, ctrl('u'), Action::ClearLine, "clear", ""),
    b(FORM, code(Enter), Action::Enter, "save", "save"),
    b(FORM, code(Esc), Action::Back, "cancel", "cancel"),
    b(FORM, ctrl('c'), Action::Back, "cancel", ""),
    b(FORM, code(Tab), Action::NextField, "next field", "next field"),
    b(FORM, code(Down), Action::NextField, "next field", ""),
    b(FORM, code(BackTab), Action::PrevField, "previous field", ""),
    b(FORM, code(Up), Action::PrevField, "previous field", ""),
    b(FORM, code(Backspace), Action::Backspace, "delete back", ""),
    b(FORM, code(Delete), Action::DeleteForward, "delete", ""),
    b(FORM, code(Left), Action::Left, "cursor left", ""),
    b(FORM, code(Right), Action::Right, "cursor right", ""),
    b(FORM, code(Home), Action::Home, "start of line", ""),
    b(FORM, code(End), Action::End, "end of line", ""),
    b(FORM, ctrl('u'), Action::ClearLine, "clear", ""),
    b(REPLAN, ch('y'), Action::Enter, "apply the re-plan", "apply"),
    b(REPLAN, code(Enter), Action::Enter, "apply the re-plan", ""),
    b(REPLAN, ch('n'), Action::Back, "keep the plan as it is", "keep"),
    b(REPLAN, code(Esc), Action::Back, "keep the plan as it is", ""),
    b(REPLAN, code(Up), Action::Up, "scroll", ""),
    b(REPLAN, ch('k'), Action::Up, "scroll", ""),
    b(REPLAN, code(Down), Action::Down, "scroll", "scroll"),
    b(REPLAN, ch('j'), Action::Down, "scroll", ""),
    b(PALETTE, code(Enter), Action::Enter, "run it", "run"),
    b(PALETTE, code(Esc), Action::Back, "close", "close"),
    b(PALETTE, ctrl('c'), Action::Back, "close", ""),
    b(PALETTE, code(Up), Action::Up, "previous command", ""),
    b(PALETTE, ctrl('p'), Action::Up, "previous command", ""),
    b(PALETTE, code(Down), Action::Down, "next command", "choose"),
    b(PALETTE, ctrl('n'), Action::Down, "next command", ""),
    b(PALETTE, code(PageUp), Action::PageUp, "page up", ""),
    b(PALETTE, code(PageDown), Action::PageDown, "page down", ""),
    b(PALETTE, code(Backspace), Action::Backspace, "delete back", ""),
    b(PALETTE, code(Delete), Action::DeleteForward, "delete", ""),
    b(PALETTE, code(Left), Action::Left, "cursor left", ""),
    b(PALETTE, code(Right), Action::Right, "cursor right", ""),
    b(PALETTE, code(Home), Action::Home, "start of line", ""),
    b(PALETTE, code(End), Action::End, "end of line", ""),
    b(PALETTE, ctrl('u'), Action::ClearLine, "clear", ""),
    b(BEHIND, code(Enter), Action::Enter, "open the item in the Checklist", "open"),
    b(BEHIND, code(Esc), Action::Back, "close", "close"),
    b(BEHIND, ch('q'), Action::Back, "close", ""),
    b(BEHIND, code(Up), Action::Up, "previous line", ""),
    b(BEHIND, ch('k'), Action::Up, "previous line", ""),
    b(BEHIND, code(Down), Action::Down, "next line", "move"),
    b(BEHIND, ch('j'), Action::Down, "next line", ""),
    b(BEHIND, code(PageUp), Action::PageUp, "page up", ""),
    b(BEHIND, code(PageDown), Action::PageDown, "page down", ""),
    b(BEHIND, ch('g'), Action::Top, "first line", ""),
    b(BEHIND, ch('G'), Action::Bottom, "last line", ""),
    // Reading cut-off text in full.
    b(G, ch('v'), Action::ReadInFull, "read the selected text in full", ""),
    b(FULL, code(Esc), Action::Back, "close", "close"),
    b(FULL, ch('v'), Action::Back, "close", ""),
    b(FULL, ch('q'), Action::Back, "close", ""),
    b(FULL, code(Up), Action::Up, "scroll up", ""),
    b(FULL, ch('k'), Action::Up, "scroll up", ""),
    b(FULL, code(Down), Action::Down, "scroll down", "scroll"),
    b(FULL, ch('j'), Action::Down, "scroll down", ""),
    b(FULL, code(PageUp), Action::PageUp, "page up", ""),
    b(FULL, code(PageDown), Action::PageDown, "page down", "page"),
    b(FULL, ch('g'), Action::Top, "top", ""),
    b(FULL, code(Home), Action::Top, "top", ""),
    b(FULL, ch('G'), Action::Bottom, "bottom", ""),
    b(FULL, code(End), Action::Bottom, "bottom", ""),
];

/// What `key` means in `scope` in the default keymap (see [`Keymap::resolve`]).
pub fn resolve(scope: Scope, key: Key) -> Option<Action> {
    resolve_in(BINDINGS, scope, key)
}

/// What `key` means in `scope`: a view's own binding wins over a global one; in a text
/// input, any other printable character is typed.
fn resolve_in(bindings: &[Binding], scope: Scope, key: Key) -> Option<Action> {
    let find = |s: Scope| {
        bindings
            .iter()
            .find(|b| b.scope == s && b.key == key)
            .map(|b| b.action)
    };
    match scope {
        Scope::Global => find(Scope::Global),
        Scope::View(_) => find(scope).or_else(|| find(Scope::Global)),
        Scope::Popup(kind) if types_text(kind) => find(scope).or(match key.code {
            KeyCode::Char(c) if is_plain(key) => Some(Action::Type(c)),
            _ => None,
        }),
        Scope::Popup(_) => find(scope),
    }
}

/// Whether a popup takes typed text (printable keys it does not bind are typed).
fn types_text(kind: PopupKind) -> bool {
    matches!(
        kind,
        PopupKind::Input
            | PopupKind::Finder
            | PopupKind::Form
            | PopupKind::Palette
            | PopupKind::Help
    )
}

/// A character without Ctrl or Alt: what typing produces.
fn is_plain(key: Key) -> bool {
    matches!(key.code, KeyCode::Char(_))
        && !key
            .mods
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// One line of help: the keys (joined with "/") that share a description in a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    pub keys: String,
    pub description: &'static str,
}

/// The default bindings of one scope for the help overlay (see [`Keymap::help_lines`]).
pub fn help_lines(scope: Scope) -> Vec<HelpLine> {
    help_lines_in(BINDINGS, scope)
}

fn help_lines_in(bindings: &[Binding], scope: Scope) -> Vec<HelpLine> {
    let mut out: Vec<HelpLine> = Vec::new();
    for b in bindings.iter().filter(|b| b.scope == scope) {
        match out.iter_mut().find(|l| l.description == b.description) {
            Some(line) => {
                line.keys.push('/');
                line.keys.push_str(&b.key.label());
            }
            None => out.push(HelpLine {
                keys: b.key.label(),
                description: b.description,
            }),
        }
    }
    out
}

/// The default short hints of a scope for the status bar (see [`Keymap::hints`]).
pub fn hints(scope: Scope) -> Vec<(String, &'static str)> {
    hints_in(BINDINGS, scope)
}

fn hints_in(bindings: &[Binding], scope: Scope) -> Vec<(String, &'static str)> {
    bindings
        .iter()
        .filter(|b| b.scope == scope && !b.hint.is_empty())
        .map(|b| (b.key.label(), b.hint))
        .collect()
}

/// The default key reference as Markdown (see [`Keymap::reference`]).
pub fn reference() -> String {
    reference_in(BINDINGS)
}

/// The key reference as Markdown, one table per scope (everywhere, then each view), keys
/// of the same meaning joined, with the action's name for the config file: `soc2 keys`
/// prints it and the README carries the defaults.
fn reference_in(bindings: &[Binding]) -> String {
    let mut scopes: Vec<(String, Scope)> = vec![("Everywhere".to_string(), Scope::Global)];
    scopes.extend(View::ALL.map(|v| (v.title().to_string(), Scope::View(v))));
    let mut out = String::new();
    for (title, scope) in scopes {
        let mut rows: Vec<(Vec<String>, &'static str, Action)> = Vec::new();
        for b in bindings.iter().filter(|b| b.scope == scope) {
            match rows
                .iter_mut()
                .find(|(_, d, a)| *d == b.description && *a == b.action)
            {
                Some((keys, _, _)) => keys.push(b.key.label()),
                None => rows.push((vec![b.key.label()], b.description, b.action)),
            }
        }
        out.push_str(&format!(
            "\n**{title}** (`[keys.{}]`)\n\n| key | what it does | action |\n| --- | --- | --- |\n",
            scope_id(scope)
        ));
        for (keys, description, action) in rows {
            let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
            out.push_str(&format!(
                "| {} | {description} | `{}` |\n",
                keys.join(" ").replace('|', "\\|"),
                action_id(action)
            ));
        }
    }
    out.push_str(
        "\n**In popups** (each its own scope: `[keys.finder]`…)\n\n| popup | key: action |\n| --- | --- |\n",
    );
    for scope in self::scopes() {
        if !matches!(scope, Scope::Popup(_)) {
            continue;
        }
        let pairs: Vec<String> = bindings
            .iter()
            .filter(|b| b.scope == scope)
            .map(|b| format!("`{}`: `{}`", b.key.label(), action_id(b.action)))
            .collect();
        out.push_str(&format!(
            "| `{}` | {} |\n",
            scope_id(scope),
            pairs.join(", ").replace('|', "\\|")
        ));
    }
    out.trim_start().to_string()
}

/// `SomeName(Inner)` → `some-name-inner`: the config's names come from the enums
/// themselves, so a new action or view has its name without another table to keep.
fn kebab(debug: &str) -> String {
    let mut out = String::new();
    let mut after_lower = false;
    for c in debug.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && after_lower {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
            after_lower = !c.is_ascii_uppercase();
        } else {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            after_lower = false;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The stable name of an action in the config file and in `soc2 keys`:
/// `SetBacklogStatus(Done)` → `set-backlog-status-done`.
pub fn action_id(action: Action) -> String {
    kebab(&format!("{action:?}"))
}

/// The name of a scope in the config file: `global`, a view (`backlog`) or a popup
/// (`finder`, `disk-changed`).
pub fn scope_id(scope: Scope) -> String {
    match scope {
        Scope::Global => "global".to_string(),
        Scope::View(v) => kebab(&format!("{v:?}")),
        Scope::Popup(p) => kebab(&format!("{p:?}")),
    }
}

/// Every scope a config may name: everywhere, each view, then each popup with keys.
pub fn scopes() -> Vec<Scope> {
    let mut out = vec![Scope::Global];
    out.extend(View::ALL.map(Scope::View));
    for b in BINDINGS {
        if !out.contains(&b.scope) {
            out.push(b.scope);
        }
    }
    out
}

/// Every action some key can be bound to, in table order.
pub fn actions() -> Vec<Action> {
    let mut out: Vec<Action> = Vec::new();
    for b in BINDINGS {
        if !out.contains(&b.action) {
            out.push(b.action);
        }
    }
    out
}

/// The action with this config name.
pub fn action_by_id(id: &str) -> Option<Action> {
    actions().into_iter().find(|a| action_id(*a) == id)
}

/// The scope with this config name.
pub fn scope_by_id(id: &str) -> Option<Scope> {
    scopes().into_iter().find(|s| scope_id(*s) == id)
}

/// Whether `action` means something in `scope`: it has a default key there, or, in a
/// view, it is a global action.
fn available(scope: Scope, action: Action) -> bool {
    BINDINGS.iter().any(|b| {
        b.action == action
            && (b.scope == scope || (matches!(scope, Scope::View(_)) && b.scope == Scope::Global))
    })
}

/// The names a key is written with in the config: `x`, `X`, `ctrl-r`, `alt-x`,
/// `shift-tab`, `enter`, `up`…; the inverse of [`Key::label`] (which it also accepts).
pub fn parse_key(text: &str) -> Option<Key> {
    let mut rest = text;
    let mut mods = KeyModifiers::NONE;
    loop {
        let lower = rest.to_ascii_lowercase();
        let prefix = [
            ("ctrl-", KeyModifiers::CONTROL),
            ("alt-", KeyModifiers::ALT),
            ("shift-", KeyModifiers::SHIFT),
        ]
        .into_iter()
        .find(|(p, _)| lower.starts_with(p) && lower.len() > p.len());
        match prefix {
            Some((p, m)) => {
                mods |= m;
                rest = &rest[p.len()..];
            }
            None => break,
        }
    }
    let named = match rest.to_ascii_lowercase().as_str() {
        "space" => Some(KeyCode::Char(' ')),
        "enter" | "return" => Some(Enter),
        "esc" | "escape" => Some(Esc),
        "tab" if mods.contains(KeyModifiers::SHIFT) => Some(BackTab),
        "tab" => Some(Tab),
        "backtab" => Some(BackTab),
        "up" | "↑" => Some(Up),
        "down" | "↓" => Some(Down),
        "left" | "←" => Some(Left),
        "right" | "→" => Some(Right),
        "pgup" | "pageup" => Some(PageUp),
        "pgdn" | "pagedown" => Some(PageDown),
        "home" => Some(Home),
        "end" => Some(End),
        "backspace" => Some(Backspace),
        "del" | "delete" => Some(Delete),
        "insert" => Some(KeyCode::Insert),
        f if f.len() > 1 && f.starts_with('f') => f[1..]
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=12).contains(n))
            .map(KeyCode::F),
        _ => None,
    };
    let code = match named {
        Some(code) => code,
        None => {
            let mut chars = rest.chars();
            let c = chars.next()?;
            if chars.next().is_some() || c.is_control() {
                return None;
            }
            if mods.contains(KeyModifiers::SHIFT) && !mods.contains(KeyModifiers::CONTROL) {
                KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
            } else {
                KeyCode::Char(c)
            }
        }
    };
    Key::from_event(KeyEvent::new(code, mods))
}

/// One rebinding from the user's config: in `scope`, `key` now does `action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Override {
    pub scope: Scope,
    pub key: Key,
    /// `None` (`"none"` in the config): the key does nothing in this scope.
    pub action: Option<Action>,
    /// Said on purpose: this view key may hide the global binding of the same key.
    pub shadow: bool,
}

/// The keys the app answers to: the default table with the user's overrides applied.
///
/// Why a value: key resolution, the help, the hints and `soc2 keys` all read the same
/// one, so a rebinding shows everywhere at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: BINDINGS.to_vec(),
        }
    }
}

impl PartialEq for Binding {
    fn eq(&self, other: &Binding) -> bool {
        self.scope == other.scope
            && self.key == other.key
            && self.action == other.action
            && self.description == other.description
            && self.hint == other.hint
            && self.shadow == other.shadow
    }
}

impl Eq for Binding {}

impl Keymap {
    /// The defaults with `overrides` applied; otherwise every problem, as the index of the
    /// override and what is wrong with it.
    ///
    /// A key names what it does in a scope, replacing that key's default meaning there;
    /// the action's other default keys stay. A view key that would hide a global binding
    /// needs `shadow`; a key given two actions in one scope is refused, naming both.
    pub fn with_overrides(overrides: &[Override]) -> Result<Keymap, Vec<(usize, String)>> {
        let mut errors = Vec::new();
        for (i, o) in overrides.iter().enumerate() {
            let scope = scope_id(o.scope);
            let key = o.key.label();
            if let Some(a) = o.action
                && !available(o.scope, a)
            {
                errors.push((
                    i,
                    format!(
                        "action `{}` does nothing in [keys.{scope}] (`soc2 keys` lists each scope's actions)",
                        action_id(a)
                    ),
                ));
            }
            if let (Scope::Popup(kind), Some(_)) = (o.scope, o.action)
                && types_text(kind)
                && is_plain(o.key)
            {
                errors.push((
                    i,
                    format!("`{key}` is typed as text in [keys.{scope}]; bind a ctrl-, alt- or named key there"),
                ));
            }
            if let Some(first) = overrides[..i]
                .iter()
                .find(|p| p.scope == o.scope && p.key == o.key && p.action != o.action)
            {
                errors.push((
                    i,
                    format!(
                        "key `{key}` is bound twice in [keys.{scope}]: to `{}` and to `{}`",
                        target_id(first.action),
                        target_id(o.action)
                    ),
                ));
            }
        }
        let mut bindings = BINDINGS.to_vec();
        let (global, local): (Vec<_>, Vec<_>) = overrides
            .iter()
            .enumerate()
            .partition(|(_, o)| o.scope == Scope::Global);
        for (_, o) in global.iter().chain(local.iter()) {
            apply(&mut bindings, o);
        }
        for (i, o) in &local {
            let (Scope::View(_), Some(action)) = (o.scope, o.action) else {
                continue;
            };
            let hidden = bindings
                .iter()
                .find(|b| b.scope == Scope::Global && b.key == o.key)
                .filter(|b| b.action != action);
            if let (Some(hidden), false) = (hidden, o.shadow) {
                let key = o.key.label();
                errors.push((
                    *i,
                    format!(
                        "`{key}` in [keys.{}] would hide the global `{key}` ({}); write \"{key}\" = {{ action = \"{}\", shadow = true }} if you mean it",
                        scope_id(o.scope),
                        action_id(hidden.action),
                        action_id(action)
                    ),
                ));
            }
        }
        move_hints(&mut bindings);
        if errors.is_empty() {
            Ok(Keymap { bindings })
        } else {
            errors.sort_by_key(|(i, _)| *i);
            Err(errors)
        }
    }

    /// Every binding, in the order of the help.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// What `key` means in `scope`: a view's own binding wins over a global one; in a
    /// text input, any other printable character is typed.
    pub fn resolve(&self, scope: Scope, key: Key) -> Option<Action> {
        resolve_in(&self.bindings, scope, key)
    }

    /// The key that does `action` where `scope` has the focus: the scope's own first, then
    /// a global one the scope does not hide; for text such as "press C to …".
    pub fn key_for(&self, scope: Scope, action: Action) -> Option<Key> {
        let own = self
            .bindings
            .iter()
            .find(|b| b.scope == scope && b.action == action);
        own.or_else(|| {
            self.bindings.iter().find(|b| {
                b.scope == Scope::Global
                    && b.action == action
                    && self.resolve(scope, b.key) == Some(action)
            })
        })
        .map(|b| b.key)
    }

    /// The bindings of one scope for the help overlay, keys of the same description merged.
    pub fn help_lines(&self, scope: Scope) -> Vec<HelpLine> {
        help_lines_in(&self.bindings, scope)
    }

    /// The short hints of a scope for the status bar: `(key, description)`.
    pub fn hints(&self, scope: Scope) -> Vec<(String, &'static str)> {
        hints_in(&self.bindings, scope)
    }

    /// The hints of `scope` whose action `applies` now (a tab of a view may not offer all).
    pub fn hints_where(
        &self,
        scope: Scope,
        applies: impl Fn(Action) -> bool,
    ) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter(|b| b.scope == scope && !b.hint.is_empty() && applies(b.action))
            .map(|b| (b.key.label(), b.hint))
            .collect()
    }

    /// The key reference as Markdown (what `soc2 keys` prints).
    pub fn reference(&self) -> String {
        reference_in(&self.bindings)
    }
}

/// An override's target as the config writes it.
fn target_id(action: Option<Action>) -> String {
    action.map_or_else(|| "none".to_string(), action_id)
}

/// Applies one override: the key's old meaning in the scope goes; the new binding joins
/// the action's other keys there (so the help lists them on one line).
fn apply(bindings: &mut Vec<Binding>, o: &Override) {
    bindings.retain(|b| !(b.scope == o.scope && b.key == o.key));
    let Some(action) = o.action else {
        return;
    };
    let description = BINDINGS
        .iter()
        .find(|b| b.action == action && b.scope == o.scope)
        .or_else(|| {
            BINDINGS
                .iter()
                .find(|b| b.action == action && b.scope == Scope::Global)
        })
        .map_or("", |b| b.description);
    let at = bindings
        .iter()
        .rposition(|b| b.scope == o.scope && b.action == action)
        .or_else(|| bindings.iter().rposition(|b| b.scope == o.scope))
        .map_or(bindings.len(), |i| i + 1);
    let mut binding = b(o.scope, o.key, action, description, "");
    binding.shadow = o.shadow;
    bindings.insert(at, binding);
}

/// A status-bar hint whose key was rebound moves to another key of the same action.
fn move_hints(bindings: &mut [Binding]) {
    for d in BINDINGS.iter().filter(|d| !d.hint.is_empty()) {
        let same = |b: &Binding| b.scope == d.scope && b.action == d.action;
        if bindings.iter().any(|b| same(b) && b.hint == d.hint) {
            continue;
        }
        if let Some(b) = bindings.iter_mut().find(|b| same(b)) {
            b.hint = d.hint;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_bound_once_per_scope() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                assert!(
                    !(a.scope == b.scope && a.key == b.key),
                    "{:?} bound twice in {:?}",
                    a.key,
                    a.scope
                );
            }
        }
    }

    #[test]
    fn no_view_key_hides_a_global_one_unless_flagged() {
        for v in BINDINGS
            .iter()
            .filter(|b| matches!(b.scope, Scope::View(_)))
        {
            let hidden = BINDINGS
                .iter()
                .find(|g| g.scope == Scope::Global && g.key == v.key && g.action != v.action);
            if let Some(g) = hidden {
                assert!(
                    v.shadow,
                    "`{}` in {:?} hides the global `{}` ({}) without saying so",
                    v.key.label(),
                    v.scope,
                    g.key.label(),
                    g.description
                );
            }
        }
    }

    #[test]
    fn pick_lists_move_like_the_views() {
        let pick = Scope::Popup(PopupKind::Pick);
        for (key, action) in [
            (ch('j'), Action::Down),
            (ch('k'), Action::Up),
            (ch('g'), Action::Top),
            (ch('G'), Action::Bottom),
            (code(Home), Action::Top),
            (code(End), Action::Bottom),
            (code(PageDown), Action::PageDown),
        ] {
            assert_eq!(resolve(pick, key), Some(action), "{}", key.label());
        }
    }

    #[test]
    fn view_bindings_shadow_global_ones() {
        let check = Scope::View(View::Checklist);
        assert_eq!(
            resolve(check, ch('d')),
            Some(Action::SetStatus(ItemStatus::Implemented))
        );
        assert_eq!(resolve(check, ch('q')), Some(Action::Quit));
        assert_eq!(resolve(Scope::View(View::Dashboard), ch('d')), None);
    }

    #[test]
    fn text_inputs_type_letters_that_are_bindings_elsewhere() {
        assert_eq!(
            resolve(Scope::Popup(PopupKind::Input), ch('q')),
            Some(Action::Type('q'))
        );
        assert_eq!(resolve(Scope::Popup(PopupKind::Pick), ch('x')), None);
    }

    #[test]
    fn ctrl_backslash_quits_like_ctrl_c() {
        // What crossterm makes of the byte 0x1c a terminal sends for Ctrl-\.
        let ev = KeyEvent::new(KeyCode::Char('4'), KeyModifiers::CONTROL);
        let key = Key::from_event(ev).unwrap();
        assert_eq!(resolve(Scope::Global, key), Some(Action::Quit));
        assert_eq!(key.label(), "ctrl-\\");
        assert!(
            help_lines(Scope::Global)
                .iter()
                .any(|l| l.keys == "q/ctrl-c/ctrl-\\")
        );
    }

    #[test]
    fn shifted_letters_and_backtab_normalize() {
        let ev = KeyEvent::new(KeyCode::Char('E'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(ev), Some(ch('E')));
        let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            resolve(Scope::Global, Key::from_event(ev).unwrap()),
            Some(Action::PrevView)
        );
        let ev = KeyEvent::new(
            KeyCode::Char('R'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert_eq!(Key::from_event(ev), Some(ctrl('r')));
    }

    #[test]
    fn help_merges_keys_of_one_intent() {
        let lines = help_lines(Scope::Global);
        assert!(
            lines
                .iter()
                .any(|l| l.keys == "↑/k" && l.description == "move up")
        );
        assert!(
            lines
                .iter()
                .any(|l| l.keys == "u" && l.description == "undo")
        );
    }

    #[test]
    fn every_action_and_scope_has_its_own_stable_name() {
        let ids: Vec<String> = actions().into_iter().map(action_id).collect();
        for (i, id) in ids.iter().enumerate() {
            assert!(!ids[i + 1..].contains(id), "{id} names two actions");
            assert_eq!(
                action_by_id(id).map(action_id).as_deref(),
                Some(id.as_str())
            );
        }
        // Users' config files carry these names: renaming one breaks their files.
        for (action, id) in [
            (Action::GoTo(View::Backlog), "go-to-backlog"),
            (
                Action::SetStatus(ItemStatus::NotApplicable),
                "set-status-not-applicable",
            ),
            (
                Action::SetBacklogStatus(BacklogStatus::InProgress),
                "set-backlog-status-in-progress",
            ),
            (Action::ReloadFromDisk, "reload-from-disk"),
            (Action::KeepTheirs, "keep-theirs"),
        ] {
            assert_eq!(action_id(action), id);
        }
        let scopes: Vec<String> = scopes().into_iter().map(scope_id).collect();
        assert_eq!(
            &scopes[..6],
            [
                "global",
                "dashboard",
                "scoping",
                "checklist",
                "backlog",
                "timeline"
            ]
        );
        assert!(scopes.iter().any(|s| s == "disk-changed"));
    }

    #[test]
    fn every_key_label_reads_back_as_its_key() {
        for b in BINDINGS {
            assert_eq!(parse_key(&b.key.label()), Some(b.key), "{}", b.key.label());
        }
        assert_eq!(parse_key("Ctrl-R"), Some(ctrl('r')));
        assert_eq!(parse_key("shift-x"), Some(ch('X')));
        assert_eq!(parse_key("up"), Some(code(Up)));
        assert_eq!(parse_key("f5"), Some(code(KeyCode::F(5))));
        assert_eq!(parse_key("-"), Some(ch('-')));
        assert_eq!(parse_key("ctrl--"), Some(ctrl('-')));
        for bad in ["", "ctrl-", "foo", "f13", "\u{7}"] {
            assert_eq!(parse_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_rebound_hint_moves_to_the_new_key() {
        let back = Scope::View(View::Backlog);
        let km = Keymap::with_overrides(&[
            Override {
                scope: back,
                key: ch('d'),
                action: None,
                shadow: false,
            },
            Override {
                scope: back,
                key: ch('x'),
                action: Some(Action::SetBacklogStatus(BacklogStatus::Done)),
                shadow: false,
            },
        ])
        .unwrap();
        assert!(km.hints(back).contains(&("x".to_string(), "done")));
        assert_eq!(km.resolve(back, ch('d')), None);
        assert!(
            km.help_lines(back)
                .iter()
                .any(|l| l.keys == "x" && l.description == "status: done")
        );
        assert_eq!(Keymap::with_overrides(&[]).unwrap(), Keymap::default());
        assert_eq!(Keymap::default().reference(), reference());
    }
}
