//! Linking throughput on a fixed synthetic corpus of planted operations.
//!
//! `cargo bench --bench link`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use redflag_link::synth::{self, SynthConfig, SynthDoc};
use redflag_link::{LinkConfig, Linker};
use std::hint::black_box;

fn corpus() -> Vec<SynthDoc> {
    // No template kits: every cluster is then exactly one planted operation.
    let mut config = SynthConfig::new(42, 50, 10_000);
    config.kit_share = 0.0;
    synth::generate(&config).collect()
}

fn link(c: &mut Criterion) {
    let docs = corpus();
    let operations = docs
        .iter()
        .filter_map(|d| d.operation)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let mut group = c.benchmark_group("link");
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.sample_size(10);
    group.bench_function("add_and_cluster", |b| {
        b.iter(|| {
            let mut linker = Linker::new(LinkConfig::default());
            for d in &docs {
                if let Err(e) = linker.add(&d.input()) {
                    panic!("synthetic document rejected: {e}");
                }
            }
            let clusters = linker.clusters();
            assert_eq!(
                clusters.len(),
                operations,
                "every planted operation is one cluster"
            );
            black_box(clusters)
        })
    });
    let mut linker = Linker::new(LinkConfig::default());
    for d in &docs {
        if let Err(e) = linker.add(&d.input()) {
            panic!("synthetic document rejected: {e}");
        }
    }
    group.throughput(Throughput::Elements(1));
    group.bench_function("clusters_of_10k", |b| {
        b.iter(|| {
            let clusters = linker.clusters();
            assert_eq!(clusters.len(), operations);
            black_box(clusters)
        })
    });
    group.finish();
}

criterion_group!(benches, link);
criterion_main!(benches);
