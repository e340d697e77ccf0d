#![no_main]

use std::sync::Mutex;

use fiche_fuzz::SettingsSite;

/// One site for the whole run: each input replaces its settings, data files, strings and fact
/// sheet, and the site is rebuilt whole, incrementally and afresh.
static SITE: Mutex<Option<SettingsSite>> = Mutex::new(None);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut site = SITE.lock().unwrap_or_else(|e| e.into_inner());
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/sites/base");
    site.get_or_insert_with(|| SettingsSite::new(&base))
        .build(data);
});
