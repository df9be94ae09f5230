//! The events of a per-event or frequent control's observation window, as the auditor's
//! population: what happened, the proof, the result, and any exception in the report's words.
//!
//! Why stored per control: the auditor asks for one population per control (every leaver,
//! every merged change), draws a sample from it and tests each sampled event; keeping the
//! events, the committed dry-run sample and the exceptions beside each other lets the team
//! do that first and lets a reviewer see each event change as a one-line diff.

use serde::{Deserialize, Serialize};

use super::Date;

/// One control's population: its recorded events and the last dry-run sample drawn.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Population {
    /// Events in date order (then id), as imported or added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    /// The last sample drawn, committed so the draw can be reviewed and re-run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<Sample>,
}

impl Population {
    /// The event with this id.
    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }

    /// Whether nothing is recorded (the entry can be left out of the file).
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.sample.is_none()
    }
}

/// One occurrence of a control: a leaver, a merged pull request, an incident, a day's check.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// From the source (an employee number, a PR number) or a stable hash of the row;
    /// `hire:<handle>` / `leaver:<handle>` for events the team list feeds.
    pub id: String,
    pub date: Date,
    /// Who left, which PR, which incident: what the auditor reads in the population list.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// References to proof: a repo path, a URL, a ticket, or a workbook evidence id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    #[serde(default, skip_serializing_if = "EventResult::is_untested")]
    pub result: EventResult,
    /// What went wrong, present when the result is an exception. Boxed because few events
    /// have one: inline, its five fields more than doubled every event's size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<Box<ExceptionRecord>>,
}

/// What testing an event showed.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum EventResult {
    #[default]
    Untested,
    Passed,
    Exception,
}

impl EventResult {
    pub const ALL: [EventResult; 3] = [
        EventResult::Untested,
        EventResult::Passed,
        EventResult::Exception,
    ];

    pub fn is_untested(&self) -> bool {
        *self == EventResult::Untested
    }

    /// The word shown and typed (`untested`, `passed`, `exception`).
    pub fn label(self) -> &'static str {
        match self {
            EventResult::Untested => "untested",
            EventResult::Passed => "passed",
            EventResult::Exception => "exception",
        }
    }

    /// Reads a label, any case.
    pub fn parse(s: &str) -> Option<EventResult> {
        Self::ALL
            .into_iter()
            .find(|r| r.label().eq_ignore_ascii_case(s.trim()))
    }
}

/// An exception as the report will carry it: what failed, when it was found, why, what is
/// being done (a backlog item) and management's response.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExceptionRecord {
    pub what_failed: String,
    pub found: Date,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub root_cause: String,
    /// The backlog item that fixes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
    /// Management's response, in the words the report will print.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub response: String,
}

/// A committed dry-run draw: the seed and date make it reproducible, the ids make it reviewable.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    pub seed: u64,
    pub drawn: Date,
    /// The sampled event ids, in population order.
    pub events: Vec<String>,
}
