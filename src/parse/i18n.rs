//! Interface strings (`themes/<theme>/i18n/<lang>.yaml`, overridden by `i18n/<lang>.yaml`).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::parse::rules;
use crate::parse::yaml::{self, Value};

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
    let hint = "each line is `key: text`, or `key: {one: …, other: …}` for a text with a count";
    let fields = yaml::fields(file, source, text, 1).map_err(|d| match d.hint {
        Some(_) => d,
        None => d.hint(hint),
    })?;
    if let Some((shown, place)) = fields.non_text_keys().into_iter().next() {
        let mut d = match place {
            Some(place) => fields.error_at("?", Some(place), format!("`{shown}` is not a key")),
            None => fields.error_missing("?", format!("`{shown}` is not a key")),
        }
        .hint(hint);
        d.field = None;
        return Err(d);
    }
    let mut map = BTreeMap::new();
    for (key, value) in fields.iter() {
        let scalar = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        let entry = match value {
            Value::Mapping(forms) => {
                let mut plural = BTreeMap::new();
                for (category, form) in forms {
                    let category = category.as_str().unwrap_or("?");
                    if !PLURAL_CATEGORIES.contains(&category) {
                        return Err(fields
                            .error_at(
                                key,
                                fields.token_place(key, category),
                                format!("`{category}` is not a plural category"),
                            )
                            .hint("use zero, one, two, few, many and other"));
                    }
                    let Some(form) = scalar(form) else {
                        return Err(fields
                            .error_at(
                                key,
                                fields.token_place(key, category),
                                format!(
                                    "the `{category}` form should be text, found {}",
                                    yaml::describe(form)
                                ),
                            )
                            .hint("write `{one: \"{n} programme\", other: \"{n} programmes\"}`"));
                    };
                    plural.insert(category.to_string(), form);
                }
                if !plural.contains_key("other") {
                    return Err(fields
                        .error(key, "a text with a count needs an `other` form")
                        .hint("write `{one: \"{n} programme\", other: \"{n} programmes\"}`"));
                }
                Text::Plural(plural)
            }
            other => match scalar(other) {
                Some(text) => Text::Plain(text),
                None => {
                    return Err(fields
                        .error(
                            key,
                            format!(
                                "should be text, or forms per count such as `{{one: …, other: …}}`, found {}",
                                yaml::describe(other)
                            ),
                        )
                        .hint(hint));
                }
            },
        };
        let texts: Vec<&String> = match &entry {
            Text::Plain(t) => vec![t],
            Text::Plural(forms) => forms.values().collect(),
        };
        if let Some(p) = texts
            .into_iter()
            .find_map(|t| rules::length_problem("interface string", t))
        {
            return Err(fields.error(key, p.message).hint(p.hint));
        }
        map.insert(key.to_string(), entry);
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_beyond_its_limit_is_an_error_at_its_key() {
        let source: Arc<str> = Arc::from(format!("countries: Pays\nhome: {}\n", "a".repeat(2_001)));
        let err = parse("i18n/fr.yaml", &source).expect_err("too long");
        assert!(err.message.contains("2000 characters"), "{err:?}");
        assert_eq!(err.place.map(|p| p.line), Some(2));
    }

    #[test]
    fn a_key_that_is_not_a_word_is_shown_at_its_line() {
        let source: Arc<str> = Arc::from("countries: Pays\n~: rien\n");
        let err = parse("i18n/fr.yaml", &source).expect_err("a null key");
        assert_eq!(err.message, "`~` is not a key");
        assert_eq!(err.place.map(|p| (p.line, p.column)), Some((2, 1)));
    }
}
