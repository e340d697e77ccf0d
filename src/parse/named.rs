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
    /// A donor's logo, shown on the fact sheets it funds.
    #[serde(default)]
    pub logo: Option<Logo>,
    /// A donor's visibility line ("Funded by the European Union"), shown with its logo.
    #[serde(default)]
    pub visibility: Option<Localised>,
    #[serde(default)]
    pub extra: serde_json::Value,
}

/// A logo: a file of `static/` and its text for readers who cannot see it (one, or one per
/// language, like names).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    pub src: String,
    pub alt: Localised,
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
            d.hint("each entry is a key, then `name:` (one text, or one per language such as `{fr: …, en: …}`), and optionally `short:`, `description:`, `url:`, `iati_ref:`, and for a donor `logo: {src: images/logo.svg, alt: …}` and `visibility:`")
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
            ("visibility", entry.visibility.as_ref()),
            ("alt", entry.logo.as_ref().map(|l| &l.alt)),
        ];
        for (part, value) in texts {
            if let Some((text, p)) = value.and_then(|v| v.problem(part)) {
                let place = Some(text.trim())
                    .filter(|t| !t.is_empty() && t.len() < 200)
                    .and_then(|t| fields.token_place_after(key, part, t))
                    .or_else(|| fields.token_place(key, part));
                let field = match part {
                    "alt" => format!("{key}.logo.alt"),
                    _ => format!("{key}.{part}"),
                };
                return Err(fields.error_at(key, place, p.message).field(field).hint(
                    match part {
                        "alt" => "say what the logo shows, such as `alt: {en: European Union emblem, fr: Emblème de l'Union européenne}`".to_string(),
                        _ => p.hint,
                    },
                ));
            }
        }
    }
    let order: Vec<String> = fields.iter().map(|(k, _)| k.to_string()).collect();
    let mut entries: Vec<(String, NamedEntry)> = map.into_iter().collect();
    entries.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
    Ok(entries)
}

/// The problems of the logos and visibility lines of one data file's `entries`: a logo whose
/// file is not in `static/`, and a `logo` or `visibility` outside `data/donors.yaml` (only
/// donors show them). Each at its line; the file is read again for places only when one is
/// found.
pub fn check_logos(
    file: &str,
    source: &Arc<str>,
    entries: &[(String, NamedEntry)],
    static_files: &std::collections::BTreeSet<String>,
    donors: bool,
) -> Vec<Diagnostic> {
    let mut problems: Vec<(&str, &str, String, String)> = Vec::new();
    for (key, entry) in entries {
        if !donors {
            for (part, there) in [
                ("logo", entry.logo.is_some()),
                ("visibility", entry.visibility.is_some()),
            ] {
                if there {
                    problems.push((
                        key,
                        part,
                        format!("`{part}` is shown for donors only"),
                        "move it to the donor in `data/donors.yaml`, or remove it".to_string(),
                    ));
                }
            }
        } else if let Some(logo) = &entry.logo {
            let src = logo.src.trim().trim_start_matches('/');
            if !static_files.contains(src) || src.contains("..") {
                problems.push((
                    key,
                    "src",
                    format!("the logo `{}` is not in `static/`", logo.src.trim()),
                    format!("put the file at `static/{src}`, or correct the path"),
                ));
            }
        }
    }
    if problems.is_empty() {
        return Vec::new();
    }
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let fields = match yaml::fields(file, source, text, 1) {
        Ok(fields) => fields,
        Err(d) => return vec![d],
    };
    problems
        .into_iter()
        .map(|(key, part, message, hint)| {
            let place = fields.token_place(key, part);
            let field = match part {
                "src" => format!("{key}.logo.src"),
                _ => format!("{key}.{part}"),
            };
            fields.error_at(key, place, message).field(field).hint(hint)
        })
        .collect()
}
