//! `redflag lexicon check` and lexicon errors in every command.

use crate::common::{code, redflag, temp_dir};

const GOOD: &str = r#"name = "extra"
version = "1"
[[indicator]]
id = "extra.one"
category = "test"
weight = 0.2
terms = ["alpha beta"]
source = "test"
evidence = "anecdotal"
"#;

#[test]
fn check_accepts_a_good_lexicon_and_the_embedded_one() {
    let dir = temp_dir("lexicon-good");
    let path = dir.join("extra.toml");
    std::fs::write(&path, GOOD).unwrap();
    let out = redflag(&["lexicon", "check", path.to_str().unwrap()], b"");
    assert_eq!(
        code(&out),
        0,
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.contains("ok, 1 rules"), "{shown}");
    let out = redflag(&["lexicon", "check"], b"");
    assert_eq!(
        code(&out),
        0,
        "the embedded lexicon is valid: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn broken_lexicons_exit_2_naming_file_and_line() {
    let dir = temp_dir("lexicon-bad");
    let path = dir.join("broken.toml");
    std::fs::write(
        &path,
        "name = \"x\"\nversion = \"1\"\n[[indicator]]\nid = \"a\"\nweight = \"heavy\"\n",
    )
    .unwrap();
    for args in [
        vec!["lexicon", "check", path.to_str().unwrap()],
        vec!["scan", "--lexicon", path.to_str().unwrap()],
    ] {
        let out = redflag(&args, b"");
        assert_eq!(code(&out), 2, "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("broken.toml"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn duplicate_rule_ids_across_lexicons_exit_2() {
    let dir = temp_dir("lexicon-dup");
    let a = dir.join("a.toml");
    let b = dir.join("b.toml");
    std::fs::write(&a, GOOD).unwrap();
    std::fs::write(&b, GOOD.replace("name = \"extra\"", "name = \"other\"")).unwrap();
    let out = redflag(
        &[
            "scan",
            "--lexicon",
            a.to_str().unwrap(),
            "--lexicon",
            b.to_str().unwrap(),
        ],
        b"{\"id\":\"x\",\"text\":\"y\"}\n",
    );
    assert_eq!(code(&out), 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("extra.one") && stderr.contains("b.toml"),
        "{stderr}"
    );
}
