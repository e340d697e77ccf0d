//! Front matter of fact sheets and plain pages: from YAML fields to a checked [`FrontMatter`].
//!
//! Every field is checked and every problem collected, so a file with three mistakes gets
//! three messages in one run. Once a [`FrontMatter`] exists its dates are dates, its countries
//! are ISO codes and its amount is a number.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, closest};
use crate::domain::country::CountryCode;
use crate::domain::date::PartialDate;
use crate::domain::folders;
use crate::parse::address::{self, Address};
pub use crate::parse::fields::{Amount, Image, Known, Link};
use crate::parse::fields::{
    amount, boolean, countries, date, extra, image, keys, links, shown_text, text, unknown_fields,
};
pub use crate::parse::finance::{Budget, Disbursed, FINANCE_FIELDS};
use crate::parse::finance::{budgets, disbursed};
use crate::parse::rules;
pub use crate::parse::shares::Shares;
use crate::parse::yaml::{self, Fields, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Planned,
    Ongoing,
    Completed,
    Suspended,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Planned,
        Status::Ongoing,
        Status::Completed,
        Status::Suspended,
        Status::Cancelled,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Ongoing => "ongoing",
            Status::Completed => "completed",
            Status::Suspended => "suspended",
            Status::Cancelled => "cancelled",
        }
    }
}

/// The checked front matter of a fact sheet: as one file writes it (`parse::content`), then,
/// once its versions are grouped, with every fact of its source file (`parse::facts`).
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub summary: String,
    pub updated: Option<PartialDate>,
    pub image: Option<Image>,
    pub links: Vec<Link>,
    pub draft: bool,
    pub extra: serde_json::Value,
    /// `slug:` and `aliases:`: this language's address and its old ones.
    pub address: Address,
    /// The facts this file writes itself (a translation may write none).
    pub given: Given,
    /// The programme's facts: a translation shares its source's (they were a third of a
    /// large build's model when each language had a copy).
    pub facts: Arc<Facts>,
}

/// A fact sheet's facts but its image (whose `alt` and `credit` are words): as its source
/// file writes them, the same in every language.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub status: Option<Status>,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    pub amount: Option<Amount>,
    /// `budgets:`, an amount per period (see `parse::finance`).
    pub budgets: Vec<Budget>,
    /// `disbursed:`, the money paid out up to a date.
    pub disbursed: Option<Disbursed>,
    pub countries: Vec<CountryCode>,
    pub donors: Vec<String>,
    /// `shares:`, the known parts of the amount per country and per donor.
    pub shares: Shares,
    pub partners: Vec<String>,
    pub themes: Vec<String>,
    pub contact: Option<String>,
    pub iati_identifier: Option<String>,
}

/// The checked front matter of a plain page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageFrontMatter {
    pub title: String,
    pub summary: Option<String>,
    pub draft: bool,
    pub extra: serde_json::Value,
    pub address: Address,
}

/// The fields that are words: each language's file writes its own, and a translation needs
/// nothing else (`image.alt` and `image.credit` are words too, inside the fact `image`).
pub const WORD_FIELDS: [&str; 7] = [
    "title",
    "summary",
    "links",
    "draft",
    "updated",
    address::FIELDS[0],
    address::FIELDS[1],
];

/// The fields that are facts: true in every language, so written once, in the programme's
/// source file (see `parse::facts`); a translation that gives one too must agree with it.
pub const FACT_FIELDS: [&str; 14] = [
    "status",
    "start",
    "end",
    "amount",
    "budgets",
    "disbursed",
    "countries",
    "donors",
    "shares",
    "partners",
    "themes",
    "image",
    "contact",
    "iati_identifier",
];

/// Every field a fact sheet may have: its words, its facts, and `extra` (fields of the
/// site's own, which a translation may give again, key by key, over its source's).
pub const PROGRAMME_FIELDS: [&str; WORD_FIELDS.len() + FACT_FIELDS.len() + 1] = {
    let mut all = ["extra"; WORD_FIELDS.len() + FACT_FIELDS.len() + 1];
    let mut i = 0;
    while i < WORD_FIELDS.len() {
        all[i] = WORD_FIELDS[i];
        i += 1;
    }
    while i < WORD_FIELDS.len() + FACT_FIELDS.len() {
        all[i] = FACT_FIELDS[i - WORD_FIELDS.len()];
        i += 1;
    }
    all
};

/// Which of [`FACT_FIELDS`] a file writes (`image` when it gives the image's `src`), one bit
/// each in that order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Given(u16);

impl Given {
    fn of(fields: &Fields) -> Given {
        let mut bits = 0;
        for (i, name) in FACT_FIELDS.iter().enumerate() {
            let written = match fields.get(name) {
                None | Some(Value::Null) => false,
                Some(Value::Mapping(m)) if *name == "image" => m.contains_key("src"),
                Some(_) => true,
            };
            if written {
                bits |= 1 << i;
            }
        }
        Given(bits)
    }

    /// Whether the file writes the fact `name` (one of [`FACT_FIELDS`]).
    pub fn has(self, name: &str) -> bool {
        FACT_FIELDS
            .iter()
            .position(|f| *f == name)
            .is_some_and(|i| self.0 & (1 << i) != 0)
    }

    /// The facts the file writes, in the order of [`FACT_FIELDS`].
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        FACT_FIELDS
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, f)| *f)
    }
}

const PAGE_FIELDS: [&str; 6] = [
    "title",
    "summary",
    "draft",
    "extra",
    address::FIELDS[0],
    address::FIELDS[1],
];

/// Checks a fact sheet's fields. Returns the front matter only if there were no errors.
pub fn programme(fields: &Fields, known: &Known) -> Result<FrontMatter, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    unknown_fields(fields, &PROGRAMME_FIELDS, &mut errors);
    let title = shown_text(fields, "title", true, &mut errors);
    let summary = shown_text(fields, "summary", true, &mut errors);
    let status = match fields.get("status") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let written = v.as_str().map(str::trim).unwrap_or_default();
            match Status::ALL
                .iter()
                .find(|s| s.key() == written.to_lowercase())
            {
                Some(s) => Some(*s),
                None => {
                    let hint = closest(written, Status::ALL.iter().map(|s| s.key()))
                        .map(|c| format!("did you mean `{c}`? The statuses are planned, ongoing, completed, suspended and cancelled"))
                        .unwrap_or_else(|| "use planned, ongoing, completed, suspended or cancelled, or leave it out to derive it from the dates".into());
                    let message = match v.as_str() {
                        Some(s) => format!("`{s}` is not a status"),
                        None => format!(
                            "should be one word such as `ongoing`, found {}",
                            yaml::describe(v)
                        ),
                    };
                    errors.push(fields.error("status", message).hint(hint));
                    None
                }
            }
        }
    };
    let start = date(fields, "start", &mut errors);
    let end = date(fields, "end", &mut errors);
    let updated = date(fields, "updated", &mut errors);
    if let (Some(s), Some(e)) = (start, end)
        && e.last_day() < s.first_day()
    {
        errors.push(
            fields
                .error("end", format!("the end ({e}) is before the start ({s})"))
                .hint("check both dates: a programme ends on or after the day it starts"),
        );
    }
    let amount = amount(fields, known, &mut errors);
    let budgets = budgets(fields, known, &mut errors);
    let disbursed = disbursed(fields, known, &mut errors);
    let countries = countries(fields, known, &mut errors);
    let donors = keys(
        fields,
        "donors",
        known.donors,
        folders::DONORS_FILE,
        &mut errors,
    );
    let partners = keys(
        fields,
        "partners",
        known.partners,
        folders::PARTNERS_FILE,
        &mut errors,
    );
    let themes = keys(
        fields,
        "themes",
        known.themes,
        folders::THEMES_FILE,
        &mut errors,
    );
    let shares = crate::parse::shares::shares(fields, known, &countries, &donors, &mut errors);
    let image = image(fields, known, &mut errors);
    let contact = text(fields, "contact", false, &mut errors);
    if let Some(Err(p)) = contact.as_deref().map(rules::contact) {
        errors.push(fields.error("contact", p.message).hint(p.hint));
    }
    let links = links(fields, &mut errors);
    let iati_identifier = text(fields, "iati_identifier", false, &mut errors);
    if let Some(id) = &iati_identifier
        && (id.contains(char::is_whitespace) || !id.contains('-'))
    {
        errors.push(fields.error("iati_identifier", format!("`{id}` is not an IATI identifier")).hint("an IATI identifier is the reporting organisation's identifier, a hyphen and the activity's own code, such as `XM-DAC-41302-BP-2024`"));
    }
    let draft = boolean(fields, "draft", &mut errors);
    let address = address::address(fields, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(FrontMatter {
        title: title.unwrap_or_default(),
        summary: summary.unwrap_or_default(),
        updated,
        image,
        links,
        draft,
        extra: extra(fields),
        address,
        given: Given::of(fields),
        facts: Arc::new(Facts {
            status,
            start,
            end,
            amount,
            budgets,
            disbursed,
            countries,
            donors,
            shares,
            partners,
            themes,
            contact,
            iati_identifier,
        }),
    })
}

/// Checks a plain page's fields.
pub fn page(fields: &Fields) -> Result<PageFrontMatter, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    unknown_fields(fields, &PAGE_FIELDS, &mut errors);
    let title = shown_text(fields, "title", true, &mut errors);
    let summary = shown_text(fields, "summary", false, &mut errors);
    let draft = boolean(fields, "draft", &mut errors);
    let address = address::address(fields, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PageFrontMatter {
        title: title.unwrap_or_default(),
        summary,
        draft,
        extra: extra(fields),
        address,
    })
}
