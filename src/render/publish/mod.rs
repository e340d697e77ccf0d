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

use std::io;

use super::{Output, Part};
use crate::diagnostic::Diagnostic;
use crate::model::Site;

/// How many bytes a piece of a file handed on in pieces holds, at least (see [`Part`]).
pub const PIECE: usize = 1 << 20;

/// A file being written: handed to `emit` in pieces of [`PIECE`] bytes as it fills (with
/// `in_pieces`), or whole once finished.
pub struct Pieces<'e> {
    path: String,
    buffer: Vec<u8>,
    in_pieces: bool,
    handed: bool,
    emit: &'e mut dyn FnMut(Output),
}

impl<'e> Pieces<'e> {
    pub fn new(path: impl Into<String>, in_pieces: bool, emit: &'e mut dyn FnMut(Output)) -> Self {
        Pieces {
            path: path.into(),
            buffer: Vec::new(),
            in_pieces,
            handed: false,
            emit,
        }
    }

    /// Whether the file is handed on whole: then a writer that knows its length may
    /// [`Pieces::reserve`] it (a buffer grown by doubling touches twice what it holds).
    pub fn whole(&self) -> bool {
        !self.in_pieces
    }

    pub fn reserve(&mut self, len: usize) {
        self.buffer.reserve(len);
    }

    /// Hands on the bytes written so far as `part`, leaving `room` for those that follow.
    fn hand(&mut self, part: Part, room: usize) {
        let bytes = std::mem::replace(&mut self.buffer, Vec::with_capacity(room));
        (self.emit)(Output {
            path: self.path.clone(),
            bytes,
            part,
        });
    }

    /// Hands on what is left of the file (the whole file, or its last piece), and begins
    /// the file at `path`.
    pub fn begin(&mut self, path: impl Into<String>) {
        self.end();
        self.path = path.into();
    }

    fn end(&mut self) {
        let part = if self.handed { Part::Next } else { Part::Whole };
        self.handed = false;
        self.hand(part, 0);
    }

    /// Hands on what is left: the whole file, or its last piece.
    pub fn finish(mut self) {
        self.end();
    }
}

impl io::Write for Pieces<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(buf);
        if self.in_pieces && self.buffer.len() >= PIECE {
            let part = if self.handed { Part::Next } else { Part::First };
            self.handed = true;
            self.hand(part, PIECE + PIECE / 8);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

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

/// What [`prepare`] found: what to remember for the next build (every path included), and
/// how many sitemap documents [`rest`] writes when the files are to be made anew.
pub(super) struct Published {
    pub(super) cache: Cache,
    /// `None` when nothing the files show changed since the previous build.
    pub(super) sitemaps: Option<usize>,
}

/// The paths of the sitemap, the feeds and the open data files, and what to remember for the
/// next build. When nothing they show changed since `previous`, none is made again
/// (`sitemaps` is `None`) and the paths are the previous ones. Otherwise the sitemap's
/// addresses are counted (its paths depend on its length: see [`sitemap::count`]) from
/// their `<url>` elements' lengths, which `lengths` gives for a base URL and default
/// language, and
/// [`rest`] makes every file, beside the pages or after them, each handed on as it is made
/// (the open data and sitemap of 30,000 programmes are a hundred megabytes each).
pub(super) fn prepare<I: IntoIterator<Item = usize>>(
    site: &Site,
    lengths: impl FnOnce(&str, &str) -> I,
    key: u64,
    previous: &Cache,
) -> Result<Published, Vec<Diagnostic>> {
    if key == previous.key && !previous.paths.is_empty() {
        return Ok(Published {
            cache: previous.clone(),
            sitemaps: None,
        });
    }
    let base = &site.config.base_url;
    let default_lang = site.config.default_language();
    let documents = sitemap::count(lengths(base, default_lang), sitemap::MAX_URLS)
        .map_err(|e| vec![sitemap_error(&e)])?;
    Ok(Published {
        cache: Cache {
            key,
            paths: rest_paths(site, documents),
        },
        sitemaps: Some(documents),
    })
}

fn sitemap_error(e: &io::Error) -> Diagnostic {
    Diagnostic::error("sitemap.xml", format!("could not be written: {e}"))
}

/// Whether `robots.txt` is fiche's to write: not when the site has its own in `static/`.
fn writes_robots(site: &Site) -> bool {
    !site.static_files.contains("robots.txt")
}

/// The paths of the files [`rest`] makes, in its order, with `sitemaps` sitemap documents.
pub(super) fn rest_paths(site: &Site, sitemaps: usize) -> Vec<String> {
    let mut paths = sitemap::paths(sitemaps);
    if writes_robots(site) {
        paths.push("robots.txt".to_string());
    }
    paths.extend(site.languages.iter().map(|l| feed::path(&l.code)));
    paths.extend(opendata::paths(site).into_iter().map(str::to_string));
    paths.extend(super::cms::paths(site).into_iter().map(str::to_string));
    paths.push(catalogue::PATH.to_string());
    paths
}

/// The sitemap of `entries` ([`prepare`] counted `sitemaps` documents), `robots.txt`, the
/// feeds, the open data files, the web editor's files and the catalogue, one after the
/// other, each handed to `emit` as soon as it is made (the catalogue last: it gives the
/// others' sizes); the sitemap and the open data in pieces with `in_pieces`.
pub(super) fn rest(
    site: &Site,
    (entries, sitemaps): (impl IntoIterator<Item = sitemap::Entry>, usize),
    in_pieces: bool,
    emit: &mut dyn FnMut(Output),
) -> Result<(), Vec<Diagnostic>> {
    let mut sizes: Vec<(String, usize)> = Vec::new();
    let mut send = |o: Output| {
        match (o.part, sizes.last_mut()) {
            (Part::Next, Some((path, size))) if *path == o.path => *size += o.bytes.len(),
            _ => sizes.push((o.path.clone(), o.bytes.len())),
        }
        emit(o);
    };
    let base = &site.config.base_url;
    let default_lang = site.config.default_language();
    let limits = (sitemap::MAX_URLS, sitemaps);
    sitemap::write(base, default_lang, entries, limits, in_pieces, &mut send)
        .map_err(|e| vec![sitemap_error(&e)])?;
    if writes_robots(site) {
        send(Output::new(
            "robots.txt",
            sitemap::robots_txt(base).into_bytes(),
        ));
    }
    let mut errors = Vec::new();
    let could_not = Diagnostic::from_io;
    match feed::outputs(site) {
        Ok(feeds) => feeds.into_iter().for_each(&mut send),
        Err(e) => errors.push(could_not(&e, "the Atom feeds")),
    }
    if let Err(e) = opendata::outputs(site, in_pieces, &mut send) {
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
        rest_paths(site, sitemaps),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Each output's path, part and length.
    type Parts = Vec<(String, Part, usize)>;
    /// Each file put together from its parts.
    type Files = Vec<(String, Vec<u8>)>;

    /// What `emit` got.
    fn written(in_pieces: bool) -> (Parts, Files) {
        let mut parts = Vec::new();
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut emit = |o: Output| {
            parts.push((o.path.clone(), o.part, o.bytes.len()));
            match files.last_mut() {
                Some((path, bytes)) if o.part == Part::Next && *path == o.path => {
                    bytes.extend(o.bytes)
                }
                _ => files.push((o.path, o.bytes)),
            }
        };
        let mut out = Pieces::new("a.json", in_pieces, &mut emit);
        // Writes of every size, from none to more than a piece: 1.9 pieces in all.
        for (n, size) in [1, 700, 300_000, PIECE + 5, 2, 600_000, 0, 9]
            .iter()
            .enumerate()
        {
            out.write_all(&vec![b'a' + n as u8; *size])
                .expect("written");
        }
        out.begin("b.xml");
        out.write_all(b"<small/>").expect("written");
        out.finish();
        (parts, files)
    }

    #[test]
    fn a_file_in_pieces_is_the_file_written_whole() {
        let (whole_parts, whole) = written(false);
        let (parts, pieces) = written(true);
        assert_eq!(pieces, whole);
        assert_eq!(
            whole_parts
                .iter()
                .map(|(p, part, _)| (p.as_str(), *part))
                .collect::<Vec<_>>(),
            [("a.json", Part::Whole), ("b.xml", Part::Whole)]
        );
        let kinds: Vec<(&str, Part)> = parts
            .iter()
            .map(|(p, part, _)| (p.as_str(), *part))
            .collect();
        assert_eq!(
            kinds,
            [
                ("a.json", Part::First),
                ("a.json", Part::Next),
                ("b.xml", Part::Whole)
            ]
        );
        // A piece is handed on once it holds a piece's worth; the last holds the rest.
        assert!(parts[0].2 >= PIECE && parts[1].2 < PIECE, "{parts:?}");
    }
}
