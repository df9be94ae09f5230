//! The vendor register in a diff, in plain words: "report SOC 2 Type II 2025-10-01 to
//! 2026-09-30 added (unqualified, reviewed 2026-11-05 by tomas)", "bridge letter issued
//! 2027-04-02 through 2027-03-31 added", "CUEC \"…\" mapped to access-review".
//!
//! Why its own file: the vendor review is evidence for CC9.2, and a reviewer of the pull
//! request that records one should read what was reviewed, not moved lines of RON.

use super::{Area, Change, Kind, change, opt_change, text_change};
use crate::model::{DateRange, MappedControl, SocReport, Vendor, Workbook};

fn subject(id: &str, v: &Vendor) -> String {
    format!("vendor {id} · {}", v.name)
}

fn period(p: &Option<DateRange>) -> String {
    p.map_or_else(|| "undated".into(), |p| format!("{} to {}", p.start, p.end))
}

fn flag(parts: &mut Vec<String>, label: &str, a: bool, b: bool) {
    if a != b {
        parts.push(if b {
            format!("{label} recorded")
        } else {
            format!("{label} removed")
        });
    }
}

/// One report in a few words: `SOC 2 Type II 2025-10-01 to 2026-09-30 (unqualified, …)`.
fn report_line(r: &SocReport) -> String {
    let mut what = Vec::new();
    if let Some(o) = r.opinion {
        what.push(o.label().to_string());
    }
    if let Some(d) = r.reviewed {
        let by = r.reviewed_by.as_deref().map(|b| format!(" by {b}"));
        what.push(format!("reviewed {d}{}", by.unwrap_or_default()));
    }
    let n = r.exceptions.len();
    if n > 0 {
        what.push(format!("{n} exception{}", if n == 1 { "" } else { "s" }));
    }
    let tail = if what.is_empty() {
        String::new()
    } else {
        format!(" ({})", what.join(", "))
    };
    format!("{} {}{tail}", r.kind.label(), period(&r.period))
}

fn report_changes(parts: &mut Vec<String>, a: &SocReport, b: &SocReport) {
    let at = format!("report {}", period(&b.period));
    let mut p = Vec::new();
    if a.kind != b.kind {
        p.push(format!("type {} → {}", a.kind.label(), b.kind.label()));
    }
    if a.period != b.period {
        p.push(format!(
            "period {} → {}",
            period(&a.period),
            period(&b.period)
        ));
    }
    if a.opinion != b.opinion {
        let show = |o: Option<crate::model::Opinion>| o.map_or("none", |o| o.label());
        p.push(format!("opinion {} → {}", show(a.opinion), show(b.opinion)));
    }
    opt_change(&mut p, "reviewed", &a.reviewed, &b.reviewed);
    opt_change(&mut p, "reviewed by", &a.reviewed_by, &b.reviewed_by);
    for e in b.exceptions.iter().filter(|e| !a.exceptions.contains(e)) {
        let resp = if e.response.is_empty() {
            "no response yet".to_string()
        } else {
            format!("response \"{}\"", e.response)
        };
        p.push(format!("exception \"{}\" ({resp})", e.text));
    }
    for e in a.exceptions.iter().filter(|e| !b.exceptions.contains(e)) {
        p.push(format!("exception \"{}\" removed", e.text));
    }
    if !p.is_empty() {
        parts.push(format!("{at}: {}", p.join(", ")));
    }
}

fn mapped(parts: &mut Vec<String>, label: &str, a: &[MappedControl], b: &[MappedControl]) {
    let show = |m: &MappedControl| {
        if m.controls.is_empty() {
            format!("{label} \"{}\" (not mapped)", m.text)
        } else {
            format!("{label} \"{}\" mapped to {}", m.text, m.controls.join(", "))
        }
    };
    for m in b.iter().filter(|m| !a.contains(m)) {
        match a.iter().find(|x| x.text == m.text) {
            Some(_) => parts.push(show(m)),
            None => parts.push(format!("{} added", show(m))),
        }
    }
    for m in a.iter().filter(|m| !b.iter().any(|x| x.text == m.text)) {
        parts.push(format!("{label} \"{}\" removed", m.text));
    }
}

fn describe(a: &Vendor, b: &Vendor) -> String {
    let mut parts = Vec::new();
    text_change(&mut parts, "name", &a.name, &b.name);
    text_change(&mut parts, "service", &a.service, &b.service);
    super::list_change(&mut parts, "data", &a.data, &b.data);
    flag(
        &mut parts,
        "production access",
        a.production_access,
        b.production_access,
    );
    if a.tier != b.tier {
        let show = |t: Option<crate::model::Tier>| t.map_or("by rule", |t| t.label());
        parts.push(format!("tier {} → {}", show(a.tier), show(b.tier)));
    }
    if a.subservice != b.subservice {
        let show =
            |m: Option<crate::model::SubserviceMethod>| m.map_or("ordinary vendor", |m| m.label());
        parts.push(format!(
            "subservice {} → {}",
            show(a.subservice),
            show(b.subservice)
        ));
    }
    flag(&mut parts, "contract", a.contract, b.contract);
    flag(&mut parts, "DPA", a.dpa, b.dpa);
    flag(&mut parts, "BAA", a.baa, b.baa);
    opt_change(&mut parts, "owner", &a.owner, &b.owner);
    opt_change(&mut parts, "next review", &a.next_review, &b.next_review);
    opt_change(
        &mut parts,
        "due diligence",
        &a.due_diligence,
        &b.due_diligence,
    );
    let keyed = |list: &[SocReport]| -> Vec<(String, SocReport)> {
        list.iter()
            .enumerate()
            .map(|(i, r)| (r.key(i), r.clone()))
            .collect()
    };
    let (ra, rb) = (keyed(&a.reports), keyed(&b.reports));
    for (k, r) in &rb {
        match ra.iter().find(|(x, _)| x == k) {
            None => parts.push(format!("report {} added", report_line(r))),
            Some((_, old)) => report_changes(&mut parts, old, r),
        }
    }
    for (k, r) in &ra {
        if !rb.iter().any(|(x, _)| x == k) {
            parts.push(format!("report {} removed", report_line(r)));
        }
    }
    for l in b
        .bridge_letters
        .iter()
        .filter(|l| !a.bridge_letters.contains(l))
    {
        parts.push(format!(
            "bridge letter issued {} through {} added",
            l.issued, l.through
        ));
    }
    for l in a
        .bridge_letters
        .iter()
        .filter(|l| !b.bridge_letters.contains(l))
    {
        parts.push(format!(
            "bridge letter issued {} through {} removed",
            l.issued, l.through
        ));
    }
    mapped(&mut parts, "CSOC", &a.csocs, &b.csocs);
    mapped(&mut parts, "CUEC", &a.cuecs, &b.cuecs);
    parts.join(", ")
}

/// Every change to the register, in id order.
pub(super) fn vendors(old: &Workbook, new: &Workbook, out: &mut Vec<Change>) {
    for (id, a) in &old.vendors {
        if !new.vendors.contains_key(id) {
            out.push(change(
                Area::Vendors,
                Kind::Removed,
                subject(id, a),
                String::new(),
            ));
        }
    }
    for (id, b) in &new.vendors {
        match old.vendors.get(id) {
            None => {
                let empty = Vendor {
                    name: b.name.clone(),
                    ..Vendor::default()
                };
                let rest = describe(&empty, b);
                let detail = if rest.is_empty() {
                    String::new()
                } else {
                    format!("({rest})")
                };
                out.push(change(Area::Vendors, Kind::Added, subject(id, b), detail));
            }
            Some(a) if a == b => {}
            Some(a) => out.push(change(
                Area::Vendors,
                Kind::Changed,
                subject(id, b),
                describe(a, b),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::diff::diff;
    use crate::catalog::catalog;
    use crate::model::{
        DateRange, MappedControl, Opinion, SocReport, Vendor, VendorBridgeLetter, Workbook,
    };

    fn d(s: &str) -> crate::model::Date {
        s.parse().unwrap()
    }

    fn lines(old: &Workbook, new: &Workbook) -> Vec<String> {
        diff(catalog(), old, new)
            .iter()
            .map(|c| format!("{} {} {}", c.area.label(), c.kind.sign(), c.line()))
            .collect()
    }

    #[test]
    fn a_reviewed_report_a_bridge_letter_and_a_mapped_cuec_read_as_sentences() {
        let mut old = Workbook::default();
        old.vendors.insert(
            "aws".into(),
            Vendor {
                name: "AWS".into(),
                cuecs: vec![MappedControl {
                    text: "Customers manage IAM users".into(),
                    controls: vec![],
                }],
                ..Vendor::default()
            },
        );
        let mut new = old.clone();
        let v = new.vendors.get_mut("aws").unwrap();
        v.reports.push(SocReport {
            period: Some(DateRange {
                start: d("2025-10-01"),
                end: d("2026-09-30"),
            }),
            opinion: Some(Opinion::Unqualified),
            reviewed: Some(d("2026-11-05")),
            reviewed_by: Some("tomas".into()),
            ..SocReport::default()
        });
        v.bridge_letters.push(VendorBridgeLetter {
            issued: d("2027-04-02"),
            through: d("2027-03-31"),
        });
        v.cuecs[0].controls.push("access-review".into());
        assert_eq!(
            lines(&old, &new),
            [
                "Vendors ~ vendor aws · AWS: report SOC 2 Type II 2025-10-01 to 2026-09-30 (unqualified, reviewed 2026-11-05 by tomas) added, bridge letter issued 2027-04-02 through 2027-03-31 added, CUEC \"Customers manage IAM users\" mapped to access-review"
            ]
        );
        let mut changed = new.clone();
        changed.vendors.get_mut("aws").unwrap().reports[0].opinion = Some(Opinion::Qualified);
        assert_eq!(
            lines(&new, &changed),
            [
                "Vendors ~ vendor aws · AWS: report 2025-10-01 to 2026-09-30: opinion unqualified → qualified"
            ]
        );
        assert_eq!(
            lines(&Workbook::default(), &old),
            ["Vendors + vendor aws · AWS (CUEC \"Customers manage IAM users\" (not mapped) added)"]
        );
    }
}
