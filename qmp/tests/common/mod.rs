//! Helpers shared by the integration tests (see `qmp_cli::testing`).
#![allow(unused_imports)]

pub use qmp_cli::testing::*;
