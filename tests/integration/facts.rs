//! Facts once, words per language: translations take every fact from their source file
//! (`parse::facts`), and `untranslated: source` gives languages without a file a page of
//! their own.

use scraper::Selector;

use crate::harness::{Site, fixture};
use crate::site::{attrs, fact, fold, page, texts};

#[test]
fn translations_that_write_words_only_show_their_source_facts_localised() {
    let site = Site::from_layers(&[fixture("valid")]);
    let en_file = site.read("content/programmes/el-paccto.en.md");
    assert!(
        !en_file.contains("amount:") && !en_file.contains("countries:"),
        "the fixture's translations write words only:\n{en_file}"
    );
    site.run(&["build"]).success();
    let en = page(&site, "en/programmes/el-paccto/index.html");
    assert_eq!(fact(&en, "Amount"), "€58.8M");
    assert_eq!(fact(&en, "End date"), "31 December 2025");
    assert_eq!(fact(&en, "Status"), "Completed");
    assert_eq!(attrs(&en, ".fiche-image img", "src").len(), 1);
    assert_eq!(attrs(&en, ".fiche-image img", "alt"), ["A stylised scale"]);
    let es = page(&site, "es/programas/el-paccto/index.html");
    assert_eq!(fact(&es, "Importe"), "58,8 M €");
    // Every language's indexes count it, with its source's facts.
    let brazil = page(&site, "en/countries/brazil/index.html");
    assert_eq!(texts(&brazil, ".cards h3"), ["EL PAcCTO 2.0"]);
    let json = site.read("public/data/programmes.json");
    assert!(json.contains("58800000"), "{json}");
}

#[test]
fn translations_repeating_their_source_facts_in_other_words_build_as_before() {
    let site = Site::from_layers(&[fixture("base")]);
    site.run(&["build"]).success();
    let before = site.read("public/en/programmes/good/index.html");
    // The same facts written otherwise: country names and alpha-3 codes in another order, the
    // amount with the site's currency, a date quoted.
    let en = site.read("content/programmes/good.en.md");
    let rewritten = en
        .replace("countries: [FJ, WS]", "countries: [Samoa, FJI]")
        .replace(
            "amount: 58800000",
            "amount: {value: 58800000, currency: EUR}",
        )
        .replace("start: 2024-01-01", "start: \"2024-01-01\"")
        .replace(
            "themes: [police-cooperation, training]",
            "themes: [training, police-cooperation]",
        );
    assert_ne!(rewritten, en, "the fixture changed");
    site.write("content/programmes/good.en.md", rewritten);
    site.run(&["build"]).success();
    assert_eq!(site.read("public/en/programmes/good/index.html"), before);
}

/// The valid site with `untranslated: source`: Blue Pacific has no Spanish file.
fn untranslated_source() -> Site {
    let site = Site::from_layers(&[fixture("valid")]);
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}untranslated: source\n"));
    site.run(&["build"]).success();
    site
}

#[test]
fn untranslated_source_gives_a_page_with_facts_localised_and_the_text_marked() {
    let site = untranslated_source();
    let es = page(&site, "es/programas/blue-pacific/index.html");
    assert_eq!(attrs(&es, "html", "lang"), ["es"]);
    // Facts in Spanish.
    assert_eq!(fact(&es, "Importe"), "1,25 M US$");
    assert_eq!(fact(&es, "Estado"), "En curso");
    assert!(fact(&es, "Países y región").contains("Fiyi"));
    // The source's words, marked as French, with a note in Spanish.
    assert_eq!(attrs(&es, "h1", "lang"), ["fr"]);
    assert_eq!(attrs(&es, ".lead", "lang"), ["fr"]);
    assert_eq!(attrs(&es, ".fiche-body", "lang"), ["fr"]);
    assert_eq!(
        texts(&es, ".fiche-header .fallback-note"),
        ["Aún sin traducir: se muestra en francés"]
    );
    assert_eq!(
        texts(&es, ".lead"),
        ["Coopération policière dans le Pacifique."]
    );
    // The French page links to it as its Spanish version.
    let fr = page(&site, "fr/programmes/blue-pacific/index.html");
    assert!(
        attrs(&fr, ".translations a", "href")
            .contains(&"../../../es/programas/blue-pacific/".to_string())
    );
    // Pages of languages with their own file are as without the setting.
    let en = page(&site, "en/programmes/blue-pacific/index.html");
    assert!(attrs(&en, "h1", "lang").is_empty());
}

#[test]
fn untranslated_source_pages_are_listed_and_counted_in_their_language() {
    let site = untranslated_source();
    let home = page(&site, "es/index.html");
    let selector = Selector::parse("article.card.fallback").expect("selector");
    let card = home.select(&selector).next().expect("its card");
    assert_eq!(card.value().attr("lang"), Some("fr"));
    assert!(fold(&card.text().collect::<String>()).contains("Aún sin traducir"));
    assert!(
        attrs(&home, "article.card.fallback h3 a", "href")
            .contains(&"../es/programas/blue-pacific/".to_string())
    );
    let fiji = page(&site, "es/paises/fiyi/index.html");
    assert_eq!(texts(&fiji, ".cards h3"), ["Blue Pacific"]);
    // Open data gives each language's own words only.
    let json = site.read("public/data/programmes.json");
    let data: serde_json::Value = serde_json::from_str(&json).expect("json");
    let blue = data["programmes"]
        .as_array()
        .and_then(|all| all.iter().find(|p| p["slug"] == "blue-pacific"))
        .expect("Blue Pacific");
    assert_eq!(blue["languages"], serde_json::json!(["fr", "en"]));
}
