//! The `fiche` command.

/// mimalloc rather than the system allocator: rendering allocates on every core at once, and
/// glibc's allocator spent a sixth of a large build's time in locks and bookkeeping.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` (the C enum's value in the pinned version), and its default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const PURGE_DELAY_DEFAULT: std::ffi::c_long = 1000;

/// `serve` keeps the memory its rebuilds free instead of handing it back to the system a
/// second later: each rebuild of a large site would otherwise take it back page by page, a
/// fifth of a one-edit rebuild at 10,000 programmes (measured in bench/README.md).
fn before_serve() {
    // SAFETY: called before `serve` starts any thread; the option is checked to be the one
    // meant (its default) before it is set.
    unsafe {
        if libmimalloc_sys::mi_option_get(PURGE_DELAY) == PURGE_DELAY_DEFAULT {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, -1);
        }
    }
}

fn main() -> std::process::ExitCode {
    fiche::cli::main(fiche::cli::Setup {
        serve: before_serve,
    })
}
