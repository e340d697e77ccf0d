//! `fiche check`.

use std::process::ExitCode;

use crate::cli::{RootArg, fail, report, warn};
use crate::pipeline::{self, BuildOptions};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    #[arg(long)]
    base_url: Option<String>,
    #[arg(long)]
    drafts: bool,
    /// Fail on warnings as on errors (exit code 1).
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        root: RootArg { root },
        base_url,
        drafts,
        deny_warnings,
    } = args;
    if let Some(code) = report::not_a_site(&root) {
        return code;
    }
    let mut options = BuildOptions::new(root);
    options.base_url = base_url;
    options.drafts = drafts;
    options.deny_warnings = deny_warnings;
    match pipeline::check(&options) {
        Ok(report) => {
            warn(&report.warnings);
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
