//! `fiche build`.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{fail, print_diagnostics};
use crate::pipeline::{self, BuildOptions};

pub fn run(
    root: PathBuf,
    output: Option<PathBuf>,
    base_url: Option<String>,
    drafts: bool,
    allow_broken_links: bool,
) -> ExitCode {
    let mut options = BuildOptions::new(root);
    if let Some(output) = output {
        options.output = output;
    }
    options.base_url = base_url;
    options.drafts = drafts;
    if allow_broken_links {
        options.link_check = pipeline::LinkCheck::Warn;
    }
    match pipeline::build(&options) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            println!(
                "Built {} into {} in {} ms",
                crate::cli::summary(&report),
                options.output.display(),
                report.millis
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => fail(&diagnostics),
    }
}
