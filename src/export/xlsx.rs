//! A deterministic XLSX workbook of plain tables: frozen header row, filters, widths.
//!
//! Why one helper: the control matrix and the request list are the same kind of sheet, and
//! both must come out byte-identical for one commit, so the document's creation date is
//! set from the package's date instead of the writer's clock, and every text cell goes
//! through the spreadsheet neutraliser.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::ExportError;
use crate::model::Date;
use crate::spreadsheet::neutralise;

/// One cell: text (neutralised) or a whole number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Number(u64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

/// One worksheet: its tab name, column headers with widths, and rows.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub name: String,
    pub columns: Vec<(&'static str, f64)>,
    pub rows: Vec<Vec<Cell>>,
}

fn err(file: &str) -> impl Fn(rust_xlsxwriter::XlsxError) -> ExportError + '_ {
    move |e| ExportError::Xlsx {
        file: file.to_string(),
        message: e.to_string(),
    }
}

/// The workbook's bytes; `file` names it in errors, `date` is its creation date.
pub fn build(
    file: &str,
    title: &str,
    date: Date,
    sheets: &[Sheet],
) -> Result<Vec<u8>, ExportError> {
    let e = err(file);
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(date.year()).unwrap_or(2000),
        u8::try_from(date.month()).unwrap_or(1),
        u8::try_from(date.day()).unwrap_or(1),
    )
    .map_err(&e)?;
    let props = DocProperties::new()
        .set_title(title)
        .set_creation_datetime(&created);
    book.set_properties(&props);
    let header = Format::new().set_bold().set_text_wrap();
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).map_err(&e)?;
        for (c, (name, width)) in sheet.columns.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            ws.write_string_with_format(0, c, *name, &header)
                .map_err(&e)?;
            ws.set_column_width(c, *width).map_err(&e)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                match cell {
                    Cell::Text(t) => {
                        ws.write_string_with_format(r, c, neutralise(t), &wrap)
                            .map_err(&e)?;
                    }
                    Cell::Number(n) => {
                        // Whole counts far below 2^53: exact as a spreadsheet number.
                        #[allow(clippy::cast_precision_loss)]
                        ws.write_number(r, c, *n as f64).map_err(&e)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        ws.set_freeze_panes(1, 0).map_err(&e)?;
        let last_col = u16::try_from(sheet.columns.len().saturating_sub(1)).unwrap_or(0);
        let last_row = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
        ws.autofilter(0, 0, last_row, last_col).map_err(&e)?;
    }
    book.save_to_buffer().map_err(&e)
}
