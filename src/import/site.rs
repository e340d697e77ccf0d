//! The site an import writes into, as the importer needs it: its settings, the entries of its
//! data files (with their text, to append to), its fact sheets (to match by
//! `iati_identifier`), and the record of what earlier imports wrote (`.fiche/import.json`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::domain::country::Countries;
use crate::domain::folders;
use crate::parse::content::name_slug_and_lang;
use crate::parse::frontmatter::{self, Split, SplitError};
use crate::parse::named::{self, NamedEntry};
use crate::parse::site_config::{self, SiteConfig};
use crate::parse::yaml::{self, Fields};

/// Where the record of imported words is kept, relative to the site's root.
pub const STATE_FILE: &str = ".fiche/import.json";

/// The kinds of named things, with their data file.
pub const DATA_FILES: [(&str, &str); 3] = [
    ("donors", folders::DONORS_FILE),
    ("partners", folders::PARTNERS_FILE),
    ("themes", folders::THEMES_FILE),
];

/// A data file as it is on disk.
#[derive(Debug, Clone, Default)]
pub struct DataFile {
    pub text: String,
    pub entries: Vec<(String, NamedEntry)>,
}

/// A fact sheet already in the site.
#[derive(Debug, Clone)]
pub struct Existing {
    pub rel: String,
    pub slug: String,
    pub lang: String,
    pub text: String,
    pub iati_identifier: Option<String>,
}

/// What earlier imports wrote: per fact sheet, a hash of each word as imported.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct State {
    pub version: u32,
    /// File (relative to the root) → word (`title`, `summary`, `body`) → hash.
    pub files: BTreeMap<String, BTreeMap<String, String>>,
    /// Identifier (or, for a table row without one, slug) → slug of the programme imported.
    pub programmes: BTreeMap<String, String>,
}

pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub countries: Countries,
    /// By kind (`donors`, `partners`, `themes`).
    pub data: BTreeMap<&'static str, DataFile>,
    pub programmes: Vec<Existing>,
    pub static_files: BTreeSet<String>,
    pub state: State,
}

/// A stable hash of a word as written (line endings and outer space aside).
pub fn word_hash(text: &str) -> String {
    use std::hash::Hasher;
    let mut h = fnv::FnvHasher::default();
    h.write(text.replace("\r\n", "\n").trim().as_bytes());
    format!("{:016x}", h.finish())
}

fn read(root: &Path, rel: &str) -> Result<Option<String>, Diagnostic> {
    match std::fs::read_to_string(root.join(rel)) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Diagnostic::error(rel, format!("cannot be read: {e}"))),
    }
}

impl Site {
    /// The keys of a data file's entries (`kind`: `donors`, `partners` or `themes`).
    pub fn keys(&self, kind: &str) -> BTreeSet<String> {
        self.data
            .get(kind)
            .map(|d| d.entries.iter().map(|(k, _)| k.clone()).collect())
            .unwrap_or_default()
    }

    pub fn open(root: &Path) -> Result<Site, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let source: Arc<str> = match read(root, site_config::FILE) {
            Ok(Some(s)) => s.into(),
            Ok(None) => return Err(vec![site_config::missing(&root.display().to_string())]),
            Err(d) => return Err(vec![d]),
        };
        let config = site_config::parse(&source, None)?;
        let countries = config.countries();
        let mut data = BTreeMap::new();
        for (kind, rel) in DATA_FILES {
            let text = match read(root, rel) {
                Ok(t) => t.unwrap_or_default(),
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            };
            let arc: Arc<str> = text.as_str().into();
            match named::parse(rel, &arc) {
                Ok(entries) => {
                    data.insert(kind, DataFile { text, entries });
                }
                Err(d) => errors.push(d.hint("fix this data file before importing into it")),
            }
        }
        let mut programmes = Vec::new();
        let dir = root.join(folders::PROGRAMMES);
        if let Ok(entries) = std::fs::read_dir(&dir) {
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths {
                let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                let Some((slug, lang)) = name_slug_and_lang(name) else {
                    continue;
                };
                let rel = format!("{}/{name}", folders::PROGRAMMES);
                let text = match read(root, &rel) {
                    Ok(Some(t)) => t,
                    Ok(None) => continue,
                    Err(d) => {
                        errors.push(d);
                        continue;
                    }
                };
                let iati_identifier = identifier_of(&rel, &text);
                programmes.push(Existing {
                    rel,
                    slug: slug.to_string(),
                    lang: lang.to_string(),
                    text,
                    iati_identifier,
                });
            }
        }
        let mut static_files = BTreeSet::new();
        let static_dir = root.join(folders::STATIC);
        for entry in walkdir::WalkDir::new(&static_dir).into_iter().flatten() {
            if entry.file_type().is_file()
                && let Ok(rel) = entry.path().strip_prefix(&static_dir)
            {
                static_files.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
        let state = match read(root, STATE_FILE) {
            Ok(Some(text)) => match serde_json::from_str(&text) {
                Ok(s) => s,
                Err(e) => {
                    errors.push(
                        Diagnostic::error(STATE_FILE, format!("cannot be read: {e}"))
                            .hint("this file is fiche's record of what it imported; restore it from your version control, or delete it (edited words then count as edited)"),
                    );
                    State::default()
                }
            },
            Ok(None) => State::default(),
            Err(d) => {
                errors.push(d);
                State::default()
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Site {
            root: root.to_path_buf(),
            config,
            countries,
            data,
            programmes,
            static_files,
            state,
        })
    }
}

/// The `iati_identifier` of a fact sheet, if its front matter can be read and has one.
fn identifier_of(rel: &str, text: &str) -> Option<String> {
    let (_, fields) = front_matter(rel, text).ok()?;
    match fields.get("iati_identifier")? {
        yaml::Value::String(s) => Some(s.trim().to_string()),
        _ => None,
    }
}

/// Why a fact sheet's front matter cannot be read.
pub enum Unreadable {
    /// The file does not split into front matter and body.
    Split(SplitError),
    /// The front matter is not YAML fiche reads: the parse stage's own diagnostic.
    Yaml(Diagnostic),
}

/// A fact sheet read as the parse stage reads it: split at its front matter, and the front
/// matter's fields, each with its line in the file.
pub fn front_matter<'t>(rel: &str, text: &'t str) -> Result<(Split<'t>, Fields), Unreadable> {
    let split = frontmatter::split(text).map_err(Unreadable::Split)?;
    let source: Arc<str> = text.into();
    let fields =
        yaml::fields(rel, &source, split.yaml, split.yaml_first_line).map_err(Unreadable::Yaml)?;
    Ok((split, fields))
}
