//! `fiche import iati FILE.xml` and `fiche import table FILE.{csv,xlsx,ods}`: programmes a
//! team already has, written as fact sheets. Nothing is written unless the whole input is
//! good; nothing is overwritten without `--update`; `--dry-run` only prints.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};

use crate::cli::{RootArg, fail};
use crate::diagnostic::Diagnostic;
use crate::import::files::{self, Change, Mode, Plan};
use crate::import::mapping::{self, Context, ThemesMap};
use crate::import::site::Site;
use crate::import::{Report, table};
use crate::parse::programme::Known;
use crate::parse::yaml;

/// `fiche import`'s arguments: where the programmes come from.
#[derive(Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    source: Source,
}

#[derive(Subcommand)]
pub enum Source {
    /// Import the activities of an IATI activity file (versions 2.01 to 2.03).
    Iati {
        /// The IATI activity file.
        file: PathBuf,
        /// A YAML file mapping sector codes to keys of data/themes.yaml: `{72050: humanitarian, "99:7001": protection}`.
        #[arg(long)]
        themes: Option<PathBuf>,
        #[command(flatten)]
        options: ImportOptions,
    },
    /// Import one programme per row of a table (.csv, .xlsx or .ods).
    Table {
        /// The table: columns named after the front-matter fields (`title.en`, `status`, `countries`…).
        file: PathBuf,
        #[command(flatten)]
        options: ImportOptions,
    },
}

#[derive(Args)]
pub struct ImportOptions {
    #[command(flatten)]
    root: RootArg,
    /// Print what would be written, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Update the programmes already imported (matched by `iati_identifier`): their facts,
    /// and their words unless an editor changed them.
    #[arg(long)]
    update: bool,
}

pub fn run(args: ImportArgs) -> ExitCode {
    let source = args.source;
    match source {
        Source::Iati {
            file,
            themes,
            options,
        } => iati(&file, themes.as_deref(), &options),
        Source::Table { file, options } => table(&file, &options),
    }
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

fn iati(file: &Path, themes: Option<&Path>, options: &ImportOptions) -> ExitCode {
    let site = match Site::open(&options.root.root) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    let themes = match themes.map(|t| themes_map(t, &site)).transpose() {
        Ok(t) => t.unwrap_or_default(),
        Err(e) => return fail(&e),
    };
    let name = shown(file);
    let cx = Context {
        file: &name,
        languages: &site.config.languages,
        countries: &site.countries,
        themes: &themes,
        base_url: &site.config.base_url,
    };
    let (programmes, report, info) = match mapping::read_file(file, &cx) {
        Ok(x) => x,
        Err(e) => return fail(&with_source(e, file, &name)),
    };
    let heading = format!(
        "{} {} activit{} from {name} (IATI {})",
        import_verb(options),
        programmes.len(),
        if programmes.len() == 1 { "y" } else { "ies" },
        info.version
    );
    conclude(
        &programmes,
        &report,
        &site,
        (file, &name),
        options,
        &heading,
    )
}

fn table(file: &Path, options: &ImportOptions) -> ExitCode {
    let site = match Site::open(&options.root.root) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    let name = shown(file);
    let (themes, donors, partners) = (
        site.keys("themes"),
        site.keys("donors"),
        site.keys("partners"),
    );
    let known = Known {
        countries: &site.countries,
        themes: Some(&themes),
        donors: Some(&donors),
        partners: Some(&partners),
        static_files: &site.static_files,
        currency: &site.config.currency,
    };
    let programmes = match table::read_file(file, &name, &site.config.languages, &known) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let heading = format!(
        "{} {} row{} from {name}",
        import_verb(options),
        programmes.len(),
        if programmes.len() == 1 { "" } else { "s" }
    );
    conclude(
        &programmes,
        &Report::default(),
        &site,
        (file, &name),
        options,
        &heading,
    )
}

/// How a heading says what was done: `--dry-run` only says what would be.
fn import_verb(options: &ImportOptions) -> &'static str {
    if options.dry_run {
        "Would import"
    } else {
        "Imported"
    }
}

/// Plans the writing of what was read, then prints what the import found and writes it.
fn conclude(
    programmes: &[crate::import::Imported],
    report: &Report,
    site: &Site,
    (file, name): (&Path, &str),
    options: &ImportOptions,
    heading: &str,
) -> ExitCode {
    let mode = Mode {
        update: options.update,
    };
    match files::plan(programmes, site, name, mode) {
        Ok(plan) => {
            println!("{heading}");
            finish(&plan, report, site, options)
        }
        Err(e) => fail(&with_source(e, file, name)),
    }
}

/// Adds the input's text to its diagnostics, for the snippet, when it is small enough to read
/// again.
fn with_source(mut diagnostics: Vec<Diagnostic>, path: &Path, name: &str) -> Vec<Diagnostic> {
    let small = std::fs::metadata(path).is_ok_and(|m| m.len() < 64 * 1024 * 1024);
    if small && let Ok(text) = std::fs::read_to_string(path) {
        let text: Arc<str> = text.into();
        for d in diagnostics
            .iter_mut()
            .filter(|d| d.file == name && d.place.is_some_and(|p| p.line > 0))
        {
            // A line too long to show (a file written on one line) is only named.
            let line_len = d
                .place
                .and_then(|p| text.lines().nth(p.line - 1))
                .map_or(0, str::len);
            if line_len > 400 {
                continue;
            }
            // An element's line: underline its start tag.
            if let Some(place) = d.place.as_mut()
                && place.column == 0
                && let Some(line) = text.lines().nth(place.line - 1)
            {
                let indent = line.chars().take_while(|c| c.is_whitespace()).count();
                let tag = line.trim_start();
                place.column = indent + 1;
                place.len = tag
                    .find('>')
                    .map_or(tag.chars().count(), |i| tag[..=i].chars().count());
            }
            d.source = Some(Arc::clone(&text));
        }
    }
    diagnostics
}

/// `--themes map.yaml`: codes to theme keys that must exist.
fn themes_map(path: &Path, site: &Site) -> Result<ThemesMap, Vec<Diagnostic>> {
    let name = shown(path);
    let text: Arc<str> = std::fs::read_to_string(path)
        .map_err(|e| vec![Diagnostic::error(&name, format!("cannot be read: {e}"))])?
        .into();
    let fields = yaml::fields(&name, &text, &text, 1).map_err(|d| vec![d])?;
    let known: Vec<&str> = site
        .data
        .get("themes")
        .map(|d| d.entries.iter().map(|(k, _)| k.as_str()).collect())
        .unwrap_or_default();
    let mut map = BTreeMap::new();
    let mut errors = Vec::new();
    for (code, value) in fields.mapping() {
        // Codes may be written as numbers (`72050:`) or as text (`"99:7001":`).
        let code = match code {
            yaml::Value::String(s) => s.clone(),
            yaml::Value::Number(n) => n.to_string(),
            _ => continue,
        };
        match value {
            yaml::Value::Null => {
                map.insert(code, None);
            }
            yaml::Value::String(key) if known.contains(&key.as_str()) => {
                map.insert(code, Some(key.clone()));
            }
            yaml::Value::String(key) => errors.push(
                fields
                    .error_at(
                        &code,
                        fields.token_place(&code, key),
                        format!("`{key}` is not a key of data/themes.yaml"),
                    )
                    .hint(match crate::diagnostic::closest(key, known.iter().copied()) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => "map each sector code to a key of data/themes.yaml, or to `~` to leave it out".to_string(),
                    }),
            ),
            _ => errors.push(
                fields
                    .error(&code, "should be a key of data/themes.yaml")
                    .hint("write `72050: humanitarian`, or `\"99:7001\": protection` for another vocabulary"),
            ),
        }
    }
    if errors.is_empty() {
        Ok(map)
    } else {
        Err(errors)
    }
}

fn finish(plan: &Plan, report: &Report, site: &Site, options: &ImportOptions) -> ExitCode {
    let langs: Vec<String> = plan
        .per_language
        .iter()
        .map(|(l, n)| format!("{n} in {l}"))
        .collect();
    println!(
        "  {} new programme{}, {} updated; fact sheets: {}",
        plan.programmes_new,
        if plan.programmes_new == 1 { "" } else { "s" },
        plan.programmes_updated,
        if langs.is_empty() {
            "none".to_string()
        } else {
            langs.join(", ")
        }
    );
    for (kind, keys) in &plan.added {
        println!("  added to data/{kind}.yaml: {}", keys.join(", "));
    }
    if !report.not_placed.is_empty() {
        println!("Not placed (fiche cannot show these yet):");
        for (kind, n) in &report.not_placed {
            if kind == mapping::REGION_ONLY {
                let regions: Vec<String> = report
                    .regions_without_countries
                    .iter()
                    .map(|(r, n)| format!("{r} ×{n}"))
                    .collect();
                println!("  {n} × {kind} (regions: {})", regions.join(", "));
            } else {
                println!("  {n} × {kind}");
            }
        }
    }
    if !report.languages_left_out.is_empty() {
        let langs: Vec<String> = report
            .languages_left_out
            .iter()
            .map(|(l, n)| format!("{l} ({n} narratives)"))
            .collect();
        println!(
            "Left out, in languages the site lacks ({}): {}",
            site.config.languages.join(", "),
            langs.join(", ")
        );
    }
    if !report.finance_kept.is_empty() {
        println!("Finance found (each line says what became of it):");
        for (kind, n) in &report.finance_kept {
            println!("  {n} × {kind}");
        }
    }
    if !plan.kept_words.is_empty() {
        println!(
            "Kept as an editor changed them ({}):",
            plan.kept_words.len()
        );
        for w in &plan.kept_words {
            println!("  {w}");
        }
    }
    if !plan.no_longer_in_input.is_empty() {
        println!(
            "No longer in the input, left as they are ({}):",
            plan.no_longer_in_input.len()
        );
        for (slug, id) in &plan.no_longer_in_input {
            println!("  {slug} ({id})");
        }
    }
    if options.dry_run {
        for (rel, (text, change)) in &plan.files {
            if *change == Change::Unchanged {
                continue;
            }
            let what = if *change == Change::New {
                "new"
            } else {
                "updated"
            };
            println!("\n=== {rel} ({what})\n{text}");
        }
        println!("Dry run: nothing was written.");
        return ExitCode::SUCCESS;
    }
    let mut written = 0;
    // The record of imported words last, once the files it describes are written.
    let state = crate::import::site::STATE_FILE;
    let in_order = plan
        .files
        .iter()
        .filter(|(rel, _)| rel.as_str() != state)
        .chain(plan.files.iter().filter(|(rel, _)| rel.as_str() == state));
    for (rel, (text, change)) in in_order {
        if *change == Change::Unchanged {
            continue;
        }
        if let Err(e) = write(&site.root, rel, text) {
            return fail(&[Diagnostic::error(rel, format!("cannot be written: {e}"))
                .hint("check the folder's permissions and free space; files written before this one are complete")]);
        }
        written += 1;
    }
    println!(
        "Wrote {written} file{}.",
        if written == 1 { "" } else { "s" }
    );
    ExitCode::SUCCESS
}

/// Writes a file whole: into a temporary file beside it, then renamed over it.
fn write(root: &Path, rel: &str, text: &str) -> std::io::Result<()> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension("fiche-import.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &path)
}
