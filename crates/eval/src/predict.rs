//! Predictions: what a detector found, from redflag reports or a simple span format.

use crate::gold::AnnotationKind;
use crate::{Error, ErrorKind};
use redflag_model::{Report, Span};
use serde::Deserialize;
use std::collections::HashMap;
use std::io::BufRead;

/// One predicted span.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct PredictedSpan {
    /// Where.
    pub span: Span,
    /// The tool's label: a rule id, a category, `indicator`, or an entity kind.
    pub label: String,
    /// The kind, when known (always for redflag reports; from the label otherwise).
    pub kind: Option<AnnotationKind>,
    /// The rule, when known.
    pub rule: Option<String>,
    /// The category, when known.
    pub category: Option<String>,
    /// The normalized value, when known (for value-level matching).
    pub value: Option<String>,
}

impl PredictedSpan {
    /// A span with a label; the kind is read from the label when it names one.
    pub fn new(span: Span, label: impl Into<String>) -> PredictedSpan {
        let label = label.into();
        PredictedSpan {
            span,
            kind: AnnotationKind::parse(&label),
            label,
            rule: None,
            category: None,
            value: None,
        }
    }
}

/// Everything predicted for one document.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Prediction {
    /// The spans.
    pub spans: Vec<PredictedSpan>,
    /// A document score for ranking metrics (redflag's `score`), when the tool gives one.
    pub score: Option<f64>,
}

impl Prediction {
    /// The prediction a redflag report makes: its indicators (label = rule id), its entities
    /// (label = kind, with value) and its score. Hits raised by a `signal` (a disguised phone, a
    /// known image) are left out: they restate an entity or image finding, which is scored as such.
    pub fn from_report(report: &Report) -> Prediction {
        let mut spans = Vec::with_capacity(report.indicators.len() + report.entities.len());
        for hit in report.indicators.iter().filter(|h| h.signal.is_none()) {
            spans.push(PredictedSpan {
                span: hit.span,
                label: hit.rule.as_str().to_owned(),
                kind: Some(AnnotationKind::Indicator),
                rule: Some(hit.rule.as_str().to_owned()),
                category: Some(hit.category.clone()),
                value: Some(hit.normalized.clone()),
            });
        }
        for e in &report.entities {
            let kind = AnnotationKind::parse(e.kind().as_str());
            spans.push(PredictedSpan {
                span: e.span,
                label: e.kind().as_str().to_owned(),
                kind,
                rule: None,
                category: None,
                value: Some(e.value.value().to_owned()),
            });
        }
        Prediction {
            spans,
            score: Some(report.score),
        }
    }
}

#[derive(Deserialize)]
struct SimpleSpan {
    start: usize,
    end: usize,
    label: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    category: Option<String>,
}

#[derive(Deserialize)]
struct SimpleDoc {
    id: serde_json::Value,
    #[serde(default)]
    spans: Vec<SimpleSpan>,
    #[serde(default)]
    score: Option<f64>,
}

/// Predictions by document id.
pub type Predictions = HashMap<String, Prediction>;

/// Reads predictions: redflag `scan` output (reports; error records mean "no prediction") or the
/// simple format `{"id": "…", "score": 0.3, "spans": [{"start": 0, "end": 4, "label": "phone",
/// "value": "+1…"}]}`, one document per line. `score` and `value` are optional.
///
/// # Errors
/// Malformed lines, spans with `end < start` and duplicate ids, naming the line.
pub fn read_predictions(reader: impl BufRead, origin: &str) -> Result<Predictions, Error> {
    let mut out = Predictions::new();
    for (n, line) in reader.lines().enumerate() {
        let line_no = n as u64 + 1;
        let bad = |message: String| -> Error {
            ErrorKind::InvalidPredictions {
                origin: origin.to_owned(),
                line: line_no,
                message,
            }
            .into()
        };
        let line = line.map_err(|e| bad(e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
        let (id, prediction) = match value.get("type").and_then(|t| t.as_str()) {
            Some("report") => {
                let report: Report =
                    serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
                (report.id.clone(), Prediction::from_report(&report))
            }
            Some("error") => continue,
            _ => {
                let doc: SimpleDoc =
                    serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
                let id = match doc.id {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Number(n) => n.to_string(),
                    other => {
                        return Err(bad(format!(
                            "`id` must be a string or number, found {other}"
                        )));
                    }
                };
                let mut spans = Vec::with_capacity(doc.spans.len());
                for (i, s) in doc.spans.into_iter().enumerate() {
                    let span = Span::new(s.start, s.end).ok_or_else(|| {
                        bad(format!(
                            "spans[{i}]: end {} is before start {}",
                            s.end, s.start
                        ))
                    })?;
                    let mut p = PredictedSpan::new(span, s.label);
                    p.value = s.value;
                    p.category = s.category;
                    spans.push(p);
                }
                (
                    id,
                    Prediction {
                        spans,
                        score: doc.score,
                    },
                )
            }
        };
        if out.insert(id.clone(), prediction).is_some() {
            return Err(bad(format!("duplicate id `{id}`")));
        }
    }
    Ok(out)
}
