//! The gold (labelled) corpus format, `redflag.gold/1`.

use crate::{Error, ErrorKind};
use redflag_model::{Region, Span, Transform};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::BufRead;

/// What a gold annotation marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AnnotationKind {
    /// An indicator phrase, with its rule and category.
    Indicator,
    /// A phone number.
    Phone,
    /// An email address.
    Email,
    /// A URL or domain.
    Url,
    /// A handle.
    Handle,
    /// A crypto address.
    Crypto,
    /// A price.
    Price,
    /// An age.
    Age,
}

impl AnnotationKind {
    /// The wire name.
    pub fn as_str(&self) -> &'static str {
        match self {
            AnnotationKind::Indicator => "indicator",
            AnnotationKind::Phone => "phone",
            AnnotationKind::Email => "email",
            AnnotationKind::Url => "url",
            AnnotationKind::Handle => "handle",
            AnnotationKind::Crypto => "crypto",
            AnnotationKind::Price => "price",
            AnnotationKind::Age => "age",
        }
    }

    /// The kind named `s` (`indicator` or an entity kind).
    pub fn parse(s: &str) -> Option<AnnotationKind> {
        [
            AnnotationKind::Indicator,
            AnnotationKind::Phone,
            AnnotationKind::Email,
            AnnotationKind::Url,
            AnnotationKind::Handle,
            AnnotationKind::Crypto,
            AnnotationKind::Price,
            AnnotationKind::Age,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One thing a detector should find in a gold document.
///
/// ```json
/// {"kind": "indicator", "rule": "youth.fresh", "category": "youth", "start": 12, "end": 21,
///  "value": "fresh", "transforms": ["spacing"]}
/// {"kind": "phone", "start": 40, "end": 54, "value": "+17025550134", "transforms": ["leet"]}
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Annotation {
    /// `indicator` or an entity kind.
    pub kind: AnnotationKind,
    /// The rule, for indicators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The category, for indicators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Byte span in the document text (flattened to `start`/`end`).
    #[serde(flatten)]
    pub span: Span,
    /// The normalized value (E.164 phone, lower-case email, the lexicon term for indicators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The disguises applied to this stretch of text, in the order applied; empty for plain text.
    #[serde(default)]
    pub transforms: Vec<Transform>,
}

impl Annotation {
    /// An indicator annotation.
    pub fn indicator(
        rule: impl Into<String>,
        category: impl Into<String>,
        span: Span,
    ) -> Annotation {
        Annotation {
            kind: AnnotationKind::Indicator,
            rule: Some(rule.into()),
            category: Some(category.into()),
            span,
            value: None,
            transforms: Vec::new(),
        }
    }

    /// An entity annotation with its normalized value.
    pub fn entity(kind: AnnotationKind, span: Span, value: impl Into<String>) -> Annotation {
        Annotation {
            kind,
            rule: None,
            category: None,
            span,
            value: Some(value.into()),
            transforms: Vec::new(),
        }
    }

    /// Stacking depth: how many transform families were applied.
    pub fn depth(&self) -> usize {
        let mut seen: Vec<Transform> = self.transforms.clone();
        seen.sort();
        seen.dedup();
        seen.len()
    }
}

/// One labelled document: the input fields of a redflag document plus `label` and `gold`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GoldDocument {
    /// Unique id.
    pub id: String,
    /// The text.
    pub text: String,
    /// Default phone region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    /// Language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Document label for ranking metrics: 0 = negative, ≥ 1 = positive (ordinal labels allowed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<f64>,
    /// What a detector should find.
    #[serde(default)]
    pub gold: Vec<Annotation>,
    /// The planted operation (network of linked ads) the document belongs to, for scoring
    /// `redflag link`; absent for unrelated documents and for indicator corpora.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<u32>,
}

impl GoldDocument {
    /// A document with no annotations and no label.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> GoldDocument {
        GoldDocument {
            id: id.into(),
            text: text.into(),
            region: None,
            lang: None,
            label: None,
            gold: Vec::new(),
            operation: None,
        }
    }

    /// Checks the annotations against the text.
    ///
    /// # Errors
    /// A span out of bounds or off a char boundary, or an indicator without a rule.
    pub fn validate(&self, origin: &str, line: u64) -> Result<(), Error> {
        for (i, a) in self.gold.iter().enumerate() {
            let problem = if a.span.end() > self.text.len() {
                Some(format!(
                    "gold[{i}] span {} is past the end of the text ({} bytes)",
                    a.span,
                    self.text.len()
                ))
            } else if a.span.slice(&self.text).is_none() {
                Some(format!(
                    "gold[{i}] span {} is not on char boundaries",
                    a.span
                ))
            } else if a.kind == AnnotationKind::Indicator
                && a.rule.is_none()
                && a.category.is_none()
            {
                Some(format!(
                    "gold[{i}] is an indicator without `rule` or `category`"
                ))
            } else {
                None
            };
            if let Some(message) = problem {
                return Err(ErrorKind::InvalidGold {
                    origin: origin.to_owned(),
                    line,
                    message: format!("document `{}`: {message}", self.id),
                }
                .into());
            }
        }
        Ok(())
    }
}

/// Reads a gold corpus (JSONL, one [`GoldDocument`] per line; blank lines skipped).
///
/// # Errors
/// Malformed JSON, missing or duplicate ids, invalid spans: the error names the line.
pub fn read_gold(reader: impl BufRead, origin: &str) -> Result<Vec<GoldDocument>, Error> {
    let mut docs = Vec::new();
    let mut ids = HashSet::new();
    for (n, line) in reader.lines().enumerate() {
        let line_no = n as u64 + 1;
        let line = line.map_err(|e| ErrorKind::Io {
            origin: origin.to_owned(),
            message: format!("line {line_no}: {e}"),
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: GoldDocument =
            serde_json::from_str(&line).map_err(|e| ErrorKind::InvalidGold {
                origin: origin.to_owned(),
                line: line_no,
                message: e.to_string(),
            })?;
        if doc.id.is_empty() {
            return Err(ErrorKind::InvalidGold {
                origin: origin.to_owned(),
                line: line_no,
                message: "empty `id`".to_owned(),
            }
            .into());
        }
        if !ids.insert(doc.id.clone()) {
            return Err(ErrorKind::InvalidGold {
                origin: origin.to_owned(),
                line: line_no,
                message: format!("duplicate id `{}`", doc.id),
            }
            .into());
        }
        doc.validate(origin, line_no)?;
        docs.push(doc);
    }
    Ok(docs)
}
