//! `fiche import table`: one programme per row of a CSV, xlsx or ods table, in columns named
//! after the front-matter fields (`title.fr`, `summary.en` and `body.es` for words; lists
//! separated by `;`).
//!
//! Every row is checked by the same checks as a fact sheet (`parse::programme`), and each
//! problem is reported at its cell, with the field's usual hint; all bad cells of the table
//! are listed in one run.
//!
//! `cells.rs` reads the file into rows of cells (each with its place), `columns.rs` tells what
//! each column is from the header, `rows.rs` checks each row into an imported programme.

mod cells;
mod columns;
mod rows;

pub use rows::read_file;
