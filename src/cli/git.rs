//! `soc2 git setup`: registers the semantic diff and merge drivers in the current repository.
//!
//! Why both files: `.gitattributes` (committed, shared) names the drivers for
//! `workbooks/*.ron` and pins `text eol=lf`; the commands themselves live in each clone's
//! git config (git never runs commands from a committed file). A teammate who has not run
//! setup gets git's text merge, and `soc2 check` catches what that breaks.
//!
//! The commands use the absolute path of this `soc2` binary, not a bare `soc2`: git GUIs
//! and IDEs often run with a PATH that lacks `~/.cargo/bin`, and a driver git cannot find
//! silently falls back to a text merge. After moving or reinstalling soc2 elsewhere, run
//! setup again (it prints what it changed); `--program soc2` opts into PATH lookup.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::store;

use super::{EXIT_OK, EXIT_USAGE, output};

/// The attributes line setup maintains.
pub const ATTRIBUTES: &str = "workbooks/*.ron diff=soc2 merge=soc2 text eol=lf";

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: GitCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum GitCommand {
    /// Register `soc2 diff` and `soc2 merge` as git drivers for workbooks/*.ron (idempotent).
    Setup(SetupArgs),
}

#[derive(Debug, clap::Args)]
pub struct SetupArgs {
    /// The command git should run (default: the absolute path of this soc2).
    #[arg(long)]
    pub program: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    match args.command {
        GitCommand::Setup(a) => setup(a),
    }
}

/// Quotes a word for the shell git runs drivers with, when it needs it.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:@%=".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

fn git(args: &[&str]) -> std::io::Result<std::process::Output> {
    Command::new("git").args(args).output()
}

fn repo_root() -> Result<PathBuf, String> {
    let out =
        git(&["rev-parse", "--show-toplevel"]).map_err(|e| format!("could not run git: {e}"))?;
    if !out.status.success() {
        return Err("not inside a git repository; run `soc2 git setup` in your repo".into());
    }
    Ok(PathBuf::from(
        String::from_utf8_lossy(&out.stdout).trim_end_matches(['\n', '\r']),
    ))
}

/// The `.gitignore` line for the app's sidecar lock files.
pub const IGNORE: &str = "workbooks/.*.ron.lock";

/// `current` with `line` appended, or `None` when it already has it.
pub fn with_line(current: &str, line: &str) -> Option<String> {
    if current.lines().any(|l| l.trim() == line) {
        return None;
    }
    let mut text = current.to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(line);
    text.push('\n');
    Some(text)
}

/// `.gitattributes` with our line added or updated; `None` when it is already right.
pub fn updated_attributes(current: &str) -> Option<(String, &'static str)> {
    let pattern = ATTRIBUTES.split_whitespace().next().unwrap_or_default();
    if current.lines().any(|l| l.trim() == ATTRIBUTES) {
        return None;
    }
    let mut replaced = false;
    let mut lines: Vec<String> = current
        .lines()
        .map(|l| {
            if !replaced && l.split_whitespace().next() == Some(pattern) {
                replaced = true;
                ATTRIBUTES.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    if !replaced {
        lines.push(ATTRIBUTES.to_string());
    }
    let mut text = lines.join("\n");
    text.push('\n');
    Some((text, if replaced { "updated" } else { "added" }))
}

fn setup(args: SetupArgs) -> anyhow::Result<u8> {
    let root = match repo_root() {
        Ok(r) => r,
        Err(e) => {
            output::error(&format!("error: {e}"));
            return Ok(EXIT_USAGE);
        }
    };
    let program = match args.program {
        Some(p) => p,
        None => shell_word(&std::env::current_exe()?.display().to_string()),
    };
    let mut changed = Vec::new();

    let attributes = root.join(".gitattributes");
    let current = match std::fs::read_to_string(&attributes) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            output::error(&format!("{}: error: {e}", attributes.display()));
            return Ok(EXIT_USAGE);
        }
    };
    if let Some((text, how)) = updated_attributes(&current) {
        if let Err(e) = store::write_atomic(&attributes, text.as_bytes()) {
            return Ok(output::store_error(&e));
        }
        changed.push(format!(
            "{how} in {}: {ATTRIBUTES}",
            display(&attributes, &root)
        ));
    }

    // The app's lock sits next to the workbook while it is open; keep it out of commits.
    let ignore = root.join(".gitignore");
    let current = std::fs::read_to_string(&ignore).unwrap_or_default();
    if let Some(text) = with_line(&current, IGNORE) {
        if let Err(e) = store::write_atomic(&ignore, text.as_bytes()) {
            return Ok(output::store_error(&e));
        }
        changed.push(format!("added in {}: {IGNORE}", display(&ignore, &root)));
    }

    let settings = [
        ("diff.soc2.command", format!("{program} diff")),
        (
            "merge.soc2.name",
            "soc2 workbook merge (by entity and field)".to_string(),
        ),
        (
            "merge.soc2.driver",
            format!("{program} merge %O %A %B %L %P"),
        ),
    ];
    for (key, value) in &settings {
        let now = git(&["config", "--local", "--get", key])?;
        let now = String::from_utf8_lossy(&now.stdout)
            .trim_end_matches(['\n', '\r'])
            .to_string();
        if &now == value {
            continue;
        }
        let set = git(&["config", "--local", key, value])?;
        if !set.status.success() {
            output::error(&format!(
                "error: git config {key} failed: {}",
                String::from_utf8_lossy(&set.stderr).trim()
            ));
            return Ok(EXIT_USAGE);
        }
        changed.push(if now.is_empty() {
            format!("set git config {key} = {value}")
        } else {
            format!("changed git config {key}: {now} → {value}")
        });
    }

    if changed.is_empty() {
        output::print("nothing to change: the soc2 diff and merge drivers are set up");
    } else {
        for line in &changed {
            output::print(line);
        }
        output::print(
            "next: commit .gitattributes and .gitignore; each teammate runs `soc2 git setup` once in their clone\n`git diff` now shows workbook changes in SOC 2 terms (`git log -p --ext-diff` for history)",
        );
    }
    Ok(EXIT_OK)
}

fn display(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_added_updated_or_left_alone() {
        let (text, how) = updated_attributes("").unwrap();
        assert_eq!(
            (text.as_str(), how),
            (format!("{ATTRIBUTES}\n").as_str(), "added")
        );
        let (text, how) = updated_attributes("*.png binary").unwrap();
        assert_eq!(text, format!("*.png binary\n{ATTRIBUTES}\n"));
        assert_eq!(how, "added");
        let (text, how) =
            updated_attributes("*.png binary\nworkbooks/*.ron text\n*.md text\n").unwrap();
        assert_eq!(text, format!("*.png binary\n{ATTRIBUTES}\n*.md text\n"));
        assert_eq!(how, "updated");
        assert_eq!(updated_attributes(&format!("a b\n{ATTRIBUTES}\n")), None);
    }

    #[test]
    fn the_lock_pattern_is_added_once_to_gitignore() {
        assert_eq!(
            with_line("", IGNORE).as_deref(),
            Some("workbooks/.*.ron.lock\n")
        );
        assert_eq!(
            with_line("target", IGNORE).as_deref(),
            Some("target\nworkbooks/.*.ron.lock\n")
        );
        assert_eq!(with_line("target\nworkbooks/.*.ron.lock\n", IGNORE), None);
    }

    #[test]
    fn paths_are_quoted_for_the_shell_only_when_needed() {
        assert_eq!(
            shell_word("/home/me/.cargo/bin/soc2"),
            "/home/me/.cargo/bin/soc2"
        );
        assert_eq!(shell_word("/Users/Me Too/soc2"), "'/Users/Me Too/soc2'");
        assert_eq!(shell_word("/it's/soc2"), "'/it'\\''s/soc2'");
    }
}
