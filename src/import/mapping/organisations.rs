//! Who funds and who implements: `participating-org` role 1 as donors and 4 as partners, each
//! once (by `ref`, else by name); the other roles counted. The funders' contributions (read
//! from the transactions by `money`) are matched to the donors here.

use crate::import::iati::Element;
use crate::import::mapping::Context;
use crate::import::mapping::narratives::{by_site_language, narratives};
use crate::import::{Imported, NamedRef, Report};

/// The activity's donors and partners, into `imported`.
pub(super) fn organisations(
    a: &Element,
    cx: &Context,
    imported: &mut Imported,
    report: &mut Report,
) {
    for org in a.children("participating-org") {
        let role = org.attr("role");
        if !matches!(role, Some("1") | Some("4")) {
            report.count(
                "participating organisations in roles other than funding (1) and implementing (4): not shown",
                1,
            );
            continue;
        }
        let all = narratives(org, cx, report, false);
        let named = NamedRef {
            names: by_site_language(cx, &all),
            other: all.first().map(|(_, t)| t.clone()),
            reference: org.attr("ref").map(str::to_string),
            key: None,
        };
        if named.other.is_none() && named.reference.is_none() {
            report.count(
                "participating organisations with neither a name nor a `ref`: left out",
                1,
            );
            continue;
        }
        let list = if role == Some("1") {
            &mut imported.donors
        } else {
            &mut imported.partners
        };
        let same = |n: &NamedRef| {
            (n.reference.is_some() && n.reference == named.reference)
                || (n.reference.is_none() && named.reference.is_none() && n.other == named.other)
        };
        if !list.iter().any(same) {
            list.push(named);
        }
    }
    donor_contributions(imported, report);
}

/// Matches each funder's contribution to a donor, by its `ref`, else by its name; the
/// contributions of organisations that are not funding participants are counted.
fn donor_contributions(imported: &mut Imported, report: &mut Report) {
    for (provider, contribution) in &imported.finance.contributions {
        let donor = imported.donors.iter().position(|d| {
            d.reference.as_deref() == Some(provider.as_str())
                || d.other.as_deref() == Some(provider.as_str())
                || d.names.values().any(|n| n == provider)
        });
        match donor {
            Some(i) => {
                (imported.finance.donor_contributions).insert(i, contribution.clone());
            }
            None => report.count(
                "incoming funds from organisations that are not funding participants (role 1): not shown",
                1,
            ),
        }
    }
    report.finance(
        "donor contributions (written under `shares: donors:`)",
        imported.finance.donor_contributions.len(),
    );
}
