//! The publishing outputs, made from the whole site on every build next to the pages: what
//! search engines, feed readers and data users read.
//!
//! - [`sitemap`]: `sitemap.xml` (split past 50,000 addresses) and `robots.txt`;
//! - [`feed`]: an Atom feed per language, `<lang>/atom.xml`;
//! - [`opendata`]: `data/programmes.json`, `data/programmes.csv`, `data/iati-activities.xml`;
//! - [`catalogue`]: `data/catalog.jsonld`, those files and the feeds as a DCAT-AP catalogue,
//!   made last, from the bytes of the others;
//! - with `cms:` in site.yaml, the web editor's `admin/index.html` and `admin/config.yml`
//!   (`render::cms`).
//!
//! Every address in them is absolute (`base_url` plus the page's path), so they work under a
//! sub-path as well as at a host's root.

pub mod catalogue;
pub mod feed;
pub mod opendata;
pub mod sitemap;
pub mod xml;

use super::Output;
use crate::diagnostic::Diagnostic;
use crate::model::Site;

/// The absolute addresses of fact sheets, with each language's path word worked out once
/// (`programmes`, `programas`) rather than once per programme.
pub struct FactSheetUrls<'a> {
    base: &'a str,
    words: Vec<(String, String)>,
}

impl<'a> FactSheetUrls<'a> {
    pub fn new(site: &'a Site) -> Self {
        FactSheetUrls {
            base: &site.config.base_url,
            words: site
                .languages
                .iter()
                .map(|l| (l.code.clone(), l.path_word("programmes")))
                .collect(),
        }
    }

    /// The address of `slug`'s fact sheet in the language of index `li`, as
    /// `render::address::programme_path` makes its path.
    pub fn get(&self, li: usize, slug: &str) -> String {
        let (code, word) = &self.words[li];
        format!("{}{code}/{word}/{slug}/", self.base)
    }
}

/// What the last build published: a fingerprint of what the files show, and their paths.
#[derive(Default, Clone)]
pub struct Cache {
    key: u64,
    paths: Vec<String>,
}

impl Cache {
    /// The paths of the files the last build published (none before a first build).
    pub fn paths(&self) -> &[String] {
        &self.paths
    }
}

/// The sitemap, the feeds and the open data files, with the paths of all of them and what to
/// remember for the next build. When nothing they show changed since `previous`, no file is
/// made again (the first list is empty) and the paths are the previous ones.
pub(super) fn outputs(
    site: &Site,
    entries: impl FnOnce() -> Vec<sitemap::Entry>,
    key: u64,
    previous: &Cache,
) -> Result<(Vec<Output>, Vec<String>, Cache), Vec<Diagnostic>> {
    if key == previous.key && !previous.paths.is_empty() {
        return Ok((Vec::new(), previous.paths.clone(), previous.clone()));
    }
    let entries = &entries();
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
    match super::cms::outputs(site) {
        Ok(o) => outputs.extend(o),
        Err(e) => errors.push(Diagnostic::error(
            super::cms::CONFIG_PATH,
            format!("could not be written: {e}"),
        )),
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    match catalogue::render(site, &outputs) {
        Ok(o) => outputs.push(o),
        Err(e) => {
            return Err(vec![Diagnostic::error(
                catalogue::PATH,
                format!("could not be written: {e}"),
            )]);
        }
    }
    let paths: Vec<String> = outputs.iter().map(|o| o.path.clone()).collect();
    Ok((outputs, paths.clone(), Cache { key, paths }))
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
