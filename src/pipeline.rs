//! Runs the stages in order for `build`, `check` and `serve`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diagnostic::{self, Diagnostic};
use crate::model::date::Day;
use crate::render::Output;
use crate::{load, model, parse, render, write};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Fixes "today" for derived statuses (tests); the real date otherwise.
    pub today: Option<Day>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            base_url: None,
            drafts: false,
            today: None,
        }
    }
}

/// What a successful build made.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub programmes: usize,
    pub languages: usize,
    pub warnings: Vec<Diagnostic>,
    pub millis: u128,
}

/// A rendered site, not yet written.
pub struct Rendered {
    pub outputs: Vec<Output>,
    pub loaded: load::Loaded,
    pub theme: render::theme::Theme,
    pub programmes: usize,
    pub languages: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Loads, checks, models and renders the site, without writing anything.
pub fn render_site(options: &BuildOptions) -> Result<Rendered, Vec<Diagnostic>> {
    let root = &options.root;
    let mut loaded = load::load(root);
    let Some(site_yaml) = loaded.site_yaml.clone() else {
        let mut errors = std::mem::take(&mut loaded.errors);
        if !root.join("site.yaml").exists() {
            errors.push(parse::site_config::missing(&root.display().to_string()));
        }
        return Err(errors);
    };
    let config = match parse::site_config::parse(&site_yaml.text, options.base_url.as_deref()) {
        Ok(c) => c,
        Err(mut e) => {
            e.append(&mut loaded.errors);
            diagnostic::sort(&mut e);
            return Err(e);
        }
    };
    let theme = match render::theme::load(root, &config.theme) {
        Ok(t) => t,
        Err(e) => {
            let mut e: Vec<Diagnostic> = e
                .into_iter()
                .map(|d| match (d.file.as_str(), d.field.as_deref(), d.place) {
                    (parse::site_config::FILE, Some("theme"), None) => {
                        parse::site_config::locate(d, &site_yaml.text, "theme", None)
                    }
                    _ => d,
                })
                .collect();
            e.append(&mut loaded.errors);
            diagnostic::sort(&mut e);
            return Err(e);
        }
    };
    let load_errors = std::mem::take(&mut loaded.errors);
    let model_options = model::Options {
        drafts: options.drafts,
        today: options.today,
    };
    let (site, mut warnings) = match model::build(&loaded, config, &theme.strings, &model_options) {
        Ok((site, warnings)) if !load_errors.iter().any(Diagnostic::is_error) => (site, warnings),
        Ok((_, warnings)) => {
            let mut all = load_errors;
            all.extend(warnings);
            diagnostic::sort(&mut all);
            return Err(all);
        }
        Err(mut e) => {
            e.extend(load_errors);
            diagnostic::sort(&mut e);
            return Err(e);
        }
    };
    warnings.extend(load_errors);
    let outputs = render::render(&site, &theme).map_err(|mut e| {
        diagnostic::sort(&mut e);
        e
    })?;
    diagnostic::sort(&mut warnings);
    Ok(Rendered {
        outputs,
        programmes: site.programmes.len(),
        languages: site.languages.len(),
        loaded,
        theme,
        warnings,
    })
}

/// `fiche build`: renders and writes the site; the previous output stays if anything fails.
pub fn build(options: &BuildOptions) -> Result<Report, Vec<Diagnostic>> {
    let started = Instant::now();
    write::check_output_folder(&options.root, &options.output).map_err(|d| vec![d])?;
    let rendered = render_site(options)?;
    let files = write::write_site(
        &options.output,
        &rendered.outputs,
        &rendered.loaded.static_files,
        &rendered.theme.static_files,
    )
    .map_err(|d| vec![d])?;
    Ok(Report {
        pages: rendered.outputs.len(),
        files,
        programmes: rendered.programmes,
        languages: rendered.languages,
        warnings: rendered.warnings,
        millis: started.elapsed().as_millis(),
    })
}

/// `fiche check`: everything `build` validates, writing nothing.
pub fn check(options: &BuildOptions) -> Result<Report, Vec<Diagnostic>> {
    let started = Instant::now();
    let rendered = render_site(options)?;
    Ok(Report {
        pages: rendered.outputs.len(),
        files: rendered.outputs.len(),
        programmes: rendered.programmes,
        languages: rendered.languages,
        warnings: rendered.warnings,
        millis: started.elapsed().as_millis(),
    })
}

/// The site root's `public/` unless told otherwise; relative paths are taken from the
/// current folder, like any command-line tool.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
