//! `fiche init [DIR]`: a new site that builds at once, with a copy of the default theme to
//! adapt and one example programme.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::fail;
use crate::diagnostic::Diagnostic;
use crate::domain::folders;
use crate::load::builtin;

const SITE_YAML: &str = "\
title: {fr: Nos programmes, en: Our programmes}
description: {fr: Les fiches des programmes de coopération., en: Fact sheets of our cooperation programmes.}
base_url: https://example.org/
languages: [fr, en]          # the first is the default language
theme: default
currency: EUR
# Who publishes the site and its open data, and the open data's licence (an address), for the
# pages' structured data and the data catalogue data/catalog.jsonld:
# publisher: {name: {fr: Notre agence, en: Our agency}, url: https://example.org/}
# data_licence: https://www.etalab.gouv.fr/licence-ouverte-open-licence/
# To publish data/iati-activities.xml (IATI 2.03), say who reports it:
# iati:
#   reporting_org: {ref: XM-DAC-00000, type: 10, name: {fr: Notre agence, en: Our agency}}
# A public body's site needs an accessibility statement (Directive (EU) 2016/2102): this block
# makes a statement page in every language, linked from every page's footer.
# accessibility:
#   status: partial                # full, partial or none
#   standard: RGAA 4.1             # or WCAG 2.1 AA, EN 301 549
#   assessed_on: 2026-01-15
#   assessed_by: self-assessment   # or who assessed the site
#   non_accessible:                # what is not accessible, why, and what to use instead
#     - content: {fr: Les cartes des pays, en: The country maps}
#       reason: non-compliance     # or disproportionate-burden, outside-scope
#       alternative: {fr: La liste des pays sous la carte, en: The list of countries below the map}
#   contact: {email: accessibilite@example.org}   # and/or form: https://example.org/contact
#   enforcement: {name: Défenseur des droits, url: https://www.defenseurdesdroits.fr/}
";

const THEMES: &str = "\
governance:
  name: {fr: Gouvernance, en: Governance}
";

const DONORS: &str = "\
eu:
  name: {fr: Union européenne, en: European Union}
  short: {fr: UE, en: EU}
";

const EXAMPLE_FR: &str = "\
---
title: Programme d’exemple
summary: Une fiche d’exemple à remplacer par un vrai programme.
status: ongoing
start: {start}
end: {end}
amount: 2500000
countries: [SN, ML]
donors: [eu]
themes: [governance]
---
## Objectifs

Décrivez ici le programme : ses objectifs, ses activités et ses résultats attendus.
";

const EXAMPLE_EN: &str = "\
---
title: Example programme
summary: An example fact sheet to replace with a real programme.
# A translation writes words only: it takes every fact (dates, amount, countries, donors,
# themes) from the French file, the source.
---
## Objectives

Describe the programme here: its objectives, activities and expected results.
";

#[derive(clap::Args)]
pub struct Args {
    /// The folder to create the site in.
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    let dir = args.dir.as_path();
    if dir.join("site.yaml").exists() {
        return fail(&[Diagnostic::error(
            dir.join("site.yaml").display().to_string(),
            "already exists: this folder holds a site",
        )
        .hint("choose an empty or new folder: `fiche init my-site`")]);
    }
    // The example is under way whatever the day: its dates are around this year's.
    let year = crate::domain::date::Day::today().year;
    let dated = |text: &str| {
        text.replace("{start}", &format!("{}-01-01", year - 1))
            .replace("{end}", &format!("{}-12-31", year + 2))
    };
    let (example_fr, example_en) = (dated(EXAMPLE_FR), dated(EXAMPLE_EN));
    let mut files: Vec<(String, &[u8])> = vec![
        (folders::SITE_YAML.into(), SITE_YAML.as_bytes()),
        (folders::THEMES_FILE.into(), THEMES.as_bytes()),
        (folders::DONORS_FILE.into(), DONORS.as_bytes()),
        (folders::PARTNERS_FILE.into(), b"{}\n"),
        (
            format!("{}/example.fr.md", folders::PROGRAMMES),
            example_fr.as_bytes(),
        ),
        (
            format!("{}/example.en.md", folders::PROGRAMMES),
            example_en.as_bytes(),
        ),
        (".gitignore".into(), b"/public/\n"),
    ];
    for (rel, text) in builtin::TEMPLATES {
        files.push((
            format!("{}/default/templates/{rel}", folders::THEMES),
            text.as_bytes(),
        ));
    }
    for (name, text) in builtin::ARCHETYPES {
        files.push((format!("themes/default/archetypes/{name}"), text.as_bytes()));
    }
    for (lang, text) in builtin::I18N {
        files.push((format!("themes/default/i18n/{lang}.yaml"), text.as_bytes()));
    }
    for (rel, bytes) in builtin::STATIC {
        files.push((format!("themes/default/static/{rel}"), bytes));
    }
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        if path.exists() {
            continue;
        }
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, bytes));
        if let Err(e) = written {
            return fail(&[Diagnostic::error(
                path.display().to_string(),
                format!("cannot be written: {e}"),
            )]);
        }
    }
    // An empty `static/` for the site's images (no placeholder file: fiche would leave a
    // hidden one out with a warning).
    if let Err(e) = std::fs::create_dir_all(dir.join("static")) {
        return fail(&[Diagnostic::error(
            dir.join("static").display().to_string(),
            format!("cannot be created: {e}"),
        )]);
    }
    println!("Created a new site in {}", dir.display());
    println!(
        "Next: cd {} && fiche build   (or `fiche serve` to preview)",
        dir.display()
    );
    ExitCode::SUCCESS
}
