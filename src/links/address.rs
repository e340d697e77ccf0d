//! Where an address used by a page leads: resolved against the page's own address and the
//! site's base URL, as a browser would, and looked up among the output's files.

use rustc_hash::FxHashSet;

use crate::render::html::has_scheme;

/// Where an address leads.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// Outside the site (another host, `mailto:`, …): not checked.
    Elsewhere,
    /// A file of the site (relative to its root; `""` and `…/` are folders), and a fragment.
    Internal { path: String, fragment: String },
}

/// What belongs to the site: addresses under `base_url` whose first segment is one of the
/// output's own (a language folder, `data`, a static file or folder, `sitemap.xml`, …).
/// Absolute addresses elsewhere on the same host (a main site beside this one) are not fiche's.
pub(super) struct Scope<'a> {
    pub(super) base_url: &'a str,
    pub(super) base_path: &'a str,
    pub(super) owned: &'a FxHashSet<String>,
    pub(super) files: &'a FxHashSet<std::sync::Arc<str>>,
}

impl Scope<'_> {
    pub(super) fn resolve(&self, page: &str, url: &str) -> Target {
        let target = resolve(self.base_url, self.base_path, page, url);
        let relative = !(has_scheme(url.trim()) || url.trim().starts_with('/'));
        match target {
            Target::Internal { ref path, .. }
                if !relative
                    && !path.is_empty()
                    && !self.owned.contains(path.split('/').next().unwrap_or("")) =>
            {
                Target::Elsewhere
            }
            t => t,
        }
    }

    /// The site path and fragment of an absolute address under the site's base URL written
    /// plainly (`https://e.org/en/x/#a`, as the pages' canonical and alternate links are),
    /// read without resolving it in full: `Some(None)` when it leads to a part of the host
    /// that is not fiche's; `None` for anything else, which [`Scope::resolve`] reads. A base
    /// path with a `%` escape or a dot segment is left to it too: it compares such a path as
    /// written with the address decoded and resolved.
    pub(super) fn absolute<'u>(&self, url: &'u str) -> Option<Option<(&'u str, &'u str)>> {
        let plain_base = !self.base_path.contains('%')
            && !(self.base_path.split('/')).any(|s| s == "." || s == "..");
        if !plain_base || !self.base_url.ends_with('/') || url.trim().len() != url.len() {
            return None;
        }
        let (path, fragment) = site_relative(url.strip_prefix(self.base_url)?, "")?;
        let owned = self.owned.contains(path.split('/').next().unwrap_or(""));
        Some(owned.then_some((path, fragment)))
    }

    /// Whether a site path names an output file (`fr/` is `fr/index.html`; `fr` is served as
    /// the folder too); if so, `file` holds that file's path.
    pub(super) fn find_file(&self, path: &str, file: &mut String) -> bool {
        let folder = path.is_empty() || path.ends_with('/');
        file.clear();
        file.push_str(path);
        if folder {
            file.push_str("index.html");
        }
        if self.files.contains(file.as_str()) {
            return true;
        }
        if !folder {
            file.push_str("/index.html");
            return self.files.contains(file.as_str());
        }
        false
    }
}

/// The site path and fragment of an address that climbs to the site's root (`up`, such as
/// `../../`) and goes down from there: what templates and Markdown write. `None` for anything
/// else, which [`resolve`] reads in full.
pub(super) fn site_relative<'a>(url: &'a str, up: &str) -> Option<(&'a str, &'a str)> {
    let rest = url.strip_prefix(up)?;
    // memchr, not `split_once('#')`: its `char` searcher took more than the rest of this.
    let (path, fragment) = match memchr::memchr(b'#', rest.as_bytes()) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    // The page itself (`#x` on the root page), absolute, encoded, with a query, or with dots
    // to resolve: read in full. One pass over the bytes (a build asks this of every address
    // of every page; memchr's searches for the five bytes took longer on such short paths).
    if (path.is_empty() && up.is_empty())
        || path.starts_with('/')
        || memchr::memchr(b'%', fragment.as_bytes()).is_some()
    {
        return None;
    }
    let dots = |segment: &[u8]| segment == b"." || segment == b"..";
    let mut segment = 0;
    for (i, &b) in path.as_bytes().iter().enumerate() {
        match b {
            b'%' | b'?' | b':' | b'\\' | b'&' => return None,
            b'/' if dots(&path.as_bytes()[segment..i]) => return None,
            b'/' => segment = i + 1,
            _ => {}
        }
    }
    (!dots(&path.as_bytes()[segment..])).then_some((path, fragment))
}

/// Where `url`, used on the page at `page` (an output path such as `fr/pays/index.html`), leads.
fn resolve(base_url: &str, base_path: &str, page: &str, url: &str) -> Target {
    let url = url.trim();
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((a, f)) => (a, decode(f)),
        None => (url, String::new()),
    };
    let address = before_fragment.split('?').next().unwrap_or("");
    // The path of the address on the host, before resolving dots.
    let site_rest = url
        .strip_prefix(base_url.trim_end_matches('/'))
        .filter(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']));
    let host_path: String = if let Some(rest) = site_rest {
        let rest = rest.split(['?', '#']).next().unwrap_or("");
        format!("{}{rest}", base_path.trim_end_matches('/'))
    } else if has_scheme(url) || url.starts_with("//") {
        return Target::Elsewhere;
    } else if address.starts_with('/') {
        address.to_string()
    } else if address.is_empty() {
        format!("{base_path}{page}")
    } else {
        let dir = match page.rfind('/') {
            Some(i) => &page[..=i],
            None => "",
        };
        format!("{base_path}{dir}{address}")
    };
    let resolved = remove_dots(&decode(&host_path));
    match resolved.strip_prefix(base_path) {
        Some(path) => Target::Internal {
            path: path.to_string(),
            fragment,
        },
        // The same host, outside the site: nothing fiche knows about.
        None if format!("{resolved}/") == base_path => Target::Internal {
            path: String::new(),
            fragment,
        },
        None => Target::Elsewhere,
    }
}

/// Percent-decoding, for paths and fragments with accents or spaces.
fn decode(text: &str) -> String {
    if text.contains('%') {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    } else {
        text.to_string()
    }
}

/// Resolves `.` and `..` segments of an absolute path, as browsers do.
fn remove_dots(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `scan` makes of an address: the shortcuts, else the full resolution.
    fn read(scope: &Scope, page: &str, up: &str, url: &str) -> Target {
        let found = match site_relative(url, up) {
            Some(found) => Some(found),
            None => match scope.absolute(url) {
                Some(Some(found)) => Some(found),
                Some(None) => return Target::Elsewhere,
                None => None,
            },
        };
        match found {
            Some((path, fragment)) => internal(path, fragment),
            None => scope.resolve(page, url),
        }
    }

    /// How an address was read before the shortcuts were made faster and absolute addresses
    /// took one: the site-relative shortcut as it was written then, else the full
    /// resolution.
    fn read_before(scope: &Scope, page: &str, up: &str, url: &str) -> Target {
        let shortcut = url.strip_prefix(up).and_then(|rest| {
            let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
            let unusual = (path.is_empty() && up.is_empty())
                || path.starts_with('/')
                || path.contains(['%', '?', ':', '\\', '&'])
                || path.split('/').any(|s| s == ".." || s == ".")
                || fragment.contains('%');
            (!unusual).then_some((path, fragment))
        });
        match shortcut {
            Some((path, fragment)) => internal(path, fragment),
            None => scope.resolve(page, url),
        }
    }

    #[test]
    fn the_shortcuts_read_addresses_as_they_were_read_before() {
        let owned: FxHashSet<String> = ["fr", "en", "css", "map.svg"]
            .into_iter()
            .map(str::to_string)
            .collect();
        let files = FxHashSet::default();
        // Base URLs as the site's settings give them (with their path as written).
        for (base_url, base_path) in [
            ("https://e.org/", "/"),
            ("https://e.org/coop/", "/coop/"),
            ("https://e.org/a%20b/", "/a%20b/"),
            ("https://e.org/x/../coop/", "/x/../coop/"),
            ("https://e.org/./", "/./"),
        ] {
            let scope = Scope {
                base_url,
                base_path,
                owned: &owned,
                files: &files,
            };
            for (page, up) in [
                ("fr/programmes/x/index.html", "../../../"),
                ("index.html", ""),
            ] {
                let urls = [
                    "",
                    "#a",
                    "#top",
                    "#a%20b",
                    "fr/",
                    "fr/pays/#x",
                    "fr/./pays/",
                    "fr/../en/",
                    "fr/..",
                    "fr/.",
                    ".",
                    "..",
                    "./fr/",
                    "fr/p%C3%A9/",
                    "fr/?q=1",
                    "fr/a:b",
                    "fr\\x",
                    "fr/a&amp;b",
                    "/fr/",
                    "//e.org/fr/",
                    "map.svg",
                    "css/a.css#x",
                    "autre/",
                    "fr/.hidden",
                    "fr/..x/",
                    "fr/x../",
                ];
                for url in urls {
                    for written in [url.to_string(), format!("{up}{url}")] {
                        assert_eq!(
                            read(&scope, page, up, &written),
                            read_before(&scope, page, up, &written),
                            "{written} on {page} under {base_url}"
                        );
                    }
                    for prefix in [base_url, "https://e.org/", "https://other.org/"] {
                        let absolute = format!("{prefix}{url}");
                        for written in [absolute.clone(), format!(" {absolute} ")] {
                            assert_eq!(
                                read(&scope, page, up, &written),
                                read_before(&scope, page, up, &written),
                                "{written} on {page} under {base_url}"
                            );
                        }
                    }
                }
            }
        }
    }

    fn internal(path: &str, fragment: &str) -> Target {
        Target::Internal {
            path: path.to_string(),
            fragment: fragment.to_string(),
        }
    }

    #[test]
    fn resolves_relative_root_relative_and_absolute_addresses() {
        let base = "https://example.org/coop/";
        let r = |page: &str, url: &str| resolve(base, "/coop/", page, url);
        let page = "fr/programmes/x/index.html";
        assert_eq!(r(page, "../../../fr/pays/"), internal("fr/pays/", ""));
        assert_eq!(
            r(page, "../y/#context"),
            internal("fr/programmes/y/", "context")
        );
        assert_eq!(r(page, "#top"), internal(page, "top"));
        assert_eq!(r(page, ""), internal(page, ""));
        assert_eq!(r(page, "/coop/en/"), internal("en/", ""));
        assert_eq!(r(page, "https://example.org/coop/es/"), internal("es/", ""));
        assert_eq!(r(page, "https://example.org/coop"), internal("", ""));
        assert_eq!(r(page, "/elsewhere/"), Target::Elsewhere);
        assert_eq!(r(page, "../../../../up/"), Target::Elsewhere);
        assert_eq!(r(page, "https://other.org/"), Target::Elsewhere);
        assert_eq!(r(page, "mailto:a@b.org"), Target::Elsewhere);
        assert_eq!(r(page, "//cdn.example/x.js"), Target::Elsewhere);
        assert_eq!(
            r(page, "../../../images/photo%20%C3%A9t%C3%A9.jpg?v=2"),
            internal("images/photo été.jpg", "")
        );
        assert_eq!(
            r("404.html", "/coop/css/fiche.css"),
            internal("css/fiche.css", "")
        );
    }
}
