//! `fiche translations`: how each programme's translations stand against its source file.

use std::process::ExitCode;

use crate::cli::{RootArg, fail, report};
use crate::model::translations::{State, Table};
use crate::pipeline::{self, BuildOptions};

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// Count drafts as versions, as `build --drafts` shows them.
    #[arg(long)]
    drafts: bool,
    /// `json` for scripts.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// Prints the table; exit code 0 whatever it says, 1 if the site has errors.
pub fn run(args: Args) -> ExitCode {
    let Args {
        root: RootArg { root },
        drafts,
        format,
    } = args;
    if let Some(code) = report::not_a_site(&root) {
        return code;
    }
    let mut options = BuildOptions::new(root);
    options.drafts = drafts;
    match pipeline::translations(&options) {
        Ok(table) => {
            match format {
                Format::Json => match serde_json::to_string_pretty(&table) {
                    Ok(text) => println!("{text}"),
                    Err(e) => eprintln!("error: cannot write the table as JSON: {e}"),
                },
                Format::Text => print!("{}", text(&table)),
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => fail(&diagnostics),
    }
}

/// The table as text: per programme its source, then each other language's state.
fn text(table: &Table) -> String {
    let mut out = String::new();
    for row in &table.programmes {
        out.push_str(&format!(
            "{}: source {} (changed {})\n",
            row.slug, row.source, row.source_changed
        ));
        for v in row.versions.iter().filter(|v| v.state != State::Source) {
            let detail = match (&v.changed, v.state) {
                (Some(d), State::Outdated) => {
                    format!(
                        "{} (changed {d}, source changed {})",
                        v.file, row.source_changed
                    )
                }
                (Some(d), _) => format!("{} (changed {d})", v.file),
                (None, _) => format!("{} (to create)", v.file),
            };
            out.push_str(&format!("  {:<4}{:<12}{detail}\n", v.lang, v.state.words()));
        }
    }
    out.push_str(&report::translations_line(table.missing, table.outdated));
    out.push('\n');
    out
}
