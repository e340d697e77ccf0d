//! What the pages of one language share, computed once per build: the lists and indexes
//! (kept from the previous build when they still hold) and the cards (`LangData`).

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::domain::fingerprint::Fingerprint;
use crate::model::taxonomy::Kind;
use crate::model::{Fiche, Language, Site};
use crate::theme::Theme;

use super::cards::{CardEntry, cards_of};
use super::terms::{LangIndex, lang_index};

/// Everything about one language that pages share, computed once per build.
pub(super) struct LangData<'a> {
    pub(super) lang: &'a Language,
    /// The card of each programme (by programme index).
    pub(super) cards: Vec<Arc<CardEntry>>,
    pub(super) index: Arc<LangIndex>,
    /// Per kind and term (as in `terms`), a fingerprint of its versions in every language.
    pub(super) translations_revs: BTreeMap<Kind, Vec<u64>>,
}

impl std::ops::Deref for LangData<'_> {
    type Target = LangIndex;

    fn deref(&self) -> &LangIndex {
        &self.index
    }
}

pub(super) fn shown_fiche(site: &Site, prog: usize, lang: usize) -> (usize, &Fiche, bool) {
    site.programmes[prog].shown_in(lang)
}

/// Where each programme was in the previous build's list of programmes, if it was there.
/// After an edit the list is most often the same: no names to look up.
pub(super) fn previous_positions(
    previous: &[String],
    programmes: &[crate::model::Programme],
) -> Vec<Option<usize>> {
    if previous.len() == programmes.len()
        && previous.iter().zip(programmes).all(|(a, b)| *a == b.slug)
    {
        return (0..programmes.len()).map(Some).collect();
    }
    let at: rustc_hash::FxHashMap<&str, usize> = previous
        .iter()
        .enumerate()
        .map(|(i, slug)| (slug.as_str(), i))
        .collect();
    programmes
        .iter()
        .map(|p| at.get(p.slug.as_str()).copied())
        .collect()
}

pub(super) fn lang_data<'a>(
    site: &'a Site,
    theme: &Theme,
    li: usize,
    global: u64,
    previous_cards: Option<&[Arc<CardEntry>]>,
    previous_at: &[Option<usize>],
    previous_index: Option<&Arc<LangIndex>>,
) -> Result<LangData<'a>, Vec<Diagnostic>> {
    let lang = &site.languages[li];

    let (order, sort_keys) = order_of(site, li, previous_index);
    // The lists, indexes and totals depend on the order and on each programme's facts, not on
    // its title or text: kept from the previous build when those are the same.
    let fingerprint = {
        let mut h = Fingerprint::default();
        (global, li, &order).hash(&mut h);
        for &p in &order {
            shown_fiche(site, p, li).1.facts_rev.hash(&mut h);
        }
        h.finish()
    };
    let index = match previous_index {
        Some(index) if index.fingerprint == fingerprint => Arc::clone(index),
        _ => Arc::new(lang_index(site, li, order, sort_keys, fingerprint)),
    };

    let cards = cards_of(site, theme, li, global, &index, previous_cards, previous_at)?;
    Ok(LangData {
        lang,
        cards,
        index,
        translations_revs: BTreeMap::new(),
    })
}

/// The programmes of language `li`, newest first (by start date, then title), and what each
/// is sorted by; the previous build's order when it still holds.
fn order_of(
    site: &Site,
    li: usize,
    previous_index: Option<&Arc<LangIndex>>,
) -> (Vec<usize>, Vec<u64>) {
    let lang = &site.languages[li];
    let mut order: Vec<usize> = (0..site.programmes.len()).collect();
    let starts: Vec<_> = order
        .iter()
        .map(|&p| {
            shown_fiche(site, p, li)
                .1
                .front
                .facts
                .start
                .map(|d| d.first_day())
        })
        .collect();
    // Programme indexes last, so that the order is total: what a stable sort gives.
    let newest_first = |&a: &usize, &b: &usize| {
        starts[b]
            .cmp(&starts[a])
            .then_with(|| {
                let (_, fa, _) = shown_fiche(site, a, li);
                let (_, fb, _) = shown_fiche(site, b, li);
                lang.loc.compare(&fa.front.title, &fb.front.title)
            })
            .then(a.cmp(&b))
    };
    // What each programme is sorted by, to tell which changed since the previous build.
    let sort_keys: Vec<u64> = (0..site.programmes.len())
        .map(|p| shown_fiche(site, p, li).1.order_rev)
        .collect();
    // After an edit the previous order is most often still right: checking it costs at most
    // one comparison per programme (none for two neighbours whose keys are unchanged), sorting
    // again a dozen.
    match previous_index {
        Some(index)
            if index.order.len() == order.len()
                && index.order.windows(2).all(|w| {
                    let same = |p: usize| index.sort_keys.get(p) == Some(&sort_keys[p]);
                    (same(w[0]) && same(w[1]))
                        || newest_first(&w[0], &w[1]) == std::cmp::Ordering::Less
                }) =>
        {
            order.clone_from(&index.order)
        }
        _ => order.sort_unstable_by(newest_first),
    }
    (order, sort_keys)
}
