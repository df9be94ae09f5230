//! The `soc2` binary: parse the command line and hand over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    soc2_workbook::cli::run(soc2_workbook::cli::Cli::parse())
}
