//! The `/` finder at 10,000 and 100,000 backlog items: building its index, one query per
//! keystroke as a person types "offboarding" (each prefix is one keystroke's work), and the
//! worst keystrokes: two and three common letters ("re", "rev"), which the matcher must
//! score against nearly every entry (one letter takes a cheaper path).
//!
//! Run with `cargo bench --bench finder`. Targets: every query ≤ 10 ms at 10,000 items and
//! ≤ 30 ms at 100,000. After divan's table (wall time) a summary prints each query's median
//! CPU time of the querying thread, which other work on a loaded machine does not inflate;
//! `SOC2_BENCH_SUMMARY=0` skips it.

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
    if std::env::var("SOC2_BENCH_SUMMARY").as_deref() != Ok("0") {
        summary();
    }
}

/// CPU time the calling thread has used: the first field of Linux's
/// `/proc/thread-self/schedstat`, in nanoseconds (zero elsewhere). The kernel brings it up
/// to date only now and then, so it is read around batches of queries, not single ones.
fn thread_cpu() -> std::time::Duration {
    let ns = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    std::time::Duration::from_nanos(ns)
}

/// CPU milliseconds per run of `run`: the median of 5 batches' means, each batch long
/// enough (at least 200 ms of CPU) for the kernel's coarse accounting.
fn median_cpu_ms(mut run: impl FnMut()) -> f64 {
    let mut means: Vec<f64> = (0..5)
        .map(|_| {
            let start = thread_cpu();
            let mut n = 0u32;
            while n < 20 || (thread_cpu() - start).as_millis() < 200 {
                run();
                n += 1;
            }
            (thread_cpu() - start).as_secs_f64() * 1000.0 / f64::from(n)
        })
        .collect();
    means.sort_by(f64::total_cmp);
    means[means.len() / 2]
}

fn summary() {
    println!("\nfinder, median CPU ms per query (target ≤ 10 at 10,000, ≤ 30 at 100,000)");
    for backlog in SIZES {
        let index = FinderIndex::build(catalog(), questionnaire(), workbook(backlog));
        let mut worst = ("", 0.0f64);
        let mut line = format!("  {backlog:>7}:");
        for q in [
            "e",
            "r",
            "re",
            "rev",
            "of",
            "off",
            "offboarding",
            "rb",
            "cc6",
        ] {
            let ms = median_cpu_ms(|| {
                std::hint::black_box(index.query(q, 50));
            });
            if ms > worst.1 {
                worst = (q, ms);
            }
            line.push_str(&format!(" {q:?} {ms:.2}"));
        }
        println!("{line}");
        println!("  {backlog:>7}: worst {:?} {:.2} ms", worst.0, worst.1);
    }
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
