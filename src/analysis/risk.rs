//! What the risk register and its assessments tell an auditor: whether the annual risk
//! assessment falls where it must (inside a Type II window, within 12 months otherwise),
//! whether it was signed off, whether every risk has an owner, a treatment and real
//! mitigating controls, whether what is carried above the appetite was accepted, whether
//! fraud was considered (CC3.3), and whether a change since the assessment calls for a
//! new one (CC3.4).
//!
//! Why pure: `soc2 check`, `soc2 status`, the Dashboard, the Timeline and the Risks view
//! must agree on every finding, and "today" is a parameter.
//!
//! Derived triggers: besides the changes the team records, every event of an incident
//! control's population (`incident_controls` in `assets/risks.ron`) dated after the
//! latest assessment is a trigger, and so is a subservice organization whose due
//! diligence is dated after it (due diligence happens when a vendor is taken on, so it
//! dates the new subservice organization); incidents and new subservice organizations are
//! the changes the workbook itself dates reliably (products carry no dates here).

use std::collections::BTreeMap;

use crate::analysis::schedule::observation_window;
use crate::catalog::risks::RiskVocabulary;
use crate::catalog::{Catalog, category_of_id};
use crate::edit::NewBacklogItem;
use crate::model::risk::SCALE;
use crate::model::{
    Date, ItemStatus, ReportType, Risk, RiskAssessment, RiskTrigger, Treatment, Workbook,
};

/// Months between risk assessments.
pub const ASSESSMENT_MONTHS: i32 = 12;

/// What kind of thing a finding is (for the JSON and the tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    AssessmentDue,
    NotSignedOff,
    ReassessmentDue,
    NoFraudRisk,
    NoOwner,
    NoTreatment,
    NoControls,
    UnknownControl,
    ControlOutOfScope,
    AcceptedWithoutApproval,
    AboveAppetite,
    ResidualAboveInherent,
}

impl FindingKind {
    /// The id used in JSON (`assessment-due`).
    pub fn id(self) -> &'static str {
        match self {
            FindingKind::AssessmentDue => "assessment-due",
            FindingKind::NotSignedOff => "not-signed-off",
            FindingKind::ReassessmentDue => "reassessment-due",
            FindingKind::NoFraudRisk => "no-fraud-risk",
            FindingKind::NoOwner => "no-owner",
            FindingKind::NoTreatment => "no-treatment",
            FindingKind::NoControls => "mitigate-without-controls",
            FindingKind::UnknownControl => "unknown-control",
            FindingKind::ControlOutOfScope => "control-out-of-scope",
            FindingKind::AcceptedWithoutApproval => "accepted-without-approval",
            FindingKind::AboveAppetite => "above-appetite",
            FindingKind::ResidualAboveInherent => "residual-above-inherent",
        }
    }

    /// The criterion an auditor would cite.
    pub fn criterion(self) -> &'static str {
        match self {
            FindingKind::AssessmentDue | FindingKind::NotSignedOff => "CC3.2",
            FindingKind::ReassessmentDue => "CC3.4",
            FindingKind::NoFraudRisk => "CC3.3",
            FindingKind::NoOwner
            | FindingKind::NoTreatment
            | FindingKind::ResidualAboveInherent => "CC3.2",
            FindingKind::AcceptedWithoutApproval | FindingKind::AboveAppetite => "CC3.1",
            FindingKind::NoControls
            | FindingKind::UnknownControl
            | FindingKind::ControlOutOfScope => "CC5.1",
        }
    }
}

/// One thing about the register an auditor would raise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskFinding {
    pub kind: FindingKind,
    /// The risk it is about, when it is about one.
    pub risk: Option<String>,
    pub message: String,
    /// The catalog control that closes it (for the suggested backlog item).
    pub control: Option<&'static str>,
}

impl RiskFinding {
    /// What `soc2 check` names it by.
    pub fn entity(&self) -> String {
        match &self.risk {
            Some(id) => format!("risk {id}"),
            None => "risk register".to_string(),
        }
    }

    /// The remediation item a person can add for it in one step.
    pub fn suggested_backlog(&self, wb: &Workbook) -> NewBacklogItem {
        let title = match (&self.risk, self.kind) {
            (_, FindingKind::AssessmentDue) => "Hold the annual risk assessment".to_string(),
            (_, FindingKind::NotSignedOff) => "Get the risk assessment signed off".to_string(),
            (_, FindingKind::ReassessmentDue) => {
                "Reassess the risks after recent changes".to_string()
            }
            (_, FindingKind::NoFraudRisk) => "Add fraud risks to the register (CC3.3)".to_string(),
            (Some(id), kind) => format!(
                "Risk {}: {}",
                wb.risks.get(id).map_or(id.as_str(), |r| r.title.as_str()),
                match kind {
                    FindingKind::NoOwner => "name an owner",
                    FindingKind::NoTreatment => "decide a treatment",
                    FindingKind::NoControls => "link mitigating controls",
                    FindingKind::UnknownControl | FindingKind::ControlOutOfScope => {
                        "fix its mitigating controls"
                    }
                    FindingKind::AcceptedWithoutApproval | FindingKind::AboveAppetite => {
                        "record leadership's acceptance or reduce it"
                    }
                    _ => "correct its residual rating",
                }
            ),
            (None, _) => "Fix the risk register".to_string(),
        };
        NewBacklogItem {
            title,
            description: self.message.clone(),
            criteria: vec![self.kind.criterion().to_string()],
            items: self
                .control
                .map(|c| vec![c.to_string()])
                .unwrap_or_default(),
            priority: None,
            owner: self
                .risk
                .as_ref()
                .and_then(|id| wb.risks.get(id))
                .and_then(|r| r.owner.clone()),
            due: None,
        }
    }
}

/// Whether the team keeps a risk register in the workbook (nothing is reported before).
pub fn keeps_register(wb: &Workbook) -> bool {
    !wb.risks.is_empty() || !wb.risk_assessments.is_empty() || !wb.risk_triggers.is_empty()
}

/// The latest assessment recorded.
pub fn latest_assessment(wb: &Workbook) -> Option<&RiskAssessment> {
    wb.risk_assessments.iter().max_by_key(|a| a.date)
}

/// Where the annual assessment sits on the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AssessmentMark {
    /// The recorded date when held, else the date it is planned for.
    pub date: Date,
    pub done: bool,
    /// The last day it can be held and still count (the window's end, or 12 months after
    /// the previous one).
    pub latest: Date,
    /// It was not held and that last day has passed.
    pub missed: bool,
}

/// The annual assessment on the plan: inside a Type II window (the one held there, else
/// planned a month after the window opens, or today when that has passed, never after the
/// window ends); without a window, the one of the last 12 months or the next due.
pub fn assessment_mark(wb: &Workbook, today: Date) -> Option<AssessmentMark> {
    if !keeps_register(wb) {
        return None;
    }
    if let Some((start, end)) = observation_window(wb) {
        if let Some(a) = wb
            .risk_assessments
            .iter()
            .filter(|a| start <= a.date && a.date <= end)
            .max_by_key(|a| a.date)
        {
            return Some(AssessmentMark {
                date: a.date,
                done: true,
                latest: end,
                missed: false,
            });
        }
        let planned = start.add_months(1).max(today).min(end);
        return Some(AssessmentMark {
            date: planned,
            done: false,
            latest: end,
            missed: today > end,
        });
    }
    match latest_assessment(wb) {
        Some(a) if a.date.add_months(ASSESSMENT_MONTHS) > today => Some(AssessmentMark {
            date: a.date,
            done: true,
            latest: a.date.add_months(ASSESSMENT_MONTHS),
            missed: false,
        }),
        Some(a) => Some(AssessmentMark {
            date: today,
            done: false,
            latest: a.date.add_months(ASSESSMENT_MONTHS),
            missed: true,
        }),
        None => Some(AssessmentMark {
            date: today,
            done: false,
            latest: today,
            missed: false,
        }),
    }
}

/// One line for the timeline: where the annual risk assessment sits.
pub fn describe_mark(wb: &Workbook, today: Date) -> Option<String> {
    let m = assessment_mark(wb, today)?;
    let place = match observation_window(wb) {
        Some(_) => "inside the observation window",
        None => "within the last 12 months",
    };
    Some(match (m.done, m.missed) {
        (true, _) => format!("Risk assessment (R): held {}, {place}", m.date),
        (false, true) => format!(
            "Risk assessment (!): not held {place}, which ended {}; auditors note the gap",
            m.latest
        ),
        (false, false) => format!(
            "Risk assessment (R): planned {}, {place}; hold it by {} and record it (`soc2 risk assess`)",
            m.date, m.latest
        ),
    })
}

/// Every change after the latest assessment that calls for a new one: the team's recorded
/// triggers, the incidents the incident controls' populations hold, and the subservice
/// organizations taken on (due diligence) since.
pub fn pending_triggers(v: &RiskVocabulary, wb: &Workbook) -> Vec<RiskTrigger> {
    let after = latest_assessment(wb).map(|a| a.date);
    let later = |d: Date| after.is_none_or(|a| d > a);
    let mut out: Vec<RiskTrigger> = wb
        .risk_triggers
        .iter()
        .filter(|t| later(t.date))
        .cloned()
        .collect();
    if after.is_some() {
        for control in &v.incident_controls {
            for e in wb
                .populations
                .get(control)
                .map(|p| p.events.as_slice())
                .unwrap_or_default()
            {
                if later(e.date) {
                    let text = if e.description.is_empty() {
                        format!("{control} event {}", e.id)
                    } else {
                        e.description.clone()
                    };
                    out.push(RiskTrigger {
                        date: e.date,
                        kind: "incident".to_string(),
                        text,
                    });
                }
            }
        }
        for vendor in wb.subservices() {
            if let Some(date) = vendor.due_diligence.filter(|d| later(*d)) {
                out.push(RiskTrigger {
                    date,
                    kind: "new-subservice".to_string(),
                    text: format!(
                        "{} taken on as a subservice organization (due diligence {date})",
                        vendor.name
                    ),
                });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Why a mitigating control id cannot count: unknown, or out of the report's scope.
fn control_problem(cat: &Catalog, wb: &Workbook, id: &str) -> Option<(FindingKind, String)> {
    let current = cat.resolve_id(id);
    if let Some((criterion, item)) = cat.item(current) {
        let category_in = category_of_id(&criterion.id).is_none_or(|c| wb.in_scope(c));
        if !category_in {
            return Some((
                FindingKind::ControlOutOfScope,
                format!(
                    "mitigating control {current} ({}) is under {}, which is out of scope: it will not be tested, pick an in-scope control",
                    item.title, criterion.id
                ),
            ));
        }
        if wb
            .item(&criterion.id, current)
            .is_some_and(|r| r.status == ItemStatus::NotApplicable)
        {
            return Some((
                FindingKind::ControlOutOfScope,
                format!(
                    "mitigating control {current} ({}) is marked N/A: a control that does not operate mitigates nothing",
                    item.title
                ),
            ));
        }
        return None;
    }
    let custom = wb
        .checklist
        .values()
        .any(|items| items.get(id).is_some_and(|r| r.custom.is_some()));
    (!custom).then(|| {
        (
            FindingKind::UnknownControl,
            format!(
                "mitigating control \"{id}\" is neither a catalog control nor a custom item; fix the id (`soc2 catalog` lists them)"
            ),
        )
    })
}

fn risk_findings(
    cat: &Catalog,
    v: &RiskVocabulary,
    wb: &Workbook,
    id: &str,
    r: &Risk,
) -> Vec<RiskFinding> {
    let mut out = Vec::new();
    let mut push = |kind, message: String, control| {
        out.push(RiskFinding {
            kind,
            risk: Some(id.to_string()),
            message,
            control,
        })
    };
    if r.owner.is_none() {
        push(
            FindingKind::NoOwner,
            "has no owner: name the person who answers for it".to_string(),
            None,
        );
    }
    match r.treatment {
        None => push(
            FindingKind::NoTreatment,
            "has no treatment: decide mitigate, accept, transfer or avoid".to_string(),
            Some("risk-treatment-approval"),
        ),
        Some(Treatment::Mitigate) if r.controls.is_empty() => push(
            FindingKind::NoControls,
            "is to be mitigated but names no control: link the controls that reduce it (the risk–control matrix)".to_string(),
            Some("risk-control-matrix"),
        ),
        Some(Treatment::Accept) if r.acceptance.is_none() => push(
            FindingKind::AcceptedWithoutApproval,
            "is accepted without an approval: record who accepted it and when".to_string(),
            Some("risk-treatment-approval"),
        ),
        _ => {}
    }
    for c in &r.controls {
        if let Some((kind, message)) = control_problem(cat, wb, c) {
            push(kind, message, Some("risk-control-matrix"));
        }
    }
    let carried = r.current();
    if carried > v.appetite && r.acceptance.is_none() && r.treatment != Some(Treatment::Accept) {
        let what = if r.residual().is_some() {
            "residual"
        } else {
            "inherent (residual not rated)"
        };
        push(
            FindingKind::AboveAppetite,
            format!(
                "{what} score {carried} is above the appetite of {}: rate the residual after controls, reduce it, or record leadership's acceptance",
                v.appetite
            ),
            Some("risk-treatment-approval"),
        );
    }
    if let Some(res) = r.residual()
        && res > r.inherent()
    {
        push(
            FindingKind::ResidualAboveInherent,
            format!(
                "residual score {res} is above the inherent {}: controls cannot make a risk worse; check the ratings",
                r.inherent()
            ),
            None,
        );
    }
    out
}

/// Every finding about the register, the assessment first, then risk by risk.
pub fn findings(cat: &Catalog, v: &RiskVocabulary, wb: &Workbook, today: Date) -> Vec<RiskFinding> {
    if !keeps_register(wb) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut general = |kind, message: String, control| {
        out.push(RiskFinding {
            kind,
            risk: None,
            message,
            control,
        })
    };
    let latest = latest_assessment(wb);
    if let Some(mark) = assessment_mark(wb, today)
        && !mark.done
    {
        let last = latest.map_or_else(
            || "none is recorded".to_string(),
            |a| format!("the last was on {}", a.date),
        );
        let message = match observation_window(wb) {
            Some((start, end)) if mark.missed => format!(
                "annual risk assessment due: none was held inside the observation window ({start} → {end}); {last}"
            ),
            Some((start, end)) => format!(
                "annual risk assessment due: none inside the observation window ({start} → {end}) yet; hold it by {end} ({last})"
            ),
            None => format!(
                "annual risk assessment due: none in the last {ASSESSMENT_MONTHS} months ({last}); hold one and record it (`soc2 risk assess`)"
            ),
        };
        general(
            FindingKind::AssessmentDue,
            message,
            Some("risk-assessment-annual"),
        );
    }
    if let Some(a) = latest
        && a.signed_off.is_none()
    {
        general(
            FindingKind::NotSignedOff,
            format!(
                "the risk assessment of {} is not signed off: an auditor asks for management's sign-off",
                a.date
            ),
            Some("risk-assessment-annual"),
        );
    }
    let pending = pending_triggers(v, wb);
    if let (Some(a), false) = (latest, pending.is_empty()) {
        let list: Vec<String> = pending
            .iter()
            .take(3)
            .map(|t| format!("{} {} ({})", t.date, t.kind, t.text))
            .collect();
        let more = pending.len().saturating_sub(3);
        general(
            FindingKind::ReassessmentDue,
            format!(
                "reassessment due: {} change{} since the assessment of {}: {}{}",
                pending.len(),
                if pending.len() == 1 { "" } else { "s" },
                a.date,
                list.join("; "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
            Some("risk-reassess-on-change"),
        );
    }
    if !wb.risks.is_empty() && !wb.risks.values().any(|r| r.category == "fraud") {
        general(
            FindingKind::NoFraudRisk,
            "no fraud risk in the register: CC3.3 expects fraud scenarios (code, deploys, production data and logs changed without a second person); `soc2 risk init` adds starter ones".to_string(),
            Some("fraud-risk-scenarios"),
        );
    }
    for (id, r) in &wb.risks {
        out.extend(risk_findings(cat, v, wb, id, r));
    }
    out
}

/// `soc2 check`'s warnings: every finding, named by its risk or the register.
pub fn warnings(cat: &Catalog, wb: &Workbook, today: Date) -> Vec<crate::analysis::check::Finding> {
    findings(cat, crate::catalog::risks::risk_vocabulary(), wb, today)
        .into_iter()
        .map(|f| crate::analysis::check::Finding {
            entity: f.entity(),
            message: f.message,
        })
        .collect()
}

/// `soc2 check`'s errors: what cannot be right in the register (an unknown category or
/// trigger kind, a rating off the scale, a person not in the team).
pub fn problems(v: &RiskVocabulary, wb: &Workbook) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let member = |h: &str| wb.member(h).is_some();
    for (id, r) in &wb.risks {
        let entity = format!("risk {id}");
        if !crate::catalog::is_item_slug(id) {
            out.push((
                entity.clone(),
                "a risk id is a slug: 3-40 of a-z, 0-9 and single hyphens".to_string(),
            ));
        }
        if r.title.trim().is_empty() {
            out.push((entity.clone(), "has no title".to_string()));
        }
        if v.category(&r.category).is_none() {
            out.push((
                entity.clone(),
                format!(
                    "category \"{}\" is not one of: {}",
                    r.category,
                    v.category_ids().join(", ")
                ),
            ));
        }
        let ratings = [
            ("likelihood", Some(r.likelihood)),
            ("impact", Some(r.impact)),
            ("residual_likelihood", r.residual_likelihood),
            ("residual_impact", r.residual_impact),
        ];
        for (name, n) in ratings {
            if let Some(n) = n
                && !SCALE.contains(&n)
            {
                out.push((
                    entity.clone(),
                    format!("{name} is {n}; the scale is 1 to 5"),
                ));
            }
        }
        if r.residual_likelihood.is_some() != r.residual_impact.is_some() {
            out.push((
                entity.clone(),
                "rate both residual_likelihood and residual_impact, or neither".to_string(),
            ));
        }
        for (field, who) in [
            ("owner", r.owner.as_deref()),
            (
                "acceptance by",
                r.acceptance.as_ref().map(|a| a.by.as_str()),
            ),
        ] {
            if let Some(h) = who
                && !member(h)
            {
                out.push((
                    entity.clone(),
                    format!(
                        "{field} \"{h}\" is not in the team; add them to `team` or pick a member"
                    ),
                ));
            }
        }
    }
    for a in &wb.risk_assessments {
        let entity = format!("risk assessment {}", a.date);
        for who in
            std::iter::once(a.by.as_str()).chain(a.signed_off.as_ref().map(|s| s.by.as_str()))
        {
            if !member(who) {
                out.push((
                    entity.clone(),
                    format!("\"{who}\" is not in the team; add them to `team` or pick a member"),
                ));
            }
        }
        if let Some(s) = &a.signed_off
            && s.date < a.date
        {
            out.push((
                entity.clone(),
                format!("signed off on {} before it was held", s.date),
            ));
        }
    }
    let mut dates: Vec<Date> = wb.risk_assessments.iter().map(|a| a.date).collect();
    dates.sort_unstable();
    if dates.windows(2).any(|w| w[0] == w[1]) {
        out.push((
            "risk assessments".to_string(),
            "two assessments share a date (a bad merge?); keep one".to_string(),
        ));
    }
    for t in &wb.risk_triggers {
        if v.trigger_kind(&t.kind).is_none() {
            out.push((
                format!("risk trigger {} \"{}\"", t.date, t.text),
                format!(
                    "kind \"{}\" is not one of: {}",
                    t.kind,
                    v.trigger_kind_ids().join(", ")
                ),
            ));
        }
    }
    out
}

/// Risks per likelihood × impact cell: `[likelihood - 1][impact - 1]`, inherent or residual
/// (a risk whose residual is not rated is left out of the residual map).
pub fn heat_map(wb: &Workbook, residual: bool) -> [[usize; 5]; 5] {
    let mut cells = [[0usize; 5]; 5];
    for r in wb.risks.values() {
        let (l, i) = if residual {
            match (r.residual_likelihood, r.residual_impact) {
                (Some(l), Some(i)) => (l, i),
                _ => continue,
            }
        } else {
            (r.likelihood, r.impact)
        };
        if SCALE.contains(&l) && SCALE.contains(&i) {
            cells[usize::from(l - 1)][usize::from(i - 1)] += 1;
        }
    }
    cells
}

/// How many risks fall in each band (band id → count), by the score carried today.
pub fn band_counts<'v>(v: &'v RiskVocabulary, wb: &Workbook) -> Vec<(&'v str, usize)> {
    let mut counts: Vec<(&str, usize)> = v.bands.iter().map(|b| (b.id.as_str(), 0)).collect();
    for r in wb.risks.values() {
        let band = v.band(r.current());
        if let Some(c) = counts.iter_mut().find(|(id, _)| *id == band.id) {
            c.1 += 1;
        }
    }
    counts
}

/// The risk–control matrix turned around: control id → the risks it mitigates.
pub fn control_to_risks(wb: &Workbook) -> BTreeMap<&str, Vec<&str>> {
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (id, r) in &wb.risks {
        for c in &r.controls {
            out.entry(c.as_str()).or_default().push(id.as_str());
        }
    }
    out
}

/// Whether the report is a Type II (the window rule) or not (the 12-month rule), for words.
pub fn rule(wb: &Workbook) -> &'static str {
    match (wb.scope.report_type, observation_window(wb)) {
        (ReportType::TypeII, Some(_)) => "inside the observation window",
        _ => "within the last 12 months",
    }
}

#[cfg(test)]
mod tests;
