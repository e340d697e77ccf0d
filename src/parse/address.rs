//! A content file's own address, a word of its language like its title: `slug:` (the last
//! part of the page's address in that language, instead of the file name's) and `aliases:`
//! (old addresses, each of which redirects to the page). Where they would collide is the
//! render stage's to say, which knows every address.

use crate::diagnostic::{Diagnostic, Place};
use crate::domain::slug::{is_slug, slugify};
use crate::parse::yaml::{self, Fields, Value};

/// A value as written in the front matter, with where it stands (for later errors).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub value: String,
    pub place: Option<Place>,
}

/// `slug:` and `aliases:` of one file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Address {
    pub slug: Option<Placed>,
    /// Each a path from the site's root, without its first `/`, ending in `/` or `.html`
    /// (`es/programas/nombre-antiguo/`).
    pub aliases: Vec<Placed>,
}

pub const FIELDS: [&str; 2] = ["slug", "aliases"];

/// Checks `slug:` and `aliases:`.
pub fn address(fields: &Fields, errors: &mut Vec<Diagnostic>) -> Address {
    Address {
        slug: slug(fields, errors),
        aliases: aliases(fields, errors),
    }
}

fn slug(fields: &Fields, errors: &mut Vec<Diagnostic>) -> Option<Placed> {
    let value = fields.get("slug")?;
    let written = match value {
        Value::String(s) => s.trim(),
        Value::Null => "",
        other => {
            errors.push(
                fields
                    .error("slug", format!("should be a word such as `pacto-el`, found {}", yaml::describe(other)))
                    .hint("write the last part of the page's address, such as `slug: pacto-el`, or remove the line"),
            );
            return None;
        }
    };
    if written.is_empty() {
        errors.push(
            fields
                .error_at("slug", None, "is empty")
                .hint("write the last part of the page's address in this language, such as `slug: pacto-el`, or remove the line to use the file's name"),
        );
        return None;
    }
    if !is_slug(written) {
        let hint = match slugify(written) {
            Some(s) => {
                format!("write `slug: {s}`: lower-case Latin letters, digits and single hyphens")
            }
            None => "use lower-case Latin letters, digits and single hyphens, such as `pacto-el`"
                .to_string(),
        };
        errors.push(
            fields
                .error("slug", format!("`{written}` is not a slug"))
                .hint(hint),
        );
        return None;
    }
    Some(Placed {
        value: written.to_string(),
        place: fields.value_place("slug"),
    })
}

fn aliases(fields: &Fields, errors: &mut Vec<Diagnostic>) -> Vec<Placed> {
    let example =
        "write `aliases: [/es/programas/nombre-antiguo/]`: addresses from the site's root";
    let items = match fields.get("aliases") {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Sequence(items)) => items.as_slice(),
        Some(v @ Value::String(_)) => std::slice::from_ref(v),
        Some(other) => {
            errors.push(
                fields
                    .error(
                        "aliases",
                        format!(
                            "should be a list of addresses, found {}",
                            yaml::describe(other)
                        ),
                    )
                    .hint(example),
            );
            return Vec::new();
        }
    };
    let mut places = fields.item_places("aliases");
    let mut out = Vec::new();
    for item in items {
        let Some(written) = item.as_str().map(str::trim) else {
            errors.push(
                fields
                    .error(
                        "aliases",
                        format!(
                            "each alias should be an address, found {}",
                            yaml::describe(item)
                        ),
                    )
                    .hint(example),
            );
            continue;
        };
        let place = places.place(written);
        match alias_path(written) {
            Ok(value) => out.push(Placed { value, place }),
            Err((message, hint)) => {
                errors.push(fields.error_at("aliases", place, message).hint(hint));
            }
        }
    }
    out
}

/// An alias as a path from the site's root (`/es/old/` is `es/old/`, `/old` is `old/`), or
/// what is wrong with it.
pub fn alias_path(written: &str) -> Result<String, (String, String)> {
    if let Some((_, rest)) = written.split_once("://") {
        let path = rest.find('/').map_or("/", |i| &rest[i..]);
        return Err((
            format!("`{written}` is a full web address: an alias is an address of this site"),
            format!("write it from the site's root, without the host, such as `{path}`"),
        ));
    }
    let path = written.trim_start_matches('/');
    if path.is_empty() {
        return Err((
            format!("`{written}` is the site's root, which is the language chooser"),
            "write the old address of this page, such as `/es/programas/nombre-antiguo/`".into(),
        ));
    }
    let body = path.strip_suffix('/').unwrap_or(path);
    for segment in body.split('/') {
        let bad = segment.is_empty()
            || segment == "."
            || segment == ".."
            || !segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
        if bad {
            return Err((
                format!("`{written}` is not an address of this site"),
                "write a path from the site's root of Latin letters, digits, `-`, `_`, `.` and `~` between slashes, without `..`, `?` or `#`, such as `/es/programas/nombre-antiguo/`".into(),
            ));
        }
    }
    if path.ends_with('/') || path.ends_with(".html") {
        Ok(path.to_string())
    } else {
        Ok(format!("{path}/"))
    }
}

#[cfg(test)]
mod tests {
    use super::alias_path;

    #[test]
    fn aliases_become_paths_from_the_site_root() {
        assert_eq!(alias_path("/es/old/").as_deref(), Ok("es/old/"));
        assert_eq!(alias_path("es/old").as_deref(), Ok("es/old/"));
        assert_eq!(alias_path("/old.html").as_deref(), Ok("old.html"));
        for bad in [
            "/",
            "",
            "https://other.org/x/",
            "/es/../x/",
            "/es//x/",
            "/es/x?y",
            "/es/x#y",
            "/es/ñ/",
        ] {
            assert!(alias_path(bad).is_err(), "{bad} was accepted");
        }
    }
}
