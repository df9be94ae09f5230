//! Untrusted text on every way out of the command line: JSON, CSV, argument errors and
//! errors about a mutated file, driven as a user would (real processes, real files).

mod cli_support;

use std::path::{Path, PathBuf};

use cli_support::{soc2, stderr, stdout};

/// Characters that must never reach a terminal raw: C1 controls (CSI, OSC), ESC, BEL,
/// bidi override, zero-width space, line separator, a Unicode tag, BOM.
const EVIL: &str =
    "Acme\u{9B}31m\u{9D}0;x\u{1b}]2;PWNED\u{7}\u{202E}\u{200B}\u{2028}\u{E0041}\u{FEFF}";
const RAW_UNSAFE: [char; 10] = [
    '\u{9B}',
    '\u{9D}',
    '\u{1b}',
    '\u{7}',
    '\u{202E}',
    '\u{200B}',
    '\u{2028}',
    '\u{E0041}',
    '\u{FEFF}',
    '\u{0}',
];

/// `text` as a RON string literal, every non-ASCII or control character escaped.
fn ron_str(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            _ => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A workbook from `soc2 new` whose organization, first milestone and backlog titles are
/// the given strings.
fn workbook(dir: &Path, org: &str, milestone: &str, titles: &[&str]) -> PathBuf {
    let path = dir.join("wb.ron");
    soc2()
        .args(["new", path.to_str().unwrap(), "--org", "Acme"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).unwrap();
    let items: String = titles
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "        (\n            id: \"RB-t{i:03}\",\n            title: {},\n            created: \"2026-11-20\",\n        ),\n",
                ron_str(t)
            )
        })
        .collect();
    let text = text
        .replacen("name: \"Acme\"", &format!("name: {}", ron_str(org)), 1)
        .replacen(
            "name: \"Scoping and readiness assessment\"",
            &format!("name: {}", ron_str(milestone)),
            1,
        )
        .replace(
            "    backlog: [],",
            &format!("    backlog: [\n{items}    ],"),
        );
    std::fs::write(&path, text).unwrap();
    soc2()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .success();
    path
}

fn run(args: &[&str]) -> std::process::Output {
    soc2()
        .env("SOC2_NO_PREFS", "1")
        .args(args)
        .output()
        .unwrap()
}

fn assert_no_raw_unsafe(out: &str) {
    for c in RAW_UNSAFE {
        assert!(!out.contains(c), "raw U+{:04X} in output:\n{out}", c as u32);
    }
}

#[test]
fn every_json_output_escapes_what_the_sanitizer_marks_and_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), EVIL, EVIL, &[EVIL]);
    let p = path.to_str().unwrap();

    let out = run(&["status", p, "--format", "json"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert_no_raw_unsafe(&text);
    assert!(
        text.contains("\\u009b") && text.contains("\\u202e"),
        "{text}"
    );
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["organization"], EVIL, "data intact when parsed back");

    let out = run(&["backlog", "list", p, "--format", "json"]);
    let text = stdout(&out);
    assert_no_raw_unsafe(&text);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value[0]["title"], EVIL);

    let out = run(&["timeline", p, "--format", "json"]);
    let text = stdout(&out);
    assert_no_raw_unsafe(&text);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["milestones"][0]["name"], EVIL);

    let out = run(&["catalog", "--format", "json"]);
    let text = stdout(&out);
    assert_no_raw_unsafe(&text);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(value.as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn json_keeps_emoji_and_accents_readable() {
    let dir = tempfile::tempdir().unwrap();
    let org = "Über GmbH 👩\u{200D}💻";
    let path = workbook(dir.path(), org, "Scoping", &[]);
    let text = stdout(&run(&[
        "status",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert!(text.contains(org), "{text}");
}

#[test]
fn argument_errors_never_echo_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "Acme", "Scoping", &[]);
    let p = path.to_str().unwrap();
    let cases: [&[&str]; 3] = [
        &[
            "backlog",
            "add",
            p,
            "--title",
            "x",
            "--due",
            "\u{1b}]2;PWNED\u{7}",
        ],
        &["status", p, "--form\u{1b}[2J\u{9b}at"],
        &["backlog", "list", p, "--status", "\u{202E}\u{9D}done"],
    ];
    for args in cases {
        let out = run(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_no_raw_unsafe(&err);
        assert!(err.contains("error"), "{err}");
    }
    let err = stderr(&run(cases[0]));
    assert!(
        err.contains("␛]2;PWNED␇"),
        "the input is shown, made visible: {err}"
    );
    // Help and version still work as before.
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("Usage"));
    let out = run(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains(env!("CARGO_PKG_VERSION")));
    let out = run(&["backlog", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("list"));
}

/// Records of RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![vec![String::new()]];
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        let row = rows.last_mut().unwrap();
        let cell = row.last_mut().unwrap();
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(String::new()),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => rows.push(vec![String::new()]),
            (false, c) => cell.push(c),
        }
    }
    if rows.last().is_some_and(|r| r.len() == 1 && r[0].is_empty()) {
        rows.pop();
    }
    rows
}

#[test]
fn csv_keeps_the_data_and_neutralises_formulas() {
    let titles = [
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\tleading tab",
        "\rleading return",
        "   =after spaces",
        "\u{200B}\u{FEFF}=after invisible characters",
        "-5",
        "Rotate keys \u{1b}[2J\u{202e}now",
        "two\nlines, \"quoted\"",
        "plain title",
    ];
    let shown = [
        "'=HYPERLINK(\"http://evil.example\",\"click\")",
        "'+1+cmd|' /C calc'!A0",
        "'-2+3",
        "'@SUM(A1:A9)",
        "'\tleading tab",
        "'\rleading return",
        "'   =after spaces",
        "'\u{200B}\u{FEFF}=after invisible characters",
        "-5",
        "Rotate keys \u{1b}[2J\u{202e}now",
        "two\nlines, \"quoted\"",
        "plain title",
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "Acme", "Scoping", &titles);
    let out = run(&["backlog", "list", path.to_str().unwrap(), "--format", "csv"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.ends_with("\r\n"), "RFC 4180 records end in CRLF");
    let rows = parse_csv(&text);
    assert_eq!(
        rows[0],
        "id,title,status,owner,due,priority,criteria,overdue,at_risk"
            .split(',')
            .collect::<Vec<_>>()
    );
    assert_eq!(rows.len(), titles.len() + 1, "{rows:#?}");
    for (row, want) in rows[1..].iter().zip(shown) {
        assert_eq!(row.len(), 9, "{row:?}");
        assert_eq!(row[1], want);
    }
}

/// The workbook text from `soc2 new` with one edit, written to `dir/name`.
fn mutated(dir: &Path, name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let path = dir.join(name);
    soc2()
        .args(["new", path.to_str().unwrap(), "--org", "Acme"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(&text)).unwrap();
    path
}

#[test]
fn errors_about_a_mutated_file_never_print_megabytes() {
    let huge = "A".repeat(5 * 1024 * 1024);
    let huge_evil = format!("\u{1b}]2;x\u{7}{huge}");
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        mutated(dir.path(), "field.ron", |t| {
            t.replacen(
                "name: \"Acme\",",
                &format!("name: \"Acme\",\n        {huge}: 1,"),
                1,
            )
        }),
        mutated(dir.path(), "string.ron", |t| {
            t.replacen(
                "observation_months: 6",
                &format!("observation_months: {}", ron_str(&huge_evil)),
                1,
            )
        }),
        mutated(dir.path(), "version.ron", |t| {
            t.replacen("version: 4", &format!("version: {}", ron_str(&huge)), 1)
        }),
        mutated(dir.path(), "variant.ron", |t| {
            t.replacen("phase: Readiness", &format!("phase: {huge}"), 1)
        }),
        mutated(dir.path(), "date.ron", |t| {
            let start = t.find("start: \"").unwrap() + "start: ".len();
            let end = start + t[start + 1..].find('"').unwrap() + 2;
            format!("{}{}{}", &t[..start], ron_str(&huge_evil), &t[end..])
        }),
        mutated(dir.path(), "key.ron", |t| {
            t.replacen(
                "checklist: {",
                &format!(
                    "checklist: {{\n        {}: {{}},\n        {}: {{}},",
                    ron_str(&huge_evil),
                    ron_str(&huge_evil)
                ),
                1,
            )
        }),
    ];
    for path in &cases {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.len() > 5_000_000);
        for cmd in ["check", "status"] {
            let out = run(&[cmd, path.to_str().unwrap()]);
            let err = stderr(&out);
            assert_eq!(
                out.status.code(),
                Some(1),
                "{}: {}",
                path.display(),
                &err[..err.len().min(500)]
            );
            assert!(
                err.len() < 2_000,
                "{}: {} bytes on stderr",
                path.display(),
                err.len()
            );
            if err.contains("AAAA") {
                assert!(err.contains("AAAA…"), "echoed input is cut: {err}");
            }
            assert_no_raw_unsafe(&err);
        }
    }
}

#[test]
fn a_check_of_a_file_full_of_huge_ids_prints_a_short_report() {
    let huge = "D".repeat(5 * 1024 * 1024);
    let dir = tempfile::tempdir().unwrap();
    let path = mutated(dir.path(), "ids.ron", |t| {
        t.replacen(
            "    backlog: [],",
            &format!(
                "    backlog: [\n        (\n            id: \"RB-{huge}\",\n            title: \"x\",\n            owner: \"{huge}\",\n            criteria: [\"{huge}\"],\n            created: \"2026-11-20\",\n        ),\n    ],"
            ),
            1,
        )
    });
    let out = run(&["check", path.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.len() < 5_000, "{} bytes on stderr", err.len());
    assert!(err.contains("RB-DDDD") && err.contains("D…"), "{err}");
}
