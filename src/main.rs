//! The `fiche` command.

/// mimalloc rather than the system allocator: rendering allocates on every core at once, and
/// glibc's allocator spent a sixth of a large build's time in locks and bookkeeping.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` (the C enum's value in the pinned version), and its default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const PURGE_DELAY_DEFAULT: std::ffi::c_long = 1000;
/// A day, in milliseconds: in effect mimalloc purges only when fiche asks it to.
const PURGE_WHEN_ASKED: std::ffi::c_long = 86_400_000;
// The enum as counted above: a mimalloc with other options fails to build here.
const _: () = assert!(libmimalloc_sys::_mi_option_last == 47);

fn main() -> std::process::ExitCode {
    // Memory freed is kept for the next allocation rather than handed back to the system a
    // second later: taking it back page by page cost a build of 10,000 programmes about
    // 4,800 faults of 2 MB pages zeroed anew (a second of system time, bench/README.md), and
    // `serve` a fifth of a one-edit rebuild. `serve` keeps the memory of its largest rebuild:
    // at 10,000 programmes x 3, purging after a second would give back ~130 MB after ten
    // saves (855 -> 701-751 MB) and slow its first build by seconds of faults ("Fourth
    // round"). A build that renders once hands back what is wholly free between its stages
    // instead (`fiche::pipeline::purge_on_request`, "Seventh round"). The delay is a day
    // (not "never", -1, under which mimalloc would not purge even when asked), and small
    // enough that mimalloc's arenas' ten times it fits a 32-bit `long`.
    // SAFETY: no other thread runs yet; the option is checked to be the one meant (it holds
    // its default) before it is set, and left alone if MIMALLOC_PURGE_DELAY set it.
    unsafe {
        if libmimalloc_sys::mi_option_get(PURGE_DELAY) == PURGE_DELAY_DEFAULT {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_WHEN_ASKED);
        }
    }
    fiche::pipeline::purge_on_request();
    fiche::cli::main()
}
