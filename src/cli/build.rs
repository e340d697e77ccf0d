//! `fiche build`.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{RootArg, fail, print_diagnostics};
use crate::pipeline::{self, BuildOptions};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// Where to write the site (replaced whole, only if the build succeeds) [default: ROOT/public]
    #[arg(long)]
    output: Option<PathBuf>,
    /// The address the site is published at, overriding site.yaml's `base_url`.
    #[arg(long)]
    base_url: Option<String>,
    /// Include fact sheets marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Report broken internal links as warnings instead of failing the build.
    #[arg(long)]
    allow_broken_links: bool,
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        root: RootArg { root },
        output,
        base_url,
        drafts,
        allow_broken_links,
    } = args;
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
