//! `data/iati-activities.xml`: the programmes as IATI activities (Activity Standard 2.03).
//!
//! Written only when `site.yaml` has `iati:` (who reports). Each programme with a start date
//! becomes one `<iati-activity>`, its elements in the order the 2.03 schema requires:
//!
//! - `iati-identifier`: the front matter's `iati_identifier`, else `<identifier_prefix>-<slug>`;
//! - `reporting-org` from `site.yaml`; `title` and `description` (the body as written, else
//!   the summary unless it only repeats the title) with one `narrative` per language
//!   (`xml:lang`);
//! - `participating-org`: donors as funding (role 1), the reporting organisation as extending
//!   (role 3), partners as implementing (role 4), with their `iati_ref` where the data files
//!   give one;
//! - `activity-status`: planned 1, ongoing 2, completed 4, cancelled 5, suspended 6;
//! - `activity-date`: planned start (1) and end (3) from the dates; actual start (2) once the
//!   start has passed and the programme began (ongoing, completed, suspended); actual end (4)
//!   once a completed programme's end has passed;
//! - `contact-info` with the contact's email;
//! - `recipient-country` with the percentages of `shares:`, what they leave split equally
//!   between the other countries (all of it without `shares:`);
//! - `sector` for each theme with an IATI sector code (`extra: {iati_sector: "1:15130"}`, as
//!   `fiche import` writes it), equal percentages per vocabulary;
//! - `budget`: the periods of `budgets:`, else the amount spread over calendar years (each
//!   period at most a year, as IATI requires) in proportion to the days of the programme each
//!   holds; original (type 1), indicative (status 1), valued at the period's start;
//! - `transaction`: `disbursed:` as one disbursement (type 3) dated and valued at its date, and
//!   each donor's contribution as an incoming commitment (type 11) from it;
//! - `document-link` to each language's fact sheet (category A12, activity web page), then
//!   one for each of `links` (A12 too, titled in each language).

use std::collections::HashMap;
use std::io::{self, Write};

use super::{iati_identifier, primary};
use crate::diagnostic::Diagnostic;
use crate::domain::date::Day;
use crate::domain::periods::{budget_periods, equal_split, format_cents, split};
use crate::model::{Fiche, Programme, Site};
use crate::parse::programme::{FrontMatter, Status};
use crate::parse::site_config::{IatiConfig, Localised};
use crate::render::publish::xml::{self, XmlWriter};
use crate::render::publish::{FactSheetUrls, Pieces};

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
    f.front.facts.start.is_some()
}

/// Whether the file is written: the site has IATI settings and a programme with a start date.
pub fn writes_file(site: &Site) -> bool {
    site.config.iati.is_some() && site.programmes.iter().any(|p| eligible(primary(p)))
}

/// Writes the file into `out` (the site has IATI settings: see [`writes_file`]), handing its
/// bytes on after each activity.
pub fn write(site: &Site, out: &mut Pieces) -> io::Result<()> {
    let Some(iati) = &site.config.iati else {
        return Ok(());
    };
    let urls = FactSheetUrls::new(site);
    let mut w = xml::writer()?;
    xml::element(&mut w, "iati-activities", &[("version", "2.03")], |w| {
        for p in site.programmes.iter().filter(|p| eligible(primary(p))) {
            activity(w, site, &urls, iati, p)?;
            xml::hand_on(w, out)?;
        }
        Ok(())
    })?;
    out.write_all(&xml::finish(w))
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
        .facts
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
        let mut descriptions: Vec<(&str, String)> = Vec::new();
        for (code, v) in &versions {
            if let Some(d) = description(v)? {
                descriptions.push((code, d));
            }
        }
        if !descriptions.is_empty() {
            xml::element(w, "description", &[("type", "1")], |w| {
                for (code, text) in &descriptions {
                    let lang = iati_lang(code);
                    xml::text_element(w, "narrative", &[("xml:lang", &lang)], text)?;
                }
                Ok(())
            })?;
        }
        participating_orgs(w, site, iati, f)?;
        xml::empty_element(w, "activity-status", &[("code", status_code(f.status))])?;
        for (kind, day) in activity_dates(f, site.today) {
            xml::empty_element(
                w,
                "activity-date",
                &[("type", kind), ("iso-date", &day.to_string())],
            )?;
        }
        if let Some(contact) = &fr.facts.contact {
            xml::element(w, "contact-info", &[("type", "1")], |w| {
                xml::text_element(w, "email", &[], contact)
            })?;
        }
        let shares = country_percentages(fr);
        for (code, share) in fr.facts.countries.iter().zip(&shares) {
            xml::empty_element(
                w,
                "recipient-country",
                &[("code", code), ("percentage", share)],
            )?;
        }
        sectors(w, site, fr)?;
        money(w, site, fr)?;
        for (li, (v, l)) in p.own_versions().zip(&site.languages).enumerate() {
            let Some(v) = v else { continue };
            let code = iati_lang(&l.code);
            let url = urls.get(li, p.slug_in(li));
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
        links(w, &versions, fr)
    })
}

/// A version's general description: its body as written (Markdown reads as plain text; `&lt;`,
/// which the importer writes for `<`, back to `<`), else its summary unless it only repeats
/// the title (as an import makes it for an activity without a description). So an imported
/// site's export imports back as the same files.
fn description(v: &Fiche) -> io::Result<Option<String>> {
    let body = v.body.read().map_err(io::Error::other)?;
    let body = body.trim();
    if !body.is_empty() {
        return Ok(Some(body.replace("&lt;", "<")));
    }
    Ok((v.front.summary != v.front.title).then(|| v.front.summary.clone()))
}

/// A `sector` for each theme that has an IATI sector code (`extra: {iati_sector:
/// "vocabulary:code"}`, as the importer writes it), with equal percentages per vocabulary; a
/// sector of a vocabulary other than DAC's (1, 2) carries the theme's names.
fn sectors(w: &mut XmlWriter, site: &Site, fr: &FrontMatter) -> io::Result<()> {
    let coded: Vec<(&str, &str, &crate::model::Named)> = fr
        .facts
        .themes
        .iter()
        .filter_map(|key| super::named(&site.themes, key))
        .filter_map(|n| {
            let code = n.entry.extra.get("iati_sector")?.as_str()?;
            let (vocabulary, code) = code.split_once(':')?;
            Some((vocabulary, code, n))
        })
        .collect();
    let mut shares: HashMap<&str, std::vec::IntoIter<String>> = HashMap::new();
    for (vocabulary, _, _) in &coded {
        if !shares.contains_key(vocabulary) {
            let n = coded.iter().filter(|(v, _, _)| v == vocabulary).count();
            shares.insert(vocabulary, percentages(n).into_iter());
        }
    }
    for (vocabulary, code, named) in &coded {
        let share = shares
            .get_mut(vocabulary)
            .and_then(Iterator::next)
            .unwrap_or_default();
        let attrs = [
            ("vocabulary", *vocabulary),
            ("code", *code),
            ("percentage", share.as_str()),
        ];
        if matches!(*vocabulary, "1" | "2") {
            xml::empty_element(w, "sector", &attrs)?;
        } else {
            xml::element(w, "sector", &attrs, |w| {
                narratives(w, site, &named.entry.name)
            })?;
        }
    }
    Ok(())
}

/// A `document-link` for each of the front matter's `links`, titled in each version's
/// language (the version's own title for that address, else the source's).
fn links(w: &mut XmlWriter, versions: &[(&str, &Fiche)], fr: &FrontMatter) -> io::Result<()> {
    for link in &fr.links {
        let lower = link.url.to_ascii_lowercase();
        let format = if lower.ends_with(".pdf") {
            "application/pdf"
        } else {
            "text/html"
        };
        let attrs = [("format", format), ("url", link.url.as_str())];
        xml::element(w, "document-link", &attrs, |w| {
            xml::element(w, "title", &[], |w| {
                for (code, v) in versions {
                    let own = v.front.links.iter().find(|l| l.url == link.url);
                    let title = own.map_or(&link.title, |l| &l.title);
                    xml::text_element(w, "narrative", &[("xml:lang", &iati_lang(code))], title)?;
                }
                Ok(())
            })?;
            // Category is required; "activity web page" is the one that fits any page about it.
            xml::empty_element(w, "category", &[("code", "A12")])
        })?;
    }
    Ok(())
}

/// The `budget` elements: the front matter's `budgets:`, else the amount spread over calendar
/// years; then the disbursements as one `transaction` of type 3, counted to its date.
fn money(w: &mut XmlWriter, site: &Site, fr: &FrontMatter) -> io::Result<()> {
    let budget = |w: &mut XmlWriter, from: Day, to: Day, currency: &str, cents: u64| {
        let from = from.to_string();
        xml::element(w, "budget", &[("type", "1"), ("status", "1")], |w| {
            xml::empty_element(w, "period-start", &[("iso-date", &from)])?;
            xml::empty_element(w, "period-end", &[("iso-date", &to.to_string())])?;
            xml::text_element(
                w,
                "value",
                &[("currency", currency), ("value-date", &from)],
                &format_cents(cents),
            )
        })
    };
    if !fr.facts.budgets.is_empty() {
        for b in &fr.facts.budgets {
            let (from, to) = (b.start.first_day(), b.end.last_day());
            budget(w, from, to, &b.amount.currency, cents(b.amount.value))?;
        }
    } else if let (Some(amount), Some(start), Some(end)) =
        (&fr.facts.amount, fr.facts.start, fr.facts.end)
    {
        for (from, to, cents) in budget_periods(start.first_day(), end.last_day(), amount.value) {
            budget(w, from, to, &amount.currency, cents)?;
        }
    }
    if let Some(d) = &fr.facts.disbursed {
        let date = d.date.last_day().to_string();
        xml::element(w, "transaction", &[], |w| {
            xml::empty_element(w, "transaction-type", &[("code", "3")])?;
            xml::empty_element(w, "transaction-date", &[("iso-date", &date)])?;
            xml::text_element(
                w,
                "value",
                &[("currency", &d.amount.currency), ("value-date", &date)],
                &format_cents(cents(d.amount.value)),
            )
        })?;
    }
    contributions(w, site, fr)
}

/// Each donor's contribution of `shares:` as an incoming commitment (type 11) from it, dated
/// and valued at the programme's start (the importer reads it back as the contribution).
fn contributions(w: &mut XmlWriter, site: &Site, fr: &FrontMatter) -> io::Result<()> {
    let Some(start) = fr.facts.start else {
        return Ok(());
    };
    let date = start.first_day().to_string();
    for (key, amount) in &fr.facts.shares.donors {
        let named = super::named(&site.donors, key);
        let mut provider = Vec::new();
        if let Some(r) = named.and_then(|n| n.entry.iati_ref.as_deref()) {
            provider.push(("ref", r));
        }
        xml::element(w, "transaction", &[], |w| {
            xml::empty_element(w, "transaction-type", &[("code", "11")])?;
            xml::empty_element(w, "transaction-date", &[("iso-date", &date)])?;
            xml::text_element(
                w,
                "value",
                &[("currency", &amount.currency), ("value-date", &date)],
                &format_cents(cents(amount.value)),
            )?;
            xml::element(w, "provider-org", &provider, |w| match named {
                Some(n) => narratives(w, site, &n.entry.name),
                None => xml::text_element(w, "narrative", &[], key),
            })
        })?;
    }
    Ok(())
}

/// The percentage of each of the programme's countries, in their order: its share where
/// `shares:` gives one, and what the shares leave split equally between the others (all of it
/// when there are no shares), so that they add up to 100 whenever a country has no share.
fn country_percentages(fr: &FrontMatter) -> Vec<String> {
    let hundredths = |p: f64| (p * 100.0).round() as u64;
    let given: u64 = fr
        .facts
        .shares
        .countries
        .iter()
        .map(|(_, p)| hundredths(*p))
        .sum();
    let without = fr.facts.countries.len() - fr.facts.shares.countries.len();
    let mut rest = split(10_000u64.saturating_sub(given), without).into_iter();
    (fr.facts.countries.iter())
        .map(|code| match fr.facts.shares.country(code) {
            Some(p) => percent(hundredths(p)),
            None => percent(rest.next().unwrap_or(0)),
        })
        .collect()
}

/// An amount in whole cents (amounts are never negative).
fn cents(value: f64) -> u64 {
    (value * 100.0).round().max(0.0) as u64
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
    for key in &f.front.facts.donors {
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
    for key in &f.front.facts.partners {
        org(w, &site.partners, key, "4")?;
    }
    Ok(())
}

/// The activity dates IATI wants, by type: planned start 1, actual start 2, planned end 3,
/// actual end 4. Actual dates are never in the future.
pub fn activity_dates(f: &Fiche, today: Day) -> Vec<(&'static str, Day)> {
    let mut dates = Vec::new();
    if let Some(start) = f.front.facts.start {
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
    if let Some(end) = f.front.facts.end {
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
    equal_split(n).into_iter().map(percent).collect()
}

/// Hundredths of a percent as IATI writes a percentage: `33.33`.
fn percent(hundredths: u64) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
