//! Work shared with a thread of rayon's global pool: the front end's
//! reading ahead and expression checks, and Rust generation in
//! qapi-codegen.  A pool thread waits for work and is woken for it; a
//! program that wants it on another CPU from its first milliseconds
//! starts the pool first (`qapi-gen rust` does, and says why).

/// Runs `here` on the calling thread while `there` runs on a thread of
/// rayon's global pool; returns both results once both are done.
pub fn beside<A, B: Send>(here: impl FnOnce() -> A, there: impl FnOnce() -> B + Send) -> (A, B) {
    let mut b = None;
    let a = rayon_core::in_place_scope(|s| {
        s.spawn(|_| b = Some(there()));
        here()
    });
    (a, b.expect("the pool thread's part ran"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_parts_run_and_return() {
        let here = std::thread::current().id();
        let (a, b) = super::beside(
            || (std::thread::current().id(), 1),
            || (std::thread::current().id(), "two"),
        );
        assert_eq!(a, (here, 1), "the first part runs on the calling thread");
        assert_eq!(b.1, "two");
        assert_ne!(b.0, here, "the second part runs on a pool thread");
    }
}
