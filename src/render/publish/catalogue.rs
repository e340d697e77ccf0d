//! `data/catalog.jsonld`: the open data files as a DCAT-AP 3 catalogue (JSON-LD), for open-data
//! portals that harvest DCAT-AP (data.gouv.fr, data.europa.eu).
//!
//! One `dcat:Catalog` (the site: its title, description, publisher, languages, licence, last
//! change) holds two datasets: the programmes, distributed as `data/programmes.json`,
//! `data/programmes.csv` and, when written, `data/iati-activities.xml`; and the latest fact
//! sheets, as one Atom feed per language. Each distribution gives its address, IANA media type,
//! EU file type, licence, and its size in bytes, counted on the bytes this build writes.
//! Languages are the EU's authority codes (ISO 639-3, `FRA`); the licence is `data_licence:`
//! (no licence property without it, and `build` says so); the publisher is
//! [`crate::parse::site_config::SiteConfig::publisher`].

use std::collections::BTreeSet;
use std::io;

use serde_json::{Value, json};

use super::opendata::{CSV_PATH, IATI_PATH, JSON_PATH, file_url, name_in};
use crate::domain::date::{Day, Timestamp};
use crate::model::Site;
use crate::render::Output;

/// Where the catalogue is written, relative to the output folder.
pub const PATH: &str = "data/catalog.jsonld";

const LANGUAGE_AUTHORITY: &str = "http://publications.europa.eu/resource/authority/language/";
const FILE_TYPE_AUTHORITY: &str = "http://publications.europa.eu/resource/authority/file-type/";
const IANA_MEDIA_TYPES: &str = "https://www.iana.org/assignments/media-types/";
const COUNTRY_AUTHORITY: &str = "http://publications.europa.eu/resource/authority/country/";
const IATI_STANDARD: &str = "https://iatistandard.org/en/iati-standard/203/";

/// What the catalogue says of a file's format: its IANA media type, its EU file type, and the
/// standard it follows, if any.
struct FileKind {
    media_type: &'static str,
    file_type: &'static str,
    conforms_to: Option<&'static str>,
}

fn kind_of(path: &str) -> FileKind {
    let (media_type, file_type) = match path.rsplit('.').next() {
        Some("json") => ("application/json", "JSON"),
        Some("csv") => ("text/csv", "CSV"),
        _ if path == IATI_PATH => ("application/xml", "XML"),
        _ => ("application/atom+xml", "ATOM"),
    };
    FileKind {
        media_type,
        file_type,
        conforms_to: (path == IATI_PATH).then_some(IATI_STANDARD),
    }
}

/// The EU authority's code of a BCP 47 tag's language (`fr`, `fr-CA` → `FRA`), if it has one.
pub fn language_code(tag: &str) -> Option<String> {
    let primary = tag.split('-').next()?.to_ascii_lowercase();
    let lang = match primary.len() {
        2 => isolang::Language::from_639_1(&primary),
        3 => isolang::Language::from_639_3(&primary),
        _ => None,
    }?;
    Some(lang.to_639_3().to_ascii_uppercase())
}

/// Texts per language as language-tagged literals, in the site's languages' order.
fn tagged(site: &Site, text: impl Fn(&str) -> Option<String>) -> Value {
    site.languages
        .iter()
        .filter_map(|l| {
            let t = text(&l.code)?;
            Some(json!({"@value": t, "@language": l.code}))
        })
        .collect()
}

fn iri(id: impl Into<String>, class: &str) -> Value {
    json!({"@id": id.into(), "@type": class})
}

/// The settings the catalogue lacks: `data_licence` (then it names no licence) and
/// `publisher` (when no setting gives one: then it names no publisher, which DCAT-AP needs).
pub fn missing_settings(config: &crate::parse::site_config::SiteConfig) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if config.data_licence.is_none() {
        missing.push(crate::parse::publisher::LICENCE_KEY);
    }
    if config.publisher().is_none() {
        missing.push("publisher");
    }
    missing
}

/// What the catalogue, its datasets and distributions share.
struct Shared<'a> {
    site: &'a Site,
    base: &'a str,
    modified: Value,
    languages: Value,
    licence: Option<Value>,
    publisher: Option<Value>,
}

impl<'a> Shared<'a> {
    fn new(site: &'a Site) -> Self {
        let config = &site.config;
        let modified = site
            .programmes
            .iter()
            .flat_map(|p| p.versions.iter().flatten())
            .map(|f| f.updated)
            .max()
            .unwrap_or_else(|| Timestamp::from_day(site.today));
        let publisher = config.publisher().map(|(name, url)| {
            let mut agent = json!({
                "@id": format!("{}#publisher", config.base_url),
                "@type": "foaf:Agent",
                "foaf:name": tagged(site, |lang| name.get(lang, &config.languages).map(str::to_string)),
            });
            if let Some(url) = url {
                agent["foaf:homepage"] = iri(url, "foaf:Document");
            }
            agent
        });
        Shared {
            site,
            base: &config.base_url,
            modified: json!({"@value": modified.rfc3339(), "@type": "xsd:dateTime"}),
            languages: config
                .languages
                .iter()
                .filter_map(|l| language_code(l))
                .map(|c| iri(format!("{LANGUAGE_AUTHORITY}{c}"), "dct:LinguisticSystem"))
                .collect(),
            licence: config
                .data_licence
                .as_ref()
                .map(|l| iri(l.as_str(), "dct:LicenseDocument")),
            publisher,
        }
    }

    /// The `@id` of a node of the catalogue: the catalogue's address and a fragment.
    fn id(&self, fragment: &str) -> String {
        format!("{}#{fragment}", file_url(self.base, PATH))
    }

    fn title_in(&self, lang: &str) -> Option<String> {
        let config = &self.site.config;
        config
            .title
            .get(lang, &config.languages)
            .map(str::to_string)
    }

    /// "Programmes – <the site's title>" in each language, for the string `key`.
    fn titled(&self, key: &str) -> Value {
        tagged(self.site, |lang| {
            let l = self.site.languages.iter().find(|l| l.code == lang)?;
            Some(format!("{} – {}", l.strings.get(key), self.title_in(lang)?))
        })
    }

    /// The distribution of the file at `path`, of `bytes` bytes, in one `language` or all.
    fn distribution(&self, path: &str, bytes: usize, language: Option<&str>) -> Value {
        let kind = kind_of(path);
        let url = file_url(self.base, path);
        let mut d = json!({
            "@id": self.id(&path.replace(['/', '.'], "-")),
            "@type": "dcat:Distribution",
            "dct:title": path.rsplit('/').next().unwrap_or(path),
            "dcat:accessURL": {"@id": url},
            "dcat:downloadURL": {"@id": url},
            "dcat:mediaType": iri(format!("{IANA_MEDIA_TYPES}{}", kind.media_type), "dct:MediaType"),
            "dct:format": iri(format!("{FILE_TYPE_AUTHORITY}{}", kind.file_type), "dct:MediaTypeOrExtent"),
            "dcat:byteSize": {"@value": bytes.to_string(), "@type": "xsd:nonNegativeInteger"},
            "dct:modified": self.modified,
        });
        if let Some(l) = &self.licence {
            d["dct:license"] = l.clone();
        }
        if let Some(standard) = kind.conforms_to {
            d["dct:conformsTo"] = iri(standard, "dct:Standard");
        }
        if let Some(code) = language.and_then(language_code) {
            d["dct:language"] = iri(
                format!("{LANGUAGE_AUTHORITY}{code}"),
                "dct:LinguisticSystem",
            );
        }
        d
    }

    fn dataset(&self, fragment: &str, title: Value, description: &str, files: Vec<Value>) -> Value {
        let landing = format!("{}{}/", self.base, self.site.config.default_language());
        let mut d = json!({
            "@id": self.id(fragment),
            "@type": "dcat:Dataset",
            "dct:title": title,
            "dct:description": {"@value": description, "@language": "en"},
            "dct:language": self.languages,
            "dct:modified": self.modified,
            "dcat:landingPage": iri(landing, "foaf:Document"),
            "dcat:distribution": files,
        });
        if let Some(p) = &self.publisher {
            d["dct:publisher"] = json!({"@id": p["@id"]});
        }
        d
    }
}

/// What the programmes cover, for their dataset: where (`dct:spatial`, their countries as the
/// EU authority's, by ISO 3166-1 alpha-3 code), when (`dct:temporal`, from the first start to
/// the last end) and about what (`dcat:keyword`, the names of their themes in each language).
fn coverage(site: &Site, dataset: &mut Value) {
    let mut countries = BTreeSet::new();
    let mut themes = BTreeSet::new();
    let (mut first, mut last) = (None::<Day>, None::<Day>);
    for f in site
        .programmes
        .iter()
        .flat_map(|p| p.versions.iter().flatten())
    {
        countries.extend(f.front.facts.countries.iter().map(String::as_str));
        themes.extend(f.front.facts.themes.iter().map(String::as_str));
        if let Some(start) = f.front.facts.start.map(|d| d.first_day()) {
            first = Some(first.map_or(start, |d| d.min(start)));
        }
        if let Some(end) = f.front.facts.end.map(|d| d.last_day()) {
            last = Some(last.map_or(end, |d| d.max(end)));
        }
    }
    let spatial: Vec<Value> = countries
        .into_iter()
        .filter_map(|c| site.countries.get(c))
        .map(|c| iri(format!("{COUNTRY_AUTHORITY}{}", c.alpha3), "dct:Location"))
        .collect();
    if !spatial.is_empty() {
        dataset["dct:spatial"] = Value::Array(spatial);
    }
    if first.is_some() || last.is_some() {
        let date = |d: Day| json!({"@value": d.to_string(), "@type": "xsd:date"});
        let mut period = json!({"@type": "dct:PeriodOfTime"});
        if let Some(d) = first {
            period["dcat:startDate"] = date(d);
        }
        if let Some(d) = last {
            period["dcat:endDate"] = date(d);
        }
        dataset["dct:temporal"] = period;
    }
    let keywords: Vec<Value> = themes
        .into_iter()
        .flat_map(|key| {
            site.languages.iter().map(move |l| {
                json!({"@value": name_in(site, &site.themes, key, &l.code), "@language": l.code})
            })
        })
        .collect();
    if !keywords.is_empty() {
        dataset["dcat:keyword"] = Value::Array(keywords);
    }
}

/// The catalogue of the publishing outputs this build writes: `size_of` gives the size of
/// each file it writes, by path (`None` for a file it does not write).
pub fn render(site: &Site, size_of: impl Fn(&str) -> Option<usize>) -> io::Result<Output> {
    let config = &site.config;
    let shared = Shared::new(site);
    let data_files: Vec<Value> = [JSON_PATH, CSV_PATH, IATI_PATH]
        .into_iter()
        .filter_map(|path| Some(shared.distribution(path, size_of(path)?, None)))
        .collect();
    let feeds: Vec<Value> = site
        .languages
        .iter()
        .filter_map(|l| {
            let path = super::feed::path(&l.code);
            Some(shared.distribution(&path, size_of(&path)?, Some(&l.code)))
        })
        .collect();
    let mut programmes = shared.dataset(
        "programmes",
        shared.titled("programmes"),
        "Every programme of the site, one record each: its title and summary in each language, dates, status, amount, countries, regions, themes, donors and partners.",
        data_files,
    );
    coverage(site, &mut programmes);
    let datasets = vec![
        programmes,
        shared.dataset(
            "feeds",
            shared.titled("feed"),
            "The latest new and updated fact sheets, one Atom feed per language.",
            feeds,
        ),
    ];
    let description = match &config.description {
        Some(d) => tagged(site, |lang| {
            d.get(lang, &config.languages).map(str::to_string)
        }),
        None => json!({"@value": format!(
            "The open data of {}: its programmes as JSON, CSV and IATI XML, and its Atom feeds.",
            shared.title_in(config.default_language()).unwrap_or_default()
        ), "@language": "en"}),
    };
    let mut catalogue = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": shared.id("catalogue"),
        "@type": "dcat:Catalog",
        "dct:title": tagged(site, |lang| shared.title_in(lang)),
        "dct:description": description,
        "dct:language": shared.languages,
        "dct:modified": shared.modified,
        "foaf:homepage": iri(shared.base, "foaf:Document"),
        "dcat:dataset": datasets,
    });
    if let Some(p) = &shared.publisher {
        catalogue["dct:publisher"] = p.clone();
    }
    if let Some(l) = &shared.licence {
        catalogue["dct:license"] = l.clone();
    }
    let mut bytes = serde_json::to_vec_pretty(&catalogue).map_err(io::Error::other)?;
    bytes.push(b'\n');
    Ok(Output::new(PATH, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_the_eu_authority_codes() {
        assert_eq!(language_code("fr").as_deref(), Some("FRA"));
        assert_eq!(language_code("pt-BR").as_deref(), Some("POR"));
        assert_eq!(language_code("ar").as_deref(), Some("ARA"));
        assert_eq!(language_code("x-private"), None);
    }

    #[test]
    fn media_types_follow_the_files() {
        assert_eq!(kind_of(JSON_PATH).media_type, "application/json");
        assert_eq!(kind_of(CSV_PATH).file_type, "CSV");
        assert_eq!(kind_of(IATI_PATH).conforms_to, Some(IATI_STANDARD));
        assert_eq!(kind_of("fr/atom.xml").media_type, "application/atom+xml");
    }
}
