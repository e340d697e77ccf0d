//! `fiche import`: IATI activity files (the real ones in `tests/sites/import/iati/` and the small
//! fixture `tests/sites/import/small.xml`) and tables (`programmes.{csv,xlsx,ods}`) written
//! into a site that `fiche build` then builds; updates that keep edited words; bad input that
//! writes nothing.

use crate::harness::{Site, fixture};

/// `tests/sites/import/<name>`.
fn input(name: &str) -> String {
    fixture("import").join(name).display().to_string()
}

/// A real IATI file, kept in `tests/sites/import/iati/` (see its README for sources and
/// licences).
fn shared(name: &str) -> String {
    fixture("import/iati").join(name).display().to_string()
}

/// The import fixture site: languages en and fr, data files with comments of their own.
fn import_site() -> Site {
    Site::from_layers(&[fixture("import/site")])
}

/// A site made by the real `fiche init`, in an empty folder.
fn initialised() -> Site {
    let site = Site::from_layers(&[]);
    site.run(&["init", "."]).success();
    site
}

fn programmes(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.path().join("content/programmes"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn usaid_file_after_init_imports_63_activities_in_english_leaves_spanish_out_and_builds() {
    let site = initialised();
    let run = site.run(&["import", "iati", &shared("usaid-bo.xml")]);
    run.success();
    let out = run.stdout();
    assert!(out.contains("Imported 63 activities"), "{out}");
    assert!(out.contains("63 new programmes"), "{out}");
    assert!(
        out.contains("es (126 narratives)"),
        "Spanish is reported: {out}"
    );
    assert!(out.contains("304 × transactions"), "{out}");
    let files = programmes(&site);
    // 63 imported in English, plus the example of `fiche init` in French and English.
    assert_eq!(files.iter().filter(|f| f.ends_with(".en.md")).count(), 64);
    assert_eq!(files.iter().filter(|f| f.ends_with(".fr.md")).count(), 1);
    let donors = site.read("data/donors.yaml");
    assert!(
        donors.starts_with("eu:\n"),
        "fiche init's entry is kept: {donors}"
    );
    assert!(donors.contains("iati_ref: US-GOV-1\n"), "{donors}");
    // Countries come from the transactions when the activity has none.
    let protection = files
        .iter()
        .map(|f| site.read(&format!("content/programmes/{f}")))
        .find(|t| t.contains("iati_identifier: US-GOV-1-00019MO001255"))
        .expect("the first activity is imported");
    assert!(protection.contains("countries: [BO]\n"), "{protection}");
    assert!(protection.contains("title: Protection, Assistance and Solutions\n"));
    // Commitments 200,000 and −55,140.
    assert!(
        protection.contains("amount: {value: 144860, currency: USD}\n"),
        "{protection}"
    );
    site.run(&["build"]).success();
}

#[test]
fn worldbank_regions_without_countries_are_reported_and_revised_budgets_give_the_amount() {
    let site = initialised();
    let run = site.run(&["import", "iati", &shared("worldbank-679.xml")]);
    run.success();
    let out = run.stdout();
    assert!(out.contains("Imported 5 activities"), "{out}");
    assert!(
        out.contains("5 × activities with a recipient region and no country: imported without countries, so on no country or region page (regions: South Asia, regional (679) ×5)"),
        "{out}"
    );
    assert!(out.contains("75 × results: not shown"), "{out}");
    assert!(out.contains("32 × locations"), "{out}");
    assert!(out.contains("369 × budget periods"), "{out}");
    let casa =
        site.read("content/programmes/central-asia-south-asia-electricity-transmission.en.md");
    assert!(!casa.contains("countries:"), "{casa}");
    assert!(
        casa.contains("iati_identifier: \"44000-P145054\"\n"),
        "{casa}"
    );
    // The summary is the first sentences of the general description; the body keeps it all.
    assert!(casa.contains("summary: The development objective of the 1000 Electricity"));
    assert!(casa.contains("The project has three components."));
    let amount = casa
        .lines()
        .find(|l| l.starts_with("amount: "))
        .expect("an amount from the budgets");
    assert!(amount.contains("currency: USD"), "{amount}");
    site.run(&["build"]).success();
}

#[test]
fn small_file_maps_every_field_into_a_source_file_and_a_translation() {
    let site = import_site();
    let run = site.run(&["import", "iati", &input("small.xml")]);
    run.success();
    insta::assert_snapshot!(
        "import_small_clean_water_en",
        site.read("content/programmes/clean-water-for-schools.en.md")
    );
    let fr = site.read("content/programmes/clean-water-for-schools.fr.md");
    // The translation carries its words and, until facts are written once, the same facts.
    assert!(
        fr.contains("title: De l’eau propre pour les écoles\n"),
        "{fr}"
    );
    assert!(fr.contains("amount: 2000000.50\n"), "{fr}");
    assert!(fr.contains("  - title: Plan du programme\n"), "{fr}");
    // Mixed currencies in the commitments: no amount, and it is said.
    let justice = site.read("content/programmes/access-to-justice.en.md");
    assert!(!justice.contains("amount"), "{justice}");
    assert!(justice.contains("countries: [BF]\n"));
    let out = run.stdout();
    assert!(out.contains("de (1 narratives)"), "{out}");
    assert!(out.contains("1 × activities whose commitments are in several currencies"));
    assert!(out.contains("1 × recipient regions beside countries"));
    // The data files keep their text and comments; entries are appended.
    let donors = site.read("data/donors.yaml");
    assert!(donors.starts_with(
        "# Donors we work with. Keep this comment.\neu:\n  name: {en: European Union, fr: Union européenne}   # written by hand\n"
    ));
    assert!(donors.contains(
        "netherlands:\n  name:\n    en: Netherlands\n    fr: Pays-Bas\n  iati_ref: XM-DAC-7\n"
    ));
    assert!(
        !donors.contains("european-union"),
        "matched by its IATI ref: {donors}"
    );
    let themes = site.read("data/themes.yaml");
    assert!(
        themes.contains("    fr: Santé de base\n  extra: {iati_sector: \"2:122\"}"),
        "{themes}"
    );
    assert!(
        site.read("data/partners.yaml")
            .starts_with("wateraid-senegal:\n")
    );
    site.run(&["build"]).success();
}

#[test]
fn slugs_are_the_same_on_every_run() {
    let first = import_site();
    let second = import_site();
    first
        .run(&["import", "iati", &input("small.xml")])
        .success();
    second
        .run(&["import", "iati", &input("small.xml")])
        .success();
    assert_eq!(first.files("content"), second.files("content"));
    assert_eq!(
        programmes(&first),
        [
            "access-to-justice.en.md",
            "access-to-justice.fr.md",
            "clean-water-for-schools.en.md",
            "clean-water-for-schools.fr.md",
            "sahel-research-network.en.md"
        ]
    );
}

#[test]
fn without_update_nothing_is_overwritten_and_dry_run_writes_nothing() {
    let site = import_site();
    let dry = site.run(&["import", "iati", &input("small.xml"), "--dry-run"]);
    dry.success();
    assert!(
        dry.stdout()
            .contains("=== content/programmes/clean-water-for-schools.en.md (new)")
    );
    assert!(dry.stdout().contains("Dry run: nothing was written."));
    assert!(programmes(&site).is_empty());
    assert!(!site.path().join(".fiche").exists());

    site.run(&["import", "iati", &input("small.xml")]).success();
    insta::assert_snapshot!(
        "import_again_without_update",
        refused(&site, &["import", "iati", &input("small.xml")])
    );
}

#[test]
fn update_changes_facts_keeps_edited_words_adds_new_ones_and_lists_those_gone() {
    let site = import_site();
    site.run(&["import", "iati", &input("small.xml")]).success();
    // An editor rewrites the English title and body of one programme, and adds a field.
    let path = "content/programmes/clean-water-for-schools.en.md";
    let edited = site
        .read(path)
        .replace(
            "title: Clean Water for Schools",
            "title: Water in every school",
        )
        .replace("Second paragraph: maintenance", "Edited: maintenance")
        .replace(
            "status: ongoing\n",
            "status: ongoing\ndraft: false # reviewed\n",
        );
    site.write(path, &edited);
    // A newer file: the budget is revised again, a title changes, one activity is gone and
    // one is new.
    let newer = std::fs::read_to_string(input("small.xml"))
        .expect("fixture")
        .replace(">1200000<", ">1500000<")
        .replace(
            "De l’eau propre pour les écoles",
            "De l’eau potable pour les écoles",
        )
        .replace(
            "<narrative>Clean Water for Schools</narrative>",
            "<narrative>Clean water for all schools</narrative>",
        )
        .replace("XM-TEST-1-SAHEL-RESEARCH", "XM-TEST-1-SAHEL-CLIMATE")
        .replace("Sahel research network", "Sahel climate network")
        .replace("XM-TEST-1-JUSTICE", "XM-TEST-1-JUSTICE-GONE");
    site.write("newer.xml", newer);
    let run = site.run(&["import", "iati", "newer.xml", "--update"]);
    run.success();
    let out = run.stdout();
    assert!(out.contains("2 new programmes, 1 updated"), "{out}");
    assert!(
        out.contains("content/programmes/clean-water-for-schools.en.md: title"),
        "{out}"
    );
    assert!(
        out.contains("content/programmes/clean-water-for-schools.en.md: body"),
        "{out}"
    );
    assert!(
        out.contains("No longer in the input, left as they are (2):"),
        "{out}"
    );
    assert!(
        out.contains("access-to-justice (XM-TEST-1-JUSTICE)"),
        "{out}"
    );
    assert!(
        out.contains("sahel-research-network (XM-TEST-1-SAHEL-RESEARCH)"),
        "{out}"
    );

    let en = site.read(path);
    assert!(
        en.contains("title: Water in every school\n"),
        "edited title kept: {en}"
    );
    assert!(en.contains("Edited: maintenance"), "edited body kept: {en}");
    assert!(
        en.contains("draft: false # reviewed\n"),
        "the editor's line is kept: {en}"
    );
    assert!(en.contains("amount: 2300000.50\n"), "facts updated: {en}");
    let fr = site.read("content/programmes/clean-water-for-schools.fr.md");
    assert!(
        fr.contains("title: De l’eau potable pour les écoles\n"),
        "unedited words follow the file: {fr}"
    );
    assert!(fr.contains("amount: 2300000.50\n"));
    // Organisations and themes are found again in the data files, not added twice.
    assert_eq!(
        site.read("data/donors.yaml")
            .matches("netherlands:")
            .count(),
        1
    );
    assert_eq!(
        site.read("data/themes.yaml")
            .matches("iati_sector: \"1:14030\"")
            .count(),
        1
    );
    // Gone from the file, still in the site.
    assert!(
        site.path()
            .join("content/programmes/access-to-justice.en.md")
            .exists()
    );
    assert!(
        site.path()
            .join("content/programmes/sahel-climate-network.en.md")
            .exists()
    );
    site.run(&["build"]).success();

    // A third run with the same file changes nothing.
    let before = site.files("content");
    site.run(&["import", "iati", "newer.xml", "--update"])
        .success();
    assert_eq!(site.files("content"), before);
}

#[test]
fn themes_map_sends_sector_codes_to_the_sites_own_themes() {
    let site = import_site();
    site.write(
        "themes-map.yaml",
        "14030: health\n\"122\": health\n\"99:WASH\": ~\n15130: health\n43082: health\n",
    );
    site.run(&[
        "import",
        "iati",
        &input("small.xml"),
        "--themes",
        "themes-map.yaml",
    ])
    .success();
    let en = site.read("content/programmes/clean-water-for-schools.en.md");
    assert!(en.contains("themes: [health]\n"), "{en}");
    assert_eq!(
        site.read("data/themes.yaml"),
        "# Our own themes.\nhealth:\n  name: {en: Health, fr: Santé}\n"
    );

    let wrong = import_site();
    wrong.write("themes-map.yaml", "14030: helth\n");
    let run = wrong.run(&[
        "import",
        "iati",
        &input("small.xml"),
        "--themes",
        "themes-map.yaml",
    ]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("`helth` is not a key of data/themes.yaml"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("did you mean `health`?"));
}

#[test]
fn tables_in_csv_xlsx_and_ods_give_the_same_facts() {
    for name in ["programmes.csv", "programmes.xlsx", "programmes.ods"] {
        let site = import_site();
        site.run(&["import", "table", &input(name)]).success();
        let gardens = site.read("content/programmes/market-gardens.en.md");
        assert!(
            gardens.contains("countries: [SN, ML]\n"),
            "{name}: {gardens}"
        );
        assert!(gardens.contains("amount: 1500000\n"), "{name}: {gardens}");
        assert!(
            gardens.contains("status: ongoing\nstart: 2024-01-01\n"),
            "{name}: {gardens}"
        );
        let clinics = site.read("content/programmes/rural-clinics.en.md");
        assert!(clinics.contains("countries: [BF]\n"), "{name}: {clinics}");
        site.run(&["build"]).success();
    }
    let site = import_site();
    site.run(&["import", "table", &input("programmes.csv")])
        .success();
    let fr = site.read("content/programmes/market-gardens.fr.md");
    assert!(fr.contains("title: Jardins maraîchers\n"), "{fr}");
    let en = site.read("content/programmes/market-gardens.en.md");
    assert!(
        en.ends_with("---\n\nFirst paragraph.\n\nSecond paragraph.\n"),
        "{en}"
    );
    // Rows are found again on the next import: by identifier, by slug, else by their title's
    // slug (the second row has neither).
    assert_eq!(
        site.run(&["import", "table", &input("programmes.csv")])
            .code(),
        1
    );
    let again = site.run(&["import", "table", &input("programmes.csv"), "--update"]);
    again.success();
    assert!(
        again.stdout().contains("0 new programmes, 2 updated"),
        "{}",
        again.stdout()
    );
    assert_eq!(programmes(&site).len(), 3);
}

/// Runs an import that must fail: exit 1, nothing written, the message as a snapshot.
#[track_caller]
fn refused(site: &Site, args: &[&str]) -> String {
    let before = site.files("");
    let run = site.run(args);
    assert_eq!(run.code(), 1, "{}\n{}", run.stdout(), run.stderr());
    assert_eq!(site.files(""), before, "nothing may be written");
    run.stderr()
        .replace(&fixture("import").display().to_string(), "[FIXTURES]")
}

#[test]
fn a_table_with_bad_cells_lists_every_one_in_one_run() {
    let site = import_site();
    site.write(
        "bad.csv",
        "title.en,summary.en,status,start,end,amount,currency,countries,donors,title.de,colour\n\
         Good,Fine.,ongoing,2024-01-01,,100,,SN,,,\n\
         Bad one,,ongoign,2024-13-01,,-5,EUX,Brezil;Narnia,unicef,,\n",
    );
    insta::assert_snapshot!(
        "import_table_bad_cells",
        refused(&site, &["import", "table", "bad.csv"])
    );
}

#[test]
fn a_table_without_required_columns_or_with_a_formula_is_refused() {
    let site = import_site();
    site.write("no-title.csv", "summary.en,status\nA summary,ongoing\n");
    insta::assert_snapshot!(
        "import_table_missing_column",
        refused(&site, &["import", "table", "no-title.csv"])
    );
    insta::assert_snapshot!(
        "import_table_formula",
        refused(&site, &["import", "table", &input("formula.xlsx")])
    );
}

/// The small fixture with `from` replaced by `to`, written into the site as `bad.xml`.
fn broken_xml(site: &Site, from: &str, to: &str) {
    let text = std::fs::read_to_string(input("small.xml")).expect("fixture");
    assert!(text.contains(from), "small.xml no longer contains `{from}`");
    site.write("bad.xml", text.replacen(from, to, 1));
}

#[test]
fn bad_iati_files_are_refused_with_their_line_and_nothing_is_written() {
    let cases: [(&str, &str, &str); 13] = [
        ("not_xml", "<?xml", "This is not XML <?xml"),
        (
            "not_iati",
            "<iati-activities version=\"2.03\"",
            "<iati-organisations version=\"2.03\"",
        ),
        ("unknown_version", "version=\"2.03\"", "version=\"1.05\""),
        (
            "no_identifier",
            "<iati-identifier>XM-TEST-1-CLEAN-WATER</iati-identifier>",
            "",
        ),
        (
            "no_title",
            "<title><narrative>Sahel research network</narrative></title>",
            "",
        ),
        (
            "bad_date",
            "iso-date=\"2023-03-15\"",
            "iso-date=\"2023-02-30\"",
        ),
        ("non_numeric_value", ">800000.50<", ">800 000,50<"),
        (
            "negative_percentage",
            "percentage=\"40\"",
            "percentage=\"-40\"",
        ),
        ("unknown_country", "code=\"ML\"", "code=\"XY\""),
        (
            "unknown_currency",
            "currency=\"EUR\" value-date=\"2023-01-01\"",
            "currency=\"EUX\" value-date=\"2023-01-01\"",
        ),
        (
            "duplicate_identifier",
            "XM-TEST-1-SAHEL-RESEARCH",
            "XM-TEST-1-CLEAN-WATER",
        ),
        (
            "title_only_in_a_language_the_site_lacks",
            "<title><narrative>Sahel research network</narrative></title>",
            "<title><narrative xml:lang=\"de\">Sahel-Forschungsnetz</narrative></title>",
        ),
        ("broken_xml", "</iati-identifier>", "</iati-identifiers>"),
    ];
    for (name, from, to) in cases {
        let site = import_site();
        broken_xml(&site, from, to);
        let stderr = refused(&site, &["import", "iati", "bad.xml"]);
        insta::assert_snapshot!(format!("import_iati_{name}"), stderr);
    }
}

#[test]
fn document_links_to_the_sites_own_pages_are_left_out_and_reported() {
    // fiche's own IATI export links each activity to its fact sheets: importing it back must
    // not make those pages links of themselves.
    let site = import_site();
    broken_xml(
        &site,
        "url=\"https://example.org/docs/water-plan.pdf\"",
        "url=\"https://example.org/en/programmes/clean-water-for-schools/\"",
    );
    let run = site.run(&["import", "iati", "bad.xml"]);
    run.success();
    assert!(
        run.stdout()
            .contains("1 × document links to this site's own pages: left out"),
        "{}",
        run.stdout()
    );
    let en = site.read("content/programmes/clean-water-for-schools.en.md");
    assert!(!en.contains("example.org/en/programmes"), "{en}");
    assert!(en.contains("url: https://water.example.org/schools\n"));
}

#[test]
fn a_data_file_fiche_cannot_append_to_in_its_own_style_is_an_error_and_nothing_is_written() {
    let site = import_site();
    site.write(
        "data/partners.yaml",
        "{oxfam: {name: Oxfam}}   # all on one line\n",
    );
    let stderr = refused(&site, &["import", "iati", &input("small.xml")]);
    assert!(stderr.contains("data/partners.yaml"), "{stderr}");
    assert!(
        stderr.contains("write its entries as `key:` lines with `name:` under them"),
        "{stderr}"
    );
}

#[test]
fn usaid_file_into_an_english_and_spanish_site_gives_a_translation_per_activity_that_builds() {
    let site = import_site();
    site.write(
        "site.yaml",
        "title: {en: Programmes, es: Programas}\nbase_url: https://example.org/\nlanguages: [en, es]\ncurrency: USD\n",
    );
    let run = site.run(&["import", "iati", &shared("usaid-bo.xml")]);
    run.success();
    assert!(
        run.stdout().contains("fact sheets: 63 in en, 63 in es"),
        "{}",
        run.stdout()
    );
    assert!(
        !run.stdout().contains("Left out, in languages"),
        "{}",
        run.stdout()
    );
    let files = programmes(&site);
    let es = files
        .iter()
        .map(|f| site.read(&format!("content/programmes/{f}")))
        .find(|t| {
            t.contains("iati_identifier: US-GOV-1-00019MO001255\n")
                && t.contains("title: Protección, Asistencia y Soluciones\n")
        })
        .expect("the Spanish version of the first activity");
    // Until facts are written once, the translation repeats the source's facts; in the
    // site's currency the amount is a plain number.
    assert!(es.contains("amount: 144860\n"), "{es}");
    assert!(es.contains("summary: La provisión de protección"), "{es}");
    site.run(&["build"]).success();
}

#[test]
fn elements_nested_far_deeper_than_iati_are_refused_before_they_cost_the_stack() {
    let site = import_site();
    let deep = format!(
        "<location>{}{}",
        "<a>".repeat(100_000),
        "</a>".repeat(100_000)
    );
    broken_xml(&site, "<location>", &deep);
    let stderr = refused(&site, &["import", "iati", "bad.xml"]);
    assert!(
        stderr.contains("elements are nested more than 64 deep"),
        "{stderr}"
    );
    assert!(stderr.contains("--> bad.xml:93"), "{stderr}");
}

#[test]
fn a_version_the_file_no_longer_has_words_for_keeps_its_words_and_gets_the_new_facts() {
    let site = import_site();
    site.run(&["import", "iati", &input("small.xml")]).success();
    let newer = std::fs::read_to_string(input("small.xml"))
        .expect("fixture")
        .replace(">1200000<", ">1500000<")
        .replace(
            "<narrative xml:lang=\"fr\">De l’eau propre pour les écoles</narrative>",
            "",
        )
        .replace(
            "<narrative xml:lang=\"fr\">Des puits et des latrines dans 120 écoles rurales.</narrative>",
            "",
        );
    site.write("newer.xml", newer);
    let run = site.run(&["import", "iati", "newer.xml", "--update"]);
    run.success();
    let fr = site.read("content/programmes/clean-water-for-schools.fr.md");
    assert!(
        fr.contains("title: De l’eau propre pour les écoles\n"),
        "{fr}"
    );
    assert!(fr.contains("amount: 2300000.50\n"), "{fr}");
    assert!(
        !run.stdout()
            .contains("clean-water-for-schools.fr.md: title")
    );
    site.run(&["build"]).success();
}
