//! `fiche build`.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{RootArg, fail, report, warn};
use crate::pipeline::{self, BuildOptions};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// Where to write the site: a new or empty folder, or an earlier output of fiche (replaced whole, only if the build succeeds) [default: ROOT/public]
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
    /// Fail on warnings as on errors: exit code 1, nothing written, the previous output kept.
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        root: RootArg { root },
        output,
        base_url,
        drafts,
        allow_broken_links,
        deny_warnings,
    } = args;
    clean_up_on_signal();
    if let Some(code) = report::not_a_site(&root) {
        return code;
    }
    let mut options = BuildOptions::new(root);
    if let Some(output) = output {
        options.output = output;
    }
    options.base_url = base_url;
    options.drafts = drafts;
    options.deny_warnings = deny_warnings;
    if allow_broken_links {
        options.link_check = pipeline::LinkCheck::Warn;
    }
    match pipeline::build(&options) {
        Ok(report) => {
            warn(&report.warnings);
            println!(
                "Built {} into {} in {} ms",
                crate::cli::summary(&report),
                options.output.display(),
                report.millis
            );
            if !report.accessibility_statement {
                println!("{}", report::NO_ACCESSIBILITY_STATEMENT);
            }
            if let Some(note) = report::catalogue_note(&report.catalogue_missing) {
                println!("{note}");
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => fail(&diagnostics),
    }
}

/// On Ctrl-C, SIGTERM or SIGHUP, removes the unfinished output (the staging folder) and exits
/// with 128 + the signal's number; the previous output stays as it was. A second signal exits
/// at once, in case removing takes long.
#[cfg(unix)]
fn clean_up_on_signal() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        let mut signals = signals.forever();
        let Some(signal) = signals.next() else {
            return;
        };
        std::thread::spawn(move || {
            if crate::write::abandon() {
                eprintln!(
                    "Stopped: the unfinished output was removed, the previous one is as it was"
                );
            }
            std::process::exit(128 + signal);
        });
        if let Some(signal) = signals.next() {
            std::process::exit(128 + signal);
        }
    });
}

#[cfg(not(unix))]
fn clean_up_on_signal() {}
