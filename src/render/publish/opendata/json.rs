//! `data/programmes.json`: every programme as one record, in every language.
//!
//! The format is versioned by `schema_version` and described by `docs/programmes.schema.json`
//! (JSON Schema 2020-12), which the tests check the demo site's file against. A change that
//! could break a reader (a field removed, renamed or retyped) raises the major version; a field
//! added raises the minor one.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{Names, iati_identifier, per_language, primary};
use crate::domain::country::is_continent;
use crate::model::{Named, Site};
use crate::render::publish::{FactSheetUrls, Pieces};

/// The version of the format, in the file as `schema_version`.
pub const SCHEMA_VERSION: &str = "1.1";

#[derive(Serialize)]
struct Document<'a> {
    schema_version: &'static str,
    generator: String,
    site: SiteInfo<'a>,
    /// The day statuses left out of front matter were derived from the dates.
    status_date: String,
    programmes: Records<'a>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: BTreeMap<String, String>,
    base_url: &'a str,
    languages: &'a [String],
    default_language: &'a str,
    currency: &'a str,
}

#[derive(Serialize)]
struct Record<'a> {
    slug: &'a str,
    iati_identifier: Option<String>,
    /// The languages the programme has a fact sheet in.
    languages: Vec<&'a str>,
    title: BTreeMap<&'a str, &'a str>,
    summary: BTreeMap<&'a str, &'a str>,
    url: BTreeMap<&'a str, String>,
    status: &'static str,
    /// True when the front matter gives no status and it was derived from the dates.
    status_from_dates: bool,
    start: Option<String>,
    end: Option<String>,
    updated: String,
    amount: Option<Amount<'a>>,
    /// `budgets:`, the amount per period (since 1.1).
    budgets: Vec<Budget<'a>>,
    /// `disbursed:`, the money paid out up to a date (since 1.1).
    disbursed: Option<Disbursed<'a>>,
    /// `shares:`, the known parts of the amount (since 1.1).
    shares: Shares<'a>,
    countries: Vec<Country<'a>>,
    regions: Vec<Region<'a>>,
    themes: Vec<Term<'a>>,
    donors: Vec<Term<'a>>,
    partners: Vec<Term<'a>>,
    contact: Option<&'a str>,
    links: Vec<Link<'a>>,
    image: Option<Image<'a>>,
    draft: bool,
}

#[derive(Serialize)]
struct Amount<'a> {
    value: serde_json::Number,
    currency: &'a str,
}

impl<'a> Amount<'a> {
    fn of(a: &'a crate::parse::programme::Amount) -> Self {
        Amount {
            value: number(a.value),
            currency: &a.currency,
        }
    }
}

#[derive(Serialize)]
struct Budget<'a> {
    start: String,
    end: String,
    amount: Amount<'a>,
}

#[derive(Serialize)]
struct Disbursed<'a> {
    amount: Amount<'a>,
    date: String,
}

/// The percentage of the amount each country receives, and each donor's contribution, where
/// known: `{"countries": {"SN": 60}, "donors": {"eu": {"value": 500000, "currency": "EUR"}}}`.
#[derive(Serialize)]
struct Shares<'a> {
    countries: BTreeMap<&'a str, serde_json::Number>,
    donors: BTreeMap<&'a str, Amount<'a>>,
}

impl<'a> Shares<'a> {
    fn of(fr: &'a crate::parse::programme::FrontMatter) -> Self {
        Shares {
            countries: (fr.facts.shares.countries.iter())
                .map(|(c, p)| (c.as_str(), number(*p)))
                .collect(),
            donors: (fr.facts.shares.donors.iter())
                .map(|(d, a)| (d.as_str(), Amount::of(a)))
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct Country<'a> {
    code: &'a str,
    alpha3: Option<&'static str>,
    name: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct Region<'a> {
    code: &'static str,
    level: &'static str,
    name: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct Term<'a> {
    key: &'a str,
    name: &'a BTreeMap<String, String>,
    iati_ref: Option<&'a str>,
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct Image<'a> {
    /// The image's address, percent-encoded.
    url: String,
    alt: &'a str,
    credit: Option<&'a str>,
}

/// A whole number as an integer, anything else as a decimal.
pub fn number(value: f64) -> serde_json::Number {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        serde_json::Number::from(value as i64)
    } else {
        serde_json::Number::from_f64(value).unwrap_or_else(|| serde_json::Number::from(0))
    }
}

fn terms<'a>(
    names: &'a Names,
    file: usize,
    list: &'a [Named],
    keys: &'a [String],
) -> Vec<Term<'a>> {
    keys.iter()
        .filter_map(|key| {
            Some(Term {
                key,
                name: names.named.get(file)?.get(key)?,
                iati_ref: super::named(list, key).and_then(|n| n.entry.iati_ref.as_deref()),
            })
        })
        .collect()
}

/// Writes the file into `out`.
pub fn write(site: &Site, names: &Names, out: &mut Pieces) -> io::Result<()> {
    let base = site.config.base_url.as_str();
    let urls = FactSheetUrls::new(site);
    let programmes = Records {
        site,
        names,
        urls: &urls,
    };
    let document = Document {
        schema_version: SCHEMA_VERSION,
        generator: format!("fiche {}", env!("CARGO_PKG_VERSION")),
        site: SiteInfo {
            title: per_language(site, |lang| {
                site.config
                    .title
                    .get(lang, &site.config.languages)
                    .unwrap_or_default()
                    .to_string()
            }),
            base_url: base,
            languages: &site.config.languages,
            default_language: site.config.default_language(),
            currency: &site.config.currency,
        },
        status_date: site.today.to_string(),
        programmes,
    };
    if out.whole() {
        // Counted first, then written into a buffer of that size: grown by doubling, the
        // buffer of 10,000 programmes (40 MB) touched twice its size (bench/README.md).
        let mut counted = Counted(0);
        serde_json::to_writer_pretty(&mut counted, &document).map_err(io::Error::other)?;
        out.reserve(counted.0 + 1);
    }
    serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// A writer that only counts the bytes written to it.
pub(crate) struct Counted(pub(crate) usize);

impl io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The programmes' records, each made as it is written rather than all held together.
struct Records<'a> {
    site: &'a Site,
    names: &'a Names,
    urls: &'a FactSheetUrls<'a>,
}

impl Serialize for Records<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (site, names, urls) = (self.site, self.names, self.urls);
        serializer.collect_seq(site.programmes.iter().map(|p| record(site, names, urls, p)))
    }
}

/// A programme's record.
fn record<'a>(
    site: &'a Site,
    names: &'a Names,
    urls: &FactSheetUrls,
    p: &'a crate::model::Programme,
) -> Record<'a> {
    let base = site.config.base_url.as_str();
    let f = primary(p);
    let fr = &f.front;
    let versions: Vec<(usize, &crate::model::Fiche)> = p
        .own_versions()
        .enumerate()
        .filter_map(|(i, v)| v.as_deref().map(|v| (i, v)))
        .collect();
    let code_of = |i: usize| site.languages[i].code.as_str();
    Record {
        slug: &p.slug,
        iati_identifier: iati_identifier(site, p),
        languages: versions.iter().map(|(i, _)| code_of(*i)).collect(),
        title: versions
            .iter()
            .map(|(i, v)| (code_of(*i), v.front.title.as_str()))
            .collect(),
        summary: versions
            .iter()
            .map(|(i, v)| (code_of(*i), v.front.summary.as_str()))
            .collect(),
        url: versions
            .iter()
            .map(|(i, _)| (code_of(*i), urls.get(*i, p.slug_in(*i))))
            .collect(),
        status: f.status.key(),
        status_from_dates: fr.facts.status.is_none(),
        start: fr.facts.start.map(|d| d.to_string()),
        end: fr.facts.end.map(|d| d.to_string()),
        updated: versions
            .iter()
            .map(|(_, v)| v.updated)
            .max()
            .unwrap_or(f.updated)
            .rfc3339(),
        amount: fr.facts.amount.as_ref().map(Amount::of),
        budgets: (fr.facts.budgets.iter())
            .map(|b| Budget {
                start: b.start.to_string(),
                end: b.end.to_string(),
                amount: Amount::of(&b.amount),
            })
            .collect(),
        disbursed: fr.facts.disbursed.as_ref().map(|d| Disbursed {
            amount: Amount::of(&d.amount),
            date: d.date.to_string(),
        }),
        shares: Shares::of(fr),
        countries: fr
            .facts
            .countries
            .iter()
            .filter_map(|c| {
                Some(Country {
                    code: c,
                    alpha3: site.countries.get(c).map(|i| i.alpha3),
                    name: names.countries.get(c)?,
                })
            })
            .collect(),
        regions: f
            .regions
            .iter()
            .filter_map(|r| {
                Some(Region {
                    code: r.0,
                    level: if is_continent(r.0) {
                        "continent"
                    } else {
                        "subregion"
                    },
                    name: names.regions.get(r.0)?,
                })
            })
            .collect(),
        themes: terms(names, 0, &site.themes, &fr.facts.themes),
        donors: terms(names, 1, &site.donors, &fr.facts.donors),
        partners: terms(names, 2, &site.partners, &fr.facts.partners),
        contact: fr.facts.contact.as_deref(),
        links: fr
            .links
            .iter()
            .map(|l| Link {
                title: &l.title,
                url: &l.url,
            })
            .collect(),
        image: fr.image.as_ref().map(|i| Image {
            url: super::file_url(base, &i.src),
            alt: &i.alt,
            credit: i.credit.as_deref(),
        }),
        draft: fr.draft,
    }
}
