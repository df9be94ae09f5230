//! The system description draft, in the order of the description criteria (DC 200): what
//! the workbook knows is written out, what it cannot know is a marked prompt for management.
//!
//! Why the small readers below: the subservice organizations (the vendor register's
//! vendors with a method, their CSOCs and the CUECs they expect of us), the CUECs our own
//! customers must operate and the risks each come from one function, so the sections
//! read the registers in one place.

use crate::analysis::diff::{Area, Change};
use crate::model::{DateRange, SubserviceMethod, Workbook};

use super::{Input, period_text};

/// One subservice organization as the description presents it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubserviceView {
    pub name: String,
    pub service: String,
    pub method: SubserviceMethod,
    /// The period their own SOC report covers, when known.
    pub report_period: Option<DateRange>,
    /// Complementary subservice organization controls we rely on them to operate.
    pub csocs: Vec<String>,
    /// The user entity controls their report expects of us, with the controls that meet them.
    pub expects_of_us: Vec<String>,
}

/// The subservice organizations: the vendors of the register that have a method.
pub fn subservices(wb: &Workbook) -> Vec<SubserviceView> {
    let mapped = |m: &crate::model::MappedControl| {
        if m.controls.is_empty() {
            m.text.clone()
        } else {
            format!("{} (our controls: {})", m.text, m.controls.join(", "))
        }
    };
    wb.subservices()
        .into_iter()
        .map(|v| SubserviceView {
            name: v.name.clone(),
            service: v.service.clone(),
            method: v.method(),
            report_period: v.report_period(),
            csocs: v.csocs.iter().map(mapped).collect(),
            expects_of_us: v.cuecs.iter().map(mapped).collect(),
        })
        .collect()
}

/// Complementary user entity controls: what customers must do for the controls to work
/// (hook: the workbook has no list of them yet, so this is empty and the draft prompts).
pub fn cuecs(_wb: &Workbook) -> Vec<String> {
    Vec::new()
}

/// One risk as the description summarises it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskView {
    pub id: String,
    pub title: String,
    pub treatment: String,
}

/// The risks of the register, highest current score first, for the risk assessment section.
pub fn risks(wb: &Workbook) -> Vec<RiskView> {
    let mut out: Vec<(u8, RiskView)> = wb
        .risks
        .iter()
        .map(|(id, r)| {
            let residual = r
                .residual()
                .map_or_else(|| "not rated".to_string(), |s| s.to_string());
            let treatment = r.treatment.map_or("no treatment yet", |t| t.label());
            (
                r.current(),
                RiskView {
                    id: id.clone(),
                    title: r.title.clone(),
                    treatment: format!(
                        "{treatment} (inherent {}, residual {residual})",
                        r.inherent()
                    ),
                },
            )
        })
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    out.into_iter().map(|(_, v)| v).collect()
}

fn todo(out: &mut Vec<String>, text: &str) {
    out.push(format!("> TODO(management): {text}"));
    out.push(String::new());
}

fn list(out: &mut Vec<String>, items: &[String], missing: &str) {
    if items.is_empty() {
        todo(out, missing);
    } else {
        out.extend(items.iter().map(|i| format!("- {i}")));
        out.push(String::new());
    }
}

/// The areas whose changes are "system changes" a description reports.
fn is_system_change(c: &Change) -> bool {
    matches!(
        c.area,
        Area::Organization | Area::Scope | Area::Checklist | Area::Policies | Area::Team
    )
}

/// The draft as Markdown.
pub fn markdown(input: &Input<'_>) -> String {
    let wb = input.workbook;
    let org = &wb.organization;
    let system = if org.system.is_empty() {
        org.name.as_str()
    } else {
        org.system.as_str()
    };
    let period = period_text(wb);
    let mut out = vec![
        format!("# {system}: description of the system (draft)"),
        String::new(),
        format!(
            "_{} · SOC 2 {} · period {period} · drafted from the workbook as of {}; every `TODO(management)` needs management's words._",
            org.name,
            wb.scope.report_type.label(),
            input.as_of
        ),
        String::new(),
        "## 1. Types of services provided".into(),
        String::new(),
    ];
    if org.description.is_empty() {
        todo(
            &mut out,
            "describe the services the system provides, to whom, and how customers use them.",
        );
    } else {
        out.push(org.description.clone());
        out.push(String::new());
    }
    out.push("## 2. Principal service commitments and system requirements".into());
    out.push(String::new());
    out.push(format!(
        "{} designs its processes and controls to meet the commitments it makes to customers in its contracts and public documents, and the requirements it sets for the system, for the Trust Services categories in scope: {}.",
        org.name,
        crate::analysis::readiness::categories_in_scope(wb)
            .iter()
            .map(|c| c.label())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out.push(String::new());
    todo(
        &mut out,
        "list the principal service commitments (uptime SLA, encryption, confidentiality, deletion on exit, breach notice) in the words of the contracts, and the system requirements that follow from them.",
    );
    out.push("## 3. Components of the system".into());
    out.push(String::new());
    let b = &wb.scope.boundary;
    out.push("### Infrastructure".into());
    out.push(String::new());
    list(
        &mut out,
        &b.environments,
        "name the environments, networks and hosting that run the system.",
    );
    out.push("### Software".into());
    out.push(String::new());
    list(
        &mut out,
        &b.products,
        "name the applications, services and supporting software in the boundary.",
    );
    out.push("### People".into());
    out.push(String::new());
    let people: Vec<String> = wb
        .team
        .iter()
        .filter(|m| m.left.is_none())
        .map(|m| {
            if m.role.is_empty() {
                m.name.clone()
            } else {
                format!("{}: {}", m.name, m.role)
            }
        })
        .collect();
    list(
        &mut out,
        &people,
        "describe the teams that develop, operate and support the system.",
    );
    todo(
        &mut out,
        "describe the organisational structure and reporting lines (an org chart reference).",
    );
    out.push("### Procedures".into());
    out.push(String::new());
    let procedures: Vec<String> = wb
        .policies
        .iter()
        .map(|(id, p)| {
            let title = crate::catalog::policies::policy_set()
                .get(id)
                .map_or(id.as_str(), |t| t.title.as_str());
            format!("{title} ({})", p.file)
        })
        .collect();
    list(
        &mut out,
        &procedures,
        "list the policies and procedures that govern the system.",
    );
    out.push("### Data".into());
    out.push(String::new());
    list(
        &mut out,
        &b.data_types,
        "list the kinds of data the system receives, stores and sends.",
    );
    out.push("## 4. Subservice organizations".into());
    out.push(String::new());
    let subs = subservices(wb);
    if subs.is_empty() {
        todo(
            &mut out,
            "name any subservice organizations (cloud host, identity provider) or state that there are none.",
        );
    }
    for s in &subs {
        out.push(format!("### {}", s.name));
        out.push(String::new());
        out.push(match s.method {
            SubserviceMethod::CarveOut => format!(
                "{} uses {} for {}. The description includes only the controls of {} and excludes the controls of {}; the carve-out method is used. Management monitors {} by reviewing its own SOC 2 report{}.",
                org.name,
                s.name,
                if s.service.is_empty() { "part of the system" } else { s.service.as_str() },
                org.name,
                s.name,
                s.name,
                s.report_period.map_or_else(String::new, |p| format!(" (period {} to {})", p.start, p.end))
            ),
            SubserviceMethod::Inclusive => format!(
                "{} uses {} for {}. The inclusive method is used: the relevant controls of {} are described and tested as part of this report.",
                org.name,
                s.name,
                if s.service.is_empty() { "part of the system" } else { s.service.as_str() },
                s.name
            ),
        });
        out.push(String::new());
        if !s.csocs.is_empty() {
            out.push(format!(
                "Complementary subservice organization controls expected of {}:",
                s.name
            ));
            out.push(String::new());
            out.extend(s.csocs.iter().map(|c| format!("- {c}")));
            out.push(String::new());
        }
        if !s.expects_of_us.is_empty() {
            out.push(format!(
                "User entity controls the report of {} expects of {}, and the controls that meet them:",
                s.name, org.name
            ));
            out.push(String::new());
            out.extend(s.expects_of_us.iter().map(|c| format!("- {c}")));
            out.push(String::new());
        }
    }
    out.push("## 5. Complementary user entity controls".into());
    out.push(String::new());
    list(
        &mut out,
        &cuecs(wb),
        "list what customers must do for the controls to meet the commitments (manage their own users and their access, protect their credentials, review their data before upload, report suspected incidents).",
    );
    out.push("## 6. Risk assessment".into());
    out.push(String::new());
    let risks: Vec<String> = risks(wb)
        .iter()
        .map(|r| format!("{} {}: {}", r.id, r.title, r.treatment))
        .collect();
    list(
        &mut out,
        &risks,
        "summarise the risk assessment: how risks are identified and scored, and the significant risks with their treatment.",
    );
    out.push("## 7. Significant incidents in the period".into());
    out.push(String::new());
    let exceptions: Vec<String> = wb
        .populations
        .iter()
        .flat_map(|(control, p)| p.events.iter().map(move |e| (control, e)))
        .filter_map(|(control, e)| {
            e.exception
                .as_ref()
                .map(|x| format!("{} ({control}, {}): {}", e.id, e.date, x.what_failed))
        })
        .collect();
    if !exceptions.is_empty() {
        out.push("Control exceptions logged in the period (review whether any is a significant incident):".into());
        out.push(String::new());
        out.extend(exceptions.iter().map(|e| format!("- {e}")));
        out.push(String::new());
    }
    todo(
        &mut out,
        "describe each significant incident in the period (nature, timing, extent, disposition), or state that there were none.",
    );
    out.push("## 8. Significant changes to the system in the period".into());
    out.push(String::new());
    match &input.changes_in_period {
        Some(changes) => {
            let system: Vec<String> = changes
                .iter()
                .filter(|c| is_system_change(c))
                .map(|c| format!("{} {}", c.kind.sign(), c.line()))
                .collect();
            if system.is_empty() {
                out.push("The workbook records no change to the system between the start and the end of the period.".into());
                out.push(String::new());
            } else {
                out.push("Changes the workbook recorded between the start and the end of the period (from git):".into());
                out.push(String::new());
                out.extend(system.iter().map(|c| format!("- {c}")));
                out.push(String::new());
            }
        }
        None => todo(
            &mut out,
            "the workbook's history at the window's start was not available (not in git, or the window has not started); list significant system changes in the period.",
        ),
    }
    todo(
        &mut out,
        "confirm which of these changes are significant to users and add changes made outside the workbook (architecture, vendors, key people).",
    );
    out.join("\n")
}
