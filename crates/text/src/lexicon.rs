//! Lexicons: rules of indicator terms, read from TOML.

use crate::{Error, ErrorKind};
use redflag_model::{LexiconInfo, RuleId};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::path::Path;

/// One indicator rule.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Rule {
    /// Unique id, e.g. `youth.fresh`.
    pub id: RuleId,
    /// Category, e.g. `youth`.
    pub category: String,
    /// Weight in the score, 0 to 1.
    pub weight: f64,
    /// Literal terms.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Strength of the evidence behind the rule.
    #[serde(default)]
    pub evidence: Option<String>,
    /// Where the rule comes from.
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Deserialize)]
struct LexiconFile {
    name: String,
    version: String,
    #[serde(default)]
    indicator: Vec<Rule>,
}

/// A set of indicator rules, possibly merged from several TOML files.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    rules: Vec<Rule>,
    infos: Vec<LexiconInfo>,
}

impl Lexicon {
    /// A lexicon with no rules: it matches nothing.
    pub fn empty() -> Lexicon {
        Lexicon::default()
    }

    /// The lexicon embedded in the crate. It is empty until the default lexicon lands.
    pub fn embedded() -> Lexicon {
        Lexicon::empty()
    }

    /// Parses a lexicon from TOML; `origin` names it in errors (usually the file path).
    ///
    /// # Errors
    /// Malformed TOML, duplicate ids, weights outside 0..=1, rules without terms.
    pub fn from_toml(src: &str, origin: &str) -> Result<Lexicon, Error> {
        let file: LexiconFile = toml::from_str(src).map_err(|e| {
            let line = e
                .span()
                .map(|s| src[..s.start.min(src.len())].matches('\n').count() + 1)
                .unwrap_or(0);
            ErrorKind::Parse {
                origin: origin.to_owned(),
                line,
                message: e.message().to_owned(),
            }
        })?;
        let mut lexicon = Lexicon::empty();
        for rule in &file.indicator {
            if !(0.0..=1.0).contains(&rule.weight) {
                return Err(ErrorKind::InvalidRule {
                    origin: origin.to_owned(),
                    rule: rule.id.clone(),
                    message: format!("weight {} is outside 0..=1", rule.weight),
                }
                .into());
            }
            if rule.terms.iter().all(|t| t.trim().is_empty()) {
                return Err(ErrorKind::InvalidRule {
                    origin: origin.to_owned(),
                    rule: rule.id.clone(),
                    message: "rule has no terms".to_owned(),
                }
                .into());
            }
        }
        let digest = Sha256::digest(src.as_bytes());
        let sha256 = digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>();
        let other = Lexicon {
            rules: file.indicator,
            infos: vec![LexiconInfo::new(file.name, file.version, sha256)],
        };
        lexicon.merge(other, origin)?;
        Ok(lexicon)
    }

    /// Reads and parses a lexicon file.
    ///
    /// # Errors
    /// The file cannot be read, or [`Lexicon::from_toml`] fails.
    pub fn from_path(path: &Path) -> Result<Lexicon, Error> {
        let origin = path.display().to_string();
        let src = std::fs::read_to_string(path).map_err(|e| ErrorKind::Io {
            origin: origin.clone(),
            message: e.to_string(),
        })?;
        Lexicon::from_toml(&src, &origin)
    }

    /// Adds another lexicon's rules; `origin` names it in errors.
    ///
    /// # Errors
    /// A rule id that is already present.
    pub fn merge(&mut self, other: Lexicon, origin: &str) -> Result<(), Error> {
        for rule in &other.rules {
            if self.rules.iter().any(|r| r.id == rule.id) {
                return Err(ErrorKind::DuplicateRule {
                    origin: origin.to_owned(),
                    rule: rule.id.clone(),
                }
                .into());
            }
        }
        self.rules.extend(other.rules);
        self.infos.extend(other.infos);
        Ok(())
    }

    /// The rules.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Name, version and digest of each lexicon merged in.
    pub fn infos(&self) -> &[LexiconInfo] {
        &self.infos
    }
}
