//! The vendor register (CC9.2): every vendor, whether it is a subservice organization of
//! the system, and the SOC reports, bridge letters, CSOCs and CUECs the team reviewed.
//!
//! Why in the workbook: vendor management is judged by dated records inside the window
//! (a report reviewed, a bridge letter received, a CUEC we operate), and the subservice
//! organizations decide the carve-out language of the report. Pure data: the tier rule
//! and every finding are derived in `analysis::vendor`.

use serde::{Deserialize, Serialize};

use super::{Date, DateRange, SubserviceMethod};

fn is_false(b: &bool) -> bool {
    !*b
}

/// One vendor, keyed in `Workbook::vendors` by a stable slug id (`amazon-web-services`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vendor {
    pub name: String,
    /// What they do for us ("Cloud hosting of the production system").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub service: String,
    /// The data types or classes they store or process, in the boundary's words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<String>,
    /// They can reach our production systems (a host, an on-call contractor…).
    #[serde(default, skip_serializing_if = "is_false")]
    pub production_access: bool,
    /// The tier the team recorded; `None` follows the rule in `assets/vendors.ron`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    /// Present for a subservice organization of the system: how the report treats it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subservice: Option<SubserviceMethod>,
    /// A signed contract with security terms.
    #[serde(default, skip_serializing_if = "is_false")]
    pub contract: bool,
    /// A data processing agreement (needed when they process personal data).
    #[serde(default, skip_serializing_if = "is_false")]
    pub dpa: bool,
    /// A business associate agreement (matters only when PHI is in scope).
    #[serde(default, skip_serializing_if = "is_false")]
    pub baa: bool,
    /// The team member who manages the relationship.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_review: Option<Date>,
    /// When the due diligence before (or since) signing was done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_diligence: Option<Date>,
    /// Their SOC (or other attestation) reports we reviewed, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<SocReport>,
    /// Letters that extend the latest report's assurance past its period.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bridge_letters: Vec<BridgeLetter>,
    /// Complementary subservice organization controls: what we rely on them to operate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub csocs: Vec<MappedControl>,
    /// Complementary user entity controls: what their report expects *us* to operate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cuecs: Vec<MappedControl>,
}

impl Vendor {
    /// A subservice organization's method (carve-out for an ordinary vendor's sake).
    pub fn method(&self) -> SubserviceMethod {
        self.subservice.unwrap_or_default()
    }

    /// When we last reviewed any of their reports.
    pub fn reviewed(&self) -> Option<Date> {
        self.reports.iter().filter_map(|r| r.reviewed).max()
    }

    /// The latest report's period.
    pub fn report_period(&self) -> Option<DateRange> {
        self.latest_report().and_then(|r| r.period)
    }

    /// The CSOCs' texts, for a one-line summary.
    pub fn csoc_texts(&self) -> Vec<String> {
        self.csocs.iter().map(|c| c.text.clone()).collect()
    }

    /// The report with the latest period end (the one an auditor asks about).
    pub fn latest_report(&self) -> Option<&SocReport> {
        self.reports
            .iter()
            .filter(|r| r.period.is_some())
            .max_by_key(|r| r.period.map(|p| p.end))
            .or_else(|| self.reports.last())
    }
}

/// How much a vendor matters to our commitments.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Tier {
    Critical,
    High,
    #[default]
    Low,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Critical, Tier::High, Tier::Low];

    pub fn label(self) -> &'static str {
        match self {
            Tier::Critical => "critical",
            Tier::High => "high",
            Tier::Low => "low",
        }
    }

    /// Finds a tier by its label, ignoring case.
    pub fn parse(text: &str) -> Option<Tier> {
        Tier::ALL
            .into_iter()
            .find(|t| t.label().eq_ignore_ascii_case(text.trim()))
    }
}

/// One report of the vendor's we read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocReport {
    #[serde(default)]
    pub kind: ReportKind,
    /// The period (Type II) or as-of day (Type I: start = end) the report covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<DateRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<Opinion>,
    /// When we reviewed it; `None` means not reviewed yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<String>,
    /// Exceptions the vendor's auditor noted, each with our response.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<ReportException>,
}

impl SocReport {
    /// The key a merge and a diff know this report by: its period start, else its place.
    pub fn key(&self, index: usize) -> String {
        match self.period {
            Some(p) => p.start.to_string(),
            None => format!("#{}", index + 1),
        }
    }
}

/// What kind of attestation a report is.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum ReportKind {
    Soc1TypeI,
    Soc1TypeII,
    Soc2TypeI,
    #[default]
    Soc2TypeII,
    Soc3,
    /// ISO 27001 certificate or another attestation.
    Other,
}

impl ReportKind {
    pub const ALL: [ReportKind; 6] = [
        ReportKind::Soc1TypeI,
        ReportKind::Soc1TypeII,
        ReportKind::Soc2TypeI,
        ReportKind::Soc2TypeII,
        ReportKind::Soc3,
        ReportKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ReportKind::Soc1TypeI => "SOC 1 Type I",
            ReportKind::Soc1TypeII => "SOC 1 Type II",
            ReportKind::Soc2TypeI => "SOC 2 Type I",
            ReportKind::Soc2TypeII => "SOC 2 Type II",
            ReportKind::Soc3 => "SOC 3",
            ReportKind::Other => "other attestation",
        }
    }

    /// Finds a kind by label or short form (`soc2-type2`, `iso27001`), ignoring case.
    pub fn parse(text: &str) -> Option<ReportKind> {
        let norm = |s: &str| {
            s.to_ascii_lowercase()
                .replace("type ii", "type2")
                .replace("type i", "type1")
                .replace("typeii", "type2")
                .replace("typei", "type1")
                .replace([' ', '-', '_'], "")
        };
        let want = norm(text);
        if want.starts_with("iso") || want == "other" {
            return Some(ReportKind::Other);
        }
        ReportKind::ALL
            .into_iter()
            .find(|k| norm(k.label()) == want)
    }
}

/// The vendor's auditor's opinion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Opinion {
    Unqualified,
    Qualified,
    Adverse,
    Disclaimer,
}

impl Opinion {
    pub const ALL: [Opinion; 4] = [
        Opinion::Unqualified,
        Opinion::Qualified,
        Opinion::Adverse,
        Opinion::Disclaimer,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Opinion::Unqualified => "unqualified",
            Opinion::Qualified => "qualified",
            Opinion::Adverse => "adverse",
            Opinion::Disclaimer => "disclaimer",
        }
    }

    pub fn parse(text: &str) -> Option<Opinion> {
        Opinion::ALL
            .into_iter()
            .find(|o| o.label().eq_ignore_ascii_case(text.trim()))
    }
}

/// An exception in a vendor's report and what we did about it.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportException {
    pub text: String,
    /// Our response (a compensating control, a risk acceptance); empty means none yet.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub response: String,
}

/// A CSOC or CUEC: the report's words and the controls of ours it maps to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappedControl {
    pub text: String,
    /// Our checklist item ids (`access-review`); empty means not mapped yet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
}

/// A letter from the vendor saying nothing changed after its report's period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BridgeLetter {
    pub issued: Date,
    /// The last day the letter speaks for.
    pub through: Date,
}

/// The id a vendor's name gets: lowercase ASCII letters and digits, every other run of
/// characters one `-`, no `-` at either end (`Amazon Web Services` → `amazon-web-services`);
/// `vendor` when nothing is left. A taken id gets `-2`, `-3`… (see [`unique_id`]).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "vendor".into() } else { out }
}

/// [`slug`] of `name`, with `-2`, `-3`… added while `taken` says the id is used.
pub fn unique_id(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = slug(name);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_becomes_a_readable_stable_id() {
        assert_eq!(slug("Amazon Web Services"), "amazon-web-services");
        assert_eq!(slug("  Google Workspace (SSO) "), "google-workspace-sso");
        assert_eq!(slug("Ünïcode"), "n-code");
        assert_eq!(slug("!!!"), "vendor");
        assert_eq!(unique_id("AWS", |id| id == "aws" || id == "aws-2"), "aws-3");
    }

    #[test]
    fn report_kinds_read_as_people_write_them() {
        assert_eq!(
            ReportKind::parse("SOC 2 Type II"),
            Some(ReportKind::Soc2TypeII)
        );
        assert_eq!(ReportKind::parse("soc2-type1"), Some(ReportKind::Soc2TypeI));
        assert_eq!(ReportKind::parse("ISO 27001"), Some(ReportKind::Other));
        assert_eq!(ReportKind::parse("soc3"), Some(ReportKind::Soc3));
        assert_eq!(ReportKind::parse("nonsense"), None);
    }
}
