//! The plan checked as `fiche build` will check the site it leaves: every data file and fact
//! sheet to be written, with the parse stage's own checks.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Place};
use crate::import::files::Plan;
use crate::import::site::{DATA_FILES, Site, Unreadable, front_matter};
use crate::parse::programme::{self, Known};

/// A fact sheet to write: the input's line it comes from, its file, its text.
pub(super) type Sheet = (usize, String, String);

/// Checks every data file and fact sheet to be written as `fiche build` will, so that an
/// import never leaves a site that does not build. A problem is reported at the input's line.
pub(super) fn check(
    plan: &Plan,
    site: &Site,
    input: &str,
    sheets: &[Sheet],
    errors: &mut Vec<Diagnostic>,
) {
    let mut keys: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (kind, rel) in DATA_FILES {
        let text: Arc<str> = match plan.files.get(rel) {
            Some((t, _)) => t.as_str().into(),
            None => site
                .data
                .get(kind)
                .map(|d| d.text.as_str())
                .unwrap_or("")
                .into(),
        };
        match crate::parse::named::parse(rel, &text) {
            Ok(entries) => {
                keys.insert(kind, entries.into_iter().map(|(k, _)| k).collect());
            }
            Err(d) => errors.push(d.hint(format!(
                "fiche could not add its entries to {rel} in the file's own style: write its entries as `key:` lines with `name:` under them, then import again"
            ))),
        }
    }
    if !errors.is_empty() {
        return;
    }
    let known = Known {
        countries: &site.countries,
        themes: keys.get("themes"),
        donors: keys.get("donors"),
        partners: keys.get("partners"),
        static_files: &site.static_files,
        currency: &site.config.currency,
    };
    for (line, rel, text) in sheets {
        let result = front_matter(rel, text)
            .map_err(|e| match e {
                Unreadable::Split(e) => vec![Diagnostic::error(rel, e.message())],
                Unreadable::Yaml(d) => vec![d],
            })
            .and_then(|(_, fields)| programme::programme(&fields, &known));
        if let Err(found) = result {
            for d in found {
                errors.push(
                    Diagnostic::error(
                        input,
                        format!("{} would be written with an error: {}", rel, d.title()),
                    )
                    .at(Some(Place {
                        line: *line,
                        column: 0,
                        len: 1,
                    }))
                    .maybe_hint(d.hint.clone()),
                );
            }
        }
    }
}
