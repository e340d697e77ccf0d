//! The editing rules: facts that pass every check but are most likely wrong, reported as
//! warnings (the build goes on; `--deny-warnings` fails it). A status the dates contradict
//! on the day of the build, an amount with too many zeros, and the archetype's placeholder
//! text still in a fact sheet.
//!
//! The checks run on the checked front matter; a fact sheet's file is read again for the
//! places only when one of them finds something, as the link check does.

use crate::diagnostic::{Diagnostic, Place};
use crate::domain::date::Day;
use crate::domain::fingerprint::revision_of;
use crate::parse::archetype::Placeholders;
use crate::parse::content::{ParsedFile, keep_only};
use crate::parse::programme::{FrontMatter, Status};
use crate::parse::{frontmatter, yaml};

/// Above this many units of its currency, an amount is more likely a typo than a budget
/// (ten billion euros or dollars: more than most agencies' yearly total).
pub const LARGE_AMOUNT: f64 = 1e10;

/// Currencies of which fifty or more units make a euro (2026): ten billion of them is a
/// plausible budget, so only the parse stage's limit applies to them.
const SMALL_UNITS: &[&str] = &[
    "AFN", "ALL", "AMD", "ARS", "BDT", "BIF", "BTN", "CDF", "CLP", "COP", "CRC", "CVE", "DJF",
    "DOP", "DZD", "EGP", "ETB", "GNF", "GYD", "HTG", "HUF", "IDR", "INR", "IQD", "IRR", "ISK",
    "JMD", "JPY", "KES", "KHR", "KMF", "KPW", "KRW", "KZT", "LAK", "LBP", "LKR", "LRD", "MGA",
    "MKD", "MMK", "MNT", "MUR", "MWK", "MZN", "NGN", "NPR", "PHP", "PKR", "PYG", "RSD", "RUB",
    "RWF", "SDG", "SLE", "SLL", "SOS", "SSP", "SYP", "TZS", "UGX", "UZS", "VND", "VUV", "XAF",
    "XOF", "XPF", "YER",
];

/// What one rule found in one fact sheet, before it is placed in the file.
enum Finding {
    /// A field's value, with the message and the hint.
    Field(&'static str, String, String),
    /// A line of the body (0-based, from its first line) holding placeholder text.
    Body(usize),
}

/// The warnings of each fact sheet by file, with what they were found from (its text, the
/// day, the placeholders), so that `serve` looks again only at the files that changed.
pub type Warned = rustc_hash::FxHashMap<String, (u64, Vec<Diagnostic>)>;

/// The warnings of every checked fact sheet, drafts included (as their errors are).
pub fn warnings(
    checked: &[std::sync::Arc<ParsedFile<FrontMatter>>],
    (today, placeholders): (Day, &Placeholders),
    warned: &mut Warned,
) -> Vec<Diagnostic> {
    let against = revision_of(&(today, placeholders));
    let mut warnings = Vec::new();
    for p in checked {
        let key = revision_of(&(p.rev, against));
        if let Some((k, kept)) = warned.get(&p.file)
            && *k == key
        {
            warnings.extend(kept.iter().cloned());
            continue;
        }
        let found = findings(p, today, placeholders);
        let placed = if found.is_empty() {
            Vec::new()
        } else {
            placed(p, found)
        };
        warnings.extend(placed.iter().cloned());
        warned.insert(p.file.clone(), (key, placed));
    }
    keep_only(warned, checked.len(), || {
        checked.iter().map(|p| p.file.as_str())
    });
    warnings
}

fn findings(p: &ParsedFile<FrontMatter>, today: Day, placeholders: &Placeholders) -> Vec<Finding> {
    let front = &p.front;
    let mut found = Vec::new();
    match (front.facts.status, front.facts.start, front.facts.end) {
        (Some(Status::Ongoing), _, Some(end)) if end.last_day() < today => {
            found.push(Finding::Field(
                "status",
                format!("the programme is `ongoing`, but its end ({end}) is past"),
                "write `status: completed` (or leave `status` out to derive it from the dates), or correct `end`".into(),
            ));
        }
        (Some(Status::Planned), Some(start), _) if start.first_day() < today => {
            found.push(Finding::Field(
                "status",
                format!("the programme is `planned`, but its start ({start}) is past"),
                "write `status: ongoing` (or leave `status` out to derive it from the dates), or correct `start`".into(),
            ));
        }
        _ => {}
    }
    if let Some(amount) = &front.facts.amount
        && amount.value > LARGE_AMOUNT
        && !SMALL_UNITS.contains(&amount.currency.as_str())
    {
        found.push(Finding::Field(
            "amount",
            format!(
                "{} billion {} is more than a programme's budget is likely to be",
                billions(amount.value),
                amount.currency
            ),
            "check for extra zeros: amounts are written in full units of the currency, such as 25000000 for 25 million".into(),
        ));
    }
    found.extend(finance_findings(front));
    if placeholders.titles.contains(front.title.trim()) {
        found.push(Finding::Field(
            "title",
            "is still the template's placeholder".into(),
            "write the programme's name".into(),
        ));
    }
    if placeholders.summaries.contains(front.summary.trim()) {
        found.push(Finding::Field(
            "summary",
            "is still the template's placeholder".into(),
            "say in one or two sentences what the programme does: lists and search engines show it"
                .into(),
        ));
    }
    if let Some(line) = p.placeholder {
        found.push(Finding::Body(line));
    }
    found
}

/// Finance that passes every check but contradicts the amount: budgets, all in the amount's
/// currency, that add up to another sum; more disbursed than the amount.
fn finance_findings(front: &FrontMatter) -> Vec<Finding> {
    let mut found = Vec::new();
    let Some(amount) = &front.facts.amount else {
        return found;
    };
    let cents = |v: f64| (v * 100.0).round() as i64;
    let same = |a: &crate::parse::programme::Amount| a.currency == amount.currency;
    if !front.facts.budgets.is_empty() && front.facts.budgets.iter().all(|b| same(&b.amount)) {
        let sum: f64 = front.facts.budgets.iter().map(|b| b.amount.value).sum();
        if cents(sum) != cents(amount.value) {
            found.push(Finding::Field(
                "budgets",
                format!(
                    "the budgets add up to {sum} {c}, but the amount is {} {c}",
                    amount.value,
                    c = amount.currency
                ),
                "correct a budget or the amount: the amount is the budgets' total".into(),
            ));
        }
    }
    if let Some(d) = &front.facts.disbursed
        && same(&d.amount)
        && cents(d.amount.value) > cents(amount.value)
    {
        found.push(Finding::Field(
            "disbursed",
            format!(
                "{} {c} disbursed is more than the amount, {} {c}",
                d.amount.value,
                amount.value,
                c = amount.currency
            ),
            "check for an extra zero, or raise the amount".into(),
        ));
    }
    found
}

/// "25", "12.5": an amount in billions, for messages.
fn billions(value: f64) -> String {
    let b = (value / 1e8).round() / 10.0;
    format!("{b}")
}

/// The findings as warnings at their places in the file (its text held, else read again).
fn placed(p: &ParsedFile<FrontMatter>, found: Vec<Finding>) -> Vec<Diagnostic> {
    let rel = p.file.as_str();
    let file = p.body.text();
    let fields = file.as_ref().and_then(|text| {
        let s = frontmatter::split(text).ok()?;
        yaml::fields(rel, text, s.yaml, s.yaml_first_line).ok()
    });
    found
        .into_iter()
        .map(|finding| match finding {
            Finding::Field(key, message, hint) => match &fields {
                Some(fields) => fields.warning(key, message),
                None => Diagnostic::warning(rel, message).field(key),
            }
            .hint(hint),
            Finding::Body(line) => {
                let text = (file.as_deref().unwrap_or_default().lines())
                    .nth((p.body_line + line).saturating_sub(1))
                    .unwrap_or_default();
                let indent = text.len() - text.trim_start().len();
                Diagnostic::warning(rel, "this text is still the template's placeholder")
                    .at(Some(Place {
                        line: p.body_line + line,
                        column: text[..indent].chars().count() + 1,
                        len: text.trim().chars().count(),
                    }))
                    .maybe_source(file.clone())
                    .hint("replace it with the programme's own text, or remove it")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn billions_are_rounded_to_one_decimal() {
        assert_eq!(billions(25e9), "25");
        assert_eq!(billions(12_345_000_000.0), "12.3");
    }

    #[test]
    fn small_units_are_sorted_codes() {
        assert!(SMALL_UNITS.windows(2).all(|w| w[0] < w[1]));
        assert!(SMALL_UNITS.iter().all(|c| c.len() == 3));
    }
}
