//! `redflag lexicon …`: lexicon tools.

use crate::Outcome;
use clap::Subcommand;
use redflag::text::{Lexicon, Matcher};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// Lexicon subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum LexiconCommand {
    /// Validate lexicon files (and that they compile); prints a summary per file, exit 2 on error.
    Check {
        /// Lexicon TOML files; with none, the embedded default lexicon is checked.
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

pub(crate) fn run(cmd: LexiconCommand) -> anyhow::Result<Outcome> {
    match cmd {
        LexiconCommand::Check { files } => {
            let mut out = crate::output::open(None)?;
            let lexicons: Vec<(String, Lexicon)> = if files.is_empty() {
                vec![("(embedded default)".to_owned(), Lexicon::embedded())]
            } else {
                files
                    .iter()
                    .map(|f| Ok((f.display().to_string(), Lexicon::from_path(f)?)))
                    .collect::<anyhow::Result<_>>()?
            };
            for (name, lexicon) in &lexicons {
                Matcher::new(lexicon)?;
                let mut per_category: BTreeMap<&str, usize> = BTreeMap::new();
                for rule in lexicon.rules() {
                    *per_category.entry(rule.category.as_str()).or_default() += 1;
                }
                let cats: Vec<String> = per_category
                    .iter()
                    .map(|(c, n)| format!("{c} {n}"))
                    .collect();
                writeln!(
                    out,
                    "{name}: ok, {} rules ({})",
                    lexicon.rules().len(),
                    cats.join(", ")
                )?;
            }
            out.flush()?;
            Ok(Outcome::Clean)
        }
    }
}
