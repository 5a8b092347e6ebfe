//! Linking ads into networks for [redflag](https://github.com/redflag-project/redflag): documents
//! that share a phone number, an email, a handle, a crypto address, a near-identical photo or the
//! same template text (with names and numbers swapped) are joined into clusters an analyst can
//! open, and every join is explained.
//!
//! - [`LinkConfig`] (built with [`LinkConfig::builder`]): which [`Evidence`] links, the hub
//!   threshold, MinHash/LSH parameters, the PDQ distance limit.
//! - [`Linker`]: built once from a config; [`Linker::add`] takes one [`LinkInput`] at a time
//!   (from a [`Report`](redflag_model::Report) with [`LinkInput::from_report`], or built by
//!   hand); [`Linker::clusters`] and [`Linker::hubs`] report at any time;
//!   [`Linker::save`]/[`Linker::load`] keep the index between runs.
//! - [`Cluster`] (one `{"type": "cluster", …}` JSON line each) with its [`Shared`] values and
//!   explained [`Edge`]s; [`Hub`] for values too common to link.
//! - [`write_csv`] and [`write_graphml`] for Gephi, Neo4j and yEd; [`synth`] generates planted
//!   operations and scores a clustering against them.
//!
//! ```
//! use redflag_link::{Evidence, LinkConfig, LinkInput, Linker};
//! use redflag_model::{Entity, EntityValue, Span};
//!
//! let phone = |text: &str, at: usize, value: &str| -> Result<Entity, &'static str> {
//!     let span = Span::new(at, at + 12).ok_or("bad span")?;
//!     Ok(Entity::new(EntityValue::Phone { value: value.into() }, span, &text[span.range()], false))
//! };
//! let a = "Call 702-555-0134 for Anna, new in town, sweet and friendly, outcall only tonight";
//! let b = "Call 702-555-0199 for Olga, new in town, sweet and friendly, outcall only tonight";
//! let c = "Selling a bike, barely used. Text 702-555-0199";
//! let (ea, eb, ec) = (
//!     [phone(a, 5, "+17025550134")?],
//!     [phone(b, 5, "+17025550199")?],
//!     [phone(c, 34, "+17025550199")?],
//! );
//!
//! let config = LinkConfig::builder().hub_threshold(50).build()?;
//! let mut linker = Linker::new(config);
//! linker.add(&LinkInput::new("ad-1").with_text(a).with_entities(&ea))?;
//! linker.add(&LinkInput::new("ad-2").with_text(b).with_entities(&eb))?;
//! linker.add(&LinkInput::new("ad-3").with_text(c).with_entities(&ec))?;
//!
//! let clusters = linker.clusters();
//! assert_eq!(clusters.len(), 1);
//! assert_eq!(clusters[0].members, ["ad-1", "ad-2", "ad-3"]);
//! // ad-1 and ad-2: same template, different phones; ad-2 and ad-3: same phone.
//! assert!(clusters[0].edges.iter().any(|e| e.via == Evidence::Template && e.a == "ad-1"));
//! assert!(clusters[0].edges.iter().any(|e| e.via == Evidence::Phone && e.b == "ad-3"));
//! let line = serde_json::to_string(&clusters[0])?;
//! assert!(line.starts_with(r#"{"type":"cluster","id":1,"size":3,"members":["ad-1","ad-2","ad-3"]"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # How documents are linked
//! - **Identifiers**: phones (E.164), emails, handles (`platform:value`) and crypto addresses
//!   (`chain:address`), compared by [`EntityValue::link_key`](redflag_model::EntityValue::link_key).
//! - **Images**: PDQ hashes within Hamming distance 31 (configurable, at most 31), windows
//!   included: a document's crop-window hashes ([`ImageInput::window`], or a report's
//!   `images[].windows` from `redflag scan --windows`) are indexed beside its whole-image hashes,
//!   so a photo links to a cropped copy of it and the edge names the windows that matched
//!   (`"window": "c80/full"`); hashes with quality below 50 are skipped. The search is multi-index hashing (16
//!   slots of 16 bits, probing each slot's value and its one-bit neighbours, which the pigeonhole
//!   principle makes exact for distance ≤ 31). Identical re-posts are stored but not indexed, and
//!   bucket walks are bounded ([`LinkConfig::pdq_scan_limit`]), so a photo re-used thousands of
//!   times stays cheap; below those limits the search is exact.
//! - **Templates**: word 3-shingles of the text with entity spans, numbers and capitalized names
//!   masked, MinHash (64 permutations) and LSH (16 bands × 4 rows); candidate pairs are kept when
//!   the estimated Jaccard similarity is at least 0.5. Shingles stay inside sentences, so
//!   re-ordered sentences still match. Identical texts have similarity 1; texts with fewer than
//!   5 distinct shingles get no fingerprint.
//!
//! **Hub control**: a value (identifier, image group or template group) carried by more
//! documents than the hub threshold joins nothing and is listed by [`Linker::hubs`], so a
//! platform's support number cannot glue the corpus into one giant component. A count alone
//! cannot tell boilerplate from an operation of the same size (in 5,000 ads a template kit copied
//! by 33 unrelated posters and a 33-ad operation look alike), so templates and images are also
//! hubs when they are spread over many **independent contacts**: at least
//! [`LinkConfig::hub_posters`] (default 8) groups of documents that share no identifier,
//! making up at least [`LinkConfig::hub_poster_share`] (default 80 %) of the documents with
//! identifiers. An operation re-posting its template uses a few phones (and burners tied to it
//! by an email or handle); a kit or stock photo copied by unrelated posters brings a new contact
//! with nearly every copy. The hub line says which rule fired (`"reason": "count"` or
//! `"posters"`, with the number of contacts), so an analyst can open it: an operation that uses
//! a fresh phone on every ad and nothing else in common would be reported there.
//!
//! # Determinism
//! All hashing uses fixed, documented functions and seeds (FNV-1a 64 with the SplitMix64 mixer;
//! MinHash permutations `(a·x + b) >> 32` from a SplitMix64 stream seeded with
//! [`LinkConfig::seed`]), so results are the same across runs and machines. The partition into
//! clusters does not depend on the order documents are added, as long as no LSH or PDQ bucket
//! outgrows its scan limit ([`LinkConfig::scan_limit`], [`LinkConfig::pdq_scan_limit`]): only
//! massively duplicated texts or photos do, and those are hubs. Cluster ids are ranks in the
//! output order.
//!
//! # Performance and untrusted input
//! Memory per document is bounded: no text is kept, only keys, a 64-value signature and image
//! hashes. Nothing in [`Linker::add`] panics on input: invalid spans are ignored for masking, bad
//! hashes and duplicate ids are typed [`Error`]s, and a malformed state file is
//! [`Error::State`]. See `BENCHMARKS.md` for throughput and memory on a million documents.
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

mod cluster;
mod config;
mod error;
mod export;
mod hash;
mod input;
mod linker;
mod pdq;
mod state;
pub mod synth;
mod template;
mod uf;

pub use cluster::{Cluster, Edge, Hub, HubReason, Shared};
pub use config::{Evidence, LinkConfig, LinkConfigBuilder, Toggle};
pub use error::Error;
pub use export::{CsvFlavor, write_csv, write_graphml};
pub use input::{ImageInput, LinkInput};
pub use linker::Linker;
pub use state::STATE_FORMAT;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
