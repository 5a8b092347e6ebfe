//! Recall and false matches of plain PDQ, PDQ + dihedral hashes, PDQ + windows and dHash on a
//! transform set built from synthetic scenes (gradients, value-noise textures, shapes; no photos).
//!
//! `cargo run --release -p redflag-imagehash --example imagehash_robustness [-- SCENES]`
//!
//! Prints a markdown table: per transform, the share of transformed images that match their own
//! source (recall) and the number of (query, other scene) pairs that match (false matches), for
//! each method. PDQ methods match at distance ≤ 31 with quality ≥ 50; dHash at distance ≤ 10.
#![allow(clippy::print_stdout)]

use redflag_imagehash::{Dihedral, HashIndex, Hasher, ImageDigest, Windows, image};
use redflag_model::HashAlgorithm;
use std::io::Cursor;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn float(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n.max(1))) as u32
    }
}

/// A synthetic scene: gradient background, two octaves of value noise, shapes and stripes.
fn scene(seed: u64, width: u32, height: u32) -> image::RgbImage {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let c0: [f32; 3] = [
        rng.float() * 255.0,
        rng.float() * 255.0,
        rng.float() * 255.0,
    ];
    let c1: [f32; 3] = [
        rng.float() * 255.0,
        rng.float() * 255.0,
        rng.float() * 255.0,
    ];
    let angle = rng.float() * std::f32::consts::TAU;
    let grids: Vec<(usize, Vec<f32>)> = [5usize, 13]
        .iter()
        .map(|&g| {
            (
                g,
                (0..(g + 1) * (g + 1)).map(|_| rng.float() - 0.5).collect(),
            )
        })
        .collect();
    let shapes: Vec<(u32, f32, f32, f32, f32, [f32; 3])> = (0..5 + rng.below(6))
        .map(|_| {
            (
                rng.below(3),
                rng.float() * width as f32,
                rng.float() * height as f32,
                (0.05 + rng.float() * 0.25) * width as f32,
                (0.05 + rng.float() * 0.25) * height as f32,
                [
                    rng.float() * 255.0,
                    rng.float() * 255.0,
                    rng.float() * 255.0,
                ],
            )
        })
        .collect();
    let stripes = (
        rng.float() * 40.0 + 8.0,
        rng.float() * std::f32::consts::TAU,
    );
    image::RgbImage::from_fn(width, height, |x, y| {
        let (u, v) = (x as f32 / width as f32, y as f32 / height as f32);
        let t = ((u - 0.5) * angle.cos() + (v - 0.5) * angle.sin() + 0.5).clamp(0.0, 1.0);
        let mut p = [0f32; 3];
        for c in 0..3 {
            p[c] = c0[c] * (1.0 - t) + c1[c] * t;
        }
        let mut n = 0.0;
        for (k, (g, vals)) in grids.iter().enumerate() {
            let (gx, gy) = (u * *g as f32, v * *g as f32);
            let (ix, iy) = ((gx as usize).min(g - 1), (gy as usize).min(g - 1));
            let (fx, fy) = (gx - ix as f32, gy - iy as f32);
            let at = |a: usize, b: usize| vals[b * (g + 1) + a];
            let top = at(ix, iy) * (1.0 - fx) + at(ix + 1, iy) * fx;
            let bottom = at(ix, iy + 1) * (1.0 - fx) + at(ix + 1, iy + 1) * fx;
            n += (top * (1.0 - fy) + bottom * fy) * if k == 0 { 140.0 } else { 60.0 };
        }
        for c in &mut p {
            *c += n;
        }
        for &(kind, cx, cy, rx, ry, col) in &shapes {
            let (dx, dy) = ((x as f32 - cx) / rx, (y as f32 - cy) / ry);
            let inside = match kind {
                0 => dx * dx + dy * dy < 1.0,
                1 => dx.abs() < 1.0 && dy.abs() < 1.0,
                _ => dy > -1.0 && dy < 1.0 && dx.abs() < (1.0 - dy) / 2.0,
            };
            if inside {
                let s =
                    ((x as f32 * stripes.1.cos() + y as f32 * stripes.1.sin()) / stripes.0).sin();
                for c in 0..3 {
                    p[c] = col[c] + if kind == 1 { 30.0 * s } else { 0.0 };
                }
            }
        }
        image::Rgb(p.map(|v| v.clamp(0.0, 255.0) as u8))
    })
}

fn jpeg(img: &image::RgbImage, quality: u8) -> image::RgbImage {
    let mut buf = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(Cursor::new(&mut buf), quality);
    if img.write_with_encoder(enc).is_err() {
        return img.clone();
    }
    image::load_from_memory(&buf)
        .map(|i| i.to_rgb8())
        .unwrap_or_else(|_| img.clone())
}

fn crop(img: &image::RgbImage, left: f32, top: f32, right: f32, bottom: f32) -> image::RgbImage {
    let (w, h) = (img.width() as f32, img.height() as f32);
    let (x0, y0) = ((left * w) as u32, (top * h) as u32);
    let (x1, y1) = (((1.0 - right) * w) as u32, ((1.0 - bottom) * h) as u32);
    image::imageops::crop_imm(img, x0, y0, x1 - x0, y1 - y0).to_image()
}

fn watermark(img: &image::RgbImage, seed: u64) -> image::RgbImage {
    let mut out = img.clone();
    let (w, h) = (img.width(), img.height());
    let mut rng = Rng(seed | 1);
    // "Text": white bars of random widths in a band at the bottom right, 70% opaque.
    let (bx, by, bw, bh) = (w * 55 / 100, h * 86 / 100, w * 40 / 100, h * 7 / 100);
    let mut x = bx;
    while x < bx + bw {
        let glyph = 4 + rng.below(w / 60 + 2);
        for gx in x..(x + glyph).min(w) {
            for gy in by..(by + bh).min(h) {
                if rng.below(5) > 0 {
                    let p = out.get_pixel_mut(gx, gy);
                    for c in 0..3 {
                        p.0[c] = (f32::from(p.0[c]) * 0.3 + 255.0 * 0.7) as u8;
                    }
                }
            }
        }
        x += glyph + 2 + rng.below(6);
    }
    out
}

fn noise(img: &image::RgbImage, seed: u64) -> image::RgbImage {
    let mut rng = Rng(seed | 1);
    let mut out = img.clone();
    for p in out.pixels_mut() {
        for c in 0..3 {
            let d = rng.below(41) as i32 - 20;
            p.0[c] = (i32::from(p.0[c]) + d).clamp(0, 255) as u8;
        }
    }
    out
}

type Transform = Box<dyn Fn(&image::RgbImage, u64) -> image::DynamicImage>;

fn transforms() -> Vec<(&'static str, Transform)> {
    use image::DynamicImage as D;
    vec![
        (
            "resize 50%",
            Box::new(|i, _| {
                D::ImageRgb8(image::imageops::resize(
                    i,
                    i.width() / 2,
                    i.height() / 2,
                    image::imageops::FilterType::Triangle,
                ))
            }),
        ),
        ("jpeg q70", Box::new(|i, _| D::ImageRgb8(jpeg(i, 70)))),
        ("jpeg q30", Box::new(|i, _| D::ImageRgb8(jpeg(i, 30)))),
        (
            "crop 2.5%/side",
            Box::new(|i, _| D::ImageRgb8(crop(i, 0.025, 0.025, 0.025, 0.025))),
        ),
        (
            "crop 5%/side",
            Box::new(|i, _| D::ImageRgb8(crop(i, 0.05, 0.05, 0.05, 0.05))),
        ),
        (
            "crop 10%/side",
            Box::new(|i, _| D::ImageRgb8(crop(i, 0.10, 0.10, 0.10, 0.10))),
        ),
        (
            "crop 15%/side (beyond the design)",
            Box::new(|i, _| D::ImageRgb8(crop(i, 0.15, 0.15, 0.15, 0.15))),
        ),
        (
            "crop 5% one corner",
            Box::new(|i, _| D::ImageRgb8(crop(i, 0.05, 0.05, 0.0, 0.0))),
        ),
        (
            "crop 10% one side",
            Box::new(|i, _| D::ImageRgb8(crop(i, 0.0, 0.0, 0.10, 0.0))),
        ),
        (
            "rotate 90",
            Box::new(|i, _| D::ImageRgb8(image::imageops::rotate90(i))),
        ),
        (
            "flip horizontal",
            Box::new(|i, _| D::ImageRgb8(image::imageops::flip_horizontal(i))),
        ),
        (
            "brightness +40",
            Box::new(|i, _| D::ImageRgb8(image::imageops::brighten(i, 40))),
        ),
        (
            "greyscale",
            Box::new(|i, _| D::ImageLuma8(image::imageops::grayscale(i))),
        ),
        ("watermark", Box::new(|i, s| D::ImageRgb8(watermark(i, s)))),
        ("noise ±20", Box::new(|i, s| D::ImageRgb8(noise(i, s)))),
    ]
}

#[derive(Default, Clone, Copy)]
struct Tally {
    hits: usize,
    false_pairs: usize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(60);
    let (width, height) = (640, 480);
    let full = Hasher::builder()
        .algorithms(&[HashAlgorithm::Pdq, HashAlgorithm::Dhash])
        .dihedral(Dihedral::Compute)
        .windows(Windows::Standard)
        .build()?;
    let scenes: Vec<image::RgbImage> = (0..n).map(|s| scene(s + 1, width, height)).collect();
    // Known side: plain index (whole-image PDQ + dHash) and window index (plus windows).
    let mut plain = HashIndex::new();
    let mut windowed = HashIndex::new();
    let mut low_quality = 0;
    for (i, img) in scenes.iter().enumerate() {
        let d = full.hash_image(&image::DynamicImage::ImageRgb8(img.clone()));
        let p = d.pdq.as_ref().ok_or("pdq")?;
        if p.quality < 50 {
            low_quality += 1;
        }
        let id = format!("s{i}");
        plain.insert(p.hash.clone(), id.clone(), "k");
        windowed.insert(p.hash.clone(), id.clone(), "k");
        for w in &p.windows {
            windowed.insert_window(&w.hash, &id, "k", w.window);
        }
        for h in &d.others {
            plain.insert(h.clone(), id.clone(), "k");
        }
    }
    let methods = ["PDQ", "PDQ+dihedral", "PDQ+windows", "dHash ≤10"];
    println!(
        "Transform set: {n} synthetic scenes {width}×{height} ({low_quality} with PDQ quality < 50), {} transforms; recall = share of transformed images matching their own source; false = (query, other scene) pairs matched.\n",
        transforms().len()
    );
    print!("| transform |");
    for m in methods {
        print!(" {m} recall | {m} false |");
    }
    println!();
    println!("|---|{}", "---|---|".repeat(methods.len()));
    let mut totals = [Tally::default(); 4];
    let mut unrelated_window_pairs = 0usize;
    let mut closest_unrelated = u32::MAX;
    for (name, t) in transforms() {
        let mut tally = [Tally::default(); 4];
        for (i, img) in scenes.iter().enumerate() {
            let q = full.hash_image(&t(img, i as u64 + 99));
            let own = format!("s{i}");
            let mut count = |k: usize, refs: Vec<String>| {
                if refs.contains(&own) {
                    tally[k].hits += 1;
                }
                tally[k].false_pairs += refs.iter().filter(|r| **r != own).count();
            };
            let strip = |d: &ImageDigest, dihedral: bool, windows: bool| {
                let mut d = d.clone();
                if let Some(p) = d.pdq.as_mut() {
                    if !dihedral {
                        p.dihedral.clear();
                    }
                    if !windows {
                        p.windows.clear();
                    }
                }
                d.others.clear();
                d
            };
            count(
                0,
                plain
                    .match_digest(&strip(&q, false, false), 31, 50)
                    .into_iter()
                    .map(|m| m.reference)
                    .collect(),
            );
            count(
                1,
                plain
                    .match_digest(&strip(&q, true, false), 31, 50)
                    .into_iter()
                    .map(|m| m.reference)
                    .collect(),
            );
            let wm: Vec<String> = windowed
                .match_digest(&strip(&q, false, true), 31, 50)
                .into_iter()
                .map(|m| m.reference)
                .collect();
            unrelated_window_pairs += wm.iter().filter(|r| **r != own).count();
            let near = windowed.match_digest(&strip(&q, false, true), 64, 50);
            if let Some(m) = near.iter().find(|m| m.reference != own) {
                closest_unrelated = closest_unrelated.min(m.distance);
            }
            count(2, wm);
            let dh: Vec<String> = q
                .others
                .iter()
                .flat_map(|h| plain.search(h, 10))
                .map(|m| m.reference)
                .collect();
            count(3, dh);
        }
        print!("| {name} |");
        for (k, t) in tally.iter().enumerate() {
            print!(
                " {:.0}% | {} |",
                100.0 * t.hits as f64 / n as f64,
                t.false_pairs
            );
            totals[k].hits += t.hits;
            totals[k].false_pairs += t.false_pairs;
        }
        println!();
    }
    let queries = n as usize * transforms().len();
    print!("| **all** |");
    for t in totals {
        print!(
            " **{:.0}%** | **{}** |",
            100.0 * t.hits as f64 / queries as f64,
            t.false_pairs
        );
    }
    println!();
    println!(
        "\nfalse-match opportunities per method: {} (query, other scene) pairs; PDQ+windows false pairs: {unrelated_window_pairs}; closest PDQ+windows distance between a query and an unrelated scene (any window pair): {}",
        queries * (n as usize - 1),
        if closest_unrelated == u32::MAX {
            "> 64".to_owned()
        } else {
            closest_unrelated.to_string()
        }
    );
    Ok(())
}
