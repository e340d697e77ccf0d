//! The load stage: finds the site's files and reads them, and nothing more.
//!
//! Reading problems (unreadable files, bytes that are not UTF-8, symlink loops) become
//! diagnostics here, so later stages only ever see text, whose lines end in `\n` or `\r\n`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::domain::folders;

pub(crate) mod builtin;
pub(crate) mod history;

/// A text file of the site, read whole.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, with `/` separators: what messages show.
    pub rel: String,
    pub path: PathBuf,
    pub text: Arc<str>,
}

/// A file copied as it is into the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Where it goes, relative to the output root.
    pub rel: String,
    pub path: PathBuf,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub site_yaml: Option<SourceFile>,
    pub programmes: Vec<SourceFile>,
    pub pages: Vec<SourceFile>,
    pub themes: Option<SourceFile>,
    pub donors: Option<SourceFile>,
    pub partners: Option<SourceFile>,
    /// `i18n/<lang>.yaml` of the site.
    pub i18n: Vec<SourceFile>,
    pub static_files: Vec<StaticFile>,
    pub errors: Vec<Diagnostic>,
    /// When each fact sheet and plain page last changed, by `rel` (see [`crate::load::history`]).
    pub changed: std::collections::HashMap<String, crate::domain::date::Timestamp>,
}

/// Whether a file is an editor's or system's by-product that is never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "Thumbs.db"
        || name == "desktop.ini"
        || name.starts_with("4913") // vim's write test
}

pub fn rel_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads a file as UTF-8 text, or says why it cannot.
pub fn read_text(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let rel = rel_path(root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::PermissionDenied => {
                "you may not read this file: give yourself the right to (`chmod u+r` and the file's name), or ask its owner"
            }
            _ => "check that the file exists and that you may read it",
        };
        Diagnostic::error(rel.as_str(), format!("this file cannot be read: {e}")).hint(hint)
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = &bytes[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let looks_binary = bytes.iter().take(8000).any(|&b| b == 0);
        if looks_binary {
            return Diagnostic::error(rel.as_str(), "this is a binary file, not text")
                .at(Some(crate::diagnostic::Place {
                    line: 1,
                    column: 0,
                    len: 0,
                }))
                .hint("content and data files are text; put images and PDFs in `static/`");
        }
        // Show the line with the bad bytes replaced, a caret under the first one.
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        let shown: Arc<str> = Arc::from(String::from_utf8_lossy(bytes).into_owned());
        Diagnostic::error(
            rel.as_str(),
            "this file is not UTF-8 text: the marked character is in another encoding",
        )
        .at(Some(crate::diagnostic::Place {
            line,
            column,
            len: 1,
        }))
        .source(&shown)
        .hint("save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8)")
    })?;
    Ok(SourceFile {
        rel,
        path: path.to_path_buf(),
        text: Arc::from(normalise_line_endings(text)),
    })
}

/// Turns carriage returns that end a line on their own (old Mac files, stray `\r` pasted
/// from elsewhere) into `\n`. YAML and Markdown take a lone `\r` for a line break, and line
/// numbers are counted in `\n`s everywhere else: after this, both count the same lines.
/// `\r\n` is left as it is.
pub fn normalise_line_endings(text: String) -> String {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Walks a folder for files, reporting loops, broken links and unreadable folders.
fn walk(root: &Path, dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if !dir.exists() {
        return out;
    }
    // A link to a folder that holds it is reported at the link, and not followed even once:
    // following it would find every file a second time under another name.
    let mut loops = Vec::new();
    let entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let looping = e.path_is_symlink()
                && e.file_type().is_dir()
                && match (
                    e.path().canonicalize(),
                    e.path().parent().map(Path::canonicalize),
                ) {
                    (Ok(target), Some(Ok(parent))) => parent.starts_with(target),
                    _ => false,
                };
            if looping {
                loops.push(e.path().to_path_buf());
            }
            !looping
        });
    for entry in entries {
        match entry {
            Ok(e) => {
                let name = e.file_name().to_string_lossy();
                if e.depth() > 0 && is_ignored(&name) {
                    continue;
                }
                if e.file_type().is_file() {
                    out.push(e.into_path());
                }
            }
            Err(e) => {
                let path = e.path().map(Path::to_path_buf);
                let at = path
                    .as_deref()
                    .map(|p| rel_path(root, p))
                    .unwrap_or_else(|| rel_path(root, dir));
                let link_target = path
                    .as_deref()
                    .filter(|p| !p.exists())
                    .and_then(|p| std::fs::read_link(p).ok());
                let missing = e
                    .io_error()
                    .is_some_and(|i| i.kind() == std::io::ErrorKind::NotFound);
                let diagnostic = if e.loop_ancestor().is_some() {
                    looping_link(at)
                } else if let Some(target) = link_target {
                    let (message, hint) = if missing {
                        (
                            format!(
                                "this is a link to `{}`, which does not exist",
                                target.display()
                            ),
                            "remove the link, or put back the file it points to",
                        )
                    } else {
                        // Links that lead to each other, in a circle.
                        (
                            format!(
                                "this is a link to `{}`, which leads nowhere: {}",
                                target.display(),
                                e.io_error().map(|i| i.to_string()).unwrap_or_default()
                            ),
                            "links lead to each other in a circle: point one at a real file, or remove it",
                        )
                    };
                    Diagnostic::error(at, message).hint(hint)
                } else {
                    Diagnostic::error(
                        at,
                        format!(
                            "this cannot be read: {}",
                            e.io_error()
                                .map(|i| i.to_string())
                                .unwrap_or_else(|| e.to_string())
                        ),
                    )
                    .hint("check that you may read it (its permissions)")
                };
                errors.push(diagnostic);
            }
        }
    }
    errors.extend(loops.iter().map(|p| looping_link(rel_path(root, p))));
    out
}

fn looping_link(at: String) -> Diagnostic {
    Diagnostic::error(
        at,
        "this is a symbolic link that loops back to a folder containing it",
    )
    .hint("remove the link: fiche already reads the folder it points to")
}

fn read_optional(root: &Path, rel: &str, errors: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    let path = root.join(rel);
    if !path.exists() {
        return None;
    }
    match read_text(root, &path) {
        Ok(f) => Some(f),
        Err(d) => {
            errors.push(d);
            None
        }
    }
}

/// Reads everything of a site except its theme (which depends on `site.yaml`).
pub fn load(root: &Path) -> Loaded {
    let mut loaded = Loaded::default();
    let errors = &mut loaded.errors;
    loaded.site_yaml = read_optional(root, folders::SITE_YAML, errors);
    for (folder, target) in [
        (folders::PROGRAMMES, &mut loaded.programmes),
        (folders::PAGES, &mut loaded.pages),
    ] {
        let mut markdown = Vec::new();
        for path in walk(root, &root.join(folder), errors) {
            if path.extension().and_then(|e| e.to_str()) != Some("md") {
                errors.push(
                    Diagnostic::warning(
                        rel_path(root, &path),
                        "this is not a Markdown file (`.md`) and is left out",
                    )
                    .hint("put images and documents in `static/`"),
                );
                continue;
            }
            markdown.push(path);
        }
        // Read on all cores, kept in the walk's order.
        let read: Vec<Result<SourceFile, Diagnostic>> = markdown
            .par_iter()
            .map(|path| read_text(root, path))
            .collect();
        for r in read {
            match r {
                Ok(f) => target.push(f),
                Err(d) => errors.push(d),
            }
        }
    }
    loaded.themes = read_optional(root, folders::THEMES_FILE, errors);
    loaded.donors = read_optional(root, folders::DONORS_FILE, errors);
    loaded.partners = read_optional(root, folders::PARTNERS_FILE, errors);
    for path in walk(root, &root.join(folders::I18N), errors) {
        if path.extension().and_then(|e| e.to_str()) == Some("yaml") {
            match read_text(root, &path) {
                Ok(f) => loaded.i18n.push(f),
                Err(d) => errors.push(d),
            }
        }
    }
    let static_dir = root.join(folders::STATIC);
    for path in walk(root, &static_dir, errors) {
        loaded.static_files.push(StaticFile {
            rel: rel_path(&static_dir, &path),
            path,
        });
    }
    loaded.changed =
        crate::load::history::last_changes(root, loaded.programmes.iter().chain(&loaded.pages));
    loaded
}

#[cfg(test)]
mod tests {
    use super::normalise_line_endings;

    #[test]
    fn lone_carriage_returns_end_lines_and_crlf_stays() {
        assert_eq!(normalise_line_endings("a\rb\r\nc\r".into()), "a\nb\r\nc\n");
        assert_eq!(normalise_line_endings("a\r\n".into()), "a\r\n");
        assert_eq!(normalise_line_endings("é\rè".into()), "é\nè");
    }
}
