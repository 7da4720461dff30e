//! The root file's includes, read ahead on a second thread.
//!
//! A schema root such as QEMU's `qapi-schema.json` is little more than a
//! list of includes.  While [`super::files`] reads them in QEMU's order
//! from the first on, a thread of rayon's pool reads them from the last
//! one back, each file on its own ([`super::parser::parse_file`] depends
//! on nothing but the file), but for those the merge has taken already.
//! The files are still put together in QEMU's order, on the merge's
//! thread, so the result and the first error reported do not depend on
//! which thread read what.

use std::sync::{Condvar, Mutex, MutexGuard};

use super::parser::FileOut;

/// What a file read gives: the parsed file, or why it could not be read.
pub(super) type Read = Result<FileOut, String>;

/// The root's includes and how far each has been read.
pub(super) struct Ahead {
    names: Vec<String>,
    /// A slot for each of `names`.
    slots: Mutex<Vec<Slot>>,
    read: Condvar,
}

enum Slot {
    /// Nobody has it yet.
    Free,
    /// The second thread is reading it.
    Reading,
    /// The second thread has read it.
    Read(Read),
    /// The merge has it, or reads it itself.
    Taken,
}

impl Ahead {
    /// The include files `names` of a root, in the order they appear.
    pub fn new(names: Vec<String>) -> Ahead {
        Ahead {
            slots: Mutex::new(names.iter().map(|_| Slot::Free).collect()),
            names,
            read: Condvar::new(),
        }
    }

    fn slots(&self) -> MutexGuard<'_, Vec<Slot>> {
        // The lock is never held while a file is read, so a panic cannot
        // leave the slots half changed.
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The second thread's work: the includes read with `read` from the
    /// last one back, but for those the merge has taken (a file that an
    /// earlier one includes is taken early).
    pub fn read_back(&self, read: impl Fn(&str) -> Read) {
        for (i, name) in self.names.iter().enumerate().rev() {
            {
                let mut slots = self.slots();
                if !matches!(slots[i], Slot::Free) {
                    continue;
                }
                slots[i] = Slot::Reading;
            }
            // Should `read` panic, the merge is not left waiting: it
            // reads the file itself.
            let reading = Unfinished(self, i);
            let f = read(name);
            std::mem::forget(reading);
            self.slots()[i] = Slot::Read(f);
            self.read.notify_all();
        }
    }

    /// The file `name` if it was read ahead (waiting for it if it is
    /// being read), or `None` if the caller is to read it.
    pub fn take(&self, name: &str) -> Option<Read> {
        let i = self.names.iter().position(|n| n == name)?;
        let mut slots = self.slots();
        loop {
            match std::mem::replace(&mut slots[i], Slot::Taken) {
                Slot::Read(f) => return Some(f),
                Slot::Reading => {
                    slots[i] = Slot::Reading;
                    slots = self.read.wait(slots).unwrap_or_else(|e| e.into_inner());
                }
                Slot::Free | Slot::Taken => return None,
            }
        }
    }

    /// The merge is over (done or failed): nothing more is read ahead.
    pub fn stop(&self) {
        for s in self.slots().iter_mut() {
            if matches!(s, Slot::Free) {
                *s = Slot::Taken;
            }
        }
    }
}

/// Slot `.1` while it is read: dropped only if the reading panics, which
/// leaves the file to the merge.
struct Unfinished<'a>(&'a Ahead, usize);

impl Drop for Unfinished<'_> {
    fn drop(&mut self) {
        self.0.slots()[self.1] = Slot::Taken;
        self.0.read.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn file(name: &str) -> Read {
        if name == "missing" {
            return Err("No such file or directory".into());
        }
        Ok(FileOut {
            file: Arc::from(name),
            src: Arc::from(""),
            docs: Vec::new(),
            items: Vec::new(),
            error: None,
        })
    }

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn files_read_ahead_are_handed_over_once() {
        let ahead = Ahead::new(names(&["a", "b", "missing"]));
        ahead.read_back(file);
        assert_eq!(&*ahead.take("a").unwrap().unwrap().file, "a");
        assert!(ahead.take("a").is_none(), "a file is handed over once");
        assert!(ahead.take("missing").unwrap().is_err());
        assert!(ahead.take("not-an-include").is_none());
    }

    #[test]
    fn reading_back_skips_what_the_merge_took() {
        let ahead = Ahead::new(names(&["a", "b", "c", "d"]));
        assert!(
            ahead.take("c").is_none(),
            "not read yet: the merge reads it"
        );
        let read = Mutex::new(Vec::new());
        ahead.read_back(|name| {
            read.lock().unwrap().push(name.to_string());
            file(name)
        });
        assert_eq!(read.into_inner().unwrap(), ["d", "b", "a"]);
        assert!(ahead.take("b").is_some());
    }

    #[test]
    fn nothing_is_read_once_the_merge_stops() {
        let ahead = Ahead::new(names(&["a", "b"]));
        ahead.stop();
        ahead.read_back(|_| panic!("read after the merge stopped"));
        assert!(ahead.take("a").is_none());
    }

    #[test]
    fn a_panicking_read_leaves_the_file_to_the_merge() {
        let ahead = Ahead::new(names(&["a", "b"]));
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            ahead.read_back(|name| {
                if name == "b" {
                    panic!("reader bug");
                }
                file(name)
            })
        }));
        assert!(r.is_err());
        assert!(ahead.take("b").is_none(), "b is left to the merge");
        assert!(ahead.take("a").is_none(), "a was never read ahead");
    }

    #[test]
    fn the_merge_waits_for_a_file_being_read() {
        let ahead = Ahead::new(names(&["a", "b"]));
        // Met when b's reading has started, and when it may end.
        let (started, go) = (std::sync::Barrier::new(2), std::sync::Barrier::new(2));
        std::thread::scope(|s| {
            s.spawn(|| {
                ahead.read_back(|name| {
                    if name == "b" {
                        started.wait();
                        go.wait();
                    }
                    file(name)
                })
            });
            started.wait();
            let taker = s.spawn(|| ahead.take("b"));
            go.wait();
            assert_eq!(&*taker.join().unwrap().unwrap().unwrap().file, "b");
        });
    }
}
