//! Known-hash list parsing (CSV, plain, ThreatExchange): entries or a typed error naming the line.
//! The check itself is in `../checks.rs`, shared with the replay tests of `cargo test`.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::known_list(data));
