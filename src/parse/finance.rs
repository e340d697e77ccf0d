//! A fact sheet's finance: `budgets:` (an amount per period) and `disbursed:` (the money paid
//! out, counted to a date), checked like the other fields: every problem of every budget at
//! its line, in one run.
//!
//! ```yaml
//! budgets:
//!   - {start: 2024-01, end: 2024-12, amount: 1200000}
//!   - {start: 2025-01, end: 2025-12, amount: {value: 1300000, currency: USD}}
//! disbursed: {amount: 12400000, date: 2025-03-31}
//! ```
//!
//! Each amount is written as `amount:` is (a number in the site's currency, or `{value,
//! currency}`), and follows the same rules (`rules::amount_notation`, `rules::currency`).

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Place, closest};
use crate::domain::date::PartialDate;
use crate::parse::fields::{Amount, Known, MAX_AMOUNT, date_value};
use crate::parse::rules::{self, Problem};
use crate::parse::yaml::{self, Fields, Value};

/// The names of the finance fields, both facts (the source file's, like `amount`).
pub const FINANCE_FIELDS: [&str; 2] = ["budgets", "disbursed"];

/// One budget period.
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    pub start: PartialDate,
    pub end: PartialDate,
    pub amount: Amount,
}

/// The money paid out (disbursements and expenditure) up to a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Disbursed {
    pub amount: Amount,
    pub date: PartialDate,
}

const BUDGET_EXAMPLE: &str =
    "write each period as `- {start: 2024-01, end: 2024-12, amount: 1200000}`";
const DISBURSED_EXAMPLE: &str = "write `disbursed: {amount: 12400000, date: 2025-03-31}`";

/// Where the parts of the mappings under one field are written: the n-th `start` of
/// `budgets` is the n-th budget's that has one.
pub(super) struct Parts<'a> {
    pub(super) fields: &'a Fields,
    key: &'static str,
    seen: HashMap<String, usize>,
}

impl<'a> Parts<'a> {
    pub(super) fn new(fields: &'a Fields, key: &'static str) -> Self {
        Parts {
            fields,
            key,
            seen: HashMap::new(),
        }
    }

    /// The place of the next `name:` under the field.
    pub(super) fn next(&mut self, name: &str) -> Option<Place> {
        let n = self.seen.entry(name.to_string()).or_default();
        let place = self.fields.token_place_nth(self.key, name, *n);
        *n += 1;
        place
    }

    /// An error about `part` (such as `start`), at `place` or else at the field's value.
    pub(super) fn error(&self, part: &str, place: Option<Place>, problem: Problem) -> Diagnostic {
        let place = place.or_else(|| self.fields.value_place(self.key));
        self.fields
            .error_at(self.key, place, problem.message)
            .field(format!("{}.{part}", self.key))
            .hint(problem.hint)
    }
}

/// An amount's number, or what is wrong with it. `written` is the value as the file writes
/// it, since YAML reads `5.88e7` as a number too.
fn money_number(v: &Value, written: Option<&str>) -> Result<f64, Problem> {
    match v {
        Value::Number(n) => {
            if let Some(Err(p)) = written.map(rules::amount_notation) {
                return Err(p);
            }
            match n.as_f64() {
                Some(x) if x.is_finite() && x < 0.0 => Err(Problem::new(
                    format!("`{n}` is negative"),
                    "an amount is zero or more",
                )),
                Some(x) if x.is_finite() && x > MAX_AMOUNT => Err(Problem::new(
                    format!("`{n}` is too large to be an amount"),
                    "check for extra zeros: amounts are written in full units, such as 1200000",
                )),
                Some(x) if x.is_finite() => Ok(x),
                _ => Err(Problem::new(
                    format!("`{n}` is not a usable number"),
                    "write the amount in full, with digits only",
                )),
            }
        }
        Value::String(s) => Err(match rules::amount_notation(s) {
            Ok(()) => Problem::new(
                format!("`{s}` is in quotes, which makes it text"),
                format!("write the number without quotes: `{}`", s.trim()),
            ),
            Err(p) => p,
        }),
        other => Err(Problem::new(
            format!("should be a number, found {}", yaml::describe(other)),
            "write `amount: 1200000` or `amount: {value: 1200000, currency: USD}`",
        )),
    }
}

/// The `amount:` of a budget or of `disbursed`, written after `anchor` (the place of its
/// `amount` key): a number in the site's currency or `{value, currency}`.
pub(super) fn money(
    parts: &Parts,
    anchor: Option<Place>,
    v: &Value,
    known: &Known,
    errors: &mut Vec<Diagnostic>,
) -> Option<Amount> {
    let fields = parts.fields;
    let number_at = |v: &Value, place: Option<Place>, errors: &mut Vec<Diagnostic>| {
        money_number(v, place.and_then(|p| fields.written(p)))
            .map_err(|p| errors.push(parts.error("amount", place, p)))
            .ok()
    };
    let Value::Mapping(m) = v else {
        let value = number_at(v, anchor.and_then(|a| fields.value_after(a)), errors)?;
        return Some(Amount {
            value,
            currency: known.currency.to_string(),
        });
    };
    let after = |name: &str| anchor.and_then(|a| fields.token_after_place(parts.key, a, name));
    let mut value = None;
    let mut currency = Some(known.currency.to_string());
    for (k, part) in m {
        let name = k.as_str().unwrap_or("?");
        let place = after(name);
        match name {
            "value" => value = number_at(part, place.and_then(|p| fields.value_after(p)), errors),
            "currency" => {
                let checked = match part.as_str() {
                    Some(code) => rules::currency(code).map(|()| code.trim().to_string()),
                    None => Err(Problem::new(
                        format!("should be a currency code, found {}", yaml::describe(part)),
                        "use an ISO 4217 code: three capital letters such as EUR or USD",
                    )),
                };
                match checked {
                    Ok(code) => currency = Some(code),
                    Err(problem) => {
                        currency = None;
                        let at = place.and_then(|p| fields.value_after(p)).or(place);
                        errors.push(parts.error("amount.currency", at, problem));
                    }
                }
            }
            other => {
                currency = None;
                let hint = closest(other, ["value", "currency"])
                    .map(|c| format!("did you mean `{c}`?"))
                    .unwrap_or_else(|| "an amount has `value` and `currency`".into());
                let problem = Problem::new(format!("`{other}` is not a part of an amount"), hint);
                errors.push(parts.error("amount", place, problem));
            }
        }
    }
    if !m.contains_key("value") {
        let problem = Problem::new(
            "the amount has no `value`",
            "write `amount: {value: 1200000, currency: USD}`",
        );
        errors.push(parts.error("amount", anchor, problem));
    }
    Some(Amount {
        value: value?,
        currency: currency?,
    })
}

/// The parts of a mapping by name, each with its value and the place of its name.
pub(super) type Found<'v> = HashMap<&'static str, (&'v Value, Option<Place>)>;

/// The parts of one mapping (a budget, `disbursed`) by name, each with its value and place;
/// a part that is not one of `names` is an error.
pub(super) fn read_parts<'v>(
    parts: &mut Parts,
    m: &'v yaml::Mapping,
    names: &[&'static str],
    what: &str,
    errors: &mut Vec<Diagnostic>,
) -> (Found<'v>, Option<Place>) {
    let mut found = HashMap::new();
    let mut first = None;
    for (k, v) in m {
        let name = k.as_str().unwrap_or("?");
        let place = parts.next(name);
        first = first.or(place);
        match names.iter().find(|n| **n == name) {
            Some(n) => {
                found.insert(*n, (v, place));
            }
            None => {
                let hint = closest(name, names.iter().copied())
                    .map(|c| format!("did you mean `{c}`?"))
                    .unwrap_or_else(|| format!("{what} has {}", list_of(names)));
                let problem = Problem::new(format!("`{name}` is not a part of {what}"), hint);
                errors.push(parts.error(name, place, problem));
            }
        }
    }
    (found, first)
}

/// "`start`, `end` and `amount`".
fn list_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// A date part, or an error at its value.
fn date_part(
    parts: &Parts,
    name: &str,
    (v, place): (&Value, Option<Place>),
    errors: &mut Vec<Diagnostic>,
) -> Option<PartialDate> {
    let at = place.and_then(|p| parts.fields.value_after(p)).or(place);
    match date_value(v) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            let problem = Problem::new(
                format!("`{name}` is empty"),
                "write a date as YYYY-MM-DD, YYYY-MM or YYYY",
            );
            errors.push(parts.error(name, at, problem));
            None
        }
        Err(p) => {
            errors.push(parts.error(name, at, p));
            None
        }
    }
}

/// Checks `budgets:`, a list of periods each with `start`, `end` and `amount`.
pub(super) fn budgets(fields: &Fields, known: &Known, errors: &mut Vec<Diagnostic>) -> Vec<Budget> {
    let items = match fields.get("budgets") {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Sequence(items)) => items,
        Some(other) => {
            errors.push(
                fields
                    .error(
                        "budgets",
                        format!(
                            "should be a list of periods, found {}",
                            yaml::describe(other)
                        ),
                    )
                    .hint(BUDGET_EXAMPLE),
            );
            return Vec::new();
        }
    };
    let mut parts = Parts::new(fields, "budgets");
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let Some(m) = item.as_mapping() else {
            let problem = Problem::new(
                format!(
                    "budget {n} should be a mapping with `start`, `end` and `amount`, found {}",
                    yaml::describe(item)
                ),
                BUDGET_EXAMPLE,
            );
            errors.push(parts.error("start", None, problem));
            continue;
        };
        let what = "a budget";
        let (found, first) = read_parts(&mut parts, m, &["start", "end", "amount"], what, errors);
        for missing in ["start", "end", "amount"]
            .iter()
            .filter(|p| !found.contains_key(*p))
        {
            let problem = Problem::new(format!("budget {n} has no `{missing}`"), BUDGET_EXAMPLE);
            errors.push(parts.error(missing, first, problem));
        }
        let start = found
            .get("start")
            .and_then(|s| date_part(&parts, "start", *s, errors));
        let end = found
            .get("end")
            .and_then(|e| date_part(&parts, "end", *e, errors));
        let amount = found
            .get("amount")
            .and_then(|(v, place)| money(&parts, *place, v, known, errors));
        if let (Some(s), Some(e)) = (start, end)
            && e.last_day() < s.first_day()
        {
            let place = found.get("end").and_then(|(_, p)| *p);
            let at = place.and_then(|p| fields.value_after(p)).or(place);
            let problem = Problem::new(
                format!("budget {n} ends ({e}) before it starts ({s})"),
                "check both dates: a period ends on or after the day it starts",
            );
            errors.push(parts.error("end", at, problem));
            continue;
        }
        if let (Some(start), Some(end), Some(amount)) = (start, end, amount) {
            out.push(Budget { start, end, amount });
        }
    }
    out
}

/// Checks `disbursed:`, the money paid out with the date it is counted to.
pub(super) fn disbursed(
    fields: &Fields,
    known: &Known,
    errors: &mut Vec<Diagnostic>,
) -> Option<Disbursed> {
    let m = match fields.get("disbursed")? {
        Value::Null => return None,
        Value::Mapping(m) => m,
        other => {
            errors.push(
                fields
                    .error(
                        "disbursed",
                        format!(
                            "should be a mapping with `amount` and `date`, found {}",
                            yaml::describe(other)
                        ),
                    )
                    .hint(DISBURSED_EXAMPLE),
            );
            return None;
        }
    };
    let mut parts = Parts::new(fields, "disbursed");
    let what = "`disbursed`";
    let (found, _) = read_parts(&mut parts, m, &["amount", "date"], what, errors);
    for missing in ["amount", "date"]
        .iter()
        .filter(|p| !found.contains_key(*p))
    {
        let hint = match *missing {
            "date" => "add the date the amount is counted to: `date: 2025-03-31`",
            _ => DISBURSED_EXAMPLE,
        };
        let problem = Problem::new(format!("`disbursed` has no `{missing}`"), hint);
        errors.push(parts.error(missing, fields.key_place("disbursed"), problem));
    }
    let amount = found
        .get("amount")
        .and_then(|(v, place)| money(&parts, *place, v, known, errors));
    let date = found
        .get("date")
        .and_then(|d| date_part(&parts, "date", *d, errors));
    Some(Disbursed {
        amount: amount?,
        date: date?,
    })
}
