//! The floor for whole-process figures: read a workbook file and parse it into
//! `ron::Value`, the least any RON reader must do.
//!
//! Why: the machine is shared and its speed varies, so docs/performance.md states every
//! command's time as a multiple of this one, measured in the same run the same way
//! (`/usr/bin/time -v target/release/examples/ron_floor FILE`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: ron_floor FILE");
        return ExitCode::from(2);
    };
    let parsed = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| ron::from_str::<ron::Value>(&text).map_err(|e| e.to_string()));
    match parsed {
        Ok(value) => {
            std::hint::black_box(value);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ron_floor: {e}");
            ExitCode::from(1)
        }
    }
}
