//! `fiche check`.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{fail, print_diagnostics};
use crate::pipeline::{self, BuildOptions};

pub fn run(root: PathBuf, base_url: Option<String>, drafts: bool) -> ExitCode {
    let mut options = BuildOptions::new(root);
    options.base_url = base_url;
    options.drafts = drafts;
    match pipeline::check(&options) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            println!(
                "No errors: {} ({} ms)",
                crate::cli::summary(&report),
                report.millis
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => fail(&diagnostics),
    }
}
