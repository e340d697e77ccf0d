//! The words of each language version: the title, the summary (the general description's
//! first sentences) and the body (every description).

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::import::iati::Element;
use crate::import::mapping::Context;
use crate::import::mapping::narratives::{by_site_language, narratives};
use crate::import::{Report, Words};

/// The longest summary taken whole from a description, in characters.
const SHORT: usize = 300;

/// The words of `a` in each of the site's languages that has its title; an activity without a
/// title in any of them is an error. `what` names the activity in messages.
pub(super) fn words(
    a: &Element,
    cx: &Context,
    what: &str,
    report: &mut Report,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(String, Words)> {
    let mut out = Vec::new();
    let titles_all = a
        .child("title")
        .map(|t| narratives(t, cx, report, false))
        .unwrap_or_default();
    let titles = by_site_language(cx, &titles_all);
    if titles.is_empty() {
        let line = a.child("title").map_or(a.line, |t| t.line);
        if titles_all.is_empty() {
            errors.push(
                cx.error(line, "title", format!("{what} has no title"))
                    .hint("each activity needs a `<title>` with a `<narrative>`"),
            );
        } else {
            let langs: Vec<&str> = titles_all.iter().map(|(l, _)| l.as_str()).collect();
            errors.push(
                cx.error(
                    line,
                    "title/narrative/@xml:lang",
                    format!(
                        "{what} has a title only in a language the site lacks ({})",
                        langs.join(", ")
                    ),
                )
                .hint(format!(
                    "add `{}` to `languages` in site.yaml, or give the title in one of the site's languages ({})",
                    langs[0],
                    cx.languages.join(", ")
                )),
            );
        }
    }
    let mut general: Vec<BTreeMap<String, String>> = Vec::new();
    let mut others: Vec<BTreeMap<String, String>> = Vec::new();
    for d in a.children("description") {
        let texts = by_site_language(cx, &narratives(d, cx, report, true));
        match d.attr("type") {
            None | Some("1") => general.push(texts),
            Some(_) => others.push(texts),
        }
    }
    for lang in cx.languages {
        let Some(title) = titles.get(lang) else {
            continue;
        };
        let paragraphs: Vec<&String> = general
            .iter()
            .chain(&others)
            .filter_map(|d| d.get(lang))
            .collect();
        let summary_source = general
            .iter()
            .find_map(|d| d.get(lang))
            .or_else(|| paragraphs.first().copied());
        let summary = match summary_source {
            Some(s) => summary_of(s),
            None => {
                report.count(
                    "versions without a description in their language: their summary is their title",
                    1,
                );
                title.clone()
            }
        };
        let body = paragraphs
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        out.push((
            lang.clone(),
            Words {
                title: title.clone(),
                summary,
                body,
            },
        ));
    }
    out
}

/// The summary of a description: its first paragraph when short, else its first sentences
/// (at most [`SHORT`] characters; a first sentence longer than that is cut at a word).
pub fn summary_of(text: &str) -> String {
    let first = text.split("\n\n").next().unwrap_or("").trim();
    if first.chars().count() <= SHORT {
        return first.to_string();
    }
    let mut out = String::new();
    let mut rest = first;
    while let Some(end) = sentence_end(rest) {
        let sentence = &rest[..end];
        if (out.chars().count() + sentence.chars().count()) > SHORT {
            break;
        }
        out.push_str(sentence);
        rest = &rest[end..];
    }
    if out.trim().is_empty() {
        let mut cut: String = first.chars().take(SHORT - 1).collect();
        if let Some(space) = cut.rfind(' ') {
            cut.truncate(space);
        }
        return format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']));
    }
    out.trim().to_string()
}

/// The end (after its punctuation and the space after it) of the first sentence of `text`.
fn sentence_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?' | '。')
            && bytes.get(i + c.len_utf8()).is_none_or(|b| *b == b' ')
        {
            return Some((i + c.len_utf8() + 1).min(text.len()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_description_is_its_own_summary_and_a_long_one_gives_its_first_sentences() {
        assert_eq!(
            summary_of("Wells in schools.\n\nMore."),
            "Wells in schools."
        );
        let long = format!(
            "{} Second sentence. {}",
            "A first sentence.",
            "x ".repeat(200)
        );
        assert_eq!(summary_of(&long), "A first sentence. Second sentence.");
        let one = "word ".repeat(100);
        let cut = summary_of(&one);
        assert!(cut.ends_with('…') && cut.chars().count() <= SHORT, "{cut}");
    }
}
