//! The editor's fields, made from fiche's own rules: what is required, the patterns of
//! dates and email addresses, and the options of every list (statuses, countries, donors,
//! partners, themes) named in the editor's language. Facts are fields of the source
//! language only; words (`i18n: true`) are written in every language's file.

use serde_json::{Value, json};

use crate::model::{Language, Named, Site};
use crate::parse::programme::{PROGRAMME_FIELDS, Status};

/// A date as fiche reads it: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
pub const DATE_PATTERN: &str = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$";
/// An email address, not a link (`parse::rules::is_email` has the whole rule).
pub const EMAIL_PATTERN: &str = r"^[^@\s:/]+@[^@\s.][^@\s]*\.[^@\s.]+$";
/// A slug: lower-case ASCII letters, digits and single hyphens inside.
const SLUG_PATTERN: &str = r"^[a-z0-9]+(-[a-z0-9]+)*$";
/// The currencies offered besides the site's and those its programmes use.
const COMMON_CURRENCIES: [&str; 8] = ["EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "XOF"];

/// An option of a select: what the editor reads, and what is written in the file.
pub fn option(label: impl Into<String>, value: impl Into<String>) -> Value {
    json!({"label": label.into(), "value": value.into()})
}

/// A field's label: the theme's string in the editor's language when it has one, else
/// the English words given.
fn label(lang: &Language, key: &str, english: &str) -> String {
    if lang.strings.contains(key) {
        lang.strings.get(key)
    } else {
        english.to_string()
    }
}

/// Every ISO 3166-1 country, its value the alpha-2 code and its label the name in the
/// editor's language, in that language's alphabetical order.
pub fn country_options(site: &Site, lang: &Language) -> Vec<Value> {
    let mut named: Vec<(String, &str)> = site
        .countries
        .all()
        .map(|c| (site.countries.name(&lang.code, c.alpha2), c.alpha2))
        .collect();
    named.sort_by(|a, b| lang.loc.compare(&a.0, &b.0).then(a.1.cmp(b.1)));
    named
        .into_iter()
        .map(|(name, code)| option(name, code))
        .collect()
}

/// The entries of a data file, labelled with their name in the editor's language.
pub fn named_options(site: &Site, lang: &Language, things: &[Named]) -> Vec<Value> {
    things
        .iter()
        .map(|n| {
            let name = n.entry.name.get(&lang.code, &site.config.languages);
            option(name.unwrap_or(&n.key), n.key.clone())
        })
        .collect()
}

/// The statuses, labelled as the theme's strings say them.
pub fn status_options(lang: &Language) -> Vec<Value> {
    Status::ALL
        .iter()
        .map(|s| option(lang.strings.get(&format!("status_{}", s.key())), s.key()))
        .collect()
}

/// The site's currency, those its programmes use, then common ones.
fn currency_options(site: &Site) -> Vec<Value> {
    let mut codes = vec![site.config.currency.clone()];
    let used = site.programmes.iter().flat_map(|p| &p.versions).flatten();
    for code in used
        .filter_map(|f| f.front.amount.as_ref().map(|a| a.currency.clone()))
        .chain(COMMON_CURRENCIES.iter().map(|c| c.to_string()))
    {
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes.into_iter().map(|c| option(c.clone(), c)).collect()
}

/// A word: written in each language's file.
fn word(mut field: Value) -> Value {
    field["i18n"] = json!(true);
    field
}

fn optional(mut field: Value) -> Value {
    field["required"] = json!(false);
    field
}

fn multiple(name: &str, label: String, options: Vec<Value>) -> Value {
    optional(json!({
        "name": name, "label": label, "widget": "select", "multiple": true,
        "options": options,
    }))
}

fn date(name: &str, label: String) -> Value {
    optional(json!({
        "name": name, "label": label, "widget": "string",
        "hint": "YYYY-MM-DD, YYYY-MM or YYYY",
        "pattern": [DATE_PATTERN, "write a date as YYYY-MM-DD, YYYY-MM or YYYY"],
    }))
}

/// The fields of a fact sheet, in the order of `fiche new`'s archetype.
pub fn programme_fields(site: &Site, lang: &Language) -> Vec<Value> {
    let mut fields = vec![
        word(json!({"name": "title", "label": "Title", "widget": "string"})),
        word(
            json!({"name": "summary", "label": "Summary", "widget": "text",
            "hint": "One or two sentences for cards, feeds and search engines."}),
        ),
        optional(json!({
            "name": "status", "label": label(lang, "status", "Status"), "widget": "select",
            "options": status_options(lang),
            "hint": "Leave it empty to derive it from the dates.",
        })),
        date("start", label(lang, "start_date", "Start date")),
        date("end", label(lang, "end_date", "End date")),
        optional(json!({
            "name": "amount", "label": label(lang, "amount", "Amount"), "widget": "object",
            "fields": [
                // Decap checks the fields of an optional group even when it is left empty:
                // none is required inside, the build requires them.
                optional(json!({"name": "value", "label": "Value", "widget": "number",
                 "value_type": "float", "min": 0})),
                optional(json!({"name": "currency", "label": "Currency", "widget": "select",
                 "options": currency_options(site)})),
            ],
        })),
        multiple(
            "countries",
            label(lang, "countries", "Countries"),
            country_options(site, lang),
        ),
        multiple(
            "donors",
            label(lang, "donors", "Donors"),
            named_options(site, lang, &site.donors),
        ),
        multiple(
            "partners",
            label(lang, "partners", "Partners"),
            named_options(site, lang, &site.partners),
        ),
        multiple(
            "themes",
            label(lang, "themes", "Themes"),
            named_options(site, lang, &site.themes),
        ),
        word(optional(json!({
            "name": "image", "label": "Image", "widget": "object",
            "fields": [
                optional(json!({"name": "src", "label": "File", "widget": "image"})),
                word(optional(json!({"name": "alt", "label": "Text for screen readers (required with an image)",
                 "widget": "string",
                 "hint": "What the image shows, for readers who cannot see it."}))),
                word(optional(json!({"name": "credit", "label": label(lang, "image_credit", "Credit"),
                 "widget": "string"}))),
            ],
        }))),
        optional(json!({
            "name": "contact", "label": label(lang, "contact", "Contact"), "widget": "string",
            "pattern": [EMAIL_PATTERN, "write an email address such as team@example.org"],
        })),
        word(optional(json!({
            "name": "links", "label": label(lang, "links", "Links"), "widget": "list",
            "fields": [
                {"name": "title", "label": "Title", "widget": "string"},
                {"name": "url", "label": "Address", "widget": "string",
                 "pattern": ["^(https?://|mailto:|[a-z0-9])", "write a web address such as https://example.org"]},
            ],
        }))),
        optional(json!({
            "name": "iati_identifier", "label": label(lang, "iati_identifier", "IATI identifier"),
            "widget": "string",
        })),
        word(optional(
            json!({"name": "updated", "label": "Updated", "widget": "string",
            "pattern": [DATE_PATTERN, "write a date as YYYY-MM-DD, YYYY-MM or YYYY"]}),
        )),
        // No default: Decap would give every language a file as soon as one is created.
        word(optional(json!({
            "name": "draft", "label": label(lang, "draft", "Draft"), "widget": "boolean",
        }))),
    ];
    // A language's own address and old addresses, where fiche reads them (`slug:`,
    // `aliases:`, words of each file).
    if PROGRAMME_FIELDS.contains(&"slug") {
        fields.push(word(optional(json!({
            "name": "slug", "label": "Address (slug)", "widget": "string",
            "pattern": [SLUG_PATTERN, "lower-case letters, digits and hyphens, such as pacto-el"],
        }))));
    }
    if PROGRAMME_FIELDS.contains(&"aliases") {
        fields.push(word(optional(json!({
            "name": "aliases", "label": "Old addresses", "widget": "list",
        }))));
    }
    fields.push(word(optional(
        json!({"name": "body", "label": "Description", "widget": "markdown"}),
    )));
    fields
}

/// The fields of a plain page.
pub fn page_fields() -> Vec<Value> {
    vec![
        word(json!({"name": "title", "label": "Title", "widget": "string"})),
        word(optional(
            json!({"name": "summary", "label": "Summary", "widget": "text"}),
        )),
        word(optional(
            json!({"name": "draft", "label": "Draft", "widget": "boolean"}),
        )),
        word(optional(
            json!({"name": "body", "label": "Text", "widget": "markdown"}),
        )),
    ]
}

/// A data file as a file collection: one group of fields per entry it has, each text as
/// written (one for all languages, or one per language). New entries are added in the
/// file itself: the apps cannot edit a mapping whose keys are the entries.
pub fn data_file(site: &Site, lang: &Language, file: &str, things: &[Named]) -> Value {
    let text = |name: &str, label: &str, value: Option<&crate::parse::site_config::Localised>| {
        use crate::parse::site_config::Localised;
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
