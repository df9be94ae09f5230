use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::model::*;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// A workbook with every kind of field filled, so the round trip covers the whole format.
pub(crate) fn full_workbook() -> Workbook {
    let mut wb = Workbook {
        version: FORMAT_VERSION,
        organization: Organization {
            name: "Acme \"Cloud\" Inc.".into(),
            system: "Acme Platform".into(),
            description: "Multi-line\ndescription with a tab\tand ESC \u{1b}[2J".into(),
            industry: "B2B SaaS".into(),
        },
        ..Workbook::default()
    };
    wb.scope.answers.insert("uptime_sla".into(), Answer::Yes);
    wb.scope
        .answers
        .insert("hosting".into(), Answer::Choice("aws".into()));
    wb.scope
        .answers
        .insert("employees".into(), Answer::Number(12));
    wb.scope
        .answers
        .insert("deal_date".into(), Answer::Date(d("2027-03-01")));
    wb.scope.categories.insert(
        Category::Availability,
        CategoryDecision {
            in_scope: true,
            reason: "uptime SLA".into(),
            overridden: false,
        },
    );
    wb.scope.categories.insert(
        Category::Privacy,
        CategoryDecision {
            in_scope: false,
            reason: "B2B only".into(),
            overridden: true,
        },
    );
    wb.scope.readiness_start = Some(d("2026-11-01"));
    wb.scope.target_report_date = Some(d("2027-11-30"));
    wb.scope.boundary.products = vec!["API".into(), "Dashboard".into()];
    wb.vendors.insert(
        "aws".into(),
        crate::model::Vendor {
            name: "AWS".into(),
            service: "hosting".into(),
            subservice: Some(SubserviceMethod::CarveOut),
            reports: vec![crate::model::SocReport {
                period: Some(DateRange {
                    start: d("2025-10-01"),
                    end: d("2026-09-30"),
                }),
                reviewed: Some(d("2026-11-10")),
                ..Default::default()
            }],
            csocs: vec![crate::model::MappedControl {
                text: "physical security".into(),
                controls: vec![],
            }],
            ..Default::default()
        },
    );
    wb.team.push(Member {
        id: "maria".into(),
        name: "María Ñúñez".into(),
        role: "CTO".into(),
        ..Default::default()
    });
    let rec = wb.item_mut("CC6.2", "access-review-quarterly");
    rec.status = ItemStatus::Implemented;
    rec.owner = Some("maria".into());
    rec.notes = "Done in Okta".into();
    rec.evidence.push(Evidence {
        id: "EV-k3fz".into(),
        reference: "SEC-412".into(),
        collected: d("2027-01-15"),
        by: Some("maria".into()),
        sha256: None,
    });
    rec.performed = vec![d("2027-01-15")];
    let rec = wb.item_mut("CC6.4", "CI-abcd");
    rec.status = ItemStatus::NotApplicable;
    rec.reason = Some("no office".into());
    rec.custom = Some(CustomItem {
        title: "Badge log".into(),
        evidence: "export".into(),
        cadence: Some(Cadence::Quarterly),
    });
    wb.backlog.push(
        BacklogItem {
            id: "RB-k3fz".into(),
            title: "Formalize offboarding".into(),
            criteria: vec!["CC6.2".into()],
            items: vec!["access-review-quarterly".into()],
            priority: Priority::P1,
            owner: Some("maria".into()),
            status: BacklogStatus::InProgress,
            due: Some(d("2027-02-01")),
            created: d("2026-11-20"),
            history: vec![StatusChange {
                date: d("2026-11-21"),
                status: BacklogStatus::InProgress,
            }],
            ..BacklogItem::default()
        }
        .into(),
    );
    wb.milestones.push(Milestone {
        id: "MS-2abc".into(),
        name: "Readiness".into(),
        phase: Phase::Readiness,
        start: d("2026-11-01"),
        end: d("2026-12-15"),
        status: MilestoneStatus::InProgress,
        notes: String::new(),
        pinned: true,
    });
    wb
}

fn p() -> &'static Path {
    Path::new("wb.ron")
}

#[test]
fn canonical_text_round_trips_byte_for_byte() {
    let wb = full_workbook();
    let text = to_canonical(&wb);
    let back = parse(&text, p()).unwrap();
    assert_eq!(back, wb);
    assert_eq!(to_canonical(&back), text);
    assert!(
        text.starts_with(&format!("(\n    version: {FORMAT_VERSION},\n")),
        "version comes first:\n{text}"
    );
    assert!(text.ends_with(")\n"));
    assert!(!text.contains('\r'));
}

#[test]
fn canonical_text_escapes_control_characters() {
    let text = to_canonical(&full_workbook());
    assert!(
        !text.contains('\u{1b}'),
        "raw ESC must never land in the file"
    );
    assert!(!text.contains('\t'));
    assert!(
        text.contains("\\u{1b}") || text.contains("\\x1b") || text.contains("\\e"),
        "{text}"
    );
}

#[test]
fn optional_values_are_written_without_some() {
    let text = to_canonical(&full_workbook());
    assert!(text.contains("owner: \"maria\""), "{text}");
    assert!(!text.contains("Some("));
    // Hand-written `Some(..)` is still accepted.
    let edited = text.replacen("owner: \"maria\"", "owner: Some(\"maria\")", 1);
    assert_eq!(parse(&edited, p()).unwrap(), full_workbook());
}

#[test]
fn crlf_and_bom_are_accepted_and_canonicalized() {
    let text = to_canonical(&full_workbook());
    let windows = format!("\u{FEFF}{}", text.replace('\n', "\r\n"));
    let wb = parse(&windows, p()).unwrap();
    assert_eq!(to_canonical(&wb), text);
}

fn err_text(text: &str) -> String {
    parse(text, p()).unwrap_err().to_string()
}

#[test]
fn unknown_field_is_an_error_with_position() {
    let text = to_canonical(&full_workbook()).replacen("    team: [", "    teem: [", 1);
    let line = text.lines().position(|l| l.contains("teem")).unwrap() + 1;
    let msg = err_text(&text);
    assert!(msg.starts_with(&format!("wb.ron:{line}:")), "{msg}");
    assert!(msg.contains("teem"), "{msg}");
}

#[test]
fn duplicated_map_key_is_reported_not_dropped() {
    let text = to_canonical(&full_workbook());
    let dup = text.replacen(
        "        \"uptime_sla\": Yes,\n",
        "        \"uptime_sla\": Yes,\n        \"uptime_sla\": No,\n",
        1,
    );
    assert_ne!(dup, text);
    let msg = err_text(&dup);
    assert!(msg.contains("duplicate key \"uptime_sla\""), "{msg}");
    assert!(msg.starts_with("wb.ron:"), "{msg}");
}

#[test]
fn conflict_markers_are_named_as_such() {
    let text = to_canonical(&full_workbook());
    let broken = text.replacen(
        "    team: [",
        "<<<<<<< HEAD\n    team: [\n=======\n    team: [\n>>>>>>> theirs\n",
        1,
    );
    let line = broken
        .lines()
        .position(|l| l.starts_with("<<<<<<<"))
        .unwrap()
        + 1;
    let msg = err_text(&broken);
    assert!(
        msg.contains(&format!("unresolved merge conflict at line {line}")),
        "{msg}"
    );
}

#[test]
fn newer_version_is_refused_naming_both_versions() {
    let text = to_canonical(&full_workbook()).replacen(
        &format!("version: {FORMAT_VERSION},"),
        "version: 7,",
        1,
    );
    let err = parse(&text, p()).unwrap_err();
    assert!(matches!(
        err,
        StoreError::NewerVersion {
            found: 7,
            supported: FORMAT_VERSION,
            ..
        }
    ));
    let msg = err.to_string();
    assert!(
        msg.contains("version 7") && msg.contains(&format!("version {FORMAT_VERSION}")),
        "{msg}"
    );
}

#[test]
fn invalid_date_truncation_and_wrong_type_are_positioned() {
    let text = to_canonical(&full_workbook());
    let bad_date = text.replacen("\"2027-02-01\"", "\"2027-02-30\"", 1);
    let msg = err_text(&bad_date);
    assert!(msg.contains("invalid date \"2027-02-30\""), "{msg}");
    assert!(msg.starts_with("wb.ron:"));

    let truncated = &text[..text.len() / 2];
    let msg = err_text(truncated);
    assert!(msg.starts_with("wb.ron:"), "{msg}");

    let wrong_type = text.replacen(
        &format!("version: {FORMAT_VERSION},"),
        "version: \"one\",",
        1,
    );
    let msg = err_text(&wrong_type);
    assert!(msg.starts_with("wb.ron:2:"), "{msg}");
}

#[test]
fn save_is_atomic_and_keeps_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    let wb = full_workbook();
    create(&path, &wb).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o644
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let mut changed = wb.clone();
    changed.organization.name = "Renamed".into();
    save(&path, &changed).unwrap();
    assert_eq!(load(&path).unwrap().workbook, changed);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temp files left behind");
}

#[test]
fn failure_before_rename_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    let wb = full_workbook();
    create(&path, &wb).unwrap();
    let before = std::fs::read(&path).unwrap();
    let result = write_atomic_with(&path, b"(half a file", |_| {
        Err(std::io::Error::other("simulated crash"))
    });
    assert!(result.is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "the temp file is cleaned up");
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    std::fs::write(&path, "precious").unwrap();
    assert!(matches!(
        create(&path, &full_workbook()),
        Err(StoreError::Exists { .. })
    ));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
}

#[test]
fn empty_maps_and_lists_parse_from_a_minimal_file() {
    let text = "(version: 1, organization: (name: \"X\"), scope: (report_type: TypeI))";
    let wb = parse(text, p()).unwrap();
    assert_eq!(wb.organization.name, "X");
    assert!(wb.checklist.is_empty());
    assert_eq!(wb.scope.answers, BTreeMap::new());
}

#[test]
fn bidi_controls_are_escaped_in_the_file() {
    let mut wb = full_workbook();
    wb.organization.name = "evil\u{202E}txt.exe\u{200B}".into();
    let text = to_canonical(&wb);
    assert!(
        !text.contains('\u{202E}') && !text.contains('\u{200B}'),
        "{text}"
    );
    assert_eq!(parse(&text, p()).unwrap(), wb);
}

#[test]
fn newer_version_with_new_fields_is_refused_as_newer() {
    let text = to_canonical(&full_workbook())
        .replacen(
            &format!("version: {FORMAT_VERSION},"),
            &format!("version: {},", FORMAT_VERSION + 1),
            1,
        )
        .replacen("    team: [", "    auditors: [],\n    team: [", 1);
    assert!(matches!(
        parse(&text, p()),
        Err(StoreError::NewerVersion { found, .. }) if found == FORMAT_VERSION + 1
    ));
}

#[test]
fn streamed_save_writes_exactly_the_canonical_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    let wb = full_workbook();
    save(&path, &wb).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), to_canonical(&wb));
}

#[test]
fn a_second_writer_is_told_another_soc2_is_saving_and_the_lock_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    create(&path, &full_workbook()).unwrap();
    let first = lock_for_write(&path, std::time::Duration::ZERO).unwrap();
    let err = lock_for_write(&path, std::time::Duration::ZERO).unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err:?}");
    assert!(
        err.to_string().contains("another soc2 is saving") && err.to_string().contains("try again"),
        "{err}"
    );
    assert!(!err.is_invalid_content(), "an I/O error: exit 2");
    drop(first);
    assert!(!write_lock_path(&path).exists(), "released and removed");
    assert!(lock_for_write(&path, std::time::Duration::ZERO).is_ok());
}

#[test]
fn a_temporary_file_being_written_is_left_alone_and_a_dead_ones_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    create(&path, &full_workbook()).unwrap();
    let live = dir.path().join(format!(".wb.ron{TEMP_MARK}live01"));
    let dead = dir.path().join(format!(".wb.ron{TEMP_MARK}dead01"));
    let other = dir.path().join(format!(".other.ron{TEMP_MARK}dead02"));
    for p in [&live, &dead, &other] {
        std::fs::write(p, "half").unwrap();
    }
    let writing = std::fs::File::options().write(true).open(&live).unwrap();
    writing.lock().unwrap();
    assert_eq!(clean_debris(&path), 1);
    assert!(live.exists(), "a save in progress keeps its file");
    assert!(!dead.exists(), "a killed save's file is removed");
    assert!(
        other.exists(),
        "another workbook's files are its own business"
    );
    drop(writing);
    save(&path, &full_workbook()).unwrap();
    assert!(
        !live.exists(),
        "the next save cleans it once nobody holds it"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_workbook_is_refused_and_a_failed_save_leaves_no_debris() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    create(&path, &full_workbook()).unwrap();
    let before = std::fs::read(&path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut changed = full_workbook();
    changed.organization.name = "Renamed".into();
    let err = save(&path, &changed).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    assert!(is_read_only(&path));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary or lock file left");
}

/// `load_model` and `load` against ron alone on one text: the same workbook, or the same
/// error.
fn same_as_load(text: &str) -> Result<Workbook, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    std::fs::write(&path, text).unwrap();
    let whole = parse_with_ron(text, &path)
        .map(|(mut wb, _)| {
            upgrade::upgrade(&mut wb, crate::catalog::catalog());
            wb
        })
        .map_err(|e| e.to_string());
    let lean = load_model(&path).map_err(|e| e.to_string());
    assert_eq!(lean, whole, "load_model differs from ron's reading");
    let loaded = load(&path).map(|l| l.workbook).map_err(|e| e.to_string());
    assert_eq!(loaded, whole, "load differs from ron's reading");
    lean
}

/// Whether the item-by-item reader read `text` itself (rather than handing it back).
fn read_item_by_item(text: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.ron");
    std::fs::write(&path, text).unwrap();
    lean::read(&path).is_some()
}

#[test]
fn the_model_only_reader_gives_what_load_gives() {
    let sample = crate::sample::large_workbook(300, 600, 7, d("2026-11-22"));
    let wb = same_as_load(&to_canonical(&sample)).unwrap();
    assert_eq!(wb, sample);
    assert!(read_item_by_item(&to_canonical(&sample)));
    assert_eq!(
        same_as_load(&to_canonical(&full_workbook())).unwrap(),
        full_workbook()
    );
    for file in ["workbooks/example.ron", "tests/fixtures/example-v1.ron"] {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file));
        same_as_load(&text.unwrap()).unwrap();
    }
}

#[test]
fn the_model_only_reader_reads_split_points_inside_strings_and_comments() {
    let mut wb = full_workbook();
    wb.backlog[0].title = "tricky ], { ( \" \\\" // not a comment /* nor this */ backlog: [".into();
    wb.backlog[0].description = "line one\nchecklist: {\n},".into();
    let text = to_canonical(&wb).replacen(
        "    backlog: [",
        "    // a comment ], {\n    backlog : // here too\n [",
        1,
    );
    assert_eq!(same_as_load(&text).unwrap(), wb);
    assert!(read_item_by_item(&text));
    // A BOM, a struct name and CRLF line ends are accepted the same way.
    let crlf = format!(
        "\u{FEFF}Workbook{}",
        to_canonical(&wb).replace('\n', "\r\n")
    );
    same_as_load(&crlf).unwrap();
    assert!(read_item_by_item(&crlf));
}

#[test]
fn the_model_only_reader_refuses_exactly_what_load_refuses() {
    let good = to_canonical(&full_workbook());
    let cases = [
        // A typo inside a backlog item, and inside a checklist record.
        good.replacen("priority:", "priorty:", 1),
        good.replacen("status:", "stauts:", 1),
        // A criterion twice (a bad merge), an item with no closing bracket, markers.
        good.replacen(
            "    checklist: {\n",
            "    checklist: {\n        \"CC1.1\": {},\n        \"CC1.1\": {},\n",
            1,
        ),
        good.replacen("    backlog: [\n        (", "    backlog: [\n        ((", 1),
        format!("<<<<<<< ours\n{good}"),
        good.replacen("version: 2", "version: 99", 1),
        // What the lexer leaves to the ordinary reader.
        format!("#![enable(implicit_some)]\n{good}"),
        good.replacen("    backlog: [", "    /* block */ backlog: [", 1),
        good.replacen("    backlog: [\n", "    backlog: [\n        ,\n", 1),
    ];
    for text in cases {
        let _ = same_as_load(&text);
    }
}

#[test]
fn a_writer_waiting_for_the_lock_goes_before_the_writer_that_just_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.ron");
    std::fs::write(&path, "").unwrap();
    let first = lock_for_write(&path, LOCK_WAIT).unwrap();
    let (got, gotten) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let waiter = {
        let path = path.clone();
        std::thread::spawn(move || {
            let guard = lock_for_write(&path, LOCK_WAIT).unwrap();
            got.send(()).unwrap();
            released.recv().unwrap();
            drop(guard);
        })
    };
    while !oslock::is_held(&queue_lock_path(&path)) {
        std::thread::yield_now();
    }
    drop(first);
    // The app saving again at once must not jump the queue: the waiter is next.
    assert!(matches!(
        lock_for_write(&path, Duration::ZERO),
        Err(StoreError::Busy { .. })
    ));
    gotten.recv().unwrap();
    release.send(()).unwrap();
    waiter.join().unwrap();
    let again = lock_for_write(&path, LOCK_WAIT).unwrap();
    drop(again);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["acme.ron"], "no lock file is left behind");
}

#[test]
fn the_app_s_streamed_load_gives_the_same_workbook_and_the_hash_of_the_file_s_bytes() {
    use sha2::{Digest, Sha256};
    let dir = tempfile::tempdir().unwrap();
    let example = example_text();
    // The lean reader's path, and a block comment that sends it back to the whole-text one.
    for (name, text) in [
        ("lean.ron", example.clone()),
        ("whole.ron", format!("/* a note */\n{example}")),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let (wb, size, sha) = load_hashed(&path).unwrap();
        assert_eq!(wb, load(&path).unwrap().workbook, "{name}");
        assert_eq!(size, text.len() as u64, "{name}");
        assert_eq!(
            sha,
            <[u8; 32]>::from(Sha256::digest(text.as_bytes())),
            "{name}"
        );
    }
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(version: 4, oops").unwrap();
    assert_eq!(
        load_hashed(&broken).unwrap_err().to_string(),
        load(&broken).unwrap_err().to_string(),
        "a bad file gets the same error"
    );
}

#[test]
fn the_other_side_of_a_diff_reads_as_the_same_workbook_sharing_only_its_unchanged_records() {
    let dir = tempfile::tempdir().unwrap();
    let example = example_text();
    let old_path = dir.path().join("old.ron");
    std::fs::write(&old_path, &example).unwrap();
    let old = load_model(&old_path).unwrap();
    // The other side retitles the first backlog item and nothing else.
    let first = old.backlog[0].title.clone();
    let changed = example.replacen(
        &format!("title: \"{first}\""),
        "title: \"Retitled on the other branch\"",
        1,
    );
    assert_ne!(
        changed, example,
        "the example's first item has a plain title"
    );
    let new_path = dir.path().join("new.ron");
    std::fs::write(&new_path, &changed).unwrap();

    let new = load_model_like(&new_path, &old).unwrap();
    assert_eq!(
        new,
        load_model(&new_path).unwrap(),
        "the same workbook as read alone"
    );
    assert_eq!(new.backlog[0].title, "Retitled on the other branch");
    assert!(
        !Shared::ptr_eq(&new.backlog[0], &old.backlog[0]),
        "the changed item is its own"
    );
    assert!(
        new.backlog[1..]
            .iter()
            .zip(&old.backlog[1..])
            .all(|(a, b)| Shared::ptr_eq(a, b)),
        "every unchanged item is shared"
    );
    let shared_records = new
        .checklist
        .iter()
        .flat_map(|(c, items)| items.iter().map(move |(id, r)| (c, id, r)))
        .all(|(c, id, r)| Shared::ptr_eq(r, &old.checklist[c][id]));
    assert!(shared_records, "every checklist record is shared");
    assert!(
        new.populations
            .iter()
            .all(|(id, p)| Shared::ptr_eq(p, &old.populations[id])),
        "every population is shared"
    );

    // An older format is read without sharing, and upgraded like any load.
    let v3 = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/example-v3.ron");
    let upgraded = load_model_like(&v3, &old).unwrap();
    assert_eq!(upgraded, load_model(&v3).unwrap());
    assert!(
        upgraded
            .backlog
            .iter()
            .all(|a| old.backlog.iter().all(|b| !Shared::ptr_eq(a, b))),
        "nothing of an upgraded file is shared"
    );

    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(version: 4, oops").unwrap();
    assert_eq!(
        load_model_like(&broken, &old).unwrap_err().to_string(),
        load(&broken).unwrap_err().to_string(),
        "a bad file gets the same error"
    );
}

/// The example workbook's text, as shipped.
fn example_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks/example.ron"))
        .unwrap()
}

#[test]
fn fmt_check_knows_a_canonical_file_from_one_that_differs_anywhere() {
    let text = to_canonical(&full_workbook());
    let loaded = |text: &str| Loaded {
        workbook: parse(text, p()).unwrap(),
        text: text.to_string(),
        file_version: FORMAT_VERSION,
    };
    assert!(loaded(&text).is_canonical());
    // A missing last newline, an extra one, a respaced line and a hand-reordered field
    // all parse to the same workbook, and each is a file `fmt` would rewrite.
    let reordered = text.replacen(
        "            priority: P1,\n            owner: \"maria\",",
        "            owner: \"maria\",\n            priority: P1,",
        1,
    );
    assert_ne!(reordered, text, "the fixture has the fields to reorder");
    for other in [
        text.trim_end().to_string(),
        format!("{text}\n"),
        text.replacen("    version:", "    version :", 1),
        reordered,
    ] {
        assert!(!loaded(&other).is_canonical(), "not canonical: {other:?}");
    }
}
