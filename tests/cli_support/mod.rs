//! Shared helpers for the tests that drive the real `soc2` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The date every command-line test pretends is today.
pub const TODAY: &str = "2026-11-22";

/// The `soc2` binary with today pinned and colours at their defaults.
pub fn soc2() -> Command {
    let mut cmd = Command::cargo_bin("soc2").unwrap();
    cmd.env("SOC2_TODAY", TODAY).env_remove("NO_COLOR");
    cmd
}

/// A fresh workbook from `soc2 new` at `dir/name`.
pub fn new_workbook(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    soc2()
        .args(["new", path.to_str().unwrap(), "--org", "Acme"])
        .assert()
        .success();
    path
}

/// A process's standard output as text.
pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A process's standard error as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
