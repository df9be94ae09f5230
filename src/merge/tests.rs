use proptest::prelude::*;

use super::*;
use crate::catalog::catalog;
use crate::cli::starter_workbook;
use crate::edit::{self, ConflictSide, ItemKey, NewBacklogItem, NewEvidence};
use crate::model::{
    Answer, BacklogStatus, Date, ItemStatus, Member, MilestoneStatus, Priority, Subservice,
};

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
        });
    }
    add_backlog(&mut wb, "Formalize offboarding", 1);
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
    theirs.scope.subservices.push(Subservice {
        name: "Amazon Web Services".into(),
        ..Subservice::default()
    });
    ours.scope.boundary.products.push("api".into());
    theirs.scope.boundary.products.push("web".into());

    let merged = merge3(&base, &ours, &theirs);
    let wb = &merged.workbook;
    assert_eq!(wb.scope.boundary.products, vec!["api", "web"]);
    assert_eq!(wb.scope.subservices.len(), 1);
    assert_eq!(wb.scope.answers.get("uptime_sla"), Some(&Answer::Yes));
    assert_eq!(
        merged.conflicts,
        vec![Conflict {
            location: "scope answer uptime_sla".into(),
            ours: "Yes".into(),
            theirs: "No".into(),
        }]
    );

    // A field of a subservice whose name has spaces still resolves.
    let mut a = wb.clone();
    let mut b = wb.clone();
    a.scope.subservices[0].reviewed = Some(d("2027-01-01"));
    b.scope.subservices[0].reviewed = Some(d("2027-02-01"));
    let m = merge3(wb, &a, &b);
    assert_eq!(
        m.conflicts[0].location,
        "subservice \"Amazon Web Services\" reviewed"
    );
    let mut settled = m.workbook.clone();
    let last = settled.conflicts.len() - 1;
    edit::resolve(&mut settled, last, ConflictSide::Theirs).unwrap();
    assert_eq!(settled.scope.subservices[0].reviewed, Some(d("2027-02-01")));
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
        Loc::Subservice("Amazon \"Web\" Services".into(), None),
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
    DeleteBacklog(usize),
    Milestone(usize, i64),
    Evidence(usize, u64),
    Answer(bool),
}

const ITEMS: [&str; 4] = [
    "mfa-everywhere",
    "access-review-quarterly",
    "offboarding-revocation-sla",
    "mfa-everywhere",
];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..4usize, 0..4usize).prop_map(|(i, s)| Op::Status(i, s)),
        (0..4usize, any::<bool>()).prop_map(|(i, b)| Op::Owner(i, b)),
        any::<u64>().prop_map(Op::AddBacklog),
        (0..4usize, 0..4usize).prop_map(|(i, s)| Op::BacklogStatus(i, s)),
        (0..4usize).prop_map(Op::DeleteBacklog),
        (0..6usize, -30..30i64).prop_map(|(i, n)| Op::Milestone(i, n)),
        (0..4usize, any::<u64>()).prop_map(|(i, s)| Op::Evidence(i, s)),
        any::<bool>().prop_map(Op::Answer),
    ]
}

fn apply(wb: &mut Workbook, ops: &[Op]) {
    let today = d("2026-12-01");
    for op in ops {
        match op {
            Op::Status(i, s) => {
                let _ =
                    edit::set_item_status(wb, &key(ITEMS[*i]), ItemStatus::ALL[*s], Some("why"));
            }
            Op::Owner(i, b) => {
                let who = if *b { Some("maria") } else { None };
                let _ = edit::set_item_owner(wb, &key(ITEMS[*i]), who);
            }
            Op::AddBacklog(seed) => {
                add_backlog(wb, "Generated", *seed);
            }
            Op::BacklogStatus(i, s) => {
                if let Some(id) = wb.backlog.get(*i).map(|b| b.id.clone()) {
                    let _ = edit::set_backlog_status(wb, &id, BacklogStatus::ALL[*s], today);
                }
            }
            Op::DeleteBacklog(i) => {
                if let Some(id) = wb.backlog.get(*i).map(|b| b.id.clone()) {
                    let _ = edit::delete_backlog_item(wb, &id);
                }
            }
            Op::Milestone(i, n) => {
                if let Some(m) = wb.milestones.get_mut(*i) {
                    m.end = m.end.add_days(*n);
                }
            }
            Op::Evidence(i, seed) => {
                let ev = NewEvidence {
                    reference: format!("SEC-{seed}"),
                    ..NewEvidence::default()
                };
                let mut rng = fastrand::Rng::with_seed(*seed);
                let _ = edit::add_evidence(catalog(), wb, &key(ITEMS[*i]), ev, today, &mut rng);
            }
            Op::Answer(yes) => {
                let a = if *yes { Answer::Yes } else { Answer::No };
                wb.scope.answers.insert("uptime_sla".into(), a);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

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
