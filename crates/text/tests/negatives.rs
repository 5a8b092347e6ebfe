//! Hard negatives: benign text that uses indicator words.

use redflag_model::RiskLevel;
use redflag_text::{Lexicon, Matcher};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct Doc {
    id: String,
    kind: String,
    text: String,
}

#[test]
fn hard_negatives_stay_low() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/text/hard-negatives.jsonl");
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let matcher = Matcher::new(&Lexicon::embedded()).unwrap_or_else(|e| panic!("{e}"));
    let docs: Vec<Doc> = src
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert!(docs.len() >= 100, "{} documents", docs.len());
    let mut flagged = Vec::new();
    let mut with_hits = 0;
    for d in &docs {
        let a = matcher.scan(&d.text, &[]);
        if !a.hits.is_empty() {
            with_hits += 1;
        }
        if a.level >= RiskLevel::Medium {
            flagged.push(format!(
                "{} ({}): {:.2} {:?}",
                d.id,
                d.kind,
                a.score,
                a.hits.iter().map(|h| h.rule.as_str()).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        flagged.len() * 100 <= docs.len(),
        "medium or high:\n{}",
        flagged.join("\n")
    );
    assert!(
        with_hits * 100 <= docs.len() * 25,
        "{with_hits} of {} documents have hits",
        docs.len()
    );
}
