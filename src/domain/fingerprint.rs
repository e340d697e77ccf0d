//! Fingerprints: what a page, card, list or file was made from, hashed to notice what changed
//! between two builds (`serve`) and which pages to render again. One hasher for all of them.

use std::hash::{Hash, Hasher};

/// The hasher of every fingerprint; hash several values into it for one made in a loop.
pub type Fingerprint = rustc_hash::FxHasher;

/// A fingerprint of a value, within one run (what a page, card or list was made from).
pub fn revision_of(value: &impl Hash) -> u64 {
    let mut h = Fingerprint::default();
    value.hash(&mut h);
    h.finish()
}

/// A fingerprint of a text, to notice what changed between two builds.
pub fn revision(text: &str) -> u64 {
    revision_of(&text)
}
