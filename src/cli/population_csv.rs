//! Reads a CSV export (an HR leaver list, a PR list, an access-revocation export) into
//! population events, with every bad cell reported by row and column before anything is written.
//!
//! Why strict and whole-file: an auditor tests the completeness of the population, so a
//! half-imported list is worse than none; and the same rows imported twice must be the same
//! events, so an id comes from the source column or from a stable hash of the mapped cells.

use std::collections::HashMap;
use std::path::Path;

use crate::model::{Date, Event};

/// Which columns hold what: a header name or a 1-based column number each.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    pub id: Option<String>,
    pub date: Option<String>,
    pub description: Option<String>,
    pub evidence: Option<String>,
    /// The file has no header row: columns are given by number.
    pub no_header: bool,
}

/// One row read, with where it came from (for errors of the edit that uses it).
#[derive(Debug, Clone)]
pub struct Row {
    /// The row number as a spreadsheet shows it (the header is row 1).
    pub row: u64,
    pub event: Event,
    /// Column number and name of the id, for messages about the event.
    pub id_column: Option<(usize, String)>,
}

/// A column found: its position and name.
#[derive(Debug, Clone)]
pub(crate) struct Col {
    pub(crate) index: usize,
    pub(crate) name: String,
}

/// Finds a column by header name (any case) or 1-based number.
fn find(spec: &str, header: &[String], file: &str, what: &str) -> Result<Col, String> {
    if let Ok(n) = spec.trim().parse::<usize>()
        && n >= 1
    {
        return Ok(Col {
            index: n - 1,
            name: header
                .get(n - 1)
                .cloned()
                .unwrap_or_else(|| format!("column {n}")),
        });
    }
    header
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(spec.trim()))
        .map(|index| Col {
            index,
            name: header[index].trim().to_string(),
        })
        .ok_or_else(|| {
            format!(
                "{file}: no column \"{spec}\" for the {what} (the header has: {})",
                header.join(", ")
            )
        })
}

/// The first column whose header is one of `names` (any case, spaces and `_`/`-` alike),
/// skipping columns already taken: for files whose headers vary by who wrote them.
pub(crate) fn find_any(names: &[&str], header: &[String], taken: &[usize]) -> Option<Col> {
    let norm = |s: &str| s.trim().to_lowercase().replace(['_', '-'], " ");
    names.iter().find_map(|name| {
        header
            .iter()
            .enumerate()
            .find(|(i, h)| !taken.contains(i) && norm(h) == *name)
            .map(|(index, h)| Col {
                index,
                name: h.trim().to_string(),
            })
    })
}

/// A default column used only when the header has it.
fn optional(
    spec: &Option<String>,
    default: &str,
    header: &[String],
    file: &str,
    what: &str,
) -> Result<Option<Col>, String> {
    match spec {
        Some(s) => find(s, header, file, what).map(Some),
        None => Ok(find(default, header, file, what).ok()),
    }
}

/// Reads a date cell: `YYYY-MM-DD`, or the date part of an ISO timestamp
/// (`2026-03-04T10:22:00Z`, `2026-03-04 10:22`), which exports often give.
pub(crate) fn date_cell(cell: &str) -> Option<Date> {
    let t = cell.trim();
    let day = match t.get(10..11) {
        Some("T" | " ") => &t[..10],
        _ => t,
    };
    day.parse().ok()
}

/// A stable id for a row without one (see `edit::row_id`).
pub fn hashed_id(date: Date, description: &str, evidence: &str) -> String {
    crate::edit::row_id(date, description, evidence)
}

/// Reads every row, or every error (row and column named) when any row is bad.
/// With `attach`, rows only name an existing event and evidence to add: no date is read.
pub fn read(path: &Path, map: &Mapping, attach: bool) -> Result<Vec<Row>, Vec<String>> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| vec![format!("{file}: cannot read: {e}")])?;
    let text = String::from_utf8_lossy(&bytes);
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(!map.no_header)
        .flexible(true)
        .from_reader(body.as_bytes());
    let header: Vec<String> = if map.no_header {
        Vec::new()
    } else {
        reader
            .headers()
            .map_err(|e| vec![format!("{file}: the header row cannot be read: {e}")])?
            .iter()
            .map(str::to_string)
            .collect()
    };
    let one = |r: Result<Col, String>| r.map_err(|e| vec![e]);
    let id = match &map.id {
        Some(s) => Some(one(find(s, &header, &file, "id"))?),
        None if attach => match optional(&None, "id", &header, &file, "id") {
            Ok(Some(col)) => Some(col),
            _ => {
                return Err(vec![format!(
                    "{file}: --attach needs an \"id\" column or --id-column (the event each row adds evidence to)"
                )]);
            }
        },
        None => optional(&None, "id", &header, &file, "id").map_err(|e| vec![e])?,
    };
    let date = if attach {
        None
    } else {
        Some(one(find(
            map.date.as_deref().unwrap_or("date"),
            &header,
            &file,
            "date",
        ))?)
    };
    let description = optional(
        &map.description,
        "description",
        &header,
        &file,
        "description",
    )
    .map_err(|e| vec![e])?;
    let evidence =
        optional(&map.evidence, "evidence", &header, &file, "evidence").map_err(|e| vec![e])?;
    if attach && evidence.is_none() {
        return Err(vec![format!(
            "{file}: --attach needs --evidence-column (what each row proves)"
        )]);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e
                    .position()
                    .map_or(String::new(), |p| format!(" row {},", p.line()));
                errors.push(format!("{file}:{at} not valid CSV: {e}"));
                continue;
            }
        };
        let row = record.position().map_or(0, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |c: &Col| record.get(c.index).map(str::trim).unwrap_or("");
        let bad = |c: &Col, msg: String| {
            format!(
                "{file}: row {row}, column {} ({}): {msg}",
                c.index + 1,
                c.name
            )
        };
        let mut ok = true;
        let day = match &date {
            None => Date::default(),
            Some(c) => match cell(c) {
                "" => {
                    errors.push(bad(c, "missing; every event needs its date".into()));
                    ok = false;
                    Date::default()
                }
                v => match date_cell(v) {
                    Some(d) => d,
                    None => {
                        errors.push(bad(c, format!("expected YYYY-MM-DD, found \"{v}\"")));
                        ok = false;
                        Date::default()
                    }
                },
            },
        };
        let desc = description.as_ref().map_or("", |c| cell(c)).to_string();
        let ev = evidence.as_ref().map_or("", |c| cell(c)).to_string();
        let event_id = match &id {
            Some(c) if cell(c).is_empty() => {
                errors.push(bad(c, "missing; every row needs its id".into()));
                ok = false;
                String::new()
            }
            Some(c) => cell(c).to_string(),
            None => hashed_id(day, &desc, &ev),
        };
        if !ok {
            continue;
        }
        if !attach {
            if let Some(first) = seen.get(&event_id) {
                let earlier: &Row = &rows[*first];
                if earlier.event.date != day || earlier.event.description != desc {
                    let c = id.as_ref().map_or(String::from("id"), |c| {
                        format!("column {} ({})", c.index + 1, c.name)
                    });
                    errors.push(format!(
                        "{file}: row {row}, {c}: id \"{event_id}\" is also on row {} with other values",
                        earlier.row
                    ));
                    continue;
                }
            } else {
                seen.insert(event_id.clone(), rows.len());
            }
        }
        rows.push(Row {
            row,
            event: Event {
                id: event_id,
                date: day,
                description: desc,
                evidence: if ev.is_empty() { Vec::new() } else { vec![ev] },
                ..Event::default()
            },
            id_column: id.as_ref().map(|c| (c.index + 1, c.name.clone())),
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str, map: &Mapping, attach: bool) -> Result<Vec<Row>, Vec<String>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, text).unwrap();
        read(&path, map, attach).map_err(|e| {
            e.into_iter()
                .map(|m| m.replace(&path.display().to_string(), "x.csv"))
                .collect()
        })
    }

    #[test]
    fn a_bad_date_names_row_and_column() {
        let map = Mapping {
            id: Some("employee".into()),
            date: Some("left".into()),
            ..Mapping::default()
        };
        let err =
            read_text("employee,left\nE1,2026-03-01\nE2,31/02/2026\n", &map, false).unwrap_err();
        assert_eq!(
            err,
            ["x.csv: row 3, column 2 (left): expected YYYY-MM-DD, found \"31/02/2026\""]
        );
    }

    #[test]
    fn rows_without_ids_get_the_same_hash_each_time() {
        let map = Mapping::default();
        let a = read_text("date,description\n2026-03-01,Ana left\n", &map, false).unwrap();
        let b = read_text(
            "description,date\nAna left,2026-03-01T09:00:00Z\n",
            &map,
            false,
        )
        .unwrap();
        assert_eq!(a[0].event.id, b[0].event.id);
        assert!(a[0].event.id.starts_with("row-"));
    }
}
