//! What only `serve`'s rebuilds do: hand the pages over first ([`PagesFirst`]), then make
//! the sitemap, feeds, open data and search indexes the plan deferred ([`late_update`]),
//! compressing each as it is made.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::model::{self, Site};
use crate::render;

use super::session::{Update, sorted};
use super::{Kept, Packed};

/// What `serve` gives a rebuild that hands it the pages first (see
/// [`Session::rebuild_pages_first`]).
pub struct PagesFirst<'f> {
    /// Takes the pages as soon as they are rendered and checked.
    pub pages: &'f mut dyn FnMut(Update),
    /// Whether the file at an output path already has these bytes: files made after the
    /// pages that did not change (most of a search index) are then not kept again.
    pub served: &'f (dyn Fn(&str, &[u8]) -> bool + Sync),
}

/// The sitemap, feeds, open data and search indexes deferred by the plan, as a second update
/// after the pages: each compressed as soon as it is made, unless `served` has it already.
pub(super) fn late_update(
    plan: &mut render::Plan,
    site: &Site,
    pages: &mut BTreeSet<String>,
    translations: Arc<model::translations::Table>,
    served: &(dyn Fn(&str, &[u8]) -> bool + Sync),
) -> Result<Update, Vec<Diagnostic>> {
    let (made, gone) = plan
        .late(|output| {
            let changed = !served(&output.path, &output.bytes);
            let bytes = changed.then(|| Packed::new(&output.bytes));
            (output.path, bytes)
        })
        .map_err(sorted)?;
    for path in &gone {
        pages.remove(path);
    }
    let made_paths: BTreeSet<&str> = made.iter().map(|(path, _)| path.as_str()).collect();
    let stale = stale_bundle_files(pages, &made_paths);
    pages.extend(made_paths.iter().map(|p| p.to_string()));
    Ok(Update {
        outputs: made
            .into_iter()
            .filter_map(|(path, bytes)| {
                Some(Kept {
                    path,
                    bytes: bytes?,
                })
            })
            .collect(),
        removed: gone.into_iter().chain(stale).collect(),
        page_count: pages.len(),
        files: 0,
        programmes: site.programmes.len(),
        languages: site.languages.len(),
        warnings: Vec::new(),
        accessibility_statement: site.config.accessibility.is_some(),
        catalogue_missing: crate::render::publish::catalogue::missing_settings(&site.config),
        everything: false,
        static_files: None,
        translations,
    })
}

/// The files of the search bundles made again (`made`) that the new bundles no longer have
/// (a word chunk or a programme fewer), taken out of `pages`.
pub(super) fn stale_bundle_files(
    pages: &mut BTreeSet<String>,
    made: &BTreeSet<&str>,
) -> Vec<String> {
    // Most rebuilds make no bundle again (the pages `serve` shows first never do): then the
    // 50,000 pages of a large site need no look.
    let is_entry = |m: &str| {
        m.strip_suffix("index.json")
            .and_then(|folder| render::search::bundle_entry(&format!("{folder}p/")))
            .is_some_and(|entry| entry == m)
    };
    if !made.iter().any(|m| is_entry(m)) {
        return Vec::new();
    }
    let stale: Vec<String> = pages
        .iter()
        .filter(|p| {
            !made.contains(p.as_str())
                && render::search::bundle_entry(p).is_some_and(|e| made.contains(e.as_str()))
        })
        .cloned()
        .collect();
    for p in &stale {
        pages.remove(p);
    }
    stale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_made_again_drops_the_files_it_no_longer_has() {
        let mut pages: BTreeSet<String> = [
            "fr/index.html",
            "fr/search-index/index.json",
            "fr/search-index/w/0.json",
            "fr/search-index/w/1.json",
            "en/search-index/index.json",
            "en/search-index/w/1.json",
        ]
        .map(String::from)
        .into();
        // French made again with one chunk; English untouched.
        let made = ["fr/search-index/index.json", "fr/search-index/w/0.json"].into();
        assert_eq!(
            stale_bundle_files(&mut pages, &made),
            ["fr/search-index/w/1.json"]
        );
        assert!(pages.contains("en/search-index/w/1.json"));
        assert!(!pages.contains("fr/search-index/w/1.json"));
        // Without a bundle made again, nothing is looked at.
        let made = ["fr/index.html", "fr/search-index/w/0.json"].into();
        pages.insert("fr/search-index/w/2.json".to_string());
        assert!(stale_bundle_files(&mut pages, &made).is_empty());
    }
}
