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

#[test]
fn corpus_options_filter_languages_and_indicator_language() {
    let default = corpus::generate(5, 300);
    let same = corpus::generate_with(5, 300, &corpus::Options::new());
    assert_eq!(
        default.iter().map(|d| &d.text).collect::<Vec<_>>(),
        same.iter().map(|d| &d.text).collect::<Vec<_>>()
    );
    assert_eq!(corpus::languages().len(), 9);

    let ru = corpus::generate_with(5, 200, &corpus::Options::new().langs(&["ru", "lt"]));
    assert_eq!(ru.len(), 200);
    assert!(ru.iter().all(|d| d.lang == "ru" || d.lang == "lt"));
    assert!(ru.iter().any(|d| d.lang == "ru") && ru.iter().any(|d| d.lang == "lt"));
    assert!(corpus::generate_with(5, 10, &corpus::Options::new().langs(&["xx"])).is_empty());

    // The phrases that the default corpus writes as indicator language are gone; entities stay.
    let cues = [
        "24/7",
        "new here",
        "girls 1",
        "new in town",
        "incall",
        "discreet",
        "new girl",
    ];
    assert!(
        default
            .iter()
            .any(|d| cues.iter().any(|c| d.text.contains(c)))
    );
    let free = corpus::generate_with(5, 2000, &corpus::Options::new().indicator_free(true));
    for d in &free {
        assert!(!cues.iter().any(|c| d.text.contains(c)), "{:?}", d.text);
    }
    let kinds = |docs: &[corpus::LabelledDoc]| {
        let mut k: Vec<String> = docs
            .iter()
            .flat_map(|d| d.gold.iter().map(|g| g.kind.as_str().to_owned()))
            .collect();
        k.sort();
        k.dedup();
        k
    };
    assert_eq!(kinds(&free), kinds(&default));
}
