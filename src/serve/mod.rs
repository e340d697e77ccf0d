//! `fiche serve`: a preview server for editors.
//!
//! The site is built in memory and served from there, never from a half-written folder. A
//! watcher thread ([`watch`]) rebuilds what a saved file touches through the same
//! [`Session`](crate::pipeline::Session) `build` uses, swaps the new pages in, and tells the
//! open pages over server-sent events which pages changed; a small injected script reloads
//! the page if it is one of them, or shows the build's errors over it.

mod cms;
pub mod http;
mod translations;
mod watch;

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;
use tokio::sync::watch as signal;

use crate::diagnostic::Diagnostic;
use crate::pipeline::{BuildOptions, Changes, PagesFirst, Session, SiteFile, Update};

/// What the user asked for on the command line.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// Watch by polling, for file systems where notifications do not arrive.
    pub poll: bool,
    /// Host names the preview answers to besides localhost and IP addresses (`--allow-host`).
    pub allowed_hosts: Vec<String>,
    /// `--cms`: the editor at `/admin/` saves to the files on disk, and each page links to it.
    pub cms: bool,
}

/// The site as served: every file by output path, and the errors of the last build if it
/// failed (the files are then those of the last good build).
#[derive(Default)]
pub struct Snapshot {
    pub files: Files,
    pub errors: Option<String>,
    /// The path part of the base URL, such as `/` or `/fr/programmes/`.
    pub base_path: String,
    /// How the programmes' translations stand (`translations::PATH` shows it).
    pub translations: Arc<crate::model::translations::Table>,
}

/// What the open pages are told.
#[derive(Debug, Clone)]
pub enum Message {
    /// These output paths changed; `all` when every page should reload (CSS, theme, settings).
    Reload { paths: Vec<String>, all: bool },
    /// The last build failed: the diagnostics as text.
    Error(String),
    /// The errors are fixed.
    Fixed,
}

/// How the diagnostics of each rebuild are shown: given by the command line, which alone
/// prints them.
pub type Report = Arc<dyn Fn(&[Diagnostic]) + Send + Sync>;

/// State shared by the server and the watcher.
pub struct Shared {
    /// The site's folder: files copied from disk must stay inside it.
    pub root: PathBuf,
    report: Report,
    snapshot: RwLock<Arc<Snapshot>>,
    pub events: broadcast::Sender<Message>,
    /// The preview's address, as printed.
    pub url: String,
    /// Host names allowed besides localhost and IP addresses, without port, in lower case.
    pub allowed_hosts: Vec<String>,
    /// Whether pages get an "Edit" link to the editor (`--cms`).
    pub cms: bool,
    /// Set when the server stops: open live-reload streams end.
    stop: signal::Sender<bool>,
}

impl Shared {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(s) => Arc::clone(&s),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    pub fn stopping(&self) -> signal::Receiver<bool> {
        self.stop.subscribe()
    }

    pub fn stop(&self) {
        self.stop.send_replace(true);
    }

    fn replace(&self, snapshot: Snapshot) {
        let mut guard = match self.snapshot.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = Arc::new(snapshot);
    }
}

/// Renders diagnostics as the terminal shows them, without colours, for the overlay (the
/// first of each file, as `build` prints them).
fn error_text(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for block in crate::diagnostic::report(diagnostics, false) {
        out.push_str(&block);
        out.push('\n');
    }
    out
}

/// The files of a snapshot: a shared map, and what changed since it was made, so that a
/// rebuild that changes a few pages does not copy the paths of every file of a large site.
#[derive(Default, Clone)]
pub struct Files {
    base: Arc<BTreeMap<String, SiteFile>>,
    /// `None`: removed.
    changes: BTreeMap<String, Option<SiteFile>>,
}

/// How many changes a snapshot keeps beside its shared map before making a new one.
const MAX_CHANGES: usize = 4096;

impl Files {
    pub fn get(&self, path: &str) -> Option<&SiteFile> {
        match self.changes.get(path) {
            Some(change) => change.as_ref(),
            None => self.base.get(path),
        }
    }

    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.base.is_empty() && !self.changes.values().any(Option::is_some)
    }

    pub fn insert(&mut self, path: String, file: SiteFile) {
        self.changes.insert(path, Some(file));
    }

    fn remove(&mut self, path: &str) {
        self.changes.insert(path.to_string(), None);
    }

    /// Every file, by path.
    fn iter(&self) -> impl Iterator<Item = (&String, &SiteFile)> {
        let base = self
            .base
            .iter()
            .filter(|(path, _)| !self.changes.contains_key(*path));
        let changed = self
            .changes
            .iter()
            .filter_map(|(path, file)| file.as_ref().map(|f| (path, f)));
        base.chain(changed)
    }

    /// The same files, with the changes folded into a new shared map once they are many.
    fn settled(self) -> Files {
        if self.changes.len() <= MAX_CHANGES {
            return self;
        }
        Files::from(
            self.iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
        )
    }
}

impl From<BTreeMap<String, SiteFile>> for Files {
    fn from(map: BTreeMap<String, SiteFile>) -> Files {
        Files {
            base: Arc::new(map),
            changes: BTreeMap::new(),
        }
    }
}

/// Applies a successful update to what is served, and says what changed. The update's
/// outputs are moved into what is served, not copied.
fn apply(shared: &Shared, update: &mut Update, base_path: &str) -> Message {
    let previous = shared.snapshot();
    let mut files = if let Some(static_files) = &update.static_files {
        // Static files may have changed: theirs anew, with the pages kept.
        let mut map = static_files.clone();
        for (path, file) in previous.files.iter() {
            if matches!(file, SiteFile::Page(_)) && !update.removed.contains(path) {
                map.insert(path.clone(), file.clone());
            }
        }
        Files::from(map)
    } else {
        let mut files = previous.files.clone();
        for path in &update.removed {
            files.remove(path);
        }
        files
    };
    // Some outputs (feeds, data files, indexes) are made anew by every build: only those whose
    // bytes changed are news for the open pages.
    let mut paths: Vec<String> = Vec::new();
    for output in std::mem::take(&mut update.outputs) {
        let same = matches!(previous.files.get(&output.path), Some(SiteFile::Page(old)) if **old == output.bytes);
        if !same {
            paths.push(output.path.clone());
            files.insert(output.path, SiteFile::Page(Arc::new(output.bytes)));
        }
    }
    paths.extend(update.removed.iter().cloned());
    shared.replace(Snapshot {
        files: files.settled(),
        errors: None,
        base_path: base_path.to_string(),
        translations: Arc::clone(&update.translations),
    });
    Message::Reload {
        paths,
        all: update.everything,
    }
}

/// Builds (or rebuilds) and publishes the result; prints what happened.
pub fn rebuild(shared: &Shared, session: &mut Session, changes: &Changes, base_path: &str) {
    let started = Instant::now();
    let had_errors = shared.snapshot().errors.is_some();
    // The pages are served and told of before anything is printed: printing may fail (a
    // closed terminal) and must not keep a save from the pages.
    let mut pages_first = |mut update: Update| {
        let rendered = update.outputs.len();
        let message = apply(shared, &mut update, base_path);
        if had_errors {
            let _ = shared.events.send(Message::Fixed);
        }
        let _ = shared.events.send(message);
        (shared.report)(&update.warnings);
        say(format_args!(
            "Rebuilt {} of {} pages in {} ms",
            rendered,
            update.page_count,
            started.elapsed().as_millis()
        ));
    };
    // What is served already is not packed again (most of a search index made anew).
    let served = |path: &str, bytes: &[u8]| matches!(shared.snapshot().files.get(path), Some(SiteFile::Page(p)) if p.holds(bytes));
    let first = PagesFirst {
        pages: &mut pages_first,
        served: &served,
    };
    match session.rebuild_pages_first(changes, first) {
        Ok(mut late) => {
            // The sitemap, feeds, open data and search indexes, made after the pages, and
            // the translations table (the translations page reloads on every reload event).
            let remade = late.outputs.len();
            let news = remade > 0 || !late.removed.is_empty();
            let message = apply(shared, &mut late, base_path);
            let _ = shared.events.send(message);
            if news {
                say(format_args!(
                    "Remade {} files that show the whole site (sitemap, feeds, open data, search) in {} ms",
                    remade,
                    started.elapsed().as_millis()
                ));
            }
        }
        Err(diagnostics) => {
            show_errors(shared, error_text(&diagnostics));
            (shared.report)(&diagnostics);
            let _ = writeln!(
                std::io::stderr(),
                "The last good pages stay served; fix the errors above and save."
            );
        }
    }
}

/// Says that a rebuild panicked (a bug in fiche): in the terminal, after the panic's own
/// message, and over the open pages, which keep the last good build.
pub fn crashed(shared: &Shared) {
    let text = "fiche failed while rebuilding: this is a bug in fiche, not in the site; please \
                report it with the message printed in the terminal. Save a file to rebuild \
                everything.";
    show_errors(shared, text.to_string());
    let _ = writeln!(std::io::stderr(), "error: {text}");
}

/// Keeps the last good pages and shows `text` over them (and over pages opened later).
fn show_errors(shared: &Shared, text: String) {
    let previous = shared.snapshot();
    shared.replace(Snapshot {
        files: previous.files.clone(),
        errors: Some(text.clone()),
        base_path: previous.base_path.clone(),
        translations: Arc::clone(&previous.translations),
    });
    let _ = shared.events.send(Message::Error(text));
}

/// Prints a line of progress; a closed terminal is no reason to stop serving.
fn say(line: std::fmt::Arguments) {
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// Runs the preview server until Ctrl+C or SIGTERM, showing each rebuild's diagnostics with
/// `report`. A failure to start or to go on serving is returned.
pub fn run(options: ServeOptions, report: Report) -> Result<(), Diagnostic> {
    let site = options.root.display().to_string();
    let failure = move |message: String| Diagnostic::error(site.clone(), message);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| failure(format!("cannot start the server: {e}")))?;
    let served = runtime.block_on(async move {
        let address = SocketAddr::new(options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(address).await.map_err(|e| {
            failure(format!(
                "cannot listen on {address}: {e} (try another --port)"
            ))
        })?;
        let local = listener
            .local_addr()
            .map_err(|e| failure(format!("cannot read the server's address: {e}")))?;

        // Links in the preview point at the preview, under the site's own sub-path.
        // Events name absolute paths: work with the absolute root.
        let root = options.root.canonicalize().map_err(|e| {
            failure(format!(
                "cannot open the site's folder {}: {e}",
                options.root.display()
            ))
        })?;
        let base_path = crate::pipeline::base_path_of(&root).unwrap_or_else(|| "/".to_string());
        let host = if local.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else if local.ip().is_ipv6() {
            format!("[{}]", local.ip())
        } else {
            local.ip().to_string()
        };
        let url = format!("http://{host}:{}{base_path}", local.port());
        let mut build_options = BuildOptions::new(&root);
        build_options.base_url = Some(url.clone());
        build_options.drafts = true;
        // Kept until the server stops, which stops the local backend it started.
        let local_backend = options.cms.then(|| cms::start(&root));
        build_options.cms_local_backend = local_backend.as_ref().map(|b| b.url.clone());

        let (events, _) = broadcast::channel(64);
        let shared = Arc::new(Shared {
            root: root.clone(),
            report,
            snapshot: RwLock::new(Arc::new(Snapshot {
                base_path: base_path.clone(),
                ..Snapshot::default()
            })),
            events,
            url: url.clone(),
            allowed_hosts: options
                .allowed_hosts
                .iter()
                .filter_map(|h| http::host_name(h))
                .collect(),
            cms: options.cms,
            stop: signal::channel(false).0,
        });
        let mut session = Session::new(build_options.clone());
        rebuild(&shared, &mut session, &Changes::Everything, &base_path);

        let watcher = watch::spawn(
            Arc::clone(&shared),
            build_options,
            session,
            root,
            options.poll,
            base_path.clone(),
        )?;
        if !options.bind.is_loopback() {
            eprintln!(
                "warning: serving on {} makes the preview reachable from other machines; \
                 the default, 127.0.0.1, keeps it on this one",
                options.bind
            );
        }
        println!("Serving the site at {url} (drafts shown). Press Ctrl+C to stop.");
        if options.cms {
            println!("The editor is at {url}admin/");
        }
        let served = http::serve(listener, shared).await;
        drop(watcher);
        drop(local_backend);
        served
    });
    // Nothing left is worth waiting for: a rebuild under way, a file being read.
    runtime.shutdown_background();
    served
}
