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
