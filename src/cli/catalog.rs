//! `soc2 catalog`: the embedded SOC 2 knowledge, for the terminal and for scripts.

use serde_json::json;

use crate::catalog::catalog;
use crate::model::Category;

use super::{EXIT_OK, EXIT_USAGE, Format, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this category (security, availability, processing-integrity, confidentiality, privacy).
    #[arg(long)]
    pub category: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let filter = match args.category.as_deref() {
        None => None,
        Some(name) => match Category::parse(name) {
            Some(c) => Some(c),
            None => {
                output::error(&format!(
                    "error: unknown category \"{name}\"; use one of: {}",
                    Category::ALL.map(|c| c.label()).join(", ")
                ));
                return Ok(EXIT_USAGE);
            }
        },
    };
    let criteria: Vec<_> = catalog()
        .criteria
        .iter()
        .filter(|c| filter.is_none_or(|f| c.category == f))
        .collect();
    match args.format {
        Format::Json => {
            let list: Vec<_> = criteria
                .iter()
                .map(|c| {
                    json!({
                        "id": c.id,
                        "category": c.category.label(),
                        "series": c.series,
                        "title": c.title,
                        "explanation": c.explanation,
                        "items": c.items.iter().map(|i| json!({
                            "id": i.id,
                            "title": i.title,
                            "evidence": i.evidence,
                            "cadence": i.cadence.map(|k| k.label()),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            output::print_json(&list.into())?;
        }
        Format::Text => {
            let mut lines = Vec::new();
            let mut series = "";
            for c in &criteria {
                if c.series != series {
                    series = &c.series;
                    lines.push(String::new());
                    lines.push(format!("== {series}"));
                }
                lines.push(format!("{}  {}", c.id, c.title));
                for i in &c.items {
                    let cadence = i
                        .cadence
                        .map(|k| format!(" [{}]", k.label()))
                        .unwrap_or_default();
                    lines.push(format!("    - {}{cadence}  ({})", i.title, i.id));
                }
            }
            lines.push(String::new());
            lines.push(format!(
                "{} criteria, {} checklist items",
                criteria.len(),
                criteria.iter().map(|c| c.items.len()).sum::<usize>()
            ));
            output::print(lines.join("\n").trim_start());
        }
    }
    Ok(EXIT_OK)
}
