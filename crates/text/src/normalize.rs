//! The normalizer: turns text into its matching form and keeps a map back to the original bytes.
//!
//! Normalization runs in four passes over a buffer of *cells* (one output character each, with the
//! original byte range it came from and the transform families that produced it):
//!
//! 1. **characters**: invisible characters are removed (`invisible`); compatibility forms are
//!    decomposed with NFKD (`compat`); styled letters NFKC misses are mapped (`styled`); combining
//!    marks are removed and stroked letters (`ø`, `ł`, `ƒ`) mapped to their base (`diacritics`); letters
//!    are lower-cased, `ß` becomes `ss` (`case`);
//! 2. **spacing**: three or more single characters separated by one to three of ` ._-*·` are joined
//!    (`spacing`), when at least one of them is a letter;
//! 3. **words**: inside a word that mixes Latin with Cyrillic or Greek letters, look-alikes are folded
//!    to the word's majority script (`homoglyph`); inside a word with more letters than digits, digits
//!    and `@ $ ! |` standing for letters are folded (`leet`);
//! 4. **repeats**: a letter repeated three or more times inside a word of at least two distinct
//!    letters is kept once (`repeat`); the matcher adds to each term its spellings with doubled
//!    letters written once (in words still four letters long), so `yoooung` (→ `young`) and
//!    `sweeeet` (→ `swet`) both match.
//!
//! Every cell keeps the original byte range of the character(s) it came from, so a range of the
//! normalized text maps back to a range of the original text on `char` boundaries.

use redflag_model::{Span, Transform};
use std::ops::Range;
use unicode_normalization::char::{decompose_canonical, decompose_compatible, is_combining_mark};

const INVISIBLE: u16 = 1 << 0;
const COMPAT: u16 = 1 << 1;
const STYLED: u16 = 1 << 2;
const DIACRITICS: u16 = 1 << 3;
const CASE: u16 = 1 << 4;
const HOMOGLYPH: u16 = 1 << 5;
const LEET: u16 = 1 << 6;
const SPACING: u16 = 1 << 7;
const REPEAT: u16 = 1 << 8;
const ALL_FAMILIES: u16 = (1 << 9) - 1;

pub(crate) fn bit(t: Transform) -> u16 {
    match t {
        Transform::Invisible => INVISIBLE,
        Transform::Compat => COMPAT,
        Transform::Styled => STYLED,
        Transform::Diacritics => DIACRITICS,
        Transform::Case => CASE,
        Transform::Homoglyph => HOMOGLYPH,
        Transform::Leet => LEET,
        Transform::Spacing => SPACING,
        Transform::Repeat => REPEAT,
        // Transform is non_exhaustive: a family this version does not know never fires.
        _ => 0,
    }
}

/// The families whose bits are set in `mask`, in [`Transform::ALL`] order.
pub(crate) fn families(mask: u16) -> Vec<Transform> {
    Transform::ALL
        .into_iter()
        .filter(|t| mask & bit(*t) != 0)
        .collect()
}

/// Builds a [`Normalizer`] with some transform families switched off.
///
/// ```
/// use redflag_text::{Normalizer, Transform};
/// let normalizer = Normalizer::builder().disable(Transform::Leet).build();
/// assert_eq!(normalizer.normalize("Y0UNG").as_str(), "y0ung");
/// ```
#[derive(Clone, Debug)]
pub struct NormalizerBuilder {
    enabled: u16,
}

impl Default for NormalizerBuilder {
    fn default() -> Self {
        NormalizerBuilder {
            enabled: ALL_FAMILIES,
        }
    }
}

impl NormalizerBuilder {
    /// Switches a transform family off.
    pub fn disable(&mut self, family: Transform) -> &mut Self {
        self.enabled &= !bit(family);
        self
    }

    /// Switches a transform family back on (all are on by default).
    pub fn enable(&mut self, family: Transform) -> &mut Self {
        self.enabled |= bit(family);
        self
    }

    /// The normalizer.
    pub fn build(&self) -> Normalizer {
        Normalizer {
            enabled: self.enabled,
        }
    }
}

/// Turns text into the form lexicon terms are matched against, with a map back to the original.
///
/// Cheap to build and to copy; [`Normalizer::normalize_into`] reuses buffers in hot loops.
///
/// ```
/// use redflag_text::{Normalizer, Transform};
/// let text = "so 𝓯 r 3 s h!";
/// let n = Normalizer::new().normalize(text);
/// assert_eq!(n.as_str(), "so fresh!");
/// let span = n.original_span(3..8).expect("in range");
/// assert_eq!(&text[span.range()], "𝓯 r 3 s h");
/// assert_eq!(n.transforms(3..8), vec![Transform::Compat, Transform::Leet, Transform::Spacing]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Normalizer {
    enabled: u16,
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new()
    }
}

/// The normalized form of a text: the string, and for every byte of it the original byte range and
/// the transform families that produced it.
///
/// The map is kept as runs: a stretch written by the fast path with the original's byte layout is
/// one run (its families are read back from the original characters when asked for), a character
/// the fast path wrote with another length is one run, and a piece that took the full passes is one
/// run with a `u32` cell per normalized byte.
///
/// `Debug` shows lengths only: ad text may hold personal data.
#[derive(Clone, Default)]
pub struct Normalized {
    text: String,
    /// A copy of the original text: the families of same-layout runs are read from it.
    orig: String,
    /// The families of the normalizer that wrote this (they decide what the fast path folded).
    enabled: u16,
    /// Runs by normalized start; each lasts until the next one's start (the last one to the end).
    runs: Vec<Run>,
    /// Per normalized byte of the full-pass runs: original start and end relative to the run's
    /// `orig`, and the families.
    starts: Vec<u32>,
    ends: Vec<u32>,
    flags: Vec<u16>,
    cells: Vec<Cell>,
    /// Characters the full passes folded, by code point (see [`Slot`]); kept across texts.
    folds: Vec<Slot>,
    /// The families `folds` was filled under.
    folds_en: u16,
}

impl PartialEq for Normalized {
    fn eq(&self, other: &Self) -> bool {
        // The fold cache is scratch space, not part of the value.
        (&self.text, &self.orig, self.enabled, &self.runs)
            == (&other.text, &other.orig, other.enabled, &other.runs)
            && (&self.starts, &self.ends, &self.flags) == (&other.starts, &other.ends, &other.flags)
    }
}

impl Eq for Normalized {}

/// One entry of the full passes' fold cache: a character that pass 1 folds without looking at its
/// neighbours (styled letters, compatibility forms, accented letters, case: the `styled` and
/// `fold_char` branches of [`Normalizer::chars`]), with its output characters and the families
/// that fired. Direct-mapped by the low byte of the code point.
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// The code point, or `u32::MAX` for an empty slot.
    cp: u32,
    /// Whether pass 1 folds this character from the cache (else it takes the general code).
    fold: bool,
    /// Number of output characters in `out`.
    n: u8,
    /// Families that fired on it.
    added: u16,
    out: [char; 4],
}

impl Slot {
    const EMPTY: Slot = Slot {
        cp: u32::MAX,
        fold: false,
        n: 0,
        added: 0,
        out: ['\0'; 4],
    };
}

/// A stretch of the normalized text (see [`Normalized`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    /// Normalized byte offset where the run starts.
    norm: usize,
    /// Original byte offset of its first byte ([`SAME`], [`ATOM`]) or the base of its cells.
    orig: usize,
    /// [`SAME`], [`ATOM`], or the index of its first cell in `starts`/`ends`/`flags`.
    kind: usize,
}

/// Run kind: normalized byte `norm + k` comes from original byte `orig + k` (same byte layout, only
/// case or same-length folds by the fast path).
const SAME: usize = usize::MAX;
/// Run kind: one character the fast path folded to another length; every byte of it comes from the
/// original character at `orig`.
const ATOM: usize = usize::MAX - 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cell {
    ch: char,
    start: usize,
    end: usize,
    flags: u16,
}

impl std::fmt::Debug for Normalized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Normalized")
            .field("len", &self.text.len())
            .field("families", &self.families())
            .finish()
    }
}

impl Normalized {
    /// The normalized string.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original span that produced the normalized byte range `range`: from the start of the
    /// original character behind its first byte to the end of the one behind its last byte.
    ///
    /// `None` when the range is empty, out of bounds or not on `char` boundaries of the normalized text.
    pub fn original_span(&self, range: Range<usize>) -> Option<Span> {
        if range.start >= range.end
            || range.end > self.text.len()
            || !self.text.is_char_boundary(range.start)
            || !self.text.is_char_boundary(range.end)
        {
            return None;
        }
        let start = self.orig_start(range.start)?;
        let end = self.orig_end(range.end - 1)?;
        Span::new(start, end)
    }

    /// The original byte offset of the normalized byte `offset` (the start of the character behind it).
    pub fn original_offset(&self, offset: usize) -> Option<usize> {
        if offset >= self.text.len() {
            return None;
        }
        self.orig_start(offset)
    }

    /// The index of the run holding normalized byte `i` (`i < text.len()`).
    fn run_at(&self, i: usize) -> Option<usize> {
        self.runs.partition_point(|r| r.norm <= i).checked_sub(1)
    }

    /// The normalized end of run `k`.
    fn run_end(&self, k: usize) -> usize {
        self.runs.get(k + 1).map_or(self.text.len(), |r| r.norm)
    }

    /// The original start of the character behind normalized byte `i`.
    fn orig_start(&self, i: usize) -> Option<usize> {
        let r = self.runs.get(self.run_at(i)?)?;
        match r.kind {
            SAME => {
                let o = r.orig + (i - r.norm);
                (0..=o).rev().find(|&j| self.orig.is_char_boundary(j))
            }
            ATOM => Some(r.orig),
            k => Some(r.orig + *self.starts.get(k + (i - r.norm))? as usize),
        }
    }

    /// The original end of the character behind normalized byte `i`.
    fn orig_end(&self, i: usize) -> Option<usize> {
        let r = self.runs.get(self.run_at(i)?)?;
        match r.kind {
            SAME => {
                let o = r.orig + (i - r.norm) + 1;
                (o..=self.orig.len()).find(|&j| self.orig.is_char_boundary(j))
            }
            ATOM => Some(r.orig + self.orig.get(r.orig..)?.chars().next()?.len_utf8()),
            k => Some(r.orig + *self.ends.get(k + (i - r.norm))? as usize),
        }
    }

    /// The transform families that fired within the normalized byte range, in [`Transform::ALL`] order.
    pub fn transforms(&self, range: Range<usize>) -> Vec<Transform> {
        families(self.mask(range))
    }

    pub(crate) fn mask(&self, range: Range<usize>) -> u16 {
        let end = range.end.min(self.text.len());
        let start = range.start.min(end);
        if start == end {
            return 0;
        }
        let Some(first) = self.run_at(start) else {
            return 0;
        };
        let mut mask = 0;
        for (k, r) in self.runs.iter().enumerate().skip(first) {
            if r.norm >= end {
                break;
            }
            let (a, b) = (start.max(r.norm), end.min(self.run_end(k)));
            if a >= b {
                continue;
            }
            mask |= match r.kind {
                SAME => {
                    // Every original character with a byte in the range, as the fast path wrote it.
                    let mut from = r.orig + (a - r.norm);
                    while from > 0 && !self.orig.is_char_boundary(from) {
                        from -= 1;
                    }
                    let mut to = r.orig + (b - r.norm);
                    while to < self.orig.len() && !self.orig.is_char_boundary(to) {
                        to += 1;
                    }
                    self.orig.get(from..to).map_or(0, |s| {
                        if s.is_ascii() {
                            if s.bytes().any(|b| b.is_ascii_uppercase()) {
                                self.enabled & CASE
                            } else {
                                0
                            }
                        } else {
                            s.chars().fold(0, |m, c| m | fast_flags(c, self.enabled))
                        }
                    })
                }
                ATOM => self
                    .orig
                    .get(r.orig..)
                    .and_then(|s| s.chars().next())
                    .map_or(0, |c| fast_flags(c, self.enabled)),
                c => self
                    .flags
                    .get(c + (a - r.norm)..c + (b - r.norm))
                    .map_or(0, |f| f.iter().fold(0, |m, f| m | f)),
            };
        }
        mask
    }

    /// Every family that fired anywhere in the text.
    pub fn families(&self) -> Vec<Transform> {
        families(self.mask(0..self.text.len()))
    }

    fn clear(&mut self) {
        self.text.clear();
        self.orig.clear();
        self.runs.clear();
        self.starts.clear();
        self.ends.clear();
        self.flags.clear();
        self.cells.clear();
    }

    /// Marks that the next normalized bytes come from original byte `orig` on, in the same layout.
    #[inline]
    fn same(&mut self, orig: usize) {
        let norm = self.text.len();
        if let Some(r) = self.runs.last()
            && r.kind == SAME
            && r.orig + (norm - r.norm) == orig
        {
            return;
        }
        self.runs.push(Run {
            norm,
            orig,
            kind: SAME,
        });
    }
}

impl Normalizer {
    /// A normalizer with every transform family on.
    pub fn new() -> Normalizer {
        Normalizer {
            enabled: ALL_FAMILIES,
        }
    }

    /// A builder to switch families off.
    pub fn builder() -> NormalizerBuilder {
        NormalizerBuilder::default()
    }

    /// Whether a family is on.
    pub fn is_enabled(&self, family: Transform) -> bool {
        self.enabled & bit(family) != 0
    }

    /// Normalizes `text`.
    pub fn normalize(&self, text: &str) -> Normalized {
        let mut out = Normalized::default();
        self.normalize_into(text, &mut out);
        out
    }

    /// Normalizes `text` into `out`, reusing its buffers.
    pub fn normalize_into(&self, text: &str, out: &mut Normalized) {
        // The text can be cut after a space followed by a word of two letters or more: no
        // transform reaches across such a cut (no spaced letters, joiners or marks run over it), so
        // the full passes give the same on the pieces as on the whole. The fast path validates the
        // text once; where it fails, only the piece between the cuts around the failure takes the
        // full passes, and validation goes on after it. Fast-path stretches with the original's
        // byte layout are one run each in the offset map, with no per-byte entries.
        out.clear();
        out.enabled = self.enabled;
        out.orig.push_str(text);
        let bytes = text.as_bytes();
        if bytes.is_ascii() && ascii_ok(bytes) {
            self.write_fast(text, 0, true, out);
            return;
        }
        let cyr = self.cyr_table();
        let mut start = 0;
        while let Some(rest) = text.get(start..).filter(|r| !r.is_empty()) {
            match self.check_with(rest, true, cyr) {
                Ok(()) => {
                    self.write_fast(rest, start, rest.is_ascii(), out);
                    return;
                }
                Err(at) => {
                    // The text before the last cut at or before `at` validates on its own (see
                    // `check_with`); the piece up to the next cut after `at` takes the full passes.
                    let r = rest.as_bytes();
                    let cut = |q: usize| {
                        r.get(q) == Some(&b' ') && rest.get(q + 1..).is_some_and(starts_word)
                    };
                    let c = (0..at).rev().find(|&q| cut(q)).map_or(0, |q| q + 1);
                    let d = (at..r.len()).find(|&q| cut(q)).map_or(r.len(), |q| q + 1);
                    if let Some(ok) = rest.get(..c).filter(|p| !p.is_empty()) {
                        self.write_fast(ok, start, ok.is_ascii(), out);
                    }
                    if let Some(piece) = rest.get(c..d) {
                        self.full(piece, start + c, out);
                    }
                    start += d;
                }
            }
        }
    }

    /// The full passes, without the fast path.
    #[cfg(test)]
    fn normalize_full(&self, text: &str, out: &mut Normalized) {
        out.clear();
        out.enabled = self.enabled;
        out.orig.push_str(text);
        self.full(text, 0, out);
    }

    /// The full passes on `text`, appended to `out` with original offsets shifted by `base`.
    fn full(&self, text: &str, base: usize, out: &mut Normalized) {
        let mut cells = std::mem::take(&mut out.cells);
        cells.clear();
        if out.folds.len() != 256 || out.folds_en != self.enabled {
            out.folds.clear();
            out.folds.resize(256, Slot::EMPTY);
            out.folds_en = self.enabled;
        }
        self.chars(text, &mut cells, Some(&mut out.folds));
        if self.enabled & SPACING != 0 {
            spacing(&mut cells);
        }
        if self.enabled & (HOMOGLYPH | LEET | REPEAT) != 0 {
            self.words(&mut cells);
        }
        // Last, so the gaps it keeps are judged on the final characters (idempotence).
        collapse_whitespace(&mut cells);
        out.text.reserve(cells.len());
        // One run for the piece, cells relative to its start; a new run wherever a cell would not
        // fit that (only in pieces of 4 GiB or more).
        let mut run_orig = None;
        for c in &cells {
            let rel = |o: usize| {
                run_orig
                    .and_then(|r| c.start.checked_sub(r).map(|_| o - r))
                    .and_then(|d| u32::try_from(d).ok())
            };
            let (s, e) = match (rel(c.start), rel(c.end)) {
                (Some(s), Some(e)) => (s, e),
                _ => {
                    run_orig = Some(c.start);
                    out.runs.push(Run {
                        norm: out.text.len(),
                        orig: base + c.start,
                        kind: out.starts.len(),
                    });
                    (0, u32::try_from(c.end - c.start).unwrap_or(u32::MAX))
                }
            };
            out.text.push(c.ch);
            for _ in 0..c.ch.len_utf8() {
                out.starts.push(s);
                out.ends.push(e);
                out.flags.push(c.flags);
            }
        }
        out.cells = cells;
    }

    /// The fast path: text in which no family but `case` can fire (ASCII and basic Cyrillic letters,
    /// digits apart from letters, plain punctuation, single spaces, no letters written one by one, no
    /// letter three times in a row) normalizes to its lower-case form (accented Latin letters
    /// folded), character by character. Appends to `out` (original offsets shifted by `base`):
    /// stretches with the original's byte layout are [`SAME`] runs (their families are read back
    /// from the original characters: `fast_out` of each), a character folded to another length is an
    /// [`ATOM`] run. Returns false, leaving `out` partly written, when the text needs the full passes.
    #[cfg(test)]
    fn simple(&self, text: &str, base: usize, out: &mut Normalized) -> bool {
        let bytes = text.as_bytes();
        // Validation: one pass over the bytes, no output; pure ASCII in a tighter loop.
        let all_ascii = bytes.is_ascii();
        let valid = if all_ascii {
            ascii_ok(bytes)
        } else {
            self.validate(text, true)
        };
        if !valid {
            return false;
        }
        self.write_fast(text, base, all_ascii, out);
        true
    }

    /// The fast path's output for a text it validated (`all_ascii`: the text is pure ASCII).
    fn write_fast(&self, text: &str, base: usize, all_ascii: bool, out: &mut Normalized) {
        let bytes = text.as_bytes();
        let n = bytes.len();
        // The lower-case text (accented Latin letters folded).
        let fold_case = self.enabled & CASE != 0;
        if all_ascii {
            out.same(base);
            let start = out.text.len();
            out.text.push_str(text);
            if fold_case && let Some(tail) = out.text.get_mut(start..) {
                tail.make_ascii_lowercase();
            }
            return;
        }
        let cyr = self.cyr_table();
        let mut at = 0;
        while at < n {
            // A run of ASCII bytes: copied and lower-cased in bulk.
            let run = bytes[at..]
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(n - at);
            if run > 0 {
                out.same(base + at);
                let start = out.text.len();
                out.text
                    .push_str(text.get(at..at + run).unwrap_or_default());
                if fold_case && let Some(tail) = out.text.get_mut(start..) {
                    tail.make_ascii_lowercase();
                }
                at += run;
                continue;
            }
            // A run of two-byte Cyrillic letters, from the table (two bytes stay two bytes).
            if let Some(table) = cyr
                && cyr_at(table, bytes, at).is_some()
            {
                out.same(base + at);
                // Letters that stay as they are (most: lower case) are copied in bulk.
                let from = at;
                let mut same = true;
                while let Some(e) = cyr_at(table, bytes, at) {
                    let cp = (u16::from(bytes[at] & 0x1F) << 6) | u16::from(bytes[at + 1] & 0x3F);
                    same &= e.out == cp;
                    at += 2;
                }
                if same {
                    out.text.push_str(text.get(from..at).unwrap_or_default());
                } else {
                    let mut buf = [0u8; 2];
                    let mut k = from;
                    while let Some(e) = cyr_at(table, bytes, k) {
                        let c =
                            char::from_u32(u32::from(e.out)).unwrap_or(char::REPLACEMENT_CHARACTER);
                        out.text.push_str(c.encode_utf8(&mut buf));
                        k += 2;
                    }
                }
                continue;
            }
            let Some(c) = text.get(at..).and_then(|r| r.chars().next()) else {
                break;
            };
            let (lower, _) = fast_out(c, self.enabled);
            if lower.len_utf8() == c.len_utf8() {
                out.same(base + at);
            } else {
                out.runs.push(Run {
                    norm: out.text.len(),
                    orig: base + at,
                    kind: ATOM,
                });
            }
            out.text.push(lower);
            at += c.len_utf8();
        }
    }

    /// The Cyrillic letter table, when this normalizer's families give the same folds as all of
    /// them (`case` and `diacritics` on; no other family changes a basic Cyrillic letter).
    #[inline]
    fn cyr_table(&self) -> Option<&'static [CyrLetter; 256]> {
        (self.enabled & (CASE | DIACRITICS) == CASE | DIACRITICS).then(cyr_table)
    }

    /// The fast path's validation of any text: one pass, no output. Accented Latin letters are
    /// accepted only when `fold` (always, in `normalize_into`; the tests check both).
    #[cfg(test)]
    fn validate(&self, text: &str, fold: bool) -> bool {
        self.validate_with(text, fold, self.cyr_table())
    }

    /// [`Normalizer::validate`] with or without the Cyrillic letter table (`cyr_t`: runs of
    /// Cyrillic letters in a tight loop; the verdicts are the same, a proptest checks).
    #[cfg(test)]
    fn validate_with(&self, text: &str, fold: bool, cyr_t: Option<&[CyrLetter; 256]>) -> bool {
        self.check_with(text, fold, cyr_t).is_ok()
    }

    /// The fast path's validation, and where it failed: `Err(i)` when the step that started at
    /// byte `i` (one character, or a run of letters) rejected the text. Every step that starts
    /// before `i` reads no byte at or after `i`, except that a step may look one character ahead,
    /// and a space (the last byte before a cut) never depends on what follows it: so the text up
    /// to any cut at or before `i` validates on its own.
    fn check_with(
        &self,
        text: &str,
        fold: bool,
        cyr_t: Option<&[CyrLetter; 256]>,
    ) -> Result<(), usize> {
        let bytes = text.as_bytes();
        let n = bytes.len();
        #[inline(always)]
        fn class_at(
            text: &str,
            bytes: &[u8],
            i: usize,
            fold: Option<u16>,
            enabled: u16,
            cyr: Option<&[CyrLetter; 256]>,
        ) -> (u8, usize, u32) {
            // (class, length, lower-case code point)
            let b = bytes[i];
            if b < 0x80 {
                let k = ASCII_CLASS[b as usize];
                return (k, 1, u32::from(b.to_ascii_lowercase()));
            }
            if let Some(e) = cyr.and_then(|t| cyr_at(t, bytes, i)) {
                return (S_CYRILLIC, 2, u32::from(e.lower));
            }
            if let Some(found) = simple_non_ascii(text, i, enabled) {
                return found;
            }
            // Accented Latin letters fold to one letter with a new byte layout (an `ATOM` run).
            let folded = fold.zip(text.get(i..).and_then(|r| r.chars().next()));
            match folded.and_then(|(en, c)| latin_fold(c, en).map(|(l, _)| (c.len_utf8(), l))) {
                Some((n, l)) => (S_LATIN, n, u32::from(l)),
                None => (S_REJECT, 1, 0),
            }
        }
        let fold = fold.then_some(self.enabled);
        let mut i = 0;
        let mut cur = if n > 0 {
            class_at(text, bytes, 0, fold, self.enabled, cyr_t)
        } else {
            (S_SPACE, 1, 0)
        };
        let mut prev = S_SPACE;
        let mut reps = Repeats::NONE;
        let (mut latin, mut cyr, mut digit) = (false, false, false);
        let mut atom_len = 0;
        let mut singles = 0;
        let mut gap = 0;
        while i < n {
            let at = i;
            let (k, len, lower) = cur;
            if k == S_REJECT {
                return Err(at);
            }
            // A run of two or more ASCII letters, the common case, in one tight loop.
            if len == 1
                && k == S_LATIN
                && i + 1 < n
                && ASCII_CLASS[usize::from(bytes[i + 1] & 0x7f)] == S_LATIN
                && bytes[i + 1] < 0x80
            {
                if !matches!(prev, S_LATIN | S_CYRILLIC | S_DIGIT) {
                    atom_len = 0;
                    cyr = false;
                    digit = false;
                }
                // Digits then letters: a unit or ordinal (`10am`, `24hrs`) is left alone; other
                // mixes are leet, for the full passes.
                let unit = digit && !latin;
                if cyr || (digit && !unit) {
                    return Err(at);
                }
                latin = true;
                let mut j = i;
                for &b in &bytes[i..] {
                    if b >= 0x80 || ASCII_CLASS[usize::from(b)] != S_LATIN {
                        break;
                    }
                    // An ASCII letter: `| 0x20` is its lower case.
                    let l = u32::from(b | 0x20);
                    if !reps.letter(l) {
                        return Err(at);
                    }
                    j += 1;
                }
                atom_len += j - i;
                prev = S_LATIN;
                let run = &bytes[i..j];
                i = j;
                cur = if i < n {
                    class_at(text, bytes, i, fold, self.enabled, cyr_t)
                } else {
                    (S_SPACE, 1, 0)
                };
                if unit && (matches!(cur.0, S_LATIN | S_CYRILLIC | S_DIGIT) || !is_unit(run)) {
                    return Err(at);
                }
                if !matches!(cur.0, S_LATIN | S_CYRILLIC | S_DIGIT) {
                    // The atom ends here; it has two or more characters.
                    singles = 0;
                    gap = 0;
                }
                continue;
            }
            // A run of two or more Cyrillic letters from the table, likewise.
            let run = |t: &&[CyrLetter; 256]| {
                k == S_CYRILLIC
                    && len == 2
                    && cyr_at(t, bytes, i).is_some()
                    && cyr_at(t, bytes, i + 2).is_some()
            };
            if let Some(table) = cyr_t.filter(run) {
                if !matches!(prev, S_LATIN | S_CYRILLIC | S_DIGIT) {
                    atom_len = 0;
                    latin = false;
                    digit = false;
                }
                // Mixed-script words and letters after digits are for the full passes.
                if latin || digit {
                    return Err(at);
                }
                cyr = true;
                let mut j = i;
                while let Some(e) = cyr_at(table, bytes, j) {
                    let l = u32::from(e.lower);
                    if !reps.letter(l) {
                        return Err(at);
                    }
                    atom_len += 1;
                    j += 2;
                }
                prev = S_CYRILLIC;
                i = j;
                cur = if i < n {
                    class_at(text, bytes, i, fold, self.enabled, cyr_t)
                } else {
                    (S_SPACE, 1, 0)
                };
                if !matches!(cur.0, S_LATIN | S_CYRILLIC | S_DIGIT) {
                    singles = 0;
                    gap = 0;
                }
                continue;
            }
            let ahead = if i + len < n {
                class_at(text, bytes, i + len, fold, self.enabled, cyr_t)
            } else {
                (S_SPACE, 1, 0)
            };
            let next = ahead.0;
            let word = |k: u8| matches!(k, S_LATIN | S_CYRILLIC | S_DIGIT);
            match k {
                S_SYMBOL => {
                    // `@` and `$` may be letters or spaced atoms; `!` and `|` fold between word characters.
                    let near = |k: u8| word(k) || k == S_SYMBOL;
                    if matches!(bytes[i], b'@' | b'$') || (near(prev) && near(next)) {
                        return Err(at);
                    }
                }
                S_SPACE if prev == S_SPACE && i > 0 => return Err(at),
                _ => {}
            }
            if word(k) {
                if !word(prev) {
                    atom_len = 0;
                    latin = false;
                    cyr = false;
                    digit = false;
                }
                atom_len += 1;
                let was_latin = latin;
                latin |= k == S_LATIN;
                cyr |= k == S_CYRILLIC;
                digit |= k == S_DIGIT;
                if (latin && cyr) || (digit && (latin || cyr)) {
                    // One ASCII letter after digits may be a unit (`24h`, `5k`).
                    let unit = k == S_LATIN
                        && len == 1
                        && !was_latin
                        && !cyr
                        && prev == S_DIGIT
                        && !word(next)
                        && is_unit(&bytes[i..i + 1]);
                    if !unit {
                        return Err(at);
                    }
                }
                if k == S_DIGIT {
                    reps = Repeats {
                        prev: lower,
                        count: 1,
                    };
                } else if !reps.letter(lower) {
                    return Err(at);
                }
                if !word(next) {
                    // An atom ends: letters written one by one?
                    if atom_len == 1 {
                        singles = if gap <= 3 { singles + 1 } else { 1 };
                        if singles >= 3 {
                            return Err(at);
                        }
                    } else {
                        singles = 0;
                    }
                    gap = 0;
                }
            } else {
                reps = Repeats::NONE;
                gap = if matches!(k, S_SPACE | S_SEP) {
                    gap + 1
                } else {
                    4
                };
            }
            prev = k;
            i += len;
            cur = ahead;
        }
        Ok(())
    }

    /// Pass 1: one character at a time.
    fn chars(&self, text: &str, cells: &mut Vec<Cell>, mut folds: Option<&mut Vec<Slot>>) {
        let en = self.enabled;
        let mut pending: u16 = 0;
        let mut joiners = false;
        let bytes = text.as_bytes();
        let fold_case = en & CASE != 0;
        cells.reserve(text.len());
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                // ASCII fast path.
                let mut flags = pending;
                pending = 0;
                let mut ch = b as char;
                if fold_case && b.is_ascii_uppercase() {
                    ch = b.to_ascii_lowercase() as char;
                    flags |= CASE;
                }
                cells.push(Cell {
                    ch,
                    start: i,
                    end: i + 1,
                    flags,
                });
                i += 1;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            let j = i + c.len_utf8();
            let here = i;
            i = j;
            let i = here;
            // A character folded without looking at its neighbours: from the cache.
            if let Some(slot) = folds
                .as_deref_mut()
                .and_then(|f| f.get_mut((c as usize) & 0xFF))
            {
                if slot.cp != c as u32 {
                    *slot = self.slot(c);
                }
                if slot.fold {
                    let fin = pending | slot.added;
                    let n = usize::from(slot.n);
                    for (k, &ch) in slot.out[..n.min(4)].iter().enumerate() {
                        let inv = if k == 0 { pending & INVISIBLE } else { 0 };
                        cells.push(Cell {
                            ch,
                            start: i,
                            end: j,
                            flags: (fin & !INVISIBLE) | inv,
                        });
                    }
                    pending = if n == 0 { fin } else { 0 };
                    continue;
                }
            }
            // Invisible characters.
            if en & INVISIBLE != 0 {
                match invisible(c) {
                    Invisible::No => {}
                    Invisible::Joiner => {
                        // Decided once the neighbours are known (see `joiners`).
                        cells.push(Cell {
                            ch: c,
                            start: i,
                            end: j,
                            flags: pending,
                        });
                        pending = 0;
                        joiners = true;
                        continue;
                    }
                    Invisible::Quiet => {
                        // Variation selectors and skin tones: part of how emoji are written.
                        if let Some(last) = cells.last_mut()
                            && last.end == i
                        {
                            last.end = j;
                        }
                        continue;
                    }
                    Invisible::Yes => {
                        pending |= INVISIBLE;
                        continue;
                    }
                }
            }
            if c == '\u{20E3}' && en & STYLED != 0 {
                // Combining enclosing keycap: 5️⃣ reads as 5.
                if let Some(last) = cells.last_mut() {
                    last.flags |= STYLED;
                    last.end = j;
                } else {
                    pending |= STYLED;
                }
                continue;
            }
            if matches!(c, '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}') && en & COMPAT != 0 {
                // Typographic apostrophes: l’étranger reads as l'étranger.
                cells.push(Cell {
                    ch: '\'',
                    start: i,
                    end: j,
                    flags: pending | COMPAT,
                });
                pending = 0;
                continue;
            }
            if let Some(s) = styled(c).filter(|_| en & STYLED != 0) {
                let mut flags = pending | STYLED;
                pending = 0;
                for ch in s.chars() {
                    let lower = if en & CASE != 0 {
                        ch.to_ascii_lowercase()
                    } else {
                        ch
                    };
                    cells.push(Cell {
                        ch: lower,
                        start: i,
                        end: j,
                        flags,
                    });
                    flags &= !INVISIBLE;
                }
                continue;
            }
            if is_combining_mark(c) && en & DIACRITICS != 0 {
                // A combining mark after its base: belongs to the previous cell.
                match cells.last_mut() {
                    Some(last) if last.end == i => {
                        last.flags |= DIACRITICS;
                        last.end = j;
                    }
                    _ => pending |= DIACRITICS,
                }
                continue;
            }
            if is_hangul_syllable(c) {
                cells.push(Cell {
                    ch: c,
                    start: i,
                    end: j,
                    flags: pending,
                });
                pending = 0;
                continue;
            }
            let mut flags = pending;
            pending = 0;
            let first = cells.len();
            self.fold_char(c, i, j, &mut flags, cells);
            if cells.len() == first {
                // Everything folded away (a lone mark): keep its families for the next cell.
                pending |= flags;
            }
        }
        if pending != 0
            && let Some(last) = cells.last_mut()
        {
            last.flags |= pending & !INVISIBLE;
        }
        if joiners {
            resolve_joiners(cells);
        }
    }

    /// The fold cache entry of `c`: what [`Normalizer::chars`] does with it when no family
    /// before it in the order of that function (invisible, keycap, apostrophe) claims it, and
    /// the `styled` or `fold_char` branch folds it into at most four characters.
    fn slot(&self, c: char) -> Slot {
        let en = self.enabled;
        let mut slot = Slot {
            cp: c as u32,
            ..Slot::EMPTY
        };
        if c.is_ascii()
            || (en & INVISIBLE != 0 && !matches!(invisible(c), Invisible::No))
            || (c == '\u{20E3}' && en & STYLED != 0)
            || (matches!(c, '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}') && en & COMPAT != 0)
        {
            return slot;
        }
        let mut tmp = Vec::new();
        let added = if let Some(s) = styled(c).filter(|_| en & STYLED != 0) {
            for ch in s.chars() {
                tmp.push(if en & CASE != 0 {
                    ch.to_ascii_lowercase()
                } else {
                    ch
                });
            }
            STYLED
        } else if (is_combining_mark(c) && en & DIACRITICS != 0) || is_hangul_syllable(c) {
            return slot;
        } else {
            let mut cells = Vec::new();
            let mut flags = 0;
            self.fold_char(c, 0, 0, &mut flags, &mut cells);
            tmp.extend(cells.iter().map(|cell| cell.ch));
            flags
        };
        if tmp.len() <= slot.out.len() {
            slot.out[..tmp.len()].copy_from_slice(&tmp);
            slot.n = tmp.len() as u8;
            slot.added = added;
            slot.fold = true;
        }
        slot
    }

    /// Compatibility decomposition, styled letters, marks, case and stroked letters of one non-ASCII char.
    fn fold_char(&self, c: char, i: usize, j: usize, flags: &mut u16, cells: &mut Vec<Cell>) {
        let en = self.enabled;
        let first = cells.len();
        let mut buf: [char; 24] = ['\0'; 24];
        let mut n = 0;
        if en & COMPAT != 0 {
            let mut canon: [char; 8] = ['\0'; 8];
            let mut m = 0;
            decompose_canonical(c, |d| {
                if m < canon.len() {
                    canon[m] = d;
                }
                m += 1;
            });
            decompose_compatible(c, |d| {
                if n < buf.len() {
                    buf[n] = d;
                }
                n += 1;
            });
            n = n.min(buf.len());
            if canon[..m.min(canon.len())] != buf[..n] {
                *flags |= COMPAT;
            }
        } else {
            decompose_canonical(c, |d| {
                if n < buf.len() {
                    buf[n] = d;
                }
                n += 1;
            });
            n = n.min(buf.len());
        }
        let mut out_flags = *flags;
        for &d in &buf[..n] {
            if d.is_ascii() {
                // Most decompositions end in ASCII (math letters, fullwidth, accented letters).
                if d.is_ascii_uppercase() && en & CASE != 0 {
                    out_flags |= CASE;
                    push_cell(cells, d.to_ascii_lowercase(), i, j, &mut out_flags);
                } else {
                    push_cell(cells, d, i, j, &mut out_flags);
                }
                continue;
            }
            if is_combining_mark(d) {
                if en & DIACRITICS != 0 {
                    out_flags |= DIACRITICS;
                    continue;
                }
                push_cell(cells, d, i, j, &mut out_flags);
                continue;
            }
            if let Some(s) = styled(d).filter(|_| en & STYLED != 0) {
                out_flags |= STYLED;
                for ch in s.chars() {
                    let lower = if en & CASE != 0 {
                        ch.to_ascii_lowercase()
                    } else {
                        ch
                    };
                    push_cell(cells, lower, i, j, &mut out_flags);
                }
                continue;
            }
            if en & CASE != 0 {
                if d == 'ß' || d == 'ẞ' {
                    out_flags |= CASE;
                    push_cell(cells, 's', i, j, &mut out_flags);
                    push_cell(cells, 's', i, j, &mut out_flags);
                    continue;
                }
                if d == 'ς' {
                    out_flags |= CASE;
                    push_cell(cells, 'σ', i, j, &mut out_flags);
                    continue;
                }
                let lower = d.to_lowercase();
                if lower.clone().count() != 1 || lower.clone().next() != Some(d) {
                    out_flags |= CASE;
                    for l in lower {
                        if is_combining_mark(l) && en & DIACRITICS != 0 {
                            out_flags |= DIACRITICS;
                            continue;
                        }
                        let l = self.stroked(l, &mut out_flags);
                        push_cell(cells, l, i, j, &mut out_flags);
                    }
                    continue;
                }
            }
            let d = self.stroked(d, &mut out_flags);
            push_cell(cells, d, i, j, &mut out_flags);
        }
        // Marks come after their base: every cell of the character reports what fired on it.
        for cell in &mut cells[first..] {
            cell.flags |= out_flags & !INVISIBLE;
        }
        *flags = out_flags;
    }

    fn stroked(&self, c: char, flags: &mut u16) -> char {
        if self.enabled & DIACRITICS == 0 {
            return c;
        }
        match stroked(c) {
            Some(b) => {
                *flags |= DIACRITICS;
                b
            }
            None => c,
        }
    }

    /// Passes 3 and 4: homoglyphs, leet and repeats, word by word.
    fn words(&self, cells: &mut Vec<Cell>) {
        let en = self.enabled;
        let mut i = 0;
        let mut any_repeat = false;
        while i < cells.len() {
            if !in_word(cells, i) {
                i += 1;
                continue;
            }
            let start = i;
            // ASCII letters and digits, most of a word, without the call.
            while i < cells.len() && (cells[i].ch.is_ascii_alphanumeric() || in_word(cells, i)) {
                i += 1;
            }
            let word = &mut cells[start..i];
            let (mut latin, mut cyr, mut greek, mut letters, mut digits) =
                (0usize, 0usize, 0usize, 0usize, 0usize);
            // Letters that exist in one script only (Latin `r`, Cyrillic `д`) decide which script a
            // mixed word is written in; look-alikes (`а`/`a`) cannot.
            // They count once per run of the same letter, so that `repeat` folding (`ggg` → `g`)
            // cannot change the verdict on a second pass.
            let (mut own_latin, mut own_cyr) = (0usize, 0usize);
            let mut prev: Option<char> = None;
            for c in word.iter() {
                let new_run = prev != Some(c.ch);
                prev = Some(c.ch);
                match script(c.ch) {
                    Script::Latin => {
                        latin += 1;
                        own_latin += usize::from(new_run && latin_to_cyrillic(c.ch).is_none());
                    }
                    Script::Cyrillic => {
                        cyr += 1;
                        own_cyr += usize::from(new_run && to_latin(c.ch).is_none());
                    }
                    Script::Greek => greek += 1,
                    Script::Other => {}
                }
                if is_letter(c.ch) {
                    letters += 1;
                } else if is_digit(c.ch) {
                    digits += 1;
                }
            }
            // Ties go to Latin: look-alikes are folded towards Latin unless the word is clearly Cyrillic.
            let cyrillic_word = if latin == 0 {
                cyr > 0
            } else {
                cyr > 0 && own_cyr > own_latin
            };
            if en & HOMOGLYPH != 0 && latin > 0 && (cyr > 0 || greek > 0) {
                for c in word.iter_mut() {
                    let folded = if cyrillic_word {
                        latin_to_cyrillic(c.ch)
                    } else {
                        to_latin(c.ch)
                    };
                    if let Some(f) = folded {
                        c.ch = f;
                        c.flags |= HOMOGLYPH;
                    }
                }
            }
            // Leet needs a script to fold into: Latin letters, or a Cyrillic word.
            if en & LEET != 0 && (latin > 0 || cyrillic_word) && leet_word(word, letters, digits) {
                for c in word.iter_mut() {
                    let folded = if cyrillic_word {
                        leet_cyrillic(c.ch)
                    } else {
                        leet_latin(c.ch)
                    };
                    if let Some(f) = folded {
                        c.ch = f;
                        c.flags |= LEET;
                    }
                }
            }
            if en & REPEAT != 0 && word.len() >= 4 {
                let first = word[0].ch;
                if word.iter().any(|c| c.ch != first) {
                    let mut k = 0;
                    while k < word.len() {
                        let ch = word[k].ch;
                        let mut e = k + 1;
                        while e < word.len() && word[e].ch == ch {
                            e += 1;
                        }
                        if e - k >= 3 && is_letter(ch) {
                            let end = word[e - 1].end;
                            let mut extra = 0;
                            for c in &mut word[k + 1..e] {
                                extra |= c.flags;
                                c.flags = DELETED;
                            }
                            word[k].end = end;
                            word[k].flags |= REPEAT | extra;
                            any_repeat = true;
                        }
                        k = e;
                    }
                }
            }
        }
        if any_repeat {
            cells.retain(|c| c.flags != DELETED);
        }
    }
}

const S_REJECT: u8 = 0;
const S_LATIN: u8 = 1;
const S_CYRILLIC: u8 = 2;
const S_DIGIT: u8 = 3;
const S_SYMBOL: u8 = 4;
const S_SPACE: u8 = 5;
const S_SEP: u8 = 6;
const S_OTHER: u8 = 7;

/// Fast-path classes of ASCII bytes; control characters (newlines, tabs) take the full passes.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [S_REJECT; 128];
    let mut b = 0x21;
    while b < 0x7f {
        t[b] = S_OTHER;
        b += 1;
    }
    let mut b = b'a';
    while b <= b'z' {
        t[b as usize] = S_LATIN;
        t[(b - 32) as usize] = S_LATIN;
        b += 1;
    }
    let mut b = b'0';
    while b <= b'9' {
        t[b as usize] = S_DIGIT;
        b += 1;
    }
    t[b'@' as usize] = S_SYMBOL;
    t[b'$' as usize] = S_SYMBOL;
    t[b'!' as usize] = S_SYMBOL;
    t[b'|' as usize] = S_SYMBOL;
    t[b' ' as usize] = S_SPACE;
    t[b'.' as usize] = S_SEP;
    t[b'-' as usize] = S_SEP;
    t[b'_' as usize] = S_SEP;
    t[b'*' as usize] = S_SEP;
    t
};

/// [`Normalizer::validate`] for pure ASCII text, atom by atom (an atom is a run of letters and
/// digits): the same verdicts (a proptest checks), a fraction of the instructions.
fn ascii_ok(bytes: &[u8]) -> bool {
    ascii_ok_with(bytes, true)
}

/// [`ascii_ok`], with the letter runs read eight bytes at a time ([`letter_run8`]) or, for the
/// tests that compare the two, one byte at a time.
#[inline(always)]
fn ascii_ok_with(bytes: &[u8], swar: bool) -> bool {
    let class = |b: u8| ASCII_CLASS[usize::from(b & 0x7f)];
    let word = |k: u8| matches!(k, S_LATIN | S_DIGIT);
    let n = bytes.len();
    let mut prev = S_SPACE;
    let mut singles = 0u32;
    let mut gap = 0u32;
    let mut i = 0;
    while i < n {
        let k = class(bytes[i]);
        if word(k) {
            // One atom: digits and letters mix only as a number and a unit (`10am`); no letter
            // three times in a row; letters written one by one are left to the full passes.
            let start = i;
            let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            let mut e = start + digits;
            let (mut last, mut repeat) = (0u8, 0u32);
            if swar {
                // Eight bytes at a time; the loop below finishes a run that reaches the last seven.
                while let Some(chunk) = bytes.get(e..e + 8) {
                    let Some((run, l, r)) = letter_run8(chunk, last, repeat) else {
                        return false;
                    };
                    e += run;
                    (last, repeat) = (l, r);
                    if run < 8 {
                        break;
                    }
                }
            }
            while e < n && class(bytes[e]) == S_LATIN {
                let l = bytes[e] | 0x20;
                repeat = if l == last { repeat + 1 } else { 1 };
                if repeat >= 3 {
                    return false;
                }
                last = l;
                e += 1;
            }
            if e < n && word(class(bytes[e])) {
                // A digit after letters: leet or an identifier.
                return false;
            }
            if digits > 0 && e > start + digits && !is_unit(&bytes[start + digits..e]) {
                return false;
            }
            if e - start == 1 {
                singles = if gap <= 3 { singles + 1 } else { 1 };
                if singles >= 3 {
                    return false;
                }
            } else {
                singles = 0;
            }
            gap = 0;
            prev = class(bytes[e - 1]);
            i = e;
            continue;
        }
        match k {
            S_REJECT => return false,
            S_SYMBOL => {
                // `@` and `$` may be letters or spaced atoms; `!` and `|` fold between word characters.
                let near = |k: u8| word(k) || k == S_SYMBOL;
                let next = bytes.get(i + 1).map_or(S_SPACE, |&b| class(b));
                if matches!(bytes[i], b'@' | b'$') || (near(prev) && near(next)) {
                    return false;
                }
            }
            S_SPACE if prev == S_SPACE && i > 0 => return false,
            _ => {}
        }
        gap = if matches!(k, S_SPACE | S_SEP) {
            gap + 1
        } else {
            4
        };
        prev = k;
        i += 1;
    }
    true
}

/// One byte repeated in each of the eight bytes of a word.
const fn splat(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// High bit set in each byte of `v` that is zero, and only there (no borrow between bytes).
#[inline(always)]
fn zero_bytes(v: u64) -> u64 {
    let low = splat(0x7f);
    !(((v & low).wrapping_add(low)) | v) & splat(0x80)
}

/// The fast path's test for the `repeat` family: the same lower-case letter three times in a row
/// sends the piece to the full passes.
#[derive(Clone, Copy)]
struct Repeats {
    /// The last lower-case letter (or digit) seen.
    prev: u32,
    /// How many times in a row it came.
    count: u32,
}

impl Repeats {
    /// Nothing seen (after a space or separator).
    const NONE: Repeats = Repeats { prev: 0, count: 1 };

    /// Counts the lower-case letter `l`; false when it comes a third time in a row.
    #[inline(always)]
    fn letter(&mut self, l: u32) -> bool {
        if l == self.prev {
            self.count += 1;
            if self.count >= 3 {
                return false;
            }
        } else {
            self.count = 1;
        }
        self.prev = l;
        true
    }
}

/// The letter run at the start of eight ASCII bytes, read as one word (SWAR): its length, and the
/// repeat state after it (`last` lower-case letter, how many times in a row), given the state
/// before it; `None` when the run holds a letter three times in a row (case-insensitive), counting
/// the letters before the chunk. The same result as the byte loop in [`ascii_ok_with`] (a proptest
/// compares them).
#[inline(always)]
fn letter_run8(chunk: &[u8], last: u8, repeat: u32) -> Option<(usize, u8, u32)> {
    let word: [u8; 8] = chunk.try_into().ok()?;
    // Lower case (`| 0x20`); an ASCII byte is a letter exactly when that lands in `a..=z`. Each
    // byte stays below 0x80, so neither sum carries into the next byte.
    let l = u64::from_le_bytes(word) | splat(0x20);
    let ge_a = l.wrapping_add(splat(0x80 - b'a'));
    let gt_z = l.wrapping_add(splat(0x7f - b'z'));
    let letters = ge_a & !gt_z & splat(0x80);
    let run = ((!letters & splat(0x80)).trailing_zeros() / 8) as usize;
    if run == 0 {
        return Some((0, last, repeat));
    }
    let lower = l.to_le_bytes();
    let first = lower[0];
    // Triples reaching back before the chunk.
    if first == last && (repeat >= 2 || (run >= 2 && lower[1] == first)) {
        return None;
    }
    // Triples inside the run: byte i equal to bytes i + 1 and i + 2, for i + 2 < run.
    if run >= 3 {
        let same = zero_bytes((l ^ (l >> 8)) | (l ^ (l >> 16)));
        let inside = u64::MAX >> (64 - 8 * (run - 2));
        if same & inside != 0 {
            return None;
        }
    }
    let end = lower[run - 1];
    let repeat = if run == 1 {
        if first == last { repeat + 1 } else { 1 }
    } else if lower[run - 2] == end {
        2
    } else {
        1
    };
    Some((run, end, repeat))
}

/// Fast-path class, length and lower-case (folded) code point of the non-ASCII character at byte
/// `i`: basic Cyrillic letters, `ё й ї` (folded by `diacritics` without changing the byte layout),
/// a little punctuation NFKC keeps, and symbols no family touches (emoji, currency signs: see
/// [`inert`]).
fn simple_non_ascii(text: &str, i: usize, enabled: u16) -> Option<(u8, usize, u32)> {
    let c = text.get(i..)?.chars().next()?;
    let k = match c {
        '\u{0430}'..='\u{0438}'
        | '\u{043A}'..='\u{044F}'
        | '\u{0410}'..='\u{0418}'
        | '\u{041A}'..='\u{042F}' => S_CYRILLIC,
        'і' | 'І' | 'є' | 'Є' | 'ґ' | 'Ґ' => S_CYRILLIC,
        '«' | '»' | '£' | '—' | '–' | '€' => S_OTHER,
        _ => {
            if let Some((folded, _)) = cyrillic_fold(c, enabled) {
                return Some((S_CYRILLIC, c.len_utf8(), u32::from(folded)));
            }
            if inert(c) {
                return Some((S_OTHER, c.len_utf8(), u32::from(c)));
            }
            return None;
        }
    };
    Some((k, c.len_utf8(), u32::from(simple_lower(c))))
}

/// The fast path's output for a non-ASCII character it accepts: the folded character (same UTF-8
/// length) and the families that fired.
fn fast_out(c: char, enabled: u16) -> (char, u16) {
    if let Some(folded) = latin_fold(c, enabled) {
        folded
    } else if let Some(folded) = cyrillic_fold(c, enabled) {
        folded
    } else {
        let l = if enabled & CASE != 0 {
            simple_lower(c)
        } else {
            c
        };
        (l, if l == c { 0 } else { CASE })
    }
}

/// The families the fast path fires on a character it accepts (ASCII letters: `case`; others:
/// [`fast_out`]). Context-free, so the families of a same-layout run are read back from the
/// original text.
fn fast_flags(c: char, enabled: u16) -> u16 {
    match c {
        'A'..='Z' => enabled & CASE,
        '\0'..='\x7f' => 0,
        // Basic lower-case Cyrillic letters but `й` stay as they are.
        '\u{0430}'..='\u{0438}' | '\u{043A}'..='\u{044F}' => 0,
        _ => fast_out(c, enabled).1,
    }
}

/// A two-byte Cyrillic letter the fast path accepts (U+0400–U+04FF), with every family on: the
/// lower-case code point validation compares ([`simple_non_ascii`]), the output code point and the
/// families ([`fast_out`]). Built once from those two functions, so it agrees with them.
#[derive(Clone, Copy, Default)]
struct CyrLetter {
    lower: u16,
    out: u16,
}

/// [`CyrLetter`]s indexed by code point − U+0400; `lower == 0` for characters the fast path does not
/// take as Cyrillic letters.
fn cyr_table() -> &'static [CyrLetter; 256] {
    static TABLE: std::sync::OnceLock<[CyrLetter; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [CyrLetter::default(); 256];
        for (slot, cp) in t.iter_mut().zip(0x400u32..0x500) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let s = c.to_string();
            if let Some((S_CYRILLIC, 2, lower)) = simple_non_ascii(&s, 0, ALL_FAMILIES) {
                let (o, _) = fast_out(c, ALL_FAMILIES);
                if let (Ok(lower), Ok(out), 2) = (
                    u16::try_from(lower),
                    u16::try_from(u32::from(o)),
                    o.len_utf8(),
                ) {
                    *slot = CyrLetter { lower, out };
                }
            }
        }
        t
    })
}

/// The [`CyrLetter`] at byte `j` of valid UTF-8 `bytes`, if a fast-path Cyrillic letter starts there.
#[inline(always)]
fn cyr_at(table: &[CyrLetter; 256], bytes: &[u8], j: usize) -> Option<CyrLetter> {
    let b0 = *bytes.get(j)?;
    if !(0xD0..=0xD3).contains(&b0) {
        return None;
    }
    let b1 = *bytes.get(j + 1)?;
    let e = table[(usize::from(b0 - 0xD0) << 6) | usize::from(b1 & 0x3F)];
    (e.lower != 0).then_some(e)
}

/// `ё й ї` (and capitals): the full passes drop their combining mark (`diacritics`) and lower-case
/// them, keeping two bytes: the folded letter and the families, else `None`.
fn cyrillic_fold(c: char, enabled: u16) -> Option<(char, u16)> {
    if enabled & DIACRITICS == 0 {
        return None;
    }
    let case = enabled & CASE != 0;
    let (upper, folded, folded_upper) = match c {
        'ё' => (false, 'е', 'е'),
        'Ё' => (true, 'е', 'Е'),
        'й' => (false, 'и', 'и'),
        'Й' => (true, 'и', 'И'),
        'ї' => (false, 'і', 'і'),
        'Ї' => (true, 'і', 'І'),
        _ => return None,
    };
    if upper && case {
        Some((folded, DIACRITICS | CASE))
    } else if upper {
        Some((folded_upper, DIACRITICS))
    } else {
        Some((folded, DIACRITICS))
    }
}

/// A symbol outside letters, digits, marks and spacing that no family changes (emoji, arrows,
/// dingbats, currency signs): no compatibility or canonical decomposition, no case, not invisible,
/// not a styled letter. The full passes keep it as it is, like plain punctuation.
fn inert(c: char) -> bool {
    if !matches!(c as u32, 0x20A0..=0x20CF | 0x2190..=0x2BFF | 0x1F000..=0x1FAFF)
        || !matches!(invisible(c), Invisible::No)
        || styled(c).is_some()
        || is_combining_mark(c)
        || c.is_alphanumeric()
        || c.is_whitespace()
        || matches!(c, '·' | '•')
    {
        return false;
    }
    let mut count = 0;
    let mut same = true;
    decompose_compatible(c, |d| {
        count += 1;
        same &= d == c;
    });
    let mut lower = c.to_lowercase();
    count == 1 && same && lower.next() == Some(c) && lower.next().is_none()
}

/// An accented or stroked Latin letter (U+00C0–U+024F) folded by the full passes to one letter with
/// only `diacritics` and `case` firing: that letter and the flags, else `None`. A table lookup
/// (built once by [`latin_fold_uncached`]).
#[inline]
fn latin_fold(c: char, enabled: u16) -> Option<(char, u16)> {
    static TABLE: std::sync::OnceLock<Vec<Option<(char, u16)>>> = std::sync::OnceLock::new();
    if enabled & (DIACRITICS | COMPAT | STYLED | CASE) != DIACRITICS | COMPAT | STYLED | CASE {
        return None;
    }
    let index = (c as u32).checked_sub(0xC0)? as usize;
    let table = TABLE.get_or_init(|| ('\u{00C0}'..='\u{024F}').map(latin_fold_uncached).collect());
    table.get(index).copied().flatten()
}

/// [`latin_fold`] computed from the Unicode decompositions (with every family on).
fn latin_fold_uncached(c: char) -> Option<(char, u16)> {
    if !('\u{00C0}'..='\u{024F}').contains(&c) {
        return None;
    }
    let mut canon = ['\0'; 4];
    let mut compat = ['\0'; 4];
    let (mut m, mut n) = (0, 0);
    decompose_canonical(c, |d| {
        if m < 4 {
            canon[m] = d;
        }
        m += 1;
    });
    decompose_compatible(c, |d| {
        if n < 4 {
            compat[n] = d;
        }
        n += 1;
    });
    if m != n || m > 4 || canon != compat {
        return None;
    }
    let mut flags = 0;
    let mut letter = None;
    for &d in &canon[..m] {
        if is_combining_mark(d) {
            flags |= DIACRITICS;
        } else if letter.replace(d).is_some() {
            return None;
        }
    }
    let mut l = letter?;
    if styled(l).is_some() || matches!(l, 'ß' | 'ẞ') {
        return None;
    }
    let mut lower = l.to_lowercase();
    if lower.len() != 1 {
        return None;
    }
    let ll = lower.next()?;
    if ll != l {
        flags |= CASE;
        l = ll;
    }
    if let Some(b) = stroked(l) {
        flags |= DIACRITICS;
        l = b;
    }
    if !is_letter(l) || is_combining_mark(l) || matches!(l, 'ß' | 'ς') {
        return None;
    }
    Some((l, flags))
}

/// Lower case of a fast-path character.
fn simple_lower(c: char) -> char {
    match c {
        '\u{0410}'..='\u{042F}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        'І' => 'і',
        'Є' => 'є',
        'Ґ' => 'ґ',
        _ => c,
    }
}

/// Whether a piece may start here: two letters (ASCII or basic Cyrillic) in a row.
fn starts_word(rest: &str) -> bool {
    let simple_letter = |c: char| c.is_ascii_alphabetic() || ('\u{0410}'..='\u{044F}').contains(&c);
    let mut chars = rest.chars();
    chars.next().is_some_and(simple_letter) && chars.next().is_some_and(simple_letter)
}

/// Keeps ZWJ/ZWNJ next to letters of scripts that need them (Arabic, Persian, Indic, …) and removes
/// them elsewhere: between Latin-like letters they are a disguise, in emoji sequences they join parts
/// that are matched one by one.
fn resolve_joiners(cells: &mut Vec<Cell>) {
    let mut changed = false;
    // The last character kept so far (removed joiners are skipped), so long runs stay linear.
    let mut prev: Option<char> = None;
    for k in 0..cells.len() {
        let ch = cells[k].ch;
        let next = cells.get(k + 1).map(|c| c.ch);
        if !matches!(ch, '\u{200C}' | '\u{200D}')
            || prev.is_some_and(joining_script)
            || next.is_some_and(joining_script)
        {
            prev = Some(ch);
            continue;
        }
        let disguise = !(prev.is_some_and(is_emoji) && next.is_some_and(is_emoji));
        let flags = cells[k].flags | if disguise { INVISIBLE } else { 0 };
        cells[k].flags = DELETED;
        changed = true;
        if let Some(n) = cells.get_mut(k + 1) {
            n.flags |= flags;
        }
    }
    if changed {
        cells.retain(|c| c.flags != DELETED);
    }
}

/// Scripts that use ZWJ/ZWNJ inside words.
fn joining_script(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{08FF}' | '\u{0900}'..='\u{0DFF}' | '\u{0F00}'..='\u{109F}'
        | '\u{1780}'..='\u{18AF}' | '\u{A8E0}'..='\u{A8FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}'
        | '\u{1CD0}'..='\u{1CFF}' | '\u{11000}'..='\u{111FF}')
}

/// Whether leet folding applies to a word: it has more letters than digits, or it is a two-character
/// word of one letter and one digit (`n0`, `m3`); never digits followed by a unit or ordinal (`10am`,
/// `1st`, `24h`, `18yo`).
fn leet_word(word: &[Cell], letters: usize, digits: usize) -> bool {
    if letters == 0 {
        return false;
    }
    let lead = word.iter().take_while(|c| c.ch.is_ascii_digit()).count();
    if lead > 0 && word[lead..].iter().all(|c| is_letter(c.ch)) {
        // `24hrssss` is still hours: repeated letters count once.
        let mut suffix = String::new();
        for c in &word[lead..] {
            if !suffix.ends_with(c.ch) {
                suffix.push(c.ch);
            }
        }
        if UNITS.contains(&suffix.as_str()) {
            return false;
        }
    }
    letters > digits || (word.len() == 2 && letters == 1 && digits == 1)
}

/// Units and ordinals after a number (`10am`, `1st`, `24h`, `18yo`): no leet in such a word.
const UNITS: [&str; 24] = [
    "st", "nd", "rd", "th", "am", "pm", "h", "hr", "hrs", "k", "m", "mm", "cm", "km", "kg", "g",
    "min", "mins", "x", "yo", "y", "yr", "yrs", "s",
];

/// Whether ASCII letters (any case) spell a unit of [`UNITS`] once repeated letters count once, as
/// the full passes see them after `case`.
fn is_unit(letters: &[u8]) -> bool {
    let mut suffix = [0u8; 4];
    let mut len = 0;
    for &b in letters {
        let l = b.to_ascii_lowercase();
        if len > 0 && suffix[len - 1] == l {
            continue;
        }
        if len == suffix.len() {
            return false;
        }
        suffix[len] = l;
        len += 1;
    }
    UNITS.iter().any(|u| u.as_bytes() == &suffix[..len])
}

/// Marks a cell removed by the repeat pass (no real cell carries every bit).
const DELETED: u16 = u16::MAX;

fn push_cell(cells: &mut Vec<Cell>, ch: char, start: usize, end: usize, flags: &mut u16) {
    cells.push(Cell {
        ch,
        start,
        end,
        flags: *flags,
    });
    // Families that fired on deleted characters before this one are reported once.
    *flags &= !INVISIBLE;
}

/// `char::is_alphabetic` with fast paths for ASCII, Latin and Cyrillic.
#[inline]
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\x7f' => false,
        '\u{00C0}'..='\u{024F}' => c != '\u{D7}' && c != '\u{F7}',
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}' => true,
        _ => c.is_alphabetic(),
    }
}

/// `char::is_numeric` with a fast path for ASCII.
#[inline]
fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        c.is_numeric()
    }
}

/// A letter or a digit (`char::is_alphanumeric`, answered by range for Latin and Cyrillic).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    is_letter(c) || is_digit(c)
}

/// Whether the cell at `i` belongs to a word: letters and digits, and leet symbols next to them
/// (`@`/`$` beside a word character, `!`/`|` between two).
#[inline]
fn in_word(cells: &[Cell], i: usize) -> bool {
    // `@` and `$` count as letters for their neighbours: folding them must not change which
    // characters belong to the word, or normalizing twice would differ from normalizing once.
    let strong = |c: char| is_word_char(c) || c == '@' || c == '$';
    let c = cells[i].ch;
    if c.is_ascii_alphanumeric() {
        return true;
    }
    // The neighbours are looked at only for the four symbols that depend on them.
    let prev = || i.checked_sub(1).and_then(|p| cells.get(p)).map(|p| p.ch);
    let next = || cells.get(i + 1).map(|n| n.ch);
    let any = |c: char| strong(c) || c == '!' || c == '|';
    match c {
        '@' | '$' => prev().is_some_and(any) || next().is_some_and(any),
        '!' | '|' => prev().is_some_and(strong) && next().is_some_and(strong),
        ' ' | '.' | ',' | '-' | '\n' => false,
        _ => is_word_char(c),
    }
}

/// Pass 2: joins letters written one by one with separators between them.
///
/// A *run* is a maximal sequence of single-character atoms (letters, digits, `@`, `$`) separated by
/// one to three of ` ._-*·•`. Gaps are ordered by kind (with a space is wider) then length; a gap
/// wider than a neighbouring gap separates words, the others separate letters, so
/// `f r e s h  y o u n g`, `y.0.u.n.g f r 3 s h` and `p.a.y a f.e.e` read as two, two and three
/// words. A run is joined when one of its words has three or more characters, one of them a letter;
/// a word gap then becomes one `-` (when it has one) or one space.
fn spacing(cells: &mut Vec<Cell>) {
    let atom = |c: char| is_word_char(c) || c == '@' || c == '$';
    let sep = |c: char| matches!(c, ' ' | '.' | '-' | '_' | '*' | '·' | '•');
    let n = cells.len();
    let mut changed = false;
    // Single atoms of the current run, and the gaps between them (cell ranges).
    let mut run: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < n {
        if !atom(cells[i].ch) {
            i += 1;
            continue;
        }
        let s = i;
        while i < n && atom(cells[i].ch) {
            i += 1;
        }
        let single = i - s == 1;
        if let Some(&last) = run.last() {
            let gap = &cells[last + 1..s];
            let continues =
                single && !gap.is_empty() && gap.len() <= 3 && gap.iter().all(|c| sep(c.ch));
            if !continues {
                changed |= join_run(cells, &run);
                run.clear();
            }
        }
        if single {
            run.push(s);
        }
    }
    changed |= join_run(cells, &run);
    if changed {
        cells.retain(|c| c.flags != DELETED);
    }
}

/// Joins one run of single characters (see [`spacing`]); says whether it changed anything.
fn join_run(cells: &mut [Cell], run: &[usize]) -> bool {
    if run.len() < 3 {
        return false;
    }
    let class = |cells: &[Cell], a: usize, b: usize| {
        let gap = &cells[a + 1..b];
        (gap.iter().any(|c| c.ch == ' '), gap.len())
    };
    let classes: Vec<(bool, usize)> = run.windows(2).map(|w| class(cells, w[0], w[1])).collect();
    let boundary: Vec<bool> = (0..classes.len())
        .map(|k| {
            (k > 0 && classes[k] > classes[k - 1])
                || classes.get(k + 1).is_some_and(|next| classes[k] > *next)
        })
        .collect();
    // Is there a word of at least three characters with a letter?
    let mut word_len = 1;
    let mut word_letter = is_letter(cells[run[0]].ch);
    let mut qualifies = false;
    for (w, &b) in run.windows(2).zip(&boundary) {
        if !b {
            word_len += 1;
            word_letter |= is_letter(cells[w[1]].ch);
        } else {
            word_len = 1;
            word_letter = is_letter(cells[w[1]].ch);
        }
        qualifies |= word_len >= 3 && word_letter;
    }
    if !qualifies {
        return false;
    }
    for (w, &wide) in run.windows(2).zip(&boundary) {
        let (a, b) = (w[0], w[1]);
        let gap = &mut cells[a + 1..b];
        if !wide {
            for c in gap.iter_mut() {
                c.flags = DELETED;
            }
            cells[b].flags |= SPACING;
        } else {
            let keep = gap.iter().position(|c| c.ch == '-').unwrap_or(0);
            for (k, c) in gap.iter_mut().enumerate() {
                if k != keep {
                    c.flags = DELETED;
                } else if c.ch != '-' {
                    c.ch = ' ';
                }
            }
        }
    }
    true
}

/// Whitespace runs become one space (after `spacing`, which reads double spaces as word gaps).
fn collapse_whitespace(cells: &mut Vec<Cell>) {
    // Whitespace runs become one space, except inside a gap of separators between two single
    // characters (`A  A $`, `n.  .n`): `spacing` judged that gap by its exact width and declined to
    // join across it, so it is kept as written; shrinking it would let a second pass join the letters
    // (normalizing must be idempotent).
    let atom = |c: char| is_word_char(c) || c == '@' || c == '$';
    let sep = |c: char| c.is_whitespace() || matches!(c, '.' | '-' | '_' | '*' | '·' | '•');
    let single_at = |cells: &[Cell], i: usize| {
        atom(cells[i].ch)
            && (i == 0 || !atom(cells[i - 1].ch))
            && cells.get(i + 1).is_none_or(|c| !atom(c.ch))
    };
    let mut changed = false;
    let mut i = 0;
    while i < cells.len() {
        if !cells[i].ch.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < cells.len() && cells[i].ch.is_whitespace() {
            i += 1;
        }
        let mut left = start;
        while left > 0 && sep(cells[left - 1].ch) {
            left -= 1;
        }
        let mut right = i;
        while right < cells.len() && sep(cells[right].ch) {
            right += 1;
        }
        let between_singles = left > 0
            && right < cells.len()
            && single_at(cells, left - 1)
            && single_at(cells, right);
        if between_singles {
            continue;
        }
        for (k, c) in cells[start..i].iter_mut().enumerate() {
            if k == 0 {
                c.ch = ' ';
            } else {
                c.flags = DELETED;
                changed = true;
            }
        }
    }
    if changed {
        cells.retain(|c| c.flags != DELETED);
    }
}

enum Invisible {
    No,
    /// ZWJ/ZWNJ: kept where a script needs them.
    Joiner,
    /// Variation selectors and skin-tone modifiers: removed without counting as a disguise.
    Quiet,
    /// Removed and reported.
    Yes,
}

fn invisible(c: char) -> Invisible {
    match c {
        '\u{200C}' | '\u{200D}' => Invisible::Joiner,
        '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' => Invisible::Quiet,
        '\u{00AD}'
        | '\u{034F}'
        | '\u{061C}'
        | '\u{115F}'
        | '\u{1160}'
        | '\u{17B4}'
        | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}' => Invisible::Yes,
        _ => Invisible::No,
    }
}

fn is_emoji(c: char) -> bool {
    matches!(c, '\u{2190}'..='\u{21FF}' | '\u{2300}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}'
        | '\u{1F000}'..='\u{1FAFF}')
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
    Other,
}

fn script(c: char) -> Script {
    match c {
        'a'..='z' | 'A'..='Z' => Script::Latin,
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' if is_letter(c) => Script::Latin,
        '\u{0400}'..='\u{052F}' => Script::Cyrillic,
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => Script::Greek,
        _ => Script::Other,
    }
}

/// Styled letters that NFKC leaves alone (or turns into something useless, like `⒩` → `(n)`).
fn styled(c: char) -> Option<&'static str> {
    const AZ: [&str; 26] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
        "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    let u = c as u32;
    let letter = |base: u32| AZ.get((u - base) as usize).copied();
    match c {
        // Negative circled, negative squared, regional indicators, parenthesized letters.
        '\u{1F150}'..='\u{1F169}' => letter(0x1F150),
        '\u{1F170}'..='\u{1F189}' => letter(0x1F170),
        '\u{1F1E6}'..='\u{1F1FF}' => letter(0x1F1E6),
        '\u{249C}'..='\u{24B5}' => letter(0x249C),
        // Squared words.
        '\u{1F195}' => Some("new"),
        '\u{1F193}' => Some("free"),
        '\u{1F197}' => Some("ok"),
        '\u{1F192}' => Some("cool"),
        '\u{1F199}' => Some("up"),
        '\u{1F51E}' => Some("18"),
        // Small capitals and other letter-like forms without a compatibility decomposition.
        'ᴀ' => Some("a"),
        'ʙ' => Some("b"),
        'ᴄ' => Some("c"),
        'ᴅ' => Some("d"),
        'ᴇ' => Some("e"),
        'ꜰ' => Some("f"),
        'ɢ' => Some("g"),
        'ʜ' => Some("h"),
        'ɪ' => Some("i"),
        'ᴊ' => Some("j"),
        'ᴋ' => Some("k"),
        'ʟ' => Some("l"),
        'ᴍ' => Some("m"),
        'ɴ' => Some("n"),
        'ᴏ' => Some("o"),
        'ᴘ' => Some("p"),
        'ʀ' => Some("r"),
        'ꜱ' => Some("s"),
        'ᴛ' => Some("t"),
        'ᴜ' => Some("u"),
        'ᴠ' => Some("v"),
        'ᴡ' => Some("w"),
        'ʏ' => Some("y"),
        'ᴢ' => Some("z"),
        // Modifier (superscript) letters NFKC does not decompose.
        'ꟹ' => Some("oe"),
        'ᶿ' => Some("θ"),
        _ => None,
    }
}

/// Latin letters with a stroke, hook or bar that have no canonical decomposition.
fn stroked(c: char) -> Option<char> {
    Some(match c {
        'ø' => 'o',
        'ł' => 'l',
        'đ' => 'd',
        'ħ' => 'h',
        'ı' => 'i',
        'ƒ' => 'f',
        'ɑ' => 'a',
        'ŧ' => 't',
        'ƀ' => 'b',
        'ɍ' => 'r',
        'ɡ' => 'g',
        'ɨ' => 'i',
        'ʉ' => 'u',
        'ɇ' => 'e',
        'ɏ' => 'y',
        'ƶ' => 'z',
        'ȼ' => 'c',
        _ => return None,
    })
}

/// Cyrillic and Greek letters (lower case) that look like Latin letters.
fn to_latin(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' => 'a',
        'в' | 'β' => 'b',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'ё' | 'ε' => 'e',
        'һ' | 'н' => 'h',
        'і' | 'ї' | 'ι' | 'ί' => 'i',
        'ј' => 'j',
        'к' | 'κ' => 'k',
        'м' => 'm',
        'η' | 'п' => 'n',
        'о' | 'ο' | 'σ' | 'ό' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'υ' | 'ц' => 'u',
        'ν' => 'v',
        'ш' | 'ω' => 'w',
        'х' | 'χ' => 'x',
        'у' | 'γ' => 'y',
        _ => return None,
    })
}

/// Latin letters that look like Cyrillic letters, for mostly-Cyrillic words.
fn latin_to_cyrillic(c: char) -> Option<char> {
    Some(match c {
        'a' => 'а',
        'b' => 'в',
        'c' => 'с',
        'e' => 'е',
        'h' => 'н',
        'i' => 'і',
        'k' => 'к',
        'm' => 'м',
        'n' => 'п',
        'o' => 'о',
        'p' => 'р',
        't' => 'т',
        'u' => 'и',
        'x' => 'х',
        'y' => 'у',
        _ => return None,
    })
}

fn leet_latin(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' | '!' => 'i',
        '|' => 'l',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        '8' => 'b',
        '9' => 'g',
        _ => return None,
    })
}

fn leet_cyrillic(c: char) -> Option<char> {
    Some(match c {
        '0' => 'о',
        '3' => 'з',
        '4' => 'ч',
        '6' => 'б',
        '@' => 'а',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Normalizer::new().normalize(s).as_str().to_owned()
    }

    /// The fast path alone on a whole text, when it takes it.
    fn fast(n: &Normalizer, t: &str) -> Option<Normalized> {
        let mut out = Normalized {
            enabled: n.enabled,
            orig: t.to_owned(),
            ..Normalized::default()
        };
        n.simple(t, 0, &mut out).then_some(out)
    }

    /// `pieces` has the text and the map of `full`: the same string, per-byte layout, span of every
    /// character and original offset of every byte.
    fn same_map(
        pieces: &Normalized,
        full: &Normalized,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        proptest::prop_assert_eq!(pieces.as_str(), full.as_str());
        proptest::prop_assert_eq!(layout(pieces), layout(full));
        let s = pieces.as_str();
        for (i, c) in s.char_indices() {
            let r = i..i + c.len_utf8();
            proptest::prop_assert_eq!(pieces.original_span(r.clone()), full.original_span(r));
        }
        for i in 0..=s.len() {
            proptest::prop_assert_eq!(pieces.original_offset(i), full.original_offset(i));
        }
        Ok(())
    }

    /// The map byte by byte: families, original start and end of every normalized byte (what the
    /// per-byte arrays held before the map was kept as runs).
    fn layout(n: &Normalized) -> Vec<(u16, Option<usize>, Option<usize>)> {
        (0..n.text.len())
            .map(|i| (n.mask(i..i + 1), n.orig_start(i), n.orig_end(i)))
            .collect()
    }

    #[test]
    fn folds_each_family() {
        assert_eq!(norm("ＮＥＷ 𝓯𝓻𝓮𝓼𝓱"), "new fresh");
        assert_eq!(norm("🅽🅴🆆 🅝🅔🅦 🇾🇴🇺🇳🇬 ɴᴇᴡ ⒩⒠⒲"), "new new young new new");
        assert_eq!(norm("y\u{200B}o\u{200D}u\u{2060}ng"), "young");
        assert_eq!(norm("yoooung sweeeeet"), "young swet");
        assert_eq!(norm("b@rely 5ex fr3sh"), "barely sex fresh");
        assert_eq!(
            norm("y.0.u.n.g f r 3 s h  y o u n g p.a.y a f.e.e"),
            "young fresh young pay a fee"
        );
        assert_eq!(norm("Crème Brûlée"), "creme brulee");
        let n = Normalizer::new().normalize("Crème");
        assert_eq!(
            n.transforms(0..5),
            vec![Transform::Diacritics, Transform::Case]
        );
        assert_eq!(norm("Straße ﬁne ½"), "strasse fine 1⁄2");
        assert_eq!(norm("5\u{FE0F}\u{20E3}"), "5");
        assert_eq!(norm("fr\u{0336}e\u{0336}sh"), "fresh");
    }

    #[test]
    fn homoglyphs_only_in_mixed_words() {
        // Latin word with Cyrillic о and е.
        assert_eq!(norm("yоung frеsh"), "young fresh");
        // Pure Russian stays Russian.
        assert_eq!(norm("Молодая девушка"), "молодая девушка");
        // Mostly Cyrillic word with a Latin o: folded towards Cyrillic.
        assert_eq!(norm("дeвушка"), "девушка");
    }

    #[test]
    fn numbers_prices_and_phones_are_left_alone() {
        assert_eq!(norm("24/7 $100 555-1234 10am"), "24/7 $100 555-1234 10am");
        assert_eq!(norm("call 5 5 5 1 2 3 4"), "call 5 5 5 1 2 3 4");
        assert_eq!(norm("hello! www.site.com zzz"), "hello! www.site.com zzz");
    }

    #[test]
    fn zwnj_kept_in_persian_removed_in_latin() {
        assert_eq!(norm("می\u{200C}خواهم"), "می\u{200C}خواهم");
        let n = Normalizer::new().normalize("yo\u{200C}ung");
        assert_eq!(n.as_str(), "young");
        assert_eq!(n.transforms(0..5), vec![Transform::Invisible]);
    }

    #[test]
    fn emoji_lose_variation_selectors_and_skin_tones() {
        assert_eq!(norm("🌹\u{FE0F}🌹👍🏽"), "🌹🌹👍");
        let family = "👨\u{200D}👩\u{200D}👧";
        let n = Normalizer::new().normalize(family);
        assert_eq!(n.as_str(), "👨👩👧");
        assert!(n.families().is_empty());
    }

    #[test]
    fn spans_map_back_to_the_original() {
        let text = "Hi Y\u{200B}OOOUNG 🅽🅴🆆 girl";
        let n = Normalizer::new().normalize(text);
        assert_eq!(n.as_str(), "hi young new girl");
        let span = n.original_span(3..8).expect("span");
        assert_eq!(&text[span.range()], "Y\u{200B}OOOUNG");
        assert_eq!(
            n.transforms(3..8),
            vec![Transform::Invisible, Transform::Case, Transform::Repeat]
        );
        let span = n.original_span(9..12).expect("span");
        assert_eq!(&text[span.range()], "🅽🅴🆆");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The fast path gives exactly what the full passes give.
        #[test]
        fn fast_path_agrees_with_full_passes(t in "(10am|24hrss|5K|3Pm|2x|1st|24hrsss|7amb|[a-cA-ChmstxоОёЁйЙїЇ✨🌹€₨①🅰\u{1F3FD}0-3@$!| .*\\-_,\n]){0,24}") {
            let n = Normalizer::new();
            let mut full = Normalized::default();
            n.normalize_full(&t, &mut full);
            if let Some(fast) = fast(&n, &t) {
                proptest::prop_assert_eq!(fast.as_str(), full.as_str());
                proptest::prop_assert_eq!(layout(&fast), layout(&full));
                for i in 0..t.len() {
                    proptest::prop_assert_eq!(fast.original_span(i..i + 1), full.original_span(i..i + 1));
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The ASCII validation gives the general validation's verdicts.
        #[test]
        fn ascii_validation_agrees(t in "(10am|24hrss|5K|3Pm|2x|1st|1a|a1|hhh|24hrsss|7amb|[a-dA-Dhmstx0-3@$!| .*\\-_,\n\t]){0,30}") {
            let n = Normalizer::new();
            proptest::prop_assert_eq!(ascii_ok(t.as_bytes()), n.validate(&t, false));
            proptest::prop_assert_eq!(ascii_ok(t.as_bytes()), n.validate(&t, true));
        }

        /// The eight-byte letter runs give the byte loop's verdicts, on long words with repeats
        /// across and inside the chunks.
        #[test]
        fn ascii_letter_runs_agree(t in "(aab|abba|xxy|Xx|hhH|abcdefgh|[a-dA-Dhx]{1,20}|10am|2x|[0-3@$!| .*\\-_,\n]){0,30}") {
            let b = t.as_bytes();
            proptest::prop_assert_eq!(ascii_ok_with(b, true), ascii_ok_with(b, false));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Cutting the text into pieces gives exactly what the full passes give on the whole text.
        #[test]
        fn pieces_agree_with_full_passes(t in "([a-cA-CоОёЁйЙїЇéÉșŢłŁœßĳǅ✨🌹€₨①🅰\u{1F3FD}0-3@$!| .*\\-_,\n\u{200B}\u{200D}\u{0301}\u{FE0F}]|ab |éa |Ça |йо |y o u |word |Word |10am |24Hrs |5k |3rd |2xx |7amb ){0,120}") {
            let n = Normalizer::new();
            let mut full = Normalized::default();
            n.normalize_full(&t, &mut full);
            same_map(&n.normalize(&t), &full)?;
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Cyrillic text: the table's run loop gives the per-character validation's verdicts, the
        /// fast path's output equals the full passes' where it is taken, and so do the pieces
        /// (mixed-script words, letters after digits, repeats and spaced letters included).
        #[test]
        fn cyrillic_runs_agree(t in "([аеорсбджлмнткАЕОРСБДЖЛМНТКёЁйЙїЇіІєЄґҐaeopcxAEOPCX0-2 .!@\\-]|ооо|Ооо|кpacивaя |д е в |18лет |мой |Привет |ЛЮБОВЬ ){0,40}") {
            let n = Normalizer::new();
            for fold in [false, true] {
                proptest::prop_assert_eq!(
                    n.validate_with(&t, fold, None),
                    n.validate_with(&t, fold, Some(cyr_table()))
                );
            }
            let mut full = Normalized::default();
            n.normalize_full(&t, &mut full);
            if let Some(fast) = fast(&n, &t) {
                proptest::prop_assert_eq!(fast.as_str(), full.as_str());
                proptest::prop_assert_eq!(layout(&fast), layout(&full));
            }
            same_map(&n.normalize(&t), &full)?;
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The run-length map against the full passes' per-byte answers on random Unicode mixed
        /// with words, accented letters and emoji: families, original start and end of every byte,
        /// spans of every character range and whole-text families.
        #[test]
        fn runs_agree_with_full_passes_on_random_unicode(t in "(\\PC|[a-zA-ZéÉèàÀüÜöçñŁłœß]|[а-яА-ЯёЁ]|🌹|👍🏽|€| |  |\n|word |Wörd |ДЕВУШКА |y o u n g |10am |5k ){0,60}") {
            let n = Normalizer::new();
            let pieces = n.normalize(&t);
            let mut full = Normalized::default();
            n.normalize_full(&t, &mut full);
            same_map(&pieces, &full)?;
            proptest::prop_assert_eq!(pieces.families(), full.families());
            let s = pieces.as_str();
            let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            for w in bounds.windows(3) {
                proptest::prop_assert_eq!(pieces.original_span(w[0]..w[2]), full.original_span(w[0]..w[2]));
                proptest::prop_assert_eq!(pieces.transforms(w[0]..w[2]), full.transforms(w[0]..w[2]));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Where whole-text validation fails at `at`, the text up to every cut at or before `at`
        /// validates on its own (what `normalize_into` relies on to write that prefix by the fast
        /// path without validating it again).
        #[test]
        fn text_before_a_failure_validates_alone(t in "([a-cA-CоОёЁйéÉłœß✨🌹€①🅰0-3@$!| .*\\-_,\n\u{200B}\u{0301}]|ab |éa |йо |y o u |word |Word |10am |24Hrs |5k |2xx |aaa |b@d |  ){0,60}") {
            let n = Normalizer::new();
            let cyr = n.cyr_table();
            if let Err(at) = n.check_with(&t, true, cyr) {
                let b = t.as_bytes();
                for q in 0..at {
                    if b[q] == b' ' && t.get(q + 1..).is_some_and(starts_word) {
                        proptest::prop_assert!(n.validate_with(&t[..=q], true, cyr), "{:?} at {} cut {}", t, at, q + 1);
                    }
                }
            } else {
                proptest::prop_assert!(n.validate(&t, true));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Pass 1 with the fold cache gives the cells it gives without, on random Unicode with
        /// styled, compatibility, accented and invisible characters next to each other, under
        /// every single family switched off too, with one cache reused across texts (collisions
        /// by the low byte of the code point included).
        #[test]
        fn fold_cache_agrees(a in "(\\PC|[𝓯𝓻𝓮𝓼𝓱𝐀𝐁ａｂＡＢéÉèßẞﬁ½⒩🅽🅝🇾ɴᴇ①ĳǅŁøƒ]|\u{200B}|\u{200D}|\u{0301}|\u{FE0F}|\u{20E3}|’|가|ς|[ΑΣσ]){0,40}", b in "(\\PC|[𝓯𝐀ａＡéßﬁ½⒩🅽ɴ①]|\u{200B}|\u{0301}){0,20}", off in 0usize..10) {
            let families = [ALL_FAMILIES, ALL_FAMILIES & !CASE, ALL_FAMILIES & !DIACRITICS,
                ALL_FAMILIES & !STYLED, ALL_FAMILIES & !COMPAT, ALL_FAMILIES & !INVISIBLE,
                ALL_FAMILIES & !LEET, 0, ALL_FAMILIES, CASE];
            let n = Normalizer { enabled: families[off] };
            let mut folds = vec![Slot::EMPTY; 256];
            for t in [&a, &b, &a] {
                let (mut with, mut without) = (Vec::new(), Vec::new());
                n.chars(t, &mut with, Some(&mut folds));
                n.chars(t, &mut without, None);
                proptest::prop_assert_eq!(with, without);
            }
        }
    }

    #[test]
    fn cyrillic_table_agrees_with_the_per_character_functions() {
        let table = cyr_table();
        let mut letters = 0;
        for (cp, e) in (0x400u32..0x500).zip(table.iter()) {
            let c = char::from_u32(cp).expect("U+0400..U+04FF are chars");
            let s = c.to_string();
            match simple_non_ascii(&s, 0, ALL_FAMILIES) {
                Some((S_CYRILLIC, 2, lower)) => {
                    letters += 1;
                    assert_eq!(u32::from(e.lower), lower, "{c}");
                    let (o, _) = fast_out(c, ALL_FAMILIES);
                    assert_eq!(u32::from(e.out), u32::from(o), "{c}");
                    assert_eq!(cyr_at(table, s.as_bytes(), 0).map(|x| x.out), Some(e.out));
                }
                _ => {
                    assert_eq!(e.lower, 0, "{c}");
                    assert!(cyr_at(table, s.as_bytes(), 0).is_none(), "{c}");
                }
            }
        }
        // а–я and А–Я, ё Ё і І є Є ї Ї ґ Ґ.
        assert_eq!(letters, 64 + 10, "{letters}");
    }

    #[test]
    fn inert_symbols_and_cyrillic_folds_agree_with_full_passes() {
        let n = Normalizer::new();
        let mut checked = 0;
        for u in (0x20A0..0x20D0)
            .chain(0x2190..0x2C00)
            .chain(0x1F000..0x1FB00)
        {
            let Some(c) = char::from_u32(u) else { continue };
            if !inert(c) {
                continue;
            }
            checked += 1;
            for t in [
                format!("ab {c} cd{c}ef {c}{c}"),
                format!("{c}"),
                format!("x {c} y {c} z"),
            ] {
                let mut full = Normalized::default();
                let fast = fast(&n, &t).expect("fast path");
                n.normalize_full(&t, &mut full);
                assert_eq!(fast.as_str(), full.as_str(), "{c:?}");
                assert_eq!(layout(&fast), layout(&full), "{c:?}");
            }
        }
        assert!(checked > 1000, "{checked}");
        for en in [
            ALL_FAMILIES,
            ALL_FAMILIES & !CASE,
            ALL_FAMILIES & !DIACRITICS,
        ] {
            let n = Normalizer { enabled: en };
            for t in ["Ёлка йод Їжак ЙОД ёж", "мой край їжа", "Йй Ёё"]
            {
                let mut full = Normalized::default();
                let fast = fast(&n, t);
                n.normalize_full(t, &mut full);
                assert_eq!(fast.is_some(), en & DIACRITICS != 0, "{t}");
                if let Some(fast) = fast {
                    assert_eq!(fast.as_str(), full.as_str(), "{t}");
                    assert_eq!(layout(&fast), layout(&full), "{t}");
                }
            }
        }
    }

    #[test]
    fn fast_flags_agree_with_fast_out() {
        for en in [
            ALL_FAMILIES,
            ALL_FAMILIES & !CASE,
            ALL_FAMILIES & !DIACRITICS,
        ] {
            for u in 0..0x800u32 {
                let Some(c) = char::from_u32(u) else { continue };
                let want = if c.is_ascii() {
                    if c.is_ascii_uppercase() { en & CASE } else { 0 }
                } else {
                    fast_out(c, en).1
                };
                assert_eq!(fast_flags(c, en), want, "{c:?}");
            }
        }
    }

    #[test]
    fn latin_fold_table_agrees_with_the_decompositions() {
        for u in 0..0x300u32 {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(latin_fold(c, ALL_FAMILIES), latin_fold_uncached(c), "{c}");
            assert_eq!(latin_fold(c, ALL_FAMILIES & !CASE), None, "{c}");
        }
    }

    #[test]
    fn long_runs_stay_linear() {
        // Quadratic behaviour here would hang the test.
        let joiners = format!("a{}b", "\u{200D}".repeat(200_000));
        assert_eq!(norm(&joiners), "ab");
        let spaced = "a ".repeat(200_000);
        assert_eq!(norm(&spaced).len(), 200_001);
        let marks = format!("e{}", "\u{0301}".repeat(200_000));
        assert_eq!(norm(&marks), "e");
    }

    #[test]
    fn families_can_be_switched_off() {
        let n = Normalizer::builder()
            .disable(Transform::Spacing)
            .disable(Transform::Case)
            .build();
        assert_eq!(n.normalize("Y o u").as_str(), "Y o u");
    }
}
