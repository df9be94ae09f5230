//! `--read-only` on the command line: accepted before or after the workbook, and it
//! changes nothing on disk (outside a terminal `soc2 PATH` prints the status instead).

mod cli_support;

use cli_support::*;

#[test]
fn read_only_is_accepted_before_and_after_the_path_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_workbook(dir.path(), "acme.ron");
    let before = std::fs::read(&path).unwrap();
    for args in [
        vec!["--read-only".to_string(), path.display().to_string()],
        vec![path.display().to_string(), "--read-only".to_string()],
    ] {
        let out = soc2().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(!stdout(&out).is_empty(), "{args:?}: prints the status");
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let help = soc2().arg("--help").output().unwrap();
    assert!(stdout(&help).contains("--read-only"));
}
