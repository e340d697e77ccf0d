//! When each content file last changed, for feeds, sitemaps and open data (part of the load
//! stage: it asks the file system and git, and nothing later does).
//!
//! A file's date is its last commit's date when the site is in a git repository and the file
//! is committed, else its modification time. Commit dates survive a fresh clone (CI), where
//! every modification time is the clone's. All files are dated by one `git log`, not one per
//! file, so that a site of 30,000 files still builds fast. A front matter's `updated:` wins
//! over both; that choice is the model's.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};

use rayon::prelude::*;

use crate::domain::date::Timestamp;
use crate::domain::folders;
use crate::load::SourceFile;

/// The date of each file (by `rel`) that git or the file system could date, and the files
/// that git dated.
pub fn last_changes<'a>(
    root: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a Path)>,
) -> (HashMap<String, Timestamp>, HashSet<String>) {
    let files: Vec<(&str, &Path)> = files.into_iter().collect();
    let mut dates = if files.is_empty() {
        HashMap::new()
    } else {
        commit_dates(root, &[folders::CONTENT])
    };
    let committed = dates.keys().cloned().collect();
    // Files git does not date: their modification times, asked on all cores.
    let undated: Vec<(&str, &Path)> = files
        .into_iter()
        .filter(|(rel, _)| !dates.contains_key(*rel))
        .collect();
    let times: Vec<Option<Timestamp>> =
        undated.par_iter().map(|(_, path)| modified(path)).collect();
    for ((rel, _), t) in undated.into_iter().zip(times) {
        if let Some(t) = t {
            dates.insert(rel.to_string(), t);
        }
    }
    (dates, committed)
}

/// The date of one file, as [`last_changes`] would give it (for a file saved while serving),
/// and whether git dated it.
pub fn last_change(root: &Path, file: &SourceFile) -> Option<(Timestamp, bool)> {
    // Starting git takes ~10 ms, a fifth of a rebuild while serving a large site: not when
    // there is no repository to ask.
    in_repository(root)
        .then(|| commit_dates(root, &[file.rel.as_str()]).remove(&file.rel))
        .flatten()
        .map(|t| (t, true))
        .or_else(|| modified(&file.path).map(|t| (t, false)))
}

/// Whether `root` may be inside a git repository: a `.git` in it or a folder above it, or
/// git told where the repository is by its environment.
fn in_repository(root: &Path) -> bool {
    if std::env::var_os("GIT_DIR").is_some() {
        return true;
    }
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    root.ancestors().any(|dir| dir.join(".git").exists())
}

/// The file's modification time.
pub fn modified(path: &Path) -> Option<Timestamp> {
    let time = std::fs::metadata(path).ok()?.modified().ok()?;
    let secs = time.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    i64::try_from(secs).ok().map(Timestamp)
}

/// The last commit date of every committed file under `paths` (relative to `root`), by path
/// relative to `root`. Empty when `root` is not in a repository or git is not installed.
fn commit_dates(root: &Path, paths: &[&str]) -> HashMap<String, Timestamp> {
    // `-z` keeps file names as they are (no quoting of accents); `--relative` gives them
    // relative to `root` even when the repository's top is above it. Newest commits first.
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "-z",
            "--no-renames",
            "--format=%x01%ct",
            "--name-only",
            "--relative",
            "--",
        ])
        .args(paths)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    let mut dates = HashMap::new();
    let Ok(output) = output else {
        return dates;
    };
    if !output.status.success() {
        return dates;
    }
    parse_log(&String::from_utf8_lossy(&output.stdout), &mut dates);
    dates
}

/// Reads `git log -z --format=%x01%ct --name-only`: each commit is `\x01<seconds>\0\n`, then
/// its files, each followed by `\0`. The first (newest) date seen for a file is kept.
fn parse_log(log: &str, dates: &mut HashMap<String, Timestamp>) {
    let mut current: Option<Timestamp> = None;
    for token in log.split('\0') {
        let token = token.trim_start_matches('\n');
        if let Some(secs) = token.strip_prefix('\u{1}') {
            current = secs.trim().parse().ok().map(Timestamp);
        } else if !token.is_empty()
            && let Some(t) = current
        {
            dates.entry(token.to_string()).or_insert(t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_newest_date_of_each_file_from_git_log() {
        let log = "\u{1}1700000200\0\ncontent/programmes/a.fr.md\0content/programmes/é.en.md\0\
                   \u{1}1700000100\0\ncontent/programmes/a.fr.md\0content/programmes/b.fr.md\0";
        let mut dates = HashMap::new();
        parse_log(log, &mut dates);
        assert_eq!(
            dates.get("content/programmes/a.fr.md"),
            Some(&Timestamp(1_700_000_200))
        );
        assert_eq!(
            dates.get("content/programmes/é.en.md"),
            Some(&Timestamp(1_700_000_200))
        );
        assert_eq!(
            dates.get("content/programmes/b.fr.md"),
            Some(&Timestamp(1_700_000_100))
        );
    }

    #[test]
    fn a_site_is_in_a_repository_when_a_folder_at_or_above_it_has_git() {
        let dir = tempfile::tempdir().expect("test folder");
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).expect("test folder");
        // A temporary folder is in no repository unless git is told of one.
        if std::env::var_os("GIT_DIR").is_none() {
            assert!(!in_repository(&site));
        }
        std::fs::create_dir(dir.path().join(".git")).expect("test folder");
        assert!(in_repository(&site));
        assert!(in_repository(&site.join("content")));
    }
}
