//! Interface strings (`themes/<theme>/i18n/<lang>.yaml`, overridden by `i18n/<lang>.yaml`).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::parse::yaml;

/// One interface string: plain text, or forms per CLDR plural category with `{n}` for the count.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Plural(BTreeMap<String, String>),
}

pub const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

pub fn parse(file: &str, source: &Arc<str>) -> Result<BTreeMap<String, Text>, Diagnostic> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    if text.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let map: BTreeMap<String, Text> = yaml::from_str(file, source, text, 1).map_err(|d| {
        d.hint("each line is `key: text`, or `key: {one: …, other: …}` for a text with a count")
    })?;
    for (key, value) in &map {
        if let Text::Plural(forms) = value {
            let fields = yaml::fields(file, source, text, 1)?;
            if !forms.contains_key("other") {
                return Err(fields
                    .error(key, "a text with a count needs an `other` form")
                    .hint("write `{one: \"{n} programme\", other: \"{n} programmes\"}`"));
            }
            if let Some(bad) = forms
                .keys()
                .find(|k| !PLURAL_CATEGORIES.contains(&k.as_str()))
            {
                return Err(fields
                    .error_at(
                        key,
                        fields.token_place(key, bad),
                        format!("`{bad}` is not a plural category"),
                    )
                    .hint("use zero, one, two, few, many and other"));
            }
        }
    }
    Ok(map)
}
