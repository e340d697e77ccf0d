//! How each programme's translations stand against its source file: up to date, outdated
//! (the source changed after it) or missing. `fiche translations` prints it, `serve` shows
//! it at a page of its own, `build` counts it in one line.
//!
//! The source is the version in the site's first language, else the first language (in
//! `languages` order) that has one. A file's date is its last commit when git dates it, else
//! its front matter's `updated:`, else its modification time: a translation is outdated when
//! its source's date is later than its own.

use serde::Serialize;

use crate::domain::date::Timestamp;
use crate::load::Loaded;

use super::{Fiche, Site};

/// Where one version stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// The version the others are translated from.
    Source,
    UpToDate,
    Outdated,
    Missing,
}

impl State {
    pub fn words(self) -> &'static str {
        match self {
            State::Source => "source",
            State::UpToDate => "up to date",
            State::Outdated => "outdated",
            State::Missing => "missing",
        }
    }
}

/// One programme's version in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub lang: String,
    pub state: State,
    /// The file, or for a missing version the file to create.
    pub file: String,
    /// When it last changed (`YYYY-MM-DD`); none for a missing version.
    pub changed: Option<String>,
    /// The address of its page, relative to the site root (`es/programas/pacto-el/`: its
    /// `slug:` when it has one); none for a missing version.
    pub page: Option<String>,
}

/// One programme: its source and its versions in every language of the site.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub slug: String,
    pub source: String,
    /// When the source last changed (`YYYY-MM-DD`).
    pub source_changed: String,
    pub versions: Vec<Version>,
}

/// Every programme's translations, with the counts `build` reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Table {
    pub languages: Vec<String>,
    pub programmes: Vec<Row>,
    pub missing: usize,
    pub outdated: usize,
}

/// When a version last changed, from what `loaded` knows of its file (see the module).
fn date_of(site: &Site, loaded: &Loaded, f: &Fiche) -> Timestamp {
    let changed = loaded.changed.get(&f.file).copied();
    match (loaded.committed.contains(&f.file), changed, f.front.updated) {
        (true, Some(t), _) => t,
        (_, _, Some(d)) => Timestamp::from_day(d.first_day()),
        (_, Some(t), _) => t,
        _ => Timestamp::from_day(site.today),
    }
}

/// Where one programme's versions stand.
struct Standing<'a> {
    source: &'a Fiche,
    source_date: Timestamp,
    /// By language: its state, and its version with its date (none for a missing one).
    versions: Vec<(State, Option<(&'a Fiche, Timestamp)>)>,
}

/// Where each version of `p` stands.
fn standing<'a>(site: &Site, loaded: &Loaded, p: &'a super::Programme) -> Standing<'a> {
    let (si, source, _) = p.shown_in(0);
    let source_date = date_of(site, loaded, source);
    let versions = (0..site.languages.len())
        .map(|li| {
            let Some(Some(f)) = p.versions.get(li) else {
                return (State::Missing, None);
            };
            let date = date_of(site, loaded, f);
            let state = if li == si {
                State::Source
            } else if date < source_date {
                State::Outdated
            } else {
                State::UpToDate
            };
            (state, Some((&**f, date)))
        })
        .collect();
    Standing {
        source,
        source_date,
        versions,
    }
}

/// The table's counts alone, without its rows: what `build` reports.
pub fn counts(site: &Site, loaded: &Loaded) -> Table {
    use rayon::prelude::*;
    let (missing, outdated) = site
        .programmes
        .par_iter()
        .map(|p| {
            let versions = standing(site, loaded, p).versions;
            let count = |state| versions.iter().filter(|(s, _)| *s == state).count();
            (count(State::Missing), count(State::Outdated))
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    Table {
        languages: site.languages.iter().map(|l| l.code.clone()).collect(),
        programmes: Vec::new(),
        missing,
        outdated,
    }
}

/// The table of `site`'s programmes, dated from what `loaded` knows of each file. Rows are
/// made on all cores: `serve` makes the table on every rebuild.
pub fn table(site: &Site, loaded: &Loaded) -> Table {
    use rayon::prelude::*;
    let day = |t: Timestamp| t.day().to_string();
    // What every row's addresses start with, per language (`es/programas/`): made once.
    let prefixes: Vec<String> = site
        .languages
        .iter()
        .map(super::Language::programmes_path)
        .collect();
    let row = |p: &super::Programme| -> Row {
        let Standing {
            source,
            source_date,
            versions: states,
        } = standing(site, loaded, p);
        let folder = source.file.rsplit_once('/').map_or("", |(dir, _)| dir);
        let versions = site
            .languages
            .iter()
            .zip(states)
            .enumerate()
            .map(|(li, (lang, (state, version)))| match version {
                None => Version {
                    lang: lang.code.clone(),
                    state,
                    file: format!("{folder}/{}.{}.md", p.slug, lang.code),
                    changed: None,
                    page: None,
                },
                Some((f, date)) => Version {
                    lang: lang.code.clone(),
                    state,
                    file: f.file.clone(),
                    changed: Some(day(date)),
                    page: Some(format!("{}{}/", prefixes[li], p.slug_in(li))),
                },
            })
            .collect();
        Row {
            slug: p.slug.clone(),
            source: source.file.clone(),
            source_changed: day(source_date),
            versions,
        }
    };
    let programmes: Vec<Row> = site.programmes.par_iter().map(row).collect();
    let count = |state: State| {
        programmes
            .iter()
            .flat_map(|r| &r.versions)
            .filter(|v| v.state == state)
            .count()
    };
    Table {
        languages: site.languages.iter().map(|l| l.code.clone()).collect(),
        missing: count(State::Missing),
        outdated: count(State::Outdated),
        programmes,
    }
}
