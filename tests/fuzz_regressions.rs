//! Replays every input under `testdata/fuzz-regressions/<target>/` through the code its fuzz target
//! runs (`fuzz/checks.rs`, shared with the targets): crash inputs found by fuzzing, and inputs
//! that reached a limit or an error path, kept so `cargo test` exercises them without a fuzzer.

use crate::checks;
use std::path::Path;

#[test]
fn every_fuzz_regression_input_replays_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fuzz-regressions");
    let names: Vec<&str> = checks::TARGETS.iter().map(|(n, _)| *n).collect();
    for entry in std::fs::read_dir(&root).expect("testdata/fuzz-regressions") {
        let entry = entry.expect("entry");
        let name = entry.file_name().into_string().expect("UTF-8 name");
        if entry.file_type().expect("file type").is_dir() {
            assert!(
                names.contains(&name.as_str()),
                "{name}: no such fuzz target"
            );
        } else {
            assert_eq!(name, "README.md", "stray file in testdata/fuzz-regressions");
        }
    }
    for (name, check) in checks::TARGETS {
        let dir = root.join(name);
        let mut inputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("entry").path())
            .collect();
        inputs.sort();
        assert!(inputs.len() >= 3, "{name}: at least a few inputs to replay");
        for input in inputs {
            let data = std::fs::read(&input).expect("read");
            let replay = std::panic::catch_unwind(|| check(&data));
            assert!(replay.is_ok(), "{name}: {} fails", input.display());
        }
    }
}
