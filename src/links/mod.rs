//! The link check: every internal link, fragment, image and translation link of the rendered
//! site, checked against the site itself, in memory, between render and write.
//!
//! Each HTML page is parsed once (tl, on all cores) for the addresses it uses (`href`, `src`,
//! `srcset`, `poster`, `data`) and the ids it holds. An address is internal when it is relative,
//! or absolute under the site's `base_url` (canonical and `hreflang` links); it is broken when
//! no output or static file is there, or when its `#fragment` names no id of the target page.
//! Other sites' addresses are not fetched: a build never uses the network.
//!
//! A broken link is reported where it can be fixed (`blame.rs`): in a fact sheet's or plain
//! page's Markdown at its line, in its front matter (`links:`), in a data file, or else in the
//! theme's templates, once for all the pages that share it. The render hands each page's
//! [`Origin`] with its bytes: the file behind its words and where its links are written, as
//! parse and Markdown rendering found them.
//!
//! `address.rs` resolves an address as a browser would; `scan.rs` reads one page.

mod address;
mod blame;
mod scan;

use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Site;
use crate::render::{Output, PageNotes};

use address::Scope;
use scan::{Broken, Ids, Page, Scan, no_such_id, scan};

#[cfg(doc)]
use crate::render::Origin;

/// The link check of one build: [`Checker::scan`] each page as it is rendered (on any
/// thread), then [`Checker::finish`] with what the scans found.
pub struct Checker<'a> {
    scope: Scope<'a>,
    /// Every page's ids, each kept once.
    ids: std::sync::Mutex<Ids>,
}

/// What the scan of one page found, to be handed to [`Checker::finish`].
pub struct PageScan {
    /// The page's path, shared with the build's list of files.
    page: Arc<str>,
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
        files: &'a FxHashSet<Arc<str>>,
        owned: &'a FxHashSet<String>,
    ) -> Checker<'a> {
        Checker {
            scope: Scope {
                base_url: &site.config.base_url,
                base_path: &site.config.base_path,
                owned,
                files,
            },
            ids: std::sync::Mutex::default(),
        }
    }

    /// Reads one output for its links and ids, but for the byte ranges of cards checked once
    /// by [`Checker::scan_card`] (`notes.cards`); `None` for files that are not HTML pages.
    pub fn scan(&self, output: &Output, notes: &PageNotes) -> Option<PageScan> {
        output.path.ends_with(".html").then(|| {
            let page = Page {
                path: &output.path,
                html: &output.bytes,
                skip: &notes.cards,
                origin: notes.origin.as_ref(),
            };
            PageScan {
                page: self.shared(&output.path),
                scan: scan(&self.scope, page, false, &self.ids),
                card: false,
            }
        })
    }

    /// `path` as the list of the build's files holds it (a page's path is kept by every
    /// scan: shared, not copied).
    fn shared(&self, path: &str) -> Arc<str> {
        (self.scope.files.get(path).cloned()).unwrap_or_else(|| Arc::from(path))
    }

    /// Reads a card for its links, as it shows on the page `card.path`, once for all the
    /// pages that list it.
    pub fn scan_card(&self, card: &Output) -> PageScan {
        let page = Page {
            path: &card.path,
            html: &card.bytes,
            skip: &[],
            origin: None,
        };
        PageScan {
            page: self.shared(&card.path),
            scan: scan(&self.scope, page, true, &self.ids),
            card: true,
        }
    }

    /// Checks links to other pages' fragments against the ids the scans found (fragments of
    /// pages not scanned are not checked), and returns a diagnostic per broken link, of the
    /// given severity; `sources` gives the text of a content or data file by its `rel`, to
    /// show its lines (asked only when a link is broken).
    pub fn finish(
        self,
        site: &Site,
        mut scans: Vec<PageScan>,
        sources: &dyn Fn(&str) -> Option<Arc<str>>,
        severity: Severity,
    ) -> Vec<Diagnostic> {
        let all = self.ids.into_inner().unwrap_or_else(|e| e.into_inner());
        // The scans come in the order the threads made them: sorted (cards first, then pages,
        // each by path), the messages are the same from one build to the next.
        scans.sort_unstable_by(|a, b| (!a.card, &a.page).cmp(&(!b.card, &b.page)));
        let mut broken = Vec::new();
        let mut pending = Vec::new();
        for s in &mut scans {
            let (mut found, waiting) = s.scan.take_links();
            broken.append(&mut found);
            let page = &s.page;
            pending.extend(waiting.into_iter().map(|p| (Arc::clone(page), p)));
        }
        // A page's ids, found in the sorted scans (a map of them was 24 MB more at the very
        // end of a build of 30,000 programmes x 3).
        let pages = &scans[scans.partition_point(|s| s.card)..];
        let ids_of = |file: &str| {
            let at = pages.binary_search_by(|s| (*s.page).cmp(file)).ok()?;
            Some(&pages[at].scan.ids)
        };
        // A link to an old address (`aliases:`) leads to the page it redirects to.
        let aliases = crate::render::alias_files(site);
        // Each id by its number, made when a fragment is first found missing.
        let mut names: Option<Vec<&str>> = None;
        for (page, p) in pending {
            let file = aliases.get(&p.file).cloned().unwrap_or(p.file);
            let Some(target_ids) = ids_of(&file) else {
                continue;
            };
            let number = all.number(&p.fragment);
            if number.is_some_and(|n| target_ids.binary_search(&n).is_ok()) {
                continue;
            }
            let names = names.get_or_insert_with(|| all.names());
            let target_names = target_ids
                .iter()
                .map(|&n| names.get(n as usize).copied().unwrap_or_default());
            let (problem, hint) = no_such_id(&file, &p.fragment, target_names);
            broken.push(Broken {
                page: page.to_string(),
                target: format!("{file}#{}", p.fragment),
                reference: p.reference,
                problem,
                hint,
                written: p.written,
            });
        }
        if broken.is_empty() {
            return Vec::new();
        }
        blame::blame(site, broken, sources, severity)
    }
}
