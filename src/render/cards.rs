//! Programme cards: made and rendered once per language (`partials/card.html`), then
//! spliced into every page that lists them, with each page's own way to the root.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;
use tera::value::Key;

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::domain::fingerprint::{Fingerprint, revision_of};
use crate::model::taxonomy::Kind;
use crate::model::{Language, Site};
use crate::theme::Theme;

use super::address::programme_path;
use super::lang::{LangData, shown_fiche};
use super::plan::push_once;
use super::terms::{LangIndex, name_of, position};
use super::views::*;

/// A programme's card in one language: as a Tera value when a template names the lists of
/// cards ([`lists_named`]), and rendered once by the theme's `partials/card.html` (with
/// [`ROOT_MARK`] for `root`). The view ([`Card`]) is not kept: a fact sheet makes it again
/// ([`card_of`]); kept, it was a tenth of a large build's memory (bench/README.md).
pub struct CardEntry {
    pub(super) value: Option<Value>,
    pub(super) html: Option<CardHtml>,
    /// A fingerprint of everything the card shows.
    pub(super) rev: u64,
}

/// A card rendered once, and the places where each page's way to the root goes. Kept until
/// the end of a build (and by `serve` between builds) for every programme and language, it
/// is kept compressed: LZ4 against a card of the same language ([`CardDictionary`]), whose
/// markup it shares, takes the generated corpus's cards from ~710 to ~240 bytes (a build's
/// peak at 30,000 programmes x 3 went from ~450 to ~392 MB) for ~0.3 µs each time a page
/// lists one (bench/README.md, "Ninth round").
pub(super) struct CardHtml {
    /// The card without its [`ROOT_MARK`]s.
    text: Packed,
    /// The card's length without its marks.
    len: usize,
    /// Where each mark was in the card, in order.
    roots: Box<[usize]>,
    /// Whether its links can be checked once for every page that lists it (see
    /// [`super::html::same_on_every_page`]).
    pub(super) checked_once: bool,
}

/// A card's text: compressed, or as it is when compressing it saved nothing.
enum Packed {
    Plain(Box<str>),
    Lz4 {
        bytes: Box<[u8]>,
        dictionary: CardDictionary,
    },
}

/// The card (without its marks) that the other cards of a language are compressed against:
/// the first programme's. Each card holds it, so a card kept from the previous build reads
/// back with the dictionary it was written with.
#[derive(Clone, Default)]
pub(super) struct CardDictionary(Arc<[u8]>);

std::thread_local! {
    /// Where a compressed card is read back before it is copied (one per thread).
    static UNPACKED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl CardHtml {
    pub(super) fn new(rendered: &str, dictionary: &CardDictionary) -> CardHtml {
        let (text, roots) = without_marks(rendered);
        let checked_once = super::html::same_on_every_page(rendered, ROOT_MARK);
        let len = text.len();
        let bytes = lz4_flex::block::compress_with_dict(text.as_bytes(), &dictionary.0);
        let text = if bytes.len() < len {
            Packed::Lz4 {
                bytes: bytes.into_boxed_slice(),
                dictionary: dictionary.clone(),
            }
        } else {
            Packed::Plain(text.into_boxed_str())
        };
        CardHtml {
            text,
            len,
            roots: roots.into_boxed_slice(),
            checked_once,
        }
    }

    /// Its length with `root` in place of the marks.
    pub(super) fn len_with(&self, root: &str) -> usize {
        self.len + self.roots.len() * root.len()
    }

    /// Appends it to `out` with `root` in place of the marks. (Splitting at the marks for
    /// every page that lists the card was 3% of a large build.)
    pub(super) fn push_to(&self, out: &mut String, root: &str) {
        self.with_text(|text| {
            let mut at = 0;
            for &r in &self.roots {
                out.push_str(&text[at..r]);
                out.push_str(root);
                at = r;
            }
            out.push_str(&text[at..]);
        });
    }

    /// Calls `f` with the card's text (without its marks); not at all, and nothing shown, if
    /// LZ4 did not read back whole what it wrote (a fault of the library, not of the site).
    fn with_text(&self, f: impl FnOnce(&str)) {
        let (bytes, dictionary) = match &self.text {
            Packed::Plain(text) => return f(text),
            Packed::Lz4 { bytes, dictionary } => (bytes, dictionary),
        };
        UNPACKED.with_borrow_mut(|buffer| {
            // Grown, never cleared: zeroing it for every card cost a sixth of the reading.
            if buffer.len() < self.len {
                buffer.resize(self.len, 0);
            }
            let buffer = &mut buffer[..self.len];
            let read = lz4_flex::block::decompress_into_with_dict(bytes, buffer, &dictionary.0);
            debug_assert_eq!(
                read.as_ref().ok(),
                Some(&self.len),
                "a card reads back whole"
            );
            // simdutf8: std's check of each card read back took longer than the reading.
            if let Ok(n) = read
                && n == self.len
                && let Ok(text) = simdutf8::basic::from_utf8(buffer)
            {
                f(text);
            }
        })
    }

    /// The dictionary it was compressed against, or itself when it was not.
    fn dictionary(&self) -> CardDictionary {
        match &self.text {
            Packed::Lz4 { dictionary, .. } => dictionary.clone(),
            Packed::Plain(text) => CardDictionary(text.as_bytes().into()),
        }
    }
}

impl CardDictionary {
    /// The dictionary made of a card as rendered (its marks left out).
    fn of(rendered: &str) -> CardDictionary {
        CardDictionary(without_marks(rendered).0.into_bytes().into())
    }
}

/// `rendered` without its [`ROOT_MARK`]s, and where each was.
fn without_marks(rendered: &str) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(rendered.len());
    let mut roots = Vec::new();
    for (i, piece) in rendered.split(ROOT_MARK).enumerate() {
        if i > 0 {
            roots.push(text.len());
        }
        text.push_str(piece);
    }
    (text, roots)
}

/// Stands for `root` in pre-rendered cards; replaced by each page's own way to the root.
pub(super) const ROOT_MARK: char = '\u{1}';

/// How many countries a card names before "+ N more" (the fact sheet names them all).
const CARD_COUNTRIES: usize = 4;

/// How many colours the theme has for the band of a card without an image (`band-1` to
/// `band-6` in `fiche.css`), given by the first theme's place in `data/themes.yaml`.
const BANDS: usize = 6;

/// The partial rendered once per card and language.
pub(super) const CARD_TEMPLATE: &str = "partials/card.html";

/// The cards of the previous build, per language and programme (as [`RenderCache::slugs`]
/// lists them), to be used again when nothing they show changed.
pub(super) type CardCache = Vec<Vec<Arc<CardEntry>>>;

/// A term as a card names it in `lang`: its name and address from the language's index.
fn term_ref(site: &Site, lang: &Language, index: &LangIndex, kind: Kind, key: &str) -> TermRef {
    let entry = position(&index.term_pos, kind, key).map(|i| &index.terms[&kind][i]);
    TermRef {
        key: key.to_string(),
        name: entry
            .map(|e| e.name.clone())
            .unwrap_or_else(|| name_of(site, lang, kind, key).0),
        path: entry.map(|e| e.path.clone()).unwrap_or_default(),
    }
}

/// Programme `p`'s card in the language of `data`, made again (as [`cards_of`] made it) for
/// its fact sheet.
pub(super) fn card_of(site: &Site, data: &LangData, p: usize) -> Card {
    let term_ref = |kind: Kind, key: &str| term_ref(site, data.lang, &data.index, kind, key);
    make_card(site, data.lang, p, &term_ref)
}

/// Programme `p`'s card for readers of `lang`.
fn make_card(
    site: &Site,
    lang: &Language,
    p: usize,
    term_ref: &(dyn Fn(Kind, &str) -> TermRef + Sync),
) -> Card {
    let li = site.language_index(&lang.code).unwrap_or(0);
    let prog = &site.programmes[p];
    let (vi, f, fallback) = shown_fiche(site, p, li);
    let shown_lang = &site.languages[vi];
    // The language of its words: another than the page's for a fallback, or for a version
    // made under `untranslated: source`.
    let words_lang = &site.languages[f.words_from.unwrap_or(vi)];
    let fr = &f.front;
    let start = fr.facts.start.map(|d| lang.loc.date(d));
    let end = fr.facts.end.map(|d| lang.loc.date(d));
    let period = match (&start, &end) {
        (Some(s), Some(e)) => Some(format!("{s} – {e}")),
        (Some(s), None) => Some(s.clone()),
        _ => None,
    };
    // In the order of the page's language, not as typed: "Dominican Republic" before "Peru".
    let mut countries: Vec<TermRef> = fr
        .facts
        .countries
        .iter()
        .map(|c| term_ref(Kind::Country, c))
        .collect();
    countries.sort_by(|a, b| lang.loc.compare(&a.name, &b.name));
    // A card shows the first few; "+ 1 more" would take the place of the one it hides.
    let (countries_shown, countries_more) = if countries.len() > CARD_COUNTRIES + 1 {
        let more = (countries.len() - CARD_COUNTRIES) as u64;
        let label = lang.strings.count("countries_more", more, &lang.loc);
        (CARD_COUNTRIES, Some(label))
    } else {
        (countries.len(), None)
    };
    Card {
        slug: prog.slug.clone(),
        title: fr.title.clone(),
        summary: fr.summary.clone(),
        path: programme_path(shown_lang, prog.slug_in(vi)),
        lang: words_lang.code.clone(),
        dir: words_lang.loc.dir,
        fallback: fallback || f.words_from.is_some(),
        fallback_note: match (fallback, f.words_from) {
            (true, _) => Some("only_in"),
            (false, Some(_)) => Some("untranslated_note"),
            (false, None) => None,
        }
        .map(|key| {
            lang.strings.format(
                key,
                &[("language", &lang.loc.language_name(&words_lang.code))],
            )
        }),
        status: StatusView {
            key: f.status.key(),
            label: lang.strings.get(&format!("status_{}", f.status.key())),
            path: term_ref(Kind::Status, f.status.key()).path,
        },
        start,
        end,
        start_iso: fr.facts.start.map(|d| d.to_string()),
        end_iso: fr.facts.end.map(|d| d.to_string()),
        period,
        amount: fr
            .facts
            .amount
            .as_ref()
            .map(|a| lang.loc.amount(a.value, &a.currency)),
        amount_value: fr.facts.amount.as_ref().map(|a| a.value),
        currency: fr.facts.amount.as_ref().map(|a| a.currency.clone()),
        countries,
        countries_shown,
        countries_more,
        regions: f
            .subregions()
            .map(|r| term_ref(Kind::Region, r.0))
            .collect(),
        themes: fr
            .facts
            .themes
            .iter()
            .map(|t| term_ref(Kind::Theme, t))
            .collect(),
        band: fr.facts.themes.first().map_or(0, |first| {
            let at = site.themes.iter().position(|t| &t.key == first);
            at.unwrap_or(0) % BANDS + 1
        }),
        donors: fr
            .facts
            .donors
            .iter()
            .map(|t| term_ref(Kind::Donor, t))
            .collect(),
        partners: fr
            .facts
            .partners
            .iter()
            .map(|t| term_ref(Kind::Partner, t))
            .collect(),
        image: fr.image.as_ref().map(|i| ImageView {
            src: i.src.clone(),
            alt: i.alt.clone(),
            credit: i.credit.clone(),
        }),
        draft: fr.draft,
    }
}

/// The fingerprints of the cards of `members` in a language.
pub(super) fn card_revs(data: &LangData, members: &[usize]) -> u64 {
    let mut h = Fingerprint::default();
    for &p in members {
        data.cards[p].rev.hash(&mut h);
    }
    h.finish()
}

/// The cards of `members` as a Tera value (when the theme's templates name the lists, see
/// [`lists_named`]) and, when the theme has a card partial, as HTML, with whether that HTML
/// holds only cards checked once (see [`Plan::cards`]).
pub(super) fn cards_for(
    data: &LangData,
    members: &[usize],
    root: &str,
) -> (Option<Value>, Option<String>, bool) {
    let value = members
        .iter()
        .map(|&p| data.cards[p].value.clone())
        .collect::<Option<Vec<Value>>>()
        .map(Value::from);
    let mut cards = Vec::with_capacity(members.len());
    for &p in members {
        let Some(card) = &data.cards[p].html else {
            return (value, None, false);
        };
        cards.push(card);
    }
    let mut html = String::with_capacity(cards.iter().map(|c| c.len_with(root) + 1).sum());
    let checked_once = cards.iter().all(|c| c.checked_once);
    for card in cards {
        card.push_to(&mut html, root);
        html.push('\n');
    }
    (value, Some(html), checked_once)
}

/// Where each block of `blocks` is in `html`, in order: the blocks the template showed as
/// they were given (`{{ programmes_html | safe }}`); one it changed or left out is not found.
pub(super) fn find_blocks(bytes: &[u8], blocks: &[String]) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut at = 0;
    for block in blocks {
        // Searching for the whole block (70 KB of markup much like the rest of the page) cost
        // an eighth of a large build: its start is searched for, then the rest compared. A
        // searcher's making grows with what it looks for: 256 bytes took 20,000 instructions
        // a page; 64 bytes are as rare in a page's markup.
        let block = block.as_bytes();
        let head = memchr::memmem::Finder::new(&block[..block.len().min(64)]);
        let mut from = at;
        while let Some(i) = head.find(&bytes[from..]) {
            let start = from + i;
            if bytes[start..].starts_with(block) {
                found.push(start..start + block.len());
                at = start + block.len();
                break;
            }
            from = start + 1;
        }
    }
    found
}

/// The variables that hold a page's cards as Tera values.
const CARD_LISTS: [&str; 2] = ["programmes", "related"];

/// Whether a template of the theme names `programmes` or `related` (or dumps the whole
/// context): only then are the cards kept as Tera values, for the pages that list them. A
/// theme that shows the cards as rendered once (`programmes_html`, as the default theme
/// does) has no use for them, and at 10,000 programmes × 3 they were ~120 MB of a build's
/// memory (bench/README.md). Only what is inside `{{ }}` and `{% %}` is read (the markup
/// around has `class="related"`); a name in a string there counts too: it costs only memory.
pub(super) fn lists_named(theme: &Theme) -> bool {
    theme.templates.values().any(|t| {
        tags(&t.text).any(|tag| {
            tag.contains("__tera_context") || CARD_LISTS.iter().any(|name| names(tag, name))
        })
    })
}

/// The insides of the `{{ }}` and `{% %}` tags of a template's text, in order (an unclosed
/// one to the end).
fn tags(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = ["{{", "{%"]
            .iter()
            .filter_map(|open| rest.find(open))
            .min()?;
        let close = if rest[start..].starts_with("{{") {
            "}}"
        } else {
            "%}"
        };
        let inside = &rest[start + 2..];
        let end = inside.find(close).unwrap_or(inside.len());
        rest = &inside[(end + close.len()).min(inside.len())..];
        Some(&inside[..end])
    })
}

/// Whether `text` has `name` as a name of its own: not inside a longer one
/// (`programmes_html`), nor an attribute of another value (`t.programmes`).
fn names(text: &str, name: &str) -> bool {
    let part_of_name = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let bytes = text.as_bytes();
    text.match_indices(name).any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + name.len()).copied();
        !before.is_some_and(|c| part_of_name(c) || c == b'.') && !after.is_some_and(part_of_name)
    })
}

/// Each term of a language as a card shows it (`TermRef`), as one Tera value per term that
/// every card naming it shares, by kind and in the order of [`LangIndex::terms`]. A value of
/// its own for each card was most of the memory a large build keeps (10,000 programmes in
/// 3 languages: a card names a dozen terms, each a map of three strings; bench/README.md).
fn term_values(index: &LangIndex) -> BTreeMap<Kind, Vec<Value>> {
    index
        .terms
        .iter()
        .map(|(&kind, entries)| {
            let values = entries
                .iter()
                .map(|e| {
                    Value::from_serializable(&TermRef {
                        key: e.key.clone(),
                        name: e.name.clone(),
                        path: e.path.clone(),
                    })
                })
                .collect();
            (kind, values)
        })
        .collect()
}

/// A card as a Tera value, its terms the shared values of [`term_values`] (the same maps as
/// its own would be: a term the index lacks gets its own).
fn card_value(card: &Card, index: &LangIndex, shared: &BTreeMap<Kind, Vec<Value>>) -> Value {
    // A card serialises as a map (a struct); were it not, it would be kept as it is.
    let Some(mut map) = Value::from_serializable(card).into_map() else {
        return Value::from_serializable(card);
    };
    let lists = [
        ("countries", Kind::Country, &card.countries),
        ("regions", Kind::Region, &card.regions),
        ("themes", Kind::Theme, &card.themes),
        ("donors", Kind::Donor, &card.donors),
        ("partners", Kind::Partner, &card.partners),
    ];
    for (field, kind, terms) in lists {
        let values: Vec<Value> = terms
            .iter()
            .map(|t| {
                position(&index.term_pos, kind, &t.key)
                    .and_then(|i| {
                        let e = &index.terms[&kind][i];
                        (e.name == t.name && e.path == t.path)
                            .then(|| shared.get(&kind)?.get(i).cloned())
                            .flatten()
                    })
                    .unwrap_or_else(|| Value::from_serializable(t))
            })
            .collect();
        map.insert(Key::from(field), Value::from(values));
    }
    Value::from(map)
}

/// The card of every programme in language `li`: kept from the previous build when nothing it
/// shows changed, else made and rendered once by the theme's card partial.
#[allow(clippy::too_many_arguments)]
pub(super) fn cards_of(
    site: &Site,
    theme: &Theme,
    li: usize,
    global: u64,
    index: &LangIndex,
    previous_cards: Option<&[Arc<CardEntry>]>,
    previous_at: &[Option<usize>],
) -> Result<Vec<Arc<CardEntry>>, Vec<Diagnostic>> {
    let lang = &site.languages[li];
    let term_ref = |kind: Kind, key: &str| term_ref(site, lang, index, kind, key);
    let with_html = theme.templates.contains_key(CARD_TEMPLATE);
    let keep_values = lists_named(theme);
    let terms_rev = index.terms_rev;
    let term_values = term_values(index);
    let rev_of = |p: usize| {
        let (vi, f, fallback) = shown_fiche(site, p, li);
        // The slug too: a file renamed with the same front matter moves its page.
        let slug = &site.programmes[p].slug;
        revision_of(&(
            global,
            terms_rev,
            slug,
            vi,
            f.front_rev,
            f.status.key(),
            fallback,
            f.words_from,
        ))
    };
    let kept = |p: usize, rev: u64| {
        previous_at[p]
            .and_then(|q| previous_cards?.get(q))
            .filter(|entry| entry.rev == rev)
    };
    // The card made and, with a card partial, rendered (with [`ROOT_MARK`] for `root`).
    let render = |p: usize| -> Result<(Value, Option<String>), Diagnostic> {
        let card = make_card(site, lang, p, &term_ref);
        let value = card_value(&card, index, &term_values);
        if !with_html {
            return Ok((value, None));
        }
        let mut ctx = index.base.clone();
        ctx.insert("root", &ROOT_MARK.to_string());
        ctx.insert_value("card", value.clone());
        let file = &shown_fiche(site, p, li).1.file;
        let rendered = theme.render(CARD_TEMPLATE, &ctx, || format!("the card of `{file}`"))?;
        Ok((value, Some(rendered)))
    };
    // What the language's cards are compressed against: the first programme's card (its
    // error, if it has one, is reported with the others').
    let dictionary = match (with_html, site.programmes.is_empty()) {
        (true, false) => match kept(0, rev_of(0)).and_then(|e| e.html.as_ref()) {
            Some(html) => html.dictionary(),
            None => render(0)
                .ok()
                .and_then(|(_, rendered)| rendered)
                .map(|r| CardDictionary::of(&r))
                .unwrap_or_default(),
        },
        _ => CardDictionary::default(),
    };
    let cards: Vec<Result<Arc<CardEntry>, Diagnostic>> = (0..site.programmes.len())
        .into_par_iter()
        .map(|p| {
            let rev = rev_of(p);
            if let Some(entry) = kept(p, rev) {
                return Ok(Arc::clone(entry));
            }
            let (value, rendered) = render(p)?;
            Ok(Arc::new(CardEntry {
                html: rendered.map(|r| CardHtml::new(&r, &dictionary)),
                value: keep_values.then_some(value),
                rev,
            }))
        })
        .collect();
    // Gathered into a vector of their own: collected in place, they kept the room of the
    // results (a diagnostic each), 13 MB at 30,000 programmes x 3.
    let mut errors = Vec::new();
    let mut kept: Vec<Arc<CardEntry>> = Vec::with_capacity(cards.len());
    for card in cards {
        match card {
            Ok(card) => kept.push(card),
            Err(d) => push_once(&mut errors, d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::{CardDictionary, CardHtml, Packed, ROOT_MARK, names, tags};

    /// A card as the default partial renders it, `\u{1}` standing for the way to the root.
    fn card(slug: &str, title: &str, facts: &str) -> String {
        format!(
            "<article class=\"card\">\n  <div class=\"card-text\">\n    <h3><a href=\"\u{1}fr/programmes/{slug}/\">{title}</a></h3>\n    <ul class=\"card-facts\" lang=\"fr\" dir=\"ltr\">\n      <li>{facts}</li>\n    </ul>\n    <img src=\"\u{1}images/{slug}.svg\" alt=\"\">\n  </div>\n</article>\n"
        )
    }

    /// What a page listing `html` shows with `root`: the card as rendered, marks replaced.
    fn shown(html: &CardHtml, root: &str) -> String {
        let mut out = String::from("before|");
        html.push_to(&mut out, root);
        out
    }

    #[test]
    fn a_card_kept_compressed_reads_back_as_rendered_with_each_pages_root() {
        let first = card("eau-potable", "Eau potable", "13,2 M €");
        let dictionary = CardDictionary::of(&first);
        let others = [
            first.clone(),
            card(
                "justice-pénale",
                "Justice pénale (Afrique de l’Ouest)",
                "1995 – 2030",
            ),
            card("x", "ا لعدالة", "٣٬٥ مليون"),
            card("policía", "Cooperación policial", ""),
        ];
        for rendered in &others {
            let html = CardHtml::new(rendered, &dictionary);
            assert!(
                matches!(html.text, Packed::Lz4 { .. }),
                "a card much like the dictionary is compressed"
            );
            for root in ["", "../", "../../../"] {
                let expected = format!("before|{}", rendered.replace(ROOT_MARK, root));
                assert_eq!(shown(&html, root), expected);
                assert_eq!(html.len_with(root), expected.len() - "before|".len());
            }
        }
        // A card made against another language's (or an older build's) dictionary reads
        // back with its own.
        let other = CardHtml::new(&others[1], &CardDictionary::of(&others[2]));
        assert_eq!(
            shown(&other, "../"),
            format!("before|{}", others[1].replace(ROOT_MARK, "../"))
        );
    }

    #[test]
    fn a_card_that_does_not_compress_is_kept_as_it_is() {
        let dictionary = CardDictionary::of(&card("a", "b", "c"));
        for rendered in ["", "\u{1}", "zq\u{1}9é", "\u{1}\u{1}x"] {
            let html = CardHtml::new(rendered, &dictionary);
            assert!(matches!(html.text, Packed::Plain(_)), "{rendered:?}");
            assert_eq!(
                shown(&html, "../"),
                format!("before|{}", rendered.replace(ROOT_MARK, "../"))
            );
        }
        // With no dictionary (a language without programmes' cards yet), as it is or alone.
        let alone = CardHtml::new(&card("a", "b", "c"), &CardDictionary::default());
        assert_eq!(
            shown(&alone, "/"),
            format!("before|{}", card("a", "b", "c").replace(ROOT_MARK, "/"))
        );
    }

    /// Whether a template's text names a list of cards, as `lists_named` reads it.
    fn named(text: &str) -> bool {
        tags(text).any(|tag| names(tag, "programmes") || names(tag, "related"))
    }

    #[test]
    fn a_list_is_named_by_a_tag_that_reads_it_and_not_by_markup_or_longer_names() {
        assert!(named(
            "{% for card in programmes %}{{ card.title }}{% endfor %}"
        ));
        assert!(named("{% if related %}x{% endif %}"));
        assert!(named("{{ programmes | length }}"));
        assert!(named("{{ x }} {% set cards = related%}"));
        assert!(named("unclosed {{ programmes"));
        assert!(!named(
            r#"<section class="related">{{ t.related }}</section>"#
        ));
        assert!(!named("{{ programmes_html | safe }}{{ t.no_programmes }}"));
        assert!(!named("programmes and related, outside any tag"));
    }
}
