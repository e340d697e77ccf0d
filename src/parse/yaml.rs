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

fn syntax_error(
    file: &str,
    source: &Arc<str>,
    yaml: &str,
    error: &serde_yaml_ng::Error,
    first_line: usize,
) -> Diagnostic {
    let location = error.location();
    let mut place = location.as_ref().map(|l| Place {
        line: first_line + l.line().saturating_sub(1),
        column: l.column().max(1),
        len: 1,
    });
    let raw = error.to_string();
    // serde_yaml_ng appends " at line N column M" with lines of the YAML block: drop it, the
    // snippet shows the real place.
    let mut message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let lines: Vec<&str> = yaml.lines().map(|l| l.trim_end_matches('\r')).collect();
    let at_line = location.as_ref().map(|l| l.line().saturating_sub(1));
    let mut field = None;
    let mut prefix = "invalid YAML: ";
    // A repeated key is reported at the start of its mapping: point at the repetition.
    if let Some(key) = message
        .split_once("duplicate entry with key \"")
        .and_then(|(_, rest)| rest.strip_suffix('"'))
        .map(str::to_string)
        && let Some((index, indent)) = repeated_key(&lines, at_line.unwrap_or(0), &key)
    {
        place = Some(Place {
            line: first_line + index,
            column: indent + 1,
            len: key.chars().count(),
        });
        message = if indent == 0 {
            format!("the field `{key}` is written twice")
        } else {
            format!("`{key}` is written twice in the same group")
        };
    }
    // A number too large for any integer type: say so instead of naming Rust's types.
    if let Some((path, rest)) = message.split_once("invalid type: integer `")
        && let Some((digits, _)) = rest.split_once('`')
        && (rest.contains("u128") || rest.contains("i128"))
    {
        let path = path.trim_end().trim_end_matches(':');
        if !path.is_empty() && !path.contains(' ') {
            field = Some(path.to_string());
        }
        if let Some(p) = place.as_mut() {
            p.len = digits.chars().count();
        }
        message = format!("the number `{digits}` is too large");
        prefix = "";
    }
    let tab_indent = at_line
        .and_then(|i| lines.get(i))
        .is_some_and(|l| l[..l.len() - l.trim_start().len()].contains('\t'));
    // serde's "invalid type: string \"fr\", expected a sequence", in the words of the messages
    // about front matter.
    if let Some((path, rest)) = message.split_once("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        let path = path.trim_end().trim_end_matches(':');
        if !path.is_empty() && !path.contains(' ') {
            field = Some(path.to_string());
        }
        message = format!(
            "should be {}, found {}",
            type_in_words(expected),
            type_in_words(found)
        );
        prefix = "";
    }
    // "eu: unknown field `nom`, expected one of `name`, `short`": the closest as a hint.
    let mut unknown_hint = None;
    if let Some((path, rest)) = message.split_once("unknown field `")
        && let Some((name, expected)) = rest.split_once('`')
    {
        let expected: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        unknown_hint = Some(
            match crate::diagnostic::closest(name, expected.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None if expected.is_empty() => "remove it".to_string(),
                None => format!("use one of {}", expected.join(", ")),
            },
        );
        let path = path.trim_end().trim_end_matches(':');
        if !path.is_empty() && !path.contains(' ') {
            field = Some(path.to_string());
        }
        message = format!("unknown field `{name}`");
        prefix = "";
    }
    if message.contains("did not match any variant of untagged enum Localised") {
        message = "should be text, or a text per language such as `{fr: …, en: …}`".to_string();
        prefix = "";
    }
    // "… at line 9 column 1, while scanning a quoted scalar at line 1 column 8": what was left
    // open is a better place to show than where the parser gave up (often the end of the block).
    let mut unclosed_hint = None;
    if let Some((opener, closer, (line, column))) = unclosed(&raw, &lines) {
        place = Some(Place {
            line: first_line + line.saturating_sub(1),
            column: column.max(1),
            len: 1,
        });
        message = format!("the `{opener}` opened here is not closed");
        prefix = "invalid YAML: ";
        unclosed_hint = Some(match opener {
            '[' | '{' => format!("add the closing `{closer}` after the last item"),
            _ => format!("add the closing `{closer}` at the end of the text"),
        });
    }
    // A "billion laughs": aliases of aliases that would expand beyond reason. serde_yaml_ng
    // gives no place: show the first alias.
    if message.contains("repetition limit exceeded") || message.contains("recursion limit exceeded")
    {
        if let Some((index, column)) = lines.iter().enumerate().find_map(|(i, l)| {
            l.char_indices()
                .find(|&(b, c)| {
                    c == '*'
                        && l[..b]
                            .chars()
                            .next_back()
                            .is_none_or(|p| matches!(p, ' ' | '[' | ',' | '{' | ':'))
                        && l[b + 1..].starts_with(|n: char| n.is_alphanumeric() || n == '_')
                })
                .map(|(b, _)| (i, l[..b].chars().count() + 1))
        }) {
            place = Some(Place {
                line: first_line + index,
                column,
                len: 1,
            });
        }
        message = "aliases (`*name`) repeat a value so many times that the file would be too large to read".to_string();
        prefix = "invalid YAML: ";
    }
    // `---` or `...` inside a file: serde_yaml_ng says so without a place.
    if message.contains("more than one document") {
        let separator = lines.iter().enumerate().skip(1).find(|(_, l)| {
            let l = l.trim_end();
            l == "---" || l == "..." || l.starts_with("--- ")
        });
        if let Some((index, _)) = separator {
            place = Some(Place {
                line: first_line + index,
                column: 1,
                len: 3,
            });
        }
        message = "this line starts a second YAML document".to_string();
        prefix = "invalid YAML: ";
    }
    let hint = match (message.contains("mapping values are not allowed"), location) {
        _ if unclosed_hint.is_some() => unclosed_hint,
        _ if message.contains("second YAML document") => {
            Some("a file holds one set of fields: remove this line".into())
        }
        _ if message.starts_with("aliases (") => Some(
            "write the values out instead of repeating them with `&anchor` and `*alias`".into(),
        ),
        _ if tab_indent => Some("YAML indents with spaces, not tabs: replace the tabs at the start of this line with spaces".into()),
        (true, Some(l)) => Some(colon_hint(&lines, l.line().saturating_sub(1), l.column())),
        _ => unknown_hint.or_else(|| yaml_hint(&message)),
    };
    // At the end of a file without a final newline, libyaml's place is the line after the
    // last: show the last line, where what is missing should go.
    let last_line = crate::diagnostic::line_starts(source).len();
    if let Some(p) = place.as_mut()
        && p.line > last_line
    {
        p.line = last_line;
        p.column = source
            .lines()
            .last()
            .map_or(1, |l| l.trim_end_matches('\r').chars().count() + 1);
    }
    let mut d = Diagnostic::error(file, format!("{prefix}{message}"))
        .at(place)
        .source(source)
        .maybe_hint(hint);
    if let Some(f) = field {
        d = d.field(f);
    }
    d
}

/// What a YAML error says was left open, from the context libyaml gives after the problem
/// ("…, while scanning a quoted scalar at line 1 column 8"): the opening character, its
/// closing one, and the opening's line and column in the YAML block (1-based).
fn unclosed(raw: &str, lines: &[&str]) -> Option<(char, char, (usize, usize))> {
    let (_, context) = raw.split_once(", while ")?;
    // libyaml leaves the place out when it is the very start of the block.
    let (what, at): (&str, (usize, usize)) = match context.rsplit_once(" at line ") {
        Some((what, mark)) => {
            let (line, column) = mark.split_once(" column ")?;
            (
                what,
                (line.trim().parse().ok()?, column.trim().parse().ok()?),
            )
        }
        None => (context, (1, 1)),
    };
    let opener = if what.contains("quoted scalar") {
        lines
            .get(at.0.checked_sub(1)?)
            .and_then(|l| l.chars().nth(at.1.saturating_sub(1)))
            .filter(|c| *c == '\'')
            .unwrap_or('"')
    } else if what.contains("flow sequence") {
        '['
    } else if what.contains("flow mapping") {
        '{'
    } else {
        return None;
    };
    let closer = match opener {
        '[' => ']',
        '{' => '}',
        quote => quote,
    };
    Some((opener, closer, at))
}

/// The key of a `key: value` line at any depth (also `- key: value`), with its column
/// (0-based, in characters).
fn key_at_any_depth(line: &str) -> Option<(&str, usize)> {
    let body = line.trim_start_matches(' ');
    let mut indent = line.len() - body.len();
    let body = match body.strip_prefix("- ") {
        Some(rest) => {
            let rest_trimmed = rest.trim_start_matches(' ');
            indent += 2 + rest.len() - rest_trimmed.len();
            rest_trimmed
        }
        None => body,
    };
    top_level_key(body).map(|k| (k, indent))
}

/// The second line, from `from` on, holding `key` at the same depth as an earlier one: its
/// index in `lines` and its indentation.
fn repeated_key(lines: &[&str], from: usize, key: &str) -> Option<(usize, usize)> {
    let mut seen: Vec<usize> = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(from) {
        if let Some((k, indent)) = key_at_any_depth(line)
            && k == key
        {
            if seen.contains(&indent) {
                return Some((i, indent));
            }
            seen.push(indent);
        }
    }
    None
}

/// What to do about "mapping values are not allowed": a second `: ` on a line means a value
/// that needs quotes; a key's own colon there means the line is indented wrongly.
fn colon_hint(lines: &[&str], index: usize, column: usize) -> String {
    let quote =
        "a value that contains `: ` must be quoted: `title: \"Phase 2: scale-up\"`".to_string();
    let Some(line) = lines.get(index) else {
        return quote;
    };
    let before: String = line.chars().take(column.saturating_sub(1)).collect();
    if before.contains(": ") || before.contains(":\t") {
        return quote;
    }
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let key = before.trim();
    let above = lines[..index]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    match above.and_then(|l| key_at_any_depth(l).map(|(k, _)| (k, indent(l)))) {
        Some((above_key, above_indent)) if above_indent != indent(line) && !key.is_empty() => {
            format!(
                "check the indentation: `{key}` starts after {} spaces but `{above_key}` on the line above after {above_indent}; the fields of one group line up in the same column",
                indent(line)
            )
        }
        _ => "check the indentation of this line and the one above: the fields of one group line up in the same column, and a value that contains `: ` must be quoted".to_string(),
    }
}

/// A serde type name ("a sequence", "string \"fr\"", "struct RawConfig") in the words of the
/// messages.
fn type_in_words(serde: &str) -> &'static str {
    let s = serde
        .trim()
        .trim_start_matches("a ")
        .trim_start_matches("an ");
    if s.starts_with("sequence") || s.starts_with("tuple") {
        "a list"
    } else if s.starts_with("map") || s.starts_with("struct") {
        "a mapping of fields"
    } else if s.starts_with("string") || s.starts_with("str") || s.starts_with("char") {
        "text"
    } else if s.starts_with("bool") {
        "true or false"
    } else if s.starts_with("unit") || s.starts_with("null") {
        "nothing"
    } else if s.starts_with("integer")
        || s.starts_with("floating")
        || s.starts_with('u')
        || s.starts_with('i')
        || s.starts_with('f')
    {
        "a number"
    } else {
        "something else"
    }
}

fn yaml_hint(message: &str) -> Option<String> {
    if message.starts_with("should be a list") {
        Some("write the items in brackets, such as `[fr, en]`, or one `- item` per line".into())
    } else if message.starts_with("should be text") {
        Some(
            "write the text on one line after the colon, in quotes if it contains `:`, `[` or `{`"
                .into(),
        )
    } else if message.starts_with("should be a mapping") {
        Some("write the parts on the following lines, indented, or as `{key: value, …}`".into())
    } else if message.starts_with("should be true or false") {
        Some("write `true` or `false`".into())
    } else if message.contains("is too large") {
        Some("write a smaller number, or put the value in quotes if it is an identifier".into())
    } else if message.contains("written twice") || message.contains("duplicate entry") {
        Some("each field may appear only once: remove or merge the repeated one".into())
    } else if message.contains("tab") {
        Some("YAML indents with spaces, not tabs".into())
    } else if message.contains("end of stream") {
        Some("a quote or a bracket opened above is not closed: check the `\"`, `'`, `[` and `{` of the fields above".into())
    } else if message.contains("did not find expected") || message.contains("found character") {
        Some("check the indentation, brackets and quotes on this line and the one before".into())
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
        let anchor = self.token_place(key, after)?;
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
        let anchor = self.token_place(key, nested)?;
        let (_, text) = self.lines.iter().find(|(line, _)| *line == anchor.line)?;
        let after_key = text
            .char_indices()
            .nth(anchor.column - 1 + anchor.len)
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
