//! Property tests: any text gives a report whose spans point into the original text.

use proptest::prelude::*;
use redflag::Detector;
use redflag::model::{Document, Report};
use std::sync::OnceLock;

fn detector() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| {
        Detector::builder()
            .build()
            .expect("default detector builds")
    })
}

fn check_spans(text: &str, report: &Report) -> Result<(), TestCaseError> {
    for hit in &report.indicators {
        prop_assert_eq!(hit.span.slice(text), Some(hit.matched.as_str()));
    }
    for e in &report.entities {
        prop_assert_eq!(e.span.slice(text), Some(e.matched.as_str()));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_unicode_text_scans_with_valid_spans(text in "\\PC{0,200}") {
        let report = detector().scan(&Document::new("p", text.clone()));
        check_spans(&text, &report)?;
        let json = serde_json::to_string(&report).unwrap();
        let back: Report = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, report);
    }

    #[test]
    fn ad_like_text_scans_with_valid_spans(
        parts in proptest::collection::vec(prop_oneof![
            Just("new in town ".to_owned()),
            Just("𝓯𝓻𝓮𝓼𝓱 ".to_owned()),
            Just("y o u n g ".to_owned()),
            Just("call 7o2-555-0134 ".to_owned()),
            Just("jen [at] gmail [dot] com ".to_owned()),
            Just("150 🌹/h ".to_owned()),
            Just("\u{200b}".to_owned()),
            Just("Квартира ".to_owned()),
            "[a-z0-9 .@]{0,12}",
        ], 0..12)
    ) {
        let text: String = parts.concat();
        let report = detector().scan(&Document::new("p", text.clone()));
        check_spans(&text, &report)?;
    }
}
