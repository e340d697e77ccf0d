//! `accessibility:` in `site.yaml`: what the accessibility statement says, after the model of
//! Implementing Decision (EU) 2018/1523 (Directive 2016/2102). Every item is optional to
//! serde and checked here, so that a missing one is an error at the block with its name.

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::domain::date::PartialDate;
use crate::parse::rules;
use crate::parse::site_config::Localised;
use crate::parse::yaml;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAccessibility {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    standard: Option<String>,
    /// Who publishes the site, as the statement names it; the site's title when left out.
    #[serde(default)]
    body: Option<Localised>,
    #[serde(default)]
    assessed_on: Option<String>,
    /// `self-assessment`, or who assessed the site.
    #[serde(default)]
    assessed_by: Option<Localised>,
    #[serde(default)]
    non_accessible: Vec<RawNonAccessible>,
    #[serde(default)]
    contact: Option<RawContact>,
    #[serde(default)]
    enforcement: Option<RawEnforcement>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNonAccessible {
    #[serde(default)]
    content: Option<Localised>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    alternative: Option<Localised>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    form: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnforcement {
    #[serde(default)]
    name: Option<Localised>,
    #[serde(default)]
    address: Option<Localised>,
    #[serde(default)]
    url: Option<String>,
}

/// How far the site complies with the standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compliance {
    Full,
    Partial,
    None,
}

impl Compliance {
    /// The word of the theme's strings: `full`, `partial`, `none`.
    pub fn key(self) -> &'static str {
        match self {
            Compliance::Full => "full",
            Compliance::Partial => "partial",
            Compliance::None => "none",
        }
    }
}

/// Why content is not accessible: the model's three reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    NonCompliance,
    DisproportionateBurden,
    OutsideScope,
}

impl Reason {
    pub const ALL: [Reason; 3] = [
        Reason::NonCompliance,
        Reason::DisproportionateBurden,
        Reason::OutsideScope,
    ];

    /// The word written in `site.yaml` and used in the theme's strings.
    pub fn key(self) -> &'static str {
        match self {
            Reason::NonCompliance => "non-compliance",
            Reason::DisproportionateBurden => "disproportionate-burden",
            Reason::OutsideScope => "outside-scope",
        }
    }
}

/// Content that is not accessible, why, and what readers can use instead.
#[derive(Debug, Clone)]
pub struct NonAccessible {
    pub content: Localised,
    pub reason: Reason,
    pub alternative: Option<Localised>,
}

/// The checked `accessibility:` block.
#[derive(Debug, Clone)]
pub struct Accessibility {
    pub status: Compliance,
    /// As the statement names it: `WCAG 2.1 AA`, `EN 301 549` or `RGAA 4.1`.
    pub standard: &'static str,
    pub body: Option<Localised>,
    pub assessed_on: PartialDate,
    /// `None` for a self-assessment.
    pub assessed_by: Option<Localised>,
    pub non_accessible: Vec<NonAccessible>,
    pub email: Option<String>,
    pub form: Option<String>,
    pub enforcement_name: Localised,
    pub enforcement_address: Option<Localised>,
    pub enforcement_url: Option<String>,
}

/// The standards a statement can name, as written in the statement.
const STANDARDS: [&str; 3] = ["WCAG 2.1 AA", "EN 301 549", "RGAA 4.1"];

const KEY: &str = "accessibility";

/// The block's fields and the errors found in it: where each problem is reported.
struct Items<'a> {
    fields: &'a yaml::Fields,
    errors: &'a mut Vec<Diagnostic>,
}

impl Items<'_> {
    /// A missing item, reported at what holds it: the nested key `under` when written
    /// (`contact`, `non_accessible`), else the block.
    fn missing_under(&mut self, item: &str, under: &str, hint: &str) {
        let place = Some(under)
            .filter(|u| !u.is_empty())
            .and_then(|u| self.fields.token_place(KEY, u))
            .or_else(|| self.fields.key_place(KEY));
        self.errors.push(
            self.fields
                .error_at(KEY, place, "missing from the accessibility statement")
                .field(format!("{KEY}.{item}"))
                .hint(hint),
        );
    }

    fn missing(&mut self, item: &str, hint: &str) {
        self.missing_under(item, "", hint)
    }

    /// A wrong value, reported where `token` is written.
    fn bad(&mut self, item: &str, token: &str, p: rules::Problem) {
        let fields = self.fields;
        let place = Some(token.trim())
            .filter(|t| !t.is_empty())
            .and_then(|t| fields.token_place(KEY, t))
            .or_else(|| fields.token_place(KEY, item.rsplit('.').next().unwrap_or(item)));
        self.errors.push(
            fields
                .error_at(KEY, place, p.message)
                .field(format!("{KEY}.{item}"))
                .hint(p.hint),
        );
    }
}

/// Checks the block; every problem is pushed to `errors` with its line.
pub(super) fn check(
    raw: RawAccessibility,
    fields: &yaml::Fields,
    errors: &mut Vec<Diagnostic>,
) -> Option<Accessibility> {
    let before = errors.len();
    let mut items = Items { fields, errors };
    let c = &mut items;
    let status = status(c, raw.status.as_deref());
    let standard = standard(c, raw.standard.as_deref());
    let assessed_on = assessed_on(c, raw.assessed_on.as_deref());
    let assessed_by = match raw.assessed_by {
        None => {
            c.missing(
                "assessed_by",
                "add `assessed_by: self-assessment`, or the name of who assessed the site",
            );
            None
        }
        Some(Localised::One(s)) if s.trim() == "self-assessment" => Some(None),
        Some(by) => Some(Some(by)),
    };
    let non_accessible = non_accessible(c, raw.non_accessible);
    let (email, form) = contact(c, raw.contact);
    let enforcement = enforcement(c, raw.enforcement);
    if errors.len() > before {
        return None;
    }
    let (enforcement_name, enforcement_address, enforcement_url) = enforcement?;
    Some(Accessibility {
        status: status?,
        standard: standard?,
        body: raw.body,
        assessed_on: assessed_on?,
        assessed_by: assessed_by?,
        non_accessible,
        email,
        form,
        enforcement_name,
        enforcement_address,
        enforcement_url,
    })
}

fn status(c: &mut Items, written: Option<&str>) -> Option<Compliance> {
    match written.map(str::trim) {
        None => {
            c.missing(
                "status",
                "add `status: full`, `partial` or `none`: how far the site complies with the standard",
            );
            None
        }
        Some("full") => Some(Compliance::Full),
        Some("partial") => Some(Compliance::Partial),
        Some("none") => Some(Compliance::None),
        Some(other) => {
            c.bad(
                "status",
                other,
                rules::Problem::new(
                    format!("`{other}` is not a compliance status"),
                    "write `full`, `partial` or `none`",
                ),
            );
            None
        }
    }
}

fn standard(c: &mut Items, written: Option<&str>) -> Option<&'static str> {
    let Some(written) = written else {
        c.missing(
            "standard",
            "add `standard: WCAG 2.1 AA`, `EN 301 549` or, in France, `RGAA 4.1`",
        );
        return None;
    };
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let found = STANDARDS
        .into_iter()
        .find(|s| words(written).eq_ignore_ascii_case(s));
    if found.is_none() {
        c.bad(
            "standard",
            written,
            rules::Problem::new(
                format!(
                    "`{}` is not a standard a statement can name",
                    written.trim()
                ),
                "write `WCAG 2.1 AA`, `EN 301 549` or `RGAA 4.1`",
            ),
        );
    }
    found
}

fn assessed_on(c: &mut Items, written: Option<&str>) -> Option<PartialDate> {
    let Some(written) = written else {
        c.missing(
            "assessed_on",
            "add the day the site was last assessed, such as `assessed_on: 2026-03-01`",
        );
        return None;
    };
    match PartialDate::parse(written) {
        Ok(d) if d.day.is_some() => Some(d),
        _ => {
            c.bad(
                "assessed_on",
                written,
                rules::Problem::new(
                    format!("`{}` is not a day", written.trim()),
                    "write the day the site was assessed as YYYY-MM-DD, such as `2026-03-01`",
                ),
            );
            None
        }
    }
}

fn non_accessible(c: &mut Items, raw: Vec<RawNonAccessible>) -> Vec<NonAccessible> {
    let mut list = Vec::new();
    for (i, item) in raw.into_iter().enumerate() {
        let n = i + 1;
        let reason = match item.reason.as_deref().map(str::trim) {
            Some(r) => Reason::ALL.into_iter().find(|x| x.key() == r).or_else(|| {
                c.bad(
                    &format!("non_accessible[{n}].reason"),
                    r,
                    rules::Problem::new(
                        format!("`{r}` is not a reason content may be left inaccessible"),
                        "write `non-compliance`, `disproportionate-burden` or `outside-scope`",
                    ),
                );
                None
            }),
            None => {
                c.missing_under(
                    &format!("non_accessible[{n}].reason"),
                    "non_accessible",
                    "add `reason: non-compliance`, `disproportionate-burden` or `outside-scope`",
                );
                None
            }
        };
        let content = item.content.or_else(|| {
            c.missing_under(
                &format!("non_accessible[{n}].content"),
                "non_accessible",
                "add `content:`, what is not accessible, such as `content: {fr: Les cartes, en: The maps}`",
            );
            None
        });
        if let (Some(content), Some(reason)) = (content, reason) {
            list.push(NonAccessible {
                content,
                reason,
                alternative: item.alternative,
            });
        }
    }
    list
}

fn contact(c: &mut Items, raw: Option<RawContact>) -> (Option<String>, Option<String>) {
    let written = if raw.is_some() { "contact" } else { "" };
    match raw {
        Some(RawContact { email, form }) if email.is_some() || form.is_some() => {
            if let Some(Err(p)) = email.as_deref().map(rules::contact) {
                c.bad("contact.email", email.as_deref().unwrap_or(""), p);
            }
            if let Some(Err(p)) = form.as_deref().map(rules::web_address) {
                c.bad("contact.form", form.as_deref().unwrap_or(""), p);
            }
            (
                email.map(|e| e.trim().to_string()),
                form.map(|f| f.trim().to_string()),
            )
        }
        _ => {
            c.missing_under(
                "contact",
                written,
                "add how readers report a problem: `contact: {email: accessibility@example.org}` and/or `form: https://…`",
            );
            (None, None)
        }
    }
}

type Enforcement = (Localised, Option<Localised>, Option<String>);

fn enforcement(c: &mut Items, raw: Option<RawEnforcement>) -> Option<Enforcement> {
    let written = if raw.is_some() { "enforcement" } else { "" };
    match raw {
        Some(RawEnforcement {
            name: Some(name),
            address,
            url,
        }) if address.is_some() || url.is_some() => {
            if let Some(Err(p)) = url.as_deref().map(rules::web_address) {
                c.bad("enforcement.url", url.as_deref().unwrap_or(""), p);
            }
            Some((name, address, url.map(|u| u.trim().to_string())))
        }
        _ => {
            c.missing_under(
                "enforcement",
                written,
                "add the body readers can turn to, with its name and its address and/or url, such as `enforcement: {name: Défenseur des droits, url: https://formulaire.defenseurdesdroits.fr/}`",
            );
            None
        }
    }
}
