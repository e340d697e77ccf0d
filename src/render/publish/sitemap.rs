//! `sitemap.xml` and `robots.txt`: every page for search engines, with its translations as
//! `hreflang` alternates.
//!
//! Each page lists all its versions (itself included) and an `x-default`, the version in the
//! site's first language, exactly as the pages' own `<link rel="alternate">` do. Past
//! [`MAX_URLS`] addresses (or [`MAX_BYTES`] bytes), the protocol's limits, the addresses go
//! into `sitemap-1.xml`, `sitemap-2.xml`, … and `sitemap.xml` becomes their index.

use std::io::{self, Write};

use super::Pieces;
use super::xml::{self, XmlWriter};
use crate::domain::date::Timestamp;
use crate::render::Output;

/// The most addresses one sitemap may hold (sitemaps.org).
pub const MAX_URLS: usize = 50_000;
/// The largest a sitemap may be, uncompressed (50 MiB), less room for its closing tag.
pub const MAX_BYTES: usize = 50 * 1024 * 1024 - 1024;

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NS_XHTML: &str = "http://www.w3.org/1999/xhtml";

/// A page of the site, as the sitemap lists it.
#[derive(Clone)]
pub struct Entry {
    /// Relative to the site root, such as `fr/pays/bresil/` (`""` for the root page).
    pub path: String,
    /// Its versions per language (itself included), in the site's language order; empty for
    /// pages that exist once (the root page).
    pub alternates: Vec<(String, String)>,
    /// When its content last changed, when known (fact sheets).
    pub lastmod: Option<Timestamp>,
}

/// How many `<urlset>` documents the entries fill (see [`write`]), from the length of each
/// one's `<url>` element ([`url_len`]), in order. The files' paths depend on it ([`paths`]),
/// and a build lists every path before it writes a file. The lengths can be worked out on
/// all cores; counting by writing the documents kept one core busy and the other waiting
/// (~70 ms of a build of 10,000 x 3).
pub fn count(lengths: impl IntoIterator<Item = usize>, max_urls: usize) -> io::Result<usize> {
    count_within(lengths, max_urls, MAX_BYTES)
}

/// [`count`] with a limit of `max_bytes` bytes a document, as [`urlsets`] fills them: a
/// document's first address counts its opening too.
fn count_within(
    lengths: impl IntoIterator<Item = usize>,
    max_urls: usize,
    max_bytes: usize,
) -> io::Result<usize> {
    let opening = open_urlset()?.get_ref().len();
    let mut n = 0;
    // The document being filled: how many addresses and bytes it has.
    let mut current: Option<(usize, usize)> = None;
    for length in lengths {
        let (count, bytes) = current.get_or_insert((0, opening));
        *count += 1;
        *bytes += length;
        if *count >= max_urls.max(1) || *bytes >= max_bytes {
            current = None;
            n += 1;
        }
    }
    Ok(n + usize::from(current.is_some() || n == 0))
}

/// The length of an entry's `<url>` element, written into `scratch` (emptied first).
pub fn url_len(base: &str, default_lang: &str, entry: &Entry, scratch: &mut Vec<u8>) -> usize {
    scratch.clear();
    url(scratch, base, default_lang, entry);
    scratch.len()
}

/// The sitemap's paths for `documents` `<urlset>` documents: `sitemap.xml` alone, or
/// `sitemap.xml` as the index of `sitemap-1.xml`, `sitemap-2.xml`, ….
pub fn paths(documents: usize) -> Vec<String> {
    let mut paths = vec!["sitemap.xml".to_string()];
    if documents > 1 {
        paths.extend((1..=documents).map(|n| format!("sitemap-{n}.xml")));
    }
    paths
}

/// Writes the sitemap files, the entries being those [`count`] counted `documents` for, each
/// handed to `emit` whole or, with `in_pieces`, in pieces as it is written (see [`Pieces`]);
/// the index first when there are several.
pub fn write(
    base: &str,
    default_lang: &str,
    entries: impl IntoIterator<Item = Entry>,
    (max_urls, documents): (usize, usize),
    in_pieces: bool,
    emit: &mut dyn FnMut(Output),
) -> io::Result<()> {
    let paths = paths(documents);
    let mut out = Pieces::new(paths[0].as_str(), in_pieces, emit);
    if documents > 1 {
        let mut w = xml::writer()?;
        xml::element(&mut w, "sitemapindex", &[("xmlns", NS)], |w| {
            for path in &paths[1..] {
                xml::element(w, "sitemap", &[], |w| {
                    xml::text_element(w, "loc", &[], &format!("{base}{path}"))
                })?;
            }
            Ok(())
        })?;
        out.write_all(&xml::finish(w))?;
    }
    let first = usize::from(documents > 1);
    let mut current = None;
    let limits = (max_urls, MAX_BYTES);
    let written = urlsets(base, default_lang, entries, limits, &mut |n, bytes| {
        if current != Some(n) {
            if n > 0 || first > 0 {
                let path = paths.get(first + n).ok_or_else(|| {
                    io::Error::other("the sitemap's addresses changed while it was written")
                })?;
                out.begin(path.as_str());
            }
            current = Some(n);
        }
        out.write_all(bytes)
    })?;
    if written != documents {
        return Err(io::Error::other(
            "the sitemap's addresses changed while it was written",
        ));
    }
    out.finish();
    Ok(())
}

/// Writes the entries' `<urlset>` documents one after the other, each of at most `max_urls`
/// addresses and `max_bytes` bytes ([`MAX_BYTES`]), handing `out` each document's number
/// (from 0) and its bytes as they are written. Returns how many documents it wrote (one at
/// least).
fn urlsets(
    base: &str,
    default_lang: &str,
    entries: impl IntoIterator<Item = Entry>,
    (max_urls, max_bytes): (usize, usize),
    out: &mut dyn FnMut(usize, &[u8]) -> io::Result<()>,
) -> io::Result<usize> {
    let mut n = 0;
    // The document being written: its writer (emptied after each address), how many
    // addresses and bytes it has.
    let mut current: Option<(XmlWriter, usize, usize)> = None;
    for entry in entries {
        let (w, count, bytes) = match &mut current {
            Some(c) => c,
            None => current.insert((open_urlset()?, 0, 0)),
        };
        url(w.get_mut(), base, default_lang, &entry);
        *count += 1;
        *bytes += w.get_ref().len();
        out(n, w.get_ref())?;
        w.get_mut().clear();
        let full = *count >= max_urls.max(1) || *bytes >= max_bytes;
        if full && let Some((w, _, _)) = current.take() {
            out(n, &close_urlset(w)?)?;
            n += 1;
        }
    }
    if let Some((w, _, _)) = current.take() {
        out(n, &close_urlset(w)?)?;
        n += 1;
    }
    if n == 0 {
        out(0, &close_urlset(open_urlset()?)?)?;
        n = 1;
    }
    Ok(n)
}

/// Lets every crawler in and says where the sitemap is. Crawlers read `robots.txt` only at a
/// host's root: a site under a sub-path should copy the `Sitemap:` line into that one.
pub fn robots_txt(base_url: &str) -> String {
    format!("User-agent: *\nDisallow:\n\nSitemap: {base_url}sitemap.xml\n")
}

fn open_urlset() -> io::Result<XmlWriter> {
    let mut w = xml::writer()?;
    w.write_event(quick_xml::events::Event::Start(
        quick_xml::events::BytesStart::new("urlset")
            .with_attributes([("xmlns", NS), ("xmlns:xhtml", NS_XHTML)]),
    ))?;
    Ok(w)
}

fn close_urlset(mut w: XmlWriter) -> io::Result<Vec<u8>> {
    w.write_event(quick_xml::events::Event::End(
        quick_xml::events::BytesEnd::new("urlset"),
    ))?;
    Ok(xml::finish(w))
}

/// Appends an address's `<url>` element, indented inside `<urlset>` as the writer indents
/// (a sitemap has one per page: written through quick-xml's element writer, with an
/// allocation per attribute, they were 4% of a build's instructions). Escaped and cleaned as
/// [`xml::element`] does; `a_url_is_written_as_the_xml_writer_writes_it` compares the two.
fn url(out: &mut Vec<u8>, base: &str, default_lang: &str, entry: &Entry) {
    // Escaping and cleaning go character by character: a prefix and a path escaped apart
    // are the whole address escaped.
    out.extend_from_slice(b"\n  <url>\n    <loc>");
    xml::push_text(out, base);
    xml::push_text(out, &entry.path);
    out.extend_from_slice(b"</loc>");
    if let Some(t) = entry.lastmod {
        out.extend_from_slice(b"\n    <lastmod>");
        xml::push_text(out, &t.rfc3339());
        out.extend_from_slice(b"</lastmod>");
    }
    let mut link = |lang: &str, path: &str| {
        out.extend_from_slice(b"\n    <xhtml:link rel=\"alternate\" hreflang=\"");
        xml::push_attribute_value(out, lang);
        out.extend_from_slice(b"\" href=\"");
        xml::push_attribute_value(out, base);
        xml::push_attribute_value(out, path);
        out.extend_from_slice(b"\"/>");
    };
    for (lang, path) in &entry.alternates {
        link(lang, path);
    }
    if let Some((_, path)) = entry.alternates.iter().find(|(l, _)| l == default_lang) {
        link("x-default", path);
    }
    out.extend_from_slice(b"\n  </url>");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sitemap's files for `entries`, by path, as a build writes them.
    fn documents(
        base: &str,
        lang: &str,
        entries: impl IntoIterator<Item = Entry> + Clone,
        max_urls: usize,
    ) -> io::Result<Vec<(String, Vec<u8>)>> {
        let mut scratch = Vec::new();
        let lengths: Vec<usize> = (entries.clone().into_iter())
            .map(|e| url_len(base, lang, &e, &mut scratch))
            .collect();
        let documents = count(lengths, max_urls)?;
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for in_pieces in [false, true] {
            let mut made: Vec<(String, Vec<u8>)> = Vec::new();
            let mut emit = |o: crate::render::Output| match made.last_mut() {
                Some((path, bytes)) if o.part == crate::render::Part::Next && *path == o.path => {
                    bytes.extend(o.bytes)
                }
                _ => made.push((o.path, o.bytes)),
            };
            let limits = (max_urls, documents);
            write(base, lang, entries.clone(), limits, in_pieces, &mut emit)?;
            if in_pieces {
                assert_eq!(made, files, "the same files, whole or in pieces");
            }
            files = made;
        }
        assert_eq!(
            files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
            paths(documents)
        );
        Ok(files)
    }

    fn entry(path: &str) -> Entry {
        Entry {
            path: path.to_string(),
            alternates: vec![
                ("fr".to_string(), format!("fr/{path}")),
                ("en".to_string(), format!("en/{path}")),
            ],
            lastmod: None,
        }
    }

    /// `<url>` as quick-xml's element writer writes it, the way [`url`] was written.
    fn url_by_the_writer(base: &str, default_lang: &str, entry: &Entry) -> Vec<u8> {
        let mut w = open_urlset().expect("writes");
        w.get_mut().clear();
        xml::element(&mut w, "url", &[], |w| {
            xml::text_element(w, "loc", &[], &format!("{base}{}", entry.path))?;
            if let Some(t) = entry.lastmod {
                xml::text_element(w, "lastmod", &[], &t.rfc3339())?;
            }
            let alternates = entry.alternates.iter().map(|(l, p)| (l.as_str(), p));
            let x_default = entry.alternates.iter().find(|(l, _)| l == default_lang);
            for (lang, path) in alternates.chain(x_default.map(|(_, p)| ("x-default", p))) {
                let href = format!("{base}{path}");
                let attrs = [("rel", "alternate"), ("hreflang", lang), ("href", &href)];
                xml::empty_element(w, "xhtml:link", &attrs)?;
            }
            Ok(())
        })
        .expect("writes");
        w.into_inner()
    }

    #[test]
    fn a_url_is_written_as_the_xml_writer_writes_it() {
        let odd = Entry {
            path: "fr/a&b/<c>/\"d\"/\'e\'/\u{1}f\u{fffe}/\tg\r/é/".to_string(),
            alternates: vec![
                ("fr".to_string(), "fr/a&b/\"x\"/".to_string()),
                ("en\"&".to_string(), "en/<y>/\u{b}z/".to_string()),
            ],
            lastmod: Some(Timestamp(1_767_323_045)),
        };
        let entries = [
            odd,
            entry("a/"),
            Entry {
                alternates: vec![],
                ..entry("")
            },
        ];
        for base in ["https://e.org/", "https://e.org/a&b\"c/"] {
            for e in &entries {
                for lang in ["fr", "en\"&", "es"] {
                    let mut direct = Vec::new();
                    url(&mut direct, base, lang, e);
                    let written = url_by_the_writer(base, lang, e);
                    assert_eq!(
                        String::from_utf8_lossy(&direct),
                        String::from_utf8_lossy(&written)
                    );
                }
            }
        }
    }

    #[test]
    fn the_count_from_lengths_is_the_documents_written() {
        let entries: Vec<Entry> = (0..9)
            .map(|n| entry(&format!("p{}/", "x".repeat(n * 7))))
            .collect();
        let (base, lang) = ("https://e.org/", "fr");
        let mut scratch = Vec::new();
        let lengths: Vec<usize> = (entries.iter())
            .map(|e| url_len(base, lang, e, &mut scratch))
            .collect();
        let mut counts = std::collections::BTreeSet::new();
        for max_urls in [0, 1, 2, 3, 4, 9, 10, 50_000] {
            for max_bytes in [0, 1, 100, 300, 600, 1_000, 2_000, MAX_BYTES] {
                let written = urlsets(
                    base,
                    lang,
                    entries.clone(),
                    (max_urls, max_bytes),
                    &mut |_, _| Ok(()),
                )
                .expect("written");
                let counted = count_within(lengths.clone(), max_urls, max_bytes).expect("counted");
                assert_eq!(counted, written, "{max_urls} addresses, {max_bytes} bytes");
                counts.insert(counted);
            }
        }
        // Split by addresses and by bytes alike, and not at all.
        assert!(
            counts.len() > 4 && counts.contains(&1) && counts.contains(&9),
            "{counts:?}"
        );
        let none = urlsets(base, lang, [], (3, MAX_BYTES), &mut |_, _| Ok(()));
        assert_eq!(count(std::iter::empty(), 3).ok(), none.ok());
    }

    #[test]
    fn past_the_limit_the_sitemap_becomes_an_index_of_sitemaps() {
        let entries: Vec<Entry> = (0..7).map(|n| entry(&format!("p{n}/"))).collect();
        let files = documents("https://e.org/sub/", "fr", entries, 3).expect("written");
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let text = |i: usize| String::from_utf8(files[i].1.clone()).expect("UTF-8");
        let index_text = text(0);
        let index = roxmltree::Document::parse(&index_text).expect("XML");
        assert_eq!(index.root_element().tag_name().name(), "sitemapindex");
        let locs: Vec<&str> = index
            .descendants()
            .filter(|n| n.has_tag_name((NS, "loc")))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(
            locs,
            [
                "https://e.org/sub/sitemap-1.xml",
                "https://e.org/sub/sitemap-2.xml",
                "https://e.org/sub/sitemap-3.xml"
            ]
        );
        let mut urls = 0;
        for i in 1..=3 {
            let doc_text = text(i);
            let doc = roxmltree::Document::parse(&doc_text).expect("XML");
            assert_eq!(doc.root_element().tag_name().name(), "urlset");
            let n = doc
                .descendants()
                .filter(|n| n.has_tag_name((NS, "url")))
                .count();
            assert!(n <= 3, "{n} addresses in sitemap-{i}.xml");
            urls += n;
        }
        assert_eq!(urls, 7);
    }

    #[test]
    fn a_sitemap_written_in_pieces_is_the_one_written_whole() {
        // Several pieces of a megabyte in each of two documents and across their seam:
        // `documents` checks that the pieces make the same files.
        let entries: Vec<Entry> = (0..12_000)
            .map(|n| entry(&format!("programmes/programme-{n}/")))
            .collect();
        let files = documents("https://e.org/", "fr", entries, 7_000).expect("written");
        let sizes: Vec<usize> = files.iter().map(|(_, b)| b.len()).collect();
        assert_eq!(files.len(), 3, "{sizes:?}");
        assert!(sizes[1] > 2 * super::super::PIECE, "{sizes:?}");
    }

    #[test]
    fn under_the_limit_there_is_one_sitemap_with_alternates_and_x_default() {
        let files = documents("https://e.org/", "fr", [entry("a/")], MAX_URLS).expect("written");
        assert_eq!(files.len(), 1);
        let text = String::from_utf8(files[0].1.clone()).expect("UTF-8");
        let doc = roxmltree::Document::parse(&text).expect("XML");
        let links: Vec<(&str, &str)> = doc
            .descendants()
            .filter(|n| n.has_tag_name((NS_XHTML, "link")))
            .map(|n| {
                (
                    n.attribute("hreflang").unwrap_or(""),
                    n.attribute("href").unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            links,
            [
                ("fr", "https://e.org/fr/a/"),
                ("en", "https://e.org/en/a/"),
                ("x-default", "https://e.org/fr/a/")
            ]
        );
    }
}
