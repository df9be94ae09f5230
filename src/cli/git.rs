//! `soc2 git setup`: registers the semantic diff and merge drivers and a pre-commit check in
//! the current repository; `soc2 git pre-commit` is that check.
//!
//! Why both files: `.gitattributes` (committed, shared) names the drivers for
//! `workbooks/*.ron` and for each workbook at the repository root, and pins `text eol=lf`;
//! the commands themselves live in each clone's git config (git never runs commands from a
//! committed file). A teammate who has not run setup gets git's text merge, and `soc2 check`
//! catches what that breaks.
//!
//! Why a wrapper: git keeps `%A` as the driver left it whenever the driver exits non-zero, so
//! a driver that cannot run (soc2 moved, uninstalled, not on a GUI's PATH: exit 127) or that
//! refuses an input (a newer format, a parse error: `soc2 merge` exits 2) would silently
//! leave our side as the result. The registered command is a small `sh -c` script that runs
//! the soc2 that ran setup (its absolute path, so IDEs with a short PATH find it), else a
//! `soc2` on PATH (so moving or reinstalling soc2 does not break merges), and keeps its
//! result when it exits 0 (merged) or 1 (merged, conflicts recorded). Anything else falls
//! back to `git merge-file`, whose conflict markers `soc2 check` and the pre-commit hook
//! refuse, and exits 1 so git marks the file conflicted. The absolute path comes first
//! because it is the binary the team member chose when running setup; PATH is the fallback.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::analysis::check::check;
use crate::catalog::{catalog, scoping::questionnaire};
use crate::store;

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, output};

/// The attributes every workbook pattern gets.
const RULE: &str = "diff=soc2 merge=soc2 text eol=lf";

/// The attributes line for the workbooks folder.
pub const ATTRIBUTES: &str = "workbooks/*.ron diff=soc2 merge=soc2 text eol=lf";

/// The `.gitignore` line for the app's sidecar lock files.
pub const IGNORE: &str = "workbooks/.*.ron.lock";

/// `.gitignore` lines for the store's own files next to a workbook: temporary files of a save
/// (`.NAME.soc2-tmp-XXXXXX`, and the older `.NAME.XXXXXX.soc2-tmp`), the write lock
/// (`.NAME.soc2-save.lock`) and its queue (`.NAME.soc2-queue.lock`), which a killed save
/// may leave behind.
const IGNORE_TEMPORARY: [&str; 4] = [
    ".*.soc2-tmp",
    ".*.soc2-tmp*",
    ".*.soc2-save.lock",
    ".*.soc2-queue.lock",
];

/// The `.gitignore` line for lock files of workbooks at the repository root.
const IGNORE_ROOT_LOCKS: &str = "/.*.ron.lock";

/// The merge driver: `$1` is the soc2 to try first, then git's `%O %A %B %L %P`.
const MERGE_SCRIPT: &str = concat!(
    "p=$1; shift; s=127; ",
    "for c in \"$p\" soc2; do command -v \"$c\" >/dev/null 2>&1 || continue; ",
    "\"$c\" merge \"$1\" \"$2\" \"$3\" --marker-size \"${4:-7}\" --path \"$5\"; s=$?; break; done; ",
    "[ \"$s\" -le 1 ] && exit \"$s\"; ",
    "echo \"soc2 merge: $5: soc2 did not merge it (exit $s; 127: soc2 not found); ",
    "used the text merge of git instead: resolve the conflict markers, then run soc2 check\" >&2; ",
    "git merge-file --marker-size=\"${4:-7}\" -L \"$5 (ours)\" -L \"$5 (base)\" -L \"$5 (theirs)\" \"$2\" \"$1\" \"$3\"; ",
    "exit 1",
);

/// The external diff: `$1` is the soc2 to try first, then git's seven or nine arguments.
const DIFF_SCRIPT: &str = concat!(
    "p=$1; shift; ",
    "for c in \"$p\" soc2; do command -v \"$c\" >/dev/null 2>&1 || continue; ",
    "\"$c\" diff \"$@\" && exit 0; break; done; ",
    "echo \"soc2 diff $1: soc2 not found or failed; plain text diff\"; ",
    "git diff --no-index --no-ext-diff --no-color -- \"$2\" \"$5\"; exit 0",
);

/// The first line after the shebang of the hook setup installs: how setup knows it is ours.
const HOOK_MARK: &str = "# soc2 pre-commit hook, installed by `soc2 git setup`";

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: GitCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum GitCommand {
    /// Register `soc2 diff` and `soc2 merge` as git drivers for workbooks and a pre-commit check (idempotent).
    Setup(SetupArgs),
    /// Check the staged workbooks as `soc2 check` would; the pre-commit hook runs this.
    PreCommit,
}

#[derive(Debug, clap::Args)]
pub struct SetupArgs {
    /// The soc2 git should try first (default: the absolute path of this soc2; `soc2` on PATH is tried next).
    #[arg(long)]
    pub program: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    match args.command {
        GitCommand::Setup(a) => setup(a),
        GitCommand::PreCommit => pre_commit(),
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

/// The `merge.soc2.driver` value for `program` (already quoted for the shell).
pub fn merge_driver(program: &str) -> String {
    format!("sh -c '{MERGE_SCRIPT}' soc2-merge {program} %O %A %B %L %P")
}

/// The `diff.soc2.command` value for `program`; git appends its arguments.
pub fn diff_command(program: &str) -> String {
    format!("sh -c '{DIFF_SCRIPT}' soc2-diff {program}")
}

/// The pre-commit hook for `program`; without soc2 it still refuses conflict markers.
pub fn hook_script(program: &str) -> String {
    format!(
        r#"#!/bin/sh
{HOOK_MARK}
# It refuses a commit of a workbook that `soc2 check` fails (unresolved conflicts, conflict
# markers). Skip it once with `git commit --no-verify`.
p={program}
for c in "$p" soc2; do
    if command -v "$c" >/dev/null 2>&1; then exec "$c" git pre-commit; fi
done
echo "soc2 pre-commit: soc2 not found (tried $p and PATH); looking for conflict markers only" >&2
if git grep --cached -n -E '^(<<<<<<<|>>>>>>>|=======$)' -- ':(attr:merge=soc2)' >&2; then
    echo "soc2 pre-commit: commit refused: resolve the conflict markers above" >&2
    exit 1
fi
exit 0
"#
    )
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

/// `.gitattributes` with `wanted` added or updated (a line for the same pattern is replaced);
/// `None` when it is already right.
pub fn updated_attributes(current: &str, wanted: &str) -> Option<(String, &'static str)> {
    let pattern = wanted.split_whitespace().next().unwrap_or_default();
    if current.lines().any(|l| l.trim() == wanted) {
        return None;
    }
    let mut replaced = false;
    let mut lines: Vec<String> = current
        .lines()
        .map(|l| {
            if !replaced && l.split_whitespace().next() == Some(pattern) {
                replaced = true;
                wanted.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    if !replaced {
        lines.push(wanted.to_string());
    }
    let mut text = lines.join("\n");
    text.push('\n');
    Some((text, if replaced { "updated" } else { "added" }))
}

/// Whether a file name can be written as a `.gitattributes` pattern as it is.
fn plain_pattern(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-+@".contains(c))
}

/// The `*.ron` files at the repository root that load as workbooks (or are refused only for
/// being newer), sorted; a RON file of another program is left alone.
fn root_workbooks(root: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| name.ends_with(".ron"))
        .filter(|name| {
            matches!(
                store::load(&root.join(name)),
                Ok(_) | Err(store::StoreError::NewerVersion { .. })
            )
        })
        .collect();
    found.sort();
    found
}

/// Reads a text file that may not exist yet.
fn read_or_empty(path: &Path) -> Result<String, u8> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => {
            output::error(&format!("{}: error: {e}", path.display()));
            Err(EXIT_USAGE)
        }
    }
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
        Some(p) => shell_word(&p),
        None => shell_word(&std::env::current_exe()?.display().to_string()),
    };
    let mut changed = Vec::new();
    let mut notes = Vec::new();

    let mut wanted = vec![ATTRIBUTES.to_string()];
    let roots = root_workbooks(&root);
    for name in &roots {
        if plain_pattern(name) {
            wanted.push(format!("/{name} {RULE}"));
        } else {
            notes.push(format!(
                "note: {name} looks like a workbook but its name cannot be a .gitattributes pattern as it is; add a line for it by hand (`{RULE}`) or rename it"
            ));
        }
    }
    let attributes = root.join(".gitattributes");
    let mut current = match read_or_empty(&attributes) {
        Ok(t) => t,
        Err(code) => return Ok(code),
    };
    let before = current.clone();
    for line in &wanted {
        if let Some((text, how)) = updated_attributes(&current, line) {
            current = text;
            changed.push(format!("{how} in {}: {line}", display(&attributes, &root)));
        }
    }
    if current != before
        && let Err(e) = store::write_atomic(&attributes, current.as_bytes())
    {
        return Ok(output::store_error(&e));
    }

    // The app's lock sits next to the workbook while it is open, and a killed save may leave
    // a temporary file: keep both out of commits.
    let ignore = root.join(".gitignore");
    let mut current = match read_or_empty(&ignore) {
        Ok(t) => t,
        Err(code) => return Ok(code),
    };
    let before = current.clone();
    let mut lines = vec![IGNORE];
    lines.extend(IGNORE_TEMPORARY);
    if !roots.is_empty() {
        lines.push(IGNORE_ROOT_LOCKS);
    }
    for line in lines {
        if let Some(text) = with_line(&current, line) {
            current = text;
            changed.push(format!("added in {}: {line}", display(&ignore, &root)));
        }
    }
    if current != before
        && let Err(e) = store::write_atomic(&ignore, current.as_bytes())
    {
        return Ok(output::store_error(&e));
    }

    // The commands are long shell snippets: say what they do rather than print them.
    let settings = [
        (
            "diff.soc2.command",
            diff_command(&program),
            format!("runs {program} diff, else soc2 on PATH, else git's plain text diff"),
        ),
        (
            "merge.soc2.name",
            "soc2 workbook merge (by entity and field)".to_string(),
            "soc2 workbook merge (by entity and field)".to_string(),
        ),
        (
            "merge.soc2.driver",
            merge_driver(&program),
            format!(
                "runs {program} merge, else soc2 on PATH; when neither can merge, git's text merge with conflict markers"
            ),
        ),
    ];
    for (key, value, what) in &settings {
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
            format!("set git config {key}: {what}")
        } else {
            format!("changed git config {key} (was: {now}): {what}")
        });
    }

    let hook = install_hook(&root, &program);
    let hook_ours = !matches!(hook, Ok(Hook::Foreign(_)));
    match hook {
        Ok(Hook::Same) => {}
        Ok(Hook::Written(how, path)) => changed.push(format!(
            "{how} the pre-commit hook {}: it refuses a commit of a workbook that `soc2 check` fails",
            display(&path, &root)
        )),
        Ok(Hook::Foreign(path)) => notes.push(format!(
            "note: {} is not soc2's and was left as it is; to check workbooks before each commit, add this line to it:
  {program} git pre-commit || exit 1",
            display(&path, &root)
        )),
        Err(e) => {
            output::error(&format!("error: {e}"));
            return Ok(EXIT_USAGE);
        }
    }

    if changed.is_empty() {
        output::print(if hook_ours {
            "nothing to change: the soc2 diff and merge drivers and the pre-commit check are set up"
        } else {
            "nothing to change: the soc2 diff and merge drivers are set up"
        });
    } else {
        for line in &changed {
            output::print(line);
        }
        output::print(
            "next: commit .gitattributes and .gitignore; each teammate runs `soc2 git setup` once in their clone (again after adding a workbook outside workbooks/)\n`git diff` now shows workbook changes in SOC 2 terms (`git log -p --ext-diff` for history)",
        );
    }
    for note in &notes {
        output::print(note);
    }
    Ok(EXIT_OK)
}

/// What setup did about the pre-commit hook.
enum Hook {
    /// Ours and up to date, or the clone's own hook that already calls `soc2 git pre-commit`.
    Same,
    /// Ours, installed or updated, at this path.
    Written(&'static str, PathBuf),
    /// Someone else's hook: left alone.
    Foreign(PathBuf),
}

/// Installs our pre-commit hook where git looks for it (`core.hooksPath` included), never
/// replacing a hook that is not ours.
fn install_hook(root: &Path, program: &str) -> Result<Hook, String> {
    let out = Command::new("git")
        .args(["rev-parse", "--git-path", "hooks/pre-commit"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("could not run git: {e}"))?;
    if !out.status.success() {
        return Err("git rev-parse --git-path failed".into());
    }
    let path = root.join(String::from_utf8_lossy(&out.stdout).trim_end_matches(['\n', '\r']));
    let wanted = hook_script(program);
    let how = match std::fs::read_to_string(&path) {
        Ok(now) if now == wanted => return Ok(Hook::Same),
        Ok(now) if now.lines().nth(1) == Some(HOOK_MARK) => "updated",
        Ok(now) if now.contains("git pre-commit") && now.contains("soc2") => {
            return Ok(Hook::Same);
        }
        Ok(_) => return Ok(Hook::Foreign(path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "installed",
        // A hook we cannot read is someone's: leave it.
        Err(_) => return Ok(Hook::Foreign(path)),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    store::write_atomic(&path, wanted.as_bytes()).map_err(|e| e.to_string())?;
    make_executable(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Hook::Written(how, path))
}

#[cfg(unix)]
fn make_executable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Runs git in `root` and gives its standard output, or a message.
fn git_output(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("could not run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.first().unwrap_or(&""),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// `soc2 git pre-commit`: the staged text of every staged workbook (what the commit would
/// record, not the working file) must pass `soc2 check`.
fn pre_commit() -> anyhow::Result<u8> {
    let root = match repo_root() {
        Ok(r) => r,
        Err(e) => {
            output::error(&format!("error: {e}"));
            return Ok(EXIT_USAGE);
        }
    };
    let staged = match git_output(
        &root,
        &[
            "diff",
            "--cached",
            "--name-only",
            "-z",
            "--diff-filter=ACMR",
            "--",
            ":(attr:merge=soc2)",
        ],
    ) {
        Ok(s) => s,
        Err(e) => {
            output::error(&format!("soc2 pre-commit: error: {e}"));
            return Ok(EXIT_USAGE);
        }
    };
    let mut worst = EXIT_OK;
    for name in staged.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        let code = check_staged(&root, &name);
        worst = worst.max(code);
    }
    if worst != EXIT_OK {
        output::error(
            "soc2 pre-commit: commit refused: fix the workbooks above (resolve conflicts in the app, or edit the file), `git add` them and commit again",
        );
    }
    Ok(worst)
}

/// Checks one staged workbook; errors name its path in the repository.
fn check_staged(root: &Path, name: &str) -> u8 {
    let bytes = match git_output(root, &["cat-file", "blob", &format!(":{name}")]) {
        Ok(b) => b,
        Err(e) => {
            output::error(&format!("{name}: error: {e}"));
            return EXIT_USAGE;
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        output::error(&format!(
            "{name}: error: the staged file is not valid UTF-8"
        ));
        return EXIT_INVALID;
    };
    match store::parse(&text, Path::new(name)) {
        // This soc2 cannot judge a newer file (conflict markers were looked for first).
        Err(e @ store::StoreError::NewerVersion { .. }) => {
            output::error(&format!("warning: not checked: {e}"));
            EXIT_OK
        }
        Err(e) => {
            output::error(&e.to_string());
            EXIT_INVALID
        }
        Ok(wb) => {
            let findings = check(catalog(), questionnaire(), &wb);
            for finding in &findings {
                output::error(&format!(
                    "{name}: error: {}: {}",
                    finding.entity, finding.message
                ));
            }
            if findings.is_empty() {
                EXIT_OK
            } else {
                EXIT_INVALID
            }
        }
    }
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
        let (text, how) = updated_attributes("", ATTRIBUTES).unwrap();
        assert_eq!(
            (text.as_str(), how),
            (format!("{ATTRIBUTES}\n").as_str(), "added")
        );
        let (text, how) = updated_attributes("*.png binary", ATTRIBUTES).unwrap();
        assert_eq!(text, format!("*.png binary\n{ATTRIBUTES}\n"));
        assert_eq!(how, "added");
        let (text, how) = updated_attributes(
            "*.png binary\nworkbooks/*.ron text\n*.md text\n",
            ATTRIBUTES,
        )
        .unwrap();
        assert_eq!(text, format!("*.png binary\n{ATTRIBUTES}\n*.md text\n"));
        assert_eq!(how, "updated");
        assert_eq!(
            updated_attributes(&format!("a b\n{ATTRIBUTES}\n"), ATTRIBUTES),
            None
        );
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
    fn the_driver_scripts_fit_in_single_quotes_and_the_hook_is_recognised() {
        for script in [MERGE_SCRIPT, DIFF_SCRIPT] {
            assert!(!script.contains('\''), "{script}");
        }
        let driver = merge_driver("'/Users/Me Too/soc2'");
        assert!(driver.ends_with("soc2-merge '/Users/Me Too/soc2' %O %A %B %L %P"));
        assert_eq!(hook_script("soc2").lines().nth(1), Some(HOOK_MARK));
    }

    #[test]
    fn only_plain_file_names_become_attribute_patterns() {
        assert!(plain_pattern("acme-inc.ron"));
        assert!(!plain_pattern("my workbook.ron"));
        assert!(!plain_pattern("[x].ron"));
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
