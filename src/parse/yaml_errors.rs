//! YAML errors said in words, at the line and column of the file: serde_yaml_ng's syntax and
//! type errors turned into a message, a place and a hint.
//! `syntax_error` rewrites serde_yaml_ng's message case by case (`Said`'s methods, in the
//! order they apply), then picks the hint.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Place};
use crate::parse::yaml::top_level_key;

pub(super) fn syntax_error(
    file: &str,
    source: &Arc<str>,
    yaml: &str,
    error: &serde_yaml_ng::Error,
    first_line: usize,
) -> Diagnostic {
    let location = error.location();
    let raw = error.to_string();
    let lines: Vec<&str> = yaml.lines().map(|l| l.trim_end_matches('\r')).collect();
    let at_line = location.as_ref().map(|l| l.line().saturating_sub(1));
    let mut said = Said {
        // serde_yaml_ng appends " at line N column M" with lines of the YAML block: drop it,
        // the snippet shows the real place.
        message: match raw.find(" at line ") {
            Some(i) => raw[..i].to_string(),
            None => raw.clone(),
        },
        place: location.as_ref().map(|l| Place {
            line: first_line + l.line().saturating_sub(1),
            column: l.column().max(1),
            len: 1,
        }),
        field: None,
        prefix: "invalid YAML: ",
        lines: &lines,
        first_line,
    };
    said.repeated_key(at_line.unwrap_or(0));
    said.too_large();
    said.type_in_words();
    let unknown_hint = said.unknown_field();
    if said
        .message
        .contains("did not match any variant of untagged enum Localised")
    {
        said.message = "should be text, or a text per language such as `{fr: …, en: …}`".into();
        said.prefix = "";
    }
    let unclosed_hint = said.unclosed(&raw);
    said.aliases();
    said.second_document();
    let tab_indent = at_line
        .and_then(|i| lines.get(i))
        .is_some_and(|l| l[..l.len() - l.trim_start().len()].contains('\t'));
    let message = &said.message;
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
        _ => unknown_hint.or_else(|| yaml_hint(message)),
    };
    let mut d = Diagnostic::error(file, format!("{}{}", said.prefix, said.message))
        .at(within(source, said.place))
        .source(source)
        .maybe_hint(hint);
    if let Some(f) = said.field {
        d = d.field(f);
    }
    d
}

/// A YAML error as it is being said in words: its message, place and field, and the lines
/// of the YAML block (from `first_line` of the file).
struct Said<'a> {
    message: String,
    place: Option<Place>,
    field: Option<String>,
    prefix: &'static str,
    lines: &'a [&'a str],
    first_line: usize,
}

impl Said<'_> {
    /// The place of the line `index` of the block, at `column`, `len` characters long.
    fn at(&mut self, index: usize, column: usize, len: usize) {
        self.place = Some(Place {
            line: self.first_line + index,
            column,
            len,
        });
    }

    /// The field of serde's path (`eu:` of "eu: unknown field…"), when it is one.
    fn field_from(&mut self, path: &str) {
        let path = path.trim_end().trim_end_matches(':');
        if !path.is_empty() && !path.contains(' ') {
            self.field = Some(path.to_string());
        }
    }

    /// A repeated key is reported at the start of its mapping: point at the repetition.
    fn repeated_key(&mut self, at_line: usize) {
        let Some(key) = self
            .message
            .split_once("duplicate entry with key \"")
            .and_then(|(_, rest)| rest.strip_suffix('"'))
            .map(str::to_string)
        else {
            return;
        };
        let Some((index, indent)) = repeated_key(self.lines, at_line, &key) else {
            return;
        };
        self.at(index, indent + 1, key.chars().count());
        self.message = if indent == 0 {
            format!("the field `{key}` is written twice")
        } else {
            format!("`{key}` is written twice in the same group")
        };
    }

    /// A number too large for any integer type: say so instead of naming Rust's types.
    fn too_large(&mut self) {
        let message = self.message.clone();
        if let Some((path, rest)) = message.split_once("invalid type: integer `")
            && let Some((digits, _)) = rest.split_once('`')
            && (rest.contains("u128") || rest.contains("i128"))
        {
            self.field_from(path);
            if let Some(p) = self.place.as_mut() {
                p.len = digits.chars().count();
            }
            self.message = format!("the number `{digits}` is too large");
            self.prefix = "";
        }
    }

    /// serde's "invalid type: string \"fr\", expected a sequence", in the words of the
    /// messages about front matter.
    fn type_in_words(&mut self) {
        let message = self.message.clone();
        if let Some((path, rest)) = message.split_once("invalid type: ")
            && let Some((found, expected)) = rest.split_once(", expected ")
        {
            self.field_from(path);
            self.message = format!(
                "should be {}, found {}",
                type_in_words(expected),
                type_in_words(found)
            );
            self.prefix = "";
        }
    }

    /// "eu: unknown field `nom`, expected one of `name`, `short`": the closest as a hint.
    fn unknown_field(&mut self) -> Option<String> {
        let message = self.message.clone();
        let (path, rest) = message.split_once("unknown field `")?;
        let (name, expected) = rest.split_once('`')?;
        let expected: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = match crate::diagnostic::closest(name, expected.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None if expected.is_empty() => "remove it".to_string(),
            None => format!("use one of {}", expected.join(", ")),
        };
        self.field_from(path);
        self.message = format!("unknown field `{name}`");
        self.prefix = "";
        Some(hint)
    }

    /// "… at line 9 column 1, while scanning a quoted scalar at line 1 column 8": what was
    /// left open is a better place to show than where the parser gave up (often the end of
    /// the block). Its hint.
    fn unclosed(&mut self, raw: &str) -> Option<String> {
        let (opener, closer, (line, column)) = unclosed(raw, self.lines)?;
        self.at(line.saturating_sub(1), column.max(1), 1);
        self.message = format!("the `{opener}` opened here is not closed");
        self.prefix = "invalid YAML: ";
        Some(match opener {
            '[' | '{' => format!("add the closing `{closer}` after the last item"),
            _ => format!("add the closing `{closer}` at the end of the text"),
        })
    }

    /// A "billion laughs": aliases of aliases that would expand beyond reason. serde_yaml_ng
    /// gives no place: show the first alias.
    fn aliases(&mut self) {
        if !self.message.contains("repetition limit exceeded")
            && !self.message.contains("recursion limit exceeded")
        {
            return;
        }
        if let Some((index, column)) = self.lines.iter().enumerate().find_map(|(i, l)| {
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
            self.at(index, column, 1);
        }
        self.message = "aliases (`*name`) repeat a value so many times that the file would be too large to read".to_string();
        self.prefix = "invalid YAML: ";
    }

    /// `---` or `...` inside a file: serde_yaml_ng says so without a place.
    fn second_document(&mut self) {
        if !self.message.contains("more than one document") {
            return;
        }
        let separator = self.lines.iter().enumerate().skip(1).find(|(_, l)| {
            let l = l.trim_end();
            l == "---" || l == "..." || l.starts_with("--- ")
        });
        if let Some((index, _)) = separator {
            self.at(index, 1, 3);
        }
        self.message = "this line starts a second YAML document".to_string();
        self.prefix = "invalid YAML: ";
    }
}

/// At the end of a file without a final newline, libyaml's place is the line after the
/// last: the last line instead, where what is missing should go.
fn within(source: &str, place: Option<Place>) -> Option<Place> {
    let last_line = crate::diagnostic::line_starts(source).len();
    let mut place = place?;
    if place.line > last_line {
        place.line = last_line;
        place.column = source
            .lines()
            .last()
            .map_or(1, |l| l.trim_end_matches('\r').chars().count() + 1);
    }
    Some(place)
}

/// What a YAML error says was left open, from the context libyaml gives after the problem
/// ("…, while scanning a quoted scalar at line 1 column 8"): the opening character, its
/// closing one, and the opening's line and column in the YAML block (1-based).
pub(super) fn unclosed(raw: &str, lines: &[&str]) -> Option<(char, char, (usize, usize))> {
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
pub(super) fn key_at_any_depth(line: &str) -> Option<(&str, usize)> {
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
pub(super) fn repeated_key(lines: &[&str], from: usize, key: &str) -> Option<(usize, usize)> {
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
pub(super) fn colon_hint(lines: &[&str], index: usize, column: usize) -> String {
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
pub(super) fn type_in_words(serde: &str) -> &'static str {
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

pub(super) fn yaml_hint(message: &str) -> Option<String> {
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
