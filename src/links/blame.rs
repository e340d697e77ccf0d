//! Where a broken address is written, said as a diagnostic at that place.
//!
//! The places come from the file behind the page's words ([`Origin`]), as parse and Markdown
//! rendering found them: a body's link or image at its line, raw HTML holding the address,
//! a front matter's `links:` entry at its line, a place's text in `data/countries.yaml`
//! under its code. What no such place holds is looked for among the model's named things
//! (a theme's, donor's or partner's `url:`, placed by parse's [`Fields`]), then in the page's
//! front matter by its text (an `extra:` value that a theme turns into an address); else the
//! theme's templates made it, and it is said once for all the pages that have it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, LineIndex, Place, Severity};
use crate::domain::folders;
use crate::model::{Named, Site};
use crate::parse::frontmatter;
use crate::parse::yaml::{self, Fields};
use crate::render::Origin;
use crate::render::markdown::BodyLinks;

use super::scan::Broken;

/// A place that writes a broken address.
#[derive(Debug, Clone)]
pub(super) enum Written {
    /// At a line of a content file.
    Line {
        file: String,
        line: usize,
        written: String,
    },
    /// Under the key of an entry of a data file (a country's text, a donor's `url:`).
    Entry {
        file: &'static str,
        key: String,
        written: String,
    },
    /// Somewhere in a content file's front matter, looked for by its text when reported.
    FrontMatter { file: String, written: String },
}

/// The places that write `url` on a page made from `origin` (`up` being the way from the page
/// up to the site's root).
pub(super) fn written_in(origin: &Origin, url: &str, up: &str) -> Vec<Written> {
    let mut out = Vec::new();
    match origin {
        Origin::Content {
            file,
            body,
            body_line,
            body_links,
            links,
        } => {
            for (offset, written) in in_body(body, body_links, url) {
                let line =
                    body_line + memchr::memchr_iter(b'\n', &body.as_bytes()[..offset]).count();
                out.push(Written::Line {
                    file: file.to_string(),
                    line,
                    written,
                });
            }
            for link in links.iter().filter(|l| l.url == url && l.line > 0) {
                out.push(Written::Line {
                    file: file.to_string(),
                    line: link.line,
                    written: link.url.clone(),
                });
            }
            if out.is_empty() {
                out.push(Written::FrontMatter {
                    file: file.to_string(),
                    written: url.strip_prefix(up).unwrap_or(url).to_string(),
                });
            }
        }
        Origin::PlaceText { key, text, links } => {
            for (_, written) in in_body(text, links, url) {
                out.push(Written::Entry {
                    file: folders::COUNTRIES_FILE,
                    key: key.to_string(),
                    written,
                });
            }
        }
    }
    out
}

/// Where a Markdown text writes `url`: its links and images with that address, and raw HTML
/// holding it (whose addresses are as written), as byte offsets and the address written.
fn in_body(body: &str, links: &BodyLinks, url: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = links
        .links
        .iter()
        .filter(|l| l.url == url)
        .map(|l| (l.offset, l.written().to_string()))
        .collect();
    let escaped = url.replace('&', "&amp;");
    for range in &links.html {
        let Some(html) = body.get(range.clone()) else {
            continue;
        };
        if let Some(at) = find_token(html, url).or_else(|| find_token(html, &escaped)) {
            out.push((range.start + at, url.to_string()));
        }
    }
    out
}

/// Where `needle` stands in `text` as a whole address: not inside a longer one.
fn find_token(text: &str, needle: &str) -> Option<usize> {
    let part_of_address = |c: char| c.is_alphanumeric() || "/._-~%".contains(c);
    text.match_indices(needle).map(|(i, _)| i).find(|&i| {
        !text[..i].chars().next_back().is_some_and(part_of_address)
            && !text[i + needle.len()..]
                .chars()
                .next()
                .is_some_and(part_of_address)
    })
}

/// A diagnostic's file, line and column, and message.
type PlaceKey = (String, Option<(usize, usize)>, String);

/// The texts of content and data files by their path, and each one's lines and fields read
/// once, however many broken links it holds.
struct Texts<'s> {
    sources: &'s dyn Fn(&str) -> Option<Arc<str>>,
    texts: HashMap<String, Option<Arc<str>>>,
    lines: HashMap<String, LineIndex>,
    fields: HashMap<&'static str, Option<Fields>>,
}

impl Texts<'_> {
    fn text(&mut self, file: &str) -> Option<Arc<str>> {
        if let Some(text) = self.texts.get(file) {
            return text.clone();
        }
        let text = (self.sources)(file);
        self.texts.insert(file.to_string(), text.clone());
        text
    }

    fn lines(&mut self, file: &str, text: &Arc<str>) -> &LineIndex {
        self.lines
            .entry(file.to_string())
            .or_insert_with(|| LineIndex::new(text))
    }

    /// Parse's places in a data file.
    fn fields(&mut self, file: &'static str) -> Option<&Fields> {
        let text = self.text(file);
        self.fields
            .entry(file)
            .or_insert_with(|| text.and_then(|t| yaml::fields(file, &t, &t, 1).ok()))
            .as_ref()
    }
}

/// A place found for a broken address: the file, the address as written there, its line.
type Found = (String, String, Option<usize>);

/// Turns broken links into diagnostics at the places that write them.
pub(super) fn blame(
    site: &Site,
    broken: Vec<Broken>,
    sources: &dyn Fn(&str) -> Option<Arc<str>>,
    severity: Severity,
) -> Vec<Diagnostic> {
    let mut texts = Texts {
        sources,
        texts: HashMap::new(),
        lines: HashMap::new(),
        fields: HashMap::new(),
    };
    let mut out: Vec<Diagnostic> = Vec::new();
    // Links from templates, by (what, target): the pages that have them.
    let mut from_templates: BTreeMap<(String, &'static str), (Broken, usize)> = BTreeMap::new();
    // A page may show an address several times (in the body and in its links): each place
    // that holds it is reported once.
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for b in broken {
        if !seen.insert((b.page.clone(), b.reference.url.clone())) {
            continue;
        }
        let mut places: Vec<Found> = Vec::new();
        for w in &b.written {
            places.extend(place(w, &mut texts));
        }
        if places.is_empty() {
            places.extend(named_url(site, &b.reference.url, &mut texts));
        }
        if places.is_empty() {
            from_templates
                .entry((b.target.clone(), b.reference.what))
                .and_modify(|(_, n)| *n += 1)
                .or_insert((b, 1));
            continue;
        }
        for (file, written, line) in places {
            let text = texts.text(&file);
            let shown = text.as_ref().map(|t| (t, texts.lines(&file, t)));
            out.push(diagnostic(&b, &file, &written, line, shown, severity));
        }
    }
    out.extend(
        from_templates
            .into_values()
            .map(|(b, count)| from_template(b, count, severity)),
    );
    // The same place reported from several pages (a data file's address) is said once.
    let mut said: HashSet<PlaceKey> = HashSet::new();
    out.retain(|d| {
        said.insert((
            d.file.clone(),
            d.place.map(|p| (p.line, p.column)),
            d.message.clone(),
        ))
    });
    crate::diagnostic::sort(&mut out);
    out
}

/// The file, address and line of one place that writes a broken address; `None` for a
/// front matter that does not hold it.
fn place(w: &Written, texts: &mut Texts) -> Option<Found> {
    match w {
        Written::Line {
            file,
            line,
            written,
        } => Some((file.clone(), written.clone(), Some(*line))),
        Written::Entry { file, key, written } => {
            let line = texts
                .fields(file)
                .and_then(|f| f.token_place(key, written).or_else(|| f.key_place(key)))
                .map(|p| p.line);
            Some((file.to_string(), written.clone(), line))
        }
        Written::FrontMatter { file, written } => {
            let text = texts.text(file)?;
            let front = frontmatter::split(&text).ok()?.yaml;
            // `yaml` is a slice of `text`.
            let start = (front.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
            let at = start + find_token(front, written)?;
            let line = text[..at].matches('\n').count() + 1;
            Some((file.clone(), written.clone(), Some(line)))
        }
    }
}

/// The `url:` of a theme, donor or partner that is `url`, placed by parse's fields.
fn named_url(site: &Site, url: &str, texts: &mut Texts) -> Vec<Found> {
    let lists: [(&[Named], &'static str); 3] = [
        (&site.themes, folders::THEMES_FILE),
        (&site.donors, folders::DONORS_FILE),
        (&site.partners, folders::PARTNERS_FILE),
    ];
    let mut out = Vec::new();
    for (list, file) in lists {
        for named in list.iter().filter(|n| n.entry.url.as_deref() == Some(url)) {
            let line = texts.fields(file).and_then(|f| {
                f.token_place_after(&named.key, "url", url)
                    .or_else(|| f.token_place(&named.key, "url"))
                    .map(|p| p.line)
            });
            out.push((file.to_string(), url.to_string(), line));
        }
    }
    out
}

/// A broken address that no content or data file holds: the theme's templates made it, on
/// `count` pages.
fn from_template(b: Broken, count: usize, severity: Severity) -> Diagnostic {
    let others = match count {
        1 => String::new(),
        2 => " (and on 1 other page)".to_string(),
        n => format!(" (and on {} other pages)", n - 1),
    };
    Diagnostic {
        severity,
        ..Diagnostic::error(
            format!("{} (generated)", b.page),
            format!(
                "broken {} `{}`: {}{others}",
                b.reference.what, b.reference.url, b.problem
            ),
        )
    }
    .hint(format!(
        "the address comes from the theme's templates, not from a content file; {}",
        b.hint
    ))
}

fn diagnostic(
    b: &Broken,
    file: &str,
    written: &str,
    line: Option<usize>,
    text: Option<(&Arc<str>, &LineIndex)>,
    severity: Severity,
) -> Diagnostic {
    let mut d = Diagnostic {
        severity,
        ..Diagnostic::error(
            file,
            format!("broken {} `{written}`: {}", b.reference.what, b.problem),
        )
    }
    .hint(b.hint.clone());
    if let (Some(line), Some((text, index))) = (line, text) {
        let column = index
            .line(text, line)
            .and_then(|(_, l)| find_token(l, written).map(|i| l[..i].chars().count() + 1));
        d = d
            .at(Some(Place {
                line,
                column: column.unwrap_or(0),
                len: if column.is_some() {
                    written.chars().count()
                } else {
                    0
                },
            }))
            .source(text);
    } else if let Some(line) = line {
        d = d.at(Some(Place {
            line,
            column: 0,
            len: 0,
        }));
    }
    d
}
