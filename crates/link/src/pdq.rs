//! PDQ hashes and an exact near-neighbour index (multi-index hashing).
//!
//! A 256-bit hash is cut into 16 slots of 16 bits. Two hashes within Hamming distance `d` differ in
//! at most `d` bits, so by the pigeonhole principle some slot differs in at most `⌊d / 16⌋` bits.
//! For `d ≤ 31` it is enough to probe, in every slot, the query's value and its 16 one-bit
//! neighbours, then verify the full distance: the search is exact, not approximate.

/// A 256-bit PDQ hash as four big-endian words, in the reference's hex order.
pub(crate) type Pdq = [u64; 4];

/// Parses 64 hex digits (either case, surrounding whitespace trimmed).
pub(crate) fn parse_pdq(hex: &str) -> Result<Pdq, String> {
    let hex = hex.trim();
    if hex.len() != 64 {
        return Err(format!("expected 64 hex digits, got {}", hex.len()));
    }
    let mut out = [0u64; 4];
    for (i, word) in out.iter_mut().enumerate() {
        let part = hex.get(i * 16..i * 16 + 16).ok_or("non-hex character")?;
        *word = u64::from_str_radix(part, 16).map_err(|_| "non-hex character".to_owned())?;
        if part.starts_with(['+', '-']) {
            return Err("non-hex character".to_owned());
        }
    }
    Ok(out)
}

/// Lowercase hex of a hash.
pub(crate) fn pdq_hex(h: &Pdq) -> String {
    h.iter().map(|w| format!("{w:016x}")).collect()
}

/// Hamming distance.
pub(crate) fn distance(a: &Pdq, b: &Pdq) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x ^ y).count_ones()).sum()
}

fn slot(h: &Pdq, s: usize) -> u16 {
    (h[s / 4] >> (48 - 16 * (s % 4))) as u16
}

const SLOTS: usize = 16;

/// Exact radius search over the hashes added so far. Each hash is an entry `0, 1, 2, …`; each
/// of the 16 × 65,536 buckets is a vector of entries in insertion order, so a probe reads one
/// contiguous list (memory: 16 entry numbers per indexed hash, plus the hashes themselves).
#[derive(Clone, Debug, Default)]
pub(crate) struct PdqIndex {
    hashes: Vec<Pdq>,
    buckets: Vec<Vec<u32>>,
}

impl PdqIndex {
    pub(crate) fn new() -> PdqIndex {
        PdqIndex::default()
    }

    pub(crate) fn len(&self) -> usize {
        self.hashes.len()
    }

    pub(crate) fn get(&self, entry: u32) -> Option<&Pdq> {
        self.hashes.get(entry as usize)
    }

    /// Stores a hash without indexing it: for an exact copy of an indexed hash, which every search
    /// finds through the original. Returns its entry number.
    pub(crate) fn push_copy(&mut self, h: Pdq) -> u32 {
        let entry = self.hashes.len() as u32;
        self.hashes.push(h);
        entry
    }

    /// Adds and indexes a hash; returns its entry number.
    pub(crate) fn push(&mut self, h: Pdq) -> u32 {
        if self.buckets.is_empty() {
            self.buckets = vec![Vec::new(); SLOTS << 16];
        }
        let entry = self.hashes.len() as u32;
        self.hashes.push(h);
        for s in 0..SLOTS {
            self.buckets[(s << 16) | usize::from(slot(&h, s))].push(entry);
        }
        entry
    }

    /// Calls `found(entry, distance)` for the stored hashes within `max` (≤ 31) of `q`; `found`
    /// returns whether the match was new information (a group not seen yet, or closer). Each
    /// probed bucket is walked most recent first, for at most `limit` entries, and stops after
    /// [`REDUNDANT_STOP`] matches that were not new information: a bucket full of copies of one
    /// re-used photo is not walked to the end. With both limits out of reach (no bucket holds more
    /// than `limit` hashes, no photo re-used that often) the search is exact. An entry may be
    /// reported more than once (once per matching slot).
    pub(crate) fn search(
        &self,
        q: &Pdq,
        max: u32,
        limit: u32,
        mut found: impl FnMut(u32, u32) -> bool,
    ) {
        if self.buckets.is_empty() {
            return;
        }
        let flips = max / SLOTS as u32; // 0 or 1 for max ≤ 31
        for s in 0..SLOTS {
            let v = slot(q, s);
            let mut probe = |value: u16| {
                let bucket = &self.buckets[(s << 16) | usize::from(value)];
                let mut redundant = 0;
                for &e in bucket.iter().rev().take(limit as usize) {
                    let d = distance(q, &self.hashes[e as usize]);
                    if d <= max && !found(e, d) {
                        redundant += 1;
                        if redundant >= REDUNDANT_STOP {
                            break;
                        }
                    }
                }
            };
            probe(v);
            if flips >= 1 {
                for bit in 0..16 {
                    probe(v ^ (1 << bit));
                }
            }
        }
    }
}

/// A bucket walk stops after this many matches that told nothing new.
pub(crate) const REDUNDANT_STOP: u32 = 8;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::SplitMix64;

    fn random(r: &mut SplitMix64) -> Pdq {
        [r.next_u64(), r.next_u64(), r.next_u64(), r.next_u64()]
    }

    fn flip(mut h: Pdq, bits: &[usize]) -> Pdq {
        for &b in bits {
            h[b / 64] ^= 1 << (b % 64);
        }
        h
    }

    #[test]
    fn parse_round_trips_and_rejects_bad_hex() {
        let hex = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
        let h = parse_pdq(hex).unwrap_or_default();
        assert_eq!(pdq_hex(&h), hex);
        assert!(parse_pdq(&hex.to_uppercase()).is_ok());
        assert!(parse_pdq("abc").is_err());
        assert!(parse_pdq(&"g".repeat(64)).is_err());
        assert!(parse_pdq(&format!("+{}", &hex[1..])).is_err());
        assert!(parse_pdq(&"é".repeat(32)).is_err());
    }

    #[test]
    fn search_is_exact_up_to_31() {
        let mut r = SplitMix64::new(9);
        let mut index = PdqIndex::new();
        let base = random(&mut r);
        for _ in 0..500 {
            index.push(random(&mut r));
        }
        // Worst case for the pigeonhole: 31 bits spread two per slot except one slot.
        let spread: Vec<usize> = (0..31).map(|i| (i % 16) * 16 + i / 16).collect();
        let near = index.push(flip(base, &spread));
        let far = index.push(flip(base, &(0..32).map(|i| i * 8).collect::<Vec<_>>()));
        let mut hits = Vec::new();
        index.search(&base, 31, u32::MAX, |e, d| {
            hits.push((e, d));
            true
        });
        hits.sort_unstable();
        hits.dedup();
        assert_eq!(hits, [(near, 31)]);
        assert!(index.get(far).is_some());
        // Brute force agrees on random queries at radius 31.
        for _ in 0..20 {
            let q = flip(random(&mut r), &[]);
            let mut got = Vec::new();
            index.search(&q, 31, u32::MAX, |e, _| {
                got.push(e);
                true
            });
            got.sort_unstable();
            got.dedup();
            let want: Vec<u32> = (0..index.len() as u32)
                .filter(|&e| index.get(e).is_some_and(|h| distance(h, &q) <= 31))
                .collect();
            assert_eq!(got, want);
        }
    }
}
