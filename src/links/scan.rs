//! One page read once: its ids, and each address it uses checked against the site's files,
//! and against its own ids for a fragment of itself. A broken address is given the places
//! that write it, from the file behind the page's words ([`Origin`]).

use std::ops::Range;

use crate::diagnostic::closest;
use crate::render::Origin;
use crate::render::html::{ids_and_addresses, ids_and_addresses_in};

use super::address::{Scope, Target, site_relative};
use super::blame::{Written, written_in};

/// An address used by a page.
#[derive(Debug, Clone)]
pub(super) struct Reference {
    /// As the HTML has it, entities decoded.
    pub(super) url: String,
    /// What it is, for messages: "link", "image", "translation link", …
    pub(super) what: &'static str,
}

/// A broken address on a page.
#[derive(Debug)]
pub(super) struct Broken {
    pub(super) page: String,
    pub(super) reference: Reference,
    /// Where it leads, as `path#fragment`.
    pub(super) target: String,
    pub(super) problem: String,
    pub(super) hint: String,
    /// Where the address is written, when a file of the site writes it (none when the
    /// theme's templates made it).
    pub(super) written: Vec<Written>,
}

/// An address of another page with a fragment, waiting for that page's ids.
pub(super) struct Pending {
    pub(super) reference: Reference,
    /// The target's file, relative to the output's root.
    pub(super) file: String,
    pub(super) fragment: String,
    pub(super) written: Vec<Written>,
}

/// Every id of the site, each kept once: pages hold their ids as numbers into it. A site's
/// pages share most of their ids (the theme's, the headings its fact sheets share), so that
/// what the check keeps of each page until its end is a few bytes per id.
#[derive(Default)]
pub(super) struct Ids {
    numbers: rustc_hash::FxHashMap<Box<str>, u32>,
}

impl Ids {
    /// The numbers of `ids`, in order, each one once.
    fn numbers<'i>(&mut self, ids: impl Iterator<Item = &'i str>) -> Vec<u32> {
        let mut out: Vec<u32> = ids
            .map(|id| match self.numbers.get(id) {
                Some(&n) => n,
                None => {
                    let n = u32::try_from(self.numbers.len()).unwrap_or(u32::MAX);
                    self.numbers.insert(id.into(), n);
                    n
                }
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The number of an id, if a page has it.
    pub(super) fn number(&self, id: &str) -> Option<u32> {
        self.numbers.get(id).copied()
    }

    /// Each id by its number.
    pub(super) fn names(&self) -> Vec<&str> {
        let mut names = vec![""; self.numbers.len()];
        for (id, &n) in &self.numbers {
            if let Some(slot) = names.get_mut(n as usize) {
                *slot = id;
            }
        }
        names
    }
}

/// What one parse of a page found. A build keeps one for every page and card until its end
/// (300,000 at 30,000 programmes x 3), and most find no link to check later and none
/// broken: those are 24 bytes, not 72 (bench/README.md, "Seventh round").
pub(super) struct Scan {
    /// The numbers of its ids in [`Ids`], in order: for fragments that other pages point at.
    pub(super) ids: Box<[u32]>,
    /// The links found broken and those that wait for another page's ids, if any.
    links: Option<Box<(Vec<Broken>, Vec<Pending>)>>,
}

impl Scan {
    #[cfg(test)]
    pub(super) fn broken(&self) -> &[Broken] {
        self.links.as_ref().map_or(&[], |l| &l.0)
    }

    #[cfg(test)]
    pub(super) fn pending(&self) -> &[Pending] {
        self.links.as_ref().map_or(&[], |l| &l.1)
    }

    /// The links found broken and those that wait, taken out.
    pub(super) fn take_links(&mut self) -> (Vec<Broken>, Vec<Pending>) {
        self.links.take().map(|l| *l).unwrap_or_default()
    }
}

/// The message and hint for a fragment that names no id of `file`.
pub(super) fn no_such_id<'a>(
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

/// A page to read: its output path, its bytes, the byte ranges to leave out (cards checked
/// once), and the file behind its words.
pub(super) struct Page<'p, 'a> {
    pub(super) path: &'p str,
    pub(super) html: &'p [u8],
    pub(super) skip: &'p [Range<usize>],
    pub(super) origin: Option<&'p Origin<'a>>,
}

/// Parses a page once for its ids and the addresses it uses, and checks each address that
/// needs no other page's ids; its ids are numbered in `all` (none for a card).
///
/// A card checked once (`card`) is read as it shows on its fact sheet, `page.path`; its links
/// to fragments of that page wait for the page's own ids, which are not the card's.
pub(super) fn scan(scope: &Scope, page: Page, card: bool, all: &std::sync::Mutex<Ids>) -> Scan {
    let mut broken = Vec::new();
    let mut pending = Vec::new();
    let parts = parts(page.html, page.skip);
    let joined;
    let (ids, references) = match ids_and_addresses_in(&parts) {
        Some(found) => found,
        None => {
            joined = parts.concat();
            ids_and_addresses(&joined)
        }
    };
    let up = "../".repeat(page.path.matches('/').count());
    let written = |url: &str| {
        page.origin
            .map_or_else(Vec::new, |o| written_in(o, url, &up))
    };
    let mut file = String::new();
    for (url, what) in references {
        let resolved;
        let (path, fragment) = match site_relative(&url, &up) {
            Some(found) => found,
            None if let Some(absolute) = scope.absolute(&url) => match absolute {
                Some(found) => found,
                None => continue,
            },
            None => {
                resolved = scope.resolve(page.path, &url);
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
            broken.push(Broken {
                page: page.path.to_string(),
                reference: reference(),
                target: format!("{path}#{fragment}"),
                problem: format!("leads to `/{path}`, which is not in the site"),
                hint: "write the address from the site's root, such as `en/countries/brazil/` for a page or `images/map.svg` for a file of `static/`".to_string(),
                written: written(&url),
            });
            continue;
        }
        // `#top` is the top of any page (HTML's own rule); other files' fragments (`#page=2`
        // of a PDF, an SVG's symbol) are theirs to interpret.
        if fragment.is_empty() || fragment == "top" || !file.ends_with(".html") {
            continue;
        }
        if file == page.path && !card {
            if !ids.contains(fragment) {
                let (_, hint) = no_such_id(page.path, fragment, ids.iter().map(|i| i.as_ref()));
                broken.push(Broken {
                    page: page.path.to_string(),
                    reference: reference(),
                    target: format!("{file}#{fragment}"),
                    problem: format!("this page has no element with the id `{fragment}`"),
                    hint,
                    written: written(&url),
                });
            }
        } else {
            pending.push(Pending {
                reference: reference(),
                file: file.clone(),
                fragment: fragment.to_string(),
                written: written(&url),
            });
        }
    }
    let mut numbers = Vec::new();
    if !card && !ids.is_empty() {
        // A poisoned lock (a panic elsewhere) still holds sound numbers.
        let mut all = all.lock().unwrap_or_else(|e| e.into_inner());
        numbers = all.numbers(ids.iter().map(|i| i.as_ref()));
    }
    Scan {
        ids: numbers.into_boxed_slice(),
        links: (!broken.is_empty() || !pending.is_empty()).then(|| Box::new((broken, pending))),
    }
}

/// The parts of the page between the byte ranges `skip` (in order, not overlapping); the
/// whole page when one of them is not within it. They are read where they are: copying them
/// together took 47 M instructions at 1,000 x 3 (callgrind).
fn parts<'a>(html: &'a [u8], skip: &[Range<usize>]) -> Vec<&'a [u8]> {
    if skip.is_empty() || skip.iter().any(|r| html.get(r.clone()).is_none()) {
        return vec![html];
    }
    let mut out = Vec::with_capacity(skip.len() + 1);
    let mut at = 0;
    for r in skip {
        if r.start < at {
            return vec![html];
        }
        out.push(&html[at..r.start]);
        at = r.end;
    }
    out.push(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use rustc_hash::FxHashSet;

    use super::*;

    #[test]
    fn a_page_without_its_cards_is_the_bytes_between_them() {
        let html = b"<ul><li>one</li><li>two</li><li>three</li></ul>";
        assert_eq!(
            parts(html, &[4..16, 28..42]),
            [&b"<ul>"[..], b"<li>two</li>", b"</ul>"]
        );
        // Ranges out of order or past the end leave the page whole.
        assert_eq!(parts(html, &[16..28, 4..16]), [html]);
        assert_eq!(parts(html, &[4..16, 40..99]), [html]);
    }

    /// A site's files, and the names at its root that are its own, for a [`Scope`].
    fn site(files: &[&str], owned: &[&str]) -> (FxHashSet<std::sync::Arc<str>>, FxHashSet<String>) {
        (
            files.iter().map(|s| std::sync::Arc::from(*s)).collect(),
            owned.iter().map(|s| s.to_string()).collect(),
        )
    }

    #[test]
    fn a_card_left_out_of_a_script_or_comment_leaves_the_page_read_as_joined() {
        // A theme that puts its cards inside a script: left out, the script closes after
        // them, and the link after it is the page's.
        let (files, owned) = site(&["en/x/index.html"], &["en"]);
        let scope = Scope {
            base_url: "https://e.org/",
            base_path: "/",
            owned: &owned,
            files: &files,
        };
        for (html, card) in [
            (
                "<p><script>var c = '<li>card</li>';</script><a href=\"#nope\">x</a>",
                "<li>card</li>",
            ),
            (
                "<!-- <li>card</li> --><a href=\"#nope\">x</a>",
                "<li>card</li>",
            ),
            (
                "<ul><li>card</li></ul><a href=\"#nope\">x</a>",
                "<li>card</li>",
            ),
        ] {
            let start = html.find(card).unwrap();
            let skip = [Range {
                start,
                end: start + card.len(),
            }];
            let page = Page {
                path: "en/x/index.html",
                html: html.as_bytes(),
                skip: &skip,
                origin: None,
            };
            let all = std::sync::Mutex::new(Ids::default());
            let s = scan(&scope, page, false, &all);
            let broken: Vec<&str> = s
                .broken()
                .iter()
                .map(|b| b.reference.url.as_str())
                .collect();
            assert_eq!(broken, ["#nope"], "{html}");
        }
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
        let (files, owned) = site(
            &[
                "en/x/index.html",
                "en/y/index.html",
                "css/a.css",
                "img/i.png",
                "map.svg",
            ],
            &["en", "es", "css", "img", "map.svg"],
        );
        let scope = Scope {
            base_url: "https://e.org/",
            base_path: "/",
            owned: &owned,
            files: &files,
        };
        let page = Page {
            path: "en/x/index.html",
            html,
            skip: &[],
            origin: None,
        };
        let all = std::sync::Mutex::new(Ids::default());
        let s = scan(&scope, page, false, &all);
        let all = all.into_inner().expect("not poisoned");
        let names = all.names();
        let ids: Vec<&str> = s.ids.iter().map(|&n| names[n as usize]).collect();
        assert!(ids.contains(&"context") && ids.contains(&"old"), "{ids:?}");
        let broken: Vec<(&str, &str, &str)> = s
            .broken()
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
        assert_eq!(s.broken()[2].hint, "did you mean `#context`?");
        let pending: Vec<(&str, &str)> = s
            .pending()
            .iter()
            .map(|p| (p.file.as_str(), p.fragment.as_str()))
            .collect();
        assert_eq!(pending, [("en/y/index.html", "intro")]);
    }
}
