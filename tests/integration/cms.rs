//! The web editor (`cms:` in site.yaml) in a real browser: Debian's Chromium driven by
//! playwright-core through `tests/browser/cms.mjs`, the editors from npm (`decap-cms`,
//! `decap-server`, `@sveltia/cms`) served from this machine, never from the network.
//!
//! Run by `.ci/run`, which installs them with pinned versions.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::json;

use crate::browser::{Browser, serve};
use crate::harness::{Site, copy_tree, repo, tool_missing};

/// The npm packages of the editors, in the browser tests' `node_modules`.
fn editors(browser: &Browser) -> Option<PathBuf> {
    let modules = browser.node_modules.clone();
    let missing: Vec<String> = ["decap-cms", "decap-server", "@sveltia/cms", "js-yaml"]
        .iter()
        .filter(|p| !modules.join(p).join("package.json").is_file())
        .map(|p| format!("no {p} in {}", modules.display()))
        .collect();
    if missing.is_empty() {
        return Some(modules);
    }
    tool_missing(
        "the editors from npm",
        &missing,
        "`npm install --prefix .ci/tools --ignore-scripts decap-cms decap-server @sveltia/cms js-yaml` \
         (the versions .ci/run pins)",
    );
    None
}

/// A copy of the demo site, with `cms` appended to its site.yaml, in a git repository.
fn demo_with_cms(cms: &str) -> Site {
    let site = Site::from_layers(&[]);
    for part in ["content", "data", "static"] {
        copy_tree(&repo().join(part), &site.path().join(part));
    }
    let settings = std::fs::read_to_string(repo().join("site.yaml")).expect("site.yaml");
    site.write("site.yaml", format!("{settings}{cms}"));
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "."],
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-qm",
            "demo",
        ],
    ] {
        let ok = Command::new("git")
            .args(args)
            .current_dir(site.path())
            .status()
            .expect("git runs");
        assert!(ok.success(), "git {args:?}");
    }
    site
}

/// `fiche serve --cms` with decap-server on the `PATH`; stopped (SIGTERM, so that it stops
/// its decap-server) when dropped.
struct Served {
    child: Child,
    admin: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn serve_with_cms(site: &Site, node_modules: &Path) -> Served {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![node_modules.join(".bin")];
    paths.extend(std::env::split_paths(&path));
    let mut child = Command::cargo_bin("fiche")
        .expect("fiche binary")
        .args(["serve", "--cms", "--port", "0"])
        .current_dir(site.path())
        .env("PATH", std::env::join_paths(paths).expect("PATH"))
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("fiche serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let mut served = Served {
        child,
        admin: String::new(),
    };
    while let Ok(line) = lines.recv_timeout(Duration::from_secs(120)) {
        if let Some(url) = line.strip_prefix("The editor is at ") {
            served.admin = url.trim().to_string();
            break;
        }
    }
    assert!(
        !served.admin.is_empty(),
        "serve --cms printed no editor address"
    );
    served
}

#[test]
#[ignore = "needs Chromium, playwright-core, decap-cms, decap-server and js-yaml; run by .ci/run"]
fn decap_lists_opens_and_creates_a_programme_in_two_languages_that_fiche_builds() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let Some(modules) = editors(&browser) else {
        return;
    };
    // The editor's script from this machine, as a team that hosts it itself would give it.
    let script = format!("{}decap-cms.js", serve(&modules.join("decap-cms/dist")));
    let yaml = format!("{}js-yaml.min.js", serve(&modules.join("js-yaml/dist")));
    let site = demo_with_cms(&format!(
        "cms:\n  backend: {{name: github, repo: agency/programmes, branch: main}}\n  \
         language: en\n  script: {script}\n  yaml_script: {yaml}\n"
    ));
    // A fact the form has no field for (shares, written by `fiche import`) is kept on save.
    let paccto = site.read("content/programmes/el-paccto-2.fr.md").replace(
        "donors: [eu]\n",
        "donors: [eu]\nshares: {countries: {AR: 20, MX: 15}}\n",
    );
    site.write("content/programmes/el-paccto-2.fr.md", &paccto);
    let served = serve_with_cms(&site, &modules);
    let screenshot = std::env::var("FICHE_CMS_SCREENSHOT").ok();
    let seen = browser.run(
        "cms.mjs",
        json!({
            "kind": "decap",
            "admin": served.admin,
            "expect_title": "EL PAcCTO 2.0",
            // Its amount is written `amount: 58800000`, with budgets and `disbursed`.
            "open": "el-paccto-2",
            "amount": "60000000",
            "open_with_currency": "cyber-mena",
            "translated_page": "es/programas/pacto-el/",
            "screenshot": screenshot,
            "new": {
                "source": {"title": "Eau potable au Sénégal",
                           "summary": "Des forages et des pompes pour quarante écoles."},
                "translation": {"title": "Clean water in Senegal",
                                "summary": "Boreholes and pumps for forty schools."},
                "start": "2026-01",
                "country": "Senegal",
                "disbursed": {"date": "2026-06-30", "amount": "250000"},
                "refused": "Disbursed: write the amount paid out",
            },
            "add_entries": [
                {"collection": "data", "file": "donors", "button": "Add donor", "key": "unicef",
                 "fields": [["fr", "Fonds des Nations unies pour l'enfance"], ["en", "UNICEF"]]},
                {"collection": "places", "file": "countries", "button": "Add text", "key": "SN",
                 "fields": [["fr", "Le Sénégal accueille des programmes sur l'eau."]]},
            ],
        }),
    );
    drop(served);
    let text = |key: &str| seen[key].as_str().unwrap_or_default().to_string();
    // Both forms of an amount are shown, and a number is saved as a number, with the
    // budgets and `disbursed` as they were.
    assert_eq!(
        (text("amount_shown"), text("currency_shown")),
        ("58800000".into(), "EUR".into()),
        "{seen}"
    );
    assert_eq!(
        (text("other_amount_shown"), text("other_currency_shown")),
        ("3400000".into(), "USD".into()),
        "{seen}"
    );
    let edited = site.read("content/programmes/el-paccto-2.fr.md");
    assert!(edited.contains("\namount: 60000000\n"), "{edited}");
    for kept in [
        "18000000",
        "20400000",
        "disbursed:",
        "12400000",
        "2025-03-31",
        "shares:",
        "AR: 20",
        "MX: 15",
    ] {
        assert!(edited.contains(kept), "{kept}: {edited}");
    }
    // The Spanish page (`slug: pacto-el`) links to its programme's entry.
    assert!(
        text("edit_href").ends_with("admin/#/collections/programmes/entries/el-paccto-2"),
        "{seen}"
    );
    assert_eq!(text("edit_title"), "EL PAcCTO 2.0", "{seen}");
    // A rule the configuration cannot say is checked before saving.
    assert!(
        text("refused").contains("Disbursed: write the amount paid out"),
        "{seen}"
    );
    // The demo programmes, listed by their titles in the source language.
    for title in ["EL PAcCTO 2.0", "Blue Pacific", "Frontières du Sahel"] {
        assert!(text("titles").contains(title), "{title} not listed: {seen}");
    }
    // A fact sheet's countries by name (the editor's language is English here).
    for country in ["Argentina", "Colombia", "Trinidad & Tobago"] {
        assert!(text("entry_text").contains(country), "{country}: {seen}");
    }
    assert!(
        text("saved_url").ends_with("/entries/eau-potable-au-senegal"),
        "{seen}"
    );
    // Facts once, in the source language's file; words in each.
    let source = site.read("content/programmes/eau-potable-au-senegal.fr.md");
    let translation = site.read("content/programmes/eau-potable-au-senegal.en.md");
    assert!(source.contains("title: Eau potable au Sénégal"), "{source}");
    assert!(
        source.contains("countries:") && source.contains("SN"),
        "{source}"
    );
    assert!(source.contains("start: 2026-01"), "{source}");
    assert!(
        source.contains("disbursed:") && source.contains("250000"),
        "{source}"
    );
    assert!(
        translation.contains("title: Clean water in Senegal"),
        "{translation}"
    );
    for fact in ["countries:", "start:", "status:", "amount:", "donors:"] {
        assert!(
            !translation.contains(fact),
            "{fact} in the translation: {translation}"
        );
    }
    // The same checker as for files written by hand, then the new programme on its country's
    // pages. (Needs translations without facts: issue 14.)
    site.run(&["check"]).success();
    site.run(&["build"]).success();
    assert!(
        site.read("public/fr/pays/senegal/index.html")
            .contains("Eau potable au Sénégal")
    );
    assert!(
        site.read("public/en/countries/senegal/index.html")
            .contains("Clean water in Senegal")
    );
    // A donor and a country's text added in the data files' lists, the other entries kept
    // (the EU's logo and visibility line among them); fiche takes them.
    let donors = site.read("data/donors.yaml");
    assert!(donors.contains("unicef:"), "{donors}");
    assert!(
        donors.contains("Fonds des Nations unies pour l'enfance"),
        "{donors}"
    );
    for kept in [
        "eu-emblem.svg",
        "Funded by the European Union",
        "short: AFP",
        "nz-police:",
    ] {
        assert!(donors.contains(kept), "{kept}: {donors}");
    }
    let texts = site.read("data/countries.yaml");
    assert!(texts.contains("SN:") && texts.contains("BR:"), "{texts}");
    assert!(
        site.read("public/fr/pays/senegal/index.html")
            .contains("Le Sénégal accueille des programmes sur l'eau.")
    );
}

#[test]
#[ignore = "needs Chromium, playwright-core and @sveltia/cms; run by .ci/run"]
fn sveltia_loads_the_generated_configuration_without_a_console_error() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let Some(modules) = editors(&browser) else {
        return;
    };
    let script = format!(
        "{}sveltia-cms.js",
        serve(&modules.join("@sveltia/cms/dist"))
    );
    let site = demo_with_cms(&format!(
        "cms:\n  app: sveltia\n  backend: {{name: github, repo: agency/programmes, branch: main}}\n  \
         script: {script}\n"
    ));
    site.run(&["build", "--base-url", "https://example.org/sub/path/"])
        .success();
    let base = serve(&site.path().join("public"));
    let seen = browser.run(
        "cms.mjs",
        json!({"kind": "load", "admin": format!("{base}admin/")}),
    );
    assert_eq!(seen["config_requested"], true, "{seen}");
    assert_eq!(seen["errors"], json!([]), "{seen}");
    assert_eq!(seen["console_errors"], json!([]), "{seen}");
    // Only the icon, which the demo site does not have, may be missing.
    for failed in seen["failed"].as_array().into_iter().flatten() {
        let failed = failed.as_str().unwrap_or_default();
        assert!(failed.ends_with("/favicon.ico"), "{failed}: {seen}");
    }
    // Its sign-in page names the repository of the configuration.
    assert!(
        seen["text"]
            .as_str()
            .unwrap_or_default()
            .contains("programmes"),
        "{seen}"
    );
}

/// The programmes collection's field `name` of `admin/config.yml` in the built site.
fn programme_field(site: &Site, name: &str) -> serde_json::Value {
    let config: serde_json::Value =
        serde_yaml_ng::from_str(&site.read("public/admin/config.yml")).expect("YAML");
    config["collections"][0]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("no field {name}"))
}

/// `(value, label)` of a select's options.
fn options(field: &serde_json::Value) -> Vec<(String, String)> {
    field["options"]
        .as_array()
        .expect("options")
        .iter()
        .map(|o| {
            let s = |k: &str| o[k].as_str().unwrap_or_default().to_string();
            (s("value"), s("label"))
        })
        .collect()
}

/// `(key, name in fr)` of a data file, in the file's order.
fn entries(site: &Site, file: &str) -> Vec<(String, String)> {
    let map: serde_yaml_ng::Mapping = serde_yaml_ng::from_str(&site.read(file)).expect("YAML");
    map.iter()
        .map(|(k, v)| {
            let name = &v["name"];
            let name = name["fr"].as_str().or(name.as_str()).unwrap_or_default();
            (k.as_str().unwrap_or_default().to_string(), name.to_string())
        })
        .collect()
}

/// The small test site, with a `cms:` block whose backend is `backend`.
fn valid_with_cms(backend: &str) -> Site {
    let site = Site::from_layers(&[crate::harness::fixture("valid")]);
    let settings = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{settings}cms:\n  backend: {{name: {backend}, repo: agency/site}}\n"),
    );
    site
}

#[test]
fn the_editors_lists_are_the_sites_donors_partners_themes_and_every_country() {
    let site = valid_with_cms("gitlab");
    site.run(&["build"]).success();
    assert!(
        site.read("public/admin/index.html")
            .contains("decap-cms.js")
    );
    for (field, file) in [
        ("donors", "data/donors.yaml"),
        ("partners", "data/partners.yaml"),
        ("themes", "data/themes.yaml"),
    ] {
        assert_eq!(
            options(&programme_field(&site, field)),
            entries(&site, file)
        );
    }
    // Every ISO 3166-1 country (and Kosovo), named (CLDR) in the editor's language, the first,
    // as the site renames them (`country_names`: the Democratic Republic of the Congo).
    let renamed = std::collections::BTreeMap::from([(
        "fr".to_string(),
        std::collections::BTreeMap::from([(
            "CD".to_string(),
            "République démocratique du Congo".to_string(),
        )]),
    )]);
    let catalogue = fiche::domain::country::Countries::new(
        &["fr".to_string(), "en".to_string(), "es".to_string()],
        &Default::default(),
        fiche::domain::country::NameForm::Standard,
        &renamed,
    );
    let mut expected: Vec<(String, String)> = catalogue
        .all()
        .map(|c| (c.alpha2.to_string(), catalogue.name("fr", c.alpha2)))
        .collect();
    let mut countries = options(&programme_field(&site, "countries"));
    assert!(countries.contains(&("BR".into(), "Brésil".into())));
    assert!(countries.contains(&("XK".into(), "Kosovo".into())));
    expected.sort();
    countries.sort();
    assert_eq!(countries, expected);
    let status = options(&programme_field(&site, "status"));
    assert!(
        status.contains(&("ongoing".into(), "En cours".into())),
        "{status:?}"
    );

    // A donor added to the data file is in the next build's configuration.
    let donors = site.read("data/donors.yaml");
    site.write(
        "data/donors.yaml",
        format!("{donors}unicef:\n  name: {{fr: UNICEF, en: UNICEF}}\n"),
    );
    site.run(&["build"]).success();
    let after = options(&programme_field(&site, "donors"));
    assert_eq!(after, entries(&site, "data/donors.yaml"));
    assert!(after.contains(&("unicef".into(), "UNICEF".into())));
}

/// A field of a field (`image.alt`, `budgets.amount`).
fn inner(field: &serde_json::Value, name: &str) -> serde_json::Value {
    field["fields"]
        .as_array()
        .and_then(|fields| fields.iter().find(|f| f["name"] == name))
        .cloned()
        .unwrap_or_else(|| panic!("no {name} in {field}"))
}

#[test]
fn the_form_takes_amounts_budgets_and_disbursed_as_fiche_does() {
    let site = valid_with_cms("github");
    site.run(&["build"]).success();
    // Decap: fiche's widget, which takes `amount: 58800000` and `{value, currency}`, with the
    // site's currency first, then those its programmes use.
    let amount = programme_field(&site, "amount");
    assert_eq!(amount["widget"], "fiche-amount", "{amount}");
    assert_eq!(amount["default_currency"], "EUR");
    assert_eq!(amount["currencies"][0], "EUR");
    assert!(amount["currencies"].as_array().expect("codes").len() > 1);
    assert!(
        site.read("public/admin/index.html")
            .contains("CMS.registerWidget(\"fiche-amount\"")
    );
    // Each budget needs its start, end and amount (a list's item exists only when added).
    let budgets = programme_field(&site, "budgets");
    assert_eq!(budgets["widget"], "list");
    assert_eq!(budgets["required"], false);
    for part in ["start", "end", "amount"] {
        assert_ne!(
            inner(&budgets, part)["required"],
            false,
            "{part}: {budgets}"
        );
    }
    assert_eq!(inner(&budgets, "amount")["widget"], "fiche-amount");
    assert!(inner(&budgets, "start")["pattern"][0].is_string());
    // Decap checks an optional group's fields even when it is empty: `disbursed` and the
    // image's parts are optional in its configuration, and required before saving.
    let disbursed = programme_field(&site, "disbursed");
    assert_eq!(
        inner(&disbursed, "amount")["required"],
        false,
        "{disbursed}"
    );
    assert_eq!(
        inner(&programme_field(&site, "image"), "alt")["required"],
        false
    );
    assert!(
        site.read("public/admin/index.html")
            .contains("Image: write its text for screen readers")
    );

    // Sveltia checks them once the group is added: required there; amounts as an object.
    let settings = site.read("site.yaml");
    site.write(
        "site.yaml",
        settings.replace("cms:\n", "cms:\n  app: sveltia\n"),
    );
    site.run(&["build"]).success();
    let image = programme_field(&site, "image");
    assert_ne!(inner(&image, "alt")["required"], false, "{image}");
    assert_ne!(inner(&image, "src")["required"], false, "{image}");
    let disbursed = programme_field(&site, "disbursed");
    assert_ne!(inner(&disbursed, "date")["required"], false, "{disbursed}");
    let amount = programme_field(&site, "amount");
    assert_eq!(amount["widget"], "object");
    assert_eq!(inner(&amount, "value")["widget"], "number");
}

/// The collection `name` of the built site's `admin/config.yml`.
fn collection(site: &Site, name: &str) -> serde_json::Value {
    let config: serde_json::Value =
        serde_yaml_ng::from_str(&site.read("public/admin/config.yml")).expect("YAML");
    config["collections"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == name))
        .cloned()
        .unwrap_or_else(|| panic!("no collection {name}"))
}

#[test]
fn decap_edits_the_data_files_as_lists_of_entries_with_what_fiche_reads() {
    let site = valid_with_cms("github");
    site.run(&["build"]).success();
    let data = collection(&site, "data");
    assert_eq!(data["format"], "fiche-named");
    let files = data["files"].as_array().expect("files");
    let names: Vec<&str> = files.iter().filter_map(|f| f["file"].as_str()).collect();
    assert_eq!(
        names,
        ["data/donors.yaml", "data/partners.yaml", "data/themes.yaml"]
    );
    let donors = &files[0]["fields"][0];
    assert_eq!(donors["widget"], "list");
    let key = inner(donors, "key");
    assert!(
        key["pattern"][0]
            .as_str()
            .is_some_and(|p| p.contains("A-Za-z0-9"))
    );
    // The name is required in the first language, the others and the rest optional.
    let name = inner(donors, "name");
    assert_ne!(inner(&name, "fr")["required"], false, "{name}");
    assert_eq!(inner(&name, "en")["required"], false, "{name}");
    for part in [
        "short",
        "description",
        "url",
        "iati_ref",
        "logo",
        "visibility",
    ] {
        assert_eq!(inner(donors, part)["required"], false, "{part}");
    }
    assert_eq!(inner(&inner(donors, "logo"), "src")["widget"], "image");
    // Themes have no logo, no IATI identifier.
    let themes = &files[2]["fields"][0];
    assert!(
        themes["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .all(|f| f["name"] != "logo" && f["name"] != "iati_ref")
    );
    // data/countries.yaml, the texts of country and region pages.
    let places = collection(&site, "places");
    assert_eq!(places["format"], "fiche-place-texts");
    assert_eq!(places["files"][0]["file"], "data/countries.yaml");
    // The admin page loads js-yaml, which reads and writes them, and registers both formats.
    let page = site.read("public/admin/index.html");
    assert!(
        page.contains("https://unpkg.com/js-yaml@4.1.0/dist/js-yaml.min.js"),
        "{page}"
    );
    assert!(
        page.contains("var ficheLanguages = [\"fr\",\"en\",\"es\"];"),
        "{page}"
    );
    assert!(page.contains("registerCustomFormat(\"fiche-place-texts\""));

    // Hosted by the site: a path of the site, from the admin page.
    let settings = site.read("site.yaml");
    site.write(
        "site.yaml",
        settings.replace("cms:\n", "cms:\n  yaml_script: admin/js-yaml.min.js\n"),
    );
    site.write("static/admin/js-yaml.min.js", "");
    site.run(&["build"]).success();
    assert!(
        site.read("public/admin/index.html")
            .contains("src=\"../admin/js-yaml.min.js\"")
    );
    // A wrong one is an error at its line.
    site.write(
        "site.yaml",
        settings.replace("cms:\n", "cms:\n  yaml_script: \"a b.js\"\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("`a b.js` is not an address of a script"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("cms.yaml_script"), "{}", run.stderr());
}

#[test]
fn without_a_cms_block_no_editor_is_written() {
    let site = Site::from_layers(&[crate::harness::fixture("valid")]);
    site.run(&["build"]).success();
    assert!(!site.path().join("public/admin").exists());
}

/// Starts `fiche serve --cms --port 0` (no decap-server on the `PATH`) and returns it with
/// its `host:port`.
fn serve_cms_without_decap_server(site: &Site) -> (Served, String) {
    let mut child = crate::serve::spawn_serve(site, &["--cms"], Stdio::null());
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
    let mut printed = Vec::new();
    let url = loop {
        let line = lines.next().expect("the server prints its address");
        printed.push(line.clone());
        if let Some(rest) = line.strip_prefix("Serving the site at ") {
            break rest.split_whitespace().next().expect("a URL").to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    assert!(
        printed.iter().any(|l| l.contains("npx decap-server"))
            || printed.iter().any(|l| l.contains("decap-server at")),
        "{printed:?}"
    );
    let host = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    (
        Served {
            child,
            admin: format!("{url}admin/"),
        },
        host,
    )
}

#[test]
fn serve_cms_serves_the_editor_against_a_local_backend_and_links_each_page_to_it() {
    let site = valid_with_cms("github");
    // The Spanish version has its own address (`slug:`); its entry is still the file's.
    let spanish = site.read("content/programmes/el-paccto.es.md");
    site.write(
        "content/programmes/el-paccto.es.md",
        spanish.replacen("---\n", "---\nslug: pacto-el\n", 1),
    );
    let (served, host) = serve_cms_without_decap_server(&site);
    let (status, _, config) = crate::serve::raw_get(&host, "/admin/config.yml");
    assert_eq!(status, 200);
    let config: serde_json::Value = serde_yaml_ng::from_slice(&config).expect("YAML");
    let local = config["local_backend"]["url"].as_str().unwrap_or_default();
    assert!(
        local.starts_with("http://") && local.ends_with("/api/v1"),
        "{config}"
    );
    let (_, _, script) = crate::serve::raw_get(&host, "/__fiche/livereload.js");
    let script = String::from_utf8_lossy(&script);
    assert!(script.contains("if (true && "), "{script}");
    assert!(
        script.contains("collections/programmes/entries/"),
        "{script}"
    );
    // Each fact sheet's page names its entry in the editor: the file's slug, whatever the
    // address of the page; other pages name none.
    let tag = |path: &str| {
        let (status, _, page) = crate::serve::raw_get(&host, path);
        assert_eq!(status, 200, "{path}");
        let page = String::from_utf8_lossy(&page).into_owned();
        let at = page
            .rfind("<script src=\"/__fiche/livereload.js\"")
            .expect(path);
        page[at..].split_once('>').expect("tag").0.to_string()
    };
    for page in [
        "/es/programas/pacto-el/",
        "/fr/programmes/el-paccto/",
        "/en/programmes/el-paccto/",
    ] {
        assert!(
            tag(page).ends_with("data-entry=\"el-paccto\""),
            "{page}: {}",
            tag(page)
        );
    }
    assert!(!tag("/fr/").contains("data-entry"), "{}", tag("/fr/"));
    drop(served);

    // A build writes no local backend into the configuration.
    site.run(&["build"]).success();
    assert!(
        !site
            .read("public/admin/config.yml")
            .contains("local_backend")
    );
}

#[test]
fn serve_cms_without_a_cms_block_says_what_to_add() {
    let site = Site::from_layers(&[crate::harness::fixture("valid")]);
    let run = site.run(&["serve", "--cms", "--port", "0"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("add `cms:"), "{}", run.stderr());
}
