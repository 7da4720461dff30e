//! Shared by the tests: where `../shared` is.

use std::path::{Path, PathBuf};

/// `../shared/corpus`, or `None` (printing SKIP) when absent and
/// QAPI_REQUIRE_CORPUS is not 1.
pub fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if p.is_dir() {
        return Some(p);
    }
    assert!(
        std::env::var("QAPI_REQUIRE_CORPUS").as_deref() != Ok("1"),
        "{} missing",
        p.display()
    );
    eprintln!("SKIP: {} is absent", p.display());
    None
}
