//! Everything shown "the way the page's language writes it": dates, amounts, counts, plural
//! forms, sorting and text direction, from CLDR through ICU4X. One [`Localiser`] per language,
//! made once per build.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::hash::Hash;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use fixed_decimal::Decimal;
use icu::calendar::{Date, Gregorian};
use icu::collator::{Collator, CollatorBorrowed, options::CollatorOptions};
use icu::datetime::{FixedCalendarDateTimeFormatter, fieldsets};
use icu::decimal::{CompactDecimalFormatter, DecimalFormatter};
use icu::locale::preferences::extensions::unicode::keywords::CurrencyType;
use icu::locale::{Direction, Locale, LocaleDirectionality};
use icu::plurals::{PluralCategory, PluralRules};
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::displaynames::{DisplayNamesOptions, multi::LanguageDisplayNames};
use rustc_hash::FxHashMap as HashMap;

use crate::domain::date::PartialDate;
use crate::domain::language::icu_locale;

type CompactCurrency = CurrencyFormatter<CompactDecimalFormatter>;

pub struct Localiser {
    pub dir: &'static str,
    /// The language's name in itself, capitalised: "Français", "English", "العربية".
    pub autonym: String,
    locale: Locale,
    date_ymd: Option<FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YMD>>,
    date_ym: Option<FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YM>>,
    date_y: Option<FixedCalendarDateTimeFormatter<Gregorian, fieldsets::Y>>,
    decimal: Option<DecimalFormatter>,
    compact: Option<CompactDecimalFormatter>,
    plurals: Option<PluralRules>,
    collator: Option<CollatorBorrowed<'static>>,
    language_names: Option<LanguageDisplayNames>,
    currencies: Mutex<HashMap<String, Option<Arc<CompactCurrency>>>>,
    /// [`Localiser::language_name`]s already looked up (every page names its translations').
    names: Mutex<HashMap<String, String>>,
    /// [`Localiser::date`]s already written (a site's dates are few: every card and fact
    /// sheet writes its start and end, ~3,000 instructions each).
    dates: Mutex<HashMap<PartialDate, String>>,
}

impl Localiser {
    pub fn new(lang: &str, formats: &BTreeMap<String, String>) -> Localiser {
        let locale = icu_locale(lang, formats);
        let dir = match LocaleDirectionality::new_common().get(&locale.id) {
            Some(Direction::RightToLeft) => "rtl",
            _ => "ltr",
        };
        let language_names =
            LanguageDisplayNames::try_new(locale.clone().into(), DisplayNamesOptions::default())
                .ok();
        let autonym = language_names
            .as_ref()
            .and_then(|names| names.of(locale.id.language).map(capitalise))
            .unwrap_or_else(|| lang.to_string());
        Localiser {
            dir,
            autonym,
            date_ymd: FixedCalendarDateTimeFormatter::try_new(
                locale.clone().into(),
                fieldsets::YMD::long(),
            )
            .ok(),
            date_ym: FixedCalendarDateTimeFormatter::try_new(
                locale.clone().into(),
                fieldsets::YM::long(),
            )
            .ok(),
            date_y: FixedCalendarDateTimeFormatter::try_new(
                locale.clone().into(),
                fieldsets::Y::long(),
            )
            .ok(),
            decimal: DecimalFormatter::try_new(locale.clone().into(), Default::default()).ok(),
            compact: CompactDecimalFormatter::try_new_short(
                locale.clone().into(),
                Default::default(),
            )
            .ok(),
            plurals: PluralRules::try_new_cardinal(locale.clone().into()).ok(),
            collator: Collator::try_new(locale.clone().into(), CollatorOptions::default()).ok(),
            currencies: Mutex::new(HashMap::default()),
            names: Mutex::new(HashMap::default()),
            dates: Mutex::new(HashMap::default()),
            language_names,
            locale,
        }
    }

    /// A date in long form: "1er janvier 2024", "January 2024", "2024".
    pub fn date(&self, date: PartialDate) -> String {
        remembered(&self.dates, &date, || self.write_date(date))
    }

    fn write_date(&self, date: PartialDate) -> String {
        let first = date.first_day();
        let Ok(d) = Date::try_new_gregorian(first.year, first.month, first.day) else {
            return date.to_string();
        };
        let text = match (date.month, date.day) {
            (Some(_), Some(day)) => {
                let s = self.date_ymd.as_ref().map(|f| f.format(&d).to_string());
                // French writes the first day of a month as an ordinal: "1er janvier".
                match s {
                    Some(s) if day == 1 && self.locale.id.language.as_str() == "fr" => Some(
                        s.strip_prefix("1 ")
                            .map(|rest| format!("1er {rest}"))
                            .unwrap_or(s),
                    ),
                    other => other,
                }
            }
            (Some(_), None) => self.date_ym.as_ref().map(|f| f.format(&d).to_string()),
            _ => self.date_y.as_ref().map(|f| f.format(&d).to_string()),
        };
        text.unwrap_or_else(|| date.to_string())
    }

    /// The name of another language in this one, as written mid-sentence: "espagnol".
    pub fn language_name(&self, code: &str) -> String {
        remembered(&self.names, code, || {
            let language = Locale::try_from_str(code).map(|l| l.id.language).ok();
            self.language_names
                .as_ref()
                .zip(language)
                .and_then(|(names, language)| names.of(language).map(str::to_string))
                .unwrap_or_else(|| code.to_string())
        })
    }

    /// A whole number with the language's grouping: "12 500", "12,500".
    pub fn number(&self, n: u64) -> String {
        match &self.decimal {
            Some(f) => f.format(&Decimal::from(n)).to_string(),
            None => n.to_string(),
        }
    }

    /// A number with at most two decimals, the language's way: "33,33", "33.33", "60".
    pub fn decimal(&self, x: f64) -> String {
        let written = format!("{x:.2}");
        let written = written.trim_end_matches('0').trim_end_matches('.');
        match (&self.decimal, Decimal::from_str(written)) {
            (Some(f), Ok(d)) => f.format(&d).to_string(),
            _ => written.to_string(),
        }
    }

    pub fn plural_category(&self, n: u64) -> &'static str {
        let category = self
            .plurals
            .as_ref()
            .map(|p| p.category_for(n))
            .unwrap_or(if n == 1 {
                PluralCategory::One
            } else {
                PluralCategory::Other
            });
        match category {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            _ => "other",
        }
    }

    /// Compares two names the way the language sorts them.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        match &self.collator {
            Some(c) => c.compare(a, b),
            None => a.cmp(b),
        }
    }

    fn currency_formatter(&self, currency: &str) -> Option<Arc<CompactCurrency>> {
        remembered(&self.currencies, currency, || {
            let code = CurrencyType::try_from_str(currency).ok()?;
            CurrencyFormatter::try_new_compact_symbol(
                self.locale.clone().into(),
                code,
                Default::default(),
            )
            .ok()
            .map(Arc::new)
        })
    }

    /// An amount in compact form with its currency: "58,8 M €", "€58.8M".
    ///
    /// CLDR's compact patterns round to two significant digits ("59 M €"); fact sheets want
    /// three, so the significand the pattern shows is replaced by a more precise one,
    /// formatted with the same locale.
    pub fn amount(&self, value: f64, currency: &str) -> String {
        // Made only when it is the answer: formatting a float with a precision costs
        // thousands of instructions, and most amounts do not need it.
        let plain = || format!("{value:.0} {currency}");
        let Some(formatter) = self.currency_formatter(currency) else {
            return plain();
        };
        let Ok(decimal) = Decimal::from_str(&format!("{value:.2}")) else {
            return plain();
        };
        let shown = formatter.format_fixed_decimal(&decimal).to_string();
        let (Some(compact), Some(decimal_fmt)) = (&self.compact, &self.decimal) else {
            return shown;
        };
        if value < 1000.0 {
            return shown;
        }
        let magnitude = value.log10().floor() as i16;
        let exponent = compact.compact_exponent_for_magnitude(magnitude);
        if exponent == 0 {
            return shown;
        }
        let significand = value / 10f64.powi(i32::from(exponent));
        let cldr = if significand >= 10.0 {
            format!("{significand:.0}")
        } else {
            format!("{significand:.1}")
        };
        let precise_digits: usize = if significand >= 100.0 {
            0
        } else if significand >= 10.0 {
            1
        } else {
            2
        };
        let precise = format!("{significand:.precise_digits$}");
        let trim = |s: &str| -> String {
            if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                s.to_string()
            }
        };
        let fmt = |s: &str| {
            Decimal::from_str(s)
                .ok()
                .map(|d| decimal_fmt.format(&d).to_string())
        };
        match (fmt(&trim(&cldr)), fmt(&trim(&precise))) {
            (Some(from), Some(to)) if shown.contains(&from) => shown.replacen(&from, &to, 1),
            _ => shown,
        }
    }
}

/// What `cache` holds for `key`, made by `make` and kept the first time it is asked for (the
/// key is copied only then).
fn remembered<Q, K, V>(cache: &Mutex<HashMap<K, V>>, key: &Q, make: impl FnOnce() -> V) -> V
where
    Q: ToOwned<Owned = K> + Hash + Eq + ?Sized,
    K: Borrow<Q> + Hash + Eq,
    V: Clone,
{
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(value) = cache.get(key) {
        return value.clone();
    }
    let value = make();
    cache.insert(key.to_owned(), value.clone());
    value
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(lang: &str) -> Localiser {
        Localiser::new(lang, &BTreeMap::new())
    }

    fn nbsp_free(s: String) -> String {
        s.replace(['\u{a0}', '\u{202f}'], " ")
    }

    #[test]
    fn long_dates_in_each_language() {
        let d = PartialDate {
            year: 2024,
            month: Some(1),
            day: Some(1),
        };
        assert_eq!(l("fr").date(d), "1er janvier 2024");
        assert_eq!(l("en").date(d), "1 January 2024");
        assert_eq!(l("es").date(d), "1 de enero de 2024");
        let ym = PartialDate {
            year: 2026,
            month: Some(12),
            day: None,
        };
        assert_eq!(l("fr").date(ym), "décembre 2026");
        // Written once, then remembered: the same text for each date, and each its own.
        let fr = l("fr");
        for _ in 0..2 {
            assert_eq!(fr.date(d), "1er janvier 2024");
            assert_eq!(fr.date(ym), "décembre 2026");
        }
        assert_eq!(
            l("en").date(PartialDate {
                year: 2021,
                month: None,
                day: None
            }),
            "2021"
        );
    }

    #[test]
    fn compact_amounts_keep_three_significant_digits() {
        assert_eq!(nbsp_free(l("fr").amount(58_800_000.0, "EUR")), "58,8 M €");
        assert_eq!(l("en").amount(58_800_000.0, "EUR"), "€58.8M");
        assert_eq!(nbsp_free(l("es").amount(58_800_000.0, "EUR")), "58,8 M €");
        assert_eq!(l("en").amount(1_250_000.0, "EUR"), "€1.25M");
        assert_eq!(l("en").amount(950_000.0, "EUR"), "€950K");
        assert_eq!(l("en").amount(500.0, "EUR"), "€500");
        assert_eq!(l("en").amount(3_400_000.0, "USD"), "US$3.4M");
    }

    #[test]
    fn arabic_is_right_to_left_and_has_its_plural_forms() {
        let ar = l("ar");
        assert_eq!(ar.dir, "rtl");
        assert_eq!(ar.plural_category(2), "two");
        assert_eq!(l("fr").dir, "ltr");
        assert_eq!(l("fr").autonym, "Français");
        assert_eq!(l("fr").language_name("es"), "espagnol");
        assert_eq!(l("en").language_name("fr"), "French");
        // Looked up once, then remembered; a code with no name stays itself.
        let fr = l("fr");
        for _ in 0..2 {
            assert_eq!(fr.language_name("de"), "allemand");
            assert_eq!(fr.language_name("x-not-a-code"), "x-not-a-code");
        }
    }
}
