//! `data/programmes.csv`: one row per programme, for spreadsheets.
//!
//! RFC 4180 (comma-separated, CRLF line ends, quotes where needed) in UTF-8, with a byte-order
//! mark so that spreadsheet programs read accents right. Lists are joined with `;`. Names are
//! in the site's first language; titles, summaries and addresses have a column per language.
//! The finance columns (budgets, disbursed, shares) come last, after the per-language ones,
//! so that the columns before them keep their places.
//! A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`:
//! spreadsheets would otherwise run it as a formula (CSV injection).

use std::io::{self, Write};

use super::{Names, iati_identifier, primary};
use crate::model::Site;
use crate::render::publish::{FactSheetUrls, Pieces};

/// The byte-order mark the file starts with.
pub const BOM: &str = "\u{feff}";

/// Makes a cell safe to open in a spreadsheet.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The column names, in order.
pub fn header(site: &Site) -> Vec<String> {
    let mut columns: Vec<String> = [
        "slug",
        "iati_identifier",
        "status",
        "start",
        "end",
        "updated",
        "amount",
        "currency",
        "countries",
        "country_names",
        "regions",
        "region_names",
        "themes",
        "theme_names",
        "donors",
        "donor_names",
        "partners",
        "partner_names",
        "contact",
        "languages",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for lang in &site.config.languages {
        for field in ["title", "summary", "url"] {
            columns.push(format!("{field}_{lang}"));
        }
    }
    // Added after every column a reader may count on, so that none moves.
    columns.extend(FINANCE_COLUMNS.iter().map(|s| s.to_string()));
    columns
}

/// The finance columns, last: `budgets:`, `disbursed:` and `shares:`.
const FINANCE_COLUMNS: [&str; 6] = [
    "budgets",
    "disbursed",
    "disbursed_currency",
    "disbursed_date",
    "country_shares",
    "donor_contributions",
];

/// The finance cells of a programme, in the order of [`FINANCE_COLUMNS`]: each budget as
/// `2024-01/2024-12:1200000 EUR` (an ISO 8601 interval, its amount and currency), the shares
/// as `SN:60` and `eu:500000 EUR`, lists joined with `;`.
fn finance_cells(fr: &crate::parse::programme::FrontMatter) -> [String; 6] {
    let digits = |v: f64| super::json::number(v).to_string();
    let money = |a: &crate::parse::programme::Amount| format!("{} {}", digits(a.value), a.currency);
    let budgets = fr
        .facts
        .budgets
        .iter()
        .map(|b| format!("{}/{}:{}", b.start, b.end, money(&b.amount)));
    let countries = (fr.facts.shares.countries.iter()).map(|(c, p)| format!("{c}:{}", digits(*p)));
    let donors = (fr.facts.shares.donors.iter()).map(|(d, a)| format!("{d}:{}", money(a)));
    let disbursed = fr.facts.disbursed.as_ref();
    [
        budgets.collect::<Vec<_>>().join(";"),
        disbursed
            .map(|d| digits(d.amount.value))
            .unwrap_or_default(),
        disbursed
            .map(|d| d.amount.currency.clone())
            .unwrap_or_default(),
        disbursed.map(|d| d.date.to_string()).unwrap_or_default(),
        countries.collect::<Vec<_>>().join(";"),
        donors.collect::<Vec<_>>().join(";"),
    ]
}

/// Writes the file into `file`.
pub fn write(site: &Site, names: &Names, file: &mut Pieces) -> io::Result<()> {
    file.write_all(BOM.as_bytes())?;
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(file);
    out.write_record(header(site))?;
    let lang = site.config.default_language();
    let urls = FactSheetUrls::new(site);
    for p in &site.programmes {
        let f = primary(p);
        let fr = &f.front;
        let joined = |items: Vec<String>| items.join(";");
        let mut row: Vec<String> = vec![
            p.slug.clone(),
            iati_identifier(site, p).unwrap_or_default(),
            f.status.key().to_string(),
            fr.facts.start.map(|d| d.to_string()).unwrap_or_default(),
            fr.facts.end.map(|d| d.to_string()).unwrap_or_default(),
            p.own_versions()
                .flatten()
                .map(|v| v.updated)
                .max()
                .unwrap_or(f.updated)
                .rfc3339(),
            fr.facts
                .amount
                .as_ref()
                .map(|a| super::json::number(a.value).to_string())
                .unwrap_or_default(),
            fr.facts
                .amount
                .as_ref()
                .map(|a| a.currency.clone())
                .unwrap_or_default(),
            joined(fr.facts.countries.clone()),
            joined(
                fr.facts
                    .countries
                    .iter()
                    .map(|c| names.country(c, lang).to_string())
                    .collect(),
            ),
            joined(f.regions.iter().map(|r| r.0.to_string()).collect()),
            joined(
                f.regions
                    .iter()
                    .map(|r| names.region(r.0, lang).to_string())
                    .collect(),
            ),
            joined(fr.facts.themes.clone()),
            joined(
                fr.facts
                    .themes
                    .iter()
                    .map(|k| names.named(0, k, lang).to_string())
                    .collect(),
            ),
            joined(fr.facts.donors.clone()),
            joined(
                fr.facts
                    .donors
                    .iter()
                    .map(|k| names.named(1, k, lang).to_string())
                    .collect(),
            ),
            joined(fr.facts.partners.clone()),
            joined(
                fr.facts
                    .partners
                    .iter()
                    .map(|k| names.named(2, k, lang).to_string())
                    .collect(),
            ),
            fr.facts.contact.clone().unwrap_or_default(),
            joined(
                p.own_versions()
                    .zip(&site.languages)
                    .filter(|(v, _)| v.is_some())
                    .map(|(_, l)| l.code.clone())
                    .collect(),
            ),
        ];
        for (li, v) in p.own_versions().enumerate() {
            match v {
                Some(v) => {
                    row.push(v.front.title.clone());
                    row.push(v.front.summary.clone());
                    row.push(urls.get(li, p.slug_in(li)));
                }
                None => row.extend([String::new(), String::new(), String::new()]),
            }
        }
        row.extend(finance_cells(fr));
        out.write_record(row.iter().map(|c| neutralise(c).into_owned()))?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_other_text_kept() {
        for bad in ["=1+1", "+33 1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        for good in ["Brésil", "1 = 1", "a-b", "", "'quoted"] {
            assert_eq!(neutralise(good), good);
        }
    }
}
