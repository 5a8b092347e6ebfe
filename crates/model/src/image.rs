//! Image hashes and known-image matches.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A perceptual hash algorithm. Distances only mean something between hashes of the same algorithm
/// and variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// Meta's PDQ, 256 bits, with a quality score.
    Pdq,
    /// DCT perceptual hash, 64 bits.
    Phash,
    /// Difference (gradient) hash, 64 bits.
    Dhash,
    /// Average hash, 64 bits.
    Ahash,
}

impl HashAlgorithm {
    /// Every algorithm, in a fixed order.
    pub const ALL: [HashAlgorithm; 4] = [
        HashAlgorithm::Pdq,
        HashAlgorithm::Phash,
        HashAlgorithm::Dhash,
        HashAlgorithm::Ahash,
    ];

    /// The wire name (`"pdq"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            HashAlgorithm::Pdq => "pdq",
            HashAlgorithm::Phash => "phash",
            HashAlgorithm::Dhash => "dhash",
            HashAlgorithm::Ahash => "ahash",
        }
    }

    /// The hash length in bits: 256 for PDQ, 64 for the others.
    pub fn bits(&self) -> usize {
        match self {
            HashAlgorithm::Pdq => 256,
            _ => 64,
        }
    }
}

impl fmt::Display for HashAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for HashAlgorithm {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HashAlgorithm::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| {
                format!("unknown hash algorithm `{s}` (expected pdq, phash, dhash or ahash)")
            })
    }
}

/// A perceptual hash with its algorithm and variant, so hashes from different tools can be compared
/// safely.
///
/// Bits are stored as bytes, most significant bit first; 64-bit hashes are row-major over their 8×8
/// grid (the order Python `imagehash` prints), PDQ hashes are in the ThreatExchange reference's hex
/// order. [`ImageHash::to_hex`] gives lowercase hex, 64 characters for PDQ and 16 for the others.
///
/// ```
/// use redflag_model::{HashAlgorithm, ImageHash};
/// let a = ImageHash::from_hex(HashAlgorithm::Dhash, None, "f0e4c2c0c0c0e0f0")?;
/// let b = ImageHash::from_hex(HashAlgorithm::Dhash, None, "f0e4c2c0c0c0e0f1")?;
/// assert_eq!(a.distance(&b), Some(1));
/// assert_eq!(a.to_hex(), "f0e4c2c0c0c0e0f0");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "ImageHashRepr", into = "ImageHashRepr")]
pub struct ImageHash {
    algo: HashAlgorithm,
    variant: Option<String>,
    bytes: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct ImageHashRepr {
    algo: HashAlgorithm,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    variant: Option<String>,
    hash: String,
}

/// The error returned for a hash string of the wrong length or with non-hex characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidHash {
    /// The algorithm the hash was read for.
    pub algo: HashAlgorithm,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for InvalidHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} hash: {}", self.algo, self.reason)
    }
}

impl std::error::Error for InvalidHash {}

impl ImageHash {
    /// A hash from raw bytes.
    ///
    /// # Errors
    /// When the byte length does not match the algorithm's bit length.
    pub fn from_bytes(
        algo: HashAlgorithm,
        variant: Option<String>,
        bytes: Vec<u8>,
    ) -> Result<ImageHash, InvalidHash> {
        if bytes.len() * 8 != algo.bits() {
            return Err(InvalidHash {
                algo,
                reason: format!("expected {} bits, got {}", algo.bits(), bytes.len() * 8),
            });
        }
        Ok(ImageHash {
            algo,
            variant,
            bytes,
        })
    }

    /// A hash from hex (either case; surrounding whitespace is trimmed).
    ///
    /// # Errors
    /// When the string has the wrong length for the algorithm or a non-hex character.
    pub fn from_hex(
        algo: HashAlgorithm,
        variant: Option<String>,
        hex: &str,
    ) -> Result<ImageHash, InvalidHash> {
        let bytes = decode_hex(hex.trim()).map_err(|reason| InvalidHash { algo, reason })?;
        ImageHash::from_bytes(algo, variant, bytes)
    }

    /// The algorithm.
    pub fn algo(&self) -> HashAlgorithm {
        self.algo
    }

    /// The variant, when the algorithm has several (e.g. an `image_hasher` configuration).
    pub fn variant(&self) -> Option<&str> {
        self.variant.as_deref()
    }

    /// The raw bytes, most significant bit first.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Lowercase hex.
    pub fn to_hex(&self) -> String {
        crate::to_hex(&self.bytes)
    }

    /// Hamming distance, or `None` when the two hashes come from different algorithms or variants
    /// (such distances mean nothing).
    pub fn distance(&self, other: &ImageHash) -> Option<u32> {
        (self.algo == other.algo
            && self.variant == other.variant
            && self.bytes.len() == other.bytes.len())
        .then(|| {
            self.bytes
                .iter()
                .zip(&other.bytes)
                .map(|(a, b)| (a ^ b).count_ones())
                .sum()
        })
    }
}

impl fmt::Debug for ImageHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ImageHash({}", self.algo)?;
        if let Some(v) = &self.variant {
            write!(f, "/{v}")?;
        }
        write!(f, ", {})", self.to_hex())
    }
}

impl fmt::Display for ImageHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl TryFrom<ImageHashRepr> for ImageHash {
    type Error = InvalidHash;
    fn try_from(r: ImageHashRepr) -> Result<Self, Self::Error> {
        ImageHash::from_hex(r.algo, r.variant, &r.hash)
    }
}

impl From<ImageHash> for ImageHashRepr {
    fn from(h: ImageHash) -> Self {
        ImageHashRepr {
            hash: h.to_hex(),
            algo: h.algo,
            variant: h.variant,
        }
    }
}

fn decode_hex(s: &str) -> Result<Vec<u8>, String> {
    if !s.len().is_multiple_of(2) {
        return Err(format!("odd number of hex digits ({})", s.len()));
    }
    s.as_bytes()
        .chunks(2)
        .enumerate()
        .map(|(i, pair)| {
            let hi = (pair[0] as char).to_digit(16);
            let lo = (pair[1] as char).to_digit(16);
            match (hi, lo) {
                (Some(h), Some(l)) => Ok((h * 16 + l) as u8),
                _ => Err(format!(
                    "non-hex character at position {}",
                    2 * i + usize::from(hi.is_some())
                )),
            }
        })
        .collect()
}

/// A match of an image against a list of known hashes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ImageMatch {
    /// The known list it came from (as given on the command line).
    pub list: String,
    /// The known entry's id: its `id` column, else its `path`, else its line number.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Hamming distance.
    pub distance: u32,
    /// Which window of the query matched (`full` for the whole image).
    pub window: String,
}

impl ImageMatch {
    /// A match record.
    pub fn new(
        list: impl Into<String>,
        reference: impl Into<String>,
        distance: u32,
        window: impl Into<String>,
    ) -> ImageMatch {
        ImageMatch {
            list: list.into(),
            reference: reference.into(),
            distance,
            window: window.into(),
        }
    }
}

/// What the report says about one image of a document. The image itself is never kept: only its
/// SHA-256 and perceptual hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ImageFinding {
    /// The path as listed in the document.
    pub path: String,
    /// SHA-256 of the file's bytes, lowercase hex; absent when the file could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// PDQ hash, 64 lowercase hex characters; absent when the image could not be hashed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdq: Option<String>,
    /// PDQ quality, 0 to 100. Below 50 the hash is not matched by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<u8>,
    /// Matches against known lists, closest first.
    #[serde(default)]
    pub matches: Vec<ImageMatch>,
    /// PDQ hashes of crop windows of the image, when the scan was asked to record them (`redflag
    /// scan --windows`); they let `redflag link` join a photo to a cropped copy of it. Omitted
    /// when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<ImageWindow>,
    /// Why the image could not be hashed, when it could not: the wire error code (`io`, `decode`,
    /// `limit_exceeded`, `unsupported_format`), as in error records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<crate::ErrorCode>,
    /// The error's message (it names the file), when the image could not be hashed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The PDQ hash of one crop window of an image: `{"window": "c90", "pdq": "<64 hex>", "quality":
/// 87}`.
///
/// Window names and rectangles are `redflag-imagehash`'s (`c95` … `c80` centred, `tl95` …
/// corners, `l90` … sides); window hashes are ordinary PDQ hashes of the window's pixels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ImageWindow {
    /// The window's name (`c90`, `tl95`, …).
    pub window: String,
    /// Its PDQ hash, 64 lowercase hex characters.
    pub pdq: String,
    /// Its PDQ quality, 0 to 100.
    pub quality: u8,
}

impl ImageWindow {
    /// A window hash.
    pub fn new(window: impl Into<String>, pdq: impl Into<String>, quality: u8) -> ImageWindow {
        ImageWindow {
            window: window.into(),
            pdq: pdq.into(),
            quality,
        }
    }
}

impl ImageFinding {
    /// A finding for `path` with nothing filled in yet.
    pub fn new(path: impl Into<String>) -> ImageFinding {
        ImageFinding {
            path: path.into(),
            sha256: None,
            pdq: None,
            quality: None,
            matches: Vec::new(),
            windows: Vec::new(),
            error: None,
            message: None,
        }
    }
}

/// One line of `redflag hash` output: one file, one algorithm (and one window for window rows).
///
/// `{"path": "img/a.jpg", "sha256": "…", "algo": "pdq", "hash": "<64 hex>", "quality": 92}`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HashRecord {
    /// The file, as given on the command line or joined to its folder argument.
    pub path: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// The algorithm.
    pub algo: HashAlgorithm,
    /// Variant detail, when the algorithm has several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// The hash in lowercase hex.
    pub hash: String,
    /// PDQ quality, 0 to 100 (PDQ only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<u8>,
    /// The window for crop-robust rows; absent for the whole image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
}

impl HashRecord {
    /// A row for a whole image.
    pub fn new(path: impl Into<String>, sha256: impl Into<String>, hash: &ImageHash) -> HashRecord {
        HashRecord {
            path: path.into(),
            sha256: sha256.into(),
            algo: hash.algo(),
            variant: hash.variant().map(str::to_owned),
            hash: hash.to_hex(),
            quality: None,
            window: None,
        }
    }
}
