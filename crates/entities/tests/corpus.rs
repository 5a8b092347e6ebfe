//! The labelled corpus: per-kind F1 thresholds from issue 4.

use redflag_entities::{Extractor, corpus};
use redflag_model::EntityKind;

#[test]
fn f1_per_kind_on_the_seeded_corpus() {
    let docs = corpus::generate(2026, 1200);
    assert!(docs.len() >= 1000);
    let extractor = Extractor::new();
    let scores = corpus::score(&extractor, &docs);
    let mut report = String::new();
    for s in &scores {
        report.push_str(&format!(
            "{:<7} tp {:>4} fp {:>4} fn {:>4}  p {:.3} r {:.3} f1 {:.3}\n",
            s.kind.as_str(),
            s.true_positives,
            s.false_positives,
            s.false_negatives,
            s.precision(),
            s.recall(),
            s.f1()
        ));
    }
    for s in &scores {
        let min = match s.kind {
            EntityKind::Phone => 0.97,
            EntityKind::Email | EntityKind::Url | EntityKind::Crypto => 0.99,
            _ => 0.95,
        };
        assert!(
            s.true_positives > 50,
            "too few {} in the corpus\n{report}",
            s.kind
        );
        assert!(
            s.f1() >= min,
            "{} f1 {:.3} < {min}\n{report}",
            s.kind,
            s.f1()
        );
    }
}
