//! Steady-state extraction throughput on a corpus file, for before/after comparisons.
//!
//! ```text
//! cargo run --release -p redflag-entities --example entities_speed -- CORPUS.jsonl
//!     [--repeat N] [--phones-only] [--dump OUT.jsonl]
//! ```
//! `CORPUS.jsonl` has one `{"text": …, "region": "US"|null, …}` per line (what
//! `entities_eval --corpus-out` / `--prose-corpus-out` write). The extractor is built and run once
//! over the corpus (warm-up: lazy regex caches, phone metadata), then [`measure`] runs `N` passes.
//! Prints one line: bytes, passes, entities, CPU seconds and MB (10^6 bytes) of input text per
//! CPU-second. `--dump OUT.jsonl` also writes every document's entities (one JSON array per line,
//! in corpus order) so two builds' outputs can be compared with `cmp`. Under `valgrind --tool=callgrind --toggle-collect='entities_speed::measure'` the
//! instruction count covers exactly the measured passes, which is repeatable on a busy machine.
//!
//! This file uses only the crate's public API that has not changed since the first release, so
//! `benches/compare/entities_speed.sh` can build it against an older revision as the baseline.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use redflag_entities::Extractor;
use redflag_model::{EntityKind, Region};

/// This process's CPU time (user + system) in seconds, from `/proc/self/stat` (Linux).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0) // USER_HZ is 100 on Linux
}

/// The measured passes: every document, `repeat` times. Not inlined, so callgrind can toggle on it.
#[inline(never)]
fn measure(extractor: &Extractor, docs: &[(String, Option<Region>)], repeat: usize) -> usize {
    passes(extractor, docs, repeat)
}

/// One pass before measuring (lazy regex caches, phone metadata patterns compiled on first use).
#[inline(never)]
fn warm_up(extractor: &Extractor, docs: &[(String, Option<Region>)]) -> usize {
    passes(extractor, docs, 1)
}

#[inline(always)]
fn passes(extractor: &Extractor, docs: &[(String, Option<Region>)], repeat: usize) -> usize {
    let mut n = 0;
    for _ in 0..repeat {
        for (text, region) in docs {
            n += extractor.extract(std::hint::black_box(text), *region).len();
        }
    }
    n
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut path = None;
    let mut repeat = 5usize;
    let mut phones_only = false;
    let mut dump: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => repeat = args.next().ok_or("--repeat needs a value")?.parse()?,
            "--phones-only" => phones_only = true,
            "--dump" => dump = Some(args.next().ok_or("--dump needs a path")?),
            other if !other.starts_with("--") => path = Some(other.to_string()),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let path = path.ok_or(
        "usage: entities_speed CORPUS.jsonl [--repeat N] [--phones-only] [--dump OUT.jsonl]",
    )?;
    let mut docs: Vec<(String, Option<Region>)> = Vec::new();
    for line in std::fs::read_to_string(&path)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let text = v["text"].as_str().ok_or("a line without text")?.to_string();
        let region = v["region"].as_str().and_then(|r| r.parse().ok());
        docs.push((text, region));
    }
    let extractor = if phones_only {
        Extractor::builder().kinds(&[EntityKind::Phone]).build()?
    } else {
        Extractor::new()
    };
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let warm = warm_up(&extractor, &docs);
    if let Some(out) = dump {
        let mut lines = String::new();
        for (text, region) in &docs {
            lines.push_str(&serde_json::to_string(&extractor.extract(text, *region))?);
            lines.push('\n');
        }
        std::fs::write(out, lines)?;
    }
    let cpu0 = cpu_seconds();
    let n = measure(&extractor, &docs, repeat);
    let cpu = cpu0.zip(cpu_seconds()).map(|(a, b)| b - a);
    if n != warm * repeat {
        return Err("the passes found different entities".into());
    }
    let mb = (bytes * repeat) as f64 / 1e6;
    match cpu.filter(|c| *c > 0.0) {
        Some(c) => println!(
            "bytes {bytes} passes {repeat} entities {n} cpu_s {c:.3} mb_per_cpu_s {:.2}",
            mb / c
        ),
        None => println!("bytes {bytes} passes {repeat} entities {n} cpu_s - mb_per_cpu_s -"),
    }
    Ok(())
}
