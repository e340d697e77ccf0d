//! The site's taxonomy: the kinds of terms a programme is listed under (countries, regions,
//! themes, donors, partners, statuses, years) and which programmes each term has, with the
//! per-currency sums of their amounts. Only their names and formatting depend on the
//! language, and they are done in render.

use std::collections::BTreeMap;

use crate::model::{Fiche, Site};
use crate::parse::programme::{Amount, Status};

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

/// What the programmes of a term add up to, per currency in order of currency code (no
/// conversion between currencies): the parts of their amounts that are the term's, and the
/// programmes it shares with other terms of its kind without a known part.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermSums<'a> {
    /// The term's own money: whole amounts of programmes that are only the term's, the
    /// country percentages and donor contributions of `shares:`.
    pub own: Vec<(&'a str, f64)>,
    /// How many programmes with an amount are shared with other countries, regions or donors
    /// without a known part for this one.
    pub shared: usize,
    /// The whole amounts of those programmes, together.
    pub shared_amounts: Vec<(&'a str, f64)>,
}

/// How much of a programme's money a term of `kind` may count as its own.
enum Part<'a> {
    Whole,
    /// A fraction of the amount (a country's percentage, a region's countries').
    Fraction(f64),
    /// An amount of its own (a donor's contribution).
    Amount(&'a Amount),
    Shared,
}

/// The part of `f`'s money that is the term `key`'s: a programme of one country (or donor) is
/// wholly its own, a known share is that share, and a programme shared with others without a
/// known share is counted apart. Themes, partners, statuses and years count whole amounts.
fn part_of<'a>(site: &Site, f: &'a Fiche, kind: Kind, key: &str) -> Part<'a> {
    let front = &f.front;
    match kind {
        Kind::Country => match front.shares.country(key) {
            Some(p) => Part::Fraction(p / 100.0),
            None if front.countries.len() == 1 => Part::Whole,
            None => Part::Shared,
        },
        Kind::Region => {
            let inside: Vec<&str> = (front.countries.iter())
                .map(|c| c.as_str())
                .filter(|c| site.countries.get(c).is_some_and(|i| i.in_region(key)))
                .collect();
            let known: Vec<f64> = inside
                .iter()
                .filter_map(|c| front.shares.country(c))
                .collect();
            if inside.len() == front.countries.len() && front.shares.countries.is_empty() {
                Part::Whole
            } else if known.len() == inside.len() {
                Part::Fraction(known.iter().sum::<f64>() / 100.0)
            } else {
                Part::Shared
            }
        }
        Kind::Donor => match front.shares.donor(key) {
            Some(a) => Part::Amount(a),
            None if front.donors.len() == 1 => Part::Whole,
            None => Part::Shared,
        },
        Kind::Theme | Kind::Partner | Kind::Status | Kind::Year => Part::Whole,
    }
}

/// Adds `v` to the sum of `currency` in `sums`. Few currencies: a short list beats a map.
fn add<'a>(sums: &mut Vec<(&'a str, f64)>, currency: &'a str, v: f64) {
    match sums.iter_mut().find(|(c, _)| *c == currency) {
        Some((_, sum)) => *sum += v,
        None => sums.push((currency, v)),
    }
}

/// What the programmes `members` of the term `key` of `kind` add up to, as language `li`
/// shows them (see [`TermSums`]).
pub fn term_sums<'a>(
    site: &'a Site,
    kind: Kind,
    key: &str,
    members: &[usize],
    li: usize,
) -> TermSums<'a> {
    let mut sums = TermSums::default();
    for &p in members {
        let (_, f, _) = site.programmes[p].shown_in(li);
        let amount = f.front.amount.as_ref();
        match (part_of(site, f, kind, key), amount) {
            (Part::Amount(a), _) => add(&mut sums.own, &a.currency, a.value),
            (Part::Whole, Some(a)) => add(&mut sums.own, &a.currency, a.value),
            (Part::Fraction(x), Some(a)) => add(&mut sums.own, &a.currency, a.value * x),
            (Part::Shared, Some(a)) => {
                sums.shared += 1;
                add(&mut sums.shared_amounts, &a.currency, a.value);
            }
            (_, None) => {}
        }
    }
    sums.own.sort_by(|a, b| a.0.cmp(b.0));
    sums.shared_amounts.sort_by(|a, b| a.0.cmp(b.0));
    sums
}
