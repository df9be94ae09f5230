//! Changes to the scope: answers, category decisions, report settings, boundary, subservices.

use super::{EditError, non_empty};
use crate::model::{Category, CategoryDecision, Date, Workbook};

/// A person decides a category against (or along with) the scoping answers.
pub fn override_category(
    wb: &mut Workbook,
    category: Category,
    in_scope: bool,
    reason: &str,
) -> Result<(), EditError> {
    if category == Category::Security && !in_scope {
        return Err(EditError::SecurityRequired);
    }
    let reason = non_empty(Some(reason)).ok_or(EditError::Empty("the reason"))?;
    wb.scope.categories.insert(
        category,
        CategoryDecision {
            in_scope,
            reason,
            overridden: true,
        },
    );
    Ok(())
}

/// Hands a category back to the scoping rules.
pub fn clear_category_override(wb: &mut Workbook, category: Category) {
    if let Some(decision) = wb.scope.categories.get_mut(&category) {
        decision.overridden = false;
    }
    let derivation = crate::catalog::scoping::derive(
        crate::catalog::scoping::questionnaire(),
        &wb.scope.answers,
    );
    crate::catalog::scoping::apply(&derivation, &mut wb.scope);
}

/// Records a scoping answer (or clears it with `None`) and re-derives the categories a
/// person has not overridden; returns the plain-English effects ("Availability is now in scope: …").
pub fn answer(
    wb: &mut Workbook,
    question: &str,
    answer: Option<crate::model::Answer>,
) -> Vec<String> {
    use crate::catalog::scoping::{derive, describe_changes, questionnaire};
    let before = derive(questionnaire(), &wb.scope.answers);
    match answer {
        Some(a) => wb.scope.answers.insert(question.to_string(), a),
        None => wb.scope.answers.remove(question),
    };
    let after = derive(questionnaire(), &wb.scope.answers);
    let mut effects = describe_changes(&before, &after);
    effects.extend(apply_derivation(wb, &before, &after));
    effects
}

/// Brings every category a person has not overridden back in line with the answers (after
/// a hand edit or a merge changed an answer); returns what changed, one sentence each.
pub fn rederive(wb: &mut Workbook) -> Vec<String> {
    let derived = crate::catalog::scoping::derive(
        crate::catalog::scoping::questionnaire(),
        &wb.scope.answers,
    );
    apply_derivation(wb, &derived, &derived)
}

/// Applies `after` and describes the categories whose recorded decision flipped although
/// the answers' verdict did not (`describe_changes` already tells the others): a stale
/// scope being repaired.
fn apply_derivation(
    wb: &mut Workbook,
    before: &crate::catalog::scoping::Derivation,
    after: &crate::catalog::scoping::Derivation,
) -> Vec<String> {
    let recorded: Vec<bool> = Category::ALL.iter().map(|c| wb.in_scope(*c)).collect();
    crate::catalog::scoping::apply(after, &mut wb.scope);
    let derived_in = |d: &crate::catalog::scoping::Derivation, c: &Category| {
        d.categories.get(c).is_some_and(|d| d.in_scope)
    };
    let mut out = Vec::new();
    for (c, was) in Category::ALL.iter().zip(recorded) {
        let now = wb.in_scope(*c);
        if was == now || derived_in(before, c) != derived_in(after, c) {
            continue;
        }
        out.push(if now {
            let reason = wb
                .scope
                .categories
                .get(c)
                .map(|d| d.reason.clone())
                .unwrap_or_default();
            format!("{} is now in scope: {reason}", c.label())
        } else {
            format!(
                "{} is no longer in scope: no answer calls for it",
                c.label()
            )
        });
    }
    out
}

/// Chooses the report type (Type I: design at a date; Type II: operation over a window).
pub fn set_report_type(wb: &mut Workbook, report_type: crate::model::ReportType) {
    wb.scope.report_type = report_type;
}

/// Sets the Type II observation window length: any whole number of months from 3 to 12.
pub fn set_observation_months(wb: &mut Workbook, months: u8) -> Result<(), EditError> {
    if !(3..=12).contains(&months) {
        return Err(EditError::Invalid(format!(
            "an observation window is a whole number of months from 3 to 12, not {months}"
        )));
    }
    wb.scope.observation_months = Some(months);
    Ok(())
}

/// Sets or clears the date the team wants the report in hand.
pub fn set_target_report_date(wb: &mut Workbook, date: Option<Date>) {
    wb.scope.target_report_date = date;
}

/// Replaces the description of the system under audit.
pub fn set_system_description(wb: &mut Workbook, description: &str) {
    wb.organization.description = description.trim_end().to_string();
}

/// Which list of the system boundary a person edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundaryList {
    Products,
    Environments,
    DataTypes,
}

/// Replaces one boundary list; blank entries are dropped, order is kept.
pub fn set_boundary(wb: &mut Workbook, list: BoundaryList, entries: &[&str]) {
    let entries: Vec<String> = entries
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
        .map(String::from)
        .collect();
    let b = &mut wb.scope.boundary;
    match list {
        BoundaryList::Products => b.products = entries,
        BoundaryList::Environments => b.environments = entries,
        BoundaryList::DataTypes => b.data_types = entries,
    }
}

/// Names a vendor as a subservice organization (carve-out by default): a vendor of that
/// name already in the register becomes one, else it is added; returns its position among
/// the subservice organizations.
pub fn add_subservice(wb: &mut Workbook, name: &str, service: &str) -> Result<usize, EditError> {
    let name = non_empty(Some(name)).ok_or(EditError::Empty("the vendor's name"))?;
    let id = match wb
        .vendor_named(&name)
        .map(|(id, v)| (id.clone(), v.subservice))
    {
        Some((_, Some(_))) => {
            return Err(EditError::Invalid(format!(
                "{name} is already a subservice organization"
            )));
        }
        Some((id, None)) => {
            if let Some(v) = wb.vendors.get_mut(&id) {
                v.subservice = Some(crate::model::SubserviceMethod::CarveOut);
                if v.service.is_empty() {
                    v.service = service.trim().to_string();
                }
            }
            id
        }
        None => super::add_vendor(
            wb,
            &name,
            service,
            Some(crate::model::SubserviceMethod::CarveOut),
        )?,
    };
    Ok(wb
        .subservice_ids()
        .iter()
        .position(|x| *x == id)
        .unwrap_or_default())
}

/// One change to a subservice organization (a vendor with a method), as the Scoping view
/// offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubserviceChange {
    Name(String),
    Service(String),
    Method(crate::model::SubserviceMethod),
    /// When we reviewed their latest SOC 2 report; `None`: not reviewed.
    Reviewed(Option<Date>),
    /// The period their latest SOC 2 report covers; `None`: unknown.
    ReportPeriod(Option<crate::model::DateRange>),
    /// The controls we rely on them to operate (their CSOCs, as text).
    ReliedControls(Vec<String>),
}

/// The id of the subservice organization at `index` (in id order).
fn subservice_id(wb: &Workbook, index: usize) -> Result<String, EditError> {
    wb.subservice_ids()
        .get(index)
        .cloned()
        .ok_or_else(|| EditError::Invalid(format!("no subservice organization #{}", index + 1)))
}

/// Changes one field of the subservice organization at `index`: the latest report holds
/// the review date and the period (a first report is recorded when there is none).
pub fn update_subservice(
    wb: &mut Workbook,
    index: usize,
    change: SubserviceChange,
) -> Result<(), EditError> {
    let id = subservice_id(wb, index)?;
    let cat = crate::catalog::catalog();
    let latest = |wb: &Workbook| {
        let v = &wb.vendors[&id];
        let at = v
            .latest_report()
            .and_then(|l| v.reports.iter().position(|r| std::ptr::eq(r, l)));
        (at, at.map(|i| v.reports[i].clone()).unwrap_or_default())
    };
    let change = match change {
        SubserviceChange::Name(name) => {
            if name.trim().is_empty() {
                return Err(EditError::Empty("the vendor's name"));
            }
            super::VendorChange::Name(name)
        }
        SubserviceChange::Service(s) => super::VendorChange::Service(s),
        SubserviceChange::Method(m) => super::VendorChange::Subservice(Some(m)),
        SubserviceChange::ReliedControls(list) => super::VendorChange::CsocTexts(list),
        SubserviceChange::Reviewed(date) => {
            let (at, mut r) = latest(wb);
            r.reviewed = date;
            match at {
                Some(i) => super::VendorChange::SetReport(i, r),
                None => super::VendorChange::AddReport(r),
            }
        }
        SubserviceChange::ReportPeriod(period) => {
            if let Some(r) = period
                && r.end < r.start
            {
                return Err(EditError::Invalid(format!(
                    "their report period cannot end ({}) before it starts ({})",
                    r.end, r.start
                )));
            }
            let (at, mut r) = latest(wb);
            r.period = period;
            match at {
                Some(i) => super::VendorChange::SetReport(i, r),
                None => super::VendorChange::AddReport(r),
            }
        }
    };
    super::update_vendor(cat, wb, &id, change)
}

/// Makes the subservice organization at `index` an ordinary vendor again: its record,
/// reports and CUECs stay in the register.
pub fn remove_subservice(
    wb: &mut Workbook,
    index: usize,
) -> Result<crate::model::Vendor, EditError> {
    let id = subservice_id(wb, index)?;
    let v = wb
        .vendors
        .get_mut(&id)
        .ok_or_else(|| EditError::Invalid(format!("no vendor \"{id}\"")))?;
    v.subservice = None;
    Ok(v.clone())
}
