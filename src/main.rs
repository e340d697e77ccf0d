//! The `fiche` command.

/// mimalloc rather than the system allocator: rendering allocates on every core at once, and
/// glibc's allocator spent a sixth of a large build's time in locks and bookkeeping.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    fiche::cli::main()
}
