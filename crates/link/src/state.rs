//! Saving and loading a linker's state, so new documents link to earlier clusters without
//! re-reading the earlier documents.
//!
//! The state is one JSON object: `{"format": "redflag.link-state/1", "config": {…}, "docs": […],
//! "categories": […], "keys": […], "templates": {…}, "images": {…}}`. Signatures and hashes are
//! lowercase hex. The LSH buckets and the PDQ index are rebuilt on load, in the original order,
//! so a loaded linker behaves exactly like the one that was saved.

use crate::linker::{Doc, Linker, NONE, Posting};
use crate::pdq::{parse_pdq, pdq_hex};
use crate::uf::UnionFind;
use crate::{Error, LinkConfig};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};

/// The `format` field of a state file written by this version.
pub const STATE_FORMAT: &str = "redflag.link-state/1";

#[derive(Serialize, Deserialize)]
struct State {
    format: String,
    config: LinkConfig,
    docs: Vec<Doc>,
    categories: Vec<String>,
    keys: Vec<KeyState>,
    templates: TemplateState,
    images: ImageState,
}

#[derive(Serialize, Deserialize)]
struct KeyState {
    key: String,
    #[serde(flatten)]
    posting: Posting,
}

#[derive(Serialize, Deserialize)]
struct TemplateState {
    /// For each fingerprint: the document it belongs to.
    docs: Vec<u32>,
    /// For each fingerprint: its MinHash signature as hex, 8 digits per value.
    signatures: Vec<String>,
    sets: UnionFind,
    /// `[entry, entry, agreeing positions]`.
    edges: Vec<(u32, u32, u32)>,
}

#[derive(Serialize, Deserialize)]
struct ImageState {
    /// For each hash: the document it belongs to.
    docs: Vec<u32>,
    /// For each hash: 64 hex digits.
    hashes: Vec<String>,
    sets: UnionFind,
    /// `[entry, entry, distance]`.
    edges: Vec<(u32, u32, u32)>,
    /// Entries that are exact copies of an earlier hash (stored, not indexed), increasing.
    #[serde(default)]
    copies: Vec<u32>,
    /// The crop-window names seen (absent when only whole images were added).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    window_names: Vec<String>,
    /// For each hash: 0 for a whole image, else 1 + its window's index in `window_names` (absent
    /// when only whole images were added).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    windows: Vec<u16>,
}

fn bad(message: impl Into<String>) -> Error {
    Error::State {
        message: message.into(),
    }
}

impl Linker {
    /// Writes the linker's state as JSON (format [`STATE_FORMAT`]).
    ///
    /// # Errors
    /// [`Error::Io`] when writing fails.
    pub fn save<W: Write>(&self, writer: W) -> Result<(), Error> {
        let n = self.config.num_hashes() as usize;
        let mut keys: Vec<KeyState> = self
            .keys
            .iter()
            .map(|(k, p)| KeyState {
                key: k.to_string(),
                posting: p.clone(),
            })
            .collect();
        keys.sort_unstable_by(|a, b| a.key.cmp(&b.key));
        let state = State {
            format: STATE_FORMAT.to_owned(),
            config: self.config.clone(),
            docs: self.docs.clone(),
            categories: self.category_names.clone(),
            keys,
            templates: TemplateState {
                docs: self.sig_doc.clone(),
                signatures: self
                    .sigs
                    .chunks(n.max(1))
                    .map(|s| s.iter().map(|v| format!("{v:08x}")).collect())
                    .collect(),
                sets: self.template_uf.clone(),
                edges: self.template_edges.clone(),
            },
            images: ImageState {
                docs: self.image_doc.clone(),
                hashes: (0..self.pdq.len() as u32)
                    .filter_map(|e| self.pdq.get(e).map(pdq_hex))
                    .collect(),
                sets: self.image_uf.clone(),
                edges: self.image_edges.clone(),
                copies: self.image_copies.clone(),
                window_names: self.window_names.clone(),
                windows: self.image_window.clone(),
            },
        };
        let mut writer = std::io::BufWriter::new(writer);
        serde_json::to_writer(&mut writer, &state).map_err(|e| Error::Io {
            message: e.to_string(),
        })?;
        writer.flush().map_err(|e| Error::Io {
            message: e.to_string(),
        })
    }

    /// Reads a state written by [`Linker::save`]; the configuration comes from the state.
    ///
    /// # Errors
    /// [`Error::Io`] when reading fails, [`Error::State`] when the data is not a state of this
    /// format version or is inconsistent (indices out of range, wrong signature lengths, …).
    pub fn load<R: Read>(reader: R) -> Result<Linker, Error> {
        let state: State =
            serde_json::from_reader(std::io::BufReader::new(reader)).map_err(|e| {
                if e.is_io() {
                    Error::Io {
                        message: e.to_string(),
                    }
                } else {
                    bad(e.to_string())
                }
            })?;
        if state.format != STATE_FORMAT {
            return Err(bad(format!(
                "unsupported format `{}` (expected `{STATE_FORMAT}`)",
                state.format
            )));
        }
        state.config.validate()?;
        let mut linker = Linker::new(state.config);
        let n_docs = state.docs.len();
        if n_docs >= NONE as usize - 1 {
            return Err(bad("too many documents"));
        }
        for (i, doc) in state.docs.iter().enumerate() {
            if let Some(&c) = doc
                .categories
                .iter()
                .find(|&&c| c as usize >= state.categories.len())
            {
                return Err(bad(format!("document {i}: category {c} out of range")));
            }
            if linker.ids.insert(doc.id.clone(), i as u32).is_some() {
                return Err(bad(format!("document {i}: duplicate id")));
            }
        }
        linker.docs = state.docs;
        for (i, c) in state.categories.iter().enumerate() {
            linker.category_index.insert(c.clone(), i as u32);
        }
        linker.category_names = state.categories;
        let threshold = linker.config.hub_threshold();
        for k in state.keys {
            let p = &k.posting;
            if p.docs.iter().any(|&d| d as usize >= n_docs)
                || (p.count <= threshold && p.docs.len() != p.count as usize)
            {
                return Err(bad("identifier posting inconsistent with its count"));
            }
            linker.keys.insert(k.key.into(), k.posting);
        }

        // Templates: signatures, then the LSH buckets rebuilt in entry order.
        let t = state.templates;
        let n = linker.config.num_hashes() as usize;
        if t.docs.len() != t.signatures.len() || t.sets.len() != t.docs.len() {
            return Err(bad("template lists differ in length"));
        }
        t.sets.validate().map_err(bad)?;
        if t.docs.iter().any(|&d| d as usize >= n_docs) {
            return Err(bad("template document out of range"));
        }
        for (i, s) in t.signatures.iter().enumerate() {
            if s.len() != n * 8 || !s.is_ascii() {
                return Err(bad(format!("template {i}: signature has the wrong length")));
            }
            for chunk in s.as_bytes().chunks(8) {
                let digits = std::str::from_utf8(chunk).map_err(|_| bad("non-hex signature"))?;
                let v = u32::from_str_radix(digits, 16)
                    .map_err(|_| bad(format!("template {i}: non-hex signature")))?;
                linker.sigs.push(v);
            }
        }
        let entries = t.docs.len() as u32;
        if t.edges
            .iter()
            .any(|&(a, b, _)| a >= entries || b >= entries)
        {
            return Err(bad("template edge out of range"));
        }
        linker.sig_doc = t.docs;
        let (bands, rows) = (
            linker.config.bands() as usize,
            linker.config.rows() as usize,
        );
        for slot in 0..entries {
            let s = slot as usize * n;
            let keys: Vec<u32> = (0..bands)
                .map(|band| {
                    let rowv = &linker.sigs[s + band * rows..s + band * rows + rows];
                    crate::template::band_key(band, rowv) as u32
                })
                .collect();
            linker.lsh.push(&keys);
        }
        linker.template_uf = t.sets;
        linker.template_edges = t.edges;

        // Images.
        let im = state.images;
        if im.docs.len() != im.hashes.len() || im.sets.len() != im.docs.len() {
            return Err(bad("image lists differ in length"));
        }
        im.sets.validate().map_err(bad)?;
        if im.docs.iter().any(|&d| d as usize >= n_docs) {
            return Err(bad("image document out of range"));
        }
        if im.copies.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("image copies not in increasing order"));
        }
        let mut copies = im.copies.iter().peekable();
        for (i, h) in im.hashes.iter().enumerate() {
            let h = parse_pdq(h).map_err(|m| bad(format!("image {i}: {m}")))?;
            if copies.next_if(|&&c| c as usize == i).is_some() {
                linker.pdq.push_copy(h);
            } else {
                linker.pdq.push(h);
            }
        }
        if copies.next().is_some() {
            return Err(bad("image copy out of range"));
        }
        linker.image_copies = im.copies;
        let entries = im.docs.len() as u32;
        if im
            .edges
            .iter()
            .any(|&(a, b, _)| a >= entries || b >= entries)
        {
            return Err(bad("image edge out of range"));
        }
        if !im.windows.is_empty()
            && (im.windows.len() != im.docs.len()
                || im
                    .windows
                    .iter()
                    .any(|&w| usize::from(w) > im.window_names.len()))
        {
            return Err(bad("image windows inconsistent with the hashes"));
        }
        linker.image_window = im.windows;
        linker.window_names = im.window_names;
        linker.image_doc = im.docs;
        linker.image_uf = im.sets;
        linker.image_edges = im.edges;
        Ok(linker)
    }
}
