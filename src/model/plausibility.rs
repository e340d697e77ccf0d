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
use crate::parse::content::ParsedFile;
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

/// The warnings of each fact sheet, in the order the last build checked them, and what they
/// were found against (the day, the placeholders), so that `serve` looks again only at the
/// files that changed. Each file is held by its parse: one that did not change is the same
/// `Arc`, found in the same place without looking its name up (looked up by name, 30,000
/// files were a fifth of a one-edit rebuild's model).
#[derive(Default)]
pub struct Warned {
    against: u64,
    files: Vec<(std::sync::Arc<ParsedFile<FrontMatter>>, Vec<Diagnostic>)>,
}

/// The warnings of every checked fact sheet, drafts included (as their errors are).
pub fn warnings(
    checked: &[std::sync::Arc<ParsedFile<FrontMatter>>],
    (today, placeholders): (Day, &Placeholders),
    warned: &mut Warned,
) -> Vec<Diagnostic> {
    let against = revision_of(&(today, placeholders));
    let last = if warned.against == against {
        std::mem::take(&mut warned.files)
    } else {
        Vec::new()
    };
    // By file, only when the files are not those of the last build in the same order.
    let in_order = last.len() == checked.len();
    let by_file: rustc_hash::FxHashMap<&str, usize> = if in_order {
        Default::default()
    } else {
        (last.iter().enumerate())
            .map(|(i, (p, _))| (p.file.as_str(), i))
            .collect()
    };
    let same = |q: &std::sync::Arc<ParsedFile<FrontMatter>>, p| {
        std::sync::Arc::ptr_eq(q, p) || (q.rev == p.rev && q.file == p.file)
    };
    let mut warnings = Vec::new();
    let mut files = Vec::with_capacity(checked.len());
    for (i, p) in checked.iter().enumerate() {
        let at = if in_order {
            Some(i)
        } else {
            by_file.get(p.file.as_str()).copied()
        };
        let placed = match at.and_then(|at| last.get(at)) {
            Some((q, kept)) if same(q, p) => kept.clone(),
            _ => {
                let found = findings(p, today, placeholders);
                if found.is_empty() {
                    Vec::new()
                } else {
                    placed(p, found)
                }
            }
        };
        warnings.extend(placed.iter().cloned());
        files.push((std::sync::Arc::clone(p), placed));
    }
    *warned = Warned { against, files };
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
    use std::sync::Arc;

    #[test]
    fn billions_are_rounded_to_one_decimal() {
        assert_eq!(billions(25e9), "25");
        assert_eq!(billions(12_345_000_000.0), "12.3");
    }

    /// A fact sheet `name` (French) with `status` and `end`, checked as parse checks it.
    fn checked(name: &str, status: &str, end: &str) -> Arc<ParsedFile<FrontMatter>> {
        use crate::domain::country::{Countries, NameForm};
        use std::collections::{BTreeMap, BTreeSet};
        let countries = Countries::new(
            &["fr".into()],
            &BTreeMap::new(),
            NameForm::Standard,
            &BTreeMap::new(),
        );
        let statics = BTreeSet::new();
        let known = crate::parse::programme::Known {
            countries: &countries,
            themes: None,
            donors: None,
            partners: None,
            static_files: &statics,
            currency: "EUR",
        };
        let text = format!(
            "---\ntitle: Programme {name}\nsummary: A summary\nstatus: {status}\nstart: 2020-01-01\nend: {end}\n---\nBody.\n"
        );
        let rel = format!("content/programmes/{name}.fr.md");
        let file = crate::load::SourceFile {
            path: std::path::PathBuf::from(&rel),
            rel,
            text: Arc::from(text.as_str()),
        };
        let check = |f: &yaml::Fields| crate::parse::programme::programme(f, &known);
        let parsed = crate::parse::content::parse_content(&file, &["fr".into()], &check, None);
        Arc::new(parsed.expect("a valid fact sheet"))
    }

    fn files_warned(warnings: &[Diagnostic]) -> Vec<&str> {
        warnings.iter().map(|w| w.file.as_str()).collect()
    }

    #[test]
    fn the_warnings_kept_are_those_of_unchanged_files_whether_in_order_or_not() {
        let placeholders = Placeholders::default();
        let day = Day {
            year: 2026,
            month: 6,
            day: 1,
        };
        let rules = (day, &placeholders);
        let mut warned = Warned::default();
        let (a, b) = (
            checked("a", "ongoing", "2025-12-31"),
            checked("b", "completed", "2025-12-31"),
        );
        let first = warnings(&[Arc::clone(&a), Arc::clone(&b)], rules, &mut warned);
        assert_eq!(files_warned(&first), ["content/programmes/a.fr.md"]);
        // Kept in order: `a` as it was, `b` edited into a contradiction.
        let b2 = checked("b", "ongoing", "2025-12-31");
        let second = warnings(&[Arc::clone(&a), Arc::clone(&b2)], rules, &mut warned);
        assert_eq!(
            files_warned(&second),
            ["content/programmes/a.fr.md", "content/programmes/b.fr.md"]
        );
        // A file added before them, `a` fixed: found by name.
        let (c, a2) = (
            checked("c", "ongoing", "2024-01-31"),
            checked("a", "completed", "2025-12-31"),
        );
        let third = warnings(&[Arc::clone(&c), a2, Arc::clone(&b2)], rules, &mut warned);
        assert_eq!(
            files_warned(&third),
            ["content/programmes/c.fr.md", "content/programmes/b.fr.md"]
        );
        // Another day: every file looked at again (`c` only is still past its end).
        let earlier = Day {
            year: 2025,
            month: 1,
            day: 1,
        };
        let fourth = warnings(&[c, b2], (earlier, &placeholders), &mut warned);
        assert_eq!(files_warned(&fourth), ["content/programmes/c.fr.md"]);
    }

    #[test]
    fn small_units_are_sorted_codes() {
        assert!(SMALL_UNITS.windows(2).all(|w| w[0] < w[1]));
        assert!(SMALL_UNITS.iter().all(|c| c.len() == 3));
    }
}
