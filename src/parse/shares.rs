//! `shares:`, how a programme's amount is split where that is known: the percentage of it
//! that each of its countries receives, and what each of its donors gives.
//!
//! ```yaml
//! countries: [BO, PE]
//! donors: [usaid, eu]
//! shares:
//!   countries: {BO: 60, PE: 25}       # percent of the amount; the rest went to no one country
//!   donors: {usaid: 1200000, eu: {value: 500000, currency: USD}}
//! ```
//!
//! Each country or donor named must be one of the programme's own; the percentages are from
//! 0 to 100 and add up to 100 at most (as IATI's do, with regions taking the rest); each
//! contribution is written as `amount:` is.

use crate::diagnostic::{Diagnostic, Place};
use crate::domain::country::{CountryCode, Unresolved};
use crate::parse::fields::{Amount, Known};
use crate::parse::finance::{Parts, money, read_parts};
use crate::parse::rules::Problem;
use crate::parse::yaml::{self, Fields, Mapping, Value};

/// The known parts of a programme's amount.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shares {
    /// Countries whose percentage of the amount is known, in the order written.
    pub countries: Vec<(CountryCode, f64)>,
    /// Donors whose contribution is known, in the order written.
    pub donors: Vec<(String, Amount)>,
}

impl Shares {
    /// The percentage of the amount country `code` receives, if known.
    pub fn country(&self, code: &str) -> Option<f64> {
        self.countries
            .iter()
            .find(|(c, _)| c.as_str() == code)
            .map(|(_, p)| *p)
    }

    /// The contribution of donor `key`, if known.
    pub fn donor(&self, key: &str) -> Option<&Amount> {
        self.donors.iter().find(|(d, _)| d == key).map(|(_, a)| a)
    }
}

const EXAMPLE: &str = "write `shares: {countries: {BO: 60, PE: 40}, donors: {usaid: 1200000}}` (either part may be left out)";

/// Checks `shares:` against the programme's checked `countries` and `donors`.
pub(super) fn shares(
    fields: &Fields,
    known: &Known,
    countries: &[CountryCode],
    donors: &[String],
    errors: &mut Vec<Diagnostic>,
) -> Shares {
    let m = match fields.get("shares") {
        None | Some(Value::Null) => return Shares::default(),
        Some(Value::Mapping(m)) => m,
        Some(other) => {
            let message = format!(
                "should be a mapping with `countries` and `donors`, found {}",
                yaml::describe(other)
            );
            errors.push(fields.error("shares", message).hint(EXAMPLE));
            return Shares::default();
        }
    };
    let mut parts = Parts::new(fields, "shares");
    let (found, _) = read_parts(&mut parts, m, &["countries", "donors"], "`shares`", errors);
    let mut out = Shares::default();
    if let Some((v, place)) = found.get("countries")
        && let Some(m) = mapping(&parts, "countries", v, *place, errors)
    {
        out.countries = country_shares(&mut parts, known, m, countries, *place, errors);
    }
    if let Some((v, place)) = found.get("donors")
        && let Some(m) = mapping(&parts, "donors", v, *place, errors)
    {
        out.donors = donor_shares(&mut parts, known, m, donors, errors);
    }
    out
}

/// The mapping under a part of `shares`, or an error saying how to write one.
fn mapping<'v>(
    parts: &Parts,
    part: &str,
    v: &'v Value,
    place: Option<Place>,
    errors: &mut Vec<Diagnostic>,
) -> Option<&'v Mapping> {
    match v {
        Value::Mapping(m) => Some(m),
        Value::Null => None,
        other => {
            let problem = Problem::new(
                format!(
                    "`{part}` should be a mapping, found {}",
                    yaml::describe(other)
                ),
                EXAMPLE,
            );
            errors.push(parts.error(part, place, problem));
            None
        }
    }
}

/// A mapping key as written: text, or a number written as a key.
fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => "?".to_string(),
    }
}

fn country_shares(
    parts: &mut Parts,
    known: &Known,
    m: &Mapping,
    countries: &[CountryCode],
    anchor: Option<Place>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(CountryCode, f64)> {
    let mut out: Vec<(CountryCode, f64)> = Vec::new();
    for (k, v) in m {
        let written = key_text(k);
        let place = parts.next(&written);
        let field = format!("countries.{written}");
        let code = match known.countries.resolve(&written) {
            Ok(code) => code,
            Err(e) => {
                let hint = match e {
                    Unresolved::Unknown {
                        suggestion: Some((c, name)),
                    } => format!("did you mean `{c}` ({name})?"),
                    _ => "name one of the programme's `countries`, by code or name".to_string(),
                };
                let problem = Problem::new(format!("`{written}` is not a known country"), hint);
                errors.push(parts.error(&field, place, problem));
                continue;
            }
        };
        if !countries.contains(&code) {
            let problem = Problem::new(
                format!("`{written}` has a share but is not one of the programme's `countries`"),
                format!("add `{code}` to `countries`, or take its share out"),
            );
            errors.push(parts.error(&field, place, problem));
            continue;
        }
        if out.iter().any(|(c, _)| *c == code) {
            let problem = Problem::new(
                format!("`{written}` has two shares ({code})"),
                "give each country one percentage",
            );
            errors.push(parts.error(&field, place, problem));
            continue;
        }
        let at = place.and_then(|p| parts.fields.value_after(p)).or(place);
        match percentage(v) {
            Ok(p) => out.push((code, p)),
            Err(problem) => errors.push(parts.error(&field, at, problem)),
        }
    }
    let sum: f64 = out.iter().map(|(_, p)| p).sum();
    // Percentages written with two decimals add up exactly to 100 in decimal, not in binary.
    if sum > 100.0 + 1e-9 {
        let problem = Problem::new(
            format!(
                "the countries' shares add up to {}%, more than the whole amount",
                (sum * 100.0).round() / 100.0
            ),
            "each share is a percentage of the amount, and together they make 100 at most (what is left is shared by no one country)",
        );
        errors.push(parts.error("countries", anchor, problem));
    }
    out
}

/// A percentage: a number from 0 to 100, without `%`.
fn percentage(v: &Value) -> Result<f64, Problem> {
    let hint =
        "write the percentage as a number from 0 to 100, without `%`, such as `40` or `33.5`";
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(p) if (0.0..=100.0).contains(&p) => Ok(p),
            _ => Err(Problem::new(format!("`{n}` is not a percentage"), hint)),
        },
        Value::String(s) => {
            let bare = s.trim().trim_end_matches('%').trim();
            let hint = match bare.parse::<f64>() {
                Ok(p) if (0.0..=100.0).contains(&p) => format!("write `{bare}`, a bare number"),
                _ => hint.to_string(),
            };
            Err(Problem::new(format!("`{s}` is not a percentage"), hint))
        }
        other => Err(Problem::new(
            format!("should be a percentage, found {}", yaml::describe(other)),
            hint,
        )),
    }
}

fn donor_shares(
    parts: &mut Parts,
    known: &Known,
    m: &Mapping,
    donors: &[String],
    errors: &mut Vec<Diagnostic>,
) -> Vec<(String, Amount)> {
    let mut out: Vec<(String, Amount)> = Vec::new();
    for (k, v) in m {
        let key = key_text(k);
        let place = parts.next(&key);
        let field = format!("donors.{key}");
        if !donors.contains(&key) {
            let hint = match crate::diagnostic::closest(&key, donors.iter().map(String::as_str)) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("add `{key}` to `donors`, or take its contribution out"),
            };
            let problem = Problem::new(
                format!("`{key}` has a contribution but is not one of the programme's `donors`"),
                hint,
            );
            errors.push(parts.error(&field, place, problem));
            continue;
        }
        let before = errors.len();
        let amount = money(parts, place, v, known, errors);
        // `money` names the part `amount`; here it is the donor's contribution.
        for e in &mut errors[before..] {
            let part = e
                .field
                .as_deref()
                .and_then(|f| f.strip_prefix("shares.amount"));
            e.field = Some(format!("shares.{field}{}", part.unwrap_or_default()));
        }
        if let Some(amount) = amount {
            out.push((key, amount));
        }
    }
    out
}
