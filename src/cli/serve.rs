//! `fiche serve`.

use std::net::IpAddr;
use std::process::ExitCode;
use std::sync::Arc;

use crate::cli::{RootArg, print_diagnostics, report};
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
    /// Also answer requests addressed to this host name (a proxy's or a tunnel's); by
    /// default only localhost and IP addresses are answered. Repeatable.
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_host: Vec<String>,
    /// Serve the editor of `cms:` in site.yaml at /admin/, saving to the files on disk
    /// (through decap-server, started if found), with an "Edit" link on each page.
    #[arg(long)]
    cms: bool,
}

/// Exit code 0 when stopped by Ctrl+C or SIGTERM; 2 when there is no site to serve (no
/// `site.yaml`: a wrong folder, nothing an edit could fix while serving); 1 when the server
/// cannot start.
pub fn run(args: Args) -> ExitCode {
    let Args {
        root: RootArg { root },
        port,
        bind,
        poll,
        allow_host,
        cms,
    } = args;
    let options = ServeOptions {
        root,
        bind,
        port,
        poll,
        allowed_hosts: allow_host,
        cms,
    };
    if let Some(code) = report::not_a_site(&options.root) {
        return code;
    }
    if options.cms && !crate::pipeline::has_cms(&options.root) {
        eprintln!(
            "error: `--cms` serves the editor that a `cms:` block of site.yaml describes, and {} has none (or site.yaml has errors: `fiche check` lists them)\n  = help: add `cms: {{backend: {{name: github, repo: owner/name, branch: main}}}}` to site.yaml (see the README's \"A web editor\")",
            options.root.join("site.yaml").display()
        );
        return ExitCode::from(2);
    }
    match serve::run(options, Arc::new(print_diagnostics)) {
        Ok(()) => {
            println!("Stopped.");
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(&[failure]);
            ExitCode::from(1)
        }
    }
}
