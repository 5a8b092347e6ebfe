//! An exact Hamming-radius index of known hashes.
//!
//! PDQ hashes (256 bits) are stored as four `u64` words, 32 bytes per hash, plus their id. Radius
//! queries are exact and pick one of two strategies ([`Strategy::Auto`]):
//!
//! * **multi-index hashing** (Norouzi et al., TPAMI 2014) for radius ≤ 31: the hash is cut into 16
//!   slots of 16 bits, each with a table from slot value to entries. Two hashes within distance
//!   `d` agree within `⌊d/16⌋` bits on at least one slot (pigeonhole), so probing each slot's
//!   bucket and its 16 one-bit neighbours (for `d` ≥ 16) finds every candidate; each candidate is
//!   verified with a full XOR + popcount and reported from the first slot that finds it, so there
//!   are no duplicates and no visited set. Tables cost 4 bytes per hash per slot (64 B/hash) plus
//!   4 MiB of bucket offsets, and are built lazily on the first query after an insert.
//! * **a linear XOR + popcount scan** for larger radii (where MIH probes too many buckets) and for
//!   small indexes.
//!
//! 64-bit hashes (pHash, dHash, aHash) are kept in one table per algorithm **and variant**
//! (8 bytes per hash): a query only ever meets hashes of its own algorithm and variant, because
//! distances between a dHash and a pHash, or between two configurations of one algorithm, mean
//! nothing. Radius queries on them are exact too: multi-index hashing with 4 slots of 16 bits
//! (pigeonhole: within distance `d` some slot differs in at most `⌊d/4⌋` bits; tables 16 B/hash
//! plus 1 MiB of bucket offsets) for radius ≤ [`MIH64_MAX_RADIUS`] once a table holds
//! [`MIH_MIN_ENTRIES`] hashes, else a linear XOR + popcount scan.
//!
//! Hashes are compared only with hashes of the same algorithm (and, for 64-bit hashes, variant).

use crate::Error;
use crate::windows::FULL;
use redflag_model::{HashAlgorithm, ImageHash, ImageMatch};
use std::sync::OnceLock;

/// How [`HashIndex::search_with`] looks for neighbours (results are the same either way).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Strategy {
    /// Multi-index hashing when the radius is ≤ 31 (PDQ) or ≤ [`MIH64_MAX_RADIUS`] (64-bit
    /// hashes) and the query's table holds at least [`MIH_MIN_ENTRIES`] hashes, else the linear
    /// scan. The default.
    #[default]
    Auto,
    /// Always multi-index hashing (any radius; slow for radius ≥ 48 on PDQ, ≥ 12 on 64-bit
    /// hashes).
    MultiIndex,
    /// Always the linear scan.
    Linear,
}

/// Below this many entries in the query's table (PDQ, or one 64-bit algorithm and variant),
/// [`Strategy::Auto`] scans linearly.
pub const MIH_MIN_ENTRIES: usize = 4096;

/// A known hash within the query radius.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IndexMatch {
    /// The known entry's id (its `id` column, else `path`, else line number).
    pub reference: String,
    /// The list it came from.
    pub list: String,
    /// Hamming distance.
    pub distance: u32,
    /// Which window of the known image the entry is (`full` for the whole image).
    pub window: String,
    /// The entry's position in the index (insertion order).
    pub entry: usize,
}

impl From<IndexMatch> for ImageMatch {
    /// The report's match record (`window` is the known entry's window).
    fn from(m: IndexMatch) -> ImageMatch {
        ImageMatch::new(m.list, m.reference, m.distance, m.window)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Meta {
    reference: Box<str>,
    list: u32,
    window: u32,
}

#[derive(Debug, Default)]
struct Table256 {
    hashes: Vec<[u64; 4]>,
    meta: Vec<Meta>,
    mih: OnceLock<Mih>,
}

impl Clone for Table256 {
    fn clone(&self) -> Self {
        Table256 {
            hashes: self.hashes.clone(),
            meta: self.meta.clone(),
            mih: OnceLock::new(),
        }
    }
}

/// The 64-bit hashes of one algorithm and variant.
#[derive(Debug)]
struct Table64 {
    algo: HashAlgorithm,
    variant: Option<Box<str>>,
    hashes: Vec<u64>,
    meta: Vec<Meta>,
    mih: OnceLock<Mih64>,
}

impl Clone for Table64 {
    fn clone(&self) -> Self {
        Table64 {
            algo: self.algo,
            variant: self.variant.clone(),
            hashes: self.hashes.clone(),
            meta: self.meta.clone(),
            mih: OnceLock::new(),
        }
    }
}

impl Table64 {
    fn is(&self, algo: HashAlgorithm, variant: Option<&str>) -> bool {
        self.algo == algo && self.variant.as_deref() == variant
    }
}

/// Largest radius for which [`Strategy::Auto`] uses multi-index hashing on 64-bit hashes
/// (`⌊11/4⌋` = 2 flipped bits per 16-bit slot: 137 buckets per slot). At radius 12–15 (697
/// buckets per slot) the linear scan was faster on a million clustered hashes (BENCHMARKS.md).
pub const MIH64_MAX_RADIUS: u32 = 11;

const SLOTS64: usize = 4;

#[inline]
fn slot64(h: u64, s: usize) -> usize {
    ((h >> (48 - 16 * s)) & 0xffff) as usize
}

/// Multi-index tables for 64-bit hashes: 4 slots of 16 bits, laid out as [`SlotTables`].
#[derive(Debug)]
struct Mih64(SlotTables);

impl Mih64 {
    fn build(hashes: &[u64]) -> Mih64 {
        Mih64(SlotTables::build(hashes.len(), SLOTS64, |i, s| {
            slot64(hashes[i], s)
        }))
    }

    fn bucket(&self, s: usize, v: usize) -> &[u32] {
        self.0.bucket(s, v)
    }

    /// Every entry within `max` of `q`, as `(entry, distance)`, unordered; each entry once (from
    /// the first slot within `⌊max/4⌋` bits of the query's).
    #[inline(always)]
    fn search(&self, hashes: &[u64], q: u64, max: u32, out: &mut Vec<(u32, u32)>) {
        let flips = max / SLOTS64 as u32;
        for s in 0..SLOTS64 {
            probe_ball(slot64(q, s), flips, &mut |v| {
                for &id in self.bucket(s, v) {
                    let x = hashes[id as usize] ^ q;
                    let d = x.count_ones();
                    if d > max || (0..s).any(|t| (slot64(x, t) as u32).count_ones() <= flips) {
                        continue;
                    }
                    out.push((id, d));
                }
            });
        }
    }
}

/// The blocked 64-bit linear scan (as [`linear256`]: 8 distances branch-free, one test per block).
#[inline(always)]
fn linear64(hashes: &[u64], q: u64, max: u32, out: &mut Vec<(u32, u32)>) {
    const BLOCK: usize = 8;
    let mut chunks = hashes.chunks_exact(BLOCK);
    let mut base = 0u32;
    for block in &mut chunks {
        let mut d = [0u32; BLOCK];
        for (dv, h) in d.iter_mut().zip(block) {
            *dv = (h ^ q).count_ones();
        }
        if d.iter().any(|&v| v <= max) {
            for (i, &v) in d.iter().enumerate() {
                if v <= max {
                    out.push((base + i as u32, v));
                }
            }
        }
        base += BLOCK as u32;
    }
    for (i, h) in chunks.remainder().iter().enumerate() {
        let v = (h ^ q).count_ones();
        if v <= max {
            out.push((base + i as u32, v));
        }
    }
}

/// Multi-index tables for 256-bit hashes: 16 slots of 16 bits, laid out as [`SlotTables`].
#[derive(Debug)]
struct Mih(SlotTables);

/// The entries of every slot sorted by the slot's 16-bit value (a counting sort per slot):
/// `ids[s·n + offsets[s·(B+1) + v] .. s·n + offsets[s·(B+1) + v + 1]]` are the entries whose slot
/// `s` has value `v`. Shared by the 256-bit ([`Mih`]) and 64-bit ([`Mih64`]) indexes.
#[derive(Debug)]
struct SlotTables {
    n: usize,
    offsets: Vec<u32>,
    ids: Vec<u32>,
}

impl SlotTables {
    /// Tables for `n` entries and `slots` slots; `key(i, s)` is entry `i`'s value in slot `s`.
    fn build(n: usize, slots: usize, key: impl Fn(usize, usize) -> usize) -> SlotTables {
        let mut offsets = vec![0u32; slots * (BUCKETS + 1)];
        let mut ids = vec![0u32; slots * n];
        for s in 0..slots {
            let off = &mut offsets[s * (BUCKETS + 1)..(s + 1) * (BUCKETS + 1)];
            for i in 0..n {
                off[key(i, s) + 1] += 1;
            }
            for v in 0..BUCKETS {
                off[v + 1] += off[v];
            }
            let mut cursor: Vec<u32> = off[..BUCKETS].to_vec();
            let dst = &mut ids[s * n..(s + 1) * n];
            for i in 0..n {
                let c = &mut cursor[key(i, s)];
                dst[*c as usize] = i as u32;
                *c += 1;
            }
        }
        SlotTables { n, offsets, ids }
    }

    /// Heap bytes held.
    fn bytes(&self) -> usize {
        self.offsets.len() * 4 + self.ids.len() * 4
    }

    fn bucket(&self, s: usize, v: usize) -> &[u32] {
        let base = s * (BUCKETS + 1);
        let (a, b) = (
            self.offsets[base + v] as usize,
            self.offsets[base + v + 1] as usize,
        );
        &self.ids[s * self.n + a..s * self.n + b]
    }
}

const SLOTS: usize = 16;
const BUCKETS: usize = 1 << 16;

#[inline]
fn slot(h: &[u64; 4], s: usize) -> usize {
    ((h[s / 4] >> (48 - 16 * (s % 4))) & 0xffff) as usize
}

#[inline]
fn dist256(a: &[u64; 4], b: &[u64; 4]) -> u32 {
    (a[0] ^ b[0]).count_ones()
        + (a[1] ^ b[1]).count_ones()
        + (a[2] ^ b[2]).count_ones()
        + (a[3] ^ b[3]).count_ones()
}

impl Mih {
    fn build(hashes: &[[u64; 4]]) -> Mih {
        Mih(SlotTables::build(hashes.len(), SLOTS, |i, s| {
            slot(&hashes[i], s)
        }))
    }

    fn bucket(&self, s: usize, v: usize) -> &[u32] {
        self.0.bucket(s, v)
    }

    /// Every entry within `max` of `q`, as `(entry, distance)`, unordered.
    #[inline(always)]
    fn search(&self, hashes: &[[u64; 4]], q: &[u64; 4], max: u32, out: &mut Vec<(u32, u32)>) {
        let flips = max / 16;
        for s in 0..SLOTS {
            let key = slot(q, s);
            let probe = |v: usize, out: &mut Vec<(u32, u32)>| {
                for &id in self.bucket(s, v) {
                    let h = &hashes[id as usize];
                    let d = dist256(h, q);
                    if d > max {
                        continue;
                    }
                    // Report only from the first slot whose part is within `flips` bits.
                    let x = [h[0] ^ q[0], h[1] ^ q[1], h[2] ^ q[2], h[3] ^ q[3]];
                    if (0..s).any(|t| (slot(&x, t) as u32).count_ones() <= flips) {
                        continue;
                    }
                    out.push((id, d));
                }
            };
            probe_ball(key, flips, &mut |v| probe(v, out));
        }
    }
}

/// Calls `f` for every 16-bit value within `radius` bits of `key`.
fn probe_ball(key: usize, radius: u32, f: &mut dyn FnMut(usize)) {
    fn rec(v: usize, start: usize, left: u32, f: &mut dyn FnMut(usize)) {
        f(v);
        if left == 0 {
            return;
        }
        for b in start..16 {
            rec(v ^ (1 << b), b + 1, left - 1, f);
        }
    }
    rec(key, 0, radius.min(16), f);
}

/// Known hashes with ids, lists and windows, searchable by Hamming radius.
///
/// `Send + Sync`: build once, share, query from many threads.
#[derive(Clone, Debug)]
pub struct HashIndex {
    lists: Vec<String>,
    windows: Vec<String>,
    pdq: Table256,
    short: Vec<Table64>,
}

impl Default for HashIndex {
    fn default() -> Self {
        HashIndex::new()
    }
}

impl HashIndex {
    /// An empty index.
    pub fn new() -> HashIndex {
        HashIndex {
            lists: Vec::new(),
            windows: vec![FULL.to_owned()],
            pdq: Table256::default(),
            short: Vec::new(),
        }
    }

    fn intern(names: &mut Vec<String>, name: &str) -> u32 {
        match names.iter().position(|n| n == name) {
            Some(i) => i as u32,
            None => {
                names.push(name.to_owned());
                (names.len() - 1) as u32
            }
        }
    }

    /// Adds a known hash of a whole image.
    pub fn insert(
        &mut self,
        hash: ImageHash,
        reference: impl Into<String>,
        list: impl Into<String>,
    ) {
        self.insert_window(&hash, &reference.into(), &list.into(), FULL);
    }

    /// Adds a known hash of one window of an image (`full` for the whole image).
    pub fn insert_window(&mut self, hash: &ImageHash, reference: &str, list: &str, window: &str) {
        let meta = Meta {
            reference: reference.into(),
            list: Self::intern(&mut self.lists, list),
            window: Self::intern(&mut self.windows, window),
        };
        let bytes = hash.as_bytes();
        if hash.algo() == HashAlgorithm::Pdq && bytes.len() == 32 {
            self.pdq.hashes.push(words256(bytes));
            self.pdq.meta.push(meta);
            self.pdq.mih = OnceLock::new();
        } else if bytes.len() == 8 {
            let mut b = [0u8; 8];
            b.copy_from_slice(bytes);
            let i = match self
                .short
                .iter()
                .position(|t| t.is(hash.algo(), hash.variant()))
            {
                Some(i) => i,
                None => {
                    self.short.push(Table64 {
                        algo: hash.algo(),
                        variant: hash.variant().map(Into::into),
                        hashes: Vec::new(),
                        meta: Vec::new(),
                        mih: OnceLock::new(),
                    });
                    self.short.len() - 1
                }
            };
            let table = &mut self.short[i];
            table.hashes.push(u64::from_be_bytes(b));
            table.meta.push(meta);
            table.mih = OnceLock::new();
        }
    }

    /// Number of entries (all algorithms, windows included).
    pub fn len(&self) -> usize {
        self.pdq.hashes.len() + self.short.iter().map(|t| t.hashes.len()).sum::<usize>()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of entries of one algorithm (all its variants).
    pub fn len_of(&self, algo: HashAlgorithm) -> usize {
        if algo == HashAlgorithm::Pdq {
            return self.pdq.hashes.len();
        }
        self.short
            .iter()
            .filter(|t| t.algo == algo)
            .map(|t| t.hashes.len())
            .sum()
    }

    /// The table a 64-bit query is answered from.
    fn short_table(&self, query: &ImageHash) -> Option<&Table64> {
        self.short
            .iter()
            .find(|t| t.is(query.algo(), query.variant()))
    }

    /// Builds the multi-index tables now instead of on the first query (useful before timing
    /// queries or sharing the index between threads).
    pub fn prepare(&self) {
        if self.pdq.hashes.len() >= MIH_MIN_ENTRIES {
            self.pdq.mih.get_or_init(|| Mih::build(&self.pdq.hashes));
        }
        for t in &self.short {
            if t.hashes.len() >= MIH_MIN_ENTRIES {
                t.mih.get_or_init(|| Mih64::build(&t.hashes));
            }
        }
    }

    /// Approximate heap bytes used by hashes and tables (not ids).
    pub fn memory_bytes(&self) -> usize {
        let mut b = self.pdq.hashes.len() * 32 + self.pdq.meta.len() * std::mem::size_of::<Meta>();
        if let Some(m) = self.pdq.mih.get() {
            b += m.0.bytes();
        }
        for t in &self.short {
            b += t.hashes.len() * 8 + t.meta.len() * std::mem::size_of::<Meta>();
            if let Some(m) = t.mih.get() {
                b += m.0.bytes();
            }
        }
        b
    }

    /// Every entry of the same algorithm within `max_distance` of `query`, closest first (ties by
    /// reference), with [`Strategy::Auto`].
    pub fn search(&self, query: &ImageHash, max_distance: u32) -> Vec<IndexMatch> {
        self.search_with(query, max_distance, Strategy::Auto)
    }

    /// As [`HashIndex::search`] with an explicit strategy (results are identical).
    pub fn search_with(
        &self,
        query: &ImageHash,
        max_distance: u32,
        strategy: Strategy,
    ) -> Vec<IndexMatch> {
        let mut raw = Vec::new();
        self.search_raw(query, max_distance, strategy, &mut raw);
        let meta: &[Meta] = match query.algo() {
            HashAlgorithm::Pdq => &self.pdq.meta,
            _ => self.short_table(query).map_or(&[], |t| &t.meta),
        };
        let mut out: Vec<IndexMatch> = raw
            .into_iter()
            .map(|(id, d)| {
                let m = &meta[id as usize];
                IndexMatch {
                    reference: m.reference.to_string(),
                    list: self.lists[m.list as usize].clone(),
                    distance: d,
                    window: self.windows[m.window as usize].clone(),
                    entry: id as usize,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            (a.distance, &a.reference, a.entry).cmp(&(b.distance, &b.reference, b.entry))
        });
        out
    }

    /// The raw search: `(entry, distance)` pairs of the query's algorithm, unordered, appended to
    /// `out`. Allocation-free apart from `out`.
    pub fn search_raw(
        &self,
        query: &ImageHash,
        max_distance: u32,
        strategy: Strategy,
        out: &mut Vec<(u32, u32)>,
    ) {
        let bytes = query.as_bytes();
        if query.algo() == HashAlgorithm::Pdq && bytes.len() == 32 {
            self.search_words(&words256(bytes), max_distance, strategy, out);
        } else if bytes.len() == 8 {
            let Some(t) = self.short_table(query) else {
                return;
            };
            let mut b = [0u8; 8];
            b.copy_from_slice(bytes);
            let q = u64::from_be_bytes(b);
            let use_mih = match strategy {
                Strategy::Auto => {
                    max_distance <= MIH64_MAX_RADIUS && t.hashes.len() >= MIH_MIN_ENTRIES
                }
                Strategy::MultiIndex => true,
                Strategy::Linear => false,
            };
            if use_mih {
                let mih = t.mih.get_or_init(|| Mih64::build(&t.hashes));
                kernel::mih64(mih, &t.hashes, q, max_distance, out);
            } else {
                kernel::linear64(&t.hashes, q, max_distance, out);
            }
        }
    }

    /// PDQ search on a hash given as four big-endian words (see [`crate::pdq::Pdq256::words`]).
    pub fn search_words(
        &self,
        q: &[u64; 4],
        max_distance: u32,
        strategy: Strategy,
        out: &mut Vec<(u32, u32)>,
    ) {
        let n = self.pdq.hashes.len();
        let use_mih = match strategy {
            Strategy::Auto => max_distance <= 31 && n >= MIH_MIN_ENTRIES,
            Strategy::MultiIndex => true,
            Strategy::Linear => false,
        };
        if use_mih {
            let mih = self.pdq.mih.get_or_init(|| Mih::build(&self.pdq.hashes));
            kernel::mih(mih, &self.pdq.hashes, q, max_distance, out);
        } else {
            kernel::linear(&self.pdq.hashes, q, max_distance, out);
        }
    }

    /// Many PDQ queries at once, as `(query, entry, distance)` triples appended to `out`
    /// (unordered). With the linear scan, the index is walked once in cache-sized blocks for all
    /// queries, so memory is read once per batch instead of once per query; with multi-index
    /// hashing each query is answered in turn. Queries of other algorithms are answered one by one.
    pub fn search_batch_raw(
        &self,
        queries: &[ImageHash],
        max_distance: u32,
        strategy: Strategy,
        out: &mut Vec<(u32, u32, u32)>,
    ) {
        let n = self.pdq.hashes.len();
        let use_mih = match strategy {
            Strategy::Auto => max_distance <= 31 && n >= MIH_MIN_ENTRIES,
            Strategy::MultiIndex => true,
            Strategy::Linear => false,
        };
        let mut one = Vec::new();
        let mut pdq: Vec<(u32, [u64; 4])> = Vec::new();
        for (qi, q) in queries.iter().enumerate() {
            if q.algo() == HashAlgorithm::Pdq && q.as_bytes().len() == 32 && !use_mih {
                pdq.push((qi as u32, words256(q.as_bytes())));
            } else {
                one.clear();
                self.search_raw(q, max_distance, strategy, &mut one);
                out.extend(one.iter().map(|&(e, d)| (qi as u32, e, d)));
            }
        }
        const BLOCK: usize = 2048; // 64 KiB of hashes: stays in L2 while every query scans it
        for (b, block) in self.pdq.hashes.chunks(BLOCK).enumerate() {
            for (qi, q) in &pdq {
                one.clear();
                kernel::linear(block, q, max_distance, &mut one);
                let base = (b * BLOCK) as u32;
                out.extend(one.iter().map(|&(e, d)| (*qi, base + e, d)));
            }
        }
    }

    /// Matches everything `digest` holds against the index: the PDQ hash, its dihedral hashes and
    /// window hashes when computed (each only if its quality is ≥ `min_quality`; the reference
    /// recommends 50), and the 64-bit hashes. One match per known entry id and list, the closest
    /// (ties: whole image first); sorted by distance, then id.
    ///
    /// `window` in the result names what matched: the query's window (`full`, `c90`, … or a
    /// dihedral name such as `rotate90`) when the known entry is a whole image, else
    /// `"<query window>/<known window>"` (e.g. `full/c90`: the query is a crop of the known image).
    pub fn match_digest(
        &self,
        digest: &crate::ImageDigest,
        max_distance: u32,
        min_quality: u8,
    ) -> Vec<ImageMatch> {
        let mut best: Vec<(IndexMatch, String)> = Vec::new();
        let mut consider = |m: IndexMatch, query_window: &str| {
            let label = if m.window == FULL {
                query_window.to_owned()
            } else {
                format!("{query_window}/{}", m.window)
            };
            let rank = |m: &IndexMatch, l: &str| (m.distance, usize::from(l != FULL));
            match best
                .iter_mut()
                .find(|(b, _)| b.reference == m.reference && b.list == m.list)
            {
                Some(slot) => {
                    if rank(&m, &label) < rank(&slot.0, &slot.1) {
                        *slot = (m, label);
                    }
                }
                None => best.push((m, label)),
            }
        };
        if let Some(p) = &digest.pdq {
            if p.quality >= min_quality {
                for m in self.search(&p.hash, max_distance) {
                    consider(m, FULL);
                }
                for (k, h) in p.dihedral.iter().enumerate().skip(1) {
                    for m in self.search(h, max_distance) {
                        consider(m, crate::hasher::dihedral_name(k));
                    }
                }
            }
            for w in &p.windows {
                if w.quality >= min_quality {
                    for m in self.search(&w.hash, max_distance) {
                        consider(m, w.window);
                    }
                }
            }
        }
        for h in &digest.others {
            for m in self.search(h, max_distance) {
                consider(m, FULL);
            }
        }
        best.sort_by(|a, b| (a.0.distance, &a.0.reference).cmp(&(b.0.distance, &b.0.reference)));
        best.into_iter()
            .map(|(m, label)| ImageMatch::new(m.list, m.reference, m.distance, label))
            .collect()
    }

    /// Adds everything a digest holds (PDQ of the whole image, its window hashes, the 64-bit
    /// hashes) as known entries `reference` of `list`: how a folder of known images is indexed.
    /// Hashes with quality below `min_quality` are left out; the count of left-out hashes is
    /// returned.
    pub fn add_digest(
        &mut self,
        digest: &crate::ImageDigest,
        reference: &str,
        list: &str,
        min_quality: u8,
    ) -> usize {
        let mut skipped = 0;
        if let Some(p) = &digest.pdq {
            if p.quality >= min_quality {
                self.insert_window(&p.hash, reference, list, FULL);
            } else {
                skipped += 1;
            }
            for w in &p.windows {
                if w.quality >= min_quality {
                    self.insert_window(&w.hash, reference, list, w.window);
                } else {
                    skipped += 1;
                }
            }
        }
        for h in &digest.others {
            self.insert_window(h, reference, list, FULL);
        }
        skipped
    }

    /// Adds every entry of a parsed known list, under the list's name.
    pub fn add_list(&mut self, list: &crate::KnownList) {
        for e in &list.entries {
            self.insert_window(
                &e.hash,
                &e.reference,
                &list.name,
                e.window.as_deref().unwrap_or(FULL),
            );
        }
    }

    /// Serialises the index (format `RFHIDX01`, little-endian; documented in the crate README).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.len() * 48);
        out.extend_from_slice(MAGIC);
        put_strings(&mut out, &self.lists);
        put_strings(&mut out, &self.windows);
        let tables = 1 + self.short.len();
        out.extend_from_slice(&(tables as u32).to_le_bytes());
        out.push(algo_code(HashAlgorithm::Pdq));
        put_variant(&mut out, None);
        out.extend_from_slice(&(self.pdq.hashes.len() as u64).to_le_bytes());
        for (h, m) in self.pdq.hashes.iter().zip(&self.pdq.meta) {
            for w in h {
                out.extend_from_slice(&w.to_be_bytes());
            }
            put_meta(&mut out, m);
        }
        for t in &self.short {
            out.push(algo_code(t.algo));
            put_variant(&mut out, t.variant.as_deref());
            out.extend_from_slice(&(t.hashes.len() as u64).to_le_bytes());
            for (h, m) in t.hashes.iter().zip(&t.meta) {
                out.extend_from_slice(&h.to_be_bytes());
                put_meta(&mut out, m);
            }
        }
        out
    }

    /// Reads an index written by [`HashIndex::to_bytes`]; `source` names it in errors. Every count
    /// is checked against the bytes present before anything is allocated from it.
    ///
    /// # Errors
    /// [`Error::InvalidIndex`] for a corrupt, truncated or foreign file.
    pub fn from_bytes(bytes: &[u8], source: &str) -> Result<HashIndex, Error> {
        let mut r = Reader {
            bytes,
            pos: 0,
            source,
        };
        // Version 1 files have no variant per table; their 64-bit hashes were all made (or read
        // from lists) with `variant_of(algo)`.
        let v1 = match r.take(MAGIC.len())? {
            m if m == MAGIC => false,
            m if m == MAGIC_V1 => true,
            _ => return Err(r.err("not a redflag hash index (bad magic)")),
        };
        let lists = r.strings()?;
        let windows = r.strings()?;
        if windows.first().map(String::as_str) != Some(FULL) {
            return Err(r.err("window table does not start with `full`"));
        }
        let mut index = HashIndex {
            lists,
            windows,
            pdq: Table256::default(),
            short: Vec::new(),
        };
        let tables = r.u32()?;
        for _ in 0..tables {
            let algo = code_algo(r.u8()?).ok_or_else(|| r.err("unknown algorithm code"))?;
            let variant = if v1 {
                crate::hasher::variant_of(algo).map(str::to_owned)
            } else {
                r.variant()?
            };
            if algo == HashAlgorithm::Pdq && variant.is_some() {
                return Err(r.err("pdq table with a variant"));
            }
            let n = r.u64()?;
            let hash_len = algo.bits() / 8;
            let min_record = (hash_len + 12) as u64;
            if n.saturating_mul(min_record) > (bytes.len() - r.pos) as u64 {
                return Err(r.err("entry count larger than the file"));
            }
            for _ in 0..n {
                let h = r.take(hash_len)?.to_vec();
                let m = r.meta(index.lists.len(), index.windows.len())?;
                let hash = ImageHash::from_bytes(algo, variant.clone(), h)
                    .map_err(|e| r.err(&e.to_string()))?;
                let (list, window) = (
                    index.lists[m.list as usize].clone(),
                    index.windows[m.window as usize].clone(),
                );
                index.insert_window(&hash, &m.reference, &list, &window);
            }
        }
        if r.pos != bytes.len() {
            return Err(r.err("trailing bytes"));
        }
        Ok(index)
    }

    /// Writes the index to a file.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be written.
    pub fn save(&self, path: &std::path::Path) -> Result<(), Error> {
        std::fs::write(path, self.to_bytes())
            .map_err(|e| Error::io(&path.display().to_string(), &e))
    }

    /// Reads an index file written by [`HashIndex::save`].
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be read, [`Error::InvalidIndex`] when it is corrupt.
    pub fn load(path: &std::path::Path) -> Result<HashIndex, Error> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| Error::io(&name, &e))?;
        HashIndex::from_bytes(&bytes, &name)
    }
}

fn words256(bytes: &[u8]) -> [u64; 4] {
    let mut w = [0u64; 4];
    for (i, c) in bytes.chunks_exact(8).take(4).enumerate() {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        w[i] = u64::from_be_bytes(b);
    }
    w
}

/// CPU-feature dispatch for the scans: the same Rust code compiled once for the baseline target and
/// once with `popcnt` + `avx2` enabled (so `count_ones` becomes the `popcnt` instruction and the
/// block loop can use 256-bit vectors), chosen at run time. Results are identical by construction
/// (same code); `tests::dispatched_scan_equals_portable_scan` checks it.
mod kernel {
    use super::{Mih, Mih64, linear64 as linear64_portable, linear256};

    pub(super) fn linear64(hashes: &[u64], q: u64, max: u32, out: &mut Vec<(u32, u32)>) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("popcnt")
            && std::arch::is_x86_feature_detected!("avx2")
        {
            #[allow(unsafe_code)]
            // SAFETY: `linear64_x86` only requires popcnt and avx2, both detected just above.
            unsafe {
                return linear64_x86(hashes, q, max, out);
            }
        }
        linear64_portable(hashes, q, max, out);
    }

    pub(super) fn mih64(mih: &Mih64, hashes: &[u64], q: u64, max: u32, out: &mut Vec<(u32, u32)>) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("popcnt") {
            #[allow(unsafe_code)]
            // SAFETY: `mih64_x86` only requires popcnt, detected just above.
            unsafe {
                return mih64_x86(mih, hashes, q, max, out);
            }
        }
        mih.search(hashes, q, max, out);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt,avx2")]
    fn linear64_x86(hashes: &[u64], q: u64, max: u32, out: &mut Vec<(u32, u32)>) {
        linear64_portable(hashes, q, max, out);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt")]
    fn mih64_x86(mih: &Mih64, hashes: &[u64], q: u64, max: u32, out: &mut Vec<(u32, u32)>) {
        mih.search(hashes, q, max, out);
    }

    pub(super) fn linear(hashes: &[[u64; 4]], q: &[u64; 4], max: u32, out: &mut Vec<(u32, u32)>) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("popcnt")
            && std::arch::is_x86_feature_detected!("avx2")
        {
            #[allow(unsafe_code)]
            // SAFETY: `linear_x86` only requires popcnt and avx2, both detected just above.
            unsafe {
                return linear_x86(hashes, q, max, out);
            }
        }
        linear256(hashes, q, max, out);
    }

    pub(super) fn mih(
        mih: &Mih,
        hashes: &[[u64; 4]],
        q: &[u64; 4],
        max: u32,
        out: &mut Vec<(u32, u32)>,
    ) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("popcnt") {
            #[allow(unsafe_code)]
            // SAFETY: `mih_x86` only requires popcnt, detected just above.
            unsafe {
                return mih_x86(mih, hashes, q, max, out);
            }
        }
        mih.search(hashes, q, max, out);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt,avx2")]
    fn linear_x86(hashes: &[[u64; 4]], q: &[u64; 4], max: u32, out: &mut Vec<(u32, u32)>) {
        linear256(hashes, q, max, out);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt")]
    fn mih_x86(mih: &Mih, hashes: &[[u64; 4]], q: &[u64; 4], max: u32, out: &mut Vec<(u32, u32)>) {
        mih.search(hashes, q, max, out);
    }
}

/// The blocked linear scan: 8 hashes per block, distances computed branch-free, one test per
/// block in the common no-hit case.
#[inline(always)]
fn linear256(hashes: &[[u64; 4]], q: &[u64; 4], max: u32, out: &mut Vec<(u32, u32)>) {
    const BLOCK: usize = 8;
    let mut chunks = hashes.chunks_exact(BLOCK);
    let mut base = 0u32;
    for block in &mut chunks {
        let mut d = [0u32; BLOCK];
        for (dv, h) in d.iter_mut().zip(block) {
            *dv = dist256(h, q);
        }
        if d.iter().any(|&v| v <= max) {
            for (i, &v) in d.iter().enumerate() {
                if v <= max {
                    out.push((base + i as u32, v));
                }
            }
        }
        base += BLOCK as u32;
    }
    for (i, h) in chunks.remainder().iter().enumerate() {
        let v = dist256(h, q);
        if v <= max {
            out.push((base + i as u32, v));
        }
    }
}

const MAGIC: &[u8; 8] = b"RFHIDX02";
const MAGIC_V1: &[u8; 8] = b"RFHIDX01";

/// A table's variant: `u32::MAX` for none, else a length-prefixed UTF-8 string.
fn put_variant(out: &mut Vec<u8>, variant: Option<&str>) {
    match variant {
        None => out.extend_from_slice(&u32::MAX.to_le_bytes()),
        Some(v) => {
            out.extend_from_slice(&(v.len() as u32).to_le_bytes());
            out.extend_from_slice(v.as_bytes());
        }
    }
}

fn algo_code(a: HashAlgorithm) -> u8 {
    match a {
        HashAlgorithm::Pdq => 0,
        HashAlgorithm::Phash => 1,
        HashAlgorithm::Dhash => 2,
        HashAlgorithm::Ahash => 3,
        _ => 255,
    }
}

fn code_algo(c: u8) -> Option<HashAlgorithm> {
    match c {
        0 => Some(HashAlgorithm::Pdq),
        1 => Some(HashAlgorithm::Phash),
        2 => Some(HashAlgorithm::Dhash),
        3 => Some(HashAlgorithm::Ahash),
        _ => None,
    }
}

fn put_strings(out: &mut Vec<u8>, v: &[String]) {
    out.extend_from_slice(&(v.len() as u32).to_le_bytes());
    for s in v {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }
}

fn put_meta(out: &mut Vec<u8>, m: &Meta) {
    out.extend_from_slice(&m.list.to_le_bytes());
    out.extend_from_slice(&m.window.to_le_bytes());
    out.extend_from_slice(&(m.reference.len() as u32).to_le_bytes());
    out.extend_from_slice(m.reference.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    source: &'a str,
}

impl<'a> Reader<'a> {
    fn err(&self, message: &str) -> Error {
        Error::InvalidIndex {
            path: self.source.to_owned(),
            message: format!("{message} (at byte {})", self.pos),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if self.bytes.len() - self.pos < n {
            return Err(self.err("truncated"));
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, Error> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }

    fn u64(&mut self) -> Result<u64, Error> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    fn string(&mut self) -> Result<String, Error> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| self.err("string is not utf-8"))
    }

    fn variant(&mut self) -> Result<Option<String>, Error> {
        let n = self.u32()?;
        if n == u32::MAX {
            return Ok(None);
        }
        let b = self.take(n as usize)?;
        String::from_utf8(b.to_vec())
            .map(Some)
            .map_err(|_| self.err("variant is not utf-8"))
    }

    fn strings(&mut self) -> Result<Vec<String>, Error> {
        let n = self.u32()? as usize;
        if n.saturating_mul(4) > self.bytes.len() - self.pos {
            return Err(self.err("string count larger than the file"));
        }
        (0..n).map(|_| self.string()).collect()
    }

    fn meta(&mut self, lists: usize, windows: usize) -> Result<Meta, Error> {
        let list = self.u32()?;
        let window = self.u32()?;
        if list as usize >= lists || window as usize >= windows {
            return Err(self.err("list or window number out of range"));
        }
        let reference = self.string()?.into_boxed_str();
        Ok(Meta {
            reference,
            list,
            window,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdq(words: [u64; 4]) -> ImageHash {
        let mut b = Vec::new();
        for w in words {
            b.extend_from_slice(&w.to_be_bytes());
        }
        ImageHash::from_bytes(HashAlgorithm::Pdq, None, b).expect("32 bytes")
    }

    #[test]
    fn slots_partition_the_hex_in_order() {
        // Slot t is hex[4t..4t+4] (faiss/HMA substring order).
        let h = pdq([
            0x0001_0002_0003_0004,
            0x0005_0006_0007_0008,
            0x0009_000a_000b_000c,
            0x000d_000e_000f_0010,
        ]);
        let w = words256(h.as_bytes());
        for s in 0..16 {
            assert_eq!(slot(&w, s), s + 1);
        }
    }

    #[test]
    fn dispatched_scan_equals_portable_scan() {
        let mut x = 0x1234_5678_9abc_def1u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let hashes: Vec<[u64; 4]> = (0..5003)
            .map(|_| [next(), next(), next(), next()])
            .collect();
        let q = [next(), next(), next(), next()];
        for max in [100, 120, 128, 140] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            kernel::linear(&hashes, &q, max, &mut a);
            linear256(&hashes, &q, max, &mut b);
            assert_eq!(a, b);
            assert!(max < 120 || !a.is_empty());
        }
        let mih = Mih::build(&hashes);
        let near = [
            hashes[7][0] ^ 0b1011,
            hashes[7][1],
            hashes[7][2] ^ (1 << 40),
            hashes[7][3],
        ];
        let (mut a, mut b) = (Vec::new(), Vec::new());
        kernel::mih(&mih, &hashes, &near, 31, &mut a);
        mih.search(&hashes, &near, 31, &mut b);
        assert_eq!(a, b);
        assert_eq!(a, vec![(7, 4)]);
    }

    #[test]
    fn batch_equals_one_by_one() {
        let mut index = HashIndex::new();
        let mut x = 99u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let stored: Vec<[u64; 4]> = (0..5000)
            .map(|_| [next(), next(), next(), next()])
            .collect();
        for (i, w) in stored.iter().enumerate() {
            index.insert(pdq(*w), i.to_string(), "l");
        }
        let queries: Vec<ImageHash> = (0..20)
            .map(|i| {
                pdq([
                    stored[i * 200][0] ^ (i as u64),
                    stored[i * 200][1],
                    next(),
                    stored[i * 200][3],
                ])
            })
            .collect();
        for (max, strategy) in [
            (31, Strategy::Auto),
            (31, Strategy::Linear),
            (110, Strategy::Linear),
        ] {
            let mut batch = Vec::new();
            index.search_batch_raw(&queries, max, strategy, &mut batch);
            batch.sort_unstable();
            let mut single = Vec::new();
            for (qi, q) in queries.iter().enumerate() {
                let mut one = Vec::new();
                index.search_raw(q, max, strategy, &mut one);
                single.extend(one.into_iter().map(|(e, d)| (qi as u32, e, d)));
            }
            single.sort_unstable();
            assert_eq!(batch, single, "{max} {strategy:?}");
        }
    }

    #[test]
    fn probe_ball_counts() {
        let mut n = 0;
        probe_ball(0x1234, 1, &mut |_| n += 1);
        assert_eq!(n, 17);
        let mut n = 0;
        probe_ball(0x1234, 2, &mut |_| n += 1);
        assert_eq!(n, 137);
    }

    #[test]
    fn mih_and_linear_agree_at_the_boundary() {
        let mut index = HashIndex::new();
        let base = [0u64; 4];
        // Entries at distance 0..=40 from the base, spreading flips over slots.
        for d in 0..=40u32 {
            let mut w = base;
            for b in 0..d {
                let bit = (b * 37 + 11) % 256;
                w[(bit / 64) as usize] |= 1 << (bit % 64);
            }
            index.insert(pdq(w), format!("d{d}"), "l");
        }
        for max in [0, 15, 16, 31, 32, 40] {
            let a = index.search_with(&pdq(base), max, Strategy::MultiIndex);
            let b = index.search_with(&pdq(base), max, Strategy::Linear);
            assert_eq!(a, b, "max={max}");
            assert_eq!(a.len() as u32, max.min(40) + 1);
        }
    }

    fn short(algo: HashAlgorithm, variant: Option<&str>, h: u64) -> ImageHash {
        ImageHash::from_bytes(algo, variant.map(str::to_owned), h.to_be_bytes().to_vec())
            .expect("8 bytes")
    }

    #[test]
    fn a_dhash_never_matches_a_phash_nor_another_variant() {
        let mut index = HashIndex::new();
        let bits = 0x8f3c_a5e1_0f0f_1234u64;
        let dv = crate::variant_of(HashAlgorithm::Dhash);
        let pv = crate::variant_of(HashAlgorithm::Phash);
        // Enough entries that the automatic strategy uses the multi-index tables.
        for i in 1..=5000u64 {
            let h = bits ^ (i.wrapping_mul(0x9e37_79b9_7f4a_7c15) & !0xffff);
            index.insert(short(HashAlgorithm::Phash, pv, h), format!("p{i}"), "l");
        }
        index.insert(short(HashAlgorithm::Phash, pv, bits), "phash", "l");
        index.insert(
            short(HashAlgorithm::Dhash, Some("other-8x8"), bits),
            "other",
            "l",
        );
        for strategy in [Strategy::Auto, Strategy::MultiIndex, Strategy::Linear] {
            // Identical bits, different algorithm or variant: nothing, at any radius.
            let q = short(HashAlgorithm::Dhash, dv, bits);
            assert!(
                index.search_with(&q, 64, strategy).is_empty(),
                "{strategy:?}"
            );
            let q = short(
                HashAlgorithm::Ahash,
                crate::variant_of(HashAlgorithm::Ahash),
                bits,
            );
            assert!(
                index.search_with(&q, 64, strategy).is_empty(),
                "{strategy:?}"
            );
            // Each table answers its own kind only.
            let q = short(HashAlgorithm::Dhash, Some("other-8x8"), bits ^ 1);
            let m = index.search_with(&q, 10, strategy);
            assert_eq!(m.len(), 1, "{strategy:?}");
            assert_eq!((m[0].reference.as_str(), m[0].distance), ("other", 1));
            let q = short(HashAlgorithm::Phash, pv, bits ^ 0b11);
            let m = index.search_with(&q, 2, strategy);
            assert_eq!(m.len(), 1, "{strategy:?}");
            assert_eq!((m[0].reference.as_str(), m[0].distance), ("phash", 2));
        }
        assert_eq!(index.len_of(HashAlgorithm::Phash), 5001);
        assert_eq!(index.len_of(HashAlgorithm::Dhash), 1);
        // The variant survives saving and loading.
        let back = HashIndex::from_bytes(&index.to_bytes(), "x.idx").expect("round trip");
        let q = short(HashAlgorithm::Dhash, dv, bits);
        assert!(back.search(&q, 64).is_empty());
        let q = short(HashAlgorithm::Dhash, Some("other-8x8"), bits);
        assert_eq!(back.search(&q, 0)[0].reference, "other");
    }

    #[test]
    fn mih64_equals_linear_on_a_large_table() {
        let mut index = HashIndex::new();
        let v = crate::variant_of(HashAlgorithm::Dhash);
        let mut x = 7u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let centres: Vec<u64> = (0..50).map(|_| next()).collect();
        for i in 0..20_000usize {
            let mut h = centres[i % 50];
            for _ in 0..(next() % 12) {
                h ^= 1 << (next() % 64);
            }
            index.insert(short(HashAlgorithm::Dhash, v, h), i.to_string(), "l");
        }
        index.prepare();
        for (k, max) in [0u32, 3, 4, 7, 8, 10, 15, 16, 20].into_iter().enumerate() {
            let mut q = centres[k * 5];
            q ^= 1 << (next() % 64);
            let q = short(HashAlgorithm::Dhash, v, q);
            let (mut a, mut b) = (Vec::new(), Vec::new());
            index.search_raw(&q, max, Strategy::MultiIndex, &mut a);
            index.search_raw(&q, max, Strategy::Linear, &mut b);
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b, "max={max}");
            assert!(max < 8 || !a.is_empty(), "max={max}");
        }
    }

    #[test]
    fn version_1_files_load_with_redflag_variants() {
        let mut v1 = MAGIC_V1.to_vec();
        put_strings(&mut v1, &["list".to_owned()]);
        put_strings(&mut v1, &[FULL.to_owned()]);
        v1.extend_from_slice(&1u32.to_le_bytes());
        v1.push(algo_code(HashAlgorithm::Dhash));
        v1.extend_from_slice(&1u64.to_le_bytes());
        v1.extend_from_slice(&0xf0e4_c2c0_c0c0_e0f0u64.to_be_bytes());
        put_meta(
            &mut v1,
            &Meta {
                reference: "a".into(),
                list: 0,
                window: 0,
            },
        );
        let index = HashIndex::from_bytes(&v1, "old.idx").expect("v1 loads");
        let v = crate::variant_of(HashAlgorithm::Dhash);
        let q = short(HashAlgorithm::Dhash, v, 0xf0e4_c2c0_c0c0_e0f0);
        assert_eq!(index.search(&q, 0)[0].reference, "a");
        assert!(index.to_bytes().starts_with(MAGIC));
    }

    #[test]
    fn save_and_load_round_trip_and_corruption_is_an_error() {
        let mut index = HashIndex::new();
        index.insert(pdq([1, 2, 3, 4]), "a", "list1");
        index.insert_window(&pdq([5, 6, 7, 8]), "b", "list2", "c90");
        let d = ImageHash::from_hex(HashAlgorithm::Dhash, None, "f0e4c2c0c0c0e0f0").expect("hex");
        index.insert(d.clone(), "c", "list1");
        let bytes = index.to_bytes();
        let back = HashIndex::from_bytes(&bytes, "x.idx").expect("round trip");
        assert_eq!(back.len(), 3);
        let m = back.search(&pdq([5, 6, 7, 8]), 0);
        assert_eq!(
            (
                m[0].reference.as_str(),
                m[0].list.as_str(),
                m[0].window.as_str()
            ),
            ("b", "list2", "c90")
        );
        assert_eq!(back.search(&d, 0)[0].reference, "c");
        for cut in 0..bytes.len() {
            assert!(
                HashIndex::from_bytes(&bytes[..cut], "x.idx").is_err(),
                "cut {cut}"
            );
        }
        let mut bad = bytes.clone();
        bad[8] = 0xff;
        assert!(HashIndex::from_bytes(&bad, "x.idx").is_err());
    }
}
