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
    /// The editor's language: the app's interface and the names of countries, statuses,
    /// donors, partners and themes in its lists. One of the site's languages.
    pub language: String,
    /// Set by `serve --cms`, never by `site.yaml`: the address of the local backend (Decap's
    /// `decap-server`) that the served editor saves through.
    pub local_backend: Option<String>,
}

/// Checks `cms:`; `languages` are the site's.
pub(super) fn check(
    raw: RawCms,
    languages: &[String],
    fields: &yaml::Fields,
    errors: &mut Vec<Diagnostic>,
) -> Option<Cms> {
    let before = errors.len();
    let at = |item: &str, written: Option<&str>| {
        written
            .filter(|w| !w.is_empty())
            .and_then(|w| fields.token_place_after("cms", item, w))
            .or_else(|| fields.token_place("cms", item))
            .or_else(|| fields.value_place("cms"))
    };
    // `item` is the path under `cms` (`backend.repo`); its last word is looked for.
    let mut error = |item: &str, written: Option<&str>, message: String, hint: &str| {
        let key = item.rsplit('.').next().unwrap_or(item);
        errors.push(
            fields
                .error_at("cms", at(key, written), message)
                .field(format!("cms.{item}"))
                .hint(hint),
        );
    };
    let app = match raw.app.as_deref().map(str::trim) {
        None | Some("decap") => CmsApp::Decap,
        Some("sveltia") => CmsApp::Sveltia,
        Some(other) => {
            error(
                "app",
                Some(other),
                format!("`{other}` is not an editor fiche writes a configuration for"),
                "write `app: decap` (Decap CMS, the default) or `app: sveltia` (Sveltia CMS)",
            );
            CmsApp::Decap
        }
    };
    let Some(backend) = raw.backend else {
        error(
            "backend",
            None,
            "`cms` needs a `backend`: the git host the editor saves to".into(),
            "add `backend: {name: github, repo: owner/name, branch: main}` under `cms:`",
        );
        return None;
    };
    let name = backend.name.as_deref().map(str::trim).unwrap_or_default();
    if !BACKENDS.contains(&name) {
        let message = if name.is_empty() {
            "`cms.backend` needs a `name`".to_string()
        } else {
            format!("`{name}` is not a backend fiche knows")
        };
        error(
            "backend.name",
            Some(name),
            message,
            "write `name:` github, gitlab, gitea or git-gateway",
        );
    }
    let repo = backend.repo.as_deref().map(str::trim).map(str::to_string);
    match &repo {
        Some(r) if !is_repo(r) => error(
            "backend.repo",
            Some(r),
            format!("`{r}` is not a repository"),
            "write the repository as `owner/name`, such as `agency/programmes`",
        ),
        None if name != "git-gateway" && BACKENDS.contains(&name) => error(
            "backend",
            None,
            format!("the `{name}` backend needs a `repo`"),
            "add `repo: owner/name` under `backend:`",
        ),
        _ => {}
    }
    let branch = backend
        .branch
        .as_deref()
        .map(str::trim)
        .unwrap_or("main")
        .to_string();
    if branch.is_empty() || branch.contains(char::is_whitespace) {
        error(
            "backend.branch",
            Some(&branch),
            format!("`{branch}` is not a branch name"),
            "write the branch the site is published from, such as `main`",
        );
    }
    let api_root = backend
        .api_root
        .as_deref()
        .map(str::trim)
        .map(str::to_string);
    if let Some(a) = &api_root
        && (!(a.starts_with("https://") || a.starts_with("http://"))
            || a.contains(char::is_whitespace))
    {
        error(
            "backend.api_root",
            Some(a),
            format!("`{a}` is not a web address"),
            "write the address of the host's API, such as `https://git.example.org/api/v1`",
        );
    }
    let editorial_workflow = match raw.publish_mode.as_deref().map(str::trim) {
        None | Some("simple") => false,
        Some("editorial_workflow") => true,
        Some(other) => {
            error(
                "publish_mode",
                Some(other),
                format!("`{other}` is not a publish mode"),
                "write `publish_mode: editorial_workflow` for drafts and review, or leave it out to save straight to the branch",
            );
            false
        }
    };
    let script = raw.script.as_deref().map(str::trim).map(str::to_string);
    if let Some(s) = &script
        && (s.is_empty() || s.contains(char::is_whitespace) || s.contains(['"', '<', '>']))
    {
        error(
            "script",
            Some(s),
            format!("`{s}` is not an address of a script"),
            "write a path of the site (`admin/decap-cms.js`, a file of `static/`) or a web address",
        );
    }
    let language = match raw.language.as_deref().map(str::trim) {
        None => languages.first().cloned().unwrap_or_default(),
        Some(l) if languages.iter().any(|s| s == l) => l.to_string(),
        Some(l) => {
            error(
                "language",
                Some(l),
                format!("`{l}` is not one of the site's languages"),
                &format!("write one of {}", languages.join(", ")),
            );
            String::new()
        }
    };
    (errors.len() == before).then(|| Cms {
        app,
        backend: name.to_string(),
        repo,
        branch,
        api_root,
        editorial_workflow,
        script,
        language,
        local_backend: None,
    })
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
