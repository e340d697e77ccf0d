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
