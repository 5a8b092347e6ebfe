//! Embedding redflag: build one `Detector`, scan documents, write JSONL reports.
//!
//! Run with `cargo run --example embed`.

use redflag::Detector;
use redflag::model::{Document, RiskLevel};
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Build once: this compiles the lexicon and loads phone metadata. Share it across threads.
    let detector = Detector::builder().region("GB".parse()?).build()?;

    let ads = [
        Document::new("ad-1", "Sofa for sale, collection only, £40."),
        Document::new(
            "ad-2",
            "Work in Germany! No experience, no interview. Travel paid, repaid from your wages. \
             Passport kept by the agency for registration. Text 020 7946 0321",
        ),
        Document::new(
            "ad-3",
            "𝓝𝓮𝔀 in town, y o u n g and sweet, 150 roses/h, sc: lily_x22",
        ),
    ];

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for doc in &ads {
        let report = detector.scan(doc);
        // A report is serde data: one JSON line per document.
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
        if report.level >= RiskLevel::Medium {
            // Every hit points at the exact bytes of the original text.
            for hit in &report.indicators {
                let shown = &doc.text[hit.span.range()];
                writeln!(
                    out,
                    "# {} {:?} matched {:?}",
                    doc.id,
                    hit.rule.as_str(),
                    shown
                )?;
            }
        }
    }
    Ok(())
}
