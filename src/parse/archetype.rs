//! The placeholder text of the theme's archetypes, so that a fact sheet still holding it (a
//! summary or body `fiche new` wrote and nobody replaced) can be pointed out.

use std::collections::BTreeSet;

use crate::parse::frontmatter;

/// What the archetypes write for the author to replace: the `title` and `summary` they give
/// word for word (not those filled in from the slug), and the lines of their bodies that are
/// neither blank, headings (kept as the page's structure) nor filled in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Placeholders {
    pub titles: BTreeSet<String>,
    pub summaries: BTreeSet<String>,
    pub body_lines: BTreeSet<String>,
}

impl Placeholders {
    /// The placeholders of every archetype in `texts` (one that cannot be split adds nothing).
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Placeholders {
        let mut found = Placeholders::default();
        for text in texts {
            let Ok(split) = frontmatter::split(text) else {
                continue;
            };
            for line in split.yaml.lines() {
                let Some((key, value)) = line.split_once(':') else {
                    continue;
                };
                let set = match key {
                    "title" => &mut found.titles,
                    "summary" => &mut found.summaries,
                    _ => continue,
                };
                let value = unquoted(value.trim());
                if !value.is_empty() && !value.contains("{{") {
                    set.insert(value.to_string());
                }
            }
            found.body_lines.extend(
                split
                    .body
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.contains("{{"))
                    .map(str::to_string),
            );
        }
        found
    }

    /// The first line of `body` (0-based) that is a placeholder, and its text.
    pub fn in_body<'b>(&self, body: &'b str) -> Option<(usize, &'b str)> {
        // Lines are cut at each `\n` found by memchr, and only one as long as a placeholder
        // is looked up (`lines()` and a lookup per line took 18,000 instructions a body).
        let (shortest, longest) = (
            self.body_lines.iter().map(String::len).min()?,
            self.body_lines.iter().map(String::len).max()?,
        );
        let ends = memchr::memchr_iter(b'\n', body.as_bytes()).chain([body.len()]);
        let mut start = 0;
        for (number, end) in ends.enumerate() {
            let line = body[start..end].trim();
            start = end + 1;
            if (shortest..=longest).contains(&line.len()) && self.body_lines.contains(line) {
                return Some((number, line));
            }
        }
        None
    }
}

fn unquoted(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_the_literal_title_summary_and_body_lines_but_not_headings() {
        let p = Placeholders::of([
            "---\ntitle: {{ title }}\nsummary: \"Say what it does.\"\n---\n## Goals\n\nDescribe it here.\n",
            "---\ntitle: Programme title\nsummary: Dites ce qu’il fait.\n---\nDécrivez-le ici.\n",
            "no front matter",
        ]);
        assert_eq!(p.titles, BTreeSet::from(["Programme title".to_string()]));
        assert_eq!(
            p.summaries,
            BTreeSet::from(["Say what it does.".into(), "Dites ce qu’il fait.".into()])
        );
        assert_eq!(
            p.body_lines,
            BTreeSet::from(["Describe it here.".into(), "Décrivez-le ici.".into()])
        );
        assert_eq!(
            p.in_body("## Goals\n\n  Describe it here.\n"),
            Some((2, "Describe it here."))
        );
        assert_eq!(p.in_body("## Goals\n\nOur own text.\n"), None);
        // As `lines()` numbers them, `\r\n` and a last line without its `\n` included.
        for body in [
            "",
            "Describe it here.",
            "## Goals\r\n\r\nText.\r\n\tDécrivez-le ici.  \r\n",
            "Describe it here, and more.\nDescribe it\n\nDescribe it here.",
            "\n\n\n",
        ] {
            let by_lines = body
                .lines()
                .map(str::trim)
                .enumerate()
                .find(|(_, l)| p.body_lines.contains(*l));
            assert_eq!(p.in_body(body), by_lines, "{body:?}");
        }
        assert_eq!(Placeholders::default().in_body("Describe it here."), None);
    }
}
