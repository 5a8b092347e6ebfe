//! Entity extraction: spans valid, no panics, on arbitrary text and regions.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn extractor() -> &'static redflag_entities::Extractor {
    static E: OnceLock<redflag_entities::Extractor> = OnceLock::new();
    E.get_or_init(redflag_entities::Extractor::new)
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 || data.len() > 64 * 1024 {
        return;
    }
    let region = std::str::from_utf8(&data[..2]).ok().and_then(|r| r.parse().ok());
    let text = String::from_utf8_lossy(&data[2..]);
    for e in extractor().extract(&text, region) {
        assert_eq!(e.span.slice(&text), Some(e.matched.as_str()));
    }
});
