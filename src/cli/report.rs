//! The one reporter of the command line: diagnostics, failure counts and summaries go to the
//! terminal from here only.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crate::diagnostic::{Diagnostic, Severity};

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

/// What `build` says after its summary, on standard output (a note, not a warning:
/// `--deny-warnings` ignores it), when `site.yaml` has no `accessibility:` block.
pub const NO_ACCESSIBILITY_STATEMENT: &str = "note: no accessibility statement: a public body's site needs one (Directive (EU) 2016/2102); add an `accessibility:` block to site.yaml (see README, \"Accessibility statement\")";

/// What `build` says after its summary (a note, like [`NO_ACCESSIBILITY_STATEMENT`]) when
/// the open-data catalogue lacks settings: `data_licence`, `publisher`.
pub fn catalogue_note(missing: &[&str]) -> Option<String> {
    if missing.is_empty() {
        return None;
    }
    let things: Vec<&str> = missing
        .iter()
        .map(|m| if *m == "data_licence" { "licence" } else { m })
        .collect();
    let settings: Vec<String> = missing.iter().map(|m| format!("`{m}:`")).collect();
    Some(format!(
        "note: the open-data catalogue (data/catalog.jsonld) names no {}: add {} to site.yaml (see README, \"Structured data and the data catalogue\")",
        things.join(" nor "),
        settings.join(" and ")
    ))
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

/// Prints a successful run's warnings and, when there are any, a line counting them.
pub fn warn(warnings: &[Diagnostic]) {
    print_diagnostics(warnings);
    if !warnings.is_empty() {
        eprintln!(
            "warning: {} in {} (`--deny-warnings` makes them fail the run)",
            plural(warnings.len(), "warning", "warnings"),
            plural(files_of(warnings, Severity::Warning), "file", "files")
        );
    }
}

/// How many files the diagnostics of this severity are about.
fn files_of(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| d.file.as_str())
        .collect::<std::collections::BTreeSet<&str>>()
        .len()
}

/// Prints a failed run's diagnostics and a count, and returns exit code 1. A run without
/// errors failed on its warnings (`--deny-warnings`).
pub fn fail(diagnostics: &[Diagnostic]) -> ExitCode {
    print_diagnostics(diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if errors == 0 && !diagnostics.is_empty() {
        eprintln!(
            "error: {} in {}, denied by `--deny-warnings`; nothing was written",
            plural(diagnostics.len(), "warning", "warnings"),
            plural(files_of(diagnostics, Severity::Warning), "file", "files")
        );
    } else {
        eprintln!(
            "error: {} in {}; nothing was written",
            plural(errors, "error", "errors"),
            plural(files_of(diagnostics, Severity::Error), "file", "files")
        );
    }
    ExitCode::from(1)
}

/// Exit code 2, after saying what is missing, when `root` holds no `site.yaml`: the command
/// was run in the wrong folder, which no edit of a site's files would fix. `build`, `check`
/// and `serve` say it alike.
pub fn not_a_site(root: &std::path::Path) -> Option<ExitCode> {
    if root.join("site.yaml").exists() {
        return None;
    }
    print_diagnostics(&[crate::parse::site_config::missing(
        &root.display().to_string(),
    )]);
    eprintln!(
        "error: {} is not a site's folder; nothing was done",
        root.display()
    );
    Some(ExitCode::from(2))
}
