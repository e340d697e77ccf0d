//! The one reporter of the command line: diagnostics, failure counts and summaries go to the
//! terminal from here only.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crate::diagnostic::Diagnostic;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "457 pages (9 programmes in 3 languages)".
pub fn summary(report: &crate::pipeline::Report) -> String {
    format!(
        "{} ({} in {})",
        plural(report.pages, "page", "pages"),
        plural(report.programmes, "programme", "programmes"),
        plural(report.languages, "language", "languages")
    )
}

/// Prints diagnostics to standard error, errors and warnings alike, at most
/// [`crate::diagnostic::PRINTED_PER_FILE`] per file.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let styled = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    for block in crate::diagnostic::report(diagnostics, styled) {
        // Nothing to do if standard error is closed.
        let _ = writeln!(err, "{block}\n");
    }
}

/// Prints a failed run's diagnostics and a count, and returns exit code 1.
pub fn fail(diagnostics: &[Diagnostic]) -> ExitCode {
    print_diagnostics(diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let files: std::collections::BTreeSet<&str> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.file.as_str())
        .collect();
    eprintln!(
        "error: {errors} error{} in {} file{}; nothing was written",
        if errors == 1 { "" } else { "s" },
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    );
    ExitCode::from(1)
}
