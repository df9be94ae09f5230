//! `soc2 keys`, `soc2 completions` and `soc2 man`: reference material generated from the
//! definitions themselves.
//!
//! Why generated: flags are defined once (clap) and keys once (the app's keymap), so the
//! help, the completions, the man page and the README's key table can never drift apart.

use clap::CommandFactory;

use super::{Cli, EXIT_OK, output};

/// Prints every key of the app as Markdown tables.
pub fn keys() -> anyhow::Result<u8> {
    output::print_raw(crate::tui::keymap::reference().trim_end());
    Ok(EXIT_OK)
}

/// Prints a completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<u8> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "soc2", &mut std::io::stdout());
    Ok(EXIT_OK)
}

/// Prints the man page in roff.
pub fn man() -> anyhow::Result<u8> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    output::print_raw(String::from_utf8_lossy(&page).trim_end());
    Ok(EXIT_OK)
}
