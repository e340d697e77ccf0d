//! Addresses a content file gives itself: `slug:` (its address in its language) and
//! `aliases:` (old addresses, each a redirect page), followed by every link, list, feed,
//! sitemap and open data file, and by the link check.

use crate::errors::{fails, says};
use crate::harness::{Site, fixture};

/// The base site with its English fact sheet at `/en/programmes/a-good-one/`, its old
/// address and an older `.html` one as aliases, and a plain page that links to the old one.
fn renamed() -> Site {
    let site = Site::from_layers(&[fixture("base")]);
    let text = site.read("content/programmes/good.en.md");
    site.write(
        "content/programmes/good.en.md",
        text.replacen(
            "title: A good programme\n",
            "title: A good programme\nslug: a-good-one\naliases: [/en/programmes/good/, /old/good.html]\n",
            1,
        ),
    );
    site.write(
        "content/pages/about.en.md",
        "---\ntitle: About\nslug: about-us\n---\nSee [the programme](en/programmes/good/) and [its background](en/programmes/good/#background).\n",
    );
    site
}

#[test]
fn a_slug_moves_the_page_in_its_language_and_everything_links_there() {
    let site = renamed();
    site.run(&["build"]).success();
    let new = "en/programmes/a-good-one/";
    assert!(
        site.read(&format!("public/{new}index.html"))
            .contains("A good programme")
    );
    // The French version keeps the file's name, and links to the English one where it is.
    let fr = site.read("public/fr/programmes/good/index.html");
    assert!(
        fr.contains(&format!(
            "hreflang=\"en\" href=\"https://example.org/{new}\""
        )),
        "{fr}"
    );
    assert!(
        site.read("public/en/index.html")
            .contains(&format!("href=\"../{new}\""))
    );
    for file in [
        "sitemap.xml",
        "data/programmes.json",
        "data/programmes.csv",
        "en/atom.xml",
    ] {
        let text = site.read(&format!("public/{file}"));
        assert!(
            text.contains(&format!("https://example.org/{new}")),
            "{file}:\n{text}"
        );
    }
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        !sitemap.contains("https://example.org/en/programmes/good/"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("old/good.html"), "{sitemap}");
    // A plain page's slug too.
    assert!(site.path().join("public/en/about-us/index.html").is_file());
    assert!(site.read("public/en/index.html").contains("about-us/"));
}

#[test]
fn each_alias_is_a_redirect_page_to_the_new_address_in_the_page_language() {
    let site = renamed();
    site.run(&["build"]).success();
    let old = site.read("public/en/programmes/good/index.html");
    for part in [
        "<html lang=\"en\" dir=\"ltr\">",
        "<meta http-equiv=\"refresh\" content=\"0; url=../../../en/programmes/a-good-one/\">",
        "<link rel=\"canonical\" href=\"https://example.org/en/programmes/a-good-one/\">",
        "This page has moved to <a href=\"../../../en/programmes/a-good-one/\">A good programme</a>",
    ] {
        assert!(old.contains(part), "expected {part} in\n{old}");
    }
    let older = site.read("public/old/good.html");
    assert!(
        older.contains("url=../en/programmes/a-good-one/"),
        "{older}"
    );
}

#[test]
fn the_link_check_follows_an_alias_to_its_page() {
    let site = renamed();
    // The about page links to the old address and to a heading through it: both fine.
    site.run(&["check"]).success();
    site.write(
        "content/pages/about.en.md",
        "---\ntitle: About\n---\nSee [nothing](en/programmes/good/#no-such-heading).\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains("content/pages/about.en.md"), "{stderr}");
    assert!(stderr.contains("no-such-heading"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// Bad slugs and aliases: each an error at its line, naming what to do.

/// The base site with `lines` added to the front matter of `content/programmes/<file>` (a
/// copy of `good.<lang>.md` when there is no such file).
fn with_lines(file: &str, lines: &str) -> Site {
    let site = Site::from_layers(&[fixture("base")]);
    let rel = format!("content/programmes/{file}");
    let text = if site.path().join(&rel).is_file() {
        site.read(&rel)
    } else {
        let lang = file.rsplit('.').nth(1).unwrap_or("en");
        site.read(&format!("content/programmes/good.{lang}.md"))
    };
    site.write(&rel, text.replacen("---\n", &format!("---\n{lines}\n"), 1));
    site
}

#[test]
fn an_empty_slug_or_one_that_is_not_a_slug_is_an_error_at_its_line() {
    let out = fails(&with_lines("good.en.md", "slug: \"\""));
    says(
        &out,
        &["content/programmes/good.en.md:2", "`slug`", "is empty"],
    );
    insta::assert_snapshot!("slug_empty", out);
    let out = fails(&with_lines("good.en.md", "slug: Pacto El"));
    says(&out, &["`Pacto El` is not a slug", "`slug: pacto-el`"]);
    insta::assert_snapshot!("slug_not_a_slug", out);
}

#[test]
fn a_slug_that_is_a_section_word_of_its_language_is_an_error() {
    let out = fails(&with_lines("good.fr.md", "slug: pays"));
    says(
        &out,
        &[
            "content/programmes/good.fr.md:2",
            "`pays` is the word of the countries section in `fr` addresses",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn an_alias_that_leaves_the_site_is_an_error_at_its_line() {
    let out = fails(&with_lines(
        "good.en.md",
        "aliases:\n  - https://other.org/en/old/\n  - /en/../../etc/",
    ));
    says(
        &out,
        &[
            "content/programmes/good.en.md:3",
            "is a full web address",
            "such as `/en/old/`",
            "content/programmes/good.en.md:4",
            "`/en/../../etc/` is not an address of this site",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn two_slugs_at_one_address_are_an_error_naming_both_files() {
    let site = with_lines("other.en.md", "slug: good");
    let out = fails(&site);
    says(
        &out,
        &[
            "content/programmes/other.en.md:2",
            "`content/programmes/other.en.md` and `content/programmes/good.en.md` would both be at `/en/programmes/good/`",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn an_alias_over_a_static_file_and_two_collisions_are_reported_in_the_pages_order() {
    let site = with_lines("good.en.md", "aliases: [/old/, /fr/programmes/good/]");
    site.write(
        "static/old/index.html",
        "<!DOCTYPE html><title>old</title>\n",
    );
    let text = site.read("content/programmes/good.fr.md");
    site.write(
        "content/programmes/good.fr.md",
        text.replacen(
            "---\n",
            "---\naliases: [/fr/programmes/good/index.html]\n",
            1,
        ),
    );
    let out = fails(&site);
    says(
        &out,
        &[
            "would replace the static file `static/old/index.html`",
            "content/programmes/good.en.md:2",
            "would both be at `/fr/programmes/good/`",
        ],
    );
    // Each error once, in the order the pages are listed (the page before its aliases, a
    // language's before the next's): the static file, then the alias of `good.en.md` that
    // meets the French alias, then the French alias that meets the French page.
    let at = |part: &str| {
        assert_eq!(out.matches(part).count(), 1, "`{part}` once in:\n{out}");
        out.find(part).unwrap_or_default()
    };
    let order = [
        at("the alias `/old/` of `content/programmes/good.en.md` would replace the static file"),
        at(
            "the alias `/fr/programmes/good/` of `content/programmes/good.en.md` and the alias `/fr/programmes/good/index.html` of `content/programmes/good.fr.md` would both be at",
        ),
        at(
            "the alias `/fr/programmes/good/index.html` of `content/programmes/good.fr.md` and `content/programmes/good.fr.md` would both be at",
        ),
    ];
    assert!(order.is_sorted(), "{out}");
}

#[test]
fn an_alias_at_another_page_or_alias_is_an_error_naming_both_files() {
    let site = with_lines("good.en.md", "aliases: [/fr/programmes/good/]");
    let out = fails(&site);
    says(
        &out,
        &[
            "content/programmes/good.en.md:2",
            "the alias `/fr/programmes/good/` of `content/programmes/good.en.md` and `content/programmes/good.fr.md` would both be at `/fr/programmes/good/`",
        ],
    );
    insta::assert_snapshot!("alias_at_a_page", out);
    let site = with_lines("good.en.md", "aliases: [/old/]");
    let text = site.read("content/programmes/good.fr.md");
    site.write(
        "content/programmes/good.fr.md",
        text.replacen("---\n", "---\naliases: [old]\n", 1),
    );
    let out = fails(&site);
    says(
        &out,
        &["would both be at `/old/`", "good.en.md", "good.fr.md"],
    );
    insta::assert_snapshot!("alias_at_an_alias", out);
}

#[test]
fn an_alias_written_as_a_page_file_is_the_same_address() {
    let out = fails(&with_lines(
        "good.en.md",
        "aliases: [/fr/programmes/good/index.html]",
    ));
    says(
        &out,
        &[
            "content/programmes/good.en.md:2",
            "content/programmes/good.fr.md",
        ],
    );
}
