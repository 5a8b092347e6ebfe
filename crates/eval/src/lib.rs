//! Scoring detectors of trafficking indicators against a labelled corpus, with uncertainty.
//!
//! A researcher generates or labels a gold corpus ([`GoldDocument`]s: text plus [`Annotation`]s with
//! exact byte spans, the rule or entity kind, the normalized value and the disguises applied), runs
//! any detector on it, and scores the output ([`Prediction`]s from redflag reports or a simple
//! `{id, spans: [{start, end, label}]}` format) with [`evaluate`]:
//!
//! - matching by exact span, overlapping span, or normalized value ([`MatchMode`]), one to one;
//! - precision, recall and F1 overall, per rule, category, entity kind, transform family and stacking
//!   depth ([`EvalReport`]);
//! - document-level ROC-AUC and PR-AUC when documents carry labels;
//! - 95% bootstrap intervals over documents for every figure, seeded and reproducible.
//!
//! ```
//! use redflag_eval::{evaluate, read_gold, read_predictions, EvalOptions};
//! let gold = r#"{"id":"d1","text":"call 555 0134 now","label":1,"gold":[{"kind":"phone","start":5,"end":13,"value":"+15550134"}]}
//! {"id":"d2","text":"sofa for sale","label":0,"gold":[]}"#;
//! let predictions = r#"{"id":"d1","score":0.9,"spans":[{"start":5,"end":13,"label":"phone"}]}
//! {"id":"d2","score":0.1,"spans":[{"start":0,"end":4,"label":"phone"}]}"#;
//! let gold = read_gold(gold.as_bytes(), "gold.jsonl")?;
//! let predictions = read_predictions(predictions.as_bytes(), "pred.jsonl")?;
//! let report = evaluate(&gold, &predictions, &EvalOptions::default());
//! assert_eq!((report.overall.tp, report.overall.fp, report.overall.fn_), (1, 1, 0));
//! assert_eq!(report.overall.precision, Some(0.5));
//! assert_eq!(report.overall.recall, Some(1.0));
//! assert_eq!(report.documents.as_ref().and_then(|d| d.roc_auc), Some(1.0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! What such a benchmark measures: how robust matching is to disguise and how well identifiers are
//! extracted. It does **not** measure whether an indicator predicts trafficking; that needs labelled
//! real cases.
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

mod gold;
mod metrics;
mod predict;
mod render;
mod rng;

pub use gold::{Annotation, AnnotationKind, GoldDocument, read_gold};
pub use metrics::{
    DocumentInterval95, DocumentMetrics, EvalMeta, EvalOptions, EvalReport, Interval95, MatchMode,
    Metrics, evaluate, pr_auc, pr_curve, roc_auc,
};
pub use predict::{PredictedSpan, Prediction, Predictions, read_predictions};
pub use render::{diff_table, plot_svg, table};
pub use rng::SplitMix64;

/// An error reading a gold corpus or predictions.
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong, with the file and line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input could not be read.
    #[error("{origin}: {message}")]
    Io {
        /// The file.
        origin: String,
        /// The OS error.
        message: String,
    },
    /// A gold line is malformed, has a duplicate id or an invalid span.
    #[error("{origin}:{line}: invalid gold document: {message}")]
    InvalidGold {
        /// The file.
        origin: String,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A predictions line is malformed.
    #[error("{origin}:{line}: invalid prediction: {message}")]
    InvalidPredictions {
        /// The file.
        origin: String,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error { kind }
    }
}

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
