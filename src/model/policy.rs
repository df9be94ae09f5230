//! The policy register: each policy's file, owner, approved versions, annual reviews and
//! who acknowledged which version.
//!
//! Why in the workbook: the policy set is the auditor's first request, and approval,
//! review and staff acknowledgement are controls that must be seen to happen inside the
//! window; the file itself stays Markdown in the repository, the workbook keeps the record
//! (with the SHA-256 it was approved at, so a later edit shows).

use serde::{Deserialize, Serialize};

use super::Date;

/// The annual review every policy gets unless the team sets another cadence.
pub const DEFAULT_REVIEW_MONTHS: u8 = 12;

/// One policy in the register.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyRecord {
    /// The Markdown file, relative to the repository (`policies/access-control.md`).
    pub file: String,
    /// The team member who keeps the policy current.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The version in force: the last approved one, or the first draft (1).
    pub version: u32,
    /// Each approved version, oldest first: who approved it, when, from which commit, and
    /// the file's SHA-256 at that moment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<Approval>,
    /// Months between reviews when not the annual default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_months: Option<u8>,
    /// Reviews that found the policy still right without a new version, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<Review>,
    /// Each person's acknowledgement of each version they read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acknowledgements: Vec<Ack>,
}

/// One version of a policy approved by a person.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub version: u32,
    /// The approver's handle.
    pub by: String,
    pub date: Date,
    /// The merge commit the approval was taken from (`policy approve --from-git`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// SHA-256 of the file as approved, when it is in the repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// A periodic review that kept the policy as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub date: Date,
    /// The reviewer's handle.
    pub by: String,
}

/// One person's acknowledgement of one version of a policy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ack {
    pub member: String,
    pub version: u32,
    pub date: Date,
}

impl PolicyRecord {
    /// Months between reviews (annual unless set).
    pub fn review_months(&self) -> u8 {
        self.review_months.unwrap_or(DEFAULT_REVIEW_MONTHS)
    }

    /// The approval of the version in force, if it was approved.
    pub fn current_approval(&self) -> Option<&Approval> {
        self.approvals
            .iter()
            .rev()
            .find(|a| a.version == self.version)
    }

    /// The last time a person looked at the whole policy: an approval or a review.
    pub fn last_reviewed(&self) -> Option<Date> {
        let approved = self.approvals.iter().map(|a| a.date);
        let reviewed = self.reviews.iter().map(|r| r.date);
        approved.chain(reviewed).max()
    }

    /// When the next review is due, counted from the last approval or review.
    pub fn next_review(&self) -> Option<Date> {
        self.last_reviewed()
            .map(|d| d.add_months(i32::from(self.review_months())))
    }

    /// A member's acknowledgement of one version.
    pub fn ack(&self, member: &str, version: u32) -> Option<&Ack> {
        self.acknowledgements
            .iter()
            .find(|a| a.member == member && a.version == version)
    }
}
