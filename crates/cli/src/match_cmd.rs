//! `redflag match`: match images (or a list of hashes) against known hashes.

use crate::Outcome;
use crate::input;
use anyhow::Context;
use clap::Args;
use rayon::prelude::*;
use redflag::imagehash::{HashIndex, Hasher, KnownList, KnownListOptions, MIN_QUALITY, Windows};
use redflag::model::{ErrorRecord, ImageMatch};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `redflag match`.
#[derive(Debug, Args)]
pub(crate) struct MatchArgs {
    /// Query images or folders (walked recursively).
    #[arg(value_name = "PATH", required_unless_present = "queries")]
    paths: Vec<String>,
    /// Known hashes: a hash list (CSV with `hash`/`pdq` column, plain lines, ThreatExchange) or a
    /// folder of images; repeatable.
    #[arg(long, value_name = "FILE", required = true)]
    known: Vec<String>,
    /// Largest Hamming distance that counts as a match.
    #[arg(long, default_value_t = 31, value_name = "D")]
    max_distance: u32,
    /// Match whole images only (no crop windows on either side).
    #[arg(long)]
    no_windows: bool,
    /// Match the hashes in this list (same formats as `--known`) instead of images.
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    queries: Option<PathBuf>,
    #[command(flatten)]
    images: crate::known::ImageLimitArgs,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Write to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Serialize)]
struct ImageLine<'a> {
    path: &'a str,
    matches: Vec<ImageMatch>,
}

#[derive(Serialize)]
struct QueryLine<'a> {
    line: usize,
    query: &'a str,
    matches: Vec<ImageMatch>,
}

const BATCH: usize = 256;

pub(crate) fn run(args: MatchArgs) -> anyhow::Result<Outcome> {
    let pool = crate::output::worker_pool(args.jobs)?;
    let limits = args.images.limits();
    let folder_hasher = if args.no_windows {
        Hasher::builder().limits(limits).build()?
    } else {
        crate::known::folder_hasher(limits)?
    };
    let (index, summary) = pool.install(|| crate::known::load(&args.known, &folder_hasher))?;
    say!("redflag match: {}", summary.describe());
    let mut out = crate::output::open(args.output.as_deref())?;
    let (mut queries, mut matched, mut errors) = (0u64, 0u64, 0u64);

    if let Some(path) = &args.queries {
        let mut options = KnownListOptions::default();
        options.min_quality = 0; // every query gets its line
        let list = KnownList::read(path, &options)?;
        for chunk in list.entries.chunks(BATCH) {
            let lines: Vec<(String, bool)> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|e| {
                        let matches = search(&index, &e.hash, args.max_distance, args.no_windows);
                        let any = !matches.is_empty();
                        serde_json::to_string(&QueryLine {
                            line: e.line,
                            query: &e.reference,
                            matches,
                        })
                        .map(|l| (l, any))
                    })
                    .collect::<Result<_, _>>()
            })?;
            for (l, any) in lines {
                queries += 1;
                matched += u64::from(any);
                writeln!(out, "{l}")?;
            }
        }
    } else {
        let mut builder = Hasher::builder();
        builder.limits(limits);
        if !args.no_windows {
            builder.windows(Windows::Standard);
        }
        let hasher = builder.build()?;
        let files = input::expand(&args.paths, crate::known::IMAGE_EXTENSIONS)
            .context("cannot list the inputs")?;
        let progress = crate::scan::progress_bar(Some(files.len() as u64));
        for chunk in files.chunks(BATCH) {
            let results: Vec<(String, Option<bool>)> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|f| {
                        let result = match &f.path {
                            Some(p) => hasher.hash_file(p),
                            None => Err(redflag::imagehash::Error::Config {
                                message: "images cannot be read from stdin; name the files"
                                    .to_owned(),
                            }),
                        };
                        match result {
                            Ok(digest) => {
                                let mut matches =
                                    index.match_digest(&digest, args.max_distance, MIN_QUALITY);
                                if args.no_windows {
                                    matches.retain(|m| m.window == "full");
                                }
                                let any = !matches.is_empty();
                                let line = serde_json::to_string(&ImageLine {
                                    path: &f.display,
                                    matches,
                                })
                                .unwrap_or_default();
                                (line, Some(any))
                            }
                            Err(e) => {
                                let rec = ErrorRecord::new(e.code(), e.to_string())
                                    .with_path(f.display.clone());
                                (serde_json::to_string(&rec).unwrap_or_default(), None)
                            }
                        }
                    })
                    .collect()
            });
            for (line, outcome) in results {
                queries += 1;
                match outcome {
                    Some(true) => matched += 1,
                    Some(false) => {}
                    None => errors += 1,
                }
                writeln!(out, "{line}")?;
            }
            progress.inc(chunk.len() as u64);
        }
        progress.finish_and_clear();
    }
    out.flush()?;
    say!("redflag match: {queries} queries, {matched} with a match, {errors} errors");
    Ok(if errors > 0 {
        Outcome::RecordErrors
    } else {
        Outcome::Clean
    })
}

/// Known entries near one hash, one per known id and list (the closest).
fn search(
    index: &HashIndex,
    hash: &redflag::model::ImageHash,
    max_distance: u32,
    no_windows: bool,
) -> Vec<ImageMatch> {
    let mut best: Vec<ImageMatch> = Vec::new();
    for m in index.search(hash, max_distance) {
        if no_windows && m.window != "full" {
            continue;
        }
        let window = if m.window == "full" {
            "full".to_owned()
        } else {
            format!("full/{}", m.window)
        };
        match best
            .iter_mut()
            .find(|b| b.reference == m.reference && b.list == m.list)
        {
            Some(b) if b.distance <= m.distance => {}
            Some(b) => *b = ImageMatch::new(m.list, m.reference, m.distance, window),
            None => best.push(ImageMatch::new(m.list, m.reference, m.distance, window)),
        }
    }
    best.sort_by(|a, b| (a.distance, &a.reference).cmp(&(b.distance, &b.reference)));
    best
}
