//! Per-user preferences and recently opened workbooks, kept outside any workbook.
//!
//! Why separate files in the user's config and state folders: the workbook is shared in
//! git, while "show out-of-scope criteria" and "what I opened last" belong to one person.
//! The folders are injected so tests never write into the real home directory.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How many recent workbooks are remembered.
const RECENT_LIMIT: usize = 10;

/// One person's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Show criteria of categories outside the scope in the checklist.
    pub show_out_of_scope: bool,
    /// The team handle of the person using this computer, for "only mine".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub me: Option<String>,
    /// Recently opened workbooks, most recent first (kept in the state folder).
    #[serde(skip)]
    pub recent: Vec<PathBuf>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct Recent {
    workbooks: Vec<PathBuf>,
}

/// Where preferences are read and written; `None` folders mean "remember nothing".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrefsStore {
    config_dir: Option<PathBuf>,
    state_dir: Option<PathBuf>,
}

impl PrefsStore {
    /// Reads and writes nothing (tests, or no home directory).
    pub fn disabled() -> PrefsStore {
        PrefsStore::default()
    }

    /// Uses these folders.
    pub fn in_dirs(config_dir: PathBuf, state_dir: PathBuf) -> PrefsStore {
        PrefsStore {
            config_dir: Some(config_dir),
            state_dir: Some(state_dir),
        }
    }

    /// The platform's per-user folders for `soc2`; disabled when `SOC2_NO_PREFS` is set.
    pub fn from_env() -> PrefsStore {
        if std::env::var_os("SOC2_NO_PREFS").is_some_and(|v| !v.is_empty()) {
            return PrefsStore::disabled();
        }
        match directories::ProjectDirs::from("", "", "soc2") {
            Some(dirs) => PrefsStore {
                config_dir: Some(dirs.config_dir().to_path_buf()),
                state_dir: Some(
                    dirs.state_dir()
                        .unwrap_or_else(|| dirs.data_local_dir())
                        .to_path_buf(),
                ),
            },
            None => PrefsStore::disabled(),
        }
    }

    /// The saved preferences, or defaults when there are none or they do not parse.
    pub fn load(&self) -> Prefs {
        let mut prefs: Prefs = self
            .config_dir
            .as_ref()
            .and_then(|d| std::fs::read_to_string(d.join("prefs.ron")).ok())
            .and_then(|t| ron::from_str(&t).ok())
            .unwrap_or_default();
        prefs.recent = self
            .state_dir
            .as_ref()
            .and_then(|d| std::fs::read_to_string(d.join("recent.ron")).ok())
            .and_then(|t| ron::from_str::<Recent>(&t).ok())
            .map(|r| r.workbooks)
            .unwrap_or_default();
        prefs
    }

    /// Writes the preferences and the recent list.
    pub fn save(&self, prefs: &Prefs) -> std::io::Result<()> {
        let pretty = ron::ser::PrettyConfig::default().new_line("\n");
        if let Some(dir) = &self.config_dir {
            std::fs::create_dir_all(dir)?;
            let text =
                ron::ser::to_string_pretty(prefs, pretty.clone()).map_err(std::io::Error::other)?;
            std::fs::write(dir.join("prefs.ron"), text + "\n")?;
        }
        if let Some(dir) = &self.state_dir {
            std::fs::create_dir_all(dir)?;
            let recent = Recent {
                workbooks: prefs.recent.clone(),
            };
            let text =
                ron::ser::to_string_pretty(&recent, pretty).map_err(std::io::Error::other)?;
            std::fs::write(dir.join("recent.ron"), text + "\n")?;
        }
        Ok(())
    }
}

impl Prefs {
    /// Puts `path` first in the recent list.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefs_round_trip_in_injected_folders() {
        let dir = tempfile::tempdir().unwrap();
        let store = PrefsStore::in_dirs(dir.path().join("config"), dir.path().join("state"));
        assert_eq!(store.load(), Prefs::default());
        let mut prefs = Prefs {
            show_out_of_scope: true,
            ..Prefs::default()
        };
        prefs.remember(Path::new("/tmp/a.ron"));
        prefs.remember(Path::new("/tmp/b.ron"));
        prefs.remember(Path::new("/tmp/a.ron"));
        store.save(&prefs).unwrap();
        let back = store.load();
        assert!(back.show_out_of_scope);
        assert_eq!(back.recent.len(), 2);
        assert!(back.recent[0].ends_with("a.ron"));
    }

    #[test]
    fn a_disabled_store_writes_nothing() {
        let store = PrefsStore::disabled();
        store.save(&Prefs::default()).unwrap();
        assert_eq!(store.load(), Prefs::default());
    }
}
