//! The risk register in a diff, in plain words: "laptop-lost · A work laptop is lost:
//! residual 2×3=6 (was not rated), treatment mitigate → accept, accepted by maria on
//! 2027-03-01", "+ risk assessment 2027-02-10 by maria, signed off by tomas 2027-02-12".
//!
//! Why its own file: a reviewer of the pull request that records the annual assessment
//! should read the ratings and decisions that changed, not moved lines of RON.

use super::{Area, Change, Kind, change, list_change, opt_change, text_change, value_change};
use crate::model::{Risk, RiskAssessment, RiskTrigger, Treatment, Workbook};

fn subject(id: &str, r: &Risk) -> String {
    format!("{id} · {}", r.title)
}

fn rating(l: Option<u8>, i: Option<u8>) -> String {
    match (l, i) {
        (Some(l), Some(i)) => format!("{l}×{i}={}", u16::from(l) * u16::from(i)),
        _ => "not rated".to_string(),
    }
}

fn describe(a: &Risk, b: &Risk) -> String {
    let mut parts = Vec::new();
    text_change(&mut parts, "title", &a.title, &b.title);
    text_change(&mut parts, "description", &a.description, &b.description);
    value_change(&mut parts, "category", &a.category, &b.category);
    let (ia, ib) = (
        rating(Some(a.likelihood), Some(a.impact)),
        rating(Some(b.likelihood), Some(b.impact)),
    );
    if ia != ib {
        parts.push(format!("inherent {ib} (was {ia})"));
    }
    let (ra, rb) = (
        rating(a.residual_likelihood, a.residual_impact),
        rating(b.residual_likelihood, b.residual_impact),
    );
    if ra != rb {
        parts.push(format!("residual {rb} (was {ra})"));
    }
    opt_change(&mut parts, "owner", &a.owner, &b.owner);
    opt_change(
        &mut parts,
        "treatment",
        &a.treatment.map(Treatment::label),
        &b.treatment.map(Treatment::label),
    );
    list_change(&mut parts, "controls", &a.controls, &b.controls);
    if a.acceptance != b.acceptance {
        parts.push(match &b.acceptance {
            Some(s) => format!("accepted by {} on {}", s.by, s.date),
            None => "acceptance removed".to_string(),
        });
    }
    text_change(&mut parts, "notes", &a.notes, &b.notes);
    parts.join(", ")
}

fn assessment(a: &RiskAssessment) -> String {
    let mut s = format!("by {}", a.by);
    if let Some(o) = &a.signed_off {
        s.push_str(&format!(", signed off by {} {}", o.by, o.date));
    }
    if !a.summary.is_empty() {
        s.push_str(&format!(": {}", a.summary));
    }
    s
}

fn trigger(t: &RiskTrigger) -> String {
    format!("reassessment trigger {} {}", t.date, t.kind)
}

/// Every change to the register, its assessments and triggers.
pub(super) fn risks(old: &Workbook, new: &Workbook, out: &mut Vec<Change>) {
    for (id, a) in &old.risks {
        if !new.risks.contains_key(id) {
            out.push(change(
                Area::Risks,
                Kind::Removed,
                subject(id, a),
                String::new(),
            ));
        }
    }
    for (id, b) in &new.risks {
        match old.risks.get(id) {
            None => {
                let mut detail = format!(
                    "({}, inherent {}",
                    b.category,
                    rating(Some(b.likelihood), Some(b.impact))
                );
                if let Some(t) = b.treatment {
                    detail.push_str(&format!(", {}", t.label()));
                }
                if !b.controls.is_empty() {
                    detail.push_str(&format!(", controls {}", b.controls.join(" ")));
                }
                detail.push(')');
                out.push(change(Area::Risks, Kind::Added, subject(id, b), detail));
            }
            Some(a) if a == b => {}
            Some(a) => out.push(change(
                Area::Risks,
                Kind::Changed,
                subject(id, b),
                describe(a, b),
            )),
        }
    }
    for b in &new.risk_assessments {
        match old.risk_assessments.iter().find(|a| a.date == b.date) {
            None => out.push(change(
                Area::Risks,
                Kind::Added,
                format!("risk assessment {}", b.date),
                assessment(b),
            )),
            Some(a) if a == b => {}
            Some(_) => out.push(change(
                Area::Risks,
                Kind::Changed,
                format!("risk assessment {}", b.date),
                assessment(b),
            )),
        }
    }
    for a in &old.risk_assessments {
        if !new.risk_assessments.iter().any(|b| b.date == a.date) {
            out.push(change(
                Area::Risks,
                Kind::Removed,
                format!("risk assessment {}", a.date),
                String::new(),
            ));
        }
    }
    for t in &new.risk_triggers {
        if !old.risk_triggers.contains(t) {
            out.push(change(
                Area::Risks,
                Kind::Added,
                trigger(t),
                format!("\"{}\"", t.text),
            ));
        }
    }
    for t in &old.risk_triggers {
        if !new.risk_triggers.contains(t) {
            out.push(change(
                Area::Risks,
                Kind::Removed,
                trigger(t),
                format!("\"{}\"", t.text),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::diff::diff;
    use crate::catalog::catalog;
    use crate::model::{Risk, RiskAssessment, SignOff, Treatment, Workbook};

    fn d(s: &str) -> crate::model::Date {
        s.parse().expect("date")
    }

    #[test]
    fn a_reviewer_reads_ratings_decisions_and_the_assessment_in_words() {
        let mut old = Workbook::default();
        old.risks.insert(
            "laptop-lost".into(),
            Risk {
                title: "Laptop lost".into(),
                category: "security".into(),
                likelihood: 3,
                impact: 4,
                treatment: Some(Treatment::Mitigate),
                controls: vec!["laptop-disk-encryption".into()],
                ..Risk::default()
            },
        );
        let mut new = old.clone();
        let r = new.risks.get_mut("laptop-lost").expect("risk");
        r.residual_likelihood = Some(2);
        r.residual_impact = Some(3);
        r.treatment = Some(Treatment::Accept);
        r.controls.push("mdm-patching-screen-lock".into());
        r.acceptance = Some(SignOff {
            by: "maria".into(),
            date: d("2027-03-01"),
        });
        new.risk_assessments.push(RiskAssessment {
            date: d("2027-02-10"),
            by: "maria".into(),
            signed_off: Some(SignOff {
                by: "tomas".into(),
                date: d("2027-02-12"),
            }),
            summary: String::new(),
        });
        let lines: Vec<String> = diff(catalog(), &old, &new)
            .iter()
            .map(|c| c.line())
            .collect();
        assert_eq!(
            lines,
            vec![
                "laptop-lost · Laptop lost: residual 2×3=6 (was not rated), treatment mitigate → accept, controls +mdm-patching-screen-lock, accepted by maria on 2027-03-01".to_string(),
                "risk assessment 2027-02-10 by maria, signed off by tomas 2027-02-12".to_string(),
            ]
        );
        new.risks.get_mut("laptop-lost").expect("risk").likelihood = 4;
        let lines: Vec<String> = diff(catalog(), &old, &new)
            .iter()
            .map(|c| c.line())
            .collect();
        assert!(
            lines[0].contains("inherent 4×4=16 (was 3×4=12)"),
            "{}",
            lines[0]
        );
    }
}
