//! What the pages of one language share, computed once per build: the lists and indexes
//! (kept from the previous build when they still hold) and the cards (`LangData`).

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use crate::diagnostic::Diagnostic;
use crate::domain::fingerprint::{Fingerprint, revision_of};
use crate::model::taxonomy::Kind;
use crate::model::{Fiche, Language, Site};
use crate::theme::{self, Theme};

use super::cards::{CARD_TEMPLATE, CardEntry, CardHtml, ROOT_MARK, make_card};
use super::plan::push_once;
use super::terms::{LangIndex, lang_index, name_of, position};
use super::views::*;

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

    // Newest first: by start date, then title.
    let mut order: Vec<usize> = (0..site.programmes.len()).collect();
    let starts: Vec<_> = order
        .iter()
        .map(|&p| {
            shown_fiche(site, p, li)
                .1
                .front
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

    let term_ref = |kind: Kind, key: &str| -> TermRef {
        let entry = position(&index.term_pos, kind, key).map(|i| &index.terms[&kind][i]);
        TermRef {
            key: key.to_string(),
            name: entry
                .map(|e| e.name.clone())
                .unwrap_or_else(|| name_of(site, lang, kind, key).0),
            path: entry.map(|e| e.path.clone()).unwrap_or_default(),
        }
    };
    let with_html = theme.templates.contains_key(CARD_TEMPLATE);
    let terms_rev = index.terms_rev;
    let cards: Vec<Result<Arc<CardEntry>, Diagnostic>> = (0..site.programmes.len())
        .into_par_iter()
        .map(|p| {
            let (vi, f, fallback) = shown_fiche(site, p, li);
            // The slug too: a file renamed with the same front matter moves its page.
            let slug = &site.programmes[p].slug;
            let rev = revision_of(&(
                global,
                terms_rev,
                slug,
                vi,
                f.front_rev,
                f.status.key(),
                fallback,
            ));
            if let Some(entry) = previous_at[p].and_then(|q| previous_cards?.get(q))
                && entry.rev == rev
            {
                return Ok(Arc::clone(entry));
            }
            let card = make_card(site, lang, p, &term_ref);
            let value = Value::from_serializable(&card);
            let html = if with_html {
                let mut ctx = index.base.clone();
                ctx.insert("root", &ROOT_MARK.to_string());
                ctx.insert_value("card", value.clone());
                let label = format!("the card of `{}`", f.file);
                let rendered = theme
                    .tera
                    .render(CARD_TEMPLATE, &ctx)
                    .map_err(|e| theme::tera_diagnostic(&e, &theme.templates, &label))?;
                Some(CardHtml::new(&rendered))
            } else {
                None
            };
            Ok(Arc::new(CardEntry {
                card,
                value,
                html,
                rev,
            }))
        })
        .collect();
    let mut errors = Vec::new();
    let cards: Vec<Arc<CardEntry>> = cards
        .into_iter()
        .filter_map(|c| c.map_err(|d| push_once(&mut errors, d)).ok())
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(LangData {
        lang,
        cards,
        index,
        translations_revs: BTreeMap::new(),
    })
}
