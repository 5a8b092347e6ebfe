//! Lexicon parse + compile: any TOML gives a lexicon or a typed error, never a panic or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() > 64 * 1024 {
        return;
    }
    let Ok(src) = std::str::from_utf8(data) else { return };
    if let Ok(lexicon) = redflag_text::Lexicon::from_toml(src, "fuzz.toml") {
        if let Ok(matcher) = redflag_text::Matcher::new(&lexicon) {
            let _ = matcher.scan("fresh new in town deposit first 𝓯𝓻𝓮𝓼𝓱", &[]);
        }
    }
});
