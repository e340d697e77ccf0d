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
    // Through a link, or `..` after a folder that does not exist.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("content", site.path().join("public")).expect("symlink");
        refused(&site, "public", "it is the site's `content`");
        std::fs::remove_file(site.path().join("public")).expect("rm");
    }
    refused(&site, "new/../data", "it is the site's `data`");
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

/// The base site with `n` more programmes, long enough to build that a signal finds it busy.
fn large_site(n: usize) -> Site {
    let site = base();
    for lang in ["fr", "en"] {
        let good = site.read(&format!("content/programmes/good.{lang}.md"));
        for i in 0..n {
            site.write(
                &format!("content/programmes/p{i}.{lang}.md"),
                good.replacen("title: ", &format!("title: {i} "), 1),
            );
        }
    }
    site
}

/// The folders beside the output that fiche makes while it writes.
fn staging_folders(site: &Site) -> Vec<String> {
    std::fs::read_dir(site.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_signal_during_a_build_removes_its_staging_folder_and_keeps_the_previous_output() {
    let site = large_site(300);
    site.run(&["build"]).success();
    site.write(
        "content/programmes/p0.fr.md",
        site.read("content/programmes/p0.fr.md")
            .replace("title: 0 ", "title: changed "),
    );
    let before = site.files("public");
    for (signal, number) in [("INT", 2), ("TERM", 15)] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("fiche"))
            .arg("build")
            .current_dir(site.path())
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("fiche starts");
        let staging = site.path().join(format!(".public.staging-{}", child.id()));
        // Until it writes pages (the build cannot end without removing the folder first).
        while !staging.join("fr").exists() {
            assert!(
                child.try_wait().expect("wait").is_none(),
                "the build ended first"
            );
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let sent = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let out = child.wait_with_output().expect("fiche ends");
        assert_eq!(out.status.code(), Some(128 + number), "SIG{signal}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("the unfinished output was removed"),
            "{stderr}"
        );
        assert_eq!(staging_folders(&site), Vec::<String>::new(), "SIG{signal}");
        assert!(
            site.files("public") == before,
            "SIG{signal}: public/ changed"
        );
    }
}

#[cfg(unix)]
#[test]
fn staging_folders_of_dead_builds_are_removed_and_those_of_running_ones_kept() {
    let site = base();
    // A process id that was in use and is no longer.
    let mut gone = std::process::Command::new("true")
        .spawn()
        .expect("true runs");
    let dead = gone.id();
    gone.wait().expect("true ends");
    let alive = std::process::id();
    for name in [
        format!(".public.staging-{dead}"),
        format!(".public.old-{dead}"),
        format!(".public.staging-{alive}"),
        ".public.staging-mine".to_string(),
        format!(".other.staging-{dead}"),
    ] {
        site.write(&format!("{name}/fr/index.html"), "left behind");
    }
    site.run(&["build"]).success();
    let mut left = staging_folders(&site);
    left.sort();
    assert_eq!(
        left,
        [
            format!(".public.staging-{alive}"),
            ".public.staging-mine".to_string()
        ]
    );
    assert!(site.path().join(format!(".other.staging-{dead}")).exists());
}

#[cfg(unix)]
#[test]
fn a_write_error_is_reported_once_with_the_count_of_files_not_written() {
    let site = base();
    site.run(&["build"]).success();
    site.write(
        "content/programmes/good.fr.md",
        site.read("content/programmes/good.fr.md")
            .replace("A good programme", "Changed"),
    );
    let before = site.files("");
    // A real write error: files larger than 2 KB cannot be written (`ulimit -f`, with the
    // signal that would end the process ignored, so that writes fail with EFBIG instead).
    let run = site.run_under(
        &["sh", "-c", "trap '' XFSZ; ulimit -f 4; exec \"$0\" \"$@\""],
        &["build"],
    );
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 2, "one error and the count:\n{stderr}");
    assert!(errors[0].starts_with("error: cannot write `"), "{stderr}");
    assert!(errors[0].contains("other files"), "{stderr}");
    assert!(stderr.contains("--> ./public"), "{stderr}");
    assert!(stderr.contains("disk is not full"), "{stderr}");
    assert_eq!(
        site.files(""),
        before,
        "the previous output changed, or a folder was left"
    );
}

/// A file outside the site whose first line must never reach a message or the output.
fn private_file(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("private.txt");
    std::fs::write(&path, "PRIVATE-FIRST-LINE: do not show\nroot:x:0:0\n").expect("write");
    path
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_errors_at_the_link_and_nothing_of_their_target_is_shown() {
    use std::os::unix::fs::symlink;
    let site = base();
    site.run(&["build"]).success();
    let outside = tempfile::tempdir().expect("temp");
    let private = private_file(outside.path());
    symlink(&private, site.path().join("static/passwd")).expect("symlink");
    symlink(outside.path(), site.path().join("static/docs")).expect("symlink");
    symlink(&private, site.path().join("content/programmes/leak.fr.md")).expect("symlink");
    std::fs::remove_file(site.path().join("data/partners.yaml")).expect("rm");
    symlink(&private, site.path().join("data/partners.yaml")).expect("symlink");
    // Inside the site, but its hidden files: `.env`, `.git`.
    site.write(".env", "PRIVATE-FIRST-LINE=1\n");
    symlink("../.env", site.path().join("static/env")).expect("symlink");
    let before = site.files("");

    for command in ["build", "check"] {
        let run = site.run(&[command]);
        let stderr = run.stderr();
        assert_eq!(run.code(), 1, "{stderr}");
        for link in [
            "static/passwd",
            "static/docs",
            "content/programmes/leak.fr.md",
            "data/partners.yaml",
        ] {
            assert!(
                stderr.contains(&format!("--> {link}\n")),
                "{link} not named:\n{stderr}"
            );
        }
        assert_eq!(
            stderr.matches("outside the site's folder").count(),
            4,
            "{stderr}"
        );
        assert!(
            stderr.contains("copy the file (or folder) into the site"),
            "{stderr}"
        );
        assert!(
            stderr.contains("--> static/env\n")
                && stderr.contains("one of the site's hidden files"),
            "{stderr}"
        );
        assert!(
            !stderr.contains("PRIVATE") && !stderr.contains("root:"),
            "{stderr}"
        );
    }
    assert_eq!(site.files(""), before, "the previous output changed");
}

#[cfg(unix)]
#[test]
fn links_that_stay_inside_the_site_are_followed() {
    use std::os::unix::fs::symlink;
    let site = base();
    symlink("images/ok.svg", site.path().join("static/logo.svg")).expect("symlink");
    symlink("images", site.path().join("static/pictures")).expect("symlink");
    site.run(&["build"]).success();
    let svg = std::fs::read(site.path().join("static/images/ok.svg")).expect("svg");
    for copy in ["public/logo.svg", "public/pictures/ok.svg"] {
        assert_eq!(std::fs::read(site.path().join(copy)).expect(copy), svg);
    }
}

/// Starts `fiche serve --port 0` in the site; returns it and the address it prints.
#[cfg(feature = "serve")]
fn serve(site: &Site) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = crate::serve::spawn_serve(site, &[], std::process::Stdio::piped());
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let host = loop {
        let line = lines.next().expect("an address").expect("readable");
        if let Some(rest) = line.strip_prefix("Serving the site at http://") {
            break rest.split('/').next().expect("host").to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, host)
}

#[cfg(all(unix, feature = "serve"))]
#[test]
fn serve_follows_and_refuses_the_same_links_as_build() {
    use std::os::unix::fs::symlink;
    let site = base();
    symlink("images/ok.svg", site.path().join("static/logo.svg")).expect("symlink");
    let (mut server, host) = serve(&site);
    let (status, _, body) = crate::serve::raw_get(&host, "/logo.svg");
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(status, 200);
    assert_eq!(
        body,
        std::fs::read(site.path().join("static/images/ok.svg")).expect("svg")
    );

    let outside = tempfile::tempdir().expect("temp");
    symlink(
        private_file(outside.path()),
        site.path().join("static/passwd"),
    )
    .expect("symlink");
    let (mut server, host) = serve(&site);
    let (status, _, body) = crate::serve::raw_get(&host, "/passwd");
    let _ = server.kill();
    let out = server.wait_with_output().expect("serve ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(status, 200);
    assert!(!String::from_utf8_lossy(&body).contains("PRIVATE"));
    assert!(
        stderr.contains("--> static/passwd") && stderr.contains("outside the site's folder"),
        "{stderr}"
    );
    assert!(!stderr.contains("PRIVATE"), "{stderr}");
}

#[test]
fn files_left_out_are_named_with_why_and_digits_never_hide_one() {
    let site = base();
    let good = site.read("content/programmes/good.fr.md");
    for name in ["4913-water.fr.md", "2024.fr.md", "1.fr.md"] {
        site.write(&format!("content/programmes/{name}"), &good);
    }
    for name in [".draft.fr.md", "good.fr.md~", ".good.fr.md.swp", "4913"] {
        site.write(&format!("content/programmes/{name}"), "x");
    }
    site.write("static/.nojekyll", "");
    site.write("content/notes.md", "x");
    site.write("data/countries.yml", "x");
    site.write("i18n/fr.yml", "x");
    let run = site.run(&["build"]);
    run.success();
    for slug in ["4913-water", "2024", "1"] {
        assert!(
            site.path()
                .join(format!("public/fr/programmes/{slug}/index.html"))
                .is_file(),
            "{slug} was not built"
        );
    }
    let stderr = run.stderr();
    for said in [
        "warning: 4 files in this folder are left out: \
         `content/programmes/.draft.fr.md` (a hidden file), \
         `content/programmes/.good.fr.md.swp` (a hidden file), \
         `content/programmes/4913` (a name of digits only, as editors' test files have), \
         `content/programmes/good.fr.md~` (an editor's backup or swap file)\n\
         --> content/programmes\n",
        "warning: 1 file in this folder is left out: `static/.nojekyll` (a hidden file)\n--> static\n",
        "warning: fiche does not read `content/notes.md`\n--> content\n",
        "warning: fiche does not read `data/countries.yml`\n--> data\n",
        "warning: this is not a YAML file (`.yaml`) and is left out\n--> i18n/fr.yml\n",
    ] {
        assert!(stderr.contains(said), "expected:\n{said}\nin:\n{stderr}");
    }
}
