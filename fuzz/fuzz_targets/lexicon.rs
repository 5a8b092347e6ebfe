//! Lexicon parse + compile: any TOML gives a lexicon or a typed error, never a panic or a hang.
//! The check itself is in `../checks.rs`, shared with the replay tests of `cargo test`.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::lexicon(data));
