//! Entity extraction for redflag: phones, emails, URLs, handles, crypto addresses, prices and ages.
//!
//! This is the foundation version: the [`Extractor`] API is in place and extracts nothing yet; the
//! extractors land with the entities issue.
//!
//! ```
//! use redflag_entities::Extractor;
//! let extractor = Extractor::new();
//! let entities = extractor.extract("call me", None);
//! assert!(entities.iter().all(|e| e.span.end() <= "call me".len()));
//! ```
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

use redflag_model::{Entity, EntityKind, Region};

/// An error building an [`Extractor`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No entity kind was enabled.
    #[error("no entity kind enabled")]
    NoKinds,
}

/// Finds entities in text. Build once, share across threads.
#[derive(Clone, Debug)]
pub struct Extractor {
    region: Option<Region>,
    kinds: Vec<EntityKind>,
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
        Extractor {
            region: None,
            kinds: EntityKind::ALL.to_vec(),
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
        None
    }

    /// Entities in `text`, in text order. `region` overrides the extractor's default region.
    pub fn extract(&self, _text: &str, _region: Option<Region>) -> Vec<Entity> {
        Vec::new()
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
    /// When no kind is enabled.
    pub fn build(&self) -> Result<Extractor, Error> {
        if self.kinds.is_empty() {
            return Err(Error::NoKinds);
        }
        Ok(Extractor {
            region: self.region,
            kinds: self.kinds.clone(),
        })
    }
}
