//! Money over time: an amount spread over the calendar years of a period, as fiche exports a
//! programme's amount when it gives no `budgets:` (and as the importer recognises such
//! budgets when they come back), 100% split equally (as fiche exports the percentages of
//! countries without `shares:`, and the importer recognises them), and cents written as IATI
//! writes values.

use crate::domain::date::Day;

/// 100% split equally between `n`, in hundredths of a percent that add up to exactly 10,000:
/// the last takes what rounding leaves (3 gives 33.33, 33.33 and 33.34).
pub fn equal_split(n: usize) -> Vec<u64> {
    split(10_000, n)
}

/// `hundredths` split equally between `n`, the last taking what rounding leaves.
pub fn split(hundredths: u64, n: usize) -> Vec<u64> {
    if n == 0 {
        return Vec::new();
    }
    let each = hundredths / n as u64;
    let last = hundredths - each * (n as u64 - 1);
    (0..n)
        .map(|i| if i + 1 == n { last } else { each })
        .collect()
}

/// The amount spread over calendar years from `start` to `end`, in proportion to the days in
/// each, in cents that add up to the amount: `(period start, period end, cents)`.
pub fn budget_periods(start: Day, end: Day, amount: f64) -> Vec<(Day, Day, u64)> {
    if end < start {
        return Vec::new();
    }
    let total_cents = (amount * 100.0).round().max(0.0) as u64;
    let total_days = (end.days_since_epoch() - start.days_since_epoch() + 1) as u64;
    let mut periods = Vec::new();
    let mut from = start;
    loop {
        let year_end = Day {
            year: from.year,
            month: 12,
            day: 31,
        };
        let to = year_end.min(end);
        periods.push((from, to));
        if to == end {
            break;
        }
        from = Day {
            year: from.year + 1,
            month: 1,
            day: 1,
        };
    }
    let mut given = 0u64;
    let count = periods.len();
    periods
        .into_iter()
        .enumerate()
        .map(|(i, (from, to))| {
            let days = (to.days_since_epoch() - from.days_since_epoch() + 1) as u64;
            let cents = if i + 1 == count {
                total_cents - given
            } else {
                (u128::from(total_cents) * u128::from(days) / u128::from(total_days)) as u64
            };
            given += cents;
            (from, to, cents)
        })
        .collect()
}

/// Cents as a decimal number of units: `123456` → `1234.56`.
pub fn format_cents(cents: u64) -> String {
    if cents.is_multiple_of(100) {
        (cents / 100).to_string()
    } else {
        format!("{}.{:02}", cents / 100, cents % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        crate::domain::date::PartialDate::parse(s)
            .expect("a date")
            .first_day()
    }

    #[test]
    fn budgets_are_split_by_calendar_year_in_proportion_to_days() {
        let periods = budget_periods(day("2024-07-01"), day("2026-06-30"), 730.0);
        assert_eq!(
            periods
                .iter()
                .map(|(a, b, c)| (a.to_string(), b.to_string(), *c))
                .collect::<Vec<_>>(),
            [
                ("2024-07-01".to_string(), "2024-12-31".to_string(), 18_400),
                ("2025-01-01".to_string(), "2025-12-31".to_string(), 36_500),
                ("2026-01-01".to_string(), "2026-06-30".to_string(), 18_100),
            ]
        );
        let one = budget_periods(day("2025-03-01"), day("2025-03-31"), 10.5);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].2, 1050);
        assert_eq!(format_cents(1050), "10.50");
        assert_eq!(format_cents(5_880_000_000), "58800000");
    }
}
