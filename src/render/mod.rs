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
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::model::country::CONTINENTS;
use crate::model::slug::slugify;
use crate::model::{Fiche, Language, Site, revision_of};
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
    /// Its count and totals, as indexes and filters show them.
    summary: TermSummary,
    /// A fingerprint of what its pages show about the term itself (not the cards).
    rev: u64,
}

/// A programme's card in one language: the view, the same as a Tera value, and the card
/// rendered once by the theme's `partials/card.html` (with [`ROOT_MARK`] for `root`).
pub struct CardEntry {
    pub card: Card,
    value: Value,
    html: Option<CardHtml>,
    /// A fingerprint of everything the card shows.
    rev: u64,
}

/// A card rendered once, and the places where each page's way to the root goes.
struct CardHtml {
    /// The card without its [`ROOT_MARK`]s.
    text: String,
    /// Where each mark was in `text`, in order.
    roots: Vec<usize>,
    /// Whether its links can be checked once for every page that lists it (see
    /// [`crate::links::same_on_every_page`]).
    checked_once: bool,
}

impl CardHtml {
    fn new(rendered: &str) -> CardHtml {
        let mut text = String::with_capacity(rendered.len());
        let mut roots = Vec::new();
        for (i, piece) in rendered.split(ROOT_MARK).enumerate() {
            if i > 0 {
                roots.push(text.len());
            }
            text.push_str(piece);
        }
        let checked_once = crate::links::same_on_every_page(rendered, ROOT_MARK);
        CardHtml {
            text,
            roots,
            checked_once,
        }
    }

    /// Its length with `root` in place of the marks.
    fn len_with(&self, root: &str) -> usize {
        self.text.len() + self.roots.len() * root.len()
    }

    /// Appends it to `out` with `root` in place of the marks. (Splitting at the marks for
    /// every page that lists the card was 3% of a large build.)
    fn push_to(&self, out: &mut String, root: &str) {
        let mut at = 0;
        for &r in &self.roots {
            out.push_str(&self.text[at..r]);
            out.push_str(root);
            at = r;
        }
        out.push_str(&self.text[at..]);
    }
}

/// Stands for `root` in pre-rendered cards; replaced by each page's own way to the root.
const ROOT_MARK: char = '\u{1}';

/// The partial rendered once per card and language.
const CARD_TEMPLATE: &str = "partials/card.html";

/// Everything about one language that pages share, computed once per build.
struct LangData<'a> {
    lang: &'a Language,
    /// The card of each programme (by programme index).
    cards: Vec<Arc<CardEntry>>,
    index: Arc<LangIndex>,
    /// Per kind and term (as in `terms`), a fingerprint of its versions in every language.
    translations_revs: BTreeMap<Kind, Vec<u64>>,
}

impl std::ops::Deref for LangData<'_> {
    type Target = LangIndex;

    fn deref(&self) -> &LangIndex {
        &self.index
    }
}

/// A language's lists and indexes, kept from one build to the next while the order of
/// programmes and their facts are the same (a title or a body edited while serving).
pub struct LangIndex {
    /// What it was made from.
    fingerprint: u64,
    /// By programme, a fingerprint of what `order` sorts it by; `order` is sorted by these.
    sort_keys: Vec<u64>,
    /// Programme indexes, newest first.
    order: Vec<usize>,
    /// The position of each programme (by index) in `order`.
    rank: Vec<usize>,
    terms: BTreeMap<Kind, Vec<TermEntry>>,
    /// Kind and key → position in `terms[kind]`.
    term_pos: TermPos,
    /// A fingerprint of every term's name and address (what cards link to).
    terms_rev: u64,
    section_paths: BTreeMap<Kind, String>,
    /// A fingerprint per section index of what it shows.
    section_revs: BTreeMap<Kind, u64>,
    continents: Vec<ContinentGroup>,
    filters: Value,
    filters_rev: u64,
    countries_map: Option<map::MapView>,
    countries_label: String,
    home: String,
    page_word: String,
    site_title: String,
    base: Context,
}

/// Per kind, each term's position in its list by key.
type TermPos = BTreeMap<Kind, rustc_hash::FxHashMap<String, usize>>;

/// The position of the term `key` of `kind` in its list.
fn position(term_pos: &TermPos, kind: Kind, key: &str) -> Option<usize> {
    term_pos.get(&kind)?.get(key).copied()
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
    // Few currencies: a short list beats a map.
    let mut sums: Vec<(&str, f64)> = Vec::new();
    for &p in members {
        let (_, f, _) = shown_fiche(site, p, li);
        if let Some(a) = &f.front.amount {
            match sums.iter_mut().find(|(c, _)| *c == a.currency) {
                Some((_, v)) => *v += a.value,
                None => sums.push((a.currency.as_str(), a.value)),
            }
        }
    }
    sums.sort_by(|a, b| a.0.cmp(b.0));
    // The site's currency first.
    let mut out: Vec<(bool, String)> = sums
        .into_iter()
        .map(|(cur, v)| (cur != site.config.currency, lang.loc.amount(v, cur)))
        .collect();
    out.sort_by_key(|a| a.0);
    out.into_iter().map(|(_, s)| s).collect()
}

fn summary_of(site: &Site, lang: &Language, li: usize, entry: &TermEntry) -> TermSummary {
    let totals = amounts_total(site, lang, &entry.members, li);
    TermSummary {
        key: entry.key.clone(),
        name: entry.name.clone(),
        path: entry.path.clone(),
        count: entry.members.len(),
        count_label: lang
            .strings
            .count("programme_count", entry.members.len() as u64, &lang.loc),
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

/// A term's name, description and website in a language.
fn name_of(
    site: &Site,
    lang: &Language,
    kind: Kind,
    key: &str,
) -> (String, Option<String>, Option<String>) {
    let code = &lang.code;
    let fallbacks = &site.config.languages;
    let named = |list: &Vec<crate::model::Named>| {
        list.iter().find(|n| n.key == key).map(|n| {
            (
                n.entry.name.get(code, fallbacks).unwrap_or(key).to_string(),
                n.entry
                    .description
                    .as_ref()
                    .and_then(|d| d.get(code, fallbacks))
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
}

/// The cards of the previous build, per language and programme (as [`RenderCache::slugs`]
/// lists them), to be used again when nothing they show changed.
type CardCache = Vec<Vec<Arc<CardEntry>>>;

/// Where each programme was in the previous build's list of programmes, if it was there.
/// After an edit the list is most often the same: no names to look up.
fn previous_positions(
    previous: &[String],
    programmes: &[crate::model::Programme],
) -> Vec<Option<usize>> {
    if previous.len() == programmes.len()
        && previous.iter().zip(programmes).all(|(a, b)| *a == b.slug)
    {
        return (0..programmes.len()).map(Some).collect();
    }
    let at: rustc_hash::FxHashMap<&str, usize> = previous
        .iter()
        .enumerate()
        .map(|(i, slug)| (slug.as_str(), i))
        .collect();
    programmes
        .iter()
        .map(|p| at.get(p.slug.as_str()).copied())
        .collect()
}

fn lang_data<'a>(
    site: &'a Site,
    theme: &Theme,
    li: usize,
    global: u64,
    previous_cards: Option<&[Arc<CardEntry>]>,
    previous_at: &[Option<usize>],
    previous_index: Option<&Arc<LangIndex>>,
) -> Result<LangData<'a>, Vec<Diagnostic>> {
    let lang = &site.languages[li];

    // Newest first: by start date, then title.
    let mut order: Vec<usize> = (0..site.programmes.len()).collect();
    let starts: Vec<_> = order
        .iter()
        .map(|&p| {
            shown_fiche(site, p, li)
                .1
                .front
                .start
                .map(|d| d.first_day())
        })
        .collect();
    // Programme indexes last, so that the order is total: what a stable sort gives.
    let newest_first = |&a: &usize, &b: &usize| {
        starts[b]
            .cmp(&starts[a])
            .then_with(|| {
                let (_, fa, _) = shown_fiche(site, a, li);
                let (_, fb, _) = shown_fiche(site, b, li);
                lang.loc.compare(&fa.front.title, &fb.front.title)
            })
            .then(a.cmp(&b))
    };
    // What each programme is sorted by, to tell which changed since the previous build.
    let sort_keys: Vec<u64> = (0..site.programmes.len())
        .map(|p| shown_fiche(site, p, li).1.order_rev)
        .collect();
    // After an edit the previous order is most often still right: checking it costs at most
    // one comparison per programme (none for two neighbours whose keys are unchanged), sorting
    // again a dozen.
    match previous_index {
        Some(index)
            if index.order.len() == order.len()
                && index.order.windows(2).all(|w| {
                    let same = |p: usize| index.sort_keys.get(p) == Some(&sort_keys[p]);
                    (same(w[0]) && same(w[1]))
                        || newest_first(&w[0], &w[1]) == std::cmp::Ordering::Less
                }) =>
        {
            order.clone_from(&index.order)
        }
        _ => order.sort_unstable_by(newest_first),
    }
    // The lists, indexes and totals depend on the order and on each programme's facts, not on
    // its title or text: kept from the previous build when those are the same.
    let fingerprint = {
        let mut h = Fingerprint::default();
        (global, li, &order).hash(&mut h);
        for &p in &order {
            shown_fiche(site, p, li).1.facts_rev.hash(&mut h);
        }
        h.finish()
    };
    let index = match previous_index {
        Some(index) if index.fingerprint == fingerprint => Arc::clone(index),
        _ => Arc::new(lang_index(site, li, order, sort_keys, fingerprint)),
    };

    let term_ref = |kind: Kind, key: &str| -> TermRef {
        let entry = position(&index.term_pos, kind, key).map(|i| &index.terms[&kind][i]);
        TermRef {
            key: key.to_string(),
            name: entry
                .map(|e| e.name.clone())
                .unwrap_or_else(|| name_of(site, lang, kind, key).0),
            path: entry.map(|e| e.path.clone()).unwrap_or_default(),
        }
    };
    let with_html = theme.templates.contains_key(CARD_TEMPLATE);
    let terms_rev = index.terms_rev;
    let cards: Vec<Result<Arc<CardEntry>, Diagnostic>> = (0..site.programmes.len())
        .into_par_iter()
        .map(|p| {
            let (vi, f, fallback) = shown_fiche(site, p, li);
            // The slug too: a file renamed with the same front matter moves its page.
            let slug = &site.programmes[p].slug;
            let rev = revision_of(&(
                global,
                terms_rev,
                slug,
                vi,
                f.front_rev,
                f.status.key(),
                fallback,
            ));
            if let Some(entry) = previous_at[p].and_then(|q| previous_cards?.get(q))
                && entry.rev == rev
            {
                return Ok(Arc::clone(entry));
            }
            let card = make_card(site, lang, p, &term_ref);
            let value = Value::from_serializable(&card);
            let html = if with_html {
                let mut ctx = index.base.clone();
                ctx.insert("root", &ROOT_MARK.to_string());
                ctx.insert_value("card", value.clone());
                let rendered =
                    theme.render(CARD_TEMPLATE, &ctx, || format!("the card of `{}`", f.file))?;
                Some(CardHtml::new(&rendered))
            } else {
                None
            };
            Ok(Arc::new(CardEntry {
                card,
                value,
                html,
                rev,
            }))
        })
        .collect();
    let mut errors = Vec::new();
    let cards: Vec<Arc<CardEntry>> = cards
        .into_iter()
        .filter_map(|c| c.map_err(|d| push_once(&mut errors, d)).ok())
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(LangData {
        lang,
        cards,
        index,
        translations_revs: BTreeMap::new(),
    })
}

/// A language's lists and indexes: the order of programmes, the terms with their members,
/// counts and totals, and what index pages and filters show of them.
fn lang_index(
    site: &Site,
    li: usize,
    order: Vec<usize>,
    sort_keys: Vec<u64>,
    fingerprint: u64,
) -> LangIndex {
    let lang = &site.languages[li];
    let code = &lang.code;
    let section_paths: BTreeMap<Kind, String> = Kind::ALL
        .iter()
        .map(|k| (*k, format!("{code}/{}/", lang.path_word(k.section()))))
        .collect();

    // Membership of each term, in newest-first order.
    let this_year = site.today.year;
    let mut members: rustc_hash::FxHashMap<(Kind, &str), Vec<usize>> = Default::default();
    let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for &p in &order {
        let (_, f, _) = shown_fiche(site, p, li);
        let mut add = |kind: Kind, key| members.entry((kind, key)).or_default().push(p);
        for c in &f.front.countries {
            add(Kind::Country, c.as_str());
        }
        for r in &f.regions {
            add(Kind::Region, r.0);
        }
        for t in &f.front.themes {
            add(Kind::Theme, t.as_str());
        }
        for d in &f.front.donors {
            add(Kind::Donor, d.as_str());
        }
        for d in &f.front.partners {
            add(Kind::Partner, d.as_str());
        }
        add(Kind::Status, f.status.key());
        for y in active_years(f, this_year) {
            years.entry(y).or_default().push(p);
        }
    }
    let year_keys: Vec<(String, Vec<usize>)> =
        years.into_iter().map(|(y, m)| (y.to_string(), m)).collect();
    let mut terms: BTreeMap<Kind, Vec<TermEntry>> = BTreeMap::new();
    let all_members = members
        .into_iter()
        .map(|((kind, key), m)| (kind, key.to_string(), m))
        .chain(year_keys.into_iter().map(|(k, m)| (Kind::Year, k, m)));
    for (kind, key, m) in all_members {
        let (name, description, url) = name_of(site, lang, kind, &key);
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
            summary: TermSummary::default(),
            rev: 0,
        });
    }
    for (kind, entries) in terms.iter_mut() {
        // By key first, so that equal names keep one order from build to build.
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        match kind {
            Kind::Status => {
                entries.sort_by_key(|e| Status::ALL.iter().position(|s| s.key() == e.key))
            }
            Kind::Year => entries.sort_by(|a, b| b.key.cmp(&a.key)),
            _ => entries.sort_by(|a, b| lang.loc.compare(&a.name, &b.name)),
        }
        dedupe_slugs(entries);
        for e in entries.iter_mut() {
            e.summary = summary_of(site, lang, li, e);
        }
    }
    let term_pos: TermPos = terms
        .iter()
        .map(|(k, es)| {
            (
                *k,
                es.iter()
                    .enumerate()
                    .map(|(i, e)| (e.key.clone(), i))
                    .collect(),
            )
        })
        .collect();
    // What every card's links to terms depend on: the terms' names and addresses.
    let terms_rev = {
        let mut h = Fingerprint::default();
        for (kind, es) in &terms {
            for e in es {
                (kind, &e.key, &e.name, &e.path).hash(&mut h);
            }
        }
        h.finish()
    };

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
    let site_title = site
        .config
        .title
        .get(code, &site.config.languages)
        .unwrap_or_default()
        .to_string();
    let mut index = LangIndex {
        fingerprint,
        sort_keys,
        order,
        rank,
        terms,
        term_pos,
        terms_rev,
        section_paths,
        section_revs: BTreeMap::new(),
        continents: Vec::new(),
        filters: Value::none(),
        filters_rev: 0,
        countries_map: None,
        countries_label: String::new(),
        home,
        page_word: lang.path_word("page"),
        site_title,
        base,
    };

    // What the indexes and term pages show besides cards, made once.
    index.continents = continent_groups(site, &index);
    let filters = Filters {
        statuses: term_summaries(&index, Kind::Status),
        regions: term_summaries(&index, Kind::Region)
            .into_iter()
            .filter(|t| !CONTINENTS.contains(&t.key.as_str()))
            .collect(),
        countries: term_summaries(&index, Kind::Country),
        themes: term_summaries(&index, Kind::Theme),
        donors: term_summaries(&index, Kind::Donor),
        years: term_summaries(&index, Kind::Year),
    };
    index.filters_rev = revision_of(&filters);
    index.countries_label =
        lang.strings
            .count("country_count", filters.countries.len() as u64, &lang.loc);
    index.filters = Value::from_serializable(&filters);
    index.countries_map = Some(map::countries_map(&index.terms, lang));
    for kind in Kind::ALL {
        let summaries = term_summaries(&index, kind);
        let continents = matches!(kind, Kind::Country | Kind::Region).then_some(&index.continents);
        index
            .section_revs
            .insert(kind, revision_of(&(&summaries, continents)));
    }
    let revs: Vec<(Kind, usize, u64)> = index
        .terms
        .iter()
        .flat_map(|(kind, es)| es.iter().enumerate().map(move |(i, e)| (*kind, i, e)))
        .map(|(kind, i, e)| {
            let countries = match kind {
                Kind::Region => country_summaries_in(site, &index, &e.key),
                _ => Vec::new(),
            };
            (
                kind,
                i,
                revision_of(&(&e.summary, &e.description, &e.url, countries)),
            )
        })
        .collect();
    for (kind, i, rev) in revs {
        if let Some(e) = index.terms.get_mut(&kind).and_then(|es| es.get_mut(i)) {
            e.rev = rev;
        }
    }
    index
}

/// Adds `d` to `errors` unless the same error is there: one broken template fails every page
/// or card that uses it, and is reported once.
fn push_once(errors: &mut Vec<Diagnostic>, d: Diagnostic) {
    if !errors
        .iter()
        .any(|e| e.file == d.file && e.place == d.place && e.message == d.message)
    {
        errors.push(d);
    }
}

/// The title of page `n` of a list called `name`: "Name – Page 2".
fn numbered_title(name: &str, n: usize, strings: &crate::model::strings::Strings) -> String {
    if n == 1 {
        name.to_string()
    } else {
        format!(
            "{name} – {}",
            strings.format("page_n", &[("n", &n.to_string())])
        )
    }
}

/// Programme `p`'s card for readers of `lang`.
fn make_card(
    site: &Site,
    lang: &Language,
    p: usize,
    term_ref: &(dyn Fn(Kind, &str) -> TermRef + Sync),
) -> Card {
    let li = site.language_index(&lang.code).unwrap_or(0);
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
        path: programme_path(shown_lang, &prog.slug),
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

/// What a page is, enough to make its context when it has to be rendered.
#[derive(Debug, Clone, Copy)]
enum Recipe {
    Home {
        li: usize,
        n: usize,
    },
    Fiche {
        li: usize,
        p: usize,
        related: Related,
        /// A fingerprint of what `related` was worked out from.
        related_key: u64,
    },
    Section {
        li: usize,
        kind: Kind,
    },
    Term {
        li: usize,
        kind: Kind,
        entry: usize,
        n: usize,
    },
    Page {
        li: usize,
        pg: usize,
    },
    Root,
    NotFound,
}

/// A page of the site: where it goes, a fingerprint of everything it shows, and how to make
/// it. Making its context is left until it has to be rendered.
struct Job {
    path: String,
    key: u64,
    /// A fingerprint of its versions in other languages (what the sitemap lists).
    translations_rev: u64,
    recipe: Recipe,
}

/// The hasher of page fingerprints: fast, and only ever compared within one process.
type Fingerprint = rustc_hash::FxHasher;

/// The fingerprints of the cards of `members` in a language.
fn card_revs(data: &LangData, members: &[usize]) -> u64 {
    let mut h = Fingerprint::default();
    for &p in members {
        data.cards[p].rev.hash(&mut h);
    }
    h.finish()
}

/// Each page's fingerprint, by address.
type PageKeys = rustc_hash::FxHashMap<String, u64>;

/// Pages of the previous build and their keys, so that unchanged pages are not rendered
/// again (by `serve`). `global` fingerprints everything every page depends on (settings,
/// data files, strings, templates, plain pages); the pipeline sets it.
#[derive(Default)]
pub struct RenderCache {
    pub global: u64,
    keys: PageKeys,
    /// The programmes' slugs, in order: what [`CardCache`] and [`RelatedCache`] follow.
    slugs: Vec<String>,
    cards: CardCache,
    indexes: Vec<Arc<LangIndex>>,
    related: Vec<RelatedCache>,
    /// A fingerprint of every page's address.
    paths_rev: u64,
    /// What the sitemap, feeds and open data were last made from.
    publish: publish::Cache,
}

/// Each fact sheet's related programmes (by programme, as [`RenderCache::slugs`] lists
/// them), with the fingerprint of what they were worked out from.
type RelatedCache = Vec<Option<(u64, Related)>>;

struct PageInfo<'a> {
    kind: &'a str,
    path: &'a str,
    title: String,
    description: String,
    translations: Vec<Translation>,
}

fn page_context(site: &Site, data: &LangData, info: PageInfo) -> Context {
    let mut ctx = data.base.clone();
    ctx.insert("root", &root_of(info.path));
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

/// The cards of `members` as a Tera list, and pre-rendered for a page at `root`.
/// The cards of `members` as a Tera value and, when the theme has a card partial, as HTML,
/// with whether that HTML holds only cards checked once (see [`Plan::cards`]).
fn cards_for(data: &LangData, members: &[usize], root: &str) -> (Value, Option<String>, bool) {
    let value = Value::from(
        members
            .iter()
            .map(|&p| data.cards[p].value.clone())
            .collect::<Vec<Value>>(),
    );
    let mut cards = Vec::with_capacity(members.len());
    for &p in members {
        let Some(card) = &data.cards[p].html else {
            return (value, None, false);
        };
        cards.push(card);
    }
    let mut html = String::with_capacity(cards.iter().map(|c| c.len_with(root) + 1).sum());
    let checked_once = cards.iter().all(|c| c.checked_once);
    for card in cards {
        card.push_to(&mut html, root);
        html.push('\n');
    }
    (value, Some(html), checked_once)
}

/// Up to three programmes sharing the most themes with `f` (programme `p`), then the newest.
/// Each theme's list is newest first, so looking at its head is enough and keeps this linear
/// in the site's size: the lists' heads are walked together, newest first, counting in how
/// many of them each programme is, and the first three seen at each count are kept.
fn related_programmes(data: &LangData, p: usize, f: &Fiche) -> Related {
    let lists: Vec<&[usize]> = f
        .front
        .themes
        .iter()
        .filter_map(|theme| position(&data.term_pos, Kind::Theme, theme))
        .map(|pos| {
            let members = &data.terms[&Kind::Theme][pos].members;
            // The first RELATED_SCAN members other than `p`.
            // The list is newest first (by rank): `p` is among the first `end` when it ranks
            // no lower than the last of them.
            let mut end = members.len().min(RELATED_SCAN);
            if end > 0
                && data.rank[p] <= data.rank[members[end - 1]]
                && members[..end]
                    .binary_search_by_key(&data.rank[p], |&q| data.rank[q])
                    .is_ok()
            {
                end = members.len().min(RELATED_SCAN + 1);
            }
            &members[..end]
        })
        .collect();
    let mut at = vec![0; lists.len()];
    // best[c - 1]: the first three programmes found in exactly c lists.
    let mut best: Vec<Vec<usize>> = vec![Vec::new(); lists.len()];
    while let Some(next) = lists
        .iter()
        .zip(&at)
        .filter_map(|(l, &i)| l.get(i))
        .min_by_key(|&&q| data.rank[q])
        .copied()
    {
        let mut count = 0;
        for (l, i) in lists.iter().zip(at.iter_mut()) {
            if l.get(*i) == Some(&next) {
                count += 1;
                *i += 1;
            }
        }
        if next != p && best[count - 1].len() < 3 {
            best[count - 1].push(next);
            // Three programmes in every list: none further down can do better.
            if count == lists.len() && best[count - 1].len() == 3 {
                break;
            }
        }
    }
    let mut related = Related::default();
    for q in best.iter().rev().flatten().take(3) {
        related.ids[related.len] = *q;
        related.len += 1;
    }
    related
}

/// A fact sheet's related programmes (at most three), by programme index.
#[derive(Debug, Clone, Copy, Default)]
struct Related {
    ids: [usize; 3],
    len: usize,
}

impl Related {
    fn as_slice(&self) -> &[usize] {
        &self.ids[..self.len]
    }
}

/// A paginated list of programmes: the home pages, a term's pages.
struct List<'a> {
    /// The address of its first page.
    first: &'a str,
    members: &'a [usize],
    /// A fingerprint of what its pages show besides the cards.
    rev: u64,
    translations_rev: u64,
}

impl List<'_> {
    /// A job per page of the list.
    fn jobs(&self, data: &LangData, jobs: &mut Vec<Job>, recipe: impl Fn(usize) -> Recipe) {
        let total = page_count(self.members.len());
        for n in 1..=total {
            let slice = page_slice(self.members, n);
            jobs.push(Job {
                path: list_page_path(self.first, &data.page_word, n),
                key: revision_of(&(
                    self.rev,
                    n,
                    total,
                    self.members.len(),
                    card_revs(data, slice),
                    self.translations_rev,
                )),
                translations_rev: self.translations_rev,
                recipe: recipe(n),
            });
        }
    }
}

/// Every page of a language, with its fingerprint; nothing is rendered here.
fn jobs_for_language(
    site: &Site,
    all: &[LangData],
    li: usize,
    global: u64,
    previous: Option<&RelatedCache>,
    previous_at: &[Option<usize>],
) -> Vec<Job> {
    let data = &all[li];
    let mut jobs = Vec::new();
    // For each programme, a fingerprint of the heads of its themes' lists, which related
    // programmes come from. Made theme by theme: looking each programme's themes up by name
    // took a tenth of a rebuild while serving 10,000 programmes.
    let mut heads = vec![0u64; site.programmes.len()];
    for e in data.terms.get(&Kind::Theme).into_iter().flatten() {
        // The members and their ranks: the lists are walked together by rank.
        let head = &e.members[..e.members.len().min(RELATED_SCAN + 1)];
        let mut h = Fingerprint::default();
        e.key.hash(&mut h);
        for &q in head {
            (q, data.rank[q]).hash(&mut h);
        }
        let head_rev = h.finish();
        for &q in &e.members {
            heads[q] = revision_of(&(heads[q], head_rev));
        }
    }

    // Home pages, 50 programmes each.
    let home_translations = revision_of(&all.iter().map(|d| d.order.len()).collect::<Vec<_>>());
    let list = List {
        first: &data.home,
        members: &data.order,
        rev: revision_of(&(global, li, data.filters_rev)),
        translations_rev: home_translations,
    };
    list.jobs(data, &mut jobs, |n| Recipe::Home { li, n });

    // Fact sheets.
    for (p, prog) in site.programmes.iter().enumerate() {
        let Some(Some(f)) = prog.versions.get(li) else {
            continue;
        };
        // Related programmes depend only on the programme and its themes' lists: kept from
        // the previous build when those are the same.
        let related_key = revision_of(&(p, heads[p]));
        let kept = previous_at[p].and_then(|q| previous?.get(q)?.as_ref());
        let related = match kept {
            Some(&(key, related)) if key == related_key => related,
            _ => related_programmes(data, p, f),
        };
        let versions: Vec<bool> = prog.versions.iter().map(Option::is_some).collect();
        jobs.push(Job {
            path: programme_path(data.lang, &prog.slug),
            key: revision_of(&(
                global,
                li,
                f.rev,
                data.cards[p].rev,
                card_revs(data, related.as_slice()),
                &versions,
            )),
            translations_rev: revision_of(&versions),
            recipe: Recipe::Fiche {
                li,
                p,
                related,
                related_key,
            },
        });
    }

    // Section indexes and term pages.
    for kind in Kind::ALL {
        jobs.push(Job {
            path: data.section_paths[&kind].clone(),
            key: revision_of(&(global, li, kind, data.section_revs[&kind])),
            translations_rev: 0,
            recipe: Recipe::Section { li, kind },
        });
        let entries = data.terms.get(&kind).map(Vec::as_slice).unwrap_or(&[]);
        for (e, entry) in entries.iter().enumerate() {
            let list = List {
                first: &entry.path,
                members: &entry.members,
                rev: revision_of(&(global, li, kind, entry.rev)),
                translations_rev: data.translations_revs[&kind][e],
            };
            list.jobs(data, &mut jobs, |n| Recipe::Term {
                li,
                kind,
                entry: e,
                n,
            });
        }
    }

    // Plain pages: part of the global key (every page lists them in its footer).
    for (pg, page) in site.pages.iter().enumerate() {
        if let Some(Some(_)) = page.versions.get(li) {
            jobs.push(Job {
                path: format!("{}/{}/", data.lang.code, page.slug),
                key: revision_of(&(global, li, pg)),
                translations_rev: 0,
                recipe: Recipe::Page { li, pg },
            });
        }
    }
    jobs
}

/// The fingerprint of each term's versions in every language: its address and number of
/// pages in each (what its pages' translation links show).
fn term_translations(all: &mut [LangData]) {
    let revs: Vec<BTreeMap<Kind, Vec<u64>>> = all
        .iter()
        .map(|data| {
            data.terms
                .iter()
                .map(|(kind, entries)| {
                    let revs = entries
                        .iter()
                        .map(|entry| {
                            let mut h = Fingerprint::default();
                            for other in all.iter() {
                                position(&other.term_pos, *kind, &entry.key)
                                    .map(|k| {
                                        let e = &other.terms[kind][k];
                                        (&e.path, page_count(e.members.len()))
                                    })
                                    .hash(&mut h);
                            }
                            h.finish()
                        })
                        .collect();
                    (*kind, revs)
                })
                .collect()
        })
        .collect();
    for (data, revs) in all.iter_mut().zip(revs) {
        data.translations_revs = revs;
    }
}

/// The template of a page.
fn template_of(recipe: Recipe) -> &'static str {
    match recipe {
        Recipe::Home { .. } => "home.html",
        Recipe::Fiche { .. } => "programme.html",
        Recipe::Section {
            kind: Kind::Country,
            ..
        } => "countries.html",
        Recipe::Section { .. } => "terms.html",
        Recipe::Term { .. } => "term.html",
        Recipe::Page { .. } => "page.html",
        Recipe::Root => "root.html",
        Recipe::NotFound => "404.html",
    }
}

/// What a page is called in messages.
fn label_of(site: &Site, all: &[LangData], recipe: Recipe) -> String {
    match recipe {
        Recipe::Home { li, n } => format!("the home page {n} in `{}`", all[li].lang.code),
        Recipe::Fiche { li, p, .. } => match site.programmes[p].versions.get(li) {
            Some(Some(f)) => format!("`{}`", f.file),
            _ => format!("`{}`", site.programmes[p].slug),
        },
        Recipe::Section { li, kind } => {
            format!("the {} index in `{}`", kind.singular(), all[li].lang.code)
        }
        Recipe::Term {
            li, kind, entry, ..
        } => format!(
            "the page of {} `{}` in `{}`",
            kind.singular(),
            all[li].terms[&kind][entry].key,
            all[li].lang.code
        ),
        Recipe::Page { li, pg } => match site.pages[pg].versions.get(li) {
            Some(Some(v)) => format!("`{}`", v.file),
            _ => format!("`{}`", site.pages[pg].slug),
        },
        Recipe::Root => "the root page".to_string(),
        Recipe::NotFound => "the 404 page".to_string(),
    }
}

/// A page's versions in every language (its `hreflang` links and language switcher).
fn translations_of(site: &Site, all: &[LangData], recipe: Recipe) -> Vec<Translation> {
    match recipe {
        Recipe::Home { li, n } => everywhere(site, li, |i| {
            let page = if n <= page_count(all[i].order.len()) {
                n
            } else {
                1
            };
            Some(list_page_path(&all[i].home, &all[i].page_word, page))
        }),
        Recipe::Fiche { li, p, .. } => {
            let prog = &site.programmes[p];
            everywhere(site, li, |i| {
                prog.versions
                    .get(i)
                    .and_then(|v| v.as_ref())
                    .map(|_| programme_path(&site.languages[i], &prog.slug))
            })
        }
        Recipe::Section { li, kind } => {
            everywhere(site, li, |i| Some(all[i].section_paths[&kind].clone()))
        }
        Recipe::Term { li, kind, entry, n } => {
            let key = &all[li].terms[&kind][entry].key;
            everywhere(site, li, |i| {
                position(&all[i].term_pos, kind, key).map(|k| {
                    let other = &all[i].terms[&kind][k];
                    let page = if n <= page_count(other.members.len()) {
                        n
                    } else {
                        1
                    };
                    list_page_path(&other.path, &all[i].page_word, page)
                })
            })
        }
        Recipe::Page { li, pg } => {
            let page = &site.pages[pg];
            everywhere(site, li, |i| {
                page.versions
                    .get(i)
                    .and_then(|x| x.as_ref())
                    .map(|_| format!("{}/{}/", site.languages[i].code, page.slug))
            })
        }
        Recipe::Root | Recipe::NotFound => Vec::new(),
    }
}

/// The context of a page about to be rendered.
/// The context of a page, and the blocks of cards it shows that were checked once (to be
/// found in the page and left out of its link check).
fn context_of(site: &Site, all: &[LangData], path: &str, recipe: Recipe) -> (Context, Vec<String>) {
    let translations = translations_of(site, all, recipe);
    let mut checked = Vec::new();
    let mut keep = |html: Option<String>, checked_once: bool| {
        if let Some(html) = html.filter(|h| checked_once && !h.is_empty()) {
            checked.push(html);
        }
    };
    let context = match recipe {
        Recipe::Home { li, n } => {
            let data = &all[li];
            let strings = &data.lang.strings;
            let total_pages = page_count(data.order.len());
            let title = numbered_title(&data.site_title, n, strings);
            let mut ctx = page_context(
                site,
                data,
                PageInfo {
                    kind: "home",
                    path,
                    title,
                    description: site_view(site, li).description,
                    translations,
                },
            );
            let (cards, html, once) = cards_for(data, page_slice(&data.order, n), &root_of(path));
            ctx.insert_value("programmes", cards);
            ctx.insert("programmes_html", &html);
            keep(html, once);
            ctx.insert(
                "count_label",
                &strings.count("programme_count", data.order.len() as u64, &data.lang.loc),
            );
            ctx.insert(
                "pagination",
                &pagination(&data.home, &data.page_word, n, total_pages),
            );
            ctx.insert_value("filters", data.filters.clone());
            ctx.insert("map", &data.countries_map);
            ctx.insert("countries_label", &data.countries_label);
            ctx
        }
        Recipe::Fiche { li, p, related, .. } => {
            let data = &all[li];
            let (_, f, _) = shown_fiche(site, p, li);
            let body = markdown::to_html(&f.body, &root_of(path), site.config.markdown.raw_html);
            let card = &data.cards[p].card;
            let full = Full {
                card: card.clone(),
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
                    path,
                    title: f.front.title.clone(),
                    description: f.front.summary.clone(),
                    translations,
                },
            );
            ctx.insert("programme", &full);
            ctx.insert("map", &map::programme_map(data, card));
            let (cards, html, once) = cards_for(data, related.as_slice(), &root_of(path));
            ctx.insert_value("related", cards);
            ctx.insert("related_html", &html);
            keep(html, once);
            ctx
        }
        Recipe::Section { li, kind } => {
            let data = &all[li];
            let mut ctx = page_context(
                site,
                data,
                PageInfo {
                    kind: kind.section(),
                    path,
                    title: data.lang.strings.get(kind.section()),
                    description: String::new(),
                    translations,
                },
            );
            ctx.insert("kind", kind.singular());
            if matches!(kind, Kind::Country | Kind::Region) {
                ctx.insert("continents", &data.continents);
            }
            ctx.insert(
                "map",
                &(kind == Kind::Country).then_some(&data.countries_map),
            );
            ctx.insert("terms", &term_summaries(data, kind));
            ctx
        }
        Recipe::Term { li, kind, entry, n } => {
            let data = &all[li];
            let strings = &data.lang.strings;
            let entry = &data.terms[&kind][entry];
            let summary = &entry.summary;
            let total_pages = page_count(entry.members.len());
            let mut ctx = page_context(
                site,
                data,
                PageInfo {
                    kind: kind.singular(),
                    path,
                    title: numbered_title(&entry.name, n, strings),
                    description: entry.description.clone().unwrap_or_default(),
                    translations,
                },
            );
            ctx.insert("kind", kind.singular());
            ctx.insert(
                "term",
                &serde_json::json!({
                    "key": summary.key, "name": summary.name, "path": summary.path,
                    "count": summary.count, "count_label": summary.count_label,
                    "totals": summary.totals, "total": summary.total,
                    "description": entry.description, "url": entry.url,
                    "section": { "name": strings.get(kind.section()), "path": data.section_paths[&kind] },
                    "countries": if kind == Kind::Region { country_summaries_in(site, data, &entry.key) } else { Vec::new() },
                }),
            );
            ctx.insert("map", &map::term_map(site, data, kind, &entry.key));
            let (cards, html, once) =
                cards_for(data, page_slice(&entry.members, n), &root_of(path));
            ctx.insert_value("programmes", cards);
            ctx.insert("programmes_html", &html);
            keep(html, once);
            ctx.insert(
                "pagination",
                &pagination(&entry.path, &data.page_word, n, total_pages),
            );
            ctx
        }
        Recipe::Page { li, pg } => {
            let data = &all[li];
            let Some(Some(v)) = site.pages[pg].versions.get(li) else {
                return (data.base.clone(), Vec::new());
            };
            let mut ctx = page_context(
                site,
                data,
                PageInfo {
                    kind: "page",
                    path,
                    title: v.front.title.clone(),
                    description: v.front.summary.clone().unwrap_or_default(),
                    translations,
                },
            );
            ctx.insert(
                "content",
                &markdown::to_html(&v.body, &root_of(path), site.config.markdown.raw_html),
            );
            ctx.insert("extra", &v.front.extra);
            ctx
        }
        Recipe::Root => {
            let mut ctx = all[0].base.clone();
            ctx.insert("root", "");
            ctx.insert("page", &serde_json::json!({"kind": "root", "path": "", "permalink": site.config.base_url, "title": site_view(site, 0).title, "description": site_view(site, 0).description, "translations": []}));
            ctx
        }
        Recipe::NotFound => {
            let mut ctx = all[0].base.clone();
            ctx.insert("root", &site.config.base_path);
            ctx.insert("page", &serde_json::json!({"kind": "404", "path": "404.html", "permalink": format!("{}404.html", site.config.base_url), "title": all[0].lang.strings.get("not_found_title"), "description": "", "translations": []}));
            ctx
        }
    };
    (context, checked)
}

/// Where each block of `blocks` is in `html`, in order: the blocks the template showed as
/// they were given (`{{ programmes_html | safe }}`); one it changed or left out is not found.
fn find_blocks(html: &str, blocks: &[String]) -> Vec<std::ops::Range<usize>> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    for block in blocks {
        // Searching for the whole block (70 KB of markup much like the rest of the page) cost
        // an eighth of a large build: its start is searched for, then the rest compared.
        let block = block.as_bytes();
        let head = memchr::memmem::Finder::new(&block[..block.len().min(256)]);
        let mut from = at;
        while let Some(i) = head.find(&bytes[from..]) {
            let start = from + i;
            if bytes[start..].starts_with(block) {
                found.push(start..start + block.len());
                at = start + block.len();
                break;
            }
            from = start + 1;
        }
    }
    found
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

fn term_summaries(data: &LangIndex, kind: Kind) -> Vec<TermSummary> {
    data.terms
        .get(&kind)
        .map(|es| es.iter().map(|e| e.summary.clone()).collect())
        .unwrap_or_default()
}

fn country_summaries_in(site: &Site, data: &LangIndex, region: &str) -> Vec<TermSummary> {
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
                .map(|e| e.summary.clone())
                .collect()
        })
        .unwrap_or_default()
}

fn continent_groups(site: &Site, data: &LangIndex) -> Vec<ContinentGroup> {
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
                region: r.summary.clone(),
                countries: country_summaries_in(site, data, &r.key),
            })
            .collect();
        subregions.retain(|g| !g.countries.is_empty());
        out.push(ContinentGroup {
            continent: c.summary.clone(),
            subregions,
        });
    }
    out
}

/// Renders every page. Returns the outputs, or every template error met.
pub fn render(site: &Site, theme: &Theme) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let cache = RenderCache::default();
    let mut plan = plan(site, theme, &cache, false)?;
    plan.render(false, |output, _| Ok(output))
}

/// The output file of a page's address (`fr/` is `fr/index.html`).
fn file_path(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// Every page of the site worked out, none rendered yet: see [`plan`].
pub struct Plan<'a> {
    site: &'a Site,
    theme: &'a Theme,
    all: Vec<LangData<'a>>,
    jobs: Vec<Job>,
    /// The previous build, to leave out pages that did not change.
    previous: &'a RenderCache,
    /// A fingerprint of what the sitemap, feeds and open data show.
    publish_key: u64,
    /// The sitemap, feeds and open data files, and the filters' search indexes, when they
    /// changed and were made by [`plan`]; `None` when left for [`Plan::late`].
    published: Option<Vec<Output>>,
    publish_cache: publish::Cache,
    search_keys: Vec<(String, u64)>,
    /// The addresses of the publishing outputs.
    published_paths: Vec<String>,
    /// A fingerprint of every file the site will have (pages, publishing outputs, search
    /// indexes).
    pages_rev: u64,
    paths_rev: u64,
    /// Where each programme was in the previous build (see [`previous_positions`]).
    previous_at: Vec<Option<usize>>,
}

/// What a successful render leaves for the next one; see [`RenderCache::update`].
pub struct CacheUpdate {
    paths_rev: u64,
    slugs: Vec<String>,
    keys: PageKeys,
    cards: CardCache,
    indexes: Vec<Arc<LangIndex>>,
    related: Vec<RelatedCache>,
    publish: publish::Cache,
}

impl RenderCache {
    /// Records a build whose pages were all accepted.
    pub fn update(&mut self, update: CacheUpdate) {
        self.keys = update.keys;
        self.slugs = update.slugs;
        self.cards = update.cards;
        self.paths_rev = update.paths_rev;
        self.indexes = update.indexes;
        self.related = update.related;
        self.publish = update.publish;
    }
}

/// Works out every page of the site (its address, a fingerprint of what it shows and how to
/// make it), and makes the sitemap, feeds, open data and search indexes when they changed
/// since the build recorded in `cache`. Nothing is rendered yet; see [`Plan::render`].
///
/// With `defer`, and a previous build to take their addresses from, the sitemap, feeds, open
/// data and search indexes are left for [`Plan::late`]: `serve` shows the edited pages first.
pub fn plan<'a>(
    site: &'a Site,
    theme: &'a Theme,
    cache: &'a RenderCache,
    defer: bool,
) -> Result<Plan<'a>, Vec<Diagnostic>> {
    theme.new_pass();
    if let Some(logo) = &site.config.logo
        && !site.static_files.contains(&logo.src)
    {
        return Err(vec![logo.if_missing.clone()]);
    }
    let global = cache.global;
    let previous_at = previous_positions(&cache.slugs, &site.programmes);
    let results: Vec<Result<LangData, Vec<Diagnostic>>> = (0..site.languages.len())
        .into_par_iter()
        .map(|li| {
            lang_data(
                site,
                theme,
                li,
                global,
                cache.cards.get(li).map(Vec::as_slice),
                &previous_at,
                cache.indexes.get(li),
            )
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(d) => all.push(d),
            Err(e) => e.into_iter().for_each(|d| push_once(&mut errors, d)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    term_translations(&mut all);
    let mut jobs: Vec<Job> = (0..site.languages.len())
        .into_par_iter()
        .flat_map(|li| {
            jobs_for_language(site, &all, li, global, cache.related.get(li), &previous_at)
        })
        .collect();
    // The language chooser at the root and the 404 page.
    for (path, recipe) in [("", Recipe::Root), ("404.html", Recipe::NotFound)] {
        jobs.push(Job {
            path: path.to_string(),
            key: revision_of(&(global, path)),
            translations_rev: 0,
            recipe,
        });
    }

    // Two pages at one address would overwrite each other silently. The same addresses as
    // in the previous build (which had none twice) need no second look.
    let paths_rev = {
        let mut h = Fingerprint::default();
        for job in &jobs {
            job.path.hash(&mut h);
        }
        h.finish()
    };
    let mut seen: HashMap<&str, Recipe> = HashMap::new();
    for job in jobs.iter().filter(|_| paths_rev != cache.paths_rev) {
        if let Some(other) = seen.insert(job.path.as_str(), job.recipe) {
            let label = label_of(site, &all, job.recipe);
            let other = label_of(site, &all, other);
            errors.push(
                Diagnostic::error(label.trim_matches('`'), format!("{label} and {other} would both be at `/{}`", job.path))
                    .hint("rename one of them: a plain page's name must differ from the site's section words"),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    // What the sitemap, the feeds and the open data files show: they are made again only
    // when it changed (not for a body edited while serving).
    let publish_key = {
        let mut h = Fingerprint::default();
        global.hash(&mut h);
        for j in &jobs {
            (&j.path, j.translations_rev).hash(&mut h);
        }
        for p in &site.programmes {
            p.slug.hash(&mut h);
            for v in &p.versions {
                v.as_ref()
                    .map(|f| (&f.file, f.front_rev, f.updated, f.status))
                    .hash(&mut h);
            }
        }
        h.finish()
    };
    let search_keys: Vec<(String, u64)> = all
        .iter()
        .map(|data| {
            let revs: Vec<u64> = data.order.iter().map(|&p| data.cards[p].rev).collect();
            (
                search_index::path(data),
                revision_of(&(global, &data.order, revs)),
            )
        })
        .collect();
    let mut plan = Plan {
        site,
        theme,
        all,
        jobs,
        previous: cache,
        publish_key,
        published: None,
        publish_cache: cache.publish.clone(),
        search_keys,
        published_paths: Vec::new(),
        pages_rev: 0,
        paths_rev,
        previous_at,
    };
    let published_paths = if defer && !cache.publish.paths().is_empty() {
        cache.publish.paths().to_vec()
    } else {
        let published = plan.publish()?;
        let paths = plan.publish_cache.paths().to_vec();
        plan.published = Some(published);
        paths
    };
    let search_paths: Vec<&String> = plan.search_keys.iter().map(|(p, _)| p).collect();
    plan.pages_rev = revision_of(&(paths_rev, &published_paths, search_paths));
    plan.published_paths = published_paths;
    Ok(plan)
}

impl Plan<'_> {
    /// The cards to check for links once rather than on every page that lists them: each as
    /// it shows on its programme's fact sheet (the page its problems are reported for).
    /// Those made by this plan, or all of them with `all` (the site's files changed, and a
    /// card kept may now lead nowhere).
    pub fn cards(&self, all: bool) -> Vec<Output> {
        let site = self.site;
        let previous = &self.previous.cards;
        self.all
            .par_iter()
            .enumerate()
            .flat_map_iter(|(li, data)| {
                let previous = previous.get(li);
                data.cards.iter().enumerate().filter_map(move |(p, entry)| {
                    let html = entry.html.as_ref().filter(|h| h.checked_once)?;
                    let kept = self.previous_at[p]
                        .and_then(|q| previous?.get(q))
                        .is_some_and(|old| Arc::ptr_eq(old, entry));
                    if kept && !all {
                        return None;
                    }
                    let (vi, _, _) = shown_fiche(site, p, li);
                    let path = file_path(&programme_path(
                        &site.languages[vi],
                        &site.programmes[p].slug,
                    ));
                    let root = root_of(&path);
                    let mut text = String::with_capacity(html.len_with(&root));
                    html.push_to(&mut text, &root);
                    Some(Output {
                        path,
                        bytes: text.into_bytes(),
                    })
                })
            })
            .collect()
    }

    /// Every file of the site: pages, publishing outputs and search indexes, by path from
    /// the output's root.
    pub fn pages(&self) -> Vec<String> {
        let mut pages: Vec<String> = self.jobs.iter().map(|j| file_path(&j.path)).collect();
        pages.extend(self.published_paths.iter().cloned());
        pages.extend(self.search_keys.iter().map(|(p, _)| p.clone()));
        pages
    }

    /// A fingerprint of [`Plan::pages`], cheaper than listing them.
    pub fn pages_rev(&self) -> u64 {
        self.pages_rev
    }

    /// The sitemap, feeds, open data files and search indexes that changed since the
    /// previous build; records the publishing outputs' new state in the plan.
    fn publish(&mut self) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let (site, all, jobs) = (self.site, &self.all, &self.jobs);
        let sitemap_entries = || {
            let mut entries: Vec<publish::sitemap::Entry> = jobs
                .par_iter()
                .filter(|j| !matches!(j.recipe, Recipe::NotFound))
                .map(|j| publish::sitemap::Entry {
                    path: j.path.clone(),
                    alternates: translations_of(site, all, j.recipe)
                        .into_iter()
                        .filter(|t| t.available)
                        .map(|t| (t.lang, t.path))
                        .collect(),
                    lastmod: match j.recipe {
                        Recipe::Fiche { li, p, .. } => site.programmes[p]
                            .versions
                            .get(li)
                            .and_then(|v| v.as_ref())
                            .map(|f| f.updated),
                        _ => None,
                    },
                })
                .collect();
            entries.sort_by(|a, b| a.path.cmp(&b.path));
            entries
        };
        let (mut outputs, _, state) = publish::outputs(
            site,
            sitemap_entries,
            self.publish_key,
            &self.previous.publish,
        )?;
        self.publish_cache = state;
        for (data, (path, key)) in all.iter().zip(&self.search_keys) {
            if self.previous.keys.get(path) != Some(key) {
                outputs.push(search_index::search_index(site, data));
            }
        }
        Ok(outputs)
    }

    /// The sitemap, feeds, open data files and search indexes left by a deferred [`plan`]
    /// (none otherwise), with the paths of the publishing outputs that are gone.
    pub fn late(&mut self) -> Result<(Vec<Output>, Vec<String>), Vec<Diagnostic>> {
        if self.published.is_some() {
            return Ok((Vec::new(), Vec::new()));
        }
        let outputs = self.publish()?;
        self.published = Some(Vec::new());
        let gone = self
            .previous
            .publish
            .paths()
            .iter()
            .filter(|p| !self.publish_cache.paths().contains(p))
            .cloned()
            .collect();
        Ok((outputs, gone))
    }

    /// Renders the pages that changed since the previous build (all of them on a first
    /// build), on all cores, handing each file to `sink` as soon as it is made: the sitemap,
    /// feeds, open data and search indexes first when [`plan`] made them, then the pages,
    /// each with the byte ranges that hold cards whose links [`Plan::cards`] gives to check
    /// once (with `find_cards`: they are looked for only for the link check). Returns what
    /// `sink` returned for each.
    pub fn render<T: Send>(
        &mut self,
        find_cards: bool,
        sink: impl Fn(Output, Vec<std::ops::Range<usize>>) -> Result<T, Diagnostic> + Sync,
    ) -> Result<Vec<T>, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut kept = Vec::new();
        let early = self.published.as_mut().map(std::mem::take);
        for output in early.into_iter().flatten() {
            match sink(output, Vec::new()) {
                Ok(t) => kept.push(t),
                Err(d) => errors.push(d),
            }
        }
        let (site, theme, all, previous) = (self.site, self.theme, &self.all, &self.previous.keys);
        let results: Vec<Result<T, Diagnostic>> = self
            .jobs
            .par_iter()
            .filter(|job| previous.get(&job.path) != Some(&job.key))
            .map(|job| {
                let (context, blocks) = context_of(site, all, &job.path, job.recipe);
                let html = theme.render(template_of(job.recipe), &context, || {
                    label_of(site, all, job.recipe)
                })?;
                let cards = if find_cards {
                    find_blocks(&html, &blocks)
                } else {
                    Vec::new()
                };
                sink(
                    Output {
                        path: file_path(&job.path),
                        bytes: html.into_bytes(),
                    },
                    cards,
                )
            })
            .collect();
        kept.reserve(results.len());
        for r in results {
            match r {
                Ok(t) => kept.push(t),
                Err(d) => push_once(&mut errors, d),
            }
        }
        if errors.is_empty() {
            Ok(kept)
        } else {
            Err(errors)
        }
    }

    /// What the cache should record once the build is accepted.
    pub fn finish(self) -> CacheUpdate {
        let n = self.site.programmes.len();
        let mut related: Vec<RelatedCache> = vec![vec![None; n]; self.all.len()];
        for job in &self.jobs {
            if let Recipe::Fiche {
                li,
                p,
                related: r,
                related_key,
            } = job.recipe
            {
                related[li][p] = Some((related_key, r));
            }
        }
        let mut keys: PageKeys = self.jobs.into_iter().map(|j| (j.path, j.key)).collect();
        keys.extend(self.search_keys);
        let cards = self.all.iter().map(|data| data.cards.clone()).collect();
        CacheUpdate {
            slugs: self
                .site
                .programmes
                .iter()
                .map(|p| p.slug.clone())
                .collect(),
            paths_rev: self.paths_rev,
            keys,
            cards,
            indexes: self.all.iter().map(|d| Arc::clone(&d.index)).collect(),
            related,
            publish: self.publish_cache,
        }
    }
}
