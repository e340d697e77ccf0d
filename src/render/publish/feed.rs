//! `<lang>/atom.xml`: an Atom 1.0 feed per language of the newest and latest-updated fact
//! sheets, for feed readers.
//!
//! An entry is a fact sheet in the feed's language (programmes without a version in it are
//! left out), dated by [`crate::model::Fiche::updated`]: the front matter's `updated:`, else
//! the file's last commit, else its modification time. The [`ENTRIES`] most recent are kept.

use std::io;

use super::FactSheetUrls;
use super::xml::{self, XmlWriter};
use crate::domain::date::Timestamp;
use crate::model::{Fiche, Site};
use crate::render::Output;

/// How many entries a feed keeps: readers only need the recent ones.
pub const ENTRIES: usize = 50;

/// The feed's path for a language, relative to the site root.
pub fn path(lang: &str) -> String {
    format!("{lang}/atom.xml")
}

/// One feed per language.
pub fn outputs(site: &Site) -> io::Result<Vec<Output>> {
    (0..site.languages.len()).map(|li| feed(site, li)).collect()
}

fn feed(site: &Site, li: usize) -> io::Result<Output> {
    let lang = &site.languages[li];
    let code = lang.code.as_str();
    let base = &site.config.base_url;
    let languages = &site.config.languages;
    let mut entries: Vec<(&str, &Fiche)> = site
        .programmes
        .iter()
        .filter_map(|p| match p.versions.get(li) {
            Some(Some(f)) => Some((p.slug_in(li), &**f)),
            _ => None,
        })
        .collect();
    entries.sort_by(|a, b| b.1.updated.cmp(&a.1.updated).then(a.0.cmp(b.0)));
    entries.truncate(ENTRIES);
    let updated = entries
        .iter()
        .map(|(_, f)| f.updated)
        .max()
        .unwrap_or_else(|| Timestamp::from_day(site.today));
    let title = site.config.title.get(code, languages).unwrap_or_default();
    let self_url = format!("{base}{}", path(code));
    let home_url = format!("{base}{code}/");

    let mut w = xml::writer()?;
    xml::element(
        &mut w,
        "feed",
        &[("xmlns", "http://www.w3.org/2005/Atom"), ("xml:lang", code)],
        |w| {
            xml::text_element(w, "id", &[], &self_url)?;
            xml::text_element(w, "title", &[], title)?;
            if let Some(d) = site
                .config
                .description
                .as_ref()
                .and_then(|d| d.get(code, languages))
            {
                xml::text_element(w, "subtitle", &[], d)?;
            }
            xml::text_element(w, "updated", &[], &updated.rfc3339())?;
            xml::empty_element(
                w,
                "link",
                &[
                    ("rel", "self"),
                    ("type", "application/atom+xml"),
                    ("href", &self_url),
                ],
            )?;
            xml::empty_element(
                w,
                "link",
                &[
                    ("rel", "alternate"),
                    ("type", "text/html"),
                    ("hreflang", code),
                    ("href", &home_url),
                ],
            )?;
            xml::element(w, "author", &[], |w| {
                xml::text_element(w, "name", &[], title)?;
                xml::text_element(w, "uri", &[], base)
            })?;
            xml::text_element(
                w,
                "generator",
                &[("version", env!("CARGO_PKG_VERSION"))],
                "fiche",
            )?;
            for (slug, f) in &entries {
                entry(w, site, li, slug, f)?;
            }
            Ok(())
        },
    )?;
    Ok(Output::new(path(code), xml::finish(w)))
}

fn entry(w: &mut XmlWriter, site: &Site, li: usize, slug: &str, f: &Fiche) -> io::Result<()> {
    let lang = &site.languages[li];
    let url = FactSheetUrls::new(site).get(li, slug);
    xml::element(w, "entry", &[], |w| {
        xml::text_element(w, "id", &[], &url)?;
        xml::text_element(w, "title", &[], &f.front.title)?;
        xml::empty_element(
            w,
            "link",
            &[("rel", "alternate"), ("type", "text/html"), ("href", &url)],
        )?;
        xml::text_element(w, "updated", &[], &f.updated.rfc3339())?;
        xml::text_element(w, "summary", &[], &f.front.summary)?;
        for key in &f.front.facts.themes {
            let label = site
                .themes
                .iter()
                .find(|t| t.key == *key)
                .and_then(|t| t.entry.name.get(&lang.code, &site.config.languages))
                .unwrap_or(key);
            xml::empty_element(w, "category", &[("term", key), ("label", label)])?;
        }
        Ok(())
    })
}
