//! The command line: one file per command, each owning its arguments (`Args`) and its `run`;
//! `report.rs` is the one place that prints diagnostics.

mod build;
mod check;
mod import;
mod init;
mod new;
mod report;
#[cfg(feature = "serve")]
mod serve;
mod translations;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use report::print_diagnostics;
use report::{fail, summary, warn};

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
    Build(build::Args),
    /// Check the whole site as `build` would, without writing anything.
    Check(check::Args),
    /// Build the site in memory, serve it, and rebuild and reload open pages on every save.
    #[cfg(feature = "serve")]
    Serve(serve::Args),
    /// Create a new fact sheet from the theme's template, in each language.
    New(new::Args),
    /// Bring in programmes a team already has: an IATI activity file or a table.
    Import(import::ImportArgs),
    /// Create a new site with the default theme and one example programme.
    Init(init::Args),
    /// List each programme's translations: up to date, outdated (the source changed after
    /// them) or missing. Exit code 0 either way.
    Translations(translations::Args),
}

pub fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
        Command::New(args) => new::run(args),
        Command::Import(args) => import::run(args),
        Command::Init(args) => init::run(args),
        Command::Translations(args) => translations::run(args),
    }
}
