//! What changed between two versions of a workbook, in SOC 2 terms.
//!
//! Why not a line diff: a reviewer of a pull request wants "CC6.2 · access review: in
//! progress → implemented (owner maria, evidence TICKET-412, 2027-01-15)", not six moved
//! lines of RON. Entries are matched by id (as the merge does), and the changes come back
//! grouped by area, in report order, for `soc2 diff` and git's external diff to print.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Borrow;
use std::collections::BTreeSet;
use std::fmt::Display;

use crate::catalog::{Catalog, CatalogItem};
use crate::model::{
    Answer, BacklogItem, CategoryDecision, Date, ItemRecord, Member, Milestone, Workbook,
};

/// The part of a workbook a change belongs to, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Area {
    Organization,
    Scope,
    Team,
    Checklist,
    Backlog,
    Milestones,
    Conflicts,
    Policies,
    Populations,
    Vendors,
    Risks,
    Requests,
}

impl Area {
    /// The heading a group of changes is shown under.
    pub fn label(self) -> &'static str {
        match self {
            Area::Organization => "Organization",
            Area::Scope => "Scope",
            Area::Team => "Team",
            Area::Checklist => "Checklist",
            Area::Backlog => "Backlog",
            Area::Milestones => "Milestones",
            Area::Conflicts => "Merge conflicts",
            Area::Policies => "Policies",
            Area::Populations => "Populations",
            Area::Vendors => "Vendors",
            Area::Risks => "Risks",
            Area::Requests => "Auditor requests",
        }
    }
}

/// Whether an entry appeared, disappeared or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Added,
    Removed,
    Changed,
}

impl Kind {
    /// The sign in front of a change line.
    pub fn sign(self) -> char {
        match self {
            Kind::Added => '+',
            Kind::Removed => '-',
            Kind::Changed => '~',
        }
    }
}

/// One change, such as a checklist item moving to implemented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub area: Area,
    pub kind: Kind,
    /// What changed: `CC6.2 · Quarterly access review`, `RB-k3fz Formalize offboarding`.
    pub subject: String,
    /// How: `in progress → implemented (owner maria)`; may be empty.
    pub detail: String,
}

impl Change {
    /// The change as one line of text (workbook text included as is: sanitize to print).
    pub fn line(&self) -> String {
        match (self.kind, self.detail.is_empty()) {
            (_, true) => self.subject.clone(),
            (Kind::Changed, false) => format!("{}: {}", self.subject, self.detail),
            (_, false) => format!("{} {}", self.subject, self.detail),
        }
    }
}

/// Every change from `old` to `new`, grouped by area.
pub fn diff(cat: &Catalog, old: &Workbook, new: &Workbook) -> Vec<Change> {
    let mut out = Vec::new();
    organization(old, new, &mut out);
    scope(old, new, &mut out);
    keyed(
        &old.team,
        &new.team,
        |m| &m.id,
        Area::Team,
        &mut out,
        describe_member,
    );
    checklist(cat, old, new, &mut out);
    keyed(
        &old.backlog,
        &new.backlog,
        |b| &b.id,
        Area::Backlog,
        &mut out,
        describe_backlog,
    );
    keyed(
        &old.milestones,
        &new.milestones,
        |m| &m.id,
        Area::Milestones,
        &mut out,
        describe_milestone,
    );
    for c in &new.conflicts {
        if !old.conflicts.contains(c) {
            out.push(change(
                Area::Conflicts,
                Kind::Added,
                format!("conflict at {}", c.location),
                format!("(ours \"{}\", theirs \"{}\")", c.ours, c.theirs),
            ));
        }
    }
    for c in &old.conflicts {
        if !new.conflicts.contains(c) {
            out.push(change(
                Area::Conflicts,
                Kind::Removed,
                format!("conflict at {}", c.location),
                "resolved".into(),
            ));
        }
    }
    policy::policies(old, new, &mut out);
    vendor::vendors(old, new, &mut out);
    out.extend(super::population_diff::diff(old, new));
    risk::risks(old, new, &mut out);
    requests::requests(old, new, &mut out);
    out.sort_by_key(|c| c.area);
    out
}

fn change(area: Area, kind: Kind, subject: String, detail: String) -> Change {
    Change {
        area,
        kind,
        subject,
        detail,
    }
}

/// `a → b` of two displayable values.
fn arrow(a: impl Display, b: impl Display) -> String {
    format!("{a} → {b}")
}

fn opt<T: Display>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(|| "none".into(), |v| v.to_string())
}

/// A text field's change: short values side by side, long ones just "edited".
fn text_change(parts: &mut Vec<String>, label: &str, a: &str, b: &str) {
    if a == b {
        return;
    }
    if a.chars().count() + b.chars().count() > 80 || a.contains('\n') || b.contains('\n') {
        parts.push(format!("{label} edited"));
    } else {
        parts.push(format!("{label} \"{a}\" → \"{b}\""));
    }
}

fn value_change<T: PartialEq + Display>(parts: &mut Vec<String>, label: &str, a: &T, b: &T) {
    if a != b {
        parts.push(format!("{label} {}", arrow(a, b)));
    }
}

fn opt_change<T: PartialEq + Display>(
    parts: &mut Vec<String>,
    label: &str,
    a: &Option<T>,
    b: &Option<T>,
) {
    if a != b {
        parts.push(match (a, b) {
            (None, Some(b)) => format!("{label} {b}"),
            (Some(a), None) => format!("{label} removed (was {a})"),
            _ => format!("{label} {}", arrow(opt(a), opt(b))),
        });
    }
}

/// A list of plain values: `label +x -y`.
fn list_change(parts: &mut Vec<String>, label: &str, a: &[String], b: &[String]) {
    let added = b.iter().filter(|x| !a.contains(x)).map(|x| format!("+{x}"));
    let removed = a.iter().filter(|x| !b.contains(x)).map(|x| format!("-{x}"));
    let all: Vec<String> = added.chain(removed).collect();
    if !all.is_empty() {
        parts.push(format!("{label} {}", all.join(" ")));
    }
}

/// What a changed entry looks like in a diff: added, removed, or changed from the old one.
type Describe<T> = fn(Option<&T>, Option<&T>) -> Option<(String, String)>;

/// Walks entries matched by key; `describe` gives the subject and the detail. Entries
/// are looked up by a hash of their key: 100,000 backlog ids in a tree cost a string
/// comparison per level.
fn keyed<E: Borrow<T>, T: PartialEq>(
    old: &[E],
    new: &[E],
    key: fn(&T) -> &String,
    area: Area,
    out: &mut Vec<Change>,
    describe: Describe<T>,
) {
    let old_map: HashMap<&str, &T> = old
        .iter()
        .map(|x| (key(x.borrow()).as_str(), x.borrow()))
        .collect();
    let new_map: HashMap<&str, &T> = new
        .iter()
        .map(|x| (key(x.borrow()).as_str(), x.borrow()))
        .collect();
    for x in old.iter().map(Borrow::borrow) {
        if !new_map.contains_key(key(x).as_str())
            && let Some((s, d)) = describe(Some(x), None)
        {
            out.push(change(area, Kind::Removed, s, d));
        }
    }
    for x in new.iter().map(Borrow::borrow) {
        let (kind, before) = match old_map.get(key(x).as_str()) {
            None => (Kind::Added, None),
            Some(o) if *o == x => continue,
            Some(o) => (Kind::Changed, Some(*o)),
        };
        if let Some((s, d)) = describe(before, Some(x)) {
            out.push(change(area, kind, s, d));
        }
    }
}

fn describe_member(old: Option<&Member>, new: Option<&Member>) -> Option<(String, String)> {
    match (old, new) {
        (_, None) => old.map(|m| (format!("{} {}", m.id, m.name), String::new())),
        (None, Some(m)) => {
            let role = if m.role.is_empty() {
                String::new()
            } else {
                format!("({})", m.role)
            };
            Some((format!("{} {}", m.id, m.name), role))
        }
        (Some(a), Some(b)) => {
            let mut parts = Vec::new();
            text_change(&mut parts, "name", &a.name, &b.name);
            text_change(&mut parts, "role", &a.role, &b.role);
            opt_change(&mut parts, "joined", &a.joined, &b.joined);
            opt_change(&mut parts, "left", &a.left, &b.left);
            people_change(&mut parts, a, b);
            Some((b.id.clone(), parts.join(", ")))
        }
    }
}

/// A member's people record: background check, training dates, device enrolment.
fn people_change(parts: &mut Vec<String>, a: &Member, b: &Member) {
    opt_change(
        parts,
        "background check",
        &a.background_check,
        &b.background_check,
    );
    let show = |l: &[Date]| l.iter().map(Date::to_string).collect::<Vec<_>>();
    list_change(parts, "training", &show(&a.training), &show(&b.training));
    opt_change(
        parts,
        "device enrolled",
        &a.device_enrolled,
        &b.device_enrolled,
    );
}

fn describe_backlog(
    old: Option<&BacklogItem>,
    new: Option<&BacklogItem>,
) -> Option<(String, String)> {
    let subject = |b: &BacklogItem| format!("{} {}", b.id, b.title);
    match (old, new) {
        (_, None) => old.map(|b| (subject(b), String::new())),
        (None, Some(b)) => {
            let mut parts = Vec::new();
            if let Some(owner) = &b.owner {
                parts.push(format!("owner {owner}"));
            }
            if let Some(due) = b.due {
                parts.push(format!("due {due}"));
            }
            let detail = if parts.is_empty() {
                String::new()
            } else {
                format!("({})", parts.join(", "))
            };
            Some((subject(b), detail))
        }
        (Some(a), Some(b)) => {
            let mut parts = Vec::new();
            if a.status != b.status {
                parts.push(arrow(a.status.label(), b.status.label()));
            }
            opt_change(&mut parts, "owner", &a.owner, &b.owner);
            opt_change(&mut parts, "due", &a.due, &b.due);
            if a.priority != b.priority {
                parts.push(format!(
                    "priority {}",
                    arrow(a.priority.label(), b.priority.label())
                ));
            }
            text_change(&mut parts, "title", &a.title, &b.title);
            text_change(&mut parts, "description", &a.description, &b.description);
            list_change(&mut parts, "criteria", &a.criteria, &b.criteria);
            list_change(&mut parts, "items", &a.items, &b.items);
            Some((subject(b), parts.join(", ")))
        }
    }
}

fn describe_milestone(
    old: Option<&Milestone>,
    new: Option<&Milestone>,
) -> Option<(String, String)> {
    let subject = |m: &Milestone| format!("{} {}", m.id, m.name);
    match (old, new) {
        (_, None) => old.map(|m| (subject(m), String::new())),
        (None, Some(m)) => Some((subject(m), format!("({} → {})", m.start, m.end))),
        (Some(a), Some(b)) => {
            let mut parts = Vec::new();
            value_change(&mut parts, "start", &a.start, &b.start);
            value_change(&mut parts, "end", &a.end, &b.end);
            if a.status != b.status {
                parts.push(arrow(a.status.label(), b.status.label()));
            }
            if a.phase != b.phase {
                parts.push(format!("phase {}", arrow(a.phase.label(), b.phase.label())));
            }
            text_change(&mut parts, "name", &a.name, &b.name);
            text_change(&mut parts, "notes", &a.notes, &b.notes);
            if a.pinned != b.pinned {
                parts.push(if b.pinned { "pinned" } else { "unpinned" }.into());
            }
            Some((subject(b), parts.join(", ")))
        }
    }
}

fn organization(old: &Workbook, new: &Workbook, out: &mut Vec<Change>) {
    let (a, b) = (&old.organization, &new.organization);
    for (label, x, y) in [
        ("name", &a.name, &b.name),
        ("system", &a.system, &b.system),
        ("description", &a.description, &b.description),
        ("industry", &a.industry, &b.industry),
    ] {
        let mut parts = Vec::new();
        text_change(&mut parts, label, x, y);
        if let Some(p) = parts.pop() {
            out.push(change(Area::Organization, Kind::Changed, p, String::new()));
        }
    }
}

fn show_answer(a: &Answer) -> String {
    match a {
        Answer::Yes => "yes".into(),
        Answer::No => "no".into(),
        Answer::Choice(c) => c.clone(),
        Answer::Number(n) => n.to_string(),
        Answer::Date(d) => d.to_string(),
    }
}

fn show_decision(d: Option<&CategoryDecision>) -> &'static str {
    if d.is_some_and(|d| d.in_scope) {
        "in scope"
    } else {
        "out of scope"
    }
}

fn scope(old: &Workbook, new: &Workbook, out: &mut Vec<Change>) {
    let (a, b) = (&old.scope, &new.scope);
    let mut push = |subject: String, detail: String| {
        out.push(change(Area::Scope, Kind::Changed, subject, detail));
    };
    if a.report_type != b.report_type {
        push(
            "report type".into(),
            arrow(a.report_type.label(), b.report_type.label()),
        );
    }
    if a.observation_months != b.observation_months {
        let show = |m: Option<u8>| m.map_or_else(|| "none".into(), |m| format!("{m} months"));
        push(
            "observation window".into(),
            arrow(show(a.observation_months), show(b.observation_months)),
        );
    }
    let dates: [(&str, Option<Date>, Option<Date>); 2] = [
        ("readiness start", a.readiness_start, b.readiness_start),
        (
            "target report date",
            a.target_report_date,
            b.target_report_date,
        ),
    ];
    for (label, x, y) in dates {
        if x != y {
            push(label.into(), arrow(opt(&x), opt(&y)));
        }
    }
    for category in crate::model::Category::ALL {
        let (x, y) = (a.categories.get(&category), b.categories.get(&category));
        if x == y {
            continue;
        }
        let reason = y.map(|d| d.reason.as_str()).unwrap_or_default();
        let detail = if show_decision(x) != show_decision(y) {
            arrow(show_decision(x), show_decision(y))
        } else {
            "reason edited".into()
        };
        let detail = if reason.is_empty() {
            detail
        } else {
            format!("{detail} ({reason})")
        };
        push(category.label().into(), detail);
    }
    let keys: std::collections::BTreeSet<&String> =
        a.answers.keys().chain(b.answers.keys()).collect();
    for k in keys {
        let show = |v: Option<&Answer>| v.map_or_else(|| "unanswered".into(), show_answer);
        let (x, y) = (a.answers.get(k), b.answers.get(k));
        if x != y {
            push(format!("answer {k}"), arrow(show(x), show(y)));
        }
    }
    for (label, x, y) in [
        ("products", &a.boundary.products, &b.boundary.products),
        (
            "environments",
            &a.boundary.environments,
            &b.boundary.environments,
        ),
        ("data types", &a.boundary.data_types, &b.boundary.data_types),
    ] {
        let mut parts = Vec::new();
        list_change(&mut parts, label, x, y);
        if let Some(p) = parts.pop() {
            push(p, String::new());
        }
    }
}

/// `CC6.2 · Quarterly review of who has access…`
fn item_subject(cat: &Catalog, criterion: &str, item: &str, record: &ItemRecord) -> String {
    let title = cat
        .item(item)
        .map(|(_, i)| i.title_with(|key| record.parameters.get(key).copied()))
        .or_else(|| record.custom.as_ref().map(|c| c.title.clone()))
        .unwrap_or_else(|| item.to_string());
    const MAX: usize = 48;
    let short = if title.chars().count() > MAX {
        let mut t: String = title.chars().take(MAX - 1).collect();
        t.push('…');
        t
    } else {
        title
    };
    format!("{criterion} · {short}")
}

fn checklist(cat: &Catalog, old: &Workbook, new: &Workbook, out: &mut Vec<Change>) {
    let empty = ItemRecord::default();
    let mut keys: Vec<(&String, &String)> = Vec::new();
    for wb in [new, old] {
        for (c, items) in &wb.checklist {
            for i in items.keys() {
                if !keys.contains(&(c, i)) {
                    keys.push((c, i));
                }
            }
        }
    }
    keys.sort();
    for (criterion, item) in keys {
        let a = old.item(criterion, item);
        let b = new.item(criterion, item);
        if a == b {
            continue;
        }
        let kind = match (a, b) {
            (_, None) => Kind::Removed,
            (None, Some(r)) if r.custom.is_some() => Kind::Added,
            _ => Kind::Changed,
        };
        let shown = b.or(a).unwrap_or(&empty);
        let subject = item_subject(cat, criterion, item, shown);
        if kind == Kind::Removed {
            out.push(change(Area::Checklist, kind, subject, String::new()));
            continue;
        }
        let (a, b) = (a.unwrap_or(&empty), b.unwrap_or(&empty));
        out.push(change(
            Area::Checklist,
            kind,
            subject,
            describe_record(cat.item(item).map(|(_, it)| it), a, b),
        ));
    }
}

fn describe_record(control: Option<&CatalogItem>, a: &ItemRecord, b: &ItemRecord) -> String {
    let mut parts = Vec::new();
    // A parameter the workbook leaves out is the catalog's default, so a change from or
    // back to it still reads as two numbers.
    let keys: BTreeSet<&String> = a.parameters.keys().chain(b.parameters.keys()).collect();
    for key in keys {
        let default = control
            .and_then(|c| c.parameters.iter().find(|p| &p.key == key))
            .map(|p| p.default);
        let shown = |r: &ItemRecord| {
            r.parameters
                .get(key)
                .copied()
                .or(default)
                .map_or("default".to_string(), |n| n.to_string())
        };
        let (from, to) = (shown(a), shown(b));
        if from != to {
            parts.push(format!("{key} {}", arrow(&from, &to)));
        }
    }
    if a.reason != b.reason
        && let Some(r) = &b.reason
    {
        parts.push(format!("reason: {r}"));
    }
    opt_change(&mut parts, "owner", &a.owner, &b.owner);
    let mut new_dates = Vec::new();
    for e in &b.evidence {
        match a.evidence.iter().find(|x| x.id == e.id) {
            None => {
                let by =
                    e.by.as_ref()
                        .map(|w| format!(" by {w}"))
                        .unwrap_or_default();
                parts.push(format!("evidence {}, {}{by}", e.reference, e.collected));
                new_dates.push(e.collected);
            }
            Some(x) if x != e => parts.push(format!("evidence {} edited", e.reference)),
            Some(_) => {}
        }
    }
    for e in &a.evidence {
        if !b.evidence.iter().any(|x| x.id == e.id) {
            parts.push(format!("evidence {} removed", e.reference));
        }
    }
    for d in &b.performed {
        if !a.performed.contains(d) && !new_dates.contains(d) {
            parts.push(format!("performed {d}"));
        }
    }
    for d in &a.performed {
        if !b.performed.contains(d) {
            parts.push(format!("performed {d} removed"));
        }
    }
    text_change(&mut parts, "notes", &a.notes, &b.notes);
    if a.custom != b.custom && a.custom.is_some() && b.custom.is_some() {
        parts.push("custom item edited".into());
    }
    let rest = parts.join(", ");
    match (a.status != b.status, rest.is_empty()) {
        (true, true) => arrow(a.status.label(), b.status.label()),
        (true, false) => format!("{} ({rest})", arrow(a.status.label(), b.status.label())),
        (false, _) => rest,
    }
}

#[cfg(test)]
mod tests;

mod policy;
mod requests;
mod risk;
mod vendor;
