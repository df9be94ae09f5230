//! What can go wrong reading or writing a workbook, said so a person can fix it.
//!
//! Why positions everywhere: a reviewer fixing a hand edit or a bad merge needs the file,
//! the line, the column, what was found and what was expected, in the `path:line:col:`
//! form that editors and CI logs turn into links.

use std::path::{Path, PathBuf};

use crate::text::{EXCERPT_CHARS, excerpt};

/// A workbook file could not be read, parsed or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: error: could not {action} the file: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    #[error("{}:{line}:{col}: error: {message}{}", path.display(), hint_suffix(hint))]
    Syntax {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
        hint: Option<String>,
    },
    #[error("{}:{line}:1: error: unresolved merge conflict at line {line}\n  hint: resolve the conflict (or run `soc2 git setup` so git merges workbooks by entity), then run `soc2 check`", path.display())]
    MergeConflict { path: PathBuf, line: usize },
    #[error("{}: error: this workbook is format version {found}, but this soc2 understands up to version {supported}\n  hint: upgrade soc2; the file was left untouched", path.display())]
    NewerVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{}: error: the file already exists; soc2 never overwrites a workbook when creating one\n  hint: choose another path, or open the existing workbook", path.display())]
    Exists { path: PathBuf },
    #[error("{}: error: the file is read-only, so soc2 does not change it; nothing was written\n  hint: make it writable (`chmod u+w`) to edit it", path.display())]
    ReadOnly { path: PathBuf },
    #[error("{}: error: another soc2 is saving this workbook (waited {waited_secs} s); nothing was written, try again", path.display())]
    Busy { path: PathBuf, waited_secs: u64 },
    #[error("{source}\n  your unsaved edits are in {}", copy.display())]
    Unsaved {
        path: PathBuf,
        copy: PathBuf,
        source: Box<StoreError>,
    },
}

fn hint_suffix(hint: &Option<String>) -> String {
    hint.as_ref()
        .map(|h| format!("\n  hint: {h}"))
        .unwrap_or_default()
}

impl StoreError {
    /// Whether the error is about the file's content (exit 1) rather than I/O (exit 2).
    pub fn is_invalid_content(&self) -> bool {
        matches!(
            self,
            StoreError::Syntax { .. }
                | StoreError::MergeConflict { .. }
                | StoreError::NewerVersion { .. }
        )
    }

    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Io { path, .. }
            | StoreError::Syntax { path, .. }
            | StoreError::MergeConflict { path, .. }
            | StoreError::NewerVersion { path, .. }
            | StoreError::Exists { path }
            | StoreError::ReadOnly { path }
            | StoreError::Busy { path, .. }
            | StoreError::Unsaved { path, .. } => path,
        }
    }
}

/// Turns the parser's error into one with a plain message and a hint.
pub(super) fn from_ron(path: &Path, err: ron::error::SpannedError) -> StoreError {
    use ron::error::Error as E;
    let hint = match &err.code {
        E::NoSuchStructField { .. } => Some(
            "check the spelling; soc2 refuses unknown fields so that no data is silently dropped"
                .to_string(),
        ),
        E::MissingStructField { .. } => {
            Some("add the field; `soc2 new` shows a complete workbook".to_string())
        }
        E::Eof => Some(
            "the file ends early: a closing `)` or `]` may be missing (was it truncated?)"
                .to_string(),
        ),
        E::ExpectedComma => Some("entries are separated by commas".to_string()),
        E::NoSuchEnumVariant { .. } => Some("use one of the names listed".to_string()),
        E::Message(m) if m.starts_with("invalid date") => None,
        E::Message(m) if m.starts_with("duplicate key") => None,
        E::InvalidValueForType { .. } | E::ExpectedString | E::ExpectedInteger => {
            Some("the value has the wrong type for this field".to_string())
        }
        _ => None,
    };
    let mut message = clip_quoted(&err.code.to_string());
    if let Some(first) = message.get(..1) {
        let lower = first.to_lowercase();
        message.replace_range(..1, &lower);
    }
    // The parser reports where it stopped; past the end of the text means "at the end".
    let line = err.span.start.line.max(1);
    let col = err.span.start.col.max(1);
    StoreError::Syntax {
        path: path.to_path_buf(),
        line,
        col,
        message,
        hint,
    }
}

/// Longest error message printed, in characters, should quoting leave it long.
const MESSAGE_CHARS: usize = 400;

/// `message` with what it quotes from the file (between backticks or double quotes:
/// field names, values, ids, keys) cut to [`EXCERPT_CHARS`] and sanitized, and the whole
/// cut to [`MESSAGE_CHARS`]: a mutated file never makes an error print megabytes.
fn clip_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(1024));
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        out.push_str(&rest[..=open]);
        let inner = &rest[open + 1..];
        let close = quoted_len(inner, quote);
        out.push_str(&excerpt(&inner[..close], EXCERPT_CHARS));
        rest = &inner[close..];
        if let Some(after) = rest.strip_prefix(quote) {
            out.push(quote);
            rest = after;
        }
    }
    out.push_str(rest);
    excerpt(&out, MESSAGE_CHARS)
}

/// Bytes of `text` before its closing `quote` (a `"` may be escaped by a backslash, as in
/// Rust's debug format), or all of it when the quote is never closed.
fn quoted_len(text: &str, quote: char) -> usize {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' && quote == '"' {
            escaped = true;
        } else if c == quote {
            return i;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_input_is_cut_and_sanitized_and_the_rest_kept() {
        let long = "A".repeat(10_000);
        let message =
            format!("unexpected field named `{long}` in `Organization`, expected one of `name`");
        let clipped = clip_quoted(&message);
        assert_eq!(
            clipped,
            format!(
                "unexpected field named `{}…` in `Organization`, expected one of `name`",
                "A".repeat(EXCERPT_CHARS)
            )
        );
        let message = format!("duplicate key \"x\\\"{long}\u{1b}\": keep one");
        let clipped = clip_quoted(&message);
        assert!(clipped.ends_with("…\": keep one"), "{clipped}");
        assert!(clipped.starts_with("duplicate key \"x\\\"AAA"), "{clipped}");
        let unclosed = clip_quoted(&format!("found \"\u{1b}{long}"));
        assert!(unclosed.starts_with("found \"␛AAA") && unclosed.chars().count() < 100);
        assert_eq!(clip_quoted("plain `a` and \"b\""), "plain `a` and \"b\"");
        assert!(clip_quoted(&"word ".repeat(10_000)).chars().count() <= MESSAGE_CHARS + 1);
    }
}
