//! Scoring: from hits to a score, a level and per-rule contributions.
//!
//! The formula is documented in the crate docs (section "Scoring"); the constants below are its
//! parameters.

use redflag_model::{Contribution, IndicatorHit, RiskLevel, RuleId};

/// Within a category, the combined score never exceeds this multiple of its strongest rule, so many
/// weak cues of one kind cannot add up to a strong one.
pub const CATEGORY_CAP: f64 = 2.0;
/// A category counts towards co-occurrence when its combined score reaches this.
pub const COOCCURRENCE_MIN: f64 = 0.15;
/// Multiplier of the combined score by the number of co-occurring categories: one (or none), two,
/// three or more.
pub const COOCCURRENCE_FACTOR: [f64; 3] = [0.6, 0.85, 1.0];
/// Lowest score of level `medium`.
pub const MEDIUM: f64 = 0.3;
/// Lowest score of level `high`.
pub const HIGH: f64 = 0.6;

/// One category's part of a score.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CategoryScore {
    /// The category.
    pub category: String,
    /// Its combined score before the co-occurrence factor, 0 to 1.
    pub score: f64,
    /// Its share of the document score (the sum of its rules' contributions).
    pub points: f64,
    /// The rules of the category that fired.
    pub rules: Vec<RuleId>,
}

pub(crate) struct Scored {
    pub(crate) score: f64,
    pub(crate) level: RiskLevel,
    pub(crate) contributions: Vec<Contribution>,
    pub(crate) categories: Vec<CategoryScore>,
}

/// The level of a score: `none` at 0, `low` below [`MEDIUM`], `medium` below [`HIGH`], else `high`.
pub fn level(score: f64) -> RiskLevel {
    if score >= HIGH {
        RiskLevel::High
    } else if score >= MEDIUM {
        RiskLevel::Medium
    } else if score > 0.0 {
        RiskLevel::Low
    } else {
        RiskLevel::None
    }
}

pub(crate) fn score(hits: &[IndicatorHit]) -> Scored {
    // Distinct rules that fired, with their weight and category (first hit wins).
    let mut rules: Vec<(&RuleId, &str, f64)> = Vec::new();
    for h in hits {
        if !rules.iter().any(|(r, _, _)| *r == &h.rule) {
            let w = if h.weight.is_finite() {
                h.weight.clamp(0.0, 1.0)
            } else {
                0.0
            };
            rules.push((&h.rule, &h.category, w));
        }
    }
    let mut cats: Vec<CategoryScore> = Vec::new();
    for (rule, cat, w) in &rules {
        match cats.iter_mut().find(|c| c.category == *cat) {
            Some(c) => c.rules.push((*rule).clone()),
            None => cats.push(CategoryScore {
                category: (*cat).to_owned(),
                score: 0.0,
                points: 0.0,
                rules: vec![(*rule).clone()],
            }),
        }
        let _ = w;
    }
    let weight = |r: &RuleId| {
        rules
            .iter()
            .find(|(id, _, _)| *id == r)
            .map_or(0.0, |x| x.2)
    };
    for c in &mut cats {
        let strongest = c.rules.iter().map(weight).fold(0.0, f64::max);
        let noisy_or = 1.0 - c.rules.iter().map(|r| 1.0 - weight(r)).product::<f64>();
        c.score = noisy_or.min(CATEGORY_CAP * strongest);
    }
    let combined = 1.0 - cats.iter().map(|c| 1.0 - c.score).product::<f64>();
    let k = cats.iter().filter(|c| c.score >= COOCCURRENCE_MIN).count();
    let factor = COOCCURRENCE_FACTOR[k.saturating_sub(1).min(2)];
    let score = (combined * factor).clamp(0.0, 1.0);
    // Proportional attribution: categories by their score, rules by their weight.
    let cat_total: f64 = cats.iter().map(|c| c.score).sum();
    let mut contributions = Vec::new();
    for c in &mut cats {
        c.points = if cat_total > 0.0 {
            score * c.score / cat_total
        } else {
            0.0
        };
        let rule_total: f64 = c.rules.iter().map(weight).sum();
        for r in &c.rules {
            let points = if rule_total > 0.0 {
                c.points * weight(r) / rule_total
            } else {
                0.0
            };
            contributions.push(Contribution::new(r.clone(), points));
        }
    }
    contributions.sort_by(|a, b| {
        b.points
            .total_cmp(&a.points)
            .then_with(|| a.rule.cmp(&b.rule))
    });
    cats.sort_by(|a, b| {
        b.points
            .total_cmp(&a.points)
            .then_with(|| a.category.cmp(&b.category))
    });
    Scored {
        score,
        level: level(score),
        contributions,
        categories: cats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use redflag_model::Span;

    fn hit(rule: &str, cat: &str, w: f64) -> IndicatorHit {
        let span = Span::new(0, 0).unwrap_or_else(|| panic!());
        IndicatorHit::new(RuleId::new(rule), cat, w, span, "", "")
    }

    #[test]
    fn contributions_sum_to_the_score() {
        let hits = [
            hit("a", "youth", 0.35),
            hit("b", "youth", 0.2),
            hit("c", "contact", 0.6),
            hit("a", "youth", 0.35),
        ];
        let s = score(&hits);
        let sum: f64 = s.contributions.iter().map(|c| c.points).sum();
        assert!((sum - s.score).abs() < 1e-9);
        assert_eq!(s.contributions.len(), 3);
    }

    #[test]
    fn many_weak_cues_of_one_kind_lose_to_a_strong_pattern() {
        let weak: Vec<IndicatorHit> = (0..30)
            .map(|i| hit(&format!("m{i}"), "movement", 0.1))
            .collect();
        let strong = [
            hit("y", "youth", 0.35),
            hit("t", "trust", 0.3),
            hit("p", "contact", 0.6),
        ];
        let w = score(&weak);
        let s = score(&strong);
        assert!(w.score < 0.15, "{}", w.score);
        assert_eq!(w.level, RiskLevel::Low);
        assert!(s.score > 0.6 && s.level == RiskLevel::High, "{}", s.score);
    }

    #[test]
    fn no_hits_no_score() {
        let s = score(&[]);
        assert_eq!(s.score, 0.0);
        assert_eq!(s.level, RiskLevel::None);
    }
}
