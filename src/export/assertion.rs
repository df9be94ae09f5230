//! Management's assertion, drafted in Type I or Type II wording, and what a SOC 3 adds
//! when the scoping answers ask for one.
//!
//! Why a draft: the assertion is management's own statement, signed by them; the workbook
//! can fill in the system, the period and the categories, and mark what management decides.

use crate::analysis::readiness::categories_in_scope;
use crate::catalog::scoping::{derive, questionnaire};
use crate::model::ReportType;

use super::{Input, period_text};

/// The assertion draft as Markdown.
pub fn markdown(input: &Input<'_>) -> String {
    let wb = input.workbook;
    let org = &wb.organization.name;
    let system = if wb.organization.system.is_empty() {
        org.as_str()
    } else {
        wb.organization.system.as_str()
    };
    let categories = categories_in_scope(wb)
        .iter()
        .map(|c| c.label().to_lowercase())
        .collect::<Vec<_>>()
        .join(", ");
    let period = period_text(wb);
    let mut out = vec![
        format!("# Management's assertion (draft): {system}"),
        String::new(),
        format!(
            "_SOC 2 {} · {period} · drafted from the workbook as of {}._",
            wb.scope.report_type.label(),
            input.as_of
        ),
        String::new(),
        format!(
            "We have prepared the accompanying description of {org}'s {system} (the description) based on the criteria for a description of a service organization's system (the description criteria). The description is intended to provide report users with information about the system that may be useful when assessing the risks arising from interactions with it, particularly information about system controls that {org} has designed, implemented and operated to provide reasonable assurance that its service commitments and system requirements were achieved based on the trust services criteria relevant to {categories}."
        ),
        String::new(),
    ];
    let subs = super::description::subservices(wb);
    if !subs.is_empty() {
        out.push(format!(
            "{org} uses {} as subservice organization{}. The description includes only the controls of {org} and excludes the controls of the subservice organizations; it also indicates that certain trust services criteria can be met only if the complementary subservice organization controls assumed in the design of {org}'s controls are suitably designed and operating effectively.",
            subs.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", "),
            if subs.len() == 1 { "" } else { "s" }
        ));
        out.push(String::new());
    }
    out.push("We confirm, to the best of our knowledge and belief, that:".into());
    out.push(String::new());
    match wb.scope.report_type {
        ReportType::TypeI => {
            out.push(format!("1. The description presents the {system} as designed and implemented {period} in accordance with the description criteria."));
            out.push(format!("2. The controls stated in the description were suitably designed {period} to provide reasonable assurance that {org}'s service commitments and system requirements would be achieved based on the applicable trust services criteria, if its controls operated as described."));
        }
        ReportType::TypeII => {
            out.push(format!("1. The description presents the {system} that was designed and implemented throughout the period {period} in accordance with the description criteria."));
            out.push(format!("2. The controls stated in the description were suitably designed throughout the period {period} to provide reasonable assurance that {org}'s service commitments and system requirements would be achieved based on the applicable trust services criteria, if its controls operated effectively."));
            out.push(format!("3. The controls stated in the description operated effectively throughout the period {period} to provide reasonable assurance that {org}'s service commitments and system requirements were achieved based on the applicable trust services criteria."));
        }
    }
    out.push(String::new());
    out.push("> TODO(management): name any exceptions the auditor reported and management's response, or delete this line.".into());
    out.push(String::new());
    out.push(
        "> TODO(management): the signer's name and title, and the date (the report date).".into(),
    );
    out.push(String::new());
    let soc3 = derive(questionnaire(), &wb.scope.answers)
        .advisories
        .into_iter()
        .find(|a| a.id == "soc3");
    if let Some(a) = soc3 {
        out.push("## SOC 3".into());
        out.push(String::new());
        out.push(format!(
            "You asked for a summary you can publish ({}). {}",
            a.reason, a.text
        ));
        out.push(String::new());
        out.push("A SOC 3 report carries a shorter assertion by management over the same criteria, without the detailed description of tests and results; ask the auditor to plan it with the SOC 2 engagement.".into());
        out.push(String::new());
    }
    out.join("\n")
}
