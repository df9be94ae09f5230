//! The `soc2` binary: parse the command line and hand over to the library.

fn main() -> std::process::ExitCode {
    match soc2_workbook::cli::parse() {
        Ok(cli) => soc2_workbook::cli::run(cli),
        Err(code) => code,
    }
}
