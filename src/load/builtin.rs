//! The default theme, built into the binary so that `fiche init` and sites without a
//! `themes/default/` folder work. The files are the repository's `themes/default/`.

macro_rules! theme_files {
    ($dir:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $dir, "/", $name)))),*]
    };
}

pub const TEMPLATES: &[(&str, &str)] = theme_files!("templates":
    "base.html", "root.html", "home.html", "programme.html", "countries.html", "terms.html",
    "term.html", "page.html", "404.html", "accessibility.html", "partials/card.html", "partials/cards.html",
    "partials/totals.html", "partials/pagination.html", "partials/map.html",
    "partials/icon.html", "partials/social.html", "alias.html",
);

pub const I18N: &[(&str, &str)] = &[
    ("fr", include_str!("../../themes/default/i18n/fr.yaml")),
    ("en", include_str!("../../themes/default/i18n/en.yaml")),
    ("es", include_str!("../../themes/default/i18n/es.yaml")),
    ("ar", include_str!("../../themes/default/i18n/ar.yaml")),
];

pub const STATIC: &[(&str, &[u8])] = &[
    (
        "css/fiche.css",
        include_bytes!("../../themes/default/static/css/fiche.css"),
    ),
    (
        "js/filters.js",
        include_bytes!("../../themes/default/static/js/filters.js"),
    ),
    (
        "map/world.svg",
        include_bytes!("../../themes/default/static/map/world.svg"),
    ),
];

/// The archetypes `fiche new` fills in, by file name in `archetypes/`: one per language of
/// the theme's strings, and `programme.md` (English) for the others.
pub const ARCHETYPES: &[(&str, &str)] = theme_files!("archetypes":
    "programme.md", "programme.fr.md", "programme.es.md", "programme.ar.md",
);
