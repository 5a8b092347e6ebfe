//! Known-hash list parsing (CSV, plain, ThreatExchange): entries or a typed error naming the line.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redflag_imagehash::{HashIndex, KnownList, KnownListOptions};

fuzz_target!(|data: &[u8]| {
    if data.len() > 256 * 1024 {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(list) = KnownList::parse("fuzz.csv", text, &KnownListOptions::default()) {
        let mut index = HashIndex::new();
        index.add_list(&list);
        for e in list.entries.iter().take(4) {
            let found = index.search(&e.hash, 0);
            assert!(found.iter().any(|m| m.distance == 0));
        }
    }
});
