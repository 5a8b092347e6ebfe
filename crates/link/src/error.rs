//! The crate's one error type.

/// An error from configuring a [`Linker`](crate::Linker), adding a document, or saving and
/// loading its state. Linking itself cannot fail.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A configuration value is out of range.
    #[error("invalid link config: {field}: {message}")]
    InvalidConfig {
        /// The setting (`hub_threshold`, `bands`, …).
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// A document id was added twice.
    #[error("document `{id}`: id already added")]
    DuplicateId {
        /// The document id.
        id: String,
    },
    /// An image hash of a document is not 64 hex digits.
    #[error("document `{id}`: image {index}: invalid pdq hash: {message}")]
    InvalidPdq {
        /// The document id.
        id: String,
        /// The image's position in the document's image list.
        index: usize,
        /// What is wrong with the hash.
        message: String,
    },
    /// The linker holds as many documents or images as it can index (2³² − 1).
    #[error("document `{id}`: the linker is full ({limit} {what})")]
    Full {
        /// The document id that did not fit.
        id: String,
        /// What ran out (`documents` or `images`).
        what: &'static str,
        /// The limit.
        limit: u64,
    },
    /// Writing or reading a state file failed.
    #[error("link state: {message}")]
    Io {
        /// The underlying I/O error's message.
        message: String,
    },
    /// A state file is malformed, inconsistent or of another version.
    #[error("link state: {message}")]
    State {
        /// What is wrong with it.
        message: String,
    },
    /// Writing an export (CSV, GraphML) failed.
    #[error("export {format}: {message}")]
    Export {
        /// The format being written (`csv`, `graphml`).
        format: &'static str,
        /// The underlying I/O error's message.
        message: String,
    },
}
