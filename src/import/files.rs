//! What an import writes: fact sheets (Markdown with YAML front matter) and entries appended
//! to the data files, planned in full before anything is written.
//!
//! The user's text is never re-serialised: a data file gets new entries appended after its
//! last line (comments and layout kept); an updated fact sheet has only the lines of the
//! fields the import owns replaced, and its words (title, summary, body) only when nobody
//! edited them since the last import. An edited word is told from an imported one by a hash
//! of the word as imported, kept in `.fiche/import.json` ([`State`]): a word whose text no
//! longer has that hash was changed by someone, and is left alone.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Place};
use crate::domain::slug::{fold, slugify};
use crate::import::site::{Existing, STATE_FILE, Site, State, word_hash};
use crate::import::{Imported, NamedRef, Words};
use crate::parse::programme::{self, Known};
use crate::parse::{frontmatter, yaml};

/// The fields of a fact sheet an import owns: on `--update` their lines are replaced.
const FACT_FIELDS: [&str; 11] = [
    "status",
    "start",
    "end",
    "amount",
    "countries",
    "donors",
    "partners",
    "themes",
    "contact",
    "links",
    "iati_identifier",
];

/// The words an import writes, and checks for edits before replacing.
const WORD_FIELDS: [&str; 3] = ["title", "summary", "body"];

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

/// A YAML scalar after `key: `: plain when that reads back as the same text, else
/// double-quoted (JSON's quoting, which YAML reads the same).
pub fn scalar(s: &str) -> String {
    quoted_unless(s, |c| matches!(c, '\\' | '`' | '\n' | '\t'))
}

/// A YAML scalar inside `[…]`, where commas and brackets end it.
fn flow_scalar(s: &str) -> String {
    quoted_unless(s, |c| {
        matches!(c, '[' | ']' | '{' | '}' | ',' | '\\' | '`' | '\n' | '\t')
    })
}

fn quoted_unless(s: &str, unsafe_char: impl Fn(char) -> bool) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_alphabetic())
        && s.trim() == s
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.contains(|c: char| unsafe_char(c) || c.is_control())
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "null" | "on" | "off" | "y" | "n"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
    }
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|i| flow_scalar(i))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// One field of front matter as lines of text (`key: value\n`, or a block).
type Block = (&'static str, String);

/// The facts of a programme as front-matter blocks, in the order fact sheets write them.
fn fact_blocks(p: &Imported, keys: &Keys, site_currency: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    if let Some(s) = p.status {
        out.push(("status", format!("status: {}\n", s.key())));
    }
    if let Some(d) = p.start {
        out.push(("start", format!("start: {d}\n")));
    }
    if let Some(d) = p.end {
        out.push(("end", format!("end: {d}\n")));
    }
    if let Some(a) = &p.amount {
        let text = if a.currency == site_currency {
            format!("amount: {}\n", number(a.value))
        } else {
            format!(
                "amount: {{value: {}, currency: {}}}\n",
                number(a.value),
                a.currency
            )
        };
        out.push(("amount", text));
    }
    for (field, items) in [
        ("countries", p.countries.clone()),
        ("donors", keys.donors.clone()),
        ("partners", keys.partners.clone()),
        ("themes", keys.themes.clone()),
    ] {
        if !items.is_empty() {
            out.push((field, format!("{field}: {}\n", list(&items))));
        }
    }
    if let Some(c) = &p.contact {
        out.push(("contact", format!("contact: {}\n", scalar(c))));
    }
    if let Some(id) = &p.iati_identifier {
        out.push((
            "iati_identifier",
            format!("iati_identifier: {}\n", scalar(id)),
        ));
    }
    out
}

/// What a translation's front matter carries besides its words. Today the same facts as the
/// source version, since the site checks each language file on its own and every file must
/// hold the facts. Issue 14 ("Facts once, words per language") makes translations carry words
/// only: this is the one place to change then (return no blocks).
fn translation_facts(source_facts: &[Block]) -> Vec<Block> {
    source_facts.to_vec()
}

/// The links of one language version: each link's title in that language, else its title
/// for all languages, else its first.
fn links_block(p: &Imported, lang: &str) -> Option<Block> {
    if p.links.is_empty() {
        return None;
    }
    let mut text = String::from("links:\n");
    for (titles, url) in &p.links {
        let title = titles
            .get(lang)
            .or_else(|| titles.get(""))
            .or_else(|| titles.values().next())
            .cloned()
            .unwrap_or_else(|| url.clone());
        text.push_str(&format!(
            "  - title: {}\n    url: {}\n",
            scalar(&title),
            scalar(url)
        ));
    }
    Some(("links", text))
}

/// Markdown from imported text: `<` written as an entity so that imported text never
/// becomes HTML.
fn markdown_text(text: &str) -> String {
    text.replace('<', "&lt;")
}

/// A new fact sheet's whole text.
fn new_file(words: &Words, facts: &[Block], links: Option<&Block>) -> String {
    let mut text = String::from("---\n");
    text.push_str(&format!("title: {}\n", scalar(&words.title)));
    text.push_str(&format!("summary: {}\n", scalar(&words.summary)));
    for (key, block) in facts {
        // Links read best before the identifier, which closes the facts.
        if *key == "iati_identifier"
            && let Some((_, l)) = links
        {
            text.push_str(l);
        }
        text.push_str(block);
    }
    if let Some((_, l)) = links
        && !facts.iter().any(|(k, _)| *k == "iati_identifier")
    {
        text.push_str(l);
    }
    text.push_str("---\n");
    if !words.body.is_empty() {
        text.push('\n');
        text.push_str(&markdown_text(&words.body));
        text.push('\n');
    }
    text
}

/// A top-level key of a front-matter line, if the line starts one.
fn key_of(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let (key, rest) = line.split_once(':')?;
    (rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n'])).then_some(key.trim())
}

/// The front matter's lines grouped by top-level field: (key or `None`, lines).
fn blocks_of(yaml_text: &str) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    for line in yaml_text.split_inclusive('\n') {
        match key_of(line) {
            Some(k) => out.push((Some(k.to_string()), line.to_string())),
            None => {
                let continues = line.starts_with([' ', '\t', '-']) && !out.is_empty();
                match out.last_mut() {
                    Some((Some(_), text)) if continues => text.push_str(line),
                    _ => out.push((None, line.to_string())),
                }
            }
        }
    }
    out
}

/// An existing fact sheet with its facts replaced and its words replaced where unedited
/// (`words` is `None` for a version the input no longer has: its words all stay). Returns the
/// new text and the words kept although the input has others.
fn updated_file(
    existing: &Existing,
    words: Option<&Words>,
    facts: &[Block],
    links: Option<&Block>,
    recorded: Option<&BTreeMap<String, String>>,
) -> Result<(String, Vec<&'static str>), Diagnostic> {
    let split = frontmatter::split(&existing.text).map_err(|e| {
        Diagnostic::error(&existing.rel, format!("cannot be updated: {}", e.message()))
            .hint("fix the file (or move it away) and import again")
    })?;
    let source: Arc<str> = existing.text.as_str().into();
    let fields = yaml::fields(&existing.rel, &source, split.yaml, split.yaml_first_line)
        .map_err(|d| d.hint("fix the front matter, then import again"))?;
    let current = |key: &str| match fields.get(key) {
        Some(yaml::Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    // A word is replaced only when it is still what the last import wrote.
    let unedited = |field: &str, now: &str| {
        recorded
            .and_then(|r| r.get(field))
            .is_some_and(|h| *h == word_hash(now))
    };
    let mut kept = Vec::new();
    let mut replace: BTreeMap<&str, String> = BTreeMap::new();
    let new_words = words.map(|w| [("title", &w.title), ("summary", &w.summary)]);
    for (field, new) in new_words.into_iter().flatten() {
        if unedited(field, &current(field)) {
            replace.insert(field, format!("{field}: {}\n", scalar(new)));
        } else if current(field) != *new {
            kept.push(if field == "title" { "title" } else { "summary" });
        }
    }
    let facts_by_key: BTreeMap<&str, &String> =
        facts.iter().chain(links).map(|(k, t)| (*k, t)).collect();
    let mut yaml_out = String::new();
    let mut written: BTreeSet<&str> = BTreeSet::new();
    for (key, text) in blocks_of(split.yaml) {
        match key.as_deref() {
            Some(k) if FACT_FIELDS.contains(&k) => {
                if let Some((owned, new)) = facts_by_key.get_key_value(k) {
                    yaml_out.push_str(new);
                    written.insert(owned);
                }
            }
            Some(k) if replace.contains_key(k) => yaml_out.push_str(&replace[k]),
            _ => yaml_out.push_str(&text),
        }
    }
    for (k, t) in facts.iter().chain(links) {
        if !written.contains(k) {
            if !yaml_out.ends_with('\n') && !yaml_out.is_empty() {
                yaml_out.push('\n');
            }
            yaml_out.push_str(t);
        }
    }
    let body_now = split.body.trim_start_matches(['\r', '\n']);
    let new_body = words.map(|w| markdown_text(&w.body));
    let body = if let Some(new_body) = &new_body
        && unedited("body", body_now)
    {
        if new_body.is_empty() {
            String::new()
        } else {
            format!("\n{new_body}\n")
        }
    } else {
        if new_body.is_some_and(|b| body_now.trim() != b.trim()) {
            kept.push("body");
        }
        split.body.to_string()
    };
    Ok((format!("---\n{yaml_out}---\n{body}"), kept))
}

/// The keys of a programme's donors, partners and themes in the data files.
#[derive(Debug, Clone, Default)]
struct Keys {
    donors: Vec<String>,
    partners: Vec<String>,
    themes: Vec<String>,
}

/// Named things: the data files' entries and those the import adds, matched by reference or
/// name so that one organisation gets one key over every activity and every run.
struct Registry<'a> {
    kind: &'static str,
    site: &'a Site,
    /// New entries: key, names, the name for all languages, reference.
    added: Vec<(String, NamedRef)>,
    taken: BTreeSet<String>,
}

impl<'a> Registry<'a> {
    fn new(kind: &'static str, site: &'a Site) -> Registry<'a> {
        let taken = site
            .data
            .get(kind)
            .map(|d| d.entries.iter().map(|(k, _)| k.clone()).collect())
            .unwrap_or_default();
        Registry {
            kind,
            site,
            added: Vec::new(),
            taken,
        }
    }

    fn key_for(&mut self, r: &NamedRef) -> String {
        if let Some(k) = &r.key {
            return k.clone();
        }
        let folded: BTreeSet<String> = r
            .names
            .values()
            .chain(r.other.iter())
            .map(|n| fold(n))
            .collect();
        if let Some(data) = self.site.data.get(self.kind) {
            for (key, entry) in &data.entries {
                let reference = match self.kind {
                    "themes" => entry
                        .extra
                        .get("iati_sector")
                        .and_then(|v| v.as_str())
                        .map(str::to_string),
                    _ => entry.iati_ref.clone(),
                };
                if r.reference.is_some() && reference == r.reference {
                    return key.clone();
                }
            }
            // A name already there (in any language) is the same thing, when no reference
            // tells them apart.
            for (key, entry) in &data.entries {
                let names: Vec<String> = match &entry.name {
                    crate::parse::site_config::Localised::One(s) => vec![fold(s)],
                    crate::parse::site_config::Localised::PerLanguage(m) => {
                        m.values().map(|s| fold(s)).collect()
                    }
                };
                let has_other_ref = match self.kind {
                    "themes" => entry.extra.get("iati_sector").is_some(),
                    _ => entry.iati_ref.is_some(),
                };
                if !has_other_ref && names.iter().any(|n| folded.contains(n)) {
                    return key.clone();
                }
            }
        }
        for (key, added) in &self.added {
            if (r.reference.is_some() && added.reference == r.reference)
                || ((r.reference.is_none() || added.reference.is_none())
                    && added
                        .names
                        .values()
                        .chain(added.other.iter())
                        .any(|n| folded.contains(&fold(n))))
            {
                return key.clone();
            }
        }
        let base = self.readable_key(r);
        let mut key = base.clone();
        let mut n = 2;
        while self.taken.contains(&key) {
            key = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(key.clone());
        self.added.push((key.clone(), r.clone()));
        key
    }

    /// A key from the name (its first words), else from the reference.
    fn readable_key(&self, r: &NamedRef) -> String {
        let name = self
            .site
            .config
            .languages
            .iter()
            .find_map(|l| r.names.get(l))
            .or(r.other.as_ref());
        name.and_then(|n| slugify(n))
            .map(|s| shorten(&s, 40))
            .or_else(|| r.reference.as_deref().and_then(slugify))
            .unwrap_or_else(|| {
                format!(
                    "{}-{}",
                    &self.kind[..self.kind.len() - 1],
                    self.taken.len() + 1
                )
            })
    }

    /// The YAML text of the added entries, to append to the data file.
    fn entries_text(&self, languages: &[String]) -> String {
        let mut text = String::new();
        for (key, r) in &self.added {
            text.push_str(&format!("{key}:\n"));
            let names: Vec<(&String, &String)> = languages
                .iter()
                .filter_map(|l| r.names.get_key_value(l))
                .collect();
            if names.is_empty() {
                let name = r
                    .other
                    .clone()
                    .or_else(|| r.reference.clone())
                    .unwrap_or_else(|| key.clone());
                text.push_str(&format!("  name: {}\n", scalar(&name)));
            } else {
                text.push_str("  name:\n");
                for (l, n) in names {
                    text.push_str(&format!("    {l}: {}\n", scalar(n)));
                }
            }
            if let Some(reference) = &r.reference {
                if self.kind == "themes" {
                    text.push_str(&format!(
                        "  extra: {{iati_sector: {}}}\n",
                        serde_json::to_string(reference).unwrap_or_default()
                    ));
                } else {
                    text.push_str(&format!("  iati_ref: {}\n", scalar(reference)));
                }
            }
        }
        text
    }
}

/// Small words a cut slug should not end with (`…-services-de`).
const TRAILING: [&str; 24] = [
    "a", "an", "and", "at", "by", "d", "de", "del", "des", "du", "e", "el", "en", "et", "for",
    "in", "l", "la", "le", "les", "of", "on", "the", "y",
];

/// A slug cut to at most `max` characters, at a hyphen, without a small word at its end.
fn shorten(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    let mut words: Vec<&str> = Vec::new();
    let mut len = 0;
    for w in slug.split('-') {
        let added = if words.is_empty() {
            w.len()
        } else {
            w.len() + 1
        };
        if len + added > max && !words.is_empty() {
            break;
        }
        words.push(w);
        len += added;
    }
    while words.len() > 1 && words.last().is_some_and(|w| TRAILING.contains(w)) {
        words.pop();
    }
    let out = words.join("-");
    if out.len() > max {
        out[..max].trim_end_matches('-').to_string()
    } else {
        out
    }
}

/// The data file with entries appended after the user's text, which is kept as it is. A
/// file that is only `{}` (as `fiche init` writes an empty one) has that line replaced.
fn appended(old: &str, entries: &str) -> String {
    let meaningful: Vec<&str> = old
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect();
    if meaningful.len() == 1 && meaningful[0].trim() == "{}" {
        let mut out = String::new();
        for line in old.split_inclusive('\n') {
            if line.trim() == "{}" {
                out.push_str(entries);
            } else {
                out.push_str(line);
            }
        }
        return out;
    }
    let mut out = old.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if !out.trim().is_empty() {
        out.push('\n');
    }
    out.push_str(entries);
    out
}

/// A readable slug for a new programme: its title's first words, else its identifier.
fn new_slug(p: &Imported, taken: &BTreeSet<String>) -> String {
    let title = p.words.first().map(|(_, w)| w.title.as_str()).unwrap_or("");
    let from_id = p
        .iati_identifier
        .as_deref()
        .and_then(slugify)
        .map(|s| shorten(&s, 60));
    let base = p
        .slug
        .clone()
        .or_else(|| slugify(title).map(|s| shorten(&s, 50)))
        .or(from_id.clone())
        .unwrap_or_else(|| format!("programme-{}", p.line));
    if !taken.contains(&base) {
        return base;
    }
    // Two programmes with one title: the identifier's own code tells them apart.
    if let Some(id) = &from_id {
        let code = id.rsplit('-').next().unwrap_or(id);
        let with = format!("{base}-{code}");
        if !taken.contains(&with) {
            return with;
        }
    }
    let mut n = 2;
    loop {
        let candidate = format!("{base}-{n}");
        if !taken.contains(&candidate) {
            return candidate;
        }
        n += 1;
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
    let languages = &site.config.languages;
    let mut registries = [
        Registry::new("donors", site),
        Registry::new("partners", site),
        Registry::new("themes", site),
    ];
    let mut by_identifier: BTreeMap<&str, Vec<&Existing>> = BTreeMap::new();
    let mut by_slug: BTreeMap<&str, Vec<&Existing>> = BTreeMap::new();
    for e in &site.programmes {
        if let Some(id) = &e.iati_identifier {
            by_identifier.entry(id.as_str()).or_default().push(e);
        }
        by_slug.entry(e.slug.as_str()).or_default().push(e);
    }
    let mut taken: BTreeSet<String> = by_slug.keys().map(|s| s.to_string()).collect();
    let mut in_input: BTreeSet<String> = BTreeSet::new();
    let mut already: Vec<(usize, String)> = Vec::new();
    let mut checks: Vec<(usize, String, String)> = Vec::new();
    for p in programmes {
        let match_key = p
            .iati_identifier
            .clone()
            .or_else(|| p.slug.clone())
            .unwrap_or_default();
        in_input.insert(match_key.clone());
        let existing: Vec<&Existing> = match (&p.iati_identifier, &p.slug) {
            (Some(id), _) => by_identifier.get(id.as_str()).cloned().unwrap_or_default(),
            (None, Some(slug)) => by_slug.get(slug.as_str()).cloned().unwrap_or_default(),
            _ => Vec::new(),
        };
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
        let keys = Keys {
            donors: dedup(p.donors.iter().map(|d| donors.key_for(d))),
            partners: dedup(p.partners.iter().map(|d| partners.key_for(d))),
            themes: dedup(p.themes.iter().map(|d| themes.key_for(d))),
        };
        let source_facts = fact_blocks(p, &keys, &site.config.currency);
        for (i, (lang, words)) in p.words.iter().enumerate() {
            let facts = if i == 0 {
                source_facts.clone()
            } else {
                translation_facts(&source_facts)
            };
            let links = links_block(p, lang);
            let rel = format!("content/programmes/{slug}.{lang}.md");
            let on_disk = existing
                .iter()
                .find(|e| e.lang == *lang)
                .copied()
                .or_else(|| site.programmes.iter().find(|e| e.rel == rel));
            let (text, change) = match on_disk {
                Some(e) => match updated_file(
                    e,
                    Some(words),
                    &facts,
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
                        continue;
                    }
                },
                None => (new_file(words, &facts, links.as_ref()), Change::New),
            };
            let hashes: BTreeMap<String, String> = WORD_FIELDS
                .iter()
                .zip([&words.title, &words.summary, &markdown_text(&words.body)])
                .map(|(f, w)| (f.to_string(), word_hash(w)))
                .collect();
            plan.state.files.insert(rel.clone(), hashes);
            *plan.per_language.entry(lang.clone()).or_default() += 1;
            checks.push((p.line, rel.clone(), text.clone()));
            plan.files.insert(rel, (text, change));
        }
        // A version the input no longer has words for keeps its words, and gets the facts:
        // until facts are written once (issue 14), every version holds them.
        for e in &existing {
            if p.words.iter().any(|(lang, _)| *lang == e.lang) {
                continue;
            }
            let facts = translation_facts(&source_facts);
            let links = links_block(p, &e.lang);
            match updated_file(e, None, &facts, links.as_ref(), None) {
                Ok((text, _)) if text != e.text => {
                    checks.push((p.line, e.rel.clone(), text.clone()));
                    plan.files.insert(e.rel.clone(), (text, Change::Updated));
                }
                Ok(_) => {}
                Err(d) => errors.push(d),
            }
        }
    }
    if !already.is_empty() {
        let (line, rel) = &already[0];
        errors.push(
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
            .hint("run again with `--update` to update their facts (words edited since the last import are kept); nothing was written"),
        );
    }
    // Programmes imported before and no longer in the input: listed, never deleted.
    for (key, slug) in &site.state.programmes {
        if !in_input.contains(key) && site.programmes.iter().any(|e| e.slug == *slug) {
            plan.no_longer_in_input.push((slug.clone(), key.clone()));
        }
    }
    // The data files, with the new entries appended.
    for registry in &registries {
        if registry.added.is_empty() {
            continue;
        }
        let data = site.data.get(registry.kind).cloned().unwrap_or_default();
        let rel = crate::import::site::DATA_FILES
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
    if errors.is_empty() {
        check(&plan, site, input, &checks, &mut errors);
    }
    if errors.is_empty() {
        let state = serde_json::to_string_pretty(&plan.state).unwrap_or_default() + "\n";
        let change = if site.root.join(STATE_FILE).exists() {
            Change::Updated
        } else {
            Change::New
        };
        plan.files.insert(STATE_FILE.to_string(), (state, change));
        Ok(plan)
    } else {
        Err(errors)
    }
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

/// Checks every data file and fact sheet to be written as `fiche build` will, so that an
/// import never leaves a site that does not build. A problem is reported at the input's line.
fn check(
    plan: &Plan,
    site: &Site,
    input: &str,
    sheets: &[(usize, String, String)],
    errors: &mut Vec<Diagnostic>,
) {
    let mut keys: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (kind, rel) in crate::import::site::DATA_FILES {
        let text: Arc<str> = match plan.files.get(rel) {
            Some((t, _)) => t.as_str().into(),
            None => site
                .data
                .get(kind)
                .map(|d| d.text.as_str())
                .unwrap_or("")
                .into(),
        };
        match crate::parse::named::parse(rel, &text) {
            Ok(entries) => {
                keys.insert(kind, entries.into_iter().map(|(k, _)| k).collect());
            }
            Err(d) => errors.push(d.hint(format!(
                "fiche could not add its entries to {rel} in the file's own style: write its entries as `key:` lines with `name:` under them, then import again"
            ))),
        }
    }
    if !errors.is_empty() {
        return;
    }
    let known = Known {
        countries: &site.countries,
        themes: keys.get("themes"),
        donors: keys.get("donors"),
        partners: keys.get("partners"),
        static_files: &site.static_files,
        currency: &site.config.currency,
    };
    for (line, rel, text) in sheets {
        let source: Arc<str> = text.as_str().into();
        let result = frontmatter::split(text)
            .map_err(|e| vec![Diagnostic::error(rel, e.message())])
            .and_then(|s| {
                yaml::fields(rel, &source, s.yaml, s.yaml_first_line).map_err(|d| vec![d])
            })
            .and_then(|fields| programme::programme(&fields, &known));
        if let Err(found) = result {
            for d in found {
                errors.push(
                    Diagnostic::error(
                        input,
                        format!("{} would be written with an error: {}", rel, d.title()),
                    )
                    .at(Some(Place {
                        line: *line,
                        column: 0,
                        len: 1,
                    }))
                    .maybe_hint(d.hint.clone()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_plain_only_when_they_read_back_the_same() {
        assert_eq!(scalar("Blue Pacific"), "Blue Pacific");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("A: B"), "\"A: B\"");
        assert_eq!(scalar("2024"), "\"2024\"");
        assert_eq!(scalar("[x]"), "\"[x]\"");
        assert_eq!(flow_scalar("a, b"), "\"a, b\"");
        assert_eq!(scalar("Protection, Assistance"), "Protection, Assistance");
    }

    #[test]
    fn appending_keeps_the_users_text_and_replaces_a_lone_empty_mapping() {
        let old = "# Our donors\neu:\n  name: EU   # short\n";
        let new = appended(old, "afd:\n  name: AFD\n");
        assert!(new.starts_with(old));
        assert!(new.ends_with("\nafd:\n  name: AFD\n"));
        assert_eq!(appended("{}\n", "a:\n  name: A\n"), "a:\n  name: A\n");
    }

    #[test]
    fn blocks_group_a_field_with_its_indented_lines() {
        let blocks = blocks_of("title: A\nlinks:\n  - title: x\n    url: y\n# note\nend: 2024\n");
        let keys: Vec<Option<&str>> = blocks.iter().map(|(k, _)| k.as_deref()).collect();
        assert_eq!(keys, [Some("title"), Some("links"), None, Some("end")]);
    }
}
