//! What each fuzz target runs on one input, shared by the targets (`fuzz_targets/*.rs`) and by the
//! ordinary tests that replay `testdata/fuzz-regressions/<target>/` and the `testdata/bad/` corpus,
//! so a replayed input goes through exactly the code the fuzzer ran. Each function panics only
//! when an invariant is broken (that is the finding); bad input itself must give a typed error.
//!
//! Included with `#[path]` (no crate of its own): it needs only the `redflag` facade with the
//! `text`, `entities` and `imagehash` features.

#![allow(dead_code)]

use redflag::Detector;
use redflag::imagehash::{
    Dihedral, HashIndex, Hasher, KnownList, KnownListOptions, Limits, Windows,
};
use redflag::model::{Document, HashAlgorithm, Part, Report};
use std::sync::OnceLock;

/// One target's check of one input.
pub(crate) type Check = fn(&[u8]);

/// The targets, by name, as `fuzz/Cargo.toml` lists them.
pub(crate) const TARGETS: [(&str, Check); 6] = [
    ("lexicon", lexicon),
    ("scan_text", scan_text),
    ("entities", entities),
    ("jsonl_record", jsonl_record),
    ("image", image),
    ("known_list", known_list),
];

/// The text every compiled fuzz lexicon scans: plain, styled and spaced-out indicator words, and
/// a long run that exponential regex engines choke on.
pub(crate) fn lexicon_probe() -> &'static str {
    static P: OnceLock<String> = OnceLock::new();
    P.get_or_init(|| {
        let mut s = String::from("fresh new in town deposit first 𝓯𝓻𝓮𝓼𝓱 f r e s h ");
        s.push_str(&"a".repeat(4096));
        s.push('!');
        s
    })
}

/// Lexicon parse + compile: any TOML gives a lexicon or a typed error; a compiled matcher scans.
pub(crate) fn lexicon(data: &[u8]) {
    if data.len() > 64 * 1024 {
        return;
    }
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(lexicon) = redflag::text::Lexicon::from_toml(src, "fuzz.toml")
        && let Ok(matcher) = redflag::text::Matcher::new(&lexicon)
    {
        let probe = lexicon_probe();
        let analysis = matcher.scan(probe, &[]);
        for hit in &analysis.hits {
            assert_eq!(hit.span.slice(probe), Some(hit.matched.as_str()));
        }
    }
}

fn default_matcher() -> &'static redflag::text::Matcher {
    static M: OnceLock<redflag::text::Matcher> = OnceLock::new();
    M.get_or_init(|| {
        redflag::text::Matcher::new(&redflag::text::Lexicon::embedded())
            .expect("default lexicon compiles")
    })
}

/// Normalize + match with the default lexicon: every hit's span lies on char boundaries of the
/// input and `matched` is exactly that slice; the score is in 0..=1.
pub(crate) fn scan_text(data: &[u8]) {
    if data.len() > 64 * 1024 {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let analysis = default_matcher().scan(&text, &[]);
    for hit in &analysis.hits {
        assert_eq!(hit.span.slice(&text), Some(hit.matched.as_str()));
    }
    assert!((0.0..=1.0).contains(&analysis.score));
}

fn extractor() -> &'static redflag::entities::Extractor {
    static E: OnceLock<redflag::entities::Extractor> = OnceLock::new();
    E.get_or_init(redflag::entities::Extractor::new)
}

/// Entity extraction on a 2-byte region and arbitrary text: every entity's span is valid and
/// `matched` is exactly that slice.
pub(crate) fn entities(data: &[u8]) {
    if data.len() < 2 || data.len() > 64 * 1024 {
        return;
    }
    let region = std::str::from_utf8(&data[..2])
        .ok()
        .and_then(|r| r.parse().ok());
    let text = String::from_utf8_lossy(&data[2..]);
    for e in extractor().extract(&text, region) {
        assert_eq!(e.span.slice(&text), Some(e.matched.as_str()));
    }
}

fn detector() -> &'static Detector {
    static D: OnceLock<Detector> = OnceLock::new();
    D.get_or_init(|| {
        Detector::builder()
            .parts(&[Part::Indicators, Part::Entities])
            .build()
            .expect("default detector builds")
    })
}

/// One JSONL record through the facade, as `redflag scan` does per line: a record that reads as a
/// document scans, and its report serializes and reads back with the same id.
pub(crate) fn jsonl_record(data: &[u8]) {
    if data.len() > 256 * 1024 {
        return;
    }
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(doc) = serde_json::from_str::<Document>(line) else {
        return;
    };
    let report = detector().scan(&doc);
    let json = serde_json::to_string(&report).expect("reports serialize");
    let back: Report = serde_json::from_str(&json).expect("reports read back");
    assert_eq!(back.id, doc.id);
}

/// The decoding limits of the `image` target (smaller than the defaults, so the fuzzer explores
/// more inputs per second).
pub(crate) fn image_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_pixels = 4 * 1024 * 1024;
    limits.max_alloc = 64 * 1024 * 1024;
    limits
}

fn hasher() -> &'static Hasher {
    static H: OnceLock<Hasher> = OnceLock::new();
    H.get_or_init(|| {
        Hasher::builder()
            .limits(image_limits())
            .algorithms(&HashAlgorithm::ALL)
            .windows(Windows::Standard)
            .dihedral(Dihedral::Compute)
            .build()
            .expect("valid hasher")
    })
}

/// Image decode + every hash, windows and dihedral hashes under 4-megapixel / 64 MiB limits:
/// typed errors, never a panic or an out-of-memory.
pub(crate) fn image(data: &[u8]) {
    if data.len() > 1 << 20 {
        return;
    }
    match hasher().hash_bytes(data, "fuzz") {
        Ok(digest) => {
            for record in digest.records("fuzz") {
                assert!(record.hash.len() == 64 || record.hash.len() == 16);
            }
        }
        Err(e) => assert!(
            e.to_string().contains("fuzz"),
            "errors name the source: {e}"
        ),
    }
}

/// Known-hash list parsing (CSV, plain, ThreatExchange): entries or a typed error; every entry is
/// found again at distance 0.
pub(crate) fn known_list(data: &[u8]) {
    if data.len() > 256 * 1024 {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match KnownList::parse("fuzz.csv", text, &KnownListOptions::default()) {
        Ok(list) => {
            let mut index = HashIndex::new();
            index.add_list(&list);
            for e in list.entries.iter().take(4) {
                let found = index.search(&e.hash, 0);
                assert!(found.iter().any(|m| m.distance == 0));
            }
        }
        Err(e) => assert!(
            e.to_string().contains("fuzz.csv"),
            "errors name the list: {e}"
        ),
    }
}
