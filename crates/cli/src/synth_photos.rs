//! Photos for `redflag synth --operations`: the generator's photo recipes
//! ([`redflag::link::synth::Photo`]) drawn as real image files, so that `redflag link` hashes
//! and links images on the same corpus as the library's benchmark.
//!
//! A scene is drawn from its seed: a gradient at a random angle under a dozen discs and bars of
//! random colours and sizes (enough structure for a PDQ quality near 100). An edited copy (the
//! recipe's `edit` seed) is one of what re-posters do to a photo:
//! - re-encoded: scaled to 70–100 % and saved as JPEG at quality 50–90 (half the copies);
//! - cropped by 3–5 % on one side (a quarter), or by 5 % on two adjacent sides (a quarter), then
//!   saved as JPEG at quality 85. Crops need `redflag link`'s crop windows to link (on by
//!   default).

use anyhow::Context;
use redflag::imagehash::image::{self, RgbImage, codecs::jpeg::JpegEncoder, imageops};
use redflag::link::synth::Photo;
use std::collections::HashSet;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

const WIDTH: u32 = 320;
const HEIGHT: u32 = 240;

/// SplitMix64, the generator the rest of the corpus uses.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Draws the scene of `seed`.
fn scene(seed: u64) -> RgbImage {
    let mut r = Rng(seed);
    let (w, h) = (f64::from(WIDTH), f64::from(HEIGHT));
    let angle = r.unit() * std::f64::consts::TAU;
    let (ca, sa) = (angle.cos(), angle.sin());
    let colour = |r: &mut Rng| [r.unit(), r.unit(), r.unit()].map(|v| v * 255.0);
    let (from, to) = (colour(&mut r), colour(&mut r));
    // (disc?, centre x, centre y, radius or half width, colour)
    let shapes: Vec<(bool, f64, f64, f64, [f64; 3])> = (0..10 + (r.next() % 6))
        .map(|_| {
            let disc = r.unit() < 0.5;
            let (x, y) = (r.unit() * w, r.unit() * h);
            let size = (0.04 + 0.16 * r.unit()) * w;
            (disc, x, y, size, colour(&mut r))
        })
        .collect();
    RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let (fx, fy) = (f64::from(x), f64::from(y));
        let t = (((fx / w - 0.5) * ca + (fy / h - 0.5) * sa) + 0.5).clamp(0.0, 1.0);
        let mut px = [0.0f64; 3];
        for c in 0..3 {
            px[c] = from[c] * (1.0 - t) + to[c] * t;
        }
        for &(disc, cx, cy, size, c) in &shapes {
            let inside = if disc {
                (fx - cx).powi(2) + (fy - cy).powi(2) < size * size
            } else {
                (fx - cx).abs() < size && (fy - cy).abs() < size / 3.0
            };
            if inside {
                px = c;
            }
        }
        image::Rgb(px.map(|v| v.clamp(0.0, 255.0) as u8))
    })
}

/// The file name of a photo: the original is a PNG, edited copies are JPEGs.
pub(crate) fn file_name(photo: &Photo) -> String {
    if photo.edit == 0 {
        format!("{:016x}.png", photo.scene)
    } else {
        format!("{:016x}-{:016x}.jpg", photo.scene, photo.edit)
    }
}

/// Draws `photo` (original or edited copy) and saves it in `dir`.
fn write(photo: &Photo, dir: &Path) -> anyhow::Result<()> {
    let path = dir.join(file_name(photo));
    let original = scene(photo.scene);
    if photo.edit == 0 {
        return original
            .save(&path)
            .with_context(|| format!("cannot write {}", path.display()));
    }
    let mut r = Rng(photo.edit);
    let (w, h) = (WIDTH, HEIGHT);
    let pick = r.unit();
    let (edited, quality) = if pick < 0.5 {
        let scale = 0.7 + 0.3 * r.unit();
        let (nw, nh) = (
            (f64::from(w) * scale).round() as u32,
            (f64::from(h) * scale).round() as u32,
        );
        let resized = imageops::resize(&original, nw, nh, imageops::FilterType::Triangle);
        (resized, 50 + (r.next() % 41) as u8)
    } else if pick < 0.75 {
        let f = 0.03 + 0.02 * r.unit();
        let (cw, ch) = (
            (f64::from(w) * f).round() as u32,
            (f64::from(h) * f).round() as u32,
        );
        let (x, y, nw, nh) = match r.next() % 4 {
            0 => (cw, 0, w - cw, h),
            1 => (0, 0, w - cw, h),
            2 => (0, ch, w, h - ch),
            _ => (0, 0, w, h - ch),
        };
        (imageops::crop_imm(&original, x, y, nw, nh).to_image(), 85)
    } else {
        let (cw, ch) = (w / 20, h / 20);
        let (x, y) = match r.next() % 4 {
            0 => (0, 0),
            1 => (cw, 0),
            2 => (0, ch),
            _ => (cw, ch),
        };
        let cropped = imageops::crop_imm(&original, x, y, w - cw, h - ch).to_image();
        (cropped, 85)
    };
    let file =
        std::fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
    JpegEncoder::new_with_quality(BufWriter::new(file), quality)
        .encode_image(&edited)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Writes the photos of one document into `dir` (once per file across calls, `written` keeps
/// track) and returns their paths relative to `dir`'s parent (`<dir name>/<file>`).
pub(crate) fn write_all(
    photos: &[Photo],
    dir: &Path,
    written: &mut HashSet<Photo>,
) -> anyhow::Result<Vec<String>> {
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut paths = Vec::with_capacity(photos.len());
    for p in photos {
        if written.insert(*p) {
            write(p, dir)?;
        }
        paths.push(format!("{folder}/{}", file_name(p)));
    }
    Ok(paths)
}

/// The photo folder for a corpus written to `out`: `<out without extension>-photos` beside it.
pub(crate) fn folder_for(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "corpus".to_owned());
    out.with_file_name(format!("{stem}-photos"))
}
