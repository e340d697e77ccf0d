//! Where a page's words come from: the file that wrote them and where its links are written
//! there, as parse (a front matter's `links:`) and Markdown rendering (a body's links and raw
//! HTML) found them. The render hands it to the link check beside each page, which says from
//! it where a broken link can be fixed, without working out again which file made the page or
//! reading its body a second time.

use super::markdown::BodyLinks;
use crate::parse::content::Slice;
use crate::parse::programme::Link;

/// The file behind a page's words.
pub enum Origin<'a> {
    /// A fact sheet's or plain page's content file.
    Content {
        file: &'a str,
        /// The body as written in the file, from its line `body_line`.
        body: Slice,
        body_line: usize,
        body_links: BodyLinks,
        /// The front matter's `links:`, each with its line.
        links: &'a [Link],
    },
    /// A country's or region's text in `data/countries.yaml`, under its code `key`.
    PlaceText {
        key: &'a str,
        text: &'a str,
        links: BodyLinks,
    },
}

/// What the render knows of a page beyond its bytes, for the link check.
#[derive(Default)]
pub struct PageNotes<'a> {
    /// The byte ranges of the page that hold cards checked once ([`super::Plan::cards`]),
    /// found only when the link check asked for them.
    pub cards: Vec<std::ops::Range<usize>>,
    /// The file behind its words, for a fact sheet, a plain page or a place's text.
    pub origin: Option<Origin<'a>>,
}
