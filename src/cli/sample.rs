//! `soc2 sample PATH CONTROL [--seed S]`: draw the auditor's sample from a population,
//! record it in the workbook (so the draw is committed and reviewed), and list what each
//! sampled event still lacks.
//!
//! Why recorded: a dry run is only useful if the team tests the same events it drew; the
//! seed is printed and stored, so `--seed S` draws exactly those events again.

use std::path::PathBuf;

use crate::analysis::population::{self as pop, band_text, draw, sample_size};
use crate::catalog::catalog;
use crate::edit;
use crate::model::{Date, Sample};

use super::edit_file::edit_workbook;
use super::{EXIT_OK, Format, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workbook.
    pub path: PathBuf,
    /// The control to sample (offboarding-revocation-sla).
    pub control: String,
    /// Draw with this seed (the same seed draws the same events); without it, the sample
    /// already recorded is shown, or a new one is drawn with a fresh seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Draw again with a fresh seed even if a sample is recorded.
    #[arg(long, conflicts_with = "seed")]
    pub redraw: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: Args, today: Date) -> anyhow::Result<u8> {
    let cat = catalog();
    let outcome = edit_workbook(&args.path, |wb| {
        let id = edit::population_control(cat, wb, &args.control)?;
        let events = pop::events(wb, &id);
        let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
        let recorded = wb.populations.get(&id).and_then(|p| p.sample.clone());
        let keep = recorded
            .as_ref()
            .filter(|_| args.seed.is_none() && !args.redraw)
            .filter(|s| s.events.iter().all(|e| ids.contains(&e.as_str())));
        let sample = match keep {
            Some(s) => s.clone(),
            None => {
                let seed = args.seed.unwrap_or_else(|| fastrand::u64(..));
                let (_, _, cadence) = pop::control_of(cat, wb, &id).unwrap_or_default();
                let size = cadence.map_or(ids.len(), |c| sample_size(wb, c, ids.len()));
                Sample {
                    seed,
                    drawn: today,
                    events: draw(&ids, size, seed),
                }
            }
        };
        let cadence = pop::control_of(cat, wb, &id).and_then(|(_, _, c)| c);
        let lines: Vec<(String, serde_json::Value)> = sample
            .events
            .iter()
            .filter_map(|s| events.iter().find(|e| &e.id == s))
            .map(|e| {
                (
                    super::population::event_line(e, false),
                    super::population::event_json(e, true),
                )
            })
            .collect();
        let head = format!(
            "{id}: {} of {} events sampled (seed {}, drawn {}; common practice {})",
            sample.events.len(),
            ids.len(),
            sample.seed,
            sample.drawn,
            cadence.map_or("all".into(), band_text)
        );
        let json = serde_json::json!({
            "control": id,
            "population": ids.len(),
            "seed": sample.seed,
            "drawn": sample.drawn.to_string(),
            "events": lines.iter().map(|(_, j)| j.clone()).collect::<Vec<_>>(),
        });
        let text = std::iter::once(head)
            .chain(lines.into_iter().map(|(l, _)| format!("  {l}")))
            .collect::<Vec<_>>()
            .join("\n");
        if recorded.as_ref() != Some(&sample) {
            edit::record_sample(cat, wb, &id, sample)?;
        }
        Ok((text, json))
    });
    match outcome {
        Ok((text, json)) => {
            match args.format {
                Format::Text => output::print(&text),
                Format::Json => output::print_json(&json)?,
            }
            Ok(EXIT_OK)
        }
        Err(code) => Ok(code),
    }
}
