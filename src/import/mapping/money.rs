//! The activity's money: the amount from the budgets (revised before original, per period),
//! else from the commitments (transaction type 2); the budget periods for `budgets:`, the
//! disbursements and expenditure (types 3 and 4) for `disbursed:`, and each funder's
//! contribution (incoming commitments, type 11, else incoming funds, 1) for `shares:`.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::domain::date::PartialDate;
use crate::domain::periods::budget_periods;
use crate::import::iati::Element;
use crate::import::mapping::Context;
use crate::import::mapping::dates::parse_date;
use crate::import::{Budget, Imported, Report};
use crate::parse::programme::Amount;

/// Maps the activity's money into `imported`: its finance, and its amount when the budgets (or
/// else the commitments) add up to one sum in one currency.
pub(super) fn money(
    a: &Element,
    cx: &Context,
    imported: &mut Imported,
    report: &mut Report,
    errors: &mut Vec<Diagnostic>,
) {
    let default_currency = default_currency(a, cx, errors);
    let budget_sums = budgets(a, cx, default_currency, imported, report, errors);
    let commitments = transactions(a, cx, default_currency, imported, report, errors);
    amount(budget_sums, commitments, imported, report);
    budgets_shown(imported, report);
}

/// Leaves out of `budgets:` the budgets it cannot hold or that say nothing more than the
/// amount: one below zero (the front matter's amounts are zero or more; the amount keeps their
/// sum), or the amount spread over the calendar years of the programme by its days, which is
/// how fiche exports a programme without `budgets:` (so that a site's export imports back as
/// the same files).
fn budgets_shown(imported: &mut Imported, report: &mut Report) {
    leave_out_budgets(imported, report);
    let written = imported.finance.budgets.len();
    report.finance("budget periods (written as `budgets:`)", written);
    report.finance(
        "activities with budgets (written as `budgets:`)",
        (written > 0).into(),
    );
}

/// Empties the budgets when `budgets:` cannot hold them or they say nothing more (see
/// [`budgets_shown`]), and reports why.
fn leave_out_budgets(imported: &mut Imported, report: &mut Report) {
    let budgets = &imported.finance.budgets;
    if budgets.is_empty() {
        return;
    }
    if budgets.iter().any(|b| b.value < 0.0) {
        report.count(
            "activities with a budget below zero: no `budgets:` (the amount is their sum)",
            1,
        );
        imported.finance.budgets.clear();
        return;
    }
    let spread = match (&imported.amount, imported.start, imported.end) {
        (Some(a), Some(s), Some(e)) => budget_periods(s.first_day(), e.last_day(), a.value),
        _ => return,
    };
    let same = spread.len() == budgets.len()
        && budgets.iter().zip(&spread).all(|(b, (from, to, cents))| {
            b.start.first_day() == *from
                && b.end.last_day() == *to
                && (b.value * 100.0).round() == *cents as f64
        });
    if same {
        report.count(
            "activities whose budgets are their amount spread over its years by days (as fiche exports an amount): no `budgets:`",
            1,
        );
        imported.finance.budgets.clear();
    }
}

/// The activity's `default-currency`; one that is not a currency code is an error.
fn default_currency<'a>(
    a: &'a Element,
    cx: &Context,
    errors: &mut Vec<Diagnostic>,
) -> Option<&'a str> {
    let default_currency = a.attr("default-currency");
    if let Some(c) = default_currency
        && let Err(e) = currency(cx, a.line, "iati-activity/@default-currency", c)
    {
        errors.push(e);
    }
    default_currency
}

/// An error unless `code` is an ISO 4217 code (IATI's Currency codelist is ISO 4217's), as
/// `parse::rules` checks the currencies of fact sheets.
fn currency(cx: &Context, line: usize, field: &str, code: &str) -> Result<(), Diagnostic> {
    crate::parse::rules::currency(code).map_err(|_| {
        cx.error(line, field, format!("`{code}` is not a currency code"))
            .hint("use an ISO 4217 code of the IATI Currency codelist, such as `EUR` or `USD`")
    })
}

/// A `value` element's number and currency (its own, else the activity's default). Values
/// may be negative: transactions correct earlier ones that way.
fn value(
    cx: &Context,
    el: &Element,
    default_currency: Option<&str>,
) -> Result<(f64, Option<String>), Diagnostic> {
    let field = format!("{}/value", el.name);
    let Some(v) = el.child("value") else {
        return Err(cx
            .error(el.line, &field, format!("`<{}>` has no `<value>`", el.name))
            .hint("write the amount in a `<value>` element"));
    };
    let written = v.clean_text();
    let number: f64 = match written.parse::<f64>() {
        Ok(n) if n.is_finite() && !written.contains(['e', 'E']) => n,
        _ => {
            return Err(cx
                .error(v.line, &field, format!("`{written}` is not a number"))
                .hint("write the value in digits with `.` for decimals, such as `125000.50`"));
        }
    };
    let currency = match v.attr("currency") {
        Some(c) => {
            currency(cx, v.line, &format!("{field}/@currency"), c)?;
            Some(c.to_string())
        }
        None => default_currency.map(str::to_string),
    };
    Ok((number, currency))
}

/// A sum per currency.
#[derive(Default)]
struct Sums(BTreeMap<String, f64>);

impl Sums {
    fn add(&mut self, currency: &str, v: f64) {
        *self.0.entry(currency.to_string()).or_default() += v;
    }

    /// The one total, if there is exactly one currency.
    fn single(&self) -> Option<(f64, String)> {
        match self.0.len() {
            1 => self.0.iter().next().map(|(c, v)| (*v, c.clone())),
            _ => None,
        }
    }
}

fn round_cents(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The budgets, per period the revised one if there is one, else the original: kept in
/// `imported`'s finance, and their sum per currency returned.
fn budgets(
    a: &Element,
    cx: &Context,
    default_currency: Option<&str>,
    imported: &mut Imported,
    report: &mut Report,
    errors: &mut Vec<Diagnostic>,
) -> Sums {
    let mut periods: BTreeMap<(String, String), Budget> = BTreeMap::new();
    for b in a.children("budget") {
        let revised = b.attr("type") == Some("2");
        let start = b
            .child("period-start")
            .map(|p| parse_date(cx, p, "iso-date"));
        let end = b.child("period-end").map(|p| parse_date(cx, p, "iso-date"));
        let (start, end) = match (start, end) {
            (Some(Ok(Some(s))), Some(Ok(Some(e)))) => (s, e),
            (Some(Err(e)), _) | (_, Some(Err(e))) => {
                errors.push(e);
                continue;
            }
            _ => {
                errors.push(
                    cx.error(b.line, "budget/period-start", "the budget has no period")
                        .hint("a budget has `<period-start iso-date=\"…\"/>` and `<period-end iso-date=\"…\"/>`"),
                );
                continue;
            }
        };
        let (v, currency) = match value(cx, b, default_currency) {
            Ok(x) => x,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if v < 0.0 {
            // Real files hold small negative budgets that correct rounding: summed as given.
            report.count("budgets below zero (corrections): summed as they are", 1);
        }
        let Some(currency) = currency else {
            report.count(
                "budgets without a currency (no `currency` and no `default-currency`): left out",
                1,
            );
            continue;
        };
        let key = (start.to_string(), end.to_string());
        let budget = Budget {
            start,
            end,
            value: round_cents(v),
            currency,
            revised,
        };
        match periods.get(&key) {
            Some(existing) if existing.revised && !revised => {}
            Some(existing) if existing.revised == revised => {
                // Two budgets of the same kind for one period: both count.
                let mut sum = existing.clone();
                if sum.currency == budget.currency {
                    sum.value = round_cents(sum.value + budget.value);
                    periods.insert(key, sum);
                } else {
                    periods.insert((key.0, format!("{}-{}", key.1, budget.currency)), budget);
                }
            }
            _ => {
                periods.insert(key, budget);
            }
        }
    }
    let mut budget_sums = Sums::default();
    for b in periods.values() {
        budget_sums.add(&b.currency, b.value);
    }
    imported.finance.budgets = periods.into_values().collect();
    budget_sums
}

/// The transactions: disbursements and expenditure (types 3 and 4) and incoming funds and
/// commitments (1 and 11) kept in `imported`'s finance, and the commitments (type 2) returned, summed per currency.
fn transactions(
    a: &Element,
    cx: &Context,
    default_currency: Option<&str>,
    imported: &mut Imported,
    report: &mut Report,
    errors: &mut Vec<Diagnostic>,
) -> Sums {
    let mut commitments = Sums::default();
    let mut disbursed = Sums::default();
    let mut last: Option<PartialDate> = None;
    // Per provider: incoming commitments (type 11) and incoming funds (1).
    let mut incoming: BTreeMap<String, (Sums, Sums)> = BTreeMap::new();
    for t in a.children("transaction") {
        let kind = t
            .child("transaction-type")
            .and_then(|k| k.attr("code"))
            .unwrap_or("");
        let (v, currency) = match value(cx, t, default_currency) {
            Ok(x) => x,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if let Some(own) = t.child("value").and_then(|v| v.attr("currency"))
            && Some(own) != default_currency
        {
            report.count(
                "transactions in a currency of their own: counted only when all share one currency",
                1,
            );
        }
        let Some(currency) = currency else {
            report.count("transactions without a currency: left out of the sums", 1);
            continue;
        };
        match kind {
            "2" => commitments.add(&currency, v),
            "3" | "4" => {
                disbursed.add(&currency, v);
                let date = t
                    .child("transaction-date")
                    .and_then(|d| parse_date(cx, d, "iso-date").ok().flatten());
                if let Some(d) = date
                    && last.is_none_or(|l| l.first_day() < d.first_day())
                {
                    last = Some(d);
                }
            }
            "1" | "11" => {
                let provider = t.child("provider-org").and_then(|p| {
                    p.attr("ref").map(str::to_string).or_else(|| {
                        p.child("narrative")
                            .map(Element::clean_text)
                            .filter(|s| !s.is_empty())
                    })
                });
                match provider {
                    Some(p) => {
                        let (committed, funds) = incoming.entry(p).or_default();
                        let sums = if kind == "11" { committed } else { funds };
                        sums.add(&currency, v);
                    }
                    None => report.count(
                        "incoming funds and commitments without a provider organisation: not shown",
                        1,
                    ),
                }
            }
            _ => {}
        }
    }
    if !disbursed.0.is_empty() {
        match (disbursed.single(), last) {
            (Some((v, c)), Some(d)) if v >= 0.0 => {
                imported.finance.disbursed = Some((round_cents(v), c, d));
                report.finance("activities with disbursements (written as `disbursed:`)", 1);
            }
            (None, _) => report.count(
                "activities whose disbursements are in several currencies: no `disbursed:` (fiche does not convert currencies)",
                1,
            ),
            (_, None) => report.count(
                "activities whose disbursements have no date: no `disbursed:`",
                1,
            ),
            _ => report.count(
                "activities whose disbursements add up to less than zero: no `disbursed:`",
                1,
            ),
        }
    }
    contributions(incoming, imported, report);
    commitments
}

/// Each provider's contribution: its incoming commitments (type 11) if it has any, else the
/// funds that came in from it (type 1), when they are in one currency and not below zero.
/// Matched to the donors once the participating organisations are read (`organisations`).
fn contributions(
    incoming: BTreeMap<String, (Sums, Sums)>,
    imported: &mut Imported,
    report: &mut Report,
) {
    for (provider, (committed, funds)) in incoming {
        let sums = if committed.0.is_empty() {
            funds
        } else {
            committed
        };
        match sums.single() {
            Some((v, currency)) if v >= 0.0 => {
                (imported.finance.contributions).insert(provider, (round_cents(v), currency));
            }
            Some(_) => report.count(
                "funders whose incoming funds add up to less than zero: no contribution",
                1,
            ),
            None => report.count(
                "funders whose incoming funds are in several currencies: no contribution (fiche does not convert currencies)",
                1,
            ),
        }
    }
}

/// The amount: the budgets' sum, else the commitments', when it is in one currency and not
/// below zero.
fn amount(budget_sums: Sums, commitments: Sums, imported: &mut Imported, report: &mut Report) {
    let (sums, from) = if !budget_sums.0.is_empty() {
        (budget_sums, "budgets")
    } else {
        (commitments, "commitments")
    };
    if sums.0.is_empty() {
        return;
    }
    match sums.single() {
        Some((v, _)) if v < 0.0 => report.count(
            format!("activities whose {from} add up to less than zero: no amount"),
            1,
        ),
        Some((v, currency)) => {
            imported.amount = Some(Amount {
                value: round_cents(v),
                currency,
            })
        }
        None => report.count(
            format!("activities whose {from} are in several currencies: no amount (fiche does not convert currencies)"),
            1,
        ),
    }
}
