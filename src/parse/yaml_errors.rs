//! YAML errors said in words, at the line and column of the file: serde_yaml_ng's syntax and
//! type errors turned into a message, a place and a hint.
//!
//! `syntax_error` is longer than the 120 lines a function may have elsewhere: it is a table of
//! the cases serde_yaml_ng reports (each message with its place and hint) written as one chain,
//! so that the cases read in order; splitting it would scatter the table.

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
