//! Addresses of pages, relative to the site root: fact sheets, numbered list pages, the way
//! back to the root, the file a page is written to. The link check uses the same.

use crate::model::Language;

use super::views::*;

pub(super) fn lang_home(code: &str) -> String {
    format!("{code}/")
}

/// The address of a language's 404 page, relative to the site root.
pub(super) fn not_found_path(code: &str) -> String {
    format!("{code}/404.html")
}

/// The address of a plain page (`content/pages/<slug>.<lang>.md`) in a language, relative to
/// the site root.
pub fn plain_page_path(code: &str, slug: &str) -> String {
    format!("{code}/{slug}/")
}

/// The address of a programme's fact sheet in a language, relative to the site root.
pub fn programme_path(lang: &Language, slug: &str) -> String {
    lang.programme_path(slug)
}

/// The way up from a page at `path` (such as `fr/pays/bresil/`) to the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The address of page `n` of a list whose first page is at `base`.
pub(super) fn list_page_path(base: &str, page_word: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base}{page_word}/{n}/")
    }
}

pub(super) fn pagination(base: &str, page_word: &str, n: usize, total: usize) -> Pagination {
    Pagination {
        current: n,
        total,
        pages: (1..=total)
            .map(|k| PageLink {
                number: k,
                path: list_page_path(base, page_word, k),
                current: k == n,
            })
            .collect(),
        previous: (n > 1).then(|| list_page_path(base, page_word, n - 1)),
        next: (n < total).then(|| list_page_path(base, page_word, n + 1)),
    }
}

/// The output file of a page's address (`fr/` is `fr/index.html`).
pub(super) fn file_path(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}
