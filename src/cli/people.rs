//! `soc2 people …`: the people records an auditor samples — joined and left, background
//! check, security training, device enrolment — and what each person still owes.
//!
//! Why beside the policies: acknowledgements, training and background checks are the
//! per-person half of the same controls (CC1.1, CC1.4, CC2.2), and leavers stay listed
//! because they are the population the access-revocation control is tested on.

use std::path::PathBuf;

use crate::analysis::policy::{is_active, person_gaps};
use crate::catalog::catalog;
use crate::catalog::policies::policy_set;
use crate::edit;
use crate::model::Date;
use crate::store;

use super::edit_file::edit_workbook;
use super::{EXIT_OK, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: PeopleCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum PeopleCommand {
    /// Add a person to the team.
    Add(AddArgs),
    /// Record a person's dates: joined, left, background check, training, device enrolment.
    Set(SetArgs),
    /// Each person's record and what they still owe today.
    List(ListArgs),
}

/// A date, or `none` to clear it.
#[derive(Debug, Clone, Copy)]
pub struct DateOrNone(pub Option<Date>);

fn date_or_none(s: &str) -> Result<DateOrNone, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(DateOrNone(None));
    }
    s.parse::<Date>()
        .map(|d| DateOrNone(Some(d)))
        .map_err(|e| format!("{e} (or `none` to clear it)"))
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The workbook.
    pub path: PathBuf,
    /// A short handle, such as maria.
    pub id: String,
    /// The display name.
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long, default_value = "")]
    pub role: String,
    /// When they joined (got system access).
    #[arg(long, value_parser = super::parse_date)]
    pub joined: Option<Date>,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("change").required(true).multiple(true)
    .args(["joined", "left", "background_check", "training", "remove_training", "device_enrolled"])))]
pub struct SetArgs {
    /// The workbook.
    pub path: PathBuf,
    /// The person's handle.
    pub member: String,
    /// When they joined and got system access (`none` to clear).
    #[arg(long, value_parser = date_or_none)]
    pub joined: Option<DateOrNone>,
    /// When they left; a leaver stays listed (`none` to clear).
    #[arg(long, value_parser = date_or_none)]
    pub left: Option<DateOrNone>,
    /// When their background check was finished (`none` to clear).
    #[arg(long, value_parser = date_or_none)]
    pub background_check: Option<DateOrNone>,
    /// A date they completed security awareness training; repeatable.
    #[arg(long, value_parser = super::parse_date)]
    pub training: Vec<Date>,
    /// A training date recorded by mistake; repeatable.
    #[arg(long, value_parser = super::parse_date)]
    pub remove_training: Vec<Date>,
    /// When their work device was enrolled in device management (`none` to clear).
    #[arg(long, value_parser = date_or_none)]
    pub device_enrolled: Option<DateOrNone>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The workbook.
    pub path: PathBuf,
}

pub fn run(args: Args, today: Date) -> anyhow::Result<u8> {
    match args.command {
        PeopleCommand::Add(a) => {
            let done = edit_workbook(&a.path, |wb| {
                edit::add_member(wb, &a.id, a.name.as_deref().unwrap_or(""), &a.role)?;
                if a.joined.is_some() {
                    edit::set_member_dates(wb, &a.id, a.joined, None)?;
                }
                Ok(())
            });
            Ok(match done {
                Ok(()) => {
                    output::print(&format!("{} added to the team", a.id));
                    EXIT_OK
                }
                Err(code) => code,
            })
        }
        PeopleCommand::Set(a) => {
            let done = edit_workbook(&a.path, |wb| {
                let m = wb
                    .member(&a.member)
                    .cloned()
                    .ok_or_else(|| edit::EditError::UnknownMember(a.member.clone()))?;
                if a.joined.is_some() || a.left.is_some() {
                    let joined = a.joined.map_or(m.joined, |d| d.0);
                    let left = a.left.map_or(m.left, |d| d.0);
                    edit::set_member_dates(wb, &a.member, joined, left)?;
                }
                if let Some(d) = a.background_check {
                    edit::set_background_check(wb, &a.member, d.0)?;
                }
                for d in &a.training {
                    edit::add_training(wb, &a.member, *d)?;
                }
                for d in &a.remove_training {
                    edit::remove_training(wb, &a.member, *d)?;
                }
                if let Some(d) = a.device_enrolled {
                    edit::set_device_enrolled(wb, &a.member, d.0)?;
                }
                Ok(())
            });
            Ok(match done {
                Ok(()) => {
                    output::print(&format!("{}: updated", a.member));
                    EXIT_OK
                }
                Err(code) => code,
            })
        }
        PeopleCommand::List(a) => {
            let loaded = match store::load(&a.path) {
                Ok(l) => l,
                Err(err) => return Ok(output::store_error(&err)),
            };
            let wb = &loaded.workbook;
            let show = |d: Option<Date>| d.map_or_else(|| "-".to_string(), |d| d.to_string());
            let mut lines = Vec::new();
            for m in &wb.team {
                let state = if is_active(m, today) {
                    ""
                } else {
                    " (not active)"
                };
                lines.push(format!(
                    "{} {}{state}: joined {}, left {}, background check {}, last training {}, device {}",
                    m.id,
                    m.name,
                    show(m.joined),
                    show(m.left),
                    show(m.background_check),
                    show(m.training.last().copied()),
                    show(m.device_enrolled)
                ));
                for g in person_gaps(catalog(), policy_set(), wb, m, today) {
                    lines.push(format!("  - {}", g.describe(policy_set())));
                }
            }
            output::print(&lines.join("\n"));
            Ok(EXIT_OK)
        }
    }
}
