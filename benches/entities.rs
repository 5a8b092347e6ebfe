//! Entity extraction throughput on the seeded labelled corpus (redflag-entities).
//!
//! `cargo bench --bench entities`. The extractor is built outside the timed loop; each iteration
//! extracts every document and checks the entity count, so a bench that silently stops finding
//! things fails instead of getting faster.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use redflag::entities::{Extractor, corpus};
use redflag::model::EntityKind;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let docs = corpus::generate(2026, 1000);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let all = Extractor::new();
    let phones = match Extractor::builder().kinds(&[EntityKind::Phone]).build() {
        Ok(e) => e,
        Err(e) => panic!("building a phone-only extractor: {e}"),
    };
    let expected_all: usize = docs
        .iter()
        .map(|d| all.extract(&d.text, d.region).len())
        .sum();
    let expected_phones: usize = docs
        .iter()
        .map(|d| phones.extract(&d.text, d.region).len())
        .sum();
    let gold: usize = docs.iter().map(|d| d.gold.len()).sum();
    assert!(
        expected_all * 100 >= gold * 97,
        "extraction regressed: {expected_all} of {gold}"
    );

    let mut g = c.benchmark_group("entities");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("all_kinds_1000_docs", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .map(|d| all.extract(black_box(&d.text), d.region).len())
                .sum();
            assert_eq!(n, expected_all);
        })
    });
    g.bench_function("phones_only_1000_docs", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .map(|d| phones.extract(black_box(&d.text), d.region).len())
                .sum();
            assert_eq!(n, expected_phones);
        })
    });
    g.finish();

    // The same documents inside ~1 KB of ordinary ad prose: the density of real ads.
    let long = corpus::with_prose(&docs, 7, 1000);
    let long_bytes: usize = long.iter().map(|d| d.text.len()).sum();
    let expected_long: usize = long
        .iter()
        .map(|d| all.extract(&d.text, d.region).len())
        .sum();
    assert_eq!(
        expected_long, expected_all,
        "prose must not add or hide entities"
    );
    let mut g = c.benchmark_group("entities_with_prose");
    g.throughput(Throughput::Bytes(long_bytes as u64));
    g.bench_function("all_kinds_1000_docs", |b| {
        b.iter(|| {
            let n: usize = long
                .iter()
                .map(|d| all.extract(black_box(&d.text), d.region).len())
                .sum();
            assert_eq!(n, expected_long);
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
