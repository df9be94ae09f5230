//! `soc2 new`: a team's first workbook, ready to open.

use std::path::PathBuf;

use crate::analysis::schedule::{PlanInput, milestones, plan};
use crate::catalog::scoping;
use crate::model::{Date, FORMAT_VERSION, Organization, ReportType, Workbook};
use crate::store;

use super::{EXIT_OK, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to create the workbook (refuses to overwrite an existing file).
    pub path: PathBuf,
    /// The organization's name.
    #[arg(long)]
    pub org: String,
    /// The system (service) under audit; defaults to the organization's name.
    #[arg(long)]
    pub system: Option<String>,
}

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

pub fn run(args: Args, today: Date) -> anyhow::Result<u8> {
    if args.org.trim().is_empty() {
        output::error("error: --org needs a name");
        return Ok(super::EXIT_USAGE);
    }
    let wb = starter_workbook(&args.org, args.system.as_deref(), today);
    // `soc2 new workbooks/acme.ron` in a fresh repository: the folder is part of the ask.
    if let Some(folder) = args.path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Err(source) = std::fs::create_dir_all(folder)
    {
        output::error(&format!(
            "{}: error: could not create the folder {}: {source}",
            args.path.display(),
            folder.display()
        ));
        return Ok(super::EXIT_USAGE);
    }
    if let Err(err) = store::create(&args.path, &wb) {
        return Ok(output::store_error(&err));
    }
    output::print(&format!(
        "created {} for {}: Security in scope, Type II with a 6-month window, a plan starting {today}\nnext: answer the scoping questions with `soc2 {}`",
        args.path.display(),
        args.org,
        args.path.display()
    ));
    Ok(EXIT_OK)
}
