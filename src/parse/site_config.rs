//! `site.yaml`: the site's settings, parsed into a checked [`SiteConfig`].

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Place};
use crate::domain::country::{Countries, NameForm};
use crate::parse::accessibility::{self, Accessibility};
use crate::parse::cms::{self, Cms};
use crate::parse::colours::{self, Colour, RawColours};
use crate::parse::publisher::{self, Publisher, RawPublisher};
use crate::parse::rules;
use crate::parse::yaml;

/// Text given once for all languages, or once per language.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Localised {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

impl Localised {
    /// Each text with its language (none for one text for all), in the order of the languages.
    pub fn texts(&self) -> Vec<(Option<&str>, &str)> {
        match self {
            Localised::One(s) => vec![(None, s.as_str())],
            Localised::PerLanguage(map) => map
                .iter()
                .map(|(l, s)| (Some(l.as_str()), s.as_str()))
                .collect(),
        }
    }

    /// The first text that breaks a rule of texts shown on pages (`rules::text_problem`), as
    /// the text and what is wrong with it, the language named in the message.
    pub fn problem(&self, kind: &str) -> Option<(&str, rules::Problem)> {
        self.texts().into_iter().find_map(|(lang, text)| {
            let mut p = rules::text_problem(kind, text.trim())?;
            if let Some(lang) = lang {
                p.message = format!("in `{lang}`: {}", p.message);
            }
            Some((text, p))
        })
    }

    /// The text for `lang`, else for the first of `fallbacks` that has one.
    pub fn get<'a>(&'a self, lang: &str, fallbacks: &[String]) -> Option<&'a str> {
        match self {
            Localised::One(s) => Some(s),
            Localised::PerLanguage(map) => map
                .get(lang)
                .or_else(|| fallbacks.iter().find_map(|l| map.get(l)))
                .or_else(|| map.values().next())
                .map(String::as_str),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Localised,
    #[serde(default)]
    description: Option<Localised>,
    base_url: String,
    languages: Vec<String>,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_currency")]
    currency: String,
    /// Country names that replace CLDR's, per language: `{fr: {CD: République démocratique du Congo}}`.
    #[serde(default)]
    country_names: BTreeMap<String, BTreeMap<String, String>>,
    /// Which of CLDR's names pages show: `standard` (`United Kingdom`) or `short` (`UK`).
    #[serde(default)]
    country_name_form: Option<String>,
    /// What a language shows of a programme without a file in it: `skip` (its card links to
    /// a version in another language) or `source` (a page of its own, with the source's text).
    #[serde(default)]
    untranslated: Option<String>,
    /// The CLDR locale used to format dates and numbers for a language, when it should differ
    /// from the language tag: `{en: en-GB}`.
    #[serde(default)]
    formats: BTreeMap<String, String>,
    #[serde(default)]
    markdown: MarkdownConfig,
    /// The theme's colours: `{brand: "#0b4f6c"}` (see `parse::colours`).
    #[serde(default)]
    colours: RawColours,
    /// An image in `static/` shown before the site's title.
    #[serde(default)]
    logo: Option<String>,
    /// What `data/iati-activities.xml` needs: who publishes it.
    #[serde(default)]
    iati: Option<RawIati>,
    /// The accessibility statement (see `parse::accessibility`).
    #[serde(default)]
    accessibility: Option<accessibility::RawAccessibility>,
    /// The web editor (see `parse::cms`).
    #[serde(default)]
    cms: Option<cms::RawCms>,
    /// Who publishes the site (see `parse::publisher`).
    #[serde(default)]
    publisher: Option<RawPublisher>,
    /// The address of the licence of the open data.
    #[serde(default)]
    data_licence: Option<String>,
    #[serde(default)]
    extra: serde_json::Value,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIati {
    reporting_org: RawReportingOrg,
    #[serde(default)]
    identifier_prefix: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReportingOrg {
    #[serde(rename = "ref")]
    reference: String,
    #[serde(rename = "type")]
    org_type: CodeValue,
    name: Localised,
}

/// A code written as a number (`10`) or as text (`"10"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum CodeValue {
    Number(u64),
    Text(String),
}

/// The IATI Organisation Type codes (codelist `OrganisationType`).
const IATI_ORGANISATION_TYPES: [&str; 16] = [
    "10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73", "80", "90",
];

/// Who publishes the site's IATI file, from `iati:` in site.yaml.
#[derive(Debug, Clone, PartialEq)]
pub struct IatiConfig {
    /// The reporting organisation's IATI identifier, such as `XM-DAC-41302`.
    pub reporting_org_ref: String,
    /// Its IATI Organisation Type code, such as `10` (government).
    pub reporting_org_type: String,
    pub reporting_org_name: Localised,
    /// What programmes without `iati_identifier` get before `-<slug>`; without a trailing
    /// hyphen. The reporting organisation's identifier unless set.
    pub identifier_prefix: String,
}

fn default_theme() -> String {
    "default".into()
}

fn default_currency() -> String {
    "EUR".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Raw HTML in Markdown is kept unless this is false.
    #[serde(default = "yes")]
    pub raw_html: bool,
}

fn yes() -> bool {
    true
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig { raw_html: true }
    }
}

/// The checked settings of a site.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: Localised,
    pub description: Option<Localised>,
    /// Always ends with `/`.
    pub base_url: String,
    /// The path part of `base_url`, starting and ending with `/`.
    pub base_path: String,
    /// BCP 47 tags; the first is the default language.
    pub languages: Vec<String>,
    pub theme: String,
    pub currency: String,
    pub country_names: BTreeMap<String, BTreeMap<String, String>>,
    pub country_name_form: NameForm,
    pub untranslated: Untranslated,
    pub formats: BTreeMap<String, String>,
    pub markdown: MarkdownConfig,
    /// `None` when site.yaml has no `iati:`: then no IATI file is written.
    pub iati: Option<IatiConfig>,
    /// The colours the site sets, checked for contrast.
    pub colours: Vec<Colour>,
    pub logo: Option<Logo>,
    /// `None` when site.yaml has no `accessibility:`: then no statement page is made.
    pub accessibility: Option<Accessibility>,
    /// `None` when site.yaml has no `cms:`: then no editor is written.
    pub cms: Option<Cms>,
    /// `None` when site.yaml has no `publisher:` (see [`SiteConfig::publisher`]).
    pub publisher: Option<Publisher>,
    /// The address of the open data's licence; `None` when site.yaml has no `data_licence:`.
    pub data_licence: Option<String>,
    pub extra: serde_json::Value,
}

/// What a language shows of a programme that has no file in it (`untranslated:`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Untranslated {
    /// Nothing of its own: the language's lists link to a version in another language.
    #[default]
    Skip,
    /// A page in the language: the facts localised, the source file's words marked with
    /// their language and a note that they are not yet translated.
    Source,
}

/// `logo:`, a file of `static/`, and the error to give if it is not there (which only later
/// stages, knowing the static files, can tell).
#[derive(Debug, Clone)]
pub struct Logo {
    pub src: String,
    pub if_missing: Diagnostic,
}

impl SiteConfig {
    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }

    /// Who publishes the site, and its address: `publisher:`, else the IATI reporting
    /// organisation, else the body the accessibility statement names; none without them.
    pub fn publisher(&self) -> Option<(&Localised, Option<&str>)> {
        if let Some(p) = &self.publisher {
            return Some((&p.name, p.url.as_deref()));
        }
        self.iati
            .as_ref()
            .map(|i| &i.reporting_org_name)
            .or_else(|| self.accessibility.as_ref()?.body.as_ref())
            .map(|name| (name, None))
    }

    /// The country catalogue in the site's languages, with the names and the form it chose.
    pub fn countries(&self) -> Countries {
        Countries::new(
            &self.languages,
            &self.formats,
            self.country_name_form,
            &self.country_names,
        )
    }
}

pub const FILE: &str = crate::domain::folders::SITE_YAML;

/// Parses and checks `site.yaml`. `base_url_override` is `--base-url`.
pub fn parse(
    source: &Arc<str>,
    base_url_override: Option<&str>,
) -> Result<SiteConfig, Vec<Diagnostic>> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let fields = yaml::fields(FILE, source, text, 1).map_err(|d| vec![d])?;
    let raw: RawConfig =
        yaml::from_str(FILE, source, text, 1).map_err(|d| unreadable_settings(&fields, d))?;
    let mut errors = Vec::new();

    let (base_url, base_path) = base_url_of(base_url_override, &raw.base_url, &fields, &mut errors);
    check_languages(&raw.languages, &fields, &mut errors);
    let currency = raw.currency.trim().to_string();
    if let Err(p) = rules::currency(&currency) {
        errors.push(fields.error("currency", p.message).hint(p.hint));
    }
    check_texts(&raw, &fields, &mut errors);
    let country_name_form = name_form(raw.country_name_form.as_deref(), &fields, &mut errors);
    let untranslated = untranslated(raw.untranslated.as_deref(), &fields, &mut errors);
    check_formats(&raw.formats, &raw.languages, &fields, &mut errors);
    if raw.theme.contains(['/', '\\']) || raw.theme.contains("..") || raw.theme.is_empty() {
        errors.push(
            fields
                .error("theme", format!("`{}` is not a theme name", raw.theme))
                .hint("name a folder of `themes/`, such as `default`"),
        );
    }
    let iati = raw.iati.map(|raw| iati(raw, &fields, &mut errors));
    let colours = colours::check(&raw.colours, &fields, &mut errors);
    let accessibility = raw
        .accessibility
        .and_then(|a| accessibility::check(a, &fields, &mut errors));
    let cms = raw
        .cms
        .and_then(|c| cms::check(c, &raw.languages, &fields, &mut errors));
    let (publisher, data_licence) =
        publisher::check(raw.publisher, raw.data_licence, &fields, &mut errors);
    let logo = raw.logo.as_deref().map(str::trim).map(|src| Logo {
        src: src.trim_start_matches('/').to_string(),
        if_missing: fields
            .error("logo", format!("`{src}` is not in `static/`"))
            .hint("put the logo in the site's `static/` folder and give its path there, such as `images/logo.svg`"),
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SiteConfig {
        title: raw.title,
        description: raw.description,
        base_url,
        base_path,
        languages: raw.languages,
        theme: raw.theme,
        currency,
        country_names: raw.country_names,
        country_name_form,
        untranslated,
        formats: raw.formats,
        markdown: raw.markdown,
        iati,
        colours,
        logo,
        accessibility,
        cms,
        publisher,
        data_licence,
        extra: raw.extra,
    })
}

/// The site's address and its path: `--base-url` when given, else `base_url:`.
fn base_url_of(
    flag: Option<&str>,
    written: &str,
    fields: &yaml::Fields,
    errors: &mut Vec<Diagnostic>,
) -> (String, String) {
    let problem = match flag {
        Some(flag) => match base_url_and_path(flag) {
            Ok(ok) => return ok,
            Err(p) => Diagnostic::error(COMMAND_LINE, p.message)
                .field("--base-url")
                .hint(p.hint),
        },
        None => match base_url_and_path(written) {
            Ok(ok) => return ok,
            Err(p) => fields.error("base_url", p.message).hint(p.hint),
        },
    };
    errors.push(problem);
    (String::new(), "/".to_string())
}

/// The visible texts of the settings: `title:`, `description:` and `country_names:`.
fn check_texts(raw: &RawConfig, fields: &yaml::Fields, errors: &mut Vec<Diagnostic>) {
    for (key, value) in [
        ("title", Some(&raw.title)),
        ("description", raw.description.as_ref()),
    ] {
        if let Some((text, p)) = value.and_then(|v| v.problem(key)) {
            let place = Some(text.trim())
                .filter(|t| !t.is_empty() && t.len() < 200)
                .and_then(|t| fields.token_place(key, t))
                .or_else(|| fields.value_place(key));
            errors.push(fields.error_at(key, place, p.message).hint(p.hint));
        }
    }
    for (lang, names) in &raw.country_names {
        for (code, name) in names {
            if let Some(p) = rules::text_problem("name", name.trim()) {
                errors.push(
                    fields
                        .error_at(
                            "country_names",
                            fields.token_place("country_names", code),
                            format!("`{code}` in `{lang}` {}", p.message),
                        )
                        .hint(p.hint),
                );
            }
        }
    }
}

/// `untranslated:`, what a language without a programme's file shows (`skip` when left out).
fn untranslated(
    written: Option<&str>,
    fields: &yaml::Fields,
    errors: &mut Vec<Diagnostic>,
) -> Untranslated {
    match written.map(str::trim) {
        None | Some("skip") => Untranslated::Skip,
        Some("source") => Untranslated::Source,
        Some(other) => {
            errors.push(
                fields
                    .error("untranslated", format!("`{other}` is not a choice for programmes without a translation"))
                    .hint("write `skip` (lists link to the version in another language) or `source` (a page in each language, with the source file's text)"),
            );
            Untranslated::Skip
        }
    }
}

/// `formats:`: a locale for each of the site's languages whose formats it changes.
fn check_formats(
    formats: &BTreeMap<String, String>,
    languages: &[String],
    fields: &yaml::Fields,
    errors: &mut Vec<Diagnostic>,
) {
    for (lang, locale) in formats {
        if icu::locale::Locale::try_from_str(locale).is_err() {
            errors.push(
                fields
                    .error_at(
                        "formats",
                        fields.token_place("formats", locale),
                        format!("`{locale}` is not a locale"),
                    )
                    .hint("use a BCP 47 tag such as `en-GB`"),
            );
        }
        if !languages.contains(lang) {
            errors.push(fields.error_at(
                "formats",
                fields.token_place("formats", lang),
                format!("`{lang}` is not one of the site's languages"),
            ));
        }
    }
}

/// `country_name_form:`, which of CLDR's names pages show (standard when left out).
fn name_form(
    written: Option<&str>,
    fields: &yaml::Fields,
    errors: &mut Vec<Diagnostic>,
) -> NameForm {
    match written.map(str::trim) {
        None | Some("standard") => NameForm::Standard,
        Some("short") => NameForm::Short,
        Some(other) => {
            errors.push(
                fields
                    .error(
                        "country_name_form",
                        format!("`{other}` is not a form of country names"),
                    )
                    .hint("write `standard` (CLDR's names, such as United Kingdom) or `short` (its short names, such as UK)"),
            );
            NameForm::Standard
        }
    }
}

/// The errors of a `site.yaml` that does not deserialize: every unknown setting with the
/// closest known one, a missing required setting, or the setting serde could not read.
fn unreadable_settings(fields: &yaml::Fields, d: Diagnostic) -> Vec<Diagnostic> {
    let known = [
        "title",
        "description",
        "base_url",
        "languages",
        "theme",
        "currency",
        "country_names",
        "country_name_form",
        "untranslated",
        "formats",
        "markdown",
        "colours",
        "logo",
        "iati",
        "accessibility",
        "cms",
        "publisher",
        "data_licence",
        "extra",
    ];
    // Every unknown setting, each with the closest known one.
    let mut errors: Vec<Diagnostic> = fields
        .iter()
        .map(|(k, _)| k)
        .filter(|k| !known.contains(k))
        .map(|k| {
            fields
                .error_at(k, fields.key_place(k), "unknown setting")
                .hint(
                    crate::diagnostic::closest(k, known)
                        .map(|c| format!("did you mean `{c}`?"))
                        .unwrap_or_else(|| {
                            format!(
                                "the settings are {}; put your own under `extra:`",
                                known.join(", ")
                            )
                        }),
                )
        })
        .collect();
    let top_level_unknown = backticked(&d.message, "unknown field `")
        .is_some_and(|name| !known.contains(&name.as_str()) && fields.get(&name).is_some());
    let d = if let Some(missing) = backticked(&d.message, "missing field `") {
        // A misspelt required setting is already reported as unknown.
        if !errors.is_empty() {
            return errors;
        }
        let mut e = fields.error_missing(
            &missing,
            format!("the required setting `{missing}` is missing"),
        );
        e.place = Some(Place {
            line: 1,
            column: 1,
            len: 1,
        });
        e.hint(format!(
            "add a line `{missing}: …`; site.yaml needs at least `title`, `base_url` and `languages`"
        ))
    } else if top_level_unknown {
        return errors;
    } else if d
        .message
        .starts_with("should be text, or a text per language")
    {
        // serde lost the field of an untagged value: find it.
        let bad = ["title", "description"].into_iter().find(|k| {
            fields.get(k).is_some_and(|v| {
                !(v.is_string()
                    || v.as_mapping()
                        .is_some_and(|m| m.values().all(yaml::Value::is_string)))
            })
        });
        match bad {
            Some(k) => fields.error(k, d.message.clone()).hint(format!(
                "write `{k}: Programmes` or `{k}: {{fr: Programmes, en: Programmes}}`"
            )),
            None => d,
        }
    } else {
        d
    };
    errors.push(d);
    errors
}

/// Checks `languages:`: at least one, each a BCP 47 tag, none twice (whatever the case).
fn check_languages(languages: &[String], fields: &yaml::Fields, errors: &mut Vec<Diagnostic>) {
    if languages.is_empty() {
        errors.push(
            fields
                .error("languages", "no language is listed")
                .hint("list at least one, such as `languages: [fr, en]`"),
        );
    }
    // BCP 47 tags are compared without regard to case: `FR` is `fr` (and would share its
    // folder on macOS and Windows).
    let mut seen: Vec<(String, &String)> = Vec::new();
    for (i, lang) in languages.iter().enumerate() {
        let nth = languages[..i].iter().filter(|l| *l == lang).count();
        let place = fields.token_place_nth("languages", lang, nth);
        let canonical = icu::locale::Locale::try_from_str(lang).map(|l| l.to_string());
        if canonical.is_err() || lang.contains('_') {
            errors.push(
                fields
                    .error_at(
                        "languages",
                        place,
                        format!("`{lang}` is not a BCP 47 language tag"),
                    )
                    .hint("use tags such as `fr`, `en`, `es`, `ar` or `pt-BR`"),
            );
        } else if let Some((_, first)) = canonical
            .as_ref()
            .ok()
            .and_then(|c| seen.iter().find(|(s, _)| s == c))
        {
            let message = if *first == lang {
                format!("`{lang}` is listed twice")
            } else {
                format!(
                    "`{lang}` is `{first}`, already listed: language tags do not depend on case"
                )
            };
            errors.push(
                fields
                    .error_at("languages", place, message)
                    .hint(format!("remove this `{lang}`")),
            );
        }
        if let Ok(c) = canonical {
            seen.push((c, lang));
        }
    }
}

/// Checks `iati:`: an identifier without spaces, a known organisation type.
fn iati(raw: RawIati, fields: &yaml::Fields, errors: &mut Vec<Diagnostic>) -> IatiConfig {
    let reference = raw.reporting_org.reference.trim().to_string();
    let is_identifier =
        |s: &str| !s.is_empty() && !s.contains(|c: char| c.is_whitespace() || c == '/');
    if !is_identifier(&reference) {
        errors.push(
            fields
                .error_at(
                    "iati",
                    Some(reference.as_str())
                        .filter(|r| !r.is_empty())
                        .and_then(|r| fields.token_place_after("iati", "ref", r))
                        .or_else(|| fields.token_place("iati", "ref")),
                    format!("`{reference}` is not an IATI organisation identifier"),
                )
                .field("iati.reporting_org.ref")
                .hint("write your organisation's identifier from the IATI registry, such as `XM-DAC-41302` or `GB-GOV-1`"),
        );
    }
    let org_type = match raw.reporting_org.org_type {
        CodeValue::Number(n) => n.to_string(),
        CodeValue::Text(t) => t.trim().to_string(),
    };
    if !IATI_ORGANISATION_TYPES.contains(&org_type.as_str()) {
        errors.push(
            fields
                .error_at(
                    "iati",
                    fields
                        .token_place_after("iati", "type", &org_type)
                        .or_else(|| fields.token_place("iati", "type")),
                    format!("`{org_type}` is not an IATI organisation type"),
                )
                .field("iati.reporting_org.type")
                .hint(format!(
                    "use a code of IATI's OrganisationType list: {} (10 is government, 40 multilateral, 21 international NGO)",
                    IATI_ORGANISATION_TYPES.join(", ")
                )),
        );
    }
    if let Some((_, p)) = raw.reporting_org.name.problem("name") {
        errors.push(
            fields
                .error_at("iati", fields.token_place("iati", "name"), p.message)
                .field("iati.reporting_org.name")
                .hint(p.hint),
        );
    }
    let prefix = raw
        .identifier_prefix
        .map(|p| p.trim().trim_end_matches('-').to_string())
        .unwrap_or_else(|| reference.clone());
    if !is_identifier(&prefix) {
        errors.push(
            fields
                .error_at(
                    "iati",
                    fields.token_place("iati", "identifier_prefix"),
                    format!("`{prefix}` cannot begin an IATI identifier"),
                )
                .field("iati.identifier_prefix")
                .hint("write the reporting organisation's identifier, such as `XM-DAC-41302`, without spaces"),
        );
    }
    IatiConfig {
        reporting_org_ref: reference,
        reporting_org_type: org_type,
        reporting_org_name: raw.reporting_org.name,
        identifier_prefix: prefix,
    }
}

/// The text between `start` and the next backtick in `message`.
fn backticked(message: &str, start: &str) -> Option<String> {
    let (_, rest) = message.split_once(start)?;
    rest.split_once('`').map(|(name, _)| name.to_string())
}

/// Where errors about command-line options are reported.
pub const COMMAND_LINE: &str = "command line";

/// Checks a base URL (`base_url:` or `--base-url`): an `http` or `https` address with a host,
/// and without a query or a fragment (pages' addresses are added to it). Returns it ending
/// with `/`, and its path.
pub fn base_url_and_path(written: &str) -> Result<(String, String), rules::Problem> {
    let written = written.trim();
    let example =
        "write the address the site is published at, such as `https://example.org/programmes/`";
    let not_web = || rules::Problem {
        message: format!("`{written}` is not a web address"),
        hint: example.to_string(),
    };
    let lower = written.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(not_web());
    }
    let url = url::Url::parse(written).map_err(|_| not_web())?;
    if url.host_str().is_none_or(str::is_empty) || written.contains(char::is_whitespace) {
        return Err(not_web());
    }
    if url.query().is_some() || url.fragment().is_some() {
        let at = written.find(['?', '#']).unwrap_or(written.len());
        return Err(rules::Problem {
            message: format!(
                "`{written}` has a {} (`{}`), which would end up in the middle of every page's address",
                if written[at..].starts_with('?') {
                    "query"
                } else {
                    "fragment"
                },
                &written[at..]
            ),
            hint: format!("remove it: `{}`", &written[..at]),
        });
    }
    let base_url = if written.ends_with('/') {
        written.to_string()
    } else {
        format!("{written}/")
    };
    // The path as written (the `url` crate would percent-encode it).
    let rest = &written[lower.find("://").map_or(0, |i| i + 3)..];
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    let base_path = if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    };
    Ok((base_url, base_path))
}

/// An error for a missing or unreadable `site.yaml`.
pub fn missing(root_display: &str) -> Diagnostic {
    Diagnostic::error(FILE, format!("no site.yaml in {root_display}"))
        .at(None::<Place>)
        .hint("run fiche in a site's folder, pass `--root DIR`, or start one with `fiche init DIR`")
}

/// Places a diagnostic about a setting found after parsing (a theme that does not exist, an
/// unknown country code under `country_names`) at its line in `site.yaml`: at `token` under
/// `key` when given, else at the key's value.
pub fn locate(mut d: Diagnostic, source: &Arc<str>, key: &str, token: Option<&str>) -> Diagnostic {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    if let Ok(fields) = yaml::fields(FILE, source, text, 1) {
        let place = match token {
            Some(t) => fields.token_place(key, t),
            None => fields.value_place(key),
        };
        if place.is_some() {
            d = d.at(place).source(source);
        }
    }
    d
}
