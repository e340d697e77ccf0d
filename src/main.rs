//! The `fiche` command.

fn main() -> std::process::ExitCode {
    fiche::cli::main()
}
