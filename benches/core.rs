//! Benchmarks of the core at 10,000 and 100,000 backlog items (with twice as many evidence
//! references): load + validate, save, status, diff and merge, each beside its floor.
//!
//! Run with `cargo bench --bench core`. After divan's table this prints the figures the
//! README's Performance table uses, each as a ratio against the floor measured in the same
//! run: parsing the same text into `ron::Value` (what any RON reader must do at least), so
//! the figures compare across machines. `SOC2_BENCH_SUMMARY=0` skips the summary.

use std::hint::black_box;
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use divan::Bencher;
use soc2_workbook::analysis::{check::check, coverage, diff::diff, readiness};
use soc2_workbook::catalog::{catalog, scoping::questionnaire};
use soc2_workbook::merge::merge3;
use soc2_workbook::model::{Date, Priority, Workbook};
use soc2_workbook::sample::large_workbook;
use soc2_workbook::store;

const SIZES: [usize; 2] = [10_000, 100_000];

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap_or_default()
}

/// The generated workbook, its canonical text, and two edited copies (ours changes every
/// 7th item's priority, theirs every 11th item's owner), built once per size.
struct Fixture {
    wb: Workbook,
    text: String,
    ours: Workbook,
    theirs: Workbook,
}

fn fixture(backlog: usize) -> &'static Fixture {
    static SMALL: OnceLock<Fixture> = OnceLock::new();
    static LARGE: OnceLock<Fixture> = OnceLock::new();
    let cell = if backlog <= 10_000 { &SMALL } else { &LARGE };
    cell.get_or_init(|| {
        let wb = large_workbook(backlog, backlog * 2, 1, today());
        let text = store::to_canonical(&wb);
        let (mut ours, mut theirs) = (wb.clone(), wb.clone());
        for b in ours.backlog.iter_mut().step_by(7) {
            b.priority = if b.priority == Priority::P1 {
                Priority::P2
            } else {
                Priority::P1
            };
        }
        for b in theirs.backlog.iter_mut().step_by(11) {
            b.owner = Some("user03".into());
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
    if std::env::var("SOC2_BENCH_SUMMARY").as_deref() != Ok("0") {
        summary();
    }
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn floor_parse_ron_value(bencher: Bencher, backlog: usize) {
    let f = fixture(backlog);
    bencher.bench(|| ron::from_str::<ron::Value>(&f.text).is_ok());
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn load_and_validate(bencher: Bencher, backlog: usize) {
    let f = fixture(backlog);
    bencher.bench(|| {
        let wb = store::parse(&f.text, Path::new("bench.ron")).ok();
        wb.map(|wb| check(catalog(), questionnaire(), &wb).len())
    });
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn save(bencher: Bencher, backlog: usize) {
    let f = fixture(backlog);
    let dir = tempfile::tempdir().ok();
    let path = dir.as_ref().map(|d| d.path().join("bench.ron"));
    bencher.bench(|| path.as_deref().map(|p| store::save(p, &f.wb).is_ok()));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn status(bencher: Bencher, backlog: usize) {
    let f = fixture(backlog);
    bencher.bench(|| status_figures(&f.wb));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn parse_only(bencher: Bencher, backlog: usize) {
    let f = fixture(backlog);
    bencher.bench(|| store::parse(&f.text, Path::new("bench.ron")).is_ok());
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn check_only(bencher: Bencher, backlog: usize) {
    let f = fixture(backlog);
    bencher.bench(|| check(catalog(), questionnaire(), &f.wb).len());
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn diff_two_workbooks(bencher: Bencher, backlog: usize) {
    let f = fixture(backlog);
    bencher.bench(|| diff(catalog(), &f.wb, &f.ours).len());
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn merge_two_workbooks(bencher: Bencher, backlog: usize) {
    let f = fixture(backlog);
    bencher.bench(|| merge3(&f.wb, &f.ours, &f.theirs).conflicts.len());
}

fn status_figures(wb: &Workbook) -> impl Sized {
    let s = readiness::summary(catalog(), wb, today());
    let c = coverage::coverage(catalog(), wb, today());
    (s.backlog_open, coverage::operating_percent(&c, today()))
}

/// The median of `runs` timings of `work`.
fn median<T>(runs: usize, mut work: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(work());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// One README figure, measured on a fixture.
type Measure = dyn Fn(&Fixture) -> Duration;

/// The README's figures at each size, as milliseconds and as multiples of the floor.
fn summary() {
    println!("\nREADME figures (median; × = multiple of parsing the same file into ron::Value)");
    println!("| what | 10,000 | 100,000 |");
    println!("| --- | --- | --- |");
    let rows: [(&str, &Measure); 7] = [
        ("floor: parse into ron::Value", &|f| {
            median(5, || ron::from_str::<ron::Value>(&f.text).is_ok())
        }),
        ("load + validate (parse + check)", &|f| {
            median(5, || {
                store::parse(&f.text, Path::new("b.ron"))
                    .map(|wb| check(catalog(), questionnaire(), &wb).len())
            })
        }),
        ("check alone", &|f| {
            median(5, || check(catalog(), questionnaire(), &f.wb).len())
        }),
        ("save (streamed, atomic, fsynced)", &|f| {
            let dir = tempfile::tempdir().ok();
            let path = dir.as_ref().map(|d| d.path().join("b.ron"));
            median(5, || path.as_deref().map(|p| store::save(p, &f.wb).is_ok()))
        }),
        ("status figures", &|f| median(5, || status_figures(&f.wb))),
        ("diff of two workbooks", &|f| {
            median(5, || diff(catalog(), &f.wb, &f.ours).len())
        }),
        ("merge of two workbooks", &|f| {
            median(5, || merge3(&f.wb, &f.ours, &f.theirs).conflicts.len())
        }),
    ];
    let fixtures: Vec<&Fixture> = SIZES.iter().map(|&n| fixture(n)).collect();
    let floors: Vec<Duration> = fixtures.iter().map(|f| (rows[0].1)(f)).collect();
    for (i, (what, measure)) in rows.iter().enumerate() {
        let cells: Vec<String> = fixtures
            .iter()
            .zip(&floors)
            .map(|(f, floor)| {
                let t = if i == 0 { *floor } else { measure(f) };
                let ratio = t.as_secs_f64() / floor.as_secs_f64().max(1e-9);
                format!("{:.1} ms ({ratio:.2}×)", t.as_secs_f64() * 1e3)
            })
            .collect();
        println!("| {what} | {} |", cells.join(" | "));
    }
}
