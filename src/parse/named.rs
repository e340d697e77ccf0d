//! `data/themes.yaml`, `data/donors.yaml`, `data/partners.yaml`: the named things programmes
//! refer to by key, with their names per language.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
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
    let order: Vec<String> = fields.iter().map(|(k, _)| k.to_string()).collect();
    let mut entries: Vec<(String, NamedEntry)> = map.into_iter().collect();
    entries.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
    Ok(entries)
}
