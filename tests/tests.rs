//! Integration tests of the `redflag` facade.

#[path = "../fuzz/checks.rs"]
mod checks;
mod detector;
mod fuzz_regressions;
mod properties;
