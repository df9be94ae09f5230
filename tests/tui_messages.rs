//! Keys as messages: a view's handler reads the workbook and its own state and returns
//! typed messages, so a test can say "this key produces this edit" without running it,
//! and a popup's answer comes back typed (a picked member, "add a member", form fields).

mod tui_support;

use soc2_workbook::edit::ItemKey;
use soc2_workbook::model::{BacklogStatus, ItemStatus, Priority};
use soc2_workbook::tui::app::App;
use soc2_workbook::tui::edits::Edit;
use soc2_workbook::tui::keymap::{Scope, parse_key};
use soc2_workbook::tui::msg::{Goto, Msg};
use soc2_workbook::tui::popup::{Answer, Chosen, Popup};
use soc2_workbook::tui::views::{View, backlog, checklist, team};
use tui_support::*;

/// What the focused view's handler returns for the key written `label`, without
/// carrying it out (the app is left as it was).
fn messages(app: &App, label: &str) -> Vec<Msg> {
    let key = parse_key(label).unwrap();
    let action = app.keymap.resolve(Scope::View(app.view), key).unwrap();
    let area = app.main_area();
    let cx = app.cx();
    let mut out = Vec::new();
    match app.view {
        View::Backlog => {
            let mut st = app.backlog.clone();
            backlog::update(&cx, &mut st, action, area, &mut out);
        }
        View::Checklist => {
            let mut st = app.checklist.clone();
            checklist::update(&cx, &mut st, action, area, &mut out);
        }
        View::Team => {
            let mut st = app.team.clone();
            team::update(&cx, &mut st, action, area, &mut out);
        }
        other => panic!("not covered here: {other:?}"),
    }
    out
}

#[test]
fn a_key_produces_exactly_its_edit() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "background-checks");
    assert_eq!(
        messages(&app, "d"),
        vec![Msg::Edit(Edit::ItemStatus {
            key: key("CC1.1", "background-checks"),
            status: ItemStatus::Implemented,
            reason: None,
        })]
    );
    assert_eq!(app.wb(), &workbook(), "nothing was carried out");

    press(&mut app, "4");
    let id = backlog::selected_item(&app).unwrap().id.clone();
    let priority = backlog::selected_item(&app).unwrap().priority;
    let up = Priority::ALL[Priority::ALL
        .iter()
        .position(|p| *p == priority)
        .unwrap()
        .saturating_sub(1)];
    assert_eq!(
        messages(&app, "+"),
        vec![Msg::Edit(Edit::BacklogPriority {
            id: id.clone(),
            priority: up,
        })]
    );
    assert_eq!(
        messages(&app, "d"),
        vec![Msg::Edit(Edit::BacklogStatus {
            id,
            status: BacklogStatus::Done,
        })]
    );
}

#[test]
fn a_jump_to_another_view_is_a_goto_message_not_a_change_of_its_state() {
    let mut app = app();
    press(&mut app, "6");
    assert_eq!(
        messages(&app, "enter"),
        vec![Msg::Goto(Goto::BacklogOwner("maria".into()))]
    );
    let before = app.backlog.cursor.clone();
    press(&mut app, "enter");
    assert_eq!(app.view, View::Backlog);
    assert_eq!(
        app.backlog.cursor, before,
        "the update, not the Team view, moved"
    );
}

#[test]
fn the_owner_picker_answers_with_a_typed_choice() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "background-checks");
    press(&mut app, "o");
    let Some(Popup::Pick(pick)) = app.popups.last() else {
        panic!("owner picker expected");
    };
    let values: Vec<&Chosen> = pick.options.iter().map(|c| &c.value).collect();
    assert_eq!(
        values,
        vec![
            &Chosen::Value("maria".into()),
            &Chosen::Nothing,
            &Chosen::AddMember
        ]
    );
    // "+ add a team member…" asks for the member, then adds them as the owner.
    press_all(&mut app, &["↓", "↓", "enter"]);
    assert!(matches!(app.popups.last(), Some(Popup::Input(_))));
    type_text(&mut app, "sam, Sam Roe, Ops");
    press(&mut app, "enter");
    assert_eq!(
        app.wb()
            .item("CC1.1", "background-checks")
            .and_then(|r| r.owner.as_deref()),
        Some("sam")
    );
    // The same through the completion directly: the answer is typed, not a sentinel.
    let k = ItemKey {
        criterion: "CC1.1".into(),
        item: "code-of-conduct-signed".into(),
    };
    let mut app2 = tui_support::app();
    app2.complete(
        soc2_workbook::tui::popup::Then::Checklist(checklist::Then::NewMember(Some(k.clone()))),
        Answer::Text("lee, Lee Park, Eng".into()),
    );
    assert_eq!(
        app2.wb()
            .item(&k.criterion, &k.item)
            .and_then(|r| r.owner.as_deref()),
        Some("lee")
    );
}

#[test]
fn a_refused_form_field_gets_the_cursor_by_its_position_not_its_text() {
    let mut app = app();
    press(&mut app, "4");
    press(&mut app, "a");
    type_text(&mut app, "Fix it");
    // Priority (the fifth field) holds a bad value: the form comes back on that field.
    press_all(&mut app, &["tab", "tab", "tab", "tab"]);
    type_text(&mut app, "P9");
    press(&mut app, "enter");
    let Some(Popup::Form(form)) = app.popups.last() else {
        panic!("the form stays open");
    };
    let error = form.error.as_ref().expect("an error");
    assert_eq!((error.field, form.focus), (4, 4));
    assert!(error.message.contains("P1 to P4"), "{}", error.message);
}
