//! The publishing outputs, made from the whole site on every build next to the pages: what
//! search engines, feed readers and data users read.
//!
//! - [`sitemap`]: `sitemap.xml` (split past 50,000 addresses) and `robots.txt`;
//! - [`feed`]: an Atom feed per language, `<lang>/atom.xml`;
//! - [`opendata`]: `data/programmes.json`, `data/programmes.csv`, `data/iati-activities.xml`.
//!
//! Every address in them is absolute (`base_url` plus the page's path), so they work under a
//! sub-path as well as at a host's root.

pub mod feed;
pub mod opendata;
pub mod sitemap;
pub mod xml;

use std::collections::HashMap;

use super::{Job, Output};
use crate::diagnostic::Diagnostic;
use crate::model::Site;

/// The sitemap's view of the pages about to be rendered: every HTML page but the 404 page,
/// with the versions its own `hreflang` links list, and for fact sheets their last change.
pub(super) fn sitemap_entries(site: &Site, jobs: &[Job]) -> Vec<sitemap::Entry> {
    let programmes: HashMap<&str, &crate::model::Programme> = site
        .programmes
        .iter()
        .map(|p| (p.slug.as_str(), p))
        .collect();
    let mut entries: Vec<sitemap::Entry> = jobs
        .iter()
        .filter(|j| j.path.is_empty() || j.path.ends_with('/'))
        .map(|j| {
            let alternates: Vec<(String, String)> = j
                .translations
                .iter()
                .filter(|t| t.available)
                .map(|t| (t.lang.clone(), t.path.clone()))
                .collect();
            let lastmod = (j.template == "programme.html")
                .then(|| {
                    let lang = j.translations.iter().find(|t| t.current)?;
                    let li = site.language_index(&lang.lang)?;
                    let p = programmes.get(j.programmes.first()?.as_str())?;
                    p.versions.get(li)?.as_ref().map(|f| f.updated)
                })
                .flatten();
            sitemap::Entry {
                path: j.path.clone(),
                alternates,
                lastmod,
            }
        })
        .collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    entries
}

/// The sitemap, the feeds and the open data files.
pub(super) fn outputs(
    site: &Site,
    entries: &[sitemap::Entry],
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let ((sitemaps, feeds), data) = rayon::join(
        || {
            rayon::join(
                || sitemap::outputs(site, entries, sitemap::MAX_URLS),
                || feed::outputs(site),
            )
        },
        || opendata::outputs(site),
    );
    let results = [
        ("sitemap.xml", sitemaps),
        ("the Atom feeds", feeds),
        ("data/", data),
    ];
    let mut outputs = Vec::new();
    let mut errors = Vec::new();
    for (name, result) in results {
        match result {
            Ok(o) => outputs.extend(o),
            Err(e) => errors.push(Diagnostic::error(
                name,
                format!("could not be written: {e}"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(outputs)
    } else {
        Err(errors)
    }
}

/// What a build should warn about in the publishing outputs.
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    opendata::warnings(site)
}

/// The open data files the footer links to: those this build writes.
pub fn data_links(site: &Site) -> Vec<crate::render::views::DataLink> {
    use crate::render::views::DataLink;
    let mut links = vec![
        DataLink {
            name: "JSON",
            path: opendata::JSON_PATH,
            media_type: "application/json",
        },
        DataLink {
            name: "CSV",
            path: opendata::CSV_PATH,
            media_type: "text/csv",
        },
    ];
    if opendata::iati::writes_file(site) {
        links.push(DataLink {
            name: "IATI",
            path: opendata::IATI_PATH,
            media_type: "application/xml",
        });
    }
    links
}
