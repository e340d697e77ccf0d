//! What the mapping knows about the site: its languages, countries, themes map and address,
//! and the file it reads (for messages).

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Place};
use crate::domain::country::Countries;

/// `--themes map.yaml`: a sector code (`72050`, `151`, or `99:7001` for another vocabulary)
/// to a key of data/themes.yaml, or to nothing (`~`) to leave the sector out.
pub type ThemesMap = BTreeMap<String, Option<String>>;

/// What the mapping needs to know about the site.
pub struct Context<'a> {
    /// The input as the user named it, for messages.
    pub file: &'a str,
    pub languages: &'a [String],
    pub countries: &'a Countries,
    pub themes: &'a ThemesMap,
    /// The site's `base_url`: document links to its own pages (`<base_url><lang>/…`, as
    /// fiche's IATI export writes them) are not links to add.
    pub base_url: &'a str,
}

impl Context<'_> {
    pub(super) fn error(&self, line: usize, field: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, message)
            .at(Some(Place {
                line,
                column: 0,
                len: 1,
            }))
            .field(field)
    }

    /// The site's language a narrative's language stands for (`en-GB` → `en`), if any.
    pub(super) fn site_language(&self, lang: &str) -> Option<&str> {
        let lower = lang.to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("");
        self.languages
            .iter()
            .find(|l| l.to_ascii_lowercase() == lower)
            .or_else(|| {
                self.languages
                    .iter()
                    .find(|l| l.to_ascii_lowercase().split('-').next() == Some(primary))
            })
            .map(String::as_str)
    }
}
