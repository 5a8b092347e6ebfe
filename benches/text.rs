//! Throughput of redflag-text on seeded synthetic ad corpora (plain and obfuscated), default lexicon.
//!
//! `cargo bench --bench text`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use redflag::text::synth::{Style, corpus};
use redflag::text::{Lexicon, Matcher, Normalizer, Scratch};
use std::hint::black_box;

const BYTES: usize = 1 << 20;

fn count_hits(matcher: &Matcher, docs: &[String]) -> usize {
    let mut scratch = Scratch::new();
    let mut hits = Vec::new();
    let mut n = 0;
    for d in docs {
        matcher.find_all_with(&mut scratch, d, &mut hits);
        n += hits.len();
    }
    n
}

fn bench(c: &mut Criterion) {
    let lexicon = Lexicon::embedded();
    let matcher = Matcher::new(&lexicon).unwrap_or_else(|e| panic!("{e}"));
    let normalizer = Normalizer::new();
    for (name, style) in [("plain", Style::Plain), ("obfuscated", Style::Obfuscated)] {
        let docs = corpus(&lexicon, 42, BYTES, style);
        let bytes: usize = docs.iter().map(String::len).sum();
        let expected = count_hits(&matcher, &docs);
        assert!(
            expected >= docs.len() / 2,
            "{name}: only {expected} hits in {} documents",
            docs.len()
        );
        let mut group = c.benchmark_group(format!("text/{name}"));
        group.throughput(Throughput::Bytes(bytes as u64));
        group.sample_size(20);
        group.bench_function("normalize", |b| {
            let mut out = redflag::text::Normalized::default();
            b.iter(|| {
                let mut len = 0;
                for d in &docs {
                    normalizer.normalize_into(black_box(d), &mut out);
                    len += out.as_str().len();
                }
                assert!(len > 0);
                len
            })
        });
        group.bench_function("find_all_with", |b| {
            b.iter(|| {
                let n = count_hits(&matcher, black_box(&docs));
                assert_eq!(n, expected);
                n
            })
        });
        group.bench_function("scan_with", |b| {
            let mut scratch = Scratch::new();
            b.iter(|| {
                let n: usize = docs
                    .iter()
                    .map(|d| {
                        matcher
                            .scan_with(&mut scratch, black_box(d), &[])
                            .hits
                            .len()
                    })
                    .sum();
                assert_eq!(n, expected);
                n
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
