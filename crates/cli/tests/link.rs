//! `redflag link`: clusters from shared identifiers and templates, hubs, formats, incremental state.

use crate::common::{code, json_lines, redflag, temp_dir};

fn corpus() -> Vec<String> {
    let mut docs = Vec::new();
    let ad = |id: &str, text: &str| {
        serde_json::json!({"id": id, "text": text, "region": "US"}).to_string()
    };
    // Operation A: one phone, written plainly and disguised.
    docs.push(ad(
        "a1",
        "Sweet Anna just arrived, call 702-555-0134 for appointments",
    ));
    docs.push(ad(
        "a2",
        "Discreet massage tonight, text seven zero two five five five zero one three four",
    ));
    // Operation B: the same template with different names and phones.
    let template =
        "is new in town, sweet and friendly, outcall only tonight, serious gentlemen only, call";
    docs.push(ad("b1", &format!("Olga {template} 702-555-0187")));
    docs.push(ad("b2", &format!("Irina {template} 702-555-0166")));
    docs.push(ad("b3", &format!("Dasha {template} 702-555-0155")));
    // Unrelated ads that only share a platform's support line (a hub at threshold 3).
    for i in 0..4 {
        docs.push(ad(
            &format!("h{i}"),
            &format!("Item {i} for sale, questions to support 800-555-0100, pick up only"),
        ));
    }
    docs.push(ad("lone", "Violin lessons for beginners, weekends"));
    docs
}

fn clusters_of(lines: &[serde_json::Value]) -> Vec<Vec<String>> {
    let mut v: Vec<Vec<String>> = lines
        .iter()
        .filter(|l| l["type"] == "cluster")
        .map(|l| {
            l["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap().to_owned())
                .collect()
        })
        .collect();
    v.sort();
    v
}

#[test]
fn links_shared_phones_and_templates_and_keeps_hubs_apart() {
    let input = corpus().join("\n");
    let out = redflag(&["link", "--hub-threshold", "3"], input.as_bytes());
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    assert_eq!(
        clusters_of(&lines),
        vec![vec!["a1", "a2"], vec!["b1", "b2", "b3"]]
    );
    let a = lines.iter().find(|l| l["members"][0] == "a1").unwrap();
    assert_eq!(a["edges"][0]["via"], "phone");
    assert_eq!(
        a["edges"][0]["value"], "+17025550134",
        "edges name the shared value"
    );
    let b = lines.iter().find(|l| l["members"][0] == "b1").unwrap();
    assert!(
        b["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["via"] == "template" && e["similarity"].as_f64().unwrap() >= 0.5)
    );
    // The support line (and the for-sale template around it) are hubs: listed, never joining.
    let hubs: Vec<_> = lines.iter().filter(|l| l["type"] == "hub").collect();
    let phone_hub = hubs
        .iter()
        .find(|h| h["kind"] == "phone")
        .expect("the support line is a hub");
    assert_eq!(phone_hub["value"], "+18005550100");
    assert_eq!(phone_hub["count"], 4);
    assert_eq!(phone_hub["threshold"], 3);
    assert!(hubs.iter().all(|h| h["count"].as_u64().unwrap() > 3));
}

#[test]
fn incremental_state_gives_the_same_clusters_as_one_run() {
    let dir = temp_dir("link-state");
    let docs = corpus();
    let state = dir.join("state.json");
    let first = docs[..4].join("\n");
    let second = docs[4..].join("\n");
    let out = redflag(
        &[
            "link",
            "--hub-threshold",
            "3",
            "--state",
            state.to_str().unwrap(),
        ],
        first.as_bytes(),
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(state.exists());
    let out = redflag(
        &["link", "--state", state.to_str().unwrap()],
        second.as_bytes(),
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("(4 in the index before)"));
    let all = redflag(
        &["link", "--hub-threshold", "3"],
        docs.join("\n").as_bytes(),
    );
    assert_eq!(
        clusters_of(&json_lines(&out)),
        clusters_of(&json_lines(&all))
    );
}

#[test]
fn csv_and_graphml_exports_and_bad_lines() {
    let dir = temp_dir("link-formats");
    let mut input = corpus().join("\n");
    input.push_str("\n{not json\n");
    let prefix = dir.join("net");
    let out = redflag(
        &["link", "--format", "csv", "-o", prefix.to_str().unwrap()],
        input.as_bytes(),
    );
    assert_eq!(code(&out), 1, "a bad line makes the exit status 1");
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid_json"));
    let nodes = std::fs::read_to_string(dir.join("net.nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(dir.join("net.edges.csv")).unwrap();
    assert!(nodes.starts_with("Id,Label,cluster"));
    assert!(nodes.contains("\nb2,"));
    assert!(edges.starts_with("Source,Target,Type,via"));
    assert!(edges.lines().count() >= 3);
    let out = redflag(
        &["link", "--format", "graphml"],
        corpus().join("\n").as_bytes(),
    );
    assert_eq!(code(&out), 0);
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(xml.contains("<graphml") && xml.contains("<edge") && xml.contains("a2"));
    let out = redflag(&["link", "--format", "csv"], b"");
    assert_eq!(code(&out), 2, "csv needs an output prefix");
}

#[test]
fn links_scan_reports_as_well_as_documents() {
    let scan = redflag(&["scan", "-q"], corpus().join("\n").as_bytes());
    let out = redflag(&["link", "--hub-threshold", "3"], &scan.stdout);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    // Reports carry no text, so only identifiers link: operation A, not the template.
    assert_eq!(clusters_of(&json_lines(&out)), vec![vec!["a1", "a2"]]);
}

/// A seeded picture drawn for the test: a two-colour gradient with a dozen discs and bars of
/// pseudo-random colours (SplitMix64), enough structure for a high PDQ quality.
fn seeded_photo(seed: u64, width: u32, height: u32) -> image::RgbImage {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut unit = move || (next() >> 11) as f64 / (1u64 << 53) as f64;
    let (w, h) = (f64::from(width), f64::from(height));
    let shapes: Vec<(bool, f64, f64, f64, [u8; 3])> = (0..12)
        .map(|_| {
            let disc = unit() < 0.5;
            let (x, y, r) = (unit() * w, unit() * h, (0.05 + 0.15 * unit()) * w);
            let c = [unit(), unit(), unit()].map(|v| (v * 255.0) as u8);
            (disc, x, y, r, c)
        })
        .collect();
    let (a, b) = ([unit(), unit(), unit()], [unit(), unit(), unit()]);
    image::RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (f64::from(x), f64::from(y));
        let t = (fx / w + fy / h) / 2.0;
        let mut px = [0u8; 3];
        for c in 0..3 {
            px[c] = ((a[c] * (1.0 - t) + b[c] * t) * 255.0) as u8;
        }
        for &(disc, cx, cy, r, colour) in &shapes {
            let inside = if disc {
                (fx - cx).powi(2) + (fy - cy).powi(2) < r * r
            } else {
                (fx - cx).abs() < r && (fy - cy).abs() < r / 3.0
            };
            if inside {
                px = colour;
            }
        }
        image::Rgb(px)
    })
}

/// Issue 8: images link within PDQ distance 31 "windows included". A photo and a copy cropped
/// by 10 % on every side are more than 31 bits apart as whole images; the crop matches the
/// photo's centred window, so the two ads link through `redflag link` when windows are on (the
/// default for documents, `redflag scan --windows` for reports) and not without them.
#[test]
fn issue_8_a_cropped_photo_links_through_its_window() {
    let dir = temp_dir("link-crop");
    let photo = seeded_photo(8, 400, 300);
    photo.save(dir.join("photo.png")).unwrap();
    let (w, h) = (photo.width(), photo.height());
    let crop = image::imageops::crop_imm(&photo, w / 10, h / 10, w * 8 / 10, h * 8 / 10).to_image();
    crop.save(dir.join("crop.png")).unwrap();
    seeded_photo(9, 400, 300)
        .save(dir.join("other.png"))
        .unwrap();
    let docs = [
        (
            "p1",
            "Sweet Anna, new in town, outcall tonight",
            "photo.png",
        ),
        ("p2", "Bike for sale, barely used, pick up only", "crop.png"),
        (
            "p3",
            "Violin lessons for beginners on weekends",
            "other.png",
        ),
    ];
    let input: String = docs
        .iter()
        .map(|(id, text, img)| {
            serde_json::json!({"id": id, "text": text, "images": [img]}).to_string() + "\n"
        })
        .collect();
    let file = dir.join("ads.jsonl");
    std::fs::write(&file, &input).unwrap();
    let file = file.to_str().unwrap();

    // Whole images alone are too far apart: that is what the windows are for.
    let out = redflag(&["link", "--no-windows", file], b"");
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(clusters_of(&json_lines(&out)).is_empty());

    let out = redflag(&["link", file], b"");
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    assert_eq!(clusters_of(&lines), vec![vec!["p1", "p2"]]);
    let edge = &lines[0]["edges"][0];
    assert_eq!(edge["via"], "image");
    assert!(edge["distance"].as_u64().unwrap() <= 31);
    let window = edge["window"].as_str().expect("the edge names the windows");
    assert!(window.contains('/') && window != "full/full", "{window}");

    // Through reports: only when the scan wrote the windows.
    let scan = redflag(&["scan", "-q", "--windows", file], b"");
    assert_eq!(code(&scan), 0, "{}", String::from_utf8_lossy(&scan.stderr));
    let reports = json_lines(&scan);
    assert_eq!(
        reports[0]["images"][0]["windows"].as_array().unwrap().len(),
        20
    );
    let out = redflag(&["link", "-"], &scan.stdout);
    assert_eq!(clusters_of(&json_lines(&out)), vec![vec!["p1", "p2"]]);
    let plain = redflag(&["scan", "-q", file], b"");
    assert!(json_lines(&plain)[0]["images"][0].get("windows").is_none());
    let out = redflag(&["link", "-"], &plain.stdout);
    assert!(clusters_of(&json_lines(&out)).is_empty());
}

/// Pairwise co-membership of `redflag link` clusters against `redflag synth --operations`
/// ground truth: (precision, recall, clusters mixing two operations).
fn pairwise_scores(gold: &str, lines: &[serde_json::Value]) -> (f64, f64, usize) {
    let truth: std::collections::HashMap<String, Option<u64>> = gold
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["id"].as_str().unwrap().to_owned(),
                v["operation"].as_u64(),
            )
        })
        .collect();
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let mut sizes: std::collections::HashMap<u64, u64> = std::collections::HashMap::new();
    for op in truth.values().flatten() {
        *sizes.entry(*op).or_default() += 1;
    }
    let true_pairs: u64 = sizes.values().map(|&n| pairs(n)).sum();
    let (mut predicted, mut correct, mut mixed) = (0u64, 0u64, 0usize);
    for members in clusters_of(lines) {
        predicted += pairs(members.len() as u64);
        let mut cells: std::collections::HashMap<u64, u64> = std::collections::HashMap::new();
        for m in &members {
            if let Some(op) = truth[m] {
                *cells.entry(op).or_default() += 1;
            }
        }
        correct += cells.values().map(|&n| pairs(n)).sum::<u64>();
        mixed += usize::from(cells.len() > 1);
    }
    (
        correct as f64 / predicted.max(1) as f64,
        correct as f64 / true_pairs.max(1) as f64,
        mixed,
    )
}

/// Issue 8, end to end: `redflag synth --operations` (identifiers written plainly and disguised,
/// templates with names, ages and prices swapped, photos drawn as files and re-encoded or
/// cropped), then `redflag link` on the documents: pairwise precision ≥ 0.95 and recall ≥ 0.90,
/// no cluster mixes two operations, and the support number and the stock photo that a third of
/// the ads carry are hubs.
#[test]
fn issue_8_planted_operations_are_found_end_to_end() {
    let dir = temp_dir("link-planted");
    let gold = dir.join("ops.jsonl");
    let out = redflag(
        &[
            "synth",
            "--operations",
            "6",
            "--docs",
            "150",
            "--seed",
            "4",
            "--out",
            gold.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("ops-photos").is_dir(), "synth draws the photos");
    let out = redflag(&["link", gold.to_str().unwrap()], b"");
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    let (precision, recall, mixed) =
        pairwise_scores(&std::fs::read_to_string(&gold).unwrap(), &lines);
    assert!(precision >= 0.95, "precision {precision}");
    assert!(recall >= 0.90, "recall {recall}");
    assert_eq!(mixed, 0, "hubs must not merge operations");
    let hubs: Vec<&serde_json::Value> = lines.iter().filter(|l| l["type"] == "hub").collect();
    assert!(
        hubs.iter()
            .any(|h| h["kind"] == "phone" && h["value"] == "+18005550100"),
        "{hubs:?}"
    );
    assert!(hubs.iter().any(|h| h["kind"] == "image"), "{hubs:?}");
    // Image evidence is there: some edge joins two ads by a photo.
    assert!(
        lines
            .iter()
            .filter(|l| l["type"] == "cluster")
            .flat_map(|l| l["edges"].as_array().unwrap())
            .any(|e| e["via"] == "image")
    );
}
