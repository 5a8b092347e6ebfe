//! Links a synthetic corpus of planted operations and prints throughput and quality.
//!
//! ```text
//! cargo run --release -p redflag-link --example link_synth -- DOCS [SEED] [EVIDENCE] [HUB_THRESHOLD[/HUB_POSTERS]] [STATE_FILE]
//! ```
//! `DOCS` is the total number of ads (about 5 % in operations of 3 to 40 ads, the rest unrelated);
//! `EVIDENCE` is a comma-separated list of evidence kinds (default `all`); `HUB_THRESHOLD`
//! defaults to 100 and `HUB_POSTERS` to 8 (0 turns the independent-contacts rule off). With `STATE_FILE`, the linker's state is saved there and loaded back, and the
//! times and file size are printed. Run it under
//! `/usr/bin/time -v` for peak memory.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use redflag_link::synth::{self, SynthConfig};
use redflag_link::{Evidence, LinkConfig, Linker};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let docs: usize = args.first().map_or(Ok(100_000), |s| s.parse())?;
    let seed: u64 = args.get(1).map_or(Ok(1), |s| s.parse())?;
    let evidence: Vec<Evidence> = match args.get(2) {
        Some(list) if list != "all" => list
            .split(',')
            .map(str::parse)
            .collect::<Result<_, String>>()?,
        _ => Evidence::ALL.to_vec(),
    };
    let (hub_threshold, hub_posters): (u32, u32) = match args.get(3) {
        None => (100, 8),
        Some(s) => match s.split_once('/') {
            Some((t, p)) => (t.parse()?, p.parse()?),
            None => (s.parse()?, 8),
        },
    };
    // About 5 % of ads in operations averaging 21.5 ads.
    let operations = (docs as f64 * 0.05 / 21.5).round() as usize;
    let mut config = SynthConfig::new(seed, operations, 0);
    let planned: usize = synth::generate(&config)
        .filter(|d| d.operation.is_some())
        .count();
    config.unrelated = docs.saturating_sub(planned);

    let mut linker = Linker::new(
        LinkConfig::builder()
            .evidence(&evidence)
            .hub_threshold(hub_threshold)
            .hub_posters(hub_posters)
            .build()?,
    );
    let mut truth: Vec<(String, Option<u32>)> = Vec::with_capacity(docs);
    let mut generate_time = 0.0;
    let mut add_time = 0.0;
    let mut t = Instant::now();
    for doc in synth::generate(&config) {
        generate_time += t.elapsed().as_secs_f64();
        let t_add = Instant::now();
        linker.add(&doc.input())?;
        add_time += t_add.elapsed().as_secs_f64();
        truth.push((doc.id, doc.operation));
        t = Instant::now();
    }
    let t_clusters = Instant::now();
    let clusters = linker.clusters();
    let hubs = linker.hubs();
    let cluster_time = t_clusters.elapsed().as_secs_f64();
    let scores = synth::pairwise(&clusters, truth.iter().map(|(id, op)| (id.as_str(), *op)));
    let n = linker.len() as f64;
    println!("docs              {}", linker.len());
    println!("operations        {operations}");
    println!("generate (s)      {generate_time:.2}");
    println!(
        "add (s)           {add_time:.2}  ({:.0} ads/s)",
        n / add_time
    );
    println!("clusters (s)      {cluster_time:.2}");
    println!(
        "link total        {:.0} ads/s",
        n / (add_time + cluster_time)
    );
    println!("clusters          {}", clusters.len());
    println!(
        "hubs              {}",
        hubs.iter()
            .map(|h| match h.posters {
                Some(p) => format!("{}:{}={} ({p} contacts)", h.kind, h.value, h.count),
                None => format!("{}:{}={}", h.kind, h.value, h.count),
            })
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!(
        "pairwise          precision {:.4} recall {:.4} f1 {:.4}",
        scores.precision, scores.recall, scores.f1
    );
    if let Some(path) = args.get(4) {
        let t = Instant::now();
        linker.save(std::fs::File::create(path)?)?;
        let save = t.elapsed().as_secs_f64();
        let size = std::fs::metadata(path)?.len();
        let t = Instant::now();
        let loaded = Linker::load(std::fs::File::open(path)?)?;
        let load = t.elapsed().as_secs_f64();
        let same = loaded.clusters() == clusters;
        println!(
            "state             {:.1} MB, save {save:.2} s, load {load:.2} s, same clusters after load: {same}",
            size as f64 / 1e6
        );
    }
    Ok(())
}
