//! Property tests: spans on char boundaries, idempotent normalization, no panics.

use proptest::prelude::*;
use redflag_text::{Lexicon, Matcher, Normalizer, Transform};
use std::sync::OnceLock;

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| Matcher::new(&Lexicon::embedded()).unwrap_or_else(|e| panic!("{e}")))
}

/// Pieces that exercise every family: expansions, deletions, combining marks, emoji sequences,
/// look-alikes, separators, leet symbols, and arbitrary characters.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z]{1,6}",
        Just(" ".to_owned()),
        Just(".".to_owned()),
        Just("-".to_owned()),
        Just("*".to_owned()),
        "[0-9@$!|]{1,2}",
        prop::sample::select(vec![
            "ß",
            "ẞ",
            "ﬁ",
            "ﬃ",
            "½",
            "⒩",
            "⑴",
            "İ",
            "ς",
            "\u{0301}",
            "\u{0336}",
            "\u{20E3}",
            "\u{FE0F}",
            "\u{200B}",
            "\u{200C}",
            "\u{200D}",
            "\u{00AD}",
            "\u{E0041}",
            "\u{202E}",
            "🌹",
            "👨\u{200D}👩\u{200D}👧",
            "👍🏽",
            "🅽",
            "🅝",
            "🇾",
            "ɴ",
            "ᴇ",
            "ⁿ",
            "ᵉ",
            "𝓯",
            "Ｎ",
            "о",
            "е",
            "у",
            "молодая",
            "پ",
            "می\u{200C}خواهم",
            "क्\u{200D}ष",
            "한",
            "ǅ",
            "ﷺ",
            "young",
            "girl",
            "fresh",
            "passport",
            "y o u n g",
            "f r 3 s h",
        ])
        .prop_map(str::to_owned),
        any::<char>().prop_map(String::from),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn spans_map_to_char_boundaries(t in text()) {
        let n = Normalizer::new().normalize(&t);
        let s = n.as_str();
        let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        for w in bounds.windows(2) {
            let span = n.original_span(w[0]..w[1]);
            prop_assert!(span.is_some());
            let span = span.unwrap_or_else(|| unreachable!());
            prop_assert!(t.is_char_boundary(span.start()) && t.is_char_boundary(span.end()));
            prop_assert!(span.end() <= t.len());
        }
        // Original starts never go backwards.
        let starts: Vec<usize> = bounds[..bounds.len() - 1].iter().filter_map(|&b| n.original_offset(b)).collect();
        prop_assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn normalizing_is_idempotent(t in text()) {
        let normalizer = Normalizer::new();
        let once = normalizer.normalize(&t);
        let twice = normalizer.normalize(once.as_str());
        prop_assert_eq!(once.as_str(), twice.as_str());
    }

    #[test]
    fn hits_are_exact_and_renormalize(t in text()) {
        let m = matcher();
        for hit in m.scan(&t, &[]).hits {
            prop_assert!(t.is_char_boundary(hit.span.start()) && t.is_char_boundary(hit.span.end()));
            prop_assert_eq!(&t[hit.span.range()], hit.matched.as_str());
            let substring = m.rule(&hit.rule).is_some_and(|r| r.substring || !r.emoji.is_empty() || !r.patterns.is_empty());
            if !substring {
                let re = m.normalizer().normalize(&hit.matched);
                prop_assert_eq!(re.as_str(), hit.normalized.as_str(), "{:?}", hit);
            }
        }
    }

    #[test]
    fn untrusted_lexicons_never_panic(src in ".{0,200}", pat in "[a-z\\\\(){}|*+?.\\[\\]0-9^$ ]{0,40}", term in ".{0,20}") {
        let _ = Lexicon::from_toml(&src, "x.toml");
        let toml = format!(
            "name = 'x'\nversion = '1'\n[[indicator]]\nid = 'a'\ncategory = 'c'\nweight = 0.5\npatterns = [{}]\nterms = [{}]\n",
            toml_string(&pat), toml_string(&term)
        );
        if let Ok(lexicon) = Lexicon::from_toml(&toml, "x.toml")
            && let Ok(m) = Matcher::new(&lexicon) {
                let _ = m.scan(&format!("some {term} text {pat}"), &[]);
            }
    }

    #[test]
    fn every_family_switch_keeps_spans_exact(t in text(), off in 0usize..9) {
        let family = Transform::ALL[off];
        let n = Normalizer::builder().disable(family).build().normalize(&t);
        let s = n.as_str();
        for (i, c) in s.char_indices() {
            let span = n.original_span(i..i + c.len_utf8());
            prop_assert!(span.is_some_and(|sp| t.is_char_boundary(sp.start()) && t.is_char_boundary(sp.end())));
        }
    }
}

/// A TOML basic string holding `s`.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Found by `normalizing_is_idempotent`: a wide gap between single letters collapsed to one space,
/// and a second pass then joined the letters (`A  A $` → `a a $` → `aas`).
#[test]
fn wide_gaps_between_single_letters_stay_idempotent() {
    let normalizer = Normalizer::new();
    for t in ["A  A $", "x  y z", "5  5 5", "a\t\tb c"] {
        let once = normalizer.normalize(t);
        let twice = normalizer.normalize(once.as_str());
        assert_eq!(once.as_str(), twice.as_str(), "{t:?}");
    }
    // Spaced words separated by a wide gap still join letter by letter.
    assert_eq!(
        normalizer.normalize("y o u n g  g i r l").as_str(),
        "young girl"
    );
}
