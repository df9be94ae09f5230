//! Fitting untrusted workbook text into terminal cells.
//!
//! Why: every string from the workbook must pass `crate::text::sanitize` before it is
//! drawn, and column alignment must hold for wide characters (CJK, emoji), so views use
//! these helpers instead of slicing strings themselves.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Workbook text made safe for one line of the terminal.
pub fn clean(text: &str) -> Cow<'_, str> {
    crate::text::sanitize(text)
}

/// Display width in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` cut to at most `max` columns, ending in "…" when cut (never splits a character).
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// The start of `text` that decides how it fits in `max` columns: the shortest prefix
/// wider than `max` (or all of it). Fitting or sanitizing this prefix gives the same
/// result as the whole text, so a 50 MB field costs what is drawn, not what is stored.
/// (Each character is counted at its own width, at most what its sanitized form takes.)
pub fn visible(text: &str, max: usize) -> &str {
    let mut used = 0usize;
    for (i, c) in text.char_indices() {
        used += c.width().unwrap_or(0);
        if used > max {
            return &text[..i + c.len_utf8()];
        }
    }
    text
}

/// Sanitized and truncated: the one call views use for workbook strings.
pub fn fit(text: &str, max: usize) -> String {
    truncate(&clean(visible(text, max)), max)
}

/// `text` padded with spaces (or cut) to exactly `cols` columns.
pub fn pad(text: &str, cols: usize) -> String {
    let mut out = truncate(text, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// Words wrapped to `cols` columns (wide characters counted by width); long words are cut.
pub fn wrap(text: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ') {
            let word = truncate(word, cols);
            let extra = if line.is_empty() { 0 } else { 1 };
            if !line.is_empty() && width(&line) + extra + width(&word) > cols {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        lines.push(line);
    }
    lines
}

/// Untrusted workbook text of several lines, sanitized (as `sanitize_multiline` does)
/// and wrapped like [`wrap`], lazily: a view that takes the lines it shows pays for those
/// lines, not for the whole text.
pub fn wrap_clean(text: &str, cols: usize) -> impl Iterator<Item = String> + '_ {
    let cols = cols.max(1);
    text.split('\n').flat_map(move |para| Paragraph {
        words: para.strip_suffix('\r').unwrap_or(para).split(' '),
        line: String::new(),
        cols,
        done: false,
    })
}

/// The wrapped lines of one paragraph, produced one at a time.
struct Paragraph<'a> {
    words: std::str::Split<'a, char>,
    line: String,
    cols: usize,
    done: bool,
}

impl Iterator for Paragraph<'_> {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        if self.done {
            return None;
        }
        for word in self.words.by_ref() {
            let word = fit(word, self.cols);
            if !self.line.is_empty() && width(&self.line) + 1 + width(&word) > self.cols {
                return Some(std::mem::replace(&mut self.line, word));
            }
            if !self.line.is_empty() {
                self.line.push(' ');
            }
            self.line.push_str(&word);
        }
        self.done = true;
        Some(std::mem::take(&mut self.line))
    }
}

/// A fixed-width progress bar such as `██████░░░░`.
pub fn bar(percent: u8, cols: usize) -> String {
    let filled = usize::from(percent.min(100)) * cols / 100;
    format!("{}{}", "█".repeat(filled), "░".repeat(cols - filled))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_respects_wide_characters() {
        assert_eq!(truncate("日本語のテキスト", 7), "日本語…");
        assert_eq!(width(&truncate("日本語のテキスト", 6)), 5);
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(width(&pad("日本", 5)), 5);
    }

    #[test]
    fn fit_marks_escape_sequences() {
        assert_eq!(fit("a\u{1b}[2Jb", 20), "a␛[2Jb");
    }

    #[test]
    fn fitting_looks_only_at_what_can_show() {
        for text in [
            "日本語のテキスト",
            "a\u{1b}[2Jb c",
            "short",
            "e\u{301}e\u{301}xyz",
        ] {
            for max in 0..12 {
                assert_eq!(
                    fit(text, max),
                    truncate(&clean(text), max),
                    "{text:?} {max}"
                );
            }
        }
        let huge = "x".repeat(1_000_000);
        assert_eq!(visible(&huge, 10).len(), 11);
    }

    #[test]
    fn lazy_wrapping_matches_wrapping_the_sanitized_text() {
        for text in [
            "one two three",
            "a\r\nb\n\nc \u{1b}[2J word",
            "averyveryverylongword and more",
            "",
            "trailing space ",
        ] {
            for cols in 1..16 {
                let lazy: Vec<String> = wrap_clean(text, cols).collect();
                assert_eq!(
                    lazy,
                    wrap(&crate::text::sanitize_multiline(text), cols),
                    "{text:?} {cols}"
                );
            }
        }
        let huge = "word ".repeat(2_000_000);
        assert_eq!(wrap_clean(&huge, 20).take(3).count(), 3);
    }

    #[test]
    fn wrap_breaks_on_spaces() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("a\nb", 5), vec!["a", "b"]);
    }
}
