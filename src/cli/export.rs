//! `soc2 export`: the audit package in a folder, from the workbook as it is or as it was
//! at a git revision.
//!
//! Why thin: the package is built by `crate::export` (the app's export key uses it too);
//! this only reads the flags, writes the files and says where they went.

use std::path::PathBuf;

use crate::export::{self, source};
use crate::model::Date;

use super::{EXIT_OK, EXIT_USAGE, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workbook to export.
    pub path: PathBuf,
    /// The folder to write the package into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Export the workbook as it was at this git revision (read from git; the work tree
    /// is left alone).
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
    /// Only these parts (comma-separated): matrix, requests, readiness, description,
    /// assertion, evidence, backlog, populations. The manifest is always written.
    #[arg(long, value_name = "NAME,…")]
    pub only: Option<String>,
}

pub fn run(args: Args, today: Option<Date>) -> anyhow::Result<u8> {
    let only = match export::parse_parts(args.only.as_deref().unwrap_or("")) {
        Ok(o) => o,
        Err(e) => {
            output::error(&format!("error: --only: {e}"));
            return Ok(EXIT_USAGE);
        }
    };
    let prepared = match source::prepare(&args.path, args.at.as_deref(), today, Date::today) {
        Ok(p) => p,
        Err(source::PrepareError::Store(err)) => return Ok(output::store_error(&err)),
        Err(e) => {
            output::error(&format!("error: {e}"));
            return Ok(EXIT_USAGE);
        }
    };
    let files = match source::export_to(&prepared, &args.out, &only, env!("CARGO_PKG_VERSION")) {
        Ok(f) => f,
        Err(e) => {
            output::error(&format!("error: {e}"));
            return Ok(EXIT_USAGE);
        }
    };
    let mut lines = vec![format!(
        "Wrote {} files to {} (figures as of {}{}):",
        files.len(),
        args.out.display(),
        prepared.as_of,
        prepared
            .origin
            .commit
            .as_deref()
            .map_or_else(String::new, |c| format!(
                ", commit {}",
                &c[..c.len().min(12)]
            ))
    )];
    lines.extend(files.iter().map(|f| format!("  {}", f.name)));
    if prepared.origin.modified {
        lines.push("Note: the workbook has uncommitted changes; the manifest says so.".into());
    }
    output::print(&lines.join("\n"));
    Ok(EXIT_OK)
}
