//! The accessibility statement (`accessibility:` in site.yaml): its page in fr, en, es and ar
//! with the model's headings, the footer link with the compliance status on every page, the
//! note a build prints without it, and `fiche init`'s commented example. The bad blocks are
//! in `errors.rs`.

use std::path::Path;

use scraper::{Html, Selector};

use crate::harness::{Site, fixture, html_files};
use crate::site::{page, texts};

/// An `accessibility:` block with `status` and `non_accessible` as given.
fn block(status: &str, non_accessible: &str) -> String {
    format!(
        "accessibility:
  status: {status}
  standard: WCAG 2.1 AA
  body: {{fr: Agence de test, en: Test Agency, es: Agencia de prueba, ar: وكالة الاختبار}}
  assessed_on: 2026-03-01
  assessed_by: {{fr: Cabinet Audit, en: Audit Ltd, es: Auditoría SA, ar: شركة التدقيق}}
{non_accessible}  contact: {{email: a11y@example.org, form: https://example.org/contact/}}
  enforcement:
    name: {{fr: Défenseur des droits, en: Defender of Rights, es: Defensor de Derechos, ar: المدافع عن الحقوق}}
    address: 3 place de Fontenoy, 75007 Paris
    url: https://www.defenseurdesdroits.fr/
"
    )
}

const NON_ACCESSIBLE: &str = "  non_accessible:
    - content: {fr: Les cartes, en: The maps, es: Los mapas, ar: الخرائط}
      reason: non-compliance
      alternative: {fr: La liste des pays, en: The list of countries, es: La lista de países, ar: قائمة البلدان}
    - content: {fr: Les vidéos anciennes, en: Old videos, es: Los vídeos antiguos, ar: مقاطع الفيديو القديمة}
      reason: outside-scope
";

/// The base site in fr, en, es and ar, with `extra` added to its site.yaml, built.
fn built(extra: &str) -> Site {
    let site = Site::from_layers(&[fixture("base")]);
    let config = site
        .read("site.yaml")
        .replace("languages: [fr, en]", "languages: [fr, en, es, ar]");
    site.write("site.yaml", format!("{config}{extra}"));
    site.run(&["build"]).success();
    site
}

/// Each language, the statement's address, its title, the model's headings, and the footer
/// link's text for a partially compliant site.
const LANGUAGES: [(&str, &str, &str, [&str; 5], &str); 4] = [
    (
        "fr",
        "fr/accessibilite/",
        "Déclaration d'accessibilité",
        [
            "État de conformité",
            "Contenus non accessibles",
            "Établissement de cette déclaration d'accessibilité",
            "Retour d'information et contact",
            "Voies de recours",
        ],
        "Accessibilité : partiellement conforme",
    ),
    (
        "en",
        "en/accessibility/",
        "Accessibility statement",
        [
            "Compliance status",
            "Non-accessible content",
            "Preparation of this accessibility statement",
            "Feedback and contact information",
            "Enforcement procedure",
        ],
        "Accessibility: partially compliant",
    ),
    (
        "es",
        "es/accesibilidad/",
        "Declaración de accesibilidad",
        [
            "Situación de cumplimiento",
            "Contenido no accesible",
            "Preparación de la presente declaración de accesibilidad",
            "Observaciones y datos de contacto",
            "Procedimiento de aplicación",
        ],
        "Accesibilidad: parcialmente conforme",
    ),
    (
        "ar",
        "ar/accessibility/",
        "بيان إمكانية الوصول",
        [
            "حالة الامتثال",
            "المحتوى غير المتاح",
            "إعداد بيان إمكانية الوصول هذا",
            "الملاحظات ومعلومات الاتصال",
            "إجراءات الإنفاذ",
        ],
        "إمكانية الوصول: ممتثل جزئيًا",
    ),
];

#[test]
fn the_statement_page_is_in_every_language_with_the_models_headings() {
    let site = built(&block("partial", NON_ACCESSIBLE));
    for (lang, path, title, headings, _) in LANGUAGES {
        let doc = page(&site, &format!("{path}index.html"));
        assert_eq!(doc.root_element().value().attr("lang"), Some(lang));
        assert_eq!(texts(&doc, "main h1"), [title], "{lang}");
        assert_eq!(texts(&doc, "main h2"), headings, "{lang}");
        let body = texts(&doc, "main").join(" ");
        for part in ["WCAG 2.1 AA", "a11y@example.org", "https://example.org/"] {
            assert!(body.contains(part), "{lang}: no `{part}` in {body}");
        }
        // Each translation of the statement links to the others.
        let hreflang = Selector::parse(r#"link[rel="alternate"][hreflang]"#).expect("selector");
        assert_eq!(
            doc.select(&hreflang).count(),
            5,
            "{lang}: 4 languages and x-default"
        );
    }
    // The reasons, the content in the page's language, the alternative, the date and who
    // assessed the site.
    let en = texts(&page(&site, "en/accessibility/index.html"), "main").join(" ");
    for part in [
        "Test Agency is committed to making its website accessible",
        "This website is partially compliant with WCAG 2.1 AA",
        "Non-compliance with the accessibility legislation",
        "The maps Alternative: The list of countries",
        "The content is not within the scope of the applicable legislation",
        "Old videos",
        "This statement was prepared on 1 March 2026.",
        "carried out by a third party: Audit Ltd.",
        "Defender of Rights",
        "3 place de Fontenoy, 75007 Paris",
    ] {
        assert!(en.contains(part), "no `{part}` in {en}");
    }
    assert!(
        !en.contains("Disproportionate burden"),
        "no such item: {en}"
    );
    let fr = texts(&page(&site, "fr/accessibilite/index.html"), "main").join(" ");
    for part in [
        "Les cartes Alternative : La liste des pays",
        "Cette déclaration a été établie le 1er mars 2026.",
        "Cabinet Audit",
    ] {
        assert!(fr.contains(part), "no `{part}` in {fr}");
    }
    let ar = page(&site, "ar/accessibility/index.html");
    assert_eq!(ar.root_element().value().attr("dir"), Some("rtl"));
    assert!(texts(&ar, "main").join(" ").contains("الخرائط"));
}

/// The path from the site root of a link `href` found in the page written at `file`.
fn resolved(public: &Path, file: &Path, href: &str) -> String {
    let dir = file
        .parent()
        .expect("a folder")
        .strip_prefix(public)
        .expect("in public");
    let mut parts: Vec<String> = dir
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for step in href.split('/').filter(|s| !s.is_empty()) {
        if step == ".." {
            parts.pop();
        } else {
            parts.push(step.to_string());
        }
    }
    format!("{}/", parts.join("/"))
}

#[test]
fn every_page_links_to_the_statement_in_its_language_with_the_compliance_status() {
    let site = built(&block("partial", NON_ACCESSIBLE));
    let public = site.path().join("public");
    let link = Selector::parse("footer .accessibility-status a").expect("selector");
    let mut checked = 0;
    for file in html_files(&public) {
        let doc = Html::parse_document(&std::fs::read_to_string(&file).expect("page"));
        let Some(lang) = doc.root_element().value().attr("lang").map(str::to_string) else {
            continue;
        };
        let rel = file.strip_prefix(&public).expect("in public");
        if rel == Path::new("index.html") {
            // The root page only sends readers to their language.
            continue;
        }
        let (_, path, _, _, label) = LANGUAGES
            .iter()
            .find(|l| l.0 == lang)
            .unwrap_or_else(|| panic!("{}: unexpected language {lang}", rel.display()));
        let links: Vec<_> = doc.select(&link).collect();
        assert_eq!(links.len(), 1, "{}: one footer link", rel.display());
        let href = links[0].value().attr("href").expect("href");
        let target = if rel.file_name().is_some_and(|n| n == "404.html") {
            // 404 pages (the root one and each language's) are served at any depth: their
            // links start from the site root.
            href.trim_start_matches('/').to_string()
        } else {
            resolved(&public, &file, href)
        };
        assert_eq!(&target, path, "{}", rel.display());
        assert_eq!(texts(&doc, "footer .accessibility-status a"), [*label]);
        checked += 1;
    }
    assert!(checked > 40, "only {checked} pages checked");
}

#[test]
fn the_status_words_follow_the_status() {
    for (status, fr_footer, en_footer, en_sentence) in [
        (
            "full",
            "Accessibilité : totalement conforme",
            "Accessibility: fully compliant",
            "This website is fully compliant with WCAG 2.1 AA.",
        ),
        (
            "none",
            "Accessibilité : non conforme",
            "Accessibility: not compliant",
            "This website is not compliant with WCAG 2.1 AA.",
        ),
    ] {
        let site = built(&block(status, ""));
        let en = page(&site, "en/accessibility/index.html");
        assert_eq!(texts(&en, "footer .accessibility-status"), [en_footer]);
        assert!(texts(&en, "main").join(" ").contains(en_sentence));
        // Nothing listed: no "Non-accessible content" section.
        assert_eq!(texts(&en, "main h2").len(), 4, "{status}");
        let fr = page(&site, "fr/index.html");
        assert_eq!(texts(&fr, "footer .accessibility-status"), [fr_footer]);
        let es = page(&site, "es/index.html");
        assert_eq!(texts(&es, "footer .accessibility-status").len(), 1);
    }
}

#[test]
fn a_build_without_a_statement_says_so_in_one_note_that_deny_warnings_lets_through() {
    let site = Site::from_layers(&[fixture("base")]);
    let run = site.run(&["build", "--deny-warnings"]);
    run.success();
    // After the summary, on standard output: warnings and their count stay on standard error.
    assert!(!run.stderr().contains("accessibility"), "{}", run.stderr());
    let notes: Vec<String> = run
        .stdout()
        .lines()
        .filter(|l| l.contains("accessibility"))
        .map(str::to_string)
        .collect();
    assert_eq!(notes.len(), 1, "{}", run.stdout());
    assert!(notes[0].starts_with("note: no accessibility statement: a public body"));
    assert!(!site.path().join("public/fr/accessibilite").exists());
    assert!(
        !site
            .read("public/fr/index.html")
            .contains("accessibility-status")
    );

    // With the block: no note.
    let site = built(&block("partial", ""));
    let run = site.run(&["build", "--deny-warnings"]);
    run.success();
    assert!(!run.stdout().contains("accessibility"), "{}", run.stdout());
}

#[test]
fn init_writes_a_commented_example_that_builds_once_uncommented() {
    let site = Site::from_layers(&[]);
    site.run(&["init", "."]).success();
    let config = site.read("site.yaml");
    assert!(config.contains("# accessibility:"), "{config}");
    // Uncomment the example: the block and every line under it.
    let mut inside = false;
    let uncommented: Vec<String> = config
        .lines()
        .map(|l| {
            if l.starts_with("# accessibility:") {
                inside = true;
            } else if !l.starts_with("#   ") {
                inside = false;
            }
            match inside {
                true => l[2..].to_string(),
                false => l.to_string(),
            }
        })
        .collect();
    site.write("site.yaml", uncommented.join("\n") + "\n");
    let run = site.run(&["build", "--deny-warnings"]);
    run.success();
    let fr = page(&site, "fr/accessibilite/index.html");
    assert!(texts(&fr, "main").join(" ").contains("RGAA 4.1"));
    assert_eq!(
        texts(&fr, "footer .accessibility-status"),
        ["Accessibilité : partiellement conforme"]
    );
}
