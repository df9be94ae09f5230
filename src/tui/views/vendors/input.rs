//! Vendors keys and popups: add a vendor, edit its fields, owner, record a report, a
//! bridge letter, an exception, a CUEC or CSOC mapped to a control (picked from the
//! checklist), turn a finding into a backlog item, remove the vendor.

use ratatui::layout::Rect;

use crate::analysis::vendor::review;
use crate::catalog::catalog;
use crate::edit::{NewBacklogItem, VendorChange};
use crate::model::{
    Date, DateRange, MappedControl, Opinion, ReportException, ReportKind, SocReport,
    SubserviceMethod, Tier, VendorBridgeLetter,
};
use crate::tui::action::Action;
use crate::tui::edits::Edit;
use crate::tui::msg::{Cx, Goto, Msg};
use crate::tui::popup::{Answer, Choice, Chosen, Confirm, Input, Pick, Popup};
use crate::tui::text::clean;
use crate::tui::views::{clicked_index, inner};

use super::render::table_rows;
use super::{State, Then, selected, selected_index, then, vendor_ids};

fn ask(title: &str, prompt: String, text: String, t: Then) -> Msg {
    Msg::Open(Popup::Input(Input::new(title, &prompt, &text, then(t))))
}

fn pick(title: &str, prompt: String, options: Vec<Choice>, t: Then) -> Msg {
    Msg::Open(Popup::Pick(Pick {
        title: title.into(),
        prompt,
        options,
        selected: 0,
        then: then(t),
    }))
}

/// The fields `e` offers, with the value each popup asks for.
const FIELDS: &[(&str, &str)] = &[
    ("tier", "Tier (or the rule's)"),
    (
        "subservice",
        "Subservice organization: carve-out, inclusive or ordinary vendor",
    ),
    ("contract", "Contract signed: yes / no (toggles)"),
    ("dpa", "DPA signed: yes / no (toggles)"),
    ("baa", "BAA signed: yes / no (toggles)"),
    ("production-access", "Production access: yes / no (toggles)"),
    ("next-review", "Next review date"),
    ("due-diligence", "Due diligence date"),
    ("service", "What they do for us"),
    ("data", "Data they touch"),
    ("name", "Rename"),
];

/// Handles an action while the view has the focus; `false` when it does not apply.
pub fn update(cx: &Cx, st: &mut State, action: Action, area: Rect, out: &mut Vec<Msg>) -> bool {
    let wb = cx.wb;
    let ids = vendor_ids(wb);
    let body = inner(area);
    let rows = table_rows(ids.len(), body.height).saturating_sub(1).max(1);
    if st
        .vendor
        .step(ids.len(), |i| ids.get(i).copied(), action, rows)
    {
        return true;
    }
    if let Action::Click { column, row } = action {
        let mut list = body;
        list.y = list.y.saturating_add(1);
        list.height = u16::try_from(rows).unwrap_or(u16::MAX);
        let at = selected_index(wb, st);
        if let Some(i) = clicked_index(list, row, column, at, ids.len()) {
            st.vendor.set(i, |i| ids.get(i).copied());
        }
        return true;
    }
    if action == Action::AddVendor {
        out.push(ask(
            "New vendor",
            "Vendor name, then what they do for you (for example: Sentry, error monitoring)".into(),
            String::new(),
            Then::Add,
        ));
        return true;
    }
    let Some(id) = selected(wb, st).map(str::to_string) else {
        return false;
    };
    let v = &wb.vendors[&id];
    let name = clean(&v.name).into_owned();
    let msg = match action {
        Action::EditVendor => pick(
            "Edit vendor",
            format!("Which field of {name}?"),
            FIELDS
                .iter()
                .map(|(f, label)| Choice::new(*label, *f))
                .collect(),
            Then::Field(id),
        ),
        Action::SetOwner => {
            let mut options: Vec<Choice> = wb
                .team
                .iter()
                .filter(|m| crate::analysis::policy::is_active(m, cx.today))
                .map(|m| Choice::new(format!("{} ({})", m.name, m.id), &m.id))
                .collect();
            options.push(Choice::nothing("(nobody)"));
            pick(
                "Vendor owner",
                format!("Who manages {name}?"),
                options,
                Then::Owner(id),
            )
        }
        Action::AddVendorReport => {
            let me = cx.me.or(v.owner.as_deref()).unwrap_or_default();
            ask(
                "SOC report",
                "type, start end, opinion, reviewed on, by — for example: soc2-type2, 2025-10-01 2026-09-30, unqualified, 2026-11-22, tomas (opinion, date and reviewer may be blank)".into(),
                format!("soc2-type2, , unqualified, {}, {me}", cx.today),
                Then::Report(id),
            )
        }
        Action::AddBridgeLetter => ask(
            "Bridge letter",
            format!(
                "When {name}'s bridge letter was issued, and the last day it covers: YYYY-MM-DD YYYY-MM-DD"
            ),
            format!("{} {}", cx.today, cx.today),
            Then::Bridge(id),
        ),
        Action::AddCuec => ask(
            "CUEC",
            format!(
                "A control {name}'s report expects us to operate, in the report's words (the control it maps to is picked next)"
            ),
            String::new(),
            Then::CuecText(id),
        ),
        Action::AddCsoc => ask(
            "CSOC",
            format!(
                "A control we rely on {name} to operate, in the report's words (the control of ours it supports is picked next)"
            ),
            String::new(),
            Then::CsocText(id),
        ),
        Action::LogException => {
            if v.reports.is_empty() {
                Msg::Error(format!("{name} has no report yet: r records one"))
            } else {
                ask(
                    "Report exception",
                    "The exception in the latest report | our response (blank after | : no response yet)".into(),
                    String::new(),
                    Then::Exception(id),
                )
            }
        }
        Action::GapToBacklog => {
            let reviews = review(catalog(), wb, cx.today);
            match reviews
                .iter()
                .find(|r| r.id == id)
                .and_then(|r| r.findings.first())
            {
                Some(f) => {
                    let (title, criteria, items) = f.suggestion(&v.name);
                    Msg::Edit(Edit::VendorBacklog(NewBacklogItem {
                        title,
                        description: f.message(),
                        criteria,
                        items,
                        priority: None,
                        owner: v.owner.clone(),
                        due: None,
                    }))
                }
                None => Msg::Info(format!("{name} has no findings")),
            }
        }
        Action::Delete => Msg::Open(Popup::Confirm(Confirm {
            message: format!(
                "Remove {name} from the vendor register (reports, letters and CUECs too)?"
            ),
            then: then(Then::Remove(id)),
        })),
        Action::DetailDown | Action::DetailUp => {
            let delta = if action == Action::DetailDown { 1 } else { -1 };
            if st.detail.scroll(Some(&id), delta) {
                return true;
            }
            Msg::Info(crate::tui::views::checklist::detail_end(delta))
        }
        Action::Enter => {
            let gap = v
                .cuecs
                .iter()
                .flat_map(|c| c.controls.iter())
                .find_map(|c| {
                    let (criterion, status) =
                        crate::analysis::vendor::control_status(catalog(), wb, c)?;
                    (status != crate::model::ItemStatus::Implemented)
                        .then(|| (criterion, c.clone()))
                })
                .or_else(|| {
                    v.cuecs
                        .iter()
                        .flat_map(|c| c.controls.iter())
                        .find_map(|c| {
                            let (criterion, _) =
                                crate::analysis::vendor::control_status(catalog(), wb, c)?;
                            Some((criterion, c.clone()))
                        })
                });
            match gap {
                Some((criterion, item)) => Msg::Goto(Goto::Checklist {
                    criterion,
                    item: Some(item),
                }),
                None => Msg::Info(format!(
                    "{name} has no CUEC mapped to a control: c adds one"
                )),
            }
        }
        _ => return false,
    };
    out.push(msg);
    true
}

/// Every checklist item a CUEC or CSOC can map to: catalog controls (once, under their
/// home criterion) and the team's custom items, with "(not mapped)" first.
fn control_choices(cx: &Cx) -> Vec<Choice> {
    let mut out = vec![Choice::nothing("(not mapped yet)")];
    for c in &catalog().criteria {
        for item in &c.items {
            out.push(Choice::new(
                format!("{} {} · {}", c.id, item.id, item.title),
                &item.id,
            ));
        }
    }
    for (c, items) in &cx.wb.checklist {
        for (id, r) in items {
            if let Some(custom) = &r.custom {
                out.push(Choice::new(format!("{c} {id} · {}", custom.title), id));
            }
        }
    }
    out
}

fn date_or_blank(text: &str) -> Result<Option<Date>, String> {
    match text.trim() {
        "" => Ok(None),
        d => d.parse::<Date>().map(Some).map_err(|e| e.to_string()),
    }
}

/// `soc2-type2, 2025-10-01 2026-09-30, unqualified, 2026-11-22, tomas` → a report.
fn parse_report(text: &str) -> Result<SocReport, String> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let get = |i: usize| parts.get(i).copied().unwrap_or("");
    let kind = match get(0) {
        "" => ReportKind::default(),
        k => ReportKind::parse(k).ok_or_else(|| {
            format!("\"{k}\" is not a report type: soc2-type2, soc2-type1, soc1-type2, soc1-type1, soc3 or iso27001")
        })?,
    };
    let dates: Vec<&str> = get(1).split_whitespace().collect();
    let period = match dates.as_slice() {
        [start, end] => {
            let start: Date = start.parse().map_err(|e| format!("{e}"))?;
            let end: Date = end.parse().map_err(|e| format!("{e}"))?;
            Some(DateRange { start, end })
        }
        _ => return Err("give the period as start and end: 2025-10-01 2026-09-30".into()),
    };
    let opinion = match get(2) {
        "" => None,
        o => Some(Opinion::parse(o).ok_or_else(|| {
            format!("\"{o}\" is not an opinion: unqualified, qualified, adverse or disclaimer")
        })?),
    };
    Ok(SocReport {
        kind,
        period,
        opinion,
        reviewed: date_or_blank(get(3))?,
        reviewed_by: Some(get(4).to_string()).filter(|b| !b.is_empty()),
        exceptions: Vec::new(),
    })
}

fn vendor(id: String, change: VendorChange) -> Msg {
    Msg::Edit(Edit::Vendor { id, change })
}

/// Carries out what a popup of this view was opened for.
pub fn complete(cx: &Cx, _st: &mut State, t: Then, answer: Answer, out: &mut Vec<Msg>) {
    let value = answer.text().to_string();
    let fail = |out: &mut Vec<Msg>, e: String| out.push(Msg::Error(e));
    let picked = |a: &Answer| match a {
        Answer::Chosen(Chosen::Value(v)) => Some(v.clone()),
        _ => None,
    };
    let msg = match t {
        Then::Add => {
            let (name, service) = value.split_once(',').unwrap_or((&value, ""));
            Msg::Edit(Edit::AddVendor {
                name: name.trim().to_string(),
                service: service.trim().to_string(),
            })
        }
        Then::Field(id) => {
            let Some(v) = cx.wb.vendors.get(&id) else {
                return fail(
                    out,
                    format!("no vendor {id} (changed on disk?); nothing changed"),
                );
            };
            let date = |d: Option<Date>| d.map_or_else(|| cx.today.to_string(), |d| d.to_string());
            match value.as_str() {
                "tier" => pick(
                    "Tier",
                    format!("{}'s tier", clean(&v.name)),
                    Tier::ALL
                        .into_iter()
                        .map(|t| Choice::new(t.label(), t.label()))
                        .chain([Choice::nothing("the rule's")])
                        .collect(),
                    Then::Tier(id),
                ),
                "subservice" => pick(
                    "Subservice organization",
                    "How the report treats them".into(),
                    vec![
                        Choice::new("carve-out", "carve-out"),
                        Choice::new("inclusive", "inclusive"),
                        Choice::nothing("an ordinary vendor"),
                    ],
                    Then::Method(id),
                ),
                "contract" => vendor(id, VendorChange::Contract(!v.contract)),
                "dpa" => vendor(id, VendorChange::Dpa(!v.dpa)),
                "baa" => vendor(id, VendorChange::Baa(!v.baa)),
                "production-access" => {
                    vendor(id, VendorChange::ProductionAccess(!v.production_access))
                }
                "next-review" => ask(
                    "Next review",
                    "YYYY-MM-DD (blank: none planned)".into(),
                    date(v.next_review),
                    Then::Value(id, "next-review"),
                ),
                "due-diligence" => ask(
                    "Due diligence",
                    "When it was done, YYYY-MM-DD (blank: not done)".into(),
                    date(v.due_diligence),
                    Then::Value(id, "due-diligence"),
                ),
                "service" => ask(
                    "Service",
                    "What they do for you".into(),
                    v.service.clone(),
                    Then::Value(id, "service"),
                ),
                "data" => ask(
                    "Data",
                    "The data types they touch, comma-separated (the tier rule reads these)".into(),
                    v.data.join(", "),
                    Then::Value(id, "data"),
                ),
                "name" => ask(
                    "Rename",
                    "The vendor's name (its id stays)".into(),
                    v.name.clone(),
                    Then::Value(id, "name"),
                ),
                _ => return,
            }
        }
        Then::Value(id, field) => {
            let change = match field {
                "next-review" | "due-diligence" => match date_or_blank(&value) {
                    Ok(d) if field == "next-review" => VendorChange::NextReview(d),
                    Ok(d) => VendorChange::DueDiligence(d),
                    Err(e) => return fail(out, e),
                },
                "service" => VendorChange::Service(value),
                "data" => VendorChange::Data(value.split(',').map(str::to_string).collect()),
                _ => VendorChange::Name(value),
            };
            vendor(id, change)
        }
        Then::Tier(id) => vendor(
            id,
            VendorChange::Tier(picked(&answer).and_then(|t| Tier::parse(&t))),
        ),
        Then::Method(id) => vendor(
            id,
            VendorChange::Subservice(picked(&answer).map(|m| {
                if m == "inclusive" {
                    SubserviceMethod::Inclusive
                } else {
                    SubserviceMethod::CarveOut
                }
            })),
        ),
        Then::Owner(id) => vendor(id, VendorChange::Owner(picked(&answer))),
        Then::Report(id) => match parse_report(&value) {
            Ok(r) => vendor(id, VendorChange::AddReport(r)),
            Err(e) => return fail(out, e),
        },
        Then::Bridge(id) => {
            let dates: Vec<&str> = value.split_whitespace().collect();
            let parsed = match dates.as_slice() {
                [a, b] => a
                    .parse::<Date>()
                    .and_then(|a| b.parse::<Date>().map(|b| (a, b))),
                _ => return fail(out, "give two dates: issued and covered through".into()),
            };
            match parsed {
                Ok((issued, through)) => vendor(
                    id,
                    VendorChange::AddBridgeLetter(VendorBridgeLetter { issued, through }),
                ),
                Err(e) => return fail(out, e.to_string()),
            }
        }
        Then::CuecText(id) | Then::CsocText(id) if value.trim().is_empty() => {
            let _ = id;
            return fail(out, "the control's text cannot be empty".into());
        }
        Then::CuecText(id) => pick(
            "Maps to",
            "Which of our controls operates this CUEC?".into(),
            control_choices(cx),
            Then::CuecControl(id, value),
        ),
        Then::CsocText(id) => pick(
            "Maps to",
            "Which of our controls does this CSOC support?".into(),
            control_choices(cx),
            Then::CsocControl(id, value),
        ),
        Then::CuecControl(id, text) => vendor(
            id,
            VendorChange::AddCuec(MappedControl {
                text,
                controls: picked(&answer).into_iter().collect(),
            }),
        ),
        Then::CsocControl(id, text) => vendor(
            id,
            VendorChange::AddCsoc(MappedControl {
                text,
                controls: picked(&answer).into_iter().collect(),
            }),
        ),
        Then::Exception(id) => {
            let Some(v) = cx.wb.vendors.get(&id) else {
                return fail(
                    out,
                    format!("no vendor {id} (changed on disk?); nothing changed"),
                );
            };
            let Some(at) = v
                .latest_report()
                .and_then(|l| v.reports.iter().position(|r| std::ptr::eq(r, l)))
            else {
                return fail(out, "no report to note the exception in".into());
            };
            let (text, response) = value.split_once('|').unwrap_or((&value, ""));
            vendor(
                id,
                VendorChange::AddException(
                    at,
                    ReportException {
                        text: text.trim().to_string(),
                        response: response.trim().to_string(),
                    },
                ),
            )
        }
        Then::Remove(id) => Msg::Edit(Edit::RemoveVendor(id)),
    };
    out.push(msg);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_line_reads_type_period_opinion_and_review() {
        let r = parse_report("SOC 2 Type II, 2025-10-01 2026-09-30, qualified, 2026-11-05, tomas")
            .unwrap();
        assert_eq!(r.kind, ReportKind::Soc2TypeII);
        assert_eq!(r.opinion, Some(Opinion::Qualified));
        assert_eq!(r.reviewed_by.as_deref(), Some("tomas"));
        assert!(parse_report("soc2-type2, 2025-10-01").is_err());
        assert!(parse_report("soc9, 2025-10-01 2026-09-30").is_err());
        let bare = parse_report(", 2025-10-01 2026-09-30, , , ").unwrap();
        assert_eq!((bare.opinion, bare.reviewed), (None, None));
    }
}
