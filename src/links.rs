//! The link check: every internal link, fragment, image and translation link of the rendered
//! site, checked against the site itself, in memory, between render and write.
//!
//! Each HTML page is parsed once (tl, on all cores) for the addresses it uses (`href`, `src`,
//! `srcset`, `poster`, `data`) and the ids it holds. An address is internal when it is relative,
//! or absolute under the site's `base_url` (canonical and `hreflang` links); it is broken when
//! no output or static file is there, or when its `#fragment` names no id of the target page.
//! Other sites' addresses are not fetched: a build never uses the network.
//!
//! A broken link is reported where it can be fixed: in a fact sheet's or plain page's Markdown
//! at its line (the body is read again with source positions, only for pages with a broken
//! link), in its front matter (`links:`, `image:`), or else in the theme's templates, once for
//! all the pages that share it.

use std::collections::{BTreeMap, HashMap, HashSet};

use rustc_hash::FxHashSet;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, LineIndex, Place, Severity, closest};
use crate::domain::folders;
use crate::model::Site;
use crate::render::html::{has_scheme, ids_and_addresses, without_raw_text};
use crate::render::markdown::{self, SourceLink};
use crate::render::{Output, plain_page_path, programme_path, root_of};

/// An address used by a page.
#[derive(Debug, Clone)]
struct Reference {
    /// As the HTML has it, entities decoded.
    url: String,
    /// What it is, for messages: "link", "image", "translation link", …
    what: &'static str,
}

/// What one parse of a page found.
struct Scan {
    /// Its ids, each followed by a line break: one string per page, for fragments that other
    /// pages point at.
    ids: String,
    broken: Vec<Broken>,
    /// Addresses of another page with a fragment, waiting for that page's ids:
    /// `(reference, target file, fragment)`.
    pending: Vec<(Reference, String, String)>,
}

/// Where an address leads.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// Outside the site (another host, `mailto:`, …): not checked.
    Elsewhere,
    /// A file of the site (relative to its root; `""` and `…/` are folders), and a fragment.
    Internal { path: String, fragment: String },
}

/// A broken address on a page.
#[derive(Debug)]
struct Broken {
    page: String,
    reference: Reference,
    /// Where it leads, as `path#fragment`.
    target: String,
    problem: String,
    hint: String,
}

/// What belongs to the site: addresses under `base_url` whose first segment is one of the
/// output's own (a language folder, `data`, a static file or folder, `sitemap.xml`, …).
/// Absolute addresses elsewhere on the same host (a main site beside this one) are not fiche's.
struct Scope<'a> {
    base_url: &'a str,
    base_path: &'a str,
    owned: &'a FxHashSet<String>,
    files: &'a FxHashSet<String>,
}

impl Scope<'_> {
    fn resolve(&self, page: &str, url: &str) -> Target {
        let target = resolve(self.base_url, self.base_path, page, url);
        let relative = !(has_scheme(url.trim()) || url.trim().starts_with('/'));
        match target {
            Target::Internal { ref path, .. }
                if !relative
                    && !path.is_empty()
                    && !self.owned.contains(path.split('/').next().unwrap_or("")) =>
            {
                Target::Elsewhere
            }
            t => t,
        }
    }

    /// Whether a site path names an output file (`fr/` is `fr/index.html`; `fr` is served as
    /// the folder too); if so, `file` holds that file's path.
    fn find_file(&self, path: &str, file: &mut String) -> bool {
        let folder = path.is_empty() || path.ends_with('/');
        file.clear();
        file.push_str(path);
        if folder {
            file.push_str("index.html");
        }
        if self.files.contains(file.as_str()) {
            return true;
        }
        if !folder {
            file.push_str("/index.html");
            return self.files.contains(file.as_str());
        }
        false
    }
}

/// The link check of one build: [`Checker::scan`] each page as it is rendered (on any
/// thread), then [`Checker::finish`] with what the scans found.
pub struct Checker<'a> {
    scope: Scope<'a>,
}

/// What the scan of one page found, to be handed to [`Checker::finish`].
pub struct PageScan {
    page: String,
    scan: Scan,
    /// A card checked once: its ids are not the page's.
    card: bool,
}

impl<'a> Checker<'a> {
    /// A check against `files`: every file of the output (pages, generated and static
    /// files) by path relative to its root; `owned` holds their first segments (what
    /// belongs to the site under its base URL).
    pub fn new(
        site: &'a Site,
        files: &'a FxHashSet<String>,
        owned: &'a FxHashSet<String>,
    ) -> Checker<'a> {
        Checker {
            scope: Scope {
                base_url: &site.config.base_url,
                base_path: &site.config.base_path,
                owned,
                files,
            },
        }
    }

    /// Reads one output for its links and ids, but for the byte ranges in `skip` (cards
    /// checked once by [`Checker::scan_card`]); `None` for files that are not HTML pages.
    pub fn scan(&self, output: &Output, skip: &[std::ops::Range<usize>]) -> Option<PageScan> {
        output.path.ends_with(".html").then(|| PageScan {
            page: output.path.clone(),
            scan: scan(&self.scope, &output.path, &output.bytes, skip, false),
            card: false,
        })
    }

    /// Reads a card for its links, as it shows on the page `card.path`, once for all the
    /// pages that list it.
    pub fn scan_card(&self, card: &Output) -> PageScan {
        PageScan {
            page: card.path.clone(),
            scan: scan(&self.scope, &card.path, &card.bytes, &[], true),
            card: true,
        }
    }

    /// Checks links to other pages' fragments against the ids the scans found (fragments of
    /// pages not scanned are not checked), and returns a diagnostic per broken link, of the
    /// given severity; `sources` gives the text of content and data files by `rel`, to show
    /// their lines (asked only when a link is broken).
    pub fn finish<'s>(
        site: &Site,
        scans: Vec<PageScan>,
        sources: impl FnOnce() -> HashMap<&'s str, &'s Arc<str>>,
        severity: Severity,
    ) -> Vec<Diagnostic> {
        let mut ids: HashMap<String, String> = HashMap::new();
        let mut broken = Vec::new();
        let mut pending = Vec::new();
        for PageScan {
            page,
            scan: s,
            card,
        } in scans
        {
            broken.extend(s.broken);
            pending.extend(s.pending.into_iter().map(|p| (page.clone(), p)));
            if !card {
                ids.insert(page, s.ids);
            }
        }
        // A link to an old address (`aliases:`) leads to the page it redirects to.
        let aliases = crate::render::alias_files(site);
        for (page, (reference, file, fragment)) in pending {
            let file = aliases.get(&file).cloned().unwrap_or(file);
            let Some(target_ids) = ids.get(file.as_str()) else {
                continue;
            };
            if target_ids.split('\n').any(|id| id == fragment) {
                continue;
            }
            let (problem, hint) = no_such_id(&file, &fragment, target_ids.split('\n'));
            broken.push(Broken {
                page,
                target: format!("{file}#{fragment}"),
                reference,
                problem,
                hint,
            });
        }
        if broken.is_empty() {
            return Vec::new();
        }
        blame(site, broken, &sources(), severity)
    }
}

/// The message and hint for a fragment that names no id of `file`.
fn no_such_id<'a>(
    file: &str,
    fragment: &str,
    ids: impl Iterator<Item = &'a str>,
) -> (String, String) {
    let hint = match closest(fragment, ids.filter(|i| !i.is_empty())) {
        Some(c) => format!("did you mean `#{c}`?"),
        None => "a heading's id is made from its words: `## Our partners` is `#our-partners`"
            .to_string(),
    };
    (
        format!("`/{file}` has no element with the id `{fragment}`"),
        hint,
    )
}

/// Parses a page once for its ids and the addresses it uses, and checks each address that
/// needs no other page's ids.
///
/// A card checked once (`card`) is read as it shows on its fact sheet, `page`; its links to
/// fragments of that page wait for the page's own ids, which are not the card's.
fn scan(
    scope: &Scope,
    page: &str,
    html: &[u8],
    skip: &[std::ops::Range<usize>],
    card: bool,
) -> Scan {
    let mut out = Scan {
        ids: String::new(),
        broken: Vec::new(),
        pending: Vec::new(),
    };
    let decoded = match std::str::from_utf8(html) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(html),
    };
    let decoded = without(decoded, skip);
    let text = without_raw_text(&decoded);
    let Ok(dom) = tl::parse(&text, tl::ParserOptions::default()) else {
        return out;
    };
    let (ids, references) = ids_and_addresses(&text, &dom);
    let up = "../".repeat(page.matches('/').count());
    let mut file = String::new();
    for (url, what) in references {
        let resolved;
        let (path, fragment) = match site_relative(&url, &up) {
            Some(found) => found,
            None => {
                resolved = scope.resolve(page, &url);
                match &resolved {
                    Target::Internal { path, fragment } => (path.as_str(), fragment.as_str()),
                    Target::Elsewhere => continue,
                }
            }
        };
        let reference = || Reference {
            url: url.to_string(),
            what,
        };
        if !scope.find_file(path, &mut file) {
            out.broken.push(Broken {
                page: page.to_string(),
                reference: reference(),
                target: format!("{path}#{fragment}"),
                problem: format!("leads to `/{path}`, which is not in the site"),
                hint: "write the address from the site's root, such as `en/countries/brazil/` for a page or `images/map.svg` for a file of `static/`".to_string(),
            });
            continue;
        }
        // `#top` is the top of any page (HTML's own rule); other files' fragments (`#page=2`
        // of a PDF, an SVG's symbol) are theirs to interpret.
        if fragment.is_empty() || fragment == "top" || !file.ends_with(".html") {
            continue;
        }
        if file == page && !card {
            if !ids.contains(fragment) {
                let (_, hint) = no_such_id(page, fragment, ids.iter().map(|i| i.as_ref()));
                out.broken.push(Broken {
                    page: page.to_string(),
                    reference: reference(),
                    target: format!("{file}#{fragment}"),
                    problem: format!("this page has no element with the id `{fragment}`"),
                    hint,
                });
            }
        } else {
            out.pending
                .push((reference(), file.clone(), fragment.to_string()));
        }
    }
    for id in &ids {
        out.ids.push_str(id);
        out.ids.push('\n');
    }
    out
}

/// The text without the byte ranges `skip` (in order, not overlapping); the whole text when
/// one of them does not fall between characters.
fn without<'a>(
    text: std::borrow::Cow<'a, str>,
    skip: &[std::ops::Range<usize>],
) -> std::borrow::Cow<'a, str> {
    if skip.is_empty() || skip.iter().any(|r| text.get(r.clone()).is_none()) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in skip {
        if r.start < at {
            return text;
        }
        out.push_str(&text[at..r.start]);
        at = r.end;
    }
    out.push_str(&text[at..]);
    std::borrow::Cow::Owned(out)
}

/// The site path and fragment of an address that climbs to the site's root (`up`, such as
/// `../../`) and goes down from there: what templates and Markdown write. `None` for anything
/// else, which [`resolve`] reads in full.
fn site_relative<'a>(url: &'a str, up: &str) -> Option<(&'a str, &'a str)> {
    let rest = url.strip_prefix(up)?;
    let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    // The page itself (`#x` on the root page), absolute, encoded, with a query, or with dots
    // to resolve: read in full.
    let unusual = (path.is_empty() && up.is_empty())
        || path.starts_with('/')
        || path.contains(['%', '?', ':', '\\', '&'])
        || path.split('/').any(|s| s == ".." || s == ".")
        || fragment.contains('%');
    (!unusual).then_some((path, fragment))
}

/// Where `url`, used on the page at `page` (an output path such as `fr/pays/index.html`), leads.
fn resolve(base_url: &str, base_path: &str, page: &str, url: &str) -> Target {
    let url = url.trim();
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((a, f)) => (a, decode(f)),
        None => (url, String::new()),
    };
    let address = before_fragment.split('?').next().unwrap_or("");
    // The path of the address on the host, before resolving dots.
    let site_rest = url
        .strip_prefix(base_url.trim_end_matches('/'))
        .filter(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']));
    let host_path: String = if let Some(rest) = site_rest {
        let rest = rest.split(['?', '#']).next().unwrap_or("");
        format!("{}{rest}", base_path.trim_end_matches('/'))
    } else if has_scheme(url) || url.starts_with("//") {
        return Target::Elsewhere;
    } else if address.starts_with('/') {
        address.to_string()
    } else if address.is_empty() {
        format!("{base_path}{page}")
    } else {
        let dir = match page.rfind('/') {
            Some(i) => &page[..=i],
            None => "",
        };
        format!("{base_path}{dir}{address}")
    };
    let resolved = remove_dots(&decode(&host_path));
    match resolved.strip_prefix(base_path) {
        Some(path) => Target::Internal {
            path: path.to_string(),
            fragment,
        },
        // The same host, outside the site: nothing fiche knows about.
        None if format!("{resolved}/") == base_path => Target::Internal {
            path: String::new(),
            fragment,
        },
        None => Target::Elsewhere,
    }
}

/// Percent-decoding, for paths and fragments with accents or spaces.
fn decode(text: &str) -> String {
    if text.contains('%') {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    } else {
        text.to_string()
    }
}

/// Resolves `.` and `..` segments of an absolute path, as browsers do.
fn remove_dots(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

/// Where a page's words come from: a content file.
struct Source<'a> {
    file: &'a str,
    body: &'a str,
    body_line: usize,
    /// The page's folder, such as `fr/programmes/blue-pacific/`.
    dir: String,
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

/// Turns broken links into diagnostics at the place that holds them.
fn blame(
    site: &Site,
    broken: Vec<Broken>,
    sources: &HashMap<&str, &Arc<str>>,
    severity: Severity,
) -> Vec<Diagnostic> {
    let data_files: Vec<(&str, &Arc<str>)> = [
        folders::THEMES_FILE,
        folders::DONORS_FILE,
        folders::PARTNERS_FILE,
        folders::COUNTRIES_FILE,
    ]
    .into_iter()
    .filter_map(|f| sources.get(f).map(|t| (f, *t)))
    .collect();
    let by_page = pages_by_file(site);
    // By page, then by address: finding a broken link's places takes the same time however
    // many links the page has.
    let mut body_links: HashMap<String, HashMap<String, Vec<SourceLink>>> = HashMap::new();
    // Each file's lines, indexed once however many broken links it has.
    let mut indexes: HashMap<&str, LineIndex> = HashMap::new();
    let mut out: Vec<Diagnostic> = Vec::new();
    // Links from templates and data files, by (what, target): the pages that have them.
    let mut from_templates: BTreeMap<(String, &'static str), (Broken, usize)> = BTreeMap::new();
    // A page may show an address several times (in the body and in its links): each place
    // that holds it is reported once.
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for b in broken {
        if !seen.insert((b.page.clone(), b.reference.url.clone())) {
            continue;
        }
        let mut places: Vec<(&str, String, usize, Option<&Arc<str>>)> = Vec::new();
        if let Some(source) = by_page.get(&b.page) {
            let links = body_links.entry(b.page.clone()).or_insert_with(|| {
                let mut by_url: HashMap<String, Vec<SourceLink>> = HashMap::new();
                for l in
                    markdown::links_with_lines(source.body, &root_of(&source.dir), source.body_line)
                {
                    by_url.entry(l.url.clone()).or_default().push(l);
                }
                by_url
            });
            let text = sources.get(source.file).copied();
            for link in links.get(&b.reference.url).into_iter().flatten() {
                places.push((source.file, link.written.clone(), link.line, text));
            }
            // Front matter: `links:` and `image:`, at the line that holds the address.
            if let Some(text) = text {
                let front_end = indexes
                    .entry(source.file)
                    .or_insert_with(|| LineIndex::new(text))
                    .line(text, source.body_line)
                    .map(|(offset, _)| offset)
                    .unwrap_or(text.len());
                let written = b
                    .reference
                    .url
                    .strip_prefix(&root_of(&source.dir))
                    .unwrap_or(&b.reference.url);
                if let Some(at) = find_token(&text[..front_end], written) {
                    let line = text[..at].matches('\n').count() + 1;
                    places.push((source.file, written.to_string(), line, Some(text)));
                }
            }
        }
        // Data files: the `url:` of a theme, donor or partner.
        if places.is_empty() {
            for &(file, text) in &data_files {
                if let Some(at) = find_token(text, &b.reference.url) {
                    let line = text[..at].matches('\n').count() + 1;
                    places.push((file, b.reference.url.clone(), line, Some(text)));
                }
            }
        }
        if places.is_empty() {
            from_templates
                .entry((b.target.clone(), b.reference.what))
                .and_modify(|(_, n)| *n += 1)
                .or_insert((b, 1));
            continue;
        }
        for (file, written, line, text) in places {
            let index = text.map(|t| &*indexes.entry(file).or_insert_with(|| LineIndex::new(t)));
            out.push(diagnostic(
                &b,
                file,
                &written,
                Some(line),
                text.zip(index),
                severity,
            ));
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

/// Which content file made each page, by the page's output file.
fn pages_by_file(site: &Site) -> HashMap<String, Source<'_>> {
    let mut by_page: HashMap<String, Source> = HashMap::new();
    for p in &site.programmes {
        for (li, (v, lang)) in p.versions.iter().zip(&site.languages).enumerate() {
            if let Some(f) = v {
                let dir = programme_path(lang, p.slug_in(li));
                by_page.insert(
                    format!("{dir}index.html"),
                    Source {
                        file: &f.file,
                        body: &f.body,
                        body_line: f.body_line,
                        dir,
                    },
                );
            }
        }
    }
    for pg in &site.pages {
        for (li, (v, lang)) in pg.versions.iter().zip(&site.languages).enumerate() {
            if let Some(v) = v {
                let dir = plain_page_path(&lang.code, pg.slug_in(li));
                by_page.insert(
                    format!("{dir}index.html"),
                    Source {
                        file: &v.file,
                        body: &v.body,
                        body_line: v.body_line,
                        dir,
                    },
                );
            }
        }
    }
    by_page
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

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, fragment: &str) -> Target {
        Target::Internal {
            path: path.to_string(),
            fragment: fragment.to_string(),
        }
    }

    #[test]
    fn resolves_relative_root_relative_and_absolute_addresses() {
        let base = "https://example.org/coop/";
        let r = |page: &str, url: &str| resolve(base, "/coop/", page, url);
        let page = "fr/programmes/x/index.html";
        assert_eq!(r(page, "../../../fr/pays/"), internal("fr/pays/", ""));
        assert_eq!(
            r(page, "../y/#context"),
            internal("fr/programmes/y/", "context")
        );
        assert_eq!(r(page, "#top"), internal(page, "top"));
        assert_eq!(r(page, ""), internal(page, ""));
        assert_eq!(r(page, "/coop/en/"), internal("en/", ""));
        assert_eq!(r(page, "https://example.org/coop/es/"), internal("es/", ""));
        assert_eq!(r(page, "https://example.org/coop"), internal("", ""));
        assert_eq!(r(page, "/elsewhere/"), Target::Elsewhere);
        assert_eq!(r(page, "../../../../up/"), Target::Elsewhere);
        assert_eq!(r(page, "https://other.org/"), Target::Elsewhere);
        assert_eq!(r(page, "mailto:a@b.org"), Target::Elsewhere);
        assert_eq!(r(page, "//cdn.example/x.js"), Target::Elsewhere);
        assert_eq!(
            r(page, "../../../images/photo%20%C3%A9t%C3%A9.jpg?v=2"),
            internal("images/photo été.jpg", "")
        );
        assert_eq!(
            r("404.html", "/coop/css/fiche.css"),
            internal("css/fiche.css", "")
        );
    }

    #[test]
    fn finds_ids_and_checks_every_kind_of_address_but_not_in_scripts_or_comments() {
        let html = br##"<!DOCTYPE html><html><head>
            <link rel="stylesheet" href="../../css/a.css">
            <link rel="alternate" hreflang="en" href="https://e.org/en/x/">
            <link rel="alternate" hreflang="es" href="https://e.org/es/x/">
            </head><body><a href="#main">skip</a><h2 id="context">C</h2><a name="old"></a>
            <a href="../y/?a=1&amp;b=2#intro">y</a><a href="#contxt">bad</a><a href="#old">old</a>
            <img src="../../img/i.png" srcset="../../img/i.png 1x, ../../img/i@2x.png 2x">
            <svg><use href="../../map.svg#world"></use></svg>
            <!-- <a href="commented-out"> -->
            <SCRIPT>var s = "<a href='not-a-link'>";</SCRIPT></body></html>"##;
        let files: FxHashSet<String> = [
            "en/x/index.html",
            "en/y/index.html",
            "css/a.css",
            "img/i.png",
            "map.svg",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let scope = Scope {
            base_url: "https://e.org/",
            base_path: "/",
            owned: &["en", "es", "css", "img", "map.svg"]
                .into_iter()
                .map(str::to_string)
                .collect(),
            files: &files,
        };
        let s = scan(&scope, "en/x/index.html", html, &[], false);
        assert!(s.ids.split('\n').any(|i| i == "context"));
        let broken: Vec<(&str, &str, &str)> = s
            .broken
            .iter()
            .map(|b| {
                (
                    b.reference.url.as_str(),
                    b.reference.what,
                    b.problem.as_str(),
                )
            })
            .collect();
        assert_eq!(
            broken,
            [
                (
                    "https://e.org/es/x/",
                    "translation link",
                    "leads to `/es/x/`, which is not in the site"
                ),
                (
                    "#main",
                    "link",
                    "this page has no element with the id `main`"
                ),
                (
                    "#contxt",
                    "link",
                    "this page has no element with the id `contxt`"
                ),
                (
                    "../../img/i@2x.png",
                    "image",
                    "leads to `/img/i@2x.png`, which is not in the site"
                ),
            ]
        );
        assert_eq!(s.broken[2].hint, "did you mean `#context`?");
        let pending: Vec<(&str, &str)> = s
            .pending
            .iter()
            .map(|(_, file, fragment)| (file.as_str(), fragment.as_str()))
            .collect();
        assert_eq!(pending, [("en/y/index.html", "intro")]);
    }
}
