//! The terms of a language (countries, regions, themes, donors, partners, statuses, years):
//! their members, counts, totals and addresses, worked out once per build (`LangIndex`).

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use tera::{Context, Value};

use crate::domain::fingerprint::{Fingerprint, revision_of};
use crate::domain::slug::slugify;
use crate::model::taxonomy::{Kind, Term};
use crate::model::{Language, Site};
use crate::parse::programme::Status;

use super::address::{lang_home, plain_page_path};
use super::context::site_view;
use super::views::*;

pub(super) struct TermEntry {
    /// Its position in the model's terms of its kind (`Taxonomy::terms`).
    pub(super) term: usize,
    pub(super) key: String,
    pub(super) name: String,
    pub(super) path: String,
    /// Indexes into `LangData::order`'s programmes, newest first.
    pub(super) members: Vec<usize>,
    pub(super) description: Option<String>,
    pub(super) url: Option<String>,
    /// Its count and totals, as indexes and filters show them.
    pub(super) summary: TermSummary,
    /// A fingerprint of what its pages show about the term itself (not the cards).
    pub(super) rev: u64,
}

/// A language's lists and indexes, kept from one build to the next while the order of
/// programmes and their facts are the same (a title or a body edited while serving).
pub struct LangIndex {
    /// What it was made from.
    pub(super) fingerprint: u64,
    /// By programme, a fingerprint of what `order` sorts it by; `order` is sorted by these.
    pub(super) sort_keys: Vec<u64>,
    /// Programme indexes, newest first.
    pub(super) order: Vec<usize>,
    /// The position of each programme (by index) in `order`.
    pub(super) rank: Vec<usize>,
    pub(super) terms: BTreeMap<Kind, Vec<TermEntry>>,
    /// Kind and key → position in `terms[kind]`.
    pub(super) term_pos: TermPos,
    /// A fingerprint of every term's name and address (what cards link to).
    pub(super) terms_rev: u64,
    pub(super) section_paths: BTreeMap<Kind, String>,
    /// A fingerprint per section index of what it shows.
    pub(super) section_revs: BTreeMap<Kind, u64>,
    pub(super) continents: Vec<ContinentGroup>,
    pub(super) filters: Value,
    pub(super) filters_rev: u64,
    pub(super) countries_map: Option<super::map::MapView>,
    pub(super) countries_label: String,
    pub(super) home: String,
    pub(super) page_word: String,
    pub(super) site_title: String,
    pub(super) base: Context,
}

/// Per kind, each term's position in its list by key.
pub(super) type TermPos = BTreeMap<Kind, rustc_hash::FxHashMap<String, usize>>;

/// The position of the term `key` of `kind` in its list.
pub(super) fn position(term_pos: &TermPos, kind: Kind, key: &str) -> Option<usize> {
    term_pos.get(&kind)?.get(key).copied()
}

/// A term's totals as the language writes them, the site's currency first.
pub(super) fn amounts_total(site: &Site, lang: &Language, totals: &[(String, f64)]) -> Vec<String> {
    let mut out: Vec<(bool, String)> = totals
        .iter()
        .map(|(cur, v)| (*cur != site.config.currency, lang.loc.amount(*v, cur)))
        .collect();
    out.sort_by_key(|a| a.0);
    out.into_iter().map(|(_, s)| s).collect()
}

/// The interface string that words the programmes a term of `kind` shares with others.
fn shared_string(kind: Kind) -> &'static str {
    match kind {
        Kind::Region => "shared_beyond_region",
        Kind::Donor => "shared_with_donors",
        _ => "shared_with_countries",
    }
}

/// What index pages and filters show of a term: its count and totals, formatted.
pub(super) fn summary_of(
    site: &Site,
    lang: &Language,
    (kind, term): (Kind, &Term),
    entry: &TermEntry,
) -> TermSummary {
    let totals = amounts_total(site, lang, &term.totals);
    // "+ 3 programmes shared with other countries (€80M in all)": never counted as the term's.
    let shared = (term.shared > 0).then(|| {
        let amounts = amounts_total(site, lang, &term.shared_totals).join(" + ");
        let counted = (lang.strings).count(shared_string(kind), term.shared as u64, &lang.loc);
        crate::model::strings::fill(&counted, &[("amount", &amounts)])
    });
    TermSummary {
        key: entry.key.clone(),
        name: entry.name.clone(),
        path: entry.path.clone(),
        count: term.members.len(),
        ongoing: term.ongoing,
        count_label: lang
            .strings
            .count("programme_count", term.members.len() as u64, &lang.loc),
        total: if totals.is_empty() {
            None
        } else {
            Some(totals.join(" + "))
        },
        totals,
        shared,
    }
}

/// Gives each term of a section its own address: the first of several terms whose names
/// make the same slug keeps it, the others get their key added (then a number), never taking
/// an address another term has.
pub(super) fn dedupe_slugs(entries: &mut [TermEntry]) {
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
pub(super) fn name_of(
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

/// The entry of the term `key` of `kind` (at `term` in the model's terms of its kind) with
/// its programmes `members`: its name and address in the language; its summary comes later.
fn entry(
    site: &Site,
    lang: &Language,
    (kind, section_path): (Kind, &str),
    (term, key): (usize, String),
    members: Vec<usize>,
) -> TermEntry {
    let (name, description, url) = name_of(site, lang, kind, &key);
    let slug = match kind {
        Kind::Year => key.clone(),
        // Donors and partners by their key (`fcdo-nca`): their names are long ("United
        // Kingdom: Foreign, Commonwealth & Development Office / …") and change more often.
        // Keys are checked (`parse::named::is_key`), codes and statuses are ASCII words.
        Kind::Donor | Kind::Partner => slugify(&key).unwrap_or_else(|| "term".to_string()),
        _ => slugify(&name)
            .or_else(|| slugify(&key))
            .unwrap_or_else(|| "term".to_string()),
    };
    TermEntry {
        path: format!("{section_path}{slug}/"),
        term,
        key,
        name,
        members,
        description,
        url,
        summary: TermSummary::default(),
        rev: 0,
    }
}

/// The model's terms in language `lang`, each kind's in the order its index lists them:
/// named, at their addresses (under `section_paths`), with their programmes in the order
/// `order` and their summaries.
fn terms_of(
    site: &Site,
    lang: &Language,
    order: &[usize],
    section_paths: &BTreeMap<Kind, String>,
) -> BTreeMap<Kind, Vec<TermEntry>> {
    let taxonomy = &site.taxonomy;
    // Each term's programmes in this language's order.
    let mut members: Vec<Vec<Vec<usize>>> = Kind::ALL
        .iter()
        .map(|&kind| {
            let terms = taxonomy.terms(kind);
            terms
                .iter()
                .map(|t| Vec::with_capacity(t.members.len()))
                .collect()
        })
        .collect();
    for &p in order {
        for &(kind, t) in taxonomy.terms_of(p) {
            members[kind.index()][t].push(p);
        }
    }
    let mut terms: BTreeMap<Kind, Vec<TermEntry>> = BTreeMap::new();
    for (kind, members) in Kind::ALL.into_iter().zip(members) {
        for (t, m) in members.into_iter().enumerate() {
            let key = taxonomy.terms(kind)[t].key.clone();
            let section = (kind, section_paths[&kind].as_str());
            let entry = entry(site, lang, section, (t, key), m);
            terms.entry(kind).or_default().push(entry);
        }
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
            e.summary = summary_of(site, lang, (*kind, &taxonomy.terms(*kind)[e.term]), e);
        }
    }
    terms
}

/// A language's lists and indexes: the order of programmes, the terms with their members,
/// counts and totals, and what index pages and filters show of them.
pub(super) fn lang_index(
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

    let terms = terms_of(site, lang, &order, &section_paths);
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

    let home = lang_home(code);
    let base = base_context(site, li, &home, &section_paths);

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

    shared_views(site, lang, &mut index);
    index
}

/// What every page of language `li` shares: the site, the language, its strings, the
/// navigation.
fn base_context(
    site: &Site,
    li: usize,
    home: &str,
    section_paths: &BTreeMap<Kind, String>,
) -> Context {
    let lang = &site.languages[li];
    let code = &lang.code;
    let mut base = Context::new();
    let legal: &[String] = site.config.publisher.as_ref().map_or(&[], |p| &p.legal);
    let nav = Nav {
        home: home.to_string(),
        feed: super::publish::feed::path(code),
        data: super::publish::data_links(site),
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
            .filter(|pg| !legal.contains(&pg.slug))
            .filter_map(|pg| {
                pg.versions
                    .get(li)
                    .and_then(|v| v.as_ref())
                    .map(|v| TermRef {
                        key: pg.slug.clone(),
                        name: v.front.title.clone(),
                        path: plain_page_path(code, pg.slug_in(li)),
                    })
            })
            .collect(),
        legal: legal
            .iter()
            .filter_map(|slug| {
                let pg = site.pages.iter().find(|pg| &pg.slug == slug)?;
                let v = pg.versions.get(li)?.as_ref()?;
                Some(TermRef {
                    key: pg.slug.clone(),
                    name: v.front.title.clone(),
                    path: plain_page_path(code, &pg.slug),
                })
            })
            .collect(),
        accessibility: super::statement::footer_link(site, lang),
    };
    base.insert("site", &site_view(site, li));
    base.insert("lang", code);
    base.insert("dir", lang.loc.dir);
    base.insert("t", &lang.strings.plain_map());
    base.insert("nav", &nav);
    base.insert("drafts", &site.drafts);
    base
}

/// What the indexes and term pages show besides cards, made once: the continents, the home
/// page's filters, the map of countries, and the fingerprints of each section and term.
fn shared_views(site: &Site, lang: &Language, index: &mut LangIndex) {
    index.continents = continent_groups(site, index);
    let filters = Filters {
        statuses: term_summaries(index, Kind::Status),
        regions: index
            .terms
            .get(&Kind::Region)
            .into_iter()
            .flatten()
            .filter(|e| site.taxonomy.is_subregion(e.term))
            .map(|e| e.summary.clone())
            .collect(),
        countries: term_summaries(index, Kind::Country),
        themes: term_summaries(index, Kind::Theme),
        donors: term_summaries(index, Kind::Donor),
        years: term_summaries(index, Kind::Year),
    };
    index.filters_rev = revision_of(&filters);
    index.countries_label =
        lang.strings
            .count("country_count", filters.countries.len() as u64, &lang.loc);
    index.filters = Value::from_serializable(&filters);
    index.countries_map = Some(super::map::countries_map(&index.terms, lang));
    for kind in Kind::ALL {
        let summaries = term_summaries(index, kind);
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
                Kind::Region => country_summaries_in(site, index, e.term),
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
}

pub(super) fn term_summaries(data: &LangIndex, kind: Kind) -> Vec<TermSummary> {
    data.terms
        .get(&kind)
        .map(|es| es.iter().map(|e| e.summary.clone()).collect())
        .unwrap_or_default()
}

/// The language's entries of the countries in the region term `region` (its position in the
/// model's region terms), in the language's order.
pub(super) fn countries_in<'a>(
    site: &'a Site,
    data: &'a LangIndex,
    region: usize,
) -> impl Iterator<Item = &'a TermEntry> {
    let inside = site.taxonomy.countries_in(region);
    data.terms
        .get(&Kind::Country)
        .into_iter()
        .flatten()
        .filter(move |e| inside.binary_search(&e.term).is_ok())
}

/// The summaries of the countries in the region term `region`, in the language's order.
pub(super) fn country_summaries_in(
    site: &Site,
    data: &LangIndex,
    region: usize,
) -> Vec<TermSummary> {
    countries_in(site, data, region)
        .map(|e| e.summary.clone())
        .collect()
}

/// The continents with their sub-regions and countries (those the model says have
/// programmes), each list in the language's order.
fn continent_groups(site: &Site, data: &LangIndex) -> Vec<ContinentGroup> {
    let regions = data
        .terms
        .get(&Kind::Region)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    site.taxonomy
        .continents()
        .iter()
        .filter_map(|continent| {
            let entry = regions.iter().find(|e| e.term == continent.term)?;
            let subregions = regions
                .iter()
                .filter(|r| continent.subregions.contains(&r.term))
                .map(|r| RegionGroup {
                    region: r.summary.clone(),
                    countries: country_summaries_in(site, data, r.term),
                })
                .collect();
            Some(ContinentGroup {
                continent: entry.summary.clone(),
                subregions,
            })
        })
        .collect()
}
