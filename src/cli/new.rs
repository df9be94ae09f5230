//! `soc2 new`: a team's first workbook, ready to open.

use std::path::PathBuf;

use crate::model::Date;
pub use crate::starter::starter_workbook;
use crate::store;

use super::{EXIT_OK, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to create the workbook (refuses to overwrite an existing file).
    pub path: PathBuf,
    /// The organization's name.
    #[arg(long)]
    pub org: String,
    /// The system (service) under audit; defaults to the organization's name.
    #[arg(long)]
    pub system: Option<String>,
}

pub fn run(args: Args, today: Date) -> anyhow::Result<u8> {
    if args.org.trim().is_empty() {
        output::error("error: --org needs a name");
        return Ok(super::EXIT_USAGE);
    }
    let wb = starter_workbook(&args.org, args.system.as_deref(), today);
    // `soc2 new workbooks/acme.ron` in a fresh repository: the folder is part of the ask.
    if let Some(folder) = args.path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Err(source) = std::fs::create_dir_all(folder)
    {
        output::error(&format!(
            "{}: error: could not create the folder {}: {source}",
            args.path.display(),
            folder.display()
        ));
        return Ok(super::EXIT_USAGE);
    }
    if let Err(err) = store::create(&args.path, &wb) {
        return Ok(output::store_error(&err));
    }
    output::print(&format!(
        "created {} for {}: Security in scope, Type II with a 6-month window, a plan starting {today}\nnext: answer the scoping questions with `soc2 {}`",
        args.path.display(),
        args.org,
        args.path.display()
    ));
    Ok(EXIT_OK)
}
