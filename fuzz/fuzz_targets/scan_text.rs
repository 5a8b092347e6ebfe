//! Normalize + match with the default lexicon: every hit's span lies on char boundaries of the
//! The check itself is in `../checks.rs`, shared with the replay tests of `cargo test`.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::scan_text(data));
