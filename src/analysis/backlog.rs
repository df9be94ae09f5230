//! Backlog analysis: suggested priorities, overdue and at-risk items, sorting and filtering.
//!
//! Why: in a Type II audit a control fixed after the observation window opens is an
//! exception waiting to happen, so items due after the window start are flagged at risk;
//! and access control and change management gaps come before nice-to-haves. Sorting and
//! filtering return positions into `wb.backlog` rather than copies, so the backlog view and
//! `soc2 backlog list` stay fast on a workbook with ten thousand items.

use std::cmp::Ordering;

use crate::model::{BacklogItem, BacklogStatus, Date, Priority, Shared, Workbook};

use super::schedule::observation_window;

/// Criterion series whose gaps auditors find first, most urgent first, with the priority
/// a gap there deserves.
pub const SERIES_PRIORITY: [(&str, Priority); 9] = [
    ("CC6", Priority::P1),
    ("CC8", Priority::P1),
    ("CC7", Priority::P1),
    ("A1", Priority::P2),
    ("CC9", Priority::P2),
    ("C1", Priority::P2),
    ("CC3", Priority::P2),
    ("CC5", Priority::P2),
    ("CC1", Priority::P3),
];

/// The priority the linked criteria suggest: the most urgent of their series (P3 otherwise).
pub fn suggested_priority(criteria: &[String]) -> Priority {
    criteria
        .iter()
        .filter_map(|c| {
            let series = c.split('.').next().unwrap_or(c);
            SERIES_PRIORITY
                .iter()
                .find(|(s, _)| *s == series)
                .map(|(_, p)| *p)
        })
        .min()
        .unwrap_or(Priority::P3)
}

/// An open item whose due date has passed.
pub fn is_overdue(item: &BacklogItem, today: Date) -> bool {
    super::readiness::is_overdue(item, today)
}

/// An open item due after the observation window opens (or with no due date while a window
/// is planned): the control it fixes would not operate for the whole window.
pub fn is_at_risk(item: &BacklogItem, window_start: Option<Date>) -> bool {
    match window_start {
        Some(start) if item.status.is_open() => item.due.is_none_or(|due| due >= start),
        _ => false,
    }
}

/// The ids of open items at risk in a workbook.
pub fn at_risk(wb: &Workbook) -> Vec<&BacklogItem> {
    let start = observation_window(wb).map(|(s, _)| s);
    wb.backlog
        .iter()
        .map(|b| &**b)
        .filter(|b| is_at_risk(b, start))
        .collect()
}

/// A column of the backlog table, by which it can be sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BacklogColumn {
    Id,
    Title,
    Criteria,
    Priority,
    Owner,
    Status,
    Due,
}

impl BacklogColumn {
    /// Every column in table order.
    pub const ALL: [BacklogColumn; 7] = [
        BacklogColumn::Id,
        BacklogColumn::Title,
        BacklogColumn::Criteria,
        BacklogColumn::Priority,
        BacklogColumn::Owner,
        BacklogColumn::Status,
        BacklogColumn::Due,
    ];

    /// The column heading, also accepted by [`BacklogColumn::parse`].
    pub fn label(self) -> &'static str {
        match self {
            BacklogColumn::Id => "id",
            BacklogColumn::Title => "title",
            BacklogColumn::Criteria => "criteria",
            BacklogColumn::Priority => "priority",
            BacklogColumn::Owner => "owner",
            BacklogColumn::Status => "status",
            BacklogColumn::Due => "due",
        }
    }

    /// Finds a column by its heading, ignoring case.
    pub fn parse(text: &str) -> Option<BacklogColumn> {
        BacklogColumn::ALL
            .into_iter()
            .find(|c| c.label().eq_ignore_ascii_case(text.trim()))
    }
}

/// Which way a sorted column runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortDirection {
    #[default]
    Ascending,
    Descending,
}

impl SortDirection {
    /// The other direction (a second press on the same column heading).
    pub fn flipped(self) -> SortDirection {
        match self {
            SortDirection::Ascending => SortDirection::Descending,
            SortDirection::Descending => SortDirection::Ascending,
        }
    }
}

/// Which items a status filter keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    /// Exactly this status.
    Is(BacklogStatus),
    /// Anything not done yet.
    Unfinished,
}

impl StatusFilter {
    /// A status label (`open`, `in progress`, `blocked`, `done`) or `unfinished`.
    pub fn parse(text: &str) -> Option<StatusFilter> {
        let t = text.trim().to_ascii_lowercase();
        if matches!(
            t.as_str(),
            "unfinished" | "notdone" | "not-done" | "not done"
        ) {
            return Some(StatusFilter::Unfinished);
        }
        BacklogStatus::parse(&t).map(StatusFilter::Is)
    }

    fn keeps(self, status: BacklogStatus) -> bool {
        match self {
            StatusFilter::Is(s) => s == status,
            StatusFilter::Unfinished => status.is_open(),
        }
    }
}

/// Which items an owner filter keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnerFilter {
    /// Items nobody owns yet.
    Unassigned,
    /// Items owned by this team member's handle.
    Member(String),
}

/// The filters of the backlog table; `None` in a field keeps everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BacklogFilter {
    pub status: Option<StatusFilter>,
    pub owner: Option<OwnerFilter>,
    pub priority: Option<Priority>,
}

impl BacklogFilter {
    /// Whether an item passes every filter that is set.
    pub fn matches(&self, item: &BacklogItem) -> bool {
        self.status.is_none_or(|s| s.keeps(item.status))
            && self.priority.is_none_or(|p| p == item.priority)
            && match &self.owner {
                None => true,
                Some(OwnerFilter::Unassigned) => item.owner.is_none(),
                Some(OwnerFilter::Member(id)) => item.owner.as_deref() == Some(id.as_str()),
            }
    }

    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.status.is_none() && self.owner.is_none() && self.priority.is_none()
    }
}

/// Compares two optional values with a missing value last in either direction.
fn missing_last<T: Ord>(a: Option<T>, b: Option<T>, dir: SortDirection) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => directed(a.cmp(&b), dir),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn directed(ord: Ordering, dir: SortDirection) -> Ordering {
    match dir {
        SortDirection::Ascending => ord,
        SortDirection::Descending => ord.reverse(),
    }
}

/// Case-insensitive text order without allocating.
fn cmp_text(a: &str, b: &str) -> Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
        .then_with(|| a.cmp(b))
}

/// How two items compare on one column; empty owners, criteria and due dates sort last.
pub fn compare(
    a: &BacklogItem,
    b: &BacklogItem,
    column: BacklogColumn,
    dir: SortDirection,
) -> Ordering {
    match column {
        BacklogColumn::Id => directed(cmp_text(&a.id, &b.id), dir),
        BacklogColumn::Title => directed(cmp_text(&a.title, &b.title), dir),
        BacklogColumn::Priority => directed(a.priority.cmp(&b.priority), dir),
        BacklogColumn::Status => directed(a.status.cmp(&b.status), dir),
        BacklogColumn::Due => missing_last(a.due, b.due, dir),
        BacklogColumn::Owner => match (&a.owner, &b.owner) {
            (Some(x), Some(y)) => directed(cmp_text(x, y), dir),
            (x, y) => missing_last(x.as_ref().map(|_| ()), y.as_ref().map(|_| ()), dir),
        },
        BacklogColumn::Criteria => match (a.criteria.is_empty(), b.criteria.is_empty()) {
            (false, false) => directed(a.criteria.cmp(&b.criteria), dir),
            (x, y) => x.cmp(&y),
        },
    }
}

/// Sorts positions into `items` by one column; stable, so equal items keep file order.
pub fn sort_indices(
    items: &[Shared<BacklogItem>],
    indices: &mut [usize],
    column: BacklogColumn,
    dir: SortDirection,
) {
    indices.sort_by(|&a, &b| match (items.get(a), items.get(b)) {
        (Some(x), Some(y)) => compare(x, y, column, dir),
        _ => a.cmp(&b),
    });
}

/// The positions in `items` that pass `filter`, sorted by `sort` (file order without one).
pub fn view(
    items: &[Shared<BacklogItem>],
    filter: &BacklogFilter,
    sort: Option<(BacklogColumn, SortDirection)>,
) -> Vec<usize> {
    let mut out: Vec<usize> = (0..items.len())
        .filter(|&i| filter.matches(&items[i]))
        .collect();
    if let Some((column, dir)) = sort {
        sort_indices(items, &mut out, column, dir);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BacklogStatus;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn access_and_change_gaps_come_first() {
        assert_eq!(suggested_priority(&["CC6.2".into()]), Priority::P1);
        assert_eq!(
            suggested_priority(&["CC8.1".into(), "CC1.1".into()]),
            Priority::P1
        );
        assert_eq!(suggested_priority(&["A1.2".into()]), Priority::P2);
        assert_eq!(suggested_priority(&["CC1.4".into()]), Priority::P3);
        assert_eq!(suggested_priority(&["P4.2".into()]), Priority::P3);
        assert_eq!(suggested_priority(&[]), Priority::P3);
    }

    #[test]
    fn items_due_after_the_window_opens_are_at_risk() {
        let start = Some(d("2027-05-01"));
        let mut item = BacklogItem {
            due: Some(d("2027-05-10")),
            ..BacklogItem::default()
        };
        assert!(is_at_risk(&item, start));
        item.due = Some(d("2027-04-20"));
        assert!(!is_at_risk(&item, start));
        item.due = None;
        assert!(
            is_at_risk(&item, start),
            "no due date while a window is planned"
        );
        item.status = BacklogStatus::Done;
        assert!(!is_at_risk(&item, start));
        assert!(
            !is_at_risk(&BacklogItem::default(), None),
            "no window, no risk"
        );
    }

    #[test]
    fn overdue_means_open_and_past_due() {
        let mut item = BacklogItem {
            due: Some(d("2027-01-01")),
            ..BacklogItem::default()
        };
        assert!(is_overdue(&item, d("2027-01-02")));
        assert!(!is_overdue(&item, d("2027-01-01")));
        item.status = BacklogStatus::Done;
        assert!(!is_overdue(&item, d("2027-01-02")));
    }

    fn item(
        id: &str,
        title: &str,
        priority: Priority,
        owner: Option<&str>,
        due: Option<&str>,
    ) -> BacklogItem {
        BacklogItem {
            id: id.into(),
            title: title.into(),
            priority,
            owner: owner.map(String::from),
            due: due.map(d),
            ..BacklogItem::default()
        }
    }

    fn sample() -> Vec<Shared<BacklogItem>> {
        [
            item(
                "RB-aaaa",
                "rotate keys",
                Priority::P2,
                Some("maria"),
                Some("2027-03-01"),
            ),
            item("RB-bbbb", "Backups", Priority::P1, None, None),
            item(
                "RB-cccc",
                "MFA everywhere",
                Priority::P1,
                Some("li"),
                Some("2027-01-15"),
            ),
            item(
                "RB-dddd",
                "access review",
                Priority::P2,
                Some("maria"),
                Some("2027-01-15"),
            ),
        ]
        .into_iter()
        .map(Shared::new)
        .collect()
    }

    fn ids(items: &[Shared<BacklogItem>], idx: &[usize]) -> Vec<String> {
        idx.iter().map(|&i| items[i].id.clone()).collect()
    }

    #[test]
    fn due_dates_sort_with_undated_items_last_in_both_directions() {
        let items = sample();
        let asc = view(
            &items,
            &BacklogFilter::default(),
            Some((BacklogColumn::Due, SortDirection::Ascending)),
        );
        assert_eq!(
            ids(&items, &asc),
            ["RB-cccc", "RB-dddd", "RB-aaaa", "RB-bbbb"]
        );
        let desc = view(
            &items,
            &BacklogFilter::default(),
            Some((BacklogColumn::Due, SortDirection::Descending)),
        );
        assert_eq!(
            ids(&items, &desc),
            ["RB-aaaa", "RB-cccc", "RB-dddd", "RB-bbbb"],
            "ties keep file order"
        );
    }

    #[test]
    fn titles_sort_ignoring_case_and_priorities_stably() {
        let items = sample();
        let by_title = view(
            &items,
            &BacklogFilter::default(),
            Some((BacklogColumn::Title, SortDirection::Ascending)),
        );
        assert_eq!(
            ids(&items, &by_title),
            ["RB-dddd", "RB-bbbb", "RB-cccc", "RB-aaaa"]
        );
        let by_priority = view(
            &items,
            &BacklogFilter::default(),
            Some((BacklogColumn::Priority, SortDirection::Ascending)),
        );
        assert_eq!(
            ids(&items, &by_priority),
            ["RB-bbbb", "RB-cccc", "RB-aaaa", "RB-dddd"]
        );
        let by_owner = view(
            &items,
            &BacklogFilter::default(),
            Some((BacklogColumn::Owner, SortDirection::Descending)),
        );
        assert_eq!(
            ids(&items, &by_owner),
            ["RB-aaaa", "RB-dddd", "RB-cccc", "RB-bbbb"],
            "unowned last"
        );
        assert_eq!(
            view(&items, &BacklogFilter::default(), None),
            [0, 1, 2, 3],
            "no sort: file order"
        );
    }

    #[test]
    fn filters_combine_status_owner_and_priority() {
        let mut items = sample();
        items[3].status = BacklogStatus::Done;
        let maria = BacklogFilter {
            owner: Some(OwnerFilter::Member("maria".into())),
            ..BacklogFilter::default()
        };
        assert_eq!(
            ids(&items, &view(&items, &maria, None)),
            ["RB-aaaa", "RB-dddd"]
        );
        let maria_unfinished = BacklogFilter {
            status: Some(StatusFilter::Unfinished),
            ..maria.clone()
        };
        assert_eq!(
            ids(&items, &view(&items, &maria_unfinished, None)),
            ["RB-aaaa"]
        );
        let unassigned_p1 = BacklogFilter {
            owner: Some(OwnerFilter::Unassigned),
            priority: Some(Priority::P1),
            ..BacklogFilter::default()
        };
        assert_eq!(
            ids(&items, &view(&items, &unassigned_p1, None)),
            ["RB-bbbb"]
        );
        let done = BacklogFilter {
            status: Some(StatusFilter::Is(BacklogStatus::Done)),
            ..BacklogFilter::default()
        };
        assert_eq!(ids(&items, &view(&items, &done, None)), ["RB-dddd"]);
        assert_eq!(
            StatusFilter::parse("In Progress"),
            Some(StatusFilter::Is(BacklogStatus::InProgress))
        );
        assert_eq!(
            StatusFilter::parse("unfinished"),
            Some(StatusFilter::Unfinished)
        );
        assert_eq!(StatusFilter::parse("later"), None);
        assert_eq!(BacklogColumn::parse("DUE"), Some(BacklogColumn::Due));
    }

    #[test]
    fn ten_thousand_items_sort_and_filter_without_cloning() {
        let items: Vec<Shared<BacklogItem>> = (0..10_000)
            .map(|i| BacklogItem {
                id: format!("RB-{i:05}"),
                title: format!("task {}", 10_000 - i),
                due: (i % 3 != 0).then(|| d("2027-01-01").add_days(i64::from(i % 400))),
                ..BacklogItem::default()
            })
            .map(Shared::new)
            .collect();
        let idx = view(
            &items,
            &BacklogFilter::default(),
            Some((BacklogColumn::Due, SortDirection::Ascending)),
        );
        assert_eq!(idx.len(), 10_000);
        assert!(idx.windows(2).all(|w| compare(
            &items[w[0]],
            &items[w[1]],
            BacklogColumn::Due,
            SortDirection::Ascending
        ) != Ordering::Greater));
        assert!(items[*idx.last().unwrap()].due.is_none());
    }
}
