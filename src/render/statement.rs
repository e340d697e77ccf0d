//! The accessibility statement (`accessibility:` in site.yaml): its page in each language,
//! after the model of Implementing Decision (EU) 2018/1523, and the footer link that says
//! the compliance status on every page.

use serde::Serialize;
use tera::Context;

use crate::model::{Language, Site};
use crate::parse::accessibility::{Accessibility, Compliance, Reason};

use super::context::{PageInfo, page_context};
use super::lang::LangData;
use super::views::{FooterLink, Translation};

/// The address of the statement in a language, such as `fr/accessibilite/`.
pub(super) fn statement_path(lang: &Language) -> String {
    format!("{}/{}/", lang.code, lang.path_word("accessibility"))
}

/// The footer's link: "Accessibility: partially compliant".
pub(super) fn footer_link(site: &Site, lang: &Language) -> Option<FooterLink> {
    let a = site.config.accessibility.as_ref()?;
    Some(FooterLink {
        path: statement_path(lang),
        label: lang.strings.format(
            "accessibility_footer",
            &[("status", &status_words(lang, a.status))],
        ),
    })
}

fn status_words(lang: &Language, status: Compliance) -> String {
    lang.strings.get(&format!("accessibility_{}", status.key()))
}

/// What the statement's template shows, every sentence in the page's language.
#[derive(Debug, Serialize)]
struct StatementView {
    /// `full`, `partial` or `none`.
    status: &'static str,
    intro: String,
    applies: String,
    status_text: String,
    /// The content that is not accessible, grouped by reason in the model's order.
    non_accessible: Vec<ReasonGroup>,
    prepared_on: String,
    method: String,
    email: Option<String>,
    form: Option<String>,
    enforcement_name: String,
    enforcement_address: Option<String>,
    enforcement_url: Option<String>,
}

#[derive(Debug, Serialize)]
struct ReasonGroup {
    heading: String,
    items: Vec<ItemView>,
}

#[derive(Debug, Serialize)]
struct ItemView {
    content: String,
    alternative: Option<String>,
}

/// The statement page of language `li`.
pub(super) fn statement(
    site: &Site,
    data: &LangData,
    li: usize,
    path: &str,
    translations: Vec<Translation>,
) -> Context {
    let lang = &site.languages[li];
    let Some(a) = site.config.accessibility.as_ref() else {
        return data.base.clone();
    };
    let mut ctx = page_context(
        site,
        data,
        PageInfo {
            kind: "accessibility",
            path,
            title: lang.strings.get("statement_title"),
            description: String::new(),
            translations,
        },
    );
    ctx.insert("statement", &view(site, lang, a));
    ctx
}

fn view(site: &Site, lang: &Language, a: &Accessibility) -> StatementView {
    let langs = &site.config.languages;
    let text = |l: &crate::parse::site_config::Localised| {
        l.get(&lang.code, langs)
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let site_title = text(&site.config.title);
    let s = &lang.strings;
    let non_accessible = Reason::ALL
        .into_iter()
        .filter_map(|reason| {
            let items: Vec<ItemView> = a
                .non_accessible
                .iter()
                .filter(|n| n.reason == reason)
                .map(|n| ItemView {
                    content: text(&n.content),
                    alternative: n
                        .alternative
                        .as_ref()
                        .map(|alt| s.format("statement_alternative", &[("text", &text(alt))])),
                })
                .collect();
            (!items.is_empty()).then(|| ReasonGroup {
                heading: s.get(&format!(
                    "statement_reason_{}",
                    reason.key().replace('-', "_")
                )),
                items,
            })
        })
        .collect();
    StatementView {
        status: a.status.key(),
        intro: s.format(
            "statement_intro",
            &[(
                "body",
                &a.body
                    .as_ref()
                    .map(text)
                    .unwrap_or_else(|| site_title.clone()),
            )],
        ),
        applies: s.format(
            "statement_applies",
            &[("site", &format!("{site_title} ({})", site.config.base_url))],
        ),
        status_text: s.format(
            &format!("statement_status_{}", a.status.key()),
            &[("standard", a.standard)],
        ),
        non_accessible,
        prepared_on: s.format(
            "statement_prepared_on",
            &[("date", &lang.loc.date(a.assessed_on))],
        ),
        method: match &a.assessed_by {
            None => s.get("statement_self_assessment"),
            Some(by) => s.format("statement_assessed_by", &[("by", &text(by))]),
        },
        email: a.email.clone(),
        form: a.form.clone(),
        enforcement_name: text(&a.enforcement_name),
        enforcement_address: a.enforcement_address.as_ref().map(text),
        enforcement_url: a.enforcement_url.clone(),
    }
}
