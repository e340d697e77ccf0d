//! The model stage: the site as plain data, every fact resolved and localised once.
//!
//! Input: the loaded files, the checked settings and the theme's strings. Output: a [`Site`]
//! holding programmes with their versions per language, the named things, the countries and
//! regions, and for each language the localiser and strings. Rendering reads this and never
//! goes back to the files.

mod addresses;
pub mod locale;
pub mod pagination;
mod plausibility;
mod programmes;
pub mod strings;
pub mod taxonomy;
pub mod translations;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::domain::country::{Countries, RegionCode, is_continent};
use crate::domain::date::{Day, Timestamp};
use crate::domain::slug;
use crate::load::{Loaded, SourceFile};
use crate::parse::address::Address;
use crate::parse::content::{
    CheckedFiles, ParsedFile, TextSlice, check_programmes, group, parse_content,
};
use crate::parse::i18n::Text;
use crate::parse::named::{self, NamedEntry};
use crate::parse::programme::{self, FrontMatter, Known, PageFrontMatter, Status};
use crate::parse::site_config::SiteConfig;
use crate::parse::yaml;
use locale::Localiser;
use strings::Strings;

/// What the caller wants of this build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub drafts: bool,
    /// Keep what the next build can take again (`serve`); a build that renders once keeps
    /// nothing.
    pub keep: bool,
    /// The day statuses are derived against; today unless a test fixes it.
    pub today: Option<Day>,
}

/// One language of the site.
pub struct Language {
    pub code: String,
    pub loc: Localiser,
    pub strings: Strings,
    /// The words of `PATH_WORDS`, worked out once.
    path_words: HashMap<&'static str, String>,
    /// [`Language::programmes_path`], worked out once: every page names programmes (a
    /// fact sheet's address was made with two `format!`s, ~2,000 instructions).
    programmes_path: String,
}

/// The sections whose word in URLs is translated.
const PATH_WORDS: [&str; 9] = [
    "programmes",
    "countries",
    "regions",
    "themes",
    "donors",
    "partners",
    "statuses",
    "years",
    "page",
];

impl Language {
    pub fn new(code: String, loc: Localiser, strings: Strings) -> Language {
        let mut language = Language {
            code,
            loc,
            strings,
            path_words: HashMap::new(),
            programmes_path: String::new(),
        };
        language.path_words = PATH_WORDS
            .iter()
            .map(|s| (*s, language.word_for(s)))
            .collect();
        language.programmes_path =
            format!("{}/{}/", language.code, language.path_word("programmes"));
        language
    }

    /// The address of a programme's fact sheet in this language, relative to the site root
    /// (`es/programas/pacto-el/`).
    pub fn programme_path(&self, slug: &str) -> String {
        let folder = &self.programmes_path;
        let mut path = String::with_capacity(folder.len() + slug.len() + 1);
        path.push_str(folder);
        path.push_str(slug);
        path.push('/');
        path
    }

    /// The folder of the language's fact sheets, relative to the site root (`es/programas/`).
    pub fn programmes_path(&self) -> String {
        self.programmes_path.clone()
    }

    /// The translated word used in URLs for a section, such as `pays` for `countries`.
    pub fn path_word(&self, section: &str) -> String {
        match self.path_words.get(section) {
            Some(word) => word.clone(),
            None => self.word_for(section),
        }
    }

    fn word_for(&self, section: &str) -> String {
        let key = format!("path_{section}");
        let word = if self.strings.contains(&key) {
            self.strings.get(&key)
        } else {
            section.to_string()
        };
        slug::slugify(&word).unwrap_or_else(|| section.to_string())
    }
}

/// Address words that a site's `i18n/<lang>.yaml` sets (`path_themes: pays`) and that another
/// section or a plain page of the language already has: reported at the word in that file,
/// the one place to change, rather than at the page that would be overwritten.
fn path_word_collisions(
    languages: &[Language],
    site_strings: &HashMap<String, &SourceFile>,
    pages: &[Page],
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (li, lang) in languages.iter().enumerate() {
        let Some(file) = site_strings.get(&lang.code) else {
            continue;
        };
        let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
        let Ok(fields) = yaml::fields(&file.rel, &file.text, text, 1) else {
            continue;
        };
        for (i, section) in PATH_WORDS.iter().enumerate() {
            let key = format!("path_{section}");
            if fields.get(&key).is_none() {
                continue;
            }
            let word = lang.path_word(section);
            let other_section = PATH_WORDS
                .iter()
                .enumerate()
                .find(|&(j, other)| j != i && lang.path_word(other) == word)
                .map(|(_, other)| format!("the {other} section"));
            let page = pages
                .iter()
                .find(|p| p.slug == word && p.versions.get(li).is_some_and(Option::is_some))
                .and_then(|p| p.versions[li].as_ref())
                .map(|v| format!("the plain page `{}`", v.file));
            if let Some(other) = other_section.or(page) {
                errors.push(
                    fields
                        .error(
                            &key,
                            format!(
                                "`{word}` would put the {section} section at `/{}/{word}/`, where {other} is",
                                lang.code
                            ),
                        )
                        .hint("choose a word that no other section or plain page of the language uses"),
                );
            }
        }
    }
    errors
}

/// A programme's version in one language: one content file.
pub struct Fiche {
    pub file: String,
    /// Shared with the parse cache, which `serve` keeps from one rebuild to the next.
    pub front: Arc<FrontMatter>,
    /// The Markdown body and the line of the file it starts on.
    pub body: TextSlice,
    pub body_line: usize,
    /// The status, derived from the dates when the front matter has none.
    pub status: Status,
    /// Sub-regions then continents of its countries, without repeats.
    pub regions: Vec<RegionCode>,
    /// Fingerprints of the whole file and of its front matter alone.
    pub rev: u64,
    pub front_rev: u64,
    /// When it last changed: the front matter's `updated:` (at midnight UTC), else the file's
    /// last commit or modification time (`Loaded::changed`), else the build's day.
    pub updated: Timestamp,
    /// A fingerprint of what it was made from (its file, the day, its date of change).
    key: u64,
    /// A fingerprint of what lists are sorted by (its file, start and title), and one of the
    /// facts lists and indexes are made of (dates, places, themes, donors, partners, status,
    /// amount): made once with the fact sheet, compared by every rebuild.
    pub order_rev: u64,
    pub facts_rev: u64,
    /// For a language without a file of its own under `untranslated: source`: the language
    /// (index in `Site::languages`) whose file's words it shows.
    pub words_from: Option<usize>,
}

impl Fiche {
    /// Its sub-regions: its regions but the continents.
    pub fn subregions(&self) -> impl Iterator<Item = RegionCode> + '_ {
        self.regions.iter().copied().filter(|r| !is_continent(r.0))
    }

    /// This version's words shown in a language that has no file of the programme.
    fn untranslated(&self, words_from: usize) -> Fiche {
        Fiche {
            file: self.file.clone(),
            front: Arc::clone(&self.front),
            body: self.body.clone(),
            body_line: self.body_line,
            status: self.status,
            regions: self.regions.clone(),
            rev: self.rev,
            front_rev: self.front_rev,
            updated: self.updated,
            key: self.key,
            order_rev: self.order_rev,
            facts_rev: self.facts_rev,
            words_from: Some(words_from),
        }
    }
}

/// One programme, with its versions indexed like `Site::languages`.
#[derive(Clone)]
pub struct Programme {
    pub slug: String,
    /// Shared with the parse cache, which `serve` keeps from one rebuild to the next.
    pub versions: Vec<Option<Arc<Fiche>>>,
}

impl Programme {
    /// The version shown to readers of language `lang`: its own, else the first that exists in
    /// the site's language order. The flag says whether it is a fallback.
    pub fn shown_in(&self, lang: usize) -> (usize, &Fiche, bool) {
        if let Some(Some(f)) = self.versions.get(lang) {
            return (lang, f, false);
        }
        for (i, v) in self.versions.iter().enumerate() {
            if let Some(f) = v {
                return (i, f, true);
            }
        }
        unreachable!("a programme always has at least one version")
    }

    /// The last part of its address in language `li`: that version's `slug:`, else the
    /// file name's. A version made under `untranslated: source` has no `slug:` of its own
    /// (its front matter is its source's), so it keeps the file name's.
    pub fn slug_in(&self, li: usize) -> &str {
        let own = self
            .versions
            .get(li)
            .and_then(Option::as_ref)
            .filter(|f| f.words_from.is_none());
        own_slug(own.map(|f| &f.front.address), &self.slug)
    }
}

impl Programme {
    /// The versions written in each language, like `versions` but without those made under
    /// `untranslated: source` (open data gives each language's own words only).
    pub fn own_versions(&self) -> impl Iterator<Item = &Option<Arc<Fiche>>> {
        static NONE: Option<Arc<Fiche>> = None;
        self.versions.iter().map(|v| match v {
            Some(f) if f.words_from.is_some() => &NONE,
            v => v,
        })
    }
}

/// A plain page (about, legal notice) with its versions per language.
pub struct Page {
    pub slug: String,
    pub versions: Vec<Option<PageVersion>>,
}

impl Page {
    /// The last part of its address in language `li`, as [`Programme::slug_in`].
    pub fn slug_in(&self, li: usize) -> &str {
        let own = self.versions.get(li).and_then(Option::as_ref);
        own_slug(own.map(|v| &v.front.address), &self.slug)
    }
}

/// A version's `slug:`, else the file name's.
fn own_slug<'a>(address: Option<&'a Address>, file_slug: &'a str) -> &'a str {
    match address.and_then(|a| a.slug.as_ref()) {
        Some(s) => &s.value,
        None => file_slug,
    }
}

pub struct PageVersion {
    pub file: String,
    pub front: Arc<PageFrontMatter>,
    pub body: TextSlice,
    pub body_line: usize,
}

/// A theme, donor or partner.
pub struct Named {
    pub key: String,
    pub entry: NamedEntry,
}

pub struct Site {
    pub config: SiteConfig,
    pub languages: Vec<Language>,
    pub programmes: Vec<Programme>,
    pub pages: Vec<Page>,
    pub themes: Vec<Named>,
    pub donors: Vec<Named>,
    pub partners: Vec<Named>,
    pub countries: Countries,
    /// `data/countries.yaml`: text by country or region code, per language (Markdown).
    pub place_texts: BTreeMap<String, crate::parse::site_config::Localised>,
    pub static_files: BTreeSet<String>,
    pub today: Day,
    pub drafts: bool,
    /// Which programmes each country, region, theme, donor, partner, status and year has.
    pub taxonomy: Arc<taxonomy::Taxonomy>,
}

impl Site {
    pub fn language_index(&self, code: &str) -> Option<usize> {
        self.languages.iter().position(|l| l.code == code)
    }
}

/// The entries of a data file, or `None` when it has errors (which are reported).
fn named_things(
    file: &Option<SourceFile>,
    static_files: &BTreeSet<String>,
    donors: bool,
    errors: &mut Vec<Diagnostic>,
) -> Option<Vec<Named>> {
    let Some(file) = file else {
        return Some(Vec::new());
    };
    match named::parse(&file.rel, &file.text) {
        Ok(entries) => Some({
            errors.extend(named::check_logos(
                &file.rel,
                &file.text,
                &entries,
                static_files,
                donors,
            ));
            entries
                .into_iter()
                .map(|(key, entry)| Named { key, entry })
                .collect()
        }),
        Err(d) => {
            errors.push(d);
            None
        }
    }
}

/// Derives a status from the dates, as of `today`.
pub fn derived_status(front: &FrontMatter, today: Day) -> Status {
    if let Some(s) = front.facts.status {
        return s;
    }
    match (front.facts.start, front.facts.end) {
        (Some(start), _) if today < start.first_day() => Status::Planned,
        (_, Some(end)) if today > end.last_day() => Status::Completed,
        _ => Status::Ongoing,
    }
}

/// What `serve` keeps between builds so that a rebuild parses and models only the files that
/// changed: the fact sheets checked (by parse), and the fact sheets made from them.
#[derive(Default)]
pub struct ParseCache {
    checked: CheckedFiles,
    /// By file: the fact sheet made from it, and what it was made from.
    fiches: rustc_hash::FxHashMap<String, (u64, Arc<Fiche>)>,
    /// The editing rules' warnings of each fact sheet, by file.
    warned: plausibility::Warned,
    /// The previous build's taxonomy, kept while the programmes' facts are the same.
    taxonomy: Option<Arc<taxonomy::Taxonomy>>,
    /// The last model's programmes and what they were made of.
    last: Option<programmes::Last>,
}

/// What the model takes from the theme: its interface strings, and its archetypes'
/// placeholder text (to point out in fact sheets).
pub struct ThemeParts<'a> {
    pub strings: &'a BTreeMap<String, BTreeMap<String, Text>>,
    pub placeholders: &'a crate::parse::archetype::Placeholders,
}

/// Builds the model. Returns it with its warnings, or every error found.
pub fn build(
    loaded: &Loaded,
    config: SiteConfig,
    theme: ThemeParts,
    options: &Options,
    cache: &mut ParseCache,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let ThemeParts {
        strings: theme_strings,
        placeholders,
    } = theme;
    let mut errors: Vec<Diagnostic> = Vec::new();
    let today = options.today.unwrap_or_else(Day::today);
    let languages = languages(loaded, &config, theme_strings, &mut errors);
    let countries = countries(loaded, &config, &mut errors);
    let place_texts = place_texts(loaded, &countries, &mut errors);
    let static_files: BTreeSet<String> =
        loaded.static_files.iter().map(|f| f.rel.clone()).collect();
    let themes = named_things(&loaded.themes, &static_files, false, &mut errors);
    let donors = named_things(&loaded.donors, &static_files, true, &mut errors);
    let partners = named_things(&loaded.partners, &static_files, false, &mut errors);
    let keys = |v: &Option<Vec<Named>>| {
        v.as_ref().map(|v| {
            v.iter()
                .map(|n| n.key.clone())
                .collect::<BTreeSet<String>>()
        })
    };
    let (theme_keys, donor_keys, partner_keys) = (keys(&themes), keys(&donors), keys(&partners));
    let known = Known {
        countries: &countries,
        themes: theme_keys.as_ref(),
        donors: donor_keys.as_ref(),
        partners: partner_keys.as_ref(),
        static_files: &static_files,
        currency: &config.currency,
    };
    // Drafts are checked, and warned about, as the rest, and give their facts to their
    // translations; then left out unless asked for.
    let checked = check_programmes(
        loaded,
        &config,
        (&known, placeholders),
        true,
        &mut cache.checked,
        &mut errors,
    );
    if checked.emptied {
        cache.fiches.clear();
    }
    errors.extend(plausibility::warnings(
        &checked.parsed,
        (today, placeholders),
        &mut cache.warned,
    ));
    let settings = programmes::Settings {
        languages: &config.languages,
        countries: &countries,
        today,
        drafts: options.drafts,
        untranslated: config.untranslated,
        rev: crate::domain::fingerprint::revision_of(&(
            cache.checked.context(),
            loaded.site_yaml.as_ref().map(|f| &f.text),
            today,
            options.drafts,
        )),
    };
    let programmes = programmes::programmes(
        loaded,
        (checked.parsed, &checked.failed),
        &settings,
        options.keep,
        cache,
        &mut errors,
    );
    let pages = pages(loaded, &config, options, &mut errors);
    errors.extend(missing_legal_pages(loaded, &config, &pages));
    errors.extend(path_word_collisions(
        &languages,
        &site_strings(loaded),
        &pages,
    ));
    errors.extend(addresses::slugs_that_are_path_words(
        &languages,
        &programmes,
        &pages,
    ));

    let (mut warnings, errs): (Vec<Diagnostic>, Vec<Diagnostic>) =
        errors.into_iter().partition(|d| !d.is_error());
    if !errs.is_empty() {
        let mut all = errs;
        all.append(&mut warnings);
        return Err(all);
    }
    crate::diagnostic::sort(&mut warnings);
    let taxonomy = taxonomy::Taxonomy::of(&programmes, &countries, today, cache.taxonomy.as_ref());
    cache.taxonomy = Some(Arc::clone(&taxonomy));
    Ok((
        Site {
            config,
            languages,
            programmes,
            pages,
            themes: themes.unwrap_or_default(),
            donors: donors.unwrap_or_default(),
            partners: partners.unwrap_or_default(),
            countries,
            place_texts,
            static_files,
            today,
            drafts: options.drafts,
            taxonomy,
        },
        warnings,
    ))
}

/// `data/countries.yaml`: the countries' and regions' own texts.
fn place_texts(
    loaded: &Loaded,
    countries: &Countries,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, crate::parse::site_config::Localised> {
    let Some(f) = &loaded.countries else {
        return BTreeMap::new();
    };
    crate::parse::place_texts::parse(&f.rel, &f.text, countries).unwrap_or_else(|mut e| {
        errors.append(&mut e);
        BTreeMap::new()
    })
}

/// An error for each legal page `publisher.legal` names that the site does not have.
fn missing_legal_pages(loaded: &Loaded, config: &SiteConfig, pages: &[Page]) -> Vec<Diagnostic> {
    let source = loaded.site_yaml.as_ref().map(|f| &f.text);
    config
        .publisher
        .iter()
        .flat_map(|p| &p.legal)
        .filter(|slug| !pages.iter().any(|pg| &pg.slug == *slug))
        .map(|slug| crate::parse::publisher::missing_legal_page(slug, source))
        .collect()
}

/// Each language's localiser and strings (the theme's, then English as a fallback, then the
/// site's).
fn languages(
    loaded: &Loaded,
    config: &SiteConfig,
    theme_strings: &BTreeMap<String, BTreeMap<String, Text>>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Language> {
    let site_strings = site_strings(loaded);
    for (lang, file) in &site_strings {
        if !config.languages.contains(lang) {
            errors.push(Diagnostic::warning(
                file.rel.as_str(),
                format!("`{lang}` is not one of the site's languages, so this file is not used"),
            ));
        }
    }
    let (languages, mut lang_errors): (Vec<Language>, Vec<Vec<Diagnostic>>) = config
        .languages
        .par_iter()
        .map(|code| {
            let mut errs = Vec::new();
            let mut layers = Vec::new();
            if let Some(en) = theme_strings.get("en") {
                layers.push(en.clone());
            }
            match theme_strings.get(code) {
                Some(own) => layers.push(own.clone()),
                None => errs.push(Diagnostic::warning(
                    format!("i18n/{code}.yaml"),
                    format!("the theme has no interface strings for `{code}`: English ones are shown"),
                ).hint(format!("copy the theme's i18n/en.yaml to i18n/{code}.yaml and translate it"))),
            }
            if let Some(file) = site_strings.get(code) {
                match crate::parse::i18n::parse(&file.rel, &file.text) {
                    Ok(map) => layers.push(map),
                    Err(d) => errs.push(d),
                }
            }
            (
                Language::new(code.clone(), Localiser::new(code, &config.formats), Strings::layered(layers)),
                errs,
            )
        })
        .unzip();
    errors.extend(lang_errors.drain(..).flatten());

    languages
}

/// The site's own interface strings files, by language.
fn site_strings(loaded: &Loaded) -> HashMap<String, &SourceFile> {
    loaded
        .i18n
        .iter()
        .filter_map(|f| Some((f.path.file_stem()?.to_str()?.to_string(), f)))
        .collect()
}

/// The country catalogue, with the names `site.yaml` gives; a name given for a code that is
/// no country is an error.
fn countries(loaded: &Loaded, config: &SiteConfig, errors: &mut Vec<Diagnostic>) -> Countries {
    let countries = config.countries();
    for (lang, names) in &config.country_names {
        for code in names.keys() {
            if countries.get(code).is_none() {
                let d = Diagnostic::error(
                    crate::parse::site_config::FILE,
                    format!(
                        "`{code}` under `country_names.{lang}` is not an ISO 3166-1 alpha-2 code"
                    ),
                )
                .field("country_names")
                .hint("write the country's two-letter code, such as `CD`");
                errors.push(match &loaded.site_yaml {
                    Some(f) => {
                        crate::parse::site_config::locate(d, &f.text, "country_names", Some(code))
                    }
                    None => d,
                });
            }
        }
    }

    countries
}

/// The plain pages, each with its version per language.
fn pages(
    loaded: &Loaded,
    config: &SiteConfig,
    options: &Options,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    let n_langs = config.languages.len();
    let results: Vec<Result<ParsedFile<PageFrontMatter>, Vec<Diagnostic>>> = loaded
        .pages
        .par_iter()
        .map(|f| parse_content(f, &config.languages, &programme::page, None))
        .collect();
    let mut parsed_pages = Vec::new();
    for r in results {
        match r {
            Ok(p) if p.front.draft && !options.drafts => {}
            Ok(p) => parsed_pages.push(Arc::new(p)),
            Err(mut e) => errors.append(&mut e),
        }
    }
    group(&config.languages, parsed_pages, n_langs, errors)
        .into_iter()
        .map(|(slug, versions)| Page {
            slug,
            versions: versions
                .into_iter()
                .map(|v| {
                    v.map(|p| PageVersion {
                        file: p.file.clone(),
                        front: Arc::clone(&p.front),
                        body: p.body.clone(),
                        body_line: p.body_line,
                    })
                })
                .collect(),
        })
        .collect()
}
