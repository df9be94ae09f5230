//! The scoping view's keys and popups: answers (each shows its effect at once), category
//! overrides with a reason, report settings, boundary and subservice organizations; each
//! change a typed [`Edit`] message.

use ratatui::layout::Rect;

use crate::catalog::scoping::{Question, QuestionKind, questionnaire};
use crate::edit::SubserviceChange;
use crate::model::{Answer, Category, Date, ReportType, SubserviceMethod, Workbook};
use crate::tui::action::Action;
use crate::tui::app::Effect;
use crate::tui::edits::Edit;
use crate::tui::msg::{Cx, Goto, Msg};
use crate::tui::popup::{self, Choice, Confirm, Input, Pick, Popup};

use super::{Then, then};

use crate::tui::views::{clicked_index, inner, step};

use super::render::list_and_detail;
use super::{Row, Setting, State, answer_label, row_keys, rows, selected_index};

fn selected_row(wb: &Workbook, st: &State) -> Option<Row> {
    if st.walk {
        return Some(Row::Question(st.question));
    }
    let rows = rows(wb);
    rows.get(selected_index(wb, &rows, st)).copied()
}

/// Answers the question at `index` and, in walk-through mode, moves to the next one.
fn answer_and_advance(index: usize, answer: Option<Answer>, out: &mut Vec<Msg>) {
    let Some(q) = questionnaire().questions.get(index) else {
        return;
    };
    out.push(Msg::Edit(Edit::Answer {
        question: q.id.clone(),
        answer,
    }));
    out.push(Msg::WalkTo(index + 1));
}

fn pick(title: &str, prompt: &str, options: Vec<Choice>, selected: usize, t: Then) -> Msg {
    Msg::Open(Popup::Pick(Pick {
        title: title.to_string(),
        prompt: prompt.to_string(),
        options,
        selected,
        then: then(t),
    }))
}

fn input(title: &str, prompt: &str, text: &str, t: Then) -> Msg {
    Msg::Open(Popup::Input(Input::new(title, prompt, text, then(t))))
}

fn confirm(message: String, t: Then) -> Msg {
    Msg::Open(Popup::Confirm(Confirm {
        message,
        then: then(t),
    }))
}

/// Handles the scoping view's keys.
pub fn update(cx: &Cx, st: &mut State, action: Action, area: Rect, out: &mut Vec<Msg>) -> bool {
    let wb = cx.wb;
    let nq = questionnaire().questions.len();
    let rows = rows(wb);
    let keys = row_keys(wb, &rows);
    let key_at = |i: usize| keys.get(i).map(String::as_str);
    let selected = selected_index(wb, &rows, st);
    let msg = match action {
        Action::ToggleWalkThrough => {
            st.walk = !st.walk;
            if st.walk {
                if let Some(Row::Question(i)) = rows.get(selected) {
                    st.question = *i;
                }
            } else if let Some(pos) = rows.iter().position(|r| *r == Row::Question(st.question)) {
                st.selected.set(pos, key_at);
            }
            return true;
        }
        Action::AnswerYes | Action::AnswerNo => {
            let Some(Row::Question(i)) = selected_row(wb, st) else {
                return false;
            };
            if questionnaire().questions[i].kind != QuestionKind::YesNo {
                Msg::Error("this question is not a yes/no question: press Enter to answer".into())
            } else {
                let a = if action == Action::AnswerYes {
                    Answer::Yes
                } else {
                    Answer::No
                };
                answer_and_advance(i, Some(a), out);
                return true;
            }
        }
        Action::ClearAnswer => match selected_row(wb, st) {
            Some(Row::Question(i)) => Msg::Edit(Edit::Answer {
                question: questionnaire().questions[i].id.clone(),
                answer: None,
            }),
            Some(Row::Category(c)) => Msg::Edit(Edit::FollowAnswers(c)),
            _ => return false,
        },
        Action::Enter => match selected_row(wb, st) {
            Some(row) => match open_editor_for(cx, row) {
                Some(msg) => msg,
                None => return true,
            },
            None => return false,
        },
        Action::DetailDown | Action::DetailUp if !st.walk => {
            let key = keys.get(selected).map(String::as_str);
            let delta = if action == Action::DetailDown { 1 } else { -1 };
            if st.detail.scroll(key, delta) {
                return true;
            }
            Msg::Info(crate::tui::views::checklist::detail_end(delta))
        }
        Action::AddSubservice => add_subservice(),
        Action::Delete => match selected_row(wb, st) {
            Some(Row::Subservice(i)) => {
                let Some(name) = wb.subservices().get(i).map(|s| s.name.clone()) else {
                    return false;
                };
                confirm(
                    format!(
                        "Make {name} an ordinary vendor (no longer a subservice organization)?"
                    ),
                    Then::RemoveSubservice(name),
                )
            }
            _ => return false,
        },
        Action::Left | Action::Up | Action::ScrollUp if st.walk => {
            st.question = st.question.saturating_sub(1);
            return true;
        }
        Action::Right | Action::Down | Action::ScrollDown if st.walk => {
            st.question = (st.question + 1).min(nq.saturating_sub(1));
            return true;
        }
        Action::Top if st.walk => {
            st.question = 0;
            return true;
        }
        Action::Bottom if st.walk => {
            st.question = nq.saturating_sub(1);
            return true;
        }
        Action::Click { column, row } if !st.walk => {
            let (list_rect, _) = list_and_detail(area);
            match clicked_index(inner(list_rect), row, column, selected, rows.len()) {
                Some(i) => st.selected.set(i, key_at),
                None => return false,
            }
            return true;
        }
        other if !st.walk => {
            let page = usize::from(area.height / 2).max(1);
            let Some(mut next) = step(selected, rows.len(), other, page) else {
                return false;
            };
            // Headings are not stops: keep going in the same direction.
            let down = next >= selected;
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
            st.selected.set(next, key_at);
            return true;
        }
        _ => return false,
    };
    out.push(msg);
    true
}

fn open_editor_for(cx: &Cx, row: Row) -> Option<Msg> {
    let wb = cx.wb;
    Some(match row {
        Row::Heading(_) => return None,
        Row::Question(i) => {
            let q = &questionnaire().questions[i];
            let t = Then::Answer(q.id.clone());
            let current = wb.scope.answers.get(&q.id);
            match &q.kind {
                QuestionKind::YesNo => {
                    let options = vec![
                        Choice::new("Yes", "yes"),
                        Choice::new("No", "no"),
                        Choice::nothing("(no answer)"),
                    ];
                    let sel = match current {
                        Some(Answer::No) => 1,
                        _ => 0,
                    };
                    pick("Answer", &q.text, options, sel, t)
                }
                QuestionKind::Choice(opts) => {
                    let mut options: Vec<Choice> =
                        opts.iter().map(|o| Choice::new(&o.label, &o.id)).collect();
                    options.push(Choice::nothing("(no answer)"));
                    let sel = match current {
                        Some(Answer::Choice(id)) => {
                            opts.iter().position(|o| &o.id == id).unwrap_or(0)
                        }
                        _ => 0,
                    };
                    pick("Answer", &q.text, options, sel, t)
                }
                QuestionKind::Number | QuestionKind::Date => {
                    let hint = if q.kind == QuestionKind::Number {
                        "a whole number"
                    } else {
                        "a date, YYYY-MM-DD"
                    };
                    let text = current.map_or(String::new(), |a| answer_label(q, Some(a)));
                    input(
                        "Answer",
                        &format!("{}\n({hint}; empty clears the answer)", q.text),
                        &text,
                        t,
                    )
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
            pick(
                c.label(),
                "Auditors ask why a category was included or left out: an override needs a reason.",
                options,
                sel,
                Then::Category(c),
            )
        }
        Row::Setting(Setting::ReportType) => pick(
            "Report type",
            "Type I tests design at one date; Type II tests operation over a window.",
            vec![
                Choice::new("Type I", "TypeI"),
                Choice::new("Type II", "TypeII"),
            ],
            usize::from(wb.scope.report_type == ReportType::TypeII),
            Then::ReportType,
        ),
        Row::Setting(Setting::ObservationMonths) => {
            let months = wb.scope.observation_months.unwrap_or(6).clamp(3, 12);
            pick(
                "Observation window",
                "How long a Type II report observes your controls operating: 3 to 12 whole months (6 is common for a first report, 12 for renewals).",
                (3u8..=12)
                    .map(|m| Choice::new(format!("{m} months"), m.to_string()))
                    .collect(),
                usize::from(months - 3),
                Then::ObservationMonths,
            )
        }
        Row::Setting(Setting::TargetDate) => input(
            "Target report date",
            "When you need the report in hand (YYYY-MM-DD; empty clears it)",
            &wb.scope
                .target_report_date
                .map_or(String::new(), |d| d.to_string()),
            Then::TargetDate,
        ),
        Row::Setting(Setting::Description) => {
            if wb.organization.description.contains('\n') {
                Msg::Effect(Effect::EditDescription(wb.organization.description.clone()))
            } else {
                input(
                    "System description",
                    "What the audited system does, in a sentence or two",
                    &wb.organization.description,
                    Then::Description,
                )
            }
        }
        Row::Setting(Setting::Boundary(list)) => {
            let current = match list {
                crate::edit::BoundaryList::Products => &wb.scope.boundary.products,
                crate::edit::BoundaryList::Environments => &wb.scope.boundary.environments,
                crate::edit::BoundaryList::DataTypes => &wb.scope.boundary.data_types,
            };
            input(
                "System boundary",
                "Comma-separated list (for example: production, staging)",
                &current.join(", "),
                Then::Boundary(list),
            )
        }
        Row::Subservice(i) => {
            let s = *wb.subservices().get(i)?;
            let other = match s.method() {
                SubserviceMethod::CarveOut => "inclusive",
                SubserviceMethod::Inclusive => "carve-out",
            };
            pick(
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
                    Choice::new(
                        "Open in the Vendors tab: reports, bridge letters, CUECs",
                        "vendors",
                    ),
                ],
                0,
                Then::SubserviceField(s.name.clone()),
            )
        }
        Row::AddSubservice => add_subservice(),
    })
}

fn add_subservice() -> Msg {
    input(
        "New subservice organization",
        "Vendor name, then what they do for you (for example: AWS, cloud hosting)",
        "",
        Then::AddSubservice,
    )
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
pub fn complete(cx: &Cx, _st: &mut State, t: Then, answer: popup::Answer, out: &mut Vec<Msg>) {
    let value = answer.text().to_string();
    let edit = match t {
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
                Ok(answer) => answer_and_advance(index, answer, out),
                Err(e) => out.push(Msg::Error(e)),
            }
            return;
        }
        Then::Category(c) => match value.as_str() {
            "rules" => Edit::FollowAnswers(c),
            choice => {
                let in_scope = choice == "in";
                if c == Category::Security && !in_scope {
                    out.push(Msg::Error(
                        crate::edit::EditError::SecurityRequired.to_string(),
                    ));
                    return;
                }
                out.push(input(
                    "Reason",
                    &format!(
                        "Why is {} {}? Auditors will ask.",
                        c.label(),
                        if in_scope { "in scope" } else { "out of scope" }
                    ),
                    "",
                    Then::OverrideReason(c, in_scope),
                ));
                return;
            }
        },
        Then::OverrideReason(category, in_scope) => Edit::OverrideCategory {
            category,
            in_scope,
            reason: value,
        },
        Then::ReportType => Edit::ReportType(if value == "TypeI" {
            ReportType::TypeI
        } else {
            ReportType::TypeII
        }),
        Then::ObservationMonths => Edit::ObservationMonths(value.parse::<u8>().unwrap_or(6)),
        Then::TargetDate => match parse_date_or_empty(&value) {
            Ok(date) => Edit::TargetDate(date),
            Err(e) => {
                out.push(Msg::Error(e));
                return;
            }
        },
        Then::Description => Edit::SystemDescription(value),
        Then::Boundary(list) => Edit::Boundary {
            list,
            entries: value.split(',').map(str::to_string).collect(),
        },
        Then::AddSubservice => {
            let (name, service) = value.split_once(',').unwrap_or((&value, ""));
            Edit::AddSubservice {
                name: name.to_string(),
                service: service.to_string(),
            }
        }
        Then::SubserviceField(name) => {
            let Some(s) = cx.wb.subservices().into_iter().find(|s| s.name == name) else {
                out.push(Msg::Error(format!(
                    "{name} is no longer a subservice organization (changed on disk?); nothing changed"
                )));
                return;
            };
            let name = s.name.clone();
            out.push(match value.as_str() {
                "name" => input(
                    "Rename",
                    "The vendor's name",
                    &s.name,
                    Then::SubserviceName(name),
                ),
                "service" => input(
                    "Service",
                    "What they do for you",
                    &s.service,
                    Then::SubserviceService(name),
                ),
                "method" => Msg::Edit(Edit::Subservice {
                    name,
                    change: SubserviceChange::Method(match s.method() {
                        SubserviceMethod::CarveOut => SubserviceMethod::Inclusive,
                        SubserviceMethod::Inclusive => SubserviceMethod::CarveOut,
                    }),
                }),
                "reviewed" => input(
                    "Report reviewed",
                    "When did you review their SOC 2 report? (YYYY-MM-DD; empty: not reviewed)",
                    &s.reviewed().unwrap_or(cx.today).to_string(),
                    Then::SubserviceReviewed(name),
                ),
                "period" => input(
                    "Their report's period",
                    "Start and end, for example: 2025-10-01 2026-09-30 (empty: unknown)",
                    &s.report_period()
                        .map_or(String::new(), |r| format!("{} {}", r.start, r.end)),
                    Then::SubservicePeriod(name),
                ),
                "relied" => input(
                    "Controls we rely on them for",
                    "Comma-separated (for example: physical security, hardware disposal)",
                    &s.csoc_texts().join(", "),
                    Then::SubserviceRelied(name),
                ),
                "vendors" => match cx.wb.vendor_named(&name) {
                    Some((id, _)) => Msg::Goto(Goto::Vendor(id.clone())),
                    None => return,
                },
                "remove" => confirm(
                    format!(
                        "Make {name} an ordinary vendor (no longer a subservice organization)?"
                    ),
                    Then::RemoveSubservice(name),
                ),
                _ => return,
            });
            return;
        }
        Then::SubserviceName(name) => Edit::Subservice {
            name,
            change: SubserviceChange::Name(value),
        },
        Then::SubserviceService(name) => Edit::Subservice {
            name,
            change: SubserviceChange::Service(value),
        },
        Then::SubserviceReviewed(name) => match parse_date_or_empty(&value) {
            Ok(date) => Edit::Subservice {
                name,
                change: SubserviceChange::Reviewed(date),
            },
            Err(e) => {
                out.push(Msg::Error(e));
                return;
            }
        },
        Then::SubservicePeriod(name) => match parse_period(&value) {
            Ok(period) => Edit::Subservice {
                name,
                change: SubserviceChange::ReportPeriod(period),
            },
            Err(e) => {
                out.push(Msg::Error(e));
                return;
            }
        },
        Then::SubserviceRelied(name) => Edit::Subservice {
            name,
            change: SubserviceChange::ReliedControls(
                value.split(',').map(str::to_string).collect(),
            ),
        },
        Then::RemoveSubservice(name) => Edit::RemoveSubservice(name),
    };
    out.push(Msg::Edit(edit));
}
