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
