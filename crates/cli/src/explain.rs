//! `redflag explain "text"`: a human view of what redflag sees in one text.

use crate::Outcome;
use crate::scan::DetectorArgs;
use anyhow::Context;
use clap::Args;
use redflag::model::{Document, Report, Span};
use std::io::{IsTerminal, Read, Write};

/// Arguments of `redflag explain`.
#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// The text to explain, or `-` to read it from stdin.
    #[arg(value_name = "TEXT")]
    text: String,
    #[command(flatten)]
    detector: DetectorArgs,
    /// Print the report as JSON instead of the human view.
    #[arg(long)]
    json: bool,
    /// Colour: auto (when stdout is a terminal), always or never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    color: String,
}

pub(crate) fn run(args: ExplainArgs) -> anyhow::Result<Outcome> {
    let detector = args.detector.build()?;
    let text = if args.text == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("cannot read the text from stdin (it must be UTF-8)")?;
        s
    } else {
        args.text.clone()
    };
    let report = detector.scan(&Document::new("explain", text.clone()));
    let mut out = crate::output::open(None)?;
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        let color = match args.color.as_str() {
            "always" => true,
            "never" => false,
            _ => std::io::stdout().is_terminal(),
        };
        out.write_all(render(&text, &report, color).as_bytes())?;
    }
    out.flush()?;
    Ok(Outcome::Clean)
}

/// The human view: the text with hits marked, then one line per hit and entity, then the score.
pub(crate) fn render(text: &str, report: &Report, color: bool) -> String {
    let mut spans: Vec<(Span, bool)> = report
        .indicators
        .iter()
        .map(|h| (h.span, true))
        .chain(report.entities.iter().map(|e| (e.span, false)))
        .collect();
    spans.sort_by_key(|(s, _)| (s.start(), std::cmp::Reverse(s.end())));
    let (open_hit, open_entity, close) = if color {
        ("\x1b[1;31m", "\x1b[1;36m", "\x1b[0m")
    } else {
        ("[[", "{{", "")
    };
    let mut marked = String::new();
    let mut pos = 0;
    for (span, is_hit) in &spans {
        if span.start() < pos || span.slice(text).is_none() {
            continue; // nested or overlapping: the outer mark already covers it
        }
        marked.push_str(&text[pos..span.start()]);
        marked.push_str(if *is_hit { open_hit } else { open_entity });
        marked.push_str(&text[span.range()]);
        marked.push_str(if color {
            close
        } else if *is_hit {
            "]]"
        } else {
            "}}"
        });
        pos = span.end();
    }
    marked.push_str(&text[pos..]);

    let mut s = String::new();
    s.push_str(&marked);
    s.push('\n');
    if !color {
        s.push_str("([[…]] indicator, {{…}} entity)\n");
    }
    s.push('\n');
    let points = |rule: &str| {
        report
            .contributions
            .iter()
            .find(|c| c.rule.as_str() == rule)
            .map_or(0.0, |c| c.points)
    };
    if report.indicators.is_empty() {
        s.push_str("indicators: none\n");
    } else {
        s.push_str("indicators:\n");
        for h in &report.indicators {
            let transforms: Vec<&str> = h.transforms.iter().map(|t| t.as_str()).collect();
            s.push_str(&format!(
                "  {:>5}..{:<5} {:<28} {:<16} {:?} -> {:?}{}  +{:.3}\n",
                h.span.start(),
                h.span.end(),
                h.rule.as_str(),
                h.category,
                h.matched,
                h.normalized,
                if transforms.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", transforms.join(", "))
                },
                points(h.rule.as_str()),
            ));
        }
    }
    if report.entities.is_empty() {
        s.push_str("entities: none\n");
    } else {
        s.push_str("entities:\n");
        for e in &report.entities {
            s.push_str(&format!(
                "  {:>5}..{:<5} {:<8} {:?} -> {}{}\n",
                e.span.start(),
                e.span.end(),
                e.kind().as_str(),
                e.matched,
                e.value.value(),
                if e.obfuscated { "  (obfuscated)" } else { "" }
            ));
        }
    }
    s.push_str(&format!(
        "\nscore {:.3}, level {}  (a lead for human review, not a verdict)\n",
        report.score, report.level
    ));
    s
}
