//! Untrusted bytes never panic: random data and bit-flipped real files give a digest or a typed
//! error.

use proptest::prelude::*;
use redflag_imagehash::{Hasher, KnownList, KnownListOptions, Windows, image};
use redflag_model::HashAlgorithm;
use std::path::PathBuf;

fn edge(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/pdq-edge")
        .join(name);
    std::fs::read(path).unwrap_or_default()
}

fn jpeg_bytes() -> Vec<u8> {
    let img = image::RgbImage::from_fn(48, 40, |x, y| {
        image::Rgb([(x * 5) as u8, (y * 6) as u8, ((x ^ y) * 9) as u8])
    });
    let mut buf = Vec::new();
    let enc =
        image::codecs::jpeg::JpegEncoder::new_with_quality(std::io::Cursor::new(&mut buf), 75);
    img.write_with_encoder(enc)
        .map(|()| buf)
        .unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let hasher = Hasher::builder().algorithms(&[HashAlgorithm::Pdq, HashAlgorithm::Dhash]).build().map_err(|e| TestCaseError::fail(e.to_string()))?;
        if let Err(e) = hasher.hash_bytes(&bytes, "random") {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn bit_flipped_images_never_panic(which in 0usize..3, flips in prop::collection::vec((any::<prop::sample::Index>(), 0u8..8), 1..12), cut in any::<prop::sample::Index>()) {
        let mut bytes = match which {
            0 => edge("min_rgb_5x5.png"),
            1 => edge("checker8_gray_96x96.png"),
            _ => jpeg_bytes(),
        };
        prop_assume!(!bytes.is_empty());
        for (i, bit) in &flips {
            let k = i.index(bytes.len());
            bytes[k] ^= 1 << bit;
        }
        if which == 2 {
            bytes.truncate(cut.index(bytes.len()) + 1);
        }
        let hasher = Hasher::builder()
            .algorithms(&[HashAlgorithm::Pdq, HashAlgorithm::Phash, HashAlgorithm::Dhash, HashAlgorithm::Ahash])
            .windows(Windows::Standard)
            .build()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        match hasher.hash_bytes(&bytes, "flipped") {
            Ok(d) => prop_assert!(d.pdq.is_some()),
            Err(e) => prop_assert!(e.to_string().starts_with("flipped: ")),
        }
    }

    #[test]
    fn random_list_text_never_panics(text in "[0-9a-fA-F,pdq \\n\\r\"#xyz]{0,400}") {
        if let Err(e) = KnownList::parse("l.txt", &text, &KnownListOptions::default()) {
            prop_assert!(e.to_string().starts_with("l.txt:"));
        }
    }
}

#[test]
fn hash_records_written_as_csv_read_back_as_a_known_list() -> Result<(), Box<dyn std::error::Error>>
{
    let hasher = Hasher::builder()
        .algorithms(&[HashAlgorithm::Pdq, HashAlgorithm::Dhash])
        .windows(Windows::Standard)
        .build()?;
    let digest = hasher.hash_bytes(&edge("noise_rgb_640x480.png"), "noise.png")?;
    let records = digest.records("dir/noise, copy.png");
    // The CSV `redflag hash --format csv` writes: path,algo,window,hash,quality (path quoted).
    let mut csv = String::from("path,algo,window,hash,quality\n");
    for r in &records {
        csv.push_str(&format!(
            "\"{}\",{},{},{},{}\n",
            r.path,
            r.algo,
            r.window.as_deref().unwrap_or(""),
            r.hash,
            r.quality.map(|q| q.to_string()).unwrap_or_default()
        ));
    }
    let mut options = KnownListOptions::default();
    options.min_quality = 0;
    let list = KnownList::parse("hashes.csv", &csv, &options)?;
    assert_eq!(list.entries.len(), records.len());
    for (e, r) in list.entries.iter().zip(&records) {
        assert_eq!(e.hash.to_hex(), r.hash);
        assert_eq!(e.hash.algo(), r.algo);
        assert_eq!(e.reference, "dir/noise, copy.png");
        assert_eq!(e.window, r.window);
    }
    Ok(())
}

#[test]
fn an_empty_image_hashes_without_panicking() {
    let hasher = Hasher::builder()
        .algorithms(&[HashAlgorithm::Pdq, HashAlgorithm::Ahash])
        .windows(Windows::Standard)
        .build()
        .expect("valid");
    let d = hasher.hash_image(&image::DynamicImage::new_rgb8(0, 0));
    assert_eq!(
        d.pdq.map(|p| (p.quality, p.hash.to_hex())),
        Some((0, "0".repeat(64)))
    );
    assert!(d.others.is_empty());
}
