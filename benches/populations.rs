//! Benchmarks of populations at 10,000 backlog items plus 20,000 events: parse + check,
//! the per-control figures behind `status`, the semantic diff and the merge of two
//! branches that each imported events, and a 25-event draw from a 5,000-event population.
//!
//! Run with `cargo bench --bench populations`. The whole-process `soc2 status` figure is
//! measured on a file from `gen_workbook --size 10k` (see the README's Performance table).

use std::path::Path;
use std::sync::OnceLock;

use divan::Bencher;
use soc2_workbook::analysis::population::{draw, operating_percent, populations};
use soc2_workbook::analysis::{check::check, coverage, diff::diff};
use soc2_workbook::catalog::{catalog, scoping::questionnaire};
use soc2_workbook::merge::merge3;
use soc2_workbook::model::{Date, EventResult, Workbook};
use soc2_workbook::sample::{add_events, large_workbook};
use soc2_workbook::store;

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap_or_default()
}

/// The 10k workbook with 20,000 events, its text, and two branches: ours marks every 5th
/// event passed, theirs imports 2,000 more events (half of them also on ours).
struct Fixture {
    wb: Workbook,
    text: String,
    ours: Workbook,
    theirs: Workbook,
}

fn fixture() -> &'static Fixture {
    static CELL: OnceLock<Fixture> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut wb = large_workbook(10_000, 20_000, 1, today());
        add_events(&mut wb, 20_000, 1, today());
        let text = store::to_canonical(&wb);
        let mut more = large_workbook(10_000, 20_000, 1, today());
        add_events(&mut more, 22_000, 1, today());
        let (mut ours, theirs) = (wb.clone(), more.clone());
        for p in ours.populations.values_mut() {
            for e in p.events.iter_mut().step_by(5) {
                if e.exception.is_none() {
                    e.result = EventResult::Passed;
                }
            }
        }
        for (c, p) in &more.populations {
            let extra: Vec<_> = p
                .events
                .iter()
                .filter(|e| e.id.as_str() >= "GEN-021000")
                .cloned()
                .collect();
            if let Some(o) = ours.populations.get_mut(c) {
                o.events.extend(extra);
                o.events
                    .sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
            }
        }
        Fixture {
            wb,
            text,
            ours,
            theirs,
        }
    })
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn load_and_check_with_events(bencher: Bencher) {
    let f = fixture();
    bencher.bench(|| {
        let wb = store::parse(&f.text, Path::new("bench.ron")).ok();
        wb.map(|wb| check(catalog(), questionnaire(), &wb).len())
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn population_figures_and_operating_readiness(bencher: Bencher) {
    let f = fixture();
    bencher.bench(|| {
        let pops = populations(catalog(), &f.wb, today());
        let cov = coverage::coverage(catalog(), &f.wb, today());
        operating_percent(&cov, &pops, today())
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn diff_with_events(bencher: Bencher) {
    let f = fixture();
    bencher.bench(|| diff(catalog(), &f.wb, &f.ours).len());
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn merge_two_imports(bencher: Bencher) {
    let f = fixture();
    bencher.bench(|| merge3(&f.wb, &f.ours, &f.theirs).conflicts.len());
}

#[divan::bench]
fn draw_25_of_5000(bencher: Bencher) {
    let ids: Vec<String> = (0..5_000).map(|i| format!("E-{i}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    bencher.bench(|| draw(&refs, 25, 7).len());
}
