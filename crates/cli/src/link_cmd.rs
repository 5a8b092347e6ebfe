//! `redflag link`: connect documents into clusters through shared identifiers, near-duplicate
//! templates and known images.

use crate::Outcome;
use crate::input::{self, LineReader};
use crate::scan::{DetectorArgs, RecordArgs, utf8_message, value_to_document};
use anyhow::Context;
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use redflag::imagehash::Windows;
use redflag::link::{CsvFlavor, LinkConfig, LinkInput, Linker};
use redflag::model::{ErrorCode, ErrorRecord, Report};
use serde_json::Value;
use std::io::{BufReader, Read, Write};
use std::path::PathBuf;

/// Output formats of `redflag link`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum LinkFormat {
    /// One `{"type": "cluster", …}` line per cluster, largest first, then one `{"type": "hub", …}`
    /// line per hub.
    Jsonl,
    /// Gephi node and edge lists: `<output>.nodes.csv` and `<output>.edges.csv`.
    Csv,
    /// `neo4j-admin database import` node and relationship files, same names.
    Neo4j,
    /// GraphML for Gephi and yEd.
    Graphml,
}

/// Arguments of `redflag link`.
#[derive(Debug, Args)]
pub(crate) struct LinkArgs {
    /// Documents (JSONL; they are scanned first) or `redflag scan` reports, files or `-`.
    #[arg(value_name = "PATH")]
    paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: LinkFormat,
    /// Output file (for csv/neo4j: the prefix of the two files; required for those).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// A value shared by more documents than this is a hub: reported, never used to join.
    #[arg(long, default_value_t = 50, value_name = "N")]
    hub_threshold: u32,
    /// A template or photo is also a hub when its documents carry at least N independent contacts
    /// (documents joined by shared identifiers are one contact) making up at least
    /// --hub-poster-share of its documents with contacts: boilerplate or a stock photo copied by
    /// unrelated posters. 0 turns this off.
    #[arg(long, default_value_t = 8, value_name = "N")]
    hub_posters: u32,
    /// See --hub-posters.
    #[arg(long, default_value_t = 0.8, value_name = "SHARE")]
    hub_poster_share: f64,
    /// Smallest estimated Jaccard similarity for a template link.
    #[arg(long, default_value_t = 0.5, value_name = "S")]
    similarity: f64,
    /// Keep the linking index in FILE: read it first when it exists, write it back at the end, so
    /// new ads link to earlier clusters without re-reading everything.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Leave out clusters smaller than this (1 lists every document).
    #[arg(long, default_value_t = 2, value_name = "N")]
    min_size: u32,
    /// Hash the images of documents (not reports) as whole images only. By default their 20 crop
    /// windows are hashed too, so a photo links to a cropped copy of it (reports link by the
    /// windows they carry: `redflag scan --windows`).
    #[arg(long)]
    no_windows: bool,
    #[command(flatten)]
    detector: DetectorArgs,
    #[command(flatten)]
    records: RecordArgs,
    /// Worker threads for scanning (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
}

const BATCH: usize = 2048;

pub(crate) fn run(args: LinkArgs) -> anyhow::Result<Outcome> {
    if matches!(args.format, LinkFormat::Csv | LinkFormat::Neo4j) && args.output.is_none() {
        anyhow::bail!("--format csv and neo4j write two files: give their prefix with --output");
    }
    let mut linker = match &args.state {
        Some(p) if p.exists() => {
            let f = std::fs::File::open(p)
                .with_context(|| format!("cannot open state {}", p.display()))?;
            let linker =
                Linker::load(f).with_context(|| format!("cannot load state {}", p.display()))?;
            // The index was built with the saved configuration; it cannot change mid-way.
            let saved = linker.config();
            if saved.hub_threshold() != args.hub_threshold
                || saved.hub_posters() != args.hub_posters
                || saved.hub_poster_share() != args.hub_poster_share
                || saved.similarity() != args.similarity
                || saved.min_cluster_size() != args.min_size
            {
                say!(
                    "redflag link: {} was built with hub threshold {}, hub posters {} (share {}), \
                     similarity {}, min size {}; those settings are kept and the options given \
                     now are ignored",
                    p.display(),
                    saved.hub_threshold(),
                    saved.hub_posters(),
                    saved.hub_poster_share(),
                    saved.similarity(),
                    saved.min_cluster_size()
                );
            }
            linker
        }
        _ => {
            let config = LinkConfig::builder()
                .hub_threshold(args.hub_threshold)
                .hub_posters(args.hub_posters)
                .hub_poster_share(args.hub_poster_share)
                .similarity(args.similarity)
                .min_cluster_size(args.min_size)
                .build()?;
            Linker::new(config)
        }
    };
    let before = linker.len();
    let windows = if args.no_windows {
        Windows::None
    } else {
        Windows::Standard
    };
    let detector = args.detector.build_with(None, windows)?;
    let pool = crate::output::worker_pool(args.jobs)?;
    let files = input::expand(&args.paths, &["jsonl", "json", "ndjson"])
        .context("cannot list the inputs")?;
    let (mut added, mut errors) = (0u64, 0u64);
    let mut report_error = |rec: ErrorRecord| {
        errors += 1;
        say!(
            "redflag link: {}",
            serde_json::to_string(&rec).unwrap_or_default()
        );
    };
    for file in &files {
        let reader: Box<dyn Read> = match &file.path {
            None => Box::new(std::io::stdin().lock()),
            Some(p) => match std::fs::File::open(p) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    report_error(
                        ErrorRecord::new(
                            ErrorCode::Io,
                            format!("cannot open {}: {e}", file.display),
                        )
                        .with_path(file.display.clone()),
                    );
                    continue;
                }
            },
        };
        let base = file.base_dir();
        let mut lines = LineReader::new(
            BufReader::with_capacity(1 << 16, reader),
            args.records.max_bytes,
        );
        loop {
            let mut batch = Vec::with_capacity(BATCH);
            while batch.len() < BATCH {
                match lines
                    .next_line()
                    .with_context(|| format!("cannot read {}", file.display))?
                {
                    Some(l)
                        if l.bytes.iter().all(u8::is_ascii_whitespace)
                            && l.len as usize == l.bytes.len() => {}
                    Some(l) => batch.push(l),
                    None => break,
                }
            }
            if batch.is_empty() {
                break;
            }
            let results: Vec<Result<(Report, Option<String>), ErrorRecord>> = pool.install(|| {
                batch
                    .par_iter()
                    .map(|line| {
                        let fail = |rec: ErrorRecord| {
                            rec.with_path(file.display.clone()).with_line(line.number)
                        };
                        if line.len as usize > args.records.max_bytes {
                            return Err(fail(ErrorRecord::new(
                                ErrorCode::TooLarge,
                                format!(
                                    "record is {} bytes, over the limit of {}",
                                    line.len, args.records.max_bytes
                                ),
                            )));
                        }
                        let text = std::str::from_utf8(&line.bytes).map_err(|e| {
                            fail(ErrorRecord::new(ErrorCode::InvalidUtf8, utf8_message(&e)))
                        })?;
                        let value: Value = serde_json::from_str(text).map_err(|e| {
                            fail(ErrorRecord::new(ErrorCode::InvalidJson, e.to_string()))
                        })?;
                        if value.get("type").and_then(Value::as_str) == Some("report") {
                            let report: Report = serde_json::from_value(value).map_err(|e| {
                                fail(ErrorRecord::new(ErrorCode::InvalidField, e.to_string()))
                            })?;
                            return Ok((report, None));
                        }
                        let (doc, _) = value_to_document(
                            value,
                            &args.records.text_field,
                            &args.records.id_field,
                            &file.display,
                            line.number,
                        )
                        .map_err(fail)?;
                        let report = detector.scan_in(&doc, &base);
                        Ok((report, Some(doc.text)))
                    })
                    .collect()
            });
            for (result, line) in results.into_iter().zip(&batch) {
                match result {
                    Ok((report, text)) => {
                        let input = LinkInput::from_report(&report, text.as_deref());
                        match linker.add(&input) {
                            Ok(()) => added += 1,
                            Err(e) => report_error(
                                ErrorRecord::new(ErrorCode::InvalidField, e.to_string())
                                    .with_path(file.display.clone())
                                    .with_line(line.number)
                                    .with_id(report.id.clone()),
                            ),
                        }
                    }
                    Err(rec) => report_error(rec),
                }
            }
        }
    }

    let clusters = linker.clusters();
    let hubs = linker.hubs();
    match args.format {
        LinkFormat::Jsonl => {
            let mut out = crate::output::open(args.output.as_deref())?;
            for c in &clusters {
                serde_json::to_writer(&mut out, c)?;
                writeln!(out)?;
            }
            for h in &hubs {
                serde_json::to_writer(&mut out, h)?;
                writeln!(out)?;
            }
            out.flush()?;
        }
        LinkFormat::Graphml => {
            let out = crate::output::open(args.output.as_deref())?;
            redflag::link::write_graphml(&clusters, out)?;
        }
        LinkFormat::Csv | LinkFormat::Neo4j => {
            let prefix = args
                .output
                .as_deref()
                .unwrap_or(std::path::Path::new("links"));
            let with = |suffix: &str| {
                let mut p = prefix.as_os_str().to_owned();
                p.push(suffix);
                PathBuf::from(p)
            };
            let (nodes, edges) = (with(".nodes.csv"), with(".edges.csv"));
            let n = std::fs::File::create(&nodes)
                .with_context(|| format!("cannot create {}", nodes.display()))?;
            let e = std::fs::File::create(&edges)
                .with_context(|| format!("cannot create {}", edges.display()))?;
            let flavor = if args.format == LinkFormat::Csv {
                CsvFlavor::Gephi
            } else {
                CsvFlavor::Neo4j
            };
            redflag::link::write_csv(
                &clusters,
                flavor,
                std::io::BufWriter::new(n),
                std::io::BufWriter::new(e),
            )?;
        }
    }
    if let Some(p) = &args.state {
        let tmp = p.with_extension("tmp");
        let f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot write state {}", tmp.display()))?;
        linker.save(std::io::BufWriter::new(f))?;
        std::fs::rename(&tmp, p).with_context(|| format!("cannot write state {}", p.display()))?;
    }
    say!(
        "redflag link: {added} documents added ({} in the index before), {} clusters, {} hubs (threshold {}), {errors} errors",
        before,
        clusters.len(),
        hubs.len(),
        linker.config().hub_threshold()
    );
    Ok(if errors > 0 {
        Outcome::RecordErrors
    } else {
        Outcome::Clean
    })
}
