use redflag_imagehash::pdq::{Luma, PdqHasher};
use serde_json::Value;
use std::path::PathBuf;

#[test]
fn pdq_reference_vectors() {
    let Some(dir) = std::env::var_os("REDFLAG_PDQ_REFERENCE") else { eprintln!("skip"); return; };
    let dir = PathBuf::from(dir);
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("expected_vectors.json")).unwrap()).unwrap();
    let hasher = PdqHasher::new();
    let mut bad = Vec::new();
    for v in expected["full_resolution_pdqhash_convention"].as_array().unwrap() {
        let file = v["file"].as_str().unwrap();
        let img = image::open(dir.join(file)).unwrap();
        let r = hasher.hash(&Luma::from_image(&img));
        if r.hash.to_hex() != v["pdq"].as_str().unwrap() { bad.push(file.to_string()); }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}
