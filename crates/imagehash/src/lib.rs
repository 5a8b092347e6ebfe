//! Image hashing for redflag: file digests, perceptual hashes and a Hamming-distance index of known
//! hashes.
//!
//! This is the foundation version: files are digested with SHA-256 and the [`HashIndex`] answers
//! radius queries by a linear scan. PDQ and the other perceptual hashes land with the imagehash issue.
//!
//! ```
//! use redflag_imagehash::HashIndex;
//! use redflag_model::{HashAlgorithm, ImageHash};
//! let mut index = HashIndex::new();
//! let known = ImageHash::from_hex(HashAlgorithm::Pdq, None, &"f".repeat(64))?;
//! index.insert(known.clone(), "case-3/7", "known.csv");
//! let hits = index.search(&known, 31);
//! assert_eq!(hits[0].reference, "case-3/7");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

use redflag_model::ImageHash;
use sha2::{Digest, Sha256};
use std::path::Path;

/// An error reading or hashing an image.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read.
    #[error("{path}: cannot read: {message}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        message: String,
    },
}

/// SHA-256 of a file's bytes, lowercase hex.
///
/// # Errors
/// When the file cannot be read.
pub fn sha256_file(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    Ok(Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// One known hash with its id and the list it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// The hash.
    pub hash: ImageHash,
    /// Its id in the list.
    pub reference: String,
    /// The list.
    pub list: String,
}

/// A known hash within the query radius.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IndexMatch {
    /// The known entry's id.
    pub reference: String,
    /// Its list.
    pub list: String,
    /// Hamming distance.
    pub distance: u32,
}

/// Known hashes, searchable by Hamming radius.
#[derive(Clone, Debug, Default)]
pub struct HashIndex {
    entries: Vec<Entry>,
}

impl HashIndex {
    /// An empty index.
    pub fn new() -> HashIndex {
        HashIndex::default()
    }

    /// Adds a known hash.
    pub fn insert(
        &mut self,
        hash: ImageHash,
        reference: impl Into<String>,
        list: impl Into<String>,
    ) {
        self.entries.push(Entry {
            hash,
            reference: reference.into(),
            list: list.into(),
        });
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every entry of the same algorithm and variant within `max_distance` of `query`, closest first.
    pub fn search(&self, query: &ImageHash, max_distance: u32) -> Vec<IndexMatch> {
        let mut out: Vec<IndexMatch> = self
            .entries
            .iter()
            .filter_map(|e| {
                let d = e.hash.distance(query)?;
                (d <= max_distance).then(|| IndexMatch {
                    reference: e.reference.clone(),
                    list: e.list.clone(),
                    distance: d,
                })
            })
            .collect();
        out.sort_by(|a, b| {
            a.distance
                .cmp(&b.distance)
                .then_with(|| a.reference.cmp(&b.reference))
        });
        out
    }
}
