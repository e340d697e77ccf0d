//! `publisher:` in `site.yaml`: who publishes the site, as every page's footer says it (name,
//! postal address, website) with the legal pages it links to (legal notice, privacy).

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::parse::rules;
use crate::parse::site_config::Localised;
use crate::parse::yaml;

const KEY: &str = "publisher";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPublisher {
    name: Localised,
    #[serde(default)]
    address: Option<Localised>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    legal: Vec<String>,
}

/// The checked `publisher:` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Publisher {
    pub name: Localised,
    /// A postal address; its lines as written (`\n` in YAML's `|` block).
    pub address: Option<Localised>,
    pub url: Option<String>,
    /// Slugs of plain pages (`content/pages/<slug>.<lang>.md`), linked in this order. That each
    /// is a page is checked with the pages (`model`), reported at its line with [`locate_legal`].
    pub legal: Vec<String>,
}

/// Checks the block; every problem is pushed to `errors` at its line.
pub(super) fn check(
    raw: RawPublisher,
    fields: &yaml::Fields,
    errors: &mut Vec<Diagnostic>,
) -> Option<Publisher> {
    let before = errors.len();
    let mut bad = |item: &str, token: &str, p: rules::Problem| {
        let place = Some(token.trim())
            .filter(|t| !t.is_empty() && t.len() < 200)
            .and_then(|t| fields.token_place(KEY, t))
            .or_else(|| fields.token_place(KEY, item));
        errors.push(
            fields
                .error_at(KEY, place, p.message)
                .field(format!("{KEY}.{item}"))
                .hint(p.hint),
        );
    };
    for (item, text) in [("name", Some(&raw.name)), ("address", raw.address.as_ref())] {
        if let Some((token, p)) = text.and_then(|t| t.problem(item)) {
            bad(item, token, p);
        }
    }
    if let Some(Err(p)) = raw.url.as_deref().map(rules::web_address) {
        bad("url", raw.url.as_deref().unwrap_or(""), p);
    }
    for slug in &raw.legal {
        if !crate::domain::slug::is_slug(slug) {
            bad(
                "legal",
                slug,
                rules::Problem::new(
                    format!("`{slug}` is not the name of a plain page"),
                    "list the names of files of `content/pages/` without language and `.md`, such as `legal: [legal-notice, privacy]`",
                ),
            );
        }
    }
    (errors.len() == before).then(|| Publisher {
        name: raw.name,
        address: raw.address,
        url: raw.url.map(|u| u.trim().to_string()),
        legal: raw.legal,
    })
}

/// The error for a page `legal` lists that the site does not have, at its line.
pub fn missing_legal_page(slug: &str, source: Option<&std::sync::Arc<str>>) -> Diagnostic {
    let d = Diagnostic::error(
            super::site_config::FILE,
            format!("`{slug}` is not a plain page of the site"),
        )
        .field(format!("{KEY}.legal"))
        .hint(format!(
            "write `content/pages/{slug}.<lang>.md` (a legal notice, a privacy policy…), or correct the name"
        ));
    match source {
        Some(source) => super::site_config::locate(d, source, KEY, Some(slug)),
        None => d,
    }
}
