//! Keys and pastes never act on something the person cannot see or did not name: a
//! popup acts on the entry it names even after a reload reordered the list, the "too
//! small" screen lets no key edit the workbook, and pasted text lands whole in a field.

mod tui_support;

use soc2_workbook::model::{BacklogStatus, Workbook};
use soc2_workbook::tui::action::Action;
use soc2_workbook::tui::popup::Popup;
use soc2_workbook::tui::views::View;
use soc2_workbook::tui::views::scoping::{Row, rows};
use tui_support::*;

fn example() -> Workbook {
    let text = include_str!("../workbooks/example.ron");
    soc2_workbook::store::parse(text, std::path::Path::new("example.ron")).unwrap()
}

fn names(wb: &Workbook) -> Vec<&str> {
    wb.subservices().iter().map(|s| s.name.as_str()).collect()
}

/// Selects the subservice row named `name` in the scoping list.
fn select_subservice(app: &mut soc2_workbook::tui::app::App, name: &str) {
    press(app, "2");
    app.views_mut().scoping.walk = false;
    let i = app
        .wb()
        .subservices()
        .iter()
        .position(|s| s.name == name)
        .unwrap();
    let pos = rows(app.wb())
        .iter()
        .position(|r| *r == Row::Subservice(i))
        .unwrap();
    let (doc, views) = app.doc_and_views();
    soc2_workbook::tui::views::scoping::select_row(&doc.workbook, &mut views.scoping, pos);
}

/// A teammate's save added a subservice organization that sorts first while the popup
/// was open, moving every other one down a row.
fn reordered_on_disk(app: &mut soc2_workbook::tui::app::App) {
    let mut on_disk = app.wb().clone();
    on_disk.vendors.insert(
        "aardvark-hosting".into(),
        soc2_workbook::model::Vendor {
            name: "Aardvark Hosting".into(),
            subservice: Some(soc2_workbook::model::SubserviceMethod::CarveOut),
            ..Default::default()
        },
    );
    app.doc_mut().reloaded(on_disk.clone(), on_disk);
}

#[test]
fn remove_acts_on_the_vendor_it_names_after_a_reload_reordered_the_list() {
    let mut app = app_with(example(), soc2_workbook::tui::theme::Theme::color());
    let before = names(app.wb()).len();
    assert!(before >= 2, "the example has several vendors");
    select_subservice(&mut app, "Amazon Web Services");
    press(&mut app, "d");
    let Some(Popup::Confirm(c)) = app.popups().last() else {
        panic!("a confirmation");
    };
    assert!(c.message.contains("Amazon Web Services"));
    reordered_on_disk(&mut app);
    press(&mut app, "enter");
    let left = names(app.wb());
    assert_eq!(
        left.len(),
        before,
        "one added on disk, one made an ordinary vendor"
    );
    assert!(!left.contains(&"Amazon Web Services"), "{left:?}");
}

#[test]
fn a_field_popup_edits_the_vendor_it_names_after_a_reorder() {
    let mut app = app_with(example(), soc2_workbook::tui::theme::Theme::color());
    select_subservice(&mut app, "Amazon Web Services");
    press(&mut app, "enter");
    reordered_on_disk(&mut app);
    // "Change what they do for us".
    press(&mut app, "↓");
    press(&mut app, "enter");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "Hosting");
    press(&mut app, "enter");
    let changed: Vec<&str> = app
        .wb()
        .vendors
        .values()
        .filter(|s| s.service == "Hosting")
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(changed, vec!["Amazon Web Services"]);
}

#[test]
fn a_vendor_removed_meanwhile_is_reported_and_nothing_else_changes() {
    let mut app = app_with(example(), soc2_workbook::tui::theme::Theme::color());
    select_subservice(&mut app, "Amazon Web Services");
    press(&mut app, "d");
    let mut on_disk = app.wb().clone();
    on_disk.vendors.remove("amazon-web-services");
    app.doc_mut().reloaded(on_disk.clone(), on_disk.clone());
    press(&mut app, "enter");
    assert_eq!(app.wb(), &on_disk);
    assert!(app.message().is_some_and(|m| m.error));
}

#[test]
fn while_the_terminal_is_too_small_no_key_edits_the_workbook() {
    let mut app = app_with(example(), soc2_workbook::tui::theme::Theme::color());
    press(&mut app, "4");
    let before = app.wb().clone();
    let buf = draw(&mut app, 40, 10);
    assert!(text(&buf).contains("Terminal too small"));
    for action in [
        Action::SetBacklogStatus(BacklogStatus::Done),
        Action::Delete,
        Action::Enter,
        Action::Undo,
        Action::AddBacklogItem,
        Action::NextView,
    ] {
        app.update(action);
    }
    assert_eq!(app.wb(), &before, "nothing changed unseen");
    assert!(!app.doc().is_dirty());
    assert!(app.popups().is_empty(), "no popup opened behind the screen");
    assert_eq!(app.view(), View::Backlog);
    assert!(!app.paste("dddd"));
    press(&mut app, "q");
    assert!(app.should_quit(), "q still quits");
}

#[test]
fn the_same_keys_act_again_once_the_terminal_is_large_enough() {
    let mut app = app_with(example(), soc2_workbook::tui::theme::Theme::color());
    press(&mut app, "4");
    draw(&mut app, 40, 10);
    draw(&mut app, 100, 30);
    press(&mut app, "d");
    assert!(app.doc().is_dirty());
}

#[test]
fn a_paste_goes_whole_into_the_field_with_line_breaks_as_spaces() {
    let mut app = app_with(example(), soc2_workbook::tui::theme::Theme::color());
    press(&mut app, "4");
    let title = app.wb().backlog[0].title.clone();
    assert!(!app.paste("dddd"), "outside a field a paste does nothing");
    assert_eq!(app.wb().backlog[0].status, example().backlog[0].status);
    press(&mut app, "e");
    press(&mut app, "ctrl-u");
    assert!(app.paste("Rotate keys\r\nevery\tquarter\u{7}"));
    let Some(Popup::Input(input)) = app.popups().last() else {
        panic!("the title field is still open: a pasted newline does not submit");
    };
    assert_eq!(input.text, "Rotate keys every quarter");
    press(&mut app, "enter");
    assert_eq!(app.wb().backlog[0].title, "Rotate keys every quarter");
    assert_ne!(title, app.wb().backlog[0].title);
}
