//! Changes to the risk register: adding risks (one by one or the starter set), rating,
//! treating and linking them to controls, accepting them, and recording the assessment and
//! the changes that should trigger the next one.
//!
//! Why checked here: the CLI and the Risks view must refuse the same things (a rating off
//! the 1–5 scale, an unknown category or control, an approver outside the team).

use super::{EditError, check_member, non_empty, resolve_item};
use crate::catalog::Catalog;
use crate::catalog::risks::RiskVocabulary;
use crate::model::risk::SCALE;
use crate::model::{Date, Risk, RiskAssessment, RiskTrigger, SignOff, Treatment, Workbook};

/// What a person fills in for a new risk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewRisk {
    pub title: String,
    pub category: String,
    pub likelihood: u8,
    pub impact: u8,
    pub owner: Option<String>,
    pub treatment: Option<Treatment>,
    pub controls: Vec<String>,
    pub description: String,
}

/// One field of a risk a person sets (see [`set_risk`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RiskField {
    Title(String),
    Description(String),
    Category(String),
    Likelihood(u8),
    Impact(u8),
    /// Residual likelihood and impact after controls; `None` clears the rating.
    Residual(Option<(u8, u8)>),
    Owner(Option<String>),
    Treatment(Option<Treatment>),
    /// The whole list of mitigating controls.
    Controls(Vec<String>),
    /// Adds one mitigating control (or removes it when already linked).
    ToggleControl(String),
    Acceptance(Option<SignOff>),
    Notes(String),
}

fn rating(what: &str, n: u8) -> Result<u8, EditError> {
    if SCALE.contains(&n) {
        Ok(n)
    } else {
        Err(EditError::Invalid(format!(
            "{what} is {n}; rate it from 1 (lowest) to 5 (highest), see `soc2 risk scale`"
        )))
    }
}

fn category(v: &RiskVocabulary, id: &str) -> Result<String, EditError> {
    let id = id.trim();
    if v.category(id).is_some() {
        Ok(id.to_string())
    } else {
        Err(EditError::Invalid(format!(
            "no risk category \"{id}\"; use one of: {}",
            v.category_ids().join(", ")
        )))
    }
}

/// The control ids as the workbook stores them (retired ids resolved), each one checked.
fn controls(cat: &Catalog, wb: &Workbook, ids: &[String]) -> Result<Vec<String>, EditError> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        let key = resolve_item(cat, wb, id.trim())?;
        if !out.contains(&key.item) {
            out.push(key.item);
        }
    }
    Ok(out)
}

/// A slug for a new risk's id from its title: `Laptop lost!` → `laptop-lost`, made unique
/// with `-2`, `-3`… against the register.
pub fn risk_id_for(wb: &Workbook, title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 36 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let base = if slug.len() < 3 {
        format!("risk-{slug}").trim_end_matches('-').to_string()
    } else {
        slug.to_string()
    };
    if !wb.risks.contains_key(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !wb.risks.contains_key(id))
        .unwrap_or(base)
}

/// Adds a risk and returns its new id.
pub fn add_risk(
    cat: &Catalog,
    v: &RiskVocabulary,
    wb: &mut Workbook,
    new: NewRisk,
) -> Result<String, EditError> {
    let title = non_empty(Some(&new.title)).ok_or(EditError::Empty("the title"))?;
    let category = category(v, &new.category)?;
    let likelihood = rating("likelihood", new.likelihood)?;
    let impact = rating("impact", new.impact)?;
    check_member(wb, new.owner.as_deref())?;
    let controls = controls(cat, wb, &new.controls)?;
    let id = risk_id_for(wb, &title);
    wb.risks.insert(
        id.clone(),
        Risk {
            title,
            description: new.description.trim_end().to_string(),
            category,
            likelihood,
            impact,
            owner: new.owner,
            treatment: new.treatment,
            controls,
            ..Risk::default()
        },
    );
    Ok(id)
}

/// Adds every starter risk whose id the register does not have yet, linked to the
/// suggested controls that are in the report's scope (all of them when none is, so the
/// check says why); returns the ids added.
pub fn add_starter_risks(cat: &Catalog, v: &RiskVocabulary, wb: &mut Workbook) -> Vec<String> {
    let mut added = Vec::new();
    for s in &v.starter {
        if wb.risks.contains_key(&s.id) {
            continue;
        }
        let in_scope: Vec<String> = s
            .controls
            .iter()
            .filter(|c| {
                cat.item(c).is_some_and(|(criterion, _)| {
                    crate::catalog::category_of_id(&criterion.id).is_none_or(|k| wb.in_scope(k))
                })
            })
            .cloned()
            .collect();
        let controls = if in_scope.is_empty() {
            s.controls.clone()
        } else {
            in_scope
        };
        wb.risks.insert(
            s.id.clone(),
            Risk {
                title: s.title.clone(),
                description: s.description.clone(),
                category: s.category.clone(),
                likelihood: s.likelihood,
                impact: s.impact,
                treatment: Some(Treatment::Mitigate),
                controls,
                ..Risk::default()
            },
        );
        added.push(s.id.clone());
    }
    added
}

/// Sets one field of a risk.
pub fn set_risk(
    cat: &Catalog,
    v: &RiskVocabulary,
    wb: &mut Workbook,
    id: &str,
    field: RiskField,
) -> Result<(), EditError> {
    if !wb.risks.contains_key(id) {
        return Err(EditError::Invalid(format!(
            "no risk \"{id}\" (see `soc2 risk list`)"
        )));
    }
    // Check everything that needs the whole workbook before borrowing the risk.
    let field = match field {
        RiskField::Category(c) => RiskField::Category(category(v, &c)?),
        RiskField::Likelihood(n) => RiskField::Likelihood(rating("likelihood", n)?),
        RiskField::Impact(n) => RiskField::Impact(rating("impact", n)?),
        RiskField::Residual(Some((l, i))) => RiskField::Residual(Some((
            rating("residual likelihood", l)?,
            rating("residual impact", i)?,
        ))),
        RiskField::Owner(o) => {
            check_member(wb, o.as_deref())?;
            RiskField::Owner(o)
        }
        RiskField::Controls(ids) => RiskField::Controls(controls(cat, wb, &ids)?),
        RiskField::ToggleControl(c) => {
            RiskField::ToggleControl(resolve_item(cat, wb, c.trim())?.item)
        }
        RiskField::Acceptance(Some(s)) => {
            let by = non_empty(Some(&s.by)).ok_or(EditError::Empty("the approver"))?;
            check_member(wb, Some(&by))?;
            RiskField::Acceptance(Some(SignOff { by, date: s.date }))
        }
        RiskField::Title(t) => {
            RiskField::Title(non_empty(Some(&t)).ok_or(EditError::Empty("the title"))?)
        }
        other => other,
    };
    let Some(r) = wb.risks.get_mut(id) else {
        unreachable!("checked above")
    };
    match field {
        RiskField::Title(t) => r.title = t,
        RiskField::Description(d) => r.description = d.trim_end().to_string(),
        RiskField::Category(c) => r.category = c,
        RiskField::Likelihood(n) => r.likelihood = n,
        RiskField::Impact(n) => r.impact = n,
        RiskField::Residual(res) => {
            r.residual_likelihood = res.map(|(l, _)| l);
            r.residual_impact = res.map(|(_, i)| i);
        }
        RiskField::Owner(o) => r.owner = o,
        RiskField::Treatment(t) => r.treatment = t,
        RiskField::Controls(c) => r.controls = c,
        RiskField::ToggleControl(c) => {
            if let Some(at) = r.controls.iter().position(|x| *x == c) {
                r.controls.remove(at);
            } else {
                r.controls.push(c);
            }
        }
        RiskField::Acceptance(a) => r.acceptance = a,
        RiskField::Notes(n) => r.notes = n.trim_end().to_string(),
    }
    Ok(())
}

/// Records a risk assessment; one on the same date replaces the earlier record of it.
pub fn record_assessment(wb: &mut Workbook, a: RiskAssessment) -> Result<(), EditError> {
    let by = non_empty(Some(&a.by)).ok_or(EditError::Empty("who performed it"))?;
    check_member(wb, Some(&by))?;
    if let Some(s) = &a.signed_off {
        check_member(wb, Some(&s.by))?;
        if s.date < a.date {
            return Err(EditError::Invalid(format!(
                "the sign-off ({}) is before the assessment ({}); sign off on or after it",
                s.date, a.date
            )));
        }
    }
    let a = RiskAssessment { by, ..a };
    wb.risk_assessments.retain(|x| x.date != a.date);
    let at = wb.risk_assessments.partition_point(|x| x.date < a.date);
    wb.risk_assessments.insert(at, a);
    Ok(())
}

/// Records a change that should trigger a reassessment.
pub fn add_trigger(
    v: &RiskVocabulary,
    wb: &mut Workbook,
    kind: &str,
    text: &str,
    date: Date,
) -> Result<(), EditError> {
    let kind = kind.trim();
    if v.trigger_kind(kind).is_none() {
        return Err(EditError::Invalid(format!(
            "no trigger kind \"{kind}\"; use one of: {}",
            v.trigger_kind_ids().join(", ")
        )));
    }
    let text = non_empty(Some(text)).ok_or(EditError::Empty("the text"))?;
    let t = RiskTrigger {
        date,
        kind: kind.to_string(),
        text,
    };
    if !wb.risk_triggers.contains(&t) {
        let at = wb.risk_triggers.partition_point(|x| x.date <= t.date);
        wb.risk_triggers.insert(at, t);
    }
    Ok(())
}

/// Removes a risk from the register, returning it.
pub fn delete_risk(wb: &mut Workbook, id: &str) -> Result<Risk, EditError> {
    wb.risks
        .remove(id)
        .ok_or_else(|| EditError::Invalid(format!("no risk \"{id}\" (see `soc2 risk list`)")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::catalog::risks::risk_vocabulary;
    use crate::model::Member;

    fn wb() -> Workbook {
        Workbook {
            team: vec![Member {
                id: "maria".into(),
                name: "Maria".into(),
                ..Member::default()
            }],
            ..Workbook::default()
        }
    }

    fn d(s: &str) -> Date {
        s.parse().expect("date")
    }

    #[test]
    fn the_starter_set_is_added_once_and_keeps_what_the_team_changed() {
        let v = risk_vocabulary();
        let mut w = wb();
        let first = add_starter_risks(catalog(), v, &mut w);
        assert_eq!(first.len(), v.starter.len());
        set_risk(
            catalog(),
            v,
            &mut w,
            "laptop-lost",
            RiskField::Likelihood(1),
        )
        .expect("set");
        assert!(add_starter_risks(catalog(), v, &mut w).is_empty());
        assert_eq!(w.risks["laptop-lost"].likelihood, 1);
    }

    #[test]
    fn a_new_risk_gets_a_slug_id_and_refuses_what_an_auditor_could_not_read() {
        let v = risk_vocabulary();
        let mut w = wb();
        let new = NewRisk {
            title: "Laptop lost on a train!".into(),
            category: "security".into(),
            likelihood: 3,
            impact: 4,
            owner: Some("maria".into()),
            controls: vec!["laptop-disk-encryption".into()],
            ..NewRisk::default()
        };
        let id = add_risk(catalog(), v, &mut w, new.clone()).expect("add");
        assert_eq!(id, "laptop-lost-on-a-train");
        assert_eq!(w.risks[&id].inherent(), 12);
        let again = add_risk(catalog(), v, &mut w, new.clone()).expect("add");
        assert_eq!(again, "laptop-lost-on-a-train-2");
        for bad in [
            NewRisk {
                likelihood: 6,
                ..new.clone()
            },
            NewRisk {
                category: "weather".into(),
                ..new.clone()
            },
            NewRisk {
                owner: Some("nobody".into()),
                ..new.clone()
            },
            NewRisk {
                controls: vec!["no-such-control".into()],
                ..new.clone()
            },
        ] {
            assert!(add_risk(catalog(), v, &mut w, bad).is_err());
        }
        assert_eq!(w.risks.len(), 2, "nothing is added when refused");
    }

    #[test]
    fn controls_toggle_residual_rates_and_acceptance_needs_a_team_member() {
        let v = risk_vocabulary();
        let cat = catalog();
        let mut w = wb();
        add_starter_risks(catalog(), v, &mut w);
        let id = "laptop-lost";
        set_risk(
            cat,
            v,
            &mut w,
            id,
            RiskField::ToggleControl("mfa-everywhere".into()),
        )
        .expect("link");
        assert!(w.risks[id].controls.contains(&"mfa-everywhere".to_string()));
        set_risk(
            cat,
            v,
            &mut w,
            id,
            RiskField::ToggleControl("mfa-everywhere".into()),
        )
        .expect("unlink");
        assert!(!w.risks[id].controls.contains(&"mfa-everywhere".to_string()));
        set_risk(cat, v, &mut w, id, RiskField::Residual(Some((2, 2)))).expect("residual");
        assert_eq!(w.risks[id].residual(), Some(4));
        let by = |who: &str| {
            RiskField::Acceptance(Some(SignOff {
                by: who.into(),
                date: d("2026-05-01"),
            }))
        };
        assert!(set_risk(cat, v, &mut w, id, by("nobody")).is_err());
        set_risk(cat, v, &mut w, id, by("maria")).expect("accept");
        assert_eq!(
            w.risks[id].acceptance.as_ref().map(|a| a.by.as_str()),
            Some("maria")
        );
    }

    #[test]
    fn assessments_stay_in_date_order_and_a_sign_off_cannot_precede_them() {
        let mut w = wb();
        let a = |date: &str| RiskAssessment {
            date: d(date),
            by: "maria".into(),
            ..RiskAssessment::default()
        };
        record_assessment(&mut w, a("2026-06-01")).expect("a");
        record_assessment(&mut w, a("2025-06-01")).expect("b");
        assert_eq!(w.risk_assessments[0].date, d("2025-06-01"));
        let early = RiskAssessment {
            signed_off: Some(SignOff {
                by: "maria".into(),
                date: d("2026-05-01"),
            }),
            ..a("2026-06-01")
        };
        assert!(record_assessment(&mut w, early).is_err());
        let v = risk_vocabulary();
        assert!(add_trigger(v, &mut w, "weather", "storm", d("2026-07-01")).is_err());
        add_trigger(v, &mut w, "incident", "phishing incident", d("2026-07-01")).expect("t");
        add_trigger(v, &mut w, "incident", "phishing incident", d("2026-07-01")).expect("t");
        assert_eq!(w.risk_triggers.len(), 1, "the same trigger twice is one");
    }
}
