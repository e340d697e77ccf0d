//! The folders and files of a site, relative to its root: spelled here once, used by load,
//! the theme, the watcher, the write stage's safety check and `fiche new`.

/// The settings file.
pub const SITE_YAML: &str = "site.yaml";
/// Everything the editors write.
pub const CONTENT: &str = "content";
/// One fact sheet per programme and language: `<slug>.<lang>.md`.
pub const PROGRAMMES: &str = "content/programmes";
/// Plain pages (about, contact): `<slug>.<lang>.md`.
pub const PAGES: &str = "content/pages";
/// The named things' files: themes, donors, partners.
pub const DATA: &str = "data";
pub const THEMES_FILE: &str = "data/themes.yaml";
pub const DONORS_FILE: &str = "data/donors.yaml";
pub const PARTNERS_FILE: &str = "data/partners.yaml";
/// Text of their own for country and region pages.
pub const COUNTRIES_FILE: &str = "data/countries.yaml";
/// The site's own interface strings, one file per language.
pub const I18N: &str = "i18n";
/// Files copied as they are: images, documents.
pub const STATIC: &str = "static";
/// Themes, each in `themes/<name>/`.
pub const THEMES: &str = "themes";
/// Where the site is built unless `--output` says otherwise.
pub const OUTPUT: &str = "public";

/// Whether `rel` (with `/` separators) is a file right inside `folder` (not in a sub-folder).
pub fn directly_in(rel: &str, folder: &str) -> bool {
    rel.strip_prefix(folder)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}
