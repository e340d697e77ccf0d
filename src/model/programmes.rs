//! The programmes, each with its fact sheet per language: its source file's, and each
//! translation's with the source's facts (`parse::facts`). A fact sheet is made again only
//! when its file, its source's front matter, the day or its date of change differ from the
//! previous build's.

use std::sync::Arc;

use rayon::prelude::*;

use super::{Fiche, ParseCache, Programme, derived_status};
use crate::diagnostic::Diagnostic;
use crate::domain::country::{Countries, RegionCode};
use crate::domain::date::{Day, Timestamp};
use crate::domain::fingerprint::revision_of;
use crate::load::Loaded;
use crate::parse::content::{Failed, ParsedFile, Versions, keep_only};
use crate::parse::facts;
use crate::parse::programme::FrontMatter;
use crate::parse::site_config::Untranslated;

/// The programmes, in order of slug; drafts left out unless `drafts`. A programme whose source
/// file has errors is left out whole: its errors are reported once, not again for each
/// translation.
pub(super) fn programmes(
    loaded: &Loaded,
    (grouped, failed): (Vec<(String, Versions<FrontMatter>)>, &Failed),
    languages: &[String],
    (countries, today, drafts, untranslated): (&Countries, Day, bool, Untranslated),
    cache: &mut ParseCache,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Programme> {
    let made = Made {
        loaded,
        countries,
        today,
        previous: &cache.fiches,
    };
    // Each programme, its errors, its fact sheets made anew (for the cache) and how many of
    // its fact sheets have a file.
    type Outcome = (Option<Programme>, Vec<Diagnostic>, Vec<Arc<Fiche>>, usize);
    let results: Vec<Outcome> = grouped
        .into_par_iter()
        .map(|(slug, versions)| {
            // The source: the first language with a file, checked or not.
            let source = (0..versions.len())
                .find(|&l| versions[l].is_some() || failed.contains(&(slug.clone(), l)));
            let Some(Some(src)) = source.map(|l| &versions[l]) else {
                return (None, Vec::new(), Vec::new(), 0);
            };
            let si = source.unwrap_or_default();
            let first = (si > 0).then(|| format!("{slug}.{}.md", languages[0]));
            let mut errs = facts::check_source(src, first.as_deref());
            let mut shown = Vec::with_capacity(versions.len());
            let (mut anew, mut own) = (Vec::new(), 0);
            for (li, v) in versions.iter().enumerate() {
                let fiche = v.as_ref().and_then(|p| {
                    let from = (li != si).then_some(&**src);
                    made.fiche(p, from)
                        .map_err(|mut e| errs.append(&mut e))
                        .ok()
                        .filter(|(f, _)| drafts || !f.front.draft)
                });
                own += usize::from(fiche.is_some());
                if let Some((f, true)) = &fiche {
                    anew.push(Arc::clone(f));
                }
                shown.push(fiche.map(|(f, _)| f));
            }
            if untranslated == Untranslated::Source {
                fill_untranslated(&mut shown);
            }
            let programme = shown.iter().any(Option::is_some).then_some(Programme {
                slug,
                versions: shown,
            });
            if programme.is_none() {
                anew.clear();
            }
            (programme, errs, anew, own)
        })
        .collect();
    let mut programmes = Vec::with_capacity(results.len());
    let (mut anew, mut own) = (Vec::new(), 0);
    for (programme, mut errs, mut made, files) in results {
        errors.append(&mut errs);
        if programme.is_some() {
            own += files;
        }
        programmes.extend(programme);
        anew.append(&mut made);
    }
    keep(cache, &programmes, (anew, own));
    programmes
}

/// Gives each language without a version one with the words of the first that has one
/// (under `untranslated: source`).
fn fill_untranslated(versions: &mut [Option<Arc<Fiche>>]) {
    let Some((from, first)) = versions
        .iter()
        .enumerate()
        .find_map(|(i, v)| Some((i, Arc::clone(v.as_ref()?))))
    else {
        return;
    };
    for v in versions.iter_mut().filter(|v| v.is_none()) {
        *v = Some(Arc::new(first.untranslated(from)));
    }
}

/// Keeps the fact sheets made anew, by file, for the next build (those taken from it are
/// there already; looked up again, 30,000 of them were a tenth of a one-edit rebuild's
/// model), and lets go of the files no longer shown. The versions of languages without a
/// file are made again by each build.
/// `own` counts the fact sheets shown that have a file.
fn keep(cache: &mut ParseCache, programmes: &[Programme], (anew, own): (Vec<Arc<Fiche>>, usize)) {
    for f in anew {
        cache.fiches.insert(f.file.clone(), (f.key, f));
    }
    keep_only(&mut cache.fiches, own, || {
        programmes
            .iter()
            .flat_map(|p| p.versions.iter().flatten())
            .filter(|f| f.words_from.is_none())
            .map(|f| f.file.as_str())
    });
}

/// What a fact sheet is made with.
struct Made<'a> {
    loaded: &'a Loaded,
    countries: &'a Countries,
    today: Day,
    previous: &'a rustc_hash::FxHashMap<String, (u64, Arc<Fiche>)>,
}

impl Made<'_> {
    /// The fact sheet of a checked file; a translation's with the facts of its source `from`.
    fn fiche(
        &self,
        p: &ParsedFile<FrontMatter>,
        from: Option<&ParsedFile<FrontMatter>>,
    ) -> Result<(Arc<Fiche>, bool), Vec<Diagnostic>> {
        let today = self.today;
        let changed = self.loaded.changed.get(&p.file).copied();
        let source_rev = from.map(|s| s.front_rev);
        let key = revision_of(&(p.rev, today, changed, source_rev));
        if let Some((k, fiche)) = self.previous.get(&p.file)
            && *k == key
        {
            return Ok((Arc::clone(fiche), false));
        }
        let (front, rev, front_rev) = match from {
            None => (Arc::clone(&p.front), p.rev, p.front_rev),
            Some(s) => (
                Arc::new(facts::merge(s, p)?),
                revision_of(&(p.rev, s.front_rev)),
                revision_of(&(p.front_rev, s.front_rev)),
            ),
        };
        let status = derived_status(&front, today);
        let mut regions: Vec<RegionCode> = Vec::new();
        for code in &front.facts.countries {
            if let Some(info) = self.countries.get(code) {
                for r in info.regions() {
                    if !regions.contains(&r) {
                        regions.push(r);
                    }
                }
            }
        }
        let updated = front
            .updated
            .map(|d| Timestamp::from_day(d.first_day()))
            .or(changed)
            .unwrap_or_else(|| Timestamp::from_day(today));
        let fr = &front;
        let order_rev = revision_of(&(&p.file, fr.facts.start.map(|d| d.first_day()), &fr.title));
        let facts_rev = revision_of(&(
            fr.facts.start,
            fr.facts.end,
            &fr.facts.countries,
            &fr.facts.themes,
            &fr.facts.donors,
            &fr.facts.partners,
            status,
            fr.facts
                .amount
                .as_ref()
                .map(|a| (a.value.to_bits(), &a.currency)),
        ));
        Ok((
            Arc::new(Fiche {
                order_rev,
                facts_rev,
                file: p.file.clone(),
                body: p.body.clone(),
                body_line: p.body_line,
                status,
                regions,
                rev,
                front_rev,
                updated,
                key,
                front,
                words_from: None,
            }),
            true,
        ))
    }
}
