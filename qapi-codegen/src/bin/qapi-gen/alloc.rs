//! The memory allocator of the `qapi-gen` process.
//!
//! Loading a schema makes many small, short-lived allocations (names,
//! syntax nodes, doc sections): about 150,000 for QEMU's QMP schema, where
//! the C library's `malloc` and `free` took over a third of the run.  This
//! allocator serves sizes up to [`MAX_SMALL`] bytes from size classes
//! 16 bytes apart, carved from 256 KiB chunks and recycled through one
//! free list per class; larger blocks and stricter alignments go to the
//! system allocator.  Small blocks are never handed back to the system,
//! which suits a process that loads a schema, writes its output and ends.
//!
//! Each thread has free lists and a chunk of its own (the front end parses
//! files on several threads), so no lock is taken; a block freed on
//! another thread than the one that made it joins the freeing thread's
//! list.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::ptr;

/// Granularity and alignment of the size classes.
const CLASS: usize = 16;
/// The largest size served from the size classes.
pub const MAX_SMALL: usize = 1024;
const CLASSES: usize = MAX_SMALL / CLASS;
/// What is asked from the system at a time for small blocks.
const CHUNK: usize = 256 << 10;

struct State {
    /// Heads of the free lists; a free block holds the next pointer.
    free: [*mut u8; CLASSES],
    /// The unused rest of the current chunk.
    bump: *mut u8,
    end: *mut u8,
}

/// The allocator; its state is per thread.
pub struct SizeClasses;

thread_local! {
    // A const initializer and no destructor: using it never allocates
    // and works until the thread is gone.
    static STATE: UnsafeCell<State> = const {
        UnsafeCell::new(State {
            free: [ptr::null_mut(); CLASSES],
            bump: ptr::null_mut(),
            end: ptr::null_mut(),
        })
    };
}

impl SizeClasses {
    pub const fn new() -> Self {
        SizeClasses
    }

    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        // SAFETY: the state belongs to this thread, and `f` neither
        // allocates through this allocator nor re-enters it.
        STATE.with(|st| f(unsafe { &mut *st.get() }))
    }
}

fn small(layout: &Layout) -> bool {
    layout.size() <= MAX_SMALL && layout.align() <= CLASS
}

/// The class of a small size: 0 for 1..=16 bytes, 1 for 17..=32, ...
fn class(size: usize) -> usize {
    size.max(1).div_ceil(CLASS) - 1
}

unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !small(&layout) {
            return System.alloc(layout);
        }
        let c = class(layout.size());
        self.with(|st| {
            let head = st.free[c];
            if !head.is_null() {
                // SAFETY: a free block starts with the next free block.
                st.free[c] = unsafe { *(head as *mut *mut u8) };
                return head;
            }
            let size = (c + 1) * CLASS;
            if (st.end as usize) - (st.bump as usize) < size {
                // SAFETY: CHUNK is non-zero and CLASS a power of two.
                let chunk =
                    unsafe { System.alloc(Layout::from_size_align_unchecked(CHUNK, CLASS)) };
                if chunk.is_null() {
                    return chunk;
                }
                st.bump = chunk;
                // SAFETY: within the chunk just allocated.
                st.end = unsafe { chunk.add(CHUNK) };
            }
            let p = st.bump;
            // SAFETY: `size` bytes are left before `end`.
            st.bump = unsafe { p.add(size) };
            p
        })
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        if !small(&layout) {
            return System.dealloc(p, layout);
        }
        let c = class(layout.size());
        self.with(|st| {
            // SAFETY: the block is ours, at least 16 bytes and aligned.
            unsafe { *(p as *mut *mut u8) = st.free[c] };
            st.free[c] = p;
        });
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        match (small(&layout), small(&new_layout)) {
            (false, false) => System.realloc(p, layout, new_size),
            (true, true) if class(layout.size()) == class(new_size) => p,
            _ => {
                let q = self.alloc(new_layout);
                if !q.is_null() {
                    ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
                    self.dealloc(p, layout);
                }
                q
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(class(0), 0);
        assert_eq!(class(1), 0);
        assert_eq!(class(16), 0);
        assert_eq!(class(17), 1);
        assert_eq!(class(MAX_SMALL), CLASSES - 1);
    }

    #[test]
    fn blocks_are_distinct_aligned_and_recycled() {
        let a = SizeClasses::new();
        unsafe {
            let l = Layout::from_size_align(24, 8).unwrap();
            let p = a.alloc(l);
            let q = a.alloc(l);
            assert_ne!(p, q);
            assert_eq!(p as usize % CLASS, 0);
            p.write_bytes(0xaa, 24);
            q.write_bytes(0xbb, 24);
            assert_eq!(*p.add(23), 0xaa);
            a.dealloc(p, l);
            assert_eq!(a.alloc(l), p, "a freed block is reused first");
            // Growing within the class keeps the block; beyond it moves
            // the contents.
            let r = a.realloc(q, l, 30);
            assert_eq!(r, q);
            let s = a.realloc(r, Layout::from_size_align(30, 8).unwrap(), 4000);
            assert_eq!(*s.add(23), 0xbb);
            a.dealloc(s, Layout::from_size_align(4000, 8).unwrap());
            // Large and over-aligned blocks come from the system.
            let big = Layout::from_size_align(1 << 20, 8).unwrap();
            let b = a.alloc(big);
            assert!(!b.is_null());
            a.dealloc(b, big);
            let over = Layout::from_size_align(32, 64).unwrap();
            let o = a.alloc(over);
            assert_eq!(o as usize % 64, 0);
            a.dealloc(o, over);
        }
    }
}
