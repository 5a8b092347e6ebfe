//! Criterion benches of redflag-imagehash: PDQ hashing from decoded pixels, and exact radius
//! queries on a million PDQ hashes.
//!
//! `cargo bench --bench imagehash`

use criterion::{Criterion, criterion_group, criterion_main};
use redflag::imagehash::{HashIndex, Hasher, Strategy, Windows, image};
use redflag::model::{HashAlgorithm, ImageHash};
use std::hint::black_box;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// A deterministic synthetic photo-like image: smooth waves, discs and a little noise.
fn picture(width: u32, height: u32, seed: u64) -> image::DynamicImage {
    let mut rng = Rng(seed | 1);
    let discs: Vec<(f32, f32, f32, [u8; 3])> = (0..10)
        .map(|_| {
            let v = rng.next();
            (
                (v % u64::from(width)) as f32,
                ((v >> 20) % u64::from(height)) as f32,
                ((v >> 40) % u64::from(height / 4)) as f32 + 10.0,
                [(v >> 8) as u8, (v >> 16) as u8, (v >> 24) as u8],
            )
        })
        .collect();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, y| {
        let (u, v) = (x as f32 / width as f32, y as f32 / height as f32);
        let mut p = [
            128.0 + 80.0 * (u * 9.0).sin() * (v * 5.0).cos(),
            128.0 + 60.0 * (u * 4.0 + v * 7.0).sin(),
            100.0 + 90.0 * v,
        ];
        for &(cx, cy, r, c) in &discs {
            let (dx, dy) = (x as f32 - cx, y as f32 - cy);
            if dx * dx + dy * dy < r * r {
                p = c.map(f32::from);
            }
        }
        let n = ((x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40503)) % 17) as f32 - 8.0;
        image::Rgb(p.map(|c| (c + n).clamp(0.0, 255.0) as u8))
    }))
}

fn pdq(c: &mut Criterion) {
    let hasher = Hasher::new();
    let windows = Hasher::builder()
        .windows(Windows::Standard)
        .build()
        .expect("valid config");
    for (w, h) in [(1024, 768), (1600, 1004)] {
        let img = picture(w, h, 7);
        c.bench_function(&format!("pdq/{w}x{h}"), |b| {
            b.iter(|| {
                let d = hasher.hash_image(black_box(&img));
                assert!(d.pdq.as_ref().is_some_and(|p| p.quality > 50));
                d
            })
        });
        c.bench_function(&format!("pdq+20 windows/{w}x{h}"), |b| {
            b.iter(|| {
                let d = windows.hash_image(black_box(&img));
                assert_eq!(d.pdq.as_ref().map(|p| p.windows.len()), Some(20));
                d
            })
        });
    }
}

fn pdq_hash(words: [u64; 4]) -> ImageHash {
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_be_bytes()).collect();
    ImageHash::from_bytes(HashAlgorithm::Pdq, None, bytes).expect("32 bytes")
}

fn index(c: &mut Criterion) {
    const N: usize = 1_000_000;
    let mut rng = Rng(0x5eed);
    let mut index = HashIndex::new();
    let mut stored = Vec::with_capacity(N);
    for i in 0..N {
        let w = [rng.next(), rng.next(), rng.next(), rng.next()];
        stored.push(w);
        index.insert(pdq_hash(w), i.to_string(), "bench");
    }
    // 200 queries: half random, half a stored hash with 0..40 bits flipped.
    let queries: Vec<ImageHash> = (0..200)
        .map(|i| {
            if i % 2 == 0 {
                return pdq_hash([rng.next(), rng.next(), rng.next(), rng.next()]);
            }
            let mut w = stored[(rng.next() % N as u64) as usize];
            for _ in 0..rng.next() % 41 {
                let bit = rng.next() % 256;
                w[(bit / 64) as usize] ^= 1 << (bit % 64);
            }
            pdq_hash(w)
        })
        .collect();
    index.prepare();
    let mut out = Vec::new();
    let expected: usize = queries
        .iter()
        .map(|q| {
            out.clear();
            index.search_raw(q, 31, Strategy::Linear, &mut out);
            out.len()
        })
        .sum();
    assert!(expected > 50, "planted near-duplicates are found");
    for (name, strategy) in [
        ("multi-index", Strategy::Auto),
        ("linear", Strategy::Linear),
    ] {
        c.bench_function(&format!("index 1M d=31 x200 queries/{name}"), |b| {
            b.iter(|| {
                let mut total = 0;
                for q in &queries {
                    out.clear();
                    index.search_raw(black_box(q), 31, strategy, &mut out);
                    total += out.len();
                }
                assert_eq!(total, expected);
                total
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = pdq, index
}
criterion_main!(benches);
