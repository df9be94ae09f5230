//! The scoping view's keys and popups: answers (each shows its effect at once), category
//! overrides with a reason, report settings, boundary and subservice organizations.

use crate::tui::history::Touch;
use ratatui::layout::Rect;

use crate::catalog::scoping::{Question, QuestionKind, questionnaire};
use crate::edit::{self, BoundaryList, SubserviceChange};
use crate::model::{Answer, Category, Date, ReportType, SubserviceMethod, Workbook};
use crate::tui::action::Action;
use crate::tui::app::{App, Effect};
use crate::tui::popup::{Choice, Input, Popup};

use super::{Then, then};

use crate::tui::views::{clicked_index, inner, step};

use super::render::list_and_detail;
use super::{Row, Setting, answer_label, rows};

pub(super) fn selected_question(app: &App) -> Option<usize> {
    if app.scoping.walk {
        return Some(app.scoping.question);
    }
    match rows(app.wb()).get(app.scoping.selected) {
        Some(Row::Question(i)) => Some(*i),
        _ => None,
    }
}

pub(super) fn selected_row(app: &App) -> Option<Row> {
    if app.scoping.walk {
        return Some(Row::Question(app.scoping.question));
    }
    rows(app.wb()).get(app.scoping.selected).copied()
}

/// Answers the question at `index` and, in walk-through mode, moves to the next one.
pub(super) fn answer_and_advance(app: &mut App, index: usize, answer: Option<Answer>) {
    let Some(q) = questionnaire().questions.get(index) else {
        return;
    };
    let id = q.id.clone();
    let before = app.doc.generation;
    app.answer(&id, answer);
    if app.scoping.walk && app.doc.generation != before {
        let last = questionnaire().questions.len().saturating_sub(1);
        app.scoping.question = (index + 1).min(last);
    }
}

/// Handles the scoping view's keys.
pub fn update(app: &mut App, action: Action, area: Rect) -> bool {
    let nq = questionnaire().questions.len();
    let rows = rows(app.wb());
    app.scoping.selected = app.scoping.selected.min(rows.len().saturating_sub(1));
    match action {
        Action::ToggleWalkThrough => {
            app.scoping.walk = !app.scoping.walk;
            if app.scoping.walk {
                if let Some(Row::Question(i)) = rows.get(app.scoping.selected) {
                    app.scoping.question = *i;
                }
            } else if let Some(pos) = rows
                .iter()
                .position(|r| *r == Row::Question(app.scoping.question))
            {
                app.scoping.selected = pos;
            }
        }
        Action::AnswerYes | Action::AnswerNo => {
            let Some(i) = selected_question(app) else {
                return false;
            };
            if questionnaire().questions[i].kind != QuestionKind::YesNo {
                app.error("this question is not a yes/no question: press Enter to answer");
                return true;
            }
            let a = if action == Action::AnswerYes {
                Answer::Yes
            } else {
                Answer::No
            };
            answer_and_advance(app, i, Some(a));
        }
        Action::ClearAnswer => match selected_row(app) {
            Some(Row::Question(i)) => {
                let id = questionnaire().questions[i].id.clone();
                app.answer(&id, None);
            }
            Some(Row::Category(c)) => {
                app.edit_touching("follow the answers", Touch::Small, |wb, _| {
                    edit::clear_category_override(wb, c);
                    Ok(())
                });
                app.info(format!("{} follows the scoping answers again", c.label()));
            }
            _ => return false,
        },
        Action::Enter => match selected_row(app) {
            Some(row) => open_editor_for(app, row),
            None => return false,
        },
        Action::AddSubservice => open_add_subservice(app),
        Action::Delete => match selected_row(app) {
            Some(Row::Subservice(i)) => {
                let Some(name) = app.wb().scope.subservices.get(i).map(|s| s.name.clone()) else {
                    return false;
                };
                app.confirm(
                    format!("Remove {name} from the subservice organizations?"),
                    then(Then::RemoveSubservice(name)),
                );
            }
            _ => return false,
        },
        Action::Left | Action::Up | Action::ScrollUp if app.scoping.walk => {
            app.scoping.question = app.scoping.question.saturating_sub(1);
        }
        Action::Right | Action::Down | Action::ScrollDown if app.scoping.walk => {
            app.scoping.question = (app.scoping.question + 1).min(nq.saturating_sub(1));
        }
        Action::Top if app.scoping.walk => app.scoping.question = 0,
        Action::Bottom if app.scoping.walk => app.scoping.question = nq.saturating_sub(1),
        Action::Click { column, row } if !app.scoping.walk => {
            let (list_rect, _) = list_and_detail(area);
            match clicked_index(
                inner(list_rect),
                row,
                column,
                app.scoping.selected,
                rows.len(),
            ) {
                Some(i) => app.scoping.selected = i,
                None => return false,
            }
        }
        other if !app.scoping.walk => {
            let page = usize::from(area.height / 2).max(1);
            let Some(mut next) = step(app.scoping.selected, rows.len(), other, page) else {
                return false;
            };
            // Headings are not stops: keep going in the same direction.
            let down = next >= app.scoping.selected;
            while matches!(rows.get(next), Some(Row::Heading(_))) {
                next = if down {
                    if next + 1 >= rows.len() {
                        break;
                    }
                    next + 1
                } else {
                    if next == 0 {
                        next = 1;
                        break;
                    }
                    next - 1
                };
            }
            app.scoping.selected = next;
        }
        _ => return false,
    }
    true
}

pub(super) fn open_editor_for(app: &mut App, row: Row) {
    // Only the parts this needs: the checklist and the backlog can be large.
    let wb = Workbook {
        organization: app.wb().organization.clone(),
        scope: app.wb().scope.clone(),
        ..Workbook::default()
    };
    match row {
        Row::Heading(_) => {}
        Row::Question(i) => {
            let q = &questionnaire().questions[i];
            let then = then(Then::Answer(q.id.clone()));
            let current = wb.scope.answers.get(&q.id);
            match &q.kind {
                QuestionKind::YesNo => {
                    let options = vec![
                        Choice::new("Yes", "yes"),
                        Choice::new("No", "no"),
                        Choice::new("(no answer)", ""),
                    ];
                    let sel = match current {
                        Some(Answer::No) => 1,
                        _ => 0,
                    };
                    app.pick("Answer", &q.text, options, sel, then);
                }
                QuestionKind::Choice(opts) => {
                    let mut options: Vec<Choice> =
                        opts.iter().map(|o| Choice::new(&o.label, &o.id)).collect();
                    options.push(Choice::new("(no answer)", ""));
                    let sel = match current {
                        Some(Answer::Choice(id)) => {
                            opts.iter().position(|o| &o.id == id).unwrap_or(0)
                        }
                        _ => 0,
                    };
                    app.pick("Answer", &q.text, options, sel, then);
                }
                QuestionKind::Number | QuestionKind::Date => {
                    let hint = if q.kind == QuestionKind::Number {
                        "a whole number"
                    } else {
                        "a date, YYYY-MM-DD"
                    };
                    let text = current.map_or(String::new(), |a| answer_label(q, Some(a)));
                    app.open(Popup::Input(Input::new(
                        "Answer",
                        &format!("{}\n({hint}; empty clears the answer)", q.text),
                        &text,
                        then,
                    )));
                }
            }
        }
        Row::Category(c) => {
            let options = vec![
                Choice::new("In scope (my decision)", "in"),
                Choice::new("Out of scope (my decision)", "out"),
                Choice::new("Follow the scoping answers", "rules"),
            ];
            let sel = usize::from(!wb.in_scope(c));
            app.pick(
                c.label(),
                "Auditors ask why a category was included or left out: an override needs a reason.",
                options,
                sel,
                then(Then::Category(c)),
            );
        }
        Row::Setting(Setting::ReportType) => {
            let sel = usize::from(wb.scope.report_type == ReportType::TypeII);
            app.pick(
                "Report type",
                "Type I tests design at one date; Type II tests operation over a window.",
                vec![
                    Choice::new("Type I", "TypeI"),
                    Choice::new("Type II", "TypeII"),
                ],
                sel,
                then(Then::ReportType),
            );
        }
        Row::Setting(Setting::ObservationMonths) => {
            let months = wb.scope.observation_months.unwrap_or(6).clamp(3, 12);
            app.pick(
                "Observation window",
                "How long a Type II report observes your controls operating: 3 to 12 whole months (6 is common for a first report, 12 for renewals).",
                (3u8..=12)
                    .map(|m| Choice::new(format!("{m} months"), m.to_string()))
                    .collect(),
                usize::from(months - 3),
                then(Then::ObservationMonths),
            );
        }
        Row::Setting(Setting::TargetDate) => app.open(Popup::Input(Input::new(
            "Target report date",
            "When you need the report in hand (YYYY-MM-DD; empty clears it)",
            &wb.scope
                .target_report_date
                .map_or(String::new(), |d| d.to_string()),
            then(Then::TargetDate),
        ))),
        Row::Setting(Setting::Description) => {
            if wb.organization.description.contains('\n') {
                app.effect = Some(Effect::EditDescription(wb.organization.description.clone()));
            } else {
                app.open(Popup::Input(Input::new(
                    "System description",
                    "What the audited system does, in a sentence or two",
                    &wb.organization.description,
                    then(Then::Description),
                )));
            }
        }
        Row::Setting(Setting::Boundary(list)) => {
            let current = match list {
                BoundaryList::Products => &wb.scope.boundary.products,
                BoundaryList::Environments => &wb.scope.boundary.environments,
                BoundaryList::DataTypes => &wb.scope.boundary.data_types,
            };
            app.open(Popup::Input(Input::new(
                "System boundary",
                "Comma-separated list (for example: production, staging)",
                &current.join(", "),
                then(Then::Boundary(list)),
            )));
        }
        Row::Subservice(i) => {
            let Some(s) = wb.scope.subservices.get(i) else {
                return;
            };
            let other = match s.method {
                SubserviceMethod::CarveOut => "inclusive",
                SubserviceMethod::Inclusive => "carve-out",
            };
            app.pick(
                &s.name,
                "",
                vec![
                    Choice::new("Rename", "name"),
                    Choice::new("Change what they do for us", "service"),
                    Choice::new(format!("Switch to {other}"), "method"),
                    Choice::new("Record that we reviewed their SOC 2 report", "reviewed"),
                    Choice::new("The period their SOC 2 report covers", "period"),
                    Choice::new("Controls we rely on them to operate", "relied"),
                    Choice::new("Remove", "remove"),
                ],
                0,
                then(Then::SubserviceField(s.name.clone())),
            );
        }
        Row::AddSubservice => open_add_subservice(app),
    }
}

pub(super) fn open_add_subservice(app: &mut App) {
    app.open(Popup::Input(Input::new(
        "New subservice organization",
        "Vendor name, then what they do for you (for example: AWS, cloud hosting)",
        "",
        then(Then::AddSubservice),
    )));
}

/// An answer typed or picked in the app; empty clears it.
pub(super) fn parse_answer(q: &Question, value: &str) -> Result<Option<Answer>, String> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    crate::catalog::scoping::parse_answer(q, value).map(Some)
}

/// `"2025-10-01 2026-09-30"` → the period; empty → none.
pub(super) fn parse_period(value: &str) -> Result<Option<crate::model::DateRange>, String> {
    let words: Vec<&str> = value.split_whitespace().collect();
    match words.as_slice() {
        [] => Ok(None),
        [start, end] => {
            let start = start.parse::<Date>().map_err(|e| e.to_string())?;
            let end = end.parse::<Date>().map_err(|e| e.to_string())?;
            Ok(Some(crate::model::DateRange { start, end }))
        }
        _ => Err("write the start and the end dates, for example: 2025-10-01 2026-09-30".into()),
    }
}

pub(super) fn parse_date_or_empty(value: &str) -> Result<Option<Date>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value.parse::<Date>().map(Some).map_err(|e| e.to_string())
}

/// Completes the scoping popups.
pub fn complete(app: &mut App, answer: Then, value: String) {
    match answer {
        Then::Answer(id) => {
            let Some((index, q)) = questionnaire()
                .questions
                .iter()
                .enumerate()
                .find(|(_, q)| q.id == id)
            else {
                return;
            };
            match parse_answer(q, &value) {
                Ok(answer) => answer_and_advance(app, index, answer),
                Err(e) => app.error(e),
            }
        }
        Then::Category(c) => match value.as_str() {
            "rules" => {
                app.edit_touching("follow the answers", Touch::Small, |wb, _| {
                    edit::clear_category_override(wb, c);
                    Ok(())
                });
                app.info(format!("{} follows the scoping answers", c.label()));
            }
            choice => {
                let in_scope = choice == "in";
                if c == Category::Security && !in_scope {
                    app.error(edit::EditError::SecurityRequired.to_string());
                    return;
                }
                app.open(Popup::Input(Input::new(
                    "Reason",
                    &format!(
                        "Why is {} {}? Auditors will ask.",
                        c.label(),
                        if in_scope { "in scope" } else { "out of scope" }
                    ),
                    "",
                    then(Then::OverrideReason(c, in_scope)),
                )));
            }
        },
        Then::OverrideReason(c, in_scope) => {
            let decided = app.edit_touching("override category", Touch::Small, |wb, _| {
                edit::override_category(wb, c, in_scope, &value)
            });
            if decided.is_some() {
                app.info(format!(
                    "{} is {} by your decision",
                    c.label(),
                    if in_scope { "in scope" } else { "out of scope" }
                ));
            }
        }
        Then::ReportType => {
            let rt = if value == "TypeI" {
                ReportType::TypeI
            } else {
                ReportType::TypeII
            };
            app.edit_touching("set report type", Touch::Small, |wb, _| {
                edit::set_report_type(wb, rt);
                Ok(())
            });
        }
        Then::ObservationMonths => {
            let months = value.parse::<u8>().unwrap_or(6);
            app.edit_touching("set observation window", Touch::Small, |wb, _| {
                edit::set_observation_months(wb, months)
            });
        }
        Then::TargetDate => match parse_date_or_empty(&value) {
            Ok(date) => {
                app.edit_touching("set target date", Touch::Small, |wb, _| {
                    edit::set_target_report_date(wb, date);
                    Ok(())
                });
            }
            Err(e) => app.error(e),
        },
        Then::Description => {
            app.edit_touching("edit system description", Touch::Small, |wb, _| {
                edit::set_system_description(wb, &value);
                Ok(())
            });
        }
        Then::Boundary(list) => {
            let entries: Vec<&str> = value.split(',').collect();
            app.edit_touching("edit boundary", Touch::Small, |wb, _| {
                edit::set_boundary(wb, list, &entries);
                Ok(())
            });
        }
        Then::AddSubservice => {
            let (name, service) = value.split_once(',').unwrap_or((&value, ""));
            if let Some(i) =
                app.edit_touching("add subservice organization", Touch::Small, |wb, _| {
                    edit::add_subservice(wb, name, service)
                })
            {
                if let Some(pos) = rows(app.wb()).iter().position(|r| *r == Row::Subservice(i)) {
                    app.scoping.selected = pos;
                }
                app.info(format!(
                    "{} added as a carve-out subservice organization",
                    name.trim()
                ));
            }
        }
        Then::SubserviceField(name) => {
            let Some(s) = app
                .wb()
                .scope
                .subservices
                .iter()
                .find(|s| s.name == name)
                .cloned()
            else {
                app.error(gone(&name).to_string());
                return;
            };
            match value.as_str() {
                "name" => app.open(Popup::Input(Input::new(
                    "Rename",
                    "The vendor's name",
                    &s.name,
                    then(Then::SubserviceName(s.name.clone())),
                ))),
                "service" => app.open(Popup::Input(Input::new(
                    "Service",
                    "What they do for you",
                    &s.service,
                    then(Then::SubserviceService(s.name.clone())),
                ))),
                "method" => {
                    let method = match s.method {
                        SubserviceMethod::CarveOut => SubserviceMethod::Inclusive,
                        SubserviceMethod::Inclusive => SubserviceMethod::CarveOut,
                    };
                    app.edit_touching("change subservice method", Touch::Small, |wb, _| {
                        edit::update_subservice(
                            wb,
                            at(wb, &s.name)?,
                            SubserviceChange::Method(method),
                        )
                    });
                }
                "reviewed" => app.open(Popup::Input(Input::new(
                    "Report reviewed",
                    "When did you review their SOC 2 report? (YYYY-MM-DD; empty: not reviewed)",
                    &s.reviewed.unwrap_or(app.today).to_string(),
                    then(Then::SubserviceReviewed(s.name.clone())),
                ))),
                "period" => app.open(Popup::Input(Input::new(
                    "Their report's period",
                    "Start and end, for example: 2025-10-01 2026-09-30 (empty: unknown)",
                    &s.report_period
                        .map_or(String::new(), |r| format!("{} {}", r.start, r.end)),
                    then(Then::SubservicePeriod(s.name.clone())),
                ))),
                "relied" => app.open(Popup::Input(Input::new(
                    "Controls we rely on them for",
                    "Comma-separated (for example: physical security, hardware disposal)",
                    &s.relied_controls.join(", "),
                    then(Then::SubserviceRelied(s.name.clone())),
                ))),
                "remove" => app.confirm(
                    format!("Remove {} from the subservice organizations?", s.name),
                    then(Then::RemoveSubservice(s.name.clone())),
                ),
                _ => {}
            }
        }
        Then::SubserviceName(name) => {
            app.edit_touching("rename subservice organization", Touch::Small, |wb, _| {
                edit::update_subservice(wb, at(wb, &name)?, SubserviceChange::Name(value.clone()))
            });
        }
        Then::SubserviceService(name) => {
            app.edit_touching("edit subservice service", Touch::Small, |wb, _| {
                edit::update_subservice(
                    wb,
                    at(wb, &name)?,
                    SubserviceChange::Service(value.clone()),
                )
            });
        }
        Then::SubserviceReviewed(name) => match parse_date_or_empty(&value) {
            Ok(date) => {
                app.edit_touching("record subservice review", Touch::Small, |wb, _| {
                    edit::update_subservice(wb, at(wb, &name)?, SubserviceChange::Reviewed(date))
                });
            }
            Err(e) => app.error(e),
        },
        Then::SubservicePeriod(name) => match parse_period(&value) {
            Ok(period) => {
                app.edit_touching("set subservice report period", Touch::Small, |wb, _| {
                    edit::update_subservice(
                        wb,
                        at(wb, &name)?,
                        SubserviceChange::ReportPeriod(period),
                    )
                });
            }
            Err(e) => app.error(e),
        },
        Then::SubserviceRelied(name) => {
            let controls = value.split(',').map(str::to_string).collect();
            app.edit_touching("set controls relied on", Touch::Small, |wb, _| {
                edit::update_subservice(
                    wb,
                    at(wb, &name)?,
                    SubserviceChange::ReliedControls(controls),
                )
            });
        }
        Then::RemoveSubservice(name) => {
            if let Some(s) =
                app.edit_touching("remove subservice organization", Touch::Small, |wb, _| {
                    edit::remove_subservice(wb, at(wb, &name)?)
                })
            {
                app.info(format!("{} removed", s.name));
            }
        }
    }
}

/// Where the subservice organization a popup named is now (names are unique).
fn at(wb: &Workbook, name: &str) -> Result<usize, edit::EditError> {
    wb.scope
        .subservices
        .iter()
        .position(|s| s.name == name)
        .ok_or_else(|| gone(name))
}

fn gone(name: &str) -> edit::EditError {
    edit::EditError::Invalid(format!(
        "{name} is no longer a subservice organization (changed on disk?); nothing changed"
    ))
}
