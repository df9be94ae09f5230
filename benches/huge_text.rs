//! One 50 MB text field (a backlog item's title and description, an item's note) in the
//! example workbook: the cost of a keystroke — a cursor move in the Backlog and the
//! Checklist, typing into the title field — with a full redraw at 120×40.
//!
//! Why: drawing must cost what is visible, not what is stored; a pasted log or a runaway
//! script must not freeze the app (it took 0.4–1.7 s per key). Run with
//! `cargo bench --bench huge_text`. Target: each keystroke well under 10 ms.

use std::path::{Path, PathBuf};

use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use soc2_workbook::edit::{self, ItemKey};
use soc2_workbook::model::{Date, Workbook};
use soc2_workbook::tui::action::Action;
use soc2_workbook::tui::app::{App, Document};
use soc2_workbook::tui::prefs::Prefs;
use soc2_workbook::tui::theme::Theme;
use soc2_workbook::tui::ui;
use soc2_workbook::tui::views::View;
use soc2_workbook::tui::views::checklist::Focus;

const SIZE: usize = 50 * 1024 * 1024;

fn main() {
    divan::main();
}

fn huge() -> String {
    "lorem ipsum dolor sit amet ".repeat(SIZE / 27)
}

fn workbook() -> Option<Workbook> {
    let text = include_str!("../workbooks/example.ron");
    let mut wb = soc2_workbook::store::parse(text, Path::new("example.ron")).ok()?;
    let text = huge();
    wb.backlog[0].title = text.clone();
    wb.backlog[0].description = text.clone();
    let key = ItemKey {
        criterion: "CC1.1".into(),
        item: "code-of-conduct-signed".into(),
    };
    edit::set_item_notes(&mut wb, &key, &text);
    Some(wb)
}

fn app(view: View) -> Option<(App, Terminal<TestBackend>)> {
    let doc = Document::new(workbook()?, PathBuf::from("bench.ron"));
    let today = Date::new(2026, 12, 1)?;
    let mut app = App::new(doc, today, Theme::color(), Prefs::default());
    app.size = Rect::new(0, 0, 120, 40);
    app.update(Action::GoTo(view));
    let mut term = Terminal::new(TestBackend::new(120, 40)).ok()?;
    term.draw(|f| ui::render(&app, f)).ok()?;
    Some((app, term))
}

fn alternate(
    bencher: Bencher,
    mut app: App,
    mut term: Terminal<TestBackend>,
    a: Action,
    b: Action,
) {
    let mut n = 0usize;
    bencher.bench_local(|| {
        n += 1;
        app.update(if n.is_multiple_of(2) { a } else { b });
        term.draw(|f| ui::render(&app, f)).is_ok()
    });
}

#[divan::bench(sample_count = 20)]
fn backlog_move(bencher: Bencher) {
    if let Some((app, term)) = app(View::Backlog) {
        alternate(bencher, app, term, Action::Up, Action::Down);
    }
}

#[divan::bench(sample_count = 20)]
fn checklist_move(bencher: Bencher) {
    if let Some((mut app, term)) = app(View::Checklist) {
        app.checklist.tree = soc2_workbook::tui::msg::Cursor::on("CC1.1");
        app.checklist.item = Default::default();
        app.checklist.focus = Focus::Items;
        alternate(bencher, app, term, Action::Up, Action::Down);
    }
}

#[divan::bench(sample_count = 20)]
fn typing_in_the_title_field(bencher: Bencher) {
    if let Some((mut app, term)) = app(View::Backlog) {
        app.update(Action::EditTitle);
        alternate(bencher, app, term, Action::Type('x'), Action::Backspace);
    }
}
