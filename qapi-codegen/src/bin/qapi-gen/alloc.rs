//! The memory allocator of the `qapi-gen` process.
//!
//! Loading a schema makes many small, short-lived allocations (names,
//! syntax nodes, doc sections): about 100,000 for QEMU's QMP schema, where
//! the C library's `malloc` and `free` took over a third of the run.  And
//! on the virtual machines we run on, each first touch of a 4 KiB page
//! costs about 3 µs: the 2,000 pages a check touches were a quarter of
//! its time.  So:
//! - sizes up to [`MAX_SMALL`] bytes come from size classes 16 bytes
//!   apart, larger ones up to [`MAX_MEDIUM`] from power-of-two classes;
//!   each class recycles its blocks through a free list;
//! - blocks are carved from 2 MiB chunks, aligned so that Linux backs each
//!   with one huge page (`MADV_HUGEPAGE`): one fault instead of 512;
//! - bigger blocks and stricter alignments go to the system allocator;
//!   from 1 MiB on (the generated files), whole huge pages are asked for.
//!
//! Chunks are never handed back to the system, which suits a process that
//! loads a schema, writes its output and ends.  Each thread has free lists
//! and a chunk of its own (the front end parses files on several threads),
//! so no lock is taken; a block freed on another thread than the one that
//! made it joins the freeing thread's list.  When a thread ends, its free
//! lists and the unused rest of its chunk (less a little for the thread's
//! own end) are left for the others: the front end's parser threads end
//! just before the main thread builds the model, and what they leave
//! saves it a fresh huge page, which the kernel must zero first.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::ptr;

/// Granularity and alignment of the small classes.
const CLASS: usize = 16;
/// The largest size served from the small classes.
pub const MAX_SMALL: usize = 1024;
const SMALL_CLASSES: usize = MAX_SMALL / CLASS;
/// The largest size served from the power-of-two classes (2 KiB, 4 KiB,
/// … 512 KiB).
pub const MAX_MEDIUM: usize = 512 << 10;
const MEDIUM_CLASSES: usize = 9;
/// What is asked from the system at a time: one huge page.
const CHUNK: usize = 2 << 20;
/// From this size on, system blocks are whole huge pages.
const HUGE_MIN: usize = 1 << 20;

struct State {
    /// Heads of the free lists; a free block holds the next pointer.
    small: [*mut u8; SMALL_CLASSES],
    medium: [*mut u8; MEDIUM_CLASSES],
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
            small: [ptr::null_mut(); SMALL_CLASSES],
            medium: [ptr::null_mut(); MEDIUM_CLASSES],
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

    /// Any allocation: the general path, kept out of line so that the
    /// fast path of [`GlobalAlloc::alloc`] stays small.
    #[cold]
    #[inline(never)]
    unsafe fn alloc_slow(&self, layout: Layout) -> *mut u8 {
        // Before the state is borrowed: setting up may allocate.
        enlist_donor();
        let class = Class::of(&layout);
        if class == Class::System {
            let sys = system_layout(&layout);
            return if sys == layout {
                System.alloc(layout)
            } else {
                huge_alloc(sys)
            };
        }
        self.with(|st| {
            if st.list(class).is_null() && st.room() < class.size() {
                // Before a fresh chunk: the free blocks of threads that
                // ended.
                SPARE.adopt_lists(st);
            }
            let head = *st.list(class);
            if !head.is_null() {
                // SAFETY: a free block starts with the next free block.
                *st.list(class) = unsafe { *(head as *mut *mut u8) };
                return head;
            }
            st.carve(class.size())
        })
    }
}

/// The small class of a layout, if it has one.
#[inline(always)]
fn small_class(layout: &Layout) -> Option<usize> {
    let size = layout.size();
    (size <= MAX_SMALL && layout.align() <= CLASS).then(|| size.max(1).div_ceil(CLASS) - 1)
}

/// Where a layout is served from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Small(usize),
    Medium(usize),
    System,
}

impl Class {
    fn of(layout: &Layout) -> Class {
        let size = layout.size().max(1);
        if layout.align() > CLASS || size > MAX_MEDIUM {
            Class::System
        } else if size <= MAX_SMALL {
            Class::Small(size.div_ceil(CLASS) - 1)
        } else {
            // 2 KiB is class 0.
            Class::Medium((size.next_power_of_two().trailing_zeros() - 11) as usize)
        }
    }

    fn size(self) -> usize {
        match self {
            Class::Small(c) => (c + 1) * CLASS,
            Class::Medium(c) => 2048 << c,
            Class::System => unreachable!("not a class"),
        }
    }
}

impl State {
    fn list(&mut self, class: Class) -> &mut *mut u8 {
        match class {
            Class::Small(c) => &mut self.small[c],
            Class::Medium(c) => &mut self.medium[c],
            Class::System => unreachable!("not a class"),
        }
    }

    /// Bytes left to carve in the current chunk.
    #[inline(always)]
    fn room(&self) -> usize {
        (self.end as usize) - (self.bump as usize)
    }

    fn carve(&mut self, size: usize) -> *mut u8 {
        if self.room() < size {
            if let Some((start, end)) = SPARE.take(size) {
                self.bump = start;
                self.end = end;
            } else {
                let chunk = new_chunk();
                if chunk.is_null() {
                    return chunk;
                }
                self.bump = chunk;
                // SAFETY: within the chunk just allocated.
                self.end = unsafe { chunk.add(CHUNK) };
            }
        }
        let p = self.bump;
        // SAFETY: `size` bytes are left before `end`.
        self.bump = unsafe { p.add(size) };
        p
    }
}

/// What a thread keeps of its chunk when it ends: room for the
/// allocations of its own end (thread-local destructors and the like).
const KEEP_AT_EXIT: usize = 64 << 10;

/// Rests of chunks smaller than this are not worth a lock.
const MIN_SPARE: usize = 64 << 10;

/// What threads that ended left for others: the rests of their chunks,
/// and their free blocks (the heads of their free lists, by class).
struct Spare {
    regions: std::sync::Mutex<([(usize, usize); 8], usize)>,
    lists: std::sync::Mutex<[[usize; 4]; SMALL_CLASSES + MEDIUM_CLASSES]>,
}

static SPARE: Spare = Spare::new();

impl Spare {
    const fn new() -> Self {
        Spare {
            regions: std::sync::Mutex::new(([(0, 0); 8], 0)),
            lists: std::sync::Mutex::new([[0; 4]; SMALL_CLASSES + MEDIUM_CLASSES]),
        }
    }

    /// Leaves `[start, end)` for other threads (if there is room).
    fn give(&self, start: *mut u8, end: *mut u8) {
        let mut r = self.regions.lock().unwrap_or_else(|e| e.into_inner());
        let (regions, n) = &mut *r;
        if *n < regions.len() {
            regions[*n] = (start as usize, end as usize);
            *n += 1;
        }
    }

    /// Leaves the free lists of `st` (which no longer has them).
    fn give_lists(&self, st: &mut State) {
        let mut lists = self.lists.lock().unwrap_or_else(|e| e.into_inner());
        let heads = st.small.iter_mut().chain(st.medium.iter_mut());
        for (head, spare) in heads.zip(lists.iter_mut()) {
            if head.is_null() {
                continue;
            }
            if let Some(slot) = spare.iter_mut().find(|s| **s == 0) {
                *slot = *head as usize;
                *head = ptr::null_mut();
            }
        }
    }

    /// Gives `st` the free lists left, for each class whose list is
    /// empty.
    fn adopt_lists(&self, st: &mut State) {
        let mut lists = self.lists.lock().unwrap_or_else(|e| e.into_inner());
        let heads = st.small.iter_mut().chain(st.medium.iter_mut());
        for (head, spare) in heads.zip(lists.iter_mut()) {
            if head.is_null() {
                if let Some(slot) = spare.iter_mut().find(|s| **s != 0) {
                    *head = std::mem::take(slot) as *mut u8;
                }
            }
        }
    }

    /// Takes what `st`, a thread that ends, leaves: its free lists, and
    /// the rest of its chunk but [`KEEP_AT_EXIT`] bytes.
    fn leave(&self, st: &mut State) {
        self.give_lists(st);
        let (bump, end) = (st.bump as usize, st.end as usize);
        if end - bump >= KEEP_AT_EXIT + MIN_SPARE {
            let keep = bump + KEEP_AT_EXIT;
            self.give(keep as *mut u8, st.end);
            st.end = keep as *mut u8;
        }
    }

    /// The largest region left, if `size` bytes fit in it.
    fn take(&self, size: usize) -> Option<(*mut u8, *mut u8)> {
        let mut r = self.regions.lock().unwrap_or_else(|e| e.into_inner());
        let (regions, n) = &mut *r;
        let (i, &(start, end)) = regions[..*n]
            .iter()
            .enumerate()
            .max_by_key(|(_, (s, e))| e - s)?;
        if end - start < size {
            return None;
        }
        *n -= 1;
        regions[i] = regions[*n];
        Some((start as *mut u8, end as *mut u8))
    }
}

/// Leaves the thread's free lists and the rest of its chunk to [`SPARE`]
/// when the thread ends.
struct Donor;

impl Drop for Donor {
    fn drop(&mut self) {
        let _ = STATE.try_with(|st| {
            // SAFETY: the state belongs to this thread; nothing else uses
            // it meanwhile.
            SPARE.leave(unsafe { &mut *st.get() });
        });
        #[cfg(test)]
        tests::DONORS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

thread_local! {
    static DONOR: Donor = const { Donor };
    /// Whether [`DONOR`] is set up on this thread.
    static ENLISTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Sets up [`DONOR`] for this thread, once.  Called outside the state's
/// borrow: the set-up may allocate (and come back here, to find it done).
#[inline]
fn enlist_donor() {
    let _ = ENLISTED.try_with(|e| {
        if !e.replace(true) {
            let _ = DONOR.try_with(|_| ());
        }
    });
}

/// A 2 MiB chunk on a 2 MiB boundary, backed by a huge page if the
/// kernel allows it.
fn new_chunk() -> *mut u8 {
    // SAFETY: CHUNK is non-zero and a power of two.
    unsafe { huge_alloc(Layout::from_size_align_unchecked(CHUNK, CHUNK)) }
}

/// What is asked from the system for `layout`: big blocks are rounded
/// to whole huge pages on huge-page boundaries.
fn system_layout(layout: &Layout) -> Layout {
    if layout.size() >= HUGE_MIN && layout.align() <= CHUNK {
        let size = layout.size().div_ceil(CHUNK) * CHUNK;
        // SAFETY: CHUNK is a power of two; `size` does not overflow for
        // any size an allocation can have.
        unsafe { Layout::from_size_align_unchecked(size, CHUNK) }
    } else {
        *layout
    }
}

/// # Safety
/// As [`GlobalAlloc::alloc`], with `layout` a multiple of huge pages.
unsafe fn huge_alloc(layout: Layout) -> *mut u8 {
    let p = System.alloc(layout);
    #[cfg(target_os = "linux")]
    if !p.is_null() {
        // SAFETY: advice on memory this process owns; failure is harmless.
        libc::madvise(p.cast(), layout.size(), libc::MADV_HUGEPAGE);
    }
    p
}

unsafe impl GlobalAlloc for SizeClasses {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // The fast path: a small block from its free list or the chunk.
        if let Some(c) = small_class(&layout) {
            let p = self.with(|st| {
                let head = st.small[c];
                if !head.is_null() {
                    // SAFETY: a free block starts with the next free block.
                    st.small[c] = unsafe { *(head as *mut *mut u8) };
                    return head;
                }
                let size = (c + 1) * CLASS;
                if st.room() >= size {
                    let p = st.bump;
                    // SAFETY: `size` bytes are left before `end`.
                    st.bump = unsafe { p.add(size) };
                    return p;
                }
                ptr::null_mut()
            });
            if !p.is_null() {
                return p;
            }
        }
        self.alloc_slow(layout)
    }

    #[inline]
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        if let Some(c) = small_class(&layout) {
            self.with(|st| {
                // SAFETY: the block is ours, at least 16 bytes and aligned.
                unsafe { *(p as *mut *mut u8) = st.small[c] };
                st.small[c] = p;
            });
            return;
        }
        let class = Class::of(&layout);
        if class == Class::System {
            return System.dealloc(p, system_layout(&layout));
        }
        self.with(|st| {
            let list = st.list(class);
            // SAFETY: the block is ours, at least 16 bytes and aligned.
            unsafe { *(p as *mut *mut u8) = *list };
            *list = p;
        });
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        match (Class::of(&layout), Class::of(&new_layout)) {
            (Class::System, Class::System)
                if system_layout(&layout) == layout && system_layout(&new_layout) == new_layout =>
            {
                System.realloc(p, layout, new_size)
            }
            (Class::System, Class::System)
                if system_layout(&layout) == system_layout(&new_layout) =>
            {
                p
            }
            (a, b) if a == b && a != Class::System => p,
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

    fn class(size: usize) -> Class {
        Class::of(&Layout::from_size_align(size, 8).unwrap())
    }

    #[test]
    fn classes() {
        assert_eq!(class(0), Class::Small(0));
        assert_eq!(class(16), Class::Small(0));
        assert_eq!(class(17), Class::Small(1));
        assert_eq!(class(MAX_SMALL), Class::Small(SMALL_CLASSES - 1));
        assert_eq!(class(MAX_SMALL + 1), Class::Medium(0));
        assert_eq!(class(2048), Class::Medium(0));
        assert_eq!(class(2049), Class::Medium(1));
        assert_eq!(class(MAX_MEDIUM), Class::Medium(MEDIUM_CLASSES - 1));
        assert_eq!(Class::Medium(MEDIUM_CLASSES - 1).size(), MAX_MEDIUM);
        assert_eq!(class(MAX_MEDIUM + 1), Class::System);
        assert_eq!(
            Class::of(&Layout::from_size_align(32, 64).unwrap()),
            Class::System
        );
    }

    #[test]
    fn what_ended_threads_leave_is_taken_over() {
        let empty = || State {
            small: [ptr::null_mut(); SMALL_CLASSES],
            medium: [ptr::null_mut(); MEDIUM_CLASSES],
            bump: ptr::null_mut(),
            end: ptr::null_mut(),
        };
        let spare = Spare::new();
        let mut blocks = vec![[0usize; 4]; 3];
        let at = |i: usize, blocks: &mut Vec<[usize; 4]>| blocks[i].as_mut_ptr().cast::<u8>();
        // A thread that ends with free blocks of two classes.
        let mut ended = empty();
        ended.small[1] = at(0, &mut blocks);
        ended.medium[2] = at(1, &mut blocks);
        spare.give_lists(&mut ended);
        assert!(ended.small[1].is_null() && ended.medium[2].is_null());
        // Another takes them over where its own lists are empty.
        let mut other = empty();
        let own = at(2, &mut blocks);
        other.small[1] = own;
        spare.adopt_lists(&mut other);
        assert_eq!(other.small[1], own, "a list of its own is kept");
        assert_eq!(other.medium[2], at(1, &mut blocks));
        let mut third = empty();
        spare.adopt_lists(&mut third);
        assert_eq!(third.small[1], at(0, &mut blocks), "left for a later one");
        // Rests of chunks: the largest that fits, each once.
        let base = 1usize << 40;
        spare.give(base as *mut u8, (base + 100) as *mut u8);
        spare.give((base + 1000) as *mut u8, (base + 1300) as *mut u8);
        assert_eq!(spare.take(400), None);
        let (s, e) = spare.take(50).unwrap();
        assert_eq!((s as usize, e as usize), (base + 1000, base + 1300));
        let (s, _) = spare.take(50).unwrap();
        assert_eq!(s as usize, base);
        assert_eq!(spare.take(1), None);
    }

    /// Threads whose [`Donor`] ran.
    pub(super) static DONORS: std::sync::atomic::AtomicUsize =
        std::sync::atomic::AtomicUsize::new(0);

    #[test]
    fn a_thread_that_ends_leaves_memory_behind() {
        // What a thread leaves: its lists, and the rest of its chunk but
        // what it keeps for its own end.
        let spare = Spare::new();
        let mut chunk = vec![0u64; (KEEP_AT_EXIT + MIN_SPARE) / 8 + 16];
        let mut block = [0usize; 4];
        let start = chunk.as_mut_ptr().cast::<u8>();
        let mut st = State {
            small: [ptr::null_mut(); SMALL_CLASSES],
            medium: [ptr::null_mut(); MEDIUM_CLASSES],
            bump: start,
            end: unsafe { start.add(chunk.len() * 8) },
        };
        st.small[3] = block.as_mut_ptr().cast();
        spare.leave(&mut st);
        assert!(st.small[3].is_null());
        assert_eq!(st.end as usize - st.bump as usize, KEEP_AT_EXIT);
        let (s, e) = spare.take(MIN_SPARE).expect("the rest is left");
        assert_eq!((s, e as usize), (st.end, start as usize + chunk.len() * 8));
        // And it happens when a thread that allocated ends.
        let before = DONORS.load(std::sync::atomic::Ordering::Relaxed);
        let a = SizeClasses::new();
        std::thread::spawn(move || unsafe {
            let l = Layout::from_size_align(3000, 8).unwrap();
            a.dealloc(a.alloc(l), l);
        })
        .join()
        .unwrap();
        assert!(DONORS.load(std::sync::atomic::Ordering::Relaxed) > before);
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
            // the contents, through the medium classes to the system.
            let r = a.realloc(q, l, 30);
            assert_eq!(r, q);
            let s = a.realloc(r, Layout::from_size_align(30, 8).unwrap(), 4000);
            assert_eq!(*s.add(23), 0xbb);
            let t = a.realloc(s, Layout::from_size_align(4000, 8).unwrap(), 600 << 10);
            assert_eq!(*t.add(23), 0xbb);
            // Into whole huge pages, within them, and back out.
            let h = a.realloc(t, Layout::from_size_align(600 << 10, 8).unwrap(), 3 << 20);
            assert_eq!(*h.add(23), 0xbb);
            assert_eq!(h as usize % CHUNK, 0);
            h.add((3 << 20) - 1).write(7);
            let h2 = a.realloc(h, Layout::from_size_align(3 << 20, 8).unwrap(), 4 << 20);
            assert_eq!(h2, h, "the same huge pages hold it");
            let u = a.realloc(h2, Layout::from_size_align(4 << 20, 8).unwrap(), 100);
            assert_eq!(*u.add(23), 0xbb);
            a.dealloc(u, Layout::from_size_align(100, 8).unwrap());
            // A freed medium block is reused.
            let m = Layout::from_size_align(3000, 8).unwrap();
            let b = a.alloc(m);
            b.write_bytes(1, 3000);
            a.dealloc(b, m);
            assert_eq!(a.alloc(Layout::from_size_align(4096, 8).unwrap()), b);
            // Over-aligned blocks come from the system.
            let over = Layout::from_size_align(32, 64).unwrap();
            let o = a.alloc(over);
            assert_eq!(o as usize % 64, 0);
            a.dealloc(o, over);
        }
    }

    #[test]
    fn threads_allocate_and_free_across() {
        let v: Vec<Vec<u64>> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..4)
                .map(|t| s.spawn(move || (0..2000).map(|i| vec![t; i % 300]).collect::<Vec<_>>()))
                .collect();
            hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(v.len(), 8000);
        assert!(v
            .iter()
            .enumerate()
            .all(|(i, x)| x.len() == (i % 2000) % 300));
        drop(v);
    }
}
