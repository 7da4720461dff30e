//! Shared by the tests: where `../shared` is.

use std::path::PathBuf;

/// `../shared/corpus`, or `None` (printing SKIPPED) when absent and
/// QAPI_REQUIRE_CORPUS is not 1 (see `qapi_schema::corpus`).
pub fn corpus() -> Option<PathBuf> {
    qapi_schema::corpus::shared_dir().map(|s| s.join("corpus"))
}
