//! Backlog: the remediation items as a sortable, filterable table with a detail pane, and
//! the single keys that move an item along (status, owner, priority, due date).
//!
//! Why a cached index vector: a workbook may hold ten thousand items, and a frame must not
//! sort them. The filtered, sorted positions (`analysis::backlog::view`) are computed only
//! when the workbook revision, the sort or the filter changed, and only the visible rows are
//! drawn. The cache sits in a `RefCell` because views draw from `&App`.

use crate::tui::history::Touch;
use std::cell::RefCell;
use std::rc::Rc;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::analysis::backlog::{
    BacklogColumn, BacklogFilter, OwnerFilter, SortDirection, StatusFilter, is_at_risk, is_overdue,
    suggested_priority, view,
};
use crate::analysis::schedule::observation_window;
use crate::catalog::catalog;
use crate::edit::{self, NewBacklogItem};
use crate::model::{BacklogItem, BacklogStatus, Date, Priority};
use crate::tui::action::Action;
use crate::tui::app::{ADD_MEMBER, App, Effect};
use crate::tui::popup::{Confirm, Field, Form, Input, Popup, form_values};
use crate::tui::text::{fit, pad, wrap};

use super::{View, inner, scroll_offset, step};

/// What a backlog popup was opened for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    /// The add form.
    Add,
    Title(String),
    Owner(String),
    NewMember(String),
    Due(String),
    Delete(String),
}

fn then(t: Then) -> crate::tui::popup::Then {
    crate::tui::popup::Then::Backlog(t)
}

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    Table,
    /// The linked criteria and items of the selected item.
    Links,
}

/// The cached rows of one workbook revision, filter and sort.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cache {
    key: (u64, usize),
    filter: BacklogFilter,
    sort: Option<(BacklogColumn, SortDirection)>,
    rows: Rc<[usize]>,
}

/// The backlog view's state.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// Position in the visible (filtered, sorted) rows.
    pub selected: usize,
    pub sort: Option<(BacklogColumn, SortDirection)>,
    pub filter: BacklogFilter,
    pub focus: Focus,
    /// The selected link in the detail pane.
    pub link: usize,
    cache: RefCell<Option<Cache>>,
    /// How many times the rows were computed (tests check it is not per frame).
    pub computed: std::cell::Cell<usize>,
}

/// Positions into `wb.backlog` of the visible rows, in table order; recomputed only when
/// the workbook, the filter or the sort changed.
pub fn rows(app: &App) -> Rc<[usize]> {
    let wb = app.wb();
    let st = &app.backlog;
    let key = (app.doc.generation, wb.backlog.len());
    if let Some(c) = st.cache.borrow().as_ref()
        && c.key == key
        && c.filter == st.filter
        && c.sort == st.sort
    {
        return Rc::clone(&c.rows);
    }
    let rows: Rc<[usize]> = view(&wb.backlog, &st.filter, st.sort).into();
    st.computed.set(st.computed.get() + 1);
    *st.cache.borrow_mut() = Some(Cache {
        key,
        filter: st.filter.clone(),
        sort: st.sort,
        rows: Rc::clone(&rows),
    });
    rows
}

/// The item under the selection.
pub fn selected_item(app: &App) -> Option<&BacklogItem> {
    let rows = rows(app);
    let i = *rows.get(app.backlog.selected)?;
    app.wb().backlog.get(i)
}

fn selected_id(app: &App) -> Option<String> {
    selected_item(app).map(|b| b.id.clone())
}

/// Selects the item with this id if it is visible; `false` when it is filtered out.
fn select_id(app: &mut App, id: &str) -> bool {
    let rows = rows(app);
    let wb = app.wb();
    match rows
        .iter()
        .position(|&i| wb.backlog.get(i).is_some_and(|b| b.id == id))
    {
        Some(pos) => {
            app.backlog.selected = pos;
            true
        }
        None => false,
    }
}

/// Opens the Backlog on one item, clearing the filters if they hide it.
pub fn show_item(app: &mut App, id: &str) {
    app.view = View::Backlog;
    app.backlog.focus = Focus::Table;
    app.backlog.link = 0;
    if !select_id(app, id) {
        app.backlog.filter = BacklogFilter::default();
        if select_id(app, id) {
            app.info(format!("filters cleared to show {id}"));
        }
    }
}

/// Opens the Backlog filtered by one owner: what a team member has on their plate.
pub fn show_owner(app: &mut App, member: &str) {
    app.view = View::Backlog;
    app.backlog.focus = Focus::Table;
    app.backlog.filter = BacklogFilter {
        owner: Some(OwnerFilter::Member(member.to_string())),
        ..BacklogFilter::default()
    };
    app.backlog.selected = 0;
    let n = rows(app).len();
    app.info(format!(
        "{n} item{} owned by {member} (O cycles the owner filter, C clears)",
        if n == 1 { "" } else { "s" }
    ));
}

/// A table column: which one, where it starts and how wide it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub column: Option<BacklogColumn>,
    pub x: u16,
    pub width: u16,
}

/// The columns of a table `cols` wide (the last, unnamed one holds the overdue / at-risk
/// flag); shared by drawing and by header clicks.
pub fn columns(cols: u16) -> Vec<Column> {
    let wide = cols >= 110;
    let fixed: [(Option<BacklogColumn>, u16); 8] = [
        (Some(BacklogColumn::Id), 7),
        (Some(BacklogColumn::Title), 0),
        (Some(BacklogColumn::Criteria), if wide { 13 } else { 7 }),
        (Some(BacklogColumn::Priority), 3),
        (Some(BacklogColumn::Owner), if wide { 10 } else { 7 }),
        (Some(BacklogColumn::Status), 11),
        (Some(BacklogColumn::Due), 10),
        (None, 7),
    ];
    let used: u16 = fixed.iter().map(|(_, w)| w + 1).sum();
    let title = cols.saturating_sub(used).max(6);
    let mut x = 0;
    fixed
        .iter()
        .map(|&(column, w)| {
            let w = if w == 0 { title } else { w };
            let c = Column {
                column,
                x,
                width: w,
            };
            x = x.saturating_add(w + 1);
            c
        })
        .collect()
}

/// How many lines the detail pane wants for the selected item at `cols` columns.
fn detail_len(app: &App, cols: usize) -> usize {
    let Some(b) = selected_item(app) else {
        return 1;
    };
    let start = observation_window(app.wb()).map(|(s, _)| s);
    let desc = wrap(
        &crate::text::sanitize_multiline(&b.description),
        cols.max(1),
    )
    .into_iter()
    .filter(|l| !l.is_empty())
    .count()
    .min(3);
    let links = b.criteria.len() + b.items.len();
    3 + usize::from(suggested_priority(&b.criteria) != b.priority)
        + usize::from(flag(b, app.today, start) == "at risk")
        + desc
        + if links > 0 { links + 1 } else { 0 }
}

fn panes(app: &App, area: Rect) -> (Rect, Rect) {
    if area.width >= 150 {
        let [l, r] =
            Layout::horizontal([Constraint::Percentage(62), Constraint::Min(0)]).areas(area);
        (l, r)
    } else {
        let want = detail_len(app, usize::from(area.width.saturating_sub(2))) + 2;
        let detail = u16::try_from(want)
            .unwrap_or(u16::MAX)
            .min(area.height / 2)
            .max(3.min(area.height));
        let [t, d] = Layout::vertical([Constraint::Min(0), Constraint::Length(detail)]).areas(area);
        (t, d)
    }
}

/// The table body (rows below the header) of the table pane.
fn body_rect(table: Rect) -> Rect {
    let i = inner(table);
    Rect::new(
        i.x,
        i.y.saturating_add(1),
        i.width,
        i.height.saturating_sub(1),
    )
}

fn status_filter_label(f: Option<StatusFilter>) -> Option<String> {
    f.map(|s| match s {
        StatusFilter::Is(s) => s.label().to_string(),
        StatusFilter::Unfinished => "unfinished".to_string(),
    })
}

fn title_text(app: &App, shown: usize) -> String {
    let st = &app.backlog;
    let total = app.wb().backlog.len();
    let mut parts = vec![format!("Backlog · {total} items")];
    if !st.filter.is_empty() {
        parts.push(format!("showing {shown}"));
    }
    if let Some(s) = status_filter_label(st.filter.status) {
        parts.push(format!("status: {s}"));
    }
    match &st.filter.owner {
        Some(OwnerFilter::Member(m)) => parts.push(format!("owner: {}", fit(m, 12))),
        Some(OwnerFilter::Unassigned) => parts.push("owner: nobody".into()),
        None => {}
    }
    if let Some(p) = st.filter.priority {
        parts.push(format!("priority: {}", p.label()));
    }
    parts.push(match st.sort {
        Some((c, d)) => format!(
            "by {} {}",
            c.label(),
            if d == SortDirection::Ascending {
                "↑"
            } else {
                "↓"
            }
        ),
        None => "file order".into(),
    });
    format!(" {} ", parts.join(" · "))
}

fn cell(b: &BacklogItem, column: Option<BacklogColumn>, flag: &str) -> String {
    match column {
        Some(BacklogColumn::Id) => b.id.clone(),
        Some(BacklogColumn::Title) => b.title.clone(),
        Some(BacklogColumn::Criteria) => b.criteria.join(","),
        Some(BacklogColumn::Priority) => b.priority.label().to_string(),
        Some(BacklogColumn::Owner) => b.owner.clone().unwrap_or_else(|| "-".into()),
        Some(BacklogColumn::Status) => b.status.label().to_string(),
        Some(BacklogColumn::Due) => b.due.map_or("-".into(), |d| d.to_string()),
        None => flag.to_string(),
    }
}

/// The flag of an item: overdue, at risk (due after the observation window opens) or none.
pub fn flag(b: &BacklogItem, today: Date, window_start: Option<Date>) -> &'static str {
    if is_overdue(b, today) {
        "overdue"
    } else if is_at_risk(b, window_start) {
        "at risk"
    } else {
        ""
    }
}

/// Draws the table and the detail pane.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let wb = app.wb();
    let rows = rows(app);
    let (table, detail) = panes(app, area);
    let table_focused = app.backlog.focus == Focus::Table;
    frame.render_widget(
        Block::default()
            .borders(Borders::ALL)
            .border_style(if table_focused {
                t.border_focused
            } else {
                t.border
            })
            .title(Span::styled(
                fit(
                    &title_text(app, rows.len()),
                    usize::from(area.width.saturating_sub(2)),
                ),
                t.title,
            )),
        table,
    );
    let head = inner(table);
    let body = body_rect(table);
    let cols = columns(head.width);
    let mut header = Vec::new();
    for c in &cols {
        let mut label = c.column.map_or(String::new(), |col| {
            match col {
                BacklogColumn::Priority if c.width < 8 => "pri",
                BacklogColumn::Criteria if c.width < 9 => "crit",
                other => other.label(),
            }
            .to_string()
        });
        if let (Some(col), Some((sorted, dir))) = (c.column, app.backlog.sort)
            && col == sorted
        {
            label.push(if dir == SortDirection::Ascending {
                '↑'
            } else {
                '↓'
            });
        }
        header.push(Span::styled(pad(&label, usize::from(c.width) + 1), t.dim));
    }
    if head.height > 0 {
        frame.render_widget(
            Paragraph::new(Line::from(header)),
            Rect::new(head.x, head.y, head.width, 1),
        );
    }
    if wb.backlog.is_empty() || rows.is_empty() {
        let text = if wb.backlog.is_empty() {
            "No backlog items yet: a adds one; in the Checklist, b turns a gap into one."
        } else {
            "No item passes the filters (C clears them)."
        };
        frame.render_widget(Paragraph::new(Line::styled(text, t.dim)), body);
    } else {
        let start = observation_window(wb).map(|(s, _)| s);
        let height = usize::from(body.height);
        let offset = scroll_offset(app.backlog.selected, height);
        let mut lines = Vec::new();
        for (pos, &i) in rows.iter().enumerate().skip(offset).take(height) {
            let Some(b) = wb.backlog.get(i) else {
                continue;
            };
            let flag = flag(b, app.today, start);
            let row_style = if pos == app.backlog.selected {
                if table_focused {
                    t.selected
                } else {
                    t.selected_unfocused
                }
            } else if flag == "overdue" {
                t.bad
            } else if b.status == BacklogStatus::Done {
                t.dim
            } else {
                t.base
            };
            let mut spans = Vec::new();
            for c in &cols {
                let style = if pos != app.backlog.selected && c.column.is_none() {
                    if flag == "overdue" { t.bad } else { t.warn }
                } else {
                    row_style
                };
                spans.push(Span::styled(
                    pad(
                        &fit(&cell(b, c.column, flag), usize::from(c.width)),
                        usize::from(c.width) + 1,
                    ),
                    style,
                ));
            }
            lines.push(Line::from(spans));
        }
        frame.render_widget(Paragraph::new(lines), body);
    }
    render_detail(app, frame, detail);
}

/// One link of the detail pane: a criterion, or an item with its criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Criterion(String),
    Item {
        criterion: String,
        item: String,
    },
    /// An item id the catalog and the workbook do not know.
    Unknown(String),
}

/// The selected item's links, criteria first.
pub fn links(app: &App) -> Vec<Link> {
    let Some(b) = selected_item(app) else {
        return Vec::new();
    };
    let mut out: Vec<Link> = b.criteria.iter().cloned().map(Link::Criterion).collect();
    for i in &b.items {
        out.push(match edit::resolve_item(catalog(), app.wb(), i) {
            Ok(k) => Link::Item {
                criterion: k.criterion,
                item: k.item,
            },
            Err(_) => Link::Unknown(i.clone()),
        });
    }
    out
}

fn link_label(app: &App, link: &Link) -> String {
    let cat = catalog();
    match link {
        Link::Criterion(c) => format!(
            "{c} {}",
            cat.criterion(c)
                .map_or("(not in the catalog)", |c| c.title.as_str())
        ),
        Link::Item { criterion, item } => {
            let title = cat
                .item(item)
                .map(|(_, i)| i.title.clone())
                .or_else(|| {
                    app.wb()
                        .item(criterion, item)
                        .and_then(|r| r.custom.as_ref())
                        .map(|c| c.title.clone())
                })
                .unwrap_or_default();
            let status = app
                .wb()
                .item(criterion, item)
                .map_or("not started", |r| r.status.label());
            format!("{item} ({criterion}, {status}) {title}")
        }
        Link::Unknown(i) => format!("{i} (unknown item)"),
    }
}

fn render_detail(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let focused = app.backlog.focus == Focus::Links;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { t.border_focused } else { t.border });
    let Some(b) = selected_item(app) else {
        frame.render_widget(block, area);
        return;
    };
    frame.render_widget(
        block.title(Span::styled(format!(" {} ", fit(&b.id, 20)), t.title)),
        area,
    );
    let body = inner(area);
    let cols = usize::from(body.width).max(1);
    let start = observation_window(app.wb()).map(|(s, _)| s);
    let flag = flag(b, app.today, start);
    let owner = b.owner.as_deref().map_or("no owner".to_string(), |o| {
        app.wb()
            .member(o)
            .map_or(o.to_string(), |m| format!("{} ({})", m.name, m.id))
    });
    let due = match (b.due, flag) {
        (None, _) => "no due date".to_string(),
        (Some(d), "") => format!("due {d}"),
        (Some(d), f) => format!("due {d} ({f})"),
    };
    let mut lines = vec![
        Line::styled(fit(&b.title, cols), t.title),
        Line::from(vec![
            Span::styled(
                fit(
                    &format!("{} · {} · {owner} · ", b.status.label(), b.priority.label()),
                    cols,
                ),
                t.base,
            ),
            Span::styled(
                due.clone(),
                match flag {
                    "overdue" => t.bad,
                    "at risk" => t.warn,
                    _ => t.base,
                },
            ),
        ]),
    ];
    let suggested = suggested_priority(&b.criteria);
    if suggested != b.priority {
        lines.push(Line::styled(
            fit(
                &format!(
                    "Suggested priority from the linked criteria: {} (= takes it)",
                    suggested.label()
                ),
                cols,
            ),
            t.warn,
        ));
    }
    if flag == "at risk" {
        lines.push(Line::styled(
            fit(
                "At risk: due after the observation window opens, so the control would not operate for the whole window.",
                cols,
            ),
            t.warn,
        ));
    }
    for l in wrap(&crate::text::sanitize_multiline(&b.description), cols)
        .into_iter()
        .filter(|l| !l.is_empty())
        .take(3)
    {
        lines.push(Line::raw(l));
    }
    let links = links(app);
    if !links.is_empty() {
        lines.push(Line::styled(
            fit(
                "Linked (→ or Enter, then Enter opens it in the Checklist):",
                cols,
            ),
            t.dim,
        ));
        for (i, l) in links.iter().enumerate() {
            let style = if focused && i == app.backlog.link {
                t.selected
            } else {
                t.key
            };
            lines.push(Line::styled(
                pad(&fit(&format!("  ▸ {}", link_label(app, l)), cols), cols),
                style,
            ));
        }
    }
    let mut history = vec![format!("{} created", b.created)];
    history.extend(
        b.history
            .iter()
            .map(|h| format!("{} {}", h.date, h.status.label())),
    );
    lines.push(Line::styled(
        fit(&format!("History: {}", history.join(" · ")), cols),
        t.dim,
    ));
    // Keep the selected link visible when the pane is short.
    let height = usize::from(body.height);
    let skip = if focused && lines.len() > height {
        let link_line = lines.len() - 1 - links.len() + app.backlog.link;
        link_line.saturating_sub(height.saturating_sub(1))
    } else {
        0
    };
    let shown: Vec<Line> = lines.into_iter().skip(skip).take(height).collect();
    frame.render_widget(Paragraph::new(shown), body);
}

fn need_item(app: &mut App) -> Option<String> {
    let id = selected_id(app);
    if id.is_none() {
        app.error("no backlog item selected");
    }
    id
}

fn cycle<T: Clone + PartialEq>(options: &[Option<T>], current: &Option<T>) -> Option<T> {
    let pos = options.iter().position(|o| o == current).unwrap_or(0);
    options[(pos + 1) % options.len()].clone()
}

/// Keeps the selected item selected across a sort or filter change when it stays visible.
fn keep_selection(app: &mut App, id: Option<String>) {
    let found = id.is_some_and(|id| select_id(app, &id));
    if !found {
        app.backlog.selected = 0;
    }
    app.backlog.link = 0;
}

/// The due date a new item gets: a week before the window opens, else in 30 days.
fn default_due(app: &App) -> Date {
    match observation_window(app.wb()) {
        Some((start, _)) if start.add_days(-7) > app.today => start.add_days(-7),
        _ => app.today.add_days(30),
    }
}

fn add_form(app: &App, values: Option<Vec<String>>, error: Option<String>) -> Form {
    let team: Vec<&str> = app.wb().team.iter().map(|m| m.id.as_str()).collect();
    let value = |i: usize, default: String| {
        values
            .as_ref()
            .and_then(|v| v.get(i).cloned())
            .unwrap_or(default)
    };
    let team_hint = if team.is_empty() {
        "The team is empty: leave it blank (o assigns one later).".to_string()
    } else {
        format!("A team handle: {}. Blank: nobody yet.", team.join(", "))
    };
    Form {
        title: "New remediation item".into(),
        fields: vec![
            Field::new(
                "Title",
                "What will be done, in a short sentence.",
                &value(0, String::new()),
            ),
            Field::new(
                "Criteria",
                "Criterion ids it closes a gap in, separated by spaces or commas (CC6.2 CC8.1). They suggest the priority.",
                &value(1, String::new()),
            ),
            Field::new("Owner", &team_hint, &value(2, String::new())),
            Field::new(
                "Due",
                "YYYY-MM-DD; blank for none. Due after the observation window opens is flagged at risk.",
                &value(3, default_due(app).to_string()),
            ),
            Field::new(
                "Priority",
                "P1 to P4; blank takes the one the criteria suggest.",
                &value(4, String::new()),
            ),
        ],
        focus: error.as_deref().map_or(0, field_of),
        error,
        then: then(Then::Add),
    }
}

/// The form field an error is about, so the cursor lands where the fix is typed.
fn field_of(error: &str) -> usize {
    const FIELDS: [(&str, usize); 5] = [
        ("due date", 3),
        ("priority", 4),
        ("criterion", 1),
        ("team", 2),
        ("member", 2),
    ];
    FIELDS
        .iter()
        .find(|(word, _)| error.contains(word))
        .map_or(0, |(_, i)| *i)
}

fn parse_new(values: &[String]) -> Result<NewBacklogItem, String> {
    let get = |i: usize| values.get(i).map_or("", |s| s.trim());
    let criteria: Vec<String> = get(1)
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|s| s.to_ascii_uppercase())
        .collect();
    let owner = (!get(2).is_empty()).then(|| get(2).to_string());
    let due = match get(3) {
        "" => None,
        d => Some(d.parse::<Date>().map_err(|e| format!("due date: {e}"))?),
    };
    let priority = match get(4) {
        "" => None,
        p => Some(Priority::parse(p).ok_or_else(|| format!("priority: {p:?} is not P1 to P4"))?),
    };
    Ok(NewBacklogItem {
        title: get(0).to_string(),
        criteria,
        owner,
        due,
        priority,
        ..NewBacklogItem::default()
    })
}

/// Carries out what a backlog popup was opened for.
pub fn complete(app: &mut App, t: Then, value: String) {
    let today = app.today;
    match t {
        Then::Add => {
            let values = form_values(&value);
            let new = match parse_new(&values) {
                Ok(new) => new,
                Err(e) => {
                    let form = add_form(app, Some(values), Some(e));
                    app.open(Popup::Form(form));
                    return;
                }
            };
            let mut refused = None;
            let read_only = app.doc.read_only.is_some();
            let id = app.edit_touching("add backlog item", Touch::BacklogAppend, |wb, rng| {
                let r = edit::add_backlog_item(catalog(), wb, new, today, rng);
                if let Err(e) = &r {
                    refused = Some(e.to_string());
                }
                r
            });
            match id {
                Some(id) => {
                    app.backlog.filter = BacklogFilter::default();
                    show_item(app, &id);
                    app.info(format!("added {id}"));
                }
                None if !read_only => {
                    let form = add_form(app, Some(values), refused);
                    app.open(Popup::Form(form));
                }
                None => {}
            }
        }
        Then::Title(id) => {
            let description = app
                .wb()
                .backlog_item(&id)
                .map(|b| b.description.clone())
                .unwrap_or_default();
            if app
                .edit_touching("edit title", Touch::BacklogItem(id.clone()), |wb, _| {
                    edit::set_backlog_text(wb, &id, &value, &description)
                })
                .is_some()
            {
                app.info(format!("{id} renamed"));
            }
        }
        Then::Owner(id) => match value.as_str() {
            ADD_MEMBER => app.open(Popup::Input(Input::new(
                "New team member",
                "Handle, full name, role (for example: maria, Maria Lopez, CTO)",
                "",
                then(Then::NewMember(id)),
            ))),
            owner => {
                let owner = (!owner.is_empty()).then_some(owner);
                if app
                    .edit_touching("set owner", Touch::BacklogItem(id.clone()), |wb, _| {
                        edit::set_backlog_owner(wb, &id, owner)
                    })
                    .is_some()
                {
                    app.info(match owner {
                        Some(o) => format!("{id} is owned by {o}"),
                        None => format!("{id} has no owner"),
                    });
                }
            }
        },
        Then::NewMember(item) => {
            let mut parts = value.splitn(3, ',').map(str::trim);
            let id = parts.next().unwrap_or_default().to_string();
            let name = parts.next().unwrap_or_default().to_string();
            let role = parts.next().unwrap_or_default().to_string();
            if app
                .edit_touching(
                    "add team member",
                    Touch::BacklogItem(item.clone()),
                    |wb, _| {
                        edit::add_member(wb, &id, &name, &role)?;
                        edit::set_backlog_owner(wb, &item, Some(&id))
                    },
                )
                .is_some()
            {
                app.info(format!("{id} joined the team and owns {item}"));
            }
        }
        Then::Due(id) => {
            let text = value.trim();
            let due = if text.is_empty() {
                Ok(None)
            } else {
                text.parse::<Date>().map(Some)
            };
            match due {
                Err(e) => app.error(e.to_string()),
                Ok(due) => {
                    if app
                        .edit_touching("set due date", Touch::BacklogItem(id.clone()), |wb, _| {
                            edit::set_backlog_due(wb, &id, due)
                        })
                        .is_some()
                    {
                        app.info(match due {
                            Some(d) => format!("{id} is due {d}"),
                            None => format!("{id} has no due date"),
                        });
                    }
                }
            }
        }
        Then::Delete(id) => {
            if app
                .edit_touching(
                    "delete backlog item",
                    Touch::BacklogItem(id.clone()),
                    |wb, _| edit::delete_backlog_item(wb, &id),
                )
                .is_some()
            {
                let len = rows(app).len();
                app.backlog.selected = app.backlog.selected.min(len.saturating_sub(1));
                app.info(format!("{id} deleted (u undoes)"));
            }
        }
    }
}

/// Finishes editing a description in `$EDITOR`.
pub fn finish_description(app: &mut App, id: &str, before: &str, text: &str) {
    if text.trim_end() == before.trim_end() {
        app.info("description unchanged");
        return;
    }
    let title = app
        .wb()
        .backlog_item(id)
        .map(|b| b.title.clone())
        .unwrap_or_default();
    if app
        .edit_touching(
            "edit description",
            Touch::BacklogItem(id.to_string()),
            |wb, _| edit::set_backlog_text(wb, id, &title, text),
        )
        .is_some()
    {
        app.info("description saved");
    }
}

fn set_priority(app: &mut App, id: &str, p: Priority) {
    if app
        .edit_touching(
            "set priority",
            Touch::BacklogItem(id.to_string()),
            |wb, _| edit::set_backlog_priority(wb, id, p),
        )
        .is_some()
    {
        app.info(format!("{id} is {}", p.label()));
    }
}

/// Handles the backlog's keys.
pub fn update(app: &mut App, action: Action, area: Rect) -> bool {
    let len = rows(app).len();
    app.backlog.selected = app.backlog.selected.min(len.saturating_sub(1));
    let (table, detail) = panes(app, area);
    let page = usize::from(body_rect(table).height).max(1);
    let today = app.today;
    match action {
        Action::SortNext => {
            let id = selected_id(app);
            app.backlog.sort = match app.backlog.sort {
                None => Some((BacklogColumn::ALL[0], SortDirection::Ascending)),
                Some((c, d)) => BacklogColumn::ALL
                    .iter()
                    .position(|x| *x == c)
                    .and_then(|i| BacklogColumn::ALL.get(i + 1))
                    .map(|c| (*c, d)),
            };
            keep_selection(app, id);
        }
        Action::SortFlip => {
            let id = selected_id(app);
            app.backlog.sort = Some(match app.backlog.sort {
                None => (BacklogColumn::Id, SortDirection::Descending),
                Some((c, d)) => (c, d.flipped()),
            });
            keep_selection(app, id);
        }
        Action::FilterStatus => {
            let id = selected_id(app);
            let mut options = vec![None];
            options.extend(BacklogStatus::ALL.map(|s| Some(StatusFilter::Is(s))));
            options.push(Some(StatusFilter::Unfinished));
            app.backlog.filter.status = cycle(&options, &app.backlog.filter.status);
            keep_selection(app, id);
        }
        Action::FilterOwner => {
            let id = selected_id(app);
            let mut options = vec![None];
            options.extend(
                app.wb()
                    .team
                    .iter()
                    .map(|m| Some(OwnerFilter::Member(m.id.clone()))),
            );
            options.push(Some(OwnerFilter::Unassigned));
            app.backlog.filter.owner = cycle(&options, &app.backlog.filter.owner);
            keep_selection(app, id);
        }
        Action::FilterPriority => {
            let id = selected_id(app);
            let mut options = vec![None];
            options.extend(Priority::ALL.map(Some));
            app.backlog.filter.priority = cycle(&options, &app.backlog.filter.priority);
            keep_selection(app, id);
        }
        Action::ClearFilters => {
            let id = selected_id(app);
            app.backlog.filter = BacklogFilter::default();
            keep_selection(app, id);
            app.info("filters cleared");
        }
        Action::AddBacklogItem => {
            let form = add_form(app, None, None);
            app.open(Popup::Form(form));
        }
        Action::EditTitle => {
            let Some(id) = need_item(app) else {
                return true;
            };
            let title = app
                .wb()
                .backlog_item(&id)
                .map(|b| b.title.clone())
                .unwrap_or_default();
            app.open(Popup::Input(Input::new(
                "Title",
                &format!("The title of {id}"),
                &title,
                then(Then::Title(id)),
            )));
        }
        Action::EditDescription => {
            let Some(id) = need_item(app) else {
                return true;
            };
            let text = app
                .wb()
                .backlog_item(&id)
                .map(|b| b.description.clone())
                .unwrap_or_default();
            app.effect = Some(Effect::EditBacklogDescription(id, text));
        }
        Action::Delete => {
            let Some(b) = selected_item(app) else {
                app.error("no backlog item selected");
                return true;
            };
            let message = format!("Delete {} \"{}\"? (u undoes it)", b.id, b.title);
            let id = b.id.clone();
            app.open(Popup::Confirm(Confirm {
                message,
                then: then(Then::Delete(id)),
            }));
        }
        Action::SetBacklogStatus(status) => {
            let Some(id) = need_item(app) else {
                return true;
            };
            if app
                .edit_touching(
                    &format!("mark {}", status.label()),
                    Touch::BacklogItem(id.clone()),
                    |wb, _| edit::set_backlog_status(wb, &id, status, today),
                )
                .is_some()
            {
                app.info(format!("{id} is {} ({today})", status.label()));
                if !select_id(app, &id) {
                    app.backlog.selected =
                        app.backlog.selected.min(rows(app).len().saturating_sub(1));
                }
            }
        }
        Action::SetOwner => {
            let Some(b) = selected_item(app) else {
                app.error("no backlog item selected");
                return true;
            };
            let id = b.id.clone();
            let current = b.owner.clone();
            let (options, selected) =
                crate::tui::popup::owner_choices(app.wb(), current.as_deref());
            let prompt = if app.wb().team.is_empty() {
                "The team is empty: add the first member."
            } else {
                ""
            };
            app.pick(
                &format!("Owner of {id}"),
                prompt,
                options,
                selected,
                then(Then::Owner(id)),
            );
        }
        Action::PriorityUp | Action::PriorityDown => {
            let Some(b) = selected_item(app) else {
                app.error("no backlog item selected");
                return true;
            };
            let (id, p) = (b.id.clone(), b.priority);
            let i = Priority::ALL.iter().position(|x| *x == p).unwrap_or(2);
            let next = if action == Action::PriorityUp {
                i.saturating_sub(1)
            } else {
                (i + 1).min(Priority::ALL.len() - 1)
            };
            set_priority(app, &id, Priority::ALL[next]);
        }
        Action::AcceptSuggestedPriority => {
            let Some(b) = selected_item(app) else {
                app.error("no backlog item selected");
                return true;
            };
            let (id, p) = (b.id.clone(), suggested_priority(&b.criteria));
            set_priority(app, &id, p);
        }
        Action::SetDue => {
            let Some(b) = selected_item(app) else {
                app.error("no backlog item selected");
                return true;
            };
            let id = b.id.clone();
            let due = b.due.map_or(String::new(), |d| d.to_string());
            let window = observation_window(app.wb())
                .map(|(s, _)| format!(" The observation window opens {s}: due later is at risk."))
                .unwrap_or_default();
            app.open(Popup::Input(Input::new(
                &format!("Due date of {id}"),
                &format!("YYYY-MM-DD; empty clears it.{window}"),
                &due,
                then(Then::Due(id)),
            )));
        }
        Action::ShowOnTimeline => {
            let Some(id) = need_item(app) else {
                return true;
            };
            super::timeline::show_backlog_due(app, &id);
        }
        Action::Enter | Action::Right if app.backlog.focus == Focus::Table => {
            if links(app).is_empty() {
                if action == Action::Enter {
                    app.info("this item links no criterion or item");
                }
                return action == Action::Enter;
            }
            app.backlog.focus = Focus::Links;
            app.backlog.link = 0;
        }
        Action::Enter => {
            let links = links(app);
            match links.get(app.backlog.link) {
                Some(Link::Criterion(c)) => {
                    let c = c.clone();
                    crate::tui::finder::show_in_checklist(app, &c, None);
                }
                Some(Link::Item { criterion, item }) => {
                    let (c, i) = (criterion.clone(), item.clone());
                    crate::tui::finder::show_in_checklist(app, &c, Some(&i));
                }
                Some(Link::Unknown(i)) => {
                    let i = i.clone();
                    app.error(format!("{i} is not a checklist item"));
                }
                None => {}
            }
        }
        Action::Left | Action::Back if app.backlog.focus == Focus::Links => {
            app.backlog.focus = Focus::Table;
        }
        Action::Click { column, row } => {
            let head = inner(table);
            let body = body_rect(table);
            if row == head.y && column >= head.x && column < head.x + head.width {
                let x = column - head.x;
                let hit = columns(head.width)
                    .into_iter()
                    .find(|c| x >= c.x && x <= c.x + c.width)
                    .and_then(|c| c.column);
                let Some(col) = hit else {
                    return false;
                };
                let id = selected_id(app);
                app.backlog.sort = Some(match app.backlog.sort {
                    Some((c, d)) if c == col => (c, d.flipped()),
                    _ => (col, SortDirection::Ascending),
                });
                keep_selection(app, id);
            } else if let Some(i) =
                super::clicked_index(body, row, column, app.backlog.selected, len)
            {
                app.backlog.selected = i;
                app.backlog.focus = Focus::Table;
                app.backlog.link = 0;
            } else if detail.contains(ratatui::layout::Position::new(column, row)) {
                if !links(app).is_empty() {
                    app.backlog.focus = Focus::Links;
                }
            } else {
                return false;
            }
        }
        other => {
            return match app.backlog.focus {
                Focus::Table => step(app.backlog.selected, len, other, page)
                    .map(|n| {
                        if n != app.backlog.selected {
                            app.backlog.link = 0;
                        }
                        app.backlog.selected = n;
                    })
                    .is_some(),
                Focus::Links => step(app.backlog.link, links(app).len(), other, page)
                    .map(|n| app.backlog.link = n)
                    .is_some(),
            };
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_the_width_and_keep_the_title_readable() {
        for w in [40u16, 78, 118, 200] {
            let cols = columns(w);
            assert_eq!(cols.len(), 8);
            let last = cols.last().unwrap();
            if w >= 78 {
                assert!(last.x + last.width <= w, "{w}");
            }
            assert!(cols[1].width >= 6);
        }
    }

    #[test]
    fn the_add_form_parses_its_fields() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let new = parse_new(&v(&["Fix it", "cc6.2, CC8.1", "maria", "2027-02-01", "p2"])).unwrap();
        assert_eq!(new.criteria, vec!["CC6.2", "CC8.1"]);
        assert_eq!(new.priority, Some(Priority::P2));
        assert_eq!(new.owner.as_deref(), Some("maria"));
        assert!(parse_new(&v(&["x", "", "", "2027-13-01", ""])).is_err());
        assert!(parse_new(&v(&["x", "", "", "", "P9"])).is_err());
        let blank = parse_new(&v(&["x", "", "", "", ""])).unwrap();
        assert_eq!((blank.due, blank.priority, blank.owner), (None, None, None));
    }
}
