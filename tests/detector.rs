//! The `Detector` composes the crates into one report.

use redflag::Detector;
use redflag::model::{Document, Part, RiskLevel};
use redflag::text::Lexicon;

const FEES: &str = r#"name = "fees"
version = "2026.1"
[[indicator]]
id = "fee.deposit_first"
category = "upfront_fee"
weight = 0.5
terms = ["deposit first"]
source = "test"
evidence = "anecdotal"
"#;

fn fee_detector() -> Detector {
    let lexicon = Lexicon::from_toml(FEES, "fees.toml").expect("valid lexicon");
    Detector::builder()
        .lexicon(lexicon)
        .build()
        .expect("detector builds")
}

#[test]
fn report_carries_id_digest_hits_and_provenance() {
    let detector = fee_detector();
    let doc = Document::new("job-9", "Work in Milan! Deposit first, visa later.");
    let report = detector.scan(&doc);
    assert_eq!(report.id, "job-9");
    // SHA-256 of the UTF-8 text (known value computed independently with sha256sum).
    assert_eq!(
        report.sha256,
        "d63538f6877a74bbdc2b1245722cd37995d0c1681d4184bf47985ba6a459e43b"
    );
    assert_eq!(report.indicators.len(), 1);
    let hit = &report.indicators[0];
    assert_eq!(hit.rule.as_str(), "fee.deposit_first");
    assert_eq!(&doc.text[hit.span.range()], "Deposit first");
    assert_eq!(hit.matched, "Deposit first");
    assert!(report.score > 0.0);
    assert!(report.level > RiskLevel::None);
    let total: f64 = report.contributions.iter().map(|c| c.points).sum();
    assert!(
        (total - report.score).abs() < 1e-9,
        "contributions add up to the score"
    );
    assert_eq!(report.provenance.lexicons.len(), 1);
    assert_eq!(report.provenance.lexicons[0].name, "fees");
    assert_eq!(report.provenance.lexicons[0].sha256.len(), 64);
    assert!(report.provenance.tool.starts_with("redflag "));
}

#[test]
fn same_text_same_digest_different_text_different_digest() {
    let detector = fee_detector();
    let a = detector.scan(&Document::new("a", "same"));
    let b = detector.scan(&Document::new("b", "same"));
    let c = detector.scan(&Document::new("c", "Same"));
    assert_eq!(a.sha256, b.sha256);
    assert_ne!(a.sha256, c.sha256);
    // Known SHA-256 of "same" (sha256sum).
    assert_eq!(
        a.sha256,
        "0967115f2813a3541eaef77de9d9d5773f1c0c04314b0bbfe4ff3b3b1c55b5d5"
    );
}

#[test]
fn parts_that_are_off_do_not_run() {
    let lexicon = Lexicon::from_toml(FEES, "fees.toml").unwrap();
    let detector = Detector::builder()
        .lexicon(lexicon)
        .parts(&[Part::Entities])
        .build()
        .unwrap();
    let report = detector.scan(&Document::new("x", "deposit first"));
    assert!(report.indicators.is_empty());
    assert_eq!(report.level, RiskLevel::None);
    assert_eq!(report.provenance.options.parts, vec![Part::Entities]);
    assert!(report.provenance.lexicons.is_empty());
}

#[test]
fn an_unreadable_image_is_a_warning_not_a_failure() {
    let detector = fee_detector();
    let doc = Document::new("img", "photo attached").with_image("does/not/exist.jpg");
    let report = detector.scan(&doc);
    assert_eq!(report.images.len(), 1);
    assert_eq!(report.images[0].path, "does/not/exist.jpg");
    assert_eq!(report.images[0].error, Some(redflag::model::ErrorCode::Io));
    assert!(
        report.images[0]
            .message
            .as_deref()
            .is_some_and(|m| m.contains("does/not/exist.jpg"))
    );
    assert!(report.images[0].pdq.is_none());
    assert!(report.warnings.iter().any(|w| w.code == "image_error"));
}

#[test]
fn document_region_is_recorded_and_the_default_region_is_provenance() {
    let detector = Detector::builder()
        .region("UA".parse().unwrap())
        .build()
        .unwrap();
    let report = detector.scan(&Document::new("r", "hello"));
    assert_eq!(
        report
            .provenance
            .options
            .region
            .map(|r| r.to_string())
            .as_deref(),
        Some("UA")
    );
}

#[test]
fn detector_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Detector>();
    assert_send_sync::<redflag::Error>();
    let detector = std::sync::Arc::new(fee_detector());
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let d = detector.clone();
            std::thread::spawn(move || {
                d.scan(&Document::new(format!("t{i}"), "deposit first"))
                    .indicators
                    .len()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 1);
    }
}
