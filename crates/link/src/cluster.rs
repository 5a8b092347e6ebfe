//! What the linker reports: clusters, their shared values and explained edges, and hubs.

use crate::Evidence;
use redflag_model::RiskLevel;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The `"type": "cluster"` marker.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
enum ClusterTag {
    #[default]
    #[serde(rename = "cluster")]
    Cluster,
}

/// The `"type": "hub"` marker.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
enum HubTag {
    #[default]
    #[serde(rename = "hub")]
    Hub,
}

/// A connected component of the evidence graph: one line of `redflag link` output.
///
/// ```json
/// {"type": "cluster", "id": 1, "size": 3, "members": ["ad-1", "ad-2", "ad-7"],
///  "shared": [{"kind": "phone", "value": "+17025550134", "count": 3}],
///  "edges": [{"a": "ad-1", "b": "ad-2", "via": "phone", "value": "+17025550134"},
///            {"a": "ad-1", "b": "ad-7", "via": "template", "similarity": 0.8125}],
///  "max_level": "high", "categories": ["movement", "youth"]}
/// ```
///
/// Shared values are personal data (phone numbers, emails, handles): `Debug` of [`Shared`],
/// [`Edge`] and [`Hub`] shows their length, never the value; read the fields to get them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Cluster {
    #[serde(rename = "type")]
    tag: ClusterTag,
    /// 1-based rank in the output order (largest first, then by smallest member id).
    pub id: u64,
    /// Number of members.
    pub size: usize,
    /// Member document ids, sorted.
    pub members: Vec<String>,
    /// Values shared by at least two members, most shared first.
    pub shared: Vec<Shared>,
    /// The edges that connect the members, each with its evidence. Identifier values give a
    /// star from the member with the smallest id; templates and images give the verified pairs
    /// that joined them (a spanning forest), so every member is reachable.
    pub edges: Vec<Edge>,
    /// The highest risk level among the members.
    pub max_level: RiskLevel,
    /// The union of the members' indicator categories, sorted.
    pub categories: Vec<String>,
}

impl Cluster {
    pub(crate) fn new(
        id: u64,
        members: Vec<String>,
        shared: Vec<Shared>,
        edges: Vec<Edge>,
        max_level: RiskLevel,
        categories: Vec<String>,
    ) -> Cluster {
        Cluster {
            tag: ClusterTag::Cluster,
            id,
            size: members.len(),
            members,
            shared,
            edges,
            max_level,
            categories,
        }
    }
}

/// A value shared inside a cluster.
///
/// `value` is the phone (E.164), email, `platform:handle`, `chain:address`, the PDQ hex of an
/// image (the first member's), or for a template the id of the member with the smallest id
/// ("near-duplicates of this document's text").
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Shared {
    /// The kind of evidence.
    pub kind: Evidence,
    /// The value.
    pub value: String,
    /// How many documents share it.
    pub count: usize,
}

/// One explained edge between two documents.
///
/// Identifier edges carry the shared `value`; template edges carry the estimated Jaccard
/// `similarity` of the masked texts (matching MinHash positions / signature length); image edges
/// carry the PDQ hex of one of the two matching hashes as `value`, the Hamming `distance` and, when
/// a crop window matched, which (`window`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Edge {
    /// One document id.
    pub a: String,
    /// The other document id.
    pub b: String,
    /// The kind of evidence.
    pub via: Evidence,
    /// The shared value (identifiers, images).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Estimated Jaccard similarity (templates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// PDQ Hamming distance (images).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance: Option<u32>,
    /// Which crop windows matched (images), `"<a's window>/<b's window>"` such as `"full/c90"`
    /// (b's photo matches the centred 90 % of a's); absent when both are whole images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
}

/// A value too common to link: reported, never used to join.
///
/// `{"type": "hub", "kind": "phone", "value": "+18005550100", "count": 412, "threshold": 100,
/// "reason": "count"}`, or for text copied by many independent posters
/// `{"type": "hub", "kind": "template", "value": "ad-88", "count": 33, "threshold": 100,
/// "reason": "posters", "posters": 31}`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Hub {
    #[serde(rename = "type")]
    tag: HubTag,
    /// The kind of evidence.
    pub kind: Evidence,
    /// The value, as in [`Shared::value`].
    pub value: String,
    /// How many documents carry it.
    pub count: usize,
    /// The hub threshold (documents) in force.
    pub threshold: u32,
    /// Why it is a hub.
    pub reason: HubReason,
    /// For [`HubReason::Posters`]: how many independent contacts its documents carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posters: Option<usize>,
}

/// Why a value is a [`Hub`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HubReason {
    /// Carried by more documents than the hub threshold
    /// ([`LinkConfig::hub_threshold`](crate::LinkConfig::hub_threshold)).
    Count,
    /// A template or photo shared by many independent contacts
    /// ([`LinkConfig::hub_posters`](crate::LinkConfig::hub_posters)): boilerplate or a stock
    /// photo rather than one operation.
    Posters,
}

impl Hub {
    pub(crate) fn new(
        kind: Evidence,
        value: String,
        count: usize,
        threshold: u32,
        posters: Option<usize>,
    ) -> Hub {
        Hub {
            tag: HubTag::Hub,
            kind,
            value,
            count,
            threshold,
            reason: if posters.is_some() {
                HubReason::Posters
            } else {
                HubReason::Count
            },
            posters,
        }
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("kind", &self.kind)
            .field("value_len", &self.value.len())
            .field("count", &self.count)
            .finish()
    }
}

impl fmt::Debug for Edge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Edge")
            .field("a", &self.a)
            .field("b", &self.b)
            .field("via", &self.via)
            .field("value_len", &self.value.as_ref().map(String::len))
            .field("similarity", &self.similarity)
            .field("distance", &self.distance)
            .field("window", &self.window)
            .finish()
    }
}

impl fmt::Debug for Hub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hub")
            .field("kind", &self.kind)
            .field("value_len", &self.value.len())
            .field("count", &self.count)
            .field("threshold", &self.threshold)
            .field("reason", &self.reason)
            .field("posters", &self.posters)
            .finish()
    }
}
