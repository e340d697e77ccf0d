//! What a rendered page holds: its ids and the addresses it uses, found by reading the HTML
//! once. The link check reads pages with it, and render asks it whether a card shows the
//! same links on every page.
//!
//! [`start_tags`] reads the start tags of a page as HTML's tokenizer does, without building a
//! tree: comments, doctypes and CDATA are skipped whole, and the contents of raw-text and
//! RCDATA elements (`script`, `style`, `title`, `textarea`, …) are text, not markup. It is
//! hand-written because the numbers say so: over the 4,544 pages of a 1,000 × 3 build (98
//! MB), finding the same attributes took 42 ms with it, 315 ms with tl (which builds a tree)
//! and 560 ms with html5gum's callback tokenizer; tl was 16% of a build's instructions.

use std::borrow::Cow;

use rustc_hash::FxHashSet;

/// A start tag: its name and its attributes as written (values with their character
/// references not yet decoded: [`StartTag::get`] decodes them). The page is read as bytes:
/// only the values asked for are read as UTF-8, not the whole page again (it was 1.7% of a
/// build's time).
pub(crate) struct StartTag<'t, 'a> {
    pub(crate) name: &'a [u8],
    pub(crate) attributes: &'t [(&'a [u8], &'a [u8])],
}

impl<'a> StartTag<'_, 'a> {
    /// Whether the tag is named `name` (lowercase), whatever the case it is written in.
    fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name.as_bytes())
    }

    /// Whether the tag has the attribute `key` (lowercase).
    pub(crate) fn has(&self, key: &str) -> bool {
        self.attributes
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case(key.as_bytes()))
    }

    /// The value of the attribute `key` (lowercase; the first one when it is written twice,
    /// as HTML keeps), its character references decoded (bytes that are not UTF-8 read as
    /// U+FFFD).
    pub(crate) fn get(&self, key: &str) -> Option<Cow<'a, str>> {
        let (_, value) = self
            .attributes
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key.as_bytes()))?;
        // `&` is looked for in the bytes by memchr: `str::contains` with a `char` goes
        // through a searcher whose setup outweighs the short values most addresses are.
        let entities = memchr::memchr(b'&', value).is_some();
        // Checked as UTF-8 first: `from_utf8_lossy` took three times as long on the short
        // values most addresses are.
        let value = match std::str::from_utf8(value) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(value),
        };
        Some(if entities {
            Cow::Owned(html_escape::decode_html_entities(&value).into_owned())
        } else {
            value
        })
    }
}

/// Elements whose contents are text up to their end tag: raw text and RCDATA in HTML's
/// tokenizer (`plaintext` runs to the end).
const TEXT_ONLY: [&str; 8] = [
    "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes",
];

/// What [`read_tag`] stops at, by byte: HTML's spaces, `/`, `>` and `=` (one lookup in
/// place of up to eight comparisons for each byte of a tag).
const TAG_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    table[b' ' as usize] = SPACE;
    table[b'\t' as usize] = SPACE;
    table[b'\n' as usize] = SPACE;
    table[b'\r' as usize] = SPACE;
    table[0x0c] = SPACE;
    table[b'/' as usize] = SLASH;
    table[b'>' as usize] = END;
    table[b'=' as usize] = EQUALS;
    table
};
const SPACE: u8 = 1;
const SLASH: u8 = 2;
const END: u8 = 4;
const EQUALS: u8 = 8;

/// Whether `b` is of one of the classes `of` of [`TAG_CLASS`].
fn is(b: u8, of: u8) -> bool {
    TAG_CLASS[usize::from(b)] & of != 0
}

/// Calls `f` with each start tag of `html`, in order. Returns whether `html` ends outside
/// any tag, comment or text-only element, so that what follows it would be read as if it
/// began a page (`false` when one is left open, or `html` ends with `<`).
pub(crate) fn start_tags<'a>(html: &'a [u8], mut f: impl FnMut(&StartTag<'_, 'a>)) -> bool {
    let b = html;
    let mut at = 0;
    let mut attributes: Vec<(&'a [u8], &'a [u8])> = Vec::new();
    while let Some(i) = find_byte(b'<', b, at) {
        at = i + 1;
        let Some(&next) = b.get(at) else {
            return false;
        };
        let end = match next {
            b'!' => skip_markup_declaration(b, at),
            b'?' => skip_past(b, at, b">"),
            b'/' if b.get(at + 1).is_some_and(u8::is_ascii_alphabetic) => {
                // An end tag: its attributes, if any, are read and dropped.
                attributes.clear();
                read_tag(html, at + 1, &mut attributes).map(|(_, end)| end)
            }
            b'/' => skip_past(b, at, b">"),
            c if c.is_ascii_alphabetic() => {
                attributes.clear();
                match read_tag(html, at, &mut attributes) {
                    Some((name, end)) => {
                        let tag = StartTag {
                            name,
                            attributes: &attributes,
                        };
                        f(&tag);
                        if tag.is("plaintext") {
                            None
                        } else if let Some(text_only) = TEXT_ONLY.iter().find(|t| tag.is(t)) {
                            find_closing(html, end, text_only)
                        } else {
                            Some(end)
                        }
                    }
                    None => None,
                }
            }
            // `<` in text.
            _ => Some(at),
        };
        match end {
            Some(end) => at = end,
            None => return false,
        }
    }
    true
}

/// Where the next `byte` is in `b`, at or after `at`. The first bytes are looked at one by one
/// and the rest by memchr: in markup the next `<` or closing quote is most often a few bytes
/// away, where memchr's setup took longer than the search (memchr was a third of the time
/// reading a build's pages took; looking near first took that time from 136 to 116 ms).
fn find_byte(byte: u8, b: &[u8], at: usize) -> Option<usize> {
    let rest = b.get(at..)?;
    let (near, far) = rest.split_at(rest.len().min(NEAR));
    match near.iter().position(|&c| c == byte) {
        Some(i) => Some(at + i),
        None => memchr::memchr(byte, far).map(|i| at + NEAR + i),
    }
}

/// How many bytes [`find_byte`] looks at one by one.
const NEAR: usize = 16;

/// Where what follows `<!` ends: a comment at `-->` (`<!-->` and `<!--->` are empty ones), a
/// CDATA section at `]]>`, a doctype or anything else at `>`.
fn skip_markup_declaration(b: &[u8], at: usize) -> Option<usize> {
    let rest = &b[at + 1..];
    if rest.starts_with(b"--") {
        let body = at + 3;
        if b[body..].starts_with(b">") {
            return Some(body + 1);
        }
        if b[body..].starts_with(b"->") {
            return Some(body + 2);
        }
        skip_past(b, body, b"-->")
    } else if rest.starts_with(b"[CDATA[") {
        skip_past(b, at, b"]]>")
    } else {
        skip_past(b, at, b">")
    }
}

/// The position just after the next `needle` at or after `at`.
fn skip_past(b: &[u8], at: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&b[at..], needle).map(|i| at + i + needle.len())
}

/// Reads a tag from its name at `at` to its `>`: its name, and its attributes into
/// `attributes`; `None` when the page ends inside it (HTML drops such a tag).
fn read_tag<'a>(
    html: &'a [u8],
    mut at: usize,
    attributes: &mut Vec<(&'a [u8], &'a [u8])>,
) -> Option<(&'a [u8], usize)> {
    let b = html;
    let name_start = at;
    while at < b.len() && !is(b[at], SPACE | SLASH | END) {
        at += 1;
    }
    let name = &html[name_start..at];
    loop {
        while at < b.len() && is(b[at], SPACE | SLASH) {
            at += 1;
        }
        match b.get(at) {
            None => return None,
            Some(b'>') => return Some((name, at + 1)),
            Some(_) => {}
        }
        // A name's first character may be `=`.
        let key_start = at;
        at += 1;
        while at < b.len() && !is(b[at], SPACE | SLASH | END | EQUALS) {
            at += 1;
        }
        let key = &html[key_start..at];
        while at < b.len() && is(b[at], SPACE) {
            at += 1;
        }
        let mut value: &[u8] = b"";
        if b.get(at) == Some(&b'=') {
            at += 1;
            while at < b.len() && is(b[at], SPACE) {
                at += 1;
            }
            match b.get(at) {
                Some(&quote) if quote == b'"' || quote == b'\'' => {
                    let start = at + 1;
                    let end = find_byte(quote, b, start)?;
                    value = &html[start..end];
                    at = end + 1;
                }
                _ => {
                    let start = at;
                    while at < b.len() && !is(b[at], SPACE | END) {
                        at += 1;
                    }
                    value = &html[start..at];
                }
            }
        }
        attributes.push((key, value));
    }
}

/// The ids (and anchors' names) of a page, and the addresses it uses with what each is
/// ("link", "image", …).
pub(crate) type Found<'a> = (FxHashSet<Cow<'a, str>>, Vec<(Cow<'a, str>, &'static str)>);

/// The ids and addresses of a page ([`Found`]).
pub(crate) fn ids_and_addresses(html: &[u8]) -> Found<'_> {
    ids_and_addresses_in(&[html]).unwrap_or_default()
}

/// The ids and addresses of the page that `parts` make one after the other, each read where
/// it is (a page without its cards is not copied together first); `None` when a part other
/// than the last ends inside a tag, comment or text-only element, where only the joined
/// bytes can tell what follows.
pub(crate) fn ids_and_addresses_in<'a>(parts: &[&'a [u8]]) -> Option<Found<'a>> {
    let mut ids: FxHashSet<Cow<str>> = FxHashSet::default();
    let mut references: Vec<(Cow<str>, &'static str)> = Vec::new();
    let mut each = |tag: &StartTag<'_, 'a>| {
        // Most tags have no attribute (`<li>`, `<p>`, `<dd>`), so neither id nor address.
        if tag.attributes.is_empty() {
            return;
        }
        if let Some(id) = tag.get("id") {
            ids.insert(id);
        }
        let name = if tag.name.iter().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(tag.name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(tag.name)
        };
        let mut add = |url, what| references.push((url, what));
        match name.as_ref() {
            b"a" | b"area" => {
                if let Some(anchor) = tag.get("name") {
                    ids.insert(anchor);
                }
                if let Some(url) = tag.get("href") {
                    let what = if tag.has("hreflang") {
                        "translation link"
                    } else {
                        "link"
                    };
                    add(url, what);
                }
            }
            b"link" => {
                if let Some(url) = tag.get("href") {
                    let rel = tag.get("rel").unwrap_or_default().to_ascii_lowercase();
                    let what = if rel.contains("alternate") && tag.has("hreflang") {
                        "translation link"
                    } else if rel.contains("stylesheet") {
                        "stylesheet"
                    } else if rel.contains("preconnect") || rel.contains("dns-prefetch") {
                        return;
                    } else {
                        "link"
                    };
                    add(url, what);
                }
            }
            b"img" | b"source" => {
                if let Some(url) = tag.get("src") {
                    add(url, "image");
                }
                if let Some(set) = tag.get("srcset") {
                    for candidate in set.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            add(Cow::Owned(url.to_string()), "image");
                        }
                    }
                }
            }
            b"script" | b"iframe" | b"audio" | b"embed" | b"track" => {
                if let Some(url) = tag.get("src") {
                    add(url, "file");
                }
            }
            b"video" => {
                if let Some(url) = tag.get("src") {
                    add(url, "file");
                }
                if let Some(url) = tag.get("poster") {
                    add(url, "image");
                }
            }
            b"object" => {
                if let Some(url) = tag.get("data") {
                    add(url, "file");
                }
            }
            b"use" | b"image" => {
                if let Some(url) = tag.get("href").or_else(|| tag.get("xlink:href")) {
                    add(url, "image");
                }
            }
            _ => {}
        }
    };
    for (i, part) in parts.iter().enumerate() {
        if !start_tags(part, &mut each) && i + 1 < parts.len() {
            return None;
        }
    }
    Some((ids, references))
}

/// Whether a card shows the same links and ids on every page, so that one check of it
/// stands for all the pages that list it: it has no id (nor anchor name), which would be
/// the page's, and each of its addresses starts with `mark` (the way to the root, filled in
/// per page), starts at the host's root, or names another site.
pub fn same_on_every_page(html: &str, mark: char) -> bool {
    let (ids, references) = ids_and_addresses(html.as_bytes());
    ids.is_empty()
        && references.iter().all(|(url, _)| {
            let url = url.trim();
            url.starts_with(mark) || url.starts_with('/') || has_scheme(url)
        })
}

/// Where `</tag` (any case) is, at or after `from`.
pub(crate) fn find_closing(html: &[u8], from: usize, tag: &str) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memmem::find(&html[at..], b"</") {
        let start = at + i;
        let after = &html[start + 2..];
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each start tag as `name attr=value …`, values decoded.
    fn tags(html: &str) -> Vec<String> {
        let mut out = Vec::new();
        start_tags(html.as_bytes(), |tag| {
            let mut line = String::from_utf8_lossy(tag.name).into_owned();
            for (key, _) in tag.attributes {
                let key = String::from_utf8_lossy(key);
                line.push_str(&format!(" {key}={}", tag.get(&key).unwrap_or_default()));
            }
            out.push(line);
        });
        out
    }

    #[test]
    fn reads_start_tags_as_html_does() {
        assert_eq!(
            tags(
                "<!DOCTYPE html><p class=a>1 < 2 <B ID='x' hidden><a/href=\"?a=1&amp;b=2\"/>\
                 </a title=\"<i>\"><img src=a.png alt='a > b'><x =y>"
            ),
            [
                "p class=a",
                "B ID=x hidden=",
                "a href=?a=1&b=2",
                "img src=a.png alt=a > b",
                "x =y=",
            ]
        );
    }

    #[test]
    fn comments_cdata_and_text_only_elements_hold_no_tags() {
        let html = "<!-- <a href=1> --><!--><a href=2><!---><a href=3>\
            <svg><![CDATA[ <a href=4> ]]></svg>\
            <SCRIPT>let s = '<a href=5>';</Script><a href=6>\
            <style>a::after { content: '<a href=7>' }</style>\
            <title><a href=8></title><textarea><a href=9></TEXTAREA><a href=10>";
        let hrefs: Vec<String> = tags(html)
            .into_iter()
            .filter(|t| t.starts_with("a "))
            .collect();
        assert_eq!(hrefs, ["a href=2", "a href=3", "a href=6", "a href=10"]);
    }

    #[test]
    fn the_first_of_two_attributes_counts_and_a_tag_cut_off_by_the_end_is_dropped() {
        let mut found = Vec::new();
        start_tags(b"<a href=one HREF=two><a href=\"three", |tag| {
            found.push(tag.get("href").unwrap_or_default().into_owned());
        });
        assert_eq!(found, ["one"]);
        // A script without its end tag runs to the end of the page.
        assert_eq!(tags("<script><a href=x>"), ["script"]);
    }

    #[test]
    fn a_byte_is_found_near_and_far_as_memchr_finds_it() {
        for len in [0, 1, NEAR - 1, NEAR, NEAR + 1, 3 * NEAR] {
            for place in 0..=len {
                let mut bytes = vec![b'a'; len];
                if let Some(b) = bytes.get_mut(place) {
                    *b = b'<';
                }
                for at in 0..=len + 1 {
                    let expected = bytes
                        .get(at..)
                        .and_then(|rest| memchr::memchr(b'<', rest))
                        .map(|i| at + i);
                    assert_eq!(find_byte(b'<', &bytes, at), expected, "{len} {place} {at}");
                }
            }
        }
    }

    #[test]
    fn a_page_read_in_parts_is_read_as_the_parts_joined_or_not_at_all() {
        let page = "<!DOCTYPE html><p id=a>x < y</p><ul><li><a href=\"../b/\">b</a></li>\
            <li><img src=i.png alt='1 > 0'></li></ul><!-- c --><script>var s = '<a href=x>';\
            </script><a href='#a' id=last>end</a><";
        let joined = ids_and_addresses(page.as_bytes());
        let sorted = |found: Found| {
            let mut ids: Vec<String> = found.0.into_iter().map(Cow::into_owned).collect();
            ids.sort();
            let refs: Vec<(String, &str)> = found
                .1
                .into_iter()
                .map(|(u, w)| (u.into_owned(), w))
                .collect();
            (ids, refs)
        };
        let whole = sorted(joined);
        assert_eq!(whole.0, ["a", "last"]);
        assert_eq!(whole.1.len(), 3);
        // Every cut: in parts where each part but the last ends between tags, else none.
        let bytes = page.as_bytes();
        let (mut read, mut refused) = (0, 0);
        for cut in 1..bytes.len() {
            let (first, second) = bytes.split_at(cut);
            match ids_and_addresses_in(&[first, second]) {
                Some(found) => {
                    assert_eq!(sorted(found), whole, "cut at {cut}");
                    read += 1;
                }
                None => refused += 1,
            }
        }
        assert!(read > 20 && refused > 100, "{read} read, {refused} refused");
        // Inside a tag, a comment, a script, or just after `<`: the parts alone would be read
        // otherwise.
        for open in ["<a href=x", "<!-- c", "<script>var a", "<", "<title>t"] {
            assert!(!start_tags(open.as_bytes(), |_| {}), "{open}");
        }
        for closed in [
            "",
            "text",
            "<p>a</p>",
            "<!-- c -->",
            "<script></script>",
            "a < b",
        ] {
            assert!(start_tags(closed.as_bytes(), |_| {}), "{closed}");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_read_as_replacement_characters_where_they_matter() {
        let html = b"<p>caf\xe9 <b>x</b></p><a href=\"caf\xe9.html\" id=x\xff>";
        let (ids, references) = ids_and_addresses(html);
        assert!(ids.contains("x\u{fffd}"), "{ids:?}");
        let references: Vec<(&str, &str)> =
            references.iter().map(|(u, w)| (u.as_ref(), *w)).collect();
        assert_eq!(references, [("caf\u{fffd}.html", "link")]);
    }
}
