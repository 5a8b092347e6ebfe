//! Property tests: clusters partition the input, in any order.

use proptest::prelude::*;
use redflag_link::{ImageInput, LinkConfig, LinkInput, Linker};
use redflag_model::{Entity, EntityValue, Span};
use std::collections::BTreeSet;

const WORDS: &[&str] = &[
    "sweet", "new", "town", "call", "work", "abroad", "visa", "free", "hotel", "tonight",
];
const BASES: [&str; 3] = [
    "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22",
    "0123456789abcdef0f1e2d3c4b5a69788796a5b4c3d2e1f0fedcba9876543210",
    "a5a5a5a55a5a5a5a3c3c3c3cc3c3c3c30ff00ff0f00ff00f6996699696699669",
];

#[derive(Clone, Debug)]
struct Spec {
    phones: Vec<u8>,
    words: Vec<u8>,
    image: Option<(u8, u8)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(0u8..6, 0..3),
        prop::collection::vec(0u8..10, 0..14),
        prop::option::of((0u8..3, 0u8..40)),
    )
        .prop_map(|(phones, words, image)| Spec {
            phones,
            words,
            image,
        })
}

struct Doc {
    id: String,
    text: String,
    entities: Vec<Entity>,
    image: Option<String>,
}

fn build(i: usize, s: &Spec) -> Doc {
    let mut text: String = s
        .words
        .iter()
        .map(|&w| WORDS[w as usize])
        .collect::<Vec<_>>()
        .join(" ");
    let mut entities = Vec::new();
    for &p in &s.phones {
        text.push_str(" call ");
        let start = text.len();
        text.push_str(&format!("06700000{p}"));
        let span = Span::new(start, text.len()).unwrap_or_else(|| unreachable!());
        entities.push(Entity::new(
            EntityValue::Phone {
                value: format!("+38067000000{p}"),
            },
            span,
            &text[start..],
            false,
        ));
    }
    let image = s.image.map(|(b, flips)| {
        let mut words: Vec<u64> = (0..4)
            .map(|k| u64::from_str_radix(&BASES[b as usize][k * 16..k * 16 + 16], 16).unwrap_or(0))
            .collect();
        for f in 0..u32::from(flips) {
            words[(f % 4) as usize] ^= 1 << (f * 7 % 64);
        }
        words.iter().map(|w| format!("{w:016x}")).collect()
    });
    Doc {
        id: format!("d{i}"),
        text,
        entities,
        image,
    }
}

fn partition(docs: &[Doc], order: &[usize]) -> Result<BTreeSet<Vec<String>>, redflag_link::Error> {
    let config = LinkConfig::builder()
        .hub_threshold(4)
        .min_cluster_size(1)
        .min_shingles(2)
        .build()?;
    let mut linker = Linker::new(config);
    for &i in order {
        let d = &docs[i];
        let mut input = LinkInput::new(&d.id)
            .with_text(&d.text)
            .with_entities(&d.entities);
        if let Some(h) = &d.image {
            input = input.with_image(ImageInput::new(h.clone(), Some(90)));
        }
        linker.add(&input)?;
    }
    Ok(linker.clusters().into_iter().map(|c| c.members).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn clusters_partition_the_ids_in_any_order(
        specs in prop::collection::vec(spec(), 1..30),
        seed in any::<u64>(),
    ) {
        let docs: Vec<Doc> = specs.iter().enumerate().map(|(i, s)| build(i, s)).collect();
        let forward: Vec<usize> = (0..docs.len()).collect();
        let p = partition(&docs, &forward).map_err(|e| TestCaseError::fail(e.to_string()))?;
        // Every id exactly once.
        let mut seen: Vec<&String> = p.iter().flatten().collect();
        seen.sort();
        let ids: BTreeSet<&String> = docs.iter().map(|d| &d.id).collect();
        prop_assert_eq!(seen.len(), docs.len());
        prop_assert_eq!(seen.into_iter().collect::<BTreeSet<_>>(), ids);
        // Any order gives the same partition.
        let mut shuffled = forward.clone();
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let q = partition(&docs, &shuffled).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(p, q);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Arbitrary text, spans and hash strings: `add` returns `Ok` or a typed error, never panics,
    /// and a rejected document leaves no trace.
    #[test]
    fn add_never_panics_on_arbitrary_input(
        text in "\\PC{0,80}",
        spans in prop::collection::vec((0usize..120, 0usize..40), 0..4),
        hashes in prop::collection::vec("[0-9a-fA-Fg+ é-]{0,70}", 0..3),
        quality in prop::option::of(any::<u8>()),
    ) {
        let entities: Vec<Entity> = spans
            .iter()
            .filter_map(|&(s, l)| Span::new(s, s + l))
            .map(|span| Entity::new(EntityValue::Email { value: "x@y.z".into() }, span, "", false))
            .collect();
        let mut input = LinkInput::new("doc").with_text(&text).with_entities(&entities);
        for h in &hashes {
            input = input.with_image(ImageInput::new(h.clone(), quality));
        }
        let mut linker = Linker::new(LinkConfig::default());
        match linker.add(&input) {
            Ok(()) => prop_assert_eq!(linker.len(), 1),
            Err(redflag_link::Error::InvalidPdq { .. }) => prop_assert_eq!(linker.len(), 0),
            Err(e) => prop_assert!(false, "unexpected error {}", e),
        }
        prop_assert!(linker.clusters().is_empty());
    }
}
