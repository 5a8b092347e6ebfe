//! Metrics on hand-computed examples.

use redflag_eval::*;
use redflag_model::{Span, Transform};

fn span(s: usize, e: usize) -> Span {
    Span::new(s, e).unwrap()
}

/// Ten documents, each with an indicator and a phone, some disguised.
fn corpus() -> Vec<GoldDocument> {
    (0..10)
        .map(|i| {
            let text = format!("fresh face {i}, call 555 01{i:02} today");
            let mut doc = GoldDocument::new(format!("d{i}"), text);
            let mut ind = Annotation::indicator("youth.fresh", "youth", span(0, 5));
            if i % 2 == 0 {
                ind.transforms = vec![Transform::Leet];
            }
            let mut phone =
                Annotation::entity(AnnotationKind::Phone, span(20, 28), format!("+1555010{i}"));
            if i % 3 == 0 {
                phone.transforms = vec![Transform::Spacing, Transform::Leet];
            }
            doc.gold = vec![ind, phone];
            doc.label = Some(if i < 5 { 1.0 } else { 0.0 });
            doc
        })
        .collect()
}

fn perfect(gold: &[GoldDocument]) -> Predictions {
    gold.iter()
        .map(|d| {
            let spans = d
                .gold
                .iter()
                .map(|a| {
                    let label = a.rule.clone().unwrap_or_else(|| a.kind.as_str().to_owned());
                    let mut p = PredictedSpan::new(a.span, label);
                    p.value = a.value.clone();
                    p
                })
                .collect();
            let mut pred = Prediction::default();
            pred.spans = spans;
            pred.score = d.label;
            (d.id.clone(), pred)
        })
        .collect()
}

fn all_buckets(r: &EvalReport) -> Vec<(&str, &Metrics)> {
    let mut v = vec![("overall", &r.overall)];
    for m in [
        &r.by_rule,
        &r.by_category,
        &r.by_entity_kind,
        &r.by_family,
        &r.by_depth,
    ] {
        v.extend(m.iter().map(|(k, m)| (k.as_str(), m)));
    }
    v
}

#[test]
fn a_perfect_prediction_scores_one_everywhere() {
    let gold = corpus();
    for mode in [MatchMode::Exact, MatchMode::Overlap, MatchMode::Value] {
        let mut options = EvalOptions::default();
        options.mode = mode;
        let r = evaluate(&gold, &perfect(&gold), &options);
        for (name, m) in all_buckets(&r) {
            assert_eq!(
                (m.precision, m.recall, m.f1),
                (Some(1.0), Some(1.0), Some(1.0)),
                "{mode:?} {name}"
            );
            assert_eq!(m.fp + m.fn_, 0);
        }
        assert_eq!(r.overall.tp, 20);
        let docs = r.documents.as_ref().unwrap();
        assert_eq!((docs.roc_auc, docs.pr_auc), (Some(1.0), Some(1.0)));
        assert_eq!(docs.positives, 5);
    }
}

#[test]
fn an_empty_prediction_has_recall_zero_and_no_precision() {
    let gold = corpus();
    let r = evaluate(&gold, &Predictions::new(), &EvalOptions::default());
    assert_eq!(r.overall.recall, Some(0.0));
    assert_eq!(
        r.overall.precision, None,
        "nothing predicted: precision is undefined, not 0 or 1"
    );
    assert_eq!(r.overall.f1, Some(0.0));
    assert_eq!(r.overall.fn_, 20);
    assert_eq!(r.meta.missing_predictions, 10);
}

#[test]
fn hand_computed_example() {
    // Gold: doc a has a phone [5,13) and an indicator `youth.fresh` [20,25) disguised by leet;
    // doc b has nothing to find.
    let mut a = GoldDocument::new("a", "call 555 0134 now fr3sh girl");
    a.gold = vec![
        Annotation::entity(AnnotationKind::Phone, span(5, 13), "+15550134"),
        {
            let mut g = Annotation::indicator("youth.fresh", "youth", span(18, 23));
            g.transforms = vec![Transform::Leet];
            g
        },
    ];
    let b = GoldDocument::new("b", "sofa for sale 555");
    let gold = vec![a, b];
    // Predictions: the phone with a shifted span (overlap yes, exact no), nothing for the indicator,
    // one false phone in b and one false indicator in a.
    let preds = read_predictions(
        r#"{"id":"a","spans":[{"start":4,"end":13,"label":"phone","value":"+15550134"},{"start":24,"end":28,"label":"youth.fresh"}]}
{"id":"b","spans":[{"start":14,"end":17,"label":"phone"}]}"#
            .as_bytes(),
        "p.jsonl",
    )
    .unwrap();

    let mut options = EvalOptions::default();
    options.mode = MatchMode::Overlap;
    let r = evaluate(&gold, &preds, &options);
    assert_eq!((r.overall.tp, r.overall.fp, r.overall.fn_), (1, 2, 1));
    assert_eq!(r.overall.precision, Some(1.0 / 3.0));
    assert_eq!(r.overall.recall, Some(0.5));
    let f1 = 2.0 * (1.0 / 3.0) * 0.5 / (1.0 / 3.0 + 0.5);
    assert!((r.overall.f1.unwrap() - f1).abs() < 1e-12);
    let phone = &r.by_entity_kind["phone"];
    assert_eq!((phone.tp, phone.fp, phone.fn_), (1, 1, 0));
    let rule = &r.by_rule["youth.fresh"];
    assert_eq!((rule.tp, rule.fp, rule.fn_), (0, 1, 1));
    assert_eq!(
        r.by_category["youth"].fp, 1,
        "the category of a predicted rule comes from the gold rules"
    );
    let leet = &r.by_family["leet"];
    assert_eq!((leet.tp, leet.fn_), (0, 1));
    assert_eq!(r.by_family["none"].tp, 1);
    // doc b has nothing to find: its false positive counts in family `none`, depth 0.
    assert_eq!(r.by_depth["0"].fp, 1);

    options.mode = MatchMode::Exact;
    let r = evaluate(&gold, &preds, &options);
    assert_eq!((r.overall.tp, r.overall.fp, r.overall.fn_), (0, 3, 2));

    options.mode = MatchMode::Value;
    let r = evaluate(&gold, &preds, &options);
    assert_eq!(
        r.by_entity_kind["phone"].tp, 1,
        "value mode matches the phone by its E.164 value"
    );
}

#[test]
fn a_bucket_with_nothing_to_find_reports_null_recall() {
    let gold = vec![GoldDocument::new("x", "plain text")];
    let preds = read_predictions(
        r#"{"id":"x","spans":[{"start":0,"end":5,"label":"email"}]}"#.as_bytes(),
        "p",
    )
    .unwrap();
    let r = evaluate(&gold, &preds, &EvalOptions::default());
    let email = &r.by_entity_kind["email"];
    assert_eq!(email.recall, None);
    assert_eq!(email.precision, Some(0.0));
    assert_eq!(email.f1, None);
}

#[test]
fn bootstrap_intervals_contain_the_point_estimate_and_are_reproducible() {
    let gold = corpus();
    // Miss every third phone and add a false indicator in every fourth document.
    let mut preds = perfect(&gold);
    for (i, d) in gold.iter().enumerate() {
        let p = preds.get_mut(&d.id).unwrap();
        if i % 3 == 0 {
            p.spans.retain(|s| s.label != "phone");
        }
        if i % 4 == 0 {
            p.spans
                .push(PredictedSpan::new(span(11, 12), "youth.fresh"));
        }
    }
    let options = EvalOptions::default();
    let r = evaluate(&gold, &preds, &options);
    for (name, m) in all_buckets(&r) {
        for (point, ci) in [
            (m.precision, m.ci95.precision),
            (m.recall, m.ci95.recall),
            (m.f1, m.ci95.f1),
        ] {
            if let (Some(p), Some([lo, hi])) = (point, ci) {
                assert!(
                    lo <= p + 1e-12 && p <= hi + 1e-12,
                    "{name}: {p} not in [{lo}, {hi}]"
                );
                assert!((0.0..=1.0).contains(&lo) && (0.0..=1.0).contains(&hi));
            }
        }
    }
    assert!(
        r.overall.ci95.recall.unwrap()[0] < r.overall.recall.unwrap(),
        "an imperfect recall has a real interval"
    );
    let again = evaluate(&gold, &preds, &options);
    assert_eq!(r, again, "same seed, same intervals");
    let mut other = options.clone();
    other.seed = 7;
    assert_ne!(evaluate(&gold, &preds, &other).overall.ci95, r.overall.ci95);
}

#[test]
fn ranking_metrics_by_hand() {
    let scored = [(0.9, true), (0.8, false), (0.7, true), (0.1, false)];
    assert_eq!(roc_auc(&scored), Some(0.75));
    let ap = pr_auc(&scored).unwrap();
    assert!((ap - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-12);
    assert_eq!(
        roc_auc(&[(0.5, true), (0.5, false)]),
        Some(0.5),
        "ties count half"
    );
    assert_eq!(
        roc_auc(&[(0.5, true), (0.7, true)]),
        None,
        "one class: undefined"
    );
    assert_eq!(pr_auc(&[(0.5, false)]), None);
    let curve = pr_curve(&scored);
    assert_eq!(curve.first(), Some(&(0.5, 1.0)));
    assert_eq!(curve.last(), Some(&(1.0, 0.5)));
}

#[test]
fn renders_table_diff_and_svg() {
    let gold = corpus();
    let good = evaluate(&gold, &perfect(&gold), &EvalOptions::default());
    let bad = evaluate(&gold, &Predictions::new(), &EvalOptions::default());
    let t = table(&good);
    assert!(t.lines().next().unwrap().starts_with("group"));
    assert!(
        t.contains("youth.fresh") && t.contains("ROC-AUC 1.000"),
        "{t}"
    );
    let d = diff_table(&good, &bad);
    assert!(d.contains("better"), "{d}");
    let svg = plot_svg(&good, &pr_curve(&[(0.9, true), (0.1, false)]));
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("polyline") && svg.contains("leet"));
}

#[test]
fn json_output_has_the_documented_keys() {
    let gold = corpus();
    let r = evaluate(&gold, &perfect(&gold), &EvalOptions::default());
    let v = serde_json::to_value(&r).unwrap();
    for key in [
        "overall",
        "by_rule",
        "by_category",
        "by_entity_kind",
        "by_family",
        "by_depth",
        "documents",
    ] {
        assert!(v.get(key).is_some(), "missing `{key}`");
    }
    let m = &v["overall"];
    for key in ["tp", "fp", "fn", "precision", "recall", "f1", "ci95"] {
        assert!(m.get(key).is_some(), "metric lacks `{key}`");
    }
    assert!(m["ci95"]["precision"].is_array() && m["ci95"]["f1"].as_array().unwrap().len() == 2);
    assert!(v["documents"]["roc_auc"].is_number() && v["documents"]["pr_auc"].is_number());
    let back: EvalReport = serde_json::from_value(v).unwrap();
    assert_eq!(back, r);
}
