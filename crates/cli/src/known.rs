//! Loading known-hash lists (`--known`): hash-list files or folders of images.

use anyhow::Context;
use rayon::prelude::*;
use redflag::imagehash::{HashIndex, Hasher, KnownList, KnownListOptions, Limits, Windows};
use std::path::Path;

/// File extensions read as images when walking folders.
pub(crate) const IMAGE_EXTENSIONS: &[&str] =
    &["jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff"];

/// What loading the known lists found, for the summary on stderr.
#[derive(Default)]
pub(crate) struct KnownSummary {
    pub(crate) hashes: usize,
    pub(crate) skipped_low_quality: usize,
    pub(crate) skipped_other: usize,
    pub(crate) unreadable_images: Vec<String>,
}

impl KnownSummary {
    pub(crate) fn describe(&self) -> String {
        let mut s = format!("known: {} hashes", self.hashes);
        if self.skipped_low_quality > 0 {
            s.push_str(&format!(
                ", {} skipped for PDQ quality below 50",
                self.skipped_low_quality
            ));
        }
        if self.skipped_other > 0 {
            s.push_str(&format!(", {} other rows skipped", self.skipped_other));
        }
        if !self.unreadable_images.is_empty() {
            s.push_str(&format!(
                ", {} images could not be hashed",
                self.unreadable_images.len()
            ));
        }
        s
    }
}

/// Reads every `--known` argument into one index. A file is a hash list (CSV with a `hash`/`pdq`
/// column, plain hash lines, ThreatExchange `pdq <hash>` lines or `signal_type,signal_str,…` CSV);
/// a folder is walked for images, hashed with their crop windows, with the path as the id.
pub(crate) fn load(
    paths: &[String],
    hasher_windows: &Hasher,
) -> anyhow::Result<(HashIndex, KnownSummary)> {
    let mut index = HashIndex::new();
    let mut summary = KnownSummary::default();
    let options = KnownListOptions::default();
    for p in paths {
        let path = Path::new(p);
        if path.is_dir() {
            let files = crate::input::expand(std::slice::from_ref(p), IMAGE_EXTENSIONS)
                .with_context(|| format!("cannot list {p}"))?;
            let digests: Vec<_> = files
                .par_iter()
                .map(|f| {
                    let file = f.path.as_deref().unwrap_or(path);
                    (f.display.clone(), hasher_windows.hash_file(file))
                })
                .collect();
            for (display, digest) in digests {
                match digest {
                    Ok(d) => {
                        let skipped =
                            index.add_digest(&d, &display, p, redflag::imagehash::MIN_QUALITY);
                        summary.skipped_low_quality += skipped;
                        summary.hashes += d.records(&display).len().saturating_sub(skipped);
                    }
                    Err(e) => summary.unreadable_images.push(e.to_string()),
                }
            }
        } else {
            let list = KnownList::read(path, &options)?;
            summary.hashes += list.entries.len();
            summary.skipped_low_quality += list.skipped_low_quality;
            summary.skipped_other += list.skipped_other;
            index.add_list(&list);
        }
    }
    index.prepare();
    Ok((index, summary))
}

/// The hasher used for folders of known images: PDQ with the standard crop windows.
pub(crate) fn folder_hasher(limits: Limits) -> anyhow::Result<Hasher> {
    Ok(Hasher::builder()
        .limits(limits)
        .windows(Windows::Standard)
        .build()?)
}

/// Image decoding limits, shared by every command that reads images. An image over a limit gives
/// a `limit_exceeded` error before its pixels are allocated.
#[derive(Debug, clap::Args)]
pub(crate) struct ImageLimitArgs {
    /// Largest image accepted, in pixels (width × height).
    #[arg(long, default_value_t = Limits::default().max_pixels, value_name = "N")]
    max_image_pixels: u64,
    /// Largest image file accepted, in bytes.
    #[arg(long, default_value_t = Limits::default().max_file_bytes, value_name = "N")]
    max_image_bytes: u64,
    /// Most memory the image decoder may allocate, in bytes.
    #[arg(long, default_value_t = Limits::default().max_alloc, value_name = "N")]
    max_image_memory: u64,
}

impl ImageLimitArgs {
    /// The limits these options describe (sides stay at 65535).
    pub(crate) fn limits(&self) -> Limits {
        let mut limits = Limits::default();
        limits.max_pixels = self.max_image_pixels;
        limits.max_file_bytes = self.max_image_bytes;
        limits.max_alloc = self.max_image_memory;
        limits
    }
}
