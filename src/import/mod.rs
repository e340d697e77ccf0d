//! `fiche import`: programmes a team already has (an IATI activity file, a spreadsheet) turned
//! into fact sheets and entries of the data files.
//!
//! The flow: a reader (`iati.rs` streams the XML one activity at a time; `table/` reads a CSV,
//! xlsx or ods table and checks each row) → `mapping/` (an IATI activity into an [`Imported`]
//! programme, one file per job, with what fiche cannot show counted in a [`Report`]) →
//! `files/` (plans every file to write against what the site already has, `site.rs`, and
//! checks it) → the CLI writes the plan only when the whole input was good. `yaml_text.rs`
//! writes YAML as text; `codelists.rs` names IATI's codes. Nothing here prints.

pub mod codelists;
pub mod files;
pub mod iati;
mod imported;
pub mod mapping;
mod report;
pub mod site;
pub mod table;
pub mod yaml_text;

pub use imported::{Budget, Imported, NamedRef, Words};
pub use report::Report;
