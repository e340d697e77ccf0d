//! From an IATI activity to an [`Imported`] programme: what each element becomes, and what
//! fiche cannot show, counted in the [`Report`].
//!
//! The rules (the README's table says the same): `iati-identifier` as it is; `title` and
//! `description` per language (the general description's first sentences as the summary,
//! every description as the body); `activity-status` 1 planned, 2 and 3 ongoing, 4
//! completed, 5 cancelled, 6 suspended; `activity-date` actual before planned; the amount
//! from the budgets (revised before original, per period) else from the commitments
//! (transaction type 2); `recipient-country` (else the transactions' ones) as countries;
//! `participating-org` role 1 as donors and 4 as partners; `sector` (else the transactions'
//! ones) as themes; the first `contact-info/email`; `activity-website` and `document-link`
//! as links.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diagnostic::{Diagnostic, Place};
use crate::domain::country::{Countries, Unresolved};
use crate::domain::date::{DateError, PartialDate};
use crate::import::iati::{Activities, Element, FileInfo};
use crate::import::{Budget, Imported, NamedRef, Report, Words, codelists};
use crate::parse::programme::{Amount, Status};
use crate::parse::rules::is_email;

/// `--themes map.yaml`: a sector code (`72050`, `151`, or `99:7001` for another vocabulary)
/// to a key of data/themes.yaml, or to nothing (`~`) to leave the sector out.
pub type ThemesMap = BTreeMap<String, Option<String>>;

/// What the mapping needs to know about the site.
pub struct Context<'a> {
    /// The input as the user named it, for messages.
    pub file: &'a str,
    pub languages: &'a [String],
    pub countries: &'a Countries,
    pub themes: &'a ThemesMap,
    /// The site's `base_url`: document links to its own pages (`<base_url><lang>/…`, as
    /// fiche's IATI export writes them) are not links to add.
    pub base_url: &'a str,
}

/// What a region-only activity becomes, as the report says it.
pub const REGION_ONLY: &str = "activities with a recipient region and no country: imported without countries, so on no country or region page";

/// The longest summary taken whole from a description, in characters.
const SHORT: usize = 300;

impl Context<'_> {
    fn error(&self, line: usize, field: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, message)
            .at(Some(Place {
                line,
                column: 0,
                len: 1,
            }))
            .field(field)
    }

    /// The site's language a narrative's language stands for (`en-GB` → `en`), if any.
    fn site_language(&self, lang: &str) -> Option<&str> {
        let lower = lang.to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("");
        self.languages
            .iter()
            .find(|l| l.to_ascii_lowercase() == lower)
            .or_else(|| {
                self.languages
                    .iter()
                    .find(|l| l.to_ascii_lowercase().split('-').next() == Some(primary))
            })
            .map(String::as_str)
    }
}

/// Reads every activity of `path` and maps it. All the activities' errors are returned
/// together; an XML error stops the reading where it is.
pub fn read_file(
    path: &Path,
    cx: &Context,
) -> Result<(Vec<Imported>, Report, FileInfo), Vec<Diagnostic>> {
    let mut activities = Activities::open(path, cx.file).map_err(|d| vec![d])?;
    let mut report = Report::default();
    let mut out: Vec<Imported> = Vec::new();
    let mut errors = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    loop {
        let activity = match activities.next_activity() {
            Ok(Some(a)) => a,
            Ok(None) => break,
            Err(d) => {
                errors.push(d);
                break;
            }
        };
        match map_activity(&activity, cx, &mut report) {
            Ok(imported) => {
                if let Some(id) = &imported.iati_identifier {
                    if let Some(first) = seen.get(id) {
                        errors.push(
                            cx.error(
                                activity.line,
                                "iati-identifier",
                                format!("`{id}` is the identifier of two activities"),
                            )
                            .hint(format!(
                                "the first is at line {first}; each activity needs its own identifier"
                            )),
                        );
                        continue;
                    }
                    seen.insert(id.clone(), activity.line);
                }
                out.push(imported);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() && out.is_empty() {
        errors.push(
            Diagnostic::error(cx.file, "the file holds no activity").hint(
                "an IATI activity file has `<iati-activity>` elements inside `<iati-activities>`",
            ),
        );
    }
    if errors.is_empty() {
        Ok((out, report, activities.info))
    } else {
        Err(errors)
    }
}

/// The text of an element's narratives, by language (first of each language).
fn narratives(
    el: &Element,
    cx: &Context,
    report: &mut Report,
    paragraphs: bool,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for n in el.children("narrative") {
        let text = if paragraphs {
            paragraphs_of(&n.text)
        } else {
            n.clean_text()
        };
        if text.is_empty() {
            continue;
        }
        let lang = match &n.lang {
            Some(l) => l.clone(),
            None => {
                report.count(
                    format!(
                        "narratives without a language (no `xml:lang` on them, their activity or the file): taken as `{}`, the site's first language",
                        cx.languages[0]
                    ),
                    1,
                );
                cx.languages[0].clone()
            }
        };
        if !out.iter().any(|(l, _)| *l == lang) {
            out.push((lang, text));
        }
    }
    out
}

/// Narratives kept by site language, in the narratives' order.
fn by_site_language(cx: &Context, all: &[(String, String)]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (lang, text) in all {
        if let Some(site) = cx.site_language(lang) {
            out.entry(site.to_string()).or_insert_with(|| text.clone());
        }
    }
    out
}

/// Paragraphs of a description: each non-empty line, trimmed, separated by a blank line.
fn paragraphs_of(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The summary of a description: its first paragraph when short, else its first sentences
/// (at most [`SHORT`] characters; a first sentence longer than that is cut at a word).
pub fn summary_of(text: &str) -> String {
    let first = text.split("\n\n").next().unwrap_or("").trim();
    if first.chars().count() <= SHORT {
        return first.to_string();
    }
    let mut out = String::new();
    let mut rest = first;
    while let Some(end) = sentence_end(rest) {
        let sentence = &rest[..end];
        if (out.chars().count() + sentence.chars().count()) > SHORT {
            break;
        }
        out.push_str(sentence);
        rest = &rest[end..];
    }
    if out.trim().is_empty() {
        let mut cut: String = first.chars().take(SHORT - 1).collect();
        if let Some(space) = cut.rfind(' ') {
            cut.truncate(space);
        }
        return format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']));
    }
    out.trim().to_string()
}

/// The end (after its punctuation and the space after it) of the first sentence of `text`.
fn sentence_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?' | '。')
            && bytes.get(i + c.len_utf8()).is_none_or(|b| *b == b' ')
        {
            return Some((i + c.len_utf8() + 1).min(text.len()));
        }
    }
    None
}

fn parse_date(cx: &Context, el: &Element, attr: &str) -> Result<Option<PartialDate>, Diagnostic> {
    let Some(written) = el.attr(attr) else {
        return Ok(None);
    };
    // xsd:date may carry a time zone (`2024-01-31Z`, `2024-01-31+01:00`): the day is enough.
    let day = written
        .get(..10)
        .filter(|_| written.len() > 10)
        .unwrap_or(written);
    match PartialDate::parse(day) {
        Ok(d) if d.day.is_some() => Ok(Some(d)),
        Ok(_) | Err(DateError::Malformed) => Err(cx
            .error(
                el.line,
                &format!("{}/@{attr}", el.name),
                format!("`{written}` is not a date"),
            )
            .hint("IATI dates are written YYYY-MM-DD, such as `2024-01-31`")),
        Err(DateError::OutOfRange(y)) => Err(cx
            .error(
                el.line,
                &format!("{}/@{attr}", el.name),
                format!("the year {y} of `{written}` is out of range"),
            )
            .hint("years go from 1900 to 2200; check the date")),
        Err(_) => Err(cx
            .error(
                el.line,
                &format!("{}/@{attr}", el.name),
                format!("`{written}` is not a day of the calendar"),
            )
            .hint("check the day and the month")),
    }
}

/// A `value` element's number and currency (its own, else the activity's default). Values
/// may be negative: transactions correct earlier ones that way.
fn value(
    cx: &Context,
    el: &Element,
    default_currency: Option<&str>,
) -> Result<(f64, Option<String>), Diagnostic> {
    let field = format!("{}/value", el.name);
    let Some(v) = el.child("value") else {
        return Err(cx
            .error(el.line, &field, format!("`<{}>` has no `<value>`", el.name))
            .hint("write the amount in a `<value>` element"));
    };
    let written = v.clean_text();
    let number: f64 = match written.parse::<f64>() {
        Ok(n) if n.is_finite() && !written.contains(['e', 'E']) => n,
        _ => {
            return Err(cx
                .error(v.line, &field, format!("`{written}` is not a number"))
                .hint("write the value in digits with `.` for decimals, such as `125000.50`"));
        }
    };
    let currency = match v.attr("currency") {
        Some(c) => {
            if crate::parse::rules::currency(c).is_err() {
                return Err(cx
                    .error(v.line, &format!("{field}/@currency"), format!("`{c}` is not a currency code"))
                    .hint("use an ISO 4217 code of the IATI Currency codelist, such as `EUR` or `USD`"));
            }
            Some(c.to_string())
        }
        None => default_currency.map(str::to_string),
    };
    Ok((number, currency))
}

/// A sum per currency.
#[derive(Default)]
struct Sums(BTreeMap<String, f64>);

impl Sums {
    fn add(&mut self, currency: &str, v: f64) {
        *self.0.entry(currency.to_string()).or_default() += v;
    }

    /// The one total, if there is exactly one currency.
    fn single(&self) -> Option<(f64, String)> {
        match self.0.len() {
            1 => self.0.iter().next().map(|(c, v)| (*v, c.clone())),
            _ => None,
        }
    }
}

fn round_cents(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Maps one activity.
pub fn map_activity(
    a: &Element,
    cx: &Context,
    report: &mut Report,
) -> Result<Imported, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut imported = Imported {
        line: a.line,
        ..Imported::default()
    };
    // Narratives in languages the site lacks, counted once over the whole activity.
    count_left_out(a, cx, report);

    let id = a
        .child("iati-identifier")
        .map(Element::clean_text)
        .filter(|s| !s.is_empty());
    match &id {
        Some(id) => imported.iati_identifier = Some(id.clone()),
        None => errors.push(
            cx.error(a.line, "iati-identifier", "the activity has no identifier")
                .hint("each `<iati-activity>` needs an `<iati-identifier>`, such as `XM-DAC-41302-BP-2024`"),
        ),
    }
    let what = id.as_deref().unwrap_or("the activity");

    // Words.
    let titles_all = a
        .child("title")
        .map(|t| narratives(t, cx, report, false))
        .unwrap_or_default();
    let titles = by_site_language(cx, &titles_all);
    if titles.is_empty() {
        let line = a.child("title").map_or(a.line, |t| t.line);
        if titles_all.is_empty() {
            errors.push(
                cx.error(line, "title", format!("{what} has no title"))
                    .hint("each activity needs a `<title>` with a `<narrative>`"),
            );
        } else {
            let langs: Vec<&str> = titles_all.iter().map(|(l, _)| l.as_str()).collect();
            errors.push(
                cx.error(
                    line,
                    "title/narrative/@xml:lang",
                    format!(
                        "{what} has a title only in a language the site lacks ({})",
                        langs.join(", ")
                    ),
                )
                .hint(format!(
                    "add `{}` to `languages` in site.yaml, or give the title in one of the site's languages ({})",
                    langs[0],
                    cx.languages.join(", ")
                )),
            );
        }
    }
    let mut general: Vec<BTreeMap<String, String>> = Vec::new();
    let mut others: Vec<BTreeMap<String, String>> = Vec::new();
    for d in a.children("description") {
        let texts = by_site_language(cx, &narratives(d, cx, report, true));
        match d.attr("type") {
            None | Some("1") => general.push(texts),
            Some(_) => others.push(texts),
        }
    }
    for lang in cx.languages {
        let Some(title) = titles.get(lang) else {
            continue;
        };
        let paragraphs: Vec<&String> = general
            .iter()
            .chain(&others)
            .filter_map(|d| d.get(lang))
            .collect();
        let summary_source = general
            .iter()
            .find_map(|d| d.get(lang))
            .or_else(|| paragraphs.first().copied());
        let summary = match summary_source {
            Some(s) => summary_of(s),
            None => {
                report.count(
                    "versions without a description in their language: their summary is their title",
                    1,
                );
                title.clone()
            }
        };
        let body = paragraphs
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        imported.words.push((
            lang.clone(),
            Words {
                title: title.clone(),
                summary,
                body,
            },
        ));
    }

    // Status and dates.
    if let Some(s) = a.child("activity-status") {
        imported.status = match s.attr("code") {
            Some("1") => Some(Status::Planned),
            Some("2") | Some("3") => Some(Status::Ongoing),
            Some("4") => Some(Status::Completed),
            Some("5") => Some(Status::Cancelled),
            Some("6") => Some(Status::Suspended),
            other => {
                errors.push(
                    cx.error(
                        s.line,
                        "activity-status/@code",
                        format!("`{}` is not an activity status", other.unwrap_or("")),
                    )
                    .hint("IATI activity statuses are 1 (pipeline) to 6 (suspended)"),
                );
                None
            }
        };
    }
    let mut dates: BTreeMap<&str, PartialDate> = BTreeMap::new();
    for d in a.children("activity-date") {
        match parse_date(cx, d, "iso-date") {
            Ok(Some(date)) => {
                if let Some(t) = d.attr("type") {
                    let key: &str = match t {
                        "1" => "1",
                        "2" => "2",
                        "3" => "3",
                        "4" => "4",
                        _ => continue,
                    };
                    dates.entry(key).or_insert(date);
                }
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    imported.start = dates.get("2").or(dates.get("1")).copied();
    imported.end = dates.get("4").or(dates.get("3")).copied();
    if let (Some(s), Some(e)) = (imported.start, imported.end)
        && e.last_day() < s.first_day()
    {
        report.count(
            "activities whose end date is before their start: the end is left out",
            1,
        );
        imported.end = None;
    }
    if imported.status.is_none() && imported.start.is_none() && errors.is_empty() {
        errors.push(
            cx.error(a.line, "activity-status", format!("{what} has neither a status nor a start date"))
                .hint("add `<activity-status code=\"2\"/>` or an `<activity-date type=\"1\" iso-date=\"…\"/>`"),
        );
    }

    // Money.
    let default_currency = a.attr("default-currency");
    if let Some(c) = default_currency
        && crate::parse::rules::currency(c).is_err()
    {
        errors.push(
            cx.error(
                a.line,
                "iati-activity/@default-currency",
                format!("`{c}` is not a currency code"),
            )
            .hint("use an ISO 4217 code of the IATI Currency codelist, such as `EUR` or `USD`"),
        );
    }
    money(a, cx, default_currency, &mut imported, report, &mut errors);

    // Places.
    let mut country_elements: Vec<&Element> = a.children("recipient-country").collect();
    if country_elements.is_empty() {
        country_elements = a
            .children("transaction")
            .flat_map(|t| t.children("recipient-country"))
            .collect();
    }
    for c in country_elements {
        let Some(code) = c.attr("code") else { continue };
        match cx.countries.resolve(code) {
            Ok(alpha2) if code.len() == 2 => {
                match c.attr("percentage").map(|p| (p, p.parse::<f64>())) {
                    None => {}
                    Some((_, Ok(p))) if (0.0..=100.0).contains(&p) => {
                        imported.finance.country_shares.insert(alpha2.clone(), p);
                    }
                    Some((written, _)) => errors.push(
                        cx.error(
                            c.line,
                            "recipient-country/@percentage",
                            format!("`{written}` is not a percentage"),
                        )
                        .hint("a percentage is a number from 0 to 100, such as `25` or `33.3`"),
                    ),
                }
                if !imported.countries.contains(&alpha2) {
                    imported.countries.push(alpha2);
                }
            }
            result => {
                let hint = match result {
                    Err(Unresolved::Unknown {
                        suggestion: Some((c, name)),
                    }) => format!("did you mean `{c}` ({name})?"),
                    _ => "IATI countries are ISO 3166-1 alpha-2 codes, such as `BO`".to_string(),
                };
                errors.push(
                    cx.error(
                        c.line,
                        "recipient-country/@code",
                        format!("`{code}` is not a known country code"),
                    )
                    .hint(hint),
                );
            }
        }
    }
    let regions: Vec<&Element> = a.children("recipient-region").collect();
    if !regions.is_empty() {
        if imported.countries.is_empty() {
            report.count(REGION_ONLY, 1);
            for r in &regions {
                let Some(code) = r.attr("code") else { continue };
                let vocabulary = r.attr("vocabulary").unwrap_or("1");
                let name = match (vocabulary, codelists::region(code)) {
                    ("1", Some(n)) => format!("{} ({code})", n.en),
                    _ => format!("{code} (vocabulary {vocabulary})"),
                };
                *report.regions_without_countries.entry(name).or_default() += 1;
            }
        } else {
            report.count(
                "recipient regions beside countries: left out, since fiche shows the regions of the countries",
                regions.len(),
            );
        }
    }

    // Organisations.
    for org in a.children("participating-org") {
        let role = org.attr("role");
        if !matches!(role, Some("1") | Some("4")) {
            report.count(
                "participating organisations in roles other than funding (1) and implementing (4): not shown",
                1,
            );
            continue;
        }
        let all = narratives(org, cx, report, false);
        let named = NamedRef {
            names: by_site_language(cx, &all),
            other: all.first().map(|(_, t)| t.clone()),
            reference: org.attr("ref").map(str::to_string),
            key: None,
        };
        if named.other.is_none() && named.reference.is_none() {
            report.count(
                "participating organisations with neither a name nor a `ref`: left out",
                1,
            );
            continue;
        }
        let list = if role == Some("1") {
            &mut imported.donors
        } else {
            &mut imported.partners
        };
        let same = |n: &NamedRef| {
            (n.reference.is_some() && n.reference == named.reference)
                || (n.reference.is_none() && named.reference.is_none() && n.other == named.other)
        };
        if !list.iter().any(same) {
            list.push(named);
        }
    }

    // Themes.
    let mut sectors: Vec<&Element> = a.children("sector").collect();
    if sectors.is_empty() {
        sectors = a
            .children("transaction")
            .flat_map(|t| t.children("sector"))
            .collect();
    }
    let mut seen_sectors = BTreeSet::new();
    for s in sectors {
        let Some(code) = s.attr("code") else { continue };
        let vocabulary = s.attr("vocabulary").unwrap_or("1");
        if !seen_sectors.insert((vocabulary.to_string(), code.to_string())) {
            continue;
        }
        if let Some(theme) = theme(s, vocabulary, code, cx, report)
            && !imported.themes.iter().any(|t| {
                (t.key.is_some() && t.key == theme.key)
                    || (t.key.is_none() && t.reference == theme.reference)
            })
        {
            imported.themes.push(theme);
        }
    }

    // Contact and links.
    imported.contact = a
        .children("contact-info")
        .flat_map(|c| c.children("email"))
        .map(Element::clean_text)
        .find(|e| is_email(e));
    for w in a.children("activity-website") {
        let url = w.clean_text();
        link(&url, BTreeMap::new(), &mut imported, report);
    }
    for d in a.children("document-link") {
        let Some(url) = d.attr("url") else { continue };
        let own_page = !cx.base_url.is_empty()
            && url.strip_prefix(cx.base_url).is_some_and(|rest| {
                cx.languages
                    .iter()
                    .any(|l| rest.starts_with(&format!("{l}/")))
            });
        if own_page {
            report.count("document links to this site's own pages: left out", 1);
            continue;
        }
        let titles = d
            .child("title")
            .map(|t| by_site_language(cx, &narratives(t, cx, report, false)))
            .unwrap_or_default();
        link(url, titles, &mut imported, report);
    }

    // Everything else, counted by kind.
    for child in &a.children {
        let kind = match child.name.as_str() {
            "iati-identifier" | "title" | "description" | "activity-status" | "activity-date"
            | "budget" | "recipient-country" | "recipient-region" | "participating-org"
            | "sector" | "contact-info" | "activity-website" | "document-link" => continue,
            "transaction" => {
                "transactions: not shown one by one (their sums give the amount, and the disbursements are kept for later)".to_string()
            }
            "result" => {
                let indicators = child.children("indicator").count();
                report.count("indicators of results: not shown", indicators);
                "results: not shown".to_string()
            }
            "location" => "locations: not shown (fiche places a programme by its countries)".to_string(),
            "reporting-org" => "reporting organisations: not shown (the publisher of the file)".to_string(),
            other => format!("`<{other}>` elements: not shown"),
        };
        report.count(kind, 1);
    }

    if errors.is_empty() {
        Ok(imported)
    } else {
        Err(errors)
    }
}

fn count_left_out(el: &Element, cx: &Context, report: &mut Report) {
    for child in &el.children {
        if child.name == "narrative" {
            if let Some(lang) = &child.lang
                && cx.site_language(lang).is_none()
                && !child.text.trim().is_empty()
            {
                *report.languages_left_out.entry(lang.clone()).or_default() += 1;
            }
        } else {
            count_left_out(child, cx, report);
        }
    }
}

fn link(url: &str, titles: BTreeMap<String, String>, imported: &mut Imported, report: &mut Report) {
    let url = url.trim();
    let Ok(parsed) = url::Url::parse(url) else {
        report.count("links that are not web addresses: left out", 1);
        return;
    };
    if !matches!(parsed.scheme(), "http" | "https") || url.contains(char::is_whitespace) {
        report.count("links that are not web addresses: left out", 1);
        return;
    }
    if imported.links.iter().any(|(_, u)| u == url) {
        return;
    }
    let titles = if titles.is_empty() {
        // A website has no title in IATI: its host names it in every language.
        let name = parsed
            .path_segments()
            .and_then(|mut s| s.next_back().map(str::to_string))
            .filter(|s| !s.is_empty() && s.contains('.'))
            .or_else(|| parsed.host_str().map(str::to_string))
            .unwrap_or_else(|| url.to_string());
        BTreeMap::from([(String::new(), name)])
    } else {
        titles
    };
    imported.links.push((titles, url.to_string()));
}

fn theme(
    s: &Element,
    vocabulary: &str,
    code: &str,
    cx: &Context,
    report: &mut Report,
) -> Option<NamedRef> {
    let reference = format!("{vocabulary}:{code}");
    let map_keys: Vec<String> = match vocabulary {
        "1" => vec![
            code.to_string(),
            code.get(..3).unwrap_or(code).to_string(),
            reference.clone(),
        ],
        "2" => vec![code.to_string(), reference.clone()],
        _ => vec![reference.clone()],
    };
    if let Some(mapped) = map_keys.iter().find_map(|k| cx.themes.get(k)) {
        return match mapped {
            Some(key) => Some(NamedRef {
                key: Some(key.clone()),
                reference: Some(reference),
                ..NamedRef::default()
            }),
            None => {
                report.count("sectors that --themes maps to nothing: left out", 1);
                None
            }
        };
    }
    let listed = match vocabulary {
        "1" => codelists::sector(code),
        "2" => codelists::category(code),
        _ => None,
    };
    let all = narratives(s, cx, report, false);
    let mut named = NamedRef {
        reference: Some(reference),
        ..NamedRef::default()
    };
    match listed {
        Some(names) => {
            for lang in cx.languages {
                if let Some(n) = names.get(lang) {
                    named.names.insert(lang.clone(), n.to_string());
                }
            }
            named.other = Some(names.en.to_string());
        }
        None => {
            if matches!(vocabulary, "1" | "2") {
                report.count(
                    "DAC sector codes not in the IATI Sector codelist: named by their narratives",
                    1,
                );
            }
            named.names = by_site_language(cx, &all);
            named.other = all.first().map(|(_, t)| t.clone());
            if named.other.is_none() {
                report.count(
                    "sectors of a vocabulary other than DAC without a name: left out",
                    1,
                );
                return None;
            }
        }
    }
    Some(named)
}

fn money(
    a: &Element,
    cx: &Context,
    default_currency: Option<&str>,
    imported: &mut Imported,
    report: &mut Report,
    errors: &mut Vec<Diagnostic>,
) {
    // Budgets: per period, the revised one if there is one, else the original.
    let mut periods: BTreeMap<(String, String), Budget> = BTreeMap::new();
    for b in a.children("budget") {
        let revised = b.attr("type") == Some("2");
        let start = b
            .child("period-start")
            .map(|p| parse_date(cx, p, "iso-date"));
        let end = b.child("period-end").map(|p| parse_date(cx, p, "iso-date"));
        let (start, end) = match (start, end) {
            (Some(Ok(Some(s))), Some(Ok(Some(e)))) => (s, e),
            (Some(Err(e)), _) | (_, Some(Err(e))) => {
                errors.push(e);
                continue;
            }
            _ => {
                errors.push(
                    cx.error(b.line, "budget/period-start", "the budget has no period")
                        .hint("a budget has `<period-start iso-date=\"…\"/>` and `<period-end iso-date=\"…\"/>`"),
                );
                continue;
            }
        };
        let (v, currency) = match value(cx, b, default_currency) {
            Ok(x) => x,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if v < 0.0 {
            // Real files hold small negative budgets that correct rounding: summed as given.
            report.count("budgets below zero (corrections): summed as they are", 1);
        }
        let Some(currency) = currency else {
            report.count(
                "budgets without a currency (no `currency` and no `default-currency`): left out",
                1,
            );
            continue;
        };
        let key = (start.to_string(), end.to_string());
        let budget = Budget {
            start,
            end,
            value: v,
            currency,
            revised,
        };
        match periods.get(&key) {
            Some(existing) if existing.revised && !revised => {}
            Some(existing) if existing.revised == revised => {
                // Two budgets of the same kind for one period: both count.
                let mut sum = existing.clone();
                if sum.currency == budget.currency {
                    sum.value += budget.value;
                    periods.insert(key, sum);
                } else {
                    periods.insert((key.0, format!("{}-{}", key.1, budget.currency)), budget);
                }
            }
            _ => {
                periods.insert(key, budget);
            }
        }
    }
    let mut budget_sums = Sums::default();
    for b in periods.values() {
        budget_sums.add(&b.currency, b.value);
    }
    imported.finance.budgets = periods.into_values().collect();
    report.finance(
        "budget periods (for `budgets:`)",
        imported.finance.budgets.len(),
    );

    // Transactions.
    let mut commitments = Sums::default();
    let mut disbursed = Sums::default();
    let mut last: Option<PartialDate> = None;
    for t in a.children("transaction") {
        let kind = t
            .child("transaction-type")
            .and_then(|k| k.attr("code"))
            .unwrap_or("");
        let (v, currency) = match value(cx, t, default_currency) {
            Ok(x) => x,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if let Some(own) = t.child("value").and_then(|v| v.attr("currency"))
            && Some(own) != default_currency
        {
            report.count(
                "transactions in a currency of their own: counted only when all share one currency",
                1,
            );
        }
        let Some(currency) = currency else {
            report.count("transactions without a currency: left out of the sums", 1);
            continue;
        };
        match kind {
            "2" => commitments.add(&currency, v),
            "3" | "4" => {
                disbursed.add(&currency, v);
                let date = t
                    .child("transaction-date")
                    .and_then(|d| parse_date(cx, d, "iso-date").ok().flatten());
                if let Some(d) = date
                    && last.is_none_or(|l| l.first_day() < d.first_day())
                {
                    last = Some(d);
                }
            }
            "1" | "11" => {
                let provider = t.child("provider-org").and_then(|p| {
                    p.attr("ref").map(str::to_string).or_else(|| {
                        p.child("narrative")
                            .map(Element::clean_text)
                            .filter(|s| !s.is_empty())
                    })
                });
                if let Some(p) = provider {
                    let entry = imported
                        .finance
                        .contributions
                        .entry(p)
                        .or_insert((0.0, currency.clone()));
                    if entry.1 == currency {
                        entry.0 += v;
                    }
                }
            }
            _ => {}
        }
    }
    if let (Some((v, c)), Some(d)) = (disbursed.single(), last) {
        imported.finance.disbursed = Some((round_cents(v), c, d));
        report.finance("activities with disbursements (for `disbursed:`)", 1);
    }
    report.finance(
        "countries with a percentage (for shares per country)",
        imported.finance.country_shares.len(),
    );
    report.finance(
        "funders with incoming funds (for donor contributions)",
        imported.finance.contributions.len(),
    );

    let (sums, from) = if !budget_sums.0.is_empty() {
        (budget_sums, "budgets")
    } else {
        (commitments, "commitments")
    };
    if sums.0.is_empty() {
        return;
    }
    match sums.single() {
        Some((v, _)) if v < 0.0 => report.count(
            format!("activities whose {from} add up to less than zero: no amount"),
            1,
        ),
        Some((v, currency)) => {
            imported.amount = Some(Amount {
                value: round_cents(v),
                currency,
            })
        }
        None => report.count(
            format!("activities whose {from} are in several currencies: no amount (fiche does not convert currencies)"),
            1,
        ),
    }
    let _ = cx;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_description_is_its_own_summary_and_a_long_one_gives_its_first_sentences() {
        assert_eq!(
            summary_of("Wells in schools.\n\nMore."),
            "Wells in schools."
        );
        let long = format!(
            "{} Second sentence. {}",
            "A first sentence.",
            "x ".repeat(200)
        );
        assert_eq!(summary_of(&long), "A first sentence. Second sentence.");
        let one = "word ".repeat(100);
        let cut = summary_of(&one);
        assert!(cut.ends_with('…') && cut.chars().count() <= SHORT, "{cut}");
    }

    #[test]
    fn paragraphs_are_the_lines_of_a_narrative() {
        assert_eq!(
            paragraphs_of("\n  One  line\n\n   two\n"),
            "One line\n\ntwo"
        );
    }
}
