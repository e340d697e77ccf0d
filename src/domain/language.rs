//! Which ICU4X locale a site language is formatted with: shared by the country catalogue
//! (CLDR names) and the localiser.

use std::collections::BTreeMap;

use icu::locale::Locale;

/// The CLDR locale used to format for a site language. A bare `en` formats as international
/// English (`en-001`: "1 January 2024"), unless `site.yaml` says otherwise under `formats:`.
pub fn icu_locale(lang: &str, formats: &BTreeMap<String, String>) -> Locale {
    let tag = formats
        .get(lang)
        .map(String::as_str)
        .unwrap_or(if lang == "en" { "en-001" } else { lang });
    Locale::try_from_str(tag)
        .or_else(|_| Locale::try_from_str(lang))
        .unwrap_or(icu::locale::locale!("und"))
}

/// A site language as Open Graph's `og:locale` writes it, `language_TERRITORY`: the
/// territory CLDR finds likeliest when the code names none (`fr` is `fr_FR`, `en` is `en_US`,
/// `pt-BR` stays `pt_BR`), the bare language when it finds none.
pub fn og_locale(lang: &str) -> String {
    let Ok(mut id) = icu::locale::LanguageIdentifier::try_from_str(lang) else {
        return lang.replace('-', "_");
    };
    icu::locale::LocaleExpander::new_common().maximize(&mut id);
    match id.region {
        Some(region) => format!("{}_{}", id.language, region),
        None => id.language.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::og_locale;

    #[test]
    fn og_locale_adds_the_likeliest_territory_and_keeps_a_given_one() {
        assert_eq!(og_locale("fr"), "fr_FR");
        assert_eq!(og_locale("en"), "en_US");
        assert_eq!(og_locale("ar"), "ar_EG");
        assert_eq!(og_locale("pt-BR"), "pt_BR");
    }
}
