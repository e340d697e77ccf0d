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
        if c.is_ascii_alphanumeric() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            return None;
        } else {
            hyphen = true;
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

#[cfg(test)]
mod tests {
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
        assert!(is_slug("blue-pacific-2"));
        assert!(!is_slug("Blue Pacific"));
    }
}
