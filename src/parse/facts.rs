//! Facts once, words per language: a programme's facts (dates, status, amount, places,
//! donors, partners, themes, the image's file, contact, IATI identifier) are written in its
//! source file, and each translation takes them from it.
//!
//! The source is the file in the site's first language or, when that language has none, in
//! the first language (in `languages` order) that has one. A translation writes words
//! ([`WORD_FIELDS`], the image's `alt` and `credit`, `extra` keys of its own); a fact it
//! writes too must be the source's, compared once normalised: countries as the ISO codes they
//! resolve to, amounts as value and currency (the site's when none is written), dates as the
//! dates they are, and countries, donors, partners and themes as sets (their order is the
//! source's). Files are re-read for places only when something is wrong, as the editing rules
//! do.
//!
//! [`WORD_FIELDS`]: crate::parse::programme::WORD_FIELDS

use crate::diagnostic::Diagnostic;
use crate::parse::content::ParsedFile;
use crate::parse::fields::image_place;
use crate::parse::programme::{FACT_FIELDS, FrontMatter, Image};
use crate::parse::{frontmatter, yaml};

/// The fields of a fact sheet's front matter, read again (its text held, else its file),
/// for placing a problem.
fn fields_of(file: &ParsedFile<FrontMatter>) -> Option<yaml::Fields> {
    let text = file.body.text()?;
    let split = frontmatter::split(&text).ok()?;
    yaml::fields(&file.file, &text, split.yaml, split.yaml_first_line).ok()
}

/// Whether a source file's front matter lacks the one fact it must give: a status, or a
/// start date to derive it from.
pub fn lacks_status(front: &FrontMatter) -> bool {
    front.facts.status.is_none() && front.facts.start.is_none()
}

/// What a source file must give: a status or a start date to derive it from, and a complete
/// image. `first` names the file of the site's first language when it is not the source.
pub fn check_source(source: &ParsedFile<FrontMatter>, first: Option<&str>) -> Vec<Diagnostic> {
    let front = &source.front;
    let mut missing: Vec<(&str, &str, String)> = Vec::new();
    let whose = match first {
        Some(first) => format!(
            " (this file gives the programme's facts: there is no {first}, the file of the site's first language)"
        ),
        None => String::new(),
    };
    if lacks_status(front) {
        missing.push((
            "status",
            "the programme has neither a `status` nor a `start` date",
            format!("add `status: ongoing` (or planned, completed, suspended, cancelled), or a `start:` date to derive it from{whose}"),
        ));
    }
    if let Some(image) = &front.image {
        if image.src.is_empty() {
            missing.push((
                "image.src",
                "has no `src`",
                format!("write `image: {{src: images/photo.jpg, alt: What the photo shows, credit: © Owner}}`{whose}"),
            ));
        }
        if image.alt.is_empty() {
            missing.push((
                "image.alt",
                "has no `alt` text",
                "describe the image for readers who cannot see it: `alt: Police officers in a training room`".into(),
            ));
        }
    }
    if missing.is_empty() {
        return Vec::new();
    }
    let fields = fields_of(source);
    missing
        .into_iter()
        .map(|(field, message, hint)| {
            let d = match (&fields, field) {
                (Some(f), "status") => f.error_missing("status", message),
                (Some(f), _) => f.error_at("image", image_place(f), message),
                (None, _) => Diagnostic::error(source.file.as_str(), message),
            };
            d.field(field).hint(hint)
        })
        .collect()
}

/// A translation's front matter with its source's facts, or where it disagrees with them.
pub fn merge(
    source: &ParsedFile<FrontMatter>,
    translation: &ParsedFile<FrontMatter>,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let (s, t) = (&*source.front, &*translation.front);
    let differing: Vec<(&str, String, String)> = t
        .given
        .names()
        .filter(|name| !same(s, t, name))
        .map(|name| (name, shown(s, name), shown(t, name)))
        .collect();
    let image = match &s.image {
        Some(image) if !image.src.is_empty() => match &t.image {
            Some(own) if !own.alt.is_empty() => Some(Image {
                src: image.src.clone(),
                alt: own.alt.clone(),
                // A credit names an owner, in any language: the source's unless given.
                credit: own.credit.clone().or_else(|| image.credit.clone()),
            }),
            _ => None,
        },
        _ => None,
    };
    let needs_alt = image.is_none() && s.image.as_ref().is_some_and(|i| !i.src.is_empty());
    if differing.is_empty() && !needs_alt {
        return Ok(FrontMatter {
            title: t.title.clone(),
            summary: t.summary.clone(),
            updated: t.updated,
            links: t.links.clone(),
            draft: t.draft,
            address: t.address.clone(),
            given: t.given,
            extra: extra(&s.extra, &t.extra),
            image,
            facts: std::sync::Arc::clone(&s.facts),
        });
    }
    let (ours, theirs) = (fields_of(translation), fields_of(source));
    let mut errors: Vec<Diagnostic> = differing
        .into_iter()
        .map(|(name, theirs_shown, ours_shown)| {
            let there = match theirs.as_ref().and_then(|f| f.key_place(name)) {
                Some(place) if s.given.has(name) => {
                    format!("{theirs_shown} in {} (line {})", source.file, place.line)
                }
                _ if s.given.has(name) => format!("{theirs_shown} in {}", source.file),
                _ => format!("none in {}", source.file),
            };
            let message = format!("differs from the source file: {ours_shown} here, {there}");
            let hint = format!(
                "remove `{name}` from this file: a translation takes every fact from its source file, {}; change the fact there",
                source.file
            );
            match &ours {
                Some(f) => f.error(name, message),
                None => Diagnostic::error(translation.file.as_str(), message).field(name),
            }
            .hint(hint)
        })
        .collect();
    if needs_alt {
        let message = format!(
            "the image `{}` of the source file has no `alt` text in this language",
            s.image.as_ref().map(|i| i.src.as_str()).unwrap_or_default()
        );
        let d = match &ours {
            Some(f) if f.get("image").is_some() => f.error_at("image", image_place(f), message),
            Some(f) => f.error_missing("image", message),
            None => Diagnostic::error(translation.file.as_str(), message),
        };
        errors.push(d.field("image.alt").hint(
            "describe the image in this file's language for readers who cannot see it: `image: {alt: Police officers in a training room}`",
        ));
    }
    Err(errors)
}

/// Whether a fact is the same in both, once normalised (lists as sets).
fn same(a: &FrontMatter, b: &FrontMatter, name: &str) -> bool {
    fn set(items: &[String]) -> Vec<&str> {
        let mut items: Vec<&str> = items.iter().map(String::as_str).collect();
        items.sort_unstable();
        items.dedup();
        items
    }
    let sets = |x: &[String], y: &[String]| x == y || set(x) == set(y);
    match name {
        "status" => a.facts.status == b.facts.status,
        "start" => a.facts.start == b.facts.start,
        "end" => a.facts.end == b.facts.end,
        "amount" => a.facts.amount == b.facts.amount,
        "budgets" => a.facts.budgets == b.facts.budgets,
        "disbursed" => a.facts.disbursed == b.facts.disbursed,
        "countries" => sets(&a.facts.countries, &b.facts.countries),
        "donors" => sets(&a.facts.donors, &b.facts.donors),
        "shares" => a.facts.shares == b.facts.shares,
        "partners" => sets(&a.facts.partners, &b.facts.partners),
        "themes" => sets(&a.facts.themes, &b.facts.themes),
        "image" => a.image.as_ref().map(|i| &i.src) == b.image.as_ref().map(|i| &i.src),
        "contact" => a.facts.contact == b.facts.contact,
        "iati_identifier" => a.facts.iati_identifier == b.facts.iati_identifier,
        _ => true,
    }
}

/// A fact as a message shows it.
fn shown(front: &FrontMatter, name: &str) -> String {
    let list = |items: &[String]| format!("[{}]", items.join(", "));
    let or_none = |v: Option<String>| v.unwrap_or_else(|| "none".into());
    match name {
        "status" => or_none(front.facts.status.map(|s| s.key().to_string())),
        "start" => or_none(front.facts.start.map(|d| d.to_string())),
        "end" => or_none(front.facts.end.map(|d| d.to_string())),
        "amount" => or_none(
            front
                .facts
                .amount
                .as_ref()
                .map(|a| format!("{} {}", a.value, a.currency)),
        ),
        "budgets" => format!(
            "[{}]",
            front
                .facts
                .budgets
                .iter()
                .map(|b| format!(
                    "{} to {}: {} {}",
                    b.start, b.end, b.amount.value, b.amount.currency
                ))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        "disbursed" => or_none(
            front
                .facts
                .disbursed
                .as_ref()
                .map(|d| format!("{} {} at {}", d.amount.value, d.amount.currency, d.date)),
        ),
        "countries" => list(&front.facts.countries),
        "donors" => list(&front.facts.donors),
        "shares" => shown_shares(&front.facts.shares),
        "partners" => list(&front.facts.partners),
        "themes" => list(&front.facts.themes),
        "image" => or_none(front.image.as_ref().map(|i| i.src.clone())),
        "contact" => or_none(front.facts.contact.clone()),
        "iati_identifier" => or_none(front.facts.iati_identifier.clone()),
        _ => String::new(),
    }
}

/// `shares:` as a message shows it: `BO 60%, PE 40%; usaid 1200000 USD`.
fn shown_shares(shares: &crate::parse::shares::Shares) -> String {
    let countries = shares.countries.iter().map(|(c, p)| format!("{c} {p}%"));
    let donors = (shares.donors.iter()).map(|(d, a)| format!("{d} {} {}", a.value, a.currency));
    let all: Vec<String> = countries.chain(donors).collect();
    if all.is_empty() {
        "none".into()
    } else {
        all.join(", ")
    }
}

/// `extra`: the translation's keys over its source's.
fn extra(source: &serde_json::Value, own: &serde_json::Value) -> serde_json::Value {
    match (source, own) {
        (serde_json::Value::Object(theirs), serde_json::Value::Object(ours)) => {
            let mut merged = ours.clone();
            for (k, v) in theirs {
                if !merged.contains_key(k) {
                    merged.insert(k.clone(), v.clone());
                }
            }
            serde_json::Value::Object(merged)
        }
        (theirs, serde_json::Value::Null) => theirs.clone(),
        (_, ours) => ours.clone(),
    }
}

/// A fact sheet's text (an archetype) with its facts' lines taken out of the front matter, for
/// a translation: each top-level line whose key (or commented-out key, `# end:`) is a fact,
/// with the lines indented under it. The image stays: its `alt` is words.
pub fn words_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fences = 0;
    let mut dropping = false;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" {
            fences += 1;
            dropping = false;
        } else if fences == 1 {
            let indented = line.starts_with([' ', '\t']);
            if !indented {
                let key = line.trim_start_matches('#').trim_start();
                let key = key.split(':').next().unwrap_or_default().trim();
                dropping = key != "image" && line.contains(':') && FACT_FIELDS.contains(&key);
            }
            if dropping {
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_only_takes_the_facts_out_of_the_front_matter_only() {
        let text = "---\ntitle: X\nstatus: planned\n# end: 2027-12-31\ncountries:\n  - SN\nimage: {src: a.svg, alt: A}\ndraft: true\n---\nstatus: in the body\n";
        assert_eq!(
            words_only(text),
            "---\ntitle: X\nimage: {src: a.svg, alt: A}\ndraft: true\n---\nstatus: in the body\n"
        );
    }
}
