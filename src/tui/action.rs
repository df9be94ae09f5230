//! Every user intent the app understands, independent of the key or click that caused it.
//!
//! Why an enum: the keymap table maps keys to these, the help overlay describes them,
//! and `App::update` is tested by feeding them directly, without a terminal.

use crate::model::{BacklogStatus, ItemStatus};

use super::views::View;

/// One thing a user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Ctrl-z: hand the terminal back to the shell until `fg`.
    Suspend,
    Help,
    NextView,
    PrevView,
    GoTo(View),
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Open, choose or confirm.
    Enter,
    /// Close the popup or step back.
    Back,
    Undo,
    Redo,
    // Checklist.
    SetStatus(ItemStatus),
    SetOwner,
    EditNoteInline,
    EditNoteInEditor,
    AddEvidence,
    RecordOccurrence,
    AddCustomItem,
    GapToBacklog,
    ToggleOutOfScope,
    // Scoping.
    ToggleWalkThrough,
    AnswerYes,
    AnswerNo,
    ClearAnswer,
    AddSubservice,
    Delete,
    // Finder (everywhere).
    /// `/`: the fuzzy finder over everything in the workbook.
    OpenFinder,
    // Backlog.
    /// Sort by the next column (file order after the last one).
    SortNext,
    /// Flip the sort direction.
    SortFlip,
    /// Cycle the status filter.
    FilterStatus,
    /// Cycle the owner filter through the team.
    FilterOwner,
    /// Cycle the priority filter.
    FilterPriority,
    /// Drop every filter.
    ClearFilters,
    AddBacklogItem,
    EditTitle,
    EditDescription,
    SetBacklogStatus(BacklogStatus),
    /// One step more urgent (towards P1).
    PriorityUp,
    /// One step less urgent (towards P4).
    PriorityDown,
    /// Take the priority the linked criteria suggest.
    AcceptSuggestedPriority,
    SetDue,
    /// Open the Timeline with the selected backlog item's due date marked.
    ShowOnTimeline,
    // Timeline.
    EditDates,
    SetMilestoneStatus,
    /// Hand a milestone's dates back to the plan.
    Unpin,
    /// Show what a re-plan from the current scope would move, and offer to apply it.
    Replan,
    // Forms (several fields in one popup).
    NextField,
    PrevField,
    // Text input inside a popup.
    Type(char),
    Backspace,
    DeleteForward,
    Home,
    End,
    ClearLine,
    // Living with other writers.
    /// List the merge conflicts to resolve.
    ShowConflicts,
    /// Read the workbook from disk again (after fixing a file that did not load).
    ReloadFromDisk,
    /// In the conflicts list: keep our value.
    KeepOurs,
    /// In the conflicts list: keep their value.
    KeepTheirs,
    // Mouse.
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp,
    ScrollDown,
    /// `:` or ctrl-p: the command palette, every action found by what it does.
    OpenPalette,
    // Team.
    AddMember,
    /// Change the selected member's display name (the handle stays).
    RenameMember,
    SetRole,
    SetJoined,
    SetLeft,
    /// Say "the selected member is me" (kept in the per-user prefs).
    SetMe,
    /// Show only my items in the Checklist and the Backlog, or everyone's again.
    ToggleMine,
    /// `v`: the selected row's whole text in a scrollable popup (nothing stays cut off).
    ReadInFull,
    // Policies and People.
    /// Record the approval of the selected policy's file as it is now.
    ApprovePolicy,
    /// Record the periodic review of the selected policy.
    ReviewPolicy,
    /// Record an acknowledgement (of the selected policy, or by the selected person).
    AckPolicy,
    /// Record a security training of the selected person.
    RecordTraining,
    SetBackgroundCheck,
    SetDeviceEnrolled,
    // Vendors.
    AddVendor,
    /// Pick a field of the selected vendor to change.
    EditVendor,
    AddVendorReport,
    AddBridgeLetter,
    /// A CUEC of the selected vendor, mapped to one of our controls.
    AddCuec,
    /// A CSOC of the selected vendor, mapped to one of our controls.
    AddCsoc,
    /// Scrolls the focused view's detail pane down a line (`]`).
    DetailDown,
    /// Scrolls the focused view's detail pane up a line (`[`).
    DetailUp,
    // Risks.
    AddRisk,
    /// Likelihood and impact before controls.
    RateRisk,
    /// Likelihood and impact after controls.
    RateResidual,
    SetTreatment,
    /// Link a mitigating control (or unlink a linked one) from a picker.
    LinkControl,
    /// Record leadership's acceptance of the selected risk.
    AcceptRisk,
    /// Record the annual risk assessment and its sign-off.
    RecordAssessment,
    /// Flip the heat map between inherent and residual ratings.
    ToggleHeatMap,
    // Populations.
    AddPopulationEvent,
    MarkEventPassed,
    MarkEventUntested,
    LogException,
    /// Draw the auditor's sample from the selected control's population (recorded).
    DrawSample,
    /// Walk through the sample: the next sampled event that still lacks something.
    NextSampled,
    /// Write the audit package into `audit-package/` beside the workbook (off the UI thread).
    ExportPackage,
    /// Dashboard: the auditor's requests (status, owner, controls).
    ShowRequests,
    /// In the requests list: the selected request's next status.
    NextRequestStatus,
    /// In the requests list: the selected request's next owner.
    NextRequestOwner,
}
