//! Which hashed evidence files changed or vanished since they were collected, for the
//! checklist to flag, and what each policy file of the register is now, for the Policies
//! view's "changed since approval".
//!
//! Why cached here and refreshed by the loop: finding out means reading and hashing files,
//! which views must never do while drawing. The loop refreshes after the workbook changes,
//! and the files are read again only when the set of hashed evidence entries changed (or
//! on start), so typing never re-reads the repository.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use crate::analysis::policy::FileNow;

use crate::evidence::{Drift, DriftedEvidence, drifted};
use crate::model::Workbook;

use super::app::App;

/// The last answer and what it was computed for.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    key: Option<u64>,
    found: Vec<DriftedEvidence>,
    /// Each policy file's state, by its path as the register gives it.
    files: BTreeMap<String, FileNow>,
    /// Bumped to read the files again although the workbook did not change (a policy file
    /// may be edited outside the app while its view is open).
    nonce: u64,
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

    /// Each policy file's state at the last refresh.
    pub fn policy_files(&self) -> &BTreeMap<String, FileNow> {
        &self.files
    }

    /// Asks for the files to be read again at the next refresh.
    pub fn recheck(&mut self) {
        self.nonce = self.nonce.wrapping_add(1);
    }
}

/// What each policy file of the register is on disk now (reads and hashes them: never
/// call it while drawing).
pub fn policy_files(path: &Path, wb: &Workbook) -> BTreeMap<String, FileNow> {
    wb.policies
        .values()
        .map(|p| {
            let now =
                crate::evidence::file_hash(path, &p.file).map_or(FileNow::Missing, FileNow::Hash);
            (p.file.clone(), now)
        })
        .collect()
}

/// A fingerprint of the hashed evidence entries and the policy files named (not of the
/// files' contents), and of the last recheck.
fn key(wb: &Workbook, nonce: u64) -> u64 {
    let mut h = DefaultHasher::new();
    nonce.hash(&mut h);
    for p in wb.policies.values() {
        p.file.hash(&mut h);
    }
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
    let key = key(&app.doc.workbook, app.drift.nonce);
    if app.drift.key != Some(key) {
        app.drift.found = drifted(&app.doc.path, &app.doc.workbook);
        app.drift.files = policy_files(&app.doc.path, &app.doc.workbook);
        app.drift.key = Some(key);
    }
}

/// The key of the hashed evidence entries when the cache is not for them (the files must
/// be hashed again, on the I/O worker), else `None`.
pub fn wanted(app: &App) -> Option<u64> {
    let key = key(&app.doc.workbook, app.drift.nonce);
    (app.drift.key != Some(key)).then_some(key)
}

/// Takes in what the I/O worker found for the entries with `key`.
pub fn store(
    app: &mut App,
    key: u64,
    found: Vec<DriftedEvidence>,
    files: BTreeMap<String, FileNow>,
) {
    app.drift.key = Some(key);
    app.drift.found = found;
    app.drift.files = files;
}
