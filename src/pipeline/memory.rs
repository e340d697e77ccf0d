//! What the allocator keeps between the stages of a build.
//!
//! `fiche` keeps the memory it frees for its next allocation (see `main.rs`): handing it
//! back a page at a time as it is freed cost a large build seconds of system time. What one
//! stage frees is not all taken again by the next, though, and a build's peak is what every
//! stage left behind plus what the next one holds. So a build that renders once asks the
//! allocator, on every thread, to hand back the pages left wholly free at a few points:
//! after the model, in the plan and before the render (at 30,000 programmes x 3 its peak
//! went from ~482 to ~452 MB; bench/README.md, "Seventh round"). `serve` does not: it
//! would fault the same pages back in at the next edit.

use std::sync::atomic::{AtomicBool, Ordering};

/// The allocator is mimalloc with its purges left to [`between_stages`] (set by `main`).
static ON_REQUEST: AtomicBool = AtomicBool::new(false);
/// The build now running renders once (set by the session).
static ONCE: AtomicBool = AtomicBool::new(false);

/// Says that the global allocator is mimalloc and that it purges only when asked.
pub fn purge_on_request() {
    ON_REQUEST.store(true, Ordering::Relaxed);
}

/// Whether the build now running renders once (a session sets it as it starts a build).
pub(crate) fn set_once(once: bool) {
    ONCE.store(once, Ordering::Relaxed);
}

/// Hands the pages left wholly free back to the system, on rayon's threads and this one,
/// when the build renders once and the allocator purges on request; otherwise does nothing.
pub(crate) fn between_stages() {
    if !(ON_REQUEST.load(Ordering::Relaxed) && ONCE.load(Ordering::Relaxed)) {
        return;
    }
    // SAFETY: `mi_collect` only frees what mimalloc itself holds free; `ON_REQUEST` says
    // mimalloc is the allocator.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}
