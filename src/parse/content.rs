//! Content files (fact sheets and plain pages) split and checked: the slug and language in the
//! file's name, the front matter through a given check, the body kept as a slice of the file's
//! text; then grouped by slug into their versions per language.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::domain::fingerprint::{Fingerprint, revision};
use crate::domain::slug;
use crate::load::{Loaded, SourceFile};
use crate::parse::archetype::Placeholders;
use crate::parse::frontmatter;
use crate::parse::programme::{self, FrontMatter, Known};
use crate::parse::site_config::SiteConfig;
use crate::parse::yaml;

pub use super::text::{Slice, TextSlice};

/// Splits `<slug>.<lang>.md` into its slug and language.
pub fn slug_and_lang(path: &Path) -> Option<(String, String)> {
    let name = path.file_name()?.to_str()?;
    let (slug, lang) = name_slug_and_lang(name)?;
    Some((slug.to_string(), lang.to_string()))
}

/// Splits a content file's name, `<slug>.<lang>.md`, into its slug and language (`fiche
/// import` finds the site's fact sheets by it too).
pub fn name_slug_and_lang(name: &str) -> Option<(&str, &str)> {
    name.strip_suffix(".md")?.rsplit_once('.')
}

#[derive(Clone)]
pub struct ParsedFile<T> {
    pub slug: String,
    pub lang: usize,
    pub file: String,
    pub front: Arc<T>,
    pub body: TextSlice,
    pub body_line: usize,
    /// The first line of the body (0-based) that is still the archetype's placeholder text,
    /// found while the text was at hand (fact sheets only).
    pub placeholder: Option<usize>,
    pub rev: u64,
    pub front_rev: u64,
}

/// A fact sheet checked, or what is wrong with it.
pub type Checked = Result<Arc<ParsedFile<FrontMatter>>, Vec<Diagnostic>>;

/// Removes from a cache by file the entries of files no longer there (deleted, renamed,
/// drafts left out): when it holds more than the `count` files `present` lists.
pub fn keep_only<'a, V, I: Iterator<Item = &'a str>>(
    cache: &mut rustc_hash::FxHashMap<String, V>,
    count: usize,
    present: impl FnOnce() -> I,
) {
    if cache.len() != count {
        let present: std::collections::HashSet<&str> = present().collect();
        cache.retain(|file, _| present.contains(file.as_str()));
    }
}

/// Splits and checks one content file, checking its name too; with `placeholders`, finds
/// the first line of its body that is still one of them.
pub fn parse_content<T>(
    file: &SourceFile,
    languages: &[String],
    check: &(dyn Fn(&yaml::Fields) -> Result<T, Vec<Diagnostic>> + Sync),
    placeholders: Option<&Placeholders>,
) -> Result<ParsedFile<T>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let (slug, lang) = match slug_and_lang(&file.path) {
        Some(x) => x,
        None => {
            return Err(vec![
                Diagnostic::error(file.rel.as_str(), "the file name does not say its language")
                    .hint(format!(
                        "name it `<slug>.<language>.md`, such as `blue-pacific.{}.md`",
                        languages[0]
                    )),
            ]);
        }
    };
    let lang_index = languages.iter().position(|l| *l == lang);
    if lang_index.is_none() {
        errors.push(
            Diagnostic::error(file.rel.as_str(), format!("`{lang}` is not one of the site's languages ({})", languages.join(", ")))
                .hint(format!("rename the file to one of the site's languages, or add `{lang}` to `languages` in site.yaml")),
        );
    }
    let slug = match slug::slugify(&slug) {
        Some(s) => s,
        None => {
            errors.push(Diagnostic::error(file.rel.as_str(), format!("`{slug}` cannot be made into a web address")).hint("name the file with Latin letters, digits and hyphens, such as `blue-pacific.fr.md`"));
            return Err(errors);
        }
    };
    let split = match frontmatter::split(&file.text) {
        Ok(s) => s,
        Err(e) => {
            errors.push(
                Diagnostic::error(file.rel.as_str(), e.message())
                    .at(Some(crate::diagnostic::Place {
                        line: 1,
                        column: 1,
                        len: 3,
                    }))
                    .source(&file.text)
                    .hint(e.hint()),
            );
            return Err(errors);
        }
    };
    if let Some(p) = crate::parse::rules::body_problem(split.body.len()) {
        errors.push(
            Diagnostic::error(file.rel.as_str(), p.message)
                .at(Some(crate::diagnostic::Place {
                    line: split.body_first_line,
                    column: 1,
                    len: 1,
                }))
                .hint(p.hint),
        );
    }
    let fields = match yaml::fields(&file.rel, &file.text, split.yaml, split.yaml_first_line) {
        Ok(f) => f,
        Err(d) => {
            errors.push(d);
            return Err(errors);
        }
    };
    let front = match check(&fields) {
        Ok(f) => Some(f),
        Err(mut e) => {
            errors.append(&mut e);
            None
        }
    };
    let rev = revision(&file.text);
    match (front, lang_index) {
        (Some(front), Some(lang)) if errors.is_empty() => Ok(ParsedFile {
            slug,
            lang,
            file: file.rel.clone(),
            front: Arc::new(front),
            body: TextSlice::in_file((file.path.clone(), &file.rel), rev, &file.text, split.body),
            body_line: split.body_first_line,
            placeholder: placeholders
                .and_then(|p| p.in_body(split.body))
                .map(|(line, _)| line),
            rev,
            front_rev: revision(split.yaml),
        }),
        _ => Err(errors),
    }
}

/// A file's versions, by language (as the site lists them).
pub type Versions<T> = Vec<Option<Arc<ParsedFile<T>>>>;

/// Groups parsed files by slug, in order of slug, reporting two files for the same slug and
/// language.
pub fn group<T>(
    languages: &[String],
    parsed: Vec<Arc<ParsedFile<T>>>,
    n_langs: usize,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(String, Versions<T>)> {
    group_placed(languages, &parsed, n_langs, errors).0
}

/// As [`group`], and for each file, the group (index in the first) it went to.
pub fn group_placed<T>(
    languages: &[String],
    parsed: &[Arc<ParsedFile<T>>],
    n_langs: usize,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<(String, Versions<T>)>, Vec<u32>) {
    // Found by hashing and sorted once: 30,000 files into a sorted map by slug took a fifth
    // of a rebuild while serving 10,000 programmes.
    let mut at: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    let mut groups: Vec<(&str, Versions<T>)> = Vec::new();
    let mut placed = Vec::with_capacity(parsed.len());
    for p in parsed {
        let i = *at.entry(p.slug.as_str()).or_insert_with(|| {
            groups.push((p.slug.as_str(), vec![None; n_langs]));
            groups.len() - 1
        });
        placed.push(i as u32);
        match &mut groups[i].1[p.lang] {
            Some(existing) => errors.push(
                Diagnostic::error(p.file.as_str(), format!("this file and {} are the same page (`{}` in `{}`)", existing.file, p.slug, languages[p.lang]))
                    .hint("file names that differ only in capitals, accents or punctuation map to the same address: rename or remove one"),
            ),
            slot => *slot = Some(Arc::clone(p)),
        }
    }
    let mut order: Vec<u32> = (0..groups.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| groups[a as usize].0.cmp(groups[b as usize].0));
    let mut rank = vec![0u32; groups.len()];
    for (to, &from) in order.iter().enumerate() {
        rank[from as usize] = to as u32;
    }
    for g in &mut placed {
        *g = rank[*g as usize];
    }
    let mut groups: Vec<Option<(&str, Versions<T>)>> = groups.into_iter().map(Some).collect();
    let sorted = order
        .iter()
        .filter_map(|&i| groups[i as usize].take())
        .map(|(slug, versions)| (slug.to_string(), versions))
        .collect();
    (sorted, placed)
}

/// Checked fact sheets kept between builds (by `serve`), so that a rebuild parses only the
/// files that changed. Valid while what the checks depend on (languages, data-file keys,
/// static files, settings) is unchanged; emptied otherwise.
#[derive(Default)]
pub struct CheckedFiles {
    context: u64,
    /// By file: the text checked, and the result.
    programmes: rustc_hash::FxHashMap<String, (Arc<str>, Checked)>,
}

impl CheckedFiles {
    /// A fingerprint of what the checks of the files held depend on.
    pub fn context(&self) -> u64 {
        self.context
    }
}

/// The slug and language (index in the site's) of fact sheets that have errors: their
/// translations are not checked against them, and their errors are reported once.
pub type Failed = rustc_hash::FxHashSet<(String, usize)>;

/// What [`check_programmes`] gives: the fact sheets checked, those with errors, and whether
/// the cache was emptied because what the checks depend on changed.
pub struct Programmes {
    pub parsed: Vec<Arc<ParsedFile<FrontMatter>>>,
    pub failed: Failed,
    pub emptied: bool,
}

/// Every fact sheet checked, in parallel, but those the cache holds unchanged; drafts left
/// out unless asked for. Each body's first line that is still one of the archetypes'
/// `placeholders` is found as it is parsed.
pub fn check_programmes(
    loaded: &Loaded,
    config: &SiteConfig,
    (known, placeholders): (&Known, &Placeholders),
    drafts: bool,
    cache: &mut CheckedFiles,
    errors: &mut Vec<Diagnostic>,
) -> Programmes {
    let (theme_keys, donor_keys, partner_keys, static_files) = (
        known.themes,
        known.donors,
        known.partners,
        known.static_files,
    );
    // Parse every fact sheet in parallel, except those the cache already holds unchanged.
    let context = {
        use std::hash::{Hash, Hasher};
        let mut h = Fingerprint::default();
        (&config.languages, &config.currency, &config.country_names).hash(&mut h);
        (&theme_keys, &donor_keys, &partner_keys, &static_files).hash(&mut h);
        placeholders.hash(&mut h);
        h.finish()
    };
    let emptied = cache.context != context;
    if emptied {
        cache.programmes.clear();
        cache.context = context;
    }
    let check_programme = |fields: &yaml::Fields| programme::programme(fields, known);
    // A file is the same as in the cache when it is the same text: the same shared string
    // (not read again) or equal bytes.
    let results: Vec<(bool, Checked)> = loaded
        .programmes
        .par_iter()
        .map(|f| match cache.programmes.get(&f.rel) {
            Some((text, result)) if Arc::ptr_eq(text, &f.text) || **text == *f.text => {
                (true, result.clone())
            }
            _ => (
                false,
                parse_content(f, &config.languages, &check_programme, Some(placeholders))
                    .map(Arc::new),
            ),
        })
        .collect();
    for (f, (cached, result)) in loaded.programmes.iter().zip(&results) {
        if !cached {
            cache
                .programmes
                .insert(f.rel.clone(), (Arc::clone(&f.text), result.clone()));
        }
    }
    keep_only(&mut cache.programmes, loaded.programmes.len(), || {
        loaded.programmes.iter().map(|f| f.rel.as_str())
    });
    // Those only listed: each read, checked, and its text let go at once (nothing to cache
    // for a build that renders once).
    let streamed = loaded.listed.par_iter().map(|listed| {
        let file = listed.read().map_err(|d| vec![d])?;
        let parsed = parse_content(
            &file,
            &config.languages,
            &check_programme,
            Some(placeholders),
        )?;
        parsed.body.let_go();
        Ok(Arc::new(parsed))
    });
    let streamed: Vec<Checked> = streamed.collect();
    let paths = loaded.programmes.iter().map(|f| f.path.as_path());
    let paths = paths.chain(loaded.listed.iter().map(|f| f.path.as_path()));
    let results = results.into_iter().map(|(_, r)| r).chain(streamed);
    let mut parsed = Vec::new();
    let mut failed = Failed::default();
    for (path, r) in paths.zip(results) {
        match r {
            Ok(p) => {
                if p.front.draft && !drafts {
                    continue;
                }
                parsed.push(p);
            }
            Err(mut e) => {
                errors.append(&mut e);
                let named = slug_and_lang(path).and_then(|(slug, lang)| {
                    let lang = config.languages.iter().position(|l| *l == lang)?;
                    Some((slug::slugify(&slug)?, lang))
                });
                failed.extend(named);
            }
        }
    }
    Programmes {
        parsed,
        failed,
        emptied,
    }
}
