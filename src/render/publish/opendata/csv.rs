//! `data/programmes.csv`: one row per programme, for spreadsheets.
//!
//! RFC 4180 (comma-separated, CRLF line ends, quotes where needed) in UTF-8, with a byte-order
//! mark so that spreadsheet programs read accents right. Lists are joined with `;`. Names are
//! in the site's first language; titles, summaries and addresses have a column per language.
//! A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`:
//! spreadsheets would otherwise run it as a formula (CSV injection).

use std::io;

use super::{iati_identifier, name_in, primary};
use crate::model::Site;
use crate::render::publish::FactSheetUrls;

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
    columns
}

pub fn render(site: &Site) -> io::Result<Vec<u8>> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.as_bytes().to_vec());
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
            fr.start.map(|d| d.to_string()).unwrap_or_default(),
            fr.end.map(|d| d.to_string()).unwrap_or_default(),
            p.versions
                .iter()
                .flatten()
                .map(|v| v.updated)
                .max()
                .unwrap_or(f.updated)
                .rfc3339(),
            fr.amount
                .as_ref()
                .map(|a| super::json::number(a.value).to_string())
                .unwrap_or_default(),
            fr.amount
                .as_ref()
                .map(|a| a.currency.clone())
                .unwrap_or_default(),
            joined(fr.countries.clone()),
            joined(
                fr.countries
                    .iter()
                    .map(|c| site.countries.name(lang, c))
                    .collect(),
            ),
            joined(f.regions.iter().map(|r| r.0.to_string()).collect()),
            joined(
                f.regions
                    .iter()
                    .map(|r| site.countries.region_name(lang, r.0))
                    .collect(),
            ),
            joined(fr.themes.clone()),
            joined(
                fr.themes
                    .iter()
                    .map(|k| name_in(site, &site.themes, k, lang))
                    .collect(),
            ),
            joined(fr.donors.clone()),
            joined(
                fr.donors
                    .iter()
                    .map(|k| name_in(site, &site.donors, k, lang))
                    .collect(),
            ),
            joined(fr.partners.clone()),
            joined(
                fr.partners
                    .iter()
                    .map(|k| name_in(site, &site.partners, k, lang))
                    .collect(),
            ),
            fr.contact.clone().unwrap_or_default(),
            joined(
                p.versions
                    .iter()
                    .zip(&site.languages)
                    .filter(|(v, _)| v.is_some())
                    .map(|(_, l)| l.code.clone())
                    .collect(),
            ),
        ];
        for (li, v) in p.versions.iter().enumerate() {
            match v {
                Some(v) => {
                    row.push(v.front.title.clone());
                    row.push(v.front.summary.clone());
                    row.push(urls.get(li, p.slug_in(li)));
                }
                None => row.extend([String::new(), String::new(), String::new()]),
            }
        }
        out.write_record(row.iter().map(|c| neutralise(c).into_owned()))?;
    }
    out.into_inner()
        .map_err(|e| io::Error::other(e.to_string()))
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
