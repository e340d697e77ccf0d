//! The slugs an import makes: readable (a name's or title's first words), short, and unique.

use std::collections::BTreeSet;

use crate::domain::slug::slugify;
use crate::import::Imported;

/// Small words a cut slug should not end with (`…-services-de`).
const TRAILING: [&str; 24] = [
    "a", "an", "and", "at", "by", "d", "de", "del", "des", "du", "e", "el", "en", "et", "for",
    "in", "l", "la", "le", "les", "of", "on", "the", "y",
];

/// A slug cut to at most `max` characters, at a hyphen, without a small word at its end.
pub(super) fn shorten(slug: &str, max: usize) -> String {
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

/// A readable slug for a new programme: its title's first words, else its identifier.
pub(super) fn new_slug(p: &Imported, taken: &BTreeSet<String>) -> String {
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
