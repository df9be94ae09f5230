//! Evidence files inside the repository: where a relative reference points, its SHA-256,
//! and whether the file changed since it was collected.
//!
//! Why: an auditor samples the evidence as it was when the control ran. Recording a file's
//! hash when it is collected, and checking it later, shows when someone edited a policy or
//! an export after the fact. The app, `soc2 evidence add` and `soc2 check` share these.

use std::path::{Path, PathBuf};

use crate::model::{Date, Workbook};

/// The folder relative evidence paths are read from: the git repository holding the
/// workbook (the nearest folder with `.git`), else the workbook's folder.
pub fn repo_root(workbook: &Path) -> PathBuf {
    let dir = workbook
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let abs = std::fs::canonicalize(&dir).unwrap_or(dir);
    abs.ancestors()
        .find(|a| a.join(".git").exists())
        .map_or_else(|| abs.clone(), Path::to_path_buf)
}

/// The file a reference names, when it is an existing file inside the repository (never a
/// URL, a ticket id, an absolute path or a path that climbs out of the repository).
fn repo_file(workbook: &Path, reference: &str) -> Option<PathBuf> {
    let reference = reference.trim();
    if reference.is_empty() || reference.contains("://") || Path::new(reference).is_absolute() {
        return None;
    }
    let root = repo_root(workbook);
    let file = std::fs::canonicalize(root.join(reference)).ok()?;
    (file.starts_with(&root) && file.is_file()).then_some(file)
}

/// SHA-256 (hex) of the file a reference names, if it is a file inside the repository.
pub fn file_hash(workbook: &Path, reference: &str) -> Option<String> {
    let (_, sha256) = crate::store::watch::hash_file(&repo_file(workbook, reference)?).ok()?;
    Some(sha256.iter().map(|b| format!("{b:02x}")).collect())
}

/// What happened to a hashed evidence file since it was collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drift {
    /// The file's content no longer matches the recorded hash.
    Changed,
    /// The file is gone (or moved out of the repository).
    Missing,
}

/// One evidence file that no longer matches what was collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriftedEvidence {
    pub criterion: String,
    pub item: String,
    pub evidence: String,
    pub reference: String,
    pub collected: Date,
    pub drift: Drift,
}

/// Every hashed evidence file of a workbook whose content changed or vanished.
pub fn drifted(workbook_path: &Path, wb: &Workbook) -> Vec<DriftedEvidence> {
    let mut out = Vec::new();
    for (criterion, items) in &wb.checklist {
        for (item, record) in items {
            for ev in &record.evidence {
                let Some(recorded) = &ev.sha256 else { continue };
                let drift = match file_hash(workbook_path, &ev.reference) {
                    None => Drift::Missing,
                    Some(now) if now != *recorded => Drift::Changed,
                    Some(_) => continue,
                };
                out.push(DriftedEvidence {
                    criterion: criterion.clone(),
                    item: item.clone(),
                    evidence: ev.id.clone(),
                    reference: ev.reference.clone(),
                    collected: ev.collected,
                    drift,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Evidence;

    fn repo() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::create_dir_all(dir.path().join("docs")).unwrap();
        std::fs::create_dir_all(dir.path().join("workbooks")).unwrap();
        std::fs::write(dir.path().join("docs/policy.md"), "abc").unwrap();
        let wb = dir.path().join("workbooks/acme.ron");
        (dir, wb)
    }

    #[test]
    fn only_files_inside_the_repository_are_hashed() {
        let (dir, wb) = repo();
        assert_eq!(
            file_hash(&wb, "docs/policy.md").as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        for not_a_file in [
            "SEC-412",
            "https://example.com/x",
            "../outside.md",
            "/etc/hostname",
            "docs",
        ] {
            assert_eq!(file_hash(&wb, not_a_file), None, "{not_a_file}");
        }
        drop(dir);
    }

    #[test]
    fn a_changed_or_missing_file_is_reported() {
        let (dir, path) = repo();
        let mut wb = Workbook::default();
        let rec = wb.item_mut("CC5.3", "policy-annual-review");
        for (id, reference) in [
            ("EV-aaaa", "docs/policy.md"),
            ("EV-bbbb", "docs/gone.md"),
            ("EV-cccc", "SEC-1"),
        ] {
            rec.evidence.push(Evidence {
                id: id.into(),
                reference: reference.into(),
                collected: "2027-01-15".parse().unwrap(),
                by: None,
                sha256: (reference != "SEC-1").then(|| file_hash(&path, "docs/policy.md").unwrap()),
            });
        }
        let drift = |wb: &Workbook| -> Vec<(String, Drift)> {
            drifted(&path, wb)
                .into_iter()
                .map(|d| (d.evidence, d.drift))
                .collect()
        };
        assert_eq!(drift(&wb), vec![("EV-bbbb".into(), Drift::Missing)]);
        std::fs::write(dir.path().join("docs/policy.md"), "abd").unwrap();
        assert_eq!(
            drift(&wb),
            vec![
                ("EV-aaaa".into(), Drift::Changed),
                ("EV-bbbb".into(), Drift::Missing)
            ]
        );
    }
}
