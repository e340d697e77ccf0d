//! `fiche serve` for real: the server is started on a free port, spoken to over HTTP, and
//! the files on disk are edited while it runs. No test asserts on timing; each waits (up to a
//! generous limit) for what must happen.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

use crate::harness::{Site, copy_tree, fixture, repo};

const PATIENCE: Duration = Duration::from_secs(20);

/// A running `fiche serve`, with a live-reload connection open.
struct Server {
    child: Child,
    url: String,
    host: String,
    base: String,
    events: Receiver<(String, String)>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request over a plain socket, so that the path is sent exactly as given.
pub(crate) fn raw_get(host: &str, path: &str) -> (u16, String, Vec<u8>) {
    request_to(host, Some(host), path)
}

/// One request to `address` with the given `Host` header (none if `None`) and request target:
/// the status, the head and the body.
fn request_to(address: &str, host: Option<&str>, target: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    (status, head, response[split + 4..].to_vec())
}

/// Starts `fiche serve --port 0 <args>` in the site, its standard output piped.
pub(crate) fn spawn_serve(site: &Site, args: &[&str], stderr: Stdio) -> std::process::Child {
    Command::cargo_bin("fiche")
        .expect("fiche binary")
        .args(["serve", "--port", "0"])
        .args(args)
        .current_dir(site.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("fiche serve starts")
}

impl Server {
    fn start(site: &Site, args: &[&str]) -> Server {
        let mut child = spawn_serve(site, args, Stdio::null());
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("the server prints its address")
                .expect("readable");
            if let Some(rest) = line.strip_prefix("Serving the site at ") {
                break rest.split_whitespace().next().expect("a URL").to_string();
            }
        };
        // Keep reading stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let without_scheme = url.trim_start_matches("http://");
        let (host, base) = without_scheme.split_at(without_scheme.find('/').expect("a path"));
        let (host, base) = (host.to_string(), base.to_string());

        // The live-reload channel, read line by line on a thread of its own.
        let mut stream = TcpStream::connect(&host).expect("connect");
        write!(
            stream,
            "GET /__fiche/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).expect("status line");
        assert!(status.contains("200"), "{status}");
        let (sender, events) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            let mut data = String::new();
            for line in reader.lines() {
                let Ok(line) = line else { return };
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data = d.to_string();
                } else if line.is_empty()
                    && !event.is_empty()
                    && sender
                        .send((std::mem::take(&mut event), std::mem::take(&mut data)))
                        .is_err()
                {
                    return;
                }
            }
        });
        Server {
            child,
            url,
            host,
            base,
            events,
        }
    }

    /// GET a path below the site's base path: status and body.
    fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = raw_get(&self.host, &format!("{}{path}", self.base));
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// Waits for the next event matching `wanted`, skipping others.
    fn wait_for(
        &self,
        wanted: impl Fn(&str, &serde_json::Value) -> bool,
    ) -> (String, serde_json::Value) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (event, data) = self
                .events
                .recv_timeout(left)
                .expect("the expected event came");
            let json: serde_json::Value =
                serde_json::from_str(&data).unwrap_or(serde_json::Value::Null);
            if wanted(&event, &json) {
                return (event, json);
            }
        }
    }

    fn wait_for_reload_of(&self, page: &str) -> Vec<String> {
        let (_, data) =
            self.wait_for(|event, data| event == "reload" && paths(data).iter().any(|p| p == page));
        paths(&data)
    }

    /// Polls a page until its body satisfies `check`.
    fn eventually(&self, path: &str, check: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let (status, body) = self.get(path);
            if check(status, &body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never got as expected; last: {status}\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn paths(data: &serde_json::Value) -> Vec<String> {
    data["paths"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn valid_site() -> Site {
    Site::from_layers(&[fixture("valid")])
}

/// The valid site with a copy of the default theme in `themes/default/`, to edit.
fn site_with_its_own_theme() -> Site {
    let site = valid_site();
    copy_tree(
        &repo().join("themes/default"),
        &site.path().join("themes/default"),
    );
    site
}

fn replace_in(site: &Site, rel: &str, from: &str, to: &str) {
    let text = site.read(rel);
    assert!(text.contains(from), "{rel} does not contain {from}");
    site.write(rel, text.replacen(from, to, 1));
}

#[test]
fn an_edit_reloads_the_pages_that_show_it_and_only_those() {
    let site = valid_site();
    let server = Server::start(&site, &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "binds to loopback by default: {}",
        server.url
    );
    replace_in(
        &site,
        "content/programmes/el-paccto.en.md",
        "title: EL PAcCTO 2.0",
        "title: EL PAcCTO Two",
    );
    let changed = server.wait_for_reload_of("en/programmes/el-paccto/index.html");
    for page in [
        "en/index.html",
        "en/countries/brazil/index.html",
        "en/themes/justice/index.html",
    ] {
        assert!(
            changed.contains(&page.to_string()),
            "{page} not reloaded: {changed:?}"
        );
    }
    assert!(
        !changed
            .iter()
            .any(|p| p.starts_with("fr/") || p.starts_with("es/")),
        "{changed:?}"
    );
    let body = server.eventually("en/programmes/el-paccto/", |s, b| {
        s == 200 && b.contains("EL PAcCTO Two")
    });
    assert!(
        body.contains("/__fiche/livereload.js"),
        "the live-reload script is injected"
    );
    assert!(server.get("en/").1.contains("EL PAcCTO Two"));
}

#[test]
fn new_deleted_and_renamed_files_are_picked_up() {
    let site = valid_site();
    let server = Server::start(&site, &[]);
    site.write(
        "content/programmes/water.fr.md",
        "---\ntitle: Eau pour tous\nsummary: De l’eau.\nstatus: planned\nstart: 2027-01-01\ncountries: [SN]\n---\nTexte.\n",
    );
    server.wait_for_reload_of("fr/programmes/water/index.html");
    assert!(server.get("fr/pays/senegal/").1.contains("Eau pour tous"));

    // An editor that saves by writing a temporary file and renaming it over the original.
    let tmp = site.path().join("content/programmes/.water.fr.md.swp");
    std::fs::write(
        &tmp,
        site.read("content/programmes/water.fr.md")
            .replace("Eau pour tous", "De l’eau pour tous"),
    )
    .expect("write");
    std::fs::rename(&tmp, site.path().join("content/programmes/water.fr.md")).expect("rename");
    server.eventually("fr/programmes/water/", |s, b| {
        s == 200 && b.contains("De l’eau pour tous")
    });

    // A renamed programme moves; a deleted one disappears from its index pages.
    std::fs::rename(
        site.path().join("content/programmes/water.fr.md"),
        site.path().join("content/programmes/eau.fr.md"),
    )
    .expect("rename");
    server.eventually("fr/programmes/eau/", |s, _| s == 200);
    server.eventually("fr/programmes/water/", |s, _| s == 404);
    std::fs::remove_file(site.path().join("content/programmes/eau.fr.md")).expect("delete");
    server.eventually("fr/programmes/eau/", |s, _| s == 404);
    server.eventually("fr/pays/", |s, b| s == 200 && !b.contains("Sénégal 2"));
    assert!(!server.get("fr/").1.contains("De l’eau pour tous"));
}

#[test]
fn a_broken_save_shows_its_error_and_keeps_the_last_good_pages() {
    let site = valid_site();
    let server = Server::start(&site, &[]);
    replace_in(
        &site,
        "content/programmes/el-paccto.fr.md",
        "status: completed",
        "status: finished",
    );
    let (_, data) = server.wait_for(|event, _| event == "error");
    let message = data["message"].as_str().expect("a message");
    assert!(
        message.contains("content/programmes/el-paccto.fr.md:4:9"),
        "{message}"
    );
    assert!(message.contains("`finished` is not a status"), "{message}");
    let (status, body) = server.get("fr/programmes/el-paccto/");
    assert_eq!(status, 200, "the last good page stays");
    assert!(body.contains("Terminé"));

    // A page opened now gets the error at once.
    let late = Server::start_events_only(&server);
    let (event, _) = late.recv_timeout(PATIENCE).expect("an event");
    assert_eq!(event, "error");

    replace_in(
        &site,
        "content/programmes/el-paccto.fr.md",
        "status: finished",
        "status: ongoing",
    );
    server.wait_for(|event, _| event == "fixed");
    server.eventually("fr/programmes/el-paccto/", |_, b| b.contains("En cours"));
}

impl Server {
    /// A second live-reload connection, as a newly opened page makes.
    fn start_events_only(&self) -> Receiver<(String, String)> {
        let mut stream = TcpStream::connect(&self.host).expect("connect");
        write!(
            stream,
            "GET /__fiche/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.host
        )
        .expect("send");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { return };
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if line.starts_with("data: ") && sender.send((event.clone(), line)).is_err()
                {
                    return;
                }
            }
        });
        receiver
    }
}

#[test]
fn a_template_change_reloads_every_page() {
    let site = site_with_its_own_theme();
    let server = Server::start(&site, &[]);
    replace_in(
        &site,
        "themes/default/templates/base.html",
        "</footer>",
        "<p>Changed footer</p></footer>",
    );
    let (_, data) = server.wait_for(|event, data| event == "reload" && data["all"] == true);
    assert!(paths(&data).len() > 50, "{data}");
    server.eventually("es/programas/el-paccto/", |_, b| {
        b.contains("Changed footer")
    });
    assert!(server.get("fr/pays/").1.contains("Changed footer"));
}

#[test]
fn rapid_saves_end_on_the_last_state() {
    let site = valid_site();
    let server = Server::start(&site, &[]);
    let rel = "content/programmes/blue-pacific.en.md";
    let original = site.read(rel);
    for i in 0..30 {
        site.write(
            rel,
            original.replace("title: Blue Pacific", &format!("title: Blue Pacific {i}")),
        );
    }
    server.eventually("en/programmes/blue-pacific/", |_, b| {
        b.contains("<h1>Blue Pacific 29</h1>")
    });
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        server
            .get("en/programmes/blue-pacific/")
            .1
            .contains("<h1>Blue Pacific 29</h1>")
    );
}

/// The body of a served page without the injected live-reload script.
fn without_script(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    text.replace("<script src=\"/__fiche/livereload.js\"></script>", "")
        .into_bytes()
}

#[test]
fn incremental_rebuilds_serve_what_a_clean_build_makes() {
    let site = valid_site();
    let server = Server::start(&site, &[]);
    // Several kinds of change, one after the other.
    replace_in(
        &site,
        "content/programmes/el-paccto.es.md",
        "amount: 58800000",
        "amount: 61000000",
    );
    server.wait_for_reload_of("es/programas/el-paccto/index.html");
    site.write(
        "content/programmes/new-one.en.md",
        "---\ntitle: A new one\nsummary: New.\nstatus: ongoing\nstart: 2025-05\ncountries: [FJ, BR]\nthemes: [justice]\n---\nBody.\n",
    );
    server.wait_for_reload_of("en/programmes/new-one/index.html");
    std::fs::remove_file(site.path().join("content/programmes/old-one.fr.md")).expect("delete");
    server.wait_for(|event, data| {
        event == "reload"
            && paths(data)
                .iter()
                .any(|p| p == "fr/programmes/old-one/index.html")
    });
    // A title (cards, order among programmes of the same date), a start date (the order of
    // every list, related programmes), themes (terms, related programmes).
    replace_in(
        &site,
        "content/programmes/blue-pacific.en.md",
        "title: Blue Pacific",
        "title: Azure Pacific",
    );
    server.wait_for_reload_of("en/programmes/blue-pacific/index.html");
    replace_in(
        &site,
        "content/programmes/blue-pacific.en.md",
        "start: 2024-01-01",
        "start: 2019-03-01",
    );
    server.wait_for_reload_of("en/programmes/blue-pacific/index.html");
    replace_in(
        &site,
        "content/programmes/blue-pacific.en.md",
        "themes: [police-cooperation, justice]",
        "themes: [justice]",
    );
    server.wait_for_reload_of("en/programmes/blue-pacific/index.html");
    replace_in(
        &site,
        "content/programmes/blue-pacific.fr.md",
        "Text.",
        "Un autre texte.",
    );
    server.wait_for_reload_of("fr/programmes/blue-pacific/index.html");
    // A file renamed, its front matter the same: its card moves on every list.
    let text = site.read("content/programmes/new-one.en.md");
    std::fs::remove_file(site.path().join("content/programmes/new-one.en.md")).expect("rename");
    site.write("content/programmes/brand-new.en.md", text);
    server.wait_for_reload_of("en/programmes/brand-new/index.html");

    // A translation given its own address and the old one as an alias: the pages of every
    // language that link to it change.
    replace_in(
        &site,
        "content/programmes/el-paccto.es.md",
        "title: EL PAcCTO 2.0",
        "title: EL PAcCTO 2.0\nslug: pacto-el\naliases: [/es/programas/el-paccto/]",
    );
    server.wait_for_reload_of("es/programas/pacto-el/index.html");

    // A clean build of the same files, with the same address and drafts.
    let out = tempfile::tempdir().expect("temp");
    site.run(&[
        "build",
        "--drafts",
        "--base-url",
        &server.url,
        "--output",
        &out.path().join("public").display().to_string(),
    ])
    .success();
    let public = out.path().join("public");
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.expect("readable");
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&public)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if rel == ".fiche-output" {
            // The build's marker of its output folder, not a file of the site.
            continue;
        }
        let (status, _, body) = raw_get(&server.host, &format!("{}{rel}", server.base));
        let expected = std::fs::read(entry.path()).expect("read");
        let served = if rel.ends_with(".html") {
            without_script(&body)
        } else {
            body
        };
        let code = if rel == "404.html" { 200 } else { status };
        assert_eq!(code, 200, "{rel}");
        assert!(served == expected, "{rel} differs from a clean build");
        compared += 1;
    }
    assert!(compared > 100, "compared {compared} files");
    // And nothing more is served than the clean build has.
    assert_eq!(server.get("fr/programmes/old-one/").0, 404);
}

#[test]
fn the_translations_page_lists_every_version_and_each_preview_page_links_to_it() {
    let site = valid_site();
    let server = Server::start(&site, &[]);
    let (status, _, body) = raw_get(&server.host, "/__fiche/translations");
    let page = String::from_utf8_lossy(&body);
    assert_eq!(status, 200, "{page}");
    for part in [
        "<h1>Translations</h1>",
        "<th scope=\"row\">blue-pacific</th>",
        "missing: create<br><code>content/programmes/blue-pacific.es.md</code>",
        "<code>content/programmes/el-paccto.es.md</code>",
    ] {
        assert!(page.contains(part), "expected {part} in\n{page}");
    }
    let (_, _, script) = raw_get(&server.host, "/__fiche/livereload.js");
    assert!(String::from_utf8_lossy(&script).contains("\"/__fiche/translations\""));
    // A translation deleted: the page says so after the rebuild.
    std::fs::remove_file(site.path().join("content/programmes/el-paccto.es.md")).expect("delete");
    let deadline = Instant::now() + PATIENCE;
    loop {
        let (_, _, body) = raw_get(&server.host, "/__fiche/translations");
        if String::from_utf8_lossy(&body)
            .contains("missing: create<br><code>content/programmes/el-paccto.es.md</code>")
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the table never showed the deleted translation"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn only_the_built_site_is_served() {
    let site = valid_site();
    let server = Server::start(&site, &[]);
    // A link inside static/ that leads out of the site, made once the site is served (the
    // build then fails on it: see output.rs).
    let outside = tempfile::tempdir().expect("temp");
    std::fs::write(outside.path().join("secret.txt"), "secret").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path().join("static/secret.txt"),
    )
    .expect("symlink");
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/fr/..%2f..%2fsite.yaml",
        "/..%5csite.yaml",
        "/fr\\..\\site.yaml",
        "//etc/passwd",
        "/content/programmes/el-paccto.fr.md",
        "/site.yaml",
        "/secret.txt",
        "/%00",
    ] {
        let (status, _, body) = raw_get(&server.host, path);
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(
            !String::from_utf8_lossy(&body).contains("secret"),
            "{path} leaked"
        );
        assert!(
            !String::from_utf8_lossy(&body).contains("base_url"),
            "{path} leaked"
        );
    }
    // Unknown pages get the site's own 404 page.
    let (status, body) = server.get("fr/nowhere/");
    assert_eq!(status, 404);
    assert!(body.contains("Page introuvable"));
    // In the language of the address asked for.
    let (status, body) = server.get("en/nowhere/deeper");
    assert_eq!(status, 404);
    assert!(body.contains(r#"<html lang="en""#), "{body}");
    // Content types.
    let (_, head, _) = raw_get(&server.host, "/css/fiche.css");
    assert!(
        head.to_lowercase().contains("content-type: text/css"),
        "{head}"
    );
    let (_, head, _) = raw_get(&server.host, "/images/paccto.svg");
    assert!(
        head.to_lowercase().contains("content-type: image/svg+xml"),
        "{head}"
    );
    let (_, head, _) = raw_get(&server.host, "/fr/");
    assert!(
        head.to_lowercase()
            .contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
}

#[test]
fn the_base_url_sub_path_is_respected_and_drafts_are_shown() {
    let site = valid_site();
    replace_in(
        &site,
        "site.yaml",
        "base_url: https://example.org/",
        "base_url: https://example.org/coop/programmes/",
    );
    let server = Server::start(&site, &[]);
    assert!(server.url.ends_with("/coop/programmes/"), "{}", server.url);
    assert_eq!(server.get("fr/").0, 200);
    assert_eq!(raw_get(&server.host, "/fr/").0, 404);
    let (status, head, _) = raw_get(&server.host, "/coop/programmes");
    assert_eq!(status, 301, "{head}");
    let draft = server.get("fr/programmes/secret/").1;
    assert!(
        draft.contains("draft-flag"),
        "drafts are shown while serving"
    );
    assert!(
        draft.contains(&format!("{}fr/programmes/secret/", server.url)),
        "permalinks point at the preview"
    );
}

#[test]
fn polling_picks_up_changes_too() {
    let site = valid_site();
    let server = Server::start(&site, &["--poll"]);
    replace_in(
        &site,
        "content/programmes/el-paccto.es.md",
        "title: EL PAcCTO 2.0",
        "title: EL PAcCTO sondeado",
    );
    server.eventually("es/programas/el-paccto/", |_, b| {
        b.contains("EL PAcCTO sondeado")
    });
}

#[test]
fn a_content_folder_deleted_and_created_again_is_followed() {
    let site = valid_site();
    let server = Server::start(&site, &[]);
    let content = site.path().join("content");
    let saved = tempfile::tempdir().expect("temp");
    copy_tree(&content, saved.path());
    std::fs::remove_dir_all(&content).expect("remove");
    server.wait_for(|event, _| event == "reload" || event == "error");
    copy_tree(saved.path(), &content);
    replace_in(
        &site,
        "content/programmes/el-paccto.en.md",
        "title: EL PAcCTO 2.0",
        "title: Back again",
    );
    server.eventually("en/programmes/el-paccto/", |s, b| {
        s == 200 && b.contains("Back again")
    });
}

#[test]
fn a_hundred_quick_saves_broken_and_fixed_end_on_the_last_one() {
    let site = valid_site();
    let mut server = Server::start(&site, &[]);
    let rel = "content/programmes/blue-pacific.en.md";
    let original = site.read(rel);
    // As an editor's autosave does: every other save is half-typed YAML.
    for i in 0..100 {
        let text = if i % 2 == 0 {
            original.replace("title: Blue Pacific", &format!("title: \"Blue Pacific {i}"))
        } else {
            original.replace("title: Blue Pacific", &format!("title: Blue Pacific {i}"))
        };
        site.write(rel, text);
    }
    server.eventually("en/programmes/blue-pacific/", |s, b| {
        s == 200 && b.contains("<h1>Blue Pacific 99</h1>")
    });
    // The last build is the good one: a page opened now gets no error (a broken site sends
    // its errors to every new page at once).
    let events = server.start_events_only();
    if let Ok((event, data)) = events.recv_timeout(Duration::from_millis(500)) {
        assert_ne!(
            event, "error",
            "the fixed site still shows an error: {data}"
        );
    }
    assert!(
        server
            .get("en/programmes/blue-pacific/")
            .1
            .contains("<h1>Blue Pacific 99</h1>")
    );
    assert!(
        server.child.try_wait().expect("status").is_none(),
        "the server stopped"
    );
}

/// The address the server listens on, as the system's table of TCP sockets has it (no
/// connection is made): `0100007F` for 127.0.0.1, `00000000` for every address.
#[cfg(target_os = "linux")]
fn listening_address(port: u16) -> Option<String> {
    let table = std::fs::read_to_string("/proc/net/tcp").ok()?;
    table.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (address, local_port) = fields.get(1)?.split_once(':')?;
        let listening = fields.get(3) == Some(&"0A");
        (listening && u16::from_str_radix(local_port, 16).ok()? == port)
            .then(|| address.to_string())
    })
}

/// Starts `fiche serve <args>`, reads the address it prints, checks a page is served on
/// 127.0.0.1, stops it, and returns the address and everything it printed on standard error.
fn serve_once(site: &Site, args: &[&str]) -> (String, String) {
    let mut child = spawn_serve(site, args, Stdio::piped());
    let stdout = child.stdout.take().expect("stdout");
    let url = BufReader::new(stdout)
        .lines()
        .map(|l| l.expect("readable"))
        .find_map(|l| {
            l.strip_prefix("Serving the site at ")
                .map(|rest| rest.split_whitespace().next().unwrap_or("").to_string())
        })
        .expect("the server prints its address");
    let host = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .expect("host")
        .to_string();
    let port: u16 = host
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a port");
    let (status, _, _) = raw_get(&format!("127.0.0.1:{port}"), "/fr/");
    assert_eq!(status, 200);
    #[cfg(target_os = "linux")]
    let listening = listening_address(port).unwrap_or_default();
    #[cfg(not(target_os = "linux"))]
    let listening = String::new();
    let _ = child.kill();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    let _ = child.wait();
    (format!("{url} {listening}"), stderr)
}

#[test]
fn serve_listens_on_127_0_0_1_by_default_and_warns_when_bound_elsewhere() {
    let site = valid_site();
    let (address, stderr) = serve_once(&site, &[]);
    assert!(address.starts_with("http://127.0.0.1:"), "{address}");
    #[cfg(target_os = "linux")]
    assert!(address.ends_with(" 0100007F"), "listening on {address}");
    assert!(
        !stderr.contains("reachable from other machines"),
        "{stderr}"
    );

    // Every address: the server says so (only 127.0.0.1 is spoken to here).
    let (address, stderr) = serve_once(&site, &["--bind", "0.0.0.0"]);
    #[cfg(target_os = "linux")]
    assert!(address.ends_with(" 00000000"), "listening on {address}");
    assert!(
        stderr.contains(
            "warning: serving on 0.0.0.0 makes the preview reachable from other machines"
        ),
        "{stderr}"
    );
}

#[test]
fn absolute_encoded_and_linked_paths_out_of_the_site_get_404() {
    let site = valid_site();
    let outside = tempfile::tempdir().expect("temp");
    std::fs::write(outside.path().join("secret.txt"), "secret").expect("write");
    let server = Server::start(&site, &[]);
    // A folder of static/ that is a link to a folder outside the site, and a link to a file
    // of the site outside static/, made once the site is served (the build then fails on the
    // first: see output.rs).
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.path(), site.path().join("static/outside"))
            .expect("symlink");
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            site.path().join("content/secret.txt"),
        )
        .expect("symlink");
    }
    let absolute_form = format!("http://{}/../site.yaml", server.host);
    let outside_file = format!("{}/secret.txt", outside.path().display());
    for path in [
        absolute_form.as_str(),
        outside_file.as_str(),
        "/%2Fetc%2Fpasswd",
        "/%2fetc/passwd",
        "/C:/Windows/win.ini",
        "/C:%5CWindows%5Cwin.ini",
        "/fr/%5c..%5c..%5csite.yaml",
        "/fr/.%2e/.%2e/site.yaml",
        "/%252e%252e/site.yaml",
        "/.%00./site.yaml",
        "/outside/secret.txt",
        "/content/secret.txt",
        "/static/outside/secret.txt",
        "/fr/../../../../../../etc/passwd",
        "/./site.yaml",
        "/~/.bashrc",
    ] {
        let (status, _, body) = raw_get(&server.host, path);
        assert!(status == 404 || status == 400, "{path}: {status}");
        let body = String::from_utf8_lossy(&body);
        assert!(
            !body.contains("secret") && !body.contains("base_url") && !body.contains("root:"),
            "{path} leaked"
        );
    }
    // The server is still there and serves the site.
    assert_eq!(server.get("fr/").0, 200);
}

/// Sends a signal (`INT`, `TERM`) to a process.
#[cfg(unix)]
fn send_signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{name} failed");
}

/// Waits (up to [`PATIENCE`], which only detects a hang) for the process to end.
fn ends(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(status) = child.try_wait().expect("status") {
            return status;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_and_sigterm_stop_the_server_while_a_page_listens_for_reloads() {
    let site = valid_site();
    for signals in [&["INT"][..], &["INT", "INT"], &["TERM"]] {
        // `start` keeps a live-reload stream open, as an open page does.
        let mut server = Server::start(&site, &[]);
        assert_eq!(server.get("fr/").0, 200);
        let late = server.start_events_only();
        for name in signals {
            send_signal(&server.child, name);
        }
        let status = ends(&mut server.child);
        assert_eq!(status.code(), Some(0), "{signals:?}: {status}");
        drop(late);
    }
}

#[test]
fn requests_addressed_to_another_host_are_refused() {
    let site = valid_site();
    let server = Server::start(&site, &["--allow-host", "Preview.Example"]);
    let port = server.host.rsplit(':').next().expect("port").to_string();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
    ] {
        let (status, _, body) = request_to(&server.host, Some(&host), "/fr/");
        let text = String::from_utf8_lossy(&body);
        assert_eq!(status, 403, "{host}: {text}");
        assert!(
            text.contains(&format!("addressed to `{host}`"))
                && text.contains(&server.url)
                && text.contains("--allow-host"),
            "{text}"
        );
        assert!(!text.contains("<html"), "{host}: the page leaked");
    }
    // The live-reload stream and script too; an absolute-form request names its own host.
    for (host, target) in [
        ("evil.example", "/__fiche/events"),
        ("evil.example", "/__fiche/livereload.js"),
        (server.host.as_str(), "http://evil.example/fr/"),
    ] {
        let (status, _, _) = request_to(&server.host, Some(host), target);
        assert_eq!(status, 403, "{target}");
    }
    assert_eq!(request_to(&server.host, None, "/fr/").0, 403, "no Host");
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_string(),
        format!("docs.localhost:{port}"),
        format!("preview.example:{port}"),
        // Through a forwarded port: the port is not checked, only the name.
        "127.0.0.1:8080".to_string(),
    ] {
        let (status, head, _) = request_to(&server.host, Some(&host), "/fr/");
        assert_eq!(status, 200, "{host}: {head}");
    }
}

#[test]
fn an_idle_connection_is_closed_but_the_live_reload_stream_is_kept() {
    let site = valid_site();
    let server = Server::start(&site, &[]);
    // A connection that never sends a request is closed by the server (after 10 s).
    let mut idle = TcpStream::connect(&server.host).expect("connect");
    idle.set_read_timeout(Some(PATIENCE)).expect("timeout");
    let mut buffer = [0u8; 64];
    let read = idle.read(&mut buffer);
    assert!(
        matches!(read, Ok(0))
            || read
                .as_ref()
                .is_err_and(|e| e.kind() != std::io::ErrorKind::WouldBlock
                    && e.kind() != std::io::ErrorKind::TimedOut),
        "the idle connection was kept: {read:?}"
    );
    // The live-reload stream, opened before and silent since, still carries news.
    replace_in(
        &site,
        "content/programmes/el-paccto.en.md",
        "title: EL PAcCTO 2.0",
        "title: EL PAcCTO Kept",
    );
    server.wait_for_reload_of("en/programmes/el-paccto/index.html");
}

#[test]
fn a_template_that_loops_for_ever_shows_its_error_and_the_next_save_is_served() {
    let site = site_with_its_own_theme();
    let server = Server::start(&site, &[]);
    let rel = "themes/default/templates/base.html";
    let good = site.read(rel);
    site.write(
        rel,
        good.replacen(
            "</footer>",
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}</footer>",
            1,
        ),
    );
    // (A save caught half written may give a syntax error first.)
    let (_, data) = server.wait_for(|event, data| {
        event == "error"
            && data["message"]
                .as_str()
                .is_some_and(|m| m.contains("more than 1 million numbers with `range`"))
    });
    let message = data["message"].as_str().expect("a message");
    assert!(
        message.contains("themes/default/templates/base.html:"),
        "{message}"
    );
    // The last good pages stay served meanwhile.
    assert_eq!(server.get("fr/").0, 200);
    // The rebuild is over: the next save is built and shown.
    site.write(
        rel,
        good.replacen("</footer>", "<p>Loop gone</p></footer>", 1),
    );
    server.wait_for(|event, _| event == "fixed");
    server.eventually("fr/", |s, b| s == 200 && b.contains("Loop gone"));
}

#[test]
fn serve_without_site_yaml_says_what_is_missing_and_exits_2() {
    let empty = tempfile::tempdir().expect("temp");
    let output = Command::cargo_bin("fiche")
        .expect("fiche binary")
        .args(["serve", "--port", "0"])
        .current_dir(empty.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("fiche serve runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("no site.yaml in .") && stderr.contains("fiche init"),
        "{stderr}"
    );
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains("Serving"),
        "it served"
    );
}

#[test]
fn warnings_are_printed_in_the_terminal_and_never_shown_as_the_error_overlay() {
    let site = valid_site();
    replace_in(
        &site,
        "content/programmes/el-paccto.fr.md",
        "status: completed",
        "status: ongoing",
    );
    let (_, stderr) = serve_once(&site, &[]);
    assert!(
        stderr.contains(
            "warning: `status`: the programme is `ongoing`, but its end (2025-12-31) is past"
        ) && stderr.contains("content/programmes/el-paccto.fr.md:4:9"),
        "{stderr}"
    );

    // A save that brings a warning reloads the page, as any good save does.
    let server = Server::start(&site, &[]);
    replace_in(
        &site,
        "content/programmes/el-paccto.fr.md",
        "amount: 58800000",
        "amount: 58800000000",
    );
    let (event, _) = server.wait_for(|event, data| {
        event == "error"
            || (event == "reload"
                && paths(data)
                    .iter()
                    .any(|p| p == "fr/programmes/el-paccto/index.html"))
    });
    assert_eq!(event, "reload", "a warning is no error");
    server.eventually("fr/programmes/el-paccto/", |s, b| {
        s == 200 && !b.contains("fiche-error-overlay") && b.contains("58,8")
    });
}
