//! What the activity is about: `sector` (else the transactions' ones) as themes, each named
//! from the IATI codelists (or its narratives), or sent to a key of the site by `--themes`.

use std::collections::BTreeSet;

use crate::import::iati::Element;
use crate::import::mapping::Context;
use crate::import::mapping::narratives::{by_site_language, narratives};
use crate::import::{Imported, NamedRef, Report, codelists};

/// The activity's themes, each once, into `imported`.
pub(super) fn themes(a: &Element, cx: &Context, imported: &mut Imported, report: &mut Report) {
    let sectors = a.own_or_transactions("sector");
    let mut seen_sectors = BTreeSet::new();
    for s in sectors {
        let Some(code) = s.attr("code") else { continue };
        let vocabulary = s.attr("vocabulary").unwrap_or("1");
        if !seen_sectors.insert((vocabulary.to_string(), code.to_string())) {
            continue;
        }
        if let Some(theme) = theme(s, vocabulary, code, cx, report)
            && !imported.themes.iter().any(|t| {
                (t.key.is_some() && t.key == theme.key)
                    || (t.key.is_none() && t.reference == theme.reference)
            })
        {
            imported.themes.push(theme);
        }
    }
}

/// The theme a sector stands for, or `None` when it is left out (and counted).
fn theme(
    s: &Element,
    vocabulary: &str,
    code: &str,
    cx: &Context,
    report: &mut Report,
) -> Option<NamedRef> {
    let reference = format!("{vocabulary}:{code}");
    let map_keys: Vec<String> = match vocabulary {
        "1" => vec![
            code.to_string(),
            code.get(..3).unwrap_or(code).to_string(),
            reference.clone(),
        ],
        "2" => vec![code.to_string(), reference.clone()],
        _ => vec![reference.clone()],
    };
    if let Some(mapped) = map_keys.iter().find_map(|k| cx.themes.get(k)) {
        return match mapped {
            Some(key) => Some(NamedRef {
                key: Some(key.clone()),
                reference: Some(reference),
                ..NamedRef::default()
            }),
            None => {
                report.count("sectors that --themes maps to nothing: left out", 1);
                None
            }
        };
    }
    let listed = match vocabulary {
        "1" => codelists::sector(code),
        "2" => codelists::category(code),
        _ => None,
    };
    let all = narratives(s, cx, report, false);
    let mut named = NamedRef {
        reference: Some(reference),
        ..NamedRef::default()
    };
    match listed {
        Some(names) => {
            for lang in cx.languages {
                if let Some(n) = names.get(lang) {
                    named.names.insert(lang.clone(), n.to_string());
                }
            }
            named.other = Some(names.en.to_string());
        }
        None => {
            if matches!(vocabulary, "1" | "2") {
                report.count(
                    "DAC sector codes not in the IATI Sector codelist: named by their narratives",
                    1,
                );
            }
            named.names = by_site_language(cx, &all);
            named.other = all.first().map(|(_, t)| t.clone());
            if named.other.is_none() {
                report.count(
                    "sectors of a vocabulary other than DAC without a name: left out",
                    1,
                );
                return None;
            }
        }
    }
    Some(named)
}
