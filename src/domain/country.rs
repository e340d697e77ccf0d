//! Countries and regions: every ISO 3166-1 country, its UN M49 region, and its name in each of
//! the site's languages from CLDR (ICU4X), with the site's own overrides.
//!
//! Users may write a country as an alpha-2 or alpha-3 code or as a name in any of the site's
//! languages; [`Countries::resolve`] turns what they wrote into the alpha-2 code, or explains
//! what it could have meant.

use std::collections::{BTreeMap, HashMap};

use icu::locale::subtags::Region as IcuRegion;
use icu_experimental::displaynames::{DisplayNamesOptions, multi::RegionDisplayNames};
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
    /// Builds the catalogue for `languages`, applying `overrides` (`lang → code → name`).
    pub fn new(
        languages: &[String],
        formats: &BTreeMap<String, String>,
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
        let mut names = HashMap::new();
        let mut region_names = HashMap::new();
        let mut by_name: HashMap<String, Vec<&'static str>> = HashMap::new();
        // Names in English are always recognised, since teams often type them.
        let mut name_langs: Vec<String> = languages.to_vec();
        if !name_langs.iter().any(|l| l == "en") {
            name_langs.push("en".into());
        }
        for lang in &name_langs {
            let locale = icu_locale(lang, formats);
            let display =
                RegionDisplayNames::try_new(locale.into(), DisplayNamesOptions::default()).ok();
            let overrides_here = overrides.get(lang);
            for &code in info.keys() {
                let cldr = display
                    .as_ref()
                    .and_then(|d| IcuRegion::try_from_str(code).ok().and_then(|r| d.of(r)))
                    .map(str::to_string);
                let shown = overrides_here
                    .and_then(|o| o.get(code))
                    .cloned()
                    .or_else(|| cldr.clone())
                    .unwrap_or_else(|| code.to_string());
                for name in [Some(&shown), cldr.as_ref()].into_iter().flatten() {
                    let entry = by_name.entry(fold(name)).or_default();
                    if !entry.contains(&code) {
                        entry.push(code);
                    }
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
                    let name = display
                        .as_ref()
                        .and_then(|d| IcuRegion::try_from_str(code).ok().and_then(|r| d.of(r)))
                        .map(str::to_string)
                        .unwrap_or_else(|| code.to_string());
                    region_names.insert((lang.clone(), code.to_string()), name);
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
        }
    }

    pub fn get(&self, code: &str) -> Option<&CountryInfo> {
        self.index.get(code)
    }

    pub fn all(&self) -> impl Iterator<Item = &CountryInfo> {
        self.info.values()
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
        let folded = fold(trimmed);
        if let Some(codes) = self.by_name.get(&folded) {
            return match codes.as_slice() {
                [one] => Ok(one.to_string()),
                many => Err(Unresolved::Ambiguous(
                    many.iter().map(|c| c.to_string()).collect(),
                )),
            };
        }
        Err(Unresolved::Unknown {
            suggestion: self.suggest(trimmed),
        })
    }

    /// The most likely country meant by an unknown code or name, with its English name.
    fn suggest(&self, written: &str) -> Option<(CountryCode, String)> {
        let upper = written.to_uppercase();
        let english = |code: &str| -> String {
            self.names
                .get(&("en".to_string(), code.to_string()))
                .cloned()
                .or_else(|| {
                    self.by_name
                        .iter()
                        .find(|(_, c)| c.contains(&code))
                        .map(|(n, _)| n.clone())
                })
                .unwrap_or_else(|| code.to_string())
        };
        let name_for = |code: &str| -> String {
            // Prefer the English CLDR name for suggestions; fall back to any known name.
            let en_locale = icu_locale("en", &BTreeMap::new());
            RegionDisplayNames::try_new(en_locale.into(), DisplayNamesOptions::default())
                .ok()
                .and_then(|d| {
                    IcuRegion::try_from_str(code)
                        .ok()
                        .and_then(|r| d.of(r).map(str::to_string))
                })
                .unwrap_or_else(|| english(code))
        };
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
                return Some((a2.to_string(), name_for(a2)));
            }
            // A three-letter attempt at a name's start (`BRZ` for Brazil).
            if upper.len() == 3
                && let Some((_, a2)) = self.by_alpha3.iter().find(|(a3, _)| a3[..2] == upper[..2])
            {
                return Some((a2.to_string(), name_for(a2)));
            }
        }
        let folded = fold(written);
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
            .map(|(_, _, codes)| (codes[0].to_string(), name_for(codes[0])))
    }
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
        let c = Countries::new(&["fr".into()], &BTreeMap::new(), &o);
        assert_eq!(c.name("fr", "CD"), "République démocratique du Congo");
        assert_eq!(
            c.resolve("République démocratique du Congo"),
            Ok("CD".into())
        );
    }
}
