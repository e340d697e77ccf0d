//! Checks that need outside tools (the Nu Html Checker, Chromium): run by `.ci/run`.
//!
//! The tests that need a tool are `#[ignore]`d, so that `cargo test` passes on a machine with
//! only Rust; `.ci/run` installs the tools and runs them with `cargo test --test integration --
//! --ignored`. A test whose tool is missing fails and says how to install it, unless
//! `FICHE_SKIP_EXTERNAL=1`.

use std::path::Path;

use scraper::{Html, Selector};

use crate::harness::{Site, Vnu, fixture, html_files, repo};

/// The repository's demo site, drafts included, built into a temporary folder.
fn build_demo() -> Site {
    let site = Site::from_layers(&[]);
    let root = repo().display().to_string();
    let output = site.path().join("public").display().to_string();
    site.run(&["build", "--root", &root, "--output", &output, "--drafts"])
        .success();
    site
}

/// `tests/sites/arabic`, an Arabic-first (right-to-left) site with French, drafts included.
fn build_arabic() -> Site {
    let site = Site::from_layers(&[fixture("arabic")]);
    site.run(&["build", "--drafts"]).success();
    site
}

#[test]
#[ignore = "needs the Nu Html Checker (java + vnu-jar); run by .ci/run"]
fn every_demo_page_is_valid_html() {
    let Some(vnu) = Vnu::find() else { return };
    let site = build_demo();
    let public = site.path().join("public");
    assert!(
        html_files(&public)
            .iter()
            .any(|p| { std::fs::read_to_string(p).is_ok_and(|html| html.contains("draft-flag")) }),
        "the demo site has no draft, so draft markers go unchecked"
    );
    vnu.assert_valid(&public);
}

#[test]
#[ignore = "needs the Nu Html Checker (java + vnu-jar); run by .ci/run"]
fn every_arabic_page_is_valid_html() {
    let Some(vnu) = Vnu::find() else { return };
    let site = Site::from_layers(&[fixture("arabic")]);
    // Enough programmes for the home page and the index pages to have numbered pages.
    for n in 1..=55 {
        site.write(
            &format!("content/programmes/court-support-{n}.ar.md"),
            format!(
                "---\ntitle: \"دعم المحاكم، المرحلة {n}\"\n\
                 summary: \"مرحلة من برنامج لدعم المحاكم الابتدائية في تونس.\"\n\
                 start: {year}-01\ncountries: [TN]\ndonors: [eu]\nthemes: [justice]\n---\n\
                 تدريب كتّاب الضبط على إدارة الملفات.\n",
                year = 2000 + n % 25
            ),
        );
    }
    site.run(&["build", "--drafts"]).success();
    let public = site.path().join("public");
    assert!(
        public.join("ar/page/2/index.html").is_file(),
        "no second page"
    );
    vnu.assert_valid(&public);
}

/// The `lang` and `dir` of a page's `<html>` element.
fn html_lang_dir(page: &Path) -> (String, String) {
    let text = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    let doc = Html::parse_document(&text);
    let html = doc
        .select(&Selector::parse("html").expect("selector"))
        .next()
        .expect("an html element");
    let attr = |name| html.value().attr(name).unwrap_or("").to_string();
    (attr("lang"), attr("dir"))
}

#[test]
fn arabic_pages_are_right_to_left() {
    let site = build_arabic();
    let public = site.path().join("public");
    let mut arabic = 0;
    let mut french = 0;
    for page in html_files(&public) {
        let rel = page
            .strip_prefix(&public)
            .expect("inside")
            .to_string_lossy()
            .into_owned();
        let (lang, dir) = html_lang_dir(&page);
        // Arabic is the site's first language, so the root page and the 404 page are Arabic.
        let want = if rel.starts_with("fr/") {
            french += 1;
            ("fr", "ltr")
        } else {
            arabic += 1;
            ("ar", "rtl")
        };
        assert_eq!(
            (lang.as_str(), dir.as_str()),
            want,
            "<html lang dir> of {rel}"
        );
    }
    assert!(
        arabic > 10 && french > 10,
        "{arabic} Arabic and {french} French pages"
    );

    // A programme with no Arabic version is listed on Arabic pages in French, left to right,
    // inside the right-to-left page; its note stays Arabic.
    let home = Html::parse_document(&site.read("public/ar/index.html"));
    let fallback = Selector::parse("article.card.fallback").expect("selector");
    let card = home
        .select(&fallback)
        .next()
        .expect("the French-only programme's card");
    assert_eq!(card.value().attr("lang"), Some("fr"));
    assert_eq!(card.value().attr("dir"), Some("ltr"));
    let note = Selector::parse(".fallback-note").expect("selector");
    let note = card
        .select(&note)
        .next()
        .expect("a note saying it is in French");
    assert_eq!(note.value().attr("lang"), Some("ar"));
    assert_eq!(note.value().attr("dir"), Some("rtl"));
}
