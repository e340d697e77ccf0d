//! The state one build leaves for the next ([`Session`]): `serve` keeps one alive and, when files
//! change, re-reads only those, re-checks only those, and renders only the pages whose
//! fingerprint changed; `build` and `check` use a fresh one once.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::diagnostic::{self, Diagnostic};
use crate::domain::date::Day;
use crate::domain::fingerprint::Fingerprint;
use crate::domain::folders;
use crate::load::{self, FactSheets, Loaded, SourceFile};
use crate::model::Site;
use crate::parse::site_config::SiteConfig;
use crate::render::RenderCache;
use crate::theme::{Theme, ThemeStatic};
use crate::{model, parse, render, write};

use super::clock::StageClock;
use super::late::{PagesFirst, late_update, stale_bundle_files};
use super::{BuildOptions, Kept, LinkCheck, Packed};

/// What changed on disk since the last build.
#[derive(Debug, Clone)]
pub enum Changes {
    /// Re-read everything (the first build, or a change to settings, data, strings, theme or
    /// static files).
    Everything,
    /// Only these content files (fact sheets, plain pages) changed, were created or deleted.
    Content(Vec<PathBuf>),
}

impl Changes {
    /// Sorts changed paths: content files can be patched in; anything else reloads all.
    pub fn from_paths(root: &Path, paths: impl IntoIterator<Item = PathBuf>) -> Changes {
        let mut content = Vec::new();
        for path in paths {
            let rel = load::rel_path(root, &path);
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let is_content_file = (folders::directly_in(&rel, folders::PROGRAMMES)
                || folders::directly_in(&rel, folders::PAGES))
                && !path.is_dir();
            if is_content_file {
                if !load::is_ignored(&name) {
                    content.push(path);
                }
            } else {
                return Changes::Everything;
            }
        }
        Changes::Content(content)
    }
}

/// A file of the built site, as `serve` holds it in memory.
#[derive(Debug, Clone)]
pub enum SiteFile {
    /// A page or another file the build made, compressed.
    Page(Arc<Packed>),
    Disk(PathBuf),
    Builtin(&'static [u8]),
}

/// The result of a successful (re)build.
pub struct Update {
    /// Pages rendered this time (all of them on a first build), compressed as they were
    /// rendered.
    pub outputs: Vec<Kept>,
    /// Output paths that existed before and are gone now.
    pub removed: Vec<String>,
    /// Every page of the site.
    pub page_count: usize,
    /// Files written (pages and static files), when the build writes.
    pub files: usize,
    pub programmes: usize,
    pub languages: usize,
    pub warnings: Vec<Diagnostic>,
    /// Whether `site.yaml` has an `accessibility:` block (else `build` says a public body
    /// needs one).
    pub accessibility_statement: bool,
    /// The settings the open-data catalogue lacks (`data_licence`, `publisher`), which
    /// `build` names in a note.
    pub catalogue_missing: Vec<&'static str>,
    /// Whether static files or the theme may have changed (all pages should reload).
    pub everything: bool,
    /// Then, the static files (the theme's, then the site's, which win), by output path.
    pub static_files: Option<BTreeMap<String, SiteFile>>,
    /// How each programme's translations stand.
    pub translations: Arc<model::translations::Table>,
}

/// What a build does with the pages it renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Emit {
    /// Keeps them in memory and returns them (`serve`).
    Keep,
    /// Writes each into the output's staging folder as soon as it is checked, keeping none,
    /// then puts the staging folder in place (`build`).
    Write,
    /// Checks them and keeps nothing (`check`).
    Discard,
}

/// One site's build state, kept between builds.
pub struct Session {
    pub options: BuildOptions,
    pub(super) loaded: Option<Loaded>,
    pub(super) theme: Option<Theme>,
    pub(super) parse_cache: model::ParseCache,
    pub(super) render_cache: RenderCache,
    /// The pages of the last good build.
    pub(super) pages: BTreeSet<String>,
    /// And every file of it, as the link check looks them up.
    pub(super) site_files: Option<Arc<SiteFiles>>,
    /// How its translations stood, for `serve` to show with the next rebuild's pages: the
    /// table is made again after them.
    pub(super) translations: Option<Arc<model::translations::Table>>,
}

/// Every file of a build, as the link check looks them up.
pub(super) struct SiteFiles {
    /// The pages, as the plan lists them.
    pub(super) list: Vec<Arc<str>>,
    /// Their fingerprint: see [`render::Plan::pages_rev`].
    pub(super) rev: u64,
    /// Those (the same texts, shared) and the static files.
    pub(super) all: FxHashSet<Arc<str>>,
    /// The first segment of each (what belongs to the site).
    pub(super) owned: FxHashSet<String>,
}

impl SiteFiles {
    fn new(list: Vec<Arc<str>>, rev: u64, theme: &Theme, loaded: &Loaded) -> SiteFiles {
        let mut all: FxHashSet<Arc<str>> = list.iter().cloned().collect();
        all.extend(theme.static_files.iter().map(|f| Arc::from(f.rel())));
        all.extend(
            loaded
                .static_files
                .iter()
                .map(|f| Arc::from(f.rel.as_str())),
        );
        // A few first segments, from every file: grown as they come (collected, the set
        // was made room for one per file).
        let mut owned = FxHashSet::default();
        for f in &all {
            let first = f.split('/').next().unwrap_or("");
            if !owned.contains(first) {
                owned.insert(first.to_string());
            }
        }
        SiteFiles {
            list,
            rev,
            all,
            owned,
        }
    }
}

impl Session {
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            loaded: None,
            theme: None,
            parse_cache: model::ParseCache::default(),
            render_cache: RenderCache::default(),
            pages: BTreeSet::new(),
            site_files: None,
            translations: None,
        }
    }

    /// Re-reads what changed, then checks, models and renders the site, keeping the pages
    /// rendered in memory (`serve`). On error the session keeps the last good build's state,
    /// so the next rebuild compares with it.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Update, Vec<Diagnostic>> {
        self.run(changes, Emit::Keep, None)
    }

    /// As [`Session::rebuild`], but hands the pages to `first.pages` as soon as they are
    /// rendered and checked, and only then makes the sitemap, feeds, open data and search
    /// indexes (when what they show changed), which it returns but for those
    /// `first.served` already has: `serve` reloads edited pages without waiting for files
    /// that show the whole site.
    pub fn rebuild_pages_first(
        &mut self,
        changes: &Changes,
        first: PagesFirst,
    ) -> Result<Update, Vec<Diagnostic>> {
        self.run(changes, Emit::Keep, Some(first))
    }

    /// Re-reads, checks, models and renders, and does with each page what `emit` says.
    pub(super) fn run(
        &mut self,
        changes: &Changes,
        emit: Emit,
        first: Option<PagesFirst>,
    ) -> Result<Update, Vec<Diagnostic>> {
        let mut clock = StageClock::start();
        // A session that renders once need not hold the fact sheets' texts: their bodies
        // are read again as their pages are rendered. `serve` keeps them for the next edit.
        let fact_sheets = match emit {
            Emit::Keep => FactSheets::Read,
            Emit::Write | Emit::Discard => FactSheets::Listed,
        };
        super::memory::set_once(emit != Emit::Keep);
        let everything = self.read(changes, fact_sheets);
        clock.mark("load");
        let Some(loaded) = self.loaded.as_ref() else {
            return Err(Vec::new());
        };
        let (config, site_yaml) = settings(loaded, &self.options)?;
        if self.theme.is_none() {
            self.theme = Some(theme_of(&self.options.root, &config, &site_yaml, loaded)?);
        }
        let Some(theme) = self.theme.as_ref() else {
            return Err(Vec::new());
        };
        let (site, mut warnings) = model_of(
            loaded,
            config,
            theme,
            (&self.options, emit == Emit::Keep),
            &mut self.parse_cache,
        )?;
        // A session that renders once keeps nothing for a next build: what the caches hold
        // (a fact sheet's warnings, every page's fingerprint) is tens of megabytes at 30,000
        // programmes, held through the render.
        let once = emit != Emit::Keep;
        // Such a session reports only the translations' counts: counted now, the files'
        // dates they are counted from are let go too (13 MB at 30,000 x 3).
        let counted = once.then(|| model::translations::counts(&site, loaded));
        if once {
            self.parse_cache = model::ParseCache::default();
            if let Some(loaded) = self.loaded.as_mut() {
                loaded.changed = Default::default();
                loaded.committed = Default::default();
            }
        }
        let Some(loaded) = self.loaded.as_ref() else {
            return Err(Vec::new());
        };
        clock.mark("parse and model");
        super::between_stages();

        self.render_cache.global = global_key(loaded, theme, &self.options, site.today);
        let mut plan =
            render::plan(&site, theme, &self.render_cache, first.is_some()).map_err(sorted)?;
        clock.mark("plan");
        super::between_stages();
        // The same pages as last time (an edit while serving): the same lookups.
        let same_files =
            matches!(&self.site_files, Some(f) if !everything && f.rev == plan.pages_rev());
        let site_files = match &self.site_files {
            Some(f) if same_files => Arc::clone(f),
            _ => Arc::new(SiteFiles::new(
                plan.pages(),
                plan.pages_rev(),
                theme,
                loaded,
            )),
        };
        let inputs = Inputs {
            options: &self.options,
            site: &site,
            theme,
            loaded,
        };
        let (outputs, rendered, written) = render_check_write(
            &inputs,
            emit,
            &mut plan,
            (&site_files, same_files),
            &mut warnings,
            &mut clock,
        )?;
        diagnostic::sort(&mut warnings);
        // The table is for the translations page and the editor's links: `serve` shows the
        // pages with the last one, then makes it again (24 ms at 10,000 x 3).
        let last = self.translations.clone().filter(|_| first.is_some());
        let translations = match (&last, counted) {
            (Some(last), _) => Arc::clone(last),
            (None, Some(counted)) => Arc::new(counted),
            (None, None) => Arc::new(model::translations::table(&site, loaded)),
        };
        let (removed, page_count) = if once {
            (Vec::new(), site_files.list.len())
        } else {
            let mut removed = removed_pages(&mut self.pages, &self.site_files, &site_files);
            let made: BTreeSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
            removed.extend(stale_bundle_files(&mut self.pages, &made));
            self.site_files = Some(Arc::clone(&site_files));
            (removed, self.pages.len())
        };
        let mut update = Update {
            outputs,
            removed,
            page_count,
            files: written,
            programmes: site.programmes.len(),
            languages: site.languages.len(),
            warnings,
            accessibility_statement: site.config.accessibility.is_some(),
            catalogue_missing: crate::render::publish::catalogue::missing_settings(&site.config),
            everything,
            static_files: everything.then(|| static_files(theme, loaded)),
            translations: Arc::clone(&translations),
        };
        if let Some(first) = first {
            // The pages first; then what was deferred, as a second update.
            (first.pages)(update);
            clock.mark("pages served");
            let translations = match last {
                Some(_) => Arc::new(model::translations::table(&site, loaded)),
                None => translations,
            };
            self.translations = Some(Arc::clone(&translations));
            clock.mark("translations");
            update = late_update(
                &mut plan,
                &site,
                &mut self.pages,
                translations,
                first.served,
            )?;
            clock.mark("publishing outputs");
        }
        if !once {
            let cache_update = plan.finish();
            self.render_cache.update(cache_update);
        }
        clock.report(rendered);
        Ok(update)
    }

    /// Reads, checks and models the site, rendering nothing: how its translations stand.
    pub(super) fn translations(&mut self) -> Result<model::translations::Table, Vec<Diagnostic>> {
        self.read(&Changes::Everything, FactSheets::Listed);
        let Some(loaded) = self.loaded.as_ref() else {
            return Err(Vec::new());
        };
        let (config, site_yaml) = settings(loaded, &self.options)?;
        let theme = theme_of(&self.options.root, &config, &site_yaml, loaded)?;
        let (site, _) = model_of(
            loaded,
            config,
            &theme,
            (&self.options, false),
            &mut self.parse_cache,
        )?;
        Ok(model::translations::table(&site, loaded))
    }

    /// Brings the files read up to date: only the content files that changed, when that is
    /// all that changed; else everything, and the theme is read again. Whether it was
    /// everything.
    fn read(&mut self, changes: &Changes, fact_sheets: FactSheets) -> bool {
        let root = &self.options.root;
        match (changes, self.loaded.as_mut()) {
            (Changes::Content(paths), Some(loaded)) => {
                for path in paths {
                    patch(loaded, root, path);
                }
                false
            }
            _ => {
                self.loaded = Some(load::load(root, fact_sheets));
                self.theme = None;
                true
            }
        }
    }
}

/// What every step after the model reads.
struct Inputs<'a> {
    options: &'a BuildOptions,
    site: &'a Site,
    theme: &'a Theme,
    loaded: &'a Loaded,
}

/// Diagnostics in order of file and line.
pub(super) fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostic::sort(&mut diagnostics);
    diagnostics
}

/// The site's settings, and the text of `site.yaml` (to place theme errors in it).
fn settings(
    loaded: &Loaded,
    options: &BuildOptions,
) -> Result<(SiteConfig, SourceFile), Vec<Diagnostic>> {
    let Some(site_yaml) = loaded.site_yaml.clone() else {
        let mut errors = loaded.errors.clone();
        if !options.root.join("site.yaml").exists() {
            errors.push(parse::site_config::missing(
                &options.root.display().to_string(),
            ));
        }
        return Err(errors);
    };
    let mut config = parse::site_config::parse(&site_yaml.text, options.base_url.as_deref())
        .map_err(|mut e| {
            e.extend(loaded.errors.iter().cloned());
            diagnostic::sort(&mut e);
            e
        })?;
    if let Some(cms) = &mut config.cms {
        cms.local_backend = options.cms_local_backend.clone();
    }
    Ok((config, site_yaml))
}

/// The theme `site.yaml` names, its errors placed at `theme:` when they are about it.
fn theme_of(
    root: &Path,
    config: &SiteConfig,
    site_yaml: &SourceFile,
    loaded: &Loaded,
) -> Result<Theme, Vec<Diagnostic>> {
    crate::theme::load(root, &config.theme).map_err(|e| {
        let mut e: Vec<Diagnostic> = e
            .into_iter()
            .map(|d| match (d.file.as_str(), d.field.as_deref(), d.place) {
                (parse::site_config::FILE, Some("theme"), None) => {
                    parse::site_config::locate(d, &site_yaml.text, "theme", None)
                }
                _ => d,
            })
            .collect();
        e.extend(loaded.errors.iter().cloned());
        diagnostic::sort(&mut e);
        e
    })
}

/// The model of the site and its warnings (the files' reading problems among them), or every
/// error when there is one.
fn model_of(
    loaded: &Loaded,
    config: SiteConfig,
    theme: &Theme,
    (options, keep): (&BuildOptions, bool),
    parse_cache: &mut model::ParseCache,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let load_errors: Vec<Diagnostic> = loaded.errors.clone();
    let model_options = model::Options {
        drafts: options.drafts,
        keep,
        today: options.today,
    };
    let (site, mut warnings) = match model::build(
        loaded,
        config,
        model::ThemeParts {
            strings: &theme.strings,
            placeholders: &theme.placeholders,
        },
        &model_options,
        parse_cache,
    ) {
        Ok((site, warnings)) if !load_errors.iter().any(Diagnostic::is_error) => (site, warnings),
        Ok((_, warnings)) => {
            let mut all = load_errors;
            all.extend(warnings);
            diagnostic::sort(&mut all);
            return Err(all);
        }
        Err(mut e) => {
            e.extend(load_errors);
            diagnostic::sort(&mut e);
            return Err(e);
        }
    };
    warnings.extend(load_errors);
    diagnostic::sort(&mut warnings);
    Ok((site, warnings))
}

/// Renders the pages whose key changed, checks the links of each as soon as it is rendered,
/// and writes it into the staging folder or keeps it, as `emit` says; then checks what the
/// pages point at and, when writing, copies the static files and puts the output in place.
/// The pages kept, how many were rendered, and how many files were written.
fn render_check_write(
    inputs: &Inputs,
    emit: Emit,
    plan: &mut render::Plan,
    (site_files, same_files): (&SiteFiles, bool),
    warnings: &mut Vec<Diagnostic>,
    clock: &mut StageClock,
) -> Result<(Vec<Kept>, usize, usize), Vec<Diagnostic>> {
    let Inputs {
        options,
        site,
        theme,
        loaded,
    } = *inputs;
    let page_list = &site_files.list;
    let staging = match emit {
        Emit::Write => {
            let pages: Vec<&str> = page_list.iter().map(|p| &**p).collect();
            Some(
                write::Staging::begin(&options.output, &pages, &site_files.owned)
                    .map_err(|d| vec![d])?,
            )
        }
        _ => None,
    };
    let checker = (options.link_check != LinkCheck::Off)
        .then(|| crate::links::Checker::new(site, &site_files.all, &site_files.owned));
    // What the check keeps of each page and card, in one vector made large enough at once
    // (a large site's are tens of megabytes: grown, or gathered from each thread's, they
    // were twice that for a moment).
    let scans = std::sync::Mutex::new(Vec::new());
    let keep_scan = |scan: crate::links::PageScan| {
        scans.lock().unwrap_or_else(|e| e.into_inner()).push(scan);
    };
    if let Some(checker) = &checker {
        let cards = site.programmes.len() * site.languages.len();
        scans
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .reserve_exact(page_list.len() + cards);
        // Cards are checked once, and left out of the check of the pages that list them
        // (they are half of a large site's bytes): those made anew, or all when the files
        // changed.
        plan.cards(!same_files, |card| keep_scan(checker.scan_card(&card)));
    }
    let kept = std::sync::Mutex::new(Vec::new());
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    // Each page is checked, then written or kept, as soon as it is rendered; the largest
    // files are written in pieces unless they are kept.
    if emit != Emit::Keep {
        plan.in_pieces();
    }
    plan.render(checker.is_some(), |output, notes| {
        if let Some(scan) = checker.as_ref().and_then(|c| c.scan(&output, &notes)) {
            keep_scan(scan);
        }
        if output.part != render::Part::Next {
            rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        match &staging {
            Some(staging) if output.part == render::Part::Next => {
                staging.append(&output.path, &output.bytes)?;
            }
            Some(staging) => staging.write(&output.path, &output.bytes)?,
            None if emit == Emit::Keep => {
                let output = Kept::from(output);
                kept.lock().unwrap_or_else(|e| e.into_inner()).push(output);
            }
            None => {}
        }
        Ok(())
    })
    .map_err(sorted)?;
    if let Some(staging) = &staging {
        staging.check().map_err(|d| vec![d])?;
    }
    clock.mark("render, check and write");
    let rendered = rendered.into_inner();
    let outputs: Vec<Kept> = kept.into_inner().unwrap_or_else(|e| e.into_inner());
    let scans = scans.into_inner().unwrap_or_else(|e| e.into_inner());
    warnings.extend(render::publish::warnings(site));
    if let Some(checker) = checker {
        // The texts held, else read again (a build lets the fact sheets' texts go).
        let held = std::cell::OnceCell::new();
        let source = |rel: &str| {
            let text = held.get_or_init(|| sources(loaded)).get(rel).copied();
            let again = || load::read_text(&options.root, &options.root.join(rel)).ok();
            text.cloned().or_else(|| again().map(|f| f.text))
        };
        let broken = checker.finish(
            site,
            scans,
            &source,
            match options.link_check {
                LinkCheck::Fail => diagnostic::Severity::Error,
                _ => diagnostic::Severity::Warning,
            },
        );
        if options.link_check == LinkCheck::Fail && !broken.is_empty() {
            let mut all = broken;
            all.append(warnings);
            diagnostic::sort(&mut all);
            return Err(all);
        }
        warnings.extend(broken);
    }
    clock.mark("fragments");
    if options.deny_warnings && !warnings.is_empty() {
        // Before anything is put in place: the staging folder goes with `staging`.
        return Err(sorted(std::mem::take(warnings)));
    }
    let mut written = 0;
    if let Some(staging) = staging {
        let pages: Vec<&str> = page_list.iter().map(|p| &**p).collect();
        written = rendered
            + staging
                .copy_static(&pages, &loaded.static_files, &theme.static_files)
                .map_err(|d| vec![d])?;
        staging.commit().map_err(|d| vec![d])?;
        clock.mark("static files and swap");
    }
    Ok((outputs, rendered, written))
}

/// The pages of the previous build that this one no longer has; `pages` becomes this
/// build's list.
fn removed_pages(
    pages: &mut BTreeSet<String>,
    previous: &Option<Arc<SiteFiles>>,
    site_files: &Arc<SiteFiles>,
) -> Vec<String> {
    let same_pages = previous
        .as_ref()
        .is_some_and(|f| Arc::ptr_eq(f, site_files));
    if same_pages {
        return Vec::new();
    }
    let now: BTreeSet<String> = site_files.list.iter().map(|p| p.to_string()).collect();
    // A search bundle is listed by its entry file alone: its other files stay while it does
    // (the bundle is made again, and its files replaced, only when its language's index
    // changes).
    let kept =
        |p: &String| render::search::bundle_entry(p).is_some_and(|entry| now.contains(&entry));
    let (kept, removed): (Vec<String>, Vec<String>) =
        pages.difference(&now).cloned().partition(kept);
    *pages = now;
    pages.extend(kept);
    removed
}

/// The static files of a build (the theme's, then the site's, which win), by output path.
pub(super) fn static_files(theme: &Theme, loaded: &Loaded) -> BTreeMap<String, SiteFile> {
    let mut out = BTreeMap::new();
    for f in &theme.static_files {
        let file = match f {
            ThemeStatic::Disk(d) => SiteFile::Disk(d.path.clone()),
            ThemeStatic::Builtin { bytes, .. } => SiteFile::Builtin(bytes),
        };
        out.insert(f.rel().to_string(), file);
    }
    for f in &loaded.static_files {
        out.insert(f.rel.clone(), SiteFile::Disk(f.path.clone()));
    }
    out
}

/// The text of content and data files by `rel`, for the link check's messages.
pub(super) fn sources(loaded: &Loaded) -> HashMap<&str, &Arc<str>> {
    loaded
        .programmes
        .iter()
        .chain(&loaded.pages)
        .chain(loaded.themes.iter())
        .chain(loaded.donors.iter())
        .chain(loaded.partners.iter())
        .chain(loaded.countries.iter())
        .map(|f| (f.rel.as_str(), &f.text))
        .collect()
}

/// Brings one changed content file of `loaded` up to date: re-read, added or removed.
pub(super) fn patch(loaded: &mut Loaded, root: &Path, path: &Path) {
    let rel = load::rel_path(root, path);
    let list = if folders::directly_in(&rel, folders::PROGRAMMES) {
        &mut loaded.programmes
    } else {
        &mut loaded.pages
    };
    // The list is in order of `rel` (but for files in sub-folders): found by halves rather
    // than by comparing 30,000 names.
    match list.binary_search_by(|f| f.rel.as_str().cmp(&rel)) {
        Ok(at) => {
            list.remove(at);
        }
        Err(_) => list.retain(|f| f.rel != rel),
    }
    loaded.errors.retain(|d| d.file != rel);
    if !path.is_file() {
        return;
    }
    if path.extension().and_then(|e| e.to_str()) != Some("md") {
        loaded.errors.push(
            Diagnostic::warning(rel, "is not a Markdown file (`.md`) and is left out")
                .hint("put images and documents in `static/`"),
        );
        return;
    }
    match load::read_in_site(root, path) {
        Ok(f) => {
            if let Some((t, by_git)) = crate::load::history::last_change(root, &f) {
                loaded.changed.insert(f.rel.clone(), t);
                if by_git {
                    loaded.committed.insert(f.rel.clone());
                } else {
                    loaded.committed.remove(&f.rel);
                }
            }
            let at = list.partition_point(|g| g.rel < f.rel);
            list.insert(at, f);
        }
        Err(d) => loaded.errors.push(d),
    }
}

/// A fingerprint of everything every page depends on: settings, data files, strings, the
/// theme, static files, plain pages (listed in every footer), and the build's options.
pub(super) fn global_key(
    loaded: &Loaded,
    theme: &Theme,
    options: &BuildOptions,
    today: Day,
) -> u64 {
    let mut h = Fingerprint::default();
    let text = |f: &Option<load::SourceFile>| f.as_ref().map(|f| f.text.clone());
    (
        text(&loaded.site_yaml),
        text(&loaded.themes),
        text(&loaded.donors),
        text(&loaded.partners),
        text(&loaded.countries),
    )
        .hash(&mut h);
    for f in loaded.i18n.iter().chain(&loaded.pages) {
        (&f.rel, &f.text).hash(&mut h);
    }
    for f in &loaded.static_files {
        f.rel.hash(&mut h);
    }
    for (name, t) in &theme.templates {
        (name, &t.text).hash(&mut h);
    }
    format!("{:?}", theme.strings).hash(&mut h);
    for f in &theme.static_files {
        f.rel().hash(&mut h);
    }
    (
        &options.base_url,
        options.drafts,
        today,
        &options.cms_local_backend,
    )
        .hash(&mut h);
    h.finish()
}
