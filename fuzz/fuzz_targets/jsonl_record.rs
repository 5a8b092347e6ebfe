//! JSONL record parsing and scanning through the facade, as `redflag scan` does per line.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redflag::Detector;
use redflag::model::{Document, Report};
use std::sync::OnceLock;

fn detector() -> &'static Detector {
    static D: OnceLock<Detector> = OnceLock::new();
    D.get_or_init(|| {
        Detector::builder()
            .parts(&[redflag::model::Part::Indicators, redflag::model::Part::Entities])
            .build()
            .expect("default detector builds")
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() > 256 * 1024 {
        return;
    }
    let Ok(line) = std::str::from_utf8(data) else { return };
    let Ok(doc) = serde_json::from_str::<Document>(line) else { return };
    let report = detector().scan(&doc);
    let json = serde_json::to_string(&report).expect("reports serialize");
    let back: Report = serde_json::from_str(&json).expect("reports read back");
    assert_eq!(back.id, doc.id);
});
