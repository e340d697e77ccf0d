//! Countries and regions: every ISO 3166-1 country (and Kosovo), its UN M49 region, and its
//! name in each of the site's languages from CLDR (ICU4X), with the site's own overrides.
//!
//! Users may write a country as an alpha-2 or alpha-3 code or as a name in any of the site's
//! languages or English: CLDR's standard name, its short name (`alt="short"`: `UK`,
//! `Palestine`) or a common English usage ([`ENGLISH_USAGES`]); [`Countries::resolve`] turns
//! what they wrote into the alpha-2 code, or explains what it could have meant.

use std::collections::{BTreeMap, HashMap};

use icu::locale::subtags::Region as IcuRegion;
use icu_experimental::displaynames::{DisplayNamesOptions, Style, multi::RegionDisplayNames};
use keshvar::{CountryIterator, Region as Continent, SubRegion};

use crate::domain::language::icu_locale;
use crate::domain::slug::fold;

/// An ISO 3166-1 alpha-2 code, upper case.
pub type CountryCode = String;

/// A UN M49 region, at one of two levels: a continent (`002` Africa) or the sub-region a
/// country sits in (`011` Western Africa).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegionCode(pub &'static str);

#[derive(Debug, Clone)]
pub struct CountryInfo {
    pub alpha2: &'static str,
    pub alpha3: &'static str,
    pub continent: Option<RegionCode>,
    pub subregion: Option<RegionCode>,
}

impl CountryInfo {
    /// Whether the country is in the region `code`: its sub-region or its continent.
    pub fn in_region(&self, code: &str) -> bool {
        self.subregion.map(|r| r.0) == Some(code) || self.continent.map(|r| r.0) == Some(code)
    }

    /// Its sub-region, then its continent (those it has).
    pub fn regions(&self) -> impl Iterator<Item = RegionCode> {
        [self.subregion, self.continent].into_iter().flatten()
    }
}

/// What a user's country could not be resolved to.
#[derive(Debug, Clone, PartialEq)]
pub enum Unresolved {
    /// Nothing matched; maybe something close did.
    Unknown {
        suggestion: Option<(CountryCode, String)>,
    },
    /// A name that several countries share.
    Ambiguous(Vec<CountryCode>),
}

/// Which of CLDR's names pages show for a country: the standard one (`United Kingdom`,
/// `Palestinian Territories`) or the short one where CLDR has one (`UK`, `Palestine`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum NameForm {
    #[default]
    Standard,
    Short,
}

/// Names English writers use that ICU4X cannot give: CLDR's `alt="variant"` names (`Ivory
/// Coast`, `Swaziland`, `Czech Republic`, `East Timor`, `Turkey`, `Congo (DRC)`), which ICU4X's
/// display-name data leaves out (it carries the standard and `alt="short"` names only), and the
/// abbreviations agencies write (`DRC`, `UAE`). A bare `Congo` is either Congo, so it is
/// ambiguous rather than a guess. `UK` and `Palestine` need no row: they are CLDR's short names.
pub const ENGLISH_USAGES: &[(&str, &[&str])] = &[
    ("Congo", &["CG", "CD"]),
    ("Congo (DRC)", &["CD"]),
    ("DRC", &["CD"]),
    ("DR Congo", &["CD"]),
    ("Democratic Republic of the Congo", &["CD"]),
    ("Congo (Republic)", &["CG"]),
    ("Republic of the Congo", &["CG"]),
    ("Ivory Coast", &["CI"]),
    ("Swaziland", &["SZ"]),
    ("Czech Republic", &["CZ"]),
    ("East Timor", &["TL"]),
    ("Turkey", &["TR"]),
    ("Burma", &["MM"]),
    ("UAE", &["AE"]),
];

/// Kosovo, which ISO 3166-1 leaves out (so keshvar has no entry) but the EU, the World Bank and
/// IATI code `XK` (user-assigned), and CLDR names in every language. The World Bank's alpha-3
/// is `XKX`. M49 gives it no code of its own; it lies in Southern Europe (`039`), with Serbia.
const KOSOVO: CountryInfo = CountryInfo {
    alpha2: "XK",
    alpha3: "XKX",
    continent: Some(RegionCode("150")),
    subregion: Some(RegionCode("039")),
};

/// The catalogue of countries for one site: names in its languages and a lookup by name.
pub struct Countries {
    info: BTreeMap<&'static str, CountryInfo>,
    /// The same, for lookups by code (many per build).
    index: rustc_hash::FxHashMap<&'static str, CountryInfo>,
    by_alpha3: HashMap<&'static str, &'static str>,
    /// Folded name → codes that carry it, over all the site's languages.
    by_name: HashMap<String, Vec<&'static str>>,
    /// (language, code) → display name.
    names: HashMap<(String, String), String>,
    region_names: HashMap<(String, String), String>,
    /// Code → CLDR's standard English name, for hints (`did you mean `CD` (Congo - Kinshasa)?`).
    english: HashMap<&'static str, String>,
}

fn continent_code(c: Continent) -> RegionCode {
    RegionCode(match c {
        Continent::Africa => "002",
        Continent::Americas => "019",
        Continent::Antarctica => "AQ",
        Continent::Asia => "142",
        Continent::Europe => "150",
        Continent::Oceania => "009",
    })
}

fn subregion_code(s: SubRegion) -> RegionCode {
    RegionCode(match s {
        SubRegion::AustraliaAndNewZealand => "053",
        SubRegion::Caribbean => "029",
        SubRegion::CentralAmerica => "013",
        SubRegion::CentralAsia => "143",
        SubRegion::EasternAfrica => "014",
        SubRegion::EasternAsia => "030",
        SubRegion::EasternEurope => "151",
        SubRegion::Melanesia => "054",
        SubRegion::Micronesia => "057",
        SubRegion::MiddleAfrica => "017",
        SubRegion::NorthernAfrica => "015",
        SubRegion::NorthernAmerica => "021",
        SubRegion::NorthernEurope => "154",
        SubRegion::Polynesia => "061",
        SubRegion::SouthAmerica => "005",
        SubRegion::SouthEasternAsia => "035",
        SubRegion::SouthernAfrica => "018",
        SubRegion::SouthernAsia => "034",
        SubRegion::SouthernEurope => "039",
        SubRegion::WesternAfrica => "011",
        SubRegion::WesternAsia => "145",
        SubRegion::WesternEurope => "155",
    })
}

/// The M49 continents, in the order index pages list them.
pub const CONTINENTS: [&str; 5] = ["002", "019", "142", "150", "009"];

/// Whether a region code is a continent's (else it is a sub-region's).
pub fn is_continent(code: &str) -> bool {
    CONTINENTS.contains(&code)
}

impl Countries {
    /// Builds the catalogue for `languages`, showing names in `form`, with `overrides`
    /// (`lang → code → name`) in their place.
    pub fn new(
        languages: &[String],
        formats: &BTreeMap<String, String>,
        form: NameForm,
        overrides: &BTreeMap<String, BTreeMap<String, String>>,
    ) -> Countries {
        let mut info = BTreeMap::new();
        let mut by_alpha3 = HashMap::new();
        for country in CountryIterator::new() {
            let alpha2: &'static str = alpha2_str(&country.alpha2().to_string());
            let alpha3: &'static str = alpha2_str(&country.alpha3().to_string());
            by_alpha3.insert(alpha3, alpha2);
            info.insert(
                alpha2,
                CountryInfo {
                    alpha2,
                    alpha3,
                    continent: country.maybe_region().map(continent_code),
                    subregion: country.maybe_subregion().map(subregion_code),
                },
            );
        }
        info.entry(KOSOVO.alpha2).or_insert(KOSOVO);
        by_alpha3.entry(KOSOVO.alpha3).or_insert(KOSOVO.alpha2);
        let mut names = HashMap::new();
        let mut region_names = HashMap::new();
        let mut english = HashMap::new();
        let mut by_name: HashMap<String, Vec<&'static str>> = HashMap::new();
        let mut add_name = |name: &str, code: &'static str| {
            let entry = by_name.entry(fold(name)).or_default();
            if !entry.contains(&code) {
                entry.push(code);
            }
        };
        // Names in English are always recognised, since teams often type them.
        let mut name_langs: Vec<String> = languages.to_vec();
        if !name_langs.iter().any(|l| l == "en") {
            name_langs.push("en".into());
        }
        for lang in &name_langs {
            let locale = icu_locale(lang, formats);
            let standard = display_names(&locale, None);
            let short = display_names(&locale, Some(Style::Short));
            let overrides_here = overrides.get(lang);
            for &code in info.keys() {
                let cldr = name_of(standard.as_ref(), code);
                let cldr_short = name_of(short.as_ref(), code);
                if lang == "en"
                    && let Some(n) = &cldr
                {
                    english.insert(code, n.clone());
                }
                let shown = overrides_here
                    .and_then(|o| o.get(code))
                    .cloned()
                    .or_else(|| match form {
                        NameForm::Standard => cldr.clone(),
                        NameForm::Short => cldr_short.clone().or_else(|| cldr.clone()),
                    })
                    .unwrap_or_else(|| code.to_string());
                for name in [Some(&shown), cldr.as_ref(), cldr_short.as_ref()]
                    .into_iter()
                    .flatten()
                {
                    add_name(name, code);
                }
                if languages.contains(lang) {
                    names.insert((lang.clone(), code.to_string()), shown);
                }
            }
            if languages.contains(lang) {
                let region_codes = CONTINENTS
                    .iter()
                    .copied()
                    .chain(info.values().filter_map(|c| c.subregion.map(|r| r.0)));
                for code in region_codes {
                    let name = name_of(standard.as_ref(), code).unwrap_or_else(|| code.to_string());
                    region_names.insert((lang.clone(), code.to_string()), name);
                }
            }
        }
        for (name, codes) in ENGLISH_USAGES {
            for code in *codes {
                if let Some(info) = info.get(code) {
                    add_name(name, info.alpha2);
                }
            }
        }
        Countries {
            index: info.iter().map(|(k, v)| (*k, v.clone())).collect(),
            info,
            by_alpha3,
            by_name,
            names,
            region_names,
            english,
        }
    }

    pub fn get(&self, code: &str) -> Option<&CountryInfo> {
        self.index.get(code)
    }

    pub fn all(&self) -> impl Iterator<Item = &CountryInfo> {
        self.info.values()
    }

    /// The countries of the region `code` (a sub-region or a continent), in order of code.
    pub fn of_region<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a CountryInfo> {
        self.all().filter(move |c| c.in_region(code))
    }

    /// The country's name in `lang` (one of the site's languages).
    pub fn name(&self, lang: &str, code: &str) -> String {
        self.names
            .get(&(lang.to_string(), code.to_string()))
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// The name of an M49 region (`054`) in `lang`.
    pub fn region_name(&self, lang: &str, region: &str) -> String {
        self.region_names
            .get(&(lang.to_string(), region.to_string()))
            .cloned()
            .unwrap_or_else(|| region.to_string())
    }

    /// The country's CLDR name in English, for messages.
    pub fn english_name(&self, code: &str) -> String {
        self.english
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// Turns what a user wrote into an alpha-2 code.
    pub fn resolve(&self, written: &str) -> Result<CountryCode, Unresolved> {
        let trimmed = written.trim();
        let upper = trimmed.to_uppercase();
        if upper.len() == 2 && self.info.contains_key(upper.as_str()) {
            return Ok(upper);
        }
        if upper.len() == 3
            && let Some(code) = self.by_alpha3.get(upper.as_str())
        {
            return Ok(code.to_string());
        }
        if let Some(codes) = self.by_name.get(&fold(trimmed)) {
            return match codes.as_slice() {
                [one] => Ok(one.to_string()),
                many => {
                    let mut codes: Vec<CountryCode> = many.iter().map(|c| c.to_string()).collect();
                    codes.sort();
                    Err(Unresolved::Ambiguous(codes))
                }
            };
        }
        Err(Unresolved::Unknown {
            suggestion: self.suggest(trimmed),
        })
    }

    /// The most likely country meant by an unknown code or name, with its English name: a name
    /// or abbreviation written with other spaces or dots (`U.K.`, `D.R.C.`), then a code with a
    /// typo, then a name with a typo.
    fn suggest(&self, written: &str) -> Option<(CountryCode, String)> {
        let with_name = |code: &str| (code.to_string(), self.english_name(code));
        let folded = fold(written);
        let compact = |name: &str| name.replace(' ', "");
        let written_compact = compact(&folded);
        if let Some((_, codes)) = self
            .by_name
            .iter()
            .filter(|(name, codes)| {
                !written_compact.is_empty() && codes.len() == 1 && compact(name) == written_compact
            })
            .min_by_key(|(name, _)| name.as_str())
        {
            return Some(with_name(codes[0]));
        }
        let upper = written.to_uppercase();
        if upper.chars().all(|c| c.is_ascii_alphabetic()) && (2..=3).contains(&upper.len()) {
            // A code with a typo: the closest alpha-3 (or alpha-2) by edit distance, ties broken
            // by the shared first letter.
            let candidates: Vec<(&str, &str)> = if upper.len() == 3 {
                self.by_alpha3.iter().map(|(a3, a2)| (*a3, *a2)).collect()
            } else {
                self.info.keys().map(|a2| (*a2, *a2)).collect()
            };
            let best = candidates
                .iter()
                .filter(|(code, _)| strsim::levenshtein(code, &upper) == 1)
                .min_by_key(|(code, _)| {
                    (
                        !code.starts_with(&upper[..1]),
                        !code.starts_with(&upper[..2.min(upper.len())]),
                        *code,
                    )
                });
            if let Some((_, a2)) = best {
                return Some(with_name(a2));
            }
            // A three-letter attempt at a name's start (`BRZ` for Brazil).
            if upper.len() == 3
                && let Some((_, a2)) = self
                    .by_alpha3
                    .iter()
                    .filter(|(a3, _)| a3[..2] == upper[..2])
                    .min()
            {
                return Some(with_name(a2));
            }
        }
        self.by_name
            .iter()
            .map(|(name, codes)| (strsim::jaro_winkler(name, &folded), name, codes))
            // Close in spelling both ways: a high Jaro-Winkler score and few edits, so that a
            // made-up name gets no suggestion rather than a wrong one.
            .filter(|(score, name, codes)| {
                *score >= 0.88
                    && strsim::levenshtein(name, &folded) <= (folded.chars().count() / 3).max(1)
                    && codes.len() == 1
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
            .map(|(_, _, codes)| with_name(codes[0]))
    }
}

/// CLDR's region names in `locale`, in `style` (the standard names when `None`).
fn display_names(locale: &icu::locale::Locale, style: Option<Style>) -> Option<RegionDisplayNames> {
    let mut options = DisplayNamesOptions::default();
    options.style = style;
    RegionDisplayNames::try_new(locale.clone().into(), options).ok()
}

/// The name of the region `code` (`BR`, `054`), if CLDR has one.
fn name_of(names: Option<&RegionDisplayNames>, code: &str) -> Option<String> {
    let region = IcuRegion::try_from_str(code).ok()?;
    names?.of(region).map(str::to_string)
}

/// Interns a short code as `&'static str`. Codes come from keshvar's fixed list, so this leaks
/// a bounded amount (about 500 strings) once per process.
fn alpha2_str(code: &str) -> &'static str {
    use std::sync::{Mutex, OnceLock};
    static INTERNED: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let table = INTERNED.get_or_init(|| Mutex::new(HashMap::new()));
    let mut guard = match table.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(s) = guard.get(code) {
        return s;
    }
    let leaked: &'static str = Box::leak(code.to_string().into_boxed_str());
    guard.insert(code.to_string(), leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Countries {
        Countries::new(
            &["fr".into(), "en".into(), "es".into()],
            &BTreeMap::new(),
            NameForm::Standard,
            &BTreeMap::new(),
        )
    }

    #[test]
    fn resolves_codes_and_names_in_any_site_language_and_case() {
        let c = catalogue();
        assert_eq!(c.resolve("BR"), Ok("BR".into()));
        assert_eq!(c.resolve("br"), Ok("BR".into()));
        assert_eq!(c.resolve("BRA"), Ok("BR".into()));
        assert_eq!(c.resolve("Brésil"), Ok("BR".into()));
        assert_eq!(c.resolve("bresil"), Ok("BR".into()));
        assert_eq!(c.resolve("Brazil"), Ok("BR".into()));
        assert_eq!(c.resolve("Brasil"), Ok("BR".into()));
    }

    #[test]
    fn suggests_the_likely_country_for_a_typo() {
        let c = catalogue();
        match c.resolve("BRZ") {
            Err(Unresolved::Unknown {
                suggestion: Some((code, name)),
            }) => {
                assert_eq!(code, "BR");
                assert_eq!(name, "Brazil");
            }
            other => panic!("unexpected {other:?}"),
        }
        match c.resolve("Brazill") {
            Err(Unresolved::Unknown {
                suggestion: Some((code, _)),
            }) => assert_eq!(code, "BR"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn every_country_has_a_cldr_name_and_most_a_region() {
        let c = catalogue();
        assert!(c.all().count() >= 249);
        assert_eq!(c.name("fr", "CD"), "Congo-Kinshasa");
        assert_eq!(c.name("es", "FJ"), "Fiyi");
        assert_eq!(
            c.get("FJ").and_then(|i| i.subregion),
            Some(RegionCode("054"))
        );
        assert_eq!(c.region_name("fr", "054"), "Mélanésie");
    }

    #[test]
    fn the_site_can_rename_a_country() {
        let mut o = BTreeMap::new();
        o.insert(
            "fr".to_string(),
            BTreeMap::from([(
                "CD".to_string(),
                "République démocratique du Congo".to_string(),
            )]),
        );
        let c = Countries::new(&["fr".into()], &BTreeMap::new(), NameForm::Standard, &o);
        assert_eq!(c.name("fr", "CD"), "République démocratique du Congo");
        assert_eq!(
            c.resolve("République démocratique du Congo"),
            Ok("CD".into())
        );
    }

    fn suggestion(c: &Countries, written: &str) -> Option<CountryCode> {
        match c.resolve(written) {
            Err(Unresolved::Unknown { suggestion }) => suggestion.map(|(code, _)| code),
            other => panic!("`{written}`: unexpected {other:?}"),
        }
    }

    #[test]
    fn accepts_cldr_short_names_and_common_english_usages() {
        let c = catalogue();
        for (written, code) in [
            ("UK", "GB"),
            ("Palestine", "PS"),
            ("Palestina", "PS"),
            ("Bosnia", "BA"),
            ("DRC", "CD"),
            ("Democratic Republic of the Congo", "CD"),
            ("Ivory Coast", "CI"),
            ("Swaziland", "SZ"),
            ("Turkey", "TR"),
            ("Czech Republic", "CZ"),
        ] {
            assert_eq!(c.resolve(written), Ok(code.into()), "{written}");
        }
        // A code stays a code: `RU` is Russia, not Spanish CLDR's short `RU` (Reino Unido).
        assert_eq!(c.resolve("RU"), Ok("RU".into()));
    }

    #[test]
    fn kosovo_is_a_country_as_cldr_names_it_in_southern_europe() {
        let c = catalogue();
        assert_eq!(c.resolve("XK"), Ok("XK".into()));
        assert_eq!(c.resolve("XKX"), Ok("XK".into()));
        assert_eq!(c.resolve("Kosovo"), Ok("XK".into()));
        assert_eq!(c.name("fr", "XK"), "Kosovo");
        let kosovo = c.get("XK").expect("Kosovo is in the catalogue");
        assert!(kosovo.in_region("039") && kosovo.in_region("150"));
    }

    #[test]
    fn a_name_two_countries_share_lists_both() {
        let c = catalogue();
        assert_eq!(
            c.resolve("Congo"),
            Err(Unresolved::Ambiguous(vec!["CD".into(), "CG".into()]))
        );
    }

    #[test]
    fn an_abbreviation_written_with_dots_is_suggested_before_a_close_code() {
        let c = catalogue();
        assert_eq!(suggestion(&c, "U.K.").as_deref(), Some("GB"));
        assert_eq!(suggestion(&c, "D.R.C.").as_deref(), Some("CD"));
        assert_eq!(suggestion(&c, "IvoryCoast").as_deref(), Some("CI"));
    }

    #[test]
    fn the_short_form_shows_cldr_short_names_and_overrides_still_win() {
        let o = BTreeMap::from([(
            "en".to_string(),
            BTreeMap::from([("PS".to_string(), "State of Palestine".to_string())]),
        )]);
        let c = Countries::new(&["en".into()], &BTreeMap::new(), NameForm::Short, &o);
        assert_eq!(c.name("en", "GB"), "UK");
        assert_eq!(c.name("en", "BR"), "Brazil");
        assert_eq!(c.name("en", "PS"), "State of Palestine");
        let standard = catalogue();
        assert_eq!(standard.name("en", "GB"), "United Kingdom");
    }
}
