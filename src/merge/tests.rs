use proptest::prelude::*;

use super::*;
use crate::catalog::catalog;
use crate::edit::{self, ConflictSide, ItemKey, NewBacklogItem, NewEvidence};
use crate::model::{
    Answer, BacklogStatus, Date, ItemStatus, Member, MilestoneStatus, Priority, Vendor,
};
use crate::starter::starter_workbook;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn base() -> Workbook {
    let mut wb = starter_workbook("Acme", None, d("2026-11-22"));
    for id in ["maria", "sam"] {
        wb.team.push(Member {
            id: id.into(),
            name: id.to_uppercase(),
            role: String::new(),
            ..Default::default()
        });
    }
    add_backlog(&mut wb, "Formalize offboarding", 1);
    // Fixed ids and dates, so every run generates the same cases.
    for (i, m) in wb.milestones.iter_mut().enumerate() {
        m.id = format!("MS-m{i:03}");
    }
    wb.scope.target_report_date = Some(d("2027-09-01"));
    wb
}

fn key(item: &str) -> ItemKey {
    edit::resolve_item(catalog(), &Workbook::default(), item).unwrap()
}

fn add_backlog(wb: &mut Workbook, title: &str, seed: u64) -> String {
    edit::add_backlog_item(
        catalog(),
        wb,
        NewBacklogItem {
            title: title.into(),
            ..NewBacklogItem::default()
        },
        d("2026-11-23"),
        &mut fastrand::Rng::with_seed(seed),
    )
    .unwrap()
}

fn status(wb: &Workbook, item: &str) -> ItemStatus {
    let k = key(item);
    wb.item(&k.criterion, &k.item)
        .map(|r| r.status)
        .unwrap_or_default()
}

#[test]
fn independent_edits_merge_cleanly_and_keep_everything() {
    let base = base();
    let rb = base.backlog[0].id.clone();
    let mut ours = base.clone();
    let mut theirs = base.clone();

    let our_item = add_backlog(&mut ours, "Write the incident plan", 7);
    let their_item = add_backlog(&mut theirs, "Turn on MFA", 8);
    edit::set_item_status(
        &mut ours,
        &key("mfa-everywhere"),
        ItemStatus::Implemented,
        None,
    )
    .unwrap();
    edit::set_item_status(
        &mut theirs,
        &key("access-review-quarterly"),
        ItemStatus::InProgress,
        None,
    )
    .unwrap();
    ours.milestones[0].status = MilestoneStatus::Done;
    theirs.milestones[1].end = d("2027-05-01");
    edit::set_backlog_owner(&mut ours, &rb, Some("maria")).unwrap();
    edit::set_backlog_priority(&mut theirs, &rb, Priority::P1).unwrap();
    theirs.organization.industry = "fintech".into();

    let merged = merge3(&base, &ours, &theirs);
    assert!(merged.is_clean(), "{:?}", merged.conflicts);
    let wb = &merged.workbook;
    let ids: Vec<&str> = wb.backlog.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![rb.as_str(), our_item.as_str(), their_item.as_str()]
    );
    assert_eq!(status(wb, "mfa-everywhere"), ItemStatus::Implemented);
    assert_eq!(
        status(wb, "access-review-quarterly"),
        ItemStatus::InProgress
    );
    assert_eq!(wb.milestones[0].status, MilestoneStatus::Done);
    assert_eq!(wb.milestones[1].end, d("2027-05-01"));
    assert_eq!(wb.backlog[0].owner.as_deref(), Some("maria"));
    assert_eq!(wb.backlog[0].priority, Priority::P1);
    assert_eq!(wb.organization.industry, "fintech");
    assert!(wb.conflicts.is_empty());
}

#[test]
fn the_same_change_on_both_sides_is_no_conflict() {
    let base = base();
    let mut ours = base.clone();
    edit::set_item_status(
        &mut ours,
        &key("mfa-everywhere"),
        ItemStatus::Implemented,
        None,
    )
    .unwrap();
    ours.milestones[0].notes = "kickoff done".into();
    let merged = merge3(&base, &ours, &ours.clone());
    assert!(merged.is_clean());
    assert_eq!(merged.workbook, ours);
}

#[test]
fn one_field_changed_two_ways_keeps_ours_and_records_both() {
    let base = base();
    let rb = base.backlog[0].id.clone();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    edit::set_backlog_text(&mut ours, &rb, "Offboarding checklist", "").unwrap();
    edit::set_backlog_text(&mut theirs, &rb, "Offboarding runbook", "").unwrap();
    edit::set_item_status(
        &mut ours,
        &key("mfa-everywhere"),
        ItemStatus::Implemented,
        None,
    )
    .unwrap();
    edit::set_item_status(
        &mut theirs,
        &key("mfa-everywhere"),
        ItemStatus::NotApplicable,
        Some("no staff yet"),
    )
    .unwrap();

    let merged = merge3(&base, &ours, &theirs);
    let wb = &merged.workbook;
    assert_eq!(wb.backlog[0].title, "Offboarding checklist");
    assert_eq!(status(wb, "mfa-everywhere"), ItemStatus::Implemented);
    let k = key("mfa-everywhere");
    assert_eq!(
        merged.conflicts,
        vec![
            Conflict {
                location: format!("checklist {} mfa-everywhere status", k.criterion),
                ours: "Implemented".into(),
                theirs: "NotApplicable".into(),
            },
            Conflict {
                location: format!("backlog {rb} title"),
                ours: "Offboarding checklist".into(),
                theirs: "Offboarding runbook".into(),
            },
        ]
    );
    assert_eq!(wb.conflicts, merged.conflicts, "recorded in the workbook");

    // A person settles them: theirs for the title, ours for the status.
    let mut settled = wb.clone();
    edit::resolve(&mut settled, 1, ConflictSide::Theirs).unwrap();
    edit::resolve(&mut settled, 0, ConflictSide::Ours).unwrap();
    assert_eq!(settled.backlog[0].title, "Offboarding runbook");
    assert_eq!(status(&settled, "mfa-everywhere"), ItemStatus::Implemented);
    assert!(settled.conflicts.is_empty());
    assert!(edit::resolve(&mut settled, 0, ConflictSide::Ours).is_err());
}

#[test]
fn a_deletion_against_an_edit_keeps_the_edit_and_records_the_deletion() {
    let base = base();
    let rb = base.backlog[0].id.clone();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    edit::delete_backlog_item(&mut ours, &rb).unwrap();
    edit::set_backlog_status(&mut theirs, &rb, BacklogStatus::InProgress, d("2026-12-01")).unwrap();

    let merged = merge3(&base, &ours, &theirs);
    assert_eq!(merged.workbook.backlog, theirs.backlog, "the edit survives");
    assert_eq!(merged.conflicts.len(), 1);
    let c = &merged.conflicts[0];
    assert_eq!(c.location, format!("backlog {rb}"));
    assert_eq!(c.ours, DELETED);

    let mut deleted = merged.workbook.clone();
    edit::resolve(&mut deleted, 0, ConflictSide::Ours).unwrap();
    assert!(deleted.backlog.is_empty());
    let mut kept = merged.workbook.clone();
    edit::resolve(&mut kept, 0, ConflictSide::Theirs).unwrap();
    assert_eq!(kept.backlog, theirs.backlog);
}

#[test]
fn a_deletion_of_an_untouched_entry_is_taken() {
    let base = base();
    let mut theirs = base.clone();
    let rb = base.backlog[0].id.clone();
    edit::delete_backlog_item(&mut theirs, &rb).unwrap();
    theirs.milestones.pop();
    let merged = merge3(&base, &base, &theirs);
    assert!(merged.is_clean());
    assert_eq!(merged.workbook, theirs);
}

#[test]
fn an_item_both_sides_touched_first_merges_field_by_field() {
    let base = base();
    let k = key("access-review-quarterly");
    let mut ours = base.clone();
    let mut theirs = base.clone();
    edit::set_item_status(&mut ours, &k, ItemStatus::Implemented, None).unwrap();
    edit::set_item_owner(&mut theirs, &k, Some("sam")).unwrap();
    let ev = |r: &str, day: &str| NewEvidence {
        reference: r.into(),
        collected: Some(d(day)),
        ..NewEvidence::default()
    };
    let mut rng = fastrand::Rng::with_seed(1);
    edit::add_evidence(
        catalog(),
        &mut ours,
        &k,
        ev("SEC-1", "2027-04-02"),
        d("2027-04-02"),
        &mut rng,
    )
    .unwrap();
    let mut rng = fastrand::Rng::with_seed(2);
    edit::add_evidence(
        catalog(),
        &mut theirs,
        &k,
        ev("SEC-2", "2027-01-15"),
        d("2027-01-15"),
        &mut rng,
    )
    .unwrap();

    let merged = merge3(&base, &ours, &theirs);
    assert!(merged.is_clean(), "{:?}", merged.conflicts);
    let rec = merged.workbook.item(&k.criterion, &k.item).unwrap();
    assert_eq!(rec.status, ItemStatus::Implemented);
    assert_eq!(rec.owner.as_deref(), Some("sam"));
    let refs: Vec<&str> = rec.evidence.iter().map(|e| e.reference.as_str()).collect();
    assert_eq!(refs, vec!["SEC-1", "SEC-2"]);
    assert_eq!(
        rec.performed,
        vec![d("2027-01-15"), d("2027-04-02")],
        "sorted union"
    );
}

#[test]
fn scope_answers_and_subservices_merge_by_key() {
    let base = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.scope.answers.insert("uptime_sla".into(), Answer::Yes);
    theirs.scope.answers.insert("uptime_sla".into(), Answer::No);
    theirs.vendors.insert(
        "amazon-web-services".into(),
        Vendor {
            name: "Amazon Web Services".into(),
            subservice: Some(crate::model::SubserviceMethod::CarveOut),
            ..Vendor::default()
        },
    );
    ours.scope.boundary.products.push("api".into());
    theirs.scope.boundary.products.push("web".into());

    let merged = merge3(&base, &ours, &theirs);
    let wb = &merged.workbook;
    assert_eq!(wb.scope.boundary.products, vec!["api", "web"]);
    assert_eq!(wb.subservices().len(), 1);
    assert_eq!(wb.scope.answers.get("uptime_sla"), Some(&Answer::Yes));
    assert_eq!(
        merged.conflicts,
        vec![Conflict {
            location: "scope answer uptime_sla".into(),
            ours: "Yes".into(),
            theirs: "No".into(),
        }]
    );

    // A field of a vendor changed two ways is a conflict that resolves by its location.
    let mut a = wb.clone();
    let mut b = wb.clone();
    fn aws(w: &mut Workbook) -> &mut Vendor {
        w.vendors.get_mut("amazon-web-services").unwrap()
    }
    aws(&mut a).next_review = Some(d("2027-01-01"));
    aws(&mut b).next_review = Some(d("2027-02-01"));
    let m = merge3(wb, &a, &b);
    assert_eq!(
        m.conflicts[0].location,
        "vendor amazon-web-services next_review"
    );
    let mut settled = m.workbook.clone();
    let last = settled.conflicts.len() - 1;
    edit::resolve(&mut settled, last, ConflictSide::Theirs).unwrap();
    assert_eq!(aws(&mut settled).next_review, Some(d("2027-02-01")));
}

#[test]
fn conflicts_resolved_on_one_side_disappear_and_others_stay() {
    let mut base = base();
    let old = Conflict {
        location: "organization name".into(),
        ours: "Acme".into(),
        theirs: "Acme Inc".into(),
    };
    base.conflicts.push(old.clone());
    let mut ours = base.clone();
    ours.conflicts.clear();
    let merged = merge3(&base, &ours, &base);
    assert!(merged.workbook.conflicts.is_empty());
    let merged = merge3(&base, &base, &base);
    assert_eq!(merged.workbook.conflicts, vec![old]);
}

#[test]
fn locations_read_back_as_written() {
    let locs = [
        Loc::Organization("name".into()),
        Loc::Scope("report_type".into()),
        Loc::Answer("uptime_sla".into()),
        Loc::Category(
            crate::model::Category::ProcessingIntegrity,
            Some("in_scope".into()),
        ),
        Loc::Vendor(
            "amazon-web-services".into(),
            Some("report:2025-10-01:opinion".into()),
        ),
        Loc::Member("maria".into(), Some("role".into())),
        Loc::Criterion("CC6.2".into()),
        Loc::Item(
            "CC6.2".into(),
            "access-review".into(),
            Some("status".into()),
        ),
        Loc::Evidence("CC6.2".into(), "x".into(), "EV-abcd".into(), None),
        Loc::Backlog("RB-k3fz".into(), Some("title".into())),
        Loc::Milestone("MS-k3fz".into(), None),
    ];
    for loc in locs {
        assert_eq!(loc.to_string().parse::<Loc>(), Ok(loc.clone()), "{loc}");
    }
    assert!("backlog".parse::<Loc>().is_err());
    assert!("nonsense here".parse::<Loc>().is_err());
}

#[test]
fn recorded_values_read_back_into_their_types() {
    fn round<T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(v: T) {
        assert_eq!(decode::<T>(&encode(&v)), Ok(v));
    }
    round(String::from("plain text"));
    round(String::from("true"));
    round(String::new());
    round(Some(String::from("None")));
    round(None::<String>);
    round(Some(d("2027-01-01")));
    round(None::<Date>);
    round(ItemStatus::NotApplicable);
    round(Some(6u8));
    round(true);
    round(vec![String::from("CC6.1")]);
    assert_eq!(encode(&Some(String::from("maria"))), "maria");
    assert_eq!(encode(&None::<Date>), "");
    assert!(decode::<ItemStatus>("Sideways").is_err());
}

#[test]
fn reload_takes_the_disk_version_when_nothing_is_unsaved() {
    let loaded = base();
    let mut disk = loaded.clone();
    disk.organization.industry = "health".into();
    let r = reload(&loaded, &loaded, &disk);
    assert!(r.is_clean());
    assert_eq!(r.workbook, disk);

    let mut memory = loaded.clone();
    let unsaved = add_backlog(&mut memory, "Unsaved idea", 99);
    let r = reload(&loaded, &memory, &disk);
    assert!(r.is_clean());
    assert_eq!(r.workbook.organization.industry, "health");
    assert!(
        r.workbook.backlog_item(&unsaved).is_some(),
        "the unsaved edit survives"
    );
}

/// One random edit, for generating workbooks that differ from a base.
#[derive(Debug, Clone)]
enum Op {
    Status(usize, usize),
    Owner(usize, bool),
    AddBacklog(u64),
    BacklogStatus(usize, usize),
    BacklogOwner(usize, usize),
    DoneDate(usize, i64),
    DeleteBacklog(usize),
    Milestone(usize, i64),
    MilestoneStart(usize, i64),
    Evidence(usize, u64, bool),
    Answer(bool),
    RemoveMember(usize),
    Readiness(i64),
    Target(i64),
    Reorder(usize, usize, usize),
    Boundary(usize),
    AddCustom(u64),
    LinkCustom(usize),
    DeleteCustom,
}

const ITEMS: [&str; 4] = [
    "mfa-everywhere",
    "access-review-quarterly",
    "offboarding-revocation-sla",
    "mfa-everywhere",
];

const WHO: [Option<&str>; 3] = [None, Some("maria"), Some("sam")];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..4usize, 0..4usize).prop_map(|(i, s)| Op::Status(i, s)),
        (0..4usize, any::<bool>()).prop_map(|(i, b)| Op::Owner(i, b)),
        any::<u64>().prop_map(Op::AddBacklog),
        (0..4usize, 0..4usize).prop_map(|(i, s)| Op::BacklogStatus(i, s)),
        (0..4usize, 0..3usize).prop_map(|(i, w)| Op::BacklogOwner(i, w)),
        (0..4usize, -5..5i64).prop_map(|(i, n)| Op::DoneDate(i, n)),
        (0..4usize).prop_map(Op::DeleteBacklog),
        (0..6usize, -30..30i64).prop_map(|(i, n)| Op::Milestone(i, n)),
        (0..6usize, -30..60i64).prop_map(|(i, n)| Op::MilestoneStart(i, n)),
        (0..4usize, any::<u64>(), any::<bool>()).prop_map(|(i, s, b)| Op::Evidence(i, s, b)),
        any::<bool>().prop_map(Op::Answer),
        (0..2usize).prop_map(Op::RemoveMember),
        (-200..400i64).prop_map(Op::Readiness),
        (-400..200i64).prop_map(Op::Target),
        (0..4usize, 0..6usize, 0..6usize).prop_map(|(l, i, j)| Op::Reorder(l, i, j)),
        (0..4usize).prop_map(Op::Boundary),
        any::<u64>().prop_map(Op::AddCustom),
        (0..4usize).prop_map(Op::LinkCustom),
        Just(Op::DeleteCustom),
    ]
}

const PRODUCTS: [&str; 4] = ["api", "web", "mobile", "admin"];

/// The first custom item of the workbook, if any.
fn custom_item(wb: &Workbook) -> Option<(String, String)> {
    wb.checklist.iter().find_map(|(c, items)| {
        items
            .iter()
            .find(|(_, r)| r.custom.is_some())
            .map(|(i, _)| (c.clone(), i.clone()))
    })
}

fn swap<T>(list: &mut [T], i: usize, j: usize) {
    if i < list.len() && j < list.len() {
        list.swap(i, j);
    }
}

fn apply_one(wb: &mut Workbook, op: &Op) {
    let today = d("2026-12-01");
    let backlog_id = |wb: &Workbook, i: usize| wb.backlog.get(i).map(|b| b.id.clone());
    match op {
        Op::Status(i, s) => {
            let _ = edit::set_item_status(wb, &key(ITEMS[*i]), ItemStatus::ALL[*s], Some("why"));
        }
        Op::Owner(i, b) => {
            let who = if *b { Some("maria") } else { None };
            let _ = edit::set_item_owner(wb, &key(ITEMS[*i]), who);
        }
        Op::AddBacklog(seed) => {
            add_backlog(wb, "Generated", *seed);
        }
        Op::BacklogStatus(i, s) => {
            if let Some(id) = backlog_id(wb, *i) {
                let _ = edit::set_backlog_status(wb, &id, BacklogStatus::ALL[*s], today);
            }
        }
        Op::BacklogOwner(i, w) => {
            if let Some(id) = backlog_id(wb, *i) {
                let _ = edit::set_backlog_owner(wb, &id, WHO[*w]);
            }
        }
        Op::DoneDate(i, n) => {
            if let Some(b) = wb.backlog.get_mut(*i) {
                b.done = b.done.map(|d| d.add_days(*n));
            }
        }
        Op::DeleteBacklog(i) => {
            if let Some(id) = backlog_id(wb, *i) {
                let _ = edit::delete_backlog_item(wb, &id);
            }
        }
        Op::Milestone(i, n) => {
            if let Some(m) = wb.milestones.get_mut(*i) {
                m.end = m.end.add_days(*n);
            }
        }
        Op::MilestoneStart(i, n) => {
            if let Some(m) = wb.milestones.get_mut(*i) {
                m.start = m.start.add_days(*n);
            }
        }
        Op::Evidence(i, seed, by) => {
            let ev = NewEvidence {
                reference: format!("SEC-{seed}"),
                by: by.then(|| "sam".to_string()),
                ..NewEvidence::default()
            };
            let mut rng = fastrand::Rng::with_seed(*seed);
            let _ = edit::add_evidence(catalog(), wb, &key(ITEMS[*i]), ev, today, &mut rng);
        }
        Op::Answer(yes) => {
            let a = if *yes { Answer::Yes } else { Answer::No };
            wb.scope.answers.insert("uptime_sla".into(), a);
        }
        Op::RemoveMember(i) => {
            if *i < wb.team.len() {
                wb.team.remove(*i);
            }
        }
        Op::Readiness(n) => {
            wb.scope.readiness_start = Some(today.add_days(*n));
        }
        Op::Target(n) => {
            let target = wb.scope.target_report_date.unwrap_or(today);
            edit::set_target_report_date(wb, Some(target.add_days(*n)));
        }
        Op::Reorder(list, i, j) => match list {
            0 => swap(&mut wb.backlog, *i, *j),
            1 => swap(&mut wb.milestones, *i, *j),
            2 => swap(&mut wb.team, *i, *j),
            _ => swap(&mut wb.scope.boundary.products, *i, *j),
        },
        Op::Boundary(p) => {
            let list = &mut wb.scope.boundary.products;
            match list.iter().position(|x| x == PRODUCTS[*p]) {
                Some(at) => {
                    list.remove(at);
                }
                None => list.push(PRODUCTS[*p].to_string()),
            }
        }
        Op::AddCustom(seed) => {
            let mut rng = fastrand::Rng::with_seed(*seed);
            let _ = edit::add_custom_item(catalog(), wb, "CC1.1", "Team-made", None, &mut rng);
        }
        Op::LinkCustom(i) => {
            if let (Some((_, item)), Some(b)) = (custom_item(wb), wb.backlog.get_mut(*i))
                && !b.items.contains(&item)
            {
                b.items.push(item);
            }
        }
        Op::DeleteCustom => {
            if let Some((c, i)) = custom_item(wb)
                && let Some(items) = wb.checklist.get_mut(&c)
            {
                items.remove(&i);
            }
        }
    }
}

fn findings(wb: &Workbook) -> Vec<crate::analysis::check::Finding> {
    crate::analysis::check::check(catalog(), crate::catalog::scoping::questionnaire(), wb)
}

/// Applies the edits a person could make: one that would leave the workbook failing
/// `soc2 check` is not made (the app and the edit commands refuse those).
fn apply(wb: &mut Workbook, ops: &[Op]) {
    for op in ops {
        let before = wb.clone();
        apply_one(wb, op);
        if !findings(wb).is_empty() {
            *wb = before;
        }
    }
}

/// Every entry of a workbook (and the fields that have no entry of their own), by location.
fn entries(wb: &Workbook) -> Vec<Loc> {
    let mut out: Vec<Loc> = ["name", "system", "description", "industry"]
        .iter()
        .map(|f| Loc::Organization(f.to_string()))
        .collect();
    for f in [
        "report_type",
        "observation_months",
        "readiness_start",
        "target_report_date",
    ] {
        out.push(Loc::Scope(f.to_string()));
    }
    out.extend(wb.scope.answers.keys().map(|k| Loc::Answer(k.clone())));
    out.extend(wb.scope.categories.keys().map(|c| Loc::Category(*c, None)));
    out.extend(wb.team.iter().map(|m| Loc::Member(m.id.clone(), None)));
    for (c, items) in &wb.checklist {
        for (i, rec) in items {
            out.push(Loc::Item(c.clone(), i.clone(), None));
            for e in &rec.evidence {
                out.push(Loc::Evidence(c.clone(), i.clone(), e.id.clone(), None));
            }
        }
    }
    out.extend(wb.backlog.iter().map(|b| Loc::Backlog(b.id.clone(), None)));
    out.extend(
        wb.milestones
            .iter()
            .map(|m| Loc::Milestone(m.id.clone(), None)),
    );
    out
}

/// The edits one side made that the merge dropped without recording a conflict: an entry
/// (or top-level field) only one side changed must come out as that side has it.
fn lost_edits(b: &Workbook, o: &Workbook, t: &Workbook, m: &MergeResult) -> Vec<String> {
    let mut locs: Vec<Loc> = entries(b);
    for loc in entries(o).into_iter().chain(entries(t)) {
        if !locs.contains(&loc) {
            locs.push(loc);
        }
    }
    let mut lost = Vec::new();
    for loc in locs {
        let [vb, vo, vt, vm] = [b, o, t, &m.workbook].map(|w| value_at(w, &loc));
        let wanted = match (vo == vb, vt == vb) {
            (true, false) => &vt,
            (false, true) => &vo,
            (false, false) if vo == vt => &vo,
            _ => continue,
        };
        let entry = loc.entry().to_string();
        let in_pair = |c: &Conflict| match (&loc, c.location.parse::<Loc>()) {
            (Loc::Scope(f), Ok(Loc::Scope(g))) => g.split('+').any(|g| g == f),
            _ => false,
        };
        let recorded = m
            .conflicts
            .iter()
            .any(|c| c.location.starts_with(&entry) || in_pair(c));
        if &vm != wanted && !recorded {
            lost.push(loc.to_string());
        }
    }
    lost
}

/// The same cases on every run (CI never flakes); `PROPTEST_CASES` and `PROPTEST_RNG_SEED`
/// run more or other cases on demand.
fn fixed(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x50c2_2026),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(fixed(64))]

    #[test]
    fn merging_against_an_unchanged_side_returns_the_other(
        before in prop::collection::vec(op(), 0..6),
        after in prop::collection::vec(op(), 0..8),
    ) {
        let mut b = base();
        apply(&mut b, &before);
        let mut x = b.clone();
        apply(&mut x, &after);

        let m = merge3(&b, &x, &b);
        prop_assert!(m.is_clean());
        prop_assert_eq!(&m.workbook, &x);
        let m = merge3(&b, &b, &x);
        prop_assert!(m.is_clean());
        prop_assert_eq!(&m.workbook, &x);
        let m = merge3(&x, &x, &x);
        prop_assert!(m.is_clean());
        prop_assert_eq!(&m.workbook, &x);
    }

    #[test]
    fn a_merge_is_always_a_loadable_workbook_holding_both_sides_additions(
        ours_ops in prop::collection::vec(op(), 0..8),
        theirs_ops in prop::collection::vec(op(), 0..8),
    ) {
        let b = base();
        let mut o = b.clone();
        apply(&mut o, &ours_ops);
        let mut t = b.clone();
        apply(&mut t, &theirs_ops);
        let m = merge3(&b, &o, &t);
        let text = crate::store::to_canonical(&m.workbook);
        let back = crate::store::parse(&text, std::path::Path::new("merged.ron"));
        prop_assert_eq!(back.ok(), Some(m.workbook.clone()));
        for added in o.backlog.iter().chain(&t.backlog) {
            if b.backlog_item(&added.id).is_none() {
                prop_assert!(m.workbook.backlog_item(&added.id).is_some());
            }
        }
        // Every conflict can be settled either way, leaving no record behind.
        for side in [ConflictSide::Ours, ConflictSide::Theirs] {
            let mut settled = m.workbook.clone();
            while !settled.conflicts.is_empty() {
                prop_assert!(edit::resolve(&mut settled, 0, side).is_ok(), "{:?}", settled.conflicts);
            }
        }
    }

    #[test]
    fn a_clean_merge_of_valid_sides_passes_check_and_loses_no_edit(
        ours_ops in prop::collection::vec(op(), 0..10),
        theirs_ops in prop::collection::vec(op(), 0..10),
    ) {
        let b = base();
        let mut o = b.clone();
        apply(&mut o, &ours_ops);
        let mut t = b.clone();
        apply(&mut t, &theirs_ops);
        let m = merge3(&b, &o, &t);
        let found = findings(&m.workbook);
        if m.is_clean() {
            prop_assert!(found.is_empty(), "a clean merge fails check: {:?}", found);
        } else {
            prop_assert!(found.iter().any(|f| f.entity.starts_with("conflict at ")));
        }
        // Apart from its conflicts the result passes too, so the app opens it for editing.
        let beyond: Vec<_> = found.iter().filter(|f| !f.entity.starts_with("conflict at ")).collect();
        prop_assert!(beyond.is_empty(), "{:?}", beyond);
        let lost = lost_edits(&b, &o, &t, &m);
        prop_assert!(lost.is_empty(), "edits lost at {:?}", lost);
    }
}

/// The case behind the flaky property test: Done, Open, Done on one day on one side.
#[test]
fn identical_history_entries_made_on_one_side_are_all_kept() {
    let b = base();
    let rb = b.backlog[0].id.clone();
    let mut x = b.clone();
    let today = d("2026-12-01");
    for s in [
        BacklogStatus::Done,
        BacklogStatus::Open,
        BacklogStatus::Done,
    ] {
        edit::set_backlog_status(&mut x, &rb, s, today).unwrap();
    }
    assert_eq!(x.backlog[0].history.len(), 3);
    for m in [merge3(&b, &b, &x), merge3(&b, &x, &b)] {
        assert!(m.is_clean());
        assert_eq!(m.workbook.backlog[0].history, x.backlog[0].history);
    }
}

/// Whether `soc2 check` passes once every conflict is settled for `side`.
fn settles_valid(wb: &Workbook, side: ConflictSide) -> bool {
    let mut settled = wb.clone();
    while !settled.conflicts.is_empty() {
        if edit::resolve(&mut settled, 0, side).is_err() {
            return false;
        }
    }
    findings(&settled).is_empty()
}

#[test]
fn evidence_recorded_the_same_on_both_sides_is_kept_once() {
    let b = base();
    let k = key("access-review-quarterly");
    let nightly = |wb: &mut Workbook, seed| {
        let ev = NewEvidence {
            reference: "ci/access-review-2026-12.json".into(),
            by: Some("sam".into()),
            ..NewEvidence::default()
        };
        let mut rng = fastrand::Rng::with_seed(seed);
        edit::add_evidence(catalog(), wb, &k, ev, d("2026-12-01"), &mut rng).unwrap();
    };
    let (mut o, mut t) = (b.clone(), b.clone());
    nightly(&mut o, 1);
    nightly(&mut t, 2);
    let m = merge3(&b, &o, &t);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    let rec = m.workbook.item(&k.criterion, &k.item).unwrap();
    assert_eq!(
        rec.evidence,
        o.item(&k.criterion, &k.item).unwrap().evidence
    );
    assert_eq!(rec.performed, vec![d("2026-12-01")]);
}

#[test]
fn a_reorder_made_on_one_side_survives_the_merge() {
    let mut b = base();
    add_backlog(&mut b, "Second", 2);
    add_backlog(&mut b, "Third", 3);
    b.scope.boundary.products = vec!["api".into(), "web".into(), "admin".into()];
    let (mut o, mut t) = (b.clone(), b.clone());
    // Theirs reorders; ours adds and edits without reordering.
    t.backlog.rotate_left(1);
    t.milestones.swap(0, 2);
    t.team.reverse();
    t.scope.boundary.products.reverse();
    let ours_new = add_backlog(&mut o, "Ours", 9);
    o.milestones[1].notes = "moved on".into();
    o.scope.boundary.products.push("mobile".into());

    let m = merge3(&b, &o, &t);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    let wb = &m.workbook;
    let ids = |w: &Workbook| w.backlog.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    let mut want = ids(&t);
    want.push(ours_new);
    assert_eq!(ids(wb), want);
    let ms = |w: &Workbook| {
        w.milestones
            .iter()
            .map(|x| x.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ms(wb), ms(&t));
    assert_eq!(wb.milestones[1].notes, "moved on");
    assert_eq!(wb.team, t.team);
    assert_eq!(
        wb.scope.boundary.products,
        vec!["admin", "web", "api", "mobile"]
    );

    // The same the other way round: ours reordered, theirs added.
    let m = merge3(&b, &t, &o);
    assert_eq!(ms(&m.workbook), ms(&t));
    assert_eq!(m.workbook.team, t.team);
}

#[test]
fn two_different_reorders_keep_ours_by_rule() {
    let mut b = base();
    add_backlog(&mut b, "Second", 2);
    add_backlog(&mut b, "Third", 3);
    let (mut o, mut t) = (b.clone(), b.clone());
    o.backlog.reverse();
    t.backlog.rotate_left(1);
    let theirs_new = add_backlog(&mut t, "Theirs", 9);
    let m = merge3(&b, &o, &t);
    assert!(m.is_clean());
    let ids: Vec<&str> = m.workbook.backlog.iter().map(|x| x.id.as_str()).collect();
    let mut want: Vec<&str> = o.backlog.iter().map(|x| x.id.as_str()).collect();
    want.push(&theirs_new);
    assert_eq!(ids, want);
}

#[test]
fn a_member_removed_on_one_side_and_made_owner_on_the_other_is_a_conflict() {
    let b = base();
    let rb = b.backlog[0].id.clone();
    let (mut o, mut t) = (b.clone(), b.clone());
    edit::set_backlog_owner(&mut o, &rb, Some("sam")).unwrap();
    t.team.retain(|m| m.id != "sam");
    for m in [merge3(&b, &o, &t), merge3(&b, &t, &o)] {
        assert!(!m.is_clean());
        assert_eq!(m.conflicts[0].location, "team sam");
        assert!(
            m.conflicts
                .iter()
                .any(|c| c.ours == DELETED || c.theirs == DELETED)
        );
        assert!(m.workbook.member("sam").is_some(), "kept while named");
        let without: Vec<_> = findings(&m.workbook)
            .into_iter()
            .filter(|f| !f.entity.starts_with("conflict at "))
            .collect();
        assert!(without.is_empty(), "{without:?}");
    }
}

#[test]
fn a_milestone_start_moved_past_an_end_moved_on_the_other_side_is_a_conflict() {
    let b = base();
    let ms = b.milestones[1].clone();
    let (mut o, mut t) = (b.clone(), b.clone());
    let late_start = ms.end.add_days(-2);
    let early_end = ms.start.add_days(1);
    edit::set_milestone_dates(&mut o, &ms.id, late_start, ms.end).unwrap();
    edit::set_milestone_dates(&mut t, &ms.id, ms.start, early_end).unwrap();
    let m = merge3(&b, &o, &t);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    assert_eq!(
        m.conflicts[0].location,
        format!("milestone {} start+end", ms.id)
    );
    let merged = &m.workbook.milestones[1];
    assert_eq!(
        (merged.start, merged.end),
        (late_start, ms.end),
        "ours in place"
    );
    assert!(settles_valid(&m.workbook, ConflictSide::Ours));
    assert!(settles_valid(&m.workbook, ConflictSide::Theirs));
    let mut theirs = m.workbook.clone();
    edit::resolve(&mut theirs, 0, ConflictSide::Theirs).unwrap();
    assert_eq!(
        (theirs.milestones[1].start, theirs.milestones[1].end),
        (ms.start, early_end)
    );
}

#[test]
fn a_readiness_start_moved_past_a_target_moved_on_the_other_side_is_a_conflict() {
    let b = base();
    let (mut o, mut t) = (b.clone(), b.clone());
    o.scope.readiness_start = Some(d("2027-03-01"));
    edit::set_target_report_date(&mut t, Some(d("2027-02-01")));
    let m = merge3(&b, &o, &t);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    assert_eq!(
        m.conflicts[0].location,
        "scope readiness_start+target_report_date"
    );
    assert_eq!(m.workbook.scope.readiness_start, o.scope.readiness_start);
    assert_eq!(
        m.workbook.scope.target_report_date,
        b.scope.target_report_date
    );
    assert!(settles_valid(&m.workbook, ConflictSide::Ours));
    assert!(settles_valid(&m.workbook, ConflictSide::Theirs));
}

#[test]
fn a_backlog_status_and_its_done_date_come_from_one_side() {
    let mut b = base();
    let rb = b.backlog[0].id.clone();
    edit::set_backlog_status(&mut b, &rb, BacklogStatus::Done, d("2026-11-20")).unwrap();
    let (mut o, mut t) = (b.clone(), b.clone());
    // Ours reopens and finishes again later; theirs blocks it.
    edit::set_backlog_status(&mut o, &rb, BacklogStatus::Open, d("2026-12-01")).unwrap();
    edit::set_backlog_status(&mut o, &rb, BacklogStatus::Done, d("2026-12-02")).unwrap();
    edit::set_backlog_status(&mut t, &rb, BacklogStatus::Blocked, d("2026-12-01")).unwrap();
    let m = merge3(&b, &o, &t);
    let item = &m.workbook.backlog[0];
    assert_eq!(
        (item.status, item.done),
        (BacklogStatus::Done, Some(d("2026-12-02")))
    );
    assert_eq!(
        m.conflicts,
        vec![Conflict {
            location: format!("backlog {rb} status+done"),
            ours: "(Done,\"2026-12-02\")".into(),
            theirs: "(Blocked,None)".into(),
        }]
    );
    let mut settled = m.workbook.clone();
    edit::resolve(&mut settled, 0, ConflictSide::Theirs).unwrap();
    let item = &settled.backlog[0];
    assert_eq!((item.status, item.done), (BacklogStatus::Blocked, None));
    assert_eq!(item.history.len(), 4, "every side's history is kept");
}

#[test]
fn a_link_to_a_custom_item_the_other_side_deleted_is_a_conflict_not_a_broken_workbook() {
    let mut b = base();
    let rb = b.backlog[0].id.clone();
    let mut rng = fastrand::Rng::with_seed(5);
    let ci =
        edit::add_custom_item(catalog(), &mut b, "CC1.1", "Badge audit", None, &mut rng).unwrap();
    let (mut o, mut t) = (b.clone(), b.clone());
    o.backlog[0].items.push(ci.item.clone());
    t.checklist.get_mut("CC1.1").unwrap().remove(&ci.item);
    assert!(findings(&o).is_empty() && findings(&t).is_empty());
    let m = merge3(&b, &o, &t);
    assert!(!m.is_clean());
    assert_eq!(m.conflicts[0].location, format!("backlog {rb}"));
    assert!(
        m.workbook.backlog[0].items.is_empty(),
        "the valid side in place"
    );
    let without = Workbook {
        conflicts: Vec::new(),
        ..m.workbook.clone()
    };
    assert!(findings(&without).is_empty(), "{:?}", findings(&without));
    assert!(settles_valid(&m.workbook, ConflictSide::Theirs));
}

/// A workbook holding a recorded conflict about the first backlog item's title.
fn with_title_conflict() -> (Workbook, Workbook, Workbook) {
    let common = base();
    let rb = common.backlog[0].id.clone();
    let (mut one, mut two) = (common.clone(), common.clone());
    edit::set_backlog_text(&mut one, &rb, "Offboarding checklist", "").unwrap();
    edit::set_backlog_text(&mut two, &rb, "Offboarding runbook", "").unwrap();
    let virtual_base = merge3(&common, &one, &two).workbook;
    assert_eq!(virtual_base.conflicts.len(), 1);
    (virtual_base, one, two)
}

#[test]
fn a_conflict_settled_two_ways_on_two_branches_comes_back() {
    let (b, ..) = with_title_conflict();
    let rb = b.backlog[0].id.clone();
    let (mut o, mut t) = (b.clone(), b.clone());
    edit::resolve(&mut o, 0, ConflictSide::Theirs).unwrap();
    edit::resolve(&mut t, 0, ConflictSide::Ours).unwrap();
    for (m, ours) in [
        (merge3(&b, &o, &t), "Offboarding runbook"),
        (merge3(&b, &t, &o), "Offboarding checklist"),
    ] {
        assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
        assert_eq!(m.conflicts[0].location, format!("backlog {rb} title"));
        assert_eq!(m.conflicts[0].ours, ours);
        assert_eq!(m.workbook.backlog[0].title, ours, "ours in place");
    }
    // Settled the same way on both branches: it stays settled.
    let m = merge3(&b, &o, &o.clone());
    assert!(m.is_clean());
}

#[test]
fn a_criss_cross_merge_with_a_conflicted_virtual_base_never_picks_a_side() {
    // Two branches each merge the other's tip (criss-cross) and settle the title
    // differently; git's recursive strategy merges the two merge bases first and feeds that
    // virtual base, conflict record included, as BASE.
    let (virtual_base, one, two) = with_title_conflict();
    let rb = one.backlog[0].id.clone();
    let mut a = merge3(&virtual_base, &one, &two).workbook;
    edit::resolve(&mut a, 0, ConflictSide::Ours).unwrap();
    let mut b = merge3(&virtual_base, &two, &one).workbook;
    edit::resolve(&mut b, 0, ConflictSide::Ours).unwrap();
    assert_eq!(a.backlog[0].title, "Offboarding checklist");
    assert_eq!(b.backlog[0].title, "Offboarding runbook");
    a.organization.industry = "fintech".into();

    let m = merge3(&virtual_base, &a, &b);
    assert_eq!(
        m.conflicts,
        vec![Conflict {
            location: format!("backlog {rb} title"),
            ours: "Offboarding checklist".into(),
            theirs: "Offboarding runbook".into(),
        }]
    );
    assert_eq!(m.workbook.organization.industry, "fintech");
    let m = merge3(&virtual_base, &b, &a);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.workbook.backlog[0].title, "Offboarding runbook");
}

#[test]
fn an_id_minted_on_both_branches_is_a_conflict_not_a_duplicate() {
    let b = base();
    let (mut o, mut t) = (b.clone(), b.clone());
    let add = |wb: &mut Workbook, item: &str| {
        let ev = NewEvidence {
            reference: format!("{item}.pdf"),
            ..NewEvidence::default()
        };
        // The same seed on both branches mints the same id: a one-in-a-million collision.
        let mut rng = fastrand::Rng::with_seed(3);
        edit::add_evidence(catalog(), wb, &key(item), ev, d("2026-12-01"), &mut rng).unwrap()
    };
    let id = add(&mut o, "mfa-everywhere");
    assert_eq!(add(&mut t, "access-review-quarterly"), id);
    let m = merge3(&b, &o, &t);
    assert!(!m.is_clean());
    let k = key("access-review-quarterly");
    assert_eq!(
        m.conflicts[0].location,
        format!(
            "checklist {} access-review-quarterly evidence {id}",
            k.criterion
        )
    );
    assert_eq!(m.conflicts[0].ours, DELETED);
    let without = Workbook {
        conflicts: Vec::new(),
        ..m.workbook.clone()
    };
    assert!(findings(&without).is_empty(), "{:?}", findings(&without));
}

/// `soc2 merge` writes its result without re-reading it: this is the proof it relies on
/// for a large generated workbook merged with conflicts (the property tests cover small
/// arbitrary ones): the canonical text parses back to the very same workbook.
#[test]
fn a_large_merge_with_conflicts_round_trips_through_its_canonical_text() {
    let today = "2026-11-22".parse().unwrap();
    let b = crate::sample::large_workbook(400, 800, 3, today);
    let (mut o, mut t) = (b.clone(), b.clone());
    for (i, item) in o.backlog.iter_mut().enumerate().step_by(7) {
        item.title = format!("ours {i}");
    }
    for (i, item) in t.backlog.iter_mut().enumerate().step_by(5) {
        item.title = format!("theirs \"{i}\" \u{1b}");
    }
    let m = merge3(&b, &o, &t);
    assert!(!m.is_clean());
    let text = crate::store::to_canonical(&m.workbook);
    let back = crate::store::parse(&text, std::path::Path::new("merged.ron")).unwrap();
    assert_eq!(back, m.workbook);
    assert_eq!(crate::store::to_canonical(&back), text);
}
