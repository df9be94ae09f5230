//! `soc2 evidence add PATH ITEM --ref REF [--date D] [--by WHO]`: record evidence from a script.
//!
//! Why: a nightly restore test or a quarterly access review in CI should record its proof
//! without a person. For a recurring control the date also counts as an occurrence, and a
//! reference to a file in the repository is stored with its SHA-256 so a later change shows.

use std::path::PathBuf;

use crate::evidence::file_hash;

use crate::catalog::catalog;
use crate::edit::{self, NewEvidence};
use crate::model::Date;

use super::edit_file::edit_workbook;
use super::{EXIT_OK, output, parse_date};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: EvidenceCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum EvidenceCommand {
    /// Record evidence for a checklist item (and an occurrence, for a recurring control).
    Add(AddArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The checklist item id (see `soc2 catalog`), e.g. access-review-quarterly.
    pub item: String,
    /// A repo path, URL or ticket id; a file in the repo is hashed.
    #[arg(long = "ref")]
    pub reference: String,
    /// When it was collected or performed (default: today).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Who collected it (a team member's handle).
    #[arg(long)]
    pub by: Option<String>,
}

pub fn run(args: Args, today: Date) -> anyhow::Result<u8> {
    let EvidenceCommand::Add(args) = args.command;
    let sha256 = file_hash(&args.path, &args.reference);
    let result = edit_workbook(&args.path, |wb| {
        let key = edit::resolve_item(catalog(), wb, &args.item)?;
        let ev = NewEvidence {
            reference: args.reference.clone(),
            collected: args.date,
            by: args.by.clone(),
            sha256: sha256.clone(),
        };
        let (id, started) = edit::add_evidence_of_occurrence(
            catalog(),
            wb,
            &key,
            ev,
            today,
            &mut fastrand::Rng::new(),
        )?;
        Ok((id, key, started))
    });
    match result {
        Ok((id, key, started)) => {
            let hash = sha256
                .map(|h| format!(", sha256 {}", &h[..12]))
                .unwrap_or_default();
            output::print(&format!(
                "recorded {id} for {} {}: {} ({}{hash})",
                key.criterion,
                key.item,
                args.reference.trim(),
                args.date.unwrap_or(today)
            ));
            if started {
                output::print(&format!(
                    "{} was not started: it is now in progress (performing it started it)",
                    key.item
                ));
            }
            Ok(EXIT_OK)
        }
        Err(code) => Ok(code),
    }
}
