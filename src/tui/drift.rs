//! Which hashed evidence files changed or vanished since they were collected, for the
//! checklist to flag.
//!
//! Why cached here and refreshed by the loop: finding out means reading and hashing files,
//! which views must never do while drawing. The loop refreshes after the workbook changes,
//! and the files are read again only when the set of hashed evidence entries changed (or
//! on start), so typing never re-reads the repository.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::evidence::{Drift, DriftedEvidence, drifted};
use crate::model::Workbook;

use super::app::App;

/// The last answer and what it was computed for.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    key: Option<u64>,
    found: Vec<DriftedEvidence>,
}

impl Cache {
    /// The drift of one evidence entry, if its file changed or vanished.
    pub fn of(&self, evidence: &str) -> Option<Drift> {
        self.found
            .iter()
            .find(|d| d.evidence == evidence)
            .map(|d| d.drift)
    }

    /// Every drifted evidence entry found at the last refresh.
    pub fn all(&self) -> &[DriftedEvidence] {
        &self.found
    }
}

/// A fingerprint of the hashed evidence entries (not of the files).
fn key(wb: &Workbook) -> u64 {
    let mut h = DefaultHasher::new();
    for items in wb.checklist.values() {
        for record in items.values() {
            for e in record.evidence.iter().filter(|e| e.sha256.is_some()) {
                (&e.id, &e.reference, &e.sha256).hash(&mut h);
            }
        }
    }
    h.finish()
}

/// Re-checks the evidence files when the hashed evidence entries changed.
pub fn refresh(app: &mut App) {
    let key = key(&app.doc.workbook);
    if app.drift.key != Some(key) {
        app.drift.found = drifted(&app.doc.path, &app.doc.workbook);
        app.drift.key = Some(key);
    }
}

/// The key of the hashed evidence entries when the cache is not for them (the files must
/// be hashed again, on the I/O worker), else `None`.
pub fn wanted(app: &App) -> Option<u64> {
    let key = key(&app.doc.workbook);
    (app.drift.key != Some(key)).then_some(key)
}

/// Takes in what the I/O worker found for the entries with `key`.
pub fn store(app: &mut App, key: u64, found: Vec<DriftedEvidence>) {
    app.drift.key = Some(key);
    app.drift.found = found;
}
