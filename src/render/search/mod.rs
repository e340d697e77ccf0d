//! `<lang>/search-index/`: each language's search index, for the home page's search box and
//! filters (`themes/default/static/js/filters.js` reads it).
//!
//! Made from the model, not by parsing the rendered pages again; each language apart (the
//! plan runs them in parallel). A reader's browser loads only what a query or a filter
//! needs, in this order:
//!
//! - `index.json`, loaded the first time the reader searches or filters: for each facet
//!   (country, region, theme, donor, status, year), its terms' keys and every programme's
//!   terms in the list's order (what the filters and every menu's counts need, a few bytes a
//!   programme), the first word of each word chunk, and a version that the other files are
//!   asked for with (`?v=`), so that a browser never mixes two builds' files;
//! - `w/<n>.json`, the word chunks: for each word, the programmes whose title or summary
//!   uses it (ranked first) and those whose body does, and the other forms of the word that
//!   the index holds ([`words`]); a query loads the chunk of each of its words (and of their
//!   other forms);
//! - `p/<n>.json`, one per programme at position `n` of the list: its card as the theme
//!   renders it (with `\u{1}` where the page's way to the root goes) and its body's text,
//!   from which the browser cuts an excerpt around the words found. Only the results shown
//!   are loaded, ten at a time.
//!
//! A programme shown in another language than the page's (a fallback card) is indexed with
//! the words it is shown with, so that it stays findable. Memberships come from the same
//! term lists as the index pages, so a filter shows exactly the programmes the matching
//! index page lists.

mod words;

use serde::Serialize;

use std::hash::Hasher;

use crate::diagnostic::Diagnostic;
use crate::domain::fingerprint::Fingerprint;
use crate::model::Site;
use crate::model::taxonomy::Kind;

use super::Output;
use super::address::programme_path;
use super::cards::ROOT_MARK;
use super::lang::{LangData, shown_fiche};
use super::markdown::to_plain_text;
use words::{WordIndex, encode_gaps, push_number};

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
    format!("{}/search-index", data.lang.code)
}

/// The file that stands for a language's whole bundle in page keys and page lists.
pub(super) fn path(data: &LangData) -> String {
    format!("{}/index.json", folder(data))
}

/// For a file of a language's search bundle (`fr/search-index/w/3.json`), the file that stands
/// for the bundle in page lists (`fr/search-index/index.json`): while that one is listed, the
/// bundle's other files are part of the site too.
pub fn bundle_entry(file: &str) -> Option<String> {
    let (lang, rest) = file.split_once('/')?;
    let name = rest.strip_prefix("search-index/")?;
    (name.starts_with("w/") || name.starts_with("p/"))
        .then(|| format!("{lang}/search-index/index.json"))
}

/// `index.json`.
#[derive(Serialize)]
struct Index<'a> {
    version: String,
    count: usize,
    facets: Vec<Facet<'a>>,
    chunks: Vec<String>,
}

/// One facet of `index.json`: its terms' keys, and for each programme in the list's order,
/// how many terms it has and their places in `terms` (gaps, as [`encode_gaps`] writes them).
#[derive(Serialize)]
struct Facet<'a> {
    name: &'a str,
    terms: Vec<&'a str>,
    rows: String,
}

/// `p/<n>.json`: `{"url":…,"title":…,"card":…,"text":…}`, without `card` when there is
/// none.
struct Fragment<'a> {
    url: &'a str,
    title: &'a str,
    /// The card as the theme renders it, when the theme has `partials/card.html`.
    card: Option<String>,
    text: String,
}

impl Fragment<'_> {
    /// The file's bytes, as `serde_json` would write them (the strings escaped by
    /// [`push_json_string`], in a third of the instructions `serde_json` took: 49 M against
    /// 139 M at 1,000 × 3, most of them on the cards' markup and its quotes).
    fn to_json(&self) -> Vec<u8> {
        let card = self.card.as_deref().map_or(0, str::len);
        let mut out =
            Vec::with_capacity(self.url.len() + self.title.len() + card + self.text.len() + 64);
        out.extend_from_slice(b"{\"url\":");
        push_json_string(&mut out, self.url);
        out.extend_from_slice(b",\"title\":");
        push_json_string(&mut out, self.title);
        if let Some(card) = &self.card {
            out.extend_from_slice(b",\"card\":");
            push_json_string(&mut out, card);
        }
        out.extend_from_slice(b",\"text\":");
        push_json_string(&mut out, &self.text);
        out.push(b'}');
        out
    }
}

/// Appends `text` as a JSON string, escaped as `serde_json` escapes it: `"` and `\`, the
/// control characters (`\n`, `\t`, … where JSON has a short escape, else `\u00XX` in
/// lowercase), nothing else. Text without control characters (nearly all: they are looked
/// for in one pass the compiler vectorises) has its `"` and `\` found by memchr2.
fn push_json_string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.push(b'"');
    let mut copied = 0;
    let mut escape = |out: &mut Vec<u8>, i: usize, escaped: &[u8]| {
        out.extend_from_slice(&bytes[copied..i]);
        out.extend_from_slice(escaped);
        copied = i + 1;
    };
    if !bytes.iter().fold(false, |control, &b| control | (b < 0x20)) {
        for i in memchr::memchr2_iter(b'"', b'\\', bytes) {
            escape(out, i, &[b'\\', bytes[i]]);
        }
    } else {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'"' | b'\\' => escape(out, i, &[b'\\', b]),
                b'\n' => escape(out, i, b"\\n"),
                b'\r' => escape(out, i, b"\\r"),
                b'\t' => escape(out, i, b"\\t"),
                0x08 => escape(out, i, b"\\b"),
                0x0c => escape(out, i, b"\\f"),
                0..0x20 => escape(
                    out,
                    i,
                    &[
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[usize::from(b >> 4)],
                        HEX[usize::from(b & 15)],
                    ],
                ),
                _ => {}
            }
        }
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

fn facets<'a>(data: &'a LangData) -> Vec<Facet<'a>> {
    FACETS
        .iter()
        .map(|&(kind, name)| {
            let entries = data.terms.get(&kind).map(Vec::as_slice).unwrap_or(&[]);
            let mut rows: Vec<Vec<u32>> = vec![Vec::new(); data.order.len()];
            for (term, entry) in entries.iter().enumerate() {
                for &p in &entry.members {
                    if let Some(row) = rows.get_mut(data.rank[p]) {
                        row.push(term as u32);
                    }
                }
            }
            let mut encoded = String::with_capacity(rows.len() * 2);
            for row in &rows {
                push_number(&mut encoded, row.len() as u32);
                encoded.push_str(&encode_gaps(row));
            }
            Facet {
                name,
                terms: entries.iter().map(|e| e.key.as_str()).collect(),
                rows: encoded,
            }
        })
        .collect()
}

/// The search bundle of one language, as files under `<lang>/search-index/`, each handed to
/// `emit` as soon as it is made (a build writes them at once: 30,000 fragments at 10,000
/// programmes × 3 are not held together); `index.json` comes last. An error when a body
/// cannot be read again (see [`crate::parse::content::TextSlice::read`]).
pub(super) fn search_index(
    site: &Site,
    data: &LangData,
    emit: &mut dyn FnMut(Output),
) -> Result<(), Diagnostic> {
    let li = site.language_index(&data.lang.code).unwrap_or(0);
    let folder = folder(data);
    let mut index = WordIndex::default();
    let mark = ROOT_MARK.to_string();
    // The version: a fingerprint of every other file of the bundle.
    let mut version = Fingerprint::default();
    let mut send = |output: Output, version: &mut Fingerprint| {
        version.write(output.path.as_bytes());
        version.write(&output.bytes);
        emit(output);
    };
    for (position, &p) in data.order.iter().enumerate() {
        let entry = &data.cards[p];
        let (vi, f, _) = shown_fiche(site, p, li);
        let (title, summary) = (&f.front.title, &f.front.summary);
        // As the card shows it (`Card::path`).
        let url = programme_path(&site.languages[vi], site.programmes[p].slug_in(vi));
        let text = to_plain_text(&f.body.read()?);
        index.add(position as u32, &format!("{title}\n{summary}"), &text);
        let html = entry.html.as_ref().map(|h| {
            let mut out = String::with_capacity(h.len_with(&mark));
            h.push_to(&mut out, &mark);
            out
        });
        let fragment = Fragment {
            url: &url,
            title,
            card: html,
            text,
        };
        let path = format!("{folder}/p/{position}.json");
        send(Output::new(path, fragment.to_json()), &mut version);
    }
    let stemmer = words::stemmer(&data.lang.code);
    let firsts = index.chunks(stemmer.as_ref(), |n, chunk| {
        let path = format!("{folder}/w/{n}.json");
        send(Output::new(path, chunk.into_bytes()), &mut version);
    });
    let entry = Index {
        version: format!("{:016x}", version.finish()),
        count: data.order.len(),
        facets: facets(data),
        chunks: firsts,
    };
    let bytes = serde_json::to_vec(&entry).unwrap_or_default();
    send(Output::new(path(data), bytes), &mut version);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Fragment, bundle_entry, push_json_string};

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let every_byte: String = (0u8..128).map(char::from).collect();
        for text in [
            String::new(),
            "plain".to_string(),
            "exactly8".to_string(),
            "<a href=\"../fr/x/\">Eau \\ potable</a>\n".to_string(),
            every_byte.clone(),
            every_byte.chars().rev().collect(),
            "é\u{2028}\"ü\u{1}ẞ\u{7f}".repeat(5),
            "a\"".repeat(20),
        ] {
            let mut ours = Vec::new();
            push_json_string(&mut ours, &text);
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(&text).unwrap(),
                "{text:?}"
            );
        }
        let fragment = |card: Option<&str>| Fragment {
            url: "fr/programmes/x/",
            title: "Un \"titre\"",
            card: card.map(str::to_string),
            text: "Texte\tavec\u{1}".to_string(),
        };
        let value = |card: Option<&str>| {
            let mut v = serde_json::json!({
                "url": "fr/programmes/x/",
                "title": "Un \"titre\"",
                "text": "Texte\tavec\u{1}",
            });
            if let Some(card) = card {
                v["card"] = card.into();
            }
            v
        };
        for card in [None, Some("<li>\u{1}fr/</li>")] {
            let written: serde_json::Value =
                serde_json::from_slice(&fragment(card).to_json()).unwrap();
            assert_eq!(written, value(card));
        }
        // In the fields' order.
        assert!(
            String::from_utf8(fragment(Some("c")).to_json())
                .unwrap()
                .starts_with(
                    r#"{"url":"fr/programmes/x/","title":"Un \"titre\"","card":"c","text""#
                )
        );
    }

    #[test]
    fn a_bundle_file_is_listed_by_its_entry() {
        assert_eq!(
            bundle_entry("fr/search-index/w/3.json").as_deref(),
            Some("fr/search-index/index.json")
        );
        assert_eq!(
            bundle_entry("ar/search-index/p/120.json").as_deref(),
            Some("ar/search-index/index.json")
        );
        assert_eq!(bundle_entry("fr/search-index/index.json"), None);
        assert_eq!(bundle_entry("fr/search/w/3.json"), None);
        assert_eq!(bundle_entry("fr/programmes/search/index.html"), None);
        assert_eq!(bundle_entry("index.html"), None);
    }
}
