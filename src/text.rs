//! The one sanitizer for untrusted text on its way to a terminal.
//!
//! Why: workbook text comes from teammates, merges and hand edits. An escape sequence in a
//! backlog title could rewrite the screen, and a bidi override can make text read
//! differently from what it is (Trojan Source). ratatui silently drops such characters,
//! which hides the attack; `println!` passes them raw. Every string from a workbook goes
//! through [`sanitize`] (one line) or [`sanitize_multiline`] before the app or the command
//! line shows it, and suspicious characters become visible markers instead.

use std::borrow::Cow;

/// Spaces a tab expands to (ratatui drops tabs rather than expanding them).
const TAB: &str = "    ";

/// Whether `c` must never reach the terminal as itself.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'   // zero-width space/joiners, LRM, RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{061C}'              // Arabic letter mark
            | '\u{FEFF}'              // zero-width no-break space / BOM
            | '\u{00AD}'              // soft hyphen
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotations
        )
}

fn push_marker(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str(TAB),
        // C0 controls have printable "control pictures" (ESC → ␛).
        '\u{0}'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
        '\u{7F}' => out.push('␡'),
        _ => {
            out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
        }
    }
}

/// One line of untrusted text made safe: newlines show as `␊`, other controls as markers.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            push_marker(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Several lines of untrusted text made safe: `\n` kept, `\r\n` folded, the rest marked.
pub fn sanitize_multiline(text: &str) -> Cow<'_, str> {
    let needs = text.chars().any(|c| c != '\n' && is_unsafe(c));
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if c != '\n' && is_unsafe(c) {
            push_marker(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched_and_not_copied() {
        assert!(matches!(
            sanitize("Formalize offboarding — ü 日本"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escape_sequences_become_visible() {
        let s = sanitize("a\u{1b}[2Jb");
        assert_eq!(s, "a␛[2Jb");
        assert!(!s.contains('\u{1b}'));
    }

    #[test]
    fn bidi_and_zero_width_are_marked_not_dropped() {
        assert_eq!(sanitize("x\u{202E}y"), "x⟨U+202E⟩y");
        assert_eq!(sanitize("a\u{200B}b"), "a⟨U+200B⟩b");
        assert_eq!(sanitize("c1\u{9B}"), "c1⟨U+009B⟩");
    }

    #[test]
    fn tabs_expand_and_newlines_show_on_one_line() {
        assert_eq!(sanitize("a\tb"), "a    b");
        assert_eq!(sanitize("a\nb"), "a␊b");
        assert_eq!(sanitize_multiline("a\r\nb\u{7}"), "a\nb␇");
    }
}
