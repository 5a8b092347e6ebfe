//! The index returns exactly what a brute-force scan returns.

use proptest::prelude::*;
use redflag_imagehash::{HashIndex, Strategy};
use redflag_model::{HashAlgorithm, ImageHash};

fn pdq(bytes: &[u8; 32]) -> ImageHash {
    ImageHash::from_bytes(HashAlgorithm::Pdq, None, bytes.to_vec()).expect("32 bytes")
}

/// Random hashes in a few clusters (so that radii up to 64 find something), plus queries.
fn flip(base: &[u8; 32], bits: &[u8]) -> [u8; 32] {
    let mut out = *base;
    for &b in bits {
        out[usize::from(b) / 8] ^= 1 << (b % 8);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn index_equals_brute_force(
        centres in prop::collection::vec(prop::array::uniform32(any::<u8>()), 1..4),
        members in prop::collection::vec((0usize..4, prop::collection::vec(any::<u8>(), 0..50)), 1..300),
        query in (0usize..4, prop::collection::vec(any::<u8>(), 0..40)),
        radius in 0u32..70,
    ) {
        let mut index = HashIndex::new();
        let mut all = Vec::new();
        for (i, (c, bits)) in members.iter().enumerate() {
            let h = flip(&centres[c % centres.len()], bits);
            index.insert(pdq(&h), format!("e{i}"), "l");
            all.push(h);
        }
        let q = pdq(&flip(&centres[query.0 % centres.len()], &query.1));
        let mut expected: Vec<(usize, u32)> = all.iter().enumerate()
            .filter_map(|(i, h)| { let d = pdq(h).distance(&q)?; (d <= radius).then_some((i, d)) })
            .collect();
        expected.sort_unstable();
        for strategy in [Strategy::Auto, Strategy::MultiIndex, Strategy::Linear] {
            let mut got: Vec<(usize, u32)> = index.search_with(&q, radius, strategy).iter().map(|m| (m.entry, m.distance)).collect();
            got.sort_unstable();
            prop_assert_eq!(&got, &expected, "{:?}", strategy);
        }
    }

    #[test]
    fn short_hashes_equal_brute_force(
        centres in prop::collection::vec(any::<u64>(), 1..4),
        members in prop::collection::vec((0usize..4, prop::collection::vec(0u8..64, 0..20), 0usize..3), 1..300),
        query in (0usize..4, prop::collection::vec(0u8..64, 0..16), 0usize..3),
        radius in 0u32..40,
    ) {
        // Three tables that must never see each other: dHash of redflag's variant, dHash of
        // another variant, pHash of redflag's variant (same bits in all three).
        let kinds = [
            (HashAlgorithm::Dhash, redflag_imagehash::variant_of(HashAlgorithm::Dhash)),
            (HashAlgorithm::Dhash, Some("python-imagehash-dhash-8")),
            (HashAlgorithm::Phash, redflag_imagehash::variant_of(HashAlgorithm::Phash)),
        ];
        let short = |k: usize, h: u64| {
            ImageHash::from_bytes(kinds[k].0, kinds[k].1.map(str::to_owned), h.to_be_bytes().to_vec()).expect("8 bytes")
        };
        let flip64 = |c: usize, bits: &[u8]| bits.iter().fold(centres[c % centres.len()], |h, &b| h ^ (1u64 << b));
        let mut index = HashIndex::new();
        let mut all = Vec::new();
        for (i, (c, bits, k)) in members.iter().enumerate() {
            let h = flip64(*c, bits);
            index.insert(short(*k, h), format!("e{i}"), "l");
            all.push((h, *k));
        }
        let q = flip64(query.0, &query.1);
        let want: Vec<(String, u32)> = {
            let mut w: Vec<(String, u32)> = all.iter().enumerate()
                .filter(|(_, (h, k))| *k == query.2 && (h ^ q).count_ones() <= radius)
                .map(|(i, (h, _))| (format!("e{i}"), (h ^ q).count_ones()))
                .collect();
            w.sort_unstable();
            w
        };
        for strategy in [Strategy::Auto, Strategy::MultiIndex, Strategy::Linear] {
            let mut got: Vec<(String, u32)> = index.search_with(&short(query.2, q), radius, strategy)
                .into_iter().map(|m| (m.reference, m.distance)).collect();
            got.sort_unstable();
            prop_assert_eq!(&got, &want, "{:?}", strategy);
        }
        // PDQ queries never see 64-bit entries.
        prop_assert!(index.search(&pdq(&[0; 32]), 256).is_empty());
    }
}
