//! Entity extraction: spans valid, no panics, on arbitrary text and regions.
//! The check itself is in `../checks.rs`, shared with the replay tests of `cargo test`.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::entities(data));
