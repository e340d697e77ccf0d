//! What each column of a table is, from its header: a fact, the identifier, a word in one of
//! the site's languages, or (with an error) one fiche does not know.

use crate::diagnostic::{Diagnostic, Place, closest};
use crate::import::table::cells::{Table, cell_error};

/// Columns of facts, as the front matter names them.
pub(super) const FACTS: [&str; 13] = [
    "slug",
    "status",
    "start",
    "end",
    "amount",
    "currency",
    "disbursed",
    "disbursed_date",
    "countries",
    "donors",
    "partners",
    "themes",
    "contact",
];
pub(super) const IDENTIFIER: &str = "iati_identifier";
const WORDS: [&str; 3] = ["title", "summary", "body"];
pub(super) const LISTS: [&str; 4] = ["countries", "donors", "partners", "themes"];

/// What a column is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Column {
    Fact(&'static str),
    Identifier,
    Word(&'static str, String),
    Ignored,
}

/// The columns, and the errors of the header. Missing required columns come back as `Err`,
/// since no row can be checked without them; unknown columns are left out and the rows are
/// checked all the same, so that one run lists every bad cell.
pub(super) fn columns(
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

/// The first title column: where a row's problems without a cell of their own are reported.
pub(super) fn title_column(columns: &[Column]) -> usize {
    columns
        .iter()
        .position(|c| matches!(c, Column::Word("title", _)))
        .unwrap_or(0)
}
