//! Each row of a table checked into an [`Imported`] programme by the same checks as a fact
//! sheet (`parse::programme`), each problem reported at its cell with the field's usual hint.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::domain::slug::{is_slug, slugify};
use crate::import::table::cells::{Cell, cell_error, read_table};
use crate::import::table::columns::{Column, FACTS, IDENTIFIER, LISTS, columns, title_column};
use crate::import::yaml_text::quoted;
use crate::import::{Imported, NamedRef, Words};
use crate::parse::programme::{self, FrontMatter, Known};
use crate::parse::{facts, yaml};

/// Reads a table and checks every row. `known` gives the site's countries and the keys of
/// its data files.
pub fn read_file(
    path: &Path,
    file: &str,
    languages: &[String],
    known: &Known,
) -> Result<Vec<Imported>, Vec<Diagnostic>> {
    let table = read_table(path, file)?;
    let (columns, mut errors) = columns(&table, file, languages)?;
    let mut out = Vec::new();
    let mut identifiers: BTreeMap<String, usize> = BTreeMap::new();
    let mut slugs: BTreeMap<String, usize> = BTreeMap::new();
    for (row, cells) in &table.rows {
        let r = Row {
            number: *row,
            cells,
            columns: &columns,
            file,
        };
        match row_programme(&r, languages, known) {
            Ok(p) => {
                let title_column = title_column(&columns);
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

/// One row of the table, with the columns to read it by.
struct Row<'a> {
    number: usize,
    cells: &'a [Cell],
    columns: &'a [Column],
    file: &'a str,
}

impl Row<'_> {
    /// The row's cell in `c`, if the table has that column and the cell is not empty.
    fn cell(&self, c: &Column) -> Option<&Cell> {
        let i = self.columns.iter().position(|x| x == c)?;
        self.cells
            .iter()
            .find(|x| x.column == i)
            .filter(|x| !x.text.trim().is_empty())
    }

    fn column_of(&self, c: &Column) -> usize {
        self.columns.iter().position(|x| x == c).unwrap_or(0)
    }
}

/// The programme of one row: its facts checked with the first language's words, then each
/// other language's words.
fn row_programme(
    row: &Row,
    languages: &[String],
    known: &Known,
) -> Result<Imported, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let facts = facts_yaml(row, &mut errors);
    let slug = slug_of(row, &mut errors);
    let mut imported = Imported {
        line: row.number,
        slug,
        ..Imported::default()
    };
    let mut first = true;
    for lang in languages {
        let title = row.cell(&Column::Word("title", lang.clone()));
        let summary = row.cell(&Column::Word("summary", lang.clone()));
        let body = row.cell(&Column::Word("body", lang.clone()));
        if title.is_none() && summary.is_none() && body.is_none() {
            continue;
        }
        let yaml_text_all = version_yaml(title, summary, &facts);
        let source: Arc<str> = yaml_text_all.as_str().into();
        let checked = yaml::fields(row.file, &source, &yaml_text_all, 1)
            .map_err(|d| vec![d])
            .and_then(|fields| {
                let front = programme::programme(&fields, known)?;
                // The first language's file is the source: it gives the facts.
                if first && facts::lacks_status(&front) {
                    return Err(vec![fields.error_missing(
                        "status",
                        "the programme has neither a `status` nor a `start` date",
                    )]);
                }
                Ok(front)
            });
        match checked {
            Ok(mut front) => {
                let words = Words {
                    title: std::mem::take(&mut front.title),
                    summary: std::mem::take(&mut front.summary),
                    body: body
                        .map(|b| b.text.trim().replace("\r\n", "\n"))
                        .unwrap_or_default(),
                };
                if first {
                    take_facts(&mut imported, front);
                }
                imported.words.push((lang.clone(), words));
            }
            Err(found) => cell_errors(row, lang, first, found, &mut errors),
        }
        first = false;
    }
    // A row without a slug is known by its title's: a second import finds it again.
    if imported.slug.is_none() {
        imported.slug = imported.words.first().and_then(|(_, w)| slugify(&w.title));
    }
    if imported.words.is_empty() && errors.is_empty() {
        errors.push(
            cell_error(
                row.file,
                row.number,
                title_column(row.columns),
                "the programme has no title",
            )
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

/// The row's facts as YAML lines, one per field, so that the checks' messages name the field.
fn facts_yaml(row: &Row, errors: &mut Vec<Diagnostic>) -> String {
    let mut facts = String::new();
    for f in FACTS {
        let Some(c) = row.cell(&Column::Fact(f)) else {
            continue;
        };
        let text = c.text.trim();
        match f {
            "slug" => {}
            "currency" => {
                if crate::parse::rules::currency(text).is_err() {
                    errors.push(
                        cell_error(
                            row.file,
                            row.number,
                            c.column,
                            format!("`{text}` is not a currency code"),
                        )
                        .field("currency")
                        .hint("use an ISO 4217 code such as `EUR` or `USD`"),
                    );
                }
            }
            "amount" => facts.push_str(&format!("amount: {}\n", amount_yaml(row, text))),
            // Both make `disbursed:`, written once.
            "disbursed" | "disbursed_date" => {
                if !facts.contains("\ndisbursed: ") && !facts.starts_with("disbursed: ") {
                    facts.push_str(&disbursed_yaml(row));
                }
            }
            f if LISTS.contains(&f) => {
                let items: Vec<String> = text.split(';').map(|s| quoted(s.trim())).collect();
                facts.push_str(&format!("{f}: [{}]\n", items.join(", ")));
            }
            f => facts.push_str(&format!("{f}: {}\n", quoted(text))),
        }
    }
    if let Some(c) = row.cell(&Column::Identifier) {
        facts.push_str(&format!("iati_identifier: {}\n", quoted(c.text.trim())));
    }
    facts
}

/// An amount cell as YAML: its number (spaces between digits dropped), else the text quoted
/// for the checks to refuse; with the row's `currency`, if it has one.
fn amount_yaml(row: &Row, text: &str) -> String {
    let value = text.replace([' ', '\u{a0}', '\u{202f}'], "");
    let value = if value.parse::<f64>().is_ok() {
        value
    } else {
        quoted(text)
    };
    match row.cell(&Column::Fact("currency")) {
        Some(cur) => format!("{{value: {value}, currency: {}}}", quoted(cur.text.trim())),
        None => value,
    }
}

/// `disbursed:` from the `disbursed` (amount) and `disbursed_date` cells; a missing one is
/// left out, for the checks to ask for it.
fn disbursed_yaml(row: &Row) -> String {
    let mut parts = Vec::new();
    if let Some(c) = row.cell(&Column::Fact("disbursed")) {
        parts.push(format!("amount: {}", amount_yaml(row, c.text.trim())));
    }
    if let Some(c) = row.cell(&Column::Fact("disbursed_date")) {
        parts.push(format!("date: {}", quoted(c.text.trim())));
    }
    format!("disbursed: {{{}}}\n", parts.join(", "))
}

/// The slug the row asks for; one that is not a slug is an error at its cell.
fn slug_of(row: &Row, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let slug = row
        .cell(&Column::Fact("slug"))
        .map(|c| c.text.trim().to_string());
    if let Some(s) = &slug
        && !is_slug(s)
    {
        let c = row.column_of(&Column::Fact("slug"));
        errors.push(
            cell_error(row.file, row.number, c, format!("`{s}` is not a slug"))
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
    slug
}

/// The YAML of one language version: its title and summary, then the row's facts.
fn version_yaml(title: Option<&Cell>, summary: Option<&Cell>, facts: &str) -> String {
    let mut yaml_text_all = String::new();
    if let Some(t) = title {
        yaml_text_all.push_str(&format!("title: {}\n", quoted(t.text.trim())));
    }
    if let Some(s) = summary {
        yaml_text_all.push_str(&format!("summary: {}\n", quoted(s.text.trim())));
    }
    yaml_text_all.push_str(facts);
    yaml_text_all
}

/// The facts of the first language's version, checked, taken as the programme's.
fn take_facts(imported: &mut Imported, front: FrontMatter) {
    let facts = Arc::unwrap_or_clone(front.facts);
    imported.status = facts.status;
    imported.start = facts.start;
    imported.end = facts.end;
    imported.amount = facts.amount;
    imported.finance.disbursed = facts
        .disbursed
        .map(|d| (d.amount.value, d.amount.currency, d.date));
    imported.countries = facts.countries;
    let keys = |v: Vec<String>| {
        v.into_iter()
            .map(|k| NamedRef {
                key: Some(k),
                ..NamedRef::default()
            })
            .collect()
    };
    imported.donors = keys(facts.donors);
    imported.partners = keys(facts.partners);
    imported.themes = keys(facts.themes);
    imported.contact = facts.contact;
    imported.iati_identifier = facts.iati_identifier;
}

/// The errors of one version's checks, each at its cell; the facts' only for the first version.
fn cell_errors(
    row: &Row,
    lang: &str,
    first: bool,
    found: Vec<Diagnostic>,
    errors: &mut Vec<Diagnostic>,
) {
    let columns = row.columns;
    for d in found {
        let field = d.field.clone().unwrap_or_default();
        // Facts are reported once, with the first language's version.
        let is_word = field == "title" || field == "summary";
        if !first && !is_word {
            continue;
        }
        let column = match field.as_str() {
            "title" | "summary" => columns
                .iter()
                .position(|c| matches!(c, Column::Word(w, l) if *w == field && l == lang))
                .or_else(|| {
                    columns
                        .iter()
                        .position(|c| matches!(c, Column::Word(_, l) if l == lang))
                }),
            "iati_identifier" => columns.iter().position(|c| *c == Column::Identifier),
            "disbursed.date" => columns
                .iter()
                .position(|c| *c == Column::Fact("disbursed_date")),
            f => columns.iter().position(
                |c| matches!(c, Column::Fact(x) if *x == f.split('.').next().unwrap_or(f)),
            ),
        }
        .unwrap_or(0);
        let name = match columns.get(column) {
            Some(Column::Word(w, l)) => format!("{w}.{l}"),
            Some(Column::Fact(f)) => f.to_string(),
            Some(Column::Identifier) => IDENTIFIER.to_string(),
            _ => field.clone(),
        };
        let mut e = cell_error(row.file, row.number, column, d.message.clone()).field(name);
        e.hint = if d.message.contains("is missing") {
            Some("fill in this cell".to_string())
        } else {
            d.hint.clone()
        };
        errors.push(e);
    }
}
