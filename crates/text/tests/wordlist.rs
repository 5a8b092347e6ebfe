//! A sweep of an English word list: no hit inside a word, no hit that normalization invented.

use redflag_text::{Lexicon, Matcher};
use std::collections::HashSet;
use std::path::Path;

#[test]
fn dictionary_words_give_no_false_hits() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/text/words-en.txt");
    let words =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(words.lines().count() > 100_000);
    let lexicon = Lexicon::embedded();
    let matcher = Matcher::builder()
        .max_hits(usize::MAX)
        .max_hits_per_rule(usize::MAX)
        .build(&lexicon)
        .unwrap_or_else(|e| panic!("{e}"));
    // Every term, folded the way the matcher folds it.
    let terms: HashSet<String> = lexicon
        .rules()
        .iter()
        .flat_map(|r| r.terms.iter())
        .map(|t| matcher.normalizer().normalize(t).as_str().to_owned())
        .collect();
    let mut scratch = redflag_text::Scratch::new();
    let mut hits = Vec::new();
    let mut false_hits = Vec::new();
    for word in words.lines() {
        matcher.find_all_with(&mut scratch, word, &mut hits);
        for h in &hits {
            let rule = matcher.rule(&h.rule);
            let substring = rule.is_some_and(|r| r.substring);
            // A whole-word hit is only right when the whole dictionary word is the term itself.
            let whole = h.matched == word || word.strip_suffix("'s") == Some(h.matched.as_str());
            let exact = whole && terms.contains(&h.normalized);
            if substring || !exact {
                false_hits.push(format!("{word}: {} {:?}", h.rule, h.normalized));
            }
        }
    }
    assert!(
        false_hits.is_empty(),
        "{} false hits:\n{}",
        false_hits.len(),
        false_hits.join("\n")
    );
}
