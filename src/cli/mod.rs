//! The `soc2` command line: flags defined once, each subcommand a thin shell over the core.
//!
//! Why thin: the full-screen app and scripts must see the same numbers, so commands only
//! parse arguments, call `store` and `analysis`, and print through the sanitizer.
//!
//! Exit codes (also in the README): 0 success; 1 a workbook is invalid, a check failed,
//! or `fmt --check` found files to rewrite; 2 usage or I/O error.

mod backlog;
mod backlog_list;
mod catalog;
mod check;
mod config;
mod diff;
mod edit_file;
mod evidence;
mod export;
mod fmt;
mod git;
mod item;
mod merge;
pub mod new;
pub(crate) mod output;
mod people;
mod policy;
mod population;
mod population_csv;
mod reference;
mod requests;
mod risk;
mod sample;
mod scope;
mod status;
mod timeline;
mod vendor;

pub use new::starter_workbook;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::Date;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: a workbook is invalid or a check failed.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: bad usage or an I/O error.
pub const EXIT_USAGE: u8 = 2;

/// soc2: an offline SOC 2 workbook for small teams, kept as a RON file in your git repo.
#[derive(Debug, Parser)]
#[command(name = "soc2", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// The workbook to open (without a subcommand).
    pub path: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// Open the workbook to look, not to change (reviewers, auditors): every view works,
    /// no edit is possible, no lock is taken and nothing is saved.
    #[arg(long)]
    pub read_only: bool,

    /// Pretend today is this date (YYYY-MM-DD); for reproducible reports and tests.
    #[arg(long, global = true, env = "SOC2_TODAY", hide = true, value_parser = parse_date)]
    pub today: Option<Date>,
}

const EXIT_CODES: &str =
    "Exit codes: 0 success; 1 invalid workbook or failed check; 2 usage or I/O error.";

/// Output formats shared by reporting commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new workbook with sensible defaults (Security in scope, Type II, 6 months, a starter plan).
    New(new::Args),
    /// Check workbooks: syntax and meaning (unknown ids, owners, dangling links, dates).
    Check(check::Args),
    /// Rewrite workbooks in canonical form (or, with --check, list those that would change).
    Fmt(fmt::Args),
    /// Print the readiness summary of a workbook.
    Status(status::Args),
    /// Print the SOC 2 catalog: criteria and their checklist items.
    Catalog(catalog::Args),
    /// Show what changed between two workbooks in SOC 2 terms (also git's external diff).
    Diff(diff::Args),
    /// Merge two workbooks by entity and field (git's merge driver: %O %A %B --marker-size %L --path %P).
    Merge(merge::Args),
    /// Set up git for workbooks: semantic diff and merge drivers, and a pre-commit check.
    Git(git::Args),
    /// Record evidence from a script.
    Evidence(evidence::Args),
    /// Change a checklist item from a script.
    Item(item::Args),
    /// Work with the remediation backlog: list, add, set.
    Backlog(backlog::Args),
    /// Print the plan as a chart with its warnings (or as JSON).
    Timeline(timeline::Args),
    /// Answer the scoping questions from a script, re-derive the scope, or show it.
    Scope(scope::Args),
    /// Populations of per-event, daily and weekly controls: import, add, list, mark,
    /// attach evidence, log exceptions, sample sizes.
    Population(population::Args),
    /// Draw the auditor's sample from a control's population and list what each event lacks.
    Sample(sample::Args),
    /// Print every key of the full-screen app (the same table as its `?` help), as Markdown,
    /// with your config's overrides.
    Keys(reference::KeysArgs),
    /// Your config file (keys and theme): where it is, check it, write an example.
    Config(config::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), generated from these same definitions.
    Man,
    /// The policy register: write the standard skeletons, approve, review, acknowledge.
    Policy(policy::Args),
    /// People records: add a person, background check, security training, device enrolment.
    People(people::Args),
    /// The vendor register (CC9.2): vendors, subservice organizations, SOC report reviews,
    /// bridge letters, CSOCs and CUECs.
    Vendor(vendor::Args),
    /// The risk register (CC3, CC5.1): starter risks, ratings, treatments, the risk–control
    /// matrix, the annual assessment and reassessment triggers.
    Risk(risk::Args),
    /// Write the audit package (control matrix, request list, readiness report, system
    /// description, assertion, evidence index, backlog, manifest) into a folder.
    Export(export::Args),
    /// The auditor's request list (IRL): import their CSV, list, set status, owner, due.
    Requests(requests::Args),
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>().map_err(|e| e.to_string())
}

/// Parses the process's arguments. On a usage error the message is printed sanitized
/// (clap echoes what was typed, escape sequences included) and the exit code (2) is
/// returned; help and version print as clap prints them.
pub fn parse() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|err| {
        use clap::error::ErrorKind;
        let code = u8::try_from(err.exit_code()).unwrap_or(EXIT_USAGE);
        match err.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let _ = err.print();
            }
            _ => output::error(plain_error(err).trim_end()),
        }
        ExitCode::from(code)
    })
}

/// The text of a usage error with what was typed left in, for the sanitizer to mark.
/// clap's own rendering drops some escape sequences silently and passes others (C1
/// controls) through, so the arguments are parsed again without styles to get the text.
fn plain_error(err: clap::Error) -> String {
    use clap::CommandFactory;
    let plain = Cli::command()
        .styles(clap::builder::styling::Styles::plain())
        .try_get_matches_from(std::env::args_os());
    match plain {
        Err(again) if again.kind() == err.kind() => again.render().ansi().to_string(),
        _ => err.render().to_string(),
    }
}

/// Runs the command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let today = cli.today.unwrap_or_else(Date::today);
    let result = match cli.command {
        Some(Command::New(args)) => new::run(args, today),
        Some(Command::Check(args)) => check::run(args, today),
        Some(Command::Fmt(args)) => fmt::run(args),
        Some(Command::Status(args)) => status::run(args, today),
        Some(Command::Catalog(args)) => catalog::run(args),
        Some(Command::Diff(args)) => diff::run(args),
        Some(Command::Merge(args)) => merge::run(args),
        Some(Command::Git(args)) => git::run(args),
        Some(Command::Evidence(args)) => evidence::run(args, today),
        Some(Command::Item(args)) => item::run(args),
        Some(Command::Backlog(args)) => backlog::run(args, today),
        Some(Command::Timeline(args)) => timeline::run(args, today),
        Some(Command::Scope(args)) => scope::run(args),
        Some(Command::Population(args)) => population::run(args, today),
        Some(Command::Sample(args)) => sample::run(args, today),
        Some(Command::Completions { shell }) => reference::completions(shell),
        Some(Command::Man) => reference::man(),
        Some(Command::Keys(args)) => reference::keys(args),
        Some(Command::Config(args)) => config::run(args),
        Some(Command::Policy(args)) => policy::run(args, today),
        Some(Command::Risk(args)) => risk::run(args, today),
        Some(Command::People(args)) => people::run(args, today),
        Some(Command::Vendor(args)) => vendor::run(args, today),
        Some(Command::Export(args)) => export::run(args, cli.today),
        Some(Command::Requests(args)) => requests::run(args),
        None if std::io::IsTerminal::is_terminal(&std::io::stdout()) => {
            return match crate::tui::run(cli.path, today, cli.read_only) {
                Ok(code) => code,
                Err(err) => {
                    output::error(&format!("{err:#}"));
                    ExitCode::from(EXIT_USAGE)
                }
            };
        }
        None => match cli.path {
            Some(path) => status::run(
                status::Args {
                    path,
                    format: Format::Text,
                },
                today,
            ),
            None => {
                output::error(
                    "no workbook given; try `soc2 new workbooks/ours.ron --org NAME` or `soc2 --help`",
                );
                Ok(EXIT_USAGE)
            }
        },
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            output::error(&format!("{err:#}"));
            ExitCode::from(EXIT_USAGE)
        }
    }
}
