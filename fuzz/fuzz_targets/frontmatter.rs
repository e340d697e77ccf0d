#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fiche_fuzz::frontmatter(data));
