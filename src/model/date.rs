//! Calendar dates written as `YYYY-MM-DD`, the only date form the workbook knows.
//!
//! Why a newtype: the file format must stay exactly `"2027-01-15"` whatever the date crate
//! accepts, and the rest of the code wants a few small helpers (days between, add months).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A civil date (no time, no zone), as teams write deadlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

/// A date string that is not a real `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid date \"{0}\": expected a real date written as YYYY-MM-DD, for example \"2027-01-15\""
)]
pub struct DateError(pub String);

impl Date {
    /// A date from its parts; `None` when it does not exist (Feb 30).
    pub fn new(year: i16, month: i8, day: i8) -> Option<Date> {
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// Today in the machine's time zone: only the binary's edge calls this, never analysis.
    pub fn today() -> Date {
        Date(jiff::Zoned::now().date())
    }

    pub fn year(self) -> i16 {
        self.0.year()
    }
    pub fn month(self) -> i8 {
        self.0.month()
    }
    pub fn day(self) -> i8 {
        self.0.day()
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Date) -> i64 {
        other
            .0
            .since((jiff::Unit::Day, self.0))
            .map(|span| i64::from(span.get_days()))
            .unwrap_or(0)
    }

    /// This date moved by a number of days, clamped to the supported range.
    pub fn add_days(self, days: i64) -> Date {
        self.0
            .checked_add(jiff::Span::new().days(days.clamp(-7_000_000, 7_000_000)))
            .map(Date)
            .unwrap_or(self)
    }

    /// This date moved by whole months; the 31st becomes the last day of a shorter month.
    pub fn add_months(self, months: i32) -> Date {
        self.0
            .checked_add(jiff::Span::new().months(months.clamp(-200_000, 200_000)))
            .map(Date)
            .unwrap_or(self)
    }

    /// The first day of this date's month.
    pub fn first_of_month(self) -> Date {
        Date(self.0.first_of_month())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DateError(s.to_string());
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<i16>().map_err(|_| bad());
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let m = i8::try_from(m).map_err(|_| bad())?;
        let d = i8::try_from(d).map_err(|_| bad())?;
        Date::new(y, m, d).ok_or_else(bad)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Parses the date from the text the parser lends, without a `String` of its own: a large
/// workbook holds about a million dates.
struct DateVisitor;

impl serde::de::Visitor<'_> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
        v.parse().map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_iso_dates() {
        let d: Date = "2027-01-15".parse().unwrap();
        assert_eq!(d.to_string(), "2027-01-15");
        assert_eq!((d.year(), d.month(), d.day()), (2027, 1, 15));
    }

    #[test]
    fn rejects_impossible_and_misshapen_dates() {
        for bad in [
            "2027-02-30",
            "2027-13-01",
            "27-01-15",
            "2027/01/15",
            "2027-1-15",
            "",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn arithmetic_moves_by_days_and_months() {
        let d: Date = "2027-01-31".parse().unwrap();
        assert_eq!(d.add_months(1).to_string(), "2027-02-28");
        assert_eq!(d.add_days(1).to_string(), "2027-02-01");
        assert_eq!(d.days_until("2027-03-02".parse().unwrap()), 30);
        assert_eq!("2027-03-02".parse::<Date>().unwrap().days_until(d), -30);
    }
}
