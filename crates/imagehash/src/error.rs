//! The crate's error type.

use redflag_model::ErrorCode;

/// An error reading, decoding or hashing an image, or reading a hash list or index file.
///
/// Every variant names the file (and the line, for lists) it is about. [`Error::code`] gives the
/// wire error code of `redflag_model::ErrorCode`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read.
    #[error("{path}: cannot read: {message}")]
    Io {
        /// The file.
        path: String,
        /// The OS error, as text.
        message: String,
    },
    /// The bytes are not a valid image of their format (corrupt, truncated).
    #[error("{path}: cannot decode image: {message}")]
    Decode {
        /// The file.
        path: String,
        /// The decoder's message.
        message: String,
    },
    /// The file or image exceeds a configured limit; nothing larger than the limit was allocated.
    #[error("{path}: {what}{} exceeds the limit of {limit}", if *actual > 0 { format!(" {actual}") } else { String::new() })]
    LimitExceeded {
        /// The file.
        path: String,
        /// What was measured: `file size`, `pixel count`, `width`, `height` or `decoded size`.
        what: &'static str,
        /// The measured value (0 when the decoder did not say; the message then leaves it out).
        actual: u64,
        /// The limit.
        limit: u64,
    },
    /// The format is not recognised or not supported.
    #[error("{path}: unsupported image format: {message}")]
    UnsupportedFormat {
        /// The file.
        path: String,
        /// What is unsupported.
        message: String,
    },
    /// A hash in a list is malformed, or a list line cannot be read.
    #[error("{list}:{line}: {message}")]
    InvalidHash {
        /// The list (file name as given).
        list: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A saved index file is corrupt or of another version.
    #[error("{path}: invalid index file: {message}")]
    InvalidIndex {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A hasher or index configuration is invalid.
    #[error("invalid configuration: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// The wire error code: `io`, `decode`, `limit_exceeded`, `unsupported_format`,
    /// `invalid_hash` (a corrupt index file counts as `decode`, a bad configuration as
    /// `invalid_field`).
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Io { .. } => ErrorCode::Io,
            Error::Decode { .. } | Error::InvalidIndex { .. } => ErrorCode::Decode,
            Error::LimitExceeded { .. } => ErrorCode::LimitExceeded,
            Error::UnsupportedFormat { .. } => ErrorCode::UnsupportedFormat,
            Error::InvalidHash { .. } => ErrorCode::InvalidHash,
            Error::Config { .. } => ErrorCode::InvalidField,
        }
    }

    pub(crate) fn io(path: &str, e: &std::io::Error) -> Error {
        Error::Io {
            path: path.to_owned(),
            message: e.to_string(),
        }
    }
}
