//! `fiche serve`.

use std::net::IpAddr;
use std::process::ExitCode;
use std::sync::Arc;

use crate::cli::RootArg;
use crate::serve::{self, ServeOptions};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// The port to listen on; 0 picks a free one (printed).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on. The default keeps the preview on this machine.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Watch files by polling, for file systems where change notifications do not arrive.
    #[arg(long)]
    poll: bool,
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        root: RootArg { root },
        port,
        bind,
        poll,
    } = args;
    let options = ServeOptions {
        root,
        bind,
        port,
        poll,
    };
    match serve::run(options, Arc::new(super::print_diagnostics)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            super::print_diagnostics(&[failure]);
            ExitCode::from(1)
        }
    }
}
