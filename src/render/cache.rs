//! What one render keeps for the next (`serve`): page keys, cards, indexes, related
//! programmes and the publishing outputs' fingerprints.

use std::sync::Arc;

use super::cards::CardCache;
use super::jobs::PageKeys;
use super::related::RelatedCache;
use super::terms::LangIndex;

/// Pages of the previous build and their keys, so that unchanged pages are not rendered
/// again (by `serve`). `global` fingerprints everything every page depends on (settings,
/// data files, strings, templates, plain pages); the pipeline sets it.
#[derive(Default)]
pub struct RenderCache {
    pub global: u64,
    pub(super) keys: PageKeys,
    /// The programmes' slugs, in order: what [`CardCache`] and [`RelatedCache`] follow.
    pub(super) slugs: Vec<String>,
    pub(super) cards: CardCache,
    pub(super) indexes: Vec<Arc<LangIndex>>,
    pub(super) related: Vec<RelatedCache>,
    /// A fingerprint of every page's address.
    pub(super) paths_rev: u64,
    /// What the sitemap, feeds and open data were last made from.
    pub(super) publish: super::publish::Cache,
}

/// What a successful render leaves for the next one; see [`RenderCache::update`].
pub struct CacheUpdate {
    pub(super) paths_rev: u64,
    pub(super) slugs: Vec<String>,
    pub(super) keys: PageKeys,
    pub(super) cards: CardCache,
    pub(super) indexes: Vec<Arc<LangIndex>>,
    pub(super) related: Vec<RelatedCache>,
    pub(super) publish: super::publish::Cache,
}

impl RenderCache {
    /// Records a build whose pages were all accepted.
    pub fn update(&mut self, update: CacheUpdate) {
        self.keys = update.keys;
        self.slugs = update.slugs;
        self.cards = update.cards;
        self.paths_rev = update.paths_rev;
        self.indexes = update.indexes;
        self.related = update.related;
        self.publish = update.publish;
    }
}
