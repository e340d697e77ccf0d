//! Every page as a job: its address, a key (the fingerprint of all it shows) and a recipe to
//! make its context if it has to be rendered. Nothing is rendered here.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::domain::fingerprint::{Fingerprint, revision_of};
use crate::model::Site;
use crate::model::pagination::{page_count, page_slice};
use crate::model::taxonomy::Kind;

use super::address::{list_page_path, not_found_path, plain_page_path};
use super::alias::{Aliased, owner};
use super::cards::card_revs;
use super::lang::LangData;
use super::related::{RELATED_SCAN, Related, RelatedCache, related_programmes};
use super::terms::position;

/// What a page is, enough to make its context when it has to be rendered.
#[derive(Debug, Clone, Copy)]
pub(super) enum Recipe {
    Home {
        li: usize,
        n: usize,
    },
    Fiche {
        li: usize,
        p: usize,
        related: Related,
        /// A fingerprint of what `related` was worked out from.
        related_key: u64,
    },
    Section {
        li: usize,
        kind: Kind,
    },
    Term {
        li: usize,
        kind: Kind,
        entry: usize,
        n: usize,
    },
    Page {
        li: usize,
        pg: usize,
    },
    /// The accessibility statement.
    Statement {
        li: usize,
    },
    Root,
    /// A redirect from the old address `n` (of `aliases:`) of a page in language `li`.
    Alias {
        li: usize,
        of: Aliased,
        n: usize,
    },
    /// A 404 page: `<lang>/404.html`, or the root `404.html` in the default language.
    NotFound {
        li: usize,
    },
}

/// A page of the site: where it goes, a fingerprint of everything it shows, and how to make
/// it. Making its context is left until it has to be rendered.
pub(super) struct Job {
    pub(super) path: String,
    pub(super) key: u64,
    /// A fingerprint of its versions in other languages (what the sitemap lists).
    pub(super) translations_rev: u64,
    pub(super) recipe: Recipe,
}

/// Each page's fingerprint, by address.
pub(super) type PageKeys = rustc_hash::FxHashMap<String, u64>;

/// A paginated list of programmes: the home pages, a term's pages.
pub(super) struct List<'a> {
    /// The address of its first page.
    pub(super) first: &'a str,
    pub(super) members: &'a [usize],
    /// A fingerprint of what its pages show besides the cards.
    pub(super) rev: u64,
    pub(super) translations_rev: u64,
}

impl List<'_> {
    /// A job per page of the list.
    fn jobs(&self, data: &LangData, jobs: &mut Vec<Job>, recipe: impl Fn(usize) -> Recipe) {
        let total = page_count(self.members.len());
        for n in 1..=total {
            let slice = page_slice(self.members, n);
            jobs.push(Job {
                path: list_page_path(self.first, &data.page_word, n),
                key: revision_of(&(
                    self.rev,
                    n,
                    total,
                    self.members.len(),
                    card_revs(data, slice),
                    self.translations_rev,
                )),
                translations_rev: self.translations_rev,
                recipe: recipe(n),
            });
        }
    }
}

/// Every page of a language, with its fingerprint; nothing is rendered here.
pub(super) fn jobs_for_language(
    site: &Site,
    all: &[LangData],
    (li, global, links): (usize, u64, &[u64]),
    previous: Option<&RelatedCache>,
    previous_at: &[Option<usize>],
) -> Vec<Job> {
    let data = &all[li];
    let mut jobs = Vec::new();

    // Home pages, 50 programmes each.
    let home_translations = revision_of(&all.iter().map(|d| d.order.len()).collect::<Vec<_>>());
    let list = List {
        first: &data.home,
        members: &data.order,
        rev: revision_of(&(global, li, data.filters_rev)),
        translations_rev: home_translations,
    };
    list.jobs(data, &mut jobs, |n| Recipe::Home { li, n });

    fiche_jobs(
        site,
        data,
        (li, global, links),
        (previous, previous_at),
        &mut jobs,
    );
    term_jobs(data, li, global, &mut jobs);

    // Plain pages: part of the global key (every page lists them in its footer).
    for (pg, page) in site.pages.iter().enumerate() {
        if let Some(Some(_)) = page.versions.get(li) {
            jobs.push(Job {
                path: plain_page_path(&data.lang.code, page.slug_in(li)),
                key: revision_of(&(global, li, pg)),
                translations_rev: 0,
                recipe: Recipe::Page { li, pg },
            });
        }
    }
    alias_jobs(site, li, global, &mut jobs);
    // The accessibility statement: from site.yaml and the strings, both in the global key.
    if site.config.accessibility.is_some() {
        jobs.push(Job {
            path: super::statement::statement_path(data.lang),
            key: revision_of(&(global, li, "accessibility")),
            translations_rev: 0,
            recipe: Recipe::Statement { li },
        });
    }

    // The language's 404 page, for servers that choose it by the address asked for.
    jobs.push(Job {
        path: not_found_path(&data.lang.code),
        key: revision_of(&(global, li, "404")),
        translations_rev: 0,
        recipe: Recipe::NotFound { li },
    });
    jobs
}

/// For each programme, a fingerprint of the heads of its themes' lists, which related
/// programmes come from. Made theme by theme: looking each programme's themes up by name
/// took a tenth of a rebuild while serving 10,000 programmes.
fn theme_heads(site: &Site, data: &LangData) -> Vec<u64> {
    let mut heads = vec![0u64; site.programmes.len()];
    for e in data.terms.get(&Kind::Theme).into_iter().flatten() {
        // The members and their ranks: the lists are walked together by rank.
        let head = &e.members[..e.members.len().min(RELATED_SCAN + 1)];
        let mut h = Fingerprint::default();
        e.key.hash(&mut h);
        for &q in head {
            (q, data.rank[q]).hash(&mut h);
        }
        let head_rev = h.finish();
        for &q in &e.members {
            heads[q] = revision_of(&(heads[q], head_rev));
        }
    }
    heads
}

/// A fingerprint of each programme's translation links: which languages have it, and at
/// which address. The same for its fact sheet in every language: made once for all of them
/// (made for each, it was a third of the plan of a one-edit rebuild at 10,000 x 3).
pub(super) fn translation_links(site: &Site) -> Vec<u64> {
    use rayon::prelude::*;
    site.programmes
        .par_iter()
        .map(|prog| {
            let mut h = Fingerprint::default();
            for (i, v) in prog.versions.iter().enumerate() {
                v.as_ref().map(|_| prog.slug_in(i)).hash(&mut h);
            }
            h.finish()
        })
        .collect()
}

/// The fact sheets of language `li`, each with its related programmes (the previous
/// build's when its themes' lists did not change) and its translation links' fingerprint
/// ([`translation_links`]).
fn fiche_jobs(
    site: &Site,
    data: &LangData,
    (li, global, links): (usize, u64, &[u64]),
    (previous, previous_at): (Option<&RelatedCache>, &[Option<usize>]),
    jobs: &mut Vec<Job>,
) {
    let heads = theme_heads(site, data);
    // What every fact sheet's address starts with (`es/programas/`; see
    // `Language::programme_path`), made once rather than for each on every rebuild.
    let folder = data.lang.programmes_path();
    // Related programmes depend only on the programme and its themes' lists: kept from the
    // previous build when those are the same. Worked out on all cores: the languages run side
    // by side, and with three languages on two cores the last one's were left to one core.
    let related: Vec<Option<(u64, Related)>> = (site.programmes.par_iter().enumerate())
        .map(|(p, prog)| {
            let Some(Some(f)) = prog.versions.get(li) else {
                return None;
            };
            let related_key = revision_of(&(p, heads[p]));
            let kept = previous_at[p].and_then(|q| previous?.get(q)?.as_ref());
            Some(match kept {
                Some(&(key, related)) if key == related_key => (related_key, related),
                _ => (related_key, related_programmes(data, p, f)),
            })
        })
        .collect();
    for (p, prog) in site.programmes.iter().enumerate() {
        let (Some(Some(f)), Some(&Some((related_key, related)))) =
            (prog.versions.get(li), related.get(p))
        else {
            continue;
        };
        let versions = links[p];
        let slug = prog.slug_in(li);
        let mut path = String::with_capacity(folder.len() + slug.len() + 1);
        path.extend([folder.as_str(), slug, "/"]);
        jobs.push(Job {
            path,
            key: revision_of(&(
                global,
                li,
                f.rev,
                data.cards[p].rev,
                card_revs(data, related.as_slice()),
                versions,
            )),
            translations_rev: versions,
            recipe: Recipe::Fiche {
                li,
                p,
                related,
                related_key,
            },
        });
    }
}

/// The section indexes of language `li` and the pages of each term's list.
fn term_jobs(data: &LangData, li: usize, global: u64, jobs: &mut Vec<Job>) {
    for kind in Kind::ALL {
        jobs.push(Job {
            path: data.section_paths[&kind].clone(),
            key: revision_of(&(global, li, kind, data.section_revs[&kind])),
            translations_rev: 0,
            recipe: Recipe::Section { li, kind },
        });
        let entries = data.terms.get(&kind).map(Vec::as_slice).unwrap_or(&[]);
        for (e, entry) in entries.iter().enumerate() {
            let list = List {
                first: &entry.path,
                members: &entry.members,
                rev: revision_of(&(global, li, kind, entry.rev)),
                translations_rev: data.translations_revs[&kind][e],
            };
            list.jobs(data, jobs, |n| Recipe::Term {
                li,
                kind,
                entry: e,
                n,
            });
        }
    }
}

/// A redirect page for each alias of the language's fact sheets and plain pages.
fn alias_jobs(site: &Site, li: usize, global: u64, jobs: &mut Vec<Job>) {
    let of = (0..site.programmes.len())
        .map(Aliased::Programme)
        .chain((0..site.pages.len()).map(Aliased::Page));
    for of in of {
        let Some(o) = owner(site, li, of).filter(|o| !o.aliases.is_empty()) else {
            continue;
        };
        let target = o.target();
        for (n, alias) in o.aliases.iter().enumerate() {
            jobs.push(Job {
                path: alias.value.clone(),
                key: revision_of(&(global, li, &alias.value, &target, o.title)),
                translations_rev: 0,
                recipe: Recipe::Alias { li, of, n },
            });
        }
    }
}

/// The fingerprint of each term's versions in every language: its address and number of
/// pages in each (what its pages' translation links show).
pub(super) fn term_translations(all: &mut [LangData]) {
    let revs: Vec<BTreeMap<Kind, Vec<u64>>> = all
        .iter()
        .map(|data| {
            data.terms
                .iter()
                .map(|(kind, entries)| {
                    let revs = entries
                        .iter()
                        .map(|entry| {
                            let mut h = Fingerprint::default();
                            for other in all.iter() {
                                position(&other.term_pos, *kind, &entry.key)
                                    .map(|k| {
                                        let e = &other.terms[kind][k];
                                        (&e.path, page_count(e.members.len()))
                                    })
                                    .hash(&mut h);
                            }
                            h.finish()
                        })
                        .collect();
                    (*kind, revs)
                })
                .collect()
        })
        .collect();
    for (data, revs) in all.iter_mut().zip(revs) {
        data.translations_revs = revs;
    }
}
