//! The data files in the editor. With Decap, each file is a list of its entries, key and
//! fields (the admin page reads and writes the file's mapping as that list, with js-yaml),
//! so that entries can be added: donors, partners and themes with every field fiche reads,
//! and `data/countries.yaml`'s texts of country and region pages. With Sveltia, whose
//! admin page has no such reader, a group of fields per entry the file has.

use serde_json::{Value, json};

use super::fields::{label, optional};
use crate::domain::folders;
use crate::model::{Language, Named, Site};
use crate::parse::site_config::Localised;

/// A key of a data file ([`crate::parse::named::is_key`]): Latin letters, digits, `-`, `_`.
const KEY_PATTERN: &str = r"^[A-Za-z0-9_-]*[A-Za-z0-9][A-Za-z0-9_-]*$";
/// A web address as `rules::web_address` takes it: http(s), mailto, or a path of the site.
const ADDRESS_PATTERN: &str = "^(https?://|mailto:|[a-z0-9])";

/// A text of a data file, one per language (the admin page writes one text when all are
/// the same): the first language's required when `required`.
fn texts(site: &Site, name: &str, label: &str, widget: &str, required: bool) -> Value {
    let fields: Vec<Value> = site
        .config
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let field = json!({"name": l, "label": l, "widget": widget});
            if required && i == 0 {
                field
            } else {
                optional(field)
            }
        })
        .collect();
    let group = json!({"name": name, "label": label, "widget": "object", "fields": fields});
    if required { group } else { optional(group) }
}

/// A list of a data file's entries, as the admin page reads the file (`entries`).
fn list(file: &str, label: &str, singular: &str, fields: Vec<Value>) -> Value {
    let stem = file.trim_start_matches("data/").trim_end_matches(".yaml");
    json!({
        "name": stem, "label": label, "file": file,
        "fields": [{
            "name": "entries", "label": label, "label_singular": singular,
            "widget": "list", "collapsed": true, "summary": "{{fields.key}}",
            "fields": fields,
        }],
    })
}

/// Donors, partners or themes as a list of entries with every field fiche reads; donors
/// with their logo and visibility line.
fn named_list(site: &Site, lang: &Language, file: &str, singular: &str) -> Value {
    let mut fields = vec![
        json!({
            "name": "key", "label": "Key", "widget": "string",
            "pattern": [KEY_PATTERN, "Latin letters, digits, - and _, such as police-cooperation"],
            "hint": "How fact sheets name it (donors: [key]). Changing it breaks those that do.",
        }),
        texts(site, "name", "Name", "string", true),
        texts(site, "short", "Short name", "string", false),
        texts(site, "description", "Description", "text", false),
        optional(json!({
            "name": "url", "label": "Website", "widget": "string",
            "pattern": [ADDRESS_PATTERN, "write a web address such as https://example.org"],
        })),
    ];
    if file != folders::THEMES_FILE {
        fields.push(optional(json!({
            "name": "iati_ref", "label": "IATI organisation identifier", "widget": "string",
        })));
    }
    if file == folders::DONORS_FILE {
        fields.push(optional(json!({
            "name": "logo", "label": "Logo", "widget": "object",
            "hint": "Shown on the fact sheets it funds; its text for screen readers is required with it.",
            "fields": [
                optional(json!({"name": "src", "label": "File", "widget": "image"})),
                texts(site, "alt", "Text for screen readers", "string", false),
            ],
        })));
        fields.push(texts(
            site,
            "visibility",
            "Visibility line",
            "string",
            false,
        ));
    }
    let title = file.trim_start_matches("data/").trim_end_matches(".yaml");
    list(file, &label(lang, title, title), singular, fields)
}

/// `data/countries.yaml`: a text of its own for a country's or a region's page.
fn place_texts(site: &Site, lang: &Language) -> Value {
    list(
        folders::COUNTRIES_FILE,
        &label(lang, "countries", "Countries"),
        "text",
        vec![
            json!({
                "name": "key", "label": "Country or region", "widget": "string",
                "hint": "A country's code or name (BR, Brazil) or a UN M49 region's code (029 for the Caribbean).",
            }),
            texts(site, "text", "Text of its page (Markdown)", "text", true),
        ],
    )
}

/// The data collections of the configuration.
pub fn collections(site: &Site, lang: &Language, decap: bool) -> Vec<Value> {
    let named = [
        (folders::DONORS_FILE, &site.donors, "donor"),
        (folders::PARTNERS_FILE, &site.partners, "partner"),
        (folders::THEMES_FILE, &site.themes, "theme"),
    ];
    if !decap {
        let files: Vec<Value> = named
            .iter()
            .map(|(file, things, _)| entry_groups(site, lang, file, things))
            .collect();
        return vec![json!({
            "name": "data", "label": "Data", "format": "yaml", "extension": "yaml",
            "files": files,
        })];
    }
    let files: Vec<Value> = named
        .iter()
        .map(|(file, _, singular)| named_list(site, lang, file, singular))
        .collect();
    vec![
        json!({"name": "data", "label": "Data", "format": "fiche-named", "extension": "yaml",
               "files": files}),
        json!({"name": "places", "label": "Countries and regions", "format": "fiche-place-texts",
               "extension": "yaml", "files": [place_texts(site, lang)]}),
    ]
}

/// A data file as a file collection: one group of fields per entry it has, each text as
/// written (one for all languages, or one per language). New entries are added in the
/// file itself: Sveltia cannot edit a mapping whose keys are the entries.
fn entry_groups(site: &Site, lang: &Language, file: &str, things: &[Named]) -> Value {
    let text = |name: &str, label: &str, value: Option<&Localised>| {
        let field = match value {
            Some(Localised::PerLanguage(_)) => json!({
                "name": name, "label": label, "widget": "object",
                "fields": site.config.languages.iter().map(|l| optional(json!({
                    "name": l, "label": l, "widget": "string",
                }))).collect::<Vec<_>>(),
            }),
            _ => json!({"name": name, "label": label, "widget": "string"}),
        };
        if name == "name" {
            field
        } else {
            optional(field)
        }
    };
    let entries: Vec<Value> = things
        .iter()
        .map(|n| {
            let name = n.entry.name.get(&lang.code, &site.config.languages);
            json!({
                "name": n.key, "label": name.unwrap_or(&n.key), "widget": "object",
                "collapsed": true,
                "fields": [
                    text("name", "Name", Some(&n.entry.name)),
                    text("short", "Short name", n.entry.short.as_ref()),
                    optional(json!({"name": "url", "label": "Website", "widget": "string"})),
                ],
            })
        })
        .collect();
    let stem = file.trim_start_matches("data/").trim_end_matches(".yaml");
    json!({"name": stem, "label": file, "file": file, "fields": entries})
}
