//! Helper for `benches/compare/jpeg_decode_compare.py` and the 64-bit index figures in
//! BENCHMARKS.md.
//!
//! ```text
//! imagehash_cost decode <file> <repeats> <redflag|image> [<pixels-out.rgb>]
//! imagehash_cost index64 <entries> <queries> <radius>
//! ```
//! `decode` decodes a file `repeats` times with redflag's decoder (libjpeg-turbo for JPEG) or with
//! `image`'s own (zune-jpeg), optionally writing the RGB pixels; the caller measures CPU time.
//! `index64` builds a dHash index of clustered random hashes and times radius queries with the
//! automatic strategy (multi-index) and the linear scan, checking that both return the same pairs.
#![allow(clippy::print_stdout)]

use redflag_imagehash::{HashIndex, Strategy, decode, image, variant_of};
use redflag_model::{HashAlgorithm, ImageHash};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("decode") if args.len() == 4 || args.len() == 5 => {
            decode_file(&args[1], args[2].parse()?, &args[3], args.get(4))
        }
        Some("index64") if args.len() == 4 => {
            index64(args[1].parse()?, args[2].parse()?, args[3].parse()?)
        }
        _ => Err(
            "usage: imagehash_cost decode FILE REPEATS redflag|image [OUT] | index64 N Q RADIUS"
                .into(),
        ),
    }
}

fn decode_file(
    file: &str,
    repeats: usize,
    which: &str,
    out: Option<&String>,
) -> Result<(), Box<dyn std::error::Error>> {
    let bytes = std::fs::read(file)?;
    let mut last = None;
    for _ in 0..repeats {
        let img = match which {
            "redflag" => decode(&bytes, &Default::default(), Default::default(), file)?,
            "image" => image::load_from_memory(&bytes)?,
            _ => return Err("decoder: redflag or image".into()),
        };
        last = Some(img);
    }
    let img = last.ok_or("repeats must be > 0")?;
    if let Some(out) = out {
        std::fs::write(out, img.to_rgb8().as_raw())?;
    }
    println!(
        "{{\"width\": {}, \"height\": {}, \"grey\": {}}}",
        img.width(),
        img.height(),
        img.color().channel_count() == 1
    );
    Ok(())
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn index64(n: usize, nq: usize, radius: u32) -> Result<(), Box<dyn std::error::Error>> {
    let variant = variant_of(HashAlgorithm::Dhash).map(str::to_owned);
    let hash = |h: u64| {
        ImageHash::from_bytes(
            HashAlgorithm::Dhash,
            variant.clone(),
            h.to_be_bytes().to_vec(),
        )
    };
    let mut rng = Rng(0x6464);
    // Near-duplicate clusters (100 per cluster, up to 8 bits from the centre), as real lists have.
    let centres: Vec<u64> = (0..n.div_ceil(100)).map(|_| rng.next()).collect();
    let mut stored = Vec::with_capacity(n);
    let mut index = HashIndex::new();
    for i in 0..n {
        let mut h = centres[(rng.next() % centres.len() as u64) as usize];
        for _ in 0..rng.next() % 9 {
            h ^= 1 << (rng.next() % 64);
        }
        stored.push(h);
        index.insert(hash(h)?, i.to_string(), "bench");
    }
    // Half random queries, half a stored hash with 0..12 bits flipped.
    let queries: Vec<ImageHash> = (0..nq)
        .map(|i| {
            let mut q = if i % 2 == 0 {
                rng.next()
            } else {
                stored[(rng.next() % n as u64) as usize]
            };
            if i % 2 == 1 {
                for _ in 0..rng.next() % 13 {
                    q ^= 1 << (rng.next() % 64);
                }
            }
            hash(q)
        })
        .collect::<Result<_, _>>()?;
    let t = Instant::now();
    index.prepare();
    let build = t.elapsed().as_secs_f64();
    let mut timings = Vec::new();
    let mut results = Vec::new();
    for strategy in [Strategy::Auto, Strategy::Linear] {
        let mut all = Vec::new();
        let mut out = Vec::new();
        let t = Instant::now();
        for (qi, q) in queries.iter().enumerate() {
            out.clear();
            index.search_raw(q, radius, strategy, &mut out);
            all.extend(out.iter().map(|&(e, d)| (qi, e, d)));
        }
        timings.push(t.elapsed().as_secs_f64() / nq as f64);
        all.sort_unstable();
        results.push(all);
    }
    println!(
        "{{\"entries\": {n}, \"queries\": {nq}, \"radius\": {radius}, \"results\": {}, \"identical\": {}, \"auto_us_per_query\": {:.2}, \"linear_us_per_query\": {:.2}, \"speedup\": {:.2}, \"mih_build_s\": {build:.3}, \"bytes_per_hash\": {:.1}}}",
        results[0].len(),
        results[0] == results[1],
        timings[0] * 1e6,
        timings[1] * 1e6,
        timings[1] / timings[0],
        index.memory_bytes() as f64 / n as f64
    );
    Ok(())
}
