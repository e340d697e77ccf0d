//! The `slug:` a translation gives its page, checked against the words the site's addresses
//! are made of (`pays`, `programas`, `pagina`): a page there would take a section's place.
//! Two pages, slugs or aliases at one address are found by the render stage, which knows
//! every address.

use crate::diagnostic::Diagnostic;
use crate::parse::address::Placed;
use crate::parse::content::TextSlice;

use super::{Language, PATH_WORDS, Page, Programme};

/// An error for each `slug:` that is one of its language's section words.
pub(super) fn slugs_that_are_path_words(
    languages: &[Language],
    programmes: &[Programme],
    pages: &[Page],
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut check = |li: usize, file: &str, slug: &Placed, body: &TextSlice| {
        let lang = &languages[li];
        let section = PATH_WORDS
            .iter()
            .chain(&["accessibility"])
            .find(|s| lang.path_word(s) == slug.value);
        if let Some(section) = section {
            errors.push(
                Diagnostic::error(
                    file,
                    format!(
                        "`{}` is the word of the {section} section in `{}` addresses",
                        slug.value, lang.code
                    ),
                )
                .field("slug")
                .at(slug.place)
                .maybe_source(body.text())
                .hint("choose another slug: a page there would take the section's place"),
            );
        }
    };
    for p in programmes {
        for (li, f) in p.versions.iter().enumerate() {
            if let Some(f) = f
                && let Some(slug) = &f.front.address.slug
            {
                check(li, &f.file, slug, &f.body);
            }
        }
    }
    for pg in pages {
        for (li, v) in pg.versions.iter().enumerate() {
            if let Some(v) = v
                && let Some(slug) = &v.front.address.slug
            {
                check(li, &v.file, slug, &v.body);
            }
        }
    }
    errors
}
