//! Structured data for search engines: the schema.org JSON-LD in the `<head>` of fact sheets
//! and of each language's home page, ready to put inside `<script type="application/ld+json">`
//! ([`script_json`]).
//!
//! A fact sheet is a `WebPage` whose `mainEntity` is the programme, a `Project` (schema.org's
//! type for "an enterprise planned to achieve a particular aim", which takes the properties
//! of `Organization`: so its dates are `foundingDate` and `dissolutionDate`, its countries
//! `areaServed`, its donors `funder`, its partners `member`); its amount is a `MonetaryGrant`
//! whose `fundedItem` is the project. The version in the site's first language (else the
//! first language the programme has), the one whose facts the open data shows, is the work
//! the others are translations of (`workTranslation` and `translationOfWork`). The home page
//! is the `WebSite` of its language with its `publisher`.

use serde_json::{Value, json};

use super::address::{lang_home, programme_path};
use super::publish::opendata::{json::number, named};
use super::views::{Card, TermRef};
use crate::model::{Named, Site};

/// Serializes JSON-LD for a `<script>` element: `<`, `>` and `&` (so that no `</script>` or
/// `<!--` can appear) and U+2028 and U+2029 (line ends to old JavaScript parsers) are written
/// as `\u` escapes, which JSON reads as the same characters.
pub(super) fn script_json(value: &Value) -> String {
    let text = value.to_string();
    let bytes = text.as_bytes();
    // Most JSON-LD has none of them: the text is kept as it is, else copied a run at a time
    // (each run ends before an ASCII byte or a UTF-8 lead byte, between characters).
    let mut out: Option<String> = None;
    let (mut run, mut i) = (0, 0);
    while i < bytes.len() {
        let line_end =
            |last: u8| bytes[i] == 0xE2 && bytes.get(i + 1..i + 3) == Some(&[0x80, last]);
        let escaped = match bytes[i] {
            b'<' => Some(("\\u003c", 1)),
            b'>' => Some(("\\u003e", 1)),
            b'&' => Some(("\\u0026", 1)),
            _ if line_end(0xA8) => Some(("\\u2028", 3)),
            _ if line_end(0xA9) => Some(("\\u2029", 3)),
            _ => None,
        };
        let Some((escaped, len)) = escaped else {
            i += 1;
            continue;
        };
        let o = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
        o.push_str(&text[run..i]);
        o.push_str(escaped);
        i += len;
        run = i;
    }
    match out {
        None => text,
        Some(mut o) => {
            o.push_str(&text[run..]);
            o
        }
    }
}

fn home_url(site: &Site, li: usize) -> String {
    format!(
        "{}{}",
        site.config.base_url,
        lang_home(&site.languages[li].code)
    )
}

fn website_id(site: &Site, li: usize) -> String {
    format!("{}#website", home_url(site, li))
}

fn publisher_id(site: &Site) -> String {
    format!("{}#publisher", site.config.base_url)
}

/// Links from the page of language `li` to its translations: the original (of index
/// `original`) lists the others as `workTranslation`s, the others name it as
/// `translationOfWork`. `url_of` gives the `@id` of the version of a language, if any.
fn translation_links(
    site: &Site,
    li: usize,
    original: usize,
    kind: &str,
    url_of: impl Fn(usize) -> Option<String>,
    node: &mut serde_json::Map<String, Value>,
) {
    let link = |i: usize, url: String| json!({"@type": kind, "@id": url, "inLanguage": site.languages[i].code});
    if li == original {
        let others: Vec<Value> = (0..site.languages.len())
            .filter(|&i| i != li)
            .filter_map(|i| url_of(i).map(|u| link(i, u)))
            .collect();
        if !others.is_empty() {
            node.insert("workTranslation".into(), Value::Array(others));
        }
    } else if let Some(url) = url_of(original) {
        node.insert("translationOfWork".into(), link(original, url));
    }
}

/// An organisation of a data file (a donor or a partner), identified by its page here.
fn organisation(site: &Site, list: &[Named], term: &TermRef) -> Value {
    let mut org = json!({"@type": "Organization", "name": term.name});
    if !term.path.is_empty() {
        org["@id"] = json!(format!(
            "{}{}#organization",
            site.config.base_url, term.path
        ));
    }
    if let Some(url) = named(list, &term.key).and_then(|n| n.entry.url.as_deref())
        && url.starts_with("http")
    {
        org["url"] = json!(url);
    }
    org
}

/// The JSON-LD of programme `p`'s fact sheet in language `li`, shown by `card`.
pub(super) fn fact_sheet(site: &Site, li: usize, p: usize, card: &Card) -> String {
    let prog = &site.programmes[p];
    let (_, f, _) = prog.shown_in(li);
    let url_of = |i: usize| {
        prog.versions.get(i).and_then(|v| v.as_ref()).map(|_| {
            format!(
                "{}{}",
                site.config.base_url,
                programme_path(&site.languages[i], prog.slug_in(i))
            )
        })
    };
    let url = url_of(li).unwrap_or_default();
    let project_id = format!("{url}#programme");
    let lang = &site.languages[li].code;

    let mut page = json!({
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": f.front.title,
        "description": f.front.summary,
        "inLanguage": lang,
        "isPartOf": {"@id": website_id(site, li)},
        "mainEntity": {"@id": project_id},
    });
    if let Some(start) = f.front.facts.start {
        let end = f
            .front
            .facts
            .end
            .map_or("..".to_string(), |e| e.to_string());
        page["temporalCoverage"] = json!(format!("{start}/{end}"));
    }
    let original = prog.shown_in(0).0;
    if let Value::Object(node) = &mut page {
        translation_links(site, li, original, "WebPage", url_of, node);
    }

    let mut project = json!({
        "@type": "Project",
        "@id": project_id,
        "name": f.front.title,
        "description": f.front.summary,
        "url": url,
    });
    if let Some(id) = &f.front.facts.iati_identifier {
        project["identifier"] =
            json!({"@type": "PropertyValue", "propertyID": "IATI", "value": id});
    }
    if let Some(start) = f.front.facts.start {
        project["foundingDate"] = json!(start.to_string());
    }
    if let Some(end) = f.front.facts.end {
        project["dissolutionDate"] = json!(end.to_string());
    }
    if !card.countries.is_empty() {
        project["areaServed"] = card
            .countries
            .iter()
            .map(|c| {
                json!({
                    "@type": "Country",
                    "name": c.name,
                    "identifier": {
                        "@type": "PropertyValue",
                        "propertyID": "ISO 3166-1 alpha-2",
                        "value": c.key,
                    },
                })
            })
            .collect();
    }
    let funders: Vec<Value> = card
        .donors
        .iter()
        .map(|d| organisation(site, &site.donors, d))
        .collect();
    if !funders.is_empty() {
        project["funder"] = Value::Array(funders.clone());
    }
    if !card.partners.is_empty() {
        project["member"] = card
            .partners
            .iter()
            .map(|d| organisation(site, &site.partners, d))
            .collect();
    }

    let mut graph = vec![page, project];
    if let Some(amount) = &f.front.facts.amount {
        let mut grant = json!({
            "@type": "MonetaryGrant",
            "@id": format!("{url}#funding"),
            "fundedItem": {"@id": project_id},
            "amount": {
                "@type": "MonetaryAmount",
                "value": number(amount.value),
                "currency": amount.currency,
            },
        });
        // The funders are described once, on the project; the grant names them.
        let ids: Vec<Value> = funders
            .iter()
            .filter_map(|f| f.get("@id").map(|id| json!({"@id": id})))
            .collect();
        if !ids.is_empty() {
            grant["funder"] = Value::Array(ids);
        }
        graph.push(grant);
    }
    script_json(&json!({"@context": "https://schema.org", "@graph": graph}))
}

/// The JSON-LD of the home page of language `li`: the site in that language, its publisher.
pub(super) fn home(site: &Site, li: usize) -> String {
    let code = &site.languages[li].code;
    let languages = &site.config.languages;
    let mut website = json!({
        "@type": "WebSite",
        "@id": website_id(site, li),
        "url": home_url(site, li),
        "name": site.config.title.get(code, languages).unwrap_or_default(),
        "inLanguage": code,
    });
    if let Some(d) = site
        .config
        .description
        .as_ref()
        .and_then(|d| d.get(code, languages))
    {
        website["description"] = json!(d);
    }
    if let Value::Object(node) = &mut website {
        translation_links(site, li, 0, "WebSite", |i| Some(website_id(site, i)), node);
    }
    let mut graph = vec![];
    if let Some((name, url)) = site.config.publisher() {
        website["publisher"] = json!({"@id": publisher_id(site)});
        let mut org = json!({
            "@type": "Organization",
            "@id": publisher_id(site),
            "name": name.get(code, languages).unwrap_or_default(),
        });
        if let Some(url) = url {
            org["url"] = json!(url);
        }
        if let Some(logo) = &site.config.logo {
            org["logo"] = json!(super::publish::opendata::file_url(
                &site.config.base_url,
                &logo.src
            ));
        }
        graph.push(org);
    }
    graph.insert(0, website);
    script_json(&json!({"@context": "https://schema.org", "@graph": graph}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_escapes_what_would_end_or_confuse_a_script() {
        let v = json!({"name": "a</script><!-- b & c > d\u{2028}e\u{2029}"});
        let s = script_json(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        assert!(!s.contains('\u{2028}') && !s.contains('\u{2029}'), "{s}");
        let back: Value = serde_json::from_str(&s).expect("still JSON");
        assert_eq!(back, v);
    }
}
