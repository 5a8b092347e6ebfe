//! Lexicons: rules of indicator terms, patterns and emoji, read from TOML.
//!
//! ```toml
//! name = "my-lexicon"
//! version = "1"
//!
//! [[indicator]]
//! id = "fee.upfront"                 # unique; letters, digits, `.`, `_`, `-`
//! category = "fees_debt"             # scoring combines rules per category
//! weight = 0.5                       # 0 to 1
//! terms = ["deposit first"]          # matched as whole words on the normalized text (see below)
//! patterns = ['\bfee of \d+']        # regexes over the normalized (lower-cased, folded) text
//! emoji = ["🌹"]                     # matched regardless of VS16, skin tones and ZWJ
//! min_count = 1                      # emoji only: fire on a run of at least this many
//! lang = ["en"]                      # or a single string
//! evidence = "guidance"              # jrsa+, jrsa-, study, guidance, case, anecdotal, translation
//! source = "https://…"
//! allow = ["deposit first month"]    # phrases that cancel an overlapping hit of this rule
//! signal = "entity.phone.obfuscated" # also fire once per such signal from another crate
//! substring = false                  # true: terms also match inside longer words
//! sensitive = false                  # true: bias-sensitive cue (ethnicity, nationality)
//! ```
//!
//! A rule whose terms come in several languages can give them per language instead of one list, as
//! a table (it must come last in the rule, after the other keys). Each term then knows its language
//! ([`Rule::term_lang`]), which `redflag synth --langs` uses to build single-language corpora; `lang`
//! may then be left out (it becomes the table's languages) and, when given, must include every key.
//!
//! ```toml
//! [[indicator]]
//! id = "fees.upfront"
//! category = "fees_debt"
//! weight = 0.45
//!
//! [indicator.terms]
//! en = ["placement fee", "recruitment fee"]
//! fr = ["frais de dossier"]
//! ```

use crate::{Error, ErrorKind, Matcher};
use redflag_model::{LexiconInfo, RuleId};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// One indicator rule.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Rule {
    /// Unique id, e.g. `youth.fresh`.
    pub id: RuleId,
    /// Category, e.g. `youth`. Scoring combines rules per category.
    pub category: String,
    /// Weight in the score, 0 to 1.
    pub weight: f64,
    /// Literal terms, matched on the normalized text.
    pub terms: Vec<String>,
    /// Regular expressions, matched on the normalized text.
    pub patterns: Vec<String>,
    /// Emoji, matched regardless of variation selectors, skin tones and ZWJ joins.
    pub emoji: Vec<String>,
    /// For emoji: the rule fires on a run of at least this many of its emoji (🌹🌹🌹 as a price code).
    pub min_count: u32,
    /// Languages of the terms (ISO 639-1).
    pub lang: Vec<String>,
    /// The language of each term, parallel to `terms`, when the lexicon gave terms per language.
    term_langs: Vec<String>,
    /// Strength of the evidence behind the rule (`jrsa+`, `jrsa-`, `guidance`, `anecdotal`, …).
    pub evidence: Option<String>,
    /// Where the rule comes from (URL or citation).
    pub source: Option<String>,
    /// Phrases that cancel an overlapping hit of this rule.
    pub allow: Vec<String>,
    /// A signal from another crate that also fires the rule (`entity.phone.obfuscated`).
    pub signal: Option<String>,
    /// Whether terms also match inside longer words (default: whole words only).
    pub substring: bool,
    /// Whether the cue is bias-sensitive (ethnicity, nationality): such rules can be excluded.
    pub sensitive: bool,
    origin: String,
    line: usize,
}

impl Rule {
    /// A rule with an id, category and weight and nothing to match yet.
    pub fn new(id: impl Into<RuleId>, category: impl Into<String>, weight: f64) -> Rule {
        Rule {
            id: id.into(),
            category: category.into(),
            weight,
            terms: Vec::new(),
            patterns: Vec::new(),
            emoji: Vec::new(),
            min_count: 1,
            lang: Vec::new(),
            term_langs: Vec::new(),
            evidence: None,
            source: None,
            allow: Vec::new(),
            signal: None,
            substring: false,
            sensitive: false,
            origin: String::new(),
            line: 0,
        }
    }

    /// The language of `terms[index]`: as the lexicon gave it per language, else the rule's only
    /// language; `None` when the rule lists several languages in one term list (or none), or the
    /// index is out of range.
    pub fn term_lang(&self, index: usize) -> Option<&str> {
        if index >= self.terms.len() {
            return None;
        }
        if self.term_langs.len() == self.terms.len() {
            return self.term_langs.get(index).map(String::as_str);
        }
        match self.lang.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// The lexicon the rule came from (as named when it was loaded).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The 1-based line of the rule in its file (0 for rules built in code).
    pub fn line(&self) -> usize {
        self.line
    }

    fn invalid(&self, message: impl Into<String>) -> Error {
        ErrorKind::InvalidRule {
            origin: self.origin.clone(),
            line: self.line,
            rule: self.id.clone(),
            message: message.into(),
        }
        .into()
    }

    pub(crate) fn pattern_error(&self, message: impl Into<String>) -> Error {
        ErrorKind::InvalidPattern {
            origin: self.origin.clone(),
            line: self.line,
            rule: self.id.clone(),
            message: message.into(),
        }
        .into()
    }

    pub(crate) fn term_error(&self, term: &str) -> Error {
        self.invalid(format!("term {term:?} is empty after normalization"))
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// `terms` as one list, or as a table of lists keyed by language.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawTerms {
    List(Vec<String>),
    ByLang(BTreeMap<String, Vec<String>>),
}

impl Default for RawTerms {
    fn default() -> RawTerms {
        RawTerms::List(Vec::new())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    category: String,
    weight: f64,
    #[serde(default)]
    terms: RawTerms,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    emoji: Vec<String>,
    #[serde(default)]
    min_count: Option<u32>,
    #[serde(default)]
    lang: Option<OneOrMany>,
    #[serde(default)]
    evidence: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    signal: Option<String>,
    #[serde(default)]
    substring: bool,
    #[serde(default)]
    sensitive: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    name: String,
    version: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    indicator: Vec<toml::Spanned<RawRule>>,
}

/// A set of indicator rules, possibly merged from several TOML files.
///
/// A lexicon is plain data; compile it into a [`Matcher`] to scan text.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    rules: Vec<Rule>,
    infos: Vec<LexiconInfo>,
}

/// The default lexicon's files, in load order.
const EMBEDDED: [(&str, &str); 4] = [
    (
        "lexicons/sexual.toml",
        include_str!("../lexicons/sexual.toml"),
    ),
    (
        "lexicons/labour.toml",
        include_str!("../lexicons/labour.toml"),
    ),
    (
        "lexicons/contact.toml",
        include_str!("../lexicons/contact.toml"),
    ),
    (
        "lexicons/context.toml",
        include_str!("../lexicons/context.toml"),
    ),
];

/// Name of the embedded default lexicon.
pub const DEFAULT_LEXICON_NAME: &str = "redflag-default";

impl Lexicon {
    /// Most rules a lexicon (or a merge of lexicons) may hold.
    pub const MAX_RULES: usize = 10_000;
    /// Most terms, patterns and emoji one rule may hold.
    pub const MAX_TERMS_PER_RULE: usize = 5_000;
    /// Most terms, patterns and emoji in a lexicon.
    pub const MAX_TERMS: usize = 200_000;
    /// Longest term, emoji or allow phrase, in bytes.
    pub const MAX_TERM_LEN: usize = 256;
    /// Longest regular expression, in bytes.
    pub const MAX_PATTERN_LEN: usize = 1_024;
    /// Most regular expressions in a lexicon.
    pub const MAX_PATTERNS: usize = 2_000;
    /// Largest lexicon file [`Lexicon::from_path`] reads, in bytes (a lexicon at every other limit
    /// fits well inside).
    pub const MAX_FILE_BYTES: u64 = 64 << 20;

    /// A lexicon with no rules: it matches nothing.
    pub fn empty() -> Lexicon {
        Lexicon::default()
    }

    /// A builder for lexicons made in code.
    pub fn builder() -> LexiconBuilder {
        LexiconBuilder::default()
    }

    /// The default lexicon embedded in the crate (`redflag-default`), from `crates/text/lexicons/*.toml`.
    ///
    /// Its provenance is one [`LexiconInfo`] whose SHA-256 covers every file in load order.
    pub fn embedded() -> Lexicon {
        let mut lexicon = Lexicon::empty();
        let mut hasher = Sha256::new();
        let mut version = String::new();
        for (origin, src) in EMBEDDED {
            hasher.update(src.as_bytes());
            // A unit test guarantees the embedded files parse and merge; a failure here would be a
            // build of a broken crate, and the files are skipped rather than panicking.
            if let Ok(part) = Lexicon::from_toml(src, origin) {
                if let Some(info) = part.infos.first() {
                    version.clone_from(&info.version);
                }
                let _ = lexicon.merge(part, origin);
            }
        }
        lexicon.infos = vec![LexiconInfo::new(
            DEFAULT_LEXICON_NAME,
            version,
            hex(&hasher.finalize()),
        )];
        lexicon
    }

    /// The embedded default lexicon's files: `(name, TOML source)` pairs, for `redflag lexicon check`
    /// and for tools that want to print or extend them.
    pub fn embedded_sources() -> &'static [(&'static str, &'static str)] {
        &EMBEDDED
    }

    /// Parses a lexicon from TOML; `origin` names it in errors (usually the file path).
    ///
    /// # Errors
    /// Malformed TOML or unknown fields ([`ErrorKind::Parse`] with the line), invalid rules
    /// ([`ErrorKind::InvalidRule`]: bad id or category, weight outside 0..=1, nothing to match),
    /// duplicate ids, and lexicons over the limits for untrusted input ([`ErrorKind::LimitExceeded`]).
    /// Patterns are compiled (and checked) by [`Matcher::new`]; use [`Lexicon::check`] to do both.
    pub fn from_toml(src: &str, origin: &str) -> Result<Lexicon, Error> {
        // Line starts, found once: a line number per rule stays linear in the file size.
        let newlines: Vec<usize> = src
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i)
            .collect();
        let line_of = |offset: usize| newlines.partition_point(|&nl| nl < offset) + 1;
        let file: LexiconFile = toml::from_str(src).map_err(|e| ErrorKind::Parse {
            origin: origin.to_owned(),
            line: e.span().map_or(0, |s| line_of(s.start)),
            message: e.message().trim_end_matches('\n').to_owned(),
        })?;
        let _ = file.description;
        if file.indicator.len() > Lexicon::MAX_RULES {
            return Err(limit(origin, None, "rule count", Lexicon::MAX_RULES));
        }
        let mut rules = Vec::with_capacity(file.indicator.len());
        for spanned in file.indicator {
            let line = line_of(spanned.span().start);
            let raw = spanned.into_inner();
            let mut lang = match raw.lang {
                None => Vec::new(),
                Some(OneOrMany::One(s)) => vec![s],
                Some(OneOrMany::Many(v)) => v,
            };
            let (terms, term_langs) = match raw.terms {
                RawTerms::List(terms) => (terms, Vec::new()),
                RawTerms::ByLang(table) => {
                    let (mut terms, mut langs) = (Vec::new(), Vec::new());
                    for (code, list) in table {
                        if !is_lang_code(&code) {
                            return Err(invalid_at(
                                origin,
                                line,
                                &raw.id,
                                format!(
                                    "terms table key {code:?} is not a language code (ISO 639-1, e.g. \"en\")"
                                ),
                            ));
                        }
                        if !lang.is_empty() && !lang.contains(&code) {
                            return Err(invalid_at(
                                origin,
                                line,
                                &raw.id,
                                format!("terms are given for {code:?}, which `lang` does not list"),
                            ));
                        }
                        langs.extend(std::iter::repeat_n(code.clone(), list.len()));
                        terms.extend(list);
                    }
                    if lang.is_empty() {
                        lang = langs.clone();
                        lang.dedup();
                    }
                    (terms, langs)
                }
            };
            let rule = Rule {
                id: RuleId::new(raw.id),
                category: raw.category,
                weight: raw.weight,
                terms,
                patterns: raw.patterns,
                emoji: raw.emoji,
                min_count: raw.min_count.unwrap_or(1),
                lang,
                term_langs,
                evidence: raw.evidence,
                source: raw.source,
                allow: raw.allow,
                signal: raw.signal,
                substring: raw.substring,
                sensitive: raw.sensitive,
                origin: origin.to_owned(),
                line,
            };
            rules.push(rule);
        }
        let sha256 = hex(&Sha256::digest(src.as_bytes()));
        let mut lexicon = Lexicon::empty();
        let other = Lexicon {
            rules,
            infos: vec![LexiconInfo::new(file.name, file.version, sha256)],
        };
        lexicon.merge(other, origin)?;
        Ok(lexicon)
    }

    /// Reads and parses a lexicon file; errors name the path as given.
    ///
    /// # Errors
    /// The file cannot be read or is not UTF-8 ([`ErrorKind::Io`]), is larger than
    /// [`Lexicon::MAX_FILE_BYTES`] ([`ErrorKind::LimitExceeded`], nothing beyond the limit is read),
    /// or [`Lexicon::from_toml`] fails.
    pub fn from_path(path: &Path) -> Result<Lexicon, Error> {
        use std::io::Read;
        let origin = path.display().to_string();
        let io = |e: std::io::Error| ErrorKind::Io {
            origin: origin.clone(),
            message: e.to_string(),
        };
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(Lexicon::MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(io)?;
        if bytes.len() as u64 > Lexicon::MAX_FILE_BYTES {
            return Err(limit(
                &origin,
                None,
                "file size",
                Lexicon::MAX_FILE_BYTES as usize,
            ));
        }
        let src = String::from_utf8(bytes).map_err(|e| ErrorKind::Io {
            origin: origin.clone(),
            message: format!(
                "not UTF-8 (invalid byte at {})",
                e.utf8_error().valid_up_to()
            ),
        })?;
        Lexicon::from_toml(&src, &origin)
    }

    /// Adds another lexicon's rules and provenance; `origin` names it in errors.
    ///
    /// # Errors
    /// A rule id that is already present ([`ErrorKind::DuplicateRule`], naming both places), an
    /// invalid rule, or a merge over the limits.
    pub fn merge(&mut self, other: Lexicon, origin: &str) -> Result<(), Error> {
        let mut seen: HashMap<&RuleId, &Rule> = self.rules.iter().map(|r| (&r.id, r)).collect();
        let mut terms: usize = self.rules.iter().map(rule_size).sum();
        let mut patterns: usize = self.rules.iter().map(|r| r.patterns.len()).sum();
        for rule in &other.rules {
            validate(rule)?;
            if let Some(first) = seen.get(&rule.id) {
                return Err(ErrorKind::DuplicateRule {
                    origin: origin.to_owned(),
                    line: rule.line,
                    rule: rule.id.clone(),
                    first: if first.line > 0 {
                        format!("{}:{}", first.origin, first.line)
                    } else {
                        first.origin.clone()
                    },
                }
                .into());
            }
            seen.insert(&rule.id, rule);
            terms += rule_size(rule);
            patterns += rule.patterns.len();
        }
        if seen.len() > Lexicon::MAX_RULES {
            return Err(limit(origin, None, "rule count", Lexicon::MAX_RULES));
        }
        if terms > Lexicon::MAX_TERMS {
            return Err(limit(origin, None, "term count", Lexicon::MAX_TERMS));
        }
        if patterns > Lexicon::MAX_PATTERNS {
            return Err(limit(origin, None, "pattern count", Lexicon::MAX_PATTERNS));
        }
        self.rules.extend(other.rules);
        self.infos.extend(other.infos);
        Ok(())
    }

    /// The rules, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Name, version and digest of each lexicon merged in.
    pub fn infos(&self) -> &[LexiconInfo] {
        &self.infos
    }

    /// Validates a lexicon file completely (parse, rules, limits, patterns, terms that normalize to
    /// nothing) and counts what it holds: the work of `redflag lexicon check FILE`.
    ///
    /// ```
    /// use redflag_text::Lexicon;
    /// for (origin, src) in Lexicon::embedded_sources() {
    ///     let report = Lexicon::check(src, origin)?;
    ///     assert!(report.rules > 0);
    ///     assert!(report.missing_source.is_empty(), "{origin}: every default rule cites a source");
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Any error of [`Lexicon::from_toml`] or [`Matcher::new`].
    pub fn check(src: &str, origin: &str) -> Result<LexiconReport, Error> {
        let lexicon = Lexicon::from_toml(src, origin)?;
        Matcher::new(&lexicon)?;
        Ok(lexicon.report())
    }

    /// Counts of what the lexicon holds, per category and language.
    pub fn report(&self) -> LexiconReport {
        let mut report = LexiconReport {
            lexicons: self.infos.clone(),
            ..LexiconReport::default()
        };
        for rule in &self.rules {
            let size = rule.terms.len() + rule.patterns.len() + rule.emoji.len();
            report.rules += 1;
            report.terms += rule.terms.len();
            report.patterns += rule.patterns.len();
            report.emoji += rule.emoji.len();
            report.signals += usize::from(rule.signal.is_some());
            report.sensitive += usize::from(rule.sensitive);
            let c = report.categories.entry(rule.category.clone()).or_default();
            c.rules += 1;
            c.terms += size;
            let langs: Vec<String> = if rule.lang.is_empty() {
                vec!["und".to_owned()]
            } else {
                rule.lang.clone()
            };
            // Terms given per language count for their own language; patterns and emoji (and
            // terms in one mixed list) for every language the rule lists.
            let per_term = rule.term_langs.len() == rule.terms.len() && !rule.terms.is_empty();
            for lang in langs {
                let own = if per_term {
                    rule.term_langs.iter().filter(|l| **l == lang).count()
                } else {
                    rule.terms.len()
                };
                let c = report.languages.entry(lang).or_default();
                c.rules += 1;
                c.terms += own + rule.patterns.len() + rule.emoji.len();
            }
            if rule.source.as_deref().is_none_or(|s| s.trim().is_empty()) {
                report.missing_source.push(rule.id.clone());
            }
            if rule.evidence.as_deref().is_none_or(|s| s.trim().is_empty()) {
                report.missing_evidence.push(rule.id.clone());
            }
        }
        report
    }
}

/// What a lexicon holds: the output of [`Lexicon::check`] and [`Lexicon::report`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LexiconReport {
    /// Name, version and digest of each lexicon file.
    pub lexicons: Vec<LexiconInfo>,
    /// Number of rules.
    pub rules: usize,
    /// Number of literal terms.
    pub terms: usize,
    /// Number of regular expressions.
    pub patterns: usize,
    /// Number of emoji.
    pub emoji: usize,
    /// Rules bound to a signal.
    pub signals: usize,
    /// Rules marked bias-sensitive.
    pub sensitive: usize,
    /// Rules and terms (terms + patterns + emoji) per category.
    pub categories: BTreeMap<String, Counts>,
    /// Rules and terms per language (`und` for rules without `lang`).
    pub languages: BTreeMap<String, Counts>,
    /// Rules without a `source` (allowed, but every default rule has one).
    pub missing_source: Vec<RuleId>,
    /// Rules without `evidence`.
    pub missing_evidence: Vec<RuleId>,
}

/// Rule and term counts of a category or language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Counts {
    /// Rules.
    pub rules: usize,
    /// Terms, patterns and emoji.
    pub terms: usize,
}

/// Builds a [`Lexicon`] in code. Setters take `&mut self`; [`LexiconBuilder::build`] can be called
/// more than once.
///
/// ```
/// use redflag_text::{Lexicon, Matcher};
/// let lexicon = Lexicon::builder()
///     .term("upfront-deposit", "deposit first")
///     .pattern("hourly-rate", r"\b\d{2,3}\s*(?:/|per)\s*h(?:ou)?r\b")
///     .build()?;
/// let matcher = Matcher::new(&lexicon)?;
/// let text = "ＤＥＰＯＳＩＴ first pls, 150/hr";
/// let hits = matcher.find_all(text);
/// assert_eq!(hits[0].rule.as_str(), "upfront-deposit");
/// assert_eq!(&text[hits[0].span.range()], "ＤＥＰＯＳＩＴ first");
/// assert_eq!(&text[hits[1].span.range()], "150/hr");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct LexiconBuilder {
    name: Option<String>,
    rules: Vec<Rule>,
}

impl LexiconBuilder {
    /// The lexicon's name in provenance (default `custom`).
    pub fn name(&mut self, name: impl Into<String>) -> &mut Self {
        self.name = Some(name.into());
        self
    }

    /// Adds a complete rule.
    pub fn rule(&mut self, rule: Rule) -> &mut Self {
        self.rules.push(rule);
        self
    }

    fn entry(&mut self, id: &str) -> &mut Rule {
        let pos = match self.rules.iter().position(|r| r.id.as_str() == id) {
            Some(p) => p,
            None => {
                let category = id.split(['.', '-']).next().unwrap_or(id).to_owned();
                self.rules.push(Rule::new(id, category, 0.5));
                self.rules.len() - 1
            }
        };
        &mut self.rules[pos]
    }

    /// Adds a term to rule `id`, creating it (category: the id up to its first `.` or `-`, weight 0.5).
    pub fn term(&mut self, id: &str, term: impl Into<String>) -> &mut Self {
        self.entry(id).terms.push(term.into());
        self
    }

    /// Adds a regular expression to rule `id`, creating it like [`LexiconBuilder::term`].
    pub fn pattern(&mut self, id: &str, pattern: impl Into<String>) -> &mut Self {
        self.entry(id).patterns.push(pattern.into());
        self
    }

    /// Builds the lexicon (named `custom` unless [`LexiconBuilder::name`] was called, version `0`).
    ///
    /// # Errors
    /// As [`Lexicon::merge`]: invalid rules, duplicate ids, limits.
    pub fn build(&self) -> Result<Lexicon, Error> {
        let name = self.name.clone().unwrap_or_else(|| "custom".to_owned());
        let mut rules = self.rules.clone();
        for r in &mut rules {
            if r.origin.is_empty() {
                r.origin.clone_from(&name);
            }
        }
        let mut lexicon = Lexicon::empty();
        let digest = {
            let mut h = Sha256::new();
            for r in &rules {
                h.update(r.id.as_str().as_bytes());
                for t in r.terms.iter().chain(&r.patterns).chain(&r.emoji) {
                    h.update([0]);
                    h.update(t.as_bytes());
                }
                h.update([1]);
            }
            hex(&h.finalize())
        };
        lexicon.merge(
            Lexicon {
                rules,
                infos: vec![LexiconInfo::new(name.clone(), "0", digest)],
            },
            &name,
        )?;
        Ok(lexicon)
    }
}

fn rule_size(rule: &Rule) -> usize {
    rule.terms.len() + rule.patterns.len() + rule.emoji.len() + rule.allow.len()
}

fn limit(origin: &str, rule: Option<&RuleId>, what: &str, limit: usize) -> Error {
    ErrorKind::LimitExceeded {
        origin: origin.to_owned(),
        rule: rule.cloned(),
        what: what.to_owned(),
        limit,
    }
    .into()
}

fn validate(rule: &Rule) -> Result<(), Error> {
    let id = rule.id.as_str();
    let ident = |s: &str| {
        !s.is_empty()
            && s.len() <= 128
            && s.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
            })
    };
    if !ident(id) {
        return Err(rule.invalid("id must be 1 to 128 of a-z, 0-9, `.`, `_`, `-`"));
    }
    if !ident(&rule.category) {
        return Err(rule.invalid(format!(
            "category {:?} must be 1 to 128 of a-z, 0-9, `.`, `_`, `-`",
            rule.category
        )));
    }
    if !rule.weight.is_finite() || !(0.0..=1.0).contains(&rule.weight) {
        return Err(rule.invalid(format!("weight {} is outside 0..=1", rule.weight)));
    }
    if rule.terms.is_empty()
        && rule.patterns.is_empty()
        && rule.emoji.is_empty()
        && rule.signal.is_none()
    {
        return Err(rule.invalid("rule has no terms, patterns, emoji or signal"));
    }
    if !(1..=1000).contains(&rule.min_count) {
        return Err(rule.invalid(format!("min_count {} is outside 1..=1000", rule.min_count)));
    }
    if rule.terms.len() + rule.patterns.len() + rule.emoji.len() + rule.allow.len()
        > Lexicon::MAX_TERMS_PER_RULE
    {
        return Err(limit(
            &rule.origin,
            Some(&rule.id),
            "term count of the rule",
            Lexicon::MAX_TERMS_PER_RULE,
        ));
    }
    for t in rule.terms.iter().chain(&rule.emoji).chain(&rule.allow) {
        if t.trim().is_empty() {
            return Err(rule.invalid("empty term"));
        }
        if t.len() > Lexicon::MAX_TERM_LEN {
            return Err(limit(
                &rule.origin,
                Some(&rule.id),
                "term length",
                Lexicon::MAX_TERM_LEN,
            ));
        }
    }
    for p in &rule.patterns {
        if p.len() > Lexicon::MAX_PATTERN_LEN {
            return Err(limit(
                &rule.origin,
                Some(&rule.id),
                "pattern length",
                Lexicon::MAX_PATTERN_LEN,
            ));
        }
    }
    if let Some(signal) = &rule.signal
        && (signal.is_empty() || signal.len() > 128)
    {
        return Err(rule.invalid("signal must be 1 to 128 bytes"));
    }
    Ok(())
}

/// An ISO 639 code as lexicons write them: two or three lowercase ASCII letters.
fn is_lang_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

fn invalid_at(origin: &str, line: usize, id: &str, message: String) -> Error {
    ErrorKind::InvalidRule {
        origin: origin.to_owned(),
        line,
        rule: RuleId::new(id),
        message,
    }
    .into()
}

fn hex(bytes: &[u8]) -> String {
    redflag_model::to_hex(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_parses_and_compiles() {
        let mut all = Lexicon::empty();
        for (origin, src) in EMBEDDED {
            let part = Lexicon::from_toml(src, origin).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(part.infos()[0].name, DEFAULT_LEXICON_NAME);
            all.merge(part, origin).unwrap_or_else(|e| panic!("{e}"));
        }
        let embedded = Lexicon::embedded();
        assert_eq!(embedded.rules().len(), all.rules().len());
        assert_eq!(embedded.infos().len(), 1);
        assert_eq!(embedded.infos()[0].version, "2026.11");
        Matcher::new(&embedded).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn errors_name_file_line_and_rule() {
        let src = "name = \"x\"\nversion = \"1\"\n\n[[indicator]]\nid = \"a.b\"\ncategory = \"a\"\nweight = 1.5\nterms = [\"x\"]\n";
        let err = Lexicon::from_toml(src, "x.toml")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("x.toml:4: rule `a.b`: weight 1.5 is outside 0..=1")
        );

        let src = "name = \"x\"\nversion = \"1\"\n[[indicator]]\nid = \"a\"\ncategory = \"a\"\nweight = 0.1\nterms = [\"x\"]\nterm = [\"y\"]\n";
        let err = Lexicon::from_toml(src, "x.toml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("x.toml:8: unknown field `term`"), "{err}");
    }

    #[test]
    fn duplicate_ids_across_files_are_errors() {
        let a = "name = \"a\"\nversion = \"1\"\n[[indicator]]\nid = \"dup\"\ncategory = \"c\"\nweight = 0.1\nterms = [\"x\"]\n";
        let mut lexicon = Lexicon::from_toml(a, "a.toml").unwrap_or_default();
        let b = Lexicon::from_toml(a, "b.toml").unwrap_or_default();
        let err = lexicon.merge(b, "b.toml").err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("b.toml:3: duplicate rule id `dup` (first defined in a.toml:3)")
        );
    }

    #[test]
    fn line_numbers_stay_right_with_many_rules() {
        // Line numbers come from one table of line starts (they were a scan from the start of
        // the file per rule: quadratic in the file size).
        let mut src = String::from("name = \"x\"\nversion = \"1\"\n");
        for i in 0..2001 {
            let id = if i == 2000 { 0 } else { i };
            src.push_str(&format!(
                "[[indicator]]\nid = \"r{id}\"\ncategory = \"c\"\nweight = 0.1\nterms = [\"t{i}\"]\n"
            ));
        }
        let err = Lexicon::from_toml(&src, "x.toml")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("x.toml:10003: duplicate rule id `r0` (first defined in x.toml:3)")
        );
    }

    #[test]
    fn oversized_lexicon_files_are_refused() {
        let path = std::env::temp_dir().join(format!("redflag-big-{}.toml", std::process::id()));
        let made =
            std::fs::File::create(&path).and_then(|f| f.set_len(Lexicon::MAX_FILE_BYTES + 1));
        assert!(made.is_ok(), "{made:?}");
        let err = Lexicon::from_path(&path).err().map(|e| e.kind().clone());
        let _ = std::fs::remove_file(&path);
        assert!(
            matches!(&err, Some(ErrorKind::LimitExceeded { what, .. }) if what == "file size"),
            "{err:?}"
        );
    }

    #[test]
    fn untrusted_lexicons_are_bounded() {
        let long = "x".repeat(Lexicon::MAX_TERM_LEN + 1);
        let src = format!(
            "name = \"x\"\nversion = \"1\"\n[[indicator]]\nid = \"a\"\ncategory = \"a\"\nweight = 0.1\nterms = [\"{long}\"]\n"
        );
        let err = Lexicon::from_toml(&src, "x.toml")
            .err()
            .map(|e| e.kind().clone());
        assert!(
            matches!(err, Some(ErrorKind::LimitExceeded { .. })),
            "{err:?}"
        );
    }

    #[test]
    fn check_counts_categories_and_languages() {
        let src = r#"
name = "t"
version = "1"
[[indicator]]
id = "a"
category = "youth"
weight = 0.3
terms = ["fresh", "young"]
lang = "en"
source = "s"
evidence = "jrsa+"
[[indicator]]
id = "b"
category = "youth"
weight = 0.3
terms = ["молодая"]
lang = ["ru", "uk"]
"#;
        let report = Lexicon::check(src, "t.toml").unwrap_or_default();
        assert_eq!(report.rules, 2);
        assert_eq!(report.terms, 3);
        assert_eq!(report.categories["youth"], Counts { rules: 2, terms: 3 });
        assert_eq!(report.languages["uk"], Counts { rules: 1, terms: 1 });
        assert_eq!(report.missing_source, vec![RuleId::new("b")]);
    }

    #[test]
    fn terms_can_be_given_per_language() {
        let src = r#"name = "x"
version = "1"

[[indicator]]
id = "fees.upfront"
category = "fees_debt"
weight = 0.4

[indicator.terms]
fr = ["frais de dossier"]
en = ["placement fee", "recruitment fee"]

[[indicator]]
id = "mixed"
category = "m"
weight = 0.1
terms = ["a b", "c d"]
lang = ["en", "fr"]

[[indicator]]
id = "single"
category = "m"
weight = 0.1
terms = ["e f"]
lang = "ro"
"#;
        let lexicon = Lexicon::from_toml(src, "x.toml").unwrap_or_else(|e| panic!("{e}"));
        let rule = &lexicon.rules()[0];
        let langs: Vec<(&str, Option<&str>)> = (0..rule.terms.len())
            .map(|i| (rule.terms[i].as_str(), rule.term_lang(i)))
            .collect();
        assert_eq!(
            langs,
            [
                ("placement fee", Some("en")),
                ("recruitment fee", Some("en")),
                ("frais de dossier", Some("fr")),
            ]
        );
        assert_eq!(
            rule.lang,
            ["en", "fr"],
            "lang defaults to the table's languages"
        );
        assert_eq!(
            lexicon.rules()[1].term_lang(0),
            None,
            "one list, two languages"
        );
        assert_eq!(lexicon.rules()[2].term_lang(0), Some("ro"));
        assert_eq!(lexicon.rules()[2].term_lang(1), None, "out of range");
        let report = lexicon.report();
        assert_eq!(report.languages["fr"], Counts { rules: 2, terms: 3 });
        assert_eq!(report.languages["en"], Counts { rules: 2, terms: 4 });
        Matcher::new(&lexicon).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn per_language_terms_are_checked_against_lang() {
        let table = "name = \"x\"\nversion = \"1\"\n[[indicator]]\nid = \"r\"\ncategory = \"c\"\nweight = 0.1\nlang = \"en\"\n[indicator.terms]\nen = [\"a\"]\n";
        let err = |src: &str| {
            Lexicon::from_toml(src, "l.toml")
                .err()
                .map(|e| e.to_string())
        };
        assert!(err(table).is_none());
        let other = table.replace("en = [", "fr = [");
        let msg = err(&other).unwrap_or_default();
        assert!(
            msg.contains("l.toml") && msg.contains("\"fr\"") && msg.contains('r'),
            "{msg}"
        );
        let bad_key = table
            .replace("lang = \"en\"\n", "")
            .replace("en = [", "English = [");
        let msg = err(&bad_key).unwrap_or_default();
        assert!(msg.contains("not a language code"), "{msg}");
        // Every embedded multilingual rule gives its terms per language.
        for rule in Lexicon::embedded().rules() {
            if rule.lang.len() > 1 {
                for i in 0..rule.terms.len() {
                    assert!(
                        rule.term_lang(i).is_some(),
                        "{}: {:?}",
                        rule.id,
                        rule.terms[i]
                    );
                }
            }
        }
    }
}
