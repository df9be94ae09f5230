//! The tab bar at the sizes people use: every view's key stays visible, and a click on a
//! tab opens the view it shows.

mod tui_support;

use soc2_workbook::tui::views::View;
use tui_support::*;

fn tab_row(app: &mut soc2_workbook::tui::app::App, w: u16, h: u16) -> String {
    let buf = draw(app, w, h);
    text(&buf).lines().next().unwrap_or_default().to_string()
}

#[test]
fn at_80_columns_the_tab_bar_shows_every_views_number_and_the_focused_title() {
    let mut app = app();
    for view in View::ALL {
        press(&mut app, &view.number().to_string());
        assert_eq!(app.view(), view);
        let row = tab_row(&mut app, 80, 24);
        for v in View::ALL {
            assert!(
                row.split_whitespace().any(|w| w == v.number().to_string()),
                "tab {} missing at 80 columns: {row:?}",
                v.number()
            );
        }
        assert!(
            row.contains(view.short_title()),
            "the focused tab {:?} is not named: {row:?}",
            view
        );
    }
}

#[test]
fn a_wide_terminal_shows_the_full_titles() {
    let mut app = app();
    let row = tab_row(&mut app, 160, 40);
    for v in View::ALL {
        assert!(row.contains(v.title()), "{} missing: {row:?}", v.title());
    }
}

#[test]
fn a_click_on_a_narrow_tab_opens_that_view() {
    let mut app = app();
    let row = tab_row(&mut app, 80, 24);
    let col = row
        .find(" 8 ")
        .map(|b| row[..b].chars().count() + 1)
        .expect("tab 8 drawn");
    app.set_size(ratatui::layout::Rect::new(0, 0, 80, 24));
    app.update(soc2_workbook::tui::action::Action::Click {
        column: u16::try_from(col).unwrap(),
        row: 0,
    });
    assert_eq!(app.view(), View::Policies);
}
