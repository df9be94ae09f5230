//! Risks keys and popups: move, add a risk, rate it before and after controls, treatment,
//! owner, link a control, accept it, record the assessment, flip the heat map.

use ratatui::layout::Rect;

use crate::analysis::policy::is_active;
use crate::analysis::readiness::criteria_in_scope;
use crate::catalog::catalog;
use crate::edit::{NewRisk, RiskField};
use crate::model::{Date, RiskAssessment, SignOff, Treatment};
use crate::tui::action::Action;
use crate::tui::edits::{Edit, RiskChange};
use crate::tui::msg::{Cx, Goto, Msg};
use crate::tui::popup::{Answer, Choice, Chosen, Input, Pick, Popup};
use crate::tui::text::clean;
use crate::tui::views::{clicked_index, inner};

use super::{State, Then, risk_ids, selected, selected_index, then};

/// Rows under the list for the selected risk's details (kept in step with `render.rs`).
pub(super) const DETAIL_ROWS: u16 = 7;
/// Columns of the heat map on the right.
pub(super) const MAP_WIDTH: u16 = 22;

fn ask(title: &str, prompt: String, text: String, t: Then) -> Msg {
    Msg::Open(Popup::Input(Input::new(title, &prompt, &text, then(t))))
}

/// Handles an action while the view has the focus; `false` when it does not apply.
pub fn update(cx: &Cx, st: &mut State, action: Action, area: Rect, out: &mut Vec<Msg>) -> bool {
    let wb = cx.wb;
    let ids = risk_ids(wb);
    let page = usize::from(area.height.saturating_sub(DETAIL_ROWS + 4)).max(1);
    if st
        .risk
        .step(ids.len(), |i| ids.get(i).copied(), action, page)
    {
        return true;
    }
    if let Action::Click { column, row } = action {
        let mut list = inner(area);
        list.y = list.y.saturating_add(1);
        list.height = list.height.saturating_sub(2 + DETAIL_ROWS);
        list.width = list.width.saturating_sub(MAP_WIDTH);
        let at = selected_index(wb, st);
        if let Some(i) = clicked_index(list, row, column, at, ids.len()) {
            st.risk.set(i, |i| ids.get(i).copied());
        }
        return true;
    }
    match action {
        Action::ToggleHeatMap => {
            st.residual = !st.residual;
            return true;
        }
        Action::AddRisk => {
            out.push(ask(
                "New risk",
                "likelihood impact category title, e.g. `3 4 security Laptop lost` (1–5 each; categories: security, availability, confidentiality, privacy, processing-integrity, vendor, compliance, operational, fraud, people)".into(),
                "3 3 security ".into(),
                Then::Add,
            ));
            return true;
        }
        Action::GapToBacklog => {
            let id = selected(wb, st);
            let findings = crate::analysis::risk::findings(
                catalog(),
                crate::catalog::risks::risk_vocabulary(),
                wb,
                cx.today,
            );
            let first = findings
                .iter()
                .find(|f| id.is_some() && f.risk.as_deref() == id)
                .or_else(|| findings.iter().find(|f| f.risk.is_none()));
            out.push(match first {
                Some(f) => Msg::Edit(Edit::Risk(RiskChange::ToBacklog(f.suggested_backlog(wb)))),
                None => Msg::Info("no finding to turn into a backlog item".into()),
            });
            return true;
        }
        Action::RecordAssessment => {
            let me = cx.me.unwrap_or_default();
            out.push(ask(
                "Risk assessment",
                "The annual risk assessment: performed by, date, signed off by (blank: not signed off yet)".into(),
                format!("{me}, {}, {me}", cx.today),
                Then::Assess,
            ));
            return true;
        }
        _ => {}
    }
    let Some(id) = selected(wb, st) else {
        return match action {
            Action::RateRisk
            | Action::RateResidual
            | Action::SetTreatment
            | Action::SetOwner
            | Action::LinkControl
            | Action::AcceptRisk => {
                out.push(Msg::Error(
                    "the register is empty: a adds a risk, `soc2 risk init PATH` the starter set"
                        .into(),
                ));
                true
            }
            _ => false,
        };
    };
    let r = &wb.risks[id];
    let id = id.to_string();
    let msg = match action {
        Action::RateRisk => ask(
            "Inherent rating",
            format!(
                "{} before controls: likelihood impact (1–5 each)",
                clean(&r.title)
            ),
            format!("{} {}", r.likelihood, r.impact),
            Then::Rate(id),
        ),
        Action::RateResidual => ask(
            "Residual rating",
            format!(
                "{} after its controls: likelihood impact (1–5 each; blank: not rated)",
                clean(&r.title)
            ),
            match (r.residual_likelihood, r.residual_impact) {
                (Some(l), Some(i)) => format!("{l} {i}"),
                _ => String::new(),
            },
            Then::Residual(id),
        ),
        Action::SetTreatment => {
            let mut options: Vec<Choice> = Treatment::ALL
                .iter()
                .map(|t| Choice::new(t.label(), t.label()))
                .collect();
            options.push(Choice::nothing("(not decided)"));
            Msg::Open(Popup::Pick(Pick {
                title: "Treatment".into(),
                prompt: format!("What is done about {}?", clean(&r.title)),
                selected: r
                    .treatment
                    .and_then(|t| Treatment::ALL.iter().position(|x| *x == t))
                    .unwrap_or(0),
                options,
                then: then(Then::Treatment(id)),
            }))
        }
        Action::SetOwner => {
            let mut options: Vec<Choice> = wb
                .team
                .iter()
                .filter(|m| is_active(m, cx.today))
                .map(|m| Choice::new(format!("{} ({})", m.name, m.id), &m.id))
                .collect();
            options.push(Choice::nothing("(nobody)"));
            Msg::Open(Popup::Pick(Pick {
                title: "Risk owner".into(),
                prompt: format!("Who answers for {}?", clean(&r.title)),
                options,
                selected: 0,
                then: then(Then::Owner(id)),
            }))
        }
        Action::LinkControl => {
            let cat = catalog();
            let linked = |c: &str| r.controls.iter().any(|x| x == c);
            let mut options: Vec<Choice> = r
                .controls
                .iter()
                .map(|c| {
                    let title = cat.item(c).map_or(c.as_str(), |(_, i)| i.title.as_str());
                    Choice::new(format!("✓ {c} · {title} (unlink)"), c)
                })
                .collect();
            for criterion in criteria_in_scope(cat, wb) {
                for (_, item) in cat.checklist_of(&criterion.id) {
                    let item_id = item.id.as_str();
                    if linked(item_id)
                        || options
                            .iter()
                            .any(|o| o.value == Chosen::Value(item_id.to_string()))
                    {
                        continue;
                    }
                    options.push(Choice::new(
                        format!("  {item_id} · {}", item.title),
                        item_id,
                    ));
                }
            }
            Msg::Open(Popup::Pick(Pick {
                title: "Mitigating control".into(),
                prompt: format!(
                    "Which control mitigates {}? (✓ linked: choosing it unlinks it)",
                    clean(&r.title)
                ),
                options,
                selected: 0,
                then: then(Then::Control(id)),
            }))
        }
        Action::AcceptRisk => {
            let who = cx.me.or(r.owner.as_deref()).unwrap_or_default();
            ask(
                "Accept",
                format!(
                    "Leadership accepts {} as it is: approver, date (blank clears the acceptance)",
                    clean(&r.title)
                ),
                match &r.acceptance {
                    Some(a) => format!("{}, {}", a.by, a.date),
                    None => format!("{who}, {}", cx.today),
                },
                Then::Accept(id),
            )
        }
        Action::Enter => match r.controls.first().and_then(|c| catalog().item(c)) {
            Some((home, item)) => Msg::Goto(Goto::Checklist {
                criterion: home.id.clone(),
                item: Some(item.id.clone()),
            }),
            None => Msg::Info(format!(
                "{} has no catalog control: c links one",
                clean(&id)
            )),
        },
        _ => return false,
    };
    out.push(msg);
    true
}

/// `3 4` → two ratings.
fn two_ratings(text: &str) -> Result<(u8, u8), String> {
    let mut it = text
        .split([' ', ',', 'x', '×'])
        .filter(|s| !s.trim().is_empty());
    let n = |s: Option<&str>| -> Result<u8, String> {
        let s = s.ok_or("type likelihood then impact, e.g. `3 4`")?;
        s.trim()
            .parse::<u8>()
            .map_err(|_| format!("{s} is not a rating from 1 to 5"))
    };
    let l = n(it.next())?;
    let i = n(it.next())?;
    if it.next().is_some() {
        return Err("type two numbers: likelihood then impact".into());
    }
    Ok((l, i))
}

/// `maria, 2026-11-22` → the handle and the date (today when left out).
fn who_and_when(text: &str, today: Date) -> Result<(String, Date), String> {
    let (who, when) = text.split_once(',').unwrap_or((text, ""));
    let who = who.trim().to_string();
    if who.is_empty() {
        return Err("name the person first: handle, date".into());
    }
    let when = match when.trim() {
        "" => today,
        d => d.parse::<Date>().map_err(|e| e.to_string())?,
    };
    Ok((who, when))
}

/// `3 4 security Laptop lost` → a new risk.
fn new_risk(text: &str) -> Result<NewRisk, String> {
    let mut parts = text.trim().splitn(4, ' ');
    let mut next = |what: &str| {
        parts
            .next()
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| format!("{what} is missing: type likelihood impact category title"))
    };
    let (l, i) = two_ratings(&format!(
        "{} {}",
        next("the likelihood")?,
        next("the impact")?
    ))?;
    let category = next("the category")?.to_string();
    let title = next("the title")?.to_string();
    Ok(NewRisk {
        title,
        category,
        likelihood: l,
        impact: i,
        treatment: Some(Treatment::Mitigate),
        ..NewRisk::default()
    })
}

/// Carries out what a popup of this view was opened for.
pub fn complete(cx: &Cx, _st: &mut State, t: Then, answer: Answer, out: &mut Vec<Msg>) {
    let value = answer.text().to_string();
    let set = |id: String, field: RiskField| Edit::Risk(RiskChange::Set { id, field });
    let edit = match t {
        Then::Add => match new_risk(&value) {
            Ok(new) => Edit::Risk(RiskChange::Add(new)),
            Err(e) => return out.push(Msg::Error(e)),
        },
        Then::Rate(id) => match two_ratings(&value) {
            Ok((l, i)) => Edit::Risk(RiskChange::Rate {
                id,
                likelihood: l,
                impact: i,
            }),
            Err(e) => return out.push(Msg::Error(e)),
        },
        Then::Residual(id) if value.trim().is_empty() => set(id, RiskField::Residual(None)),
        Then::Residual(id) => match two_ratings(&value) {
            Ok(r) => set(id, RiskField::Residual(Some(r))),
            Err(e) => return out.push(Msg::Error(e)),
        },
        Then::Treatment(id) => set(id, RiskField::Treatment(Treatment::parse(&value))),
        Then::Owner(id) => set(
            id,
            RiskField::Owner(match answer {
                Answer::Chosen(Chosen::Value(v)) => Some(v),
                _ => None,
            }),
        ),
        Then::Control(id) => set(id, RiskField::ToggleControl(value)),
        Then::Accept(id) if value.trim().is_empty() => set(id, RiskField::Acceptance(None)),
        Then::Accept(id) => match who_and_when(&value, cx.today) {
            Ok((by, date)) => set(id, RiskField::Acceptance(Some(SignOff { by, date }))),
            Err(e) => return out.push(Msg::Error(e)),
        },
        Then::Assess => {
            let mut parts = value.splitn(3, ',').map(str::trim);
            let by = parts.next().unwrap_or_default().to_string();
            let date = match parts.next().unwrap_or_default() {
                "" => cx.today,
                d => match d.parse::<Date>() {
                    Ok(d) => d,
                    Err(e) => return out.push(Msg::Error(e.to_string())),
                },
            };
            let signed_off = parts.next().filter(|s| !s.is_empty()).map(|s| SignOff {
                by: s.to_string(),
                date: cx.today.max(date),
            });
            Edit::Risk(RiskChange::Assess(RiskAssessment {
                date,
                by,
                signed_off,
                summary: String::new(),
            }))
        }
    };
    out.push(Msg::Edit(edit));
}
