//! soc2-workbook: the core of an offline SOC 2 readiness workbook.
//!
//! Why a library: the `soc2` command line, the full-screen app, the tests and the
//! benchmarks all drive the same pure core (model → store → analysis). See ARCHITECTURE.md.

pub mod analysis;
pub mod catalog;
pub mod cli;
pub mod edit;
pub mod evidence;
pub mod export;
pub mod finder;
pub mod merge;
pub mod model;
pub mod sample;
pub mod spreadsheet;
pub mod starter;
pub mod store;
pub mod text;
pub mod tui;
