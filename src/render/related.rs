//! Related programmes of a fact sheet: those sharing the most themes, then the newest.

use crate::model::Fiche;
use crate::model::taxonomy::Kind;

use super::lang::LangData;
use super::terms::position;

/// How far down each theme's list (newest first) related programmes are looked for.
pub(super) const RELATED_SCAN: usize = 500;

/// Each fact sheet's related programmes (by programme, as [`RenderCache::slugs`] lists
/// them), with the fingerprint of what they were worked out from.
pub(super) type RelatedCache = Vec<Option<(u64, Related)>>;

/// Up to three programmes sharing the most themes with `f` (programme `p`), then the newest.
/// Each theme's list is newest first, so looking at its head is enough and keeps this linear
/// in the site's size: the lists' heads are walked together, newest first, counting in how
/// many of them each programme is, and the first three seen at each count are kept.
pub(super) fn related_programmes(data: &LangData, p: usize, f: &Fiche) -> Related {
    let lists: Vec<&[usize]> = f
        .front
        .facts
        .themes
        .iter()
        .filter_map(|theme| position(&data.term_pos, Kind::Theme, theme))
        .map(|pos| {
            let members = &data.terms[&Kind::Theme][pos].members;
            // The first RELATED_SCAN members other than `p`.
            // The list is newest first (by rank): `p` is among the first `end` when it ranks
            // no lower than the last of them.
            let mut end = members.len().min(RELATED_SCAN);
            if end > 0
                && data.rank[p] <= data.rank[members[end - 1]]
                && members[..end]
                    .binary_search_by_key(&data.rank[p], |&q| data.rank[q])
                    .is_ok()
            {
                end = members.len().min(RELATED_SCAN + 1);
            }
            &members[..end]
        })
        .collect();
    let mut at = vec![0; lists.len()];
    // best[c - 1]: the first three programmes found in exactly c lists.
    let mut best: Vec<Vec<usize>> = vec![Vec::new(); lists.len()];
    while let Some(next) = lists
        .iter()
        .zip(&at)
        .filter_map(|(l, &i)| l.get(i))
        .min_by_key(|&&q| data.rank[q])
        .copied()
    {
        let mut count = 0;
        for (l, i) in lists.iter().zip(at.iter_mut()) {
            if l.get(*i) == Some(&next) {
                count += 1;
                *i += 1;
            }
        }
        if next != p && best[count - 1].len() < 3 {
            best[count - 1].push(next);
            // Three programmes in every list: none further down can do better.
            if count == lists.len() && best[count - 1].len() == 3 {
                break;
            }
        }
    }
    let mut related = Related::default();
    for q in best.iter().rev().flatten().take(3) {
        related.ids[related.len] = *q;
        related.len += 1;
    }
    related
}

/// A fact sheet's related programmes (at most three), by programme index.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Related {
    pub(super) ids: [usize; 3],
    pub(super) len: usize,
}

impl Related {
    pub(super) fn as_slice(&self) -> &[usize] {
        &self.ids[..self.len]
    }
}
