//! The write stage: the whole output goes into a staging folder beside the target, which then
//! replaces the target in two renames. A build that fails at any point leaves the previous
//! output exactly as it was.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::load::StaticFile;
use crate::render::Output;
use crate::render::theme::ThemeStatic;

/// A file to put in the output.
pub enum Payload<'a> {
    Bytes(&'a [u8]),
    Copy(&'a Path),
}

fn sibling(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
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
        || out_c.join("site.yaml").exists()
        || out_c.join("content").is_dir()
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

/// Writes `outputs` and the static files into `output`, replacing it whole.
pub fn write_site(
    output: &Path,
    outputs: &[Output],
    site_static: &[StaticFile],
    theme_static: &[ThemeStatic],
) -> Result<usize, Diagnostic> {
    let staging = sibling(output, "staging");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .map_err(|e| io_error(&staging, "clear the staging folder", e))?;
    }
    let result = fill(&staging, outputs, site_static, theme_static)
        .and_then(|n| swap(output, &staging).map(|()| n));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn fill(
    staging: &Path,
    outputs: &[Output],
    site_static: &[StaticFile],
    theme_static: &[ThemeStatic],
) -> Result<usize, Diagnostic> {
    // Later entries win: theme files, then the site's, then generated pages.
    let mut files: Vec<(&str, Payload)> =
        Vec::with_capacity(outputs.len() + site_static.len() + theme_static.len());
    for t in theme_static {
        match t {
            ThemeStatic::Disk(f) => files.push((f.rel.as_str(), Payload::Copy(&f.path))),
            ThemeStatic::Builtin { rel, bytes } => files.push((rel, Payload::Bytes(bytes))),
        }
    }
    for f in site_static {
        files.push((f.rel.as_str(), Payload::Copy(&f.path)));
    }
    for o in outputs {
        files.push((o.path.as_str(), Payload::Bytes(&o.bytes)));
    }
    let mut seen = std::collections::HashSet::new();
    let mut unique: Vec<(&str, Payload)> = Vec::with_capacity(files.len());
    for (rel, payload) in files.into_iter().rev() {
        if seen.insert(rel) {
            unique.push((rel, payload));
        }
    }
    // Addresses are made from names and keys users write: whatever a bug upstream lets
    // through, nothing is written outside the output folder.
    if let Some((rel, _)) = unique.iter().find(|(rel, _)| !is_inside(rel)) {
        return Err(Diagnostic::error(
            *rel,
            "this file's address leads out of the output folder, so nothing was written",
        )
        .hint("rename the file, key or name it comes from to plain letters, digits and hyphens"));
    }
    let dirs: BTreeSet<PathBuf> = unique
        .iter()
        .filter_map(|(rel, _)| Path::new(rel).parent().map(|p| staging.join(p)))
        .collect();
    std::fs::create_dir_all(staging)
        .map_err(|e| io_error(staging, "create the staging folder", e))?;
    for dir in &dirs {
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "create a folder", e))?;
    }
    unique.par_iter().try_for_each(|(rel, payload)| {
        let target = staging.join(rel);
        match payload {
            Payload::Bytes(bytes) => std::fs::File::create(&target)
                .and_then(|mut f| f.write_all(bytes))
                .map_err(|e| io_error(&target, "write a page", e)),
            Payload::Copy(src) => std::fs::copy(src, &target)
                .map(|_| ())
                .map_err(|e| io_error(src, "copy a static file", e)),
        }
    })?;
    Ok(unique.len())
}

/// Whether an output path (relative, `/`-separated) names a file inside the output folder.
pub fn is_inside(rel: &str) -> bool {
    !rel.is_empty()
        && rel
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
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
        let _ = std::fs::remove_dir_all(&old);
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
    use super::is_inside;

    #[test]
    fn only_plain_relative_paths_are_inside_the_output() {
        assert!(is_inside("fr/programmes/blue-pacific/index.html"));
        assert!(is_inside("404.html"));
        for outside in ["", "/etc/passwd", "fr/../../x", "..", "fr//x", "./x", "fr/"] {
            assert!(!is_inside(outside), "{outside}");
        }
    }
}
