//! Entity extraction for redflag: phones, emails, URLs, handles, crypto addresses, prices and ages,
//! seen through the obfuscation that ads use to hide them.
//!
//! Investigators link ads into networks through the identifiers in them, and an obscured phone
//! number is itself an indicator. An [`Extractor`] is built once (enabled kinds, default region),
//! is `Send + Sync`, and [`Extractor::extract`] returns [`Entity`] values from `redflag-model`:
//! kind and normalized value, a byte span into the original text, the matched text, and whether the
//! written form hid the value.
//!
//! - **Phones**: a digit-aware scan sees through number words (nine languages), `O`/`l` for
//!   digits, fullwidth, mathematical, circled and keycap digits, and digits split by spaces, dots,
//!   dashes, slashes or emoji; candidates are validated and formatted to E.164 with
//!   libphonenumber metadata ([`PhoneNumber`]) for the document's region, the extractor's default,
//!   the number's own `+`/`00` prefix, or regions inferred from the document (cities, currencies,
//!   dialling prefixes, letters, TLDs).
//! - **Emails**, also `name [at] gmail [dot] com`; **URLs** and bare domains; **handles** with their
//!   platform from cue words and links; **crypto addresses** with checksums ([`CryptoAddress`]);
//!   **prices** with currency and unit; **ages**.
//!
//! ```
//! use redflag_entities::Extractor;
//! use redflag_model::EntityValue;
//!
//! let extractor = Extractor::builder().region("US".parse()?).build()?;
//! let text = "new in town 💋 call 7o2-555-Ol34, snap: jenny_22, 150 roses/hr";
//! let entities = extractor.extract(text, None);
//! let phone = entities.iter().find(|e| matches!(e.value, EntityValue::Phone { .. }))
//!     .ok_or("no phone")?;
//! assert_eq!(phone.value.value(), "+17025550134");
//! assert_eq!(phone.matched, "7o2-555-Ol34");
//! assert!(phone.obfuscated);
//! assert_eq!(&text[phone.span.range()], phone.matched);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Performance
//! Build the extractor once and share it: construction compiles regular expressions and tables.
//! Extraction is one pass per kind over the text; candidate windows are bounded, so time grows
//! linearly with the input. Restrict [`ExtractorBuilder::kinds`] to compute only what you need.
//!
//! # Untrusted input
//! Extraction never panics and never fails: any `&str` is accepted and every span lies on `char`
//! boundaries of the input. Only configuration can fail ([`Error`]).
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

mod digits;
mod phone;

pub use phone::PhoneNumber;

use redflag_model::{Entity, EntityKind, EntityValue, Region, Span};

/// The error type of this crate: configuration mistakes and values that fail validation.
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The builder was given an empty list of kinds.
    #[error("no entity kind enabled")]
    NoKinds,
    /// The text is not a valid phone number for the region (the number is not repeated here: it
    /// is personal data).
    #[error("invalid phone number")]
    InvalidPhone,
    /// The text is not an address of the chain, or its checksum is wrong.
    #[error("invalid {chain} address")]
    InvalidCryptoAddress {
        /// The chain tried (`any` when none was given).
        chain: &'static str,
    },
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error { kind }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

/// Finds entities in text. Build once, share across threads.
#[derive(Clone, Debug)]
pub struct Extractor {
    region: Option<Region>,
    kinds: Vec<EntityKind>,
    phones: phone::PhoneTables,
}

/// Configures an [`Extractor`].
#[derive(Clone, Debug)]
pub struct ExtractorBuilder {
    region: Option<Region>,
    kinds: Vec<EntityKind>,
}

impl Default for Extractor {
    fn default() -> Extractor {
        Extractor::new()
    }
}

impl Extractor {
    /// An extractor for every kind with no default region.
    pub fn new() -> Extractor {
        Extractor::with(None, EntityKind::ALL.to_vec())
    }

    fn with(region: Option<Region>, kinds: Vec<EntityKind>) -> Extractor {
        Extractor {
            region,
            kinds,
            phones: phone::PhoneTables::new(),
        }
    }

    /// A builder.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder {
            region: None,
            kinds: EntityKind::ALL.to_vec(),
        }
    }

    /// The default region for national phone numbers.
    pub fn region(&self) -> Option<Region> {
        self.region
    }

    /// The kinds this extractor looks for.
    pub fn kinds(&self) -> &[EntityKind] {
        &self.kinds
    }

    /// The version of the phone-number metadata in use, for provenance.
    pub fn phone_metadata(&self) -> Option<&str> {
        Some(phone::PHONE_METADATA)
    }

    fn wants(&self, kind: EntityKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// Entities in `text`, in text order. `region` overrides the extractor's default region.
    pub fn extract(&self, text: &str, region: Option<Region>) -> Vec<Entity> {
        let region = region.or(self.region);
        let mut out: Vec<Entity> = Vec::new();
        if self.wants(EntityKind::Phone) {
            for p in phone::find(&self.phones, text, region) {
                push(
                    &mut out,
                    text,
                    p.start,
                    p.end,
                    EntityValue::Phone { value: p.e164 },
                    p.obfuscated,
                );
            }
        }
        out.sort_by_key(|e| (e.span.start(), e.span.end()));
        out
    }
}

/// Appends an entity when the span is valid for `text` (always, by construction; checked anyway so
/// that a bug can never produce a span that slices badly).
fn push(
    out: &mut Vec<Entity>,
    text: &str,
    start: usize,
    end: usize,
    value: EntityValue,
    obfuscated: bool,
) {
    if let (Some(span), Some(matched)) = (Span::new(start, end), text.get(start..end))
        && !matched.is_empty()
    {
        out.push(Entity::new(value, span, matched, obfuscated));
    }
}

impl ExtractorBuilder {
    /// Sets the default region.
    pub fn region(&mut self, region: Region) -> &mut Self {
        self.region = Some(region);
        self
    }

    /// Sets the kinds to extract.
    pub fn kinds(&mut self, kinds: &[EntityKind]) -> &mut Self {
        self.kinds = kinds.to_vec();
        self
    }

    /// Builds the extractor.
    ///
    /// # Errors
    /// [`ErrorKind::NoKinds`] when no kind is enabled.
    pub fn build(&self) -> Result<Extractor, Error> {
        if self.kinds.is_empty() {
            return Err(Error::new(ErrorKind::NoKinds));
        }
        Ok(Extractor::with(self.region, self.kinds.clone()))
    }
}

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
