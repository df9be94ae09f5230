//! `soc2 diff OLD NEW`, also git's external diff (`diff.soc2.command`): what changed, in SOC 2 terms.
//!
//! Why three call forms: a reviewer runs `soc2 diff` on two files, and git calls the same
//! command with seven arguments (path, old file, old hash, old mode, new file, new hash,
//! new mode; `/dev/null` for an added or deleted file) for `git diff` and `git log -p
//! --ext-diff`, or nine for a rename or copy (the same, then the new path and git's
//! "similarity index … rename from … rename to …" text). Under git a workbook that does not
//! parse (a hand edit, a text merge) falls back to a plain text diff whose message names the
//! workbook's path, not git's temporary file, and the exit code is always 0 so git keeps going.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::analysis::diff::{Change, Kind, diff};
use crate::catalog::catalog;
use crate::model::Workbook;
use crate::store;
use crate::text::{sanitize, sanitize_multiline};

use super::{EXIT_OK, EXIT_USAGE, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// OLD and NEW workbooks (or the seven or nine arguments git passes to an external diff).
    #[arg(required = true, num_args = 2..=9, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Colour: `auto` (only on a terminal, and never with NO_COLOR set), `always`, `never`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

fn colour_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Added => "\x1b[32m",
        Kind::Removed => "\x1b[31m",
        Kind::Changed => "\x1b[33m",
    }
}

/// The changes as text: a heading per area, one sanitized line per change.
pub fn render(changes: &[Change], colour: bool) -> String {
    let mut out = String::new();
    let mut area = None;
    for c in changes {
        if area != Some(c.area) {
            area = Some(c.area);
            if colour {
                out.push_str(&format!("{BOLD}{}{RESET}\n", c.area.label()));
            } else {
                out.push_str(&format!("{}\n", c.area.label()));
            }
        }
        let line = sanitize(&c.line()).into_owned();
        if colour {
            out.push_str(&format!(
                "  {}{}{RESET} {line}\n",
                colour_of(c.kind),
                c.kind.sign()
            ));
        } else {
            out.push_str(&format!("  {} {line}\n", c.kind.sign()));
        }
    }
    out
}

fn use_colour(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let colour = use_colour(args.color);
    match args.files.as_slice() {
        [old, new] => {
            // Only the models are needed: neither text is ever held whole, and the new
            // side shares every record equal to the old one's (one model's memory, and
            // unchanged records compare by pointer).
            let old = match store::load_model(old) {
                Ok(o) => o,
                Err(e) => return Ok(output::store_error(&e)),
            };
            let new = match store::load_model_like(new, &old) {
                Ok(n) => n,
                Err(e) => return Ok(output::store_error(&e)),
            };
            let changes = diff(catalog(), &old, &new);
            if changes.is_empty() {
                output::print("no changes");
            } else {
                output::print_raw(render(&changes, colour).trim_end());
            }
            Ok(EXIT_OK)
        }
        [path, old, _, _, new, _, _] => {
            git_external([path, path], [old, new], None, colour);
            Ok(EXIT_OK)
        }
        [path, old, _, _, new, _, _, new_path, info] => {
            let how = if info.to_string_lossy().contains("copy from") {
                "copied"
            } else {
                "renamed"
            };
            git_external([path, new_path], [old, new], Some(how), colour);
            Ok(EXIT_OK)
        }
        _ => {
            output::error(
                "error: give OLD and NEW workbooks (or git's seven or nine external-diff arguments)",
            );
            Ok(EXIT_USAGE)
        }
    }
}

/// One side of a git diff: `/dev/null` is an absent file; errors name `shown`, the
/// workbook's path in the repository.
fn side(
    file: &Path,
    shown: &Path,
    like: Option<&Workbook>,
) -> Result<Option<Workbook>, store::StoreError> {
    if file == Path::new("/dev/null") {
        return Ok(None);
    }
    match like {
        Some(like) => super::merge::load_like(file, shown, like).map(Some),
        None => super::merge::load_as(file, shown).map(Some),
    }
}

/// Git's external diff of one file: `paths` are the old and new paths in the repository
/// (the same unless `moved` says how it was renamed or copied), `files` what git wrote out.
fn git_external(paths: [&Path; 2], files: [&Path; 2], moved: Option<&str>, colour: bool) {
    let [path, new_path] = paths;
    let [old, new] = files;
    let mut name = sanitize(&path.display().to_string()).into_owned();
    if let Some(how) = moved {
        name = format!(
            "{name} → {} ({how})",
            sanitize(&new_path.display().to_string())
        );
    }
    let heading = |note: &str| {
        if colour {
            format!("{BOLD}soc2 diff {name}{note}{RESET}")
        } else {
            format!("soc2 diff {name}{note}")
        }
    };
    let before = side(old, path, None);
    let after = match &before {
        Ok(like) => side(new, new_path, like.as_ref()),
        Err(_) => Ok(None),
    };
    match (before, after) {
        (Ok(a), Ok(b)) => {
            let note = match (&a, &b) {
                (None, _) => " (new file)",
                (_, None) => " (deleted)",
                _ => "",
            };
            let changes = diff(catalog(), &a.unwrap_or_default(), &b.unwrap_or_default());
            output::print_raw(&heading(note));
            if changes.is_empty() {
                output::print("no changes in SOC 2 terms (formatting only)");
            } else {
                output::print_raw(render(&changes, colour).trim_end());
            }
        }
        (Err(e), _) | (_, Err(e)) => {
            output::print_raw(&heading(" (plain text: not a valid workbook)"));
            output::print(&format!("{e}"));
            let plain = Command::new("git")
                .args(["diff", "--no-index", "--no-ext-diff", "--no-color", "--"])
                .arg(old)
                .arg(new)
                .output();
            if let Ok(plain) = plain {
                output::print_raw(
                    sanitize_multiline(&String::from_utf8_lossy(&plain.stdout)).trim_end(),
                );
            }
        }
    }
}
