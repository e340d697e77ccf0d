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
    clean_up_on_signal();
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
