//! `soc2 check`'s findings about the auditor's requests: an owner who is not in the team,
//! a mapped control that does not exist, an empty request.
//!
//! Why apart from `check.rs`: these rules are about one new part of the file; `check` only
//! appends what this returns.

use crate::catalog::Catalog;
use crate::model::Workbook;

use super::Finding;

/// Errors in the auditor's requests.
pub fn findings(cat: &Catalog, wb: &Workbook) -> Vec<Finding> {
    let mut out = Vec::new();
    for (id, r) in &wb.requests {
        let entity = format!("request {id}");
        let mut push = |message: String| {
            out.push(Finding {
                entity: entity.clone(),
                message,
            })
        };
        if r.text.trim().is_empty() {
            push("has no text; what does the auditor ask for?".into());
        }
        if let Some(owner) = &r.owner
            && wb.member(owner).is_none()
        {
            push(format!("owner \"{owner}\" is not in the team"));
        }
        for control in &r.controls {
            let known = cat.item(cat.resolve_id(control)).is_some()
                || wb
                    .checklist
                    .values()
                    .any(|items| items.contains_key(control));
            if !known {
                push(format!(
                    "maps to unknown control \"{control}\" (see `soc2 catalog`)"
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::model::AuditorRequest;

    #[test]
    fn an_unknown_owner_or_control_is_an_error() {
        let mut wb = Workbook::default();
        wb.requests.insert(
            "IRL-1".into(),
            AuditorRequest {
                text: "Access review".into(),
                owner: Some("ghost".into()),
                controls: vec!["access-review-quarterly".into(), "no-such-control".into()],
                ..Default::default()
            },
        );
        let f = findings(catalog(), &wb);
        let lines: Vec<String> = f
            .iter()
            .map(|f| format!("{}: {}", f.entity, f.message))
            .collect();
        assert_eq!(
            lines,
            [
                "request IRL-1: owner \"ghost\" is not in the team",
                "request IRL-1: maps to unknown control \"no-such-control\" (see `soc2 catalog`)"
            ]
        );
    }
}
