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

/// What [`outputs`] made: the files, and what to remember for the next build (every
/// path, those of the files left to [`rest`] included).
pub(super) struct Published {
    pub(super) outputs: Vec<Output>,
    pub(super) cache: Cache,
    /// Whether the feeds, open data, web editor and catalogue are left to [`rest`]: made
    /// whenever the sitemap is made anew.
    pub(super) rest_left: bool,
}

/// The sitemap, the feeds and the open data files, with the paths of all of them and what to
/// remember for the next build. When nothing they show changed since `previous`, no file is
/// made again (the list is empty) and the paths are the previous ones. Only the sitemap is
/// made here (its paths depend on its bytes): the rest is made with [`rest`] beside the
/// pages or after them, each file handed on as it is made (the open data of 10,000
/// programmes is tens of megabytes).
pub(super) fn outputs<I: IntoIterator<Item = sitemap::Entry>>(
    site: &Site,
    entries: impl FnOnce() -> I,
    key: u64,
    previous: &Cache,
) -> Result<Published, Vec<Diagnostic>> {
    if key == previous.key && !previous.paths.is_empty() {
        return Ok(Published {
            outputs: Vec::new(),
            cache: previous.clone(),
            rest_left: false,
        });
    }
    let outputs = sitemap::outputs(site, entries(), sitemap::MAX_URLS).map_err(|e| {
        vec![Diagnostic::error(
            "sitemap.xml",
            format!("could not be written: {e}"),
        )]
    })?;
    let mut paths: Vec<String> = outputs.iter().map(|o| o.path.clone()).collect();
    paths.extend(rest_paths(site));
    Ok(Published {
        outputs,
        cache: Cache { key, paths },
        rest_left: true,
    })
}

/// The paths of the files [`rest`] makes, in its order.
pub(super) fn rest_paths(site: &Site) -> Vec<String> {
    let mut paths: Vec<String> = site.languages.iter().map(|l| feed::path(&l.code)).collect();
    paths.extend(opendata::paths(site).into_iter().map(str::to_string));
    paths.extend(super::cms::paths(site).into_iter().map(str::to_string));
    paths.push(catalogue::PATH.to_string());
    paths
}

/// The feeds, the open data files, the web editor's files and the catalogue, one after the
/// other, each handed to `emit` as soon as it is made (the catalogue last: it gives the
/// others' sizes).
pub(super) fn rest(site: &Site, emit: &mut dyn FnMut(Output)) -> Result<(), Vec<Diagnostic>> {
    let mut sizes: Vec<(String, usize)> = Vec::new();
    let mut send = |o: Output| {
        sizes.push((o.path.clone(), o.bytes.len()));
        emit(o);
    };
    let mut errors = Vec::new();
    let could_not = Diagnostic::from_io;
    match feed::outputs(site) {
        Ok(feeds) => feeds.into_iter().for_each(&mut send),
        Err(e) => errors.push(could_not(&e, "the Atom feeds")),
    }
    if let Err(e) = opendata::outputs(site, &mut send) {
        errors.push(could_not(&e, "data/"));
    }
    match super::cms::outputs(site) {
        Ok(files) => files.into_iter().for_each(&mut send),
        Err(e) => errors.push(Diagnostic::error(
            super::cms::CONFIG_PATH,
            format!("could not be written: {e}"),
        )),
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let size_of = |path: &str| sizes.iter().find(|(p, _)| p == path).map(|(_, n)| *n);
    let catalogue =
        catalogue::render(site, size_of).map_err(|e| vec![could_not(&e, catalogue::PATH)])?;
    // A build lists these paths before they are made (the staging folder, the link check).
    debug_assert_eq!(
        sizes
            .iter()
            .map(|(p, _)| p.as_str())
            .chain([catalogue.path.as_str()])
            .collect::<Vec<_>>(),
        rest_paths(site),
        "publish::rest_paths must list what publish::rest makes"
    );
    emit(catalogue);
    Ok(())
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
