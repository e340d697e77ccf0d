//! The render stage: from the model to the bytes of every page, in parallel.
//!
//! First, for each language, the views are made once: a card per programme, the index of
//! every term (country, region, theme, donor, partner, status, year) with its programmes and
//! totals. Then every page becomes a job (a path, a template, a context) and the jobs are
//! rendered by Tera on all cores. Nothing here reads a file.

pub mod builtin;
pub mod map;
pub mod markdown;
pub mod publish;
pub mod search_index;
pub mod theme;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::model::country::CONTINENTS;
use crate::model::slug::slugify;
use crate::model::{Fiche, Language, Site};
use crate::parse::programme::Status;
use theme::Theme;
use views::*;

/// Programmes per page on the home page.
pub const PER_PAGE: usize = 50;

/// How far down each theme's list (newest first) related programmes are looked for.
const RELATED_SCAN: usize = 500;

/// One generated file.
pub struct Output {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
    /// Programme slugs whose content this file shows (for `serve`'s partial rebuilds).
    pub programmes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Country,
    Region,
    Theme,
    Donor,
    Partner,
    Status,
    Year,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Country,
        Kind::Region,
        Kind::Theme,
        Kind::Donor,
        Kind::Partner,
        Kind::Status,
        Kind::Year,
    ];

    /// The section's key: path word key (`path_countries`) and interface string.
    pub fn section(self) -> &'static str {
        match self {
            Kind::Country => "countries",
            Kind::Region => "regions",
            Kind::Theme => "themes",
            Kind::Donor => "donors",
            Kind::Partner => "partners",
            Kind::Status => "statuses",
            Kind::Year => "years",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Region => "region",
            Kind::Theme => "theme",
            Kind::Donor => "donor",
            Kind::Partner => "partner",
            Kind::Status => "status",
            Kind::Year => "year",
        }
    }
}

struct TermEntry {
    key: String,
    name: String,
    path: String,
    /// Indexes into `LangData::order`'s programmes, newest first.
    members: Vec<usize>,
    description: Option<String>,
    url: Option<String>,
}

/// Everything about one language that pages share, computed once.
struct LangData<'a> {
    index: usize,
    lang: &'a Language,
    /// Programme indexes, newest first.
    order: Vec<usize>,
    /// The position of each programme (by index) in `order`.
    rank: Vec<usize>,
    /// The card of each programme (by programme index), as a view and as a Tera value.
    cards: Vec<Card>,
    card_values: Vec<Value>,
    terms: BTreeMap<Kind, Vec<TermEntry>>,
    /// Kind and key → position in `terms[kind]`.
    term_pos: HashMap<(Kind, String), usize>,
    section_paths: BTreeMap<Kind, String>,
    home: String,
    page_word: String,
    base: Context,
}

fn lang_home(code: &str) -> String {
    format!("{code}/")
}

fn shown_fiche(site: &Site, prog: usize, lang: usize) -> (usize, &Fiche, bool) {
    site.programmes[prog].shown_in(lang)
}

/// The years a programme runs in: from its start year to its end year (or this year).
fn active_years(f: &Fiche, this_year: i32) -> Vec<i32> {
    let Some(start) = f.front.start else {
        return Vec::new();
    };
    let last = match f.front.end {
        Some(end) => end.year,
        None if matches!(f.status, Status::Ongoing | Status::Suspended) => {
            this_year.max(start.year)
        }
        None => start.year,
    };
    (start.year..=last.min(start.year + 60)).collect()
}

fn amounts_total(site: &Site, lang: &Language, members: &[usize], li: usize) -> Vec<String> {
    let mut sums: BTreeMap<String, f64> = BTreeMap::new();
    for &p in members {
        let (_, f, _) = shown_fiche(site, p, li);
        if let Some(a) = &f.front.amount {
            *sums.entry(a.currency.clone()).or_default() += a.value;
        }
    }
    // The site's currency first.
    let mut out: Vec<(bool, String)> = sums
        .into_iter()
        .map(|(cur, v)| (cur != site.config.currency, lang.loc.amount(v, &cur)))
        .collect();
    out.sort_by_key(|a| a.0);
    out.into_iter().map(|(_, s)| s).collect()
}

fn summary(site: &Site, data: &LangData, kind: Kind, entry: &TermEntry) -> TermSummary {
    let totals = amounts_total(site, data.lang, &entry.members, data.index);
    let _ = kind;
    TermSummary {
        key: entry.key.clone(),
        name: entry.name.clone(),
        path: entry.path.clone(),
        count: entry.members.len(),
        count_label: data.lang.strings.count(
            "programme_count",
            entry.members.len() as u64,
            &data.lang.loc,
        ),
        total: if totals.is_empty() {
            None
        } else {
            Some(totals.join(" + "))
        },
        totals,
    }
}

/// Gives each term of a section its own address: the first of several terms whose names
/// make the same slug keeps it, the others get their key added (then a number), never taking
/// an address another term has.
fn dedupe_slugs(entries: &mut [TermEntry]) {
    let first_choices: std::collections::HashSet<String> =
        entries.iter().map(|e| e.path.clone()).collect();
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    for e in entries.iter_mut() {
        if used.insert(e.path.clone()) {
            continue;
        }
        let stem = format!(
            "{}-{}",
            e.path.trim_end_matches('/'),
            slugify(&e.key).unwrap_or_default()
        );
        let mut path = format!("{stem}/");
        let mut n = 2;
        while first_choices.contains(&path) || used.contains(&path) {
            path = format!("{stem}-{n}/");
            n += 1;
        }
        used.insert(path.clone());
        e.path = path;
    }
}

fn lang_data<'a>(site: &'a Site, li: usize) -> LangData<'a> {
    let lang = &site.languages[li];
    let code = &lang.code;
    let fallbacks: Vec<String> = site.config.languages.clone();
    let programmes_word = lang.path_word("programmes");

    // Newest first: by start date, then title.
    let mut order: Vec<usize> = (0..site.programmes.len()).collect();
    let key_of = |p: usize| {
        let (_, f, _) = shown_fiche(site, p, li);
        f.front.start.map(|d| d.first_day())
    };
    order.sort_by(|&a, &b| {
        key_of(b).cmp(&key_of(a)).then_with(|| {
            let (_, fa, _) = shown_fiche(site, a, li);
            let (_, fb, _) = shown_fiche(site, b, li);
            lang.loc.compare(&fa.front.title, &fb.front.title)
        })
    });

    let section_paths: BTreeMap<Kind, String> = Kind::ALL
        .iter()
        .map(|k| (*k, format!("{code}/{}/", lang.path_word(k.section()))))
        .collect();

    let name_of = |kind: Kind, key: &str| -> (String, Option<String>, Option<String>) {
        let named = |list: &'a Vec<crate::model::Named>| {
            list.iter().find(|n| n.key == key).map(|n| {
                (
                    n.entry
                        .name
                        .get(code, &fallbacks)
                        .unwrap_or(key)
                        .to_string(),
                    n.entry
                        .description
                        .as_ref()
                        .and_then(|d| d.get(code, &fallbacks))
                        .map(str::to_string),
                    n.entry.url.clone(),
                )
            })
        };
        match kind {
            Kind::Country => (site.countries.name(code, key), None, None),
            Kind::Region => (site.countries.region_name(code, key), None, None),
            Kind::Theme => named(&site.themes).unwrap_or((key.to_string(), None, None)),
            Kind::Donor => named(&site.donors).unwrap_or((key.to_string(), None, None)),
            Kind::Partner => named(&site.partners).unwrap_or((key.to_string(), None, None)),
            Kind::Status => (lang.strings.get(&format!("status_{key}")), None, None),
            Kind::Year => (key.to_string(), None, None),
        }
    };

    // Membership of each term, in newest-first order.
    let this_year = site.today.year;
    let mut members: BTreeMap<(Kind, String), Vec<usize>> = BTreeMap::new();
    for (pos, &p) in order.iter().enumerate() {
        let _ = pos;
        let (_, f, _) = shown_fiche(site, p, li);
        let mut add =
            |kind: Kind, key: &str| members.entry((kind, key.to_string())).or_default().push(p);
        for c in &f.front.countries {
            add(Kind::Country, c);
        }
        for r in &f.regions {
            add(Kind::Region, r.0);
        }
        for t in &f.front.themes {
            add(Kind::Theme, t);
        }
        for d in &f.front.donors {
            add(Kind::Donor, d);
        }
        for d in &f.front.partners {
            add(Kind::Partner, d);
        }
        add(Kind::Status, f.status.key());
        for y in active_years(f, this_year) {
            add(Kind::Year, &y.to_string());
        }
    }
    let mut terms: BTreeMap<Kind, Vec<TermEntry>> = BTreeMap::new();
    for ((kind, key), m) in members {
        let (name, description, url) = name_of(kind, &key);
        let slug = match kind {
            Kind::Year => key.clone(),
            // Keys are checked (`parse::named::is_key`), codes and statuses are ASCII words.
            _ => slugify(&name)
                .or_else(|| slugify(&key))
                .unwrap_or_else(|| "term".to_string()),
        };
        terms.entry(kind).or_default().push(TermEntry {
            path: format!("{}{slug}/", section_paths[&kind]),
            key,
            name,
            members: m,
            description,
            url,
        });
    }
    for (kind, entries) in terms.iter_mut() {
        match kind {
            Kind::Status => {
                entries.sort_by_key(|e| Status::ALL.iter().position(|s| s.key() == e.key))
            }
            Kind::Year => entries.sort_by(|a, b| b.key.cmp(&a.key)),
            _ => entries.sort_by(|a, b| lang.loc.compare(&a.name, &b.name)),
        }
        dedupe_slugs(entries);
    }
    let term_pos: HashMap<(Kind, String), usize> = terms
        .iter()
        .flat_map(|(k, es)| {
            es.iter()
                .enumerate()
                .map(move |(i, e)| ((*k, e.key.clone()), i))
        })
        .collect();

    let term_ref = |kind: Kind, key: &str| -> TermRef {
        let entry = term_pos
            .get(&(kind, key.to_string()))
            .map(|&i| &terms[&kind][i]);
        TermRef {
            key: key.to_string(),
            name: entry
                .map(|e| e.name.clone())
                .unwrap_or_else(|| name_of(kind, key).0),
            path: entry.map(|e| e.path.clone()).unwrap_or_default(),
        }
    };

    let cards: Vec<Card> = (0..site.programmes.len())
        .map(|p| {
            let prog = &site.programmes[p];
            let (vi, f, fallback) = shown_fiche(site, p, li);
            let shown_lang = &site.languages[vi];
            let fr = &f.front;
            let start = fr.start.map(|d| lang.loc.date(d));
            let end = fr.end.map(|d| lang.loc.date(d));
            let period = match (&start, &end) {
                (Some(s), Some(e)) => Some(format!("{s} – {e}")),
                (Some(s), None) => Some(s.clone()),
                _ => None,
            };
            Card {
                slug: prog.slug.clone(),
                title: fr.title.clone(),
                summary: fr.summary.clone(),
                path: format!(
                    "{}/{}/{}/",
                    shown_lang.code,
                    shown_lang.path_word("programmes"),
                    prog.slug
                ),
                lang: shown_lang.code.clone(),
                dir: shown_lang.loc.dir,
                fallback,
                fallback_note: fallback.then(|| {
                    lang.strings.format(
                        "only_in",
                        &[("language", &lang.loc.language_name(&shown_lang.code))],
                    )
                }),
                status: StatusView {
                    key: f.status.key(),
                    label: lang.strings.get(&format!("status_{}", f.status.key())),
                    path: term_ref(Kind::Status, f.status.key()).path,
                },
                start,
                end,
                start_iso: fr.start.map(|d| d.to_string()),
                end_iso: fr.end.map(|d| d.to_string()),
                period,
                amount: fr
                    .amount
                    .as_ref()
                    .map(|a| lang.loc.amount(a.value, &a.currency)),
                amount_value: fr.amount.as_ref().map(|a| a.value),
                currency: fr.amount.as_ref().map(|a| a.currency.clone()),
                countries: fr
                    .countries
                    .iter()
                    .map(|c| term_ref(Kind::Country, c))
                    .collect(),
                regions: f
                    .regions
                    .iter()
                    .filter(|r| !CONTINENTS.contains(&r.0))
                    .map(|r| term_ref(Kind::Region, r.0))
                    .collect(),
                themes: fr.themes.iter().map(|t| term_ref(Kind::Theme, t)).collect(),
                donors: fr.donors.iter().map(|t| term_ref(Kind::Donor, t)).collect(),
                partners: fr
                    .partners
                    .iter()
                    .map(|t| term_ref(Kind::Partner, t))
                    .collect(),
                image: fr.image.as_ref().map(|i| ImageView {
                    src: i.src.clone(),
                    alt: i.alt.clone(),
                    credit: i.credit.clone(),
                }),
                draft: fr.draft,
            }
        })
        .collect();
    let _ = programmes_word;
    let card_values = cards.iter().map(Value::from_serializable).collect();

    // What every page of this language shares.
    let mut base = Context::new();
    let home = lang_home(code);
    let nav = Nav {
        home: home.clone(),
        feed: publish::feed::path(code),
        data: publish::data_links(site),
        countries: section_paths[&Kind::Country].clone(),
        regions: section_paths[&Kind::Region].clone(),
        themes: section_paths[&Kind::Theme].clone(),
        donors: section_paths[&Kind::Donor].clone(),
        partners: section_paths[&Kind::Partner].clone(),
        statuses: section_paths[&Kind::Status].clone(),
        years: section_paths[&Kind::Year].clone(),
        pages: site
            .pages
            .iter()
            .filter_map(|pg| {
                pg.versions
                    .get(li)
                    .and_then(|v| v.as_ref())
                    .map(|v| TermRef {
                        key: pg.slug.clone(),
                        name: v.front.title.clone(),
                        path: format!("{code}/{}/", pg.slug),
                    })
            })
            .collect(),
    };
    base.insert("site", &site_view(site, li));
    base.insert("lang", code);
    base.insert("dir", lang.loc.dir);
    base.insert("t", &lang.strings.plain_map());
    base.insert("nav", &nav);
    base.insert("drafts", &site.drafts);

    let mut rank = vec![0; order.len()];
    for (pos, &p) in order.iter().enumerate() {
        rank[p] = pos;
    }
    LangData {
        index: li,
        lang,
        order,
        rank,
        cards,
        card_values,
        terms,
        term_pos,
        section_paths,
        home,
        page_word: lang.path_word("page"),
        base,
    }
}

fn site_view(site: &Site, li: usize) -> SiteView {
    let code = &site.languages[li].code;
    SiteView {
        title: site
            .config
            .title
            .get(code, &site.config.languages)
            .unwrap_or_default()
            .to_string(),
        description: site
            .config
            .description
            .as_ref()
            .and_then(|d| d.get(code, &site.config.languages))
            .unwrap_or_default()
            .to_string(),
        base_url: site.config.base_url.clone(),
        base_path: site.config.base_path.clone(),
        languages: site
            .languages
            .iter()
            .map(|l| LanguageView {
                code: l.code.clone(),
                name: l.loc.autonym.clone(),
                dir: l.loc.dir,
                path: lang_home(&l.code),
            })
            .collect(),
        default_language: site.config.default_language().to_string(),
        colours: site.config.colours.clone(),
        logo: site.config.logo.as_ref().map(|l| l.src.clone()),
        extra: site.config.extra.clone(),
    }
}

/// The address of a programme's fact sheet in a language, relative to the site root.
pub fn programme_path(lang: &Language, slug: &str) -> String {
    format!("{}/{}/{slug}/", lang.code, lang.path_word("programmes"))
}

/// The way up from a page at `path` (such as `fr/pays/bresil/`) to the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A page to render.
struct Job {
    path: String,
    template: &'static str,
    /// `None` when the page is the same as in the previous build (same key): not rendered.
    context: Option<Context>,
    programmes: Vec<String>,
    label: String,
    /// A fingerprint of everything the page shows.
    key: u64,
    /// The page's versions per language (its `hreflang` links), for the sitemap.
    translations: Vec<Translation>,
}

/// A fingerprint of any hashable value.
fn key_of(value: &impl Hash) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// What a programme's card in language `li` depends on: the version shown and its front matter.
fn card_key(site: &Site, p: usize, li: usize) -> (usize, usize, u64) {
    let (vi, f, _) = shown_fiche(site, p, li);
    (p, vi, f.front_rev)
}

fn card_keys(site: &Site, members: &[usize], li: usize) -> Vec<(usize, usize, u64)> {
    members.iter().map(|&p| card_key(site, p, li)).collect()
}

/// Pages of the previous build and their keys, so that unchanged pages are not rendered
/// again (by `serve`). `global` fingerprints everything every page depends on (settings,
/// data files, strings, templates, plain pages); the pipeline sets it.
#[derive(Default)]
pub struct RenderCache {
    pub global: u64,
    keys: HashMap<String, u64>,
    /// What the sitemap, feeds and open data were last made from.
    publish: publish::Cache,
}

/// The result of a render: the pages rendered this time, and every page of the site.
pub struct Rendered {
    pub outputs: Vec<Output>,
    /// Every page of the site (output paths), rendered this time or unchanged.
    pub pages: Vec<String>,
}

struct PageInfo<'a> {
    kind: &'a str,
    path: String,
    title: String,
    description: String,
    translations: Vec<Translation>,
}

fn page_context(site: &Site, data: &LangData, info: PageInfo) -> Context {
    let mut ctx = data.base.clone();
    ctx.insert("root", &root_of(&info.path));
    ctx.insert(
        "page",
        &serde_json::json!({
            "kind": info.kind,
            "path": info.path,
            "permalink": format!("{}{}", site.config.base_url, info.path),
            "title": info.title,
            "description": info.description,
            "translations": info.translations,
        }),
    );
    ctx
}

/// Translation links for a page that exists in every language at `path_in(lang)`.
fn everywhere(
    site: &Site,
    current: usize,
    path_in: impl Fn(usize) -> Option<String>,
) -> Vec<Translation> {
    site.languages
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let path = path_in(i);
            Translation {
                lang: l.code.clone(),
                name: l.loc.autonym.clone(),
                name_here: site.languages[current].loc.language_name(&l.code),
                available: path.is_some(),
                path: path.unwrap_or_else(|| lang_home(&l.code)),
                current: i == current,
            }
        })
        .collect()
}

fn cards_value(data: &LangData, members: &[usize]) -> Value {
    Value::from(
        members
            .iter()
            .map(|&p| data.card_values[p].clone())
            .collect::<Vec<Value>>(),
    )
}

/// Up to three programmes sharing the most themes with `f` (programme `p`), then the newest.
/// Each theme's list is newest first, so looking at its head is enough and keeps this linear
/// in the site's size.
fn related_programmes(data: &LangData, p: usize, f: &Fiche) -> Vec<usize> {
    let mut shared: HashMap<usize, usize> = HashMap::new();
    for theme in &f.front.themes {
        if let Some(&pos) = data.term_pos.get(&(Kind::Theme, theme.clone())) {
            for &q in data.terms[&Kind::Theme][pos]
                .members
                .iter()
                .filter(|&&q| q != p)
                .take(RELATED_SCAN)
            {
                *shared.entry(q).or_default() += 1;
            }
        }
    }
    let mut related: Vec<(usize, usize)> = shared.into_iter().collect();
    related.sort_by_key(|&(q, n)| (std::cmp::Reverse(n), data.rank[q]));
    related.into_iter().take(3).map(|(q, _)| q).collect()
}

fn jobs_for_language(
    site: &Site,
    all: &[LangData],
    li: usize,
    previous: &HashMap<String, u64>,
    global: u64,
) -> Vec<Job> {
    let data = &all[li];
    // A page whose key is unchanged since the previous build is not built again.
    let unchanged = |path: &str, key: u64| previous.get(path) == Some(&key);
    let lang = data.lang;
    let code = &lang.code;
    let strings = &lang.strings;
    let mut jobs = Vec::new();
    let site_title = site
        .config
        .title
        .get(code, &site.config.languages)
        .unwrap_or_default()
        .to_string();

    // Home pages, 50 programmes each.
    let total_pages = page_count(data.order.len());
    let filters = Filters {
        statuses: term_summaries(site, data, Kind::Status),
        regions: term_summaries(site, data, Kind::Region)
            .into_iter()
            .filter(|t| !CONTINENTS.contains(&t.key.as_str()))
            .collect(),
        countries: term_summaries(site, data, Kind::Country),
        themes: term_summaries(site, data, Kind::Theme),
        donors: term_summaries(site, data, Kind::Donor),
        years: term_summaries(site, data, Kind::Year),
    };
    let filters_value = Value::from_serializable(&filters);
    let filters_rev = key_of(&serde_json::to_string(&filters).unwrap_or_default());
    let home_map = map::countries_map(data);
    let countries_label = strings.count("country_count", filters.countries.len() as u64, &lang.loc);
    for n in 1..=total_pages {
        let slice = page_slice(&data.order, n);
        let path = list_page_path(&data.home, &data.page_word, n);
        let translations = everywhere(site, li, |i| {
            let page = if n <= page_count(all[i].order.len()) {
                n
            } else {
                1
            };
            Some(list_page_path(&all[i].home, &all[i].page_word, page))
        });
        let key = key_of(&(
            global,
            &path,
            total_pages,
            filters_rev,
            data.order.len(),
            card_keys(site, slice, li),
            &translations,
        ));
        let programmes: Vec<String> = slice
            .iter()
            .map(|&p| site.programmes[p].slug.clone())
            .collect();
        let label = format!("the home page {n} in `{code}`");
        if unchanged(&path, key) {
            jobs.push(Job {
                path,
                template: "home.html",
                context: None,
                programmes,
                label,
                key,
                translations,
            });
            continue;
        }
        let title = if n == 1 {
            site_title.clone()
        } else {
            format!(
                "{site_title} – {}",
                strings.format("page_n", &[("n", &n.to_string())])
            )
        };
        let mut ctx = page_context(
            site,
            data,
            PageInfo {
                kind: "home",
                path: path.clone(),
                title,
                description: site_view(site, li).description,
                translations: translations.clone(),
            },
        );
        ctx.insert_value("programmes", cards_value(data, slice));
        ctx.insert(
            "count_label",
            &strings.count("programme_count", data.order.len() as u64, &lang.loc),
        );
        ctx.insert(
            "pagination",
            &pagination(&data.home, &data.page_word, n, total_pages),
        );
        ctx.insert_value("filters", filters_value.clone());
        ctx.insert("map", &home_map);
        ctx.insert("countries_label", &countries_label);
        jobs.push(Job {
            path,
            template: "home.html",
            context: Some(ctx),
            programmes,
            label,
            key,
            translations,
        });
    }

    // Fact sheets.
    let fiche_path = |i: usize, slug: &str| programme_path(&site.languages[i], slug);
    for (p, prog) in site.programmes.iter().enumerate() {
        let Some(Some(f)) = prog.versions.get(li) else {
            continue;
        };
        let path = fiche_path(li, &prog.slug);
        let related = related_programmes(data, p, f);
        let translations = everywhere(site, li, |i| {
            prog.versions
                .get(i)
                .and_then(|v| v.as_ref())
                .map(|_| fiche_path(i, &prog.slug))
        });
        let key = key_of(&(
            global,
            &path,
            f.rev,
            card_key(site, p, li),
            card_keys(site, &related, li),
            &translations,
        ));
        let mut programmes = vec![prog.slug.clone()];
        programmes.extend(related.iter().map(|&q| site.programmes[q].slug.clone()));
        let label = format!("`{}`", f.file);
        if unchanged(&path, key) {
            jobs.push(Job {
                path,
                template: "programme.html",
                context: None,
                programmes,
                label,
                key,
                translations,
            });
            continue;
        }
        let body = markdown::to_html(&f.body, &root_of(&path), site.config.markdown.raw_html);
        let full = Full {
            card: data.cards[p].clone(),
            body,
            contact: f.front.contact.clone(),
            links: f
                .front
                .links
                .iter()
                .map(|l| LinkView {
                    title: l.title.clone(),
                    url: l.url.clone(),
                })
                .collect(),
            iati_identifier: f.front.iati_identifier.clone(),
            extra: f.front.extra.clone(),
            file: f.file.clone(),
        };
        let mut ctx = page_context(
            site,
            data,
            PageInfo {
                kind: "programme",
                path: path.clone(),
                title: f.front.title.clone(),
                description: f.front.summary.clone(),
                translations: translations.clone(),
            },
        );
        ctx.insert("programme", &full);
        ctx.insert("map", &map::programme_map(data, &data.cards[p]));
        ctx.insert_value("related", cards_value(data, &related));
        jobs.push(Job {
            path,
            template: "programme.html",
            context: Some(ctx),
            programmes,
            label,
            key,
            translations,
        });
    }

    // Section indexes and term pages.
    for kind in Kind::ALL {
        let section = data.section_paths[&kind].clone();
        let section_title = strings.get(kind.section());
        let entries = data.terms.get(&kind).map(Vec::as_slice).unwrap_or(&[]);
        let summaries = term_summaries(site, data, kind);
        let continents =
            (kind == Kind::Country || kind == Kind::Region).then(|| continent_groups(site, data));
        let translations = everywhere(site, li, |i| Some(all[i].section_paths[&kind].clone()));
        let key = key_of(&(
            global,
            &section,
            serde_json::to_string(&(&summaries, &continents)).unwrap_or_default(),
            &translations,
        ));
        let template = if kind == Kind::Country {
            "countries.html"
        } else {
            "terms.html"
        };
        let label = format!("the {} index in `{code}`", kind.singular());
        let context = (!unchanged(&section, key)).then(|| {
            let mut ctx = page_context(
                site,
                data,
                PageInfo {
                    kind: kind.section(),
                    path: section.clone(),
                    title: section_title.clone(),
                    description: String::new(),
                    translations: translations.clone(),
                },
            );
            ctx.insert("kind", kind.singular());
            if let Some(continents) = &continents {
                ctx.insert("continents", continents);
            }
            ctx.insert(
                "map",
                &(kind == Kind::Country).then(|| map::countries_map(data)),
            );
            ctx.insert("terms", &summaries);
            ctx
        });
        jobs.push(Job {
            path: section,
            template,
            context,
            programmes: Vec::new(),
            label,
            key,
            translations,
        });
        for entry in entries {
            let summary = summary(site, data, kind, entry);
            let term_json = serde_json::json!({
                "key": summary.key, "name": summary.name, "path": summary.path,
                "count": summary.count, "count_label": summary.count_label,
                "totals": summary.totals, "total": summary.total,
                "description": entry.description, "url": entry.url,
                "section": { "name": section_title, "path": data.section_paths[&kind] },
                "countries": if kind == Kind::Region { country_summaries_in(site, data, &entry.key) } else { Vec::new() },
            });
            let term_rev = key_of(&term_json.to_string());
            let term = Value::from_serializable(&term_json);
            let total_pages = page_count(entry.members.len());
            for n in 1..=total_pages {
                let path = list_page_path(&entry.path, &data.page_word, n);
                let slice = page_slice(&entry.members, n);
                let translations = everywhere(site, li, |i| {
                    all[i].term_pos.get(&(kind, entry.key.clone())).map(|&k| {
                        let other = &all[i].terms[&kind][k];
                        let page = if n <= page_count(other.members.len()) {
                            n
                        } else {
                            1
                        };
                        list_page_path(&other.path, &all[i].page_word, page)
                    })
                });
                let key = key_of(&(
                    global,
                    &path,
                    total_pages,
                    term_rev,
                    card_keys(site, slice, li),
                    &translations,
                ));
                let programmes: Vec<String> = slice
                    .iter()
                    .map(|&p| site.programmes[p].slug.clone())
                    .collect();
                let label = format!(
                    "the page of {} `{}` in `{code}`",
                    kind.singular(),
                    entry.key
                );
                if unchanged(&path, key) {
                    jobs.push(Job {
                        path,
                        template: "term.html",
                        context: None,
                        programmes,
                        label,
                        key,
                        translations,
                    });
                    continue;
                }
                let mut ctx = page_context(
                    site,
                    data,
                    PageInfo {
                        kind: kind.singular(),
                        path: path.clone(),
                        title: if n == 1 {
                            entry.name.clone()
                        } else {
                            format!(
                                "{} – {}",
                                entry.name,
                                strings.format("page_n", &[("n", &n.to_string())])
                            )
                        },
                        description: entry.description.clone().unwrap_or_default(),
                        translations: translations.clone(),
                    },
                );
                ctx.insert("kind", kind.singular());
                ctx.insert_value("term", term.clone());
                ctx.insert("map", &map::term_map(site, data, kind, &entry.key));
                ctx.insert_value("programmes", cards_value(data, slice));
                ctx.insert(
                    "pagination",
                    &pagination(&entry.path, &data.page_word, n, total_pages),
                );
                jobs.push(Job {
                    path,
                    template: "term.html",
                    context: Some(ctx),
                    programmes,
                    label,
                    key,
                    translations,
                });
            }
        }
    }

    // Plain pages.
    for pg in &site.pages {
        let Some(Some(v)) = pg.versions.get(li) else {
            continue;
        };
        let path = format!("{code}/{}/", pg.slug);
        // Plain pages are part of the global key (every page lists them in its footer).
        let key = key_of(&(global, &path));
        let translations = everywhere(site, li, |i| {
            pg.versions
                .get(i)
                .and_then(|x| x.as_ref())
                .map(|_| format!("{}/{}/", site.languages[i].code, pg.slug))
        });
        let label = format!("`{}`", v.file);
        if unchanged(&path, key) {
            jobs.push(Job {
                path,
                template: "page.html",
                context: None,
                programmes: Vec::new(),
                label,
                key,
                translations,
            });
            continue;
        }
        let mut ctx = page_context(
            site,
            data,
            PageInfo {
                kind: "page",
                path: path.clone(),
                title: v.front.title.clone(),
                description: v.front.summary.clone().unwrap_or_default(),
                translations: translations.clone(),
            },
        );
        ctx.insert(
            "content",
            &markdown::to_html(&v.body, &root_of(&path), site.config.markdown.raw_html),
        );
        ctx.insert("extra", &v.front.extra);
        jobs.push(Job {
            path,
            template: "page.html",
            context: Some(ctx),
            programmes: Vec::new(),
            label,
            key,
            translations,
        });
    }
    jobs
}

/// The address of page `n` of a list whose first page is at `base`.
fn list_page_path(base: &str, page_word: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base}{page_word}/{n}/")
    }
}

fn page_count(items: usize) -> usize {
    items.div_ceil(PER_PAGE).max(1)
}

fn page_slice(items: &[usize], n: usize) -> &[usize] {
    let start = ((n - 1) * PER_PAGE).min(items.len());
    &items[start..(n * PER_PAGE).min(items.len())]
}

fn pagination(base: &str, page_word: &str, n: usize, total: usize) -> Pagination {
    Pagination {
        current: n,
        total,
        pages: (1..=total)
            .map(|k| PageLink {
                number: k,
                path: list_page_path(base, page_word, k),
                current: k == n,
            })
            .collect(),
        previous: (n > 1).then(|| list_page_path(base, page_word, n - 1)),
        next: (n < total).then(|| list_page_path(base, page_word, n + 1)),
    }
}

fn term_summaries(site: &Site, data: &LangData, kind: Kind) -> Vec<TermSummary> {
    data.terms
        .get(&kind)
        .map(|es| es.iter().map(|e| summary(site, data, kind, e)).collect())
        .unwrap_or_default()
}

fn country_summaries_in(site: &Site, data: &LangData, region: &str) -> Vec<TermSummary> {
    data.terms
        .get(&Kind::Country)
        .map(|es| {
            es.iter()
                .filter(|e| {
                    site.countries.get(&e.key).is_some_and(|c| {
                        c.subregion.map(|r| r.0) == Some(region)
                            || c.continent.map(|r| r.0) == Some(region)
                    })
                })
                .map(|e| summary(site, data, Kind::Country, e))
                .collect()
        })
        .unwrap_or_default()
}

fn continent_groups(site: &Site, data: &LangData) -> Vec<ContinentGroup> {
    let regions = data
        .terms
        .get(&Kind::Region)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let find = |key: &str| regions.iter().find(|e| e.key == key);
    let mut out = Vec::new();
    for continent in CONTINENTS {
        let Some(c) = find(continent) else { continue };
        let mut subregions: Vec<RegionGroup> = regions
            .iter()
            .filter(|r| !CONTINENTS.contains(&r.key.as_str()))
            .filter(|r| {
                site.countries.all().any(|info| {
                    info.subregion.map(|s| s.0) == Some(r.key.as_str())
                        && info.continent.map(|x| x.0) == Some(continent)
                })
            })
            .map(|r| RegionGroup {
                region: summary(site, data, Kind::Region, r),
                countries: country_summaries_in(site, data, &r.key),
            })
            .collect();
        subregions.retain(|g| !g.countries.is_empty());
        out.push(ContinentGroup {
            continent: summary(site, data, Kind::Region, c),
            subregions,
        });
    }
    out
}

/// Renders every page. Returns the outputs, or every template error met.
pub fn render(site: &Site, theme: &Theme) -> Result<Vec<Output>, Vec<Diagnostic>> {
    render_changed(site, theme, &mut RenderCache::default()).map(|r| r.outputs)
}

/// Renders the pages that differ from the previous build recorded in `cache` (every page
/// when the cache is empty), and records this build in it. On error the cache is unchanged,
/// so that the next build compares with the last good one.
pub fn render_changed(
    site: &Site,
    theme: &Theme,
    cache: &mut RenderCache,
) -> Result<Rendered, Vec<Diagnostic>> {
    if let Some(logo) = &site.config.logo
        && !site.static_files.contains(&logo.src)
    {
        return Err(vec![logo.if_missing.clone()]);
    }
    let global = cache.global;
    let previous = &cache.keys;
    let all: Vec<LangData> = (0..site.languages.len())
        .into_par_iter()
        .map(|li| lang_data(site, li))
        .collect();
    let mut jobs: Vec<Job> = (0..site.languages.len())
        .into_par_iter()
        .flat_map(|li| jobs_for_language(site, &all, li, previous, global))
        .collect();

    // The language chooser at the root and the 404 page.
    let default = &all[0];
    for (path, template, label) in [
        ("", "root.html", "the root page"),
        ("404.html", "404.html", "the 404 page"),
    ] {
        let key = key_of(&(global, path));
        let context = (previous.get(path) != Some(&key)).then(|| {
            let mut ctx = default.base.clone();
            if path.is_empty() {
                ctx.insert("root", "");
                ctx.insert("page", &serde_json::json!({"kind": "root", "path": "", "permalink": site.config.base_url, "title": site_view(site, 0).title, "description": site_view(site, 0).description, "translations": []}));
            } else {
                ctx.insert("root", &site.config.base_path);
                ctx.insert("page", &serde_json::json!({"kind": "404", "path": "404.html", "permalink": format!("{}404.html", site.config.base_url), "title": default.lang.strings.get("not_found_title"), "description": "", "translations": []}));
            }
            ctx
        });
        jobs.push(Job {
            path: path.to_string(),
            template,
            context,
            programmes: Vec::new(),
            label: label.to_string(),
            key,
            translations: Vec::new(),
        });
    }

    // Two pages at one address would overwrite each other silently.
    let mut errors = Vec::new();
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for job in &jobs {
        if let Some(other) = seen.insert(job.path.as_str(), job.label.as_str()) {
            errors.push(
                Diagnostic::error(job.label.trim_matches('`'), format!("{} and {other} would both be at `/{}`", job.label, job.path))
                    .hint("rename one of them: a plain page's name must differ from the site's section words"),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let file_path = |path: &str| {
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        }
    };
    let sitemap_entries = publish::sitemap_entries(site, &jobs);
    let keys: HashMap<String, u64> = jobs.iter().map(|j| (j.path.clone(), j.key)).collect();
    let mut pages: Vec<String> = jobs.iter().map(|j| file_path(&j.path)).collect();
    let results: Vec<Result<Output, Diagnostic>> = jobs
        .into_par_iter()
        .filter_map(|job| {
            let context = job.context?;
            Some(
                theme
                    .tera
                    .render(job.template, &context)
                    .map(|html| Output {
                        path: file_path(&job.path),
                        bytes: html.into_bytes(),
                        programmes: job.programmes,
                    })
                    .map_err(|e| theme::tera_diagnostic(&e, &theme.templates, &job.label)),
            )
        })
        .collect();
    let mut outputs = Vec::with_capacity(results.len());
    // The sitemap, the feeds and the open data files: made from the whole site, unless what
    // they show is as in the previous build (a body edited while serving).
    let mut published_cache = None;
    match publish::outputs(site, &sitemap_entries, global, &cache.publish) {
        Ok((published, paths, state)) => {
            pages.extend(paths);
            outputs.extend(published);
            published_cache = Some(state);
        }
        Err(e) => errors.extend(e),
    }
    for r in results {
        match r {
            Ok(o) => outputs.push(o),
            Err(d) => {
                // One broken template fails every page that uses it: report it once.
                if !errors.iter().any(|e: &Diagnostic| {
                    e.file == d.file && e.place == d.place && e.message == d.message
                }) {
                    errors.push(d);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The home page filters' indexes: small, made every time.
    for data in &all {
        let index = search_index::search_index(site, data);
        pages.push(index.path.clone());
        outputs.push(index);
    }
    cache.keys = keys;
    if let Some(state) = published_cache {
        cache.publish = state;
    }
    Ok(Rendered { outputs, pages })
}
