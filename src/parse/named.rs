//! `data/themes.yaml`, `data/donors.yaml`, `data/partners.yaml`: the named things programmes
//! refer to by key, with their names per language.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::parse::rules;
use crate::parse::site_config::Localised;
use crate::parse::yaml;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedEntry {
    pub name: Localised,
    #[serde(default)]
    pub short: Option<Localised>,
    #[serde(default)]
    pub description: Option<Localised>,
    #[serde(default)]
    pub url: Option<String>,
    /// An IATI organisation identifier, for donors and partners.
    #[serde(default)]
    pub iati_ref: Option<String>,
    #[serde(default)]
    pub extra: serde_json::Value,
}

/// Whether `key` can name a theme, donor or partner: ASCII letters, digits, `-` and `_`, with
/// at least one letter or digit.
pub fn is_key(key: &str) -> bool {
    key.bytes().any(|b| b.is_ascii_alphanumeric())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Parses one data file into its entries, in the order written.
pub fn parse(file: &str, source: &Arc<str>) -> Result<Vec<(String, NamedEntry)>, Diagnostic> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let map: BTreeMap<String, NamedEntry> = yaml::from_str(file, source, text, 1).map_err(|d| {
        if d.hint.is_some() {
            d
        } else {
            d.hint("each entry is a key, then `name:` (one text, or one per language such as `{fr: …, en: …}`), and optionally `short:`, `description:`, `url:`, `iati_ref:`")
        }
    })?;
    // Keep the order of the file: BTreeMap sorted them, so recover it from the text.
    let fields = yaml::fields(file, source, text, 1)?;
    // A key may end up in an address (when its name has no Latin letters) and in file names:
    // nothing in it may climb out of a folder or need escaping.
    if let Some(bad) = map.keys().find(|k| !is_key(k)) {
        return Err(Diagnostic::error(file, format!("`{bad}` cannot be a key"))
            .at(fields.key_place(bad))
            .source(source)
            .hint("write keys with Latin letters, digits, `-` and `_` only, such as `police-cooperation`"));
    }
    // The rules every field of their kind follows, in front matter too (`parse::rules`).
    for (key, entry) in &map {
        if let Some(url) = &entry.url
            && let Err(p) = rules::web_address(url)
        {
            return Err(fields
                .error_at(
                    key,
                    fields
                        .token_place_after(key, "url", url.trim())
                        .or_else(|| fields.token_place(key, "url")),
                    p.message,
                )
                .field(format!("{key}.url"))
                .hint(p.hint));
        }
        let texts = [
            ("name", Some(&entry.name)),
            ("short", entry.short.as_ref()),
            ("description", entry.description.as_ref()),
        ];
        for (part, value) in texts {
            if let Some((text, p)) = value.and_then(|v| v.problem(part)) {
                let place = Some(text.trim())
                    .filter(|t| !t.is_empty() && t.len() < 200)
                    .and_then(|t| fields.token_place_after(key, part, t))
                    .or_else(|| fields.token_place(key, part));
                return Err(fields
                    .error_at(key, place, p.message)
                    .field(format!("{key}.{part}"))
                    .hint(p.hint));
            }
        }
    }
    let order: Vec<String> = fields.iter().map(|(k, _)| k.to_string()).collect();
    let mut entries: Vec<(String, NamedEntry)> = map.into_iter().collect();
    entries.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
    Ok(entries)
}
