//! YAML as text, for what an import writes: scalars that read back as the text they hold,
//! numbers and lists, and a front matter's lines grouped by field. The user's YAML is never
//! re-serialised: it is read as lines and only the import's own lines are replaced.

/// A YAML scalar after `key: `: plain when that reads back as the same text, else
/// double-quoted (JSON's quoting, which YAML reads the same).
pub(crate) fn scalar(s: &str) -> String {
    quoted_unless(s, |c| matches!(c, '\\' | '`' | '\n' | '\t'))
}

/// A YAML scalar inside `[…]`, where commas and brackets end it.
fn flow_scalar(s: &str) -> String {
    quoted_unless(s, |c| {
        matches!(c, '[' | ']' | '{' | '}' | ',' | '\\' | '`' | '\n' | '\t')
    })
}

fn quoted_unless(s: &str, unsafe_char: impl Fn(char) -> bool) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_alphabetic())
        && s.trim() == s
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.contains(|c: char| unsafe_char(c) || c.is_control())
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "null" | "on" | "off" | "y" | "n"
        );
    if plain { s.to_string() } else { quoted(s) }
}

/// Text double-quoted as JSON quotes it, which YAML reads back as the same text.
pub(crate) fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A number as a fact sheet writes it: whole numbers without a decimal part, else two decimals.
pub(crate) fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
    }
}

/// A flow list: `[a, b]`.
pub(crate) fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|i| flow_scalar(i))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A top-level key of a front-matter line, if the line starts one.
fn key_of(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let (key, rest) = line.split_once(':')?;
    (rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n'])).then_some(key.trim())
}

/// The front matter's lines grouped by top-level field: (key or `None`, lines).
pub(crate) fn blocks_of(yaml_text: &str) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    for line in yaml_text.split_inclusive('\n') {
        match key_of(line) {
            Some(k) => out.push((Some(k.to_string()), line.to_string())),
            None => {
                let continues = line.starts_with([' ', '\t', '-']) && !out.is_empty();
                match out.last_mut() {
                    Some((Some(_), text)) if continues => text.push_str(line),
                    _ => out.push((None, line.to_string())),
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_plain_only_when_they_read_back_the_same() {
        assert_eq!(scalar("Blue Pacific"), "Blue Pacific");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("A: B"), "\"A: B\"");
        assert_eq!(scalar("2024"), "\"2024\"");
        assert_eq!(scalar("[x]"), "\"[x]\"");
        assert_eq!(flow_scalar("a, b"), "\"a, b\"");
        assert_eq!(scalar("Protection, Assistance"), "Protection, Assistance");
    }

    #[test]
    fn blocks_group_a_field_with_its_indented_lines() {
        let blocks = blocks_of("title: A\nlinks:\n  - title: x\n    url: y\n# note\nend: 2024\n");
        let keys: Vec<Option<&str>> = blocks.iter().map(|(k, _)| k.as_deref()).collect();
        assert_eq!(keys, [Some("title"), Some("links"), None, Some("end")]);
    }
}
