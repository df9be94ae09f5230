//! `soc2 requests`: the auditor's own request list, imported, mapped to controls, tracked.

mod cli_support;

use std::path::{Path, PathBuf};

use cli_support::{soc2, stderr, stdout};

fn workbook(dir: &Path) -> PathBuf {
    let wb = dir.join("wb.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks/example.ron"),
        &wb,
    )
    .unwrap();
    wb
}

fn import(wb: &Path, csv: &Path) -> std::process::Output {
    soc2()
        .args([
            "requests",
            "import",
            wb.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
        ])
        .output()
        .unwrap()
}

const IRL: &str = "Request #,Request Description,TSC Reference,Due Date,Assigned To,Status\n\
IRL-01,Population of terminated employees and access removal tickets,CC6.2,2027-07-20,lena,Open\n\
IRL-02,Provide the quarterly user access review for in-scope systems,,2027-07-20,,\n\
IRL-03,Office holiday calendar,,2027-07-20,,\n";

#[test]
fn the_auditor_s_list_is_mapped_to_controls_by_criterion_or_by_words_and_shows_in_status() {
    let tmp = tempfile::tempdir().unwrap();
    let wb = workbook(tmp.path());
    let csv = tmp.path().join("irl.csv");
    std::fs::write(&csv, IRL).unwrap();
    let o = import(&wb, &csv);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("3 added, 0 updated"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("not mapped to any control (1): IRL-03"),
        "{}",
        stdout(&o)
    );
    let json: serde_json::Value = serde_json::from_slice(
        &soc2()
            .args(["status", wb.to_str().unwrap(), "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let reqs = json["requests"].as_array().unwrap();
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[0]["matched_by"], "by criterion");
    assert_eq!(reqs[0]["owner"], "lena");
    assert!(
        reqs[0]["controls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "offboarding-revocation-sla")
    );
    assert_eq!(reqs[1]["matched_by"], "by text");
    assert!(
        reqs[1]["controls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "access-review-quarterly"),
        "{}",
        reqs[1]
    );
    let text = stdout(
        &soc2()
            .args(["status", wb.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    assert!(
        text.contains("Auditor requests: 3 of 3 open, 0 overdue"),
        "{text}"
    );

    // The auditor's next version of the list updates, never duplicates.
    soc2()
        .args([
            "requests",
            "set",
            wb.to_str().unwrap(),
            "IRL-02",
            "--status",
            "provided",
            "--owner",
            "lena",
        ])
        .assert()
        .success();
    std::fs::write(
        &csv,
        IRL.replace(
            "Office holiday calendar",
            "Office holiday calendar (revised)",
        ),
    )
    .unwrap();
    let o = import(&wb, &csv);
    assert!(
        stdout(&o).contains("0 added, 1 updated, 2 unchanged"),
        "{}",
        stdout(&o)
    );
    let list = stdout(
        &soc2()
            .args(["requests", "list", wb.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    assert!(list.contains("Auditor requests (3):"), "{list}");
    assert!(
        list.contains("IRL-02 [provided]") && list.contains("· lena"),
        "{list}"
    );
}

#[test]
fn a_bad_cell_is_named_by_row_and_column_and_nothing_is_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let wb = workbook(tmp.path());
    let before = std::fs::read(&wb).unwrap();
    let csv = tmp.path().join("irl.csv");
    std::fs::write(&csv, "ID,Request,Due,Owner\nR1,Access review,31/07/2027,lena\nR2,Change tickets,2027-07-31,nobody\n").unwrap();
    let o = import(&wb, &csv);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("irl.csv: row 2, column 3 (Due): expected YYYY-MM-DD, found \"31/07/2027\""),
        "{err}"
    );
    assert!(
        err.contains("irl.csv: row 3, column 4 (Owner): \"nobody\" is not in the team"),
        "{err}"
    );
    assert_eq!(std::fs::read(&wb).unwrap(), before);
    std::fs::write(&csv, "When,What\n2027-01-01,x\n").unwrap();
    let err = stderr(&import(&wb, &csv));
    assert!(err.contains("no column for the request id"), "{err}");
}

#[test]
fn the_exported_request_list_names_the_auditor_s_requests_behind_each_control() {
    let tmp = tempfile::tempdir().unwrap();
    let wb = workbook(tmp.path());
    let csv = tmp.path().join("irl.csv");
    std::fs::write(&csv, IRL).unwrap();
    assert!(import(&wb, &csv).status.success());
    let out = tmp.path().join("pkg");
    soc2()
        .args([
            "export",
            wb.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--only",
            "requests",
        ])
        .assert()
        .success();
    let text = std::fs::read_to_string(out.join("request-list.csv")).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (id, auditor) = (col("Request ID"), col("Auditor request IDs"));
    let row = r
        .records()
        .map(Result::unwrap)
        .find(|rec| &rec[id] == "PBC-access-review-quarterly")
        .unwrap();
    assert_eq!(
        &row[auditor], "IRL-01, IRL-02",
        "CC6.2 (IRL-01) includes the access review"
    );
}
