//! The theme's archetypes, the fact sheets `fiche new` fills in: `archetypes/programme.<lang>.md`
//! for each language that has one, `archetypes/programme.md` for the others. A site's theme
//! folder comes first, then the default theme built into fiche.

use std::path::Path;

use crate::domain::folders;
use crate::load::builtin;

/// The generic archetype's file name; `programme.<lang>.md` for a language's own.
const GENERIC: &str = "programme.md";

fn own(lang: &str) -> String {
    format!("programme.{lang}.md")
}

/// The archetype for a fact sheet in `lang`: the theme's own for the language, else the
/// theme's generic one, else the built-in default theme's for the language, else its generic
/// (English) one.
pub fn for_language(root: &Path, theme: &str, lang: &str) -> String {
    let dir = root.join(folders::THEMES).join(theme).join("archetypes");
    let own = own(lang);
    [own.as_str(), GENERIC]
        .iter()
        .find_map(|name| crate::load::read_in_site(root, &dir.join(name)).ok())
        .map(|f| f.text.to_string())
        .or_else(|| builtin_named(&own).map(str::to_string))
        .unwrap_or_else(|| builtin_named(GENERIC).unwrap_or_default().to_string())
}

fn builtin_named(name: &str) -> Option<&'static str> {
    builtin::ARCHETYPES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The text of every archetype a fact sheet may have been made from: the theme's
/// `archetypes/programme*.md` and the built-in ones (unreadable files are skipped: they only
/// feed warnings).
pub fn all(root: &Path, theme: &str) -> Vec<String> {
    let dir = root.join(folders::THEMES).join(theme).join("archetypes");
    let mut texts: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => {
            let mut paths: Vec<std::path::PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("programme") && n.ends_with(".md"))
                })
                .collect();
            paths.sort();
            paths
                .iter()
                .filter_map(|p| crate::load::read_in_site(root, p).ok())
                .map(|f| f.text.to_string())
                .collect()
        }
        Err(_) => Vec::new(),
    };
    texts.extend(builtin::ARCHETYPES.iter().map(|(_, t)| t.to_string()));
    texts
}
