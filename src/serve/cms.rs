//! `serve --cms`: the site's editor (`admin/`) against the files on disk. Decap CMS saves
//! through its local backend, `decap-server`, which fiche starts when it finds it (on the
//! `PATH`, or in the site's `node_modules/.bin/`) on a free port, and stops with the server;
//! otherwise the editor looks for one started by hand (`npx decap-server`) on its usual port.
//! Saved files are seen by the watcher like any other edit.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where the editor finds the local backend when fiche did not start one.
pub const USUAL_ADDRESS: &str = "http://localhost:8081/api/v1";

/// The local backend: its address, and the process fiche started, if any.
pub struct LocalBackend {
    pub url: String,
    child: Option<Child>,
}

impl Drop for LocalBackend {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `decap-server` on the `PATH`, else in the site's `node_modules/.bin/`.
fn find(root: &Path) -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("decap-server"))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| Some(root.join("node_modules/.bin/decap-server")).filter(|p| p.is_file()))
}

/// Starts `decap-server` for the site in `root` on a free port of this machine, and waits
/// (10 s at most) until it answers. Without one, says how to start it and points the editor
/// at its usual address.
pub fn start(root: &Path) -> LocalBackend {
    let Some(program) = find(root) else {
        println!(
            "note: no decap-server found: run `npx decap-server` in {} so that the editor at \
             /admin/ can save (or install it: `npm install decap-server`)",
            root.display()
        );
        return LocalBackend {
            url: USUAL_ADDRESS.to_string(),
            child: None,
        };
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(8081);
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let child = Command::new(&program)
        .env("PORT", port.to_string())
        .env("BIND_HOST", "127.0.0.1")
        .env("GIT_REPO_DIRECTORY", &root)
        .env("MODE", "fs")
        .current_dir(&root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn();
    let child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "warning: could not start {}: {e}; run `npx decap-server` in the site's folder",
                program.display()
            );
            return LocalBackend {
                url: USUAL_ADDRESS.to_string(),
                child: None,
            };
        }
    };
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10)
        && TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err()
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    println!("The editor saves through decap-server at http://127.0.0.1:{port}/api/v1");
    LocalBackend {
        url: format!("http://127.0.0.1:{port}/api/v1"),
        child: Some(child),
    }
}
