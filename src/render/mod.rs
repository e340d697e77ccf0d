//! The render stage: from the model to the bytes of every page, in parallel.
//!
//! First, for each language, the views are made once: a card per programme, the index of
//! every term (country, region, theme, donor, partner, status, year) with its programmes and
//! totals. Then every page becomes a job (a path, a template, a context) and the jobs are
//! rendered by Tera on all cores. Nothing here reads a file.
//!
//! The files, in the order a build uses them:
//! [`plan`] (the whole render, start to end) → [`terms`] (each language's lists and indexes)
//! → [`cards`] and [`related`] (per programme) → [`lang`] (what a language's pages share) →
//! [`jobs`] (every page, its key and recipe) → [`context`] (what the templates see, for the
//! pages rendered) → [`cache`] (what serve keeps for the next build). [`address`] is where
//! every page goes; [`origin`] the file behind a page's words, for the link check; [`views`]
//! the types templates see; [`markdown`], [`map`],
//! [`search`], [`structured`] (the pages' JSON-LD) and [`publish`] make parts of pages
//! and the other outputs.

mod address;
mod alias;
mod cache;
mod cards;
pub mod cms;
mod context;
mod finance;
pub(crate) mod html;
mod jobs;
mod lang;
pub mod map;
pub mod markdown;
mod origin;
mod plan;
pub mod publish;
mod related;
pub mod search;
mod statement;
mod structured;
mod terms;
pub mod views;

pub use alias::alias_files;
pub use cache::RenderCache;
pub use origin::{Origin, PageNotes};
pub use plan::{Plan, plan};

/// One generated file, or a piece of one (see [`Part`]).
pub struct Output {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
    pub part: Part,
}

impl Output {
    /// A whole file.
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Output {
        Output {
            path: path.into(),
            bytes,
            part: Part::Whole,
        }
    }
}

/// Which part of its file an [`Output`]'s bytes are. The largest files (the open data, the
/// sitemaps: a hundred megabytes at 30,000 programmes) are handed on in pieces of about a
/// megabyte when [`Plan::in_pieces`] asks for it, so that no build holds one whole.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Part {
    /// The whole file.
    #[default]
    Whole,
    /// Its first bytes: more follow, each as [`Part::Next`] with the same path.
    First,
    /// The bytes that follow those handed on before for the same path.
    Next,
}
