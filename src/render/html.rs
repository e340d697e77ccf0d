//! What a rendered page holds: its ids and the addresses it uses, found by parsing the HTML
//! once (tl). The link check reads pages with it, and render asks it whether a card shows the
//! same links on every page.

use rustc_hash::FxHashSet;

/// The ids (and anchors' names) of a parsed page, and the addresses it uses with what each
/// is ("link", "image", …).
#[allow(clippy::type_complexity)]
pub(crate) fn ids_and_addresses<'a>(
    text: &'a str,
    dom: &tl::VDom<'_>,
) -> (
    FxHashSet<std::borrow::Cow<'a, str>>,
    Vec<(std::borrow::Cow<'a, str>, &'static str)>,
) {
    let mut ids: FxHashSet<std::borrow::Cow<str>> = FxHashSet::default();
    let mut references: Vec<(std::borrow::Cow<str>, &'static str)> = Vec::new();
    for node in dom.nodes() {
        let Some(tag) = node.as_tag() else { continue };
        let attrs = tag.attributes();
        let get = |key: &'static str| attribute(text, attrs, key);
        if let Some(id) = get("id") {
            ids.insert(id);
        }
        let name = as_text(text, tag.name().as_bytes());
        let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(name.to_ascii_lowercase())
        } else {
            name
        };
        let mut add = |url, what| references.push((url, what));
        match name.as_ref() {
            "a" | "area" => {
                if let Some(anchor) = get("name") {
                    ids.insert(anchor);
                }
                if let Some(url) = get("href") {
                    let what = if attrs.contains("hreflang") {
                        "translation link"
                    } else {
                        "link"
                    };
                    add(url, what);
                }
            }
            "link" => {
                if let Some(url) = get("href") {
                    let rel = get("rel").unwrap_or_default().to_ascii_lowercase();
                    let what = if rel.contains("alternate") && attrs.contains("hreflang") {
                        "translation link"
                    } else if rel.contains("stylesheet") {
                        "stylesheet"
                    } else if rel.contains("preconnect") || rel.contains("dns-prefetch") {
                        continue;
                    } else {
                        "link"
                    };
                    add(url, what);
                }
            }
            "img" | "source" => {
                if let Some(url) = get("src") {
                    add(url, "image");
                }
                if let Some(set) = get("srcset") {
                    for candidate in set.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            add(std::borrow::Cow::Owned(url.to_string()), "image");
                        }
                    }
                }
            }
            "script" | "iframe" | "audio" | "embed" | "track" => {
                if let Some(url) = get("src") {
                    add(url, "file");
                }
            }
            "video" => {
                if let Some(url) = get("src") {
                    add(url, "file");
                }
                if let Some(url) = get("poster") {
                    add(url, "image");
                }
            }
            "object" => {
                if let Some(url) = get("data") {
                    add(url, "file");
                }
            }
            "use" | "image" => {
                if let Some(url) = get("href").or_else(|| get("xlink:href")) {
                    add(url, "image");
                }
            }
            _ => {}
        }
    }
    (ids, references)
}

/// Whether a card shows the same links and ids on every page, so that one check of it
/// stands for all the pages that list it: it has no id (nor anchor name), which would be
/// the page's, and each of its addresses starts with `mark` (the way to the root, filled in
/// per page), starts at the host's root, or names another site.
pub fn same_on_every_page(html: &str, mark: char) -> bool {
    let text = without_raw_text(html);
    let Ok(dom) = tl::parse(&text, tl::ParserOptions::default()) else {
        return false;
    };
    let (ids, references) = ids_and_addresses(&text, &dom);
    ids.is_empty()
        && references.iter().all(|(url, _)| {
            let url = url.trim();
            url.starts_with(mark) || url.starts_with('/') || has_scheme(url)
        })
}

/// An attribute's value, its character references decoded.
pub(crate) fn attribute<'a>(
    text: &'a str,
    attrs: &tl::Attributes<'_>,
    key: &'static str,
) -> Option<std::borrow::Cow<'a, str>> {
    attrs
        .get(key)
        .flatten()
        .map(|v| match as_text(text, v.as_bytes()) {
            raw if raw.contains('&') => std::borrow::Cow::Owned(
                html_escape::decode_html_entities(raw.as_ref()).into_owned(),
            ),
            raw => raw,
        })
}

/// A piece of the parsed page as text: borrowed from the page (which is UTF-8 already)
/// rather than checked again, as tl's `as_utf8_str` does for every name and value.
pub(crate) fn as_text<'a>(text: &'a str, part: &[u8]) -> std::borrow::Cow<'a, str> {
    match crate::parse::content::range_within(text, part) {
        Some(range) => std::borrow::Cow::Borrowed(&text[range]),
        None => String::from_utf8_lossy(part).into_owned().into(),
    }
}

/// The page with the contents of `<script>` and `<style>` blanked out: they are text, not
/// markup (tl would otherwise read a tag in a script's string as an element). Pages whose
/// scripts and styles are all empty (`<script src>`) are not copied.
pub(crate) fn without_raw_text(html: &str) -> std::borrow::Cow<'_, str> {
    let ranges = raw_text_ranges(html);
    if ranges.iter().all(|r| html[r.clone()].trim().is_empty()) {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for r in ranges {
        out.push_str(&html[at..r.start]);
        out.extend(
            html[r.clone()]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        at = r.end;
    }
    out.push_str(&html[at..]);
    std::borrow::Cow::Owned(out)
}

/// The byte ranges of the contents of `<script>` and `<style>` elements, whatever their case.
pub(crate) fn raw_text_ranges(html: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = html.as_bytes();
    // Only `<s` and `<S` can open one: look for those (memchr's searchers are vectorised).
    let mut starts: Vec<usize> = memchr::memmem::find_iter(bytes, b"<s")
        .chain(memchr::memmem::find_iter(bytes, b"<S"))
        .collect();
    starts.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for start in starts {
        if start < at {
            continue;
        }
        let after = &bytes[start + 1..];
        let tag = ["script", "style"].into_iter().find(|t| {
            after.len() > t.len()
                && after[..t.len()].eq_ignore_ascii_case(t.as_bytes())
                && !after[t.len()].is_ascii_alphanumeric()
        });
        let Some(tag) = tag else { continue };
        // The content starts after the opening tag's `>` and ends at the closing tag.
        let Some(content) = html[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let end = find_closing(html, content, tag).unwrap_or(html.len());
        out.push(content..end);
        at = end;
    }
    out
}

/// Where `</tag` (any case) is, at or after `from`.
pub(crate) fn find_closing(html: &str, from: usize, tag: &str) -> Option<usize> {
    let mut at = from;
    while let Some(i) = html[at..].find("</") {
        let start = at + i;
        let after = &html.as_bytes()[start + 2..];
        if after.len() >= tag.len() && after[..tag.len()].eq_ignore_ascii_case(tag.as_bytes()) {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

pub(crate) fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
    })
}
