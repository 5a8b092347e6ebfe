//! JSONL record parsing and scanning through the facade, as `redflag scan` does per line.
//! The check itself is in `../checks.rs`, shared with the replay tests of `cargo test`.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::jsonl_record(data));
