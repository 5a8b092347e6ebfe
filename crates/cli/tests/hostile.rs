//! Hostile input: nothing makes the CLI panic or lose a record (the file corpus `testdata/bad/` is
//! checked in `bad_corpus.rs`).

use crate::common::{code, json_lines, redflag};

#[test]
fn deeply_nested_json_and_a_50_mib_line_become_error_records_and_the_rest_goes_on() {
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\":\"before\",\"text\":\"ok\"}\n");
    input.extend_from_slice(&b"[".repeat(10_000));
    input.extend_from_slice(&b"]".repeat(10_000));
    input.push(b'\n');
    input.extend_from_slice(b"{\"id\":\"deep-object\",\"text\":\"x\",\"extra\":");
    input.extend_from_slice(&b"{\"a\":".repeat(5_000));
    input.extend_from_slice(b"1");
    input.extend_from_slice(&b"}".repeat(5_000));
    input.extend_from_slice(b"}\n");
    input.extend_from_slice(b"{\"id\":\"huge\",\"text\":\"");
    input.extend(std::iter::repeat_n(b'a', 50 << 20));
    input.extend_from_slice(b"\"}\n");
    input.extend_from_slice(b"{\"id\":\"after\",\"text\":\"ok\"}\n");
    let out = redflag(&["scan", "-q"], &input);
    assert_eq!(code(&out), 1);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["id"], "before");
    assert_eq!(
        (lines[1]["line"].as_u64(), lines[1]["error"].as_str()),
        (Some(2), Some("invalid_json"))
    );
    assert_eq!(
        (lines[2]["line"].as_u64(), lines[2]["error"].as_str()),
        (Some(3), Some("invalid_json"))
    );
    assert!(
        lines[2]["message"]
            .as_str()
            .unwrap()
            .contains("recursion limit"),
        "{}",
        lines[2]
    );
    assert_eq!(
        (lines[3]["line"].as_u64(), lines[3]["error"].as_str()),
        (Some(4), Some("too_large"))
    );
    assert!(
        lines[3]["message"].as_str().unwrap().contains("52428"),
        "{}",
        lines[3]
    );
    assert_eq!(lines[4]["id"], "after");
    let stdout_len = out.stdout.len();
    assert!(
        stdout_len < 100_000,
        "error records never echo the record ({stdout_len} bytes)"
    );
}

#[test]
fn random_bytes_never_crash_scan() {
    // A deterministic stream of bytes with many newlines: every non-blank line gets one output line.
    let mut state = 0x1234_5678_9abc_def0u64;
    let mut input = Vec::with_capacity(200_000);
    for _ in 0..200_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let b = (state >> 56) as u8;
        input.push(if b < 8 { b'\n' } else { b });
    }
    let records = input
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count();
    let out = redflag(&["scan", "-q", "--jobs", "2"], &input);
    assert_eq!(code(&out), 1);
    assert_eq!(json_lines(&out).len(), records);
}

#[test]
fn image_limit_flags_change_the_limits() {
    let noise = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/pdq-edge/noise_rgb_640x480.png");
    let noise = noise.to_str().unwrap();
    let ok = redflag(&["hash", noise], b"");
    assert_eq!(code(&ok), 0);
    for (flag, value, what) in [
        ("--max-image-pixels", "1000", "pixel count 307200"),
        ("--max-image-bytes", "100", "file size"),
        ("--max-image-memory", "1000", "decoded size"),
    ] {
        let out = redflag(&["hash", flag, value, noise], b"");
        assert_eq!(code(&out), 1, "{flag}");
        let lines = json_lines(&out);
        assert_eq!(lines[0]["error"], "limit_exceeded", "{flag}: {}", lines[0]);
        assert!(
            lines[0]["message"].as_str().unwrap().contains(what),
            "{flag}: {}",
            lines[0]
        );
        let out = redflag(&["hash", flag, "0", noise], b"");
        assert_eq!(code(&out), 2, "{flag} 0 is a usage error");
    }
    // The same flags reach the images of scanned documents.
    let doc = format!(r#"{{"id":"d","text":"x","images":["{noise}"]}}"#);
    let out = redflag(
        &["scan", "-q", "--max-image-pixels", "1000"],
        doc.as_bytes(),
    );
    assert_eq!(code(&out), 0);
    assert_eq!(json_lines(&out)[0]["images"][0]["error"], "limit_exceeded");
}

#[test]
fn hit_cap_flags_change_the_caps_and_say_so() {
    let text = "new in town ".repeat(50);
    let doc = serde_json::json!({"id": "caps", "text": text}).to_string();
    let hits = |args: &[&str]| {
        let mut all = vec!["scan", "-q", "--only", "indicators"];
        all.extend_from_slice(args);
        let out = redflag(&all, doc.as_bytes());
        assert_eq!(code(&out), 0);
        let report = json_lines(&out).remove(0);
        let n = report["indicators"].as_array().unwrap().len();
        let capped = report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "hit_cap");
        (n, capped)
    };
    let (default_n, default_capped) = hits(&[]);
    assert!(default_capped && default_n == 32, "{default_n}");
    let (n, capped) = hits(&["--max-hits-per-rule", "2"]);
    assert!(capped && n == 2, "{n}");
    let (n, capped) = hits(&["--max-hits-per-rule", "1000", "--max-hits", "3"]);
    assert!(capped && n == 3, "{n}");
    let (n, capped) = hits(&["--max-hits-per-rule", "1000"]);
    assert!(!capped && n == 50, "{n}");
}
