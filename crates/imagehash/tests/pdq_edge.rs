//! PDQ conformance on our own edge cases (`testdata/pdq-edge`), whose expected values come from
//! Meta's C++ reference through the `pdqhash` Python binding.

use redflag_imagehash::{Dihedral, Hasher};
use serde_json::Value;
use std::path::PathBuf;

fn edge_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/pdq-edge")
}

#[test]
fn pdq_edge_cases_match_the_reference_exactly() -> Result<(), Box<dyn std::error::Error>> {
    let dir = edge_dir();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json"))?)?;
    let cases = expected["cases"].as_object().ok_or("no cases")?;
    assert_eq!(cases.len(), 10);
    let plain = Hasher::new();
    let dihedral = Hasher::builder().dihedral(Dihedral::Compute).build()?;
    for (name, case) in cases {
        let path = dir.join(name);
        let a = plain.hash_file(&path)?;
        let b = dihedral.hash_file(&path)?;
        let (pa, pb) = (a.pdq.as_ref().ok_or("pdq")?, b.pdq.as_ref().ok_or("pdq")?);
        assert_eq!(
            pa.hash.to_hex(),
            case["pdq"].as_str().ok_or("pdq")?,
            "{name}: hash"
        );
        assert_eq!(pb.hash, pa.hash, "{name}: hash with dihedral on");
        assert_eq!(
            Some(u64::from(pa.quality)),
            case["quality"].as_u64(),
            "{name}: quality"
        );
        assert_eq!(pb.quality, pa.quality, "{name}: dihedral quality");
        let want: Vec<&str> = case["dihedral"]
            .as_array()
            .ok_or("dihedral")?
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let got: Vec<String> = pb.dihedral.iter().map(|h| h.to_hex()).collect();
        assert_eq!(got, want, "{name}: dihedral hashes");
        let size = case["size"].as_array().ok_or("size")?;
        assert_eq!(
            (Some(u64::from(a.width)), Some(u64::from(a.height))),
            (size[0].as_u64(), size[1].as_u64())
        );
    }
    Ok(())
}

#[test]
fn degenerate_cases_keep_their_documented_shape() -> Result<(), Box<dyn std::error::Error>> {
    let hasher = Hasher::new();
    let tiny = hasher.hash_file(&edge_dir().join("tiny_rgb_3x3.png"))?;
    let p = tiny.pdq.ok_or("pdq")?;
    assert_eq!(p.hash.to_hex(), "0".repeat(64));
    assert_eq!(p.quality, 0);
    let constant = hasher.hash_file(&edge_dir().join("constant_gray_77_120x90.png"))?;
    assert_eq!(constant.pdq.ok_or("pdq")?.quality, 0);
    Ok(())
}
