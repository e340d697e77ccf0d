//! `cms:` in `site.yaml`: the web editor fiche writes into the site (`admin/index.html` and
//! `admin/config.yml`), for editors who never open git. The app (Decap CMS or Sveltia CMS),
//! the git host it commits to, and where its script comes from. Every item is optional to
//! serde and checked here, so that a missing or wrong one is an error at its line.

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::parse::yaml;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCms {
    #[serde(default)]
    app: Option<String>,
    #[serde(default)]
    backend: Option<RawBackend>,
    #[serde(default)]
    publish_mode: Option<String>,
    #[serde(default)]
    script: Option<String>,
    #[serde(default)]
    yaml_script: Option<String>,
    #[serde(default)]
    language: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBackend {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    repo: Option<String>,
    #[serde(default)]
    branch: Option<String>,
    #[serde(default)]
    api_root: Option<String>,
}

/// The editor's program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmsApp {
    Decap,
    Sveltia,
}

impl CmsApp {
    /// Where the app's script is published (its npm package on a public CDN), used unless
    /// `script:` names another.
    pub fn published_script(self) -> &'static str {
        match self {
            CmsApp::Decap => "https://unpkg.com/decap-cms@^3.0.0/dist/decap-cms.js",
            CmsApp::Sveltia => "https://unpkg.com/@sveltia/cms/dist/sveltia-cms.js",
        }
    }

    /// Where js-yaml is published, which Decap's admin page uses to read and write the data
    /// files as lists (`yaml_script:` names another).
    pub fn published_yaml_script(self) -> &'static str {
        "https://unpkg.com/js-yaml@4.1.0/dist/js-yaml.min.js"
    }

    pub fn name(self) -> &'static str {
        match self {
            CmsApp::Decap => "Decap CMS",
            CmsApp::Sveltia => "Sveltia CMS",
        }
    }
}

/// The git hosts both apps commit through, as they name them.
pub const BACKENDS: [&str; 4] = ["github", "gitlab", "gitea", "git-gateway"];

/// The checked `cms:` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Cms {
    pub app: CmsApp,
    /// One of [`BACKENDS`].
    pub backend: String,
    /// `owner/name`; none for `git-gateway`, which knows its repository.
    pub repo: Option<String>,
    pub branch: String,
    /// The API of a self-hosted GitLab or Gitea (`https://git.example.org/api/v1`).
    pub api_root: Option<String>,
    /// Whether changes go through drafts and review (`publish_mode: editorial_workflow`).
    pub editorial_workflow: bool,
    /// The address of the app's script, as the admin page writes it: a path of the site
    /// (`admin/decap-cms.js`, relative to the site's root), or a web address.
    pub script: Option<String>,
    /// The same for js-yaml, with which Decap's admin page reads and writes the data files.
    pub yaml_script: Option<String>,
    /// The editor's language: the app's interface and the names of countries, statuses,
    /// donors, partners and themes in its lists. One of the site's languages.
    pub language: String,
    /// Set by `serve --cms`, never by `site.yaml`: the address of the local backend (Decap's
    /// `decap-server`) that the served editor saves through.
    pub local_backend: Option<String>,
}

/// Where the block's errors go, each at its item's line.
struct Errors<'a> {
    fields: &'a yaml::Fields,
    list: &'a mut Vec<Diagnostic>,
}

impl Errors<'_> {
    /// An error about `item`, the path under `cms` (`backend.repo`), at `written` after its
    /// last word if given, else at that word, else at the block.
    fn at(&mut self, item: &str, written: Option<&str>, message: String, hint: &str) {
        let key = item.rsplit('.').next().unwrap_or(item);
        let fields = self.fields;
        let place = written
            .filter(|w| !w.is_empty())
            .and_then(|w| fields.token_place_after("cms", key, w))
            .or_else(|| fields.token_place("cms", key))
            .or_else(|| fields.value_place("cms"));
        self.list.push(
            fields
                .error_at("cms", place, message)
                .field(format!("cms.{item}"))
                .hint(hint),
        );
    }
}

/// Checks `cms:`; `languages` are the site's.
pub(super) fn check(
    raw: RawCms,
    languages: &[String],
    fields: &yaml::Fields,
    errors: &mut Vec<Diagnostic>,
) -> Option<Cms> {
    let before = errors.len();
    let mut e = Errors {
        fields,
        list: errors,
    };
    let app = app(raw.app.as_deref(), &mut e);
    let Some(raw_backend) = raw.backend else {
        e.at(
            "backend",
            None,
            "`cms` needs a `backend`: the git host the editor saves to".into(),
            "add `backend: {name: github, repo: owner/name, branch: main}` under `cms:`",
        );
        return None;
    };
    let backend = backend(raw_backend, &mut e);
    let editorial_workflow = match raw.publish_mode.as_deref().map(str::trim) {
        None | Some("simple") => false,
        Some("editorial_workflow") => true,
        Some(other) => {
            e.at(
                "publish_mode",
                Some(other),
                format!("`{other}` is not a publish mode"),
                "write `publish_mode: editorial_workflow` for drafts and review, or leave it out to save straight to the branch",
            );
            false
        }
    };
    let script = script_address(
        "script",
        raw.script.as_deref(),
        "admin/decap-cms.js",
        &mut e,
    );
    let yaml_script = script_address(
        "yaml_script",
        raw.yaml_script.as_deref(),
        "admin/js-yaml.min.js",
        &mut e,
    );
    let language = match raw.language.as_deref().map(str::trim) {
        None => languages.first().cloned().unwrap_or_default(),
        Some(l) if languages.iter().any(|s| s == l) => l.to_string(),
        Some(l) => {
            e.at(
                "language",
                Some(l),
                format!("`{l}` is not one of the site's languages"),
                &format!("write one of {}", languages.join(", ")),
            );
            String::new()
        }
    };
    (errors.len() == before).then_some(Cms {
        app,
        backend: backend.name,
        repo: backend.repo,
        branch: backend.branch,
        api_root: backend.api_root,
        editorial_workflow,
        script,
        yaml_script,
        language,
        local_backend: None,
    })
}

/// `script:` or `yaml_script:`: a path of the site (such as `example`) or a web address.
fn script_address(
    item: &str,
    written: Option<&str>,
    example: &str,
    e: &mut Errors,
) -> Option<String> {
    let s = written?.trim();
    if s.is_empty() || s.contains(char::is_whitespace) || s.contains(['"', '<', '>']) {
        e.at(
            item,
            Some(s),
            format!("`{s}` is not an address of a script"),
            &format!(
                "write a path of the site (`{example}`, a file of `static/`) or a web address"
            ),
        );
    }
    Some(s.to_string())
}

/// `app:`, Decap unless it says `sveltia`.
fn app(written: Option<&str>, e: &mut Errors) -> CmsApp {
    match written.map(str::trim) {
        None | Some("decap") => CmsApp::Decap,
        Some("sveltia") => CmsApp::Sveltia,
        Some(other) => {
            e.at(
                "app",
                Some(other),
                format!("`{other}` is not an editor fiche writes a configuration for"),
                "write `app: decap` (Decap CMS, the default) or `app: sveltia` (Sveltia CMS)",
            );
            CmsApp::Decap
        }
    }
}

/// The checked `backend:`.
struct Backend {
    name: String,
    repo: Option<String>,
    branch: String,
    api_root: Option<String>,
}

fn backend(raw: RawBackend, e: &mut Errors) -> Backend {
    let name = raw.name.as_deref().map(str::trim).unwrap_or_default();
    let known = BACKENDS.contains(&name);
    if !known {
        let message = if name.is_empty() {
            "`cms.backend` needs a `name`".to_string()
        } else {
            format!("`{name}` is not a backend fiche knows")
        };
        e.at(
            "backend.name",
            Some(name),
            message,
            "write `name:` github, gitlab, gitea or git-gateway",
        );
    }
    let repo = raw.repo.as_deref().map(str::trim).map(str::to_string);
    match &repo {
        Some(r) if !is_repo(r) => e.at(
            "backend.repo",
            Some(r),
            format!("`{r}` is not a repository"),
            "write the repository as `owner/name`, such as `agency/programmes`",
        ),
        None if known && name != "git-gateway" => e.at(
            "backend",
            None,
            format!("the `{name}` backend needs a `repo`"),
            "add `repo: owner/name` under `backend:`",
        ),
        _ => {}
    }
    let branch = raw.branch.as_deref().map(str::trim).unwrap_or("main");
    if branch.is_empty() || branch.contains(char::is_whitespace) {
        e.at(
            "backend.branch",
            Some(branch),
            format!("`{branch}` is not a branch name"),
            "write the branch the site is published from, such as `main`",
        );
    }
    let api_root = raw.api_root.as_deref().map(str::trim).map(str::to_string);
    if let Some(a) = &api_root
        && (!(a.starts_with("https://") || a.starts_with("http://"))
            || a.contains(char::is_whitespace))
    {
        e.at(
            "backend.api_root",
            Some(a),
            format!("`{a}` is not a web address"),
            "write the address of the host's API, such as `https://git.example.org/api/v1`",
        );
    }
    Backend {
        name: name.to_string(),
        repo,
        branch: branch.to_string(),
        api_root,
    }
}

/// `owner/name` (GitLab allows groups: `group/subgroup/name`), without spaces.
fn is_repo(r: &str) -> bool {
    let parts: Vec<&str> = r.split('/').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        })
}

#[cfg(test)]
mod tests {
    use super::is_repo;

    #[test]
    fn a_repository_is_owner_and_name() {
        assert!(is_repo("agency/programmes"));
        assert!(is_repo("group/sub/site.org"));
        assert!(!is_repo("programmes"));
        assert!(!is_repo("agency/"));
        assert!(!is_repo("agency/pro grammes"));
    }
}
