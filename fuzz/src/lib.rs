//! What the fuzz targets run, one function per target.
//!
//! The same file is compiled into fiche's integration tests (`tests/integration/fuzz_corpus.rs`
//! includes it with `#[path]`), which replay every input of `fuzz/corpus/<target>/` through
//! these functions: CI never fuzzes, but it does re-run everything the fuzzer kept.
//!
//! Each function panics when fiche does something it must never do with a user's file:
//! panicking itself, placing a message outside the file, or writing a page outside the output.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use fiche::diagnostic::Diagnostic;
use fiche::domain::country::Countries;
use fiche::domain::date::Day;
use fiche::load;
use fiche::parse::programme::{self, Known};
use fiche::parse::{frontmatter, i18n, named, site_config, yaml};
use fiche::pipeline::{BuildOptions, Changes, Session};

/// Checks what every message must be: renderable, and placed inside its file.
pub fn check_diagnostic(d: &Diagnostic) {
    assert!(
        !d.message.trim().is_empty(),
        "a message without text: {d:?}"
    );
    let _ = d.render();
    if let (Some(place), Some(source)) = (d.place, &d.source) {
        let lines = source.split_inclusive('\n').count().max(1);
        assert!(
            place.line >= 1 && place.line <= lines,
            "`{}` is placed on line {} of a file of {lines} lines",
            d.message,
            place.line
        );
    }
}

/// The keys and files a fact sheet may refer to: those of `tests/sites/base`.
fn known() -> Known<'static> {
    static COUNTRIES: OnceLock<Countries> = OnceLock::new();
    static THEMES: OnceLock<BTreeSet<String>> = OnceLock::new();
    static DONORS: OnceLock<BTreeSet<String>> = OnceLock::new();
    static PARTNERS: OnceLock<BTreeSet<String>> = OnceLock::new();
    static STATIC: OnceLock<BTreeSet<String>> = OnceLock::new();
    let set = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
    Known {
        countries: COUNTRIES.get_or_init(|| {
            Countries::new(
                &["fr".to_string(), "en".to_string()],
                &Default::default(),
                Default::default(),
                &Default::default(),
            )
        }),
        themes: Some(THEMES.get_or_init(|| set(&["police-cooperation", "training", "justice"]))),
        donors: Some(DONORS.get_or_init(|| set(&["eu", "afp"]))),
        partners: Some(PARTNERS.get_or_init(|| set(&["pichiefs", "ameripol"]))),
        static_files: STATIC.get_or_init(|| set(&["images/ok.svg"])),
        currency: "EUR",
    }
}

/// The text of a file as the load stage gives it to the others (`load::read_text`): UTF-8,
/// with line endings normalised.
fn as_loaded(data: &[u8]) -> Option<Arc<str>> {
    let text = String::from_utf8(data.to_vec()).ok()?;
    Some(Arc::from(load::normalise_line_endings(text)))
}

/// The `frontmatter` target: a content file split, its YAML read, and its fields checked as a
/// fact sheet and as a plain page.
pub fn frontmatter(data: &[u8]) {
    let Some(source) = as_loaded(data) else {
        return;
    };
    let text: &str = &source;
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        Err(e) => {
            assert!(!e.message().is_empty() && !e.hint().is_empty());
            return;
        }
    };
    // The pieces are the file's own text, in order, on the lines said.
    let unbommed = text.strip_prefix('\u{feff}').unwrap_or(text);
    assert!(unbommed.contains(split.yaml) && unbommed.ends_with(split.body));
    if !split.body.is_empty() {
        assert_eq!(
            unbommed[..unbommed.len() - split.body.len()]
                .matches('\n')
                .count()
                + 1,
            split.body_first_line,
            "the body's first line"
        );
    }
    let fields = match yaml::fields("f.md", &source, split.yaml, split.yaml_first_line) {
        Ok(fields) => fields,
        Err(d) => return check_diagnostic(&d),
    };
    if let Err(errors) = programme::programme(&fields, &known()) {
        assert!(!errors.is_empty(), "a fact sheet refused without a reason");
        errors.iter().for_each(check_diagnostic);
    }
    if let Err(errors) = programme::page(&fields) {
        assert!(!errors.is_empty(), "a page refused without a reason");
        errors.iter().for_each(check_diagnostic);
    }
}

/// The `settings` target: the same text read as `site.yaml`, as a data file and as a file of
/// interface strings.
pub fn settings(data: &[u8]) {
    let Some(source) = as_loaded(data) else {
        return;
    };
    if let Err(errors) = site_config::parse(&source, None) {
        assert!(!errors.is_empty(), "site.yaml refused without a reason");
        errors.iter().for_each(check_diagnostic);
    }
    if let Err(d) = named::parse("data/themes.yaml", &source) {
        check_diagnostic(&d);
    }
    if let Err(d) = i18n::parse("i18n/fr.yaml", &source) {
        check_diagnostic(&d);
    }
}

/// Where the parts of a `site` input go, in order; parts are separated by a line `=====`.
pub const BUILD_FILES: [&str; 3] = [
    "content/programmes/fuzz.fr.md",
    "content/programmes/fuzz.en.md",
    "content/pages/about.fr.md",
];

/// The `site` target's site: a copy of `tests/sites/base` whose content files each input
/// replaces, rebuilt the way `fiche serve` rebuilds after a save (parse, model, render and
/// link check of everything the change touches).
pub struct OnePageSite {
    dir: tempfile::TempDir,
    session: Session,
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("fixture readable") {
        let entry = entry.expect("fixture readable");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

impl OnePageSite {
    /// A copy of the site at `base`, whose own fact sheets are removed, built once.
    pub fn new(base: &Path) -> OnePageSite {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(base, dir.path());
        std::fs::remove_dir_all(dir.path().join("content")).expect("remove content");
        std::fs::create_dir_all(dir.path().join("content/programmes")).expect("mkdir");
        std::fs::create_dir_all(dir.path().join("content/pages")).expect("mkdir");
        let mut options = BuildOptions::new(dir.path());
        options.today = Some(Day {
            year: 2025,
            month: 6,
            day: 15,
        });
        let mut session = Session::new(options);
        // An empty site builds: a base to compare every later rebuild with.
        if let Err(errors) = session.rebuild(&Changes::Everything) {
            panic!("the empty base site does not build: {errors:?}");
        }
        OnePageSite { dir, session }
    }

    /// Writes the parts of `data` into the site's content files (removing those it has no part
    /// for) and rebuilds.
    pub fn build(&mut self, data: &[u8]) {
        let parts = parts(data, BUILD_FILES.len());
        let mut paths: Vec<PathBuf> = Vec::new();
        for (i, rel) in BUILD_FILES.iter().enumerate() {
            let path = self.dir.path().join(rel);
            match parts.get(i) {
                Some(part) => std::fs::write(&path, part).expect("write"),
                None => {
                    let _ = std::fs::remove_file(&path);
                }
            }
            paths.push(path);
        }
        match self.session.rebuild(&Changes::Content(paths)) {
            Ok(update) => {
                for output in &update.outputs {
                    check_output_path(&output.path);
                }
                update.warnings.iter().for_each(check_diagnostic);
            }
            Err(errors) => {
                assert!(!errors.is_empty(), "a build failed without a reason");
                errors.iter().for_each(check_diagnostic);
            }
        }
    }
}

/// Where the parts of a `sitefiles` input go, in order; parts are separated by a line `=====`.
/// Settings, data files and strings are what a fact sheet is checked against, so they are
/// fuzzed together with one fact sheet that uses them.
pub const SITE_FILES: [&str; 6] = [
    "site.yaml",
    "data/donors.yaml",
    "data/themes.yaml",
    "data/partners.yaml",
    "i18n/fr.yaml",
    "content/programmes/fuzz.fr.md",
];

/// Splits `data` into at most `count` parts at lines `=====`.
fn parts(data: &[u8], count: usize) -> Vec<&[u8]> {
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut rest = data;
    while parts.len() + 1 < count {
        match rest.windows(7).position(|w| w == b"\n=====\n") {
            Some(at) => {
                parts.push(&rest[..at + 1]);
                rest = &rest[at + 7..];
            }
            None => break,
        }
    }
    parts.push(rest);
    parts
}

/// The `sitefiles` target's site: a copy of `tests/sites/base` whose settings, data files,
/// strings and one fact sheet each input replaces (a file it has no part for keeps the
/// base's text, or is absent where the base has none), rebuilt whole, as `fiche serve` does
/// after a change to settings or data, and built by a fresh session too, as `fiche build`
/// does: both must agree on whether the site builds.
pub struct SettingsSite {
    dir: tempfile::TempDir,
    base: PathBuf,
    session: Session,
}

impl SettingsSite {
    pub fn new(base: &Path) -> SettingsSite {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(base, dir.path());
        std::fs::create_dir_all(dir.path().join("i18n")).expect("mkdir");
        let session = Session::new(Self::options(dir.path()));
        SettingsSite {
            dir,
            base: base.to_path_buf(),
            session,
        }
    }

    fn options(root: &Path) -> BuildOptions {
        let mut options = BuildOptions::new(root);
        options.today = Some(Day {
            year: 2025,
            month: 6,
            day: 15,
        });
        options
    }

    /// Writes the parts of `data` into the site and rebuilds it, incrementally and afresh.
    pub fn build(&mut self, data: &[u8]) {
        let parts = parts(data, SITE_FILES.len());
        for (i, rel) in SITE_FILES.iter().enumerate() {
            let path = self.dir.path().join(rel);
            match parts.get(i) {
                Some(part) => std::fs::write(&path, part).expect("write"),
                None => match std::fs::read(self.base.join(rel)) {
                    Ok(text) => std::fs::write(&path, text).expect("write"),
                    Err(_) => {
                        let _ = std::fs::remove_file(&path);
                    }
                },
            }
        }
        // Raw HTML in the body is the editors' own; elsewhere a script address is a hole.
        let fact_sheet = parts.get(SITE_FILES.len() - 1).map_or(&b""[..], |p| p);
        let lower = String::from_utf8_lossy(fact_sheet).to_ascii_lowercase();
        let body_names_a_script = ["javascript", "vbscript", "data:"]
            .iter()
            .any(|s| lower.contains(s));
        let incremental = self.session.rebuild(&Changes::Everything);
        let fresh = Session::new(Self::options(self.dir.path())).rebuild(&Changes::Everything);
        for result in [&incremental, &fresh] {
            match result {
                Ok(update) => {
                    for output in &update.outputs {
                        check_output_path(&output.path);
                        if !body_names_a_script {
                            let bytes = output.bytes.unpack().expect("a page fiche kept unpacks");
                            check_no_script_address(&output.path, &bytes);
                        }
                    }
                    update.warnings.iter().for_each(check_diagnostic);
                }
                Err(errors) => {
                    assert!(!errors.is_empty(), "a build failed without a reason");
                    errors.iter().for_each(check_diagnostic);
                }
            }
        }
        assert_eq!(
            incremental.is_ok(),
            fresh.is_ok(),
            "a rebuild and a fresh build disagree on whether the site builds"
        );
    }
}

/// No address on a page runs a script: settings, data files and strings are not HTML, so no
/// `href` or `src` that fiche writes from them may start with `javascript:`, `vbscript:` or
/// `data:text/html`. (A fact sheet's body may hold raw HTML, the editors' own: callers skip
/// this check when the input's fact sheet names such a scheme itself.)
pub fn check_no_script_address(path: &str, bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if !path.ends_with(".html") {
        return;
    }
    let lower = text.to_ascii_lowercase();
    for attr in ["href=\"", "src=\""] {
        for (at, _) in lower.match_indices(attr) {
            let value = lower[at + attr.len()..].trim_start();
            for scheme in ["javascript:", "vbscript:", "data:text/html"] {
                assert!(
                    !value.starts_with(scheme),
                    "`{path}` has an address starting with `{scheme}`"
                );
            }
        }
    }
}

/// An output path stays inside the output folder: relative, `/`-separated, no `.` or `..`
/// segment, no empty segment, naming a file.
pub fn check_output_path(path: &str) {
    assert!(
        !path.is_empty()
            && !path.starts_with('/')
            && !path.ends_with('/')
            && !path.contains('\\')
            && !path.contains('\0')
            && path
                .split('/')
                .all(|s| !s.is_empty() && s != "." && s != ".."),
        "unsafe output path `{path}`"
    );
}
