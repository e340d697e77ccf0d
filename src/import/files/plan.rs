//! The plan of an import: every file it would write, worked out in full (and checked) before
//! the CLI writes any. Each programme of the input is matched to the site's by identifier (a
//! table row without one, by slug); a new one gets a readable slug, an existing one its
//! facts replaced and its words kept where edited.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Place};
use crate::domain::folders;
use crate::import::Imported;
use crate::import::files::check::{Sheet, check};
use crate::import::files::data_files::{Registry, appended};
use crate::import::files::fact_sheet::{
    Block, Keys, fact_blocks, links_block, new_file, updated_file, word_hashes,
};
use crate::import::files::slugs::new_slug;
use crate::import::site::{DATA_FILES, Existing, STATE_FILE, Site, State};

/// How the run may treat what exists.
#[derive(Debug, Clone, Copy)]
pub struct Mode {
    /// `--update`: update programmes matched by identifier (else they are an error).
    pub update: bool,
}

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    New,
    Updated,
    Unchanged,
}

/// Everything an import would write, and what it has to say.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// File relative to the root → its whole new text, and whether it is new.
    pub files: BTreeMap<String, (String, Change)>,
    /// Keys added to each data file, by kind.
    pub added: BTreeMap<&'static str, Vec<String>>,
    pub programmes_new: usize,
    pub programmes_updated: usize,
    /// `file: word` left as an editor changed it.
    pub kept_words: Vec<String>,
    /// Programmes imported before that the input no longer has: (slug, identifier).
    pub no_longer_in_input: Vec<(String, String)>,
    /// Fact sheets written per language.
    pub per_language: BTreeMap<String, usize>,
    pub state: State,
}

/// The fact sheets of the site, by `iati_identifier` and by slug.
struct OnSite<'a> {
    by_identifier: BTreeMap<&'a str, Vec<&'a Existing>>,
    by_slug: BTreeMap<&'a str, Vec<&'a Existing>>,
}

impl<'a> OnSite<'a> {
    fn of(site: &'a Site) -> OnSite<'a> {
        let mut by_identifier: BTreeMap<&str, Vec<&Existing>> = BTreeMap::new();
        let mut by_slug: BTreeMap<&str, Vec<&Existing>> = BTreeMap::new();
        for e in &site.programmes {
            if let Some(id) = &e.iati_identifier {
                by_identifier.entry(id.as_str()).or_default().push(e);
            }
            by_slug.entry(e.slug.as_str()).or_default().push(e);
        }
        OnSite {
            by_identifier,
            by_slug,
        }
    }

    /// The versions of `p` the site already has: by identifier, else (a table row) by slug.
    fn versions_of(&self, p: &Imported) -> Vec<&'a Existing> {
        match (&p.iati_identifier, &p.slug) {
            (Some(id), _) => self
                .by_identifier
                .get(id.as_str())
                .cloned()
                .unwrap_or_default(),
            (None, Some(slug)) => self.by_slug.get(slug.as_str()).cloned().unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

/// Plans the import of `programmes` into `site`. `input` names the input for messages.
pub fn plan(
    programmes: &[Imported],
    site: &Site,
    input: &str,
    mode: Mode,
) -> Result<Plan, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut plan = Plan {
        state: State {
            version: 1,
            ..site.state.clone()
        },
        ..Plan::default()
    };
    let mut registries = [
        Registry::new("donors", site),
        Registry::new("partners", site),
        Registry::new("themes", site),
    ];
    let on_site = OnSite::of(site);
    let mut taken: BTreeSet<String> = on_site.by_slug.keys().map(|s| s.to_string()).collect();
    let mut in_input: BTreeSet<String> = BTreeSet::new();
    let mut already: Vec<(usize, String)> = Vec::new();
    let mut checks: Vec<Sheet> = Vec::new();
    for p in programmes {
        let match_key = p
            .iati_identifier
            .clone()
            .or_else(|| p.slug.clone())
            .unwrap_or_default();
        in_input.insert(match_key.clone());
        let existing = on_site.versions_of(p);
        if !existing.is_empty() && !mode.update {
            already.push((p.line, existing[0].rel.clone()));
            continue;
        }
        let slug = match existing.first() {
            Some(e) => e.slug.clone(),
            None => {
                let s = new_slug(p, &taken);
                taken.insert(s.clone());
                s
            }
        };
        if existing.is_empty() {
            plan.programmes_new += 1;
        } else {
            plan.programmes_updated += 1;
        }
        plan.state.programmes.insert(match_key, slug.clone());
        let [donors, partners, themes] = &mut registries;
        let mut contributions: Vec<(String, f64, String)> = Vec::new();
        for (i, (value, currency)) in &p.finance.donor_contributions {
            let Some(donor) = p.donors.get(*i) else {
                continue;
            };
            let key = donors.key_for(donor);
            if !contributions.iter().any(|(k, _, _)| *k == key) {
                contributions.push((key, *value, currency.clone()));
            }
        }
        let keys = Keys {
            contributions,
            donors: dedup(p.donors.iter().map(|d| donors.key_for(d))),
            partners: dedup(p.partners.iter().map(|d| partners.key_for(d))),
            themes: dedup(p.themes.iter().map(|d| themes.key_for(d))),
        };
        let source_facts = fact_blocks(p, &keys, &site.config.currency);
        let source = source_language(p, &existing, &site.config.languages);
        for (lang, words) in &p.words {
            let version = Version {
                p,
                lang,
                slug: &slug,
                existing: &existing,
                facts: facts_of(lang, source, &source_facts),
            };
            plan_version(version, words, site, &mut plan, &mut checks, &mut errors);
        }
        plan_versions_without_words(
            p,
            &existing,
            (source, &source_facts),
            &mut plan,
            &mut checks,
            &mut errors,
        );
    }
    if !already.is_empty() {
        errors.push(already_in_site(input, &already));
    }
    // Programmes imported before and no longer in the input: listed, never deleted.
    for (key, slug) in &site.state.programmes {
        if !in_input.contains(key) && site.programmes.iter().any(|e| e.slug == *slug) {
            plan.no_longer_in_input.push((slug.clone(), key.clone()));
        }
    }
    plan_data_files(&registries, site, &mut plan);
    if errors.is_empty() {
        check(&plan, site, input, &checks, &mut errors);
    }
    if errors.is_empty() {
        plan_state_file(site, &mut plan);
        Ok(plan)
    } else {
        Err(errors)
    }
}

/// The language of a programme's source file, the one that holds its facts: the first of the
/// site's languages that the input has words in or the site has a version in.
fn source_language<'a>(
    p: &Imported,
    existing: &[&Existing],
    languages: &'a [String],
) -> Option<&'a str> {
    languages
        .iter()
        .find(|l| p.words.iter().any(|(w, _)| w == *l) || existing.iter().any(|e| e.lang == **l))
        .map(String::as_str)
}

/// The facts a version's file holds: all of them in the source file, none in a translation
/// (which takes them from the source; the facts an earlier import wrote into it are removed).
fn facts_of<'a>(lang: &str, source: Option<&str>, source_facts: &'a [Block]) -> &'a [Block] {
    if source == Some(lang) {
        source_facts
    } else {
        &[]
    }
}

/// The versions of a programme the input no longer has words for: they keep their words; the
/// source file among them gets the new facts.
fn plan_versions_without_words(
    p: &Imported,
    existing: &[&Existing],
    (source, source_facts): (Option<&str>, &[Block]),
    plan: &mut Plan,
    checks: &mut Vec<Sheet>,
    errors: &mut Vec<Diagnostic>,
) {
    for e in existing {
        if p.words.iter().any(|(lang, _)| *lang == e.lang) {
            continue;
        }
        let facts = facts_of(&e.lang, source, source_facts);
        let links = links_block(p, &e.lang);
        match updated_file(e, None, facts, links.as_ref(), None) {
            Ok((text, _)) if text != e.text => {
                checks.push((p.line, e.rel.clone(), text.clone()));
                plan.files.insert(e.rel.clone(), (text, Change::Updated));
            }
            Ok(_) => {}
            Err(d) => errors.push(d),
        }
    }
}

/// One language version of a programme to write.
struct Version<'a> {
    p: &'a Imported,
    lang: &'a str,
    slug: &'a str,
    /// The versions the site has of this programme.
    existing: &'a [&'a Existing],
    facts: &'a [Block],
}

/// Plans the fact sheet of one language version: new, or the site's own updated.
fn plan_version(
    v: Version,
    words: &crate::import::Words,
    site: &Site,
    plan: &mut Plan,
    checks: &mut Vec<Sheet>,
    errors: &mut Vec<Diagnostic>,
) {
    let Version {
        p,
        lang,
        slug,
        existing,
        facts,
    } = v;
    let links = links_block(p, lang);
    let rel = format!("{}/{slug}.{lang}.md", folders::PROGRAMMES);
    let on_disk = existing
        .iter()
        .find(|e| e.lang == *lang)
        .copied()
        .or_else(|| site.programmes.iter().find(|e| e.rel == rel));
    let (text, change) = match on_disk {
        Some(e) => match updated_file(
            e,
            Some(words),
            facts,
            links.as_ref(),
            site.state.files.get(&e.rel),
        ) {
            Ok((text, kept)) => {
                for k in kept {
                    plan.kept_words.push(format!("{}: {k}", e.rel));
                }
                let change = if text == e.text {
                    Change::Unchanged
                } else {
                    Change::Updated
                };
                (text, change)
            }
            Err(d) => {
                errors.push(d);
                return;
            }
        },
        None => (new_file(words, facts, links.as_ref()), Change::New),
    };
    plan.state.files.insert(rel.clone(), word_hashes(words));
    *plan.per_language.entry(lang.to_string()).or_default() += 1;
    checks.push((p.line, rel.clone(), text.clone()));
    plan.files.insert(rel, (text, change));
}

/// The error of programmes already in the site, run without `--update`: at the first's line.
fn already_in_site(input: &str, already: &[(usize, String)]) -> Diagnostic {
    let (line, rel) = &already[0];
    Diagnostic::error(
                input,
                format!(
                    "{} of the programmes are already in the site (the first is {rel})",
                    already.len()
                ),
            )
            .at(Some(Place {
                line: *line,
                column: 0,
                len: 1,
            }))
            .hint("run again with `--update` to update their facts (words edited since the last import are kept); nothing was written")
}

/// The data files, with the new entries appended.
fn plan_data_files(registries: &[Registry], site: &Site, plan: &mut Plan) {
    let languages = &site.config.languages;
    for registry in registries {
        if registry.added.is_empty() {
            continue;
        }
        let data = site.data.get(registry.kind).cloned().unwrap_or_default();
        let rel = DATA_FILES
            .iter()
            .find(|(k, _)| *k == registry.kind)
            .map(|(_, r)| r.to_string())
            .unwrap_or_default();
        let text = appended(&data.text, &registry.entries_text(languages));
        let change = if site.root.join(&rel).exists() {
            Change::Updated
        } else {
            Change::New
        };
        plan.added.insert(
            registry.kind,
            registry.added.iter().map(|(k, _)| k.clone()).collect(),
        );
        plan.files.insert(rel, (text, change));
    }
}

/// The record of what this import wrote, for the next one.
fn plan_state_file(site: &Site, plan: &mut Plan) {
    let state = serde_json::to_string_pretty(&plan.state).unwrap_or_default() + "\n";
    let change = if site.root.join(STATE_FILE).exists() {
        Change::Updated
    } else {
        Change::New
    };
    plan.files.insert(STATE_FILE.to_string(), (state, change));
}

fn dedup(keys: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in keys {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}
