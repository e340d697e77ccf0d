//! The text of an element's `<narrative>`s, per language: the language each stands for on the
//! site, and those in languages the site lacks, counted.

use std::collections::BTreeMap;

use crate::import::Report;
use crate::import::iati::Element;
use crate::import::mapping::Context;

/// The text of an element's narratives, by language (first of each language).
pub(super) fn narratives(
    el: &Element,
    cx: &Context,
    report: &mut Report,
    paragraphs: bool,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for n in el.children("narrative") {
        let text = if paragraphs {
            paragraphs_of(&n.text)
        } else {
            n.clean_text()
        };
        if text.is_empty() {
            continue;
        }
        let lang = match &n.lang {
            Some(l) => l.clone(),
            None => {
                report.count(
                    format!(
                        "narratives without a language (no `xml:lang` on them, their activity or the file): taken as `{}`, the site's first language",
                        cx.languages[0]
                    ),
                    1,
                );
                cx.languages[0].clone()
            }
        };
        if !out.iter().any(|(l, _)| *l == lang) {
            out.push((lang, text));
        }
    }
    out
}

/// Narratives kept by site language, in the narratives' order.
pub(super) fn by_site_language(cx: &Context, all: &[(String, String)]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (lang, text) in all {
        if let Some(site) = cx.site_language(lang) {
            out.entry(site.to_string()).or_insert_with(|| text.clone());
        }
    }
    out
}

/// Paragraphs of a description: each non-empty line, trimmed, separated by a blank line.
fn paragraphs_of(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Counts the narratives below `el` in languages the site lacks, by language.
pub(super) fn count_left_out(el: &Element, cx: &Context, report: &mut Report) {
    for child in &el.children {
        if child.name == "narrative" {
            if let Some(lang) = &child.lang
                && cx.site_language(lang).is_none()
                && !child.text.trim().is_empty()
            {
                *report.languages_left_out.entry(lang.clone()).or_default() += 1;
            }
        } else {
            count_left_out(child, cx, report);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_the_lines_of_a_narrative() {
        assert_eq!(
            paragraphs_of("\n  One  line\n\n   two\n"),
            "One line\n\ntwo"
        );
    }
}
