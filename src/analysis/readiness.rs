//! Design readiness: which items apply, and how many are implemented.
//!
//! Why here: the dashboard, `soc2 status` and the checklist tree all show these counts, and
//! they must be the same numbers explained by the same items.

use std::collections::BTreeSet;

use crate::catalog::{Catalog, CatalogItem, Criterion, Tier};
use crate::model::Date;
use crate::model::{
    Cadence, Category, ItemRecord, ItemStatus, Milestone, MilestoneStatus, ReportType, Workbook,
};

/// One checklist item as the app shows it: catalog text joined with the team's record.
#[derive(Clone, Copy, Debug)]
pub struct ItemRef<'a> {
    /// The criterion the record lives under: the control's home, which differs from the
    /// criterion being shown for a control met elsewhere.
    pub criterion: &'a str,
    /// Shown under a criterion it also meets, not under its home (the view marks it).
    pub elsewhere: bool,
    pub tier: Tier,
    pub id: &'a str,
    pub title: &'a str,
    pub evidence_hint: &'a str,
    pub cadence: Option<Cadence>,
    pub record: Option<&'a ItemRecord>,
    pub custom: bool,
    /// The catalog control, for its parameters; `None` for a custom item.
    pub control: Option<&'a CatalogItem>,
}

impl ItemRef<'_> {
    /// The item's status; an untouched item has not started.
    pub fn status(&self) -> ItemStatus {
        self.record.map_or(ItemStatus::NotStarted, |r| r.status)
    }

    /// Marked implemented but with nothing an auditor could inspect: no evidence reference
    /// and no recorded statement why none applies (an evidence entry `none: …`).
    pub fn implemented_without_evidence(&self) -> bool {
        self.status() == ItemStatus::Implemented
            && self.record.is_none_or(|r| r.evidence.is_empty())
    }

    /// The title with the team's own parameter values (or the defaults) filled in.
    pub fn shown_title(&self) -> String {
        match (self.control, self.record) {
            (Some(control), Some(record)) if !record.parameters.is_empty() => {
                control.title_with(|key| record.parameters.get(key).copied())
            }
            _ => self.title.to_string(),
        }
    }

    /// Whether the item counts toward readiness: every Baseline control, and a Recommended
    /// one only once the team has adopted it (started it or implemented it).
    pub fn counts(&self) -> bool {
        self.tier == Tier::Baseline
            || matches!(
                self.status(),
                ItemStatus::InProgress | ItemStatus::Implemented
            )
    }
}

/// The catalog items of a criterion, then the team's custom ones, each with its record.
/// A criterion's checklist is a projection: its own controls, then the controls homed
/// elsewhere that also meet it (recorded once, under their home).
pub fn items_of<'a>(criterion: &'a Criterion, wb: &'a Workbook) -> Vec<ItemRef<'a>> {
    let records = wb.checklist.get(&criterion.id);
    let catalog_ref = |home: &'a str, item: &'a CatalogItem| ItemRef {
        criterion: home,
        elsewhere: home != criterion.id,
        tier: item.tier,
        id: &item.id,
        title: &item.title,
        evidence_hint: &item.evidence,
        cadence: item.cadence,
        record: wb
            .checklist
            .get(home)
            .and_then(|r| r.get(&item.id))
            .map(|r| &**r),
        custom: false,
        control: Some(item),
    };
    let mut out: Vec<ItemRef<'a>> = criterion
        .items
        .iter()
        .map(|item| catalog_ref(&criterion.id, item))
        .chain(
            criterion
                .met_elsewhere
                .iter()
                .map(|m| catalog_ref(&m.home, &m.item)),
        )
        .collect();
    if let Some(records) = records {
        out.extend(records.iter().filter_map(|(id, rec)| {
            rec.custom.as_ref().map(|custom| ItemRef {
                criterion: &criterion.id,
                elsewhere: false,
                tier: Tier::Baseline,
                id,
                title: &custom.title,
                evidence_hint: &custom.evidence,
                cadence: custom.cadence,
                record: Some(rec),
                custom: true,
                control: None,
            })
        }));
    }
    out
}

/// The categories in scope, in report order (Security always first).
pub fn categories_in_scope(wb: &Workbook) -> Vec<Category> {
    Category::ALL
        .into_iter()
        .filter(|c| wb.in_scope(*c))
        .collect()
}

/// The criteria of every in-scope category, in catalog order.
pub fn criteria_in_scope<'a>(cat: &'a Catalog, wb: &Workbook) -> Vec<&'a Criterion> {
    cat.criteria
        .iter()
        .filter(|c| wb.in_scope(c.category))
        .collect()
}

/// How many items stand where.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: usize,
    /// Implemented with at least one evidence entry: what counts for readiness.
    pub implemented: usize,
    /// Marked implemented without any evidence entry; counted as not yet implemented.
    pub unevidenced: usize,
    pub in_progress: usize,
    pub not_started: usize,
    pub not_applicable: usize,
}

impl Counts {
    /// Counts an item, unless it is a Recommended control the team has not adopted
    /// (public: the Checklist sums only the items a filter shows).
    pub fn add(&mut self, item: &ItemRef<'_>) {
        if !item.counts() {
            return;
        }
        self.total += 1;
        match item.status() {
            ItemStatus::Implemented if item.implemented_without_evidence() => self.unevidenced += 1,
            ItemStatus::Implemented => self.implemented += 1,
            ItemStatus::InProgress => self.in_progress += 1,
            ItemStatus::NotStarted => self.not_started += 1,
            ItemStatus::NotApplicable => self.not_applicable += 1,
        }
    }

    /// Items that count: all but N/A.
    pub fn applicable(&self) -> usize {
        self.total - self.not_applicable
    }

    /// Implemented (with evidence) over applicable, rounded down (100 only when every item is done).
    pub fn percent(&self) -> u8 {
        match self.applicable() {
            0 => 100,
            n => u8::try_from(self.implemented * 100 / n).unwrap_or(100),
        }
    }
}

/// The counts of one criterion's items.
pub fn criterion_counts(criterion: &Criterion, wb: &Workbook) -> Counts {
    let mut counts = Counts::default();
    for item in items_of(criterion, wb) {
        counts.add(&item);
    }
    counts
}

/// The counts of several criteria together, each control once even when it meets more
/// than one of them (a series or a category in the tree).
pub fn counts_once<'a>(criteria: impl IntoIterator<Item = &'a Criterion>, wb: &Workbook) -> Counts {
    let mut counts = Counts::default();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for criterion in criteria {
        for item in items_of(criterion, wb) {
            if seen.insert((item.criterion.to_string(), item.id.to_string())) {
                counts.add(&item);
            }
        }
    }
    counts
}

/// Design readiness overall and per in-scope category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Readiness {
    pub overall: Counts,
    pub by_category: Vec<(Category, Counts)>,
}

/// What a Type I tests: how many in-scope controls are implemented, with evidence. A
/// control that meets several criteria counts once overall and once in each category.
pub fn design_readiness(cat: &Catalog, wb: &Workbook) -> Readiness {
    let mut overall = Counts::default();
    let mut by_category: Vec<(Category, Counts)> = categories_in_scope(wb)
        .into_iter()
        .map(|c| (c, Counts::default()))
        .collect();
    let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut seen_in: BTreeSet<(Category, &str, &str)> = BTreeSet::new();
    for criterion in criteria_in_scope(cat, wb) {
        for item in items_of(criterion, wb) {
            if seen.insert((item.criterion, item.id)) {
                overall.add(&item);
            }
            if !seen_in.insert((criterion.category, item.criterion, item.id)) {
                continue;
            }
            if let Some((_, counts)) = by_category
                .iter_mut()
                .find(|(c, _)| *c == criterion.category)
            {
                counts.add(&item);
            }
        }
    }
    Readiness {
        overall,
        by_category,
    }
}

/// An in-scope item marked implemented that has no evidence entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unevidenced {
    pub criterion: String,
    pub item: String,
    pub title: String,
}

/// Every in-scope item marked implemented without evidence, in catalog order: an auditor
/// tests what can be shown, so these do not count as implemented until proof is recorded.
pub fn implemented_without_evidence(cat: &Catalog, wb: &Workbook) -> Vec<Unevidenced> {
    criteria_in_scope(cat, wb)
        .into_iter()
        .flat_map(|c| items_of(c, wb))
        .filter(|i| !i.elsewhere && i.implemented_without_evidence())
        .map(|i| Unevidenced {
            criterion: i.criterion.to_string(),
            item: i.id.to_string(),
            title: i.title.to_string(),
        })
        .collect()
}

/// The summary behind `soc2 status` and the dashboard's headline.
#[derive(Clone, Debug)]
pub struct Summary<'a> {
    pub organization: &'a str,
    pub report_type: ReportType,
    pub categories_in_scope: Vec<Category>,
    pub criteria_in_scope: usize,
    pub design: Readiness,
    pub backlog_open: usize,
    pub backlog_overdue: usize,
    pub next_milestone: Option<&'a Milestone>,
}

/// Open backlog items whose due date has passed.
pub fn is_overdue(item: &crate::model::BacklogItem, today: Date) -> bool {
    item.status.is_open() && item.due.is_some_and(|due| due < today)
}

/// The first milestone not yet done that has not ended before today.
pub fn next_milestone(wb: &Workbook, today: Date) -> Option<&Milestone> {
    wb.milestones
        .iter()
        .filter(|m| m.status != MilestoneStatus::Done && m.end >= today)
        .min_by_key(|m| (m.start, m.end))
}

/// Everything `soc2 status` prints.
pub fn summary<'a>(cat: &Catalog, wb: &'a Workbook, today: Date) -> Summary<'a> {
    Summary {
        organization: &wb.organization.name,
        report_type: wb.scope.report_type,
        categories_in_scope: categories_in_scope(wb),
        criteria_in_scope: criteria_in_scope(cat, wb).len(),
        design: design_readiness(cat, wb),
        backlog_open: wb.backlog.iter().filter(|b| b.status.is_open()).count(),
        backlog_overdue: wb.backlog.iter().filter(|b| is_overdue(b, today)).count(),
        next_milestone: next_milestone(wb, today),
    }
}
