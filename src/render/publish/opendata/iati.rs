//! `data/iati-activities.xml`: the programmes as IATI activities (Activity Standard 2.03).
//!
//! Written only when `site.yaml` has `iati:` (who reports). Each programme with a start date
//! becomes one `<iati-activity>`, its elements in the order the 2.03 schema requires:
//!
//! - `iati-identifier`: the front matter's `iati_identifier`, else `<identifier_prefix>-<slug>`;
//! - `reporting-org` from `site.yaml`; `title` and `description` (the summary) with one
//!   `narrative` per language (`xml:lang`);
//! - `participating-org`: donors as funding (role 1), the reporting organisation as extending
//!   (role 3), partners as implementing (role 4), with their `iati_ref` where the data files
//!   give one;
//! - `activity-status`: planned 1, ongoing 2, completed 4, cancelled 5, suspended 6;
//! - `activity-date`: planned start (1) and end (3) from the dates; actual start (2) once the
//!   start has passed and the programme began (ongoing, completed, suspended); actual end (4)
//!   once a completed programme's end has passed;
//! - `contact-info` with the contact's email;
//! - `recipient-country` with equal percentages summing to exactly 100;
//! - `budget`: the amount spread over calendar years (each period at most a year, as IATI
//!   requires) in proportion to the days of the programme each holds, indicative (status 1),
//!   valued at the period's start;
//! - `document-link` to each language's fact sheet (category A12, activity web page).

use std::collections::HashMap;
use std::io;

use super::{iati_identifier, primary};
use crate::diagnostic::Diagnostic;
use crate::domain::date::Day;
use crate::model::{Fiche, Programme, Site};
use crate::parse::programme::Status;
use crate::parse::site_config::{IatiConfig, Localised};
use crate::render::publish::FactSheetUrls;
use crate::render::publish::xml::{self, XmlWriter};

/// IATI's ActivityStatus code for a status.
pub fn status_code(status: Status) -> &'static str {
    match status {
        Status::Planned => "1",
        Status::Ongoing => "2",
        Status::Completed => "4",
        Status::Cancelled => "5",
        Status::Suspended => "6",
    }
}

/// The language code IATI expects (ISO 639-1): the primary subtag of a BCP 47 tag.
fn iati_lang(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

/// Whether a programme can be an IATI activity: IATI needs its start date.
fn eligible(f: &Fiche) -> bool {
    f.front.start.is_some()
}

/// Whether the file is written: the site has IATI settings and a programme with a start date.
pub fn writes_file(site: &Site) -> bool {
    site.config.iati.is_some() && site.programmes.iter().any(|p| eligible(primary(p)))
}

/// The file, or `None` when the site has no IATI settings or no programme has a start date.
pub fn render(site: &Site) -> io::Result<Option<Vec<u8>>> {
    let Some(iati) = &site.config.iati else {
        return Ok(None);
    };
    let programmes: Vec<&Programme> = site
        .programmes
        .iter()
        .filter(|p| eligible(primary(p)))
        .collect();
    if programmes.is_empty() {
        return Ok(None);
    }
    let urls = FactSheetUrls::new(site);
    let mut w = xml::writer()?;
    xml::element(&mut w, "iati-activities", &[("version", "2.03")], |w| {
        for p in &programmes {
            activity(w, site, &urls, iati, p)?;
        }
        Ok(())
    })?;
    Ok(Some(xml::finish(w)))
}

/// Programmes the file leaves out, and identifiers used twice.
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    if site.config.iati.is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut seen: HashMap<String, &str> = HashMap::new();
    for p in &site.programmes {
        let f = primary(p);
        if !eligible(f) {
            out.push(
                Diagnostic::warning(
                    f.file.as_str(),
                    "this programme is left out of data/iati-activities.xml: IATI needs its start date",
                )
                .field("start")
                .hint("add `start:` with the date it began or will begin, such as `start: 2025-01`"),
            );
            continue;
        }
        if let Some(id) = iati_identifier(site, p)
            && let Some(other) = seen.insert(id.clone(), f.file.as_str())
        {
            out.push(
                Diagnostic::warning(
                    f.file.as_str(),
                    format!("the IATI identifier `{id}` is also {other}'s"),
                )
                .field("iati_identifier")
                .hint("give each programme its own `iati_identifier`"),
            );
        }
    }
    out
}

/// `<narrative xml:lang>` for each of the site's languages a text has, or one without a
/// language for a text given once for all.
fn narratives(w: &mut XmlWriter, site: &Site, text: &Localised) -> io::Result<()> {
    match text {
        Localised::One(t) => xml::text_element(w, "narrative", &[], t),
        Localised::PerLanguage(map) => {
            let mut written = 0;
            for lang in &site.config.languages {
                if let Some(t) = map.get(lang) {
                    xml::text_element(w, "narrative", &[("xml:lang", &iati_lang(lang))], t)?;
                    written += 1;
                }
            }
            if written == 0
                && let Some((lang, t)) = map.iter().next()
            {
                xml::text_element(w, "narrative", &[("xml:lang", &iati_lang(lang))], t)?;
            }
            Ok(())
        }
    }
}

/// The versions of a programme with their language code.
fn versions<'a>(site: &'a Site, p: &'a Programme) -> Vec<(&'a str, &'a Fiche)> {
    p.own_versions()
        .zip(&site.languages)
        .filter_map(|(v, l)| v.as_deref().map(|v| (l.code.as_str(), v)))
        .collect()
}

fn activity(
    w: &mut XmlWriter,
    site: &Site,
    urls: &FactSheetUrls,
    iati: &IatiConfig,
    p: &Programme,
) -> io::Result<()> {
    let f = primary(p);
    let fr = &f.front;
    let versions = versions(site, p);
    let last_updated = versions
        .iter()
        .map(|(_, v)| v.updated)
        .max()
        .unwrap_or(f.updated)
        .rfc3339();
    let lang = iati_lang(site.config.default_language());
    let currency = fr
        .amount
        .as_ref()
        .map(|a| a.currency.as_str())
        .unwrap_or(site.config.currency.as_str());
    let attrs = [
        ("last-updated-datetime", last_updated.as_str()),
        ("xml:lang", lang.as_str()),
        ("default-currency", currency),
    ];
    xml::element(w, "iati-activity", &attrs, |w| {
        let identifier = iati_identifier(site, p).unwrap_or_else(|| p.slug.clone());
        xml::text_element(w, "iati-identifier", &[], &identifier)?;
        xml::element(
            w,
            "reporting-org",
            &[
                ("ref", &iati.reporting_org_ref),
                ("type", &iati.reporting_org_type),
            ],
            |w| narratives(w, site, &iati.reporting_org_name),
        )?;
        xml::element(w, "title", &[], |w| {
            for (code, v) in &versions {
                xml::text_element(
                    w,
                    "narrative",
                    &[("xml:lang", &iati_lang(code))],
                    &v.front.title,
                )?;
            }
            Ok(())
        })?;
        xml::element(w, "description", &[("type", "1")], |w| {
            for (code, v) in &versions {
                xml::text_element(
                    w,
                    "narrative",
                    &[("xml:lang", &iati_lang(code))],
                    &v.front.summary,
                )?;
            }
            Ok(())
        })?;
        participating_orgs(w, site, iati, f)?;
        xml::empty_element(w, "activity-status", &[("code", status_code(f.status))])?;
        for (kind, day) in activity_dates(f, site.today) {
            xml::empty_element(
                w,
                "activity-date",
                &[("type", kind), ("iso-date", &day.to_string())],
            )?;
        }
        if let Some(contact) = &fr.contact {
            xml::element(w, "contact-info", &[("type", "1")], |w| {
                xml::text_element(w, "email", &[], contact)
            })?;
        }
        let shares = percentages(fr.countries.len());
        for (code, share) in fr.countries.iter().zip(&shares) {
            xml::empty_element(
                w,
                "recipient-country",
                &[("code", code), ("percentage", share)],
            )?;
        }
        if let (Some(amount), Some(start), Some(end)) = (&fr.amount, fr.start, fr.end) {
            for (from, to, cents) in budget_periods(start.first_day(), end.last_day(), amount.value)
            {
                let from = from.to_string();
                xml::element(w, "budget", &[("type", "1"), ("status", "1")], |w| {
                    xml::empty_element(w, "period-start", &[("iso-date", &from)])?;
                    xml::empty_element(w, "period-end", &[("iso-date", &to.to_string())])?;
                    xml::text_element(
                        w,
                        "value",
                        &[("currency", &amount.currency), ("value-date", &from)],
                        &format_cents(cents),
                    )
                })?;
            }
        }
        for (li, (v, l)) in p.own_versions().zip(&site.languages).enumerate() {
            let Some(v) = v else { continue };
            let code = iati_lang(&l.code);
            let url = urls.get(li, &p.slug);
            xml::element(
                w,
                "document-link",
                &[("format", "text/html"), ("url", &url)],
                |w| {
                    xml::element(w, "title", &[], |w| {
                        xml::text_element(w, "narrative", &[("xml:lang", &code)], &v.front.title)
                    })?;
                    xml::empty_element(w, "category", &[("code", "A12")])?;
                    xml::empty_element(w, "language", &[("code", &code)])
                },
            )?;
        }
        Ok(())
    })
}

fn participating_orgs(
    w: &mut XmlWriter,
    site: &Site,
    iati: &IatiConfig,
    f: &Fiche,
) -> io::Result<()> {
    let org = |w: &mut XmlWriter, list: &[crate::model::Named], key: &str, role: &str| {
        let named = super::named(list, key);
        let reference = named.and_then(|n| n.entry.iati_ref.as_deref());
        let mut attrs = vec![("role", role)];
        if let Some(r) = reference {
            attrs.insert(0, ("ref", r));
        }
        xml::element(w, "participating-org", &attrs, |w| match named {
            Some(n) => narratives(w, site, &n.entry.name),
            None => xml::text_element(w, "narrative", &[], key),
        })
    };
    for key in &f.front.donors {
        org(w, &site.donors, key, "1")?;
    }
    xml::element(
        w,
        "participating-org",
        &[
            ("ref", &iati.reporting_org_ref),
            ("type", &iati.reporting_org_type),
            ("role", "3"),
        ],
        |w| narratives(w, site, &iati.reporting_org_name),
    )?;
    for key in &f.front.partners {
        org(w, &site.partners, key, "4")?;
    }
    Ok(())
}

/// The activity dates IATI wants, by type: planned start 1, actual start 2, planned end 3,
/// actual end 4. Actual dates are never in the future.
pub fn activity_dates(f: &Fiche, today: Day) -> Vec<(&'static str, Day)> {
    let mut dates = Vec::new();
    if let Some(start) = f.front.start {
        let start = start.first_day();
        dates.push(("1", start));
        let began = matches!(
            f.status,
            Status::Ongoing | Status::Completed | Status::Suspended
        );
        if began && start <= today {
            dates.push(("2", start));
        }
    }
    if let Some(end) = f.front.end {
        let end = end.last_day();
        dates.push(("3", end));
        if f.status == Status::Completed && end <= today {
            dates.push(("4", end));
        }
    }
    dates
}

/// `n` percentages with two decimals that add up to exactly 100.
pub fn percentages(n: usize) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    let each = 10_000 / n as u64;
    let last = 10_000 - each * (n as u64 - 1);
    (0..n)
        .map(|i| {
            let hundredths = if i + 1 == n { last } else { each };
            format!("{}.{:02}", hundredths / 100, hundredths % 100)
        })
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
fn format_cents(cents: u64) -> String {
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
    fn percentages_add_up_to_exactly_one_hundred() {
        assert_eq!(percentages(1), ["100.00"]);
        assert_eq!(percentages(3), ["33.33", "33.33", "33.34"]);
        for n in 1..=60 {
            let sum: u64 = percentages(n)
                .iter()
                .map(|p| p.replace('.', "").parse::<u64>().expect("digits"))
                .sum();
            assert_eq!(sum, 10_000, "{n} countries");
        }
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
