//! Checks in a real browser: Debian's Chromium, driven by playwright-core through
//! `tests/browser/probe.mjs`, over pages served by a real HTTP server from a sub-path.
//! axe-core finds no WCAG 2.1 A/AA violation on any kind of page, in every language of the
//! demo site and of the Arabic fixture; the filters narrow the list and keep their state in
//! the address; the language switcher goes to the translation; a long fact sheet prints on at
//! most two A4 pages; the shared world map colours a page's countries; maps frame their
//! countries (across the antimeridian too), link them for the keyboard, and the home map
//! follows the filters' `fiche:filtered` event.
//!
//! Run by `.ci/run`, which installs Chromium (Debian) and playwright-core and axe-core (npm).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::harness::{Site, fixture, repo, tool_missing};

/// Sites are served from here, as from a host that publishes them under a sub-path.
const SUB_PATH: &str = "/sub/path/";

/// What the browser tests need: node, playwright-core and axe-core, and Chromium.
pub(crate) struct Browser {
    pub(crate) node_modules: PathBuf,
    chromium: PathBuf,
}

impl Browser {
    /// Finds the tools (`FICHE_NODE_MODULES`, else `.ci/tools/node_modules`; `FICHE_CHROMIUM`,
    /// else `/usr/bin/chromium`). `None` when one is missing and `FICHE_SKIP_EXTERNAL=1`.
    #[track_caller]
    pub(crate) fn find() -> Option<Browser> {
        let env_path = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        let node_modules = env_path("FICHE_NODE_MODULES")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo().join(".ci/tools/node_modules"));
        let chromium = env_path("FICHE_CHROMIUM")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
        let mut problems = Vec::new();
        match Command::new("node").arg("--version").output() {
            Ok(out) if out.status.success() => {}
            _ => problems.push("no `node` on the PATH".to_string()),
        }
        for package in ["playwright-core", "axe-core"] {
            if !node_modules.join(package).join("package.json").is_file() {
                problems.push(format!("no {package} in {}", node_modules.display()));
            }
        }
        if !chromium.is_file() {
            problems.push(format!("no Chromium at {}", chromium.display()));
        }
        if problems.is_empty() {
            return Some(Browser {
                node_modules,
                chromium,
            });
        }
        tool_missing(
            "Chromium with playwright-core and axe-core",
            &problems,
            "`apt-get install chromium nodejs npm`, then, in the repository, \
             `npm install --prefix .ci/tools --ignore-scripts playwright-core axe-core` \
             (or point FICHE_CHROMIUM at a Chromium and FICHE_NODE_MODULES at a node_modules \
             folder holding both)",
        );
        None
    }

    /// Runs one task of `probe.mjs` and returns what it saw.
    #[track_caller]
    fn probe(&self, task: Value) -> Value {
        self.run("probe.mjs", task)
    }

    /// Runs one task of the script `tests/browser/<script>` and returns what it saw.
    #[track_caller]
    pub(crate) fn run(&self, script: &str, task: Value) -> Value {
        let input = json!({
            "tools": self.node_modules,
            "chromium": self.chromium,
            "task": task,
        });
        let output = Command::new("node")
            .arg(repo().join("tests/browser").join(script))
            .arg(input.to_string())
            .output()
            .expect("node runs");
        assert!(
            output.status.success(),
            "{script} failed on {task}:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "{script} printed no JSON ({e}): {}",
                String::from_utf8_lossy(&output.stdout)
            )
        })
    }
}

/// Serves `dir` at `http://127.0.0.1:<port>/sub/path/` until the test ends, the way a static
/// host does: a folder's `index.html`, `404.html` with status 404 for what is not there.
pub(crate) fn serve(dir: &Path) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("address").port();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || answer(stream, &dir));
        }
    });
    format!("http://127.0.0.1:{port}{SUB_PATH}")
}

fn answer(mut stream: TcpStream, dir: &Path) {
    let Ok(clone) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(clone);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(n) if n > 2 => {}
            _ => break,
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
    let file = path
        .strip_prefix(SUB_PATH)
        .filter(|rel| !rel.split('/').any(|part| part == ".."))
        .map(|rel| {
            let file = dir.join(rel);
            if file.is_dir() {
                file.join("index.html")
            } else {
                file
            }
        })
        .filter(|file| file.is_file());
    let (status, file) = match file {
        Some(file) => ("200 OK", file),
        None => ("404 Not Found", dir.join("404.html")),
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let kind = match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The demo site with drafts, built for a sub-path.
fn build_demo() -> Site {
    let site = Site::from_layers(&[]);
    let root = repo().display().to_string();
    let output = site.path().join("public").display().to_string();
    site.run(&[
        "build",
        "--root",
        &root,
        "--output",
        &output,
        "--drafts",
        "--base-url",
        "https://example.org/sub/path/",
    ])
    .success();
    site
}

fn build_arabic() -> Site {
    let site = Site::from_layers(&[fixture("arabic")]);
    site.run(&[
        "build",
        "--drafts",
        "--base-url",
        "https://example.org/sub/path/",
    ])
    .success();
    site
}

/// The demo site and the Arabic fixture, built and served, and the addresses of the pages
/// `pages` picks in each (the sites are kept while the test runs).
fn served_sites(pages: fn(&Path) -> Vec<String>) -> ([Site; 2], Vec<String>) {
    let sites = [build_demo(), build_arabic()];
    let mut urls = Vec::new();
    for site in &sites {
        let public = site.path().join("public");
        let base = serve(&public);
        urls.extend(pages(&public).into_iter().map(|p| format!("{base}{p}")));
    }
    (sites, urls)
}

/// One page of each kind in each language of the site in `public`: the home page, the
/// language's 404 page, and for each folder of a language (a section such as `countries/`,
/// or a plain page) its own page and the first page inside it (a country, a fact sheet…);
/// then the root and the root 404 page.
fn page_of_each_kind(public: &Path) -> Vec<String> {
    let sorted = |dir: &Path| -> Vec<PathBuf> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        entries
    };
    let rel = |p: &Path| {
        p.strip_prefix(public)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut pages = vec![String::new(), "404.html".to_string()];
    for lang in sorted(public) {
        if !lang.join("search-index").is_dir() {
            continue;
        }
        pages.push(format!("{}/", rel(&lang)));
        if lang.join("404.html").is_file() {
            pages.push(format!("{}/404.html", rel(&lang)));
        }
        for section in sorted(&lang).into_iter().filter(|p| p.is_dir()) {
            if section.join("index.html").is_file() {
                pages.push(format!("{}/", rel(&section)));
            }
            if let Some(inner) = sorted(&section)
                .into_iter()
                .find(|p| p.join("index.html").is_file())
            {
                pages.push(format!("{}/", rel(&inner)));
            }
        }
    }
    pages
}

#[test]
#[ignore = "needs Chromium, playwright-core and axe-core; run by .ci/run"]
fn axe_finds_no_wcag_violation_on_any_kind_of_page_in_any_language() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let (_sites, urls) = served_sites(page_of_each_kind);
    assert!(urls.len() > 60, "too few pages to check: {urls:?}");
    let results = browser.probe(json!({"kind": "axe", "urls": urls}));
    let mut failures = Vec::new();
    for r in results.as_array().expect("a list") {
        let where_ = format!("{} at {} px", r["url"], r["width"]);
        if r["status"] != 200 && !r["url"].as_str().unwrap_or("").ends_with("404.html") {
            failures.push(format!("{where_}: HTTP status {}", r["status"]));
        }
        for e in r["errors"].as_array().into_iter().flatten() {
            failures.push(format!("{where_}: script error {e}"));
        }
        for v in r["violations"].as_array().into_iter().flatten() {
            failures.push(format!(
                "{where_}: {} ({}): {}\n    {}",
                v["id"],
                v["impact"],
                v["help"],
                v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|n| n.as_str().unwrap_or("").to_string())
                    .collect::<Vec<_>>()
                    .join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "axe-core found {} problem(s) in {} page loads:\n{}",
        failures.len(),
        results.as_array().map_or(0, Vec::len),
        failures.join("\n")
    );
}

/// The terms of a home page's menu (`country`, `status`…) with the number of programmes the
/// page says each has, as its `<option data-count>` elements give them.
fn menu(site: &Site, lang: &str, facet: &str) -> Vec<(String, usize)> {
    let home = scraper::Html::parse_document(&site.read(&format!("public/{lang}/index.html")));
    let options =
        scraper::Selector::parse(&format!("#finder-{facet} option[data-count]")).expect("selector");
    home.select(&options)
        .map(|o| {
            let count = o.value().attr("data-count").and_then(|c| c.parse().ok());
            (
                o.value().attr("value").unwrap_or("").to_string(),
                count.expect("a count"),
            )
        })
        .collect()
}

/// How many programmes a language's home page lists, from its `data-total`.
fn total(site: &Site, lang: &str) -> usize {
    let home = site.read(&format!("public/{lang}/index.html"));
    let at = home.find("data-total=\"").expect("data-total") + "data-total=\"".len();
    home[at..]
        .split('"')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a number")
}

#[test]
#[ignore = "needs Chromium and playwright-core; run by .ci/run"]
fn filters_narrow_the_list_and_keep_their_state_in_the_address() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let demo = build_demo();
    let base = serve(&demo.path().join("public"));
    let all = total(&demo, "en");
    // A country with some programmes but not all.
    let (country, with_country) = menu(&demo, "en", "country")
        .into_iter()
        .find(|(_, n)| (1..all).contains(n))
        .expect("a country with some programmes");
    // A word of some titles; the search finds it in bodies too, so at least those.
    let word = "pacific";
    let english: Vec<String> = std::fs::read_dir(repo().join("content/programmes"))
        .expect("content")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".en.md"))
        .map(|e| {
            std::fs::read_to_string(e.path())
                .expect("text")
                .to_lowercase()
        })
        .collect();
    let in_titles = english
        .iter()
        .filter(|t| {
            t.lines()
                .any(|l| l.starts_with("title:") && l.contains(word))
        })
        .count();
    let anywhere = english.iter().filter(|t| t.contains(word)).count();
    assert!((1..all).contains(&in_titles));

    let seen = browser.probe(json!({
        "kind": "filters", "url": format!("{base}en/"), "country": country, "text": word,
    }));
    let n = |key: &str| seen[key].as_u64().unwrap_or(u64::MAX) as usize;
    let url = |key: &str| seen[key].as_str().unwrap_or("").to_string();
    assert_eq!(seen["errors"], json!([]), "{seen}");
    assert_eq!(
        seen["links_hidden"], true,
        "the links give way to the form: {seen}"
    );
    assert_eq!(n("before"), all, "{seen}");
    assert_eq!(n("after_country"), with_country, "{seen}");
    assert!(
        url("url_after_country").ends_with(&format!("/sub/path/en/?country={country}")),
        "{seen}"
    );
    assert_eq!(seen["live"], "polite", "{seen}");
    assert!(
        seen["status_after_country"]
            .as_str()
            .is_some_and(|s| s.contains(&with_country.to_string())),
        "the count is announced: {seen}"
    );
    assert!(
        (in_titles..=anywhere).contains(&n("after_text")),
        "{in_titles} to {anywhere}: {seen}"
    );
    assert!(url("url_after_text").ends_with("?q=pacific"), "{seen}");
    assert_eq!(seen["text_after_reload"], word, "{seen}");
    assert_eq!(n("after_reload"), n("after_text"), "{seen}");
    assert_eq!(n("after_reset"), all, "{seen}");
    assert!(url("url_after_reset").ends_with("/sub/path/en/"), "{seen}");
}

/// Searches `typed` on `lang`'s home page and checks that it finds the one programme whose
/// body (not its title or summary) holds `word`, with an excerpt marking the word.
fn finds_a_word_only_in_a_body(
    browser: &Browser,
    site: &Site,
    lang: &str,
    (typed, word): (&str, &str),
    title: &str,
) {
    let base = serve(&site.path().join("public"));
    let seen =
        browser.probe(json!({"kind": "search", "url": format!("{base}{lang}/"), "text": typed}));
    assert_eq!(seen["errors"], json!([]), "{seen}");
    assert_eq!(seen["titles"], json!([title]), "{seen}");
    let excerpt = seen["excerpts"][0].as_str().unwrap_or("");
    assert!(excerpt.contains(word), "the excerpt shows the word: {seen}");
    // The word is marked without the punctuation around it.
    let marks: Vec<&str> = seen["marks"]
        .as_array()
        .expect("marks")
        .iter()
        .filter_map(|m| m.as_str())
        .map(|m| m.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    assert_eq!(marks, [word], "{seen}");
}

#[test]
#[ignore = "needs Chromium and playwright-core; run by .ci/run"]
fn search_finds_a_word_only_in_a_body_in_french_and_in_arabic_with_an_excerpt() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let demo = build_demo();
    // In the body of the Lake Victoria fact sheet only (its list of activities).
    let sheet =
        std::fs::read_to_string(repo().join("content/programmes/lake-victoria-fisheries.fr.md"))
            .expect("fact sheet");
    let (front, body) = sheet[3..].split_once("\n---").expect("front matter");
    assert!(!front.contains("débarquement") && body.contains("débarquement"));
    let lake = "Lac Victoria : une pêche légale et durable";
    finds_a_word_only_in_a_body(
        &browser,
        &demo,
        "fr",
        ("débarquement", "débarquement"),
        lake,
    );
    // Whatever the case and the accents, and from the word's beginning.
    finds_a_word_only_in_a_body(&browser, &demo, "fr", ("DEBARQUEM", "débarquement"), lake);
    // And the word's other forms: only the plural is in the text.
    let caribbean = "Justice pour les survivantes dans les Caraïbes";
    finds_a_word_only_in_a_body(&browser, &demo, "fr", ("tribunal", "tribunaux"), caribbean);
    // "approval", in a draft's body only.
    let arabic = build_arabic();
    finds_a_word_only_in_a_body(
        &browser,
        &arabic,
        "ar",
        ("مصادقة", "مصادقة"),
        "تسوية نزاعات المياه في وادي النيل",
    );
}

#[test]
#[ignore = "needs Chromium and playwright-core; run by .ci/run"]
fn after_choosing_a_country_every_menu_and_the_heading_count_its_programmes() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let demo = build_demo();
    let base = serve(&demo.path().join("public"));
    let seen = browser.probe(json!({
        "kind": "filter_counts", "url": format!("{base}en/"), "country": "BR",
    }));
    assert_eq!(seen["errors"], json!([]), "{seen}");
    // What the Brazil page lists: its programmes' statuses, counted.
    let page = scraper::Html::parse_document(&demo.read("public/en/countries/brazil/index.html"));
    let cards = scraper::Selector::parse("main article.card .status").expect("selector");
    let mut statuses: std::collections::BTreeMap<String, usize> = Default::default();
    for status in page.select(&cards) {
        *statuses.entry(status.text().collect()).or_default() += 1;
    }
    let brazil: usize = statuses.values().sum();
    assert!(brazil > 0 && brazil < total(&demo, "en"));
    let mut shown: Vec<String> = seen["menus"]["status"]
        .as_array()
        .expect("status menu")
        .iter()
        .map(|o| o.as_str().unwrap_or("").to_string())
        .collect();
    shown.sort();
    let expected: Vec<String> = statuses.iter().map(|(s, n)| format!("{s} ({n})")).collect();
    assert_eq!(shown, expected, "{seen}");
    let heading = seen["heading"].as_str().unwrap_or("");
    let says = if brazil == 1 {
        "1 programme".to_string()
    } else {
        format!("{brazil} programmes")
    };
    assert!(heading.ends_with(&says), "{heading}: {seen}");
    assert_eq!(seen["cards"], brazil, "{seen}");
    // The country menu keeps Brazil and the countries Brazil's programmes share.
    assert!(
        seen["menus"]["country"]
            .as_array()
            .is_some_and(|c| c.iter().any(|o| o == &json!(format!("Brazil ({brazil})")))),
        "{seen}"
    );
    // The map's contract: once on load, then once for Brazil.
    let events = seen["events"].as_array().expect("events");
    assert_eq!(events.len(), 2, "{seen}");
    assert_eq!(events[0]["total"], total(&demo, "en"), "{seen}");
    assert_eq!(events[1]["total"], brazil, "{seen}");
    assert_eq!(events[1]["countries"]["BR"], brazil, "{seen}");
}

#[test]
#[ignore = "needs Chromium and playwright-core; run by .ci/run"]
fn on_a_phone_the_menus_fold_behind_one_button_that_counts_the_active_ones() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let demo = build_demo();
    let base = serve(&demo.path().join("public"));
    let seen = browser.probe(json!({
        "kind": "folded", "url": format!("{base}en/"), "width": 390, "country": "BR",
    }));
    assert_eq!(seen["errors"], json!([]), "{seen}");
    assert_eq!(seen["toggle_visible"], true, "{seen}");
    assert_eq!(seen["menus_visible_before"], false, "{seen}");
    assert_eq!(seen["expanded_before"], "false", "{seen}");
    assert_eq!(seen["toggle_before"], "Filters", "{seen}");
    assert_eq!(seen["menus_visible_open"], true, "{seen}");
    assert_eq!(seen["expanded_open"], "true", "{seen}");
    assert_eq!(seen["menus_visible_after"], false, "{seen}");
    assert_eq!(seen["toggle_after"], "Filters (1 active)", "{seen}");
    assert_eq!(seen["page_width"], 390, "{seen}");
    // On a desktop the menus are open and the button is not there.
    let wide = browser.probe(json!({
        "kind": "folded", "url": format!("{base}en/"), "width": 1280, "country": "BR",
    }));
    assert_eq!(wide["toggle_visible"], false, "{wide}");
    assert_eq!(wide["menus_visible_before"], true, "{wide}");
}

#[test]
#[ignore = "needs Chromium and playwright-core; run by .ci/run"]
fn language_switcher_goes_to_the_translation() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let demo = build_demo();
    let base = serve(&demo.path().join("public"));
    let seen = browser.probe(json!({
        "kind": "switch_language",
        "url": format!("{base}en/programmes/el-paccto-2/"),
        "to": "es",
    }));
    // The Spanish version has an address of its own (`slug: pacto-el`).
    assert_eq!(
        seen["url"],
        format!("{base}es/programas/pacto-el/"),
        "{seen}"
    );
    assert_eq!((&seen["lang"], &seen["dir"]), (&json!("es"), &json!("ltr")));

    // From right-to-left Arabic to French.
    let arabic = build_arabic();
    let base = serve(&arabic.path().join("public"));
    let seen =
        browser.probe(json!({"kind": "switch_language", "url": format!("{base}ar/"), "to": "fr"}));
    assert_eq!(seen["url"], format!("{base}fr/"), "{seen}");
    assert_eq!((&seen["lang"], &seen["dir"]), (&json!("fr"), &json!("ltr")));
}

#[test]
#[ignore = "needs Chromium and playwright-core; run by .ci/run"]
fn long_fact_sheet_prints_on_at_most_two_a4_pages_with_its_facts_map_and_link_addresses() {
    let Some(browser) = Browser::find() else {
        return;
    };
    // A long fact sheet (some 800 words, with a table, lists, an image, links and six
    // countries), in the small test site.
    let site = Site::from_layers(&[fixture("valid"), fixture("long-fiche")]);
    site.run(&["build", "--base-url", "https://example.org/sub/path/"])
        .success();
    let base = serve(&site.path().join("public"));
    let slug = "court-modernisation";
    let words = site
        .read(&format!("content/programmes/{slug}.en.md"))
        .split_whitespace()
        .count();
    assert!(words > 800, "{words} words: not a long fact sheet");
    let seen =
        browser.probe(json!({"kind": "print", "url": format!("{base}en/programmes/{slug}/")}));
    let pages = seen["pages"].as_u64().unwrap_or(0);
    assert!(
        (1..=2).contains(&pages),
        "`{slug}` ({words} words) prints on {pages} A4 pages: {seen}"
    );
    assert_eq!(seen["nav_shown"], false, "{seen}");
    assert_eq!(seen["languages_shown"], false, "{seen}");
    assert_eq!(seen["facts_shown"], true, "{seen}");
    assert_eq!(seen["body_shown"], true, "{seen}");
    let href = seen["link_href"]
        .as_str()
        .expect("an outside link in the body");
    assert!(
        seen["link_after"]
            .as_str()
            .is_some_and(|a| a.contains(href)),
        "a link's address is printed after it: {seen}"
    );
    let map = seen["map_box"].as_array().expect("a map in print");
    assert!(
        map.iter().all(|v| v.as_f64().unwrap_or(0.0) > 50.0),
        "{seen}"
    );
}

#[test]
#[ignore = "needs Chromium and playwright-core; run by .ci/run"]
fn shared_world_map_colours_the_pages_countries_from_a_sub_path() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let demo = build_demo();
    let base = serve(&demo.path().join("public"));
    // The theme's accent (#b3541e) marks a fact sheet's countries; the map's land and sea are
    // greys and blues, so only those countries have it.
    for page in ["en/programmes/el-paccto-2/", "fr/pays/bresil/"] {
        let seen = browser.probe(json!({
            "kind": "map_pixels", "url": format!("{base}{page}"), "colour": [0xb3, 0x54, 0x1e],
        }));
        let share = seen["share"].as_f64().unwrap_or(0.0);
        assert!(
            share > 0.005,
            "{page}: the map shows its countries in the accent colour on {:.2}% of it: {seen}",
            share * 100.0
        );
    }
}

/// A box on screen: `[left, top, right, bottom]`.
fn screen_box(v: &Value) -> [f64; 4] {
    let n = |i: usize| v[i].as_f64().unwrap_or(f64::NAN);
    [n(0), n(1), n(2), n(3)]
}

fn inside(inner: [f64; 4], outer: [f64; 4]) -> bool {
    inner[0] >= outer[0] - 0.5
        && inner[1] >= outer[1] - 0.5
        && inner[2] <= outer[2] + 0.5
        && inner[3] <= outer[3] + 0.5
}

/// The share of `inner`'s area that lies in `outer`.
fn overlap(inner: [f64; 4], outer: [f64; 4]) -> f64 {
    let w = (inner[2].min(outer[2]) - inner[0].max(outer[0])).max(0.0);
    let h = (inner[3].min(outer[3]) - inner[1].max(outer[1])).max(0.0);
    let area = (inner[2] - inner[0]) * (inner[3] - inner[1]);
    if area > 0.0 { w * h / area } else { 0.0 }
}

/// What a page's map shows, with every country link's marker inside the map's box on screen
/// and every country at least partly in it; the viewBox's width in map units.
#[track_caller]
fn map_shows_all_its_countries(browser: &Browser, url: &str, codes: usize) -> (Value, f64) {
    let seen = browser.probe(json!({"kind": "map_frame", "url": url}));
    assert_eq!(seen["errors"], json!([]), "{url}: {seen}");
    let svg = screen_box(&seen["svg"]);
    let places = seen["places"].as_array().expect("places");
    assert_eq!(places.len(), codes, "{url}: {seen}");
    for place in places {
        let code = &place["code"];
        assert!(place["label"].as_str().is_some_and(|l| !l.is_empty()));
        if !place["marker"].is_null() {
            assert!(
                inside(screen_box(&place["marker"]), svg),
                "{url}: {code}'s marker is outside the map: {place}"
            );
        } else {
            let share = overlap(screen_box(&place["box"]), svg);
            assert!(share > 0.5, "{url}: {code} is {share} in the map: {place}");
        }
    }
    let width = seen["view_box"]
        .as_str()
        .and_then(|v| v.split(' ').nth(2))
        .and_then(|w| w.parse::<f64>().ok())
        .expect("a viewBox");
    (seen, width)
}

/// Every page of `public` (each `.html` file), as addresses relative to it; but the
/// redirect pages of `aliases:`, which leave for their target at once (it is on the list).
fn every_page(public: &Path) -> Vec<String> {
    let mut pages = Vec::new();
    let mut folders = vec![public.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "html")
                && !std::fs::read_to_string(&path)
                    .is_ok_and(|page| page.contains(r#"http-equiv="refresh""#))
            {
                let rel = path.strip_prefix(public).expect("inside");
                let rel = rel.to_string_lossy().replace('\\', "/");
                pages.push(rel.trim_end_matches("index.html").to_string());
            }
        }
    }
    pages.sort();
    pages
}

#[test]
#[ignore = "needs Chromium and playwright-core; run by .ci/run"]
fn maps_frame_the_pacific_a_region_and_a_large_country() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let demo = build_demo();
    let base = serve(&demo.path().join("public"));
    // The maps are 1000 units wide; the whole world is the Greenwich one's full viewBox.
    let world = 1000.0;

    // Eleven countries from Palau (134° E) to Samoa (172° W): across the antimeridian.
    let url = format!("{base}en/programmes/blue-pacific/");
    let (seen, width) = map_shows_all_its_countries(&browser, &url, 11);
    assert!(
        seen["href"]
            .as_str()
            .is_some_and(|h| h.ends_with("map/pacific.svg#world")),
        "{seen}"
    );
    assert!(width < world / 2.0, "not the world: {seen}");
    let marked = seen["places"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| !p["marker"].is_null())
        .count();
    assert!(marked >= 5, "small islands get markers: {seen}");

    // Polynesia: the demo's programmes are in two of its countries.
    let url = format!("{base}en/regions/polynesia/");
    let (seen, width) = map_shows_all_its_countries(&browser, &url, 2);
    assert!(width < world / 2.0, "not the world: {seen}");

    // A large country fills much of its map.
    let url = format!("{base}en/countries/brazil/");
    let (seen, width) = map_shows_all_its_countries(&browser, &url, 1);
    assert!(width < world / 2.0, "{seen}");
    let svg = screen_box(&seen["svg"]);
    let brazil = screen_box(&seen["places"][0]["box"]);
    let share =
        (brazil[2] - brazil[0]) * (brazil[3] - brazil[1]) / ((svg[2] - svg[0]) * (svg[3] - svg[1]));
    assert!(
        share > 0.2 && share <= 1.0,
        "Brazil takes {share} of its map: {seen}"
    );
}

#[test]
#[ignore = "needs Chromium and playwright-core; run by .ci/run"]
fn map_countries_are_links_reachable_by_keyboard() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let demo = build_demo();
    let base = serve(&demo.path().join("public"));
    let seen = browser.probe(json!({
        "kind": "map_keyboard", "url": format!("{base}en/programmes/blue-pacific/"),
    }));
    assert_eq!(seen["errors"], json!([]), "{seen}");
    let focused = seen["focused"].as_array().expect("focused");
    assert_eq!(focused.len(), 3, "Tab reaches the map's links: {seen}");
    for link in focused {
        assert_eq!(link["tag"], "a", "{seen}");
        assert!(
            link["label"].as_str().is_some_and(|l| !l.is_empty()),
            "{seen}"
        );
    }
    assert_eq!(focused[0]["label"], "Fiji", "{seen}");
    assert_eq!(
        seen["url_after_enter"],
        format!("{base}en/countries/fiji/"),
        "Enter follows the link: {seen}"
    );

    // The home map, with a link per country with programmes (hundreds on a large site), is
    // one Tab stop: the arrow keys go from country to country.
    let seen = browser.probe(json!({"kind": "map_arrows", "url": format!("{base}en/")}));
    assert_eq!(seen["errors"], json!([]), "{seen}");
    let links = seen["links"].as_array().expect("links");
    assert!(links.len() > 3, "{seen}");
    assert_eq!(
        seen["first"], links[0],
        "Tab enters at the first country: {seen}"
    );
    assert_eq!(seen["right"], links[1], "{seen}");
    assert_eq!(seen["end"], links[links.len() - 1], "{seen}");
    assert_eq!(seen["after_tab"], Value::Null, "Tab leaves the map: {seen}");
}

#[test]
#[ignore = "needs Chromium and playwright-core; run by .ci/run"]
fn home_map_recolours_on_a_filtered_event() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let demo = build_demo();
    let base = serve(&demo.path().join("public"));
    // The demo's home map has two classes (1, and 2 programmes: the darkest shade). Fiji,
    // with one programme, is small: its marker shows its shade.
    let seen = browser.probe(json!({
        "kind": "map_recolour", "url": format!("{base}en/"), "code": "FJ",
        "detail": {"countries": {"FJ": 2, "BR": 1}, "total": 3},
    }));
    assert_eq!(seen["errors"], json!([]), "{seen}");
    assert_eq!(seen["before"]["property"], "var(--map-1)", "{seen}");
    assert_eq!(seen["before"]["label"], "Fiji (1 programme)", "{seen}");
    assert_eq!(seen["after"]["property"], "var(--map-5)", "{seen}");
    assert_eq!(seen["after"]["label"], "Fiji (2 programmes)", "{seen}");
    assert_ne!(seen["after"]["colour"], seen["before"]["colour"], "{seen}");
    assert_eq!(
        seen["after"]["legend"],
        json!(["1 programme", "2 programmes"]),
        "{seen}"
    );
    let spread = browser.probe(json!({
        "kind": "map_recolour", "url": format!("{base}en/"), "code": "FJ",
        "detail": {"countries": {"FJ": 1, "BR": 2, "CO": 3, "PE": 4, "MX": 5, "KE": 6}, "total": 9},
    }));
    assert_eq!(
        spread["after"]["legend"],
        json!([
            "1 programme",
            "2 programmes",
            "3 programmes",
            "4 programmes",
            "5–6 programmes"
        ]),
        "the legend follows the counts shown: {spread}"
    );
    // None left: the land's colour, and the count says so.
    assert_eq!(seen["none"]["property"], "", "{seen}");
    assert_eq!(seen["none"]["label"], "Fiji (0 programmes)", "{seen}");
    assert_ne!(seen["none"]["colour"], seen["before"]["colour"], "{seen}");
}

#[test]
#[ignore = "needs Chromium and playwright-core; run by .ci/run"]
fn no_page_is_wider_than_a_phone_at_320_and_390_px() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let (_sites, urls) = served_sites(every_page);
    assert!(urls.len() > 400, "too few pages to check: {}", urls.len());
    let results = browser.probe(json!({"kind": "overflow", "urls": urls, "widths": [320, 390]}));
    let results = results.as_array().expect("a list");
    assert_eq!(results.len(), urls.len() * 2, "every page at both widths");
    let offenders: Vec<String> = results
        .iter()
        .filter(|r| r["document_width"] != r["width"])
        .map(|r| {
            format!(
                "{} at {} px is {} px wide: {}",
                r["url"], r["width"], r["document_width"], r["wide"]
            )
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "{} of {} page loads are wider than the screen:\n{}",
        offenders.len(),
        results.len(),
        offenders.join("\n")
    );
}
