//! Matching predictions to gold and computing metrics with bootstrap intervals.

use crate::gold::{Annotation, AnnotationKind, GoldDocument};
use crate::predict::{PredictedSpan, Predictions};
use crate::rng::SplitMix64;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// When a predicted span counts as finding a gold annotation (besides having a compatible label).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchMode {
    /// Same `start` and `end`.
    Exact,
    /// The spans share at least one byte.
    #[default]
    Overlap,
    /// Entities: same normalized value anywhere in the document; indicators: overlap.
    Value,
}

/// Options of an evaluation.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct EvalOptions {
    /// How spans are matched.
    pub mode: MatchMode,
    /// Bootstrap replicates for the 95% intervals (0 turns them off).
    pub bootstrap: usize,
    /// Seed of the bootstrap, so intervals are reproducible.
    pub seed: u64,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            mode: MatchMode::Overlap,
            bootstrap: 1000,
            seed: 0x5eed,
        }
    }
}

/// 95% bootstrap percentile intervals; `null` where the metric is undefined in every replicate.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Interval95 {
    /// Precision interval.
    pub precision: Option<[f64; 2]>,
    /// Recall interval.
    pub recall: Option<[f64; 2]>,
    /// F1 interval.
    pub f1: Option<[f64; 2]>,
}

/// Counts and scores of one bucket. `precision` is `null` when nothing was predicted, `recall` and
/// `f1` when there was nothing to find (F1 = 2tp / (2tp + fp + fn), so it is 0 when something was to be
/// found and nothing was predicted).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// True positives (gold annotations found).
    pub tp: u64,
    /// False positives (predictions matching no gold annotation).
    pub fp: u64,
    /// False negatives (gold annotations missed).
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// tp / (tp + fp).
    pub precision: Option<f64>,
    /// tp / (tp + fn).
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall.
    pub f1: Option<f64>,
    /// Bootstrap intervals over documents.
    pub ci95: Interval95,
}

/// Ranking quality of document scores against document labels (label > 0 is positive).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentMetrics {
    /// Labelled documents scored.
    pub n: u64,
    /// Positive documents among them.
    pub positives: u64,
    /// Area under the ROC curve (ties count half); `null` with a single class.
    pub roc_auc: Option<f64>,
    /// Average precision (area under the precision-recall curve); `null` without positives.
    pub pr_auc: Option<f64>,
    /// 95% bootstrap intervals of both.
    pub ci95: DocumentInterval95,
}

/// Intervals of the document metrics.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentInterval95 {
    /// ROC-AUC interval.
    pub roc_auc: Option<[f64; 2]>,
    /// PR-AUC interval.
    pub pr_auc: Option<[f64; 2]>,
}

/// The result of an evaluation: the JSON that `redflag eval` prints.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EvalReport {
    /// Every annotation and prediction.
    pub overall: Metrics,
    /// Per rule (indicators).
    pub by_rule: BTreeMap<String, Metrics>,
    /// Per category (indicators).
    pub by_category: BTreeMap<String, Metrics>,
    /// Per entity kind.
    pub by_entity_kind: BTreeMap<String, Metrics>,
    /// Per transform family (`none` for plain text). Gold annotations count in each family applied
    /// to them; a false positive counts in each family present in its document.
    pub by_family: BTreeMap<String, Metrics>,
    /// Per stacking depth (number of distinct families applied; `0` = plain). A false positive counts
    /// at its document's largest depth.
    pub by_depth: BTreeMap<String, Metrics>,
    /// Ranking metrics, when documents carry labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents: Option<DocumentMetrics>,
    /// How the evaluation was run.
    pub meta: EvalMeta,
}

/// How an evaluation was run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalMeta {
    /// The match mode.
    pub mode: MatchMode,
    /// Gold documents.
    pub documents: u64,
    /// Gold documents with no prediction (scored as predicting nothing).
    pub missing_predictions: u64,
    /// Predicted documents whose id is not in the gold corpus (ignored).
    pub unknown_predictions: u64,
    /// Bootstrap replicates.
    pub bootstrap: usize,
    /// Bootstrap seed.
    pub seed: u64,
}

#[derive(Clone, Copy, Default)]
struct Counts {
    tp: u64,
    fp: u64,
    fn_: u64,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Group {
    Overall,
    Rule,
    Category,
    EntityKind,
    Family,
    Depth,
}

/// Per bucket, the documents that contribute to it and their counts.
type Buckets = BTreeMap<(Group, String), Vec<(usize, Counts)>>;

fn compatible(g: &Annotation, p: &PredictedSpan) -> bool {
    match g.kind {
        AnnotationKind::Indicator => {
            if p.kind.is_some_and(|k| k != AnnotationKind::Indicator) {
                return false;
            }
            let same_rule = g.rule.is_some()
                && (p.rule.as_ref() == g.rule.as_ref() || g.rule.as_deref() == Some(&p.label));
            let same_category = g.category.is_some()
                && (p.category.as_ref() == g.category.as_ref()
                    || g.category.as_deref() == Some(&p.label));
            same_rule || same_category || p.label == "indicator"
        }
        kind => p.kind == Some(kind),
    }
}

fn satisfies(mode: MatchMode, g: &Annotation, p: &PredictedSpan) -> bool {
    match mode {
        MatchMode::Exact => g.span == p.span,
        MatchMode::Overlap => g.span.overlaps(&p.span) || (g.span == p.span),
        MatchMode::Value => {
            if g.kind == AnnotationKind::Indicator {
                g.span.overlaps(&p.span) || g.span == p.span
            } else {
                g.value.is_some()
                    && p.value.as_ref().map(|v| v.to_lowercase())
                        == g.value.as_ref().map(|v| v.to_lowercase())
            }
        }
    }
}

fn overlap_len(a: &redflag_model::Span, b: &redflag_model::Span) -> usize {
    a.end()
        .min(b.end())
        .saturating_sub(a.start().max(b.start()))
}

/// Matches one document's predictions to its gold annotations, one to one: each gold annotation takes
/// the compatible unmatched prediction with the same span, else the one with the largest overlap.
/// Returns, per gold annotation, the index of its prediction.
fn match_document(
    mode: MatchMode,
    gold: &[Annotation],
    preds: &[PredictedSpan],
) -> Vec<Option<usize>> {
    let mut used = vec![false; preds.len()];
    let mut out = Vec::with_capacity(gold.len());
    for g in gold {
        let best = preds
            .iter()
            .enumerate()
            .filter(|(i, p)| !used[*i] && compatible(g, p) && satisfies(mode, g, p))
            .max_by_key(|(i, p)| {
                (
                    p.span == g.span,
                    overlap_len(&g.span, &p.span),
                    std::cmp::Reverse(*i),
                )
            })
            .map(|(i, _)| i);
        if let Some(i) = best {
            used[i] = true;
        }
        out.push(best);
    }
    out
}

/// Scores `predictions` against `gold`.
pub fn evaluate(
    gold: &[GoldDocument],
    predictions: &Predictions,
    options: &EvalOptions,
) -> EvalReport {
    let known_rules: HashMap<&str, Option<&str>> = gold
        .iter()
        .flat_map(|d| &d.gold)
        .filter_map(|a| a.rule.as_deref().map(|r| (r, a.category.as_deref())))
        .collect();
    let known_categories: BTreeSet<&str> = gold
        .iter()
        .flat_map(|d| &d.gold)
        .filter_map(|a| a.category.as_deref())
        .collect();

    let mut buckets: Buckets = BTreeMap::new();
    let mut missing = 0u64;
    let empty = crate::predict::Prediction::default();
    let mut doc_scores: Vec<(f64, bool)> = Vec::new();
    let mut scored_docs: Vec<usize> = Vec::new();

    for (d, doc) in gold.iter().enumerate() {
        let prediction = predictions.get(&doc.id).unwrap_or_else(|| {
            missing += 1;
            &empty
        });
        if let Some(label) = doc.label {
            doc_scores.push((prediction.score.unwrap_or(0.0), label > 0.0));
            scored_docs.push(d);
        }
        let matched = match_document(options.mode, &doc.gold, &prediction.spans);
        let mut local: BTreeMap<(Group, String), Counts> = BTreeMap::new();
        let mut add =
            |key: (Group, String), f: &dyn Fn(&mut Counts)| f(local.entry(key).or_default());
        let doc_families: BTreeSet<String> = if doc.gold.iter().all(|a| a.transforms.is_empty()) {
            ["none".to_owned()].into()
        } else {
            doc.gold
                .iter()
                .flat_map(|a| a.transforms.iter().map(|t| t.as_str().to_owned()))
                .collect()
        };
        let doc_depth = doc.gold.iter().map(Annotation::depth).max().unwrap_or(0);
        let mut used = vec![false; prediction.spans.len()];
        for (g, m) in doc.gold.iter().zip(&matched) {
            let hit = m.is_some();
            if let Some(i) = m {
                used[*i] = true;
            }
            let bump = move |c: &mut Counts| {
                if hit {
                    c.tp += 1;
                } else {
                    c.fn_ += 1;
                }
            };
            for key in gold_keys(g) {
                add(key, &bump);
            }
        }
        for (p, _) in prediction.spans.iter().zip(&used).filter(|(_, u)| !**u) {
            let bump = |c: &mut Counts| c.fp += 1;
            add((Group::Overall, String::new()), &bump);
            match p.kind {
                Some(AnnotationKind::Indicator) | None => {
                    let rule = p.rule.clone().or_else(|| {
                        known_rules
                            .contains_key(p.label.as_str())
                            .then(|| p.label.clone())
                    });
                    let category = p
                        .category
                        .clone()
                        .or_else(|| {
                            known_categories
                                .contains(p.label.as_str())
                                .then(|| p.label.clone())
                        })
                        .or_else(|| {
                            rule.as_deref()
                                .and_then(|r| known_rules.get(r).copied().flatten())
                                .map(str::to_owned)
                        });
                    if let Some(r) = rule {
                        add((Group::Rule, r), &bump);
                    }
                    if let Some(c) = category {
                        add((Group::Category, c), &bump);
                    }
                }
                Some(kind) => add((Group::EntityKind, kind.as_str().to_owned()), &bump),
            }
            for f in &doc_families {
                add((Group::Family, f.clone()), &bump);
            }
            add((Group::Depth, doc_depth.to_string()), &bump);
        }
        for (key, counts) in local {
            buckets.entry(key).or_default().push((d, counts));
        }
    }
    buckets.entry((Group::Overall, String::new())).or_default();

    let n = gold.len();
    let mut rng = SplitMix64::new(options.seed);
    let weights: Vec<Vec<u32>> = (0..options.bootstrap)
        .map(|_| {
            let mut w = vec![0u32; n];
            for _ in 0..n {
                w[rng.below(n as u64) as usize] += 1;
            }
            w
        })
        .collect();

    let mut report = EvalReport {
        meta: EvalMeta {
            mode: options.mode,
            documents: n as u64,
            missing_predictions: missing,
            unknown_predictions: {
                let ids: std::collections::HashSet<&str> =
                    gold.iter().map(|d| d.id.as_str()).collect();
                predictions
                    .keys()
                    .filter(|id| !ids.contains(id.as_str()))
                    .count() as u64
            },
            bootstrap: options.bootstrap,
            seed: options.seed,
        },
        ..EvalReport::default()
    };
    for ((group, key), docs) in &buckets {
        let metrics = bucket_metrics(docs, &weights);
        match group {
            Group::Overall => report.overall = metrics,
            Group::Rule => {
                report.by_rule.insert(key.clone(), metrics);
            }
            Group::Category => {
                report.by_category.insert(key.clone(), metrics);
            }
            Group::EntityKind => {
                report.by_entity_kind.insert(key.clone(), metrics);
            }
            Group::Family => {
                report.by_family.insert(key.clone(), metrics);
            }
            Group::Depth => {
                report.by_depth.insert(key.clone(), metrics);
            }
        }
    }
    if !doc_scores.is_empty() {
        report.documents = Some(document_metrics(&doc_scores, &scored_docs, &weights));
    }
    report
}

fn gold_keys(g: &Annotation) -> Vec<(Group, String)> {
    let mut keys = vec![(Group::Overall, String::new())];
    if g.kind == AnnotationKind::Indicator {
        if let Some(r) = &g.rule {
            keys.push((Group::Rule, r.clone()));
        }
        if let Some(c) = &g.category {
            keys.push((Group::Category, c.clone()));
        }
    } else {
        keys.push((Group::EntityKind, g.kind.as_str().to_owned()));
    }
    if g.transforms.is_empty() {
        keys.push((Group::Family, "none".to_owned()));
    } else {
        let families: BTreeSet<&str> = g.transforms.iter().map(|t| t.as_str()).collect();
        for f in families {
            keys.push((Group::Family, f.to_owned()));
        }
    }
    keys.push((Group::Depth, g.depth().to_string()));
    keys
}

fn scores(tp: f64, fp: f64, fn_: f64) -> (Option<f64>, Option<f64>, Option<f64>) {
    let precision = (tp + fp > 0.0).then(|| tp / (tp + fp));
    let recall = (tp + fn_ > 0.0).then(|| tp / (tp + fn_));
    // 2tp / (2tp + fp + fn): 0 when something was to be found and none was, even if nothing was
    // predicted; undefined only when there was nothing to find.
    let f1 = recall.map(|_| 2.0 * tp / (2.0 * tp + fp + fn_));
    (precision, recall, f1)
}

fn percentile_interval(mut values: Vec<f64>) -> Option<[f64; 2]> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let pos = q * (values.len() - 1) as f64;
        let lo = pos.floor() as usize;
        let hi = pos.ceil() as usize;
        values[lo] + (values[hi] - values[lo]) * (pos - lo as f64)
    };
    Some([at(0.025), at(0.975)])
}

fn bucket_metrics(docs: &[(usize, Counts)], weights: &[Vec<u32>]) -> Metrics {
    let (tp, fp, fn_) = docs.iter().fold((0, 0, 0), |(a, b, c), (_, k)| {
        (a + k.tp, b + k.fp, c + k.fn_)
    });
    let (precision, recall, f1) = scores(tp as f64, fp as f64, fn_ as f64);
    let (mut ps, mut rs, mut fs) = (Vec::new(), Vec::new(), Vec::new());
    for w in weights {
        let (mut t, mut p, mut n) = (0.0, 0.0, 0.0);
        for (d, k) in docs {
            let m = f64::from(w[*d]);
            t += m * k.tp as f64;
            p += m * k.fp as f64;
            n += m * k.fn_ as f64;
        }
        let (bp, br, bf) = scores(t, p, n);
        ps.extend(bp);
        rs.extend(br);
        fs.extend(bf);
    }
    Metrics {
        tp,
        fp,
        fn_,
        precision,
        recall,
        f1,
        ci95: Interval95 {
            precision: precision.and_then(|_| percentile_interval(ps)),
            recall: recall.and_then(|_| percentile_interval(rs)),
            f1: f1.and_then(|_| percentile_interval(fs)),
        },
    }
}

/// ROC-AUC with ties counted half (Mann-Whitney), or `None` with a single class.
pub fn roc_auc(scored: &[(f64, bool)]) -> Option<f64> {
    let weighted: Vec<(f64, bool, f64)> = scored.iter().map(|&(s, l)| (s, l, 1.0)).collect();
    roc_auc_weighted(&weighted)
}

fn roc_auc_weighted(scored: &[(f64, bool, f64)]) -> Option<f64> {
    let pos: f64 = scored.iter().filter(|x| x.1).map(|x| x.2).sum();
    let neg: f64 = scored.iter().filter(|x| !x.1).map(|x| x.2).sum();
    if pos == 0.0 || neg == 0.0 {
        return None;
    }
    let mut sorted = scored.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Sum over positives of (negatives below + half the negatives tied).
    let mut below = 0.0;
    let mut sum = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        let (mut p_tie, mut n_tie) = (0.0, 0.0);
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            if sorted[j].1 {
                p_tie += sorted[j].2;
            } else {
                n_tie += sorted[j].2;
            }
            j += 1;
        }
        sum += p_tie * (below + 0.5 * n_tie);
        below += n_tie;
        i = j;
    }
    Some(sum / (pos * neg))
}

/// Average precision: the mean of precision at each positive, ranking by score (tied scores enter
/// together), or `None` without positives.
pub fn pr_auc(scored: &[(f64, bool)]) -> Option<f64> {
    let weighted: Vec<(f64, bool, f64)> = scored.iter().map(|&(s, l)| (s, l, 1.0)).collect();
    pr_auc_weighted(&weighted)
}

fn pr_auc_weighted(scored: &[(f64, bool, f64)]) -> Option<f64> {
    let pos: f64 = scored.iter().filter(|x| x.1).map(|x| x.2).sum();
    if pos == 0.0 {
        return None;
    }
    let mut sorted = scored.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut tp, mut seen, mut ap) = (0.0, 0.0, 0.0);
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        let mut new_tp = 0.0;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            seen += sorted[j].2;
            if sorted[j].1 {
                new_tp += sorted[j].2;
            }
            j += 1;
        }
        tp += new_tp;
        if new_tp > 0.0 {
            ap += new_tp / pos * (tp / seen);
        }
        i = j;
    }
    Some(ap)
}

/// Points of the precision-recall curve of document scores (recall, precision), one per distinct
/// score from high to low.
pub fn pr_curve(scored: &[(f64, bool)]) -> Vec<(f64, f64)> {
    let pos = scored.iter().filter(|x| x.1).count() as f64;
    if pos == 0.0 {
        return Vec::new();
    }
    let mut sorted = scored.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out = Vec::new();
    let (mut tp, mut seen) = (0.0, 0.0);
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            seen += 1.0;
            if sorted[j].1 {
                tp += 1.0;
            }
            j += 1;
        }
        out.push((tp / pos, tp / seen));
        i = j;
    }
    out
}

fn document_metrics(
    scored: &[(f64, bool)],
    docs: &[usize],
    weights: &[Vec<u32>],
) -> DocumentMetrics {
    let roc = roc_auc(scored);
    let pr = pr_auc(scored);
    let (mut rocs, mut prs) = (Vec::new(), Vec::new());
    for w in weights {
        let weighted: Vec<(f64, bool, f64)> = scored
            .iter()
            .zip(docs)
            .filter(|(_, d)| w[**d] > 0)
            .map(|(&(s, l), d)| (s, l, f64::from(w[*d])))
            .collect();
        rocs.extend(roc_auc_weighted(&weighted));
        prs.extend(pr_auc_weighted(&weighted));
    }
    DocumentMetrics {
        n: scored.len() as u64,
        positives: scored.iter().filter(|x| x.1).count() as u64,
        roc_auc: roc,
        pr_auc: pr,
        ci95: DocumentInterval95 {
            roc_auc: roc.and_then(|_| percentile_interval(rocs)),
            pr_auc: pr.and_then(|_| percentile_interval(prs)),
        },
    }
}
