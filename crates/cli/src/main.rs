//! The `redflag` command: scan ads for trafficking indicators, hash and match images.
//!
//! Data goes to stdout, messages to stderr. Exit codes: 0 = every record processed, 1 = some
//! records produced error lines, 2 = usage or fatal error. A closed stdout pipe ends quietly.

// The CLI's job is printing; the workspace denies it only in library crates.
#![allow(clippy::print_stdout, clippy::print_stderr)]

/// `eprintln!` that ignores a closed or failing stderr (`eprintln!` panics then, e.g. under
/// `2>&1 | head -1`); messages are best effort, data and exit codes are what count.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!` with the same care as `say!`.
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// mimalloc instead of the system allocator: a scan makes many small, short-lived allocations per
/// record (hits, entities, report strings) on every worker thread.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod eval_cmd;
mod explain;
mod hash_cmd;
mod input;
mod known;
mod lexicon_cmd;
mod link_cmd;
mod match_cmd;
mod output;
mod redact;
mod report_json;
mod scan;
mod synth_cmd;
mod synth_photos;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Finds signs of human trafficking in online ads: indicator language (also disguised), contact and
/// payment identifiers, and known images. Findings are leads for human review, never verdicts.
#[derive(Debug, Parser)]
#[command(name = "redflag", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scan JSONL documents: one report (or error record) per input record, in input order.
    Scan(scan::ScanArgs),
    /// Perceptual hashes of image files: one line per file and algorithm.
    Hash(hash_cmd::HashArgs),
    /// Match images, or a list of hashes, against known hashes.
    Match(match_cmd::MatchArgs),
    /// Show the hits in one text, highlighted, with rule, category, transforms and contribution.
    Explain(explain::ExplainArgs),
    /// Connect documents into clusters through shared identifiers, templates and images.
    Link(link_cmd::LinkArgs),
    /// Generate a seeded, labelled benchmark corpus (gold format for `redflag eval`).
    Synth(synth_cmd::SynthArgs),
    /// Score redflag, or another tool's predictions, against a labelled corpus.
    Eval(eval_cmd::EvalArgs),
    /// Work with lexicon files.
    #[command(subcommand)]
    Lexicon(lexicon_cmd::LexiconCommand),
}

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Every record was processed.
    Clean,
    /// Some records produced error lines.
    RecordErrors,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Hash(args) => hash_cmd::run(args),
        Command::Match(args) => match_cmd::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Synth(args) => synth_cmd::run(args),
        Command::Eval(args) => eval_cmd::run(args),
        Command::Link(args) => link_cmd::run(args),
        Command::Lexicon(cmd) => lexicon_cmd::run(cmd),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::RecordErrors) => ExitCode::from(1),
        Err(err) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            say!("redflag: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
