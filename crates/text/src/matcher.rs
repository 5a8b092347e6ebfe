//! The compiled matcher.

use crate::{Error, Lexicon, Rule};
use redflag_model::{Contribution, IndicatorHit, LexiconInfo, RiskLevel, Signal, Span, Warning};

/// What the matcher found in one text: hits, score and level.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Analysis {
    /// Hits in text order.
    pub hits: Vec<IndicatorHit>,
    /// Score, 0 to 1.
    pub score: f64,
    /// Level of the score.
    pub level: RiskLevel,
    /// Each rule's share of the score.
    pub contributions: Vec<Contribution>,
    /// Caps reached.
    pub warnings: Vec<Warning>,
}

/// A lexicon compiled for matching. Build once, share across threads.
#[derive(Clone, Debug)]
pub struct Matcher {
    rules: Vec<Rule>,
    infos: Vec<LexiconInfo>,
}

impl Matcher {
    /// Compiles a lexicon.
    ///
    /// # Errors
    /// Never in this version; kept fallible for pattern compilation.
    pub fn new(lexicon: &Lexicon) -> Result<Matcher, Error> {
        Ok(Matcher {
            rules: lexicon.rules().to_vec(),
            infos: lexicon.infos().to_vec(),
        })
    }

    /// The lexicons compiled in.
    pub fn lexicons(&self) -> &[LexiconInfo] {
        &self.infos
    }

    /// Finds every rule in `text` and scores the document, with signals from other crates.
    pub fn scan(&self, text: &str, _signals: &[Signal]) -> Analysis {
        let lower = text.to_ascii_lowercase();
        let mut hits = Vec::new();
        for rule in &self.rules {
            for term in &rule.terms {
                let needle = term.to_ascii_lowercase();
                if needle.is_empty() {
                    continue;
                }
                for (start, _) in lower.match_indices(&needle) {
                    let end = start + needle.len();
                    let before = text[..start].chars().next_back();
                    let after = text[end..].chars().next();
                    if before.is_some_and(char::is_alphanumeric)
                        || after.is_some_and(char::is_alphanumeric)
                    {
                        continue;
                    }
                    let Some(span) = Span::new(start, end) else {
                        continue;
                    };
                    let mut hit = IndicatorHit::new(
                        rule.id.clone(),
                        rule.category.clone(),
                        rule.weight,
                        span,
                        &text[start..end],
                        needle.clone(),
                    );
                    hit.evidence = rule.evidence.clone();
                    hit.source = rule.source.clone();
                    hits.push(hit);
                }
            }
        }
        hits.sort_by_key(|h| (h.span.start(), h.span.end()));
        // Noisy-OR over the distinct rules that fired: 1 - prod(1 - w).
        let mut contributions: Vec<Contribution> = Vec::new();
        let mut remaining = 1.0;
        for hit in &hits {
            if contributions.iter().any(|c| c.rule == hit.rule) {
                continue;
            }
            let points = remaining * hit.weight;
            remaining -= points;
            contributions.push(Contribution::new(hit.rule.clone(), points));
        }
        let score = 1.0 - remaining;
        let level = match score {
            s if s >= 0.7 => RiskLevel::High,
            s if s >= 0.4 => RiskLevel::Medium,
            s if s > 0.0 => RiskLevel::Low,
            _ => RiskLevel::None,
        };
        Analysis {
            hits,
            score,
            level,
            contributions,
            warnings: Vec::new(),
        }
    }
}
