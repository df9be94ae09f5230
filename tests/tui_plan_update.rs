//! `App::update` for the Backlog and Timeline views and the `/` finder, on the bundled
//! example workbook with today pinned: every new action changes what a user would see.

mod tui_support;

use std::path::{Path, PathBuf};

use soc2_workbook::analysis::backlog::{BacklogColumn, OwnerFilter, SortDirection, StatusFilter};
use soc2_workbook::analysis::schedule::replan;
use soc2_workbook::edit;
use soc2_workbook::finder::HitKind;
use soc2_workbook::model::{BacklogStatus, Date, MilestoneStatus, Phase, Priority, Workbook};
use soc2_workbook::store;
use soc2_workbook::tui::action::Action;
use soc2_workbook::tui::app::{App, Document, Effect};
use soc2_workbook::tui::msg::Goto;
use soc2_workbook::tui::popup::{Chosen, Popup};
use soc2_workbook::tui::prefs::Prefs;
use soc2_workbook::tui::theme::Theme;
use soc2_workbook::tui::views::View;
use soc2_workbook::tui::views::{backlog, checklist, scoping, timeline};
use tui_support::{draw, press, type_text};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn example() -> Workbook {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks/example.ron");
    store::load(&path).unwrap().workbook
}

fn app_on(wb: Workbook) -> App {
    let doc = Document::new(wb, PathBuf::from("workbooks/example.ron"));
    let mut app = App::new(doc, d("2026-12-10"), Theme::color(), Prefs::default());
    app.seed(3);
    app.size = ratatui::layout::Rect::new(0, 0, 100, 30);
    app
}

fn app() -> App {
    app_on(example())
}

fn backlog_app() -> App {
    let mut app = app();
    press(&mut app, "4");
    app
}

fn selected(app: &App) -> String {
    backlog::selected_item(app).unwrap().id.clone()
}

fn select(app: &mut App, id: &str) {
    app.goto(&Goto::BacklogItem(id.to_string()));
    assert_eq!(selected(app), id);
}

fn ids(app: &App) -> Vec<String> {
    backlog::rows(app)
        .iter()
        .map(|&i| app.wb().backlog[i].id.clone())
        .collect()
}

fn item<'a>(app: &'a App, id: &str) -> &'a soc2_workbook::model::BacklogItem {
    app.wb().backlog_item(id).unwrap()
}

#[test]
fn sort_cycles_columns_flips_and_keeps_the_selection() {
    let mut app = backlog_app();
    select(&mut app, "RB-e6ys");
    assert_eq!(app.backlog.sort, None);
    press(&mut app, "s");
    assert_eq!(
        app.backlog.sort,
        Some((BacklogColumn::Id, SortDirection::Ascending))
    );
    for _ in 0..6 {
        press(&mut app, "s");
    }
    assert_eq!(
        app.backlog.sort,
        Some((BacklogColumn::Due, SortDirection::Ascending))
    );
    let order = ids(&app);
    assert_eq!(
        order.first().map(String::as_str),
        Some("RB-e6ys"),
        "earliest due first"
    );
    assert_eq!(selected(&app), "RB-e6ys", "the selection follows the item");
    press(&mut app, "S");
    assert_eq!(
        app.backlog.sort,
        Some((BacklogColumn::Due, SortDirection::Descending))
    );
    assert_eq!(ids(&app)[0], "RB-w5bj", "latest due first");
    assert_eq!(selected(&app), "RB-e6ys");
    press(&mut app, "s");
    assert_eq!(app.backlog.sort, None, "after the last column: file order");
    assert_eq!(ids(&app)[0], "RB-k3fz");
}

#[test]
fn a_click_on_a_header_sorts_by_it_and_a_second_click_flips() {
    let mut app = backlog_app();
    draw(&mut app, 100, 30);
    // The header row is the first row inside the table's border: tab bar 0, border 1.
    let cols = backlog::columns(98);
    let pri = cols
        .iter()
        .find(|c| c.column == Some(BacklogColumn::Priority))
        .unwrap();
    let click = Action::Click {
        column: 1 + pri.x,
        row: 2,
    };
    app.update(click);
    assert_eq!(
        app.backlog.sort,
        Some((BacklogColumn::Priority, SortDirection::Ascending))
    );
    assert_eq!(item(&app, &ids(&app)[0]).priority, Priority::P1);
    app.update(click);
    assert_eq!(
        app.backlog.sort,
        Some((BacklogColumn::Priority, SortDirection::Descending))
    );
    assert_eq!(item(&app, &ids(&app)[0]).priority, Priority::P3);
}

#[test]
fn filters_cycle_by_status_owner_and_priority_and_clear() {
    let mut app = backlog_app();
    press(&mut app, "f");
    assert_eq!(
        app.backlog.filter.status,
        Some(StatusFilter::Is(BacklogStatus::Open))
    );
    assert!(
        ids(&app)
            .iter()
            .all(|id| item(&app, id).status == BacklogStatus::Open)
    );
    assert_eq!(ids(&app).len(), 6);
    for _ in 0..4 {
        press(&mut app, "f");
    }
    assert_eq!(app.backlog.filter.status, Some(StatusFilter::Unfinished));
    assert_eq!(ids(&app).len(), 9, "everything but the done item");
    press(&mut app, "f");
    assert_eq!(app.backlog.filter.status, None);

    press(&mut app, "O");
    let first = app.wb().team[0].id.clone();
    assert_eq!(
        app.backlog.filter.owner,
        Some(OwnerFilter::Member(first.clone()))
    );
    assert!(
        ids(&app)
            .iter()
            .all(|id| item(&app, id).owner.as_deref() == Some(first.as_str()))
    );

    press(&mut app, "P");
    assert_eq!(app.backlog.filter.priority, Some(Priority::P1));
    let t = tui_support::text(&draw(&mut app, 120, 40));
    assert!(
        t.contains("owner: ") && t.contains("priority: P1"),
        "filters in the title:\n{t}"
    );
    press(&mut app, "F");
    assert!(app.backlog.filter.is_empty());
    assert_eq!(ids(&app).len(), 10);
}

#[test]
fn the_rows_are_computed_once_per_workbook_revision_filter_and_sort() {
    let mut app = backlog_app();
    draw(&mut app, 100, 30);
    let n = app.backlog.computed.get();
    draw(&mut app, 100, 30);
    draw(&mut app, 120, 40);
    press(&mut app, "↓");
    assert_eq!(
        app.backlog.computed.get(),
        n,
        "no recomputation per frame or move"
    );
    press(&mut app, "s");
    draw(&mut app, 100, 30);
    assert_eq!(app.backlog.computed.get(), n + 1);
    press(&mut app, "-");
    draw(&mut app, 100, 30);
    assert_eq!(app.backlog.computed.get(), n + 2, "an edit recomputes");
}

#[test]
fn ten_thousand_items_render_without_recomputing_per_frame() {
    let wb = soc2_workbook::sample::large_workbook(10_000, 0, 5, d("2026-12-10"));
    let mut app = app_on(wb);
    press(&mut app, "4");
    press(&mut app, "s");
    press(&mut app, "G");
    let n = app.backlog.computed.get();
    let t = tui_support::text(&draw(&mut app, 120, 40));
    assert!(t.contains("10000 items"), "{t}");
    draw(&mut app, 120, 40);
    press(&mut app, "↑");
    draw(&mut app, 120, 40);
    assert_eq!(app.backlog.computed.get(), n);
    assert_eq!(
        backlog::selected_pos(&app.doc.workbook, app.doc.generation, &app.backlog),
        9_998
    );
}

#[test]
fn the_add_form_creates_an_item_and_keeps_the_values_when_refused() {
    let mut app = backlog_app();
    press(&mut app, "a");
    assert!(matches!(app.popups.last(), Some(Popup::Form(_))));
    type_text(&mut app, "Rotate the root credentials");
    press(&mut app, "tab");
    type_text(&mut app, "CC6.1");
    press(&mut app, "tab");
    type_text(&mut app, "nobody-here");
    press(&mut app, "tab");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "2027-02-01");
    press(&mut app, "enter");
    // The owner is not on the team: the form comes back with the reason and the values.
    let Some(Popup::Form(form)) = app.popups.last() else {
        panic!("the form stays open when refused");
    };
    assert!(
        form.error
            .as_ref()
            .is_some_and(|e| e.message.contains("nobody-here")),
        "{:?}",
        form.error
    );
    assert_eq!(form.fields[0].input.text, "Rotate the root credentials");
    assert_eq!(form.focus, 2, "the cursor waits in the owner field");
    assert_eq!(app.wb().backlog.len(), 10);
    press(&mut app, "ctrl-u");
    type_text(&mut app, "marco");
    press(&mut app, "enter");
    assert!(app.popups.is_empty());
    assert_eq!(app.wb().backlog.len(), 11);
    let id = selected(&app);
    let b = item(&app, &id);
    assert_eq!(b.title, "Rotate the root credentials");
    assert_eq!(b.criteria, vec!["CC6.1"]);
    assert_eq!(b.owner.as_deref(), Some("marco"));
    assert_eq!(b.due, Some(d("2027-02-01")));
    assert_eq!(b.priority, Priority::P1, "suggested from CC6");
    assert_eq!(b.created, d("2026-12-10"));

    // A bad date is refused before anything changes.
    press(&mut app, "a");
    type_text(&mut app, "Another");
    press(&mut app, "tab");
    press(&mut app, "tab");
    press(&mut app, "tab");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "2027-13-45");
    press(&mut app, "enter");
    let Some(Popup::Form(form)) = app.popups.last() else {
        panic!("form expected");
    };
    assert!(
        form.error
            .as_ref()
            .is_some_and(|e| e.message.contains("due date"))
    );
    assert_eq!(form.focus, 3);
    press(&mut app, "esc");
    assert_eq!(app.wb().backlog.len(), 11);
}

#[test]
fn title_and_description_are_edited() {
    let mut app = backlog_app();
    select(&mut app, "RB-h8tw");
    press(&mut app, "e");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "Restore test, documented");
    press(&mut app, "enter");
    assert_eq!(item(&app, "RB-h8tw").title, "Restore test, documented");
    press(&mut app, "E");
    let Some(Effect::EditBacklogDescription(id, before)) = app.effect.take() else {
        panic!("the description opens in $EDITOR");
    };
    assert_eq!(id, "RB-h8tw");
    assert!(before.starts_with("Restore the production"));
    app.finish_editor(
        Effect::EditBacklogDescription(id, before),
        "Line one\nLine two\n".into(),
    );
    assert_eq!(item(&app, "RB-h8tw").description, "Line one\nLine two");
    assert_eq!(item(&app, "RB-h8tw").title, "Restore test, documented");
}

#[test]
fn delete_asks_first_and_undo_brings_it_back() {
    let mut app = backlog_app();
    select(&mut app, "RB-v2nd");
    press(&mut app, "X");
    let Some(Popup::Confirm(c)) = app.popups.last() else {
        panic!("confirmation expected");
    };
    assert!(c.message.contains("RB-v2nd"));
    press(&mut app, "esc");
    assert!(app.wb().backlog_item("RB-v2nd").is_some(), "no keeps it");
    press(&mut app, "del");
    press(&mut app, "enter");
    assert!(app.wb().backlog_item("RB-v2nd").is_none());
    assert_eq!(app.wb().backlog.len(), 9);
    press(&mut app, "u");
    assert!(app.wb().backlog_item("RB-v2nd").is_some());
}

#[test]
fn single_keys_set_status_owner_and_priority() {
    let mut app = backlog_app();
    select(&mut app, "RB-7mqa");
    press(&mut app, "d");
    let b = item(&app, "RB-7mqa");
    assert_eq!(b.status, BacklogStatus::Done);
    assert_eq!(b.done, Some(d("2026-12-10")));
    assert_eq!(b.history.last().unwrap().date, d("2026-12-10"));
    press(&mut app, "b");
    assert_eq!(item(&app, "RB-7mqa").status, BacklogStatus::Blocked);
    assert_eq!(item(&app, "RB-7mqa").done, None);

    press(&mut app, "o");
    let Some(Popup::Pick(pick)) = app.popups.last() else {
        panic!("owner picker expected");
    };
    let lena = pick
        .options
        .iter()
        .position(|c| c.value == Chosen::Value("lena".into()))
        .unwrap();
    assert_eq!(
        pick.options[pick.selected].value,
        Chosen::Value("aisha".into()),
        "starts on the owner"
    );
    let steps = lena as i64 - pick.selected as i64;
    for _ in 0..steps.unsigned_abs() {
        app.update(if steps > 0 { Action::Down } else { Action::Up });
    }
    press(&mut app, "enter");
    assert_eq!(item(&app, "RB-7mqa").owner.as_deref(), Some("lena"));

    assert_eq!(item(&app, "RB-7mqa").priority, Priority::P1);
    press(&mut app, "-");
    press(&mut app, "-");
    assert_eq!(item(&app, "RB-7mqa").priority, Priority::P3);
    let t = tui_support::text(&draw(&mut app, 120, 40));
    assert!(
        t.contains("Suggested priority from the linked criteria: P1"),
        "{t}"
    );
    press(&mut app, "=");
    assert_eq!(item(&app, "RB-7mqa").priority, Priority::P1);
    press(&mut app, "+");
    assert_eq!(
        item(&app, "RB-7mqa").priority,
        Priority::P1,
        "P1 is the top"
    );
}

#[test]
fn the_due_date_is_set_cleared_and_checked() {
    let mut app = backlog_app();
    select(&mut app, "RB-c4xe");
    press(&mut app, "D");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "2026-12-28");
    press(&mut app, "enter");
    assert_eq!(item(&app, "RB-c4xe").due, Some(d("2026-12-28")));
    press(&mut app, "D");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "someday");
    press(&mut app, "enter");
    assert!(app.message.as_ref().unwrap().error);
    assert_eq!(item(&app, "RB-c4xe").due, Some(d("2026-12-28")));
    press(&mut app, "D");
    press(&mut app, "ctrl-u");
    press(&mut app, "enter");
    assert_eq!(item(&app, "RB-c4xe").due, None);
}

#[test]
fn enter_on_a_link_opens_the_item_in_the_checklist() {
    let mut app = backlog_app();
    select(&mut app, "RB-7mqa");
    press(&mut app, "enter");
    assert_eq!(app.backlog.focus, backlog::Focus::Links);
    assert_eq!(backlog::links(&app).len(), 3, "CC8.1 and two items");
    press(&mut app, "↓");
    press(&mut app, "↓");
    press(&mut app, "enter");
    assert_eq!(app.view, View::Checklist);
    let key = checklist::selected_item(&app).unwrap();
    assert_eq!(
        (key.criterion.as_str(), key.item.as_str()),
        ("CC8.1", "branch-protection")
    );
    assert_eq!(app.checklist.focus, checklist::Focus::Items);
}

fn timeline_app() -> App {
    let mut app = app();
    press(&mut app, "5");
    app
}

fn select_phase(app: &mut App, phase: Phase) -> String {
    let pos = app
        .wb()
        .milestones
        .iter()
        .position(|m| m.phase == phase)
        .unwrap();
    timeline::select_row(&app.doc.workbook, &mut app.timeline, pos);
    app.wb().milestones[pos].id.clone()
}

#[test]
fn editing_a_milestones_dates_pins_it_and_status_and_notes_change() {
    let mut app = timeline_app();
    let id = select_phase(&mut app, Phase::Fieldwork);
    press(&mut app, "e");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "2027-07-12 2027-08-06");
    press(&mut app, "enter");
    let m = app.wb().milestones.iter().find(|m| m.id == id).unwrap();
    assert_eq!(
        (m.start, m.end, m.pinned),
        (d("2027-07-12"), d("2027-08-06"), true)
    );
    press(&mut app, "e");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "2027-08-06 2027-07-12");
    press(&mut app, "enter");
    assert!(
        app.message.as_ref().unwrap().error,
        "end before start is refused"
    );

    press(&mut app, "s");
    press(&mut app, "↓");
    press(&mut app, "enter");
    let m = app.wb().milestones.iter().find(|m| m.id == id).unwrap();
    assert_eq!(m.status, MilestoneStatus::InProgress);
    press(&mut app, "n");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "Auditor on site the second week");
    press(&mut app, "enter");
    let m = app.wb().milestones.iter().find(|m| m.id == id).unwrap();
    assert_eq!(m.notes, "Auditor on site the second week");
    press(&mut app, "x");
    assert!(
        !app.wb()
            .milestones
            .iter()
            .find(|m| m.id == id)
            .unwrap()
            .pinned
    );
}

#[test]
fn a_scope_change_offers_a_re_plan_that_keeps_pinned_dates() {
    let mut app = app();
    // A person pins the fieldwork; then, in Scoping, the target date moves later.
    let fieldwork = select_phase(&mut app, Phase::Fieldwork);
    app.edit("pin", |wb, _| {
        edit::set_milestone_dates(wb, &fieldwork, d("2027-07-12"), d("2027-08-06"))
    });
    press(&mut app, "2");
    app.edit("target", |wb, _| {
        edit::set_target_report_date(wb, Some(d("2027-10-29")));
        Ok(())
    });
    press(&mut app, "↓");
    assert!(app.popups.is_empty(), "no offer outside the Timeline");
    press(&mut app, "5");
    let Some(Popup::Replan(r)) = app.popups.last() else {
        panic!("arriving in the Timeline after a scope change offers a re-plan");
    };
    let expected = replan(app.wb(), app.today);
    assert_eq!(r.moves, expected);
    let kept = r
        .moves
        .iter()
        .find(|m| m.milestone.as_deref() == Some(fieldwork.as_str()));
    assert!(
        kept.is_some_and(|m| m.kept.is_some()),
        "the pinned one is listed as kept"
    );
    let t = tui_support::text(&draw(&mut app, 120, 40));
    assert!(
        t.contains("Audit fieldwork: kept (dates set by a person)"),
        "{t}"
    );
    press(&mut app, "enter");
    assert!(app.popups.is_empty());
    let wb = app.wb();
    let f = wb.milestones.iter().find(|m| m.id == fieldwork).unwrap();
    assert_eq!(
        (f.start, f.end),
        (d("2027-07-12"), d("2027-08-06")),
        "pinned stays"
    );
    for mv in expected.iter().filter(|m| m.kept.is_none()) {
        let m = match mv.milestone.as_deref() {
            Some(id) => wb.milestones.iter().find(|m| m.id == id).unwrap(),
            // A step the older plan lacked (the engagement letter, the internal test…).
            None => wb.milestones.iter().find(|m| m.name == mv.name).unwrap(),
        };
        assert_eq!(Some((m.start, m.end)), mv.to, "{} moved", m.name);
    }
    let report = wb
        .milestones
        .iter()
        .find(|m| m.phase == Phase::Report)
        .unwrap();
    assert!(report.end <= d("2027-10-29"));
    // Offered once: moving around does not ask again; r asks on demand.
    press(&mut app, "4");
    press(&mut app, "5");
    assert!(app.popups.is_empty());
    // Asked for, the re-plan offers what the scoping answers suggest (the example's
    // "within months" deadline suggests a 3-month window) instead of saying nothing moves.
    press(&mut app, "r");
    let Some(Popup::Replan(r)) = app.popups.last() else {
        panic!("the answers' suggestion is offered");
    };
    assert!(r.intro.contains("suggest a 3-month window"), "{}", r.intro);
    press(&mut app, "esc");
    assert_eq!(
        app.wb().scope.observation_months,
        Some(6),
        "declined: unchanged"
    );
}

#[test]
fn the_scoping_answers_suggestions_are_applied_with_one_key_and_a_type_i_comes_first() {
    let mut wb = example();
    wb.scope.answers.insert(
        "report_deadline".into(),
        soc2_workbook::model::Answer::Choice("within_weeks".into()),
    );
    let mut app = app_on(wb);
    press(&mut app, "5");
    press(&mut app, "r");
    let Some(Popup::Replan(r)) = app.popups.last() else {
        panic!("r offers the suggestions");
    };
    assert!(r.intro.contains("suggest a Type I"), "{}", r.intro);
    press(&mut app, "enter");
    let wb = app.wb();
    assert_eq!(
        wb.scope.report_type,
        soc2_workbook::model::ReportType::TypeI
    );
    assert!(
        wb.milestones.iter().all(|m| m.phase != Phase::Observation),
        "a Type I has no window"
    );
    let as_of = wb
        .milestones
        .iter()
        .find(|m| m.phase == Phase::Remediation)
        .unwrap()
        .end;
    let next = wb
        .milestones
        .iter()
        .find(|m| m.phase == Phase::Renewal)
        .unwrap();
    assert_eq!(
        next.start,
        as_of.add_days(1),
        "the Type II window opens the day after the Type I's as-of date"
    );
    for m in wb
        .milestones
        .iter()
        .filter(|m| m.status != MilestoneStatus::Done)
    {
        assert!(
            m.end >= d("2026-12-10"),
            "{} is not done but ends in the past",
            m.name
        );
    }
}

#[test]
fn declining_a_re_plan_changes_nothing() {
    let mut app = timeline_app();
    app.edit("window", |wb, _| edit::set_observation_months(wb, 12));
    press(&mut app, "↓");
    let before = app.wb().milestones.clone();
    let Some(Popup::Replan(_)) = app.popups.last() else {
        panic!("offer expected");
    };
    press(&mut app, "esc");
    assert_eq!(app.wb().milestones, before);
    press(&mut app, "r");
    assert!(
        matches!(app.popups.last(), Some(Popup::Replan(_))),
        "r offers it again"
    );
}

#[test]
fn coverage_rows_open_their_control_in_the_checklist() {
    let mut app = timeline_app();
    press(&mut app, "→");
    assert_eq!(app.timeline.focus, timeline::Focus::Coverage);
    press(&mut app, "↓");
    let c = timeline::coverage_of(&app)[1].clone();
    press(&mut app, "enter");
    assert_eq!(app.view, View::Checklist);
    let key = checklist::selected_item(&app).unwrap();
    assert_eq!((key.criterion, key.item), (c.criterion, c.item));
}

fn find(app: &mut App, query: &str) -> Vec<HitKind> {
    press(app, "/");
    type_text(app, query);
    let Some(Popup::Finder(f)) = app.popups.last() else {
        panic!("finder expected");
    };
    f.hits.iter().map(|h| h.kind).collect()
}

#[test]
fn the_finder_opens_everywhere_and_jumps_to_each_kind() {
    // A backlog item, from the Timeline.
    let mut app = timeline_app();
    assert_eq!(find(&mut app, "RB-k3fz")[0], HitKind::Backlog);
    press(&mut app, "enter");
    assert!(app.popups.is_empty());
    assert_eq!(app.view, View::Backlog);
    assert_eq!(selected(&app), "RB-k3fz");

    // A backlog item hidden by a filter: the filter is cleared.
    press(&mut app, "P");
    press(&mut app, "P");
    find(&mut app, "RB-k3fz");
    press(&mut app, "enter");
    assert!(app.backlog.filter.is_empty());
    assert_eq!(selected(&app), "RB-k3fz");

    // A criterion.
    assert_eq!(find(&mut app, "CC6.2")[0], HitKind::Criterion);
    press(&mut app, "enter");
    assert_eq!(app.view, View::Checklist);
    assert_eq!(
        checklist::selected_criterion(app.wb(), &app.checklist)
            .unwrap()
            .id,
        "CC6.2"
    );

    // A checklist item, with its criterion.
    assert_eq!(find(&mut app, "branch-protection")[0], HitKind::Item);
    press(&mut app, "enter");
    let key = checklist::selected_item(&app).unwrap();
    assert_eq!(key.item, "branch-protection");
    assert_eq!(app.checklist.focus, checklist::Focus::Items);

    // A milestone.
    let kinds = find(&mut app, "observation window");
    assert_eq!(kinds[0], HitKind::Milestone);
    press(&mut app, "enter");
    assert_eq!(app.view, View::Timeline);
    assert_eq!(
        timeline::selected_milestone(app.wb(), &app.timeline)
            .unwrap()
            .phase,
        Phase::Observation
    );

    // A team member: their backlog.
    assert_eq!(find(&mut app, "aisha")[0], HitKind::Member);
    press(&mut app, "enter");
    assert_eq!(app.view, View::Backlog);
    assert_eq!(
        app.backlog.filter.owner,
        Some(OwnerFilter::Member("aisha".into()))
    );
    assert!(
        ids(&app)
            .iter()
            .all(|id| item(&app, id).owner.as_deref() == Some("aisha"))
    );

    // A scoping question.
    assert_eq!(find(&mut app, "uptime_sla")[0], HitKind::Question);
    press(&mut app, "enter");
    assert_eq!(app.view, View::Scoping);
    let rows = scoping::rows(app.wb());
    let Some(scoping::Row::Question(q)) =
        rows.get(scoping::selected_index(app.wb(), &rows, &app.scoping))
    else {
        panic!("a question row is selected");
    };
    assert_eq!(
        soc2_workbook::catalog::scoping::questionnaire().questions[*q].id,
        "uptime_sla"
    );
}

#[test]
fn the_finder_index_is_built_once_per_revision_and_esc_closes() {
    let mut app = app();
    find(&mut app, "revoke access");
    assert_eq!(app.finder.builds, 1, "typing queries, it does not rebuild");
    press(&mut app, "↓");
    press(&mut app, "backspace");
    let Some(Popup::Finder(f)) = app.popups.last() else {
        panic!("finder expected");
    };
    assert_eq!(f.input.text, "revoke acces");
    assert_eq!(f.selected, 0, "a new query starts at the best result");
    press(&mut app, "esc");
    assert!(app.popups.is_empty());
    assert_eq!(app.view, View::Dashboard, "esc goes nowhere");
    find(&mut app, "x");
    assert_eq!(app.finder.builds, 1, "same workbook, same index");
    press(&mut app, "esc");
    press(&mut app, "4");
    press(&mut app, "d");
    find(&mut app, "x");
    assert_eq!(app.finder.builds, 2, "an edit rebuilds it once");
}

#[test]
fn the_finder_finds_a_new_item_after_it_is_added() {
    let mut app = backlog_app();
    press(&mut app, "a");
    type_text(&mut app, "Quarterly firewall rule review");
    press(&mut app, "enter");
    let id = selected(&app);
    press(&mut app, "1");
    let kinds = find(&mut app, "firewall rule review");
    assert_eq!(kinds[0], HitKind::Backlog);
    press(&mut app, "enter");
    assert_eq!(selected(&app), id);
}

#[test]
fn a_gap_becomes_a_backlog_item_whose_due_date_is_marked_on_the_timeline() {
    let mut app = app();
    tui_support::open_criterion(&mut app, "CC1.5");
    tui_support::select(&mut app, "sanctions-applied");
    press(&mut app, "b");
    let id = app.wb().backlog.last().unwrap().id.clone();
    press(&mut app, "4");
    press(&mut app, "G");
    assert_eq!(selected(&app), id);
    press(&mut app, "T");
    assert_eq!(app.view, View::Timeline);
    assert_eq!(app.timeline.highlight.as_deref(), Some(id.as_str()));
    let m = &timeline::selected_milestone(app.wb(), &app.timeline).unwrap();
    assert_eq!(
        m.phase,
        Phase::Remediation,
        "the milestone the due date falls in"
    );
    let t = tui_support::text(&draw(&mut app, 120, 40));
    assert!(
        t.contains(&format!(
            "{id} due 2026-12-29, 7 days before the observation window opens"
        )),
        "{t}"
    );
    press(&mut app, "esc");
    assert_eq!(app.timeline.highlight, None);
    // Without a due date there is nothing to show.
    press(&mut app, "4");
    press(&mut app, "D");
    press(&mut app, "ctrl-u");
    press(&mut app, "enter");
    press(&mut app, "T");
    assert_eq!(app.view, View::Backlog);
    assert!(app.message.as_ref().unwrap().error);
}
