//! Everything derived from the catalog and a workbook, as pure functions.
//!
//! Why pure: the dashboard, `soc2 status`, the timeline and the tests must agree on every
//! figure, and "today" is a parameter so each result is reproducible.

pub mod backlog;
pub mod check;
pub mod coverage;
pub mod diff;
pub mod gantt;
pub mod policy;
pub mod population;
pub mod population_check;
pub mod population_diff;
pub mod readiness;
pub mod risk;
pub mod schedule;
pub mod vendor;
