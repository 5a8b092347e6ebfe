//! Integration tests of the `redflag` facade.

// The fuzz targets' checks (`TARGETS` pairs names with `fn(&[u8])` checks).
#[allow(clippy::type_complexity)]
#[path = "../fuzz/checks.rs"]
mod checks;
mod detector;
mod fuzz_regressions;
mod properties;
