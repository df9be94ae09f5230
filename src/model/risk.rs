//! The risk register (CC3.1–CC3.4) and the risk–control matrix (CC5.1): each risk with
//! its rating before and after controls, its treatment and the controls that mitigate it,
//! plus the dated annual assessments and the changes that should trigger a new one.
//!
//! Why in the workbook: an auditor asks for the dated risk assessment, its sign-off and
//! the matrix linking each significant risk to our controls; keeping them beside the
//! checklist lets the workbook check that every mitigating control exists and operates.
//! Risk ids are slugs (`laptop-lost`): stable, readable in a diff, and two branches that
//! add different risks never collide on a counter.

use serde::{Deserialize, Serialize};

use super::Date;

/// The lowest and highest rating of likelihood and impact (the scale is in `assets/risks.ron`).
pub const SCALE: std::ops::RangeInclusive<u8> = 1..=5;

/// What the team decided to do about a risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Treatment {
    /// Controls bring it down (the risk–control matrix names them).
    Mitigate,
    /// Leadership accepts it as it is (needs an approver and a date).
    Accept,
    /// Someone else carries it (insurance, a contract).
    Transfer,
    /// The activity that causes it is stopped.
    Avoid,
}

impl Treatment {
    pub const ALL: [Treatment; 4] = [
        Treatment::Mitigate,
        Treatment::Accept,
        Treatment::Transfer,
        Treatment::Avoid,
    ];

    /// The word shown and typed (`mitigate`).
    pub fn label(self) -> &'static str {
        match self {
            Treatment::Mitigate => "mitigate",
            Treatment::Accept => "accept",
            Treatment::Transfer => "transfer",
            Treatment::Avoid => "avoid",
        }
    }

    pub fn parse(text: &str) -> Option<Treatment> {
        Treatment::ALL
            .into_iter()
            .find(|t| t.label().eq_ignore_ascii_case(text.trim()))
    }
}

/// A person's sign-off on something, with its date.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    /// The approver's handle.
    pub by: String,
    pub date: Date,
}

/// One risk in the register.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// A category id from `assets/risks.ron` (`security`, `fraud`…).
    pub category: String,
    /// 1 (rare) to 5 (almost certain), before controls.
    pub likelihood: u8,
    /// 1 (negligible) to 5 (severe), before controls.
    pub impact: u8,
    /// Likelihood after the mitigating controls, once rated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual_likelihood: Option<u8>,
    /// Impact after the mitigating controls, once rated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual_impact: Option<u8>,
    /// The team member who answers for the risk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treatment: Option<Treatment>,
    /// Our control ids that mitigate it (the risk–control matrix), in the team's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// Who accepted the risk (or its residual above the appetite), and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<SignOff>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl Risk {
    /// Likelihood × impact before controls.
    pub fn inherent(&self) -> u8 {
        self.likelihood.saturating_mul(self.impact)
    }

    /// Likelihood × impact after controls, once both are rated.
    pub fn residual(&self) -> Option<u8> {
        Some(
            self.residual_likelihood?
                .saturating_mul(self.residual_impact?),
        )
    }

    /// The residual score, or the inherent one while the residual is not rated (what the
    /// team carries today).
    pub fn current(&self) -> u8 {
        self.residual().unwrap_or_else(|| self.inherent())
    }
}

/// One performance of the (annual) risk assessment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskAssessment {
    pub date: Date,
    /// Who ran it (a handle).
    pub by: String,
    /// Leadership's sign-off on the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_off: Option<SignOff>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
}

/// A change the team recorded that should make them reassess the risks (CC3.4).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskTrigger {
    pub date: Date,
    /// A trigger kind id from `assets/risks.ron` (`new-product`, `incident`…).
    pub kind: String,
    pub text: String,
}
