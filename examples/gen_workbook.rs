//! Generates a realistic large workbook for benchmarks and stress tests.
//!
//! Why: the app must stay instant on a workbook that has grown for years. This writes one
//! with all 61 criteria in scope, every item touched, N backlog items, M evidence
//! references and a full plan (see `soc2_workbook::sample`); it passes `soc2 check`.
//!
//! `cargo run --release --example gen_workbook -- --backlog 10000 --evidence 20000 --out big.ron`

use std::path::PathBuf;

use clap::Parser;
use soc2_workbook::model::Date;
use soc2_workbook::sample::large_workbook;
use soc2_workbook::store;

#[derive(Parser)]
struct Args {
    /// Number of backlog items.
    #[arg(long, default_value_t = 1000)]
    backlog: usize,
    /// Number of evidence references spread over the checklist.
    #[arg(long, default_value_t = 2000)]
    evidence: usize,
    /// Seed for the random choices (same seed, same file).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to write the workbook (an existing file is replaced).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let wb = large_workbook(args.backlog, args.evidence, args.seed, Date::today());
    store::save(&args.out, &wb)?;
    let bytes = std::fs::metadata(&args.out)?.len();
    println!(
        "wrote {} ({} backlog items, {} evidence references, {:.1} MiB)",
        args.out.display(),
        wb.backlog.len(),
        args.evidence,
        bytes as f64 / 1_048_576.0
    );
    Ok(())
}
