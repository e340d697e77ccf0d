//! A fact sheet's text: a new one whole, or an existing one with only the import's lines
//! replaced (its facts always, its words only where nobody edited them since the last import).

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::import::site::{Existing, Unreadable, front_matter, word_hash};
use crate::import::yaml_text::{blocks_of, list, number, scalar};
use crate::import::{Imported, Words};
use crate::parse::yaml;

/// Whether the import owns the front-matter field `key`, whose lines `--update` replaces: the
/// facts of `parse::programme` but `image` (the importer writes none, so an editor's stays),
/// and the links, which an import writes into every version.
fn import_owns(key: &str) -> bool {
    key == "links" || (key != "image" && crate::parse::programme::FACT_FIELDS.contains(&key))
}

/// The words an import writes, and checks for edits before replacing.
const WORD_FIELDS: [&str; 3] = ["title", "summary", "body"];

/// One field of front matter as lines of text (`key: value\n`, or a block).
pub(super) type Block = (&'static str, String);

/// The keys of a programme's donors, partners and themes in the data files.
#[derive(Debug, Clone, Default)]
pub(super) struct Keys {
    pub(super) donors: Vec<String>,
    /// The donors' contributions by key: value and currency.
    pub(super) contributions: Vec<(String, f64, String)>,
    pub(super) partners: Vec<String>,
    pub(super) themes: Vec<String>,
}

/// The facts of a programme as front-matter blocks, in the order fact sheets write them.
pub(super) fn fact_blocks(p: &Imported, keys: &Keys, site_currency: &str) -> Vec<Block> {
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
        let text = format!("amount: {}\n", amount(a.value, &a.currency, site_currency));
        out.push(("amount", text));
    }
    if !p.finance.budgets.is_empty() {
        let mut text = String::from("budgets:\n");
        for b in &p.finance.budgets {
            text.push_str(&format!(
                "  - {{start: {}, end: {}, amount: {}}}\n",
                b.start,
                b.end,
                amount(b.value, &b.currency, site_currency)
            ));
        }
        out.push(("budgets", text));
    }
    if let Some((value, currency, date)) = &p.finance.disbursed {
        let text = format!(
            "disbursed: {{amount: {}, date: {date}}}\n",
            amount(*value, currency, site_currency)
        );
        out.push(("disbursed", text));
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
        if field == "donors"
            && let Some(shares) = shares_block(p, keys, site_currency)
        {
            out.push(("shares", shares));
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

/// `shares:` from the countries' percentages and the donors' contributions, if any.
fn shares_block(p: &Imported, keys: &Keys, site_currency: &str) -> Option<String> {
    let countries: Vec<String> = (p.countries.iter())
        .filter_map(|c| {
            let share = p.finance.country_shares.get(c)?;
            Some(format!("{}: {}", c.as_str(), number(*share)))
        })
        .collect();
    let donors: Vec<String> = (keys.contributions.iter())
        .map(|(key, v, c)| format!("{}: {}", scalar(key), amount(*v, c, site_currency)))
        .collect();
    if countries.is_empty() && donors.is_empty() {
        return None;
    }
    let mut text = String::from("shares:\n");
    for (part, items) in [("countries", countries), ("donors", donors)] {
        if !items.is_empty() {
            text.push_str(&format!("  {part}: {{{}}}\n", items.join(", ")));
        }
    }
    Some(text)
}

/// An amount as `amount:` writes it: a number in the site's currency, else with its currency.
fn amount(value: f64, currency: &str, site_currency: &str) -> String {
    if currency == site_currency {
        number(value)
    } else {
        format!("{{value: {}, currency: {currency}}}", number(value))
    }
}

/// The links of one language version: each link's title in that language, else its title
/// for all languages, else its first.
pub(super) fn links_block(p: &Imported, lang: &str) -> Option<Block> {
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
pub(super) fn new_file(words: &Words, facts: &[Block], links: Option<&Block>) -> String {
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

/// An existing fact sheet with its facts replaced and its words replaced where unedited
/// (`words` is `None` for a version the input no longer has: its words all stay). Returns the
/// new text and the words kept although the input has others.
pub(super) fn updated_file(
    existing: &Existing,
    words: Option<&Words>,
    facts: &[Block],
    links: Option<&Block>,
    recorded: Option<&BTreeMap<String, String>>,
) -> Result<(String, Vec<&'static str>), Diagnostic> {
    let (split, fields) = front_matter(&existing.rel, &existing.text).map_err(|e| match e {
        Unreadable::Split(e) => {
            Diagnostic::error(&existing.rel, format!("cannot be updated: {}", e.message()))
                .hint("fix the file (or move it away) and import again")
        }
        Unreadable::Yaml(d) => d.hint("fix the front matter, then import again"),
    })?;
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
            Some(k) if import_owns(k) => {
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

/// The hash of each word of a version as this import writes it, for the next import to tell
/// edited words from imported ones.
pub(super) fn word_hashes(words: &Words) -> BTreeMap<String, String> {
    WORD_FIELDS
        .iter()
        .zip([&words.title, &words.summary, &markdown_text(&words.body)])
        .map(|(f, w)| (f.to_string(), word_hash(w)))
        .collect()
}
