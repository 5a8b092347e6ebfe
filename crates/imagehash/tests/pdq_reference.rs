//! PDQ conformance on the upstream vectors (facebook/ThreatExchange `pdq/data`), read in place from
//! the folder named by `REDFLAG_PDQ_REFERENCE` (never copied into this repository).

use redflag_imagehash::Hasher;
use serde_json::Value;
use std::path::PathBuf;

#[test]
#[allow(clippy::print_stderr)] // the skip must be visible in the test output
fn pdq_reference_vectors_full_resolution() -> Result<(), Box<dyn std::error::Error>> {
    let Some(dir) = std::env::var_os("REDFLAG_PDQ_REFERENCE") else {
        eprintln!("skipped: REDFLAG_PDQ_REFERENCE is not set (see .ci/run)");
        return Ok(());
    };
    let dir = PathBuf::from(dir);
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected_vectors.json"))?)?;
    let vectors = expected["full_resolution_pdqhash_convention"]
        .as_array()
        .ok_or("no vectors")?;
    assert_eq!(vectors.len(), 23);
    let hasher = Hasher::new();
    for v in vectors {
        let file = v["file"].as_str().ok_or("file")?;
        let want = redflag_model::ImageHash::from_hex(
            redflag_model::HashAlgorithm::Pdq,
            None,
            v["pdq"].as_str().ok_or("pdq")?,
        )?;
        let got = hasher.hash_file(&dir.join(file))?.pdq.ok_or("pdq")?.hash;
        assert_eq!(got, want, "{file}");
    }
    Ok(())
}

#[test]
#[allow(clippy::print_stderr)] // the skip must be visible in the test output
fn exif_orientation_is_ignored_by_default_and_applied_on_request()
-> Result<(), Box<dyn std::error::Error>> {
    let Some(dir) = std::env::var_os("REDFLAG_PDQ_REFERENCE") else {
        eprintln!("skipped: REDFLAG_PDQ_REFERENCE is not set (see .ci/run)");
        return Ok(());
    };
    let dir = PathBuf::from(dir).join("reg-test-input/exif-rotn");
    // The four photos are different shots; what we check is that ApplyExif gives exactly the hash
    // of the stored pixels turned as the EXIF tag says (3: 180°, 6: 90° clockwise).
    let stored = Hasher::new();
    let applied = Hasher::builder()
        .orientation(redflag_imagehash::Orientation::ApplyExif)
        .build()?;
    for n in [3u32, 6] {
        let path = dir.join(format!("exif-rotn-{n}.jpg"));
        let pixels = redflag_imagehash::decode(
            &std::fs::read(&path)?,
            &Default::default(),
            Default::default(),
            "x",
        )?;
        let turned = match n {
            3 => pixels.rotate180(),
            6 => pixels.rotate90(),
            _ => pixels.rotate90(),
        };
        let a = applied.hash_file(&path)?;
        assert_eq!(
            (a.width, a.height),
            (turned.width(), turned.height()),
            "exif-rotn-{n}"
        );
        assert_eq!(
            a.pdq,
            stored.hash_image(&turned).pdq,
            "exif-rotn-{n}: applied"
        );
        assert_ne!(
            a.pdq,
            stored.hash_image(&pixels).pdq,
            "exif-rotn-{n}: orientation changes the hash"
        );
    }
    Ok(())
}

#[test]
#[allow(clippy::print_stderr)] // the skip must be visible in the test output
fn progressive_jpeg_coefficients_count_against_max_alloc() -> Result<(), Box<dyn std::error::Error>>
{
    let Some(dir) = std::env::var_os("REDFLAG_PDQ_REFERENCE") else {
        eprintln!("skipped: REDFLAG_PDQ_REFERENCE is not set (see .ci/run)");
        return Ok(());
    };
    // wee.jpg: 34x42, progressive, 4:4:4. Pixels 4,284 bytes; coefficients 3 x 5 x 6 blocks x 128 B
    // = 11,520 bytes.
    let bytes = std::fs::read(PathBuf::from(dir).join("misc-images/wee.jpg"))?;
    let mut limits = redflag_imagehash::Limits::default();
    limits.max_alloc = 4_284 + 11_520;
    assert!(redflag_imagehash::decode(&bytes, &limits, Default::default(), "wee.jpg").is_ok());
    limits.max_alloc -= 1;
    let e = redflag_imagehash::decode(&bytes, &limits, Default::default(), "wee.jpg").unwrap_err();
    assert!(
        matches!(
            e,
            redflag_imagehash::Error::LimitExceeded {
                what: "decoded size",
                actual: 15_804,
                ..
            }
        ),
        "{e}"
    );
    Ok(())
}
