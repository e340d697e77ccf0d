//! The bytes of a page as `serve` keeps them: compressed with zstd, unpacked when asked for.
//!
//! `serve` keeps every file of the site in memory (1.23 GB at 10,000 programmes × 3
//! languages), to serve it without a half-written folder; compressed, the same files take
//! 249 MB (bench/README.md, "Fourth round: serve"). Each file is a zstd frame of its own,
//! made at level 1 (fast: the first build compresses every page) and unpacked in
//! microseconds when a browser asks for it.

use std::cell::RefCell;
use std::hash::Hasher;

use crate::domain::fingerprint::Fingerprint;
use crate::render::Output;

/// zstd's level: its fastest ordinary one. Level 3 packs HTML 3% smaller, a third slower.
const LEVEL: i32 = 1;

/// The largest buffer a thread keeps for the next file (most pages are under 100 KB).
const MAX_KEPT_BUFFER: usize = 1 << 20;

/// A file `serve` keeps: its output path and its bytes.
#[derive(Debug, Clone)]
pub struct Kept {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub bytes: Packed,
}

impl From<Output> for Kept {
    fn from(output: Output) -> Kept {
        Kept {
            bytes: Packed::new(&output.bytes),
            path: output.path,
        }
    }
}

/// A file's bytes, compressed.
#[derive(Clone, PartialEq, Eq)]
pub struct Packed {
    /// A zstd frame, or the bytes themselves if zstd failed.
    frame: Box<[u8]>,
    zstd: bool,
    /// How many bytes it unpacks to.
    len: usize,
    /// A fingerprint of those bytes (see [`Packed::holds`]).
    print: u64,
}

thread_local! {
    /// Each thread's compressor and the buffer it writes into: a compressor has tables of
    /// its own (hundreds of KB) that are not worth making anew for each page.
    static COMPRESSOR: RefCell<Option<(zstd::bulk::Compressor<'static>, Vec<u8>)>> =
        const { RefCell::new(None) };
}

impl Packed {
    /// Compresses `bytes`. zstd only fails here for want of memory; should it fail, the
    /// bytes are kept as they are.
    pub fn new(bytes: &[u8]) -> Packed {
        COMPRESSOR.with(|cell| {
            let mut cell = cell.borrow_mut();
            if cell.is_none() {
                *cell = zstd::bulk::Compressor::new(LEVEL)
                    .ok()
                    .map(|c| (c, Vec::new()));
            }
            let frame = cell.as_mut().and_then(|(compressor, buffer)| {
                buffer.clear();
                buffer.reserve(zstd::zstd_safe::compress_bound(bytes.len()));
                let packed = compressor.compress_to_buffer(bytes, buffer).ok();
                let frame = packed.map(|_| Box::from(buffer.as_slice()));
                if buffer.capacity() > MAX_KEPT_BUFFER {
                    // A large file (the open data's 40 MB): its buffer is not kept.
                    *buffer = Vec::new();
                }
                frame
            });
            Packed {
                print: print_of(bytes),
                zstd: frame.is_some(),
                frame: frame.unwrap_or_else(|| Box::from(bytes)),
                len: bytes.len(),
            }
        })
    }

    /// The bytes as they were given; `None` if the frame cannot be read (never for a frame
    /// [`Packed::new`] made).
    pub fn unpack(&self) -> Option<Vec<u8>> {
        if !self.zstd {
            return Some(self.frame.to_vec());
        }
        zstd::bulk::decompress(&self.frame, self.len).ok()
    }

    /// Whether these are the bytes it holds (by their length and fingerprint): a file made
    /// again the same need not be packed again.
    pub fn holds(&self, bytes: &[u8]) -> bool {
        self.len == bytes.len() && self.print == print_of(bytes)
    }

    /// How many bytes it unpacks to.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many bytes it takes, compressed.
    pub fn packed_len(&self) -> usize {
        self.frame.len()
    }
}

fn print_of(bytes: &[u8]) -> u64 {
    let mut h = Fingerprint::default();
    h.write(bytes);
    h.finish()
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Packed({} bytes in {})", self.len, self.frame.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_come_back_as_they_were_given() {
        let page = "<!DOCTYPE html><p>Programme</p>".repeat(1000);
        for bytes in [b"".as_slice(), b"x", page.as_bytes(), &[0xff, 0, 0xfe]] {
            let packed = Packed::new(bytes);
            assert_eq!(packed.unpack().as_deref(), Some(bytes));
            assert_eq!(packed.len(), bytes.len());
        }
        assert!(Packed::new(page.as_bytes()).packed_len() < page.len() / 10);
    }

    #[test]
    fn the_same_bytes_pack_the_same() {
        let a = Packed::new(b"<p>one</p>".repeat(50).as_slice());
        let _ = Packed::new(b"something else in between");
        assert_eq!(a, Packed::new(b"<p>one</p>".repeat(50).as_slice()));
        assert_ne!(a, Packed::new(b"<p>two</p>".repeat(50).as_slice()));
        assert!(a.holds(b"<p>one</p>".repeat(50).as_slice()));
        assert!(!a.holds(b"<p>one</p>".repeat(49).as_slice()));
        assert!(!a.holds(b"<p>two</p>".repeat(50).as_slice()));
    }
}
