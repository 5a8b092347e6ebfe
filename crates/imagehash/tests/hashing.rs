//! Decoding limits, errors, 64-bit hashes, records and window matching.

use redflag_imagehash::{HashIndex, Hasher, Limits, Orientation, Windows, image};
use redflag_model::{ErrorCode, HashAlgorithm};
use std::path::PathBuf;

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}

#[test]
fn bad_images_give_typed_errors() {
    let hasher = Hasher::new();
    let cases = [
        ("truncated.png", ErrorCode::Decode),
        ("truncated.jpg", ErrorCode::Decode),
        ("huge_declared_100000x100000.png", ErrorCode::LimitExceeded),
        ("over_pixel_limit_20000x20000.png", ErrorCode::LimitExceeded),
        ("huge_declared_65535x65535.gif", ErrorCode::LimitExceeded),
        ("empty.jpg", ErrorCode::UnsupportedFormat),
        ("not_an_image.png", ErrorCode::UnsupportedFormat),
    ];
    for (file, code) in cases {
        let path = data(&format!("bad/{file}"));
        match hasher.hash_file(&path) {
            Ok(_) => panic!("{file}: hashed"),
            Err(e) => {
                assert_eq!(e.code(), code, "{file}: {e}");
                assert!(
                    e.to_string().contains(file),
                    "{file}: message names the file: {e}"
                );
            }
        }
    }
    let missing = hasher.hash_file(&data("bad/missing.png")).unwrap_err();
    assert_eq!(missing.code(), ErrorCode::Io);
}

#[test]
fn tight_limits_refuse_before_decoding() -> Result<(), Box<dyn std::error::Error>> {
    let mut limits = Limits::default();
    limits.max_pixels = 1000;
    let hasher = Hasher::builder().limits(limits).build()?;
    let e = hasher
        .hash_file(&data("pdq-edge/noise_rgb_640x480.png"))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::LimitExceeded, "{e}");
    let mut zero = Limits::default();
    zero.max_alloc = 0;
    assert!(Hasher::builder().limits(zero).build().is_err());
    assert!(Hasher::builder().algorithms(&[]).build().is_err());
    Ok(())
}

#[test]
fn records_and_findings() -> Result<(), Box<dyn std::error::Error>> {
    let hasher = Hasher::builder()
        .algorithms(&[
            HashAlgorithm::Pdq,
            HashAlgorithm::Phash,
            HashAlgorithm::Dhash,
            HashAlgorithm::Ahash,
        ])
        .windows(Windows::Standard)
        .orientation(Orientation::ApplyExif)
        .build()?;
    let path = data("pdq-edge/waves_rgb_400x300.png");
    let digest = hasher.hash_file(&path)?;
    let bytes = std::fs::read(&path)?;
    assert_eq!(
        digest.sha256.as_deref(),
        Some(redflag_imagehash::sha256_file(&path)?.as_str())
    );
    assert_eq!(digest.sha256, hasher.hash_bytes(&bytes, "x")?.sha256);
    let records = digest.records("w.png");
    // 1 PDQ + 20 windows + 3 64-bit hashes.
    assert_eq!(records.len(), 24);
    assert_eq!(records[0].window, None);
    assert_eq!(records[1].window.as_deref(), Some("c95"));
    let algos: Vec<HashAlgorithm> = records.iter().map(|r| r.algo).collect();
    assert_eq!(
        &algos[21..],
        &[
            HashAlgorithm::Phash,
            HashAlgorithm::Dhash,
            HashAlgorithm::Ahash
        ]
    );
    assert!(
        records[21..]
            .iter()
            .all(|r| r.hash.len() == 16 && r.variant.is_some() && r.quality.is_none())
    );
    let finding = digest.finding("w.png");
    assert_eq!(finding.pdq.as_deref(), Some(records[0].hash.as_str()));
    assert_eq!(finding.quality, records[0].quality);
    Ok(())
}

#[test]
fn dhash_bit_order_is_row_major_msb_first() -> Result<(), Box<dyn std::error::Error>> {
    // dHash compares p[x+1] > p[x] along each row of a 9×8 resize. Top half: a tent rising to the
    // middle column then falling (comparisons 1,1,1,1,0,0,0,0 = 0xf0 MSB first); bottom half the
    // inverse (0x0f). Row-major, one byte per row.
    let tent = |x: u32| if x < 45 { x * 5 } else { (90 - x) * 5 };
    let img = image::GrayImage::from_fn(90, 80, |x, y| {
        let t = tent(x) as u8;
        image::Luma([if y < 40 { t } else { 255 - t }])
    });
    let hasher = Hasher::builder()
        .algorithms(&[HashAlgorithm::Dhash])
        .build()?;
    let d = hasher.hash_image(&image::DynamicImage::ImageLuma8(img));
    let h = &d.others[0];
    assert_eq!(h.algo(), HashAlgorithm::Dhash);
    assert_eq!(h.to_hex(), "f0f0f0f00f0f0f0f");
    Ok(())
}

/// A synthetic scene: a gradient background, a few filled shapes and a little texture.
fn scene(seed: u32, width: u32, height: u32) -> image::DynamicImage {
    let mut s = seed.wrapping_mul(2_654_435_761).wrapping_add(12345);
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        s
    };
    let shapes: Vec<(i64, i64, i64, [u8; 3])> = (0..6)
        .map(|_| {
            let r = (next() % (height / 3)) as i64 + 10;
            (
                (next() % width) as i64,
                (next() % height) as i64,
                r,
                [
                    (next() % 256) as u8,
                    (next() % 256) as u8,
                    (next() % 256) as u8,
                ],
            )
        })
        .collect();
    let (a, b) = (next() % 200, next() % 200);
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, y| {
        let mut p = [
            (x * 255 / width) as u8 / 2 + a as u8 / 4,
            (y * 255 / height) as u8 / 2 + b as u8 / 4,
            128,
        ];
        for (cx, cy, r, c) in &shapes {
            let (dx, dy) = (x as i64 - cx, y as i64 - cy);
            if dx * dx + dy * dy < r * r {
                p = *c;
            }
        }
        image::Rgb(p)
    }))
}

#[test]
fn a_crop_matches_through_windows_but_not_without() -> Result<(), Box<dyn std::error::Error>> {
    let img = scene(7, 640, 480);
    let crop = img.crop_imm(64, 48, 512, 384); // 10% off every side
    let with = Hasher::builder().windows(Windows::Standard).build()?;
    let without = Hasher::new();
    let known = with.hash_image(&img);
    let mut index = HashIndex::new();
    let mut plain_index = HashIndex::new();
    for r in known.records("scene.png") {
        let h = redflag_model::ImageHash::from_hex(r.algo, r.variant.clone(), &r.hash)?;
        index.insert_window(&h, &r.path, "known", r.window.as_deref().unwrap_or("full"));
        if r.window.is_none() {
            plain_index.insert(h, r.path.clone(), "known");
        }
    }
    // Plain PDQ misses a 10%-per-side crop by far.
    let plain = without.hash_image(&crop);
    let d = plain
        .pdq
        .as_ref()
        .ok_or("pdq")?
        .hash
        .distance(&known.pdq.as_ref().ok_or("pdq")?.hash);
    assert!(d > Some(31), "{d:?}");
    assert!(plain_index.match_digest(&plain, 31, 50).is_empty());
    let m = index.match_digest(&with.hash_image(&crop), 31, 50);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].reference, "scene.png");
    assert!(m[0].window.contains("c80"), "{m:?}");
    Ok(())
}

#[test]
fn shared_types_are_send_sync_unwind_safe() {
    fn check<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}
    check::<Hasher>();
    check::<HashIndex>();
    check::<redflag_imagehash::Error>();
    check::<redflag_imagehash::KnownList>();
    check::<redflag_imagehash::ImageDigest>();
}

#[test]
fn a_folder_of_known_images_is_indexed_with_add_digest() -> Result<(), Box<dyn std::error::Error>> {
    let hasher = Hasher::builder().windows(Windows::Standard).build()?;
    let mut index = HashIndex::new();
    let known = hasher.hash_image(&scene(3, 400, 300));
    let p = known.pdq.as_ref().ok_or("pdq")?;
    let low = usize::from(p.quality < 50) + p.windows.iter().filter(|w| w.quality < 50).count();
    assert_eq!(index.add_digest(&known, "a.png", "folder", 50), low);
    assert_eq!(index.len(), 21 - low);
    let other = hasher.hash_image(&scene(4, 400, 300));
    index.add_digest(&other, "b.png", "folder", 50);
    let query = hasher.hash_image(&scene(3, 400, 300).crop_imm(0, 0, 380, 285));
    let m = index.match_digest(&query, 31, 50);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(
        (m[0].reference.as_str(), m[0].list.as_str()),
        ("a.png", "folder")
    );
    Ok(())
}
