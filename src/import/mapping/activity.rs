//! The file's activities read one by one, each mapped to an [`Imported`] programme by the
//! other files of this module, one job each.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::import::iati::{Activities, Element, FileInfo};
use crate::import::mapping::Context;
use crate::import::mapping::dates::{dates, status};
use crate::import::mapping::links::contact_and_links;
use crate::import::mapping::money::money;
use crate::import::mapping::narratives::count_left_out;
use crate::import::mapping::organisations::organisations;
use crate::import::mapping::places::{countries, regions};
use crate::import::mapping::themes::themes;
use crate::import::mapping::words::words;
use crate::import::{Imported, Report};

/// Reads every activity of `path` and maps it. All the activities' errors are returned
/// together; an XML error stops the reading where it is.
pub fn read_file(
    path: &Path,
    cx: &Context,
) -> Result<(Vec<Imported>, Report, FileInfo), Vec<Diagnostic>> {
    let mut activities = Activities::open(path, cx.file).map_err(|d| vec![d])?;
    let mut report = Report::default();
    let mut out: Vec<Imported> = Vec::new();
    let mut errors = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    loop {
        let activity = match activities.next_activity() {
            Ok(Some(a)) => a,
            Ok(None) => break,
            Err(d) => {
                errors.push(d);
                break;
            }
        };
        match map_activity(&activity, cx, &mut report) {
            Ok(imported) => {
                if let Some(id) = &imported.iati_identifier {
                    if let Some(first) = seen.get(id) {
                        errors.push(
                            cx.error(
                                activity.line,
                                "iati-identifier",
                                format!("`{id}` is the identifier of two activities"),
                            )
                            .hint(format!(
                                "the first is at line {first}; each activity needs its own identifier"
                            )),
                        );
                        continue;
                    }
                    seen.insert(id.clone(), activity.line);
                }
                out.push(imported);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() && out.is_empty() {
        errors.push(
            Diagnostic::error(cx.file, "the file holds no activity").hint(
                "an IATI activity file has `<iati-activity>` elements inside `<iati-activities>`",
            ),
        );
    }
    if errors.is_empty() {
        Ok((out, report, activities.info))
    } else {
        Err(errors)
    }
}

/// Maps one activity.
pub fn map_activity(
    a: &Element,
    cx: &Context,
    report: &mut Report,
) -> Result<Imported, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut imported = Imported {
        line: a.line,
        ..Imported::default()
    };
    // Narratives in languages the site lacks, counted once over the whole activity.
    count_left_out(a, cx, report);

    let id = a
        .child("iati-identifier")
        .map(Element::clean_text)
        .filter(|s| !s.is_empty());
    match &id {
        Some(id) => imported.iati_identifier = Some(id.clone()),
        None => errors.push(
            cx.error(a.line, "iati-identifier", "the activity has no identifier")
                .hint("each `<iati-activity>` needs an `<iati-identifier>`, such as `XM-DAC-41302-BP-2024`"),
        ),
    }
    let what = id.as_deref().unwrap_or("the activity");

    imported.words = words(a, cx, what, report, &mut errors);
    imported.status = status(a, cx, &mut errors);
    dates(a, cx, &mut imported, report, &mut errors);
    if imported.status.is_none() && imported.start.is_none() && errors.is_empty() {
        errors.push(
            cx.error(a.line, "activity-status", format!("{what} has neither a status nor a start date"))
                .hint("add `<activity-status code=\"2\"/>` or an `<activity-date type=\"1\" iso-date=\"…\"/>`"),
        );
    }
    money(a, cx, &mut imported, report, &mut errors);
    countries(a, cx, &mut imported, report, &mut errors);
    regions(a, &imported, report);
    organisations(a, cx, &mut imported, report);
    themes(a, cx, &mut imported, report);
    contact_and_links(a, cx, &mut imported, report);
    count_not_shown(a, report);

    if errors.is_empty() {
        Ok(imported)
    } else {
        Err(errors)
    }
}

/// Counts what the activity holds that fiche does not show, by kind.
fn count_not_shown(a: &Element, report: &mut Report) {
    for child in &a.children {
        let kind = match child.name.as_str() {
            "iati-identifier" | "title" | "description" | "activity-status" | "activity-date"
            | "budget" | "recipient-country" | "recipient-region" | "participating-org"
            | "sector" | "contact-info" | "activity-website" | "document-link" => continue,
            "transaction" => {
                "transactions: not shown one by one (their sums give the amount and `disbursed:`)"
                    .to_string()
            }
            "result" => {
                let indicators = child.children("indicator").count();
                report.count("indicators of results: not shown", indicators);
                "results: not shown".to_string()
            }
            "location" => {
                "locations: not shown (fiche places a programme by its countries)".to_string()
            }
            "reporting-org" => {
                "reporting organisations: not shown (the publisher of the file)".to_string()
            }
            other => format!("`<{other}>` elements: not shown"),
        };
        report.count(kind, 1);
    }
}
