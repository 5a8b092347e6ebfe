//! Indicator hits: lexicon rules that fired on a document.

use crate::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A lexicon rule's identifier, such as `youth.fresh`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RuleId(String);

impl RuleId {
    /// Wraps a rule id. Lexicons validate the spelling; this type only carries it.
    pub fn new(id: impl Into<String>) -> RuleId {
        RuleId(id.into())
    }

    /// The id as a `&str`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RuleId({})", self.0)
    }
}

impl From<&str> for RuleId {
    fn from(s: &str) -> RuleId {
        RuleId::new(s)
    }
}

/// A family of text transforms that the normalizer undid to find a hit.
///
/// These are the disguises redflag sees through; a hit lists the families that fired inside its span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Transform {
    /// Zero-width characters, soft hyphens, tag characters, bidi controls, variation selectors.
    Invisible,
    /// Unicode compatibility forms folded by NFKC: mathematical letters, fullwidth, circled.
    Compat,
    /// Styled letters NFKC misses: negative squared/circled letters, regional indicators, small
    /// capitals, superscripts, keycaps.
    Styled,
    /// Accents and other combining marks removed.
    Diacritics,
    /// Case folded.
    Case,
    /// Cyrillic or Greek look-alike letters inside a mixed-script word.
    Homoglyph,
    /// Digits and symbols standing for letters inside words (`0`→`o`, `@`→`a`, `$`→`s`).
    Leet,
    /// Single letters separated by spaces or punctuation (`y o u n g`, `y.o.u.n.g`).
    Spacing,
    /// Letters repeated for emphasis (`yoooung`).
    Repeat,
}

impl Transform {
    /// Every family, in a fixed order.
    pub const ALL: [Transform; 9] = [
        Transform::Invisible,
        Transform::Compat,
        Transform::Styled,
        Transform::Diacritics,
        Transform::Case,
        Transform::Homoglyph,
        Transform::Leet,
        Transform::Spacing,
        Transform::Repeat,
    ];

    /// The family's wire name (`"homoglyph"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Transform::Invisible => "invisible",
            Transform::Compat => "compat",
            Transform::Styled => "styled",
            Transform::Diacritics => "diacritics",
            Transform::Case => "case",
            Transform::Homoglyph => "homoglyph",
            Transform::Leet => "leet",
            Transform::Spacing => "spacing",
            Transform::Repeat => "repeat",
        }
    }
}

impl fmt::Display for Transform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Transform {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Transform::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| format!("unknown transform family `{s}`"))
    }
}

/// One lexicon rule firing on one stretch of the original text.
///
/// ```json
/// {"rule": "youth.fresh", "category": "youth", "weight": 0.4, "start": 12, "end": 20,
///  "matched": "ƒ r e s h", "normalized": "fresh", "transforms": ["homoglyph", "spacing"],
///  "evidence": "jrsa+", "source": "https://…"}
/// ```
///
/// `Debug` shows the rule, span and lengths, not the matched text: a hit raised by a signal covers a
/// phone number or email as written.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IndicatorHit {
    /// The rule that fired.
    pub rule: RuleId,
    /// The rule's category (`youth`, `third_party`, `upfront_fee`, …).
    pub category: String,
    /// The rule's weight in the score, 0 to 1.
    pub weight: f64,
    /// Where in the original text, flattened to `start` and `end`.
    #[serde(flatten)]
    pub span: Span,
    /// Exactly `text[start..end]` of the original text.
    pub matched: String,
    /// The normalized form that matched the lexicon.
    pub normalized: String,
    /// The transform families undone inside the span, in [`Transform::ALL`] order.
    #[serde(default)]
    pub transforms: Vec<Transform>,
    /// Strength of the published evidence behind the rule (`jrsa+`, `jrsa-`, `anecdotal`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Where the rule comes from (URL or citation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The signal that fired the rule, for rules bound to another crate's evidence
    /// (`entity.phone.obfuscated`, `image.known_match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<String>,
}

impl IndicatorHit {
    /// A hit with no transforms, evidence, source or signal.
    pub fn new(
        rule: RuleId,
        category: impl Into<String>,
        weight: f64,
        span: Span,
        matched: impl Into<String>,
        normalized: impl Into<String>,
    ) -> IndicatorHit {
        IndicatorHit {
            rule,
            category: category.into(),
            weight,
            span,
            matched: matched.into(),
            normalized: normalized.into(),
            transforms: Vec::new(),
            evidence: None,
            source: None,
            signal: None,
        }
    }
}

impl fmt::Debug for IndicatorHit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IndicatorHit")
            .field("rule", &self.rule)
            .field("category", &self.category)
            .field("weight", &self.weight)
            .field("span", &self.span)
            .field("matched_len", &self.matched.len())
            .field("transforms", &self.transforms)
            .field("signal", &self.signal)
            .finish()
    }
}

/// Evidence from another part of the detector that lexicon rules can bind to with `signal = "…"`.
///
/// The facade raises `entity.phone.obfuscated` for a disguised phone number, `entity.email.obfuscated`
/// for a disguised email, `image.known_match` for an image that matched a known list. A signal rule fires
/// once per signal, on the signal's span when it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signal {
    /// The signal's name, e.g. `entity.phone.obfuscated`.
    pub name: String,
    /// The stretch of text that raised it, if any (images have none).
    pub span: Option<Span>,
}

impl Signal {
    /// A signal with a name and an optional span.
    pub fn new(name: impl Into<String>, span: Option<Span>) -> Signal {
        Signal {
            name: name.into(),
            span,
        }
    }
}
