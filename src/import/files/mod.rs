//! What an import writes: fact sheets (Markdown with YAML front matter) and entries appended
//! to the data files, planned in full before anything is written.
//!
//! The user's text is never re-serialised: a data file gets new entries appended after its
//! last line (comments and layout kept); an updated fact sheet has only the lines of the
//! fields the import owns replaced, and its words (title, summary, body) only when nobody
//! edited them since the last import. An edited word is told from an imported one by a hash
//! of the word as imported, kept in `.fiche/import.json` ([`State`]): a word whose text no
//! longer has that hash was changed by someone, and is left alone.
//!
//! `plan.rs` matches the input's programmes to the site's and plans every file; `fact_sheet.rs`
//! writes a fact sheet's text (new, or updated line by line); `data_files.rs` matches donors,
//! partners and themes to the data files' entries and appends the new ones; `slugs.rs` makes
//! readable slugs; `check.rs` checks the plan with the parse stage's own checks.

mod check;
mod data_files;
mod fact_sheet;
mod plan;
mod slugs;

pub use plan::{Change, Mode, Plan, plan};
