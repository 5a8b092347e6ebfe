//! Indicator matching for [redflag](https://github.com/redflag-project/redflag): lexicons of
//! trafficking indicators, a compiled [`Matcher`] that sees through disguised spelling and reports
//! every hit as a byte span of the **original** text, and an explainable score.
//!
//! Hits are leads for a person to review, never evidence: the indicators come from practitioner
//! guidance and one counterfactual study (see the lexicon files), and most of them also occur in
//! legitimate ads.
//!
//! # Main types
//! - [`Normalizer`] turns text into its matching form ([`Normalized`]) and keeps, for every normalized
//!   byte, the original byte range and the [`Transform`] families that produced it (`invisible`,
//!   `compat`, `styled`, `diacritics`, `case`, `homoglyph`, `leet`, `spacing`, `repeat`).
//! - [`Lexicon`] is data: [`Rule`]s read from TOML ([`Lexicon::from_toml`], [`Lexicon::from_path`]),
//!   merged from several files ([`Lexicon::merge`]), or the default lexicon embedded in the crate
//!   ([`Lexicon::embedded`]). [`Lexicon::check`] validates a file for `redflag lexicon check`.
//! - [`Matcher`] is a lexicon compiled once (terms folded by the same normalizer into an Aho-Corasick
//!   automaton, patterns into a regex set); it is `Send + Sync` and every method takes `&self`.
//!   [`Matcher::find_all`] returns hits; [`Matcher::scan`] adds rules fired by signals from other crates
//!   and scores the document into an [`Analysis`].
//! - [`synth`] generates a seeded benchmark of disguised terms with gold spans.
//!
//! ```
//! use redflag_text::{Lexicon, Matcher, Transform};
//! let lexicon = Lexicon::from_toml(r#"
//! name = "example"
//! version = "1"
//! [[indicator]]
//! id = "fee.upfront"
//! category = "fees_debt"
//! weight = 0.5
//! terms = ["placement fee"]
//! "#, "example.toml")?;
//! let matcher = Matcher::new(&lexicon)?;
//! let text = "Pay the ᴘʟᴀᴄᴇᴍᴇɴᴛ f.3.e first";
//! let analysis = matcher.scan(text, &[]);
//! let hit = &analysis.hits[0];
//! assert_eq!(hit.rule.as_str(), "fee.upfront");
//! assert_eq!(&text[hit.span.range()], "ᴘʟᴀᴄᴇᴍᴇɴᴛ f.3.e");
//! assert_eq!(hit.normalized, "placement fee");
//! assert_eq!(hit.transforms, vec![Transform::Styled, Transform::Leet, Transform::Spacing]);
//! assert_eq!(analysis.points(&hit.rule), analysis.score);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Matching
//! Terms match whole words of the normalized text (Unicode-aware: no letter or digit may touch the
//! match) unless the rule says `substring = true`. Each term also matches its `l`→`i` spellings and
//! its spellings with doubled letters written once (in words of four letters or more), which leet and
//! repeat folding produce from `gir1` and `sweeeet`.
//! Patterns are regular expressions over the normalized text, so they must be written in lower case
//! without diacritics; their matches get the same whole-word check as terms (unless `substring =
//! true`), so they need no `\b`, which is also slow: Unicode word boundaries keep the regex engine
//! off its fast path on non-ASCII text. Emoji match whatever variation selectors, skin tones and ZWJ joins surround
//! them; consecutive emoji of one rule form one hit, and `min_count` makes a rule fire only on runs of
//! at least that many (🌹🌹🌹 as a price). `allow` phrases cancel overlapping hits of their rule. By
//! default the leftmost-longest match wins and hits never overlap ([`MatchKind`]). Caps on hits per
//! rule and per document ([`MatcherBuilder::max_hits_per_rule`], [`MatcherBuilder::max_hits`]) end in
//! a `hit_cap` warning.
//!
//! # Scoring
//! The score is computed from the distinct rules that fired (repeating a rule adds nothing):
//! 1. each rule counts its weight `w` (0 to 1);
//! 2. rules of one category combine by noisy-OR, capped at twice the category's strongest rule, so many
//!    weak cues of one kind cannot add up to a strong one:
//!    `S_c = min(1 − Π(1 − w_r), 2 · max w_r)`;
//! 3. categories combine by noisy-OR, times a co-occurrence factor for the number `k` of categories
//!    with `S_c ≥ 0.15`: 0.6 for `k ≤ 1`, 0.85 for `k = 2`, 1.0 for `k ≥ 3`:
//!    `score = (1 − Π(1 − S_c)) · f(k)`;
//! 4. levels: `none` at 0, `low` below 0.3, `medium` below 0.6, `high` from 0.6
//!    ([`score::MEDIUM`], [`score::HIGH`]).
//!
//! Contributions split the score exactly: each category gets `score · S_c / Σ S_c`, shared among its
//! rules in proportion to their weights; [`Analysis::contributions`] lists them per rule, largest
//! first, and [`Analysis::categories`] per category.
//!
//! Default weights follow the evidence: the four significant predictors of the JRSA/NIJ study
//! (trust/professional language, an obscured phone number, stated ethnicity, youthful language) weigh
//! the most; movement language ("new in town"), which the study found 70% *less* likely in trafficking
//! ads, weighs almost nothing; single job-ad cues weigh little while fees, debts for travel and held
//! passports weigh much. One strong cue alone reaches `medium` at most; `high` needs co-occurring
//! categories.
//!
//! # Bias-sensitive rules
//! Stated ethnicity or nationality was predictive in the JRSA study, but flagging ads by ethnicity
//! targets groups, and models built on such cues have been shown to encode bias (Hundman et al.,
//! "Always Lurking", 2017). Such rules carry `sensitive = true`; [`MatcherBuilder::sensitive`] and
//! [`MatcherBuilder::exclude_category`] leave them out.
//!
//! # Performance
//! Build the [`Matcher`] once and share it (`Arc`); in hot loops keep one [`Scratch`] per thread and
//! call [`Matcher::find_all_with`], which reuses its buffers. See `BENCHMARKS.md` for figures.
//!
//! # Untrusted input
//! Scanning never fails and never panics. Lexicons may come from users: they are bounded
//! ([`Lexicon::MAX_RULES`], [`Lexicon::MAX_TERMS`], [`Lexicon::MAX_TERM_LEN`],
//! [`Lexicon::MAX_PATTERN_LEN`]), regexes are compiled with size and nesting limits, and every error
//! names the file, line and rule.
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

mod error;
mod lexicon;
mod matcher;
mod normalize;
pub mod score;
pub mod synth;

pub use error::{Error, ErrorKind};
pub use lexicon::{Counts, DEFAULT_LEXICON_NAME, Lexicon, LexiconBuilder, LexiconReport, Rule};
pub use matcher::{Analysis, MatchKind, Matcher, MatcherBuilder, Scratch, Sensitive};
pub use normalize::{Normalized, Normalizer, NormalizerBuilder};
pub use redflag_model::Transform;
pub use score::CategoryScore;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
