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
    fn short_hashes_equal_brute_force(hashes in prop::collection::vec(any::<u64>(), 1..200), q in any::<u64>(), radius in 0u32..64) {
        let mut index = HashIndex::new();
        for (i, h) in hashes.iter().enumerate() {
            index.insert(ImageHash::from_bytes(HashAlgorithm::Dhash, None, h.to_be_bytes().to_vec()).expect("8 bytes"), format!("e{i}"), "l");
        }
        let query = ImageHash::from_bytes(HashAlgorithm::Dhash, None, q.to_be_bytes().to_vec()).expect("8 bytes");
        let got: Vec<usize> = { let mut g: Vec<usize> = index.search(&query, radius).iter().map(|m| m.entry).collect(); g.sort_unstable(); g };
        let want: Vec<usize> = hashes.iter().enumerate().filter(|(_, h)| (*h ^ q).count_ones() <= radius).map(|(i, _)| i).collect();
        prop_assert_eq!(got, want);
        // PDQ queries never see 64-bit entries.
        prop_assert!(index.search(&pdq(&[0; 32]), 256).is_empty());
    }
}
