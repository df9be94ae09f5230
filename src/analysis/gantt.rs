//! Gantt chart geometry: which columns each milestone bar, month tick and today fall on.
//!
//! Why pure and separate: `soc2 timeline` draws the chart as text in 80 columns and the
//! timeline view draws it with ratatui at whatever width the terminal has; both must put
//! the same bar in the same place, and the arithmetic is easy to get off by one.

use crate::model::{Date, Milestone, Phase};

/// Month abbreviations for tick labels, January first.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The columns one bar covers (inclusive), and whether it runs past either edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bar {
    pub start: u16,
    pub end: u16,
    /// The span starts before the chart's first day.
    pub clipped_start: bool,
    /// The span ends after the chart's last day.
    pub clipped_end: bool,
}

/// The first day of a month and the column it falls on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    pub col: u16,
    pub date: Date,
    /// `Jan`, or `Jan'27` for the first tick and every January.
    pub label: String,
}

/// Where everything goes in a chart `width` columns wide covering `start..=end`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GanttLayout {
    pub start: Date,
    pub end: Date,
    pub width: u16,
    /// One entry per input span, in input order; `None` when it is entirely outside.
    pub bars: Vec<Option<Bar>>,
    pub ticks: Vec<Tick>,
    /// Today's column, when today is inside the range.
    pub today: Option<u16>,
}

/// The span a chart of these milestones should cover: from the first of the month of the
/// earliest start to the end of the month of the latest end. The year-long renewal period
/// is left out (it would squeeze the rest) unless it is all there is.
pub fn chart_range(milestones: &[Milestone]) -> Option<(Date, Date)> {
    let main: Vec<&Milestone> = milestones
        .iter()
        .filter(|m| m.phase != Phase::Renewal)
        .collect();
    let pool: Vec<&Milestone> = if main.is_empty() {
        milestones.iter().collect()
    } else {
        main
    };
    let first = pool.iter().map(|m| m.start.min(m.end)).min()?;
    let last = pool.iter().map(|m| m.end.max(m.start)).max()?;
    Some((
        first.first_of_month(),
        last.first_of_month().add_months(1).add_days(-1),
    ))
}

impl GanttLayout {
    /// The column of a date, when it is inside the chart.
    pub fn column(&self, date: Date) -> Option<u16> {
        column(date, self.start, self.end, self.width)
    }

    /// The axis line: month labels at their tick columns, `width` characters long. A label
    /// that would run into the previous one or off the edge is left out; the year is shown
    /// on the first label and on the first one placed after the year changes.
    pub fn axis(&self) -> String {
        let width = usize::from(self.width);
        let mut line = vec![' '; width];
        let mut free_from = 0usize;
        let mut shown_year: Option<i16> = None;
        for tick in &self.ticks {
            let col = usize::from(tick.col);
            let short = month_name(tick.date);
            let long = format!("{short}'{:02}", tick.date.year().rem_euclid(100));
            let label = if shown_year != Some(tick.date.year()) && col + long.len() <= width {
                long
            } else {
                short.to_string()
            };
            let len = label.chars().count();
            if col < free_from || col + len > width {
                continue;
            }
            if label.len() > 3 {
                shown_year = Some(tick.date.year());
            }
            for (i, c) in label.chars().enumerate() {
                line[col + i] = c;
            }
            free_from = col + len + 1;
        }
        line.into_iter().collect()
    }
}

fn month_name(date: Date) -> &'static str {
    MONTHS[usize::try_from(date.month() - 1).unwrap_or(0) % 12]
}

/// The column of `date` in a chart of `width` columns over `start..=end`.
pub fn column(date: Date, start: Date, end: Date, width: u16) -> Option<u16> {
    if width == 0 || date < start || date > end {
        return None;
    }
    let total = start.days_until(end) + 1;
    let offset = start.days_until(date);
    // The column holding the middle of the day.
    let col = (2 * offset + 1) * i64::from(width) / (2 * total);
    u16::try_from(col).ok().map(|c| c.min(width - 1))
}

/// Lays out one bar per span over `start..=end` in `width` columns, with month ticks and
/// today. A bar is at least one column wide, so a one-day step stays visible.
pub fn layout(
    spans: &[(Date, Date)],
    start: Date,
    end: Date,
    width: u16,
    today: Date,
) -> GanttLayout {
    let (start, end) = (start.min(end), end.max(start));
    let bars = spans
        .iter()
        .map(|&(s, e)| {
            let (s, e) = (s.min(e), e.max(s));
            if width == 0 || e < start || s > end {
                return None;
            }
            let from = column(s.max(start), start, end, width)?;
            let to = column(e.min(end), start, end, width)?;
            Some(Bar {
                start: from,
                end: to.max(from),
                clipped_start: s < start,
                clipped_end: e > end,
            })
        })
        .collect();
    let mut ticks = Vec::new();
    let mut month = if start.day() == 1 {
        start
    } else {
        start.first_of_month().add_months(1)
    };
    while month <= end && ticks.len() < 1200 {
        if let Some(col) = column(month, start, end, width) {
            let name = month_name(month);
            let label = if ticks.is_empty() || month.month() == 1 {
                format!("{name}'{:02}", month.year().rem_euclid(100))
            } else {
                name.to_string()
            };
            ticks.push(Tick {
                col,
                date: month,
                label,
            });
        }
        month = month.add_months(1);
    }
    GanttLayout {
        start,
        end,
        width,
        bars,
        ticks,
        today: column(today, start, end, width),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn columns_are_proportional_to_days() {
        let (s, e) = (d("2027-01-01"), d("2027-12-31"));
        let l = layout(
            &[
                (d("2027-01-01"), d("2027-03-31")),
                (d("2027-12-01"), d("2027-12-31")),
            ],
            s,
            e,
            365,
            d("2027-06-15"),
        );
        let cols: Vec<u16> = l.ticks.iter().map(|t| t.col).collect();
        assert_eq!(
            cols,
            [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        );
        assert_eq!(l.bars[0].map(|b| (b.start, b.end)), Some((0, 89)));
        assert_eq!(l.bars[1].map(|b| (b.start, b.end)), Some((334, 364)));
        assert_eq!(l.today, Some(165));
        assert_eq!(l.ticks[0].label, "Jan'27");
        assert_eq!(l.ticks[1].label, "Feb");
        let narrow = layout(&[(s, e)], s, e, 12, d("2027-06-15"));
        assert_eq!(narrow.bars[0].map(|b| (b.start, b.end)), Some((0, 11)));
        assert_eq!(narrow.today, Some(5));
        assert!(narrow.ticks.windows(2).all(|w| w[0].col <= w[1].col));
    }

    #[test]
    fn bars_are_clipped_at_the_edges_and_never_vanish() {
        let (s, e) = (d("2027-01-01"), d("2027-12-31"));
        let l = layout(
            &[
                (d("2026-06-01"), d("2027-02-01")),
                (d("2027-11-01"), d("2028-11-01")),
                (d("2027-05-05"), d("2027-05-05")),
                (d("2029-01-01"), d("2029-02-01")),
            ],
            s,
            e,
            60,
            d("2030-01-01"),
        );
        let first = l.bars[0].unwrap();
        assert!(first.clipped_start && !first.clipped_end && first.start == 0);
        let last = l.bars[1].unwrap();
        assert!(last.clipped_end && last.end == 59);
        let day = l.bars[2].unwrap();
        assert_eq!(day.start, day.end, "a one-day step is one column");
        assert_eq!(l.bars[3], None, "outside the range");
        assert_eq!(l.today, None);
        assert_eq!(layout(&[(s, e)], s, e, 0, s).bars, vec![None], "zero width");
    }

    #[test]
    fn the_axis_fits_its_width_and_skips_crowded_labels() {
        let (s, e) = (d("2026-12-01"), d("2028-01-31"));
        let l = layout(&[], s, e, 52, s);
        let axis = l.axis();
        assert_eq!(axis.chars().count(), 52);
        assert!(axis.starts_with("Dec'26"), "{axis}");
        assert!(!axis.contains("Jan'27"), "crowded out by Dec'26: {axis}");
        assert!(
            axis.contains("Feb'27"),
            "the year moves to the next label: {axis}"
        );
        assert_eq!(axis.matches("'27").count(), 1, "{axis}");
    }

    #[test]
    fn the_range_spans_whole_months_without_the_renewal_year() {
        let ms = |phase, s: &str, e: &str| Milestone {
            phase,
            start: d(s),
            end: d(e),
            ..Milestone::default()
        };
        let plan = [
            ms(Phase::Readiness, "2026-11-22", "2027-01-02"),
            ms(Phase::Report, "2027-12-01", "2027-12-28"),
            ms(Phase::Renewal, "2027-12-29", "2028-12-27"),
        ];
        assert_eq!(chart_range(&plan), Some((d("2026-11-01"), d("2027-12-31"))));
        assert_eq!(
            chart_range(&plan[2..]),
            Some((d("2027-12-01"), d("2028-12-31")))
        );
        assert_eq!(chart_range(&[]), None);
    }
}
