//! Backlog analysis: suggested priorities, overdue and at-risk items.
//!
//! Why: in a Type II audit a control fixed after the observation window opens is an
//! exception waiting to happen, so items due after the window start are flagged at risk;
//! and access control and change management gaps come before nice-to-haves.

use crate::model::{BacklogItem, Date, Priority, Workbook};

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
    wb.backlog.iter().filter(|b| is_at_risk(b, start)).collect()
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
}
