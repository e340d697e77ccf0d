//! Slugs for URLs and folded forms of names for matching.

use unicode_normalization::UnicodeNormalization;

/// A name folded for matching: lower case, accents and punctuation removed, spaces collapsed.
/// "Côte d’Ivoire" and "cote d'ivoire" fold to the same text.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// A URL path segment made from a name: ASCII lower case letters, digits and hyphens.
/// Returns `None` when the name has letters that do not fold to ASCII (such as Arabic script),
/// so that the caller can use a code instead.
pub fn slugify(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    let mut hyphen = false;
    let mut push = |c: char| {
        if c.is_ascii_alphanumeric() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            return false;
        } else {
            hyphen = true;
        }
        true
    };
    if name.is_ascii() {
        // ASCII is its own decomposition, with no marks: the common case (headings, titles)
        // skips the NFD iterator, which cost ~100 instructions a character.
        if !name.chars().all(&mut push) {
            return None;
        }
    } else {
        for c in name.nfd() {
            if unicode_normalization::char::is_combining_mark(c) {
                continue;
            }
            let c = match c {
                'ß' => 's',
                'æ' | 'Æ' => 'a',
                'œ' | 'Œ' => 'o',
                'ø' | 'Ø' => 'o',
                'đ' | 'Đ' => 'd',
                'ł' | 'Ł' => 'l',
                other => other,
            };
            if !push(c) {
                return None;
            }
        }
    }
    if out.is_empty() { None } else { Some(out) }
}

/// Whether `s` is already a valid slug: what `fiche new` accepts and content file names use.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A first title made from a slug for a new fact sheet in `lang`: its words, the first one
/// capitalised; every one in English, whose titles are written in Title Case ("Clean Water",
/// "Eau potable", "Agua potable").
pub fn title_from(slug: &str, lang: &str) -> String {
    let title_case = lang == "en" || lang.starts_with("en-");
    slug.split('-')
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && !title_case {
                return w.to_string();
            }
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn titles_from_slugs_follow_each_language_s_case() {
        assert_eq!(super::title_from("water", "fr"), "Water");
        assert_eq!(super::title_from("eau-potable", "fr"), "Eau potable");
        assert_eq!(super::title_from("agua-potable", "es"), "Agua potable");
        assert_eq!(super::title_from("clean-water", "en"), "Clean Water");
        assert_eq!(super::title_from("clean--water-", "en-GB"), "Clean Water");
    }

    use super::*;

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(fold("Côte d’Ivoire"), "cote d ivoire");
        assert_eq!(fold("  BRÉSIL "), "bresil");
        assert_eq!(fold("Saint-Kitts-et-Nevis"), "saint kitts et nevis");
    }

    #[test]
    fn slugs_are_readable_ascii() {
        assert_eq!(slugify("Brésil").as_deref(), Some("bresil"));
        assert_eq!(
            slugify("Países y regiones").as_deref(),
            Some("paises-y-regiones")
        );
        assert_eq!(
            slugify("Coopération policière").as_deref(),
            Some("cooperation-policiere")
        );
        assert_eq!(slugify("البرازيل"), None);
        assert_eq!(slugify("!!"), None);
        // ASCII takes a shorter way: the same slugs as the decomposing one, which a
        // no-break space (a separator) at the end sends them through.
        for ascii in [
            "",
            "!!",
            "Water & Sanitation 2030",
            "--a--B--",
            "x",
            "  Trim  me. ",
        ] {
            assert_eq!(
                slugify(ascii),
                slugify(&format!("{ascii}\u{a0}")),
                "{ascii:?}"
            );
        }
        assert!(is_slug("blue-pacific-2"));
        assert!(!is_slug("Blue Pacific"));
    }
}
