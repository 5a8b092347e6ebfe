//! `redflag eval`: score redflag (or any tool's predictions) against a gold corpus.

use crate::Outcome;
use crate::scan::DetectorArgs;
use anyhow::Context;
use clap::Args;
use rayon::prelude::*;
use redflag::model::Document;
use redflag_eval::{EvalOptions, EvalReport, MatchMode, Prediction, Predictions};
use std::io::{BufReader, IsTerminal, Write};
use std::path::PathBuf;

/// Arguments of `redflag eval`.
#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// The gold corpus (JSONL, `redflag.gold/1`, as `redflag synth` writes it).
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// Score this tool output instead of running redflag: redflag reports or the simple
    /// `{"id", "score", "spans": [{"start", "end", "label", "value"}]}` format.
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    /// How a predicted span finds a gold annotation: exact, overlap or value.
    #[arg(long, default_value = "overlap", value_parser = parse_mode)]
    mode: MatchMode,
    /// Bootstrap replicates for the 95% intervals (0: none).
    #[arg(long, default_value_t = 1000, value_name = "N")]
    bootstrap: usize,
    /// Bootstrap seed.
    #[arg(long, default_value_t = 0x5eed, value_name = "N")]
    seed: u64,
    /// Also write precision-recall and per-family recall charts to this SVG file.
    #[arg(long, value_name = "FILE.svg")]
    plot: Option<PathBuf>,
    /// A previous `redflag eval` JSON output: print the difference on stderr.
    #[arg(long, value_name = "OTHER.json")]
    baseline: Option<PathBuf>,
    /// Worker threads when running redflag (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    #[command(flatten)]
    detector: DetectorArgs,
}

fn parse_mode(s: &str) -> Result<MatchMode, String> {
    match s {
        "exact" => Ok(MatchMode::Exact),
        "overlap" => Ok(MatchMode::Overlap),
        "value" => Ok(MatchMode::Value),
        _ => Err(format!(
            "unknown mode `{s}` (expected exact, overlap or value)"
        )),
    }
}

pub(crate) fn run(args: EvalArgs) -> anyhow::Result<Outcome> {
    let origin = args.gold.display().to_string();
    let file = std::fs::File::open(&args.gold).with_context(|| format!("cannot open {origin}"))?;
    let gold = redflag_eval::read_gold(BufReader::new(file), &origin)?;
    let baseline: Option<EvalReport> = match &args.baseline {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            Some(
                serde_json::from_str(&text)
                    .with_context(|| format!("{} is not a redflag eval output", p.display()))?,
            )
        }
        None => None,
    };
    let predictions: Predictions = match &args.predictions {
        Some(p) => {
            let name = p.display().to_string();
            let f = std::fs::File::open(p).with_context(|| format!("cannot open {name}"))?;
            redflag_eval::read_predictions(BufReader::new(f), &name)?
        }
        None => {
            let detector = args.detector.build()?;
            let pool = crate::output::worker_pool(args.jobs)?;
            pool.install(|| {
                gold.par_iter()
                    .map(|g| {
                        let mut doc = Document::new(g.id.clone(), g.text.clone());
                        doc.region = g.region;
                        doc.lang = g.lang.clone();
                        (g.id.clone(), Prediction::from_report(&detector.scan(&doc)))
                    })
                    .collect()
            })
        }
    };
    let mut options = EvalOptions::default();
    options.mode = args.mode;
    options.bootstrap = args.bootstrap;
    options.seed = args.seed;
    let report = redflag_eval::evaluate(&gold, &predictions, &options);

    let mut out = crate::output::open(None)?;
    serde_json::to_writer_pretty(&mut out, &report)?;
    writeln!(out)?;
    out.flush()?;

    if let Some(path) = &args.plot {
        let scored: Vec<(f64, bool)> = gold
            .iter()
            .filter_map(|g| {
                let label = g.label?;
                let score = predictions.get(&g.id).and_then(|p| p.score).unwrap_or(0.0);
                Some((score, label > 0.0))
            })
            .collect();
        let svg = redflag_eval::plot_svg(&report, &redflag_eval::pr_curve(&scored));
        std::fs::write(path, svg).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if std::io::stderr().is_terminal() {
        say_raw!("{}", redflag_eval::table(&report));
    }
    if let Some(base) = &baseline {
        say_raw!("{}", redflag_eval::diff_table(&report, base));
    }
    if report.meta.missing_predictions > 0 {
        say!(
            "redflag eval: {} of {} gold documents had no prediction (scored as predicting nothing)",
            report.meta.missing_predictions,
            report.meta.documents
        );
    }
    Ok(Outcome::Clean)
}
