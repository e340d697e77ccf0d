//! The plan of a build: every page worked out (`plan`), then rendered on all cores
//! (`Plan::render`), with the sitemap, feeds, open data and search indexes.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::domain::fingerprint::{Fingerprint, revision_of};
use crate::model::Site;
use crate::theme::Theme;

use super::address::{file_path, programme_path, root_of};
use super::alias::{Aliased, owner};
use super::cache::{CacheUpdate, RenderCache};
use super::cards::find_blocks;
use super::context::{context_of, label_of, template_of, translations_of};
use super::jobs::{Job, PageKeys, Recipe, jobs_for_language, term_translations, translation_links};
use super::lang::{LangData, lang_data, previous_positions, shown_fiche};
use super::related::RelatedCache;
use super::{Output, PageNotes};

/// Adds `d` to `errors` unless the same error is there: one broken template fails every page
/// or card that uses it, and is reported once.
pub(super) fn push_once(errors: &mut Vec<Diagnostic>, d: Diagnostic) {
    if !errors
        .iter()
        .any(|e| e.file == d.file && e.place == d.place && e.message == d.message)
    {
        errors.push(d);
    }
}

/// Every page of the site worked out, none rendered yet: see [`plan`].
pub struct Plan<'a> {
    pub(super) site: &'a Site,
    pub(super) theme: &'a Theme,
    pub(super) all: Vec<LangData<'a>>,
    pub(super) jobs: Vec<Job>,
    /// The previous build, to leave out pages that did not change.
    pub(super) previous: &'a RenderCache,
    /// A fingerprint of what the sitemap, feeds and open data show.
    pub(super) publish_key: u64,
    /// Whether the sitemap, feeds, open data and search indexes are left for [`Plan::late`]
    /// (a deferred plan whose `late` has not run yet).
    pub(super) late_left: bool,
    /// Whether [`Plan::render`] makes the search indexes (a build), rather than
    /// [`Plan::late`] (serve, after the pages).
    pub(super) search_in_render: bool,
    /// How many sitemap documents there are when the sitemap, feeds, open data and
    /// catalogue are to be made anew (by [`Plan::render`], or by [`Plan::late`] when left to
    /// it); `None` when they did not change.
    pub(super) sitemaps: Option<usize>,
    /// Whether the largest files are handed on in pieces (see [`Plan::in_pieces`]).
    pub(super) in_pieces: bool,
    pub(super) publish_cache: super::publish::Cache,
    pub(super) search_keys: Vec<(String, u64)>,
    /// The addresses of the publishing outputs.
    pub(super) published_paths: Vec<String>,
    /// A fingerprint of every file the site will have (pages, publishing outputs, search
    /// indexes).
    pub(super) pages_rev: u64,
    pub(super) paths_rev: u64,
    /// Where each programme was in the previous build (see [`previous_positions`]).
    pub(super) previous_at: Vec<Option<usize>>,
}

/// Works out every page of the site (its address, a fingerprint of what it shows and how to
/// make it), and makes the sitemap, feeds, open data and search indexes when they changed
/// since the build recorded in `cache`. Nothing is rendered yet; see [`Plan::render`].
///
/// With `defer`, and a previous build to take their addresses from, the sitemap, feeds, open
/// data and search indexes are left for [`Plan::late`]: `serve` shows the edited pages first.
pub fn plan<'a>(
    site: &'a Site,
    theme: &'a Theme,
    cache: &'a RenderCache,
    defer: bool,
) -> Result<Plan<'a>, Vec<Diagnostic>> {
    theme.new_pass();
    if let Some(logo) = &site.config.logo
        && !site.static_files.contains(&logo.src)
    {
        return Err(vec![logo.if_missing.clone()]);
    }
    let global = cache.global;
    let previous_at = previous_positions(&cache.slugs, &site.programmes);
    let all = languages_of(site, theme, cache, &previous_at)?;
    // The cards' templates' working memory, handed back before the jobs are listed.
    crate::pipeline::between_stages();
    let links = translation_links(site);
    let mut jobs: Vec<Job> = (0..site.languages.len())
        .into_par_iter()
        .flat_map(|li| {
            let related = cache.related.get(li);
            jobs_for_language(site, &all, (li, global, &links), related, &previous_at)
        })
        .collect();
    // The language chooser at the root and the 404 page (room made for exactly those: the
    // vector's doubling was 13 MB at 30,000 x 3).
    jobs.reserve_exact(2);
    for (path, recipe) in [("", Recipe::Root), ("404.html", Recipe::NotFound { li: 0 })] {
        jobs.push(Job {
            path: path.to_string(),
            key: revision_of(&(global, path)),
            translations_rev: 0,
            recipe,
        });
    }

    crate::pipeline::between_stages();
    let paths_rev = unique_paths(site, &all, &jobs, cache)?;
    crate::pipeline::between_stages();

    // What the sitemap, the feeds and the open data files show: they are made again only
    // when it changed (not for a body edited while serving).
    let publish_key = {
        let mut h = Fingerprint::default();
        global.hash(&mut h);
        for j in &jobs {
            (&j.path, j.translations_rev).hash(&mut h);
        }
        for p in &site.programmes {
            p.slug.hash(&mut h);
            for v in &p.versions {
                v.as_ref()
                    .map(|f| (&f.file, f.front_rev, f.updated, f.status))
                    .hash(&mut h);
            }
        }
        h.finish()
    };
    let search_keys: Vec<(String, u64)> = all
        .iter()
        .enumerate()
        .map(|(li, data)| {
            // The cards' facts and each shown version's text (the index holds bodies).
            let revs: Vec<(u64, u64)> = data
                .order
                .iter()
                .map(|&p| (data.cards[p].rev, shown_fiche(site, p, li).1.rev))
                .collect();
            (
                super::search::path(data),
                revision_of(&(global, &data.order, revs)),
            )
        })
        .collect();
    let mut plan = Plan {
        site,
        theme,
        all,
        jobs,
        previous: cache,
        publish_key,
        late_left: false,
        search_in_render: false,
        sitemaps: None,
        in_pieces: false,
        publish_cache: cache.publish.clone(),
        search_keys,
        published_paths: Vec::new(),
        pages_rev: 0,
        paths_rev,
        previous_at,
    };
    let published_paths = if defer && !cache.publish.paths().is_empty() {
        plan.late_left = true;
        cache.publish.paths().to_vec()
    } else {
        // A build writes the search indexes, sitemap, feeds, open data and catalogue as it
        // renders (see [`Plan::render`]).
        plan.publish()?;
        plan.search_in_render = true;
        plan.publish_cache.paths().to_vec()
    };
    let search_paths: Vec<&String> = plan.search_keys.iter().map(|(p, _)| p).collect();
    plan.pages_rev = revision_of(&(paths_rev, &published_paths, search_paths));
    plan.published_paths = published_paths;
    Ok(plan)
}

/// What the pages of each language share (lists, indexes, cards), languages on all cores;
/// each template error once.
fn languages_of<'a>(
    site: &'a Site,
    theme: &Theme,
    cache: &RenderCache,
    previous_at: &[Option<usize>],
) -> Result<Vec<LangData<'a>>, Vec<Diagnostic>> {
    let global = cache.global;
    let results: Vec<Result<LangData, Vec<Diagnostic>>> = (0..site.languages.len())
        .into_par_iter()
        .map(|li| {
            lang_data(
                site,
                theme,
                li,
                global,
                cache.cards.get(li).map(Vec::as_slice),
                previous_at,
                cache.indexes.get(li),
            )
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(d) => all.push(d),
            Err(e) => e.into_iter().for_each(|d| push_once(&mut errors, d)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    term_translations(&mut all);
    Ok(all)
}

/// A fingerprint of every page's address; an error for two pages at one address.
fn unique_paths<'a>(
    site: &Site,
    all: &[LangData],
    jobs: &'a [Job],
    cache: &RenderCache,
) -> Result<u64, Vec<Diagnostic>> {
    // Two pages at one address would overwrite each other silently. The same addresses as
    // in the previous build (which had none twice) need no second look.
    let paths_rev = {
        let mut h = Fingerprint::default();
        for job in jobs {
            job.path.hash(&mut h);
        }
        h.finish()
    };
    if paths_rev == cache.paths_rev {
        return Ok(paths_rev);
    }
    // Each address with its job's place, sorted: two jobs at one address are neighbours. (A
    // map from address to recipe, grown as it filled, reached ~15 MB with its copy at
    // 30,000 programmes × 3, the peak of the build; this list is 24 bytes a page.)
    // `fr/` and `fr/index.html` (an alias may be written so) are one file.
    let folder = |job: &'a Job| job.path.strip_suffix("index.html").unwrap_or(&job.path);
    let mut by_path: Vec<(&str, u32)> = (jobs.iter().enumerate())
        .map(|(i, job)| (folder(job), i as u32))
        .collect();
    by_path.sort_unstable();
    // Each job at an address taken by an earlier one, with the job before it there, in the
    // jobs' order; then the aliases that would replace a static file, at their place.
    let mut found: Vec<(u32, Diagnostic)> = by_path
        .windows(2)
        .filter(|pair| pair[0].0 == pair[1].0)
        .map(|pair| {
            let (earlier, later) = (&jobs[pair[0].1 as usize], &jobs[pair[1].1 as usize]);
            let d = collision(site, all, later.recipe, earlier.recipe, &later.path);
            (pair[1].1, d)
        })
        .collect();
    drop(by_path);
    for (i, job) in jobs.iter().enumerate() {
        if let Recipe::Alias { .. } = job.recipe
            && site.static_files.contains(&file_path(&job.path))
            && let Some(d) = placed_by(site, job.recipe)
        {
            let d = Diagnostic {
                message: format!(
                    "{} would replace the static file `static/{}`",
                    label_of(site, all, job.recipe),
                    file_path(&job.path)
                ),
                ..d
            }
            .hint("remove or change the alias, or move the static file");
            found.push((i as u32, d));
        }
    }
    // Stable: a job's collision before its static file, as they were found job by job.
    found.sort_by_key(|(i, _)| *i);
    if !found.is_empty() {
        return Err(found.into_iter().map(|(_, d)| d).collect());
    }
    Ok(paths_rev)
}

/// The `slug:` or alias that put a page at its address, when one did: its file, field,
/// place and text.
fn placed_by(site: &Site, recipe: Recipe) -> Option<Diagnostic> {
    let (li, of, alias) = match recipe {
        Recipe::Alias { li, of, n } => (li, of, Some(n)),
        Recipe::Fiche { li, p, .. } => (li, Aliased::Programme(p), None),
        Recipe::Page { li, pg } => (li, Aliased::Page(pg), None),
        _ => return None,
    };
    let o = owner(site, li, of)?;
    let (field, place) = match alias {
        Some(n) => ("aliases", o.aliases.get(n).and_then(|a| a.place)),
        None => ("slug", o.slug?.place),
    };
    Some(
        Diagnostic::error(o.file, String::new())
            .field(field)
            .at(place)
            .maybe_source(o.text.text()),
    )
}

/// The error for two pages at one address, at the `slug:` or alias of either that put it
/// there, naming both.
fn collision(
    site: &Site,
    all: &[LangData],
    recipe: Recipe,
    other: Recipe,
    path: &str,
) -> Diagnostic {
    let (mut d, placed, second) = match (placed_by(site, recipe), placed_by(site, other)) {
        (Some(d), _) => (d, recipe, other),
        (None, Some(d)) => (d, other, recipe),
        (None, None) => {
            let label = label_of(site, all, recipe);
            return Diagnostic::error(
                label.trim_matches('`'),
                format!(
                    "{label} and {} would both be at `/{path}`",
                    label_of(site, all, other)
                ),
            )
            .hint(
                "rename one of them: a plain page's name must differ from the site's section words",
            );
        }
    };
    d.message = format!(
        "{} and {} would both be at `/{path}`",
        label_of(site, all, placed),
        label_of(site, all, second)
    );
    let hint = match d.field.as_deref() {
        Some("aliases") => "remove or change the alias: each address leads to one page",
        _ => "give one of them another `slug:`: each address leads to one page",
    };
    d.hint(hint)
}

impl<'a> Plan<'a> {
    /// Has [`Plan::render`] hand on the largest files (the sitemap, the open data) in pieces
    /// of about a megabyte as they are written ([`super::Part`]), for a sink that appends
    /// them: none is then held whole. Otherwise every file comes whole.
    pub fn in_pieces(&mut self) {
        self.in_pieces = true;
    }

    /// The cards to check for links once rather than on every page that lists them: each as
    /// it shows on its programme's fact sheet (the page its problems are reported for).
    /// Those made by this plan, or all of them with `all` (the site's files changed, and a
    /// card kept may now lead nowhere). Each is handed to `check` as it is made, on any
    /// thread, and not kept: the copies of all cards at once were a large build's peak.
    pub fn cards(&self, all: bool, check: impl Fn(Output) + Sync) {
        let site = self.site;
        let previous = &self.previous.cards;
        let check = &check;
        self.all
            .par_iter()
            .enumerate()
            .flat_map(|(li, data)| {
                let previous = previous.get(li);
                data.cards
                    .par_iter()
                    .enumerate()
                    .filter_map(move |(p, entry)| {
                        let html = entry.html.as_ref().filter(|h| h.checked_once)?;
                        let kept = self.previous_at[p]
                            .and_then(|q| previous?.get(q))
                            .is_some_and(|old| Arc::ptr_eq(old, entry));
                        if kept && !all {
                            return None;
                        }
                        let (vi, _, _) = shown_fiche(site, p, li);
                        let path = file_path(&programme_path(
                            &site.languages[vi],
                            site.programmes[p].slug_in(vi),
                        ));
                        let root = root_of(&path);
                        let mut text = String::with_capacity(html.len_with(&root));
                        html.push_to(&mut text, &root);
                        Some(Output::new(path, text.into_bytes()))
                    })
            })
            .for_each(check);
    }

    /// Every file of the site: pages, publishing outputs and search indexes, by path from
    /// the output's root.
    pub fn pages(&self) -> Vec<Arc<str>> {
        let mut pages: Vec<Arc<str>> = Vec::with_capacity(
            self.jobs.len() + self.published_paths.len() + self.search_keys.len(),
        );
        pages.extend(self.jobs.iter().map(|j| Arc::from(file_path(&j.path))));
        pages.extend(self.published_paths.iter().map(|p| Arc::from(p.as_str())));
        pages.extend(self.search_keys.iter().map(|(p, _)| Arc::from(p.as_str())));
        pages
    }

    /// A fingerprint of [`Plan::pages`], cheaper than listing them.
    pub fn pages_rev(&self) -> u64 {
        self.pages_rev
    }

    /// Whether what the publishing outputs show changed since the previous build, with the
    /// paths they will have (the sitemap's addresses counted): recorded in the plan for
    /// [`Plan::publish_rest`].
    fn publish(&mut self) -> Result<(), Vec<Diagnostic>> {
        let published = super::publish::prepare(
            self.site,
            |base, default_lang| self.sitemap_lengths(base, default_lang),
            self.publish_key,
            &self.previous.publish,
        )?;
        self.publish_cache = published.cache;
        self.sitemaps = published.sitemaps;
        Ok(())
    }

    /// The pages the sitemap lists, in order of path.
    fn sitemap_order(&self) -> Vec<&Job> {
        let mut order: Vec<&Job> = (self.jobs.iter())
            .filter(|j| !matches!(j.recipe, Recipe::NotFound { .. } | Recipe::Alias { .. }))
            .collect();
        order.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        order
    }

    /// A page's entry in the sitemap.
    fn sitemap_entry(&self, j: &Job) -> super::publish::sitemap::Entry {
        let site = self.site;
        super::publish::sitemap::Entry {
            path: j.path.clone(),
            alternates: translations_of(site, &self.all, j.recipe)
                .into_iter()
                .filter(|t| t.available)
                .map(|t| (t.lang, t.path))
                .collect(),
            lastmod: match j.recipe {
                Recipe::Fiche { li, p, .. } => site.programmes[p]
                    .versions
                    .get(li)
                    .and_then(|v| v.as_ref())
                    .map(|f| f.updated),
                _ => None,
            },
        }
    }

    /// The sitemap's entries, in order of path, made a few thousand at a time on all cores
    /// as the sitemap is written: all of them at once were a large build's peak.
    fn sitemap_entries(&self) -> impl Iterator<Item = super::publish::sitemap::Entry> + '_ {
        let order = self.sitemap_order();
        const AT_ONCE: usize = 4096;
        (0..order.len()).step_by(AT_ONCE).flat_map(move |start| {
            let chunk = &order[start..(start + AT_ONCE).min(order.len())];
            chunk
                .par_iter()
                .map(|j| self.sitemap_entry(j))
                .collect::<Vec<_>>()
        })
    }

    /// The length of each entry's `<url>` element in the sitemap, in order, worked out on
    /// all cores (for [`super::publish::sitemap::count`]).
    fn sitemap_lengths(&self, base: &str, default_lang: &str) -> Vec<usize> {
        self.sitemap_order()
            .par_iter()
            .map_init(Vec::new, |scratch, j| {
                let entry = self.sitemap_entry(j);
                super::publish::sitemap::url_len(base, default_lang, &entry, scratch)
            })
            .collect()
    }

    /// The sitemap, feeds, open data and catalogue when [`Plan::publish`] found them
    /// changed, beside the search indexes of `indexes` (each language's on a thread of its
    /// own), each file handed to `sink` as soon as it is made. Returns the errors.
    fn publish_rest(
        &self,
        indexes: &[&LangData<'a>],
        sink: &(impl Fn(Output, PageNotes<'a>) -> Result<(), Diagnostic> + Sync),
    ) -> Vec<Diagnostic> {
        let site = self.site;
        let rest = || -> Vec<Diagnostic> {
            let mut errors = Vec::new();
            let mut send = |o| errors.extend(sink(o, PageNotes::default()).err());
            let Some(sitemaps) = self.sitemaps else {
                return errors;
            };
            let entries = (self.sitemap_entries(), sitemaps);
            if let Err(e) = super::publish::rest(site, entries, self.in_pieces, &mut send) {
                errors.extend(e);
            }
            errors
        };
        let (mut errors, indexed): (Vec<_>, Vec<_>) = rayon::join(rest, || {
            indexes
                .par_iter()
                .flat_map_iter(|data| {
                    let mut errors = Vec::new();
                    let made = super::search::search_index(site, data, &mut |o| {
                        errors.extend(sink(o, PageNotes::default()).err());
                    });
                    errors.extend(made.err());
                    errors
                })
                .collect()
        });
        errors.extend(indexed);
        errors
    }

    /// The languages whose search index changed since the previous build.
    fn changed_indexes(&self) -> Vec<&LangData<'a>> {
        self.all
            .iter()
            .zip(&self.search_keys)
            .filter(|(_, (path, key))| self.previous.keys.get(path) != Some(key))
            .map(|(data, _)| data)
            .collect()
    }

    /// The sitemap, feeds, open data files and search indexes left by a deferred [`plan`]
    /// (none otherwise), each handed to `sink` as soon as it is made (they are tens of
    /// megabytes), with what `sink` returned and the paths of the publishing outputs that
    /// are gone.
    pub fn late<T: Send>(
        &mut self,
        sink: impl Fn(Output) -> T + Sync,
    ) -> Result<(Vec<T>, Vec<String>), Vec<Diagnostic>> {
        if !self.late_left {
            return Ok((Vec::new(), Vec::new()));
        }
        self.publish()?;
        self.late_left = false;
        let made = std::sync::Mutex::new(Vec::new());
        let indexes = self.changed_indexes();
        let keep = |o, _| {
            let t = sink(o);
            made.lock().unwrap_or_else(|e| e.into_inner()).push(t);
            Ok(())
        };
        let mut errors = Vec::new();
        for d in self.publish_rest(&indexes, &keep) {
            push_once(&mut errors, d);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let made = made.into_inner().unwrap_or_else(|e| e.into_inner());
        let gone = self
            .previous
            .publish
            .paths()
            .iter()
            .filter(|p| !self.publish_cache.paths().contains(p))
            .cloned()
            .collect();
        Ok((made, gone))
    }

    /// Renders the pages that changed since the previous build (all of them on a first
    /// build), on all cores, handing each file to `sink` as soon as it is made: the pages,
    /// and beside them the sitemap, feeds, open data, catalogue and search indexes when they
    /// changed; each page with its [`PageNotes`]: the byte ranges that
    /// hold cards whose links [`Plan::cards`] gives to check once (with `find_cards`: they are
    /// looked for only for the link check), and the file behind its words. Nothing is
    /// collected but the errors `sink` returns: `sink` keeps what it needs.
    pub fn render(
        &mut self,
        find_cards: bool,
        sink: impl Fn(Output, PageNotes<'a>) -> Result<(), Diagnostic> + Sync,
    ) -> Result<(), Vec<Diagnostic>> {
        let (site, theme, all, previous) = (self.site, self.theme, &self.all, &self.previous.keys);
        let indexes = if self.search_in_render {
            self.changed_indexes()
        } else {
            Vec::new()
        };
        // The search indexes, and the sitemap, feeds, open data and catalogue, beside the
        // pages, each file handed to `sink` as it is made.
        let search = || self.publish_rest(&indexes, &sink);
        let pages = || -> Vec<Diagnostic> {
            self.jobs
                .par_iter()
                .filter(|job| previous.get(&job.path) != Some(&job.key))
                .filter_map(|job| {
                    let render = || {
                        let (context, blocks, origin) =
                            context_of(site, all, &job.path, job.recipe)?;
                        let html = theme.render_bytes(template_of(job.recipe), &context, || {
                            label_of(site, all, job.recipe)
                        })?;
                        let cards = if find_cards {
                            find_blocks(&html, &blocks)
                        } else {
                            Vec::new()
                        };
                        sink(
                            Output::new(file_path(&job.path), html),
                            PageNotes { cards, origin },
                        )
                    };
                    render().err()
                })
                .collect()
        };
        let (indexed, mut failed) = rayon::join(search, pages);
        failed.extend(indexed);
        if failed.is_empty() {
            return Ok(());
        }
        let mut errors = Vec::new();
        for d in failed {
            push_once(&mut errors, d);
        }
        Err(errors)
    }

    /// What the cache should record once the build is accepted.
    pub fn finish(self) -> CacheUpdate {
        let n = self.site.programmes.len();
        let mut related: Vec<RelatedCache> = vec![vec![None; n]; self.all.len()];
        for job in &self.jobs {
            if let Recipe::Fiche {
                li,
                p,
                related: r,
                related_key,
            } = job.recipe
            {
                related[li][p] = Some((related_key, r));
            }
        }
        let mut keys: PageKeys = self.jobs.into_iter().map(|j| (j.path, j.key)).collect();
        keys.extend(self.search_keys);
        let cards = self.all.iter().map(|data| data.cards.clone()).collect();
        CacheUpdate {
            slugs: self
                .site
                .programmes
                .iter()
                .map(|p| p.slug.clone())
                .collect(),
            paths_rev: self.paths_rev,
            keys,
            cards,
            indexes: self.all.iter().map(|d| Arc::clone(&d.index)).collect(),
            related,
            publish: self.publish_cache,
        }
    }
}
