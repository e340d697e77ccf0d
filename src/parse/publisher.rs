//! `publisher:` and `data_licence:` in `site.yaml`: who publishes the site and its open data,
//! and under which licence. The pages' structured data names the publisher; the open-data
//! catalogue (`data/catalog.jsonld`) names both.

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::parse::rules::{self, Problem};
use crate::parse::site_config::Localised;
use crate::parse::yaml;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPublisher {
    #[serde(default)]
    name: Option<Localised>,
    #[serde(default)]
    url: Option<String>,
}

/// The checked `publisher:` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Publisher {
    pub name: Localised,
    /// The publisher's own web site, when given.
    pub url: Option<String>,
}

const KEY: &str = "publisher";
pub const LICENCE_KEY: &str = "data_licence";

/// Checks `publisher:` and `data_licence:`, when written.
pub(super) fn check(
    publisher_block: Option<RawPublisher>,
    licence_address: Option<String>,
    fields: &yaml::Fields,
    errors: &mut Vec<Diagnostic>,
) -> (Option<Publisher>, Option<String>) {
    (
        publisher_block.and_then(|p| publisher(p, fields, errors)),
        licence_address.and_then(|l| licence(&l, fields, errors)),
    )
}

/// Checks `publisher:`: a name (per language or one for all) and an optional web address.
fn publisher(
    raw: RawPublisher,
    fields: &yaml::Fields,
    errors: &mut Vec<Diagnostic>,
) -> Option<Publisher> {
    let before = errors.len();
    match &raw.name {
        None => errors.push(
            fields
                .error_at(KEY, fields.key_place(KEY), "the publisher has no name")
                .field("publisher.name")
                .hint("write who publishes the site, such as `publisher: {name: Agence de coopération, url: https://example.org/}`"),
        ),
        Some(name) => {
            if let Some((_, p)) = name.problem("name") {
                errors.push(
                    fields
                        .error_at(KEY, fields.token_place(KEY, "name"), p.message)
                        .field("publisher.name")
                        .hint(p.hint),
                );
            }
        }
    }
    let url = raw.url.map(|u| u.trim().to_string());
    if let Some(url) = &url
        && let Err(p) = absolute_web_address(url)
    {
        let place = Some(url.as_str())
            .filter(|u| !u.is_empty())
            .and_then(|u| fields.token_place_after(KEY, "url", u))
            .or_else(|| fields.token_place(KEY, "url"));
        errors.push(
            fields
                .error_at(KEY, place, p.message)
                .field("publisher.url")
                .hint(p.hint),
        );
    }
    if errors.len() > before {
        return None;
    }
    Some(Publisher {
        name: raw.name?,
        url,
    })
}

/// Licences often written by name instead of by address, with their address.
const KNOWN_LICENCES: [(&str, &str); 6] = [
    (
        "etalab-2.0",
        "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    ),
    (
        "licence ouverte",
        "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    ),
    ("cc-by-4.0", "https://creativecommons.org/licenses/by/4.0/"),
    (
        "cc-by-sa-4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    (
        "cc0-1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    ("odbl-1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
];

/// Checks `data_licence:`: the address of the licence the open data is published under.
fn licence(written: &str, fields: &yaml::Fields, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let written = written.trim();
    match absolute_web_address(written) {
        Ok(()) => Some(written.to_string()),
        Err(mut p) => {
            let lower = written.to_ascii_lowercase();
            if let Some((_, url)) = KNOWN_LICENCES
                .iter()
                .find(|(name, _)| lower.starts_with(name))
            {
                p.hint = format!("give the licence's address: `data_licence: {url}`");
            } else {
                p.hint = format!(
                    "give the address of the licence, such as `{}` (Licence Ouverte 2.0) or `{}` (CC BY 4.0)",
                    KNOWN_LICENCES[0].1, KNOWN_LICENCES[2].1
                );
            }
            errors.push(fields.error(LICENCE_KEY, p.message).hint(p.hint));
            None
        }
    }
}

/// An `http` or `https` address with a host: what an RDF reader can take as an IRI (a site
/// path or a `mailto:` address, which pages may link to, would not do).
fn absolute_web_address(url: &str) -> Result<(), Problem> {
    rules::web_address(url)?;
    let parsed = url::Url::parse(url).ok();
    if parsed
        .as_ref()
        .is_some_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
    {
        Ok(())
    } else {
        Err(Problem::new(
            format!("`{url}` is not a web address"),
            "write the whole address, starting with https://",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn parse(text: &str) -> Result<crate::parse::site_config::SiteConfig, Vec<Diagnostic>> {
        crate::parse::site_config::parse(&Arc::from(text), None)
    }

    const BASE: &str = "title: T\nbase_url: https://example.org/\nlanguages: [fr]\n";

    #[test]
    fn a_licence_and_a_publisher_are_read() {
        let c = parse(&format!(
            "{BASE}data_licence: https://creativecommons.org/licenses/by/4.0/\npublisher: {{name: {{fr: Agence}}, url: https://example.org/agence/}}\n"
        ))
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            c.data_licence.as_deref(),
            Some("https://creativecommons.org/licenses/by/4.0/")
        );
        let p = c.publisher.expect("a publisher");
        assert_eq!(p.url.as_deref(), Some("https://example.org/agence/"));
        assert_eq!(p.name.get("fr", &[]), Some("Agence"));
    }

    #[test]
    fn a_licence_by_name_is_an_error_at_its_line_with_the_address() {
        let e = parse(&format!("{BASE}data_licence: CC-BY-4.0\n")).expect_err("an error");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].place.map(|p| p.line), Some(4));
        assert!(e[0].message.contains("`CC-BY-4.0` is not a web address"));
        let hint = e[0].hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains("https://creativecommons.org/licenses/by/4.0/"),
            "{hint}"
        );
    }

    #[test]
    fn a_licence_given_as_a_site_path_is_an_error() {
        let e = parse(&format!("{BASE}data_licence: /licence/\n")).expect_err("an error");
        assert!(e[0].message.contains("is not a web address"), "{e:?}");
    }

    #[test]
    fn a_publisher_without_a_name_or_with_a_bad_address_is_an_error_at_its_line() {
        let e = parse(&format!("{BASE}publisher:\n  url: https://example.org/\n"))
            .expect_err("an error");
        assert_eq!(e[0].field.as_deref(), Some("publisher.name"));
        assert_eq!(e[0].place.map(|p| p.line), Some(4));
        let e = parse(&format!(
            "{BASE}publisher:\n  name: Agence\n  url: example.org\n"
        ))
        .expect_err("an error");
        assert_eq!(e[0].field.as_deref(), Some("publisher.url"));
        assert_eq!(e[0].place.map(|p| p.line), Some(6));
    }

    #[test]
    fn the_publisher_falls_back_to_the_iati_reporting_organisation() {
        let c = parse(&format!(
            "{BASE}iati:\n  reporting_org: {{ref: XM-DAC-1, type: 10, name: Agence IATI}}\n"
        ))
        .unwrap_or_else(|e| panic!("{e:?}"));
        let (name, url) = c.publisher().expect("a publisher");
        assert_eq!(name.get("fr", &[]), Some("Agence IATI"));
        assert_eq!(url, None);
        assert!(parse(BASE).expect("settings").publisher().is_none());
    }
}
