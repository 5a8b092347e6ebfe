//! Template fingerprints: masked word shingles and their MinHash signature.
//!
//! The text is cut into word tokens (runs of alphanumeric characters) after folding fullwidth
//! forms to ASCII and lower-casing. Before that, three kinds of token are masked so that the same
//! template with different contact details still matches:
//! - entity spans (phones, emails, handles, …) become `<kind>`;
//! - tokens containing a digit become `#`;
//! - capitalized words that do not start a sentence (names, places) become `<name>`.
//!
//! Shingles are `k` consecutive tokens, hashed with FNV-1a 64 (see the `hash` module); the
//! signature keeps, for each of the configured permutations, the minimum permuted hash.

use crate::hash::{Fnv, SplitMix64};
use redflag_model::Entity;

/// The placeholder token for a masked entity span of each kind.
fn entity_token(entity: &Entity) -> &'static str {
    match entity.kind().as_str() {
        "phone" => "<phone>",
        "email" => "<email>",
        "url" => "<url>",
        "handle" => "<handle>",
        "crypto" => "<crypto>",
        "price" => "#",
        "age" => "#",
        _ => "<entity>",
    }
}

/// Fullwidth ASCII (U+FF01–U+FF5E) to ASCII; the rest unchanged.
fn fold_char(c: char) -> char {
    let u = c as u32;
    if (0xff01..=0xff5e).contains(&u) {
        char::from_u32(u - 0xff01 + 0x21).unwrap_or(c)
    } else {
        c
    }
}

/// Receives tokens and sentence breaks.
pub(crate) trait TokenSink {
    fn token(&mut self, token: &str);
    fn sentence_break(&mut self);
}

/// Tokens as strings, an empty string for a sentence break (for tests and inspection).
impl TokenSink for Vec<String> {
    fn token(&mut self, token: &str) {
        self.push(token.to_owned());
    }
    fn sentence_break(&mut self) {
        self.push(String::new());
    }
}

/// Tokens as FNV-1a 64 hashes (SplitMix64-finished, never 0); 0 marks a sentence break.
impl TokenSink for Vec<u64> {
    fn token(&mut self, token: &str) {
        self.push(Fnv::new().bytes(token.as_bytes()).finish().max(1));
    }
    fn sentence_break(&mut self) {
        self.push(0);
    }
}

/// Sends the masked tokens of `text` to `out`. Entity spans that are out of range or not on
/// char boundaries are ignored (never a panic).
pub(crate) fn masked_tokens(text: &str, entities: &[Entity], out: &mut impl TokenSink) {
    let mut spans: Vec<(usize, usize, &'static str)> = entities
        .iter()
        .filter(|e| {
            let (s, t) = (e.span.start(), e.span.end());
            s < t && t <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(t)
        })
        .map(|e| (e.span.start(), e.span.end(), entity_token(e)))
        .collect();
    spans.sort_unstable();
    let mut pos = 0usize;
    let mut sentence_start = true;
    for (s, t, token) in spans {
        if s < pos {
            continue; // overlapping span: the earlier one already masked this text
        }
        tokenize(&text[pos..s], &mut sentence_start, out);
        out.token(token);
        sentence_start = false;
        pos = t;
    }
    tokenize(&text[pos..], &mut sentence_start, out);
}

fn tokenize(text: &str, sentence_start: &mut bool, out: &mut impl TokenSink) {
    let mut word = String::new();
    let mut has_digit = false;
    let mut first_upper = false;
    let mut upper_count = 0usize;
    let mut len = 0usize;
    let flush = |word: &mut String,
                 has_digit: bool,
                 first_upper: bool,
                 upper_count: usize,
                 len: usize,
                 sentence_start: &mut bool,
                 out: &mut dyn TokenSink| {
        if word.is_empty() {
            return;
        }
        let titled = first_upper && len > 1 && upper_count < len;
        if has_digit {
            out.token("#");
        } else if titled && !*sentence_start {
            out.token("<name>");
        } else {
            out.token(word);
        }
        word.clear();
        *sentence_start = false;
    };
    for c in text.chars().map(fold_char) {
        if c.is_alphanumeric() {
            if word.is_empty() {
                first_upper = c.is_uppercase();
                has_digit = false;
                upper_count = 0;
                len = 0;
            }
            has_digit |= c.is_numeric();
            upper_count += usize::from(c.is_uppercase());
            len += 1;
            word.extend(c.to_lowercase());
        } else {
            flush(
                &mut word,
                has_digit,
                first_upper,
                upper_count,
                len,
                sentence_start,
                out,
            );
            if matches!(c, '.' | '!' | '?' | '\n' | '。' | '¡' | '¿' | '…') && !*sentence_start
            {
                *sentence_start = true;
                out.sentence_break(); // shingles do not cross it
            }
        }
    }
    flush(
        &mut word,
        has_digit,
        first_upper,
        upper_count,
        len,
        sentence_start,
        out,
    );
}

/// MinHash permutations: `h_i(x) = (a_i · x + b_i) >> 32`.
#[derive(Clone, Debug)]
pub(crate) struct MinHasher {
    params: Vec<(u64, u64)>,
    shingle: usize,
}

impl MinHasher {
    pub(crate) fn new(seed: u64, num_hashes: usize, shingle: usize) -> MinHasher {
        let mut rng = SplitMix64::new(seed);
        let params = (0..num_hashes)
            .map(|_| (rng.next_u64() | 1, rng.next_u64()))
            .collect();
        MinHasher { params, shingle }
    }

    /// The distinct shingle hashes of a token-hash sequence (see [`TokenSink`]), sorted.
    /// Shingles stay inside sentences (0 marks a sentence break), so re-ordered sentences keep
    /// their shingles; a sentence shorter than one shingle but of at least two tokens is one
    /// shingle. A shingle's hash is FNV-1a 64 over the little-endian bytes of its token hashes,
    /// SplitMix64-finished.
    pub(crate) fn shingles(&self, tokens: &[u64]) -> Vec<u64> {
        let k = self.shingle.max(1);
        let hash = |w: &[u64]| {
            let mut h = Fnv::new();
            for t in w {
                h = h.bytes(&t.to_le_bytes());
            }
            h.finish()
        };
        let mut hashes: Vec<u64> = Vec::new();
        for sentence in tokens.split(|&t| t == 0) {
            if sentence.len() >= k {
                hashes.extend(sentence.windows(k).map(hash));
            } else if sentence.len() >= 2 {
                hashes.push(hash(sentence));
            }
        }
        hashes.sort_unstable();
        hashes.dedup();
        hashes
    }

    /// The MinHash signature of a non-empty shingle set.
    pub(crate) fn signature(&self, shingles: &[u64]) -> Vec<u32> {
        self.params
            .iter()
            .map(|&(a, b)| {
                shingles
                    .iter()
                    .map(|&x| (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32)
                    .min()
                    .unwrap_or(u32::MAX)
            })
            .collect()
    }
}

/// The fraction of equal positions: the MinHash estimate of the Jaccard similarity.
pub(crate) fn agreement(a: &[u32], b: &[u32]) -> u32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as u32
}

/// The LSH key of one band: FNV-1a over the band index and its rows.
pub(crate) fn band_key(band: usize, rows: &[u32]) -> u64 {
    let mut h = Fnv::new().bytes(&(band as u32).to_le_bytes());
    for r in rows {
        h = h.bytes(&r.to_le_bytes());
    }
    h.finish()
}

const NO_ENTRY: u32 = u32::MAX;

/// The LSH buckets: one entry per (fingerprint, band), `entry = slot × bands + band`, chained
/// through `next` in buckets of a power-of-two head table (`key & mask`), most recent first. The
/// table doubles when it holds more entries than heads; chains are always in decreasing entry
/// order, so the structure does not depend on when it grew.
#[derive(Clone, Debug, Default)]
pub(crate) struct LshTable {
    bands: usize,
    heads: Vec<u32>,
    next: Vec<u32>,
    keys: Vec<u32>,
}

impl LshTable {
    pub(crate) fn new(bands: usize) -> LshTable {
        LshTable {
            bands: bands.max(1),
            heads: Vec::new(),
            next: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// Calls `visit(slot)` for the most recent `limit` fingerprints with `key` in `band`.
    pub(crate) fn candidates(&self, band: usize, key: u32, limit: u32, mut visit: impl FnMut(u32)) {
        if self.heads.is_empty() {
            return;
        }
        let mask = self.heads.len() - 1;
        let mut e = self.heads[key as usize & mask];
        let mut seen = 0u32;
        while e != NO_ENTRY && seen < limit {
            if self.keys[e as usize] == key && e as usize % self.bands == band {
                seen += 1;
                visit(e / self.bands as u32);
            }
            e = self.next[e as usize];
        }
    }

    /// Adds the next fingerprint's band keys (one per band, in band order).
    pub(crate) fn push(&mut self, keys: &[u32]) {
        for &key in keys.iter().take(self.bands) {
            self.keys.push(key);
            self.next.push(NO_ENTRY);
            if self.keys.len() > self.heads.len() {
                self.grow();
            } else {
                self.link(self.keys.len() - 1);
            }
        }
    }

    fn link(&mut self, entry: usize) {
        let b = self.keys[entry] as usize & (self.heads.len() - 1);
        self.next[entry] = self.heads[b];
        self.heads[b] = entry as u32;
    }

    fn grow(&mut self) {
        let size = (self.keys.len()).next_power_of_two().max(1024) * 2;
        self.heads = vec![NO_ENTRY; size];
        for entry in 0..self.keys.len() {
            self.link(entry);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use redflag_model::{EntityValue, Span};

    fn phone(text: &str, needle: &str, value: &str) -> Entity {
        let start = text.find(needle).unwrap_or(0);
        let span = Span::new(start, start + needle.len()).unwrap_or_else(|| unreachable!());
        Entity::new(
            EntityValue::Phone {
                value: value.into(),
            },
            span,
            needle,
            false,
        )
    }

    fn tokens(text: &str, entities: &[Entity]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        masked_tokens(text, entities, &mut out);
        out
    }

    fn hashed(text: &str) -> Vec<u64> {
        let mut out: Vec<u64> = Vec::new();
        masked_tokens(text, &[], &mut out);
        out
    }

    #[test]
    fn masks_entities_numbers_and_names() {
        let text = "New in town. Call Anna at 555-0134, only 150 roses! Ｓweet";
        let e = phone(text, "555-0134", "+15550134");
        let t = tokens(text, &[e]);
        assert_eq!(
            t,
            [
                "new", "in", "town", "", "call", "<name>", "at", "<phone>", "only", "#", "roses",
                "", "sweet"
            ]
        );
    }

    #[test]
    fn bad_spans_are_ignored() {
        let text = "héllo world";
        let span = Span::new(2, 3).unwrap_or_else(|| unreachable!()); // inside 'é'
        let e = Entity::new(EntityValue::Phone { value: "x".into() }, span, "", false);
        let far = Entity::new(
            EntityValue::Phone { value: "y".into() },
            Span::new(5, 500).unwrap_or_else(|| unreachable!()),
            "",
            false,
        );
        assert_eq!(tokens(text, &[e, far]), ["héllo", "world"]);
    }

    #[test]
    fn same_template_different_details_has_same_signature() {
        let m = MinHasher::new(1, 64, 3);
        let a = "Hi, I am Anna. New in the city, call 0671234567 for a sweet time tonight";
        let b = "Hi, I am Olga. New in the city, call 0509876543 for a sweet time tonight";
        let sa = m.signature(&m.shingles(&hashed(a)));
        let sb = m.signature(&m.shingles(&hashed(b)));
        assert_eq!(sa, sb);
        let c = "Warehouse job in Poland, free housing, salary paid weekly, no language needed";
        let sc = m.signature(&m.shingles(&hashed(c)));
        assert!(agreement(&sa, &sc) < 8);
    }

    #[test]
    fn lsh_table_finds_equal_keys_most_recent_first_across_growth() {
        let mut t = LshTable::new(2);
        for slot in 0..3000u32 {
            // Band 0 key: slot % 7; band 1 key: unique.
            t.push(&[slot % 7, 1_000_000 + slot]);
        }
        let mut got = Vec::new();
        t.candidates(0, 3, 5, |s| got.push(s));
        assert_eq!(got, [2999, 2992, 2985, 2978, 2971]); // 2999 % 7 == 3
        got.clear();
        t.candidates(1, 1_000_042, 100, |s| got.push(s));
        assert_eq!(got, [42]);
        got.clear();
        t.candidates(1, 3, 100, |s| got.push(s)); // key 3 only occurs in band 0
        assert!(got.is_empty());
    }

    #[test]
    fn short_text_has_few_shingles() {
        let m = MinHasher::new(1, 8, 3);
        assert_eq!(m.shingles(&hashed("call me")).len(), 1);
        assert!(m.shingles(&hashed("hi. yes. ok")).is_empty());
    }

    #[test]
    fn reordered_sentences_keep_their_shingles() {
        let m = MinHasher::new(1, 64, 3);
        let a = "Sweet girl new in town. Call me for a good time. Outcall and incall both ok.";
        let b = "Outcall and incall both ok! Sweet girl new in town. Call me for a good time";
        assert_eq!(m.shingles(&hashed(a)), m.shingles(&hashed(b)));
    }
}
