//! `fiche import table`: one programme per row of a CSV, xlsx or ods table, in columns named
//! after the front-matter fields (`title.fr`, `summary.en` and `body.es` for words; lists
//! separated by `;`).
//!
//! Every row is checked by the same checks as a fact sheet (`parse::programme`), and each
//! problem is reported at its cell, with the field's usual hint; all bad cells of the table
//! are listed in one run.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use calamine::{Data, Reader};

use crate::diagnostic::{Diagnostic, Place, closest};
use crate::domain::date::Day;
use crate::domain::slug::{is_slug, slugify};
use crate::import::{Imported, NamedRef, Words};
use crate::parse::programme::{self, Known};
use crate::parse::yaml;

/// Columns of facts, as the front matter names them.
const FACTS: [&str; 11] = [
    "slug",
    "status",
    "start",
    "end",
    "amount",
    "currency",
    "countries",
    "donors",
    "partners",
    "themes",
    "contact",
];
const IDENTIFIER: &str = "iati_identifier";
const WORDS: [&str; 3] = ["title", "summary", "body"];
const LISTS: [&str; 4] = ["countries", "donors", "partners", "themes"];

/// A cell as text, with its place.
struct Cell {
    text: String,
    column: usize,
}

/// A table read whole: the header and the rows, each cell's place kept.
struct Table {
    header: Vec<String>,
    /// Row number (1-based, the header is row 1 unless the sheet starts lower) and cells.
    rows: Vec<(usize, Vec<Cell>)>,
    header_row: usize,
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

fn cell_error(file: &str, row: usize, column: usize, message: impl Into<String>) -> Diagnostic {
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

/// What a column is.
#[derive(Debug, Clone, PartialEq)]
enum Column {
    Fact(&'static str),
    Identifier,
    Word(&'static str, String),
    Ignored,
}

/// The columns, and the errors of the header. Missing required columns come back as `Err`,
/// since no row can be checked without them; unknown columns are left out and the rows are
/// checked all the same, so that one run lists every bad cell.
fn columns(
    table: &Table,
    file: &str,
    languages: &[String],
) -> Result<(Vec<Column>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let all: Vec<String> = FACTS
        .iter()
        .map(|s| s.to_string())
        .chain([IDENTIFIER.to_string()])
        .chain(
            WORDS
                .iter()
                .flat_map(|w| languages.iter().map(move |l| format!("{w}.{l}"))),
        )
        .collect();
    let at = |c: usize, m: String| cell_error(file, table.header_row, c, m);
    for (c, name) in table.header.iter().enumerate() {
        let lower = name.to_lowercase();
        let column = if lower.is_empty() {
            Column::Ignored
        } else if let Some(f) = FACTS.iter().find(|f| **f == lower) {
            Column::Fact(f)
        } else if lower == IDENTIFIER {
            Column::Identifier
        } else if let Some((word, lang)) = lower
            .split_once(['.', '_'])
            .and_then(|(w, l)| WORDS.iter().find(|x| **x == w).map(|w| (*w, l.to_string())))
        {
            match languages.iter().find(|l| l.to_lowercase() == lang) {
                Some(l) => Column::Word(word, l.clone()),
                None => {
                    errors.push(at(c, format!("`{name}` is in a language the site lacks (`{lang}`)")).hint(format!(
                        "the site's languages are {}: add `{lang}` to `languages` in site.yaml, or rename the column",
                        languages.join(", ")
                    )));
                    Column::Ignored
                }
            }
        } else if let Some(word) = WORDS.iter().find(|w| **w == lower) {
            Column::Word(word, languages[0].clone())
        } else {
            let hint = closest(&lower, all.iter().map(String::as_str))
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| {
                    format!(
                        "the columns are named after the front-matter fields: {}",
                        all.join(", ")
                    )
                });
            errors.push(at(c, format!("`{name}` is not a column fiche knows")).hint(hint));
            Column::Ignored
        };
        if column != Column::Ignored && out.contains(&column) {
            errors.push(
                at(c, format!("the column `{name}` is there twice")).hint("keep one of them"),
            );
        }
        out.push(column);
    }
    let mut missing = Vec::new();
    for word in ["title", "summary"] {
        if !out
            .iter()
            .any(|c| matches!(c, Column::Word(w, _) if *w == word))
        {
            missing.push(
                Diagnostic::error(file, format!("the table has no `{word}` column"))
                    .at(Some(Place {
                        line: table.header_row,
                        column: 1,
                        len: 1,
                    }))
                    .hint(format!(
                        "add a column `{word}.{}` (one per language of the site: {})",
                        languages[0],
                        languages
                            .iter()
                            .map(|l| format!("`{word}.{l}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
            );
        }
    }
    if !out
        .iter()
        .any(|c| matches!(c, Column::Fact("status") | Column::Fact("start")))
    {
        missing.push(
            Diagnostic::error(file, "the table has neither a `status` nor a `start` column")
                .at(Some(Place { line: table.header_row, column: 1, len: 1 }))
                .hint("add a `status` column (planned, ongoing, completed, suspended, cancelled) or a `start` column (dates such as 2024-01-31)"),
        );
    }
    if missing.is_empty() {
        Ok((out, errors))
    } else {
        errors.append(&mut missing);
        Err(errors)
    }
}

/// Reads a table and checks every row. `known` gives the site's countries and the keys of
/// its data files.
pub fn read_file(
    path: &Path,
    file: &str,
    languages: &[String],
    known: &Known,
) -> Result<Vec<Imported>, Vec<Diagnostic>> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let table = match extension.as_str() {
        "csv" => read_csv(path, file)?,
        "xlsx" | "xlsm" | "xls" | "ods" => read_spreadsheet(path, file)?,
        _ => {
            return Err(vec![
                Diagnostic::error(file, "is not a table fiche reads")
                    .hint("give a .csv, .xlsx or .ods file"),
            ]);
        }
    };
    let (columns, mut errors) = columns(&table, file, languages)?;
    let mut out = Vec::new();
    let mut identifiers: BTreeMap<String, usize> = BTreeMap::new();
    let mut slugs: BTreeMap<String, usize> = BTreeMap::new();
    for (row, cells) in &table.rows {
        match row_programme(*row, cells, &columns, file, languages, known) {
            Ok(p) => {
                let title_column = columns
                    .iter()
                    .position(|c| matches!(c, Column::Word("title", _)))
                    .unwrap_or(0);
                for (key, seen, what) in [
                    (p.iati_identifier.clone(), &mut identifiers, "identifier"),
                    (p.slug.clone(), &mut slugs, "slug"),
                ] {
                    if let Some(k) = key {
                        if let Some(first) = seen.get(&k) {
                            errors.push(
                                cell_error(
                                    file,
                                    *row,
                                    title_column,
                                    format!("the {what} `{k}` is also on row {first}"),
                                )
                                .hint(if what == "slug" {
                                    "each programme needs its own slug: one is made from the title when the row has none, so give the rows different titles or a `slug` column".to_string()
                                } else {
                                    format!("each programme needs its own {what}")
                                }),
                            );
                        } else {
                            seen.insert(k, *row);
                        }
                    }
                }
                out.push(p);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() && out.is_empty() {
        errors.push(
            Diagnostic::error(file, "the table has no programme")
                .hint("add one row per programme under the header"),
        );
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn row_programme(
    row: usize,
    cells: &[Cell],
    columns: &[Column],
    file: &str,
    languages: &[String],
    known: &Known,
) -> Result<Imported, Vec<Diagnostic>> {
    let cell = |c: &Column| -> Option<&Cell> {
        let i = columns.iter().position(|x| x == c)?;
        cells
            .iter()
            .find(|x| x.column == i)
            .filter(|x| !x.text.trim().is_empty())
    };
    let column_of = |c: &Column| columns.iter().position(|x| x == c).unwrap_or(0);
    let mut errors = Vec::new();
    // Facts as YAML lines, one per field, so that the checks' messages name the field.
    let mut facts = String::new();
    for f in FACTS {
        let Some(c) = cell(&Column::Fact(f)) else {
            continue;
        };
        let text = c.text.trim();
        match f {
            "slug" => {}
            "currency" => {
                if crate::parse::rules::currency(text).is_err() {
                    errors.push(
                        cell_error(
                            file,
                            row,
                            c.column,
                            format!("`{text}` is not a currency code"),
                        )
                        .field("currency")
                        .hint("use an ISO 4217 code such as `EUR` or `USD`"),
                    );
                }
            }
            "amount" => {
                let value = text.replace([' ', '\u{a0}', '\u{202f}'], "");
                let value = if value.parse::<f64>().is_ok() {
                    value
                } else {
                    yaml_text(text)
                };
                match cell(&Column::Fact("currency")) {
                    Some(cur) => facts.push_str(&format!(
                        "amount: {{value: {value}, currency: {}}}\n",
                        yaml_text(cur.text.trim())
                    )),
                    None => facts.push_str(&format!("amount: {value}\n")),
                }
            }
            f if LISTS.contains(&f) => {
                let items: Vec<String> = text.split(';').map(|s| yaml_text(s.trim())).collect();
                facts.push_str(&format!("{f}: [{}]\n", items.join(", ")));
            }
            f => facts.push_str(&format!("{f}: {}\n", yaml_text(text))),
        }
    }
    if let Some(c) = cell(&Column::Identifier) {
        facts.push_str(&format!("iati_identifier: {}\n", yaml_text(c.text.trim())));
    }
    let slug = cell(&Column::Fact("slug")).map(|c| c.text.trim().to_string());
    if let Some(s) = &slug
        && !is_slug(s)
    {
        let c = column_of(&Column::Fact("slug"));
        errors.push(
            cell_error(file, row, c, format!("`{s}` is not a slug"))
                .field("slug")
                .hint(match slugify(s) {
                    Some(good) => {
                        format!("use lower-case letters, digits and hyphens, such as `{good}`")
                    }
                    None => {
                        "use lower-case letters, digits and hyphens, such as `blue-pacific`".into()
                    }
                }),
        );
    }
    let mut imported = Imported {
        line: row,
        slug,
        ..Imported::default()
    };
    let mut first = true;
    for lang in languages {
        let title = cell(&Column::Word("title", lang.clone()));
        let summary = cell(&Column::Word("summary", lang.clone()));
        let body = cell(&Column::Word("body", lang.clone()));
        if title.is_none() && summary.is_none() && body.is_none() {
            continue;
        }
        let mut yaml_text_all = String::new();
        if let Some(t) = title {
            yaml_text_all.push_str(&format!("title: {}\n", yaml_text(t.text.trim())));
        }
        if let Some(s) = summary {
            yaml_text_all.push_str(&format!("summary: {}\n", yaml_text(s.text.trim())));
        }
        yaml_text_all.push_str(&facts);
        let source: Arc<str> = yaml_text_all.as_str().into();
        let checked = yaml::fields(file, &source, &yaml_text_all, 1)
            .map_err(|d| vec![d])
            .and_then(|fields| programme::programme(&fields, known));
        match checked {
            Ok(front) => {
                if first {
                    imported.status = front.status;
                    imported.start = front.start;
                    imported.end = front.end;
                    imported.amount = front.amount;
                    imported.countries = front.countries;
                    let keys = |v: Vec<String>| {
                        v.into_iter()
                            .map(|k| NamedRef {
                                key: Some(k),
                                ..NamedRef::default()
                            })
                            .collect()
                    };
                    imported.donors = keys(front.donors);
                    imported.partners = keys(front.partners);
                    imported.themes = keys(front.themes);
                    imported.contact = front.contact;
                    imported.iati_identifier = front.iati_identifier;
                }
                imported.words.push((
                    lang.clone(),
                    Words {
                        title: front.title,
                        summary: front.summary,
                        body: body
                            .map(|b| b.text.trim().replace("\r\n", "\n"))
                            .unwrap_or_default(),
                    },
                ));
            }
            Err(found) => {
                for d in found {
                    let field = d.field.clone().unwrap_or_default();
                    // Facts are reported once, with the first language's version.
                    let is_word = field == "title" || field == "summary";
                    if !first && !is_word {
                        continue;
                    }
                    let column = match field.as_str() {
                        "title" | "summary" => columns.iter().position(|c| matches!(c, Column::Word(w, l) if *w == field && l == lang))
                            .or_else(|| columns.iter().position(|c| matches!(c, Column::Word(_, l) if l == lang))),
                        "iati_identifier" => columns.iter().position(|c| *c == Column::Identifier),
                        f => columns.iter().position(|c| matches!(c, Column::Fact(x) if *x == f.split('.').next().unwrap_or(f))),
                    }
                    .unwrap_or(0);
                    let name = match columns.get(column) {
                        Some(Column::Word(w, l)) => format!("{w}.{l}"),
                        Some(Column::Fact(f)) => f.to_string(),
                        Some(Column::Identifier) => IDENTIFIER.to_string(),
                        _ => field.clone(),
                    };
                    let mut e = cell_error(file, row, column, d.message.clone()).field(name);
                    e.hint = if d.message.contains("is missing") {
                        Some("fill in this cell".to_string())
                    } else {
                        d.hint.clone()
                    };
                    errors.push(e);
                }
            }
        }
        first = false;
    }
    // A row without a slug is known by its title's: a second import finds it again.
    if imported.slug.is_none() {
        imported.slug = imported.words.first().and_then(|(_, w)| slugify(&w.title));
    }
    if imported.words.is_empty() && errors.is_empty() {
        let c = columns
            .iter()
            .position(|c| matches!(c, Column::Word("title", _)))
            .unwrap_or(0);
        errors.push(
            cell_error(file, row, c, "the programme has no title")
                .field("title")
                .hint("write its title in at least one language"),
        );
    }
    if errors.is_empty() {
        Ok(imported)
    } else {
        Err(errors)
    }
}

/// A cell's text as a YAML scalar that reads back as that text.
fn yaml_text(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
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
