//! What an agency publishes beyond the facts (issue 18): countries in the page language's
//! order with the card's "+ N more", cards without an image, donors' addresses, logos and
//! visibility lines, pages of text of their own for countries and regions, the publisher in
//! the footer. Each over the valid fixture site with the files a test adds.

use scraper::{Html, Selector};

use crate::harness::{Site, fixture};
use crate::site::{fold, page, texts};

fn valid() -> Site {
    Site::from_layers(&[fixture("valid")])
}

/// A fact sheet in French and English of `slug` with these countries, themes and donors.
fn add_fiche(site: &Site, slug: &str, countries: &str, more: &str) {
    for (lang, title) in [("fr", "Programme d'essai"), ("en", "Test programme")] {
        site.write(
            &format!("content/programmes/{slug}.{lang}.md"),
            format!(
                "---\ntitle: {title}\nsummary: Un résumé.\nstatus: ongoing\nstart: 2024-01-01\n\
                 countries: [{countries}]\n{more}---\nTexte.\n"
            ),
        );
    }
}

#[test]
fn countries_follow_the_page_languages_order_and_a_card_names_four_then_the_rest_counted() {
    let site = valid();
    add_fiche(&site, "many", "PE, DO, EG, CH, AT, SE, ZA", "");
    site.run(&["build"]).success();
    // Typed Peru, Dominican Republic, Egypt…: each language sorts its own names, accents
    // where they belong ("Égypte" among the E, not after the Z).
    assert_eq!(
        card_countries(&site, "fr", "many"),
        "Afrique du Sud, Autriche, Égypte, Pérou + 3 autres"
    );
    assert_eq!(
        card_countries(&site, "en", "many"),
        "Austria, Dominican Republic, Egypt, Peru + 3 more"
    );
    // The fact sheet names them all, in the same order.
    let sheet = page(&site, "fr/programmes/many/index.html");
    assert_eq!(
        texts(&sheet, ".facts ul.inline:not(.regions) li"),
        [
            "Afrique du Sud",
            "Autriche",
            "Égypte",
            "Pérou",
            "République dominicaine",
            "Suède",
            "Suisse"
        ]
    );
}

#[test]
fn a_card_names_five_countries_rather_than_one_and_one_more() {
    let site = valid();
    add_fiche(&site, "five", "PE, DO, EG, CH, AT", "");
    site.run(&["build"]).success();
    assert_eq!(
        card_countries(&site, "en", "five"),
        "Austria, Dominican Republic, Egypt, Peru, Switzerland"
    );
}

/// The card on `doc` whose title links to the programme `slug`.
fn card_of<'a>(doc: &'a Html, slug: &str) -> scraper::ElementRef<'a> {
    let cards = Selector::parse(".card").expect("selector");
    let link = Selector::parse("h3 a").expect("selector");
    doc.select(&cards)
        .find(|c| {
            c.select(&link).any(|a| {
                a.value()
                    .attr("href")
                    .is_some_and(|h| h.ends_with(&format!("programmes/{slug}/")))
            })
        })
        .unwrap_or_else(|| panic!("no card of `{slug}`"))
}

/// The countries that the card of `slug` names on the home page of `lang`.
fn card_countries(site: &Site, lang: &str, slug: &str) -> String {
    let home = page(site, &format!("{lang}/index.html"));
    let facts = Selector::parse(".card-facts li").expect("selector");
    let card = card_of(&home, slug);
    let texts: Vec<String> = card
        .select(&facts)
        .map(|li| fold(&li.text().collect::<String>()))
        .collect();
    texts.last().cloned().unwrap_or_default()
}

#[test]
fn a_card_without_an_image_shows_a_band_of_its_first_themes_colour_and_name() {
    let site = valid();
    add_fiche(
        &site,
        "plain",
        "PE",
        "themes: [police-cooperation, justice]\n",
    );
    site.run(&["build"]).success();
    let en = page(&site, "en/index.html");
    let band_css = Selector::parse(".card-band").expect("selector");
    let card = card_of(&en, "plain");
    let band = card
        .select(&band_css)
        .next()
        .expect("a band on the card without an image");
    assert_eq!(band.text().collect::<String>(), "Police cooperation");
    // Its colour is its first theme's: the second in data/themes.yaml.
    assert_eq!(band.value().attr("class"), Some("card-band band-2"));
    assert_eq!(band.value().attr("aria-hidden"), Some("true"));
    // A card with an image has its image, not a band.
    assert_eq!(card_of(&en, "el-paccto").select(&band_css).count(), 0);
}

#[test]
fn donor_and_partner_pages_are_at_their_keys() {
    let site = valid();
    site.run(&["build"]).success();
    // `eu`, not `union-europeenne` (nor, for a long name, its whole slug).
    for page in ["fr/bailleurs/eu/", "en/donors/eu/", "es/donantes/eu/"] {
        assert!(
            site.path()
                .join("public")
                .join(page)
                .join("index.html")
                .is_file(),
            "{page}"
        );
    }
    assert!(
        !site
            .path()
            .join("public/fr/bailleurs/union-europeenne")
            .exists()
    );
    let sheet = page(&site, "en/programmes/el-paccto/index.html");
    let links = Selector::parse(".facts a[href$='donors/eu/']").expect("selector");
    assert_eq!(sheet.select(&links).count(), 1);
}

/// The valid site whose `eu` donor has these lines added (indented under it).
fn with_eu_lines(lines: &str) -> Site {
    let site = valid();
    let donors = site.read("data/donors.yaml").replacen(
        "  url: https://example.org/eu\n",
        &format!("  url: https://example.org/eu\n{lines}"),
        1,
    );
    site.write("data/donors.yaml", donors);
    site
}

#[test]
fn a_donors_logo_and_visibility_line_show_on_the_fact_sheets_it_funds_in_each_language() {
    let site = with_eu_lines(
        "  logo: {src: images/eu.svg, alt: {fr: Emblème de l'Union européenne, en: European Union emblem}}\n  visibility: {fr: Financé par l'Union européenne, en: Funded by the European Union}\n",
    );
    site.write(
        "static/images/eu.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.run(&["build"]).success();
    let logo = Selector::parse(".fiche-header .funding img").expect("selector");
    for (lang, alt, line) in [
        (
            "fr",
            "Emblème de l'Union européenne",
            "Financé par l'Union européenne",
        ),
        (
            "en",
            "European Union emblem",
            "Funded by the European Union",
        ),
        // No Spanish text: the first of the site's languages that has one.
        (
            "es",
            "Emblème de l'Union européenne",
            "Financé par l'Union européenne",
        ),
    ] {
        let sheet = page(
            &site,
            &format!(
                "{lang}/{}/el-paccto/index.html",
                if lang == "es" {
                    "programas"
                } else {
                    "programmes"
                }
            ),
        );
        let img = sheet.select(&logo).next().expect("the logo");
        assert_eq!(img.value().attr("alt"), Some(alt), "{lang}");
        assert_eq!(img.value().attr("src"), Some("../../../images/eu.svg"));
        assert_eq!(texts(&sheet, ".funding li"), [line], "{lang}");
    }
    // A fact sheet the donor does not fund has neither.
    let other = page(&site, "en/programmes/blue-pacific/index.html");
    assert!(texts(&other, ".funding").is_empty());
}

/// `fiche check`'s report on the site: it fails, and says each of `expected`.
fn check_fails_saying(site: &Site, expected: &[&str]) -> String {
    let run = site.run(&["check"]);
    let out = run.stderr();
    assert_eq!(run.code(), 1, "{out}");
    for e in expected {
        assert!(out.contains(e), "`{e}` is not in:\n{out}");
    }
    out
}

#[test]
fn a_logo_missing_from_static_is_an_error_at_its_line() {
    let site = with_eu_lines("  logo: {src: images/none.svg, alt: EU emblem}\n");
    check_fails_saying(
        &site,
        &[
            "the logo `images/none.svg` is not in `static/`",
            "data/donors.yaml:5:",
            "eu.logo.src",
            "put the file at `static/images/none.svg`",
        ],
    );
}

#[test]
fn a_logo_with_an_empty_alt_is_an_error_at_its_line() {
    let site =
        with_eu_lines("  logo:\n    src: images/paccto.svg\n    alt: {fr: \"\", en: EU emblem}\n");
    check_fails_saying(
        &site,
        &[
            "in `fr`: is empty",
            "data/donors.yaml:7:",
            "eu.logo.alt",
            "say what the logo shows",
        ],
    );
}

#[test]
fn a_logo_without_alt_is_an_error_at_the_logo() {
    let site = with_eu_lines("  logo: {src: images/paccto.svg}\n");
    check_fails_saying(&site, &["alt", "data/donors.yaml:5:"]);
}

#[test]
fn a_logo_or_visibility_line_outside_donors_is_an_error_at_its_line() {
    let site = valid();
    let themes = site.read("data/themes.yaml").replacen(
        "  name: {fr: Justice, en: Justice, es: Justicia}\n",
        "  name: {fr: Justice, en: Justice, es: Justicia}\n  visibility: Funded by us\n",
        1,
    );
    site.write("data/themes.yaml", themes);
    check_fails_saying(
        &site,
        &[
            "`visibility` is shown for donors only",
            "data/themes.yaml:3:",
            "justice.visibility",
        ],
    );
}

/// The valid site with these lines added to its site.yaml.
fn with_settings(lines: &str) -> Site {
    let site = valid();
    let settings = site.read("site.yaml");
    site.write("site.yaml", format!("{settings}{lines}"));
    site
}

#[test]
fn the_footer_names_the_publisher_with_its_address_website_and_legal_pages() {
    let site = with_settings(
        "publisher:\n  name: {fr: Agence d'exemple, en: Example Agency}\n  address: |\n    1 rue de l'Exemple\n    75000 Paris\n  url: https://example.org/agency\n  legal: [about]\n",
    );
    site.run(&["build"]).success();
    let en = page(&site, "en/index.html");
    assert_eq!(
        texts(&en, "footer address.publisher"),
        ["Example Agency 1 rue de l'Exemple 75000 Paris"]
    );
    let link = Selector::parse("footer address.publisher a").expect("selector");
    assert_eq!(
        en.select(&link).next().and_then(|a| a.value().attr("href")),
        Some("https://example.org/agency")
    );
    // The legal page is linked once, marked as such.
    let fr = page(&site, "fr/index.html");
    let about = Selector::parse("footer a[href$='fr/a-propos/'], footer a[href$='fr/about/']")
        .expect("selector");
    assert_eq!(
        fr.select(&about).count(),
        1,
        "{:?}",
        texts(&fr, "footer li")
    );
    assert_eq!(texts(&fr, "footer li.legal").len(), 1);
    assert_eq!(
        texts(&fr, "footer address.publisher")[0].split(' ').next(),
        Some("Agence")
    );
}

#[test]
fn a_legal_page_that_does_not_exist_is_an_error_at_its_line() {
    let site = with_settings("publisher:\n  name: Example Agency\n  legal: [privacy]\n");
    let lines = site.read("site.yaml").lines().count();
    check_fails_saying(
        &site,
        &[
            "`privacy` is not a plain page of the site",
            &format!("site.yaml:{lines}:"),
            "publisher.legal",
            "content/pages/privacy.<lang>.md",
        ],
    );
}

#[test]
fn a_publishers_wrong_address_or_empty_name_is_an_error_at_its_line() {
    let site = with_settings("publisher:\n  name: \"\"\n  url: example.org\n");
    let lines = site.read("site.yaml").lines().count();
    check_fails_saying(
        &site,
        &[
            "publisher.name",
            &format!("site.yaml:{}:", lines - 1),
            "publisher.url",
            &format!("site.yaml:{lines}:"),
        ],
    );
}

#[test]
fn country_and_region_pages_show_their_text_of_data_countries_yaml_and_key_figures() {
    let site = valid();
    site.write(
        "data/countries.yaml",
        "Brésil: {fr: \"Le Brésil **coopère**.\", en: \"Brazil **cooperates**.\"}\n\"005\": South America's text.\n",
    );
    site.run(&["build"]).success();
    let fr = page(&site, "fr/pays/bresil/index.html");
    assert_eq!(texts(&fr, ".place-text strong"), ["coopère"]);
    let en = page(&site, "en/countries/brazil/index.html");
    assert_eq!(texts(&en, ".place-text strong"), ["cooperates"]);
    // Beside the map: how many programmes, how many ongoing, the total.
    assert_eq!(
        texts(&en, ".key-figures dt"),
        ["Programmes", "Ongoing", "Total amount"]
    );
    assert_eq!(texts(&en, ".key-figures dd")[..2], ["1", "0"]);
    let region = page(&site, "en/regions/south-america/index.html");
    assert_eq!(texts(&region, ".place-text"), ["South America's text."]);
    // A country without text has none.
    let other = page(&site, "en/countries/argentina/index.html");
    assert!(texts(&other, ".place-text").is_empty());
}

#[test]
fn a_place_of_data_countries_yaml_that_is_no_country_or_region_is_an_error_at_its_line() {
    let site = valid();
    site.write(
        "data/countries.yaml",
        "BR: Brazil's text.\nAtlantis: A text.\n\"999\": Another.\n",
    );
    check_fails_saying(
        &site,
        &[
            "`Atlantis` is not a country or an M49 region code",
            "data/countries.yaml:2:",
            "`999` is not a country or an M49 region code",
            "data/countries.yaml:3:",
        ],
    );
}
