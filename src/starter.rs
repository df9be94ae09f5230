//! The workbook a team starts from, in the core so `soc2 new`, the app's first-run
//! screen and the tests all start from the same one without reaching into the CLI.

use crate::analysis::schedule::{PlanInput, milestones, plan};
use crate::catalog::scoping;
use crate::model::{Date, FORMAT_VERSION, Organization, ReportType, Workbook};

/// The workbook `soc2 new` writes: Security in scope, Type II with 6 months, a plan from today.
pub fn starter_workbook(org: &str, system: Option<&str>, today: Date) -> Workbook {
    let mut wb = Workbook {
        version: FORMAT_VERSION,
        organization: Organization {
            name: org.to_string(),
            system: system.unwrap_or(org).to_string(),
            ..Organization::default()
        },
        ..Workbook::default()
    };
    wb.scope.report_type = ReportType::TypeII;
    wb.scope.observation_months = Some(6);
    wb.scope.readiness_start = Some(today);
    let q = scoping::questionnaire();
    scoping::apply(&scoping::derive(q, &wb.scope.answers), &mut wb.scope);
    let planned = plan(&PlanInput::from_scope(&wb.scope, today));
    wb.milestones = milestones(&planned, &mut fastrand::Rng::new(), &wb);
    wb
}
