//! The compiled matcher.

use crate::normalize::{Normalized, Normalizer, families, is_word_char};
use crate::score::{self, CategoryScore};
use crate::{Error, ErrorKind, Lexicon, Rule};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind as AcMatchKind};
use redflag_model::{
    Contribution, IndicatorHit, LexiconInfo, RiskLevel, RuleId, Signal, Span, Warning,
};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_automata::{meta, util::syntax};
use std::collections::HashMap;

/// Compiled size limit of one pattern (bytes of the regex program).
const PATTERN_SIZE_LIMIT: usize = 1 << 20;
/// Capacity of one pattern's lazy-DFA transition cache (per thread, grown only as used). Patterns
/// with Unicode classes under a bounded repeat (`\W[^.!?\n]{0,40}?`) need many states; with a
/// cache too small for them the DFA is cleared and rebuilt again and again (at 1 MiB that was over
/// half the CPU time of `redflag scan --only indicators` on the sample ads).
/// Untrusted lexicons may hold up to [`Lexicon::MAX_PATTERNS`](crate::Lexicon::MAX_PATTERNS)
/// patterns, so the caches share a per-thread budget ([`PATTERN_CACHE_BUDGET`]): each pattern gets
/// the budget divided by the pattern count, between 1 MiB and this (so a thread holds at most
/// max(128 MiB, 1 MiB per pattern), as before this limit was raised).
const PATTERN_CACHE_LIMIT: usize = 16 << 20;
/// Per-thread budget for all patterns' lazy-DFA caches together.
const PATTERN_CACHE_BUDGET: usize = 128 << 20;
/// Smallest per-pattern cache (the `regex` crate's own default scale).
const PATTERN_CACHE_FLOOR: usize = 1 << 20;
/// Compiled size limit of the set of all patterns.
const SET_SIZE_LIMIT: usize = 16 << 20;
/// Deepest nesting a pattern may use.
const NEST_LIMIT: u32 = 64;
/// Up to this many patterns, each regex searches the text alone instead of a regex set first.
const FEW_PATTERNS: usize = 16;
/// Largest automaton (in terms) compiled as a DFA; larger ones use aho-corasick's default choice.
const DFA_MAX_TERMS: usize = 20_000;
/// Most spelling variants generated per term (`l`/`i` and doubled letters).
const MAX_VARIANTS: usize = 32;

/// What the matcher found in one text: hits, score and level.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Analysis {
    /// Hits in text order.
    pub hits: Vec<IndicatorHit>,
    /// Score, 0 to 1 (see the crate docs for the formula).
    pub score: f64,
    /// Level of the score.
    pub level: RiskLevel,
    /// Each rule's share of the score, largest first; the points sum to the score.
    pub contributions: Vec<Contribution>,
    /// Each category's combined score and the rules in it, largest first.
    pub categories: Vec<CategoryScore>,
    /// Caps reached (`hit_cap`).
    pub warnings: Vec<Warning>,
}

impl Analysis {
    /// The points rule `rule` contributed to the score (0 when it did not fire).
    pub fn points(&self, rule: &RuleId) -> f64 {
        self.contributions
            .iter()
            .find(|c| &c.rule == rule)
            .map_or(0.0, |c| c.points)
    }
}

/// How overlapping matches are resolved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum MatchKind {
    /// At each position the longest match wins and hits never overlap (the default): a phrase such
    /// as `new in town` is reported once, not also as `new`.
    #[default]
    LeftmostLongest,
    /// Hits of different rules may overlap; each rule's own hits are leftmost-longest.
    PerRule,
}

/// Whether bias-sensitive rules (`sensitive = true`: ethnicity, nationality) are compiled in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Sensitive {
    /// Compile them (the default; the JRSA study found stated ethnicity predictive).
    #[default]
    Include,
    /// Leave them out.
    Exclude,
}

/// Builds a [`Matcher`]: normalizer families, excluded categories, sensitive rules, caps.
///
/// ```
/// use redflag_text::{Lexicon, Matcher, Normalizer, Sensitive, Transform};
/// let matcher = Matcher::builder()
///     .exclude_category("movement")
///     .sensitive(Sensitive::Exclude)
///     .normalizer(Normalizer::builder().disable(Transform::Leet).build())
///     .build(&Lexicon::embedded())?;
/// assert!(matcher.find_all("new in town").is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct MatcherBuilder {
    normalizer: Normalizer,
    exclude: Vec<String>,
    sensitive: Sensitive,
    kind: MatchKind,
    max_hits_per_rule: usize,
    max_hits: usize,
}

impl Default for MatcherBuilder {
    fn default() -> Self {
        MatcherBuilder {
            normalizer: Normalizer::new(),
            exclude: Vec::new(),
            sensitive: Sensitive::Include,
            kind: MatchKind::LeftmostLongest,
            max_hits_per_rule: 32,
            max_hits: 512,
        }
    }
}

impl MatcherBuilder {
    /// The normalizer (all families on by default). Terms are folded by the same normalizer.
    pub fn normalizer(&mut self, normalizer: Normalizer) -> &mut Self {
        self.normalizer = normalizer;
        self
    }

    /// Leaves the rules of a category out.
    pub fn exclude_category(&mut self, category: impl Into<String>) -> &mut Self {
        self.exclude.push(category.into());
        self
    }

    /// Includes or excludes bias-sensitive rules.
    pub fn sensitive(&mut self, sensitive: Sensitive) -> &mut Self {
        self.sensitive = sensitive;
        self
    }

    /// How overlapping matches are resolved.
    pub fn match_kind(&mut self, kind: MatchKind) -> &mut Self {
        self.kind = kind;
        self
    }

    /// Most hits reported per rule and document (default 32); a `hit_cap` warning says when reached.
    pub fn max_hits_per_rule(&mut self, n: usize) -> &mut Self {
        self.max_hits_per_rule = n;
        self
    }

    /// Most hits reported per document (default 512); a `hit_cap` warning says when reached.
    pub fn max_hits(&mut self, n: usize) -> &mut Self {
        self.max_hits = n;
        self
    }

    /// Compiles `lexicon`.
    ///
    /// # Errors
    /// A pattern that does not compile or exceeds the size or nesting limit
    /// ([`ErrorKind::InvalidPattern`]), a term that normalizes to nothing ([`ErrorKind::InvalidRule`]),
    /// or an automaton too large to build ([`ErrorKind::Build`]).
    pub fn build(&self, lexicon: &Lexicon) -> Result<Matcher, Error> {
        let rules: Vec<Rule> = lexicon
            .rules()
            .iter()
            .filter(|r| !self.exclude.iter().any(|c| c == &r.category))
            .filter(|r| !(r.sensitive && self.sensitive == Sensitive::Exclude))
            .cloned()
            .collect();
        let pattern_count = rules.iter().map(|r| r.patterns.len()).sum::<usize>().max(1);
        let cache_limit = pattern_cache_limit(pattern_count);
        let mut keys: Vec<String> = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen: HashMap<(String, u32, Kind), ()> = HashMap::new();
        let mut regexes = Vec::new();
        let mut sources = Vec::new();
        let mut signals: HashMap<String, Vec<u32>> = HashMap::new();
        let mut add = |key: String, rule: u32, kind: Kind, whole: bool| {
            if seen.insert((key.clone(), rule, kind), ()).is_none() {
                keys.push(key);
                entries.push(Entry { rule, kind, whole });
            }
        };
        for (idx, rule) in rules.iter().enumerate() {
            let idx = u32::try_from(idx).map_err(|_| ErrorKind::Build {
                message: "too many rules".to_owned(),
            })?;
            for term in &rule.terms {
                let key = self.normalizer.normalize(term).as_str().trim().to_owned();
                if key.is_empty() {
                    return Err(rule.term_error(term));
                }
                for v in variants(&key) {
                    add(v, idx, Kind::Term, !rule.substring);
                }
            }
            for allow in &rule.allow {
                let key = self.normalizer.normalize(allow).as_str().trim().to_owned();
                if key.is_empty() {
                    return Err(rule.term_error(allow));
                }
                add(key, idx, Kind::Allow, !rule.substring);
            }
            for emoji in &rule.emoji {
                let key = self.normalizer.normalize(emoji).as_str().trim().to_owned();
                if key.is_empty() {
                    return Err(rule.term_error(emoji));
                }
                add(key, idx, Kind::Emoji, false);
            }
            for p in &rule.patterns {
                let gate = RegexBuilder::new(p)
                    .size_limit(PATTERN_SIZE_LIMIT)
                    .dfa_size_limit(cache_limit)
                    .nest_limit(NEST_LIMIT)
                    .build()
                    .map_err(|e| rule.pattern_error(e.to_string()))?;
                let find = finder(p).map_err(|e| rule.pattern_error(e.to_string()))?;
                regexes.push(Pattern {
                    rule: idx,
                    gate,
                    find,
                });
                sources.push(p.clone());
            }
            if let Some(signal) = &rule.signal {
                signals.entry(signal.clone()).or_default().push(idx);
            }
        }
        let ac = if keys.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(AcMatchKind::Standard)
                    // A DFA is fastest; the automaton falls back to an NFA when the DFA would be too big.
                    .kind(if keys.len() <= DFA_MAX_TERMS {
                        Some(AhoCorasickKind::DFA)
                    } else {
                        None
                    })
                    .build(&keys)
                    .map_err(|e| ErrorKind::Build {
                        message: e.to_string(),
                    })?,
            )
        };
        // The set is searched only when there are many patterns (see `find_all_with`): with a few it
        // is not compiled (≈ 35 M instructions at start-up for the default lexicon's four).
        let set = if sources.len() <= FEW_PATTERNS {
            None
        } else {
            Some(
                RegexSetBuilder::new(&sources)
                    .size_limit(SET_SIZE_LIMIT)
                    .dfa_size_limit(SET_SIZE_LIMIT)
                    .nest_limit(NEST_LIMIT)
                    .build()
                    .map_err(|e| ErrorKind::Build {
                        message: e.to_string(),
                    })?,
            )
        };
        let mut infos = lexicon.infos().to_vec();
        infos.dedup();
        Ok(Matcher {
            rules,
            infos,
            normalizer: self.normalizer,
            ac,
            entries,
            keys,
            set,
            regexes,
            signals,
            kind: self.kind,
            max_hits_per_rule: self.max_hits_per_rule,
            max_hits: self.max_hits,
            excluded: self.exclude.clone(),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Term,
    Allow,
    Emoji,
    Pattern,
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    rule: u32,
    kind: Kind,
    whole: bool,
}

/// One pattern of a rule, compiled twice: `gate` (the `regex` crate's default engines, a forward
/// lazy DFA for `is_match`) says whether the text matches at all; `find` gives the matches.
#[derive(Clone, Debug)]
struct Pattern {
    rule: u32,
    gate: Regex,
    find: meta::Regex,
}

/// The same pattern as the `regex` crate compiles it (leftmost-first, UTF-8, the same limits), with
/// the lazy and full DFAs switched off. Finding where a match *starts* takes the lazy DFA a reverse
/// search, and for a pattern with a Unicode class under a bounded repeat
/// (`\W[^.!?\n]{0,40}?`) the reverse DFA meets new states in nearly every text: it was a third of
/// all instructions of `redflag scan --only indicators` on the sample ads (≈ 860 k instructions per
/// matching text). The PikeVM / bounded backtracker, started by the literal prefilter, costs a small
/// fraction of that on the few texts that match. The matches are the same: the engines implement
/// one semantics.
fn finder(pattern: &str) -> Result<meta::Regex, Box<meta::BuildError>> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .match_kind(regex_automata::MatchKind::LeftmostFirst)
                .utf8_empty(true)
                .nfa_size_limit(Some(PATTERN_SIZE_LIMIT))
                .hybrid(false)
                .dfa(false)
                .backtrack(false),
        )
        .syntax(syntax::Config::new().utf8(true).nest_limit(NEST_LIMIT))
        .build(pattern)
        .map_err(Box::new)
}

#[derive(Clone, Copy, Debug)]
struct Cand {
    start: usize,
    end: usize,
    rule: u32,
    kind: Kind,
}

/// Reusable buffers for [`Matcher::find_all_with`]: keep one per thread in hot loops.
///
/// `Debug` shows sizes only: the buffers hold ad text.
#[derive(Clone, Default)]
pub struct Scratch {
    norm: Normalized,
    cands: Vec<Cand>,
    allows: Vec<Cand>,
    counts: Vec<u32>,
    warnings: Vec<Warning>,
}

impl std::fmt::Debug for Scratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scratch")
            .field("normalized", &self.norm)
            .field("warnings", &self.warnings.len())
            .finish()
    }
}

impl Scratch {
    /// Empty buffers.
    pub fn new() -> Scratch {
        Scratch::default()
    }

    /// The normalized form of the last text scanned with this scratch.
    pub fn normalized(&self) -> &Normalized {
        &self.norm
    }

    /// The `hit_cap` warnings of the last call of [`Matcher::find_all_with`].
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

/// A lexicon compiled for matching. Build once, share across threads (`Send + Sync`); every method
/// takes `&self`.
#[derive(Clone, Debug)]
pub struct Matcher {
    rules: Vec<Rule>,
    infos: Vec<LexiconInfo>,
    normalizer: Normalizer,
    ac: Option<AhoCorasick>,
    entries: Vec<Entry>,
    keys: Vec<String>,
    /// All patterns in one set, when there are more than [`FEW_PATTERNS`].
    set: Option<RegexSet>,
    regexes: Vec<Pattern>,
    signals: HashMap<String, Vec<u32>>,
    kind: MatchKind,
    max_hits_per_rule: usize,
    max_hits: usize,
    excluded: Vec<String>,
}

impl Matcher {
    /// Compiles a lexicon with the default options: shorthand for `Matcher::builder().build(lexicon)`.
    ///
    /// # Errors
    /// As [`MatcherBuilder::build`].
    pub fn new(lexicon: &Lexicon) -> Result<Matcher, Error> {
        MatcherBuilder::default().build(lexicon)
    }

    /// A builder with the default options.
    pub fn builder() -> MatcherBuilder {
        MatcherBuilder::default()
    }

    /// The lexicons compiled in.
    pub fn lexicons(&self) -> &[LexiconInfo] {
        &self.infos
    }

    /// The rules compiled in (after category and sensitivity exclusions).
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with id `id`, if compiled in.
    pub fn rule(&self, id: &RuleId) -> Option<&Rule> {
        self.rules.iter().find(|r| &r.id == id)
    }

    /// The categories excluded by the builder.
    pub fn excluded_categories(&self) -> &[String] {
        &self.excluded
    }

    /// The normalizer used on texts and terms.
    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    /// Number of distinct normalized terms (with spelling variants) in the automaton.
    pub fn term_count(&self) -> usize {
        self.keys.len()
    }

    /// Every text hit in `text`, in text order. Allocates; see [`Matcher::find_all_with`].
    pub fn find_all(&self, text: &str) -> Vec<IndicatorHit> {
        let mut scratch = Scratch::new();
        let mut out = Vec::new();
        self.find_all_with(&mut scratch, text, &mut out);
        out
    }

    /// Every text hit in `text`, appended to `out` (cleared first), reusing `scratch`'s buffers.
    /// Caps reached are in [`Scratch::warnings`].
    pub fn find_all_with(&self, scratch: &mut Scratch, text: &str, out: &mut Vec<IndicatorHit>) {
        out.clear();
        scratch.warnings.clear();
        scratch.cands.clear();
        scratch.allows.clear();
        scratch.counts.clear();
        scratch.counts.resize(self.rules.len(), 0);
        self.normalizer.normalize_into(text, &mut scratch.norm);
        let norm = scratch.norm.as_str();
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(norm) {
                let Some(entry) = self.entries.get(m.pattern().as_usize()) else {
                    continue;
                };
                let (s, e) = (m.start(), m.end());
                if entry.whole && !whole_word(norm, s, e) {
                    continue;
                }
                let cand = Cand {
                    start: s,
                    end: e,
                    rule: entry.rule,
                    kind: entry.kind,
                };
                if entry.kind == Kind::Allow {
                    scratch.allows.push(cand);
                } else {
                    scratch.cands.push(cand);
                }
            }
        }
        // Few patterns: each regex alone (its literal prefilter skips most text); many: the set first.
        let matched: Vec<usize> = match &self.set {
            Some(set) => set.matches(norm).iter().collect(),
            None => (0..self.regexes.len()).collect(),
        };
        {
            for idx in matched {
                let Some(Pattern { rule, gate, find }) = self.regexes.get(idx) else {
                    continue;
                };
                // Most texts do not match: the forward lazy DFA alone says so. The few that do are
                // searched without the lazy DFA (see `finder`).
                if !gate.is_match(norm) {
                    continue;
                }
                let whole = !self.rules[*rule as usize].substring;
                for m in find.find_iter(norm) {
                    if m.start() < m.end() && (!whole || whole_word(norm, m.start(), m.end())) {
                        scratch.cands.push(Cand {
                            start: m.start(),
                            end: m.end(),
                            rule: *rule,
                            kind: Kind::Pattern,
                        });
                    }
                }
            }
        }
        if !scratch.allows.is_empty() {
            // Allow phrases per rule, merged into disjoint intervals sorted by start: each candidate
            // is checked with one binary search, so many allow phrases cost n log n, not n².
            let allows = &mut scratch.allows;
            allows.sort_unstable_by_key(|a| (a.rule, a.start));
            let mut merged: Vec<Cand> = Vec::with_capacity(allows.len());
            for a in allows.iter() {
                match merged.last_mut() {
                    Some(m) if m.rule == a.rule && a.start <= m.end => m.end = m.end.max(a.end),
                    _ => merged.push(*a),
                }
            }
            scratch.cands.retain(|c| {
                // The last interval of the rule that starts before the candidate ends.
                let k = merged.partition_point(|a| (a.rule, a.start) < (c.rule, c.end));
                !(k > 0 && merged[k - 1].rule == c.rule && merged[k - 1].end > c.start)
            });
        }
        scratch
            .cands
            .sort_unstable_by(|a, b| (a.start, b.end, a.rule).cmp(&(b.start, a.end, b.rule)));
        // Leftmost-longest selection.
        let mut kept: Vec<Cand> = Vec::with_capacity(scratch.cands.len());
        let mut last_end = 0usize;
        let mut rule_end: HashMap<u32, usize> = HashMap::new();
        for c in &scratch.cands {
            match self.kind {
                MatchKind::PerRule => {
                    let end = rule_end.entry(c.rule).or_insert(0);
                    if c.start < *end {
                        continue;
                    }
                    *end = c.end;
                }
                _ => {
                    if c.start < last_end {
                        continue;
                    }
                    last_end = c.end;
                }
            }
            kept.push(*c);
        }
        let kept = self.emoji_runs(norm, kept);
        let mut capped_rules: Vec<u32> = Vec::new();
        let mut total_capped = false;
        for c in kept {
            if out.len() >= self.max_hits {
                total_capped = true;
                break;
            }
            let count = &mut scratch.counts[c.rule as usize];
            if *count as usize >= self.max_hits_per_rule {
                if !capped_rules.contains(&c.rule) {
                    capped_rules.push(c.rule);
                }
                continue;
            }
            let Some(span) = scratch.norm.original_span(c.start..c.end) else {
                continue;
            };
            let Some(matched) = text.get(span.range()) else {
                continue;
            };
            *count += 1;
            let rule = &self.rules[c.rule as usize];
            let mut hit = IndicatorHit::new(
                rule.id.clone(),
                rule.category.clone(),
                rule.weight,
                span,
                matched,
                &norm[c.start..c.end],
            );
            hit.transforms = families(scratch.norm.mask(c.start..c.end));
            hit.evidence.clone_from(&rule.evidence);
            hit.source.clone_from(&rule.source);
            out.push(hit);
        }
        for r in capped_rules {
            scratch.warnings.push(Warning::new(
                "hit_cap",
                format!(
                    "rule `{}`: more than {} hits in one document; the rest are not reported",
                    self.rules[r as usize].id, self.max_hits_per_rule
                ),
            ));
        }
        if total_capped {
            scratch.warnings.push(Warning::new(
                "hit_cap",
                format!(
                    "more than {} hits in one document; the rest are not reported",
                    self.max_hits
                ),
            ));
        }
    }

    /// Merges consecutive hits of one emoji rule (separated by nothing or spaces) into one run and
    /// drops runs shorter than the rule's `min_count`.
    fn emoji_runs(&self, norm: &str, kept: Vec<Cand>) -> Vec<Cand> {
        if !kept.iter().any(|c| c.kind == Kind::Emoji) {
            return kept;
        }
        let mut out: Vec<Cand> = Vec::with_capacity(kept.len());
        let mut counts: Vec<u32> = Vec::with_capacity(kept.len());
        for c in kept {
            if c.kind == Kind::Emoji
                && let Some((last, n)) = out.last_mut().zip(counts.last_mut())
                && last.kind == Kind::Emoji
                && last.rule == c.rule
                && norm
                    .get(last.end..c.start)
                    .is_some_and(|g| g.chars().all(char::is_whitespace))
            {
                last.end = c.end;
                *n += 1;
                continue;
            }
            out.push(c);
            counts.push(1);
        }
        out.into_iter()
            .zip(counts)
            .filter(|(c, n)| c.kind != Kind::Emoji || *n >= self.rules[c.rule as usize].min_count)
            .map(|(c, _)| c)
            .collect()
    }

    /// Finds every rule in `text`, adds the rules bound to `signals`, and scores the document.
    ///
    /// A signal rule fires once per matching signal, on the signal's span; a signal without a span
    /// (e.g. `image.known_match`) or with a span that is not on `char` boundaries of `text` gets the
    /// empty span `0..0`. Its hit has `signal: Some(name)` and `normalized` set to the signal name.
    pub fn scan(&self, text: &str, signals: &[Signal]) -> Analysis {
        self.scan_with(&mut Scratch::new(), text, signals)
    }

    /// [`Matcher::scan`] reusing `scratch`'s buffers: the form for hot loops (one scratch per thread).
    pub fn scan_with(&self, scratch: &mut Scratch, text: &str, signals: &[Signal]) -> Analysis {
        let mut hits = Vec::new();
        self.find_all_with(scratch, text, &mut hits);
        let mut warnings = std::mem::take(&mut scratch.warnings);
        let mut signal_capped = false;
        for signal in signals {
            let Some(rules) = self.signals.get(&signal.name) else {
                continue;
            };
            for &r in rules {
                if hits.len() >= self.max_hits {
                    signal_capped = true;
                    break;
                }
                let count = &mut scratch.counts[r as usize];
                if *count as usize >= self.max_hits_per_rule {
                    continue;
                }
                *count += 1;
                let rule = &self.rules[r as usize];
                let Some(span) = signal
                    .span
                    .filter(|s| text.get(s.range()).is_some())
                    .or_else(|| Span::new(0, 0))
                else {
                    continue;
                };
                let matched = text.get(span.range()).unwrap_or_default();
                let mut hit = IndicatorHit::new(
                    rule.id.clone(),
                    rule.category.clone(),
                    rule.weight,
                    span,
                    matched,
                    signal.name.clone(),
                );
                hit.evidence.clone_from(&rule.evidence);
                hit.source.clone_from(&rule.source);
                hit.signal = Some(signal.name.clone());
                hits.push(hit);
            }
        }
        if signal_capped {
            warnings.push(Warning::new(
                "hit_cap",
                format!(
                    "more than {} hits in one document; the rest are not reported",
                    self.max_hits
                ),
            ));
        }
        hits.sort_by_key(|h| (h.span.start(), h.span.end()));
        let scored = score::score(&hits);
        Analysis {
            hits,
            score: scored.score,
            level: scored.level,
            contributions: scored.contributions,
            categories: scored.categories,
            warnings,
        }
    }
}

/// Whether `s..e` of the normalized text is a whole word: no word character touches it on a side
/// where the match itself begins or ends with a word character.
fn whole_word(norm: &str, s: usize, e: usize) -> bool {
    let first = norm[s..e].chars().next();
    let last = norm[s..e].chars().next_back();
    let before = norm[..s].chars().next_back();
    let after = norm[e..].chars().next();
    // `is_word_char` answers Latin and Cyrillic letters by range, without the Unicode tables.
    let word = |c: char| is_word_char(c) || c == '\u{200C}' || c == '\u{200D}';
    !(first.is_some_and(word) && before.is_some_and(word)
        || last.is_some_and(word) && after.is_some_and(word))
}

/// Spelling variants of a normalized term that leet and repeat folding can produce from the text:
/// `l` read as `1` → `i` (every combination of the first three `l`s), and doubled letters written
/// once (repeat folding keeps one of three or more: `sweeeet` → `swet`), only in words that stay four
/// letters or longer, so that `hhr` never becomes `hr`.
fn variants(key: &str) -> Vec<String> {
    let chars: Vec<char> = key.chars().collect();
    let ls: Vec<usize> = chars
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == 'l')
        .map(|(i, _)| i)
        .take(3)
        .collect();
    // Second letters of doubles, in words long enough.
    let mut doubles: Vec<usize> = Vec::new();
    let mut w = 0;
    while w < chars.len() {
        let mut e = w;
        while e < chars.len() && chars[e].is_alphanumeric() {
            e += 1;
        }
        let word = &chars[w..e];
        let pairs: Vec<usize> = (1..word.len())
            .filter(|&i| {
                word[i] == word[i - 1]
                    && word[i].is_alphabetic()
                    && (i < 2 || word[i - 2] != word[i])
            })
            .collect();
        if word.len() >= 5 {
            doubles.extend(pairs.iter().take(2).map(|i| w + i));
        }
        w = e + 1;
    }
    doubles.truncate(3);
    let mut out = vec![key.to_owned()];
    for lmask in 0..(1usize << ls.len()) {
        for dmask in 0..(1usize << doubles.len()) {
            if lmask == 0 && dmask == 0 {
                continue;
            }
            let mut v = String::with_capacity(key.len());
            for (i, &c) in chars.iter().enumerate() {
                if doubles
                    .iter()
                    .position(|&d| d == i)
                    .is_some_and(|k| dmask & (1 << k) != 0)
                {
                    continue;
                }
                match ls.iter().position(|&l| l == i) {
                    Some(k) if lmask & (1 << k) != 0 => v.push('i'),
                    _ => v.push(c),
                }
            }
            if !out.contains(&v) {
                out.push(v);
            }
            if out.len() >= MAX_VARIANTS {
                return out;
            }
        }
    }
    out
}

/// Each pattern's lazy-DFA cache limit for a lexicon of `patterns` patterns: an equal share of
/// [`PATTERN_CACHE_BUDGET`], between [`PATTERN_CACHE_FLOOR`] and [`PATTERN_CACHE_LIMIT`].
fn pattern_cache_limit(patterns: usize) -> usize {
    (PATTERN_CACHE_BUDGET / patterns.max(1)).clamp(PATTERN_CACHE_FLOOR, PATTERN_CACHE_LIMIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_characters_are_the_alphanumeric_ones() {
        // `whole_word` asks `is_word_char`, which answers Latin and Cyrillic letters by range:
        // every char must get `char::is_alphanumeric`'s answer (basic Cyrillic all alphabetic).
        for c in '\u{0400}'..='\u{045F}' {
            assert!(c.is_alphanumeric(), "{c:?}");
        }
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    fn lexicon(src: &str) -> Lexicon {
        let full = format!("name = \"t\"\nversion = \"1\"\n{src}");
        Lexicon::from_toml(&full, "t.toml").unwrap_or_else(|e| panic!("{e}"))
    }

    fn matcher(src: &str) -> Matcher {
        Matcher::new(&lexicon(src)).unwrap_or_else(|e| panic!("{e}"))
    }

    const YOUTH: &str = r#"
[[indicator]]
id = "youth.young"
category = "youth"
weight = 0.35
terms = ["young", "fresh", "sweet", "girl"]
allow = ["young professionals"]
"#;

    #[test]
    fn whole_words_only() {
        let m = matcher(YOUTH);
        assert!(m.find_all("youngster refreshments").is_empty());
        assert_eq!(m.find_all("so young!").len(), 1);
    }

    #[test]
    fn sees_through_obfuscation_with_exact_spans() {
        let m = matcher(YOUTH);
        for text in [
            "y o u n g",
            "Y.0.U.N.G",
            "𝔂𝓸𝓾𝓷𝓰",
            "yoooung",
            "y\u{200B}oung",
            "уoung",
            "🅨🅞🅤🅝🅖",
            "swe3eet",
            "g1rl",
            "gir1",
        ] {
            let full = format!("hi {text} there");
            let hits = m.find_all(&full);
            assert_eq!(hits.len(), 1, "{text}");
            assert_eq!(hits[0].matched, text, "{text}");
            assert_eq!(&full[hits[0].span.range()], text);
        }
    }

    #[test]
    fn allow_phrases_cancel_overlapping_hits() {
        let m = matcher(YOUTH);
        assert!(m.find_all("for young professionals").is_empty());
        assert_eq!(m.find_all("young professionals and a young girl").len(), 2);
        // Many allow phrases and many hits: n log n, not quadratic.
        let many = "young professionals young ".repeat(20_000);
        assert_eq!(m.find_all(&many).len(), 32);
    }

    #[test]
    fn emoji_runs_and_counts() {
        let m = matcher(
            r#"
[[indicator]]
id = "price.roses"
category = "pricing"
weight = 0.1
emoji = ["🌹"]
min_count = 2
"#,
        );
        assert!(m.find_all("a 🌹 for you").is_empty());
        let hits = m.find_all("🌹\u{FE0F}🌹 🌹 per hour");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].normalized.chars().filter(|c| *c == '🌹').count(), 3);
        assert_eq!(hits[0].matched, "🌹\u{FE0F}🌹 🌹");
    }

    #[test]
    fn signals_fire_rules() {
        let m = matcher(
            r#"
[[indicator]]
id = "contact.obscured_phone"
category = "contact"
weight = 0.6
signal = "entity.phone.obfuscated"
[[indicator]]
id = "image.known"
category = "image"
weight = 0.9
signal = "image.known_match"
"#,
        );
        let text = "call 7o2 555 l2e4";
        let signals = [
            Signal::new("entity.phone.obfuscated", Span::new(5, 17)),
            Signal::new("image.known_match", None),
            Signal::new("entity.email", Span::new(0, 2)),
        ];
        let a = m.scan(text, &signals);
        assert_eq!(a.hits.len(), 2);
        assert_eq!(a.hits[0].span, Span::new(0, 0).unwrap_or_else(|| panic!()));
        assert_eq!(a.hits[0].signal.as_deref(), Some("image.known_match"));
        assert_eq!(a.hits[1].matched, "7o2 555 l2e4");
        assert!(a.score > 0.6);
    }

    #[test]
    fn hit_caps_warn() {
        let m = Matcher::builder()
            .max_hits_per_rule(2)
            .build(&lexicon(YOUTH))
            .unwrap_or_else(|e| panic!("{e}"));
        let a = m.scan("young young young young", &[]);
        assert_eq!(a.hits.len(), 2);
        assert_eq!(a.warnings.len(), 1);
        assert_eq!(a.warnings[0].code, "hit_cap");
    }

    #[test]
    fn patterns_run_on_normalized_text() {
        let m = matcher(
            r#"
[[indicator]]
id = "fee.amount"
category = "fees"
weight = 0.4
patterns = ['\bfee of \d+']
"#,
        );
        let text = "A FEE OF 200 euro";
        let hits = m.find_all(text);
        assert_eq!(hits[0].matched, "FEE OF 200");
    }

    #[test]
    fn bad_patterns_name_the_rule() {
        let l = lexicon(
            "[[indicator]]\nid = \"bad\"\ncategory = \"x\"\nweight = 0.1\npatterns = ['(']\n",
        );
        let err = Matcher::new(&l)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.starts_with("t.toml:3: rule `bad`: invalid pattern"),
            "{err}"
        );
        let l = lexicon(
            "[[indicator]]\nid = \"big\"\ncategory = \"x\"\nweight = 0.1\npatterns = ['\\w{1000}\\w{1000}\\w{1000}']\n",
        );
        assert!(matches!(
            Matcher::new(&l).err().map(|e| e.kind().clone()),
            Some(ErrorKind::InvalidPattern { .. })
        ));
    }

    #[test]
    fn variants_cover_l_and_doubles() {
        let v = variants("sweet girl");
        assert!(v.contains(&"swet giri".to_owned()));
        assert!(v.contains(&"sweet girl".to_owned()));
        assert_eq!(variants("hhr"), vec!["hhr".to_owned()]);
    }

    #[test]
    fn excluded_categories_and_sensitive_rules() {
        let src = r#"
[[indicator]]
id = "ethnicity.stated"
category = "ethnicity"
weight = 0.3
terms = ["latina"]
sensitive = true
"#;
        let l = lexicon(src);
        let m = Matcher::builder()
            .sensitive(Sensitive::Exclude)
            .build(&l)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(m.find_all("latina").is_empty());
        let m = Matcher::builder()
            .exclude_category("ethnicity")
            .build(&l)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(m.find_all("latina").is_empty());
        assert_eq!(
            Matcher::new(&l)
                .map(|m| m.find_all("latina").len())
                .unwrap_or(0),
            1
        );
    }

    #[test]
    fn many_patterns_go_through_the_set() {
        let mut src = String::new();
        for i in 0..20u8 {
            let c = char::from(b'a' + i);
            src.push_str(&format!(
                "[[indicator]]\nid = \"p{i}\"\ncategory = \"x\"\nweight = 0.1\npatterns = ['zq{c}k']\n"
            ));
        }
        let m = matcher(&src);
        assert!(m.set.is_some());
        assert!(matcher(YOUTH).set.is_none());
        let hits = m.find_all("a zqdk and ZQRK, not zqzk");
        let ids: Vec<&str> = hits.iter().map(|h| h.rule.as_str()).collect();
        assert_eq!(ids, ["p3", "p17"]);
        assert_eq!(hits[1].matched, "ZQRK");
    }

    #[test]
    fn finder_matches_what_the_regex_crate_finds() {
        let lexicon = Lexicon::embedded();
        let texts = [
            "Girls from Moldova, ages 18-25, good pay",
            "девушки 18-25 лет, девушки до 18 до 30",
            "customer service job in Thailand, it support — cambodia",
            "150 roses/hh, 200 roses per hour, hh: 300 roses, hr=100 donations",
            "ragazze bellissime, età 18 e 29. fete tinere 18 si 24 ani",
            "",
            "girls! 18-25",
        ];
        for rule in lexicon.rules() {
            for p in &rule.patterns {
                let re = Regex::new(p).unwrap_or_else(|e| panic!("{e}"));
                let find = finder(p).unwrap_or_else(|e| panic!("{e}"));
                for t in texts {
                    let a: Vec<_> = re.find_iter(t).map(|m| m.range()).collect();
                    let b: Vec<_> = find.find_iter(t).map(|m| m.range()).collect();
                    assert_eq!(a, b, "{p}");
                }
            }
        }
    }

    #[test]
    fn pattern_caches_share_a_bounded_budget() {
        // The default lexicon's few patterns get the full cache; up to 128 patterns share the
        // budget; beyond, each keeps the floor (the regex crate's own scale).
        assert_eq!(pattern_cache_limit(3), PATTERN_CACHE_LIMIT);
        assert_eq!(pattern_cache_limit(0), PATTERN_CACHE_LIMIT);
        let n = crate::Lexicon::MAX_PATTERNS;
        assert_eq!(pattern_cache_limit(n), PATTERN_CACHE_FLOOR);
        assert!(pattern_cache_limit(64) * 64 <= PATTERN_CACHE_BUDGET);
    }
}
