//! Printing for the command line: every string from a workbook passes the sanitizer here.
//!
//! Why: `println!` passes escape sequences and bidi overrides straight to the terminal, so
//! the command line prints only through these helpers.

use std::io::Write;

use crate::store::StoreError;
use crate::text::sanitize_multiline;

use super::{EXIT_INVALID, EXIT_USAGE};

/// Prints lines to stdout, sanitized; a closed pipe (`soc2 … | head`) is not an error.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(sanitize_multiline(text).as_bytes());
    let _ = out.write_all(b"\n");
}

/// Prints machine-readable output (JSON) as it is: JSON escapes control characters itself.
pub fn print_raw(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.write_all(b"\n");
}

/// Prints JSON with every character the sanitizer would mark (bidi overrides, zero-width
/// characters) written as a `\uXXXX` escape: the data a script decodes is unchanged, and a
/// person reading it in a terminal sees the escape instead of reordered text.
pub fn print_json(text: &str) {
    print_raw(&json_escape_unsafe(text));
}

/// The JSON text with characters unsafe for a terminal escaped (see [`print_json`]).
pub fn json_escape_unsafe(text: &str) -> String {
    if matches!(crate::text::sanitize(text), std::borrow::Cow::Borrowed(_)) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let one: &str = c.encode_utf8(&mut buf);
        if c != '\n' && matches!(crate::text::sanitize(one), std::borrow::Cow::Owned(_)) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Prints an error line (or lines) to stderr, sanitized.
pub fn error(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", sanitize_multiline(text));
}

/// Reports a store error and gives its exit code.
pub fn store_error(err: &StoreError) -> u8 {
    error(&err.to_string());
    if err.is_invalid_content() {
        EXIT_INVALID
    } else {
        EXIT_USAGE
    }
}
