//! Property tests (proptest): slugs, the addresses of every page, and the front-matter
//! splitter, over generated names and texts rather than chosen examples.

use std::collections::BTreeSet;

use fiche::domain::slug::{is_slug, slugify};
use fiche::parse::frontmatter::{Split, split};
use fiche::pipeline::{BuildOptions, Changes, Session};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::harness::{Site, fixture};

/// Names as people write them: Latin letters with and without accents, capitals, digits,
/// spaces and punctuation, other scripts, and characters that mean something in a path.
fn name() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "[a-zA-Z0-9 éèÉàçñøßæœłđ'’.,:;!?()&/\\\\_+-]{0,12}|[a-z]{1,6}|[مرحبا 你好 Привет]{1,6}",
    )
    .expect("a valid regex")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn a_slug_is_always_a_valid_address_segment_and_stable(s in any::<String>()) {
        if let Some(slug) = slugify(&s) {
            prop_assert!(is_slug(&slug), "`{slug}` (from {s:?}) is not a slug");
            prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            // Stable: a slug is its own slug, and the same text always gives the same slug.
            prop_assert_eq!(slugify(&slug), Some(slug.clone()));
            prop_assert_eq!(slugify(&s), Some(slug));
        }
    }

    #[test]
    fn names_as_typed_give_slugs_whatever_their_unicode_form(s in name()) {
        let composed: String = s.nfc().collect();
        let decomposed: String = s.nfd().collect();
        prop_assert_eq!(slugify(&composed), slugify(&decomposed));
        prop_assert_eq!(slugify(&s.to_ascii_uppercase()), slugify(&s.to_ascii_lowercase()));
    }

    #[test]
    fn the_splitter_never_panics_and_cuts_at_two_fence_lines(text in any::<String>()) {
        if let Ok(s) = split(&text) {
            let (yaml_at, body_at) = (offset(&text, s.yaml), offset(&text, s.body));
            let before = &text[..yaml_at];
            let between = &text[yaml_at + s.yaml.len()..body_at];
            prop_assert_eq!(before.trim_start_matches('\u{feff}').trim_end(), "---");
            prop_assert!(matches!(between.trim_end(), "---" | "..."), "{between:?}");
            prop_assert_eq!(body_at + s.body.len(), text.len());
            if !s.body.is_empty() {
                prop_assert_eq!(s.body_first_line, text[..body_at].matches('\n').count() + 1);
            }
        }
    }

    #[test]
    fn splitting_a_written_file_gives_back_its_parts(
        yaml in proptest::collection::vec("[^\n]{0,20}", 0..6),
        body in any::<String>(),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        spaces in "[ \t]{0,3}",
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let yaml: String = yaml
            .iter()
            .filter(|l| !matches!(l.trim_end(), "---" | "..."))
            .map(|l| format!("{l}{eol}"))
            .collect();
        let text = format!(
            "{}---{spaces}{eol}{yaml}---{spaces}{eol}{body}",
            if bom { "\u{feff}" } else { "" }
        );
        let s: Split = split(&text).expect("a file with two fences splits");
        prop_assert_eq!(s.yaml, yaml.as_str());
        prop_assert_eq!(s.body, body.as_str());
        prop_assert_eq!(s.yaml_first_line, 2);
        prop_assert_eq!(s.body_first_line, yaml.matches('\n').count() + 3);
    }
}

/// Where `part` (a slice of `text`) starts in it.
fn offset(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

/// An output path names a file inside the output folder.
fn assert_inside(path: &str) {
    assert!(
        !path.is_empty()
            && !path.starts_with('/')
            && !path.contains('\\')
            && path
                .split('/')
                .all(|s| !s.is_empty() && s != "." && s != ".."),
        "unsafe output path `{path}`"
    );
    let last = path.rsplit('/').next().unwrap_or_default();
    assert!(
        last.contains('.'),
        "`{path}` does not end in a file name (index.html, atom.xml, …)"
    );
}

/// Builds the base site with fact sheets under the given file stems (in French) and themes
/// with the given names, in memory: the outputs' paths, or the errors' messages.
fn build(stems: &[String], theme_names: &[String]) -> Result<Vec<String>, Vec<String>> {
    let site = Site::from_layers(&[fixture("base")]);
    let good = site.read("content/programmes/good.fr.md");
    let keys: Vec<String> = (0..theme_names.len()).map(|i| format!("t{i}")).collect();
    let mut themes = String::new();
    for (key, name) in keys.iter().zip(theme_names) {
        themes.push_str(&format!("{key}:\n  name: {}\n", yaml_quoted(name)));
    }
    site.write("data/themes.yaml", themes);
    let listed = format!("themes: [{}]", keys.join(", "));
    let good = good.replace("themes: [police-cooperation, training]", &listed);
    std::fs::remove_dir_all(site.path().join("content/programmes")).expect("remove");
    for stem in stems {
        site.write(&format!("content/programmes/{stem}.fr.md"), &good);
    }
    let mut options = BuildOptions::new(site.path());
    options.link_check = fiche::pipeline::LinkCheck::Off;
    match Session::new(options).rebuild(&Changes::Everything) {
        Ok(update) => Ok(update.outputs.into_iter().map(|o| o.path).collect()),
        Err(errors) => Err(errors.into_iter().map(|d| d.message).collect()),
    }
}

fn yaml_quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a JSON string is a YAML string")
}

/// A file stem people might give a fact sheet: no `/`, no `.`, not empty, not hidden.
fn stem() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 éÉèçñß'’,_+()-]{1,10}")
        .expect("a valid regex")
        .prop_filter("a visible name", |s| {
            !s.starts_with(['#', '.']) && !s.ends_with('~') && s.trim() == s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn two_file_names_with_one_slug_are_reported_never_merged(a in stem(), b in stem()) {
        prop_assume!(a != b);
        let (slug_a, slug_b) = (slugify(&a), slugify(&b));
        let result = build(&[a.clone(), b.clone()], &[]);
        match (&slug_a, &slug_b) {
            (Some(x), Some(y)) if x == y => {
                let errors = result.expect_err("two files at one address must fail the build");
                prop_assert!(
                    errors.iter().any(|m| m.contains("are the same page")),
                    "{errors:?}"
                );
            }
            (Some(x), Some(y)) => {
                let paths = result.expect("distinct slugs build");
                for slug in [x, y] {
                    let page = format!("fr/programmes/{slug}/index.html");
                    prop_assert!(paths.contains(&page), "no {page}");
                }
                paths.iter().for_each(|p| assert_inside(p));
            }
            _ => {
                let errors = result.expect_err("a name without a slug is an error");
                prop_assert!(
                    errors.iter().any(|m| m.contains("cannot be made into a web address")),
                    "{errors:?}"
                );
            }
        }
    }

    #[test]
    fn every_theme_gets_a_page_of_its_own_inside_the_output(
        // A name shows something: one with nothing visible is refused (`parse::rules`).
        names in proptest::collection::vec(
            name().prop_filter("a visible name", |n| n.chars().any(|c| !c.is_whitespace())),
            1..6,
        ),
    ) {
        let paths = build(&["programme".to_string()], &names)
            .unwrap_or_else(|e| panic!("the site should build: {e:?}"));
        paths.iter().for_each(|p| assert_inside(p));
        let unique: BTreeSet<&String> = paths.iter().collect();
        prop_assert_eq!(unique.len(), paths.len(), "two outputs at one path");
        for lang in ["fr/thematiques/", "en/themes/"] {
            let theme_pages = paths
                .iter()
                .filter(|p| {
                    p.strip_prefix(lang)
                        .is_some_and(|rest| rest.matches('/').count() == 1 && rest.ends_with("/index.html"))
                })
                .count();
            prop_assert_eq!(theme_pages, names.len(), "theme pages under {}", lang);
        }
    }
}

#[test]
fn a_theme_named_like_another_ones_renamed_address_still_gets_its_own() {
    // "X" twice: the second becomes `x-t1`, which is also the slug of "X t1". Each of the
    // three keeps a page of its own.
    let names = ["X", "X", "X t1"].map(String::from);
    let paths = build(&["programme".to_string()], &names).expect("builds");
    for slug in ["x", "x-t1", "x-t1-2"] {
        let page = format!("fr/thematiques/{slug}/index.html");
        assert!(paths.contains(&page), "no {page} in {paths:?}");
    }
}
