//! Generates a realistic large workbook for benchmarks and stress tests.
//!
//! Why: the app must stay instant on a workbook that has grown for years. This writes one
//! with all 61 criteria in scope, every item touched, N backlog items, M evidence
//! references, a full plan and a vendor register (see `soc2_workbook::sample`); it passes
//! `soc2 check`.
//!
//! `cargo run --release --example gen_workbook -- --size 100k --out big.ron` (or
//! `--backlog 10000 --evidence 20000 --events 20000`); the same flags write the same bytes on any day.

use std::path::PathBuf;

use clap::Parser;
use soc2_workbook::model::Date;
use soc2_workbook::sample::large_workbook;
use soc2_workbook::store;

/// The sizes the benchmarks and the README's Performance table use.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Size {
    /// 1,000 backlog items, 2,000 evidence references.
    #[value(name = "1k")]
    Small,
    /// 10,000 backlog items, 20,000 evidence references.
    #[value(name = "10k")]
    Large,
    /// 100,000 backlog items, 200,000 evidence references.
    #[value(name = "100k")]
    Huge,
}

impl Size {
    fn backlog(self) -> usize {
        match self {
            Size::Small => 1_000,
            Size::Large => 10_000,
            Size::Huge => 100_000,
        }
    }
}

#[derive(Parser)]
struct Args {
    /// A size preset: N backlog items and 2N evidence references (flags below override).
    #[arg(long, value_enum)]
    size: Option<Size>,
    /// Number of backlog items (default 1000).
    #[arg(long)]
    backlog: Option<usize>,
    /// Number of evidence references spread over the checklist (default twice the backlog).
    #[arg(long)]
    evidence: Option<usize>,
    /// Number of population events spread over the per-event, daily and weekly controls
    /// (default twice the backlog: 20,000 at `--size 10k`).
    #[arg(long)]
    events: Option<usize>,
    /// Number of vendors in the register (default one per 300 backlog items, at least 8:
    /// 333 at `--size 100k`).
    #[arg(long)]
    vendors: Option<usize>,
    /// Seed for the random choices (same seed, same file).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The "today" the dates are generated around (the benchmarks use 2026-11-22), so a
    /// file made on another day is the same file.
    #[arg(long, default_value = "2026-11-22")]
    today: Date,
    /// Where to write the workbook (an existing file is replaced).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let backlog = args
        .backlog
        .unwrap_or_else(|| args.size.map_or(1_000, Size::backlog));
    let evidence = args.evidence.unwrap_or(backlog * 2);
    let events = args.events.unwrap_or(backlog * 2);
    let mut wb = large_workbook(backlog, evidence, args.seed, args.today);
    soc2_workbook::sample::add_events(&mut wb, events, args.seed, args.today);
    let vendors = args.vendors.unwrap_or((backlog / 300).max(8));
    soc2_workbook::sample::add_vendors(&mut wb, vendors, args.seed, args.today);
    store::save(&args.out, &wb)?;
    let bytes = std::fs::metadata(&args.out)?.len();
    println!(
        "wrote {} ({} backlog items, {} evidence references, {} events, {} vendors, {:.1} MiB)",
        args.out.display(),
        wb.backlog.len(),
        evidence,
        events,
        vendors,
        bytes as f64 / 1_048_576.0
    );
    Ok(())
}
