//! `fiche serve`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::serve::{self, ServeOptions};

pub fn run(root: PathBuf, bind: IpAddr, port: u16, poll: bool) -> ExitCode {
    match serve::run(ServeOptions {
        root,
        bind,
        port,
        poll,
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}
