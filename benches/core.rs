//! Benchmarks of the core at 1,000 and 10,000 backlog items (with twice as many evidence
//! references): load + validate, save, and the status summary.
//!
//! Run with `cargo bench --bench core`. Targets (10,000 items, 2-core machine): each ≤ 100 ms.

use std::path::Path;
use std::sync::OnceLock;

use divan::Bencher;
use soc2_workbook::analysis::{check::check, coverage, readiness};
use soc2_workbook::catalog::{catalog, scoping::questionnaire};
use soc2_workbook::model::{Date, Workbook};
use soc2_workbook::sample::large_workbook;
use soc2_workbook::store;

const SIZES: [usize; 2] = [1_000, 10_000];

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap_or_default()
}

/// The generated workbook and its canonical text, built once per size.
fn fixture(backlog: usize) -> &'static (Workbook, String) {
    static SMALL: OnceLock<(Workbook, String)> = OnceLock::new();
    static LARGE: OnceLock<(Workbook, String)> = OnceLock::new();
    let cell = if backlog <= 1_000 { &SMALL } else { &LARGE };
    cell.get_or_init(|| {
        let wb = large_workbook(backlog, backlog * 2, 1, today());
        let text = store::to_canonical(&wb);
        (wb, text)
    })
}

fn main() {
    divan::main();
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn load_and_validate(bencher: Bencher, backlog: usize) {
    let (_, text) = fixture(backlog);
    bencher.bench(|| {
        let wb = store::parse(text, Path::new("bench.ron")).ok();
        wb.map(|wb| check(catalog(), questionnaire(), &wb).len())
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn save(bencher: Bencher, backlog: usize) {
    let (wb, _) = fixture(backlog);
    let dir = tempfile::tempdir().ok();
    let path = dir.as_ref().map(|d| d.path().join("bench.ron"));
    bencher.bench(|| path.as_deref().map(|p| store::save(p, wb).is_ok()));
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn status(bencher: Bencher, backlog: usize) {
    let (wb, _) = fixture(backlog);
    bencher.bench(|| {
        let s = readiness::summary(catalog(), wb, today());
        let c = coverage::coverage(catalog(), wb, today());
        (s.backlog_open, coverage::operating_percent(&c, today()))
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn parse_only(bencher: Bencher, backlog: usize) {
    let (_, text) = fixture(backlog);
    bencher.bench(|| store::parse(text, Path::new("bench.ron")).is_ok());
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn check_only(bencher: Bencher, backlog: usize) {
    let (wb, _) = fixture(backlog);
    bencher.bench(|| check(catalog(), questionnaire(), wb).len());
}
