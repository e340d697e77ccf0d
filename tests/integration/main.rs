//! fiche's integration tests, in one binary: each module drives the real `fiche` command over
//! fixture sites in `tests/sites/`.

mod harness;

mod accessibility;
mod addresses;
mod browser;
#[cfg(feature = "serve")]
mod cms;
mod errors;
mod escaping;
mod external;
mod facts;
mod finance;
mod fuzz_corpus;
mod import;
mod output;
mod outputs;
mod properties;
mod publishing;
#[cfg(feature = "serve")]
mod serve;
mod shares;
mod site;
mod structured;
mod theme;
mod translations;
