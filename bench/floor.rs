//! The write floor: how long writing a built site takes when every byte is already in memory.
//!
//!     floor <built site> <fresh folder> [threads]
//!
//! Reads every file under `<built site>` into memory first (not timed), then creates
//! `<fresh folder>` with the same folders and writes the same bytes into the same files, with
//! `threads` writers (default: the number of cores), and prints the seconds that took. No
//! build can write its output faster than this; `cp -r` is no floor, as it reads as it goes.
//!
//! Standard library only, so that `rustc -O bench/floor.rs` builds it without Cargo.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn walk(root: &Path, rel: &Path, dirs: &mut Vec<PathBuf>, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let here = root.join(rel);
    let entries = match fs::read_dir(&here) {
        Ok(e) => e,
        Err(e) => fail(&format!("cannot read the folder {}: {e}", here.display())),
    };
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| fail(&format!("cannot list {}: {e}", here.display())));
        let kind = entry
            .file_type()
            .unwrap_or_else(|e| fail(&format!("cannot stat {}: {e}", entry.path().display())));
        let child = rel.join(entry.file_name());
        if kind.is_dir() {
            dirs.push(child.clone());
            walk(root, &child, dirs, files);
        } else {
            let bytes = fs::read(entry.path())
                .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", entry.path().display())));
            files.push((child, bytes));
        }
    }
}

fn fail(message: &str) -> ! {
    eprintln!("floor: {message}");
    std::process::exit(1);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        fail("usage: floor <built site> <fresh folder> [threads]");
    }
    let (source, target) = (PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    let threads = match args.get(3) {
        Some(t) => t
            .parse()
            .unwrap_or_else(|_| fail("threads must be a number")),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    if target.exists() {
        fail(&format!("{} exists; pass a fresh folder", target.display()));
    }
    let (mut dirs, mut files) = (Vec::new(), Vec::new());
    walk(&source, Path::new(""), &mut dirs, &mut files);
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();

    let started = Instant::now();
    fs::create_dir(&target)
        .unwrap_or_else(|e| fail(&format!("cannot create {}: {e}", target.display())));
    // Parents before children: `walk` lists a folder before what it holds.
    for dir in &dirs {
        let path = target.join(dir);
        fs::create_dir(&path)
            .unwrap_or_else(|e| fail(&format!("cannot create {}: {e}", path.display())));
    }
    let chunk = files.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        for part in files.chunks(chunk) {
            let target = &target;
            s.spawn(move || {
                for (rel, data) in part {
                    let path = target.join(rel);
                    fs::File::create(&path)
                        .and_then(|mut f| f.write_all(data))
                        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", path.display())));
                }
            });
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{seconds:.4} s to write {} files ({:.1} MB) in {} folders with {threads} threads",
        files.len(),
        bytes as f64 / 1e6,
        dirs.len() + 1
    );
}
