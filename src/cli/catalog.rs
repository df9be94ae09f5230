//! `soc2 catalog`: the embedded SOC 2 knowledge, for the terminal and for scripts.

use serde_json::json;

use crate::catalog::{CatalogItem, Criterion, catalog};
use crate::model::Category;

use super::{EXIT_OK, EXIT_USAGE, Format, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this category (security, availability, processing-integrity, confidentiality, privacy).
    #[arg(long)]
    pub category: Option<String>,
    /// Only this criterion (CC6.2), printed in full: explanation, highlights and every
    /// control that meets it with its criteria, cadence, tier, parameters and evidence.
    #[arg(long, value_name = "ID")]
    pub criterion: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// One control as scripts see it: everything that describes it, once.
fn control_json(home: &str, i: &CatalogItem) -> serde_json::Value {
    json!({
        "id": i.id,
        "title": i.title,
        "evidence": i.evidence,
        "cadence": i.cadence.map(|k| k.label()),
        "tier": i.tier.id(),
        "home": home,
        "criteria": catalog().criteria_of(&i.id),
        "parameters": i.parameters.iter().map(|p| json!({
            "key": p.key,
            "meaning": p.meaning,
            "default": p.default,
        })).collect::<Vec<_>>(),
    })
}

/// A criterion printed in full for `--criterion`.
fn criterion_in_full(c: &Criterion) -> Vec<String> {
    let mut lines = vec![
        format!("{}  {}", c.id, c.title),
        format!("{} · {}", c.category.label(), c.series),
    ];
    if let Some(p) = c.coso_principle {
        lines.push(format!("COSO principle {p}"));
    }
    lines.push(String::new());
    lines.push(c.explanation.clone());
    lines.push(String::new());
    lines.push("Highlights (our own, not the AICPA points of focus):".into());
    lines.extend(c.highlights.iter().map(|p| format!("  · {p}")));
    lines.push(String::new());
    lines.push("Controls:".into());
    for (home, i) in catalog().checklist_of(&c.id) {
        let mut facts = vec![i.tier.label().to_string()];
        if let Some(k) = i.cadence {
            facts.push(k.label().to_string());
        }
        facts.push(format!("meets {}", catalog().criteria_of(&i.id).join(", ")));
        if home != c.id {
            facts.push(format!("recorded under {home}"));
        }
        lines.push(format!("  - {} ({})", i.title, i.id));
        lines.push(format!("      {}", facts.join(" · ")));
        for p in &i.parameters {
            lines.push(format!(
                "      parameter {}: {} (default {})",
                p.key, p.meaning, p.default
            ));
        }
        lines.push(format!("      evidence: {}", i.evidence));
    }
    lines
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
        .filter(|c| args.criterion.as_deref().is_none_or(|id| c.id == id.trim()))
        .collect();
    if let Some(id) = args.criterion.as_deref()
        && criteria.is_empty()
    {
        output::error(&format!(
            "error: no criterion \"{}\" (ids look like CC6.1, A1.2, PI1.3, C1.1, P4.2)",
            crate::text::sanitize(id)
        ));
        return Ok(EXIT_USAGE);
    }
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
                        "highlights": c.highlights,
                        "items": catalog()
                            .checklist_of(&c.id)
                            .into_iter()
                            .map(|(home, i)| control_json(home, i))
                            .collect::<Vec<_>>(),
                    })
                })
                .collect();
            output::print_json(&list.into())?;
        }
        Format::Text if args.criterion.is_some() => {
            let lines: Vec<String> = criteria.iter().flat_map(|c| criterion_in_full(c)).collect();
            output::print(&lines.join("\n"));
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
                for (home, i) in catalog().checklist_of(&c.id) {
                    let cadence = i
                        .cadence
                        .map(|k| format!(" [{}]", k.label()))
                        .unwrap_or_default();
                    let mark = if home != c.id {
                        format!(" (met in {home})")
                    } else if i.tier == crate::catalog::Tier::Recommended {
                        " (strengthening)".to_string()
                    } else {
                        String::new()
                    };
                    lines.push(format!("    - {}{cadence}{mark}  ({})", i.title, i.id));
                }
            }
            lines.push(String::new());
            lines.push(format!(
                "{} criteria, {} controls",
                criteria.len(),
                criteria.iter().map(|c| c.items.len()).sum::<usize>()
            ));
            output::print(lines.join("\n").trim_start());
        }
    }
    Ok(EXIT_OK)
}
