//! Runs the stages in order for `build`, `check` and `serve`.
//!
//! A [`Session`] keeps what one build learnt for the next: the files read, the fact sheets
//! checked, and a fingerprint of every page. `build` and `check` use a fresh session once;
//! `serve` keeps one alive and, when files change, re-reads only those, re-checks only those,
//! and renders only the pages whose fingerprint changed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::diagnostic::Diagnostic;
use crate::domain::date::Day;
use crate::domain::folders;
use crate::{parse, write};

mod clock;
mod late;
mod memory;
mod packed;
mod session;

pub use late::PagesFirst;
pub(crate) use memory::between_stages;
pub use memory::purge_on_request;
pub use packed::{Kept, Packed};
use session::Emit;
pub use session::{Changes, Session, SiteFile, Update};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Fixes "today" for derived statuses (tests); the real date otherwise.
    pub today: Option<Day>,
    /// What a broken internal link does to the build.
    pub link_check: LinkCheck,
    /// Whether warnings fail the run as errors do (`--deny-warnings`): nothing is written.
    pub deny_warnings: bool,
    /// `serve --cms`: the address of the local backend the editor at `admin/` saves through.
    pub cms_local_backend: Option<String>,
}

/// What a broken internal link (or image, fragment, translation link) does to a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkCheck {
    /// It is an error: nothing is written (`build`, `check`).
    Fail,
    /// It is a warning (`build --allow-broken-links`).
    Warn,
    /// Links are not checked.
    Off,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join(folders::OUTPUT),
            root,
            base_url: None,
            drafts: false,
            today: None,
            link_check: LinkCheck::Fail,
            deny_warnings: false,
            cms_local_backend: None,
        }
    }
}

/// What a successful build made.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub programmes: usize,
    pub languages: usize,
    pub warnings: Vec<Diagnostic>,
    /// Whether `site.yaml` has an `accessibility:` block.
    pub accessibility_statement: bool,
    /// The settings the open-data catalogue lacks (`data_licence`, `publisher`).
    pub catalogue_missing: Vec<&'static str>,
    /// Translations missing, and outdated (their source changed after them).
    pub translations: (usize, usize),
    pub millis: u128,
}

/// The path part of the site's base URL (`/fr/programmes/`), if `site.yaml` can be read.
pub fn base_path_of(root: &Path) -> Option<String> {
    let text: Arc<str> =
        Arc::from(std::fs::read_to_string(root.join(parse::site_config::FILE)).ok()?);
    parse::site_config::parse(&text, None)
        .ok()
        .map(|c| c.base_path)
}

/// Whether `site.yaml` has a `cms:` block that reads (for `serve --cms`).
pub fn has_cms(root: &Path) -> bool {
    std::fs::read_to_string(root.join(parse::site_config::FILE))
        .ok()
        .and_then(|text| parse::site_config::parse(&Arc::from(text), None).ok())
        .is_some_and(|c| c.cms.is_some())
}

/// `fiche build`: renders and writes the site; the previous output stays if anything fails.
pub fn build(options: &BuildOptions) -> Result<Report, Vec<Diagnostic>> {
    let started = Instant::now();
    write::check_output_folder(&options.root, &options.output).map_err(|d| vec![d])?;
    let update = Session::new(options.clone()).run(&Changes::Everything, Emit::Write, None)?;
    Ok(Report {
        pages: update.page_count,
        files: update.files,
        programmes: update.programmes,
        languages: update.languages,
        warnings: update.warnings,
        accessibility_statement: update.accessibility_statement,
        catalogue_missing: update.catalogue_missing.clone(),
        translations: (update.translations.missing, update.translations.outdated),
        millis: started.elapsed().as_millis(),
    })
}

/// `fiche check`: everything `build` validates, writing nothing.
pub fn check(options: &BuildOptions) -> Result<Report, Vec<Diagnostic>> {
    let started = Instant::now();
    let update = Session::new(options.clone()).run(&Changes::Everything, Emit::Discard, None)?;
    Ok(Report {
        pages: update.page_count,
        files: update.page_count,
        programmes: update.programmes,
        languages: update.languages,
        warnings: update.warnings,
        accessibility_statement: update.accessibility_statement,
        catalogue_missing: update.catalogue_missing.clone(),
        translations: (update.translations.missing, update.translations.outdated),
        millis: started.elapsed().as_millis(),
    })
}

/// `fiche translations`: how each programme's translations stand against its source file.
pub fn translations(
    options: &BuildOptions,
) -> Result<crate::model::translations::Table, Vec<Diagnostic>> {
    Session::new(options.clone()).translations()
}
