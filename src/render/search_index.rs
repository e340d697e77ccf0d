//! `<lang>/search.json`: what the home page's filters need to filter every programme in the
//! browser, without asking a server.
//!
//! Without JavaScript the filters are links to the index pages; with it, the theme's
//! `js/filters.js` loads this file and filters by text, country, region, theme, donor, status
//! and year at once. Memberships come from the same term lists as the index pages, so a
//! filter shows exactly the programmes the matching index page lists.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Site;
use crate::model::taxonomy::Kind;

use super::Output;
use super::lang::LangData;

/// The kinds of terms a reader can filter by, with their names in the file (and in the URL's
/// query: `?country=FR&theme=justice`).
const FACETS: [(Kind, &str); 6] = [
    (Kind::Country, "country"),
    (Kind::Region, "region"),
    (Kind::Theme, "theme"),
    (Kind::Donor, "donor"),
    (Kind::Status, "status"),
    (Kind::Year, "year"),
];

#[derive(Serialize)]
struct Index<'a> {
    lang: &'a str,
    /// The forms of "{n} programmes" by CLDR plural category, for the result count.
    count: BTreeMap<String, String>,
    /// Per facet, its terms in the order the index pages list them: `[key, name]`.
    facets: BTreeMap<&'static str, Vec<[&'a str; 2]>>,
    /// Every programme, newest first.
    programmes: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    summary: &'a str,
    path: &'a str,
    /// The language of the text, when it is not the page's (a programme with no version in it).
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dir: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    draft: bool,
    /// Per facet, the keys of the terms whose page lists this programme.
    terms: BTreeMap<&'static str, Vec<&'a str>>,
}

/// The search index of one language.
pub(super) fn search_index(site: &Site, data: &LangData) -> Output {
    let code = data.lang.code.as_str();
    let mut facets = BTreeMap::new();
    // Programme index → facet → term keys.
    let mut terms: Vec<BTreeMap<&'static str, Vec<&str>>> =
        vec![BTreeMap::new(); site.programmes.len()];
    for (kind, name) in FACETS {
        let entries = data.terms.get(&kind).map(Vec::as_slice).unwrap_or(&[]);
        facets.insert(
            name,
            entries
                .iter()
                .map(|e| [e.key.as_str(), e.name.as_str()])
                .collect(),
        );
        for entry in entries {
            for &p in &entry.members {
                terms[p].entry(name).or_default().push(entry.key.as_str());
            }
        }
    }
    let programmes = data
        .order
        .iter()
        .map(|&p| {
            let card = &data.cards[p].card;
            let mut terms = std::mem::take(&mut terms[p]);
            // Countries in the fact sheet's order, as its card lists them.
            if terms.contains_key("country") {
                terms.insert(
                    "country",
                    card.countries.iter().map(|c| c.key.as_str()).collect(),
                );
            }
            Entry {
                title: &card.title,
                summary: &card.summary,
                path: &card.path,
                lang: card.fallback.then_some(card.lang.as_str()),
                dir: card.fallback.then_some(card.dir),
                note: card.fallback_note.as_deref(),
                period: card.period.as_deref(),
                amount: card.amount.as_deref(),
                image: card.image.as_ref().map(|i| i.src.as_str()),
                draft: card.draft,
                terms,
            }
        })
        .collect();
    let index = Index {
        lang: code,
        count: data.lang.strings.forms("programme_count"),
        facets,
        programmes,
    };
    Output {
        path: path(data),
        bytes: serde_json::to_vec(&index).unwrap_or_default(),
    }
}

/// Where a language's search index goes.
pub(super) fn path(data: &LangData) -> String {
    format!("{}/search.json", data.lang.code)
}
