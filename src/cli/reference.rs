//! `soc2 keys`, `soc2 completions` and `soc2 man`: reference material generated from the
//! definitions themselves.
//!
//! Why generated: flags are defined once (clap) and keys once (the app's keymap), so the
//! help, the completions, the man page and the README's key table can never drift apart.

use clap::CommandFactory;

use super::{Cli, EXIT_OK, output};

#[derive(Debug, clap::Args)]
pub struct KeysArgs {
    /// The default keys, ignoring the config file (the README's table).
    #[arg(long)]
    pub defaults: bool,
}

/// Prints every key of the app as Markdown tables: the effective keymap, i.e. the
/// defaults with the config's overrides (a config with errors is not used, as in the app).
pub fn keys(args: KeysArgs) -> anyhow::Result<u8> {
    use crate::tui::config;
    let path = config::path_from_env().filter(|_| !args.defaults);
    let keymap = match path.as_deref().map(config::load) {
        None | Some(Ok(None)) => crate::tui::keymap::Keymap::default(),
        Some(Ok(Some(c))) => {
            if let Some(p) = &path {
                output::error(&format!("with the overrides in {}", p.display()));
            }
            c.keymap
        }
        Some(Err(errors)) => {
            for e in &errors {
                output::error(&e.to_string());
            }
            output::error("the config has errors, so these are the default keys");
            crate::tui::keymap::Keymap::default()
        }
    };
    output::print(keymap.reference().trim_end());
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
