//! Rules that hold for every field that takes a kind of value, wherever it is written (front
//! matter, data files, `site.yaml`): one function per rule, so that no field is checked more
//! loosely than another.
//!
//! - a text that reaches a page has something visible in it (not only spaces, invisible
//!   characters or HTML tags), and is not longer than its field's limit ([`text_problem`],
//!   [`LIMITS`]);
//! - an address is a web address (`https://`, `http://`, `mailto:` or a site path), never a
//!   `javascript:` or `data:` one ([`web_address`]);
//! - a currency is one of ISO 4217's codes ([`currency`]);
//! - an amount is written as digits, with an optional decimal part ([`amount_notation`]);
//! - a contact is an email address, not a link ([`contact`]).

use icu::properties::props::DefaultIgnorableCodePoint;
use icu::properties::{CodePointSetData, CodePointSetDataBorrowed};

/// What is wrong with a value, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub hint: String,
}

impl Problem {
    pub(crate) fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// The longest text each kind of field may hold, in characters; a body in bytes. Beyond them a
/// mistake (a file pasted into a field) is likelier than a text, and one such field is copied
/// onto every page that lists its programme.
pub const LIMITS: &[(&str, usize)] = &[
    ("title", 300),
    ("summary", 2_000),
    ("name", 300),
    ("short", 100),
    ("description", 20_000),
    ("alt", 1_000),
    ("credit", 300),
    ("link title", 300),
    ("interface string", 2_000),
];

/// The largest Markdown body of a fact sheet or page, in bytes (5 MB).
pub const MAX_BODY_BYTES: usize = 5_000_000;

/// The limit of a kind of field (see [`LIMITS`]); 2,000 characters for any other.
pub fn limit(kind: &str) -> usize {
    LIMITS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(2_000, |(_, n)| *n)
}

const IGNORABLE: CodePointSetDataBorrowed<'static> =
    CodePointSetData::new::<DefaultIgnorableCodePoint>();

/// Whether `c` shows nothing: white space, a control character, or one Unicode says to draw
/// as nothing (zero-width spaces and joiners, direction marks, variation selectors, …).
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || IGNORABLE.contains(c)
        // Blank characters that are not default-ignorable but draw nothing.
        || matches!(c, '\u{2800}' | '\u{3164}' | '\u{FFA0}' | '\u{115F}' | '\u{1160}')
}

/// Whether a text has at least one character that shows.
pub fn is_visible(text: &str) -> bool {
    text.chars().any(|c| !invisible(c))
}

/// What is wrong with a text of kind `kind` (see [`LIMITS`]) that reaches a page: nothing
/// visible in it, too long, or only HTML tags (shown as written, since texts are escaped).
pub fn text_problem(kind: &str, text: &str) -> Option<Problem> {
    if !is_visible(text) {
        let what = if text.is_empty() {
            "is empty".to_string()
        } else {
            "has nothing visible in it (only spaces or invisible characters)".to_string()
        };
        return Some(Problem::new(what, format!("write the {kind} in words")));
    }
    if let Some(p) = length_problem(kind, text) {
        return Some(p);
    }
    if !is_visible(&without_tags(text)) {
        return Some(Problem::new(
            "has only HTML tags in it, which pages show as they are written",
            format!("write the {kind} in words: texts of fields are not HTML"),
        ));
    }
    None
}

/// Whether a text of kind `kind` is longer than its limit (see [`LIMITS`]).
pub fn length_problem(kind: &str, text: &str) -> Option<Problem> {
    let max = limit(kind);
    // Counting stops past the limit: a 55 MB text is not walked to the end.
    text.chars().nth(max).is_some().then(|| {
        Problem::new(
            format!("is longer than the {max} characters a {kind} may have"),
            format!("shorten it to {max} characters at most"),
        )
    })
}

/// The text outside HTML tags (`<b>`, `</p>`, `<!-- … -->`): a tag is `<` then a letter, `/`
/// or `!`, up to the next `>`.
fn without_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>').filter(|_| is_tag) {
            Some(end) => rest = &after[end + 1..],
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What is wrong with a Markdown body of `len` bytes.
pub fn body_problem(len: usize) -> Option<Problem> {
    (len > MAX_BODY_BYTES).then(|| {
        Problem::new(
            format!(
                "the text is {} MB, more than the {} MB a fact sheet or page may have",
                len / 1_000_000,
                MAX_BODY_BYTES / 1_000_000
            ),
            "split it, or link to a document in `static/` instead",
        )
    })
}

/// Checks an address a page links to: `https://`, `http://` or `mailto:` with something after
/// it, or a path of the site (`/…`), without spaces. Front-matter links and the `url` of
/// themes, donors and partners go through here alike.
pub fn web_address(url: &str) -> Result<(), Problem> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://", "mailto:"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme));
    let valid = match rest {
        Some(rest) => !rest.is_empty() && !rest.starts_with('/'),
        None => url.starts_with('/') && !url.starts_with("//"),
    };
    if valid && !url.contains(|c: char| c.is_whitespace() || c.is_control()) {
        Ok(())
    } else {
        Err(Problem::new(
            format!("`{url}` is not a web address"),
            "write the whole address, starting with https://",
        ))
    }
}

/// Checks a currency: one of ISO 4217's codes, such as `EUR`.
pub fn currency(code: &str) -> Result<(), Problem> {
    let code = code.trim();
    if iso_currency::Currency::from_code(code).is_some() {
        return Ok(());
    }
    let upper = code.to_uppercase();
    let hint = if iso_currency::Currency::from_code(&upper).is_some() {
        format!("write it in capitals: `{upper}`")
    } else {
        "use an ISO 4217 code: three capital letters such as EUR or USD".to_string()
    };
    Err(Problem::new(
        format!("`{code}` is not an ISO 4217 currency code"),
        hint,
    ))
}

/// Checks how an amount is written: digits only, in full, with an optional decimal part after
/// a point (`58800000`, `1250.50`); not `58.8M`, `58 800 000`, `5.88e7`, `0x…`, `58_800_000` or
/// in quotes. `written` is the value as it stands in the file.
pub fn amount_notation(written: &str) -> Result<(), Problem> {
    let w = written.trim();
    let (whole, fraction) = match w.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (w, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits(whole) && fraction.is_none_or(digits) {
        return Ok(());
    }
    if w.strip_prefix('-')
        .is_some_and(|rest| amount_notation(rest).is_ok())
    {
        return Err(Problem::new(
            format!("`{w}` is negative"),
            "an amount is zero or more",
        ));
    }
    Err(Problem::new(
        format!("`{w}` is not written as an amount"),
        "write the amount in full, with digits only, such as `58800000` (a decimal part after a point: `1250.50`)",
    ))
}

/// Checks a contact: an email address such as `team@example.org`, not a link.
pub fn contact(value: &str) -> Result<(), Problem> {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    if let Some(address) = lower.strip_prefix("mailto:") {
        let address = &v[v.len() - address.len()..];
        return Err(Problem::new(
            format!("`{v}` is a link, not an email address"),
            format!("write the address alone: `contact: {}`", address.trim()),
        ));
    }
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return Err(Problem::new(
            format!("`{v}` is a web address, not an email address"),
            "write an email address such as `team@example.org`; put web pages under `links:`",
        ));
    }
    if is_email(v) {
        Ok(())
    } else {
        Err(Problem::new(
            format!("`{v}` is not an email address"),
            "write an address such as `team@example.org`",
        ))
    }
}

/// A plausible email address: one `@`, a local part of the characters addresses allow, a
/// domain with a dot, no spaces.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
        && !local.contains("//");
    let domain_ok = domain.contains('.')
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_must_show_something() {
        assert!(is_visible("Blue Pacific"));
        assert!(is_visible("·"));
        for blank in [
            "",
            "  ",
            "\u{200B}\u{200B}",
            "\u{FEFF}",
            "\u{2060} \u{00AD}",
            "\u{3164}",
        ] {
            assert!(!is_visible(blank), "{blank:?}");
            assert!(text_problem("title", blank).is_some());
        }
    }

    #[test]
    fn text_of_tags_alone_is_refused() {
        for tags in ["<br>", "<b></b>", "<p> </p><!-- x -->"] {
            let p = text_problem("title", tags).expect("only tags");
            assert!(p.message.contains("only HTML tags"), "{tags}: {p:?}");
        }
        for shown in ["a < b", "<b>Bold</b>", "x<y>", "<3", "1 <"] {
            assert_eq!(text_problem("title", shown), None, "{shown}");
        }
    }

    #[test]
    fn text_longer_than_its_limit_is_refused() {
        assert!(text_problem("title", &"a".repeat(300)).is_none());
        let p = text_problem("title", &"a".repeat(301)).expect("too long");
        assert!(p.message.contains("300 characters"), "{p:?}");
        assert!(body_problem(MAX_BODY_BYTES).is_none());
        assert!(body_problem(MAX_BODY_BYTES + 1).is_some());
    }

    #[test]
    fn web_addresses_are_http_mailto_or_site_paths() {
        for ok in [
            "https://example.org",
            "HTTP://example.org/x",
            "mailto:a@b.org",
            "/fr/",
        ] {
            assert_eq!(web_address(ok), Ok(()), "{ok}");
        }
        for bad in [
            "javascript:alert(document.domain)",
            " JavaScript:alert(1)",
            "data:text/html,x",
            "https://",
            "//evil.example",
            "example.org",
            "https://exa mple.org",
            "vbscript:x",
        ] {
            assert!(web_address(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn currencies_are_iso_4217_codes() {
        assert_eq!(currency("EUR"), Ok(()));
        assert_eq!(currency("XOF"), Ok(()));
        assert!(currency("ABC").is_err());
        assert!(currency("EURO").is_err());
        let lower = currency("usd").expect_err("lower case");
        assert!(lower.hint.contains("`USD`"), "{lower:?}");
    }

    #[test]
    fn amounts_are_digits_with_an_optional_decimal_part() {
        for ok in ["58800000", "0", "1250.50"] {
            assert_eq!(amount_notation(ok), Ok(()), "{ok}");
        }
        for bad in [
            "58.8M",
            "58 800 000",
            "5.88e7",
            "0x10",
            "0o17",
            "58_800_000",
            "58,800,000",
            "+5",
            ".5",
            "5.",
            ".inf",
            "\"58800000\"",
            "'1'",
        ] {
            assert!(amount_notation(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_contact_is_an_address_not_a_link() {
        assert_eq!(contact("bluepacific@example.org"), Ok(()));
        let mailto = contact("mailto:team@example.org").expect_err("a link");
        assert!(
            mailto.hint.contains("`contact: team@example.org`"),
            "{mailto:?}"
        );
        assert!(contact("https://example.org/@team.org").is_err());
        assert!(contact("bluepacific.example.org").is_err());
        assert!(contact("a@b").is_err());
        assert!(contact("a b@example.org").is_err());
        assert!(contact("<a@example.org>").is_err());
    }
}
