//! A tiny harness: copy a fixture site to a temporary folder, run `fiche` in it, read what it
//! printed and wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

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

    /// Every file under `rel` (the whole site for `""`), by path relative to it, with its
    /// bytes; empty folders appear with a trailing `/`. For checking that a run changed nothing.
    pub fn files(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        let top = self.path().join(rel);
        let mut out = BTreeMap::new();
        if !top.exists() {
            return out;
        }
        for entry in walkdir::WalkDir::new(&top).min_depth(1).sort_by_file_name() {
            let entry = entry.expect("site readable");
            let name = entry
                .path()
                .strip_prefix(&top)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            if entry.file_type().is_dir() {
                let empty = std::fs::read_dir(entry.path())
                    .expect("read dir")
                    .next()
                    .is_none();
                if empty {
                    out.insert(format!("{name}/"), Vec::new());
                }
            } else {
                // A file made unreadable on purpose is compared by that fact.
                let bytes = std::fs::read(entry.path())
                    .unwrap_or_else(|e| format!("<unreadable: {}>", e.kind()).into_bytes());
                out.insert(name, bytes);
            }
        }
        out
    }

    /// Runs `fiche <args>` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_under(&[], args)
    }

    /// Runs `<wrapper…> fiche <args>` in the site's folder, such as `setpriv … fiche build`.
    pub fn run_under(&self, wrapper: &[&str], args: &[&str]) -> Run {
        let fiche = assert_cmd::cargo::cargo_bin("fiche");
        let mut command = match wrapper.split_first() {
            Some((program, rest)) => {
                let mut c = std::process::Command::new(program);
                c.args(rest).arg(&fiche);
                c
            }
            None => std::process::Command::new(&fiche),
        };
        let output = command
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("fiche runs");
        Run {
            output,
            root: self.path().to_path_buf(),
        }
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
        String::from_utf8_lossy(&self.output.stderr)
            .replace(&self.root.display().to_string(), "[SITE]")
    }

    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(
            self.code(),
            0,
            "fiche failed:\n{}\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
}

/// Every `.html` file under `dir`, sorted.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("output readable").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    files.sort();
    files
}

/// Whether `FICHE_SKIP_EXTERNAL=1` is set: then a test whose outside tool is missing returns
/// early instead of failing. `.ci/run` never sets it.
pub fn skip_external() -> bool {
    std::env::var_os("FICHE_SKIP_EXTERNAL").is_some_and(|v| v == "1")
}

/// Deals with a missing outside tool: under `FICHE_SKIP_EXTERNAL=1` prints a note and returns
/// (the caller then returns early); otherwise fails the test with what is missing and how to
/// install it.
#[track_caller]
pub fn tool_missing(tool: &str, problems: &[String], install: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("this test")
        .to_string();
    let problems = problems.join("; ");
    if skip_external() {
        eprintln!("note: {test} skipped: {tool} is missing ({problems}); FICHE_SKIP_EXTERNAL=1");
        return;
    }
    panic!(
        "{test} needs {tool}, which is missing: {problems}.\n\
         Install it: {install}\n\
         or run `.ci/run` (as root), which installs every outside tool and runs these tests.\n\
         To skip the tests that need outside tools, set FICHE_SKIP_EXTERNAL=1."
    );
}

/// The Nu Html Checker (`vnu.jar`, run with `java`).
pub struct Vnu {
    jar: PathBuf,
}

/// Where `.ci/run` installs vnu.jar (`npm install --prefix .ci/tools vnu-jar`).
pub const VNU_JAR_IN_REPO: &str = ".ci/tools/node_modules/vnu-jar/build/dist/vnu.jar";

impl Vnu {
    /// Finds vnu.jar (`FICHE_VNU_JAR`, else [`VNU_JAR_IN_REPO`]) and `java` on the `PATH`.
    /// `None` when one is missing and `FICHE_SKIP_EXTERNAL=1`; a failed test otherwise.
    #[track_caller]
    pub fn find() -> Option<Vnu> {
        let (jar, from) = match std::env::var_os("FICHE_VNU_JAR") {
            Some(p) if !p.is_empty() => (PathBuf::from(p), " (from FICHE_VNU_JAR)"),
            _ => (repo().join(VNU_JAR_IN_REPO), ""),
        };
        let mut problems = Vec::new();
        if !jar.is_file() {
            problems.push(format!("no vnu.jar at {}{from}", jar.display()));
        }
        match std::process::Command::new("java").arg("-version").output() {
            Ok(out) if out.status.success() => {}
            Ok(out) => problems.push(format!(
                "`java -version` failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )),
            Err(e) => problems.push(format!("no `java` on the PATH ({e})")),
        }
        if problems.is_empty() {
            return Some(Vnu { jar });
        }
        tool_missing(
            "the Nu Html Checker (java + vnu-jar)",
            &problems,
            "`apt-get install default-jre-headless` for Java, then, in the repository, \
             `npm install --prefix .ci/tools --ignore-scripts vnu-jar` for vnu.jar \
             (or point FICHE_VNU_JAR at a vnu.jar)",
        );
        None
    }

    /// Checks every `.html` file under `dir` and fails the test with vnu's report if any has
    /// an error.
    #[track_caller]
    pub fn assert_valid(&self, dir: &Path) {
        let pages = html_files(dir).len();
        assert!(pages > 0, "no HTML page under {} to check", dir.display());
        let output = std::process::Command::new("java")
            .arg("-jar")
            .arg(&self.jar)
            .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
            .arg(dir)
            .output()
            .expect("java runs");
        if output.status.success() {
            return;
        }
        // vnu writes its report to standard error, one line per error:
        // "file:/tmp/…/public/en/index.html":12.3-12.20: error: Duplicate ID “main”.
        let prefix = format!("\"file:{}/", dir.display());
        let report = String::from_utf8_lossy(&output.stderr).replace(&prefix, "\"");
        let lines: Vec<&str> = report.lines().filter(|l| !l.trim().is_empty()).collect();
        let mut by_message = std::collections::BTreeMap::<&str, usize>::new();
        for line in &lines {
            let message = line.splitn(3, ": ").nth(2).unwrap_or(line);
            *by_message.entry(message).or_default() += 1;
        }
        let summary: Vec<String> = by_message
            .iter()
            .map(|(message, n)| format!("{n:>5} × {message}"))
            .collect();
        const SHOWN: usize = 200;
        panic!(
            "the Nu Html Checker found {} error(s) in the {pages} pages under {} (exit {:?}).\n\
             By message:\n{}\n\
             Each error (file relative to the output, line.column){}:\n{}\n{}",
            lines.len(),
            dir.display(),
            output.status.code(),
            summary.join("\n"),
            if lines.len() > SHOWN {
                format!(", the first {SHOWN}")
            } else {
                String::new()
            },
            lines
                .iter()
                .take(SHOWN)
                .copied()
                .collect::<Vec<_>>()
                .join("\n"),
            String::from_utf8_lossy(&output.stdout),
        );
    }
}

/// A language's search index (`public/<lang>/search-index/`): `index.json`, and the
/// fragment of each programme in the list's order (`p/<n>.json`).
pub fn search_index(site: &Site, lang: &str) -> (serde_json::Value, Vec<serde_json::Value>) {
    let folder = site.path().join(format!("public/{lang}/search-index"));
    let read = |path: std::path::PathBuf| -> serde_json::Value {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let index = read(folder.join("index.json"));
    let count = index["count"].as_u64().expect("count") as usize;
    let fragments = (0..count)
        .map(|n| read(folder.join(format!("p/{n}.json"))))
        .collect();
    (index, fragments)
}

/// Every word of a language's search index, with the positions of the programmes that use
/// it (decoded as `filters.js` does).
pub fn search_words(site: &Site, lang: &str) -> std::collections::BTreeMap<String, Vec<usize>> {
    const DIGITS: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    let gaps = |text: &str| {
        let (mut out, mut n, mut shift, mut last) = (Vec::new(), 0usize, 0, -1i64);
        for c in text.chars() {
            let d = DIGITS.find(c).expect("a digit");
            n += (d & 31) << shift;
            if d & 32 != 0 {
                shift += 5;
            } else {
                last += n as i64 + 1;
                out.push(last as usize);
                (n, shift) = (0, 0);
            }
        }
        out
    };
    let (index, _) = search_index(site, lang);
    let chunks = index["chunks"].as_array().expect("chunks").len();
    let mut words = std::collections::BTreeMap::new();
    for n in 0..chunks {
        let path = site
            .path()
            .join(format!("public/{lang}/search-index/w/{n}.json"));
        // [word, strong, weak] and, when the word has other forms, their list.
        let entries: Vec<Vec<serde_json::Value>> =
            serde_json::from_str(&std::fs::read_to_string(path).expect("chunk")).expect("JSON");
        for entry in entries {
            let text = |i: usize| entry[i].as_str().expect("a string").to_string();
            let mut found = gaps(&text(1));
            found.extend(gaps(&text(2)));
            found.sort_unstable();
            words.insert(text(0), found);
        }
    }
    words
}
