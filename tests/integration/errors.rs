//! Bad input: one fixture per rule, each message checked as a snapshot.
//!
//! Every case is the valid site `tests/sites/base/` with the files of
//! `tests/sites/invalid/<case>/` laid over it (or a few files written here, when they cannot be
//! stored as fixtures). Each case checks that `fiche build` and `fiche check` exit with 1, that
//! the build left the previous output exactly as it was, and what the message says: the file,
//! the line in the file, the field and what to do.

use std::collections::BTreeMap;

use crate::harness::{Site, copy_tree, fixture, repo};

/// What the "previous build" holds before each failing run.
const MARKER: &str = "<!doctype html><title>Previous build</title><p>Keep me.\n";

/// The base site with the files of `tests/sites/invalid/<case>/` over it.
pub(crate) fn broken(case: &str) -> Site {
    Site::from_layers(&[fixture("base"), fixture(&format!("invalid/{case}"))])
}

/// The valid base site alone, for cases written in the test.
fn base() -> Site {
    Site::from_layers(&[fixture("base")])
}

/// The base site using a copy of the repository's default theme as `themes/custom/`, with
/// `from` replaced by `to` in one of its templates (nothing replaced when both are empty).
fn custom_theme(template: &str, from: &str, to: &str) -> Site {
    let site = base();
    copy_tree(
        &repo().join("themes/default"),
        &site.path().join("themes/custom"),
    );
    let config = site
        .read("site.yaml")
        .replace("theme: default", "theme: custom");
    site.write("site.yaml", config);
    let rel = format!("themes/custom/templates/{template}");
    let text = site.read(&rel);
    assert!(text.contains(from), "{rel} no longer contains `{from}`");
    site.write(&rel, text.replacen(from, to, 1));
    site
}

/// Runs `fiche build` then `fiche check` on a broken site; both must fail with exit code 1,
/// without panicking, and the build must leave every file of the site (the previous `public/`
/// above all) exactly as it was. Returns what the build printed on standard error.
#[track_caller]
pub(crate) fn fails(site: &Site) -> String {
    fails_under(site, &[])
}

/// [`fails`], with fiche run under `wrapper` (see [`Site::run_under`]).
#[track_caller]
fn fails_under(site: &Site, wrapper: &[&str]) -> String {
    site.write("public/marker.html", MARKER);
    site.write("public/.fiche-output", "");
    let before = site.files("");

    let build = site.run_under(wrapper, &["build"]);
    let stderr = build.stderr();
    assert_eq!(
        build.code(),
        1,
        "`fiche build` should fail with 1\nstdout:\n{}\nstderr:\n{stderr}",
        build.stdout()
    );
    assert!(!stderr.contains("panicked"), "fiche panicked:\n{stderr}");
    assert!(
        stderr.trim_end().ends_with("nothing was written"),
        "the run should end with a count of errors:\n{stderr}"
    );
    let public: BTreeMap<String, Vec<u8>> = BTreeMap::from([
        (".fiche-output".to_string(), Vec::new()),
        ("marker.html".to_string(), MARKER.as_bytes().to_vec()),
    ]);
    assert_eq!(
        site.files("public"),
        public,
        "a failed build must leave `public/` as it was"
    );
    assert_eq!(
        site.files(""),
        before,
        "a failed build must not change, add or leave behind any file"
    );

    let check = site.run_under(wrapper, &["check"]);
    assert_eq!(
        check.code(),
        1,
        "`fiche check` should fail like `build`\nstdout:\n{}\nstderr:\n{}",
        check.stdout(),
        check.stderr()
    );
    assert_eq!(
        check.stderr(),
        stderr,
        "`fiche check` should report the same errors as `fiche build`"
    );
    assert_eq!(
        site.files(""),
        before,
        "`fiche check` must not write anything"
    );
    stderr
}

/// Asserts that each of `parts` is in `stderr`.
#[track_caller]
pub(crate) fn says(stderr: &str, parts: &[&str]) {
    for part in parts {
        assert!(
            stderr.contains(part),
            "expected `{part}` in the message:\n{stderr}"
        );
    }
}

/// How many errors the run reported.
fn error_count(stderr: &str) -> usize {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: ") && !l.ends_with("nothing was written"))
        .count()
}

// ---------------------------------------------------------------------------------------------
// The fixtures themselves.

#[test]
fn the_base_site_builds() {
    let site = base();
    site.run(&["build"]).success();
    assert!(site.path().join("public/fr/index.html").is_file());
}

#[test]
fn the_custom_theme_layer_builds() {
    let site = custom_theme("programme.html", "", "");
    site.run(&["build"]).success();
    assert!(site.path().join("public/css/fiche.css").is_file());
}

// ---------------------------------------------------------------------------------------------
// Front matter: one rule each.

#[test]
fn unknown_field_is_an_error_at_its_line_suggesting_the_closest_field() {
    let out = fails(&broken("unknown-field"));
    says(
        &out,
        &[
            "`countires`: unknown field",
            "content/programmes/typo.fr.md:6:1",
            "did you mean `countries`?",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_donor_is_an_error_at_its_list_item_suggesting_the_closest_key() {
    let out = fails(&broken("unknown-donor"));
    says(
        &out,
        &[
            "`afpp` is not a key of data/donors.yaml",
            "content/programmes/donor.fr.md:9:5",
            "did you mean `afp`?",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_theme_is_an_error_at_the_key_in_the_list_suggesting_the_closest_key() {
    let out = fails(&broken("unknown-theme"));
    says(
        &out,
        &[
            "`trainig` is not a key of data/themes.yaml",
            "content/programmes/theme.fr.md:8:19",
            "did you mean `training`?",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_partner_without_a_close_key_says_where_to_add_it() {
    let out = fails(&broken("unknown-partner"));
    says(
        &out,
        &[
            "`interpol` is not a key of data/partners.yaml",
            "content/programmes/partner.fr.md:8:22",
            "use one of the keys of data/partners.yaml (ameripol, pichiefs)",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn malformed_date_is_an_error_showing_the_expected_format() {
    let out = fails(&broken("malformed-date"));
    says(
        &out,
        &[
            "`start`: `01/02/2024` is not a date",
            "content/programmes/date.fr.md:5:8",
            "YYYY-MM-DD",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn impossible_date_is_an_error_saying_how_many_days_the_month_has() {
    let out = fails(&broken("impossible-date"));
    says(
        &out,
        &[
            "`end`: `2024-02-30` is not a day of the calendar",
            "29 days",
            "content/programmes/date.fr.md:6:6",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn end_before_start_is_an_error_at_the_end_line() {
    let out = fails(&broken("end-before-start"));
    says(
        &out,
        &[
            "`end`: the end (2023-12-31) is before the start (2024-06-01)",
            "content/programmes/dates.fr.md:6:6",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn negative_amount_is_an_error_at_the_amount() {
    let out = fails(&broken("negative-amount"));
    says(
        &out,
        &[
            "`amount`: `-1500000` is negative",
            "content/programmes/amount.fr.md:6:9",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn amount_written_as_displayed_is_an_error_asking_for_digits() {
    let out = fails(&broken("non-numeric-amount"));
    says(
        &out,
        &[
            "`amount`: `58,8 M` is not written as an amount",
            "content/programmes/amount.fr.md:6:9",
            "digits only",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn amount_with_an_unknown_currency_is_an_error_at_the_currency() {
    let out = fails(&broken("amount-bad-currency"));
    says(
        &out,
        &[
            "`amount.currency`: `euros` is not an ISO 4217 currency code",
            "content/programmes/amount.fr.md:6:36",
            "ISO 4217",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn country_code_with_a_typo_suggests_the_country() {
    let out = fails(&broken("country-code-typo"));
    says(
        &out,
        &[
            "`countries`: `BRZ` is not a known country",
            "content/programmes/country.fr.md:6:17",
            "did you mean `BR` (Brazil)?",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_country_names_are_errors_at_their_list_items() {
    let out = fails(&broken("unknown-country-name"));
    says(
        &out,
        &[
            "`countries`: `Atlantide` is not a known country",
            "content/programmes/country.fr.md:8:5",
            "`countries`: `Brasill` is not a known country",
            "content/programmes/country.fr.md:9:5",
            "did you mean `BR` (Brazil)?",
        ],
    );
    assert_eq!(error_count(&out), 2, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn bad_contact_email_is_an_error_with_an_example_address() {
    let out = fails(&broken("bad-email"));
    says(
        &out,
        &[
            "`contact`: `equipe(at)example.org` is not an email address",
            "content/programmes/contact.fr.md:9:10",
            "team@example.org",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn missing_title_is_an_error_asking_for_the_line() {
    let out = fails(&broken("missing-title"));
    says(
        &out,
        &[
            "`title`: the required field `title` is missing",
            "content/programmes/untitled.fr.md:1:1",
            "add a line `title: …`",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn missing_summary_is_an_error_asking_for_the_line() {
    let out = fails(&broken("missing-summary"));
    says(
        &out,
        &[
            "`summary`: the required field `summary` is missing",
            "content/programmes/nosummary.fr.md:1:1",
            "add a line `summary: …`",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_status_suggests_the_closest_and_lists_them_all() {
    let out = fails(&broken("unknown-status"));
    says(
        &out,
        &[
            "`status`: `ongoin` is not a status",
            "content/programmes/status.fr.md:5:9",
            "did you mean `ongoing`?",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn list_where_text_belongs_is_an_error_at_the_value() {
    let out = fails(&broken("list-for-text"));
    says(
        &out,
        &[
            "`title`: should be text, found a list",
            "content/programmes/title.fr.md:4:8",
            "in quotes",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn text_where_a_list_belongs_is_an_error_showing_the_brackets() {
    let out = fails(&broken("text-for-list"));
    says(
        &out,
        &[
            "`countries`: should be a list, found text",
            "content/programmes/countries.fr.md:6:12",
            "`countries: [FJ]`",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn image_without_alt_is_an_error_at_the_image_asking_for_a_description() {
    let out = fails(&broken("image-without-alt"));
    says(
        &out,
        &[
            "`image.alt`: has no `alt` text",
            "content/programmes/image.fr.md:9:1",
            "describe the image",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn image_not_in_static_is_an_error_naming_the_missing_file() {
    let out = fails(&broken("image-not-in-static"));
    says(
        &out,
        &[
            "`image.src`: the image `images/missing.jpg` is not in `static/`",
            "content/programmes/image.fr.md",
            "static/images/missing.jpg",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn image_outside_the_site_is_refused_at_its_src() {
    let out = fails(&broken("image-outside-site"));
    says(
        &out,
        &[
            "`image.src`: `../../etc/passwd` is outside the site's `static/` folder",
            "content/programmes/image.fr.md:10:8",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn no_status_and_no_start_is_an_error_offering_both_fixes() {
    let out = fails(&broken("no-status-no-start"));
    says(
        &out,
        &[
            "`status`: the programme has neither a `status` nor a `start` date",
            "content/programmes/undated.fr.md:1:1",
            "status: ongoing",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_translation_fact_that_differs_from_its_source_is_an_error_at_its_line_naming_both() {
    // The English file gives the source's countries and start written otherwise (the same
    // facts) and another amount.
    let out = fails(&broken("fact-disagrees"));
    says(
        &out,
        &[
            "`amount`: differs from the source file: 12000000 EUR here, 58800000 EUR in content/programmes/good.fr.md (line 7)",
            "content/programmes/good.en.md:5:9",
            "remove `amount` from this file",
        ],
    );
    assert_eq!(error_count(&out), 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_source_file_with_errors_is_reported_once_not_again_for_its_translations() {
    let out = fails(&broken("translation-source-errors"));
    says(
        &out,
        &[
            "`ongoingg` is not a status",
            "content/programmes/good.fr.md:4:9",
        ],
    );
    assert_eq!(error_count(&out), 1, "{out}");
    assert!(
        !out.contains("good.en.md") && !out.contains("good.es.md"),
        "{out}"
    );
}

#[test]
fn a_translation_without_a_source_names_the_facts_missing() {
    let out = fails(&broken("translation-without-source"));
    says(
        &out,
        &[
            "`status`: the programme has neither a `status` nor a `start` date",
            "content/programmes/lonely.en.md:1:1",
            "there is no lonely.fr.md",
        ],
    );
    assert_eq!(error_count(&out), 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_translation_without_the_alt_text_of_its_source_image_is_an_error() {
    let site = base();
    let file = "content/programmes/good.en.md";
    site.write(
        file,
        "---\ntitle: A good programme\nsummary: Words only, but no description of the image.\n---\nText.\n",
    );
    let out = fails(&site);
    says(
        &out,
        &[
            "`image.alt`: the image `images/ok.svg` of the source file has no `alt` text in this language",
            "content/programmes/good.en.md:1:1",
        ],
    );
    assert_eq!(error_count(&out), 1, "{out}");
}

// ---------------------------------------------------------------------------------------------
// YAML and the file itself.

#[test]
fn unquoted_colon_in_a_value_is_a_yaml_error_asking_for_quotes() {
    let out = fails(&broken("yaml-unquoted-colon"));
    says(
        &out,
        &[
            "invalid YAML",
            "content/programmes/colon.fr.md:4:15",
            "must be quoted",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn bad_indent_is_a_yaml_error_at_the_line_about_indentation() {
    let out = fails(&broken("yaml-bad-indent"));
    says(
        &out,
        &[
            "invalid YAML",
            "content/programmes/indent.fr.md:8:",
            "indent",
        ],
    );
    assert!(
        !out.contains("must be quoted"),
        "an indentation mistake is not a quoting one:\n{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn field_written_twice_is_an_error_at_the_second_one() {
    let out = fails(&broken("yaml-duplicate-field"));
    says(
        &out,
        &[
            "`status`",
            "content/programmes/twice.fr.md:7:1",
            "only once",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn tab_indentation_is_a_yaml_error_saying_to_indent_with_spaces() {
    let out = fails(&broken("yaml-tab-indent"));
    says(
        &out,
        &[
            "invalid YAML",
            "content/programmes/tabs.fr.md:7:",
            "spaces, not tabs",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn number_too_large_for_yaml_is_an_error_at_the_amount() {
    let out = fails(&broken("amount-too-large"));
    says(
        &out,
        &[
            "`amount`: the number `588000000000000000000000000` is too large",
            "content/programmes/huge.fr.md:6:9",
        ],
    );
    assert!(!out.contains("u128"), "no Rust types in messages:\n{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn file_without_front_matter_is_an_error_at_line_one() {
    let out = fails(&broken("no-front-matter"));
    says(
        &out,
        &[
            "the file has no front matter",
            "content/programmes/plain.fr.md:1:1",
            "the first line must be `---`",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn unclosed_front_matter_is_an_error_asking_for_the_closing_line() {
    let out = fails(&broken("unclosed-front-matter"));
    says(
        &out,
        &[
            "the front matter is not closed",
            "content/programmes/unclosed.fr.md:1:1",
            "add a line `---`",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn empty_file_is_an_error_naming_it() {
    let out = fails(&broken("empty-file"));
    says(
        &out,
        &["the file is empty", "content/programmes/empty.fr.md:1:1"],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn non_utf8_file_is_an_error_at_the_bad_byte() {
    let site = base();
    site.write(
        "content/programmes/latin.fr.md",
        b"---\ntitle: Caf\xe9 latin-1\nsummary: Saved in Latin-1.\nstatus: ongoing\n---\nText.\n",
    );
    let out = fails(&site);
    says(
        &out,
        &[
            "not UTF-8",
            "content/programmes/latin.fr.md:2:11",
            "save the file as UTF-8",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn binary_file_in_content_is_an_error_naming_it() {
    let site = base();
    site.write(
        "content/programmes/photo.fr.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    );
    let out = fails(&site);
    says(
        &out,
        &["binary", "content/programmes/photo.fr.md", "static/"],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn file_in_a_language_the_site_does_not_list_is_an_error() {
    let out = fails(&broken("language-not-in-site"));
    says(
        &out,
        &[
            "`de` is not one of the site's languages (fr, en)",
            "content/programmes/good.de.md",
            "add `de` to `languages`",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn file_name_without_a_language_is_an_error_showing_the_pattern() {
    let out = fails(&broken("file-name-without-language"));
    says(
        &out,
        &[
            "the file name does not say its language",
            "content/programmes/nolang.md",
            "<slug>.<language>.md",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn file_names_differing_in_case_are_the_same_programme() {
    let site = base();
    let good = site.read("content/programmes/good.fr.md");
    site.write("content/programmes/Blue.fr.md", &good);
    site.write("content/programmes/blue.fr.md", &good);
    let out = fails(&site);
    says(
        &out,
        &[
            "content/programmes/blue.fr.md",
            "content/programmes/Blue.fr.md are the same page",
            "rename or remove one",
        ],
    );
    assert_eq!(error_count(&out), 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn file_names_differing_in_accents_are_the_same_programme() {
    let site = base();
    let good = site.read("content/programmes/good.en.md");
    site.write("content/programmes/ete.en.md", &good);
    site.write("content/programmes/été.en.md", &good);
    let out = fails(&site);
    says(
        &out,
        &[
            "content/programmes/été.en.md",
            "content/programmes/ete.en.md are the same page",
        ],
    );
    assert_eq!(error_count(&out), 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn crlf_and_a_byte_order_mark_do_not_shift_error_places() {
    let site = base();
    site.write(
        "content/programmes/crlf.fr.md",
        "\u{feff}---  \r\ntitle: Fin de ligne Windows\r\nsummary: Enregistré sous Windows.\r\nstatus: ongoing\r\ncountries: [FJ, BRZ]\r\n---\r\nTexte.\r\n",
    );
    let out = fails(&site);
    says(
        &out,
        &[
            "content/programmes/crlf.fr.md:5:17",
            "did you mean `BR` (Brazil)?",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn old_mac_line_endings_keep_error_places_right() {
    // Found by fuzzing: YAML takes a lone `\r` for a line break; fiche now does too.
    let site = base();
    site.write(
        "content/programmes/mac.fr.md",
        "---\rtitle: Fin de ligne Mac\rsummary: Enregistré avec des CR seuls.\rstatus: ongoing\rcountries: [FJ, BRZ]\r---\rTexte.\r",
    );
    let out = fails(&site);
    says(
        &out,
        &[
            "content/programmes/mac.fr.md:5:17",
            "did you mean `BR` (Brazil)?",
        ],
    );
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------------------------------------
// Site settings and theme.

#[test]
fn unknown_setting_in_site_yaml_suggests_the_closest() {
    let out = fails(&broken("site-unknown-setting"));
    says(
        &out,
        &[
            "`curency`: unknown setting",
            "site.yaml:5:1",
            "did you mean `currency`?",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn missing_required_setting_in_site_yaml_is_an_error_asking_for_it() {
    let out = fails(&broken("site-missing-setting"));
    says(
        &out,
        &[
            "`base_url`: the required setting `base_url` is missing",
            "site.yaml:1:1",
            "add a line `base_url: …`",
        ],
    );
    assert!(!out.contains("invalid YAML"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_setting_inside_a_group_of_site_yaml_suggests_the_closest() {
    let out = fails(&broken("site-unknown-nested-setting"));
    says(
        &out,
        &[
            "`markdown`: unknown field `raw`",
            "site.yaml:5:3",
            "did you mean `raw_html`?",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_field_in_a_data_file_is_an_error_at_its_line() {
    let out = fails(&broken("data-unknown-field"));
    says(
        &out,
        &["`ameripol`: unknown field `nom`", "data/partners.yaml:6:3"],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn base_url_without_a_scheme_is_an_error_with_an_example() {
    let out = fails(&broken("site-bad-base-url"));
    says(
        &out,
        &[
            "`base_url`: `example.org/programmes` is not a web address",
            "site.yaml:3:11",
            "https://",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn missing_theme_is_an_error_in_site_yaml() {
    let out = fails(&broken("missing-theme"));
    says(
        &out,
        &[
            "`theme`: the theme `nope` is not in `themes/nope/templates/`",
            "site.yaml",
            "theme: default",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn template_syntax_error_is_reported_at_its_line_in_the_template() {
    let out = fails(&custom_theme(
        "programme.html",
        "{{ programme.summary }}",
        "{{ programme.summary }",
    ));
    says(
        &out,
        &[
            "template error",
            "themes/custom/templates/programme.html:7:",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn template_using_an_undefined_variable_is_reported_at_its_line() {
    let out = fails(&custom_theme(
        "programme.html",
        "{{ programme.title }}",
        "{{ programme.titel }}",
    ));
    says(
        &out,
        &[
            "`titel` is not defined",
            "themes/custom/templates/programme.html:6:",
            "content/programmes/good.",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_template_that_loops_for_ever_is_stopped_at_its_line() {
    // Ten thousand million turns: without a bound the build would hang without a word.
    let out = fails(&custom_theme(
        "404.html",
        "<h1>{{ t.not_found_title }}</h1>",
        "<h1>{{ t.not_found_title }}</h1>\n{% for i in range(end=100000) %}{% for j in range(end=100000) %}.{% endfor %}{% endfor %}",
    ));
    says(
        &out,
        &[
            "rendering the 404 page made more than 1 million numbers with `range`",
            "themes/custom/templates/404.html:4:",
            "look for loops inside loops",
        ],
    );
    assert_eq!(error_count(&out), 1, "reported once:\n{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_template_that_writes_without_end_is_stopped() {
    // No `range` in the inner loops: the bound is the page's size (or time, on a slow machine).
    let out = fails(&custom_theme(
        "404.html",
        "<h1>{{ t.not_found_title }}</h1>",
        "<h1>{{ t.not_found_title }}</h1>\n{% set r = range(end=100000) %}{% for i in r %}{% for j in r %}{{ t.not_found_title }}{% endfor %}{% endfor %}",
    ));
    says(
        &out,
        &[
            "--> themes/custom/templates/404.html\n",
            "look for loops inside loops",
            "the loop is in this template or in one it extends or includes",
        ],
    );
    assert!(
        out.contains("rendering the 404 page wrote more than 256 MB")
            || out.contains("rendering the 404 page took more than 10 s"),
        "{out}"
    );
    assert_eq!(error_count(&out), 1, "reported once:\n{out}");
}

// ---------------------------------------------------------------------------------------------
// Many errors at once.

#[test]
fn every_error_of_every_file_is_reported_in_one_run_sorted_by_file_and_line() {
    let out = fails(&broken("several-errors"));
    let places = [
        "content/programmes/alpha.en.md:7:14",
        "content/programmes/alpha.en.md:9:1",
        "content/programmes/zeta.fr.md:3:10",
        "content/programmes/zeta.fr.md:5:17",
        "content/programmes/zeta.fr.md:7:8",
    ];
    let found: Vec<usize> = places
        .iter()
        .map(|p| {
            out.find(p)
                .unwrap_or_else(|| panic!("`{p}` not reported:\n{out}"))
        })
        .collect();
    assert!(
        found.windows(2).all(|w| w[0] < w[1]),
        "errors are not sorted by file then line:\n{out}"
    );
    assert_eq!(error_count(&out), 5, "{out}");
    says(&out, &["5 errors in 2 files"]);
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------------------------------------
// Warnings: the editing rules. Facts that pass every check but are most likely wrong; the
// build goes on unless `--deny-warnings` is given. Dates are far in the past, so that the
// cases hold whatever the day.

/// A fact sheet of the base site with the front-matter lines `lines` in place of the status,
/// dates and amount, and `body` as its text.
fn with_fact_sheet(name: &str, lines: &str, body: &str) -> Site {
    let site = base();
    site.write(
        &format!("content/programmes/{name}"),
        format!(
            "---\ntitle: Un programme\nsummary: Un résumé écrit.\n{lines}\ncountries: [FJ]\ndonors: [eu]\nthemes: [justice]\n---\n{body}\n"
        ),
    );
    site
}

/// Runs `fiche build` then `fiche check` on a site with warnings: both succeed, the build
/// writes the site, both print the same warnings ending with one line counting them; then
/// both fail with `--deny-warnings` (see [`denied`]). Returns the warnings printed.
#[track_caller]
fn warns(site: &Site) -> String {
    let build = site.run(&["build"]);
    build.success();
    let stderr = build.stderr();
    assert!(!stderr.contains("error"), "no errors expected:\n{stderr}");
    let count = stderr.trim_end().lines().last().unwrap_or_default();
    assert!(
        count.starts_with("warning: ")
            && count.ends_with("(`--deny-warnings` makes them fail the run)"),
        "the run should end with a count of warnings:\n{stderr}"
    );
    assert!(site.path().join("public/fr/index.html").is_file());
    let check = site.run(&["check"]);
    check.success();
    assert_eq!(check.stderr(), stderr, "`check` warns as `build` does");
    assert_eq!(denied(site), stderr.replace(count, "").trim_end());
    stderr
}

/// Runs `fiche build --deny-warnings` and `fiche check --deny-warnings` over a previous
/// output: both fail with 1 and leave every file as it was. Returns the warnings printed
/// (without the last line, which says they were denied).
#[track_caller]
fn denied(site: &Site) -> String {
    site.write("public/marker.html", MARKER);
    site.write("public/.fiche-output", "");
    let before = site.files("");
    let build = site.run(&["build", "--deny-warnings"]);
    let stderr = build.stderr();
    assert_eq!(
        build.code(),
        1,
        "`build --deny-warnings` should fail:\n{stderr}"
    );
    let last = stderr.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: ")
            && last.ends_with("denied by `--deny-warnings`; nothing was written"),
        "{stderr}"
    );
    assert_eq!(
        site.files(""),
        before,
        "a denied build must leave every file as it was"
    );
    let check = site.run(&["check", "--deny-warnings"]);
    assert_eq!(check.code(), 1, "{}", check.stderr());
    assert_eq!(check.stderr(), stderr);
    assert_eq!(site.files(""), before);
    std::fs::remove_dir_all(site.path().join("public")).expect("remove public");
    stderr.replace(last, "").trim_end().to_string()
}

/// How many warnings the run reported.
fn warning_count(stderr: &str) -> usize {
    stderr
        .lines()
        .filter(|l| l.starts_with("warning: ") && !l.contains("--deny-warnings"))
        .count()
}

#[test]
fn ongoing_with_an_end_in_the_past_is_a_warning_at_the_status() {
    let site = with_fact_sheet(
        "stale.fr.md",
        "status: ongoing\nstart: 2000-01-01\nend: 2001-06",
        "Texte.",
    );
    let out = warns(&site);
    says(
        &out,
        &[
            "warning: `status`: the programme is `ongoing`, but its end (2001-06) is past",
            "content/programmes/stale.fr.md:4:9",
            "write `status: completed`",
            "warning: 1 warning in 1 file",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn planned_with_a_start_in_the_past_is_a_warning_at_the_status() {
    let site = with_fact_sheet("late.fr.md", "status: planned\nstart: 2001-01-01", "Texte.");
    let out = warns(&site);
    says(
        &out,
        &[
            "warning: `status`: the programme is `planned`, but its start (2001-01-01) is past",
            "content/programmes/late.fr.md:4:9",
            "write `status: ongoing`",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn amount_over_ten_billion_is_a_warning_asking_about_extra_zeros() {
    let site = with_fact_sheet(
        "huge.fr.md",
        "status: completed\nstart: 2001-01-01\namount: 25000000000",
        "Texte.",
    );
    let out = warns(&site);
    says(
        &out,
        &[
            "warning: `amount`: 25 billion EUR is more than a programme's budget is likely to be",
            "content/programmes/huge.fr.md:6:9",
            "extra zeros",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn ten_billion_of_a_currency_with_small_units_is_no_warning() {
    let site = with_fact_sheet(
        "cfa.fr.md",
        "status: completed\nstart: 2001-01-01\namount: {value: 25000000000, currency: XOF}",
        "Texte.",
    );
    let run = site.run(&["check", "--deny-warnings"]);
    run.success();
    assert_eq!(run.stderr(), "");
}

#[test]
fn the_archetype_s_placeholders_are_warnings_in_every_language() {
    let site = base();
    let archetype = |lang: &str| {
        let path = if lang == "en" {
            "themes/default/archetypes/programme.md".to_string()
        } else {
            format!("themes/default/archetypes/programme.{lang}.md")
        };
        std::fs::read_to_string(repo().join(path)).expect("archetype")
    };
    for lang in ["fr", "en"] {
        let filled = archetype(lang)
            .replace("{{ title }}", "Water")
            .replace("{{ today }}", "2001-01-01")
            .replace("status: planned", "status: completed")
            .replace("draft: true\n", "");
        site.write(&format!("content/programmes/water.{lang}.md"), filled);
    }
    let out = warns(&site);
    says(
        &out,
        &[
            "content/programmes/water.en.md:3:10",
            "content/programmes/water.en.md:14:1",
            "content/programmes/water.fr.md:3:10",
            "content/programmes/water.fr.md:14:1",
            "warning: `summary`: is still the template's placeholder",
            "warning: this text is still the template's placeholder",
            "Décrivez le programme ici.",
            "warning: 4 warnings in 2 files",
        ],
    );
    assert_eq!(warning_count(&out), 4, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_theme_s_own_archetype_placeholders_are_warnings_too() {
    let site = with_fact_sheet(
        "own.fr.md",
        "status: completed\nstart: 2001-01-01",
        "## Contexte\n\nRemplacez ce texte.",
    );
    site.write(
        "themes/default/archetypes/programme.fr.md",
        "---\ntitle: Un programme\nsummary: '{{ title }}'\n---\n## Contexte\n\nRemplacez ce texte.\n",
    );
    let out = warns(&site);
    says(
        &out,
        &[
            "warning: `title`: is still the template's placeholder",
            "content/programmes/own.fr.md:2:8",
            "content/programmes/own.fr.md:12:1",
        ],
    );
    assert_eq!(warning_count(&out), 2, "{out}");
}

#[test]
fn warnings_of_several_rules_are_counted_in_one_line_at_the_end() {
    let site = with_fact_sheet(
        "many.fr.md",
        "status: ongoing\nstart: 2000-01-01\nend: 2001-12-31\namount: 99000000000",
        "Décrivez le programme ici.",
    );
    let out = warns(&site);
    assert_eq!(warning_count(&out), 3, "{out}");
    assert!(
        out.trim_end()
            .ends_with("warning: 3 warnings in 1 file (`--deny-warnings` makes them fail the run)")
    );
}

#[test]
fn drafts_are_warned_about_as_their_errors_are_reported() {
    let site = with_fact_sheet(
        "draft.fr.md",
        "status: planned\nstart: 2001-01-01\ndraft: true",
        "Texte.",
    );
    let out = warns(&site);
    says(&out, &["content/programmes/draft.fr.md:4:9"]);
}

#[test]
fn the_status_rules_use_the_build_s_day() {
    use fiche::domain::date::Day;
    let site = with_fact_sheet(
        "edge.fr.md",
        "status: ongoing\nstart: 2030-01-01\nend: 2030-06-30",
        "Texte.",
    );
    let on = |year: i32, month: u8, day: u8| {
        let mut options = fiche::pipeline::BuildOptions::new(site.path());
        options.today = Some(Day { year, month, day });
        let report = fiche::pipeline::check(&options).expect("no errors");
        report
            .warnings
            .iter()
            .filter(|d| d.field.as_deref() == Some("status"))
            .count()
    };
    assert_eq!(on(2030, 6, 30), 0, "the last day is still under way");
    assert_eq!(on(2030, 7, 1), 1, "the day after, the end is past");
    let mut options = fiche::pipeline::BuildOptions::new(site.path());
    options.today = Some(Day {
        year: 2030,
        month: 7,
        day: 1,
    });
    options.deny_warnings = true;
    let denied = fiche::pipeline::check(&options).expect_err("denied");
    assert!(denied.iter().all(|d| !d.is_error()), "{denied:?}");
}

#[test]
fn a_rebuild_keeps_the_warnings_of_the_files_it_did_not_read_again() {
    use fiche::pipeline::{BuildOptions, Changes, Session};
    let site = with_fact_sheet(
        "stale.fr.md",
        "status: ongoing\nstart: 2000-01-01\nend: 2001-06",
        "Texte.",
    );
    let mut session = Session::new(BuildOptions::new(site.path()));
    let statuses = |session: &mut Session, changes: &Changes| {
        let update = session.rebuild(changes).expect("no errors");
        update
            .warnings
            .iter()
            .filter(|d| d.field.as_deref() == Some("status"))
            .map(|d| d.file.clone())
            .collect::<Vec<_>>()
    };
    let stale = vec!["content/programmes/stale.fr.md".to_string()];
    assert_eq!(statuses(&mut session, &Changes::Everything), stale);
    let good = "content/programmes/good.fr.md";
    site.write(
        good,
        site.read(good)
            .replace("Un bon programme", "Un autre titre"),
    );
    let edited = Changes::Content(vec![site.path().join(good)]);
    assert_eq!(
        statuses(&mut session, &edited),
        stale,
        "kept while unchanged"
    );
    let rel = "content/programmes/stale.fr.md";
    site.write(rel, site.read(rel).replace("status: ongoing\n", ""));
    let fixed = Changes::Content(vec![site.path().join(rel)]);
    assert!(statuses(&mut session, &fixed).is_empty(), "gone once fixed");
}

// ---------------------------------------------------------------------------------------------
// Not errors: usage, and what editors do to files.

#[test]
fn unknown_option_is_bad_usage_with_exit_code_2() {
    let site = base();
    site.write("public/marker.html", MARKER);
    let before = site.files("");
    let run = site.run(&["build", "--nope"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    says(&run.stderr(), &["--nope"]);
    assert_eq!(site.files(""), before);
}

#[test]
fn crlf_line_endings_a_byte_order_mark_and_spaces_after_the_fences_build() {
    let site = base();
    let good = site.read("content/programmes/good.fr.md");
    let mut windows = String::from("\u{feff}");
    for (i, line) in good.lines().enumerate() {
        windows.push_str(line);
        if line == "---" {
            windows.push_str(if i == 0 { "  " } else { " \t" });
        }
        windows.push_str("\r\n");
    }
    site.write("content/programmes/good.fr.md", windows);
    site.run(&["build"]).success();
    let page = site.read("public/fr/programmes/good/index.html");
    assert!(page.contains("Un bon programme"), "{page}");
    assert!(!page.contains('\u{feff}'));
}

// ---------------------------------------------------------------------------------------------
// More shapes of YAML, and values of the wrong kind.

#[test]
fn mapping_where_text_belongs_is_an_error_at_the_value() {
    let out = fails(&broken("mapping-for-text"));
    says(
        &out,
        &[
            "`summary`: should be text, found a mapping of fields",
            "content/programmes/summary.fr.md:3:10",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn text_where_a_mapping_belongs_is_an_error_showing_the_parts() {
    let out = fails(&broken("text-for-mapping"));
    says(
        &out,
        &[
            "`image`: should be a mapping with `src` and `alt`, found text",
            "content/programmes/image.fr.md:9:8",
            "alt:",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn list_where_one_word_belongs_is_an_error_at_the_status() {
    let out = fails(&broken("status-list"));
    says(
        &out,
        &[
            "`status`: should be one word such as `ongoing`, found a list",
            "content/programmes/status.fr.md:4:9",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn text_where_true_or_false_belongs_is_an_error_at_the_value() {
    let out = fails(&broken("draft-not-boolean"));
    says(
        &out,
        &[
            "`draft`: should be true or false, found text",
            "content/programmes/draft.fr.md:9:8",
            "`draft: true`",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn empty_title_is_an_error_at_the_title() {
    let out = fails(&broken("empty-title"));
    says(
        &out,
        &[
            "`title`: is empty",
            "content/programmes/blank.fr.md:2:",
            "write the title after",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn unclosed_quote_is_a_yaml_error_saying_what_is_not_closed() {
    let out = fails(&broken("yaml-unclosed-quote"));
    says(
        &out,
        &[
            "invalid YAML: the `\"` opened here is not closed",
            "content/programmes/quote.fr.md:2:8",
            "add the closing `\"`",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn unclosed_bracket_is_a_yaml_error_near_the_bracket() {
    let out = fails(&broken("yaml-unclosed-bracket"));
    says(
        &out,
        &[
            "invalid YAML: the `[` opened here is not closed",
            "content/programmes/bracket.fr.md:6:12",
            "add the closing `]` after the last item",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn front_matter_written_as_a_list_is_an_error_asking_for_fields() {
    let out = fails(&broken("front-matter-is-a-list"));
    says(
        &out,
        &[
            "expected fields such as `title: …`, found a list",
            "content/programmes/list.fr.md:2:1",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn year_without_four_digits_is_an_error_showing_the_format() {
    let out = fails(&broken("year-out-of-range"));
    says(
        &out,
        &["`start`: `202-01-01`", "content/programmes/old.fr.md:5:8"],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn absurdly_large_amount_is_an_error_about_extra_zeros() {
    let out = fails(&broken("amount-absurd"));
    says(
        &out,
        &[
            "`amount`: `58800000000000000` is too large to be a programme's amount",
            "content/programmes/huge.fr.md:6:9",
            "extra zeros",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn country_name_meaning_two_countries_is_an_error_asking_for_the_code() {
    let out = fails(&broken("country-ambiguous"));
    says(
        &out,
        &[
            "`countries`: `Congo` may be several countries",
            "content/programmes/congo.fr.md:6:13",
            "`CD`",
            "`CG`",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn javascript_link_is_refused_as_not_a_web_address() {
    let out = fails(&broken("link-javascript"));
    says(
        &out,
        &[
            "`links`: `javascript:alert(document.cookie)` is not a web address",
            "content/programmes/link.fr.md:9:",
            "https://",
        ],
    );
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------------------------------------
// Plain pages, data files, strings and settings.

#[test]
fn page_without_a_title_is_an_error_asking_for_it() {
    let out = fails(&broken("page-missing-title"));
    says(
        &out,
        &[
            "`title`: the required field `title` is missing",
            "content/pages/about.fr.md:1:1",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn page_named_like_a_section_is_an_error_naming_both() {
    let out = fails(&broken("page-at-section-address"));
    says(
        &out,
        &[
            "`content/pages/pays.fr.md` and the country index in `fr` would both be at `/fr/pays/`",
            "rename one of them",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn data_key_that_climbs_out_of_its_folder_is_refused() {
    let site = broken("data-key-outside");
    let out = fails(&site);
    says(
        &out,
        &[
            "`../../../../escaped` cannot be a key",
            "data/themes.yaml:8:2",
            "Latin letters, digits, `-` and `_`",
        ],
    );
    // The fact sheet using it is not reported again: the data file is wrong, not the sheet.
    assert_eq!(error_count(&out), 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn broken_yaml_in_a_data_file_is_an_error_at_its_line() {
    let out = fails(&broken("data-yaml-syntax"));
    says(
        &out,
        &[
            "invalid YAML: the `{` opened here is not closed",
            "data/donors.yaml:2:9",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn list_in_a_strings_file_is_an_error_at_its_line() {
    let out = fails(&broken("i18n-not-strings"));
    says(
        &out,
        &[
            "`programme_count`: should be text, or forms per count such as `{one: …, other: …}`, found a list",
            "i18n/fr.yaml:2:18",
        ],
    );
    assert!(!out.contains("enum"), "no Rust types in messages:\n{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn broken_yaml_in_site_yaml_is_an_error_at_its_line() {
    let out = fails(&broken("site-yaml-syntax"));
    says(
        &out,
        &[
            "invalid YAML: the `[` opened here is not closed",
            "site.yaml:3:12",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn missing_site_yaml_is_an_error_saying_where_it_was_looked_for() {
    let site = base();
    std::fs::remove_file(site.path().join("site.yaml")).expect("remove");
    site.write("public/marker.html", MARKER);
    let before = site.files("");
    // A folder without site.yaml is the wrong folder, which no edit of a site's files would
    // fix: bad usage, exit code 2, for build and check alike (and serve, in serve.rs).
    let mut out = String::new();
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        let stderr = run.stderr();
        assert_eq!(run.code(), 2, "`fiche {command}`:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(stderr.trim_end().ends_with("nothing was done"), "{stderr}");
        out = stderr;
    }
    assert_eq!(site.files(""), before, "a file changed");
    says(&out, &["site.yaml", "fiche init"]);
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------------------------------------
// Files: names, encodings, links and permissions.

#[test]
fn file_names_differing_in_unicode_normalisation_are_the_same_programme() {
    let site = base();
    let good = site.read("content/programmes/good.fr.md");
    // "été" composed (NFC, as typed on most systems) and decomposed (NFD, as macOS writes it).
    site.write("content/programmes/\u{e9}t\u{e9}.fr.md", &good);
    site.write("content/programmes/e\u{301}te\u{301}.fr.md", &good);
    let out = fails(&site);
    says(
        &out,
        &["are the same page (`ete` in `fr`)", "rename or remove one"],
    );
    assert_eq!(error_count(&out), 1, "{out}");
    insta::assert_snapshot!(out);
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content_is_an_error_naming_the_link() {
    let site = base();
    std::os::unix::fs::symlink("..", site.path().join("content/programmes/loop")).expect("symlink");
    let out = fails(&site);
    says(
        &out,
        &[
            "content/programmes/loop",
            "symbolic link that loops back",
            "remove the link",
        ],
    );
    assert_eq!(
        error_count(&out),
        1,
        "the loop is reported once, and nothing under it:\n{out}"
    );
    insta::assert_snapshot!(out);
}

#[cfg(unix)]
#[test]
fn link_to_a_missing_file_is_an_error_naming_the_link() {
    let site = base();
    std::os::unix::fs::symlink(
        "moved-away.fr.md",
        site.path().join("content/programmes/gone.fr.md"),
    )
    .expect("symlink");
    let out = fails(&site);
    says(
        &out,
        &[
            "this is a link to `moved-away.fr.md`, which does not exist",
            "content/programmes/gone.fr.md",
            "remove the link",
        ],
    );
    insta::assert_snapshot!(out);
}

#[cfg(unix)]
#[test]
fn links_that_lead_to_each_other_are_an_error_naming_each() {
    let site = base();
    let dir = site.path().join("content/programmes");
    std::os::unix::fs::symlink("b.fr.md", dir.join("a.fr.md")).expect("symlink");
    std::os::unix::fs::symlink("a.fr.md", dir.join("b.fr.md")).expect("symlink");
    let out = fails(&site);
    says(
        &out,
        &[
            "content/programmes/a.fr.md",
            "this is a link to `b.fr.md`, which leads nowhere",
            "content/programmes/b.fr.md",
        ],
    );
    assert_eq!(error_count(&out), 2, "{out}");
    insta::assert_snapshot!(out);
}

/// A file no one may read (mode 000). Root reads it anyway, so as root fiche runs without the
/// capabilities that let root ignore permissions (`setpriv`, from util-linux); where that is
/// not possible the test says so and skips.
#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let site = base();
    let rel = "content/programmes/locked.fr.md";
    site.write(rel, site.read("content/programmes/good.fr.md"));
    std::fs::set_permissions(
        site.path().join(rel),
        std::fs::Permissions::from_mode(0o000),
    )
    .expect("chmod");
    let wrapper: &[&str] = if std::fs::read(site.path().join(rel)).is_err() {
        &[]
    } else {
        // Running as root (as CI does): drop the capabilities that bypass permissions.
        let probe = std::process::Command::new("setpriv")
            .args(["--bounding-set", "-dac_override,-dac_read_search", "cat"])
            .arg(site.path().join(rel))
            .output();
        match probe {
            Ok(out) if !out.status.success() => &[
                "setpriv",
                "--bounding-set",
                "-dac_override,-dac_read_search",
            ],
            other => {
                eprintln!(
                    "note: unreadable_file_is_an_error_naming_it skipped: this user reads files \
                     of mode 000 and `setpriv` cannot drop that right here ({other:?})"
                );
                return;
            }
        }
    };
    let out = fails_under(&site, wrapper);
    says(
        &out,
        &[
            "content/programmes/locked.fr.md",
            "cannot be read",
            "Permission denied",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn file_names_with_spaces_capitals_and_accents_build_at_their_slug() {
    let site = base();
    let good = site.read("content/programmes/good.fr.md");
    std::fs::remove_file(site.path().join("content/programmes/good.fr.md")).expect("remove");
    std::fs::remove_file(site.path().join("content/programmes/good.en.md")).expect("remove");
    site.write("content/programmes/Été Brûlant 2024.fr.md", &good);
    site.write(
        "content/programmes/Été Brûlant 2024.en.md",
        site.read("content/programmes/Été Brûlant 2024.fr.md")
            .replace("Un bon programme", "A good programme"),
    );
    site.write(
        "content/pages/Mentions Légales.fr.md",
        "---\ntitle: Mentions légales\n---\nTexte.\n",
    );
    site.run(&["build"]).success();
    let page = site.read("public/fr/programmes/ete-brulant-2024/index.html");
    assert!(page.contains("Un bon programme"), "{page}");
    assert!(
        site.read("public/en/programmes/ete-brulant-2024/index.html")
            .contains("A good programme")
    );
    assert!(
        site.read("public/fr/mentions-legales/index.html")
            .contains("Mentions légales")
    );
    // Both languages are one programme: each page links to the other.
    assert!(
        page.contains("en/programmes/ete-brulant-2024/"),
        "the French page should link to its English translation"
    );
}

#[test]
fn a_broken_link_in_the_card_partial_is_reported_though_cards_are_checked_once() {
    // Cards are checked once each, as they show on their programme's fact sheet, and left
    // out of the check of the list pages that show them.
    let site = custom_theme(
        "partials/card.html",
        "<h3>",
        "<a href=\"{{ root }}nowhere/\">more</a><h3>",
    );
    let err = fails(&site);
    assert!(
        err.contains(
            "broken link `../../../nowhere/`: leads to `/nowhere/`, which is not in the site"
        ),
        "{err}"
    );
    assert!(err.contains("comes from the theme's templates"), "{err}");
}

#[test]
fn ids_in_cards_are_found_on_the_pages_that_list_them() {
    // A card with an id is checked on every page that shows it: the id belongs to the page.
    let site = custom_theme(
        "partials/card.html",
        "<h3>",
        "<h3 id=\"card-{{ card.slug }}\">",
    );
    let path = "content/programmes/good.en.md";
    let text = site.read(path);
    site.write(
        path,
        format!("{text}\nSee [its card on the home page](en/#card-good).\n"),
    );
    let run = site.run(&["build"]);
    run.success();
    let home = site.read("public/en/index.html");
    assert!(home.contains("id=\"card-good\""), "{home}");
}

#[test]
fn a_card_linking_to_a_part_of_its_fact_sheet_is_checked_against_that_page() {
    // Checked once as it shows on its fact sheet, the card's link to a fragment of that
    // page waits for the page's ids: `#facts-title` is there, `#nowhere` is not.
    let site = custom_theme(
        "partials/card.html",
        "<h3>",
        "<a href=\"{{ root }}{{ card.path }}#facts-title\">facts</a><h3>",
    );
    site.run(&["build"]).success();
    let site = custom_theme(
        "partials/card.html",
        "<h3>",
        "<a href=\"{{ root }}{{ card.path }}#nowhere\">facts</a><h3>",
    );
    let err = fails(&site);
    assert!(
        err.contains("has no element with the id `nowhere`"),
        "{err}"
    );
}

#[test]
fn a_card_link_that_works_only_from_its_fact_sheet_is_reported_from_the_lists() {
    // `../good/` leads to the programme from its own fact sheet, nowhere from the home page:
    // a card whose addresses do not start from `root` is checked on every page.
    let site = custom_theme(
        "partials/card.html",
        "<h3>",
        "<a href=\"../{{ card.slug }}/\">again</a><h3>",
    );
    let err = fails(&site);
    assert!(err.contains("broken link `../good/`"), "{err}");
}

#[test]
fn a_broken_address_a_theme_makes_of_an_extra_value_is_reported_at_its_front_matter_line() {
    // Parse does not know what a theme makes of `extra:`: the value is found by its text in
    // the page's own front matter.
    let site = custom_theme(
        "programme.html",
        "{% if programme.links",
        "{% if programme.extra.old %}<a href=\"{{ root }}{{ programme.extra.old }}\">old</a>{% endif %}{% if programme.links",
    );
    let path = "content/programmes/good.en.md";
    let text = site.read(path);
    site.write(
        path,
        text.replacen(
            "---\n## Background",
            "extra: {old: en/gone/}\n---\n## Background",
            1,
        ),
    );
    let err = fails(&site);
    says(
        &err,
        &[
            "broken link `en/gone/`: leads to `/en/gone/`",
            "content/programmes/good.en.md:16:14",
        ],
    );
    assert!(!err.contains("(generated)"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Settings and data files held to the rules of front matter (issue 12).

#[test]
fn javascript_url_in_a_data_file_is_refused_like_one_in_front_matter() {
    let site = broken("data-url-javascript");
    // Cleaning Markdown does not matter: data files are checked the same either way.
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{config}markdown: {{raw_html: false}}\n"),
    );
    let out = fails(&site);
    says(
        &out,
        &[
            "`eu.url`: `javascript:alert(document.domain)` is not a web address",
            "data/donors.yaml:5:9",
            "https://",
        ],
    );
    assert_eq!(error_count(&out), 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn language_listed_twice_in_another_case_is_an_error_naming_the_first() {
    let out = fails(&broken("site-language-case"));
    says(
        &out,
        &[
            "`languages`: `FR` is `fr`, already listed",
            "site.yaml:3:21",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn language_listed_twice_is_shown_at_the_second() {
    let site = base();
    let config = site.read("site.yaml");
    site.write("site.yaml", config.replace("[fr, en]", "[fr, en, fr]"));
    let out = fails(&site);
    says(&out, &["`fr` is listed twice", "site.yaml:3:21"]);
}

#[test]
fn base_url_with_a_query_is_one_error_at_its_line() {
    let out = fails(&broken("site-base-url-query"));
    says(
        &out,
        &[
            "`base_url`: `https://example.org/programmes/?utm_source=x` has a query (`?utm_source=x`)",
            "site.yaml:2:11",
            "remove it: `https://example.org/programmes/`",
        ],
    );
    assert_eq!(error_count(&out), 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn bad_base_url_flag_is_blamed_on_the_flag_not_on_site_yaml() {
    let site = base();
    for (flag, says_what) in [
        ("ftp://example.org/", "is not a web address"),
        ("https://example.org/#top", "has a fragment (`#top`)"),
    ] {
        for command in ["build", "check"] {
            let run = site.run(&[command, "--base-url", flag]);
            let stderr = run.stderr();
            assert_eq!(run.code(), 1, "{stderr}");
            says(
                &stderr,
                &[
                    &format!("`--base-url`: `{flag}` {says_what}"),
                    "--> command line",
                ],
            );
            assert!(!stderr.contains("site.yaml"), "{stderr}");
            assert_eq!(error_count(&stderr), 1, "{stderr}");
        }
    }
    assert!(!site.path().join("public").exists());
}

#[test]
fn keys_that_are_not_words_are_errors_at_their_lines() {
    let site = base();
    let text = site.read("content/programmes/good.fr.md");
    site.write(
        "content/programmes/good.fr.md",
        text.replacen("status: ongoing\n", "status: ongoing\n~: x\n[1, 2]: y\n", 1),
    );
    let out = fails(&site);
    says(
        &out,
        &[
            "error: `~` is not a field name",
            "content/programmes/good.fr.md:5:1",
            "error: `[1, 2]` is not a field name",
            "content/programmes/good.fr.md:6:1",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn alias_bomb_is_an_error_at_the_first_alias() {
    let site = base();
    let mut lines = vec![
        r#"a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]"#.to_string(),
    ];
    for (prev, cur) in ('a'..'i').zip('b'..='i') {
        lines.push(format!(
            "{cur}: &{cur} [{}]",
            vec![format!("*{prev}"); 9].join(", ")
        ));
    }
    site.write("i18n/fr.yaml", lines.join("\n") + "\n");
    let out = fails(&site);
    says(
        &out,
        &[
            "invalid YAML: aliases (`*name`) repeat a value so many times",
            "i18n/fr.yaml:2:8",
            "`&anchor` and `*alias`",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn address_word_from_a_strings_file_is_an_error_at_its_line_there() {
    let site = base();
    site.write("i18n/fr.yaml", "countries: Pays\npath_themes: pays\n");
    let out = fails(&site);
    says(
        &out,
        &[
            "`path_themes`: `pays` would put the themes section at `/fr/pays/`, where the countries section is",
            "i18n/fr.yaml:2:14",
        ],
    );
    assert_eq!(error_count(&out), 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn text_beyond_its_field_limit_is_an_error_at_the_field() {
    let site = base();
    let text = site.read("content/programmes/good.fr.md");
    let long = "Très long. ".repeat(1_000);
    site.write(
        "content/programmes/good.fr.md",
        text.replacen(
            "summary: Un programme valide qui sert de base aux tests d'erreurs.",
            &format!("summary: {long}"),
            1,
        ),
    );
    let out = fails(&site);
    says(
        &out,
        &[
            "`summary`: is longer than the 2000 characters a summary may have",
            "content/programmes/good.fr.md:3:10",
        ],
    );
}

#[test]
fn text_with_nothing_visible_and_a_link_without_title_are_errors() {
    let site = base();
    let text = site.read("content/programmes/good.fr.md");
    site.write(
        "content/programmes/good.fr.md",
        text.replacen("title: Un bon programme", "title: \"\u{200B}\u{200B}\"", 1)
            .replacen("title: Site du programme", "title: \" \"", 1),
    );
    let out = fails(&site);
    says(
        &out,
        &[
            "`title`: has nothing visible in it",
            "`links`: the title of `https://example.org/good` is empty",
        ],
    );
}

#[test]
fn contact_written_as_a_link_is_an_error_asking_for_the_address() {
    let site = base();
    let text = site.read("content/programmes/good.fr.md");
    site.write(
        "content/programmes/good.fr.md",
        text.replacen(
            "contact: good@example.org",
            "contact: mailto:good@example.org",
            1,
        ),
    );
    let out = fails(&site);
    says(
        &out,
        &[
            "`contact`: `mailto:good@example.org` is a link, not an email address",
            "write the address alone: `contact: good@example.org`",
        ],
    );
}

#[test]
fn amount_in_another_notation_and_currency_outside_iso_4217_are_errors() {
    for (from, to, message) in [
        (
            "amount: 58800000",
            "amount: 5.88e7",
            "`amount`: `5.88e7` is not written as an amount",
        ),
        (
            "amount: 58800000",
            "amount: \"58800000\"",
            "`amount`: `58800000` is in quotes",
        ),
        (
            "amount: 58800000",
            "amount: {value: 58_800_000, currency: EUR}",
            "`amount`: `58_800_000` is not written as an amount",
        ),
        (
            "amount: 58800000",
            "amount: {value: 58800000, currency: ABC}",
            "`amount.currency`: `ABC` is not an ISO 4217 currency code",
        ),
    ] {
        let site = base();
        let text = site.read("content/programmes/good.fr.md");
        site.write("content/programmes/good.fr.md", text.replacen(from, to, 1));
        let out = fails(&site);
        says(&out, &[message, "content/programmes/good.fr.md:7:"]);
    }
    let site = base();
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        config.replace("currency: EUR", "currency: ABC"),
    );
    let out = fails(&site);
    says(
        &out,
        &[
            "`currency`: `ABC` is not an ISO 4217 currency code",
            "site.yaml:5:11",
        ],
    );
}

#[test]
fn name_with_nothing_visible_in_a_data_file_is_an_error_at_its_line() {
    let site = base();
    let donors = site.read("data/donors.yaml");
    site.write(
        "data/donors.yaml",
        donors.replacen("short: AFP", "short: \"\u{200B}\"", 1),
    );
    let out = fails(&site);
    says(
        &out,
        &[
            "`afp.short`: has nothing visible in it",
            "data/donors.yaml:9:",
        ],
    );
    assert_eq!(error_count(&out), 1, "{out}");
}

#[test]
fn only_the_first_twenty_errors_of_a_file_are_printed_then_a_count_of_the_rest() {
    let site = base();
    let text = site.read("content/programmes/good.fr.md");
    let unknown: Vec<String> = (0..30).map(|i| format!("Q{i}X")).collect();
    site.write(
        "content/programmes/good.fr.md",
        text.replacen(
            "countries: [FJ, WS]",
            &format!("countries: [{}]", unknown.join(", ")),
            1,
        ),
    );
    let out = fails(&site);
    assert_eq!(error_count(&out), 20, "{out}");
    says(
        &out,
        &[
            "`Q19X` is not a known country",
            "note: 10 more errors in content/programmes/good.fr.md not shown (only the first 20 of each file are)",
            "error: 30 errors in 1 file; nothing was written",
        ],
    );
    assert!(!out.contains("`Q20X`"), "{out}");
}

/// The base site with `from` replaced by `to` in its French fact sheet.
fn base_with(from: &str, to: &str) -> Site {
    let site = base();
    let file = "content/programmes/good.fr.md";
    let text = site.read(file);
    assert!(text.contains(from), "{file} no longer contains `{from}`");
    site.write(file, text.replacen(from, to, 1));
    site
}

#[test]
fn an_image_missing_its_file_and_its_alt_gets_both_errors_in_one_run() {
    let out = fails(&base_with(
        "image: {src: images/ok.svg, alt: Un rectangle bleu, credit: © Exemple}",
        "image: {src: images/missing.jpg, credit: © Exemple}",
    ));
    says(
        &out,
        &[
            "`image.src`: the image `images/missing.jpg` is not in `static/`",
            "`image.alt`: has no `alt` text",
            "content/programmes/good.fr.md:12:8",
            "content/programmes/good.fr.md:12:14",
        ],
    );
    assert_eq!(error_count(&out), 2, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_link_with_an_unknown_part_a_bad_address_and_no_title_gets_every_error_in_one_run() {
    let out = fails(&base_with(
        "links: [{title: Site du programme, url: https://example.org/good}]",
        "links: [{titel: Site du programme, url: example.org/good}]",
    ));
    says(
        &out,
        &[
            "each link needs a `title` and a `url`",
            "`titel` is not a part of a link",
            "`example.org/good`",
        ],
    );
    assert_eq!(error_count(&out), 3, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn congo_alone_is_either_congo_and_the_error_lists_both_with_their_codes() {
    let out = fails(&base_with("countries: [FJ, WS]", "countries: [FJ, Congo]"));
    says(
        &out,
        &[
            "`countries`: `Congo` may be several countries",
            "content/programmes/good.fr.md:8:17",
            "`CD` (Congo - Kinshasa) or `CG` (Congo - Brazzaville)",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_country_abbreviation_written_with_dots_suggests_that_country_not_a_close_code() {
    let out = fails(&base_with(
        "countries: [FJ, WS]",
        "countries: [U.K., D.R.C., Ivory Cost]",
    ));
    says(
        &out,
        &[
            "`U.K.` is not a known country",
            "did you mean `GB` (United Kingdom)?",
            "`D.R.C.` is not a known country",
            "did you mean `CD` (Congo - Kinshasa)?",
            "`Ivory Cost` is not a known country",
            "did you mean `CI` (Côte d’Ivoire)?",
        ],
    );
    assert_eq!(error_count(&out), 3, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn an_unknown_country_name_form_is_an_error_naming_the_two_forms() {
    let site = base();
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}country_name_form: long\n"));
    let out = fails(&site);
    says(
        &out,
        &["country_name_form", "site.yaml:6:", "`standard`", "`short`"],
    );
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------------------------------------
// The accessibility statement (`accessibility:` in site.yaml).

/// The base site with `block` added to its site.yaml.
fn with_accessibility(block: &str) -> Site {
    let site = base();
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}{block}"));
    site
}

#[test]
fn accessibility_block_missing_required_items_names_each_at_the_block() {
    let out = fails(&with_accessibility(
        "accessibility:
  standard: RGAA 4.1
  assessed_on: 2026-03-01
  non_accessible:
    - content: {fr: Les cartes, en: The maps}
",
    ));
    says(
        &out,
        &[
            "site.yaml:6:1",
            "`accessibility.status`: missing from the accessibility statement",
            "add `status: full`, `partial` or `none`",
            "`accessibility.assessed_by`: missing",
            "`accessibility.non_accessible[1].reason`: missing",
            "site.yaml:9:3",
            "`accessibility.contact`: missing",
            "`accessibility.enforcement`: missing",
        ],
    );
    assert_eq!(error_count(&out), 5, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn accessibility_block_with_wrong_values_is_an_error_at_each_value() {
    let out = fails(&with_accessibility(
        "accessibility:
  status: partly
  standard: WCAG 2.0
  assessed_on: 2026-03
  assessed_by: self-assessment
  non_accessible:
    - content: The maps
      reason: too-hard
  contact: {email: https://example.org/contact}
  enforcement: {name: Défenseur des droits, url: defenseurdesdroits.fr}
",
    ));
    says(
        &out,
        &[
            "site.yaml:7:11",
            "`partly` is not a compliance status",
            "site.yaml:8:13",
            "`WCAG 2.0` is not a standard a statement can name",
            "site.yaml:9:16",
            "`2026-03` is not a day",
            "site.yaml:13:15",
            "`too-hard` is not a reason content may be left inaccessible",
            "disproportionate-burden",
            "site.yaml:14:20",
            "is a web address, not an email address",
            "site.yaml:15:",
            "`defenseurdesdroits.fr`",
        ],
    );
    assert_eq!(error_count(&out), 6, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn accessibility_contact_and_enforcement_need_an_address() {
    let out = fails(&with_accessibility(
        "accessibility:
  status: full
  standard: EN 301 549
  assessed_on: 2026-03-01
  assessed_by: Audit Ltd
  contact: {}
  enforcement: {name: Ombudsman}
",
    ));
    says(
        &out,
        &[
            "`accessibility.contact`: missing",
            "site.yaml:11:3",
            "`form: https://…`",
            "`accessibility.enforcement`",
            "its address and/or url",
        ],
    );
    assert_eq!(error_count(&out), 2, "{out}");
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------------------------------------
// The web editor (`cms:` in site.yaml).

#[test]
fn cms_block_with_wrong_values_is_an_error_at_each_value() {
    let out = fails(&with_accessibility(
        "cms:
  app: wordpress
  backend: {name: bitbucket, repo: agency, branch: main}
  publish_mode: review
  language: de
",
    ));
    says(
        &out,
        &[
            "`cms.app`",
            "`wordpress` is not an editor fiche writes a configuration for",
            "`app: sveltia`",
            "`cms.backend.name`",
            "`bitbucket` is not a backend fiche knows",
            "github, gitlab, gitea or git-gateway",
            "`cms.backend.repo`",
            "`agency` is not a repository",
            "`review` is not a publish mode",
            "`de` is not one of the site's languages",
        ],
    );
    assert_eq!(error_count(&out), 5, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn cms_block_without_backend_or_repo_says_what_to_add() {
    let out = fails(&with_accessibility("cms:\n  app: decap\n"));
    says(
        &out,
        &[
            "`cms.backend`",
            "needs a `backend`",
            "backend: {name: github",
        ],
    );
    let out = fails(&with_accessibility("cms:\n  backend: {name: gitea}\n"));
    says(
        &out,
        &["the `gitea` backend needs a `repo`", "repo: owner/name"],
    );
    let out = fails(&with_accessibility(
        "cms:\n  backend: {name: github, repo: a/b, user: x}\n",
    ));
    says(&out, &["user"]);
}
