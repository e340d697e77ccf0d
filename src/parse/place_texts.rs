//! `data/countries.yaml`: text of their own for country and region pages, per language and in
//! Markdown, keyed by a country (its code or name, as in front matter) or a UN M49 region code
//! (`"029"` for the Caribbean, in quotes).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::domain::country::Countries;
use crate::parse::site_config::Localised;
use crate::parse::yaml;

/// The texts by country code (alpha-2) or region code; every problem at its line.
pub fn parse(
    file: &str,
    source: &Arc<str>,
    countries: &Countries,
) -> Result<BTreeMap<String, Localised>, Vec<Diagnostic>> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    if text.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let hint = "each entry is a country (`BR`, `Brazil`) or an M49 region code in quotes (`\"029\"`), then its text: one for all languages, or one per language such as `{fr: …, en: …}` (Markdown)";
    let map: BTreeMap<String, Localised> = yaml::from_str(file, source, text, 1)
        .map_err(|d| vec![if d.hint.is_some() { d } else { d.hint(hint) }])?;
    let fields = yaml::fields(file, source, text, 1).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let mut texts = BTreeMap::new();
    for (key, value) in map {
        let is_region = countries.of_region(&key).next().is_some();
        let code = if is_region {
            Ok(key.clone())
        } else {
            countries.resolve(&key).map_err(|_| ())
        };
        match code {
            Ok(code) => {
                if let Some((_, p)) = value.problem("description") {
                    errors.push(
                        fields
                            .error_at(&key, fields.value_place(&key), p.message)
                            .field(key.clone())
                            .hint(p.hint),
                    );
                }
                texts.insert(code, value);
            }
            Err(()) => errors.push(
                fields
                    .error_at(
                        &key,
                        fields.key_place(&key),
                        format!("`{key}` is not a country or an M49 region code"),
                    )
                    .hint(hint),
            ),
        }
    }
    if errors.is_empty() {
        Ok(texts)
    } else {
        Err(errors)
    }
}
