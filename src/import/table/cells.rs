//! A table file read whole into rows of cells as text, each cell keeping its place: CSV (UTF-8,
//! with or without a byte-order mark) or a spreadsheet's first sheet (xlsx, ods); a formula or
//! an error value in a cell is an error at that cell.

use std::path::Path;

use calamine::{Data, Reader};

use crate::diagnostic::{Diagnostic, Place};
use crate::domain::date::Day;

/// A cell as text, with its place.
pub(super) struct Cell {
    pub(super) text: String,
    pub(super) column: usize,
}

/// A table read whole: the header and the rows, each cell's place kept.
pub(super) struct Table {
    pub(super) header: Vec<String>,
    /// Row number (1-based, the header is row 1 unless the sheet starts lower) and cells.
    pub(super) rows: Vec<(usize, Vec<Cell>)>,
    pub(super) header_row: usize,
}

/// `A`, `B`, … `Z`, `AA`: a spreadsheet's name for column `index` (0-based).
pub fn column_name(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// An error at a cell, named as spreadsheets name it (`cell B3: …`).
pub(super) fn cell_error(
    file: &str,
    row: usize,
    column: usize,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(
        file,
        format!("cell {}{row}: {}", column_name(column), message.into()),
    )
    .at(Some(Place {
        line: row,
        column: column + 1,
        len: 1,
    }))
}

fn formula_error(file: &str, row: usize, column: usize, formula: &str) -> Diagnostic {
    cell_error(
        file,
        row,
        column,
        format!("holds a formula (`={}`)", formula.trim_start_matches('=')),
    )
    .hint("fiche reads values, not formulas: copy the column and paste it back as values only")
}

/// Reads the table at `path` by its extension: `.csv`, else a spreadsheet.
pub(super) fn read_table(path: &Path, file: &str) -> Result<Table, Vec<Diagnostic>> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "csv" => read_csv(path, file),
        "xlsx" | "xlsm" | "xls" | "ods" => read_spreadsheet(path, file),
        _ => Err(vec![
            Diagnostic::error(file, "is not a table fiche reads")
                .hint("give a .csv, .xlsx or .ods file"),
        ]),
    }
}

fn data_text(d: &Data) -> Result<String, String> {
    Ok(match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            // Days since 1899-12-30 (the 1900 system); 25569 of them before 1970-01-01.
            let serial = d.as_f64().floor();
            if !(0.0..=2_958_465.0).contains(&serial) {
                return Err("holds a date outside the calendar (before 1900 or after 9999)".into());
            }
            Day::from_days_since_epoch(serial as i64 - 25_569).to_string()
        }
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("holds the error value `{e}`")),
    })
}

fn read_spreadsheet(path: &Path, file: &str) -> Result<Table, Vec<Diagnostic>> {
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| {
        vec![
            Diagnostic::error(file, format!("cannot be read as a spreadsheet: {e}"))
                .hint("give a .csv, .xlsx or .ods file"),
        ]
    })?;
    let Some(sheet) = workbook.sheet_names().first().cloned() else {
        return Err(vec![Diagnostic::error(file, "has no sheet")]);
    };
    let range = workbook.worksheet_range(&sheet).map_err(|e| {
        vec![Diagnostic::error(
            file,
            format!("the sheet `{sheet}` cannot be read: {e}"),
        )]
    })?;
    let mut errors = Vec::new();
    if let Ok(formulas) = workbook.worksheet_formula(&sheet) {
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        for (r, row) in formulas.rows().enumerate() {
            for (c, f) in row.iter().enumerate() {
                if !f.trim().is_empty() {
                    errors.push(formula_error(file, r0 as usize + r + 1, c0 as usize + c, f));
                }
            }
        }
    }
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<(usize, Vec<Cell>)> = Vec::new();
    for (r, row) in range.rows().enumerate() {
        let row_no = r0 as usize + r + 1;
        let mut cells = Vec::new();
        for (c, d) in row.iter().enumerate() {
            let column = c0 as usize + c;
            match data_text(d) {
                Ok(text) => cells.push(Cell { text, column }),
                Err(m) => {
                    errors.push(cell_error(file, row_no, column, m));
                    cells.push(Cell {
                        text: String::new(),
                        column,
                    });
                }
            }
        }
        rows.push((row_no, cells));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    split_header(rows, file, c0 as usize)
}

fn read_csv(path: &Path, file: &str) -> Result<Table, Vec<Diagnostic>> {
    let bytes = std::fs::read(path)
        .map_err(|e| vec![Diagnostic::error(file, format!("cannot be read: {e}"))])?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "is not UTF-8 text".to_string(),
                    _ => e.to_string(),
                };
                return Err(vec![
                    Diagnostic::error(file, message)
                        .at(Some(Place {
                            line,
                            column: 0,
                            len: 1,
                        }))
                        .hint("save the table as CSV in UTF-8"),
                ]);
            }
        };
        let row_no = record
            .position()
            .map_or(rows.len() + 1, |p| p.line() as usize);
        let mut cells = Vec::new();
        for (c, text) in record.iter().enumerate() {
            // A spreadsheet would run a cell that starts with `=` as a formula; fiche's own
            // CSV export protects such text with a leading `'`, taken off here.
            if text.starts_with('=') && text.len() > 1 {
                errors.push(formula_error(file, row_no, c, text));
            }
            let text = match text.strip_prefix('\'') {
                Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
                _ => text,
            };
            cells.push(Cell {
                text: text.to_string(),
                column: c,
            });
        }
        rows.push((row_no, cells));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    split_header(rows, file, 0)
}

fn split_header(
    mut rows: Vec<(usize, Vec<Cell>)>,
    file: &str,
    first_column: usize,
) -> Result<Table, Vec<Diagnostic>> {
    rows.retain(|(_, cells)| cells.iter().any(|c| !c.text.trim().is_empty()));
    if rows.is_empty() {
        return Err(vec![Diagnostic::error(file, "the table is empty").hint(
            "the first row names the columns (`title.en`, `summary.en`, `status`, `start`, `countries`…), then one row per programme",
        )]);
    }
    let (header_row, header_cells) = rows.remove(0);
    let mut header = vec![String::new(); first_column];
    header.extend(header_cells.iter().map(|c| c.text.trim().to_string()));
    Ok(Table {
        header,
        rows,
        header_row,
    })
}

#[cfg(test)]
mod tests {
    use super::column_name;

    #[test]
    fn columns_are_named_as_spreadsheets_do() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
    }
}
