//! Watching the site's files and rebuilding what changed.
//!
//! Events from the file system (native notifications, or polling with `--poll`) are
//! debounced briefly, so that an editor's write-to-temporary-then-rename or a `git checkout`
//! of many files arrives as one batch. While a rebuild runs, new events queue up; the next
//! rebuild takes them all, so the last state on disk always wins.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};

use crate::pipeline::{Changes, Session};
use crate::serve::{Shared, rebuild};

/// The folders whose files feed the site, watched recursively; `site.yaml` sits at the root.
pub const WATCHED: [&str; 5] = ["content", "data", "i18n", "static", "themes"];

/// How long the file system must be quiet before a batch of events is taken.
const DEBOUNCE: Duration = Duration::from_millis(15);
const POLL_INTERVAL: Duration = Duration::from_millis(200);

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

fn watch_all(watcher: &mut Watcher, root: &Path) {
    // The root alone, to see site.yaml and folders appearing; each folder recursively.
    let _ = watcher.watch(root, RecursiveMode::NonRecursive);
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            let _ = watcher.watch(&path, RecursiveMode::Recursive);
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

/// Takes every batch already waiting, after the first.
fn drain(receiver: &Receiver<DebounceEventResult>, mut paths: Vec<PathBuf>) -> Vec<PathBuf> {
    loop {
        match receiver.recv_timeout(Duration::from_millis(1)) {
            Ok(more) => paths.extend(paths_of(more)),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => return paths,
        }
    }
}

/// Starts watching `root` and rebuilding into `shared` on a thread of its own.
pub fn spawn(
    shared: Arc<Shared>,
    mut session: Session,
    root: PathBuf,
    poll: bool,
    base_path: String,
) -> Result<Handle, String> {
    let (sender, receiver) = mpsc::channel::<DebounceEventResult>();
    let mut watcher = if poll {
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
        Watcher::Poll(
            new_debouncer_opt::<_, PollWatcher, NoCache>(DEBOUNCE, None, sender, NoCache, config)
                .map_err(|e| format!("cannot watch the site's files by polling: {e}"))?,
        )
    } else {
        Watcher::Native(new_debouncer(DEBOUNCE, None, sender).map_err(|e| {
            format!("cannot watch the site's files: {e} (try `fiche serve --poll`)")
        })?)
    };
    watch_all(&mut watcher, &root);
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
                // Folders may have been deleted and created again: watch them anew.
                watch_all(&mut watcher, &root);
                let changes = Changes::from_paths(&root, relevant_paths);
                rebuild(&shared, &mut session, &changes, &base_path);
            }
        })
        .map_err(|e| format!("cannot start the watcher: {e}"))?;
    Ok(Handle { _thread: thread })
}
