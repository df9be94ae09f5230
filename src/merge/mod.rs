//! Three-way merge of workbooks by entity and field, for git's merge driver and the app's reload.
//!
//! Why not a text merge: two teammates who each add a backlog item touch the same lines of
//! RON, and git's line merge then produces conflict markers (or worse, a silently broken
//! file). Matching entries by id and fields by name merges independent work cleanly, and a
//! field changed two ways keeps OUR value in place with both values recorded in
//! `Workbook.conflicts`, so the result always loads, passes `soc2 check` apart from its
//! recorded conflicts, and no edit is lost.
//!
//! Rules: entries are matched by their key (ids, vendor ids, criterion + item,
//! question ids, categories); an entry added on either side is kept; a deletion on one side
//! of an entry the other side left alone is taken; a deletion against an edit keeps the
//! edited entry and records the deletion as a conflict. Lists keep the user's order: a
//! reorder made on one side survives; when both sides reordered, ours wins (an order is not
//! a value a conflict could record). Append-only records (status history, merge conflicts)
//! merge as sequences, so no entry is lost; lists of distinct values (dates performed,
//! linked criteria, boundary lists) merge as sets; evidence both sides added with the same
//! reference, date and collector is kept once.
//!
//! Fields that only make sense together merge as one (a backlog item's status and done
//! date), or conflict when the combination would be invalid (a milestone's start and end,
//! the readiness start and the target date). A team member one side removed while the
//! other made them an owner stays, with the removal recorded. A conflict the base held
//! that the two sides settled differently comes back. Finally the result is checked: a
//! `soc2 check` finding neither side had becomes a conflict, so a clean merge is always a
//! valid workbook.

mod fields;
mod invariants;
mod location;
mod population;
mod requests;
mod risk;
mod seq;
mod vendor;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hash;

use serde::Serialize;

pub use fields::{ApplyError, apply_value, decode, encode, value_at};
pub use location::{BadLocation, DELETED, Loc};

use crate::model::{
    Ack, Approval, BacklogItem, Conflict, Date, Evidence, ItemRecord, PolicyRecord, Workbook,
};

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
    fn record(&mut self, at: &Loc, ours: String, theirs: String) {
        self.conflicts.push(Conflict {
            location: at.to_string(),
            ours,
            theirs,
        });
    }

    fn has(&self, at: &str) -> bool {
        self.conflicts.iter().any(|c| c.location == at)
    }

    /// Two fields that only make sense together (a status and its done date) merge as one
    /// value; a conflict names just the field that differs, or both as a pair.
    fn pair<A, B>(
        &mut self,
        at: &dyn Fn(&str) -> Loc,
        (fa, fb, both): (&str, &str, &str),
        base: Option<(&A, &B)>,
        ours: (&A, &B),
        theirs: (&A, &B),
    ) -> (A, B)
    where
        A: Clone + PartialEq + Serialize,
        B: Clone + PartialEq + Serialize,
    {
        let own = |x: (&A, &B)| (x.0.clone(), x.1.clone());
        if ours == theirs || base == Some(theirs) {
            return own(ours);
        }
        if base == Some(ours) {
            return own(theirs);
        }
        if ours.0 == theirs.0 {
            self.record(&at(fb), encode(ours.1), encode(theirs.1));
        } else if ours.1 == theirs.1 {
            self.record(&at(fa), encode(ours.0), encode(theirs.0));
        } else {
            self.record(&at(both), encode(&ours), encode(&theirs));
        }
        own(ours)
    }

    /// Two fields merged one by one whose combination from different sides is invalid (a
    /// start after the end): ours stay in place and both pairs are recorded as one conflict.
    fn valid_pair<A, B>(
        &mut self,
        at: &dyn Fn(&str) -> Loc,
        (fa, fb, both): (&str, &str, &str),
        valid: &dyn Fn(&A, &B) -> bool,
        ours: (&A, &B),
        theirs: (&A, &B),
        (out_a, out_b): (&mut A, &mut B),
    ) where
        A: Clone + PartialEq + Serialize,
        B: Clone + PartialEq + Serialize,
    {
        let merged = (&*out_a, &*out_b);
        if valid(merged.0, merged.1) || merged == ours || merged == theirs {
            return;
        }
        let (la, lb) = (at(fa).to_string(), at(fb).to_string());
        self.conflicts
            .retain(|c| c.location != la && c.location != lb);
        self.record(&at(both), encode(&ours), encode(&theirs));
        *out_a = ours.0.clone();
        *out_b = ours.1.clone();
    }

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
        self.record(&at, encode(ours), encode(theirs));
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

/// Merges keyed entries in the merged order of their keys (see `seq::order`); see the
/// module rules. `keep` names entries that must stay even when one side deleted them
/// untouched (the deletion is then recorded as a conflict).
fn keyed<K: Ord + Hash + Clone, V: Clone + PartialEq + Serialize>(
    ctx: &mut Ctx,
    base: Vec<(K, &V)>,
    ours: Vec<(K, &V)>,
    theirs: Vec<(K, &V)>,
    loc: &dyn Fn(&K) -> Loc,
    keep: &dyn Fn(&K) -> bool,
    merge_one: MergeOne<'_, K, V>,
) -> Vec<(K, V)> {
    let keys = |v: &[(K, &V)]| v.iter().map(|(k, _)| k.clone()).collect::<Vec<K>>();
    let (base_keys, our_keys, their_keys) = (keys(&base), keys(&ours), keys(&theirs));
    let base_map: HashMap<K, &V> = base.into_iter().collect();
    let theirs_map: HashMap<K, &V> = theirs.iter().cloned().collect();
    let ours_map: HashMap<K, &V> = ours.iter().cloned().collect();
    let mut out = Vec::new();
    for (k, o) in ours {
        let b = base_map.get(&k).copied();
        match (b, theirs_map.get(&k).copied()) {
            // Two sides agree: the third is the merge, with no field to reconcile (and
            // nothing copied: a shared record is the same record in the result).
            (b, Some(t)) if o == t || b == Some(t) => out.push((k, o.clone())),
            (Some(b), Some(t)) if b == o => out.push((k, t.clone())),
            (b, Some(t)) => {
                let merged = merge_one(ctx, &k, b, o, t);
                out.push((k, merged));
            }
            (None, None) => out.push((k, o.clone())),
            (Some(b), None) if b == o && !keep(&k) => {}
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
            Some(b) if b == t && !keep(&k) => {}
            Some(_) => {
                ctx.deleted_vs_edited(loc(&k), None, Some(t));
                out.push((k, t.clone()));
            }
        }
    }
    seq::in_order(&mut out, &base_keys, &our_keys, &their_keys);
    out
}

/// Never keeps anything one side deleted untouched.
fn no_keep<K>(_: &K) -> bool {
    false
}

fn sorted_by<T, K: Ord>(list: &[T], key: impl Fn(&T) -> K) -> bool {
    list.windows(2).all(|w| key(&w[0]) <= key(&w[1]))
}

/// The ids of team members the workbook names as an owner or collector.
fn referenced_members(wb: &Workbook) -> BTreeSet<String> {
    let records = wb.checklist.values().flat_map(|items| items.values());
    let mut out: BTreeSet<String> = BTreeSet::new();
    for r in records {
        out.extend(r.owner.iter().cloned());
        out.extend(r.evidence.iter().filter_map(|e| e.by.clone()));
    }
    out.extend(wb.backlog.iter().filter_map(|b| b.owner.clone()));
    for p in wb.policies.values() {
        out.extend(p.owner.iter().cloned());
        out.extend(p.approvals.iter().map(|a| a.by.clone()));
        out.extend(p.reviews.iter().map(|r| r.by.clone()));
        out.extend(p.acknowledgements.iter().map(|a| a.member.clone()));
    }
    for v in wb.vendors.values() {
        out.extend(v.owner.iter().cloned());
        out.extend(v.reports.iter().filter_map(|r| r.reviewed_by.clone()));
    }
    out
}

/// A map's entries by borrowed key: a 100,000-entry merge once cloned every key of all
/// three sides several times over (the lists, the lookups, the order).
fn pairs<K, V>(map: &BTreeMap<K, V>) -> Vec<(&K, &V)> {
    map.iter().collect()
}

fn by_key<T>(list: &[T], key: fn(&T) -> &String) -> Vec<(&String, &T)> {
    list.iter().map(|x| (key(x), x)).collect()
}

/// Merges `ours` and `theirs`, both descended from `base`, by entity and field.
pub fn merge3(base: &Workbook, ours: &Workbook, theirs: &Workbook) -> MergeResult {
    let mut ctx = Ctx {
        conflicts: Vec::new(),
    };
    let mut wb = ours.clone();
    wb.version = ours.version.max(theirs.version);
    // The large collections are rebuilt below; their records stay shared with ours, so a
    // large merge does not hold ours twice.
    wb.checklist = BTreeMap::new();
    wb.backlog = Vec::new();

    fields::merge_organization(
        &mut ctx,
        &|f| Loc::Organization(f.to_string()),
        Some(&base.organization),
        &ours.organization,
        &theirs.organization,
        &mut wb.organization,
    );
    merge_scope(&mut ctx, base, ours, theirs, &mut wb);

    wb.checklist = keyed(
        &mut ctx,
        pairs(&base.checklist),
        pairs(&ours.checklist),
        pairs(&theirs.checklist),
        &|c| Loc::Criterion(String::clone(c)),
        &no_keep,
        &mut |ctx, criterion, b, o, t| {
            let empty = BTreeMap::new();
            let b = b.unwrap_or(&empty);
            keyed(
                ctx,
                pairs(b),
                pairs(o),
                pairs(t),
                &|i| Loc::Item(String::clone(criterion), String::clone(i), None),
                &no_keep,
                &mut |ctx, item, b, o, t| {
                    merge_record(ctx, criterion, item, b.map(|b| &**b), o, t).into()
                },
            )
            .into_iter()
            .map(|(k, v)| (k.clone(), v))
            .collect()
        },
    )
    .into_iter()
    .map(|(k, v)| (k.clone(), v))
    .collect();

    wb.backlog = keyed(
        &mut ctx,
        by_key(&base.backlog, |b| &b.id),
        by_key(&ours.backlog, |b| &b.id),
        by_key(&theirs.backlog, |b| &b.id),
        &|id| Loc::Backlog(String::clone(id), None),
        &no_keep,
        &mut |ctx, id, b, o, t| {
            let mut out = BacklogItem::clone(o);
            let b = b.map(|b| &**b);
            let at = |f: &str| Loc::Backlog(String::clone(id), Some(f.to_string()));
            fields::merge_backlog(ctx, &at, b, o, t, &mut out);
            (out.status, out.done) = ctx.pair(
                &at,
                ("status", "done", fields::STATUS_DONE),
                b.map(|b| (&b.status, &b.done)),
                (&o.status, &o.done),
                (&t.status, &t.done),
            );
            let none = Default::default();
            let b = b.unwrap_or(&none);
            out.criteria = seq::set(&b.criteria, &o.criteria, &t.criteria);
            out.items = seq::set(&b.items, &o.items, &t.items);
            out.history = seq::sequence(&b.history, &o.history, &t.history);
            if sorted_by(&o.history, |h| h.date) && sorted_by(&t.history, |h| h.date) {
                out.history.sort_by_key(|h| h.date);
            }
            crate::store::shrink_item(&mut out);
            out.into()
        },
    )
    .into_iter()
    .map(|(_, v)| v)
    .collect();

    wb.policies = keyed(
        &mut ctx,
        pairs(&base.policies),
        pairs(&ours.policies),
        pairs(&theirs.policies),
        &|id| Loc::Policy(String::clone(id), None),
        &no_keep,
        &mut |ctx, id, b, o, t| merge_policy(ctx, id, b, o, t),
    )
    .into_iter()
    .map(|(k, v)| (k.clone(), v))
    .collect();

    wb.vendors = vendor::merge_vendors(&mut ctx, base, ours, theirs);

    // Last, so that a member one side removed stays while the merge still names them.
    let referenced = referenced_members(&wb);
    wb.team = keyed(
        &mut ctx,
        by_key(&base.team, |m| &m.id),
        by_key(&ours.team, |m| &m.id),
        by_key(&theirs.team, |m| &m.id),
        &|id| Loc::Member(String::clone(id), None),
        &|id| referenced.contains(*id),
        &mut |ctx, id, b, o, t| {
            let mut out = o.clone();
            fields::merge_member(
                ctx,
                &|f| Loc::Member(String::clone(id), Some(f.to_string())),
                b,
                o,
                t,
                &mut out,
            );
            let none = Default::default();
            let b = b.unwrap_or(&none);
            out.training = seq::set(&b.training, &o.training, &t.training);
            out.training.sort();
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
        &|id| Loc::Milestone(String::clone(id), None),
        &no_keep,
        &mut |ctx, id, b, o, t| {
            let mut out = o.clone();
            let at = |f: &str| Loc::Milestone(String::clone(id), Some(f.to_string()));
            fields::merge_milestone(ctx, &at, b, o, t, &mut out);
            ctx.valid_pair(
                &at,
                ("start", "end", fields::START_END),
                &|start, end| start <= end,
                (&o.start, &o.end),
                (&t.start, &t.end),
                (&mut out.start, &mut out.end),
            );
            out
        },
    )
    .into_iter()
    .map(|(_, v)| v)
    .collect();

    wb.populations = population::merge_populations(&mut ctx, base, ours, theirs);
    wb.sample_sizes = population::merge_sample_sizes(&mut ctx, base, ours, theirs);
    wb.risks = risk::merge_risks(&mut ctx, base, ours, theirs);
    wb.risk_assessments = risk::merge_assessments(&mut ctx, base, ours, theirs);
    wb.risk_triggers = risk::merge_triggers(base, ours, theirs);
    wb.requests = requests::merge_requests(&mut ctx, base, ours, theirs);

    wb.conflicts = seq::sequence(&base.conflicts, &ours.conflicts, &theirs.conflicts);
    settled_two_ways(&mut ctx, base, ours, theirs, &mut wb);
    invariants::new_findings_as_conflicts(&mut ctx, ours, theirs, &mut wb);
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
    let at = |f: &str| Loc::Scope(f.to_string());
    fields::merge_scope(ctx, &at, Some(b), o, t, &mut wb.scope);
    ctx.valid_pair(
        &at,
        (
            "readiness_start",
            "target_report_date",
            fields::READINESS_TARGET,
        ),
        &|start, target| !matches!((start, target), (Some(s), Some(t)) if t < s),
        (&o.readiness_start, &o.target_report_date),
        (&t.readiness_start, &t.target_report_date),
        (
            &mut wb.scope.readiness_start,
            &mut wb.scope.target_report_date,
        ),
    );
    wb.scope.answers = keyed(
        ctx,
        pairs(&b.answers),
        pairs(&o.answers),
        pairs(&t.answers),
        &|k| Loc::Answer(String::clone(k)),
        &no_keep,
        &mut |ctx, k, b, o, t| ctx.scalar(Loc::Answer(String::clone(k)), b, o, t),
    )
    .into_iter()
    .map(|(k, v)| (k.clone(), v))
    .collect();
    wb.scope.categories = keyed(
        ctx,
        pairs(&b.categories),
        pairs(&o.categories),
        pairs(&t.categories),
        &|c| Loc::Category(**c, None),
        &no_keep,
        &mut |ctx, c, b, o, t| {
            let mut out = o.clone();
            fields::merge_category(
                ctx,
                &|f| Loc::Category(**c, Some(f.to_string())),
                b,
                o,
                t,
                &mut out,
            );
            out
        },
    )
    .into_iter()
    .map(|(k, v)| (*k, v))
    .collect();
    let (bb, ob, tb) = (&b.boundary, &o.boundary, &t.boundary);
    wb.scope.boundary.products = seq::set(&bb.products, &ob.products, &tb.products);
    wb.scope.boundary.environments = seq::set(&bb.environments, &ob.environments, &tb.environments);
    wb.scope.boundary.data_types = seq::set(&bb.data_types, &ob.data_types, &tb.data_types);
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
        &|e| {
            Loc::Evidence(
                criterion.to_string(),
                item.to_string(),
                String::clone(e),
                None,
            )
        },
        &no_keep,
        &mut |ctx, e, b, o, t| {
            let mut out = o.clone();
            let at = |f: &str| {
                Loc::Evidence(
                    criterion.to_string(),
                    item.to_string(),
                    String::clone(e),
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
    drop_twin_evidence(&mut out.evidence, base, ours, theirs);
    out.performed = seq::set(&base.performed, &ours.performed, &theirs.performed);
    if sorted_by(&ours.performed, |d| *d) && sorted_by(&theirs.performed, |d| *d) {
        out.performed.sort();
    }
    crate::store::shrink_record(&mut out);
    out
}

/// One policy of the register: its fields one by one; approvals keyed by version and
/// acknowledgements by member and version, so two branches that recorded different
/// acknowledgements merge cleanly and only the same one recorded two ways conflicts;
/// reviews are a set of dated reviews.
fn merge_policy(
    ctx: &mut Ctx,
    id: &str,
    base: Option<&PolicyRecord>,
    ours: &PolicyRecord,
    theirs: &PolicyRecord,
) -> PolicyRecord {
    let empty = PolicyRecord::default();
    let b = base.unwrap_or(&empty);
    let mut out = ours.clone();
    let at = |f: &str| Loc::Policy(id.to_string(), Some(f.to_string()));
    fields::merge_policy(ctx, &at, base, ours, theirs, &mut out);
    fn by_version(p: &PolicyRecord) -> Vec<(u32, &Approval)> {
        p.approvals.iter().map(|a| (a.version, a)).collect()
    }
    out.approvals = keyed(
        ctx,
        by_version(b),
        by_version(ours),
        by_version(theirs),
        &|v| Loc::PolicyApproval(id.to_string(), *v),
        &no_keep,
        &mut |ctx, v, b, o, t| ctx.scalar(Loc::PolicyApproval(id.to_string(), *v), b, o, t),
    )
    .into_iter()
    .map(|(_, a)| a)
    .collect();
    out.approvals.sort_by_key(|a| a.version);
    fn by_person(p: &PolicyRecord) -> Vec<((String, u32), &Ack)> {
        p.acknowledgements
            .iter()
            .map(|a| ((a.member.clone(), a.version), a))
            .collect()
    }
    out.acknowledgements = keyed(
        ctx,
        by_person(b),
        by_person(ours),
        by_person(theirs),
        &|(m, v)| Loc::PolicyAck(id.to_string(), m.clone(), *v),
        &no_keep,
        &mut |ctx, (m, v), b, o, t| {
            ctx.scalar(Loc::PolicyAck(id.to_string(), m.clone(), *v), b, o, t)
        },
    )
    .into_iter()
    .map(|(_, a)| a)
    .collect();
    out.reviews = seq::set(&b.reviews, &ours.reviews, &theirs.reviews);
    out.reviews.sort();
    out
}

/// Evidence both sides added with the same reference, date, collector and hash (a nightly
/// job on two branches) is one piece of evidence under two ids: theirs is dropped.
fn drop_twin_evidence(
    merged: &mut Vec<Evidence>,
    base: &ItemRecord,
    ours: &ItemRecord,
    theirs: &ItemRecord,
) {
    // Sets, not scans: a record may hold thousands of references, and a scan per entry
    // made this quadratic in them.
    fn ids(r: &ItemRecord) -> HashSet<&str> {
        r.evidence.iter().map(|e| e.id.as_str()).collect()
    }
    fn twin(e: &Evidence) -> (&str, Date, Option<&str>, Option<&str>) {
        let (by, sha) = (e.by.as_deref(), e.sha256.as_deref());
        (e.reference.as_str(), e.collected, by, sha)
    }
    let (in_base, in_ours) = (ids(base), ids(ours));
    let our_new: HashSet<_> = ours
        .evidence
        .iter()
        .filter(|e| !in_base.contains(e.id.as_str()))
        .map(twin)
        .collect();
    if our_new.is_empty() {
        return;
    }
    let in_theirs = ids(theirs);
    merged.retain(|e| {
        let theirs_only = !in_base.contains(e.id.as_str())
            && !in_ours.contains(e.id.as_str())
            && in_theirs.contains(e.id.as_str());
        !(theirs_only && our_new.contains(&twin(e)))
    });
}

/// A conflict the base held that both sides settled: the same way, it stays settled; two
/// ways (possibly by leaving ours in place on one side), it comes back as a conflict with
/// ours in place. Git's criss-cross merges give a merged base that holds conflicts.
fn settled_two_ways(
    ctx: &mut Ctx,
    base: &Workbook,
    ours: &Workbook,
    theirs: &Workbook,
    wb: &mut Workbook,
) {
    for c in &base.conflicts {
        if ours.conflicts.contains(c) || theirs.conflicts.contains(c) {
            continue;
        }
        let Ok(at) = c.location.parse::<Loc>() else {
            continue;
        };
        let at = match (value_at(ours, &at), value_at(theirs, &at)) {
            (Some(_), Some(_)) => at,
            _ => at.entry(),
        };
        let (Some(o), Some(t)) = (value_at(ours, &at), value_at(theirs, &at)) else {
            continue;
        };
        let location = at.to_string();
        if o == t || ctx.has(&location) {
            continue;
        }
        // Best effort: a value that no longer fits still leaves the conflict recorded.
        let _ = apply_value(wb, &location, &o);
        ctx.record(&at, o, t);
    }
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
mod policy_tests;
#[cfg(test)]
mod tests;
