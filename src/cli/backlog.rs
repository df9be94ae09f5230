//! `soc2 backlog add|set`: remediation items from a script (`list` lives in `backlog_list`).
//!
//! Why `add` prints only the new id: scripts capture it (`id=$(soc2 backlog add …)`).

use std::path::PathBuf;

use crate::catalog::catalog;
use crate::edit::{self, NewBacklogItem};
use crate::model::{BacklogStatus, Date, Priority};

use super::edit_file::edit_workbook;
use super::{EXIT_OK, output, parse_date};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: BacklogCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum BacklogCommand {
    /// List remediation items, filtered and sorted, as a table, JSON or CSV.
    List(super::backlog_list::ListArgs),
    /// Add a remediation item; prints its new id.
    Add(AddArgs),
    /// Change a remediation item's status, owner, due date or priority.
    Set(SetArgs),
}

fn parse_priority(s: &str) -> Result<Priority, String> {
    Priority::parse(s).ok_or_else(|| "use P1, P2, P3 or P4".into())
}

fn parse_status(s: &str) -> Result<BacklogStatus, String> {
    BacklogStatus::parse(s).ok_or_else(|| "use open, in-progress, blocked or done".into())
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The workbook.
    pub path: PathBuf,
    #[arg(long)]
    pub title: String,
    /// Criterion ids this item closes a gap in, comma-separated (CC6.2,CC6.3).
    #[arg(long, value_delimiter = ',')]
    pub criteria: Vec<String>,
    /// Checklist item ids this item closes a gap in, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub items: Vec<String>,
    /// A team member's handle.
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long, value_parser = parse_date)]
    pub due: Option<Date>,
    /// P1..P4 (default: suggested from the criteria).
    #[arg(long, value_parser = parse_priority)]
    pub priority: Option<Priority>,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("change").required(true).multiple(true).args(["status", "owner", "due", "priority"])))]
pub struct SetArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The backlog item id (RB-k3fz).
    pub id: String,
    /// open, in-progress, blocked or done.
    #[arg(long, value_parser = parse_status)]
    pub status: Option<BacklogStatus>,
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long, value_parser = parse_date)]
    pub due: Option<Date>,
    #[arg(long, value_parser = parse_priority)]
    pub priority: Option<Priority>,
}

pub fn run(args: Args, today: Date) -> anyhow::Result<u8> {
    let result = match args.command {
        BacklogCommand::List(a) => return super::backlog_list::run(a, today),
        BacklogCommand::Add(a) => edit_workbook(&a.path, |wb| {
            let new = NewBacklogItem {
                title: a.title.clone(),
                description: String::new(),
                criteria: a.criteria.iter().map(|c| c.trim().to_string()).collect(),
                items: a.items.iter().map(|i| i.trim().to_string()).collect(),
                priority: a.priority,
                owner: a.owner.clone(),
                due: a.due,
            };
            edit::add_backlog_item(catalog(), wb, new, today, &mut fastrand::Rng::new())
        }),
        BacklogCommand::Set(a) => edit_workbook(&a.path, |wb| {
            if let Some(owner) = &a.owner {
                edit::set_backlog_owner(wb, &a.id, Some(owner))?;
            }
            if let Some(due) = a.due {
                edit::set_backlog_due(wb, &a.id, Some(due))?;
            }
            if let Some(p) = a.priority {
                edit::set_backlog_priority(wb, &a.id, p)?;
            }
            if let Some(s) = a.status {
                edit::set_backlog_status(wb, &a.id, s, today)?;
            }
            let item = wb
                .backlog_item(&a.id)
                .ok_or_else(|| edit::EditError::UnknownBacklogItem(a.id.clone()))?;
            let mut parts = vec![
                item.status.label().to_string(),
                item.priority.label().into(),
            ];
            if let Some(o) = &item.owner {
                parts.push(format!("owner {o}"));
            }
            if let Some(d) = item.due {
                parts.push(format!("due {d}"));
            }
            Ok(format!("{} {}: {}", item.id, item.title, parts.join(", ")))
        }),
    };
    match result {
        Ok(line) => {
            output::print(&line);
            Ok(EXIT_OK)
        }
        Err(code) => Ok(code),
    }
}
