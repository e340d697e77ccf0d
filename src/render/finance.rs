//! A fact sheet's finance as its page shows it: the budget periods, and the disbursements as
//! a sentence ("€12.4M disbursed of €58.8M, 21%, at 31 March 2025") with a bar.

use serde::Serialize;

use crate::domain::date::PartialDate;
use crate::model::Language;
use crate::parse::programme::FrontMatter;
use crate::render::views::TermRef;

/// One budget period: "2024" for a calendar year, else its first and last days.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetView {
    pub period: String,
    pub amount: String,
    /// "2024: €1.2M", as the language writes it.
    pub text: String,
}

/// What was disbursed: the sentence, and when the amount is comparable (same currency, above
/// zero) the share of it, for the bar.
#[derive(Debug, Clone, Serialize)]
pub struct DisbursedView {
    pub text: String,
    /// From 0 to 1 (more than the amount shows a full bar; the text says how much).
    pub share: Option<String>,
}

/// The finance of a fact sheet, formatted for `lang`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FinanceView {
    pub budgets: Vec<BudgetView>,
    pub disbursed: Option<DisbursedView>,
    /// The known shares of `shares:`, each a line: "Bolivia: 60% (€3.6M)", "USAID: US$1.2M".
    pub shares: Vec<String>,
}

/// The known shares of the amount, as lines in `lang`: each country's percentage (and its
/// part of the amount, when there is one), then each donor's contribution. `countries` and
/// `donors` give the names the page shows.
fn shares_view(
    fr: &FrontMatter,
    lang: &Language,
    countries: &[TermRef],
    donors: &[TermRef],
) -> Vec<String> {
    let name = |list: &[TermRef], key: &str| {
        (list.iter().find(|t| t.key == key)).map_or_else(|| key.to_string(), |t| t.name.clone())
    };
    let country_lines = fr.facts.shares.countries.iter().map(|(code, p)| {
        let percent = lang.loc.decimal(*p);
        let percent = lang.strings.format("percent", &[("n", &percent)]);
        let name = name(countries, code.as_str());
        match &fr.facts.amount {
            Some(a) => {
                let part = lang.loc.amount(a.value * p / 100.0, &a.currency);
                let args = [
                    ("name", name.as_str()),
                    ("percent", &percent),
                    ("amount", &part),
                ];
                lang.strings.format("share_country_amount", &args)
            }
            None => {
                let args = [("name", name.as_str()), ("percent", percent.as_str())];
                lang.strings.format("share_country", &args)
            }
        }
    });
    let donor_lines = fr.facts.shares.donors.iter().map(|(key, a)| {
        let amount = lang.loc.amount(a.value, &a.currency);
        let name = name(donors, key);
        lang.strings
            .format("share_donor", &[("name", &name), ("amount", &amount)])
    });
    country_lines.chain(donor_lines).collect()
}

pub(super) fn finance_view(
    fr: &FrontMatter,
    lang: &Language,
    countries: &[TermRef],
    donors: &[TermRef],
) -> FinanceView {
    let shares = shares_view(fr, lang, countries, donors);
    let budgets = fr
        .facts
        .budgets
        .iter()
        .map(|b| {
            let period = period(b.start, b.end, lang);
            let amount = lang.loc.amount(b.amount.value, &b.amount.currency);
            let text = lang
                .strings
                .format("budget_line", &[("period", &period), ("amount", &amount)]);
            BudgetView {
                period,
                amount,
                text,
            }
        })
        .collect();
    let disbursed = fr.facts.disbursed.as_ref().map(|d| {
        let paid = lang.loc.amount(d.amount.value, &d.amount.currency);
        let date = lang.loc.date(d.date);
        match fr
            .facts
            .amount
            .as_ref()
            .filter(|a| a.currency == d.amount.currency && a.value > 0.0)
        {
            Some(total) => {
                let ratio = d.amount.value / total.value;
                let percent = (ratio * 100.0).round() as u64;
                let percent = lang
                    .strings
                    .format("percent", &[("n", &lang.loc.number(percent))]);
                let amount = lang.loc.amount(total.value, &total.currency);
                DisbursedView {
                    text: lang.strings.format(
                        "disbursed_of",
                        &[
                            ("disbursed", &paid),
                            ("amount", &amount),
                            ("percent", &percent),
                            ("date", &date),
                        ],
                    ),
                    share: Some(format!("{:.4}", ratio.min(1.0))),
                }
            }
            None => DisbursedView {
                text: lang
                    .strings
                    .format("disbursed_at", &[("disbursed", &paid), ("date", &date)]),
                share: None,
            },
        }
    });
    FinanceView {
        budgets,
        disbursed,
        shares,
    }
}

/// A budget's period: its year when it is one calendar year, else "1 July 2024 – 30 June 2025".
fn period(start: PartialDate, end: PartialDate, lang: &Language) -> String {
    let (first, last) = (start.first_day(), end.last_day());
    if first.year == last.year && (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) {
        lang.loc.date(PartialDate {
            year: first.year,
            month: None,
            day: None,
        })
    } else {
        format!("{} – {}", lang.loc.date(start), lang.loc.date(end))
    }
}
