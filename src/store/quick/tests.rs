use std::collections::BTreeMap;

use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::from_str;
use crate::model::{BacklogItem, Date, ItemRecord, Population, Shared};

/// A record as a saved workbook writes it.
fn text<T: Serialize>(value: &T) -> String {
    crate::store::ron_options()
        .to_string_pretty(value, crate::store::canonical::pretty())
        .unwrap()
}

/// What ron reads from the same text.
fn ron<T: DeserializeOwned>(text: &str) -> Option<T> {
    crate::store::ron_options().from_str(text).ok()
}

type Records = BTreeMap<String, Shared<ItemRecord>>;

fn workbooks() -> Vec<crate::model::Workbook> {
    let today: Date = "2026-11-22".parse().unwrap();
    vec![
        crate::store::tests::full_workbook(),
        {
            let mut wb = crate::sample::large_workbook(300, 600, 7, today);
            crate::sample::add_events(&mut wb, 400, 7, today);
            wb
        },
        crate::store::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks/example.ron"),
        )
        .unwrap()
        .workbook,
    ]
}

#[test]
fn every_record_a_saved_workbook_holds_is_read_fast_and_as_ron_reads_it() {
    let mut read = 0;
    for wb in workbooks() {
        for item in &wb.backlog {
            let text = text(item);
            let fast: BacklogItem =
                from_str(&text).unwrap_or_else(|| panic!("not read fast: {text}"));
            assert_eq!(Some(&fast), ron::<BacklogItem>(&text).as_ref());
            assert_eq!(&fast, &**item);
            read += 1;
        }
        for records in wb.checklist.values() {
            let text = text(records);
            let fast: Records = from_str(&text).expect("a criterion's records soc2 wrote");
            assert_eq!(Some(&fast), ron::<Records>(&text).as_ref());
            assert_eq!(&fast, records);
            read += 1;
        }
        for population in wb.populations.values() {
            let text = text(population);
            let fast: Population = from_str(&text).expect("a population soc2 wrote");
            assert_eq!(&fast, &**population);
            read += 1;
        }
    }
    assert!(read > 400, "the workbooks hold records to read ({read})");
    assert!(!workbooks()[1].populations.is_empty());
}

#[test]
fn what_it_is_not_sure_of_is_left_to_ron() {
    let item = &workbooks()[0].backlog[0];
    let plain = text(&**item);
    for unsure in [
        // An escape, a struct's name, a float, an explicit `Some` with a space, a block
        // comment, a raw identifier, a negative number, a field soc2 does not know.
        plain.replacen("title: \"", "title: \"\\u{41}", 1),
        plain.replacen("title: \"", "title: \"\\x41", 1),
        format!("BacklogItem{plain}"),
        plain.replacen("owner: ", "owner: Some (", 1),
        plain.replacen("(", "( /* c */", 1),
        plain.replacen("id:", "r#id:", 1),
        plain.replacen("title:", "surprise: 1,\n    title:", 1),
    ] {
        assert!(
            from_str::<BacklogItem>(&unsure).is_none(),
            "left to ron: {unsure}"
        );
    }
    // What soc2 also accepts that it does not write: comments, `Some(…)`, no trailing comma.
    let owner = item.owner.clone().unwrap();
    let commented = plain.replacen("(", "( // a note\n", 1).replacen(
        &format!("\"{owner}\""),
        &format!("Some(\"{owner}\")"),
        1,
    );
    assert_eq!(from_str::<BacklogItem>(&commented).as_ref(), Some(&**item));
}

/// One generated population (events, results, exceptions, a sample), made once.
fn a_population() -> &'static Population {
    static ONE: std::sync::OnceLock<Population> = std::sync::OnceLock::new();
    ONE.get_or_init(|| {
        let wb = &workbooks()[1];
        let most = wb.populations.values().max_by_key(|p| p.events.len());
        (**most.unwrap()).clone()
    })
}

/// Characters that matter to RON's grammar, and a few that only look like they might.
fn piece() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "\"", "\\", ",", "(", ")", "[", "]", "{", "}", ":", "/", "*", "#", " ", "\n", "\t", "\r",
        "0", "7", "-", ".", "_", "e", "é", "\u{a0}", "r#", "Some", "None", "Some(", "true", "P1",
        "x", "'", "b\"", "1_0", "00", "\\n", "\\'", "\\u{41}", "\\\n",
    ])
    .prop_map(str::to_string)
}

/// Up to four edits (insert, replace or delete a piece) at byte offsets of `text`.
fn mutate(text: &str, edits: &[(usize, u8, String)]) -> String {
    let mut out = text.to_string();
    for (at, kind, piece) in edits {
        let mut at = at % (out.len() + 1);
        while !out.is_char_boundary(at) {
            at -= 1;
        }
        match kind % 3 {
            0 => out.insert_str(at, piece),
            1 => {
                let end = out[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                out.replace_range(at..end, piece);
            }
            _ => {
                let end = out[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                out.replace_range(at..end, "");
            }
        }
    }
    out
}

proptest! {
    // Fixed seed: the same cases on every run; PROPTEST_CASES / PROPTEST_RNG_SEED override.
    #![proptest_config(ProptestConfig {
        cases: 1024,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x50c2_2026),
        ..ProptestConfig::default()
    })]

    /// The one promise: whatever this reader reads, ron reads the same; everything else
    /// (it says "not sure") goes to ron, whose error the user sees.
    #[test]
    fn a_record_read_fast_is_always_what_ron_reads(
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), piece()), 1..5),
        which in 0usize..3,
    ) {
        let wb = crate::store::tests::full_workbook();
        match which {
            0 => {
                let broken = mutate(&text(&*wb.backlog[0]), &edits);
                if let Some(fast) = from_str::<BacklogItem>(&broken) {
                    prop_assert_eq!(Some(fast), ron::<BacklogItem>(&broken), "{}", broken);
                }
            }
            1 => {
                let records = wb.checklist.values().next().unwrap();
                let broken = mutate(&text(records), &edits);
                if let Some(fast) = from_str::<Records>(&broken) {
                    prop_assert_eq!(Some(fast), ron::<Records>(&broken), "{}", broken);
                }
            }
            _ => {
                let population = a_population();
                let broken = mutate(&text(population), &edits);
                if let Some(fast) = from_str::<Population>(&broken) {
                    prop_assert_eq!(Some(fast), ron::<Population>(&broken), "{}", broken);
                }
            }
        }
    }

    /// Any text a person types (quotes, backslashes, control and invisible characters,
    /// other scripts) comes back as typed, whichever reader reads it.
    #[test]
    fn any_text_in_a_record_comes_back_as_typed(title in any::<String>(), owner in "\\PC{0,12}") {
        let mut item = (*crate::store::tests::full_workbook().backlog[0]).clone();
        item.title = title;
        item.owner = Some(owner);
        let text = text(&item);
        prop_assert_eq!(ron::<BacklogItem>(&text), Some(item.clone()));
        if let Some(fast) = from_str::<BacklogItem>(&text) {
            prop_assert_eq!(fast, item);
        }
    }
}
