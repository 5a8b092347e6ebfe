//! `redflag eval`: scoring predictions against a gold corpus.

use crate::common::{code, redflag, temp_dir};

const GOLD: &str = r#"{"id":"a","text":"call 555 0134 now","label":1,"gold":[{"kind":"phone","start":5,"end":13,"value":"+15550134"}]}
{"id":"b","text":"sofa for sale","label":0,"gold":[]}
"#;

#[test]
fn scores_a_prediction_file_writes_a_plot_and_compares_with_a_baseline() {
    let dir = temp_dir("eval");
    let gold = dir.join("gold.jsonl");
    std::fs::write(&gold, GOLD).unwrap();
    let perfect = dir.join("perfect.jsonl");
    std::fs::write(
        &perfect,
        "{\"id\":\"a\",\"score\":0.9,\"spans\":[{\"start\":5,\"end\":13,\"label\":\"phone\"}]}\n{\"id\":\"b\",\"score\":0.1,\"spans\":[]}\n",
    )
    .unwrap();
    let plot = dir.join("plot.svg");
    let out = redflag(
        &[
            "eval",
            "--gold",
            gold.to_str().unwrap(),
            "--predictions",
            perfect.to_str().unwrap(),
            "--plot",
            plot.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["overall"]["f1"], 1.0);
    assert_eq!(v["by_entity_kind"]["phone"]["recall"], 1.0);
    assert_eq!(v["documents"]["roc_auc"], 1.0);
    assert!(std::fs::read_to_string(&plot).unwrap().starts_with("<svg"));

    let baseline = dir.join("baseline.json");
    std::fs::write(&baseline, &out.stdout).unwrap();
    let empty = dir.join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let out = redflag(
        &[
            "eval",
            "--gold",
            gold.to_str().unwrap(),
            "--predictions",
            empty.to_str().unwrap(),
            "--baseline",
            baseline.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&out), 0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["overall"]["recall"], 0.0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("worse"),
        "the baseline comparison is printed: {stderr}"
    );
    assert!(
        stderr.contains("2 gold documents had no prediction"),
        "{stderr}"
    );
}

#[test]
fn runs_redflag_itself_when_no_predictions_are_given() {
    let dir = temp_dir("eval-self");
    let gold = dir.join("gold.jsonl");
    std::fs::write(&gold, GOLD).unwrap();
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
    assert_eq!(v["meta"]["documents"], 2);
    assert_eq!(v["meta"]["missing_predictions"], 0);
    assert_eq!(v["meta"]["bootstrap"], 50);
}

#[test]
fn malformed_gold_exits_2_naming_the_line() {
    let dir = temp_dir("eval-bad");
    let gold = dir.join("gold.jsonl");
    std::fs::write(
        &gold,
        "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"y\"}\n",
    )
    .unwrap();
    let out = redflag(&["eval", "--gold", gold.to_str().unwrap()], b"");
    assert_eq!(code(&out), 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("gold.jsonl:2") && stderr.contains("duplicate id"),
        "{stderr}"
    );
}
