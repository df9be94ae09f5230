//! The policy register in a diff, in plain words: "version 2 approved by maria on
//! 2027-03-01", "acknowledged version 1: tomas 2027-01-11, lena 2027-01-12".
//!
//! Why its own file: a reviewer of the pull request that records a round of
//! acknowledgements should read who acknowledged what, not moved lines of RON.

use super::{Area, Change, Kind, change, opt_change, text_change, value_change};
use crate::catalog::policies::policy_set;
use crate::model::{Ack, PolicyRecord, Workbook};

fn subject(id: &str) -> String {
    match policy_set().get(id) {
        Some(t) => format!("{id} · {}", t.title),
        None => id.to_string(),
    }
}

/// Acknowledgements grouped by version: `acknowledged version 1: tomas 2027-01-11, lena …`.
fn acks(label: &str, list: &[&Ack]) -> Vec<String> {
    let mut versions: Vec<u32> = list.iter().map(|a| a.version).collect();
    versions.sort_unstable();
    versions.dedup();
    versions
        .into_iter()
        .map(|v| {
            let who: Vec<String> = list
                .iter()
                .filter(|a| a.version == v)
                .map(|a| format!("{} {}", a.member, a.date))
                .collect();
            format!("{label} version {v}: {}", who.join(", "))
        })
        .collect()
}

fn describe(a: &PolicyRecord, b: &PolicyRecord) -> String {
    let mut parts = Vec::new();
    text_change(&mut parts, "file", &a.file, &b.file);
    opt_change(&mut parts, "owner", &a.owner, &b.owner);
    for ap in b.approvals.iter().filter(|x| !a.approvals.contains(x)) {
        let from = ap
            .commit
            .as_deref()
            .map(|c| format!(" (commit {})", c.get(..10).unwrap_or(c)))
            .unwrap_or_default();
        parts.push(format!(
            "version {} approved by {} on {}{from}",
            ap.version, ap.by, ap.date
        ));
    }
    for ap in a.approvals.iter().filter(|x| !b.approvals.contains(x)) {
        parts.push(format!(
            "approval of version {} by {} on {} removed",
            ap.version, ap.by, ap.date
        ));
    }
    if a.approvals.is_empty() || b.approvals.is_empty() {
        value_change(&mut parts, "version", &a.version, &b.version);
    }
    opt_change(
        &mut parts,
        "review every (months)",
        &a.review_months,
        &b.review_months,
    );
    for r in b.reviews.iter().filter(|x| !a.reviews.contains(x)) {
        parts.push(format!("reviewed by {} on {}", r.by, r.date));
    }
    for r in a.reviews.iter().filter(|x| !b.reviews.contains(x)) {
        parts.push(format!("review by {} on {} removed", r.by, r.date));
    }
    let added: Vec<&Ack> = b
        .acknowledgements
        .iter()
        .filter(|x| !a.acknowledgements.contains(x))
        .collect();
    let removed: Vec<&Ack> = a
        .acknowledgements
        .iter()
        .filter(|x| !b.acknowledgements.contains(x))
        .collect();
    parts.extend(acks("acknowledged", &added));
    parts.extend(acks("acknowledgement removed of", &removed));
    parts.join(", ")
}

/// Every change to the register, in id order.
pub(super) fn policies(old: &Workbook, new: &Workbook, out: &mut Vec<Change>) {
    for id in old.policies.keys() {
        if !new.policies.contains_key(id) {
            out.push(change(
                Area::Policies,
                Kind::Removed,
                subject(id),
                String::new(),
            ));
        }
    }
    for (id, b) in &new.policies {
        match old.policies.get(id) {
            None => {
                let empty = PolicyRecord {
                    file: b.file.clone(),
                    version: b.version,
                    ..PolicyRecord::default()
                };
                let rest = describe(&empty, b);
                let detail = if rest.is_empty() {
                    format!("({})", b.file)
                } else {
                    format!("({}): {rest}", b.file)
                };
                out.push(change(Area::Policies, Kind::Added, subject(id), detail));
            }
            Some(a) if a == b => {}
            Some(a) => out.push(change(
                Area::Policies,
                Kind::Changed,
                subject(id),
                describe(a, b),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::diff::diff;
    use crate::catalog::catalog;
    use crate::edit;
    use crate::model::{Date, Workbook};

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn lines(old: &Workbook, new: &Workbook) -> Vec<String> {
        diff(catalog(), old, new)
            .iter()
            .map(|c| format!("{} {} {}", c.area.label(), c.kind.sign(), c.line()))
            .collect()
    }

    #[test]
    fn a_reviewer_reads_approvals_acknowledgements_and_people_records_in_plain_words() {
        let mut old = Workbook::default();
        for id in ["maria", "tomas"] {
            edit::add_member(&mut old, id, id, "").unwrap();
        }
        let mut new = old.clone();
        edit::register_policy(&mut new, "access-control", "policies/access-control.md").unwrap();
        assert_eq!(
            lines(&old, &new),
            ["Policies + access-control · Access Control Policy (policies/access-control.md)"]
        );
        let old = new.clone();
        edit::set_policy_owner(&mut new, "access-control", Some("maria")).unwrap();
        edit::approve_policy(
            &mut new,
            "access-control",
            "maria",
            d("2027-01-10"),
            Some("0123456789abcdef".into()),
            None,
        )
        .unwrap();
        edit::acknowledge_policy(&mut new, "access-control", "tomas", None, d("2027-01-11"))
            .unwrap();
        edit::acknowledge_policy(&mut new, "access-control", "maria", None, d("2027-01-12"))
            .unwrap();
        edit::add_training(&mut new, "tomas", d("2027-01-05")).unwrap();
        edit::set_background_check(&mut new, "tomas", Some(d("2026-12-01"))).unwrap();
        edit::set_device_enrolled(&mut new, "tomas", Some(d("2027-01-02"))).unwrap();
        assert_eq!(
            lines(&old, &new),
            [
                "Team ~ tomas: background check 2026-12-01, training +2027-01-05, device enrolled 2027-01-02",
                "Policies ~ access-control · Access Control Policy: owner maria, version 1 approved by maria on 2027-01-10 (commit 0123456789), acknowledged version 1: tomas 2027-01-11, maria 2027-01-12",
            ]
        );
        let old = new.clone();
        edit::review_policy(&mut new, "access-control", "maria", d("2028-01-05")).unwrap();
        assert_eq!(
            lines(&old, &new),
            ["Policies ~ access-control · Access Control Policy: reviewed by maria on 2028-01-05"]
        );
    }
}
