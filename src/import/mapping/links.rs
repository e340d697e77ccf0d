//! How to reach the programme: the first `contact-info/email` as its contact, and
//! `activity-website` and `document-link` as its links (but for links to this site's own pages).

use std::collections::BTreeMap;

use crate::import::iati::Element;
use crate::import::mapping::Context;
use crate::import::mapping::narratives::{by_site_language, narratives};
use crate::import::{Imported, Report};
use crate::parse::rules::is_email;

/// The activity's contact and links, into `imported`.
pub(super) fn contact_and_links(
    a: &Element,
    cx: &Context,
    imported: &mut Imported,
    report: &mut Report,
) {
    imported.contact = a
        .children("contact-info")
        .flat_map(|c| c.children("email"))
        .map(Element::clean_text)
        .find(|e| is_email(e));
    for w in a.children("activity-website") {
        let url = w.clean_text();
        link(&url, BTreeMap::new(), imported, report);
    }
    for d in a.children("document-link") {
        let Some(url) = d.attr("url") else { continue };
        let own_page = !cx.base_url.is_empty()
            && url.strip_prefix(cx.base_url).is_some_and(|rest| {
                cx.languages
                    .iter()
                    .any(|l| rest.starts_with(&format!("{l}/")))
            });
        if own_page {
            report.count("document links to this site's own pages: left out", 1);
            continue;
        }
        let titles = d
            .child("title")
            .map(|t| by_site_language(cx, &narratives(t, cx, report, false)))
            .unwrap_or_default();
        link(url, titles, imported, report);
    }
}

/// Adds a link that is a web address, once; a website without a title is named by its host
/// (or its file's name).
fn link(url: &str, titles: BTreeMap<String, String>, imported: &mut Imported, report: &mut Report) {
    let url = url.trim();
    let Ok(parsed) = url::Url::parse(url) else {
        report.count("links that are not web addresses: left out", 1);
        return;
    };
    if !matches!(parsed.scheme(), "http" | "https") || url.contains(char::is_whitespace) {
        report.count("links that are not web addresses: left out", 1);
        return;
    }
    if imported.links.iter().any(|(_, u)| u == url) {
        return;
    }
    let titles = if titles.is_empty() {
        // A website has no title in IATI: its host names it in every language.
        let name = parsed
            .path_segments()
            .and_then(|mut s| s.next_back().map(str::to_string))
            .filter(|s| !s.is_empty() && s.contains('.'))
            .or_else(|| parsed.host_str().map(str::to_string))
            .unwrap_or_else(|| url.to_string());
        BTreeMap::from([(String::new(), name)])
    } else {
        titles
    };
    imported.links.push((titles, url.to_string()));
}
