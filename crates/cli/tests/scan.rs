//! `redflag scan`: one output line per record, in order, bad records as error lines.

use crate::common::{code, json_lines, redflag, temp_dir};
use serde_json::Value;

/// Good lines, broken JSON, invalid UTF-8, a line without `text`, an over-long line, and blank lines.
fn mixed_input() -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(b"{\"id\":\"ad-1\",\"text\":\"Selling a sofa\"}\n");
    v.extend_from_slice(b"{\"id\":\"ad-2\",\"text\": \n"); // broken JSON
    v.extend_from_slice(b"\n"); // blank: not a record, but counted
    v.extend_from_slice(b"{\"id\":\"ad-4\",\"text\":\"caf\xe9\"}\n"); // Latin-1 byte: invalid UTF-8
    v.extend_from_slice(b"{\"id\":\"ad-5\",\"title\":\"no text here\"}\n");
    v.extend_from_slice(
        format!("{{\"id\":\"ad-6\",\"text\":\"{}\"}}\n", "x".repeat(5000)).as_bytes(),
    );
    v.extend_from_slice("{\"id\":\"ad-7\",\"text\":\"Квартира в оренду\"}\r\n".as_bytes());
    v.extend_from_slice(b"   \n");
    v.extend_from_slice(b"{\"id\":\"ad-9\",\"text\":\"last line without newline\"}");
    v
}

#[test]
fn mixed_file_gives_one_line_per_record_in_order_and_exit_1() {
    let dir = temp_dir("mixed");
    let path = dir.join("mixed.jsonl");
    std::fs::write(&path, mixed_input()).unwrap();
    let path_str = path.to_str().unwrap();
    let out = redflag(&["scan", "--max-bytes", "4096", path_str], b"");
    assert_eq!(
        code(&out),
        1,
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    let kinds: Vec<(&str, Option<u64>, Option<&str>)> = lines
        .iter()
        .map(|l| {
            (
                l["type"].as_str().unwrap(),
                l["line"].as_u64(),
                l["error"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("report", None, None),
            ("error", Some(2), Some("invalid_json")),
            ("error", Some(4), Some("invalid_utf8")),
            ("error", Some(5), Some("missing_field")),
            ("error", Some(6), Some("too_large")),
            ("report", None, None),
            ("report", None, None),
        ]
    );
    assert_eq!(lines[0]["id"], "ad-1");
    assert_eq!(
        lines[3]["id"], "ad-5",
        "an error record keeps the id when it could be read"
    );
    assert_eq!(lines[5]["id"], "ad-7");
    assert_eq!(lines[6]["id"], "ad-9");
    for err in lines.iter().filter(|l| l["type"] == "error") {
        assert_eq!(err["path"], path_str, "error records name the input file");
        assert!(!err["message"].as_str().unwrap().is_empty());
    }
    assert!(lines[4]["message"].as_str().unwrap().contains("4096"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("7 records") && stderr.contains("4 errors"),
        "{stderr}"
    );
}

#[test]
fn all_good_input_exits_0_and_reports_follow_the_contract() {
    let input = b"{\"id\":\"a\",\"text\":\"Nanny wanted, references required\",\"region\":\"GB\"}\n{\"id\":\"b\",\"text\":\"Sofa for sale\"}\n";
    let out = redflag(&["scan", "-"], input);
    assert_eq!(code(&out), 0);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    for (line, id) in lines.iter().zip(["a", "b"]) {
        assert_eq!(line["type"], "report");
        assert_eq!(line["schema"], "redflag.report/1");
        assert_eq!(line["id"], id);
        assert_eq!(line["sha256"].as_str().unwrap().len(), 64);
        for key in [
            "score",
            "level",
            "indicators",
            "entities",
            "images",
            "contributions",
            "provenance",
            "warnings",
        ] {
            assert!(line.get(key).is_some(), "report lacks `{key}`: {line}");
        }
        assert!(
            line["provenance"]["tool"]
                .as_str()
                .unwrap()
                .starts_with("redflag ")
        );
    }
    // sha256 of the UTF-8 text, as documented
    assert_eq!(lines[1]["sha256"], sha256_hex(b"Sofa for sale"));
}

fn sha256_hex(bytes: &[u8]) -> String {
    // Reference digest computed with the system's sha256sum, so the test does not share code with
    // the implementation.
    let mut child = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sha256sum is installed");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_owned()
}

#[test]
fn reads_stdin_when_no_path_is_given() {
    let out = redflag(&["scan"], b"{\"id\":\"s1\",\"text\":\"hello\"}\nnot json\n");
    assert_eq!(code(&out), 1);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "s1");
    assert_eq!(lines[1]["path"], "-");
    assert_eq!(lines[1]["line"], 2);
}

#[test]
fn text_and_id_fields_can_be_renamed() {
    let input = b"{\"ad_id\":\"x-1\",\"body\":\"Room to rent\",\"text\":42}\n{\"ad_id\":99,\"body\":\"Bike\"}\n{\"body\":\"no id\"}\n";
    let out = redflag(
        &["scan", "--text-field", "body", "--id-field", "ad_id"],
        input,
    );
    assert_eq!(
        code(&out),
        0,
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "x-1");
    assert_eq!(lines[1]["id"], "99", "numeric ids become strings");
    assert_eq!(
        lines[2]["id"], "stdin:3",
        "a missing id becomes <input>:<line>"
    );
    // The default field name is no longer read.
    let out = redflag(
        &["scan", "--text-field", "body"],
        b"{\"id\":\"a\",\"text\":\"x\"}\n",
    );
    assert_eq!(code(&out), 1);
    assert_eq!(json_lines(&out)[0]["error"], "missing_field");
    assert!(
        json_lines(&out)[0]["message"]
            .as_str()
            .unwrap()
            .contains("`body`")
    );
}

#[test]
fn order_is_kept_across_batches_and_threads() {
    let mut input = String::new();
    let n = 10_000;
    for i in 0..n {
        if i % 97 == 0 {
            input.push_str("{broken\n");
        } else {
            input.push_str(&format!(
                "{{\"id\":\"r{i}\",\"text\":\"record number {i}\"}}\n"
            ));
        }
    }
    let out = redflag(&["scan", "--jobs", "2", "-q"], input.as_bytes());
    assert_eq!(code(&out), 1);
    assert!(out.stderr.is_empty(), "--quiet prints no summary");
    let lines = json_lines(&out);
    assert_eq!(lines.len(), n);
    for (i, line) in lines.iter().enumerate() {
        if i % 97 == 0 {
            assert_eq!(line["type"], "error");
            assert_eq!(line["line"], i as u64 + 1);
        } else {
            assert_eq!(line["id"], format!("r{i}"));
        }
    }
}

#[test]
fn output_file_txt_inputs_and_folders() {
    let dir = temp_dir("files");
    std::fs::create_dir_all(dir.join("ads/sub")).unwrap();
    std::fs::write(dir.join("ads/one.txt"), "A plain text ad").unwrap();
    std::fs::write(
        dir.join("ads/sub/two.jsonl"),
        "{\"id\":\"j1\",\"text\":\"x\"}\n{\"id\":\"j2\",\"text\":\"y\"}\n",
    )
    .unwrap();
    std::fs::write(dir.join("ads/ignored.png"), b"\x89PNG").unwrap();
    let folder = dir.join("ads");
    let report_path = dir.join("out.jsonl");
    let out = redflag(
        &[
            "scan",
            folder.to_str().unwrap(),
            "--output",
            report_path.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(
        code(&out),
        0,
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "reports go to the output file");
    let written = std::fs::read_to_string(&report_path).unwrap();
    let ids: Vec<String> = written
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        ids,
        vec![
            format!("{}/one.txt", folder.display()),
            "j1".into(),
            "j2".into()
        ]
    );
}

#[test]
fn a_missing_input_file_is_an_error_record_and_the_rest_goes_on() {
    let dir = temp_dir("missing");
    let good = dir.join("good.jsonl");
    std::fs::write(&good, "{\"id\":\"g\",\"text\":\"fine\"}\n").unwrap();
    let missing = dir.join("nope.jsonl");
    let out = redflag(
        &["scan", missing.to_str().unwrap(), good.to_str().unwrap()],
        b"",
    );
    assert_eq!(code(&out), 1);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["error"], "io");
    assert_eq!(lines[0]["path"], missing.to_str().unwrap());
    assert_eq!(lines[1]["id"], "g");
}

#[test]
fn invalid_region_in_a_record_is_a_warning_not_a_lost_record() {
    let out = redflag(
        &["scan"],
        b"{\"id\":\"r\",\"text\":\"hi\",\"region\":\"Ukraine\"}\n",
    );
    assert_eq!(code(&out), 0);
    let lines = json_lines(&out);
    assert_eq!(lines[0]["type"], "report");
    assert_eq!(lines[0]["warnings"][0]["code"], "invalid_region");
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let out = redflag(&["scan", "--region", "Ukraine"], b"");
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Ukraine"));
    let out = redflag(&["scan", "--only", "everything"], b"");
    assert_eq!(code(&out), 2);
}

#[test]
fn only_limits_the_parts_that_run() {
    let out = redflag(
        &["scan", "--only", "entities"],
        b"{\"id\":\"a\",\"text\":\"hello\"}\n",
    );
    assert_eq!(code(&out), 0);
    let line = &json_lines(&out)[0];
    assert_eq!(
        line["provenance"]["options"]["parts"],
        serde_json::json!(["entities"])
    );
    assert_eq!(line["provenance"]["lexicons"], serde_json::json!([]));
}

#[test]
fn a_closed_stdout_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .args(["scan", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for i in 0..200_000 {
            if writeln!(stdin, "{{\"id\":\"{i}\",\"text\":\"some ad text {i}\"}}").is_err() {
                break;
            }
        }
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("\"type\":\"report\""));
    drop(stdout); // like `| head -1`
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(code(&out), 0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("error"),
        "{stderr}"
    );
}

#[test]
fn categories_and_sensitive_rules_can_be_left_out_and_provenance_says_so() {
    let input = b"{\"id\":\"a\",\"text\":\"New in town, deposit first\"}\n";
    let out = redflag(
        &[
            "scan",
            "--exclude-category",
            "movement,fees_debt",
            "--no-sensitive",
        ],
        input,
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let line = &json_lines(&out)[0];
    let excluded = line["provenance"]["options"]["excluded_categories"]
        .as_array()
        .unwrap();
    assert!(
        excluded.iter().any(|c| c == "movement") && excluded.iter().any(|c| c == "fees_debt"),
        "{line}"
    );
    for hit in line["indicators"].as_array().unwrap() {
        assert!(
            hit["category"] != "movement" && hit["category"] != "fees_debt",
            "{hit}"
        );
    }
}

#[test]
fn redact_replaces_identifiers_with_salted_tokens_that_still_link() {
    let input = "{\"id\":\"a\",\"text\":\"call 702-555-0134 or jen at gmail dot com, 19 yrs\",\"region\":\"US\"}\n\
                 {\"id\":\"b\",\"text\":\"text 7o2 555 O134 now\",\"region\":\"US\"}\n";
    let out = redflag(&["scan", "-q", "--redact", "s3cret"], input.as_bytes());
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    for secret in ["0134", "O134", "jen", "gmail"] {
        assert!(!stdout.contains(secret), "`{secret}` leaked: {stdout}");
    }
    let lines = json_lines(&out);
    let phone = |l: &Value| {
        l["entities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "phone")
            .map(|e| e["value"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let (pa, pb) = (phone(&lines[0]), phone(&lines[1]));
    assert!(pa.starts_with("sha256:") && pa.len() == 7 + 64);
    assert_eq!(
        pa, pb,
        "the same number gives the same token, so redacted reports still link"
    );
    let age = lines[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "age")
        .unwrap();
    assert_eq!(age["value"], "19", "ages and prices are kept");
    assert!(
        lines[0]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "redacted")
    );
    let other = redflag(&["scan", "-q", "--redact", "other"], input.as_bytes());
    assert_ne!(
        phone(&json_lines(&other)[0]),
        pa,
        "another salt, another token"
    );
}

#[test]
fn a_closed_stderr_pipe_does_not_panic() {
    // `redflag … 2>&1 | head -1` closes stderr early: messages are dropped, exit codes stay.
    use std::process::{Command, Stdio};
    let run = |args: &[&str], stdin: &[u8]| {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut child = Command::new(env!("CARGO_BIN_EXE_redflag"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(writer)
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        std::io::Write::write_all(&mut input, stdin).unwrap();
        drop(input);
        child.wait_with_output().unwrap()
    };
    let bad = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/bad/lexicon_broken_syntax.toml"
    );
    assert_eq!(code(&run(&["lexicon", "check", bad], b"")), 2);
    let out = run(&["scan"], b"{\"id\":\"a\",\"text\":\"hi\"}\nnot json\n");
    assert_eq!(code(&out), 1, "one error record: exit 1, not a panic (101)");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
}
