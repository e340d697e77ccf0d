//! fiche: a static site generator for programme fact sheets.
//!
//! The stages, each in its own module, in the order data flows:
//! [`load`] (read the files) → [`parse`] (front matter and settings into checked types) →
//! [`model`] (the site as plain, localised data) → [`render`] (Tera, in parallel) →
//! [`write`] (a staging folder swapped in whole). [`pipeline`] runs them; [`cli`] is the
//! command line on top.

// Diagnostics are returned by value on the error path only; boxing them buys nothing.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod diagnostic;
pub mod domain;
pub(crate) mod import;
pub(crate) mod links;
pub mod load;
pub(crate) mod model;
pub mod parse;
pub mod pipeline;
pub(crate) mod render;
#[cfg(feature = "serve")]
pub(crate) mod serve;
pub(crate) mod theme;
pub(crate) mod write;
