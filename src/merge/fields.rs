//! The fields of each workbook entity that merge one by one, and how a recorded value is
//! written into one of them again.
//!
//! Why one table per entity: the merge (which field conflicts) and the resolution (put this
//! recorded value back) must agree on the same field names, so both come from one macro
//! invocation per entity instead of two hand-written lists that could drift.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::location::{DELETED, Loc};
use crate::model::{
    Ack, Approval, BacklogItem, CategoryDecision, Evidence, ItemRecord, Member, Milestone,
    Organization, PolicyRecord, Scope, Workbook,
};

/// Applying a recorded value failed; the workbook is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    #[error(transparent)]
    Location(#[from] super::location::BadLocation),
    #[error("{0}: no such field")]
    UnknownField(String),
    #[error("{0}: the entry no longer exists")]
    Missing(String),
    #[error("{location}: the recorded value \"{value}\" does not fit: {message}")]
    BadValue {
        location: String,
        value: String,
        message: String,
    },
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// A field's value as a person reads it in a conflict record: text as itself, an absent
/// optional value as the empty string, anything else as compact RON (`Implemented`, `6`).
pub fn encode<T: Serialize>(value: &T) -> String {
    let text = ron_options().to_string(value).unwrap_or_default();
    if text == "None" {
        return String::new();
    }
    if text.starts_with('"')
        && let Ok(plain) = ron_options().from_str::<String>(&text)
    {
        return plain;
    }
    text
}

/// The inverse of [`encode`]: empty means absent, then text, then RON.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    if text.is_empty()
        && let Ok(v) = ron_options().from_str::<T>("None")
    {
        return Ok(v);
    }
    let quoted = ron_options().to_string(&text).unwrap_or_default();
    if let Ok(v) = ron_options().from_str::<T>(&quoted) {
        return Ok(v);
    }
    ron_options()
        .from_str::<T>(text)
        .map_err(|e| e.code.to_string())
}

/// A keyed register's value at a location: without a field the whole record (or
/// [`DELETED`] when it is absent), else that field through `get`.
pub(super) fn register_value<T: Serialize>(
    map: &std::collections::BTreeMap<String, T>,
    id: &str,
    field: Option<&str>,
    get: impl Fn(&T, &str) -> Option<String>,
) -> Option<String> {
    match field {
        None => Some(map.get(id).map_or_else(|| DELETED.to_string(), encode)),
        Some(f) => get(map.get(id)?, f),
    }
}

/// Writes a recorded value into a keyed register: the whole record (or its removal) without
/// a field, else that field through `set` (which says whether it knows the field).
pub(super) fn register_apply<T: DeserializeOwned>(
    map: &mut std::collections::BTreeMap<String, T>,
    id: String,
    field: Option<String>,
    location: &str,
    value: &str,
    set: impl Fn(&mut T, &str, &str) -> Result<bool, String>,
) -> Result<(), ApplyError> {
    let bad = |message: String| ApplyError::BadValue {
        location: location.to_string(),
        value: value.to_string(),
        message,
    };
    match field {
        None => {
            if value == DELETED {
                map.remove(&id);
            } else {
                map.insert(id, decode(value).map_err(bad)?);
            }
            Ok(())
        }
        Some(f) => {
            let record = map
                .get_mut(&id)
                .ok_or_else(|| ApplyError::Missing(location.to_string()))?;
            match set(record, &f, value) {
                Ok(true) => Ok(()),
                Ok(false) => Err(ApplyError::UnknownField(location.to_string())),
                Err(m) => Err(bad(m)),
            }
        }
    }
}

/// Declares, for one entity type, the fields merged one by one: a `merge` that fills
/// them from the three sides, a `set` that writes a recorded value into one of them and a
/// `get` that reads one as it would be recorded. Fields after `;` are merged by hand (as a
/// pair) but can still be set and read one by one.
macro_rules! scalar_fields {
    ($ty:ty, $merge:ident, $set:ident, $get:ident, [$($f:ident),* $(,)?] $(; [$($x:ident),*])?) => {
        pub(super) fn $merge(
            ctx: &mut super::Ctx,
            at: &dyn Fn(&str) -> Loc,
            base: Option<&$ty>,
            ours: &$ty,
            theirs: &$ty,
            out: &mut $ty,
        ) {
            $( out.$f = ctx.scalar(at(stringify!($f)), base.map(|b| &b.$f), &ours.$f, &theirs.$f); )*
        }

        /// Writes a recorded value into the named field; `Ok(false)` for no such field.
        pub(super) fn $set(entity: &mut $ty, field: &str, value: &str) -> Result<bool, String> {
            match field {
                $( stringify!($f) => { entity.$f = decode(value)?; Ok(true) } )*
                $($( stringify!($x) => { entity.$x = decode(value)?; Ok(true) } )*)?
                _ => Ok(false),
            }
        }

        /// The named field's value as a conflict records it; `None` for no such field.
        pub(super) fn $get(entity: &$ty, field: &str) -> Option<String> {
            match field {
                $( stringify!($f) => Some(encode(&entity.$f)), )*
                $($( stringify!($x) => Some(encode(&entity.$x)), )*)?
                _ => None,
            }
        }
    };
}

scalar_fields!(
    Organization,
    merge_organization,
    set_organization,
    get_organization,
    [name, system, description, industry]
);
scalar_fields!(
    Scope,
    merge_scope,
    set_scope_field,
    get_scope_field,
    [
        report_type,
        observation_months,
        readiness_start,
        target_report_date
    ]
);
scalar_fields!(
    CategoryDecision,
    merge_category,
    set_category,
    get_category,
    [in_scope, reason, overridden]
);
scalar_fields!(
    Member,
    merge_member,
    set_member,
    get_member,
    [name, role, joined, left, background_check, device_enrolled];
    [training]
);
scalar_fields!(
    ItemRecord,
    merge_item,
    set_item,
    get_item,
    [status, reason, owner, notes, parameters, custom]
);
scalar_fields!(
    Evidence,
    merge_evidence,
    set_evidence,
    get_evidence,
    [reference, collected, by, sha256]
);
scalar_fields!(
    BacklogItem,
    merge_backlog,
    set_backlog_field,
    get_backlog_field,
    [title, description, priority, owner, due, created];
    [status, done]
);
scalar_fields!(
    Milestone,
    merge_milestone,
    set_milestone_field,
    get_milestone_field,
    [name, phase, start, end, status, notes, pinned]
);

scalar_fields!(
    PolicyRecord,
    merge_policy,
    set_policy_field,
    get_policy_field,
    [file, owner, version, review_months];
    [reviews]
);

/// Fields that only make sense together (a status and its done date, a start and its
/// end): a conflict about both names them as `a+b` and records both values as a pair.
pub(super) const STATUS_DONE: &str = "status+done";
pub(super) const START_END: &str = "start+end";
pub(super) const READINESS_TARGET: &str = "readiness_start+target_report_date";

fn set_backlog(b: &mut BacklogItem, field: &str, value: &str) -> Result<bool, String> {
    if field == STATUS_DONE {
        (b.status, b.done) = decode(value)?;
        return Ok(true);
    }
    set_backlog_field(b, field, value)
}

fn get_backlog(b: &BacklogItem, field: &str) -> Option<String> {
    if field == STATUS_DONE {
        return Some(encode(&(b.status, b.done)));
    }
    get_backlog_field(b, field)
}

fn set_milestone(m: &mut Milestone, field: &str, value: &str) -> Result<bool, String> {
    if field == START_END {
        (m.start, m.end) = decode(value)?;
        return Ok(true);
    }
    set_milestone_field(m, field, value)
}

fn get_milestone(m: &Milestone, field: &str) -> Option<String> {
    if field == START_END {
        return Some(encode(&(m.start, m.end)));
    }
    get_milestone_field(m, field)
}

fn set_scope(s: &mut Scope, field: &str, value: &str) -> Result<bool, String> {
    if field == READINESS_TARGET {
        (s.readiness_start, s.target_report_date) = decode(value)?;
        return Ok(true);
    }
    set_scope_field(s, field, value)
}

fn get_scope(s: &Scope, field: &str) -> Option<String> {
    if field == READINESS_TARGET {
        return Some(encode(&(s.readiness_start, s.target_report_date)));
    }
    get_scope_field(s, field)
}

/// The value at `location` as a conflict would record it: an entry's whole value (or
/// [`DELETED`] when it is absent), or one field's value; `None` when the location names a
/// field of an entry that does not exist, or no field at all.
pub fn value_at(wb: &Workbook, location: &Loc) -> Option<String> {
    fn whole<T: Serialize>(v: Option<&T>) -> Option<String> {
        Some(v.map_or_else(|| DELETED.to_string(), encode))
    }
    match location {
        Loc::Organization(f) => get_organization(&wb.organization, f),
        Loc::Scope(f) => get_scope(&wb.scope, f),
        Loc::Answer(k) => whole(wb.scope.answers.get(k)),
        Loc::Category(c, None) => whole(wb.scope.categories.get(c)),
        Loc::Category(c, Some(f)) => get_category(wb.scope.categories.get(c)?, f),
        Loc::Vendor(id, field) => super::vendor::value_at(wb, id, field.as_deref()),
        Loc::Member(id, field) => match field {
            None => whole(wb.member(id)),
            Some(f) => get_member(wb.member(id)?, f),
        },
        Loc::Criterion(c) => whole(wb.checklist.get(c)),
        Loc::Item(c, i, field) => match field {
            None => whole(wb.item(c, i)),
            Some(f) => get_item(wb.item(c, i)?, f),
        },
        Loc::Evidence(c, i, e, field) => {
            let ev = wb
                .item(c, i)
                .and_then(|r| r.evidence.iter().find(|x| &x.id == e));
            match field {
                None => whole(ev),
                Some(f) => get_evidence(ev?, f),
            }
        }
        Loc::Backlog(id, field) => match field {
            None => whole(wb.backlog_item(id)),
            Some(f) => get_backlog(wb.backlog_item(id)?, f),
        },
        Loc::Milestone(id, field) => {
            let m = wb.milestones.iter().find(|m| &m.id == id);
            match field {
                None => whole(m),
                Some(f) => get_milestone(m?, f),
            }
        }
        Loc::Policy(id, None) => whole(wb.policies.get(id)),
        Loc::Policy(id, Some(f)) => get_policy_field(wb.policies.get(id)?, f),
        Loc::PolicyApproval(id, v) => whole(
            wb.policies
                .get(id)?
                .approvals
                .iter()
                .find(|a| a.version == *v),
        ),
        Loc::PolicyAck(id, m, v) => whole(wb.policies.get(id)?.ack(m, *v)),
        Loc::Population(..) | Loc::Event(..) | Loc::SampleSize(_) => {
            super::population::value_at(wb, location)
        }
        Loc::Risk(..) | Loc::RiskAssessment(_) => super::risk::value_at(wb, location),
        Loc::Request(..) => super::requests::value_at(wb, location),
    }
}

/// Writes `value` (as recorded in a conflict) at `location`; [`DELETED`] removes the entry.
pub fn apply_value(wb: &mut Workbook, location: &str, value: &str) -> Result<(), ApplyError> {
    let loc: Loc = location.parse()?;
    let bad = |message: String| ApplyError::BadValue {
        location: location.to_string(),
        value: value.to_string(),
        message,
    };
    let unknown = || ApplyError::UnknownField(location.to_string());
    let missing = || ApplyError::Missing(location.to_string());
    let found = |r: Result<bool, String>| match r {
        Ok(true) => Ok(()),
        Ok(false) => Err(unknown()),
        Err(m) => Err(bad(m)),
    };
    match loc {
        Loc::Organization(f) => found(set_organization(&mut wb.organization, &f, value)),
        Loc::Scope(f) => found(set_scope(&mut wb.scope, &f, value)),
        Loc::Answer(k) => {
            put_map(&mut wb.scope.answers, k, value).map_err(bad)?;
            Ok(())
        }
        Loc::Category(c, None) => put_map(&mut wb.scope.categories, c, value).map_err(bad),
        Loc::Category(c, Some(f)) => {
            let entry = wb.scope.categories.get_mut(&c).ok_or_else(missing)?;
            found(set_category(entry, &f, value))
        }
        Loc::Vendor(id, field) => super::vendor::apply(wb, id, field, location, value),
        Loc::Member(id, field) => match field {
            None => put_list(&mut wb.team, |m| &m.id, &id, value).map_err(bad),
            Some(f) => {
                let entry = wb
                    .team
                    .iter_mut()
                    .find(|m| m.id == id)
                    .ok_or_else(missing)?;
                found(set_member(entry, &f, value))
            }
        },
        Loc::Criterion(c) => put_map(&mut wb.checklist, c, value).map_err(bad),
        Loc::Item(c, i, None) => {
            if value == DELETED {
                if let Some(items) = wb.checklist.get_mut(&c) {
                    items.remove(&i);
                }
                return Ok(());
            }
            let record: ItemRecord = decode(value).map_err(bad)?;
            wb.checklist.entry(c).or_default().insert(i, record.into());
            Ok(())
        }
        Loc::Item(c, i, Some(f)) => {
            let entry = wb
                .checklist
                .get_mut(&c)
                .and_then(|items| items.get_mut(&i))
                .ok_or_else(missing)?;
            found(set_item(entry, &f, value))
        }
        Loc::Evidence(_, _, _, None)
            if value == DELETED && value_at(wb, &loc).as_deref() == Some(DELETED) =>
        {
            Ok(())
        }
        Loc::Evidence(c, i, e, field) => {
            let record = wb
                .checklist
                .get_mut(&c)
                .and_then(|items| items.get_mut(&i))
                .ok_or_else(missing)?;
            match field {
                None => put_list(&mut record.evidence, |x| &x.id, &e, value).map_err(bad),
                Some(f) => {
                    let entry = record
                        .evidence
                        .iter_mut()
                        .find(|x| x.id == e)
                        .ok_or_else(missing)?;
                    found(set_evidence(entry, &f, value))
                }
            }
        }
        Loc::Backlog(id, field) => match field {
            None => put_list(&mut wb.backlog, |b| &b.id, &id, value).map_err(bad),
            Some(f) => {
                let entry = wb
                    .backlog
                    .iter_mut()
                    .find(|b| b.id == id)
                    .ok_or_else(missing)?;
                found(set_backlog(entry, &f, value))
            }
        },
        Loc::Milestone(id, field) => match field {
            None => put_list(&mut wb.milestones, |m| &m.id, &id, value).map_err(bad),
            Some(f) => {
                let entry = wb
                    .milestones
                    .iter_mut()
                    .find(|m| m.id == id)
                    .ok_or_else(missing)?;
                found(set_milestone(entry, &f, value))
            }
        },
        Loc::Policy(id, None) => put_map(&mut wb.policies, id, value).map_err(bad),
        Loc::Policy(id, Some(f)) => {
            let entry = wb.policies.get_mut(&id).ok_or_else(missing)?;
            found(set_policy_field(entry, &f, value))
        }
        Loc::PolicyApproval(id, v) => {
            let entry = wb.policies.get_mut(&id).ok_or_else(missing)?;
            if value == DELETED {
                entry.approvals.retain(|a| a.version != v);
                return Ok(());
            }
            let approval: Approval = decode(value).map_err(bad)?;
            if approval.version != v {
                return Err(bad(format!("the recorded approval is not of version {v}")));
            }
            match entry.approvals.iter_mut().find(|a| a.version == v) {
                Some(slot) => *slot = approval,
                None => {
                    entry.approvals.push(approval);
                    entry.approvals.sort_by_key(|a| a.version);
                }
            }
            Ok(())
        }
        Loc::PolicyAck(id, m, v) => {
            let entry = wb.policies.get_mut(&id).ok_or_else(missing)?;
            let same = |a: &Ack| a.member == m && a.version == v;
            if value == DELETED {
                entry.acknowledgements.retain(|a| !same(a));
                return Ok(());
            }
            let ack: Ack = decode(value).map_err(bad)?;
            if !same(&ack) {
                return Err(bad(format!(
                    "the recorded acknowledgement is not {m}'s of version {v}"
                )));
            }
            match entry.acknowledgements.iter_mut().find(|a| same(a)) {
                Some(slot) => *slot = ack,
                None => entry.acknowledgements.push(ack),
            }
            Ok(())
        }
        loc @ (Loc::Population(..) | Loc::Event(..) | Loc::SampleSize(_)) => {
            super::population::apply(wb, loc, location, value)
        }
        loc @ (Loc::Risk(..) | Loc::RiskAssessment(_)) => {
            super::risk::apply(wb, loc, location, value)
        }
        loc @ Loc::Request(..) => super::requests::apply(wb, loc, location, value),
    }
}

/// Replaces, adds or (for [`DELETED`]) removes one entry of a map.
fn put_map<K: Ord, V: DeserializeOwned>(
    map: &mut std::collections::BTreeMap<K, V>,
    key: K,
    value: &str,
) -> Result<(), String> {
    if value == DELETED {
        map.remove(&key);
    } else {
        map.insert(key, decode(value)?);
    }
    Ok(())
}

/// Replaces in place, appends or (for [`DELETED`]) removes one keyed entry of a list.
fn put_list<T: DeserializeOwned>(
    list: &mut Vec<T>,
    key_of: fn(&T) -> &String,
    key: &str,
    value: &str,
) -> Result<(), String> {
    if value == DELETED {
        list.retain(|x| key_of(x) != key);
        return Ok(());
    }
    let entry: T = decode(value)?;
    if key_of(&entry) != key {
        return Err(format!("the recorded entry is not {key}"));
    }
    match list.iter_mut().find(|x| key_of(x) == key) {
        Some(slot) => *slot = entry,
        None => list.push(entry),
    }
    Ok(())
}
