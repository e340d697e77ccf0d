//! The default theme's promises that need no browser: accessible structure on every page,
//! maps that cost a page a few hundred bytes, the filters' search index, colours and logo
//! from `site.yaml`.

use scraper::{ElementRef, Html, Selector};

use crate::harness::{Site, fixture, html_files, repo, search_index, search_words};

fn select(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn demo() -> Site {
    let site = Site::from_layers(&[]);
    let root = repo().display().to_string();
    let output = site.path().join("public").display().to_string();
    site.run(&["build", "--root", &root, "--output", &output, "--drafts"])
        .success();
    site
}

#[test]
fn every_page_has_lang_dir_a_skip_link_landmarks_one_h1_and_ordered_headings() {
    let demo = demo();
    let arabic = Site::from_layers(&[fixture("arabic")]);
    arabic.run(&["build", "--drafts"]).success();
    let mut checked = 0;
    for site in [&demo, &arabic] {
        let public = site.path().join("public");
        for page in html_files(&public) {
            let rel = page
                .strip_prefix(&public)
                .expect("inside")
                .display()
                .to_string();
            let doc = Html::parse_document(&std::fs::read_to_string(&page).expect("read"));
            let html = doc.select(&select("html")).next().expect("html");
            assert!(
                html.value().attr("lang").is_some_and(|l| !l.is_empty()),
                "{rel}: lang"
            );
            assert!(
                matches!(html.value().attr("dir"), Some("ltr" | "rtl")),
                "{rel}: dir"
            );
            assert_eq!(doc.select(&select("h1")).count(), 1, "{rel}: one h1");
            assert_eq!(doc.select(&select("main#main")).count(), 1, "{rel}: main");
            let redirect = doc
                .select(&select("meta[http-equiv=refresh]"))
                .next()
                .is_some();
            if rel == "index.html" || redirect {
                // The language chooser, and the redirect page of an old address (`aliases:`):
                // a main and nothing to skip.
                continue;
            }
            let skip = doc
                .select(&select("a.skip-link"))
                .next()
                .unwrap_or_else(|| panic!("{rel}: skip link"));
            assert_eq!(skip.value().attr("href"), Some("#main"), "{rel}");
            for landmark in ["header", "nav", "footer"] {
                assert!(
                    doc.select(&select(landmark)).next().is_some(),
                    "{rel}: {landmark}"
                );
            }
            // Headings never skip a level on the way down.
            let mut level = 0;
            for h in doc.select(&select("h1, h2, h3, h4, h5, h6")) {
                let n: usize = h.value().name()[1..].parse().expect("level");
                assert!(
                    n <= level + 1,
                    "{rel}: <h{n}> \"{}\" follows <h{level}>",
                    h.text().collect::<String>().trim()
                );
                level = n;
            }
            for img in doc.select(&select("img")) {
                assert!(
                    img.value().attr("alt").is_some(),
                    "{rel}: an img without alt"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} pages checked");
}

/// The size of a fact sheet's HTML without its Markdown body.
fn size_without_body(html: &str) -> usize {
    let doc = Html::parse_document(html);
    let body: usize = doc
        .select(&select(".fiche-body"))
        .map(|b| b.inner_html().len())
        .sum();
    html.len() - body
}

#[test]
fn a_fact_sheet_without_its_body_stays_under_30_kb_because_the_map_is_shared() {
    let site = demo();
    let public = site.path().join("public");
    let world = std::fs::metadata(public.join("map/world.svg"))
        .expect("the shared map is in the output")
        .len();
    assert!(world > 100_000, "the world map is {world} bytes");
    let mut largest = (0, String::new());
    for page in html_files(&public.join("en/programmes")) {
        let html = std::fs::read_to_string(&page).expect("read");
        let size = size_without_body(&html);
        if size > largest.0 {
            largest = (size, page.display().to_string());
        }
        let doc = Html::parse_document(&html);
        let svg = doc
            .select(&select(".facts svg.map-svg"))
            .next()
            .unwrap_or_else(|| panic!("{}: a map in the key facts", page.display()));
        // A group, not an image: it holds the countries' links.
        assert_eq!(svg.value().attr("role"), Some("group"));
        let label = svg.value().attr("aria-labelledby").expect("a name");
        let title = doc
            .select(&select(&format!("svg title#{label}")))
            .next()
            .expect("the map's title");
        assert!(title.text().collect::<String>().starts_with("Map: "));
        let using = svg.select(&select("use")).next().expect("use");
        let href = using.value().attr("href").unwrap_or("");
        assert!(
            ["world", "pacific"]
                .map(|v| format!("../../../map/{v}.svg#world"))
                .contains(&href.to_string()),
            "{href}"
        );
        // Each of its countries is a named link to its page.
        let links: Vec<_> = svg.select(&select("a")).collect();
        assert!(!links.is_empty(), "{}: no country link", page.display());
        for a in links {
            let (href, name) = (a.value().attr("href"), a.value().attr("aria-label"));
            assert!(
                href.is_some_and(|h| h.starts_with("../../../en/countries/")),
                "{href:?}"
            );
            assert!(name.is_some_and(|n| !n.is_empty()));
        }
    }
    assert!(largest.0 > 0 && largest.0 < 30_000, "{largest:?}");
}

fn style_of(doc: &Html, selector: &str) -> String {
    doc.select(&select(selector))
        .next()
        .and_then(|e: ElementRef| e.value().attr("style"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn maps_colour_a_pages_countries_and_shade_the_home_page_by_programme_count() {
    let site = demo();
    // el-paccto-2 runs in Brazil among others; blue-pacific in Fiji, not in Brazil.
    let fiche = Html::parse_document(&site.read("public/en/programmes/el-paccto-2/index.html"));
    let style = style_of(&fiche, "svg.map-svg");
    assert!(style.contains("--BR:var(--map-highlight);"), "{style}");
    assert!(!style.contains("--FJ:"), "{style}");

    let country = Html::parse_document(&site.read("public/en/countries/brazil/index.html"));
    assert_eq!(
        style_of(&country, "svg.map-svg"),
        "--BR:var(--map-highlight);"
    );

    let home = Html::parse_document(&site.read("public/en/index.html"));
    let style = style_of(&home, "svg.map-svg");
    assert!(style.contains("--BR:var(--map-") && style.contains("--FJ:var(--map-"));
    let legend: Vec<String> = home
        .select(&select(".legend li"))
        .map(|li| li.text().collect::<String>())
        .collect();
    assert!(
        !legend.is_empty() && legend[0].contains("programme"),
        "{legend:?}"
    );
    // The countries are always listed as text too.
    assert!(
        home.select(&select("nav.filters a"))
            .any(|a| a.text().any(|t| t == "Brazil"))
    );
    // On the home page each country with programmes links to its page, named with its count.
    let brazil = home
        .select(&select("svg.map-svg a[data-country=BR]"))
        .next()
        .expect("Brazil is a link");
    assert_eq!(brazil.value().attr("href"), Some("../en/countries/brazil/"));
    assert_eq!(
        brazil.value().attr("aria-label"),
        Some("Brazil (1 programme)"),
        "named with its number of programmes (as in the filters)"
    );
    let index = Html::parse_document(&site.read("public/en/countries/index.html"));
    assert!(!style_of(&index, "svg.map-svg").is_empty());

    // Blue Pacific's countries lie on both sides of the antimeridian: its map is the one
    // centred on the Pacific, with markers for the islands too small to see.
    let pacific = Html::parse_document(&site.read("public/en/programmes/blue-pacific/index.html"));
    let using = pacific
        .select(&select("svg.map-svg > use"))
        .next()
        .expect("use");
    assert_eq!(
        using.value().attr("href"),
        Some("../../../map/pacific.svg#world")
    );
    assert!(
        pacific
            .select(&select("svg.map-svg a[data-country=NR] .marker"))
            .next()
            .is_some()
    );
}

#[test]
fn search_index_lists_every_programme_of_the_language_with_its_body_and_terms() {
    let site = demo();
    let (index, fragments) = search_index(&site, "es");
    // Every programme, in Spanish or, when it has no Spanish version, in another language.
    let sheets = std::fs::read_dir(repo().join("content/programmes"))
        .expect("content")
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_string_lossy()
                .split('.')
                .next()
                .map(str::to_string)
        })
        .collect::<std::collections::BTreeSet<_>>();
    assert_eq!(fragments.len(), sheets.len());
    // In the home page's order: the fragments' addresses are its cards' links, in order.
    let home = Html::parse_document(&site.read("public/es/index.html"));
    let links: Vec<String> = home
        .select(&select(".results-list .card h3 a"))
        .filter_map(|a| a.value().attr("href"))
        .map(|h| h.trim_start_matches("../").to_string())
        .collect();
    let urls: Vec<String> = fragments
        .iter()
        .map(|f| f["url"].as_str().expect("url").to_string())
        .collect();
    assert_eq!(urls, links);
    // The cards are the page's cards, with \u{1} where the page's way to the root goes.
    let card = fragments[0]["card"]
        .as_str()
        .expect("card")
        .replace('\u{1}', "../");
    assert!(card.starts_with("<article"), "{card}");
    assert!(site.read("public/es/index.html").contains(&card), "{card}");
    let fallback = fragments
        .iter()
        .find(|f| {
            f["card"]
                .as_str()
                .is_some_and(|c| c.contains("fallback-note"))
        })
        .expect("mekong-wildlife has no Spanish version");
    assert!(
        fallback["url"]
            .as_str()
            .is_some_and(|u| !u.starts_with("es/")),
        "{fallback}"
    );
    // Every facet, with a row per programme; EL PAcCTO's countries are all there.
    let facets = index["facets"].as_array().expect("facets");
    let names: Vec<&str> = facets.iter().filter_map(|f| f["name"].as_str()).collect();
    assert_eq!(
        names,
        ["country", "region", "theme", "donor", "status", "year"]
    );
    let words = search_words(&site, "es");
    let paccto = urls
        .iter()
        .position(|u| u.contains("/pacto-el/"))
        .expect("EL PAcCTO at its Spanish address");
    // Bodies are searched: a word of EL PAcCTO's Spanish body that its summary lacks.
    let body = std::fs::read_to_string(repo().join("content/programmes/el-paccto-2.es.md"))
        .expect("fact sheet");
    let last_line = body
        .lines()
        .rev()
        .find(|l| l.split_whitespace().count() > 3)
        .expect("text");
    let word = last_line
        .split_whitespace()
        .filter(|w| w.chars().all(char::is_alphabetic))
        .max_by_key(|w| w.len())
        .expect("a word");
    assert!(
        fragments[paccto]["text"]
            .as_str()
            .is_some_and(|c| c.contains(word)),
        "{word}"
    );
    // Folded as a reader types it: lowercase, without accents.
    let folded: String = word
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' => 'a',
            'é' | 'è' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' | 'ü' => 'u',
            'ñ' => 'n',
            c => c,
        })
        .collect();
    assert!(
        words
            .get(&folded)
            .is_some_and(|found| found.contains(&paccto)),
        "{folded} is not indexed for EL PAcCTO"
    );
}

#[test]
fn colours_and_logo_from_site_yaml_reach_every_page() {
    let site = Site::from_layers(&[fixture("base")]);
    let yaml = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!(
            "{yaml}colours:\n  brand: \"#5a2d82\"\n  accent: \"#A03010\"\nlogo: images/logo.svg\n"
        ),
    );
    site.write(
        "static/images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"5\"/></svg>",
    );
    site.run(&["build"]).success();
    for page in html_files(&site.path().join("public/en")) {
        let html = std::fs::read_to_string(&page).expect("read");
        assert!(
            html.contains("--colour-brand: #5a2d82; --colour-accent: #a03010;"),
            "{}",
            page.display()
        );
        assert!(
            html.contains("images/logo.svg\" alt=\"\">"),
            "{}",
            page.display()
        );
    }
}

#[test]
fn the_logo_is_the_icon_of_every_page_so_browsers_ask_for_no_favicon_ico() {
    let site = Site::from_layers(&[fixture("base")]);
    let yaml = site.read("site.yaml");
    site.run(&["build"]).success();
    let public = site.path().join("public");
    let icon = select(r#"link[rel="icon"]"#);
    for page in html_files(&public) {
        let html = Html::parse_document(&std::fs::read_to_string(&page).expect("read"));
        assert_eq!(
            html.select(&icon).count(),
            0,
            "no logo, no icon: {}",
            page.display()
        );
    }

    site.write("site.yaml", format!("{yaml}logo: images/Logo.SVG\n"));
    site.write(
        "static/images/Logo.SVG",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"5\"/></svg>",
    );
    site.run(&["build"]).success();
    let mut checked = 0;
    for page in html_files(&public) {
        let html = Html::parse_document(&std::fs::read_to_string(&page).expect("read"));
        let links: Vec<ElementRef> = html.select(&icon).collect();
        assert_eq!(links.len(), 1, "{}", page.display());
        assert_eq!(links[0].value().attr("type"), Some("image/svg+xml"));
        let href = links[0].value().attr("href").expect("href");
        // Relative on most pages, from the base path on the 404 pages: it names the logo.
        let target = match href.strip_prefix('/') {
            Some(from_root) => public.join(from_root),
            None => page.parent().expect("folder").join(href),
        };
        assert!(target.is_file(), "{}: {href}", page.display());
        checked += 1;
    }
    assert!(checked > 20, "{checked} pages");

    site.write("site.yaml", format!("{yaml}logo: logo.png\n"));
    site.write("static/logo.png", b"\x89PNG\r\n\x1a\n");
    site.run(&["build"]).success();
    let home = std::fs::read_to_string(public.join("en/index.html")).expect("read");
    assert!(home.contains(r#"<link rel="icon" href="../logo.png" type="image/png">"#));
}

/// The Open Graph and Twitter card tags of a page, by property or name (repeated ones joined
/// with a space).
fn social_tags(page: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    let html = Html::parse_document(&std::fs::read_to_string(page).expect("read"));
    let mut tags = std::collections::BTreeMap::<String, String>::new();
    for meta in html.select(&select("meta[property], meta[name^='twitter:']")) {
        let key = meta
            .value()
            .attr("property")
            .or(meta.value().attr("name"))
            .expect("key");
        let content = meta.value().attr("content").unwrap_or_default();
        tags.entry(key.to_string())
            .and_modify(|v| *v = format!("{v} {content}"))
            .or_insert_with(|| content.to_string());
    }
    tags
}

#[test]
fn fact_sheets_have_open_graph_and_twitter_tags_with_their_image_escaped() {
    let site = Site::from_layers(&[fixture("valid")]);
    let file = "content/programmes/el-paccto.en.md";
    let title = r#"EL "PAcCTO" <2.0> & co"#;
    site.write(
        file,
        site.read(file)
            .replace("title: EL PAcCTO 2.0", r#"title: 'EL "PAcCTO" <2.0> & co'"#),
    );
    let base = "https://example.org/coop/";
    site.run(&["build", "--base-url", base]).success();
    let public = site.path().join("public");
    let raw =
        std::fs::read_to_string(public.join("en/programmes/el-paccto/index.html")).expect("read");
    assert!(!raw.contains("<2.0>"), "the title is escaped");
    let tags = social_tags(&public.join("en/programmes/el-paccto/index.html"));
    let image_alt = Html::parse_document(&raw)
        .select(&select(".fiche-image img"))
        .next()
        .and_then(|img| img.value().attr("alt").map(str::to_string))
        .expect("the fact sheet's image");
    let want = |pairs: &[(&str, &str)]| -> std::collections::BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(
        tags,
        want(&[
            ("og:type", "article"),
            ("og:title", title),
            ("og:description", "A partnership for justice and security."),
            (
                "og:url",
                "https://example.org/coop/en/programmes/el-paccto/"
            ),
            ("og:site_name", "Cooperation programmes"),
            ("og:locale", "en_US"),
            ("og:locale:alternate", "fr_FR es_ES"),
            ("og:image", "https://example.org/coop/images/paccto.svg"),
            ("og:image:alt", &image_alt),
            ("twitter:card", "summary_large_image"),
        ])
    );

    // Without an image: a small card.
    let tags = social_tags(&public.join("fr/programmes/blue-pacific/index.html"));
    assert_eq!(tags["twitter:card"], "summary");
    assert_eq!(tags["og:locale:alternate"], "en_US");
    assert!(!tags.contains_key("og:image"), "{tags:?}");

    // Other pages: the site's.
    let tags = social_tags(&public.join("es/index.html"));
    assert_eq!(
        tags,
        want(&[
            ("og:type", "website"),
            ("og:title", "Programas de cooperación"),
            ("og:description", "Fichas de prueba."),
            ("og:url", "https://example.org/coop/es/"),
            ("og:site_name", "Programas de cooperación"),
            ("og:locale", "es_ES"),
            ("og:locale:alternate", "fr_FR en_US"),
            ("twitter:card", "summary"),
        ])
    );
}

#[test]
fn a_colour_too_light_for_white_text_is_an_error_with_one_that_passes() {
    let site = Site::from_layers(&[fixture("base")]);
    let yaml = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{yaml}colours:\n  brand: \"#66aacc\"\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(err.contains("site.yaml:"), "{err}");
    assert!(
        err.contains("`brand`: ") && err.contains("white text on the header and buttons"),
        "{err}"
    );
    assert!(
        err.contains("below the 4.5:1 that WCAG 2.1 AA asks for"),
        "{err}"
    );
    assert_eq!(
        err.matches("error: `colours`").count(),
        1,
        "one error per colour: {err}"
    );
    assert!(
        err.contains("a colour close to it that passes: `\"#"),
        "{err}"
    );
}

#[test]
fn a_logo_missing_from_static_is_an_error_at_its_line() {
    let site = Site::from_layers(&[fixture("base")]);
    let yaml = site.read("site.yaml");
    site.write("site.yaml", format!("{yaml}logo: images/nowhere.svg\n"));
    let run = site.run(&["build"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(
        err.contains("`images/nowhere.svg` is not in `static/`"),
        "{err}"
    );
    let line = yaml.lines().count() + 1;
    assert!(err.contains(&format!("site.yaml:{line}:")), "{err}");
}

#[test]
fn body_headings_never_take_an_id_of_the_theme_and_links_to_them_still_work() {
    let site = Site::from_layers(&[fixture("base")]);
    let text = site.read("content/programmes/good.fr.md");
    site.write(
        "content/programmes/good.fr.md",
        format!(
            "{text}\n## Map label\n\n## Main\n\nVoir [la carte](#map-label-2) et [le début](#main-2).\n"
        ),
    );
    site.run(&["build"]).success();
    let page = site.read("public/fr/programmes/good/index.html");
    let doc = Html::parse_document(&page);
    let mut ids: Vec<&str> = doc
        .select(&select("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    for id in ["map-label", "map-label-2", "main", "main-2"] {
        assert_eq!(ids.iter().filter(|i| **i == id).count(), 1, "{id}");
    }
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "every id of the page is unique");
}

/// The titles of the cards a page shows, in order: each `article.card`'s heading.
fn card_titles(page: &str) -> Vec<String> {
    Html::parse_document(page)
        .select(&select("article.card h3, p.looped"))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn a_theme_that_loops_over_programmes_and_related_itself_still_lists_every_card() {
    // fiche keeps the cards as Tera values only when a template names `programmes` or
    // `related`: the default theme shows `programmes_html` and does not.
    let demo = demo();
    let site = Site::from_layers(&[]);
    for folder in ["content", "data", "static"] {
        crate::harness::copy_tree(&repo().join(folder), &site.path().join(folder));
    }
    crate::harness::copy_tree(
        &repo().join("themes/default"),
        &site.path().join("themes/looped"),
    );
    let config = std::fs::read_to_string(repo().join("site.yaml")).expect("site.yaml");
    assert!(
        config.contains("theme: default"),
        "site.yaml names its theme"
    );
    site.write(
        "site.yaml",
        config.replacen("theme: default", "theme: looped", 1),
    );
    let loop_over = |list: &str| {
        format!(
            "{{% for card in {list} %}}<p class=\"looped\">{{{{ card.title }}}}</p>{{% endfor %}}"
        )
    };
    for (template, list) in [
        ("home.html", "programmes"),
        ("term.html", "programmes"),
        ("programme.html", "related"),
    ] {
        let rel = format!("themes/looped/templates/{template}");
        let from =
            format!("{{% set cards_html = {list}_html %}}{{% include \"partials/cards.html\" %}}");
        let text = site.read(&rel);
        assert!(text.contains(&from), "{rel} no longer contains `{from}`");
        site.write(&rel, text.replacen(&from, &loop_over(list), 1));
    }
    site.run(&["build", "--drafts"]).success();
    let mut compared = 0;
    for page in html_files(&demo.path().join("public")) {
        let rel = page.strip_prefix(demo.path()).expect("inside");
        let shown = card_titles(&std::fs::read_to_string(&page).expect("read"));
        if shown.is_empty() {
            continue;
        }
        let looped = card_titles(&site.read(&rel.display().to_string()));
        assert_eq!(looped, shown, "{}", rel.display());
        compared += 1;
    }
    assert!(compared > 10, "only {compared} pages with cards");
}

#[test]
fn every_term_page_has_a_description_for_search_engines() {
    // A data file's `description:` when it gives one, else the term's name and count.
    let demo = demo();
    let public = demo.path().join("public/en");
    let mut checked = 0;
    for section in [
        "countries",
        "regions",
        "themes",
        "donors",
        "partners",
        "status",
        "years",
    ] {
        for page in html_files(&public.join(section)) {
            if page.parent() == Some(&public.join(section)) {
                continue;
            }
            let doc = Html::parse_document(&std::fs::read_to_string(&page).expect("read"));
            let description = doc
                .select(&select("meta[name=description]"))
                .next()
                .and_then(|m| m.value().attr("content"))
                .unwrap_or_default();
            assert!(!description.trim().is_empty(), "{}", page.display());
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
    let brazil = std::fs::read_to_string(public.join("countries/brazil/index.html")).expect("read");
    assert!(
        brazil.contains(r#"<meta name="description" content="Brazil: "#),
        "{brazil}"
    );
}
