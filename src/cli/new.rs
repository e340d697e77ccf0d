//! `fiche new <slug>`: a new fact sheet per language, from the theme's archetype.

use std::process::ExitCode;

use crate::cli::{RootArg, fail};
use crate::diagnostic::Diagnostic;
use crate::domain::date::Day;
use crate::domain::folders;
use crate::domain::slug::{is_slug, slugify, title_from};
use crate::load::archetypes;
use crate::parse::site_config;

/// Fills the archetype's `{{ slug }}`, `{{ lang }}`, `{{ title }}` (made from the slug in the
/// language's case) and `{{ today }}`.
fn fill_archetype(archetype: &str, slug: &str, lang: &str, today: Day) -> String {
    archetype
        .replace("{{ slug }}", slug)
        .replace("{{ lang }}", lang)
        .replace("{{ title }}", &title_from(slug, lang))
        .replace("{{ today }}", &today.to_string())
}

#[derive(clap::Args)]
pub struct Args {
    /// The programme's slug: lower-case letters, digits and hyphens, such as `blue-pacific`.
    slug: String,
    /// The languages to create, comma-separated [default: all the site's languages]
    #[arg(long, value_delimiter = ',')]
    lang: Vec<String>,
    #[command(flatten)]
    root: RootArg,
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        slug,
        lang,
        root: RootArg { root },
    } = args;
    let (slug, langs) = (slug.as_str(), lang.as_slice());
    if !is_slug(slug) {
        let mut d = Diagnostic::error(slug, "is not a valid slug");
        d = match slugify(slug) {
            Some(s) => d.hint(format!(
                "use lower-case letters, digits and hyphens: `fiche new {s}`"
            )),
            None => d.hint("use lower-case letters, digits and hyphens, such as `blue-pacific`"),
        };
        return fail(&[d]);
    }
    let source = match std::fs::read_to_string(root.join(site_config::FILE)) {
        Ok(s) => std::sync::Arc::<str>::from(s),
        Err(_) => return fail(&[site_config::missing(&root.display().to_string())]),
    };
    let config = match site_config::parse(&source, None) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let langs: Vec<String> = if langs.is_empty() {
        config.languages.clone()
    } else {
        langs.to_vec()
    };
    let mut errors = Vec::new();
    for lang in &langs {
        if !config.languages.contains(lang) {
            errors.push(
                Diagnostic::error(
                    site_config::FILE,
                    format!(
                        "`{lang}` is not one of the site's languages ({})",
                        config.languages.join(", ")
                    ),
                )
                .hint("add it to `languages` in site.yaml, or choose among them with `--lang`"),
            );
        }
    }
    let dir = root.join(folders::PROGRAMMES);
    for lang in &langs {
        let path = dir.join(format!("{slug}.{lang}.md"));
        if path.exists() {
            errors.push(
                Diagnostic::error(
                    format!("{}/{slug}.{lang}.md", folders::PROGRAMMES),
                    "already exists",
                )
                .hint("choose another slug, or edit the existing file"),
            );
        }
    }
    if !errors.is_empty() {
        return fail(&errors);
    }
    let today = Day::today();
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return fail(&[Diagnostic::error(
            folders::PROGRAMMES,
            format!("cannot be created: {e}"),
        )]);
    }
    // Facts are written once, in the source file: the first language of the site that has a
    // file or gets one now. The others get the archetype's words only.
    let source = config
        .languages
        .iter()
        .find(|l| langs.contains(l) || dir.join(format!("{slug}.{l}.md")).exists());
    for lang in &langs {
        let rel = format!("{}/{slug}.{lang}.md", folders::PROGRAMMES);
        let archetype = archetypes::for_language(&root, &config.theme, lang);
        let archetype = if source == Some(lang) {
            archetype
        } else {
            crate::parse::facts::words_only(&archetype)
        };
        if let Err(e) = std::fs::write(
            dir.join(format!("{slug}.{lang}.md")),
            fill_archetype(&archetype, slug, lang, today),
        ) {
            return fail(&[Diagnostic::error(rel, format!("cannot be written: {e}"))]);
        }
        println!("Created {rel}");
    }
    println!(
        "The new fact sheets are drafts: fill them in, then remove `draft: true` to publish them."
    );
    ExitCode::SUCCESS
}
