//! Cells and records for spreadsheet exports (CSV today): the data kept intact, formulas
//! neutralised.
//!
//! Why one place: an export is opened in a spreadsheet, which runs a cell that looks like
//! a formula (`=HYPERLINK(…)`, `+cmd|…`), so every exporter must neutralise such cells the
//! same way, and must not pass them through the terminal sanitizer, which would change the
//! data. The rule (OWASP "CSV injection"): a cell whose first character, after any spaces
//! and invisible characters, is `=`, `+`, `-`, `@` (or their full-width forms), a tab or a
//! carriage return gets a single quote `'` in front, which a spreadsheet shows as text. A
//! plain number such as `-5` or `+3.25` is left alone: a spreadsheet reads it as the number
//! it is, and it cannot run anything.

use std::borrow::Cow;

use crate::text::is_invisible;

/// First characters that make a spreadsheet treat a cell as a formula.
const FORMULA_STARTS: &[char] = &[
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// Whether `text` is a plain decimal number: an optional sign, digits, an optional
/// fraction.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// `cell` made safe to open in a spreadsheet: prefixed with `'` when it would run as a
/// formula, otherwise unchanged (see the module documentation).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if is_plain_number(cell) {
        return Cow::Borrowed(cell);
    }
    let first = cell
        .chars()
        .find(|&c| c == '\t' || c == '\r' || !(c.is_whitespace() || is_invisible(c)));
    if first.is_some_and(|c| FORMULA_STARTS.contains(&c)) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// One CSV field (RFC 4180), neutralised: quoted when it holds a comma, a quote or a line
/// break, or starts or ends with a space (which some readers trim), quotes doubled.
fn csv_field(cell: &str, out: &mut String) {
    let cell = neutralise(cell);
    let quote = cell.contains([',', '"', '\n', '\r']) || cell.trim() != cell;
    if quote {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&cell);
    }
}

/// A CSV document (RFC 4180: comma-separated, CRLF after every record) built record by
/// record; every cell is neutralised.
#[derive(Debug, Default)]
pub struct Csv {
    out: String,
}

impl Csv {
    /// An empty document.
    pub fn new() -> Csv {
        Csv::default()
    }

    /// Appends one record.
    pub fn record<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            csv_field(cell.as_ref(), &mut self.out);
        }
        self.out.push_str("\r\n");
    }

    /// The document's text.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_wherever_they_hide() {
        for (cell, safe) in [
            ("=1+1", "'=1+1"),
            ("+cmd", "'+cmd"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("  =x", "'  =x"),
            ("\u{200B}\u{1b}=x", "'\u{200B}\u{1b}=x"),
            ("\n@x", "'\n@x"),
            ("\u{FF1D}x", "'\u{FF1D}x"),
            ("-", "'-"),
            ("-5.", "'-5."),
        ] {
            assert_eq!(neutralise(cell), safe, "{cell:?}");
        }
    }

    #[test]
    fn ordinary_text_and_plain_numbers_are_unchanged() {
        for cell in [
            "plain",
            "",
            "a=b",
            "x-1",
            "-5",
            "+3.25",
            "42",
            "0.5",
            "Über 👩\u{200D}💻",
        ] {
            assert!(matches!(neutralise(cell), Cow::Borrowed(_)), "{cell:?}");
        }
    }

    #[test]
    fn records_are_rfc_4180() {
        let mut csv = Csv::new();
        csv.record(["id", "title"]);
        csv.record(["a, b", "say \"hi\""]);
        csv.record([" padded", "two\nlines"]);
        csv.record(["=HYPERLINK(\"x\")", "x\u{1b}[2Jy"]);
        assert_eq!(
            csv.finish(),
            "id,title\r\n\"a, b\",\"say \"\"hi\"\"\"\r\n\" padded\",\"two\nlines\"\r\n\"'=HYPERLINK(\"\"x\"\")\",x\u{1b}[2Jy\r\n"
        );
    }
}
