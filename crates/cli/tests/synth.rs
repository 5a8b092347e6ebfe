//! `redflag synth`: a reproducible labelled corpus that `redflag eval` reads.

use crate::common::{code, redflag, temp_dir};

#[test]
fn same_seed_same_bytes_and_every_gold_span_is_valid() {
    let a = redflag(&["synth", "--seed", "11", "--docs", "300"], b"");
    let b = redflag(&["synth", "--seed", "11", "--docs", "300"], b"");
    let c = redflag(&["synth", "--seed", "12", "--docs", "300"], b"");
    assert_eq!(code(&a), 0, "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(
        a.stdout, b.stdout,
        "byte-identical for the same seed and size"
    );
    assert_ne!(a.stdout, c.stdout);
    let text = String::from_utf8(a.stdout).unwrap();
    let docs = redflag_eval::read_gold(text.as_bytes(), "synth")
        .expect("valid gold: ids unique, spans on char boundaries");
    assert_eq!(docs.len(), 300);
    let mut depths = std::collections::BTreeSet::new();
    let (mut positives, mut negatives) = (0, 0);
    for d in &docs {
        for g in &d.gold {
            assert!(d.text.get(g.span.range()).is_some());
            if g.kind == redflag_eval::AnnotationKind::Indicator {
                depths.insert(g.depth());
                assert!(g.rule.is_some() && g.category.as_deref().is_some_and(|c| !c.is_empty()));
            } else {
                assert!(g.value.as_deref().is_some_and(|v| !v.is_empty()));
            }
        }
        match d.label {
            Some(l) if l > 0.0 => positives += 1,
            Some(_) => negatives += 1,
            None => panic!("every document is labelled"),
        }
        let has_indicator = d
            .gold
            .iter()
            .any(|g| g.kind == redflag_eval::AnnotationKind::Indicator);
        assert_eq!(
            has_indicator,
            d.label == Some(1.0),
            "positives carry an indicator, negatives none"
        );
    }
    assert_eq!(
        depths,
        [0, 1, 2].into(),
        "plain, single and stacked disguises"
    );
    assert!(
        negatives > 30 && positives > 150,
        "{positives} / {negatives}"
    );
}

#[test]
fn options_shape_the_corpus_and_eval_reads_it() {
    let dir = temp_dir("synth");
    let gold = dir.join("gold.jsonl");
    let out = redflag(
        &[
            "synth",
            "--seed",
            "5",
            "--docs",
            "120",
            "--families",
            "leet,spacing",
            "--max-depth",
            "1",
            "--negative-share",
            "0",
            "--no-entities",
            "--out",
            gold.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let docs = redflag_eval::read_gold(
        std::io::BufReader::new(std::fs::File::open(&gold).unwrap()),
        "g",
    )
    .unwrap();
    for d in &docs {
        assert_eq!(d.gold.len(), 1, "one indicator, no entities");
        assert!(
            d.gold[0]
                .transforms
                .iter()
                .all(|t| matches!(t.as_str(), "leet" | "spacing"))
        );
        assert!(d.gold[0].depth() <= 1);
        assert_eq!(d.label, Some(1.0));
    }
    let out = redflag(
        &[
            "eval",
            "--gold",
            gold.to_str().unwrap(),
            "--bootstrap",
            "100",
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let recall = v["overall"]["recall"].as_f64().unwrap();
    assert!(
        recall >= 0.9,
        "redflag finds leet and spaced terms: recall {recall}"
    );
    assert!(v["by_family"]["leet"]["recall"].is_number());
    let out = redflag(&["synth", "--negative-share", "2"], b"");
    assert_eq!(code(&out), 2);
}

#[test]
fn planted_operations_corpus_carries_operations_and_valid_spans() {
    let a = redflag(
        &["synth", "--seed", "3", "--operations", "5", "--docs", "40"],
        b"",
    );
    assert_eq!(code(&a), 0, "{}", String::from_utf8_lossy(&a.stderr));
    let b = redflag(
        &["synth", "--seed", "3", "--operations", "5", "--docs", "40"],
        b"",
    );
    assert_eq!(a.stdout, b.stdout);
    let docs = redflag_eval::read_gold(&a.stdout[..], "ops").expect("valid gold");
    let ops: std::collections::BTreeSet<u32> = docs.iter().filter_map(|d| d.operation).collect();
    assert_eq!(ops.len(), 5);
    assert_eq!(docs.iter().filter(|d| d.operation.is_none()).count(), 40);
    assert!(docs.iter().any(|d| {
        d.gold
            .iter()
            .any(|g| g.kind == redflag_eval::AnnotationKind::Phone)
    }));
}
