//! Scores the extractor on the seeded labelled corpus and measures its throughput.
//!
//! ```text
//! cargo run --release -p redflag-entities --example entities_eval -- [--seed N] [--docs N]
//!     [--corpus-out FILE] [--prose-corpus-out FILE] [--predictions-out FILE] [--repeat N]
//! ```
//! Prints a per-kind table (Markdown) and the throughput on stdout. `--corpus-out` writes the corpus
//! as JSONL (`text`, `region`, `gold`) for `benches/compare/entities_compare.py` and
//! `benches/compare/entities_speed.sh`; `--prose-corpus-out` the same documents padded with prose;
//! `--predictions-out` writes our entities per document (one JSON array of `{kind, key}` per line).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use redflag_entities::{Extractor, corpus};
use redflag_model::EntityKind;
use std::io::Write;
use std::time::Instant;

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// This process's CPU time (user + system) in seconds, from `/proc/self/stat` (Linux; `None`
/// elsewhere). On a shared machine wall-clock throughput understates per-core speed; CPU time
/// does not.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0) // USER_HZ is 100 on Linux
}

fn timed(f: impl FnOnce()) -> (f64, Option<f64>) {
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    f();
    let wall = start.elapsed().as_secs_f64();
    let cpu = cpu0
        .zip(cpu_seconds())
        .map(|(a, b)| b - a)
        .filter(|c| *c > 0.0);
    (wall, cpu)
}

fn rates(bytes: usize, wall: f64, cpu: Option<f64>) -> String {
    let mb = bytes as f64 / 1e6;
    match cpu {
        Some(c) => format!(
            "{:.1} MB/s wall, {:.1} MB/s per CPU-second",
            mb / wall,
            mb / c
        ),
        None => format!("{:.1} MB/s wall", mb / wall),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut seed = 2026u64;
    let mut docs = 2000usize;
    let mut repeat = 5usize;
    let mut corpus_out = None;
    let mut prose_corpus_out = None;
    let mut predictions_out = None;
    let mut show_errors: Option<EntityKind> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--seed" => seed = val()?.parse()?,
            "--docs" => docs = val()?.parse()?,
            "--repeat" => repeat = val()?.parse()?,
            "--corpus-out" => corpus_out = Some(val()?),
            "--prose-corpus-out" => prose_corpus_out = Some(val()?),
            "--predictions-out" => predictions_out = Some(val()?),
            "--show-errors" => show_errors = Some(val()?.parse()?),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let corpus = corpus::generate(seed, docs);
    let extractor = Extractor::new();
    let scores = corpus::score(&extractor, &corpus);
    println!("corpus: seed {seed}, {docs} documents\n");
    println!("| kind | gold | tp | fp | fn | precision | recall | F1 |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for s in &scores {
        println!(
            "| {} | {} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
            s.kind,
            s.true_positives + s.false_negatives,
            s.true_positives,
            s.false_positives,
            s.false_negatives,
            s.precision(),
            s.recall(),
            s.f1()
        );
    }
    if let Some(kind) = show_errors {
        let mut shown = 0;
        for d in &corpus {
            let mut gold: Vec<String> = d
                .gold
                .iter()
                .filter(|g| g.kind == kind)
                .map(|g| g.key.clone())
                .collect();
            let mut got: Vec<String> = extractor
                .extract(&d.text, d.region)
                .iter()
                .filter(|e| e.kind() == kind)
                .map(|e| corpus::entity_key(&e.value))
                .collect();
            gold.sort();
            got.sort();
            if gold != got && shown < 40 {
                shown += 1;
                println!(
                    "--- region {:?} :: {}\n  gold {gold:?}\n  got  {got:?}",
                    d.region,
                    d.text.replace('\n', " / ")
                );
            }
        }
    }
    let bytes: usize = corpus.iter().map(|d| d.text.len()).sum();
    let mut n = 0usize;
    let (wall, cpu) = timed(|| {
        for _ in 0..repeat {
            for d in &corpus {
                n += extractor.extract(&d.text, d.region).len();
            }
        }
    });
    println!(
        "\nthroughput, all kinds, one thread: {} ({:.0} docs/s wall, {n} entities)",
        rates(bytes * repeat, wall, cpu),
        (docs * repeat) as f64 / wall
    );
    let long = corpus::with_prose(&corpus, seed, 1000);
    let long_scores = corpus::score(&extractor, &long);
    let long_bytes: usize = long.iter().map(|d| d.text.len()).sum();
    let (wall, cpu) = timed(|| {
        for _ in 0..repeat {
            for d in &long {
                n += extractor.extract(&d.text, d.region).len();
            }
        }
    });
    let min_f1 = long_scores.iter().map(|s| s.f1()).fold(1.0, f64::min);
    println!(
        "throughput, all kinds, one thread, ads padded with ~1 KB of prose: {} (lowest per-kind F1 {min_f1:.3})",
        rates(long_bytes * repeat, wall, cpu)
    );
    let phones_only = Extractor::builder().kinds(&[EntityKind::Phone]).build()?;
    let (wall, cpu) = timed(|| {
        for _ in 0..repeat {
            for d in &corpus {
                n += phones_only.extract(&d.text, d.region).len();
                std::hint::black_box(n);
            }
        }
    });
    println!(
        "throughput, phones only, one thread: {}",
        rates(bytes * repeat, wall, cpu)
    );
    if let Some(path) = prose_corpus_out {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
        for d in &long {
            let region = d
                .region
                .map_or("null".to_string(), |r| json_str(r.as_str()));
            writeln!(f, "{{\"text\":{},\"region\":{region}}}", json_str(&d.text))?;
        }
        eprintln!("padded corpus written to {path}");
    }
    if let Some(path) = corpus_out {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
        for d in &corpus {
            let gold: Vec<String> = d
                .gold
                .iter()
                .map(|g| {
                    format!(
                        "{{\"kind\":{},\"key\":{},\"start\":{},\"end\":{},\"obfuscated\":{}}}",
                        json_str(g.kind.as_str()),
                        json_str(&g.key),
                        g.start,
                        g.end,
                        g.obfuscated
                    )
                })
                .collect();
            let region = d
                .region
                .map_or("null".to_string(), |r| json_str(r.as_str()));
            writeln!(
                f,
                "{{\"text\":{},\"region\":{region},\"home_region\":{},\"gold\":[{}]}}",
                json_str(&d.text),
                json_str(d.home_region.as_str()),
                gold.join(",")
            )?;
        }
        eprintln!("corpus written to {path}");
    }
    if let Some(path) = predictions_out {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
        for d in &corpus {
            let found: Vec<String> = extractor
                .extract(&d.text, d.region)
                .iter()
                .map(|e| {
                    format!(
                        "{{\"kind\":{},\"key\":{}}}",
                        json_str(e.kind().as_str()),
                        json_str(&corpus::entity_key(&e.value))
                    )
                })
                .collect();
            writeln!(f, "[{}]", found.join(","))?;
        }
        eprintln!("predictions written to {path}");
    }
    Ok(())
}
