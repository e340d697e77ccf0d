//! Watching the site's files and rebuilding what changed.
//!
//! Events from the file system (native notifications, or polling with `--poll`) are
//! debounced briefly, so that an editor's write-to-temporary-then-rename arrives as one
//! batch. While a rebuild runs, new events queue up (the rest of a `git checkout` of many
//! files); the next rebuild takes them all, so the last state on disk always wins.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};

use crate::diagnostic::Diagnostic;
use crate::domain::folders;
use crate::pipeline::{BuildOptions, Changes, Session};
use crate::serve::{Shared, crashed, rebuild};

/// The folders whose files feed the site, watched recursively; `site.yaml` sits at the root.
pub const WATCHED: [&str; 5] = [
    folders::CONTENT,
    folders::DATA,
    folders::I18N,
    folders::STATIC,
    folders::THEMES,
];

/// How long after an event it is taken, with those about the same file that followed it: an
/// editor's save (write a temporary file, rename it) takes well under a millisecond, and
/// this wait is part of every save's time to reload.
const DEBOUNCE: Duration = Duration::from_millis(6);
/// How often the debouncer looks for events old enough (its default, a quarter of
/// [`DEBOUNCE`], would wake the watcher 700 times a second while idle).
const TICK: Duration = Duration::from_millis(2);
const POLL_INTERVAL: Duration = Duration::from_millis(250);

enum Watcher {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Watcher {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Watcher::Native(d) => d.watch(path, mode),
            Watcher::Poll(d) => d.watch(path, mode),
        }
    }
}

/// Keeps the watcher thread alive; dropping it ends nothing (the process exits with main).
pub struct Handle {
    _thread: std::thread::JoinHandle<()>,
}

/// Watches the root alone (to see site.yaml and folders appearing) and each folder of
/// [`WATCHED`] recursively. Called again after changes: a folder deleted and created again
/// needs a new native watch. A polling watcher keeps scanning a folder that disappears and
/// comes back, and watching again would reset what it compares with, so it only adds
/// folders it does not watch yet.
fn watch_all(watcher: &mut Watcher, root: &Path, watched: &mut Vec<PathBuf>) {
    let polling = matches!(watcher, Watcher::Poll(_));
    let mut targets = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    targets.extend(
        WATCHED
            .iter()
            .map(|d| (root.join(d), RecursiveMode::Recursive)),
    );
    for (path, mode) in targets {
        if !path.is_dir() || (polling && watched.contains(&path)) {
            continue;
        }
        if watcher.watch(&path, mode).is_ok() && !watched.contains(&path) {
            watched.push(path);
        }
    }
}

/// Whether a path can affect the site.
fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components();
    match parts
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
    {
        Some(first) if first == "site.yaml" => true,
        Some(first) => WATCHED.contains(&first.as_str()),
        None => false,
    }
}

fn paths_of(result: DebounceEventResult) -> Vec<PathBuf> {
    match result {
        // Reading files is an event too (opening them): only changes count, or every
        // rebuild would set off the next.
        Ok(events) => events
            .into_iter()
            .filter(|e| {
                !matches!(
                    e.event.kind,
                    EventKind::Access(_)
                        | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
                )
            })
            .flat_map(|e| e.event.paths)
            .collect(),
        Err(errors) => {
            for e in errors {
                eprintln!("warning: watching files: {e}");
            }
            Vec::new()
        }
    }
}

/// Takes every batch already waiting, after the first (without waiting for more: the
/// debouncer already waited).
fn drain(receiver: &Receiver<DebounceEventResult>, mut paths: Vec<PathBuf>) -> Vec<PathBuf> {
    while let Ok(more) = receiver.try_recv() {
        paths.extend(paths_of(more));
    }
    paths
}

/// Starts watching `root` and rebuilding into `shared` on a thread of its own.
pub fn spawn(
    shared: Arc<Shared>,
    options: BuildOptions,
    mut session: Session,
    root: PathBuf,
    poll: bool,
    base_path: String,
) -> Result<Handle, Diagnostic> {
    let site = root.display().to_string();
    let failure = |message: String| Diagnostic::error(site.clone(), message);
    let (sender, receiver) = mpsc::channel::<DebounceEventResult>();
    let mut watcher = if poll {
        // Modification times are compared to the second: a file saved twice within one
        // second would be missed, so polling compares contents too.
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        Watcher::Poll(
            new_debouncer_opt::<_, PollWatcher, NoCache>(
                DEBOUNCE,
                Some(TICK),
                sender,
                NoCache,
                config,
            )
            .map_err(|e| failure(format!("cannot watch the site's files by polling: {e}")))?,
        )
    } else {
        Watcher::Native(new_debouncer(DEBOUNCE, Some(TICK), sender).map_err(|e| {
            failure(format!(
                "cannot watch the site's files: {e} (try `fiche serve --poll`)"
            ))
        })?)
    };
    let mut watched = Vec::new();
    watch_all(&mut watcher, &root, &mut watched);

    let thread = std::thread::Builder::new()
        .name("fiche-watch".into())
        .spawn(move || {
            while let Ok(first) = receiver.recv() {
                let paths = drain(&receiver, paths_of(first));
                let mut relevant_paths: Vec<PathBuf> =
                    paths.into_iter().filter(|p| relevant(&root, p)).collect();
                if relevant_paths.is_empty() {
                    continue;
                }
                relevant_paths.sort();
                relevant_paths.dedup();
                // A watched folder may have been deleted and created again: watch it anew.
                // Only events about the folders themselves, right under the root, can mean
                // that; watching again walks the whole folder (70 ms for 30,000 files), so
                // an edit inside one does not.
                if relevant_paths
                    .iter()
                    .any(|p| p.parent() == Some(root.as_path()))
                {
                    watch_all(&mut watcher, &root, &mut watched);
                }
                let changes = Changes::from_paths(&root, relevant_paths);
                let rebuilt = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    rebuild(&shared, &mut session, &changes, &base_path)
                }));
                if rebuilt.is_err() {
                    // A bug in fiche, not in the site. Keep watching, from a fresh session
                    // (the old one may be half updated): the next save rebuilds everything.
                    session = Session::new(options.clone());
                    crashed(&shared);
                }
            }
        })
        .map_err(|e| failure(format!("cannot start the watcher: {e}")))?;
    Ok(Handle { _thread: thread })
}
