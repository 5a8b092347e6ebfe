//! Helper for `benches/compare/imagehash_compare.py`: times our PDQ and index on data the script
//! wrote, single-threaded, and prints one JSON object per line.
//!
//! ```text
//! imagehash_compare pdq <file.rgb> <width> <height> <repeats>
//! imagehash_compare index <db.bin> <queries.bin> <radius> <strategy: auto|mih|linear>
//! ```
//! `.rgb` files are raw 8-bit RGB, row-major; `.bin` files are 32-byte hashes back to back (the
//! bytes of the reference hex).
#![allow(clippy::print_stdout)]

use redflag_imagehash::pdq::{Luma, PdqHasher};
use redflag_imagehash::{HashIndex, Strategy, image};
use redflag_model::{HashAlgorithm, ImageHash};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("pdq") if args.len() == 5 => pdq(
            &args[1],
            args[2].parse()?,
            args[3].parse()?,
            args[4].parse()?,
        ),
        Some("index") if args.len() == 5 => index(&args[1], &args[2], args[3].parse()?, &args[4]),
        _ => Err(
            "usage: imagehash_compare pdq FILE W H REPEATS | index DB QUERIES RADIUS STRATEGY"
                .into(),
        ),
    }
}

fn pdq(
    file: &str,
    width: u32,
    height: u32,
    repeats: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let raw = std::fs::read(file)?;
    let img = image::RgbImage::from_raw(width, height, raw).ok_or("size mismatch")?;
    let img = image::DynamicImage::ImageRgb8(img);
    let hasher = PdqHasher::new();
    let mut best = f64::INFINITY;
    let mut hex = String::new();
    let mut quality = 0;
    for _ in 0..repeats {
        let t = Instant::now();
        // Hashing only, from decoded pixels: luma conversion + PDQ (as pdqhash.compute does).
        let r = hasher.hash(&Luma::from_image(&img));
        best = best.min(t.elapsed().as_secs_f64());
        hex = r.hash.to_hex();
        quality = r.quality;
    }
    println!(
        "{{\"file\": \"{file}\", \"hash\": \"{hex}\", \"quality\": {quality}, \"best_ms\": {:.4}}}",
        best * 1e3
    );
    Ok(())
}

fn read_hashes(path: &str) -> Result<Vec<ImageHash>, Box<dyn std::error::Error>> {
    let bytes = std::fs::read(path)?;
    Ok(bytes
        .chunks_exact(32)
        .map(|c| ImageHash::from_bytes(HashAlgorithm::Pdq, None, c.to_vec()))
        .collect::<Result<_, _>>()?)
}

fn index(
    db: &str,
    queries: &str,
    radius: u32,
    strategy: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let strategy = match strategy {
        "mih" => Strategy::MultiIndex,
        "linear" => Strategy::Linear,
        _ => Strategy::Auto,
    };
    let db = read_hashes(db)?;
    let queries = read_hashes(queries)?;
    let t = Instant::now();
    let mut index = HashIndex::new();
    for (i, h) in db.into_iter().enumerate() {
        index.insert(h, i.to_string(), "db");
    }
    index.prepare();
    let build = t.elapsed().as_secs_f64();
    let mut out = Vec::new();
    let mut total = 0usize;
    let mut checksum = 0u64;
    let t = Instant::now();
    for q in &queries {
        out.clear();
        index.search_raw(q, radius, strategy, &mut out);
        total += out.len();
        for &(id, d) in &out {
            checksum = checksum.wrapping_add(u64::from(id) * 257 + u64::from(d));
        }
    }
    let per_query = t.elapsed().as_secs_f64() / queries.len() as f64;
    // The same queries as one batch (blocked scan when the strategy is linear).
    let mut triples = Vec::new();
    let t = Instant::now();
    index.search_batch_raw(&queries, radius, strategy, &mut triples);
    let per_query_batch = t.elapsed().as_secs_f64() / queries.len() as f64;
    if triples.len() != total {
        return Err("batch and single results differ".into());
    }
    println!(
        "{{\"results\": {total}, \"checksum\": {checksum}, \"ms_per_query\": {:.5}, \"ms_per_query_batch\": {:.5}, \"build_s\": {build:.3}, \"bytes_per_hash\": {:.1}}}",
        per_query * 1e3,
        per_query_batch * 1e3,
        index.memory_bytes() as f64 / index.len().max(1) as f64
    );
    Ok(())
}
