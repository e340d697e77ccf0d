//! Themes: Tera templates, interface strings and static files, from `themes/<name>/` in the
//! site or, for `default` when the site has no copy, from the copy built into fiche.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Place};
use crate::load::{self, StaticFile};
use crate::parse::i18n::{self, Text};
use crate::render::builtin;

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
    let dir: PathBuf = root.join("themes").join(name);
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

    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
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
    Ok(Theme {
        tera,
        templates,
        strings,
        static_files,
    })
}
