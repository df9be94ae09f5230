//! `soc2 config path|check|init`: where the user's config file is, whether it is valid,
//! and a commented example to start from.
//!
//! Why here and not only in the app: a person fixing a typo wants the same
//! `path:line:col: error: …` lines the app would show, without opening a workbook.

use std::io::Write;

use crate::tui::config;

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Print where the config file is read from (whether or not it exists).
    Path,
    /// Check the config file: exit 0 when valid or absent, 1 with `path:line:col: error: …`.
    Check,
    /// Write a commented example config (never overwrites an existing file).
    Init,
}

/// Runs `soc2 config …`.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let Some(path) = config::path_from_env() else {
        output::error("SOC2_NO_PREFS is set, so no config file is read (SOC2_CONFIG names one)");
        return Ok(match args.command {
            Sub::Init => EXIT_USAGE,
            Sub::Path | Sub::Check => EXIT_OK,
        });
    };
    match args.command {
        Sub::Path => {
            output::print(&path.display().to_string());
            Ok(EXIT_OK)
        }
        Sub::Check => match config::load(&path) {
            Ok(None) => {
                output::print(&format!(
                    "no config file, using defaults ({} does not exist)",
                    path.display()
                ));
                Ok(EXIT_OK)
            }
            Ok(Some(_)) => {
                output::print(&format!("{}: ok", path.display()));
                Ok(EXIT_OK)
            }
            Err(errors) => {
                for e in &errors {
                    output::error(&e.to_string());
                }
                Ok(EXIT_INVALID)
            }
        },
        Sub::Init => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path);
            match file {
                Ok(mut f) => {
                    f.write_all(config::EXAMPLE.as_bytes())?;
                    f.sync_all()?;
                    output::print(&format!("wrote an example config to {}", path.display()));
                    Ok(EXIT_OK)
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    output::error(&format!(
                        "{} already exists; soc2 never overwrites it",
                        path.display()
                    ));
                    Ok(EXIT_USAGE)
                }
                Err(e) => Err(anyhow::anyhow!("cannot write {}: {e}", path.display())),
            }
        }
    }
}
