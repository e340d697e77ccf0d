//! The site's taxonomy: the kinds of terms a programme is listed under (countries, regions,
//! themes, donors, partners, statuses, years) and which programmes each term has, with the
//! per-currency sums of their amounts. Only their names and formatting depend on the
//! language, and they are done in render.

use std::collections::BTreeMap;

use crate::model::{Fiche, Site};
use crate::parse::programme::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Country,
    Region,
    Theme,
    Donor,
    Partner,
    Status,
    Year,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Country,
        Kind::Region,
        Kind::Theme,
        Kind::Donor,
        Kind::Partner,
        Kind::Status,
        Kind::Year,
    ];

    /// The section's key: path word key (`path_countries`) and interface string.
    pub fn section(self) -> &'static str {
        match self {
            Kind::Country => "countries",
            Kind::Region => "regions",
            Kind::Theme => "themes",
            Kind::Donor => "donors",
            Kind::Partner => "partners",
            Kind::Status => "statuses",
            Kind::Year => "years",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Region => "region",
            Kind::Theme => "theme",
            Kind::Donor => "donor",
            Kind::Partner => "partner",
            Kind::Status => "status",
            Kind::Year => "year",
        }
    }
}

/// The years a programme runs in: from its start year to its end year (or this year).
pub fn active_years(f: &Fiche, this_year: i32) -> Vec<i32> {
    let Some(start) = f.front.start else {
        return Vec::new();
    };
    let last = match f.front.end {
        Some(end) => end.year,
        None if matches!(f.status, Status::Ongoing | Status::Suspended) => {
            this_year.max(start.year)
        }
        None => start.year,
    };
    (start.year..=last.min(start.year + 60)).collect()
}

/// Each term's programmes, in the order of `order` (newest first): the countries, regions,
/// themes, donors, partners and status of the fact sheet language `li` shows for each
/// programme, and the years it runs in. In no particular order of terms.
pub fn memberships(site: &Site, li: usize, order: &[usize]) -> Vec<(Kind, String, Vec<usize>)> {
    let this_year = site.today.year;
    let mut members: rustc_hash::FxHashMap<(Kind, &str), Vec<usize>> = Default::default();
    let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for &p in order {
        let (_, f, _) = site.programmes[p].shown_in(li);
        let mut add = |kind: Kind, key| members.entry((kind, key)).or_default().push(p);
        for c in &f.front.countries {
            add(Kind::Country, c.as_str());
        }
        for r in &f.regions {
            add(Kind::Region, r.0);
        }
        for t in &f.front.themes {
            add(Kind::Theme, t.as_str());
        }
        for d in &f.front.donors {
            add(Kind::Donor, d.as_str());
        }
        for d in &f.front.partners {
            add(Kind::Partner, d.as_str());
        }
        add(Kind::Status, f.status.key());
        for y in active_years(f, this_year) {
            years.entry(y).or_default().push(p);
        }
    }
    let year_keys: Vec<(String, Vec<usize>)> =
        years.into_iter().map(|(y, m)| (y.to_string(), m)).collect();
    members
        .into_iter()
        .map(|((kind, key), m)| (kind, key.to_string(), m))
        .chain(year_keys.into_iter().map(|(k, m)| (Kind::Year, k, m)))
        .collect()
}

/// The sum of the amounts of `members` (as language `li` shows them), per currency, in order
/// of currency code. No conversion between currencies.
pub fn currency_sums<'a>(site: &'a Site, members: &[usize], li: usize) -> Vec<(&'a str, f64)> {
    // Few currencies: a short list beats a map.
    let mut sums: Vec<(&str, f64)> = Vec::new();
    for &p in members {
        let (_, f, _) = site.programmes[p].shown_in(li);
        if let Some(a) = &f.front.amount {
            match sums.iter_mut().find(|(c, _)| *c == a.currency) {
                Some((_, v)) => *v += a.value,
                None => sums.push((a.currency.as_str(), a.value)),
            }
        }
    }
    sums.sort_by(|a, b| a.0.cmp(b.0));
    sums
}
