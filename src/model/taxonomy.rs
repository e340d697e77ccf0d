//! The site's taxonomy: the kinds of terms a programme is listed under (countries, regions,
//! themes, donors, partners, statuses, years), which programmes each term has, how many of
//! them are ongoing and the per-currency sums of their amounts, and how countries, sub-regions
//! and continents nest. Worked out once for all languages (every version of a programme has
//! its source's facts); render only names, orders and formats them.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::domain::country::{CONTINENTS, Countries, is_continent};
use crate::domain::date::Day;
use crate::domain::fingerprint::revision_of;
use crate::model::{Fiche, Programme};
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

    /// Its place in [`Kind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

// `Kind::index` is the enum's order: `Kind::ALL` must list the kinds in that order, which the
// compiler checks here.
const _: () = {
    let mut i = 0;
    while i < Kind::ALL.len() {
        assert!(
            Kind::ALL[i] as usize == i,
            "Kind::ALL is not in the enum's order"
        );
        i += 1;
    }
};

/// The years a programme runs in: from its start year to its end year (or this year).
pub fn active_years(f: &Fiche, this_year: i32) -> Vec<i32> {
    let Some(start) = f.front.facts.start else {
        return Vec::new();
    };
    let last = match f.front.facts.end {
        Some(end) => end.year,
        None if matches!(f.status, Status::Ongoing | Status::Suspended) => {
            this_year.max(start.year)
        }
        None => start.year,
    };
    (start.year..=last.min(start.year + 60)).collect()
}

/// One term: its key and what its programmes add up to.
pub struct Term {
    /// A country or region code, a data file's key, a status's key or a year.
    pub key: String,
    /// Its programmes, as indexes in `Site::programmes`, in increasing order.
    pub members: Vec<usize>,
    /// How many of them are ongoing.
    pub ongoing: usize,
    /// The money known to be the term's own, per currency, in order of currency code (no
    /// conversion between currencies): whole amounts of programmes that are only the term's,
    /// the country percentages and donor contributions of `shares:` (see [`part_of`]).
    pub totals: Vec<(String, f64)>,
    /// How many programmes with an amount it shares with other countries, regions or donors
    /// without a known part for it.
    pub shared: usize,
    /// The whole amounts of those programmes together, per currency.
    pub shared_totals: Vec<(String, f64)>,
}

/// A continent that has programmes and its sub-regions that have some, as positions in the
/// region terms ([`Taxonomy::terms`]), sub-regions in order of code.
pub struct Continent {
    pub term: usize,
    pub subregions: Vec<usize>,
}

/// Every term of the site, with its programmes, and how places nest.
#[derive(Default)]
pub struct Taxonomy {
    /// By kind (as [`Kind::index`]), its terms in order of key.
    terms: [Vec<Term>; Kind::ALL.len()],
    /// By programme, the terms it is listed under: kind and position in its kind's terms.
    of_programme: Vec<Vec<(Kind, usize)>>,
    /// By region term, the country terms in it (positions, in increasing order).
    region_countries: Vec<Vec<usize>>,
    continents: Vec<Continent>,
    /// What it was made from: the day's year and each programme's facts.
    fingerprint: u64,
}

impl Taxonomy {
    /// The terms of `kind` that have programmes, in order of key.
    pub fn terms(&self, kind: Kind) -> &[Term] {
        &self.terms[kind.index()]
    }

    /// The terms programme `p` is listed under: kind and position in [`Taxonomy::terms`].
    pub fn terms_of(&self, p: usize) -> &[(Kind, usize)] {
        self.of_programme.get(p).map_or(&[], Vec::as_slice)
    }

    /// The country terms (positions) in the region term `region`, in increasing order.
    pub fn countries_in(&self, region: usize) -> &[usize] {
        self.region_countries.get(region).map_or(&[], Vec::as_slice)
    }

    /// Whether the region term `region` is a sub-region (else it is a continent).
    pub fn is_subregion(&self, region: usize) -> bool {
        self.terms(Kind::Region)
            .get(region)
            .is_some_and(|t| !is_continent(&t.key))
    }

    /// The continents that have programmes, in the order index pages list them
    /// ([`CONTINENTS`]), each with its sub-regions that have some.
    pub fn continents(&self) -> &[Continent] {
        &self.continents
    }

    /// The taxonomy of `programmes` on the day `today`: the previous one when made from the
    /// same facts (a title or a body edited while serving).
    pub fn of(
        programmes: &[Programme],
        countries: &Countries,
        today: Day,
        previous: Option<&Arc<Taxonomy>>,
    ) -> Arc<Taxonomy> {
        let facts: Vec<u64> = programmes.iter().map(|p| facts(p).facts_rev).collect();
        let fingerprint = revision_of(&(today.year, facts));
        match previous {
            Some(t) if t.fingerprint == fingerprint => Arc::clone(t),
            _ => {
                let mut taxonomy = Taxonomy::new(programmes, countries, today.year);
                taxonomy.fingerprint = fingerprint;
                Arc::new(taxonomy)
            }
        }
    }

    fn new(programmes: &[Programme], countries: &Countries, this_year: i32) -> Taxonomy {
        let mut terms = memberships(programmes, this_year);
        // Each term's totals, the terms on all cores (each term's sum in its members' order,
        // as before): one core took ~40 ms of a build of 10,000 x 3 while the other waited.
        let mut each: Vec<(Kind, &mut Term)> = Kind::ALL
            .into_iter()
            .zip(&mut terms)
            .flat_map(|(kind, kind_terms)| kind_terms.iter_mut().map(move |t| (kind, t)))
            .collect();
        each.par_iter_mut().for_each(|(kind, term)| {
            sum_amounts(programmes, countries, *kind, term);
            term.ongoing = term
                .members
                .iter()
                .filter(|&&p| facts(&programmes[p]).status == Status::Ongoing)
                .count();
        });
        let mut of_programme = vec![Vec::new(); programmes.len()];
        for kind in Kind::ALL {
            for (t, term) in terms[kind.index()].iter().enumerate() {
                for &p in &term.members {
                    of_programme[p].push((kind, t));
                }
            }
        }
        let mut taxonomy = Taxonomy {
            terms,
            of_programme,
            ..Taxonomy::default()
        };
        taxonomy.region_countries = region_countries(&taxonomy, countries);
        taxonomy.continents = continents(&taxonomy, countries);
        taxonomy
    }
}

/// The version of a programme whose facts lists use: every version has its source's facts.
fn facts(p: &Programme) -> &Fiche {
    p.shown_in(0).1
}

/// Each term's programmes, in increasing order, with no totals yet; each kind's terms in
/// order of key.
fn memberships(programmes: &[Programme], this_year: i32) -> [Vec<Term>; Kind::ALL.len()] {
    let mut members: FxHashMap<(Kind, &str), Vec<usize>> = FxHashMap::default();
    let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (p, programme) in programmes.iter().enumerate() {
        let f = facts(programme);
        let mut add = |kind: Kind, key| members.entry((kind, key)).or_default().push(p);
        for c in &f.front.facts.countries {
            add(Kind::Country, c.as_str());
        }
        for r in &f.regions {
            add(Kind::Region, r.0);
        }
        for t in &f.front.facts.themes {
            add(Kind::Theme, t.as_str());
        }
        for d in &f.front.facts.donors {
            add(Kind::Donor, d.as_str());
        }
        for d in &f.front.facts.partners {
            add(Kind::Partner, d.as_str());
        }
        add(Kind::Status, f.status.key());
        for y in active_years(f, this_year) {
            years.entry(y).or_default().push(p);
        }
    }
    let term = |key: String, members: Vec<usize>| Term {
        key,
        members,
        ongoing: 0,
        totals: Vec::new(),
        shared: 0,
        shared_totals: Vec::new(),
    };
    let mut terms: [Vec<Term>; Kind::ALL.len()] = Default::default();
    for ((kind, key), m) in members {
        terms[kind.index()].push(term(key.to_string(), m));
    }
    terms[Kind::Year.index()] = years
        .into_iter()
        .map(|(y, m)| term(y.to_string(), m))
        .collect();
    for kind_terms in &mut terms {
        kind_terms.sort_by(|a, b| a.key.cmp(&b.key));
    }
    terms
}

/// How much of a programme's money a term of one kind may count as its own.
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
fn part_of<'a>(countries: &Countries, f: &'a Fiche, kind: Kind, key: &str) -> Part<'a> {
    let front = &f.front;
    match kind {
        Kind::Country => match front.facts.shares.country(key) {
            Some(p) => Part::Fraction(p / 100.0),
            None if front.facts.countries.len() == 1 => Part::Whole,
            None => Part::Shared,
        },
        Kind::Region => {
            let inside: Vec<&str> = (front.facts.countries.iter())
                .map(|c| c.as_str())
                .filter(|c| countries.get(c).is_some_and(|i| i.in_region(key)))
                .collect();
            let known: Vec<f64> = inside
                .iter()
                .filter_map(|c| front.facts.shares.country(c))
                .collect();
            if inside.len() == front.facts.countries.len()
                && front.facts.shares.countries.is_empty()
            {
                Part::Whole
            } else if known.len() == inside.len() {
                Part::Fraction(known.iter().sum::<f64>() / 100.0)
            } else {
                Part::Shared
            }
        }
        Kind::Donor => match front.facts.shares.donor(key) {
            Some(a) => Part::Amount(a),
            None if front.facts.donors.len() == 1 => Part::Whole,
            None => Part::Shared,
        },
        Kind::Theme | Kind::Partner | Kind::Status | Kind::Year => Part::Whole,
    }
}

/// Adds `v` to the sum of `currency` in `sums`. Few currencies: a short list beats a map.
fn add(sums: &mut Vec<(String, f64)>, currency: &str, v: f64) {
    match sums.iter_mut().find(|(c, _)| *c == currency) {
        Some((_, sum)) => *sum += v,
        None => sums.push((currency.to_string(), v)),
    }
}

/// The term's totals: the money known to be its own, and apart the programmes it shares with
/// others without a known part, per currency in order of currency code.
fn sum_amounts(programmes: &[Programme], countries: &Countries, kind: Kind, term: &mut Term) {
    for &p in &term.members {
        let f = facts(&programmes[p]);
        let amount = f.front.facts.amount.as_ref();
        match (part_of(countries, f, kind, &term.key), amount) {
            (Part::Amount(a), _) => add(&mut term.totals, &a.currency, a.value),
            (Part::Whole, Some(a)) => add(&mut term.totals, &a.currency, a.value),
            (Part::Fraction(x), Some(a)) => add(&mut term.totals, &a.currency, a.value * x),
            (Part::Shared, Some(a)) => {
                term.shared += 1;
                add(&mut term.shared_totals, &a.currency, a.value);
            }
            (_, None) => {}
        }
    }
    term.totals.sort_by(|a, b| a.0.cmp(&b.0));
    term.shared_totals.sort_by(|a, b| a.0.cmp(&b.0));
}

/// By region term, the country terms in it: the one place that says which country is in
/// which region.
fn region_countries(taxonomy: &Taxonomy, countries: &Countries) -> Vec<Vec<usize>> {
    let regions = taxonomy.terms(Kind::Region);
    let position: FxHashMap<&str, usize> = regions
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i))
        .collect();
    let mut out = vec![Vec::new(); regions.len()];
    for (c, country) in taxonomy.terms(Kind::Country).iter().enumerate() {
        let Some(info) = countries.get(&country.key) else {
            continue;
        };
        for region in info.regions() {
            if let Some(&r) = position.get(region.0) {
                out[r].push(c);
            }
        }
    }
    out
}

/// The continents that have programmes, each with its sub-regions that have countries with
/// programmes.
fn continents(taxonomy: &Taxonomy, countries: &Countries) -> Vec<Continent> {
    let regions = taxonomy.terms(Kind::Region);
    CONTINENTS
        .iter()
        .filter_map(|continent| {
            let term = regions.iter().position(|r| r.key == *continent)?;
            let subregions = (0..regions.len())
                .filter(|&r| taxonomy.is_subregion(r) && !taxonomy.countries_in(r).is_empty())
                .filter(|&r| {
                    countries
                        .of_region(&regions[r].key)
                        .any(|info| info.in_region(continent))
                })
                .collect();
            Some(Continent { term, subregions })
        })
        .collect()
}
