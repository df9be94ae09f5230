//! `soc2 export`: what an auditor receives, checked against `soc2 status` and the catalog.

mod cli_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx, open_workbook};
use cli_support::{TODAY, soc2, stderr, stdout};
use soc2_workbook::catalog::catalog;
use soc2_workbook::model::Category;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks/example.ron")
}

/// Exports `workbook` into a fresh folder under `tmp` and gives the folder.
fn export(tmp: &Path, workbook: &Path, extra: &[&str]) -> PathBuf {
    let out = tmp.join(format!("pkg-{}", std::fs::read_dir(tmp).unwrap().count()));
    let o = soc2()
        .args([
            "export",
            workbook.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    out
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn status_json(workbook: &Path) -> serde_json::Value {
    let o = soc2()
        .args(["status", workbook.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The controls an auditor expects in the matrix: every catalog control of the example's
/// in-scope categories, under its home criterion.
fn expected_controls() -> Vec<&'static str> {
    let in_scope = [
        Category::Security,
        Category::Availability,
        Category::Confidentiality,
    ];
    catalog()
        .items()
        .filter(|(c, _)| in_scope.contains(&c.category))
        .map(|(_, it)| it.id.as_str())
        .collect()
}

#[test]
fn the_control_matrix_lists_every_in_scope_control_with_its_kind_owner_and_evidence() {
    let tmp = tempfile::tempdir().unwrap();
    let out = export(tmp.path(), &example(), &["--only", "matrix"]);
    let rows = csv_rows(&read(&out, "control-matrix.csv"));
    let ids: Vec<&str> = rows.iter().map(|r| r["Control ID"].as_str()).collect();
    assert_eq!(ids, expected_controls());
    let branch = rows
        .iter()
        .find(|r| r["Control ID"] == "branch-protection")
        .unwrap();
    assert_eq!(branch["Manual/Automated"], "automated");
    assert_eq!(branch["Preventive/Detective"], "preventive");
    let review = rows
        .iter()
        .find(|r| r["Control ID"] == "access-review-quarterly")
        .unwrap();
    assert_eq!(review["Manual/Automated"], "manual");
    assert_eq!(review["Preventive/Detective"], "detective");
    assert_eq!(review["Cadence"], "quarterly");
    let shared = rows
        .iter()
        .find(|r| r["Control ID"] == "background-checks")
        .unwrap();
    assert_eq!(shared["Criteria"], "CC1.1, CC1.4");
    assert_eq!(shared["Owner"], "Lena Fischer (lena)");
    assert_eq!(shared["Status"], "implemented");
    // Only the matrix and the manifest were asked for.
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["MANIFEST.json", "control-matrix.csv", "control-matrix.xlsx"]
    );
}

#[test]
fn the_xlsx_matrix_has_an_all_sheet_and_one_per_category_with_the_same_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let out = export(tmp.path(), &example(), &["--only", "matrix"]);
    let mut book: Xlsx<_> = open_workbook(out.join("control-matrix.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["All", "Security", "Availability", "Confidentiality"]
    );
    let all = book.worksheet_range("All").unwrap();
    assert_eq!(all.height(), expected_controls().len() + 1);
    assert_eq!(all.get((0, 0)).unwrap().to_string(), "Control ID");
    assert_eq!(
        all.get((1, 0)).unwrap().to_string(),
        "code-of-conduct-signed"
    );
    let per_category: usize = ["Security", "Availability", "Confidentiality"]
        .iter()
        .map(|s| book.worksheet_range(s).unwrap().height() - 1)
        .sum();
    assert_eq!(per_category, expected_controls().len());
}

#[test]
fn a_cell_a_spreadsheet_would_run_is_neutralised_and_otherwise_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let wb = tmp.path().join("wb.ron");
    std::fs::copy(example(), &wb).unwrap();
    soc2()
        .args(["evidence", "add", wb.to_str().unwrap(), "branch-protection"])
        .args(["--ref", "=HYPERLINK(\"http://x\",\"\u{1b}[2Jclick\")"])
        .assert()
        .success();
    let out = export(tmp.path(), &wb, &["--only", "matrix,evidence"]);
    let rows = csv_rows(&read(&out, "evidence-index.csv"));
    let row = rows
        .iter()
        .find(|r| r["Reference"].contains("HYPERLINK"))
        .unwrap();
    assert_eq!(
        row["Reference"],
        "'=HYPERLINK(\"http://x\",\"\u{1b}[2Jclick\")"
    );
    let mut book: Xlsx<_> = open_workbook(out.join("control-matrix.xlsx")).unwrap();
    let all = book.worksheet_range("All").unwrap();
    let cell = all
        .rows()
        .find(|r| r[0] == "branch-protection")
        .map(|r| r[10].to_string())
        .unwrap();
    assert!(
        cell.starts_with("'=HYPERLINK") || cell.contains("\n'=HYPERLINK"),
        "{cell:?}"
    );
    assert!(book.worksheet_formula("All").unwrap().used_cells().count() == 0);
}

#[test]
fn the_readiness_report_carries_the_figures_soc2_status_prints() {
    let tmp = tempfile::tempdir().unwrap();
    let out = export(tmp.path(), &example(), &["--only", "readiness"]);
    let status = status_json(&example());
    let md = read(&out, "readiness-report.md");
    let html = read(&out, "readiness-report.html");
    let design = format!("**{}%**", status["readiness_percent"]);
    assert!(md.contains(&design), "{design} not in\n{md}");
    assert!(html.contains(&format!(
        "<b>{}%</b>design readiness",
        status["readiness_percent"]
    )));
    let operating = status["operating_percent"].as_u64();
    match operating {
        Some(p) => {
            assert!(md.contains(&format!("**{p}%**")) && html.contains(&format!("<b>{p}%</b>")))
        }
        None => assert!(md.contains("The observation window has not started.")),
    }
    for cat in status["by_category"].as_array().unwrap() {
        let line = format!(
            "| {} | {}% | {} |",
            cat["category"].as_str().unwrap(),
            cat["readiness_percent"],
            cat["items_implemented"]
        );
        assert!(md.contains(&line), "{line} not in\n{md}");
        assert!(html.contains(&format!(">{}</text>", cat["category"].as_str().unwrap())));
    }
    let backlog = format!(
        "Backlog: {} open, {} overdue",
        status["backlog_open"], status["backlog_overdue"]
    );
    assert!(md.contains(&backlog) && html.contains(&backlog));
    let missed = status["operating_misses"].as_array().unwrap().len();
    if missed > 0 {
        assert!(md.contains(&format!("Missed periods ({missed})")));
    }
}

#[test]
fn the_html_report_is_one_well_formed_page_with_charts_and_nothing_from_the_network() {
    let tmp = tempfile::tempdir().unwrap();
    let out = export(tmp.path(), &example(), &["--only", "readiness"]);
    let html = read(&out, "readiness-report.html");
    // Well-formed: every element closed and nested (parsed as XML after the doctype).
    let body = html.trim_start_matches("<!DOCTYPE html>\n");
    let mut reader = quick_xml::Reader::from_str(body);
    reader.config_mut().check_end_names = true;
    let (mut depth, mut svgs) = (0i32, 0);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) => {
                depth += 1;
                if e.name().0 == "svg" {
                    svgs += 1;
                }
            }
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0);
    assert_eq!(svgs, 3, "readiness bars, coverage grid and timeline");
    assert!(!html.contains("<script"));
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("@import")
    );
    assert!(html.contains("@media print"));
}

#[test]
fn the_request_list_asks_for_each_tested_control_and_each_population_by_the_plan_s_due_date() {
    let tmp = tempfile::tempdir().unwrap();
    let out = export(tmp.path(), &example(), &["--only", "requests,matrix"]);
    let matrix = csv_rows(&read(&out, "control-matrix.csv"));
    let requests = csv_rows(&read(&out, "request-list.csv"));
    let tested = matrix
        .iter()
        .filter(|r| {
            r["Status"] != "N/A"
                && (r["Tier"] != "recommended"
                    || r["Status"] == "implemented"
                    || r["Status"] == "in progress")
        })
        .count();
    let status = status_json(&example());
    let populations = status["populations"].as_array().unwrap().len();
    assert_eq!(requests.len(), tested + populations);
    let pop = requests
        .iter()
        .find(|r| r["Request ID"] == "POP-pr-peer-review")
        .unwrap();
    assert_eq!(pop["Population file"], "populations/pr-peer-review.csv");
    assert_eq!(pop["Period"], "2027-01-05 to 2027-07-04");
    let due = &requests[0]["Due"];
    assert!(!due.is_empty());
    assert!(requests.iter().all(|r| &r["Due"] == due));
    let mut book: Xlsx<_> = open_workbook(out.join("request-list.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["Requests"]);
    assert_eq!(
        book.worksheet_range("Requests").unwrap().height(),
        requests.len() + 1
    );
}

#[test]
fn the_evidence_index_and_backlog_have_one_row_per_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let out = export(tmp.path(), &example(), &["--only", "evidence,backlog"]);
    let wb = soc2_workbook::store::load_model(&example()).unwrap();
    let evidence: usize = wb
        .checklist
        .values()
        .flat_map(|items| items.values())
        .map(|r| r.evidence.len())
        .sum();
    let index = csv_rows(&read(&out, "evidence-index.csv"));
    assert_eq!(index.len(), evidence);
    assert!(
        index
            .iter()
            .all(|r| r["SHA-256"].is_empty() || r["SHA-256"].len() == 64)
    );
    assert!(
        index
            .iter()
            .all(|r| !r["Control ID"].is_empty() && !r["Period"].is_empty())
    );
    let backlog = csv_rows(&read(&out, "backlog.csv"));
    assert_eq!(backlog.len(), wb.backlog.len());
    assert_eq!(backlog[0]["ID"], wb.backlog[0].id);
}

#[test]
fn the_system_description_and_assertion_use_what_the_workbook_knows_and_prompt_for_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let out = export(tmp.path(), &example(), &["--only", "description,assertion"]);
    let d = read(&out, "system-description.md");
    assert!(d.contains("## 4. Subservice organizations"));
    assert!(
        d.contains("excludes the controls of Amazon Web Services; the carve-out method is used")
    );
    assert!(d.contains("- Hypervisor isolation between tenants"));
    assert!(d.contains("- AWS staging"));
    assert!(d.contains("> TODO(management): list what customers must do"));
    assert!(
        d.contains("User entity controls the report of Amazon Web Services expects of"),
        "the CUECs a subservice organization expects of us are in its section"
    );
    assert!(d.contains("## 6. Risk assessment"));
    assert!(
        d.contains(
            "credential-phishing An employee's credentials are phished: mitigate (inherent 16"
        ),
        "the risk register feeds the risk assessment section"
    );
    let a = read(&out, "management-assertion.md");
    assert!(a.contains("operated effectively throughout the period 2027-01-05 to 2027-07-04"));
    assert!(!a.contains("## SOC 3"), "the example does not want a SOC 3");
}

#[test]
fn two_exports_of_the_same_workbook_and_day_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let a = export(tmp.path(), &example(), &[]);
    let b = export(tmp.path(), &example(), &[]);
    let manifest: serde_json::Value = serde_json::from_str(&read(&a, "MANIFEST.json")).unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert!(files.len() > 10);
    for f in files {
        let name = f["name"].as_str().unwrap();
        let bytes = std::fs::read(a.join(name)).unwrap();
        assert_eq!(
            bytes,
            std::fs::read(b.join(name)).unwrap(),
            "{name} differs"
        );
        assert_eq!(
            f["sha256"].as_str().unwrap(),
            soc2_workbook::export::sha256_hex(&bytes)
        );
    }
    assert_eq!(read(&a, "MANIFEST.json"), read(&b, "MANIFEST.json"));
    assert_eq!(manifest["date"], TODAY);
}

#[test]
fn an_unknown_part_is_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("pkg");
    let o = soc2()
        .args([
            "export",
            example().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--only", "matrix,slides"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown part \"slides\""),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

fn git(dir: &Path, date: &str, args: &[&str]) -> String {
    let o = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00Z"))
        .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00Z"))
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    stdout(&o)
}

/// A repository with the example committed in the window, then a second commit that
/// implements a control.
fn history() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, "2027-01-10", &["init", "-q"]);
    git(&dir, "2027-01-10", &["config", "user.name", "Test"]);
    git(
        &dir,
        "2027-01-10",
        &["config", "user.email", "test@example.com"],
    );
    git(&dir, "2027-01-10", &["config", "commit.gpgsign", "false"]);
    let wb = dir.join("soc2.ron");
    std::fs::copy(example(), &wb).unwrap();
    git(&dir, "2027-01-10", &["add", "."]);
    git(
        &dir,
        "2027-01-10",
        &["commit", "-qm", "start of the window"],
    );
    soc2()
        .args([
            "item",
            "set",
            wb.to_str().unwrap(),
            "code-of-conduct-annual-ack",
            "--status",
            "implemented",
        ])
        .assert()
        .success();
    git(
        &dir,
        "2027-02-10",
        &["commit", "-qam", "annual acknowledgement done"],
    );
    (tmp, wb)
}

fn export_unpinned(workbook: &Path, out: &Path, extra: &[&str]) {
    let mut cmd = assert_cmd::Command::cargo_bin("soc2").unwrap();
    cmd.env_remove("SOC2_TODAY")
        .args([
            "export",
            workbook.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(extra)
        .assert()
        .success();
}

#[test]
fn at_a_past_revision_the_package_is_the_one_exported_then_and_the_work_tree_is_untouched() {
    let (tmp, wb) = history();
    let then = tmp.path().join("then");
    let now = tmp.path().join("now");
    let again = tmp.path().join("again");
    // Exported at the first commit, before the second existed…
    let first = git(wb.parent().unwrap(), "2027-01-10", &["rev-parse", "HEAD~1"]);
    git(
        wb.parent().unwrap(),
        "2027-01-10",
        &["checkout", "-q", first.trim()],
    );
    export_unpinned(&wb, &then, &[]);
    git(wb.parent().unwrap(), "2027-01-10", &["checkout", "-q", "-"]);
    let before = std::fs::read(&wb).unwrap();
    export_unpinned(&wb, &now, &[]);
    // …and reproduced later from history.
    export_unpinned(&wb, &again, &["--at", "HEAD~1"]);
    assert_eq!(
        std::fs::read(&wb).unwrap(),
        before,
        "the work tree is left alone"
    );
    let m_then = read(&then, "MANIFEST.json");
    let m_again = read(&again, "MANIFEST.json");
    assert_eq!(m_then, m_again);
    assert_ne!(m_then, read(&now, "MANIFEST.json"));
    let manifest: serde_json::Value = serde_json::from_str(&m_again).unwrap();
    assert_eq!(manifest["date"], "2027-01-10");
    assert_eq!(manifest["commit"].as_str().unwrap(), first.trim());
    for f in manifest["files"].as_array().unwrap() {
        let name = f["name"].as_str().unwrap();
        assert_eq!(
            std::fs::read(then.join(name)).unwrap(),
            std::fs::read(again.join(name)).unwrap(),
            "{name}"
        );
    }
    // The later export names the window's change in the system description.
    let d = read(&now, "system-description.md");
    assert!(
        d.contains("Changes the workbook recorded between the start and the end of the period"),
        "{d}"
    );
    assert!(
        d.contains("code-of-conduct") || d.contains("Everyone re-acknowledges"),
        "{d}"
    );
}

#[test]
fn at_a_revision_outside_git_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let wb = tmp.path().join("wb.ron");
    std::fs::copy(example(), &wb).unwrap();
    let o = soc2()
        .args([
            "export",
            wb.to_str().unwrap(),
            "--out",
            tmp.path().join("p").to_str().unwrap(),
            "--at",
            "HEAD",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not inside a git repository"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn workbook_text_is_inert_in_the_html_report_and_kept_in_the_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let wb = tmp.path().join("wb.ron");
    let text = std::fs::read_to_string(example()).unwrap().replacen(
        "name: \"Parcelwise, Inc.\"",
        "name: \"<script>alert(1)</script> & \\u{1b}[2J Co\"",
        1,
    );
    std::fs::write(&wb, text).unwrap();
    let out = export(tmp.path(), &wb, &["--only", "readiness,backlog"]);
    let html = read(&out, "readiness-report.html");
    assert!(!html.contains("<script"), "no script gets in");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; ⟨U+001B⟩[2J Co"));
    let manifest = read(&out, "MANIFEST.json");
    assert!(
        manifest.contains("<script>alert(1)</script> & \\u001b[2J Co"),
        "{manifest}"
    );
}

#[test]
fn the_vendor_register_and_risk_control_matrix_have_a_row_per_record_with_what_is_open() {
    let tmp = tempfile::tempdir().unwrap();
    let out = export(tmp.path(), &example(), &["--only", "vendors,risks"]);
    let vendors = csv_rows(&read(&out, "vendors.csv"));
    let listed = soc2()
        .args([
            "vendor",
            "list",
            example().to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let listed = listed
        .as_array()
        .or_else(|| listed["vendors"].as_array())
        .map_or(0, Vec::len);
    assert_eq!(vendors.len(), listed, "one row per vendor of the register");
    let aws = vendors
        .iter()
        .find(|r| r["ID"] == "amazon-web-services")
        .expect("AWS row");
    assert_eq!(aws["Subservice organization"], "carve-out");
    assert_eq!(aws["Covered through"], "2026-09-30");
    assert!(
        aws["Findings"].contains("bridge-letter gap"),
        "the auditor sees the gap in the register: {}",
        aws["Findings"]
    );
    assert!(aws["CUECs we operate"].contains("[admin-access-review]"));
    let risks = csv_rows(&read(&out, "risks.csv"));
    let wb = soc2_workbook::store::load(&example()).unwrap().workbook;
    assert_eq!(risks.len(), wb.risks.len(), "one row per risk");
    for row in &risks {
        let r = &wb.risks[&row["ID"]];
        assert_eq!(row["Inherent score"], r.inherent().to_string());
        assert_eq!(row["Mitigating controls"], r.controls.join(", "));
    }
    let manifest = read(&out, "MANIFEST.json");
    assert!(manifest.contains("vendors.csv") && manifest.contains("risks.csv"));
}
