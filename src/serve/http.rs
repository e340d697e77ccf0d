//! The HTTP side of `serve`: files of the built site from memory, the live-reload script and
//! its event stream. Only files of the built site are ever served: a request path is decoded,
//! refused if it tries to climb (`..`, backslashes, NUL), and looked up in the site's own
//! list of files; files copied from disk must stay inside the site's folder.

use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::task::JoinSet;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::{BroadcastStream, WatchStream};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::diagnostic::Diagnostic;
use crate::pipeline::SiteFile;
use crate::serve::{Message, Shared, Snapshot, translations};

const SCRIPT_PATH: &str = "/__fiche/livereload.js";
const EVENTS_PATH: &str = "/__fiche/events";

/// How long a client may take to send a request's headers, and so how long an idle
/// keep-alive connection is kept. The live-reload stream is a response being sent, not an
/// idle connection: it is not cut by this, and sends a comment every 15 s.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long open connections get to finish after Ctrl+C before the server stops anyway.
const GRACE: Duration = Duration::from_secs(1);

/// Ctrl+C (SIGINT) or SIGTERM. Listening starts when this is made, so a signal that comes
/// while the server is busy is not lost.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> Result<Signals, String> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let listen = |kind| signal(kind).map_err(|e| format!("cannot listen for Ctrl+C: {e}"));
            Ok(Signals {
                interrupt: listen(SignalKind::interrupt())?,
                terminate: listen(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    async fn next(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn app(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .route(translations::PATH, get(translations_page))
        .fallback(get(site_file))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            check_host,
        ))
        .with_state(shared)
}

/// Serves until Ctrl+C or SIGTERM. Then the live-reload streams are ended, open connections
/// get [`GRACE`] to finish, and the server stops, at once on a second signal.
pub async fn serve(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
) -> Result<(), Diagnostic> {
    let mut signals = Signals::new()
        .map_err(|message| Diagnostic::error(shared.root.display().to_string(), message))?;
    let app = app(Arc::clone(&shared));
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    connections.spawn(connection(stream, app.clone(), shared.stopping()));
                }
                // Out of file descriptors, or a connection reset before it was taken: the
                // listener itself is fine; wait a little rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            () = signals.next() => break,
        }
    }
    shared.stop();
    let drained = async { while connections.join_next().await.is_some() {} };
    tokio::select! {
        () = drained => {}
        () = tokio::time::sleep(GRACE) => {}
        () = signals.next() => {}
    }
    // Dropping the set ends the connections still open.
    Ok(())
}

/// One connection, with hyper's header read timeout (axum's own `serve` sets none).
async fn connection(
    stream: tokio::net::TcpStream,
    app: Router,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) {
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = stopping.wait_for(|stop| *stop) => conn.as_mut().graceful_shutdown(),
    }
    let _ = conn.await;
}

/// The host a request was addressed to, without its port, in lower case: the `Host` header,
/// or the authority of an absolute-form request line. `None` when it has none.
pub fn host_name(authority: &str) -> Option<String> {
    let authority = authority.trim();
    let name = if let Some(rest) = authority.strip_prefix('[') {
        // An IPv6 address: `[::1]:1111`.
        let end = rest.find(']')?;
        return Some(format!("[{}]", rest[..end].to_ascii_lowercase()));
    } else {
        match authority.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => authority,
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    (!name.is_empty()).then_some(name)
}

/// Whether the preview may answer a request addressed to `name` (see [`host_name`]). DNS
/// rebinding needs a name the attacker controls: an IP address, `localhost` and names under
/// `.localhost` (which browsers resolve to this machine themselves) cannot be rebound. Other
/// names only when given with `--allow-host`.
pub fn host_allowed(name: &str, allowed: &[String]) -> bool {
    let address = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name);
    address.parse::<IpAddr>().is_ok()
        || name == "localhost"
        || name.ends_with(".localhost")
        || allowed.iter().any(|a| a == name)
}

/// Refuses requests addressed to a name that is not this machine's (see [`host_allowed`]).
async fn check_host(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let mut asked = request
        .headers()
        .get_all(header::HOST)
        .iter()
        .map(|h| h.to_str().unwrap_or("").to_string())
        .collect::<Vec<_>>();
    if let Some(authority) = request.uri().authority() {
        asked.push(authority.as_str().to_string());
    }
    let refused = asked.is_empty().then(String::new).or_else(|| {
        asked
            .into_iter()
            .find(|a| !host_name(a).is_some_and(|name| host_allowed(&name, &shared.allowed_hosts)))
    });
    match refused {
        None => next.run(request).await,
        Some(asked) => {
            let name = host_name(&asked).unwrap_or_default();
            let text = format!(
                "fiche serve refused this request: it was addressed to {}, and the preview \
                 answers only requests addressed to localhost or to an IP address, so that a \
                 page of another site cannot read it (DNS rebinding).\n\
                 Open {} instead{}.\n",
                if asked.is_empty() {
                    "no host".to_string()
                } else {
                    format!("`{asked}`")
                },
                shared.url,
                if name.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", or, to reach the preview under that name (through a proxy or a \
                         tunnel), start it with `fiche serve --allow-host {name}`"
                    )
                }
            );
            (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                text,
            )
                .into_response()
        }
    }
}

fn to_event(message: &Message) -> Event {
    match message {
        Message::Reload { paths, all } => Event::default()
            .event("reload")
            .data(serde_json::json!({ "paths": paths, "all": all }).to_string()),
        Message::Error(text) => Event::default()
            .event("error")
            .data(serde_json::json!({ "message": text }).to_string()),
        Message::Fixed => Event::default().event("fixed").data("{}"),
    }
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let receiver = shared.events.subscribe();
    // A page opened while the site is broken shows the errors at once.
    let first: Vec<Message> = shared
        .snapshot()
        .errors
        .clone()
        .map(Message::Error)
        .into_iter()
        .collect();
    // When the server stops, the stream ends, so that stopping need not wait for the page.
    let stop = WatchStream::new(shared.stopping())
        .filter(|stop| *stop)
        .map(|_| None);
    let stream = tokio_stream::iter(first)
        // A page that fell behind (64 messages) may have missed news: it reloads.
        .chain(BroadcastStream::new(receiver).map(|m| {
            m.unwrap_or(Message::Reload {
                paths: Vec::new(),
                all: true,
            })
        }))
        .map(Some)
        .merge(stop)
        .map_while(|m| m.map(|m| Ok(to_event(&m))));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn script(State(shared): State<Arc<Shared>>) -> Response {
    let base = shared.snapshot().base_path.clone();
    let body = LIVE_RELOAD
        .replace(
            "__BASE_PATH__",
            &serde_json::to_string(&base).unwrap_or_else(|_| "\"/\"".into()),
        )
        .replace("__CMS__", if shared.cms { "true" } else { "false" });
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The table of translations, as of the last good build.
async fn translations_page(State(shared): State<Arc<Shared>>) -> Response {
    let html = translations::page(&shared.snapshot().translations, &shared.root);
    respond(StatusCode::OK, "translations.html", html.into_bytes(), None)
}

/// Decodes `%XX` escapes; `None` for malformed ones or bytes that are not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// What a request path names in the site: a file path relative to the output root, or a
/// folder to redirect to (with a trailing slash). `None` when it is not a safe path inside
/// the base path.
enum Target {
    File(String),
    Redirect(String),
}

fn resolve(raw: &str, snapshot: &Snapshot) -> Option<Target> {
    let path = percent_decode(raw)?;
    if path.contains('\\') || path.contains('\0') {
        return None;
    }
    if path
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return None;
    }
    let base = snapshot.base_path.as_str();
    if path == base.trim_end_matches('/') && base != "/" {
        return Some(Target::Redirect(base.to_string()));
    }
    let rel = path.strip_prefix(base)?;
    if rel.starts_with('/') {
        return None;
    }
    if rel.is_empty() || rel.ends_with('/') {
        return Some(Target::File(format!("{rel}index.html")));
    }
    if !snapshot.files.contains_key(rel)
        && snapshot.files.contains_key(&format!("{rel}/index.html"))
    {
        return Some(Target::Redirect(format!("{path}/")));
    }
    Some(Target::File(rel.to_string()))
}

fn content_type(path: &str) -> String {
    if path.ends_with(".html") {
        return "text/html; charset=utf-8".into();
    }
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ if mime.subtype() == mime_guess::mime::JSON
            || mime.subtype() == mime_guess::mime::XML =>
        {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    }
}

/// Adds the live-reload script to an HTML page; for a fact sheet under `serve --cms`, with
/// the slug of its entry in the editor (its file's name, whatever its page's `slug:`).
fn inject(html: &[u8], entry: Option<&str>) -> Vec<u8> {
    let tag = match entry {
        Some(slug) => format!(
            "<script src=\"{SCRIPT_PATH}\" data-entry=\"{}\"></script>",
            html_escape::encode_double_quoted_attribute(slug)
        ),
        None => format!("<script src=\"{SCRIPT_PATH}\"></script>"),
    };
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => {
            let mut out = String::with_capacity(text.len() + tag.len());
            out.push_str(&text[..at]);
            out.push_str(&tag);
            out.push_str(&text[at..]);
            out.into_bytes()
        }
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// A page for when there is nothing to show yet (the first build failed) or no 404 page.
fn bare_page(title: &str) -> Vec<u8> {
    inject(
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
             <body><main><h1>{title}</h1></main></body></html>"
        )
        .as_bytes(),
        None,
    )
}

async fn read(file: &SiteFile, root: &std::path::Path) -> Option<Vec<u8>> {
    match file {
        SiteFile::Page(packed) => packed.unpack(),
        SiteFile::Builtin(bytes) => Some(bytes.to_vec()),
        SiteFile::Disk(path) => {
            // A static file may be a link; never follow one out of the site's folder.
            let real = tokio::fs::canonicalize(path).await.ok()?;
            let root = tokio::fs::canonicalize(root).await.ok()?;
            if !real.starts_with(&root) {
                return None;
            }
            tokio::fs::read(real).await.ok()
        }
    }
}

fn respond(status: StatusCode, path: &str, bytes: Vec<u8>, entry: Option<&str>) -> Response {
    let body = if path.ends_with(".html") {
        inject(&bytes, entry)
    } else {
        bytes
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    if let Ok(value) = HeaderValue::from_str(&content_type(path)) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// The site's 404 page in the language of the address asked for (`<lang>/404.html` for an
/// address under `<lang>/`), as the README tells hosts to do, else the root one.
async fn not_found(snapshot: &Snapshot, root: &std::path::Path, asked: &str) -> Response {
    let in_language = asked
        .strip_prefix(snapshot.base_path.as_str())
        .and_then(|rel| rel.split_once('/'))
        .map(|(first, _)| format!("{first}/404.html"))
        .and_then(|path| snapshot.files.get(&path));
    let page = match in_language.or_else(|| snapshot.files.get("404.html")) {
        Some(file) => read(file, root).await,
        None => None,
    };
    let bytes = page.unwrap_or_else(|| b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><main><h1>Not found</h1></main></body></html>".to_vec());
    respond(StatusCode::NOT_FOUND, "404.html", bytes, None)
}

async fn site_file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let snapshot = shared.snapshot();
    let root = shared.root.clone();
    if snapshot.files.is_empty() {
        // Nothing built yet: the first build failed. Show its errors over an empty page.
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            bare_page("The site could not be built"),
        )
            .into_response();
    }
    match resolve(uri.path(), &snapshot) {
        Some(Target::Redirect(to)) => {
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response()
        }
        Some(Target::File(rel)) => match snapshot.files.get(&rel) {
            Some(file) => match read(file, &root).await {
                Some(bytes) => {
                    let entry = shared.cms.then(|| entry_of(&snapshot, &rel)).flatten();
                    respond(StatusCode::OK, &rel, bytes, entry)
                }
                None => not_found(&snapshot, &root, uri.path()).await,
            },
            None => not_found(&snapshot, &root, uri.path()).await,
        },
        None => not_found(&snapshot, &root, uri.path()).await,
    }
}

/// The programme whose page is at output path `rel` (`es/programas/pacto-el/index.html`):
/// its slug, which names its entry in the editor.
fn entry_of<'a>(snapshot: &'a Snapshot, rel: &str) -> Option<&'a str> {
    let page = rel.strip_suffix("index.html")?;
    snapshot
        .translations
        .programmes
        .iter()
        .find(|row| row.versions.iter().any(|v| v.page.as_deref() == Some(page)))
        .map(|row| row.slug.as_str())
}

/// The script injected into every page: reloads it when it changed, shows build errors.
const LIVE_RELOAD: &str = r#"(function () {
  "use strict";
  var base = __BASE_PATH__;
  var overlay = null;
  // Read now: `document.currentScript` is only set while the script first runs.
  var entrySlug = document.currentScript && document.currentScript.getAttribute("data-entry");
  function currentFile() {
    var path = decodeURIComponent(location.pathname);
    if (path.indexOf(base) === 0) { path = path.slice(base.length); }
    if (path === "" || path.charAt(path.length - 1) === "/") { path += "index.html"; }
    return path;
  }
  function showErrors(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.setAttribute("role", "alert");
      overlay.id = "fiche-error-overlay";
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.94);color:#fff;padding:2rem;font:14px/1.5 monospace";
      var title = document.createElement("p");
      title.textContent = "fiche: the site has errors. The page below is the last good version.";
      title.style.cssText = "font-weight:bold;color:#ffb4a8;margin:0 0 1rem";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      overlay.appendChild(title);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.lastChild.textContent = text;
  }
  function hideErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  var source = new EventSource("/__fiche/events");
  source.addEventListener("reload", function (e) {
    var data = JSON.parse(e.data);
    var table = location.pathname === "/__fiche/translations";
    if (table || data.all || data.paths.indexOf(currentFile()) !== -1) { location.reload(); }
  });
  source.addEventListener("error", function (e) {
    if (e.data) { showErrors(JSON.parse(e.data).message); }
  });
  source.addEventListener("fixed", hideErrors);
  // serve --cms: a link to the page's entry in the editor (a fact sheet's, whose slug the
  // server gives its script tag), else to the editor.
  if (__CMS__ && location.pathname.indexOf(base + "admin/") !== 0) {
    var entry = entrySlug ? "collections/programmes/entries/" + encodeURIComponent(entrySlug) : "";
    var edit = document.createElement("a");
    edit.id = "fiche-edit";
    edit.href = base + "admin/#/" + entry;
    edit.textContent = "Edit";
    edit.style.cssText = "position:fixed;right:1rem;bottom:1rem;z-index:2147483646;" +
      "background:#1a1a1a;color:#fff;padding:.5rem 1rem;border-radius:.25rem;font:bold 1rem sans-serif";
    document.body.appendChild(edit);
  }
  var link = document.createElement("a");
  link.href = "/__fiche/translations";
  link.textContent = "Translations";
  link.id = "fiche-translations-link";
  link.style.cssText = "position:fixed;bottom:.5rem;inset-inline-start:.5rem;z-index:2147483646;" +
    "background:#222;color:#fff;padding:.3rem .6rem;border-radius:.3rem;font:13px/1.4 sans-serif";
  document.body.appendChild(link);
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(base: &str) -> Snapshot {
        let mut s = Snapshot {
            base_path: base.to_string(),
            ..Snapshot::default()
        };
        for path in ["index.html", "fr/index.html", "css/fiche.css"] {
            s.files.insert(path.to_string(), SiteFile::Builtin(b""));
        }
        s
    }

    fn file(raw: &str, s: &Snapshot) -> Option<String> {
        match resolve(raw, s) {
            Some(Target::File(f)) => Some(f),
            _ => None,
        }
    }

    #[test]
    fn paths_map_to_files_under_the_base_path() {
        let s = snapshot("/");
        assert_eq!(file("/", &s).as_deref(), Some("index.html"));
        assert_eq!(file("/fr/", &s).as_deref(), Some("fr/index.html"));
        assert!(matches!(resolve("/fr", &s), Some(Target::Redirect(to)) if to == "/fr/"));
        let sub = snapshot("/coop/programmes/");
        assert_eq!(
            file("/coop/programmes/fr/", &sub).as_deref(),
            Some("fr/index.html")
        );
        assert!(matches!(
            resolve("/coop/programmes", &sub),
            Some(Target::Redirect(_))
        ));
        assert!(resolve("/fr/", &sub).is_none());
    }

    #[test]
    fn climbing_paths_are_refused() {
        let s = snapshot("/");
        for raw in [
            "/../etc/passwd",
            "/fr/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/fr/%2e%2e%2f%2e%2e/x",
            "/..%5c..%5cx",
            "/a\\b",
            "/%00",
            "//etc/passwd",
            "/%zz",
        ] {
            assert!(file(raw, &s).is_none(), "{raw} was accepted");
        }
    }

    #[test]
    fn only_names_that_cannot_be_rebound_are_answered() {
        let allowed = |authority: &str| {
            host_name(authority)
                .is_some_and(|name| host_allowed(&name, &["preview.example".to_string()]))
        };
        for ok in [
            "localhost",
            "LOCALHOST:1111",
            "localhost.:1111",
            "docs.localhost:1111",
            "127.0.0.1:1111",
            "192.168.1.20",
            "[::1]:1111",
            "[fe80::1]",
            "preview.example:8080",
            "Preview.Example",
        ] {
            assert!(allowed(ok), "{ok} was refused");
        }
        for refused in [
            "",
            ":1111",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "2130706433",
            "[::1",
            "preview.example.evil.example",
        ] {
            assert!(!allowed(refused), "{refused} was answered");
        }
    }

    #[test]
    fn the_script_is_added_before_the_end_of_the_body() {
        let out =
            String::from_utf8(inject(b"<html><body><p>x</p></body></html>", None)).expect("utf-8");
        assert!(out.ends_with("<script src=\"/__fiche/livereload.js\"></script></body></html>"));
    }

    #[test]
    fn content_types_carry_a_charset_for_text() {
        assert_eq!(content_type("fr/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("css/fiche.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("images/a.svg"), "image/svg+xml");
        assert_eq!(
            content_type("data/programmes.json"),
            "application/json; charset=utf-8"
        );
    }
}
