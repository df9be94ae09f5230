//! The three-way merge of the risk register: risks match by id and merge field by field
//! (a rating or decision two branches changed differently is a recorded conflict, never a
//! silent pick); mitigating controls merge as a set; assessments match by date (two
//! different records of one day conflict); reassessment triggers merge as a set.
//!
//! Why its own file: the register is a new part of the workbook with its own locations
//! (`risk ID FIELD`, `risk-assessment DATE`); `merge3`, `value_at` and `apply_value` only
//! call in here.

use std::collections::BTreeMap;

use super::fields::{ApplyError, decode, encode};
use super::location::DELETED;
use super::{Ctx, Loc, keyed, no_keep, pairs, seq};
use crate::model::{Date, Risk, RiskAssessment, RiskTrigger, Workbook};

/// The residual likelihood and impact, which only make sense together.
pub(super) const RESIDUAL: &str = "residual_likelihood+residual_impact";

/// The merged register of `ours` and `theirs`.
pub(super) fn merge_risks(
    ctx: &mut Ctx,
    base: &Workbook,
    ours: &Workbook,
    theirs: &Workbook,
) -> BTreeMap<String, Risk> {
    keyed(
        ctx,
        pairs(&base.risks),
        pairs(&ours.risks),
        pairs(&theirs.risks),
        &|id| Loc::Risk(String::clone(id), None),
        &no_keep,
        &mut |ctx, id, b, o, t| merge_risk(ctx, id, b, o, t),
    )
    .into_iter()
    .map(|(k, v)| (k.clone(), v))
    .collect()
}

fn merge_risk(ctx: &mut Ctx, id: &str, base: Option<&Risk>, ours: &Risk, theirs: &Risk) -> Risk {
    let at = |f: &str| Loc::Risk(id.to_string(), Some(f.to_string()));
    macro_rules! field {
        ($f:ident) => {
            ctx.scalar(
                at(stringify!($f)),
                base.map(|b| &b.$f),
                &ours.$f,
                &theirs.$f,
            )
        };
    }
    let empty = Risk::default();
    let b = base.unwrap_or(&empty);
    let (residual_likelihood, residual_impact) = ctx.pair(
        &at,
        ("residual_likelihood", "residual_impact", RESIDUAL),
        base.map(|b| (&b.residual_likelihood, &b.residual_impact)),
        (&ours.residual_likelihood, &ours.residual_impact),
        (&theirs.residual_likelihood, &theirs.residual_impact),
    );
    Risk {
        title: field!(title),
        description: field!(description),
        category: field!(category),
        likelihood: field!(likelihood),
        impact: field!(impact),
        residual_likelihood,
        residual_impact,
        owner: field!(owner),
        treatment: field!(treatment),
        controls: seq::set(&b.controls, &ours.controls, &theirs.controls),
        acceptance: field!(acceptance),
        notes: field!(notes),
    }
}

/// The merged assessments, by date, oldest first.
pub(super) fn merge_assessments(
    ctx: &mut Ctx,
    base: &Workbook,
    ours: &Workbook,
    theirs: &Workbook,
) -> Vec<RiskAssessment> {
    fn by_date(w: &Workbook) -> Vec<(Date, &RiskAssessment)> {
        w.risk_assessments.iter().map(|a| (a.date, a)).collect()
    }
    let mut out: Vec<RiskAssessment> = keyed(
        ctx,
        by_date(base),
        by_date(ours),
        by_date(theirs),
        &|d| Loc::RiskAssessment(*d),
        &no_keep,
        &mut |ctx, d, b, o, t| ctx.scalar(Loc::RiskAssessment(*d), b, o, t),
    )
    .into_iter()
    .map(|(_, a)| a)
    .collect();
    out.sort_by_key(|a| a.date);
    out
}

/// The merged triggers: every one either side recorded, a removal on either side taken.
pub(super) fn merge_triggers(
    base: &Workbook,
    ours: &Workbook,
    theirs: &Workbook,
) -> Vec<RiskTrigger> {
    let mut out = seq::set(
        &base.risk_triggers,
        &ours.risk_triggers,
        &theirs.risk_triggers,
    );
    out.sort();
    out
}

fn whole<T: serde::Serialize>(v: Option<&T>) -> Option<String> {
    Some(v.map_or_else(|| DELETED.to_string(), encode))
}

fn get_field(r: &Risk, field: &str) -> Option<String> {
    Some(match field {
        "title" => encode(&r.title),
        "description" => encode(&r.description),
        "category" => encode(&r.category),
        "likelihood" => encode(&r.likelihood),
        "impact" => encode(&r.impact),
        "residual_likelihood" => encode(&r.residual_likelihood),
        "residual_impact" => encode(&r.residual_impact),
        RESIDUAL => encode(&(r.residual_likelihood, r.residual_impact)),
        "owner" => encode(&r.owner),
        "treatment" => encode(&r.treatment),
        "controls" => encode(&r.controls),
        "acceptance" => encode(&r.acceptance),
        "notes" => encode(&r.notes),
        _ => return None,
    })
}

fn set_field(r: &mut Risk, field: &str, value: &str) -> Result<bool, String> {
    match field {
        "title" => r.title = decode(value)?,
        "description" => r.description = decode(value)?,
        "category" => r.category = decode(value)?,
        "likelihood" => r.likelihood = decode(value)?,
        "impact" => r.impact = decode(value)?,
        "residual_likelihood" => r.residual_likelihood = decode(value)?,
        "residual_impact" => r.residual_impact = decode(value)?,
        RESIDUAL => (r.residual_likelihood, r.residual_impact) = decode(value)?,
        "owner" => r.owner = decode(value)?,
        "treatment" => r.treatment = decode(value)?,
        "controls" => r.controls = decode(value)?,
        "acceptance" => r.acceptance = decode(value)?,
        "notes" => r.notes = decode(value)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// [`super::value_at`] for the register's locations.
pub(super) fn value_at(wb: &Workbook, location: &Loc) -> Option<String> {
    match location {
        Loc::Risk(id, field) => {
            super::fields::register_value(&wb.risks, id, field.as_deref(), get_field)
        }
        Loc::RiskAssessment(d) => whole(wb.risk_assessments.iter().find(|a| a.date == *d)),
        _ => None,
    }
}

/// [`super::apply_value`] for the register's locations.
pub(super) fn apply(
    wb: &mut Workbook,
    loc: Loc,
    location: &str,
    value: &str,
) -> Result<(), ApplyError> {
    let bad = |message: String| ApplyError::BadValue {
        location: location.to_string(),
        value: value.to_string(),
        message,
    };
    match loc {
        Loc::Risk(id, field) => {
            super::fields::register_apply(&mut wb.risks, id, field, location, value, set_field)
        }
        Loc::RiskAssessment(d) => {
            wb.risk_assessments.retain(|a| a.date != d);
            if value != DELETED {
                let a: RiskAssessment = decode(value).map_err(bad)?;
                if a.date != d {
                    return Err(bad(format!(
                        "the recorded assessment is not the one of {d}"
                    )));
                }
                wb.risk_assessments.push(a);
                wb.risk_assessments.sort_by_key(|a| a.date);
            }
            Ok(())
        }
        _ => Err(ApplyError::UnknownField(location.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use crate::merge::{apply_value, merge3};
    use crate::model::{Risk, RiskAssessment, RiskTrigger, Treatment, Workbook};

    fn d(s: &str) -> crate::model::Date {
        s.parse().expect("date")
    }

    fn base() -> Workbook {
        let mut wb = Workbook::default();
        wb.risks.insert(
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
        wb
    }

    #[test]
    fn different_fields_merge_and_controls_merge_as_a_set() {
        let (b, mut o, mut t) = (base(), base(), base());
        let ro = o.risks.get_mut("laptop-lost").expect("risk");
        ro.owner = Some("maria".into());
        ro.controls.push("mdm-patching-screen-lock".into());
        let rt = t.risks.get_mut("laptop-lost").expect("risk");
        rt.residual_likelihood = Some(1);
        rt.residual_impact = Some(4);
        rt.controls.push("laptop-wipe-offboarding".into());
        let m = merge3(&b, &o, &t);
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        let r = &m.workbook.risks["laptop-lost"];
        assert_eq!(r.owner.as_deref(), Some("maria"));
        assert_eq!(r.residual(), Some(4));
        assert_eq!(r.controls.len(), 3);
    }

    #[test]
    fn the_same_rating_changed_differently_is_a_recorded_conflict_that_can_be_resolved() {
        let (b, mut o, mut t) = (base(), base(), base());
        o.risks.get_mut("laptop-lost").expect("risk").likelihood = 2;
        t.risks.get_mut("laptop-lost").expect("risk").likelihood = 5;
        let mut m = merge3(&b, &o, &t);
        assert_eq!(m.conflicts.len(), 1);
        let c = &m.conflicts[0];
        assert_eq!(c.location, "risk laptop-lost likelihood");
        assert_eq!(
            m.workbook.risks["laptop-lost"].likelihood, 2,
            "ours kept until resolved"
        );
        apply_value(&mut m.workbook, &c.location, &c.theirs).expect("resolve");
        assert_eq!(m.workbook.risks["laptop-lost"].likelihood, 5);
    }

    #[test]
    fn assessments_merge_by_date_and_triggers_as_a_set() {
        let (b, mut o, mut t) = (base(), base(), base());
        let a = |date: &str, by: &str| RiskAssessment {
            date: d(date),
            by: by.into(),
            ..RiskAssessment::default()
        };
        o.risk_assessments.push(a("2027-02-01", "maria"));
        t.risk_assessments.push(a("2027-01-10", "tomas"));
        let trig = |date: &str| RiskTrigger {
            date: d(date),
            kind: "incident".into(),
            text: "x".into(),
        };
        o.risk_triggers.push(trig("2027-03-01"));
        t.risk_triggers.push(trig("2027-03-01"));
        t.risk_triggers.push(trig("2027-03-05"));
        let m = merge3(&b, &o, &t);
        assert!(m.conflicts.is_empty());
        let dates: Vec<String> = m
            .workbook
            .risk_assessments
            .iter()
            .map(|a| a.date.to_string())
            .collect();
        assert_eq!(dates, ["2027-01-10", "2027-02-01"]);
        assert_eq!(m.workbook.risk_triggers.len(), 2);
        let (mut o2, mut t2) = (o.clone(), o.clone());
        o2.risk_assessments[0].summary = "ours".into();
        t2.risk_assessments[0].summary = "theirs".into();
        let m = merge3(&o, &o2, &t2);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].location, "risk-assessment 2027-02-01");
    }
}
