//! `redflag explain`: the human view of one text.

use crate::common::{code, redflag, temp_dir};

#[test]
fn explains_a_text_with_a_custom_lexicon() {
    let dir = temp_dir("explain");
    let lexicon = dir.join("fees.toml");
    std::fs::write(
        &lexicon,
        r#"name = "fees"
version = "1"
[[indicator]]
id = "fee.deposit_first"
category = "upfront_fee"
weight = 0.5
terms = ["deposit first"]
source = "test"
evidence = "anecdotal"
"#,
    )
    .unwrap();
    let text = "Nice room. Deposit first, then keys.";
    let out = redflag(
        &[
            "explain",
            "--no-default-lexicon",
            "--lexicon",
            lexicon.to_str().unwrap(),
            "--color",
            "never",
            text,
        ],
        b"",
    );
    assert_eq!(
        code(&out),
        0,
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.contains("Nice room. [[Deposit first]], then keys."),
        "{shown}"
    );
    assert!(shown.contains("fee.deposit_first"), "{shown}");
    assert!(shown.contains("upfront_fee"), "{shown}");
    assert!(
        shown.contains("11..24"),
        "the span is shown in bytes: {shown}"
    );
    assert!(shown.contains("not a verdict"), "{shown}");
}

#[test]
fn explain_json_is_a_report() {
    let out = redflag(
        &["explain", "--json", "-"],
        "Квартира, 2 кімнати".as_bytes(),
    );
    assert_eq!(code(&out), 0);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["type"], "report");
    assert_eq!(report["id"], "explain");
}
