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
//!
//! One file per job: `activity.rs` reads the file and maps each activity by calling, in order,
//! `words.rs` (title, summary, body), `dates.rs` (status and dates), `money.rs` (budgets,
//! transactions, the amount), `places.rs` (countries and regions), `organisations.rs` (donors
//! and partners), `themes.rs` (sectors) and `links.rs` (contact and links); `narratives.rs`
//! reads the text of an element per language, `context.rs` is what the mapping knows of the site.

mod activity;
mod context;
mod dates;
mod links;
mod money;
mod narratives;
mod organisations;
mod places;
mod themes;
mod words;

pub use activity::read_file;
pub use context::{Context, ThemesMap};
pub use places::REGION_ONLY;
