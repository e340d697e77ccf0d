#![no_main]

use std::sync::Mutex;

use fiche_fuzz::OnePageSite;

/// One site for the whole run: each input replaces its content files and rebuilds it, the
/// way `fiche serve` rebuilds after a save.
static SITE: Mutex<Option<OnePageSite>> = Mutex::new(None);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut site = SITE.lock().unwrap_or_else(|e| e.into_inner());
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/sites/base");
    site.get_or_insert_with(|| OnePageSite::new(&base))
        .build(data);
});
