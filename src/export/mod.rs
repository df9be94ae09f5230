//! The audit package: every file a founder hands the auditor (control matrix, request
//! list, readiness report, system description, assertion, evidence index, backlog) built
//! from one workbook, with a manifest of their hashes.
//!
//! Why pure and dated by the commit: the package must be regenerable from any past commit
//! byte for byte, so nothing here reads the clock or the disk; the caller says which
//! revision the workbook is and what day the figures are as of (the commit's date).

pub mod assertion;
pub mod description;
pub mod matrix;
pub mod pbc;
pub mod registers;
pub mod report;
pub mod source;
pub mod svg;
pub mod xlsx;

use sha2::{Digest, Sha256};

use crate::analysis::diff::Change;
use crate::catalog::Catalog;
use crate::model::{Date, Workbook};

/// Where the workbook of an export came from, as the manifest records it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// The workbook's path as the user named it (relative paths stay relative).
    pub path: String,
    /// The git commit the workbook was read at, when it is in a repository.
    pub commit: Option<String>,
    /// The working file differs from that commit (uncommitted edits are in the package).
    pub modified: bool,
}

/// Everything an export needs besides the workbook: no clock, no disk.
#[derive(Clone, Debug)]
pub struct Input<'a> {
    pub catalog: &'a Catalog,
    pub workbook: &'a Workbook,
    pub origin: Origin,
    /// The day the figures are as of and the package is dated: the commit's date.
    pub as_of: Date,
    /// The semantic changes between the observation window's start and end revisions,
    /// when git could tell them (`None`: not known, the description says so).
    pub changes_in_period: Option<Vec<Change>>,
    /// The soc2 version that wrote the package.
    pub version: &'a str,
}

/// One file of the package: its name inside the output folder and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl File {
    fn text(name: impl Into<String>, text: String) -> File {
        File {
            name: name.into(),
            bytes: text.into_bytes(),
        }
    }
}

/// Why a package could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// `--only` named something that is not a part of the package.
    #[error("unknown part {0:?}; the parts are {parts}", parts = PARTS.join(", "))]
    UnknownPart(String),
    /// The spreadsheet writer failed (it does not touch the disk: a bug or a huge cell).
    #[error("could not write {file}: {message}")]
    Xlsx { file: String, message: String },
}

/// The parts `--only` can name, in the order they are written.
pub const PARTS: &[&str] = &[
    "matrix",
    "requests",
    "readiness",
    "description",
    "assertion",
    "evidence",
    "backlog",
    "populations",
    "vendors",
    "risks",
];

/// The manifest's file name: always written, listing every other file.
pub const MANIFEST: &str = "MANIFEST.json";

/// Checks each name of `--only` against the parts.
pub fn parse_parts(list: &str) -> Result<Vec<&'static str>, ExportError> {
    let mut out = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let part = PARTS
            .iter()
            .find(|p| p.eq_ignore_ascii_case(name))
            .ok_or_else(|| ExportError::UnknownPart(name.to_string()))?;
        if !out.contains(part) {
            out.push(*part);
        }
    }
    Ok(out)
}

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The package: the parts asked for (all when `only` is empty), then the manifest.
pub fn package(input: &Input<'_>, only: &[&str]) -> Result<Vec<File>, ExportError> {
    let wanted = |part: &str| only.is_empty() || only.contains(&part);
    let mut files = Vec::new();
    if wanted("matrix") {
        let rows = matrix::rows(input);
        files.push(File::text("control-matrix.csv", matrix::csv(&rows)));
        files.push(File {
            name: "control-matrix.xlsx".into(),
            bytes: matrix::xlsx(input, &rows)?,
        });
    }
    if wanted("requests") {
        let list = pbc::requests(input);
        files.push(File::text("request-list.csv", pbc::csv(&list)));
        files.push(File {
            name: "request-list.xlsx".into(),
            bytes: pbc::xlsx(input, &list)?,
        });
    }
    if wanted("readiness") {
        let figures = report::figures(input);
        files.push(File::text(
            "readiness-report.md",
            report::markdown(input, &figures),
        ));
        files.push(File::text(
            "readiness-report.html",
            report::html(input, &figures),
        ));
    }
    if wanted("description") {
        files.push(File::text(
            "system-description.md",
            description::markdown(input),
        ));
    }
    if wanted("assertion") {
        files.push(File::text(
            "management-assertion.md",
            assertion::markdown(input),
        ));
    }
    if wanted("evidence") {
        files.push(File::text(
            "evidence-index.csv",
            registers::evidence_csv(input),
        ));
    }
    if wanted("backlog") {
        files.push(File::text("backlog.csv", registers::backlog_csv(input)));
    }
    if wanted("populations") {
        files.extend(registers::population_files(input));
    }
    if wanted("vendors") {
        files.push(File::text("vendors.csv", registers::vendors_csv(input)));
    }
    if wanted("risks") {
        files.push(File::text("risks.csv", registers::risks_csv(input)));
    }
    files.push(File::text(MANIFEST, manifest(input, &files)));
    Ok(files)
}

/// The manifest: what the package was made from and each file's SHA-256 (no wall clock:
/// the date is the commit's, so two exports of one commit are byte-identical).
fn manifest(input: &Input<'_>, files: &[File]) -> String {
    let value = serde_json::json!({
        "workbook": input.origin.path,
        "commit": input.origin.commit,
        "modified_since_commit": input.origin.modified,
        "date": input.as_of.to_string(),
        "soc2_version": input.version,
        "organization": input.workbook.organization.name,
        "files": files.iter().map(|f| serde_json::json!({
            "name": f.name,
            "bytes": f.bytes.len(),
            "sha256": sha256_hex(&f.bytes),
        })).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The observation window (Type II) or the as-of day (Type I), in words for a period cell.
pub fn period_text(wb: &Workbook) -> String {
    match crate::analysis::schedule::observation_window(wb) {
        Some((start, end)) => format!("{start} to {end}"),
        None => match wb.scope.target_report_date {
            Some(d) => format!("as of {d}"),
            None => "as of the report date (not planned yet)".to_string(),
        },
    }
}
