//! What templates see: plain, serialisable views of the model, each made once per language.
//!
//! Every `path` is relative to the site root and ends with `/` (a folder with `index.html`);
//! templates prefix it with `root`, the way from the current page up to the site root.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct TermRef {
    pub key: String,
    pub name: String,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// Relative to the site root, like every path.
    pub src: String,
    pub alt: String,
    pub credit: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub key: &'static str,
    pub label: String,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// A programme as a card in lists, in one page language.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub path: String,
    /// The language of the text shown: the page's, or another when this is a fallback.
    pub lang: String,
    pub dir: &'static str,
    /// True when the programme has no version in the page's language (its card links to
    /// another's, or, under `untranslated: source`, to a page showing the source's words).
    pub fallback: bool,
    /// "Only in French", or "Not yet translated: shown in French", when a fallback.
    pub fallback_note: Option<String>,
    pub status: StatusView,
    pub start: Option<String>,
    pub end: Option<String>,
    pub start_iso: Option<String>,
    pub end_iso: Option<String>,
    pub period: Option<String>,
    pub amount: Option<String>,
    pub amount_value: Option<f64>,
    pub currency: Option<String>,
    /// In the page language's order.
    pub countries: Vec<TermRef>,
    /// How many of `countries` a card names; the rest are counted in `countries_more`.
    pub countries_shown: usize,
    /// "+ 26 more", when a card does not name them all.
    pub countries_more: Option<String>,
    pub regions: Vec<TermRef>,
    pub themes: Vec<TermRef>,
    /// The colour (1 to 6) of the band a card without an image shows, after its first theme;
    /// 0 without a theme.
    pub band: usize,
    pub donors: Vec<TermRef>,
    pub partners: Vec<TermRef>,
    pub image: Option<ImageView>,
    pub draft: bool,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct Translation {
    pub lang: String,
    /// The language's name in itself ("Español"), for language switchers.
    pub name: String,
    /// The language's name in the current page's language ("espagnol"), for sentences.
    pub name_here: String,
    pub path: String,
    pub available: bool,
    pub current: bool,
}

/// Everything a fact sheet shows.
#[derive(Debug, Clone, Serialize)]
pub struct Full {
    #[serde(flatten)]
    pub card: Card,
    pub body: String,
    pub contact: Option<String>,
    pub links: Vec<LinkView>,
    pub iati_identifier: Option<String>,
    /// The donors that give a logo or a visibility line, in the order of `donors`.
    pub funding: Vec<Funding>,
    /// `budgets:` and `disbursed:`, formatted (`render::finance`).
    pub finance: super::finance::FinanceView,
    pub extra: serde_json::Value,
    pub file: String,
}

/// A donor's logo and visibility line ("Funded by the European Union"), on a fact sheet it
/// funds.
#[derive(Debug, Clone, Serialize)]
pub struct Funding {
    pub key: String,
    pub name: String,
    /// `{src, alt}`, the source relative to the site root.
    pub logo: Option<LogoView>,
    pub visibility: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogoView {
    pub src: String,
    pub alt: String,
}

#[derive(Debug, Clone, Default, Serialize, Hash)]
pub struct TermSummary {
    pub key: String,
    pub name: String,
    pub path: String,
    pub count: usize,
    pub count_label: String,
    /// How many of them are ongoing.
    pub ongoing: usize,
    /// The parts of its programmes' amounts that are the term's own, per currency.
    pub totals: Vec<String>,
    pub total: Option<String>,
    /// Its programmes shared with other countries, regions or donors whose part is not known,
    /// with their whole amounts together: "+ 3 programmes shared with other countries (€80M
    /// in all)".
    pub shared: Option<String>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct RegionGroup {
    #[serde(flatten)]
    pub region: TermSummary,
    pub countries: Vec<TermSummary>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct ContinentGroup {
    #[serde(flatten)]
    pub continent: TermSummary,
    pub subregions: Vec<RegionGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub path: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub pages: Vec<PageLink>,
    pub previous: Option<String>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct Filters {
    pub statuses: Vec<TermSummary>,
    pub regions: Vec<TermSummary>,
    pub countries: Vec<TermSummary>,
    pub themes: Vec<TermSummary>,
    pub donors: Vec<TermSummary>,
    pub years: Vec<TermSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Nav {
    pub home: String,
    /// The language's Atom feed, such as `fr/atom.xml`.
    pub feed: String,
    /// The open data files: JSON, CSV and, when the site reports to IATI, IATI XML.
    pub data: Vec<DataLink>,
    pub countries: String,
    pub regions: String,
    pub themes: String,
    pub donors: String,
    pub partners: String,
    pub statuses: String,
    pub years: String,
    /// The plain pages in this language, but for the legal ones.
    pub pages: Vec<TermRef>,
    /// The plain pages `publisher.legal` lists, in its order, those in this language.
    pub legal: Vec<TermRef>,
    /// The accessibility statement and the compliance status, when site.yaml has one.
    pub accessibility: Option<FooterLink>,
}

/// A link of the footer: where it goes and what it says.
#[derive(Debug, Clone, Serialize)]
pub struct FooterLink {
    pub path: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageView {
    pub code: String,
    /// `og:locale`'s form of the code (`fr_FR`).
    pub og_locale: String,
    pub name: String,
    pub dir: &'static str,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub base_path: String,
    pub languages: Vec<LanguageView>,
    pub default_language: String,
    /// The colours `site.yaml` sets: `{name, value}` for `--colour-<name>`.
    pub colours: Vec<crate::parse::colours::Colour>,
    /// The logo's path (relative to the site root), if any.
    pub logo: Option<String>,
    /// Who publishes the site (`publisher:` in site.yaml), in the page's language.
    pub publisher: Option<PublisherView>,
    pub extra: serde_json::Value,
}

/// The publisher, as the footer names it.
#[derive(Debug, Clone, Serialize)]
pub struct PublisherView {
    pub name: String,
    /// Its lines.
    pub address: Vec<String>,
    pub url: Option<String>,
}

/// An open data file, as the footer links to it.
#[derive(Debug, Clone, Serialize)]
pub struct DataLink {
    /// `JSON`, `CSV`, `IATI`.
    pub name: &'static str,
    pub path: &'static str,
    pub media_type: &'static str,
}

/// What templates know of the page being rendered (`page`).
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub kind: &'a str,
    pub path: &'a str,
    pub permalink: String,
    pub title: String,
    pub description: String,
    pub translations: Vec<Translation>,
}

/// A term's page (`term`): its count and totals, what the data file says of it, its section,
/// and for a region the countries in it.
#[derive(Debug, Clone, Serialize)]
pub struct TermView<'a> {
    #[serde(flatten)]
    pub summary: &'a TermSummary,
    pub description: &'a Option<String>,
    pub url: &'a Option<String>,
    pub section: SectionLink<'a>,
    pub countries: Vec<TermSummary>,
    /// For a country or region, its text of `data/countries.yaml` in the page's language, as
    /// HTML.
    pub text: Option<String>,
    /// Whether the page shows its key figures (count, ongoing, totals) beside its map: a
    /// country's or region's.
    pub figures: bool,
}

/// A section's name and address, for a term page's way back to it.
#[derive(Debug, Clone, Serialize)]
pub struct SectionLink<'a> {
    pub name: String,
    pub path: &'a str,
}
