//! Reports: everything redflag found in one document.

use crate::{Entity, ImageFinding, IndicatorHit, Region, RuleId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The schema name written in every report; bumped on an incompatible change.
pub const REPORT_SCHEMA: &str = "redflag.report/1";

/// How strongly a document's indicators point to trafficking, as a lead for review.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// No indicator fired.
    #[default]
    None,
    /// Weak indicators only.
    Low,
    /// Worth a look.
    Medium,
    /// Several strong or co-occurring indicators: review first.
    High,
}

impl RiskLevel {
    /// The wire name (`"medium"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            RiskLevel::None => "none",
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
        }
    }
}

impl fmt::Display for RiskLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for RiskLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "none" => Ok(RiskLevel::None),
            "low" => Ok(RiskLevel::Low),
            "medium" => Ok(RiskLevel::Medium),
            "high" => Ok(RiskLevel::High),
            _ => Err(format!(
                "unknown risk level `{s}` (expected none, low, medium or high)"
            )),
        }
    }
}

/// How much one rule added to the document's score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Contribution {
    /// The rule.
    pub rule: RuleId,
    /// Points it added; the contributions sum to the score (up to rounding).
    pub points: f64,
}

impl Contribution {
    /// A contribution record.
    pub fn new(rule: RuleId, points: f64) -> Contribution {
        Contribution { rule, points }
    }
}

/// Name, version and digest of a lexicon that took part in a scan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LexiconInfo {
    /// The lexicon's name (`redflag-default` for the embedded one).
    pub name: String,
    /// Its version string.
    pub version: String,
    /// SHA-256 of its source text, lowercase hex.
    pub sha256: String,
}

impl LexiconInfo {
    /// A lexicon description.
    pub fn new(
        name: impl Into<String>,
        version: impl Into<String>,
        sha256: impl Into<String>,
    ) -> LexiconInfo {
        LexiconInfo {
            name: name.into(),
            version: version.into(),
            sha256: sha256.into(),
        }
    }
}

/// A part of the detector that can be switched on or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Part {
    /// Lexicon matching and scoring.
    Indicators,
    /// Entity extraction.
    Entities,
    /// Image hashing and known-image matching.
    Images,
}

impl Part {
    /// Every part.
    pub const ALL: [Part; 3] = [Part::Indicators, Part::Entities, Part::Images];

    /// The wire name (`"entities"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Part::Indicators => "indicators",
            Part::Entities => "entities",
            Part::Images => "images",
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Part {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Part::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| format!("unknown part `{s}` (expected indicators, entities or images)"))
    }
}

/// The options that shaped a report, recorded so it can be reproduced.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScanOptions {
    /// The default region given to the detector (the document's own `region` wins).
    pub region: Option<Region>,
    /// The parts that ran.
    #[serde(default)]
    pub parts: Vec<Part>,
    /// Lexicon categories left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_categories: Vec<String>,
}

/// What produced a report: tool, lexicons, phone metadata and options, so a report can be audited
/// and reproduced later.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Provenance {
    /// Tool name and version, e.g. `redflag 0.1.0`.
    pub tool: String,
    /// The lexicons in force.
    #[serde(default)]
    pub lexicons: Vec<LexiconInfo>,
    /// The phone-number metadata version, when entities ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_metadata: Option<String>,
    /// Options in force.
    #[serde(default)]
    pub options: ScanOptions,
}

/// Something the reader of a report should know: a cap reached, an image that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Warning {
    /// A stable machine-readable code, e.g. `hit_cap`, `image_error`.
    pub code: String,
    /// A human-readable explanation.
    pub message: String,
}

impl Warning {
    /// A warning with a code and a message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Warning {
        Warning {
            code: code.into(),
            message: message.into(),
        }
    }
}

/// The `"type": "report"` marker, checked when reading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
enum ReportTag {
    #[default]
    #[serde(rename = "report")]
    Report,
}

/// Everything redflag found in one document: one line of `redflag scan` output.
///
/// Findings are leads for a person to review, never verdicts; every number can be traced to the
/// bytes of the input through the spans and `contributions`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    #[serde(rename = "type")]
    tag: ReportTag,
    /// Always [`REPORT_SCHEMA`] for reports written by this version.
    pub schema: String,
    /// The document's id.
    pub id: String,
    /// SHA-256 of the document's UTF-8 text, lowercase hex.
    pub sha256: String,
    /// The document's score, 0 to 1 (see the text crate for the formula).
    pub score: f64,
    /// The risk level the score falls in.
    pub level: RiskLevel,
    /// Lexicon rules that fired, in text order.
    #[serde(default)]
    pub indicators: Vec<IndicatorHit>,
    /// Entities found, in text order.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Findings per image, in the document's order.
    #[serde(default)]
    pub images: Vec<ImageFinding>,
    /// Each rule's share of the score.
    #[serde(default)]
    pub contributions: Vec<Contribution>,
    /// What produced this report.
    #[serde(default)]
    pub provenance: Provenance,
    /// Caps reached and other things worth knowing.
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

impl Report {
    /// An empty report (score 0, level `none`) for a document id and the SHA-256 of its text.
    pub fn new(id: impl Into<String>, sha256: impl Into<String>) -> Report {
        Report {
            tag: ReportTag::Report,
            schema: REPORT_SCHEMA.to_owned(),
            id: id.into(),
            sha256: sha256.into(),
            score: 0.0,
            level: RiskLevel::None,
            indicators: Vec::new(),
            entities: Vec::new(),
            images: Vec::new(),
            contributions: Vec::new(),
            provenance: Provenance::default(),
            warnings: Vec::new(),
        }
    }
}

impl Provenance {
    /// Provenance naming the tool.
    pub fn new(tool: impl Into<String>) -> Provenance {
        Provenance {
            tool: tool.into(),
            ..Provenance::default()
        }
    }
}

impl ScanOptions {
    /// Options with a default region and the parts that ran.
    pub fn new(region: Option<Region>, parts: Vec<Part>) -> ScanOptions {
        ScanOptions {
            region,
            parts,
            excluded_categories: Vec::new(),
        }
    }
}
