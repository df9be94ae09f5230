//! `soc2 check`: syntax and meaning of one or more workbooks.

use std::path::PathBuf;

use crate::analysis::check::{check, warnings};
use crate::catalog::{catalog, scoping::questionnaire};
use crate::evidence::{Drift, drifted};
use crate::store;

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Workbooks to check; all are checked and reported.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: Args, today: crate::model::Date) -> anyhow::Result<u8> {
    let mut worst = EXIT_OK;
    for path in &args.paths {
        let code = match store::load(path) {
            Err(err) => output::store_error(&err),
            Ok(loaded) => {
                let findings = check(catalog(), questionnaire(), &loaded.workbook);
                for finding in &findings {
                    output::error(&format!(
                        "{}: error: {}: {}",
                        path.display(),
                        finding.entity,
                        finding.message
                    ));
                }
                // Evidence that changed after it was collected is worth a look, but it does
                // not make the workbook invalid.
                for d in drifted(path, &loaded.workbook) {
                    let what = match d.drift {
                        Drift::Changed => "changed since it was collected",
                        Drift::Missing => "is no longer in the repository",
                    };
                    output::error(&format!(
                        "{}: warning: checklist {} / {} evidence {}: {} {what} on {}; collect it again or note why",
                        path.display(),
                        d.criterion,
                        d.item,
                        d.evidence,
                        d.reference,
                        d.collected
                    ));
                }
                if let Some(version) = loaded.upgrade_pending() {
                    output::error(&format!(
                        "{}: warning: format version {version}: upgraded in memory to version {}; the next save or `soc2 fmt` writes it",
                        path.display(),
                        crate::model::FORMAT_VERSION
                    ));
                }
                for w in warnings(catalog(), &loaded.workbook) {
                    output::error(&format!(
                        "{}: warning: {}: {}",
                        path.display(),
                        w.entity,
                        w.message
                    ));
                }
                for w in crate::analysis::vendor::findings(catalog(), &loaded.workbook, today) {
                    let name = loaded
                        .workbook
                        .vendors
                        .get(&w.vendor)
                        .map_or("", |v| v.name.as_str());
                    output::error(&format!(
                        "{}: warning: vendor {} ({name}): {}",
                        path.display(),
                        w.vendor,
                        w.message()
                    ));
                }
                for w in crate::analysis::risk::warnings(catalog(), &loaded.workbook, today) {
                    output::error(&format!(
                        "{}: warning: {}: {}",
                        path.display(),
                        w.entity,
                        w.message
                    ));
                }
                for w in super::policy::warnings(path, &loaded.workbook, today) {
                    output::error(&format!(
                        "{}: warning: {}: {}",
                        path.display(),
                        w.entity,
                        w.message
                    ));
                }
                if findings.is_empty() {
                    EXIT_OK
                } else {
                    EXIT_INVALID
                }
            }
        };
        // An I/O problem (2) outranks an invalid file (1), which outranks success.
        worst = worst.max(code);
    }
    if worst == EXIT_OK {
        let n = args.paths.len();
        output::print(&format!("{n} workbook{} ok", if n == 1 { "" } else { "s" }));
    }
    debug_assert!(worst <= EXIT_USAGE);
    Ok(worst)
}
