//! Locating the shared reference corpus (`../shared` beside the checkout)
//! for tests and benchmarks.
//!
//! Tests that read it call [`shared_dir`]: when the folder is missing they
//! print a visible message and skip, unless `QAPI_REQUIRE_CORPUS=1`, in
//! which case they fail.

use std::path::PathBuf;

/// The `shared/` folder, searched upwards from the current folder and from
/// this crate's folder, or `None` (after printing why) when it is absent
/// and not required.
///
/// # Panics
/// When the corpus is absent and `QAPI_REQUIRE_CORPUS=1`.
pub fn shared_dir() -> Option<PathBuf> {
    let starts = [
        std::env::current_dir().ok(),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
    ];
    for start in starts.into_iter().flatten() {
        for dir in start.ancestors() {
            let candidate = dir.join("shared");
            if candidate.join("corpus").is_dir() {
                return Some(candidate);
            }
        }
    }
    if std::env::var("QAPI_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!("the shared corpus (../shared/corpus) is missing and QAPI_REQUIRE_CORPUS=1");
    }
    eprintln!("SKIPPED: the shared corpus (../shared/corpus) is missing");
    None
}
