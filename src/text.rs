//! The one sanitizer for untrusted text on its way to a terminal.
//!
//! Why: workbook text comes from teammates, merges and hand edits. An escape sequence in a
//! backlog title could rewrite the screen, a bidi override can make text read differently
//! from what it is (Trojan Source), and invisible characters (Unicode tags, zero-width
//! characters, fillers) can smuggle text a reviewer never sees. ratatui silently drops
//! such characters, which hides the attack; `println!` passes them raw. Every string from a
//! workbook goes through [`sanitize`] (one line) or [`sanitize_multiline`] before the app
//! or the command line shows it, and suspicious characters become visible markers instead.
//!
//! What is marked: every control character (C0, DEL, C1), and every character in
//! [`INVISIBLE`]: the format characters (general category Cf, which includes the Unicode
//! tags U+E0000–U+E007F, U+180E and the bidi controls), the line and paragraph separators
//! U+2028/U+2029, and the other default-ignorable characters that draw nothing (Hangul
//! fillers, the combining grapheme joiner, variation selectors). Three are kept where
//! real text needs them, because they cannot hide anything there:
//! - a zero-width joiner between two emoji (👩‍💻, ❤️‍🔥), or a zero-width (non-)joiner
//!   between two letters of a script that joins (Arabic, Persian, the Indic scripts);
//! - one variation selector right after a visible character (❤️, 葛󠄀); a second one in a
//!   row, or one after a space or control, is marked, since runs of selectors are how
//!   bytes are smuggled inside an innocent-looking character.
//!
//! Emoji flags of regions (🏴 followed by tags) are marked: the tags are exactly the
//! characters used to hide instructions in text, and a marked flag loses nothing.

use std::borrow::Cow;

/// Spaces a tab expands to (ratatui drops tabs rather than expanding them).
const TAB: &str = "    ";

/// Characters that draw nothing or change how their neighbours read, as inclusive ranges
/// in code point order (looked up by binary search).
const INVISIBLE: &[(char, char)] = &[
    ('\u{00AD}', '\u{00AD}'),   // soft hyphen
    ('\u{034F}', '\u{034F}'),   // combining grapheme joiner
    ('\u{0600}', '\u{0605}'),   // Arabic number signs (Cf)
    ('\u{061C}', '\u{061C}'),   // Arabic letter mark
    ('\u{06DD}', '\u{06DD}'),   // Arabic end of ayah (Cf)
    ('\u{070F}', '\u{070F}'),   // Syriac abbreviation mark (Cf)
    ('\u{0890}', '\u{0891}'),   // Arabic pound and piastre marks above (Cf)
    ('\u{08E2}', '\u{08E2}'),   // Arabic disputed end of ayah (Cf)
    ('\u{115F}', '\u{1160}'),   // Hangul choseong and jungseong fillers
    ('\u{17B4}', '\u{17B5}'),   // Khmer inherent vowels (invisible)
    ('\u{180B}', '\u{180F}'),   // Mongolian variation selectors, vowel separator
    ('\u{200B}', '\u{200F}'),   // zero-width space, (non-)joiner, LRM, RLM
    ('\u{2028}', '\u{202E}'),   // line/paragraph separators, bidi embeddings, overrides
    ('\u{2060}', '\u{206F}'),   // word joiner, invisible operators, isolates, deprecated
    ('\u{3164}', '\u{3164}'),   // Hangul filler
    ('\u{FE00}', '\u{FE0F}'),   // variation selectors
    ('\u{FEFF}', '\u{FEFF}'),   // zero-width no-break space / BOM
    ('\u{FFA0}', '\u{FFA0}'),   // halfwidth Hangul filler
    ('\u{FFF0}', '\u{FFFB}'),   // reserved specials, interlinear annotations
    ('\u{110BD}', '\u{110BD}'), // Kaithi number sign (Cf)
    ('\u{110CD}', '\u{110CD}'), // Kaithi number sign above (Cf)
    ('\u{13430}', '\u{1343F}'), // Egyptian hieroglyph format controls (Cf)
    ('\u{1BCA0}', '\u{1BCA3}'), // shorthand format controls (Cf)
    ('\u{1D173}', '\u{1D17A}'), // musical symbol format controls (Cf)
    ('\u{E0000}', '\u{E0FFF}'), // tags, variation selectors supplement, reserved
];

/// The variation selectors among [`INVISIBLE`]: kept once after a visible character.
const SELECTORS: &[(char, char)] = &[
    ('\u{180B}', '\u{180D}'),
    ('\u{180F}', '\u{180F}'),
    ('\u{FE00}', '\u{FE0F}'),
    ('\u{E0100}', '\u{E01EF}'),
];

/// Pictographs an emoji ZWJ sequence joins (an approximation of Extended_Pictographic).
const PICTOGRAPHS: &[(char, char)] = &[
    ('\u{00A9}', '\u{00A9}'),
    ('\u{00AE}', '\u{00AE}'),
    ('\u{203C}', '\u{203C}'),
    ('\u{2049}', '\u{2049}'),
    ('\u{2122}', '\u{2122}'),
    ('\u{2139}', '\u{2139}'),
    ('\u{2190}', '\u{21FF}'),
    ('\u{2300}', '\u{23FF}'),
    ('\u{25A0}', '\u{27BF}'),
    ('\u{2900}', '\u{297F}'),
    ('\u{2B00}', '\u{2BFF}'),
    ('\u{3030}', '\u{3030}'),
    ('\u{303D}', '\u{303D}'),
    ('\u{3297}', '\u{3297}'),
    ('\u{3299}', '\u{3299}'),
    ('\u{1F000}', '\u{1FAFF}'),
];

/// Scripts whose spelling needs the zero-width joiner and non-joiner between letters.
const JOINING_SCRIPTS: &[(char, char)] = &[
    ('\u{0600}', '\u{06FF}'), // Arabic, Persian, Urdu
    ('\u{0750}', '\u{077F}'), // Arabic supplement
    ('\u{08A0}', '\u{08FF}'), // Arabic extended-A
    ('\u{0900}', '\u{0DFF}'), // Devanagari … Sinhala
    ('\u{FB50}', '\u{FDFF}'), // Arabic presentation forms-A
    ('\u{FE70}', '\u{FEFC}'), // Arabic presentation forms-B
];

const ZWNJ: char = '\u{200C}';
const ZWJ: char = '\u{200D}';
const EMOJI_PRESENTATION: char = '\u{FE0F}';

fn in_table(table: &[(char, char)], c: char) -> bool {
    let i = table.partition_point(|&(_, hi)| hi < c);
    table.get(i).is_some_and(|&(lo, _)| lo <= c)
}

/// Whether `c` is a control or invisible character, whatever surrounds it. Such a
/// character at the start of a spreadsheet cell, for example, hides what follows.
pub fn is_invisible(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    c.is_control() || in_table(INVISIBLE, c)
}

/// Whether `c`, between `prev` and `next`, must never reach the terminal as itself.
fn is_unsafe(prev: Option<char>, c: char, next: Option<char>) -> bool {
    if !is_invisible(c) {
        return false;
    }
    let joins_script = || {
        prev.is_some_and(|p| in_table(JOINING_SCRIPTS, p))
            && next.is_some_and(|n| in_table(JOINING_SCRIPTS, n))
    };
    match c {
        ZWJ => {
            let joins_emoji = prev
                .is_some_and(|p| p == EMOJI_PRESENTATION || in_table(PICTOGRAPHS, p))
                && next.is_some_and(|n| in_table(PICTOGRAPHS, n));
            !(joins_emoji || joins_script())
        }
        ZWNJ => !joins_script(),
        c if in_table(SELECTORS, c) => {
            !prev.is_some_and(|p| !p.is_whitespace() && !is_invisible(p))
        }
        _ => true,
    }
}

/// How a sanitizer treats line breaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    /// Everything on one line: a newline is marked.
    One,
    /// `\n` kept, `\r\n` folded to `\n`.
    Many,
    /// `\n` kept, everything else unsafe (`\r` too) handed to the escaper: nothing dropped.
    Data,
}

/// `text` with every unsafe character replaced by what `mark` writes for it; borrowed
/// when nothing needs replacing, which is the common case.
fn rewrite(text: &str, lines: Lines, mark: impl Fn(&mut String, char)) -> Cow<'_, str> {
    // Printable ASCII is always safe: skip it without decoding.
    let start = text
        .bytes()
        .position(|b| !((b' '..=b'~').contains(&b) || (lines != Lines::One && b == b'\n')));
    let Some(start) = start else {
        return Cow::Borrowed(text);
    };
    // Copied only from the first character that changes.
    let mut out: Option<String> = None;
    let mut prev = text[..start].chars().next_back();
    let mut chars = text[start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let crlf = lines == Lines::Many && c == '\r' && next == Some('\n');
        let keep = !crlf && ((lines != Lines::One && c == '\n') || !is_unsafe(prev, c, next));
        if !keep {
            let buf = out.get_or_insert_with(|| {
                let mut buf = String::with_capacity(text.len() + 16);
                buf.push_str(&text[..start + i]);
                buf
            });
            // `\r\n` becomes `\n`; anything else unsafe becomes its marker.
            if !crlf {
                mark(buf, c);
            }
        } else if let Some(buf) = out.as_mut() {
            buf.push(c);
        }
        prev = Some(c);
    }
    out.map_or(Cow::Borrowed(text), Cow::Owned)
}

fn push_marker(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str(TAB),
        // C0 controls have printable "control pictures" (ESC → ␛).
        '\u{0}'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
        '\u{7F}' => out.push('␡'),
        _ => out.push_str(&format!("⟨U+{:04X}⟩", c as u32)),
    }
}

/// One line of untrusted text made safe: newlines show as `␊`, other controls as markers.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    rewrite(text, Lines::One, push_marker)
}

/// Several lines of untrusted text made safe: `\n` kept, `\r\n` folded, the rest marked.
pub fn sanitize_multiline(text: &str) -> Cow<'_, str> {
    rewrite(text, Lines::Many, push_marker)
}

/// `text` with each character the sanitizer would mark written by `escape` instead, and
/// everything else (newlines included) as it is: for formats with their own escapes,
/// such as JSON's `\uXXXX`, where the data must survive intact.
pub fn escape_unsafe(text: &str, escape: impl Fn(&mut String, char)) -> Cow<'_, str> {
    rewrite(text, Lines::Data, escape)
}

/// Most characters of untrusted input an error message quotes.
pub const EXCERPT_CHARS: usize = 80;

/// Untrusted input quoted in a message: sanitized onto one line and cut to about `max`
/// characters, ending in "…" when cut, so a mutated file never prints megabytes.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut end = text.len();
    for (n, (i, _)) in text.char_indices().enumerate() {
        if n == max {
            end = i;
            break;
        }
    }
    let mut out = sanitize(&text[..end]).into_owned();
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched_and_not_copied() {
        for text in ["Formalize offboarding — ü 日本", "👩‍💻 ❤️ ❤️‍🔥 1️⃣ می‌خواهم"]
        {
            assert!(matches!(sanitize(text), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn tables_are_sorted_and_disjoint() {
        for table in [INVISIBLE, SELECTORS, PICTOGRAPHS, JOINING_SCRIPTS] {
            for w in table.windows(2) {
                assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{w:?}");
            }
        }
        for &(lo, hi) in SELECTORS {
            assert!(in_table(INVISIBLE, lo) && in_table(INVISIBLE, hi));
        }
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
    fn tags_separators_and_other_invisible_characters_are_marked() {
        let cases = [
            ("ok\u{E0041}\u{E0042}", "ok⟨U+E0041⟩⟨U+E0042⟩"),
            ("a\u{E0001}", "a⟨U+E0001⟩"),
            ("a\u{E007F}", "a⟨U+E007F⟩"),
            ("line\u{2028}two\u{2029}", "line⟨U+2028⟩two⟨U+2029⟩"),
            ("mon\u{180E}gol", "mon⟨U+180E⟩gol"),
            (
                "\u{115F}\u{1160}\u{3164}\u{FFA0}",
                "⟨U+115F⟩⟨U+1160⟩⟨U+3164⟩⟨U+FFA0⟩",
            ),
            ("n\u{0600}1", "n⟨U+0600⟩1"),
            ("x\u{206A}y", "x⟨U+206A⟩y"),
            ("g\u{034F}h", "g⟨U+034F⟩h"),
            ("\u{1D173}", "⟨U+1D173⟩"),
            ("\u{13430}", "⟨U+13430⟩"),
            ("\u{1BCA0}", "⟨U+1BCA0⟩"),
            ("\u{110BD}", "⟨U+110BD⟩"),
        ];
        for (raw, shown) in cases {
            assert_eq!(sanitize(raw), shown, "{raw:?}");
        }
    }

    #[test]
    fn joiners_and_selectors_are_kept_only_where_text_needs_them() {
        // Kept: emoji sequences, joining scripts, one selector after a visible character.
        for kept in [
            "👩\u{200D}💻",
            "❤\u{FE0F}\u{200D}🔥",
            "👩🏽\u{200D}💻",
            "葛\u{E0100}",
        ] {
            assert_eq!(sanitize(kept), kept);
        }
        assert_eq!(sanitize("ab\u{200D}cd"), "ab⟨U+200D⟩cd");
        assert_eq!(sanitize("ab\u{200C}cd"), "ab⟨U+200C⟩cd");
        assert_eq!(sanitize("👩\u{200D}"), "👩⟨U+200D⟩");
        assert_eq!(sanitize("\u{FE0F}x"), "⟨U+FE0F⟩x");
        assert_eq!(sanitize(" \u{FE0F}"), " ⟨U+FE0F⟩");
        // Smuggling bytes as a run of selectors after an innocent letter.
        assert_eq!(
            sanitize("a\u{E0100}\u{E0101}\u{FE01}"),
            "a\u{E0100}⟨U+E0101⟩⟨U+FE01⟩"
        );
        // Regional flag tags.
        assert_eq!(sanitize("🏴\u{E0067}\u{E007F}"), "🏴⟨U+E0067⟩⟨U+E007F⟩");
    }

    #[test]
    fn tabs_expand_and_newlines_show_on_one_line() {
        assert_eq!(sanitize("a\tb"), "a    b");
        assert_eq!(sanitize("a\nb"), "a␊b");
        assert_eq!(sanitize_multiline("a\r\nb\u{7}"), "a\nb␇");
        assert_eq!(sanitize_multiline("a\r\nb"), "a\nb");
        assert_eq!(sanitize_multiline("a\rb"), "a␍b");
        assert_eq!(sanitize_multiline("a\u{2028}b\n"), "a⟨U+2028⟩b\n");
    }

    #[test]
    fn escaping_keeps_newlines_and_marks_the_rest() {
        let esc = |out: &mut String, c: char| out.push_str(&format!("<{:x}>", c as u32));
        assert_eq!(escape_unsafe("a\nb\r\n\u{202E}", esc), "a\nb<d>\n<202e>");
        assert!(matches!(escape_unsafe("plain ü", esc), Cow::Borrowed(_)));
    }

    #[test]
    fn excerpts_are_cut_and_sanitized() {
        assert_eq!(excerpt("short", 80), "short");
        let long = "x".repeat(5_000_000);
        assert_eq!(excerpt(&long, 80), format!("{}…", "x".repeat(80)));
        assert_eq!(excerpt("a\u{1b}b", 80), "a␛b");
        assert_eq!(excerpt("日本語", 2), "日本…");
    }
}
