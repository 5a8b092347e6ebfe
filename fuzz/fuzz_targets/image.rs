//! Image decode + every hash, under small limits: typed errors, never a panic or an OOM.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redflag::model::HashAlgorithm;
use redflag_imagehash::{Dihedral, Hasher, Limits, Windows};
use std::sync::OnceLock;

fn hasher() -> &'static Hasher {
    static H: OnceLock<Hasher> = OnceLock::new();
    H.get_or_init(|| {
        let mut limits = Limits::default();
        limits.max_pixels = 4 * 1024 * 1024;
        limits.max_alloc = 64 * 1024 * 1024;
        Hasher::builder()
            .limits(limits)
            .algorithms(&HashAlgorithm::ALL)
            .windows(Windows::Standard)
            .dihedral(Dihedral::Compute)
            .build()
            .expect("valid hasher")
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() > 1 << 20 {
        return;
    }
    if let Ok(digest) = hasher().hash_bytes(data, "fuzz") {
        for record in digest.records("fuzz") {
            assert!(record.hash.len() == 64 || record.hash.len() == 16);
        }
    }
});
