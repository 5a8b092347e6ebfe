//! The configured hasher: decode under limits, SHA-256, PDQ (+ quality, dihedral, windows) and the
//! 64-bit `image_hasher` hashes.

use crate::Error;
use crate::decode::{Limits, Orientation, decode, read_file};
use crate::pdq::{DIHEDRAL_NAMES, Luma, Pdq256, PdqHasher};
use crate::windows::{FULL, STANDARD_WINDOWS, Windows};
use image::DynamicImage;
use redflag_model::{HashAlgorithm, HashRecord, ImageFinding, ImageHash};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Whether the eight dihedral PDQ hashes are computed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Dihedral {
    /// Only the hash of the image as given. The default.
    #[default]
    Skip,
    /// Also the hashes of its 3 rotations and 4 flips (from the same DCT, nearly free).
    Compute,
}

/// The `variant` of the 64-bit hashes: the `image_hasher` configuration that produced them.
pub fn variant_of(algo: HashAlgorithm) -> Option<&'static str> {
    match algo {
        HashAlgorithm::Phash => Some("image_hasher-dct-median-8x8"),
        HashAlgorithm::Dhash => Some("image_hasher-gradient-8x8"),
        HashAlgorithm::Ahash => Some("image_hasher-mean-8x8"),
        _ => None,
    }
}

/// Builds a [`Hasher`]. Setters take `&mut self`, so one builder can build many hashers.
#[derive(Clone, Debug)]
pub struct HasherBuilder {
    limits: Limits,
    orientation: Orientation,
    algorithms: Vec<HashAlgorithm>,
    windows: Windows,
    dihedral: Dihedral,
}

impl Default for HasherBuilder {
    fn default() -> Self {
        HasherBuilder {
            limits: Limits::default(),
            orientation: Orientation::AsStored,
            algorithms: vec![HashAlgorithm::Pdq],
            windows: Windows::None,
            dihedral: Dihedral::Skip,
        }
    }
}

impl HasherBuilder {
    /// Decoding limits (default: [`Limits::default`]).
    pub fn limits(&mut self, limits: Limits) -> &mut Self {
        self.limits = limits;
        self
    }

    /// Whether EXIF orientation is applied (default: not, like the PDQ reference).
    pub fn orientation(&mut self, orientation: Orientation) -> &mut Self {
        self.orientation = orientation;
        self
    }

    /// The algorithms to compute, in output order (default: PDQ only). Duplicates are ignored.
    pub fn algorithms(&mut self, algorithms: &[HashAlgorithm]) -> &mut Self {
        self.algorithms.clear();
        for &a in algorithms {
            if !self.algorithms.contains(&a) {
                self.algorithms.push(a);
            }
        }
        self
    }

    /// Which PDQ windows to compute for crop-robust matching (default: none).
    pub fn windows(&mut self, windows: Windows) -> &mut Self {
        self.windows = windows;
        self
    }

    /// Whether to compute the 8 dihedral PDQ hashes (default: no).
    pub fn dihedral(&mut self, dihedral: Dihedral) -> &mut Self {
        self.dihedral = dihedral;
        self
    }

    /// Validates the configuration and builds the hasher.
    ///
    /// # Errors
    /// [`Error::Config`] when no algorithm is selected, an algorithm is not supported, or a limit is
    /// zero.
    pub fn build(&self) -> Result<Hasher, Error> {
        if self.algorithms.is_empty() {
            return Err(Error::Config {
                message: "no hash algorithm selected".to_owned(),
            });
        }
        let l = &self.limits;
        if l.max_pixels == 0
            || l.max_width == 0
            || l.max_height == 0
            || l.max_alloc == 0
            || l.max_file_bytes == 0
            || l.max_jpeg_scans == 0
        {
            return Err(Error::Config {
                message: "decoding limits must be positive".to_owned(),
            });
        }
        let mut classic = Vec::new();
        for &algo in &self.algorithms {
            use image_hasher::{BitOrder, HashAlg, HasherConfig};
            // Fixed 8×8 sizes in a boxed container: `to_hasher` cannot hit its size assertion.
            let config = match algo {
                HashAlgorithm::Pdq => continue,
                HashAlgorithm::Phash => HasherConfig::new().hash_alg(HashAlg::Median).preproc_dct(),
                HashAlgorithm::Dhash => HasherConfig::new().hash_alg(HashAlg::Gradient),
                HashAlgorithm::Ahash => HasherConfig::new().hash_alg(HashAlg::Mean),
                other => {
                    return Err(Error::Config {
                        message: format!("unsupported hash algorithm `{other}`"),
                    });
                }
            };
            let config = config.hash_size(8, 8).bit_order(BitOrder::MsbFirst);
            classic.push((algo, std::panic::AssertUnwindSafe(config.to_hasher())));
        }
        Ok(Hasher {
            pdq: self
                .algorithms
                .contains(&HashAlgorithm::Pdq)
                .then(PdqHasher::new),
            classic,
            limits: self.limits,
            orientation: self.orientation,
            windows: self.windows,
            dihedral: self.dihedral,
            algorithms: self.algorithms.clone(),
        })
    }
}

/// Hashes images: decode under limits, SHA-256 of the bytes, PDQ with quality (and optionally its
/// dihedral hashes and window hashes), and optionally pHash/dHash/aHash.
///
/// Build once, share (`Send + Sync`), call from many threads.
pub struct Hasher {
    pdq: Option<PdqHasher>,
    // `image_hasher::Hasher` holds only immutable DCT plans (no state a panic could corrupt), but
    // its `dyn` plan type is not marked unwind-safe.
    classic: Vec<(
        HashAlgorithm,
        std::panic::AssertUnwindSafe<image_hasher::Hasher>,
    )>,
    limits: Limits,
    orientation: Orientation,
    windows: Windows,
    dihedral: Dihedral,
    algorithms: Vec<HashAlgorithm>,
}

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hasher")
            .field("algorithms", &self.algorithms)
            .field("limits", &self.limits)
            .field("orientation", &self.orientation)
            .field("windows", &self.windows)
            .field("dihedral", &self.dihedral)
            .finish()
    }
}

impl Default for Hasher {
    fn default() -> Self {
        Hasher::new()
    }
}

/// One PDQ hash of a sub-window.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WindowHash {
    /// The window's name (see [`crate::windows`]).
    pub window: &'static str,
    /// Its PDQ hash.
    pub hash: ImageHash,
    /// Its PDQ quality.
    pub quality: u8,
}

/// PDQ of one image.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PdqDigest {
    /// The hash of the whole image, exactly as the reference computes it.
    pub hash: ImageHash,
    /// The reference's quality, 0–100; below 50 the hash should not be matched.
    pub quality: u8,
    /// The 8 dihedral hashes (order: [`DIHEDRAL_NAMES`]; element 0 is the image as given), when
    /// requested; empty otherwise.
    pub dihedral: Vec<ImageHash>,
    /// Window hashes, when requested (see [`crate::windows`]); empty otherwise.
    pub windows: Vec<WindowHash>,
}

/// Everything computed for one image.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImageDigest {
    /// SHA-256 of the file's bytes, lowercase hex (absent when hashing an already decoded image).
    pub sha256: Option<String>,
    /// Decoded width.
    pub width: u32,
    /// Decoded height.
    pub height: u32,
    /// PDQ, when selected.
    pub pdq: Option<PdqDigest>,
    /// The 64-bit hashes (pHash/dHash/aHash) selected, in the configured order.
    pub others: Vec<ImageHash>,
}

impl ImageDigest {
    /// The rows `redflag hash` prints for this file: per selected algorithm in the configured
    /// order, one row for the whole image, and for PDQ one row per window when windows were
    /// computed (`window` set; the whole-image row has none).
    pub fn records(&self, path: &str) -> Vec<HashRecord> {
        let sha = self.sha256.clone().unwrap_or_default();
        let mut out = Vec::new();
        if let Some(p) = &self.pdq {
            let mut r = HashRecord::new(path, sha.clone(), &p.hash);
            r.quality = Some(p.quality);
            out.push(r);
            for w in &p.windows {
                let mut r = HashRecord::new(path, sha.clone(), &w.hash);
                r.quality = Some(w.quality);
                r.window = Some(w.window.to_owned());
                out.push(r);
            }
        }
        for h in &self.others {
            out.push(HashRecord::new(path, sha.clone(), h));
        }
        out
    }

    /// The report's finding for this image (sha256, pdq, quality; no matches yet).
    pub fn finding(&self, path: &str) -> ImageFinding {
        let mut f = ImageFinding::new(path);
        f.sha256 = self.sha256.clone();
        if let Some(p) = &self.pdq {
            f.pdq = Some(p.hash.to_hex());
            f.quality = Some(p.quality);
        }
        f
    }
}

/// SHA-256 of a file's bytes, lowercase hex (the file is read in full; no size limit).
///
/// # Errors
/// [`Error::Io`] when the file cannot be read.
pub fn sha256_file(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(&path.display().to_string(), &e))?;
    Ok(sha256_hex(&bytes))
}

fn sha256_hex(bytes: &[u8]) -> String {
    redflag_model::to_hex(&Sha256::digest(bytes))
}

pub(crate) fn pdq_image_hash(h: &Pdq256) -> ImageHash {
    ImageHash::from_bytes(HashAlgorithm::Pdq, None, h.0.to_vec()).expect("a Pdq256 has 256 bits")
}

impl Hasher {
    /// A hasher computing PDQ only, with default limits, no windows, no dihedral hashes.
    pub fn new() -> Hasher {
        HasherBuilder::default()
            .build()
            .expect("the default configuration is valid")
    }

    /// A builder with the defaults of [`Hasher::new`].
    pub fn builder() -> HasherBuilder {
        HasherBuilder::default()
    }

    /// The decoding limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Reads (under the file-size limit), digests, decodes and hashes a file.
    ///
    /// # Errors
    /// [`Error::Io`], [`Error::LimitExceeded`], [`Error::UnsupportedFormat`], [`Error::Decode`];
    /// every message names the file.
    pub fn hash_file(&self, path: &Path) -> Result<ImageDigest, Error> {
        let bytes = read_file(path, &self.limits)?;
        self.hash_bytes(&bytes, &path.display().to_string())
    }

    /// Digests, decodes and hashes an encoded image held in memory; `source` names it in errors.
    ///
    /// # Errors
    /// As [`Hasher::hash_file`], except `Io`.
    pub fn hash_bytes(&self, bytes: &[u8], source: &str) -> Result<ImageDigest, Error> {
        let sha = sha256_hex(bytes);
        let image = decode(bytes, &self.limits, self.orientation, source)?;
        let mut digest = self.digest(DecodedImage::Owned(image));
        digest.sha256 = Some(sha);
        Ok(digest)
    }

    /// Hashes an already decoded image (no limits apply, `sha256` is `None`).
    pub fn hash_image(&self, image: &DynamicImage) -> ImageDigest {
        self.digest(DecodedImage::Borrowed(image))
    }

    /// PDQ of a luma plane (no decoding), with the configured dihedral and window options.
    pub fn hash_luma(&self, luma: &Luma) -> PdqDigest {
        self.hash_luma_owned(luma.clone())
    }

    /// As [`Hasher::hash_luma`], filtering in the plane's own buffer: peak memory is the plane plus
    /// the small window copies.
    pub fn hash_luma_owned(&self, luma: Luma) -> PdqDigest {
        let fallback;
        let pdq = match &self.pdq {
            Some(p) => p,
            None => {
                fallback = PdqHasher::new();
                &fallback
            }
        };
        let mut windows = Vec::new();
        if self.windows == Windows::Standard {
            windows = window_hashes(pdq, &luma);
        }
        let (hash, quality, dihedral) = match self.dihedral {
            Dihedral::Compute => {
                // The reference's plain hash skips the filter at exactly 64×64; its dihedral
                // function does not. Elsewhere the two agree.
                let plain64 =
                    (luma.width() == 64 && luma.height() == 64).then(|| pdq.hash(&luma).hash);
                let (all, quality) = pdq.dihedral_owned(luma);
                (
                    plain64.unwrap_or(all[0]),
                    quality,
                    all.iter().map(pdq_image_hash).collect(),
                )
            }
            _ => {
                let r = pdq.hash_owned(luma);
                (r.hash, r.quality, Vec::new())
            }
        };
        PdqDigest {
            hash: pdq_image_hash(&hash),
            quality,
            dihedral,
            windows,
        }
    }

    fn digest(&self, image: DecodedImage<'_>) -> ImageDigest {
        let (width, height) = (image.get().width(), image.get().height());
        let mut others = Vec::new();
        // An empty image has no 64-bit hash (PDQ gives its all-zero, quality-0 hash).
        let classic: &[_] = if width == 0 || height == 0 {
            &[]
        } else {
            &self.classic
        };
        for (algo, h) in classic {
            let hash = h.hash_image(image.get());
            let bytes = hash.as_bytes().to_vec();
            let variant = variant_of(*algo).map(str::to_owned);
            if let Ok(ih) = ImageHash::from_bytes(*algo, variant, bytes) {
                others.push(ih);
            }
        }
        let pdq = if self.pdq.is_some() {
            let luma = Luma::from_image(image.get());
            drop(image);
            Some(self.hash_luma_owned(luma))
        } else {
            None
        };
        ImageDigest {
            sha256: None,
            width,
            height,
            pdq,
            others,
        }
    }
}

/// PDQ hashes of the standard windows of `luma`, on the block-averaged copy described in
/// [`crate::windows`] (windows under 5 px on a side are skipped).
pub(crate) fn window_hashes(pdq: &PdqHasher, luma: &Luma) -> Vec<WindowHash> {
    let reduced = reduce(luma, crate::windows::WINDOW_MAX_SIDE);
    let luma = reduced.as_ref().unwrap_or(luma);
    let mut out = Vec::with_capacity(STANDARD_WINDOWS.len());
    for w in &STANDARD_WINDOWS {
        let (x, y, ww, hh) = w.rect(luma.width(), luma.height());
        if ww < crate::pdq::MIN_DIMENSION || hh < crate::pdq::MIN_DIMENSION {
            continue;
        }
        let r = pdq.hash(&luma.crop(x, y, ww, hh));
        out.push(WindowHash {
            window: w.name,
            hash: pdq_image_hash(&r.hash),
            quality: r.quality,
        });
    }
    out
}

/// Averages `f`×`f` blocks, `f = ⌈longer side / max_side⌉`; `None` when `f` is 1.
fn reduce(luma: &Luma, max_side: usize) -> Option<Luma> {
    let (w, h) = (luma.width(), luma.height());
    let f = w.max(h).div_ceil(max_side);
    if f <= 1 {
        return None;
    }
    let (rw, rh) = (w / f, h / f);
    let src = luma.as_slice();
    let mut row_sums = vec![0f32; rw];
    let mut data = Vec::with_capacity(rw * rh);
    let scale = 1.0 / (f * f) as f32;
    for by in 0..rh {
        row_sums.iter_mut().for_each(|s| *s = 0.0);
        for y in by * f..(by + 1) * f {
            let row = &src[y * w..y * w + rw * f];
            for (s, block) in row_sums.iter_mut().zip(row.chunks_exact(f)) {
                *s += block.iter().sum::<f32>();
            }
        }
        data.extend(row_sums.iter().map(|s| s * scale));
    }
    Luma::new(rw, rh, data)
}

/// The name of dihedral slot `k` (for match reports).
pub(crate) fn dihedral_name(k: usize) -> &'static str {
    DIHEDRAL_NAMES.get(k).copied().unwrap_or(FULL)
}

enum DecodedImage<'a> {
    Owned(DynamicImage),
    Borrowed(&'a DynamicImage),
}

impl DecodedImage<'_> {
    fn get(&self) -> &DynamicImage {
        match self {
            DecodedImage::Owned(i) => i,
            DecodedImage::Borrowed(i) => i,
        }
    }
}
