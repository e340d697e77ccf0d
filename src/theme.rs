//! Themes: Tera templates, interface strings and static files, from `themes/<name>/` in the
//! site or, for `default` when the site has no copy, from the copy built into fiche.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Place};
use crate::domain::folders;
use crate::load::builtin;
use crate::load::{self, StaticFile, archetypes};
use crate::parse::archetype::Placeholders;
use crate::parse::i18n::{self, Text};

/// A template's text and where it came from, for error messages.
pub struct TemplateSource {
    /// The file, relative to the site root (or marked as built in).
    pub file: String,
    pub text: Arc<str>,
}

pub struct Theme {
    pub tera: tera::Tera,
    pub templates: BTreeMap<String, TemplateSource>,
    pub strings: BTreeMap<String, BTreeMap<String, Text>>,
    /// Static files of the theme: copied from disk, or built-in bytes.
    pub static_files: Vec<ThemeStatic>,
    /// The placeholder text of its archetypes (and the built-in ones), to point out in fact
    /// sheets.
    pub placeholders: Placeholders,
    /// Set when a render of this pass reached a limit: the others stop too, with its error
    /// (the same template would loop on every page).
    stop: Arc<AtomicBool>,
    first_limit: Mutex<Option<Diagnostic>>,
    /// The largest page each template has rendered so far, by template: a page's buffer
    /// starts that large (one start size for all made a tenth of the list pages grow two or
    /// three times, each copying what they had).
    sizes: BTreeMap<String, AtomicUsize>,
}

pub enum ThemeStatic {
    Disk(StaticFile),
    Builtin {
        rel: &'static str,
        bytes: &'static [u8],
    },
}

impl ThemeStatic {
    pub fn rel(&self) -> &str {
        match self {
            ThemeStatic::Disk(f) => &f.rel,
            ThemeStatic::Builtin { rel, .. } => rel,
        }
    }
}

/// The template of redirect pages, built in when a theme has none.
const ALIAS_TEMPLATE: &str = "alias.html";

/// How long one page's (or card's) templates may take to render.
pub const RENDER_TIME: Duration = Duration::from_secs(10);
/// How many bytes one page's templates may write: far above any real page (lists are paged;
/// the pages of the benchmark's 10,000-programme site average 22 KB).
pub const RENDER_BYTES: usize = 256 * 1024 * 1024;
/// How many numbers `range` may make for one page, all its calls together.
pub const RANGE_NUMBERS: u64 = 1_000_000;
/// How many writes go by between two looks at the clock.
const WRITES_PER_CLOCK: u32 = 256;

/// What a render may still spend. Tera has no step limit: a template that loops for ever
/// would hang `build` and `serve`'s rebuilds. So fiche looks where Tera calls it: each write of
/// the page ([`Bounded`]), and `range` ([`bounded_range`], in place of Tera's own), which is
/// how a template makes a long loop out of nothing. Kept per thread: a render runs on one.
struct Budget {
    deadline: Instant,
    numbers_left: u64,
    exceeded: Option<Limit>,
    stop: Arc<AtomicBool>,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Limit {
    Time,
    Bytes,
    Numbers,
    /// Another page of the pass reached a limit.
    Stopped,
}

thread_local! {
    static BUDGET: RefCell<Option<Budget>> = const { RefCell::new(None) };
}

/// Records that a limit was reached, and says so as an error for Tera to stop on.
fn exceed(limit: Limit) -> std::io::Error {
    BUDGET.with_borrow_mut(|b| {
        if let Some(b) = b {
            b.exceeded.get_or_insert(limit);
        }
    });
    std::io::Error::other(format!("{limit:?} limit"))
}

/// Whether the render must stop: out of time, or another page reached a limit.
fn must_stop() -> Option<Limit> {
    BUDGET.with_borrow(|b| {
        let b = b.as_ref()?;
        if b.stop.load(Ordering::Acquire) {
            Some(Limit::Stopped)
        } else if Instant::now() > b.deadline {
            Some(Limit::Time)
        } else {
            None
        }
    })
}

/// The page as it is written, counted and timed.
struct Bounded {
    bytes: Vec<u8>,
    writes: u32,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > RENDER_BYTES {
            return Err(exceed(Limit::Bytes));
        }
        self.writes = self.writes.wrapping_add(1);
        if self.writes.is_multiple_of(WRITES_PER_CLOCK)
            && let Some(limit) = must_stop()
        {
            return Err(exceed(limit));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    /// One `write`, which takes the whole of `buf` or fails: Tera writes a page in thousands
    /// of small pieces, and the default loops and checks for a short write around each.
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.write(buf).map(drop)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Tera's `safe`, without copying the text: a string is marked safe as it is (Tera's own
/// copies it, and the templates pass every fact sheet's body and every list of cards through
/// it); any other value is written as text, as Tera's does.
fn safe(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if value.as_str().is_some() {
        value.clone().mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

/// Tera's `range` (the same arguments, limits and errors), counted against the page's
/// [`RANGE_NUMBERS`] and [`RENDER_TIME`].
fn bounded_range(kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step_by = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if start > end && step_by > 0 {
        return Err(tera::Error::message(
            "Function `range` was called with a `start` argument greater than the `end` one",
        ));
    }
    if step_by == 0 {
        return Err(tera::Error::message(
            "Function `range` was called with a `step_by` argument of 0",
        ));
    }
    let overflow =
        || tera::Error::message("Function `range` was called with arguments that overflow i128");
    let len = if step_by > 0 {
        let span = end.checked_sub(start).ok_or_else(overflow)?;
        span.checked_add(step_by - 1).ok_or_else(overflow)? / step_by
    } else if start <= end {
        0
    } else {
        let step = step_by.checked_neg().ok_or_else(overflow)?;
        let span = start.checked_sub(end).ok_or_else(overflow)?;
        span.checked_add(step - 1).ok_or_else(overflow)? / step
    };
    // Tera's own limit for one call.
    if len > 100_000 {
        return Err(tera::Error::message(format!(
            "Function `range` would produce {len} elements, which exceeds the limit of 100000"
        )));
    }
    let over = must_stop().or_else(|| {
        BUDGET.with_borrow_mut(|b| {
            let b = b.as_mut()?;
            match b.numbers_left.checked_sub(len as u64) {
                Some(left) => {
                    b.numbers_left = left;
                    None
                }
                None => Some(Limit::Numbers),
            }
        })
    });
    if let Some(limit) = over {
        exceed(limit);
        return Err(tera::Error::message(match limit {
            Limit::Numbers => format!(
                "`range` made more than {} million numbers for this page",
                RANGE_NUMBERS / 1_000_000
            ),
            _ => format!(
                "the page took more than {} s to render",
                RENDER_TIME.as_secs()
            ),
        }));
    }
    Ok((0..len).map(|i| start + i * step_by).collect())
}

impl Theme {
    /// Starts a new pass of renders (a build or a rebuild): a limit reached in the last one no
    /// longer stops them.
    pub fn new_pass(&self) {
        self.stop.store(false, Ordering::Release);
        *self.first_limit.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The error of the first render of this pass that reached a limit, given by every other
    /// render of the pass (so that it is reported once).
    fn stopped(&self) -> Diagnostic {
        let first = self.first_limit.lock().unwrap_or_else(|p| p.into_inner());
        first.clone().unwrap_or_else(|| {
            Diagnostic::error("templates", "template error: rendering was stopped")
        })
    }

    /// Renders `template` within the bounds above; `label` names what is rendered, for errors.
    pub fn render(
        &self,
        template: &str,
        context: &tera::Context,
        label: impl FnOnce() -> String,
    ) -> Result<String, Diagnostic> {
        let bytes = self.render_bytes(template, context, label)?;
        Ok(String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// [`Theme::render`], as the bytes Tera wrote (UTF-8: Tera writes text), for a page that
    /// is written and read as bytes (reading all of a build's pages again as UTF-8 was 1.2%
    /// of its time).
    pub fn render_bytes(
        &self,
        template: &str,
        context: &tera::Context,
        label: impl FnOnce() -> String,
    ) -> Result<Vec<u8>, Diagnostic> {
        if self.stop.load(Ordering::Acquire) {
            return Err(self.stopped());
        }
        BUDGET.set(Some(Budget {
            deadline: Instant::now() + RENDER_TIME,
            numbers_left: RANGE_NUMBERS,
            exceeded: None,
            stop: Arc::clone(&self.stop),
        }));
        let size = self.sizes.get(template);
        let start = size.map_or(0, |s| s.load(Ordering::Relaxed));
        let mut out = Bounded {
            // At most a megabyte ahead: one very long page does not make every other page of
            // its template start that large.
            bytes: Vec::with_capacity(start.clamp(16 * 1024, 1024 * 1024)),
            writes: 0,
        };
        let result = self.tera.render_to(template, context, &mut out);
        if let Some(size) = size {
            size.fetch_max(out.bytes.len(), Ordering::Relaxed);
        }
        let exceeded = BUDGET.take().and_then(|b| b.exceeded);
        match (result, exceeded) {
            (Ok(()), _) => Ok(out.bytes),
            (Err(e), None) => Err(tera_diagnostic(&e, &self.templates, &label())),
            (Err(_), Some(Limit::Stopped)) => Err(self.stopped()),
            (Err(e), Some(limit)) => {
                let d = self.limit_diagnostic(&e, template, limit, &label());
                let mut first = self.first_limit.lock().unwrap_or_else(|p| p.into_inner());
                let d = first.get_or_insert(d).clone();
                self.stop.store(true, Ordering::Release);
                Err(d)
            }
        }
    }

    /// A render stopped by a limit: at the template's line when Tera gives it (a limit
    /// reached in `range`), else against the page's template.
    fn limit_diagnostic(
        &self,
        error: &tera::Error,
        template: &str,
        limit: Limit,
        label: &str,
    ) -> Diagnostic {
        let what = match limit {
            Limit::Time => format!("took more than {} s", RENDER_TIME.as_secs()),
            Limit::Bytes => format!("wrote more than {} MB", RENDER_BYTES / (1024 * 1024)),
            Limit::Numbers => format!(
                "made more than {} million numbers with `range`",
                RANGE_NUMBERS / 1_000_000
            ),
            Limit::Stopped => "was stopped".to_string(),
        };
        let hint = format!(
            "a loop never ends or runs over far too much: look for loops inside loops, such as \
             `for` over `range` inside another (fiche stops a page's templates after {} s, {} MB \
             of output or {} million numbers from `range`)",
            RENDER_TIME.as_secs(),
            RENDER_BYTES / (1024 * 1024),
            RANGE_NUMBERS / 1_000_000
        );
        if matches!(error.kind(), tera::ErrorKind::RenderingError(_)) {
            let mut d = tera_diagnostic(error, &self.templates, label);
            d.message = format!("template error: rendering {label} {what}");
            return d.hint(hint);
        }
        let file = self
            .templates
            .get(template)
            .map(|s| s.file.clone())
            .unwrap_or_else(|| template.to_string());
        Diagnostic::error(file, format!("template error: rendering {label} {what}")).hint(format!(
            "{hint}; the loop is in this template or in one it extends or includes"
        ))
    }
}

/// Turns a Tera error into a diagnostic pointing into the template.
pub fn tera_diagnostic(
    error: &tera::Error,
    templates: &BTreeMap<String, TemplateSource>,
    context: &str,
) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    match report {
        Some(r) => {
            let source = templates.get(r.filename());
            let file = source
                .map(|s| s.file.clone())
                .unwrap_or_else(|| r.filename().to_string());
            let span = r.span();
            let len = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col).max(1)
            } else {
                1
            };
            let mut d = Diagnostic::error(file, format!("template error: {}", r.message()))
                .at(Some(Place { line: span.start_line, column: span.start_col + 1, len }))
                .hint(if context.is_empty() {
                    "fix the template; the variables a template may use are listed in the README".to_string()
                } else {
                    format!("while rendering {context}; the variables a template may use are listed in the README")
                });
            if let Some(s) = source {
                d = d.source(&s.text);
            }
            d
        }
        None => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::error("templates", format!("template error: {message}")).hint(
                if context.is_empty() {
                    "check the theme's templates".to_string()
                } else {
                    format!("while rendering {context}")
                },
            )
        }
    }
}

fn templates_from_disk(
    root: &Path,
    dir: &Path,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, TemplateSource> {
    let mut out = BTreeMap::new();
    for path in theme_files(root, dir, errors) {
        match load::read_text(root, &path) {
            Ok(f) => {
                let name = load::rel_path(dir, &path);
                out.insert(
                    name,
                    TemplateSource {
                        file: f.rel,
                        text: f.text,
                    },
                );
            }
            Err(d) => errors.push(d),
        }
    }
    out
}

/// The files of a theme's folder, found as the site's are (links that leave the site are
/// errors); the theme's own by-products are left out without a word.
fn theme_files(root: &Path, dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let paths = load::walk(root, dir, &mut found);
    errors.extend(found.into_iter().filter(Diagnostic::is_error));
    paths
}

/// Loads the theme `name` of the site at `root`.
pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let dir: PathBuf = root.join(folders::THEMES).join(name);
    let on_disk = dir.join("templates").is_dir();
    let mut templates = BTreeMap::new();
    let mut strings = BTreeMap::new();
    let mut static_files = Vec::new();
    if on_disk {
        templates = templates_from_disk(root, &dir.join("templates"), &mut errors);
        let i18n_dir = dir.join("i18n");
        if let Ok(entries) = std::fs::read_dir(&i18n_dir) {
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths {
                if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
                    continue;
                }
                let Some(lang) = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .map(str::to_string)
                else {
                    continue;
                };
                match load::read_in_site(root, &path).and_then(|f| i18n::parse(&f.rel, &f.text)) {
                    Ok(map) => {
                        strings.insert(lang, map);
                    }
                    Err(d) => errors.push(d),
                }
            }
        }
        let static_dir = dir.join("static");
        if static_dir.is_dir() {
            for path in theme_files(root, &static_dir, &mut errors) {
                static_files.push(ThemeStatic::Disk(StaticFile {
                    rel: load::rel_path(&static_dir, &path),
                    path,
                }));
            }
        }
    } else if name == "default" {
        for (rel, text) in builtin::TEMPLATES {
            templates.insert(
                rel.to_string(),
                TemplateSource {
                    file: format!("themes/default/templates/{rel} (built in)"),
                    text: Arc::from(*text),
                },
            );
        }
        for (lang, text) in builtin::I18N {
            let file = format!("themes/default/i18n/{lang}.yaml (built in)");
            match i18n::parse(&file, &Arc::from(*text)) {
                Ok(map) => {
                    strings.insert(lang.to_string(), map);
                }
                Err(d) => errors.push(d),
            }
        }
        for (rel, bytes) in builtin::STATIC {
            static_files.push(ThemeStatic::Builtin { rel, bytes });
        }
    } else {
        return Err(vec![
            Diagnostic::error(
                crate::parse::site_config::FILE,
                format!("the theme `{name}` is not in `themes/{name}/templates/`"),
            )
            .field("theme")
            .hint(
                "set `theme: default`, or create the theme's folder (copy one with `fiche init`)",
            ),
        ]);
    }

    // Redirect pages (`aliases:`) need a template that a site's own theme may not have.
    if !templates.contains_key(ALIAS_TEMPLATE)
        && let Some((_, text)) = builtin::TEMPLATES
            .iter()
            .find(|(r, _)| *r == ALIAS_TEMPLATE)
    {
        templates.insert(
            ALIAS_TEMPLATE.to_string(),
            TemplateSource {
                file: format!("themes/default/templates/{ALIAS_TEMPLATE} (built in)"),
                text: Arc::from(*text),
            },
        );
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
    tera.register_function("range", bounded_range);
    tera.register_filter("safe", safe);
    // Adding templates one by one would fail on the first child whose parent is not yet in;
    // add them together, then report each syntax error found.
    let all: Vec<(String, String)> = templates
        .iter()
        .map(|(k, v)| (k.clone(), v.text.to_string()))
        .collect();
    if let Err(e) = tera.add_raw_templates(all) {
        errors.push(tera_diagnostic(&e, &templates, ""));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let sizes = templates
        .keys()
        .map(|name| (name.clone(), AtomicUsize::new(0)))
        .collect();
    Ok(Theme {
        tera,
        sizes,
        templates,
        strings,
        static_files,
        placeholders: Placeholders::of(archetypes::all(root, name).iter().map(String::as_str)),
        stop: Arc::default(),
        first_limit: Mutex::default(),
    })
}

#[cfg(test)]
mod tests {
    /// `safe` writes what Tera's own does, for text and for other values.
    #[test]
    fn safe_writes_what_teras_own_writes() {
        let template = "{{ text | safe }}|{{ short | safe }}|{{ number | safe }}|{{ list | safe }}|{{ map | safe }}|{{ text }}";
        let render = |ours: bool| {
            let mut tera = tera::Tera::new();
            tera.autoescape_on([".html"]);
            if ours {
                tera.register_filter("safe", super::safe);
            }
            tera.add_raw_template("t.html", template).unwrap();
            let mut context = tera::Context::new();
            context.insert(
                "text",
                &"<p>a long paragraph & more, longer than 21 bytes</p>",
            );
            context.insert("short", &"<b>&</b>");
            context.insert("number", &12.5);
            context.insert("list", &["<a>", "b"]);
            context.insert("map", &std::collections::BTreeMap::from([("k", "<v>")]));
            tera.render("t.html", &context).unwrap()
        };
        assert_eq!(render(true), render(false));
        assert!(render(true).starts_with("<p>a long paragraph & more"));
    }
}
