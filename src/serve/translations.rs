//! The preview's page of translations (`/__fiche/translations`): the table `fiche
//! translations` prints, as HTML, with the file to open (or create) for each version.

use std::fmt::Write;
use std::path::Path;

use crate::model::translations::{State, Table};

/// Where the page is served; every preview page links to it.
pub const PATH: &str = "/__fiche/translations";

/// Text for HTML, escaped.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page: a row per programme, a column per language.
pub fn page(table: &Table, root: &Path) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Translations: fiche preview</title>\n<style>\
         body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem}\
         table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:.4rem .6rem;vertical-align:top;text-align:start}\
         .missing{background:#fde2e1}.outdated{background:#fff3cd}.up-to-date{background:#e3f4e1}\
         code{font-size:.85em;word-break:break-all}</style>\n</head>\n<body>\n<main>\n\
         <h1>Translations</h1>\n",
    );
    let _ = writeln!(
        html,
        "<p>{} missing, {} outdated (the source changed after them). The source of a programme is its file in the first language of <code>languages</code> that has one. Files live in <code>{}</code>.</p>",
        table.missing,
        table.outdated,
        escape(&root.display().to_string())
    );
    html.push_str("<table>\n<thead><tr><th scope=\"col\">Programme</th>");
    for lang in &table.languages {
        let _ = write!(html, "<th scope=\"col\">{}</th>", escape(lang));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.programmes {
        let _ = write!(html, "<tr><th scope=\"row\">{}</th>", escape(&row.slug));
        for v in &row.versions {
            let state = match v.state {
                State::Outdated => format!(
                    "outdated: source changed {}, this on {}",
                    row.source_changed,
                    v.changed.as_deref().unwrap_or("")
                ),
                State::Missing => "missing: create".to_string(),
                _ => format!(
                    "{} ({})",
                    v.state.words(),
                    v.changed.as_deref().unwrap_or("")
                ),
            };
            let class = serde_json::to_value(v.state)
                .ok()
                .and_then(|s| s.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = write!(
                html,
                "<td class=\"{class}\">{}<br><code>{}</code></td>",
                escape(&state),
                escape(&v.file)
            );
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
    html
}
