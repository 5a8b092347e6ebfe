//! `redflag hash`, `redflag match` and images in `redflag scan`.

use crate::common::{code, json_lines, redflag, temp_dir};
use std::path::{Path, PathBuf};

fn edge(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/pdq-edge")
        .join(name)
}

/// A synthetic scene drawn for the test: a mosaic of 40-px tiles with pseudo-random grey levels
/// and a few discs, with enough edges for a high PDQ quality.
fn scene(width: u32, height: u32) -> image::RgbImage {
    image::RgbImage::from_fn(width, height, |x, y| {
        let (tx, ty) = (x / 40, y / 40);
        let mut h = (tx * 73_856_093) ^ (ty * 19_349_663);
        h ^= h >> 13;
        h = h.wrapping_mul(0x5bd1_e995);
        let mut g = (h >> 24) as u8;
        for (cx, cy, r) in [(120i64, 100i64, 50i64), (290, 190, 70)] {
            let (dx, dy) = (i64::from(x) - cx, i64::from(y) - cy);
            if dx * dx + dy * dy < r * r {
                g = 255 - g / 3;
            }
        }
        image::Rgb([g, g / 2 + 60, 255 - g])
    })
}

/// A folder with two of our own test images and a file that is not an image.
fn image_folder(name: &str) -> PathBuf {
    let dir = temp_dir(name).join("imgs");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    scene(400, 300).save(dir.join("waves.png")).unwrap();
    std::fs::copy(edge("noise_rgb_640x480.png"), dir.join("sub/noise.png")).unwrap();
    std::fs::write(dir.join("sub/broken.jpg"), b"not really a jpeg").unwrap();
    dir
}

#[test]
fn hash_writes_one_line_per_file_and_algorithm_and_one_error_per_bad_file() {
    let dir = image_folder("hash");
    let out = redflag(
        &["hash", "--algo", "pdq,dhash,phash", dir.to_str().unwrap()],
        b"",
    );
    assert_eq!(
        code(&out),
        1,
        "a file that cannot be decoded makes the exit status 1"
    );
    let lines = json_lines(&out);
    let broken = format!("{}/sub/broken.jpg", dir.display());
    let noise = format!("{}/sub/noise.png", dir.display());
    let waves = format!("{}/waves.png", dir.display());
    let rows: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["path"].as_str().unwrap(),
                l.get("algo").and_then(|a| a.as_str()).unwrap_or("error"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (broken.as_str(), "error"),
            (noise.as_str(), "pdq"),
            (noise.as_str(), "dhash"),
            (noise.as_str(), "phash"),
            (waves.as_str(), "pdq"),
            (waves.as_str(), "dhash"),
            (waves.as_str(), "phash"),
        ],
        "files in sorted order, printed as the folder joined with their relative path"
    );
    assert_eq!(lines[0]["type"], "error");
    assert_eq!(lines[0]["error"], "unsupported_format");
    for l in &lines[1..] {
        let hash = l["hash"].as_str().unwrap();
        let want = if l["algo"] == "pdq" { 64 } else { 16 };
        assert_eq!(hash.len(), want);
        assert!(
            hash.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_eq!(l["sha256"].as_str().unwrap().len(), 64);
        assert_eq!(l["quality"].is_number(), l["algo"] == "pdq");
        assert_eq!(
            l["variant"].is_string(),
            l["algo"] != "pdq",
            "64-bit hashes name their variant"
        );
    }
}

#[test]
fn hash_csv_is_a_known_list_and_match_finds_the_same_images() {
    let dir = image_folder("csv");
    let csv = dir.parent().unwrap().join("known.csv");
    let out = redflag(
        &[
            "hash",
            "--format",
            "csv",
            "--windows",
            dir.to_str().unwrap(),
            "--output",
            csv.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&out), 1);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("path,algo,window,hash,quality\n"));
    assert!(text.lines().any(|l| l.contains(",pdq,full,")));
    assert!(
        text.lines().filter(|l| l.contains("waves.png")).count() > 1,
        "window rows are written"
    );

    let waves = dir.join("waves.png");
    let out = redflag(
        &[
            "match",
            "--known",
            csv.to_str().unwrap(),
            waves.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    let m = &lines[0]["matches"][0];
    assert_eq!(
        m["ref"],
        format!("{}/waves.png", dir.display()),
        "the CSV's path is the id"
    );
    assert_eq!(m["distance"], 0);
    assert_eq!(m["window"], "full");
    assert_eq!(m["list"], csv.to_str().unwrap());
}

#[test]
fn a_cropped_copy_matches_through_windows() {
    let dir = image_folder("crop");
    let original = image::open(dir.join("waves.png")).unwrap();
    let (w, h) = (original.width(), original.height());
    // 8% off every side.
    let crop = original.crop_imm(w * 8 / 100, h * 8 / 100, w * 84 / 100, h * 84 / 100);
    let query = dir.parent().unwrap().join("cropped.png");
    crop.save(&query).unwrap();
    let out = redflag(
        &[
            "match",
            "--known",
            dir.to_str().unwrap(),
            query.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    let matches = lines[0]["matches"].as_array().unwrap();
    let hit = matches
        .iter()
        .find(|m| m["ref"].as_str().unwrap().ends_with("waves.png"))
        .unwrap_or_else(|| panic!("the crop matches its original: {}", lines[0]));
    assert!(hit["distance"].as_u64().unwrap() <= 31);
    assert!(
        matches
            .iter()
            .all(|m| !m["ref"].as_str().unwrap().ends_with("noise.png")),
        "{}",
        lines[0]
    );
}

#[test]
fn match_queries_gives_one_line_per_query_in_order() {
    let dir = temp_dir("queries");
    let known = dir.join("known.txt");
    let a = "f".repeat(64);
    let b = "0".repeat(64);
    std::fs::write(&known, format!("pdq {a}\npdq {b}\n")).unwrap();
    let queries = dir.join("queries.csv");
    let near_a = format!("{}{}", "0", "f".repeat(63)); // 4 bits from `a`
    std::fs::write(
        &queries,
        format!("id,hash\nq1,{near_a}\nq2,{}\nq3,{b}\n", "0f".repeat(32)),
    )
    .unwrap();
    let out = redflag(
        &[
            "match",
            "--known",
            known.to_str().unwrap(),
            "--queries",
            queries.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(
        (lines[0]["query"].as_str(), lines[0]["line"].as_u64()),
        (Some("q1"), Some(2))
    );
    assert_eq!(lines[0]["matches"][0]["distance"], 4);
    assert_eq!(
        lines[1]["matches"],
        serde_json::json!([]),
        "a query without a match still gets its line"
    );
    assert_eq!(lines[2]["matches"][0]["distance"], 0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("3 queries, 2 with a match"), "{stderr}");
}

#[test]
fn scan_hashes_document_images_and_reports_known_matches() {
    let dir = image_folder("scan");
    let known = dir.parent().unwrap().join("known.csv");
    let out = redflag(
        &[
            "hash",
            "--format",
            "csv",
            dir.join("waves.png").to_str().unwrap(),
            "-o",
            known.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&out), 0);
    let ads = dir.join("ads.jsonl");
    std::fs::write(
        &ads,
        "{\"id\":\"a\",\"text\":\"see photos\",\"images\":[\"waves.png\",\"sub/noise.png\",\"missing.jpg\"]}\n",
    )
    .unwrap();
    let out = redflag(
        &[
            "scan",
            "--known",
            known.to_str().unwrap(),
            ads.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let report = &json_lines(&out)[0];
    let images = report["images"].as_array().unwrap();
    assert_eq!(images.len(), 3);
    assert_eq!(images[0]["path"], "waves.png");
    assert_eq!(images[0]["pdq"].as_str().unwrap().len(), 64);
    assert_eq!(images[0]["matches"][0]["distance"], 0);
    assert!(images[1]["matches"].as_array().unwrap().is_empty());
    assert_eq!(images[2]["error"], "io", "{}", images[2]);
    assert!(images[2]["message"].is_string());
    assert!(
        report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "image_error")
    );
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(!text.contains("PNG"), "no image content in the output");
}
