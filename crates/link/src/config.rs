//! Linking configuration: which evidence links, hub threshold, MinHash/LSH and PDQ parameters.

use crate::Error;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A kind of evidence that can join two documents; the `via` of an [`Edge`](crate::Edge).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Evidence {
    /// The same phone number (E.164).
    Phone,
    /// The same email address.
    Email,
    /// The same handle on the same platform (`platform:value`).
    Handle,
    /// The same crypto address on the same chain (`chain:address`).
    Crypto,
    /// Images within the PDQ distance limit (windows included).
    Image,
    /// Near-duplicate text: the same template with entities, numbers and names masked.
    Template,
}

impl Evidence {
    /// Every kind, in a fixed order.
    pub const ALL: [Evidence; 6] = [
        Evidence::Phone,
        Evidence::Email,
        Evidence::Handle,
        Evidence::Crypto,
        Evidence::Image,
        Evidence::Template,
    ];

    /// The wire name (`"phone"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Evidence::Phone => "phone",
            Evidence::Email => "email",
            Evidence::Handle => "handle",
            Evidence::Crypto => "crypto",
            Evidence::Image => "image",
            Evidence::Template => "template",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Evidence {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Evidence::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown evidence `{s}` (expected phone, email, handle, crypto, image or template)"
                )
            })
    }
}

/// The validated configuration of a [`Linker`](crate::Linker). Build it with
/// [`LinkConfig::builder`]; [`LinkConfig::default`] is the documented default.
///
/// It is saved with the linker's state, because a state file can only be extended with the
/// settings that built it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawConfig")]
#[non_exhaustive]
pub struct LinkConfig {
    evidence: u8,
    hub_threshold: u32,
    num_hashes: u32,
    bands: u32,
    rows: u32,
    shingle: u32,
    min_shingles: u32,
    similarity: f64,
    seed: u64,
    pdq_max_distance: u32,
    pdq_min_quality: u8,
    scan_limit: u32,
    pdq_scan_limit: u32,
    min_cluster_size: u32,
    hub_posters: u32,
    hub_poster_share: f64,
}

fn default_hub_posters() -> u32 {
    LinkConfig::default().hub_posters
}

fn default_hub_poster_share() -> f64 {
    LinkConfig::default().hub_poster_share
}

/// The serialized form, validated into a [`LinkConfig`] when read.
#[derive(Deserialize)]
struct RawConfig {
    evidence: u8,
    hub_threshold: u32,
    num_hashes: u32,
    bands: u32,
    rows: u32,
    shingle: u32,
    min_shingles: u32,
    similarity: f64,
    seed: u64,
    pdq_max_distance: u32,
    pdq_min_quality: u8,
    scan_limit: u32,
    pdq_scan_limit: u32,
    min_cluster_size: u32,
    // States saved before these settings existed read the defaults.
    #[serde(default = "default_hub_posters")]
    hub_posters: u32,
    #[serde(default = "default_hub_poster_share")]
    hub_poster_share: f64,
}

impl TryFrom<RawConfig> for LinkConfig {
    type Error = Error;
    fn try_from(r: RawConfig) -> Result<LinkConfig, Error> {
        let config = LinkConfig {
            evidence: r.evidence,
            hub_threshold: r.hub_threshold,
            num_hashes: r.num_hashes,
            bands: r.bands,
            rows: r.rows,
            shingle: r.shingle,
            min_shingles: r.min_shingles,
            similarity: r.similarity,
            seed: r.seed,
            pdq_max_distance: r.pdq_max_distance,
            pdq_min_quality: r.pdq_min_quality,
            scan_limit: r.scan_limit,
            pdq_scan_limit: r.pdq_scan_limit,
            min_cluster_size: r.min_cluster_size,
            hub_posters: r.hub_posters,
            hub_poster_share: r.hub_poster_share,
        };
        config.validate()?;
        Ok(config)
    }
}

impl Default for LinkConfig {
    fn default() -> LinkConfig {
        LinkConfig {
            evidence: Evidence::ALL.iter().fold(0, |acc, e| acc | e.bit()),
            hub_threshold: 100,
            num_hashes: 64,
            bands: 16,
            rows: 4,
            shingle: 3,
            min_shingles: 5,
            similarity: 0.5,
            seed: 0x7265_6466_6c61_6721, // "redflag!"
            pdq_max_distance: 31,
            pdq_min_quality: 50,
            scan_limit: 1000,
            pdq_scan_limit: 64,
            min_cluster_size: 2,
            hub_posters: 8,
            hub_poster_share: 0.8,
        }
    }
}

impl LinkConfig {
    /// A builder starting from the defaults.
    pub fn builder() -> LinkConfigBuilder {
        LinkConfigBuilder {
            config: LinkConfig::default(),
        }
    }

    /// Whether this kind of evidence links documents (all kinds by default).
    pub fn links(&self, evidence: Evidence) -> bool {
        self.evidence & evidence.bit() != 0
    }

    /// A value shared by **more** documents than this is a hub and joins nothing (default 100).
    pub fn hub_threshold(&self) -> u32 {
        self.hub_threshold
    }

    /// A template or image group is also a hub when its documents carry at least this many
    /// independent contacts (default 8; 0 turns the rule off) and those make up at least
    /// [`hub_poster_share`](LinkConfig::hub_poster_share) of its documents with contacts: text or
    /// a photo that many unrelated posters copy (boilerplate, a stock photo) rather than one
    /// operation re-posting. See [`Linker::hubs`](crate::Linker::hubs) for how contacts are
    /// counted.
    pub fn hub_posters(&self) -> u32 {
        self.hub_posters
    }

    /// See [`hub_posters`](LinkConfig::hub_posters) (default 0.8).
    pub fn hub_poster_share(&self) -> f64 {
        self.hub_poster_share
    }

    /// MinHash signature length (default 64 = `bands × rows`).
    pub fn num_hashes(&self) -> u32 {
        self.num_hashes
    }

    /// LSH bands (default 16).
    pub fn bands(&self) -> u32 {
        self.bands
    }

    /// LSH rows per band (default 4).
    pub fn rows(&self) -> u32 {
        self.rows
    }

    /// Words per shingle (default 3).
    pub fn shingle(&self) -> u32 {
        self.shingle
    }

    /// Texts with fewer distinct shingles get no template fingerprint (default 5).
    pub fn min_shingles(&self) -> u32 {
        self.min_shingles
    }

    /// Estimated Jaccard similarity at or above which two texts are near-duplicates (default 0.5).
    pub fn similarity(&self) -> f64 {
        self.similarity
    }

    /// Seed of the MinHash permutations (default `0x7265_6466_6c61_6721`, "redflag!").
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Largest PDQ Hamming distance that links two images (default 31, at most 31).
    pub fn pdq_max_distance(&self) -> u32 {
        self.pdq_max_distance
    }

    /// PDQ hashes of lower quality are not linked (default 50).
    pub fn pdq_min_quality(&self) -> u8 {
        self.pdq_min_quality
    }

    /// At most this many earlier documents of one LSH bucket are compared with a new document
    /// (default 1000, the most recent first). This bounds the work on massively duplicated texts
    /// (which are hubs anyway); linking is exact as long as no bucket holds more documents.
    pub fn scan_limit(&self) -> u32 {
        self.scan_limit
    }

    /// At most this many hashes of one PDQ index bucket (one 16-bit slot value) are compared with
    /// a new hash (default 64, the most recent first). Random hashes fill a bucket with about one
    /// hash per 65,536 indexed, so search stays exact up to millions of images; only a heavily
    /// re-used photo (a hub or a large operation) fills a bucket, and its most recent copies are
    /// then the ones compared.
    pub fn pdq_scan_limit(&self) -> u32 {
        self.pdq_scan_limit
    }

    /// [`Linker::clusters`](crate::Linker::clusters) leaves out smaller clusters (default 2, so
    /// unlinked documents are not listed; 1 lists every document).
    pub fn min_cluster_size(&self) -> u32 {
        self.min_cluster_size
    }

    pub(crate) fn validate(&self) -> Result<(), Error> {
        let bad = |field, message: String| Err(Error::InvalidConfig { field, message });
        if self.evidence == 0 {
            return bad("evidence", "no evidence kind enabled".into());
        }
        if self.hub_threshold < 2 {
            return bad(
                "hub_threshold",
                format!("must be at least 2, got {}", self.hub_threshold),
            );
        }
        if !(1..=1024).contains(&self.num_hashes) {
            return bad(
                "num_hashes",
                format!("must be 1 to 1024, got {}", self.num_hashes),
            );
        }
        if self.bands == 0
            || self.rows == 0
            || u64::from(self.bands) * u64::from(self.rows) > u64::from(self.num_hashes)
        {
            return bad(
                "bands",
                format!(
                    "bands ({}) × rows ({}) must be at least 1 and at most num_hashes ({})",
                    self.bands, self.rows, self.num_hashes
                ),
            );
        }
        if !(1..=16).contains(&self.shingle) {
            return bad("shingle", format!("must be 1 to 16, got {}", self.shingle));
        }
        if !(self.similarity > 0.0 && self.similarity <= 1.0) {
            return bad(
                "similarity",
                format!("must be in (0, 1], got {}", self.similarity),
            );
        }
        if self.pdq_max_distance > 31 {
            return bad(
                "pdq_max_distance",
                format!("must be at most 31, got {}", self.pdq_max_distance),
            );
        }
        if self.pdq_min_quality > 100 {
            return bad(
                "pdq_min_quality",
                format!("must be at most 100, got {}", self.pdq_min_quality),
            );
        }
        if self.scan_limit == 0 {
            return bad("scan_limit", "must be at least 1".into());
        }
        if self.pdq_scan_limit == 0 {
            return bad("pdq_scan_limit", "must be at least 1".into());
        }
        if self.min_cluster_size == 0 {
            return bad("min_cluster_size", "must be at least 1".into());
        }
        if !(self.hub_poster_share > 0.0 && self.hub_poster_share <= 1.0) {
            return bad(
                "hub_poster_share",
                format!("must be in (0, 1], got {}", self.hub_poster_share),
            );
        }
        Ok(())
    }
}

/// Builds a [`LinkConfig`]. Setters take `&mut self`; [`build`](LinkConfigBuilder::build)
/// validates and can be called many times.
#[derive(Clone, Debug)]
pub struct LinkConfigBuilder {
    config: LinkConfig,
}

impl LinkConfigBuilder {
    /// Links by exactly these kinds of evidence.
    pub fn evidence(&mut self, kinds: &[Evidence]) -> &mut Self {
        self.config.evidence = kinds.iter().fold(0, |acc, e| acc | e.bit());
        self
    }

    /// Turns one kind of evidence on or off.
    pub fn link(&mut self, kind: Evidence, on: Toggle) -> &mut Self {
        match on {
            Toggle::On => self.config.evidence |= kind.bit(),
            Toggle::Off => self.config.evidence &= !kind.bit(),
        }
        self
    }

    /// See [`LinkConfig::hub_threshold`]; at least 2.
    pub fn hub_threshold(&mut self, n: u32) -> &mut Self {
        self.config.hub_threshold = n;
        self
    }

    /// See [`LinkConfig::hub_posters`]; 0 turns the rule off.
    pub fn hub_posters(&mut self, n: u32) -> &mut Self {
        self.config.hub_posters = n;
        self
    }

    /// See [`LinkConfig::hub_poster_share`]; in (0, 1].
    pub fn hub_poster_share(&mut self, share: f64) -> &mut Self {
        self.config.hub_poster_share = share;
        self
    }

    /// MinHash signature length and LSH banding; `bands × rows ≤ num_hashes`. The LSH
    /// candidate threshold is about `(1 / bands)^(1 / rows)`.
    pub fn minhash(&mut self, num_hashes: u32, bands: u32, rows: u32) -> &mut Self {
        self.config.num_hashes = num_hashes;
        self.config.bands = bands;
        self.config.rows = rows;
        self
    }

    /// See [`LinkConfig::shingle`]; 1 to 16.
    pub fn shingle(&mut self, words: u32) -> &mut Self {
        self.config.shingle = words;
        self
    }

    /// See [`LinkConfig::min_shingles`].
    pub fn min_shingles(&mut self, n: u32) -> &mut Self {
        self.config.min_shingles = n;
        self
    }

    /// See [`LinkConfig::similarity`]; in (0, 1].
    pub fn similarity(&mut self, threshold: f64) -> &mut Self {
        self.config.similarity = threshold;
        self
    }

    /// See [`LinkConfig::seed`].
    pub fn seed(&mut self, seed: u64) -> &mut Self {
        self.config.seed = seed;
        self
    }

    /// See [`LinkConfig::pdq_max_distance`]; at most 31.
    pub fn pdq_max_distance(&mut self, d: u32) -> &mut Self {
        self.config.pdq_max_distance = d;
        self
    }

    /// See [`LinkConfig::pdq_min_quality`]; 0 links every hash.
    pub fn pdq_min_quality(&mut self, q: u8) -> &mut Self {
        self.config.pdq_min_quality = q;
        self
    }

    /// See [`LinkConfig::scan_limit`].
    pub fn scan_limit(&mut self, n: u32) -> &mut Self {
        self.config.scan_limit = n;
        self
    }

    /// See [`LinkConfig::pdq_scan_limit`].
    pub fn pdq_scan_limit(&mut self, n: u32) -> &mut Self {
        self.config.pdq_scan_limit = n;
        self
    }

    /// See [`LinkConfig::min_cluster_size`].
    pub fn min_cluster_size(&mut self, n: u32) -> &mut Self {
        self.config.min_cluster_size = n;
        self
    }

    /// The validated configuration.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] naming the setting that is out of range.
    pub fn build(&self) -> Result<LinkConfig, Error> {
        self.config.validate()?;
        Ok(self.config.clone())
    }
}

/// On or off, for [`LinkConfigBuilder::link`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Toggle {
    /// Enabled.
    On,
    /// Disabled.
    Off,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_documented() {
        let c = LinkConfig::builder().build();
        assert!(c.is_ok());
        let c = LinkConfig::default();
        assert_eq!(c.hub_threshold(), 100);
        assert_eq!(c.pdq_max_distance(), 31);
        assert!(Evidence::ALL.iter().all(|&e| c.links(e)));
    }

    #[test]
    fn out_of_range_settings_are_errors() {
        let field = |b: &LinkConfigBuilder| match b.build() {
            Err(Error::InvalidConfig { field, .. }) => field,
            _ => "",
        };
        assert_eq!(
            field(LinkConfig::builder().hub_threshold(1)),
            "hub_threshold"
        );
        assert_eq!(field(LinkConfig::builder().minhash(64, 16, 5)), "bands");
        assert_eq!(field(LinkConfig::builder().similarity(1.5)), "similarity");
        assert_eq!(
            field(LinkConfig::builder().similarity(f64::NAN)),
            "similarity"
        );
        assert_eq!(
            field(LinkConfig::builder().pdq_max_distance(32)),
            "pdq_max_distance"
        );
        assert_eq!(field(LinkConfig::builder().evidence(&[])), "evidence");
        assert_eq!(
            field(LinkConfig::builder().hub_poster_share(0.0)),
            "hub_poster_share"
        );
        let c = LinkConfig::builder()
            .link(Evidence::Template, Toggle::Off)
            .build();
        assert!(c.is_ok_and(|c| !c.links(Evidence::Template) && c.links(Evidence::Phone)));
    }

    #[test]
    fn deserializing_validates() {
        let json = serde_json::to_string(&LinkConfig::default()).unwrap_or_default();
        let back: Result<LinkConfig, _> = serde_json::from_str(&json);
        assert!(back.is_ok_and(|c| c == LinkConfig::default()));
        // A state saved before the poster rule existed reads its defaults.
        let old = json.replace(",\"hub_posters\":8,\"hub_poster_share\":0.8", "");
        assert_ne!(old, json);
        let back: Result<LinkConfig, _> = serde_json::from_str(&old);
        assert!(back.is_ok_and(|c| c == LinkConfig::default()));
        let bad = json.replace("\"bands\":16", "\"bands\":0");
        let err = serde_json::from_str::<LinkConfig>(&bad)
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("bands")));
    }

    #[test]
    fn evidence_names_round_trip() {
        for e in Evidence::ALL {
            assert_eq!(e.as_str().parse::<Evidence>(), Ok(e));
        }
        assert!("url".parse::<Evidence>().is_err());
    }
}
