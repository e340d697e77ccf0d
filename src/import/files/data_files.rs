//! The data files (donors, partners, themes): an input's organisations and sectors matched to
//! their entries by reference or name, so that one organisation gets one key over every
//! activity and every run, and the new entries appended after the user's text.

use std::collections::BTreeSet;

use crate::domain::slug::{fold, slugify};
use crate::import::NamedRef;
use crate::import::files::slugs::shorten;
use crate::import::site::Site;
use crate::import::yaml_text::scalar;

/// Named things: the data files' entries and those the import adds, matched by reference or
/// name so that one organisation gets one key over every activity and every run.
pub(super) struct Registry<'a> {
    pub(super) kind: &'static str,
    site: &'a Site,
    /// New entries: key, names, the name for all languages, reference.
    pub(super) added: Vec<(String, NamedRef)>,
    taken: BTreeSet<String>,
}

impl<'a> Registry<'a> {
    pub(super) fn new(kind: &'static str, site: &'a Site) -> Registry<'a> {
        let taken = site.keys(kind);
        Registry {
            kind,
            site,
            added: Vec::new(),
            taken,
        }
    }

    pub(super) fn key_for(&mut self, r: &NamedRef) -> String {
        if let Some(k) = &r.key {
            return k.clone();
        }
        let folded: BTreeSet<String> = r
            .names
            .values()
            .chain(r.other.iter())
            .map(|n| fold(n))
            .collect();
        if let Some(data) = self.site.data.get(self.kind) {
            for (key, entry) in &data.entries {
                let reference = match self.kind {
                    "themes" => entry
                        .extra
                        .get("iati_sector")
                        .and_then(|v| v.as_str())
                        .map(str::to_string),
                    _ => entry.iati_ref.clone(),
                };
                if r.reference.is_some() && reference == r.reference {
                    return key.clone();
                }
            }
            // A name already there (in any language) is the same thing, when no reference
            // tells them apart.
            for (key, entry) in &data.entries {
                let names: Vec<String> = match &entry.name {
                    crate::parse::site_config::Localised::One(s) => vec![fold(s)],
                    crate::parse::site_config::Localised::PerLanguage(m) => {
                        m.values().map(|s| fold(s)).collect()
                    }
                };
                let has_other_ref = match self.kind {
                    "themes" => entry.extra.get("iati_sector").is_some(),
                    _ => entry.iati_ref.is_some(),
                };
                if !has_other_ref && names.iter().any(|n| folded.contains(n)) {
                    return key.clone();
                }
            }
        }
        for (key, added) in &self.added {
            if (r.reference.is_some() && added.reference == r.reference)
                || ((r.reference.is_none() || added.reference.is_none())
                    && added
                        .names
                        .values()
                        .chain(added.other.iter())
                        .any(|n| folded.contains(&fold(n))))
            {
                return key.clone();
            }
        }
        let base = self.readable_key(r);
        let mut key = base.clone();
        let mut n = 2;
        while self.taken.contains(&key) {
            key = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(key.clone());
        self.added.push((key.clone(), r.clone()));
        key
    }

    /// A key from the name (its first words), else from the reference.
    fn readable_key(&self, r: &NamedRef) -> String {
        let name = self
            .site
            .config
            .languages
            .iter()
            .find_map(|l| r.names.get(l))
            .or(r.other.as_ref());
        name.and_then(|n| slugify(n))
            .map(|s| shorten(&s, 40))
            .or_else(|| r.reference.as_deref().and_then(slugify))
            .unwrap_or_else(|| {
                format!(
                    "{}-{}",
                    &self.kind[..self.kind.len() - 1],
                    self.taken.len() + 1
                )
            })
    }

    /// The YAML text of the added entries, to append to the data file.
    pub(super) fn entries_text(&self, languages: &[String]) -> String {
        let mut text = String::new();
        for (key, r) in &self.added {
            text.push_str(&format!("{key}:\n"));
            let names: Vec<(&String, &String)> = languages
                .iter()
                .filter_map(|l| r.names.get_key_value(l))
                .collect();
            if names.is_empty() {
                let name = r
                    .other
                    .clone()
                    .or_else(|| r.reference.clone())
                    .unwrap_or_else(|| key.clone());
                text.push_str(&format!("  name: {}\n", scalar(&name)));
            } else {
                text.push_str("  name:\n");
                for (l, n) in names {
                    text.push_str(&format!("    {l}: {}\n", scalar(n)));
                }
            }
            if let Some(reference) = &r.reference {
                if self.kind == "themes" {
                    text.push_str(&format!(
                        "  extra: {{iati_sector: {}}}\n",
                        serde_json::to_string(reference).unwrap_or_default()
                    ));
                } else {
                    text.push_str(&format!("  iati_ref: {}\n", scalar(reference)));
                }
            }
        }
        text
    }
}

/// The data file with entries appended after the user's text, which is kept as it is. A
/// file that is only `{}` (as `fiche init` writes an empty one) has that line replaced.
pub(super) fn appended(old: &str, entries: &str) -> String {
    let meaningful: Vec<&str> = old
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect();
    if meaningful.len() == 1 && meaningful[0].trim() == "{}" {
        let mut out = String::new();
        for line in old.split_inclusive('\n') {
            if line.trim() == "{}" {
                out.push_str(entries);
            } else {
                out.push_str(line);
            }
        }
        return out;
    }
    let mut out = old.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if !out.trim().is_empty() {
        out.push('\n');
    }
    out.push_str(entries);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_keeps_the_users_text_and_replaces_a_lone_empty_mapping() {
        let old = "# Our donors\neu:\n  name: EU   # short\n";
        let new = appended(old, "afd:\n  name: AFD\n");
        assert!(new.starts_with(old));
        assert!(new.ends_with("\nafd:\n  name: AFD\n"));
        assert_eq!(appended("{}\n", "a:\n  name: A\n"), "a:\n  name: A\n");
    }
}
