//! The shared corpus `testdata/text/*.toml`: each case names a text, optionally its own lexicon
//! (`rules`, inline TOML; the default lexicon otherwise), and the exact hits expected.

use redflag_text::{Lexicon, Matcher};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    rules: Option<String>,
    text: String,
    hits: Vec<Expected>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    rule: String,
    span: [usize; 2],
}

#[test]
fn shared_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/text");
    let default = Matcher::new(&Lexicon::embedded()).unwrap_or_else(|e| panic!("{e}"));
    let mut files = 0;
    let mut cases = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    entries.sort();
    for path in entries {
        let src =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file: File = toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        files += 1;
        for case in file.case {
            cases += 1;
            let own;
            let matcher = match &case.rules {
                Some(rules) => {
                    let lexicon =
                        Lexicon::from_toml(rules, &case.name).unwrap_or_else(|e| panic!("{e}"));
                    own = Matcher::new(&lexicon).unwrap_or_else(|e| panic!("{e}"));
                    &own
                }
                None => &default,
            };
            let got: Vec<(String, [usize; 2])> = matcher
                .find_all(&case.text)
                .iter()
                .map(|h| (h.rule.to_string(), [h.span.start(), h.span.end()]))
                .collect();
            let want: Vec<(String, [usize; 2])> =
                case.hits.iter().map(|h| (h.rule.clone(), h.span)).collect();
            assert_eq!(got, want, "{}: case `{}`", path.display(), case.name);
        }
    }
    assert!(
        files > 0 && cases >= 10,
        "corpus is missing: {files} files, {cases} cases"
    );
}
