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

#[test]
fn langs_restrict_terms_carriers_negatives_and_entity_blocks() {
    let out = redflag(
        &["synth", "--seed", "9", "--docs", "200", "--langs", "ru,uk"],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let docs = redflag_eval::read_gold(&out.stdout[..], "langs").expect("valid gold");
    assert_eq!(docs.len(), 200);
    let mut seen = std::collections::BTreeSet::new();
    for d in &docs {
        let lang = d.lang.as_deref().unwrap_or("none");
        assert!(lang == "ru" || lang == "uk", "{lang}");
        seen.insert(lang.to_owned());
        // The indicator sentence (first line: carrier + term, or a hard negative) is Cyrillic; the
        // entity block below keeps some Latin cue words ("link:", messenger names).
        let mut first = d.text.lines().next().unwrap_or("").to_owned();
        for g in &d.gold {
            if g.kind == redflag_eval::AnnotationKind::Indicator {
                // The term itself may name a messenger ("тільки viber").
                first.replace_range(g.span.range(), "");
            }
        }
        assert!(!first.chars().any(|c| c.is_ascii_alphabetic()), "{first:?}");
        assert!(first.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)));
    }
    assert_eq!(seen.len(), 2);
    let out = redflag(&["synth", "--langs", "de", "--docs", "3"], b"");
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no terms in de"));
}

#[test]
fn our_detector_is_precise_on_its_own_benchmark() {
    // Every indicator phrase in a synth document is labelled: the entity blocks carry no indicator
    // language of their own, so false positives here are real ones (on hard negatives).
    let dir = temp_dir("synth-precision");
    let gold = dir.join("gold.jsonl");
    let out = redflag(
        &[
            "synth",
            "--seed",
            "21",
            "--docs",
            "400",
            "--out",
            gold.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let out = redflag(
        &[
            "eval",
            "--gold",
            gold.to_str().unwrap(),
            "--bootstrap",
            "50",
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = v["overall"]["precision"].as_f64().unwrap();
    let r = v["overall"]["recall"].as_f64().unwrap();
    assert!(p >= 0.98 && r >= 0.98, "precision {p}, recall {r}");
    for cat in ["availability", "venue", "youth", "trust"] {
        let fp = v["by_category"][cat]["fp"].as_u64().unwrap_or(0);
        assert!(fp <= 2, "{cat}: {fp} false positives");
    }
}
