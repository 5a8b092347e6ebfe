//! redflag: detection building blocks against technology-facilitated human trafficking.
//!
//! redflag finds signs of trafficking in online ads, job offers and posts: indicator language (also
//! when disguised as `𝓯𝓻𝓮𝓼𝓱`, `y o u n g` or with look-alike letters), contact and payment
//! identifiers, and known images. Its findings are **leads for a person to review, never verdicts**:
//! every hit points at the exact bytes of the input that caused it, and every score point is
//! attributed to a rule.
//!
//! This facade composes the focused crates, each re-exported as a module:
//!
//! - [`model`] (`redflag-model`): the shared serde data model ([`model::Document`],
//!   [`model::Report`], spans, hits, entities, image hashes).
//! - `text` (`redflag-text`, feature `text`): lexicons, obfuscation-robust matching and scoring.
//! - `entities` (`redflag-entities`, feature `entities`): phones, emails, URLs, handles, crypto
//!   addresses, prices and ages.
//! - `imagehash` (`redflag-imagehash`, feature `imagehash`): perceptual hashes and the index of known
//!   hashes. It pulls in image decoders; leave the feature off if you only scan text.
//! - `link` (`redflag-link`, feature `link`): linking documents into networks through shared
//!   identifiers, near-duplicate templates and images.
//!
//! [`Detector`] runs them on a [`model::Document`] and returns a [`model::Report`]: it extracts
//! entities, turns disguised identifiers and known-image matches into the lexicon's signals, matches
//! and scores the text, and records provenance so the report can be reproduced.
//!
//! ```
//! use redflag::Detector;
//! use redflag::model::{Document, RiskLevel};
//! let detector = Detector::builder().build()?;          // embedded lexicon, every part
//! let doc = Document::new("ad-1", "Selling a used sofa, pick up only.");
//! let report = detector.scan(&doc);
//! assert_eq!(report.id, "ad-1");
//! assert_eq!(report.level, RiskLevel::None);
//! let line = serde_json::to_string(&report)?;           // one JSONL line of `redflag scan`
//! assert!(line.starts_with(r#"{"type":"report","schema":"redflag.report/1""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//! `text`, `entities`, `imagehash` and `link` are on by default; each can be left out, and the detector then
//! simply does not run that part.
//!
//! # Performance
//! Build the [`Detector`] once: it compiles the lexicon and loads phone metadata. It is `Send + Sync`;
//! share it (by reference or `Arc`) across threads and call [`Detector::scan`] from each.
//!
//! # Untrusted input
//! Scanning never fails and never panics: any UTF-8 text gives a report. Errors come only from
//! configuration (a malformed lexicon) when the detector is built.
#![deny(unsafe_code)]
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

pub use redflag_model as model;

#[cfg(feature = "entities")]
pub use redflag_entities as entities;
#[cfg(feature = "imagehash")]
pub use redflag_imagehash as imagehash;
#[cfg(feature = "link")]
pub use redflag_link as link;
#[cfg(feature = "text")]
pub use redflag_text as text;

mod detector;
pub use detector::{Detector, DetectorBuilder, Error};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
