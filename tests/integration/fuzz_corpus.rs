//! Replays what the fuzzers kept (`fuzz/corpus/<target>/`) and every input that once broke a
//! target (`fuzz/regressions/<target>/`) through the same functions the fuzz targets run
//! (`fuzz/src/lib.rs`, compiled in here), so that `cargo test` and CI check them all without
//! fuzzing. See fuzz/README.md for running the fuzzers themselves.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use crate::harness::{fixture, repo};

#[path = "../../fuzz/src/lib.rs"]
mod targets;

/// The inputs of a target: its corpus, then its regressions, sorted by name.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for folder in ["corpus", "regressions"] {
        let dir = repo().join("fuzz").join(folder).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.map(|e| e.expect("readable").path()).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).expect("readable");
            out.push((path, bytes));
        }
    }
    out
}

/// Runs `run` on every input of `target`; fails naming each input that panicked.
fn replay(target: &str, mut run: impl FnMut(&[u8])) {
    let inputs = inputs(target);
    assert!(
        inputs.len() >= 10,
        "fuzz/corpus/{target}/ has only {} inputs",
        inputs.len()
    );
    let mut failed = Vec::new();
    for (path, bytes) in &inputs {
        if catch_unwind(AssertUnwindSafe(|| run(bytes))).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} inputs of `{target}` panicked (messages above):\n{}",
        failed.len(),
        inputs.len(),
        failed.join("\n")
    );
}

#[test]
fn the_front_matter_corpus_and_its_regressions_replay_without_a_panic() {
    replay("frontmatter", targets::frontmatter);
}

#[test]
fn the_settings_corpus_and_its_regressions_replay_without_a_panic() {
    replay("settings", targets::settings);
}

#[test]
fn the_one_page_site_corpus_and_its_regressions_rebuild_without_a_panic() {
    let mut site = targets::OnePageSite::new(&fixture("base"));
    replay("site", |bytes| site.build(bytes));
}

#[test]
fn a_lone_carriage_return_input_once_misplaced_yaml_errors() {
    // Found by the `frontmatter` fuzzer: YAML counts a lone `\r` as a line break, fiche's
    // snippets did not, so the error pointed at line 30 of an 11-line file.
    let input = std::fs::read(
        repo().join("fuzz/regressions/frontmatter/lone-carriage-returns-misplace-yaml-errors"),
    )
    .expect("the regression input");
    assert!(input.windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n'));
    targets::frontmatter(&input);
}

#[test]
fn the_settings_and_data_site_corpus_and_its_regressions_build_without_a_panic() {
    let mut site = targets::SettingsSite::new(&fixture("base"));
    replay("sitefiles", |bytes| site.build(bytes));
}
