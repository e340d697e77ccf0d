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
use crate::parse::content::{Failed, ParsedFile, Versions, group_placed, keep_only};
use crate::parse::facts;
use crate::parse::programme::FrontMatter;
use crate::parse::site_config::Untranslated;

/// What a programme is made with besides its files: the site's languages, places, day,
/// and whether drafts are shown and untranslated programmes filled.
pub(super) struct Settings<'a> {
    pub languages: &'a [String],
    pub countries: &'a Countries,
    pub today: Day,
    pub drafts: bool,
    pub untranslated: Untranslated,
    /// A fingerprint of all of the above (and of what else the checks of the files
    /// depend on): the last model is patched only while it is the same.
    pub rev: u64,
}

/// The programmes, in order of slug; drafts left out unless `drafts`. A programme whose source
/// file has errors is left out whole: its errors are reported once, not again for each
/// translation. With `keep` (`serve`), what is made is kept for the next build, which then
/// makes again only the programmes whose files changed (see [`Last`]).
pub(super) fn programmes(
    loaded: &Loaded,
    (parsed, failed): (Vec<Arc<ParsedFile<FrontMatter>>>, &Failed),
    settings: &Settings,
    keep: bool,
    cache: &mut ParseCache,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Programme> {
    // Each file's date of change, looked up once (by both cores).
    let dates: Vec<Option<Timestamp>> = parsed
        .par_iter()
        .map(|p| loaded.changed.get(&p.file).copied())
        .collect();
    let made = Made {
        loaded,
        settings,
        previous: &cache.fiches,
    };
    let patched = match cache.last.take() {
        Some(last) => last.patched(parsed, &dates, failed, &made),
        None => Err(parsed),
    };
    let (last, anew) = match patched {
        Ok(patched) => patched,
        Err(parsed) => Last::made(parsed, dates, failed, &made),
    };
    errors.extend(last.same_page.iter().cloned());
    let mut programmes = Vec::with_capacity(last.made.len());
    if !keep {
        // Nothing kept: the programmes are taken, not copied.
        for outcome in last.made {
            errors.extend(outcome.errors);
            programmes.extend(outcome.programme);
        }
        return programmes;
    }
    let mut own = 0;
    for outcome in &last.made {
        errors.extend(outcome.errors.iter().cloned());
        if let Some(p) = &outcome.programme {
            own += outcome.own;
            programmes.push(p.clone());
        }
    }
    keep_fiches(cache, &programmes, (anew, own));
    cache.last = Some(last);
    programmes
}

/// The last model's programmes and what they were made of, kept by `serve`: a rebuild after
/// an edit makes again only the programmes whose files changed, when the same files (by
/// programme and language, in the same order) are checked with the same settings.
/// Grouping 30,000 fact sheets and making 10,000 programmes again was two thirds of a
/// one-edit rebuild's model at 10,000 x 3.
pub(super) struct Last {
    settings: u64,
    /// Each fact sheet checked, in order: its parse, the programme (index in `groups`) it
    /// is one of, and its date of change.
    files: Vec<(Arc<ParsedFile<FrontMatter>>, u32, Option<Timestamp>)>,
    /// Each programme's slug and files by language, in order of slug, and what was made.
    groups: Vec<(String, Versions<FrontMatter>)>,
    made: Vec<Outcome>,
    /// The errors of files that are the same page as another.
    same_page: Vec<Diagnostic>,
}

/// The fact sheets checked, in order.
type Parsed = Vec<Arc<ParsedFile<FrontMatter>>>;

/// A programme made (`None` when none of its fact sheets is shown), its errors, and how
/// many of its fact sheets have a file.
#[derive(Clone)]
struct Outcome {
    programme: Option<Programme>,
    errors: Vec<Diagnostic>,
    own: usize,
}

impl Last {
    /// Every programme made from its files; with the fact sheets made anew.
    fn made(
        parsed: Parsed,
        dates: Vec<Option<Timestamp>>,
        failed: &Failed,
        made: &Made,
    ) -> (Last, Vec<Arc<Fiche>>) {
        let languages = made.settings.languages;
        let mut same_page = Vec::new();
        let (groups, placed) = group_placed(languages, &parsed, languages.len(), &mut same_page);
        let results: Vec<(Outcome, Vec<Arc<Fiche>>)> = groups
            .par_iter()
            .map(|(slug, versions)| made.programme(slug, versions, failed))
            .collect();
        let mut anew = Vec::new();
        let made_all = results
            .into_iter()
            .map(|(outcome, mut fiches)| {
                anew.append(&mut fiches);
                outcome
            })
            .collect();
        let files = parsed
            .into_iter()
            .zip(placed)
            .zip(dates)
            .map(|((p, g), d)| (p, g, d))
            .collect();
        let last = Last {
            settings: made.settings.rev,
            files,
            groups,
            made: made_all,
            same_page,
        };
        (last, anew)
    }

    /// This model with the programmes of the files that changed made again; the files
    /// back when they cannot be patched in (other files, other settings, files with errors
    /// or two files that are the same page).
    fn patched(
        mut self,
        parsed: Parsed,
        dates: &[Option<Timestamp>],
        failed: &Failed,
        made: &Made,
    ) -> Result<(Last, Vec<Arc<Fiche>>), Parsed> {
        let same_files = self.settings == made.settings.rev
            && failed.is_empty()
            && self.same_page.is_empty()
            && self.files.len() == parsed.len()
            && self.files.iter().zip(&parsed).all(|((was, _, _), now)| {
                Arc::ptr_eq(was, now) || (was.slug == now.slug && was.lang == now.lang)
            });
        if !same_files {
            return Err(parsed);
        }
        let mut dirty: Vec<u32> = Vec::new();
        for ((was, g, date), (now, new_date)) in
            self.files.iter_mut().zip(parsed.into_iter().zip(dates))
        {
            if Arc::ptr_eq(was, &now) && date == new_date {
                continue;
            }
            self.groups[*g as usize].1[now.lang] = Some(Arc::clone(&now));
            *was = now;
            *date = *new_date;
            dirty.push(*g);
        }
        dirty.sort_unstable();
        dirty.dedup();
        let remade: Vec<(Outcome, Vec<Arc<Fiche>>)> = dirty
            .par_iter()
            .map(|&g| {
                let (slug, versions) = &self.groups[g as usize];
                made.programme(slug, versions, failed)
            })
            .collect();
        let mut anew = Vec::new();
        for (g, (outcome, mut fiches)) in dirty.into_iter().zip(remade) {
            anew.append(&mut fiches);
            self.made[g as usize] = outcome;
        }
        Ok((self, anew))
    }
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
fn keep_fiches(
    cache: &mut ParseCache,
    programmes: &[Programme],
    (anew, own): (Vec<Arc<Fiche>>, usize),
) {
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
    settings: &'a Settings<'a>,
    previous: &'a rustc_hash::FxHashMap<String, (u64, Arc<Fiche>)>,
}

impl Made<'_> {
    /// A programme made of its checked files by language, with the fact sheets made anew.
    fn programme(
        &self,
        slug: &str,
        versions: &Versions<FrontMatter>,
        failed: &Failed,
    ) -> (Outcome, Vec<Arc<Fiche>>) {
        let Settings {
            languages,
            drafts,
            untranslated,
            ..
        } = *self.settings;
        // The source: the first language with a file, checked or not.
        let source = (0..versions.len())
            .find(|&l| versions[l].is_some() || failed.contains(&(slug.to_string(), l)));
        let Some(Some(src)) = source.map(|l| &versions[l]) else {
            let none = Outcome {
                programme: None,
                errors: Vec::new(),
                own: 0,
            };
            return (none, Vec::new());
        };
        let si = source.unwrap_or_default();
        let first = (si > 0).then(|| format!("{slug}.{}.md", languages[0]));
        let mut errors = facts::check_source(src, first.as_deref());
        let mut shown = Vec::with_capacity(versions.len());
        let (mut anew, mut own) = (Vec::new(), 0);
        for (li, v) in versions.iter().enumerate() {
            let fiche = v.as_ref().and_then(|p| {
                let from = (li != si).then_some(&**src);
                self.fiche(p, from)
                    .map_err(|mut e| errors.append(&mut e))
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
        let programme = shown.iter().any(Option::is_some).then(|| Programme {
            slug: slug.to_string(),
            versions: shown,
        });
        if programme.is_none() {
            anew.clear();
        }
        let outcome = Outcome {
            programme,
            errors,
            own,
        };
        (outcome, anew)
    }

    /// The fact sheet of a checked file; a translation's with the facts of its source `from`.
    fn fiche(
        &self,
        p: &ParsedFile<FrontMatter>,
        from: Option<&ParsedFile<FrontMatter>>,
    ) -> Result<(Arc<Fiche>, bool), Vec<Diagnostic>> {
        let today = self.settings.today;
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
            if let Some(info) = self.settings.countries.get(code) {
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
