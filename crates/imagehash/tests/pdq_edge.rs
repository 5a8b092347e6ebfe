use redflag_imagehash::pdq::{Luma, PdqHasher};
use serde_json::Value;
use std::path::PathBuf;

fn edge_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/pdq-edge")
}

#[test]
fn pdq_edge_cases_match_the_reference_exactly() {
    let dir = edge_dir();
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let hasher = PdqHasher::new();
    let mut bad = Vec::new();
    for (name, case) in expected["cases"].as_object().unwrap() {
        let img = image::open(dir.join(name)).unwrap();
        let luma = Luma::from_image(&img);
        let r = hasher.hash(&luma);
        let (dih, q2) = hasher.dihedral(&luma);
        if r.hash.to_hex() != case["pdq"].as_str().unwrap() { bad.push(format!("{name}: hash {} vs {}", r.hash.to_hex(), case["pdq"])); }
        if u64::from(r.quality) != case["quality"].as_u64().unwrap() || q2 != r.quality { bad.push(format!("{name}: quality {}", r.quality)); }
        for (k, d) in dih.iter().enumerate() {
            if d.to_hex() != case["dihedral"][k].as_str().unwrap() { bad.push(format!("{name}: dihedral {k}")); }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}
