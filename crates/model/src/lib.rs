//! The shared data model of [redflag](https://github.com/redflag-project/redflag): the types every
//! redflag crate produces and every tool that reads redflag output consumes.
//!
//! - [`Document`]: one ad or post to scan (`id`, `text`, optional `region`, `lang`, `images`).
//! - [`Span`]: a byte range into the **original** text, always on `char` boundaries.
//! - [`IndicatorHit`]: a lexicon rule that fired, with the [`Transform`]s undone to see it.
//! - [`Entity`]: a phone, email, URL, handle, crypto address, price or age ([`EntityValue`]).
//! - [`ImageHash`], [`ImageFinding`] (with its crop [`ImageWindow`]s), [`ImageMatch`], [`HashRecord`]:
//!   perceptual hashes and matches.
//! - [`Report`]: everything found in one document, with its [`RiskLevel`], score contributions and
//!   [`Provenance`]; [`ErrorRecord`]: the line written in place of a record that failed.
//!
//! The crate holds plain data and validation only. Other tools store and exchange these types, so
//! their JSON shape is a contract: field names are snake_case and stable, spans are flattened to
//! `start`/`end`, and values that hold personal data (document text, phone numbers, emails,
//! handles) never print through `Debug`.
//!
//! ```
//! use redflag_model::{Entity, EntityValue, Report, Span};
//! let text = "call 7o2 555 0134";
//! let span = Span::new(5, 17).ok_or("bad span")?;
//! let phone = Entity::new(
//!     EntityValue::Phone { value: "+17025550134".into() },
//!     span,
//!     &text[span.range()],
//!     true,
//! );
//! let mut report = Report::new("ad-1", "…");
//! report.entities.push(phone);
//! let json = serde_json::to_string(&report)?;
//! assert!(json.contains(r#""kind":"phone","value":"+17025550134","start":5,"end":17"#));
//! let back: Report = serde_json::from_str(&json)?;
//! assert_eq!(back, report);
//! // Personal data stays out of logs:
//! assert!(!format!("{:?}", report.entities[0]).contains("555"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

mod document;
mod entity;
mod image;
mod indicator;
mod record;
mod region;
mod report;
mod span;

pub use document::Document;
pub use entity::{Chain, Entity, EntityKind, EntityValue, Platform, RateUnit};
pub use image::{
    HashAlgorithm, HashRecord, ImageFinding, ImageHash, ImageMatch, ImageWindow, InvalidHash,
};
pub use indicator::{IndicatorHit, RuleId, Signal, Transform};
pub use record::{ErrorCode, ErrorRecord, Record};
pub use region::{InvalidRegion, Region};
/// Lowercase hexadecimal of `bytes` (`[0xab, 0x01]` → `"ab01"`), the form of every digest in reports.
///
/// ```
/// assert_eq!(redflag_model::to_hex(&[0xab, 0x01, 0xff]), "ab01ff");
/// ```
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    // Bytes first, one string at the end: pushing chars one by one cost ~25 instructions a byte.
    let mut out = vec![0u8; bytes.len() * 2];
    for (pair, &b) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = DIGITS[usize::from(b >> 4)];
        pair[1] = DIGITS[usize::from(b & 0x0f)];
    }
    // Only ASCII digits were written, so this is always `Ok`.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

pub use report::{
    Contribution, LexiconInfo, Part, Provenance, REPORT_SCHEMA, Report, RiskLevel, ScanOptions,
    Warning,
};
pub use span::{InvalidSpan, Span};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
