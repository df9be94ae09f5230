//! Three-way merge of workbooks by entity and field, for git's merge driver and the app's reload.
//!
//! Why not a text merge: two teammates who each add a backlog item touch the same lines of
//! RON, and git's line merge then produces conflict markers (or worse, a silently broken
//! file). Matching entries by id and fields by name merges independent work cleanly, and a
//! field changed two ways keeps OUR value in place with both values recorded in
//! `Workbook.conflicts`, so the result is always a valid workbook and no edit is lost.
//!
//! Rules: entries are matched by their key (ids, subservice names, criterion + item,
//! question ids, categories); an entry added on either side is kept; a deletion on one side
//! of an entry the other side left alone is taken; a deletion against an edit keeps the
//! edited entry and records the deletion as a conflict; lists of plain values (dates
//! performed, linked criteria, boundary lists) merge as sets and never conflict.

mod fields;
mod location;

use std::collections::BTreeMap;

use serde::Serialize;

pub use fields::{ApplyError, apply_value, decode, encode};
pub use location::{BadLocation, DELETED, Loc};

use crate::model::{Conflict, ItemRecord, Workbook};

/// A merged workbook and the conflicts this merge added to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeResult {
    /// The merged workbook; it also lists every new conflict in `conflicts`.
    pub workbook: Workbook,
    /// The conflicts this merge found (already recorded in the workbook).
    pub conflicts: Vec<Conflict>,
}

impl MergeResult {
    /// Whether both sides merged without a conflict.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

/// Collects conflicts while a merge walks the three workbooks.
struct Ctx {
    conflicts: Vec<Conflict>,
}

impl Ctx {
    /// The merged value of one field: a side that changed it wins; two different changes
    /// keep ours and record both.
    fn scalar<T: Clone + PartialEq + Serialize>(
        &mut self,
        at: Loc,
        base: Option<&T>,
        ours: &T,
        theirs: &T,
    ) -> T {
        if ours == theirs || base == Some(theirs) {
            return ours.clone();
        }
        if base == Some(ours) {
            return theirs.clone();
        }
        self.conflicts.push(Conflict {
            location: at.to_string(),
            ours: encode(ours),
            theirs: encode(theirs),
        });
        ours.clone()
    }

    /// Records that one side deleted an entry the other side changed.
    fn deleted_vs_edited<T: Serialize>(&mut self, at: Loc, ours: Option<&T>, theirs: Option<&T>) {
        let show = |v: Option<&T>| v.map_or_else(|| DELETED.to_string(), encode);
        self.conflicts.push(Conflict {
            location: at.to_string(),
            ours: show(ours),
            theirs: show(theirs),
        });
    }
}

/// Merges one entry present on both sides, given the base's version if it had one.
type MergeOne<'a, K, V> = &'a mut dyn FnMut(&mut Ctx, &K, Option<&V>, &V, &V) -> V;

/// Merges keyed entries: ours in order, then entries only theirs added; see the module rules.
fn keyed<K: Ord + Clone, V: Clone + PartialEq + Serialize>(
    ctx: &mut Ctx,
    base: Vec<(K, &V)>,
    ours: Vec<(K, &V)>,
    theirs: Vec<(K, &V)>,
    loc: &dyn Fn(&K) -> Loc,
    merge_one: MergeOne<'_, K, V>,
) -> Vec<(K, V)> {
    let base_map: BTreeMap<K, &V> = base.into_iter().collect();
    let theirs_map: BTreeMap<K, &V> = theirs.iter().cloned().collect();
    let ours_map: BTreeMap<K, &V> = ours.iter().cloned().collect();
    let mut out = Vec::new();
    for (k, o) in ours {
        let b = base_map.get(&k).copied();
        match (b, theirs_map.get(&k).copied()) {
            (b, Some(t)) => {
                let merged = merge_one(ctx, &k, b, o, t);
                out.push((k, merged));
            }
            (None, None) => out.push((k, o.clone())),
            (Some(b), None) if b == o => {}
            (Some(_), None) => {
                ctx.deleted_vs_edited(loc(&k), Some(o), None);
                out.push((k, o.clone()));
            }
        }
    }
    for (k, t) in theirs {
        if ours_map.contains_key(&k) {
            continue;
        }
        match base_map.get(&k).copied() {
            None => out.push((k, t.clone())),
            Some(b) if b == t => {}
            Some(_) => {
                ctx.deleted_vs_edited(loc(&k), None, Some(t));
                out.push((k, t.clone()));
            }
        }
    }
    out
}

/// Merges a list of plain values as a set: additions from both sides, removals from either.
fn set_merge<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let mut out: Vec<T> = ours
        .iter()
        .filter(|x| !base.contains(x) || theirs.contains(x))
        .cloned()
        .collect();
    for x in theirs {
        if !base.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

fn pairs<K: Clone, V>(map: &BTreeMap<K, V>) -> Vec<(K, &V)> {
    map.iter().map(|(k, v)| (k.clone(), v)).collect()
}

fn by_key<T>(list: &[T], key: fn(&T) -> &String) -> Vec<(String, &T)> {
    list.iter().map(|x| (key(x).clone(), x)).collect()
}

/// Merges `ours` and `theirs`, both descended from `base`, by entity and field.
pub fn merge3(base: &Workbook, ours: &Workbook, theirs: &Workbook) -> MergeResult {
    let mut ctx = Ctx {
        conflicts: Vec::new(),
    };
    let mut wb = ours.clone();
    wb.version = ours.version.max(theirs.version);

    fields::merge_organization(
        &mut ctx,
        &|f| Loc::Organization(f.to_string()),
        Some(&base.organization),
        &ours.organization,
        &theirs.organization,
        &mut wb.organization,
    );
    merge_scope(&mut ctx, base, ours, theirs, &mut wb);

    wb.team = keyed(
        &mut ctx,
        by_key(&base.team, |m| &m.id),
        by_key(&ours.team, |m| &m.id),
        by_key(&theirs.team, |m| &m.id),
        &|id| Loc::Member(id.clone(), None),
        &mut |ctx, id, b, o, t| {
            let mut out = o.clone();
            fields::merge_member(
                ctx,
                &|f| Loc::Member(id.clone(), Some(f.to_string())),
                b,
                o,
                t,
                &mut out,
            );
            out
        },
    )
    .into_iter()
    .map(|(_, v)| v)
    .collect();

    wb.checklist = keyed(
        &mut ctx,
        pairs(&base.checklist),
        pairs(&ours.checklist),
        pairs(&theirs.checklist),
        &|c| Loc::Criterion(c.clone()),
        &mut |ctx, criterion, b, o, t| {
            let empty = BTreeMap::new();
            let b = b.unwrap_or(&empty);
            keyed(
                ctx,
                pairs(b),
                pairs(o),
                pairs(t),
                &|i| Loc::Item(criterion.clone(), i.clone(), None),
                &mut |ctx, item, b, o, t| merge_record(ctx, criterion, item, b, o, t),
            )
            .into_iter()
            .collect()
        },
    )
    .into_iter()
    .collect();

    wb.backlog = keyed(
        &mut ctx,
        by_key(&base.backlog, |b| &b.id),
        by_key(&ours.backlog, |b| &b.id),
        by_key(&theirs.backlog, |b| &b.id),
        &|id| Loc::Backlog(id.clone(), None),
        &mut |ctx, id, b, o, t| {
            let mut out = o.clone();
            fields::merge_backlog(
                ctx,
                &|f| Loc::Backlog(id.clone(), Some(f.to_string())),
                b,
                o,
                t,
                &mut out,
            );
            let none = Default::default();
            let b = b.unwrap_or(&none);
            out.criteria = set_merge(&b.criteria, &o.criteria, &t.criteria);
            out.items = set_merge(&b.items, &o.items, &t.items);
            out.history = set_merge(&b.history, &o.history, &t.history);
            if out.history != o.history {
                out.history.sort_by_key(|h| h.date);
            }
            out
        },
    )
    .into_iter()
    .map(|(_, v)| v)
    .collect();

    wb.milestones = keyed(
        &mut ctx,
        by_key(&base.milestones, |m| &m.id),
        by_key(&ours.milestones, |m| &m.id),
        by_key(&theirs.milestones, |m| &m.id),
        &|id| Loc::Milestone(id.clone(), None),
        &mut |ctx, id, b, o, t| {
            let mut out = o.clone();
            fields::merge_milestone(
                ctx,
                &|f| Loc::Milestone(id.clone(), Some(f.to_string())),
                b,
                o,
                t,
                &mut out,
            );
            out
        },
    )
    .into_iter()
    .map(|(_, v)| v)
    .collect();

    wb.conflicts = set_merge(&base.conflicts, &ours.conflicts, &theirs.conflicts);
    for c in &ctx.conflicts {
        if !wb.conflicts.contains(c) {
            wb.conflicts.push(c.clone());
        }
    }
    MergeResult {
        workbook: wb,
        conflicts: ctx.conflicts,
    }
}

fn merge_scope(
    ctx: &mut Ctx,
    base: &Workbook,
    ours: &Workbook,
    theirs: &Workbook,
    wb: &mut Workbook,
) {
    let (b, o, t) = (&base.scope, &ours.scope, &theirs.scope);
    fields::merge_scope(
        ctx,
        &|f| Loc::Scope(f.to_string()),
        Some(b),
        o,
        t,
        &mut wb.scope,
    );
    wb.scope.answers = keyed(
        ctx,
        pairs(&b.answers),
        pairs(&o.answers),
        pairs(&t.answers),
        &|k| Loc::Answer(k.clone()),
        &mut |ctx, k, b, o, t| ctx.scalar(Loc::Answer(k.clone()), b, o, t),
    )
    .into_iter()
    .collect();
    wb.scope.categories = keyed(
        ctx,
        pairs(&b.categories),
        pairs(&o.categories),
        pairs(&t.categories),
        &|c| Loc::Category(*c, None),
        &mut |ctx, c, b, o, t| {
            let mut out = o.clone();
            fields::merge_category(
                ctx,
                &|f| Loc::Category(*c, Some(f.to_string())),
                b,
                o,
                t,
                &mut out,
            );
            out
        },
    )
    .into_iter()
    .collect();
    let (bb, ob, tb) = (&b.boundary, &o.boundary, &t.boundary);
    wb.scope.boundary.products = set_merge(&bb.products, &ob.products, &tb.products);
    wb.scope.boundary.environments =
        set_merge(&bb.environments, &ob.environments, &tb.environments);
    wb.scope.boundary.data_types = set_merge(&bb.data_types, &ob.data_types, &tb.data_types);
    wb.scope.subservices = keyed(
        ctx,
        by_key(&b.subservices, |s| &s.name),
        by_key(&o.subservices, |s| &s.name),
        by_key(&t.subservices, |s| &s.name),
        &|n| Loc::Subservice(n.clone(), None),
        &mut |ctx, name, b, o, t| {
            let mut out = o.clone();
            fields::merge_subservice(
                ctx,
                &|f| Loc::Subservice(name.clone(), Some(f.to_string())),
                b,
                o,
                t,
                &mut out,
            );
            let none = Default::default();
            let b = b.unwrap_or(&none);
            out.relied_controls =
                set_merge(&b.relied_controls, &o.relied_controls, &t.relied_controls);
            out
        },
    )
    .into_iter()
    .map(|(_, v)| v)
    .collect();
}

/// One checklist record; an item both sides touched for the first time merges against an
/// empty record (which is what touching it created).
fn merge_record(
    ctx: &mut Ctx,
    criterion: &str,
    item: &str,
    base: Option<&ItemRecord>,
    ours: &ItemRecord,
    theirs: &ItemRecord,
) -> ItemRecord {
    let empty = ItemRecord::default();
    let base = base.unwrap_or(&empty);
    let mut out = ours.clone();
    let at = |f: &str| Loc::Item(criterion.to_string(), item.to_string(), Some(f.to_string()));
    fields::merge_item(ctx, &at, Some(base), ours, theirs, &mut out);
    out.evidence = keyed(
        ctx,
        by_key(&base.evidence, |e| &e.id),
        by_key(&ours.evidence, |e| &e.id),
        by_key(&theirs.evidence, |e| &e.id),
        &|e| Loc::Evidence(criterion.to_string(), item.to_string(), e.clone(), None),
        &mut |ctx, e, b, o, t| {
            let mut out = o.clone();
            let at = |f: &str| {
                Loc::Evidence(
                    criterion.to_string(),
                    item.to_string(),
                    e.clone(),
                    Some(f.to_string()),
                )
            };
            fields::merge_evidence(ctx, &at, b, o, t, &mut out);
            out
        },
    )
    .into_iter()
    .map(|(_, v)| v)
    .collect();
    out.performed = set_merge(&base.performed, &ours.performed, &theirs.performed);
    if out.performed != ours.performed {
        out.performed.sort();
        out.performed.dedup();
    }
    out
}

/// Folds a person's unsaved edits into the version that just appeared on disk (a `git pull`
/// while the app was open): `base` is what the app last loaded, `ours` what is in memory.
pub fn reload(last_loaded: &Workbook, in_memory: &Workbook, on_disk: &Workbook) -> MergeResult {
    if in_memory == last_loaded {
        return MergeResult {
            workbook: on_disk.clone(),
            conflicts: Vec::new(),
        };
    }
    merge3(last_loaded, in_memory, on_disk)
}

#[cfg(test)]
mod tests;
