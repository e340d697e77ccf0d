//! Redirect pages: each address listed under a content file's `aliases:` gets a small page
//! in the file's language that sends readers (and search engines, through its canonical
//! link) to the page's address today. The template is the theme's `alias.html`, else the
//! built-in one, so that a site's own theme need not have one.

use tera::Context;

use crate::model::Site;
use crate::parse::address::Placed;
use crate::parse::content::TextSlice;

use super::address::{plain_page_path, programme_path, root_of};
use super::lang::LangData;
use super::views::PageView;

/// What an alias redirects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Aliased {
    Programme(usize),
    Page(usize),
}

/// The content file that lists an alias, as much as messages need of it.
pub(super) struct Owner<'a> {
    pub(super) file: &'a str,
    pub(super) title: &'a str,
    pub(super) aliases: &'a [Placed],
    pub(super) slug: Option<&'a Placed>,
    pub(super) text: &'a TextSlice,
    of: Aliased,
    li: usize,
    site: &'a Site,
}

impl Owner<'_> {
    /// The page's address today (made only when asked: most pages have no alias).
    pub(super) fn target(&self) -> String {
        let lang = &self.site.languages[self.li];
        match self.of {
            Aliased::Programme(p) => programme_path(lang, self.site.programmes[p].slug_in(self.li)),
            Aliased::Page(pg) => plain_page_path(&lang.code, self.site.pages[pg].slug_in(self.li)),
        }
    }
}

/// The version in language `li` of what `of` names, if it has one.
pub(super) fn owner(site: &Site, li: usize, of: Aliased) -> Option<Owner<'_>> {
    match of {
        Aliased::Programme(p) => {
            let prog = &site.programmes[p];
            let f = prog.versions.get(li)?.as_ref()?;
            Some(Owner {
                file: &f.file,
                title: &f.front.title,
                aliases: &f.front.address.aliases,
                slug: f.front.address.slug.as_ref(),
                text: &f.body,
                of,
                li,
                site,
            })
        }
        Aliased::Page(pg) => {
            let page = &site.pages[pg];
            let v = page.versions.get(li)?.as_ref()?;
            Some(Owner {
                file: &v.file,
                title: &v.front.title,
                aliases: &v.front.address.aliases,
                slug: v.front.address.slug.as_ref(),
                text: &v.body,
                of,
                li,
                site,
            })
        }
    }
}

/// Every alias of the site as (its output file, the file of the page it leads to).
pub fn alias_files(site: &Site) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    let of = (0..site.programmes.len())
        .map(Aliased::Programme)
        .chain((0..site.pages.len()).map(Aliased::Page));
    for of in of {
        for li in 0..site.languages.len() {
            if let Some(o) = owner(site, li, of) {
                for a in o.aliases {
                    out.insert(
                        super::address::file_path(&a.value),
                        super::address::file_path(&o.target()),
                    );
                }
            }
        }
    }
    out
}

/// The redirect page's context: `page.path` is where it leads, `root` the way up from the
/// alias's own address.
pub(super) fn context(site: &Site, data: &LangData, path: &str, li: usize, of: Aliased) -> Context {
    let mut ctx = data.base.clone();
    ctx.insert("root", &root_of(path));
    let (target, title) = match owner(site, li, of) {
        Some(o) => (o.target(), o.title.to_string()),
        None => (super::address::lang_home(&data.lang.code), String::new()),
    };
    ctx.insert(
        "page",
        &PageView {
            kind: "alias",
            path: &target,
            permalink: format!("{}{target}", site.config.base_url),
            title,
            description: String::new(),
            translations: Vec::new(),
        },
    );
    ctx
}
