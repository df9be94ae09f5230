//! The auditor's request list in a diff: "IRL-04 · Change tickets: status open → provided,
//! owner lena".
//!
//! Why its own file: a pull request that answers the auditor should read as which
//! requests moved, not as moved lines of RON.

use super::{Area, Change, Kind, change, opt_change, text_change};
use crate::model::{AuditorRequest, Workbook};

fn subject(id: &str, r: &AuditorRequest) -> String {
    format!("{id} · {}", r.text)
}

fn describe(a: &AuditorRequest, b: &AuditorRequest) -> String {
    let mut parts = Vec::new();
    if a.status != b.status {
        parts.push(format!(
            "status {} → {}",
            a.status.label(),
            b.status.label()
        ));
    }
    opt_change(&mut parts, "owner", &a.owner, &b.owner);
    opt_change(&mut parts, "due", &a.due, &b.due);
    text_change(&mut parts, "text", &a.text, &b.text);
    opt_change(&mut parts, "criterion", &a.criterion, &b.criterion);
    if a.controls != b.controls {
        parts.push(format!(
            "controls {} → {} ({})",
            list(&a.controls),
            list(&b.controls),
            b.matched_by.label()
        ));
    }
    parts.join(", ")
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "none".to_string()
    } else {
        ids.join(" ")
    }
}

/// Every change to the auditor's requests, in id order.
pub(super) fn requests(old: &Workbook, new: &Workbook, out: &mut Vec<Change>) {
    for (id, a) in &old.requests {
        if !new.requests.contains_key(id) {
            out.push(change(
                Area::Requests,
                Kind::Removed,
                subject(id, a),
                String::new(),
            ));
        }
    }
    for (id, b) in &new.requests {
        match old.requests.get(id) {
            None => out.push(change(
                Area::Requests,
                Kind::Added,
                subject(id, b),
                format!(
                    "({}, controls {} {})",
                    b.status.label(),
                    list(&b.controls),
                    b.matched_by.label()
                ),
            )),
            Some(a) if a == b => {}
            Some(a) => out.push(change(
                Area::Requests,
                Kind::Changed,
                subject(id, b),
                describe(a, b),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RequestStatus;

    #[test]
    fn a_request_moving_is_one_line_in_the_auditor_s_words() {
        let mut old = Workbook::default();
        old.requests.insert(
            "IRL-04".into(),
            AuditorRequest {
                text: "Change tickets".into(),
                ..Default::default()
            },
        );
        let mut new = old.clone();
        let r = new.requests.get_mut("IRL-04").unwrap();
        r.status = RequestStatus::Provided;
        r.owner = Some("lena".into());
        let changes = super::super::diff(crate::catalog::catalog(), &old, &new);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].area, Area::Requests);
        assert_eq!(
            changes[0].line(),
            "IRL-04 · Change tickets: status open → provided, owner lena"
        );
    }
}
