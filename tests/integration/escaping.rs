//! What users write never becomes markup or code in what fiche publishes.
//!
//! `tests/sites/hostile/` (laid over `tests/sites/base/`) puts the same text, [`P`]: a script
//! element, both kinds of quotes and an ampersand, into every text a user can write: the site's
//! title and description, the names, short names, descriptions and addresses of themes, donors
//! and partners, and every text field of a fact sheet and of a plain page. Each output is then
//! read back with a real parser of its format (scraper for HTML, serde_json, quick-xml, csv),
//! and must give back exactly what was written, as text.

use std::collections::BTreeSet;

use crate::harness::{Site, fixture, search_index};

/// What every text field of the hostile site holds.
const P: &str = r#"<script>alert("x")</script> & 'q' "dq""#;
/// What the addresses (links, data-file `url`s) hold.
const URL: &str = r#"https://example.org/?a=1&b="<x>""#;

fn hostile() -> Site {
    let site = Site::from_layers(&[fixture("base"), fixture("hostile")]);
    site.run(&["build"]).success();
    site
}

/// Every file under `public/` with one of the extensions, by path relative to it.
fn outputs(site: &Site, extensions: &[&str]) -> Vec<(String, String)> {
    let public = site.path().join("public");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&public).sort_by_file_name() {
        let entry = entry.expect("readable");
        let path = entry.path();
        if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e))
        {
            let rel = path
                .strip_prefix(&public)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(path).expect("UTF-8")));
        }
    }
    assert!(!out.is_empty(), "no {extensions:?} file in the output");
    out
}

#[test]
fn html_pages_show_every_field_as_text_and_run_no_script_of_the_user() {
    let site = hostile();
    let mut texts_seen = 0;
    for (rel, html) in outputs(&site, &["html"]) {
        // The markup of the payload never appears as markup…
        assert!(
            !html.contains("<script>alert("),
            "{rel}: the user's <script> is in the page as markup"
        );
        let doc = scraper::Html::parse_document(&html);
        let all = scraper::Selector::parse("*").expect("selector");
        for element in doc.select(&all) {
            let name = element.value().name();
            if name == "script" {
                let code: String = element.text().collect();
                assert!(
                    !code.contains("alert(\"x\")"),
                    "{rel}: a script element runs the user's text"
                );
            }
            for (attr, value) in element.value().attrs() {
                assert!(
                    !attr.starts_with("on"),
                    "{rel}: <{name} {attr}=\"{value}\"> is an event handler"
                );
                if attr == "href" || attr == "src" {
                    assert!(
                        !value.trim_start().to_lowercase().starts_with("javascript:"),
                        "{rel}: <{name} {attr}=\"{value}\">"
                    );
                }
            }
            // …and where it is shown, it reads back exactly as written.
            let own_text: String = element
                .children()
                .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                .collect();
            // JSON-LD holds it as JSON, read back in `structured.rs`.
            let json_ld = element.value().attr("type") == Some("application/ld+json");
            if own_text.contains("alert(") && !json_ld {
                assert!(
                    own_text.contains(P),
                    "{rel}: <{name}> shows `{own_text}`, not the field as written"
                );
                texts_seen += 1;
            }
        }
    }
    assert!(
        texts_seen > 100,
        "the payload was shown only {texts_seen} times"
    );

    // The fact sheet, field by field.
    let page = site.read("public/fr/programmes/hostile/index.html");
    let doc = scraper::Html::parse_document(&page);
    let one = |css: &str| -> scraper::ElementRef<'_> {
        let selector = scraper::Selector::parse(css).expect("selector");
        doc.select(&selector)
            .next()
            .unwrap_or_else(|| panic!("no `{css}` on the fact sheet"))
    };
    let text = |css: &str| one(css).text().collect::<String>().trim().to_string();
    assert_eq!(text("h1"), P, "the title");
    let title = text("title");
    assert!(
        title.starts_with(P) && title.ends_with(P),
        "the <title> is the page's then the site's title: {title}"
    );
    assert_eq!(
        one("meta[name=description]").attr("content"),
        Some(format!("=HYPERLINK(\"https://evil.example\") {P}").as_str()),
        "the summary in the description"
    );
    let image = one("main img");
    assert_eq!(image.attr("alt"), Some(P), "the image's alt text");
    let hrefs: Vec<&str> = doc
        .select(&scraper::Selector::parse("main a").expect("selector"))
        .filter(|a| a.text().collect::<String>().trim() == P)
        .filter_map(|a| a.attr("href"))
        .collect();
    assert!(
        hrefs.contains(&URL),
        "the link titled with the payload goes to {hrefs:?}, not to {URL}"
    );
    let mail = one("a[href^='mailto:']");
    assert_eq!(mail.attr("href"), Some("mailto:o'hara&co@example.org"));
}

/// Every string anywhere in a JSON value.
fn strings(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::String(s) => {
            out.insert(s.clone());
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

#[test]
fn json_files_are_valid_and_hold_every_field_as_written() {
    let site = hostile();
    let files = outputs(&site, &["json", "jsonld"]);
    // The search index's files are checked below: most hold no text of the site.
    for (rel, text) in files
        .iter()
        .filter(|(rel, _)| !rel.contains("/search-index/"))
    {
        let value: serde_json::Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{rel} is not valid JSON: {e}"));
        let mut found = BTreeSet::new();
        strings(&value, &mut found);
        assert!(
            found.iter().any(|s| s.contains(P)),
            "{rel} does not hold the hostile title as written"
        );
    }
    // The search index's fragments hold the title as written, and their card escaped as the
    // page's card is (the browser script inserts the card as HTML, the text as text).
    let (_, fragments) = search_index(&site, "en");
    assert!(
        fragments.iter().any(|f| f["title"] == P
            && f["card"]
                .as_str()
                .is_some_and(|c| c.contains("&lt;script&gt;alert") && !c.contains("<script>"))),
        "no search fragment holds the hostile title as written: {fragments:?}"
    );
    let data = files
        .iter()
        .find(|(rel, _)| rel == "data/programmes.json")
        .expect("data/programmes.json");
    let mut found = BTreeSet::new();
    strings(&serde_json::from_str(&data.1).expect("valid"), &mut found);
    for expected in [
        P.to_string(),
        format!("=HYPERLINK(\"https://evil.example\") {P}"),
        "XM-DAC-41302-<b>&\"'".to_string(),
        "o'hara&co@example.org".to_string(),
    ] {
        assert!(
            found.contains(&expected),
            "programmes.json lacks `{expected}`"
        );
    }
}

/// Reads an XML document with quick-xml to its end: every text run (with its entities
/// resolved) and every attribute value. Fails the test on any error of well-formedness.
fn read_xml(rel: &str, text: &str) -> (Vec<String>, Vec<String>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut texts = Vec::new();
    let mut attributes = Vec::new();
    let mut run = String::new();
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{rel} is not well-formed XML: {e}"));
        // Text comes in pieces around each `&…;`: glue them, then resolve the entities.
        match &event {
            Event::Text(t) => {
                run.push_str(t);
                continue;
            }
            Event::GeneralRef(r) => {
                run.push('&');
                run.push_str(r);
                run.push(';');
                continue;
            }
            _ => {}
        }
        if !run.is_empty() {
            let resolved = quick_xml::escape::unescape(&run)
                .unwrap_or_else(|e| panic!("{rel}: bad entity in `{run}`: {e}"));
            texts.push(resolved.into_owned());
            run.clear();
        }
        match event {
            Event::Start(e) | Event::Empty(e) => {
                for attr in e.attributes().with_checks(true) {
                    let attr = attr.unwrap_or_else(|e| panic!("{rel}: bad attribute: {e}"));
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap_or_else(|e| panic!("{rel}: bad attribute value: {e}"));
                    attributes.push(value.into_owned());
                }
            }
            Event::CData(c) => texts.push(c.to_string()),
            Event::Eof => break,
            _ => {}
        }
    }
    (texts, attributes)
}

#[test]
fn xml_files_are_well_formed_and_hold_every_field_as_written() {
    let site = hostile();
    let files = outputs(&site, &["xml"]);
    let names: Vec<&str> = files.iter().map(|(rel, _)| rel.as_str()).collect();
    for expected in [
        "sitemap.xml",
        "fr/atom.xml",
        "en/atom.xml",
        "data/iati-activities.xml",
    ] {
        assert!(names.contains(&expected), "no {expected} in {names:?}");
    }
    for (rel, text) in &files {
        assert!(
            !text.contains("<script>"),
            "{rel}: the user's markup is markup"
        );
        let (texts, attributes) = read_xml(rel, text);
        match rel.as_str() {
            "sitemap.xml" => {
                // Addresses only: the slug of the hostile title is made of safe characters.
                assert!(
                    texts.iter().any(|t| t.contains("/fr/programmes/hostile/")),
                    "{rel}"
                );
            }
            "data/iati-activities.xml" => {
                for expected in [P, "XM-DAC-41302-<b>&\"'"] {
                    assert!(
                        texts.iter().any(|t| t == expected),
                        "{rel} lacks `{expected}` as text: {texts:?}"
                    );
                }
                assert!(
                    attributes.iter().any(|a| a == "XM-DAC-<b>&\"'"),
                    "{rel}: the donor's IATI reference as an attribute"
                );
            }
            _ => assert!(
                texts.iter().any(|t| t == P),
                "{rel} lacks the title as text: {texts:?}"
            ),
        }
    }
}

#[test]
fn csv_cells_hold_every_field_and_start_no_formula() {
    let site = hostile();
    let path = site.path().join("public/data/programmes.csv");
    let mut reader = csv::Reader::from_path(&path).expect("open the CSV");
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column `{name}` in {header:?}"))
    };
    let mut rows = 0;
    let mut hostile = None;
    for record in reader.records() {
        let record = record.expect("a well-formed CSV row");
        assert_eq!(record.len(), header.len(), "a row with a different width");
        for cell in record.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell would run as a formula in a spreadsheet: `{cell}`"
            );
        }
        if &record[column("slug")] == "hostile" {
            hostile = Some(record.clone());
        }
        rows += 1;
    }
    assert_eq!(rows, 2);
    let row = hostile.expect("the hostile programme's row");
    assert_eq!(&row[column("title_fr")], P);
    assert_eq!(&row[column("title_en")], P);
    assert_eq!(
        &row[column("summary_fr")],
        format!("'=HYPERLINK(\"https://evil.example\") {P}"),
        "a formula is neutralised by a leading apostrophe, the rest kept"
    );
    assert_eq!(&row[column("iati_identifier")], "XM-DAC-41302-<b>&\"'");
    assert_eq!(&row[column("contact")], "o'hara&co@example.org");
    assert!(row[column("donor_names")].contains(P));
}

#[test]
fn raw_html_in_bodies_is_kept_by_default_and_cleaned_when_the_site_says_so() {
    let body =
        "Texte <b>gras</b>.\n\n<script>alert(\"body\")</script>\n\n[lien](javascript:alert(1))\n";
    let site = Site::from_layers(&[fixture("base")]);
    let sheet = site.read("content/programmes/good.fr.md");
    let front = sheet.rsplit_once("---\n").expect("front matter").0;
    site.write(
        "content/programmes/good.fr.md",
        format!("{front}---\n{body}"),
    );
    site.run(&["build"]).success();
    let kept = site.read("public/fr/programmes/good/index.html");
    assert!(kept.contains("<b>gras</b>") && kept.contains("<script>alert(\"body\")</script>"));

    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{config}markdown: {{raw_html: false}}\n"),
    );
    site.run(&["build"]).success();
    let page = site.read("public/fr/programmes/good/index.html");
    let doc = scraper::Html::parse_document(&page);
    let body_text: String = doc
        .select(&scraper::Selector::parse("main").expect("selector"))
        .flat_map(|m| m.text())
        .collect();
    assert!(
        body_text.contains("Texte gras."),
        "the text stays: {body_text}"
    );
    assert!(!page.contains("<b>gras</b>"), "hand-written tags go");
    assert!(!page.contains("alert("), "scripts and javascript: links go");
}
