//! The Team view and "only mine", driven by keys through the keymap as a person types them.

mod tui_support;

use soc2_workbook::edit;
use soc2_workbook::tui::app::App;
use soc2_workbook::tui::popup::Popup;
use soc2_workbook::tui::views::View;
use tui_support::{draw, key, text};

fn press(app: &mut App, name: &str) {
    tui_support::press(app, name);
}

fn type_keys(app: &mut App, text: &str) {
    tui_support::type_text(app, text);
}

/// An app at 80×24 whose team has maria (owner of two items and a backlog item) and li.
fn team_app() -> App {
    let mut wb = tui_support::workbook();
    edit::add_member(&mut wb, "li", "Li Wei", "Engineer").unwrap();
    edit::set_item_owner(&mut wb, &key("CC6.1", "mfa-everywhere"), Some("maria")).ok();
    if let Some(b) = wb.backlog.first_mut() {
        b.owner = Some("maria".into());
    }
    let mut app = tui_support::app_with(wb, soc2_workbook::tui::theme::Theme::color());
    app.size = ratatui::layout::Rect::new(0, 0, 80, 24);
    app
}

fn screen(app: &mut App) -> String {
    text(&draw(app, 80, 24))
}

fn select(app: &mut App, handle: &str) {
    press(app, "6");
    press(app, "g");
    while soc2_workbook::tui::views::team::selected_member(app.wb(), &app.team)
        .is_some_and(|m| m.id != handle)
    {
        let before = app.team.selected.clone();
        press(app, "j");
        assert_ne!(before, app.team.selected, "{handle} not in the team");
    }
}

#[test]
fn key_6_opens_the_team_tab_listing_roles_and_what_each_owns() {
    let mut app = team_app();
    press(&mut app, "6");
    assert_eq!(app.view, View::Team);
    let s = screen(&mut app);
    assert!(s.contains("6 Team") || s.contains("Team"), "{s}");
    assert!(s.contains("Team · 2 members"), "{s}");
    let maria = s.lines().find(|l| l.contains("maria")).unwrap();
    assert!(
        maria.contains("Maria Lopez") && maria.contains("CTO"),
        "{maria}"
    );
    let owned = edit::owned_by(app.wb(), "maria");
    assert!(owned.items >= 1 && owned.backlog == 1, "{owned:?}");
    let counts = |l: &str| {
        let words: Vec<&str> = l.trim_end_matches('│').split_whitespace().collect();
        words[words.len() - 2..].join(" ")
    };
    assert_eq!(
        counts(maria),
        format!("{} {}", owned.items, owned.backlog),
        "{maria}"
    );
    assert!(s.contains("Items Backlog"), "{s}");
    let li = s.lines().find(|l| l.contains("li ")).unwrap();
    assert!(li.contains("Engineer") && counts(li) == "0 0", "{li}");
}

#[test]
fn add_rename_role_and_dates_are_keys_in_the_team_view() {
    let mut app = team_app();
    press(&mut app, "6");
    press(&mut app, "a");
    type_keys(&mut app, "sam, Sam Roe, Ops");
    press(&mut app, "enter");
    let sam = app.wb().member("sam").cloned().unwrap();
    assert_eq!((sam.name.as_str(), sam.role.as_str()), ("Sam Roe", "Ops"));
    assert_eq!(
        soc2_workbook::tui::views::team::selected_member(app.wb(), &app.team).map(|m| m.id.clone()),
        Some("sam".into())
    );

    press(&mut app, "e");
    press(&mut app, "ctrl-u");
    type_keys(&mut app, "Samantha Roe");
    press(&mut app, "enter");
    press(&mut app, "r");
    press(&mut app, "ctrl-u");
    type_keys(&mut app, "Head of Ops");
    press(&mut app, "enter");
    press(&mut app, "J");
    type_keys(&mut app, "2026-03-01");
    press(&mut app, "enter");
    press(&mut app, "L");
    press(&mut app, "ctrl-u");
    type_keys(&mut app, "2026-11-30");
    press(&mut app, "enter");

    let sam = app.wb().member("sam").cloned().unwrap();
    assert_eq!(sam.id, "sam", "the handle never changes");
    assert_eq!(sam.name, "Samantha Roe");
    assert_eq!(sam.role, "Head of Ops");
    assert_eq!(sam.joined, Some("2026-03-01".parse().unwrap()));
    assert_eq!(sam.left, Some("2026-11-30".parse().unwrap()));
    let s = screen(&mut app);
    let row = s.lines().find(|l| l.contains("sam ")).unwrap();
    assert!(
        row.contains("(left)") && row.contains("2026-11-30"),
        "{row}"
    );
    assert!(s.contains("3 members, 1 left"), "{s}");

    press(&mut app, "u");
    assert_eq!(app.wb().member("sam").and_then(|m| m.left), None);
}

#[test]
fn a_bad_date_or_leaving_before_joining_is_refused_with_the_reason() {
    let mut app = team_app();
    select(&mut app, "li");
    press(&mut app, "J");
    type_keys(&mut app, "2026-05-01");
    press(&mut app, "enter");
    press(&mut app, "L");
    press(&mut app, "ctrl-u");
    type_keys(&mut app, "2026-04-01");
    press(&mut app, "enter");
    assert_eq!(app.wb().member("li").and_then(|m| m.left), None);
    let msg = app.message.clone().unwrap();
    assert!(msg.error && msg.text.contains("before joining"), "{msg:?}");
    press(&mut app, "L");
    press(&mut app, "ctrl-u");
    type_keys(&mut app, "someday");
    press(&mut app, "enter");
    assert!(
        app.message.as_ref().is_some_and(|m| m.error),
        "{:?}",
        app.message
    );
    assert_eq!(app.wb().member("li").and_then(|m| m.left), None);
}

#[test]
fn removing_a_member_asks_whom_their_items_go_to_then_confirms_by_handle() {
    let mut app = team_app();
    let before = app.wb().clone();
    let owned = edit::owned_by(app.wb(), "maria");
    select(&mut app, "maria");
    press(&mut app, "X");
    let s = screen(&mut app);
    assert!(s.contains("Who takes over maria's"), "{s}");
    assert!(s.contains("Li Wei (li)") && s.contains("(nobody)"), "{s}");
    press(&mut app, "enter");
    let Some(Popup::Confirm(c)) = app.popups.last() else {
        panic!("no confirmation: {:?}", app.popups.len());
    };
    assert!(
        c.message.contains("Remove maria") && c.message.contains("go to li"),
        "{}",
        c.message
    );
    assert_eq!(app.wb(), &before, "nothing changes before the answer");
    press(&mut app, "y");
    assert!(app.wb().member("maria").is_none());
    let li = edit::owned_by(app.wb(), "li");
    assert_eq!((li.items, li.backlog), (owned.items, owned.backlog));
    assert!(app.message.as_ref().unwrap().text.contains("removed maria"));

    press(&mut app, "u");
    assert_eq!(
        app.wb(),
        &before,
        "one undo brings maria and her items back"
    );
}

#[test]
fn removing_to_nobody_leaves_the_items_unowned_and_n_keeps_everything() {
    let mut app = team_app();
    let before = app.wb().clone();
    select(&mut app, "maria");
    press(&mut app, "X");
    press(&mut app, "G");
    press(&mut app, "enter");
    press(&mut app, "n");
    assert_eq!(app.wb(), &before);
    press(&mut app, "X");
    press(&mut app, "G");
    press(&mut app, "enter");
    press(&mut app, "y");
    assert!(app.wb().member("maria").is_none());
    assert_eq!(edit::owned_by(app.wb(), "maria"), edit::Owned::default());
    assert!(app.wb().backlog.iter().all(|b| b.owner.is_none()));
}

#[test]
fn only_mine_needs_who_you_are_and_filters_checklist_and_backlog() {
    let mut app = team_app();
    press(&mut app, "3");
    press(&mut app, "M");
    let msg = app.message.clone().unwrap();
    assert!(msg.error && msg.text.contains("Team view (6)"), "{msg:?}");

    select(&mut app, "maria");
    let before = app.wb().clone();
    press(&mut app, "m");
    assert_eq!(app.prefs.me.as_deref(), Some("maria"));
    assert!(app.prefs_changed);
    assert_eq!(
        app.wb(),
        &before,
        "who I am is never written to the workbook"
    );
    assert!(!app.doc.is_dirty());
    assert!(screen(&mut app).contains("you: maria"));

    press(&mut app, "3");
    let all = soc2_workbook::tui::views::checklist::tree_rows(app.wb(), &app.checklist).len();
    press(&mut app, "M");
    let s = screen(&mut app);
    assert!(s.contains("Mine: maria (in scope)"), "{s}");
    let mine = soc2_workbook::tui::views::checklist::tree_rows(app.wb(), &app.checklist);
    assert!(mine.len() < all, "{} of {all}", mine.len());
    assert!(s.contains("CC1.1") && !s.contains("CC1.2"), "{s}");
    let owned = edit::owned_by(app.wb(), "maria").items;
    let security = mine.first().map(|r| r.counts.total);
    assert_eq!(security, Some(owned), "the progress counts only my items");

    press(&mut app, "4");
    let s = screen(&mut app);
    assert!(s.contains("only mine: maria"), "{s}");
    let rows = soc2_workbook::tui::views::backlog::rows(&app);
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|&i| app.wb().backlog[i].owner.as_deref() == Some("maria"))
    );

    press(&mut app, "M");
    assert!(!screen(&mut app).contains("only mine"));
    press(&mut app, "3");
    assert!(!screen(&mut app).contains("Mine:"));
}

#[test]
fn the_backlog_forms_unknown_owner_error_says_where_to_add_them() {
    let mut app = team_app();
    press(&mut app, "4");
    press(&mut app, "a");
    type_keys(&mut app, "Rotate keys");
    press(&mut app, "tab");
    press(&mut app, "tab");
    type_keys(&mut app, "eve");
    press(&mut app, "enter");
    let Some(Popup::Form(form)) = app.popups.last() else {
        panic!("the form closed");
    };
    let error = form.error.clone().map(|e| e.message).unwrap_or_default();
    assert!(error.contains("add them in the Team view (6)"), "{error}");
    assert_eq!(form.focus, 2, "the cursor is on the owner field");
}

#[test]
fn who_i_am_is_kept_in_my_prefs_and_an_older_prefs_file_still_loads() {
    use soc2_workbook::tui::prefs::{Prefs, PrefsStore};
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("prefs.ron"), "(show_out_of_scope: true)\n").unwrap();
    let store = PrefsStore::in_dirs(config.clone(), dir.path().join("state"));
    let old = store.load();
    assert!(old.show_out_of_scope && old.me.is_none());

    let mut app = team_app();
    app.prefs = old;
    select(&mut app, "li");
    press(&mut app, "m");
    store.save(&app.prefs).unwrap();
    let back: Prefs = store.load();
    assert_eq!(back.me.as_deref(), Some("li"));
    assert!(back.show_out_of_scope);
}
