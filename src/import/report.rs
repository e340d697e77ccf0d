//! What an import could not place, and what it kept for later: counted by kind, printed by
//! the CLI.

use std::collections::BTreeMap;

/// What an import could not place, counted once per kind, and what it noticed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Kind (a sentence naming what was not placed and what became of it) → count.
    pub not_placed: BTreeMap<String, usize>,
    /// Narratives left out, by language.
    pub languages_left_out: BTreeMap<String, usize>,
    /// Finance found: kind (saying what became of it: written as `budgets:`, `disbursed:`, or
    /// kept for the fields to come) → count.
    pub finance_kept: BTreeMap<String, usize>,
    /// The regions of activities that name a region and no country, with how many name each.
    pub regions_without_countries: BTreeMap<String, usize>,
}

impl Report {
    pub fn count(&mut self, kind: impl Into<String>, n: usize) {
        if n > 0 {
            *self.not_placed.entry(kind.into()).or_default() += n;
        }
    }

    pub fn finance(&mut self, kind: &str, n: usize) {
        if n > 0 {
            *self.finance_kept.entry(kind.to_string()).or_default() += n;
        }
    }
}
