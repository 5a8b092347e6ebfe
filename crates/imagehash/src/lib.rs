//! Image hashing for redflag: PDQ exactly as Meta's reference computes it, pHash/dHash/aHash, crop-robust
//! window hashes, known-hash lists and an exact Hamming-radius index.
//!
//! Known images tie a new ad to a known victim or operation: the same photos come back resized,
//! recompressed, cropped and watermarked. This crate turns an image file into hashes and finds
//! known hashes near them.
//!
//! # Main types
//! * [`Hasher`] (built by [`HasherBuilder`]): decodes a file under [`Limits`], computes its SHA-256,
//!   PDQ hash and quality, optionally the 8 dihedral PDQ hashes, the PDQ hashes of the crop windows
//!   ([`windows`]) and the 64-bit hashes, into an [`ImageDigest`]. [`ImageDigest::records`] gives
//!   the `redflag hash` rows, [`ImageDigest::finding`] the report's image finding.
//! * [`pdq`]: the PDQ algorithm itself, bit-exact with the reference (also on degenerate images).
//! * [`KnownList`]: CSV / ThreatExchange / plain-line lists of known hashes.
//! * [`HashIndex`]: known hashes with ids, lists and windows; exact radius search (multi-index
//!   hashing for radius ≤ 31, a linear scan beyond); [`HashIndex::match_digest`] matches a whole
//!   digest (windows and dihedral hashes included) and returns the report's `ImageMatch`es.
//!
//! # Example
//! ```
//! use redflag_imagehash::{HashIndex, Hasher, KnownList, KnownListOptions, image};
//! // An image (normally: `hasher.hash_file(path)?`).
//! let img = image::RgbImage::from_fn(320, 240, |x, y| image::Rgb([(x % 256) as u8, (y * x % 251) as u8, 90]));
//! let hasher = Hasher::builder().build()?;
//! let digest = hasher.hash_image(&image::DynamicImage::ImageRgb8(img));
//! let pdq = digest.pdq.as_ref().ok_or("no pdq")?;
//! assert_eq!(pdq.hash.to_hex().len(), 64);
//!
//! // A known list containing that hash, and a match.
//! let text = format!("id,pdq,quality\ncase-3/7,{},{}\n", pdq.hash.to_hex(), pdq.quality);
//! let list = KnownList::parse("known.csv", &text, &KnownListOptions::default())?;
//! let mut index = HashIndex::new();
//! index.add_list(&list);
//! let matches = index.match_digest(&digest, 31, 0);
//! assert_eq!(matches[0].reference, "case-3/7");
//! assert_eq!(matches[0].distance, 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Conventions
//! PDQ hashes are the full-resolution convention (no pre-resize), the one python-threatexchange,
//! HMA, the Java reference and the `pdqhash` Python binding use; EXIF orientation is not applied
//! unless asked ([`Orientation::ApplyExif`]). Hex is the reference's `Hash256::format()` order.
//! 64-bit hashes are bytes most-significant-bit first, row-major (Python `imagehash` layout), and
//! carry their `image_hasher` configuration as `variant`.
//!
//! # Performance
//! Build the [`Hasher`] and [`HashIndex`] once and share them. PDQ hashing runs 1.9–4.7× faster
//! than the C++ reference on the same pixels (single core; `BENCHMARKS.md`); the 20
//! window hashes work on a copy reduced to ≤ 256 px per side and cost about as much again as the
//! whole-image hash; dihedral hashes are nearly free. A radius-31 query on a million PDQ hashes
//! takes well under a millisecond (multi-index hashing), 6–10× faster than faiss. Only ask for what
//! you need.
//!
//! # Untrusted input
//! Files are read under a size cap; the declared image size is checked against the pixel and
//! allocation limits before decoding; decoder failures are [`Error::Decode`]. JPEG is decoded with
//! libjpeg-turbo's decoder (C, through the `mozjpeg` crate; its fatal errors are caught and typed)
//! after a marker walk that refuses truncated files and scan-count bombs, so JPEG pixels are the
//! ones Pillow and the PDQ reference hash. Hash lists and index files are parsed with bounds checks
//! and errors naming the file and line. Nothing panics on input.
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

mod decode;
mod error;
mod hasher;
mod index;
#[cfg(panic = "unwind")]
mod jpeg;
mod known;
pub mod pdq;
pub mod windows;

pub use decode::{Limits, Orientation, decode};
pub use error::Error;
pub use hasher::{
    Dihedral, Hasher, HasherBuilder, ImageDigest, PdqDigest, WindowHash, sha256_file, variant_of,
};
pub use index::{HashIndex, IndexMatch, MIH_MIN_ENTRIES, MIH64_MAX_RADIUS, Strategy};
pub use known::{KnownEntry, KnownList, KnownListOptions};
pub use windows::Windows;

/// The `image` crate this crate decodes with (0.25), for callers who pass decoded images.
pub use image;

/// The minimum PDQ quality at which hashes are matched by default (python-threatexchange's
/// threshold; the reference recommends discarding quality ≤ 49).
pub const MIN_QUALITY: u8 = 50;

/// The recommended PDQ match distance (ThreatExchange: distance ≤ 31).
pub const DEFAULT_MAX_DISTANCE: u32 = 31;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
