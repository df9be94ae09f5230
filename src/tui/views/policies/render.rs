//! Drawing the Policies and People tabs: a table above, the selected row's details below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::analysis::policy::{PolicyState, is_active, person_gaps, policy_rows};
use crate::catalog::catalog;
use crate::catalog::policies::policy_set;
use crate::model::Date;
use crate::tui::app::App;
use crate::tui::fulltext::FullText;
use crate::tui::text::{fit, pad};
use crate::tui::views::{inner, scroll_offset};

use super::input::DETAIL_ROWS;
use super::{Tab, selected_person, selected_person_index, selected_policy_index};

const ID: usize = 20;
const STATE: usize = 22;
const DATE: usize = 10;

fn cell(text: &str, cols: usize) -> String {
    pad(&fit(text, cols), cols)
}

fn date(d: Option<Date>) -> String {
    d.map_or_else(|| "–".to_string(), |d| d.to_string())
}

/// Draws the view.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let st = &app.views.policies;
    let fig = super::dashboard_figures(app);
    let tabs = match st.tab {
        Tab::Policies => "[Policies]  People ",
        Tab::People => " Policies  [People]",
    };
    let title = match st.tab {
        Tab::Policies => format!(
            " {tabs} · {}/{} approved · ←/→ tab ",
            fig.approved, fig.policies
        ),
        Tab::People => format!(
            " {tabs} · {} active, {} left · {} {} something overdue ",
            fig.active_people,
            fig.leavers,
            fig.people_with_overdue,
            if fig.people_with_overdue == 1 {
                "has"
            } else {
                "have"
            }
        ),
    };
    frame.render_widget(
        Block::default()
            .borders(Borders::ALL)
            .border_style(t.border_focused)
            .title(Span::styled(
                fit(&title, usize::from(area.width.saturating_sub(2))),
                t.title,
            )),
        area,
    );
    let body = inner(area);
    let cols = usize::from(body.width);
    let table_h = usize::from(body.height.saturating_sub(DETAIL_ROWS + 1));
    let (mut lines, detail) = match st.tab {
        Tab::Policies => policies(app, cols, table_h),
        Tab::People => people(app, cols, table_h),
    };
    while lines.len() < table_h + 1 {
        lines.push(Line::default());
    }
    lines.push(Line::styled("─".repeat(cols), t.border));
    for l in detail
        .into_iter()
        .take(usize::from(DETAIL_ROWS).saturating_sub(1))
    {
        lines.push(l);
    }
    frame.render_widget(Paragraph::new(lines), body);
}

type Drawn = (Vec<Line<'static>>, Vec<Line<'static>>);

fn policies(app: &App, cols: usize, height: usize) -> Drawn {
    let t = &app.theme;
    let wb = app.wb();
    let now = super::file_now(app);
    let rows = policy_rows(policy_set(), wb, &now, app.today);
    let header = format!(
        "  {} {} {:>3} {} {} {:>5}",
        pad("Policy", ID),
        pad("State", STATE),
        "Ver",
        pad("Approved", DATE),
        pad("Review by", DATE),
        "Acks"
    );
    let mut lines = vec![Line::styled(pad(&header, cols), t.dim)];
    if rows.is_empty() {
        lines.push(Line::styled(
            "  No policies yet: `soc2 policy init PATH` writes the standard set.",
            t.dim,
        ));
        return (lines, Vec::new());
    }
    let selected = selected_policy_index(wb, &app.views.policies);
    let offset = scroll_offset(selected, height);
    for (i, r) in rows.iter().enumerate().skip(offset).take(height) {
        let state = if r.file_missing {
            format!("{} (no file)", r.state.label())
        } else {
            r.state.label().to_string()
        };
        let acks = if r.approval.is_some() {
            format!("{}/{}", r.acknowledged, r.to_acknowledge)
        } else {
            "–".to_string()
        };
        let text = format!(
            "  {} {} {:>3} {} {} {:>5}",
            cell(r.id, ID),
            cell(&state, STATE),
            r.record.version,
            cell(&date(r.approval.map(|a| a.date)), DATE),
            cell(&date(r.next_review), DATE),
            acks
        );
        let style = if i == selected {
            t.selected
        } else if r.file_missing || r.state != PolicyState::Current {
            t.warn
        } else {
            t.base
        };
        lines.push(Line::styled(pad(&text, cols), style));
    }
    let mut detail = Vec::new();
    if let Some(r) = rows.get(selected) {
        let owner = r.record.owner.as_deref().unwrap_or("nobody (o sets one)");
        detail.push(Line::styled(
            fit(
                &format!("{} · {} · owner {owner}", r.title, r.record.file),
                cols,
            ),
            t.title,
        ));
        let approval = match r.approval {
            Some(a) => format!(
                "version {} approved by {} on {}{}",
                a.version,
                a.by,
                a.date,
                a.commit
                    .as_deref()
                    .map(|c| format!(" (commit {})", c.get(..10).unwrap_or(c)))
                    .unwrap_or_default()
            ),
            None => "not approved: a approves the file as it is now".to_string(),
        };
        detail.push(Line::raw(fit(&approval, cols)));
        if let Some(a) = r.approval {
            let owing: Vec<&str> = wb
                .team
                .iter()
                .filter(|m| is_active(m, app.today) && r.record.ack(&m.id, a.version).is_none())
                .map(|m| m.id.as_str())
                .collect();
            let text = if owing.is_empty() {
                "acknowledged by everyone on the team".to_string()
            } else {
                format!("not acknowledged by {}", owing.join(", "))
            };
            detail.push(Line::styled(
                fit(&text, cols),
                if owing.is_empty() { t.good } else { t.warn },
            ));
        }
        if let Some(p) = policy_set().get(r.id) {
            detail.push(Line::styled(
                fit(&format!("backs {}", p.criteria.join(" ")), cols),
                t.dim,
            ));
        }
        detail.push(Line::styled(
            fit(
                "a approve · r review · s signed (acknowledged) · o owner · v read in full",
                cols,
            ),
            t.dim,
        ));
    }
    (lines, detail)
}

fn people(app: &App, cols: usize, height: usize) -> Drawn {
    let t = &app.theme;
    let wb = app.wb();
    let set = policy_set();
    let header = format!(
        "  {} {} {} {} {} {:>5} {:>4}",
        pad("Person", DATE),
        pad("Joined", DATE),
        pad("Bg check", DATE),
        pad("Training", DATE),
        pad("Device", DATE),
        "Acks",
        "Owes"
    );
    let mut lines = vec![Line::styled(pad(&header, cols), t.dim)];
    if wb.team.is_empty() {
        lines.push(Line::styled(
            "  Nobody yet: add people in the Team view (6).",
            t.dim,
        ));
        return (lines, Vec::new());
    }
    let approved: Vec<(&String, u32)> = wb
        .policies
        .iter()
        .filter_map(|(id, p)| p.current_approval().map(|a| (id, a.version)))
        .collect();
    let selected = selected_person_index(wb, &app.views.policies);
    let offset = scroll_offset(selected, height);
    for (i, m) in wb.team.iter().enumerate().skip(offset).take(height) {
        let active = is_active(m, app.today);
        let gaps = person_gaps(catalog(), set, wb, m, app.today);
        let acked = approved
            .iter()
            .filter(|(id, v)| wb.policies[*id].ack(&m.id, *v).is_some())
            .count();
        let name = if active {
            m.id.clone()
        } else {
            format!("{} (left)", fit(&m.id, 3))
        };
        let text = format!(
            "  {} {} {} {} {} {:>5} {:>4}",
            cell(&name, DATE),
            cell(&date(m.joined), DATE),
            cell(&date(m.background_check), DATE),
            cell(&date(m.training.last().copied()), DATE),
            cell(&date(m.device_enrolled), DATE),
            format!("{acked}/{}", approved.len()),
            if active {
                gaps.len().to_string()
            } else {
                "–".into()
            }
        );
        let style = if i == selected {
            t.selected
        } else if !active {
            t.dim
        } else if gaps.iter().any(|g| g.overdue) {
            t.warn
        } else {
            t.base
        };
        lines.push(Line::styled(pad(&text, cols), style));
    }
    let mut detail = Vec::new();
    if let Some(m) = selected_person(wb, &app.views.policies) {
        let gaps = person_gaps(catalog(), set, wb, m, app.today);
        let head = if !is_active(m, app.today) {
            format!(
                "{} · not on the team today (kept: leavers are a population)",
                m.name
            )
        } else if gaps.is_empty() {
            format!("{} · nothing owed", m.name)
        } else {
            format!("{} · owes {}:", m.name, gaps.len())
        };
        detail.push(Line::styled(fit(&head, cols), t.title));
        // The head and the keys take two of the detail lines; "… more" one when needed.
        let lines_left = usize::from(DETAIL_ROWS).saturating_sub(3);
        let room = if gaps.len() > lines_left {
            lines_left.saturating_sub(1)
        } else {
            lines_left
        };
        for g in gaps.iter().take(room) {
            let style = if g.overdue { t.bad } else { t.warn };
            detail.push(Line::styled(
                fit(&format!("  {}", g.describe(set)), cols),
                style,
            ));
        }
        if gaps.len() > room {
            detail.push(Line::styled(
                fit(
                    &format!("  … {} more (v reads them all)", gaps.len() - room),
                    cols,
                ),
                t.dim,
            ));
        }
        detail.push(Line::styled(
            fit("s signed (acknowledged) · t training · b background check · D device · v read in full", cols),
            t.dim,
        ));
    }
    (lines, detail)
}

/// The selected policy or person in full.
pub fn full_text(app: &App) -> Option<FullText> {
    let wb = app.wb();
    let st = &app.views.policies;
    let set = policy_set();
    match st.tab {
        Tab::Policies => {
            let id = super::selected_policy(wb, st)?;
            let r = &wb.policies[id];
            let mut lines = vec![format!("File: {}", r.file)];
            if let Some(p) = set.get(id) {
                lines.push(format!("Purpose: {}", p.purpose));
                lines.push("It must say:".to_string());
                lines.extend(p.must_say.iter().map(|s| format!("  - {s}")));
                lines.push(format!("Criteria: {}", p.criteria.join(", ")));
                lines.push(format!("Controls: {}", p.controls.join(", ")));
            }
            for a in &r.approvals {
                lines.push(format!(
                    "Version {} approved by {} on {}",
                    a.version, a.by, a.date
                ));
            }
            for v in &r.reviews {
                lines.push(format!("Reviewed by {} on {}", v.by, v.date));
            }
            for a in &r.acknowledgements {
                lines.push(format!(
                    "Acknowledged by {} (version {}) on {}",
                    a.member, a.version, a.date
                ));
            }
            Some(FullText::new(
                crate::tui::fulltext::title(id, &crate::analysis::policy::title(set, id)),
                lines,
            ))
        }
        Tab::People => {
            let m = selected_person(wb, st)?;
            let mut lines = vec![
                format!("Joined: {} · Left: {}", date(m.joined), date(m.left)),
                format!("Background check: {}", date(m.background_check)),
                format!(
                    "Training: {}",
                    if m.training.is_empty() {
                        "–".to_string()
                    } else {
                        m.training
                            .iter()
                            .map(Date::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                ),
                format!("Device enrolled: {}", date(m.device_enrolled)),
            ];
            for g in person_gaps(catalog(), set, wb, m, app.today) {
                lines.push(format!("Owes: {}", g.describe(set)));
            }
            Some(FullText::new(
                crate::tui::fulltext::title(&m.id, &m.name),
                lines,
            ))
        }
    }
}
