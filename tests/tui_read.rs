//! Reading anything in full: `v` opens the selected text in a scrollable popup in every
//! view, detail panes wrap and say when more is below, and columns give titles the room.

mod tui_support;

use soc2_workbook::catalog::catalog;
use soc2_workbook::edit::{self, NewBacklogItem};
use soc2_workbook::model::{Answer, Category};
use soc2_workbook::tui::app::App;
use soc2_workbook::tui::popup::Popup;
use soc2_workbook::tui::theme::Theme;
use soc2_workbook::tui::views::{View, backlog, scoping};
use tui_support::*;

const LONG_NOTE: &str = "We reviewed the code of conduct with every new hire during onboarding week \
and keep the signed copies in the HR system; the quarterly attestation reminder goes out from the \
people team and the last one closed with two stragglers who signed a week late. \
THE-END-OF-THE-NOTE";

fn full_text_open(app: &App) -> bool {
    matches!(app.popups().last(), Some(Popup::FullText(_)))
}

/// The text of every screen while scrolling the popup down to its end with `j`.
fn read_all(app: &mut App, w: u16, h: u16) -> String {
    let mut seen = String::new();
    for _ in 0..60 {
        seen.push_str(&text(&draw(app, w, h)).replace('\n', " "));
        press(app, "j");
    }
    seen.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn checklist_with_long_note() -> App {
    let mut wb = workbook();
    let k = key("CC1.1", "code-of-conduct-signed");
    edit::set_item_notes(&mut wb, &k, LONG_NOTE);
    let mut app = app_with(wb, Theme::color());
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "code-of-conduct-signed");
    app
}

#[test]
fn v_reads_a_checklist_note_in_full_and_esc_closes() {
    for (w, h) in [(80, 24), (160, 40)] {
        let mut app = checklist_with_long_note();
        let before = text(&draw(&mut app, w, h));
        if w == 80 {
            assert!(
                !before.contains("THE-END-OF-THE-NOTE"),
                "{w}x{h}:\n{before}"
            );
        }
        press(&mut app, "v");
        assert!(full_text_open(&app), "{w}x{h}");
        let all = read_all(&mut app, w, h);
        assert!(all.contains("THE-END-OF-THE-NOTE"), "{w}x{h}: {all}");
        assert!(all.contains("Evidence auditors expect"), "{all}");
        press(&mut app, "esc");
        assert!(app.popups().is_empty());
    }
}

#[test]
fn the_full_text_scrolls_with_a_marker_and_g_jumps() {
    let mut wb = workbook();
    let k = key("CC1.1", "code-of-conduct-signed");
    let note: String = (1..=60).map(|i| format!("line {i}\n")).collect();
    edit::set_item_notes(&mut wb, &k, &note);
    let mut app = app_with(wb, Theme::color());
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "code-of-conduct-signed");
    press(&mut app, "v");
    let top = text(&draw(&mut app, 80, 24));
    assert!(top.contains("↓ more ("), "{top}");
    assert!(!top.contains("line 60"), "{top}");
    press(&mut app, "G");
    let bottom = text(&draw(&mut app, 80, 24));
    assert!(bottom.contains("line 60"), "{bottom}");
    assert!(bottom.contains("↑ more above"), "{bottom}");
    press(&mut app, "pgup");
    let up = text(&draw(&mut app, 80, 24));
    assert!(!up.contains("line 60") && up.contains("↓ more ("), "{up}");
    press(&mut app, "g");
    assert_eq!(text(&draw(&mut app, 80, 24)), top);
    press(&mut app, "k");
    assert_eq!(text(&draw(&mut app, 80, 24)), top, "k at the top stays");
}

#[test]
fn the_checklist_detail_wraps_and_marks_what_is_below() {
    let mut app = checklist_with_long_note();
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("more lines · v reads it all"), "{screen}");
    // Wrapped, not cut at the pane edge: the second words of the note show.
    let mut app = checklist_with_long_note();
    let screen = text(&draw(&mut app, 160, 40));
    assert!(screen.contains("onboarding"), "{screen}");
}

#[test]
fn the_na_reason_is_shown_wrapped_and_in_full() {
    let mut wb = workbook();
    let k = key("CC1.1", "nda-at-onboarding");
    let reason =
        "no staff yet: the two founders are the whole company and sign as owners, REASON-END";
    edit::set_item_status(
        &mut wb,
        &k,
        soc2_workbook::model::ItemStatus::NotApplicable,
        Some(reason),
    )
    .unwrap();
    let mut app = app_with(wb, Theme::color());
    open_criterion(&mut app, "CC1.1");
    select(&mut app, "nda-at-onboarding");
    press(&mut app, "v");
    let all = read_all(&mut app, 80, 24);
    assert!(all.contains("REASON-END"), "{all}");
}

#[test]
fn v_on_a_criterion_reads_its_explanation() {
    let mut app = app();
    open_criterion(&mut app, "CC1.1");
    app.views_mut().checklist.focus = soc2_workbook::tui::views::checklist::Focus::Tree;
    press(&mut app, "v");
    let explanation = &catalog().criterion("CC1.1").unwrap().explanation;
    let last_word = explanation.split_whitespace().last().unwrap();
    let all = read_all(&mut app, 80, 24);
    assert!(all.contains(last_word), "{last_word}: {all}");
}

fn backlog_with_long_title() -> App {
    let mut wb = workbook();
    let mut rng = fastrand::Rng::with_seed(3);
    edit::add_backlog_item(
        catalog(),
        &mut wb,
        NewBacklogItem {
            title: "Rotate every production database credential and record who holds the break-glass keys TITLE-END".into(),
            description: "A long description that goes on. ".repeat(20) + "DESC-END",
            criteria: vec!["CC6.1".into()],
            ..NewBacklogItem::default()
        },
        today(),
        &mut rng,
    )
    .unwrap();
    let mut app = app_with(wb, Theme::color());
    press(&mut app, "4");
    let last = app.wb().backlog.len() - 1;
    let (doc, views) = app.doc_and_views();
    backlog::set_pos(&doc.workbook, doc.generation, &mut views.backlog, last);
    app
}

#[test]
fn backlog_titles_get_the_free_space_at_80_columns() {
    let mut app = backlog_with_long_title();
    let buf = draw(&mut app, 80, 24);
    let y = row_of(&buf, "Rotate every");
    let line = text(&buf).lines().nth(usize::from(y)).unwrap().to_string();
    let title_start = line.find("Rotate").unwrap();
    let shown: String = line[title_start..]
        .chars()
        .take_while(|c| *c != '…')
        .collect();
    assert!(
        shown.chars().count() >= 25,
        "only {shown:?} of the title: {line}"
    );
    assert!(line.contains('…'), "a cut title is marked: {line}");
    // The row reaches the right border: no blank run at its end while the title is cut.
    assert!(line.trim_end().ends_with('│'), "{line:?}");
    let inner: String = line.trim_end().trim_end_matches('│').to_string();
    assert!(!inner.ends_with("   "), "row ends in blank space: {line:?}");
}

#[test]
fn v_reads_a_backlog_item_and_its_description_in_full() {
    for (w, h) in [(80, 24), (160, 40)] {
        let mut app = backlog_with_long_title();
        press(&mut app, "v");
        assert!(full_text_open(&app));
        let all = read_all(&mut app, w, h);
        assert!(
            all.contains("TITLE-END") && all.contains("DESC-END"),
            "{w}x{h}: {all}"
        );
        press(&mut app, "v");
        assert!(app.popups().is_empty(), "v closes it again");
    }
}

#[test]
fn the_backlog_detail_says_more_is_below() {
    let mut app = backlog_with_long_title();
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("v reads it all"), "{screen}");
    assert!(!screen.contains("DESC-END"));
}

#[test]
fn v_reads_a_scoping_reason_in_full() {
    let reason = "our biggest customer's contract requires availability commitments, and the sales team promised the same to two more prospects, REASON-END";
    let mut wb = workbook();
    edit::override_category(&mut wb, Category::Availability, true, reason).unwrap();
    let mut app = app_with(wb, Theme::color());
    press(&mut app, "2");
    let pos = scoping::rows(app.wb())
        .iter()
        .position(|r| matches!(r, scoping::Row::Category(Category::Availability)))
        .unwrap();
    let (doc, views) = app.doc_and_views();
    scoping::select_row(&doc.workbook, &mut views.scoping, pos);
    for (w, h) in [(80, 24), (160, 40)] {
        press(&mut app, "v");
        assert!(full_text_open(&app));
        let all = read_all(&mut app, w, h);
        assert!(all.contains("REASON-END"), "{w}x{h}: {all}");
        press(&mut app, "esc");
    }
}

#[test]
fn v_reads_the_dashboard_advice_in_full() {
    let mut wb = workbook();
    edit::answer(&mut wb, "health_systems", Some(Answer::Yes));
    let mut app = app_with(wb, Theme::color());
    let screen = text(&draw(&mut app, 80, 24)).replace('\n', " ");
    assert!(!screen.contains("authorized assessor"), "{screen}");
    press(&mut app, "v");
    assert!(full_text_open(&app));
    let all = read_all(&mut app, 80, 24);
    assert!(all.contains("HITRUST"), "{all}");
    assert!(all.contains("authorized assessor"), "{all}");
}

#[test]
fn v_reads_milestone_notes_and_names_get_room() {
    let mut wb = workbook();
    let id = wb.milestones[0].id.clone();
    let notes = "Kickoff with the auditor: agree the population lists, the sampling approach \
and who answers evidence requests during fieldwork, NOTES-END";
    edit::set_milestone_notes(&mut wb, &id, notes).unwrap();
    let mut app = app_with(wb, Theme::color());
    press(&mut app, "5");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("v: all"), "{screen}");
    let longest = app
        .wb()
        .milestones
        .iter()
        .map(|m| m.name.clone())
        .max_by_key(|n| n.len())
        .unwrap();
    if longest.chars().count() < 30 {
        assert!(screen.contains(&longest), "{longest:?} cut:\n{screen}");
    }
    press(&mut app, "v");
    let all = read_all(&mut app, 80, 24);
    assert!(all.contains("NOTES-END"), "{all}");
}

#[test]
fn the_popup_draws_at_every_size_in_every_view() {
    for view in View::ALL {
        let mut app = checklist_with_long_note();
        press(&mut app, &view.number().to_string());
        press(&mut app, "v");
        sweep_every_size("full text", &mut app, |_| {});
        press(&mut app, "G");
        press(&mut app, "pgdn");
        sweep_every_size("full text scrolled", &mut app, |_| {});
    }
}
