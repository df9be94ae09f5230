//! The auditor's own request list (IRL), imported and tracked in the workbook.
//!
//! Why kept by the auditor's id: the auditor sends the list again with changes, and their
//! ids are how both sides talk about a request, so a re-import updates, never duplicates.

use serde::{Deserialize, Serialize};

use super::Date;

/// One request from the auditor, with the controls it was mapped to and where it stands.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditorRequest {
    /// What the auditor asks for, in their words.
    pub text: String,
    /// The criterion reference they gave (`CC6.1`), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    /// Controls the request was mapped to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// How the controls were found, so a person knows which mappings to check.
    #[serde(default)]
    pub matched_by: RequestMatch,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    #[serde(default)]
    pub status: RequestStatus,
}

/// How a request's controls were found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RequestMatch {
    /// No control found: a person must map it.
    #[default]
    Unmatched,
    /// The controls of the criterion the auditor referenced.
    Criterion,
    /// The control titles that best match the request's text (check these).
    Text,
    /// A person chose the controls.
    Manual,
}

impl RequestMatch {
    pub fn label(self) -> &'static str {
        match self {
            RequestMatch::Unmatched => "unmatched",
            RequestMatch::Criterion => "by criterion",
            RequestMatch::Text => "by text",
            RequestMatch::Manual => "by hand",
        }
    }
}

/// Where a request stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RequestStatus {
    #[default]
    Open,
    InProgress,
    /// Sent to the auditor, waiting for their review.
    Provided,
    /// The auditor accepted what was provided.
    Accepted,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 4] = [
        RequestStatus::Open,
        RequestStatus::InProgress,
        RequestStatus::Provided,
        RequestStatus::Accepted,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::InProgress => "in progress",
            RequestStatus::Provided => "provided",
            RequestStatus::Accepted => "accepted",
        }
    }

    /// Reads a status as people write it (`open`, `in-progress`, `done`, `closed`…).
    pub fn parse(text: &str) -> Option<RequestStatus> {
        let t = text.trim().to_ascii_lowercase().replace(['-', '_'], " ");
        Some(match t.as_str() {
            "" | "open" | "new" | "requested" | "not started" | "outstanding" => {
                RequestStatus::Open
            }
            "in progress" | "wip" | "started" | "pending" => RequestStatus::InProgress,
            "provided" | "submitted" | "sent" | "uploaded" | "delivered" => RequestStatus::Provided,
            "accepted" | "closed" | "done" | "complete" | "completed" | "approved" => {
                RequestStatus::Accepted
            }
            _ => return None,
        })
    }

    /// Still needs work from the team.
    pub fn is_open(self) -> bool {
        matches!(self, RequestStatus::Open | RequestStatus::InProgress)
    }
}
