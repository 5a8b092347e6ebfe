//! Prints recall per transform family (alone and two stacked) on the seeded synthetic benchmark.
//!
//! `cargo run -p redflag-text --release --example recall [SEED] [CASES] [--failures]`
#![allow(clippy::print_stdout)]

use redflag_text::synth::Generator;
use redflag_text::{Lexicon, Matcher, Transform};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seed = args.first().and_then(|s| s.parse().ok()).unwrap_or(2026);
    let n = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(300);
    let show = args.iter().any(|a| a == "--failures");
    let lexicon = Lexicon::embedded();
    let matcher = Matcher::new(&lexicon)?;
    let mut generator = Generator::new(&lexicon, seed);
    let mut run = |families: &[Transform]| {
        let cases = generator.cases(families, n);
        let mut found = 0;
        for c in &cases {
            let hits = matcher.find_all(&c.text);
            if c.is_found(&hits) {
                found += 1;
            } else if show {
                println!(
                    "  MISS {:?} term={:?} gold={:?} hits={:?}",
                    c.text,
                    c.term,
                    &c.text[c.span.range()],
                    hits.iter()
                        .map(|h| (h.rule.as_str().to_owned(), h.matched.clone()))
                        .collect::<Vec<_>>()
                );
            }
        }
        (found, cases.len())
    };
    println!("| families | found | cases | recall |\n|---|---:|---:|---:|");
    for f in Transform::ALL {
        let (found, total) = run(&[f]);
        println!(
            "| {f} | {found} | {total} | {:.3} |",
            found as f64 / total.max(1) as f64
        );
    }
    for (i, a) in Transform::ALL.iter().enumerate() {
        for b in &Transform::ALL[i + 1..] {
            let (found, total) = run(&[*a, *b]);
            println!(
                "| {a} + {b} | {found} | {total} | {:.3} |",
                found as f64 / total.max(1) as f64
            );
        }
    }
    Ok(())
}
