//! The editor's fields, made from fiche's own rules: what is required, the patterns of
//! dates and email addresses, and the options of every list (statuses, countries, donors,
//! partners, themes) named in the editor's language. Facts are fields of the source
//! language only; words (`i18n: true`) are written in every language's file.

use serde_json::{Value, json};

use crate::model::{Language, Named, Site};
use crate::parse::cms::CmsApp;
use crate::parse::programme::Status;

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
pub(super) fn label(lang: &Language, key: &str, english: &str) -> String {
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
        .filter_map(|f| f.front.facts.amount.as_ref().map(|a| a.currency.clone()))
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

pub(super) fn optional(mut field: Value) -> Value {
    field["required"] = json!(false);
    field
}

fn multiple(name: &str, label: String, options: Vec<Value>) -> Value {
    optional(json!({
        "name": name, "label": label, "widget": "select", "multiple": true,
        "options": options,
    }))
}

/// A date as fiche reads it, which must be given (inside a group: a budget's start).
fn required_date(name: &str, label: String) -> Value {
    json!({
        "name": name, "label": label, "widget": "string",
        "hint": "YYYY-MM-DD, YYYY-MM or YYYY",
        "pattern": [DATE_PATTERN, "write a date as YYYY-MM-DD, YYYY-MM or YYYY"],
    })
}

fn date(name: &str, label: String) -> Value {
    optional(required_date(name, label))
}

/// A field that the group it is in requires when the group is given (an image's `alt`, the
/// date of `disbursed`). Sveltia checks it only once the optional group is added; Decap
/// checks the fields of an optional group even when it is left empty, so there it is
/// optional in the configuration and the admin page's check before saving requires it.
fn required_in_group(field: Value, app: CmsApp) -> Value {
    match app {
        CmsApp::Sveltia => field,
        CmsApp::Decap => optional(field),
    }
}

/// An amount as fiche reads it: a number in the site's currency, or `{value, currency}`.
/// Decap gets fiche's own widget (`fiche-amount`, registered by the admin page), which
/// takes both forms and writes a number in the site's currency, `{value, currency}` in
/// another (or as the file wrote it); Sveltia an object of the two.
pub fn amount(site: &Site, name: &str, label: String, app: CmsApp) -> Value {
    match app {
        CmsApp::Decap => json!({
            "name": name, "label": label, "widget": "fiche-amount",
            "currencies": currency_options(site)
                .iter()
                .map(|o| o["value"].clone())
                .collect::<Vec<_>>(),
            "default_currency": site.config.currency,
            "hint": "In full, with digits only, such as 58800000.",
        }),
        CmsApp::Sveltia => json!({
            "name": name, "label": label, "widget": "object",
            "fields": [
                {"name": "value", "label": "Value", "widget": "number",
                 "value_type": "float", "min": 0},
                optional(json!({"name": "currency", "label": "Currency", "widget": "select",
                 "options": currency_options(site)})),
            ],
        }),
    }
}

/// `budgets:` (an amount per period) and `disbursed:` (the money paid out, to a date).
fn finance_fields(site: &Site, lang: &Language, app: CmsApp) -> [Value; 2] {
    let amount_label = || label(lang, "amount", "Amount");
    [
        optional(json!({
            "name": "budgets", "label": label(lang, "budgets", "Budgets"), "widget": "list",
            "label_singular": "budget", "summary": "{{fields.start}} – {{fields.end}}",
            "hint": "The amount per period; together they usually make the amount above.",
            "fields": [
                required_date("start", label(lang, "start_date", "Start date")),
                required_date("end", label(lang, "end_date", "End date")),
                amount(site, "amount", amount_label(), app),
            ],
        })),
        optional(json!({
            "name": "disbursed", "label": label(lang, "disbursed", "Disbursed"),
            "widget": "object",
            "hint": "The money paid out, counted to a date.",
            "fields": [
                required_in_group(amount(site, "amount", amount_label(), app), app),
                required_in_group(required_date("date", "Counted to".into()), app),
            ],
        })),
    ]
}

/// The fields of a fact sheet, in the order of `fiche new`'s archetype.
pub fn programme_fields(site: &Site, lang: &Language, app: CmsApp) -> Vec<Value> {
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
        optional(amount(site, "amount", label(lang, "amount", "Amount"), app)),
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
                required_in_group(json!({"name": "src", "label": "File", "widget": "image"}), app),
                word(required_in_group(json!({"name": "alt", "label": "Text for screen readers (required with an image)",
                 "widget": "string",
                 "hint": "What the image shows, for readers who cannot see it."}), app)),
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
    let at = fields
        .iter()
        .position(|f| f["name"] == "countries")
        .unwrap_or(0);
    fields.splice(at..at, finance_fields(site, lang, app));
    // A language's own address and old addresses, where fiche reads them (`slug:`,
    // `aliases:`, words of each file).
    fields.push(word(optional(json!({
        "name": "slug", "label": "Address (slug)", "widget": "string",
        "pattern": [SLUG_PATTERN, "lower-case letters, digits and hyphens, such as pacto-el"],
    }))));
    fields.push(word(optional(json!({
        "name": "aliases", "label": "Old addresses", "widget": "list",
    }))));
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
