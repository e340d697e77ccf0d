//! All YAML parsing in fiche goes through this module.
//!
//! serde_yaml_ng parses the text; this module adds what it lacks for good messages: the place
//! in the *file* (not in the YAML block) of every top-level key and of the values under it, so
//! that a validation error found after parsing can still point at the line and column.

use std::sync::Arc;

use serde::de::DeserializeOwned;
pub use serde_yaml_ng::{Mapping, Value};

use crate::diagnostic::{Diagnostic, Place};
use crate::parse::yaml_errors::syntax_error;

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
    serde_yaml_ng::from_str(yaml).map_err(|e| syntax_error(file, source, yaml, &e, first_line))
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
pub(super) fn top_level_key(line: &str) -> Option<&str> {
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

/// The key of a top-level line as written, whatever it is (`title`, `~`, `[1, 2]`): the text
/// before the first colon that is followed by a space or ends the line, outside brackets and
/// quotes.
fn written_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
        return None;
    }
    let mut depth = 0usize;
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            (None, ':')
                if depth == 0
                    && line[i + 1..]
                        .chars()
                        .next()
                        .is_none_or(|n| n == ' ' || n == '\t') =>
            {
                let key = line[..i].trim_end();
                return (!key.is_empty()).then_some(key);
            }
            _ => {}
        }
    }
    None
}

/// The byte offset of the first place where `needle` stands in `text` as a whole token (not
/// inside a longer word, key or code).
fn find_token(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let boundary = |c: Option<char>| {
        c.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
    };
    let mut from = 0;
    while let Some(found) = text[from..].find(needle) {
        let start = from + found;
        let end = start + needle.len();
        if boundary(text[..start].chars().next_back()) && boundary(text[end..].chars().next()) {
            return Some(start);
        }
        from = end;
    }
    None
}

/// Places the items of a list one after the other: each search starts where the last one
/// ended, so placing every item of a long list (8,000 unknown countries) is one pass over it
/// rather than one pass per item.
pub struct ItemPlaces<'a> {
    fields: &'a Fields,
    key: String,
    /// Index into `fields.lines`, byte in that line and its column (in characters).
    line: usize,
    end: usize,
    byte: usize,
    column: usize,
}

impl ItemPlaces<'_> {
    /// Where the next `needle` stands after the last item placed; if not found there (an item
    /// written with quotes or escapes), its first place under the key.
    pub fn place(&mut self, needle: &str) -> Option<Place> {
        if needle.is_empty() {
            return self.fields.value_place(&self.key);
        }
        let (mut line, mut byte, mut column) = (self.line, self.byte, self.column);
        while line < self.end {
            let (number, text) = &self.fields.lines[line];
            if let Some(found) = text.get(byte..).and_then(|rest| find_token(rest, needle)) {
                let start = byte + found;
                let at = column + text[byte..start].chars().count();
                let len = needle.chars().count();
                (self.line, self.byte, self.column) = (line, start + needle.len(), at + len);
                return Some(Place {
                    line: *number,
                    column: at + 1,
                    len,
                });
            }
            (line, byte, column) = (line + 1, 0, 0);
        }
        self.fields.token_place(&self.key, needle)
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

    /// Keys that are not text (`~: x`, `1: x`, `[1, 2]: x`), as written, with the place of
    /// each (none when it cannot be found, such as a key written over several lines).
    pub fn non_text_keys(&self) -> Vec<(String, Option<Place>)> {
        // The top-level lines whose key, read as YAML, is not text, in the order written.
        let mut written = self.lines.iter().filter_map(|(line, text)| {
            let key = written_key(text)?;
            let value: Value = serde_yaml_ng::from_str(key).ok()?;
            (!value.is_string()).then(|| {
                (
                    key.to_string(),
                    Place {
                        line: *line,
                        column: 1,
                        len: key.chars().count(),
                    },
                )
            })
        });
        self.mapping
            .keys()
            .filter(|k| !k.is_string())
            .map(|k| match written.next() {
                Some((text, place)) => (text, Some(place)),
                None => (
                    serde_yaml_ng::to_string(k)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                    None,
                ),
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

    /// Where the value of a top-level key starts (after the colon), or its first line when the
    /// value is on the following lines (the key itself if there is none).
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
        self.token_place_nth(key, needle, 0)
    }

    /// Where `needle` stands as a whole token under `key` for the `nth` time (from 0), such as
    /// the second `fr` of `languages: [fr, en, fr]`; the first time if there are not so many.
    pub fn token_place_nth(&self, key: &str, needle: &str, nth: usize) -> Option<Place> {
        if needle.is_empty() {
            return self.value_place(key);
        }
        let block = self.key_block(key)?;
        let mut first = None;
        let mut seen = 0;
        for (i, (line, text)) in self.lines[block.clone()].iter().enumerate() {
            // On the key's own line, look only after the key.
            let mut from = if i == 0 {
                text.find(':').map(|c| c + 1).unwrap_or(0)
            } else {
                0
            };
            while let Some(found) = find_token(&text[from..], needle) {
                let start = from + found;
                let place = Place {
                    line: *line,
                    column: text[..start].chars().count() + 1,
                    len: needle.chars().count(),
                };
                if seen == nth {
                    return Some(place);
                }
                first.get_or_insert(place);
                seen += 1;
                from = start + needle.len();
            }
        }
        first.or_else(|| self.value_place(key))
    }

    /// A finder of the items of the list under `key`, in the order they are written.
    pub fn item_places(&self, key: &str) -> ItemPlaces<'_> {
        let block = self.key_block(key).unwrap_or(0..0);
        let byte = self
            .lines
            .get(block.start)
            .filter(|_| !block.is_empty())
            .and_then(|(_, text)| text.find(':').map(|c| c + 1))
            .unwrap_or(0);
        ItemPlaces {
            fields: self,
            key: key.to_string(),
            line: block.start,
            end: block.end,
            byte,
            column: self
                .lines
                .get(block.start)
                .map_or(0, |(_, t)| t.get(..byte).map_or(0, |b| b.chars().count())),
        }
    }

    /// Where `needle` stands as a whole token after the first `after` token under `key`, such as
    /// the value `euros` of `currency: euros` inside `amount: {…}`.
    pub fn token_place_after(&self, key: &str, after: &str, needle: &str) -> Option<Place> {
        self.token_after_place(key, self.token_place(key, after)?, needle)
    }

    /// Where `needle` stands as a whole token under `key` after `anchor` (a place under `key`).
    pub fn token_after_place(&self, key: &str, anchor: Place, needle: &str) -> Option<Place> {
        let block = self.key_block(key)?;
        for (line, text) in &self.lines[block] {
            if *line < anchor.line {
                continue;
            }
            let from = if *line == anchor.line {
                text.char_indices()
                    .nth(anchor.column.saturating_sub(1) + anchor.len)
                    .map(|(b, _)| b)
                    .unwrap_or(text.len())
            } else {
                0
            };
            if let Some(found) = find_token(&text[from..], needle) {
                let start = from + found;
                return Some(Place {
                    line: *line,
                    column: text[..start].chars().count() + 1,
                    len: needle.chars().count(),
                });
            }
        }
        None
    }

    /// The text at `place`, as written in the file (such as `5.88e7` for a number that YAML
    /// reads as 58800000).
    pub fn written(&self, place: Place) -> Option<&str> {
        let (_, text) = self.lines.iter().find(|(line, _)| *line == place.line)?;
        let start = text.char_indices().nth(place.column.checked_sub(1)?)?.0;
        let end = text[start..]
            .char_indices()
            .nth(place.len)
            .map_or(text.len(), |(i, _)| start + i);
        Some(&text[start..end])
    }

    /// Where the scalar value of the nested key `nested` under `key` is written, such as
    /// `5.88e7` in `amount: {value: 5.88e7, currency: EUR}`: from after its colon to a `,`, a
    /// `}`, a comment or the end of the line.
    pub fn nested_value_place(&self, key: &str, nested: &str) -> Option<Place> {
        self.value_after(self.token_place(key, nested)?)
    }

    /// Where the scalar value after the nested key at `anchor` is written (see
    /// [`Fields::nested_value_place`]).
    pub fn value_after(&self, anchor: Place) -> Option<Place> {
        let (_, text) = self.lines.iter().find(|(line, _)| *line == anchor.line)?;
        let after_key = text
            .char_indices()
            .nth(anchor.column.saturating_sub(1) + anchor.len)
            .map_or(text.len(), |(i, _)| i);
        let rest = text[after_key..].trim_start().strip_prefix(':')?;
        let value_start = text.len() - rest.trim_start().len();
        let value = text[value_start..]
            .split([',', '}'])
            .next()
            .unwrap_or("")
            .split(" #")
            .next()
            .unwrap_or("")
            .trim_end();
        (!value.is_empty()).then(|| Place {
            line: anchor.line,
            column: text[..value_start].chars().count() + 1,
            len: value.chars().count(),
        })
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

    /// A warning about a field's value, placed at the value.
    pub fn warning(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: crate::diagnostic::Severity::Warning,
            ..self.error(key, message)
        }
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
    use crate::parse::yaml_errors::type_in_words;

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

    fn error_of(yaml: &str) -> Diagnostic {
        let source: Arc<str> = Arc::from(format!("---\n{yaml}---\n"));
        fields("t.md", &source, yaml, 2).err().expect("an error")
    }

    #[test]
    fn an_unclosed_quote_or_bracket_is_shown_where_it_opens() {
        // Found by fuzzing: at the very start of the block, libyaml gives no place at all.
        for (yaml, line, column) in [
            ("\"title: x\nbase_url: y", 2, 1),
            ("title: x\nlanguages: [fr, en\ntheme: y\n", 3, 12),
            ("title: 'x\n", 2, 8),
        ] {
            let err = error_of(yaml);
            assert!(err.message.contains("opened here is not closed"), "{err:?}");
            assert_eq!(
                err.place.map(|p| (p.line, p.column)),
                Some((line, column)),
                "{yaml:?}"
            );
        }
    }

    #[test]
    fn a_second_document_is_shown_at_its_separator() {
        let text = "title: x\nbase_url: y\n---\nlanguages: [fr]\n";
        let source: Arc<str> = Arc::from(text);
        let err = fields("site.yaml", &source, text, 1)
            .err()
            .expect("an error");
        assert_eq!(
            err.place.map(|p| (p.line, p.column)),
            Some((3, 1)),
            "{err:?}"
        );
        assert!(err.message.contains("second YAML document"), "{err:?}");
        assert!(err.hint.is_some_and(|h| h.contains("remove this line")));
    }

    #[test]
    fn a_repeated_field_is_placed_at_the_repetition() {
        let err = error_of("title: a\nstatus: ongoing\nsummary: b\nstatus: completed\n");
        assert_eq!(err.place.map(|p| (p.line, p.column)), Some((5, 1)));
        assert!(err.message.contains("`status` is written twice"), "{err:?}");
        let nested = error_of("title: a\nimage:\n  src: x\n  alt: y\n  alt: z\n");
        assert_eq!(nested.place.map(|p| (p.line, p.column)), Some((6, 3)));
    }

    #[test]
    fn a_second_colon_asks_for_quotes_and_a_key_colon_for_indentation() {
        let quote = error_of("title: Phase 2: scale-up\n");
        assert!(
            quote.hint.as_deref().is_some_and(|h| h.contains("quoted")),
            "{quote:?}"
        );
        let indent = error_of("image:\n  src: x\n   alt: y\n");
        let hint = indent.hint.unwrap_or_default();
        assert!(
            hint.contains("indentation") && hint.contains("`alt`"),
            "{hint}"
        );
    }

    #[test]
    fn type_errors_are_said_in_words() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Config {
            languages: Vec<String>,
        }
        let source: Arc<str> = Arc::from("languages: fr\n");
        let err =
            from_str::<Config>("site.yaml", &source, "languages: fr\n", 1).expect_err("an error");
        assert_eq!(err.message, "should be a list, found text");
        assert_eq!(err.field.as_deref(), Some("languages"));
        assert_eq!(type_in_words("struct NamedEntry"), "a mapping of fields");
        assert_eq!(type_in_words("a boolean"), "true or false");
    }

    #[test]
    fn places_list_items_in_order_each_after_the_last() {
        let f = parse("countries: [FJ, XX, XX]\nthemes:\n  - a\n  - XX\n");
        let mut items = f.item_places("countries");
        let found: Vec<_> = ["FJ", "XX", "XX"]
            .iter()
            .map(|i| items.place(i).map(|p| (p.line, p.column)))
            .collect();
        assert_eq!(found, [Some((2, 13)), Some((2, 17)), Some((2, 21))]);
        let mut themes = f.item_places("themes");
        assert_eq!(themes.place("XX").map(|p| (p.line, p.column)), Some((5, 5)));
        // Not found after the last: the first place under the key.
        assert_eq!(themes.place("a").map(|p| (p.line, p.column)), Some((4, 5)));
    }

    #[test]
    fn finds_a_value_after_its_nested_key() {
        let f = parse("amount: {value: 3, currency: euros}\n");
        assert_eq!(
            f.token_place_after("amount", "currency", "euros")
                .map(|p| (p.line, p.column)),
            Some((2, 30))
        );
    }

    #[test]
    fn keys_that_are_not_text_are_placed_at_their_lines() {
        let f = parse("title: a\n\"b: c\": d\n~: x\n[1, 2]: y\n3: z\n");
        let keys: Vec<(String, Option<usize>)> = f
            .non_text_keys()
            .into_iter()
            .map(|(k, p)| (k, p.map(|p| p.line)))
            .collect();
        assert_eq!(
            keys,
            [
                ("~".to_string(), Some(4)),
                ("[1, 2]".to_string(), Some(5)),
                ("3".to_string(), Some(6))
            ]
        );
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
