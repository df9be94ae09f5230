//! The canonical text of a workbook: one pretty layout, byte for byte.
//!
//! Why pinned settings: git diffs must show only what a person changed. New lines are
//! always `\n` (the platform default is `\r\n` on Windows), strings are escaped so no raw
//! control or bidi character lands in the file, arrays are never index-numbered (that
//! renumbers on insert), and the file ends with a newline.

use ron::ser::PrettyConfig;

use crate::model::Workbook;

pub(super) fn pretty() -> PrettyConfig {
    PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(false)
        .enumerate_arrays(false)
        .compact_arrays(false)
        .escape_strings(true)
        .separate_tuple_members(false)
}

/// The one canonical serialization of a workbook.
pub fn to_canonical(workbook: &Workbook) -> String {
    // Serializing plain structs, enums, strings and integers cannot fail; if a future field
    // type ever made it fail, an empty string would be caught by the round-trip tests.
    let mut text = super::ron_options()
        .to_string_pretty(workbook, pretty())
        .unwrap_or_default();
    text.push('\n');
    text
}

/// Writes the canonical serialization to `out` without building it in memory first.
pub fn write_canonical(workbook: &Workbook, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::ron_options()
        .to_io_writer_pretty(&mut *out, workbook, pretty())
        .map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}
