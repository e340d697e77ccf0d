//! `fiche serve`.

use std::process::ExitCode;

use crate::cli::print_diagnostics;
use crate::serve::{self, ServeOptions};

/// Exit code 0 when stopped by Ctrl+C or SIGTERM; 2 when there is no site to serve (no
/// `site.yaml`: a wrong folder, nothing an edit could fix while serving); 1 when the server
/// cannot start.
pub fn run(options: ServeOptions) -> ExitCode {
    if !options.root.join("site.yaml").exists() {
        print_diagnostics(&[crate::parse::site_config::missing(
            &options.root.display().to_string(),
        )]);
        eprintln!("error: nothing to serve");
        return ExitCode::from(2);
    }
    match serve::run(options) {
        Ok(()) => {
            println!("Stopped.");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}
