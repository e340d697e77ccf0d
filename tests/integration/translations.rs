//! `fiche translations` and the line `build` ends with: each programme's versions against its
//! source file (the first language of `languages` that has one), dated by git, else by
//! `updated:`, else by modification times.

use std::process::Command;
use std::time::{Duration, SystemTime};

use crate::harness::{Site, fixture};

/// Runs git in the site's folder with the commit date `date` (an ISO day) and a test identity.
fn git(site: &Site, date: &str, args: &[&str]) {
    let stamp = format!("{date}T12:00:00+00:00");
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Fiche Test",
            "-c",
            "user.email=test@example.org",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(site.path())
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git is installed (.ci/run installs it)");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The base site (French source, English translation) with a French-only programme.
fn site() -> Site {
    let site = Site::from_layers(&[fixture("base")]);
    let text = site.read("content/programmes/good.fr.md");
    site.write("content/programmes/alone.fr.md", text);
    site
}

fn json(site: &Site) -> serde_json::Value {
    let run = site.run(&["translations", "--format", "json"]);
    run.success();
    serde_json::from_str(&run.stdout()).expect("JSON")
}

/// The state of `slug`'s version in `lang`, from the JSON table.
fn state<'a>(table: &'a serde_json::Value, slug: &str, lang: &str) -> &'a serde_json::Value {
    let row = table["programmes"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["slug"] == slug))
        .expect("the programme is listed");
    row["versions"]
        .as_array()
        .and_then(|v| v.iter().find(|v| v["lang"] == lang))
        .expect("the language is listed")
}

#[test]
fn a_translation_committed_before_its_source_is_outdated() {
    let site = site();
    git(&site, "2025-01-10", &["init", "-q"]);
    git(&site, "2025-01-10", &["add", "."]);
    git(&site, "2025-01-10", &["commit", "-q", "-m", "Everything"]);
    // The source changes after the translation.
    let text = site.read("content/programmes/good.fr.md");
    site.write(
        "content/programmes/good.fr.md",
        text.replace("Un texte court.", "Un texte plus long."),
    );
    git(
        &site,
        "2025-03-05",
        &["commit", "-q", "-am", "The source changes"],
    );

    let run = site.run(&["translations"]);
    run.success();
    let out = run.stdout();
    for line in [
        "good: source content/programmes/good.fr.md (changed 2025-03-05)",
        "  en  outdated    content/programmes/good.en.md (changed 2025-01-10, source changed 2025-03-05)",
        "  en  missing     content/programmes/alone.en.md (to create)",
        "Translations: 1 missing, 1 outdated (`fiche translations` lists them)",
    ] {
        assert!(out.contains(line), "expected `{line}` in\n{out}");
    }
    let table = json(&site);
    assert_eq!(state(&table, "good", "en")["state"], "outdated");
    assert_eq!(state(&table, "good", "en")["changed"], "2025-01-10");
    assert_eq!(state(&table, "good", "fr")["state"], "source");
    assert_eq!(state(&table, "alone", "en")["state"], "missing");
    assert_eq!(table["outdated"], 1);
    assert_eq!(table["missing"], 1);

    // Translated again: up to date.
    let text = site.read("content/programmes/good.en.md");
    site.write(
        "content/programmes/good.en.md",
        text.replace("A short text.", "A longer text."),
    );
    git(&site, "2025-03-06", &["commit", "-q", "-am", "Translated"]);
    assert_eq!(state(&json(&site), "good", "en")["state"], "up-to-date");
    let build = site.run(&["build"]);
    build.success();
    assert!(
        build
            .stdout()
            .trim_end()
            .ends_with("Translations: 1 missing, 0 outdated (`fiche translations` lists them)"),
        "{}",
        build.stdout()
    );
}

#[test]
fn without_git_updated_then_modification_times_date_the_files() {
    let site = site();
    // `updated:` first.
    for (file, day) in [("good.fr.md", "2025-06-01"), ("good.en.md", "2025-02-01")] {
        let rel = format!("content/programmes/{file}");
        let text = site.read(&rel);
        site.write(
            &rel,
            text.replacen("---\n", &format!("---\nupdated: {day}\n"), 1),
        );
    }
    let table = json(&site);
    assert_eq!(state(&table, "good", "en")["state"], "outdated");
    assert_eq!(state(&table, "good", "en")["changed"], "2025-02-01");

    // Without `updated:`, the modification times: the translation saved after its source.
    let site = self::site();
    let set = |file: &str, days_ago: u64| {
        let f = std::fs::File::options()
            .write(true)
            .open(site.path().join("content/programmes").join(file))
            .expect("open");
        f.set_modified(SystemTime::now() - Duration::from_secs(days_ago * 86_400))
            .expect("set the modification time");
    };
    set("good.fr.md", 30);
    set("good.en.md", 3);
    let table = json(&site);
    assert_eq!(state(&table, "good", "en")["state"], "up-to-date");
    set("good.en.md", 60);
    let table = json(&site);
    assert_eq!(state(&table, "good", "en")["state"], "outdated");
    let build = site.run(&["build"]);
    build.success();
    assert!(
        build
            .stdout()
            .contains("Translations: 1 missing, 1 outdated"),
        "{}",
        build.stdout()
    );
}

#[test]
fn the_source_is_the_first_language_that_has_a_file() {
    let site = Site::from_layers(&[fixture("base")]);
    std::fs::remove_file(site.path().join("content/programmes/good.fr.md")).expect("remove");
    let table = json(&site);
    assert_eq!(state(&table, "good", "en")["state"], "source");
    assert_eq!(state(&table, "good", "fr")["state"], "missing");
    assert_eq!(
        state(&table, "good", "fr")["file"],
        "content/programmes/good.fr.md"
    );
}
