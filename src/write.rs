//! The write stage: the whole output goes into a staging folder beside the target (each page as
//! soon as it is rendered and checked, so that pages are not all held in memory), which then
//! replaces the target in two renames. A build that fails at any point leaves the previous
//! output exactly as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::domain::folders;
use crate::load::StaticFile;
use crate::theme::ThemeStatic;

/// A file to put in the output.
pub enum Payload<'a> {
    Bytes(&'a [u8]),
    Copy(&'a Path),
}

fn sibling(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| folders::OUTPUT.into());
    output.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

fn io_error(path: &Path, action: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path.display().to_string(), format!("cannot {action}: {e}"))
        .hint("check that the output folder's parent exists, that you may write there, and that the disk is not full")
}

/// Refuses output folders whose replacement would destroy the site itself.
pub fn check_output_folder(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (root_c, out_c) = (canon(root), canon(output));
    let dangerous = root_c == out_c
        || root_c.starts_with(&out_c)
        || out_c.join(folders::SITE_YAML).exists()
        || out_c.join(folders::CONTENT).is_dir()
        || out_c.join(".git").exists();
    if dangerous {
        return Err(Diagnostic::error(
            output.display().to_string(),
            "is not a folder fiche may replace: it holds a site or a repository",
        )
        .hint("pass an output folder of its own with `--output`, such as `public`"));
    }
    Ok(())
}

/// An output being written: files go into a staging folder beside it, which replaces it
/// only on [`Staging::commit`]. Dropped without a commit, the staging folder is removed and
/// the previous output stays as it was.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    /// Starts writing into a fresh staging folder for `output`, after checking that every
    /// page path the build will write stays inside it.
    pub fn begin(output: &Path, pages: &[&str]) -> Result<Staging, Diagnostic> {
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
        let dir = sibling(output, "staging");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| io_error(&dir, "clear the staging folder", e))?;
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| io_error(&dir, "create the staging folder", e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            committed: false,
        })
    }

    /// Writes one file (any thread). Its folder is made on the first file written into it.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if !is_inside(rel) {
            return Err(Diagnostic::error(
                rel,
                "this file's address leads out of the output folder, so nothing was written",
            ));
        }
        let target = self.dir.join(rel);
        let create =
            |target: &Path| std::fs::File::create(target).and_then(|mut f| f.write_all(bytes));
        match create(&target) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| io_error(parent, "create a folder", e))?;
                }
                create(&target)
            }
            other => other,
        }
        .map_err(|e| io_error(&target, "write a page", e))
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
        Ok(files.len())
    }

    /// Puts the staging folder in place of the output.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        swap(&self.output, &self.dir)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Whether an output path (relative, `/`-separated) names a file inside the output folder.
pub fn is_inside(rel: &str) -> bool {
    !rel.is_empty()
        && rel
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
}

/// Deletes a folder and all it holds (links are removed, not followed), on all cores: the
/// previous output of a large site is tens of thousands of files, which one thread took
/// 0.8 s to delete (41,561 files, bench/README.md).
fn remove_tree(dir: &Path) -> std::io::Result<()> {
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

fn swap(output: &Path, staging: &Path) -> Result<(), Diagnostic> {
    if output.exists() {
        let old = sibling(output, "old");
        if old.exists() {
            let _ = std::fs::remove_dir_all(&old);
        }
        std::fs::rename(output, &old)
            .map_err(|e| io_error(output, "move the previous output aside", e))?;
        if let Err(e) = std::fs::rename(staging, output) {
            // Put the previous output back.
            let _ = std::fs::rename(&old, output);
            return Err(io_error(output, "move the new output in place", e));
        }
        let _ = remove_tree(&old);
    } else {
        if let Some(parent) = output.parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error(parent, "create the output's parent folder", e))?;
        }
        std::fs::rename(staging, output)
            .map_err(|e| io_error(output, "move the new output in place", e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{is_inside, remove_tree};

    #[test]
    fn a_tree_is_removed_whole_and_links_in_it_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("old");
        for sub in ["fr/pays/senegal", "en/countries/senegal", "data"] {
            std::fs::create_dir_all(tree.join(sub)).unwrap();
            std::fs::write(tree.join(sub).join("index.html"), "x").unwrap();
        }
        let kept = dir.path().join("kept");
        std::fs::create_dir(&kept).unwrap();
        std::fs::write(kept.join("file"), "keep me").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&kept, tree.join("link")).unwrap();
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(
            std::fs::read_to_string(kept.join("file")).unwrap(),
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
