//! Open data under `data/`: the same facts as the pages, for transparency and data users.
//!
//! - `data/programmes.json` ([`json`]): one record per programme, every language's texts,
//!   codes and names; its schema is `docs/programmes.schema.json`.
//! - `data/programmes.csv` ([`csv`]): one row per programme, for spreadsheets.
//! - `data/iati-activities.xml` ([`iati`]): IATI Activity Standard 2.03, when `site.yaml` says
//!   who reports it (`iati:`).
//!
//! A programme's facts (dates, status, amount, countries, …) are those of its version in the
//! site's first language, else of the first language it has; titles, summaries and addresses
//! come from every version.

pub mod csv;
pub mod iati;
pub mod json;

use std::collections::{BTreeMap, HashMap};
use std::io;

use crate::diagnostic::Diagnostic;
use crate::model::{Fiche, Named, Programme, Site};
use crate::render::Output;
use crate::render::publish::Pieces;

pub const JSON_PATH: &str = "data/programmes.json";
pub const CSV_PATH: &str = "data/programmes.csv";
pub const IATI_PATH: &str = "data/iati-activities.xml";

/// The open data files, one after the other, each handed to `emit` as soon as it is made, or
/// in pieces as it is written with `in_pieces` (see [`Pieces`]).
pub fn outputs(site: &Site, in_pieces: bool, emit: &mut dyn FnMut(Output)) -> io::Result<()> {
    let names = Names::of(site);
    let mut file = Pieces::new(JSON_PATH, in_pieces, emit);
    json::write(site, &names, &mut file)?;
    file.finish();
    let mut file = Pieces::new(CSV_PATH, in_pieces, emit);
    csv::write(site, &names, &mut file)?;
    file.finish();
    if iati::writes_file(site) {
        let mut file = Pieces::new(IATI_PATH, in_pieces, emit);
        iati::write(site, &mut file)?;
        file.finish();
    }
    Ok(())
}

/// The paths of the files [`outputs`] makes, in its order.
pub fn paths(site: &Site) -> Vec<&'static str> {
    let mut paths = vec![JSON_PATH, CSV_PATH];
    if iati::writes_file(site) {
        paths.push(IATI_PATH);
    }
    paths
}

/// The names in every language of each country, region, theme, donor and partner the
/// programmes use, made once for all the open data files rather than once per programme.
#[derive(Default)]
pub struct Names {
    pub(super) countries: HashMap<String, BTreeMap<String, String>>,
    pub(super) regions: HashMap<&'static str, BTreeMap<String, String>>,
    /// By data file (0 themes, 1 donors, 2 partners), then key: looked up without making a
    /// key.
    pub(super) named: [HashMap<String, BTreeMap<String, String>>; 3],
}

impl Names {
    pub fn of(site: &Site) -> Names {
        let mut names = Names::default();
        for p in &site.programmes {
            for f in p.own_versions().flatten() {
                for c in &f.front.facts.countries {
                    if !names.countries.contains_key(c) {
                        let n = per_language(site, |lang| site.countries.name(lang, c));
                        names.countries.insert(c.clone(), n);
                    }
                }
                for r in &f.regions {
                    names.regions.entry(r.0).or_insert_with(|| {
                        per_language(site, |lang| site.countries.region_name(lang, r.0))
                    });
                }
                for (i, (list, keys)) in [
                    (&site.themes, &f.front.facts.themes),
                    (&site.donors, &f.front.facts.donors),
                    (&site.partners, &f.front.facts.partners),
                ]
                .into_iter()
                .enumerate()
                {
                    for key in keys {
                        if !names.named[i].contains_key(key) {
                            let n = per_language(site, |lang| name_in(site, list, key, lang));
                            names.named[i].insert(key.clone(), n);
                        }
                    }
                }
            }
        }
        names
    }
}

impl Names {
    /// The name of a country the programmes use in `lang`, else its code.
    pub(super) fn country<'a>(&'a self, code: &'a str, lang: &str) -> &'a str {
        self.countries
            .get(code)
            .and_then(|n| n.get(lang))
            .map_or(code, String::as_str)
    }

    /// The name of a region the programmes are in, in `lang`, else its code.
    pub(super) fn region<'a>(&'a self, code: &'a str, lang: &str) -> &'a str {
        self.regions
            .get(code)
            .and_then(|n| n.get(lang))
            .map_or(code, String::as_str)
    }

    /// The name of a theme (`file` 0), donor (1) or partner (2) in `lang`, else its key.
    pub(super) fn named<'a>(&'a self, file: usize, key: &'a str, lang: &str) -> &'a str {
        self.named
            .get(file)
            .and_then(|by_key| by_key.get(key))
            .and_then(|n| n.get(lang))
            .map_or(key, String::as_str)
    }
}

/// What a build should say about the open data: programmes the IATI file must leave out.
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    iati::warnings(site)
}

/// The version whose facts stand for the programme.
pub fn primary(p: &Programme) -> &Fiche {
    p.own_versions()
        .flatten()
        .next()
        .map_or_else(|| p.shown_in(0).1, |f| &**f)
}

/// The programme's IATI identifier: its own (from any version, the primary first), else the
/// site's prefix and its slug, else none when the site has no IATI settings.
pub fn iati_identifier(site: &Site, p: &Programme) -> Option<String> {
    let own = std::iter::once(primary(p))
        .chain(p.own_versions().flatten().map(|f| &**f))
        .find_map(|f| f.front.facts.iati_identifier.clone());
    own.or_else(|| {
        site.config
            .iati
            .as_ref()
            .map(|iati| format!("{}-{}", iati.identifier_prefix, p.slug))
    })
}

/// A text in each of the site's languages, in their order.
pub fn per_language(site: &Site, text: impl Fn(&str) -> String) -> BTreeMap<String, String> {
    site.languages
        .iter()
        .map(|l| (l.code.clone(), text(&l.code)))
        .collect()
}

/// The named thing with this key, if the data file has it.
pub fn named<'a>(list: &'a [Named], key: &str) -> Option<&'a Named> {
    list.iter().find(|n| n.key == key)
}

/// The name of a theme, donor or partner in `lang`, or its key when it has none.
pub fn name_in(site: &Site, list: &[Named], key: &str, lang: &str) -> String {
    named(list, key)
        .and_then(|n| n.entry.name.get(lang, &site.config.languages))
        .unwrap_or(key)
        .to_string()
}

/// The address of a file of the output (`images/photo été.jpg`), each segment percent-encoded.
pub fn file_url(base_url: &str, rel: &str) -> String {
    match url::Url::parse(base_url) {
        Ok(mut url) => {
            if let Ok(mut segments) = url.path_segments_mut() {
                segments.pop_if_empty().extend(rel.split('/'));
            }
            url.to_string()
        }
        Err(_) => format!("{base_url}{rel}"),
    }
}
