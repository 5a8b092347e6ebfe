//! The incremental linker.

use crate::cluster::{Cluster, Edge, Hub, Shared};
use crate::hash::FixedMap;
use crate::pdq::{Pdq, PdqIndex, parse_pdq, pdq_hex};
use crate::template::{LshTable, MinHasher, agreement, band_key, masked_tokens};
use crate::uf::UnionFind;
use crate::{Error, Evidence, LinkConfig, LinkInput};
use redflag_model::{EntityValue, RiskLevel};
use serde::{Deserialize, Serialize};

pub(crate) const NONE: u32 = u32::MAX;

/// What the linker remembers about one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Doc {
    pub(crate) id: Box<str>,
    pub(crate) level: RiskLevel,
    #[serde(default, skip_serializing_if = "<[u32]>::is_empty")]
    pub(crate) categories: Box<[u32]>,
}

/// The documents carrying one identifier value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Posting {
    pub(crate) kind: Evidence,
    /// Distinct documents carrying the value.
    pub(crate) count: u32,
    /// Those documents, in insertion order; emptied once `count` exceeds the hub threshold (a hub
    /// joins nothing, so its members need not be kept).
    pub(crate) docs: Vec<u32>,
}

/// Links documents into clusters through shared identifiers, near-duplicate templates and
/// near-identical images. Build it once from a [`LinkConfig`], [`add`](Linker::add) documents in
/// any order, and ask for [`clusters`](Linker::clusters) and [`hubs`](Linker::hubs) at any time.
///
/// The partition into clusters does not depend on the order documents were added (below the scan
/// limits, see [`LinkConfig::scan_limit`]). Memory per
/// document is bounded: the id, level and categories, the identifier keys (shared with other
/// documents), a MinHash signature and the image hashes; never the text.
#[derive(Clone)]
pub struct Linker {
    pub(crate) config: LinkConfig,
    pub(crate) minhash: MinHasher,
    pub(crate) min_agree: u32,
    pub(crate) docs: Vec<Doc>,
    pub(crate) ids: FixedMap<Box<str>, u32>,
    pub(crate) category_names: Vec<String>,
    pub(crate) category_index: FixedMap<String, u32>,
    pub(crate) keys: FixedMap<Box<str>, Posting>,
    // Templates: one entry per document with a fingerprint.
    pub(crate) sig_doc: Vec<u32>,
    pub(crate) sigs: Vec<u32>,
    pub(crate) lsh: LshTable,
    pub(crate) template_uf: UnionFind,
    pub(crate) template_edges: Vec<(u32, u32, u32)>,
    // Images: one entry per linkable hash.
    pub(crate) pdq: PdqIndex,
    pub(crate) image_doc: Vec<u32>,
    pub(crate) image_uf: UnionFind,
    pub(crate) image_edges: Vec<(u32, u32, u32)>,
    /// Entries stored as copies (not indexed), in increasing order.
    pub(crate) image_copies: Vec<u32>,
    /// For each image entry: 0 for a whole image, else 1 + its index in `window_names`. Empty
    /// while no window hash was added (then every entry is a whole image).
    pub(crate) image_window: Vec<u16>,
    /// The crop-window names seen, in order of first appearance.
    pub(crate) window_names: Vec<String>,
}

/// Counts only: the linker holds phone numbers, emails and handles, which must not reach logs.
impl std::fmt::Debug for Linker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linker")
            .field("config", &self.config)
            .field("docs", &self.docs.len())
            .field("identifiers", &self.keys.len())
            .field("fingerprints", &self.sig_doc.len())
            .field("images", &self.pdq.len())
            .finish()
    }
}

/// One piece of evidence found across documents, before hub control.
struct Group {
    kind: Evidence,
    value: String,
    /// Distinct documents, sorted by index (empty for identifier hubs, whose members are dropped).
    docs: Vec<u32>,
    count: usize,
    /// Explained pairs (document indices) with similarity agreement or image distance.
    edges: Vec<(u32, u32, Detail)>,
}

#[derive(Clone)]
enum Detail {
    Value,
    Similarity(u32),
    /// The entries of the two documents' hashes (in the order of the pair) and their distance.
    Image(u32, u32, u32),
}

impl Linker {
    /// A linker with the given configuration.
    pub fn new(config: LinkConfig) -> Linker {
        let minhash = MinHasher::new(
            config.seed(),
            config.num_hashes() as usize,
            config.shingle() as usize,
        );
        let n = config.num_hashes();
        // The smallest agreement count whose fraction reaches the similarity threshold.
        let min_agree = (0..=n)
            .find(|&k| f64::from(k) / f64::from(n) >= config.similarity())
            .unwrap_or(n);
        let bands = config.bands() as usize;
        Linker {
            config,
            minhash,
            min_agree,
            docs: Vec::new(),
            ids: FixedMap::default(),
            category_names: Vec::new(),
            category_index: FixedMap::default(),
            keys: FixedMap::default(),
            sig_doc: Vec::new(),
            sigs: Vec::new(),
            lsh: LshTable::new(bands),
            template_uf: UnionFind::default(),
            template_edges: Vec::new(),
            pdq: PdqIndex::new(),
            image_doc: Vec::new(),
            image_uf: UnionFind::default(),
            image_edges: Vec::new(),
            image_copies: Vec::new(),
            image_window: Vec::new(),
            window_names: Vec::new(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &LinkConfig {
        &self.config
    }

    /// Number of documents added.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Whether a document id was added.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains_key(id)
    }

    /// Adds one document and links it to the documents added before.
    ///
    /// # Errors
    /// [`Error::DuplicateId`] when the id was added before, [`Error::InvalidPdq`] when an image
    /// hash is not 64 hex digits, [`Error::Full`] past 2³² − 1 documents or image hashes. On error
    /// the linker is unchanged.
    pub fn add(&mut self, input: &LinkInput<'_>) -> Result<(), Error> {
        if self.ids.contains_key(input.id) {
            return Err(Error::DuplicateId {
                id: input.id.to_owned(),
            });
        }
        let full = |what, limit| Error::Full {
            id: input.id.to_owned(),
            what,
            limit,
        };
        if self.docs.len() >= NONE as usize - 1 {
            return Err(full("documents", u64::from(NONE - 1)));
        }
        let mut hashes: Vec<(Pdq, Option<&str>)> = Vec::new();
        if self.config.links(Evidence::Image) {
            for (index, image) in input.images.iter().enumerate() {
                let h = parse_pdq(&image.pdq).map_err(|message| Error::InvalidPdq {
                    id: input.id.to_owned(),
                    index,
                    message,
                })?;
                if image.quality.unwrap_or(100) >= self.config.pdq_min_quality() {
                    hashes.push((h, image.window.as_deref().filter(|w| *w != "full")));
                }
            }
            if self.pdq.len() + hashes.len() >= NONE as usize - 1 {
                return Err(full("images", u64::from(NONE - 1)));
            }
        }

        if self.config.links(Evidence::Template)
            && input.text.is_some()
            && (self.sig_doc.len() + 1) * self.config.bands() as usize >= NONE as usize
        {
            return Err(full(
                "template fingerprints",
                u64::from(NONE) / u64::from(self.config.bands()),
            ));
        }
        let d = self.docs.len() as u32;
        let mut categories: Vec<u32> = input
            .categories
            .iter()
            .map(|c| self.intern_category(c))
            .collect();
        categories.sort_unstable();
        categories.dedup();
        self.docs.push(Doc {
            id: input.id.into(),
            level: input.level,
            categories: categories.into(),
        });
        self.ids.insert(input.id.into(), d);

        let mut keys: Vec<(String, Evidence)> = input
            .entities
            .iter()
            .filter_map(|entity| {
                let kind = match entity.value {
                    EntityValue::Phone { .. } => Evidence::Phone,
                    EntityValue::Email { .. } => Evidence::Email,
                    EntityValue::Handle { .. } => Evidence::Handle,
                    EntityValue::Crypto { .. } => Evidence::Crypto,
                    _ => return None,
                };
                (self.config.links(kind) && !entity.value.value().is_empty())
                    .then(|| (entity.value.link_key(), kind))
            })
            .collect();
        keys.sort_unstable();
        keys.dedup(); // the same value twice in one document counts once
        for (key, kind) in keys {
            self.add_key(key, kind, d);
        }

        if self.config.links(Evidence::Template)
            && let Some(text) = input.text
        {
            self.add_template(text, input.entities, d);
        }

        // The hashes of one photo (its whole image and the windows that follow it) are one node:
        // a copy that matches any of them joins the photo, not just one of its windows.
        let mut photo: Option<u32> = None;
        for (h, window) in hashes {
            let code = window.map_or(0, |w| self.intern_window(w));
            let entry = self.add_image(h, code, d);
            match photo {
                Some(head) if window.is_some() => {
                    self.image_uf.union(entry, head);
                }
                _ => photo = Some(entry),
            }
        }
        Ok(())
    }

    /// The code of a window name (1-based); names past the 65,535th share the last code.
    fn intern_window(&mut self, w: &str) -> u16 {
        if let Some(i) = self.window_names.iter().position(|n| n == w) {
            return (i + 1) as u16;
        }
        if self.window_names.len() >= usize::from(u16::MAX) {
            return u16::MAX;
        }
        self.window_names.push(w.to_owned());
        self.window_names.len() as u16
    }

    /// The window name of an image entry (`full` for a whole image).
    fn window_of(&self, entry: u32) -> &str {
        match self.image_window.get(entry as usize) {
            Some(&w) if w > 0 => self
                .window_names
                .get(usize::from(w) - 1)
                .map_or("full", String::as_str),
            _ => "full",
        }
    }

    fn intern_category(&mut self, c: &str) -> u32 {
        if let Some(&i) = self.category_index.get(c) {
            return i;
        }
        let i = self.category_names.len() as u32;
        self.category_names.push(c.to_owned());
        self.category_index.insert(c.to_owned(), i);
        i
    }

    fn add_key(&mut self, key: String, kind: Evidence, d: u32) {
        let threshold = self.config.hub_threshold();
        let posting = self.keys.entry(key.into()).or_insert_with(|| Posting {
            kind,
            count: 0,
            docs: Vec::new(),
        });
        if posting.count > threshold {
            posting.count = posting.count.saturating_add(1);
            return;
        }
        posting.count += 1;
        if posting.count > threshold {
            posting.docs = Vec::new();
        } else {
            posting.docs.push(d);
        }
    }

    fn add_template(&mut self, text: &str, entities: &[redflag_model::Entity], d: u32) {
        let mut tokens: Vec<u64> = Vec::new();
        masked_tokens(text, entities, &mut tokens);
        let shingles = self.minhash.shingles(&tokens);
        if shingles.len() < self.config.min_shingles().max(1) as usize {
            return;
        }
        let sig = self.minhash.signature(&shingles);
        let n = sig.len();
        let slot = self.sig_doc.len() as u32;
        self.sig_doc.push(d);
        self.sigs.extend_from_slice(&sig);
        self.template_uf.push();
        let bands = self.config.bands() as usize;
        let rows = self.config.rows() as usize;
        let limit = self.config.scan_limit();
        let keys: Vec<u32> = (0..bands)
            .map(|band| band_key(band, &sig[band * rows..band * rows + rows]) as u32)
            .collect();
        let mut candidates = Vec::new();
        for (band, &key) in keys.iter().enumerate() {
            candidates.clear();
            self.lsh
                .candidates(band, key, limit, |c| candidates.push(c));
            for &c in &candidates {
                if self.template_uf.find(c) != self.template_uf.find(slot) {
                    let other = &self.sigs[c as usize * n..c as usize * n + n];
                    let agree = agreement(&sig, other);
                    if agree >= self.min_agree {
                        self.template_uf.union(slot, c);
                        self.template_edges.push((slot, c, agree));
                    }
                }
            }
        }
        self.lsh.push(&keys);
    }

    /// Indexes one hash of document `d` and links it; returns its entry.
    fn add_image(&mut self, h: Pdq, window: u16, d: u32) -> u32 {
        // The closest match in each distinct image group, found without sorting the (possibly
        // many) candidates of a heavily re-used photo.
        let mut found: Vec<(u32, u32, u32)> = Vec::new(); // (group root, distance, entry)
        let uf = &mut self.image_uf;
        self.pdq.search(
            &h,
            self.config.pdq_max_distance(),
            self.config.pdq_scan_limit(),
            |e, dist| {
                let r = uf.find(e);
                match found.iter_mut().find(|f| f.0 == r) {
                    Some(f) => {
                        let closer = (dist, e) < (f.1, f.2);
                        if closer {
                            (f.1, f.2) = (dist, e);
                        }
                        closer
                    }
                    None => {
                        found.push((r, dist, e));
                        true
                    }
                }
            },
        );
        found.sort_unstable_by_key(|f| (f.1, f.2));
        // An exact copy of an indexed hash is stored but not indexed: searches find the original,
        // which is at the same distance, so linking stays exact and re-posted photos stay cheap.
        let entry = if found.first().is_some_and(|f| f.1 == 0) {
            self.image_copies.push(self.pdq.len() as u32);
            self.pdq.push_copy(h)
        } else {
            self.pdq.push(h)
        };
        self.image_doc.push(d);
        self.image_uf.push();
        if window != 0 && self.image_window.is_empty() {
            self.image_window = vec![0; self.image_doc.len() - 1];
        }
        if !self.image_window.is_empty() {
            self.image_window.push(window);
        }
        for (_, dist, e) in found {
            // Windows of one document's photo join each other; only pairs of documents are
            // edges an analyst needs to see.
            if self.image_uf.union(entry, e) && self.image_doc[e as usize] != d {
                self.image_edges.push((entry, e, dist));
            }
        }
        entry
    }

    /// Every piece of evidence shared by at least two documents, hubs included.
    fn groups(&self) -> Vec<Group> {
        let mut groups = Vec::new();
        for (key, p) in &self.keys {
            let count = p.count as usize;
            if count < 2 {
                continue;
            }
            let value = key.split_once(':').map_or(&**key, |(_, v)| v).to_owned();
            let docs = p.docs.clone();
            let edges = match docs.iter().min_by_key(|&&x| &self.docs[x as usize].id) {
                Some(&hub) => docs
                    .iter()
                    .filter(|&&x| x != hub)
                    .map(|&x| (hub, x, Detail::Value))
                    .collect(),
                None => Vec::new(),
            };
            let mut docs = docs;
            docs.sort_unstable();
            groups.push(Group {
                kind: p.kind,
                value,
                docs,
                count,
                edges,
            });
        }
        // Templates: components of the template union-find.
        let entry_groups = components(&self.template_uf);
        let mut edge_lists = vec![Vec::new(); entry_groups.len()];
        let root_group = group_of_roots(&self.template_uf, &entry_groups);
        for &(a, b, agree) in &self.template_edges {
            let g = root_group[self.template_uf.root(a) as usize] as usize;
            edge_lists[g].push((
                self.sig_doc[a as usize],
                self.sig_doc[b as usize],
                Detail::Similarity(agree),
            ));
        }
        for (entries, edges) in entry_groups.into_iter().zip(edge_lists) {
            let mut docs: Vec<u32> = entries.iter().map(|&s| self.sig_doc[s as usize]).collect();
            docs.sort_unstable();
            docs.dedup();
            if docs.len() < 2 {
                continue;
            }
            let first = docs
                .iter()
                .min_by_key(|&&x| &self.docs[x as usize].id)
                .map_or_else(String::new, |&x| self.docs[x as usize].id.to_string());
            groups.push(Group {
                kind: Evidence::Template,
                value: first,
                count: docs.len(),
                docs,
                edges,
            });
        }
        // Images: components of the image union-find.
        let entry_groups = components(&self.image_uf);
        let mut edge_lists = vec![Vec::new(); entry_groups.len()];
        let root_group = group_of_roots(&self.image_uf, &entry_groups);
        for &(a, b, dist) in &self.image_edges {
            let (da, db) = (self.image_doc[a as usize], self.image_doc[b as usize]);
            if da == db {
                continue;
            }
            let g = root_group[self.image_uf.root(a) as usize] as usize;
            edge_lists[g].push((da, db, Detail::Image(a, b, dist)));
        }
        for (entries, edges) in entry_groups.into_iter().zip(edge_lists) {
            let mut docs: Vec<u32> = entries
                .iter()
                .map(|&s| self.image_doc[s as usize])
                .collect();
            docs.sort_unstable();
            docs.dedup();
            if docs.len() < 2 {
                continue;
            }
            // The value: the smallest hash of the member with the smallest id.
            let first = docs
                .iter()
                .min_by_key(|&&x| &self.docs[x as usize].id)
                .copied()
                .unwrap_or(0);
            let value = entries
                .iter()
                .filter(|&&e| self.image_doc[e as usize] == first)
                .filter_map(|&e| self.pdq.get(e).map(pdq_hex))
                .min()
                .unwrap_or_default();
            groups.push(Group {
                kind: Evidence::Image,
                value,
                count: docs.len(),
                docs,
                edges,
            });
        }
        groups
    }

    /// Splits the evidence into the groups that link and the hubs.
    ///
    /// A group is a hub when more documents than the hub threshold share it
    /// ([`HubReason::Count`](crate::HubReason::Count)), or, for templates and images, when it is
    /// spread over many independent contacts ([`HubReason::Posters`](crate::HubReason::Posters)):
    /// contacts are the components of the documents under the identifiers that are not hubs
    /// (documents sharing a phone, email, handle or wallet, directly or through others, are one
    /// contact); a group whose documents with identifiers fall into at least
    /// [`LinkConfig::hub_posters`] contacts, making up at least
    /// [`LinkConfig::hub_poster_share`] of those documents, is boilerplate copied by unrelated
    /// posters. Documents without a (non-hub) identifier are not counted either way.
    fn classify(&self) -> (Vec<Group>, Vec<Hub>) {
        let threshold = self.config.hub_threshold();
        let (mut linking, mut hubs) = (Vec::new(), Vec::new());
        let mut rest = Vec::new();
        for g in self.groups() {
            if g.count > threshold as usize {
                hubs.push(Hub::new(g.kind, g.value, g.count, threshold, None));
            } else if matches!(g.kind, Evidence::Template | Evidence::Image) {
                rest.push(g);
            } else {
                linking.push(g);
            }
        }
        let min_posters = self.config.hub_posters() as usize;
        if min_posters == 0 || rest.is_empty() {
            linking.extend(rest);
            return (linking, hubs);
        }
        // Contacts: documents joined by the identifiers that are not hubs (values carried by one
        // document included, so that each document with an identifier belongs to a contact).
        let n = self.docs.len();
        let mut contacts = UnionFind::new(n);
        let mut has_contact = vec![false; n];
        for p in self.keys.values() {
            if p.count > threshold {
                continue;
            }
            for &d in &p.docs {
                has_contact[d as usize] = true;
            }
            for w in p.docs.windows(2) {
                contacts.union(w[0], w[1]);
            }
        }
        let mut roots: Vec<u32> = Vec::new();
        for g in rest {
            roots.clear();
            roots.extend(
                g.docs
                    .iter()
                    .filter(|&&d| has_contact[d as usize])
                    .map(|&d| contacts.find(d)),
            );
            let with_contact = roots.len();
            roots.sort_unstable();
            roots.dedup();
            let posters = roots.len();
            if posters >= min_posters
                && posters as f64 >= self.config.hub_poster_share() * with_contact as f64
            {
                hubs.push(Hub::new(g.kind, g.value, g.count, threshold, Some(posters)));
            } else {
                linking.push(g);
            }
        }
        (linking, hubs)
    }

    /// Values too common to link (see [`HubReason`](crate::HubReason)), most shared first:
    /// values shared by more documents than [`LinkConfig::hub_threshold`], and templates and
    /// photos spread over at least [`LinkConfig::hub_posters`] independent contacts (documents
    /// joined by the non-hub identifiers count as one contact) that make up at least
    /// [`LinkConfig::hub_poster_share`] of the group's documents with identifiers. They are
    /// reported here and never join documents.
    pub fn hubs(&self) -> Vec<Hub> {
        let mut hubs = self.classify().1;
        hubs.sort_by(|x, y| {
            y.count
                .cmp(&x.count)
                .then(x.kind.cmp(&y.kind))
                .then_with(|| x.value.cmp(&y.value))
        });
        hubs
    }

    /// The clusters: connected components of the evidence graph without hubs, of at least
    /// [`LinkConfig::min_cluster_size`] members, largest first, then by smallest member id. The
    /// partition depends only on the set of documents added, not on their order (below the scan
    /// limits); which template and image pairs are listed as edges may differ with the order
    /// (they are a spanning set of verified pairs).
    pub fn clusters(&self) -> Vec<Cluster> {
        let n = self.docs.len();
        let groups: Vec<Group> = self.classify().0;
        let mut uf = UnionFind::new(n);
        for g in &groups {
            for w in g.docs.windows(2) {
                uf.union(w[0], w[1]);
            }
        }
        // Component sizes, then member lists for the components big enough to report.
        let mut size = vec![0u32; n];
        for d in 0..n as u32 {
            size[uf.find(d) as usize] += 1;
        }
        let min = self.config.min_cluster_size();
        let mut slot = vec![NONE; n];
        let mut members: Vec<Vec<u32>> = Vec::new();
        for d in 0..n as u32 {
            let r = uf.find(d) as usize;
            if size[r] < min {
                continue;
            }
            if slot[r] == NONE {
                slot[r] = members.len() as u32;
                members.push(Vec::new());
            }
            members[slot[r] as usize].push(d);
        }
        let mut shared: Vec<Vec<Shared>> = vec![Vec::new(); members.len()];
        let mut edges: Vec<Vec<Edge>> = vec![Vec::new(); members.len()];
        for g in groups {
            let Some(&first) = g.docs.first() else {
                continue;
            };
            let c = slot[uf.find(first) as usize];
            if c == NONE {
                continue;
            }
            let c = c as usize;
            for (a, b, detail) in g.edges {
                edges[c].push(self.edge(g.kind, &g.value, a, b, detail));
            }
            shared[c].push(Shared {
                kind: g.kind,
                value: g.value,
                count: g.count,
            });
        }
        let mut clusters: Vec<Cluster> = members
            .into_iter()
            .zip(shared)
            .zip(edges)
            .map(|((docs, mut shared), mut edges)| {
                let mut ids: Vec<String> = docs
                    .iter()
                    .map(|&d| self.docs[d as usize].id.to_string())
                    .collect();
                ids.sort_unstable();
                let max_level = docs
                    .iter()
                    .map(|&d| self.docs[d as usize].level)
                    .max()
                    .unwrap_or_default();
                let mut cats: Vec<u32> = docs
                    .iter()
                    .flat_map(|&d| self.docs[d as usize].categories.iter().copied())
                    .collect();
                cats.sort_unstable();
                cats.dedup();
                let mut categories: Vec<String> = cats
                    .into_iter()
                    .filter_map(|c| self.category_names.get(c as usize).cloned())
                    .collect();
                categories.sort_unstable();
                shared.sort_by(|x, y| {
                    y.count
                        .cmp(&x.count)
                        .then(x.kind.cmp(&y.kind))
                        .then_with(|| x.value.cmp(&y.value))
                });
                edges.sort_by(|x, y| {
                    x.a.cmp(&y.a)
                        .then_with(|| x.b.cmp(&y.b))
                        .then(x.via.cmp(&y.via))
                        .then_with(|| x.value.cmp(&y.value))
                });
                Cluster::new(0, ids, shared, edges, max_level, categories)
            })
            .collect();
        clusters.sort_by(|x, y| {
            y.size
                .cmp(&x.size)
                .then_with(|| x.members.first().cmp(&y.members.first()))
        });
        for (i, c) in clusters.iter_mut().enumerate() {
            c.id = i as u64 + 1;
        }
        clusters
    }

    fn edge(&self, kind: Evidence, value: &str, a: u32, b: u32, detail: Detail) -> Edge {
        let (mut ida, mut idb) = (
            self.docs[a as usize].id.to_string(),
            self.docs[b as usize].id.to_string(),
        );
        let swapped = idb < ida;
        if swapped {
            std::mem::swap(&mut ida, &mut idb);
        }
        let (value, similarity, distance, window) = match detail {
            Detail::Value => (Some(value.to_owned()), None, None, None),
            Detail::Similarity(agree) => (
                None,
                Some(f64::from(agree) / f64::from(self.config.num_hashes())),
                None,
                None,
            ),
            Detail::Image(ea, eb, dist) => {
                let (wa, wb) = if swapped {
                    (self.window_of(eb), self.window_of(ea))
                } else {
                    (self.window_of(ea), self.window_of(eb))
                };
                let window = (wa != "full" || wb != "full").then(|| format!("{wa}/{wb}"));
                (self.pdq.get(eb).map(pdq_hex), None, Some(dist), window)
            }
        };
        Edge {
            a: ida,
            b: idb,
            via: kind,
            value,
            similarity,
            distance,
            window,
        }
    }
}

/// The sets of a union-find, each sorted, in order of their smallest element.
fn components(uf: &UnionFind) -> Vec<Vec<u32>> {
    let n = uf.len();
    let mut slot = vec![NONE; n];
    let mut out: Vec<Vec<u32>> = Vec::new();
    for x in 0..n as u32 {
        let r = uf.root(x) as usize;
        if slot[r] == NONE {
            slot[r] = out.len() as u32;
            out.push(Vec::new());
        }
        out[slot[r] as usize].push(x);
    }
    out
}

/// For each root of `uf`, the index of its component in `groups` (as built by [`components`]).
fn group_of_roots(uf: &UnionFind, groups: &[Vec<u32>]) -> Vec<u32> {
    let mut out = vec![NONE; uf.len()];
    for (i, g) in groups.iter().enumerate() {
        if let Some(&x) = g.first() {
            out[uf.root(x) as usize] = i as u32;
        }
    }
    out
}
