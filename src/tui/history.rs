//! Undo and redo that keep only what a change touched.
//!
//! Why not whole snapshots: a workbook that has grown for years is megabytes in memory,
//! and copying and comparing it on every keystroke cost milliseconds and hundreds of
//! megabytes of undo history. Each change names what it may touch ([`Touch`]); the step
//! keeps those parts as they were, and undo swaps them back — the same swap turns the step
//! into its redo. Records are [`Shared`], so keeping a criterion's records copies
//! pointers: only the record the change rewrote becomes a copy. The small parts
//! (organization, scope, team, milestones, conflicts, policies, vendors, risks) are always
//! kept, since they cost little. Debug builds check every declared touch against a full
//! copy, so a wrong declaration fails the tests instead of corrupting an undo.

use std::collections::BTreeMap;

use crate::model::{
    BacklogItem, Conflict, ItemRecord, Member, Milestone, Organization, PolicyRecord, Scope,
    Shared, Workbook,
};

/// How many steps can be undone.
pub const UNDO_LIMIT: usize = 200;

/// What one change may modify besides the small parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touch {
    /// Only the small parts (scope, team, organization, milestones, conflicts).
    Small,
    /// The records of one criterion's checklist items.
    Criterion(String),
    /// One existing backlog item, by id.
    BacklogItem(String),
    /// New backlog items added at the end.
    BacklogAppend,
    /// Anything: the whole workbook is kept (for rare, wide changes).
    Everything,
    /// One control's population, by control id.
    Population(String),
}

/// The small parts, kept whole by every step.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Small {
    organization: Organization,
    scope: Scope,
    team: Vec<Member>,
    milestones: Vec<Milestone>,
    conflicts: Vec<Conflict>,
    /// The policy register: a few dozen entries, kept whole like the team.
    policies: BTreeMap<String, PolicyRecord>,
    sample_sizes: BTreeMap<crate::model::Cadence, u32>,
    /// The vendor register: a few hundred entries at most, kept whole like the policies.
    vendors: BTreeMap<String, crate::model::Vendor>,
    /// The risk register and its assessments: a few dozen entries, kept whole too.
    risks: BTreeMap<String, crate::model::Risk>,
    risk_assessments: Vec<crate::model::RiskAssessment>,
    risk_triggers: Vec<crate::model::RiskTrigger>,
    /// The auditor's requests: a few hundred at most, kept whole.
    requests: BTreeMap<String, crate::model::AuditorRequest>,
}

/// A workbook's checklist: criterion id → item id → record.
type Checklist = BTreeMap<String, Records>;

/// One criterion's records, each shared with the workbook until one side changes it.
type Records = BTreeMap<String, Shared<ItemRecord>>;

/// The big parts a step keeps, as they were (or, after an undo, as they will be again).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Big {
    None,
    Criterion(String, Option<Records>),
    /// A backlog item by id, with its position; `None` when it did not exist.
    BacklogItem(String, Option<(usize, Shared<BacklogItem>)>),
    /// The backlog's tail from `at` on.
    BacklogTail(usize, Vec<Shared<BacklogItem>>),
    Everything(Box<(Checklist, Vec<Shared<BacklogItem>>, Populations)>),
    Population(String, Option<Shared<crate::model::Population>>),
}

/// A workbook's populations: control id → population.
type Populations = BTreeMap<String, Shared<crate::model::Population>>;

/// Parts of a workbook set aside; [`Parts::swap`] exchanges them with the workbook's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    small: Small,
    big: Big,
}

fn take_small(wb: &Workbook) -> Small {
    Small {
        organization: wb.organization.clone(),
        scope: wb.scope.clone(),
        team: wb.team.clone(),
        milestones: wb.milestones.clone(),
        conflicts: wb.conflicts.clone(),
        policies: wb.policies.clone(),
        sample_sizes: wb.sample_sizes.clone(),
        vendors: wb.vendors.clone(),
        risks: wb.risks.clone(),
        risk_assessments: wb.risk_assessments.clone(),
        risk_triggers: wb.risk_triggers.clone(),
        requests: wb.requests.clone(),
    }
}

impl Parts {
    /// The parts `touch` names, as they are in `wb` now.
    pub fn of(wb: &Workbook, touch: &Touch) -> Parts {
        let big = match touch {
            Touch::Small => Big::None,
            Touch::Criterion(id) => Big::Criterion(id.clone(), wb.checklist.get(id).cloned()),
            Touch::BacklogItem(id) => Big::BacklogItem(
                id.clone(),
                wb.backlog
                    .iter()
                    .position(|b| &b.id == id)
                    .map(|i| (i, wb.backlog[i].clone())),
            ),
            Touch::BacklogAppend => Big::BacklogTail(wb.backlog.len(), Vec::new()),
            Touch::Everything => Big::Everything(Box::new((
                wb.checklist.clone(),
                wb.backlog.clone(),
                wb.populations.clone(),
            ))),
            Touch::Population(id) => Big::Population(id.clone(), wb.populations.get(id).cloned()),
        };
        Parts {
            small: take_small(wb),
            big,
        }
    }

    /// Exchanges these parts with the workbook's: afterwards the workbook holds what was
    /// kept here, and this holds what the workbook had.
    pub fn swap(&mut self, wb: &mut Workbook) {
        let s = &mut self.small;
        std::mem::swap(&mut s.organization, &mut wb.organization);
        std::mem::swap(&mut s.scope, &mut wb.scope);
        std::mem::swap(&mut s.team, &mut wb.team);
        std::mem::swap(&mut s.milestones, &mut wb.milestones);
        std::mem::swap(&mut s.policies, &mut wb.policies);
        std::mem::swap(&mut s.conflicts, &mut wb.conflicts);
        std::mem::swap(&mut s.sample_sizes, &mut wb.sample_sizes);
        std::mem::swap(&mut s.vendors, &mut wb.vendors);
        std::mem::swap(&mut s.risks, &mut wb.risks);
        std::mem::swap(&mut s.risk_assessments, &mut wb.risk_assessments);
        std::mem::swap(&mut s.risk_triggers, &mut wb.risk_triggers);
        std::mem::swap(&mut s.requests, &mut wb.requests);
        match &mut self.big {
            Big::None => {}
            Big::Criterion(id, kept) => {
                let current = wb.checklist.remove(id.as_str());
                if let Some(map) = kept.take() {
                    wb.checklist.insert(id.clone(), map);
                }
                *kept = current;
            }
            Big::BacklogItem(id, kept) => {
                let current = wb
                    .backlog
                    .iter()
                    .position(|b| &b.id == id)
                    .map(|i| (i, wb.backlog.remove(i)));
                if let Some((at, item)) = kept.take() {
                    wb.backlog.insert(at.min(wb.backlog.len()), item);
                }
                *kept = current;
            }
            Big::BacklogTail(at, kept) => {
                let at = (*at).min(wb.backlog.len());
                let current = wb.backlog.split_off(at);
                wb.backlog.append(kept);
                *kept = current;
            }
            Big::Everything(kept) => {
                std::mem::swap(&mut kept.0, &mut wb.checklist);
                std::mem::swap(&mut kept.1, &mut wb.backlog);
                std::mem::swap(&mut kept.2, &mut wb.populations);
            }
            Big::Population(id, kept) => {
                let current = wb.populations.remove(id.as_str());
                if let Some(p) = kept.take() {
                    wb.populations.insert(id.clone(), p);
                }
                *kept = current;
            }
        }
    }

    /// Whether `wb` still holds exactly these parts (the change changed nothing).
    pub fn unchanged_in(&self, wb: &Workbook) -> bool {
        if self.small != take_small(wb) {
            return false;
        }
        match &self.big {
            Big::None => true,
            Big::Criterion(id, kept) => wb.checklist.get(id) == kept.as_ref(),
            Big::BacklogItem(id, kept) => {
                let now = wb.backlog.iter().position(|b| &b.id == id);
                match (now, kept) {
                    (None, None) => true,
                    (Some(i), Some((at, item))) => i == *at && wb.backlog[i] == *item,
                    _ => false,
                }
            }
            Big::BacklogTail(at, kept) => wb.backlog.len() == at + kept.len(),
            Big::Everything(kept) => {
                kept.0 == wb.checklist && kept.1 == wb.backlog && kept.2 == wb.populations
            }
            Big::Population(id, kept) => wb.populations.get(id) == kept.as_ref(),
        }
    }
}

/// One undoable change: what it was called and the parts it swapped.
#[derive(Debug, Clone)]
struct Step {
    what: String,
    parts: Parts,
    /// The revision before and after the change.
    revisions: (u64, u64),
}

/// The undo and redo stacks, and a revision number that names each content state so
/// "unsaved changes?" is a comparison of two numbers, not of two workbooks.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The content state the workbook is in now.
    revision: u64,
    /// The last revision number handed out.
    last: u64,
}

impl History {
    /// The current content state's number.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// A new content state that no step leads back to (a reload).
    pub fn reset(&mut self) -> u64 {
        self.undo.clear();
        self.redo.clear();
        self.last += 1;
        self.revision = self.last;
        self.revision
    }

    /// How many steps can be undone.
    pub fn depth(&self) -> usize {
        self.undo.len()
    }

    /// Applies `change` to `wb`, keeping what `touch` names for undo. A failed change is
    /// rolled back; a change that changed nothing records no step. Returns the change's
    /// result and whether the workbook changed.
    pub fn apply<T, E>(
        &mut self,
        wb: &mut Workbook,
        what: &str,
        touch: &Touch,
        change: impl FnOnce(&mut Workbook) -> Result<T, E>,
    ) -> (Result<T, E>, bool) {
        let mut parts = Parts::of(wb, touch);
        #[cfg(debug_assertions)]
        let before = wb.clone();
        let result = change(wb);
        if result.is_err() || parts.unchanged_in(wb) {
            // A refused change may have half-applied (an empty record created before the
            // refusal): put the touched parts back exactly as they were.
            parts.swap(wb);
            #[cfg(debug_assertions)]
            debug_assert!(
                *wb == before,
                "change \"{what}\" touched more than {touch:?}"
            );
            return (result, false);
        }
        #[cfg(debug_assertions)]
        {
            let mut check = wb.clone();
            parts.clone().swap(&mut check);
            debug_assert!(
                check == before,
                "change \"{what}\" touched more than {touch:?}"
            );
        }
        self.last += 1;
        let step = Step {
            what: what.to_string(),
            parts,
            revisions: (self.revision, self.last),
        };
        self.revision = self.last;
        self.undo.push(step);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        (result, true)
    }

    /// Undoes the last step; returns its name.
    pub fn undo(&mut self, wb: &mut Workbook) -> Option<String> {
        let mut step = self.undo.pop()?;
        step.parts.swap(wb);
        self.revision = step.revisions.0;
        let what = step.what.clone();
        self.redo.push(step);
        Some(what)
    }

    /// Redoes the last undone step; returns its name.
    pub fn redo(&mut self, wb: &mut Workbook) -> Option<String> {
        let mut step = self.redo.pop()?;
        step.parts.swap(wb);
        self.revision = step.revisions.1;
        let what = step.what.clone();
        self.undo.push(step);
        Some(what)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::edit::{self, NewBacklogItem};
    use crate::model::{BacklogStatus, Date, ItemStatus};

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn workbook() -> Workbook {
        let mut wb = crate::starter::starter_workbook("Acme", None, d("2026-11-22"));
        let mut rng = fastrand::Rng::with_seed(3);
        for title in ["One", "Two", "Three"] {
            let new = NewBacklogItem {
                title: title.into(),
                ..NewBacklogItem::default()
            };
            edit::add_backlog_item(catalog(), &mut wb, new, d("2026-11-22"), &mut rng).unwrap();
        }
        wb
    }

    fn key() -> edit::ItemKey {
        edit::ItemKey {
            criterion: "CC6.1".into(),
            item: "mfa-everywhere".into(),
        }
    }

    #[test]
    fn undo_and_redo_swap_only_the_touched_parts() {
        let mut wb = workbook();
        let original = wb.clone();
        let mut h = History::default();
        let touch = Touch::Criterion("CC6.1".into());
        let (r, changed) = h.apply(&mut wb, "mark", &touch, |wb| {
            edit::set_item_status(wb, &key(), ItemStatus::Implemented, None)
        });
        assert!(r.is_ok() && changed);
        let after = wb.clone();
        assert_eq!(h.undo(&mut wb).as_deref(), Some("mark"));
        assert_eq!(wb, original);
        assert_eq!(h.redo(&mut wb).as_deref(), Some("mark"));
        assert_eq!(wb, after);
    }

    #[test]
    fn revisions_tell_whether_content_returned_to_a_state() {
        let mut wb = workbook();
        let mut h = History::default();
        let saved = h.revision();
        let id = wb.backlog[1].id.clone();
        h.apply(&mut wb, "status", &Touch::BacklogItem(id.clone()), |wb| {
            edit::set_backlog_status(wb, &id, BacklogStatus::Done, d("2026-11-23"))
        })
        .0
        .unwrap();
        assert_ne!(h.revision(), saved);
        h.undo(&mut wb);
        assert_eq!(h.revision(), saved, "undone back to the saved state");
        h.redo(&mut wb);
        assert_ne!(h.revision(), saved);
    }

    #[test]
    fn a_refused_change_is_rolled_back_and_records_nothing() {
        let mut wb = workbook();
        let original = wb.clone();
        let mut h = History::default();
        let (r, changed) = h.apply(&mut wb, "N/A", &Touch::Criterion("CC6.1".into()), |wb| {
            edit::set_item_status(wb, &key(), ItemStatus::NotApplicable, None)
        });
        assert!(r.is_err() && !changed);
        assert_eq!(
            wb, original,
            "the empty record created before the refusal is gone"
        );
        assert_eq!(h.depth(), 0);
    }

    #[test]
    fn appended_and_deleted_backlog_items_come_back_in_place() {
        let mut wb = workbook();
        let original = wb.clone();
        let mut h = History::default();
        let mut rng = fastrand::Rng::with_seed(9);
        h.apply(&mut wb, "add", &Touch::BacklogAppend, |wb| {
            let new = NewBacklogItem {
                title: "Four".into(),
                ..NewBacklogItem::default()
            };
            edit::add_backlog_item(catalog(), wb, new, d("2026-11-22"), &mut rng)
        })
        .0
        .unwrap();
        assert_eq!(wb.backlog.len(), 4);
        let id = wb.backlog[1].id.clone();
        h.apply(&mut wb, "delete", &Touch::BacklogItem(id.clone()), |wb| {
            edit::delete_backlog_item(wb, &id)
        })
        .0
        .unwrap();
        assert_eq!(wb.backlog.len(), 3);
        h.undo(&mut wb);
        assert_eq!(wb.backlog[1].id, id, "back at its position");
        h.undo(&mut wb);
        assert_eq!(wb, original);
        h.redo(&mut wb);
        h.redo(&mut wb);
        assert_eq!(wb.backlog.len(), 3);
        assert!(wb.backlog.iter().all(|b| b.id != id));
    }

    #[test]
    fn a_change_that_changes_nothing_records_no_step() {
        let mut wb = workbook();
        let mut h = History::default();
        let (_, changed) = h.apply(&mut wb, "noop", &Touch::Everything, |_| Ok::<(), ()>(()));
        assert!(!changed);
        assert_eq!(h.depth(), 0);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "touched more than")]
    fn a_wrong_declaration_fails_in_debug_builds() {
        let mut wb = workbook();
        let mut h = History::default();
        let id = wb.backlog[0].id.clone();
        let _ = h.apply(&mut wb, "sneaky", &Touch::Small, |wb| {
            edit::set_backlog_status(wb, &id, BacklogStatus::Done, d("2026-11-23"))
        });
    }
}
