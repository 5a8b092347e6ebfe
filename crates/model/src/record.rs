//! Error records: the line written in place of a record that could not be processed.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a record could not be processed. Stable snake_case codes for machines; the record's
/// `message` is for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The line is not valid JSON, or not a JSON object.
    InvalidJson,
    /// The line is not valid UTF-8.
    InvalidUtf8,
    /// A required field (such as `text`) is missing.
    MissingField,
    /// A field has the wrong type or an invalid value.
    InvalidField,
    /// The record is larger than the configured limit.
    TooLarge,
    /// The file could not be read.
    Io,
    /// The image could not be decoded.
    Decode,
    /// The image exceeds the decoding limits (pixels, allocation, file size).
    LimitExceeded,
    /// The image format is not supported.
    UnsupportedFormat,
    /// A hash string is malformed.
    InvalidHash,
}

impl ErrorCode {
    /// The wire name (`"invalid_json"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidUtf8 => "invalid_utf8",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::InvalidField => "invalid_field",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Io => "io",
            ErrorCode::Decode => "decode",
            ErrorCode::LimitExceeded => "limit_exceeded",
            ErrorCode::UnsupportedFormat => "unsupported_format",
            ErrorCode::InvalidHash => "invalid_hash",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `"type": "error"` marker, checked when reading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
enum ErrorTag {
    #[default]
    #[serde(rename = "error")]
    Error,
}

/// One record that could not be processed, written in its place so no record is lost silently:
///
/// `{"type": "error", "line": 17, "id": "ad-17", "error": "invalid_json", "message": "…"}`
///
/// `line` is 1-based and counts every line of the input, blank ones included. `path` names the
/// input file (or the image, for `hash` and `match`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ErrorRecord {
    #[serde(rename = "type")]
    tag: ErrorTag,
    /// The input file or image, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The 1-based line number in the input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The record's id, when it could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What went wrong, as a stable code.
    pub error: ErrorCode,
    /// What went wrong, for a person.
    pub message: String,
}

impl ErrorRecord {
    /// An error record with a code and a message.
    pub fn new(error: ErrorCode, message: impl Into<String>) -> ErrorRecord {
        ErrorRecord {
            tag: ErrorTag::Error,
            path: None,
            line: None,
            id: None,
            error,
            message: message.into(),
        }
    }

    /// Sets the input path.
    pub fn with_path(mut self, path: impl Into<String>) -> ErrorRecord {
        self.path = Some(path.into());
        self
    }

    /// Sets the 1-based line number.
    pub fn with_line(mut self, line: u64) -> ErrorRecord {
        self.line = Some(line);
        self
    }

    /// Sets the record id.
    pub fn with_id(mut self, id: impl Into<String>) -> ErrorRecord {
        self.id = Some(id.into());
        self
    }
}

/// One line of `redflag scan` output: a report or an error record, told apart by `type`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Record {
    /// `"type": "report"`.
    Report(Box<crate::Report>),
    /// `"type": "error"`.
    Error(ErrorRecord),
}
