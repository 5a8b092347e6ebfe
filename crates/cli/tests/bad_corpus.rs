//! The malformed-input corpus `testdata/bad/`: every file goes through the library and through the
//! `redflag` command, and gives the outcome its README row names: a typed error with the documented
//! code, the documented exit status, no panic, and the records around it still processed.
//!
//! The folder is enumerated: a file without a README row, a row without a file, or a file whose
//! extension says nothing about how to read it fails the test.

use crate::checks;
use crate::common::{code, json_lines, redflag, temp_dir};
use redflag::Detector;
use redflag::imagehash::{Dihedral, Hasher, Windows};
use redflag::model::{Document, ErrorCode, HashAlgorithm, Part};
use redflag::text::{ErrorKind, Lexicon, Matcher};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/bad")
}

/// How a file of the corpus is read, from its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Image,
    Records,
    Document,
    Lexicon,
}

fn kind(file: &str) -> Kind {
    let ext = file.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "png" | "jpg" | "gif" | "webp" | "bmp" | "tiff" => Kind::Image,
        "jsonl" => Kind::Records,
        "txt" => Kind::Document,
        "toml" => Kind::Lexicon,
        _ => panic!("testdata/bad/{file}: no rule says how to read a `.{ext}` file; add one here"),
    }
}

/// `file -> expected outcome words`, from the README table rows `| `file` | … | `outcome` |`.
fn manifest() -> BTreeMap<String, Vec<String>> {
    let readme = std::fs::read_to_string(corpus().join("README.md")).expect("README.md");
    let mut rows = BTreeMap::new();
    for line in readme.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let file = cells[1].trim_matches('`').to_owned();
        let outcome = cells[cells.len() - 2].trim_matches('`');
        let words = outcome.split_whitespace().map(str::to_owned).collect();
        assert!(
            rows.insert(file.clone(), words).is_none(),
            "README lists {file} twice"
        );
    }
    rows
}

/// The corpus files (everything but the README and the generator), sorted.
fn files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(corpus())
        .expect("testdata/bad")
        .map(|e| {
            e.expect("entry")
                .file_name()
                .into_string()
                .expect("UTF-8 name")
        })
        .filter(|n| n != "README.md" && n != "generate.py")
        .collect();
    files.sort();
    files
}

fn of_kind(k: Kind) -> Vec<(String, Vec<String>)> {
    let manifest = manifest();
    files()
        .into_iter()
        .filter(|f| kind(f) == k)
        .map(|f| {
            let want = manifest.get(&f).cloned().unwrap_or_default();
            (f, want)
        })
        .collect()
}

fn error_code(word: &str) -> ErrorCode {
    serde_json::from_value(serde_json::Value::String(word.to_owned()))
        .unwrap_or_else(|e| panic!("`{word}` is not an error code: {e}"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_no_panic(out: &Output) {
    let err = stderr(out);
    assert!(
        !err.contains("panicked") && out.status.code().is_some(),
        "{err}"
    );
}

#[test]
fn every_file_has_a_readme_row_and_a_known_kind() {
    let manifest = manifest();
    let files = files();
    for f in &files {
        kind(f);
        let want = manifest
            .get(f)
            .unwrap_or_else(|| panic!("testdata/bad/{f} has no row in testdata/bad/README.md"));
        assert!(!want.is_empty(), "{f}: the README row names no outcome");
    }
    for listed in manifest.keys() {
        assert!(
            files.contains(listed),
            "README lists {listed}, which is not in the folder"
        );
    }
    // Every format named in issue #7 is represented by a damaged file.
    for ext in [
        "png", "jpg", "gif", "webp", "bmp", "tiff", "jsonl", "txt", "toml",
    ] {
        assert!(
            files.iter().filter(|f| f.ends_with(ext)).count() >= 2,
            "too few .{ext} files"
        );
    }
}

#[test]
fn images_give_their_error_code_through_the_library() {
    let hasher = Hasher::builder()
        .algorithms(&HashAlgorithm::ALL)
        .windows(Windows::Standard)
        .dihedral(Dihedral::Compute)
        .build()
        .expect("hasher");
    for (file, want) in of_kind(Kind::Image) {
        let path = corpus().join(&file);
        let bytes = std::fs::read(&path).expect("read");
        // The fuzz target's code, on the same bytes.
        checks::image(&bytes);
        if want[0] == "ok" {
            // Hostile but valid (a bomb the decoder defuses): hashed, from file and from bytes.
            let digest = hasher.hash_file(&path).expect(&file);
            assert_eq!(digest.records(&file)[0].hash.len(), 64);
            hasher.hash_bytes(&bytes, &file).expect(&file);
            continue;
        }
        let err = match hasher.hash_file(&path) {
            Ok(_) => panic!("{file}: hashed, want {want:?}"),
            Err(e) => e,
        };
        assert_eq!(err.code(), error_code(&want[0]), "{file}: {err}");
        let message = err.to_string();
        assert!(message.contains(&file), "{file}: {message}");
        assert!(
            !message.contains(" 0 exceeds"),
            "{file}: no made-up size: {message}"
        );
        // The same from bytes already in memory.
        let err = hasher.hash_bytes(&bytes, &file).expect_err(&file);
        assert_eq!(err.code(), error_code(&want[0]), "{file} (bytes): {err}");
    }
}

/// A small valid image to put before and after each bad one.
fn good_image() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/pdq-edge/checker8_gray_96x96.png")
}

#[test]
fn redflag_hash_gives_one_error_line_per_bad_image_between_good_ones() {
    let images = of_kind(Kind::Image);
    let good = good_image();
    let good = good.to_str().unwrap();
    let mut args = vec!["hash", "--jobs", "2", good];
    let paths: Vec<String> = images
        .iter()
        .map(|(f, _)| corpus().join(f).to_str().unwrap().to_owned())
        .collect();
    for p in &paths {
        args.push(p);
        args.push(good);
    }
    let out = redflag(&args, b"");
    assert_no_panic(&out);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2 * images.len() + 1, "one line per file");
    for (i, l) in lines.iter().enumerate() {
        if i.is_multiple_of(2) {
            assert_eq!(l["path"], good, "good image at {i}: {l}");
            assert_eq!(l["hash"].as_str().map(str::len), Some(64), "{l}");
        } else {
            let (file, want) = &images[i / 2];
            assert_eq!(l["path"].as_str(), Some(paths[i / 2].as_str()), "{l}");
            if want[0] == "ok" {
                assert_eq!(l["hash"].as_str().map(str::len), Some(64), "{file}: {l}");
            } else {
                assert_eq!(l["type"], "error", "{file}: {l}");
                assert_eq!(l["error"], want[0].as_str(), "{file}: {l}");
            }
        }
    }
}

#[test]
fn documents_with_bad_images_are_reported_with_the_image_error_code() {
    let images = of_kind(Kind::Image);
    let dir = temp_dir("bad-corpus-images");
    let good = good_image();
    let mut jsonl = String::new();
    let mut docs = Vec::new();
    for (i, (file, _)) in images.iter().enumerate() {
        let bad = corpus().join(file);
        for (id, image) in [(format!("good-{i}"), &good), (format!("bad-{i}"), &bad)] {
            let doc = Document::new(id, "new in town, photos attached")
                .with_image(image.to_str().unwrap());
            jsonl.push_str(&serde_json::to_string(&doc).unwrap());
            jsonl.push('\n');
            docs.push(doc);
        }
    }
    let input = dir.join("docs.jsonl");
    std::fs::write(&input, &jsonl).unwrap();

    // Library: the detector the CLI builds, one document at a time.
    let detector = Detector::builder().build().expect("detector");
    let check = |report: &redflag::model::Report, i: usize| {
        let (file, want) = &images[i / 2];
        assert_eq!(report.id, docs[i].id);
        assert!(!report.indicators.is_empty(), "{file}: text still scanned");
        let finding = &report.images[0];
        if i.is_multiple_of(2) || want[0] == "ok" {
            assert_eq!(finding.pdq.as_deref().map(str::len), Some(64), "{file}");
            assert_eq!(finding.error, None, "{file}");
        } else {
            assert_eq!(finding.error, Some(error_code(&want[0])), "{file}");
            assert!(finding.pdq.is_none(), "{file}");
            assert!(
                finding
                    .message
                    .as_deref()
                    .is_some_and(|m| m.contains(file.as_str())),
                "{file}: {:?}",
                finding.message
            );
            assert!(report.warnings.iter().any(|w| w.code == "image_error"));
        }
    };
    for (i, doc) in docs.iter().enumerate() {
        check(&detector.scan(doc), i);
    }

    // CLI: the same documents in one file; an image error is a finding, not a record error.
    let out = redflag(&["scan", "-q", "--jobs", "2", input.to_str().unwrap()], b"");
    assert_no_panic(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), docs.len());
    for (i, l) in lines.iter().enumerate() {
        let report: redflag::model::Report = serde_json::from_value(l.clone()).expect("a report");
        check(&report, i);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The outcome of one output line: `report` or its error code.
fn outcome(line: &serde_json::Value) -> String {
    match line["type"].as_str() {
        Some("report") => "report".to_owned(),
        Some("error") => line["error"].as_str().unwrap_or("?").to_owned(),
        other => panic!("unexpected line type {other:?}: {line}"),
    }
}

#[test]
fn record_files_give_one_line_per_record_with_the_documented_codes() {
    for (file, want) in of_kind(Kind::Records) {
        let path = corpus().join(&file);
        let bytes = std::fs::read(&path).unwrap();
        // Library: every line through the fuzz target's record check (parse, scan, round trip).
        for line in bytes.split(|&b| b == b'\n') {
            checks::jsonl_record(line);
        }
        // CLI, from the file and from stdin.
        for from_stdin in [false, true] {
            let out = if from_stdin {
                redflag(&["scan", "-q", "--jobs", "2"], &bytes)
            } else {
                redflag(&["scan", "-q", "--jobs", "2", path.to_str().unwrap()], b"")
            };
            assert_no_panic(&out);
            let lines = json_lines(&out);
            let got: Vec<String> = lines.iter().map(outcome).collect();
            assert_eq!(got, want, "{file} (stdin: {from_stdin})");
            let errors = got.iter().any(|o| o != "report");
            assert_eq!(code(&out), i32::from(errors), "{file}: exit status");
            for (l, line) in lines.iter().zip(1..) {
                if l["type"] == "error" {
                    assert_eq!(
                        l["line"], line,
                        "{file}: error records name their line: {l}"
                    );
                    let message = l["message"].as_str().unwrap_or("");
                    assert!(!message.is_empty() && message.len() < 300, "{file}: {l}");
                }
            }
            assert_eq!(
                lines.first().map(|l| l["id"].clone()),
                Some("before".into())
            );
            assert_eq!(lines.last().map(|l| l["id"].clone()), Some("after".into()));
        }
    }
}

#[test]
fn a_50_mib_line_between_bad_records_is_too_large_and_the_rest_goes_on() {
    // Not committed: generated here.
    let mut input = std::fs::read(corpus().join("malformed.jsonl")).unwrap();
    input.extend_from_slice(b"{\"id\":\"huge\",\"text\":\"");
    input.extend(std::iter::repeat_n(b'a', 50 << 20));
    input.extend_from_slice(b"\"}\n");
    input.extend(std::fs::read(corpus().join("invalid_utf8.jsonl")).unwrap());
    let out = redflag(&["scan", "-q", "--jobs", "2"], &input);
    assert_no_panic(&out);
    assert_eq!(code(&out), 1);
    let mut want = manifest()["malformed.jsonl"].clone();
    want.push("too_large".to_owned());
    want.extend(manifest()["invalid_utf8.jsonl"].clone());
    let lines = json_lines(&out);
    assert_eq!(lines.iter().map(outcome).collect::<Vec<_>>(), want);
    assert!(
        out.stdout.len() < 100_000,
        "error records never echo the record"
    );
}

#[test]
fn whole_documents_give_their_code_between_good_ones() {
    let dir = temp_dir("bad-corpus-txt");
    let good = dir.join("good.txt");
    std::fs::write(&good, "fresh new girl in town").unwrap();
    for (file, want) in of_kind(Kind::Document) {
        let bad = corpus().join(&file);
        checks::scan_text(&std::fs::read(&bad).unwrap());
        let (g, b) = (good.to_str().unwrap(), bad.to_str().unwrap());
        let out = redflag(&["scan", "-q", g, b, g], b"");
        assert_no_panic(&out);
        assert_eq!(code(&out), 1, "{file}");
        let lines = json_lines(&out);
        let got: Vec<String> = lines.iter().map(outcome).collect();
        assert_eq!(got, ["report", want[0].as_str(), "report"], "{file}");
        assert_eq!(lines[1]["path"], b, "{file}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The lexicon crate's error, as the README's outcome word.
fn lexicon_outcome(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Io { .. } => "io",
        ErrorKind::Parse { .. } => "parse",
        ErrorKind::DuplicateRule { .. } => "duplicate_rule",
        ErrorKind::InvalidRule { .. } => "invalid_rule",
        ErrorKind::InvalidPattern { .. } => "invalid_pattern",
        ErrorKind::LimitExceeded { .. } => "limit_exceeded",
        ErrorKind::Build { .. } => "build",
        _ => "other",
    }
}

/// A text that takes exponential time in backtracking regex engines with the corpus's patterns.
fn redos_text() -> String {
    let mut s = "a".repeat(30_000);
    s.push_str("!\n");
    s.push_str(&"word ".repeat(5_000));
    s.push('!');
    s
}

#[test]
fn lexicons_give_their_error_through_the_library() {
    for (file, want) in of_kind(Kind::Lexicon) {
        let path = corpus().join(&file);
        let bytes = std::fs::read(&path).unwrap();
        checks::lexicon(&bytes);
        let loaded = Lexicon::from_path(&path).and_then(|l| Matcher::new(&l).map(|m| (l, m)));
        match (&loaded, want[0].as_str()) {
            (Ok((lexicon, matcher)), "ok") => {
                let text = redos_text();
                let analysis = matcher.scan(&text, &[]);
                for hit in &analysis.hits {
                    assert_eq!(hit.span.slice(&text), Some(hit.matched.as_str()));
                }
                assert!(!lexicon.rules().is_empty(), "{file}");
            }
            (Ok(_), _) => panic!("{file}: loaded, want {want:?}"),
            (Err(e), w) => {
                assert_eq!(lexicon_outcome(e.kind()), w, "{file}: {e}");
                let message = e.to_string();
                assert!(message.contains(&file), "{file}: names the file: {message}");
                if let Some(rule) = want.get(1) {
                    assert!(
                        message.contains(rule.as_str()),
                        "{file}: names {rule}: {message}"
                    );
                }
            }
        }
    }
}

#[test]
fn lexicon_check_and_scan_with_a_bad_lexicon_exit_as_documented() {
    let dir = temp_dir("bad-corpus-lexicons");
    let docs = dir.join("docs.jsonl");
    let text = redos_text();
    let mut jsonl = String::from("{\"id\":\"before\",\"text\":\"fresh new girl in town\"}\n");
    jsonl.push_str(&serde_json::json!({"id": "redos", "text": text}).to_string());
    jsonl.push_str("\n{\"id\":\"after\",\"text\":\"fresh new girl in town\"}\n");
    std::fs::write(&docs, jsonl).unwrap();
    for (file, want) in of_kind(Kind::Lexicon) {
        let path = corpus().join(&file);
        let p = path.to_str().unwrap();
        let check = redflag(&["lexicon", "check", p], b"");
        assert_no_panic(&check);
        let scan = redflag(
            &[
                "scan",
                "-q",
                "--only",
                "indicators",
                "--lexicon",
                p,
                docs.to_str().unwrap(),
            ],
            b"",
        );
        assert_no_panic(&scan);
        if want[0] == "ok" {
            assert_eq!(code(&check), 0, "{file}: {}", stderr(&check));
            assert_eq!(code(&scan), 0, "{file}: {}", stderr(&scan));
            let ids: Vec<_> = json_lines(&scan).iter().map(|l| l["id"].clone()).collect();
            assert_eq!(ids, ["before", "redos", "after"], "{file}");
        } else {
            for (what, out) in [("check", &check), ("scan", &scan)] {
                assert_eq!(code(out), 2, "{file} ({what}): {}", stderr(out));
                assert!(out.stdout.is_empty(), "{file} ({what}): nothing scanned");
                let err = stderr(out);
                assert!(
                    err.contains(&file),
                    "{file} ({what}): names the file: {err}"
                );
                if let Some(rule) = want.get(1) {
                    assert!(
                        err.contains(rule.as_str()),
                        "{file} ({what}): names {rule}: {err}"
                    );
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn images_only_scan_of_bad_images_keeps_text_parts_off() {
    // `--only images`: the image part alone still gives one report per document.
    let dir = temp_dir("bad-corpus-only-images");
    let input = dir.join("docs.jsonl");
    let bad = corpus().join("png_bomb_60000x60000.png");
    let doc = Document::new("bomb", "x").with_image(bad.to_str().unwrap());
    std::fs::write(&input, serde_json::to_string(&doc).unwrap() + "\n").unwrap();
    let out = redflag(
        &["scan", "-q", "--only", "images", input.to_str().unwrap()],
        b"",
    );
    assert_no_panic(&out);
    assert_eq!(code(&out), 0);
    let lines = json_lines(&out);
    assert_eq!(lines[0]["images"][0]["error"], "limit_exceeded");
    assert_eq!(
        lines[0]["provenance"]["options"]["parts"],
        serde_json::json!([Part::Images])
    );
    let _ = std::fs::remove_dir_all(&dir);
}
