//! The command line: arguments are parsed here, each command lives in its own file, and this
//! is the only place that prints diagnostics.

mod build;
mod check;
mod import;
mod init;
mod new;
#[cfg(feature = "serve")]
mod serve;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnostic::Diagnostic;

#[derive(Parser)]
#[command(name = "fiche", version, about = "A static site generator for programme fact sheets", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
pub struct RootArg {
    /// The site's folder (the one holding site.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder. Exit code 1 if the content has errors.
    Build {
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
    },
    /// Check the whole site as `build` would, without writing anything.
    Check {
        #[command(flatten)]
        root: RootArg,
        #[arg(long)]
        base_url: Option<String>,
        #[arg(long)]
        drafts: bool,
    },
    /// Build the site in memory, serve it, and rebuild and reload open pages on every save.
    #[cfg(feature = "serve")]
    Serve {
        #[command(flatten)]
        root: RootArg,
        /// The port to listen on; 0 picks a free one (printed).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. The default keeps the preview on this machine.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Watch files by polling, for file systems where change notifications do not arrive.
        #[arg(long)]
        poll: bool,
    },
    /// Create a new fact sheet from the theme's template, in each language.
    New {
        /// The programme's slug: lower-case letters, digits and hyphens, such as `blue-pacific`.
        slug: String,
        /// The languages to create, comma-separated [default: all the site's languages]
        #[arg(long, value_delimiter = ',')]
        lang: Vec<String>,
        #[command(flatten)]
        root: RootArg,
    },
    /// Bring in programmes a team already has: an IATI activity file or a table.
    Import {
        #[command(subcommand)]
        source: import::Source,
    },
    /// Create a new site with the default theme and one example programme.
    Init {
        /// The folder to create the site in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

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

/// Prints diagnostics to standard error, errors and warnings alike.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let styled = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diagnostics {
        if styled {
            eprintln!("{}\n", d.render_styled());
        } else {
            eprintln!("{}\n", d.render());
        }
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

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            allow_broken_links,
        } => build::run(root.root, output, base_url, drafts, allow_broken_links),
        Command::Check {
            root,
            base_url,
            drafts,
        } => check::run(root.root, base_url, drafts),
        #[cfg(feature = "serve")]
        Command::Serve {
            root,
            port,
            bind,
            poll,
        } => serve::run(root.root, bind, port, poll),
        Command::New { slug, lang, root } => new::run(root.root, &slug, &lang),
        Command::Import { source } => import::run(source),
        Command::Init { dir } => init::run(&dir),
    }
}
