//! Recall on the seeded synthetic benchmark: every family alone ≥ 0.95, every pair of families ≥ 0.90.

use redflag_text::synth::Generator;
use redflag_text::{Lexicon, Matcher, Transform};

fn recall(
    matcher: &Matcher,
    generator: &mut Generator,
    families: &[Transform],
    n: usize,
) -> (usize, usize) {
    let cases = generator.cases(families, n);
    let found = cases
        .iter()
        .filter(|c| c.is_found(&matcher.find_all(&c.text)))
        .count();
    (found, cases.len())
}

#[test]
fn recall_per_family_single_and_stacked() {
    let lexicon = Lexicon::embedded();
    let matcher = Matcher::new(&lexicon).unwrap_or_else(|e| panic!("{e}"));
    let mut generator = Generator::new(&lexicon, 2026);
    let mut failures = Vec::new();
    for f in Transform::ALL {
        let (found, total) = recall(&matcher, &mut generator, &[f], 300);
        assert!(total > 0, "{f}: no cases generated");
        let r = found as f64 / total as f64;
        if r < 0.95 {
            failures.push(format!("{f}: {found}/{total} = {r:.3}"));
        }
    }
    for (i, a) in Transform::ALL.iter().enumerate() {
        for b in &Transform::ALL[i + 1..] {
            let (found, total) = recall(&matcher, &mut generator, &[*a, *b], 100);
            if total == 0 {
                continue;
            }
            let r = found as f64 / total as f64;
            if r < 0.90 {
                failures.push(format!("{a}+{b}: {found}/{total} = {r:.3}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "recall below target:\n{}",
        failures.join("\n")
    );
}

#[test]
fn generator_is_seeded() {
    let lexicon = Lexicon::embedded();
    let a = Generator::new(&lexicon, 1).cases(&[Transform::Leet, Transform::Spacing], 10);
    let b = Generator::new(&lexicon, 1).cases(&[Transform::Leet, Transform::Spacing], 10);
    assert_eq!(a, b);
    for c in &a {
        assert!(c.text.get(c.span.range()).is_some());
    }
}

#[test]
fn generator_restricted_to_languages() {
    let lexicon = Lexicon::embedded();
    let all = Generator::new(&lexicon, 3);
    for lang in ["en", "ru", "uk", "ro", "lv", "lt", "et", "fr", "it"] {
        assert!(all.langs().iter().any(|l| l == lang), "no {lang} terms");
    }
    let matcher = Matcher::new(&lexicon).unwrap_or_else(|e| panic!("{e}"));
    for langs in [&["ru"][..], &["lt", "et"][..]] {
        let mut g = Generator::new(&lexicon, 3).with_langs(langs);
        assert_eq!(
            g.langs(),
            langs
                .iter()
                .copied()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        );
        let cases = g.cases(&[Transform::Case], 200);
        assert_eq!(cases.len(), 200);
        for c in &cases {
            let lang = c.lang.as_deref().unwrap_or("none");
            assert!(langs.contains(&lang), "{lang}: {:?}", c.term);
            // The term is the lexicon's, so the rule fires on it (the case family is always undone).
            assert!(c.is_found(&matcher.find_all(&c.text)), "{:?}", c.text);
        }
        // Carriers are in the term's language: no Latin-script carrier words around Russian terms.
        if langs == ["ru"] {
            for c in &cases {
                let outside = format!("{}{}", &c.text[..c.span.start()], &c.text[c.span.end()..]);
                assert!(
                    !outside.chars().any(|ch| ch.is_ascii_alphabetic()),
                    "{:?}",
                    c.text
                );
            }
        }
    }
    assert!(
        Generator::new(&lexicon, 3)
            .with_langs(&["xx"])
            .case(&[])
            .is_none()
    );
}
