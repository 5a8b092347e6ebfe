//! Normalize + match with the default lexicon: every hit's span lies on char boundaries of the
//! input and `matched` is exactly that slice.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn matcher() -> &'static redflag_text::Matcher {
    static M: OnceLock<redflag_text::Matcher> = OnceLock::new();
    M.get_or_init(|| redflag_text::Matcher::new(&redflag_text::Lexicon::embedded()).expect("default lexicon compiles"))
}

fuzz_target!(|data: &[u8]| {
    if data.len() > 64 * 1024 {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let analysis = matcher().scan(&text, &[]);
    for hit in &analysis.hits {
        assert_eq!(hit.span.slice(&text), Some(hit.matched.as_str()));
    }
    assert!((0.0..=1.0).contains(&analysis.score));
});
