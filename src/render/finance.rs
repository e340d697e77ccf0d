//! A fact sheet's finance as its page shows it: the budget periods, and the disbursements as
//! a sentence ("€12.4M disbursed of €58.8M, 21%, at 31 March 2025") with a bar.

use serde::Serialize;

use crate::domain::date::PartialDate;
use crate::model::Language;
use crate::parse::programme::FrontMatter;

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
}

pub(super) fn finance_view(fr: &FrontMatter, lang: &Language) -> FinanceView {
    let budgets = fr
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
    let disbursed = fr.disbursed.as_ref().map(|d| {
        let paid = lang.loc.amount(d.amount.value, &d.amount.currency);
        let date = lang.loc.date(d.date);
        match fr
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
    FinanceView { budgets, disbursed }
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
