//! `fiche serve`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use crate::serve::{self, ServeOptions};

pub fn run(root: PathBuf, bind: IpAddr, port: u16, poll: bool) -> ExitCode {
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
