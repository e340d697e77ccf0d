//! A tiny harness: copy a fixture site to a temporary folder, run `fiche` in it, read what it
//! printed and wrote.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::cargo::CommandCargoExt;

/// The repository's root (where the demo site lives).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/sites/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/sites").join(name)
}

/// Copies `from` into `to`, merging with what is there (later copies win).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture readable");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A site in a temporary folder.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A copy of the given fixture layers, in order (e.g. a base site, then one broken file).
    pub fn from_layers(layers: &[PathBuf]) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        for layer in layers {
            copy_tree(layer, dir.path());
        }
        Site { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, content).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `fiche <args>` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = std::process::Command::cargo_bin("fiche")
            .expect("fiche binary")
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("fiche runs");
        Run { output, root: self.path().to_path_buf() }
    }
}

pub struct Run {
    pub output: Output,
    root: PathBuf,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    /// Standard error with the temporary folder's path replaced by `[SITE]`, for snapshots.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).replace(&self.root.display().to_string(), "[SITE]")
    }

    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(self.code(), 0, "fiche failed:\n{}\n{}", self.stdout(), self.stderr());
        self
    }
}
