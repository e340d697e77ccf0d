//! The checks of a fact sheet's fields, one per kind of field (texts, dates, lists of keys,
//! countries, the amount, the image, links, booleans, extra fields), each giving the checked
//! value or diagnostics at the field's line.

use std::collections::BTreeSet;

use crate::diagnostic::{Diagnostic, closest};
use crate::domain::country::{Countries, CountryCode, Unresolved};
use crate::domain::date::{DateError, PartialDate};
use crate::parse::rules;
use crate::parse::yaml::{self, Fields, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub value: f64,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub src: String,
    pub alt: String,
    pub credit: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub title: String,
    pub url: String,
    /// The line of the file its `url` is written on, for the link check's messages (0 when
    /// it could not be placed).
    pub line: usize,
}

/// What the checks need to know about the rest of the site.
pub struct Known<'a> {
    pub countries: &'a Countries,
    /// The keys of each data file; `None` when the file itself has errors (already reported),
    /// so that its keys are not reported again as unknown.
    pub themes: Option<&'a BTreeSet<String>>,
    pub donors: Option<&'a BTreeSet<String>>,
    pub partners: Option<&'a BTreeSet<String>>,
    /// Files of `static/`, relative to it.
    pub static_files: &'a BTreeSet<String>,
    pub currency: &'a str,
}

/// The largest amount accepted: beyond it, a typo (extra zeros) is more likely than a budget.
pub(super) const MAX_AMOUNT: f64 = 1e13;

pub(super) fn unknown_fields(fields: &Fields, allowed: &[&str], errors: &mut Vec<Diagnostic>) {
    for (key, _) in fields.iter() {
        if !allowed.contains(&key) {
            let hint = closest(key, allowed.iter().copied())
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| {
                    "put fields of your own under `extra:`, which is not checked".to_string()
                });
            errors.push(
                fields
                    .error_at(key, fields.key_place(key), "unknown field")
                    .hint(hint),
            );
        }
    }
    for (key, place) in fields.non_text_keys() {
        let d = match place {
            Some(place) => {
                fields.error_at("?", Some(place), format!("`{key}` is not a field name"))
            }
            None if key.contains('\n') => {
                fields.error_missing("?", "a list or a mapping is used as a field name")
            }
            None => fields.error_missing("?", format!("`{key}` is not a field name")),
        };
        let mut d = d.hint("field names are words such as `title`");
        d.field = None;
        errors.push(d);
    }
}

pub(super) fn text(
    fields: &Fields,
    key: &str,
    required: bool,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    match fields.get(key) {
        None | Some(Value::Null) => {
            if required {
                let d = match fields.get(key) {
                    Some(_) => fields
                        .error(key, "is empty")
                        .hint(format!("write the {key} after `{key}:`")),
                    None => fields
                        .error_missing(key, format!("the required field `{key}` is missing"))
                        .hint(format!("add a line `{key}: …` to the front matter")),
                };
                errors.push(d);
            }
            None
        }
        Some(Value::String(s)) => {
            if s.trim().is_empty() && required {
                errors.push(
                    fields
                        .error(key, "is empty")
                        .hint(format!("write the {key} after `{key}:`")),
                );
                None
            } else {
                Some(s.trim().to_string())
            }
        }
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        Some(other) => {
            errors.push(
                fields
                    .error(key, format!("should be text, found {}", yaml::describe(other)))
                    .hint("write it on one line after the colon, in quotes if it contains `:`, `[` or `{`"),
            );
            None
        }
    }
}

/// A text that reaches a page (a title, a summary): [`text`], which must also show something
/// and keep within its field's limit (`rules::text_problem`).
pub(super) fn shown_text(
    fields: &Fields,
    key: &str,
    required: bool,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    let t = text(fields, key, required, errors)?;
    if t.is_empty() && !required {
        return None;
    }
    match rules::text_problem(key, &t) {
        Some(p) => {
            errors.push(fields.error(key, p.message).hint(p.hint));
            None
        }
        None => Some(t),
    }
}

pub(super) fn date(
    fields: &Fields,
    key: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<PartialDate> {
    match date_value(fields.get(key)?) {
        Ok(d) => d,
        Err(p) => {
            errors.push(fields.error(key, p.message).hint(p.hint));
            None
        }
    }
}

/// A date written as a YAML value (`None` for an empty one), or what is wrong with it.
pub(super) fn date_value(value: &Value) -> Result<Option<PartialDate>, rules::Problem> {
    let written = match value {
        Value::Null => return Ok(None),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => {
            return Err(rules::Problem::new(
                format!("should be a date, found {}", yaml::describe(other)),
                "write a date as YYYY-MM-DD, YYYY-MM or YYYY",
            ));
        }
    };
    match PartialDate::parse(&written) {
        Ok(d) => Ok(Some(d)),
        Err(e) => {
            let (message, hint) = match e {
                DateError::NoSuchDay { year, month, day } => (
                    format!(
                        "`{written}` is not a day of the calendar: {year}-{month:02} has {} days, not {day}",
                        crate::domain::date::days_in_month(year, month)
                    ),
                    "check the day and the month".to_string(),
                ),
                DateError::NoSuchMonth(m) => (
                    format!("`{written}` has no month {m}"),
                    "months go from 01 to 12".to_string(),
                ),
                DateError::OutOfRange(y) => (
                    format!("the year {y} is out of range"),
                    "years go from 1900 to 2200".to_string(),
                ),
                DateError::Malformed => (
                    format!("`{written}` is not a date"),
                    "write a date as YYYY-MM-DD, YYYY-MM or YYYY, such as 2024-01-31".to_string(),
                ),
            };
            Err(rules::Problem::new(message, hint))
        }
    }
}

/// A list of text items; each item comes with its place for later messages.
pub(super) fn list(fields: &Fields, key: &str, errors: &mut Vec<Diagnostic>) -> Vec<String> {
    match fields.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Sequence(items)) => {
            let mut out = Vec::new();
            for item in items {
                match item {
                    Value::String(s) if s.trim().is_empty() => errors.push(
                        fields
                            .error(key, "has an empty item")
                            .hint("remove the extra comma, or the `-` line with nothing after it"),
                    ),
                    Value::String(s) => out.push(s.trim().to_string()),
                    Value::Number(n) => out.push(n.to_string()),
                    other => errors.push(
                        fields
                            .error(
                                key,
                                format!(
                                    "each item should be text, found {}",
                                    yaml::describe(other)
                                ),
                            )
                            .hint(format!("write `{key}: [a, b]` or one `- item` per line")),
                    ),
                }
            }
            out
        }
        Some(other) => {
            let example = match other {
                Value::String(s) => format!("`{key}: [{s}]`"),
                _ => format!("`{key}: [a, b]`"),
            };
            errors.push(
                fields
                    .error(
                        key,
                        format!("should be a list, found {}", yaml::describe(other)),
                    )
                    .hint(format!("write the items in brackets: {example}")),
            );
            Vec::new()
        }
    }
}

pub(super) fn keys(
    fields: &Fields,
    key: &str,
    known: Option<&BTreeSet<String>>,
    data_file: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut places = fields.item_places(key);
    for item in list(fields, key, errors) {
        let place = places.place(&item);
        let Some(known) = known else {
            out.push(item);
            continue;
        };
        if known.contains(&item) {
            if out.contains(&item) {
                errors.push(fields.error_at(key, place, format!("`{item}` is listed twice")));
            } else {
                out.push(item);
            }
        } else {
            let hint = match closest(&item, known.iter().map(String::as_str)) {
                Some(c) => format!("did you mean `{c}`?"),
                None if known.is_empty() => {
                    format!("add `{item}:` with its `name:` to {data_file}")
                }
                None if known.len() <= 12 => format!(
                    "use one of the keys of {data_file} ({}), or add `{item}:` with its `name:` there",
                    known
                        .iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => {
                    format!("add `{item}:` with its `name:` to {data_file}, or use one of its keys")
                }
            };
            errors.push(
                fields
                    .error_at(key, place, format!("`{item}` is not a key of {data_file}"))
                    .hint(hint),
            );
        }
    }
    out
}

pub(super) fn countries(
    fields: &Fields,
    known: &Known,
    errors: &mut Vec<Diagnostic>,
) -> Vec<CountryCode> {
    let mut out: Vec<CountryCode> = Vec::new();
    let mut places = fields.item_places("countries");
    for item in list(fields, "countries", errors) {
        let place = places.place(&item);
        match known.countries.resolve(&item) {
            Ok(code) => {
                if out.contains(&code) {
                    errors.push(fields.error_at(
                        "countries",
                        place,
                        format!("`{item}` is listed twice ({code})"),
                    ));
                } else {
                    out.push(code);
                }
            }
            Err(Unresolved::Unknown { suggestion }) => {
                let hint = match suggestion {
                    Some((code, name)) => format!("did you mean `{code}` ({name})?"),
                    None => {
                        "use an ISO 3166-1 code such as `BR` or `BRA`, or the country's name".into()
                    }
                };
                errors.push(
                    fields
                        .error_at(
                            "countries",
                            place,
                            format!("`{item}` is not a known country"),
                        )
                        .hint(hint),
                );
            }
            Err(Unresolved::Ambiguous(codes)) => {
                let names: Vec<String> = codes
                    .iter()
                    .map(|c| format!("`{c}` ({})", known.countries.english_name(c)))
                    .collect();
                errors.push(
                    fields
                        .error_at(
                            "countries",
                            place,
                            format!("`{item}` may be several countries"),
                        )
                        .hint(format!(
                            "write the code of the one you mean: {}",
                            names.join(" or ")
                        )),
                );
            }
        }
    }
    out
}

/// `amount:`, a number in the site's currency or `{value: …, currency: …}`.
pub(super) fn amount(
    fields: &Fields,
    known: &Known,
    errors: &mut Vec<Diagnostic>,
) -> Option<Amount> {
    let value = fields.get("amount")?;
    let m = match value {
        Value::Null => return None,
        Value::Mapping(m) => m,
        other => {
            return amount_number(fields, other, None, errors).map(|value| Amount {
                value,
                currency: known.currency.to_string(),
            });
        }
    };
    let mut currency = known.currency.to_string();
    let mut parsed = None;
    let mut ok = true;
    for (k, v) in m {
        match k.as_str() {
            Some("value") => parsed = amount_number(fields, v, Some("value"), errors),
            Some("currency") => match amount_currency(fields, v) {
                Ok(c) => currency = c,
                Err(d) => {
                    ok = false;
                    errors.push(d);
                }
            },
            other => {
                ok = false;
                let parts = ("an amount", ["value", "currency"].as_slice());
                errors.push(not_a_part(fields, "amount", other.unwrap_or("?"), parts));
            }
        }
    }
    if !m.contains_key("value") {
        errors.push(
            fields
                .error("amount", "has no `value`")
                .hint("write `amount: {value: 58800000, currency: EUR}`"),
        );
        return None;
    }
    match (parsed, ok) {
        (Some(value), true) => Some(Amount { value, currency }),
        _ => None,
    }
}

/// `name` written in the mapping of `field`, `what` has only `parts`.
fn not_a_part(
    fields: &Fields,
    field: &str,
    name: &str,
    (what, parts): (&str, &[&str]),
) -> Diagnostic {
    let listed: Vec<String> = parts.iter().map(|p| format!("`{p}`")).collect();
    let listed = match listed.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    fields
        .error_at(
            field,
            fields.token_place(field, name),
            format!("`{name}` is not a part of {what}"),
        )
        .hint(
            closest(name, parts.iter().copied())
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| format!("{what} has {listed}")),
        )
}

/// An amount's number: `amount:` itself, or its `value:` (`place_key`). Its notation is
/// checked as written, since YAML reads `5.88e7` or `0x10` as numbers too.
fn amount_number(
    fields: &Fields,
    v: &Value,
    place_key: Option<&str>,
    errors: &mut Vec<Diagnostic>,
) -> Option<f64> {
    let place = place_key.and_then(|k| fields.token_place("amount", k));
    let err =
        |m: String| fields.error_at("amount", place.or_else(|| fields.value_place("amount")), m);
    let written_place = match place_key {
        Some(k) => fields.nested_value_place("amount", k),
        None => fields.value_place("amount"),
    };
    let notation = written_place
        .and_then(|p| fields.written(p))
        .map(rules::amount_notation);
    if let (Value::Number(_), Some(Err(p))) = (v, notation) {
        errors.push(
            fields
                .error_at("amount", written_place, p.message)
                .hint(p.hint),
        );
        return None;
    }
    let d = match v {
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.is_finite() && x < 0.0 => {
                err(format!("`{n}` is negative")).hint("an amount is zero or more")
            }
            Some(x) if x.is_finite() && x > MAX_AMOUNT => err(format!(
                "`{n}` is too large to be a programme's amount"
            ))
            .hint("check for extra zeros: amounts are written in full units, such as 58800000"),
            Some(x) if x.is_finite() => return Some(x),
            _ => err(format!("`{n}` is not a usable number")),
        },
        Value::String(s) => match rules::amount_notation(s) {
            Ok(()) => err(format!("`{s}` is in quotes, which makes it text"))
                .hint(format!("write the number without quotes: `{}`", s.trim())),
            Err(p) => err(p.message).hint(p.hint),
        },
        other => err(format!(
            "should be a number, found {}",
            yaml::describe(other)
        ))
        .hint("write `amount: 58800000` or `amount: {value: 58800000, currency: EUR}`"),
    };
    errors.push(d);
    None
}

/// An amount's `currency:`, an ISO 4217 code.
fn amount_currency(fields: &Fields, v: &Value) -> Result<String, Diagnostic> {
    let (message, hint) = match v.as_str().map(|c| (c, rules::currency(c))) {
        Some((c, Ok(()))) => return Ok(c.trim().to_string()),
        Some((_, Err(p))) => (p.message, p.hint),
        None => (
            format!("should be a currency code, found {}", yaml::describe(v)),
            "use an ISO 4217 code: three capital letters such as EUR or USD".to_string(),
        ),
    };
    let place = v
        .as_str()
        .and_then(|c| fields.token_place_after("amount", "currency", c.trim()))
        .or_else(|| fields.token_place("amount", "currency"));
    Err(fields
        .error_at("amount", place, message)
        .field("amount.currency")
        .hint(hint))
}

/// `image:`, `{src: …, alt: …, credit: …}`: every problem of the image reported in the same
/// run (a missing file and a missing `alt` together, not one after the other).
pub(super) fn image(fields: &Fields, known: &Known, errors: &mut Vec<Diagnostic>) -> Option<Image> {
    let value = fields.get("image")?;
    let m = match value {
        Value::Null => return None,
        Value::Mapping(m) => m,
        other => {
            errors.push(
                fields
                    .error(
                        "image",
                        format!(
                            "should be a mapping with `src` and `alt`, found {}",
                            yaml::describe(other)
                        ),
                    )
                    .hint(IMAGE_EXAMPLE),
            );
            return None;
        }
    };
    let (parts, mut ok) = image_parts(fields, m, errors);
    let [src, alt, credit] = parts;
    // `src` or `alt` there but not text: already reported.
    let src = match src {
        None if !ok && m.contains_key("src") => None,
        src => image_src(fields, known, src, errors),
    };
    let alt = match alt {
        None if !ok && m.contains_key("alt") => None,
        alt => image_alt(fields, alt, m.contains_key("src"), errors),
    };
    // Both texts are shown: each keeps within its limit.
    for (part, text) in [("alt", alt.as_deref()), ("credit", credit.as_deref())] {
        if let Some(p) = text
            .filter(|t| !t.is_empty())
            .and_then(|t| rules::text_problem(part, t))
        {
            ok = false;
            errors.push(
                fields
                    .error_at("image", fields.token_place("image", part), p.message)
                    .field(format!("image.{part}"))
                    .hint(p.hint),
            );
        }
    }
    match (src, alt) {
        (Some(src), Some(alt)) if ok => Some(Image { src, alt, credit }),
        _ => None,
    }
}

const IMAGE_EXAMPLE: &str =
    "write `image: {src: images/photo.jpg, alt: What the photo shows, credit: © Owner}`";

/// An image's `src`, `alt` and `credit` as written, and whether its parts are all known and
/// text (each problem reported).
fn image_parts(
    fields: &Fields,
    m: &yaml::Mapping,
    errors: &mut Vec<Diagnostic>,
) -> ([Option<String>; 3], bool) {
    let mut parts: [Option<String>; 3] = Default::default();
    let mut ok = true;
    for (k, v) in m {
        let name = k.as_str().unwrap_or("?");
        let place = fields.token_place("image", name);
        let Some(at) = ["src", "alt", "credit"].iter().position(|p| *p == name) else {
            ok = false;
            let parts = ("an image", ["src", "alt", "credit"].as_slice());
            errors.push(not_a_part(fields, "image", name, parts));
            continue;
        };
        match v {
            Value::String(s) => parts[at] = Some(s.trim().to_string()),
            Value::Number(n) => parts[at] = Some(n.to_string()),
            _ => {
                ok = false;
                errors.push(
                    fields
                        .error_at(
                            "image",
                            place,
                            format!("should be text, found {}", yaml::describe(v)),
                        )
                        .field(format!("image.{name}")),
                );
            }
        }
    }
    (parts, ok)
}

/// An image's file: inside `static/` and there. A file without `src:` gives none (a
/// translation gives the words of its source's image: `parse::facts` checks that the source
/// gives the file).
fn image_src(
    fields: &Fields,
    known: &Known,
    src: Option<String>,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    let Some(s) = src else {
        return Some(String::new());
    };
    let (message, hint) = match s.as_str() {
        "" => {
            errors.push(
                fields
                    .error_at("image", image_place(fields), "has no `src`")
                    .field("image.src")
                    .hint(IMAGE_EXAMPLE),
            );
            return None;
        }
        s if s.contains("..") || s.starts_with('/') || s.contains('\\') || s.contains("://") => (
            format!("`{s}` is outside the site's `static/` folder"),
            "put the image in `static/images/` and write `src: images/name.jpg`".to_string(),
        ),
        s if !known.static_files.contains(s) => (
            format!("the image `{s}` is not in `static/`"),
            format!("put the file at `static/{s}`, or correct the path"),
        ),
        _ => return Some(s),
    };
    errors.push(
        fields
            .error_at("image", fields.token_place("image", &s), message)
            .field("image.src")
            .hint(hint),
    );
    None
}

/// An image's `alt` text. A file that gives the image's file (`has_src`) describes it too;
/// a translation that gives only words may leave it out: `parse::facts` checks that each
/// version has one.
fn image_alt(
    fields: &Fields,
    alt: Option<String>,
    has_src: bool,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    match alt {
        Some(a) if rules::is_visible(&a) => Some(a),
        None if !has_src => Some(String::new()),
        _ => {
            errors.push(
                fields
                    .error_at("image", image_place(fields), "has no `alt` text")
                    .field("image.alt")
                    .hint("describe the image for readers who cannot see it: `alt: Police officers in a training room`"),
            );
            None
        }
    }
}

/// Where something missing from the image is shown: at `image:`, or at its `{…}` on that line.
pub(super) fn image_place(fields: &Fields) -> Option<crate::diagnostic::Place> {
    fields
        .value_place("image")
        .filter(|v| fields.key_place("image").is_some_and(|k| k.line == v.line))
        .or_else(|| fields.key_place("image"))
}

pub(super) fn links(fields: &Fields, errors: &mut Vec<Diagnostic>) -> Vec<Link> {
    let example = "write `links: [{title: Programme site, url: https://example.org}]`";
    let items = match fields.get("links") {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Sequence(items)) => items,
        Some(other) => {
            errors.push(
                fields
                    .error(
                        "links",
                        format!("should be a list, found {}", yaml::describe(other)),
                    )
                    .hint(example),
            );
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    // Where each address is written, found in order: one pass over the list.
    let mut places = fields.item_places("links");
    for item in items {
        // Every problem of a link is reported in the same run.
        let title = item.get("title").and_then(Value::as_str).map(str::trim);
        let url = item.get("url").and_then(Value::as_str).map(str::trim);
        let mut ok = title.is_some() && url.is_some();
        if !ok {
            errors.push(
                fields
                    .error("links", "each link needs a `title` and a `url`")
                    .hint(example),
            );
        }
        let unknown = item.as_mapping().into_iter().flat_map(|m| {
            m.keys()
                .filter_map(Value::as_str)
                .filter(|k| *k != "title" && *k != "url")
        });
        for bad in unknown {
            ok = false;
            errors.push(
                fields
                    .error_at(
                        "links",
                        fields.token_place("links", bad),
                        format!("`{bad}` is not a part of a link"),
                    )
                    .hint("a link has `title` and `url`"),
            );
        }
        if let Some(url) = url
            && let Err(p) = rules::web_address(url)
        {
            ok = false;
            errors.push(
                fields
                    .error_at("links", fields.token_place("links", url), p.message)
                    .hint(p.hint),
            );
        }
        if let Some(title) = title
            && let Some(p) = rules::text_problem("link title", title)
        {
            ok = false;
            let place = Some(title)
                .filter(|t| !t.is_empty())
                .and_then(|t| fields.token_place("links", t))
                .or_else(|| fields.token_place("links", "title"));
            let which = url.map_or("a link".to_string(), |u| format!("`{u}`"));
            errors.push(
                fields
                    .error_at("links", place, format!("the title of {which} {}", p.message))
                    .hint("give each link a title that says where it leads, such as `title: Programme site`"),
            );
        }
        if let (true, Some(title), Some(url)) = (ok, title, url) {
            out.push(Link {
                title: title.to_string(),
                url: url.to_string(),
                line: places.place(url).map_or(0, |p| p.line),
            });
        }
    }
    out
}

pub(super) fn boolean(fields: &Fields, key: &str, errors: &mut Vec<Diagnostic>) -> bool {
    match fields.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            errors.push(
                fields
                    .error(
                        key,
                        format!("should be true or false, found {}", yaml::describe(other)),
                    )
                    .hint(format!("write `{key}: true` or `{key}: false`")),
            );
            false
        }
    }
}

pub(super) fn extra(fields: &Fields) -> serde_json::Value {
    fields
        .get("extra")
        .and_then(|v| serde_json::to_value(v).ok())
        .unwrap_or(serde_json::Value::Null)
}
