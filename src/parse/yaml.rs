//! All YAML parsing in fiche goes through this module.
//!
//! serde_yaml_ng parses the text; this module adds what it lacks for good messages: the place
//! in the *file* (not in the YAML block) of every top-level key and of the values under it, so
//! that a validation error found after parsing can still point at the line and column.

use std::sync::Arc;

use serde::de::DeserializeOwned;
pub use serde_yaml_ng::{Mapping, Value};

use crate::diagnostic::{Diagnostic, Place};

/// A parsed YAML mapping that remembers where its keys and values are.
pub struct Fields {
    file: String,
    source: Arc<str>,
    mapping: Mapping,
    /// Each line of the YAML block: its line number in the file and its text.
    lines: Vec<(usize, String)>,
    /// Index into `lines` of each top-level key's line, in order.
    keys: Vec<(String, usize)>,
}

/// Parses YAML text to any deserialisable type, reporting errors at their line in the file.
pub fn from_str<T: DeserializeOwned>(
    file: &str,
    source: &Arc<str>,
    yaml: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_yaml_ng::from_str(yaml).map_err(|e| syntax_error(file, source, &e, first_line))
}

/// Parses the YAML of a file (or of its front matter) as a mapping of fields.
pub fn fields(
    file: &str,
    source: &Arc<str>,
    yaml: &str,
    first_line: usize,
) -> Result<Fields, Diagnostic> {
    let value: Value = if yaml.trim().is_empty() {
        Value::Mapping(Mapping::new())
    } else {
        from_str(file, source, yaml, first_line)?
    };
    let mapping = match value {
        Value::Mapping(m) => m,
        Value::Null => Mapping::new(),
        other => {
            return Err(Diagnostic::error(
                file,
                format!(
                    "expected fields such as `title: …`, found {}",
                    describe(&other)
                ),
            )
            .at(Some(Place {
                line: first_line,
                column: 1,
                len: 1,
            }))
            .source(source)
            .hint("each line of the front matter is a field name, a colon and a value"));
        }
    };
    let lines: Vec<(usize, String)> = yaml
        .lines()
        .enumerate()
        .map(|(i, l)| (first_line + i, l.trim_end_matches('\r').to_string()))
        .collect();
    let keys = lines
        .iter()
        .enumerate()
        .filter_map(|(i, (_, text))| top_level_key(text).map(|k| (k.to_string(), i)))
        .collect();
    Ok(Fields {
        file: file.to_string(),
        source: Arc::clone(source),
        mapping,
        lines,
        keys,
    })
}

fn syntax_error(
    file: &str,
    source: &Arc<str>,
    error: &serde_yaml_ng::Error,
    first_line: usize,
) -> Diagnostic {
    let place = error.location().map(|l| Place {
        line: first_line + l.line().saturating_sub(1),
        column: l.column().max(1),
        len: 1,
    });
    let raw = error.to_string();
    // serde_yaml_ng appends " at line N column M" with lines of the YAML block: drop it, the
    // snippet shows the real place.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    let hint = yaml_hint(&message);
    Diagnostic::error(file, format!("invalid YAML: {message}"))
        .at(place)
        .source(source)
        .maybe_hint(hint)
}

fn yaml_hint(message: &str) -> Option<String> {
    if message.contains("mapping values are not allowed") {
        Some("a value that contains `: ` must be quoted: `title: \"Phase 2: scale-up\"`".into())
    } else if message.contains("duplicate entry") {
        Some("each field may appear only once: remove or merge the repeated one".into())
    } else if message.contains("did not find expected") || message.contains("found character") {
        Some("check the indentation, brackets and quotes on this line and the one before".into())
    } else if message.contains("tab") {
        Some("YAML indents with spaces, not tabs".into())
    } else {
        None
    }
}

/// What kind of YAML value this is, in words for messages.
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping of fields",
        Value::Tagged(_) => "a tagged value",
    }
}

/// The key of a top-level `key: value` line, if this line is one.
fn top_level_key(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if first.is_whitespace() || matches!(first, '#' | '-' | '[' | '{' | '}' | ']') {
        return None;
    }
    let (key, rest) = if let Some(stripped) = line.strip_prefix('"') {
        let end = stripped.find('"')?;
        (&stripped[..end], &stripped[end + 1..])
    } else if let Some(stripped) = line.strip_prefix('\'') {
        let end = stripped.find('\'')?;
        (&stripped[..end], &stripped[end + 1..])
    } else {
        let end = line.find(':')?;
        (line[..end].trim_end(), &line[end..])
    };
    let rest = rest.trim_start();
    let after = rest.strip_prefix(':')?;
    if after.is_empty() || after.starts_with([' ', '\t']) {
        Some(key)
    } else {
        None
    }
}

impl Fields {
    pub fn file(&self) -> &str {
        &self.file
    }

    pub fn source(&self) -> &Arc<str> {
        &self.source
    }

    pub fn mapping(&self) -> &Mapping {
        &self.mapping
    }

    /// The fields in the order written, with keys as text (non-text keys are skipped).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.mapping
            .iter()
            .filter_map(|(k, v)| k.as_str().map(|k| (k, v)))
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.mapping.get(key)
    }

    /// Keys that are not text (`1: x`, `[a]: x`), with the line of each.
    pub fn non_text_keys(&self) -> Vec<String> {
        self.mapping
            .keys()
            .filter(|k| !k.is_string())
            .map(|k| {
                serde_yaml_ng::to_string(k)
                    .unwrap_or_default()
                    .trim()
                    .to_string()
            })
            .collect()
    }

    /// The lines (indexes into `self.lines`) that belong to a top-level key.
    fn key_block(&self, key: &str) -> Option<std::ops::Range<usize>> {
        let pos = self.keys.iter().position(|(k, _)| k == key)?;
        let start = self.keys[pos].1;
        let end = self
            .keys
            .get(pos + 1)
            .map(|(_, i)| *i)
            .unwrap_or(self.lines.len());
        Some(start..end)
    }

    /// Where the top-level key is written.
    pub fn key_place(&self, key: &str) -> Option<Place> {
        let block = self.key_block(key)?;
        let (line, text) = &self.lines[block.start];
        let column = text.find(key).map(|b| text[..b].chars().count() + 1)?;
        Some(Place {
            line: *line,
            column,
            len: key.chars().count(),
        })
    }

    /// Where the value of a top-level key starts (after the colon), or the key if the value is
    /// on the following lines.
    pub fn value_place(&self, key: &str) -> Option<Place> {
        let block = self.key_block(key)?;
        let (line, text) = &self.lines[block.start];
        let colon = text.find(':')?;
        let after = &text[colon + 1..];
        let trimmed = after.trim_start();
        let value = trimmed.split(" #").next().unwrap_or("").trim_end();
        if value.is_empty() {
            // The value is on the next non-blank line.
            for (line, text) in &self.lines[block.start + 1..block.end] {
                let t = text.trim();
                if !t.is_empty() && !t.starts_with('#') {
                    let col = text.len() - text.trim_start().len();
                    return Some(Place {
                        line: *line,
                        column: text[..col].chars().count() + 1,
                        len: t.chars().count(),
                    });
                }
            }
            return self.key_place(key);
        }
        let byte = colon + 1 + (after.len() - trimmed.len());
        Some(Place {
            line: *line,
            column: text[..byte].chars().count() + 1,
            len: value.chars().count(),
        })
    }

    /// Where `needle` (a scalar written under `key`, such as one country of a list, or the
    /// nested key `alt` of `image`) first stands as a whole token.
    pub fn token_place(&self, key: &str, needle: &str) -> Option<Place> {
        if needle.is_empty() {
            return self.value_place(key);
        }
        let block = self.key_block(key)?;
        for (i, (line, text)) in self.lines[block.clone()].iter().enumerate() {
            // On the key's own line, look only after the key.
            let skip = if i == 0 {
                text.find(':').map(|c| c + 1).unwrap_or(0)
            } else {
                0
            };
            let mut from = skip;
            while let Some(found) = text[from..].find(needle) {
                let start = from + found;
                let end = start + needle.len();
                let before = text[..start].chars().next_back();
                let after = text[end..].chars().next();
                let boundary = |c: Option<char>| {
                    c.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
                };
                if boundary(before) && boundary(after) {
                    return Some(Place {
                        line: *line,
                        column: text[..start].chars().count() + 1,
                        len: needle.chars().count(),
                    });
                }
                from = end;
            }
        }
        self.value_place(key)
    }

    /// An error about a field, placed at `place` or else at the key.
    pub fn error_at(
        &self,
        key: &str,
        place: Option<Place>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(self.file.as_str(), message)
            .field(key)
            .at(place.or_else(|| self.key_place(key)))
            .source(&self.source)
    }

    /// An error about a field's value, placed at the value.
    pub fn error(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        self.error_at(key, self.value_place(key), message)
    }

    /// An error about something missing from the whole block, placed at its first line.
    pub fn error_missing(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let line = self
            .lines
            .first()
            .map(|(l, _)| l.saturating_sub(1))
            .unwrap_or(1);
        Diagnostic::error(self.file.as_str(), message)
            .field(key)
            .at(Some(Place {
                line: line.max(1),
                column: 1,
                len: 3,
            }))
            .source(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> Fields {
        let source: Arc<str> = Arc::from(format!("---\n{yaml}---\n"));
        fields("t.md", &source, yaml, 2).expect("valid yaml")
    }

    #[test]
    fn places_keys_values_and_list_items_at_file_lines() {
        let f = parse("title: Hello\ncountries:\n  - FJ\n  - BRA\nthemes: [a, b]\n");
        assert_eq!(f.key_place("title").map(|p| p.line), Some(2));
        assert_eq!(
            f.value_place("title").map(|p| (p.line, p.column)),
            Some((2, 8))
        );
        assert_eq!(
            f.token_place("countries", "BRA")
                .map(|p| (p.line, p.column)),
            Some((5, 5))
        );
        assert_eq!(
            f.token_place("themes", "b").map(|p| (p.line, p.column)),
            Some((6, 13))
        );
    }

    #[test]
    fn syntax_errors_name_the_file_line() {
        let source: Arc<str> = Arc::from("---\ntitle: a\nsummary: [unclosed\n---\n");
        let err = fields("t.md", &source, "title: a\nsummary: [unclosed\n", 2)
            .err()
            .expect("an error");
        assert!(err.place.expect("placed").line >= 3, "{err:?}");
        assert!(err.message.starts_with("invalid YAML"));
    }

    #[test]
    fn recognises_top_level_keys_only() {
        assert_eq!(top_level_key("title: x"), Some("title"));
        assert_eq!(top_level_key("image:"), Some("image"));
        assert_eq!(top_level_key("  alt: x"), None);
        assert_eq!(top_level_key("- a"), None);
        assert_eq!(top_level_key("url: https://x"), Some("url"));
        assert_eq!(top_level_key("\"odd key\": 1"), Some("odd key"));
    }
}
