//! `soc2 check`'s meaning checks: what parses but cannot be right.
//!
//! Why separate from parsing: a hand edit or a text merge can produce a well-formed file
//! that names an unknown criterion, an owner who left the team, or the same id twice.
//! Each finding names the entity, so a person can find it without a line number.

use rustc_hash::FxHashSet as HashSet;

use crate::catalog::Catalog;
use crate::catalog::scoping::{QuestionKind, Questionnaire};
use crate::model::ids::{
    BACKLOG_PREFIX, CUSTOM_ITEM_PREFIX, EVIDENCE_PREFIX, MILESTONE_PREFIX, is_well_formed,
};
use crate::model::{Answer, Category, ItemStatus, ReportType, Workbook};

/// The shortest Type II observation window, in months.
pub const MIN_WINDOW_MONTHS: u8 = 3;
/// The longest Type II observation window, in months.
pub const MAX_WINDOW_MONTHS: u8 = 12;

/// One thing wrong with a workbook's meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What it is about: `backlog RB-k3fz`, `checklist CC6.2 / mfa-everywhere`.
    pub entity: String,
    pub message: String,
}

/// The findings so far, and the team's ids for the owner checks (a set, because every
/// record and evidence entry is checked against it).
struct Findings<'a> {
    found: Vec<Finding>,
    team: HashSet<&'a str>,
}

impl Findings<'_> {
    fn push(&mut self, entity: impl Into<String>, message: impl Into<String>) {
        self.found.push(Finding {
            entity: entity.into(),
            message: message.into(),
        });
    }

    /// Reports every id seen twice in one list (a hash set: linear in the list).
    fn unique<'b>(&mut self, kind: &str, ids: impl Iterator<Item = &'b str>) {
        let mut seen = HashSet::default();
        for id in ids {
            if !seen.insert(id) {
                self.push(
                    format!("{kind} {id}"),
                    "duplicate id: two entries share it (a bad merge?); give one a new id",
                );
            }
        }
    }

    fn owner(&mut self, entity: &str, field: &str, owner: Option<&str>) {
        if let Some(owner) = owner
            && !self.team.contains(owner)
        {
            self.push(
                entity,
                format!(
                    "{field} \"{owner}\" is not in the team; add them to `team` or pick a member"
                ),
            );
        }
    }
}

/// The advice every scope-contradiction finding ends with.
const REDERIVE: &str = "override with a reason or re-derive (`soc2 scope derive PATH`, or `x` on the category in the app)";

/// Whether a finding is a category decision that contradicts the scoping answers: the app
/// and the scope commands can fix those, so they do not make a workbook read-only there.
pub fn is_scope_contradiction(finding: &Finding) -> bool {
    finding.entity.starts_with("scope ") && finding.message.ends_with(REDERIVE)
}

/// Every meaning problem of a workbook, in file order.
pub fn check(cat: &Catalog, q: &Questionnaire, wb: &Workbook) -> Vec<Finding> {
    let mut found = check_apart_from_conflicts(cat, q, wb);
    for c in &wb.conflicts {
        found.push(Finding {
            entity: format!("conflict at {}", c.location),
            message: format!("unresolved merge conflict: ours \"{}\", theirs \"{}\"; resolve it in the app or edit the file", c.ours, c.theirs),
        });
    }
    found
}

/// Every problem [`check`] finds except the recorded merge conflicts, without copying the
/// workbook to leave them out (a merge checks its result this way).
pub fn check_apart_from_conflicts(cat: &Catalog, q: &Questionnaire, wb: &Workbook) -> Vec<Finding> {
    let mut f = Findings {
        found: Vec::new(),
        team: wb.team.iter().map(|m| m.id.as_str()).collect(),
    };
    check_scope(q, wb, &mut f);
    check_scope_follows_answers(q, wb, &mut f);
    f.unique("team member", wb.team.iter().map(|m| m.id.as_str()));
    for m in &wb.team {
        if m.id.is_empty() || m.id.contains(char::is_whitespace) {
            f.push(
                format!("team member \"{}\"", m.id),
                "a member id is a short handle without spaces",
            );
        }
    }
    check_checklist(cat, wb, &mut f);
    check_backlog(cat, wb, &mut f);
    check_policies(wb, &mut f);
    check_vendors(wb, &mut f);
    f.unique("milestone", wb.milestones.iter().map(|m| m.id.as_str()));
    for m in &wb.milestones {
        let entity = format!("milestone {} \"{}\"", m.id, m.name);
        if !is_well_formed(MILESTONE_PREFIX, &m.id) {
            f.push(
                &entity,
                format!("id should look like {MILESTONE_PREFIX}-k3fz"),
            );
        }
        if m.end < m.start {
            f.push(
                &entity,
                format!("ends ({}) before it starts ({})", m.end, m.start),
            );
        }
    }
    f.found
        .extend(crate::analysis::population_check::findings(cat, wb));
    f.found.extend(
        crate::analysis::risk::problems(crate::catalog::risks::risk_vocabulary(), wb)
            .into_iter()
            .map(|(entity, message)| Finding { entity, message }),
    );
    f.found.extend(requests::findings(cat, wb));
    f.found
}

/// The vendor register: dates in order and every person it names in the team.
fn check_vendors(wb: &Workbook, f: &mut Findings) {
    for (id, v) in &wb.vendors {
        let entity = format!("vendor {id}");
        if id.is_empty() || id.contains(char::is_whitespace) {
            f.push(
                &entity,
                "a vendor id is a short slug without spaces (`amazon-web-services`)",
            );
        }
        f.owner(&entity, "owner", v.owner.as_deref());
        // Every finding names the vendor as its entity (what a merge maps back to the
        // vendor as a whole) and the report or letter in its message.
        for (i, r) in v.reports.iter().enumerate() {
            if let Some(p) = r.period
                && p.end < p.start
            {
                f.push(
                    &entity,
                    format!(
                        "report {}: period ends ({}) before it starts ({})",
                        r.key(i),
                        p.end,
                        p.start
                    ),
                );
            }
            if let Some(by) = r.reviewed_by.as_deref()
                && !f.team.contains(by)
            {
                f.push(
                    &entity,
                    format!(
                        "report {}: reviewed by \"{by}\", who is not in the team; add them to `team` or pick a member",
                        r.key(i)
                    ),
                );
            }
        }
        for b in &v.bridge_letters {
            if b.through < b.issued.add_months(-12) {
                f.push(
                    &entity,
                    format!(
                        "bridge letter issued {} covers through {}, long before it was issued",
                        b.issued, b.through
                    ),
                );
            }
        }
    }
}

/// The policy register: every person it names is in the team, versions are the approved
/// ones, and nobody acknowledged a version that was never approved.
fn check_policies(wb: &Workbook, f: &mut Findings) {
    for (id, p) in &wb.policies {
        let entity = format!("policy {id}");
        if p.file.trim().is_empty() {
            f.push(&entity, "has no file: name the Markdown file of the policy");
        }
        f.owner(&entity, "owner", p.owner.as_deref());
        for a in &p.approvals {
            f.owner(&entity, "approver", Some(&a.by));
        }
        for r in &p.reviews {
            f.owner(&entity, "reviewer", Some(&r.by));
        }
        if !p.approvals.windows(2).all(|w| w[0].version < w[1].version) {
            f.push(
                &entity,
                "approvals must be of increasing versions, one approval each",
            );
        }
        let last = p.approvals.last().map_or(1, |a| a.version);
        if p.version != last {
            f.push(
                &entity,
                format!("version {} is not the last approved one ({last}); a new version exists once it is approved", p.version),
            );
        }
        for a in &p.acknowledgements {
            f.owner(&entity, "acknowledgement by", Some(&a.member));
            if !p.approvals.iter().any(|x| x.version == a.version) {
                f.push(
                    &entity,
                    format!(
                        "{} acknowledged version {}, which was never approved",
                        a.member, a.version
                    ),
                );
            }
        }
        let mut seen = HashSet::default();
        for a in &p.acknowledgements {
            if !seen.insert((a.member.as_str(), a.version)) {
                f.push(
                    &entity,
                    format!(
                        "{} acknowledged version {} twice; keep one",
                        a.member, a.version
                    ),
                );
            }
        }
    }
}

/// What is worth a look but does not make the workbook invalid (`soc2 check` prints these
/// as warnings and still exits 0): items marked implemented with no evidence entry, which
/// an auditor cannot test and readiness therefore does not count.
pub fn warnings(cat: &Catalog, wb: &Workbook) -> Vec<Finding> {
    crate::analysis::readiness::implemented_without_evidence(cat, wb)
        .into_iter()
        .map(|u| Finding {
            entity: format!("checklist {} / {}", u.criterion, u.item),
            message: "implemented without evidence: add a reference (`soc2 evidence add`), or \
                      one starting `none:` that says why none applies; readiness does not \
                      count it until then"
                .to_string(),
        })
        .chain(crate::analysis::population_check::warnings(wb))
        .collect()
}

fn check_scope(q: &Questionnaire, wb: &Workbook, f: &mut Findings) {
    if wb
        .scope
        .categories
        .get(&Category::Security)
        .is_some_and(|d| !d.in_scope)
    {
        f.push(
            "scope Security",
            "Security (the common criteria) is in every SOC 2 report and cannot be left out",
        );
    }
    for (category, decision) in &wb.scope.categories {
        if decision.overridden && decision.reason.trim().is_empty() {
            f.push(
                format!("scope {}", category.label()),
                "a category decided against the scoping answers needs a written reason",
            );
        }
    }
    // Any whole number of months from 3 to 12 (a 9-month window ending at a customer's year
    // end is common); the AICPA sets no shorter list.
    match (wb.scope.report_type, wb.scope.observation_months) {
        (ReportType::TypeII, Some(MIN_WINDOW_MONTHS..=MAX_WINDOW_MONTHS))
        | (ReportType::TypeI, _) => {}
        (ReportType::TypeII, None) => f.push(
            "scope",
            "a Type II report needs observation_months: a whole number of months from 3 to 12",
        ),
        (ReportType::TypeII, Some(n)) => f.push(
            "scope",
            format!("observation_months is {n}; a Type II window is 3 to 12 whole months"),
        ),
    }
    if let (Some(start), Some(target)) = (wb.scope.readiness_start, wb.scope.target_report_date)
        && target < start
    {
        f.push(
            "scope",
            format!("target report date {target} is before the readiness start {start}"),
        );
    }
    for (id, answer) in &wb.scope.answers {
        let entity = format!("scoping answer \"{id}\"");
        let Some(question) = q.questions.iter().find(|qq| &qq.id == id) else {
            f.push(entity, "no scoping question has this id");
            continue;
        };
        let fits = match (&question.kind, answer) {
            (QuestionKind::YesNo, Answer::Yes | Answer::No) => true,
            (QuestionKind::Choice(options), Answer::Choice(choice)) => {
                if !options.iter().any(|o| &o.id == choice) {
                    let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                    f.push(
                        &entity,
                        format!(
                            "\"{choice}\" is not an option; use one of {}",
                            ids.join(", ")
                        ),
                    );
                }
                true
            }
            (QuestionKind::Number, Answer::Number(_)) => true,
            (QuestionKind::Date, Answer::Date(_)) => true,
            _ => false,
        };
        if !fits {
            let expected = match question.kind {
                QuestionKind::YesNo => "Yes or No",
                QuestionKind::Choice(_) => "Choice(\"option\")",
                QuestionKind::Number => "Number(n)",
                QuestionKind::Date => "Date(\"YYYY-MM-DD\")",
            };
            f.push(
                entity,
                format!("the answer has the wrong kind; expected {expected}"),
            );
        }
    }
}

/// Answers are the source of the scope: a hand-edited or merged answer that was not
/// re-derived leaves a category decision no answer supports (or misses one they call for).
fn check_scope_follows_answers(q: &Questionnaire, wb: &Workbook, f: &mut Findings) {
    for c in crate::catalog::scoping::contradictions(q, &wb.scope) {
        f.push(
            format!("scope {}", c.category.label()),
            format!("{}; {REDERIVE}", c.message()),
        );
    }
}

fn check_checklist(cat: &Catalog, wb: &Workbook, f: &mut Findings) {
    let mut custom_ids = Vec::new();
    let mut evidence_ids = Vec::new();
    for (criterion_id, items) in &wb.checklist {
        let Some(criterion) = cat.criterion(criterion_id) else {
            f.push(
                format!("checklist {criterion_id}"),
                "no such criterion (ids look like CC6.1, A1.2, PI1.3, C1.1, P4.2)",
            );
            continue;
        };
        for (item_id, rec) in items {
            let entity = format!("checklist {criterion_id} / {item_id}");
            match (&rec.custom, cat.item(item_id)) {
                (None, None) => match cat.retired.get(item_id) {
                    Some(now) => f.push(
                        &entity,
                        format!("retired id: the control is now \"{now}\"; rename the record"),
                    ),
                    None => f.push(
                        &entity,
                        "no such checklist item in the catalog (custom items need a `custom` part)",
                    ),
                },
                (None, Some((home, _))) if home.id != criterion.id => f.push(
                    &entity,
                    format!(
                        "item belongs to {}, not {criterion_id}; move it there",
                        home.id
                    ),
                ),
                (Some(_), Some(_)) => {
                    f.push(&entity, "a custom item cannot reuse a catalog item id")
                }
                (Some(_), None) => {
                    if !is_well_formed(CUSTOM_ITEM_PREFIX, item_id) {
                        f.push(
                            &entity,
                            format!("a custom item id looks like {CUSTOM_ITEM_PREFIX}-k3fz"),
                        );
                    }
                    custom_ids.push(item_id.as_str());
                }
                (None, Some(_)) => {}
            }
            let recommended = cat
                .item(item_id)
                .is_some_and(|(_, it)| it.tier == crate::catalog::Tier::Recommended);
            if rec.status == ItemStatus::NotApplicable
                && !recommended
                && rec.reason.as_deref().is_none_or(|r| r.trim().is_empty())
            {
                f.push(
                    &entity,
                    "N/A needs a reason (auditors ask why a control does not apply)",
                );
            }
            f.owner(&entity, "owner", rec.owner.as_deref());
            let control = cat.item(item_id).map(|(_, it)| it);
            for (name, value) in &rec.parameters {
                match control.and_then(|c| c.parameters.iter().find(|p| &p.key == name)) {
                    None => f.push(&entity, format!("no parameter \"{name}\" in this control")),
                    Some(_) if *value == 0 => {
                        f.push(&entity, format!("parameter {name} must be at least 1"))
                    }
                    Some(_) => {}
                }
            }
            for ev in &rec.evidence {
                let ev_entity = format!("{entity} evidence {}", ev.id);
                if !is_well_formed(EVIDENCE_PREFIX, &ev.id) {
                    f.push(
                        &ev_entity,
                        format!("evidence id should look like {EVIDENCE_PREFIX}-k3fz"),
                    );
                }
                if ev.reference.trim().is_empty() {
                    f.push(
                        &ev_entity,
                        "evidence needs a reference (a path, URL or ticket id)",
                    );
                }
                f.owner(&ev_entity, "collected by", ev.by.as_deref());
                evidence_ids.push(ev.id.as_str());
            }
        }
    }
    f.unique("custom item", custom_ids.into_iter());
    f.unique("evidence", evidence_ids.into_iter());
}

fn check_backlog(cat: &Catalog, wb: &Workbook, f: &mut Findings) {
    // Collected once: looking through every criterion for each link made `check` grow
    // faster than the backlog.
    let custom: HashSet<&str> = wb
        .checklist
        .values()
        .flat_map(|items| items.iter())
        .filter(|(_, r)| r.custom.is_some())
        .map(|(id, _)| id.as_str())
        .collect();
    f.unique("backlog", wb.backlog.iter().map(|b| b.id.as_str()));
    for b in &wb.backlog {
        let entity = format!("backlog {} \"{}\"", b.id, b.title);
        if !is_well_formed(BACKLOG_PREFIX, &b.id) {
            f.push(
                &entity,
                format!("id should look like {BACKLOG_PREFIX}-k3fz"),
            );
        }
        if b.title.trim().is_empty() {
            f.push(&entity, "a backlog item needs a title");
        }
        f.owner(&entity, "owner", b.owner.as_deref());
        for c in &b.criteria {
            if cat.criterion(c).is_none() {
                f.push(&entity, format!("links to unknown criterion \"{c}\""));
            }
        }
        for i in &b.items {
            if cat.item(i).is_none() && !custom.contains(i.as_str()) {
                f.push(&entity, format!("links to unknown checklist item \"{i}\""));
            }
        }
        if let Some(done) = b.done
            && done < b.created
        {
            f.push(
                &entity,
                format!("done ({done}) before it was created ({})", b.created),
            );
        }
    }
}

#[cfg(test)]
mod tests;

mod requests;
