//! Planted operations: pairwise precision and recall, and hub control.
//!
//! The measure is pairwise co-membership: over all pairs of documents, a pair is predicted when
//! both are in one cluster and true when both belong to one planted operation.

use redflag_link::synth::{self, HUB_PHONE, SynthConfig, SynthDoc};
use redflag_link::{Evidence, LinkConfig, Linker};

fn link(corpus: &[SynthDoc], config: LinkConfig) -> Result<Linker, redflag_link::Error> {
    let mut linker = Linker::new(config);
    for doc in corpus {
        linker.add(&doc.input())?;
    }
    Ok(linker)
}

#[test]
fn planted_operations_are_found_with_high_precision_and_recall()
-> Result<(), Box<dyn std::error::Error>> {
    for seed in [1, 2, 3] {
        let corpus: Vec<SynthDoc> = synth::generate(&SynthConfig::new(seed, 60, 1500)).collect();
        let linker = link(&corpus, LinkConfig::default())?;
        let s = synth::pairwise(
            &linker.clusters(),
            corpus.iter().map(|d| (d.id.as_str(), d.operation)),
        );
        assert!(s.precision >= 0.95, "seed {seed}: {s:?}");
        assert!(s.recall >= 0.90, "seed {seed}: {s:?}");
    }
    Ok(())
}

#[test]
fn hubs_do_not_merge_unrelated_operations() -> Result<(), Box<dyn std::error::Error>> {
    let corpus: Vec<SynthDoc> = synth::generate(&SynthConfig::new(9, 60, 1500)).collect();
    let linker = link(&corpus, LinkConfig::default())?;
    let hubs = linker.hubs();
    assert!(
        hubs.iter()
            .any(|h| h.kind == Evidence::Phone && h.value == HUB_PHONE),
        "{hubs:?}"
    );
    assert!(hubs.iter().any(|h| h.kind == Evidence::Image), "{hubs:?}");
    let op_of = |id: &str| corpus.iter().find(|d| d.id == id).and_then(|d| d.operation);
    for c in linker.clusters() {
        let ops: std::collections::BTreeSet<Option<u32>> =
            c.members.iter().map(|m| op_of(m)).collect();
        // One operation per cluster, never an operation glued to unrelated ads. (Unrelated ads
        // copied from one generic template kit do form clusters of their own.)
        assert_eq!(ops.len(), 1, "cluster {} mixes {ops:?}", c.id);
        if ops.contains(&None) {
            assert!(
                c.shared.iter().all(|s| s.kind == Evidence::Template),
                "unrelated ads linked by more than a template kit: {c:?}"
            );
        }
        assert!(c.size <= 40);
    }
    // The same corpus without hub control collapses into one giant component.
    let glued = link(
        &corpus,
        LinkConfig::builder().hub_threshold(u32::MAX).build()?,
    )?;
    assert!(glued.clusters()[0].size > 1000);
    Ok(())
}
