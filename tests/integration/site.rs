//! The valid multilingual fixture site (`tests/sites/valid`), built and read back with an HTML
//! parser: titles, localised facts, links between translations, index pages and totals.

use scraper::{Html, Selector};

use crate::harness::{Site, fixture};

fn built() -> Site {
    let site = Site::from_layers(&[fixture("valid")]);
    site.run(&["build"]).success();
    site
}

pub(crate) fn page(site: &Site, rel: &str) -> Html {
    Html::parse_document(&site.read(&format!("public/{rel}")))
}

/// The texts of every element matching `css`, with white space and no-break spaces folded.
pub(crate) fn texts(doc: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).expect("valid selector");
    doc.select(&selector)
        .map(|e| fold(&e.text().collect::<Vec<_>>().join(" ")))
        .collect()
}

fn text(doc: &Html, css: &str) -> String {
    texts(doc, css)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("nothing matches `{css}`"))
}

pub(crate) fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    let selector = Selector::parse(css).expect("valid selector");
    doc.select(&selector)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

pub(crate) fn fold(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `<dd>` that follows the `<dt>` with this label in the key facts.
pub(crate) fn fact(doc: &Html, label: &str) -> String {
    let selector = Selector::parse(".facts dl > div").expect("selector");
    let dt = Selector::parse("dt").expect("selector");
    let dd = Selector::parse("dd").expect("selector");
    doc.select(&selector)
        .find(|d| {
            d.select(&dt)
                .any(|t| fold(&t.text().collect::<String>()) == label)
        })
        .and_then(|d| d.select(&dd).next())
        .map(|d| fold(&d.text().collect::<Vec<_>>().join(" ")))
        .unwrap_or_else(|| panic!("no fact `{label}`"))
}

#[test]
fn fact_sheets_show_facts_in_the_page_language() {
    let site = built();
    let fr = page(&site, "fr/programmes/el-paccto/index.html");
    assert_eq!(text(&fr, "h1"), "EL PAcCTO 2.0");
    assert_eq!(attrs(&fr, "html", "lang"), ["fr"]);
    assert_eq!(attrs(&fr, "html", "dir"), ["ltr"]);
    assert_eq!(fact(&fr, "Date de début"), "1er janvier 2023");
    assert_eq!(fact(&fr, "Date de fin"), "31 décembre 2025");
    assert_eq!(fact(&fr, "Montant"), "58,8 M €");
    assert_eq!(fact(&fr, "État"), "Terminé");
    assert!(
        // Written `[Brésil, ARG, co]`: shown in the page language's order.
        fact(&fr, "Pays et région").starts_with("Argentine Brésil Colombie"),
        "{}",
        fact(&fr, "Pays et région")
    );
    assert_eq!(fact(&fr, "Bailleurs"), "Union européenne");

    let en = page(&site, "en/programmes/el-paccto/index.html");
    assert_eq!(fact(&en, "Start date"), "1 January 2023");
    assert_eq!(fact(&en, "Amount"), "€58.8M");
    assert!(fact(&en, "Countries and region").starts_with("Argentina Brazil Colombia"));

    let es = page(&site, "es/programas/el-paccto/index.html");
    assert_eq!(fact(&es, "Fecha de inicio"), "1 de enero de 2023");
    assert_eq!(fact(&es, "Importe"), "58,8 M €");
    assert!(fact(&es, "Países y región").starts_with("Argentina Brasil Colombia"));
}

#[test]
fn countries_written_as_names_or_codes_link_to_readable_country_pages() {
    let site = built();
    let fr = page(&site, "fr/programmes/el-paccto/index.html");
    let links = attrs(&fr, ".facts a", "href");
    assert!(
        links.contains(&"../../../fr/pays/bresil/".to_string()),
        "{links:?}"
    );
    assert!(links.contains(&"../../../fr/pays/argentine/".to_string()));
    assert!(links.contains(&"../../../fr/regions/amerique-du-sud/".to_string()));
    let es = page(&site, "es/programas/el-paccto/index.html");
    assert!(attrs(&es, ".facts a", "href").contains(&"../../../es/paises/brasil/".to_string()));
}

#[test]
fn a_site_can_rename_a_country() {
    let site = built();
    let fr = page(&site, "fr/programmes/blue-pacific/index.html");
    assert!(fact(&fr, "Pays et région").contains("République démocratique du Congo"));
    let en = page(&site, "en/programmes/blue-pacific/index.html");
    assert!(fact(&en, "Countries and region").contains("Congo - Kinshasa"));
}

#[test]
fn amounts_in_another_currency_keep_it() {
    let site = built();
    let en = page(&site, "en/programmes/blue-pacific/index.html");
    assert_eq!(fact(&en, "Amount"), "US$1.25M");
    assert_eq!(fact(&en, "Contact"), "bluepacific@example.org");
    assert_eq!(fact(&en, "Partners"), "Pacific Islands Chiefs of Police");
}

#[test]
fn status_is_derived_from_dates_when_left_out() {
    let site = built();
    let fr = page(&site, "fr/programmes/old-one/index.html");
    assert_eq!(fact(&fr, "État"), "Terminé");
    assert_eq!(fact(&fr, "Date de début"), "janvier 2001");
    assert_eq!(fact(&fr, "Date de fin"), "2003");
}

#[test]
fn pages_link_to_their_translations_and_mark_their_language() {
    let site = built();
    let fr = page(&site, "fr/programmes/el-paccto/index.html");
    let alternates: Vec<(String, String)> = {
        let selector = Selector::parse(r#"link[rel="alternate"]"#).expect("selector");
        fr.select(&selector)
            .map(|e| {
                (
                    e.value().attr("hreflang").unwrap_or("").to_string(),
                    e.value().attr("href").unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    assert!(
        alternates.contains(&(
            "en".into(),
            "https://example.org/en/programmes/el-paccto/".into()
        )),
        "{alternates:?}"
    );
    assert!(alternates.contains(&(
        "es".into(),
        "https://example.org/es/programas/el-paccto/".into()
    )));
    assert!(alternates.contains(&(
        "x-default".into(),
        "https://example.org/fr/programmes/el-paccto/".into()
    )));
    let switcher = attrs(&fr, ".languages a", "href");
    assert_eq!(
        switcher,
        [
            "../../../en/programmes/el-paccto/",
            "../../../es/programas/el-paccto/"
        ]
    );
    assert_eq!(attrs(&fr, ".languages [aria-current]", "lang"), ["fr"]);
}

#[test]
fn a_missing_translation_is_said_not_linked() {
    let site = built();
    // Blue Pacific has no Spanish version.
    assert!(
        !site
            .path()
            .join("public/es/programas/blue-pacific")
            .exists()
    );
    let fr = page(&site, "fr/programmes/blue-pacific/index.html");
    assert_eq!(
        text(&fr, ".translations .unavailable"),
        "Cette fiche n’existe pas en espagnol."
    );
    assert_eq!(
        text(&fr, ".languages .unavailable"),
        "Español (non disponible)"
    );
    // The Spanish home still lists it, in French, and says so.
    let es = page(&site, "es/index.html");
    let fallback = Selector::parse("article.card.fallback").expect("selector");
    let card = es.select(&fallback).next().expect("a fallback card");
    assert_eq!(card.value().attr("lang"), Some("fr"));
    assert!(fold(&card.text().collect::<String>()).contains("Solo en francés"));
}

#[test]
fn home_lists_programmes_newest_first_without_drafts() {
    let site = built();
    let fr = page(&site, "fr/index.html");
    assert_eq!(
        texts(&fr, ".cards h3"),
        ["Blue Pacific", "EL PAcCTO 2.0", "Ancien programme"]
    );
    assert!(
        !site
            .read("public/fr/index.html")
            .contains("Programme en préparation")
    );
    assert!(!site.path().join("public/fr/programmes/secret").exists());
    // Filters are links to the index pages.
    assert!(attrs(&fr, ".filters a", "href").contains(&"../fr/etat/termine/".to_string()));
}

#[test]
fn drafts_are_built_with_a_marker_when_asked() {
    let site = Site::from_layers(&[fixture("valid")]);
    site.run(&["build", "--drafts"]).success();
    let fr = page(&site, "fr/programmes/secret/index.html");
    assert_eq!(text(&fr, ".draft-flag"), "Brouillon");
}

#[test]
fn countries_index_groups_by_region_with_counts_and_totals() {
    let site = built();
    let fr = page(&site, "fr/pays/index.html");
    assert_eq!(texts(&fr, "h2"), ["Afrique", "Amériques", "Océanie"]);
    assert_eq!(
        texts(&fr, "h3"),
        [
            "Afrique centrale",
            "Afrique occidentale",
            "Amérique du Sud",
            "Mélanésie",
            "Polynésie"
        ]
    );
    let rows = texts(&fr, "tbody tr");
    // A programme of three countries without `shares:` is not counted as any one's money.
    let shared = "1 — + 1 programme partagé avec d’autres pays (58,8 M € en tout)";
    assert!(rows.contains(&format!("Brésil {shared}")), "{rows:?}");
    assert!(rows.contains(&"Sénégal 1 —".to_string()), "{rows:?}");
    let shared = "1 — + 1 programme partagé avec d’autres pays (1,25 M $US en tout)";
    assert!(rows.contains(&format!("Fidji {shared}")), "{rows:?}");
}

#[test]
fn every_language_lists_the_same_terms_with_the_same_counts() {
    // Which programmes each term has is worked out once for all languages: a language
    // without a programme's file (`old-one` is only in French, `blue-pacific` has no Spanish
    // version) lists it under the same terms, by the version it shows.
    let site = built();
    let counts = |rel: &str| {
        let doc = page(&site, rel);
        let mut counts: Vec<String> = texts(&doc, "tbody tr td").into_iter().step_by(2).collect();
        counts.sort();
        (texts(&doc, "h2").len(), texts(&doc, "h3").len(), counts)
    };
    let fr = counts("fr/pays/index.html");
    assert!(!fr.2.is_empty());
    assert_eq!(counts("en/countries/index.html"), fr);
    assert_eq!(counts("es/paises/index.html"), fr);
    // Statuses in one order in every language, with their counts.
    let statuses = |rel: &str| {
        texts(&page(&site, rel), "tbody tr td")
            .into_iter()
            .step_by(2)
            .collect::<Vec<_>>()
    };
    let fr = statuses("fr/etat/index.html");
    assert!(!fr.is_empty());
    assert_eq!(statuses("en/status/index.html"), fr);
    assert_eq!(statuses("es/estado/index.html"), fr);
}

#[test]
fn term_pages_list_their_programmes_with_totals_in_each_currency() {
    let site = built();
    let fr = page(&site, "fr/thematiques/justice/index.html");
    assert_eq!(text(&fr, "h1"), "Justice");
    assert_eq!(texts(&fr, ".cards h3"), ["Blue Pacific", "EL PAcCTO 2.0"]);
    assert_eq!(
        text(&fr, ".totals"),
        "2 programmes · Montant total : 58,8 M € + 1,25 M $US"
    );
    let en = page(&site, "en/donors/eu/index.html");
    assert_eq!(text(&en, ".totals"), "1 programme · Total amount: €58.8M");
    let region = page(&site, "es/regiones/sudamerica/index.html");
    assert_eq!(texts(&region, ".cards h3"), ["EL PAcCTO 2.0"]);
    let status = page(&site, "en/status/completed/index.html");
    assert_eq!(
        texts(&status, ".cards h3"),
        ["EL PAcCTO 2.0", "Ancien programme"]
    );
    let year = page(&site, "fr/annees/2025/index.html");
    assert_eq!(texts(&year, ".cards h3"), ["Blue Pacific", "EL PAcCTO 2.0"]);
}

#[test]
fn related_programmes_share_a_theme() {
    let site = built();
    let fr = page(&site, "fr/programmes/el-paccto/index.html");
    assert_eq!(text(&fr, ".related h2"), "Sur la même thématique");
    assert_eq!(texts(&fr, ".related h3"), ["Blue Pacific"]);
}

#[test]
fn body_images_and_front_matter_images_point_into_static() {
    let site = built();
    let fr = page(&site, "fr/programmes/el-paccto/index.html");
    assert_eq!(
        attrs(&fr, ".fiche-image img", "src"),
        ["../../../images/paccto.svg"]
    );
    assert_eq!(
        attrs(&fr, ".fiche-image img", "alt"),
        ["Une balance stylisée"]
    );
    assert_eq!(text(&fr, ".fiche-image figcaption"), "© Example Agency");
    assert_eq!(
        attrs(&fr, ".fiche-body p img", "src"),
        ["../../../images/paccto.svg"]
    );
    assert!(site.path().join("public/images/paccto.svg").is_file());
    assert!(site.path().join("public/css/fiche.css").is_file());
}

#[test]
fn root_404_and_plain_pages_exist() {
    let site = built();
    let root = page(&site, "index.html");
    assert_eq!(attrs(&root, "main a", "href"), ["fr/", "en/", "es/"]);
    let not_found = page(&site, "404.html");
    assert_eq!(text(&not_found, "h1"), "Page introuvable");
    // The 404 page is served at any depth: its links are absolute.
    assert!(attrs(&not_found, "main a", "href").contains(&"/en/".to_string()));
    let about = page(&site, "en/about/index.html");
    assert_eq!(text(&about, "h1"), "About");
    assert!(!site.path().join("public/es/about").exists());
}

#[test]
fn base_url_with_a_sub_path_is_used_for_absolute_addresses() {
    let site = Site::from_layers(&[fixture("valid")]);
    site.run(&["build", "--base-url", "https://example.org/coop/programmes"])
        .success();
    let fr = page(&site, "fr/programmes/el-paccto/index.html");
    assert_eq!(
        attrs(&fr, r#"link[rel="canonical"]"#, "href"),
        ["https://example.org/coop/programmes/fr/programmes/el-paccto/"]
    );
    let not_found = page(&site, "404.html");
    assert!(attrs(&not_found, "main a", "href").contains(&"/coop/programmes/en/".to_string()));
}

#[test]
fn home_pages_hold_fifty_programmes_with_numbered_pages() {
    let site = Site::from_layers(&[fixture("valid")]);
    for i in 0..120 {
        site.write(
            &format!("content/programmes/gen-{i:03}.fr.md"),
            format!("---\ntitle: Programme {i:03}\nsummary: S.\nstatus: ongoing\nstart: {}-01-01\ncountries: [FR]\n---\n", 1900 + i),
        );
    }
    site.run(&["build"]).success();
    let first = page(&site, "fr/index.html");
    assert_eq!(texts(&first, ".cards h3").len(), 50);
    assert_eq!(
        texts(&first, ".pagination a"),
        ["1", "2", "3", "Suivante"].map(String::from)[1..].to_vec()
    );
    let third = page(&site, "fr/page/3/index.html");
    assert_eq!(texts(&third, ".cards h3").len(), 123 - 100);
    assert_eq!(text(&third, ".pagination [aria-current]"), "3");
    assert!(site.path().join("public/es/pagina/2/index.html").is_file());
    // Term pages are paginated the same way.
    let country = page(&site, "fr/pays/france/page/3/index.html");
    assert_eq!(texts(&country, ".cards h3").len(), 20);
    // A country's page gives its count among its key figures.
    assert_eq!(text(&country, ".key-figures dd"), "120");
    assert_eq!(
        attrs(&country, r#"link[rel="alternate"][hreflang="en"]"#, "href"),
        ["https://example.org/en/countries/france/page/3/"]
    );
}

#[test]
fn a_new_build_replaces_the_previous_output_whole() {
    let site = Site::from_layers(&[fixture("valid")]);
    site.run(&["build"]).success();
    site.write("public/stale.html", "old");
    std::fs::remove_file(site.path().join("content/programmes/old-one.fr.md")).expect("remove");
    site.run(&["build"]).success();
    assert!(!site.path().join("public/stale.html").exists());
    assert!(!site.path().join("public/fr/programmes/old-one").exists());
    assert!(!site.read("public/fr/pays/index.html").contains("Sénégal"));
}

#[test]
fn check_validates_without_writing() {
    let site = Site::from_layers(&[fixture("valid")]);
    let run = site.run(&["check"]);
    run.success();
    assert!(run.stdout().starts_with("No errors"));
    assert!(!site.path().join("public").exists());
}

#[test]
fn new_scaffolds_draft_fact_sheets_that_build() {
    let site = Site::from_layers(&[fixture("valid")]);
    site.run(&["new", "water-for-all", "--lang", "fr,en"])
        .success();
    assert!(
        site.read("content/programmes/water-for-all.fr.md")
            .contains("title: Water for all\n"),
        "French titles are not in Title Case"
    );
    assert!(
        site.read("content/programmes/water-for-all.en.md")
            .contains("title: Water For All\n")
    );
    // Facts are written once, in the source file (French, the site's first language).
    assert!(
        site.read("content/programmes/water-for-all.fr.md")
            .contains("\nstart: ")
    );
    let en = site.read("content/programmes/water-for-all.en.md");
    assert!(
        !en.contains("start:") && !en.contains("status:") && !en.contains("countries:"),
        "{en}"
    );
    assert!(
        en.contains("summary: ") && en.contains("draft: true"),
        "{en}"
    );
    assert!(
        !site
            .path()
            .join("content/programmes/water-for-all.es.md")
            .exists()
    );
    site.run(&["build", "--drafts"]).success();
    assert!(
        site.path()
            .join("public/en/programmes/water-for-all/index.html")
            .is_file()
    );
    // Refuses to overwrite, and refuses a bad slug or language.
    assert_eq!(
        site.run(&["new", "water-for-all", "--lang", "fr"]).code(),
        1
    );
    assert_eq!(site.run(&["new", "Water For All"]).code(), 1);
    assert_eq!(site.run(&["new", "x", "--lang", "de"]).code(), 1);
}

#[test]
fn init_makes_a_site_that_builds_at_once() {
    let dir = tempfile::tempdir().expect("temp");
    let site = Site { dir };
    site.run(&["init", "my-site"]).success();
    let run = site.run(&["build", "--root", "my-site"]);
    run.success();
    assert!(
        site.path()
            .join("my-site/public/fr/programmes/example/index.html")
            .is_file()
    );
    assert!(
        site.path()
            .join("my-site/themes/default/templates/base.html")
            .is_file()
    );
    assert_eq!(site.run(&["init", "my-site"]).code(), 1);
    // Without a warning: its example is dated around today, and it holds no hidden file.
    let check = site.run(&["check", "--root", "my-site", "--deny-warnings"]);
    check.success();
    assert_eq!(check.stderr(), "");
    for lang in ["fr", "es", "ar"] {
        assert!(
            site.path()
                .join(format!(
                    "my-site/themes/default/archetypes/programme.{lang}.md"
                ))
                .is_file()
        );
    }
}

#[test]
fn new_writes_each_language_s_placeholders_and_the_site_checks_with_warnings() {
    let dir = tempfile::tempdir().expect("temp");
    let site = Site { dir };
    site.run(&["init", "."]).success();
    let config = site
        .read("site.yaml")
        .replace("languages: [fr, en]", "languages: [fr, en, es]");
    site.write("site.yaml", config);
    site.run(&["new", "eau-potable", "--lang", "fr,en,es"])
        .success();
    let file = |lang: &str| site.read(&format!("content/programmes/eau-potable.{lang}.md"));
    let expected = [
        (
            "fr",
            "title: Eau potable\n",
            "summary: Une ou deux phrases",
            "Décrivez le programme ici.",
        ),
        (
            "en",
            "title: Eau Potable\n",
            "summary: One or two sentences",
            "Describe the programme here.",
        ),
        (
            "es",
            "title: Eau potable\n",
            "summary: Una o dos frases",
            "Describa el programa aquí.",
        ),
    ];
    for (lang, title, summary, body) in expected {
        let text = file(lang);
        for part in [title, summary, body] {
            assert!(text.contains(part), "{lang}: `{part}` expected in\n{text}");
        }
    }
    let check = site.run(&["check"]);
    check.success();
    let stderr = check.stderr();
    assert!(!stderr.contains("error"), "{stderr}");
    // The body's placeholder: after the facts in the source file (French), after the words
    // in the translations, which hold no facts.
    for (lang, body_line) in [("fr", 15), ("en", 8), ("es", 8)] {
        for line in [3, body_line] {
            let place = format!("content/programmes/eau-potable.{lang}.md:{line}:");
            assert!(stderr.contains(&place), "`{place}` expected in\n{stderr}");
        }
    }
    assert!(
        stderr.trim_end().ends_with(
            "warning: 6 warnings in 3 files (`--deny-warnings` makes them fail the run)"
        ),
        "{stderr}"
    );
    assert_eq!(site.run(&["check", "--deny-warnings"]).code(), 1);
}

#[test]
fn a_fact_sheet_renders_as_expected() {
    let site = built();
    let html = site.read("public/en/programmes/el-paccto/index.html");
    let start = html.find("<main").expect("main");
    let end = html.find("</main>").expect("end of main");
    insta::assert_snapshot!(&html[start..end]);
}

#[test]
fn a_site_overrides_interface_strings_and_plurals() {
    let site = Site::from_layers(&[fixture("valid")]);
    site.write(
        "i18n/fr.yaml",
        "countries: Pays bénéficiaires\nprogramme_count: {one: \"{n} projet\", other: \"{n} projets\"}\n",
    );
    site.run(&["build"]).success();
    let fr = page(&site, "fr/thematiques/justice/index.html");
    assert_eq!(
        text(&fr, ".site-nav li:nth-child(2) a"),
        "Pays bénéficiaires"
    );
    assert!(text(&fr, ".totals").starts_with("2 projets"));
    let one = page(&site, "fr/bailleurs/eu/index.html");
    assert!(text(&one, ".totals").starts_with("1 projet ·"));
    // Other languages keep the theme's strings.
    let en = page(&site, "en/themes/justice/index.html");
    assert!(text(&en, ".totals").starts_with("2 programmes"));
}

/// The base site (`tests/sites/base`, in French and English) with its fact sheet's countries
/// replaced by `countries` and `settings` added to `site.yaml`, built.
fn base_with_countries(countries: &str, settings: &str) -> Site {
    let site = Site::from_layers(&[fixture("base")]);
    for file in [
        "content/programmes/good.fr.md",
        "content/programmes/good.en.md",
    ] {
        let text = site.read(file);
        assert!(text.contains("countries: [FJ, WS]"), "{file}");
        site.write(file, text.replacen("countries: [FJ, WS]", countries, 1));
    }
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}{settings}"));
    site.run(&["build"]).success();
    site
}

#[test]
fn countries_written_as_people_write_them_are_accepted_kosovo_with_its_own_page() {
    let site = base_with_countries(
        "countries: [XK, DRC, UK, Ivory Coast, Swaziland, Palestine]",
        "",
    );
    let en = page(&site, "en/programmes/good/index.html");
    let countries = fact(&en, "Countries and region");
    for name in [
        "Kosovo",
        "Congo - Kinshasa",
        "United Kingdom",
        "Côte d’Ivoire",
        "Eswatini",
        "Palestinian Territories",
    ] {
        assert!(countries.contains(name), "`{name}` in {countries}");
    }
    let kosovo = page(&site, "en/countries/kosovo/index.html");
    assert_eq!(text(&kosovo, "h1"), "Kosovo");
    let region = page(&site, "en/regions/southern-europe/index.html");
    assert!(
        attrs(&region, "a", "href").contains(&"../../../en/countries/kosovo/".to_string()),
        "Southern Europe's page links to Kosovo"
    );
    assert!(
        site.read("public/fr/pays/kosovo/index.html")
            .contains("Kosovo")
    );
}

#[test]
fn a_site_can_show_cldr_short_names_and_still_rename_a_country() {
    let countries = "countries: [GB, PS, BA]";
    let standard = base_with_countries(countries, "");
    let en = page(&standard, "en/programmes/good/index.html");
    let shown = fact(&en, "Countries and region");
    assert!(
        shown.contains("United Kingdom") && shown.contains("Bosnia & Herzegovina"),
        "{shown}"
    );

    let short = base_with_countries(
        countries,
        "country_name_form: short\ncountry_names:\n  en: {BA: Bosnia and Herzegovina}\n",
    );
    let en = page(&short, "en/programmes/good/index.html");
    let shown = fact(&en, "Countries and region");
    assert!(
        shown.contains("UK") && !shown.contains("United Kingdom"),
        "{shown}"
    );
    assert!(
        shown.contains("Palestine") && !shown.contains("Territories"),
        "{shown}"
    );
    assert!(
        shown.contains("Bosnia and Herzegovina"),
        "the site's own name wins: {shown}"
    );
    let fr = page(&short, "fr/programmes/good/index.html");
    assert!(fact(&fr, "Pays et région").contains("Palestine"));
}
