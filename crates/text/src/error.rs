//! The text crate's error type.

use redflag_model::RuleId;

/// An error building a lexicon or a matcher. Scanning text never fails.
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong, with the file, line and rule involved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The lexicon file could not be read.
    #[error("{origin}: cannot read lexicon: {message}")]
    Io {
        /// The file.
        origin: String,
        /// The OS error.
        message: String,
    },
    /// The TOML is malformed or has a field of the wrong type.
    #[error("{origin}:{line}: {message}")]
    Parse {
        /// The file.
        origin: String,
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// Two rules share an id (in one lexicon or across merged lexicons).
    #[error("{origin}: duplicate rule id `{rule}`")]
    DuplicateRule {
        /// The lexicon that brought the second copy.
        origin: String,
        /// The rule.
        rule: RuleId,
    },
    /// A rule is invalid (bad id, weight out of range, no terms).
    #[error("{origin}: rule `{rule}`: {message}")]
    InvalidRule {
        /// The file.
        origin: String,
        /// The rule.
        rule: RuleId,
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
