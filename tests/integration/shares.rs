//! `shares:`, the known parts of a programme's amount (a percentage per country, a
//! contribution per donor): checked with every error at its line in one run, shown on the fact
//! sheet, and used by the totals of country, region and donor pages, which count a programme
//! shared with others without a known part apart, never as the term's own money.

use crate::errors::fails;
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
