//! Changes to the vendor register: add a vendor, set one field, record a report review,
//! a bridge letter, an exception with our response, a CSOC or a CUEC mapped to controls.
//!
//! Why checked here: the app's Vendors view, the Scoping view's subservice rows and
//! `soc2 vendor …` must refuse the same things (an unknown owner, a period that ends before
//! it starts, a control id that is no checklist item) with the same words.

use super::{EditError, check_member, non_empty, resolve_item};
use crate::catalog::Catalog;
use crate::model::vendor::unique_id;
use crate::model::{
    Date, MappedControl, ReportException, SocReport, SubserviceMethod, Tier, Vendor,
    VendorBridgeLetter, Workbook,
};

/// One change to one vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VendorChange {
    Name(String),
    Service(String),
    /// The data types or classes they touch; blank entries are dropped.
    Data(Vec<String>),
    ProductionAccess(bool),
    /// The recorded tier; `None` follows the rule.
    Tier(Option<Tier>),
    /// A subservice organization's method; `None`: an ordinary vendor.
    Subservice(Option<SubserviceMethod>),
    Contract(bool),
    Dpa(bool),
    Baa(bool),
    Owner(Option<String>),
    NextReview(Option<Date>),
    DueDiligence(Option<Date>),
    AddReport(SocReport),
    /// Replaces the report at this position (the latest review's details).
    SetReport(usize, SocReport),
    AddBridgeLetter(VendorBridgeLetter),
    /// An exception noted in the report at this position, with our response.
    AddException(usize, ReportException),
    AddCsoc(MappedControl),
    AddCuec(MappedControl),
    /// Replaces the controls the CUEC at this position maps to.
    MapCuec(usize, Vec<String>),
    /// Replaces the CSOC texts, keeping the mapping of any text that stays.
    CsocTexts(Vec<String>),
}

impl VendorChange {
    /// What the change does, for the undo history and the status bar.
    pub fn label(&self) -> &'static str {
        match self {
            VendorChange::Name(_) => "rename vendor",
            VendorChange::Service(_) => "edit vendor service",
            VendorChange::Data(_) => "edit vendor data",
            VendorChange::ProductionAccess(_) => "set production access",
            VendorChange::Tier(_) => "set vendor tier",
            VendorChange::Subservice(_) => "set subservice method",
            VendorChange::Contract(_) => "set contract",
            VendorChange::Dpa(_) => "set DPA",
            VendorChange::Baa(_) => "set BAA",
            VendorChange::Owner(_) => "set vendor owner",
            VendorChange::NextReview(_) => "set next review",
            VendorChange::DueDiligence(_) => "record due diligence",
            VendorChange::AddReport(_) => "add SOC report",
            VendorChange::SetReport(..) => "edit SOC report",
            VendorChange::AddBridgeLetter(_) => "add bridge letter",
            VendorChange::AddException(..) => "add report exception",
            VendorChange::AddCsoc(_) => "add CSOC",
            VendorChange::AddCuec(_) => "add CUEC",
            VendorChange::MapCuec(..) => "map CUEC",
            VendorChange::CsocTexts(_) => "set CSOCs",
        }
    }
}

/// Adds a vendor (an ordinary one unless `subservice` says how the report treats it);
/// returns its id, the slug of its name.
pub fn add_vendor(
    wb: &mut Workbook,
    name: &str,
    service: &str,
    subservice: Option<SubserviceMethod>,
) -> Result<String, EditError> {
    let name = non_empty(Some(name)).ok_or(EditError::Empty("the vendor's name"))?;
    if let Some((id, _)) = wb.vendor_named(&name) {
        return Err(EditError::Invalid(format!(
            "{name} is already in the vendor register as {id}"
        )));
    }
    let id = unique_id(&name, |id| wb.vendors.contains_key(id));
    wb.vendors.insert(
        id.clone(),
        Vendor {
            name,
            service: service.trim().to_string(),
            subservice,
            ..Vendor::default()
        },
    );
    Ok(id)
}

/// The error for an id the register does not hold, naming those it does.
pub fn unknown_vendor(wb: &Workbook, id: &str) -> EditError {
    let known: Vec<&str> = wb.vendors.keys().map(String::as_str).collect();
    EditError::Invalid(if known.is_empty() {
        format!("no vendor \"{id}\": the register is empty (add one with `soc2 vendor add`)")
    } else {
        format!("no vendor \"{id}\"; the register has: {}", known.join(", "))
    })
}

fn period_ok(r: &SocReport) -> Result<(), EditError> {
    match r.period {
        Some(p) if p.end < p.start => Err(EditError::Invalid(format!(
            "the report period cannot end ({}) before it starts ({})",
            p.end, p.start
        ))),
        _ => Ok(()),
    }
}

/// Every control id must name a checklist item; retired ids resolve to their control.
fn controls(cat: &Catalog, wb: &Workbook, ids: &[String]) -> Result<Vec<String>, EditError> {
    let mut out: Vec<String> = Vec::new();
    for id in ids.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        let key = resolve_item(cat, wb, id)?;
        if !out.contains(&key.item) {
            out.push(key.item);
        }
    }
    Ok(out)
}

fn texts(list: &[String]) -> Vec<String> {
    list.iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Changes one thing of the vendor `id`.
pub fn update_vendor(
    cat: &Catalog,
    wb: &mut Workbook,
    id: &str,
    change: VendorChange,
) -> Result<(), EditError> {
    if !wb.vendors.contains_key(id) {
        return Err(unknown_vendor(wb, id));
    }
    // Checks that read the whole workbook come before the one mutable borrow.
    let change = match change {
        VendorChange::Name(name) => {
            let name = non_empty(Some(&name)).ok_or(EditError::Empty("the vendor's name"))?;
            if let Some((other, _)) = wb.vendor_named(&name).filter(|(k, _)| *k != id) {
                return Err(EditError::Invalid(format!(
                    "{name} is already in the vendor register as {other}"
                )));
            }
            VendorChange::Name(name)
        }
        VendorChange::Owner(owner) => {
            let owner = non_empty(owner.as_deref());
            check_member(wb, owner.as_deref())?;
            VendorChange::Owner(owner)
        }
        VendorChange::AddBridgeLetter(b) if b.through > b.issued => {
            return Err(EditError::Invalid(format!(
                "a bridge letter cannot cover days after its issue (issued {}, through {}): record the one the vendor issues after the gap",
                b.issued, b.through
            )));
        }
        VendorChange::AddReport(r) => {
            period_ok(&r)?;
            check_member(wb, r.reviewed_by.as_deref())?;
            VendorChange::AddReport(r)
        }
        VendorChange::SetReport(i, r) => {
            period_ok(&r)?;
            check_member(wb, r.reviewed_by.as_deref())?;
            VendorChange::SetReport(i, r)
        }
        VendorChange::AddCsoc(m) => VendorChange::AddCsoc(MappedControl {
            text: non_empty(Some(&m.text)).ok_or(EditError::Empty("the CSOC's text"))?,
            controls: controls(cat, wb, &m.controls)?,
        }),
        VendorChange::AddCuec(m) => VendorChange::AddCuec(MappedControl {
            text: non_empty(Some(&m.text)).ok_or(EditError::Empty("the CUEC's text"))?,
            controls: controls(cat, wb, &m.controls)?,
        }),
        VendorChange::MapCuec(i, ids) => VendorChange::MapCuec(i, controls(cat, wb, &ids)?),
        VendorChange::AddException(i, e) => VendorChange::AddException(
            i,
            ReportException {
                text: non_empty(Some(&e.text)).ok_or(EditError::Empty("the exception's text"))?,
                response: e.response.trim().to_string(),
            },
        ),
        other => other,
    };
    let v = wb
        .vendors
        .get_mut(id)
        .ok_or_else(|| EditError::Invalid(format!("no vendor \"{id}\"")))?;
    let no_report =
        |i: usize| EditError::Invalid(format!("{} has no report #{}", v_name(id), i + 1));
    match change {
        VendorChange::Name(name) => v.name = name,
        VendorChange::Service(s) => v.service = s.trim().to_string(),
        VendorChange::Data(d) => v.data = texts(&d),
        VendorChange::ProductionAccess(b) => v.production_access = b,
        VendorChange::Tier(t) => v.tier = t,
        VendorChange::Subservice(m) => v.subservice = m,
        VendorChange::Contract(b) => v.contract = b,
        VendorChange::Dpa(b) => v.dpa = b,
        VendorChange::Baa(b) => v.baa = b,
        VendorChange::Owner(o) => v.owner = o,
        VendorChange::NextReview(d) => v.next_review = d,
        VendorChange::DueDiligence(d) => v.due_diligence = d,
        VendorChange::AddReport(r) => {
            if let Some(p) = r.period
                && v.reports
                    .iter()
                    .any(|x| x.period.map(|q| q.start) == Some(p.start))
            {
                return Err(EditError::Invalid(format!(
                    "a report for the period starting {} is already recorded",
                    p.start
                )));
            }
            v.reports.push(r);
        }
        VendorChange::SetReport(i, r) => *v.reports.get_mut(i).ok_or_else(|| no_report(i))? = r,
        VendorChange::AddBridgeLetter(b) => {
            if !v.bridge_letters.contains(&b) {
                v.bridge_letters.push(b);
            }
        }
        VendorChange::AddException(i, e) => {
            v.reports
                .get_mut(i)
                .ok_or_else(|| no_report(i))?
                .exceptions
                .push(e);
        }
        VendorChange::AddCsoc(m) => v.csocs.push(m),
        VendorChange::AddCuec(m) => v.cuecs.push(m),
        VendorChange::MapCuec(i, ids) => {
            v.cuecs
                .get_mut(i)
                .ok_or_else(|| EditError::Invalid(format!("no CUEC #{}", i + 1)))?
                .controls = ids;
        }
        VendorChange::CsocTexts(list) => {
            let old = std::mem::take(&mut v.csocs);
            v.csocs = texts(&list)
                .into_iter()
                .map(|text| {
                    let controls = old
                        .iter()
                        .find(|m| m.text == text)
                        .map(|m| m.controls.clone())
                        .unwrap_or_default();
                    MappedControl { text, controls }
                })
                .collect();
        }
    }
    Ok(())
}

fn v_name(id: &str) -> String {
    format!("vendor {id}")
}

/// Removes a vendor from the register.
pub fn remove_vendor(wb: &mut Workbook, id: &str) -> Result<Vendor, EditError> {
    match wb.vendors.remove(id) {
        Some(v) => Ok(v),
        None => Err(unknown_vendor(wb, id)),
    }
}

/// Adds the scoping answers' suggested subservice organizations that are not in the
/// register yet (carve-out); returns the ids added.
pub fn vendors_from_scoping(wb: &mut Workbook) -> Vec<String> {
    let d = crate::catalog::scoping::derive(
        crate::catalog::scoping::questionnaire(),
        &wb.scope.answers,
    );
    let mut added = Vec::new();
    for (name, service, _) in &d.subservices {
        match wb.vendor_named(name).map(|(id, _)| id.clone()) {
            Some(id) => {
                if let Some(v) = wb.vendors.get_mut(&id)
                    && v.subservice.is_none()
                {
                    v.subservice = Some(SubserviceMethod::CarveOut);
                    added.push(id);
                }
            }
            None => {
                if let Ok(id) = add_vendor(wb, name, service, Some(SubserviceMethod::CarveOut)) {
                    added.push(id);
                }
            }
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::model::DateRange;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_vendor_is_added_once_and_its_report_must_end_after_it_starts() {
        let mut wb = Workbook::default();
        let id = add_vendor(&mut wb, "Amazon Web Services", "hosting", None).unwrap();
        assert_eq!(id, "amazon-web-services");
        assert!(add_vendor(&mut wb, "amazon web services", "", None).is_err());
        let bad = SocReport {
            period: Some(DateRange {
                start: d("2026-09-30"),
                end: d("2025-10-01"),
            }),
            ..SocReport::default()
        };
        let err = update_vendor(catalog(), &mut wb, &id, VendorChange::AddReport(bad));
        assert!(err.unwrap_err().to_string().contains("cannot end"));
        let err = update_vendor(catalog(), &mut wb, "aws", VendorChange::Contract(true));
        assert_eq!(
            err.unwrap_err().to_string(),
            "no vendor \"aws\"; the register has: amazon-web-services"
        );
    }

    #[test]
    fn a_cuec_maps_only_to_checklist_items_and_an_owner_must_be_in_the_team() {
        let mut wb = Workbook::default();
        let id = add_vendor(&mut wb, "AWS", "", None).unwrap();
        let cuec = |c: &str| {
            VendorChange::AddCuec(MappedControl {
                text: "Customers restrict IAM".into(),
                controls: vec![c.into()],
            })
        };
        assert!(update_vendor(catalog(), &mut wb, &id, cuec("no-such-control")).is_err());
        update_vendor(catalog(), &mut wb, &id, cuec("access-review-quarterly")).unwrap();
        assert_eq!(
            wb.vendors[&id].cuecs[0].controls,
            ["access-review-quarterly"]
        );
        let owner = VendorChange::Owner(Some("nobody".into()));
        assert_eq!(
            update_vendor(catalog(), &mut wb, &id, owner),
            Err(EditError::UnknownMember("nobody".into()))
        );
    }
}
