//! Selection by id: an edit that re-sorts a list, a reload that reorders or inserts rows,
//! and a deleted row, driven by keys as a person presses them. The cursor stays on the
//! thing the person chose (or moves to its neighbour when that thing is gone).

mod tui_support;

use std::path::{Path, PathBuf};

use soc2_workbook::analysis::backlog::{BacklogColumn, SortDirection};
use soc2_workbook::edit::{self, NewBacklogItem};
use soc2_workbook::model::{Date, Workbook};
use soc2_workbook::store;
use soc2_workbook::tui::app::App;
use soc2_workbook::tui::prefs::Prefs;
use soc2_workbook::tui::reload;
use soc2_workbook::tui::theme::Theme;
use soc2_workbook::tui::views::{backlog, checklist, team};
use tui_support::{open_criterion, press, select};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn example() -> Workbook {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks/example.ron");
    store::load(&path).unwrap().workbook
}

/// The example workbook in a temporary folder, opened as the app opens it.
struct OnDisk {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl OnDisk {
    fn new() -> OnDisk {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("example.ron");
        store::create(&path, &example()).unwrap();
        OnDisk { _dir: dir, path }
    }

    fn open(&self) -> App {
        let mut app = reload::open_app(
            &self.path,
            d("2026-12-10"),
            Theme::color(),
            Prefs::default(),
        )
        .unwrap();
        app.seed(3);
        app.size = ratatui::layout::Rect::new(0, 0, 100, 30);
        app
    }

    /// Someone else changes the file (a pull, a script).
    fn change(&self, f: impl FnOnce(&mut Workbook)) {
        let mut wb = store::load(&self.path).unwrap().workbook;
        f(&mut wb);
        store::save(&self.path, &wb).unwrap();
    }
}

fn selected(app: &App) -> String {
    backlog::selected_item(app).unwrap().id.clone()
}

/// The visible backlog ids, in table order.
fn ids(app: &App) -> Vec<String> {
    backlog::rows(app)
        .iter()
        .map(|&i| app.wb().backlog[i].id.clone())
        .collect()
}

/// Moves down the backlog until `id` is selected.
fn select_item(app: &mut App, id: &str) {
    press(app, "g");
    for _ in 0..app.wb().backlog.len() {
        if selected(app) == id {
            return;
        }
        press(app, "j");
    }
    panic!("{id} not reachable");
}

#[test]
fn an_edit_that_resorts_the_backlog_keeps_the_cursor_on_the_item() {
    let disk = OnDisk::new();
    let mut app = disk.open();
    press(&mut app, "4");
    app.backlog.sort = Some((BacklogColumn::Priority, SortDirection::Ascending));
    let order = ids(&app);
    // The last row: raising its priority moves it up the table.
    let id = order.last().unwrap().clone();
    select_item(&mut app, &id);
    let at = |app: &App| ids(app).iter().position(|x| *x == id).unwrap();
    for _ in 0..3 {
        press(&mut app, "+");
        if at(&app) != order.len() - 1 {
            break;
        }
    }
    assert!(
        at(&app) < order.len() - 1,
        "the priority change re-sorted the table"
    );
    assert_eq!(selected(&app), id, "the cursor followed the item");
}

#[test]
fn a_reload_that_reorders_and_inserts_items_keeps_the_cursor_on_the_item() {
    let disk = OnDisk::new();
    let mut app = disk.open();
    press(&mut app, "4");
    let order = ids(&app);
    let id = order[2].clone();
    select_item(&mut app, &id);
    disk.change(|wb| {
        wb.backlog.reverse();
        let mut rng = fastrand::Rng::with_seed(11);
        let new = NewBacklogItem {
            title: "Inserted by a pull".into(),
            ..NewBacklogItem::default()
        };
        edit::add_backlog_item(
            soc2_workbook::catalog::catalog(),
            wb,
            new,
            d("2026-12-10"),
            &mut rng,
        )
        .unwrap();
        let added = wb.backlog.pop().unwrap();
        wb.backlog.insert(0, added);
    });
    press(&mut app, "R");
    assert_ne!(ids(&app), order, "the file's order changed");
    assert_eq!(selected(&app), id, "the cursor stayed on {id}");
}

#[test]
fn a_deleted_selected_item_hands_the_cursor_to_its_neighbour() {
    let disk = OnDisk::new();
    let mut app = disk.open();
    press(&mut app, "4");
    let order = ids(&app);
    select_item(&mut app, &order[1]);
    press(&mut app, "X");
    press(&mut app, "enter");
    assert!(app.wb().backlog_item(&order[1]).is_none(), "deleted");
    assert_eq!(selected(&app), order[2], "the next item took its place");
    // Deleted on disk by someone else: the same.
    disk.change(|wb| {
        edit::delete_backlog_item(wb, &order[2]).unwrap();
    });
    // Our own unsaved delete is merged with theirs.
    press(&mut app, "R");
    assert_eq!(selected(&app), order[3]);
}

#[test]
fn a_reload_that_inserts_a_checklist_item_and_a_member_keeps_both_cursors() {
    let disk = OnDisk::new();
    let mut app = disk.open();
    open_criterion(&mut app, "CC6.1");
    let items = |app: &App| {
        let c = checklist::selected_criterion(app.wb(), &app.checklist).unwrap();
        checklist::visible_items(c, app.wb(), &app.checklist)
            .iter()
            .map(|i| i.id.to_string())
            .collect::<Vec<_>>()
    };
    let before = items(&app);
    let id = before[1].clone();
    select(&mut app, &id);
    press(&mut app, "6");
    press(&mut app, "j");
    let member = team::selected_member(app.wb(), &app.team)
        .unwrap()
        .id
        .clone();
    disk.change(|wb| {
        let mut rng = fastrand::Rng::with_seed(5);
        edit::add_custom_item(
            soc2_workbook::catalog::catalog(),
            wb,
            "CC6.1",
            "Inserted by a pull",
            None,
            &mut rng,
        )
        .unwrap();
        edit::add_member(wb, "aaron", "Aaron First", "").unwrap();
        let added = wb.team.pop().unwrap();
        wb.team.insert(0, added);
    });
    press(&mut app, "R");
    assert_eq!(
        team::selected_member(app.wb(), &app.team).unwrap().id,
        member,
        "the Team cursor stayed on {member}"
    );
    press(&mut app, "3");
    assert_eq!(
        checklist::selected_item(&app).unwrap().item,
        id,
        "the Checklist cursor stayed on {id}"
    );
}
