//! `soc2 fmt`: rewrite workbooks canonically, never touching an invalid one.

use std::path::PathBuf;

use crate::analysis::check::check;
use crate::catalog::{catalog, scoping::questionnaire};
use crate::store;

use super::{EXIT_INVALID, EXIT_OK, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Workbooks to format.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write nothing; list the files that would change and exit 1 if any would.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let mut worst = EXIT_OK;
    for path in &args.paths {
        // Under the write lock, so an edit made meanwhile is never formatted away
        // (`--check` writes nothing and needs none, so it works on a read-only checkout).
        let guard = if args.check {
            None
        } else {
            match store::lock_for_write(path, store::LOCK_WAIT) {
                Ok(guard) => Some(guard),
                Err(err) => {
                    worst = worst.max(output::store_error(&err));
                    continue;
                }
            }
        };
        let loaded = match store::load(path) {
            Ok(loaded) => loaded,
            Err(err) => {
                worst = worst.max(output::store_error(&err));
                continue;
            }
        };
        let findings = check(catalog(), questionnaire(), &loaded.workbook);
        if !findings.is_empty() {
            output::error(&format!(
                "{}: error: not formatted: {} problem{} found; run `soc2 check {}`",
                path.display(),
                findings.len(),
                if findings.len() == 1 { "" } else { "s" },
                path.display()
            ));
            worst = worst.max(EXIT_INVALID);
            continue;
        }
        if loaded.is_canonical() {
            continue;
        }
        let Some(guard) = guard else {
            output::print(&path.display().to_string());
            worst = worst.max(EXIT_INVALID);
            continue;
        };
        if let Err(err) = guard.save(&loaded.workbook) {
            worst = worst.max(output::store_error(&err));
        } else {
            output::print(&format!("formatted {}", path.display()));
        }
    }
    Ok(worst)
}
