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

use serde::Serialize;
use serde_json::{Value, json};

use super::address::{lang_home, programme_path};
use super::publish::opendata::{json::number, named};
use super::views::{Card, TermRef};
use crate::model::{Named, Site};

/// Serializes JSON-LD for a `<script>` element: `<`, `>` and `&` (so that no `</script>` or
/// `<!--` can appear) and U+2028 and U+2029 (line ends to old JavaScript parsers) are written
/// as `\u` escapes, which JSON reads as the same characters.
pub(super) fn script_json(value: &Value) -> String {
    script_json_text(value.to_string())
}

/// [`script_json`] of JSON already written.
fn script_json_text(text: String) -> String {
    let bytes = text.as_bytes();
    // Where the next byte that may need an escape is: one of the three, found by memchr3, or
    // the lead byte of U+2028 and U+2029 (which other characters share: `’` is E2 80 99),
    // by memchr; each found again only once passed (a byte at a time, this was 1% of a
    // build).
    let ascii_from =
        |from: usize| memchr::memchr3(b'<', b'>', b'&', &bytes[from..]).map(|n| from + n);
    let lead_from = |from: usize| memchr::memchr(0xE2, &bytes[from..]).map(|n| from + n);
    let (mut ascii, mut lead) = (ascii_from(0), lead_from(0));
    let first = |ascii: Option<usize>, lead: Option<usize>| match (ascii, lead) {
        (Some(a), Some(l)) => Some(a.min(l)),
        (a, l) => a.or(l),
    };
    // Most JSON-LD has none of them: the text is kept as it is, else copied a run at a time
    // (each run ends before an ASCII byte or a UTF-8 lead byte, between characters).
    let Some(mut i) = first(ascii, lead) else {
        return text;
    };
    let mut out: Option<String> = None;
    let mut run = 0;
    loop {
        let line_end = |last: u8| bytes.get(i + 1..i + 3) == Some(&[0x80, last]);
        let escaped = match bytes[i] {
            b'<' => Some(("\\u003c", 1)),
            b'>' => Some(("\\u003e", 1)),
            b'&' => Some(("\\u0026", 1)),
            0xE2 if line_end(0xA8) => Some(("\\u2028", 3)),
            0xE2 if line_end(0xA9) => Some(("\\u2029", 3)),
            _ => None,
        };
        let mut next = i + 1;
        if let Some((escaped, len)) = escaped {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
            o.push_str(&text[run..i]);
            o.push_str(escaped);
            next = i + len;
            run = next;
        }
        if ascii.is_some_and(|a| a < next) {
            ascii = ascii_from(next);
        }
        if lead.is_some_and(|l| l < next) {
            lead = lead_from(next);
        }
        match first(ascii, lead) {
            Some(n) => i = n,
            None => break,
        }
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
/// `original`) lists the others (`workTranslation`), the others name it
/// (`translationOfWork`). `url_of` gives the `@id` of the version of a language, if any.
fn translation_links<'a>(
    site: &'a Site,
    li: usize,
    original: usize,
    kind: &'static str,
    url_of: impl Fn(usize) -> Option<String>,
) -> (Vec<Translation<'a>>, Option<Translation<'a>>) {
    let link = |i: usize, id: String| Translation {
        id,
        kind,
        in_language: &site.languages[i].code,
    };
    if li == original {
        let others = (0..site.languages.len())
            .filter(|&i| i != li)
            .filter_map(|i| url_of(i).map(|u| link(i, u)))
            .collect();
        (others, None)
    } else {
        (Vec::new(), url_of(original).map(|u| link(original, u)))
    }
}

/// A reference to a node described elsewhere (`{"@id": …}`).
#[derive(Serialize)]
struct Id<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
}

/// A node's translation, or the work it translates.
#[derive(Serialize)]
struct Translation<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
}

/// A fact sheet's nodes are written from these structs rather than built as `serde_json`
/// values (maps of owned strings; a tenth of a fact sheet's render went to building and
/// dropping them). Their fields are in the order a `serde_json` map sorts its keys, so the
/// text is the one those values gave.
#[derive(Serialize)]
struct WebPage<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    description: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isPartOf")]
    is_part_of: Id<'a>,
    #[serde(rename = "mainEntity")]
    main_entity: Id<'a>,
    name: &'a str,
    #[serde(rename = "temporalCoverage", skip_serializing_if = "Option::is_none")]
    temporal_coverage: Option<String>,
    #[serde(rename = "translationOfWork", skip_serializing_if = "Option::is_none")]
    translation_of_work: Option<Translation<'a>>,
    url: &'a str,
    #[serde(rename = "workTranslation", skip_serializing_if = "Vec::is_empty")]
    work_translation: Vec<Translation<'a>>,
}

#[derive(Serialize)]
struct Project<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "areaServed", skip_serializing_if = "Vec::is_empty")]
    area_served: Vec<Country<'a>>,
    description: &'a str,
    #[serde(rename = "dissolutionDate", skip_serializing_if = "Option::is_none")]
    dissolution_date: Option<String>,
    #[serde(rename = "foundingDate", skip_serializing_if = "Option::is_none")]
    founding_date: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    funder: Vec<Organisation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier: Option<PropertyValue<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    member: Vec<Organisation<'a>>,
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct PropertyValue<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "propertyID")]
    property_id: &'static str,
    value: &'a str,
}

#[derive(Serialize)]
struct Country<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    identifier: PropertyValue<'a>,
    name: &'a str,
}

#[derive(Serialize)]
struct Organisation<'a> {
    #[serde(rename = "@id", skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Grant<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    amount: MonetaryAmount<'a>,
    #[serde(rename = "fundedItem")]
    funded_item: Id<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    funder: Vec<Id<'a>>,
}

#[derive(Serialize)]
struct MonetaryAmount<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    currency: &'a str,
    value: serde_json::Number,
}

/// Appends `node` as JSON (which these structs always are).
fn push_json(text: &mut Vec<u8>, node: &impl Serialize) {
    // Written in place (a string of its own grew by doubling, then was copied); writing
    // into a vector fails only for a map whose keys are not strings, which these are not.
    let _ = serde_json::to_writer(text, node);
}

/// An organisation of a data file (a donor or a partner), identified by its page here.
fn organisation<'a>(site: &'a Site, list: &'a [Named], term: &'a TermRef) -> Organisation<'a> {
    Organisation {
        id: (!term.path.is_empty())
            .then(|| format!("{}{}#organization", site.config.base_url, term.path)),
        kind: "Organization",
        name: &term.name,
        url: named(list, &term.key)
            .and_then(|n| n.entry.url.as_deref())
            .filter(|url| url.starts_with("http")),
    }
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
    let website = website_id(site, li);
    let facts = &f.front.facts;
    let original = prog.shown_in(0).0;
    let (work_translation, translation_of_work) =
        translation_links(site, li, original, "WebPage", url_of);
    let page = WebPage {
        id: &url,
        kind: "WebPage",
        description: &f.front.summary,
        in_language: &site.languages[li].code,
        is_part_of: Id { id: &website },
        main_entity: Id { id: &project_id },
        name: &f.front.title,
        temporal_coverage: facts.start.map(|start| {
            let end = facts.end.map_or("..".to_string(), |e| e.to_string());
            format!("{start}/{end}")
        }),
        translation_of_work,
        url: &url,
        work_translation,
    };
    let project = Project {
        id: &project_id,
        kind: "Project",
        area_served: card
            .countries
            .iter()
            .map(|c| Country {
                kind: "Country",
                identifier: PropertyValue {
                    kind: "PropertyValue",
                    property_id: "ISO 3166-1 alpha-2",
                    value: &c.key,
                },
                name: &c.name,
            })
            .collect(),
        description: &f.front.summary,
        dissolution_date: facts.end.map(|e| e.to_string()),
        founding_date: facts.start.map(|s| s.to_string()),
        funder: card
            .donors
            .iter()
            .map(|d| organisation(site, &site.donors, d))
            .collect(),
        identifier: facts.iati_identifier.as_deref().map(|id| PropertyValue {
            kind: "PropertyValue",
            property_id: "IATI",
            value: id,
        }),
        member: card
            .partners
            .iter()
            .map(|d| organisation(site, &site.partners, d))
            .collect(),
        name: &f.front.title,
        url: &url,
    };
    let grant = facts.amount.as_ref().map(|amount| Grant {
        id: format!("{url}#funding"),
        kind: "MonetaryGrant",
        amount: MonetaryAmount {
            kind: "MonetaryAmount",
            currency: &amount.currency,
            value: number(amount.value),
        },
        funded_item: Id { id: &project_id },
        // The funders are described once, on the project; the grant names them.
        funder: project
            .funder
            .iter()
            .filter_map(|f| f.id.as_deref().map(|id| Id { id }))
            .collect(),
    });
    // `{"@context": …, "@graph": [page, project, grant]}`, with the grant when there is one.
    let mut text = Vec::with_capacity(2048);
    text.extend_from_slice(br#"{"@context":"https://schema.org","@graph":["#);
    push_json(&mut text, &page);
    text.push(b',');
    push_json(&mut text, &project);
    if let Some(grant) = &grant {
        text.push(b',');
        push_json(&mut text, grant);
    }
    text.extend_from_slice(b"]}");
    // serde_json writes UTF-8.
    script_json_text(String::from_utf8(text).unwrap_or_default())
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
    let (work, of_work) = translation_links(site, li, 0, "WebSite", |i| Some(website_id(site, i)));
    if !work.is_empty() {
        website["workTranslation"] = json!(work);
    }
    if let Some(of_work) = of_work {
        website["translationOfWork"] = json!(of_work);
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

    #[test]
    fn script_json_text_escapes_as_a_replace_of_each_character_would() {
        let reference = |t: &str| {
            t.replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026")
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029")
        };
        for text in [
            "",
            "plain",
            "<",
            "\u{2029}",
            "l’eau",
            "’’\u{2028}’",
            "<a>&amp;</a>",
            "a\u{2028}b\u{2029}c’d<",
            "’\u{2027}\u{202A}\u{2028}",
            "\u{2028}\u{2028}>",
            "ends with ’",
            "’<’>’&\u{2028}<<’’&",
            "<<<’’’>>>",
        ] {
            assert_eq!(
                script_json_text(text.to_string()),
                reference(text),
                "{text:?}"
            );
        }
    }
}
