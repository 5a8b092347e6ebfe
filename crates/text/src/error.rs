//! The text crate's error type.

use redflag_model::RuleId;

/// An error building a lexicon or a matcher. Scanning text never fails.
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    kind: Box<ErrorKind>,
}

/// What went wrong, with the file, line and rule involved.
///
/// `origin` is the name the lexicon was loaded under (usually its path); `line` is 1-based, 0 when
/// unknown (lexicons built in code have no lines).
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
    /// The TOML is malformed or has a field of the wrong type or an unknown field.
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
    #[error("{origin}:{line}: duplicate rule id `{rule}` (first defined in {first})")]
    DuplicateRule {
        /// The lexicon that brought the second copy.
        origin: String,
        /// Line of the second copy.
        line: usize,
        /// The rule.
        rule: RuleId,
        /// Where the first copy came from.
        first: String,
    },
    /// A rule is invalid (bad id, weight out of range, no terms, a term that normalizes to nothing).
    #[error("{origin}:{line}: rule `{rule}`: {message}")]
    InvalidRule {
        /// The file.
        origin: String,
        /// Line of the rule.
        line: usize,
        /// The rule.
        rule: RuleId,
        /// What is wrong.
        message: String,
    },
    /// A regular expression does not compile (syntax error, or over the size or nesting limit).
    #[error("{origin}:{line}: rule `{rule}`: invalid pattern: {message}")]
    InvalidPattern {
        /// The file.
        origin: String,
        /// Line of the rule.
        line: usize,
        /// The rule.
        rule: RuleId,
        /// The regex compiler's message.
        message: String,
    },
    /// The lexicon exceeds a limit for untrusted input (rule count, term count or length, pattern length).
    #[error("{origin}: {what} exceeds the limit of {limit}{}", rule.as_ref().map(|r| format!(" (rule `{r}`)")).unwrap_or_default())]
    LimitExceeded {
        /// The file.
        origin: String,
        /// The rule, when one rule is at fault.
        rule: Option<RuleId>,
        /// What is over the limit (`rule count`, `term length`, …).
        what: String,
        /// The limit.
        limit: usize,
    },
    /// The compiled automaton could not be built (too many or too large terms).
    #[error("cannot compile the lexicon terms: {message}")]
    Build {
        /// The automaton builder's message.
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
        Error {
            kind: Box::new(kind),
        }
    }
}
