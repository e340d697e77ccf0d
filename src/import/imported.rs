//! A programme as an input gives it, in fiche's terms: what the readers (an IATI file, a
//! table) make and the plan writes.

use std::collections::BTreeMap;

use crate::domain::country::CountryCode;
use crate::domain::date::PartialDate;
use crate::parse::programme::{Amount, Status};

/// The words of one language version of a programme.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Words {
    pub title: String,
    pub summary: String,
    /// Markdown, paragraphs separated by blank lines; may be empty.
    pub body: String,
}

/// A donor, partner or theme as the input names it, before it is matched to a data file key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NamedRef {
    /// Names by language (only the site's languages); may be empty when only `other` is known.
    pub names: BTreeMap<String, String>,
    /// A name in a language the site lacks, used when `names` is empty.
    pub other: Option<String>,
    /// An IATI organisation identifier, or for a theme `vocabulary:code` of its sector.
    pub reference: Option<String>,
    /// A key given outright (a table's cell, `--themes`): used as it is.
    pub key: Option<String>,
}

/// One budget period (`budgets:` in the front matter).
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    pub start: PartialDate,
    pub end: PartialDate,
    pub value: f64,
    pub currency: String,
    pub revised: bool,
}

/// The money of a programme beyond its amount: `budgets:`, `disbursed:` and `shares:`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Finance {
    /// The budgets counted in the amount (revised where a period has one).
    pub budgets: Vec<Budget>,
    /// Disbursements and expenditure (transaction types 3 and 4): total, currency, last date.
    pub disbursed: Option<(f64, String, PartialDate)>,
    /// `recipient-country/@percentage`, by country: the countries' part of `shares:`.
    pub country_shares: BTreeMap<CountryCode, f64>,
    /// Incoming commitments (type 11), else incoming funds (1), by provider organisation
    /// reference or name: total and currency.
    pub contributions: BTreeMap<String, (f64, String)>,
    /// Those of `contributions` whose provider is one of the donors, by the donor's position
    /// in `Imported::donors`: the donors' part of `shares:`.
    pub donor_contributions: BTreeMap<usize, (f64, String)>,
}

/// A programme as an input gives it, in fiche's terms.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Imported {
    /// Where it is in the input: the XML line of `<iati-activity>`, or the table's row.
    pub line: usize,
    pub iati_identifier: Option<String>,
    /// A slug the input asks for (a table's `slug` column).
    pub slug: Option<String>,
    /// Words by language, in the site's language order; the first is the source version.
    pub words: Vec<(String, Words)>,
    pub status: Option<Status>,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    pub amount: Option<Amount>,
    pub countries: Vec<CountryCode>,
    pub donors: Vec<NamedRef>,
    pub partners: Vec<NamedRef>,
    pub themes: Vec<NamedRef>,
    pub contact: Option<String>,
    /// Links: title by language (or one for all), and the address.
    pub links: Vec<(BTreeMap<String, String>, String)>,
    pub finance: Finance,
}
