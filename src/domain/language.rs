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
