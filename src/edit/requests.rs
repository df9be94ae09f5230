//! The auditor's request list: importing their rows (mapped to controls by criterion
//! reference or by the words of the request) and setting a request's status, owner, due.
//!
//! Why mapped on import: the team works by control, the auditor by request; naming the
//! controls behind each request (and how they were found) lets both see the same picture.

use std::collections::BTreeSet;

use crate::catalog::Catalog;
use crate::model::{AuditorRequest, Date, RequestMatch, RequestStatus, Workbook};

use super::{EditError, check_member, non_empty};

/// One request as read from the auditor's file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestRow {
    pub id: String,
    pub text: String,
    pub criterion: Option<String>,
    pub due: Option<Date>,
    pub owner: Option<String>,
    pub status: Option<RequestStatus>,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub unmatched: Vec<String>,
}

/// Criterion ids named in a reference such as `CC6.1, CC6.2` or `TSC CC6.1/CC6.3`.
fn criteria_named<'a>(cat: &'a Catalog, reference: &str) -> Vec<&'a str> {
    reference
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .map(|w| w.trim_end_matches('.'))
        .filter_map(|w| {
            cat.criteria
                .iter()
                .find(|c| c.id.eq_ignore_ascii_case(w))
                .map(|c| c.id.as_str())
        })
        .collect()
}

/// Words that carry no meaning for matching a request to a control.
const STOP: &[&str] = &[
    "the",
    "and",
    "for",
    "all",
    "any",
    "with",
    "from",
    "that",
    "this",
    "each",
    "list",
    "provide",
    "please",
    "evidence",
    "showing",
    "during",
    "period",
    "copy",
    "documentation",
    "sample",
    "samples",
    "selected",
    "system",
    "systems",
    "used",
    "including",
    "where",
    "which",
    "their",
    "them",
    "have",
    "been",
    "were",
    "also",
    "into",
    "over",
    "other",
    "report",
    "reports",
];

/// The meaningful words of a text, cut to a common stem (first five letters).
fn stems(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.len() >= 3 && !STOP.contains(&w.as_str()))
        .map(|w| w.chars().take(5).collect())
        .collect()
}

/// The controls a request is about: those of the criteria it references, else the up to
/// three controls whose titles share the most words with it (two at least).
pub fn map_request(
    cat: &Catalog,
    criterion: Option<&str>,
    text: &str,
) -> (Vec<String>, RequestMatch) {
    let named = criterion.map_or_else(Vec::new, |r| criteria_named(cat, r));
    if !named.is_empty() {
        let mut out: Vec<String> = Vec::new();
        for c in named {
            for (_, item) in cat.checklist_of(c) {
                if !out.contains(&item.id) {
                    out.push(item.id.clone());
                }
            }
        }
        return (out, RequestMatch::Criterion);
    }
    let words = stems(text);
    let mut scored: Vec<(usize, usize, &str)> = cat
        .items()
        .enumerate()
        .map(|(order, (_, item))| {
            let title = stems(&item.title);
            (words.intersection(&title).count(), order, item.id.as_str())
        })
        .filter(|(score, _, _)| *score >= 2)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let best = scored.first().map_or(0, |s| s.0);
    let out: Vec<String> = scored
        .iter()
        .filter(|s| s.0 == best)
        .take(3)
        .map(|s| s.2.to_string())
        .collect();
    if out.is_empty() {
        (out, RequestMatch::Unmatched)
    } else {
        (out, RequestMatch::Text)
    }
}

/// Adds or updates each request by the auditor's id: the auditor's text, reference and
/// due date are taken from the file; an owner or status the file leaves blank keeps what
/// the team set; a mapping a person made by hand is kept.
pub fn import_requests(
    cat: &Catalog,
    wb: &mut Workbook,
    rows: &[RequestRow],
) -> Result<ImportSummary, EditError> {
    for r in rows {
        check_member(wb, r.owner.as_deref())?;
    }
    let mut summary = ImportSummary::default();
    for r in rows {
        let old = wb.requests.get(&r.id).cloned();
        let mut next = old.clone().unwrap_or_default();
        next.text = r.text.trim().to_string();
        next.criterion = non_empty(r.criterion.as_deref());
        if next.matched_by != RequestMatch::Manual {
            let (controls, how) = map_request(cat, next.criterion.as_deref(), &next.text);
            next.controls = controls;
            next.matched_by = how;
        }
        if r.due.is_some() {
            next.due = r.due;
        }
        if let Some(o) = non_empty(r.owner.as_deref()) {
            next.owner = Some(o);
        }
        if let Some(s) = r.status {
            next.status = s;
        }
        if next.controls.is_empty() {
            summary.unmatched.push(r.id.clone());
        }
        match &old {
            None => summary.added += 1,
            Some(o) if *o == next => summary.unchanged += 1,
            Some(_) => summary.updated += 1,
        }
        wb.requests.insert(r.id.clone(), next);
    }
    Ok(summary)
}

/// The changes `requests set` or the app can make to one request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestChange {
    pub status: Option<RequestStatus>,
    /// `Some(None)` clears the owner.
    pub owner: Option<Option<String>>,
    pub due: Option<Option<Date>>,
}

/// Sets a request's status, owner or due date.
pub fn set_request(wb: &mut Workbook, id: &str, change: &RequestChange) -> Result<(), EditError> {
    if let Some(Some(owner)) = &change.owner {
        check_member(wb, Some(owner))?;
    }
    let r: &mut AuditorRequest = wb.requests.get_mut(id).ok_or_else(|| {
        EditError::Invalid(format!(
            "no auditor request \"{id}\" (see `soc2 requests list`)"
        ))
    })?;
    if let Some(s) = change.status {
        r.status = s;
    }
    if let Some(o) = &change.owner {
        r.owner = o.clone();
    }
    if let Some(d) = change.due {
        r.due = d;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    #[test]
    fn a_criterion_reference_maps_to_that_criterion_s_controls() {
        let (controls, how) = map_request(catalog(), Some("TSC CC6.3"), "whatever");
        assert_eq!(how, RequestMatch::Criterion);
        assert!(controls.contains(&"access-review-quarterly".to_string()) || !controls.is_empty());
        let own: Vec<String> = catalog()
            .checklist_of("CC6.3")
            .iter()
            .map(|(_, i)| i.id.clone())
            .collect();
        assert_eq!(controls, own);
    }

    #[test]
    fn without_a_reference_the_words_pick_the_control() {
        let (controls, how) = map_request(
            catalog(),
            None,
            "Provide the quarterly user access review for in-scope systems",
        );
        assert_eq!(how, RequestMatch::Text);
        assert!(
            controls.contains(&"access-review-quarterly".to_string()),
            "{controls:?}"
        );
        let (none, how) = map_request(catalog(), Some(""), "Org-wide holiday calendar");
        assert_eq!((none.len(), how), (0, RequestMatch::Unmatched));
    }

    #[test]
    fn a_re_import_updates_by_id_and_keeps_the_team_s_owner() {
        let mut wb = Workbook::default();
        wb.team.push(crate::model::Member {
            id: "maria".into(),
            name: "Maria".into(),
            ..Default::default()
        });
        let row = RequestRow {
            id: "IRL-1".into(),
            text: "Quarterly access review".into(),
            criterion: Some("CC6.2".into()),
            ..Default::default()
        };
        import_requests(catalog(), &mut wb, std::slice::from_ref(&row)).unwrap();
        set_request(
            &mut wb,
            "IRL-1",
            &RequestChange {
                owner: Some(Some("maria".into())),
                status: Some(RequestStatus::InProgress),
                ..Default::default()
            },
        )
        .unwrap();
        let again = RequestRow {
            text: "Quarterly user access review".into(),
            ..row
        };
        let s = import_requests(catalog(), &mut wb, &[again]).unwrap();
        assert_eq!((s.added, s.updated), (0, 1));
        assert_eq!(wb.requests.len(), 1);
        let r = &wb.requests["IRL-1"];
        assert_eq!(r.owner.as_deref(), Some("maria"));
        assert_eq!(r.status, RequestStatus::InProgress);
        assert_eq!(r.text, "Quarterly user access review");
    }
}
