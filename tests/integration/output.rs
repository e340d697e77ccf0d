//! The output folder, on real folders: what a build may replace, links given as the output or
//! found among the sources, signals during a build, write errors, files left out.

use std::collections::BTreeMap;
use std::path::Path;

use crate::harness::{Site, fixture};

fn base() -> Site {
    Site::from_layers(&[fixture("base")])
}

/// Every file under `dir` (an absolute path), as [`Site::files`] lists them.
fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.expect("readable");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("inside");
            out.insert(
                rel.to_string_lossy().into_owned(),
                std::fs::read(entry.path()).expect("read"),
            );
        }
    }
    out
}

/// Runs `fiche build --output <output>`, which must be refused with exit code 1, naming the
/// output, saying why, and changing nothing in the site. Returns what it printed.
#[track_caller]
fn refused(site: &Site, output: &str, why: &str) -> String {
    let before = site.files("");
    let run = site.run(&["build", "--output", output]);
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "{output}: {stderr}");
    assert!(
        stderr.contains("fiche will not write its output here") && stderr.contains(why),
        "{output}: expected `{why}` in:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {output}")),
        "{output}: {stderr}"
    );
    assert!(stderr.contains("help: "), "{output}: {stderr}");
    assert_eq!(site.files(""), before, "{output}: the site changed");
    stderr
}

#[test]
fn the_site_its_source_folders_and_what_holds_them_are_never_an_output() {
    let site = base();
    site.write("themes/mine/templates/.keep", "");
    site.write("i18n/fr.yaml", "{}\n");
    for source in ["content", "data", "static", "themes", "i18n", "site.yaml"] {
        refused(&site, source, &format!("it is the site's `{source}`"));
    }
    for inside in [
        "content/programmes",
        "static/images",
        "themes/mine/out",
        "data/new",
    ] {
        refused(&site, inside, "it is inside the site's");
    }
    refused(&site, ".", "it is the site's own folder");
    let parent = site.path().parent().expect("parent").display().to_string();
    refused(&site, &parent, "it holds the site's folder");
}

#[test]
fn an_existing_file_given_as_the_output_is_refused_and_kept() {
    let site = base();
    site.write("notes.txt", "mine");
    refused(&site, "notes.txt", "it is a file, not a folder");
    assert_eq!(site.read("notes.txt"), "mine");
}

#[test]
fn a_folder_of_other_files_is_refused_and_kept() {
    let site = base();
    site.write("photos/holiday.jpg", "jpeg");
    let stderr = refused(
        &site,
        "photos",
        "it holds files (`holiday.jpg`) and no `.fiche-output` file",
    );
    assert!(
        stderr.contains("create an empty `.fiche-output` file"),
        "{stderr}"
    );
    // Another site, or a repository, even with the marker.
    site.write("other/site.yaml", "title: x\n");
    site.write("other/.fiche-output", "");
    refused(&site, "other", "it holds a site or a repository");
    site.write("deploy/.git/HEAD", "ref: refs/heads/gh-pages\n");
    refused(&site, "deploy", "it holds a site or a repository");
}

#[test]
fn an_absent_or_empty_folder_becomes_a_marked_output_that_later_builds_replace() {
    let site = base();
    std::fs::create_dir(site.path().join("out")).expect("mkdir");
    site.run(&["build", "--output", "out"]).success();
    site.run(&["build", "--output", "new/deeper/out"]).success();
    for output in ["out", "new/deeper/out"] {
        let marker = site.read(&format!("{output}/.fiche-output"));
        assert!(marker.contains("output of `fiche build`"), "{marker}");
        assert!(site.path().join(output).join("fr/index.html").is_file());
    }
    site.write("out/stale.html", "old");
    site.run(&["build", "--output", "out"]).success();
    assert!(!site.path().join("out/stale.html").exists());
}

#[test]
fn an_unmarked_older_output_is_replaced_only_when_it_holds_nothing_the_build_does_not_write() {
    let site = base();
    site.run(&["build"]).success();
    // What a fiche from before the marker left.
    std::fs::remove_file(site.path().join("public/.fiche-output")).expect("rm");
    site.run(&["build"]).success();
    assert!(site.path().join("public/.fiche-output").is_file());

    std::fs::remove_file(site.path().join("public/.fiche-output")).expect("rm");
    site.write("public/google1234.html", "verification");
    let before = site.files("");
    let run = site.run(&["build"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("holds what this build does not write (`google1234.html`)"),
        "{}",
        run.stderr()
    );
    assert_eq!(site.files(""), before);
}

#[cfg(unix)]
#[test]
fn public_as_a_link_to_a_web_root_keeps_the_link_and_replaces_the_site_in_its_target() {
    let site = base();
    let outside = tempfile::tempdir().expect("temp");
    let www = outside.path().join("www");
    std::fs::create_dir(&www).expect("mkdir");
    std::fs::write(www.join("index.php"), "<?php mine").expect("write");
    std::os::unix::fs::symlink(&www, site.path().join("public")).expect("symlink");

    // A web root holding files of its own is refused, and left as it was.
    let before = files_in(&www);
    let run = site.run(&["build"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains(&format!("(a link to {})", www.display()))
            && run.stderr().contains("`index.php`"),
        "{}",
        run.stderr()
    );
    assert_eq!(files_in(&www), before);

    // Emptied, it is filled; the link stays a link to it.
    std::fs::remove_file(www.join("index.php")).expect("rm");
    site.run(&["build"]).success();
    let link = site.path().join("public");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_link(&link).expect("link"), www);
    assert!(www.join("fr/index.html").is_file() && www.join(".fiche-output").is_file());

    // A link inside the previous output is removed with it, never followed.
    let kept = outside.path().join("kept");
    std::fs::create_dir(&kept).expect("mkdir");
    std::fs::write(kept.join("file"), "keep me").expect("write");
    std::os::unix::fs::symlink(&kept, www.join("fr/link")).expect("symlink");
    site.run(&["build"]).success();
    assert!(std::fs::symlink_metadata(www.join("fr/link")).is_err());
    assert_eq!(
        std::fs::read_to_string(kept.join("file")).expect("kept"),
        "keep me"
    );
    assert!(www.join("fr/index.html").is_file());
    // Nothing left beside the web root.
    let beside: Vec<String> = std::fs::read_dir(outside.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside.len(), 2, "{beside:?}");
}
