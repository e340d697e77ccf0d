//! `sitemap.xml` and `robots.txt`: every page for search engines, with its translations as
//! `hreflang` alternates.
//!
//! Each page lists all its versions (itself included) and an `x-default`, the version in the
//! site's first language, exactly as the pages' own `<link rel="alternate">` do. Past
//! [`MAX_URLS`] addresses (or [`MAX_BYTES`] bytes), the protocol's limits, the addresses go
//! into `sitemap-1.xml`, `sitemap-2.xml`, … and `sitemap.xml` becomes their index.

use std::io;

use super::xml::{self, XmlWriter};
use crate::domain::date::Timestamp;
use crate::model::Site;
use crate::render::Output;

/// The most addresses one sitemap may hold (sitemaps.org).
pub const MAX_URLS: usize = 50_000;
/// The largest a sitemap may be, uncompressed (50 MiB), less room for its closing tag.
pub const MAX_BYTES: usize = 50 * 1024 * 1024 - 1024;

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NS_XHTML: &str = "http://www.w3.org/1999/xhtml";

/// A page of the site, as the sitemap lists it.
pub struct Entry {
    /// Relative to the site root, such as `fr/pays/bresil/` (`""` for the root page).
    pub path: String,
    /// Its versions per language (itself included), in the site's language order; empty for
    /// pages that exist once (the root page).
    pub alternates: Vec<(String, String)>,
    /// When its content last changed, when known (fact sheets).
    pub lastmod: Option<Timestamp>,
}

/// `sitemap.xml` (one sitemap, or an index of several) and `robots.txt` unless the site has its
/// own in `static/`.
pub fn outputs(
    site: &Site,
    entries: impl IntoIterator<Item = Entry>,
    max_urls: usize,
) -> io::Result<Vec<Output>> {
    let mut outputs: Vec<Output> = documents(
        &site.config.base_url,
        site.config.default_language(),
        entries,
        max_urls,
    )?
    .into_iter()
    .map(|(path, bytes)| output(&path, bytes))
    .collect();
    if !site.static_files.contains("robots.txt") {
        outputs.push(output(
            "robots.txt",
            robots_txt(&site.config.base_url).into_bytes(),
        ));
    }
    Ok(outputs)
}

/// The sitemap files, by path: `sitemap.xml` alone, or `sitemap.xml` as the index of
/// `sitemap-1.xml`, `sitemap-2.xml`, … when the entries are more than `max_urls` (or
/// [`MAX_BYTES`]).
pub fn documents(
    base: &str,
    default_lang: &str,
    entries: impl IntoIterator<Item = Entry>,
    max_urls: usize,
) -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    let mut current: Option<(XmlWriter, usize)> = None;
    for entry in entries {
        let (w, count) = match &mut current {
            Some(c) => c,
            None => current.insert((open_urlset()?, 0)),
        };
        url(w, base, default_lang, &entry)?;
        *count += 1;
        let full = *count >= max_urls.max(1) || w.get_ref().len() >= MAX_BYTES;
        if full && let Some((w, _)) = current.take() {
            chunks.push(close_urlset(w)?);
        }
    }
    if let Some((w, _)) = current.take() {
        chunks.push(close_urlset(w)?);
    }
    if chunks.is_empty() {
        chunks.push(close_urlset(open_urlset()?)?);
    }
    if chunks.len() == 1 {
        return Ok(vec![("sitemap.xml".to_string(), chunks.remove(0))]);
    }
    let mut w = xml::writer()?;
    xml::element(&mut w, "sitemapindex", &[("xmlns", NS)], |w| {
        for n in 1..=chunks.len() {
            xml::element(w, "sitemap", &[], |w| {
                xml::text_element(w, "loc", &[], &format!("{base}sitemap-{n}.xml"))
            })?;
        }
        Ok(())
    })?;
    let mut files = vec![("sitemap.xml".to_string(), xml::finish(w))];
    for (i, bytes) in chunks.into_iter().enumerate() {
        files.push((format!("sitemap-{}.xml", i + 1), bytes));
    }
    Ok(files)
}

fn output(path: &str, bytes: Vec<u8>) -> Output {
    Output {
        path: path.to_string(),
        bytes,
    }
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

fn url(w: &mut XmlWriter, base: &str, default_lang: &str, entry: &Entry) -> io::Result<()> {
    xml::element(w, "url", &[], |w| {
        xml::text_element(w, "loc", &[], &format!("{base}{}", entry.path))?;
        if let Some(t) = entry.lastmod {
            xml::text_element(w, "lastmod", &[], &t.rfc3339())?;
        }
        for (lang, path) in &entry.alternates {
            let href = format!("{base}{path}");
            xml::empty_element(
                w,
                "xhtml:link",
                &[("rel", "alternate"), ("hreflang", lang), ("href", &href)],
            )?;
        }
        if let Some((_, path)) = entry.alternates.iter().find(|(l, _)| l == default_lang) {
            let href = format!("{base}{path}");
            xml::empty_element(
                w,
                "xhtml:link",
                &[
                    ("rel", "alternate"),
                    ("hreflang", "x-default"),
                    ("href", &href),
                ],
            )?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
