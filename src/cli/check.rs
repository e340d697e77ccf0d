//! `fiche check`.

use std::process::ExitCode;

use crate::cli::{RootArg, fail, print_diagnostics};
use crate::pipeline::{self, BuildOptions};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    #[arg(long)]
    base_url: Option<String>,
    #[arg(long)]
    drafts: bool,
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        root: RootArg { root },
        base_url,
        drafts,
    } = args;
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
