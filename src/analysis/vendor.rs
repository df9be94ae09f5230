//! What an auditor would flag in the vendor register (CC9.2): a subservice organization
//! whose reports leave part of our window uncovered, a stale or missing review, an opinion
//! other than unqualified, an exception without our response, a critical vendor without
//! due diligence or agreements, and CUECs we do not (yet) operate.
//!
//! Why pure and in one place: `soc2 check`, `soc2 status`, the Dashboard, the Vendors view
//! and the Checklist view must agree on every finding, and "today" is a parameter so each
//! result is reproducible. One pass over the vendors: linear in their number.

use crate::catalog::Catalog;
use crate::catalog::vendors::{VendorRules, vendor_rules};
use crate::model::{
    Answer, Date, DateRange, ItemStatus, Opinion, SubserviceMethod, Tier, Vendor, Workbook,
};

/// What is wrong with one vendor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindingKind {
    /// Days of our window (through its end, or through today while it runs) that neither a
    /// report nor a bridge letter covers.
    BridgeLetterGap {
        from: Date,
        to: Date,
    },
    /// The latest report's period does not overlap our window at all.
    PeriodOutsideWindow {
        period: DateRange,
        window: (Date, Date),
    },
    /// A subservice organization with no report on file.
    NoReport,
    /// The latest review is older than the rule's months.
    ReviewStale {
        last: Date,
    },
    /// A critical vendor or subservice organization whose report was never reviewed.
    NeverReviewed,
    /// The latest report's opinion is not unqualified.
    Opinion(Opinion),
    /// An exception in a report with no response of ours.
    UnansweredException {
        text: String,
    },
    NoDueDiligence,
    NoContract,
    /// Personal data without a data processing agreement.
    NoDpa,
    /// PHI (with health data in scope) without a business associate agreement.
    NoBaa,
    /// A CUEC that names none of our controls.
    UnmappedCuec {
        text: String,
    },
    /// A CUEC whose control names no checklist item (catalog or custom).
    UnknownControl {
        text: String,
        control: String,
    },
    /// A CUEC whose control is not implemented yet: a checklist gap.
    CuecControlNotDone {
        text: String,
        criterion: String,
        control: String,
        status: ItemStatus,
    },
    /// The planned next review date has passed.
    ReviewOverdue {
        due: Date,
    },
}

/// One finding about one vendor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The vendor's id in the register.
    pub vendor: String,
    pub kind: FindingKind,
}

impl Finding {
    /// The finding in an auditor's words (without the vendor's name).
    pub fn message(&self) -> String {
        match &self.kind {
            FindingKind::BridgeLetterGap { from, to } => format!(
                "bridge-letter gap {from} to {to}: no report or bridge letter covers these days of our window; ask the vendor for a bridge letter"
            ),
            FindingKind::PeriodOutsideWindow { period, window } => format!(
                "latest report period {} to {} does not overlap our window {} to {}",
                period.start, period.end, window.0, window.1
            ),
            FindingKind::NoReport => {
                "no SOC report on file for a subservice organization; request their latest report"
                    .into()
            }
            FindingKind::ReviewStale { last } => format!(
                "last report review {last} is more than {} months old; review their latest report",
                vendor_rules().review_months
            ),
            FindingKind::NeverReviewed => "their report has never been reviewed".into(),
            FindingKind::Opinion(o) => format!(
                "the latest report's opinion is {}: record how we respond or compensate",
                o.label()
            ),
            FindingKind::UnansweredException { text } => {
                format!("exception \"{text}\" has no response of ours")
            }
            FindingKind::NoDueDiligence => "critical vendor without recorded due diligence".into(),
            FindingKind::NoContract => "critical vendor without a recorded contract".into(),
            FindingKind::NoDpa => "processes personal data without a recorded DPA".into(),
            FindingKind::NoBaa => "handles PHI without a recorded BAA".into(),
            FindingKind::UnmappedCuec { text } => {
                format!("CUEC \"{text}\" is not mapped to any of our controls")
            }
            FindingKind::UnknownControl { text, control } => {
                format!("CUEC \"{text}\" names {control}, which is no checklist item")
            }
            FindingKind::CuecControlNotDone {
                text,
                criterion,
                control,
                status,
            } => format!(
                "CUEC \"{text}\" relies on {criterion} {control}, which is {}: a checklist gap",
                status.label()
            ),
            FindingKind::ReviewOverdue { due } => format!("next review was due {due}"),
        }
    }

    /// A short stable name of the finding's kind, for scripts.
    pub fn code(&self) -> &'static str {
        match self.kind {
            FindingKind::BridgeLetterGap { .. } => "bridge-letter-gap",
            FindingKind::PeriodOutsideWindow { .. } => "period-outside-window",
            FindingKind::NoReport => "no-report",
            FindingKind::ReviewStale { .. } => "review-stale",
            FindingKind::NeverReviewed => "never-reviewed",
            FindingKind::Opinion(_) => "opinion",
            FindingKind::UnansweredException { .. } => "exception-without-response",
            FindingKind::NoDueDiligence => "no-due-diligence",
            FindingKind::NoContract => "no-contract",
            FindingKind::NoDpa => "no-dpa",
            FindingKind::NoBaa => "no-baa",
            FindingKind::UnmappedCuec { .. } => "cuec-unmapped",
            FindingKind::UnknownControl { .. } => "cuec-unknown-control",
            FindingKind::CuecControlNotDone { .. } => "cuec-control-not-done",
            FindingKind::ReviewOverdue { .. } => "review-overdue",
        }
    }

    /// The backlog item that would close this finding: its title, criteria and items.
    pub fn suggestion(&self, name: &str) -> (String, Vec<String>, Vec<String>) {
        let cc92 = vec!["CC9.2".to_string()];
        let title = match &self.kind {
            FindingKind::BridgeLetterGap { to, .. } => {
                format!("Get a bridge letter from {name} covering through {to}")
            }
            FindingKind::PeriodOutsideWindow { .. } | FindingKind::NoReport => {
                format!("Obtain {name}'s SOC report covering our window")
            }
            FindingKind::ReviewStale { .. }
            | FindingKind::NeverReviewed
            | FindingKind::ReviewOverdue { .. } => format!("Review {name}'s SOC report"),
            FindingKind::Opinion(_) | FindingKind::UnansweredException { .. } => {
                format!("Respond to the exceptions in {name}'s report")
            }
            FindingKind::NoDueDiligence => format!("Do and record due diligence on {name}"),
            FindingKind::NoContract => format!("Sign a contract with security terms with {name}"),
            FindingKind::NoDpa => format!("Sign a DPA with {name}"),
            FindingKind::NoBaa => format!("Sign a BAA with {name}"),
            FindingKind::UnmappedCuec { .. } | FindingKind::UnknownControl { .. } => {
                format!("Map {name}'s CUECs to our controls")
            }
            FindingKind::CuecControlNotDone {
                criterion, control, ..
            } => {
                return (
                    format!("Implement {control}: a CUEC of {name} relies on it"),
                    vec![criterion.clone()],
                    vec![control.clone()],
                );
            }
        };
        (title, cc92, Vec::new())
    }
}

/// One vendor with its tier and findings, for the status, the Dashboard and the view.
#[derive(Clone, Debug)]
pub struct VendorReview<'a> {
    pub id: &'a str,
    pub vendor: &'a Vendor,
    /// The tier that counts (recorded, else the rule's).
    pub tier: Tier,
    /// The rule's tier and why, shown when the recorded tier differs.
    pub suggested: (Tier, &'static str),
    pub findings: Vec<Finding>,
}

impl VendorReview<'_> {
    /// The latest report's period end, or the latest bridge letter's, whichever is later.
    pub fn covered_through(&self) -> Option<Date> {
        covered_through(self.vendor)
    }
}

/// How far the vendor's reports and bridge letters cover. A bridge letter vouches only
/// for the days up to its issue (management cannot speak for the future), so one that
/// claims later days counts through its issue date.
pub fn covered_through(v: &Vendor) -> Option<Date> {
    let report = v
        .reports
        .iter()
        .filter_map(|r| r.period.map(|p| p.end))
        .max();
    let letter = v
        .bridge_letters
        .iter()
        .map(|b| b.through.min(b.issued))
        .max();
    report.max(letter)
}

/// The latest date any report of the vendor was reviewed.
pub fn last_reviewed(v: &Vendor) -> Option<Date> {
    v.reports.iter().filter_map(|r| r.reviewed).max()
}

/// Every vendor, in id order, with its findings.
pub fn review<'a>(cat: &Catalog, wb: &'a Workbook, today: Date) -> Vec<VendorReview<'a>> {
    let rules = vendor_rules();
    let at = Context {
        cat,
        wb,
        rules,
        window: crate::analysis::schedule::observation_window(wb),
        phi_in_scope: matches!(wb.scope.answers.get("health_data"), Some(Answer::Yes)),
        today,
    };
    wb.vendors
        .iter()
        .map(|(id, v)| {
            let mut findings = Vec::new();
            vendor_findings(&at, v, &mut |kind| {
                findings.push(Finding {
                    vendor: id.clone(),
                    kind,
                })
            });
            VendorReview {
                id,
                vendor: v,
                tier: rules.tier(v),
                suggested: rules.suggest(v),
                findings,
            }
        })
        .collect()
}

/// Every finding of every vendor, in id order.
pub fn findings(cat: &Catalog, wb: &Workbook, today: Date) -> Vec<Finding> {
    review(cat, wb, today)
        .into_iter()
        .flat_map(|r| r.findings)
        .collect()
}

/// What every vendor's findings are judged against, worked out once.
struct Context<'a> {
    cat: &'a Catalog,
    wb: &'a Workbook,
    rules: &'a VendorRules,
    window: Option<(Date, Date)>,
    /// The scoping answers say health data is handled (a BAA then matters).
    phi_in_scope: bool,
    today: Date,
}

fn vendor_findings(at: &Context, v: &Vendor, push: &mut dyn FnMut(FindingKind)) {
    let Context {
        cat,
        wb,
        rules,
        window,
        phi_in_scope,
        today,
    } = *at;
    let tier = rules.tier(v);
    let critical = tier == Tier::Critical;
    let subservice = v.subservice.is_some();
    let latest = v.latest_report();
    if subservice {
        if latest.is_none() {
            push(FindingKind::NoReport);
        }
        if let Some((start, end)) = window {
            if let Some(p) = latest.and_then(|r| r.period)
                && (p.end < start || p.start > end)
            {
                push(FindingKind::PeriodOutsideWindow {
                    period: p,
                    window: (start, end),
                });
            }
            // While the window runs a letter can only speak up to today; once it ends (or
            // before it starts, when planning) the whole window must be covered.
            let needed = if start <= today && today < end {
                today
            } else {
                end
            };
            if let Some(covered) = covered_through(v)
                && covered < needed
            {
                push(FindingKind::BridgeLetterGap {
                    from: covered.add_days(1).max(start),
                    to: needed,
                });
            }
        }
    }
    match last_reviewed(v) {
        Some(last) if last.add_months(rules.review_months as i32) < today => {
            push(FindingKind::ReviewStale { last });
        }
        None if (critical || subservice) && latest.is_some() => push(FindingKind::NeverReviewed),
        _ => {}
    }
    if let Some(o) = latest.and_then(|r| r.opinion)
        && o != Opinion::Unqualified
    {
        push(FindingKind::Opinion(o));
    }
    for r in &v.reports {
        for e in r.exceptions.iter().filter(|e| e.response.trim().is_empty()) {
            push(FindingKind::UnansweredException {
                text: e.text.clone(),
            });
        }
    }
    if critical {
        if v.due_diligence.is_none() {
            push(FindingKind::NoDueDiligence);
        }
        if !v.contract {
            push(FindingKind::NoContract);
        }
    }
    if rules.personal_data(v) && !v.dpa {
        push(FindingKind::NoDpa);
    }
    if phi_in_scope && rules.phi(v) && !v.baa {
        push(FindingKind::NoBaa);
    }
    for c in &v.cuecs {
        if c.controls.is_empty() {
            push(FindingKind::UnmappedCuec {
                text: c.text.clone(),
            });
        }
        for control in &c.controls {
            match control_status(cat, wb, control) {
                None => push(FindingKind::UnknownControl {
                    text: c.text.clone(),
                    control: control.clone(),
                }),
                Some((_, ItemStatus::Implemented)) => {}
                Some((criterion, status)) => push(FindingKind::CuecControlNotDone {
                    text: c.text.clone(),
                    criterion,
                    control: control.clone(),
                    status,
                }),
            }
        }
    }
    if let Some(due) = v.next_review
        && due < today
    {
        push(FindingKind::ReviewOverdue { due });
    }
}

/// A checklist item's criterion and status: a catalog control under its home, or a custom
/// item wherever the team made it.
pub fn control_status(cat: &Catalog, wb: &Workbook, id: &str) -> Option<(String, ItemStatus)> {
    if let Some((home, _)) = cat.item(id) {
        let status = wb.item(&home.id, id).map(|r| r.status).unwrap_or_default();
        return Some((home.id.clone(), status));
    }
    wb.checklist
        .iter()
        .find_map(|(c, items)| items.get(id).map(|r| (c.clone(), r.status)))
}

/// The CUECs that rely on one checklist item: `(vendor name, CUEC text)`, for the
/// Checklist view's detail (an unmet CUEC is a gap there too).
pub fn cuecs_of_item<'a>(wb: &'a Workbook, item: &str) -> Vec<(&'a str, &'a str)> {
    wb.vendors
        .values()
        .flat_map(|v| v.cuecs.iter().map(move |c| (v, c)))
        .filter(|(_, c)| c.controls.iter().any(|x| x == item))
        .map(|(v, c)| (v.name.as_str(), c.text.as_str()))
        .collect()
}

/// The CUEC findings that are checklist gaps.
pub fn checklist_gaps(cat: &Catalog, wb: &Workbook, today: Date) -> Vec<(String, Finding)> {
    review(cat, wb, today)
        .into_iter()
        .flat_map(|r| {
            let name = r.vendor.name.clone();
            r.findings
                .into_iter()
                .filter(|f| matches!(f.kind, FindingKind::CuecControlNotDone { .. }))
                .map(move |f| (name.clone(), f))
        })
        .collect()
}

/// Subservice organizations, in id order (the Scoping view and the report's carve-outs).
pub fn subservices(wb: &Workbook) -> impl Iterator<Item = (&String, &Vendor, SubserviceMethod)> {
    wb.vendors
        .iter()
        .filter_map(|(id, v)| v.subservice.map(|m| (id, v, m)))
}

#[cfg(test)]
#[path = "vendor_tests.rs"]
mod tests;
