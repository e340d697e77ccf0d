//! Where the activity is: `recipient-country` (else the transactions' ones) as countries, with
//! their percentages kept; recipient regions only counted, since fiche shows the regions of
//! the countries.

use crate::diagnostic::Diagnostic;
use crate::domain::country::Unresolved;
use crate::import::iati::Element;
use crate::import::mapping::Context;
use crate::import::{Imported, Report, codelists};

/// What a region-only activity becomes, as the report says it.
pub const REGION_ONLY: &str = "activities with a recipient region and no country: imported without countries, so on no country or region page";

/// The activity's countries (and their percentages, into its finance).
pub(super) fn countries(
    a: &Element,
    cx: &Context,
    imported: &mut Imported,
    report: &mut Report,
    errors: &mut Vec<Diagnostic>,
) {
    let country_elements = a.own_or_transactions("recipient-country");
    for c in country_elements {
        let Some(code) = c.attr("code") else { continue };
        match cx.countries.resolve(code) {
            Ok(alpha2) if code.len() == 2 => {
                match c.attr("percentage").map(|p| (p, p.parse::<f64>())) {
                    None => {}
                    Some((_, Ok(p))) if (0.0..=100.0).contains(&p) => {
                        imported.finance.country_shares.insert(alpha2.clone(), p);
                    }
                    Some((written, _)) => errors.push(
                        cx.error(
                            c.line,
                            "recipient-country/@percentage",
                            format!("`{written}` is not a percentage"),
                        )
                        .hint("a percentage is a number from 0 to 100, such as `25` or `33.3`"),
                    ),
                }
                if !imported.countries.contains(&alpha2) {
                    imported.countries.push(alpha2);
                }
            }
            result => {
                let hint = match result {
                    Err(Unresolved::Unknown {
                        suggestion: Some((c, name)),
                    }) => format!("did you mean `{c}` ({name})?"),
                    _ => "IATI countries are ISO 3166-1 alpha-2 codes, such as `BO`".to_string(),
                };
                errors.push(
                    cx.error(
                        c.line,
                        "recipient-country/@code",
                        format!("`{code}` is not a known country code"),
                    )
                    .hint(hint),
                );
            }
        }
    }
    shares_shown(imported, report);
}

/// Leaves out of `shares:` the percentages it cannot hold or that say nothing more than the
/// list of countries: those that add up to more than 100, and an equal split of 100 between
/// all the countries as fiche's own export writes it (so that an export imports back as the
/// same files; one country at 100% is its whole amount anyway).
fn shares_shown(imported: &mut Imported, report: &mut Report) {
    let hundredths = |p: f64| (p * 100.0).round() as u64;
    // Written with two decimals, so checked as written: rounded, they must still add up.
    for p in imported.finance.country_shares.values_mut() {
        *p = hundredths(*p) as f64 / 100.0;
    }
    let shares = &imported.finance.country_shares;
    if shares.is_empty() {
        return;
    }
    let sum: u64 = shares.values().map(|p| hundredths(*p)).sum();
    let equal = crate::domain::periods::equal_split(imported.countries.len());
    let as_exported = shares.len() == imported.countries.len()
        && (imported.countries.iter().zip(&equal))
            .all(|(c, e)| shares.get(c).map(|p| hundredths(*p)) == Some(*e));
    if sum > 10_000 {
        report.count(
            "activities whose country percentages add up to more than 100: no country shares",
            1,
        );
        imported.finance.country_shares.clear();
    } else if as_exported {
        report.count(
            "activities whose countries share 100% equally (as fiche exports countries without shares): no country shares",
            1,
        );
        imported.finance.country_shares.clear();
    }
    report.finance(
        "country percentages (written under `shares: countries:`)",
        imported.finance.country_shares.len(),
    );
}

/// Counts the activity's recipient regions: those of an activity without countries by name, in
/// the report's `regions_without_countries`.
pub(super) fn regions(a: &Element, imported: &Imported, report: &mut Report) {
    let regions: Vec<&Element> = a.children("recipient-region").collect();
    if !regions.is_empty() {
        if imported.countries.is_empty() {
            report.count(REGION_ONLY, 1);
            for r in &regions {
                let Some(code) = r.attr("code") else { continue };
                let vocabulary = r.attr("vocabulary").unwrap_or("1");
                let name = match (vocabulary, codelists::region(code)) {
                    ("1", Some(n)) => format!("{} ({code})", n.en),
                    _ => format!("{code} (vocabulary {vocabulary})"),
                };
                *report.regions_without_countries.entry(name).or_default() += 1;
            }
        } else {
            report.count(
                "recipient regions beside countries: left out, since fiche shows the regions of the countries",
                regions.len(),
            );
        }
    }
}
