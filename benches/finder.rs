//! The `/` finder at 10,000 and 100,000 backlog items: building its index, one query per
//! keystroke as a person types "offboarding" (each prefix is one keystroke's work), and the
//! worst keystrokes: two and three common letters ("re", "rev"), which the matcher must
//! score against nearly every entry (one letter takes a cheaper path).
//!
//! Run with `cargo bench --bench finder`. Targets: every query ≤ 10 ms at 10,000 items and
//! ≤ 30 ms at 100,000.

use std::sync::OnceLock;

use divan::Bencher;
use soc2_workbook::catalog::{catalog, scoping::questionnaire};
use soc2_workbook::finder::FinderIndex;
use soc2_workbook::model::{Date, Workbook};
use soc2_workbook::sample::large_workbook;

const SIZES: [usize; 2] = [10_000, 100_000];
const TYPED: &str = "offboarding";

fn workbook(backlog: usize) -> &'static Workbook {
    static SMALL: OnceLock<Workbook> = OnceLock::new();
    static LARGE: OnceLock<Workbook> = OnceLock::new();
    let cell = if backlog <= 10_000 { &SMALL } else { &LARGE };
    cell.get_or_init(|| {
        large_workbook(
            backlog,
            backlog * 2,
            1,
            Date::new(2026, 11, 22).unwrap_or_default(),
        )
    })
}

fn main() {
    divan::main();
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn build_index(bencher: Bencher, backlog: usize) {
    let wb = workbook(backlog);
    bencher.bench(|| FinderIndex::build(catalog(), questionnaire(), wb).len());
}

/// One keystroke: the query for each prefix of the typed word, averaged over the word.
#[divan::bench(args = SIZES, sample_count = 20)]
fn query_per_keystroke(bencher: Bencher, backlog: usize) {
    let index = FinderIndex::build(catalog(), questionnaire(), workbook(backlog));
    let prefixes: Vec<&str> = (1..=TYPED.len()).map(|n| &TYPED[..n]).collect();
    let mut next = 0usize;
    bencher.bench_local(|| {
        let pattern = prefixes[next % prefixes.len()];
        next += 1;
        index.query(pattern, 50).len()
    });
}

/// The worst keystrokes: two and three common letters, which match most entries.
#[divan::bench(args = SIZES, sample_count = 20, consts = [2, 3])]
fn query_common_letters<const N: usize>(bencher: Bencher, backlog: usize) {
    let index = FinderIndex::build(catalog(), questionnaire(), workbook(backlog));
    bencher.bench(|| index.query(&"rev"[..N], 50).len());
}

/// One common letter: the cheap single-letter path.
#[divan::bench(args = SIZES, sample_count = 20)]
fn query_one_letter(bencher: Bencher, backlog: usize) {
    let index = FinderIndex::build(catalog(), questionnaire(), workbook(backlog));
    bencher.bench(|| index.query("e", 50).len());
}
