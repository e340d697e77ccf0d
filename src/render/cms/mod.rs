//! The web editor (`cms:` in `site.yaml`): `admin/index.html`, which loads Decap CMS or
//! Sveltia CMS, and `admin/config.yml`, its configuration, written from fiche's own rules
//! and the site's data on every build, so that the form never drifts from what `fiche
//! check` accepts. [`fields`] makes the fields; this file the collections and the page.

pub mod data;
pub mod fields;

use serde_json::{Value, json};

use super::Output;
use crate::domain::folders;
use crate::model::{Language, Site};
use crate::parse::cms::{Cms, CmsApp};

pub const PAGE_PATH: &str = "admin/index.html";
pub const CONFIG_PATH: &str = "admin/config.yml";
/// Where images chosen in the editor go, and how fact sheets name them (`images/x.jpg`).
const MEDIA_FOLDER: &str = "static/images";
const PUBLIC_FOLDER: &str = "images";

/// The paths of the files [`outputs`] makes, in its order.
pub fn paths(site: &Site) -> Vec<&'static str> {
    match site.config.cms {
        Some(_) => vec![PAGE_PATH, CONFIG_PATH],
        None => Vec::new(),
    }
}

/// The admin page and its configuration, when `site.yaml` has `cms:`.
pub fn outputs(site: &Site) -> Result<Vec<Output>, String> {
    let Some(cms) = &site.config.cms else {
        return Ok(Vec::new());
    };
    let config = serde_yaml_ng::to_string(&config(site, cms)).map_err(|e| e.to_string())?;
    let head = "# Written by fiche from site.yaml, the data files and fiche's rules, on every build:\n\
                # edit those, not this file.\n";
    Ok(vec![
        Output::new(PAGE_PATH, page(site, cms).into_bytes()),
        Output::new(CONFIG_PATH, format!("{head}{config}").into_bytes()),
    ])
}

/// The editor's language: its interface, and the names in its lists.
fn editor_language<'a>(site: &'a Site, cms: &Cms) -> &'a Language {
    site.language_index(&cms.language)
        .and_then(|i| site.languages.get(i))
        .unwrap_or(&site.languages[0])
}

/// The configuration, as the apps read it (Decap's keys; Sveltia reads the same).
pub fn config(site: &Site, cms: &Cms) -> Value {
    let lang = editor_language(site, cms);
    let languages = &site.config.languages;
    let i18n = json!({
        "structure": "multiple_files",
        "locales": languages,
        "default_locale": site.config.default_language(),
    });
    let mut backend = json!({"name": cms.backend, "branch": cms.branch});
    if let Some(repo) = &cms.repo {
        backend["repo"] = json!(repo);
    }
    if let Some(api) = &cms.api_root {
        backend["api_root"] = json!(api);
    }
    let mut config = json!({
        "backend": backend,
        "locale": cms.language,
        "site_url": site.config.base_url,
        "display_url": site.config.base_url,
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        // fiche's slugs: ASCII, lower case, accents removed, hyphens between words (Decap
        // and Sveltia lower-case and turn dots into hyphens themselves).
        "slug": {"encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-"},
        "i18n": i18n,
        "collections": [
            {
                "name": "programmes",
                "label": lang.strings.get("programmes"),
                "label_singular": "Programme",
                "folder": folders::PROGRAMMES,
                "extension": "md",
                "format": "yaml-frontmatter",
                "create": true,
                "slug": "{{slug}}",
                "identifier_field": "title",
                "summary": "{{title}}",
                "sortable_fields": ["title"],
                "i18n": i18n,
                "fields": fields::programme_fields(site, lang, cms.app),
            },
            {
                "name": "pages",
                "label": "Pages",
                "folder": folders::PAGES,
                "extension": "md",
                "format": "yaml-frontmatter",
                "create": true,
                "slug": "{{slug}}",
                "identifier_field": "title",
                "i18n": i18n,
                "fields": fields::page_fields(),
            },
        ],
    });
    if let Some(collections) = config["collections"].as_array_mut() {
        collections.extend(data::collections(site, lang, cms.app == CmsApp::Decap));
    }
    if cms.editorial_workflow {
        config["publish_mode"] = json!("editorial_workflow");
    }
    if let Some(url) = &cms.local_backend {
        config["local_backend"] = json!({"url": url});
    }
    config
}

/// The admin page: the app's script, the configuration beside it, and the theme's
/// stylesheet for the preview.
fn page(site: &Site, cms: &Cms) -> String {
    let lang = editor_language(site, cms);
    let escape = |s: &str| html_escape::encode_double_quoted_attribute(s).into_owned();
    let address = |given: &Option<String>, published: &str| match given {
        Some(s) if s.contains("://") || s.starts_with("//") => s.clone(),
        // A path of the site, from the admin page (one folder down).
        Some(s) => format!("../{}", s.trim_start_matches('/')),
        None => published.to_string(),
    };
    let mut scripts = format!(
        "<script src=\"{}\"></script>\n",
        escape(&address(&cms.script, cms.app.published_script()))
    );
    if cms.app == CmsApp::Decap {
        // js-yaml, before the setup that reads the data files with it.
        let yaml = address(&cms.yaml_script, cms.app.published_yaml_script());
        scripts.push_str(&format!("<script src=\"{}\"></script>\n", escape(&yaml)));
    }
    // The site's languages, for the data files' texts (one, or one per language).
    let languages = serde_json::to_string(&site.config.languages).unwrap_or_else(|_| "[]".into());
    let title = site
        .config
        .title
        .get(&lang.code, &site.config.languages)
        .unwrap_or("fiche");
    let setup = match cms.app {
        CmsApp::Decap => DECAP_SETUP,
        CmsApp::Sveltia => SVELTIA_SETUP,
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n\
         <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <title>{title} · {app}</title>\n\
         <link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n\
         </head>\n<body>\n\
         {scripts}\
         <script>\nvar ficheLanguages = {languages};\n{setup}</script>\n\
         </body>\n</html>\n",
        lang = escape(&lang.code),
        dir = lang.loc.dir,
        title = html_escape::encode_text(title),
        app = cms.app.name(),
    )
}

/// Sveltia CMS: the theme's stylesheet in the preview.
const SVELTIA_SETUP: &str = r#"if (window.CMS && CMS.registerPreviewStyle) { CMS.registerPreviewStyle("../css/fiche.css"); }
"#;

/// Decap CMS: the theme's stylesheet in the preview; fiche's amount widget (`fiche-amount`,
/// which takes both forms of an amount); and, before saving, the rules the configuration
/// cannot say (a field required when its optional group is given), then the languages left
/// empty dropped (Decap would write an empty file for each, which fiche refuses).
const DECAP_SETUP: &str = include_str!("decap.js");
