//! Property tests: any input, valid spans, no panics, bounded time per byte.

use proptest::prelude::*;
use redflag_entities::Extractor;
use std::sync::OnceLock;

fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(Extractor::new)
}

/// Text built from the pieces entities are made of, so the scan goes deep rather than wide.
fn ad_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("7o2".to_string()),
        Just(" 555 ".to_string()),
        Just("-0134".to_string()),
        Just("seven ".to_string()),
        Just("пʼять ".to_string()),
        Just("５".to_string()),
        Just("5\u{FE0F}\u{20E3}".to_string()),
        Just("💋".to_string()),
        Just("+44".to_string()),
        Just(" at gmail dot com".to_string()),
        Just("jen".to_string()),
        Just("[at]".to_string()),
        Just("snap: ".to_string()),
        Just("t.me/".to_string()),
        Just("wa.me/".to_string()),
        Just("$150/hr".to_string()),
        Just("19 yrs".to_string()),
        Just("I'm ".to_string()),
        Just("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa".to_string()),
        Just("0x".to_string()),
        Just("bc1q".to_string()),
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check(text: &str) {
    for e in extractor().extract(text, None) {
        let r = e.span.range();
        assert!(r.start <= r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        assert_eq!(&text[r], e.matched);
        assert!(!e.matched.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn spans_are_valid_on_arbitrary_unicode(text in "\\PC{0,300}") {
        check(&text);
    }

    #[test]
    fn spans_are_valid_on_ad_like_text(text in ad_like()) {
        check(&text);
    }

    #[test]
    fn entities_come_in_text_order(text in ad_like()) {
        let found = extractor().extract(&text, None);
        for w in found.windows(2) {
            prop_assert!(w[0].span.start() <= w[1].span.start());
        }
    }
}

/// Adversarial inputs that would be quadratic with unbounded windows finish, and find what they
/// should: a long run of spaced digits, a long run of number words, a long base58 run.
#[test]
fn long_adversarial_runs_stay_bounded() {
    let spaced: String = "1 2 3 4 5 6 7 8 9 0 ".repeat(2000);
    check(&spaced);
    let words: String = "five five five ".repeat(2000);
    check(&words);
    let b58: String = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN".repeat(500);
    check(&b58);
    let emails: String = "a@b.c ".repeat(3000);
    check(&emails);
    let prices: String = "$1 ".repeat(5000);
    check(&prices);
}
