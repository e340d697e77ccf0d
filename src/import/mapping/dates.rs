//! The activity's status and dates: `activity-status` 1 planned, 2 and 3 ongoing, 4 completed,
//! 5 cancelled, 6 suspended; `activity-date` actual before planned.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::domain::date::{DateError, PartialDate};
use crate::import::iati::Element;
use crate::import::mapping::Context;
use crate::import::{Imported, Report};
use crate::parse::programme::Status;

/// The day an attribute of `el` gives (`None` when `el` lacks the attribute).
pub(super) fn parse_date(
    cx: &Context,
    el: &Element,
    attr: &str,
) -> Result<Option<PartialDate>, Diagnostic> {
    let Some(written) = el.attr(attr) else {
        return Ok(None);
    };
    // xsd:date may carry a time zone (`2024-01-31Z`, `2024-01-31+01:00`): the day is enough.
    let day = written
        .get(..10)
        .filter(|_| written.len() > 10)
        .unwrap_or(written);
    match PartialDate::parse(day) {
        Ok(d) if d.day.is_some() => Ok(Some(d)),
        Ok(_) | Err(DateError::Malformed) => Err(cx
            .error(
                el.line,
                &format!("{}/@{attr}", el.name),
                format!("`{written}` is not a date"),
            )
            .hint("IATI dates are written YYYY-MM-DD, such as `2024-01-31`")),
        Err(DateError::OutOfRange(y)) => Err(cx
            .error(
                el.line,
                &format!("{}/@{attr}", el.name),
                format!("the year {y} of `{written}` is out of range"),
            )
            .hint("years go from 1900 to 2200; check the date")),
        Err(_) => Err(cx
            .error(
                el.line,
                &format!("{}/@{attr}", el.name),
                format!("`{written}` is not a day of the calendar"),
            )
            .hint("check the day and the month")),
    }
}

/// The status `activity-status` gives, if the activity has one.
pub(super) fn status(a: &Element, cx: &Context, errors: &mut Vec<Diagnostic>) -> Option<Status> {
    let s = a.child("activity-status")?;
    match s.attr("code") {
        Some("1") => Some(Status::Planned),
        Some("2") | Some("3") => Some(Status::Ongoing),
        Some("4") => Some(Status::Completed),
        Some("5") => Some(Status::Cancelled),
        Some("6") => Some(Status::Suspended),
        other => {
            errors.push(
                cx.error(
                    s.line,
                    "activity-status/@code",
                    format!("`{}` is not an activity status", other.unwrap_or("")),
                )
                .hint("IATI activity statuses are 1 (pipeline) to 6 (suspended)"),
            );
            None
        }
    }
}

/// The start and end: actual dates before planned ones; an end before the start is left out.
pub(super) fn dates(
    a: &Element,
    cx: &Context,
    imported: &mut Imported,
    report: &mut Report,
    errors: &mut Vec<Diagnostic>,
) {
    let mut dates: BTreeMap<&str, PartialDate> = BTreeMap::new();
    for d in a.children("activity-date") {
        match parse_date(cx, d, "iso-date") {
            Ok(Some(date)) => {
                if let Some(t) = d.attr("type") {
                    let key: &str = match t {
                        "1" => "1",
                        "2" => "2",
                        "3" => "3",
                        "4" => "4",
                        _ => continue,
                    };
                    dates.entry(key).or_insert(date);
                }
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    imported.start = dates.get("2").or(dates.get("1")).copied();
    imported.end = dates.get("4").or(dates.get("3")).copied();
    if let (Some(s), Some(e)) = (imported.start, imported.end)
        && e.last_day() < s.first_day()
    {
        report.count(
            "activities whose end date is before their start: the end is left out",
            1,
        );
        imported.end = None;
    }
}
