//! `redflag hash`: perceptual hashes of image files, one line per file and algorithm.

use crate::Outcome;
use crate::input::{self, InputFile};
use anyhow::Context;
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use redflag::imagehash::{Hasher, Orientation, Windows};
use redflag::model::{ErrorRecord, HashAlgorithm, HashRecord};
use std::io::Write;

/// Output formats of `redflag hash`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum HashFormat {
    /// One JSON object per line: `{"path", "sha256", "algo", "hash", "quality"}`.
    Jsonl,
    /// `path,algo,window,hash,quality` with a header; itself a valid `--known` list.
    Csv,
    /// ThreatExchange `pdq <hash>` lines (PDQ of whole images only).
    Te,
}

/// Arguments of `redflag hash`.
#[derive(Debug, Args)]
pub(crate) struct HashArgs {
    /// Image files or folders (walked recursively for jpg, png, gif, webp, bmp, tiff).
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<String>,
    /// Algorithms, comma-separated: pdq, phash, dhash, ahash.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "pdq",
        value_name = "ALGOS"
    )]
    algo: Vec<HashAlgorithm>,
    /// Also emit the PDQ hashes of the crop windows used for crop-robust matching.
    #[arg(long)]
    windows: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: HashFormat,
    /// Apply EXIF orientation before hashing (the PDQ reference does not).
    #[arg(long)]
    apply_exif: bool,
    #[command(flatten)]
    images: crate::known::ImageLimitArgs,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Write to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<std::path::PathBuf>,
}

const BATCH: usize = 256;

pub(crate) fn run(args: HashArgs) -> anyhow::Result<Outcome> {
    let mut builder = Hasher::builder();
    builder.algorithms(&args.algo).limits(args.images.limits());
    if args.windows {
        builder.windows(Windows::Standard);
    }
    if args.apply_exif {
        builder.orientation(Orientation::ApplyExif);
    }
    let hasher = builder.build()?;
    let files = input::expand(&args.paths, crate::known::IMAGE_EXTENSIONS)
        .context("cannot list the inputs")?;
    let pool = crate::output::worker_pool(args.jobs)?;
    let mut out = crate::output::open(args.output.as_deref())?;
    if args.format == HashFormat::Csv {
        writeln!(out, "path,algo,window,hash,quality")?;
    }
    let progress = crate::scan::progress_bar(Some(files.len() as u64));
    let (mut hashed, mut errors) = (0u64, 0u64);
    for chunk in files.chunks(BATCH) {
        let results: Vec<(
            &InputFile,
            Result<Vec<HashRecord>, redflag::imagehash::Error>,
        )> = pool.install(|| {
            chunk
                .par_iter()
                .map(|f| {
                    let result = match &f.path {
                        Some(p) => hasher.hash_file(p).map(|d| d.records(&f.display)),
                        None => Err(redflag::imagehash::Error::Config {
                            message: "images cannot be read from stdin; name the files".to_owned(),
                        }),
                    };
                    (f, result)
                })
                .collect()
        });
        for (file, result) in results {
            match result {
                Ok(records) => {
                    hashed += 1;
                    for r in records {
                        write_record(&mut out, args.format, &r)?;
                    }
                }
                Err(e) => {
                    errors += 1;
                    let code = e.code();
                    let rec = ErrorRecord::new(code, e.to_string()).with_path(file.display.clone());
                    match args.format {
                        HashFormat::Jsonl => writeln!(out, "{}", serde_json::to_string(&rec)?)?,
                        // CSV and ThreatExchange lines have no room for errors: report them on stderr.
                        _ => say!("redflag hash: {e} ({})", code.as_str()),
                    }
                }
            }
        }
        progress.inc(chunk.len() as u64);
    }
    out.flush()?;
    progress.finish_and_clear();
    say!("redflag hash: {} files hashed, {} errors", hashed, errors);
    Ok(if errors > 0 {
        Outcome::RecordErrors
    } else {
        Outcome::Clean
    })
}

fn write_record(out: &mut dyn Write, format: HashFormat, r: &HashRecord) -> anyhow::Result<()> {
    match format {
        HashFormat::Jsonl => writeln!(out, "{}", serde_json::to_string(r)?)?,
        HashFormat::Csv => writeln!(
            out,
            "{},{},{},{},{}",
            csv_field(&r.path),
            r.algo,
            r.window.as_deref().unwrap_or("full"),
            r.hash,
            r.quality.map(|q| q.to_string()).unwrap_or_default()
        )?,
        HashFormat::Te => {
            if r.algo == HashAlgorithm::Pdq && r.window.is_none() {
                writeln!(out, "pdq {}", r.hash)?;
            }
        }
    }
    Ok(())
}

/// RFC 4180 quoting when a field needs it.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}
