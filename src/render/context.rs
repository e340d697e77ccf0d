//! The context of each kind of page, made only for the pages that are rendered.

use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::model::pagination::{page_count, page_slice};
use crate::model::taxonomy::Kind;

use super::address::{
    lang_home, list_page_path, pagination, plain_page_path, programme_path, root_of,
};
use super::cards::cards_for;
use super::jobs::Recipe;
use super::lang::{LangData, shown_fiche};
use super::origin::Origin;
use super::terms::{TermEntry, country_summaries_in, position, term_summaries};
use super::views::*;

/// The title of page `n` of a list called `name`: "Name – Page 2".
pub(super) fn numbered_title(
    name: &str,
    n: usize,
    strings: &crate::model::strings::Strings,
) -> String {
    if n == 1 {
        name.to_string()
    } else {
        format!(
            "{name} – {}",
            strings.format("page_n", &[("n", &n.to_string())])
        )
    }
}

pub(super) fn site_view(site: &Site, li: usize) -> SiteView {
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
                og_locale: crate::domain::language::og_locale(&l.code),
                name: l.loc.autonym.clone(),
                dir: l.loc.dir,
                path: lang_home(&l.code),
            })
            .collect(),
        default_language: site.config.default_language().to_string(),
        colours: site.config.colours.clone(),
        logo: site.config.logo.as_ref().map(|l| l.src.clone()),
        publisher: site.config.publisher.as_ref().map(|p| {
            let fallbacks = &site.config.languages;
            PublisherView {
                name: p.name.get(code, fallbacks).unwrap_or_default().to_string(),
                address: p
                    .address
                    .as_ref()
                    .and_then(|a| a.get(code, fallbacks))
                    .map(|a| {
                        a.lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
                url: p.url.clone(),
            }
        }),
        extra: site.config.extra.clone(),
    }
}

pub(super) struct PageInfo<'a> {
    pub(super) kind: &'a str,
    pub(super) path: &'a str,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) translations: Vec<Translation>,
}

pub(super) fn page_context(site: &Site, data: &LangData, info: PageInfo) -> Context {
    let mut ctx = data.base.clone();
    ctx.insert("root", &root_of(info.path));
    ctx.insert(
        "page",
        &PageView {
            kind: info.kind,
            path: info.path,
            permalink: format!("{}{}", site.config.base_url, info.path),
            title: info.title,
            description: info.description,
            translations: info.translations,
        },
    );
    ctx
}

/// Translation links for a page that exists in every language at `path_in(lang)`.
pub(super) fn everywhere(
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

/// The template of a page.
pub(super) fn template_of(recipe: Recipe) -> &'static str {
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
        Recipe::Statement { .. } => "accessibility.html",
        Recipe::Root => "root.html",
        Recipe::Alias { .. } => "alias.html",
        Recipe::NotFound { .. } => "404.html",
    }
}

/// What a page is called in messages.
pub(super) fn label_of(site: &Site, all: &[LangData], recipe: Recipe) -> String {
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
        Recipe::Statement { li } => {
            format!("the accessibility statement in `{}`", all[li].lang.code)
        }
        Recipe::Root => "the root page".to_string(),
        Recipe::Alias { li, of, n } => match super::alias::owner(site, li, of) {
            Some(o) => format!(
                "the alias `/{}` of `{}`",
                o.aliases.get(n).map_or("", |a| a.value.as_str()),
                o.file
            ),
            None => "an alias".to_string(),
        },
        // One label for all of them: an error in the template is reported once, whichever
        // language's page met it first.
        Recipe::NotFound { .. } => "the 404 page".to_string(),
    }
}

/// A page's versions in every language (its `hreflang` links and language switcher).
pub(super) fn translations_of(site: &Site, all: &[LangData], recipe: Recipe) -> Vec<Translation> {
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
                    .map(|_| programme_path(&site.languages[i], prog.slug_in(i)))
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
                    .map(|_| plain_page_path(&site.languages[i].code, page.slug_in(i)))
            })
        }
        Recipe::Statement { li } => everywhere(site, li, |i| {
            Some(super::statement::statement_path(&site.languages[i]))
        }),
        Recipe::Root | Recipe::NotFound { .. } | Recipe::Alias { .. } => Vec::new(),
    }
}

/// The context of a page, the blocks of cards it shows that were checked once (to be found in
/// the page and left out of its link check), and the file behind its words.
pub(super) fn context_of<'a>(
    site: &'a Site,
    all: &[LangData],
    path: &str,
    recipe: Recipe,
) -> Result<(Context, Vec<String>, Option<Origin<'a>>), Diagnostic> {
    let translations = translations_of(site, all, recipe);
    let mut checked = Vec::new();
    let mut origin = None;
    let context = match recipe {
        Recipe::Home { li, n } => home(site, &all[li], li, path, n, translations, &mut checked),
        Recipe::Fiche { li, p, related, .. } => {
            let related = related.as_slice();
            let (context, from) = fiche(
                site,
                &all[li],
                li,
                path,
                p,
                related,
                translations,
                &mut checked,
            )?;
            origin = Some(from);
            context
        }
        Recipe::Section { li, kind } => section(site, &all[li], path, kind, translations),
        Recipe::Term { li, kind, entry, n } => {
            let data = &all[li];
            let entry = &data.terms[&kind][entry];
            let (context, from) =
                term(site, data, path, kind, entry, n, translations, &mut checked);
            origin = from;
            context
        }
        Recipe::Page { li, pg } => {
            let (context, from) = plain_page(site, &all[li], li, path, pg, translations)?;
            origin = from;
            context
        }
        Recipe::Statement { li } => {
            super::statement::statement(site, &all[li], li, path, translations)
        }
        Recipe::Root => root_page(site, all),
        Recipe::NotFound { li } => not_found(site, &all[li], path),
        Recipe::Alias { li, of, .. } => super::alias::context(site, &all[li], path, li, of),
    };
    Ok((context, checked, origin))
}

/// Inserts a block of cards as a Tera list (when the templates name it) and as HTML, and
/// keeps the HTML among the blocks checked once when it holds only such cards.
fn insert_cards(
    ctx: &mut Context,
    (name, html_name): (&'static str, &'static str),
    (cards, html, once): (Option<Value>, Option<String>, bool),
    checked: &mut Vec<String>,
) {
    if let Some(cards) = cards {
        ctx.insert_value(name, cards);
    }
    ctx.insert(html_name, &html);
    if let Some(html) = html.filter(|h| once && !h.is_empty()) {
        checked.push(html);
    }
}

/// A page of the home list.
#[allow(clippy::too_many_arguments)]
fn home(
    site: &Site,
    data: &LangData,
    li: usize,
    path: &str,
    n: usize,
    translations: Vec<Translation>,
    checked: &mut Vec<String>,
) -> Context {
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
    let cards = cards_for(data, page_slice(&data.order, n), &root_of(path));
    insert_cards(&mut ctx, ("programmes", "programmes_html"), cards, checked);
    ctx.insert(
        "count_label",
        &strings.count("programme_count", data.order.len() as u64, &data.lang.loc),
    );
    ctx.insert("programme_total", &data.order.len());
    ctx.insert(
        "pagination",
        &pagination(&data.home, &data.page_word, n, total_pages),
    );
    ctx.insert_value("filters", data.filters.clone());
    // The plural forms the filters' script picks from (`Intl.PluralRules`), as JSON.
    for (name, key) in [
        ("count_forms", "programme_count"),
        ("active_forms", "active_filters"),
    ] {
        ctx.insert(
            name,
            &serde_json::to_string(&strings.forms(key)).unwrap_or_default(),
        );
    }
    ctx.insert("map", &data.countries_map);
    ctx.insert("countries_label", &data.countries_label);
    if n == 1 {
        ctx.insert("json_ld", &super::structured::home(site, li));
    }
    ctx
}

/// A programme's fact sheet.
#[allow(clippy::too_many_arguments)]
fn fiche<'a>(
    site: &'a Site,
    data: &LangData,
    li: usize,
    path: &str,
    p: usize,
    related: &[usize],
    translations: Vec<Translation>,
    checked: &mut Vec<String>,
) -> Result<(Context, Origin<'a>), Diagnostic> {
    let (_, f, _) = shown_fiche(site, p, li);
    let text = f.body.read()?;
    let (body, body_links) =
        super::markdown::to_html(&text, &root_of(path), site.config.markdown.raw_html);
    let card = &super::cards::card_of(site, data, p);
    let full = Full {
        card: card.clone(),
        body,
        contact: f.front.facts.contact.clone(),
        links: f
            .front
            .links
            .iter()
            .map(|l| LinkView {
                title: l.title.clone(),
                url: l.url.clone(),
            })
            .collect(),
        iati_identifier: f.front.facts.iati_identifier.clone(),
        funding: funding(site, &data.lang.code, &card.donors),
        finance: super::finance::finance_view(
            &f.front,
            &site.languages[li],
            &card.countries,
            &card.donors,
        ),
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
    ctx.insert("json_ld", &super::structured::fact_sheet(site, li, p, card));
    ctx.insert("map", &super::map::programme_map(data, card));
    let cards = cards_for(data, related, &root_of(path));
    insert_cards(&mut ctx, ("related", "related_html"), cards, checked);
    let origin = Origin::Content {
        file: &f.file,
        body: text,
        body_line: f.body_line,
        body_links,
        links: &f.front.links,
    };
    Ok((ctx, origin))
}

/// The logos and visibility lines of `donors` in language `code`, for those that have one.
fn funding(site: &Site, code: &str, donors: &[TermRef]) -> Vec<Funding> {
    let fallbacks = &site.config.languages;
    donors
        .iter()
        .filter_map(|d| {
            let entry = &site.donors.iter().find(|n| n.key == d.key)?.entry;
            let logo = entry.logo.as_ref().map(|l| LogoView {
                src: l.src.trim().trim_start_matches('/').to_string(),
                alt: l.alt.get(code, fallbacks).unwrap_or_default().to_string(),
            });
            let visibility = entry
                .visibility
                .as_ref()
                .and_then(|v| v.get(code, fallbacks))
                .map(str::to_string);
            (logo.is_some() || visibility.is_some()).then(|| Funding {
                key: d.key.clone(),
                name: d.name.clone(),
                logo,
                visibility,
            })
        })
        .collect()
}

/// The index of a section: countries, regions, themes, donors, partners, statuses, years.
fn section(
    site: &Site,
    data: &LangData,
    path: &str,
    kind: Kind,
    translations: Vec<Translation>,
) -> Context {
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

/// A page of a term's list (a country, a theme, a year…).
#[allow(clippy::too_many_arguments)]
fn term<'a>(
    site: &'a Site,
    data: &LangData,
    path: &str,
    kind: Kind,
    entry: &TermEntry,
    n: usize,
    translations: Vec<Translation>,
    checked: &mut Vec<String>,
) -> (Context, Option<Origin<'a>>) {
    let strings = &data.lang.strings;
    let total_pages = page_count(entry.members.len());
    let mut ctx = page_context(
        site,
        data,
        PageInfo {
            kind: kind.singular(),
            path,
            title: numbered_title(&entry.name, n, strings),
            description: entry
                .description
                .clone()
                .unwrap_or_else(|| counted_description(entry)),
            translations,
        },
    );
    ctx.insert("kind", kind.singular());
    let (text, origin) = place_text(site, data, path, kind, &entry.key).unzip();
    let countries = if kind == Kind::Region {
        country_summaries_in(site, data, entry.term)
    } else {
        Vec::new()
    };
    ctx.insert(
        "term",
        &TermView {
            summary: &entry.summary,
            description: &entry.description,
            url: &entry.url,
            section: SectionLink {
                name: strings.get(kind.section()),
                path: &data.section_paths[&kind],
            },
            countries,
            text,
            figures: matches!(kind, Kind::Country | Kind::Region),
        },
    );
    ctx.insert("map", &super::map::term_map(site, data, kind, entry));
    let cards = cards_for(data, page_slice(&entry.members, n), &root_of(path));
    insert_cards(&mut ctx, ("programmes", "programmes_html"), cards, checked);
    ctx.insert(
        "pagination",
        &pagination(&entry.path, &data.page_word, n, total_pages),
    );
    (ctx, origin)
}

/// A term page's description when its data file gives none, for search engines and
/// shared links: its name, how many programmes it has and their total ("Brazil: 12
/// programmes, €80M").
fn counted_description(entry: &TermEntry) -> String {
    let summary = &entry.summary;
    match &summary.total {
        Some(total) => format!("{}: {}, {total}", entry.name, summary.count_label),
        None => format!("{}: {}", entry.name, summary.count_label),
    }
}

/// The text `data/countries.yaml` gives a country or region in the page's language, as HTML,
/// and where its links are written.
fn place_text<'a>(
    site: &'a Site,
    data: &LangData,
    path: &str,
    kind: Kind,
    key: &str,
) -> Option<(String, Origin<'a>)> {
    if !matches!(kind, Kind::Country | Kind::Region) {
        return None;
    }
    let (key, texts) = site.place_texts.get_key_value(key)?;
    let text = texts.get(&data.lang.code, &site.config.languages)?;
    let raw_html = site.config.markdown.raw_html;
    let (html, links) = super::markdown::to_html(text, &root_of(path), raw_html);
    Some((html, Origin::PlaceText { key, text, links }))
}

/// A plain page (about, contact).
fn plain_page<'a>(
    site: &'a Site,
    data: &LangData,
    li: usize,
    path: &str,
    pg: usize,
    translations: Vec<Translation>,
) -> Result<(Context, Option<Origin<'a>>), Diagnostic> {
    let Some(Some(v)) = site.pages[pg].versions.get(li) else {
        return Ok((data.base.clone(), None));
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
    let text = v.body.read()?;
    let (content, body_links) =
        super::markdown::to_html(&text, &root_of(path), site.config.markdown.raw_html);
    ctx.insert("content", &content);
    ctx.insert("extra", &v.front.extra);
    let origin = Origin::Content {
        file: &v.file,
        body: text,
        body_line: v.body_line,
        body_links,
        links: &[],
    };
    Ok((ctx, Some(origin)))
}

/// The site's root page, which sends readers to their language.
fn root_page(site: &Site, all: &[LangData]) -> Context {
    let mut ctx = all[0].base.clone();
    ctx.insert("root", "");
    let site_view = site_view(site, 0);
    ctx.insert(
        "page",
        &PageView {
            kind: "root",
            path: "",
            permalink: site.config.base_url.clone(),
            title: site_view.title,
            description: site_view.description,
            translations: Vec::new(),
        },
    );
    ctx
}

/// The page shown for an address that does not exist, in a language. Its links start at the
/// base URL's path, since a server shows it at any depth.
fn not_found(site: &Site, data: &LangData, path: &str) -> Context {
    let mut ctx = data.base.clone();
    ctx.insert("root", &site.config.base_path);
    ctx.insert(
        "page",
        &PageView {
            kind: "404",
            path,
            permalink: format!("{}{path}", site.config.base_url),
            title: data.lang.strings.get("not_found_title"),
            description: String::new(),
            translations: Vec::new(),
        },
    );
    ctx
}
