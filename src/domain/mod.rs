//! What every stage shares, below all of them: the site's domain types (dates, countries,
//! slugs), the one hasher that makes fingerprints, and the names of the site's folders.
//! Nothing here reads a file or knows a later stage.

pub mod country;
pub mod date;
pub(crate) mod fingerprint;
pub(crate) mod folders;
pub(crate) mod language;
pub(crate) mod periods;
pub mod slug;
