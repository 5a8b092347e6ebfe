//! Prints what the default lexicon finds in each argument (or each line of stdin): hits with their
//! span, rule, category, transforms and contribution, then score and level. A sketch of
//! `redflag explain`: `cargo run -p redflag-text --example explain -- "ＦＲＥＳＨ g1rl, new in town"`.
#![allow(clippy::print_stdout)]

use redflag_text::{Lexicon, Matcher};
use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let matcher = Matcher::new(&Lexicon::embedded())?;
    let mut texts: Vec<String> = std::env::args().skip(1).collect();
    if texts.is_empty() {
        texts = std::io::stdin().lock().lines().collect::<Result<_, _>>()?;
    }
    for text in &texts {
        let analysis = matcher.scan(text, &[]);
        println!("{text}");
        for hit in &analysis.hits {
            let transforms: Vec<&str> = hit.transforms.iter().map(|t| t.as_str()).collect();
            println!(
                "  {}..{} {:?} -> {:?}  rule {} ({}), transforms [{}], points {:.3}",
                hit.span.start(),
                hit.span.end(),
                hit.matched,
                hit.normalized,
                hit.rule,
                hit.category,
                transforms.join(", "),
                analysis.points(&hit.rule)
            );
        }
        println!("  score {:.3} level {}", analysis.score, analysis.level);
    }
    Ok(())
}
