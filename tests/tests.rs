//! Integration tests of the `redflag` facade.

// The fuzz targets' checks, shared with `fuzz/fuzz_targets/`.
#[path = "../fuzz/checks.rs"]
mod checks;
mod detector;
mod fuzz_regressions;
mod properties;
