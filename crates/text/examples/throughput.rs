//! Times normalization and matching on a seeded corpus: `cargo run -p redflag-text --release --example
//! throughput [plain|obfuscated] [MiB] [FILE|-] [ROUNDS]`. With FILE, scans its lines instead (one
//! document per line). Figures are wall-clock: run on an idle machine, or compare CPU time with `time`.
#![allow(clippy::print_stdout)]

use redflag_text::synth::{Style, corpus};
use redflag_text::{Lexicon, Matcher, Normalized, Normalizer, Scratch};
use std::time::Instant;

/// User + system CPU time of this process (Linux `/proc/self/stat`, 100 ticks per second), to
/// measure on a shared machine; `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let style = if args.first().map(String::as_str) == Some("obfuscated") {
        Style::Obfuscated
    } else {
        Style::Plain
    };
    let mib: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(4);
    let lexicon = Lexicon::embedded();
    let docs: Vec<String> = match args.get(2).filter(|p| p.as_str() != "-") {
        Some(path) => std::fs::read_to_string(path)?
            .lines()
            .map(str::to_owned)
            .collect(),
        None => corpus(&lexicon, 42, mib << 20, style),
    };
    let rounds: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let bytes: usize = docs.iter().map(String::len).sum();
    let matcher = Matcher::new(&lexicon)?;
    let normalizer = Normalizer::new();
    let mut out = Normalized::default();
    let t = Instant::now();
    for _ in 0..rounds {
        for d in &docs {
            normalizer.normalize_into(d, &mut out);
        }
    }
    let norm = t.elapsed().as_secs_f64();
    let mut scratch = Scratch::new();
    let mut hits = Vec::new();
    let mut n = 0;
    let cpu = cpu_seconds();
    let t = Instant::now();
    for _ in 0..rounds {
        for d in &docs {
            matcher.find_all_with(&mut scratch, d, &mut hits);
            n += hits.len();
        }
    }
    let find = t.elapsed().as_secs_f64();
    let find_cpu = cpu_seconds().zip(cpu).map(|(b, a)| b - a);
    let mb = (bytes * rounds) as f64 / 1e6;
    // Calibration: the standard library's lower-casing of the same documents.
    let t = Instant::now();
    let mut lower = 0;
    for _ in 0..rounds {
        for d in &docs {
            lower += d.to_lowercase().len();
        }
    }
    println!(
        "str::to_lowercase {:.1} MB/s ({lower} bytes)",
        mb / t.elapsed().as_secs_f64()
    );
    println!(
        "documents {} bytes {bytes} hits {n} automaton terms {}",
        docs.len(),
        matcher.term_count()
    );
    println!("normalize {:.1} MB/s", mb / norm);
    println!("find_all_with {:.1} MB/s", mb / find);
    if let Some(secs) = find_cpu.filter(|s| *s > 0.0) {
        println!("find_all_with_cpu {:.1} MB/s", mb / secs);
    }
    Ok(())
}
