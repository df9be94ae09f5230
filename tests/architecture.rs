//! The core never imports the terminal.
//!
//! Why a test over the sources: the model, catalog, store, analysis, edit and merge code is
//! shared by the CLI, the app, the merge driver and the tests; if it reached for ratatui or
//! crossterm, a terminal concern would creep into what must stay pure data and functions.
//! Only `src/tui/` (and the binary's edge) may name them; this test fails the suite otherwise.

use std::fs;
use std::path::{Path, PathBuf};

/// The folders and files under `src/` allowed to use the terminal crates.
const TERMINAL_SIDE: &[&str] = &["tui", "main.rs"];

/// Crate names the core must not use.
const TERMINAL_CRATES: &[&str] = &["ratatui", "crossterm"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a line without its `//` comment (doc comments may name the crates).
fn code_of(line: &str) -> &str {
    match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    }
}

/// `path:line: text` for every line of core code that names a terminal crate.
fn terminal_uses(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src).unwrap_or(&file);
        let top = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        if TERMINAL_SIDE.contains(&top.as_str()) {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let code = code_of(line);
            if TERMINAL_CRATES.iter().any(|c| names_crate(code, c)) {
                found.push(format!("src/{}:{}: {}", rel.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

/// Whether `code` names `krate` as a path or import (`ratatui::…`, `use ratatui`, `extern crate`).
fn names_crate(code: &str, krate: &str) -> bool {
    code.match_indices(krate).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = &code[i + krate.len()..];
        let starts_word = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        starts_word && (after.starts_with("::") || after.trim_start().starts_with(';'))
    })
}

#[test]
fn the_core_never_imports_ratatui_or_crossterm() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let uses = terminal_uses(&src);
    assert!(
        uses.is_empty(),
        "only src/tui may use the terminal crates; move this code into the app:\n{}",
        uses.join("\n")
    );
}

#[test]
fn the_check_itself_sees_an_import() {
    assert!(names_crate("use ratatui::widgets::Paragraph;", "ratatui"));
    assert!(names_crate(
        "    let e = crossterm::event::read();",
        "crossterm"
    ));
    assert!(names_crate("extern crate crossterm;", "crossterm"));
    assert!(!names_crate("let my_ratatui_like = 1;", "ratatui"));
    assert_eq!(code_of("let x = 1; // ratatui::Frame"), "let x = 1; ");
}

/// `path:line: text` for every line of the core (model, catalog, store, analysis, edit,
/// merge) that reaches into the command-line edge.
fn cli_uses(src: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for core in [
        "model", "catalog", "store", "analysis", "edit", "merge", "export",
    ] {
        let mut files = Vec::new();
        rust_files(&src.join(core), &mut files);
        let single = src.join(format!("{core}.rs"));
        if single.exists() {
            files.push(single);
        }
        files.sort();
        for file in files {
            let text = fs::read_to_string(&file).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                if code_of(line).contains("crate::cli") {
                    let rel = file.strip_prefix(src).unwrap_or(&file);
                    found.push(format!("src/{}:{}: {}", rel.display(), n + 1, line.trim()));
                }
            }
        }
    }
    found
}

#[test]
fn the_core_never_reaches_into_the_command_line() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let uses = cli_uses(&src);
    assert!(
        uses.is_empty(),
        "the core must not depend on `cli` (the starter workbook lives in `crate::starter`):\n{}",
        uses.join("\n")
    );
}
