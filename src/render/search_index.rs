//! `<lang>/pagefind/`: each language's full-text search index, made with Pagefind's indexer
//! used as a library, for the home page's search box and filters.
//!
//! Each programme the language lists is one record: its title, summary and body as the
//! reader sees them (a fallback card's text in its own language, so that it stays findable),
//! the facts its card shows (Pagefind's "meta", shown on result cards), the terms a reader can
//! filter by (Pagefind's filters, which also give the menus' counts) and its place in the
//! list (a sort key, so that filtered lists keep the home page's order). Records are made
//! from the model, not by parsing the rendered pages again, and each language is indexed on
//! its own thread. Pagefind's browser code (`pagefind.js` and a WebAssembly file) comes with
//! the crate; the index is cut into chunks that the browser loads as a query or a filter
//! needs them. Memberships come from the same term lists as the index pages, so a filter
//! shows exactly the programmes the matching index page lists.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::model::taxonomy::Kind;

use super::Output;
use super::lang::{LangData, shown_fiche};
use super::markdown::to_plain_text;

/// The kinds of terms a reader can filter by, with their names in the index (and in the URL's
/// query: `?country=FR&theme=justice`).
const FACETS: [(Kind, &str); 6] = [
    (Kind::Country, "country"),
    (Kind::Region, "region"),
    (Kind::Theme, "theme"),
    (Kind::Donor, "donor"),
    (Kind::Status, "status"),
    (Kind::Year, "year"),
];

/// The folder of a language's search bundle, from the output's root.
fn folder(data: &LangData) -> String {
    format!("{}/pagefind", data.lang.code)
}

/// The file that stands for a language's whole bundle in page keys and page lists (the
/// others' names are hashes of their content).
pub(super) fn path(data: &LangData) -> String {
    format!("{}/pagefind-entry.json", folder(data))
}

/// For a file of a language's search bundle (`fr/pagefind/wasm.fr.pagefind`), the file that
/// stands for the bundle in page lists (`fr/pagefind/pagefind-entry.json`): while that one is
/// listed, the bundle's other files are part of the site too.
pub fn bundle_entry(file: &str) -> Option<String> {
    let (lang, rest) = file.split_once('/')?;
    let name = rest.strip_prefix("pagefind/")?;
    (name != "pagefind-entry.json").then(|| format!("{lang}/pagefind/pagefind-entry.json"))
}

/// The files of Pagefind's bundle a page needs: the search code, the language's WebAssembly
/// and the index chunks. Its ready-made interfaces (`pagefind-ui.js`, …) are left out: the
/// theme's `js/filters.js` draws results as the theme's own cards.
fn is_needed(file: &str) -> bool {
    matches!(
        file,
        "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json"
    ) || file.starts_with("wasm.")
        || file.ends_with(".pf_meta")
        || ["index/", "fragment/", "filter/"]
            .iter()
            .any(|dir| file.starts_with(dir))
}

/// One programme as Pagefind indexes it.
struct Record {
    url: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
}

/// The records of one language, in the home page's order.
fn records(site: &Site, data: &LangData) -> Vec<Record> {
    let li = site
        .languages
        .iter()
        .position(|l| l.code == data.lang.code)
        .unwrap_or(0);
    // Programme index → facet → term keys.
    let mut terms: Vec<BTreeMap<String, Vec<String>>> =
        vec![BTreeMap::new(); site.programmes.len()];
    for (kind, name) in FACETS {
        for entry in data.terms.get(&kind).map(Vec::as_slice).unwrap_or(&[]) {
            for &p in &entry.members {
                terms[p]
                    .entry(name.to_string())
                    .or_default()
                    .push(entry.key.clone());
            }
        }
    }
    data.order
        .iter()
        .enumerate()
        .map(|(position, &p)| {
            let card = &data.cards[p].card;
            let fiche = shown_fiche(site, p, li).1;
            let mut meta = BTreeMap::from([
                ("title".to_string(), card.title.clone()),
                ("summary".to_string(), card.summary.clone()),
                ("status".to_string(), card.status.key.to_string()),
            ]);
            let optional = [
                ("period", card.period.clone()),
                ("amount", card.amount.clone()),
                ("image", card.image.as_ref().map(|i| i.src.clone())),
                ("lang", card.fallback.then(|| card.lang.clone())),
                ("dir", card.fallback.then(|| card.dir.to_string())),
                ("note", card.fallback_note.clone()),
                ("draft", card.draft.then(|| "1".to_string())),
            ];
            meta.extend(
                optional
                    .into_iter()
                    .filter_map(|(k, v)| Some((k.to_string(), v?))),
            );
            // Countries as the card lists them: the first few, in the page language's order,
            // then "+ N more"; and, for a card without an image, its first theme's band.
            let countries: Vec<&str> = card
                .countries
                .iter()
                .take(card.countries_shown)
                .map(|c| c.name.as_str())
                .collect();
            if !countries.is_empty() {
                meta.insert("countries".to_string(), countries.join(", "));
            }
            if let Some(more) = &card.countries_more {
                meta.insert("countries_more".to_string(), more.clone());
            }
            if let (None, Some(theme)) = (&card.image, card.themes.first()) {
                meta.insert("band".to_string(), card.band.to_string());
                meta.insert("band_name".to_string(), theme.name.clone());
            }
            Record {
                url: card.path.clone(),
                content: format!(
                    "{}. {}\n{}",
                    card.title,
                    card.summary,
                    to_plain_text(&fiche.body)
                ),
                meta,
                filters: std::mem::take(&mut terms[p]),
                sort: BTreeMap::from([("order".to_string(), position.to_string())]),
            }
        })
        .collect()
}

/// The search bundle of one language, as files under `<lang>/pagefind/`.
pub(super) fn search_index(site: &Site, data: &LangData) -> Result<Vec<Output>, Diagnostic> {
    let code = data.lang.code.clone();
    let failed = |e: &dyn std::fmt::Display| {
        Diagnostic::error(
            path(data),
            format!("the search index of `{code}` could not be made: {e}"),
        )
        .hint("this is a bug in fiche or in Pagefind: please report it with the site")
    };
    let records = records(site, data);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e))?;
    let files = runtime
        .block_on(async {
            let config = PagefindServiceConfig::builder()
                .force_language(code.clone())
                .build();
            let mut index = PagefindIndex::new(Some(config))?;
            for r in records {
                index
                    .add_custom_record(
                        r.url,
                        r.content,
                        code.clone(),
                        Some(r.meta),
                        Some(r.filters),
                        Some(r.sort),
                    )
                    .await?;
            }
            index.get_files().await
        })
        .map_err(|e| failed(&e))?;
    let folder = folder(data);
    Ok(files
        .into_iter()
        .filter_map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            is_needed(&name).then(|| Output {
                path: format!("{folder}/{name}"),
                bytes: f.contents,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::bundle_entry;

    #[test]
    fn a_bundle_file_is_listed_by_its_entry() {
        assert_eq!(
            bundle_entry("fr/pagefind/wasm.fr.pagefind").as_deref(),
            Some("fr/pagefind/pagefind-entry.json")
        );
        assert_eq!(
            bundle_entry("ar/pagefind/index/ar_1a2b.pf_index").as_deref(),
            Some("ar/pagefind/pagefind-entry.json")
        );
        assert_eq!(bundle_entry("fr/pagefind/pagefind-entry.json"), None);
        assert_eq!(bundle_entry("fr/programmes/pagefind/index.html"), None);
        assert_eq!(bundle_entry("index.html"), None);
    }
}
