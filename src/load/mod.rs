//! The load stage: finds the site's files and reads them, and nothing more.
//!
//! Reading problems (unreadable files, bytes that are not UTF-8, symlink loops) become
//! diagnostics here, so later stages only ever see text, whose lines end in `\n` or `\r\n`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::domain::folders;

pub(crate) mod archetypes;
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

/// A fact sheet's file, listed but not read: parse reads it as it checks it
/// ([`FactSheets::Listed`]).
#[derive(Debug, Clone)]
pub struct Listed {
    pub rel: String,
    pub path: PathBuf,
}

impl Listed {
    /// Reads the file as UTF-8 text, or says why it cannot.
    pub fn read(&self) -> Result<SourceFile, Diagnostic> {
        read_at(self.rel.clone(), &self.path)
    }
}

/// How [`load`] takes the fact sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactSheets {
    /// Read into [`Loaded::programmes`]: `serve` checks them again from there at each edit.
    Read,
    /// Only listed, in [`Loaded::listed`]: each is read as it is checked, and only its
    /// body's place is kept (`build`, `check`), so that a site's texts are never all held
    /// at once.
    Listed,
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
    /// The fact sheets not read yet ([`FactSheets::Listed`]).
    pub listed: Vec<Listed>,
    pub pages: Vec<SourceFile>,
    pub themes: Option<SourceFile>,
    pub donors: Option<SourceFile>,
    pub partners: Option<SourceFile>,
    /// `data/countries.yaml`: text for country and region pages.
    pub countries: Option<SourceFile>,
    /// `i18n/<lang>.yaml` of the site.
    pub i18n: Vec<SourceFile>,
    pub static_files: Vec<StaticFile>,
    pub errors: Vec<Diagnostic>,
    /// When each fact sheet and plain page last changed, by `rel` (see [`crate::load::history`]).
    pub changed: std::collections::HashMap<String, crate::domain::date::Timestamp>,
    /// Those of them dated by their last commit rather than their modification time.
    pub committed: std::collections::HashSet<String>,
}

/// Why a file is left out by its name, when it is an editor's or system's by-product that is
/// never content; `None` for every other name. A name is never left out for its digits but
/// vim's write test (`4913`, all digits and no extension).
pub fn ignored_because(name: &str) -> Option<&'static str> {
    if name.starts_with('.') {
        Some("a hidden file")
    } else if name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
    {
        Some("an editor's backup or swap file")
    } else if name.ends_with(".tmp") || name.ends_with(".bak") {
        Some("a temporary or backup file")
    } else if name == "Thumbs.db" || name == "desktop.ini" {
        Some("a Windows system file")
    } else if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) {
        Some("a name of digits only, as editors' test files have")
    } else {
        None
    }
}

/// Whether a file is an editor's or system's by-product that is never content.
pub fn is_ignored(name: &str) -> bool {
    ignored_because(name).is_some()
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
    read_at(rel_path(root, path), path)
}

/// The bytes of the file at `path`, read without asking its size first as `std::fs::read`
/// and `File::read_to_end` do (a `statx`, and an `lseek` for the latter): content files are
/// small, and a build reads each of them up to three times (at 10,000 × 3, 90,000 `statx`
/// calls saved). Read through `Take`, which has no size to ask, into a buffer that is not
/// zeroed first (zeroing 16 KB a read cost more instructions than the calls saved).
fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(16 * 1024);
    std::fs::File::open(path)?
        .take(u64::MAX)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads the file at `path`, named `rel` in messages.
pub(crate) fn read_at(rel: String, path: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = read_bytes(path).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::PermissionDenied => {
                "you may not read this file: give yourself the right to (`chmod u+r` and the file's name), or ask its owner"
            }
            _ => "check that the file exists and that you may read it",
        };
        Diagnostic::error(rel.as_str(), format!("this file cannot be read: {e}")).hint(hint)
    })?;
    // simdutf8 checks the bytes, and a copy makes the text: std's check alone took longer
    // on text with accents (each content file is read three times a build).
    let text = match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => String::from_utf8(bytes),
    };
    let text = text.map_err(|e| {
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

/// Where a symbolic link of the site may not lead: out of the site's folder, or to its hidden
/// files and folders at the top (`.git`, `.env`). `root_c` is the site's folder with its own
/// links resolved. `None` when the link may be followed, or leads nowhere (reported by the
/// walk as a broken link).
fn forbidden_link(root: &Path, root_c: &Path, link: &Path) -> Option<Diagnostic> {
    let target = link.canonicalize().ok()?;
    let hidden = match target.strip_prefix(root_c) {
        Ok(inside) => match inside.components().next() {
            Some(first) if first.as_os_str().to_string_lossy().starts_with('.') => true,
            _ => return None,
        },
        Err(_) => false,
    };
    let shown = std::fs::read_link(link)
        .unwrap_or(target)
        .display()
        .to_string();
    let at = rel_path(root, link);
    // The target is named, never read: its text must not reach a message.
    Some(if hidden {
        Diagnostic::error(
            at,
            format!("this is a link to `{shown}`, one of the site's hidden files, which fiche never reads or publishes"),
        )
        .hint("remove the link; copy into the site what you mean to publish")
    } else {
        Diagnostic::error(
            at,
            format!("this is a link to `{shown}`, outside the site's folder: fiche reads and publishes only the site's own files"),
        )
        .hint("copy the file (or folder) into the site in place of the link")
    })
}

/// The site's folder with its links resolved, to compare the targets of links with.
fn resolved_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// The first link on the way from the site's folder to `path` (itself included) that leads
/// where a link may not: see [`forbidden_link`].
fn forbidden_link_on_the_way(root: &Path, root_c: &Path, path: &Path) -> Option<Diagnostic> {
    let rel = path.strip_prefix(root).ok()?;
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        let is_link = std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            return forbidden_link(root, root_c, &at);
        }
    }
    None
}

/// Reads a file of the site as [`read_text`] does, after checking that no link on its way
/// leads out of the site (or to its hidden files): for files named rather than found by a walk.
pub fn read_in_site(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    if let Some(d) = forbidden_link_on_the_way(root, &resolved_root(root), path) {
        return Err(d);
    }
    read_text(root, path)
}

/// Turns carriage returns that end a line on their own (old Mac files, stray `\r` pasted
/// from elsewhere) into `\n`. YAML and Markdown take a lone `\r` for a line break, and line
/// numbers are counted in `\n`s everywhere else: after this, both count the same lines.
/// `\r\n` is left as it is.
pub fn normalise_line_endings(text: String) -> String {
    let bytes = text.as_bytes();
    // Looked for with `memchr` (a byte at a time, it was 2% of a large build's CPU).
    let lone = |i: usize| bytes.get(i + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\r', bytes).any(lone) {
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

/// Walks a folder of the site for files, reporting loops, broken links, links that lead out
/// of the site (see [`forbidden_link`]) and unreadable folders, and, in one warning, the files
/// it leaves out and why.
pub fn walk(root: &Path, dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if !dir.exists() {
        return out;
    }
    let root_c = resolved_root(root);
    if let Some(d) = forbidden_link_on_the_way(root, &root_c, dir) {
        errors.push(d);
        return out;
    }
    // A link to a folder that holds it is reported at the link, and not followed even once:
    // following it would find every file a second time under another name.
    let mut loops = Vec::new();
    let mut forbidden = Vec::new();
    let mut left_out: Vec<(String, &'static str)> = Vec::new();
    let entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        // By name, as `sort_by_file_name` sorts: a folder's entries share its path up to
        // their names, so their whole paths compare as their names do, without cutting each
        // name out of its path at every comparison (that was 1% of a build at 1,000
        // programmes x 3, and grows as n log n with the files of a folder).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| {
            if e.path_is_symlink()
                && let Some(d) = forbidden_link(root, &root_c, e.path())
            {
                forbidden.push(d);
                return false;
            }
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
                if e.file_type().is_dir() {
                    continue;
                }
                let name = e.file_name().to_string_lossy();
                let reason = if e.file_type().is_file() {
                    ignored_because(&name)
                } else {
                    Some("not a regular file (a pipe, socket or device)")
                };
                match reason {
                    Some(reason) => left_out.push((rel_path(root, e.path()), reason)),
                    None => out.push(e.into_path()),
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
    errors.append(&mut forbidden);
    if !left_out.is_empty() {
        errors.push(left_out_warning(rel_path(root, dir), &left_out));
    }
    out
}

/// One warning for the files a folder's walk left out, each with its reason.
fn left_out_warning(folder: String, left_out: &[(String, &str)]) -> Diagnostic {
    const SHOWN: usize = 10;
    let mut listed: Vec<String> = left_out
        .iter()
        .take(SHOWN)
        .map(|(rel, reason)| format!("`{rel}` ({reason})"))
        .collect();
    if left_out.len() > SHOWN {
        listed.push(format!("and {} more", left_out.len() - SHOWN));
    }
    let n = left_out.len();
    Diagnostic::warning(
        folder,
        format!(
            "{n} file{} in this folder {} left out: {}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
            listed.join(", ")
        ),
    )
    .hint("fiche leaves out hidden files and editors' by-products; rename a file to have it read")
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
    if std::fs::symlink_metadata(&path).is_err() {
        return None;
    }
    match read_in_site(root, &path) {
        Ok(f) => Some(f),
        Err(d) => {
            errors.push(d);
            None
        }
    }
}

/// A warning for what a folder holds that fiche does not read (`read` lists what it does).
fn unread_entries(root: &Path, folder: &str, read: &[&str], hint: &str) -> Option<Diagnostic> {
    let mut unread: Vec<String> = std::fs::read_dir(root.join(folder))
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !read.contains(&name.as_str()) && !is_ignored(name))
        .collect();
    if unread.is_empty() {
        return None;
    }
    unread.sort();
    let listed: Vec<String> = unread.iter().map(|n| format!("`{folder}/{n}`")).collect();
    Some(
        Diagnostic::warning(folder, format!("fiche does not read {}", listed.join(", ")))
            .hint(hint),
    )
}

/// Reads everything of a site except its theme (which depends on `site.yaml`); the fact
/// sheets as `fact_sheets` says.
pub fn load(root: &Path, fact_sheets: FactSheets) -> Loaded {
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
        if folder == folders::PROGRAMMES && fact_sheets == FactSheets::Listed {
            let listed = markdown.into_iter().map(|path| Listed {
                rel: rel_path(root, &path),
                path,
            });
            loaded.listed.extend(listed);
            continue;
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
    loaded.countries = read_optional(root, folders::COUNTRIES_FILE, errors);
    for path in walk(root, &root.join(folders::I18N), errors) {
        if path.extension().and_then(|e| e.to_str()) == Some("yaml") {
            match read_text(root, &path) {
                Ok(f) => loaded.i18n.push(f),
                Err(d) => errors.push(d),
            }
        } else {
            errors.push(
                Diagnostic::warning(
                    rel_path(root, &path),
                    "this is not a YAML file (`.yaml`) and is left out",
                )
                .hint("interface strings are `i18n/<language>.yaml`, such as `i18n/fr.yaml`"),
            );
        }
    }
    for (folder, read, hint) in [
        (
            "content",
            &["programmes", "pages"][..],
            "fact sheets go in `content/programmes/`, plain pages in `content/pages/`",
        ),
        (
            "data",
            &[
                "themes.yaml",
                "donors.yaml",
                "partners.yaml",
                "countries.yaml",
            ][..],
            "the data files are `data/themes.yaml`, `data/donors.yaml`, `data/partners.yaml` and `data/countries.yaml`",
        ),
    ] {
        if let Some(d) = unread_entries(root, folder, read, hint) {
            errors.push(d);
        }
    }
    let static_dir = root.join(folders::STATIC);
    for path in walk(root, &static_dir, errors) {
        loaded.static_files.push(StaticFile {
            rel: rel_path(&static_dir, &path),
            path,
        });
    }
    let files = loaded.programmes.iter().chain(&loaded.pages);
    let files = files.map(|f| (f.rel.as_str(), f.path.as_path())).chain(
        loaded
            .listed
            .iter()
            .map(|f| (f.rel.as_str(), f.path.as_path())),
    );
    (loaded.changed, loaded.committed) = crate::load::history::last_changes(root, files);
    loaded
}

#[cfg(test)]
mod tests {
    use super::{ignored_because, normalise_line_endings, read_bytes};

    #[test]
    fn a_file_is_read_whole_whatever_its_size() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for size in [0, 1, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 100_000] {
            let path = dir.path().join(format!("{size}.md"));
            let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &bytes).expect("a file written");
            assert_eq!(
                read_bytes(&path).expect("a file read"),
                bytes,
                "{size} bytes"
            );
        }
        assert!(read_bytes(&dir.path().join("none.md")).is_err());
        assert!(read_bytes(dir.path()).is_err(), "a folder is not read");
    }

    #[test]
    fn names_are_left_out_for_what_they_are_never_for_their_digits() {
        for kept in [
            "4913-water.fr.md",
            "2024.fr.md",
            "4913.fr.md",
            "1.en.md",
            "a.fr.md",
        ] {
            assert_eq!(ignored_because(kept), None, "{kept}");
        }
        for left in [
            ".DS_Store",
            "a.fr.md~",
            "#a.fr.md#",
            ".a.fr.md.swp",
            "x.bak",
            "4913",
            "Thumbs.db",
        ] {
            assert!(ignored_because(left).is_some(), "{left}");
        }
    }

    #[test]
    fn lone_carriage_returns_end_lines_and_crlf_stays() {
        assert_eq!(normalise_line_endings("a\rb\r\nc\r".into()), "a\nb\r\nc\n");
        assert_eq!(normalise_line_endings("a\r\n".into()), "a\r\n");
        assert_eq!(normalise_line_endings("é\rè".into()), "é\nè");
    }
}
