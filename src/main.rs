//! The `fiche` command.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// mimalloc rather than the system allocator: rendering allocates on every core at once, and
/// glibc's allocator spent a sixth of a large build's time in locks and bookkeeping.
#[global_allocator]
static ALLOCATOR: MiMalloc = MiMalloc;

/// mimalloc, asked for a plain block when the alignment wanted is a word or less (nearly every
/// allocation: strings, vectors of numbers and pointers). The `mimalloc` crate asks for an
/// aligned block every time, and mimalloc 3 serves one of more than 1 KB that way through its
/// slow path, padded (a fifth of the allocator's instructions in a build; bench/README.md,
/// "Tenth round"). Every mimalloc block is aligned to a word: its sizes are multiples of one
/// and a page's first block is aligned to 16 bytes (`MI_PAGE_MIN_START_BLOCK_ALIGN`).
struct MiMalloc;

/// The alignment of every block mimalloc hands out.
const WORD: usize = std::mem::size_of::<usize>();

/// A block for `layout`, from `plain` when it needs no more than a word's alignment, else
/// from `aligned`.
///
/// # Safety
/// As [`GlobalAlloc::alloc`].
unsafe fn new_block(
    layout: Layout,
    plain: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    // SAFETY: both are mimalloc's, called with the layout's size (and alignment).
    unsafe {
        if layout.align() <= WORD {
            plain(layout.size()).cast()
        } else {
            aligned(layout.size(), layout.align()).cast()
        }
    }
}

// SAFETY: each function returns what mimalloc returns for the layout (null when it has no
// memory), aligned as the layout asks: by mimalloc's plain functions up to a word (see
// above), by its aligned ones beyond; every block is freed by `mi_free`, which takes both.
unsafe impl GlobalAlloc for MiMalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe { new_block(layout, mi::mi_malloc, mi::mi_malloc_aligned) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe { new_block(layout, mi::mi_zalloc, mi::mi_zalloc_aligned) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from one of the functions above.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from one of the functions above, with `layout`'s alignment,
        // which the new block keeps.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

/// mimalloc's `purge_delay` (the C enum's value in the pinned version), and its default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const PURGE_DELAY_DEFAULT: std::ffi::c_long = 1000;
/// A day, in milliseconds: in effect mimalloc purges only when fiche asks it to.
const PURGE_WHEN_ASKED: std::ffi::c_long = 86_400_000;
// The enum as counted above: a mimalloc with other options fails to build here.
const _: () = assert!(libmimalloc_sys::_mi_option_last == 47);

fn main() -> std::process::ExitCode {
    // Memory freed is kept for the next allocation rather than handed back to the system a
    // second later: taking it back page by page cost a build of 10,000 programmes about
    // 4,800 faults of 2 MB pages zeroed anew (a second of system time, bench/README.md), and
    // `serve` a fifth of a one-edit rebuild. `serve` keeps the memory of its largest rebuild:
    // at 10,000 programmes x 3, purging after a second would give back ~130 MB after ten
    // saves (855 -> 701-751 MB) and slow its first build by seconds of faults ("Fourth
    // round"). A build that renders once hands back what is wholly free between its stages
    // instead (`fiche::pipeline::purge_on_request`, "Seventh round"). The delay is a day
    // (not "never", -1, under which mimalloc would not purge even when asked), and small
    // enough that mimalloc's arenas' ten times it fits a 32-bit `long`.
    // SAFETY: no other thread runs yet; the option is checked to be the one meant (it holds
    // its default) before it is set, and left alone if MIMALLOC_PURGE_DELAY set it.
    unsafe {
        if libmimalloc_sys::mi_option_get(PURGE_DELAY) == PURGE_DELAY_DEFAULT {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_WHEN_ASKED);
        }
    }
    fiche::pipeline::purge_on_request();
    fiche::cli::main()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every size class up to a few pages, and large ones, are aligned as asked,
    /// zeroed when asked, and keep their bytes when they grow or shrink.
    #[test]
    fn blocks_are_aligned_as_asked() {
        let sizes = (1..=300)
            .chain((301..40_000).step_by(97))
            .chain([1 << 20, 3 << 20]);
        for size in sizes {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: the layout's size is not zero; each block is freed once, with
                // the layout it was made with.
                unsafe {
                    let p = MiMalloc.alloc(layout);
                    assert!(
                        !p.is_null() && (p as usize).is_multiple_of(align),
                        "{size} {align}"
                    );
                    p.write_bytes(0xab, size);
                    let bigger = MiMalloc.realloc(p, layout, size * 2 + 8);
                    assert!((bigger as usize).is_multiple_of(align), "{size} {align}");
                    assert_eq!(*bigger.add(size - 1), 0xab);
                    MiMalloc.dealloc(
                        bigger,
                        Layout::from_size_align(size * 2 + 8, align).unwrap(),
                    );
                    let z = MiMalloc.alloc_zeroed(layout);
                    assert!(
                        (z as usize).is_multiple_of(align) && *z.add(size - 1) == 0,
                        "{size} {align}"
                    );
                    MiMalloc.dealloc(z, layout);
                }
            }
        }
    }
}
