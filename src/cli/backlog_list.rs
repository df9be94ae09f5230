//! `soc2 backlog list`: the remediation backlog for people (an aligned table), scripts
//! (JSON) and spreadsheets (CSV, see `crate::spreadsheet`), filtered and sorted like the
//! backlog view.

use std::path::PathBuf;

use clap::ValueEnum;
use serde_json::json;
use unicode_width::UnicodeWidthStr;

use crate::analysis::backlog::{
    BacklogColumn, BacklogFilter, OwnerFilter, SortDirection, StatusFilter, is_at_risk, is_overdue,
    view,
};
use crate::analysis::schedule::observation_window;
use crate::model::{BacklogItem, Date, Priority};
use crate::spreadsheet::Csv;
use crate::store;
use crate::text::sanitize;

use super::{EXIT_OK, output};

/// How `backlog list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The workbook whose backlog to list.
    pub path: PathBuf,
    /// Only items with this status: open, "in progress", blocked, done, or unfinished (not done).
    #[arg(long, value_parser = parse_status)]
    pub status: Option<StatusFilter>,
    /// Only items owned by this team member (their handle).
    #[arg(long, conflicts_with = "unassigned")]
    pub owner: Option<String>,
    /// Only items nobody owns.
    #[arg(long)]
    pub unassigned: bool,
    /// Only items of this priority: P1, P2, P3 or P4.
    #[arg(long, value_parser = parse_priority)]
    pub priority: Option<Priority>,
    /// Sort by a column: id, title, criteria, priority, owner, status or due (file order without).
    #[arg(long, value_parser = parse_column)]
    pub sort: Option<BacklogColumn>,
    /// Sort descending (undated and unowned items still come last).
    #[arg(long, requires = "sort")]
    pub desc: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

fn parse_status(s: &str) -> Result<StatusFilter, String> {
    StatusFilter::parse(s).ok_or_else(|| {
        format!("unknown status \"{s}\": use open, \"in progress\", blocked, done or unfinished")
    })
}

fn parse_priority(s: &str) -> Result<Priority, String> {
    Priority::parse(s).ok_or_else(|| format!("unknown priority \"{s}\": use P1, P2, P3 or P4"))
}

fn parse_column(s: &str) -> Result<BacklogColumn, String> {
    BacklogColumn::parse(s).ok_or_else(|| {
        let names: Vec<&str> = BacklogColumn::ALL.iter().map(|c| c.label()).collect();
        format!("unknown column \"{s}\": use one of {}", names.join(", "))
    })
}

/// The row of one item, as every format shows it.
struct Row<'a> {
    item: &'a BacklogItem,
    overdue: bool,
    at_risk: bool,
}

impl Row<'_> {
    fn criteria(&self) -> String {
        self.item.criteria.join(" ")
    }

    fn flags(&self) -> &'static str {
        match (self.overdue, self.at_risk) {
            (true, true) => "OVERDUE, at risk",
            (true, false) => "OVERDUE",
            (false, true) => "at risk",
            (false, false) => "",
        }
    }
}

pub fn run(args: ListArgs, today: Date) -> anyhow::Result<u8> {
    let loaded = match store::load(&args.path) {
        Ok(l) => l,
        Err(err) => return Ok(output::store_error(&err)),
    };
    let wb = &loaded.workbook;
    let filter = BacklogFilter {
        status: args.status,
        owner: match (args.unassigned, args.owner) {
            (true, _) => Some(OwnerFilter::Unassigned),
            (false, Some(o)) => Some(OwnerFilter::Member(o)),
            (false, None) => None,
        },
        priority: args.priority,
    };
    let direction = if args.desc {
        SortDirection::Descending
    } else {
        SortDirection::Ascending
    };
    let window_start = observation_window(wb).map(|(s, _)| s);
    let rows: Vec<Row> = view(&wb.backlog, &filter, args.sort.map(|c| (c, direction)))
        .into_iter()
        .filter_map(|i| wb.backlog.get(i))
        .map(|b| &**b)
        .map(|item| Row {
            item,
            overdue: is_overdue(item, today),
            at_risk: is_at_risk(item, window_start),
        })
        .collect();
    match args.format {
        ListFormat::Json => {
            let value: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    json!({
                        "id": r.item.id,
                        "title": r.item.title,
                        "status": r.item.status.label(),
                        "owner": r.item.owner,
                        "due": r.item.due.map(|d| d.to_string()),
                        "priority": r.item.priority.label(),
                        "criteria": r.item.criteria,
                        "overdue": r.overdue,
                        "at_risk": r.at_risk,
                    })
                })
                .collect();
            output::print_json(&value.into())?;
        }
        ListFormat::Csv => output::print_export(&csv(&rows)),
        ListFormat::Text => output::print(&table(&rows, window_start)),
    }
    Ok(EXIT_OK)
}

/// The rows as CSV for a spreadsheet: the data as it is (not the terminal's markers),
/// formulas neutralised by [`Csv`].
fn csv(rows: &[Row]) -> String {
    let mut out = Csv::new();
    out.record([
        "id", "title", "status", "owner", "due", "priority", "criteria", "overdue", "at_risk",
    ]);
    for r in rows {
        out.record([
            r.item.id.as_str(),
            &r.item.title,
            r.item.status.label(),
            r.item.owner.as_deref().unwrap_or(""),
            &r.item.due.map(|d| d.to_string()).unwrap_or_default(),
            r.item.priority.label(),
            &r.criteria(),
            if r.overdue { "true" } else { "false" },
            if r.at_risk { "true" } else { "false" },
        ]);
    }
    out.finish()
}

/// `text` padded with spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

fn table(rows: &[Row], window_start: Option<Date>) -> String {
    if rows.is_empty() {
        return "no backlog items match".to_string();
    }
    let headers = [
        "ID", "PRI", "STATUS", "OWNER", "DUE", "FLAGS", "CRITERIA", "TITLE",
    ];
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            [
                sanitize(&r.item.id).into_owned(),
                r.item.priority.label().to_string(),
                r.item.status.label().to_string(),
                sanitize(r.item.owner.as_deref().unwrap_or("-")).into_owned(),
                r.item
                    .due
                    .map_or_else(|| "-".to_string(), |d| d.to_string()),
                r.flags().to_string(),
                sanitize(&r.criteria()).into_owned(),
                sanitize(&r.item.title).into_owned(),
            ]
        })
        .collect();
    let mut widths = headers.map(str::len);
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |row: &[String]| {
        let mut parts: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| pad(cell, w))
            .collect();
        // The title is last: no padding after it.
        if let (Some(last), Some(cell)) = (parts.last_mut(), row.last()) {
            last.clone_from(cell);
        }
        parts.join("  ").trim_end().to_string()
    };
    let header: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    let mut out = vec![line(&header)];
    out.extend(cells.iter().map(|row| line(row)));
    let overdue = rows.iter().filter(|r| r.overdue).count();
    let at_risk = rows.iter().filter(|r| r.at_risk).count();
    let risk_note = match window_start {
        Some(start) if at_risk > 0 => {
            format!(", {at_risk} at risk (undated or due after the window opens {start})")
        }
        _ => String::new(),
    };
    out.push(String::new());
    out.push(format!(
        "{} item{}, {overdue} overdue{risk_note}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    ));
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_measures_terminal_width() {
        assert_eq!(pad("日本", 6), "日本  ");
        assert_eq!(pad("abc", 2), "abc");
    }
}
