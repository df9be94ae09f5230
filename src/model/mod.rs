//! The workbook as plain data: what a team decided and did, never what can be derived.
//!
//! Why: every other layer (store, analysis, CLI, TUI) agrees on these types, and they
//! map one-to-one onto the RON file. No I/O, no clock, no terminal lives here.

pub mod date;
pub mod ids;
pub mod policy;
pub mod population;
pub mod request;
pub mod risk;
pub mod shared;
pub mod unique;
pub mod vendor;
pub mod vocab;
pub mod workbook;

pub use date::Date;
pub use policy::*;
pub use population::*;
pub use request::*;
pub use risk::*;
pub use shared::Shared;
pub use vendor::{
    BridgeLetter as VendorBridgeLetter, MappedControl, Opinion, ReportException, ReportKind,
    SocReport, Tier, Vendor,
};
pub use vocab::*;
pub use workbook::*;
