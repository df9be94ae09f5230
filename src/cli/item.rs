//! `soc2 item set PATH ITEM [--status S] [--owner O] [--reason R] [--param KEY=N]`: change
//! a checklist item from a script.

use std::path::PathBuf;

use crate::catalog::catalog;
use crate::edit;
use crate::model::ItemStatus;

use super::edit_file::edit_workbook;
use super::{EXIT_OK, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: ItemCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ItemCommand {
    /// Set a checklist item's status and/or owner.
    Set(SetArgs),
}

fn parse_status(s: &str) -> Result<ItemStatus, String> {
    ItemStatus::parse(s).ok_or_else(|| {
        "use one of: not-started, in-progress, implemented, na (or todo, wip, done)".into()
    })
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("change").required(true).multiple(true).args(["status", "owner", "param"])))]
pub struct SetArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The checklist item id (see `soc2 catalog`).
    pub item: String,
    /// not-started, in-progress, implemented or na.
    #[arg(long, value_parser = parse_status)]
    pub status: Option<ItemStatus>,
    /// A team member's handle.
    #[arg(long)]
    pub owner: Option<String>,
    /// Why the item does not apply (required with `--status na`).
    #[arg(long)]
    pub reason: Option<String>,
    /// The team's own number for a policy parameter (`hours=12`); repeatable.
    #[arg(long, value_name = "KEY=N", value_parser = parse_param)]
    pub param: Vec<(String, u32)>,
}

fn parse_param(s: &str) -> Result<(String, u32), String> {
    let (key, value) = s
        .split_once('=')
        .ok_or_else(|| "write it as KEY=N, such as hours=12".to_string())?;
    let value = value
        .trim()
        .parse()
        .map_err(|_| format!("\"{value}\" is not a whole number"))?;
    Ok((key.trim().to_string(), value))
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let ItemCommand::Set(args) = args.command;
    let result = edit_workbook(&args.path, |wb| {
        let key = edit::resolve_item(catalog(), wb, &args.item)?;
        if let Some(owner) = &args.owner {
            edit::set_item_owner(wb, &key, Some(owner))?;
        }
        if let Some(status) = args.status {
            edit::set_item_status(wb, &key, status, args.reason.as_deref())?;
        }
        for (name, value) in &args.param {
            edit::set_item_parameter(catalog(), wb, &key, name, *value)?;
        }
        let record = wb
            .item(&key.criterion, &key.item)
            .cloned()
            .unwrap_or_default();
        Ok((key, record))
    });
    match result {
        Ok((key, record)) => {
            let owner = record
                .owner
                .map(|o| format!(", owner {o}"))
                .unwrap_or_default();
            let params: String = record
                .parameters
                .iter()
                .map(|(k, v)| format!(", {k} {v}"))
                .collect();
            output::print(&format!(
                "{} {}: {}{owner}{params}",
                key.criterion,
                key.item,
                record.status.label()
            ));
            Ok(EXIT_OK)
        }
        Err(code) => Ok(code),
    }
}
