//! The write stage: the whole output goes into a staging folder beside the target (each page as
//! soon as it is rendered and checked, so that pages are not all held in memory), which then
//! replaces the target in two renames. A build that fails at any point leaves the previous
//! output exactly as it was.
//!
//! It also owns what may be replaced: an output folder must be absent, empty, or fiche's own
//! (it holds [`MARKER`], which every build writes), and never the site or one of its source
//! folders ([`check_output_folder`]). A signal during a build removes the staging folder
//! ([`abandon`]); staging folders left by builds that died are removed by the next one.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::domain::folders;
use crate::load::StaticFile;
use crate::theme::ThemeStatic;

/// The file every output folder holds, so that a later build knows the folder is fiche's to
/// replace.
pub const MARKER: &str = ".fiche-output";

const MARKER_TEXT: &str = "This folder is the output of `fiche build`. Each build replaces it whole:\n\
keep no file of your own here. fiche replaces an output folder only when it holds this file\n\
(or is empty), so that it never deletes a folder it did not write.\n";

/// The source folders and files of a site, which no output may be, hold or be inside.
const SOURCES: [&str; 7] = [
    folders::SITE_YAML,
    folders::CONTENT,
    folders::DATA,
    folders::STATIC,
    folders::THEMES,
    folders::I18N,
    ".git",
];

/// The files every build writes at the output's root: a folder without [`MARKER`] that holds
/// them (and only names the build writes) is taken for the output of a fiche from before the
/// marker.
const ALWAYS_WRITTEN: [&str; 3] = ["index.html", "404.html", "sitemap.xml"];

/// A file to put in the output.
pub enum Payload<'a> {
    Bytes(&'a [u8]),
    Copy(&'a Path),
}

/// What fiche names the folders it makes beside the output: `.<name>.<tag>-<process id>`.
fn sibling(output: &Path, tag: &str) -> PathBuf {
    output.with_file_name(format!(
        ".{}.{tag}-{}",
        output_name(output),
        std::process::id()
    ))
}

fn output_name(output: &Path) -> String {
    output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| folders::OUTPUT.into())
}

fn io_error(path: &Path, action: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path.display().to_string(), format!("cannot {action}: {e}"))
        .hint("check that the output folder's parent exists, that you may write there, and that the disk is not full")
}

/// The absolute path with the links of the part that exists resolved, and `.` and `..`
/// taken as the file system would: `..` after a folder that does not exist (yet) cancels
/// it, so that `new/../data` is `data`.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => {
                out.push(other);
                if let Ok(real) = out.canonicalize() {
                    out = real;
                }
            }
        }
    }
    out
}

/// The path with its parent resolved (see [`resolve`]), its last part left as it is (a link
/// stays a link).
fn resolve_parent(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => resolve(parent).join(name),
        _ => resolve(path),
    }
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The folder a build replaces for `output`: `output` itself, or, when it is a symbolic link,
/// the folder it leads to (which may not exist yet). The link stays as it is.
pub fn output_target(output: &Path) -> PathBuf {
    let mut path =
        resolve_parent(&std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf()));
    // A chain of links, as `ls -L` follows it (40 as Linux does).
    for _ in 0..40 {
        if !is_link(&path) {
            break;
        }
        match std::fs::read_link(&path) {
            Ok(target) => {
                let joined = match path.parent() {
                    Some(parent) => parent.join(target),
                    None => target,
                };
                path = resolve_parent(&joined);
            }
            Err(_) => break,
        }
    }
    path
}

/// How `output` (as the user wrote it) appears in messages, with where a link leads.
fn shown(output: &Path, target: &Path) -> String {
    if is_link(output) {
        format!("{} (a link to {})", output.display(), target.display())
    } else {
        output.display().to_string()
    }
}

fn refused(output: &Path, target: &Path, why: String, hint: &str) -> Diagnostic {
    Diagnostic::error(
        shown(output, target),
        format!("fiche will not write its output here: {why}"),
    )
    .hint(hint)
}

const OWN_FOLDER: &str =
    "pass a folder of its own with `--output`, such as `public` in the site's folder";

/// Refuses output folders whose replacement would destroy something fiche did not write: the
/// site, one of its source folders or anything holding one, a file, or a folder holding files
/// of its own (see [`MARKER`]). A folder without the marker that looks like an older fiche's
/// output is checked again by [`Staging::begin`], which knows the names the build writes.
pub fn check_output_folder(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let target = output_target(output);
    let root_c = resolve(root);
    if target == root_c || root_c.starts_with(&target) {
        let why = if target == root_c {
            "it is the site's own folder".to_string()
        } else {
            format!("it holds the site's folder ({})", root_c.display())
        };
        return Err(refused(output, &target, why, OWN_FOLDER));
    }
    for source in SOURCES {
        let path = resolve(&root_c.join(source));
        let why = if target == path {
            format!("it is the site's `{source}`, which each build reads")
        } else if target.starts_with(&path) {
            format!("it is inside the site's `{source}`, which each build reads")
        } else if path.starts_with(&target) {
            format!("it holds the site's `{source}`")
        } else {
            continue;
        };
        return Err(refused(output, &target, why, OWN_FOLDER));
    }
    let Ok(meta) = std::fs::metadata(&target) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Err(refused(
            output,
            &target,
            "it is a file, not a folder, and a build would replace it".into(),
            OWN_FOLDER,
        ));
    }
    if [folders::SITE_YAML, folders::CONTENT, ".git"]
        .iter()
        .any(|name| std::fs::symlink_metadata(target.join(name)).is_ok())
    {
        return Err(refused(
            output,
            &target,
            "it holds a site or a repository".into(),
            OWN_FOLDER,
        ));
    }
    match existing(&target) {
        Existing::Unmarked(mut names) if !looks_like_an_output(&target) => {
            names.sort();
            Err(not_fiches(output, &target, &names, false))
        }
        _ => Ok(()),
    }
}

/// What an existing output folder holds.
enum Existing {
    /// Absent, empty, or marked as fiche's.
    Replaceable,
    /// Files but no marker: the names at its top.
    Unmarked(Vec<String>),
}

fn existing(target: &Path) -> Existing {
    let Ok(entries) = std::fs::read_dir(target) else {
        return Existing::Replaceable;
    };
    let names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let marked = std::fs::symlink_metadata(target.join(MARKER)).is_ok_and(|m| m.is_file());
    if names.is_empty() || marked {
        Existing::Replaceable
    } else {
        Existing::Unmarked(names)
    }
}

fn looks_like_an_output(target: &Path) -> bool {
    ALWAYS_WRITTEN
        .iter()
        .all(|name| target.join(name).is_file())
}

fn not_fiches(output: &Path, target: &Path, names: &[String], foreign: bool) -> Diagnostic {
    let mut listed: Vec<String> = names.iter().take(5).map(|n| format!("`{n}`")).collect();
    if names.len() > 5 {
        listed.push(format!("{} more", names.len() - 5));
    }
    let listed = listed.join(", ");
    let why = if foreign {
        format!("it has no `{MARKER}` file, and holds what this build does not write ({listed})")
    } else {
        format!(
            "it holds files ({listed}) and no `{MARKER}` file that says it is fiche's previous output"
        )
    };
    refused(
        output,
        target,
        why,
        &format!(
            "a build replaces its output folder whole: pass an empty or new folder with `--output`; \
             if this is fiche's previous output and nothing in it is yours, delete it, or create an \
             empty `{MARKER}` file in it to let fiche replace it"
        ),
    )
}

/// The folders being written (a staging folder, then the previous output being deleted), for
/// [`abandon`]; each file is written under a read lock, which [`abandon`] takes for writing,
/// so that no file is written once it has removed them.
static IN_PROGRESS: RwLock<Vec<InProgress>> = RwLock::new(Vec::new());

#[derive(PartialEq)]
enum InProgress {
    Staging(PathBuf),
    Old(PathBuf),
}

fn in_progress_read() -> std::sync::RwLockReadGuard<'static, Vec<InProgress>> {
    IN_PROGRESS.read().unwrap_or_else(|e| e.into_inner())
}

fn in_progress_write() -> std::sync::RwLockWriteGuard<'static, Vec<InProgress>> {
    IN_PROGRESS.write().unwrap_or_else(|e| e.into_inner())
}

/// Removes the folders a build is writing, waiting for the files being written, and lets no
/// other be written: for a signal that ends the process (the caller exits right after).
/// Returns whether an unfinished output was removed (the previous output is then as it was).
pub fn abandon() -> bool {
    let guard = in_progress_write();
    let mut unfinished = false;
    for folder in guard.iter() {
        let (InProgress::Staging(dir) | InProgress::Old(dir)) = folder;
        // On this thread: the other threads may be waiting for the lock held here, rayon's
        // among them. (The standard library's removal does not follow links either.)
        let _ = std::fs::remove_dir_all(dir);
        unfinished |= matches!(folder, InProgress::Staging(_));
    }
    // Held until the process exits: a thread still rendering writes nothing more.
    std::mem::forget(guard);
    unfinished
}

/// Whether a process id is that of a running process (or one of another user). Anywhere but
/// Unix, every process is taken for alive, so nothing is removed.
fn is_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        if pid <= 0 {
            return true;
        }
        // SAFETY: signal 0 sends nothing; it only checks that the process exists.
        let sent = unsafe { libc::kill(pid, 0) };
        sent == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Removes the folders fiche makes beside `target` (`.<name>.staging-<pid>`,
/// `.<name>.old-<pid>`) whose process is gone: a build killed outright (`kill -9`, a power
/// cut) leaves them. Those of running processes are left alone.
fn remove_stale_siblings(target: &Path) {
    let (Some(parent), name) = (target.parent(), output_name(target)) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.filter_map(|e| e.ok()) {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = ["staging-", "old-"]
            .iter()
            .find_map(|tag| rest.strip_prefix(tag))
            .filter(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|pid| pid.parse::<u32>().ok());
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if let Some(pid) = pid
            && is_dir
            && pid != std::process::id()
            && !is_alive(pid)
        {
            let _ = remove_tree(&entry.path());
        }
    }
}

/// The first file that could not be written, and how many were not.
#[derive(Default)]
struct WriteFailures {
    first: Mutex<Option<(String, std::io::Error)>>,
    count: AtomicUsize,
}

/// An output being written: files go into a staging folder beside it, which replaces it
/// only on [`Staging::commit`]. Dropped without a commit, the staging folder is removed and
/// the previous output stays as it was.
pub struct Staging {
    /// The output as given (for messages), and the folder it replaces (a link followed).
    output: PathBuf,
    target: PathBuf,
    dir: PathBuf,
    failures: WriteFailures,
    committed: bool,
}

impl Staging {
    /// Starts writing into a fresh staging folder for `output`, after checking that every
    /// file the build will write stays inside it and that the folder it replaces is fiche's:
    /// `owned` is the first segment of every file the build writes.
    pub fn begin<S: std::hash::BuildHasher>(
        output: &Path,
        pages: &[&str],
        owned: &std::collections::HashSet<String, S>,
    ) -> Result<Staging, Diagnostic> {
        // Addresses are made from names and keys users write: whatever a bug upstream lets
        // through, nothing is written outside the output folder.
        if let Some(rel) = pages.iter().find(|rel| !is_inside(rel)) {
            return Err(Diagnostic::error(
                *rel,
                "this file's address leads out of the output folder, so nothing was written",
            )
            .hint(
                "rename the file, key or name it comes from to plain letters, digits and hyphens",
            ));
        }
        let target = output_target(output);
        if let Existing::Unmarked(mut names) = existing(&target) {
            names.sort();
            let foreign: Vec<String> = names
                .iter()
                .filter(|n| !owned.contains(*n))
                .cloned()
                .collect();
            if !foreign.is_empty() {
                return Err(not_fiches(output, &target, &foreign, true));
            }
            if !looks_like_an_output(&target) {
                return Err(not_fiches(output, &target, &names, false));
            }
        }
        remove_stale_siblings(&target);
        let dir = sibling(&target, "staging");
        in_progress_write().push(InProgress::Staging(dir.clone()));
        let staging = Staging {
            output: output.to_path_buf(),
            target,
            dir,
            failures: WriteFailures::default(),
            committed: false,
        };
        if staging.dir.exists() {
            remove_tree(&staging.dir)
                .map_err(|e| io_error(&staging.dir, "clear the staging folder", e))?;
        }
        std::fs::create_dir_all(&staging.dir)
            .map_err(|e| io_error(&staging.dir, "create the staging folder", e))?;
        std::fs::write(staging.dir.join(MARKER), MARKER_TEXT)
            .map_err(|e| io_error(&staging.dir, "write a file", e))?;
        Ok(staging)
    }

    /// Writes one file (any thread). Its folder is made on the first file written into it.
    /// A file that cannot be written is counted, not reported: see [`Staging::check`]. Once
    /// one failed (a full disk, say), no other is tried.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.put(rel, bytes, false)
    }

    /// Writes `bytes` at the end of a file [`Staging::write`] began (a file handed on in
    /// pieces: see `render::Part`).
    pub fn append(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.put(rel, bytes, true)
    }

    fn put(&self, rel: &str, bytes: &[u8], append: bool) -> Result<(), Diagnostic> {
        if !is_inside(rel) {
            return Err(Diagnostic::error(
                rel,
                "this file's address leads out of the output folder, so nothing was written",
            ));
        }
        if self.failures.count.load(Ordering::Relaxed) > 0 {
            self.failures.count.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let _writing = in_progress_read();
        let target = self.dir.join(rel);
        let create = |target: &Path| {
            let mut file = std::fs::OpenOptions::new();
            match append {
                true => file.append(true),
                false => file.write(true).create(true).truncate(true),
            };
            file.open(target).and_then(|mut f| f.write_all(bytes))
        };
        // A page (`…/index.html`) is most often the only file of its folder, which does not
        // exist yet: its folder is made first, not after a failed open (~42,000 of those at
        // 10,000 × 3). Should this fail, the open below fails too and says why.
        if !append
            && rel.ends_with("/index.html")
            && let Some(parent) = target.parent()
        {
            let _ = std::fs::create_dir_all(parent);
        }
        let written = match create(&target) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match target.parent() {
                Some(parent) => std::fs::create_dir_all(parent).and_then(|()| create(&target)),
                None => Err(e),
            },
            other => other,
        };
        if let Err(e) = written {
            self.failures.count.fetch_add(1, Ordering::Relaxed);
            let mut first = self
                .failures
                .first
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if first.is_none() {
                *first = Some((rel.to_string(), e));
            }
        }
        Ok(())
    }

    /// One error for every file that could not be written, naming the first and counting
    /// them all: a full disk makes every later write fail for the same reason.
    pub fn check(&self) -> Result<(), Diagnostic> {
        let count = self.failures.count.load(Ordering::Relaxed);
        let first = self
            .failures
            .first
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match first.as_ref() {
            Some((rel, e)) => Err(write_failed(&self.output, rel, e, count)),
            None => Ok(()),
        }
    }

    /// Copies the theme's static files, then the site's (which win), except where a page
    /// (`pages`) is written. Returns how many were copied.
    pub fn copy_static(
        &self,
        pages: &[&str],
        site_static: &[StaticFile],
        theme_static: &[ThemeStatic],
    ) -> Result<usize, Diagnostic> {
        let mut seen: std::collections::HashSet<&str> = pages.iter().copied().collect();
        let mut files: Vec<(&str, Payload)> = Vec::new();
        let site = site_static
            .iter()
            .map(|f| (f.rel.as_str(), Payload::Copy(&f.path)));
        let theme = theme_static.iter().map(|t| match t {
            ThemeStatic::Disk(f) => (f.rel.as_str(), Payload::Copy(&f.path)),
            ThemeStatic::Builtin { rel, bytes } => (*rel, Payload::Bytes(bytes)),
        });
        for (rel, payload) in site.chain(theme) {
            if seen.insert(rel) {
                files.push((rel, payload));
            }
        }
        files
            .par_iter()
            .try_for_each(|(rel, payload)| match payload {
                Payload::Bytes(bytes) => self.write(rel, bytes),
                Payload::Copy(src) => {
                    let bytes =
                        std::fs::read(src).map_err(|e| io_error(src, "copy a static file", e))?;
                    self.write(rel, &bytes)
                }
            })?;
        self.check()?;
        Ok(files.len())
    }

    /// Puts the staging folder in place of the output.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        self.check()?;
        swap(&self.target, &self.dir)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
        }
        in_progress_write().retain(|d| *d != InProgress::Staging(self.dir.clone()));
    }
}

fn write_failed(output: &Path, rel: &str, e: &std::io::Error, count: usize) -> Diagnostic {
    let others = match count.saturating_sub(1) {
        0 => String::new(),
        1 => ", nor 1 other file".to_string(),
        n => format!(", nor {n} other files"),
    };
    Diagnostic::error(
        output.display().to_string(),
        format!("cannot write `{rel}` ({e}){others}"),
    )
    .hint("check that the disk is not full and that you may write beside the output folder; the previous output is as it was")
}

/// Whether an output path (relative, `/`-separated) names a file inside the output folder.
pub fn is_inside(rel: &str) -> bool {
    !rel.is_empty()
        && rel
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
}

/// Deletes a folder and all it holds (links are removed, not followed, and a link given as
/// `dir` is removed itself), on all cores: the previous output of a large site is tens of
/// thousands of files, which one thread took 0.8 s to delete (41,561 files, bench/README.md).
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    if !std::fs::symlink_metadata(dir)?.is_dir() {
        return std::fs::remove_file(dir);
    }
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    let removed = entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    });
    match removed {
        Ok(()) => std::fs::remove_dir(dir),
        // What one thread can still do (a file that appeared meanwhile, say).
        Err(_) => std::fs::remove_dir_all(dir),
    }
}

/// Puts `staging` in place of `target` (a real folder, or nothing): the previous output is
/// moved aside, the new one moved in, and the previous one deleted. The new folder takes the
/// previous one's permissions (a web root's group may need to read it).
fn swap(target: &Path, staging: &Path) -> Result<(), Diagnostic> {
    match std::fs::symlink_metadata(target) {
        Ok(meta) => {
            let _ = std::fs::set_permissions(staging, meta.permissions());
            let old = sibling(target, "old");
            let mut in_progress = in_progress_write();
            if std::fs::symlink_metadata(&old).is_ok() {
                let _ = remove_tree(&old);
            }
            std::fs::rename(target, &old)
                .map_err(|e| io_error(target, "move the previous output aside", e))?;
            if let Err(e) = std::fs::rename(staging, target) {
                // Put the previous output back.
                let _ = std::fs::rename(&old, target);
                return Err(io_error(target, "move the new output in place", e));
            }
            in_progress.retain(|d| *d != InProgress::Staging(staging.to_path_buf()));
            in_progress.push(InProgress::Old(old.clone()));
            drop(in_progress);
            let _ = remove_tree(&old);
            in_progress_write().retain(|d| *d != InProgress::Old(old.clone()));
        }
        Err(_) => {
            if let Some(parent) = target.parent()
                && !parent.as_os_str().is_empty()
            {
                std::fs::create_dir_all(parent)
                    .map_err(|e| io_error(parent, "create the output's parent folder", e))?;
            }
            std::fs::rename(staging, target)
                .map_err(|e| io_error(target, "move the new output in place", e))?;
            in_progress_write().retain(|d| *d != InProgress::Staging(staging.to_path_buf()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{is_inside, output_target, remove_tree, resolve};

    #[cfg(unix)]
    #[test]
    fn a_linked_output_is_its_target_and_dots_are_taken_by_the_letter() {
        let dir = tempfile::tempdir().expect("test folder");
        let real = dir.path().canonicalize().expect("test folder");
        std::fs::create_dir(real.join("www")).expect("test folder");
        std::os::unix::fs::symlink(real.join("www"), real.join("link")).expect("test folder");
        std::os::unix::fs::symlink("link", real.join("chain")).expect("test folder");
        std::os::unix::fs::symlink(real.join("nowhere"), real.join("dangling"))
            .expect("test folder");
        assert_eq!(output_target(&real.join("chain")), real.join("www"));
        assert_eq!(output_target(&real.join("dangling")), real.join("nowhere"));
        assert_eq!(output_target(&real.join("link/sub")), real.join("www/sub"));
        // A folder that does not exist does not hide a `..` after it.
        assert_eq!(resolve(&real.join("new/../www")), real.join("www"));
        assert_eq!(resolve(&real.join("new/./deeper/..")), real.join("new"));
    }

    #[test]
    fn a_tree_is_removed_whole_and_links_in_it_are_not_followed() {
        let dir = tempfile::tempdir().expect("test folder");
        let tree = dir.path().join("old");
        for sub in ["fr/pays/senegal", "en/countries/senegal", "data"] {
            std::fs::create_dir_all(tree.join(sub)).expect("test folder");
            std::fs::write(tree.join(sub).join("index.html"), "x").expect("test folder");
        }
        let kept = dir.path().join("kept");
        std::fs::create_dir(&kept).expect("test folder");
        std::fs::write(kept.join("file"), "keep me").expect("test folder");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&kept, tree.join("link")).expect("test folder");
        remove_tree(&tree).expect("test folder");
        assert!(!tree.exists());
        assert_eq!(
            std::fs::read_to_string(kept.join("file")).expect("test folder"),
            "keep me"
        );
    }

    #[test]
    fn only_plain_relative_paths_are_inside_the_output() {
        assert!(is_inside("fr/programmes/blue-pacific/index.html"));
        assert!(is_inside("404.html"));
        for outside in ["", "/etc/passwd", "fr/../../x", "..", "fr//x", "./x", "fr/"] {
            assert!(!is_inside(outside), "{outside}");
        }
    }
}
