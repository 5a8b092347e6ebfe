//! `redflag lexicon …`: lexicon tools.

use crate::Outcome;
use clap::Subcommand;
use redflag::text::{Lexicon, LexiconReport};
use std::io::Write;
use std::path::PathBuf;

/// Lexicon subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum LexiconCommand {
    /// Validate lexicon files (parse, limits, patterns, compile) and summarise them; exit 2 naming
    /// the file, line and rule of the first error.
    Check {
        /// Lexicon TOML files; with none, the embedded default lexicon is checked file by file.
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print the summaries as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub(crate) fn run(cmd: LexiconCommand) -> anyhow::Result<Outcome> {
    match cmd {
        LexiconCommand::Check { files, json } => {
            let mut reports: Vec<(String, LexiconReport)> = Vec::new();
            if files.is_empty() {
                for (origin, src) in Lexicon::embedded_sources() {
                    reports.push(((*origin).to_owned(), Lexicon::check(src, origin)?));
                }
            } else {
                for f in &files {
                    let origin = f.display().to_string();
                    let src = std::fs::read_to_string(f)
                        .map_err(|e| anyhow::anyhow!("{origin}: cannot read lexicon: {e}"))?;
                    reports.push((origin.clone(), Lexicon::check(&src, &origin)?));
                }
            }
            let mut out = crate::output::open(None)?;
            for (name, r) in &reports {
                if json {
                    let cats: serde_json::Map<String, serde_json::Value> = r
                        .categories
                        .iter()
                        .map(|(c, n)| {
                            (
                                c.clone(),
                                serde_json::json!({"rules": n.rules, "terms": n.terms}),
                            )
                        })
                        .collect();
                    let langs: serde_json::Map<String, serde_json::Value> = r
                        .languages
                        .iter()
                        .map(|(c, n)| {
                            (
                                c.clone(),
                                serde_json::json!({"rules": n.rules, "terms": n.terms}),
                            )
                        })
                        .collect();
                    let line = serde_json::json!({
                        "file": name, "ok": true, "rules": r.rules, "terms": r.terms, "patterns": r.patterns,
                        "emoji": r.emoji, "signals": r.signals, "sensitive": r.sensitive,
                        "categories": cats, "languages": langs,
                        "missing_source": r.missing_source.iter().map(|x| x.as_str()).collect::<Vec<_>>(),
                        "missing_evidence": r.missing_evidence.iter().map(|x| x.as_str()).collect::<Vec<_>>(),
                    });
                    writeln!(out, "{line}")?;
                } else {
                    let cats: Vec<String> = r
                        .categories
                        .iter()
                        .map(|(c, n)| format!("{c} {}", n.rules))
                        .collect();
                    let langs: Vec<String> = r
                        .languages
                        .iter()
                        .map(|(l, n)| format!("{l} {}", n.rules))
                        .collect();
                    writeln!(
                        out,
                        "{name}: ok, {} rules, {} terms, {} patterns, {} emoji, {} signal rules, {} sensitive",
                        r.rules, r.terms, r.patterns, r.emoji, r.signals, r.sensitive
                    )?;
                    writeln!(out, "  categories: {}", cats.join(", "))?;
                    writeln!(out, "  languages: {}", langs.join(", "))?;
                    if !r.missing_source.is_empty() || !r.missing_evidence.is_empty() {
                        writeln!(
                            out,
                            "  warning: {} rules without source, {} without evidence",
                            r.missing_source.len(),
                            r.missing_evidence.len()
                        )?;
                    }
                }
            }
            out.flush()?;
            Ok(Outcome::Clean)
        }
    }
}
